"""Generators for the hostile and unlucky inputs of issue 16 (made at test time in a temporary folder: some are
large or slow to inflate, none is committed).

Each function returns the file's bytes.  ``CASES`` maps a file name to (generator, expected exit code, what it is,
a fragment of the Chinese message).  Used by tests/test_hostile_input.py and bench/bench_bad_input.py.

Run ``python tests/data/bad/make_hostile.py OUT_DIR`` to write them all to a folder for a manual look.
"""

from __future__ import annotations

import io
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SAMPLE_TXT = ROOT / "tests" / "data" / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
SAMPLE_DOCX = ROOT / "tests" / "data" / "docx" / "tongzhengfa-2021-23.docx"

MIB = 1024 * 1024
GIB = 1024 * MIB


# ------------------------------------------------------------------------------------------------ tiny PDF writer


def pdf_file(page_streams: list[bytes], *, stream_dicts: list[bytes] | None = None, font: bool = False,
             declared_count: int | None = None, cid_font: tuple[bytes, bytes] | None = None) -> bytes:
    """A PDF with one page per content stream; ``stream_dicts`` the extra entries of each stream's dictionary
    (e.g. ``b"/Filter /FlateDecode"``); ``font`` adds a Helvetica font resource /F1;
    ``declared_count`` lies about the page count in the page tree; ``cid_font`` = (name, ToUnicode CMap) makes /F1
    a non-embedded Identity-H CID font instead."""
    font = font or cid_font is not None
    stream_dicts = stream_dicts or [b""] * len(page_streams)
    n = len(page_streams)
    objects: list[bytes] = []
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n))
    font_obj = 3 + 2 * n
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n if declared_count is None else declared_count))
    for i, (content, extra) in enumerate(zip(page_streams, stream_dicts)):
        res = b"/Resources << /Font << /F1 %d 0 R >> >>" % font_obj if font else b"/Resources << >>"
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s /Contents %d 0 R >>"
                       % (res, 4 + 2 * i))
        objects.append(b"<< /Length %d %s >>\nstream\n" % (len(content), extra) + content + b"\nendstream")
    if cid_font is not None:
        name, cmap = cid_font
        objects.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R]"
                       b" /ToUnicode %d 0 R >>" % (name, font_obj + 1, font_obj + 3))
        objects.append(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe)"
                       b" /Ordering (GB1) /Supplement 2 >> /FontDescriptor %d 0 R /DW 1000 >>" % (name, font_obj + 2))
        objects.append(b"<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [0 -140 1000 860] /ItalicAngle 0"
                       b" /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>" % name)
        objects.append(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    elif font:
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def cjk_text_pdf(text: str, *, per_line: int = 26, per_page: int = 22, size: int = 16,
                 font_name: bytes = b"SimSun") -> bytes:
    """A PDF of ``text`` (paragraphs separated by newlines) drawn with a non-embedded CID font (Identity-H) whose
    ToUnicode map gives back exactly the characters of ``text`` — any character, even U+0007.  Paragraphs are
    wrapped at ``per_line`` characters with a two-character first-line indent, ``per_page`` lines a page."""
    chars = sorted(set(text.replace("\n", "")))
    code = {ch: i + 1 for i, ch in enumerate(chars)}
    lines: list[tuple[int, str]] = []
    for par in text.split("\n"):
        par = par.strip(" \u3000")
        if not par:
            continue
        first, rest = par[: per_line - 2], par[per_line - 2:]
        lines.append((2, first))
        lines += [(0, rest[i:i + per_line]) for i in range(0, len(rest), per_line)]
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    streams = []
    for page in pages:
        ops = [b"BT /F1 %d Tf %d TL 80 760 Td" % (size, int(size * 1.75))]
        for indent, ln in page:
            hexcodes = "".join(f"{code[ch]:04X}" for ch in ln).encode()
            ops.append(b"%d 0 Td <%s> Tj %d 0 Td T*" % (indent * size, hexcodes, -indent * size))
        ops.append(b"ET")
        streams.append(b"\n".join(ops))
    bf = []
    for i in range(0, len(chars), 100):
        block = chars[i:i + 100]
        bf.append(b"%d beginbfchar\n" % len(block) + b"\n".join(
            b"<%04X> <%s>" % (code[ch], ch.encode("utf-16-be").hex().upper().encode()) for ch in block)
            + b"\nendbfchar")
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /pd-ucs def /CMapType 2 def\n"
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n" + b"\n".join(bf)
            + b"\nendcmap CMapName currentdict /CMap defineresource pop end end")
    return pdf_file(streams, cid_font=(font_name, cmap))


