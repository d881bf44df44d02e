"""PDF reader (pdfplumber): positioned lines → clean logical paragraphs.

One pass over ``page.chars`` per page.  Per page: refuse/OCR pages without a usable text
layer, remove fake-bold doubled glyphs (``dedupe_chars`` only where doubles were seen),
cluster characters into visual lines (spaces only where a genuine gap separates Latin
words).  Per document: drop page numbers and running headers/footers, measure the text
block (body size, left/right margin by mode), then rebuild paragraphs with
:mod:`.reflow` from geometry: first-line indent, lines ending short of the right margin,
centred and display-size lines.  Ruled tables (a 分工表) are read by :mod:`.pdf_tables` as
``table_row`` paragraphs (cells joined by TAB, as from a DOCX; a row broken over a page is joined).
Readers do not interpret 公文 structure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError, NoTextLayerError, PasswordRequiredError, PolicydeskError
from ..fileio import sha256_file
from ..model import Document, Line, Paragraph, SourceInfo
from . import pdf_tables, reflow, safety
from .base import ReadOptions

FORMAT = "pdf"

MAX_PAGES = 2_000                  # pages read from one PDF (see also readers.safety)
MARGIN_ZONE = 0.12                 # top/bottom fraction of a page where headers, footers and page numbers live
LATIN1_GARBAGE_RATIO = 0.3         # share of Latin-1 letters (with no CJK at all) that marks mojibake
GARBAGE_RATIO = 0.10               # share of (cid:N)/U+FFFD/private-use/Latin-1 junk chars that makes a page unusable
MIN_TEXT_CHARS = 10                # fewer chars than this on a page mostly covered by an image → scanned page
IMAGE_COVER_RATIO = 0.30
OCR_PAGE_MIN_LINES = 6             # a scanned page with this many body lines gets its own text-block measure
INDENT_SHARE = 0.03                # a document "uses first-line indents" when this share of body lines is indented
MARGIN_SHARE = 0.2                 # a text-block edge is shared by at least this share of body lines
RUNNING_MIN_PAGES = 3              # a header/footer repeats on at least this many pages …
RUNNING_MIN_SHARE = 0.4            # … and on this share of the pages


@dataclass(slots=True)
class _PLine:
    """A visual line while the reader works on it."""

    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    lead_font: str
    bold: bool
    page_height: float
    confidence: float | None = None
    cells: list[str] | None = None       # a row of a ruled table (:mod:`.pdf_tables`), not a visual line

    def to_line(self) -> Line:
        return Line(text=self.text, page=self.page, x0=self.x0, x1=self.x1, top=self.top, bottom=self.bottom,
                    size=self.size, font=self.font, bold=self.bold, confidence=self.confidence)


def read(path: Path, opts: ReadOptions) -> Document:
    from . import pdf_fast                 # pdfium's characters where they equal pdfplumber's (plain pages)
    fast = pdf_fast.read(path, opts)
    if fast is not None:
        return fast
    pdf = _open(path, opts)
    warnings: list[str] = []
    fake_bold_pages: list[int] = []
    rotated_pages: list[int] = []
    unusable: list[int] = []
    garbage_pages: list[int] = []       # a text layer that is not the text (broken font map): OCR'd like a scan
    ocr_pages: list[int] = []
    ocr_conf: list[float] = []
    lines: list[_PLine] = []
    try:
        pages = pdf.pages
        total = len(pages)
        if total > MAX_PAGES:
            raise InputError(f"PDF 页数过多（{total} 页，上限 {MAX_PAGES} 页）：{path}。请拆分后再导入。", path=str(path))
        opts.report(0, total, "正在读取 PDF")
        for index, page in enumerate(pages):
            pageno = index + 1
            try:
                page_lines, state = _read_page(page, pageno)
            except (KeyError, ValueError, TypeError, AttributeError, IndexError, AssertionError) as e:
                raise _damaged(path) from e
            except Exception as e:  # pdfminer/pdfplumber parse errors (PdfminerException, PSException …)
                if isinstance(_unwrap(e), PolicydeskError):     # a budget refusal from inside pdfminer
                    _reraise_unwrapped(e)
                if _is_pdf_error(e):
                    raise _damaged(path) from e
                raise
            if state == "garbage":
                garbage_pages.append(pageno)
            if state in ("unusable", "garbage"):
                if opts.ocr and opts.page_ocr is not None:
                    safety.check_pdf_page_images(path, page.images)   # pdfium decodes them to render the page
                    ocr_lines = opts.page_ocr(path, index, opts)
                    page_lines = [_from_ocr(ln, pageno, float(page.height)) for ln in ocr_lines if ln.text.strip()]
                    ocr_pages.append(pageno)
                    ocr_conf.extend(ln.confidence for ln in ocr_lines if ln.confidence is not None)
                else:
                    unusable.append(pageno)
            elif state == "fake_bold":
                fake_bold_pages.append(pageno)
            elif state == "rotated":
                rotated_pages.append(pageno)
            lines.extend(page_lines)
            page.close()
            opts.report(pageno, total, f"已读取第 {pageno}/{total} 页")
    finally:
        pdf.close()

    if not lines and not unusable and total:
        # No text anywhere, no image, no outlined glyphs to OCR (or OCR found nothing): nothing to analyse.
        raise NoTextLayerError(f"PDF 中没有可读取的文字（空白页，或 OCR 也未识别出文字）：{path}。"
                               f"请确认文件内容完整，或向发文单位索取可复制文字的 PDF/Word 版本。",
                               path=str(path), pages=list(range(1, total + 1)))
    if unusable:
        message = _no_text_message(path, unusable, total)
        if set(unusable) & set(garbage_pages):
            message = _garbage_message(path, sorted(set(unusable) & set(garbage_pages)), total)
        raise NoTextLayerError(message, path=str(path), pages=unusable)
    if fake_bold_pages:
        warnings.append(f"第{_page_list(fake_bold_pages)}页：检测到伪粗体重复字符，已去重。")
    if rotated_pages:
        warnings.append(f"第{_page_list(rotated_pages)}页的文字是旋转或竖排的（如横向表格），未能读取，请对照原件核对。")
    if ocr_pages:
        warnings.append(f"第{_page_list(ocr_pages)}页没有可用的文字层，已用文字识别（OCR）读取，请核对识别结果。")

    lines = _drop_page_furniture(lines, total)
    paragraphs = _paragraphs(lines)
    source = SourceInfo(path=str(path), sha256=sha256_file(path), format=FORMAT, pages=total,
                        ocr_pages=ocr_pages, warnings=warnings,
                        ocr_confidence=(sum(ocr_conf) / len(ocr_conf)) if ocr_conf else None)
    return Document(source, paragraphs)


# ---------------------------------------------------------------------------------------------- opening, errors


def _open(path: Path, opts: ReadOptions) -> Any:
    import pdfplumber
    safety.bound_pdfminer()             # every stream pdfminer inflates counts against the document's budget
    try:
        return pdfplumber.open(path, password=opts.password or "")
    except Exception as e:
        if isinstance(_unwrap(e), PolicydeskError):
            _reraise_unwrapped(e)
        if _is_password_error(e):
            if opts.password:
                raise PasswordRequiredError(f"PDF 密码不正确：{path}。请用 --password 提供正确的密码。",
                                            path=str(path)) from e
            raise PasswordRequiredError(f"PDF 文件 {path} 已加密，请用 --password 提供密码。",
                                        path=str(path)) from e
        if _is_unsupported_encryption(e):
            raise InputError(f"PDF 文件的加密方式不受支持或禁止提取文字：{path}。请用 PDF 阅读器去除加密后另存，再重试。",
                             path=str(path)) from e
        if _is_pdf_error(e) or isinstance(e, (ValueError, KeyError, TypeError, EOFError)):
            raise _damaged(path) from e
        if isinstance(e, OSError):
            raise InputError(f"无法读取 PDF 文件：{path}（{e.strerror or e}）。请检查文件是否存在、是否有读取权限。",
                             path=str(path)) from e
        raise


def _unwrap(e: BaseException) -> BaseException:
    # pdfplumber wraps pdfminer's exception as PdfminerException(e)
    if type(e).__name__ == "PdfminerException" and e.args and isinstance(e.args[0], BaseException):
        return e.args[0]
    return e


def _reraise_unwrapped(e: BaseException) -> None:
    inner = _unwrap(e)
    if inner is e:
        raise e
    raise inner from e


def _is_password_error(e: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    return isinstance(_unwrap(e), PDFPasswordIncorrect)


def _is_unsupported_encryption(e: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError
    return isinstance(_unwrap(e), PDFEncryptionError)


def _is_pdf_error(e: BaseException) -> bool:
    mod = type(_unwrap(e)).__module__ or ""
    return (type(e).__name__ in ("PdfminerException", "MalformedPDFException")
            or mod.startswith(("pdfminer", "pdfplumber")))


def _damaged(path: Path) -> InputError:
    return InputError(f"PDF 文件已损坏或不完整，无法读取：{path}。请重新下载或用 PDF 阅读器另存一份后重试。",
                      path=str(path))


def _page_list(pages: list[int]) -> str:
    """1,2,3,5 → "1–3、5"."""
    runs: list[str] = []
    start = prev = pages[0]
    for p in pages[1:] + [None]:  # type: ignore[list-item]
        if p is not None and p == prev + 1:
            prev = p
            continue
        runs.append(str(start) if start == prev else f"{start}–{prev}")
        if p is not None:
            start = prev = p
    return "、".join(runs)


def _no_text_message(path: Path, pages: list[int], total: int) -> str:
    where = "全部页面" if len(pages) == total else f"第{_page_list(pages)}页"
    return (f"PDF 的{where}没有可用的文字层（扫描件或字体无法解码）：{path}。"
            f"请开启文字识别（OCR）后重试，或向发文单位索取可复制文字的 PDF/Word 版本。")


# ---------------------------------------------------------------------------------------------- one page


def _read_page(page: Any, pageno: int) -> tuple[list[_PLine], str]:
    """Lines of one page and its state: "ok", "fake_bold", "unusable", "garbage" (a text layer that is not the
    text) or "rotated"."""
    chars = page.chars
    visible = [c for c in chars if not c["text"].isspace()]
    if _unusable(page, visible):
        return [], "unusable"
    if _garbage_layer(visible, _chinese_fonts(page)):
        return [], "garbage"
    if visible and sum(1 for c in visible if not c.get("upright", True)) > 0.5 * len(visible):
        return [], "rotated"              # a landscape table or vertical text: not read as lines
    state = "ok"
    doubled: set[int] = set()
    if _has_doubled_glyphs(visible):
        state = "fake_bold"
        doubled = _doubled_line_keys(visible)
        page = page.dedupe_chars()
        visible = [c for c in page.chars if not c["text"].isspace()]
    visible, rows = pdf_tables.split_tables(page, visible)
    lines = _lines_from_chars(visible, pageno, float(page.height), doubled)
    if rows:
        lines = sorted(lines + [_table_line(r, pageno, float(page.height)) for r in rows], key=lambda ln: ln.top)
    return lines, state


def _table_line(row: pdf_tables.TableRow, pageno: int, height: float) -> _PLine:
    return _PLine(text="\t".join(row.cells), page=pageno, x0=row.x0, x1=row.x1, top=row.top, bottom=row.bottom,
                  size=0.0, font="", lead_font="", bold=False, page_height=height, cells=row.cells)


def _unusable(page: Any, visible: list[dict]) -> bool:
    if visible:
        bad = sum(1 for c in visible if _garbage(c["text"]))
        if bad / len(visible) > GARBAGE_RATIO:
            return True
        # GBK codes shown through a font without ToUnicode come out as Latin-1 letters ("¹ØÓÚÍÆ½ø")
        latin1 = sum(1 for c in visible if len(c["text"]) == 1 and "\u00a1" <= c["text"] <= "\u00ff")
        if latin1 > LATIN1_GARBAGE_RATIO * len(visible) and not any(reflow.is_cjk(c["text"][:1]) for c in visible):
            return True
    if len(visible) >= MIN_TEXT_CHARS:
        return False
    images = page.images
    if not images:
        # text drawn as outlines (glyphs as curves, no text layer) can still be OCR'd
        return not visible and len(page.curves) >= MIN_TEXT_CHARS
    if not visible:
        return True
    area = float(page.width) * float(page.height) or 1.0
    covered = sum(max(0.0, float(im["x1"]) - float(im["x0"])) * max(0.0, float(im["bottom"]) - float(im["top"]))
                  for im in images)
    return covered / area >= IMAGE_COVER_RATIO


# fonts that say "this text is Chinese": names of the usual Chinese fonts (subset tag dropped, lower case, no
# spaces/hyphens/underscores) and the GB/CNS encodings in CID font names
CJK_FONT_HINTS = ("simsun", "nsimsun", "simhei", "simkai", "simfang", "fangsong", "kaiti", "songti", "heiti", "stsong",
                  "stfangsong", "stkaiti", "stheiti", "stxihei", "stzhongsong", "microsoftyahei", "yahei", "msyh",
                  "dengxian", "fzxiaobiaosong", "fzxbs", "fzfs", "fzkt", "fzht", "fzss", "adobesong", "adobeheiti",
                  "adobekaiti", "adobefangsong", "sourcehan", "notosanscjk", "notoserifcjk", "notosanssc",
                  "notoserifsc", "wenquanyi", "wqy", "gb2312", "gbk", "gb18030", "gb1", "unigb", "cns1", "宋", "黑",
                  "楷", "仿")
GARBAGE_LAYER_MIN_CHARS = 40       # judge a page's text layer only with this many visible characters
GARBAGE_LAYER_CJK_FONT_SHARE = 0.6 # … when at least this share of them is in a Chinese font,
GARBAGE_LAYER_LETTER_SHARE = 0.5   # … at least this share are Latin letters
GARBAGE_LAYER_MAX_CJK_SHARE = 0.05 # … and (almost) none is Chinese: the font map is broken


def _cjk_font(fontname: str) -> bool:
    name = _font_name(fontname or "").lower().replace(" ", "").replace("-", "").replace("_", "")
    return any(h in name for h in CJK_FONT_HINTS)


def _chinese_fonts(page: Any) -> set[str]:
    """Names of the page's fonts that declare Chinese in the font itself: a CID font with the Adobe-GB1/CNS1
    character collection, or a GB/CNS/Big5 CMap (whatever the font is called: "F1", "TT2" …)."""
    from pdfminer.pdftypes import resolve1
    out: set[str] = set()
    try:
        fonts = resolve1(resolve1(page.page_obj.resources or {}).get("Font")) or {}
        for ref in fonts.values():
            font = resolve1(ref)
            if not isinstance(font, dict):
                continue
            encoding = str(getattr(resolve1(font.get("Encoding")), "name", "")).upper()
            orderings = []
            for desc in resolve1(font.get("DescendantFonts")) or []:
                info = resolve1(resolve1(desc).get("CIDSystemInfo")) or {}
                orderings.append(str(resolve1(info.get("Ordering")) or "").upper())
            if any(o in ("GB1", "CNS1", "B'GB1'", "B'CNS1'") for o in orderings) or any(
                    k in encoding for k in ("GB", "CNS", "B5", "ETEN")):
                out.add(_font_name(str(getattr(resolve1(font.get("BaseFont")), "name", ""))))
    except Exception:  # noqa: BLE001 - a font dictionary we cannot read says nothing
        return out
    return out


def _garbage_layer(visible: list[dict], chinese_fonts: set[str] = frozenset()) -> bool:
    """Latin letters where the fonts say Chinese: a broken character map (the page is OCR'd like a scan)."""
    n = len(visible)
    if n < GARBAGE_LAYER_MIN_CHARS:
        return False
    cjk_font = sum(1 for c in visible
                   if _font_name(c.get("fontname", "")) in chinese_fonts or _cjk_font(c.get("fontname", "")))
    if cjk_font < GARBAGE_LAYER_CJK_FONT_SHARE * n:
        return False
    letters = sum(1 for c in visible if c["text"].isascii() and c["text"].isalpha())
    cjk = sum(1 for c in visible if reflow.is_cjk(c["text"][:1]))
    return letters >= GARBAGE_LAYER_LETTER_SHARE * n and cjk <= GARBAGE_LAYER_MAX_CJK_SHARE * n


def _garbage_message(path: Path, pages: list[int], total: int) -> str:
    where = "全部页面" if len(pages) == total else f"第{_page_list(pages)}页"
    return (f"PDF 的{where}文字层是乱码（字体为中文字体，提取出的却是西文字母，字体编码已损坏）：{path}。"
            f"请开启文字识别（OCR）后重试，或向发文单位索取可复制文字的 PDF/Word 版本。")


def _garbage(t: str) -> bool:
    if "(cid:" in t or "\ufffd" in t:
        return True
    o = ord(t[0]) if len(t) == 1 else 0
    return 0xE000 <= o <= 0xF8FF or 0x80 <= o <= 0x9F or o < 0x20


def _has_doubled_glyphs(chars: list[dict]) -> bool:
    """Cheap check: the same glyph drawn twice at (almost) the same spot."""
    return bool(_doubled_line_keys(chars, first_only=True))


def _doubled_line_keys(chars: list[dict], first_only: bool = False) -> set[int]:
    keys: set[int] = set()
    ordered = sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))
    for a, b in zip(ordered, ordered[1:]):
        if a["text"] == b["text"]:
            tol = 0.3 * float(a["size"] or 10)
            if abs(a["x0"] - b["x0"]) < tol and abs(a["top"] - b["top"]) < tol:
                keys.add(round(a["top"]))
                if first_only:
                    return keys
    return keys


