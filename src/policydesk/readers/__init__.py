"""Readers: one module per input format behind one interface (see :mod:`.base`).

``read_document(path, opts)`` sniffs the content and dispatches to ``pdf``, ``docx`` or ``text``.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .base import ReadOptions

__all__ = ["read_document", "ReadOptions", "sniff_format"]


def sniff_format(path: Path) -> str:
    """Return "pdf", "docx", "image" or "txt" from the first bytes of the file."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    return "txt"


def read_document(path: str | os.PathLike, opts: ReadOptions | None = None) -> Document:
    opts = opts or ReadOptions()
    p = Path(path)
    if not p.exists():
        raise InputError(f"找不到文件：{p}。请检查路径是否正确。", path=str(p))
    if p.is_dir():
        raise InputError(f"{p} 是一个文件夹，不是文件。请选择要导入的文件。", path=str(p))
    if p.stat().st_size == 0:
        raise InputError(f"文件是空的：{p}。请确认文件已完整保存或重新获取。", path=str(p))
    fmt = sniff_format(p)
    if fmt == "pdf":
        from . import pdf as reader
    elif fmt == "docx":
        from . import docx as reader
    elif fmt == "image":
        raise InputError(f"暂不支持直接导入图片：{p}。", path=str(p))
    else:
        from . import text as reader
    return reader.read(p, opts)
