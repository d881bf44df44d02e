"""The fast PDF text path (pypdfium2) gives exactly what the pdfplumber path gives, or steps aside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policydesk.analysis import analyze
from policydesk.readers import pdf, pdf_fast
from policydesk.readers.base import ReadOptions

ROOT = Path(__file__).resolve().parents[1]
ALL_PDFS = sorted(p for p in list((ROOT / "tests" / "data").rglob("*.pdf")) + list((ROOT / "samples").glob("*.pdf")))


def signature(doc):
    """Everything a paragraph carries (geometry to a thousandth of a point: pdfium keeps 32-bit floats)."""
    return [(p.text, p.page, p.end_page, p.kind, p.style, p.heading_hint, p.align, p.bold, p.size,
             [(ln.text, ln.page, ln.size, ln.font, ln.bold, round(ln.x0, 3), round(ln.x1, 3), round(ln.top, 3),
               round(ln.bottom, 3)) for ln in p.lines]) for p in doc.paragraphs]


def slow_read(path, monkeypatch):
    with monkeypatch.context() as m:
        m.setenv("POLICYDESK_PDF_FAST", "0")
        return pdf.read(path, ReadOptions())


def test_the_fast_path_equals_pdfplumber_on_every_pdf_of_the_repository(monkeypatch):
    used = []
    for path in ALL_PDFS:
        fast = pdf_fast.read(path, ReadOptions())
        if fast is None:
            continue
        used.append(path.name)
        slow = slow_read(path, monkeypatch)
        assert signature(fast) == signature(slow), path
        assert fast.source == slow.source, path
        assert analyze(fast) == analyze(slow), path
    assert "tongzhengfa-2021-23.pdf" in used and len(used) >= 6


@pytest.mark.parametrize("name", ["tongzhengfa-2021-23_fakebold.pdf", "tongzhengfa-2021-23_cidfont.pdf",
                                  "j_table_guobanfa-2018-121.pdf", "cid_garbage.pdf", "image_only.pdf",
                                  "tongzhengfa-p1-2-scan.pdf", "encrypted.pdf", "truncated.pdf"])
def test_pages_needing_pdfplumber_repairs_go_the_pdfplumber_way(name):
    path = next(p for p in ALL_PDFS if p.name == name)
    assert pdf_fast.read(path, ReadOptions()) is None


def test_the_fast_path_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("POLICYDESK_PDF_FAST", "0")
    assert pdf_fast.read(ROOT / "samples" / "tongzhengfa-2021-23.pdf", ReadOptions()) is None
    assert os.environ["POLICYDESK_PDF_FAST"] == "0"
