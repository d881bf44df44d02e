"""Inside one aligned pair (parent clause → plan clause): sentences, words and commitments.

1. **Sentences** of both clauses are aligned one to one by character similarity (rapidfuzz), so a
   plan that reorders the parent's sentences still copies them; the shared spans are the
   longest-common-subsequence runs of each sentence pair (or of the whole clauses when that
   covers more).  ``plan_fraction`` = share of the plan clause's characters in shared spans;
   ``parent_fraction`` = share of the parent clause's characters that survive in the plan.
2. **Words**: each sentence pair is diffed token by token (:func:`policydesk.commitments.tokenize`:
   jieba words, every commitment one token), giving ``equal`` / ``replace`` / ``insert`` /
   ``delete`` operations; a replacement that only localises (市→县, 全市→全县, 市商务局→县商务局,
   南通市→如东县) is marked ``local``.
3. **Changes**: the commitments on the two sides of every non-local operation are compared
   (:func:`policydesk.commitments.compare_commitment`): ``{kind, direction, parent, plan}``.
   A target or deadline of a parent sentence that the plan dropped (found nowhere in the plan) is
   a ``weaker`` change with an empty ``plan``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..commitments import Commitment, Token, compare_commitment, rules, tokenize
from .diff import _CONTENT, Span, _fold, shared_spans

_SENT = re.compile(r"[^。；;！!？?\n]+[。；;！!？?\n]*")
_LOC_WORDS = re.compile(r"全国|全省|全市|全县|全区|国务院|省政府|市政府|县政府|区政府|省人民政府|市人民政府|县人民政府|"
                        r"区人民政府|省委|市委|县委|区委|本省|本市|本县|本区|省级|市级|县级|区级|[省市县区镇乡]")
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,6}(?:省|市|县|区|镇|乡|州|旗)$")
_WIDE_OP = 24            # a side longer than this: a rewrite, strength/scope words not compared
_ANNOTATION = re.compile(r"[〔（(【\[]\s*(?:责任单位|牵头单位|配合单位|责任部门|牵头部门|负责单位|实施单位)[^〕）)】\]]*[〕）)】\]]?")


@dataclass(slots=True)
class DiffOp:
    op: str                 # equal | replace | insert | delete
    parent: str
    plan: str
    local: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.op, "parent": self.parent, "plan": self.plan}
        if self.local:
            out["local"] = True
        return out


@dataclass(slots=True)
class Change:
    kind: str               # target | deadline | strength | scope | negation
    direction: str          # weaker | stronger | different
    parent: str
    plan: str
    parent_context: str = ""
    plan_context: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "direction": self.direction, "parent": self.parent, "plan": self.plan,
                "parent_context": self.parent_context, "plan_context": self.plan_context}


@dataclass(slots=True)
class PairAnalysis:
    spans: list[Span]
    plan_fraction: float
    parent_fraction: float
    copied_chars: int
    ops: list[DiffOp] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence (ending with 。；！？ or a line break); together they cover the whole text
    (a piece without any content character joins the sentence before it, or the first one)."""
    out: list[list[int]] = []
    pending = 0
    for m in _SENT.finditer(text):
        if _CONTENT.search(m.group(0)):
            out.append([pending if not out else m.start(), m.end()])
        elif out:
            out[-1][1] = m.end()
    if out:
        out[0][0] = 0
        out[-1][1] = len(text)
        for a, b in zip(out, out[1:]):
            b[0] = a[1]
    return [(a, b) for a, b in out]


def _content_len(text: str) -> int:
    return len(_CONTENT.findall(text))


def align_sentences(plan_text: str, parent_text: str, cutoff: float = 50.0) -> list[tuple[int, int]]:
    """One-to-one (plan sentence index, parent sentence index) pairs, most similar first taken."""
    ps, rs = sentences(plan_text), sentences(parent_text)
    if not ps or not rs:
        return []
    from rapidfuzz import fuzz, process
    a = [_fold(plan_text[s:e]) for s, e in ps]
    b = [_fold(parent_text[s:e]) for s, e in rs]
    m = process.cdist(a, b, scorer=fuzz.ratio)
    cand = sorted(((float(m[i][j]), i, j) for i in range(len(a)) for j in range(len(b)) if m[i][j] >= cutoff),
                  key=lambda t: (-t[0], t[1], t[2]))
    used_p: set[int] = set()
    used_r: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in cand:
        if i in used_p or j in used_r:
            continue
        used_p.add(i)
        used_r.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def is_local(parent: str, plan: str) -> bool:
    """Whether replacing ``parent`` by ``plan`` only localises (level words, place names, agency prefixes)."""
    a, b = parent.strip(), plan.strip()
    if not a and not b:
        return True
    if _LOC_WORDS.sub("", a) == _LOC_WORDS.sub("", b):
        return True
    return bool(a and b and _PLACE.match(a) and _PLACE.match(b))


