"""Qt item models over one typed :class:`~policydesk.analysis.result.Analysis`: the heading tree and the task × unit
table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QFont, QStandardItem, QStandardItemModel

from . import style
from ..export import LEAD_MARK, SUPPORT_MARK, ordered_units, short_unit_name, task_label, unit_roles

HEADING_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PARAGRAPH_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE_ROLE = Qt.ItemDataRole.UserRole + 3
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 4
SORT_ROLE = Qt.ItemDataRole.UserRole + 5
if TYPE_CHECKING:
    from ..analysis.result import Analysis, HeadingInfo, Task

TASK_ROLE = Qt.ItemDataRole.UserRole + 6
UNRECOGNISED_ROLE = Qt.ItemDataRole.UserRole + 7    # names of a task's units the unit rules do not know

UNRECOGNISED_NOTE = "待确认：单位名称未能识别（已按原文保留）"


def unrecognised_tip(task: Task) -> str:
    """Tooltip of a task with units the rules do not know: each name and why."""
    lines = [f"{task_label(task)} {task.title or ''}", "待确认：以下单位名称未能识别（已按原文保留）："]
    lines += [f"· {u.name}" + (f"——{u.reason}" if u.reason else "") for u in task.unrecognised_units]
    return "\n".join(lines)


def warning_icon():
    from PySide6.QtWidgets import QApplication, QStyle
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)





def heading_paragraph(analysis: Analysis, heading: HeadingInfo) -> int | None:
    """Index of the paragraph a heading starts (its ``paragraph``, else found by its text)."""
    idx = heading.paragraph
    if isinstance(idx, int) and idx >= 0:
        return idx
    number, title = heading.number or "", heading.title or ""
    for p in analysis.paragraphs:
        text = p.text or ""
        if text.startswith(number) and title and title in text[: len(number) + len(title) + 2]:
            return p.index
    return None


def build_heading_model(analysis: Analysis) -> QStandardItemModel:
    """Heading tree: 标题 (number + title) | 页码 | 任务 — children nested under their parent id."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["标题", "页码", "任务"])
    task_count: dict[str, int] = {}
    for t in analysis.tasks:
        task_count[t.heading] = task_count.get(t.heading, 0) + 1
    children: dict[str | None, list[str]] = {}
    for h in analysis.headings:
        children.setdefault(h.parent, []).append(h.id)
    rows: dict[str, QStandardItem] = {}
    for h in analysis.headings:
        hid = h.id
        title_item = QStandardItem(f"{h.number or ''}{h.title or ''}")
        title_item.setEditable(False)
        title_item.setToolTip(f"{h.number or ''}{h.title or ''}")
        title_item.setData(hid, HEADING_ID_ROLE)
        title_item.setData(heading_paragraph(analysis, h), PARAGRAPH_ROLE)
        title_item.setData(h.page, PAGE_ROLE)
        title_item.setData(h.level, LEVEL_ROLE)
        if h.level == 1:
            f = QFont()
            f.setBold(True)
            title_item.setFont(f)
        page = h.page
        page_item = QStandardItem("" if page is None else str(page))
        page_item.setEditable(False)
        page_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        n = _subtree_tasks(hid, children, task_count)
        count_item = QStandardItem(str(n) if n else "")
        count_item.setEditable(False)
        count_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        parent = rows.get(h.parent) if h.parent is not None else None
        (parent or model.invisibleRootItem()).appendRow([title_item, page_item, count_item])
        rows[hid] = title_item
    return model


def _subtree_tasks(hid: str, children: dict[str | None, list[str]], task_count: dict[str, int]) -> int:
    return task_count.get(hid, 0) + sum(_subtree_tasks(c, children, task_count) for c in children.get(hid, ()))


def count_headings(model: QStandardItemModel) -> dict[int, int]:
    """Number of headings per level shown in the tree (for tests and the status bar)."""
    counts: dict[int, int] = {}

    def walk(parent: QModelIndex, depth: int) -> None:
        for r in range(model.rowCount(parent)):
            idx = model.index(r, 0, parent)
            level = idx.data(LEVEL_ROLE) or depth
            counts[level] = counts.get(level, 0) + 1
            walk(idx, depth + 1)

    walk(QModelIndex(), 1)
    return counts


_VERTICAL_FORMS = str.maketrans({"（": "︵", "）": "︶", "(": "︵", ")": "︶", "、": "︑", "，": "︐", "“": "﹃", "”": "﹄"})


def vertical_text(text: str) -> str:
    """One character a line, brackets and 、 in their vertical presentation forms (︵ ︶ ︑)."""
    return "\n".join(text.translate(_VERTICAL_FORMS))


def unit_head(unit: str, per_line: int = 2, lines: int = 3) -> str:
    """A unit column head: the short name (see :func:`policydesk.export.short_unit_name`) in lines of two."""
    short = short_unit_name(unit, per_line * lines)
    return "\n".join(short[i:i + per_line] for i in range(0, len(short), per_line))


