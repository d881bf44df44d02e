"""The 文档库 page of the main window: the reference library (:class:`policydesk.library.Library`).

Add files (in the background, with progress and cancel), set their level, search any substring of two or more
characters, remove (after a confirmation), open a document in a tab.  Every library call runs on a worker with its
own ``Library`` connection (one per thread, as the library requires).
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QTextDocument, QUndoStack
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QSplitter, QTableView, QTextBrowser, QVBoxLayout, QWidget)

from .dialogs import ask_yes_no
from .draftmodels import ChoiceDelegate
from .events import app_events
from .ops import Operation, run_in_background
from .tablemodel import RowTableModel
from .undo import Edit

# county: 县, 区 (市辖区) and 县级市 alike — one level below the city (resources/levels.json aliases 区 / 县级市)
LEVEL_NAMES = {"national": "国家", "provincial": "省", "city": "市", "county": "县级", "other": "其他"}
LEVEL_TIPS = {"county": "县级：县、区（市辖区）、县级市"}


def level_label(level: str) -> str:
    return LEVEL_NAMES.get(level, level)
LEVEL_COLORS = {"national": QColor("#f6d0d0"), "provincial": QColor("#ffe3bf"), "city": QColor("#d6e6fa"),
                "county": QColor("#cdebd3"), "other": QColor("#eeeeee")}
AUTO_LEVEL = "自动判断"


# ---------------------------------------------------------------------------------------------- worker bodies
def _library(create: bool):
    from ..library import Library
    from ..paths import library_path
    path = library_path()
    if not create and not path.exists():
        return None
    return Library(path, create=create)


def list_documents(query: str, ctx=None) -> dict[str, Any]:
    from ..paths import library_path
    lib = _library(create=False)
    if lib is None:
        return {"docs": [], "query": query, "path": str(library_path())}
    with lib:
        docs = lib.search(query, limit=500) if query else [d.to_json() for d in lib.list()]
    return {"docs": docs, "query": query, "path": str(library_path())}


def add_documents(paths: list[str], level: str | None, ocr: bool, ctx, *, hold_duplicates: bool = False):
    """Import ``paths``; with ``hold_duplicates`` a file whose 文号 and title match a stored document (another
    format of the same notice, say) is read but not stored: returns (results, held) with held = [(path, analysis,
    [DocumentInfo…])] for the GUI to ask about."""
    from ..readers import ReadOptions
    from ..readers.render import PDFIUM_LOCK
    if not hold_duplicates:
        with _library(create=True) as lib, PDFIUM_LOCK:       # the readers use pdfium, which is not thread-safe
            return lib.add_many(paths, level=level, read_options=ReadOptions(cancel=ctx.cancelled, ocr=ocr),
                                progress=ctx.progress, cancel=ctx.cancelled)
    from ..api import analyze_path
    from ..errors import Cancelled, LibraryError, PolicydeskError
    from ..library.store import AddResult
    results: list[Any] = []
    held: list[tuple[str, Any, list[Any]]] = []
    with _library(create=True) as lib:
        for n, p in enumerate(paths):
            ctx.check()
            ctx.progress(n, len(paths), str(p))
            try:
                with PDFIUM_LOCK:
                    analysis = analyze_path(p, ReadOptions(cancel=ctx.cancelled, ocr=ocr))
                meta = analysis.meta
                sha = analysis.source.sha256
                same = lib.same_notice(meta.doc_number, meta.title or meta.plan_title, sha)
                if same and (not sha or lib.find_sha256(sha) is None):
                    held.append((p, analysis, same))
                    continue
                results.append(lib.add(p, level=level, analysis=analysis, cancel=ctx.cancelled))
            except (LibraryError, Cancelled, KeyboardInterrupt):
                raise
            except PolicydeskError as e:
                results.append(AddResult(str(p), None, "failed", error=str(e), exit_code=e.exit_code))
        ctx.progress(len(paths), len(paths), "")
    return results, held


def import_folders(folders: list[str], level: str | None, ocr: bool, ctx, *, workers: int = 2):
    """Worker body of 导入文件夹: the library core's bulk import (every document in the folders, recursively; files
    already stored are skipped by their hash; progress per file; 取消 stops at once and keeps what is stored).
    Returns the core's ImportSummary (added / already stored / refused with reason / skipped)."""
    from ..library.bulk import import_paths          # issue 19's core function (wip/library)
    with _library(create=True) as lib:
        return import_paths(lib, folders, level=level, ocr=ocr, workers=workers, progress=ctx.progress,
                            cancel=ctx.cancelled)


