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
    assert "tongzhengfa-2021-23.pdf" in used and "j_table_guobanfa-2018-121.pdf" in used and len(used) >= 6


@pytest.mark.parametrize("name", ["tongzhengfa-2021-23_fakebold.pdf", "cid_garbage.pdf", "image_only.pdf",
                                  "tongzhengfa-p1-2-scan.pdf", "encrypted.pdf", "truncated.pdf"])
def test_pages_needing_pdfplumber_repairs_go_the_pdfplumber_way(name):
    path = next(p for p in ALL_PDFS if p.name == name)
    assert pdf_fast.read(path, ReadOptions()) is None


def test_the_fast_path_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("POLICYDESK_PDF_FAST", "0")
    assert pdf_fast.read(ROOT / "samples" / "tongzhengfa-2021-23.pdf", ReadOptions()) is None
    assert os.environ["POLICYDESK_PDF_FAST"] == "0"


@pytest.mark.slow
def test_fifty_generated_plans_imported_by_two_workers_equal_one_by_one_pdfplumber_import(tmp_path, monkeypatch):
    """Issue 19: the bulk import (2 workers, fast text path) stores what importing each file on its own with the
    pdfplumber path stores: same paragraphs, same analysis, same clauses and vectors."""
    import importlib.util
    from policydesk.library import Library
    from policydesk.library.bulk import import_paths
    from policydesk.library.codec import unpack_json
    spec = importlib.util.spec_from_file_location("pdf_variants", ROOT / "bench" / "pdf_variants.py")
    variants = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(variants)
    files = variants.make_variants(50, tmp_path / "plans")
    with Library(tmp_path / "bulk.sqlite3") as lib:
        summary = import_paths(lib, [tmp_path / "plans"], workers=2, build_index=False)
        assert len(summary.added) == 50
        bulk = lib._query("SELECT d.sha256, d.title, d.level, d.chars, d.n_clauses, d.analysis, f.clauses, f.vectors"
                          " FROM documents d JOIN doc_data f ON f.doc_id = d.id ORDER BY d.id")
    monkeypatch.setenv("POLICYDESK_PDF_FAST", "0")
    with Library(tmp_path / "single.sqlite3") as lib:
        for f in files:
            assert lib.add(f).status == "added"
        single = lib._query("SELECT d.sha256, d.title, d.level, d.chars, d.n_clauses, d.analysis, f.clauses, f.vectors"
                            " FROM documents d JOIN doc_data f ON f.doc_id = d.id ORDER BY d.id")
    assert [r[:5] for r in bulk] == [r[:5] for r in single]
    assert [unpack_json(r[5]) for r in bulk] == [unpack_json(r[5]) for r in single]
    assert [r[6:] for r in bulk] == [r[6:] for r in single]
