"""The 督查 ledger (任务台账) as an .xlsx: one row per measurable commitment (openpyxl).

A 督查 office tracks commitments, not headings: every target and every deadline the analysis finds in a task gets its
own row (a deadline in the same sentence as a target goes on that target's row), and a task without any gets one row.
Columns: 序号, 任务, 具体目标, 牵头单位, 配合单位, 责任领导, 时间节点, 进展情况, 备注. The city's targets and deadlines
are highlighted (yellow) as in the body; a generic lead (县有关部门) is highlighted and noted for the drafter. Printed
on A4 landscape, one page wide, the header row repeated; no cell is ever a formula (:func:`policydesk.xlsx.set_safe`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .model import DraftResult, LedgerRow

COLUMNS = ("序号", "任务", "具体目标", "牵头单位", "配合单位", "责任领导", "时间节点", "进展情况", "备注")
WIDTHS = (6, 20, 44, 16, 26, 10, 20, 16, 28)
GENERIC_LEAD = re.compile(r"有关部门|相关部门|有关单位|相关单位|各部门|各单位|有关方面")
_SENTENCE = re.compile(r"[^。；！？]*[。；！？]?")
MAX_GOAL_CHARS = 90


@dataclass(slots=True)
class Commitment:
    """One row of the ledger: a measurable commitment of a task (or the task itself when it has none)."""
    number: str                     # 9-1, 9-2 … (task number - commitment number); 3 for a task with one row
    part: str                       # 二、扩大对外开放
    clause: str                     # 二（一）
    task: str                       # 二（一）优化提升利用外资质态
    goal: str                       # the sentence of the county draft with the city target (具体目标)
    lead: list[str]
    support: list[str]
    leader: str                     # 责任领导 (profile) or a slot
    when: str                       # 时间节点
    progress: str = ""
    notes: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)     # the city's targets on this row
    deadlines: list[str] = field(default_factory=list)   # the city's deadlines on this row
    generic_lead: bool = False
    city_deadline: str = ""                              # the city's deadline shown in 时间节点 (task-wide)

    @property
    def city_goal(self) -> bool:
        return bool(self.targets)

    @property
    def city_when(self) -> bool:
        return bool(self.deadlines or self.city_deadline)


def _chars(text: str) -> float:
    """Width in CJK characters (ASCII counts half)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s.strip()]


def _around(sentence: str, item: str) -> str:
    """The sentence, shortened to the comma clauses around ``item`` when it is long."""
    s = sentence.strip()
    if len(s) <= MAX_GOAL_CHARS:
        return s
    pieces = re.findall(r"[^，,：:]*[，,：:]?", s)
    pieces = [p for p in pieces if p]
    for i, p in enumerate(pieces):
        if item in p:
            out = p
            j = i - 1
            while j >= 0 and len(pieces[j]) + len(out) <= MAX_GOAL_CHARS:
                out = pieces[j] + out
                j -= 1
            k = i + 1
            while k < len(pieces) and len(out) + len(pieces[k]) <= MAX_GOAL_CHARS:
                out += pieces[k]
                k += 1
            return ("…" if j >= 0 else "") + out.rstrip("，,") + ("…" if k < len(pieces) else "")
    return s[:MAX_GOAL_CHARS] + "…"


def _leader(result: DraftResult, lead: list[str]) -> str:
    leaders = getattr(result.profile, "leaders", None) or {}
    for unit in lead:
        if leaders.get(unit):
            return str(leaders[unit])
    return "【待补充：责任领导】"


def _task_text(result: DraftResult, row: LedgerRow) -> str:
    texts = [b.text for b in result.blocks                 # its paragraph(s), and a task merged into it
             if (row.task_id and row.task_id in b.task_ids) or (row.clause and b.clause == row.clause)]
    return "".join(texts)


