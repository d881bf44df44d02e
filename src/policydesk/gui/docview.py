"""One opened document: the 结构 / 正文 / 责任分工 views over its ``analysis/1`` dict."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import TYPE_CHECKING

import logging
import re

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QStandardItem, QStandardItemModel, QTextDocument, QUndoStack
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QListView, QListWidget, QListWidgetItem, QPushButton, QSplitter, QTabWidget,
                               QStyle, QTableView, QTextBrowser, QTreeView, QVBoxLayout, QWidget)

from .models import (HEADING_ID_ROLE, LEAD_MARK, PAGE_ROLE, PARAGRAPH_ROLE, SUPPORT_MARK, ResponsibilityFilter,
                     ResponsibilityModel, build_heading_model, count_headings)
from .dialogs import ask_save_path
from .ops import Operation, run_in_background
from .pageview import PageView, is_pdf
from ..export import task_label
from .textview import FindBar, TextView

from .settings import VIEW_NAMES
from . import style

if TYPE_CHECKING:
    from ..analysis.result import Analysis, Task
ALL_UNITS = "全部单位"
log = logging.getLogger("policydesk")

# Reader notices that say nothing a user can act on: kept in the log, not shown (regexes over the notice).
LOG_ONLY_NOTICES = (re.compile(r"伪粗体|重复字符"),)
OCR_NOTICE = re.compile(r"文字识别|OCR|扫描")


def document_title(analysis: Analysis, path: str) -> str:
    return analysis.meta.plan_title or analysis.meta.title or Path(path).stem


class DocumentView(QWidget):
    """The tab of one document."""

    statusChanged = Signal(str)
    dirtyChanged = Signal()

    def __init__(self, analysis: Analysis, path: str, password: str | None = None, parent=None):
        super().__init__(parent)
        self.analysis = analysis
        self.path = str(path)
        self.password = password
        self.title = document_title(analysis, self.path)
        self.tab_title = self.title
        self.undo_stack = QUndoStack(self)          # every editable table of this document (起草's two tables)
        self.paragraphs = {p.index: p for p in analysis.paragraphs}
        self.heading_model: QStandardItemModel = build_heading_model(analysis)
        self.heading_model.setParent(self)
        self._heading_index: dict[str, QModelIndex] = {}
        self._index_headings(QModelIndex())

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        notice = self._notice_text()
        if notice:
            bar = QLabel(notice)
            bar.setWordWrap(True)
            bar.setStyleSheet("background:#fff4ce; color:#5c4400; padding:6px 10px; border-bottom:1px solid #e8d9a0;")
            lay.addWidget(bar)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabPosition(QTabWidget.TabPosition.North)
        lay.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_structure(), "结构")
        self.tabs.addTab(self._build_text(), "正文")
        self.tabs.addTab(self._build_responsibilities(), "责任分工")
        from .compareview import CompareView          # part 2: 对照 and 起草 (their core loads on first use)
        from .draftview import DraftView
        self.compare_view = CompareView(analysis, self.path)
        self.compare_view.statusChanged.connect(self.statusChanged)
        self.tabs.addTab(self.compare_view, "对照")
        self.draft_view = DraftView(analysis, self.path, undo_stack=self.undo_stack)
        self.draft_view.statusChanged.connect(self.statusChanged)
        self.draft_view.dirtyChanged.connect(self.dirtyChanged)
        self.tabs.addTab(self.draft_view, "起草")
        self.tabs.setCurrentIndex(1 if not analysis.headings else 0)
        self._pending_scroll: int | None = None
        self.tabs.currentChanged.connect(self._on_view_changed)

    def _on_view_changed(self, index: int) -> None:
        if VIEW_NAMES[index] == "正文" and self._pending_scroll is not None:
            par, self._pending_scroll = self._pending_scroll, None
            QTimer.singleShot(0, lambda: self.text.scroll_to_paragraph(par))

    # ------------------------------------------------------------------ 结构
    def _build_structure(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeView()
        self.tree.setModel(self.heading_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.expandAll()
        hdr = self.tree.header()
        hdr.setStretchLastSection(False)
        hdr.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2):
            hdr.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current)
        self.tree.activated.connect(lambda idx: self.show_view("正文"))
        split.addWidget(self._titled("标题层级（双击转到正文）", self.tree))
        self.section = QTextBrowser()
        self.section.setOpenLinks(False)
        info = QTextBrowser()
        info.setHtml(self._meta_html())
        info.setOpenLinks(False)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self._titled("文件信息", info))
        right.addWidget(self._titled("本节内容", self.section))
        right.setSizes([260, 420])
        split.addWidget(right)
        split.setSizes([560, 640])
        split.setStretchFactor(1, 1)
        return split

    def _index_headings(self, parent: QModelIndex) -> None:
        m = self.heading_model
        for r in range(m.rowCount(parent)):
            idx = m.index(r, 0, parent)
            self._heading_index[idx.data(HEADING_ID_ROLE)] = idx
            self._index_headings(idx)

    def heading_counts(self) -> dict[int, int]:
        return count_headings(self.heading_model)

    def _meta_html(self) -> str:
        meta = self.analysis.meta
        src = self.analysis.source
        rows = [("标题", meta.title), ("文号", meta.doc_number), ("发文机关", meta.issuer),
                ("成文日期", meta.date), ("主送", "，".join(meta.recipients)),
                ("印发的文件", meta.plan_title), ("公开属性", meta.publicity),
                ("引用文件", "<br>".join(html.escape("《%s》%s" % (c.title or "", c.doc_number or "")
                                                    if c.title else (c.doc_number or ""))
                                         for c in meta.cited)),
                ("文件", f"{src.path or self.path}"),
                ("格式 / 页数", f"{(src.format or '').upper()}" + (f"，{src.pages} 页" if src.pages else ""))]
        cells = []
        for k, v in rows:
            if not v:
                continue
            v = v if k == "引用文件" else html.escape(str(v))
            cells.append(f"<tr><td style='color:#555; padding:3px 12px 3px 0; white-space:nowrap'>{k}</td>"
                         f"<td style='padding:3px 0'>{v}</td></tr>")
        return "<table>" + "".join(cells) + "</table>"

    def _section_html(self, heading_id: str) -> str:
        heading = self.analysis.heading(heading_id)
        if heading is None:
            return ""
        ids = {heading_id} | self._descendants(heading_id)
        parts = []
        for p in self.analysis.paragraphs:
            if p.heading in ids:
                parts.append(f"<p style='margin:0 0 6px 0'>{html.escape(p.text or '')}</p>")
        tasks = [t for t in self.analysis.tasks if t.heading in ids]
        for t in tasks:
            lead = "、".join(t.lead)
            parts.append(f"<p style='margin:0; color:#1f3b63'>任务 {html.escape(task_label(t))}：牵头 "
                         f"{html.escape(lead)}；共 {len(t.units_normalized or t.units)} 个单位</p>")
        return "".join(parts) or "<p style='color:#777'>（本节没有正文）</p>"

    def _descendants(self, hid: str) -> set[str]:
        out: set[str] = set()
        for h in self.analysis.headings:
            if h.parent == hid:
                out.add(h.id)
                out |= self._descendants(h.id)
        return out

    def _on_tree_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        idx = current.siblingAtColumn(0)
        hid = idx.data(HEADING_ID_ROLE)
        if hid is None:
            return
        self.section.setHtml(self._section_html(hid))
        self._sync_outline(idx)
        par = idx.data(PARAGRAPH_ROLE)
        if par is not None:
            self.text.scroll_to_paragraph(int(par))
            self._pending_scroll = int(par)       # redone when 正文 shows (its layout width may change)
        elif idx.data(PAGE_ROLE):
            self.page_view.show_page(int(idx.data(PAGE_ROLE)))

    # ------------------------------------------------------------------ 正文
    def _build_text(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal)
        self.outline = QTreeView()
        self.outline.setModel(self.heading_model)          # same model, second view
        self.outline.setHeaderHidden(True)
        for c in (1, 2):
            self.outline.setColumnHidden(c, True)
        self.outline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.outline.expandAll()
        self.outline.selectionModel().currentChanged.connect(
            lambda cur, prev: self._select_in_tree(cur.siblingAtColumn(0)))
        self.text = TextView()
        self.text.set_analysis(self.analysis)
        if not self.analysis.paragraphs:
            self.text.setPlainText("（分析结果中没有正文段落。）")
        self.find_bar = FindBar(self.text)
        middle = QWidget()
        ml = QVBoxLayout(middle)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.setSpacing(0)
        ml.addWidget(self.text, 1)
        ml.addWidget(self.find_bar)
        legend = QLabel("<span style='background:#dcebfa'>&nbsp;责任单位&nbsp;</span>&nbsp;&nbsp;"
                        "<span style='background:#fff0b3'>&nbsp;目标&nbsp;</span>&nbsp;&nbsp;"
                        "<span style='background:#fadcdc'>&nbsp;时限&nbsp;</span>"
                        + ("&nbsp;&nbsp;<span style='background:#ffd8a8; text-decoration:underline'>&nbsp;待确认"
                           "（鼠标停留看原因）&nbsp;</span>" if self.analysis.warnings else ""))
        legend.setContentsMargins(8, 2, 8, 2)
        ml.addWidget(legend)
        self.page_view = PageView()
        pdf = is_pdf(self.path)
        self.page_view.set_pdf(self.path if pdf else None, self.analysis.source.pages if pdf else 0, self.password)
        self.text.paragraphChanged.connect(self._on_paragraph)
        self._scroll_timer = QTimer(self, singleShot=True, interval=120)
        self._scroll_timer.timeout.connect(self._follow_scroll)
        self.text.verticalScrollBar().valueChanged.connect(lambda _v: self._scroll_timer.start())
        self.text.layoutChanged.connect(self._scroll_timer.start)      # (a relayout moves what is on screen)
        split.addWidget(self.outline)
        split.addWidget(middle)
        split.addWidget(self.page_view)
        self.page_view.setVisible(pdf)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)
        split.setSizes([230, 620, 430])
        self.text_splitter = split
        return split

    def _on_paragraph(self, index: int) -> None:
        p = self.paragraphs.get(index)
        if p and p.page:
            self.page_view.show_page(int(p.page))
        if p:
            self.statusChanged.emit(f"第 {index + 1} 段" + (f"，第 {p.page} 页" if p.page else ""))

    def _follow_scroll(self) -> None:
        """Scrolling the text turns the page image to the page of the first visible paragraph."""
        p = self.paragraphs.get(self.text.first_visible_paragraph())
        if p and p.page:
            self.page_view.show_page(int(p.page))

    def _sync_outline(self, idx: QModelIndex) -> None:
        sel = self.outline.selectionModel()
        if sel.currentIndex().siblingAtColumn(0) != idx:
            sel.blockSignals(True)
            sel.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            sel.blockSignals(False)
            self.outline.scrollTo(idx)

    def _select_in_tree(self, idx: QModelIndex) -> None:
        if idx.isValid():
            self.tree.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def select_heading(self, heading_id: str) -> bool:
        idx = self._heading_index.get(heading_id)
        if idx is None:
            return False
        self._select_in_tree(idx)
        self.tree.scrollTo(idx)
        return True

    # ------------------------------------------------------------------ 责任分工
    def _build_responsibilities(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(8, 6, 8, 6)
        top = QHBoxLayout()
        self.resp_model = ResponsibilityModel(self.analysis, self)
        self.resp_proxy = ResponsibilityFilter(self)
        self.resp_proxy.setSourceModel(self.resp_model)
        self.unit_combo = QComboBox()
        self.unit_combo.setMinimumContentsLength(14)
        self.unit_combo.addItem(ALL_UNITS, None)
        for u in self.resp_model.units:
            self.unit_combo.addItem(f"{u.name}（{len(u.tasks)}）", u.name)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索任务或单位")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaximumWidth(260)
        self.export_button = QPushButton("导出 Excel…")
        self.export_button.setToolTip("把责任分工表导出为 .xlsx 文件")
        self.summary_label = QLabel()
        top.addWidget(QLabel("单位："))
        top.addWidget(self.unit_combo)
        top.addSpacing(12)
        top.addWidget(self.search_edit)
        top.addSpacing(12)
        top.addWidget(self.summary_label)
        top.addStretch(1)
        top.addWidget(QLabel(f"<span style='color:#b22222'>{LEAD_MARK}</span> 牵头　"
                             f"<span style='color:#2f5d8a'>{SUPPORT_MARK}</span> 配合"))
        top.addSpacing(12)
        top.addWidget(self.export_button)
        lay.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableView()
        self.table.setModel(self.resp_proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()                  # 编号 already names each row
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setMinimumSectionSize(8)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 1)   # 20 tasks fit at 1366×768
        h = self.table.horizontalHeader()
        h.setDefaultAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        h.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        h.setMinimumSectionSize(24)
        fixed = len(ResponsibilityModel.FIXED)
        em = self.fontMetrics().horizontalAdvance("国")
        odd = any(t.unrecognised_units for t in self.analysis.tasks)      # room for the 待确认 icon
        self.table.setColumnWidth(0, 4 * em + 12 + (self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 6
                                                    if odd else 0))
        self.table.setColumnWidth(1, 11 * em)
        self.table.setColumnWidth(2, 6 * em)
        for c in range(fixed, self.resp_model.columnCount()):
            self.table.setColumnWidth(c, 2 * em + 10)     # unit heads: horizontal, two characters a line
        h.sectionClicked.connect(self._on_header_clicked)
        self.table.selectionModel().currentChanged.connect(self._on_table_current)
        self.table.doubleClicked.connect(self._on_table_double)
        split.addWidget(self.table)

        box = QGroupBox("单位任务清单")
        bl = QVBoxLayout(box)
        self.unit_label = QLabel("在左侧选择单位或单元格")
        self.unit_label.setWordWrap(True)
        self.unit_tasks_model = QStandardItemModel(self)
        self.unit_tasks = QListView()
        self.unit_tasks.setModel(self.unit_tasks_model)
        self.unit_tasks.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.unit_tasks.setWordWrap(True)
        self.unit_tasks.activated.connect(self._on_unit_task_activated)
        bl.addWidget(self.unit_label)
        bl.addWidget(self.unit_tasks, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(box)
        right.addWidget(self._build_pending())
        split.addWidget(right)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([1000, 230])
        lay.addWidget(split, 1)

        self.unit_combo.currentIndexChanged.connect(lambda i: self.filter_unit(self.unit_combo.itemData(i)))
        self.search_edit.textChanged.connect(self._on_search)
        self.export_button.clicked.connect(self.ask_export)
        self._update_summary()
        return page

    def filter_unit(self, unit: str | None) -> None:
        self.resp_proxy.set_unit(unit)
        i = self.unit_combo.findData(unit)
        if i >= 0 and i != self.unit_combo.currentIndex():
            self.unit_combo.setCurrentIndex(i)
        if unit:
            self.show_unit_tasks(unit)
        self._update_summary()

    def _on_search(self, text: str) -> None:
        self.resp_proxy.set_search(text)
        self._update_summary()

    def _update_summary(self) -> None:
        n, total = self.resp_proxy.rowCount(), self.resp_model.rowCount()
        self.summary_label.setText(f"显示 {n} / {total} 项任务，{len(self.resp_model.units)} 个单位")

    def _on_header_clicked(self, section: int) -> None:
        unit = self.resp_model.unit_at(section)
        if unit:
            self.show_unit_tasks(unit)

    def _on_table_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        unit = self.resp_model.unit_at(current.column())
        if unit:
            self.show_unit_tasks(unit)

    def _on_table_double(self, index: QModelIndex) -> None:
        task = index.data(Qt.ItemDataRole.UserRole + 6)
        if task:
            self.go_to_task(task)

    def go_to_task(self, task: Task) -> None:
        self.go_to_paragraph(task.paragraph)

    def go_to_paragraph(self, index: int | None) -> None:
        self.show_view("正文")
        if isinstance(index, int):
            self.text.scroll_to_paragraph(index)

    # -- 待确认: what the analysis could not read with confidence (warnings, units it does not know)
    def pending_items(self) -> list[tuple[str, str, int | None]]:
        """(line, reason, paragraph) for every analysis warning, then every task with units not recognised."""
        from .textview import warning_text
        out: list[tuple[str, str, int | None]] = []
        for w in self.analysis.warnings:
            label = warning_text(w).split("——")[0].removeprefix("待确认：")
            where = f"第 {w.paragraph + 1} 段" if w.paragraph is not None else "全文"
            out.append((f"{label}：{w.text or '（无原文）'}（{where}）", w.why or label, w.paragraph))
        listed = {(w.paragraph, w.text) for w in self.analysis.warnings}
        for t in self.analysis.tasks:
            for u in t.unrecognised_units:
                if (t.paragraph, u.name) in listed:
                    continue
                out.append((f"任务 {task_label(t)} 的单位“{u.name}”未能识别", u.reason or "单位规则不认识这个名称，已按原文保留",
                            t.paragraph))
        return out

    def _build_pending(self) -> QWidget:
        items = self.pending_items()
        self.pending_box = QGroupBox(f"待确认（{len(items)}）")
        self.pending_box.setToolTip("分析时没有把握的内容：括注未能解析、单位名称未能识别、文号需修正。双击定位到正文。")
        pl = QVBoxLayout(self.pending_box)
        self.pending_list = QListWidget()
        self.pending_list.setWordWrap(True)
        for line, why, par in items:
            it = QListWidgetItem(line)
            it.setToolTip(why)
            it.setData(Qt.ItemDataRole.UserRole, par)
            it.setForeground(QBrush(style.COLOR_UNRECOGNISED))
            self.pending_list.addItem(it)
        self.pending_list.itemActivated.connect(lambda it: self.go_to_paragraph(it.data(Qt.ItemDataRole.UserRole)))
        self.pending_list.itemDoubleClicked.connect(
            lambda it: self.go_to_paragraph(it.data(Qt.ItemDataRole.UserRole)))
        pl.addWidget(self.pending_list)
        self.pending_box.setVisible(bool(items))
        return self.pending_box

    def unit_task_list(self, unit: str) -> list[tuple[Task, str]]:
        """The unit's tasks with its role in each ("lead"/"support"), in document order."""
        m = self.resp_model
        return [(t, m.roles[i][unit]) for i, t in enumerate(m.tasks) if unit in m.roles[i]]

    def show_unit_tasks(self, unit: str) -> None:
        items = self.unit_task_list(unit)
        lead = sum(1 for _, r in items if r == "lead")
        self.unit_label.setText(f"<b>{html.escape(unit)}</b>：共 {len(items)} 项，牵头 {lead} 项，配合 {len(items) - lead} 项")
        self.unit_tasks_model.clear()
        for task, role in items:
            it = QStandardItem(f"{LEAD_MARK if role == 'lead' else SUPPORT_MARK} {task_label(task)} "
                               f"{task.title or ''}（{'牵头' if role == 'lead' else '配合'}）")
            it.setToolTip(task.text or "")
            it.setData(task, Qt.ItemDataRole.UserRole + 6)
            self.unit_tasks_model.appendRow(it)

    def _on_unit_task_activated(self, index: QModelIndex) -> None:
        task = index.data(Qt.ItemDataRole.UserRole + 6)
        if task:
            self.go_to_task(task)

    # ------------------------------------------------------------------ export
    def default_export_name(self) -> str:
        return f"{Path(self.path).stem}-责任分工.xlsx"

    def ask_export(self) -> Operation | None:
        start = os.path.join(os.path.dirname(self.path), self.default_export_name())
        chosen = ask_save_path(self, "导出责任分工表", start, "Excel 工作簿 (*.xlsx)", ".xlsx")
        return self.export_xlsx(chosen[0], force=chosen[1]) if chosen else None

    def export_xlsx(self, path: str, *, force: bool = False) -> Operation:
        from ..export import export_responsibilities
        analysis = self.analysis

        def done(p) -> None:
            self.statusChanged.emit(f"已导出：{p}")

        return run_in_background(self, lambda ctx: export_responsibilities(analysis, path, force=force),
                                 on_done=done, label=f"正在导出 {Path(path).name}", cancellable=False,
                                 error_title="导出失败")

    # ------------------------------------------------------------------ helpers
    def show_view(self, name: str) -> None:
        if name in VIEW_NAMES:
            self.tabs.setCurrentIndex(VIEW_NAMES.index(name))

    def current_view(self) -> str:
        return VIEW_NAMES[self.tabs.currentIndex()]

    def summary(self) -> str:
        src = self.analysis.source
        counts = self.heading_counts()
        parts = []
        if src.pages:
            parts.append(f"{src.pages} 页")
        names = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
        parts += [f"{names.get(k, '标题')} {v}" for k, v in sorted(counts.items())]
        parts.append(f"任务 {len(self.analysis.tasks)}")
        parts.append(f"单位 {len(self.resp_model.units)}")
        return " · ".join(parts)

    def _notice_text(self) -> str:
        """One banner: the OCR note once, reader notices a user can act on; the others go to the log only."""
        src = self.analysis.source
        notes = []
        if src.ocr_pages:
            pages = "、".join(str(p) for p in src.ocr_pages)
            notes.append(f"第 {pages} 页没有文字层，内容由文字识别（OCR）得到，请对照右侧原文页面核对。")
        for w in src.warnings:
            w = str(w)
            if any(rx.search(w) for rx in LOG_ONLY_NOTICES) or (src.ocr_pages and OCR_NOTICE.search(w)):
                log.info("reader notice (not shown): %s: %s", self.path, w)
                continue
            if w not in notes:
                notes.append(w)
        if not self.analysis.headings:
            notes.append("未识别出标题层级：该文件可能不是实施方案类公文，或版式特殊。")
        return "\n".join(notes)

    # ------------------------------------------------------------------ zoom, find, print, unsaved edits
    def set_zoom(self, steps: int) -> None:
        """Zoom every text of this document and its page image by ``steps`` points (0 = normal)."""
        from .style import TEXT_POINT_SIZE
        self.text.set_point_size(TEXT_POINT_SIZE + steps)
        factor = (TEXT_POINT_SIZE + steps) / TEXT_POINT_SIZE
        self.page_view.set_zoom(factor)
        self.compare_view.set_zoom(steps)
        self.draft_view.set_zoom(steps)

    def find_bar_for_view(self):
        """The find bar of the current view (正文 also for 结构), None where a search box does the job."""
        view = self.current_view()
        if view in ("正文", "结构"):
            return self.find_bar
        if view == "对照":
            return self.compare_view.find_bar
        if view == "起草":
            return self.draft_view.find_bar
        return None

    def open_find(self) -> None:
        """Ctrl+F within the current view."""
        view = self.current_view()
        if view == "责任分工":
            self.search_edit.setFocus()
            self.search_edit.selectAll()
            return
        if view == "结构":
            self.show_view("正文")
        self.find_bar_for_view().open_bar()

    def printable_document(self) -> QTextDocument:
        """What the current view shows, as a document to print (Ctrl+P)."""
        view = self.current_view()
        if view == "正文":
            return self.text.document().clone()
        if view == "对照":
            return self.compare_view.printable_document()
        if view == "起草":
            return self.draft_view.printable_document()
        doc = QTextDocument()
        doc.setDefaultFont(self.text.document().defaultFont())
        doc.setHtml(self._structure_html() if view == "结构" else self._responsibility_html())
        return doc

    def _structure_html(self) -> str:
        rows = "".join(f"<p style='margin:{'8px 0 2px 0; font-weight:bold' if h.level == 1 else '0 0 0 2em'}'>"
                       f"{html.escape((h.number or '') + (h.title or ''))}"
                       + (f"　<span style='color:#777'>第 {h.page} 页</span>" if h.page else "") + "</p>"
                       for h in self.analysis.headings)
        return f"<h3>{html.escape(self.title)}：标题层级</h3>" + self._meta_html() + rows

    def _responsibility_html(self) -> str:
        from ..export import responsibility_rows
        header, rows = responsibility_rows(self.analysis)
        keep = [r for r in range(self.resp_proxy.rowCount())]
        shown = {self.resp_proxy.mapToSource(self.resp_proxy.index(r, 0)).row() for r in keep}
        th = "".join(f"<th style='font-size:8pt'>{html.escape(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
                       for i, row in enumerate(rows) if i in shown)
        return (f"<h3>{html.escape(self.title)}：责任分工</h3><p>● 牵头　○ 配合</p>"
                f"<table border='1' cellspacing='0' cellpadding='2'><tr>{th}</tr>{body}</table>")

    def has_unsaved_changes(self) -> bool:
        return self.draft_view.has_unsaved_changes()        # placeholders are kept as typed (settings)

    def unsaved_description(self) -> str:
        dv = self.draft_view
        parts = [name for name, dirty in (("单位对应表", dv.mapping_model.dirty), ("任务取舍", dv.decisions_model.dirty))
                 if dirty]
        return f"起草（{'、'.join(parts) or '单位对应表'}）"

    def save_changes(self) -> bool:
        dv = self.draft_view
        if dv.mapping_model.dirty and not dv.save_mapping():
            return False
        return not dv.decisions_model.dirty or dv.ask_save_decisions()

    @staticmethod
    def _titled(title: str, widget: QWidget) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lab = QLabel(title)
        lab.setStyleSheet("font-weight:bold; padding:4px 6px;")
        lay.addWidget(lab)
        lay.addWidget(widget, 1)
        return w
