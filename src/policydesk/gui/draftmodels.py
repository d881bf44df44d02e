"""Qt models of the 起草 view: the editable agency mapping table and the placeholders to fill."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from .tablemodel import RowTableModel

KIND_NAMES = {"unit": "单位", "unit_re": "单位（正则）", "text": "文字", "text_re": "文字（正则）"}
STATUS_NAMES = {"mapped": "直接替换", "confirm": "替换并标注核实", "delete": "删除"}
CHANGE_NAMES = {"mapped": "已替换", "confirm": "须核实", "delete": "已删除", "flag": "涉及其他县（市、区）",
                "placeholder": "待补充", "self": "本级名称"}
STATUS_COLORS = {"confirm": QColor("#c8eeee"), "delete": QColor("#f3d3d3")}


class MappingModel(RowTableModel):
    """The rules of ``agency_mapping.tsv`` (``rows``), editable; ``changed`` fires on every accepted edit."""

    HEADERS = ("类型", "原文", "改为", "处理", "适用级别", "说明")
    NUMBERED = True
    FIELDS = ("kind", "source", "target", "status", "levels", "note")
    EDITABLE = tuple(range(len(FIELDS)))
    changed = Signal()
    rejected = Signal(str)          # a Chinese reason an edit was refused

    def __init__(self, parent=None):
        super().__init__(parent)
        self.dirty = False

    @property
    def rules(self) -> list[Any]:
        return self.rows

    def set_rules(self, rules, *, dirty: bool = False) -> None:
        self.dirty = dirty
        self.set_rows(rules)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rule = self.rules[index.row()]
        value = getattr(rule, self.FIELDS[index.column()])
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return KIND_NAMES.get(value, value)
            if index.column() == 3:
                return STATUS_NAMES.get(value, value)
            if index.column() == 4:
                return "全部" if value in ("", "*") else value
            return value
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            return rule.note or None
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 3 and rule.status in STATUS_COLORS:
            return QBrush(STATUS_COLORS[rule.status])
        return None

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        field = self.FIELDS[index.column()]
        value = str(value if value is not None else "").strip()
        rule = self.rules[index.row()]
        if field == "source" and not value:
            self.rejected.emit("“原文”不能为空。")
            return False
        if field == "levels":
            value = value.replace("全部", "*") or "*"
            parts = [p for p in re.split(r"[,，、\s]+", value) if p]
            if value != "*" and any(p not in ("县", "区", "市") for p in parts):
                self.rejected.emit("“适用级别”请填 全部，或 县、区、市 中的一个或几个（用逗号分隔）。")
                return False
            value = value if value == "*" else ",".join(parts)
        new = replace(rule, **{field: value})
        if new.kind.endswith("_re"):
            try:
                re.compile(new.source)
            except re.error as e:
                self.rejected.emit(f"正则表达式“{new.source}”有误：{e}。请修改。")
                return False
        if new == rule:
            return False
        self.rules[index.row()] = new
        self.dirty = True
        self.dataChanged.emit(index, index)
        self.changed.emit()
        return True

    def add_rule(self, rule) -> int:
        row = len(self.rules)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rules.append(rule)
        self.endInsertRows()
        self.dirty = True
        self.changed.emit()
        return row

    def remove_rows(self, rows) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self.rules):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rules[row]
                self.endRemoveRows()
                self.dirty = True
        self.changed.emit()


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor for a column with fixed choices (value → Chinese label)."""

    def __init__(self, choices: dict[str, str], parent=None):
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for value, label in self.choices.items():
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor, index) -> None:
        i = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(0, i))

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PlaceholderModel(RowTableModel):
    """待补充内容 | 处数 | 填写内容 (editable): what the county must supply, and the text to put there."""

    HEADERS = ("待补充内容", "处数", "填写内容（留空则保留标记）")
    EDITABLE = (2,)
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.values: dict[str, str] = {}

    @property
    def items(self) -> list[tuple[str, int]]:
        """(mark, count) a row."""
        return self.rows

    def set_items(self, items: list[tuple[str, int]], values: dict[str, str]) -> None:
        self.values = dict(values)
        self.set_rows(items)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        text, count = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (text, count, self.values.get(text, ""))[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 0:
            return QBrush(QColor("#fff0a0"))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 2 or role != Qt.ItemDataRole.EditRole:
            return False
        text = self.items[index.row()][0]
        value = str(value or "").strip()
        if self.values.get(text, "") == value:
            return False
        if value:
            self.values[text] = value
        else:
            self.values.pop(text, None)
        self.dataChanged.emit(index, index)
        self.changed.emit()
        return True
