"""City plan (its typed :class:`~policydesk.analysis.result.Analysis`) + county profile → a :class:`DraftResult`.

Nothing here knows about Word.  Every change is recorded (:class:`Change`) for the drafting note; what the drafter
must check is a highlighted segment with a comment; what the county must supply is a 【待补充：…】 placeholder.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from ..analysis.annotations import find_annotations
from ..analysis.result import Analysis, HeadingInfo, ParagraphInfo, Role, Task
from ..gongwen.numbering import renumber
from .mapping import AgencyMapping, MappedUnit, MappingRule, fill, load_mapping
from .model import (CONFIRM, FLAG, HEADING, PLACEHOLDER, TARGET, TEXT, Block, Change, DraftOptions, DraftResult,
                    DraftSource, LedgerRow, PartSummary, Segment)
from .profiles import CountyProfile, load_profiles
from .rules import draft_rules
from .wording import QUOTE, city_wording, split_title

_DEADLINE_OK = re.compile(r"\d{4}年|年底|年末|[之以]?前$")   # a dated deadline, not 每年 / 当年
SKIP_ROLES = {"notice_title", "doc_number", "recipients", "notice_body", "signature", "date", "publicity",
              "plan_title", "attachment"}


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    prio: int
    make: Any                     # callable(str) -> list[Segment]


@dataclass
class _Ctx:
    profile: CountyProfile
    mapping: AgencyMapping
    rules: dict[str, Any]
    units: dict[str, MappedUnit]               # unit as written -> mapping
    others: dict[str, str]                     # other county's name/zone -> county name
    text_rules: list[MappingRule]
    text_srcs: list[re.Pattern]
    text_rx: re.Pattern | None
    allowed: list[str]
    place_names: list[str]
    target_rx: list[re.Pattern]
    deadline_rx: list[re.Pattern]
    placeholder_rules: list[tuple[re.Pattern, str, str]]
    meaning: list["MeaningRule"] = field(default_factory=list)
    fired: set[str] = field(default_factory=set)      # first_only meaning rules already applied
    changes: list[Change] = field(default_factory=list)
    part: str = ""
    para_notes: list[str] = field(default_factory=list)

    def change(self, kind: str, source: str, target: str, note: str = "") -> None:
        self.changes.append(Change(self.part, kind, source, target, note))


# --------------------------------------------------------------------------------------------------------- context
def _build_ctx(analysis: Analysis, profile: CountyProfile, mapping: AgencyMapping,
               profiles: list[CountyProfile]) -> _Ctx:
    rules = draft_rules()
    v = {**profile.variables()}
    units: dict[str, MappedUnit] = {}
    for t in analysis.tasks:
        written = t.units
        normed = t.units_normalized or written
        pairs = zip(written, normed) if len(written) == len(normed) else ((u, u) for u in written)
        for w, n in pairs:
            mu = mapping.map_unit(n, profile)
            if mu.status == "unchanged" and w != n:
                mu = mapping.map_unit(w, profile)
            units[w] = MappedUnit(w, mu.text, mu.status, mu.note)
            units.setdefault(n, MappedUnit(n, mu.text, mu.status, mu.note))
    for u in analysis.units:
        name = u.name
        if name and name not in units:
            units[name] = mapping.map_unit(name, profile)
    for unit in (*profile.agencies, *profile.vertical_units):     # the profile's own counterparts, in body text too
        if unit not in units:
            units[unit] = mapping.map_unit(unit, profile)
    for r in mapping.rules:                      # exact unit rows also apply in body text
        src = fill(r.source, v)
        if r.kind == "unit" and src not in units and r.applies_to(profile) and "{" not in src:
            units[src] = mapping.map_unit(src, profile)
    others: dict[str, str] = {}
    for p in profiles:
        if p.name == profile.name or (profile.city and p.city and p.city != profile.city):
            continue
        for n in p.self_names:
            if n not in profile.self_names and not any(n in s for s in profile.self_names):
                others[n] = p.name
    text_rules = mapping.text_rules(profile)
    esc = {k: re.escape(x) for k, x in v.items()}
    text_srcs = [re.compile(fill(r.source, esc) if r.kind == "text_re" else re.escape(fill(r.source, v)))
                 for r in text_rules]
    alts = []
    for i, rx in enumerate(text_srcs):
        alts.append(f"(?P<r{i}>{rx.pattern})")
    text_rx = re.compile("|".join(alts)) if alts else None
    place_names = sorted({*(p.name for p in profiles if p.name.endswith("市")), profile.city or "",
                          *(p.city for p in profiles if p.city)} - {""}, key=len, reverse=True)
    ph_rules = [(re.compile(d["match"]), fill(d["text"], v), fill(d.get("reason", ""), v))
                for d in rules.get("placeholders", [])]
    return _Ctx(profile=profile, mapping=mapping, rules=rules, units=units, others=others, text_rules=text_rules,
                text_srcs=text_srcs,
                text_rx=text_rx, allowed=list(rules.get("not_city_wording", [])), place_names=place_names,
                target_rx=[re.compile(p) for p in rules.get("target_patterns", [])],
                deadline_rx=[re.compile(p) for p in rules.get("deadline_patterns", [])],
                placeholder_rules=ph_rules, meaning=compile_meaning_rules(rules, profile))


# ---------------------------------------------------------------------------------------------- meaning rules
@dataclass(slots=True)
class MeaningRule:
    """One rule of ``draft_rules.json`` → ``meaning_rules``, compiled for a profile (variables filled)."""
    id: str
    kind: str                      # keep | rewrite | flag
    rx: re.Pattern
    replace: str = ""
    status: str = "confirm"        # rewrite: confirm (highlighted) | mapped (silent, listed in the note)
    comment: str = ""
    scope: re.Pattern | None = None   # only in parts whose title matches
    first_only: bool = False       # rewrite only the first occurrence in the draft


def compile_meaning_rules(rules: dict[str, Any], profile: CountyProfile) -> list[MeaningRule]:
    """Rules keyed on the profile's names (city short name, one-character abbreviation…), never on a fixed city.

    A rule needing a variable the profile lacks (``needs``), or whose ``levels`` / ``unless_geography`` /
    ``if_geography`` exclude this profile, is skipped."""
    v = profile.variables()
    out = []
    for d in rules.get("meaning_rules", []):
        if any(not profile.raw_variable(n) for n in d.get("needs", [])):
            continue
        levels = d.get("levels")
        if levels and profile.level not in re.split(r"[,，、\s]+", levels):
            continue
        geo = d.get("unless_geography")
        if geo and (not profile.geography or geo in profile.geography):
            continue
        if d.get("if_geography") and d["if_geography"] not in profile.geography:
            continue
        esc = {k: re.escape(x) for k, x in v.items()}
        try:
            rx = re.compile(fill(d["match"], esc))
        except (re.error, KeyError) as e:
            from ..errors import InputError
            raise InputError(f"起草规则 draft_rules.json 中的含义规则“{d.get('id', '?')}”有误：{e}。请修改该规则。") from e
        repl = d.get("replace", "")
        if isinstance(repl, dict):
            repl = repl.get(profile.level, repl.get("*", ""))
        out.append(MeaningRule(d.get("id", ""), d.get("kind", "rewrite"), rx, fill(repl, v),
                               d.get("status", "confirm"), fill(d.get("comment", ""), v),
                               re.compile(d["scope"]) if d.get("scope") else None, bool(d.get("first_only"))))
    return out


def _diff_segments(old: str, new: str, kind: str, comment: str | None) -> list[Segment]:
    """``old`` → ``new`` as segments: unchanged runs plain, changed runs carrying their city text (``source``)."""
    import difflib
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    if len(ops) > 1:       # an unchanged run of one or two characters inside an edit splits words: absorb it
        merged: list[list] = []
        for tag, a1, a2, b1, b2 in ops:
            if tag == "equal" and a2 - a1 < 3:
                tag = "replace"
            if merged and merged[-1][0] != "equal" and tag != "equal":
                merged[-1][2], merged[-1][4] = a2, b2
            else:
                merged.append([tag, a1, a2, b1, b2])
        ops = [tuple(m) for m in merged]
    if sum(1 for o in ops if o[0] != "equal") > 2:            # scattered: one replacement reads better
        ops = [("replace", 0, len(old), 0, len(new))]
    out: list[Segment] = []
    for tag, a1, a2, b1, b2 in ops:
        if tag == "equal":
            out.append(Segment(old[a1:a2], TEXT, protected=True))
        else:
            out.append(Segment(new[b1:b2], kind, comment=comment, source=old[a1:a2], protected=True))
            comment = None
    return [s for s in out if s.text or s.source]


def _meaning_segments(s: str, rule: MeaningRule, ctx: "_Ctx", new: str | None = None) -> list[Segment]:
    """The segments of one meaning rule's match ``s``; ``new`` is its replacement, expanded on the whole text."""
    if rule.kind == "keep":
        if rule.comment:
            ctx.para_notes.append(rule.comment)
        return [Segment(s, TEXT, protected=True)]
    if rule.kind == "flag":
        ctx.change("confirm", s, s, rule.comment)
        return [Segment(s, CONFIRM, comment=rule.comment or None, protected=True)]
    if rule.first_only and rule.id in ctx.fired:
        return [Segment(s, TEXT)]
    if new is None:
        new = rule.rx.sub(rule.replace, s, count=1)
    ctx.fired.add(rule.id)
    if new == s:
        return [Segment(s, TEXT, protected=True)]
    kind = CONFIRM if rule.status == "confirm" else TEXT
    ctx.change("confirm" if kind == CONFIRM else "mapped", s, new, rule.comment)
    if kind == TEXT and rule.comment:
        ctx.para_notes.append(rule.comment)
    return _diff_segments(s, new, kind, rule.comment if kind == CONFIRM else None)


