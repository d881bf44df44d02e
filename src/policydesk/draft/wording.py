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


def title_breaks(title: str, before: Iterable[str], after: Iterable[str]) -> dict[int, int]:
    """Good cut positions of a title: 2 before a word of ``before``, 1 after a word of ``after``."""
    good: dict[int, int] = {}
    for w in before:
        for m in re.finditer(re.escape(w), title):
            if m.start() > 0:
                good[m.start()] = max(good.get(m.start(), 0), 2)
    for w in after:
        for m in re.finditer(re.escape(w), title):
            if m.end() < len(title):
                good[m.end()] = max(good.get(m.end(), 0), 1)
    return good


def split_title(title: str, max_chars: int, before: Iterable[str], after: Iterable[str]) -> list[str]:
    """Split a title into lines of at most ``max_chars`` keeping words whole, longer lines first (trapezoid).

    The lines minimise: 6 per cut at no good break (−2 before a word of ``before``, −1 after one of ``after``),
    0.3 per character between the longest and the shortest line, 1 per line longer than the one above, and 4 per
    line beyond the fewest possible; ties go to the earliest cuts.  Found by dynamic programming (for each line
    count and each range of line lengths), polynomial in the title: a 300-character title takes milliseconds
    where trying every cut took minutes.  A title over ``MAX_TITLE_SPLIT_CHARS`` is cut into equal lines.
    """
    from ..readers.safety import MAX_TITLE_SPLIT_CHARS
    if len(title) <= max_chars:
        return [title]
    n = len(title)
    fallback = [title[i:i + max_chars] for i in range(0, n, max_chars)]
    if n > MAX_TITLE_SPLIT_CHARS or max_chars < 1:
        return fallback
    good = title_breaks(title, before, after)
    # never split inside 《》 or （）
    inside: set[int] = set()
    for m in re.finditer(r"《[^》]*》|（[^）]*）|“[^”]*”", title):
        if m.end() - m.start() <= max_chars // 2:      # a long 《》 may be split, at a word boundary
            inside.update(range(m.start() + 1, m.end()))
    n_lines = -(-n // max_chars)
    # costs in tenths, so that sums are exact integers
    cut_cost = [0] * (n + 1)
    for c in range(1, n):
        cut_cost[c] = 10 * (-good[c] if c in good else 6)
    best: tuple[int, list[int]] | None = None
    for extra in range(0, 2):
        k = n_lines + extra
        if k > n:
            break
        unbounded = _split_in_range(n, k, 1, max_chars, cut_cost, inside)
        if unbounded is None:
            continue
        # every range's cost is at least the unrestricted one: try narrow ranges first, stop when none can win
        pairs = sorted(((hi - lo, lo, hi) for lo in range(1, max_chars + 1) if lo * k <= n
                        for hi in range(max(lo, -(-n // k)), max_chars + 1)))
        for width, lo, hi in pairs:
            if best is not None and unbounded[0] + 3 * width + 40 * extra > best[0]:
                break
            found = _split_in_range(n, k, lo, hi, cut_cost, inside)
            if found is None:
                continue
            score = found[0] + 3 * (hi - lo) + 40 * extra
            # ties: fewer lines first, then the earliest cuts
            if best is None or score < best[0] or (score == best[0] and len(found[1]) == len(best[1])
                                                   and found[1] < best[1]):
                best = (score, found[1])
    if best is None:
        return fallback
    lines, pos = [], 0
    for length in best[1]:
        lines.append(title[pos:pos + length])
        pos += length
    return lines


def _split_in_range(n: int, k: int, lo: int, hi: int, cut_cost: list[int],
                    inside: set[int]) -> tuple[int, list[int]] | None:
    """The cheapest split of ``n`` characters into ``k`` lines of ``lo``..``hi`` characters (costs of the cuts plus
    10 per line longer than the one before), and its line lengths — the lexicographically smallest among equals."""
    widths = range(lo, hi + 1)
    inf = float("inf")
    # g[j][pos][L - lo]: cheapest cost of lines j..k-1 starting at pos, when line j-1 had length L
    g: list[dict[int, list[float]]] = [dict() for _ in range(k + 1)]
    g[k][n] = [0] * len(widths)
    for j in range(k - 1, -1, -1):
        first_pos = max(j * lo, n - (k - j) * hi)
        last_pos = min(j * hi, n - (k - j) * lo)
        if j == 0:
            first_pos = last_pos = 0 if first_pos <= 0 <= last_pos else -1
        nxt = g[j + 1]
        row: dict[int, list[float]] = {}
        for pos in range(first_pos, last_pos + 1):
            if pos < 0:
                break
            # c[ell]: cost of a line of length ell starting at pos plus the best of the rest
            c = []
            for ell in widths:
                end = pos + ell
                rest = nxt.get(end)
                if rest is None or (j < k - 1 and (end in inside)):
                    c.append(inf)
                    continue
                cost = rest[ell - lo] + (cut_cost[end] if j < k - 1 else 0)
                c.append(cost)
            if all(v == inf for v in c):
                continue
            # value for each previous length L: min(min_{ell <= L} c, 10 + min_{ell > L} c)
            values = []
            prefix = inf
            suffix = [inf] * (len(c) + 1)
            for i in range(len(c) - 1, -1, -1):
                suffix[i] = min(suffix[i + 1], c[i])
            for i in range(len(c)):
                prefix = min(prefix, c[i])
                values.append(min(prefix, 10 + suffix[i + 1]))
            row[pos] = values if j else [suffix[0]]
        g[j] = row
    if 0 not in g[0] or g[0][0][0] == inf:
        return None
    total = g[0][0][0]
    # reconstruct the lexicographically smallest lengths achieving ``total``
    lengths: list[int] = []
    pos, prev, remaining = 0, None, total
    for j in range(k):
        nxt = g[j + 1]
        for ell in widths:
            end = pos + ell
            rest = nxt.get(end)
            if rest is None or (j < k - 1 and end in inside):
                continue
            step = (cut_cost[end] if j < k - 1 else 0) + (10 if prev is not None and ell > prev else 0)
            if step + rest[ell - lo] == remaining:
                lengths.append(ell)
                remaining -= step
                pos, prev = end, ell
                break
        else:
            return None
    return int(total), lengths
