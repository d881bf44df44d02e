"""Safe cells for every .xlsx the program writes (openpyxl).

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` is a formula to Excel and WPS (CSV/formula injection:
``=HYPERLINK(…)``, ``=cmd|…``, ``@SUM(…)``): text taken from a document must never become one.  openpyxl stores a
string starting with ``=`` as a formula; the others are text in the file but become formulas when a user edits the
cell.  :func:`safe_cell` marks such a string so that it is written as an inline string (never a formula) with the
cell's ``quotePrefix`` set (what Excel records when a user types ``'=…``): the visible text is unchanged and stays text
when the cell is edited.

Use :func:`set_safe` to write a value into a cell, or :func:`append_safe` for a whole row.
"""

from __future__ import annotations

from typing import Any, Iterable

FORMULA_STARTS = ("=", "+", "-", "@")
# also a formula once leading blanks are stripped by the spreadsheet, or after a tab/CR (DDE payloads)
_LEADING = " \t\r\n\u3000"


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip(_LEADING)[:1] in FORMULA_STARTS and value.strip(_LEADING) != "-"


def safe_cell(value: Any) -> Any:
    """Non-strings and ordinary strings unchanged; a formula-like string marked as text (write it with
    :func:`set_safe`: openpyxl alone would store a str starting with "=" as a formula)."""
    if not is_formula_like(value):
        return value
    return _Text(value)


class _Text(str):
    """A str openpyxl must write as text (marker type; :func:`set_safe` sets the data type)."""


def set_safe(cell, value: Any) -> None:
    """``cell.value = value``, never as a formula."""
    v = safe_cell(value)
    if isinstance(v, _Text):
        cell.value = str(v)
        cell.data_type = "s"                 # a string, not a formula ("f"), whatever openpyxl guessed
        cell.quotePrefix = True              # Excel/WPS keep showing (and re-saving) it as text when edited
    else:
        cell.value = v


def append_safe(ws, values: Iterable[Any]) -> None:
    """``ws.append(values)`` with every cell written by :func:`set_safe`."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for col, value in enumerate(values, 1):
        set_safe(ws.cell(row=row, column=col), value)
