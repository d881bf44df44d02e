"""Write the small synthetic PDFs in this folder (run once; the outputs are committed).

* ``image_only.pdf``   – one A4 page that is only an image (a scan without a text layer).
* ``cid_garbage.pdf``  – text in a Type0/Identity-H font without ToUnicode: extraction yields ``(cid:N)``.
* ``encrypted.pdf``    – RC4-40 (Standard security handler, R2) with user password ``secret``; text "policydesk test".

Hand-written PDF bytes (no extra dependency); offsets in the xref table are computed.

    .venv/bin/python tests/data/pdf_special/make_special_pdfs.py
"""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def write_pdf(path: Path, objects: list[bytes], *, trailer_extra: bytes = b"") -> None:
    """objects[i] is the body of object i+1 (without "n 0 obj"/"endobj"); object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode() + b"0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R ".encode() + trailer_extra
            + f">>\nstartxref\n{xref}\n%%EOF\n".encode())
    path.write_bytes(bytes(out))


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length " + str(len(data)).encode() + b" " + extra + b">>\nstream\n" + data + b"\nendstream"


def page_objects(content: bytes, resources: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + b" /Contents 4 0 R >>",
        stream(content),
    ]


def image_only() -> None:
    w = h = 64
    pixels = bytes((x * 3 + y * 5) % 256 for y in range(h) for x in range(w))
    img = zlib.compress(pixels)
    objs = page_objects(b"q 595 0 0 842 0 0 cm /Im0 Do Q", b"<< /XObject << /Im0 5 0 R >> >>")
    objs.append(stream(img, f"/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                            f"/BitsPerComponent 8 /Filter /FlateDecode ".encode()))
    write_pdf(HERE / "image_only.pdf", objs)


def cid_garbage() -> None:
    lines = []
    for k in range(12):
        glyphs = "".join(f"{0x1000 + 37 * k + i:04X}" for i in range(24))
        lines.append(f"BT /F1 16 Tf 80 {760 - 29 * k} Td <{glyphs}> Tj ET")
    content = "\n".join(lines).encode()
    objs = page_objects(content, b"<< /Font << /F1 5 0 R >> >>")
    objs.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>")
    objs.append(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /DW 1000 "
                b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R >>")
    objs.append(b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 "
                b"/Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>")
    write_pdf(HERE / "cid_garbage.pdf", objs)


def encrypted(user: bytes = b"secret", owner: bytes = b"owner-secret") -> None:
    file_id = hashlib.md5(b"policydesk encrypted fixture").digest()
    p_value = -44                                     # print/copy allowed bits, as a signed 32-bit int
    okey = hashlib.md5((owner + PAD)[:32]).digest()[:5]
    o_entry = rc4(okey, (user + PAD)[:32])
    key = hashlib.md5((user + PAD)[:32] + o_entry + p_value.to_bytes(4, "little", signed=True) + file_id).digest()[:5]
    u_entry = rc4(key, PAD)

    def obj_key(num: int) -> bytes:
        return hashlib.md5(key + num.to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]

    content = b"BT /F1 16 Tf 80 760 Td (policydesk test) Tj ET"
    objs = page_objects(b"", b"<< /Font << /F1 5 0 R >> >>")
    objs[3] = stream(rc4(obj_key(4), content))
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objs.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + o_entry.hex().encode() + b"> /U <"
                + u_entry.hex().encode() + b"> /P " + str(p_value).encode() + b" >>")
    trailer = b"/Encrypt 6 0 R /ID [<" + file_id.hex().encode() + b"> <" + file_id.hex().encode() + b">] "
    write_pdf(HERE / "encrypted.pdf", objs, trailer_extra=trailer)


if __name__ == "__main__":
    image_only()
    cid_garbage()
    encrypted()
