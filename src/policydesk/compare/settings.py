"""Weights and thresholds from ``resources/compare.json`` (user copy in POLICYDESK_HOME wins)."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class CompareSettings:
    word_weight: float = 0.6          # weight of the jieba-word cosine; the rest goes to character bigrams
    sublinear_tf: bool = True         # 1 + log(tf) instead of raw counts
    match: float = 0.25               # below: 新增 / 未承接
    verbatim: float = 0.7             # share of the plan clause in shared spans for 承接
    parent_verbatim: float = 0.5      # share of the parent clause surviving in the plan clause for 承接
    match_sure: float = 0.30          # at or above: matched whatever the second-best candidate scores
    match_margin: float = 1.05        # between match and match_sure: best must beat the second best by this ratio
    min_span: int = 4                 # shortest shared span reported (characters)
    matches_per_clause: int = 3
    shared_terms: int = 8
    reference_min_similarity: float = 0.2
    reference_relative: float = 0.6   # keep library documents within this ratio of the best one
    reference_max: int = 3
    document_word_weight: float = 0.5  # the same mix for ranking whole documents
    document_sublinear_tf: bool = False


@lru_cache(maxsize=1)
def load_settings() -> CompareSettings:
    from ..paths import resource
    try:
        data = json.loads(resource("compare.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return CompareSettings()
    names = {f.name for f in fields(CompareSettings)}
    return CompareSettings(**{k: v for k, v in data.items() if k in names})
