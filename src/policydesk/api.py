"""The core's front door, used by the CLI and the GUI alike (no Qt here)."""

from __future__ import annotations

import os
from typing import Any

from .analysis import analyze
from .model import Document
from .readers import ReadOptions, read_document


def read_path(path: str | os.PathLike, opts: ReadOptions | None = None) -> Document:
    return read_document(path, opts)


def analyze_path(path: str | os.PathLike, opts: ReadOptions | None = None) -> dict[str, Any]:
    """Read any supported file and return its ``analysis/1`` dict."""
    return analyze(read_document(path, opts))
