"""The 起草 view of a document: a county draft from the opened city plan, through :mod:`policydesk.draft`.

Choose a county profile (or make / edit one: saved to ``POLICYDESK_HOME/counties`` by ``save_profile``), review and
edit the agency mapping (saved to ``POLICYDESK_HOME/agency_mapping.tsv`` by ``save_mapping``) and the placeholders
(values remembered per county in the settings), preview the outline with what was mapped, flagged or left to fill,
then write the Word draft, the task ledger (.xlsx) and the 起草说明 into a folder and offer to open it.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QSplitter, QTabWidget, QTableView, QTextBrowser, QVBoxLayout, QWidget)

from .dialogs import ask_overwrite, ask_yes_no
from .draftmodels import CHANGE_NAMES, KIND_NAMES, STATUS_NAMES, ChoiceDelegate, MappingModel, PlaceholderModel
from .ops import Operation, run_in_background

DATE_RX = re.compile(r"\d{4}年([1-9]|1[0-2])月([1-9]|[12]\d|3[01])日")
FILLED = "filled"                 # preview-only segment kind: a placeholder the drafter filled in
SEGMENT_STYLE = {"confirm": "background:#b9ecec", "flag": "background:#f8c8dc", "placeholder": "background:#ffe066",
                 "target": "background:#fff4bf", FILLED: "background:#cdebd3"}
FONT_PRESETS = {"gb2312": "仿宋_GB2312 等（gb2312）", "windows": "仿宋/楷体/黑体（windows）"}


# ---------------------------------------------------------------------------------------------- plain helpers
def fill_placeholders(result, values: dict[str, str], *, kind: str = "text") -> int:
    """Put the drafter's text in place of each 【待补充：…】 that has a value; returns how many were filled."""
    from ..draft.model import PLACEHOLDER
    n = 0
    for block in result.blocks:
        for seg in block.segments:
            if seg.kind == PLACEHOLDER and values.get(seg.text):
                seg.text = values[seg.text]
                seg.kind = kind
                n += 1
    return n


def build_draft(analysis: dict[str, Any], profile, options, rules, values: dict[str, str], *, preview: bool):
    """make_draft with the edited mapping, then the filled placeholders. Returns (result, placeholder counts)."""
    from ..draft import AgencyMapping, load_profiles, make_draft
    from ..errors import InputError
    if not analysis.get("headings") and not analysis.get("tasks"):
        raise InputError("未能从该文件中识别出方案的结构（标题层级、责任分工），无法生成草稿。请确认这是一份市级实施方案类文件。")
    from ..analysis.result import Analysis
    result = make_draft(Analysis.from_json(analysis), profile, options, mapping=AgencyMapping(list(rules)), profiles=load_profiles())
    counts = Counter(result.placeholders)
    fill_placeholders(result, values, kind=FILLED if preview else "text")
    return result, counts


def output_paths(folder: str, result, *, ledger: bool, note: bool) -> dict[str, Path | None]:
    from ..draft import default_output_name
    draft = Path(folder) / default_output_name(result)
    stem = draft.stem
    return {"draft": draft, "ledger": draft.with_name(f"{stem}-分工表.xlsx") if ledger else None,
            "note": draft.with_name(f"{stem}-起草说明.docx") if note else None}


def preview_html(result) -> str:
    """The draft as the drafter will see it: title, outline, body with the marks, and each task's source."""
    out = ["<div style='text-align:center; font-size:15pt; font-weight:bold; margin:6px 0 10px 0'>"
           + "<br>".join(html.escape(t) for t in result.title_lines) + "</div>"]
    for b in result.blocks:
        parts = []
        for s in b.segments:
            t = html.escape(s.text)
            style = SEGMENT_STYLE.get(s.kind)
            if s.kind == "heading":
                t = f"<b>{t}</b>"
            if style:
                t = f"<span style='{style}'>{t}</span>"
            parts.append(t)
        text = "".join(parts)
        if b.kind == "heading" and (b.level or 1) == 1:
            out.append(f"<p style='margin:10px 0 4px 0; font-weight:bold; color:#1f3b63'>{text}</p>")
        else:
            out.append(f"<p style='margin:2px 0; text-indent:2em'>{text}</p>")
        if b.comment:
            out.append(f"<p style='margin:0 0 4px 2em; color:#7a7a7a; font-size:9pt'>"
                       f"{html.escape(b.comment).replace(chr(10), '；')}</p>")
    if result.ledger:
        out.append(f"<p style='margin-top:10px; color:#1f3b63'><b>附件：重点任务分工表</b>（{len(result.ledger)} 项）</p>")
    return "".join(out)


