"""Score policydesk's reading + analysis against the hand-written truth of the real plans in ``tests/data/real``.

Each ``tests/data/real/<slug>/`` holds ``source.txt`` (the text as published, one paragraph a line),
``<slug>.docx`` and ``<slug>.pdf`` (laid out from it by ``make_forms.py``) and ``truth.json`` (written by
reading the text, never by running policydesk).  This module reads each form with the product's readers,
analyses it, and compares with the truth:

* tasks — truth and found tasks are paired by a sequence alignment (document order; a pair scores on
  the same unit multiset and the same heading id, so one miss does not shift every later pair).  Totals:
  ``units_exact`` (the paired found task lists exactly the truth's units as written, compared after
  normalising full/half-width forms and white space) and ``lead_right`` (see :func:`lead_ok`), both over the
  truth's tasks; ``extra`` counts found tasks paired with nothing.
* headings — precision and recall on ``(level, number, title)`` multisets.
* metadata — ``doc_number``, ``issuer``, ``date``, ``title``, ``plan_title``: one point each when equal
  (a null in the truth must be found as null).

The one place that turns a document into a typed :class:`~policydesk.analysis.result.Analysis` is
:func:`analyse`, so the switch to a typed ``analyze()`` is a one-line change there.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

REAL = Path(__file__).resolve().parent / "data" / "real"
FORMS = ("txt", "docx", "pdf")
META_FIELDS = ("doc_number", "issuer", "date", "title", "plan_title")
LEVELS = ("province", "city", "county", "national")

# the issue-11 "done when" thresholds, per form
TARGETS = {"units_exact": 0.97, "lead_right": 0.97, "heading_precision": 0.98, "heading_recall": 0.98,
           "meta": 0.95}


# --------------------------------------------------------------------------- corpus

@dataclass
class Entry:
    slug: str
    path: Path
    truth: dict[str, Any]

    def form_path(self, form: str) -> Path:
        return self.path / ("source.txt" if form == "txt" else f"{self.slug}.{form}")


def entries() -> list[Entry]:
    out = []
    for d in sorted(REAL.iterdir()) if REAL.exists() else []:
        tf = d / "truth.json"
        if d.is_dir() and tf.exists():
            out.append(Entry(d.name, d, json.loads(tf.read_text(encoding="utf-8"))))
    return out


# --------------------------------------------------------------------------- normalising

_WS = re.compile(r"\s+")


def norm(s: str | None) -> str:
    """Full/half-width and white space insensitive form of a unit, heading or metadata value."""
    if s is None:
        return ""
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("〔", "[").replace("〕", "]").replace("【", "[").replace("】", "]")
    return _WS.sub("", s)


def norm_title(s: str | None) -> str:
    return norm(s).rstrip("。.;；:：")


def norm_number(s: str | None) -> str:
    return norm(s).replace("．", ".")


_ARABIC_ENUM = re.compile(r"(?<![0-9])([0-9]+)、")


def norm_id(s: str | None) -> str:
    """A heading id path: ``一（一）1、`` and ``一(一)1.`` are the same path."""
    return _ARABIC_ENUM.sub(r"\1.", norm(s))


# --------------------------------------------------------------------------- analysing

def analyse(path: Path):
    """Read one form and analyse it into a typed Analysis (the only dict → object bridge here)."""
    from policydesk.analysis import analyze
    from policydesk.analysis.result import Analysis
    from policydesk.readers import read_document
    result = analyze(read_document(path))
    return result if isinstance(result, Analysis) else Analysis.from_json(result)


@lru_cache(maxsize=None)
def analysed(slug: str, form: str):
    e = next(x for x in entries() if x.slug == slug)
    return analyse(e.form_path(form))


# --------------------------------------------------------------------------- scoring

@dataclass
class TaskPair:
    truth: dict[str, Any] | None
    found: Any | None               # policydesk Task
    units_exact: bool = False
    heading_right: bool = False
    lead_right: bool = False


@dataclass(kw_only=True)
class Counts:
    """The points counted per document and summed over documents."""
    tasks_truth: int = 0
    units_exact: int = 0
    lead_right: int = 0
    heading_right: int = 0
    tasks_extra: int = 0
    headings_truth: int = 0
    headings_found: int = 0
    headings_tp: int = 0
    meta_total: int = 0
    meta_right: int = 0


@dataclass
class DocScore(Counts):
    slug: str
    form: str
    tasks_found: int = 0
    pairs: list[TaskPair] = field(default_factory=list)
    heading_missed: list[tuple] = field(default_factory=list)
    heading_extra: list[tuple] = field(default_factory=list)
    meta_wrong: list[tuple[str, Any, Any]] = field(default_factory=list)
    error: str | None = None

    @property
    def badness(self) -> float:
        """For ordering documents worst first: the share of points lost."""
        lost = (self.tasks_truth - self.units_exact) + (self.tasks_truth - self.lead_right) + self.tasks_extra
        lost += (self.headings_truth - self.headings_tp) + (self.headings_found - self.headings_tp)
        lost += self.meta_total - self.meta_right
        total = 2 * self.tasks_truth + self.headings_truth + self.meta_total or 1
        return lost / total + (1 if self.error else 0)


def found_units(t) -> list[str]:
    if getattr(t, "unit_details", None):
        return [u.name for u in t.unit_details]
    return list(t.units)


def found_lead_written(t) -> tuple[list[str], bool]:
    """The found lead units as written, and whether the lead was inferred (no 牵头-type word)."""
    if getattr(t, "unit_details", None):
        from policydesk.analysis.result import UnitRole
        lead = [u.name for u in t.unit_details if u.role == UnitRole.LEAD]
        if lead or not t.lead:
            return lead, bool(t.lead_inferred)
    from policydesk.analysis.units import normalize_unit
    wanted = set(t.lead)
    return [u for u in t.units if normalize_unit(u) in wanted or u in wanted], bool(t.lead_inferred)


def lead_ok(truth_task: dict[str, Any], found) -> bool:
    """Lead units right.  A truth lead (from 牵头 / 牵头单位 words, or from a rule the document states such as
    列第一位者为牵头单位，下同) must be found as the same units (a multiset, normalised); a truth task without
    any lead must not get an explicit lead (an inferred first-unit lead, ``lead_inferred: true``, is what the
    contract prescribes and counts as right).  Whether a found lead is flagged inferred is reported by
    :func:`lead_flag_ok`, not counted here."""
    if found is None:
        return False
    lead, inferred = found_lead_written(found)
    want = truth_task.get("lead") or []
    if want:
        return Counter(map(norm, lead)) == Counter(map(norm, want))
    return inferred or not lead


def lead_flag_ok(truth_task: dict[str, Any], found) -> bool:
    """A lead the document states (by words or by a stated rule) should not be reported as inferred."""
    if found is None or not truth_task.get("lead"):
        return True
    return not found_lead_written(found)[1]


def _pair_score(tt: dict[str, Any], ft) -> float:
    a, b = Counter(map(norm, tt["units"])), Counter(map(norm, found_units(ft)))
    same_units = a == b
    overlap = sum((a & b).values()) / max(1, sum((a | b).values()))
    same_heading = norm_id(tt.get("heading")) == norm_id(ft.heading)
    if not same_units and overlap == 0 and not same_heading:
        return 0.0
    if not same_units and overlap == 0:
        return 0.2                  # same heading, disjoint units: pair only when nothing better exists
    return 2.0 * same_units + 1.0 * same_heading + overlap


def align(truth_tasks: list[dict[str, Any]], found_tasks: list) -> list[TaskPair]:
    """Needleman–Wunsch style alignment maximising the summed pair score (gaps cost nothing)."""
    n, m = len(truth_tasks), len(found_tasks)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]       # 0 diag, 1 up (truth unpaired), 2 left (found extra)
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            cands = []
            if i and j:
                s = _pair_score(truth_tasks[i - 1], found_tasks[j - 1])
                if s > 0:
                    cands.append((best[i - 1][j - 1] + s, 0))
            if i:
                cands.append((best[i - 1][j], 1))
            if j:
                cands.append((best[i][j - 1], 2))
            best[i][j], move[i][j] = max(cands, key=lambda c: (c[0], -c[1]))
    pairs: list[TaskPair] = []
    i, j = n, m
    while i or j:
        mv = move[i][j]
        if mv == 0:
            pairs.append(TaskPair(truth_tasks[i - 1], found_tasks[j - 1]))
            i, j = i - 1, j - 1
        elif mv == 1:
            pairs.append(TaskPair(truth_tasks[i - 1], None))
            i -= 1
        else:
            pairs.append(TaskPair(None, found_tasks[j - 1]))
            j -= 1
    pairs.reverse()
    for p in pairs:
        if p.truth is not None and p.found is not None:
            p.units_exact = Counter(map(norm, p.truth["units"])) == Counter(map(norm, found_units(p.found)))
            p.heading_right = norm_id(p.truth.get("heading")) == norm_id(p.found.heading)
            p.lead_right = lead_ok(p.truth, p.found)
    return pairs


def heading_key(level: int, number: str, title: str) -> tuple:
    return (int(level), norm_number(number), norm_title(title))


def meta_value(analysis, name: str):
    m = analysis.meta
    return getattr(m, name, None)


def score(entry: Entry, form: str, analysis=None) -> DocScore:
    ds = DocScore(entry.slug, form)
    truth = entry.truth
    ds.tasks_truth = len(truth.get("tasks", []))
    ds.headings_truth = len(truth.get("headings", []))
    ds.meta_total = len(META_FIELDS)
    if analysis is None:
        try:
            analysis = analysed(entry.slug, form)
        except Exception as exc:        # a reader or analysis crash scores zero and is shown, never hidden
            ds.error = f"{type(exc).__name__}: {exc}"
            ds.heading_missed = [heading_key(h["level"], h["number"], h["title"]) for h in truth.get("headings", [])]
            ds.pairs = [TaskPair(t, None) for t in truth.get("tasks", [])]
            return ds
    # tasks
    found = list(analysis.tasks)
    ds.tasks_found = len(found)
    ds.pairs = align(truth.get("tasks", []), found)
    ds.units_exact = sum(p.units_exact for p in ds.pairs)
    ds.lead_right = sum(p.lead_right for p in ds.pairs)
    ds.heading_right = sum(p.heading_right for p in ds.pairs)
    ds.tasks_extra = sum(1 for p in ds.pairs if p.truth is None)
    # headings
    want = Counter(heading_key(h["level"], h["number"], h["title"]) for h in truth.get("headings", []))
    got = Counter(heading_key(h.level, h.number, h.title) for h in analysis.headings)
    ds.headings_found = sum(got.values())
    ds.headings_tp = sum((want & got).values())
    ds.heading_missed = sorted((want - got).elements())
    ds.heading_extra = sorted((got - want).elements())
    # metadata
    tm = truth.get("meta", {})
    for name in META_FIELDS:
        exp, val = tm.get(name), meta_value(analysis, name)
        ok = (norm(exp) == norm(val)) if exp else not val
        if name in ("title", "plan_title") and exp and val:
            ok = norm_title(exp) == norm_title(val)
        ds.meta_right += ok
        if not ok:
            ds.meta_wrong.append((name, exp, val))
    return ds


@dataclass
class Totals(Counts):
    form: str
    docs: int = 0
    errors: int = 0

    def add(self, d: DocScore) -> None:
        self.docs += 1
        self.errors += d.error is not None
        for f in fields(Counts):
            setattr(self, f.name, getattr(self, f.name) + getattr(d, f.name))

    def ratios(self) -> dict[str, float]:
        def r(a: int, b: int) -> float:
            return a / b if b else 1.0
        return {"units_exact": r(self.units_exact, self.tasks_truth),
                "lead_right": r(self.lead_right, self.tasks_truth),
                "heading_precision": r(self.headings_tp, self.headings_found),
                "heading_recall": r(self.headings_tp, self.headings_truth),
                "meta": r(self.meta_right, self.meta_total)}


def score_all(forms: tuple[str, ...] = FORMS, slugs: list[str] | None = None) -> tuple[dict[str, Totals], list[DocScore]]:
    totals = {f: Totals(f) for f in forms}
    docs: list[DocScore] = []
    for e in entries():
        if slugs and e.slug not in slugs:
            continue
        for f in forms:
            d = score(e, f)
            totals[f].add(d)
            docs.append(d)
    return totals, docs


# --------------------------------------------------------------------------- truth well-formedness

def check_truth(entry: Entry) -> list[str]:
    """Problems with one corpus entry's files and truth (empty when well-formed)."""
    bad: list[str] = []
    t = entry.truth
    for f in FORMS:
        p = entry.form_path(f)
        if not p.exists() or p.stat().st_size == 0:
            bad.append(f"missing {p.name}")
    src = entry.form_path("txt")
    text = src.read_text(encoding="utf-8") if src.exists() else ""
    if "\r" in text:
        bad.append("source.txt has CR line ends")
    s = t.get("source") or {}
    if not s.get("where") or not s.get("retrieved"):
        bad.append("source.where / source.retrieved missing")
    if t.get("level") not in LEVELS:
        bad.append(f"level {t.get('level')!r} not one of {LEVELS}")
    if not t.get("province"):
        bad.append("province missing")
    if any(x in (t.get("province") or "") for x in ("上海", "山东")) or "广州" in json.dumps(t.get("meta"), ensure_ascii=False):
        bad.append("documents from 上海 / 山东 / 广州 are reserved for independent checks")
    m = t.get("meta") or {}
    for name in META_FIELDS:
        if name not in m:
            bad.append(f"meta.{name} missing (null when absent)")
    if m.get("date") and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", m["date"]):
        bad.append(f"meta.date {m['date']!r} is not YYYY-MM-DD")
    flat = norm(text)
    for name in ("doc_number", "title", "plan_title"):
        v = m.get(name)
        if v and norm(v) not in flat:
            bad.append(f"meta.{name} {v!r} does not occur in source.txt")
    ids: list[str] = []
    stack: list[str] = []
    for h in t.get("headings") or []:
        if set(h) - {"level", "number", "title", "id"} or not {"level", "number", "title"} <= set(h):
            bad.append(f"heading keys {sorted(h)}")
            continue
        if h["level"] not in (1, 2, 3, 4):
            bad.append(f"heading level {h['level']}")
        if norm(h["number"] + h["title"]) not in flat and norm(h["title"]) not in flat:
            bad.append(f"heading {h['number']}{h['title']} does not occur in source.txt")
        if "id" in h:
            ids.append(h["id"])
        del stack[h["level"] - 1:]
        stack += [""] * (h["level"] - 1 - len(stack))
        stack.append(h["number"].rstrip("、") if h["level"] == 1 else h["number"])
    known = set(ids)
    for k, task in enumerate(t.get("tasks") or []):
        if not task.get("units") or not isinstance(task["units"], list):
            bad.append(f"task {k}: no units")
            continue
        for u in task["units"]:
            if not u or norm(u) not in flat:
                bad.append(f"task {k}: unit {u!r} does not occur in source.txt")
        for role in ("lead", "support"):
            if not isinstance(task.get(role), list):
                bad.append(f"task {k}: {role} is not a list")
            elif any(norm(x) not in {norm(u) for u in task["units"]} for x in task[role]):
                bad.append(f"task {k}: {role} {task[role]} not among its units")
        if known and task.get("heading") is not None and task["heading"] not in known:
            bad.append(f"task {k}: heading {task.get('heading')!r} is no heading id")
    return bad
