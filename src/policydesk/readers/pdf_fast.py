"""A faster text path for born-digital PDFs: pypdfium2's characters where they equal pdfplumber's.

pdfplumber (pdfminer, pure Python) costs ~90 % of reading a PDF.  pdfium (C++) gives the same
characters with the same geometry for plain pages: each glyph's text, origin, advance, size and
font, from which the pdfminer box follows (``y0 = origin + descent · size``, ``y1 = y0 + size``).
A page is read here only when it needs none of pdfplumber's character-level work in
:mod:`.pdf`: no glyph without a Unicode mapping or with a junk code, none drawn twice (fake bold),
none rotated or skewed, enough text (no scan / image / outline check needed), no ruling lines that
could make a table, no form XObjects, a plain page box.  Any other page is read by pdfplumber (the same
``_read_page`` as :mod:`.pdf`); if it needs more than reading (OCR, fake bold, rotated text: warnings), the
whole document goes the pdfplumber way (:func:`read` returns None).  So the result is pdfplumber's, or equal to it —
checked on every PDF of the repository by ``tests/test_pdf_fast.py``.  ``POLICYDESK_PDF_FAST=0`` turns
the fast path off.
"""

from __future__ import annotations

import ctypes
import io
import logging
import os
from pathlib import Path
from typing import Any

from ..model import Document, SourceInfo
from .base import ReadOptions

log = logging.getLogger("policydesk.readers")

_TEXT_OBJECT, _PATH_OBJECT, _IMAGE_OBJECT, _SHADING_OBJECT, _FORM_OBJECT = 1, 2, 3, 4, 5


class NotPlain(Exception):
    """This page (so this document) goes the pdfplumber way."""


def enabled() -> bool:
    return os.environ.get("POLICYDESK_PDF_FAST", "1") != "0"


def read(path: Path, opts: ReadOptions) -> Document | None:
    """The document read with pdfium, or None when a page needs pdfplumber (or pdfium cannot open it)."""
    if not enabled() or opts.password:
        return None
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return None
    from . import pdf as slow
    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception:                      # encrypted, damaged …: the pdfplumber path gives the message
        return None
    lines: list[Any] = []
    try:
        miner_pages = _miner_pages(path)
    except NotPlain:
        doc.close()
        return None
    try:
        total = len(doc)
        if len(miner_pages) != total:
            return None
        if total == 0 or total > slow.MAX_PAGES:
            return None
        # progress is reported once the fast path is known to hold (else pdfplumber reports the pages)
        font_cache: dict = {}
        plumber = None
        try:
            for index in range(total):
                page = doc[index]
                try:
                    chars, height = page_chars(page, _font_metrics(miner_pages[index], font_cache),
                                               _miner_height(miner_pages[index]))
                    lines.extend(slow._lines_from_chars(chars, index + 1, height, set()))
                except NotPlain as e:
                    # this page the pdfplumber way; a page that needs more than reading (OCR, fake bold, rotated
                    # text: warnings) sends the whole document there
                    log.debug("pdf fast path: %s page %d read with pdfplumber (%s)", path, index + 1, e)
                    if plumber is None:
                        plumber = slow._open(path, opts)
                    ppage = plumber.pages[index]
                    try:
                        page_lines, state = slow._read_page(ppage, index + 1)
                    finally:
                        ppage.close()
                    if state != "ok":
                        return None
                    lines.extend(page_lines)
                finally:
                    page.close()
                if opts.cancel is not None and opts.cancel():
                    from ..errors import Cancelled
                    raise Cancelled()
        except Exception as e:                 # noqa: BLE001 - the pdfplumber path gives the user's message
            from ..errors import Cancelled
            if isinstance(e, Cancelled):
                raise
            log.debug("pdf fast path gave up on %s: %s", path, e)
            return None
        finally:
            if plumber is not None:
                plumber.close()
    finally:
        doc.close()
    if not lines:
        return None
    opts.report(0, total, "正在读取 PDF")
    for index in range(total):
        opts.report(index + 1, total, f"已读取第 {index + 1}/{total} 页")
    lines = slow._drop_page_furniture(lines, total)
    paragraphs = slow._paragraphs(lines)
    from ..fileio import sha256_file
    source = SourceInfo(path=str(path), sha256=sha256_file(path), format=slow.FORMAT, pages=total,
                        ocr_pages=[], warnings=[], ocr_confidence=None)
    return Document(source, paragraphs)


