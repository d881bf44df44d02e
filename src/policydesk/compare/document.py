"""A document ready for comparison: its identity, clauses and clause term counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .clauses import Clause, build_clauses
from .features import ClauseFeatures, featurize


@dataclass(slots=True)
class PreparedDoc:
    id: int | None                 # library id, None for a file outside the library
    path: str | None
    sha256: str | None
    title: str | None
    plan_title: str | None
    doc_number: str | None
    issuer: str | None
    level: str
    clauses: list[Clause]
    features: ClauseFeatures
    cited: list[dict[str, Any]] = field(default_factory=list)

    @property
    def display_title(self) -> str:
        return self.title or self.plan_title or (self.path or "")

    def doc_counts(self):
        """Document-level term counts (sum of clause rows): (word, char) 1-row CSR matrices."""
        from .features import column_sums
        return column_sums(self.features.word_counts), column_sums(self.features.char_counts)


def prepare(analysis: dict[str, Any], *, id: int | None = None, level: str | None = None) -> PreparedDoc:
    """Clauses and features of an ``analysis/1`` dict (tokenises: call off the GUI thread)."""
    from ..library.levels import guess_level_from_analysis
    meta = analysis.get("meta") or {}
    source = analysis.get("source") or {}
    clauses = build_clauses(analysis)
    feats = featurize([c.text for c in clauses])
    for c, w in zip(clauses, feats.words):
        c.words = w
    return PreparedDoc(
        id=id, path=source.get("path"), sha256=source.get("sha256"), title=meta.get("title"),
        plan_title=meta.get("plan_title"), doc_number=meta.get("doc_number"), issuer=meta.get("issuer"),
        level=level or guess_level_from_analysis(analysis), clauses=clauses, features=feats,
        cited=list(meta.get("cited") or []))
