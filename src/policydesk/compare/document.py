"""A document ready for comparison: its identity, clauses and clause term counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..analysis.result import Analysis

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


def prepare(analysis: Analysis, *, id: int | None = None, level: str | None = None) -> PreparedDoc:
    """Clauses and features of an analysed document (tokenises: call off the GUI thread)."""
    from ..levels import guess_level_from_analysis
    meta = analysis.meta
    source = analysis.source
    clauses = build_clauses(analysis)
    feats = featurize([c.text for c in clauses])
    for c, w in zip(clauses, feats.words):
        c.words = w
    return PreparedDoc(
        id=id, path=source.path, sha256=source.sha256, title=meta.title,
        plan_title=meta.plan_title, doc_number=meta.doc_number, issuer=meta.issuer,
        level=level or guess_level_from_analysis(analysis), clauses=clauses, features=feats,
        cited=[c.to_json() for c in meta.cited])
