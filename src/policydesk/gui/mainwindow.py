"""The main window: menus, toolbar, status bar, document tabs, open/recent/drag-and-drop, print, settings."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
    QShortcut,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from . import settings as st
from .dialogs import ask_save_changes, ask_save_path
from .events import app_events
from .help import APP_TITLE, GUIDE_HTML, about_html
from .ops import Operation, ProgressIndicator, run_in_background
from .settings import LIBRARY_VIEW, VIEW_NAMES

if TYPE_CHECKING:                        # the views load with the first document, not at start-up
    from ..analysis.result import Analysis
    from .docview import DocumentView

log = logging.getLogger("policydesk")

DEFAULT_SIZE = QSize(1280, 800)
SCREEN_SHARE = 0.9               # a new window takes at most 90 % of the screen's available area


def open_filter() -> str:
    """The open dialogs' filter: every kind the readers accept (``readers.ACCEPTED_KINDS``), then each kind."""
    from ..readers import ACCEPTED_KINDS
    every = " ".join(f"*{suf}" for _name, sufs in ACCEPTED_KINDS for suf in sufs)
    kinds = [f"{name} ({' '.join('*' + suf for suf in sufs)})" for name, sufs in ACCEPTED_KINDS]
    return ";;".join([f"支持的文件 ({every})", *kinds, "所有文件 (*)"])


def file_dialog_options() -> QFileDialog.Option:
    """Qt's own (translated) dialog on Linux: the desktop's native one follows the system language, not ours."""
    if sys.platform.startswith(("win", "darwin")):
        return QFileDialog.Option(0)
    return QFileDialog.Option.DontUseNativeDialog


def short_tab_title(analysis: Analysis, fallback: str) -> str:
    """What tells plans apart in a tab: the 文号, else the place and the distinctive part of the title."""
    import re
    meta = analysis.meta
    if meta.doc_number:
        return str(meta.doc_number)
    title = str(meta.plan_title or meta.title or fallback)
    m = re.match(r"^(.{0,12}?(?:省|市|县|区|旗))(?:人民政府|政府|办公室|委员会)*(?:办公室)?关于(?:印发)?(.*)$", title)
    place, rest = (m.group(1), m.group(2)) if m else ("", re.sub(r"^关于(?:印发)?", "", title))
    rest = re.sub(r"(的通知|的意见|的实施方案|实施方案|的方案)$", "", rest) or rest
    text = (place + "·" if place else "") + rest
    return text if len(text) <= 18 else text[:17] + "…"


def _import_image_bytes(data: bytes, name: str, ctx) -> Analysis:
    """Worker-thread body of a pasted image: OCR'd as a one-page document by the readers, then analysed."""
    from ..analysis import analyze
    from ..readers import read_images
    from ..readers.render import PDFIUM_LOCK
    ctx.progress(0, 0, "正在识别文字")
    with PDFIUM_LOCK:
        ctx.check()
        doc = read_images([data], ctx.read_options(ocr=True), name=name)
    return analyze(doc)


def _import_file(path: str, ocr: bool, password: str | None, ctx) -> Analysis:
    """Worker-thread body of an import: read + analyse through the core (imported lazily, off the start path)."""
    from ..api import analyze_path
    from ..readers.render import PDFIUM_LOCK
    ctx.progress(0, 0, "正在读取")
    # The readers call pdfium (page count, OCR rendering) and pdfium is not thread-safe: page images wait.
    with PDFIUM_LOCK:
        ctx.check()
        return analyze_path(path, ctx.read_options(password=password, ocr=ocr))