# ---------------------------------------------------------------------------------------------- profile dialog
class ProfileDialog(QDialog):
    """新建 / 编辑 a county profile: the fields a drafter knows; the rest keep their defaults."""

    FIELDS = (("name", "全称", "如：如东县"), ("short_name", "简称", "如：如东"), ("city", "所属市", "如：南通市"),
              ("subordinates", "所属镇（街道）和园区", "替换“各县（市、区）人民政府”的写法"),
              ("recipients", "主送机关", "印发通知的主送"), ("copy_to", "抄送机关", "版记中的抄送"),
              ("doc_number_prefix", "发文机关代字", "如：东政发（不知道可留空）"))

    def __init__(self, profile=None, parent=None):
        super().__init__(parent)
        self.profile = profile
        self.setWindowTitle("编辑县（市、区）配置" if profile else "新建县（市、区）配置")
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        self.level = QComboBox()
        for lv, name in (("县", "县"), ("区", "区（市辖区）"), ("市", "市（县级市）")):
            self.level.addItem(name, lv)
        for key, label, hint in self.FIELDS:
            e = QLineEdit()
            e.setPlaceholderText(hint)
            if profile is not None:
                e.setText(str(getattr(profile, key) or ""))
            self.edits[key] = e
            form.addRow(label + "：", e)
            if key == "short_name":
                form.addRow("级别：", self.level)
        if profile is not None:
            self.level.setCurrentIndex(max(0, self.level.findData(profile.level)))
        note = QLabel("保存到本机的用户配置中（覆盖同名的内置配置），下次起草时可直接选用。")
        note.setWordWrap(True)
        note.setStyleSheet("color:#666")
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        v: dict[str, Any] = {k: e.text().strip() for k, e in self.edits.items()}
        v["level"] = self.level.currentData()
        v["doc_number_prefix"] = v["doc_number_prefix"] or None
        return v

    def make_profile(self):
        """The edited profile, or raise ValueError with a Chinese message."""
        from dataclasses import replace
        from ..draft import CountyProfile
        v = self.values()
        if not v["name"] or not v["short_name"]:
            raise ValueError("请填写全称和简称。")
        if not v["name"].endswith(("县", "区", "市")):
            raise ValueError("全称应以“县”“区”或“市”结尾，如 如东县、崇川区、如皋市。")
        if self.profile is not None and self.profile.name == v["name"]:
            return replace(self.profile, **v)
        return CountyProfile(name=v["name"], short_name=v["short_name"], level=v["level"], city=v["city"],
                             subordinates=v["subordinates"], recipients=v["recipients"], copy_to=v["copy_to"],
                             doc_number_prefix=v["doc_number_prefix"],
                             editable_defaults=["recipients", "subordinates", "copy_to"])


# ---------------------------------------------------------------------------------------------- the view
def _hint_page(hint: str) -> tuple[QWidget, QVBoxLayout]:
    """A side-tab page that starts with a wrapped hint; its layout for the rest."""
    page = QWidget()
    lay = QVBoxLayout(page)
    lay.setContentsMargins(4, 4, 4, 4)
    label = QLabel(hint)
    label.setWordWrap(True)
    lay.addWidget(label)
    return page, lay