def _lines_from_chars(chars: list[dict], pageno: int, height: float, doubled: set[int]) -> list[_PLine]:
    chars = [c for c in chars if c.get("upright", True)]
    chars.sort(key=lambda c: (c["top"], c["x0"]))
    groups: list[list[dict]] = []
    band_mid = band_h = 0.0
    for c in chars:
        h = float(c["bottom"]) - float(c["top"]) or float(c["size"] or 1)
        mid = (float(c["top"]) + float(c["bottom"])) / 2
        if groups and abs(mid - band_mid) <= 0.45 * max(band_h, h):
            groups[-1].append(c)
        else:
            groups.append([c])
            band_mid, band_h = mid, h
    out: list[_PLine] = []
    for g in groups:
        g.sort(key=lambda c: c["x0"])
        line = _make_line(g, pageno, height, doubled)
        if line.text:
            out.append(line)
    return out


def _make_line(g: list[dict], pageno: int, height: float, doubled: set[int]) -> _PLine:
    gaps = [float(b["x0"]) - float(a["x1"]) for a, b in zip(g, g[1:])]
    typical = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
    parts = [g[0]["text"]]
    for gap, c in zip(gaps, g[1:]):
        if gap > max(typical, 0.0) + 0.2 * float(c["size"] or 10):
            parts.append(" ")
        parts.append(c["text"])
    text = reflow.clean_spaces("".join(parts))
    sizes = Counter(round(float(c["size"]) * 2) / 2 for c in g)
    fonts = Counter(_font_name(c["fontname"]) for c in g)
    lead = next((c for c in g if reflow.is_cjk(c["text"])), g[0])
    font = fonts.most_common(1)[0][0]
    fake_bold = any(abs(round(g[0]["top"]) - k) <= 1 for k in doubled)
    return _PLine(text=text, page=pageno, x0=float(g[0]["x0"]), x1=float(max(c["x1"] for c in g)),
                  top=float(min(c["top"] for c in g)), bottom=float(max(c["bottom"] for c in g)),
                  size=sizes.most_common(1)[0][0], font=font, lead_font=_font_name(lead["fontname"]),
                  bold=fake_bold or _bold_font(font), page_height=height)


