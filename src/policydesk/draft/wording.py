"""City wording left in a county text, and splitting titles into lines."""

from __future__ import annotations

import re
from collections.abc import Iterable

QUOTE = re.compile(r"《[^《》]*》")


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = "\0"
    return "".join(chars)


def city_wording(text: str, allowed: Iterable[str], place_names: Iterable[str] = ()) -> list[tuple[int, str]]:
    """Positions of 市 used as city wording (全市, 市商务局, 市政府…) outside 《》 quotations.

    ``allowed`` are words whose 市 is not city wording (市场, 城市, 上市, 县（市、区）…); ``place_names`` are proper
    names that contain 市 (南通市, 如皋市).  Returns ``(index, context)`` pairs.
    """
    spans = [m.span() for m in QUOTE.finditer(text)]
    for word in sorted({*allowed, *place_names}, key=len, reverse=True):
        if not word:
            continue
        start = 0
        while (i := text.find(word, start)) >= 0:
            spans.append((i, i + len(word)))
            start = i + 1
    masked = _mask(text, spans)
    return [(i, text[max(0, i - 4): i + 6]) for i, ch in enumerate(masked) if ch == "市"]


def split_title(title: str, max_chars: int, before: Iterable[str], after: Iterable[str]) -> list[str]:
    """Split a title into lines of at most ``max_chars`` keeping words whole, longer lines first (trapezoid)."""
    if len(title) <= max_chars:
        return [title]
    good: dict[int, int] = {}
    for w in before:
        for m in re.finditer(re.escape(w), title):
            if m.start() > 0:
                good[m.start()] = max(good.get(m.start(), 0), 2)
    for w in after:
        for m in re.finditer(re.escape(w), title):
            if m.end() < len(title):
                good[m.end()] = max(good.get(m.end(), 0), 1)
    # never split inside 《》 or （）
    inside = set()
    for m in re.finditer(r"《[^》]*》|（[^）]*）|“[^”]*”", title):
        if m.end() - m.start() <= max_chars // 2:      # a long 《》 may be split, at a word boundary
            inside.update(range(m.start() + 1, m.end()))
    n_lines = -(-len(title) // max_chars)
    if n_lines > 3:          # the exhaustive search grows as max_chars ** lines: greedy for a very long title
        return _greedy_lines(title, max_chars, good, inside)
    best: tuple[float, list[str]] | None = None

    def rec(start: int, lines_left: int, acc: list[str]) -> None:
        nonlocal best
        rest = len(title) - start
        if lines_left == 1:
            if rest > max_chars:
                return
            lines = acc + [title[start:]]
            lens = [len(l) for l in lines]
            score = sum(-good.get(sum(lens[:k + 1]), -6) for k in range(len(lines) - 1))
            score += (max(lens) - min(lens)) * 0.3
            score += sum(1.0 for a, b in zip(lens, lens[1:]) if b > a)   # prefer long first
            score += 4.0 * (len(lines) - n_lines)                           # fewer lines
            if best is None or score < best[0]:
                best = (score, lines)
            return
        for cut in range(start + 1, min(start + max_chars, len(title) - 1) + 1):
            if cut in inside:
                continue
            rec(cut, lines_left - 1, acc + [title[start:cut]])

    for extra in range(0, 2):
        rec(0, n_lines + extra, [])
    return best[1] if best else [title[i:i + max_chars] for i in range(0, len(title), max_chars)]


def _greedy_lines(title: str, max_chars: int, good: dict[int, int], inside: set[int]) -> list[str]:
    """Lines of at most ``max_chars``, each cut at the best break hint in the last half of the line."""
    lines, start = [], 0
    while len(title) - start > max_chars:
        window = [c for c in range(start + max_chars // 2, start + max_chars + 1) if c not in inside]
        cut = max(window, key=lambda c: (good.get(c, 0), c)) if window else start + max_chars
        lines.append(title[start:cut])
        start = cut
    lines.append(title[start:])
    return lines
