"""In-memory index of a library for ranking whole documents, built once and cached by :class:`Library`.

Holds each document's TF-IDF weighted, normalised word and bigram vectors (IDF over the library's
documents), the document frequencies needed to weigh a document from outside, and the clause-level
document frequencies used as background IDF for clause alignment.  Raw counts are not kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class LibraryIndex:
    ids: list[int]
    sha256: list[str]
    levels: list[str]
    sublinear: bool
    idf: Any                 # compare.similarity.Idf over library documents
    doc_word: Any            # csr (n_docs, N_FEATURES), weighted and L2-normalised
    doc_char: Any
    doc_df_word: Any         # numpy (N_FEATURES,) documents holding each column
    doc_df_char: Any
    clause_df_word: Any      # numpy (N_FEATURES,) library clauses holding each column
    clause_df_char: Any
    n_clauses: int

    @staticmethod
    def from_rows(rows: list[tuple], sublinear: bool) -> "LibraryIndex":
        import numpy as np
        import scipy.sparse as sp
        from ..compare.features import N_FEATURES
        from ..compare.similarity import Idf, weigh_block
        ids, shas, levels = [], [], []
        wi, wd, ci, cd, wptr, cptr, fw, fc = [], [], [], [], [0], [0], [], []
        n_clauses = 0
        for doc_id, sha, level, n, dwi, dwd, dci, dcd, fwd, fcd in rows:
            ids.append(doc_id)
            shas.append(sha)
            levels.append(level)
            a = np.frombuffer(dwi, dtype=np.int32)
            c = np.frombuffer(dci, dtype=np.int32)
            wi.append(a)
            wd.append(np.frombuffer(dwd, dtype=np.float32))
            ci.append(c)
            cd.append(np.frombuffer(dcd, dtype=np.float32))
            fw.append(np.frombuffer(fwd, dtype=np.float32))
            fc.append(np.frombuffer(fcd, dtype=np.float32))
            wptr.append(wptr[-1] + len(a))
            cptr.append(cptr[-1] + len(c))
            n_clauses += n

        def cat(parts, dtype):
            return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype=dtype)
        wi_all, ci_all = cat(wi, np.int32), cat(ci, np.int32)
        del wi, ci
        df_w = np.bincount(wi_all, minlength=N_FEATURES).astype(np.float32)
        df_c = np.bincount(ci_all, minlength=N_FEATURES).astype(np.float32)
        cdf_w = np.bincount(wi_all, weights=cat(fw, np.float32), minlength=N_FEATURES).astype(np.float32)
        cdf_c = np.bincount(ci_all, weights=cat(fc, np.float32), minlength=N_FEATURES).astype(np.float32)
        del fw, fc
        idf = Idf.from_counts(df_w, df_c, len(ids))
        shape = (len(ids), N_FEATURES)
        doc_word = weigh_block(sp.csr_matrix((cat(wd, np.float32), wi_all, np.array(wptr, dtype=np.int64)),
                                             shape=shape), idf.word, sublinear)
        del wd, wi_all
        doc_char = weigh_block(sp.csr_matrix((cat(cd, np.float32), ci_all, np.array(cptr, dtype=np.int64)),
                                             shape=shape), idf.char, sublinear)
        return LibraryIndex(ids, shas, levels, sublinear, idf, doc_word, doc_char, df_w, df_c, cdf_w, cdf_c,
                            n_clauses)

    def __len__(self) -> int:
        return len(self.ids)
