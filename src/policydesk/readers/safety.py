"""Limits and pre-flight checks that keep a hostile or broken input from exhausting memory or time.

Every limit is a named constant here, so a support person can see (and a packager can change) them in one place.
They are generous for real 公文 (a plan is 10–100 pages, a few hundred KB of text) and far below what would hurt a PC.

``check_docx_container`` reads only the ZIP central directory (and at most a few KB of each XML part) before any
reader inflates a DOCX: Python's ``zipfile`` never produces more than a member's declared size (it stops there and
fails the CRC check), so bounding the declared sizes bounds the memory a zip bomb can take.
"""

from __future__ import annotations

import re
import time
import zipfile
import zlib
from pathlib import Path

from ..errors import InputError

# --- sizes ---------------------------------------------------------------------------------------------------------
MAX_INPUT_BYTES = 200 * 1024 * 1024        # any input file (a 14-page plan PDF is ~0.3 MB; scanned 100 pages ~50 MB)
MAX_TEXT_BYTES = 20 * 1024 * 1024          # plain text: ~10 million Chinese characters, far beyond any 公文
MAX_IMAGE_BYTES = 50 * 1024 * 1024         # one PNG/JPG/TIFF file
MAX_IMAGE_PIXELS = 60_000_000              # per image/frame (A4 at 600 dpi is 35 MP); checked from the header, before decoding
MAX_IMAGE_FRAMES = 200                     # pages of a multi-page TIFF

# --- DOCX (ZIP) ----------------------------------------------------------------------------------------------------
MAX_ZIP_ENTRIES = 5_000                    # a Word document has a few dozen parts
MAX_ZIP_TOTAL_UNCOMPRESSED = 300 * 1024 * 1024   # sum of declared member sizes
MAX_ZIP_MEMBER_UNCOMPRESSED = 150 * 1024 * 1024  # one member (document.xml of a 500-page report is ~20 MB)
MAX_ZIP_RATIO = 150                        # uncompressed/compressed for one member (Word XML is 5-30x; bombs 1000x+)
ZIP_RATIO_MIN_BYTES = 2 * 1024 * 1024      # the ratio is only judged for members larger than this
XML_HEAD_SCAN_BYTES = 4096                 # a DOCTYPE can only appear before the root element

# --- pages and time ------------------------------------------------------------------------------------------------
MAX_PDF_PAGES = 2_000                      # pages read from one PDF
MAX_OCR_PAGES = 200                        # pages OCR'd in one document (at ~3-5 s/page, ~15 min)
OCR_RENDER_DPI = 200                       # PDF pages are rendered at this resolution for OCR …
OCR_MAX_SIDE_PX = 2000                     # … but no larger than this on the long side (A4: ~170 dpi): the detector
                                           # works at this size anyway (rapidocr's max_side_len, pinned to it)
READ_TIME_LIMIT_S = 30 * 60                # one document, all pages (checked between pages via ReadOptions.report)

MB = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n / 1024:.0f} KB"


def check_file_size(path: Path, size: int, limit: int, what: str) -> None:
    if size > limit:
        raise InputError(f"文件过大（{_mb(size)}，{what}上限 {_mb(limit)}）：{path}。"
                         f"请确认选对了文件，或把文件拆分后再导入。", path=str(path))


