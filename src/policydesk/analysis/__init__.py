"""公文 analysis: pure functions from a :class:`~policydesk.model.Document` to a typed :class:`Analysis`.

The result (:mod:`.result`) is what every consumer reads; ``Analysis.to_json()`` gives ``analysis/1`` at the edges.

Modules: :mod:`.normalize` (text forms), :mod:`.meta` (front matter, roles, citations),
:mod:`.headings` (outline), :mod:`.annotations` (responsibility annotations), :mod:`.units`
(unit lists, aliases, generic units), :mod:`.targets` (targets/deadlines), :mod:`.summary`
(the human-readable Chinese summary).  The rules are data in ``resources/analysis/``.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Document
from . import rules
from .annotations import Annotation, find_annotations_and_unparsed, merge_label_lines
from .headings import Heading, find_headings, heading_title, is_law
from .meta import analyse_front, find_citations, find_part_titles
from .normalize import clean_text, match_form, no_space
from .result import (SCHEMA, Analysis, AnalysisWarning, Citation, HeadingInfo, Meta, ParagraphInfo, Role, Task,
                     TaskForm, Unit, UnitRole, UnitSummary, WarningKind)
from .tables import find_table_tasks
from .targets import find_targets_and_deadlines
from .units import is_generic, normalize_unit

__all__ = ["analyze", "Analysis", "AnalysisWarning", "Citation", "HeadingInfo", "Meta", "ParagraphInfo", "Role",
           "Task", "TaskForm", "Unit", "UnitRole", "UnitSummary", "WarningKind", "SCHEMA"]

_NO_TASK_ROLES = {"notice_title", "doc_number", "recipients", "signature", "date", "publicity", "plan_title"}


def analyze(doc: Document) -> Analysis:
    """The typed analysis of a document (``.to_json()`` is its ``analysis/1`` dict)."""
    rules.refresh()
    kinds = [p.kind for p in doc.paragraphs]
    texts = [clean_text(p.text) if p.kind != "table_row" else _clean_row(p.text) for p in doc.paragraphs]
    pages = [p.page for p in doc.paragraphs]
    law = is_law(texts)
    cues = [p.align == "center" or p.heading_hint == 1 for p in doc.paragraphs]
    front = analyse_front(texts, law, cues, [p.text for p in doc.paragraphs])
    roles = front.roles

    # annotations first: a heading's title stops where an annotation starts
    table_tasks = {t.paragraph: t for t in find_table_tasks(texts, kinds)}
    annotations: dict[int, list[Annotation]] = {}
    unparsed_by_para: dict[int, list[tuple[int, int, str, str]]] = {}
    eligible: set[int] = set()
    for k, text in enumerate(texts):
        if roles[k] in _NO_TASK_ROLES or k < front.body_start and roles[k] == "notice_body" or k in table_tasks:
            continue
        eligible.add(k)
        found, unparsed = find_annotations_and_unparsed(text)
        if found:
            annotations[k] = found
        if unparsed:
            unparsed_by_para[k] = unparsed
    annotations = merge_label_lines(texts, annotations, eligible)
    ann_starts = {k: v[0].start for k, v in annotations.items()}

    # outline: main text, then each attachment with its own id prefix
    taken: set[str] = set()
    skip = {k for k, r in enumerate(roles) if r in _NO_TASK_ROLES or kinds[k] == "table_row"}
    skip |= {k for k in range(front.body_start, front.body_end) if roles[k] == "attachment"}   # 附件：1.… 2.…
    if not front.outline:
        skip |= {k for k in range(front.body_start, front.body_end) if roles[k] == "notice_body"}
    if law:
        skip |= _toc_paragraphs(texts, front.body_start)
    # a notice issuing several documents: each further document's headings get the prefix "2/", "3/"…
    parts = find_part_titles(texts, front.body_start, front.body_end)
    for k in parts:
        roles[k] = "plan_title"
        skip.add(k)
    bounds = [front.body_start] + [k + 1 for k in parts] + [front.body_end]
    headings: list[Heading] = []
    for idx in range(len(bounds) - 1):
        headings += find_headings(texts, bounds[idx], bounds[idx + 1], law, ann_starts, skip,
                                  id_prefix=f"{idx + 1}/" if idx else "", pages=pages, taken=taken)
    for idx, (start, number) in enumerate(front.attachments):
        stop = front.attachments[idx + 1][0] if idx + 1 < len(front.attachments) else len(texts)
        headings += find_headings(texts, start + 1, stop, False, ann_starts, skip,
                                  id_prefix=f"附件{number}/", pages=pages, taken=taken)
    headings.sort(key=lambda h: h.paragraph)
    by_para: dict[int, Heading] = {h.paragraph: h for h in headings}

    # paragraph → innermost heading; roles for the main text
    para_heading: list[str | None] = []
    current: Heading | None = None
    first_heading = headings[0].paragraph if headings else None
    attachment_starts = {start for start, _ in front.attachments}
    for k in range(len(texts)):
        if k in attachment_starts:
            current = None
        if k in by_para:
            current = by_para[k]
        in_scope = k >= front.body_start and roles[k] not in _NO_TASK_ROLES and roles[k] != "notice_body"
        para_heading.append(current.id if current and in_scope and k >= current.paragraph else None)
        if roles[k] in ("other",) and front.body_start <= k < front.body_end:
            if k in by_para:
                roles[k] = "heading"
            elif first_heading is not None and k < first_heading:
                roles[k] = "preamble"
            else:
                roles[k] = "body"
        elif roles[k] == "attachment" and k in by_para:
            pass
    if law:
        for k in range(front.body_start, front.body_end):
            if k in skip:
                roles[k] = "other"
    heading_by_id = {h.id: h for h in headings}

    # tasks: annotations and responsibility-table rows, in document order
    found_tasks: list[tuple[int, int, dict[str, Any]]] = []
    last_task_para = -1
    for k in sorted(set(annotations) | set(table_tasks)):
        hid = para_heading[k]
        common = {"heading": hid, "title": heading_by_id[hid].title if hid else None, "paragraph": k,
                  "page": pages[k]}
        if k in table_tasks:
            tt = table_tasks[k]
            targets, deadlines = find_targets_and_deadlines(tt.task_text)
            if not hid:
                common["title"] = heading_title(tt.task_text, 0) or None
            found_tasks.append((k, 0, {**common, "text": texts[k], "annotation": tt.annotation,
                                       **_unit_fields(tt.units, tt.lead, tt.support, tt.lead_inferred),
                                       "targets": targets, "deadlines": list(dict.fromkeys(deadlines + tt.deadlines)),
                                       "form": "table", "unit_details": _table_details(tt),
                                       "notes": list(tt.notes)}))
            last_task_para = k
            continue
        prev_end = 0
        for n, ann in enumerate(annotations[k]):
            text = texts[k][prev_end: ann.end].strip()
            body = texts[k][prev_end: ann.start]
            if ann.start == 0 and ann.end == len(texts[k]):
                # a paragraph of its own (责任单位：…): the task is the text since the heading or last task
                since = max(last_task_para + 1, _heading_para(heading_by_id, hid))
                before = [texts[j] for j in range(since, k) if roles[j] in ("heading", "body", "preamble")]
                body = "\n".join(before)
                text = "\n".join(before + [texts[k]])
            prev_end = ann.end
            targets, deadlines = find_targets_and_deadlines(body)
            found_tasks.append((k, n, {**common, "text": text, "annotation": ann.raw,
                                       **_unit_fields(ann.units, ann.lead, ann.support, ann.lead_inferred),
                                       "targets": targets, "deadlines": list(dict.fromkeys(deadlines + ann.deadlines)),
                                       "form": "annotation", "unit_details": _details(ann),
                                       "notes": list(ann.notes), "inherit": list(ann.inherit)}))
        last_task_para = max([k] + [a.last_paragraph for a in annotations[k] if a.last_paragraph is not None])
    tasks: list[Task] = []
    for _, _, t in sorted(found_tasks, key=lambda x: (x[0], x[1])):
        tasks.append(_task(f"T{len(tasks) + 1}", t))
    _apply_instructions(tasks, [t for _, _, t in sorted(found_tasks, key=lambda x: (x[0], x[1]))])
    _link_table_rows(tasks, texts)
    _apply_first_listed_rule(tasks, texts)

    units: dict[str, UnitSummary] = {}
    for task in tasks:
        for u in task.units_normalized:
            e = units.setdefault(u, UnitSummary(name=u, generic=is_generic(u)))
            e.tasks.append(task.id)
            if u in task.lead:
                e.lead_tasks.append(task.id)
        for detail in task.unit_details:
            if not detail.recognised and detail.normalized in units:
                units[detail.normalized].recognised = False

    meta = front.meta
    if meta.get("plan_title"):
        meta["plan_titles"] = [meta["plan_title"]] + [no_space(texts[k]) for k in parts]
    else:
        meta["plan_titles"] = [no_space(texts[k]) for k in parts]
    meta["cited"] = find_citations(texts, roles, meta)
    paragraphs = [ParagraphInfo(index=k, text=texts[k], page=pages[k], heading=para_heading[k], role=Role(roles[k]))
                  for k in range(len(texts))]
    warnings: list[AnalysisWarning] = [AnalysisWarning(WarningKind.DOC_NUMBER, k, text, why)
                                       for k, text, why in front.warnings]
    for k in sorted(eligible):
        if roles[k] in _NO_TASK_ROLES or roles[k] == "notice_body" or kinds[k] == "table_row":
            continue
        for _, _, raw, why in unparsed_by_para.get(k, []):
            warnings.append(AnalysisWarning(WarningKind.UNPARSED_ANNOTATION, k, raw, why))
    for task in tasks:
        for detail in task.unrecognised_units:
            warnings.append(AnalysisWarning(WarningKind.UNRECOGNISED_UNIT, task.paragraph, detail.name,
                                            detail.reason or "责任单位名称未能识别，已保留原文，请核对"))
    return Analysis(
        source=doc.source,
        meta=Meta.from_json(meta),
        headings=[_heading_info(h) for h in headings],
        tasks=tasks,
        units=list(units.values()),
        paragraphs=paragraphs,
        warnings=warnings,
        rules_version=rules.version(),
    )


def _clean_row(text: str) -> str:
    """A table row: cells apart (TAB), the paragraphs of one cell apart (newline), each whitespace-cleaned."""
    return "\t".join("\n".join(x for x in (clean_text(line) for line in cell.split("\n")) if x)
                     for cell in text.split("\t"))


def _heading_info(h: Heading) -> HeadingInfo:
    j = h.to_json()
    return HeadingInfo(id=j["id"], level=j["level"], number=j["number"], title=j["title"], paragraph=j["paragraph"],
                       parent=j["parent"], page=j["page"])


def _task(tid: str, t: dict[str, Any]) -> Task:
    lead, support = set(t["lead"]), set(t["support"])
    details = t.get("unit_details")
    if details is None:
        details = []
        for raw, norm in zip(t["units"], [normalize_unit(u) for u in t["units"]]):
            role = UnitRole.LEAD if norm in lead and not t["lead_inferred"] else \
                UnitRole.SUPPORT if norm in support and not t["lead_inferred"] else UnitRole.UNKNOWN
            details.append(Unit(name=raw, normalized=norm, role=role))
    return Task(id=tid, heading=t["heading"], title=t["title"], paragraph=t["paragraph"], text=t["text"],
                page=t["page"], annotation=t["annotation"], units=t["units"],
                units_normalized=t["units_normalized"], lead=t["lead"], support=t["support"],
                lead_inferred=t["lead_inferred"], targets=t["targets"], deadlines=t["deadlines"],
                form=TaskForm(t["form"]), unit_details=details, notes=list(t.get("notes") or []))


def _details(ann: Annotation) -> list[Unit]:
    """Every unit of an annotation with its role and whether the unit rules recognise it."""
    lead, support = set(ann.lead), set(ann.support)
    out: list[Unit] = []
    for d in ann.details:
        role = UnitRole.LEAD if d.name in lead and not ann.lead_inferred else \
            UnitRole.SUPPORT if d.role == "support" or (d.name in support and not ann.lead_inferred) else \
            UnitRole.UNKNOWN
        out.append(Unit(name=d.name, normalized=normalize_unit(d.name), role=role, recognised=d.recognised,
                        reason=d.reason))
    return out


def _table_details(tt: Any) -> list[Unit]:
    lead, support = set(tt.lead), set(tt.support)
    out: list[Unit] = []
    for name in tt.units:
        recognised, reason = tt.recognition.get(name, (True, None))
        role = UnitRole.LEAD if name in lead and not tt.lead_inferred else \
            UnitRole.SUPPORT if name in support and not tt.lead_inferred else UnitRole.UNKNOWN
        out.append(Unit(name=name, normalized=normalize_unit(name), role=role, recognised=recognised, reason=reason))
    return out


def _apply_instructions(tasks: list[Task], raw: list[dict[str, Any]]) -> None:
    """An instruction inside an annotation (``以下各项均需各地落实，不再列出``, ``…，下同``) applies to the tasks
    after it, within the same document part: its units are added to their ``unit_details`` marked
    ``inherited`` in ``inherited_units`` (``units``/``unit_details`` stay as written) and the instruction
    becomes a note."""
    active: list[tuple[str, list[str]]] = []
    part: str | None = None
    for task, t in zip(tasks, raw):
        here = (task.heading or "").split("/")[0] if "/" in (task.heading or "") else ""
        if here != part:
            active, part = [], here
        for note, units in active:
            names = set(task.units) | set(task.units_normalized)
            for u in units:
                if u not in names and normalize_unit(u) not in names:
                    task.inherited_units.append(Unit(name=u, normalized=normalize_unit(u), role=UnitRole.SUPPORT,
                                                     inherited=True))
            task.notes.append(f"沿用前文说明：{note}")
        if t.get("inherit"):
            note = next((n for n in task.notes if any(u in n for u in t["inherit"])), "")
            active.append((note, list(t["inherit"])))


def _apply_first_listed_rule(tasks: list[Task], texts: list[str]) -> None:
    """``列第一位者为牵头单位``: the first unit listed is the lead by the document's own rule — its role is
    ``lead`` (the rest ``support``) for the task whose annotation says so (and the later ones with 下同/以下), or
    every task after a paragraph stating it."""
    cfg = rules.load_json("annotations.json")
    pats = [re.compile(p) for p in cfg.get("first_listed_lead", {}).get("patterns", [])]
    scope = re.compile(cfg.get("instructions", {}).get("scope", "(?!)"))
    if not pats:
        return
    from_para: int | None = None
    for k, text in enumerate(texts):
        form = match_form(text)
        if any(p.search(form) for p in pats):
            own = [t for t in tasks if t.paragraph == k and t.annotation and any(p.search(match_form(t.annotation))
                                                                                 for p in pats)]
            if not own or scope.search(match_form(" ".join(t.annotation for t in own))):
                from_para = k
                break
            for t in own:
                _stated_lead(t)
    if from_para is None:
        return
    for t in tasks:
        if t.paragraph >= from_para:
            _stated_lead(t)


def _stated_lead(t: Task) -> None:
    """The roles follow the stated rule; ``lead_inferred`` keeps its contract meaning (no role word at the
    unit itself), so stored analyses and the corpus stay comparable."""
    if not t.lead_inferred or not t.unit_details or any(u.role is not UnitRole.UNKNOWN for u in t.unit_details):
        return
    for n, u in enumerate(t.unit_details):
        u.role = UnitRole.LEAD if n == 0 else UnitRole.SUPPORT
    t.notes.append("牵头单位按文件说明确定：列第一位者为牵头单位")


def _bigrams(text: str) -> set[str]:
    t = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff" or ch.isalnum())
    return {t[i:i + 2] for i in range(len(t) - 1)}


def _link_table_rows(tasks: list[Task], texts: list[str]) -> None:
    """A 分工 table row that details a task of the body (the table repeats or condenses its wording) is linked
    to it: most of the row's task wording (character pairs) appears in that body task."""
    if not any(t.form is TaskForm.TABLE for t in tasks):
        return
    body = [(t, _bigrams(t.body)) for t in tasks if t.form is TaskForm.ANNOTATION]
    if not body:
        return
    for t in tasks:
        if t.form is not TaskForm.TABLE:
            continue
        cells = texts[t.paragraph].split("\t")
        wording = max(cells, key=len) if cells else ""
        grams = _bigrams(wording)
        if len(grams) < 4:
            continue
        best, score = None, 0.0
        for cand, cg in body:
            s = len(grams & cg) / len(grams)
            if s > score:
                best, score = cand, s
        if best is not None and score >= 0.6:
            t.linked_task = best.id


def _unit_fields(units: list[str], lead: list[str], support: list[str], inferred: bool) -> dict[str, Any]:
    def norm(xs: list[str]) -> list[str]:
        return list(dict.fromkeys(normalize_unit(u) for u in xs))
    return {"units": units, "units_normalized": norm(units), "lead": norm(lead), "support": norm(support),
            "lead_inferred": inferred}


def _heading_para(headings: dict[str, Heading], hid: str | None) -> int:
    return headings[hid].paragraph if hid in headings else 0


def _toc_paragraphs(texts: list[str], start: int) -> set[int]:
    """A law's 目录: the chapter lines listed before the text repeats the first of them."""
    k = start - 1
    if k < 0 or no_space(texts[k]) != "目录":
        return set()
    first = no_space(texts[start]) if start < len(texts) else ""
    out: set[int] = set()
    for j in range(start, len(texts)):
        if j > start and no_space(texts[j]) == first:
            return out
        out.add(j)
    return set()
