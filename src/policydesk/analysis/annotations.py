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
from .units import name_like, split_unit_pieces, split_units, unit_verdict

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
    details: list["ParsedUnit"] = field(default_factory=list)   # every unit with role and recognition
    notes: list[str] = field(default_factory=list)              # instructions kept as written
    inherit: list[str] = field(default_factory=list)            # units an instruction states for later tasks


def _annotation(start: int, end: int, raw: str, parsed: "ParsedAnnotation",
                last_paragraph: int | None = None) -> Annotation:
    assigned = parsed.assigned()
    lead, support, inferred = _lead_support(assigned)
    seen: dict[str, ParsedUnit] = {}
    for u in parsed.units:
        seen.setdefault(u.name, u)
    return Annotation(start=start, end=end, raw=raw, units=list(seen), lead=lead, support=support,
                      lead_inferred=inferred, deadlines=list(parsed.deadlines), last_paragraph=last_paragraph,
                      details=list(seen.values()), notes=list(parsed.notes), inherit=list(parsed.inherit))


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
        "scope_re": re.compile(cfg.get("instructions", {}).get("scope", "(?!)")),
        "instructions": [re.compile(r) for r in cfg.get("instructions", {}).get("patterns", [])],
        "agency_re": re.compile(rf"[\u4e00-\u9fff]{{2,}}(?:{cfg.get('warning', {}).get('agency_words', '(?!)')})"),
        "bare_lists": bool(cfg.get("bare_lists", {}).get("enabled", False)),
        "not_annotation": [re.compile(r) for r in cfg.get("warning", {}).get("not_annotation", [])],
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


@dataclass(slots=True)
class ParsedUnit:
    """One unit of an annotation as written, with its role (lead/support/units) and whether the unit rules
    recognise the name (an unknown name after a label is kept, marked, with the reason in Chinese)."""
    name: str
    role: str
    recognised: bool = True
    reason: str | None = None


@dataclass(slots=True)
class ParsedAnnotation:
    units: list[ParsedUnit]
    deadlines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)        # instructions and rule statements, as written
    inherit: list[str] = field(default_factory=list)      # units an instruction adds to the later tasks (下同)
    labelled: bool = False

    def assigned(self) -> list[tuple[str, str]]:
        return [(u.name, u.role) for u in self.units]


def _units_with_marks(text: str) -> tuple[list[str], list[str]]:
    """Split a unit list (every piece, known or not); units followed by （牵头） are returned as leads too."""
    form = match_form(text)
    marks = [m for m in _LEAD_MARK.finditer(form)]
    if not marks:
        return split_unit_pieces(text), []
    cleaned = text
    for m in reversed(marks):
        cleaned = cleaned[: m.start()] + cleaned[m.end():]
    units = split_unit_pieces(cleaned)
    leads = [u for u in units if any(form[:m.start()].endswith(match_form(u)) for m in marks)]
    return units, leads


def _inherited(note: str, c: dict) -> list[str]:
    """Units an instruction states for the tasks after it (``以下各项均需各地落实，不再列出`` → 各地)."""
    form = match_form(note)
    if not c["scope_re"].search(form):
        return []
    out: list[str] = []
    pos = 0
    for clause, sep in split_top_level(form, "，。；"):
        for rx in c["instructions"]:
            m = rx.search(clause)
            if m and m.group("units"):
                raw = note[pos + m.start("units"): pos + m.end("units")]
                out += [u for u in split_unit_pieces(raw) if name_like(u)]
                break
        pos += len(clause) + (1 if sep else 0)
    return list(dict.fromkeys(out))


def _clauses(content: str, default: str | None, lenient: bool, c: dict,
             out: ParsedAnnotation) -> bool:
    """Read ``content`` (a label's value, or a whole unlabelled annotation) clause by clause into ``out``.

    ``default``: the label's role for units listed without a role verb (None: unlabelled, such a list fails).
    ``lenient`` (after a label in brackets): any piece counts as a unit, marked when unknown; otherwise
    every piece must at least be name-like.  Returns False when the content is no annotation."""
    form = match_form(content)
    pos = 0
    for sentence, ssep in split_top_level(form, "。；"):
        s_start = pos
        pos += len(sentence) + (1 if ssep else 0)
        if not sentence.strip():
            continue
        pending: list[tuple[str, bool]] = []          # (unit, marked lead)
        note_parts: list[str] = []
        cpos = s_start
        for clause, csep in split_top_level(sentence, "，"):
            raw = content[cpos: cpos + len(clause)].strip()
            cpos += len(clause) + (1 if csep else 0)
            if raw.startswith("由") and len(raw) > 1:      # （由县发改委牵头，…）: only a clause-initial 由
                raw = raw[1:]
            if not raw:
                continue
            if _is_rule(match_form(raw), c["rules"]):
                note_parts.append(raw)
                continue
            if _is_deadline_clause(raw, c):
                out.deadlines.append(raw)
                continue
            m = c["verb_re"].match(match_form(raw))
            if m:
                units, leads = _units_with_marks(raw[: len(m.group("list"))])
                if units and (lenient or all(name_like(u) for u in units)):
                    role = _role_of(m.group("verb"), c["verbs"])
                    if role in ("units", "guide") and default in ("lead", "support"):
                        role = default
                    for u, marked in pending + [(u, u in leads) for u in units]:
                        out.units.append(ParsedUnit(u, "lead" if marked else role))
                    pending = []
                    continue
            units, leads = _units_with_marks(raw)
            if not units or not (lenient or all(name_like(u) for u in units)):
                return False
            pending += [(u, u in leads) for u in units]
        if note_parts:
            note = "，".join(note_parts)
            out.notes.append(note)
            out.inherit += [u for u in _inherited(note, c) if u not in out.inherit]
        if pending:
            if default is None:
                return False
            for u, marked in pending:
                out.units.append(ParsedUnit(u, "lead" if marked else default))
    return True


