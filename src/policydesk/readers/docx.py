"""DOCX reader (python-docx): body paragraphs and table rows in document order.

* Paragraphs keep their style name, alignment, boldness and size; empty paragraphs are skipped; a
  soft line break inside a paragraph (a title set on two lines) is joined without a space.
* Tables: one :class:`Paragraph` per row, ``kind="table_row"``, cells joined by TAB (a merged cell once).
* ``heading_hint``: from a heading style (Heading 1–4 / 标题 1–4), else from typography — a numbered
  paragraph (一、/（一）/1./（1）) whose first run is set in a heading font (黑体/楷体/bold) different
  from the body font.
* The container is checked first (:func:`.safety.check_docx_container`: zip bombs, non-Word zips,
  DTDs); every python-docx/lxml failure becomes an :class:`InputError` with a Chinese message.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from ..fileio import sha256_file
from ..model import Document, Line, Paragraph, SourceInfo
from . import reflow, safety
from .base import ReadOptions

FORMAT = "docx"

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(path: Path, opts: ReadOptions) -> Document:
    safety.check_docx_container(path)
    opts.report(0, 1, "正在读取 Word 文档")
    doc = _open(path)
    try:
        body_font = _style_east_asia_font(doc.styles["Normal"]) if "Normal" in [s.name for s in doc.styles] else None
        paragraphs = list(_body_paragraphs(doc, body_font))
    except InputError:
        raise
    except Exception as e:  # malformed XML inside a well-formed zip (python-docx raises many types)
        raise _damaged(path) from e
    opts.report(1, 1, "读取完成")
    if not paragraphs:
        raise InputError(f"Word 文档中没有文字：{path}。请确认选对了文件。", path=str(path))
    source = SourceInfo(path=str(path), sha256=sha256_file(path), format=FORMAT)
    if doc.part.content_type in _MACRO_TYPES:
        source.warnings.append("这是启用宏的 Word 文件，只读取了其中的文字，宏不会运行。")
    alt_chunks = sum(1 for _ in doc.element.body.iter(_W + "altChunk"))
    if alt_chunks:
        source.warnings.append(f"文件中有 {alt_chunks} 处嵌入的外部内容（altChunk，如粘贴进来的网页或其他文档），"
                               f"未能读取，请对照原件核对；在 Word/WPS 中另存为 .docx 可把它转为正文。")
    return Document(source, paragraphs)


# main-part content types of Word files other than .docx: read like it (python-docx never runs anything; a
# macro project is an inert part)
_MACRO_TYPES = ("application/vnd.ms-word.document.macroEnabled.main+xml",
                "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")
_WORD_MAIN_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml") + _MACRO_TYPES


def _open_word_package(path: Path) -> Any:
    """``docx.Document`` that also accepts .docm/.dotx/.dotm main parts."""
    from docx.opc.part import PartFactory
    from docx.package import Package
    from docx.parts.document import DocumentPart
    for ct in _WORD_MAIN_TYPES:
        PartFactory.part_type_for.setdefault(ct, DocumentPart)
    part = Package.open(str(path)).main_document_part
    if part.content_type not in _WORD_MAIN_TYPES:
        raise ValueError(f"not a Word file, content type is {part.content_type!r}")
    return part.document


def _damaged(path: Path) -> InputError:
    return InputError(f"Word 文件已损坏，无法打开：{path}。请在 Word/WPS 中打开并另存为 .docx 后重试。", path=str(path))


def _open(path: Path) -> Any:
    from docx.opc.exceptions import PackageNotFoundError
    try:
        return _open_word_package(path)
    except PackageNotFoundError as e:
        raise InputError(f"不是有效的 Word（.docx）文件：{path}。旧版 .doc 文件请先在 Word/WPS 中另存为 .docx。",
                         path=str(path)) from e
    except (zipfile.BadZipFile, KeyError) as e:
        raise _damaged(path) from e
    except ValueError as e:
        # python-docx: "file '…' is not a Word file, content type is …"
        raise InputError(f"这不是 Word 文档（可能是其他 Office 文件）：{path}。请选择 PDF、DOCX 或 TXT 文件。",
                         path=str(path)) from e
    except Exception as e:  # lxml XMLSyntaxError and friends
        raise _damaged(path) from e


def _body_paragraphs(doc: Any, body_font: str | None) -> Iterator[Paragraph]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph
    numbering = _Numbering(doc)
    for el in _block_elements(doc.element.body):
        if el.tag == _W + "p":
            docx_par = DocxParagraph(el, doc)
            label = numbering.label(docx_par)
            para = _paragraph(docx_par, body_font, label)
            if para is not None:
                yield para
        elif el.tag == _W + "tbl":
            yield from _table_rows(Table(el, doc))


def _block_elements(parent: Any) -> Iterator[Any]:
    """w:p and w:tbl in document order, looking through content controls (w:sdt) and custom XML."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag in (_W + "p", _W + "tbl"):
            yield child
        elif tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if tag == _W + "sdt" else child
            if content is not None:
                yield from _block_elements(content)


