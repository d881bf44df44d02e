"""Image reader: PNG, JPEG, TIFF (multi-page) scans or photos of a document → OCR → lines → paragraphs.

The header is checked (size, frames) before anything is decoded; each frame is one page.  Geometry is converted to
PDF points (from the image's dpi, else assuming an A4-wide page), and paragraphs are rebuilt by the PDF reader's
own layout rules, so a photo of a page and a scanned PDF page give the same paragraphs.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, NoTextLayerError
from ..fileio import sha256_file
from ..model import Document, Line, Paragraph, SourceInfo
from . import ocr, safety
from .base import ReadOptions

FORMAT = "image"
A4_WIDTH_PT = 595.3


def read(path: Path, opts: ReadOptions) -> Document:
    if not opts.ocr:
        raise NoTextLayerError(f"图片文件没有文字层，且已关闭文字识别（--no-ocr）：{path}。"
                               f"请去掉 --no-ocr 以识别图片中的文字。", path=str(path), pages=[1])
    _, _, frames = safety.check_image_header(path)
    if frames > safety.MAX_OCR_PAGES:
        raise InputError(f"图片页数过多（{frames} 页，文字识别上限 {safety.MAX_OCR_PAGES} 页）：{path}。"
                         f"请拆分后再导入。", path=str(path))
    frames_of = [(path, index) for index in range(frames)]
    doc = _read_pages(frames_of, opts, str(path))
    doc.source.sha256 = sha256_file(path)
    return doc


def read_images(items: list, opts: ReadOptions | None = None, name: str = "图片") -> Document:
    """Several page images — files (a folder of page photos, in the given order) or encoded image bytes (a pasted
    screenshot) — as one document, page after page.  Each is checked like an image file; multi-page TIFFs give all
    their frames."""
    import hashlib
    import tempfile
    opts = opts or ReadOptions()
    if not opts.ocr:
        raise NoTextLayerError(f"图片没有文字层，且已关闭文字识别：{name}。请开启文字识别。", path=name, pages=[1])
    if not items:
        raise InputError(f"没有要识别的图片：{name}。请选择图片文件。", path=name)
    digest = hashlib.sha256()
    pages: list[tuple[Path, int]] = []
    with tempfile.TemporaryDirectory(prefix="policydesk-images-") as tmp:
        for n, item in enumerate(items):
            if isinstance(item, (bytes, bytearray, memoryview)):
                data = bytes(item)
                if len(data) > safety.MAX_IMAGE_BYTES:
                    raise InputError(f"粘贴的图片过大（第 {n + 1} 张）。请缩小后再试。", path=name)
                p = Path(tmp) / f"pasted-{n + 1}"
                p.write_bytes(data)
                label = f"粘贴的第 {n + 1} 张图片"
            else:
                p = Path(item)
                if not p.is_file():
                    raise InputError(f"找不到图片文件：{p}。请检查路径。", path=str(p))
                safety.check_file_size(p, p.stat().st_size, safety.MAX_IMAGE_BYTES, "图片文件")
                label = str(p)
            try:
                _, _, frames = safety.check_image_header(p)
            except InputError as e:
                raise InputError(str(e).replace(str(p), label), path=label) from e
            digest.update(p.read_bytes())
            pages.extend((p, index) for index in range(frames))
        if len(pages) > safety.MAX_OCR_PAGES:
            raise InputError(f"图片页数过多（{len(pages)} 页，文字识别上限 {safety.MAX_OCR_PAGES} 页）：{name}。"
                             f"请分批导入。", path=name)
        opts = safety.with_deadline(opts, Path(name), safety.READ_TIME_LIMIT_S)
        doc = _read_pages(pages, opts, name)
    doc.source.sha256 = digest.hexdigest()
    for par in doc.paragraphs:           # as readers.read_document does for every OCR'd paragraph
        if par.lines and all(ln.confidence is not None for ln in par.lines):
            par.text = ocr.fix_punctuation(par.text)
    return doc


def _read_pages(pages: list[tuple[Path, int]], opts: ReadOptions, name: str) -> Document:
    lines: list[Line] = []
    page_heights: dict[int, float] = {}
    steps: dict[str, list[int]] = {}
    total = len(pages)
    for n, (path, index) in enumerate(pages, start=1):
        opts.report(n - 1, total, f"正在识别第 {n} 页（共 {total} 页）")
        image, pt_per_px, done = _load_frame(path, index)
        for step in done:
            steps.setdefault(step.split(":")[0], []).append(n)
        page_heights[n] = image.shape[0] * pt_per_px
        lines.extend(ocr.boxes_to_lines(ocr.recognize(image), scale=pt_per_px, page=n))
    opts.report(total, total, "文字识别完成")
    # the same page-furniture and layout rules as for a scanned PDF page
    from .pdf import paragraphs_from_ocr_lines
    paragraphs = paragraphs_from_ocr_lines(lines, page_heights)
    if not paragraphs:
        raise InputError(f"图片中没有识别出文字：{name}。请确认图片清晰、方向正确，或提供原始电子文件。", path=name)
    source = SourceInfo(path=name, sha256="", format=FORMAT, pages=total, ocr_pages=list(range(1, total + 1)),
                        ocr_confidence=ocr.mean_confidence(lines), warnings=prep_warnings(steps))
    return Document(source, paragraphs)


def prep_warnings(steps: dict[str, list[int]]) -> list[str]:
    """What the page preparation did, for the user (pages listed)."""
    from .pdf import _page_list
    said = {"seal": "检测到红色印章，已在识别前去除印章颜色（印章文字不计入正文）",
            "perspective": "已校正拍摄角度（透视）", "light": "已校正光照不均", "skew": "已校正页面倾斜"}
    return [f"第{_page_list(pages)}页：{said[k]}。" for k, pages in steps.items() if k in said]


def _load_frame(path: Path, index: int):
    """One frame as a prepared grey ndarray (EXIF-rotated; seal, perspective, light and skew handled by
    :mod:`.pageprep`), its points-per-pixel, and the preparation steps done."""
    import numpy as np
    from PIL import Image, ImageOps
    from . import pageprep
    try:
        with Image.open(path) as im:
            im.seek(index)
            dpi = im.info.get("dpi")
            frame = ImageOps.exif_transpose(im) if index == 0 else im
            colour = frame.mode not in ("1", "L", "LA", "I", "I;16", "F")
            array = np.asarray(frame.convert("RGB" if colour else "L")).copy()
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as e:
        raise InputError(f"图片文件已损坏，无法读取：{path}。请重新扫描或另存为 PNG/JPG 后重试。", path=str(path)) from e
    prepared = pageprep.prepare(array)
    array = prepared.gray
    width = array.shape[1]
    if prepared.straightened:
        dpi = None                       # a photo straightened to its page: the page is A4 wide
    try:
        x_dpi = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        x_dpi = 0.0
    # Trust a plausible scan resolution; otherwise assume the image spans an A4 page's width.
    pt_per_px = 72.0 / x_dpi if 70 <= x_dpi <= 1200 and width * 72.0 / x_dpi > 200 else A4_WIDTH_PT / max(width, 1)
    return array, pt_per_px, prepared.steps
