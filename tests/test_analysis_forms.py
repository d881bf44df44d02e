"""Small synthetic documents: every annotation form, every trap of the issue, metadata forms."""

from __future__ import annotations

import pytest

from policydesk.analysis import analyze
from policydesk.analysis.annotations import find_annotations
from policydesk.analysis.meta import parse_date, split_recipients
from policydesk.analysis.targets import find_targets_and_deadlines
from policydesk.analysis.units import is_generic, normalize_unit, split_units
from policydesk.model import Document, Paragraph, SourceInfo

from doc_helpers import one_annotation, save_docx, table_docx, text_doc


doc = text_doc
one = one_annotation


# ---------------------------------------------------------------- annotation forms

@pytest.mark.parametrize("text,units,lead,support,inferred", [
    ("加强服务。〔责任单位：市商务局，各县（市、区）人民政府〕",
     ["市商务局", "各县（市、区）人民政府"], ["市商务局"], ["各县（市、区）人民政府"], True),
    ("加强服务。（责任单位：市商务局、市发改委）", ["市商务局", "市发改委"], ["市商务局"], ["市发改委"], True),
    ("加强服务。(责任单位:省商务厅,各设区市人民政府)",
     ["省商务厅", "各设区市人民政府"], ["省商务厅"], ["各设区市人民政府"], True),
    ("加强服务。（牵头单位：市发改委；配合单位：市财政局、市商务局）",
     ["市发改委", "市财政局", "市商务局"], ["市发改委"], ["市财政局", "市商务局"], False),
    ("加强统计。（生态环境部牵头，国家发展改革委、国家统计局参与）",
     ["生态环境部", "国家发展改革委", "国家统计局"], ["生态环境部"], ["国家发展改革委", "国家统计局"], False),
    ("开展试点。（海关总署负责）", ["海关总署"], ["海关总署"], [], True),
    ("落实政策。（财政部、人力资源社会保障部、民政部等有关部门和单位按职责分工负责）",
     ["财政部", "人力资源社会保障部", "民政部", "有关部门和单位"], ["财政部"],
     ["人力资源社会保障部", "民政部", "有关部门和单位"], True),
    ("放宽限制。（负责部门：人力资源社会保障部、商务部；适用范围：所有自贸试验区）",
     ["人力资源社会保障部", "商务部"], ["人力资源社会保障部"], ["商务部"], True),
    ("探索模式。（负责部门：发展改革委、粮食和储备局，适用范围：浙江自贸试验区）",
     ["发展改革委", "粮食和储备局"], ["发展改革委"], ["粮食和储备局"], True),
    ("推进工作。（税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同）",
     ["税务总局", "财政部", "海关总署"], ["税务总局"], ["财政部", "海关总署"], True),
    ("推进工作。（工业和信息化部、发展改革委等负责。列第一位者为牵头单位，下同）",
     ["工业和信息化部", "发展改革委"], ["工业和信息化部"], ["发展改革委"], True),
    ("扩大消费。（商务部、农业农村部等和各有关省级人民政府负责）",
     ["商务部", "农业农村部", "各有关省级人民政府"], ["商务部"], ["农业农村部", "各有关省级人民政府"], True),
    ("支持发展。（农业农村部、工业和信息化部牵头负责）",
     ["农业农村部", "工业和信息化部"], ["农业农村部", "工业和信息化部"], [], False),
    ("加强协调。〔责任单位：市发改委（牵头）、市财政局〕", ["市发改委", "市财政局"], ["市发改委"], ["市财政局"], False),
    ("加强协调。（市发改委负责，市财政局配合）", ["市发改委", "市财政局"], ["市发改委"], ["市财政局"], False),
    ("加强协调。〔牵头单位：市发改委责任单位：市财政局〕", ["市发改委", "市财政局"], ["市发改委"], ["市财政局"], False),
    ("加强协调。（市发改委牵头，市各有关部门按职责分工负责）",
     ["市发改委", "市各有关部门"], ["市发改委"], ["市各有关部门"], False),
    ("加强协调。（市发改委、市财政局按职责分工负责，各县（市、区）人民政府落实）",
     ["市发改委", "市财政局", "各县（市、区）人民政府"], ["市发改委"], ["市财政局", "各县（市、区）人民政府"], True),
    ("加强协调。（责任单位：市发改委及各县（市、区）人民政府）",
     ["市发改委", "各县（市、区）人民政府"], ["市发改委"], ["各县（市、区）人民政府"], True),
    ("加强协调。（责任单位：市政府办公室（市金融办）、市财政局）",
     ["市政府办公室（市金融办）", "市财政局"], ["市政府办公室（市金融办）"], ["市财政局"], True),
    ("加强协调。（市自然资源和规划局、市住房和城乡建设局负责）",
     ["市自然资源和规划局", "市住房和城乡建设局"], ["市自然资源和规划局"], ["市住房和城乡建设局"], True),
    ("加强协调。（责任单位：县发改委，各镇（区、街道））",
     ["县发改委", "各镇（区、街道）"], ["县发改委"], ["各镇（区、街道）"], True),
])
def test_annotation_forms(text, units, lead, support, inferred):
    a = one(text)
    assert a.units == units
    assert a.lead == lead and a.support == support and a.lead_inferred is inferred
    assert text.endswith(a.raw)