def _token_ops(old: list[Token], new: list[Token]) -> list[tuple[str, int, int, int, int]]:
    """(tag, old start, old end, new start, new end) over token lists; adjacent edits merged."""
    from rapidfuzz.distance import Indel
    ops: list[list[Any]] = []
    for op in Indel.opcodes([_fold(t.text) for t in old], [_fold(t.text) for t in new]):
        if op.tag == "equal":
            ops.append(["equal", op.src_start, op.src_end, op.dest_start, op.dest_end])
        elif ops and ops[-1][0] != "equal":
            ops[-1][2], ops[-1][4] = op.src_end, op.dest_end
        else:
            ops.append(["edit", op.src_start, op.src_end, op.dest_start, op.dest_end])
    out = []
    for tag, a0, a1, b0, b1 in ops:
        if tag != "equal":
            tag = "replace" if a1 > a0 and b1 > b0 else ("delete" if a1 > a0 else "insert")
        out.append((tag, a0, a1, b0, b1))
    return out


def _text(tokens: list[Token]) -> str:
    return "".join(t.text for t in tokens)


def _ctx(tokens: list[Token], k: int, width: int = 12) -> str:
    """A short piece of the sentence around token index ``k`` (for the change list)."""
    s = "".join(t.text for t in tokens[max(0, k - 4):k])
    e = "".join(t.text for t in tokens[k:k + 5])
    return (s[-width:] + e[:width * 2]).strip()


_LEVEL_SCOPE = ("各级", "各")
_PLACE_LEVEL = re.compile(r"[省市县区乡镇村]|级|街道|本行政区域|地方")


def _level_changes(kind: str, o: list[Commitment], n: list[Commitment], soft_from: int,
                   new_text: str = "") -> list[tuple[str, str, str]]:
    """Changes of a level-valued kind inside one operation: (direction, parent words, plan words)."""
    if not o and not n:
        return []
    if kind == "scope" and o and all(c.text in _LEVEL_SCOPE for c in o) and _PLACE_LEVEL.search(new_text):
        return []       # 各级人民政府 → 县级以上人民政府 / 市和区: the levels named locally, not a narrower scope
    ot, nt = "".join(c.text for c in o), "".join(c.text for c in n)
    if o and n:
        lo, ln = max(c.level or 0 for c in o), min(c.level or 0 for c in n)
        if ln < lo:
            return [("weaker", ot, nt)]
        if max(c.level or 0 for c in n) > lo and ln >= lo:
            return [("stronger", ot, nt)]
        return []
    if o:       # words deleted
        lo = max(c.level or 0 for c in o)
        return [("weaker", ot, "")] if lo >= soft_from else [("stronger", ot, "")]
    ln = min(c.level or 0 for c in n)   # words inserted
    return [("weaker", "", nt)] if ln < soft_from else [("stronger", "", nt)]


def _inside(tokens: list[Token], spans: list[tuple[int, int]]) -> bool:
    return bool(tokens) and all(any(a <= t.start and t.end <= b for a, b in spans) for t in tokens)


def _annotation_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _ANNOTATION.finditer(text)]


def _op_changes(old: list[Token], new: list[Token], units_only: bool = False) -> list[tuple[str, str, str, str]]:
    """(kind, direction, parent, plan) for one non-equal, non-local operation.

    ``units_only``: the operation lies in a responsibility annotation (〔责任单位：…〕), where other
    agencies are localisation; only its targets and deadlines are compared.
    """
    r = rules()
    oc = [t.commitment for t in old if t.commitment]
    nc = [t.commitment for t in new if t.commitment]
    out: list[tuple[str, str, str, str]] = []
    wide = units_only or len(_text(old)) > _WIDE_OP or len(_text(new)) > _WIDE_OP
    # prohibitions: 不得 → 原则上不 / 可 / nothing
    o_neg = [c for c in oc if c.kind == "negation" and (c.level or 0) >= 2]
    n_neg = [c for c in nc if c.kind == "negation" and (c.level or 0) >= 2]
    n_perm = [c for c in nc if c.text in r.permission]
    if o_neg and not units_only:
        lo = max(c.level or 0 for c in o_neg)
        ln = max((c.level or 0 for c in n_neg), default=1 if n_perm else 0)
        if ln < lo:
            out.append(("negation", "weaker", "".join(c.text for c in o_neg),
                        "".join(c.text for c in (n_neg or n_perm))))
        elif ln > lo:
            out.append(("negation", "stronger", "".join(c.text for c in o_neg), "".join(c.text for c in n_neg)))
    elif n_neg and not wide:
        out.append(("negation", "stronger", "", "".join(c.text for c in n_neg)))
    used_perm = bool(o_neg)
    if not wide:
        for kind, soft_from in (("strength", 3), ("scope", 2)):
            o = [c for c in oc if c.kind == kind]
            n = [c for c in nc if c.kind == kind and not (used_perm and c.text in r.permission)]
            for d, pt, nt in _level_changes(kind, o, n, soft_from, _text(new)):
                out.append((kind, d, pt, nt))
    for kind in ("target", "deadline"):
        o = [c for c in oc if c.kind == kind]
        n = [c for c in nc if c.kind == kind]
        for k in range(max(len(o), len(n))):
            if k < len(o) and k < len(n):
                d = compare_commitment(o[k], n[k])
                if d:
                    out.append((kind, d, o[k].text, n[k].text))
            elif k < len(o):
                out.append((kind, "weaker", o[k].text, ""))
            elif not wide:
                out.append((kind, "stronger", "", n[k].text))
    return out


