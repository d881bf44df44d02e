"""Render corpus documents (tests/data/corpus/) in layouts unlike the customer's fixtures (run once; outputs committed).

The product must read plans it has never seen.  These files carry the *same text* as their clean corpus source but
in other layouts, so ``tests/test_layouts.py`` can check that the analysis of each file agrees with the analysis of
the source text.  Layouts:

* ``a`` – GB/T 9704-like but not the fixture's: left-aligned (not justified), 28 pt exact line spacing, other
  margins, 文号 above the title, a running header on every page, page numbers "- 3 -" centred in the footer,
  黑体/楷体 only on the heading's own words; DOCX → PDF with LibreOffice.
* ``b`` – gov.cn style: no first-line indent, paragraphs separated by spacing, justified, level-1/2 headings in
  bold 黑体 on their own lines with the body in the next paragraph; DOCX → PDF.
* ``c`` – a DOCX as a Word user writes it: Heading 1/Heading 2 styles for 一、/（一） (title only, body in the next
  paragraph); ``c_table``: annotations moved out of the text into a 重点任务分工表 (序号|任务|牵头单位|配合单位|完成时限).
* ``f`` – a DOCX whose heading numbers are Word's automatic list numbering (一、 / （一） / 1. from numbering.xml,
  not typed): the reader must render them as the author sees them.
* ``e`` – layout ``a`` with 文号 and 签发人 on one line (上行文 版头) and every end-of-paragraph annotation set on a
  line of its own in 楷体 (as many county offices do); DOCX → PDF.
* ``j`` – the ``c_table`` document as a PDF (a 分工 table drawn in a PDF).
* ``h`` – text saved from a web page: UTF-16 with BOM, one paragraph per line indented by two full-width
  spaces, blank lines between paragraphs.
* ``d`` – text copied from a PDF: GBK, CRLF, hard-wrapped at 30 characters (first lines indented by two
  full-width spaces, no line starting with closing punctuation), page numbers "第 3 页 共 14 页" between lines.

    .venv/bin/python tests/data/layouts/make_layouts.py      (needs LibreOffice: soffice)

The source is classified with plain regexes (title, 文号, 主送, headings, signature, date, notes) — on purpose not
with policydesk's own analysis, which is what the tests check.  Only ``c_table``/``j`` and ``e`` ask the analysis of
the clean source which bracketed groups are annotations (to move them into the table / onto a line of their own).
Fonts: Noto Serif/Sans CJK SC and AR PL UKai stand in for 仿宋/黑体/楷体 (no hung punctuation in justified text:
LibreOffice's PDF export drops a hung 、).  Outputs: PDF/DOCX/TXT next to this script, about 1.9 MB in all.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_SECTION  # noqa: F401  (kept for readers of this script)
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"

SERIF = "Noto Serif CJK SC"      # stands in for 仿宋_GB2312 / 方正小标宋 (installed on the build machine)
SANS = "Noto Sans CJK SC"        # 黑体
KAI = "AR PL UKai CN"            # 楷体

# (output name, source path under tests/data/corpus, layout, running header or None)
JOBS = [
    ("a_tongzhengfa-2021-23.pdf", "nantong/tongzhengfa-2021-23.txt", "a", "南通市人民政府文件"),
    ("a_zhejiang-laonianren-2020.pdf", "law_pairs/local_zhejiangsheng_shishi_laonianrenquanyibaozhangfa_2020.txt",
     "a", "浙江省人民代表大会常务委员会公告"),
    ("b_guofa-2019-3.pdf", "guofa-2019-3_cujinzonghebaoshuiqugaoshuipingkaifangga.txt", "b", None),
    ("b_guofa-2018-38.pdf", "guofa-2018-38_zhichiziyoumaoyishiyanqushenhuagaigechua.txt", "b", None),
    ("c_guofa-2018-42.docx", "library/guofa-2018-42_jiakuaituijinnongyejixiehuahenongjizhuan.txt", "c", None),
    ("c_table_guobanfa-2018-121.docx", "library/guobanfa-2018-121_jiakuaifazhantiyujingsaibiaoyanchanyedez.txt",
     "c_table", None),
    ("e_guofa-2018-42.pdf", "library/guofa-2018-42_jiakuaituijinnongyejixiehuahenongjizhuan.txt", "e",
     "国务院文件"),
    ("j_table_guobanfa-2018-121.pdf", "library/guobanfa-2018-121_jiakuaifazhantiyujingsaibiaoyanchanyedez.txt",
     "c_table", None),
    ("h_guobanfa-2018-121.txt", "library/guobanfa-2018-121_jiakuaifazhantiyujingsaibiaoyanchanyedez.txt", "h", None),
    ("f_guofa-2019-3.docx", "guofa-2019-3_cujinzonghebaoshuiqugaoshuipingkaifangga.txt", "f", None),
    ("d_guofa-2018-38.txt", "guofa-2018-38_zhichiziyoumaoyishiyanqushenhuagaigechua.txt", "d", None),
    ("d_tongzhengfa-2021-23.txt", "nantong/tongzhengfa-2021-23.txt", "d", None),
]

# ---------------------------------------------------------------------------------------------- source classes

_CN = "一二三四五六七八九十百零〇"
_H = [
    ("h1", re.compile(rf"^[{_CN}]+、")),
    ("h2", re.compile(rf"^（[{_CN}]+）")),
    ("h3", re.compile(r"^\d{1,2}[.．](?!\d)")),
    ("h4", re.compile(r"^（\d{1,2}）")),
    ("chapter", re.compile(rf"^第[{_CN}]+章")),
    ("section", re.compile(rf"^第[{_CN}]+节")),
    ("article", re.compile(rf"^第[{_CN}]+条")),
]
_DOCNUM = re.compile(r"^[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号$")
_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_NOTE = re.compile(r"^（此件.*）$")
_REVISION = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日\s")


@dataclass
class Para:
    kind: str          # title docnum recipients h1..h4 chapter section article revision sign date note plan_title body
    text: str


def classify(lines: list[str]) -> list[Para]:
    out: list[Para] = []
    for i, t in enumerate(lines):
        kind = "body"
        if i == 0:
            kind = "title"
        elif _DOCNUM.match(t):
            kind = "docnum"
        elif _REVISION.match(t):
            kind = "revision"
        elif _DATE.match(t):
            kind = "date"
            if out and len(out[-1].text) <= 20 and not re.search(r"[。；：，]", out[-1].text):
                out[-1].kind = "sign"
        elif _NOTE.match(t):
            kind = "note"
        elif t.endswith("：") and out and out[-1].kind in ("docnum", "title") and len(t) < 120:
            kind = "recipients"
        else:
            for k, rx in _H:
                if rx.match(t):
                    kind = k
                    break
            else:
                prev = out[-1].kind if out else ""
                if prev in ("note", "date", "plan_title") and len(t) <= 40 and not re.search(r"[。；：，]", t):
                    kind = "plan_title"
                elif prev == "title" and len(t) <= 40 and not re.search(r"[。；：，]", t):
                    kind = "title"
        out.append(Para(kind, t))
    return out


def read_source(rel: str) -> list[Para]:
    text = (CORPUS / rel).read_text(encoding="utf-8")
    return classify([ln.strip() for ln in text.splitlines() if ln.strip()])


def split_heading(text: str) -> tuple[str, str]:
    """"（一）指导思想。以习近平…" → ("（一）指导思想。", "以习近平…"); no split when nothing follows."""
    m = re.search(r"[。]", text)
    if not m or m.end() >= len(text) or m.end() > 45:
        return text, ""
    return text[: m.end()], text[m.end():]


# ---------------------------------------------------------------------------------------------- DOCX helpers


def set_run_font(run, east: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = east
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), east)
    if color is not None:
        run.font.color.rgb = color


def add_par(doc, text: str, font: str, size: float, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            indent_chars: float = 0.0, line_pt: float | None = None, before: float = 0, after: float = 0,
            style: str | None = None, right_indent_chars: float = 0.0, color: RGBColor | None = None):
    p = doc.add_paragraph(style=style) if style else doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Pt(indent_chars * size) if indent_chars else Pt(0)
    fmt.right_indent = Pt(right_indent_chars * size) if right_indent_chars else None
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line_pt is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line_pt)
    # no hanging punctuation: LibreOffice's PDF export drops a 、/，/。 hung past the right margin
    overflow = OxmlElement("w:overflowPunct")
    overflow.set(qn("w:val"), "0")
    p._p.get_or_add_pPr().insert_element_before(
        overflow, "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
        "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
        "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
        "w:rPr", "w:sectPr", "w:pPrChange")
    set_run_font(p.add_run(text), font, size, bold, color)
    return p


def base_doc() -> object:
    """A new DOCX whose default fonts are explicit (no theme fonts LibreOffice would resolve to some other CJK font)."""
    doc = new_docx()
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), SERIF)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:eastAsia"), "zh-CN")
    return doc


def add_run(paragraph, text: str, font: str, size: float, bold: bool = False) -> None:
    if text:
        set_run_font(paragraph.add_run(text), font, size, bold)


def add_page_field(paragraph, font: str, size: float) -> None:
    """"- N -" with a PAGE field."""
    set_run_font(paragraph.add_run("- "), font, size)
    run = paragraph.add_run()
    set_run_font(run, font, size)
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "separate")):
        el = OxmlElement(tag)
        if attr:
            el.set(qn("w:fldCharType"), attr)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        run._r.append(el)
    t = OxmlElement("w:t")
    t.text = "1"
    run._r.append(t)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)
    set_run_font(paragraph.add_run(" -"), font, size)


def page_setup(doc, top: float, bottom: float, left: float, right: float, header: str | None,
               page_numbers: bool) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(top), Cm(bottom)
    sec.left_margin, sec.right_margin = Cm(left), Cm(right)
    sec.header_distance, sec.footer_distance = Cm(1.2), Cm(1.3)
    if header:
        hp = sec.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(hp.add_run(header), SERIF, 10.5, color=RGBColor(0xC0, 0, 0))
    if page_numbers:
        fp = sec.footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_page_field(fp, SERIF, 12)


# ---------------------------------------------------------------------------------------------- layout a


def layout_a(paras: list[Para], header: str | None) -> object:
    """GB/T 9704-like: 仿宋 16 pt, 28 pt exact leading, 2-character indent; 文号 above the title."""
    doc = base_doc()
    page_setup(doc, top=3.0, bottom=2.8, left=2.6, right=2.58, header=header, page_numbers=True)
    # 左对齐 (WPS's other common setting): a full line may end up to a character short of the margin where a
    # closing mark may not start the next line.  (Justified text also loses hung 、 in LibreOffice's PDF export.)
    left = WD_ALIGN_PARAGRAPH.LEFT
    body = dict(font=SERIF, size=16, line_pt=28, align=left)
    order = list(paras)
    # GB/T 9704: the 文号 stands above the title
    dn = next((i for i, p in enumerate(order) if p.kind == "docnum"), None)
    if dn is not None:
        order.insert(0, order.pop(dn))
    for p in order:
        k, t = p.kind, p.text
        if k == "docnum":
            add_par(doc, t, SERIF, 16, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=28, after=16)
        elif k in ("title", "plan_title"):
            add_par(doc, t, SERIF, 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=34,
                    before=6 if k == "plan_title" else 0)
        elif k == "recipients":
            add_par(doc, t, before=14, **body)
        elif k in ("h1", "chapter"):
            align = WD_ALIGN_PARAGRAPH.CENTER if k == "chapter" else left
            head, rest = split_heading(t)
            par = add_par(doc, head, SANS, 16, align=align, indent_chars=0 if k == "chapter" else 2, line_pt=28)
            add_run(par, rest, SERIF, 16)
        elif k in ("h2", "section"):
            head, rest = split_heading(t)       # 楷体 for the heading's own words, the body goes on in 仿宋
            add_run(add_par(doc, head, KAI, 16, indent_chars=2, line_pt=28, align=left), rest, SERIF, 16)
        elif k == "sign":
            add_par(doc, t, SERIF, 16, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_chars=4, line_pt=28, before=28)
        elif k == "date":
            add_par(doc, t, SERIF, 16, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_chars=4, line_pt=28)
        elif k == "revision":
            add_par(doc, t, KAI, 14, indent_chars=2, line_pt=24, align=left)
        else:   # body, h3, h4, article, note
            add_par(doc, t, indent_chars=2, **body)
    return doc


# ---------------------------------------------------------------------------------------------- layout e


def layout_e(paras: list[Para], header: str | None, split: dict[int, str]) -> object:
    """Layout a, 上行文-style 文号/签发人 line, annotations on lines of their own in 楷体."""
    doc = base_doc()
    page_setup(doc, top=3.7, bottom=3.5, left=2.8, right=2.6, header=header, page_numbers=True)
    for idx, p in enumerate(paras):
        k, t = p.kind, p.text
        if k == "docnum":
            add_par(doc, f"{t}\u3000\u3000\u3000\u3000\u3000\u3000\u3000签发人：张三", SERIF, 16, line_pt=29, after=16,
                    align=WD_ALIGN_PARAGRAPH.LEFT)
        elif k in ("title", "plan_title"):
            add_par(doc, t, SERIF, 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=36)
        elif k == "recipients":
            add_par(doc, t, SERIF, 16, line_pt=29, before=14)
        elif k in ("sign", "date"):
            add_par(doc, t, SERIF, 16, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_chars=2, line_pt=29,
                    before=29 if k == "sign" else 0)
        else:
            ann = split.get(idx)
            body = t[: len(t) - len(ann)] if ann else t
            font = SANS if k == "h1" else KAI if k == "h2" else SERIF
            head, rest = split_heading(body) if k in ("h1", "h2") else (body, "")
            add_run(add_par(doc, head, font, 16, indent_chars=2, line_pt=29), rest, SERIF, 16)
            if ann:
                add_par(doc, ann, KAI, 16, indent_chars=2, line_pt=29)
    return doc


def end_annotations(rel: str, paras: list[Para]) -> dict[int, str]:
    """Source line → the annotation ending it (the analysis of the clean source says which groups are annotations)."""
    sys.path.insert(0, str(HERE.parents[2] / "src"))
    from policydesk.api import analyze_path
    out: dict[int, str] = {}
    for t in analyze_path(CORPUS / rel)["tasks"]:
        line = paras[t["paragraph"]].text
        if line.endswith(t["annotation"]) and len(line) > len(t["annotation"]):
            out[t["paragraph"]] = t["annotation"]
    return out


# ---------------------------------------------------------------------------------------------- layout b


def layout_b(paras: list[Para]) -> object:
    """gov.cn style: no indent, spacing between paragraphs, bold 黑体 headings on their own lines."""
    doc = base_doc()
    page_setup(doc, top=2.2, bottom=2.2, left=2.8, right=2.8, header=None, page_numbers=True)
    for p in paras:
        k, t = p.kind, p.text
        if k in ("title", "plan_title"):
            add_par(doc, t, SANS, 18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
        elif k == "docnum":
            add_par(doc, t, SERIF, 12, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
        elif k in ("h1", "h2"):
            head, rest = split_heading(t)
            add_par(doc, head, SANS, 12, bold=True, before=6, after=9)
            if rest:
                add_par(doc, rest, SERIF, 12, after=9)
        elif k in ("sign", "date"):
            add_par(doc, t, SERIF, 12, align=WD_ALIGN_PARAGRAPH.RIGHT)
        else:
            add_par(doc, t, SERIF, 12, after=9)
    return doc


# ---------------------------------------------------------------------------------------------- layout c


def layout_c(paras: list[Para], table_rows: list[list[str]] | None = None,
             strip: dict[int, list[str]] | None = None) -> object:
    """Word user: Heading 1/2 styles (title only), body in Normal paragraphs; optional 分工 table."""
    doc = base_doc()
    page_setup(doc, top=2.54, bottom=2.54, left=3.17, right=3.17, header=None, page_numbers=False)
    for style, font in (("Heading 1", SANS), ("Heading 2", SANS), ("Title", SANS)):
        st = doc.styles[style]
        st.font.color.rgb = RGBColor(0, 0, 0)
        rpr = st.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        fonts.set(qn("w:eastAsia"), font)
    for idx, p in enumerate(paras):
        k, t = p.kind, p.text
        for raw in (strip or {}).get(idx, []):
            t = t.replace(raw, "", 1)
        if k in ("title", "plan_title"):
            add_par(doc, t, SANS, 20, align=WD_ALIGN_PARAGRAPH.CENTER, style="Title")
        elif k in ("h1", "h2"):
            head, rest = split_heading(t)
            add_par(doc, head.rstrip("。"), SANS, 15 if k == "h1" else 14,
                    style="Heading 1" if k == "h1" else "Heading 2", bold=True)
            if rest:
                add_par(doc, rest, SERIF, 12, indent_chars=2)
        elif k == "docnum":
            add_par(doc, t, SERIF, 12, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif k in ("sign", "date"):
            add_par(doc, t, SERIF, 12, align=WD_ALIGN_PARAGRAPH.RIGHT)
        else:
            add_par(doc, t, SERIF, 12, indent_chars=2)
    if table_rows:
        add_par(doc, "附件", SANS, 14)
        add_par(doc, "重点任务分工表", SANS, 16, align=WD_ALIGN_PARAGRAPH.CENTER)
        table = doc.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, head in zip(table.rows[0].cells, ("序号", "任务", "牵头单位", "配合单位", "完成时限")):
            cell.text = head
        for row in table_rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row):
                cell.text = value
    return doc


_NUM_LEVELS = {"h1": (0, "chineseCounting", "%1、"), "h2": (1, "chineseCounting", "（%2）"), "h3": (2, "decimal", "%3.")}


def layout_f(paras: list[Para]) -> object:
    """Heading numbers as Word list numbering: the typed number is removed, numPr set on the paragraph."""
    doc = base_doc()
    page_setup(doc, top=2.54, bottom=2.54, left=3.17, right=3.17, header=None, page_numbers=False)
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, fmt, text in _NUM_LEVELS.values():
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        # 1. counts on through （一）（二） as in 国发〔2019〕3号 (w:lvlRestart 0), the others restart as usual
        for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlRestart", "0" if ilvl == 2 else None),
                         ("w:lvlText", text)):
            if val is None:
                continue
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    for p in paras:
        k, t = p.kind, p.text
        if k in _NUM_LEVELS:
            m = next(rx.match(t) for kk, rx in _H if kk == k)
            par = add_par(doc, t[m.end():], SERIF, 12, indent_chars=2)
            num_pr = par._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = _NUM_LEVELS[k][0]
            num_pr.get_or_add_numId().val = 90
        elif k in ("title", "plan_title"):
            add_par(doc, t, SANS, 18, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif k in ("docnum",):
            add_par(doc, t, SERIF, 12, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif k in ("sign", "date"):
            add_par(doc, t, SERIF, 12, align=WD_ALIGN_PARAGRAPH.RIGHT)
        else:
            add_par(doc, t, SERIF, 12, indent_chars=2)
    return doc


def annotation_table(rel: str, paras: list[Para]) -> tuple[list[list[str]], dict[int, list[str]]]:
    """Rows of a 分工 table from the source's annotations, and the annotation texts to strip per source line."""
    sys.path.insert(0, str(HERE.parents[2] / "src"))
    from policydesk.api import analyze_path
    result = analyze_path(CORPUS / rel)
    texts = [p.text for p in paras]
    strip: dict[int, list[str]] = {}
    rows: list[list[str]] = []
    deadlines = ["2019年底前", "持续推进", "2020年底前"]
    for n, t in enumerate(result["tasks"], 1):
        line = t["paragraph"]          # the clean source has one paragraph per line
        assert t["annotation"] in texts[line], (line, t["annotation"])
        strip.setdefault(line, []).append(t["annotation"])
        lead = t["units"][:1] if t["lead_inferred"] else [u for u in t["units"] if u in t["lead"]]
        rest = [u for u in t["units"] if u not in lead]
        rows.append([str(n), t["title"] or "", "、".join(lead), "、".join(rest), deadlines[n % 3]])
    return rows, strip


