"""The 对照 view of a document: the plan beside its higher-level documents, clause by clause.

Choose the references (the plan's cited documents found in the library come first and are ticked; any library
document or an outside file can be added), run :func:`policydesk.compare.compare_documents` in the background, then
see the aligned pairs in two panes that scroll in step (each pair padded to the same height on both sides), shared
wording green, the plan's changed wording yellow, the reference's unused wording grey; filter by 承接/细化/新增/未承接;
the uncovered reference clauses; a clause × clause heat map whose cells jump to their pair; export of the Word 对照表
and the HTML report through the compare package's writers.
"""

from __future__ import annotations

import bisect
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel, QTextBlockFormat, QTextCharFormat, \
    QTextCursor, QTextDocument
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QListView,
                               QPushButton, QSizePolicy, QSplitter, QTabWidget, QTableView, QTextBrowser, QVBoxLayout,
                               QWidget)

from .comparemodels import LABEL_COLORS, LABELS, HeatmapModel, LabelFilter, PairsModel, clause_name, short_title
from .dialogs import ask_save_path
from .events import app_events
from .ops import Operation, run_in_background
from .textview import FindBar
from .wording import WORDING, worded

REF_ROLE = Qt.ItemDataRole.UserRole + 30
SHARED = QColor("#c9ecc9")        # wording both share
CHANGED = QColor("#fff0b3")       # the plan's own wording in a matched pair
UNUSED = QColor("#8a8a8a")        # the reference's wording the plan did not take (text colour)
HEADER_BG = QColor("#eef2f7")
PAIR_GAP = 6                      # px below each pair before padding
NO_SIMILAR = "没有找到相似的上级文件"


if TYPE_CHECKING:
    from ..analysis.result import Analysis, Citation

# ---------------------------------------------------------------------------------------------- worker bodies
def _open_library(create: bool = False):
    from ..library import Library
    from ..paths import library_path
    path = library_path()
    if not create and not path.exists():
        return None
    return Library(path, create=create)


def _cites(citation: Citation, analysis: Analysis) -> bool:
    """Whether an open document is the one a citation names (same 文号, else same title)."""
    from ..textproc import normalize_doc_number, normalize_title
    meta = analysis.meta
    key = normalize_doc_number(citation.doc_number)
    if key and key == normalize_doc_number(meta.doc_number):
        return True
    t = normalize_title(citation.title)
    return len(t) >= 4 and t in (normalize_title(meta.title), normalize_title(meta.plan_title))


def load_candidates(analysis: Analysis, ctx=None, open_docs: list[tuple[str, str, Analysis]] = ()
                    ) -> dict[str, Any]:
    """The plan's cited documents (with their library id if stored, or the open tab that holds them), the other
    open documents and every library document."""
    cited = list(analysis.meta.cited)
    own = analysis.source.sha256
    others = [(t, p, a) for t, p, a in open_docs if a is not analysis and a.source.sha256 != own]
    opened = [{"title": t, "path": p, "analysis": a, "cited": any(_cites(c, a) for c in cited)} for t, p, a in others]
    lib = _open_library()
    if lib is None:
        found = [(c, None) for c in cited]
        docs: list[dict[str, Any]] = []
    else:
        with lib:
            docs = [d.to_json() for d in lib.list()]
            docs = [d for d in docs if d.get("sha256") != own]
            found = [(c, lib.find_cited(c.title, c.doc_number)) for c in cited]
    open_cited = [next((o["path"] for o in opened if _cites(c, o["analysis"])), None) for c, _ in found]
    return {"cited": [(c, i, o) for (c, i), o in zip(found, open_cited)], "docs": docs, "open": opened}


def analyse_reference(path: str, ctx) -> Analysis:
    from ..api import analyze_path
    from ..readers.render import PDFIUM_LOCK
    ctx.progress(0, 0, "正在读取")
    with PDFIUM_LOCK:
        ctx.check()
        return analyze_path(path, ctx.read_options())


def import_into_library(path: str, ocr: bool, ctx) -> Any:
    """A cited document the user picked from 对照: into the library (as the 文档库 page would), its AddResult."""
    from .libraryview import add_documents
    results = add_documents([path], None, ocr, ctx)
    r = results[0]
    if r.status == "failed":
        from ..errors import InputError
        raise InputError(r.error or f"无法导入 {Path(path).name}。")
    return r


def run_comparison(plan: Analysis, refs: list[Any], ctx) -> dict[str, Any]:
    """``refs``: typed analyses (open tabs, files) and library ids."""
    from ..textproc.lazy import ensure_loaded
    ensure_loaded()             # the one import path shared with the start-up preload (no concurrent imports)
    from ..compare import compare_documents
    lib = _open_library()
    try:
        return compare_documents(plan, list(refs) or None, library=lib, progress=ctx.progress, cancel=ctx.cancelled)
    finally:
        if lib is not None:
            lib.close()


