"""DOCX reader: the fixture gives the plan's paragraphs; tables become rows in body order; heading styles
and heading fonts give hints; broken files are clear exit-3 errors."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH

from policydesk.errors import InputError
from policydesk.readers import ReadOptions, read_document
from policydesk.readers import docx as docx_reader
from readers_expect import DATA, annotation_paragraphs, expected_paragraphs, squash

FIXTURE = DATA / "docx" / "tongzhengfa-2021-23.docx"


def test_fixture_paragraphs_match_corpus_text():
    doc = read_document(FIXTURE, ReadOptions(ocr=False))
    texts = [squash(p.text) for p in doc.paragraphs]
    assert texts == expected_paragraphs()
    assert len(annotation_paragraphs(texts)) == 20
    paras = doc.paragraphs
    # the two-line title (soft line break) is one paragraph joined without a space
    assert paras[0].text == "市政府印发关于推进全市经济开发区创新提升打造改革开放新高地的实施方案的通知"
    assert paras[0].align == "center" and paras[0].size == 22
    assert [p.align for p in paras if p.text in ("南通市人民政府", "2021年6月3日")] == ["right", "right"]
    hints = {p.text[:6]: p.heading_hint for p in paras}
    assert hints["一、总体要求"] == 1 and hints["（一）优化提"] == 2 and hints["以习近平新时"] is None
    assert all(p.page is None and p.kind == "text" for p in paras)


def _build(tmp_path):
    d = docx.Document()
    d.add_heading("第一部分 总体要求", level=1)
    d.add_paragraph("")                                    # empty: skipped
    d.add_paragraph("正文第一段。")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(0, 2).text = "序号", "任务", "责任单位"
    t.cell(1, 0).text, t.cell(1, 1).text, t.cell(1, 2).text = "1", "优化营商环境", "市发改委"
    merged = t.cell(2, 1).merge(t.cell(2, 2))
    t.cell(2, 0).text = "2"
    merged.text = "合并单元格"
    style = d.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    p = d.add_paragraph("1.深化改革", style=style)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_heading("附件", level=2)
    bold = d.add_paragraph()
    bold.add_run("（一）加强组织领导。").bold = True
    bold.add_run("各地要高度重视。")
    path = tmp_path / "built.docx"
    d.save(path)
    return path


def test_tables_headings_and_order(tmp_path):
    doc = read_document(_build(tmp_path), ReadOptions(ocr=False))
    got = [(p.kind, p.text, p.heading_hint) for p in doc.paragraphs]
    assert got == [
        ("text", "第一部分 总体要求", 1),
        ("text", "正文第一段。", None),
        ("table_row", "序号\t任务\t责任单位", None),
        ("table_row", "1\t优化营商环境\t市发改委", None),
        ("table_row", "2\t合并单元格", None),
        ("text", "1.深化改革", 3),
        ("text", "附件", 2),
        ("text", "（一）加强组织领导。各地要高度重视。", 2),
    ]
    assert doc.paragraphs[0].style == "Heading 1"
    assert doc.paragraphs[5].align == "center"


def test_not_a_zip_is_an_input_error(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(InputError) as ei:
        docx_reader.read(path, ReadOptions())
    assert ei.value.exit_code == 3 and "fake.docx" in str(ei.value)


def test_zip_without_document_xml(tmp_path):
    path = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/styles.xml", "<w:styles/>")
    with pytest.raises(InputError) as ei:
        docx_reader.read(path, ReadOptions())
    assert "nodoc.docx" in str(ei.value)


def test_bad_xml_inside_a_real_docx(tmp_path):
    good = _build(tmp_path)
    bad = tmp_path / "badxml.docx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]              # cut in the middle of an element
            zout.writestr(item, data)
    with pytest.raises(InputError) as ei:
        docx_reader.read(bad, ReadOptions())
    assert "badxml.docx" in str(ei.value) and "损坏" in str(ei.value)


def test_automatic_list_numbers_are_part_of_the_text(tmp_path):
    from docx.oxml import parse_xml
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{w}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, level in [("总体要求", 0), ("优化提升", 1), ("创新投资", 1), ("细则", 2), ("扩大开放", 0), ("再一个", 1)]:
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{w}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    d.add_paragraph("普通段落")
    path = tmp_path / "numbered.docx"
    d.save(path)
    assert [p.text for p in read_document(path, ReadOptions(ocr=False)).paragraphs] == [
        "一、总体要求", "（一）优化提升", "（二）创新投资", "1.细则", "二、扩大开放", "（一）再一个", "普通段落"]