def text_page(lines: list[str], size: int = 12) -> bytes:
    """A content stream drawing ``lines`` (ASCII/Latin-1) with /F1."""
    ops = [b"BT /F1 %d Tf 72 780 Td %d TL" % (size, size + 4)]
    for ln in lines:
        ops.append(b"(" + ln.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
                   + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


# ------------------------------------------------------------------------------------------------ decompression bombs


def _adler32_of_repeated(byte: int, n: int) -> int:
    """Adler-32 of ``n`` copies of one byte, without making them."""
    mod = 65521
    a = (1 + byte * n) % mod
    b = (n + byte * (n * (n + 1) // 2)) % mod
    return (b << 16) | a


def flate_of_repeated(byte: int, size: int, segment: int = 4 * MIB) -> bytes:
    """A zlib stream inflating to ``size`` copies of ``byte`` (a multiple of ``segment``), made in milliseconds:
    after a full flush the compressor keeps no history, so one compressed segment can be repeated."""
    assert size % segment == 0
    c = zlib.compressobj(9)
    plain = bytes([byte]) * segment
    first = c.compress(plain) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(plain) + c.flush(zlib.Z_FULL_FLUSH)
    third = c.compress(plain) + c.flush(zlib.Z_FULL_FLUSH)
    assert again == third, "segments must repeat byte for byte"
    end = c.flush()[:-4]              # the final (empty) block; the checksum is replaced by the right one
    count = size // segment
    return first + again * (count - 1) + end + _adler32_of_repeated(byte, size).to_bytes(4, "big")


def pdf_bomb(total: int = 4 * GIB, pages: int = 4) -> bytes:
    """A ~4 MB PDF whose page content streams (spaces: valid, empty content) inflate to ``total`` bytes."""
    stream = flate_of_repeated(0x20, total // pages)
    return pdf_file([stream] * pages, stream_dicts=[b"/Filter /FlateDecode"] * pages)


def pdf_many_small_bombs(streams: int = 64, each: int = 8 * MIB) -> bytes:
    """Many pages each inflating ``each`` bytes (each under the per-stream size limit, ratio ~1000)."""
    stream = flate_of_repeated(0x20, each, segment=each)
    return pdf_file([stream] * streams, stream_dicts=[b"/Filter /FlateDecode"] * streams)


# ------------------------------------------------------------------------------------------------ other cases


def plan_text() -> str:
    return SAMPLE_TXT.read_text(encoding="utf-8")


def text_with_controls() -> bytes:
    """The sample plan with NUL, BEL, ESC and a form feed sprinkled in (a bad export or a copy from a terminal)."""
    lines = plan_text().split("\n")
    for i, junk in ((0, "\x00"), (5, "\x07"), (12, "\x1b\x07"), (20, "\x0c"), (30, "\x0b\x7f")):
        lines[i] = lines[i][:3] + junk + lines[i][3:]
    return "\n".join(lines).encode("utf-8")


def pdf_with_bel_chars() -> bytes:
    """The sample plan as a PDF whose font's character map yields U+0007 (and one U+0000) inside a few lines."""
    lines = plan_text().split("\n")
    for i, junk in ((0, "\x07"), (8, "\x07"), (15, "\x00")):
        lines[i] = lines[i][:4] + junk + lines[i][4:]
    return cjk_text_pdf("\n".join(lines))


def garbage_text_layer_neutral_name_pdf() -> bytes:
    """The same with a font called "F1": only its character collection (Adobe-GB1) says it is Chinese."""
    return garbage_text_layer_pdf(font_name=b"F1")


def garbage_text_layer_pdf(font_name: bytes = b"SimSun") -> bytes:
    """The sample plan drawn in SimSun (a CID font, GB1) whose ToUnicode map is broken: every Chinese character
    comes out as an ASCII letter or sign (what a PDF made by a careless converter gives)."""
    import random
    rng = random.Random(16)
    junk = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&*+;<=>?@^_|~"
    text = plan_text()[:3000]
    table = {ch: rng.choice(junk) for ch in sorted(set(text)) if ch != "\n"}
    return cjk_text_pdf("".join(table.get(ch, ch) for ch in text), font_name=font_name)


def docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None, content_types: bytes | None = None) -> bytes:
    """A minimal DOCX; ``extra`` adds parts."""
    ct = content_types or (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                           b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                           b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                           b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                           b'<Default Extension="htm" ContentType="text/html"/>'
                           b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                           b'officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'officeDocument" Target="word/document.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R_NS = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _paragraphs_xml(texts: list[str]) -> bytes:
    return b"".join(b"<w:p><w:r><w:t>" + t.encode("utf-8") + b"</w:t></w:r></w:p>" for t in texts)


def late_doctype_docx() -> bytes:
    """document.xml with 6 KB of comment before a DOCTYPE (past the old 4 KB scan)."""
    xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!--' + b"x" * 6000 + b'-->'
           b'<!DOCTYPE w:document [<!ENTITY a "aaaa">]><w:document ' + W_NS + b'><w:body>'
           + _paragraphs_xml(["关于推进工作的实施方案", "一、总体要求&a;"]) + b'</w:body></w:document>')
    return docx_with(xml)


def utf16_doctype_docx() -> bytes:
    """document.xml in UTF-16 whose DOCTYPE is invisible to a byte search for b"<!DOCTYPE"."""
    xml = ('<?xml version="1.0" encoding="UTF-16" standalone="yes"?>\n'
           '<!DOCTYPE w:document [<!ENTITY a "aaaa">]><w:document '
           'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           '<w:p><w:r><w:t>关于推进工作的实施方案&a;</w:t></w:r></w:p></w:body></w:document>')
    return docx_with("\ufeff".encode("utf-16-le") + xml.encode("utf-16-le"))


def docm_bytes() -> bytes:
    """A macro-enabled Word file (.docm): the sample's parts with the macro content type and a vbaProject.bin."""
    src = zipfile.ZipFile(SAMPLE_DOCX)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                                    b"application/vnd.ms-word.document.macroEnabled.main+xml")
                data = data.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/'
                                                 b'vnd.ms-office.vbaProject"/></Types>')
            zf.writestr(info, data)
        zf.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    return buf.getvalue()


def altchunk_docx() -> bytes:
    """A DOCX whose second half is an altChunk (imported HTML) that python-docx cannot see."""
    xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ' + W_NS + b' ' + R_NS
           + b'><w:body>' + _paragraphs_xml(["关于推进工作的实施方案", "一、总体要求", "（一）加强组织领导。"])
           + b'<w:altChunk r:id="rIdAlt1"/></w:body></w:document>')
    rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rIdAlt1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'aFChunk" Target="afchunk.htm"/></Relationships>')
    html = "<html><body><p>二、主要任务</p><p>（二）推进改革。</p></body></html>".encode("utf-8")
    return docx_with(xml, {"word/_rels/document.xml.rels": rels, "word/afchunk.htm": html})


