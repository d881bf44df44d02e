"""Weights and thresholds from ``resources/compare.json`` (user copy in POLICYDESK_HOME wins)."""

from __future__ import annotations

from dataclasses import dataclass, fields


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
    """The settings in force; a ``compare.json`` that does not parse is an error (never silent defaults)."""
    from ..rules import load_json, rule_path
    data = load_json("compare.json")
    hit = _cache.get(id(data))
    if hit is not None and hit[0] is data:
        return hit[1]
    settings = _settings(data, str(rule_path("compare.json")))
    _cache.clear()
    _cache[id(data)] = (data, settings)
    return settings


_cache: dict[int, tuple[object, CompareSettings]] = {}


def _settings(data: dict, path: str) -> CompareSettings:
    from ..rules import RulesError
    if not isinstance(data, dict):
        raise RulesError(f"规则文件格式有误：{path}（应为一个 JSON 对象）。请改正该文件。", path=path)
    out = {}
    for f in fields(CompareSettings):
        if f.name in data:
            value, default = data[f.name], getattr(CompareSettings(), f.name)
            if isinstance(default, bool) != isinstance(value, bool) or not isinstance(value, (int, float)):
                raise RulesError(f"规则文件中的“{f.name}”取值不对：{path}（应为{'true/false' if isinstance(default, bool) else '数字'}）。"
                                 "请改正该文件。", path=path)
            out[f.name] = value
    return CompareSettings(**out)
