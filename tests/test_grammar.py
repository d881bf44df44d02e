"""The one annotation grammar (issue 11): nothing is dropped silently, the forms real plans use, and compare
strips every form the grammar reads.

Planted annotations go into real task paragraphs of the Nantong plan (tests/data/corpus/nantong), their own
annotation removed first; the forms are written after real plans of several provinces (Sichuan, Hubei,
Shaanxi, Liaoning, Hunan, Jiangsu county plans), with the unit names changed where needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policydesk.analysis import UnitRole, WarningKind, analyze
from policydesk.analysis.normalize import clean_text
from policydesk.analysis.annotations import (find_annotations, parse_annotation, strip_annotations,
                                             unparsed_annotations)

from doc_helpers import save_docx, table_docx, text_doc

PLAN = Path(__file__).resolve().parent / "data" / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"


doc = text_doc


REAL = Path(__file__).resolve().parent / "data" / "real"


def _real_task_paragraphs() -> list[str]:
    """Task paragraphs of real plans without their annotation (the body a drafter wrote): the Nantong plan and
    the plans of other provinces in tests/data/real, interleaved."""
    def bodies(text: str) -> list[str]:
        out = []
        for line in text.splitlines():
            line = clean_text(line)
            found = find_annotations(line)
            if len(line) > 20 and found and found[-1].start > 10 and found[-1].end == len(line):
                out.append(line[: found[-1].start].rstrip())
        return out
    nantong = bodies(PLAN.read_text(encoding="utf-8"))
    others = [b for f in sorted(REAL.glob("*/source.txt")) if "nantong" not in f.parent.name
              for b in bodies(f.read_text(encoding="utf-8"))]
    mixed = [x for pair in zip(nantong, others) for x in pair]
    return mixed + nantong[len(mixed) // 2:] + others[len(mixed) // 2:]


BODIES = _real_task_paragraphs()


# ---------------------------------------------------------------- (a) no silent drop

UNKNOWN_FORMS = [
    "（责任单位：市智慧城市运营管理服务队伍）",                # unknown ending after a label
    "（责任单位：市发展改革委、长三角产业合作联盟秘书处）",
    "（牵头单位：市人才工作领导小组；配合单位：各高校院所联络员）",
    "（市发展改革委统筹，市财政局保障）",                       # unknown role word
    "（由市商务局负责研究制定）",
    "【主抓单位：市科技局】",                                   # unknown label
    "（责任主体：各县（市、区）政府；督办：市委督查室）",
    "（市商务局、市发展改革委按分工抓落实）",
    "（市场监管局等多部门联合执法）",
    "〔承接单位：市政务服务中心〕",
    "（责任单位/配合单位：市民政局/市财政局）",
    "（牵头：市委网信办｜配合：市公安局）",
    "（具体由各县（市、区）人民政府组织实施）",
    "（市发展改革委（牵头）、市财政局、市国资委（配合））",
    "（各县（市、区）人民政府为责任主体，市农业农村局督导）",
    "（市商务局主责，市外办协同配合）",
    "（责任部门：市医保局；协调单位：市卫生健康委）",
    "（市应急管理局、市消防救援支队，2023年6月底前）",
    "（市文广旅局　市体育局）",
    "（配合：市财政局；牵头：市人力资源社会保障局；督办：市政府办公室）",
    "（市住房城乡建设局指导，物业服务企业具体落实）",
    "（市数据局搭建平台，各部门共享数据）",
]


def test_real_bodies_were_found():
    assert len(BODIES) >= 15


@pytest.mark.parametrize("form", UNKNOWN_FORMS)
def test_planted_annotation_is_a_task_or_a_warning(form):
    assert len(UNKNOWN_FORMS) >= 20
    body = BODIES[UNKNOWN_FORMS.index(form) % len(BODIES)]
    result = analyze(doc("南通市推进某项工作实施方案", "一、重点任务", body + form))
    tasks = [t for t in result.tasks if t.paragraph == 2]
    warnings = [w for w in result.warnings if w.paragraph == 2]
    assert tasks or warnings, f"silently dropped: {form}"
    for t in tasks:
        assert t.units and clean_text(form).endswith(t.annotation)
        assert [u.name for u in t.unit_details] == t.units
        for u in t.unit_details:
            assert u.recognised or u.reason, u
        flagged = {w.text for w in result.warnings if w.kind is WarningKind.UNRECOGNISED_UNIT}
        assert {u.name for u in t.unrecognised_units} <= flagged
    for w in warnings:
        assert w.kind in (WarningKind.UNPARSED_ANNOTATION, WarningKind.UNRECOGNISED_UNIT) and w.why
    if not tasks:
        assert any(w.kind is WarningKind.UNPARSED_ANNOTATION and w.text == form for w in warnings)


def test_label_keeps_unknown_units_with_a_reason():
    a = find_annotations("推进工作。（责任单位：县发改局、县智慧城市运营管理服务队伍、县财政局）")[0]
    assert a.units == ["县发改局", "县智慧城市运营管理服务队伍", "县财政局"]
    unknown = [d for d in a.details if not d.recognised]
    assert [d.name for d in unknown] == ["县智慧城市运营管理服务队伍"]
    assert "机构用字" in unknown[0].reason


@pytest.mark.parametrize("text", [
    "许可证应当载明法定代表人（负责人）等事项。",
    "建设自由贸易试验区（以下简称自贸试验区）是重大举措。",
    "报市发展和改革委员会（市发改委）。",
    "推进工作。（含市本级）",
    "贯彻落实《国务院关于推进国家级经济技术开发区创新提升的意见》（国发〔2019〕11号）。",
    "推进工作。（2021—2025年）",
])
def test_ordinary_brackets_are_neither_task_nor_warning(text):
    assert find_annotations(text) == []
    assert unparsed_annotations(text) == []


# ---------------------------------------------------------------- (b) the forms real plans use

@pytest.mark.parametrize("text,units,lead,support", [
    # label + lead/support wording
    ("加强监管。（责任单位：市市场监管局牵头，市卫生健康委、市农业农村局配合）",
     ["市市场监管局", "市卫生健康委", "市农业农村局"], ["市市场监管局"], ["市卫生健康委", "市农业农村局"]),
    ("加强监管。（责任单位：市市场监管局牵头，市公安局、市商务局等按职责分工负责）",
     ["市市场监管局", "市公安局", "市商务局"], ["市市场监管局"], ["市公安局", "市商务局"]),
    # labelled lists separated by ，
    ("加强监管。（牵头单位：市发展改革委，配合单位：市财政局，各区、县级市）",
     ["市发展改革委", "市财政局", "各区", "县级市"], ["市发展改革委"], ["市财政局", "各区", "县级市"]),
    ("提高市场开放程度。(牵头单位:省发展改革委;责任单位:省编办、省国土资源厅、省住建厅)",
     ["省发展改革委", "省编办", "省国土资源厅", "省住建厅"], ["省发展改革委"], ["省编办", "省国土资源厅", "省住建厅"]),
    # 分工负责 / 共同负责 / 督促指导 / 参与
    ("推进审批。(市政府办公室、市行政审批制度改革工作领导小组办公室牵头,市级各有关部门及各县市区政府按职责分工负责)",
     ["市政府办公室", "市行政审批制度改革工作领导小组办公室", "市级各有关部门", "各县市区政府"],
     ["市政府办公室", "市行政审批制度改革工作领导小组办公室"], ["市级各有关部门", "各县市区政府"]),
    ("完善服务。（县应急管理局督促指导，各乡镇参与）", ["县应急管理局", "各乡镇"], ["县应急管理局"], ["各乡镇"]),
    ("完善服务。(责任单位：县文旅广体局、县医保局共同负责)", ["县文旅广体局", "县医保局"], ["县文旅广体局"], ["县医保局"]),
    ("完善服务。（县卫健局会同县医保局负责）", ["县卫健局", "县医保局"], ["县卫健局"], ["县医保局"]),
    # unit names that end in many ways
    ("加强监管。（责任单位：县食品安全监管组、县安全生产工作专班、县领导小组办公室）",
     ["县食品安全监管组", "县安全生产工作专班", "县领导小组办公室"], ["县食品安全监管组"],
     ["县安全生产工作专班", "县领导小组办公室"]),
    ("加强监管。（责任单位：有关国有企业、各镇（街道）、国网某县供电公司、县融媒体中心）",
     ["有关国有企业", "各镇（街道）", "国网某县供电公司", "县融媒体中心"], ["有关国有企业"],
     ["各镇（街道）", "国网某县供电公司", "县融媒体中心"]),
    # mixed half/full-width brackets
    ("加强监管。(责任单位：县发改局、县统计局）", ["县发改局", "县统计局"], ["县发改局"], ["县统计局"]),
    ("加强监管。〔责任单位:县发改局；配合单位：县统计局)", ["县发改局", "县统计局"], ["县发改局"], ["县统计局"]),
    # a bare list after the sentence end
    ("加强监管。（县卫健局、县医疗保障局）", ["县卫健局", "县医疗保障局"], ["县卫健局"], ["县医疗保障局"]),
])
def test_real_forms(text, units, lead, support):
    found = find_annotations(text)
    assert len(found) == 1
    a = found[0]
    assert a.units == units and a.lead == lead and a.support == support
    assert all(d.recognised for d in a.details)


def test_instruction_is_a_note_and_applies_to_later_tasks():
    result = analyze(doc(
        "某市推进某项工作实施方案",
        "一、重点任务",
        "（一）加强市场体系建设。推进高标准市场体系建设。〔责任单位：省发展改革委、省市场监管局、商务厅、省大数据中心按职责"
        "分工负责。具体任务均涉及相关市（州）人民政府，不再做分工，下同。〕",
        "（二）优化市场准入环境。持续推进“一网通办”。〔责任单位：省市场监管局〕",
        "（三）加强监管。（市农业农村局指导，各地负责落实。以下各项均需各地落实，不再列出）",
        "（四）推进建设。（市住建局负责）",
    ))
    t1, t2, t3, t4 = result.tasks
    assert t1.units == ["省发展改革委", "省市场监管局", "商务厅", "省大数据中心"]
    assert t1.notes == ["具体任务均涉及相关市（州）人民政府，不再做分工，下同"]
    assert t2.units == ["省市场监管局"]                     # as written
    assert [u.name for u in t2.unit_details] == t2.units
    inherited = t2.inherited_units
    assert [u.name for u in inherited] == ["相关市（州）人民政府"] and inherited[0].role is UnitRole.SUPPORT
    assert any("不再做分工" in n for n in t2.notes)
    assert t3.units == ["市农业农村局", "各地"] and t3.notes[0] == "以下各项均需各地落实，不再列出"
    assert {u.name for u in t4.inherited_units} == {"相关市（州）人民政府", "各地"} and all(u.inherited for u in t4.inherited_units)
    assert t4.units == ["市住建局"]


def test_annotation_on_its_own_line_and_stacked_labels():
    result = analyze(doc(
        "某区政府2023年重点工作任务分解方案",
        "一、主要预期目标",
        "1.努力实现地区生产总值增长6.2%左右。",
        "牵头单位：区发改局",
        "责任单位：立山经济开发区，全区经济运行各专班",
        "2.社会消费品零售总额增长9%左右。",
        "（牵头单位：区商务局）",
        "（配合单位：各街道，区市场局）",
    ))
    t1, t2 = result.tasks
    assert t1.units == ["区发改局", "立山经济开发区", "全区经济运行各专班"] and t1.lead == ["区发改局"]
    assert t1.text.startswith("1.努力实现")
    assert t2.units == ["区商务局", "各街道", "区市场局"] and t2.lead == ["区商务局"] and not t2.lead_inferred


def test_tab_separated_table_pasted_from_word(tmp_path):
    from policydesk.api import analyze_path
    path = tmp_path / "plan.txt"
    path.write_text("某县推进某项工作实施方案\n一、重点任务\n"
                    "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
                    "1\t建设统一平台，实现数据共享\t县大数据局\t县发改委、县财政局\t2022年底\n"
                    "2\t完善标准体系\t县市场监管局\t各镇（区、街道）\t长期\n"
                    "二、保障措施\n加强组织领导。\n", encoding="utf-8")
    result = analyze_path(path)
    assert [t.units for t in result.tasks] == [["县大数据局", "县发改委", "县财政局"], ["县市场监管局", "各镇（区、街道）"]]
    assert [h.id for h in result.headings] == ["一", "二"]


def test_two_paragraphs_in_one_cell_are_two_units_and_merged_cells_carry_down(tmp_path):
    from policydesk.api import analyze_path
    d, table = table_docx([["序号", "工作任务", "牵头单位", "配合单位"],
                           ["1", "招引重大项目", "县商务局", "县发改委"],
                           ["2", "建设产业园区", "县住建局", "县财政局"]])
    table.cell(1, 3).add_paragraph("县自然资源局")
    path = save_docx(d, tmp_path)
    tasks = analyze_path(path).tasks
    assert tasks[0].units == ["县商务局", "县发改委", "县自然资源局"]
    assert tasks[1].units == ["县住建局", "县财政局"]


def test_vertically_merged_unit_cells_in_a_pdf_style_row():
    rows = ["序号\t重点任务\t牵头单位\t配合单位",
            "1\t建设统一平台\t县大数据局\t县发改委",
            "2\t完善数据标准\t\t"]
    result = analyze(doc("某县实施方案", "一、重点任务", *rows, kinds={2: "table_row", 3: "table_row", 4: "table_row"}))
    t1, t2 = result.tasks
    assert t2.units == t1.units and t2.notes == ["责任单位沿用上一行（合并单元格）"]


def test_unparsed_annotation_is_reported_with_its_paragraph():
    result = analyze(doc("某市实施方案", "一、重点任务", "（一）完善机制。（县卫健局会商县医保局研究确定）"))
    assert not result.tasks
    w = result.warnings[0]
    assert (w.kind, w.paragraph, w.text) == (WarningKind.UNPARSED_ANNOTATION, 2, "（县卫健局会商县医保局研究确定）")
    assert "责任单位" in w.why
    assert result.to_json()["warnings"][0]["kind"] == "unparsed_annotation"


# ---------------------------------------------------------------- (c) compare strips every form

CLAUSE = "（一）优化提升利用外资质态。支持全市经济开发区加大对外开放力度，集中力量招引和培育外资总部型企业。"
KNOWN_FORMS = [
    "〔责任单位：市商务局，各县（市、区）人民政府〕",
    "（牵头单位：市发改委；配合单位：市财政局、市商务局）",
    "（生态环境部牵头，国家发展改革委、国家统计局参与）",
    "（财政部、人力资源社会保障部等有关部门和单位按职责分工负责）",
    "（负责部门：人力资源社会保障部、商务部；适用范围：所有自贸试验区）",
    "（责任单位：市市场监管局牵头，市卫生健康委配合）",
    "（牵头单位：市发展改革委，配合单位：市财政局，各区、县级市）",
    "（市农业农村局指导，各地负责落实。以下各项均需各地落实，不再列出）",
    "(责任单位：县文旅广体局、县医保局共同负责)",
    "（县卫健局、县医疗保障局）",
    "（责任单位：县食品安全监管组、有关国有企业、各镇（街道））",
    "（责任单位：县智慧城市运营管理服务队伍）",
    "〔责任单位:省发展改革委、省大数据中心按职责分工负责。具体任务均涉及相关市(州)人民政府,不再做分工,下同。〕",
    "责任单位：市商务局、市发改委",
]


@pytest.mark.parametrize("form", KNOWN_FORMS)
def test_strip_removes_every_known_form(form):
    assert strip_annotations(CLAUSE + form) == CLAUSE
    assert strip_annotations(CLAUSE + "\n" + form) == CLAUSE          # an annotation on its own line


def test_compare_cleaning_uses_the_grammar_and_scores_the_same():
    from policydesk.textproc import normalize, strip_annotations as textproc_strip
    assert textproc_strip(CLAUSE + KNOWN_FORMS[6]) == CLAUSE
    plain = normalize(CLAUSE)
    assert {normalize(CLAUSE + f) for f in KNOWN_FORMS} == {plain}
    from policydesk.compare.features import featurize
    feats = featurize([CLAUSE] + [CLAUSE + f for f in KNOWN_FORMS])     # what similarity is computed on
    assert all(w == feats.words[0] for w in feats.words)
    chars = feats.char_counts.toarray()
    assert all((row == chars[0]).all() for row in chars)


def test_parse_annotation_public_api():
    p = parse_annotation("责任单位：市市场监管局牵头，市公安局等按职责分工负责")
    assert [(u.name, u.role) for u in p.units] == [("市市场监管局", "lead"), ("市公安局", "units")]
    assert parse_annotation("负责人") is None


# ---------------------------------------------------------------- headings and document shapes

def _shape(*lines: str):
    return analyze(doc(*lines))


def test_han_carrying_the_plan_as_attachment_under_a_letterhead():
    a = _shape("某某市发展和改革委员会", "某发改函〔2023〕15号", "关于商请会签《某某市促进民营经济发展实施方案》的函",
               "市财政局、市商务局：", "我委起草了《某某市促进民营经济发展实施方案》，现送你们会签。请于5月10日前反馈意见。",
               "附件：某某市促进民营经济发展实施方案", "某某市发展和改革委员会", "2023年5月4日", "附件",
               "某某市促进民营经济发展实施方案", "为促进民营经济发展，制定本方案。", "一、总体要求",
               "（一）指导思想。坚持两个毫不动摇。", "二、重点任务",
               "（一）优化营商环境。持续深化改革。（责任单位：市发展改革委、市市场监管局）")
    assert a.meta.title == "关于商请会签《某某市促进民营经济发展实施方案》的函"
    assert a.meta.doc_number == "某发改函〔2023〕15号" and a.meta.date == "2023-05-04"
    assert a.meta.plan_title == "某某市促进民营经济发展实施方案"
    assert [h.id for h in a.headings] == ["一", "一（一）", "二", "二（一）"]
    assert a.tasks[0].heading == "二（一）"


def test_confirmation_han_with_the_plan_after_the_date_and_no_attachment_line():
    a = _shape("关于请确认某某县推进数字乡村建设工作方案的函", "县财政局：", "现将《某某县推进数字乡村建设工作方案》送你局，请确认。",
               "某某县农业农村局", "2023年4月1日", "某某县推进数字乡村建设工作方案", "一、工作目标",
               "到2025年建成数字乡村。", "二、重点任务", "（一）建设基础设施。（县工信局负责）")
    assert a.meta.plan_title == "某某县推进数字乡村建设工作方案"
    assert [h.id for h in a.headings] == ["一", "二", "二（一）"]
    assert a.paragraphs[2].role.value == "notice_body"


def test_mingdian_letterhead_is_not_part_of_the_title():
    a = _shape("某某市人民政府办公室明电", "关于做好防汛工作的通知", "各区人民政府，市政府各部门：",
               "现就做好防汛工作通知如下：", "一、加强监测预警。（市水务局、市气象局负责）", "某某市人民政府办公室", "2023年6月1日")
    assert a.meta.title == "关于做好防汛工作的通知" and a.meta.issuer == "某某市人民政府办公室"
    assert len(a.tasks) == 1


def test_joint_notice_lists_each_issuer():
    a = _shape("关于印发某某市质量兴农战略实施方案的通知", "某农发〔2020〕18号", "各区县农业农村、发展改革、财政部门：",
               "现将《某某市质量兴农战略实施方案》印发你们，请认真贯彻实施。", "某某市农业农村委员会", "某某市发展和改革委员会",
               "某某市财政局", "2020年11月12日", "某某市质量兴农战略实施方案", "一、总体目标", "到2022年基本建立。")
    assert a.meta.issuers == ["某某市农业农村委员会", "某某市发展和改革委员会", "某某市财政局"]
    assert a.to_json()["meta"]["issuers"] == a.meta.issuers


def test_numbered_attachment_list_is_no_heading():
    a = _shape("关于印发某某县行动方案的通知", "各乡镇人民政府：", "现将《某某县行动方案》印发给你们，请认真贯彻执行。",
               "某某县人民政府办公室", "2022年3月1日", "某某县行动方案", "一、工作目标", "到2025年显著改善。", "二、重点任务",
               "1.推进农村厕所革命。（县农业农村局牵头，各乡镇负责）", "2.加强生活垃圾治理。（县住建局牵头，各乡镇负责）",
               "附件：1.某某县整治任务分解表", "2.某某县整治考核办法")
    assert [h.id for h in a.headings] == ["一", "二", "二1.", "二2."]
    assert [p.role.value for p in a.paragraphs[-2:]] == ["attachment", "attachment"]


def test_number_followed_by_a_digit_is_a_heading_where_the_sequence_says_so():
    a = _shape("某某区2023年重点项目推进方案", "一、人才项目", "10.博士后工作站项目。新建博士后工作站。（区人社局负责）",
               "11.121人才梯队项目。遴选培养人才。（区委组织部负责）", "12.产业工匠项目。培育产业工匠。（区总工会负责）",
               "二、平台项目", "1.5亿元以上项目加快建设。（区发改局负责）", "2.0版平台建设有序推进。")
    assert [h.id for h in a.headings] == ["一", "一10.", "一11.", "一12.", "二"]
    assert a.heading("一11.").title == "121人才梯队项目"


@pytest.mark.parametrize("line,fixed", [("某政发〔2O22〕l5号", "某政发〔2022〕15号"), ("某政办发<2022>8号", "某政办发〔2022〕8号")])
def test_noisy_doc_number_is_repaired_and_reported(line, fixed):
    a = _shape("某某县人民政府", line, "某某县人民政府关于加快推进数字乡村建设的实施意见", "各乡镇人民政府：",
               "一、总体要求", "加快推进。", "某某县人民政府", "2022年6月1日")
    assert a.meta.doc_number == fixed
    w = [w for w in a.warnings if w.kind is WarningKind.DOC_NUMBER]
    assert w and w[0].paragraph == 1 and fixed in w[0].why


def test_half_width_doc_number_brackets_are_normalised_without_warning():
    a = _shape("某某县人民政府办公室", "关于印发某某县行动方案的通知", "某政办发[2022]8号", "各乡镇人民政府：",
               "现将《某某县行动方案》印发给你们。", "某某县人民政府办公室", "2022年3月1日", "某某县行动方案", "一、工作目标")
    assert a.meta.doc_number == "某政办发〔2022〕8号" and not a.warnings


def test_standalone_attachment_line_is_never_glued():
    from policydesk.readers.reflow import LineCue, group_lines
    lines = [LineCue(text="请各单位认真组织实施，确保各项任务按期完成并及时报送工作进展情况和有关材料", full=True, indented=None),
             LineCue(text="附件2", full=False, indented=None),
             LineCue(text="某某县重点任务分解表", full=False, indented=None)]
    assert group_lines(lines) == [[0], [1], [2]]


def test_table_row_is_linked_to_the_body_task_it_details():
    rows = ["序号\t重点任务\t牵头单位\t配合单位",
            "1\t建设统一数据共享平台，实现部门数据共享\t县大数据局\t县发改委",
            "2\t组织开展全民健身运动会\t县体育局\t县教育局"]
    result = analyze(doc("某县实施方案", "一、重点任务",
                         "（一）建设统一数据共享平台。加快建设统一数据共享平台，实现部门数据共享。（县大数据局负责）",
                         "（二）完善标准体系。制定数据标准。（县市场监管局负责）", "附表：重点任务分工表", *rows,
                         kinds={5: "table_row", 6: "table_row", 7: "table_row"}))
    by_form = {t.form.value: [] for t in result.tasks}
    for t in result.tasks:
        by_form[t.form.value].append(t)
    row1, row2 = by_form["table"]
    assert row1.linked_task == by_form["annotation"][0].id
    assert row2.linked_task is None


def test_first_listed_rule_gives_roles_and_a_note():
    a = _shape("某市实施方案", "责任分解中，列第一位的责任单位为牵头单位。", "一、重点任务",
               "（一）推进工作。（市发改委、市财政局负责）", "（二）完善机制。（市商务局负责，市财政局配合）")
    t1, t2 = a.tasks
    assert [u.role for u in t1.unit_details] == [UnitRole.LEAD, UnitRole.SUPPORT] and t1.lead_inferred
    assert any("列第一位" in n for n in t1.notes)
    assert not any("列第一位" in n for n in t2.notes)


def test_units_joined_by_ji_are_split_only_when_both_sides_are_units():
    a = find_annotations("推进工作。（责任单位：省发改委牵头，领导小组成员单位及省地震局配合）")[0]
    assert a.units == ["省发改委", "领导小组成员单位", "省地震局"]
    a = find_annotations("推进工作。（人力资源社会保障部等有关部门和单位负责）")[0]
    assert a.units == ["人力资源社会保障部", "有关部门和单位"]
    a = find_annotations("推进工作。（市发展和改革委员会、市住房和城乡建设局负责）")[0]
    assert a.units == ["市发展和改革委员会", "市住房和城乡建设局"]


def test_notice_whose_issued_document_is_absent_has_no_outline_but_keeps_tasks():
    a = _shape("某县人民政府关于分解落实政府工作报告目标任务的通知", "各乡镇人民政府，县政府各部门：",
               "现将《政府工作报告》2023年6个方面243项工作任务予以分解印发。各责任单位要高度重视。",
               "一、细化任务抓落实。各乡镇各部门要围绕目标任务建立工作台账。（县政府办负责）",
               "二、明确责任抓落实。各牵头单位要切实履行牵头抓总职责。")
    assert a.headings == []
    assert {p.role.value for p in a.paragraphs[3:]} == {"notice_body"}
    assert [t.units for t in a.tasks] == [["县政府办"]]
