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
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel, QTextDocument, QUndoStack
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
                               QPushButton, QSplitter, QTableView, QTableWidget, QTableWidgetItem, QTabWidget,
                               QTextBrowser, QVBoxLayout, QWidget)

from ..draft.mapping_text import STATUS_WORDS, WORD_HELP, levels_words, parse_levels, template_to_words, \
    words_to_template
from ..draft.placeholders import FILLED, build_draft, output_paths
from ..gongwen.dates import written_date_problem
from .dialogs import ask_overwrite, ask_save_path, ask_yes_no
from .draftmodels import CHANGE_NAMES, KIND_NAMES, ChoiceDelegate, DecisionsModel, MappingModel, MergeTargetDelegate, \
    PlaceholderModel
from .ops import Operation, run_in_background
from .undo import Edit

if TYPE_CHECKING:
    from ..analysis.result import Analysis
from .textview import FindBar

SEGMENT_STYLE = {"confirm": "background:#b9ecec", "flag": "background:#f8c8dc", "placeholder": "background:#ffe066",
                 "target": "background:#fff4bf", FILLED: "background:#cdebd3"}
FONT_PRESETS = {"gb2312": "仿宋_GB2312 等（gb2312）", "windows": "仿宋/楷体/黑体（windows）"}
CHOOSE_COUNTY = "请选择县（市、区）…"


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