def commitment_rows(result: DraftResult) -> list[Commitment]:
    """The ledger rows: every target and deadline of every task (in the order written), one row for a task without."""
    lv = result.profile.level
    todo_when = f"【待补充：本{lv}完成时限】"
    out: list[Commitment] = []
    for row in result.ledger:
        text = _task_text(result, row)
        sentences = _sentences(text)
        task = f"{row.clause}{row.task}" if row.clause and row.clause != "新增" else row.task
        generic = any(GENERIC_LEAD.search(u) for u in row.lead) or not row.lead
        notes = list(row.notes)
        if generic:
            notes.insert(0, f"牵头单位为泛称（{'、'.join(row.lead) or '未写明'}），请明确具体牵头部门")
        basis = result.source.doc_number or f"《{result.source.title}》"
        if row.clause and row.clause != "新增":
            notes.append(f"依据：{basis} {row.clause}")
        leader = _leader(result, row.lead)

        def make(goal: str, targets: list[str], deadlines: list[str]) -> Commitment:
            city = ""
            if deadlines:
                city = "、".join(dict.fromkeys(deadlines))
            elif row.deadline and not row.deadline.startswith("【"):
                city = row.deadline
            when = f"{city}（市方案）；本{lv}：{todo_when}" if city else todo_when
            return Commitment("", row.part, row.clause, task, goal, list(row.lead), list(row.support), leader,
                              when, row.progress, list(notes), targets, deadlines, generic,
                              city if not deadlines else "")

        items: list[Commitment] = []
        used_deadlines: set[str] = set()
        for target in dict.fromkeys(row.targets):
            sent = next((s for s in sentences if target in s), "")
            paired = [d for d in row.deadlines if sent and d in sent]
            used_deadlines.update(paired)
            items.append(make(_around(sent, target) if sent else f"市方案目标：{target}", [target], paired))
        for d in dict.fromkeys(row.deadlines):
            if d in used_deadlines:
                continue
            sent = next((s for s in sentences if d in s), "")
            items.append(make(_around(sent, d) if sent else f"市方案时限：{d}", [], [d]))
        if not items:
            items.append(make(f"【待补充：本{lv}可量化的目标】", [], []))
        for k, c in enumerate(items, 1):
            c.number = str(row.number) if len(items) == 1 else f"{row.number}-{k}"
        out.extend(items)
    return out


def write_ledger_xlsx(result: DraftResult, path: str | Path | BinaryIO) -> None:
    """Write the ledger to a path or a binary file object."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    from ..xlsx import set_safe

    wb = Workbook()
    ws = wb.active
    ws.title = "任务台账"
    n = len(COLUMNS)
    set_safe(ws.cell(1, 1), f"{result.title}任务台账")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws["A1"].font = Font(name="黑体", size=14)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 28
    thin = Side(style="thin", color="808080")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    head_fill = PatternFill("solid", fgColor="D9D9D9")
    city_fill = PatternFill("solid", fgColor="FFFF00")      # the city's targets and deadlines (as in the body)
    confirm_fill = PatternFill("solid", fgColor="CCFFFF")   # to confirm (待确认, generic lead)
    todo_fill = PatternFill("solid", fgColor="FFFF99")      # 【待补充：…】
    for col, name in enumerate(COLUMNS, 1):
        c = ws.cell(2, col)
        set_safe(c, name)
        c.font = Font(name="黑体", size=11)
        c.fill = head_fill
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = box
    rows = commitment_rows(result)
    start_of_part: dict[str, int] = {}
    body_font = Font(name="仿宋", size=11)
    for r, row in enumerate(rows, 3):
        values = [row.number, row.task, row.goal, "、".join(row.lead), "、".join(row.support), row.leader, row.when,
                  row.progress, "；".join(row.notes)]
        start_of_part.setdefault(row.part, r)
        for col, value in enumerate(values, 1):
            c = ws.cell(r, col)
            set_safe(c, value)
            c.font = body_font
            c.alignment = Alignment(vertical="center", wrap_text=True,
                                    horizontal="center" if col in (1, 6) else "left")
            c.border = box
            name = COLUMNS[col - 1]
            if (name == "具体目标" and row.city_goal) or (name == "时间节点" and row.city_when):
                c.fill = city_fill
            elif name == "牵头单位" and row.generic_lead:
                c.fill = confirm_fill
            elif isinstance(value, str) and value.startswith("【待补充"):
                c.fill = todo_fill
            elif isinstance(value, str) and "待确认" in value:
                c.fill = confirm_fill
        # row height for the wrapped text (no spreadsheet grows rows on opening a file it did not lay out)
        lines = max(math.ceil(_chars(str(v)) / max(1.0, (WIDTHS[i] - 1) / 2.05)) for i, v in enumerate(values) if v)
        ws.row_dimensions[r].height = max(1, lines) * 14.5 + 4
    last = max(ws.max_row, 2)
    # outline groups per part (collapsible), autofilter and frozen header
    parts = list(start_of_part.items())
    for i, (_part, first) in enumerate(parts):
        end = (parts[i + 1][1] - 1) if i + 1 < len(parts) else last
        if end > first:
            ws.row_dimensions.group(first + 1, end, outline_level=1, hidden=False)
    ws.auto_filter.ref = f"A2:{get_column_letter(n)}{last}"
    ws.freeze_panes = "A3"
    for i, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    # print: A4 landscape, one page wide (as many pages tall as needed), header row on every page
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    wb.properties.creator = result.profile.government or ""
    wb.save(path if hasattr(path, "write") else str(path))