def store_analysed(items: list[tuple[str, dict[str, Any]]], level: str | None, ctx) -> list[Any]:
    """Store documents already read (the duplicates the user chose to keep)."""
    with _library(create=True) as lib:
        return [lib.add(p, level=level, analysis=a, cancel=ctx.cancelled) for p, a in items]


def _with_library(fn):
    lib = _library(create=False)
    if lib is None:
        from ..errors import LibraryError
        from ..paths import library_path
        raise LibraryError(f"文档库不存在：{library_path()}。请先导入文件。")
    with lib:
        return fn(lib)


# ---------------------------------------------------------------------------------------------- the model
class LibraryModel(RowTableModel):
    """One library document (its ``to_json`` / search dict) a row."""

    HEADERS = ("编号", "级别", "文号", "标题", "发文机关", "成文日期", "条款", "匹配内容")
    EDITABLE = (1,)                       # 级别, through a ChoiceDelegate
    ID_ROLE = Qt.ItemDataRole.UserRole + 40
    levelEdited = Signal(int, str)        # id, new level

    def __init__(self, parent=None):
        super().__init__(parent)
        self.query = ""

    @property
    def docs(self) -> list[dict[str, Any]]:
        return self.rows

    def set_documents(self, docs: list[dict[str, Any]], query: str) -> None:
        self.query = query
        self.set_rows(docs)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        d = self.docs[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if c == 0:
                return d["id"]
            if c == 1:
                return LEVEL_NAMES.get(d.get("level"), d.get("level")) + ("" if d.get("level_source") == "given" else "（自动）")
            if c == 2:
                return d.get("doc_number") or ""
            if c == 3:
                return d.get("title") or d.get("plan_title") or Path(d.get("path") or "").name
            if c == 4:
                return d.get("issuer") or ""
            if c == 5:
                return d.get("date") or ""
            if c == 6:
                return d.get("clauses")
            if c == 7:
                return d.get("snippet") or ""
        if role == Qt.ItemDataRole.EditRole and c == 1:
            return d.get("level")
        if role == Qt.ItemDataRole.BackgroundRole and c == 1:
            return QBrush(LEVEL_COLORS.get(d.get("level"), QColor("white")))
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == 1:
                return LEVEL_TIPS.get(d.get("level"), "") + ("\n" if d.get("level") in LEVEL_TIPS else "") + "双击修改级别"
            if c in (3, 7):
                return d.get("snippet") or d.get("title") or ""
        if role == Qt.ItemDataRole.TextAlignmentRole and c in (0, 6):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == self.ID_ROLE:
            return d["id"]
        return None

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == 1 and role == Qt.ItemDataRole.EditRole and value in LEVEL_NAMES:
            d = self.docs[index.row()]
            if value != d.get("level") or d.get("level_source") != "given":
                self.levelEdited.emit(int(d["id"]), str(value))
            return True
        return False

    def ids(self) -> list[int]:
        return [int(d["id"]) for d in self.docs]


# ---------------------------------------------------------------------------------------------- the view
class LibraryView(QWidget):
    """文档库: list / search / add / set level / remove / open."""

    openRequested = Signal(object, str)      # the typed Analysis, path
    statusChanged = Signal(str)
    refreshed = Signal()

    def __init__(self, parent=None, *, ocr=lambda: True):
        super().__init__(parent)
        self._ocr = ocr
        self.undo_stack = QUndoStack(self)          # level edits (编辑 → 撤销 / 重做)
        self._emitting = False
        app_events().libraryChanged.connect(self._on_library_changed)
        self.last_op: Operation | None = None
        self.library_path = ""
        self._first_show = os.environ.get("POLICYDESK_GUI_VIEW") == "文档库"    # hidden: screenshots
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(6)
        title = QLabel("上级文件库")
        title.setStyleSheet("font-size:14pt; font-weight:bold; color:#1f3b63;")
        lay.addWidget(title)
        top = QHBoxLayout()
        self.add_button = QPushButton("添加文件…")
        self.add_button.setToolTip("把上级文件（PDF、Word、OFD、文本、图片）导入文档库，供对照使用")
        self.add_button.clicked.connect(self.ask_add)
        top.addWidget(self.add_button)
        self.add_folder_button = QPushButton("导入文件夹…")
        self.add_folder_button.setToolTip("导入一个文件夹（含子文件夹）中的全部文件；已在库中的自动跳过，可随时取消")
        self.add_folder_button.clicked.connect(self.ask_add_folder)
        top.addWidget(self.add_folder_button)
        top.addWidget(QLabel("导入级别："))
        self.add_level = QComboBox()
        self.add_level.addItem(AUTO_LEVEL, None)
        for k, v in LEVEL_NAMES.items():
            self.add_level.addItem(v, k)
            if k in LEVEL_TIPS:
                self.add_level.setItemData(self.add_level.count() - 1, LEVEL_TIPS[k], Qt.ItemDataRole.ToolTipRole)
        top.addWidget(self.add_level)
        top.addSpacing(16)
        top.addWidget(QLabel("检索："))
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("标题或正文中的任意两个字以上，如 消防")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(260)
        self._search_timer = QTimer(self, singleShot=True, interval=300)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.refresh)
        top.addWidget(self.search_edit)
        top.addStretch(1)
        self.level_combo = QComboBox()
        for k, v in LEVEL_NAMES.items():
            self.level_combo.addItem(v, k)
        self.level_button = QPushButton("设为此级别")
        self.level_button.clicked.connect(self._apply_level_combo)
        self.open_button = QPushButton("打开")
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton("删除…")
        self.remove_button.clicked.connect(self.ask_remove)
        top.addWidget(self.level_combo)
        top.addWidget(self.level_button)
        top.addSpacing(8)
        top.addWidget(self.open_button)
        top.addWidget(self.remove_button)
        lay.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.model = LibraryModel(self)
        self.model.levelEdited.connect(self.edit_level)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(1, ChoiceDelegate(LEVEL_NAMES, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        h = self.table.horizontalHeader()
        for c, w in enumerate((48, 104, 150, 330, 120, 100, 48, 300)):
            self.table.setColumnWidth(c, w)
        h.setStretchLastSection(True)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.table.doubleClicked.connect(lambda idx: idx.column() != 1 and self.open_selected())
        split.addWidget(self.table)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        split.addWidget(self.detail)
        split.setSizes([900, 340])
        split.setStretchFactor(0, 1)
        lay.addWidget(split, 1)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color:#555")
        lay.addWidget(self.count_label)
        self._on_selection()

    # ------------------------------------------------------------------ listing
    def _changed(self) -> None:
        """Tell every view that follows the library (the 对照 lists), then re-list here."""
        self._emitting = True
        try:
            app_events().libraryChanged.emit()
        finally:
            self._emitting = False
        self.refresh()

    def _on_library_changed(self) -> None:
        if not self._emitting and self.isVisible():
            self.refresh()

    def printable_document(self) -> QTextDocument:
        th = "".join(f"<th>{h}</th>" for h in self.model.HEADERS[:7])
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(str(self.model.index(r, c).data() or ''))}</td>"
                                        for c in range(7)) + "</tr>" for r in range(self.model.rowCount()))
        doc = QTextDocument()
        doc.setHtml(f"<h3>文档库</h3><p>{html.escape(self.count_label.text())}</p>"
                    f"<table border='1' cellspacing='0' cellpadding='2'><tr>{th}</tr>{rows}</table>")
        return doc

    def refresh(self) -> Operation:
        query = " ".join(self.search_edit.text().split())
        if len(query) == 1:
            query = ""          # one character says nothing: show everything until a second one is typed
        self.last_op = run_in_background(self, lambda ctx: list_documents(query, ctx), on_done=self._show,
                                         label="正在读取文档库", cancellable=False, error_title="无法读取文档库")
        return self.last_op

    def _show(self, found: dict[str, Any]) -> None:
        selected = set(self.selected_ids())
        self.library_path = found.get("path") or ""
        self.model.set_documents(found.get("docs") or [], found.get("query") or "")
        self.table.setColumnHidden(7, not found.get("query"))
        for r, d in enumerate(self.model.docs):
            if d["id"] in selected:
                self.table.selectRow(r)
        q = found.get("query")
        n = len(self.model.docs)
        if q:
            text = f"找到 {n} 个包含“{q}”的文件" if n else f"没有找到包含“{q}”的文件"
        else:
            text = f"共 {n} 个文件" if n else "文档库是空的：点“添加文件…”导入上级文件（国家、省、市的政策文件）"
        self.count_label.setText(f"{text}　·　文档库：{self.library_path}")
        if self._first_show and self.model.docs:
            self._first_show = False
            self.table.selectRow(0)
        self._on_selection()
        self.refreshed.emit()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [int(self.model.docs[r]["id"]) for r in rows if r < len(self.model.docs)]

    def select_id(self, doc_id: int) -> bool:
        for r, d in enumerate(self.model.docs):
            if d["id"] == doc_id:
                self.table.selectRow(r)
                return True
        return False

    def _on_selection(self) -> None:
        ids = self.selected_ids()
        for b in (self.open_button, self.remove_button, self.level_button):
            b.setEnabled(bool(ids))
        self.open_button.setEnabled(len(ids) == 1)
        if len(ids) != 1:
            self.detail.setHtml("<p style='color:#666'>选择一个文件查看详细信息。双击打开，双击“级别”可修改。</p>")
            return
        d = next(x for x in self.model.docs if x["id"] == ids[0])
        rows = [("编号", f"#{d['id']}"), ("标题", d.get("title")), ("印发的文件", d.get("plan_title")),
                ("文号", d.get("doc_number")), ("发文机关", d.get("issuer")), ("成文日期", d.get("date")),
                ("级别", LEVEL_NAMES.get(d.get("level"), "") + ("（自动判断）" if d.get("level_source") != "given" else "")),
                ("条款", d.get("clauses")), ("字数", d.get("chars")), ("导入时间", (d.get("added_at") or "").replace("T", " ")[:16]),
                ("原文件", d.get("path"))]
        cells = "".join(f"<tr><td style='color:#555; padding:2px 10px 2px 0; white-space:nowrap'>{k}</td>"
                        f"<td style='padding:2px 0'>{html.escape(str(v))}</td></tr>" for k, v in rows if v not in (None, ""))
        snippet = d.get("snippet")
        if snippet and self.model.query:
            q = html.escape(self.model.query)
            snippet = html.escape(snippet).replace(q, f"<span style='background:#ffe066'>{q}</span>")
            cells += f"<tr><td style='color:#555'>匹配内容</td><td>{snippet}</td></tr>"
        self.detail.setHtml(f"<table>{cells}</table>")

    # ------------------------------------------------------------------ adding
    def ask_add(self) -> Operation | None:
        from .mainwindow import file_dialog_options, open_filter
        paths, _ = QFileDialog.getOpenFileNames(self, "添加文件到文档库", "", open_filter(), "", file_dialog_options())
        return self.add_files(paths) if paths else None

    def add_files(self, paths: list[str], level: str | None = None) -> Operation:
        level = level or self.add_level.currentData()
        paths = [os.path.abspath(p) for p in paths]
        ocr = bool(self._ocr())
        label = f"正在导入 {len(paths)} 个文件" if len(paths) > 1 else f"正在导入 {Path(paths[0]).name}"
        self.add_button.setEnabled(False)
        self.last_op = run_in_background(self, lambda ctx: add_documents(paths, level, ocr, ctx, hold_duplicates=True),
                                         on_done=lambda res: self._read(res, level), label=label,
                                         error_title="导入未完成")
        self.last_op.finished.connect(lambda: self.add_button.setEnabled(True))
        return self.last_op

    def ask_add_folder(self) -> Operation | None:
        from .mainwindow import file_dialog_options
        folder = QFileDialog.getExistingDirectory(self, "导入文件夹到文档库", "",
                                                  QFileDialog.Option.ShowDirsOnly | file_dialog_options())
        return self.add_folder(folder) if folder else None

    def add_folder(self, folder: str, level: str | None = None) -> Operation:
        """Import a folder recursively through the library's bulk import, with progress and 取消; then the summary."""
        level = level or self.add_level.currentData()
        folder = os.path.abspath(folder)
        ocr = bool(self._ocr())
        self.add_folder_button.setEnabled(False)
        self.add_button.setEnabled(False)
        self.last_op = run_in_background(self, lambda ctx: import_folders([folder], level, ocr, ctx),
                                         on_done=self._folder_imported, label=f"正在导入文件夹 {Path(folder).name}",
                                         error_title="导入未完成")

        def enable() -> None:
            self.add_folder_button.setEnabled(True)
            self.add_button.setEnabled(True)

        self.last_op.finished.connect(enable)
        return self.last_op

    def folder_summary_text(self, summary) -> str:
        """The summary a drafter reads: the core's line, then each refused file with its reason."""
        lines = [summary.line()]
        if summary.cancelled:
            lines.append("已导入的文件完整保存在文档库中；再次导入同一文件夹会跳过它们，继续导入其余文件。")
        if summary.failed:
            lines.append("")
            lines.append("未导入的文件：")
            lines += [f"• {Path(r.path).name}：{(r.error or '无法读取').strip()}" for r in summary.failed]
        if summary.skipped:
            lines.append("")
            lines.append(f"跳过的非文档文件 {len(summary.skipped)} 个：" + "、".join(Path(p).name for p in summary.skipped[:8])
                         + ("…" if len(summary.skipped) > 8 else ""))
        return "\n".join(lines)

    def _folder_imported(self, summary) -> None:
        self.last_summary = summary
        self.statusChanged.emit(summary.line())
        if summary.added:
            self._changed()
        else:
            self.refresh()
        box = QMessageBox.warning if summary.failed else QMessageBox.information
        box(self, "导入已取消" if summary.cancelled else "文件夹导入完成", self.folder_summary_text(summary))

    def _read(self, res, level: str | None) -> None:
        """Ask about each file whose 文号 and title match a stored document; store the ones the user keeps."""
        results, held = res
        keep = []
        for path, analysis, same in held:
            names = "\n".join(f"#{d.id} 《{d.title or d.plan_title or ''}》{d.doc_number or ''}"
                              + (f"（{Path(d.path).name}）" if d.path else "") for d in same)
            if ask_yes_no(self, "文档库中已有同一文件", f"文档库中已有文号和标题都相同的文件：\n{names}\n\n"
                          f"“{Path(path).name}”可能是同一文件的另一种格式。仍要导入吗？"):
                keep.append((path, analysis))
        if not keep:
            self._added(results)
            return
        self.last_op = run_in_background(self, lambda ctx: store_analysed(keep, level, ctx),
                                         on_done=lambda more: self._added(results + list(more)),
                                         label="正在导入", error_title="导入未完成")

    def _added(self, results: list[Any]) -> None:
        added = [r for r in results if r.status == "added"]
        exists = [r for r in results if r.status == "exists"]
        failed = [r for r in results if r.status == "failed"]
        parts = []
        if added:
            parts.append(f"已导入 {len(added)} 个文件")
        if exists:
            parts.append(f"{len(exists)} 个已在库中（" + "、".join(f"#{r.id}" for r in exists) + "）")
        self.statusChanged.emit("，".join(parts) or "没有导入文件")
        if added:
            self._changed()
        else:
            self.refresh()
        if failed:
            msg = f"有 {len(failed)} 个文件未能导入，文档库中没有留下它们的记录：\n\n" + "\n".join(
                f"• {Path(r.path).name}：{(r.error or '无法读取').strip()}" for r in failed)
            if added or exists:
                msg += f"\n\n其余 {len(added) + len(exists)} 个文件已在文档库中。"
            QMessageBox.warning(self, "部分文件未能导入" if (added or exists) else "文件未能导入", msg)

    # ------------------------------------------------------------------ level / remove / open
    def _apply_level_combo(self) -> None:
        level = self.level_combo.currentData()
        for doc_id in self.selected_ids():
            self.edit_level(doc_id, level)

    def edit_level(self, doc_id: int, level: str) -> None:
        """A level edit in the table: an undoable command (编辑 → 撤销 puts the old level back)."""
        d = next((x for x in self.model.docs if x["id"] == doc_id), {})
        old = d.get("level") or "other"
        self.undo_stack.push(Edit(f"修改 #{doc_id} 的级别", lambda: self.set_level(doc_id, level),
                                  lambda: self.set_level(doc_id, old)))

    def set_level(self, doc_id: int, level: str) -> Operation:
        self.last_op = run_in_background(self, lambda ctx: _with_library(lambda lib: lib.set_level(doc_id, level)),
                                         on_done=lambda info: (self.statusChanged.emit(
                                             f"#{info.id} 的级别已改为“{LEVEL_NAMES.get(info.level)}”"), self._changed()),
                                         label="正在修改级别", cancellable=False, error_title="无法修改级别")
        return self.last_op

    def ask_remove(self) -> Operation | None:
        ids = self.selected_ids()
        if not ids:
            return None
        names = [f"#{d['id']} {d.get('title') or Path(d.get('path') or '').name}" for d in self.model.docs if d["id"] in ids]
        if not ask_yes_no(self, "删除文件", f"从文档库中删除以下 {len(ids)} 个文件？\n\n" + "\n".join(names[:12])
                          + ("\n…" if len(names) > 12 else "") + "\n\n（原文件不受影响。）"):
            return None
        return self.remove(ids)

    def remove(self, ids: list[int]) -> Operation:
        ids = list(ids)
        self.last_op = run_in_background(self, lambda ctx: _with_library(lambda lib: [lib.remove(i) for i in ids]),
                                         on_done=lambda infos: (self.statusChanged.emit(f"已从文档库删除 {len(infos)} 个文件"),
                                                                self._changed()),
                                         label="正在删除", cancellable=False, error_title="无法删除")
        return self.last_op

    def open_selected(self) -> Operation | None:
        ids = self.selected_ids()
        return self.open_document(ids[0]) if len(ids) == 1 else None

    def open_document(self, doc_id: int) -> Operation:
        def work(ctx):
            return _with_library(lambda lib: (lib.analysis(doc_id), lib.get(doc_id)))

        def done(res) -> None:
            analysis, info = res
            path = info.path if info.path and os.path.isfile(info.path) else f"文档库#{info.id}-{info.title or ''}"
            self.openRequested.emit(analysis, path)

        self.last_op = run_in_background(self, work, on_done=done, label="正在打开", cancellable=False,
                                         error_title="无法打开")
        return self.last_op
