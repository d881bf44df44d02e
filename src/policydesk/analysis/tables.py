"""Tasks from responsibility tables (重点任务分工表): a header row naming unit columns (牵头单位, 责任单位,
配合单位 …, the labels of ``annotations.json``) and one task per following row that names units.

Readers give a table row as a paragraph of ``kind="table_row"`` with cells joined by TAB; a merged cell
appears once, so a short row is aligned to the header from the right (unit columns come last).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .normalize import match_form, no_space
from .rules import load_json
from .units import split_unit_pieces, split_units, unit_verdict

_TASK_WORDS = ("任务", "内容", "措施", "事项", "工作", "举措", "目标")


@dataclass(slots=True)
class TableTask:
    paragraph: int
    task_text: str
    annotation: str
    units: list[str]
    lead: list[str]
    support: list[str]
    lead_inferred: bool
    deadlines: list[str]
    recognition: dict[str, tuple[bool, str | None]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _column_roles(cells: list[str]) -> list[str] | None:
    """Role of each header cell (lead/support/units/deadline/task/other); None when no unit column."""
    labels: dict[str, str] = load_json("annotations.json")["labels"]
    roles: list[str] = []
    for cell in cells:
        c = no_space(match_form(cell))
        role = "other"
        for label in sorted(labels, key=len, reverse=True):
            if label in c and len(c) <= len(label) + 6:
                role = labels[label]
                break
        if role == "other" and ("牵头" in c) and len(c) <= 8:
            role = "lead"
        if role == "other" and any(w in c for w in ("配合", "参与", "协办")) and len(c) <= 8:
            role = "support"
        if role == "other" and any(w in c for w in ("时限", "完成时间", "进度")) and len(c) <= 8:
            role = "deadline"
        if role == "ignore":
            role = "other"
        roles.append(role)
    if not any(r in ("lead", "support", "units") for r in roles):
        return None
    task_col = next((i for i, c in enumerate(cells) if roles[i] == "other" and any(w in c for w in _TASK_WORDS)), None)
    if task_col is None:
        task_col = next((i for i, c in enumerate(cells) if roles[i] == "other" and "序号" not in c), None)
    if task_col is not None:
        roles[task_col] = "task"
    return roles


def _units(cell: str) -> list[str]:
    """The units of a unit-column cell: every piece is kept (the header says it is a unit list); a name the
    unit rules do not know is marked by the caller, never dropped.  Two paragraphs in one cell (``\n``) are
    two units."""
    units = split_units(cell)
    if units is not None:
        return units
    out: list[str] = []
    for line in cell.split("\n"):
        out += split_unit_pieces(line)
    return out


def find_table_tasks(texts: list[str], kinds: list[str]) -> list[TableTask]:
    """One task per row of a responsibility table that names at least one unit."""
    out: list[TableTask] = []
    header: list[str] | None = None
    header_cells: list[str] = []
    prev_cells: list[str] | None = None
    for k, (text, kind) in enumerate(zip(texts, kinds)):
        if kind != "table_row":
            header = None
            continue
        cells = [c.strip() for c in text.split("\t")]
        roles = _column_roles(cells)
        if roles is not None:
            header, header_cells, prev_cells = roles, cells, None
            continue
        if header is None:
            continue
        offset = len(header) - len(cells)
        if offset < 0:
            continue
        assigned: list[tuple[str, str]] = []
        task_text = ""
        deadlines: list[str] = []
        notes: list[str] = []
        row_notes: list[str] = []
        unit_cols = [j for j in range(len(cells)) if header[j + offset] in ("lead", "support", "units")]
        if prev_cells is not None and len(prev_cells) == len(cells) and unit_cols \
                and not any(cells[j] for j in unit_cols) and sum(1 for c in cells if c) >= 2:
            # a vertically merged unit cell: its text stands in the first row only
            cells = [prev_cells[j] if j in unit_cols else c for j, c in enumerate(cells)]
            row_notes.append("责任单位沿用上一行（合并单元格）")
        for j, cell in enumerate(cells):
            role = header[j + offset] if offset == 0 or j + offset < len(header) else "other"
            if offset and j == 0 and "task" in header[:offset + 1]:
                role = "task"
            if not cell:
                continue
            if role == "task":
                task_text = cell
            elif role == "deadline":
                deadlines.append(cell)
            elif role in ("lead", "support", "units"):
                units = _units(cell)
                assigned += [(u, role) for u in units]
                if units:
                    notes.append(f"{header_cells[j + offset]}：{cell}")
        if not assigned:
            continue
        prev_cells = cells
        units = list(dict.fromkeys(u for u, _ in assigned))
        leads = list(dict.fromkeys(u for u, r in assigned if r == "lead"))
        if leads:
            support = [u for u in units if u not in leads]
            inferred = False
        else:
            leads, support, inferred = units[:1], units[1:], True
        out.append(TableTask(paragraph=k, task_text=task_text, annotation="；".join(notes), units=units,
                             lead=leads, support=support, lead_inferred=inferred, deadlines=deadlines,
                             recognition={u: unit_verdict(u) for u in units}, notes=row_notes))
    return out
