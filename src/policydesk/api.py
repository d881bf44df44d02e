"""The core's front door, used by the CLI and the GUI alike (no Qt here)."""

from __future__ import annotations

import os
from .analysis import Analysis, analyze
from .model import Document
from .readers import ReadOptions, read_document


def read_path(path: str | os.PathLike, opts: ReadOptions | None = None) -> Document:
    return read_document(path, opts)


def analyze_path(path: str | os.PathLike, opts: ReadOptions | None = None) -> Analysis:
    """Read any supported file and return its typed analysis (``.to_json()`` for ``analysis/1``)."""
    return analyze(read_document(path, opts))
