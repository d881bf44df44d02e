"""OFD reader (GB/T 33190-2016): the ZIP's ``OFD.xml`` → ``Document.xml`` → pages → positioned characters → the
PDF reader's own line, page-furniture and paragraph rules.

* Text: every ``TextObject``/``TextCode`` gives characters at ``X``/``Y`` (baseline) advanced by ``DeltaX``/``DeltaY``
  (``g N d`` repeats ``d`` N times), placed through the object's ``CTM`` and ``Boundary`` (and a ``CompositeObject``'s
  own transform for reused graphic units).  Units are millimetres; everything is converted to PDF points (top-left
  origin) so :mod:`.pdf` groups lines, drops running headers and page numbers and reflows across pages exactly as for a
  PDF.  ``Weight`` ≥ 700 counts as bold.
* Templates (``TemplatePage``) are read with the page that uses them (background/foreground order ignored);
  annotations (``Annotations.xml``: stamps, watermarks, links) and signatures/seals (``Signatures.xml``) are never body
  text — they are counted and noted in :attr:`SourceInfo.warnings` ("含电子签章").
* A page with graphics or images but no text (text drawn as paths, a scanned page) is rendered with Pillow
  (:func:`render_page`) and OCR'd like a scan; with OCR off, or when OCR finds nothing, the page is reported as having
  no text.  :func:`render_page` is also the page image for the 正文 view.
* Safety as for DOCX: ZIP directory limits (:func:`.safety.check_zip_limits`), XML parsed with defusedxml (no DTD or
  entities), members read up to their declared (bounded) size.
"""

from __future__ import annotations

import io
import logging
import math
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError, NoTextLayerError
from ..fileio import sha256_file
from ..model import Document, SourceInfo
from . import safety
from .base import ReadOptions

FORMAT = "ofd"
log = logging.getLogger("policydesk.readers.ofd")

MM_TO_PT = 72.0 / 25.4
A4_MM = (0.0, 0.0, 210.0, 297.0)
MAX_OBJECT_DEPTH = 16                  # nested PageBlock/CompositeObject levels followed
MAX_CHARS_PER_PAGE = 200_000           # a page of a 公文 has ~800 characters
BOLD_WEIGHT = 700
ASCENT = 0.86                          # share of the font size above the baseline (the PDF reader's top/bottom)

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


# ---------------------------------------------------------------------------------------------- package


@dataclass
class _Font:
    name: str
    bold: bool = False
    file: str | None = None            # zip member of an embedded font file


@dataclass
class _Page:
    number: int
    content: str | None                # zip member of Content.xml
    box: tuple[float, float, float, float]
    templates: list[str] = field(default_factory=list)


@dataclass
class _Package:
    path: Path
    zf: zipfile.ZipFile
    names: dict[str, str]              # normalised member name → name in the zip
    pages: list[_Page]
    fonts: dict[str, _Font]
    media: dict[str, str]              # MultiMedia ID → member
    units: dict[str, Any]              # CompositeGraphicUnit ID → element
    signatures: int
    annotations: dict[int, int]        # page number → number of annotations

    def read(self, member: str) -> bytes:
        return self.zf.read(self.names[member])

    def xml(self, member: str) -> Any:
        return _parse(self.read(member), self.path)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: Any, name: str) -> Iterator[Any]:
    return (c for c in el if _local(c.tag) == name)


def _child(el: Any, name: str) -> Any:
    return next(_children(el, name), None)


def _find(el: Any, *path: str) -> Any:
    for name in path:
        if el is None:
            return None
        el = _child(el, name)
    return el


def _text(el: Any) -> str:
    return (el.text or "").strip() if el is not None else ""


def _parse(data: bytes, path: Path) -> Any:
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException
    from xml.etree.ElementTree import ParseError
    try:
        return DET.fromstring(data)
    except DefusedXmlException as e:
        raise InputError(f"OFD 文件含有不安全的 XML 声明（DOCTYPE/ENTITY），已拒绝打开：{path}。"
                         f"请确认文件来源，或用 OFD 阅读器另存为 PDF 后再导入。", path=str(path)) from e
    except (ParseError, ValueError) as e:
        raise _damaged(path) from e


