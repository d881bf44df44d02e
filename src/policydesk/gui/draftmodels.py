"""Qt models of the 起草 view: the editable agency mapping table and the placeholders to fill."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QUndoStack
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from ..draft.mapping_text import describe_rule, levels_words, pattern_plain, rule_problem, template_to_words
from .tablemodel import RowTableModel
from .undo import Edit

KIND_NAMES = {"unit": "单位", "unit_re": "单位（按规则）", "text": "文字", "text_re": "文字（按规则）"}
STATUS_NAMES = {"mapped": "直接替换", "confirm": "替换，须核实", "delete": "删除"}
CHANGE_NAMES = {"mapped": "已替换", "confirm": "须核实", "delete": "已删除", "flag": "涉及其他县（市、区）",
                "placeholder": "待补充", "self": "本级名称"}
STATUS_COLORS = {"confirm": QColor("#c8eeee"), "delete": QColor("#f3d3d3")}


class MappingModel(RowTableModel):
    """The rules of ``agency_mapping.tsv`` (``rows``) in plain Chinese (“市公安局 → 南通市公安局如东分局”).

    Edited through a form (the view's RuleDialog), never inline; every edit — change, add, remove, reset — is a
    command on ``undo_stack`` (编辑 → 撤销 / 重做).  ``dirty``: differs from what was last loaded or saved."""

    HEADERS = ("对应（原文 → 本级写法）", "处理", "适用于", "说明")
    NUMBERED = True
    changed = Signal()
    rejected = Signal(str)          # a Chinese reason an edit was refused

    def __init__(self, parent=None, undo_stack: QUndoStack | None = None):
        super().__init__(parent)
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.variables: dict[str, str] | None = None       # the chosen county's values, for the plain wording
        self._saved: list[Any] = []

    @property
    def rules(self) -> list[Any]:
        return self.rows

    @property
    def dirty(self) -> bool:
        return list(self.rows) != self._saved

    def set_rules(self, rules, *, dirty: bool = False) -> None:
        """Load rules (from the file): not an edit, so not undoable; ``dirty`` keeps them marked unsaved."""
        self.set_rows(rules)
        self._saved = [] if dirty else list(self.rows)
        self.changed.emit()

    def mark_saved(self) -> None:
        self._saved = list(self.rows)
        self.changed.emit()

    def set_variables(self, variables: dict[str, str] | None) -> None:
        self.variables = variables
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rule = self.rules[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if c == 0:
                return describe_rule(rule, self.variables)
            if c == 1:
                return STATUS_NAMES.get(rule.status, rule.status)
            if c == 2:
                return levels_words(rule.levels)
            return rule.note
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = KIND_NAMES.get(rule.kind, rule.kind)
            source = pattern_plain(rule.source) if rule.kind.endswith("_re") else rule.source
            return (f"{describe_rule(rule, self.variables)}\n{kind}：{source}"
                    f"\n改为：{template_to_words(rule.target) or '（删除）'}" + (f"\n{rule.note}" if rule.note else "")
                    + "\n双击修改")
        if role == Qt.ItemDataRole.BackgroundRole and c == 1 and rule.status in STATUS_COLORS:
            return QBrush(STATUS_COLORS[rule.status])
        return None

    # -- edits (each an undoable command)
    def _put(self, row: int, rule) -> None:
        self.rules[row] = rule
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
        self.changed.emit()

    def _insert(self, row: int, rule) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self.rules.insert(row, rule)
        self.endInsertRows()
        self.changed.emit()

    def _delete(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rules[row]
        self.endRemoveRows()
        self.changed.emit()

    def _replace(self, rules) -> None:
        self.set_rows(rules)
        self.changed.emit()

    def set_rule(self, row: int, rule) -> bool:
        """Change one rule (refused with ``rejected`` when it cannot work)."""
        problem = rule_problem(rule)
        if problem:
            self.rejected.emit(problem)
            return False
        old = self.rules[row]
        if rule == old:
            return False
        self.undo_stack.push(Edit(f"修改对应“{old.source}”", lambda: self._put(row, rule), lambda: self._put(row, old)))
        return True

    def add_rule(self, rule) -> int:
        problem = rule_problem(rule)
        if problem:
            self.rejected.emit(problem)
            return -1
        row = len(self.rules)
        self.undo_stack.push(Edit(f"添加对应“{rule.source}”", lambda: self._insert(row, rule), lambda: self._delete(row)))
        return row

    def remove_rows(self, rows) -> None:
        rows = sorted({r for r in rows if 0 <= r < len(self.rules)})
        if not rows:
            return
        taken = [(r, self.rules[r]) for r in rows]

        def do() -> None:
            for r, _rule in reversed(taken):
                self._delete(r)

        def undo() -> None:
            for r, rule in taken:
                self._insert(r, rule)

        self.undo_stack.push(Edit(f"删除 {len(rows)} 条对应", do, undo))

    def replace_all(self, rules, text: str = "恢复内置对应表") -> None:
        old, new = list(self.rules), list(rules)
        self.undo_stack.push(Edit(text, lambda: self._replace(new), lambda: self._replace(old)))


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

    def __init__(self, parent=None, undo_stack: QUndoStack | None = None):
        super().__init__(parent)
        self.values: dict[str, str] = {}
        self.undo_stack = undo_stack

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
        old = self.values.get(text, "")
        if old == value:
            return False
        if self.undo_stack is None:
            self._put(text, value)
        else:
            self.undo_stack.push(Edit(f"填写“{text}”", lambda: self._put(text, value), lambda: self._put(text, old)))
        return True

    def _put(self, text: str, value: str) -> None:
        if value:
            self.values[text] = value
        else:
            self.values.pop(text, None)
        row = next((r for r, (t, _n) in enumerate(self.items) if t == text), None)
        if row is not None:
            self.dataChanged.emit(self.index(row, 2), self.index(row, 2))
        self.changed.emit()


ACTION_COLORS = {"细化": QColor("#dcebfa"), "合并": QColor("#e8e0f5"), "不承接": QColor("#f3d3d3")}


class DecisionsModel(RowTableModel):
    """One row per city task (heading id): 编号 | 任务 | 建议 | 处理 | 理由 | 并入 — issue 13's decisions.

    ``rows``: the core's ``TaskRow`` list (``draft.decisions.task_rows``); ``choices``: heading id → TaskDecision (the
    core's dataclass, with the tool's ``suggested`` action).  处理 (combo), 理由 and 并入 (combo of the other tasks)
    are edited in place; every edit is a command on ``undo_stack``.  ``dirty``: differs from the suggestions or from
    the file last loaded / saved."""

    HEADERS = ("编号", "任务", "建议", "处理", "理由 / 细化要求", "并入")
    EDITABLE = (3, 4, 5)
    ACTION, REASON, INTO = 3, 4, 5
    changed = Signal()

    def __init__(self, parent=None, undo_stack: QUndoStack | None = None):
        super().__init__(parent)
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.choices: dict[str, Any] = {}
        self.new_tasks: list[Any] = []
        self._saved: dict[str, tuple] = {}

    # -- state
    @staticmethod
    def _key(d) -> tuple:
        return (d.action, d.reason or "", d.into or "", d.note or "")

    @property
    def dirty(self) -> bool:
        return {k: self._key(d) for k, d in self.choices.items()} != self._saved

    def mark_saved(self) -> None:
        self._saved = {k: self._key(d) for k, d in self.choices.items()}

    def set_decisions(self, rows, decisions, *, saved: bool = True) -> None:
        """Load the task rows and a ``Decisions`` (suggested or read from a file): not an edit, so not undoable."""
        from dataclasses import replace
        self.choices = {k: replace(v) for k, v in decisions.tasks.items()}
        self.new_tasks = list(decisions.new_tasks)
        self.set_rows(rows)
        if saved:
            self.mark_saved()
        self.changed.emit()

    def decisions(self, county: str = "", plan_doc_number: str | None = None):
        """The ``Decisions`` the table holds (for make_draft and the policydesk.decisions/1 file)."""
        from dataclasses import replace
        from ..draft.decisions import Decisions
        tasks = {r.id: replace(self.choices[r.id], title=self.choices[r.id].title or r.title)
                 for r in self.rows if r.id in self.choices}
        return Decisions(county=county, plan_doc_number=plan_doc_number, tasks=tasks, new_tasks=list(self.new_tasks))

    def decision(self, row: int):
        from ..draft.decisions import TaskDecision
        return self.choices.get(self.rows[row].id) or TaskDecision()

    def merge_targets(self, row: int) -> dict[str, str]:
        """The tasks a row may join: every other task that is itself taken or refined (heading id → label)."""
        hid = self.rows[row].id
        return {r.id: f"{r.id} {r.title}" for r in self.rows
                if r.id != hid and not r.id.startswith(hid) and not hid.startswith(r.id)
                and (self.choices.get(r.id) is None or self.choices[r.id].action in ("承接", "细化"))}

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.rows:
            a = self.choices[r.id].action if r.id in self.choices else "承接"
            out[a] = out.get(a, 0) + 1
        return out

    # -- Qt
    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, c = self.rows[index.row()], index.column()
        d = self.decision(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if c == 0:
                return r.id
            if c == 1:
                return r.title
            if c == 2:
                return d.suggested or ""
            if c == self.ACTION:
                return d.action
            if c == self.REASON:
                return d.note if d.action == "细化" and d.note else d.reason
            if c == self.INTO:
                return (d.into or "") if d.action == "合并" else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == 2 and d.suggested and d.suggested != "承接":
                return f"建议{d.suggested}：{d.reason}" if d.reason else f"建议{d.suggested}"
            if c == 1:
                return f"{r.part}\n{r.title}\n牵头：{'、'.join(r.lead)}"
            if c == self.INTO and d.action == "合并":
                return "双击选择并入哪一条任务"
            if c == self.REASON:
                text = d.note if d.action == "细化" and d.note else d.reason
                return text or "双击填写理由（不承接的理由写入起草说明）"
            return None
        if role == Qt.ItemDataRole.BackgroundRole and c == self.ACTION and d.action in ACTION_COLORS:
            return QBrush(ACTION_COLORS[d.action])
        if role == Qt.ItemDataRole.ForegroundRole and c == 2 and d.suggested and d.suggested != "承接":
            return QBrush(QColor("#b22222"))
        return None

    def flags(self, index: QModelIndex):
        f = super().flags(index)
        if index.isValid() and index.column() == self.INTO and self.decision(index.row()).action != "合并":
            f &= ~Qt.ItemFlag.ItemIsEditable
        return f

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        from dataclasses import replace
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() not in self.EDITABLE:
            return False
        hid = self.rows[index.row()].id
        old = self.decision(index.row())
        value = str(value or "").strip()
        if index.column() == self.ACTION:
            if value not in ("承接", "细化", "合并", "不承接") or value == old.action:
                return False
            into = old.into
            if value == "合并" and not into:
                targets = list(self.merge_targets(index.row()))
                before = [t for t in targets if self.rows and t in {r.id for r in self.rows[:index.row()]}]
                into = (before[-1] if before else targets[0]) if targets else None
            new = replace(old, action=value, into=into if value == "合并" else None)
            text = f"{hid} 改为{value}"
        elif index.column() == self.REASON:
            if old.action == "细化":
                new, text = replace(old, note=value), f"{hid} 的细化要求"
            else:
                new, text = replace(old, reason=value), f"{hid} 的理由"
            if self._key(new) == self._key(old):
                return False
        else:
            if not value or value == old.into:
                return False
            new, text = replace(old, into=value), f"{hid} 并入 {value}"
        self.undo_stack.push(Edit(text, lambda: self._put(hid, new), lambda: self._put(hid, old)))
        return True

    def _put(self, hid: str, decision) -> None:
        from dataclasses import replace
        self.choices[hid] = replace(decision)
        row = next((i for i, r in enumerate(self.rows) if r.id == hid), None)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
        self.changed.emit()


class MergeTargetDelegate(QStyledItemDelegate):
    """The 并入 column: a combo of the tasks this row may join."""

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for hid, label in index.model().merge_targets(index.row()).items():
            combo.addItem(label, hid)
        return combo

    def setEditorData(self, editor, index) -> None:
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
