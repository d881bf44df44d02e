"""Finding the parents: linking a plan's citations to references, ranking library documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..levels import RANK
from ..textproc import normalize_doc_number, normalize_title
from .document import PreparedDoc
from .settings import CompareSettings


def matches_citation(doc: PreparedDoc, title: str | None, doc_number: str | None) -> bool:
    """Whether ``doc`` is the document a citation names (by normalised 文号, else by title)."""
    key = normalize_doc_number(doc_number)
    if key and key == normalize_doc_number(doc.doc_number):
        return True
    tkey = normalize_title(title)
    if len(tkey) < 4:
        return False
    for t in (doc.title, doc.plan_title):
        nt = normalize_title(t)
        if not nt:
            continue
        if nt == tkey or (len(tkey) >= 10 and len(nt) >= 10 and (tkey in nt or nt in tkey)):
            return True
    return False


@dataclass(slots=True)
class Ranked:
    index: int           # row in the library index
    id: int
    level: str
    similarity: float


def select_by_similarity(ranked: list[Ranked], plan_level: str, settings: CompareSettings) -> list[Ranked]:
    """Best library documents for a plan: of a higher level than the plan's, close to the best one.

    A document of the plan's own level (a sibling plan) or a lower one is never taken as a parent by
    similarity; only a citation makes it one (the caller links cited documents first).  A plan of
    unknown level (``other``) may take any document; a document of unknown level may be anyone's parent.
    """
    if not ranked:
        return []
    plan_rank = RANK.get(plan_level, 0)
    pool = [r for r in ranked if plan_rank == 0 or RANK.get(r.level, 0) > plan_rank or r.level == "other"]
    if not pool:
        return []
    pool = sorted(pool, key=lambda r: (-r.similarity, -RANK.get(r.level, 0), r.id))
    best = pool[0].similarity
    if best < settings.reference_min_similarity:
        return []
    chosen = [r for r in pool if r.similarity >= max(settings.reference_min_similarity,
                                                     settings.reference_relative * best)]
    return chosen[:max(1, settings.reference_max)]


def citation_entries(plan: PreparedDoc, refs: list[PreparedDoc], library: Any | None) -> list[dict[str, Any]]:
    """``citations`` of compare/1: each document the plan cites, linked to a reference or the library."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for c in plan.cited:
        title, docno = c.get("title"), c.get("doc_number")
        key = (normalize_title(title), normalize_doc_number(docno) or "")
        if key in seen or not any(key):
            continue
        seen.add(key)
        ref_index = next((i for i, r in enumerate(refs) if matches_citation(r, title, docno)), None)
        lib_id = refs[ref_index].id if ref_index is not None else None
        if ref_index is None and library is not None:
            lib_id = library.find_cited(title, docno)
            if lib_id is not None and plan.sha256 and library.get(lib_id).sha256 == plan.sha256:
                lib_id = None
        status = "linked" if (ref_index is not None or lib_id is not None) else "missing"
        out.append({"title": title, "doc_number": docno, "reference": lib_id, "status": status,
                    "reference_index": ref_index})
    return out