def _damaged(path: Path) -> InputError:
    return InputError(f"OFD 文件已损坏或不完整，无法读取：{path}。请重新获取文件，或用 OFD 阅读器另存为 PDF 后再导入。",
                      path=str(path))


def _resolve(base_file: str, loc: str) -> str:
    """A ``BaseLoc`` relative to the file that names it (or absolute from the package root)."""
    loc = loc.strip().replace("\\", "/")
    if loc.startswith("/"):
        return posixpath.normpath(loc.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_file), loc))


def _box(text: str | None, default: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    try:
        vals = [float(v) for v in (text or "").split()]
    except ValueError:
        return default
    return (vals[0], vals[1], vals[2], vals[3]) if len(vals) == 4 and vals[2] > 0 and vals[3] > 0 else default


def open_package(path: Path) -> _Package:
    """Open and index an OFD (first document of the package); the caller closes ``pkg.zf``."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise _damaged(path) from e
    try:
        safety.check_zip_limits(zf.infolist(), path, "OFD")
        names = {posixpath.normpath(i.filename.replace("\\", "/").lstrip("/")): i.filename for i in zf.infolist()}
        lower = {k.lower(): k for k in names}
        if "ofd.xml" not in lower:
            raise InputError(f"这是一个 ZIP 压缩包，不是 OFD 文档：{path}。请先解压，再选择其中的文件。", path=str(path))
        names.setdefault("OFD.xml", names[lower["ofd.xml"]])
        pkg = _Package(path, zf, names, [], {}, {}, {}, 0, {})
        root = pkg.xml("OFD.xml")
        body = _child(root, "DocBody")
        doc_root = _text(_child(body, "DocRoot")) if body is not None else ""
        if not doc_root:
            raise _damaged(path)
        doc_file = _resolve("OFD.xml", doc_root)
        if doc_file not in names:
            raise _damaged(path)
        sig_loc = _text(_child(body, "Signatures"))
        _index_document(pkg, doc_file, sig_loc)
        return pkg
    except BaseException:
        zf.close()
        raise


def _index_document(pkg: _Package, doc_file: str, sig_loc: str) -> None:
    doc = pkg.xml(doc_file)
    common = _child(doc, "CommonData")
    default_box = _box(_text(_find(common, "PageArea", "PhysicalBox")), A4_MM)
    res_files = [_resolve(doc_file, _text(el)) for name in ("PublicRes", "DocumentRes")
                 for el in (_children(common, name) if common is not None else [])]
    for res_file in res_files:
        if res_file in pkg.names:
            _index_resources(pkg, res_file)
    templates: dict[str, str] = {}
    if common is not None:
        for tpl in _children(common, "TemplatePage"):
            templates[tpl.get("ID", "")] = _resolve(doc_file, tpl.get("BaseLoc", ""))
    pages_el = _child(doc, "Pages")
    for i, page_el in enumerate(_children(pages_el, "Page") if pages_el is not None else [], start=1):
        content = _resolve(doc_file, page_el.get("BaseLoc", ""))
        pkg.pages.append(_Page(i, content if content in pkg.names else None, default_box))
        if len(pkg.pages) > safety.MAX_PDF_PAGES:
            raise InputError(f"OFD 页数过多（上限 {safety.MAX_PDF_PAGES} 页）：{pkg.path}。请拆分后再导入。",
                             path=str(pkg.path))
    for page in pkg.pages:
        if page.content is None:
            continue
        root = pkg.xml(page.content)
        page.box = _box(_text(_find(root, "Area", "PhysicalBox")), default_box)
        for tpl in _children(root, "Template"):
            member = templates.get(tpl.get("TemplateID", ""))
            if member and member in pkg.names:
                page.templates.append(member)
    # signatures: the DocBody's Signatures file, or Signs/ folders beside Document.xml
    sig_file = _resolve("OFD.xml", sig_loc) if sig_loc else None
    if sig_file and sig_file in pkg.names:
        sigs = pkg.xml(sig_file)
        pkg.signatures = sum(1 for _ in _children(sigs, "Signature"))
    if not pkg.signatures:
        pkg.signatures = len({n.rsplit("/", 1)[0] for n in pkg.names if n.endswith("/Signature.xml")})
    annot_el = _child(doc, "Annotations")
    if annot_el is not None and _text(annot_el):
        _index_annotations(pkg, _resolve(doc_file, _text(annot_el)))


def _index_resources(pkg: _Package, res_file: str) -> None:
    res = pkg.xml(res_file)
    base = _resolve(res_file, res.get("BaseLoc", "")) if res.get("BaseLoc") else posixpath.dirname(res_file)

    def member(loc: str) -> str:
        loc = loc.strip().replace("\\", "/")
        return posixpath.normpath(loc.lstrip("/")) if loc.startswith("/") else posixpath.normpath(
            posixpath.join(base, loc))

    for fonts in _children(res, "Fonts"):
        for f in _children(fonts, "Font"):
            name = f.get("FontName") or f.get("FamilyName") or ""
            file_el = _child(f, "FontFile")
            pkg.fonts[f.get("ID", "")] = _Font(name=name, bold=f.get("Bold", "false") == "true",
                                              file=member(_text(file_el)) if _text(file_el) else None)
    for medias in _children(res, "MultiMedias"):
        for m in _children(medias, "MultiMedia"):
            loc = _text(_child(m, "MediaFile"))
            if loc:
                pkg.media[m.get("ID", "")] = member(loc)
    for units in _children(res, "CompositeGraphicUnits"):
        for u in _children(units, "CompositeGraphicUnit"):
            pkg.units[u.get("ID", "")] = u


def _index_annotations(pkg: _Package, annot_file: str) -> None:
    if annot_file not in pkg.names:
        return
    root = pkg.xml(annot_file)
    page_ids = {}
    for page_el in _children(root, "Page"):
        page_ids[page_el.get("PageID", "")] = _resolve(annot_file, _text(_child(page_el, "FileLoc")))
    for n, (pid, member) in enumerate(page_ids.items(), start=1):
        if member in pkg.names:
            count = sum(1 for el in pkg.xml(member).iter() if _local(el.tag) == "Annot")
            pkg.annotations[n] = pkg.annotations.get(n, 0) + count


# ---------------------------------------------------------------------------------------------- geometry


def _matrix(text: str | None) -> Matrix:
    try:
        v = [float(x) for x in (text or "").split()]
    except ValueError:
        return IDENTITY
    return (v[0], v[1], v[2], v[3], v[4], v[5]) if len(v) == 6 else IDENTITY


def _then(m: Matrix, n: Matrix) -> Matrix:
    """Apply ``m`` first, then ``n``."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _object_matrix(el: Any, outer: Matrix) -> Matrix:
    """Object space → page space: the object's CTM, then its Boundary's origin, then the enclosing transform."""
    bx, by, _, _ = _box(el.get("Boundary"), (0.0, 0.0, 1.0, 1.0))
    return _then(_then(_matrix(el.get("CTM")), (1.0, 0.0, 0.0, 1.0, bx, by)), outer)


def _deltas(text: str | None) -> list[float]:
    """``DeltaX``/``DeltaY``: numbers, with ``g N d`` meaning ``d`` repeated N times."""
    out: list[float] = []
    tokens = (text or "").split()
    i = 0
    try:
        while i < len(tokens):
            if tokens[i] == "g" and i + 2 < len(tokens):
                out.extend([float(tokens[i + 2])] * min(int(tokens[i + 1]), MAX_CHARS_PER_PAGE))
                i += 3
            else:
                out.append(float(tokens[i]))
                i += 1
    except ValueError:
        return out
    return out


# ---------------------------------------------------------------------------------------------- page objects


@dataclass
class _PageContent:
    chars: list[dict] = field(default_factory=list)     # pdfplumber-like chars, in points
    graphics: int = 0                                   # path objects
    images: int = 0


def _walk(pkg: _Package, container: Any, outer: Matrix, out: _PageContent, depth: int = 0,
          draw: Any = None) -> None:
    if depth > MAX_OBJECT_DEPTH:
        return
    for el in container:
        kind = _local(el.tag)
        if kind in ("Layer", "PageBlock", "Content"):
            _walk(pkg, el, outer, out, depth + 1, draw)
        elif kind == "TextObject":
            _text_object(pkg, el, _object_matrix(el, outer), out)
            if draw is not None:
                draw.text(el, _object_matrix(el, outer))
        elif kind == "PathObject":
            out.graphics += 1
            if draw is not None:
                draw.path(el, _object_matrix(el, outer))
        elif kind == "ImageObject":
            out.images += 1
            if draw is not None:
                draw.image(el, _object_matrix(el, outer))
        elif kind == "CompositeObject":
            unit = pkg.units.get(el.get("ResourceID", ""))
            content = _child(unit, "Content") if unit is not None else None
            if content is not None:
                _walk(pkg, content, _object_matrix(el, outer), out, depth + 1, draw)


def _text_object(pkg: _Package, el: Any, m: Matrix, out: _PageContent) -> None:
    try:
        size = float(el.get("Size", "0") or 0)
    except ValueError:
        size = 0.0
    font = pkg.fonts.get(el.get("Font", ""), _Font(""))
    try:
        weight = int(float(el.get("Weight", "400") or 400))
    except ValueError:
        weight = 400
    bold = font.bold or weight >= BOLD_WEIGHT or el.get("Bold", "false") == "true"
    scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) or 1.0
    size_pt = size * scale * MM_TO_PT
    upright = abs(m[1]) <= 0.05 * abs(m[0]) + 1e-9 and m[0] > 0
    fontname = font.name + ("-Bold" if bold else "")
    x = y = 0.0
    for code in _children(el, "TextCode"):
        text = code.text or ""
        if not text:
            continue
        if code.get("X") is not None:
            x = _num(code.get("X"), x)
        if code.get("Y") is not None:
            y = _num(code.get("Y"), y)
        dx, dy = _deltas(code.get("DeltaX")), _deltas(code.get("DeltaY"))
        for i, ch in enumerate(text):
            if len(out.chars) >= MAX_CHARS_PER_PAGE:
                return
            if not ch.isspace():
                px, py = _apply(m, x, y)
                adv = dx[i] if i < len(dx) else size * (1.0 if ord(ch) > 0x2E7F else 0.5)
                width = adv * scale if i < len(dx) else size * scale * (1.0 if ord(ch) > 0x2E7F else 0.5)
                # the glyph's own width: a CJK glyph is square, Latin about half (the advance may include spacing)
                glyph = min(width, size * scale * (1.0 if ord(ch) > 0x2E7F else 0.6)) if width > 0 else size * scale
                x0, base = px * MM_TO_PT, py * MM_TO_PT
                out.chars.append({"text": ch, "x0": x0, "x1": x0 + glyph * MM_TO_PT,
                                  "top": base - ASCENT * size_pt, "bottom": base + (1 - ASCENT) * size_pt,
                                  "size": size_pt, "fontname": fontname, "upright": upright})
            x += dx[i] if i < len(dx) else size * (1.0 if ord(ch) > 0x2E7F else 0.5)
            y += dy[i] if i < len(dy) else 0.0


