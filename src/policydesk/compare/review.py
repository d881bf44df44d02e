"""What a reviewer reads first, derived from a ``compare/1`` result (typed; no Qt, no docx).

* :func:`review` → :class:`Review`: the 变化清单 (weakened commitments ``old → new``, 未承接 parent
  clauses with their full text, 新增 clauses; each item with the index of its pair in
  ``alignments``), the parent-order view, and the 照搬照抄 figures (share of the plan's text copied
  verbatim from its parents, per top-level section and for the whole plan).

The HTML report, the Word 对照表, the CLI summary and the GUI 对照 view all read this one object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..commitments import DIRECTION_NAMES, KIND_NAMES


@dataclass(slots=True)
class ChangeItem:
    pair: int                  # index into alignments
    clause_id: str
    clause_title: str
    kind: str                  # target | deadline | strength | scope | negation
    direction: str             # weaker | stronger | different
    parent: str
    plan: str
    parent_context: str
    plan_context: str

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)

    @property
    def direction_name(self) -> str:
        return DIRECTION_NAMES.get(self.direction, self.direction)

    @property
    def arrow(self) -> str:
        """``old → new`` as a reviewer reads it (``（删去）`` for a dropped commitment)."""
        return f"{self.parent or '（无）'} → {self.plan or '（删去）'}"


@dataclass(slots=True)
class UncoveredItem:
    reference: int
    reference_title: str
    clause_id: str
    clause_title: str
    text: str                  # full text, never cut
    nearest_pair: int | None   # the plan clause scoring best with it (below the match threshold)
    score: float


@dataclass(slots=True)
class NewItem:
    pair: int
    clause_id: str
    clause_title: str
    text: str


@dataclass(slots=True)
class ParentRow:
    reference: int
    reference_title: str
    clause_id: str
    clause_title: str
    status: str                # 承接 / 细化 (label of the pair it is matched in) / 已承接 / 未承接
    pairs: list[int]           # plan clauses whose best match it is (plan order)
    weakened: int              # weaker changes in those pairs
    cited: bool = False


@dataclass(slots=True)
class SectionCopy:
    section: str
    chars: int
    copied: int

    @property
    def share(self) -> float:
        return self.copied / self.chars if self.chars else 0.0


@dataclass(slots=True)
class Review:
    weakened: list[ChangeItem] = field(default_factory=list)
    other_changes: list[ChangeItem] = field(default_factory=list)
    uncovered: list[UncoveredItem] = field(default_factory=list)
    new: list[NewItem] = field(default_factory=list)
    parent_order: list[ParentRow] = field(default_factory=list)
    sections: list[SectionCopy] = field(default_factory=list)
    plan_chars: int = 0
    plan_copied: int = 0

    @property
    def copy_share(self) -> float:
        """Share of the plan's text copied verbatim from its parents (照搬照抄)."""
        return self.plan_copied / self.plan_chars if self.plan_chars else 0.0

    def weakened_pairs(self) -> set[int]:
        return {c.pair for c in self.weakened}


def best_match(alignment: dict[str, Any]) -> dict[str, Any] | None:
    """The best-scoring match, the one the label, changes and word diff come from (cited articles are listed
    before it in ``matches``)."""
    matches = alignment.get("matches") or []
    return max(matches, key=lambda m: m.get("score") or 0.0) if matches else None


def short_title(ref: dict[str, Any]) -> str:
    """How a reference is named in a report: its 文号, else its title."""
    return ref.get("doc_number") or ref.get("title") or ref.get("path") or "上级文件"


def review(result: dict[str, Any]) -> Review:
    rv = Review()
    refs = result.get("references") or []
    alignments = result.get("alignments") or []
    by_clause: dict[str, int] = {a["plan_clause"]["id"]: i for i, a in enumerate(alignments)}
    sections: dict[str, SectionCopy] = {}
    for i, a in enumerate(alignments):
        c = a["plan_clause"]
        for ch in a.get("changes") or []:
            item = ChangeItem(i, c["id"], c.get("title") or "", ch["kind"], ch["direction"], ch.get("parent", ""),
                              ch.get("plan", ""), ch.get("parent_context", ""), ch.get("plan_context", ""))
            (rv.weakened if ch["direction"] == "weaker" else rv.other_changes).append(item)
        if a["label"] == "新增":
            rv.new.append(NewItem(i, c["id"], c.get("title") or "", c["text"]))
        chars = int(a.get("chars") or 0)
        copied = int(a.get("copied_chars") or 0)
        name = a.get("section") or c["id"]
        sec = sections.setdefault(name, SectionCopy(name, 0, 0))
        sec.chars += chars
        sec.copied += copied
        rv.plan_chars += chars
        rv.plan_copied += copied
    rv.sections = list(sections.values())
    best_of: dict[tuple[int, str], list[int]] = {}
    for i, a in enumerate(alignments):
        if a["label"] != "新增" and a.get("matches"):
            m = best_match(a)
            best_of.setdefault((m["reference"], m["clause"]["id"]), []).append(i)
    for cov in result.get("coverage") or []:
        r = cov["reference"]
        rc = cov["clause"]
        rtitle = short_title(refs[r]) if 0 <= r < len(refs) else ""
        pairs = best_of.get((r, rc["id"]), [])
        if not pairs and cov.get("covered") and cov.get("plan_clause") in by_clause:
            pairs = [by_clause[cov["plan_clause"]]]
        if not cov.get("covered"):
            status = "未承接"
            near = by_clause.get(cov.get("nearest")) if cov.get("nearest") else None
            rv.uncovered.append(UncoveredItem(r, rtitle, rc["id"], rc.get("title") or "", rc["text"], near,
                                              float(cov.get("score") or 0.0)))
        else:
            labels = [alignments[p]["label"] for p in pairs]
            status = "承接" if "承接" in labels else ("细化" if labels else "已承接")
        weak = sum(1 for p in pairs for ch in alignments[p].get("changes") or [] if ch["direction"] == "weaker")
        rv.parent_order.append(ParentRow(r, rtitle, rc["id"], rc.get("title") or "", status, pairs, weak,
                                         bool(cov.get("cited"))))
    return rv
