"""Export of the 责任分工 table to .xlsx (openpyxl; no Qt here, runs on a worker thread)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..fileio import atomic_output
from .responsibility import ordered_units, task_label, unit_roles


def export_responsibilities(analysis: dict[str, Any], path: str | os.PathLike, *, force: bool = False) -> Path:
    """Three sheets: 责任分工 (task × unit, ● lead ○ supporting), 任务清单 (one row per task), 单位任务 (per unit)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    tasks = analysis.get("tasks") or []
    units = ordered_units(analysis)
    names = [u.get("name") for u in units]
    roles = [unit_roles(t) for t in tasks]
    title = (analysis.get("meta") or {}).get("plan_title") or (analysis.get("meta") or {}).get("title") or ""

    wb = Workbook()
    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DCE6F1")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)

    ws = wb.active
    ws.title = "责任分工"
    ws.append(["编号", "任务", "牵头单位"] + names)
    for i, t in enumerate(tasks):
        r = roles[i]
        lead = "、".join(u for u, v in r.items() if v == "lead")
        ws.append([task_label(t), t.get("title"), lead]
                  + ["●" if r.get(n) == "lead" else "○" if r.get(n) == "support" else "" for n in names])
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
    ws.cell(row=len(tasks) + 3, column=1, value="● 牵头　○ 配合" + (f"　　来源：{title}" if title else ""))

    ws2 = wb.create_sheet("任务清单")
    ws2.append(["编号", "任务", "牵头单位", "配合单位", "目标", "时限", "页码", "原文"])
    for i, t in enumerate(tasks):
        r = roles[i]
        ws2.append([task_label(t), t.get("title"),
                    "、".join(u for u, v in r.items() if v == "lead"),
                    "、".join(u for u, v in r.items() if v == "support"),
                    "；".join(t.get("targets") or []), "；".join(t.get("deadlines") or []),
                    t.get("page"), t.get("text")])
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
    by_id = {t.get("id"): t for t in tasks}
    for u in units:
        lead_ids = [i for i in u.get("lead_tasks") or []]
        other = [i for i in u.get("tasks") or [] if i not in lead_ids]
        fmt = lambda ids: "\n".join(f"{task_label(by_id.get(i) or {'id': i})} {(by_id.get(i) or {}).get('title') or ''}"  # noqa: E731
                                    for i in ids)
        ws3.append([u.get("name"), len(u.get("tasks") or []), fmt(lead_ids), fmt(other)])
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