def _mark_recognition(parsed: ParsedAnnotation) -> None:
    for u in parsed.units:
        u.recognised, u.reason = unit_verdict(u.name)


def parse_annotation(content: str, *, bracketed: bool = True) -> ParsedAnnotation | None:
    """Parse an annotation's content (without brackets) into units with roles, deadlines and notes.

    After an explicit label (责任单位：/牵头单位：…) inside brackets everything is a unit list: a piece the
    unit rules do not know is kept with ``recognised=False`` and a reason.  Without a label (``X牵头，Y参与``)
    or without brackets (a ``责任单位：…`` line) every piece must read as a name and at least one must be a
    recognised unit.  Returns None when the content is not an annotation.
    """
    c = _cfg()
    form = match_form(content).strip()
    if not form:
        return None
    out = ParsedAnnotation(units=[])
    lead_in = len(content) - len(content.lstrip())
    if c["label_start_re"].match(form):
        out.labelled = True
        marks = list(c["label_re"].finditer(form))
        for k, m in enumerate(marks):
            end = marks[k + 1].start() if k + 1 < len(marks) else len(form)
            value = content[lead_in + m.end(): lead_in + end].strip().rstrip("，；。、 ")
            role = c["labels"][m.group(1)]
            if role == "ignore":
                continue
            if role == "deadline":
                if value:
                    out.deadlines.append(value)
                continue
            if value and not _clauses(value, role, bracketed, c, out):
                return None
    elif not _clauses(content, None, False, c, out):
        return None
    if not out.units:
        return None
    _mark_recognition(out)
    if not bracketed or not out.labelled:
        if not any(u.recognised for u in out.units):
            return None
    return out


def _lead_support(assigned: list[tuple[str, str]]) -> tuple[list[str], list[str], bool]:
    def uniq(xs: list[str]) -> list[str]:
        return list(dict.fromkeys(xs))
    leads = uniq([u for u, r in assigned if r == "lead"])
    supports = [u for u, r in assigned if r == "support"]
    plain = [u for u, r in assigned if r in ("units", "guide")]
    if leads:
        return leads, uniq([u for u in plain + supports if u not in leads]), False
    if supports and plain:
        guided = all(r == "guide" for u, r in assigned if u in plain)      # （X指导，Y参与）: no lead word printed
        return uniq(plain), uniq([u for u in supports if u not in plain]), guided
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
        parsed = parse_annotation(content, bracketed=False)
        if parsed is None:
            return None
        return _annotation(s, len(text), text[s:].rstrip(), parsed)
    return None


def _candidates(text: str, form: str, c: dict) -> list[tuple[int, int, bool]]:
    """Bracketed groups in annotation position: ``(start, end, labelled)``."""
    out: list[tuple[int, int, bool]] = []
    prev_end = -1
    for start, end in bracket_groups(form, c["openers"]):
        if end - start < 4:
            continue
        prev = form[start - 1] if start > 0 else ""
        nxt = form[end] if end < len(form) else ""
        prev_ok = prev == "" or prev in c["after"] or prev_end == start
        next_ok = nxt == "" or nxt in c["before"] or nxt.isspace()
        if prev_ok or next_ok:
            out.append((start, end, bool(c["label_start_re"].match(form[start + 1:end - 1].strip()))))
            prev_end = end
    return out


def find_annotations(text: str) -> list[Annotation]:
    """All responsibility annotations in one paragraph, in order."""
    return _find(text)[0]


