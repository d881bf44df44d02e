"""One implementation per concept (issue 18): 文号, dates, title endings, heading numbers, Chinese numerals.

Each concept is imported from its one module and checked on what a drafter would see; then the source tree is read
(``ast``) to check that no other module defines it again — by function name, or by a regular expression literal of
the concept's shape.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from policydesk.gongwen.dates import is_date_line, parse_date, written_date_problem
from policydesk.gongwen.docnumber import (doc_number_prefix, doc_number_problem, find_doc_numbers,
                                           normalize_doc_number, repair_doc_number)
from policydesk.gongwen.numbering import heading_level, numbering_level, renumber, strip_number
from policydesk.gongwen.numerals import cn_digits_to_int, cn_to_int, int_to_cn
from policydesk.gongwen.titles import ends_with_title_word, title_endings

SRC = Path(__file__).resolve().parents[1] / "src" / "policydesk"

# concept → (its one module, the function names that implement it)
HOMES = {
    "docnumber": ("gongwen/docnumber.py", {"normalize_doc_number", "canonical_doc_number", "find_doc_numbers",
                                            "repair_doc_number", "doc_number_prefix", "doc_number_problem"}),
    "dates": ("gongwen/dates.py", {"parse_date", "is_date_line", "is_chinese_numeral_date", "written_date_problem",
                                    "written_date_ok"}),
    "numerals": ("gongwen/numerals.py", {"cn_to_int", "cn_digits_to_int", "int_to_cn", "cn_number",
                                          "_chinese_number"}),
    "numbering": ("gongwen/numbering.py", {"numbering_level", "renumber", "_renumber", "strip_number",
                                            "heading_level", "number_span"}),
    "titles": ("gongwen/titles.py", {"title_endings", "title_end_re", "ends_with_title_word"}),
}
# regular-expression literals of each concept's shape
SHAPES = {
    "docnumber": re.compile(r"〔.*(?:\\d\{4\}|\(\?:19\|20\)|\[0-9\]\{4\}).*号"),
    "dates": re.compile(r"年.{0,40}月.{0,40}日"),
    "titles": re.compile(r"通知\|.*(?:意见|方案)|(?:意见|方案)\|.*通知"),
    "numbering": re.compile(r"一二三四五六七八九十[^\]]*\]\+(?:、|）|\[[（(]?[）)])|第\[一二三四五六七八九十[^\]]*\]\+(?:条|章|节|\[)"),
}
# Heading-number literals that remain, each part of a larger grammar of its own (the analysis' front matter and
# outline, the comparison's citation of a law article: 《X法》第X条).  This list may only shrink.
NUMBERING_KEPT = {"analysis/meta.py": 4, "compare/align.py": 1}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("gui/"):
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def _regex_literals(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in (
                "compile", "match", "fullmatch", "search", "sub", "finditer", "findall", "split"):
            for arg in node.args[:1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield node.lineno, arg.value
                elif isinstance(arg, ast.JoinedStr):
                    yield node.lineno, "".join(v.value for v in arg.values if isinstance(v, ast.Constant))


def test_doc_numbers():
    assert normalize_doc_number("国发[2019]11号") == "国发〔2019〕11号"
    assert normalize_doc_number("国发（2019） 第 11 号") == "国发〔2019〕11号"
    assert normalize_doc_number("根据苏政发〔2020〕79号文件") == "苏政发〔2020〕79号"
    assert normalize_doc_number("无文号") is None and normalize_doc_number(None) is None
    text = "根据《意见》（国发〔2019〕11号）和《方案》（苏政发〔2020〕79号）"
    assert [(text[s:e], n) for s, e, n in find_doc_numbers(text)][1][1] == "苏政发〔2020〕79号"
    assert repair_doc_number("通政发〔2O21〕23弓") == "通政发〔2021〕23号"
    assert doc_number_prefix("苏政发〔2020〕79号") == "苏政发"
    assert doc_number_problem("东政发〔2021〕5号") is None
    assert "六角括号" in doc_number_problem("东政发[2021]5号") and "虚位" in doc_number_problem("东政发〔2021〕05号")


def test_dates():
    assert parse_date("南通市人民政府\n2021年6月3日") == "2021-06-03"
    assert parse_date("二〇二一年六月三日") == "2021-06-03"
    assert parse_date("2021年13月3日") is None
    assert is_date_line("2021年6月3日") and not is_date_line("于2021年6月3日前完成")
    assert written_date_problem("2021年6月3日") is None and written_date_problem("") is None
    assert "格式不对" in written_date_problem("2021年06月03日")


def test_numbers_and_titles():
    assert [int_to_cn(n) for n in (1, 10, 12, 21)] == ["一", "十", "十二", "二十一"]
    assert cn_to_int("十五") == 15 and cn_digits_to_int("二〇二一") == 2021
    assert numbering_level("（二）加强组织领导") == (True, 2) and heading_level("正文") is None
    assert strip_number("3.推进项目建设") == "推进项目建设"
    assert renumber("（三）", 2) == "（二）" and renumber("4.", 3) == "3."
    assert ends_with_title_word("南通市关于促进开放型经济发展的实施方案") and "通知" in title_endings()
    assert not ends_with_title_word("加快推进项目建设")


@pytest.mark.parametrize("concept", sorted(HOMES))
def test_no_second_definition(concept):
    home, names = HOMES[concept]
    found = []
    for rel, tree in _modules():
        if rel == home:
            continue
        found += [f"{rel}:{n.lineno} def {n.name}" for n in ast.walk(tree)
                  if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name in names]
        shape = SHAPES.get(concept)
        if shape is None:
            continue
        hits = [f"{rel}:{line} {lit[:70]}" for line, lit in _regex_literals(tree) if shape.search(lit)]
        if concept == "numbering" and rel in NUMBERING_KEPT:
            assert len(hits) <= NUMBERING_KEPT.get(rel, len(hits)), hits        # only shrinks
            continue
        found += hits
    assert not found, f"{concept} is implemented in {home}; call it instead of:\n" + "\n".join(found)


def test_a_bad_pattern_in_the_concepts_data_names_the_rules_file(tmp_path):
    """A drafter's broken heading-number pattern is a rules error (exit 2, the file named), not a damaged document."""
    import json
    import os
    import subprocess
    import sys
    bundled = json.loads((SRC.parents[1] / "resources" / "reader_cues.json").read_text(encoding="utf-8"))
    bundled["numbering"][0]["pattern"] = "^[一二三(、"                     # unbalanced: does not compile
    home = tmp_path / "home"
    home.mkdir()
    (home / "reader_cues.json").write_text(json.dumps(bundled, ensure_ascii=False), encoding="utf-8")
    plan = SRC.parents[1] / "tests" / "data" / "docx" / "tongzhengfa-2021-23.docx"      # read with heading hints
    env = dict(os.environ, POLICYDESK_HOME=str(home))
    proc = subprocess.run([sys.executable, "-m", "policydesk", "analyze", str(plan)], capture_output=True, env=env,
                          timeout=300)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2, err
    assert "reader_cues.json" in err and "规则文件" in err and "Traceback" not in err and "损坏" not in err
