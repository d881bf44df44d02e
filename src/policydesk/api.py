"""The core's front door, used by the CLI and the GUI alike (no Qt here)."""

from __future__ import annotations

import os
from .analysis import Analysis, analyze
from .log import log_step
from .model import Document
from .readers import ReadOptions, read_document


def read_path(path: str | os.PathLike, opts: ReadOptions | None = None) -> Document:
    with log_step("read") as facts:
        doc = read_document(path, opts)
        facts.update(format=doc.source.format, pages=doc.source.pages, paragraphs=len(doc.paragraphs),
                     ocr_pages=len(doc.source.ocr_pages), warnings=len(doc.source.warnings))
    return doc


def analyze_path(path: str | os.PathLike, opts: ReadOptions | None = None) -> Analysis:
    """Read any supported file and return its typed analysis (``.to_json()`` for ``analysis/1``)."""
    doc = read_path(path, opts)
    with log_step("analyze") as facts:
        result = analyze(doc)
        facts.update(headings=len(result.headings), tasks=len(result.tasks), units=len(result.units),
                     warnings=len(result.warnings), doc_number=bool(result.meta.doc_number))
    return result
