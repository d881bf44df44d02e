"""Issue 12: what each clause commits to, weakened commitments between a parent and a plan, labels.

The weakening test set (tests/compare_edits.py): localised copies of five real documents (the sample
city plan and four State Council documents), with and without weakening edits.
"""

from __future__ import annotations

from collections import Counter

import pytest

from compare_edits import CHANGE_KIND, WEAKENING_PLANS, make_copy, real_local_plans
from compare_helpers import CORPUS, PLAN, PROVINCIAL_OPENING, law_pairs, library_files
from policydesk.api import analyze_path
from policydesk.commitments import compare_commitment, extract_commitments
from policydesk.compare import build_clauses, compare_documents
from policydesk.compare.pairdiff import analyse_pair, is_local, sentences
from policydesk.library import Library


def _one(text: str, kind: str):
    found = [c for c in extract_commitments(text) if c.kind == kind]
    assert len(found) == 1, (text, found)
    return found[0]


def test_targets_are_normalised():
    t = _one("实际使用外资达到1.5亿美元以上。", "target")
    assert (t.low, t.high, t.unit, t.comparator) == (150000000.0, 150000000.0, "美元", "firm")
    assert _one("引进外资1.5亿美元", "target").low == _one("引进外资15000万美元", "target").low
    r = _one("培育不少于3~5家龙头企业", "target")
    assert (r.low, r.high, r.unit) == (3.0, 5.0, "家")
    assert _one("覆盖率100%", "target").unit == "%"
    assert _one("能耗控制在5%以内", "target").comparator == "upper"
    assert _one("增长10%左右", "target").comparator == "soft"
    assert extract_commitments("十五届市人民政府第73次常务会议") == []


def test_deadlines_periods_and_durations():
    assert _one("2022年年底前完成", "deadline").date == (2022, 12, 31)
    assert _one("到2025年，建成", "deadline").date == (2025, 12, 31)
    assert _one("2023年6月底前", "deadline").date == (2023, 6, 30)
    assert _one("每年开展评估", "deadline").per_year == 1
    assert _one("每季度通报", "deadline").per_year == 4
    assert _one("3个月内完成", "deadline").days == 90


def test_strength_scope_and_prohibitions():
    levels = {c.text: c.level for c in extract_commitments("必须落实，要加快推进，力争完成，可视情探索。") if c.kind == "strength"}
    assert levels["必须"] > levels["要"] > levels["力争"] > levels["可"]
    assert levels["视情"] == levels["探索"] == 1
    # single characters count only as words of their own
    assert not [c for c in extract_commitments("重要的应用可能需要") if c.kind == "strength"]
    assert _one("各开发区", "scope").level > _one("部分开发区", "scope").level
    assert _one("不得新增", "negation").level > _one("原则上不新增", "negation").level


def test_commitment_comparison_directions():
    def c(text, kind):
        return _one(text, kind)
    assert compare_commitment(c("达到1.5亿美元", "target"), c("达到1亿美元", "target")) == "weaker"
    assert compare_commitment(c("达到1亿美元", "target"), c("达到2亿美元", "target")) == "stronger"
    assert compare_commitment(c("控制在5%以内", "target"), c("控制在8%以内", "target")) == "weaker"
    assert compare_commitment(c("3家以上", "target"), c("3家左右", "target")) == "weaker"
    assert compare_commitment(c("100%", "target"), c("100家", "target")) == "different"
    assert compare_commitment(c("2022年底前", "deadline"), c("2024年底前", "deadline")) == "weaker"
    assert compare_commitment(c("每年", "deadline"), c("每两年", "deadline")) == "weaker"
    assert compare_commitment(c("2022年底前", "deadline"), c("2022年底", "deadline")) is None


def test_issue_example_all_flagged_and_localisation_quiet():
    parent = ("到2022年年底前，全市经济开发区实际使用外资须达到1.5亿美元以上。各开发区要实现100%全覆盖。"
              "原则上不再新增开发区。南通市商务局每年开展一次评估。〔责任单位：市商务局，各县（市、区）人民政府〕")
    plan = ("各开发区要实现80%逐步推进。到2024年年底前，全县经济开发区实际使用外资可视情达到1亿美元以上。"
            "可根据工作需要新增开发区。如东县商务局每两年开展一次评估。〔责任单位：县商务局，各镇（街道）〕")
    pa = analyse_pair(plan, parent)
    got = {(c.kind, c.parent, c.plan) for c in pa.changes if c.direction == "weaker"}
    assert ("target", "达到1.5亿美元以上", "达到1亿美元以上") in got
    assert ("target", "100%", "80%") in got
    assert ("strength", "须", "可视情") in got
    assert ("strength", "全覆盖", "逐步") in got
    assert ("deadline", "到2022年年底前", "到2024年年底前") in got
    assert ("deadline", "每年", "每两年") in got
    assert any(k == "negation" and p == "原则上不" for k, p, _ in got)
    assert all(c.direction == "weaker" for c in pa.changes)
    local = [(o.parent, o.plan) for o in pa.ops if o.local]
    assert ("全市", "全县") in local and ("南通市", "如东县") in local
    # the reordered first two sentences still count as copied
    assert pa.parent_fraction > 0.6


