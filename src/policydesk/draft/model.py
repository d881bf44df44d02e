"""Renderer-independent shapes of a county draft (what :mod:`transform` makes and the writers consume)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .profiles import CountyProfile

# Segment kinds: how a piece of text is shown in Word.
TEXT = "text"              # plain
HEADING = "heading"        # heading number and title inside a paragraph (font of its level)
CONFIRM = "confirm"        # a mapped unit or phrase the drafter must confirm (highlight + comment)
FLAG = "flag"              # names another county (highlight + comment)
PLACEHOLDER = "placeholder"  # 【待补充：…】 (highlight)
TARGET = "target"          # a city target or deadline kept for reference (highlight)
HIGHLIGHTED = (CONFIRM, FLAG, PLACEHOLDER, TARGET)


@dataclass(slots=True)
class Segment:
    text: str
    kind: str = TEXT
    comment: str | None = None      # a Word comment anchored on this run
    level: int | None = None        # heading level for HEADING segments
    protected: bool = False         # inside 《》: never rewritten
    source: str | None = None       # the city text this segment replaces ("" = inserted); None = unchanged

    @property
    def city_text(self) -> str:
        return self.text if self.source is None else self.source

    @property
    def changed(self) -> bool:
        return self.source is not None and self.source != self.text


@dataclass(slots=True)
class Block:
    """One paragraph (or a table, for ``ledger``) of the output."""
    kind: str                       # title | body | heading | placeholder | attachment_note | signature | date | …
    segments: list[Segment] = field(default_factory=list)
    level: int | None = None        # heading level of a ``heading`` block
    comment: str | None = None      # comment anchored on the whole paragraph (source clause and notes)
    clause: str | None = None       # source clause id (二（一）) for task paragraphs
    task_ids: list[str] = field(default_factory=list)
    revision: str | None = None     # None | "inserted" (not in the city plan) | "deleted" (city text dropped)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def city_text(self) -> str:
        """The city plan's paragraph this block was made from ("" for an inserted block)."""
        return "".join(s.city_text for s in self.segments)


@dataclass(slots=True)
class LedgerRow:
    number: int
    part: str                       # 二、扩大对外开放
    clause: str                     # 二（一）
    task: str                       # heading title of the task
    lead: list[str]
    support: list[str]
    deadline: str
    progress: str = ""
    owner: str = ""
    notes: list[str] = field(default_factory=list)
    task_id: str = ""
    targets: list[str] = field(default_factory=list)     # the city's measurable targets in this task (analysis)
    deadlines: list[str] = field(default_factory=list)   # the city's deadlines in this task (analysis, as written)


@dataclass(slots=True)
class Change:
    part: str                       # part (level-1 heading) it happened in, or "标题"/"前言"
    kind: str                       # mapped | confirm | delete | flag | placeholder | self
    source: str
    target: str
    note: str = ""


@dataclass(slots=True)
class PartSummary:
    id: str
    title: str
    clauses: list[str] = field(default_factory=list)
    tasks: int = 0


@dataclass(slots=True)
class DraftOptions:
    wrapper: bool = False           # add the 印发通知 with its 版头
    fonts: str = "gb2312"           # gb2312 | windows
    copy_number: str | None = None  # 份号 (six digits) — slot shown only when given (or requested)
    secrecy: str | None = None      # 密级和保密期限
    urgency: str | None = None      # 紧急程度
    doc_number: str | None = None   # 发文字号 of the wrapper; else profile prefix + placeholders
    date: str | None = None         # 成文日期 (2021年6月3日); else a placeholder line
    ledger_attachment: bool = True  # the 重点任务分工表 as 附件 of the draft
    author: str = "policydesk"      # author of the Word comments and revisions
    track_changes: bool = False     # write every city → county edit as a Word revision (w:ins/w:del)
    revision_date: str = "2000-01-01T00:00:00Z"   # w:date of the revisions (reproducible output)


@dataclass(slots=True)
class DraftSource:
    title: str                      # the city plan's title
    doc_number: str | None
    issuer: str | None
    date: str | None
    cited: list[dict[str, Any]]
    path: str | None = None
    publicity: str | None = None    # the city plan's 附注, e.g. 此件公开发布


@dataclass(slots=True)
class DraftResult:
    profile: CountyProfile
    options: DraftOptions
    source: DraftSource
    title: str                      # county plan title (如东县关于推进全县…的实施方案)
    title_lines: list[str]
    blocks: list[Block]             # the plan (without title)
    ledger: list[LedgerRow]
    parts: list[PartSummary]
    changes: list[Change]
    warnings: list[str] = field(default_factory=list)
    decisions: Any = None           # decisions.AppliedDecisions: what was taken up, dropped (with reasons), merged
    title_source: str = ""          # the city plan's title the county title was made from
    # every block in city order, including the city paragraphs a decision dropped (revision "deleted"): what
    # --track-changes writes; ``blocks`` is the plain draft (the tracked sequence without the deleted blocks)
    tracked_blocks: list[Block] = field(default_factory=list)
    title_segments: list[Segment] = field(default_factory=list)   # the title over the city title (revisions)

    @property
    def placeholders(self) -> list[str]:
        out = []
        for b in self.blocks:
            out.extend(s.text for s in b.segments if s.kind == PLACEHOLDER)
        return out

    @property
    def text(self) -> str:
        return "\n".join([self.title, *(b.text for b in self.blocks)])