# ---------------------------------------------------------------------------------------------- layout d

WRAP = 30
LINES_PER_PAGE = 24
_NO_LINE_START = set("，。、；：？！）〕】》”’")


def _wrap(text: str, first_indent: bool) -> list[str]:
    lines: list[str] = []
    cur = "\u3000\u3000" if first_indent else ""
    for ch in text:
        if len(cur) >= WRAP and ch not in _NO_LINE_START:
            lines.append(cur)
            cur = ""
        cur += ch
    if cur:
        lines.append(cur)
    return lines


def layout_d(paras: list[Para], indent: bool = True) -> bytes:
    """``indent`` False: the copy lost the first-line indents too (only line widths and numbers tell paragraphs)."""
    out: list[str] = []
    for p in paras:
        k, t = p.kind, p.text
        if k in ("title", "plan_title", "docnum"):
            # centred: a long title is set on two balanced lines, each centred with spaces
            parts = [t] if len(t) <= WRAP - 6 else [t[: (len(t) + 1) // 2], t[(len(t) + 1) // 2:]]
            out += [" " * max(0, (WRAP - len(x))) + x for x in parts]
        elif k in ("sign", "date"):
            out.append("\u3000" * max(0, WRAP - len(t) - 4) + t)
        elif k == "recipients":
            out += _wrap(t, first_indent=False)
        else:
            out += _wrap(t, first_indent=indent)
    pages = (len(out) + LINES_PER_PAGE - 1) // LINES_PER_PAGE
    final: list[str] = []
    for i in range(pages):
        final += out[i * LINES_PER_PAGE:(i + 1) * LINES_PER_PAGE]
        final += ["", f"第 {i + 1} 页 共 {pages} 页", ""]
    text = "\r\n".join(final) + "\r\n"
    try:
        return text.encode("gbk")
    except UnicodeEncodeError:
        return text.encode("gb18030")


def layout_h(paras: list[Para]) -> bytes:
    lines = []
    for p in paras:
        centred = p.kind in ("title", "plan_title", "docnum", "sign", "date")
        lines.append(("" if centred or p.kind == "recipients" else "\u3000\u3000") + p.text)
    return "\ufeff".encode("utf-16-le") + ("\n\n".join(lines) + "\n").encode("utf-16-le")


# ---------------------------------------------------------------------------------------------- main


def to_pdf(docx_paths: list[Path], outdir: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed to render the PDFs")
    profile = Path(tempfile.mkdtemp(prefix="lo_layouts_"))
    try:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), *map(str, docx_paths)], check=True, capture_output=True,
                       timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="layouts_"))
    pending: list[tuple[Path, str]] = []
    for name, rel, layout, header in JOBS:
        paras = read_source(rel)
        target = HERE / name
        if layout == "d":
            target.write_bytes(layout_d(paras))
        elif layout == "h":
            target.write_bytes(layout_h(paras))
        elif layout == "f":
            layout_f(paras).save(target)
        elif layout in ("c", "c_table") and target.suffix == ".docx":
            rows, strip = annotation_table(rel, paras) if layout == "c_table" else (None, None)
            layout_c(paras, rows, strip).save(target)
        else:
            if layout == "c_table":
                doc = layout_c(paras, *annotation_table(rel, paras))
            elif layout == "e":
                doc = layout_e(paras, header, end_annotations(rel, paras))
            else:
                doc = layout_a(paras, header) if layout == "a" else layout_b(paras)
            tmp = work / (Path(name).stem + ".docx")
            doc.save(tmp)
            pending.append((tmp, name))
    if pending:
        to_pdf([p for p, _ in pending], work)
        for tmp, name in pending:
            shutil.move(str(work / (tmp.stem + ".pdf")), HERE / name)
    shutil.rmtree(work, ignore_errors=True)
    total = sum(f.stat().st_size for f in HERE.iterdir() if f.name != Path(__file__).name)
    print(f"wrote {len(JOBS)} files, {total / 1024:.0f} KB")


if __name__ == "__main__":
    main()
