"""Acceptance: the customer's plan 通政发〔2021〕23号, in every input form, against the hand-checked truth."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policydesk.api import analyze_path

DATA = Path(__file__).resolve().parent / "data"
TRUTH = json.loads((DATA / "truth" / "tongzhengfa-2021-23.json").read_text(encoding="utf-8"))

INPUTS = [
    "corpus/nantong/tongzhengfa-2021-23.txt",
    "corpus/nantong/tongzhengfa-2021-23.pdf-extract.txt",
    "docx/tongzhengfa-2021-23.docx",
    "pdf/tongzhengfa-2021-23.pdf",
    "pdf/tongzhengfa-2021-23_cidfont.pdf",
    "pdf/tongzhengfa-2021-23_fakebold.pdf",
    "pdf/tongzhengfa-2021-23_letterspaced.pdf",
]


def ns(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


@pytest.fixture(scope="module", params=INPUTS)
def result(request) -> dict:
    return analyze_path(DATA / request.param).to_json()


def test_headings_match_truth(result):
    got = [(h["level"], ns(h["title"])) for h in result["headings"]]
    want = [(h["level"], ns(h["title"])) for h in TRUTH["headings"]]
    assert got == want


def test_heading_tree(result):
    ids = [h["id"] for h in result["headings"]]
    assert ids[:4] == ["一", "二", "二（一）", "二（二）"]
    parents = {h["id"]: h["parent"] for h in result["headings"]}
    assert parents["三（三）"] == "三" and parents["一"] is None


def test_tasks_match_truth(result):
    got = [(ns(t["title"]), t["units"], t["units_normalized"]) for t in result["tasks"]]
    want = [(ns(t["heading_title"]), t["units"], t["units_normalized"]) for t in TRUTH["tasks"]]
    assert got == want


def test_task_annotations_as_written(result):
    assert [ns(t["annotation"]) for t in result["tasks"]] == [ns(t["annotation_raw"]) for t in TRUTH["tasks"]]


def test_meta_matches_truth(result):
    meta = result["meta"]
    assert meta["doc_number"] == TRUTH["notice"]["doc_number"]
    assert meta["issuer"] == TRUTH["notice"]["issuer"]
    assert meta["date"] == "2021-06-03"
    assert ns(meta["plan_title"]) == TRUTH["plan_title"]
    assert ns(meta["title"]) == TRUTH["notice"]["title"]
    cited = [c["doc_number"] for c in meta["cited"]]
    for c in TRUTH["cited_documents"]:
        assert c["doc_number"] in cited
    # the notice's own citation of the plan it issues is not a cited document, nor is a guide still
    # to be drafted (编制《区域评估成果应用指南》)
    assert [c["doc_number"] for c in meta["cited"]] == [c["doc_number"] for c in TRUTH["cited_documents"]]
    assert [ns(c["title"]) for c in meta["cited"]] == [c["title"] for c in TRUTH["cited_documents"]]


def test_units_section_matches_truth(result):
    units = {u["name"]: u for u in result["units"]}
    assert sorted(units) == sorted(TRUTH["distinct_units_normalized"])
    counts = {name: len(u["tasks"]) for name, u in units.items()}
    assert counts == TRUTH["unit_task_counts_normalized"]
    assert units["市有关部门"]["generic"] and units["各县（市、区）人民政府"]["generic"]
    assert not units["市商务局"]["generic"]


def test_paragraphs_extension(result):
    paras = result["paragraphs"]
    assert [p["index"] for p in paras] == list(range(len(paras)))
    roles = [p["role"] for p in paras]
    for role in ("notice_title", "doc_number", "recipients", "signature", "date", "publicity", "plan_title"):
        assert role in roles
    for h in result["headings"]:
        p = paras[h["paragraph"]]
        assert p["heading"] == h["id"] and p["role"] == "heading"
        assert ns(p["text"]).startswith(h["number"])
    for t in result["tasks"]:
        p = paras[t["paragraph"]]
        assert p["heading"] == t["heading"]
        assert ns(t["annotation"]) in ns(p["text"])
        assert ns(t["text"]).endswith(ns(t["annotation"]))
    # the notice part has no outline
    first_heading = result["headings"][0]["paragraph"]
    assert all(p["heading"] is None for p in paras[:first_heading])
