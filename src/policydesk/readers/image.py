"""Image reader: PNG, JPEG, TIFF (multi-page) scans or photos of a document → OCR → lines → paragraphs.

The header is checked (size, frames) before anything is decoded; each frame is one page.  Geometry is converted to
PDF points (from the image's dpi, else assuming an A4-wide page), and paragraphs are rebuilt by the PDF reader's
own layout rules, so a photo of a page and a scanned PDF page give the same paragraphs.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, NoTextLayerError
from ..fileio import sha256_file
from ..model import Document, Line, SourceInfo
from . import ocr, safety
from .base import ReadOptions

FORMAT = "image"
A4_WIDTH_PT = 595.3


def read(path: Path, opts: ReadOptions) -> Document:
    if not opts.ocr:
        raise NoTextLayerError(f"图片文件没有文字层，且文字识别已关闭：{path}。", path=str(path), pages=[1],
                               option="ocr")
    _, _, frames = safety.check_image_header(path)
    if frames > safety.MAX_OCR_PAGES:
        raise InputError(f"图片页数过多（{frames} 页，文字识别上限 {safety.MAX_OCR_PAGES} 页）：{path}。"
                         f"请拆分后再导入。", path=str(path))
    lines: list[Line] = []
    page_heights: dict[int, float] = {}
    for index in range(frames):
        opts.report(index, frames, f"正在识别第 {index + 1} 页（共 {frames} 页）")
        image, pt_per_px = _load_frame(path, index)
        page_heights[index + 1] = image.shape[0] * pt_per_px
        lines.extend(ocr.boxes_to_lines(ocr.recognize(image), scale=pt_per_px, page=index + 1))
    opts.report(frames, frames, "文字识别完成")
    # the same page-furniture and layout rules as for a scanned PDF page
    from .pdf import paragraphs_from_ocr_lines
    paragraphs = paragraphs_from_ocr_lines(lines, page_heights)
    if not paragraphs:
        raise InputError(f"图片中没有识别出文字：{path}。请确认图片清晰、方向正确，或提供原始电子文件。",
                         path=str(path))
    source = SourceInfo(path=str(path), sha256=sha256_file(path), format=FORMAT, pages=frames,
                        ocr_pages=list(range(1, frames + 1)), ocr_confidence=ocr.mean_confidence(lines))
    return Document(source, paragraphs)


def _load_frame(path: Path, index: int):
    """One frame as a grayscale ndarray, EXIF-rotated, and its points-per-pixel."""
    import numpy as np
    from PIL import Image, ImageOps
    try:
        with Image.open(path) as im:
            im.seek(index)
            dpi = im.info.get("dpi")
            frame = ImageOps.exif_transpose(im) if index == 0 else im
            gray = frame.convert("L")
            array = np.asarray(gray).copy()
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as e:
        raise InputError(f"图片文件已损坏，无法读取：{path}。请重新扫描或另存为 PNG/JPG 后重试。", path=str(path)) from e
    width = array.shape[1]
    try:
        x_dpi = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        x_dpi = 0.0
    # Trust a plausible scan resolution; otherwise assume the image spans an A4 page's width.
    pt_per_px = 72.0 / x_dpi if 70 <= x_dpi <= 1200 and width * 72.0 / x_dpi > 200 else A4_WIDTH_PT / max(width, 1)
    return array, pt_per_px