def _num(text: str | None, default: float) -> float:
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default


def page_content(pkg: _Package, page: _Page, draw: Any = None) -> _PageContent:
    out = _PageContent()
    for member in page.templates + ([page.content] if page.content else []):
        root = pkg.xml(member)
        content = _child(root, "Content")
        if content is not None:
            _walk(pkg, content, IDENTITY, out, 0, draw)
    return out


# ---------------------------------------------------------------------------------------------- reading


def read(path: Path, opts: ReadOptions) -> Document:
    from . import pdf
    pkg = open_package(path)
    warnings: list[str] = []
    lines: list[Any] = []
    no_text: list[int] = []
    ocr_pages: list[int] = []
    ocr_conf: list[float] = []
    try:
        total = len(pkg.pages)
        if not total:
            raise InputError(f"OFD 文档中没有页面：{path}。请确认文件完整。", path=str(path))
        opts.report(0, total, "正在读取 OFD")
        for page in pkg.pages:
            content = page_content(pkg, page)
            height = page.box[3] * MM_TO_PT
            visible = [c for c in content.chars if c["upright"]]
            if visible:
                lines.extend(pdf._lines_from_chars(visible, page.number, height, set()))
            elif content.graphics or content.images:
                ocr_lines = _ocr_page(pkg, page, opts, ocr_pages) if opts.ocr else []
                if ocr_lines:
                    lines.extend(pdf._from_ocr(ln, page.number, height) for ln in ocr_lines if ln.text.strip())
                    ocr_conf.extend(ln.confidence for ln in ocr_lines if ln.confidence is not None)
                else:
                    no_text.append(page.number)
            if content.chars and not visible:
                warnings.append(f"第{page.number}页的文字是旋转或竖排的，未能读取，请对照原件核对。")
            opts.report(page.number, total, f"已读取第 {page.number}/{total} 页")
    finally:
        pkg.zf.close()
    if not lines:
        how = "文字识别也未识别出文字" if opts.ocr else "已关闭文字识别（--no-ocr）"
        raise NoTextLayerError(f"OFD 文档中没有可读取的文字（页面上的文字是以图形或图片绘制的，{how}）：{path}。"
                               f"请向发文单位索取可复制文字的版本。", path=str(path), pages=no_text)
    if no_text:
        why = "文字识别未识别出文字" if opts.ocr else "已关闭文字识别"
        warnings.append(f"第{pdf._page_list(no_text)}页没有文字（以图形或图片绘制，{why}），这些页的内容未读取，请对照原件核对。")
    if ocr_pages:
        warnings.append(f"第{pdf._page_list(ocr_pages)}页的文字以图形或图片绘制，已用文字识别（OCR）读取，请核对识别结果。")
    if pkg.signatures:
        warnings.append(f"含电子签章（{pkg.signatures} 个）：签章不计入正文，本软件不验证签章的有效性。")
    if pkg.annotations:
        n = sum(pkg.annotations.values())
        warnings.append(f"含 {n} 个注释（批注、水印或图章），不计入正文。")
    lines = pdf._drop_page_furniture(lines, total)
    paragraphs = pdf._paragraphs(lines)
    source = SourceInfo(path=str(path), sha256=sha256_file(path), format=FORMAT, pages=total, ocr_pages=ocr_pages,
                        warnings=warnings,
                        ocr_confidence=(sum(ocr_conf) / len(ocr_conf)) if ocr_conf else None)
    return Document(source, paragraphs)