def _font_name(name: str) -> str:
    # drop the subset tag "ABCDEF+"
    if len(name) > 7 and name[6] == "+" and name[:6].isupper():
        return name[7:]
    return name


def _bold_font(font: str) -> bool:
    f = font.lower()
    return any(k in f for k in ("bold", "heavy", "black", "semibold", "demibold", "黑体", "simhei"))


def _from_ocr(ln: Line, pageno: int, height: float) -> _PLine:
    size = ln.size or ((ln.bottom - ln.top) if ln.top is not None and ln.bottom is not None else 12.0)
    return _PLine(text=reflow.clean_spaces(ln.text), page=pageno, x0=ln.x0 if ln.x0 is not None else 0.0,
                  x1=ln.x1 if ln.x1 is not None else 0.0, top=ln.top if ln.top is not None else 0.0,
                  bottom=ln.bottom if ln.bottom is not None else 0.0, size=float(size), font=ln.font or "",
                  lead_font=ln.font or "", bold=ln.bold, page_height=height, confidence=ln.confidence)


# ---------------------------------------------------------------------------------------------- page furniture


def paragraphs_from_ocr_lines(lines: list[Line], page_heights: dict[int, float]) -> list[Paragraph]:
    """Paragraphs from OCR'd lines of page images (used by the image reader): the same page-furniture and
    layout rules as for a PDF.  Geometry and ``page_heights`` (page number → height) in points."""
    plines = [_from_ocr(ln, ln.page or 1, page_heights.get(ln.page or 1, 842.0)) for ln in lines if ln.text.strip()]
    return _paragraphs(_drop_page_furniture(plines, len(page_heights)))