class DraftView(QWidget):
    """The 起草 tab of a document view."""

    statusChanged = Signal(str)
    previewed = Signal(object)           # DraftResult after it is shown
    exported = Signal(object)            # WrittenFiles

    def __init__(self, analysis: dict[str, Any], path: str, parent=None):
        super().__init__(parent)
        self.analysis = analysis
        self.path = str(path)
        self.profiles: list[Any] = []
        self.result = None
        self.preview_op: Operation | None = None
        self._loaded = False
        self._settings = None
        self._preview_timer = QTimer(self, singleShot=True, interval=250)
        self._preview_timer.timeout.connect(self.refresh_preview)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(6)
        lay.addLayout(self._build_top())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._build_preview())
        split.addWidget(self._build_tables())
        split.setSizes([640, 620])
        lay.addWidget(split, 1)
        lay.addLayout(self._build_bottom())

    # ------------------------------------------------------------------ construction
    def _build_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.addWidget(QLabel("县（市、区）："))
        self.county_combo = QComboBox()
        self.county_combo.setMinimumContentsLength(8)
        self.county_combo.currentIndexChanged.connect(self._on_county)
        top.addWidget(self.county_combo)
        self.new_profile_button = QPushButton("新建…")
        self.new_profile_button.setToolTip("为其他县（市、区）新建配置")
        self.new_profile_button.clicked.connect(lambda: self.edit_profile(new=True))
        self.edit_profile_button = QPushButton("编辑…")
        self.edit_profile_button.setToolTip("修改当前县（市、区）的名称、所属镇街、主送、抄送等")
        self.edit_profile_button.clicked.connect(lambda: self.edit_profile(new=False))
        top.addWidget(self.new_profile_button)
        top.addWidget(self.edit_profile_button)
        top.addSpacing(16)
        self.wrapper_box = QCheckBox("加印发通知（版头）")
        self.wrapper_box.toggled.connect(self._schedule_preview)
        top.addWidget(self.wrapper_box)
        top.addWidget(QLabel("字体："))
        self.fonts_combo = QComboBox()
        for k, v in FONT_PRESETS.items():
            self.fonts_combo.addItem(v, k)
        top.addWidget(self.fonts_combo)
        top.addWidget(QLabel("发文字号："))
        self.docno_edit = QLineEdit()
        self.docno_edit.setPlaceholderText("留空则待补充")
        self.docno_edit.setMaximumWidth(140)
        top.addWidget(self.docno_edit)
        top.addWidget(QLabel("成文日期："))
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText("如 2021年6月3日")
        self.date_edit.setMaximumWidth(130)
        top.addWidget(self.date_edit)
        top.addStretch(1)
        return top

    def _build_preview(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        head = QHBoxLayout()
        t = QLabel("草稿预览")
        t.setStyleSheet("font-weight:bold; padding:3px 4px; color:#1f3b63;")
        head.addWidget(t)
        head.addStretch(1)
        legend = QLabel("".join(f"<span style='{SEGMENT_STYLE[k]}'>&nbsp;{n}&nbsp;</span>&nbsp;"
                                for k, n in (("confirm", "须核实"), ("flag", "其他县"), ("placeholder", "待补充"),
                                             ("target", "市目标/时限"), (FILLED, "已填写"))))
        head.addWidget(legend)
        lay.addLayout(head)
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setHtml("<p style='color:#666'>选择县（市、区）后显示草稿预览。</p>")
        lay.addWidget(self.preview, 1)
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        lay.addWidget(self.counts_label)
        return w

    def _build_tables(self) -> QWidget:
        self.side_tabs = QTabWidget()
        # mapping
        page, pl = _hint_page("市方案的单位和用语如何改为本级的写法（双击单元格修改；保存后下次起草沿用）。")
        self.mapping_model = MappingModel(self)
        self.mapping_model.changed.connect(self._on_mapping_changed)
        self.mapping_model.rejected.connect(lambda msg: QMessageBox.warning(self, "无法修改", msg))
        self.mapping_table = QTableView()
        self.mapping_table.setModel(self.mapping_model)
        self.mapping_table.setItemDelegateForColumn(0, ChoiceDelegate(KIND_NAMES, self.mapping_table))
        self.mapping_table.setItemDelegateForColumn(3, ChoiceDelegate(STATUS_NAMES, self.mapping_table))
        self.mapping_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.mapping_table.setAlternatingRowColors(True)
        self.mapping_table.verticalHeader().setDefaultSectionSize(24)
        self.mapping_table.setWordWrap(False)
        for c, w in enumerate((84, 170, 170, 112, 64, 300)):
            self.mapping_table.setColumnWidth(c, w)
        pl.addWidget(self.mapping_table, 1)
        row = QHBoxLayout()
        self.add_rule_button = QPushButton("添加一行")
        self.add_rule_button.clicked.connect(self.add_rule)
        self.remove_rule_button = QPushButton("删除所选行")
        self.remove_rule_button.clicked.connect(self.remove_selected_rules)
        self.reset_mapping_button = QPushButton("恢复内置对应表")
        self.reset_mapping_button.clicked.connect(self.reset_mapping)
        self.save_mapping_button = QPushButton("保存对应表")
        self.save_mapping_button.clicked.connect(self.save_mapping)
        for b in (self.add_rule_button, self.remove_rule_button, self.reset_mapping_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.save_mapping_button)
        pl.addLayout(row)
        self.side_tabs.addTab(page, "单位对应表")
        # placeholders
        page, pl = _hint_page("草稿中须由本级确定的内容。填写后导出的草稿中直接使用所填内容（按县分别记住）。")
        self.placeholder_model = PlaceholderModel(self)
        self.placeholder_model.changed.connect(self._on_placeholders_changed)
        self.placeholder_table = QTableView()
        self.placeholder_table.setModel(self.placeholder_model)
        self.placeholder_table.verticalHeader().hide()
        self.placeholder_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.placeholder_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.placeholder_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        pl.addWidget(self.placeholder_table, 1)
        self.side_tabs.addTab(page, "待补充内容")
        # changes
        self.changes_model = QStandardItemModel(self)
        self.changes_table = QTableView()
        self.changes_table.setModel(self.changes_model)
        self.changes_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changes_table.setSortingEnabled(True)
        self.changes_table.verticalHeader().hide()
        self.changes_table.setWordWrap(False)
        self.side_tabs.addTab(self.changes_table, "修改清单")
        return self.side_tabs

    def _build_bottom(self) -> QHBoxLayout:
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("输出文件夹："))
        self.folder_edit = QLineEdit(os.path.dirname(os.path.abspath(self.path)))
        bottom.addWidget(self.folder_edit, 1)
        browse = QPushButton("浏览…")
        browse.clicked.connect(self.ask_folder)
        bottom.addWidget(browse)
        bottom.addSpacing(12)
        self.draft_box = QCheckBox("草稿（Word）")
        self.draft_box.setChecked(True)
        self.draft_box.setEnabled(False)
        self.ledger_box = QCheckBox("任务分工表（Excel）")
        self.ledger_box.setChecked(True)
        self.note_box = QCheckBox("起草说明（Word）")
        self.note_box.setChecked(True)
        for b in (self.draft_box, self.ledger_box, self.note_box):
            bottom.addWidget(b)
        bottom.addSpacing(12)
        self.export_button = QPushButton("生成草稿")
        self.export_button.setStyleSheet("font-weight:bold;")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.ask_export)
        bottom.addWidget(self.export_button)
        return bottom

    # ------------------------------------------------------------------ settings
    def gui_settings(self):
        """The main window's QSettings (or the app's settings file when the view stands alone)."""
        if self._settings is None:
            win = self.window()
            self._settings = getattr(win, "settings", None) if win is not self else None
            if self._settings is None:
                from .settings import open_settings
                self._settings = open_settings()
        return self._settings

    def saved_values(self, stem: str) -> dict[str, str]:
        raw = self.gui_settings().value(f"draft/placeholders/{stem}", "")
        try:
            data = json.loads(raw) if raw else {}
        except (TypeError, ValueError):
            data = {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    # ------------------------------------------------------------------ loading
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            QTimer.singleShot(0, self.load)

    def load(self, select: str | None = None) -> None:
        """Profiles and the mapping table (small files, read here); then the first preview."""
        from ..draft import load_mapping, load_profiles
        from ..errors import PolicydeskError
        self._loaded = True
        try:
            self.profiles = load_profiles()
            mapping = load_mapping()
        except PolicydeskError as e:
            QMessageBox.warning(self, "无法读取起草配置", str(e))
            return
        if not self.mapping_model.dirty:
            self.mapping_model.set_rules(mapping.rules)
        s = self.gui_settings()
        wanted = select or os.environ.get("POLICYDESK_GUI_SELECT") or str(s.value("draft/county", "") or "")
        self.county_combo.blockSignals(True)
        self.county_combo.clear()
        for p in self.profiles:
            self.county_combo.addItem(f"{p.name}", p.stem)
        idx = next((i for i, p in enumerate(self.profiles)
                    if wanted and wanted in (p.name, p.stem, p.short_name)), 0)
        self.county_combo.setCurrentIndex(idx if self.profiles else -1)
        self.county_combo.blockSignals(False)
        folder = str(s.value("draft/output_dir", "") or "")
        if folder and os.path.isdir(folder):
            self.folder_edit.setText(folder)
        self._on_county(self.county_combo.currentIndex())

    def select_county(self, name: str) -> bool:
        if not self.profiles:
            self.load(select=name)
        for i, p in enumerate(self.profiles):
            if name in (p.name, p.stem, p.short_name):
                self.county_combo.setCurrentIndex(i)
                return True
        return False

    def current_profile(self):
        i = self.county_combo.currentIndex()
        return self.profiles[i] if 0 <= i < len(self.profiles) else None

    def _on_county(self, _index: int) -> None:
        prof = self.current_profile()
        if prof is None:
            return
        self.placeholder_model.set_items(self.placeholder_model.items, self.saved_values(prof.stem))
        self.gui_settings().setValue("draft/county", prof.stem)
        self.refresh_preview()

    # ------------------------------------------------------------------ profiles
    def edit_profile(self, *, new: bool) -> bool:
        from ..draft import save_profile
        from ..errors import PolicydeskError
        dlg = ProfileDialog(None if new else self.current_profile(), self)
        while dlg.exec() == QDialog.DialogCode.Accepted:
            try:
                prof = dlg.make_profile()
                path = save_profile(prof, None if new else (prof.stem or None))
            except (ValueError, PolicydeskError) as e:
                QMessageBox.warning(self, "无法保存配置", str(e))
                continue
            self.statusChanged.emit(f"已保存配置：{path}")
            self.load(select=prof.name)
            return True
        return False

    # ------------------------------------------------------------------ mapping
    def _on_mapping_changed(self) -> None:
        self.save_mapping_button.setText("保存对应表 *" if self.mapping_model.dirty else "保存对应表")
        self._schedule_preview()

    def add_rule(self) -> None:
        from ..draft import MappingRule
        row = self.mapping_model.add_rule(MappingRule("unit", "市某单位", "{prefix}某单位", "mapped", "*", ""))
        idx = self.mapping_model.index(row, 1)
        self.mapping_table.scrollTo(idx)
        self.mapping_table.setCurrentIndex(idx)
        self.mapping_table.edit(idx)

    def remove_selected_rules(self) -> None:
        rows = {i.row() for i in self.mapping_table.selectionModel().selectedRows()}
        if rows:
            self.mapping_model.remove_rows(rows)

    def reset_mapping(self) -> None:
        from ..draft import load_mapping
        from ..paths import resources_dir
        self.mapping_model.set_rules(load_mapping(resources_dir() / "agency_mapping.tsv").rules, dirty=True)
        self._on_mapping_changed()

    def save_mapping(self) -> bool:
        from ..draft import AgencyMapping, save_mapping
        from ..draft.mapping import format_mapping, parse_mapping
        from ..errors import PolicydeskError
        try:
            mapping = parse_mapping(format_mapping(AgencyMapping(self.mapping_model.rules)), "单位对应表")
            path = save_mapping(mapping)
        except PolicydeskError as e:
            QMessageBox.warning(self, "无法保存单位对应表", str(e))
            return False
        self.mapping_model.dirty = False
        self._on_mapping_changed()
        self.statusChanged.emit(f"已保存单位对应表：{path}")
        return True

    # ------------------------------------------------------------------ placeholders
    def _on_placeholders_changed(self) -> None:
        prof = self.current_profile()
        if prof is not None:
            self.gui_settings().setValue(f"draft/placeholders/{prof.stem}",
                                     json.dumps(self.placeholder_model.values, ensure_ascii=False))
        self._schedule_preview()

    # ------------------------------------------------------------------ preview
    def options(self):
        from ..draft import DraftOptions
        return DraftOptions(wrapper=self.wrapper_box.isChecked(), fonts=self.fonts_combo.currentData(),
                            doc_number=self.docno_edit.text().strip() or None,
                            date=self.date_edit.text().strip() or None)

    def _schedule_preview(self, *_a) -> None:
        self._preview_timer.start()

    def refresh_preview(self) -> Operation | None:
        prof = self.current_profile()
        if prof is None:
            return None
        analysis, options = self.analysis, self.options()
        rules, values = list(self.mapping_model.rules), dict(self.placeholder_model.values)
        self.preview_op = run_in_background(
            self, lambda ctx: build_draft(analysis, prof, options, rules, values, preview=True),
            on_done=self._show_preview, on_error=self._preview_failed, label=f"正在生成{prof.name}草稿预览",
            cancellable=False, error_title="无法生成草稿")
        return self.preview_op

    def _preview_failed(self, error: BaseException) -> bool:
        """A plan the drafter cannot use: say so in the preview instead of a dialog at every change."""
        from ..errors import PolicydeskError
        if not isinstance(error, PolicydeskError):
            return False
        self.result = None
        self.export_button.setEnabled(False)
        self.preview.setHtml(f"<p style='color:#9a3b00'>{html.escape(str(error))}</p>")
        self.counts_label.setText("")
        return True

    def _show_preview(self, built) -> None:
        result, counts = built
        self.result = result
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(preview_html(result))
        self.preview.verticalScrollBar().setValue(scroll)
        items = list(counts.items())
        self.placeholder_model.set_items(items, self.placeholder_model.values)
        kinds = Counter(c.kind for c in result.changes)
        seg = Counter(s.kind for b in result.blocks for s in b.segments)
        self.counts_label.setText(
            f"重点任务 {len(result.ledger)} 项 · 已替换 {kinds.get('mapped', 0)} 处 · 须核实 {seg.get('confirm', 0)} 处 · "
            f"涉及其他县 {seg.get('flag', 0)} 处 · 待补充 {seg.get('placeholder', 0)} 处"
            f"（已填写 {seg.get(FILLED, 0)} 处） · 保留的市目标和时限 {seg.get('target', 0)} 处"
            + (f" · 已删除 {kinds['delete']} 处" if kinds.get("delete") else "")
            + ("".join(f"<br><span style='color:#9a5b00'>注意：{html.escape(w)}</span>" for w in result.warnings)))
        self.side_tabs.setTabText(1, f"待补充内容（{sum(counts.values())}）")
        self._fill_changes(result)
        self.export_button.setEnabled(True)
        self.previewed.emit(result)

    def _fill_changes(self, result) -> None:
        m = self.changes_model
        m.clear()
        m.setHorizontalHeaderLabels(["部分", "处理", "原文", "改为", "说明"])
        for c in result.changes:
            row = [QStandardItem(x or "") for x in (c.part, CHANGE_NAMES.get(c.kind, c.kind), c.source, c.target,
                                                     c.note)]
            row[4].setToolTip(c.note or "")
            m.appendRow(row)
        self.side_tabs.setTabText(2, f"修改清单（{len(result.changes)}）")
        for c, w in enumerate((110, 84, 150, 150, 300)):
            self.changes_table.setColumnWidth(c, w)

    # ------------------------------------------------------------------ export
    def ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择输出文件夹", self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def ask_export(self) -> Operation | None:
        if self.result is None or self.current_profile() is None:
            return None
        date = self.date_edit.text().strip()
        if date and not DATE_RX.fullmatch(date):
            QMessageBox.warning(self, "成文日期格式不对", f"成文日期“{date}”格式不对：应写作 2021年6月3日（阿拉伯数字，不加 0）。")
            return None
        folder = self.folder_edit.text().strip()
        if not folder or not os.path.isdir(folder):
            QMessageBox.warning(self, "输出文件夹不存在", f"输出文件夹不存在：{folder or '（未填写）'}。请选择一个已有的文件夹。")
            return None
        paths = output_paths(folder, self.result, ledger=self.ledger_box.isChecked(), note=self.note_box.isChecked())
        force = ask_overwrite(self, paths.values())
        if force is None:
            return None
        if self.mapping_model.dirty and not self.save_mapping():
            return None
        self.gui_settings().setValue("draft/output_dir", folder)
        return self.export(paths, force=force)

    def export(self, paths: dict[str, Path | None], *, force: bool = False) -> Operation:
        from ..draft import write_outputs
        prof, analysis, options = self.current_profile(), self.analysis, self.options()
        rules, values = list(self.mapping_model.rules), dict(self.placeholder_model.values)

        def work(ctx):
            result, _ = build_draft(analysis, prof, options, rules, values, preview=False)
            return write_outputs(result, paths["draft"], ledger=paths.get("ledger"), note=paths.get("note"),
                                 force=force)

        self.export_button.setEnabled(False)
        op = run_in_background(self, work, on_done=self._exported, label=f"正在生成 {paths['draft'].name}",
                               cancellable=False, error_title="草稿未生成")
        op.finished.connect(lambda: self.export_button.setEnabled(True))
        return op

    def _exported(self, written) -> None:
        files = [p for p in (written.draft, written.ledger, written.note) if p]
        self.statusChanged.emit(f"已生成：{written.draft}")
        self.exported.emit(written)
        if ask_yes_no(self, "草稿已生成", "已生成：\n" + "\n".join(p.name for p in files)
                      + f"\n\n位于：{written.draft.parent}\n\n要打开输出文件夹吗？", default_yes=True):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(written.draft.parent)))