class MainWindow(QMainWindow):
    documentOpened = Signal(object)      # DocumentView

    def __init__(self, *, settings=None, preload: bool = True, initial_view: str | None = None):
        super().__init__()
        self.settings = settings if settings is not None else st.open_settings()
        self._preload = preload
        self._preloaded_once = False
        self.initial_view = initial_view if initial_view in VIEW_NAMES else None
        self.library_view = None                      # the 文档库 page, made on first use
        self.pending: dict[str, Operation] = {}      # path -> running import
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self.resize(DEFAULT_SIZE)
        self.setMinimumSize(720, 460)
        self.undo_group = QUndoGroup(self)

        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)     # titles are short already (文号 or place·title)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._on_current_tab)
        self.stack = QStackedWidget()
        self.welcome = self._build_welcome()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)

        self.progress_indicator = ProgressIndicator()
        self.summary_label = QLabel()
        self.statusBar().addPermanentWidget(self.summary_label)
        self.statusBar().addPermanentWidget(self.progress_indicator)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._restore_settings()
        self._refresh_recent()
        self._update_actions()
        self.statusBar().setSizeGripEnabled(True)
        self.statusBar().showMessage("就绪。按 Ctrl+O 打开文件，或把文件拖到窗口中。", 8000)
        if initial_view == LIBRARY_VIEW:
            QTimer.singleShot(0, self.show_library)

    # ------------------------------------------------------------------ construction
    def _act(self, text: str, slot, shortcut=None, tip: str | None = None, icon=None, checkable=False) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(tip)
        if icon is not None:
            a.setIcon(self.style().standardIcon(icon))
        a.setCheckable(checkable)
        if slot is not None:
            a.triggered.connect(slot)
        return a

    def _build_actions(self) -> None:
        SP = QStyle.StandardPixmap
        self.act_open = self._act("打开(&O)…", self.open_dialog, QKeySequence.StandardKey.Open, "打开 PDF、Word 或文本文件",
                                  SP.SP_DialogOpenButton)
        self.act_open_folder = self._act("打开图片文件夹(&M)…", self.open_folder_dialog, None,
                                         "把一个文件夹中按页拍照或扫描的图片作为一份文件打开（按文件名排序）")
        self.act_paste = self._act("从剪贴板导入(&V)", self.paste_from_clipboard, None,
                                   "把剪贴板中的图片（截图、复制的扫描页）识别为文件；在开始页也可直接按 Ctrl+V")
        self.act_close = self._act("关闭(&C)", lambda: self.close_tab(self.tabs.currentIndex()),
                                   QKeySequence("Ctrl+W"), "关闭当前文件")
        self.act_close.setShortcuts([QKeySequence("Ctrl+W"), QKeySequence("Ctrl+F4")])
        self.act_print = self._act("打印(&P)…", self.print_current, QKeySequence.StandardKey.Print,
                                   "打印当前视图（先预览）", SP.SP_FileDialogDetailedView)
        self.act_pdf = self._act("导出正文为 PDF(&D)…", self.export_pdf, None, "把正文保存为 PDF 文件")
        self.act_quit = self._act("退出(&X)", self.close, QKeySequence("Ctrl+Q"), "退出程序")
        self.act_copy = self._act("复制(&C)", self._copy, QKeySequence.StandardKey.Copy)
        self.act_select_all = self._act("全选(&A)", self._select_all, QKeySequence.StandardKey.SelectAll)
        self.act_undo = self.undo_group.createUndoAction(self, "撤销(&U)")
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = self.undo_group.createRedoAction(self, "重做(&R)")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.act_find = self._act("查找(&F)…", self.find_in_text, QKeySequence.StandardKey.Find, "在当前视图中查找",
                                  SP.SP_FileDialogContentsView)
        self.act_find_next = self._act("查找下一个(&N)", lambda: self._find(True), QKeySequence.StandardKey.FindNext)
        self.act_find_prev = self._act("查找上一个(&V)", lambda: self._find(False), QKeySequence.StandardKey.FindPrevious)
        self.view_group = QActionGroup(self)
        self.view_actions: dict[str, QAction] = {}
        for i, name in enumerate(VIEW_NAMES):
            a = self._act(f"{name}(&{i + 1})", lambda checked=False, n=name: self.show_view(n), f"Ctrl+{i + 1}",
                          f"切换到“{name}”视图", checkable=True)
            self.view_group.addAction(a)
            self.view_actions[name] = a
        self.act_pages = self._act("显示原文页面(&G)", self._toggle_pages, None, "在正文旁显示原文页面图像", checkable=True)
        self.act_zoom_in = self._act("放大(&I)", lambda: self._zoom(1), None, "放大文字、标题和原文页面")
        self.act_zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++"), QKeySequence.StandardKey.ZoomIn])
        self.act_zoom_out = self._act("缩小(&U)", lambda: self._zoom(-1), QKeySequence("Ctrl+-"), "缩小文字、标题和原文页面")
        self.act_zoom_reset = self._act("原始大小(&0)", lambda: self._zoom(None), QKeySequence("Ctrl+0"))
        self.act_export = self._act("导出责任分工表(&E)…", self.export_current, QKeySequence("Ctrl+E"),
                                    "把责任分工表导出为 Excel 文件", SP.SP_DialogSaveButton)
        self.act_ocr = self._act("导入时自动文字识别(&R)", self._toggle_ocr, None,
                                 "没有文字层的 PDF 页面（扫描件）自动做文字识别", checkable=True)
        self.act_library = self._act("文档库(&L)", self.toggle_library, QKeySequence("Ctrl+L"),
                                     "上级文件库：导入、检索、设置级别、删除、打开", SP.SP_DirIcon, checkable=True)
        self.act_log = self._act("打开日志文件夹(&L)", self.open_log_folder, None, "出错时可把日志发给技术支持")
        self.act_guide = self._act("使用说明(&H)", self.show_guide, QKeySequence.StandardKey.HelpContents)
        self.act_about = self._act("关于(&A)", self.show_about)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("文件(&F)")
        m.addAction(self.act_open)
        m.addAction(self.act_open_folder)
        m.addAction(self.act_paste)
        self.recent_menu = m.addMenu("最近打开的文件(&R)")
        m.addSeparator()
        m.addAction(self.act_close)
        m.addSeparator()
        m.addAction(self.act_print)
        m.addAction(self.act_pdf)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu("编辑(&E)")
        m.addAction(self.act_undo)
        m.addAction(self.act_redo)
        m.addSeparator()
        for a in (self.act_copy, self.act_select_all):
            m.addAction(a)
        m.addSeparator()
        for a in (self.act_find, self.act_find_next, self.act_find_prev):
            m.addAction(a)
        m = mb.addMenu("视图(&V)")
        for a in self.view_actions.values():
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_pages)
        m.addAction(self.act_zoom_in)
        m.addAction(self.act_zoom_out)
        m.addAction(self.act_zoom_reset)
        m.addSeparator()
        self.view_menu = m
        m = mb.addMenu("工具(&T)")
        m.addAction(self.act_export)
        m.addAction(self.act_library)
        m.addSeparator()
        m.addAction(self.act_ocr)
        m.addSeparator()
        m.addAction(self.act_log)
        m = mb.addMenu("帮助(&H)")
        m.addAction(self.act_guide)
        m.addSeparator()
        m.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        tb = QToolBar("工具栏")
        tb.setObjectName("main_toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setIconSize(QSize(18, 18))
        tb.setMovable(False)
        for a, short in ((self.act_open, "打开"), (self.act_print, "打印"), (self.act_find, "查找"),
                         (self.act_export, "导出 Excel"), (self.act_library, "文档库"),
                         *((v, k) for k, v in self.view_actions.items())):
            a.setIconText(short)
        tb.addAction(self.act_open)
        tb.addAction(self.act_print)
        tb.addSeparator()
        for a in self.view_actions.values():
            tb.addAction(a)
        tb.addSeparator()
        tb.addAction(self.act_find)
        tb.addAction(self.act_export)
        tb.addSeparator()
        tb.addAction(self.act_library)
        self.addToolBar(tb)
        self.toolbar = tb
        a = tb.toggleViewAction()
        a.setText("工具栏(&T)")
        self.view_menu.addAction(a)          # (no 状态栏 switch: progress and 取消 live there, it always shows)

    def _build_welcome(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(48, 32, 48, 24)
        title = QLabel(APP_TITLE)
        title.setStyleSheet("font-size:20pt; font-weight:bold; color:#1f3b63;")
        lay.addWidget(title)
        lay.addSpacing(6)
        steps = QHBoxLayout()
        steps.setSpacing(10)
        self.welcome_steps: list[QFrame] = []
        for n, (head, text, button, slot) in enumerate((
                ("打开方案", "打开要处理的实施方案（PDF、Word、OFD、文本或扫描图片），查看标题层级、正文和责任分工。",
                 "打开文件…", self.open_dialog),
                ("添加上级文件", "打开方案引用的上级文件（另开一个标签页即可），或导入“文档库”长期保存，供对照使用。",
                 "打开文档库", self.show_library),
                ("对照 / 起草", "在方案的“对照”页逐条比较上级文件；在“起草”页选择县（市、区），生成配套方案草稿。",
                 None, None)), start=1):
            box = QFrame()
            box.setFrameShape(QFrame.Shape.StyledPanel)
            box.setStyleSheet("QFrame { background:#f4f7fb; border-radius:6px; }")
            bl = QVBoxLayout(box)
            h = QLabel(f"<span style='color:#1f3b63; font-size:13pt; font-weight:bold'>{n}　{head}</span>")
            t = QLabel(text)
            t.setWordWrap(True)
            t.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            t.setStyleSheet("color:#444;")
            bl.addWidget(h)
            bl.addWidget(t, 1)
            if button:
                b_ = QPushButton(button)
                b_.clicked.connect(slot)
                bl.addWidget(b_, 0, Qt.AlignmentFlag.AlignLeft)
                if n == 1:
                    self.welcome_open_button = b_
            steps.addWidget(box, 1)
            self.welcome_steps.append(box)
            if n < 3:
                arrow = QLabel("→")
                arrow.setStyleSheet("font-size:18pt; color:#8aa0bd;")
                steps.addWidget(arrow)
        lay.addLayout(steps)
        hint = QLabel("也可以把文件或整个图片文件夹拖到窗口中打开，或按 Ctrl+V 粘贴截图、扫描页。"
                      "对照时，已打开的上级文件会自动列为对照文件，不必先导入文档库。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#666;")
        lay.addWidget(hint)
        lay.addSpacing(10)
        self.welcome_recent = QListWidget()
        self.welcome_recent.itemActivated.connect(lambda it: self.open_files([it.data(Qt.ItemDataRole.UserRole)]))
        self.welcome_recent_label = QLabel("最近打开的文件（双击打开）：")
        lay.addWidget(self.welcome_recent_label)
        lay.addWidget(self.welcome_recent, 3)
        lay.addStretch(1)
        w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.welcome_paste = QShortcut(QKeySequence.StandardKey.Paste, w, self.paste_from_clipboard,
                                       context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return w

    # ------------------------------------------------------------------ settings
    def _restore_settings(self) -> None:
        s = self.settings
        self._place_window()
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self.act_ocr.setChecked(st.bool_value(s, "import/ocr", True))
        self.act_pages.setChecked(st.bool_value(s, "view/show_pages", True))
        try:
            self.text_zoom = int(s.value("view/text_zoom", 0))
        except (TypeError, ValueError):
            self.text_zoom = 0
        last = s.value("view/last_view")
        if self.initial_view is None and last in VIEW_NAMES:
            self.initial_view = str(last)

    # ------------------------------------------------------------------ geometry
    def _screen(self):
        return self.screen() or QGuiApplication.primaryScreen()

    def _screen_key(self) -> str:
        """Settings key of the window geometry on the current screen (name and available size)."""
        scr = self._screen()
        if scr is None:
            return "window/geometry"
        g = scr.availableGeometry()
        name = "".join(ch if ch.isalnum() else "_" for ch in (scr.name() or "screen"))
        return f"window/geometry/{name}_{g.width()}x{g.height()}"

    def default_geometry(self) -> QRect:
        """1280×800, but never more than 90 % of the screen's available area; centred."""
        scr = self._screen()
        if scr is None:
            return QRect(0, 0, DEFAULT_SIZE.width(), DEFAULT_SIZE.height())
        avail = scr.availableGeometry()
        w = min(DEFAULT_SIZE.width(), int(avail.width() * SCREEN_SHARE))
        h = min(DEFAULT_SIZE.height(), int(avail.height() * SCREEN_SHARE))
        return QRect(avail.x() + (avail.width() - w) // 2, avail.y() + (avail.height() - h) // 2, w, h)

    def _place_window(self) -> None:
        """The geometry saved for this screen, if it still fits on it; else the default."""
        geom = self.settings.value(self._screen_key())
        scr = self._screen()
        if isinstance(geom, QByteArray) and not geom.isEmpty() and self.restoreGeometry(geom):
            if scr is None or self.isMaximized():
                return
            avail = scr.availableGeometry()
            fits = self.width() < 0.98 * avail.width() and self.height() < 0.98 * avail.height()
            if fits and avail.contains(self.frameGeometry().adjusted(8, 8, -8, -8)):
                return                    # (Qt squeezes a too-big geometry onto the screen: not restored then)
        g = self.default_geometry()
        self.setMinimumSize(min(self.minimumWidth(), g.width()), min(self.minimumHeight(), g.height()))
        self.resize(g.size())
        self.move(g.topLeft())

    def save_settings(self) -> None:
        s = self.settings
        s.setValue(self._screen_key(), self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("import/ocr", self.act_ocr.isChecked())
        s.setValue("view/show_pages", self.act_pages.isChecked())
        s.setValue("view/text_zoom", self.text_zoom)
        doc = self.current_document()
        if doc is not None:
            s.setValue("view/last_view", doc.current_view())
        s.sync()

    def closeEvent(self, event) -> None:
        for i in range(self.tabs.count()):
            if not self._confirm_close(i):
                event.ignore()
                return
        self.save_settings()
        from .ops import shutdown
        shutdown(3000)
        super().closeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stack.currentWidget() is self.welcome:
            self.welcome.setFocus()              # Ctrl+V on the start page pastes an image
        if self._preload and not self._preloaded_once:
            self._preloaded_once = True
            QTimer.singleShot(400, self.preload_libraries)

    def preload_libraries(self) -> Operation:
        """Warm up jieba and scikit-learn on a worker thread so the first comparison does not wait (silent)."""
        return run_in_background(self, _preload_libraries, label="预加载", cancellable=False, silent=True)


    # ------------------------------------------------------------------ opening
    @property
    def ocr_enabled(self) -> bool:
        return self.act_ocr.isChecked()

    def open_dialog(self) -> None:
        start = str(self.settings.value("dialog/last_dir", "") or "")
        paths, _ = QFileDialog.getOpenFileNames(self, "打开文件", start, open_filter(), "", file_dialog_options())
        if paths:
            self.settings.setValue("dialog/last_dir", os.path.dirname(paths[0]))
            self.open_files(paths)

    def open_folder_dialog(self) -> Operation | None:
        start = str(self.settings.value("dialog/last_dir", "") or "")
        folder = QFileDialog.getExistingDirectory(self, "选择图片文件夹（每页一张图片）", start,
                                                  QFileDialog.Option.ShowDirsOnly | file_dialog_options())
        if not folder:
            return None
        self.settings.setValue("dialog/last_dir", os.path.dirname(folder))
        return self.open_file(folder)

    def paste_from_clipboard(self) -> Operation | None:
        """An image on the clipboard → OCR'd as a document (the image is kept in POLICYDESK_HOME/clipboard so the
        tab has a file behind it); copied files → opened like dropped ones."""
        from datetime import datetime

        from PySide6.QtCore import QBuffer, QIODevice
        clip = QGuiApplication.clipboard()
        mime = clip.mimeData()
        image = clip.image()
        if image.isNull():
            paths = [u.toLocalFile() for u in (mime.urls() if mime is not None and mime.hasUrls() else [])
                     if u.isLocalFile()]
            if paths:
                ops = self.open_files(paths)
                return ops[-1] if ops else None
            QMessageBox.information(self, "剪贴板中没有图片",
                                    "剪贴板中没有图片。请先复制截图或扫描页（或在文件夹中复制文件），再导入。")
            return None
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "PNG")
        data = bytes(buf.data())
        from ..paths import home_dir
        folder = home_dir() / "clipboard"
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"剪贴板图片-{stamp}.png"
        n = 1
        while path.exists():
            n += 1
            path = folder / f"剪贴板图片-{stamp}-{n}.png"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as e:
            QMessageBox.warning(self, "无法保存剪贴板图片", f"无法把剪贴板图片保存到 {folder}：{e.strerror}。请检查磁盘空间和权限。")
            return None
        name = path.name
        op = run_in_background(self, lambda ctx: _import_image_bytes(data, name, ctx),
                               on_done=lambda result: self.add_document(result, str(path)),
                               label="正在识别剪贴板图片", error_title="无法识别剪贴板图片")
        self.pending[str(path)] = op
        op.finished.connect(lambda p=str(path): self.pending.pop(p, None))
        return op

    def open_files(self, paths) -> list[Operation]:
        """Open several files; when all are in, the last one given is the current tab (as listed, not as finished)."""
        paths = [str(p) for p in paths]
        self._focus_path = os.path.abspath(paths[-1]) if len(paths) > 1 else None
        ops = []
        for p in paths:
            op = self.open_file(str(p))
            if op is not None:
                ops.append(op)
        return ops

    def document_for(self, path: str) -> int:
        key = os.path.normcase(os.path.abspath(path))
        for i in range(self.tabs.count()):
            doc = self.tabs.widget(i)
            if os.path.normcase(os.path.abspath(doc.path)) == key:
                return i
        return -1

    def open_file(self, path: str, password: str | None = None) -> Operation | None:
        """Start importing ``path`` in the background (or switch to it if it is already open)."""
        path = os.path.abspath(path)
        i = self.document_for(path)
        if i >= 0:
            self.tabs.setCurrentIndex(i)
            self.stack.setCurrentWidget(self.tabs)
            return None
        if path in self.pending:
            return self.pending[path]
        name = Path(path).name
        ocr = self.ocr_enabled
        op = run_in_background(self, lambda ctx: _import_file(path, ocr, password, ctx),
                               on_done=lambda result: self.add_document(result, path, password),
                               on_error=lambda err: self._import_failed(err, path, password),
                               label=f"正在导入 {name}", error_title="无法打开文件")
        self.pending[path] = op
        op.finished.connect(lambda path=path: self.pending.pop(path, None))
        return op

    def _import_failed(self, err: BaseException, path: str, password: str | None) -> bool:
        from ..errors import PasswordRequiredError
        if isinstance(err, PasswordRequiredError):
            self.pending.pop(path, None)
            prompt = ("密码不正确，请重新输入：" if password else "该文件已加密，请输入打开密码：") + f"\n{Path(path).name}"
            pw, ok = QInputDialog.getText(self, "需要密码", prompt, QLineEdit.EchoMode.Password)
            if ok and pw:
                self.open_file(path, pw)
            return True
        return False

    def add_document(self, analysis: Analysis, path: str, password: str | None = None) -> "DocumentView":
        from .docview import DocumentView
        doc = DocumentView(analysis, path, password)
        doc.statusChanged.connect(lambda msg: self.statusBar().showMessage(msg, 6000))
        doc.compare_view.open_documents = self.open_analyses
        doc.compare_view.ocr = lambda: self.ocr_enabled
        doc.dirtyChanged.connect(lambda d=doc: self._update_tab_title(d))
        self.undo_group.addStack(doc.undo_stack)
        doc.page_view.setVisible(doc.page_view.pages > 0 and self.act_pages.isChecked())
        doc.tabs.currentChanged.connect(lambda _i: self._sync_view_actions())
        self._apply_zoom(doc)
        doc.tab_title = short_tab_title(analysis, doc.title)
        i = self.tabs.addTab(doc, doc.tab_title)
        self.tabs.setTabToolTip(i, f"{doc.title}\n{path}")
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentIndex(i)
        if self.initial_view:
            doc.show_view(self.initial_view)
        select = os.environ.get("POLICYDESK_GUI_SELECT")      # hidden: screenshots of a given heading/unit
        if select and not doc.select_heading(select) and select in doc.resp_model.unit_names:
            doc.show_unit_tasks(select)
        self._update_actions()
        st.add_recent(self.settings, path)
        self._refresh_recent()
        self.statusBar().showMessage(f"已打开：{path}", 6000)
        self.documentOpened.emit(doc)
        app_events().documentsChanged.emit()
        focus = getattr(self, "_focus_path", None)
        if focus and not self.pending:
            self._focus_path = None
            j = self.document_for(focus)
            if j >= 0:
                self.tabs.setCurrentIndex(j)
        return doc

    def open_analyses(self) -> list[tuple[str, str, Analysis]]:
        """(title, path, analysis) of every open document — the 对照 view offers them as references."""
        return [(d.title, d.path, d.analysis) for d in self.documents()]

    def _update_tab_title(self, doc) -> None:
        i = self.tabs.indexOf(doc)
        if i >= 0:
            self.tabs.setTabText(i, doc.tab_title + (" *" if doc.has_unsaved_changes() else ""))

    def _confirm_close(self, index: int) -> bool:
        """Ask before closing a document with unsaved edits (保存 / 不保存 / 取消); True: go ahead."""
        doc = self.tabs.widget(index)
        if doc is None or not doc.has_unsaved_changes():
            return True
        self.tabs.setCurrentIndex(index)
        self.stack.setCurrentWidget(self.tabs)
        answer = ask_save_changes(self, f"“{doc.tab_title}”的{doc.unsaved_description()}有未保存的修改。\n\n关闭前要保存吗？")
        if answer == "save":
            return doc.save_changes()
        return answer == "discard"

    def close_tab(self, index: int) -> None:
        if index < 0:
            return
        if not self._confirm_close(index):
            return
        doc = self.tabs.widget(index)
        self.tabs.removeTab(index)
        if doc is not None:
            self.undo_group.removeStack(doc.undo_stack)
            doc.deleteLater()
        app_events().documentsChanged.emit()
        if self.tabs.count() == 0:
            self.stack.setCurrentWidget(self.welcome)
            self.welcome.setFocus()
        self._update_actions()

    def _refresh_recent(self) -> None:
        files = st.recent_files(self.settings)
        self.recent_menu.clear()
        self.welcome_recent.clear()
        for n, p in enumerate(files):
            a = self.recent_menu.addAction(f"&{(n + 1) % 10} {Path(p).name}")
            a.setToolTip(p)
            a.setStatusTip(p)
            a.triggered.connect(lambda checked=False, p=p: self.open_files([p]))
            it = QListWidgetItem(f"{Path(p).name}　　{Path(p).parent}")
            it.setData(Qt.ItemDataRole.UserRole, p)
            it.setToolTip(p)
            self.welcome_recent.addItem(it)
        if files:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("清除列表", self._clear_recent)
        else:
            self.recent_menu.addAction("（无）").setEnabled(False)
        self.welcome_recent.setVisible(bool(files))
        self.welcome_recent_label.setVisible(bool(files))

    def _clear_recent(self) -> None:
        self.settings.setValue("recent_files", [])
        self._refresh_recent()

    # drag and drop
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            if self.library_view is not None and self.stack.currentWidget() is self.library_view:
                self.library_view.add_files(paths)        # dropped on the 文档库 page: import them
            else:
                self.open_files(paths)

    # ------------------------------------------------------------------ current document
    def current_document(self) -> "DocumentView | None":
        if self.stack.currentWidget() is not self.tabs:
            return None
        return self.tabs.currentWidget()

    def documents(self) -> "list[DocumentView]":
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def _on_current_tab(self, _index: int) -> None:
        self._update_actions()

    def _active_undo_stack(self):
        if self.library_view is not None and self.stack.currentWidget() is self.library_view:
            return self.library_view.undo_stack
        doc = self.current_document()
        return doc.undo_stack if doc is not None else None

    def _update_actions(self) -> None:
        doc = self.current_document()
        has = doc is not None
        on_library = self.library_view is not None and self.stack.currentWidget() is self.library_view
        for a in (self.act_close, self.act_pdf, self.act_copy, self.act_select_all, self.act_export,
                  self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset, *self.view_actions.values()):
            a.setEnabled(has)
        for a in (self.act_print, self.act_find, self.act_find_next, self.act_find_prev):
            a.setEnabled(has or on_library)
        self.undo_group.setActiveStack(self._active_undo_stack())
        self.setWindowTitle(f"{doc.title} - {APP_TITLE}" if has else APP_TITLE)
        self.act_library.setChecked(self.library_view is not None and self.stack.currentWidget() is self.library_view)
        self.summary_label.setText(doc.summary() if has else "")
        self._sync_view_actions()

    def _sync_view_actions(self) -> None:
        doc = self.current_document()
        if doc is not None:
            self.view_actions[doc.current_view()].setChecked(True)

    def show_view(self, name: str) -> None:
        doc = self.current_document()
        if doc is not None:
            doc.show_view(name)
            self._sync_view_actions()

    def current_view_name(self) -> str | None:
        if self.library_view is not None and self.stack.currentWidget() is self.library_view:
            return LIBRARY_VIEW
        doc = self.current_document()
        return doc.current_view() if doc is not None else None

    def _toggle_pages(self, on: bool) -> None:
        for doc in self.documents():
            doc.page_view.setVisible(on and doc.page_view.pages > 0)

    def _zoom(self, step: int | None) -> None:
        """Ctrl+= / Ctrl+- / Ctrl+0: body text, titles, headings, the 对照 panes, the 起草 preview and the page image."""
        self.text_zoom = 0 if step is None else max(-4, min(12, self.text_zoom + step))
        for doc in self.documents():
            self._apply_zoom(doc)
        from .style import TEXT_POINT_SIZE
        self.statusBar().showMessage(f"显示比例 {round(100 * (TEXT_POINT_SIZE + self.text_zoom) / TEXT_POINT_SIZE)}%", 3000)

    def _apply_zoom(self, doc: DocumentView) -> None:
        doc.set_zoom(self.text_zoom)

    def _toggle_ocr(self, on: bool) -> None:
        self.settings.setValue("import/ocr", on)

    def _copy(self) -> None:
        w = QApplication.focusWidget()
        if hasattr(w, "copy"):
            w.copy()
        elif self.current_document() is not None:
            self.current_document().text.copy()

    def _select_all(self) -> None:
        w = QApplication.focusWidget()
        if hasattr(w, "selectAll"):
            w.selectAll()

    def find_in_text(self) -> None:
        """Ctrl+F: search in the current view (正文, both 对照 panes, 起草 preview, 责任分工, 文档库)."""
        if self.library_view is not None and self.stack.currentWidget() is self.library_view:
            self.library_view.search_edit.setFocus()
            self.library_view.search_edit.selectAll()
            return
        doc = self.current_document()
        if doc is not None:
            doc.open_find()

    def _find(self, forward: bool) -> None:
        if self.library_view is not None and self.stack.currentWidget() is self.library_view:
            self.find_in_text()
            return
        doc = self.current_document()
        if doc is None:
            return
        bar = doc.find_bar_for_view()
        if bar is None or not bar.edit.text():
            self.find_in_text()
            return
        bar.show()
        bar.find_next() if forward else bar.find_previous()

    # ------------------------------------------------------------------ print / export
    def printable(self):
        """(title, QTextDocument) of what the current view shows, for printing; None when nothing is shown."""
        if self.library_view is not None and self.stack.currentWidget() is self.library_view:
            return "文档库", self.library_view.printable_document()
        doc = self.current_document()
        if doc is None:
            return None
        return f"{doc.title} - {doc.current_view()}", doc.printable_document()

    def print_preview_dialog(self):
        """The QPrintPreviewDialog of the current view (Ctrl+P); exec() it to show it."""
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
        what = self.printable()
        if what is None:
            return None
        title, document = what
        document.setParent(self)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        dlg = QPrintPreviewDialog(printer, self)
        dlg.setWindowTitle(f"打印预览 - {title}")
        g = self.default_geometry()
        dlg.resize(g.size())
        dlg.paintRequested.connect(document.print_)
        dlg.finished.connect(lambda _r: document.deleteLater())
        dlg.printed_document = document
        dlg.printer = printer          # the dialog does not own its printer: keep it alive as long as the dialog
        return dlg

    def print_current(self):
        dlg = self.print_preview_dialog()
        if dlg is not None:
            dlg.exec()
        return dlg

    def _print_in_background(self, doc, printer, *, label: str, done_message: str,
                             target: str | None = None, force: bool = False) -> Operation:
        """Lay out and print the text on a worker (its own QTextDocument rebuilt from HTML; QPrinter is thread-safe)."""
        source = doc.text.document()
        html, font = source.toHtml(), source.defaultFont()

        def work(ctx):
            from PySide6.QtGui import QTextDocument
            clone = QTextDocument()
            clone.setDefaultFont(font)
            clone.setHtml(html)
            if target is None:
                clone.print_(printer)
                return None
            from ..fileio import atomic_output
            with atomic_output(target, force=force) as tmp:
                printer.setOutputFileName(str(tmp))
                clone.print_(printer)
            return target

        return run_in_background(self, work, on_done=lambda _r: self.statusBar().showMessage(done_message, 6000),
                                 label=label, cancellable=False,
                                 error_title="打印失败" if target is None else "导出失败")

    def export_pdf(self) -> Operation | None:
        doc = self.current_document()
        if doc is None:
            return None
        start = os.path.join(os.path.dirname(doc.path), f"{Path(doc.path).stem}-正文.pdf")
        chosen = ask_save_path(self, "导出正文为 PDF", start, "PDF 文件 (*.pdf)", ".pdf")
        return self.export_pdf_to(chosen[0], force=chosen[1]) if chosen else None

    def export_pdf_to(self, path: str, *, force: bool = False) -> Operation:
        from PySide6.QtPrintSupport import QPrinter
        doc = self.current_document()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setDocName(doc.title)
        return self._print_in_background(doc, printer, label=f"正在导出 {Path(path).name}",
                                         done_message=f"已导出：{path}", target=path, force=force)

    def export_current(self) -> Operation | None:
        doc = self.current_document()
        return doc.ask_export() if doc is not None else None

    # ------------------------------------------------------------------ 文档库 (gui/libraryview.py)
    def show_library(self):
        """Show the reference library page (made on first use) and refresh its list."""
        if self.library_view is None:
            from .libraryview import LibraryView
            self.library_view = LibraryView(ocr=lambda: self.ocr_enabled)
            self.library_view.statusChanged.connect(lambda msg: self.statusBar().showMessage(msg, 6000))
            self.library_view.openRequested.connect(self._open_from_library)
            self.undo_group.addStack(self.library_view.undo_stack)
            self.stack.addWidget(self.library_view)
        self.stack.setCurrentWidget(self.library_view)
        self._update_actions()
        self.setWindowTitle(f"文档库 - {APP_TITLE}")
        self.library_view.refresh()
        return self.library_view

    def toggle_library(self, on: bool = True) -> None:
        if on:
            self.show_library()
        else:
            self.stack.setCurrentWidget(self.tabs if self.tabs.count() else self.welcome)
            self._update_actions()

    def _open_from_library(self, analysis: Analysis, path: str) -> None:
        i = self.document_for(path)
        if i >= 0:
            self.tabs.setCurrentIndex(i)
            self.stack.setCurrentWidget(self.tabs)
            self._update_actions()
        else:
            self.add_document(analysis, path)
            if not os.path.exists(path):          # stored text only (original moved): not a recent file
                self.settings.setValue("recent_files", [p for p in st.recent_files(self.settings) if p != path])
                self._refresh_recent()

    def open_log_folder(self) -> None:
        from ..paths import home_dir
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(home_dir())))

    # ------------------------------------------------------------------ help
    def show_guide(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("使用说明")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(GUIDE_HTML)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.button(QMessageBox.StandardButton.Ok).setText("确定")
        box.exec()

    def show_about(self) -> None:
        QMessageBox.about(self, f"关于 {APP_TITLE}", about_html())


def _preload_libraries(ctx) -> None:
    """jieba and scikit-learn through the one lazy-import path every worker uses (no concurrent imports)."""
    from ..textproc.lazy import ensure_loaded
    ensure_loaded()
