"""The typed document model every reader produces and every analysis consumes.

Data shapes (all positions in PDF points, origin top-left, as pdfplumber reports them):

* :class:`Line` — one visual line as read (PDF/OCR) or one hard line (text files).
* :class:`Paragraph` — logical paragraph after reflow: the unit analysis works on.
  ``page`` is where it starts (1-based), ``end_page`` where it ends; both ``None`` for
  formats without pages.  ``style`` carries a DOCX style name; ``heading_hint`` a level
  (1-4) suggested by typography (bold/large font, heading style), ``None`` when the
  reader has no opinion.  ``kind`` is ``"text"`` or ``"table_row"`` (cells joined by TAB).
* :class:`Document` — paragraphs plus :class:`SourceInfo` (path, sha256, format, page
  count, OCR'd pages, warnings).

Readers never interpret 公文 structure; that is :mod:`policydesk.analysis`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Any


@dataclass(slots=True)
class Line:
    text: str
    page: int | None = None
    x0: float | None = None
    x1: float | None = None
    top: float | None = None
    bottom: float | None = None
    size: float | None = None        # dominant font size (pt)
    font: str | None = None          # dominant font name
    bold: bool = False               # bold font or fake-bold (doubled glyphs)
    confidence: float | None = None  # OCR confidence 0..1, None if not OCR'd


@dataclass(slots=True)
class Paragraph:
    text: str
    page: int | None = None
    end_page: int | None = None
    kind: str = "text"               # "text" | "table_row"
    style: str | None = None         # DOCX paragraph style name
    heading_hint: int | None = None  # typographic heading level hint 1..4
    align: str | None = None         # "center" | "left" | "right" | None
    bold: bool = False
    size: float | None = None
    lines: list[Line] = field(default_factory=list, repr=False)


@dataclass(slots=True)
class SourceInfo:
    path: str
    sha256: str
    format: str                      # "pdf" | "docx" | "txt" | "image"
    pages: int | None = None
    ocr_pages: list[int] = field(default_factory=list)
    ocr_confidence: float | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Document:
    source: SourceInfo
    paragraphs: list[Paragraph]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)
