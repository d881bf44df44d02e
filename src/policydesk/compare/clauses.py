"""Clauses: the smallest numbered items of a document that carry text, built from its typed analysis.

A clause is a heading with no sub-headings (a task, a （一） or 1. item, an article 第X条, a part
such as 一、总体要求 without sub-items) together with every paragraph under it.  A heading that has
sub-items but also its own body text (not a mere lead-in ending in ``：``) gives a clause of that
text too, so nothing a reviewer must see is dropped.  A document without numbered items falls back
to one clause per body paragraph (id ``第N段``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..analysis.result import Analysis, ParagraphInfo

_BODY_ROLES = {"heading", "body", "other", None}
_FALLBACK_ROLES = {"body", "preamble", "notice_body", "other"}


@dataclass(slots=True)
class Clause:
    id: str
    number: str
    title: str
    text: str                                   # as printed, number stripped, paragraphs joined by "\n"
    words: list[str] | None = field(default=None, repr=False)
    section: str | None = None                  # "一、总体要求": the top-level part the clause belongs to

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "number": self.number, "title": self.title, "text": self.text}


def _strip_number(text: str, number: str) -> str:
    t = text.lstrip()
    num = (number or "").strip()
    if num and t.startswith(num):
        return t[len(num):].lstrip()
    return t


def build_clauses(analysis: Analysis) -> list[Clause]:
    headings = analysis.headings
    paragraphs = analysis.paragraphs
    parents = {h.parent for h in headings if h.parent is not None}
    under: dict[str, list[ParagraphInfo]] = {}
    for p in paragraphs:
        hid = p.heading
        if hid is None or p.role.value not in _BODY_ROLES or not p.text.strip():
            continue
        under.setdefault(hid, []).append(p)
    by_id = {h.id: h for h in headings if h.id is not None}

    def section_of(h) -> str:
        top, guard = h, 0
        while top.parent is not None and top.parent in by_id and guard < 20:
            top, guard = by_id[top.parent], guard + 1
        return ((top.number or "") + (top.title or "")).strip() or str(top.id)

    clauses: list[Clause] = []
    seen: set[str] = set()
    for h in headings:
        hid = h.id
        if hid is None or hid in seen:
            continue
        seen.add(hid)
        number = h.number or ""
        title = h.title or ""
        own = under.get(hid, [])
        head_index = h.paragraph
        lines: list[str] = []
        body_chars = 0
        for p in own:
            text = p.text.strip()
            is_head = p.index == head_index or (head_index is None and p.role.value == "heading")
            if is_head:
                text = _strip_number(text, number)
                rest = text[len(title):].lstrip("。.：: ") if title and text.startswith(title) else text
                body_chars += len(rest) if not title or text.startswith(title) else len(text)
            else:
                body_chars += len(text)
            if text:
                lines.append(text)
        if not lines:
            lines = [title] if title else []
        if hid in parents:
            body = [ln for ln in lines if ln != title]
            if body_chars == 0 or not body or all(ln.rstrip().endswith(("：", ":")) for ln in body):
                continue
        if not lines:
            continue
        clauses.append(Clause(id=str(hid), number=number, title=title, text="\n".join(lines), section=section_of(h)))
    if clauses:
        return clauses
    n = 0
    for p in paragraphs:
        if p.role.value in _FALLBACK_ROLES and len(p.text.strip()) >= 10:
            n += 1
            text = p.text.strip()
            clauses.append(Clause(id=f"第{n}段", number="", title=text[:20], text=text))
    return clauses
