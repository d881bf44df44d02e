"""Hashed term-count vectors of clauses (jieba words and character bigrams).

Counts are hashed (murmurhash3, stable across runs and machines) into ``N_FEATURES`` columns so
that a library can store each document's clause vectors once and a comparison stacks them
without a shared vocabulary.  Weighting (IDF, sublinear tf, normalisation) happens at compare time
in :mod:`.similarity`, because IDF depends on which documents are compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

N_FEATURES = 1 << 20


def _hasher():
    from sklearn.feature_extraction import FeatureHasher
    return FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False, dtype="float32")


@dataclass(slots=True)
class ClauseFeatures:
    """Term counts of a list of clauses: one row per clause."""
    words: list[list[str]]        # jieba tokens per clause (for explanations)
    word_counts: Any              # scipy.sparse.csr_matrix (n, N_FEATURES)
    char_counts: Any              # scipy.sparse.csr_matrix (n, N_FEATURES)

    def __len__(self) -> int:
        return len(self.words)


def featurize(texts: Sequence[str]) -> ClauseFeatures:
    from ..textproc import char_ngrams, words
    toks = [words(t) for t in texts]
    grams = [char_ngrams(t) for t in texts]
    return featurize_tokens(toks, grams)


def featurize_tokens(toks: list[list[str]], grams: list[list[str]]) -> ClauseFeatures:
    import numpy as np
    import scipy.sparse as sp
    if not toks:
        empty = sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
        return ClauseFeatures([], empty, empty.copy())
    h = _hasher()
    wc = h.transform(toks).tocsr()
    cc = h.transform(grams).tocsr()
    wc.sum_duplicates()
    cc.sum_duplicates()
    return ClauseFeatures(toks, wc, cc)


def csr_to_blobs(m) -> tuple[int, bytes, bytes, bytes]:
    import numpy as np
    m = m.tocsr()
    return (m.shape[0], m.indptr.astype(np.int32).tobytes(), m.indices.astype(np.int32).tobytes(),
            m.data.astype(np.float32).tobytes())


def csr_from_blobs(rows: int, indptr: bytes, indices: bytes, data: bytes):
    import numpy as np
    import scipy.sparse as sp
    return sp.csr_matrix((np.frombuffer(data, dtype=np.float32), np.frombuffer(indices, dtype=np.int32),
                          np.frombuffer(indptr, dtype=np.int32)), shape=(rows, N_FEATURES))


def column_sums(m):
    """1-row CSR of the column sums of ``m`` (sorted indices), without a dense intermediate."""
    import numpy as np
    import scipy.sparse as sp
    idx, inv = np.unique(m.indices, return_inverse=True)
    sums = np.bincount(inv, weights=m.data, minlength=len(idx)).astype(np.float32)
    return sp.csr_matrix((sums, idx.astype(np.int32), np.array([0, len(idx)], dtype=np.int32)),
                         shape=(1, N_FEATURES))