def test_localisation_is_not_a_change():
    assert is_local("全市", "全县") and is_local("市", "县") and is_local("南通市", "如东县")
    assert is_local("市级", "县级") and is_local("国务院", "省政府")
    assert not is_local("须", "可") and not is_local("2022年", "2024年")
    pa = analyse_pair("全县经济开发区要确保完成。〔责任单位：县发改委〕", "全市经济开发区要确保完成。〔责任单位：市发改委〕")
    assert pa.changes == []


def test_real_local_plans_are_in_the_test_set():
    assert len(real_local_plans()) >= 8          # tests/data/real (issue 11 part 6): city, county, provincial plans


@pytest.fixture(scope="module")
def weakening_runs():
    runs = []
    for path in WEAKENING_PLANS + real_local_plans():
        original = analyze_path(path)
        for weaken in (True, False):
            copy = make_copy(original, weaken=weaken)
            runs.append((path.name, weaken, copy, compare_documents(copy.analysis, [original])))
    return runs


def test_weakening_test_set_size(weakening_runs):
    edits = [k for _, _, c, _ in weakening_runs for edits in c.weakened.values() for k, _ in edits]
    assert len({name for name, w, c, _ in weakening_runs if w and c.weakened}) >= 3
    assert len(edits) >= 40
    assert len(set(edits)) >= 6


def test_weakened_clauses_flagged_and_no_false_weaker_flags(weakening_runs):
    flagged = weakened = false = unweakened = kind_hits = n_edits = 0
    missed = []
    for name, _, copy, result in weakening_runs:
        for a in result["alignments"]:
            cid = a["plan_clause"]["id"]
            weak = [ch for ch in a["changes"] if ch["direction"] == "weaker"]
            if cid in copy.weakened:
                weakened += 1
                flagged += bool(weak)
                for kind, what in copy.weakened[cid]:
                    n_edits += 1
                    if any(ch["kind"] == CHANGE_KIND[kind] for ch in weak):
                        kind_hits += 1
                    else:
                        missed.append((name, cid, kind, what))
            else:
                unweakened += 1
                false += bool(weak)
    assert weakened >= 30
    assert flagged >= 0.95 * weakened, missed
    assert kind_hits >= 0.9 * n_edits, missed
    assert unweakened >= 200
    assert false <= 0.02 * unweakened


def test_localised_copies_are_carried_over(weakening_runs):
    for name, weaken, _copy, result in weakening_runs:
        labels = Counter(a["label"] for a in result["alignments"])
        if not weaken:
            assert labels == Counter({"承接": len(result["alignments"])}), (name, labels)
            assert all(ch["direction"] != "weaker" for a in result["alignments"] for ch in a["changes"])
        assert result["uncovered"] == []


def _rebuilt(analysis: dict, transform, headings: bool = False) -> dict:
    """A copy of ``analysis`` whose body paragraphs (and long heading paragraphs) are rewritten by ``transform``."""
    import copy
    a = copy.deepcopy(analysis)
    for p in a.paragraphs:
        if p.heading is not None and (p.role.value == "body" or (
                headings and p.role.value == "heading" and len(p.text) > 80)):
            p.text = transform(p.text)
    a.source.sha256 = "rebuilt-" + str(id(transform))
    return a


def _sentences(text: str) -> list[str]:
    import re
    return [s for s in re.findall(r"[^。；]+[。；]?", text) if s.strip()]


def test_reordered_sentence_copies_are_carried_over():
    original = analyze_path(CORPUS / "library" / "guofa-2019-4_yinfaguojiazhiyejiaoyugaigeshishifangand.txt")
    reordered = _rebuilt(original, lambda t: "".join(reversed(_sentences(t))))
    result = compare_documents(reordered, [original])
    moved = [a for a in result["alignments"] if len(_sentences(a["plan_clause"]["text"])) >= 3]
    assert len(moved) >= 5
    for a in moved:
        assert a["label"] == "承接", (a["plan_clause"]["id"], a["shared_fraction"], a["parent_fraction"])
        assert a["matches"][0]["clause"]["id"] == a["plan_clause"]["id"]


def test_clause_keeping_little_of_its_parent_is_not_carried_over():
    original = analyze_path(PLAN)

    def keep_first_third(text: str) -> str:
        sents = _sentences(text)
        out, n = [], 0
        for s in sents:
            if out and n + len(s) > 0.3 * len(text):
                break
            out.append(s)
            n += len(s)
        return "".join(out)

    cut = _rebuilt(original, keep_first_third, headings=True)
    result = compare_documents(cut, [original])
    checked = 0
    for a in result["alignments"]:
        if a["label"] == "新增":
            continue
        if a["parent_fraction"] < 0.4:
            checked += 1
            assert a["label"] != "承接", a["plan_clause"]["id"]
    assert checked >= 10


