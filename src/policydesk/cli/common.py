"""Helpers shared by the CLI commands."""

from __future__ import annotations

import json
import sys
from typing import Any

from ..fileio import write_text_atomic


def emit_json(data: Any, out: str | None, *, force: bool = False) -> None:
    """JSON to stdout (UTF-8) or to ``-o FILE`` (atomically). Called only once all work succeeded."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if out:
        write_text_atomic(out, text, force=force)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def emit_text(text: str, out: str | None, *, force: bool = False) -> None:
    if out:
        write_text_atomic(out, text, force=force)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()


def add_output_options(p) -> None:
    p.add_argument("-o", "--output", metavar="OUT", help="写入文件而不是标准输出 / write to OUT")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件 / overwrite an existing OUT")


def add_read_options(p) -> None:
    p.add_argument("--password", metavar="PW", help="加密 PDF 的密码 / password of an encrypted PDF")
    p.add_argument("--no-ocr", action="store_true", help="不做文字识别，无文字层时报错 / refuse instead of OCR")


def read_options(args):
    from ..readers import ReadOptions
    from . import progress
    return ReadOptions(password=getattr(args, "password", None), ocr=not getattr(args, "no_ocr", False),
                       progress=lambda done, total, message="": progress.current.report(done, total, message))


def stage(message: str) -> None:
    """A step of a long run, on the progress line (terminal only, after the first second)."""
    from . import progress
    progress.current.stage(message)