def test_deadline_label_is_kept_as_deadline():
    a = one("建设平台。（牵头单位：市大数据局；完成时限：2022年底）")
    assert a.units == ["市大数据局"] and a.deadlines == ["2022年底"]


@pytest.mark.parametrize("text", [
    "分别负责管理监督考核院校外、院校内职业技能等级证书的实施（技工院校内由人力资源社会保障行政部门负责），国务院人力资源社会保障行政部门组织制定职业标准。",
    "许可证应当载明诊疗机构名称、诊疗活动范围、从业地点和法定代表人（负责人）等事项。",
    "建设自由贸易试验区（以下简称自贸试验区）是重大举措。",
    "贯彻落实《国务院关于推进国家级经济技术开发区创新提升的意见》（国发〔2019〕11号）。",
    "由市商务局（负责招商）牵头推进。",
    "完善制度（市发改委负责），确保落实。",
    "推进工作。（以上工作由各地负责）",
    "推进工作。（政策落实）",
    "推进工作。（含市本级）",
])
def test_not_annotations(text):
    assert find_annotations(text) == []


def test_several_annotations_in_one_paragraph_make_several_tasks():
    result = analyze(doc(
        "关于推进某项工作的实施方案",
        "一、重点任务",
        "（一）加强统计。完善统计方法。（生态环境部牵头，国家统计局参与）推广先进技术。（市场监管总局、工业和信息化部负责）",
    )).to_json()
    tasks = result["tasks"]
    assert [t["units"] for t in tasks] == [["生态环境部", "国家统计局"], ["市场监管总局", "工业和信息化部"]]
    assert tasks[0]["text"].startswith("（一）加强统计") and tasks[0]["text"].endswith("参与）")
    assert tasks[1]["text"] == "推广先进技术。（市场监管总局、工业和信息化部负责）"
    assert {t["paragraph"] for t in tasks} == {2} and {t["heading"] for t in tasks} == {"一（一）"}
    assert [t["id"] for t in tasks] == ["T1", "T2"]


# ---------------------------------------------------------------- units

def test_bracket_inside_unit_is_no_separator():
    assert split_units("市商务局、各县（市、区）人民政府、市发改委") == ["市商务局", "各县（市、区）人民政府", "市发改委"]


def test_typo_without_alias_line_is_still_one_unit():
    assert split_units("市发改委、各县（市）、区政府") == ["市发改委", "各县（市）、区政府"]


def test_typo_of_county_governments_is_one_unit_normalised():
    units = split_units("人行南通市中心支行，各县（市）、区人民政府")
    assert units == ["人行南通市中心支行", "各县（市）、区人民政府"]
    assert normalize_unit(units[1]) == "各县（市、区）人民政府"


def test_alias_table_and_half_width():
    assert normalize_unit("人行南通中心支行") == "人行南通市中心支行"
    assert normalize_unit("各县(市、区)人民政府") == "各县（市、区）人民政府"


def test_user_alias_file_overrides_bundled(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "analysis").mkdir(parents=True)
    (home / "analysis" / "unit_aliases.tsv").write_text("# mine\n市发展改革委\t市发改委\n", encoding="utf-8")
    monkeypatch.setenv("POLICYDESK_HOME", str(home))
    result = analyze(doc("某方案", "一、任务", "（一）推进。（责任单位：市发展改革委、人行南通中心支行）")).to_json()
    task = result["tasks"][0]
    assert task["units"] == ["市发展改革委", "人行南通中心支行"]
    assert task["units_normalized"] == ["市发改委", "人行南通中心支行"]   # the bundled table is replaced