def _miner_pages(path: Path) -> list[Any]:
    """pdfminer's page objects (resources only: no content stream is interpreted)."""
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        doc = PDFDocument(PDFParser(io.BytesIO(Path(path).read_bytes())))   # no file handle left open
        return list(PDFPage.create_pages(doc))
    except Exception as e:                 # the pdfplumber path reports it
        raise NotPlain(f"pdfminer: {type(e).__name__}") from e


def _font_metrics(miner_page: Any, cache: dict | None = None) -> dict[str, tuple[str, float]]:
    """Fonts of a page as pdfminer names and measures them: name without subset tag → (pdfminer font name,
    descent per unit of size), read from the font dictionaries as ``pdfminer.pdffont`` does (the
    ToUnicode maps are not parsed).  Type3 and vertical fonts, and two subsets of one name with other
    descents, are not plain."""
    from pdfminer.pdftypes import PDFObjRef, dict_value, list_value, resolve1
    from . import pdf as slow
    out: dict[str, tuple[str, float]] = {}
    cache = {} if cache is None else cache
    try:
        fonts = dict_value(resolve1((miner_page.resources or {}).get("Font")) or {})
        for ref in fonts.values():
            key = ref.objid if isinstance(ref, PDFObjRef) else None
            if key is not None and key in cache:
                entry = cache[key]
            else:
                entry = _miner_font(dict_value(resolve1(ref)), dict_value, list_value, resolve1)
                if key is not None:
                    cache[key] = entry
            name = slow._font_name(entry[0])
            if name in out and out[name][1] != entry[1]:
                raise NotPlain("subsets with other metrics")
            out[name] = entry
    except NotPlain:
        raise
    except Exception as e:
        raise NotPlain(f"fonts: {type(e).__name__}") from e
    return out


def _miner_font(spec, dict_value, list_value, resolve1) -> tuple[str, float]:
    from pdfminer.pdffont import FontMetricsDB
    from pdfminer.psparser import PSLiteral, literal_name
    subtype = literal_name(spec["Subtype"]) if "Subtype" in spec else "Type1"
    if subtype == "Type3":
        raise NotPlain("type3 font")
    if subtype == "Type0":
        enc = resolve1(spec.get("Encoding"))
        if not isinstance(enc, PSLiteral) or not literal_name(enc).endswith("-H"):
            raise NotPlain("vertical or embedded CMap")
        spec = dict_value(list_value(spec["DescendantFonts"])[0])
        descriptor = dict_value(spec.get("FontDescriptor", {}))
    elif subtype in ("CIDFontType0", "CIDFontType2"):
        raise NotPlain("bare CID font")
    else:
        base = literal_name(spec["BaseFont"]) if "BaseFont" in spec else "unknown"
        try:
            descriptor, _ = FontMetricsDB.get_metrics(base)
        except KeyError:
            descriptor = dict_value(spec.get("FontDescriptor", {}))
    fontname = resolve1(descriptor.get("FontName", "unknown"))
    if isinstance(fontname, PSLiteral):
        fontname = literal_name(fontname)
    descent = float(resolve1(descriptor.get("Descent", 0)) or 0)
    if descent > 0:
        descent = -descent
    return str(fontname), descent * 0.001


def _miner_height(miner_page: Any) -> float | None:
    try:
        box = [float(v) for v in miner_page.mediabox]
        return box[3] - box[1]
    except Exception:                      # noqa: BLE001 - pdfium's box then
        return None


def _snap(v: float) -> float:
    """pdfium keeps coordinates as 32-bit floats: back to the decimal the PDF wrote (≤ 4 places), as pdfminer reads it."""
    return round(float(v), 4)


