"""Laws and regulations: 第X章 (1) / 第X节 (2) / 第X条 (3); an article's （一）（二） items are not headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydesk.analysis import analyze
from policydesk.api import analyze_path
from policydesk.model import Document, Paragraph, SourceInfo

LAWS = Path(__file__).resolve().parent / "data" / "corpus" / "law_pairs"
LAW_FILES = sorted(LAWS.glob("*.txt"))


def doc(*lines: str) -> Document:
    return Document(SourceInfo(path="x.txt", sha256="0", format="txt"), [Paragraph(text=t) for t in lines])


@pytest.mark.parametrize("path", LAW_FILES, ids=[p.stem for p in LAW_FILES])
def test_law_outline(path):
    result = analyze_path(path).to_json()
    headings = result["headings"]
    articles = [h for h in headings if h["number"].endswith("条")]
    assert articles and all(h["level"] == 3 for h in articles)
    assert all(h["id"] == h["number"] for h in articles)
    assert not any(h["number"].startswith("（") for h in headings)
    chapters = [h for h in headings if h["number"].endswith("章")]
    assert all(h["level"] == 1 and h["parent"] is None for h in chapters)
    if chapters:
        assert headings[0]["id"] == "第一章" and headings[0]["title"]
        assert all(a["parent"] is not None for a in articles)
    ids = [h["id"] for h in headings]
    assert len(ids) == len(set(ids))
    assert result["tasks"] == []          # （负责人） and friends are no annotations
    assert result["meta"]["title"] == path.read_text(encoding="utf-8").splitlines()[0].strip()


def test_article_fifteen_of_road_traffic_law():
    result = analyze_path(LAWS / "law_daolujiaotonganquanfa_2021.txt").to_json()
    by_id = {h["id"]: h for h in result["headings"]}
    h = by_id["第十五条"]
    assert h["level"] == 3 and h["number"] == "第十五条" and h["parent"] == "第二章第一节"
    assert by_id["第二章第一节"]["level"] == 2 and by_id["第二章第一节"]["parent"] == "第二章"
    assert by_id["第二章"]["title"] == "车辆和驾驶人"
    assert result["meta"]["date"] == "2021-04-29"   # the latest revision


def test_article_items_belong_to_the_article():
    result = analyze(doc(
        "某某条例",
        "第一章 总则",
        "第一条 为了规范管理，制定本条例。",
        "第二条 有下列情形之一的，依法处理：",
        "（一）未经批准擅自施工的；",
        "（二）拒不改正的。",
        "第三条 法定代表人（负责人）应当履行职责。",
    )).to_json()
    assert [(h["id"], h["level"]) for h in result["headings"]] == [
        ("第一章", 1), ("第一条", 3), ("第二条", 3), ("第三条", 3)]
    assert result["paragraphs"][4]["heading"] == "第二条"
    assert result["tasks"] == []