def _paragraph(p: Any, body_font: str | None, label: str = "") -> Paragraph | None:
    raw = p.text
    text = reflow.join_line_texts(raw.replace("\r", "\n").split("\n"), clean=False)
    if not text:
        return None
    if label:                      # Word's automatic numbering ("一、", "（一）", "1.") is part of what the reader sees
        text = label + text
        raw = label + raw
    style = p.style
    style_name = style.name if style is not None else None
    runs = [r for r in p.runs if r.text.strip()]
    bold_chars = sum(len(r.text) for r in runs if _run_bold(r, style))
    first = runs[0] if runs else None
    size = _run_size(first, style) if first is not None else None
    hint = _style_heading_level(style)
    if hint is None and first is not None:
        numbered, level = reflow.numbering_level(text)
        if numbered and level is not None:
            font = _run_east_asia_font(first) or _style_east_asia_font(style)
            if (font and font != body_font and reflow.heading_font(font)) or _run_bold(first, style):
                hint = level
    return Paragraph(
        text=text, kind="text", style=style_name, heading_hint=hint, align=_alignment(p, style),
        bold=bool(runs) and bold_chars * 2 > sum(len(r.text) for r in runs), size=size,
        lines=[Line(text=s, size=size, font=_run_east_asia_font(first) if first is not None else None)
               for s in (reflow.collapse_spaces(x) for x in raw.split("\n")) if s],
    )


def _table_rows(table: Any) -> Iterator[Paragraph]:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            key = id(cell._tc)
            if key in seen:        # a horizontally merged cell is returned once per grid column
                continue
            seen.add(key)
            # paragraphs of one cell stay apart ("\n"): two units in a cell must never be glued together
            cells.append("\n".join(x for x in (reflow.join_line_texts([t], clean=False) for t in cell.text.split("\n")) if x))
        if any(cells):
            yield Paragraph(text="\t".join(cells), kind="table_row", lines=[Line(text="\t".join(cells))])


def _style_heading_level(style: Any) -> int | None:
    s = style
    while s is not None:
        m = _HEADING_STYLE.match((s.name or "").strip())
        if m:
            return min(max(int(m.group(1)), 1), 4)
        s = s.base_style
    return None


def _alignment(p: Any, style: Any) -> str | None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A
    al = p.alignment
    s = style
    while al is None and s is not None:
        al = s.paragraph_format.alignment
        s = s.base_style
    if al == A.CENTER:
        return "center"
    if al == A.RIGHT:
        return "right"
    return "left"


def _run_bold(run: Any, style: Any) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    s = style
    while s is not None:
        if s.font.bold is not None:
            return bool(s.font.bold)
        s = s.base_style
    return False


def _run_size(run: Any, style: Any) -> float | None:
    if run.font.size is not None:
        return run.font.size.pt
    s = style
    while s is not None:
        if s.font.size is not None:
            return s.font.size.pt
        s = s.base_style
    return None


def _east_asia(rpr: Any) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(_W + "rFonts")
    if fonts is None:
        return None
    return fonts.get(_W + "eastAsia") or fonts.get(_W + "ascii")


def _run_east_asia_font(run: Any) -> str | None:
    return _east_asia(run._r.rPr)


def _style_east_asia_font(style: Any) -> str | None:
    s = style
    while s is not None:
        f = _east_asia(s.element.rPr)
        if f:
            return f
        s = s.base_style
    return None


# ---------------------------------------------------------------------------------------------- list numbering

