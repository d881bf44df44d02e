"""Page images of a PDF (pypdfium2) and the one lock every pdfium call in a multi-threaded program goes through.

pdfium is not thread-safe: the readers (page count, OCR rendering) and page images must not run at the same time.
A caller that reads documents on several threads holds :data:`PDFIUM_LOCK` around each read; :func:`render_page`
takes it itself.  Qt-free: the GUI wraps the returned pixels in a QImage.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

PDFIUM_LOCK = threading.RLock()


@dataclass(frozen=True, slots=True)
class PageImage:
    """Pixels of one rendered page: ``channels`` 3 (RGB) or 4 (RGBX), rows ``stride`` bytes apart."""
    width: int
    height: int
    stride: int
    channels: int
    data: bytes


def render_page(path: str, page_number: int, width_px: int, password: str | None = None) -> PageImage:
    """Render 1-based ``page_number`` of a PDF ``width_px`` wide (safe on any thread: holds the pdfium lock)."""
    import pypdfium2 as pdfium
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(path, password=password)
        try:
            page = pdf[page_number - 1]
            try:
                w_pt = page.get_width() or 595.0
                bitmap = page.render(scale=max(0.2, width_px / w_pt), rev_byteorder=True,
                                     fill_color=(255, 255, 255, 255))
                try:
                    return PageImage(bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels,
                                     bytes(bitmap.buffer))
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            pdf.close()