def _ocr_page(pkg: _Package, page: _Page, opts: ReadOptions, done: list[int]) -> list:
    from . import ocr
    if not ocr.available():
        return []
    if len(done) >= safety.MAX_OCR_PAGES:
        raise InputError(f"需要文字识别的页数超过上限（{safety.MAX_OCR_PAGES} 页）：{pkg.path}。请拆分后分别导入。",
                         path=str(pkg.path))
    opts.report(page.number - 1, len(pkg.pages), f"正在识别第 {page.number} 页（共 {len(pkg.pages)} 页）")
    image = _render(pkg, page, dpi=safety.OCR_RENDER_DPI, text=False).convert("L")
    import numpy as np
    array = np.asarray(image).copy()
    pt_per_px = page.box[2] * MM_TO_PT / max(array.shape[1], 1)
    lines = ocr.boxes_to_lines(ocr.recognize(array), scale=pt_per_px, page=page.number)
    if lines:
        done.append(page.number)
    return lines


# ---------------------------------------------------------------------------------------------- rendering


def page_count(path: str | Path) -> int:
    pkg = open_package(Path(path))
    try:
        return len(pkg.pages)
    finally:
        pkg.zf.close()


def render_page(path: str | Path, page_number: int, width_px: int = 1000) -> Any:
    """The page (1-based) as an RGB ``PIL.Image`` about ``width_px`` wide, for the 正文 view: text in the embedded font
    or a system CJK font, images, and filled/stroked paths (seals included).  An approximation of the page as an OFD
    reader shows it, not a faithful renderer (no clipping, gradients or patterns)."""
    pkg = open_package(Path(path))
    try:
        if not 1 <= page_number <= len(pkg.pages):
            raise InputError(f"OFD 文档没有第 {page_number} 页：{path}。", path=str(path))
        page = pkg.pages[page_number - 1]
        dpi = max(20.0, min(600.0, width_px / (page.box[2] / 25.4)))
        return _render(pkg, page, dpi=dpi, text=True)
    finally:
        pkg.zf.close()