def _core(c: Commitment) -> str:
    """The part of a target/deadline that must reappear for it to count as kept (its number, its year)."""
    m = re.search(r"[0-9]+(?:\.[0-9]+)?", c.text)
    return m.group(0) if m else c.text


def analyse_pair(plan_text: str, parent_text: str, *, min_span: int = 4, plan_whole: str | None = None,
                 diff: bool = True) -> PairAnalysis:
    """Spans, copy fractions both ways, word diff and commitment changes of one aligned pair."""
    ps, rs = sentences(plan_text), sentences(parent_text)
    pairs = align_sentences(plan_text, parent_text)
    spans: list[Span] = []
    for i, j in pairs:
        (a0, a1), (b0, b1) = ps[i], rs[j]
        for s in shared_spans(plan_text[a0:a1], parent_text[b0:b1], min_span):
            spans.append(Span((s.plan[0] + a0, s.plan[1] + a0), (s.ref[0] + b0, s.ref[1] + b0), s.text))
    spans.sort(key=lambda s: s.plan)
    whole = shared_spans(plan_text, parent_text, min_span)
    inside = sum(_content_len(s.text) for s in spans)
    inside_whole = sum(_content_len(s.text) for s in whole)
    if inside_whole > inside:
        spans, inside = whole, inside_whole
    n_plan, n_parent = _content_len(plan_text), _content_len(parent_text)
    result = PairAnalysis(spans=spans, plan_fraction=inside / n_plan if n_plan else 0.0,
                          parent_fraction=inside / n_parent if n_parent else 0.0, copied_chars=inside)
    if not diff:
        return result
    plan_whole = plan_whole if plan_whole is not None else plan_text
    matched_p = {i: j for i, j in pairs}
    matched_r = set(matched_p.values())
    ops: list[DiffOp] = []
    changes: list[Change] = []
    for i, (a0, a1) in enumerate(ps):
        if i not in matched_p:
            ops.append(DiffOp("insert", "", plan_text[a0:a1]))
            continue
        b0, b1 = rs[matched_p[i]]
        old, new = tokenize(parent_text[b0:b1]), tokenize(plan_text[a0:a1])
        ann_old, ann_new = _annotation_spans(parent_text[b0:b1]), _annotation_spans(plan_text[a0:a1])
        for tag, k_old, e_old, k_new, e_new in _token_ops(old, new):
            o, n = old[k_old:e_old], new[k_new:e_new]
            ot, nt = _text(o), _text(n)
            if tag == "equal":
                if ops and ops[-1].op == "equal":
                    ops[-1].parent += ot
                    ops[-1].plan += nt
                else:
                    ops.append(DiffOp("equal", ot, nt))
                continue
            in_note = (not o or _inside(o, ann_old)) and (not n or _inside(n, ann_new)) and (o or n)
            local = is_local(ot, nt) or bool(in_note)
            ops.append(DiffOp(tag, ot, nt, local))
            if local and not in_note:
                continue
            for kind, d, pt, nt2 in _op_changes(o, n, units_only=bool(in_note)):
                if kind in ("strength", "scope", "negation"):      # show what was replaced, not just the word
                    pt = pt or (ot.strip() if len(ot) <= 12 else "")
                    nt2 = nt2 or (nt.strip() if len(nt) <= 12 else "")
                changes.append(Change(kind, d, pt, nt2, _ctx(old, k_old), _ctx(new, k_new)))
    whole_fold = _fold(plan_whole)
    for j, (b0, b1) in enumerate(rs):
        if j in matched_r:
            continue
        sent = parent_text[b0:b1]
        ops.append(DiffOp("delete", sent, ""))
        for c in [t.commitment for t in tokenize(sent) if t.commitment]:
            if c.kind in ("target", "deadline") and _fold(_core(c)) not in whole_fold:
                changes.append(Change(c.kind, "weaker", c.text, "", sent.strip()[:40], ""))
    result.ops = ops
    result.changes = changes
    return result
