"""Chinese numerals: ``十五`` → 15, ``二〇二一`` → 2021 (heading numbers, dates, 文号 years)."""

from __future__ import annotations

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


_DIGITS = "零一二三四五六七八九"


def int_to_cn(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (heading numbers, Word's Chinese list numbers); outside 1-99 as digits."""
    if not 0 < n < 100:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
