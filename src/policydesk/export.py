"""Who does what (lead / support per task and unit) and the 责任分工 .xlsx export — shared by the CLI and the GUI.

Plain Python (no Qt) over one typed :class:`~policydesk.analysis.result.Analysis` (read an ``analysis/1`` JSON file
with ``Analysis.from_json``): :func:`unit_roles`, :func:`ordered_units`, :func:`task_label`, :func:`responsibility_rows`
(the task × unit table as text) and :func:`export_responsibilities` (three sheets).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .fileio import atomic_output
from .xlsx import append_safe, set_safe

if TYPE_CHECKING:           # the GUI imports this module at start-up; the analysis package loads with a document
    from .analysis.result import Analysis, Task, UnitSummary

LEAD_MARK = "●"
SUPPORT_MARK = "○"

def unit_roles(task: Task) -> dict[str, str]:
    """Normalised unit name → "lead" | "support" for one task."""
    written = task.units or []
    normalized = task.units_normalized or written
    to_norm = dict(zip(written, normalized))
    roles: dict[str, str] = {}
    for name in task.lead or []:
        roles[to_norm.get(name, name)] = "lead"
    for name in task.support or []:
        roles.setdefault(to_norm.get(name, name), "support")
    for name in normalized:
        roles.setdefault(name, "support")
    return roles


def ordered_units(analysis: Analysis) -> list[UnitSummary]:
    """Units by number of tasks (most first), placeholders such as 市有关部门 last; ties keep document order."""
    units = list(analysis.units)
    if not units:  # derive from tasks if the analysis has no unit index
        from .analysis.result import UnitSummary
        seen: dict[str, UnitSummary] = {}
        for t in analysis.tasks:
            roles = unit_roles(t)
            written_order = [n for n in (t.units_normalized or t.units or []) if n in roles]
            for name in dict.fromkeys(written_order + list(roles)):
                u = seen.setdefault(name, UnitSummary(name=name, generic=False))
                u.tasks.append(t.id)
                if roles[name] == "lead":
                    u.lead_tasks.append(t.id)
        units = list(seen.values())
    order = {id(u): i for i, u in enumerate(units)}
    return sorted(units, key=lambda u: (bool(u.generic), -len(u.tasks), order[id(u)]))


def task_label(task: Task) -> str:
    """What a drafter calls a task: the id of its heading (二（一）), else the task id."""
    return str(task.heading or task.id or "")


def short_unit_name(name: str, limit: int = 6) -> str:
    """A unit as a narrow column head: without the leading 市/县/区 (or a city name such as 南通市) and at most
    ``limit`` characters (the rest elided with …); the full name goes in the tooltip."""
    import re
    short = re.sub(r"^(?:[\u4e00-\u9fff]{2,3}市(?=[\u4e00-\u9fff]{2,}))|^(?:市|县|区)(?=[\u4e00-\u9fff]{2,})", "", name or "")
    short = short or name or ""
    return short if len(short) <= limit else short[: limit - 1] + "…"


def responsibility_rows(analysis: Analysis) -> tuple[list[str], list[list[str]]]:
    """The task × unit table as text: header (编号, 任务, 牵头单位, units…) and one row per task (● / ○ / "")."""
    tasks = analysis.tasks
    names: list[str] = [u.name for u in ordered_units(analysis)]
    rows = []
    for t in tasks:
        r = unit_roles(t)
        lead = "、".join(u for u, v in r.items() if v == "lead")
        rows.append([task_label(t), t.title or "", lead]
                    + [LEAD_MARK if r.get(n) == "lead" else SUPPORT_MARK if r.get(n) == "support" else "" for n in names])
    return ["编号", "任务", "牵头单位"] + names, rows


def export_responsibilities(analysis: Analysis, path: str | os.PathLike, *, force: bool = False) -> Path:
    """Three sheets: 责任分工 (task × unit, ● lead ○ supporting), 任务清单 (one row per task), 单位任务 (per unit)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    tasks = analysis.tasks
    units = ordered_units(analysis)
    names: list[str] = [u.name for u in units]
    roles = [unit_roles(t) for t in tasks]
    title = analysis.meta.plan_title or analysis.meta.title or ""

    wb = Workbook()
    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DCE6F1")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)

    ws = wb.active
    ws.title = "责任分工"
    header, table = responsibility_rows(analysis)
    append_safe(ws, header)
    for row in table:
        append_safe(ws, row)
    for c in ws[1]:
        c.font, c.fill, c.alignment = head_font, head_fill, center
    for col in range(4, 4 + len(names)):
        ws.column_dimensions[get_column_letter(col)].width = 5
        for row in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            row[0].alignment = center
    ws.row_dimensions[1].height = 15 * max([4] + [len(n) for n in names]) * 0.9
    for col in range(4, 4 + len(names)):
        ws.cell(row=1, column=col).alignment = Alignment(horizontal="center", vertical="top", wrap_text=True,
                                                         text_rotation=255)   # vertical stacked text
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 24
    ws.freeze_panes = "D2"
    set_safe(ws.cell(row=len(tasks) + 3, column=1), "● 牵头　○ 配合" + (f"　　来源：{title}" if title else ""))

    ws2 = wb.create_sheet("任务清单")
    ws2.append(["编号", "任务", "牵头单位", "配合单位", "目标", "时限", "页码", "原文"])
    for i, t in enumerate(tasks):
        r = roles[i]
        append_safe(ws2, [task_label(t), t.title,
                          "、".join(u for u, v in r.items() if v == "lead"),
                          "、".join(u for u, v in r.items() if v == "support"),
                          "；".join(t.targets), "；".join(t.deadlines), t.page, t.text])
    for c in ws2[1]:
        c.font, c.fill, c.alignment = head_font, head_fill, center
    for letter, width in zip("ABCDEFGH", (12, 28, 24, 40, 24, 16, 6, 80)):
        ws2.column_dimensions[letter].width = width
    for row in ws2.iter_rows(min_row=2):
        for c in row:
            c.alignment = wrap
    ws2.freeze_panes = "A2"

    ws3 = wb.create_sheet("单位任务")
    ws3.append(["单位", "任务数", "牵头任务", "配合任务"])
    by_id = {t.id: t for t in tasks}

    def fmt(ids: list[str]) -> str:
        return "\n".join(f"{task_label(by_id[i])} {by_id[i].title or ''}" if i in by_id else i for i in ids)
    for u in units:
        lead_ids = list(u.lead_tasks)
        other = [i for i in u.tasks if i not in lead_ids]
        append_safe(ws3, [u.name, len(u.tasks), fmt(lead_ids), fmt(other)])
    for c in ws3[1]:
        c.font, c.fill, c.alignment = head_font, head_fill, center
    for letter, width in zip("ABCD", (26, 8, 50, 50)):
        ws3.column_dimensions[letter].width = width
    for row in ws3.iter_rows(min_row=2):
        for c in row:
            c.alignment = wrap

    with atomic_output(path, force=force) as tmp:
        wb.save(tmp)
    return Path(path)
