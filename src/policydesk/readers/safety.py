"""Limits and pre-flight checks that keep a hostile or broken input from exhausting memory or time.

Every limit is a named constant here, so a support person can see (and a packager can change) them in one place.
They are generous for real 公文 (a plan is 10–100 pages, a few hundred KB of text) and far below what would hurt a PC.

``check_docx_container`` reads only the ZIP central directory (and at most a few KB of each XML part) before any
reader inflates a DOCX: Python's ``zipfile`` never produces more than a member's declared size (it stops there and
fails the CRC check), so bounding the declared sizes bounds the memory a zip bomb can take.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import time
import zipfile
import zlib
from pathlib import Path
from typing import Iterator

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
XML_PROLOG_MAX_BYTES = 64 * 1024           # a DOCTYPE can only appear before the root element; Word's prolog is
                                           # ~60 bytes, so a part whose root does not start within this is refused

# --- pages and time ------------------------------------------------------------------------------------------------
MAX_PDF_PAGES = 2_000                      # pages read from one PDF
MAX_OCR_PAGES = 200                        # pages OCR'd in one document (at ~3-5 s/page, ~15 min)
OCR_RENDER_DPI = 200                       # PDF pages are rendered at this resolution for OCR …
OCR_MAX_SIDE_PX = 2000                     # … but no larger than this on the long side (A4: ~170 dpi): the detector
                                           # works at this size anyway (rapidocr's max_side_len, pinned to it)
READ_TIME_LIMIT_S = 30 * 60                # one document, all pages (checked between pages via ReadOptions.report)

# --- PDF streams (inflated by pdfminer as it reads; checked while they inflate, see ``bound_pdfminer``) ------------
MAX_PDF_STREAM_BYTES = 128 * 1024 * 1024   # one decoded stream (a page's content is KB; a whole CJK font ~20 MB)
MAX_PDF_INFLATED_BYTES = 256 * 1024 * 1024 # all streams decoded while reading one document
MAX_PDF_STREAM_RATIO = 300                 # decoded/encoded for one stream (text and fonts 2-10x; zlib's ceiling ~1030x)
PDF_RATIO_MIN_BYTES = 2 * 1024 * 1024      # the ratio is only judged once a stream has produced this much
MAX_DOCUMENT_PIXELS = 2_000_000_000        # all images of one document together (200 A4 pages at 300 dpi are 1.7 billion)

# --- text ----------------------------------------------------------------------------------------------------------
MAX_TITLE_SPLIT_CHARS = 600                # a title longer than this is cut into equal lines instead of balanced ones

MB = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n / 1024:.0f} KB"


def check_file_size(path: Path, size: int, limit: int, what: str) -> None:
    if size > limit:
        raise InputError(f"文件过大（{_mb(size)}，{what}上限 {_mb(limit)}）：{path}。"
                         f"请确认选对了文件，或把文件拆分后再导入。", path=str(path))


_XML_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8-sig"),
             (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_XML_NUL_PATTERNS = ((b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"), (b"<\x00", "utf-16-le"),
                     (b"\x00<", "utf-16-be"))


def _xml_encoding(head: bytes) -> str:
    for bom, enc in _XML_BOMS:
        if head.startswith(bom):
            return enc
    for pattern, enc in _XML_NUL_PATTERNS:
        if head.startswith(pattern):
            return enc
    return "latin-1"            # every ASCII-compatible encoding shows "<!DOCTYPE" as these bytes


def xml_declares_dtd(head: bytes) -> bool:
    """Does the XML whose first ``XML_PROLOG_MAX_BYTES`` are ``head`` declare a DOCTYPE/ENTITY (in any encoding,
    after any number of comments) — or have a prolog too long to tell?  Walks the prolog token by token up to the
    root element, where a DTD can no longer appear."""
    found = _walk_prolog(head)
    return len(head) >= XML_PROLOG_MAX_BYTES if found is None else found


def _walk_prolog(head: bytes) -> bool | None:
    """True: a DOCTYPE/ENTITY; False: the root element came first; None: the prolog goes on past ``head``."""
    text = head.decode(_xml_encoding(head), errors="replace").lstrip("\ufeff")
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            return None
        if text.startswith("<?", i):
            end, close = text.find("?>", i + 2), 2
        elif text.startswith("<!--", i):
            end, close = text.find("-->", i + 4), 3
        elif text.startswith("<!", i):
            if n - i < 4 and "<!--".startswith(text[i:]):
                return None     # cut in the middle of a comment's "<!--"
            return True         # <!DOCTYPE, <!ENTITY (any case, any spacing)
        else:
            return False        # the root element (or not XML at all: the parser will say so)
        if end < 0:
            return None
        i = end + close


def read_xml_prolog(f) -> bytes:
    """The first bytes of an XML part, enough to walk its prolog: 4 KB, more (up to ``XML_PROLOG_MAX_BYTES``) only
    when the prolog goes on past them."""
    head = f.read(4096)
    if len(head) == 4096 and _walk_prolog(head) is None:
        head += f.read(XML_PROLOG_MAX_BYTES - 4096)
    return head


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
                        head = read_xml_prolog(f)
                    if xml_declares_dtd(head):
                        raise InputError(f"Word 文件含有不安全的 XML 声明（DOCTYPE/ENTITY），已拒绝打开：{path}。"
                                         f"请在 Word/WPS 中打开并另存为 .docx 后重试。", path=str(path))
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError,
            NotImplementedError) as e:
        # RuntimeError: encrypted member; NotImplementedError: unsupported compression
        raise damaged from e


def _bomb(path: Path, why: str) -> InputError:
    return InputError(f"Word 文件过大或被构造（{why}），可能是恶意构造的压缩包，已拒绝打开：{path}。"
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
    if width * height * frames > MAX_DOCUMENT_PIXELS:
        raise too_big_or_crafted(path, f"{frames} 页图片共 {width * height * frames / 1e8:.1f} 亿像素，"
                                       f"上限 {MAX_DOCUMENT_PIXELS / 1e8:g} 亿")
    return width, height, frames


def check_pdf_page_images(path: Path, images: list[dict]) -> None:
    """Before a PDF page is rendered (for OCR): each image within ``MAX_IMAGE_PIXELS``, all images of the document
    within ``MAX_DOCUMENT_PIXELS`` (sizes from the image dictionaries, nothing decoded)."""
    budget = current_budget()
    for im in images:
        try:
            w, h = (int(v) for v in im.get("srcsize") or (0, 0))
        except (TypeError, ValueError):
            continue
        if w * h > MAX_IMAGE_PIXELS:
            raise too_big_or_crafted(path, f"页面中的图片 {w}×{h} 像素")
        budget.add_pixels(max(w, 0) * max(h, 0))


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


# ---------------------------------------------------------------------------------------------- decoding budgets


def too_big_or_crafted(path: Path | str | None, why: str) -> InputError:
    """The one refusal for decompression bombs of every format (ZIP, PDF streams, images)."""
    where = f"：{path}" if path else ""
    return InputError(f"文件过大或被构造（{why}），已拒绝读取{where}。"
                      f"请确认文件来源，或在原程序中另存一份后重试。", path=str(path) if path else None)


class InflateBudget:
    """Bytes inflated while reading one document; :meth:`add` refuses once a stream or the document is over budget."""

    def __init__(self, path: Path | str | None = None, total: int | None = None):
        self.path = path
        self.total = MAX_PDF_INFLATED_BYTES if total is None else total
        self.used = 0
        self.pixels = 0

    def add(self, produced: int, stream_out: int, stream_in: int) -> None:
        """``produced`` new bytes; the stream has now produced ``stream_out`` from ``stream_in`` encoded bytes."""
        self.used += produced
        if stream_out > MAX_PDF_STREAM_BYTES:
            raise too_big_or_crafted(self.path, f"一个数据流解压后超过 {_mb(MAX_PDF_STREAM_BYTES)}")
        if stream_out > PDF_RATIO_MIN_BYTES and stream_out > MAX_PDF_STREAM_RATIO * max(stream_in, 1):
            raise too_big_or_crafted(self.path, f"数据流压缩比异常，超过 {MAX_PDF_STREAM_RATIO} 倍")
        if self.used > self.total:
            raise too_big_or_crafted(self.path, f"解压后的数据超过 {_mb(self.total)}")

    def add_pixels(self, pixels: int) -> None:
        self.pixels += pixels
        if self.pixels > MAX_DOCUMENT_PIXELS:
            raise too_big_or_crafted(self.path, f"图片总像素超过 {MAX_DOCUMENT_PIXELS / 1e8:g} 亿")


_budget: contextvars.ContextVar[InflateBudget | None] = contextvars.ContextVar("policydesk_inflate_budget",
                                                                              default=None)


@contextlib.contextmanager
def inflate_budget(path: Path | str | None = None) -> Iterator[InflateBudget]:
    """The budget of one document (per thread: the GUI reads on worker threads)."""
    budget = InflateBudget(path)
    token = _budget.set(budget)
    try:
        yield budget
    finally:
        _budget.reset(token)


def current_budget() -> InflateBudget:
    """The document's budget; outside :func:`inflate_budget` a fresh one (per-stream limits still apply)."""
    return _budget.get() or InflateBudget()


