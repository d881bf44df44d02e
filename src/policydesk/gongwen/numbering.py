"""Heading numbers of a 公文 (一、 （一） 1. （1） 第X章 第X条): the one implementation for the readers, the draft
and its format check.  The patterns are data: ``resources/reader_cues.json`` (``numbering``: a pattern and the
heading level it suggests, null for a number that is no heading level such as 附件).  The analysis' richer heading
grammar (kinds, ids, law articles) lives in ``resources/analysis/headings.json`` and ``analysis/headings.py``.

Nothing else in the code base writes a heading-number pattern (tests/test_one_concept.py checks).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .numerals import int_to_cn

_CN = "一二三四五六七八九十百零〇"


@lru_cache(maxsize=4)
def _compiled(key: tuple[tuple[int | None, str], ...]) -> tuple[tuple[int | None, re.Pattern[str]], ...]:
    try:
        return tuple((level, re.compile(p)) for level, p in key)
    except re.error as e:                    # the drafter's pattern, not the user's document, is wrong
        from ..rules import RulesError, rule_path
        path = str(rule_path("reader_cues.json"))
        raise RulesError(f"规则文件中的正则表达式有误：{path}（numbering：{e}）。请改正该文件。", path=path) from e


def _patterns() -> tuple[tuple[int | None, re.Pattern[str]], ...]:
    from ..rules import load_json
    data = load_json("reader_cues.json")["numbering"]
    return _compiled(tuple((d.get("level"), str(d["pattern"])) for d in data))


def numbering_level(text: str) -> tuple[bool, int | None]:
    """(starts with a paragraph number, suggested heading level or None)."""
    t = text.lstrip()
    for level, pat in _patterns():
        if pat.match(t):
            return True, level
    return False, None


def number_span(text: str) -> int:
    """Length of the heading number ``text`` opens with (0 when none)."""
    t = text.lstrip()
    for _, pat in _patterns():
        m = pat.match(t)
        if m:
            return len(text) - len(t) + m.end()
    return 0


def strip_number(text: str) -> str:
    """``text`` without the heading number it opens with."""
    return text[number_span(text):]


def heading_level(text: str) -> int | None:
    """The GB/T 9704 heading level (1-4) a paragraph's number stands for (一、 （一） 1. （1）), else None."""
    numbered, level = numbering_level(text)
    return level if numbered else None


_RENUMBER = ((re.compile(rf"^（[{_CN}]+）$"), "（{}）", True), (re.compile(rf"^[{_CN}]+、$"), "{}、", True),
             (re.compile(r"^\d+(?P<dot>[.．])$"), None, False), (re.compile(r"^（\d+）$"), "（{}）", False))


def renumber(number: str, n: int) -> str | None:
    """The same numbering style with the n-th number (（三） → （二）, 3. → 2.); None for a style not renumbered."""
    for rx, fmt, chinese in _RENUMBER:
        m = rx.match(number)
        if m:
            value = int_to_cn(n) if chinese else str(n)
            return f"{value}{m.group('dot')}" if fmt is None else fmt.format(value)
    return None
