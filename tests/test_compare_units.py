"""Building blocks of the comparison: normalisation, tokens, clauses, diff spans, labels, lazy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from policydesk.compare.clauses import build_clauses
from policydesk.compare.diff import shared_fraction, shared_spans
from policydesk.textproc import char_ngrams, normalize, normalize_doc_number, normalize_title, words


@pytest.mark.parametrize("raw", ["国发〔2019〕11号", "国发[2019]11号", "国发［2019］11号", "国发（2019）11号",
                                 "国发 〔2019〕 11 号", "国发〔2019〕第11号", "国发(2019)011号"])
def test_doc_number_forms_normalise_alike(raw):
    assert normalize_doc_number(raw) == "国发〔2019〕11号"


def test_doc_number_absent():
    assert normalize_doc_number("关于推进经济开发区的意见") is None
    assert normalize_doc_number(None) is None


def test_title_normalisation_ignores_brackets_and_width():
    assert normalize_title("《省政府关于推进全省经济开发区（试行）》") == normalize_title("省政府关于推进全省经济开发区(试行)")


def test_annotations_do_not_count_as_content():
    text = "加快对外贸易转型。〔责任单位：市商务局，各县（市、区）人民政府〕"
    assert "商务局" not in normalize(text)
    assert "商务局" not in normalize("加快转型。(责任单位:市商务局)")


def test_tokens_keep_domain_words_and_single_characters():
    toks = words("支持全市经济开发区深化“放管服”改革，县、市、区各负其责。〔责任单位：市商务局〕")
    assert "经济开发区" in toks and "放管服" in toks
    assert "县" in toks and "市" in toks
    assert not any(t in toks for t in ("，", "“", "。", " "))
    assert "商务局" not in toks          # the annotation is stripped


def test_char_bigrams_fold_width():
    assert char_ngrams("ＡＢ，开发") == ["ab", "开发"]


def _analysis(headings, paragraphs):
    from policydesk.analysis.result import Analysis
    paragraphs = [dict(p, index=p.get("index", k)) for k, p in enumerate(paragraphs)]
    return Analysis.from_json({"headings": headings, "paragraphs": paragraphs, "meta": {}, "source": {}})


def test_clauses_are_smallest_numbered_items():
    headings = [
        {"id": "一", "level": 1, "number": "一、", "title": "总体要求", "parent": None, "paragraph": 0},
        {"id": "二", "level": 1, "number": "二、", "title": "重点任务", "parent": None, "paragraph": 2},
        {"id": "二（一）", "level": 2, "number": "（一）", "title": "扩大开放", "parent": "二", "paragraph": 3},
        {"id": "二（二）", "level": 2, "number": "（二）", "title": "优化服务", "parent": "二", "paragraph": 4},
        {"id": "三", "level": 1, "number": "三、", "title": "保障措施", "parent": None, "paragraph": 6},
        {"id": "三（一）", "level": 2, "number": "（一）", "title": "加强领导", "parent": "三", "paragraph": 8},
    ]
    paragraphs = [
        {"index": 0, "text": "一、总体要求", "heading": "一", "role": "heading"},
        {"index": 1, "text": "以高质量发展为目标，推动开发区转型。", "heading": "一", "role": "body"},
        {"index": 2, "text": "二、重点任务", "heading": "二", "role": "heading"},
        {"index": 3, "text": "（一）扩大开放。支持开发区招引外资。", "heading": "二（一）", "role": "heading"},
        {"index": 4, "text": "（二）优化服务。推行一站式服务。", "heading": "二（二）", "role": "heading"},
        {"index": 5, "text": "各地要建立服务专员制度。", "heading": "二（二）", "role": "body"},
        {"index": 6, "text": "三、保障措施", "heading": "三", "role": "heading"},
        {"index": 7, "text": "各地各部门要强化保障，落实以下措施，确保方案落地见效。", "heading": "三", "role": "body"},
        {"index": 8, "text": "（一）加强领导。成立工作专班。", "heading": "三（一）", "role": "heading"},
        {"index": 9, "text": "南通市人民政府", "heading": None, "role": "signature"},
    ]
    clauses = build_clauses(_analysis(headings, paragraphs))
    assert [c.id for c in clauses] == ["一", "二（一）", "二（二）", "三", "三（一）"]
    assert clauses[0].text == "总体要求\n以高质量发展为目标，推动开发区转型。"
    assert clauses[2].text == "优化服务。推行一站式服务。\n各地要建立服务专员制度。"
    assert clauses[2].number == "（二）" and clauses[2].title == "优化服务"
    assert "南通市人民政府" not in " ".join(c.text for c in clauses)


def test_document_without_numbered_items_falls_back_to_paragraphs():
    paragraphs = [{"index": 0, "text": "关于做好安全生产工作的通知", "heading": None, "role": "notice_title"},
                  {"index": 1, "text": "各地要认真落实安全生产责任制，加强隐患排查治理。", "heading": None, "role": "body"},
                  {"index": 2, "text": "请于年底前报送工作情况，逾期未报的予以通报。", "heading": None, "role": "body"}]
    clauses = build_clauses(_analysis([], paragraphs))
    assert [c.id for c in clauses] == ["第1段", "第2段"]


def test_shared_spans_across_punctuation_widths():
    plan = "支持全市经济开发区加大对外开放力度，拓展利用外资领域，提高引资层次和水平。"
    ref = "支持全省经济开发区加大对外开放力度,拓展利用外资领域,着力稳定利用外资规模,提高引资层次和水平。"
    spans = shared_spans(plan, ref)
    texts = [s.text for s in spans]
    assert any("经济开发区加大对外开放力度，拓展利用外资领域" in t for t in texts)   # across "," vs "，"
    for s in spans:
        assert plan[s.plan[0]:s.plan[1]] == s.text
        assert len(ref[s.ref[0]:s.ref[1]]) == len(s.text)
    assert 0.8 < shared_fraction(plan, spans) < 1.0
    assert shared_spans(plan, "完全不同的一段文字内容") == []


def test_long_texts_diff_quickly_and_fully():
    a = "".join(f"第{i}项工作要求各地认真落实。" for i in range(400))
    spans = shared_spans(a, a)
    assert len(spans) == 1 and spans[0].text == a


def test_core_imports_stay_light():
    code = ("import sys, policydesk.compare, policydesk.library, policydesk.cli.compare, policydesk.cli.library;"
            "bad=[m for m in ('jieba','sklearn','scipy','docx') if m in sys.modules];print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_reference_selection_takes_only_higher_levels():
    from policydesk.compare.parents import Ranked, select_by_similarity
    from policydesk.compare.settings import CompareSettings
    st = CompareSettings()
    ranked = [Ranked(0, 1, "county", 0.70), Ranked(1, 2, "provincial", 0.60), Ranked(2, 3, "national", 0.50),
              Ranked(3, 4, "national", 0.10)]
    chosen = select_by_similarity(ranked, "city", st)
    assert [r.id for r in chosen] == [2, 3]           # the county document is below a city plan; 0.10 too weak
    assert select_by_similarity([Ranked(0, 1, "national", 0.12)], "city", st) == []
    # issue 12: a sibling plan (same level) or a lower one is never a parent by similarity alone
    assert select_by_similarity([Ranked(0, 1, "county", 0.7)], "city", st) == []
    assert select_by_similarity([Ranked(0, 1, "city", 0.9), Ranked(1, 2, "provincial", 0.5)], "city", st)[0].id == 2
    assert select_by_similarity([Ranked(0, 1, "city", 0.9)], "city", st) == []
    assert [r.id for r in select_by_similarity([Ranked(0, 1, "other", 0.5)], "city", st)] == [1]


def test_article_citations_resolve_to_references():
    from policydesk.compare.align import cited_articles
    from policydesk.compare.document import PreparedDoc
    law = PreparedDoc(id=1, path=None, sha256="x", title="中华人民共和国慈善法", plan_title=None, doc_number=None,
                      issuer=None, level="national", clauses=[], features=None)
    text = "从事慈善法第三条规定的活动；依照《中华人民共和国慈善法》第九条办理；违反本办法第十条的，责令改正。"
    assert cited_articles(text, [law]) == [(0, "第三条"), (0, "第九条")]
    assert cited_articles("依照《中华人民共和国水法》第九条", [law]) == []
