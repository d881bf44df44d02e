"""Responsibility annotations (责任分工标注) inside a paragraph.

An annotation is a bracketed group (（…）, 〔…〕, 【…】) that

* stands after a sentence end or ends its sentence/paragraph (never mid-clause), and
* parses completely as either labelled unit lists (``责任单位：…``, ``牵头单位：…；配合单位：…``,
  ``负责部门：…，适用范围：…``) or unit lists followed by a role verb (``X牵头，Y参与``,
  ``X、Y等按职责分工负责``), optionally with rule statements (``列第一位者为牵头单位，下同``).

Every unit must read as an agency name (see :func:`.units.looks_like_unit`), which keeps
``（负责人）`` and ``（技工院校内由人力资源社会保障行政部门负责）`` out.  The forms live in
``resources/analysis/annotations.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .normalize import match_form, split_top_level
from .rules import load_json, stamp
from .units import split_units

_LEAD_MARK = re.compile(r"（(?:牵头|牵头单位|牵头部门|主责)）")


@dataclass(slots=True)
class Annotation:
    start: int                     # offsets in the paragraph text (bracket included)
    end: int
    raw: str                       # as written, brackets included
    units: list[str]
    lead: list[str]
    support: list[str]
    lead_inferred: bool
    deadlines: list[str] = field(default_factory=list)
    last_paragraph: int | None = None   # set when the annotation runs over further label lines (merge_label_lines)


@lru_cache(maxsize=4)
def _compiled(key: tuple[str, float]) -> dict:
    cfg = load_json("annotations.json")
    labels: dict[str, str] = cfg["labels"]
    label_alt = "|".join(re.escape(k) for k in sorted(labels, key=len, reverse=True))
    verbs = cfg["verbs"]
    verb_alt = "|".join(v["regex"] for v in verbs)
    return {
        "labels": labels,
        "label_re": re.compile(rf"({label_alt})："),
        "label_start_re": re.compile(rf"^({label_alt})："),
        "verb_re": re.compile(rf"^(?P<list>.+?)(?:{cfg.get('verb_adverbs', '')})?(?P<verb>{verb_alt})$"),
        "verbs": [(re.compile(rf"^(?:{v['regex']})$"), v["role"]) for v in verbs],
        "rules": [re.compile(r) for r in cfg.get("rule_statements", [])],
        "deadline_clauses": [re.compile(rf"^(?:{r})$") for r in cfg.get("deadline_clauses", {}).get("patterns", [])],
        "openers": {o: c for o, c in cfg["brackets"]},
        "after": cfg["position"]["after_chars"],
        "before": cfg["position"]["before_chars"],
    }


def _cfg() -> dict:
    return _compiled(stamp("annotations.json"))


def bracket_groups(form: str, openers: dict[str, str]) -> list[tuple[int, int]]:
    """Top-level bracketed groups ``[start, end)`` in a match-form text (nesting-aware)."""
    closers = set(openers.values()) | {"）"}
    all_open = set(openers) | {"（"}
    groups: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(form):
        if ch in all_open:
            if depth == 0:
                start = i
            depth += 1
        elif ch in closers and depth:
            depth -= 1
            if depth == 0:
                if form[start] in openers:
                    groups.append((start, i + 1))
    return groups


def _is_rule(text: str, rules: list[re.Pattern[str]]) -> bool:
    return any(r.search(text) for r in rules)


def _role_of(verb: str, verbs: list[tuple[re.Pattern[str], str]]) -> str:
    for rx, role in verbs:
        if rx.match(verb):
            return role
    return "units"


def _is_deadline_clause(text: str, c: dict) -> bool:
    """A clause that only says when (``2023年底前完成``, ``长期坚持``)."""
    t = re.sub(r"\s+", "", match_form(text)).strip("，；。、")
    return bool(t) and any(rx.match(t) for rx in c["deadline_clauses"])


def _split_trailing_deadlines(value: str, c: dict) -> tuple[str, list[str]]:
    """``县发改委；2023年底前完成`` → (``县发改委``, [``2023年底前完成``]): deadline clauses at the end of a
    labelled unit list."""
    pieces = split_top_level(match_form(value), "；，")
    found: list[str] = []
    end = len(value)
    while len(pieces) > 1:
        piece, _ = pieces[-1]
        start = end - len(piece)
        if not _is_deadline_clause(piece, c):
            break
        found.insert(0, value[start:end].strip())
        end = start - 1            # the separator before it
        pieces.pop()
    return value[:end], found


def _units_with_marks(text: str) -> tuple[list[str], list[str]] | None:
    """Split a unit list; units followed by （牵头） are returned as explicit leads too."""
    form = match_form(text)
    marks = [m for m in _LEAD_MARK.finditer(form)]
    if not marks:
        units = split_units(text)
        return (units, []) if units else None
    cleaned = text
    for m in reversed(marks):
        cleaned = cleaned[: m.start()] + cleaned[m.end():]
    units = split_units(cleaned)
    if not units:
        return None
    leads = [u for u in units if any(form[:m.start()].endswith(match_form(u)) for m in marks)]
    return units, leads


def parse_annotation(content: str) -> tuple[list[tuple[str, str]], list[str]] | None:
    """Parse an annotation's content (without brackets) into ``[(unit, role)]`` and deadlines.

    Returns None when the content is not an annotation.
    """
    c = _cfg()
    form = match_form(content).strip()
    if not form:
        return None
    assigned: list[tuple[str, str]] = []
    deadlines: list[str] = []
    if c["label_start_re"].match(form):
        marks = list(c["label_re"].finditer(form))
        for k, m in enumerate(marks):
            end = marks[k + 1].start() if k + 1 < len(marks) else len(form)
            value = content[m.end(): end].strip().rstrip("，；。、 ")
            role = c["labels"][m.group(1)]
            if role == "ignore":
                continue
            if role == "deadline":
                if value:
                    deadlines.append(value)
                continue
            value, late = _split_trailing_deadlines(value, c)
            deadlines.extend(late)
            got = _units_with_marks(value)
            if got is None:
                return None
            units, leads = got
            for u in units:
                assigned.append((u, "lead" if u in leads else role))
        return (assigned, deadlines) if assigned else None
    # verb form: sentences, then clauses
    pos = 0
    for sentence, ssep in split_top_level(form, "。；"):
        s_start = pos
        pos += len(sentence) + (1 if ssep else 0)
        if not sentence.strip():
            continue
        pending: list[str] = []
        cpos = s_start
        for clause, csep in split_top_level(sentence, "，"):
            raw = content[cpos: cpos + len(clause)].strip()
            cpos += len(clause) + (1 if csep else 0)
            if raw.startswith("由") and len(raw) > 1:      # （由县发改委牵头，…）: only a clause-initial 由
                raw = raw[1:]
            if not raw:
                continue
            if _is_rule(clause, c["rules"]):
                continue
            if _is_deadline_clause(raw, c):
                deadlines.append(raw)
                continue
            m = c["verb_re"].match(match_form(raw))
            got = _units_with_marks(raw[: len(m.group("list"))]) if m else None
            if m and got:
                role = _role_of(m.group("verb"), c["verbs"])
                units, leads = got
                for u in pending + units:
                    assigned.append((u, "lead" if u in leads else role))
                pending = []
                continue
            plain = split_units(raw)
            if plain is None:
                return None
            pending.extend(plain)
        if pending:
            return None
    return (assigned, deadlines) if assigned else None


def _lead_support(assigned: list[tuple[str, str]]) -> tuple[list[str], list[str], bool]:
    def uniq(xs: list[str]) -> list[str]:
        return list(dict.fromkeys(xs))
    leads = uniq([u for u, r in assigned if r == "lead"])
    supports = [u for u, r in assigned if r == "support"]
    plain = [u for u, r in assigned if r == "units"]
    if leads:
        return leads, uniq([u for u in plain + supports if u not in leads]), False
    if supports and plain:
        return uniq(plain), uniq([u for u in supports if u not in plain]), False
    everyone = uniq([u for u, _ in assigned])
    return everyone[:1], everyone[1:], True


def _unbracketed(text: str, form: str, c: dict, after: int) -> Annotation | None:
    """``责任单位：…`` without brackets: a whole paragraph, or the tail after the last sentence end."""
    for m in c["label_re"].finditer(form):
        s = m.start()
        if s < after or (s > 0 and form[s - 1] not in c["after"]):
            continue
        if c["labels"][m.group(1)] in ("ignore", "deadline") and s > 0:
            continue
        content = text[s:].rstrip().rstrip("。；")
        parsed = parse_annotation(content)
        if parsed is None:
            return None
        assigned, deadlines = parsed
        lead, support, inferred = _lead_support(assigned)
        return Annotation(start=s, end=len(text), raw=text[s:].rstrip(),
                          units=list(dict.fromkeys(u for u, _ in assigned)), lead=lead, support=support,
                          lead_inferred=inferred, deadlines=deadlines)
    return None


def find_annotations(text: str) -> list[Annotation]:
    """All responsibility annotations in one paragraph, in order."""
    c = _cfg()
    form = match_form(text)
    out: list[Annotation] = []
    for start, end in bracket_groups(form, c["openers"]):
        if end - start < 4:
            continue
        prev = form[start - 1] if start > 0 else ""
        nxt = form[end] if end < len(form) else ""
        prev_ok = prev == "" or prev in c["after"] or (out and out[-1].end == start)
        next_ok = nxt == "" or nxt in c["before"] or nxt.isspace()
        if not (prev_ok or next_ok):
            continue
        parsed = parse_annotation(text[start + 1: end - 1])
        if parsed is None:
            continue
        assigned, deadlines = parsed
        units = list(dict.fromkeys(u for u, _ in assigned))
        lead, support, inferred = _lead_support(assigned)
        out.append(Annotation(start=start, end=end, raw=text[start:end], units=units, lead=lead,
                              support=support, lead_inferred=inferred, deadlines=deadlines))
    tail = _unbracketed(text, form, c, out[-1].end if out else 0)
    if tail is not None:
        out.append(tail)
    return out


def _label_line_role(text: str) -> str | None:
    """Role of the label a paragraph opens with (``配合单位：…`` → ``support``), None when it opens with none."""
    c = _cfg()
    m = c["label_start_re"].match(match_form(text).strip())
    return c["labels"][m.group(1)] if m else None


def merge_label_lines(texts: list[str], found: dict[int, list[Annotation]],
                      eligible: set[int]) -> dict[int, list[Annotation]]:
    """One annotation from consecutive label lines (a county plan's list style)::

        牵头单位：县行政审批局
        配合单位：县大数据中心
        完成时限：2023年底

    A whole-paragraph labelled annotation absorbs the label lines right after it (unit labels and 完成时限,
    which alone is no annotation); the first line's annotation then covers them all.
    """
    out = {k: list(v) for k, v in found.items()}
    k = 0
    n = len(texts)
    while k < n:
        anns = out.get(k)
        if not (anns and len(anns) == 1 and anns[0].start == 0 and anns[0].end == len(texts[k])
                and _label_line_role(texts[k])):
            k += 1
            continue
        lines = [texts[k].strip()]
        j = k + 1
        while j < n and j in eligible and _label_line_role(texts[j]) is not None:
            later = out.get(j)
            if later is not None and not (len(later) == 1 and later[0].start == 0 and later[0].end == len(texts[j])):
                break
            if later is None and _label_line_role(texts[j]) not in ("deadline", "ignore"):
                break
            lines.append(texts[j].strip())
            j += 1
        if j > k + 1:
            parsed = parse_annotation("；".join(x.rstrip("。；，") for x in lines))
            if parsed is not None:
                assigned, deadlines = parsed
                lead, support, inferred = _lead_support(assigned)
                out[k] = [Annotation(start=0, end=len(texts[k]), raw=" ".join(lines),
                                     units=list(dict.fromkeys(u for u, _ in assigned)), lead=lead, support=support,
                                     lead_inferred=inferred, deadlines=deadlines, last_paragraph=j - 1)]
                for m in range(k + 1, j):
                    out.pop(m, None)
        k = j
    return out
