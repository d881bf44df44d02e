"""Acceptance on the 59 real documents of tests/data/corpus/INDEX.tsv: no error, an outline, and the
annotation counts of the documents that carry responsibility annotations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policydesk.api import analyze_path

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


def _index() -> list[dict[str, str]]:
    lines = (CORPUS / "INDEX.tsv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, ln.split("\t"))) for ln in lines[1:] if ln.strip()]


ROWS = _index()
BY_NUMBER = {r["doc_no"]: r["file"] for r in ROWS if r["doc_no"]}
_cache: dict[str, dict] = {}


def analysed(file: str) -> dict:
    if file not in _cache:
        _cache[file] = analyze_path(CORPUS / file).to_json()
    return _cache[file]


def test_index_lists_59_documents():
    assert len(ROWS) == 59


@pytest.mark.parametrize("row", ROWS, ids=[r["file"].split("/")[-1][:40] for r in ROWS])
def test_document_has_outline(row):
    result = analysed(row["file"])
    assert result["headings"], "no heading found"
    ids = [h["id"] for h in result["headings"]]
    assert len(ids) == len(set(ids))
    for h in result["headings"]:
        assert 1 <= h["level"] <= 4 and h["title"] is not None
        assert h["parent"] is None or h["parent"] in ids


@pytest.mark.parametrize("row", [r for r in ROWS if r["kind"] == "state-council"],
                         ids=lambda r: r["doc_no"])
def test_state_council_metadata(row):
    meta = analysed(row["file"])["meta"]
    assert meta["doc_number"] == row["doc_no"]
    assert meta["title"] == row["title"]
    assert meta["date"] == row["date"]
    assert meta["issuer"] == row["issuer"]


@pytest.mark.parametrize("doc_no,count", [
    ("国发〔2018〕38号", 53), ("国发〔2019〕3号", 21), ("国办发〔2018〕121号", 21), ("国发〔2018〕42号", 18),
    ("国办发〔2018〕129号", 17), ("国发〔2018〕39号", 15), ("国发〔2019〕4号", 0),
])
def test_annotation_counts(doc_no, count):
    assert len(analysed(BY_NUMBER[doc_no])["tasks"]) == count


def test_applicability_scope_is_not_a_unit():
    tasks = analysed(BY_NUMBER["国发〔2018〕38号"])["tasks"]
    scoped = [t for t in tasks if "适用范围" in t["annotation"]]
    assert scoped
    for t in scoped:
        assert not any("自贸试验区" in u or "适用范围" in u for u in t["units"])
    t16 = next(t for t in tasks if "粮食和储备局" in t["annotation"])
    assert t16["units"] == ["发展改革委", "粮食和储备局"]


def test_guofa_2018_39_forms():
    tasks = analysed(BY_NUMBER["国发〔2018〕39号"])["tasks"]
    first = tasks[0]   # （人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）
    assert first["units"] == ["人力资源社会保障部", "财政部"]
    assert first["lead"] == ["人力资源社会保障部"] and first["lead_inferred"]
    split = next(t for t in tasks if "市场监管总局，各省级人民政府按职责分工负责" in t["annotation"])
    assert split["units"][-2:] == ["市场监管总局", "各省级人民政府"]


def test_guobanfa_2018_129_joined_lists():
    tasks = analysed(BY_NUMBER["国办发〔2018〕129号"])["tasks"]
    t = tasks[0]
    assert t["units"][0] == "扶贫办" and t["units"][-1] == "各省级人民政府"
    assert "全国总工会" in t["units"]
    assert not any(u.endswith("等") for task in tasks for u in task["units"])


def test_technical_school_parenthesis_is_no_task():
    result = analysed(BY_NUMBER["国发〔2019〕4号"])
    assert result["tasks"] == []
    assert any("技工院校内由人力资源社会保障行政部门负责" in p["text"] for p in result["paragraphs"])


def test_notice_plan_title_and_roles():
    result = analysed(BY_NUMBER["国发〔2019〕4号"])
    assert result["meta"]["plan_title"] == "国家职业教育改革实施方案"
    roles = [p["role"] for p in result["paragraphs"]]
    first_heading = result["headings"][0]["paragraph"]
    assert roles.index("plan_title") < first_heading
    assert "notice_body" in roles[:roles.index("plan_title")]


def test_cited_documents_with_numbers():
    cited = analysed(BY_NUMBER["国发〔2018〕38号"])["meta"]["cited"]
    titles = [c["title"] for c in cited]
    assert "外商投资建筑业企业管理规定" in titles
    for c in cited:
        assert c["title"] or c["doc_number"]
        if c["doc_number"]:
            assert re.fullmatch(r"\S+〔\d{4}〕\d+号", c["doc_number"])


def test_notice_issuing_two_documents():
    result = analysed(BY_NUMBER["国办发〔2018〕124号"])
    meta = result["meta"]
    assert meta["plan_title"] == "文化体制改革中经营性文化事业单位转制为企业的规定"
    assert meta["plan_titles"] == [meta["plan_title"], "进一步支持文化企业发展的规定"]
    ids = [h["id"] for h in result["headings"]]
    assert ids[:2] == ["一", "一（一）"] and "2/一" in ids and "2/一（一）" in ids
    assert not any(c["title"] in meta["plan_titles"] for c in meta["cited"])


def test_attachment_headings_are_prefixed():
    result = analysed(BY_NUMBER["国办发〔2018〕114号"])
    ids = [h["id"] for h in result["headings"]]
    assert ids[:4] == ["一", "二", "三", "四"]
    assert "附件/一" in ids and "附件/一（一）" in ids
    roles = {p["role"] for p in result["paragraphs"] if p["heading"] and p["heading"].startswith("附件/")}
    assert roles == {"attachment"}


def test_forwarded_report_keeps_its_own_signature_out_of_the_outline():
    result = analysed(BY_NUMBER["国办发〔1996〕2号"])
    meta = result["meta"]
    assert meta["issuer"] == "国务院办公厅" and meta["date"] == "1996-02-05"
    assert meta["plan_title"] == "关于我国地震重点监视防御区的确定和加强防震减灾工作意见的报告"
    last = result["paragraphs"][-2:]
    assert [p["role"] for p in last] == ["signature", "date"] and all(p["heading"] is None for p in last)
