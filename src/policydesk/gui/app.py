"""Entry point of the desktop app: ``policydesk gui [FILE...]`` and the console-less ``policydesk-gui``.

Start-up path kept light: only QtCore/QtGui/QtWidgets and the window's own modules are imported before the
window shows; the core (pdfplumber, openpyxl…) loads on the first import job, jieba and scikit-learn are
preloaded on a worker after the window is up.

Hidden switches (for screenshots and benchmarks, not shown in --help):
``POLICYDESK_GUI_VIEW=结构|正文|责任分工|对照|起草`` opens documents on that view, ``POLICYDESK_GUI_VIEW=文档库``
opens the window on the library page (first document selected);
``POLICYDESK_GUI_SELECT=<heading id or unit>`` selects that heading (``二（一）``) or lists that unit's tasks; on 起草 a
county name (``如东县``) selects that profile; on 对照 (with ``POLICYDESK_GUI_RUN=1``) the plan clause's pair;
``POLICYDESK_GUI_RUN=1`` starts the 对照 comparison with the proposed references as soon as the view shows;
``POLICYDESK_GUI_BENCH=1`` prints ``PD_FIRST_PAINT <seconds since process start> <peak MB>`` at the first paint and quits.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Sequence

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from .. import __version__


class MainThreadGarbageCollector(QObject):
    """Run Python's cyclic garbage collector only on the GUI thread (as Anki does).

    With automatic collection on, a collection can start in a worker thread and destroy Qt wrappers created on
    the GUI thread there, which crashes Qt (seen: a segfault while a PDF was imported on a worker). So automatic
    collection is switched off while the app runs and this timer collects on the GUI thread instead.
    """

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(1000)

    def check(self) -> None:
        g0, g1, g2 = gc.get_count()
        if g0 > self.threshold[0]:
            gc.collect(0)
            if g1 > self.threshold[1]:
                gc.collect(1)
                if g2 > self.threshold[2]:
                    gc.collect(2)


_collector: MainThreadGarbageCollector | None = None


def collect_on_gui_thread(app: QApplication) -> None:
    """Switch automatic garbage collection off and collect on the GUI thread from now on (idempotent)."""
    global _collector
    if _collector is None:
        _collector = MainThreadGarbageCollector(app)
    gc.disable()


def make_app(argv: Sequence[str] | None = None) -> QApplication:
    """Create (or return) the QApplication with the CJK font, Chinese Qt dialogs and high-DPI settings."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
    app.setApplicationName("policydesk")
    app.setOrganizationName("policydesk")
    app.setApplicationDisplayName("政策文件助手")
    app.setApplicationVersion(__version__)
    if sys.platform.startswith("win") and "QT_QPA_PLATFORM" not in os.environ:
        app.setStyle("windowsvista")
    elif app.style().name().lower() not in ("windowsvista", "windows11"):
        app.setStyle("Fusion")
    _install_translations(app)
    collect_on_gui_thread(app)
    from .style import apply_app_font
    apply_app_font(app)
    return app


def _install_translations(app: QApplication) -> None:
    """Qt's own strings (OK/Cancel buttons, file dialogs) in Simplified Chinese."""
    if getattr(app, "_pd_translators", None):
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        tr = QTranslator(app)
        if tr.load(name, path):
            app.installTranslator(tr)
            translators.append(tr)
    app._pd_translators = translators


class _FirstPaint(QObject):
    """Benchmark hook: report the first paint of any widget, then quit."""

    def __init__(self, app: QApplication, t0: float):
        super().__init__(app)
        self.t0, self.done = t0, False

    def eventFilter(self, obj, event) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        import time
        try:
            import resource
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        except ImportError:          # Windows
            peak_mb = 0.0
        print(f"PD_FIRST_PAINT {time.time() - self.t0:.4f} {peak_mb:.1f}", flush=True)
        QApplication.instance().quit()


def process_start_time() -> float:
    """Wall-clock time this process started (Linux /proc; else now)."""
    import time
    try:
        with open("/proc/self/stat") as f:
            ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.time()


def install_excepthook() -> None:
    """An exception escaping a slot goes to the log and to a short Chinese dialog — never a traceback on screen."""
    import logging
    import threading

    def hook(etype, value, tb) -> None:
        logging.getLogger("policydesk").error("unhandled exception in the GUI", exc_info=(etype, value, tb))
        if issubclass(etype, KeyboardInterrupt):
            QApplication.quit()
            return
        if threading.current_thread() is threading.main_thread() and QApplication.instance() is not None:
            from PySide6.QtWidgets import QMessageBox
            from ..errors import PolicydeskError
            from .ops import internal_error_text
            from .wording import WORDING, worded
            text = worded(value, WORDING) if isinstance(value, PolicydeskError) else internal_error_text(value)
            QMessageBox.critical(QApplication.activeWindow(), "政策文件助手", text)

    sys.excepthook = hook


def run(files: Sequence[str] = (), *, view: str | None = None) -> int:
    """Show the main window with ``files`` opened; returns the exit code of the event loop."""
    from ..log import setup_logging
    setup_logging()
    install_excepthook()
    app = make_app()
    bench = os.environ.get("POLICYDESK_GUI_BENCH") == "1"
    if bench:
        app.installEventFilter(_FirstPaint(app, process_start_time()))
    from .mainwindow import MainWindow
    win = MainWindow(preload=not bench, initial_view=view or os.environ.get("POLICYDESK_GUI_VIEW") or None)
    win.show()
    if files:
        QTimer.singleShot(0, lambda: win.open_files(list(files)))
    return app.exec()


def main(argv: Sequence[str] | None = None) -> int:
    """``policydesk-gui [FILE...]`` (GUI entry point without a console window on Windows)."""
    args = list(sys.argv[1:] if argv is None else argv)
    files = [a for a in args if not a.startswith("-")]
    try:
        return run(files)
    except Exception:  # noqa: BLE001 - last line of defence: log it, tell the user in Chinese
        import logging
        logging.getLogger("policydesk").exception("GUI crashed")
        try:
            from PySide6.QtWidgets import QMessageBox
            from .ops import internal_error_text
            QMessageBox.critical(None, "政策文件助手", internal_error_text(sys.exc_info()[1]))
        except Exception:  # noqa: BLE001
            pass
        return 1


if __name__ == "__main__":
    sys.exit(main())