def test_unrelated_library_documents_change_no_label(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYDESK_HOME", str(tmp_path))
    plan = analyze_path(PLAN)
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.add(PROVINCIAL_OPENING)
        before = compare_documents(plan, library=lib)
        others = library_files() + sorted(CORPUS.glob("guo*.txt")) + \
            [CORPUS / "law_pairs" / local for _, local in law_pairs()]
        half = tmp_path / "half.txt"
        text = others[0].read_text(encoding="utf-8")
        half.write_text(text[: len(text) // 2], encoding="utf-8")
        files = [str(p) for p in others] + [str(half)]
        assert len(set(files)) >= 60
        added = lib.add_many(files[:60])
        assert sum(r.status == "added" for r in added) == 60
        after = compare_documents(plan, library=lib)
    assert [r["doc_number"] for r in after["references"]] == [r["doc_number"] for r in before["references"]]

    def labels(res):
        return [(a["plan_clause"]["id"], a["label"], a["best_score"], a["changes"]) for a in res["alignments"]]
    assert labels(after) == labels(before)
    assert after["uncovered"] == before["uncovered"]


def test_every_clause_of_the_sample_has_a_section():
    for c in build_clauses(analyze_path(PLAN)):
        assert c.section and c.section[0] in "一二三四五六七八九十"


@pytest.fixture(scope="module")
def weakened_sample():
    original = analyze_path(PLAN)
    copy = make_copy(original, weaken=True)
    return copy, compare_documents(copy.analysis, [original])


def test_html_report_change_list_first_filters_and_print_css(weakened_sample, tmp_path):
    from policydesk.compare import write_html
    copy, result = weakened_sample
    out = write_html(result, tmp_path / "r.html")
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "http://" not in page and "https://" not in page
    assert page.index("变化清单") < page.index('id="pair-0"')
    assert page.index("弱化的承诺") < page.index("未承接的上级条款") < page.index("新增条款") < page.index('id="pairs"')
    assert "按上级文件顺序" in page and "照搬照抄" in page
    # every weakened clause is listed with a link to its pair, old → new
    ids = [a["plan_clause"]["id"] for a in result["alignments"]]
    for cid in copy.weakened:
        assert f'href="#pair-{ids.index(cid)}"' in page
        assert f'class="pair weak" id="pair-{ids.index(cid)}"' in page
    assert "1.5亿美元" in page and "→" in page
    # switches without script, print CSS on A4 that keeps a pair together and labels coloured
    assert 'id="only-weak"' in page and "只看弱化" in page and "#only-weak:checked~main .pair:not(.weak){display:none}" in page
    assert 'id="hide-local"' in page and 'class="loc"' in page
    assert "@page{size:A4" in page and "break-inside:avoid" in page and "print-color-adjust:exact" in page


def test_word_table_never_truncates_and_has_no_index_column(tmp_path):
    from docx import Document
    from policydesk.compare import write_docx
    original = analyze_path(PLAN)
    opening = analyze_path(PROVINCIAL_OPENING)
    result = compare_documents(original, [opening])
    assert result["uncovered"]
    long_clause = max((u["clause"]["text"] for u in result["uncovered"]), key=len)
    out = write_docx(result, tmp_path / "r.docx")
    doc = Document(str(out))
    body = "\n".join(p.text for p in doc.paragraphs) + "\n" + "\n".join(
        cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    for line in long_clause.split("\n"):
        assert line in body
    # the plan column reads as the plan's full text once the struck-through parent words and arrows are skipped
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "方案条款")
    for a, row in zip(result["alignments"], table.rows[1:]):
        reading = "\n".join("".join(r.text for r in p.runs if not r.font.strike and r.text != "→")
                            for p in row.cells[0].paragraphs)
        assert a["plan_clause"]["text"] in reading.replace(a["plan_clause"]["id"] + "\u3000", "", 1)
    assert "…" not in body
    assert body.index("变化清单") < body.index("未承接的上级条款") < body.index("照搬照抄")
    for t in doc.tables:
        header = [c.text for c in t.rows[0].cells]
        assert not any(h in ("序号", "编号", "对照文件", "#") for h in header)
        for row in t.rows[1:]:
            assert not any(cell.text.strip().startswith("[0]") for cell in row.cells)


from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("须要应可各不得原则上全部所有确保严格力争逐步视情以上左右亿万元家个%年月底前每季度到至"
                                 "0123456789.~，。；（）〔〕责任单位市县区南通如东重要应用可能开发区"))


@hsettings(max_examples=150, deadline=None)
@given(st.text(_ALPHABET, max_size=60), st.text(_ALPHABET, max_size=60))
def test_tokens_cover_the_text_and_pairs_never_fail(a, b):
    from policydesk.commitments import tokenize
    toks = tokenize(a)
    assert "".join(t.text for t in toks) == a
    assert all(a[t.start:t.end] == t.text for t in toks)
    pa = analyse_pair(a, b)
    assert 0.0 <= pa.plan_fraction <= 1.0 and 0.0 <= pa.parent_fraction <= 1.0
    for c in pa.changes:
        assert c.kind in ("target", "deadline", "strength", "scope", "negation")
        assert c.direction in ("weaker", "stronger", "different")
    # the word diff rebuilds both texts' aligned sentences: nothing of the plan is lost
    if sentences(a):
        assert "".join(o.plan for o in pa.ops) == a
