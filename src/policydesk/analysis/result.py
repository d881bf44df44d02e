"""The typed analysis result: what :func:`policydesk.analysis.analyze` returns and every consumer reads.

JSON (``policydesk.analysis/1``) exists only at the edges: :meth:`Analysis.to_json` for the CLI and the
library's storage, :meth:`Analysis.from_json` to read a stored one back.  Inside the product everything
uses these objects and their attributes, never dict keys.

Shapes (all lists in document order):

* :class:`Analysis` — ``source`` (:class:`~policydesk.model.SourceInfo`), ``meta`` (:class:`Meta`),
  ``headings`` (:class:`HeadingInfo`), ``tasks`` (:class:`Task`), ``units`` (:class:`UnitSummary`),
  ``paragraphs`` (:class:`ParagraphInfo`), ``warnings`` (:class:`AnalysisWarning`), ``rules_version``.
* :class:`Task` — one responsibility assignment; ``unit_details`` (:class:`Unit`) carries each unit as
  written with its normalised name, role (lead/support/unknown) and whether the unit rules recognised it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..model import SourceInfo

SCHEMA = "policydesk.analysis/1"


class Role(str, Enum):
    """What a paragraph is in the 公文."""
    NOTICE_TITLE = "notice_title"
    DOC_NUMBER = "doc_number"
    RECIPIENTS = "recipients"
    NOTICE_BODY = "notice_body"
    SIGNATURE = "signature"
    DATE = "date"
    PUBLICITY = "publicity"
    PLAN_TITLE = "plan_title"
    PREAMBLE = "preamble"
    HEADING = "heading"
    BODY = "body"
    ATTACHMENT = "attachment"
    OTHER = "other"


class TaskForm(str, Enum):
    """Where a task's responsibility assignment was read from."""
    ANNOTATION = "annotation"      # a bracketed or labelled note in the text
    TABLE = "table"                # a row of a 分工 table


class UnitRole(str, Enum):
    LEAD = "lead"                  # 牵头
    SUPPORT = "support"            # 配合 / 参与 / 按职责分工负责 …
    UNKNOWN = "unknown"            # listed without a role word (first one is taken as lead, ``lead_inferred``)


class WarningKind(str, Enum):
    UNPARSED_ANNOTATION = "unparsed_annotation"   # a bracket that looks like units but was not taken
    UNRECOGNISED_UNIT = "unrecognised_unit"       # a unit name the unit rules do not know (kept in the task)
    DOC_NUMBER = "doc_number"                     # a 文号 that needed repair or could not be normalised
    OTHER = "other"


@dataclass(slots=True)
class Citation:
    title: str | None = None
    doc_number: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "doc_number": self.doc_number}


@dataclass(slots=True)
class Meta:
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None                         # YYYY-MM-DD
    recipients: list[str] = field(default_factory=list)
    plan_title: str | None = None
    publicity: str | None = None
    cited: list[Citation] = field(default_factory=list)
    plan_titles: list[str] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)   # joint notices: every issuer (``issuer`` is the first)
    extra: dict[str, Any] = field(default_factory=dict)  # further keys the front-matter analysis reports

    _KNOWN = ("title", "doc_number", "issuer", "date", "recipients", "plan_title", "publicity", "cited",
              "plan_titles", "issuers")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"title": self.title, "doc_number": self.doc_number, "issuer": self.issuer,
                               "date": self.date, "recipients": list(self.recipients),
                               "plan_title": self.plan_title, "publicity": self.publicity,
                               "cited": [c.to_json() for c in self.cited], "plan_titles": list(self.plan_titles)}
        if self.issuers:
            out["issuers"] = list(self.issuers)
        out.update(self.extra)
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Meta:
        return cls(title=d.get("title"), doc_number=d.get("doc_number"), issuer=d.get("issuer"),
                   date=d.get("date"), recipients=list(d.get("recipients") or []),
                   plan_title=d.get("plan_title"), publicity=d.get("publicity"),
                   cited=[Citation(c.get("title"), c.get("doc_number")) for c in d.get("cited") or []],
                   plan_titles=list(d.get("plan_titles") or []), issuers=list(d.get("issuers") or []),
                   extra={k: v for k, v in d.items() if k not in cls._KNOWN})