def _render(pkg: _Package, page: _Page, dpi: float, text: bool) -> Any:
    from PIL import Image
    px_per_mm = dpi / 25.4
    w = max(1, int(round(page.box[2] * px_per_mm)))
    h = max(1, int(round(page.box[3] * px_per_mm)))
    if w * h > safety.MAX_IMAGE_PIXELS:
        px_per_mm *= math.sqrt(safety.MAX_IMAGE_PIXELS / (w * h))
        w, h = int(page.box[2] * px_per_mm), int(page.box[3] * px_per_mm)
    image = Image.new("RGB", (w, h), "white")
    painter = _Painter(pkg, image, px_per_mm, text)
    page_content(pkg, page, draw=painter)
    return image


_CJK_FONT_CANDIDATES = (
    "C:/Windows/Fonts/simsun.ttc", "C:/Windows/Fonts/simfang.ttf", "C:/Windows/Fonts/msyh.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc", "/System/Library/Fonts/PingFang.ttc",
)


def _system_cjk_font() -> str | None:
    for cand in _CJK_FONT_CANDIDATES:
        if Path(cand).is_file():
            return cand
    return None


class _Painter:
    """Draws page objects onto a Pillow image (page space in mm → pixels)."""

    def __init__(self, pkg: _Package, image: Any, px_per_mm: float, text: bool):
        from PIL import ImageDraw
        self.pkg, self.canvas, self.k, self.with_text = pkg, image, px_per_mm, text
        self.draw = ImageDraw.Draw(image)
        self._fonts: dict[tuple[str, int], Any] = {}

    def _font(self, font_id: str, px: int) -> Any:
        from PIL import ImageFont
        px = max(4, min(px, 400))
        key = (font_id, px)
        if key not in self._fonts:
            font = self.pkg.fonts.get(font_id)
            loaded = None
            if font is not None and font.file and font.file in self.pkg.names:
                try:
                    loaded = ImageFont.truetype(io.BytesIO(self.pkg.read(font.file)), px)
                except (OSError, ValueError):
                    loaded = None
            if loaded is None:
                system = _system_cjk_font()
                loaded = ImageFont.truetype(system, px) if system else ImageFont.load_default()
            self._fonts[key] = loaded
        return self._fonts[key]

    def _color(self, el: Any, name: str, default: tuple[int, int, int] | None) -> tuple[int, int, int] | None:
        c = _child(el, name)
        if c is None or not c.get("Value"):
            return default
        vals = []
        for tok in c.get("Value", "").split():
            try:
                vals.append(int(tok[1:], 16) if tok.startswith("#") else int(float(tok)))
            except ValueError:
                return default
        if len(vals) == 1:
            return (vals[0],) * 3
        return (vals[0], vals[1], vals[2]) if len(vals) >= 3 else default

    def text(self, el: Any, m: Matrix) -> None:
        if not self.with_text:
            return
        content = _PageContent()
        _text_object(self.pkg, el, m, content)
        color = self._color(el, "FillColor", (0, 0, 0))
        k = self.k / MM_TO_PT
        for c in content.chars:
            font = self._font(el.get("Font", ""), int(round(c["size"] * k)))
            self.draw.text((c["x0"] * k, c["top"] * k), c["text"], fill=color, font=font)

    def path(self, el: Any, m: Matrix) -> None:
        data = _text(_child(el, "AbbreviatedData"))
        if not data:
            return
        fill = self._color(el, "FillColor", (0, 0, 0)) if el.get("Fill", "false") == "true" else None
        stroke = self._color(el, "StrokeColor", (0, 0, 0)) if el.get("Stroke", "true") != "false" else None
        try:
            width = max(1, int(float(el.get("LineWidth", "0.353")) * self.k))
        except ValueError:
            width = 1
        for poly, closed in _path_polygons(data):
            pts = [(px * self.k, py * self.k) for px, py in (_apply(m, x, y) for x, y in poly)]
            if len(pts) < 2:
                continue
            if fill is not None and len(pts) >= 3:
                self.draw.polygon(pts, fill=fill)
            if stroke is not None:
                self.draw.line(pts + ([pts[0]] if closed else []), fill=stroke, width=width)

    def image(self, el: Any, m: Matrix) -> None:
        from PIL import Image
        member = self.pkg.media.get(el.get("ResourceID", ""))
        if not member or member not in self.pkg.names:
            return
        x0, y0 = _apply(m, 0.0, 0.0)
        x1, y1 = _apply(m, 1.0, 1.0)          # an image fills the unit square of its object space
        left, right = sorted((x0 * self.k, x1 * self.k))
        top, bottom = sorted((y0 * self.k, y1 * self.k))
        size = (int(right - left), int(bottom - top))
        if size[0] < 1 or size[1] < 1 or size[0] * size[1] > safety.MAX_IMAGE_PIXELS:
            return
        try:
            with Image.open(io.BytesIO(self.pkg.read(member))) as im:
                if im.width * im.height > safety.MAX_IMAGE_PIXELS:
                    return
                pic = im.convert("RGBA").resize(size)
        except (OSError, ValueError, Image.DecompressionBombError):
            return
        self.canvas.paste(pic, (int(left), int(top)), pic)


