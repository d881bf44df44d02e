"""Character-level diff inside an aligned pair: the shared spans behind a score.

An LCS alignment (rapidfuzz) cleaned up by diff-match-patch's semantic pass, computed on the
texts folded to one width (``,`` ≡ ``，``); offsets index :attr:`Clause.text` of each side.  Spans shorter than ``min_span``
characters (or made only of punctuation) are not reported, since one shared character says
nothing.  Falls back to ``difflib.SequenceMatcher(autojunk=False)`` if rapidfuzz is missing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CONTENT = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(slots=True)
class Span:
    plan: tuple[int, int]
    ref: tuple[int, int]
    text: str

    def to_json(self) -> dict:
        return {"plan": [self.plan[0], self.plan[1]], "ref": [self.ref[0], self.ref[1]], "text": self.text}


def _fold(text: str) -> str:
    """Fold width and case character by character (offsets unchanged): ``,`` ≡ ``，``, ``(`` ≡ ``（``."""
    out = []
    for ch in text:
        f = unicodedata.normalize("NFKC", ch)
        out.append(f.lower() if len(f) == 1 else ch)
    return "".join(out)


def _opcodes(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """(tag, a0, a1, b0, b1) with tag in equal/delete/insert.

    The longest-common-subsequence alignment comes from rapidfuzz (C++, milliseconds even for long
    clauses); diff-match-patch's semantic clean-up then merges the scattered one-character
    matches an LCS produces into readable runs.  Without rapidfuzz, difflib with autojunk off.
    """
    try:
        from rapidfuzz.distance import Indel
        raw = [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Indel.opcodes(a, b)]
    except ImportError:  # pragma: no cover - declared dependency
        import difflib
        raw = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    diffs: list[tuple[int, str]] = []
    for tag, a0, a1, b0, b1 in raw:
        if tag == "equal":
            diffs.append((0, a[a0:a1]))
        else:
            if a1 > a0:
                diffs.append((-1, a[a0:a1]))
            if b1 > b0:
                diffs.append((1, b[b0:b1]))
    try:
        from diff_match_patch import diff_match_patch
        diffs = [tuple(d) for d in diffs]
        dmp = diff_match_patch()
        dmp.diff_cleanupSemantic(diffs)
    except ImportError:  # pragma: no cover
        pass
    out: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for op, chunk in diffs:
        n = len(chunk)
        if op == 0:
            out.append(("equal", i, i + n, j, j + n))
            i += n
            j += n
        elif op == -1:
            out.append(("delete", i, i + n, j, j))
            i += n
        else:
            out.append(("insert", i, i, j, j + n))
            j += n
    return out


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