@dataclass(slots=True)
class HeadingInfo:
    id: str                        # full number path: 一, 二（一）, 三（二）1., 第十五条, 附件1/一
    level: int                     # 1-4 as reported
    number: str                    # as printed: 一、 （一） 1. 第三章
    title: str
    paragraph: int                 # index into Analysis.paragraphs
    parent: str | None = None
    page: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "level": self.level, "number": self.number, "title": self.title,
                "page": self.page, "parent": self.parent, "paragraph": self.paragraph}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> HeadingInfo:
        return cls(id=d["id"], level=int(d["level"]), number=d.get("number", ""), title=d.get("title", ""),
                   paragraph=int(d.get("paragraph", 0)), parent=d.get("parent"), page=d.get("page"))


@dataclass(slots=True)
class Unit:
    """One responsible unit of a task, as written and as normalised."""
    name: str                      # as written
    normalized: str                # through the alias table
    role: UnitRole = UnitRole.UNKNOWN
    recognised: bool = True        # False: the unit rules do not know this kind of name (kept anyway)
    reason: str | None = None      # why it is not recognised (Chinese, for the user)
    inherited: bool = False        # added by an earlier annotation's instruction (…，下同), not written here

    def to_json(self) -> dict[str, Any]:
        out = {"name": self.name, "normalized": self.normalized, "role": self.role.value,
               "recognised": self.recognised, "reason": self.reason}
        if self.inherited:
            out["inherited"] = True
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Unit:
        return cls(name=d["name"], normalized=d.get("normalized", d["name"]),
                   role=UnitRole(d.get("role", "unknown")), recognised=bool(d.get("recognised", True)),
                   reason=d.get("reason"), inherited=bool(d.get("inherited", False)))


@dataclass(slots=True)
class Task:
    id: str                        # T1, T2 … in document order
    heading: str | None            # id of the heading it belongs to
    title: str | None              # that heading's title
    paragraph: int                 # index of the paragraph it ends
    text: str                      # the task's text with its annotation
    page: int | None
    annotation: str                # as written
    units: list[str]               # as written, in order
    units_normalized: list[str]
    lead: list[str]                # normalised
    support: list[str]             # normalised
    lead_inferred: bool
    targets: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    form: TaskForm = TaskForm.ANNOTATION
    unit_details: list[Unit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # instructions inside the annotation (以下各项均需各地落实…)
    linked_task: str | None = None  # a table row: id of the body task it details (wording matches); else None
    inherited_units: list[Unit] = field(default_factory=list)  # named by an earlier instruction (…，下同), not here

    @property
    def body(self) -> str:
        """The task's text without its annotation."""
        return self.text.replace(self.annotation, "").strip() if self.annotation else self.text

    @property
    def unrecognised_units(self) -> list[Unit]:
        return [u for u in self.unit_details if not u.recognised]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "heading": self.heading, "title": self.title, "paragraph": self.paragraph,
                "page": self.page, "text": self.text, "annotation": self.annotation, "units": list(self.units),
                "units_normalized": list(self.units_normalized), "lead": list(self.lead),
                "support": list(self.support), "lead_inferred": self.lead_inferred,
                "targets": list(self.targets), "deadlines": list(self.deadlines), "form": self.form.value,
                "unit_details": [u.to_json() for u in self.unit_details], "notes": list(self.notes),
                **({"linked_task": self.linked_task} if self.linked_task else {}),
                **({"inherited_units": [u.to_json() for u in self.inherited_units]} if self.inherited_units else {})}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Task:
        return cls(id=d["id"], heading=d.get("heading"), title=d.get("title"), paragraph=int(d["paragraph"]),
                   text=d.get("text", ""), page=d.get("page"), annotation=d.get("annotation", ""),
                   units=list(d.get("units") or []), units_normalized=list(d.get("units_normalized") or []),
                   lead=list(d.get("lead") or []), support=list(d.get("support") or []),
                   lead_inferred=bool(d.get("lead_inferred", False)), targets=list(d.get("targets") or []),
                   deadlines=list(d.get("deadlines") or []), form=TaskForm(d.get("form", "annotation")),
                   unit_details=[Unit.from_json(u) for u in d.get("unit_details") or []],
                   notes=list(d.get("notes") or []), linked_task=d.get("linked_task"),
                   inherited_units=[Unit.from_json(u) for u in d.get("inherited_units") or []])


