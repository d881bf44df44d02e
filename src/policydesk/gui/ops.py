"""The one way slow work runs in the app: a worker thread, progress + cancel in the status bar, results on the GUI thread.

Usage::

    run_in_background(window, lambda ctx: analyze_path(path, ctx.read_options()),
                      on_done=show_result, label="正在导入 xxx.pdf")

``fn`` receives an :class:`OpContext` (``progress(done, total, msg)``, ``cancelled()``, ``read_options(**kw)``
wiring the core's ``ReadOptions.progress``/``cancel``).  ``on_done(result)`` runs on the GUI thread.  A
:class:`~policydesk.errors.PolicydeskError` is shown as its Chinese message in a dialog, ``Cancelled`` only as a
status-bar note, anything else as a short Chinese "internal error" dialog while the traceback goes to the log.
"""

from __future__ import annotations

import logging
import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QProgressBar, QToolButton, QWidget

log = logging.getLogger("policydesk")

_POOL: QThreadPool | None = None


def thread_pool() -> QThreadPool:
    """The app's worker pool (separate from the global one so shutdown can wait for it)."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(4)     # imports, page images, exports, preload: mostly waiting on locks or I/O
    return _POOL


class OpContext:
    """Handed to the background function: progress reporting and the cancel flag."""

    def __init__(self, op: "Operation"):
        self._op = op
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, message: str = "") -> None:
        self._op._signals.progress.emit(int(done), int(total), str(message or ""))

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the user asked to stop."""
        if self._cancel.is_set():
            from ..errors import Cancelled
            raise Cancelled()

    def read_options(self, **kw: Any):
        from ..readers import ReadOptions
        return ReadOptions(progress=self.progress, cancel=self.cancelled, **kw)


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object, str)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[OpContext], Any], ctx: OpContext, signals: _Signals, label: str):
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._ctx, self._signals, self._label = fn, ctx, signals, label

    def run(self) -> None:  # worker thread
        try:
            result = self._fn(self._ctx)
        except BaseException as e:  # noqa: BLE001 - everything goes back to the GUI thread
            tb = traceback.format_exc()
            from ..errors import PolicydeskError
            if isinstance(e, PolicydeskError):
                log.info("operation %r: %s: %s", self._label, type(e).__name__, e)
            else:
                log.error("operation %r failed:\n%s", self._label, tb)
            self._signals.failed.emit(e, tb)
        else:
            self._signals.done.emit(result)


class Operation(QObject):
    """One background job.  Lives on the GUI thread; its slots receive the worker's queued signals."""

    progressed = Signal(int, int, str)
    finished = Signal()            # after on_done / on_error ran (either way)

    def __init__(self, parent: QWidget | None, fn, *, on_done, on_error, label: str, cancellable: bool,
                 silent: bool, error_title: str):
        super().__init__(None)
        self.parent_widget = parent
        self.label = label
        self.cancellable = cancellable
        self.silent = silent
        self.error_title = error_title
        self.running = True
        self.result: Any = None
        self.error: BaseException | None = None
        self._on_done, self._on_error = on_done, on_error
        self._signals = _Signals()
        self.context = OpContext(self)
        self._signals.progress.connect(self._relay_progress, Qt.ConnectionType.QueuedConnection)
        self._signals.done.connect(self._finish_ok, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._finish_error, Qt.ConnectionType.QueuedConnection)
        self._runnable = _Runnable(fn, self.context, self._signals, label)

    def cancel(self) -> None:
        self.context._cancel.set()

    @Slot(int, int, str)
    def _relay_progress(self, done: int, total: int, message: str) -> None:
        self.progressed.emit(done, total, message)

    def _parent_gone(self) -> bool:
        """The widget that asked for the job was closed meanwhile (e.g. its tab): drop the result quietly."""
        if self.parent_widget is None:
            return False
        import shiboken6
        if shiboken6.isValid(self.parent_widget):
            return False
        log.info("operation %r finished after its window was closed; result dropped", self.label)
        return True

    def _close(self) -> None:
        """Done: leave the status bar before any dialog opens."""
        self.running = False
        _ACTIVE.discard(self)
        self.finished.emit()

    @Slot(object)
    def _finish_ok(self, result: Any) -> None:
        self.result = result
        self._close()
        if self._parent_gone():
            return
        try:
            if self._on_done is not None:
                self._on_done(result)
        except Exception as e:  # noqa: BLE001 - a bug in a view must not escape silently either
            log.exception("showing the result of %r failed", self.label)
            self._show_error(e)

    @Slot(object, str)
    def _finish_error(self, error: BaseException, tb: str) -> None:
        self.error = error
        self._close()
        if self._parent_gone():
            return
        handled = False
        if self._on_error is not None:
            handled = bool(self._on_error(error))
        if not handled:
            self._show_error(error)

    def _show_error(self, error: BaseException) -> None:
        from ..errors import Cancelled, PolicydeskError
        if isinstance(error, Cancelled):
            status = _status_bar(self.parent_widget)
            if status is not None:
                status.showMessage(f"{self.label}：已取消", 5000)
            return
        if self.silent:
            return
        if isinstance(error, PolicydeskError):
            QMessageBox.warning(self.parent_widget, self.error_title, str(error))
        else:
            QMessageBox.critical(self.parent_widget, self.error_title, internal_error_text(error))