def text_starting_with(prefix: str) -> bytes:
    return (prefix + plan_text()).encode("utf-8")


def text_mentioning_pdf() -> bytes:
    text = plan_text()
    return (text[:200] + "\n附件格式要求：%PDF-1.4 版本以上的文件均可上传。\n" + text[200:]).encode("utf-8")


def sample_docx_with(replace: dict[str, tuple[bytes, bytes]]) -> bytes:
    """The sample .docx with ``part -> (old, new)`` byte replacements (each must occur)."""
    src = zipfile.ZipFile(SAMPLE_DOCX)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename in replace:
                old, new = replace[info.filename]
                assert old in data, (info.filename, old)
                data = data.replace(old, new, 1)
            zf.writestr(info.filename, data)
    return buf.getvalue()


def bad_page_size_docx() -> bytes:
    return sample_docx_with({"word/document.xml": (b'<w:pgSz w:w="11906"', b'<w:pgSz w:w="A4"')})


def bad_margin_docx() -> bytes:
    return sample_docx_with({"word/document.xml": (b'w:top="2098"', b'w:top="-"')})


def universal_measure_docx() -> bytes:
    """Margins written as universal measures ("37mm"): valid OOXML, checked like twips."""
    return sample_docx_with({"word/document.xml": (b'w:top="2098"', b'w:top="37mm"')})