def _hint_label(text: str) -> QLabel:
    """A grey explanatory line under a form."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color:#666")
    return label


def _dialog_buttons(dialog, accept_button, accept_text: str) -> QDialogButtonBox:
    """The accept button (named in Chinese) and 取消, wired to the dialog."""
    buttons = QDialogButtonBox(accept_button | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(accept_button).setText(accept_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons

class ProfileDialog(QDialog):
    """新建 / 编辑 a county profile: every field of profile v2 (``draft.profiles.PROFILE_FIELDS``), in three tabs;
    what the form gives back is validated by the core (``new_profile``) — a wrong field is one Chinese line."""

    TABS = (("基本信息", ("name", "short_name", "kind", "city", "city_short", "city_abbr", "aliases", "government",
                          "issuing_office", "doc_number_prefix", "recipients", "subordinates", "copy_to", "local_form")),
            ("本地情况", ("zones", "towns", "streets", "geography", "industries", "sources")),
            ("单位对应", ("agencies", "vertical_units")))
    ZONE_KEYS = (("name", "名称"), ("level", "级别"), ("kind", "类型"), ("authority", "批准机关"))
    REQUIRED = ("name", "short_name", "kind")
    DERIVED = ("level", "dept_prefix", "scope_word", "self_word", "government_short")   # follow 类型 when it changes

    def __init__(self, profile=None, parent=None):
        from ..draft.profiles import PROFILE_FIELDS
        super().__init__(parent)
        self.profile = profile
        self.setWindowTitle("编辑县（市、区）配置" if profile else "新建县（市、区）配置")
        self.setMinimumWidth(620)
        self.fields = {f[0]: f for f in PROFILE_FIELDS}
        self.edits: dict[str, QWidget] = {}
        lay = QVBoxLayout(self)
        tabs = QTabWidget()
        listed = [k for _t, keys in self.TABS for k in keys]
        extra = [k for k in self.fields if k not in listed]          # a field added to the core later still shows
        for title, keys in self.TABS:
            page = QWidget()
            form = QFormLayout(page)
            for key in keys + (tuple(extra) if title == "基本信息" else ()):
                if key in self.fields:
                    _k, label, kind, hint = self.fields[key]
                    form.addRow(label + (" *" if key in self.REQUIRED else "") + "：", self._editor(key, kind, hint))
            tabs.addTab(page, title)
        self.tabs = tabs
        lay.addWidget(tabs, 1)
        lay.addWidget(_hint_label("带 * 的为必填。列表每行一项；单位对应每行写“市级单位 → 本级单位”（右边留空表示本级没有对应单位）。"
                                  "保存到本机的用户配置中（覆盖同名的内置配置），下次起草时可直接选用。"))
        lay.addWidget(_dialog_buttons(self, QDialogButtonBox.StandardButton.Save, "保存"))
        if profile is not None:
            self._fill(profile)

    # -- editors
    def _editor(self, key: str, kind: str, hint: Any) -> QWidget:
        if kind == "choice":
            w = QComboBox()
            for c in hint:
                w.addItem(c, c)
        elif kind in ("list", "table"):
            w = QPlainTextEdit()
            w.setPlaceholderText(("每行一项" + (f"，如：{hint}" if hint else "")) if kind == "list"
                                 else f"每行一条，如：{hint}")
            w.setFixedHeight(self.fontMetrics().height() * (8 if kind == "table" else 3) + 12)
        elif kind == "zones":
            w = QTableWidget(6, len(self.ZONE_KEYS))
            w.setHorizontalHeaderLabels([label for _k, label in self.ZONE_KEYS])
            w.horizontalHeader().setStretchLastSection(True)
            w.setColumnWidth(0, 220)
            w.setToolTip("级别：国家级、省级或留空")
            w.setFixedHeight(self.fontMetrics().height() * 9)
        else:
            w = QLineEdit()
            if hint:
                w.setPlaceholderText(f"如：{hint}")
        w.setObjectName(key)
        self.edits[key] = w
        return w

    def _fill(self, profile) -> None:
        data = profile.to_json()
        for key, w in self.edits.items():
            value = data.get(key)
            if isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(value)))
            elif isinstance(w, QTableWidget):
                zones = list(value or [])
                w.setRowCount(max(6, len(zones) + 2))
                for r, z in enumerate(zones):
                    for c, (k, _label) in enumerate(self.ZONE_KEYS):
                        w.setItem(r, c, QTableWidgetItem(str(z.get(k) or "")))
            elif isinstance(w, QPlainTextEdit):
                if isinstance(value, dict):
                    w.setPlainText("\n".join(f"{k} → {v or ''}" for k, v in value.items()))
                else:
                    w.setPlainText("\n".join(value or []))
            else:
                w.setText("" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        """The form as profile JSON fields (only the fields of the form)."""
        v: dict[str, Any] = {}
        for key, w in self.edits.items():
            if isinstance(w, QComboBox):
                v[key] = w.currentData()
            elif isinstance(w, QTableWidget):
                zones = []
                for r in range(w.rowCount()):
                    z = {k: (w.item(r, c).text().strip() if w.item(r, c) else "")
                         for c, (k, _label) in enumerate(self.ZONE_KEYS)}
                    if any(z.values()):
                        zones.append({k: x for k, x in z.items() if x or k == "name"})
                v[key] = zones
            elif isinstance(w, QPlainTextEdit):
                lines = [ln.strip() for ln in w.toPlainText().splitlines() if ln.strip()]
                if self.fields[key][2] == "table":
                    table: dict[str, str] = {}
                    for ln in lines:
                        m = re.match(r"^(.*?)\s*(?:→|->|＝|=)\s*(.*)$", ln)
                        left, right = m.groups() if m else (ln, "")
                        table[left.strip()] = right.strip()
                    v[key] = table
                else:
                    v[key] = lines
            else:
                v[key] = w.text().strip()
        v["doc_number_prefix"] = v.get("doc_number_prefix") or None
        return v

    def make_profile(self):
        """The edited profile, or raise the core's InputError (one Chinese line naming the field)."""
        from ..draft.profiles import new_profile
        base = self.profile.to_json() if self.profile is not None else {}
        form = self.values()
        if self.profile is None or form.get("kind") != self.profile.kind or form.get("name") != self.profile.name:
            for k in self.DERIVED + ("government", "issuing_office"):
                if k not in form or not form.get(k) or k in self.DERIVED:
                    base.pop(k, None)
        data = {**base, **form, "version": 2}
        if self.profile is not None and form.get("name") != self.profile.name:
            for k in ("government", "issuing_office"):
                if self.profile.to_json().get(k) == form.get(k):
                    data.pop(k, None)                 # the old county's name: derive again from the new one
        return new_profile(data)