_CHUNK = 1 << 20


def bounded_inflate(data: bytes) -> bytes:
    """``zlib.decompress`` that stops as soon as the output is over budget (decompressobj with ``max_length``)."""
    budget = current_budget()
    d = zlib.decompressobj()
    out: list[bytes] = []
    produced = 0
    buf = data
    while True:
        chunk = d.decompress(buf, _CHUNK)
        buf = d.unconsumed_tail
        if chunk:
            produced += len(chunk)
            budget.add(len(chunk), produced, len(data) - len(buf))
            out.append(chunk)
        if d.eof or (not chunk and not buf):
            break
    if not d.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return b"".join(out)


class _BoundedDecompressObj:
    """A ``zlib.decompressobj`` that counts what it produces (pdfminer's recovery path for damaged streams)."""

    def __init__(self, *args, **kwargs):
        self._d = zlib.decompressobj(*args, **kwargs)
        self._budget = current_budget()
        self._in = self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._d.decompress(data, max_length) if max_length else self._d.decompress(data)
        self._in += len(data)
        self._out += len(out)
        self._budget.add(len(out), self._out, self._in)
        return out

    def __getattr__(self, name: str):
        return getattr(self._d, name)


class _BoundedZlib:
    """What pdfminer.pdftypes sees as ``zlib``: the real module with bounded decompression."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args, **kwargs) -> bytes:
        if args or kwargs:                           # never called so by pdfminer; keep exact semantics
            return zlib.decompress(data, *args, **kwargs)
        return bounded_inflate(data)

    @staticmethod
    def decompressobj(*args, **kwargs):
        return _BoundedDecompressObj(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(zlib, name)


def _bounded_lzwdecode(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder
    budget = current_budget()
    out = bytearray()
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        out += chunk
        budget.add(len(chunk), len(out), len(data))
    return bytes(out)


def _bounded_rldecode(data: bytes) -> bytes:
    """RunLength: the output size is known from the length bytes before anything is expanded."""
    from pdfminer.runlength import rldecode
    size, i, n = 0, 0, len(data)
    while i < n:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            size += length + 1
            i += length + 2
        else:
            size += 257 - length
            i += 2
    current_budget().add(size, size, n)
    return rldecode(data)


def bound_pdfminer() -> None:
    """Make pdfminer inflate every Flate/LZW/RunLength stream under the budget (idempotent, process-wide)."""
    from pdfminer import pdftypes
    if isinstance(pdftypes.zlib, _BoundedZlib):
        return
    pdftypes.zlib = _BoundedZlib()
    pdftypes.lzwdecode = _bounded_lzwdecode
    pdftypes.rldecode = _bounded_rldecode