def page_chars(page: Any, fonts_by_name: dict[str, tuple[str, float]],
               miner_height: float | None = None) -> tuple[list[dict], float]:
    """The visible characters of a plain page as pdfplumber would give them; raises NotPlain."""
    import pypdfium2.raw as raw
    from . import pdf as slow
    from . import pdf_tables
    if page.get_rotation() % 360:
        raise NotPlain("rotated page")
    box = page.get_mediabox()
    crop = page.get_cropbox()
    if tuple(round(v, 3) for v in box) != tuple(round(v, 3) for v in crop) or abs(box[0]) > 1e-6 or abs(box[1]) > 1e-6:
        raise NotPlain("page box")
    height = float(box[3] - box[1])
    if miner_height is not None:
        if abs(miner_height - height) > 1e-3:
            raise NotPlain("page height")
        height = miner_height
    paths = 0
    text_objects = []
    for obj in page.get_objects(max_depth=1):
        t = obj.type
        if t == _FORM_OBJECT or t == _SHADING_OBJECT:
            raise NotPlain("form or shading object")
        if t == _TEXT_OBJECT:
            text_objects.append(obj)
        if t == _PATH_OBJECT:
            paths += max(1, raw.FPDFPath_CountSegments(obj.raw) - 1)
            if paths >= pdf_tables.MIN_EDGES:
                raise NotPlain("ruling lines")
    tp = page.get_textpage()
    try:
        n = raw.FPDFText_CountChars(tp.raw)
        chars: list[dict] = []
        m = raw.FS_MATRIX()
        x, y = ctypes.c_double(), ctypes.c_double()
        name_buf = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        width = ctypes.c_float()
        fonts: dict[int, tuple[str, float]] = {}
        for k in range(n):
            if raw.FPDFText_IsGenerated(tp.raw, k):
                continue
            u = raw.FPDFText_GetUnicode(tp.raw, k)
            if u == 0 or 0xD800 <= u <= 0xDFFF:
                raise NotPlain("unmapped or surrogate character")
            text = chr(u)
            if text.isspace():
                continue
            if raw.FPDFText_HasUnicodeMapError(tp.raw, k):
                raise NotPlain("no unicode mapping")
            if slow._garbage(text):
                raise NotPlain("junk character")
            if not raw.FPDFText_GetMatrix(tp.raw, k, m):
                raise NotPlain("no matrix")
            if abs(m.b) > 1e-9 or abs(m.c) > 1e-9 or abs(m.a - 1) > 1e-6 or abs(m.d - 1) > 1e-6:
                raise NotPlain("scaled, rotated or mirrored text object")
            size = raw.FPDFText_GetFontSize(tp.raw, k)
            obj = raw.FPDFText_GetTextObject(tp.raw, k)
            font = raw.FPDFTextObj_GetFont(obj)
            key = ctypes.cast(font, ctypes.c_void_p).value or 0
            if key not in fonts:
                if not raw.FPDFFont_GetIsEmbedded(font):
                    raise NotPlain("font not embedded (pdfium substitutes its name)")
                ln = raw.FPDFFont_GetBaseFontName(font, name_buf, len(name_buf))
                fname = name_buf.raw[:max(0, ln - 1)].decode("latin-1") if ln else ""
                if fname not in fonts_by_name:
                    raise NotPlain(f"font {fname!r} not among the page's fonts")
                fonts[key] = fonts_by_name[fname]
            fname, descent = fonts[key]
            raw.FPDFText_GetCharOrigin(tp.raw, k, x, y)
            if not raw.FPDFFont_GetGlyphWidth(font, u, size, ctypes.byref(width)):
                raise NotPlain("no glyph width")
            size = _snap(size)
            x0 = _snap(x.value)
            y0 = _snap(y.value) + descent * size
            y1 = y0 + size
            chars.append({"text": text, "x0": x0, "x1": x0 + _snap(width.value), "top": height - y1,
                          "bottom": height - y0, "size": size, "fontname": fname, "upright": True})
        del flags
        # pdfium drops a glyph drawn twice at one spot (fake bold): pdfplumber's path must repair and mark it
        drawn = 0
        for obj in text_objects:
            ln = raw.FPDFTextObj_GetText(obj.raw, tp.raw, None, 0)
            buf = (ctypes.c_ushort * max(1, ln // 2))()
            raw.FPDFTextObj_GetText(obj.raw, tp.raw, buf, ln)
            txt = bytes(buf)[:max(0, ln - 2)].decode("utf-16-le", "replace")
            drawn += sum(1 for ch in txt if not ch.isspace())
        if drawn != len(chars):
            raise NotPlain(f"{drawn} glyphs drawn, {len(chars)} characters")
    finally:
        tp.close()
    if len(chars) < slow.MIN_TEXT_CHARS:
        raise NotPlain("little text (scan, image or outline checks needed)")
    if slow._has_doubled_glyphs(chars):
        raise NotPlain("doubled glyphs")
    if _latin1_garbage(chars):
        raise NotPlain("mojibake")
    return chars, height


def _latin1_garbage(chars: list[dict]) -> bool:
    from . import pdf as slow
    from . import reflow
    latin1 = sum(1 for c in chars if len(c["text"]) == 1 and "\u00a1" <= c["text"] <= "\u00ff")
    return latin1 > slow.LATIN1_GARBAGE_RATIO * len(chars) and not any(reflow.is_cjk(c["text"][:1]) for c in chars)