# ---------------------------------------------------------------------------------------------- rule form
class RuleDialog(QDialog):
    """One row of the 单位对应表 as a form: what the city plan says, what the county writes, how, where."""

    def __init__(self, rule=None, parent=None):
        super().__init__(parent)
        from ..draft import MappingRule
        self.rule = rule or MappingRule("unit", "", "〔本级〕", "mapped", "*", "")
        self.setWindowTitle("修改对应" if rule else "添加对应")
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        self.kind = QComboBox()
        for k, name in KIND_NAMES.items():
            self.kind.addItem(name, k)
        self.kind.setCurrentIndex(max(0, self.kind.findData(self.rule.kind)))
        self.source = QLineEdit(self.rule.source)
        self.source.setPlaceholderText("市方案中的写法，如 市公安局")
        self.target = QLineEdit(template_to_words(self.rule.target) if rule else "")
        self.target.setPlaceholderText("本级的写法，如 〔本级〕公安局；可用下面的〔词〕")
        words = QComboBox()
        words.addItem("插入…", None)
        for w, help_ in WORD_HELP.items():
            words.addItem(f"〔{w}〕 {help_}", f"〔{w}〕")
        words.activated.connect(lambda i: words.itemData(i) and (self.target.insert(words.itemData(i)),
                                                                 words.setCurrentIndex(0)))
        self.status = QComboBox()
        for k, name in STATUS_WORDS.items():
            self.status.addItem(name, k)
        self.status.setCurrentIndex(max(0, self.status.findData(self.rule.status)))
        self.levels = QComboBox()
        self.levels.setEditable(True)
        for v in ("全部", "县", "区", "市", "县、区"):
            self.levels.addItem(v)
        self.levels.setCurrentText(levels_words(self.rule.levels))
        self.note = QLineEdit(self.rule.note)
        self.note.setPlaceholderText("给起草人看的说明（可空）")
        form.addRow("类型：", self.kind)
        form.addRow("原文：", self.source)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(words)
        form.addRow("改为：", row)
        form.addRow("处理：", self.status)
        form.addRow("适用于：", self.levels)
        form.addRow("说明：", self.note)
        form.addRow(_hint_label("“按规则”的原文是正则表达式（如 ^市(.+)$ 表示以“市”开头的单位），匹配到的部分用〔X〕引用。"))
        form.addRow(_dialog_buttons(self, QDialogButtonBox.StandardButton.Ok, "确定"))

    def make_rule(self):
        """The rule as typed, or ValueError with a Chinese message."""
        from dataclasses import replace
        from ..draft.mapping_text import rule_problem
        status = self.status.currentData()
        new = replace(self.rule, kind=self.kind.currentData(), source=self.source.text().strip(),
                      target="" if status == "delete" else words_to_template(self.target.text().strip()),
                      status=status, levels=parse_levels(self.levels.currentText()), note=self.note.text().strip())
        problem = rule_problem(new)
        if problem:
            raise ValueError(problem)
        return new


