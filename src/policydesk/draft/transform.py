"""City plan (its typed :class:`~policydesk.analysis.result.Analysis`) + county profile → a :class:`DraftResult`.

Nothing here knows about Word.  Every change is recorded (:class:`Change`) for the drafting note; what the drafter
must check is a highlighted segment with a comment; what the county must supply is a 【待补充：…】 placeholder.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from ..analysis.result import Analysis, HeadingInfo, ParagraphInfo, Role, Task
from .mapping import AgencyMapping, MappedUnit, MappingRule, fill, load_mapping
from .model import (CONFIRM, FLAG, HEADING, PLACEHOLDER, TARGET, TEXT, Block, Change, DraftOptions, DraftResult,
                    DraftSource, LedgerRow, PartSummary, Segment)
from .profiles import CountyProfile, load_profiles
from .rules import draft_rules
from .wording import QUOTE, city_wording, split_title

_DEADLINE_OK = re.compile(r"\d{4}年|年底|年末|[之以]?前$")   # a dated deadline, not 每年 / 当年
SKIP_ROLES = {"notice_title", "doc_number", "recipients", "notice_body", "signature", "date", "publicity",
              "plan_title", "attachment"}
_ANNOT = re.compile(r"[〔（(]\s*责任单位[:：][^〔〕（）()]*(?:（[^（）]*）[^〔〕（）()]*)*[〕）)]\s*$")


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
    text_rx: re.Pattern | None
    allowed: list[str]
    place_names: list[str]
    target_rx: list[re.Pattern]
    deadline_rx: list[re.Pattern]
    placeholder_rules: list[tuple[re.Pattern, str, str]]
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
    for r in mapping.rules:                      # exact unit rows also apply in body text
        if r.kind == "unit" and r.source not in units and r.applies_to(profile):
            units[r.source] = mapping.map_unit(r.source, profile)
    others: dict[str, str] = {}
    for p in profiles:
        if p.name == profile.name or (profile.city and p.city and p.city != profile.city):
            continue
        for n in p.self_names:
            if n not in profile.self_names and not any(n in s for s in profile.self_names):
                others[n] = p.name
    text_rules = mapping.text_rules(profile)
    alts = []
    for i, r in enumerate(text_rules):
        src = r.source if r.kind == "text_re" else re.escape(r.source)
        alts.append(f"(?P<r{i}>{src})")
    text_rx = re.compile("|".join(alts)) if alts else None
    place_names = sorted({*(p.name for p in profiles if p.name.endswith("市")), profile.city or "",
                          *(p.city for p in profiles if p.city)} - {""}, key=len, reverse=True)
    ph_rules = [(re.compile(d["match"]), fill(d["text"], v), fill(d.get("reason", ""), v))
                for d in rules.get("placeholders", [])]
    return _Ctx(profile=profile, mapping=mapping, rules=rules, units=units, others=others, text_rules=text_rules,
                text_rx=text_rx, allowed=list(rules.get("not_city_wording", [])), place_names=place_names,
                target_rx=[re.compile(p) for p in rules.get("target_patterns", [])],
                deadline_rx=[re.compile(p) for p in rules.get("deadline_patterns", [])],
                placeholder_rules=ph_rules)


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
        for k, r in enumerate(ctx.text_rules):
            src = r.source if r.kind == "text_re" else re.escape(r.source)
            mm = re.compile(src).match(text, a)
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
        if r.status == "delete":
            ctx.para_notes.append(f"已删除“{m2.group(0).lstrip('；，')}”：{note}" if note else f"已删除“{m2.group(0)}”")
            ctx.change("delete", m2.group(0), "", note)
        elif r.status == "confirm":
            if buf:
                out.append(Segment("".join(buf), kind))
                buf = []
            out.append(Segment(target, CONFIRM, comment=f"原文“{m2.group(0)}”已改为“{target}”。{note}".strip()))
            ctx.change("confirm", m2.group(0), target, note)
        else:
            buf.append(target)
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
        if not s.text:
            continue
        if out and out[-1].kind == s.kind == TEXT and not out[-1].comment and not s.comment \
                and out[-1].protected == s.protected:
            out[-1] = Segment(out[-1].text + s.text, TEXT, protected=s.protected)
        else:
            out.append(s)
    return out


def _unit_segments(unit: str, ctx: _Ctx) -> list[Segment]:
    mu = ctx.units.get(unit) or ctx.mapping.map_unit(unit, ctx.profile)
    if mu.status == "confirm":
        ctx.change("confirm", unit, mu.text, mu.note)
        msg = f"原文“{unit}”" + (f"，建议改为“{mu.text}”" if mu.text != unit else "") + f"。{mu.note}"
        return [Segment(mu.text, CONFIRM, comment=msg)]
    if mu.status == "delete":
        ctx.change("delete", unit, "", mu.note)
        return []
    if mu.text != unit:
        ctx.change("mapped", unit, mu.text, mu.note)
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
            if out and out[-1].kind == TEXT and out[-1].text.endswith(("、", "，")):
                out[-1] = Segment(out[-1].text[:-1], TEXT)
            segs = []
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
    # the responsibility annotation(s)
    for t in tasks:
        ann = (t.annotation or "").strip()
        i = text.rfind(ann) if ann else -1
        if i < 0:
            m = _ANNOT.search(text)
            if m:
                i, ann = m.start(), m.group(0)
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
            m = rx.search(text)
            if m:
                marks.append(_Mark(m.start(), m.end(), 5, lambda s, ph=ph, reason=reason: [
                    *_apply_text_rules(s, ctx), Segment(ph, PLACEHOLDER, comment=reason or None)]))
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
    segs = [Segment(x.text, TARGET if x.kind == TEXT else x.kind, comment=x.comment)
            for x in _apply_text_rules(s, ctx)]
    if segs and segs[0].kind == TARGET:
        segs[0].comment = f"市方案的{what}，本{ctx.profile.level}请据实确定。"
    return segs + [Segment(ph, PLACEHOLDER)]


def _fix_residual(segs: list[Segment], ctx: _Ctx) -> list[Segment]:
    """In a 县/区 draft, city wording no rule caught is made explicit (南通市…) and highlighted."""
    if ctx.profile.is_city_level:
        return segs
    out: list[Segment] = []
    city = ctx.profile.city_short or ctx.profile.city.rstrip("市")
    for s in segs:
        if s.protected or not s.text:
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
                               comment=f"原文“{word}”指{ctx.profile.city or '上级市'}，已写明；如指本级，请改为本级表述。"))
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
    """为贯彻落实<the city plan's own basis>和<the city plan>精神，<the city preamble adapted>."""
    v = ctx.profile.variables()
    city = _cite(src.title, src.doc_number)
    m = _PREAMBLE_CITES.match(text) if text else None
    if m:
        found = re.findall(r"《([^》]+)》(?:（([^）]*)）)?", m.group(1))
        parents = [_cite(t, n or None) for t, n in found]
        src.cited = [{"title": t, "doc_number": n or None} for t, n in found]    # the plan's own basis
        rest = text[m.end():]
    else:
        # no recognisable basis sentence: cite the documents with a 文号 the plan cites
        parents = [_cite(c.get("title"), c.get("doc_number")) for c in src.cited if c.get("doc_number")]
        rest = text or ""
    lead = f"为贯彻落实{_join_cn([*parents, city])}精神，"
    if not m and rest:
        lead += f"结合{v['self']}实际，制定本实施方案。"
    segs = [Segment(lead, TEXT)]
    if rest:
        rest = re.sub(r"现(提出|制定)(以下|如下|本)", lambda m: f"现结合{v['self']}实际，{m.group(1)}{m.group(2)}", rest, 1)
        segs += adapt_text(rest, ctx, allow_placeholders=False)
    else:
        segs.append(Segment(f"结合{v['self']}实际，制定本实施方案。", TEXT))
    # quotations in the lead are protected
    out: list[Segment] = []
    for s in segs:
        if s is segs[0]:
            pos = 0
            for m in QUOTE.finditer(s.text):
                out.append(Segment(s.text[pos:m.start()], TEXT))
                out.append(Segment(m.group(0), TEXT, protected=True))
                pos = m.end()
            out.append(Segment(s.text[pos:], TEXT))
        else:
            out.append(s)
    return [s for s in out if s.text]


