"""Weights and thresholds from ``resources/compare.json`` (user copy in POLICYDESK_HOME wins)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


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


def load_settings() -> CompareSettings:
    """The settings in force; a ``compare.json`` that does not parse or holds a wrong value is an error naming the
    file (never silent defaults)."""
    from ..rules import built_from_json
    return built_from_json("compare.json", _settings, (ValueError,))


def _settings(data: Any) -> CompareSettings:
    if not isinstance(data, dict):
        raise ValueError("应为一个 JSON 对象")
    out: dict[str, Any] = {}
    for f in fields(CompareSettings):
        if f.name in data:
            value, default = data[f.name], getattr(CompareSettings(), f.name)
            if isinstance(default, bool) != isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"“{f.name}”应为{'true/false' if isinstance(default, bool) else '数字'}")
            out[f.name] = value
    return CompareSettings(**out)
