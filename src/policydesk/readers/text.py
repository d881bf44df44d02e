"""Plain-text reader (provisional: one paragraph per non-empty line, UTF-8/GB18030)."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..fileio import sha256_file
from ..model import Document, Paragraph, SourceInfo
from .base import ReadOptions

FORMAT = "txt"


def decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    raise InputError("无法识别文本文件的编码。请另存为 UTF-8 后重试。")


def read(path: Path, opts: ReadOptions) -> Document:
    text = decode(path.read_bytes())
    paras = [Paragraph(text=ln.strip()) for ln in text.splitlines() if ln.strip()]
    return Document(SourceInfo(path=str(path), sha256=sha256_file(path), format=FORMAT), paras)