# ---------------------------------------------------------------------------------------------- the view
class ElidedLabel(QLabel):
    """A one-line label that shows “…” instead of widening its column when the text is long."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self._full = ""
        self.setMinimumWidth(40)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def _elide(self) -> None:
        width = max(10, self.width() - 12)
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()


class ComparePane(QTextBrowser):
    """One side of the aligned pairs; ``resized`` lets the view re-pad the pairs."""

    resized = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.document().setUndoRedoEnabled(False)
        self.document().setDocumentMargin(8)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)   # width never jumps: padding holds

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class CompareView(QWidget):
    """The 对照 tab of a document view."""

    statusChanged = Signal(str)
    compared = Signal(object)            # the compare/1 dict, after it is shown
    candidatesShown = Signal()

    def __init__(self, analysis: Analysis, path: str, parent=None):
        super().__init__(parent)
        self.analysis = analysis
        self.path = str(path)
        self.open_documents = lambda: []     # set by the main window: (title, path, analysis) of the open tabs
        self.ocr = lambda: True
        self.result: dict[str, Any] | None = None
        self.no_similar = False
        self._tick: set[Any] = set()        # keys to tick when the list is rebuilt (a document just added)
        self._weak_pairs: set[int] = set()                  # alignments with a weakened commitment
        self._override: dict[int, dict[str, Any]] = {}      # source row -> match chosen on the heat map
        self._visible: list[int] = []                       # source rows in pane order
        self._tops: tuple[list[float], list[float]] = ([], [])
        self._heights: tuple[list[float], list[float]] = ([], [])
        self._blocks: list[tuple[int, int, int, int]] = []
        self._syncing = False
        self._candidates_loaded = False
        self.candidates_op: Operation | None = None

        self._pad_timer = QTimer(self, singleShot=True, interval=120)
        self._pad_timer.timeout.connect(self._equalize)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(6)
        lay.addLayout(self._build_reference_bar())
        lay.addLayout(self._build_filter_bar())
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("background:#fff4ce; color:#5c4400; padding:4px 8px;")
        self.warning_label.hide()
        lay.addWidget(self.warning_label)
        lay.addWidget(self._build_body(), 1)
        self.find_bar = FindBar(self.panes)
        lay.addWidget(self.find_bar)
        self._show_hint()
        self._update_buttons()
        app_events().documentsChanged.connect(self.library_changed)
        app_events().libraryChanged.connect(self.library_changed)

    # ------------------------------------------------------------------ construction
    def _build_reference_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        left = QVBoxLayout()
        lab = QLabel("<b>对照文件</b>（方案引用的文件排在前面；已打开或已入库的自动勾选，缺少的可点“添加…”）")
        lab.setWordWrap(True)
        left.addWidget(lab)
        self.ref_model = QStandardItemModel(self)
        self.ref_list = QListView()
        self.ref_list.setModel(self.ref_model)
        self.ref_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ref_list.setFixedHeight(84)
        self.ref_list.setUniformItemSizes(True)
        left.addWidget(self.ref_list)
        bar.addLayout(left, 1)
        buttons = QVBoxLayout()
        self.add_file_button = QPushButton("从文件添加…")
        self.add_file_button.setToolTip("选择一个上级文件参与对照（只读取，不导入文档库）")
        self.add_file_button.clicked.connect(self.ask_reference_file)
        self.run_button = QPushButton("开始对照")
        self.run_button.setDefault(True)
        self.run_button.setStyleSheet("font-weight:bold;")
        self.run_button.setToolTip("不勾选任何文件时自动选择：方案引用且已入库的文件，否则文档库中最相似的上级文件")
        self.run_button.clicked.connect(self.run)
        for b in (self.run_button, self.add_file_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        bar.addLayout(buttons)
        return bar

    def _build_filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("显示："))
        self.filter_boxes: dict[str, QCheckBox] = {}
        for label in LABELS:
            box = QCheckBox(label)
            box.setChecked(True)
            c = LABEL_COLORS[label].name()
            box.setStyleSheet(f"QCheckBox {{ background:{c}; padding:2px 6px; border-radius:3px; }}")
            box.toggled.connect(self._apply_filter)
            self.filter_boxes[label] = box
            bar.addWidget(box)
        self.weak_box = QCheckBox("只看弱化")
        self.weak_box.setToolTip("只显示有承诺被弱化（指标降低、时限推迟、力度/范围减弱、禁止放宽）的条款")
        self.weak_box.setStyleSheet("QCheckBox { color:#b71c1c; font-weight:bold; }")
        self.weak_box.toggled.connect(self._apply_filter)
        bar.addWidget(self.weak_box)
        bar.addSpacing(12)
        self.summary_label = QLabel()
        bar.addWidget(self.summary_label)
        bar.addStretch(1)
        legend = QLabel(f"<span style='background:{SHARED.name()}'>&nbsp;相同措辞&nbsp;</span>&nbsp;"
                        f"<span style='background:{CHANGED.name()}'>&nbsp;方案改写&nbsp;</span>&nbsp;"
                        f"<span style='color:{UNUSED.name()}'>上级未采用</span>")
        bar.addWidget(legend)
        bar.addSpacing(12)
        self.docx_button = QPushButton("导出 Word 对照表…")
        self.docx_button.clicked.connect(lambda: self.ask_export("docx"))
        self.html_button = QPushButton("导出网页报告…")
        self.html_button.clicked.connect(lambda: self.ask_export("html"))
        bar.addWidget(self.docx_button)
        bar.addWidget(self.html_button)
        return bar

    def _build_body(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QSplitter(Qt.Orientation.Vertical)
        self.pairs_model = PairsModel(self)
        self.pairs_proxy = LabelFilter(self)
        self.pairs_proxy.setSourceModel(self.pairs_model)
        self.pairs_table = QTableView()
        self.pairs_table.setModel(self.pairs_proxy)
        self.pairs_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pairs_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pairs_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pairs_table.verticalHeader().hide()
        self.pairs_table.verticalHeader().setDefaultSectionSize(24)
        self.pairs_table.setWordWrap(False)
        h = self.pairs_table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.pairs_table.setColumnWidth(2, 52)
        self.pairs_table.setColumnWidth(3, 56)
        self.pairs_table.selectionModel().currentRowChanged.connect(self._on_pair_current)
        left.addWidget(self.pairs_table)

        self.side_tabs = QTabWidget()
        self.heat_model = HeatmapModel(self)
        self.heatmap = QTableView()
        self.heatmap.setModel(self.heat_model)
        self.heatmap.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.heatmap.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.heatmap.setShowGrid(True)
        self.heatmap.setStyleSheet("QTableView { gridline-color:#e3e7ee; font-size:8pt; }"
                                   "QTableView::item:selected { border:2px solid #d0342c; }")
        self.heatmap.horizontalHeader().setMinimumSectionSize(34)
        self.heatmap.verticalHeader().setDefaultSectionSize(20)
        self.heatmap.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.heatmap.selectionModel().currentChanged.connect(self._on_heat_current)
        self.side_tabs.addTab(self.heatmap, "相似度热力图")
        self.uncovered_model = QStandardItemModel(self)
        self.uncovered_list = QListView()
        self.uncovered_list.setModel(self.uncovered_model)
        self.uncovered_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.uncovered_list.setWordWrap(True)
        self.uncovered_list.activated.connect(self._on_uncovered_activated)
        self.uncovered_list.clicked.connect(self._on_uncovered_activated)
        self.side_tabs.addTab(self.uncovered_list, "未承接的上级条款")
        self._uncovered_tab = self.side_tabs.indexOf(self.uncovered_list)
        self.changes_view = QTextBrowser()          # 变化清单: shown first once a comparison is done
        self.changes_view.setOpenLinks(False)
        self.changes_view.anchorClicked.connect(self._on_change_link)
        self._changes_tab = self.side_tabs.addTab(self.changes_view, "变化清单")
        left.addWidget(self.side_tabs)
        left.setSizes([330, 300])
        split.addWidget(left)

        right = QWidget()
        rl = QHBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(4)
        self.panes: list[ComparePane] = []
        self.pane_titles: list[ElidedLabel] = []
        for title in ("方案", "上级文件"):
            col = QVBoxLayout()
            col.setSpacing(2)
            lab = ElidedLabel(title)
            lab.setStyleSheet("font-weight:bold; padding:3px 4px; color:#1f3b63;")
            pane = ComparePane()
            pane.resized.connect(self._pad_timer.start)
            col.addWidget(lab)
            col.addWidget(pane, 1)
            rl.addLayout(col, 1)
            self.panes.append(pane)
            self.pane_titles.append(lab)
        self.panes[0].verticalScrollBar().valueChanged.connect(lambda v: self._sync_scroll(0, v))
        self.panes[1].verticalScrollBar().valueChanged.connect(lambda v: self._sync_scroll(1, v))
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        split.setSizes([430, 830])
        return split

    def _show_hint(self) -> None:
        self.panes[0].setHtml("<p style='color:#666'>在上方勾选对照文件（或直接点“开始对照”自动选择），"
                              "然后点“开始对照”。</p><p style='color:#666'>对照在后台进行，可随时取消。</p>")
        self.panes[1].clear()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._candidates_loaded:
            self._candidates_loaded = True
            QTimer.singleShot(0, self.load_candidates)

    # ------------------------------------------------------------------ references
    def load_candidates(self) -> Operation:
        analysis, open_docs = self.analysis, list(self.open_documents())
        self.candidates_op = run_in_background(self, lambda ctx: load_candidates(analysis, ctx, open_docs),
                                               on_done=self._show_candidates, label="正在读取对照文件",
                                               cancellable=False, error_title="无法读取文档库")
        return self.candidates_op

    def library_changed(self) -> None:
        """The library or the open tabs changed: the list follows by itself (ticks kept)."""
        if self._candidates_loaded:
            self._tick |= {self._item_key(self.ref_model.item(r)) for r in range(self.ref_model.rowCount())
                           if self.ref_model.item(r).isCheckable()
                           and self.ref_model.item(r).checkState() == Qt.CheckState.Checked}
            self.load_candidates()

    @staticmethod
    def _item_key(it: QStandardItem) -> Any:
        kind, value = it.data(REF_ROLE) or ("", None)
        if kind == "file" and value is not None and hasattr(value, "source"):
            return ("file", value.source.sha256 or id(value))
        return (kind, value)

    def _show_candidates(self, found: dict[str, Any]) -> None:
        self._fill_candidates(found)
        self.candidatesShown.emit()
        if os.environ.get("POLICYDESK_GUI_RUN") == "1" and self.result is None:    # hidden: screenshots
            select = os.environ.get("POLICYDESK_GUI_SELECT")
            if select and not getattr(self, "_select_hooked", False):
                self._select_hooked = True
                self.compared.connect(lambda _r: QTimer.singleShot(300, lambda: self.select_plan_clause(select)))
            running = getattr(self, "run_op", None)
            if running is not None and running.running:
                running.cancel()            # the list changed (another tab came in): compare with the new one
            self.run_op = self.run()

    def _fill_candidates(self, found: dict[str, Any]) -> None:
        from .libraryview import level_label
        keep_files = [self.ref_model.item(r).clone() for r in range(self.ref_model.rowCount())
                      if (self.ref_model.item(r).data(REF_ROLE) or ("",))[0] == "file"
                      and not self.ref_model.item(r).data(REF_ROLE + 1)]
        tick = set(self._tick)
        self._tick.clear()
        self.ref_model.clear()
        listed_ids: list[int] = []
        listed_open: set[str] = set()
        opened = {o["path"]: o for o in found.get("open") or []}
        missing_rows: list[int] = []
        for c, lib_id, open_path in found.get("cited") or []:
            name = f"《{c.title}》" if c.title else ""
            name += c.doc_number or ""
            if open_path is not None and open_path not in listed_open:
                it = self._open_item(opened[open_path], f"〔方案引用，已打开〕{name}")
                it.setCheckState(Qt.CheckState.Checked)
                listed_open.add(open_path)
            elif lib_id is not None and int(lib_id) not in listed_ids:
                it = QStandardItem(f"〔方案引用，文档库 #{lib_id}〕{name}")
                it.setData(("lib", int(lib_id)), REF_ROLE)
                it.setCheckable(True)
                it.setCheckState(Qt.CheckState.Checked)
                listed_ids.append(int(lib_id))
            elif lib_id is None:
                it = QStandardItem(f"〔方案引用，尚未添加〕{name}")
                it.setToolTip(f"{name}\n点右侧的“添加…”选择该文件：导入文档库并参加对照")
                it.setForeground(QBrush(QColor("#8a5a00")))
                it.setData(("missing", c), REF_ROLE)
                missing_rows.append(self.ref_model.rowCount())
            else:
                continue
            self.ref_model.appendRow(it)
        for o in found.get("open") or []:
            if o["path"] not in listed_open:
                it = self._open_item(o, f"〔已打开〕{o['title']}")
                it.setCheckState(Qt.CheckState.Checked if self._item_key(it) in tick else Qt.CheckState.Unchecked)
                self.ref_model.appendRow(it)
        for it in keep_files:
            self.ref_model.appendRow(it)
        for d in found.get("docs") or []:
            if d["id"] in listed_ids:
                continue
            title = d.get("title") or d.get("plan_title") or Path(d.get("path") or "").name
            it = QStandardItem(f"[{level_label(d.get('level') or 'other')}] {title}"
                               + (f"（{d['doc_number']}）" if d.get("doc_number") else "") + f"　#{d['id']}")
            it.setData(("lib", int(d["id"])), REF_ROLE)
            it.setCheckable(True)
            it.setCheckState(Qt.CheckState.Checked if ("lib", int(d["id"])) in tick else Qt.CheckState.Unchecked)
            self.ref_model.appendRow(it)
        if not self.ref_model.rowCount():
            it = QStandardItem("还没有上级文件：请打开方案引用的上级文件（另开一个标签页），或用“从文件添加…”选择")
            it.setEnabled(False)
            it.setData(("none", None), REF_ROLE)
            self.ref_model.appendRow(it)
        self.add_buttons: list[QPushButton] = []
        for row in missing_rows:
            self._put_add_button(row)

    def _open_item(self, o: dict[str, Any], text: str) -> QStandardItem:
        it = QStandardItem(text)
        it.setToolTip(o["path"])
        it.setData(("file", o["analysis"]), REF_ROLE)
        it.setData(True, REF_ROLE + 1)         # an open tab (rebuilt from the tabs, not kept as a file)
        it.setCheckable(True)
        return it

    def _put_add_button(self, row: int) -> None:
        """An “添加…” button at the right end of a missing cited document's row."""
        idx = self.ref_model.index(row, 0)
        citation = self.ref_model.item(row).data(REF_ROLE)[1]
        holder = QWidget()
        hl = QHBoxLayout(holder)
        hl.setContentsMargins(0, 0, 2, 0)
        hl.addStretch(1)
        b = QPushButton("添加…")
        b.setToolTip("选择该文件：导入文档库并参加对照")
        b.setFixedHeight(max(18, self.ref_list.fontMetrics().height() + 4))
        b.clicked.connect(lambda _c=False, c=citation: self.ask_add_cited(c))
        hl.addWidget(b)
        self.ref_list.setIndexWidget(idx, holder)
        self.add_buttons.append(b)

    def ask_add_cited(self, citation: Citation) -> Operation | None:
        from .mainwindow import file_dialog_options, open_filter
        name = (f"《{citation.title}》" if citation.title else "") + (citation.doc_number or "")
        path, _ = QFileDialog.getOpenFileName(self, f"选择{name}", os.path.dirname(self.path), open_filter(), "",
                                              file_dialog_options())
        return self.add_cited_file(path) if path else None

    def add_cited_file(self, path: str) -> Operation:
        """Import a cited document into the library; the list follows and ticks it."""
        path = os.path.abspath(path)
        ocr = bool(self.ocr())

        def done(r) -> None:
            if r.id is not None:
                self._tick.add(("lib", int(r.id)))
            self.statusChanged.emit(f"已添加到文档库：{Path(path).name}" if r.status == "added"
                                    else f"{Path(path).name} 已在文档库中（#{r.id}）")
            app_events().libraryChanged.emit()       # every 对照 list (this one too) and the 文档库 page follow

        return run_in_background(self, lambda ctx: import_into_library(path, ocr, ctx), on_done=done,
                                 label=f"正在添加 {Path(path).name}", error_title="无法添加文件")

    def ask_reference_file(self) -> Operation | None:
        from .mainwindow import file_dialog_options, open_filter
        start = os.path.dirname(self.path)
        path, _ = QFileDialog.getOpenFileName(self, "选择上级文件", start, open_filter(), "", file_dialog_options())
        return self.add_reference_file(path) if path else None

    def add_reference_file(self, path: str) -> Operation:
        """Read a reference outside the library (not imported) and tick it."""
        path = os.path.abspath(path)
        return run_in_background(self, lambda ctx: analyse_reference(path, ctx),
                                 on_done=lambda a: self._add_file_item(a, path),
                                 label=f"正在读取 {Path(path).name}", error_title="无法读取对照文件")

    def _add_file_item(self, analysis: Analysis, path: str) -> None:
        title = analysis.meta.title or analysis.meta.plan_title or Path(path).stem
        for r in range(self.ref_model.rowCount()):
            if (self.ref_model.item(r).data(REF_ROLE) or ("",))[0] == "none":
                self.ref_model.removeRow(r)
                break
        it = QStandardItem(f"{title}　—　文件 {Path(path).name}")
        it.setToolTip(path)
        it.setData(("file", analysis), REF_ROLE)
        it.setCheckable(True)
        it.setCheckState(Qt.CheckState.Checked)
        self.ref_model.insertRow(0, it)

    def chosen_references(self) -> list[Any]:
        refs: list[Any] = []
        for r in range(self.ref_model.rowCount()):
            it = self.ref_model.item(r)
            kind, value = it.data(REF_ROLE) or ("", None)
            if it.isCheckable() and it.checkState() == Qt.CheckState.Checked and kind in ("lib", "file"):
                refs.append(value)
        return refs

    # ------------------------------------------------------------------ comparison
    def run(self) -> Operation | None:
        plan, refs = self.analysis, self.chosen_references()
        has_library = any((self.ref_model.item(r).data(REF_ROLE) or ("",))[0] == "lib"
                          for r in range(self.ref_model.rowCount()))
        if not refs and not has_library:
            self.show_no_similar("没有可对照的上级文件：请打开方案引用的上级文件，或点“添加…”“从文件添加…”选择。")
            return None
        self.run_button.setEnabled(False)
        op = run_in_background(self, lambda ctx: run_comparison(plan, refs, ctx), on_done=self.show_result,
                               label="正在逐条对照", error_title="对照未完成")
        op.finished.connect(lambda: self.run_button.setEnabled(True))
        return op

    def show_no_similar(self, why: str) -> None:
        """Nothing to compare with, or nothing similar: say so plainly; no exports."""
        self.no_similar = True
        self.summary_label.setText(f"<b style='color:#9a3b00'>{NO_SIMILAR}</b>")
        self.panes[0].setHtml(f"<h3 style='color:#9a3b00'>{NO_SIMILAR}</h3><p>{why}</p>"
                              "<p style='color:#666'>可以打开方案引用的上级文件（另开一个标签页）、在列表中点“添加…”，"
                              "或在“文档库”中导入上级文件后再对照。</p>")
        self.panes[1].clear()
        self._blocks = []
        self._update_buttons()
        self.statusChanged.emit(NO_SIMILAR)

    def show_result(self, result: dict[str, Any]) -> None:
        self.result = result
        self.no_similar = False
        self._override.clear()
        self.pairs_model.set_result(result)
        self.heat_model.set_result(result)
        counts = self.pairs_model.counts()
        for label, box in self.filter_boxes.items():
            box.setText(f"{label} {counts.get(label, 0)}")
        refs = result.get("references") or []
        self.summary_label.setText(f"对照文件 {len(refs)} 份 · 方案条款 {len(result.get('alignments') or [])} 条")
        multi = len(refs) > 1
        names = "；".join((f"[{i + 1}]" if multi else "") + f"《{short_title(r.get('title'), 16 if multi else 26)}》"
                         + (r.get("doc_number") or "") for i, r in enumerate(refs))
        self.pane_titles[0].setText(f"方案：{short_title((result.get('plan') or {}).get('title'), 30)}")
        self.pane_titles[1].setText(f"上级文件：{names or '（无）'}")
        self.pane_titles[1].setToolTip("\n".join(f"《{r.get('title')}》{r.get('doc_number') or ''}" for r in refs))
        warnings = list(result.get("warnings") or [])
        self.warning_label.setText("\n".join(worded(w, WORDING) for w in warnings))
        self.warning_label.setVisible(bool(warnings))
        self._fill_uncovered()
        from ..compare.report_html import change_list_fragment
        from ..compare.review import review
        rv = review(result)
        self._weak_pairs = rv.weakened_pairs()
        self.weak_box.setText(f"只看弱化 {len(self._weak_pairs)}")
        self.changes_view.setHtml(change_list_fragment(result))
        self.side_tabs.setTabText(self._changes_tab, f"变化清单（弱化 {len(rv.weakened)}）")
        self.side_tabs.setCurrentIndex(self._changes_tab)
        self.heatmap.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._fill_panes()
        self._update_buttons()
        refs_used = result.get("references") or []
        if not refs_used or not (counts.get("承接", 0) + counts.get("细化", 0)):
            names = "、".join(f"《{short_title(r.get('title'), 20)}》" for r in refs_used)
            self.show_no_similar((f"方案的每一条都与{names}不相似（相似度都低于对照阈值），" if refs_used
                                  else "没有找到可对照的上级文件，") + "因此不提供对照表导出。")
            self.compared.emit(result)
            return
        self.statusChanged.emit(f"对照完成：承接 {counts.get('承接', 0)}，细化 {counts.get('细化', 0)}，"
                                f"新增 {counts.get('新增', 0)}，未承接 {counts.get('未承接', 0)}")
        self.compared.emit(result)

    def _fill_uncovered(self) -> None:
        self.uncovered_model.clear()
        refs = (self.result or {}).get("references") or []
        for r, row in enumerate(self.pairs_model.rows):
            if row["kind"] != "uncovered":
                continue
            m = row["match"]
            ref = refs[m["reference"]] if 0 <= m["reference"] < len(refs) else {}
            text = (m["clause"].get("text") or "").replace("\n", " ")
            it = QStandardItem(f"{clause_name(m['clause'])}　《{short_title(ref.get('title'), 16)}》\n"
                               f"{text[:60]}{'…' if len(text) > 60 else ''}（最高相似度 {row['score']:.2f}）")
            it.setToolTip(m["clause"].get("text") or "")
            it.setData(r, REF_ROLE)
            self.uncovered_model.appendRow(it)
        if not self.uncovered_model.rowCount():
            it = QStandardItem("上级文件的条款都在方案中有对应条款。")
            it.setEnabled(False)
            self.uncovered_model.appendRow(it)
        self.side_tabs.setTabText(self._uncovered_tab, f"未承接的上级条款（{len(self.result.get('uncovered') or [])}）")

    def _update_buttons(self) -> None:
        has = self.result is not None and not self.no_similar
        self.docx_button.setEnabled(has)
        self.html_button.setEnabled(has)

    # ------------------------------------------------------------------ panes
    def _row_match(self, source_row: int) -> dict[str, Any] | None:
        return self._override.get(source_row, self.pairs_model.rows[source_row]["match"])

    def _fill_panes(self) -> None:
        self._visible = [self.pairs_proxy.mapToSource(self.pairs_proxy.index(r, 0)).row()
                         for r in range(self.pairs_proxy.rowCount())]
        refs = (self.result or {}).get("references") or []
        multi = len(refs) > 1
        docs = [p.document() for p in self.panes]
        for d in docs:
            d.clear()
        cursors = [QTextCursor(d) for d in docs]
        self._blocks = []
        for k, src in enumerate(self._visible):
            row = self.pairs_model.rows[src]
            m = self._row_match(src)
            spans_plan = [tuple(s["plan"]) for s in (m or {}).get("shared_spans") or []]
            spans_ref = [tuple(s["ref"]) for s in (m or {}).get("shared_spans") or []]
            left_head = clause_name(row["plan"]) if row["plan"] else "（方案中没有对应条款）"
            if m:
                tag = f"[{m['reference'] + 1}] " if multi else ""
                right_head = f"{tag}{clause_name(m.get('clause'))}　　相似度 {float(m.get('score') or 0):.2f}"
                if m is not row["match"] and row["kind"] == "plan":
                    right_head += "（热力图所选）"
            else:
                best = row.get("best")
                right_head = "（上级文件中没有相似条款）" + (f"　最接近：{clause_name(best['clause'])} {best['score']:.2f}"
                                                  if best else "")
            label = row["label"]
            ends = []
            for side, cur in enumerate(cursors):
                if k:
                    cur.insertBlock()
                first = cur.block().blockNumber()
                head_fmt = QTextBlockFormat()
                head_fmt.setBackground(LABEL_COLORS.get(label, HEADER_BG) if side == 0 else HEADER_BG)
                head_fmt.setTopMargin(4)
                head_fmt.setBottomMargin(2)
                cur.setBlockFormat(head_fmt)
                bold = QTextCharFormat()
                bold.setFontWeight(QFont.Weight.Bold)
                if side == 0:
                    cur.insertText(f"{label}　", bold)
                    cur.insertText(left_head, bold)
                else:
                    cur.insertText(right_head, bold)
                body_fmt = QTextBlockFormat()
                body_fmt.setTopMargin(2)
                body_fmt.setBottomMargin(PAIR_GAP)
                cur.insertBlock(body_fmt, QTextCharFormat())
                if side == 0:
                    text = (row["plan"] or {}).get("text") or ""
                    self._insert_marked(cur, text, spans_plan, CHANGED if m else None, background=True)
                else:
                    text = ((m or {}).get("clause") or {}).get("text") or ""
                    self._insert_marked(cur, text, spans_ref, UNUSED, background=False)
                ends.append((first, cur.block().blockNumber()))
            self._blocks.append((ends[0][0], ends[0][1], ends[1][0], ends[1][1]))
        for p in self.panes:
            p.verticalScrollBar().setValue(0)
        self._equalize()

    @staticmethod
    def _insert_marked(cur: QTextCursor, text: str, spans: list[tuple[int, int]], other: QColor | None,
                       *, background: bool) -> None:
        shared = QTextCharFormat()
        shared.setBackground(SHARED)
        rest = QTextCharFormat()
        if other is not None:
            if background:
                rest.setBackground(other)
            else:
                rest.setForeground(other)
        pos = 0
        for a, b in sorted(spans):
            a, b = max(a, pos), min(b, len(text))
            if a > pos:
                cur.insertText(text[pos:a], rest)
            if b > a:
                cur.insertText(text[a:b], shared)
                pos = b
        if pos < len(text):
            cur.insertText(text[pos:], rest)

    def _set_bottom_margin(self, doc, number: int, value: float) -> None:
        block = doc.findBlockByNumber(number)
        fmt = block.blockFormat()
        if fmt.bottomMargin() != value:
            fmt.setBottomMargin(value)
            QTextCursor(block).setBlockFormat(fmt)

    def _equalize(self) -> None:
        """Pad each pair on the shorter side so both panes show the same pairs at the same height."""
        if not self._blocks:
            self._tops, self._heights = ([], []), ([], [])
            return
        docs = [p.document() for p in self.panes]
        for _lf, ll, _rf, rl in self._blocks:
            self._set_bottom_margin(docs[0], ll, PAIR_GAP)
            self._set_bottom_margin(docs[1], rl, PAIR_GAP)
        lays = [d.documentLayout() for d in docs]

        def extent(side: int, first: int, last: int) -> tuple[float, float]:
            top = lays[side].blockBoundingRect(docs[side].findBlockByNumber(first)).top()
            bottom = lays[side].blockBoundingRect(docs[side].findBlockByNumber(last)).bottom()
            return top, bottom - top

        heights = [(extent(0, lf, ll)[1], extent(1, rf, rl)[1]) for lf, ll, rf, rl in self._blocks]
        for (_lf, ll, _rf, rl), (hl, hr) in zip(self._blocks, heights):
            if hl < hr:
                self._set_bottom_margin(docs[0], ll, PAIR_GAP + (hr - hl))
            elif hr < hl:
                self._set_bottom_margin(docs[1], rl, PAIR_GAP + (hl - hr))
        tops: tuple[list[float], list[float]] = ([], [])
        hs: tuple[list[float], list[float]] = ([], [])
        for side in (0, 1):
            firsts = [b[0] if side == 0 else b[2] for b in self._blocks]
            tops[side].extend(lays[side].blockBoundingRect(docs[side].findBlockByNumber(f)).top() for f in firsts)
            ends = tops[side][1:] + [docs[side].size().height()]
            hs[side].extend(e - t for t, e in zip(tops[side], ends))      # pair height including its padding
        self._tops, self._heights = tops, hs
        self._widths = self._pane_widths()

    def _pane_widths(self) -> tuple[float, float]:
        return tuple((p.viewport().width(), p.document().textWidth()) for p in self.panes)

    def _ensure_padded(self) -> None:
        """Re-pad if a pane was resized since (the resize timer may not have fired yet)."""
        if self._blocks and getattr(self, "_widths", None) != self._pane_widths():
            self._equalize()

    def _sync_scroll(self, side: int, value: int) -> None:
        """Keep the other pane on the same pair at the same relative position."""
        if self._syncing or not self._tops[side]:
            return
        self._ensure_padded()
        other = 1 - side
        k = max(0, bisect.bisect_right(self._tops[side], value) - 1)
        frac = (value - self._tops[side][k]) / max(1.0, self._heights[side][k])
        target = self._tops[other][k] + frac * self._heights[other][k]
        self._syncing = True
        try:
            self.panes[other].verticalScrollBar().setValue(round(target))
        finally:
            self._syncing = False

    def scroll_to_pair(self, k: int) -> None:
        self._ensure_padded()
        if not (0 <= k < len(self._tops[0])):
            return
        self._syncing = True
        try:
            for side, pane in enumerate(self.panes):
                pane.verticalScrollBar().setValue(max(0, round(self._tops[side][k]) - 4))
        finally:
            self._syncing = False

    def visible_pair_texts(self, k: int) -> tuple[str, str]:
        """Plain text of pair ``k`` (pane order) on each side — what a reviewer reads there."""
        out = []
        for side, (first, last) in enumerate(((self._blocks[k][0], self._blocks[k][1]),
                                              (self._blocks[k][2], self._blocks[k][3]))):
            doc = self.panes[side].document()
            out.append("\n".join(doc.findBlockByNumber(n).text() for n in range(first, last + 1)))
        return out[0], out[1]

    # ------------------------------------------------------------------ selection
    def _apply_filter(self) -> None:
        labels = [lab for lab, box in self.filter_boxes.items() if box.isChecked()]
        current = self.current_row()
        weak = getattr(self, "_weak_pairs", set()) if self.weak_box.isChecked() else None
        self.pairs_proxy.set_labels(labels, weak)
        if self.result is not None:
            self._fill_panes()
            if current is not None:
                self._select_source_row(current, quiet=True)

    def current_row(self) -> int | None:
        idx = self.pairs_table.selectionModel().currentIndex()
        return self.pairs_proxy.mapToSource(idx).row() if idx.isValid() else None

    def current_pair(self) -> tuple[str | None, int | None, str | None]:
        """(plan clause id, reference index, reference clause id) of the selected row as shown in the panes."""
        r = self.current_row()
        if r is None:
            return None, None, None
        row = self.pairs_model.rows[r]
        m = self._row_match(r)
        return ((row["plan"] or {}).get("id"), m["reference"] if m else None,
                ((m or {}).get("clause") or {}).get("id"))

    def _on_pair_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if not current.isValid():
            return
        src = self.pairs_proxy.mapToSource(current).row()
        if src in self._visible:
            self.scroll_to_pair(self._visible.index(src))
        row = self.pairs_model.rows[src]
        self._mark_heat_cell(src)
        self.statusChanged.emit(f"{row['label']}：{clause_name(row['plan']) or clause_name((row['match'] or {}).get('clause'))}")

    def _mark_heat_cell(self, src: int) -> None:
        """Show the selected pair's cell on the heat map too (without jumping back)."""
        row = self.pairs_model.rows[src]
        m = self._row_match(src)
        if row["kind"] != "plan" or m is None:
            return
        key = (m.get("reference"), (m.get("clause") or {}).get("id"))
        col = next((c for c, ref in enumerate(self.heat_model.refs) if ref == key), None)
        if col is None:
            return
        idx = self.heat_model.index(row["index"], col)
        sel = self.heatmap.selectionModel()
        sel.blockSignals(True)
        sel.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        sel.blockSignals(False)
        self.heatmap.viewport().update()
        self.heatmap.scrollTo(idx)

    def _select_source_row(self, src: int, quiet: bool = False) -> None:
        label = self.pairs_model.rows[src]["label"]
        box = self.filter_boxes.get(label)
        if box is not None and not box.isChecked():
            box.setChecked(True)          # refills the panes
        proxy = self.pairs_proxy.mapFromSource(self.pairs_model.index(src, 0))
        sel = self.pairs_table.selectionModel()
        sel.setCurrentIndex(proxy, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.pairs_table.scrollTo(proxy)
        if src in self._visible:
            self.scroll_to_pair(self._visible.index(src))

    def select_plan_clause(self, clause_id: str) -> bool:
        for r, row in enumerate(self.pairs_model.rows):
            if row["plan"] and row["plan"].get("id") == clause_id:
                self._select_source_row(r)
                return True
        return False

    def _on_heat_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if current.isValid():
            self.show_cell(current.row(), current.column())

    def show_cell(self, plan_index: int, col: int) -> None:
        """Show the pair of a heat-map cell: that plan clause beside that reference clause."""
        if self.result is None or not (0 <= col < len(self.heat_model.refs)):
            return
        src = self.pairs_model.row_of_plan(plan_index)
        if src < 0:
            return
        ref_index, ref_id = self.heat_model.refs[col]
        row = self.pairs_model.rows[src]
        alignment = (self.result.get("alignments") or [])[plan_index]
        match = next((m for m in alignment.get("matches") or []
                      if m.get("reference") == ref_index and (m.get("clause") or {}).get("id") == ref_id), None)
        if match is None:
            coverage = self.result.get("coverage") or []
            clause = coverage[col]["clause"] if col < len(coverage) else {"id": ref_id, "text": ""}
            from ..compare.diff import shared_spans
            spans = shared_spans((row["plan"] or {}).get("text") or "", clause.get("text") or "")
            match = {"reference": ref_index, "clause": clause, "score": self.heat_model.score(plan_index, col),
                     "shared_spans": [s.to_json() for s in spans], "shared_terms": []}
        own = row["match"] or {}
        if own.get("reference") == ref_index and (own.get("clause") or {}).get("id") == ref_id:
            self._override.pop(src, None)
        else:
            self._override[src] = match
        self._fill_panes()
        self._select_source_row(src)

    def _on_change_link(self, url) -> None:
        """A 变化清单 link ``#pair-N``: select the plan clause of alignment N."""
        frag = url.fragment() or url.toString().lstrip("#")
        if not frag.startswith("pair-"):
            return
        try:
            pair = int(frag[5:])
        except ValueError:
            return
        for src, row in enumerate(self.pairs_model.rows):
            if row.get("kind") == "plan" and row.get("index") == pair:
                if self.weak_box.isChecked() and pair not in getattr(self, "_weak_pairs", set()):
                    self.weak_box.setChecked(False)
                self._select_source_row(src)
                return

    def _on_uncovered_activated(self, index: QModelIndex) -> None:
        src = index.data(REF_ROLE)
        if isinstance(src, int):
            self._select_source_row(src)

    # ------------------------------------------------------------------ zoom, print
    def set_zoom(self, steps: int) -> None:
        from .style import UI_POINT_SIZE
        for p in self.panes:
            f = p.document().defaultFont()
            f.setPointSizeF(max(6.0, UI_POINT_SIZE + 1 + steps))
            p.document().setDefaultFont(f)
        self._pad_timer.start()

    def printable_document(self) -> QTextDocument:
        """The visible pairs side by side (方案 | 上级文件), as the panes show them."""
        doc = QTextDocument()
        doc.setDefaultFont(self.panes[0].document().defaultFont())
        if not self._blocks:
            doc.setHtml(self.panes[0].toHtml())
            return doc
        import html as _html
        rows = []
        for k in range(len(self._blocks)):
            left, right = self.visible_pair_texts(k)
            rows.append("<tr>" + "".join(f"<td width='50%' valign='top'>{_html.escape(t).replace(chr(10), '<br>')}</td>"
                                         for t in (left, right)) + "</tr>")
        doc.setHtml(f"<p><b>{_html.escape(self.pane_titles[0].full_text())}</b><br>"
                    f"<b>{_html.escape(self.pane_titles[1].full_text())}</b></p>"
                    f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>{''.join(rows)}</table>")
        return doc

    # ------------------------------------------------------------------ export
    def default_export_name(self, kind: str) -> str:
        return f"{Path(self.path).stem}-对照{'表.docx' if kind == 'docx' else '报告.html'}"

    def ask_export(self, kind: str) -> Operation | None:
        if self.result is None or self.no_similar:
            return None
        start = os.path.join(os.path.dirname(self.path), self.default_export_name(kind))
        title, filt, ext = (("导出 Word 对照表", "Word 文档 (*.docx)", ".docx") if kind == "docx"
                            else ("导出网页报告", "网页文件 (*.html)", ".html"))
        chosen = ask_save_path(self, title, start, filt, ext)
        return self.export(kind, chosen[0], force=chosen[1]) if chosen else None

    def export(self, kind: str, path: str, *, force: bool = False) -> Operation:
        result = self.result

        def work(ctx):
            from .. import compare
            writer = compare.write_docx if kind == "docx" else compare.write_html
            writer(result, path, force=force)
            return path

        return run_in_background(self, work, on_done=lambda p: self.statusChanged.emit(f"已导出：{p}"),
                                 label=f"正在导出 {Path(path).name}", cancellable=False, error_title="导出失败")