# ---------------------------------------------------------------------------------------------- the view
def _dialog_options():
    from .mainwindow import file_dialog_options
    return file_dialog_options()


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
    dirtyChanged = Signal()              # the mapping table got / lost unsaved edits

    def __init__(self, analysis: Analysis, path: str, parent=None, *, undo_stack: QUndoStack | None = None):
        super().__init__(parent)
        self.analysis = analysis
        self.path = str(path)
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.source_warnings: list[str] = []
        self._was_dirty = False
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
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("background:#fde2e1; color:#8a1c12; padding:4px 8px; border:1px solid #f1b0ab;")
        self.warning_label.hide()
        lay.addWidget(self.warning_label)
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
        self.county_combo.setPlaceholderText(CHOOSE_COUNTY)
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
        self.wrapper_box = QCheckBox("加印发通知")
        self.wrapper_box.setToolTip("在方案前加印发通知（版头）")
        self.wrapper_box.toggled.connect(self._schedule_preview)
        top.addWidget(self.wrapper_box)
        top.addWidget(QLabel("字体："))
        self.fonts_combo = QComboBox()
        for k, v in FONT_PRESETS.items():
            self.fonts_combo.addItem(v, k)
        top.addWidget(self.fonts_combo)
        top.addWidget(QLabel("文号："))
        self.docno_edit = QLineEdit()
        self.docno_edit.setPlaceholderText("留空则待补充")
        self.docno_edit.setToolTip("发文字号；留空则在草稿中待补充")
        self.docno_edit.setMinimumWidth(80)
        self.docno_edit.setMaximumWidth(140)
        top.addWidget(self.docno_edit, 1)
        top.addWidget(QLabel("日期："))
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText("2021年6月3日")
        self.date_edit.setToolTip("成文日期，如 2021年6月3日；留空则待补充")
        self.date_edit.setMinimumWidth(80)
        self.date_edit.setMaximumWidth(130)
        top.addWidget(self.date_edit, 1)
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
        self.preview.setHtml("<p style='color:#666'>请先在上方选择县（市、区），然后显示草稿预览。</p>")
        lay.addWidget(self.preview, 1)
        self.find_bar = FindBar(self.preview)
        lay.addWidget(self.find_bar)
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        lay.addWidget(self.counts_label)
        return w

    def _build_tables(self) -> QWidget:
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self._build_decisions(), "任务取舍")
        # mapping
        page, pl = _hint_page("市方案的单位和用语如何改为本级的写法（双击一行修改；Ctrl+Z 撤销；保存后下次起草沿用）。")
        self.mapping_model = MappingModel(self, self.undo_stack)
        self.mapping_model.changed.connect(self._on_mapping_changed)
        self.mapping_model.rejected.connect(lambda msg: QMessageBox.warning(self, "无法修改", msg))
        self.mapping_table = QTableView()
        self.mapping_table.setModel(self.mapping_model)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.doubleClicked.connect(lambda idx: self.edit_rule(idx.row()))
        self.mapping_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.mapping_table.setAlternatingRowColors(True)
        self.mapping_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.mapping_table.setWordWrap(False)
        em = self.fontMetrics().horizontalAdvance("国")
        for c, w in enumerate((20 * em, 7 * em, 4 * em, 24 * em)):
            self.mapping_table.setColumnWidth(c, w)
        self.mapping_table.horizontalHeader().setStretchLastSection(True)
        pl.addWidget(self.mapping_table, 1)
        row = QHBoxLayout()
        self.add_rule_button = QPushButton("添加…")
        self.add_rule_button.clicked.connect(self.add_rule)
        self.edit_rule_button = QPushButton("修改…")
        self.edit_rule_button.clicked.connect(lambda: self.edit_rule(self.mapping_table.currentIndex().row()))
        self.remove_rule_button = QPushButton("删除所选")
        self.remove_rule_button.clicked.connect(self.remove_selected_rules)
        self.reset_mapping_button = QPushButton("恢复内置对应表")
        self.reset_mapping_button.clicked.connect(self.reset_mapping)
        self.save_mapping_button = QPushButton("保存对应表")
        self.save_mapping_button.clicked.connect(self.save_mapping)
        for b in (self.add_rule_button, self.edit_rule_button, self.remove_rule_button, self.reset_mapping_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.save_mapping_button)
        pl.addLayout(row)
        self.side_tabs.addTab(page, "单位对应表")
        # placeholders
        page, pl = _hint_page("草稿中须由本级确定的内容。填写后导出的草稿中直接使用所填内容（按县分别记住）。")
        self.placeholder_model = PlaceholderModel(self, self.undo_stack)
        self.placeholder_model.changed.connect(self._on_placeholders_changed)
        self.placeholder_table = QTableView()
        self.placeholder_table.setModel(self.placeholder_model)
        self.placeholder_table.verticalHeader().hide()
        self.placeholder_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.placeholder_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.placeholder_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        pl.addWidget(self.placeholder_table, 1)
        self.placeholder_page = page
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

    def _build_decisions(self) -> QWidget:
        page, pl = _hint_page("市方案的每项任务本级如何处理：承接、细化、合并到另一项或不承接（写明理由，进入起草说明）。"
                              "“建议”列是按本级配置给出的建议；双击“处理”“理由”“并入”修改，Ctrl+Z 撤销。")
        self.decisions_model = DecisionsModel(self, self.undo_stack)
        self.decisions_model.changed.connect(self._on_decisions_changed)
        self.decisions_table = QTableView()
        self.decisions_table.setModel(self.decisions_model)
        self.decisions_table.setItemDelegateForColumn(
            DecisionsModel.ACTION, ChoiceDelegate({a: a for a in ("承接", "细化", "合并", "不承接")}, self))
        self.decisions_table.setItemDelegateForColumn(DecisionsModel.INTO, MergeTargetDelegate(self))
        self.decisions_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                             | QAbstractItemView.EditTrigger.SelectedClicked
                                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.decisions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.decisions_table.setAlternatingRowColors(True)
        self.decisions_table.verticalHeader().hide()
        self.decisions_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.decisions_table.setWordWrap(False)
        em = self.fontMetrics().horizontalAdvance("国")
        for c, w in enumerate((5 * em, 10 * em, 4 * em, 4 * em + 8, 12 * em, 5 * em)):
            self.decisions_table.setColumnWidth(c, w)
        self.decisions_table.horizontalHeader().setStretchLastSection(True)
        pl.addWidget(self.decisions_table, 1)
        row = QHBoxLayout()
        self.load_decisions_button = QPushButton("载入决定…")
        self.load_decisions_button.setToolTip("读入以前保存的任务取舍决定文件（.json）")
        self.load_decisions_button.clicked.connect(self.ask_load_decisions)
        self.save_decisions_button = QPushButton("保存决定…")
        self.save_decisions_button.setToolTip("把本表保存为任务取舍决定文件（policydesk.decisions/1，命令行 --decisions 也可使用）")
        self.save_decisions_button.clicked.connect(self.ask_save_decisions)
        self.reset_decisions_button = QPushButton("恢复建议")
        self.reset_decisions_button.setToolTip("放弃本表的修改，恢复按本级配置给出的建议（可撤销）")
        self.reset_decisions_button.clicked.connect(self.reset_decisions)
        self.decisions_label = QLabel()
        for b in (self.load_decisions_button, self.save_decisions_button, self.reset_decisions_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.decisions_label)
        pl.addLayout(row)
        return page

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
                    if wanted and wanted in (p.name, p.stem, p.short_name)), -1)
        self.county_combo.setCurrentIndex(idx)          # none until the user picks one (then remembered)
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
            self.preview.setHtml("<p style='color:#666'>请先在上方选择县（市、区），然后显示草稿预览。</p>")
            return
        self.placeholder_model.set_items(self.placeholder_model.items, self.saved_values(prof.stem))
        self.mapping_model.set_variables(prof.variables())
        self.gui_settings().setValue("draft/county", prof.stem)
        self._suggest_decisions(prof)
        from ..draft.guards import check_plan
        self.source_warnings = check_plan(self.analysis, prof, self.profiles)
        self.warning_label.setText("".join(f"注意：{w}\n" for w in self.source_warnings).strip())
        self.warning_label.setVisible(bool(self.source_warnings))
        self.refresh_preview()

    # ------------------------------------------------------------------ profiles
    def edit_profile(self, *, new: bool) -> bool:
        from ..draft import save_profile
        from ..errors import PolicydeskError
        old = None if new else self.current_profile()
        dlg = ProfileDialog(old, self)
        while dlg.exec() == QDialog.DialogCode.Accepted:
            try:
                prof = dlg.make_profile()
                path = save_profile(prof, (old.stem or None) if old is not None and old.name == prof.name else None)
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
        dirty = self.has_unsaved_changes()
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.dirtyChanged.emit()
        self._schedule_preview()

    def has_unsaved_changes(self) -> bool:
        return self.mapping_model.dirty or self.decisions_model.dirty

    # ------------------------------------------------------------------ decisions (issue 13)
    def _suggest_decisions(self, prof) -> None:
        """The core's suggestion per task for this county; the drafter's own choices (if any) are kept."""
        from ..draft.decisions import suggest_decisions, task_rows
        m = self.decisions_model
        edited = m.dirty and bool(m.choices)
        base = m.decisions() if edited else None
        m.set_decisions(task_rows(self.analysis), suggest_decisions(self.analysis, prof, base=base), saved=not edited)

    def current_decisions(self):
        prof = self.current_profile()
        return self.decisions_model.decisions(prof.name if prof else "", self.analysis.meta.doc_number)

    def _on_decisions_changed(self) -> None:
        dirty = self.has_unsaved_changes()
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.dirtyChanged.emit()                 # the tab title gets / loses its “ *”
        c = self.decisions_model.counts()
        self.decisions_label.setText("　".join(f"{a} {c[a]}" for a in ("承接", "细化", "合并", "不承接") if c.get(a)))
        i = self.side_tabs.indexOf(self.decisions_table.parentWidget())
        if i >= 0:
            dropped = c.get("不承接", 0) + c.get("合并", 0)
            self.side_tabs.setTabText(i, "任务取舍" + (f"（{dropped} 项不承接或合并）" if dropped else ""))
        self._schedule_preview()

    def reset_decisions(self) -> None:
        """Back to the suggestions, as one undoable step."""
        from ..draft.decisions import suggest_decisions
        prof = self.current_profile()
        if prof is None:
            return
        m = self.decisions_model
        old = m.decisions()
        new = suggest_decisions(self.analysis, prof)
        rows = list(m.rows)
        self.undo_stack.push(Edit("恢复任务取舍建议", lambda: m.set_decisions(rows, new, saved=False),
                                  lambda: m.set_decisions(rows, old, saved=False)))

    def ask_load_decisions(self) -> bool:
        start = self.gui_settings().value("draft/decisions_dir", "") or os.path.dirname(os.path.abspath(self.path))
        path, _ = QFileDialog.getOpenFileName(self, "载入任务取舍决定", str(start), "决定文件 (*.json);;所有文件 (*)",
                                              options=_dialog_options())
        return self.load_decisions(path) if path else False

    def load_decisions(self, path: str) -> bool:
        """Read a policydesk.decisions/1 file into the table (one undoable step); a wrong file: one Chinese line."""
        from ..draft.decisions import load_decisions, suggest_decisions, validate_decisions
        from ..errors import PolicydeskError
        prof = self.current_profile()
        if prof is None:
            QMessageBox.warning(self, "请先选择县（市、区）", "请先在上方选择县（市、区），再载入决定文件。")
            return False
        try:
            loaded = load_decisions(path)
            validate_decisions(loaded, self.analysis)
        except PolicydeskError as e:
            QMessageBox.warning(self, "无法载入决定文件", str(e))
            return False
        notes = []
        if loaded.county and loaded.county != prof.name:
            notes.append(f"该决定文件是为{loaded.county}写的，现用于{prof.name}。")
        number = self.analysis.meta.doc_number
        if loaded.plan_doc_number and number and loaded.plan_doc_number != number:
            notes.append(f"该决定文件对应的市方案为 {loaded.plan_doc_number}，当前方案为 {number}。")
        m = self.decisions_model
        old, rows = m.decisions(), list(m.rows)
        new = suggest_decisions(self.analysis, prof, base=loaded)     # the file's choices, today's suggestions

        def do() -> None:
            m.set_decisions(rows, new)

        self.undo_stack.push(Edit(f"载入决定 {Path(path).name}", do, lambda: m.set_decisions(rows, old, saved=False)))
        self.gui_settings().setValue("draft/decisions_dir", os.path.dirname(path))
        self.statusChanged.emit(f"已载入决定文件：{path}" + ("；" + "".join(notes) if notes else ""))
        if notes:
            QMessageBox.information(self, "请确认决定文件", "\n".join(notes))
        return True

    def ask_save_decisions(self) -> bool:
        prof = self.current_profile()
        stem = Path(self.path).stem
        folder = self.gui_settings().value("draft/decisions_dir", "") or os.path.dirname(os.path.abspath(self.path))
        name = f"{stem}-{prof.name if prof else ''}任务取舍.json"
        chosen = ask_save_path(self, "保存任务取舍决定", os.path.join(str(folder), name), "决定文件 (*.json)", ".json")
        return self.save_decisions(chosen[0], force=chosen[1]) if chosen else False

    def save_decisions(self, path: str, *, force: bool = False) -> bool:
        from ..draft.decisions import save_decisions
        from ..errors import PolicydeskError
        try:
            save_decisions(self.current_decisions(), path, force=force)
        except PolicydeskError as e:
            QMessageBox.warning(self, "无法保存决定文件", str(e))
            return False
        self.decisions_model.mark_saved()
        self._on_decisions_changed()
        self.gui_settings().setValue("draft/decisions_dir", os.path.dirname(os.path.abspath(path)))
        self.statusChanged.emit(f"已保存决定文件：{path}")
        return True

    def _rule_dialog(self, rule=None):
        """The form for one rule; returns the new rule or None (cancelled).  Overridable in tests."""
        dlg = RuleDialog(rule, self)
        while dlg.exec() == QDialog.DialogCode.Accepted:
            try:
                return dlg.make_rule()
            except ValueError as e:
                QMessageBox.warning(self, "无法保存这一条", str(e))
        return None

    def add_rule(self) -> int:
        rule = self._rule_dialog(None)
        if rule is None:
            return -1
        row = self.mapping_model.add_rule(rule)
        if row >= 0:
            idx = self.mapping_model.index(row, 0)
            self.mapping_table.scrollTo(idx)
            self.mapping_table.setCurrentIndex(idx)
        return row

    def edit_rule(self, row: int) -> bool:
        if not (0 <= row < len(self.mapping_model.rules)):
            return False
        rule = self._rule_dialog(self.mapping_model.rules[row])
        return rule is not None and self.mapping_model.set_rule(row, rule)

    def remove_selected_rules(self) -> None:
        rows = {i.row() for i in self.mapping_table.selectionModel().selectedRows()}
        if rows:
            self.mapping_model.remove_rows(rows)

    def reset_mapping(self) -> None:
        from ..draft import load_mapping
        from ..paths import resources_dir
        self.mapping_model.replace_all(load_mapping(resources_dir() / "agency_mapping.tsv").rules)

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
        self.mapping_model.mark_saved()
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
        decisions = self.current_decisions()
        self.preview_op = run_in_background(
            self, lambda ctx: build_draft(analysis, prof, options, rules, values, preview=True, decisions=decisions),
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
        self.side_tabs.setTabText(self.side_tabs.indexOf(self.placeholder_page), f"待补充内容（{sum(counts.values())}）")
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
        self.side_tabs.setTabText(self.side_tabs.indexOf(self.changes_table), f"修改清单（{len(result.changes)}）")
        for c, w in enumerate((110, 84, 150, 150, 300)):
            self.changes_table.setColumnWidth(c, w)

    # ------------------------------------------------------------------ zoom, print
    def set_zoom(self, steps: int) -> None:
        from .style import UI_POINT_SIZE
        f = self.preview.document().defaultFont()
        f.setPointSizeF(max(6.0, UI_POINT_SIZE + 1 + steps))
        self.preview.document().setDefaultFont(f)

    def printable_document(self) -> QTextDocument:
        return self.preview.document().clone()

    # ------------------------------------------------------------------ export
    def ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择输出文件夹", self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def ask_export(self) -> Operation | None:
        if self.result is None or self.current_profile() is None:
            return None
        problem = written_date_problem(self.date_edit.text())
        if problem:
            QMessageBox.warning(self, "成文日期格式不对", problem)
            return None
        if self.source_warnings and not ask_yes_no(
                self, "底稿可能不对", "\n\n".join(self.source_warnings) + "\n\n仍要生成草稿吗？"):
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
        decisions = self.current_decisions()

        def work(ctx):
            result, _ = build_draft(analysis, prof, options, rules, values, preview=False, decisions=decisions)
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
