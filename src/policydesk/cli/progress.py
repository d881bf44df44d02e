"""A progress line on stderr for long command-line runs: shown only when stderr is a terminal and the run has taken
more than ``DELAY_S`` (short runs and scripts stay quiet), rewritten in place with a carriage return and wiped before
anything else is printed."""

from __future__ import annotations

import sys
import time
import unicodedata

DELAY_S = 1.0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class Progress:
    def __init__(self) -> None:
        self.start = time.monotonic()
        self.shown = 0               # display width of the line on screen (0: nothing shown)

    def enabled(self) -> bool:
        try:
            return sys.stderr.isatty()
        except (AttributeError, ValueError):
            return False

    def report(self, done: int, total: int, message: str = "") -> None:
        """``ReadOptions.progress`` signature: (done, total, message)."""
        if time.monotonic() - self.start < DELAY_S or not self.enabled():
            return
        line = message or "正在处理"
        if total > 1 and f"{done}/{total}" not in line and f"共 {total}" not in line:
            line += f"（{done}/{total}）"
        self.stage(line)

    def stage(self, message: str) -> None:
        if time.monotonic() - self.start < DELAY_S or not self.enabled():
            return
        from ..log import escape_line
        text = escape_line(message)[:70]
        pad = max(0, self.shown - _width(text))
        sys.stderr.write("\r" + text + " " * pad)
        sys.stderr.flush()
        self.shown = _width(text)

    def finish(self) -> None:
        """Wipe the line so the result or the error message starts clean."""
        if self.shown:
            sys.stderr.write("\r" + " " * self.shown + "\r")
            sys.stderr.flush()
            self.shown = 0


current = Progress()


def restart() -> Progress:
    global current
    current = Progress()
    return current