def county_title(plan_title: str, ctx: _Ctx) -> str:
    p = ctx.profile
    t = plan_title.strip()
    if p.city and t.startswith(p.city):
        t = t[len(p.city):]
    if 0 < t.find("关于") <= 12:          # issuer in front (国务院关于…, 市政府关于…): the county is the issuer now
        t = t[t.find("关于"):]
    segs = adapt_text(t, ctx, allow_placeholders=False)
    t = "".join(s.text for s in segs)
    return t if t.startswith(p.name) else p.name + t


def make_draft(analysis: Analysis, profile: CountyProfile, options: DraftOptions | None = None, *,
               mapping: AgencyMapping | None = None, profiles: list[CountyProfile] | None = None) -> DraftResult:
    """Transform an analysed city plan into a county draft (no file is written); the step is logged."""
    from ..log import log_step
    with log_step("draft", county=profile.name) as facts:
        result = _make_draft(analysis, profile, options, mapping=mapping, profiles=profiles)
        facts.update(blocks=len(result.blocks), ledger=len(result.ledger), changes=len(result.changes),
                     placeholders=len(result.placeholders), warnings=len(result.warnings))
    return result


def _make_draft(analysis: Analysis, profile: CountyProfile, options: DraftOptions | None = None, *,
               mapping: AgencyMapping | None = None, profiles: list[CountyProfile] | None = None) -> DraftResult:
    """Transform an analysed city plan into a county draft (no file is written)."""
    options = options or DraftOptions()
    mapping = mapping or load_mapping()
    profiles = profiles if profiles is not None else load_profiles()
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

    ctx.part = "标题"
    title = county_title(plan_title, ctx)
    title_lines = split_title(title, int(rules.get("title_max_chars_per_line", 20)),
                              rules.get("title_break_before", []), rules.get("title_break_after", []))
    blocks: list[Block] = []
    parts: list[PartSummary] = []
    preamble_text = None
    first_heading = next((i for i, p in enumerate(paragraphs) if p.role == Role.HEADING), len(paragraphs))
    pre = [p for i, p in enumerate(paragraphs) if p.role == Role.PREAMBLE
           or (i < first_heading and p.role == Role.BODY and not any(q.role == Role.PREAMBLE for q in paragraphs))]
    if pre:
        preamble_text = "".join(p.text for p in pre[:1])
    ctx.part = "前言"
    ctx.para_notes = []
    blocks.append(Block("body", _preamble(preamble_text, ctx, src), comment=_notes_comment(ctx, src, None)))
    pre_ids = {id(p) for p in pre[:1]}
    goal_part: str | None = None
    for i, p in enumerate(paragraphs):
        role = p.role.value
        if role in SKIP_ROLES or id(p) in pre_ids or role == "preamble" or (role == "other" and i < first_heading):
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
        if role == "heading" and h and h.paragraph == p.index:
            if goal_part and goal_part != part_id:
                blocks.append(_goal_placeholder(rules, v))
                goal_part = None
            level = h.level
            if level == 1:
                parts.append(PartSummary(h.id, h.title))
                if goal_rx.search(h.title):
                    goal_part = h.id
            elif parts:
                parts[-1].clauses.append(h.id)
            n = _heading_split(text, h)
            head_segs = [Segment(s.text, HEADING if s.kind == TEXT else s.kind, s.comment, level, s.protected)
                         for s in adapt_text(text[:n] if n else text, ctx, allow_placeholders=False)]
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
            if parts:
                parts[-1].tasks += len(tasks)
        blk.comment = _notes_comment(ctx, src, [t.heading or hid for t in tasks] if tasks else None)
        blocks.append(blk)
    if goal_part:
        blocks.append(_goal_placeholder(rules, v))
    ledger = _ledger(analysis, ctx, headings)
    return DraftResult(profile=profile, options=options, source=src, title=title, title_lines=title_lines,
                       blocks=blocks, ledger=ledger, parts=parts, changes=ctx.changes, warnings=warnings)


def _goal_placeholder(rules: dict[str, Any], v: dict[str, str]) -> Block:
    text = fill(rules.get("goal_placeholder", "【待补充：本{level}主要目标】"), v)
    return Block("body", [Segment(text, PLACEHOLDER, comment="主要目标须由本级结合实际确定。")])


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


def _ledger(analysis: Analysis, ctx: _Ctx, headings: dict[str, HeadingInfo]) -> list[LedgerRow]:
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
                              deadline=deadline, notes=n1 + n2, task_id=t.id))
    return rows
