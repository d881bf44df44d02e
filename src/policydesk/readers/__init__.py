"""Readers: one module per input format behind one interface (see :mod:`.base`).

``read_document(path, opts)`` is the only entry point.  It

* checks the file exists, is readable, is not empty and is within the size limits of :mod:`.safety`;
* sniffs the *content* (magic bytes) — the extension never decides — and refuses formats it cannot read with a
  Chinese message saying what to do (old .doc/.wps, other ZIPs, executables …);
* checks a DOCX's ZIP directory for zip bombs and DTDs before any XML is inflated;
* wires OCR (``opts.page_ocr``) for PDF pages without a usable text layer when ``opts.ocr`` is on, limits the number
  of OCR'd pages and the total time;
* dispatches to ``pdf``, ``docx``, ``text`` or ``image`` and turns anything unexpected a reader raises into a clean
  :class:`~policydesk.errors.InputError` (exit 3) — the traceback goes to the log, never to the user.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from pathlib import Path

from ..errors import InputError, PolicydeskError
from ..fileio import is_lock_file
from ..model import Document
from . import safety
from .base import ReadOptions

__all__ = ["read_document", "read_images", "image_files_in", "ReadOptions", "sniff_format", "ACCEPTED_KINDS"]

# What an open dialog offers, as (Chinese label, suffixes), in this order.  .ofd and .doc/.wps: the OFD and legacy
# Word readers (issue 17) — listed here so every dialog follows when a reader is added.
ACCEPTED_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("PDF 文件", (".pdf",)),
    ("Word 文档", (".docx", ".doc", ".wps")),
    ("OFD 文件", (".ofd",)),
    ("文本文件", (".txt",)),
    ("图片", (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".webp")),
)

log = logging.getLogger("policydesk.readers")

_EXPECTED_SUFFIXES = {
    "pdf": {".pdf"},
    "docx": {".docx", ".docm", ".dotx"},
    "txt": {".txt", ".text", ".md", ""},
    "image": {".png", ".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".gif", ".webp"},
    "ofd": {".ofd"},
    "doc": {".doc", ".wps", ".dot", ".wpt"},
}
_FORMAT_NAMES = {"pdf": "PDF", "docx": "Word（DOCX）", "txt": "纯文本", "image": "图片", "ofd": "OFD",
                 "doc": "Word 97-2003（.doc）"}


def sniff_format(path: Path) -> str:
    """The format from the file's first bytes: "pdf", "docx", "ofd" (a ZIP with OFD.xml), "image", "txt", "doc"
    (OLE2: .doc/.wps; the doc reader refuses .xls/.ppt/Works files), or a refused kind ("rtf", "html", "archive",
    "binary")."""
    with open(path, "rb") as f:
        head = f.read(4096)
        f.seek(max(0, os.fstat(f.fileno()).st_size - 1024))
        tail = f.read(1024)
    fmt = sniff_bytes(head, tail)
    if fmt == "docx" and _zip_has_ofd_root(path):
        return "ofd"                    # an OFD (GB/T 33190) is a ZIP with OFD.xml at its root
    return fmt


def _zip_has_ofd_root(path: Path) -> bool:
    import zipfile
    try:
        with zipfile.ZipFile(path) as zf:
            return any(n.lstrip("/").lower() == "ofd.xml" for n in zf.namelist()[: safety.MAX_ZIP_ENTRIES])
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")


def sniff_bytes(head: bytes, tail: bytes | None = None) -> str:
    """``tail``: the last 1 KB, where a PDF's ``%%EOF`` is (None when unknown)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    m = _PDF_HEADER.search(head[:1024])  # the PDF spec tolerates junk before the header …
    if m and (not head[:m.start()].strip() or (tail is not None and b"%%EOF" in tail)
              or (tail is None and b"\x00" in head[:m.start()])):
        return "pdf"                    # … but a text that merely mentions "%PDF-1.4" is not a PDF
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx"
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a")) or (
            head.startswith(b"RIFF") and head[8:12] == b"WEBP"):
        return "image"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")):
        return "archive"
    if head.startswith((b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")) or (
            head.startswith(b"MZ") and b"\x00" in head[:64]):    # a DOS/PE header has NULs; "MZ…" text has none
        return "binary"
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return "txt"
    start = head[:512].lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml", b"<svg")) or b"<html" in start[:200]:
        return "html"                   # a web page (often a portal's error or login page saved as .pdf)
    nul_positions = [i % 2 for i, b in enumerate(head) if b == 0]
    if nul_positions and len(set(nul_positions)) > 1 and not _looks_like_bomless_utf16(head):
        return "binary"                 # NULs at both parities and not UTF-16 text without BOM either
    return "txt"


def _looks_like_bomless_utf16(head: bytes) -> bool:
    """UTF-16 without BOM: Chinese (U+4E00 → 00 4E) and ASCII put NULs at both parities; decode and look."""
    sample = head[: len(head) // 2 * 2]
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        if not text:
            continue
        good = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t\u3000")
        cjk = sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
        if good >= 0.97 * len(text) and cjk >= 0.2 * len(text):
            return True
    return False


def read_images(items: list, opts: ReadOptions | None = None, name: str = "图片") -> Document:
    """Page images as one document, in the given order: paths (a folder of page photos) or encoded image bytes (a
    pasted screenshot: PNG/JPEG/BMP… bytes).  OCR with the same page preparation as a single image."""
    from . import image
    try:
        return image.read_images(list(items), opts, name)
    except PolicydeskError:
        raise
    except MemoryError as e:
        raise InputError(f"图片过大，内存不足，无法识别：{name}。请缩小图片后再试。", path=name) from e
    except Exception as e:  # noqa: BLE001 - a damaged image must never crash the program
        log.warning("image reader failed: %s", type(e).__name__)
        raise InputError(f"无法识别图片：{name}。图片可能已损坏，请重新拍摄或另存为 PNG/JPG 后再试。", path=name) from e


def image_files_in(folder: str | os.PathLike) -> list[Path]:
    """The image files of a folder (by content, not name), in natural order: 第2页 before 第10页."""
    import re as _re
    files = []
    for f in Path(folder).iterdir():
        if f.is_file() and not f.name.startswith(".") and f.stat().st_size:
            try:
                if sniff_format(f) == "image":
                    files.append(f)
            except OSError:
                continue
    return sorted(files, key=lambda f: [int(t) if t.isdigit() else t.lower() for t in _re.split(r"(\d+)", f.name)])


def read_document(path: str | os.PathLike, opts: ReadOptions | None = None) -> Document:
    opts = opts or ReadOptions()
    p = Path(path)
    try:
        is_folder = p.is_dir()
    except OSError:                         # a name the file system cannot hold: _check_file says so
        is_folder = False
    if is_folder:
        images = image_files_in(p) if os.access(p, os.R_OK) else []
        if images:                      # a folder of page photos/scans: one document, pages in name order
            return read_images(images, opts, name=str(p))
    with safety.inflate_budget(p):          # every stream inflated while reading this file counts (PDF bombs)
        doc = _read_document(p, opts)
    return doc


def _read_document(p: Path, opts: ReadOptions) -> Document:
    size = _check_file(p)
    fmt = sniff_format(p)
    _refuse_unsupported(p, fmt)
    if fmt == "txt":
        safety.check_file_size(p, size, safety.MAX_TEXT_BYTES, "纯文本文件")
    elif fmt == "image":
        safety.check_file_size(p, size, safety.MAX_IMAGE_BYTES, "图片文件")
    elif fmt == "docx":
        safety.check_docx_container(p)
    elif fmt == "pdf":
        _check_pdf_pages(p, opts.password)

    opts = dataclasses.replace(opts)            # never mutate the caller's options (reused across files)
    safety.with_deadline(opts, p, safety.READ_TIME_LIMIT_S)
    if opts.ocr and opts.page_ocr is None:
        opts.page_ocr = _limited_page_ocr(p)

    try:
        if fmt == "pdf":
            from . import pdf as reader
        elif fmt == "docx":
            from . import docx as reader
        elif fmt == "image":
            from . import image as reader
        elif fmt == "ofd":
            from . import ofd as reader
        elif fmt == "doc":
            from . import doc as reader
        else:
            from . import text as reader
        doc = reader.read(p, opts)
    except PolicydeskError:
        raise
    except MemoryError as e:
        raise InputError(f"文件内容过大，内存不足，无法读取：{p}。请把文件拆分后再导入。", path=str(p)) from e
    except Exception as e:  # noqa: BLE001 - a damaged file must never crash the program
        log.warning("%s reader failed: %s", fmt, type(e).__name__)
        raise InputError(f"无法读取文件：{p}。文件可能已损坏，或不是有效的{_FORMAT_NAMES[fmt]}文件。"
                         f"请在原程序中打开并重新保存后再试。", path=str(p)) from e

    _remove_control_characters(doc)
    if not any(par.text.strip() for par in doc.paragraphs):
        hint = "请确认文件内容完整。" if opts.ocr else "请确认文件内容完整；扫描件请去掉 --no-ocr 以开启文字识别。"
        raise InputError(f"文件中没有可读取的文字：{p}。{hint}", path=str(p))
    _finish_source(doc, p, fmt)
    return doc


# C0 controls except TAB and LF, DEL, C1 controls, lone surrogates and the non-characters U+FFFE/U+FFFF: invisible,
# not allowed in XML (python-docx and lxml refuse them), never meant as text
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _remove_control_characters(doc: Document) -> None:
    """Normalise once at the reader boundary: nothing downstream (analysis, drafts, reports, the library) ever meets
    a control character.  The count goes into a warning, so nothing is lost silently."""
    removed = 0
    emptied: set[int] = set()
    for i, par in enumerate(doc.paragraphs):
        text, n = _CONTROL.subn("", par.text)
        if n:
            par.text, removed = text, removed + n
            if not text.strip():
                emptied.add(i)              # a paragraph that was nothing but control characters
        for ln in par.lines:
            if _CONTROL.search(ln.text):
                ln.text = _CONTROL.sub("", ln.text)
    if emptied:
        doc.paragraphs = [par for i, par in enumerate(doc.paragraphs) if i not in emptied]
    if removed:
        doc.source.warnings.append(f"已删除 {removed} 个不可见的控制字符（如 NUL、响铃符、换页符），正文文字未受影响。")


def _check_file(p: Path) -> int:
    try:
        p.exists()
    except OSError as e:                 # a name too long for the file system, or one it cannot represent
        raise InputError(f"文件名过长或无法识别，无法打开：{p}。请把文件改成短一些的名字后再导入。",
                         path=str(p)) from e
    if not p.exists():
        raise InputError(f"找不到文件：{p}。请检查路径是否正确。", path=str(p))
    if p.is_dir():
        raise InputError(f"{p} 是一个文件夹，不是文件。请选择要导入的文件。", path=str(p))
    try:
        size = p.stat().st_size
        with open(p, "rb") as f:
            f.read(1)
    except PermissionError as e:
        raise InputError(f"无法打开文件：{p}。文件可能正被其他程序占用，或没有读取权限。请关闭相关程序后重试。",
                         path=str(p)) from e
    except OSError as e:
        raise InputError(f"无法读取文件：{p}（{e.strerror or type(e).__name__}）。请检查文件或磁盘后重试。",
                         path=str(p)) from e
    if size == 0:
        raise InputError(f"文件是空的：{p}。请确认文件已完整保存或重新获取。", path=str(p))
    if is_lock_file(p) and size <= 4096:
        raise InputError(f"{p} 是 Word/WPS/LibreOffice 打开文档时生成的临时文件（锁定文件），不是文档本身。请选择原文件。",
                         path=str(p))
    safety.check_file_size(p, size, safety.MAX_INPUT_BYTES, "")
    return size


def _refuse_unsupported(p: Path, fmt: str) -> None:
    if fmt == "binary" and p.suffix.lower() in (".wps", ".wpt"):
        raise InputError(f"这个 .wps 文件是早期 WPS 专有格式，不是 Word 97-2003 兼容格式：{p}。"
                         f"请在 WPS 中打开并另存为 .docx 后再导入。", path=str(p))
    if fmt == "rtf":
        raise InputError(f"这是 RTF 文件：{p}。请在 Word/WPS 中另存为 .docx 后再导入。", path=str(p))
    if fmt == "archive":
        raise InputError(f"这是压缩包，不是文档：{p}。请先解压，再选择其中的 PDF、DOCX 或 TXT 文件。", path=str(p))
    if fmt == "html":
        raise InputError(f"这是网页或 XML 文件，不是 PDF/Word 文档：{p}。下载可能没有成功，"
                         f"请在浏览器中重新下载原文件，或另存为 PDF 后再导入。", path=str(p))
    if fmt == "binary":
        raise InputError(f"不支持的文件格式：{p}。请选择 PDF、DOCX、TXT 或扫描图片（PNG/JPG/TIFF）。", path=str(p))


def _check_pdf_pages(p: Path, password: str | None) -> None:
    """Refuse absurd page counts before the (slow) PDF reader starts; leave damage/encryption to the reader.

    The pages are counted by walking the page tree (lazily, stopping past the limit): the ``/Count`` a PDF declares
    is not trusted (pdfium believes it, so a file can claim 1 page and hold 100 000)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    safety.bound_pdfminer()
    n = 0
    try:
        with open(p, "rb") as f:
            document = PDFDocument(PDFParser(f), password=password or "")
            for _page in PDFPage.create_pages(document):
                n += 1
                if n > safety.MAX_PDF_PAGES:
                    break
    except PolicydeskError:
        raise
    except Exception:  # noqa: BLE001 - the PDF reader reports damage and passwords with its own messages
        return
    if n > safety.MAX_PDF_PAGES:
        raise InputError(f"PDF 页数过多（超过 {safety.MAX_PDF_PAGES} 页）：{p}。请拆分后再导入。", path=str(p))


def _limited_page_ocr(p: Path):
    """``ocr.ocr_pdf_page`` with the per-document OCR page limit (the ocr module is imported on first use)."""
    done: list[int] = []

    def page_ocr(path: Path, page_index: int, opts: ReadOptions):
        if len(done) >= safety.MAX_OCR_PAGES:
            raise InputError(f"需要文字识别的页数超过上限（{safety.MAX_OCR_PAGES} 页）：{p}。"
                             f"请把扫描件拆分后分别导入。", path=str(p))
        done.append(page_index)
        from . import ocr
        return ocr.ocr_pdf_page(path, page_index, opts)

    return page_ocr


def _finish_source(doc: Document, p: Path, fmt: str) -> None:
    src = doc.source
    if src.ocr_pages:
        from .ocr import fix_punctuation, mean_confidence
        for par in doc.paragraphs:
            if par.lines and all(ln.confidence is not None for ln in par.lines):
                par.text = fix_punctuation(par.text)
        if src.ocr_confidence is None:
            src.ocr_confidence = mean_confidence([ln for par in doc.paragraphs for ln in par.lines])
    suffix = p.suffix.lower()
    if fmt in _EXPECTED_SUFFIXES and suffix not in _EXPECTED_SUFFIXES[fmt]:
        note = f"文件扩展名为 {suffix}，但内容是{_FORMAT_NAMES[fmt]}，已按{_FORMAT_NAMES[fmt]}读取。"
        if note not in src.warnings:
            src.warnings.append(note)
