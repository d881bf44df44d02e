"""成文日期 and other dates written in Chinese: the one implementation.

* :data:`DATE_RE` — a date as documents print it: ``2021年6月3日``, ``二〇二一年六月三日`` (spaces allowed);
* :func:`parse_date` — such a date → ``2021-06-03`` (None when it is no valid date);
* :func:`is_date_line` — a paragraph that is only a date (a signature date line);
* :func:`is_chinese_numeral_date` — a date in Chinese numerals (GB/T 9704-2012 wants Arabic numerals);
* :func:`written_date_problem` — what is wrong with a 成文日期 a drafter typed, against the pattern in
  ``resources/gbt9704.json`` (``standard.patterns.date``: Arabic numerals, no leading zeros).

Nothing else in the code base parses a date (tests/test_one_concept.py checks).
"""

from __future__ import annotations

import re

from .numerals import cn_digits_to_int, cn_to_int

_CN_NUM = "〇零一二三四五六七八九十○"
DATE_RE = re.compile(
    rf"(?P<y>(?:19|20)\d{{2}}|[{_CN_NUM}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,2}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日")
_DATE_LINE_RE = re.compile(rf"^\s*{DATE_RE.pattern}\s*$")
_CN_NUMERAL_DATE_RE = re.compile(rf"^[{_CN_NUM}]{{4}}年[{_CN_NUM}]{{1,2}}月[{_CN_NUM}]{{1,3}}日$")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _form(text: str) -> str:
    return text.translate(_FULLWIDTH_DIGITS)


def parse_date(text: str) -> str | None:
    """The first date in ``text`` (``2021年6月3日`` / ``二〇二一年六月三日``) → ``2021-06-03``; None when not valid."""
    m = DATE_RE.search(_form(text))
    return _iso(m) if m else None


def _iso(m: re.Match[str]) -> str | None:
    y = int(m.group("y")) if m.group("y").isdigit() else cn_digits_to_int(m.group("y"))
    mo = cn_to_int(m.group("m"))
    d = cn_to_int(m.group("d"))
    if not y or not mo or not d or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def is_date_line(text: str) -> bool:
    """True when the paragraph is only a date (``2021年6月3日``, ``二〇二一年六月三日``)."""
    return bool(_DATE_LINE_RE.match(_form(text)))


def is_chinese_numeral_date(text: str) -> bool:
    """True for a date line in Chinese numerals (``二〇二一年六月三日``)."""
    return bool(_CN_NUMERAL_DATE_RE.match(text.strip()))


def written_date_problem(date: str | None) -> str | None:
    """A Chinese sentence when ``date`` is not a 成文日期 as GB/T 9704 writes it (empty is fine: left to fill)."""
    date = (date or "").strip()
    if not date or written_date_ok(date):
        return None
    return f"成文日期“{date}”格式不对：应写作 2021年6月3日（阿拉伯数字，不加 0）。"


def written_date_ok(date: str) -> bool:
    """``date`` is a 成文日期 as GB/T 9704 writes it (``resources/gbt9704.json``: ``standard.patterns.date``)."""
    return bool(re.match(_written_pattern(), date.strip()))


def _written_pattern() -> str:
    from ..rules import load_json
    return str(load_json("gbt9704.json")["standard"]["patterns"]["date"])
