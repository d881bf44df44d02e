"""Layouts the product has never seen: corpus documents rendered unlike the customer's fixtures
(tests/data/layouts/make_layouts.py) must analyse like their clean source text.

Compared (whitespace removed): the headings' (level, title) in order, the tasks' (heading, units_normalized) in
order — for the 分工 table, where tasks stand outside the outline, (title, units_normalized) — and the 发文字号,
date and issuer where the source has them.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from policydesk.api import analyze_path

DATA = Path(__file__).resolve().parent / "data"
LAYOUTS = DATA / "layouts"
sys.path.insert(0, str(LAYOUTS))
from make_layouts import JOBS  # noqa: E402  (the generator's list of outputs and their sources)

sys.path.remove(str(LAYOUTS))


def ns(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


@lru_cache(maxsize=None)
def analysed(path: str) -> dict:
    return analyze_path(Path(path)).to_json()


def pair(name: str) -> tuple[dict, dict, str]:
    rel, layout = next((rel, layout) for n, rel, layout, _ in JOBS if n == name)
    return analysed(str(DATA / "corpus" / rel)), analysed(str(LAYOUTS / name)), layout


NAMES = [name for name, _, _, _ in JOBS]
# Layouts the product cannot read yet (file name → why); such tests are strict xfails, so a fix shows up.
KNOWN_GAPS: dict[str, str] = {}


def with_gaps(names: list[str]) -> list:
    return [pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN_GAPS[n], strict=True)) if n in KNOWN_GAPS else n
            for n in names]


def test_generated_files_exist_and_are_small():
    sizes = {name: (LAYOUTS / name).stat().st_size for name in NAMES}
    assert all(sizes.values())
    assert sum(sizes.values()) < 2_000_000


@pytest.mark.parametrize("name", NAMES)
def test_headings_agree_with_source(name):
    src, got, _ = pair(name)
    assert src["headings"], "the source has an outline"
    assert [(h["level"], ns(h["title"])) for h in got["headings"]] == \
        [(h["level"], ns(h["title"])) for h in src["headings"]]


@pytest.mark.parametrize("name", with_gaps(NAMES))
def test_tasks_agree_with_source(name):
    src, got, layout = pair(name)
    if layout == "c_table":
        # the table's 任务 column holds the heading's title; its rows stand in an attachment, outside the outline
        key = lambda t: (ns(t["title"]), t["units_normalized"])  # noqa: E731
        assert all(t["form"] == "table" for t in got["tasks"])
    else:
        key = lambda t: (t["heading"], t["units_normalized"])  # noqa: E731
    assert [key(t) for t in got["tasks"]] == [key(t) for t in src["tasks"]]


@pytest.mark.parametrize("name", NAMES)
def test_meta_agrees_with_source(name):
    src, got, _ = pair(name)
    for field in ("doc_number", "date", "issuer"):
        if src["meta"][field]:
            assert got["meta"][field] == src["meta"][field], field


@pytest.mark.parametrize("name", with_gaps(["c_table_guobanfa-2018-121.docx", "j_table_guobanfa-2018-121.pdf"]))
def test_table_layout_reads_lead_and_support_from_columns(name):
    src, got, _ = pair(name)
    assert got["tasks"]
    assert [t["lead"] for t in got["tasks"]] == [t["lead"] for t in src["tasks"]]
    assert [t["support"] for t in got["tasks"]] == [t["support"] for t in src["tasks"]]
    assert not any(t["lead_inferred"] for t in got["tasks"])
    assert all(t["deadlines"] for t in got["tasks"])


def test_hard_wrapped_gbk_text_keeps_page_numbers_out():
    _, got, _ = pair("d_guofa-2018-38.txt")
    assert not any("页" in p["text"] and "共" in p["text"] and len(p["text"]) < 20 for p in got["paragraphs"])
    assert got["source"]["warnings"], "the reader says it re-joined hard-wrapped lines"


def test_pdf_table_rows_are_read_cell_by_cell():
    from policydesk.readers import read_document
    doc = read_document(LAYOUTS / "j_table_guobanfa-2018-121.pdf")
    rows = [p.text.split("\t") for p in doc.paragraphs if p.kind == "table_row"]
    assert rows[0] == ["序号", "任务", "牵头单位", "配合单位", "完成时限"]
    assert len(rows) == 22 and all(len(r) == 5 for r in rows)
    # row 9 runs over a page break: its two halves are one row, the number of rows does not grow
    assert rows[9] == ["9", "鼓励创新创业", "体育总局", "网信办、科技部、工业和信息化部", "2019年底前"]
    start = next(k for k, p in enumerate(doc.paragraphs) if p.kind == "table_row")
    assert all(p.kind == "table_row" for p in doc.paragraphs[start:])     # no cell read again as a text line


def test_hard_wrapped_text_drops_a_running_header():
    from make_layouts import layout_d, read_source  # noqa: E402  (pure Python, no LibreOffice)

    from policydesk.analysis import analyze
    from policydesk.model import Document, SourceInfo
    from policydesk.readers.text import paragraphs_from_text

    text = layout_d(read_source(next(rel for n, rel, _, _ in JOBS if n == "d_guofa-2018-38.txt"))).decode("gbk")
    text = text.replace("页\r\n\r\n", "页\r\n\r\n中华人民共和国国务院公报\r\n")   # a PDF copy's running header
    paragraphs, _ = paragraphs_from_text(text)
    got = analyze(Document(SourceInfo(path="x.txt", sha256="0", format="txt"), paragraphs)).to_json()
    assert not any("国务院公报" in p["text"] for p in got["paragraphs"])


@pytest.mark.parametrize("rel", ["library/guobanfa-2018-129_shenrukaizhanxiaofeifupinzhulidayingtuop.txt",
                                 "library/guofa-2018-39_zuohaodangqianhejinhouyigeshiqicujinjiuy.txt"])
def test_hard_wrapped_text_without_indents(rel):
    """A PDF copy that lost its first-line indents: an annotation closing at the margin (…负责）) ends its paragraph
    before the next number (（二）…)."""
    from make_layouts import layout_d, read_source  # noqa: E402  (pure Python, no LibreOffice)

    from policydesk.analysis import analyze
    from policydesk.model import Document, SourceInfo
    from policydesk.readers.text import paragraphs_from_text

    paragraphs, wrapped = paragraphs_from_text(layout_d(read_source(rel), indent=False).decode("gbk"))
    got = analyze(Document(SourceInfo(path="x.txt", sha256="0", format="txt"), paragraphs)).to_json()
    src = analysed(str(DATA / "corpus" / rel))
    assert wrapped
    assert [(h["level"], ns(h["title"])) for h in got["headings"]] == \
        [(h["level"], ns(h["title"])) for h in src["headings"]]
    assert [(t["heading"], t["units_normalized"]) for t in got["tasks"]] == \
        [(t["heading"], t["units_normalized"]) for t in src["tasks"]]
