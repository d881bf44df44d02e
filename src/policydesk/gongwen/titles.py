"""Title endings: the words a 公文 title ends with (通知, 意见, 方案 …) — one list, as data in
``resources/reader_cues.json`` (``title_endings``), used by the readers (a line that ends a title) and the analysis
(front matter).  Nothing else in the code base lists them (tests/test_one_concept.py checks)."""

from __future__ import annotations

import re
from functools import lru_cache


def title_endings() -> tuple[str, ...]:
    """The title-ending words, longest first (a user copy of reader_cues.json overrides the bundled one)."""
    from ..rules import load_json
    return tuple(sorted({str(w) for w in load_json("reader_cues.json")["title_endings"]}, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=4)
def _end_re(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")$")


def title_end_re() -> re.Pattern[str]:
    """A pattern matching a text that ends with a title-ending word (``search`` it)."""
    return _end_re(title_endings())


def ends_with_title_word(text: str) -> bool:
    return bool(title_end_re().search(text.rstrip()))
