"""Quantitative targets (不少于3~5家, 1.5亿美元以上, 100%) and deadlines (2022年年底前, 到2025年, 每年)
in a task's text; the patterns are in ``resources/analysis/targets.json``."""

from __future__ import annotations

import re
from functools import lru_cache

from ..gongwen.docnumber import find_doc_numbers
from .normalize import match_form
from .rules import load_json, stamp


@lru_cache(maxsize=4)
def _compiled(key: tuple[str, float]) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    cfg = load_json("targets.json")
    return [re.compile(p) for p in cfg["targets"]], [re.compile(p) for p in cfg["deadlines"]]


def _find(text: str, pats: list[re.Pattern[str]], taken: list[tuple[int, int]]) -> list[tuple[int, str]]:
    form = match_form(text)
    out: list[tuple[int, str]] = []
    for rx in pats:
        for m in rx.finditer(form):
            s, e = m.span()
            if e <= s or any(s < b and a < e for a, b in taken):
                continue
            taken.append((s, e))
            out.append((s, text[s:e]))
    return out


def _doc_number_spans(form: str) -> list[tuple[int, int]]:
    return [(s, e) for s, e, _ in find_doc_numbers(form)]


def find_targets_and_deadlines(text: str) -> tuple[list[str], list[str]]:
    """``(targets, deadlines)`` as written, each in text order, without duplicates."""
    tpats, dpats = _compiled(stamp("targets.json"))
    form = match_form(text)
    taken = _doc_number_spans(form)
    deadlines = _find(text, dpats, taken)
    targets = _find(text, tpats, taken)
    def order(items: list[tuple[int, str]]) -> list[str]:
        return list(dict.fromkeys(t for _, t in sorted(items)))
    return order(targets), order(deadlines)