# ------------------------------------------------------------------------------------------------- text rewriting
def _protected_spans(text: str, allowed: list[str]) -> list[tuple[int, int]]:
    spans = []
    for w in allowed:
        start = 0
        while (i := text.find(w, start)) >= 0:
            spans.append((i, i + len(w)))
            start = i + 1
    return spans


def _apply_text_rules(text: str, ctx: _Ctx, kind: str = TEXT) -> list[Segment]:
    """Scope words and phrases (全市 → 全县 …) in one pass; confirm rows become highlighted segments."""
    if not ctx.text_rx or not text:
        return [Segment(text, kind)] if text else []
    prot = _protected_spans(text, ctx.allowed)
    v = ctx.profile.variables()
    out: list[Segment] = []
    buf = []
    pos = 0
    i = 0
    while i < len(text):
        m = ctx.text_rx.search(text, i)
        if not m:
            break
        a, b = m.span()
        rule_idx = None
        # the first rule (in file order) matching at this position whose match is not inside a protected word
        for k in range(len(ctx.text_rules)):
            mm = ctx.text_srcs[k].match(text, a)
            if not mm or mm.end() == a:
                continue
            if any(pa < mm.end() and a < pb and not (a <= pa and pb <= mm.end()) for pa, pb in prot):
                continue
            rule_idx, m2 = k, mm
            break
        if rule_idx is None:
            i = a + 1
            continue
        r = ctx.text_rules[rule_idx]
        b = m2.end()
        buf.append(text[pos:a])
        target = m2.expand(fill(r.target, v)) if r.kind == "text_re" else fill(r.target, v)
        note = fill(r.note, v)
        if buf:
            out.append(Segment("".join(buf), kind))
            buf = []
        if r.status == "delete":
            ctx.para_notes.append(f"已删除“{m2.group(0).lstrip('；，')}”：{note}" if note else f"已删除“{m2.group(0)}”")
            ctx.change("delete", m2.group(0), "", note)
            out.append(Segment("", kind, source=m2.group(0)))
        elif r.status == "confirm":
            out.append(Segment(target, CONFIRM, comment=f"原文“{m2.group(0)}”已改为“{target}”。{note}".strip(),
                               source=m2.group(0)))
            ctx.change("confirm", m2.group(0), target, note)
        else:
            out.append(Segment(target, kind, source=m2.group(0) if target != m2.group(0) else None))
            if target != m2.group(0):
                ctx.change("mapped", m2.group(0), target, note)
        pos = b
        i = b
    buf.append(text[pos:])
    if "".join(buf):
        out.append(Segment("".join(buf), kind))
    return _merge(out)


