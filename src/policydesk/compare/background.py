"""The fixed background of clause IDF: document frequencies of a bundled set of public documents.

Clause-level IDF = the clauses of the documents compared (plan + references) plus this background
(``resources/compare_background.json``: hashed word and character-bigram document frequencies of
the clauses of public State Council documents).  Nothing else in the library counts, so importing
unrelated documents into the library changes no score and no label.  Rebuild the file with
``scripts/build_compare_background.py`` after changing the tokeniser.
"""

from __future__ import annotations

from typing import Any

from .features import N_FEATURES


_cache: dict[int, tuple[object, tuple[Any, Any, int]]] = {}


def _vectors(data: dict[str, Any]) -> tuple[Any, Any, int]:
    import numpy as np
    word = np.zeros(N_FEATURES, dtype=np.float32)
    char = np.zeros(N_FEATURES, dtype=np.float32)
    for vec, name in ((word, "word"), (char, "char")):
        cols = np.asarray(data[name]["columns"], dtype=np.int64)
        vec[cols] = np.asarray(data[name]["df"], dtype=np.float32)
    return word, char, int(data["clauses"])


def background_df() -> tuple[Any, Any, int]:
    """(word df, char df, number of clauses) of the bundled background (read through the rules loader)."""
    from ..rules import RulesError, load_json, rule_path
    data = load_json("compare_background.json")
    hit = _cache.get(id(data))
    if hit is not None and hit[0] is data:
        return hit[1]
    try:
        vecs = _vectors(data)
    except (KeyError, TypeError, ValueError, IndexError) as e:
        path = str(rule_path("compare_background.json"))
        raise RulesError(f"规则文件内容有误：{path}（{e}）。请运行 scripts/build_compare_background.py 重建。",
                         path=path) from e
    _cache.clear()
    _cache[id(data)] = (data, vecs)
    return vecs


def build_background(analyses: list[tuple[str, dict[str, Any]]], min_df: int = 2) -> dict[str, Any]:
    """The background JSON of ``(name, analysis/1)`` documents: df of each hashed column kept if ≥ ``min_df``."""
    import numpy as np
    from ..textproc.tokenize import features_signature
    from .clauses import build_clauses
    from .features import featurize
    from .similarity import document_frequency
    mats_w, mats_c, names = [], [], []
    for name, analysis in analyses:
        clauses = build_clauses(analysis)
        f = featurize([c.text for c in clauses])
        mats_w.append(f.word_counts)
        mats_c.append(f.char_counts)
        names.append(name)
    dfw, n = document_frequency(*mats_w)
    dfc, _ = document_frequency(*mats_c)
    out: dict[str, Any] = {"_comment": "Clause document frequencies of the background documents listed (hashed "
                                       "jieba words and character bigrams, columns with df >= %d), used with the "
                                       "compared documents for clause IDF. Built by scripts/build_compare_background.py."
                                       % min_df,
                           "signature": features_signature(), "documents": names, "clauses": n}
    for name, df in (("word", dfw), ("char", dfc)):
        cols = np.nonzero(df >= min_df)[0]
        out[name] = {"columns": [int(c) for c in cols], "df": [int(df[c]) for c in cols]}
    return out