def _in_margin_zone(ln: _PLine) -> bool:
    return ln.top < MARGIN_ZONE * ln.page_height or ln.bottom > (1 - MARGIN_ZONE) * ln.page_height


def _drop_page_furniture(lines: list[_PLine], total_pages: int) -> list[_PLine]:
    """Drop page numbers (by pattern, at the top/bottom of a page) and running headers/footers."""
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        by_page.setdefault(ln.page, []).append(i)
    drop: set[int] = set()
    for idxs in by_page.values():
        edge = set(idxs[:2] + idxs[-2:])
        for i in idxs:
            ln = lines[i]
            if reflow.is_page_number(ln.text) and (i in edge or _in_margin_zone(ln)):
                drop.add(i)
    # running headers/footers: same text (digits ignored) at the same height on many pages
    seen: dict[tuple[str, int], set[int]] = {}
    for i, ln in enumerate(lines):
        if i in drop or not _in_margin_zone(ln):
            continue
        key = ("".join("#" if ch.isdigit() else ch for ch in ln.text), round(ln.top / 6))
        seen.setdefault(key, set()).add(ln.page)
    pages_with_text = len(by_page)
    need = max(RUNNING_MIN_PAGES, RUNNING_MIN_SHARE * pages_with_text)
    running = {k for k, pages in seen.items() if len(pages) >= need}
    if running:
        for i, ln in enumerate(lines):
            key = ("".join("#" if ch.isdigit() else ch for ch in ln.text), round(ln.top / 6))
            if key in running and _in_margin_zone(ln):
                drop.add(i)
    return [ln for i, ln in enumerate(lines) if i not in drop]


