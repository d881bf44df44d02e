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
    return Document(source, paragraphs)


def _damaged(path: Path) -> InputError:
    return InputError(f"Word 文件已损坏，无法打开：{path}。请在 Word/WPS 中打开并另存为 .docx 后重试。", path=str(path))


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        return docx.Document(str(path))
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
    for el in _block_elements(doc.element.body):
        if el.tag == _W + "p":
            para = _paragraph(DocxParagraph(el, doc), body_font)
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


def _paragraph(p: Any, body_font: str | None) -> Paragraph | None:
    raw = p.text
    text = reflow.join_line_texts(raw.replace("\r", "\n").split("\n"), clean=False)
    if not text:
        return None
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
            cells.append(reflow.join_line_texts(cell.text.split("\n"), clean=False))
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