_ACTIVE: set[Operation] = set()


def internal_error_text(error: BaseException) -> str:
    from ..paths import home_dir
    try:
        where = str(home_dir() / "policydesk.log")
    except OSError:
        where = "日志文件"
    return (f"发生内部错误（{type(error).__name__}），操作未完成。\n"
            f"详细信息已写入日志：{where}\n请将该日志文件发给技术支持。")


def _status_bar(widget: QWidget | None):
    w = widget.window() if widget is not None else None
    return w.statusBar() if w is not None and hasattr(w, "statusBar") else None


def active_operations() -> list[Operation]:
    return [op for op in _ACTIVE if op.running]


def run_in_background(parent: QWidget | None, fn: Callable[[OpContext], Any], *,
                      on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], bool] | None = None,
                      label: str = "正在处理", cancellable: bool = True, silent: bool = False,
                      error_title: str = "操作未完成") -> Operation:
    """Run ``fn(ctx)`` on a worker thread; ``on_done(result)`` on the GUI thread.

    ``on_error(exc)`` may return True to say it handled the error itself (e.g. asked for a password);
    otherwise the error is shown as described in the module docstring.  ``silent`` jobs show no
    progress and no dialog (background preloading); their failures are only logged.
    """
    op = Operation(parent, fn, on_done=on_done, on_error=on_error, label=label, cancellable=cancellable,
                   silent=silent, error_title=error_title)
    _ACTIVE.add(op)
    if not silent:
        indicator = _find_indicator(parent)
        if indicator is not None:
            indicator.track(op)
    thread_pool().start(op._runnable)
    return op


def _find_indicator(parent: QWidget | None) -> "ProgressIndicator | None":
    w = parent.window() if parent is not None else None
    return getattr(w, "progress_indicator", None) if w is not None else None


def shutdown(timeout_ms: int = 5000) -> bool:
    """Ask every running job to stop and wait for the workers (on quit)."""
    for op in list(_ACTIVE):
        op.cancel()
    return thread_pool().waitForDone(timeout_ms)


class ProgressIndicator(QWidget):
    """Status-bar widget: label, progress bar, cancel button for the most recent running job."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 4, 0)
        lay.setSpacing(6)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("取消")
        self.cancel_button.setToolTip("停止当前操作")
        self.cancel_button.clicked.connect(self._cancel_current)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel_button)
        self._ops: list[Operation] = []
        self.hide()

    def track(self, op: Operation) -> None:
        self._ops.append(op)
        import shiboken6
        # (the window may be gone before a job ends: then there is nothing to update)
        op.progressed.connect(lambda d, t, m, op=op: shiboken6.isValid(self) and self._on_progress(op, d, t, m))
        op.finished.connect(lambda op=op: shiboken6.isValid(self) and self._on_finished(op))
        self._show_current()

    def current(self) -> Operation | None:
        return self._ops[-1] if self._ops else None

    def _cancel_current(self) -> None:
        op = self.current()
        if op is not None:
            op.cancel()
            self.label.setText(f"{op.label}（正在取消…）")
            self.cancel_button.setEnabled(False)

    def _on_progress(self, op: Operation, done: int, total: int, message: str) -> None:
        if op is not self.current():
            return
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)
        if message:
            self.label.setText(f"{op.label}：{message}")

    def _on_finished(self, op: Operation) -> None:
        if op in self._ops:
            self._ops.remove(op)
        self._show_current()

    def _show_current(self) -> None:
        op = self.current()
        if op is None:
            self.hide()
            return
        more = f"（另有 {len(self._ops) - 1} 项）" if len(self._ops) > 1 else ""
        self.label.setText(op.label + more)
        self.bar.setRange(0, 0)          # busy until the first progress report
        self.cancel_button.setVisible(op.cancellable)
        self.cancel_button.setEnabled(not op.context.cancelled())
        self.show()