_CN_DIGITS = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese_number(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _format_number(n: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalZero"):
        return f"{n:02d}" if fmt == "decimalZero" else str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"):
        return _chinese_number(n)
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("bullet", "none"):
        return None
    return str(n)


class _Numbering:
    """Renders Word's automatic list numbers (numbering.xml) as the text the author sees."""

    def __init__(self, doc: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}   # numId -> ilvl -> (fmt, lvlText, start)
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}                  # abstractNumId -> ilvl -> current value
        self.never_restart: dict[str, set[int]] = {}                   # abstractNumId -> levels with lvlRestart 0
        try:
            root = doc.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.findall(_W + "abstractNum"):
            abstract[an.get(_W + "abstractNumId")] = self._read_levels(an)
            # w:lvlRestart 0: the level counts on through higher levels (1., 2. under （一）, then 3. under （二）)
            self.never_restart[an.get(_W + "abstractNumId")] = {
                int(lvl.get(_W + "ilvl", "0")) for lvl in an.findall(_W + "lvl")
                if lvl.find(_W + "lvlRestart") is not None and lvl.find(_W + "lvlRestart").get(_W + "val") == "0"
                and (lvl.get(_W + "ilvl", "0") or "0").isdigit()}
        for num in root.findall(_W + "num"):
            num_id = num.get(_W + "numId")
            ref = num.find(_W + "abstractNumId")
            if num_id is None or ref is None:
                continue
            aid = ref.get(_W + "val")
            levels = dict(abstract.get(aid, {}))
            for ov in num.findall(_W + "lvlOverride"):
                lvl = ov.find(_W + "lvl")
                if lvl is not None:
                    levels.update(self._read_levels_from([lvl]))
            self.levels[num_id] = levels
            self.abstract_of[num_id] = aid

    def _read_levels(self, an: Any) -> dict[int, tuple[str, str, int]]:
        return self._read_levels_from(an.findall(_W + "lvl"))

    @staticmethod
    def _read_levels_from(lvls: list[Any]) -> dict[int, tuple[str, str, int]]:
        out: dict[int, tuple[str, str, int]] = {}
        for lvl in lvls:
            try:
                ilvl = int(lvl.get(_W + "ilvl", "0"))
            except ValueError:
                continue
            fmt_el, text_el, start_el = lvl.find(_W + "numFmt"), lvl.find(_W + "lvlText"), lvl.find(_W + "start")
            fmt = fmt_el.get(_W + "val", "decimal") if fmt_el is not None else "decimal"
            text = text_el.get(_W + "val", "") if text_el is not None else ""
            try:
                start = int(start_el.get(_W + "val", "1")) if start_el is not None else 1
            except ValueError:
                start = 1
            out[ilvl] = (fmt, text, start)
        return out

    def _num_pr(self, p: Any) -> tuple[str, int] | None:
        ppr = p._p.pPr
        style = p.style
        candidates = [ppr] if ppr is not None else []
        while style is not None:
            candidates.append(style.element.pPr)
            style = style.base_style
        num_id = ilvl = None
        for pr in candidates:
            if pr is None:
                continue
            numpr = pr.find(_W + "numPr")
            if numpr is None:
                continue
            if num_id is None and numpr.find(_W + "numId") is not None:
                num_id = numpr.find(_W + "numId").get(_W + "val")
            if ilvl is None and numpr.find(_W + "ilvl") is not None:
                ilvl = int(numpr.find(_W + "ilvl").get(_W + "val", "0"))
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return None
        return num_id, ilvl or 0

    def label(self, p: Any) -> str:
        if not self.levels or not p.text.strip():
            return ""
        found = self._num_pr(p)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(self.abstract_of[num_id], {})
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        keep = self.never_restart.get(self.abstract_of[num_id], set())
        for deeper in [k for k in counters if k > ilvl and k not in keep]:
            del counters[deeper]

        def value(match: re.Match[str]) -> str:
            lv = int(match.group(1)) - 1
            lfmt, _, lstart = levels.get(lv, ("decimal", "", 1))
            return _format_number(counters.get(lv, lstart), lfmt) or ""

        if _format_number(1, fmt) is None:        # bullets: no text
            return ""
        return re.sub(r"%(\d)", value, text)