def footer_without_target_docx() -> bytes:
    return sample_docx_with({"word/_rels/document.xml.rels": (b' Target="footer1.xml"', b"")})


def damaged_member_docx() -> bytes:
    """word/styles.xml's compressed bytes damaged in the middle (CRC and inflate errors when read)."""
    data = bytearray(sample_docx_with({}))
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = zf.getinfo("word/styles.xml")
    name_len, extra_len = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28], "little"), \
        int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    for i in range(start + info.compress_size // 2, start + info.compress_size // 2 + 64):
        data[i] ^= 0x5A
    return bytes(data)


CaseFn = Callable[[], bytes]
# name -> (generator, expected exit code, what it is, a fragment of the message on stderr, or "" when read)
CASES: dict[str, tuple[CaseFn, int, str, str]] = {
    "pdf-bomb.pdf": (pdf_bomb, 3, "4 MB; four content streams inflate to 1 GiB each", "文件过大或被构造"),
    "pdf-many-bombs.pdf": (pdf_many_small_bombs, 3, "64 streams of 8 MiB at ~1000:1", "文件过大或被构造"),
    "controls.txt": (text_with_controls, 0, "the plan with NUL/BEL/ESC/FF characters", ""),
    "bel-chars.pdf": (pdf_with_bel_chars, 0, "a PDF whose text has U+0007 and U+0000", ""),
    "garbage-text-layer.pdf": (garbage_text_layer_pdf, 3, "ASCII garbage where the font says SimSun", "文字层"),
    "garbage-text-layer-f1.pdf": (garbage_text_layer_neutral_name_pdf, 3, "the same, the font called F1 (GB1)",
                                  "文字层"),
    "late-doctype.docx": (late_doctype_docx, 3, "a DOCTYPE after 6 KB of comment", "DOCTYPE"),
    "utf16-doctype.docx": (utf16_doctype_docx, 3, "a DOCTYPE in UTF-16 XML", "DOCTYPE"),
    "macro.docm": (docm_bytes, 0, "a macro-enabled Word file: text read, macros never run", ""),
    "altchunk.docx": (altchunk_docx, 0, "a DOCX with altChunk content: read with a warning", ""),
    "starts-with-MZ.txt": (lambda: text_starting_with("MZ"), 0, "text starting with MZ", ""),
    "starts-with-PK.txt": (lambda: text_starting_with("PK"), 0, "text starting with PK", ""),
    "mentions-pdf.txt": (text_mentioning_pdf, 0, "text that mentions %PDF-1.4 near the start", ""),
    # check-format: "could not check" is exit 3, never 1 (its findings code)
    "bad-page-size.docx": (bad_page_size_docx, 3, "check-format: page width 'A4'", "无法检查格式"),
    "bad-margin.docx": (bad_margin_docx, 3, "check-format: top margin '-'", "无法检查格式"),
    "footer-without-target.docx": (footer_without_target_docx, 3, "check-format: footer link without target",
                                   "无法检查格式"),
    "damaged-member.docx": (damaged_member_docx, 3, "check-format: styles.xml damaged inside the ZIP",
                            "无法检查格式"),
    "universal-measure.docx": (universal_measure_docx, 0, "check-format: margin '37mm' (valid OOXML)", ""),
}


def make_all(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, (fn, *_rest) in CASES.items():
        data = fn()
        (out / name).write_bytes(data)
        print(f"{len(data):>10}  {name}")


if __name__ == "__main__":
    make_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-out"))
