"""Comparison with higher-level documents: the acceptance checks of issue 4.

The 41-document library (15 national laws + 26 State Council documents) is built once per module.
"""

from __future__ import annotations

import json
import re

import pytest

from compare_helpers import (CORPUS, PLAN, PROVINCIAL_OPENING, law_pairs, library_files, masked_analysis,
                             shuffled_retitled_plan)
from policydesk.api import analyze_path
from policydesk.cli import main
from policydesk.compare import build_clauses, compare_documents
from policydesk.library import Library

ARTICLE_CITE = re.compile(r"(?:》|(?<![本办])法)(第[一二三四五六七八九十百零]+条)")


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    home = tmp_path_factory.mktemp("cmp-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("POLICYDESK_HOME", str(home))
        path = home / "library.sqlite3"
        lib = Library(path)
        results = lib.add_many([str(p) for p in library_files()])
        assert all(r.status == "added" for r in results)
        yield lib
        lib.close()


@pytest.fixture(scope="module")
def locals_analysed():
    return {local: analyze_path(CORPUS / "law_pairs" / local) for _, local in law_pairs()}


def _ref_file(result, k=0):
    return result["references"][k]["path"].replace("\\", "/").rsplit("/", 1)[-1]


def test_library_holds_41_documents_with_levels(library):
    docs = library.list()
    assert len(docs) == 41
    assert {d.level for d in docs} == {"national"}


@pytest.mark.parametrize("masked", [False, True], ids=["plain", "masked"])
def test_paired_national_law_ranked_first(library, locals_analysed, masked):
    wrong = []
    for law, local in law_pairs():
        analysis = locals_analysed[local]
        if masked:
            analysis = masked_analysis(analysis)
            assert not any("《" in p.text for p in analysis.paragraphs)
        result = compare_documents(analysis, library=library)
        if not result["references"] or _ref_file(result) != law:
            wrong.append(local)
        if masked:      # similarity alone: nothing cited, the law is found by ranking
            assert result["citations"] == []
            assert result["candidates"][0]["similarity"] >= 2 * result["candidates"][1]["similarity"]
    assert wrong == []


def test_cited_articles_among_best_three(library, locals_analysed):
    checked = 0
    for law, local in law_pairs():
        analysis = locals_analysed[local]
        result = None
        for a_index, clause in enumerate(build_clauses(analysis)):
            for article in dict.fromkeys(m.group(1) for m in ARTICLE_CITE.finditer(clause.text)):
                if result is None:
                    result = compare_documents(analysis, library=library)
                    assert _ref_file(result) == law
                alignment = result["alignments"][a_index]
                assert alignment["plan_clause"]["id"] == clause.id
                best3 = [(m["reference"], m["clause"]["id"]) for m in alignment["matches"][:3]]
                assert (0, article) in best3, (local, clause.id, article, best3)
                checked += 1
    assert checked >= 6


def test_cited_articles_are_never_uncovered(library, locals_analysed):
    """Issue 12: an article the local regulation cites is aligned and labelled on its own."""
    checked = 0
    for law, local in law_pairs():
        analysis = locals_analysed[local]
        cited = {m.group(1) for c in build_clauses(analysis) for m in ARTICLE_CITE.finditer(c.text)}
        if not cited:
            continue
        result = compare_documents(analysis, library=library)
        uncovered = {u["clause"]["id"] for u in result["uncovered"] if u["reference"] == 0}
        coverage = {c["clause"]["id"]: c for c in result["coverage"] if c["reference"] == 0}
        for article in cited & set(coverage):
            assert article not in uncovered, (local, article)
            assert coverage[article]["covered"]
            checked += 1
        for a in result["alignments"]:
            for m in a["matches"]:
                if m.get("cited"):
                    assert m["label"] in ("承接", "细化")
    assert checked >= 6


@pytest.fixture(scope="module")
def plan_vs_provincial(library, tmp_path_factory):
    provincial_id = library.add(PROVINCIAL_OPENING).id
    try:
        yield compare_documents(analyze_path(PLAN), library=library)
    finally:
        library.remove(provincial_id)


def test_plan_against_provincial_opening(plan_vs_provincial):
    result = plan_vs_provincial
    assert [r["doc_number"] for r in result["references"]] == ["苏政发〔2020〕79号"]
    by_id = {a["plan_clause"]["id"]: a for a in result["alignments"]}
    general = by_id["一"]
    assert general["label"] == "承接"
    assert general["matches"][0]["clause"]["id"] == "一" and general["matches"][0]["clause"]["title"] == "总体要求"
    assert by_id["二（一）"]["matches"][0]["clause"]["id"] == "二（一）"
    assert by_id["二（一）"]["label"] in ("承接", "细化")
    citations = {c["doc_number"]: c for c in result["citations"] if c["doc_number"]}
    assert citations["苏政发〔2020〕79号"]["status"] == "linked"
    assert citations["苏政发〔2020〕79号"]["reference"] == result["references"][0]["id"] is not None
    assert citations["国发〔2019〕11号"]["status"] == "missing"
    assert citations["国发〔2019〕11号"]["reference"] is None
    # most of the plan has no counterpart in a two-clause opening
    assert sum(a["label"] == "新增" for a in result["alignments"]) >= 15


def test_compare_json_shape(plan_vs_provincial):
    r = plan_vs_provincial
    assert r["schema"] == "policydesk.compare/1"
    assert set(r["plan"]) >= {"path", "sha256", "title", "doc_number", "level"}
    assert r["plan"]["level"] == "city"
    for ref in r["references"]:
        assert set(ref) >= {"id", "path", "title", "doc_number", "level", "similarity"}
    n_ref_clauses = sum(1 for c in r["coverage"])
    for a in r["alignments"]:
        assert set(a["plan_clause"]) == {"id", "number", "title", "text"}
        assert a["label"] in ("承接", "细化", "新增")
        assert len(a["matches"]) == min(3, n_ref_clauses)
        scores = [m["score"] for m in a["matches"]]
        assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
        for m in a["matches"]:
            assert 0 <= m["reference"] < len(r["references"])
            assert set(m["clause"]) == {"id", "number", "title", "text"}
            for span in m["shared_spans"]:
                s, e = span["plan"]
                assert a["plan_clause"]["text"][s:e] == span["text"]
                rs, re_ = span["ref"]
                assert re_ - rs == e - s
    for u in r["uncovered"]:
        assert set(u) == {"reference", "clause"}
    for a in r["alignments"]:
        for ch in a["changes"]:
            assert ch["kind"] in ("target", "deadline", "strength", "scope", "negation")
            assert ch["direction"] in ("weaker", "stronger", "different")
            assert isinstance(ch["parent"], str) and isinstance(ch["plan"], str)


def test_shuffled_and_retitled_copy_aligns_to_originals(tmp_path):
    original = build_clauses(analyze_path(PLAN))
    text, mapping = shuffled_retitled_plan(original)
    copy = tmp_path / "打乱后的方案.txt"
    copy.write_text(text, encoding="utf-8")
    result = compare_documents(analyze_path(copy), [analyze_path(PLAN)])
    aligned = {a["plan_clause"]["id"]: a["matches"][0]["clause"]["id"] for a in result["alignments"]}
    assert aligned == mapping
    assert all(a["label"] == "承接" for a in result["alignments"])
    assert result["uncovered"] == []


def test_plan_is_never_its_own_reference(library, tmp_path):
    plan = analyze_path(PLAN)
    result = compare_documents(plan, [plan], library=library)
    assert result["references"] == []
    assert any("相同" in w for w in result["warnings"])


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_compare_with_outside_reference_and_reports(tmp_path, capsys):
    lib = tmp_path / "lib.sqlite3"
    html_out, docx_out = tmp_path / "对照.html", tmp_path / "对照表.docx"
    code, out, err = run(["compare", str(PLAN), "--ref", str(PROVINCIAL_OPENING), "--json", "--library", str(lib),
                          "--html", str(html_out), "--docx", str(docx_out)], capsys)
    assert code == 0, err
    result = json.loads(out)
    assert result["references"][0]["id"] is None                  # read, not imported
    with Library(lib) as opened:
        assert opened.list() == []
    page = html_out.read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page and "<script" not in page.lower()
    assert 'href="#pair-0"' in page and 'id="pair-0"' in page and "class=\"heat\"" in page
    assert "未承接" in page and "承接" in page and "总体要求" in page
    from docx import Document
    from docx.oxml.ns import qn
    doc = Document(str(docx_out))
    table = doc.tables[0]
    assert len(table.columns) == 3
    assert [c.text for c in table.rows[0].cells] == ["方案条款", "对应的上级条款", "对照结论"]
    assert len(table.rows) == 1 + len(result["alignments"])
    assert table.rows[1].cells[2].text.startswith("承接")
    fonts = doc.element.body.xpath(".//w:rFonts")
    assert fonts and all(f.get(qn("w:eastAsia")) for f in fonts)
    sec = doc.sections[0]
    assert sec.page_width > sec.page_height                        # landscape
    # no overwrite without --force
    code, out, err = run(["compare", str(PLAN), "--ref", str(PROVINCIAL_OPENING), "--library", str(lib),
                          "--html", str(html_out)], capsys)
    assert code == 4 and out == "" and "--force" in err
    code, out, _ = run(["compare", str(PLAN), "--ref", str(PROVINCIAL_OPENING), "--library", str(lib),
                        "--html", str(html_out), "--force"], capsys)
    assert code == 0 and "承接" in out


def test_cli_compare_unknown_reference(tmp_path, capsys):
    lib = tmp_path / "lib.sqlite3"
    Library(lib).close()
    code, out, err = run(["compare", str(PLAN), "--ref", "42", "--library", str(lib)], capsys)
    assert code == 5 and out == "" and "42" in err
    code, out, err = run(["compare", str(PLAN), "--ref", str(tmp_path / "无此文件.txt"), "--library", str(lib)], capsys)
    assert code == 3 and out == "" and "无此文件" in err


def test_cli_compare_uses_cited_library_document(tmp_path, capsys):
    lib = tmp_path / "lib.sqlite3"
    assert main(["library", "add", str(PROVINCIAL_OPENING), "--library", str(lib)]) == 0
    capsys.readouterr()
    code, out, _ = run(["compare", str(PLAN), "--json", "--library", str(lib)], capsys)
    result = json.loads(out)
    assert code == 0 and result["references"][0]["id"] == 1 and result["references"][0]["level"] == "provincial"
    # a --ref file whose content is in the library is the stored document
    code, out, _ = run(["compare", str(PLAN), "--ref", str(PROVINCIAL_OPENING), "--json", "--library", str(lib)], capsys)
    assert code == 0 and json.loads(out)["references"][0]["id"] == 1


def test_plan_read_from_pdf_aligns_with_its_text_version():
    pdf = CORPUS.parent / "pdf" / "tongzhengfa-2021-23.pdf"
    result = compare_documents(analyze_path(pdf), [analyze_path(PLAN)])
    assert len(result["alignments"]) == 21
    for a in result["alignments"]:
        assert a["matches"][0]["clause"]["id"] == a["plan_clause"]["id"]
        assert a["label"] == "承接"
    assert result["uncovered"] == []