@pytest.mark.parametrize("name,generic", [
    ("市有关部门", True), ("各县（市、区）人民政府", True), ("各地区各部门", True), ("有关部门", True),
    ("有关部门和单位", True), ("各省级人民政府", True), ("市商务局", False), ("南通海关", False),
    ("人行南通市中心支行", False), ("县直各部门", True), ("市各有关部门", True), ("各镇（区、街道）", True),
])
def test_generic_units(name, generic):
    assert is_generic(name) is generic


# ---------------------------------------------------------------- headings and traps

def test_heading_traps_and_half_width_variants():
    result = analyze(doc(
        "关于某某工作的实施方案",
        "一、总体要求",
        "(一)基本原则。坚持统筹推进。",
        "1．突出重点。聚焦主导产业。",
        "1.5亿美元以上项目要重点推进。",
        "2.0建设要加快。",
        "1~2个特色产业要明确。",
        "一、二类疫苗要分类管理。",
        "（1）明确目标。力争实现。",
        "2、完善机制。建立台账。",
        "二、重点任务",
    )).to_json()
    got = [(h["id"], h["level"], h["number"], h["title"]) for h in result["headings"]]
    assert got == [
        ("一", 1, "一、", "总体要求"),
        ("一（一）", 2, "(一)", "基本原则"),
        ("一（一）1.", 3, "1．", "突出重点"),
        ("一（一）1.（1）", 4, "（1）", "明确目标"),
        ("一（一）2.", 3, "2、", "完善机制"),
        ("二", 1, "二、", "重点任务"),
    ]
    roles = [p["role"] for p in result["paragraphs"]]
    assert roles[4:8] == ["body", "body", "body", "body"]


def test_heading_alone_in_its_paragraph_gov_cn_style():
    result = analyze(doc(
        "国务院关于某项工作的意见",
        "国发〔2019〕99号",
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
        "为推进某项工作，现提出以下意见。",
        "一、总体要求",
        "（一）指导思想。",
        "以习近平新时代中国特色社会主义思想为指导。（发展改革委负责）",
        "国务院",
        "2019年1月12日",
        "（此件公开发布）",
    )).to_json()
    assert [(h["id"], h["title"]) for h in result["headings"]] == [("一", "总体要求"), ("一（一）", "指导思想")]
    task = result["tasks"][0]
    assert task["heading"] == "一（一）" and task["title"] == "指导思想" and task["paragraph"] == 6
    meta = result["meta"]
    assert meta["title"] == "国务院关于某项工作的意见" and meta["plan_title"] is None
    assert meta["issuer"] == "国务院" and meta["date"] == "2019-01-12" and meta["publicity"] == "此件公开发布"
    assert result["paragraphs"][3]["role"] == "preamble"


def test_long_centred_plan_title_is_taken_with_the_readers_cue():
    long_title = ("关于进一步推进全县经济开发区创新提升打造改革开放新高地加快构建现代产业体系"
                  "推动全县开放型经济和实体经济高质量发展走在全市前列的实施方案")
    lines = ["县政府关于印发推进经济开发区创新提升实施方案的通知", "某政发〔2021〕8号", "各镇人民政府：",
             "现将实施方案印发给你们，请认真贯彻执行。", "某某县人民政府", "2021年6月3日", long_title,
             "为贯彻落实上级部署，制定本方案。", "一、总体要求"]
    paras = [Paragraph(text=t, align="center" if t == long_title else None) for t in lines]
    result = analyze(Document(SourceInfo(path="x.txt", sha256="0", format="txt"), paras)).to_json()
    assert len(long_title) > 60
    assert result["meta"]["plan_title"] == long_title
    assert [h["id"] for h in result["headings"]] == ["一"]


def test_heading_title_stops_at_annotation():
    result = analyze(doc("某方案", "一、重点任务", "（一）加强组织领导（市委办负责）")).to_json()
    assert result["headings"][1]["title"] == "加强组织领导"
    assert result["tasks"][0]["units"] == ["市委办"]


# ---------------------------------------------------------------- notice metadata