@dataclass(slots=True)
class UnitSummary:
    name: str                      # normalised
    generic: bool                  # a placeholder such as 市有关部门, 各县（市、区）人民政府
    tasks: list[str] = field(default_factory=list)        # task ids
    lead_tasks: list[str] = field(default_factory=list)
    recognised: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "generic": self.generic, "tasks": list(self.tasks),
                "lead_tasks": list(self.lead_tasks), "recognised": self.recognised}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> UnitSummary:
        return cls(name=d["name"], generic=bool(d.get("generic", False)), tasks=list(d.get("tasks") or []),
                   lead_tasks=list(d.get("lead_tasks") or []), recognised=bool(d.get("recognised", True)))


@dataclass(slots=True)
class ParagraphInfo:
    index: int
    text: str                      # whitespace-normalised; a heading paragraph keeps its number
    page: int | None
    heading: str | None            # innermost heading id it is or falls under
    role: Role

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "page": self.page, "heading": self.heading,
                "role": self.role.value}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ParagraphInfo:
        return cls(index=int(d["index"]), text=d.get("text", ""), page=d.get("page"), heading=d.get("heading"),
                   role=Role(d.get("role", "other")))


@dataclass(slots=True)
class AnalysisWarning:
    """Something the analysis could not read with confidence; shown to the user, never silently dropped."""
    kind: WarningKind
    paragraph: int | None
    text: str                      # the text concerned, as written
    why: str                       # Chinese, for the user

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "paragraph": self.paragraph, "text": self.text, "why": self.why}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> AnalysisWarning:
        return cls(kind=WarningKind(d.get("kind", "other")), paragraph=d.get("paragraph"),
                   text=d.get("text", ""), why=d.get("why", ""))


@dataclass(slots=True)
class Analysis:
    source: SourceInfo
    meta: Meta
    headings: list[HeadingInfo] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    units: list[UnitSummary] = field(default_factory=list)
    paragraphs: list[ParagraphInfo] = field(default_factory=list)
    warnings: list[AnalysisWarning] = field(default_factory=list)
    rules_version: str = ""        # digest of the rule files it was made with (stored analyses are redone on change)

    # -- lookups used by every consumer -------------------------------------------------------------
    def heading(self, hid: str | None) -> HeadingInfo | None:
        if hid is None:
            return None
        for h in self.headings:
            if h.id == hid:
                return h
        return None

    def task(self, tid: str) -> Task | None:
        for t in self.tasks:
            if t.id == tid:
                return t
        return None

    def tasks_under(self, hid: str) -> list[Task]:
        """Tasks whose heading is ``hid`` or below it."""
        return [t for t in self.tasks if t.heading and (t.heading == hid or t.heading.startswith(hid))]

    # -- JSON at the edges ----------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "source": self.source.to_json(), "meta": self.meta.to_json(),
                "headings": [h.to_json() for h in self.headings], "tasks": [t.to_json() for t in self.tasks],
                "units": [u.to_json() for u in self.units], "paragraphs": [p.to_json() for p in self.paragraphs],
                "warnings": [w.to_json() for w in self.warnings], "rules_version": self.rules_version}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Analysis:
        src = d.get("source") or {}
        source = SourceInfo(path=src.get("path", ""), sha256=src.get("sha256", ""), format=src.get("format", ""),
                            pages=src.get("pages"), ocr_pages=list(src.get("ocr_pages") or []),
                            ocr_confidence=src.get("ocr_confidence"), warnings=list(src.get("warnings") or []))
        return cls(source=source, meta=Meta.from_json(d.get("meta") or {}),
                   headings=[HeadingInfo.from_json(h) for h in d.get("headings") or []],
                   tasks=[Task.from_json(t) for t in d.get("tasks") or []],
                   units=[UnitSummary.from_json(u) for u in d.get("units") or []],
                   paragraphs=[ParagraphInfo.from_json(p) for p in d.get("paragraphs") or []],
                   warnings=[AnalysisWarning.from_json(w) for w in d.get("warnings") or []],
                   rules_version=d.get("rules_version", ""))
