"""County drafts from the sample plan: what a drafter would check in the .docx and .xlsx (issue 5)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from test_draft_support import PLAN_TXT

from policydesk.cli import main
from policydesk.draft import (DraftOptions, find_profile, load_mapping, load_profiles, make_draft, save_mapping,
                              save_profile, write_outputs)
from policydesk.draft.checker import check_docx
from policydesk.errors import InputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COUNTIES = ["崇川区", "通州区", "海门区", "如东县", "如皋市", "海安市", "启东市"]
CITY_WORDS = re.compile(r"全市|我市|本市|市级|市政府|市人民政府|市委|市领导|市有关部门|市各有关部门|市区"
                        r"|(?<![南通如皋海安启东])市(?:商务|发改|工信|科技|财政|自然资源|生态环境|委编|外办|考核|行政审批)")


@pytest.fixture(scope="module")
def analysis():
    from policydesk.api import analyze_path
    a = analyze_path(PLAN_TXT)
    assert len(a.tasks) == 20 and a.paragraphs
    return a


@pytest.fixture(scope="module")
def drafts(analysis, tmp_path_factory):
    out = tmp_path_factory.mktemp("drafts")
    files = {}
    for name in COUNTIES:
        r = make_draft(analysis, find_profile(name))
        d, x = out / f"{name}.docx", out / f"{name}.xlsx"
        write_outputs(r, d, ledger=x, note=out / f"{name}-说明.docx")
        files[name] = (r, d, x)
    return files


def body_paragraphs(path: Path) -> list[tuple[str, etree._Element]]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return [("".join(t.text or "" for t in p.iter(W + "t")), p) for p in root.iter(W + "p")]


def comments(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/comments.xml"))
    return {c.get(W + "id"): "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p"))
            for c in root.iter(W + "comment")}


def outside_quotes(text: str) -> str:
    return re.sub(r"《[^《》]*》", "", text)


def test_every_draft_passes_check_format(drafts):
    for name, (_, d, _) in drafts.items():
        rep = check_docx(d)
        assert rep.exit_code == 0, (name, [f.message for f in rep.findings])
        assert rep.placeholders, name          # what the county must supply is listed


def test_no_city_wording_left_in_county_and_district_drafts(drafts):
    for name, (r, d, _) in drafts.items():
        if r.profile.level == "市":
            continue
        for text, _ in body_paragraphs(d):
            # 省委、省政府和市委、市政府 in the guiding thought rightly names the city's leadership (meaning rule)
            text = text.replace("省委、省政府和市委、市政府", "")
            text = re.sub(r"积极争取南通市[^。；]*?市级", "", text)     # powers the city grants stay 市级
            left = CITY_WORDS.findall(outside_quotes(text).replace("南通市", "").replace("县（市、区）", ""))
            assert not left, (name, left, text[:60])


def test_county_level_city_keeps_its_own_city_wording_and_names_nantong(drafts):
    r, d, _ = drafts["如皋市"]
    text = "\n".join(t for t, _ in body_paragraphs(d))
    assert "市商务局" in text and "全市经济开发区" in text
    assert "省、南通市" in text                        # Nantong's own bodies are named
    assert r.title.startswith("如皋市关于推进全市")


def test_title_and_preamble_cite_the_city_plan_and_its_parents(drafts):
    r, d, _ = drafts["如东县"]
    assert r.title == "如东县关于推进全县经济开发区创新提升打造改革开放新高地的实施方案"
    texts = [t for t, _ in body_paragraphs(d)]
    pre = next(t for t in texts if t.startswith("为贯彻落实"))
    assert "《关于推进全市经济开发区创新提升打造改革开放新高地的实施方案》（通政发〔2021〕23号）" in pre
    assert "（国发〔2019〕11号）" in pre and "（苏政发〔2020〕79号）" in pre
    assert "我县" in pre and "我市" not in outside_quotes(pre)


def test_every_task_present_with_mapped_or_flagged_units_and_right_source_clause(drafts, analysis):
    for name, (r, d, _) in drafts.items():
        paras = body_paragraphs(d)
        cm = comments(d)
        for t in analysis.tasks:
            clause = t.heading
            hits = [(text, p) for text, p in paras if t.title in text and "责任单位" in text]
            assert hits, (name, clause)
            text, p = hits[0]
            ids = [c.get(W + "id") for c in p.iter(W + "commentRangeStart")]
            assert any(f"依据：通政发〔2021〕23号 {clause}" == cm[i].splitlines()[0] for i in ids), (name, clause)
            annot = text[text.rfind("责任单位"):]
            highlighted = "".join("".join(x.text or "" for x in run.iter(W + "t")) for run in p.iter(W + "r")
                                  if run.find(f"{W}rPr/{W}highlight") is not None)
            for unit in t.units_normalized:
                mapped = r.profile.level == "市" or unit not in annot or unit in highlighted
                assert mapped, (name, clause, unit)


def test_other_counties_flagged_own_zone_kept(drafts):
    r, d, _ = drafts["海门区"]
    cm = comments(d)
    para = next(p for text, p in body_paragraphs(d) if "海门经济技术开发区" in text)
    assert not any("海门经济技术开发区" in v and "其他县" in v for v in cm.values())
    r2, d2, _ = drafts["如东县"]
    assert any("海门经济技术开发区" in v and "其他县（市、区）" in v for v in comments(d2).values())
    assert any("中意海安生态园" in v for v in comments(d2).values())
    assert para is not None


def test_vertical_units_are_suggestions_to_confirm(drafts):
    r, d, _ = drafts["如东县"]
    cm = "\n".join(comments(d).values())
    for unit in ("南通海关", "人行南通市中心支行", "南通银保监分局"):
        assert unit in cm
    assert "请确认" in cm or "请核实" in cm


def test_ledger_xlsx_one_row_per_commitment_filterable(drafts, analysis):
    from openpyxl import load_workbook
    r, _, x = drafts["通州区"]
    ws = load_workbook(x).active
    header = [c.value for c in ws[2]]
    for col in ("序号", "任务", "具体目标", "牵头单位", "配合单位", "责任领导", "时间节点", "进展情况"):
        assert col in header
    rows = [row for row in ws.iter_rows(min_row=3, values_only=True) if row[0] is not None]
    tasks = {row[header.index("任务")] for row in rows}
    assert len(tasks) == len(analysis.tasks) == 20 and len(rows) > 20    # every task, one row per commitment
    assert ws.auto_filter.ref and ws.freeze_panes == "A3"
    lead = header.index("牵头单位")
    assert rows[0][lead] == "区商务局"
    deadline = header.index("时间节点")
    assert any("2022年" in str(r_[deadline]) for r_ in rows)           # the plan's own deadline is carried
    order = [r_[header.index("任务")][:1] for r_ in rows]
    assert order == sorted(order, key=order.index) and order[0] == "二"


def test_ledger_table_in_attachment_on_new_page(drafts):
    _, d, _ = drafts["如东县"]
    paras = body_paragraphs(d)
    label = next(p for text, p in paras if text == "附件")
    assert label.find(f"{W}pPr/{W}pageBreakBefore") is not None
    with zipfile.ZipFile(d) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    tables = list(root.iter(W + "tbl"))
    header = ["".join(t.text or "" for t in tc.iter(W + "t")) for tc in tables[0].find(W + "tr").iter(W + "tc")]
    assert header == ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]     # 进展情况/责任领导: internal ledger
    assert any("抄送" in "".join(t.text or "" for t in tb.iter(W + "t")) for tb in tables)   # 版记


def test_page_setup_fonts_and_page_numbers(drafts):
    _, d, _ = drafts["崇川区"]
    with zipfile.ZipFile(d) as z:
        doc = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
        settings = z.read("word/settings.xml").decode()
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert 'w:w="11906"' in doc and 'w:h="16838"' in doc
    assert 'w:top="2098"' in doc and 'w:left="1587"' in doc and 'w:right="1474"' in doc
    assert 'w:eastAsia="仿宋_GB2312"' in styles and 'w:line="579"' in styles and "linesAndChars" not in doc
    assert 'w:eastAsia="仿宋_GB2312"' in doc and 'w:eastAsia="方正小标宋简体"' in doc
    assert "evenAndOddHeaders" in settings
    assert sum("PAGE" in f for f in footers) >= 2
    assert any('w:val="left"' in f for f in footers) and any('w:val="right"' in f for f in footers)


def test_wrapper_windows_fonts_and_options(analysis, tmp_path):
    r = make_draft(analysis, find_profile("rudong"),
                   DraftOptions(wrapper=True, fonts="windows", copy_number="000123", urgency="特急",
                                date="2026年3月9日"))
    d = tmp_path / "w.docx"
    write_outputs(r, d)
    texts = [t for t, _ in body_paragraphs(d)]
    assert "如东县人民政府文件" in texts and "000123" in texts and "特急" in texts and "2026年3月9日" in texts
    assert any(t.startswith("如东县人民政府关于印发《关于推进全县") for t in texts)
    with zipfile.ZipFile(d) as z:
        doc = z.read("word/document.xml").decode()
    assert 'w:color w:val="FF0000"' in doc and 'w:eastAsia="仿宋"' in doc and "_GB2312" not in doc
    rep = check_docx(d)
    assert rep.exit_code == 0, [f.message for f in rep.findings]
    assert any("发文机关代字" in p.text for p in rep.placeholders)


def test_user_profile_overrides_and_new_county_without_code(analysis, tmp_path):
    prof = find_profile("如东")
    prof.doc_number_prefix = "东政发"
    save_profile(prof)
    assert find_profile("如东县").doc_number_prefix == "东政发"
    new = json.loads(json.dumps(prof.to_json()))
    new.update(name="江阴市", short_name="江阴", level="市", city="无锡市", city_short="无锡", government="",
               government_short="", issuing_office="", zones=[], aliases=[], dept_prefix="", scope_word="",
               self_word="")
    from policydesk.paths import home_dir
    (home_dir() / "counties" / "jiangyin.json").write_text(json.dumps(new, ensure_ascii=False), encoding="utf-8")
    assert find_profile("jiangyin").government == "江阴市人民政府"
    assert "江阴市" in [p.name for p in load_profiles()]
    r = make_draft(analysis, find_profile("如东"), DraftOptions(wrapper=True))
    d = tmp_path / "w.docx"
    write_outputs(r, d)
    assert any(t.startswith("东政发〔") for t, _ in body_paragraphs(d))
    with pytest.raises(InputError):
        find_profile("不存在县")


def test_user_mapping_overrides(analysis):
    m = load_mapping()
    from policydesk.draft.mapping import MappingRule
    m.rules.insert(0, MappingRule("unit", "市商务局", "县商务和投资促进局", "mapped", "县"))
    save_mapping(m)
    r = make_draft(analysis, find_profile("如东"))
    assert "县商务和投资促进局" in r.text
    assert r.ledger[0].lead == ["县商务和投资促进局"]


def test_cli_never_overwrites_and_reports_locked(tmp_path, capsys):
    out = tmp_path / "d.docx"
    args = ["draft", str(PLAN_TXT), "--county", "如东", "-o", str(out)]
    assert main(args) == 0 and out.exists()
    before = out.read_bytes()
    assert main(args) == 4
    assert "--force" in capsys.readouterr().err
    (tmp_path / "~$d.docx").write_text("x")
    assert main(args + ["--force"]) == 4
    assert "打开" in capsys.readouterr().err
    assert out.read_bytes() == before
    (tmp_path / "~$d.docx").unlink()
    assert main(args + ["--force", "--ledger", str(tmp_path / "l.xlsx")]) == 0
    assert main(["draft", str(PLAN_TXT), "--county", "火星县", "-o", str(tmp_path / "x.docx")]) == 3
    assert not list(tmp_path.glob(".~pd-*"))


def test_cli_default_output_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["draft", str(PLAN_TXT), "--county", "海安"]) == 0
    assert [p.name for p in tmp_path.glob("*.docx")] == ["海安市-关于推进全市经济开发区创新提升打造改革开放新高地的实施方案.docx"]


def test_sample_pdf_drafts(sample_pdf, tmp_path):
    from policydesk.api import analyze_path
    a = analyze_path(sample_pdf)
    assert len(a.tasks) == 20
    r = make_draft(a, find_profile("启东"))
    d = tmp_path / "q.docx"
    write_outputs(r, d)
    assert check_docx(d).exit_code == 0
    assert len(r.ledger) == 20


def test_drafting_note_says_basis_content_and_what_to_supply(drafts):
    r, _, _ = drafts["如东县"]
    note = [t for t, _ in body_paragraphs(Path(str(drafts["如东县"][1]).replace(".docx", "-说明.docx")))]
    text = "\n".join(note)
    assert "起草背景和依据" in text and "通政发〔2021〕23号" in text and "国发〔2019〕11号" in text
    for part in r.parts:
        assert any(t.startswith("第") and f"“{part.title}”" in t for t in note), part.title
    assert "【待补充：" in text and "请逐一确认" in text and "海门经济技术开发区" in text