# ---------------------------------------------------------------------------------------------- layout → paragraphs


@dataclass(slots=True)
class _Layout:
    body_size: float
    body_font: str
    left: float
    right: float
    leading: float        # typical white space between two lines of one paragraph
    font_leading: dict[str, float]   # the same per font (single line spacing follows the font)
    uses_indent: bool     # paragraphs start with a first-line indent (else an unindented line says nothing)


def _clusters(values: Iterable[float], tol: float) -> list[tuple[float, int]]:
    """Sorted values split where neighbours are more than ``tol`` apart: (median, count) per cluster."""
    vs = sorted(values)
    out: list[tuple[float, int]] = []
    start = 0
    for i in range(1, len(vs) + 1):
        if i == len(vs) or vs[i] - vs[i - 1] > tol:
            group = vs[start:i]
            out.append((group[len(group) // 2], len(group)))
            start = i
    return out


def _margins(body: list[_PLine], size: float) -> tuple[float, float]:
    """Left and right edge of the text block.

    Left: the leftmost x0 shared by a good share of lines (continuation lines start there; indented
    first lines and centred lines are to its right).  Right: the rightmost common x1, except that a
    cluster about one character beyond another is hanging punctuation, not the margin.
    """
    n = len(body)
    need = max(1, int(MARGIN_SHARE * n))
    lefts = [c for c in _clusters((ln.x0 for ln in body), 1.5) if c[1] >= need]
    left = lefts[0][0] if lefts else min(ln.x0 for ln in body)
    rights = [c for c in _clusters((ln.x1 for ln in body if ln.x1 > left + 4 * size), 1.5) if c[1] >= need]
    if not rights:
        return left, max(ln.x1 for ln in body)
    right = rights[-1][0]
    inner = [c for c in rights[:-1] if right - 1.6 * size <= c[0] < right - 0.3 * size]
    if inner:
        right = max(inner, key=lambda c: c[1])[0]
    return left, right


def _measure(lines: list[_PLine]) -> _Layout:
    lines = [ln for ln in lines if ln.cells is None] or lines      # table rows say nothing about the text block
    weight: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    for ln in lines:
        weight[ln.size] += len(ln.text)
    body_size = weight.most_common(1)[0][0] if weight else 12.0
    body = [ln for ln in lines if abs(ln.size - body_size) <= 1.0] or lines
    for ln in body:
        fonts[ln.font] += len(ln.text)
    left, right = _margins(body, body_size)
    # leading: white space between consecutive body lines (the median is the within-paragraph value)
    gaps = [b.top - a.bottom for a, b in zip(body, body[1:])
            if a.page == b.page and -0.5 * body_size < b.top - a.bottom < 3 * body_size]
    leading = sorted(gaps)[len(gaps) // 2] if gaps else 0.5 * body_size
    per_font: dict[str, list[float]] = {}
    for a, b in zip(body, body[1:]):
        if a.page == b.page and a.font == b.font and -0.5 * body_size < b.top - a.bottom < 3 * body_size:
            per_font.setdefault(a.font, []).append(b.top - a.bottom)
    font_leading = {f: sorted(v)[len(v) // 2] for f, v in per_font.items()}
    indented = sum(1 for ln in body if ln.x0 - left > 0.8 * ln.size and abs((ln.x0 - left) - (right - ln.x1)) > ln.size)
    return _Layout(body_size=body_size, body_font=fonts.most_common(1)[0][0] if fonts else "",
                   left=left, right=right, leading=max(leading, 0.0), font_leading=font_leading,
                   uses_indent=indented >= max(2, INDENT_SHARE * len(body)))


def _reaches_margin(ln: _PLine, lay: _Layout, centered: bool, left_gap: float) -> bool:
    """Does the line run on to the next one?  It reaches the right margin, or — in left-aligned (not justified)
    text, where line-breaking rules push a character together with a closing mark (府〕) or an opening mark (“)
    to the next line — ends up to 3 characters short of it without ending a sentence or an annotation.
    A right-aligned line (signature, date) reaches the margin but starts far beyond a first-line indent: it is a
    paragraph of its own."""
    size = ln.size
    if not centered and left_gap > 4 * size:
        return False
    if ln.x1 >= lay.right - 0.8 * size:
        return True
    # up to three characters move together: "双招双" / "引”，" (a character, a closing quote and a comma)
    return (ln.x1 >= lay.right - 1.6 * size and not reflow.ends_sentence(ln.text)
            and not reflow.ends_annotation(ln.text) and not centered)


def _cue(ln: _PLine, prev: _PLine | None, lay: _Layout) -> reflow.LineCue:
    size = ln.size
    left_gap = ln.x0 - lay.left
    right_gap = lay.right - ln.x1
    centered = left_gap > 0.75 * size and abs(left_gap - right_gap) <= max(size, 0.02 * (lay.right - lay.left))
    if centered and lay.uses_indent and abs(left_gap - 2 * size) <= 0.6 * size and right_gap < 3 * size:
        # a first line indented by two characters that line-breaking rules (kinsoku: "一、", "排》、" cannot be
        # split) left one to three characters short of the margin looks centred, but runs on to the next line
        centered = False
    display = size >= 1.15 * lay.body_size or (centered and ln.bold and not reflow.ends_sentence(ln.text))
    gap_before = False
    if prev is not None and prev.page == ln.page:
        # more white space than between the lines of a paragraph: a paragraph (or block) break
        space = ln.top - prev.bottom
        usual = max(lay.leading, lay.font_leading.get(ln.font, 0.0), lay.font_leading.get(prev.font, 0.0))
        limit = usual + max(0.25 * size, 3.0)
        if display:
            limit = max(limit, 0.8 * size)
        gap_before = space > limit
    return reflow.LineCue(
        text=ln.text,
        full=_reaches_margin(ln, lay, centered, left_gap),
        indented=((not centered) and left_gap > 0.8 * size) or (None if not lay.uses_indent else False),
        centered=centered,
        display=display,
        size=size,
        gap_before=gap_before,
        page=ln.page,
    )


def _ocr_page_layouts(lines: list[_PLine], lay: _Layout) -> dict[int, _Layout]:
    """Scanned pages are placed differently on each scan: their text block is measured per page."""
    out: dict[int, _Layout] = {}
    by_page: dict[int, list[_PLine]] = {}
    for ln in lines:
        if ln.confidence is not None:
            by_page.setdefault(ln.page, []).append(ln)
    for page, page_lines in by_page.items():
        body = [ln for ln in page_lines if abs(ln.size - lay.body_size) <= max(1.0, 0.15 * lay.body_size)]
        if len(body) >= OCR_PAGE_MIN_LINES:
            left, right = _margins(body, lay.body_size)
            out[page] = _Layout(body_size=lay.body_size, body_font=lay.body_font, left=left, right=right,
                                leading=lay.leading, font_leading=lay.font_leading, uses_indent=lay.uses_indent)
    return out


def _paragraphs(lines: list[_PLine]) -> list[Paragraph]:
    if not lines:
        return []
    lay = _measure(lines)
    layouts = _ocr_page_layouts(lines, lay)
    paragraphs: list[Paragraph] = []
    run: list[_PLine] = []
    for ln in lines + [None]:                  # text between table rows is reflowed; each row is a paragraph
        if ln is not None and ln.cells is None:
            run.append(ln)
            continue
        if run:
            paragraphs += _text_paragraphs(run, lay, layouts)
            run = []
        if ln is not None:
            _add_table_row(paragraphs, ln)
    return paragraphs


def _add_table_row(paragraphs: list[Paragraph], ln: _PLine) -> None:
    """A table row as a ``table_row`` paragraph; a row broken over a page (first cell empty, right after the
    previous page's last row) is joined cell by cell to that row."""
    cells = ln.cells or []
    prev = paragraphs[-1] if paragraphs else None
    if (prev is not None and prev.kind == "table_row" and prev.page is not None and prev.end_page == ln.page - 1
            and cells and not cells[0] and len(prev.text.split("\t")) == len(cells)):
        merged = [a + b for a, b in zip(prev.text.split("\t"), cells)]
        prev.text = "\t".join(merged)
        prev.end_page = ln.page
        prev.lines.append(ln.to_line())
        return
    paragraphs.append(Paragraph(text=ln.text, page=ln.page, end_page=ln.page, kind="table_row",
                                lines=[ln.to_line()]))


def _text_paragraphs(lines: list[_PLine], lay: _Layout, layouts: dict[int, _Layout]) -> list[Paragraph]:
    cues = [_cue(ln, lines[i - 1] if i else None, layouts.get(ln.page, lay)) for i, ln in enumerate(lines)]
    paragraphs: list[Paragraph] = []
    for group in reflow.group_lines(cues):
        members = [lines[i] for i in group]
        text = reflow.join_line_texts([m.text for m in members])
        if not text:
            continue
        first = members[0]
        centered = all(cues[i].centered or cues[i].display and abs((lines[i].x0 - lay.left) - (lay.right - lines[i].x1))
                       <= first.size for i in group)
        if centered:
            align = "center"
        elif abs(lay.right - first.x1) < first.size and first.x0 - lay.left > 0.4 * (lay.right - lay.left):
            align = "right"
        else:
            align = "left"
        bold_chars = sum(len(m.text) for m in members if m.bold)
        paragraphs.append(Paragraph(
            text=text, page=first.page, end_page=members[-1].page, kind="text",
            heading_hint=_heading_hint(text, first, lay), align=align,
            bold=bold_chars * 2 > len(text), size=first.size,
            lines=[m.to_line() for m in members],
        ))
    return paragraphs


def _heading_hint(text: str, first: _PLine, lay: _Layout) -> int | None:
    numbered, level = reflow.numbering_level(text)
    if not numbered or level is None:
        return None
    lead_is_heading = (first.lead_font != lay.body_font and reflow.heading_font(first.lead_font)) or first.bold
    return level if lead_is_heading else None
