"""Text normalisation shared by the analysis modules.

Two kinds of normalisation:

* :func:`clean_text` — whitespace only (what ``paragraphs[].text`` holds): spaces between CJK
  characters/punctuation removed (PDF extraction inserts them), other runs collapsed.
* :func:`match_form` — a same-length copy with half-width punctuation turned full width
  (``(`` → ``（``, ``:`` → ``：``, ``,`` → ``，``, ``．`` → ``.``), so rules match one form and
  offsets found in it slice the original text.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019〔〕【】《》"
_SPACE_RE = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff]+")
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")

# one character in, one character out (offsets stay valid)
_FORM_TABLE = str.maketrans({
    "(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "．": ".", "!": "！", "?": "？",
    "［": "〔", "］": "〕", "[": "〔", "]": "〕", "〖": "〔", "〗": "〕", "～": "~", "﹝": "〔", "﹞": "〕",
    "０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6", "７": "7", "８": "8", "９": "9",
    "○": "〇", "Ｏ": "〇",
})


def clean_text(text: str) -> str:
    """Whitespace-normalise one paragraph: no spaces around CJK characters, single spaces elsewhere."""
    text = _SPACE_RE.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()
    return _CJK_SPACE_RE.sub("", text)


def match_form(text: str) -> str:
    """Same-length copy of ``text`` with punctuation unified to the full-width forms the rules use."""
    if len(text) <= 64:
        return _short_match_form(text)
    return text.translate(_FORM_TABLE)


@lru_cache(maxsize=8192)
def _short_match_form(text: str) -> str:
    return text.translate(_FORM_TABLE)


def unit_form(name: str) -> str:
    """A unit name in its canonical spelling before alias lookup (full-width brackets, no spaces)."""
    return re.sub(r"\s+", "", match_form(name))


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(text: str) -> int | None:
    """``"十五"`` → 15, ``"一百二十"`` → 120, ``"2"`` → 2; None when not a number."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def cn_digits_to_int(text: str) -> int | None:
    """Digit-by-digit Chinese year such as ``"二〇二一"`` → 2021."""
    out = ""
    for ch in text:
        if ch.isdigit():
            out += ch
        elif ch in _CN_DIGITS:
            out += str(_CN_DIGITS[ch])
        else:
            return None
    return int(out) if out else None


def split_top_level(text: str, seps: str) -> list[tuple[str, str]]:
    """Split at separator characters outside brackets; returns ``(piece, separator_after)`` pairs."""
    pieces: list[tuple[str, str]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "（(〔【《“":
            depth += 1
        elif ch in "）)〕】》”":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in seps:
            pieces.append((text[start:i], ch))
            start = i + 1
    pieces.append((text[start:], ""))
    return pieces