NOTICE = [
    "县政府关于印发某某县推进经济开发区创新提升实施方案的通知",
    "某政发 ( 2021 ) 7 号",
    "各镇人民政府，县各委、办、局，县各直属单位：",
    "现将《某某县推进经济开发区创新提升",
    "实施方案》印发给你们，请认真贯彻执行。",
    "一、这不是标题",
    "某某县人民政府",
    "二〇二一年六月三日",
    "（此件公开发布）",
    "某某县推进经济开发区创新提升",
    "实施方案",
    "为贯彻落实《国务院关于推进国家级经济技术开发区创新提升打造改革开放新高地的意见》（国发〔2019〕11号）和《江苏省关于某事的通知》，制定本方案。",
    "一、总体要求",
    "（一）提升质态。完成1.5亿美元以上项目不少于3~5家，2022年年底前实现全覆盖。（责任单位：县商务局）",
]


def test_notice_metadata():
    result = analyze(doc(*NOTICE)).to_json()
    meta = result["meta"]
    assert meta["title"] == NOTICE[0]
    assert meta["doc_number"] == "某政发〔2021〕7号"
    assert meta["recipients"] == ["各镇人民政府", "县各委、办、局", "县各直属单位"]
    assert meta["issuer"] == "某某县人民政府"
    assert meta["date"] == "2021-06-03"
    assert meta["publicity"] == "此件公开发布"
    assert meta["plan_title"] == "某某县推进经济开发区创新提升实施方案"
    assert meta["cited"] == [
        {"title": "国务院关于推进国家级经济技术开发区创新提升打造改革开放新高地的意见", "doc_number": "国发〔2019〕11号"},
        {"title": "江苏省关于某事的通知", "doc_number": None},
    ]
    # the notice's own lines are not part of the outline
    assert [h["id"] for h in result["headings"]] == ["一", "一（一）"]
    roles = [p["role"] for p in result["paragraphs"]]
    assert roles[:12] == ["notice_title", "doc_number", "recipients", "notice_body", "notice_body", "notice_body",
                          "signature", "date", "publicity", "plan_title", "plan_title", "preamble"]
    task = result["tasks"][0]
    assert task["targets"] == ["1.5亿美元以上", "不少于3~5家", "全覆盖"]
    assert task["deadlines"] == ["2022年年底前"]


@pytest.mark.parametrize("text,iso", [
    ("2021年6月3日", "2021-06-03"), ("二〇二一年六月三日", "2021-06-03"), ("二○二一年十二月二十一日", "2021-12-21"),
    ("一九九六年二月五日", "1996-02-05"), ("2021年13月3日", None),
])
def test_dates(text, iso):
    assert parse_date(text) == iso


def test_recipients_split_only_at_top_level_comma():
    assert split_recipients("各县（市、区）人民政府，市各直属园区管委会，市各委、办、局，市各直属单位：") == [
        "各县（市、区）人民政府", "市各直属园区管委会", "市各委、办、局", "市各直属单位"]


@pytest.mark.parametrize("text,targets,deadlines", [
    ("各经济开发区要明确重点打造1~2个特色主导产业", ["1~2个"], []),
    ("每年认定不少于3~5家总部企业", ["不少于3~5家"], ["每年"]),
    ("到2025年，开发区规上工业增加值增长10%以上", ["增长10%以上"], ["到2025年"]),
    ("2019年12月底前完成集约化平台建设", [], ["2019年12月底前"]),
    ("根据国发〔2019〕11号文件要求推进", [], []),
])
def test_targets_and_deadlines(text, targets, deadlines):
    assert find_targets_and_deadlines(text) == (targets, deadlines)


# ---------------------------------------------------------------- robustness

from hypothesis import given, settings, strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("一二三四五六七八九十（）()〔〕【】《》：:，,、；。1234567890.．~"
                                 "责任单位牵头负责配合参与市县局委办政府各有关部门第章节条附件年月日号 \n"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_ALPHABET, max_size=40), max_size=12))
def test_analyze_never_fails_on_odd_text(lines):
    result = analyze(doc(*lines)).to_json()
    assert len(result["paragraphs"]) == len(lines)
    ids = [h["id"] for h in result["headings"]]
    assert len(ids) == len(set(ids))
    for t in result["tasks"]:
        assert t["units"] and 0 <= t["paragraph"] < len(lines)


