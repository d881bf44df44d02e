"""Make the OCR fixtures from the sample plan (run from the repo root: ``python tests/data/ocr/make_ocr_fixtures.py``).

The sample plan's pages are rendered at 150 dpi as 8-bit grayscale, like an office scanner's "document" setting:

* ``tongzhengfa-p1-2-scan.pdf`` — pages 1–2 as an image-only PDF (no text layer at all);
* ``tongzhengfa-p3.png`` — page 3 as a PNG (150 dpi recorded in the file);
* ``tongzhengfa-p1-3.txt`` — the reference text of pages 1–3 (the original's text layer, page numbers dropped).

``bench/bench_ocr.py`` calls :func:`scan_pdf` to build the whole 14-page scan in a temporary folder (not committed,
to keep the repository small).
"""

from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SAMPLE = ROOT / "samples" / "tongzhengfa-2021-23.pdf"
DPI = 150
PAGE_NUMBER = re.compile(r"^\s*[—–\-]\s*\d+\s*[—–\-]\s*$")


def render_pages(pdf_path: Path, pages: list[int], dpi: int = DPI):
    """PIL grayscale images of the given 0-based pages."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in pages]
    finally:
        pdf.close()


def image_only_pdf(images, out: Path, dpi: int = DPI) -> None:
    """Write a minimal PDF with one Flate-compressed grayscale image per page and no text (like a scanner does)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")          # placeholders, filled below
    pages_obj = add(b"")
    kids = []
    for im in images:
        w_px, h_px = im.size
        w_pt, h_pt = w_px * 72 / dpi, h_px * 72 / dpi
        data = zlib.compress(im.tobytes(), 9)
        img = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                  b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (w_px, h_px, len(data))
                  + data + b"\nendstream")
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (w_pt, h_pt)
        cont = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page = add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> >> "
                   b"/Contents %d 0 R >>" % (pages_obj, w_pt, h_pt, img, cont))
        kids.append(page)
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                              + b"] /Count %d >>" % len(kids))
    out_bytes = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out_bytes))
        out_bytes += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out_bytes)
    out_bytes += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out_bytes += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out_bytes += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    out.write_bytes(bytes(out_bytes))


def scan_pdf(out: Path, pages: list[int] | None = None, dpi: int = DPI) -> Path:
    """The sample plan (all pages by default) as an image-only PDF rendered at ``dpi``."""
    import pypdfium2 as pdfium
    if pages is None:
        pdf = pdfium.PdfDocument(str(SAMPLE))
        pages = list(range(len(pdf)))
        pdf.close()
    image_only_pdf(render_pages(SAMPLE, pages, dpi), out, dpi)
    return out


def reference_text(pages: list[int]) -> str:
    """The original's text layer of the given 0-based pages, one visual line per line, page numbers dropped."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(SAMPLE))
    lines = []
    try:
        for i in pages:
            text = pdf[i].get_textpage().get_text_range()
            lines += [ln.strip() for ln in text.splitlines() if ln.strip() and not PAGE_NUMBER.match(ln)]
    finally:
        pdf.close()
    return "\n".join(lines) + "\n"


def main() -> int:
    scan_pdf(HERE / "tongzhengfa-p1-2-scan.pdf", [0, 1])
    (png,) = render_pages(SAMPLE, [2])
    png.save(HERE / "tongzhengfa-p3.png", optimize=True, dpi=(DPI, DPI))
    (HERE / "tongzhengfa-p1-3.txt").write_text(reference_text([0, 1, 2]), encoding="utf-8")
    for f in sorted(HERE.iterdir()):
        print(f"{f.stat().st_size:>9}  {f.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