_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_docx_container(path: Path) -> None:
    """Refuse a damaged ZIP, a zip bomb, a non-Word ZIP and XML with DTDs — before anything is inflated."""
    damaged = InputError(f"Word 文件已损坏，无法打开：{path}。请在 Word/WPS 中打开并另存为 .docx 后重试。", path=str(path))
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise _bomb(path, f"包含 {len(infos)} 个部件")
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > MAX_ZIP_MEMBER_UNCOMPRESSED or total > MAX_ZIP_TOTAL_UNCOMPRESSED:
                    raise _bomb(path, f"解压后超过 {_mb(MAX_ZIP_TOTAL_UNCOMPRESSED)}")
                if (info.file_size > ZIP_RATIO_MIN_BYTES
                        and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1)):
                    raise _bomb(path, f"压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍）")
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                if "xl/workbook.xml" in names or "ppt/presentation.xml" in names or "content.xml" in names:
                    raise InputError(f"这不是 Word 文档（可能是 Excel、PowerPoint 或 ODF 文件）：{path}。"
                                     f"请选择 PDF、DOCX 或 TXT 文件。", path=str(path))
                if "[Content_Types].xml" not in names:
                    raise InputError(f"这是一个 ZIP 压缩包，不是 Word 文档：{path}。请先解压，再选择其中的文件。",
                                     path=str(path))
                raise damaged
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and info.file_size:
                    with zf.open(info) as f:
                        head = f.read(XML_HEAD_SCAN_BYTES)
                    if _DOCTYPE.search(head):
                        raise InputError(f"Word 文件含有不安全的 XML 声明（DOCTYPE/ENTITY），已拒绝打开：{path}。"
                                         f"请在 Word/WPS 中打开并另存为 .docx 后重试。", path=str(path))
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError,
            NotImplementedError) as e:
        # RuntimeError: encrypted member; NotImplementedError: unsupported compression
        raise damaged from e


def _bomb(path: Path, why: str) -> InputError:
    return InputError(f"Word 文件结构异常（{why}），可能是恶意构造的压缩包，已拒绝打开：{path}。"
                      f"请确认文件来源，或在 Word/WPS 中另存为 .docx 后重试。", path=str(path))


def check_image_header(path: Path) -> tuple[int, int, int]:
    """(width, height, frames) from the image header only; refuse decompression bombs before decoding."""
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(path) as im:       # lazy: reads the header, decodes nothing
            width, height = im.size
            frames = int(getattr(im, "n_frames", 1) or 1)
    except Image.DecompressionBombError as e:   # Pillow's own guard (> 2 x its MAX_IMAGE_PIXELS)
        raise InputError(f"图片尺寸过大：{path}。请以 300 dpi 以下重新扫描后再导入。", path=str(path)) from e
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as e:
        raise InputError(f"图片文件已损坏或格式不受支持：{path}。请重新扫描或另存为 PNG/JPG 后重试。",
                         path=str(path)) from e
    if width * height > MAX_IMAGE_PIXELS:
        raise InputError(f"图片尺寸过大（{width}×{height} 像素）：{path}。请以 300 dpi 以下重新扫描后再导入。",
                         path=str(path))
    if frames > MAX_IMAGE_FRAMES:
        raise InputError(f"图片页数过多（{frames} 页，上限 {MAX_IMAGE_FRAMES} 页）：{path}。请拆分后再导入。",
                         path=str(path))
    return width, height, frames


def with_deadline(opts, path: Path, seconds: float = READ_TIME_LIMIT_S):
    """Make ``opts.report`` (called by readers between pages) fail once ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    user_cancel = opts.cancel

    def cancel() -> bool:
        if time.monotonic() > deadline:
            raise InputError(f"处理时间超过 {seconds / 60:.0f} 分钟，已停止：{path}。"
                             f"请把文件拆分后再导入，或对扫描件先做文字识别。", path=str(path))
        return bool(user_cancel and user_cancel())

    opts.cancel = cancel
    return opts


def check_zip_limits(infos: list[zipfile.ZipInfo], path: Path, what: str) -> None:
    """The DOCX zip-bomb limits for another ZIP-based format (OFD): entries, declared sizes, compression ratio,
    encrypted members.  Works on the central directory only; nothing is inflated."""
    def bomb(why: str) -> InputError:
        return InputError(f"{what} 文件结构异常（{why}），可能是恶意构造的压缩包，已拒绝打开：{path}。"
                          f"请确认文件来源后重新获取。", path=str(path))
    if len(infos) > MAX_ZIP_ENTRIES:
        raise bomb(f"包含 {len(infos)} 个部件")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_ZIP_MEMBER_UNCOMPRESSED or total > MAX_ZIP_TOTAL_UNCOMPRESSED:
            raise bomb(f"解压后超过 {_mb(MAX_ZIP_TOTAL_UNCOMPRESSED)}")
        if info.file_size > ZIP_RATIO_MIN_BYTES and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise bomb(f"压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍）")
        if info.flag_bits & 0x1:
            raise InputError(f"{what} 文件已加密，无法读取：{path}。请用原程序去除加密后另存，再导入。", path=str(path))