class ResponsibilityModel(QAbstractTableModel):
    """Rows: tasks.  Columns: 编号 | 任务 | 牵头单位 | one column per unit (● lead, ○ supporting)."""

    FIXED = ["编号", "任务", "牵头单位"]

    def __init__(self, analysis: Analysis, parent=None):
        super().__init__(parent)
        self.tasks: list[Task] = list(analysis.tasks)
        self.units = ordered_units(analysis)
        self.unit_names: list[str] = [u.name for u in self.units]
        self.roles: list[dict[str, str]] = [unit_roles(t) for t in self.tasks]
        self._bold = QFont()
        self._bold.setBold(True)

    # -- shape
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.tasks)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.FIXED) + len(self.units)

    def unit_column(self, name: str) -> int:
        return len(self.FIXED) + self.unit_names.index(name)

    def unit_at(self, column: int) -> str | None:
        i = column - len(self.FIXED)
        return self.unit_names[i] if 0 <= i < len(self.unit_names) else None

    def lead_names(self, row: int) -> list[str]:
        return [u for u, r in self.roles[row].items() if r == "lead"]

    # -- data
    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1)
            return None
        unit = self.unit_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if unit is None:
                return self.FIXED[section]
            return unit_head(unit)           # horizontal, two characters a line, abbreviated (full name: tooltip)
        if role == Qt.ItemDataRole.ToolTipRole and unit is not None:
            u = self.units[section - len(self.FIXED)]
            tip = f"{unit}：共 {len(u.tasks)} 项任务，牵头 {len(u.lead_tasks)} 项"
            return tip if u.recognised else tip + "\n" + UNRECOGNISED_NOTE
        if role == Qt.ItemDataRole.ForegroundRole and unit is not None:
            u = self.units[section - len(self.FIXED)]
            return None if u.recognised else QBrush(style.COLOR_UNRECOGNISED)
        if role == Qt.ItemDataRole.TextAlignmentRole and unit is not None:
            return int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        task = self.tasks[row]
        if role == TASK_ROLE:
            return task
        unit = self.unit_at(col)
        if unit is None:
            if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
                if col == 0:
                    return task_label(task) if role == Qt.ItemDataRole.DisplayRole else row
                if col == 1:
                    return task.title or ""
                return "、".join(self.lead_names(row))
            odd = task.unrecognised_units
            if role == Qt.ItemDataRole.ToolTipRole:
                if odd and col in (0, 2):
                    return unrecognised_tip(task)
                return task.text or ""
            if odd and role == Qt.ItemDataRole.BackgroundRole and col == 0:
                return QBrush(style.COLOR_UNRECOGNISED_BG)
            if odd and role == Qt.ItemDataRole.DecorationRole and col == 0:
                return warning_icon()
            if role == UNRECOGNISED_ROLE:
                return [u.name for u in odd]
            return None
        r = self.roles[row].get(unit)
        if role == Qt.ItemDataRole.DisplayRole:
            return LEAD_MARK if r == "lead" else SUPPORT_MARK if r == "support" else ""
        if role == SORT_ROLE:
            return 2 if r == "lead" else 1 if r == "support" else 0
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and r:
            return QBrush(style.COLOR_LEAD if r == "lead" else style.COLOR_SUPPORT)
        if role == Qt.ItemDataRole.ToolTipRole and r:
            inferred = "（按列出顺序推定）" if r == "lead" and task.lead_inferred else ""
            tip = f"{unit}：{'牵头' if r == 'lead' else '配合'}{inferred}\n{task_label(task)} {task.title or ''}"
            odd = next((u for u in task.unrecognised_units if u.normalized == unit or u.name == unit), None)
            return tip if odd is None else tip + "\n" + UNRECOGNISED_NOTE + (f"：{odd.reason}" if odd.reason else "")
        if role == Qt.ItemDataRole.BackgroundRole and r and any(
                u.normalized == unit or u.name == unit for u in task.unrecognised_units):
            return QBrush(style.COLOR_UNRECOGNISED_BG)
        return None

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ResponsibilityFilter(QSortFilterProxyModel):
    """Keeps the tasks of one unit (``set_unit``) whose text contains the search string (``set_search``)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._unit: str | None = None
        self._search = ""
        self.setSortRole(SORT_ROLE)

    def set_unit(self, unit: str | None) -> None:
        self._refilter(lambda: setattr(self, "_unit", unit or None))

    def set_search(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_search", (text or "").strip()))

    def _refilter(self, change) -> None:
        if hasattr(self, "beginFilterChange"):          # Qt >= 6.10
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model: ResponsibilityModel = self.sourceModel()
        if self._unit and self._unit not in model.roles[source_row]:
            return False
        if self._search:
            task = model.tasks[source_row]
            hay = " ".join([task_label(task), task.title or "", task.text or "",
                            " ".join(model.roles[source_row])])
            return self._search in hay
        return True