_PATH_TOKEN = re.compile(r"[A-Za-z]|-?\d*\.?\d+(?:[eE][-+]?\d+)?")


def _path_polygons(data: str) -> list[tuple[list[tuple[float, float]], bool]]:
    """``AbbreviatedData`` (S/M start, L line, Q/B Bézier, A arc (as a line to its end), C close) → polylines."""
    tokens = _PATH_TOKEN.findall(data)
    polys: list[tuple[list[tuple[float, float]], bool]] = []
    cur: list[tuple[float, float]] = []
    i = 0
    nargs = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}

    def nums(n: int) -> list[float]:
        vals = [float(t) for t in tokens[i + 1:i + 1 + n]]
        return vals if len(vals) == n else []

    while i < len(tokens) and len(polys) < 100_000:
        op = tokens[i]
        if op not in nargs:
            i += 1
            continue
        v = nums(nargs[op])
        if nargs[op] and not v:
            break
        if op in ("S", "M"):
            if len(cur) > 1:
                polys.append((cur, False))
            cur = [(v[0], v[1])]
        elif op == "L":
            cur.append((v[0], v[1]))
        elif op == "A":
            cur.append((v[5], v[6]))
        elif op in ("Q", "B") and cur:
            p0 = cur[-1]
            ctrl = [(v[j], v[j + 1]) for j in range(0, len(v), 2)]
            for t in (k / 8 for k in range(1, 9)):
                cur.append(_bezier([p0] + ctrl, t))
        elif op == "C":
            if len(cur) > 1:
                polys.append((cur, True))
            cur = [cur[0]] if cur else []
        i += 1 + nargs[op]
    if len(cur) > 1:
        polys.append((cur, False))
    return polys


def _bezier(points: list[tuple[float, float]], t: float) -> tuple[float, float]:
    while len(points) > 1:
        points = [((1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1]) for a, b in zip(points, points[1:])]
    return points[0]
