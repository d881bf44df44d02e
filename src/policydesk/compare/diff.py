"""Character-level diff inside an aligned pair: the shared spans behind a score.

A longest-common-subsequence alignment (rapidfuzz, C++: milliseconds even for long Chinese texts,
no autojunk problem) computed on the texts folded to one width (``,`` ≡ ``，``); offsets index
:attr:`Clause.text` of each side.  Spans shorter than ``min_span``
characters (or made only of punctuation) are not reported, since one shared character says
nothing.  Falls back to ``difflib.SequenceMatcher(autojunk=False)`` if rapidfuzz is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTENT = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(slots=True)
class Span:
    plan: tuple[int, int]
    ref: tuple[int, int]
    text: str

    def to_json(self) -> dict:
        return {"plan": [self.plan[0], self.plan[1]], "ref": [self.ref[0], self.ref[1]], "text": self.text}


_FOLD = {cp: chr(cp - 0xFEE0).lower() for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = " "
_FOLD.update({cp: chr(cp).lower() for cp in range(ord("A"), ord("Z") + 1)})


def _fold(text: str) -> str:
    """Fold full-width ASCII and case character by character (offsets unchanged): ``,`` ≡ ``，``."""
    return text.translate(_FOLD)


def _opcodes(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """(tag, a0, a1, b0, b1) of a longest-common-subsequence alignment (rapidfuzz, C++).

    Only equal runs matter here and short ones are dropped by the caller, so no semantic clean-up
    is needed.  Without rapidfuzz, difflib with autojunk off.
    """
    try:
        from rapidfuzz.distance import Indel
        return [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Indel.opcodes(a, b)]
    except ImportError:  # pragma: no cover - declared dependency
        import difflib
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def shared_spans(plan_text: str, ref_text: str, min_span: int = 4) -> list[Span]:
    """Runs of text the two clauses share, in plan order (each at least ``min_span`` characters)."""
    spans: list[Span] = []
    for tag, a0, a1, b0, b1 in _opcodes(_fold(plan_text), _fold(ref_text)):
        if tag != "equal":
            continue
        text = plan_text[a0:a1]
        if len(_CONTENT.findall(text)) < min_span:
            continue
        spans.append(Span((a0, a1), (b0, b1), text))
    return spans


def shared_fraction(plan_text: str, spans: list[Span]) -> float:
    """Share of the plan clause's content characters lying in shared spans."""
    total = len(_CONTENT.findall(plan_text))
    if not total:
        return 0.0
    inside = sum(len(_CONTENT.findall(s.text)) for s in spans)
    return inside / total


def content_chars(text: str) -> int:
    """Number of content characters (CJK, digits, letters) of a text."""
    return len(_CONTENT.findall(text))