def _merge(segs: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in segs:
        if not s.text and not s.source:
            continue
        if out and out[-1].kind == s.kind == TEXT and not out[-1].comment and not s.comment \
                and out[-1].protected == s.protected and out[-1].source is None and s.source is None:
            out[-1] = Segment(out[-1].text + s.text, TEXT, protected=s.protected)
        else:
            out.append(s)
    return out


def _unit_segments(unit: str, ctx: _Ctx) -> list[Segment]:
    mu = ctx.units.get(unit) or ctx.mapping.map_unit(unit, ctx.profile)
    if mu.status == "confirm":
        ctx.change("confirm", unit, mu.text, mu.note)
        msg = f"原文“{unit}”" + (f"，建议改为“{mu.text}”" if mu.text != unit else "") + f"。{mu.note}"
        return [Segment(mu.text, CONFIRM, comment=msg, source=unit)]
    if mu.status == "delete":
        ctx.change("delete", unit, "", mu.note)
        return [Segment("", TEXT, source=unit)]
    if mu.text != unit:
        ctx.change("mapped", unit, mu.text, mu.note)
        return [Segment(mu.text, TEXT, source=unit)]
    return [Segment(mu.text, TEXT)]


def _annotation_segments(annot: str, ctx: _Ctx) -> list[Segment]:
    """Rebuild 〔责任单位：…〕 with mapped units, keeping its brackets and separators."""
    names = sorted((u for u in ctx.units if u and u in annot), key=len, reverse=True)
    if not names:
        return _apply_text_rules(annot, ctx)
    rx = re.compile("|".join(re.escape(n) for n in names))
    out: list[Segment] = []
    pos = 0
    seen: set[str] = set()
    for m in rx.finditer(annot):
        out.extend(_apply_text_rules(annot[pos:m.start()], ctx))
        segs = _unit_segments(m.group(0), ctx)
        key = "".join(s.text for s in segs)
        if key in seen:                       # two spellings mapped to one unit: drop the repeat and its separator
            if out and out[-1].kind == TEXT and out[-1].source is None and out[-1].text.endswith(("、", "，")):
                sep = out[-1].text[-1]
                out[-1] = Segment(out[-1].text[:-1], TEXT)
                out.append(Segment("", TEXT, source=sep))
            segs = [Segment("", TEXT, source=m.group(0))]
        seen.add(key)
        out.extend(segs)
        pos = m.end()
    out.extend(_apply_text_rules(annot[pos:], ctx))
    return _merge(out)


def _find_all(text: str, needle: str):
    start = 0
    while needle and (i := text.find(needle, start)) >= 0:
        yield i, i + len(needle)
        start = i + len(needle)


def adapt_text(text: str, ctx: _Ctx, tasks: list[Task] | None = None, *,
               allow_placeholders: bool = True) -> list[Segment]:
    """Rewrite one paragraph's text for the county, as segments."""
    tasks = tasks or []
    marks: list[_Mark] = []
    for m in QUOTE.finditer(text):
        marks.append(_Mark(m.start(), m.end(), 0, lambda s: [Segment(s, TEXT, protected=True)]))
    # meaning rules (higher-level powers, the city's short name, slogans, geography…)
    for rule in ctx.meaning:
        if rule.scope and not rule.scope.search(ctx.part):
            continue
        for m in rule.rx.finditer(text):
            if m.end() > m.start():
                new = m.expand(rule.replace) if rule.kind == "rewrite" else m.group(0)
                marks.append(_Mark(m.start(), m.end(), 1, lambda s, r=rule, n=new: _meaning_segments(s, r, ctx, n)))
    # the responsibility annotation(s)
    for t in tasks:
        ann = (t.annotation or "").strip()
        i = text.rfind(ann) if ann else -1
        if i < 0:
            found = find_annotations(text)       # the analysis' one annotation grammar
            if found:
                i, ann = found[-1].start, found[-1].raw
        if i >= 0 and ann:
            marks.append(_Mark(i, i + len(ann), 1, lambda s: _annotation_segments(s, ctx)))
    # other counties and this county named in the text
    self_named = []
    for name in sorted(ctx.others, key=len, reverse=True):
        for a, b in _find_all(text, name):
            county = ctx.others[name]
            marks.append(_Mark(a, b, 2, lambda s, c=county: _flag(s, c, ctx)))
    for name in ctx.profile.self_names:
        if name in text:
            self_named.append(name)
    # units named in the body
    for unit in sorted(ctx.units, key=len, reverse=True):
        for a, b in _find_all(text, unit):
            marks.append(_Mark(a, b, 3, lambda s: _unit_segments(s, ctx)))
    # targets and deadlines the county must set itself
    if allow_placeholders:
        v = ctx.profile.variables()
        tph = fill(ctx.rules.get("target_placeholder", "【待补充：本{level}目标】"), v)
        dph = fill(ctx.rules.get("deadline_placeholder", "【待补充：本{level}完成时限】"), v)
        targets = [x for t in tasks for x in t.targets if x]
        deadlines = [x for t in tasks for x in t.deadlines if x and _DEADLINE_OK.search(x)]
        spans_t = [sp for x in targets for sp in _find_all(text, x)]
        spans_d = [sp for x in deadlines for sp in _find_all(text, x)]
        if not spans_t:
            spans_t = [m.span() for rx in ctx.target_rx for m in rx.finditer(text)]
        if not spans_d:
            spans_d = [m.span() for rx in ctx.deadline_rx for m in rx.finditer(text)]
        for spans, ph, what in ((spans_d, dph, "完成时限"), (spans_t, tph, "目标")):
            for a, b in spans:
                marks.append(_Mark(a, b, 4, lambda s, ph=ph, what=what: _target_segments(s, ph, what, ctx)))
        for rx, ph, reason in ctx.placeholder_rules:
            pm = rx.search(text)
            if pm:
                marks.append(_Mark(pm.start(), pm.end(), 5, lambda s, ph=ph, reason=reason: [
                    *_apply_text_rules(s, ctx), Segment(ph, PLACEHOLDER, comment=reason or None, source="")]))
    # choose non-overlapping marks by priority
    chosen: list[_Mark] = []
    for mk in sorted(marks, key=lambda m: (m.prio, m.start, -(m.end - m.start))):
        if all(mk.end <= c.start or mk.start >= c.end for c in chosen):
            chosen.append(mk)
    chosen.sort(key=lambda m: m.start)
    out: list[Segment] = []
    pos = 0
    for mk in chosen:
        out.extend(_apply_text_rules(text[pos:mk.start], ctx))
        out.extend(mk.make(text[mk.start:mk.end]))
        pos = mk.end
    out.extend(_apply_text_rules(text[pos:], ctx))
    if self_named:
        ctx.para_notes.append(f"本段提及本{ctx.profile.level}：{'、'.join(self_named)}，已保留。")
        ctx.change("self", "、".join(self_named), "", "")
    return _fix_residual(_merge(out), ctx)


def _flag(s: str, county: str, ctx: _Ctx) -> list[Segment]:
    ctx.change("flag", s, "", county)
    return [Segment(s, FLAG, comment=f"本段提及其他县（市、区）：{s}（{county}）。"
                                     f"请核实本{ctx.profile.level}方案是否保留此项内容。")]


def _target_segments(s: str, ph: str, what: str, ctx: _Ctx) -> list[Segment]:
    ctx.change("placeholder", s, ph, f"市方案{what}")
    segs = [Segment(x.text, TARGET if x.kind == TEXT else x.kind, comment=x.comment, source=x.source)
            for x in _apply_text_rules(s, ctx)]
    if segs and segs[0].kind == TARGET:
        segs[0].comment = f"市方案的{what}，本{ctx.profile.level}请据实确定。"
    return segs + [Segment(ph, PLACEHOLDER, source="")]


def _fix_residual(segs: list[Segment], ctx: _Ctx) -> list[Segment]:
    """In a 县/区 draft, city wording no rule caught is made explicit (南通市…) and highlighted."""
    if ctx.profile.is_city_level:
        return segs
    out: list[Segment] = []
    city = ctx.profile.city_short or ctx.profile.city.rstrip("市")
    for s in segs:
        if s.protected or not s.text or s.source is not None:
            out.append(s)
            continue
        hits = city_wording(s.text, ctx.allowed, ctx.place_names)
        if not hits:
            out.append(s)
            continue
        pos = 0
        for i, _ in hits:
            j = i + 1
            while j < len(s.text) and j - i < 8 and s.text[j] not in "，。；、：（）〔〕":
                j += 1
            if i < pos:
                continue
            out.append(Segment(s.text[pos:i], s.kind, s.comment, s.level))
            word = s.text[i:j]
            out.append(Segment(city + word, CONFIRM,
                               comment=f"原文“{word}”指{ctx.profile.city or '上级市'}，已写明；如指本级，请改为本级表述。",
                               source=word))
            ctx.change("confirm", word, city + word, "未在对应表中的市级表述")
            pos = j
        out.append(Segment(s.text[pos:], s.kind, None if pos else s.comment, s.level))
    return _merge(out)


# ------------------------------------------------------------------------------------------------------ structure
def _fallback_paragraphs(analysis: Analysis) -> list[ParagraphInfo]:
    """Paragraphs rebuilt from headings and tasks (an analysis stored without them); renumbers both."""
    paras: list[ParagraphInfo] = []
    tasks_by_heading: dict[str | None, list[Task]] = {}
    for t in analysis.tasks:
        tasks_by_heading.setdefault(t.heading, []).append(t)
    for h in analysis.headings:
        h.paragraph = len(paras)
        paras.append(ParagraphInfo(len(paras), f"{h.number}{h.title}", None, h.id, Role.HEADING))
        for t in tasks_by_heading.get(h.id, []):
            t.paragraph = len(paras)
            paras.append(ParagraphInfo(len(paras), t.text, None, h.id, Role.BODY))
    return paras


def _heading_split(text: str, heading: HeadingInfo) -> int:
    """Length of the heading part (number + title + 。) at the start of a paragraph, 0 if it is not there."""
    number, title = heading.number or "", heading.title or ""
    head = number + title
    if head and text.startswith(head):
        n = len(head)
        if text[n:n + 1] in ("。", "．", "."):
            n += 1
        return n
    if number and text.startswith(number):
        m = re.match(re.escape(number) + r"[^。]{0,40}。", text)
        return m.end() if m else len(number)
    return 0


def _top_part(hid: str | None, headings: dict[str, HeadingInfo]) -> HeadingInfo | None:
    h = headings.get(hid) if hid else None
    while h and h.parent:
        h = headings.get(h.parent, None)
    return h


def _cite(title: str | None, number: str | None) -> str:
    if title and number:
        return f"《{title}》（{number}）"
    return f"《{title}》" if title else (number or "")


def _join_cn(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "和" + items[-1]


_PREAMBLE_CITES = re.compile(
    r"^(?:为了?|按照)(?:深入)?(?:贯彻落实|贯彻|落实)((?:《[^》]+》(?:（[^）]*）)?(?:和|、|及|以及|与)?)+)(?:等文件|文件)?(?:精神|要求|部署)?[，,]")


def _preamble(text: str | None, ctx: _Ctx, src: DraftSource) -> list[Segment]:
    """为贯彻落实<the city plan's own basis>和<the city plan>精神，<the city preamble adapted>.

    Each segment carries the city text it replaces, so the preamble reads as the city's when every edit is rejected."""
    v = ctx.profile.variables()
    city = _cite(src.title, src.doc_number)
    text = text or ""
    m = _PREAMBLE_CITES.match(text)
    if m:
        found = re.findall(r"《([^》]+)》(?:（([^）]*)）)?", m.group(1))
        parents = [_cite(t, n or None) for t, n in found]
        src.cited = [{"title": t, "doc_number": n or None} for t, n in found]    # the plan's own basis
        rest = text[m.end():]
    else:
        # no recognisable basis sentence: cite the documents with a 文号 the plan cites
        parents = [_cite(c.get("title"), c.get("doc_number")) for c in src.cited if c.get("doc_number")]
        rest = text
    lead = f"为贯彻落实{_join_cn([*parents, city])}精神，"
    if not m and rest:
        lead += f"结合{v['self']}实际，制定本实施方案。"
    segs = _diff_segments(text[:m.end()], lead, TEXT, None) if m else [Segment(lead, TEXT, source="")]
    if rest:
        mm = re.search(r"现(?=(提出|制定)(以下|如下|本))", rest)
        if mm:
            segs += adapt_text(rest[:mm.end()], ctx, allow_placeholders=False)
            segs.append(Segment(f"结合{v['self']}实际，", TEXT, source=""))
            segs += adapt_text(rest[mm.end():], ctx, allow_placeholders=False)
        else:
            segs += adapt_text(rest, ctx, allow_placeholders=False)
    else:
        segs.append(Segment(f"结合{v['self']}实际，制定本实施方案。", TEXT, source=""))
    return [s for s in segs if s.text or s.source]


def county_title_segments(plan_title: str, ctx: _Ctx) -> list[Segment]:
    """The county title as segments over the city title (issuer and city name removed, county name in front)."""
    p = ctx.profile
    t = plan_title.strip()
    removed = ""
    if p.city and t.startswith(p.city):
        removed, t = t[:len(p.city)], t[len(p.city):]
    if 0 < t.find("关于") <= 12:          # issuer in front (国务院关于…, 市政府关于…): the county is the issuer now
        removed, t = removed + t[:t.find("关于")], t[t.find("关于"):]
    segs = adapt_text(t, ctx, allow_placeholders=False)
    body = "".join(s.text for s in segs)
    head = [Segment("", TEXT, source=removed)] if removed else []
    if not body.startswith(p.name):
        head.append(Segment(p.name, TEXT, source=""))
    return [s for s in head + segs if s.text or s.source]


def county_title(plan_title: str, ctx: _Ctx) -> str:
    return "".join(s.text for s in county_title_segments(plan_title, ctx))


def _owner_decision(hid: str | None, headings: dict[str, HeadingInfo], decisions: Any) -> tuple[str | None, Any]:
    """The nearest heading (itself or an ancestor) with a decision other than 承接, and that decision."""
    h = headings.get(hid) if hid else None
    while h:
        d = decisions.tasks.get(h.id) if decisions else None
        if d is not None and d.action != "承接":
            return h.id, d
        h = headings.get(h.parent) if h.parent else None
    return None, None


def make_draft(analysis: Analysis, profile: CountyProfile, options: DraftOptions | None = None, *,
               mapping: AgencyMapping | None = None, profiles: list[CountyProfile] | None = None,
               decisions: Any = None) -> DraftResult:
    """Transform an analysed city plan into a county draft (no file is written); the step is logged.

    ``decisions`` (a :class:`~policydesk.draft.decisions.Decisions`, validated here) says per city task whether
    the county takes it up (承接, the default), refines it (细化), merges it into another (合并) or drops it (不承接),
    and which tasks the county adds."""
    from ..log import log_step
    with log_step("draft", county=profile.name) as facts:
        result = _make_draft(analysis, profile, options, mapping=mapping, profiles=profiles, decisions=decisions)
        facts.update(blocks=len(result.blocks), ledger=len(result.ledger), changes=len(result.changes),
                     placeholders=len(result.placeholders), warnings=len(result.warnings))
    return result


def _make_draft(analysis: Analysis, profile: CountyProfile, options: DraftOptions | None = None, *,
                mapping: AgencyMapping | None = None, profiles: list[CountyProfile] | None = None,
                decisions: Any = None) -> DraftResult:
    from .decisions import AppliedDecisions, DroppedTask, validate_decisions
    options = options or DraftOptions()
    mapping = mapping or load_mapping()
    profiles = profiles if profiles is not None else load_profiles()
    if decisions is not None:
        validate_decisions(decisions, analysis)
    ctx = _build_ctx(analysis, profile, mapping, profiles)
    meta = analysis.meta
    warnings: list[str] = []
    plan_title = meta.plan_title or meta.title or "【待补充：市方案标题】"
    cited = [c.to_json() for c in meta.cited
             if c.title != plan_title and (c.doc_number != meta.doc_number or not c.doc_number)]
    src = DraftSource(title=plan_title, doc_number=meta.doc_number, issuer=meta.issuer,
                      date=meta.date, cited=cited, path=analysis.source.path,
                      publicity=meta.publicity)
    if not analysis.paragraphs:
        analysis = copy.deepcopy(analysis)
        analysis.paragraphs = _fallback_paragraphs(analysis)
        warnings.append("分析结果缺少逐段信息，草稿只含标题和任务段落。")
    headings = {h.id: h for h in analysis.headings}
    paragraphs = analysis.paragraphs
    tasks_by_para: dict[int, list[Task]] = {}
    for t in analysis.tasks:
        tasks_by_para.setdefault(t.paragraph, []).append(t)
    rules = ctx.rules
    v = profile.variables()
    goal_rx = re.compile(rules.get("goal_heading_pattern", "总体要求"))
    applied = AppliedDecisions(source=getattr(decisions, "path", "") or "")

    ctx.part = "标题"
    title_segs = county_title_segments(plan_title, ctx)
    title = "".join(s.text for s in title_segs)
    title_lines = split_title(title, int(rules.get("title_max_chars_per_line", 20)),
                              rules.get("title_break_before", []), rules.get("title_break_after", []))
    tracked: list[Block] = []
    parts: list[PartSummary] = []
    preamble_text = None
    first_heading = next((i for i, p in enumerate(paragraphs) if p.role == Role.HEADING), len(paragraphs))
    pre = [p for i, p in enumerate(paragraphs) if p.role == Role.PREAMBLE
           or (i < first_heading and p.role == Role.BODY and not any(q.role == Role.PREAMBLE for q in paragraphs))]
    if pre:
        preamble_text = "".join(p.text for p in pre[:1])
    ctx.part = "前言"
    ctx.para_notes = []
    tracked.append(Block("body", _preamble(preamble_text, ctx, src), comment=_notes_comment(ctx, src, None),
                         revision=None if preamble_text is not None else "inserted"))
    pre_ids = {id(p) for p in pre[:1]}
    goal_part: str | None = None
    merged_into: dict[str, list[Block]] = {}          # target heading id -> blocks merged into it
    last_block_of: dict[str, int] = {}                # heading id (and ancestors) -> index of its last tracked block
    for i, p in enumerate(paragraphs):
        role = p.role.value
        # a second preamble paragraph is kept as a body paragraph (never lose text)
        if role in SKIP_ROLES or id(p) in pre_ids or (role == "other" and i < first_heading):
            continue
        hid = p.heading
        top = _top_part(hid, headings)
        part_id = top.id if top else ""
        if top:
            ctx.part = f"{top.number}{top.title}"
        text = p.text
        tasks = tasks_by_para.get(p.index, [])
        ctx.para_notes = []
        h = headings.get(hid) if hid else None
        owner, dec = _owner_decision(hid, headings, decisions)
        hh = h if role == "heading" and h and h.paragraph == p.index else None     # the heading this paragraph is
        is_heading = hh is not None
        if is_heading and goal_part and goal_part != part_id:
            tracked.append(_goal_placeholder(rules, v))
            last_block_of[goal_part] = len(tracked) - 1
            goal_part = None
        if dec is not None and dec.action == "不承接":
            blk = Block("heading" if is_heading else "body", [Segment("", TEXT, source=text)],
                        level=hh.level if hh else None, clause=owner, revision="deleted",
                        task_ids=[t.id for t in tasks])
            if owner not in {d.id for d in applied.dropped}:
                oh = headings.get(owner) if owner else None
                applied.dropped.append(DroppedTask(owner or "", oh.title if oh else "", dec.reason))
            tracked.append(blk)
            continue
        if hh is not None:
            level = hh.level
            if level == 1:
                parts.append(PartSummary(hh.id, hh.title))
                if goal_rx.search(hh.title):
                    goal_part = hh.id
            elif parts and not (dec is not None and dec.action == "合并"):
                parts[-1].clauses.append(hh.id)
            n = _heading_split(text, hh)
            number = hh.number or ""
            head_text = text[:n] if n else text
            if dec is not None and dec.action == "合并" and owner == hid and number and head_text.startswith(number):
                # the merged task's text joins the target: its number goes, its title stays as a lead-in sentence
                head_segs = [Segment("", TEXT, source=number)] + adapt_text(head_text[len(number):], ctx,
                                                                            allow_placeholders=False)
            else:
                head_segs = []
                if number and head_text.startswith(number):
                    head_segs.append(Segment(number, HEADING, level=level))
                    head_text = head_text[len(number):]
                head_segs += [Segment(s.text, HEADING if s.kind == TEXT else s.kind, s.comment, level, s.protected,
                                      s.source) for s in adapt_text(head_text, ctx, allow_placeholders=False)]
                for s in head_segs:
                    s.level = level
            body_segs = adapt_text(text[n:], ctx, tasks) if n and n < len(text) else []
            kind = "heading" if not body_segs else "body"
            blk = Block(kind, head_segs + body_segs, level=level)
        else:
            blk = Block("body", adapt_text(text, ctx, tasks))
        if tasks:
            blk.clause = tasks[-1].heading or hid
            blk.task_ids = [t.id for t in tasks]
            if parts and not (dec is not None and dec.action == "合并"):
                parts[-1].tasks += len(tasks)
        if dec is not None and dec.action == "细化" and tasks:
            _add_refine_slot(blk, dec, ctx)
            if (owner, dec.note) not in applied.refined:
                applied.refined.append((owner or "", dec.note))
        blk.comment = _notes_comment(ctx, src, [c for c in (t.heading or hid for t in tasks) if c] if tasks else None)
        if dec is not None and dec.action == "合并":
            if (owner, dec.into) not in applied.merged:
                applied.merged.append((owner or "", dec.into))
            moved = Block("body", [Segment(s.text, s.kind, s.comment, None, s.protected, "") for s in blk.segments
                                   if s.text], clause=blk.clause, task_ids=blk.task_ids, revision="inserted",
                          comment=(blk.comment or "") + f"\n本段由市方案{owner}并入{dec.into}。")
            merged_into.setdefault(dec.into, []).append(moved)
            tracked.append(Block(blk.kind, [Segment("", TEXT, source=text)], level=blk.level, clause=owner,
                                 revision="deleted", task_ids=blk.task_ids))
            continue
        if not (dec is not None and dec.action == "细化") and tasks:
            applied.taken.extend(t for t in dict.fromkeys([blk.clause]) if t and t not in applied.taken)
        tracked.append(blk)
        hh = h
        while hh:
            last_block_of[hh.id] = len(tracked) - 1
            hh = headings.get(hh.parent) if hh.parent else None
    if goal_part:
        tracked.append(_goal_placeholder(rules, v))
    # merged tasks go after the target's last paragraph; new tasks after the `after` heading's last paragraph
    inserts: dict[int, list[Block]] = {}
    for target, blks in merged_into.items():
        inserts.setdefault(last_block_of.get(target, len(tracked) - 1), []).extend(blks)
    for nt in (decisions.new_tasks if decisions else []):
        at = last_block_of.get(nt.after)
        if at is None:                                   # `after` was dropped or merged: after its last city block
            at = max((k for k, b in enumerate(tracked) if b.clause and (b.clause == nt.after or
                      b.clause.startswith(nt.after))), default=len(tracked) - 1)
        level = headings[nt.after].level if nt.after in headings else 2
        inserts.setdefault(at, []).append(_new_task_block(nt, level, ctx))
        applied.new_tasks.append(nt)
    if inserts:
        out: list[Block] = []
        for k, b in enumerate(tracked):
            out.append(b)
            out.extend(inserts.get(k, []))
        if -1 in inserts:
            out = inserts[-1] + out
        tracked = out
    _drop_empty_parts(tracked)
    if decisions is not None:
        _renumber_blocks(tracked)
    blocks = [b for b in tracked if b.revision != "deleted"]
    ledger = _ledger(analysis, ctx, headings, decisions)
    return DraftResult(profile=profile, options=options, source=src, title=title, title_lines=title_lines,
                       blocks=blocks, ledger=ledger, parts=parts, changes=ctx.changes, warnings=warnings,
                       decisions=applied, title_source=plan_title, tracked_blocks=tracked,
                       title_segments=title_segs)


def _add_refine_slot(blk: Block, dec: Any, ctx: _Ctx) -> None:
    """细化: a 【待补充】 slot for the county's specifics, before the task's responsibility annotation."""
    text = "".join(s.city_text for s in blk.segments)
    found = find_annotations(text)           # the analysis' one annotation grammar
    cut = found[-1].start if found else len(text)
    slot = Segment(f"【待补充：本{ctx.profile.level}细化措施{('——' + dec.note) if dec.note else ''}】", PLACEHOLDER,
                   comment=f"此项任务由本{ctx.profile.level}细化：{dec.note or '请写明本级具体举措、目标和时限'}",
                   source="")
    pos = 0
    for k, s in enumerate(blk.segments):
        if pos >= cut:
            blk.segments.insert(k, slot)
            return
        n = len(s.city_text)
        if pos < cut < pos + n and s.source is None:          # split an unchanged run at the annotation
            head, tail = s.text[:cut - pos], s.text[cut - pos:]
            blk.segments[k:k + 1] = [Segment(head, s.kind, None, s.level, s.protected),
                                     slot, Segment(tail, s.kind, s.comment, s.level, s.protected)]
            return
        pos += n
    blk.segments.append(slot)


def _new_task_block(nt: Any, level: int, ctx: _Ctx) -> Block:
    number = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}.get(level, "")      # renumbered afterwards
    segs = [Segment(number, HEADING, level=level, source=""),
            Segment(nt.title.rstrip("。") + "。", HEADING, level=level, source="")]
    if nt.text:
        segs.append(Segment(nt.text, TEXT, source=""))
    else:
        segs.append(Segment(f"【待补充：本{ctx.profile.level}新增任务的具体内容】", PLACEHOLDER, source=""))
    units = [*nt.lead, *nt.support]
    if units:
        segs.append(Segment(f"〔责任单位：{'、'.join(units)}〕", TEXT, source=""))
    return Block("body", [s for s in segs if s.text], level=level, clause=nt.after, revision="inserted",
                 comment=f"本{ctx.profile.level}新增任务（列于市方案{nt.after}之后），不来自市方案。")


def _drop_empty_parts(tracked: list[Block]) -> None:
    """A level-1 heading whose every task was dropped or merged away goes too."""
    for k, b in enumerate(tracked):
        if b.kind != "heading" or b.level != 1 or b.revision:
            continue
        j = k + 1
        had, kept = False, False
        while j < len(tracked) and not (tracked[j].level == 1 and tracked[j].kind == "heading"):
            if tracked[j].revision == "deleted":
                had = True
            elif tracked[j].revision is None or tracked[j].revision == "inserted":
                kept = True
            j += 1
        if had and not kept:
            city = b.city_text
            b.segments = [Segment("", TEXT, source=city)]
            b.revision = "deleted"


def _renumber_blocks(tracked: list[Block]) -> None:
    """After tasks were dropped, merged or added: number the kept headings consecutively (（三） → （二）)."""
    counters: dict[int, int] = {}
    for b in tracked:
        if b.revision == "deleted" or not b.level:
            continue
        seg = next((s for s in b.segments if s.kind == HEADING), None)
        if seg is None:
            continue
        if b.revision == "inserted" and seg.source == "" and b.level:
            pass
        counters[b.level] = counters.get(b.level, 0) + 1
        for deeper in [lv for lv in counters if lv > b.level]:
            del counters[deeper]
        old = seg.city_text if seg.source is not None else seg.text
        new = renumber(seg.text, counters[b.level])
        if new and new != seg.text:
            if b.revision == "inserted":
                seg.text = new
            else:
                seg.source = old
                seg.text = new


def _goal_placeholder(rules: dict[str, Any], v: dict[str, str]) -> Block:
    text = fill(rules.get("goal_placeholder", "【待补充：本{level}主要目标】"), v)
    return Block("body", [Segment(text, PLACEHOLDER, comment="主要目标须由本级结合实际确定。", source="")],
                 revision="inserted")


def _notes_comment(ctx: _Ctx, src: DraftSource, clauses: list[str] | None) -> str | None:
    lines = []
    basis = src.doc_number or f"《{src.title}》"
    if clauses:
        for c in dict.fromkeys(clauses):
            lines.append(f"依据：{basis} {c}")
    lines.extend(dict.fromkeys(ctx.para_notes))
    return "\n".join(lines) or None


def _mapped_names(units: list[str], ctx: _Ctx) -> tuple[list[str], list[str]]:
    names, notes = [], []
    for u in units:
        mu = ctx.units.get(u) or ctx.mapping.map_unit(u, ctx.profile)
        if mu.status == "delete":
            continue
        text = mu.text + ("（待确认）" if mu.status == "confirm" else "")
        if mu.status == "confirm":
            notes.append(f"{u}：{mu.note}")
        if text not in names:
            names.append(text)
    return names, notes


def _ledger(analysis: Analysis, ctx: _Ctx, headings: dict[str, HeadingInfo],
            decisions: Any = None) -> list[LedgerRow]:
    rows = []
    rx_d = ctx.deadline_rx
    for n, t in enumerate(analysis.tasks, 1):
        top = _top_part(t.heading, headings)
        part = f"{top.number}{top.title}" if top else ""
        units = t.units_normalized or t.units
        lead_src = t.lead or units[:1]
        support_src = t.support
        lead, n1 = _mapped_names(lead_src, ctx)
        support, n2 = _mapped_names(support_src, ctx)
        support = [s for s in support if s not in lead]
        deadlines = [d for d in t.deadlines if d and _DEADLINE_OK.search(d)]
        if not deadlines:
            deadlines = [m.group(0) for r in rx_d for m in r.finditer(t.text)]
        deadline = "、".join(dict.fromkeys(deadlines)) or "【待补充】"
        h = headings.get(t.heading) if t.heading else None
        rows.append(LedgerRow(number=n, part=part, clause=t.heading or "",
                              task=t.title or (h.title if h else ""), lead=lead, support=support,
                              deadline=deadline, notes=n1 + n2, task_id=t.id,
                              targets=[x for x in t.targets if x], deadlines=[x for x in t.deadlines if x]))
    if decisions is None:
        return rows
    # apply the decisions: dropped rows go, merged rows join the target's row, new tasks get their own row
    out: list[LedgerRow] = []
    by_clause: dict[str, LedgerRow] = {}
    merged: list[tuple[LedgerRow, str]] = []
    for row in rows:
        owner, dec = _owner_decision(row.clause, headings, decisions)
        if dec is not None and dec.action == "不承接":
            continue
        if dec is not None and dec.action == "合并":
            merged.append((row, dec.into))
            continue
        if dec is not None and dec.action == "细化":
            row.notes.append(f"本{ctx.profile.level}细化：{dec.note or '【待补充】'}")
        out.append(row)
        by_clause.setdefault(row.clause, row)
    for row, into in merged:
        target = by_clause.get(into) or next((r for r in out if r.clause.startswith(into)), None)
        if target is None:
            continue
        target.lead += [u for u in row.lead if u not in target.lead]
        target.support += [u for u in row.support if u not in target.lead and u not in target.support]
        target.notes.append(f"含市方案{row.clause}（{row.task}）")
        target.targets += row.targets
        target.deadlines += row.deadlines
    for nt in decisions.new_tasks:
        top = _top_part(nt.after, headings)
        part = f"{top.number}{top.title}" if top else ""
        idx = max((k for k, r in enumerate(out) if r.clause == nt.after or r.clause.startswith(nt.after)),
                  default=len(out) - 1)
        out.insert(idx + 1, LedgerRow(number=0, part=part, clause="新增", task=nt.title, lead=list(nt.lead),
                                      support=list(nt.support), deadline=nt.deadline or "【待补充】",
                                      notes=[f"本{ctx.profile.level}新增任务（列于{nt.after}之后）"]))
    for k, r in enumerate(out, 1):
        r.number = k
    return out
