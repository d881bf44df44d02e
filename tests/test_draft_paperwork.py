"""Paperwork a county office can use (issue 14): the ledger per commitment, the 起草说明, the layout of the 版头 draft
and 版记, and every .docx/.xlsx the product writes validated against ECMA-376 (openxml-audit, office2016)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from test_draft_decisions import DROP_REASON, sample_decisions
from test_draft_support import PLAN_TXT

from policydesk.cli import main
from policydesk.draft import DraftOptions, find_profile, make_draft, write_outputs
from policydesk.draft.ledger import COLUMNS, commitment_rows

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COUNTIES = ["崇川区", "通州区", "海门区", "如东县", "如皋市", "海安市", "启东市"]
TAIZHOU_PLAN = Path(__file__).resolve().parent / "data" / "draft" / "taizhou-made-up-plan.txt"
ALLOW = json.loads((Path(__file__).resolve().parent / "ooxml_allowlist.json").read_text(encoding="utf-8"))["allow"]
TOOL_WORDS = re.compile(r"policydesk|政策文件辅助工具|工具|自动生成|程序生成", re.I)


@pytest.fixture(scope="module")
def analysis():
    from policydesk.api import analyze_path
    return analyze_path(PLAN_TXT)


def texts(path: Path, part: str = "word/document.xml") -> list[str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read(part))
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]


def doc_root(path: Path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


# ------------------------------------------------------------------------------------------- 1. ledger
def test_ledger_has_a_row_for_every_target_and_deadline_and_prints_one_page_wide(analysis, tmp_path):
    from openpyxl import load_workbook
    r = make_draft(analysis, find_profile("如东县"))
    x = tmp_path / "台账.xlsx"
    write_outputs(r, tmp_path / "d.docx", ledger=x)
    ws = load_workbook(x).active
    header = [c.value for c in ws[2]]
    assert header == list(COLUMNS)
    assert header[:8] == ["序号", "任务", "具体目标", "牵头单位", "配合单位", "责任领导", "时间节点", "进展情况"]
    rows = [row for row in ws.iter_rows(min_row=3, values_only=True) if row[0] is not None]
    col = {name: i for i, name in enumerate(header)}
    expected = 0
    for t in analysis.tasks:
        mine = [row for row in rows if row[col["任务"]].startswith(t.heading)]
        assert mine, t.heading
        for target in t.targets:                          # every target is on a row of its task, highlighted
            assert any(target in row[col["具体目标"]] for row in mine), (t.heading, target)
        for d in t.deadlines:                             # every deadline is a 时间节点 of its task
            assert any(d in row[col["时间节点"]] for row in mine), (t.heading, d)
        own = len(set(t.targets)) + len([d for d in set(t.deadlines)
                                         if not any(d in row[col["具体目标"]] and any(x in row[col["具体目标"]]
                                                                                    for x in t.targets)
                                                    for row in mine)])
        assert len(mine) == max(1, own), (t.heading, len(mine), own)
        expected += max(1, own)
    assert len(rows) == expected > len(analysis.tasks)
    # the city's targets and deadlines are highlighted; so is the generic lead 县有关部门 (flagged in 备注)
    cells = list(ws.iter_rows(min_row=3))
    t1 = next(c for c in cells if "1.5亿美元" in (c[col["具体目标"]].value or ""))
    assert t1[col["具体目标"]].fill.fgColor.rgb.endswith("FFFF00")
    dl = next(c for c in cells if "2022年年底前" in (c[col["时间节点"]].value or ""))
    assert dl[col["时间节点"]].fill.fgColor.rgb.endswith("FFFF00")
    generic = next(c for c in cells if c[col["牵头单位"]].value == "县有关部门")
    assert generic[col["牵头单位"]].fill.fgColor.rgb.endswith("CCFFFF") and "泛称" in generic[col["备注"]].value
    assert all(row[col["责任领导"]] == "【待补充：责任领导】" for row in rows)
    # no formula anywhere; A4 landscape, one page wide, header row repeated
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.print_title_rows.replace("$", "") == "2:2"


def test_ledger_cells_that_look_like_formulas_stay_text(analysis, tmp_path):
    from openpyxl import load_workbook
    r = make_draft(analysis, find_profile("如东县"))
    r.ledger[0].task = "=HYPERLINK(\"http://x\",\"y\")"
    r.ledger[1].lead = ["+1+2", "@SUM(A1)"]
    r.ledger[2].support = ["-3"]
    x = tmp_path / "l.xlsx"
    write_outputs(r, tmp_path / "d.docx", ledger=x)
    with zipfile.ZipFile(x) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    ws = load_workbook(x).active
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith("一（一）=HYPERLINK") or "=HYPERLINK" in v for v in values)
    assert "+1+2、@SUM(A1)" in values


def test_commitment_rows_follow_the_decisions(analysis):
    r = make_draft(analysis, find_profile("如东县"), decisions=sample_decisions("如东县"))
    rows = commitment_rows(r)
    assert not any(c.clause in ("二（四）", "五（一）", "六（一）") for c in rows)   # not taken up / merged: no own row
    new = [c for c in rows if c.task == "推进本级特色园区建设"]
    assert len(new) == 1 and new[0].lead == ["本级商务部门"] and new[0].goal.startswith("【待补充")
    t9 = [c for c in rows if c.clause == "四（一）"]
    assert [c.number for c in t9] == [f"{t9[0].number.split('-')[0]}-1", f"{t9[0].number.split('-')[0]}-2"]
    assert "含市方案六（一）" in "；".join(t9[0].notes)                      # the merged task is noted on its row


# ------------------------------------------------------------------------------------------- 2. 起草说明
def test_drafting_note_lists_tasks_not_taken_up_with_reasons_and_names_no_tool(analysis, tmp_path):
    r = make_draft(analysis, find_profile("如东县"), decisions=sample_decisions("如东县"))
    note = tmp_path / "说明.docx"
    write_outputs(r, tmp_path / "d.docx", note=note)
    paras = texts(note)
    body = "\n".join(paras)
    for head in ("一、起草背景和依据", "二、起草过程", "三、主要内容", "四、需要说明的问题"):
        assert head in paras
    for slot in ("调研", "征求意见", "合法性审查", "公平竞争审查"):
        assert any(p.startswith("（") and slot in p for p in paras), slot
    assert "（国发〔2019〕11号）" in body and "（苏政发〔2020〕79号）" in body and "（通政发〔2021〕23号）" in body
    dropped = [p for p in paras if re.match(r"\d+\.(二（四）|五（一）)", p)]
    assert len(dropped) == 2
    assert "提升海关特殊监管区域开放水平" in dropped[0] and DROP_REASON in dropped[0]
    assert "本级不沿江（测试理由）" in dropped[1]
    assert re.search(r"共7个部分，提出\d+项重点任务", body) and "第二部分是“扩大对外开放”" in body
    assert "突破1.5亿美元以上" in body and "2022年年底前" in body                   # targets still to set
    assert not TOOL_WORDS.search(body), TOOL_WORDS.search(body)
    assert not re.search(r"将(\S{1,6})改为\1", body) and "改为市级部门" not in body


def test_drafting_note_template_is_editable(analysis, tmp_path, monkeypatch):
    home = tmp_path / "home"
    tpl = json.loads((Path(__file__).resolve().parents[1] / "resources" / "drafting_note.json")
                     .read_text(encoding="utf-8"))
    tpl["sections"][1]["paragraphs"].append("（五）集体审议。【待补充：县政府常务会议审议情况】")
    (home).mkdir()
    (home / "drafting_note.json").write_text(json.dumps(tpl, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("POLICYDESK_HOME", str(home))
    r = make_draft(analysis, find_profile("如皋市"))
    note = tmp_path / "n.docx"
    write_outputs(r, tmp_path / "d.docx", note=note)
    paras = texts(note)
    assert "（五）集体审议。【待补充：县政府常务会议审议情况】" in paras
    assert not any("未承接" in p for p in paras)                      # no decisions: the list and its lead vanish


# ------------------------------------------------------------------------------------------- 3. layout
def test_wrapper_title_annex_columns_and_imprint_section(analysis, tmp_path):
    r = make_draft(analysis, find_profile("如皋市"), DraftOptions(wrapper=True))
    d = tmp_path / "w.docx"
    write_outputs(r, d)
    paras = texts(d)
    assert any(p.startswith("如皋市人民政府关于印发《关于推进全市经济开发区") and p.endswith("》的通知") for p in paras)
    root = doc_root(d)
    body = root.find(W + "body")
    # the plan's title starts a new page itself (no empty paragraph holding a page break after the 附注)
    plan_title = next(p for p in body.iter(W + "p") if "".join(t.text or "" for t in p.iter(W + "t"))
                      .startswith("关于推进全市经济开发区"))
    assert plan_title.find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert not any(br.get(W + "type") == "page" for br in body.iter(W + "br"))
    # published annex: 序号/重点任务/牵头单位/配合单位/完成时限 only
    tables = list(body.iter(W + "tbl"))
    header = ["".join(t.text or "" for t in tc.iter(W + "t")) for tc in tables[0].find(W + "tr").iter(W + "tc")]
    assert header == ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
    # 版记: its own section starting on an even page, bottom-aligned
    final = body.find(W + "sectPr")
    assert final.find(W + "type").get(W + "val") == "evenPage" and final.find(W + "vAlign").get(W + "val") == "bottom"
    assert len(list(body.iter(W + "sectPr"))) == 2
    imprint = tables[-1]
    cell_p = next(imprint.iter(W + "p"))
    ind = cell_p.find(f"{W}pPr/{W}ind")
    assert int(ind.get(W + "left")) == int(ind.get(W + "hanging")) == 3 * 280      # aligned after 抄送：
    runs = ["".join(t.text or "" for t in rr.iter(W + "t")) for rr in cell_p.iter(W + "r")]
    names = [n for n in re.split(r"[，。]", r.profile.copy_to) if n]
    lines = "".join(x + ("\n" if rr.find(W + "br") is not None else "")
                    for x, rr in zip(runs, cell_p.iter(W + "r"))).removeprefix("抄送：").split("\n")
    assert len(lines) >= 2                                              # 如皋's 抄送 needs two lines
    for line in lines:                                                  # breaks only between names
        assert all(n in names for n in re.split(r"[，。]", line) if n), line


def test_county_drafts_pass_check_format(analysis, tmp_path):
    for name in COUNTIES:
        for wrapper in (False, True):
            d = tmp_path / f"{name}-{wrapper}.docx"
            write_outputs(make_draft(analysis, find_profile(name), DraftOptions(wrapper=wrapper)), d)
            assert main(["check-format", str(d)]) == 0, (name, wrapper)


# ------------------------------------------------------------------------------------------- 4. valid OOXML
def _errors(path: Path) -> list[str]:
    from openxml_audit import FileFormat, OpenXmlValidator
    res = OpenXmlValidator(file_format=FileFormat.OFFICE_2016, max_errors=0).validate(str(path))
    return [f"{e.part_uri} {e.path}: {e.description}" for e in res.errors]


def _allowed(err: str) -> bool:
    return any(re.search(a["match"], err) for a in ALLOW)


def _shape(err: str) -> str:
    return re.sub(r"\[\d+\]|\d+", "#", err)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> set[str]:
    from docx import Document
    from openpyxl import Workbook
    d = tmp_path_factory.mktemp("baseline")
    Document().save(str(d / "min.docx"))
    wb = Workbook()
    wb.active["A1"] = "x"
    wb.save(str(d / "min.xlsx"))
    return {_shape(e) for f in ("min.docx", "min.xlsx") for e in _errors(d / f)}


@pytest.fixture(scope="module")
def product_files(analysis, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("ooxml")
    files: dict[str, Path] = {}
    r = make_draft(analysis, find_profile("如东县"), decisions=sample_decisions("如东县"))
    files.update(draft=out / "draft.docx", ledger=out / "ledger.xlsx", note=out / "note.docx", table=out / "table.docx")
    write_outputs(r, files["draft"], ledger=files["ledger"], note=files["note"], table=files["table"])
    files["wrapper"] = out / "wrapper.docx"
    write_outputs(make_draft(analysis, find_profile("如皋市"), DraftOptions(wrapper=True, copy_number="",
                                                                           secrecy="", urgency="")),
                  files["wrapper"])
    files["tracked"] = out / "tracked.docx"
    write_outputs(make_draft(analysis, find_profile("海安市"), DraftOptions(track_changes=True)), files["tracked"])
    files["compare"] = out / "compare.docx"
    assert main(["compare", str(PLAN_TXT), "--ref", str(TAIZHOU_PLAN), "--docx", str(files["compare"])]) == 0
    from policydesk.export import export_responsibilities
    files["responsibilities"] = out / "resp.xlsx"
    export_responsibilities(analysis, files["responsibilities"])
    return files


@pytest.mark.parametrize("kind", ["draft", "wrapper", "tracked", "ledger", "note", "table", "compare",
                                  "responsibilities"])
def test_every_file_the_product_writes_validates(product_files, baseline, kind):
    errors = [e for e in _errors(product_files[kind]) if _shape(e) not in baseline and not _allowed(e)]
    assert errors == [], "\n".join(errors[:20])


def test_every_used_style_is_defined(product_files):
    for kind in ("draft", "wrapper", "tracked", "note", "table", "compare"):
        with zipfile.ZipFile(product_files[kind]) as z:
            styles = etree.fromstring(z.read("word/styles.xml"))
            defined = {s.get(W + "styleId") for s in styles.iter(W + "style")}
            used = set()
            for name in z.namelist():
                if name.startswith("word/") and name.endswith(".xml") and "styles" not in name:
                    root = etree.fromstring(z.read(name))
                    for tag in ("pStyle", "rStyle", "tblStyle"):
                        used |= {e.get(W + "val") for e in root.iter(W + tag)}
        assert used <= defined, (kind, used - defined)
