"""The one small interface every reader implements.

A reader is a module with ``FORMAT: str`` and ``read(path: Path, opts: ReadOptions) -> Document``.
``readers.read_document`` picks the reader by the file's *content* (magic bytes), never by
its extension alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from ..errors import Cancelled
from ..model import Document, Line

ProgressFn = Callable[[int, int, str], None]   # (done, total, message)
CancelFn = Callable[[], bool]                  # True when the user asked to cancel
PageOcrFn = Callable[[Path, int, "ReadOptions"], list[Line]]  # (pdf path, 0-based page index) -> lines


@dataclass
class ReadOptions:
    password: str | None = None
    ocr: bool = True                       # OCR pages without a usable text layer (else refuse, exit 3)
    progress: ProgressFn | None = None
    cancel: CancelFn | None = None
    page_ocr: PageOcrFn | None = None      # set by the dispatcher when OCR is available
    extra: dict = field(default_factory=dict)

    def report(self, done: int, total: int, message: str = "") -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled()
        if self.progress is not None:
            self.progress(done, total, message)


class Reader(Protocol):
    FORMAT: str

    def read(self, path: Path, opts: ReadOptions) -> Document: ...