def _find(text: str) -> tuple[list[Annotation], list[tuple[int, int]]]:
    """Annotations, and the bracketed groups in annotation position that were not taken."""
    c = _cfg()
    form = match_form(text)
    out: list[Annotation] = []
    rejected: list[tuple[int, int]] = []
    for start, end, _ in _candidates(text, form, c):
        parsed = parse_annotation(text[start + 1: end - 1])
        if parsed is None and c["bare_lists"] and (start == 0 or form[start - 1] in "。；！？"):
            parsed = _bare_list(text[start + 1: end - 1])
        if parsed is None:
            rejected.append((start, end))
            continue
        out.append(_annotation(start, end, text[start:end], parsed))
    tail = _unbracketed(text, form, c, out[-1].end if out else 0)
    if tail is not None:
        out.append(tail)
    return out, rejected


def _bare_list(content: str) -> ParsedAnnotation | None:
    """（县卫健局、县医保局） after a sentence end: every piece a recognised unit name."""
    units = split_units(content)
    if not units:
        return None
    return ParsedAnnotation(units=[ParsedUnit(u, "units") for u in units])


def _agency_like(content: str, c: dict) -> bool:
    form = match_form(content).strip()
    if any(rx.search(form) for rx in c["not_annotation"]):
        return False
    if c["agency_re"].search(form):
        return True
    return any(unit_verdict(p)[0] for p, _ in split_top_level(form, "、，；。") if len(p.strip()) >= 3 and name_like(p))


def unparsed_annotations(text: str) -> list[tuple[int, int, str, str]]:
    """Brackets at a sentence end that name an agency-like word but were not read as an annotation:
    ``(start, end, text as written, why in Chinese)`` — reported to the user as 待确认, never dropped."""
    return find_annotations_and_unparsed(text)[1]


def find_annotations_and_unparsed(text: str) -> tuple[list[Annotation], list[tuple[int, int, str, str]]]:
    """:func:`find_annotations` and :func:`unparsed_annotations` in one pass."""
    c = _cfg()
    found, rejected = _find(text)
    if not rejected:
        return found, []
    out: list[tuple[int, int, str, str]] = []
    for start, end in rejected:
        if any(a.start <= start < a.end for a in found):
            continue
        content = text[start + 1: end - 1]
        after_sentence = start == 0 or match_form(text)[start - 1] in c["after"]
        pieces = split_top_level(match_form(content), "、，；。")
        if not after_sentence and len(pieces) == 1 and name_like(content):
            continue                  # 市发展和改革委员会（市发改委）: a second name, not an annotation
        if _agency_like(content, c):
            out.append((start, end, text[start:end],
                        "句末括号中出现机构名称，但不符合任何责任分工标注格式，未计为任务；请核对是否为责任单位"))
    return found, out


def strip_annotations(text: str) -> str:
    """``text`` without the responsibility annotations the grammar reads (bracketed or a ``责任单位：…``
    tail/line, in any of its forms), line by line; a line that was only an annotation disappears.
    Compare's clause cleaning and the draft use this, so agency names never count as content."""
    lines: list[str] = []
    for line in text.split("\n"):
        found = find_annotations(line)
        if found:
            pieces: list[str] = []
            pos = 0
            for a in found:
                pieces.append(line[pos:a.start])
                pos = a.end
            pieces.append(line[pos:])
            line = "".join(pieces).rstrip()
            if not line.strip():
                continue
        lines.append(line)
    return "\n".join(lines)


def _label_body(text: str) -> tuple[str, bool]:
    """A label line's content: without its enclosing brackets when the whole line is one group."""
    c = _cfg()
    t = text.strip()
    form = match_form(t)
    groups = bracket_groups(form, c["openers"])
    if groups and groups[0] == (0, len(form)):
        return t[1:-1].strip(), True
    return t, False


def _label_line_role(text: str) -> str | None:
    """Role of the label a paragraph opens with (``配合单位：…`` → ``support``, also in brackets), None when
    it opens with none."""
    c = _cfg()
    m = c["label_start_re"].match(match_form(_label_body(text)[0]))
    return c["labels"][m.group(1)] if m else None


def merge_label_lines(texts: list[str], found: dict[int, list[Annotation]],
                      eligible: set[int]) -> dict[int, list[Annotation]]:
    """One annotation from consecutive label lines (a county plan's list style)::

        牵头单位：县行政审批局
        配合单位：县大数据中心
        完成时限：2023年底

    A whole-paragraph labelled annotation (bracketed or not) absorbs the label lines right after it (unit
    labels and 完成时限, which alone is no annotation); the first line's annotation then covers them all.
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
            bodies = [_label_body(x) for x in lines]
            parsed = parse_annotation("；".join(b.rstrip("。；，") for b, _ in bodies),
                                      bracketed=all(br for _, br in bodies))
            if parsed is not None:
                out[k] = [_annotation(0, len(texts[k]), " ".join(lines), parsed, last_paragraph=j - 1)]
                for m in range(k + 1, j):
                    out.pop(m, None)
        k = j
    return out
