"""TF-IDF weighting of hashed counts and the combined word + character-bigram cosine.

``score(a, b) = w * cos(words_a, words_b) + (1 - w) * cos(bigrams_a, bigrams_b)`` where each side is
TF-IDF weighted (smooth IDF as scikit-learn's ``TfidfVectorizer``, optional sublinear tf) and
L2-normalised.  Implemented as one sparse product over ``[√w·Ŵ | √(1-w)·Ĉ]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .features import N_FEATURES


@dataclass(slots=True)
class Idf:
    word: Any          # numpy float32 (N_FEATURES,)
    char: Any

    @staticmethod
    def from_counts(word_df, char_df, n_docs: int) -> "Idf":
        import numpy as np
        n = float(max(n_docs, 1))
        w = (np.log((1.0 + n) / (1.0 + word_df)) + 1.0).astype(np.float32)
        c = (np.log((1.0 + n) / (1.0 + char_df)) + 1.0).astype(np.float32)
        return Idf(w, c)


def document_frequency(*mats) -> tuple[Any, int]:
    """Column document frequencies summed over CSR count matrices (rows = documents)."""
    import numpy as np
    df = np.zeros(N_FEATURES, dtype=np.float32)
    n = 0
    for m in mats:
        if m is None or m.shape[0] == 0:
            continue
        df += np.bincount(m.indices, minlength=N_FEATURES).astype(np.float32)
        n += m.shape[0]
    return df, n


def weigh_block(counts, idf_vec, sublinear: bool):
    """TF-IDF weighted, L2-normalised copy of one block (words or bigrams) of counts."""
    import numpy as np
    from sklearn.preprocessing import normalize
    m = counts.astype(np.float32, copy=True)
    if sublinear and m.nnz:
        np.log(m.data, out=m.data)
        m.data += 1.0
    m.data *= idf_vec[m.indices]
    if m.shape[0] == 0:
        return m
    return normalize(m, norm="l2", copy=False)


def weighted(word_counts, char_counts, idf: Idf, word_weight: float, sublinear: bool = True):
    """The combined, normalised representation whose dot products are the scores."""
    import math
    import scipy.sparse as sp
    w = weigh_block(word_counts, idf.word, sublinear)
    c = weigh_block(char_counts, idf.char, sublinear)
    w.data *= math.sqrt(word_weight)
    c.data *= math.sqrt(1.0 - word_weight)
    return sp.hstack([w, c], format="csr")


def cosine(a, b):
    """Dense (len(a), len(b)) matrix of dot products of two normalised CSR matrices."""
    return (a @ b.T).toarray()
