"""The engine code the GUI used to hold, now in the core (no Qt): the 责任分工 table and its .xlsx export, draft
placeholders and input checks, the plain-Chinese mapping, page images with the pdfium lock, the one lazy-import path,
the accepted kinds.  Reachable from the CLI (``policydesk analyze --xlsx``)."""

from __future__ import annotations

import ast
import copy
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLE = ROOT / "samples" / "tongzhengfa-2021-23.pdf"
CITY = DATA / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
TRUTH = json.loads((DATA / "truth" / "tongzhengfa-2021-23.json").read_text(encoding="utf-8"))
MOVED = ("export.py", "draft/placeholders.py", "draft/mapping_text.py", "readers/render.py", "textproc/lazy.py")


@pytest.fixture(scope="module")
def city():
    from policydesk.api import analyze_path
    return analyze_path(str(CITY))                  # the typed analysis every consumer reads


def test_the_moved_modules_do_not_import_qt():
    for rel in MOVED:
        tree = ast.parse((ROOT / "src" / "policydesk" / rel).read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not any("PySide" in m or "Qt" in m or "gui" in m for m in names), rel
    gui = ROOT / "src" / "policydesk" / "gui"
    assert not (gui / "export.py").exists() and not (gui / "responsibility.py").exists()


def test_responsibility_rows_match_the_truth(city):
    from policydesk.export import responsibility_rows, short_unit_name
    header, rows = responsibility_rows(city)
    assert header[:3] == ["编号", "任务", "牵头单位"] and len(rows) == len(TRUTH["tasks"]) == 20
    units = header[3:]
    for row, want in zip(rows, TRUTH["tasks"]):
        marked = {u for u, mark in zip(units, row[3:]) if mark in ("●", "○")}
        assert marked == set(want["units_normalized"]), want["heading"]
    assert short_unit_name("市发改委") == "发改委" and short_unit_name("南通市税务局") == "税务局"
    assert short_unit_name("市工业和信息化局", 6) == "工业和信息…" and short_unit_name("市委") == "市委"


def test_xlsx_export_keeps_formula_like_text_as_text(city, tmp_path):
    import openpyxl
    from policydesk.export import export_responsibilities
    evil = copy.deepcopy(city)
    evil.tasks[0].title = "=cmd|' /C calc'!A0"
    out = export_responsibilities(evil, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["责任分工"]
    cell = ws.cell(row=2, column=2)
    assert cell.data_type != "f" and cell.value == "=cmd|' /C calc'!A0"      # text, shown as written
    listed = wb["任务清单"].cell(row=2, column=2)
    assert listed.data_type != "f" and listed.value == "=cmd|' /C calc'!A0"
    assert ws.cell(row=1, column=4).value == responsibility_header(city)[3]
    from policydesk.errors import OutputError
    with pytest.raises(OutputError):
        export_responsibilities(city, out)              # never overwritten without force


def responsibility_header(analysis):
    from policydesk.export import responsibility_rows
    return responsibility_rows(analysis)[0]


def test_an_analysis_json_file_gives_the_same_table(city):
    from policydesk.analysis.result import Analysis
    from policydesk.export import responsibility_rows
    stored = Analysis.from_json(json.loads(json.dumps(city.to_json())))
    assert responsibility_rows(stored) == responsibility_rows(city)


def test_cli_writes_the_responsibility_table(tmp_path):
    out = tmp_path / "分工.xlsx"
    r = subprocess.run([sys.executable, "-m", "policydesk", "analyze", str(CITY), "--xlsx", str(out), "-o",
                        str(tmp_path / "a.txt")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    import openpyxl
    assert openpyxl.load_workbook(out).sheetnames == ["责任分工", "任务清单", "单位任务"]


def test_draft_inputs_are_checked_by_the_core(city):
    from policydesk.draft import find_profile, load_profiles
    from policydesk.draft.guards import check_plan
    from policydesk.draft import new_profile
    from policydesk.errors import InputError
    from policydesk.gongwen.dates import written_date_problem
    assert written_date_problem("") is None and written_date_problem("2021年6月3日") is None
    assert "格式不对" in written_date_problem("2021年06月03日") and "格式不对" in written_date_problem("2021-6-3")
    p = new_profile({"name": "示范县", "short_name": "示范", "kind": "县", "city": "南通市"})
    assert p.government == "示范县人民政府" and p.scope_word == "全县"
    for bad, why in (({"name": "", "short_name": "x", "kind": "县"}, "名称"),
                     ({"name": "示范镇", "short_name": "示范", "kind": "县"}, "结尾"),
                     ({"name": "示范县", "short_name": "示范", "kind": "乡"}, "类型")):
        with pytest.raises(InputError, match=why):
            new_profile(bad)
    rudong, profiles = find_profile("如东"), load_profiles()
    assert check_plan(city, rudong, profiles) == []                 # the city plan: fine
    county = copy.deepcopy(city)
    county.meta.title, county.meta.issuer = "崇川区关于推进全区经济开发区创新提升的实施方案", "南通市崇川区人民政府"
    county.meta.plan_title, county.meta.doc_number = None, "崇政发〔2021〕9号"
    warn = check_plan(county, rudong, profiles)
    assert len(warn) == 1 and "崇川区" in warn[0] and "不是市方案" in warn[0]
    other_city = copy.deepcopy(city)
    other_city.meta.title, other_city.meta.issuer = "关于推进全市开发区建设的实施方案", "扬州市人民政府"
    other_city.meta.plan_title, other_city.meta.doc_number = None, "扬府发〔2021〕3号"
    assert "扬州市人民政府" in check_plan(other_city, rudong, profiles)[0]


def test_placeholders_are_filled_in_the_draft(city):
    from policydesk.draft import DraftOptions, find_profile, load_mapping
    from policydesk.draft.placeholders import FILLED, build_draft
    result, counts = build_draft(city, find_profile("如东"), DraftOptions(), load_mapping().rules,
                                 {"【待补充：本县主导产业】": "海上风电装备"}, preview=True)
    assert counts["【待补充：本县主导产业】"] >= 1
    segs = [s for b in result.blocks for s in b.segments]
    assert any(s.kind == FILLED and s.text == "海上风电装备" for s in segs)
    assert not any(s.text == "【待补充：本县主导产业】" for s in segs)


def test_the_mapping_reads_as_plain_chinese():
    from policydesk.draft import MappingRule, find_profile, load_mapping
    from policydesk.draft.mapping_text import describe_rule, parse_levels, rule_problem, template_to_words, \
        words_to_template
    rudong = find_profile("如东").variables()
    rules = {(r.kind, r.source): r for r in load_mapping().rules}
    assert describe_rule(rules[("unit", "市公安局")], rudong) == "市公安局 → 南通市公安局如东分局"
    assert describe_rule(rules[("unit_re", "^市(.+)$")], rudong) == "市X → 县X（按规则）"
    assert describe_rule(rules[("text", "；各县（市）可参照执行")]) == "；各县（市）可参照执行 → （删除）"
    for r in load_mapping().rules:
        text = describe_rule(r, rudong)
        assert "{" not in text and "^" not in text and "\\" not in text, text
        assert words_to_template(template_to_words(r.target)) == r.target
    with pytest.raises(ValueError, match="不认识"):
        words_to_template("〔某某〕局")
    assert parse_levels("县、区") == "县,区" and parse_levels("全部") == "*"
    with pytest.raises(ValueError):
        parse_levels("乡")
    assert "正则" in rule_problem(MappingRule("unit_re", "市(（", "x", "mapped", "*", ""))


def test_page_images_hold_the_pdfium_lock():
    from policydesk.readers.render import PDFIUM_LOCK, render_page
    img = render_page(str(SAMPLE), 2, 400)
    assert img.width == 400 and img.height > 500 and len(img.data) >= img.stride * img.height
    assert img.channels in (3, 4)
    got = []
    with PDFIUM_LOCK:                                  # an import holds the lock: the page waits for it
        t = threading.Thread(target=lambda: got.append(render_page(str(SAMPLE), 1, 200)))
        t.start()
        t.join(0.5)
        assert t.is_alive() and not got
    t.join(30)
    assert got and got[0].width == 200


def test_one_lazy_import_path_in_a_fresh_process():
    """Two threads asking at once: one imports, the other waits; every module imported once."""
    code = r"""
import threading, time
from policydesk.textproc import lazy
seen = []
real = lazy._import
def slow(name):
    seen.append((threading.current_thread().name, name))
    if name == "sklearn":
        time.sleep(1.0)
    real(name)
lazy._import = slow
ts = [threading.Thread(target=lazy.ensure_loaded, name=f"t{i}") for i in range(3)]
[t.start() for t in ts]
[t.join() for t in ts]
import sys
assert lazy.is_loaded() and "sklearn.feature_extraction" in sys.modules
assert [n for _t, n in seen] == list(lazy.MODULES), seen
assert len({t for t, _n in seen}) == 1, seen
print("OK")
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and r.stdout.strip() == "OK", r.stderr


def test_accepted_kinds_list_every_reader():
    from policydesk.readers import ACCEPTED_KINDS
    suffixes = {s for _n, sufs in ACCEPTED_KINDS for s in sufs}
    assert {".pdf", ".docx", ".txt", ".png", ".jpg", ".ofd", ".doc", ".wps"} <= suffixes
