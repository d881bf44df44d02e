"""Ruled tables in a PDF page (a plan's 重点任务分工表): rows of cells instead of visual lines.

Only pages with enough ruling lines are searched (pdfplumber's ``find_tables`` costs about as much as reading
the page's text), so a page of running text pays nothing.  A table is taken when it has at least two rows and
two columns; its characters are removed from the page's characters (they are not read again as lines) and
each row is returned with its cells' text joined as the DOCX reader does (lines of a cell joined without a
separator).  Readers do not interpret the table: that is :mod:`policydesk.analysis.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import reflow

MIN_EDGES = 6            # ruling lines/rect edges a page needs before tables are looked for
MIN_ROWS, MIN_COLS = 2, 2


@dataclass(slots=True)
class TableRow:
    cells: list[str]
    x0: float
    x1: float
    top: float
    bottom: float


def split_tables(page: Any, chars: list[dict]) -> tuple[list[dict], list[TableRow]]:
    """``(characters outside tables, table rows in page order)``."""
    try:
        if len(page.edges) < MIN_EDGES:
            return chars, []
        tables = page.find_tables()
    except Exception:  # noqa: BLE001 - a table we cannot read is read as lines, as before
        return chars, []
    rows: list[TableRow] = []
    boxes: list[tuple[float, float, float, float]] = []
    for table in tables:
        try:
            cells = table.extract()
        except Exception:  # noqa: BLE001
            continue
        if len(cells) < MIN_ROWS or max((len(r) for r in cells), default=0) < MIN_COLS:
            continue
        x0, top, x1, bottom = (float(v) for v in table.bbox)
        boxes.append((x0, top, x1, bottom))
        for row, texts in zip(table.rows, cells):
            rx0, rtop, rx1, rbottom = (float(v) for v in row.bbox)
            joined = [reflow.join_line_texts((t or "").split("\n")) for t in texts]
            if any(joined):
                rows.append(TableRow(cells=joined, x0=rx0, x1=rx1, top=rtop, bottom=rbottom))
    if not boxes:
        return chars, []

    def inside(c: dict) -> bool:
        cx = (float(c["x0"]) + float(c["x1"])) / 2
        cy = (float(c["top"]) + float(c["bottom"])) / 2
        return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    return [c for c in chars if not inside(c)], rows
