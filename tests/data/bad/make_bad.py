"""Generate the bad-input test set (run from the repo root: ``python tests/data/bad/make_bad.py``).

The generated files are committed; tests use them as they are.  ``qpdf`` (Debian package ``qpdf``) is needed only
here, to encrypt a PDF.  Not committed, made by the tests in a temporary folder: the huge text file, and the
sample plan's PDF copied under a ``.txt`` name (content, not the extension, decides).

Every file's expected outcome is in ``CASES`` (also read by tests/test_bad_input.py):
``3`` — refused with exit 3 and a Chinese message; ``0`` — odd but valid, read successfully.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SAMPLE_PDF = ROOT / "samples" / "tongzhengfa-2021-23.pdf"
SAMPLE_TXT = ROOT / "tests" / "data" / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
SAMPLE_DOCX = ROOT / "tests" / "data" / "docx" / "tongzhengfa-2021-23.docx"
PASSWORD = "policydesk-2021"
WEIRD_NAME = "通知 (终稿) #1 & 【会签】 ¥%'.txt"

# file name -> (expected exit code, what it is)
CASES: dict[str, tuple[int, str]] = {
    "empty.pdf": (3, "zero bytes"),
    "truncated.pdf": (3, "the sample plan cut after 30% of its bytes"),
    "html-login-page.pdf": (3, "a portal's login page saved as .pdf"),
    "random-bytes.pdf": (3, "random bytes named .pdf"),
    "blank-page.pdf": (3, "a valid PDF with one empty page: no text, no image"),
    "encrypted.pdf": (3, f"pages 1-2 of the sample, AES-256, user password {PASSWORD!r}"),
    "malformed.docx": (3, "a ZIP with Word's parts but broken XML in word/document.xml"),
    "truncated.docx": (3, "the sample .docx cut in half"),
    "random-bytes.docx": (3, "random bytes named .docx"),
    "spreadsheet.docx": (3, "an .xlsx-like ZIP named .docx"),
    "zip-bomb.docx": (3, "a DOCX whose document.xml inflates 1000:1 to 200 MB"),
    "xml-entities.docx": (3, "a DOCX whose document.xml declares a DOCTYPE with nested entities (billion laughs)"),
    "old-word.doc": (3, "an OLE2 (Word 97-2003) header"),
    "single-line.txt": (0, "the whole plan on one line"),
    "mixed-encoding.txt": (3, "first half UTF-8, second half GBK"),
    "utf16.txt": (0, "the plan in UTF-16 LE with BOM"),
    "gbk-crlf.txt": (0, "the plan in GBK with CRLF line ends"),
    WEIRD_NAME: (0, "a valid text file whose name has spaces, CJK and symbols"),
    "truncated.png": (3, "a PNG cut after its header"),
    "huge-dimensions.png": (3, "a tiny PNG whose header claims 100000 x 100000 pixels"),
}


def plan_text() -> str:
    return SAMPLE_TXT.read_text(encoding="utf-8")


def pdf_pages(pages: list[int]) -> bytes:
    import pypdfium2 as pdfium
    src = pdfium.PdfDocument(str(SAMPLE_PDF))
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, pages)
    buf = io.BytesIO()
    dst.save(buf)
    return buf.getvalue()


def blank_pdf() -> bytes:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/>'
                 b'<Override PartName="/word/document.xml" '
                 b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 b'</Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="word/document.xml"/></Relationships>')
W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bytes(document_xml: bytes, *, level: int = 6) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def zip_bomb_docx(size: int = 200 * 1024 * 1024) -> bytes:
    """A DOCX whose document.xml is one run of ``size`` bytes of text (written in chunks; ~200 KB on disk)."""
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ' + W_NS
            + b'><w:body><w:p><w:r><w:t>')
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(head)
            chunk = b"A" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                f.write(chunk)
            f.write(tail)
    return buf.getvalue()


def billion_laughs_docx() -> bytes:
    ents = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [' + ents + b']>'
           b'<w:document ' + W_NS + b'><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    return docx_bytes(xml)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def huge_dimensions_png() -> bytes:
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + png_chunk(b"IEND", b""))


def encrypted_pdf() -> bytes:
    if not shutil.which("qpdf"):
        sys.exit("qpdf is needed to make encrypted.pdf (apt-get install qpdf)")
    with tempfile.TemporaryDirectory() as d:
        plain, enc = Path(d) / "plain.pdf", Path(d) / "enc.pdf"
        plain.write_bytes(pdf_pages([0, 1]))
        subprocess.run(["qpdf", "--encrypt", PASSWORD, PASSWORD + "-owner", "256", "--", str(plain), str(enc)],
                       check=True)
        return enc.read_bytes()


def make_all(out: Path = HERE) -> None:
    rng = random.Random(20210603)
    text = plan_text()
    sample = SAMPLE_PDF.read_bytes()
    files: dict[str, bytes] = {
        "empty.pdf": b"",
        "truncated.pdf": sample[: int(len(sample) * 0.3)],
        "html-login-page.pdf": ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>统一身份认证'
                                '</title></head><body><form action="/login"><input name="user"></form>'
                                '<p>会话已过期，请重新登录后下载。</p></body></html>\n').encode("utf-8"),
        "random-bytes.pdf": bytes(rng.getrandbits(8) for _ in range(4096)),
        "blank-page.pdf": blank_pdf(),
        "encrypted.pdf": encrypted_pdf(),
        "malformed.docx": docx_bytes(b'<?xml version="1.0"?><w:document ' + W_NS
                                     + b'><w:body><w:p><w:r><w:t>\xe9\x80\x9a\xe7\x9f\xa5</w:t></w:r'),
        "truncated.docx": SAMPLE_DOCX.read_bytes()[: len(SAMPLE_DOCX.read_bytes()) // 2],
        "random-bytes.docx": bytes(rng.getrandbits(8) for _ in range(4096)),
        "zip-bomb.docx": zip_bomb_docx(),
        "xml-entities.docx": billion_laughs_docx(),
        "old-word.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + bytes(rng.getrandbits(8) for _ in range(1536)),
        "single-line.txt": "".join(text.split()).encode("utf-8"),
        "mixed-encoding.txt": (text[: len(text) // 2].encode("utf-8") + text[len(text) // 2:].encode("gbk")),
        "utf16.txt": "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"),
        "gbk-crlf.txt": text.replace("\n", "\r\n").encode("gbk"),
        WEIRD_NAME: text.encode("utf-8"),
        "truncated.png": (ROOT / "tests" / "data" / "ocr" / "tongzhengfa-p3.png").read_bytes()[:300],
        "huge-dimensions.png": huge_dimensions_png(),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("xl/workbook.xml", b"<workbook/>")
    files["spreadsheet.docx"] = buf.getvalue()
    assert set(files) == set(CASES), set(files) ^ set(CASES)
    for name, data in files.items():
        (out / name).write_bytes(data)
        print(f"{len(data):>9}  {name}")


if __name__ == "__main__":
    os.chdir(ROOT)
    make_all()