def test_empty_document():
    result = analyze(doc()).to_json()
    assert result["headings"] == [] and result["tasks"] == [] and result["meta"]["title"] is None


# ---------------------------------------------------------------- unbracketed labels and tables

def test_responsibility_line_of_its_own():
    result = analyze(doc(
        "某县实施方案",
        "一、重点任务",
        "（一）建设统一平台。2022年底前建成全县统一的数据平台。",
        "责任单位：县大数据局、县发改委，各镇（区、街道）",
        "（二）完善标准。加快制定标准。牵头单位：县市场监管局；配合单位：县工信局。",
    )).to_json()
    t1, t2 = result["tasks"]
    assert t1["heading"] == "一（一）" and t1["paragraph"] == 3
    assert t1["units"] == ["县大数据局", "县发改委", "各镇（区、街道）"]
    assert t1["text"].startswith("（一）建设统一平台") and t1["deadlines"] == ["2022年底前"]
    assert t2["units"] == ["县市场监管局", "县工信局"] and t2["lead"] == ["县市场监管局"] and not t2["lead_inferred"]
    assert t2["annotation"].startswith("牵头单位：")


@pytest.mark.parametrize("text", ["完善责任单位：市商务局", "建立责任单位：牵头单位制度，压实责任。",
                                  "责任单位：各地要加强组织领导。"])
def test_label_inside_a_sentence_is_no_annotation(text):
    assert find_annotations(text) == []


def test_tasks_from_a_responsibility_table():
    rows = ["序号\t重点任务\t牵头单位\t配合单位\t完成时限",
            "1\t建设统一平台，实现数据共享\t县大数据局\t县发改委、县财政局\t2022年底",
            "2\t完善标准体系\t县市场监管局\t各镇（区、街道）\t长期",
            "\t二、保障措施\t\t\t"]
    paras = [Paragraph(text="某县实施方案"), Paragraph(text="一、重点任务")] + \
        [Paragraph(text=r, kind="table_row") for r in rows]
    result = analyze(Document(SourceInfo(path="x.docx", sha256="0", format="docx"), paras)).to_json()
    tasks = result["tasks"]
    assert [t["units"] for t in tasks] == [["县大数据局", "县发改委", "县财政局"], ["县市场监管局", "各镇（区、街道）"]]
    assert tasks[0]["lead"] == ["县大数据局"] and tasks[0]["support"] == ["县发改委", "县财政局"]
    assert not tasks[0]["lead_inferred"] and tasks[0]["deadlines"] == ["2022年底"]
    assert tasks[0]["heading"] == "一" and tasks[0]["form"] == "table"
    assert "\t" in result["paragraphs"][3]["text"]          # cells stay apart
    assert [h["id"] for h in result["headings"]] == ["一"]   # a table row is no heading


def test_table_in_a_real_docx(tmp_path):
    from policydesk.api import analyze_path
    d, _ = table_docx([["序号", "工作任务", "责任单位", "完成时间"],
                       ["1", "招引重大项目", "县商务局、县发改委", "每年"],
                       ["2", "优化营商环境", "县行政审批局", "2023年6月底前"]])
    path = save_docx(d, tmp_path)
    result = analyze_path(path).to_json()
    assert [(t["units"], t["lead"], t["lead_inferred"]) for t in result["tasks"]] == [
        (["县商务局", "县发改委"], ["县商务局"], True), (["县行政审批局"], ["县行政审批局"], True)]
    assert result["tasks"][1]["deadlines"] == ["2023年6月底前"]


@pytest.mark.parametrize("lines", [
    ["中共某某县委办公室", "某某县人民政府办公室", "2022年1月5日"],
    ["中共某某县委办公室    某某县人民政府办公室", "2022年1月5日"],
])
def test_joint_issuers(lines):
    result = analyze(doc("关于加强某工作的意见", "各镇人民政府：", "为了加强工作，提出如下意见。", "一、总体要求",
                         "坚持问题导向。", *lines)).to_json()
    assert result["meta"]["issuer"] == "中共某某县委办公室"
    assert result["meta"]["issuers"] == ["中共某某县委办公室", "某某县人民政府办公室"]
    assert result["meta"]["date"] == "2022-01-05"
    assert [p["role"] for p in result["paragraphs"]][-len(lines):] == ["signature"] * (len(lines) - 1) + ["date"]
