"""The 重点任务分工表 as an .xlsx a department head can filter (openpyxl)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from .model import DraftResult

COLUMNS = ("序号", "所属部分", "重点任务", "牵头单位", "配合单位", "完成时限", "进展情况", "责任人", "依据条款", "备注")
WIDTHS = (6, 18, 28, 22, 40, 14, 20, 10, 18, 40)


def write_ledger_xlsx(result: DraftResult, path: str | Path | BinaryIO) -> None:
    """Write the ledger to a path or a binary file object."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "重点任务分工表"
    title = f"{result.title}重点任务分工表"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws["A1"].font = Font(name="黑体", size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(list(COLUMNS))
    thin = Side(style="thin", color="808080")
    head_fill = PatternFill("solid", fgColor="D9D9D9")
    confirm_fill = PatternFill("solid", fgColor="CCFFFF")
    todo_fill = PatternFill("solid", fgColor="FFFF99")
    for c in ws[2]:
        c.font = Font(name="黑体", size=11)
        c.fill = head_fill
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    basis = result.source.doc_number or f"《{result.source.title}》"
    start_of_part: dict[str, int] = {}
    for row in result.ledger:
        values = [row.number, row.part, row.task, "、".join(row.lead), "、".join(row.support), row.deadline,
                  row.progress, row.owner, f"{basis} {row.clause}", "；".join(row.notes)]
        ws.append(values)
        r = ws.max_row
        start_of_part.setdefault(row.part, r)
        for c in ws[r]:
            c.font = Font(name="仿宋", size=11)
            c.alignment = Alignment(vertical="center", wrap_text=True,
                                    horizontal="center" if c.column in (1, 6) else "left")
            c.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if isinstance(c.value, str):
                if c.value.startswith("【待补充"):
                    c.fill = todo_fill
                elif "待确认" in c.value:
                    c.fill = confirm_fill
    # outline groups per part (collapsible), autofilter and frozen header
    parts = list(start_of_part.items())
    for i, (part, first) in enumerate(parts):
        last = (parts[i + 1][1] - 1) if i + 1 < len(parts) else ws.max_row
        if last > first:
            ws.row_dimensions.group(first + 1, last, outline_level=1, hidden=False)
    ws.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 2)}"
    ws.freeze_panes = "A3"
    for i, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    wb.properties.creator = "policydesk"
    wb.save(path if hasattr(path, "write") else str(path))
