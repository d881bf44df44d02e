"""Qt item models over one ``analysis/1`` dict: the heading tree and the task × unit table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QFont, QStandardItem, QStandardItemModel

from . import style
from ..export import LEAD_MARK, SUPPORT_MARK, ordered_units, short_unit_name, task_label, unit_roles

HEADING_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PARAGRAPH_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE_ROLE = Qt.ItemDataRole.UserRole + 3
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 4
SORT_ROLE = Qt.ItemDataRole.UserRole + 5
TASK_ROLE = Qt.ItemDataRole.UserRole + 6





def heading_paragraph(analysis: dict[str, Any], heading: dict[str, Any]) -> int | None:
    """Index of the paragraph a heading starts (the shared ``paragraph`` key, else found by its text)."""
    idx = heading.get("paragraph")
    if isinstance(idx, int):
        return idx
    number, title = heading.get("number") or "", heading.get("title") or ""
    for p in analysis.get("paragraphs") or []:
        text = p.get("text") or ""
        if text.startswith(number) and title and title in text[: len(number) + len(title) + 2]:
            return p.get("index")
    return None


def build_heading_model(analysis: dict[str, Any]) -> QStandardItemModel:
    """Heading tree: 标题 (number + title) | 页码 | 任务 — children nested under their parent id."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["标题", "页码", "任务"])
    task_count: dict[str, int] = {}
    for t in analysis.get("tasks") or []:
        task_count[t.get("heading")] = task_count.get(t.get("heading"), 0) + 1
    rows: dict[str, QStandardItem] = {}
    for h in analysis.get("headings") or []:
        hid = h.get("id")
        title_item = QStandardItem(f"{h.get('number') or ''}{h.get('title') or ''}")
        title_item.setEditable(False)
        title_item.setToolTip(f"{h.get('number') or ''}{h.get('title') or ''}")
        title_item.setData(hid, HEADING_ID_ROLE)
        title_item.setData(heading_paragraph(analysis, h), PARAGRAPH_ROLE)
        title_item.setData(h.get("page"), PAGE_ROLE)
        title_item.setData(h.get("level"), LEVEL_ROLE)
        if h.get("level") == 1:
            f = QFont()
            f.setBold(True)
            title_item.setFont(f)
        page = h.get("page")
        page_item = QStandardItem("" if page is None else str(page))
        page_item.setEditable(False)
        page_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        n = _subtree_tasks(hid, analysis, task_count)
        count_item = QStandardItem(str(n) if n else "")
        count_item.setEditable(False)
        count_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        parent = rows.get(h.get("parent")) if h.get("parent") is not None else None
        (parent or model.invisibleRootItem()).appendRow([title_item, page_item, count_item])
        rows[hid] = title_item
    return model


def _subtree_tasks(hid: str, analysis: dict[str, Any], task_count: dict[str, int]) -> int:
    children = {h.get("id") for h in analysis.get("headings") or [] if h.get("parent") == hid}
    return task_count.get(hid, 0) + sum(_subtree_tasks(c, analysis, task_count) for c in children)


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

    def __init__(self, analysis: dict[str, Any], parent=None):
        super().__init__(parent)
        self.tasks: list[dict[str, Any]] = list(analysis.get("tasks") or [])
        self.units: list[dict[str, Any]] = ordered_units(analysis)
        self.unit_names: list[str] = [u.get("name") for u in self.units]
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
            return f"{unit}：共 {len(u.get('tasks') or [])} 项任务，牵头 {len(u.get('lead_tasks') or [])} 项"
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
                    return task.get("title") or ""
                return "、".join(self.lead_names(row))
            if role == Qt.ItemDataRole.ToolTipRole:
                return task.get("text") or ""
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
            inferred = "（按列出顺序推定）" if r == "lead" and task.get("lead_inferred") else ""
            return f"{unit}：{'牵头' if r == 'lead' else '配合'}{inferred}\n{task_label(task)} {task.get('title') or ''}"
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
            hay = " ".join([task_label(task), task.get("title") or "", task.get("text") or "",
                            " ".join(model.roles[source_row])])
            return self._search in hay
        return True
