"""The ranking index of a library: document vectors by column, memory-mapped from a side file.

The library (SQLite) stores each document's hashed word and bigram counts once (``codec``).  This
index derives from them, for the whole library: the document IDF (smooth, as scikit-learn), each
document's TF-IDF weighted, L2-normalised word and bigram vectors stored **by column** (CSC: for a
hashed column, the documents holding it and their weights), the document frequencies needed to
weigh a document from outside, and the clause-level document frequencies used as background IDF.

It is written next to the library (``NAME-index``, a header and raw arrays) after the library
changed and opened with ``numpy.memmap``: a cold open reads the header only, and ranking a plan
reads just the columns the plan holds, so neither memory nor the open time grows with the whole
library.  The side file is a cache: deleting it costs one rebuild; it is rebuilt whenever the
library's generation (bumped by every write) or the weighting differs.

Interface for the comparison (``compare.engine``): ``len(index)``, ``ids``, ``sha256``, ``levels``,
``idf`` (``compare.similarity.Idf``), ``doc_df_word/char``, ``clause_df_word/char``, ``n_clauses``,
``sublinear`` and :meth:`LibraryIndex.similarities` (plan counts → one similarity per document).
"""

from __future__ import annotations

import json
import logging
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

log = logging.getLogger("policydesk.library")

MAGIC = b"PDIX"
FORMAT = 1
_ALIGN = 64


@dataclass(slots=True)
class LibraryIndex:
    ids: list[int]
    sha256: list[str]
    levels: list[str]
    sublinear: bool
    idf: Any                 # compare.similarity.Idf over library documents
    doc_df_word: Any         # numpy (N_FEATURES,) documents holding each column
    doc_df_char: Any
    clause_df_word: Any      # numpy (N_FEATURES,) library clauses holding each column
    clause_df_char: Any
    n_clauses: int
    # document counts by column: (indptr (N+1,), doc rows int32, counts uint16, per-document norms)
    word_cols: tuple = ()
    char_cols: tuple = ()
    stamp: dict = field(default_factory=dict)
    source: str = "built"    # "built" | "mapped"

    def __len__(self) -> int:
        return len(self.ids)

    # -- ranking -----------------------------------------------------------------------------
    def similarities(self, plan_word_counts, plan_char_counts, word_weight: float):
        """Cosine similarity of a plan (1-row count matrices) with every document: numpy (n_docs,).

        ``word_weight · cos(words) + (1 − word_weight) · cos(bigrams)``, the plan weighed with this
        library's IDF — the same figure as the dot product of the weighted rows, reading only the
        columns the plan holds.
        """
        import numpy as np
        from ..compare.similarity import weigh_block
        sims = np.zeros(len(self.ids), dtype=np.float64)
        if not self.ids:
            return sims
        for counts, idf_vec, cols, weight in ((plan_word_counts, self.idf.word, self.word_cols, word_weight),
                                              (plan_char_counts, self.idf.char, self.char_cols, 1.0 - word_weight)):
            q = weigh_block(counts, idf_vec, self.sublinear)
            if q.nnz == 0 or weight == 0:
                continue
            sims += weight * _column_dot(cols, idf_vec, self.sublinear, q.indices, q.data, len(self.ids))
        return sims

    # -- building ----------------------------------------------------------------------------
    @staticmethod
    def build(rows: Iterable[tuple], sublinear: bool, stamp: dict | None = None) -> "LibraryIndex":
        """From ``(id, sha256, level, n_clauses, vectors blob)`` rows in document order."""
        import numpy as np
        from ..compare.features import N_FEATURES
        from ..compare.similarity import Idf
        from .codec import unpack_vectors
        ids, shas, levels = [], [], []
        w_parts: list[tuple] = []
        c_parts: list[tuple] = []
        n_clauses = 0
        for doc_id, sha, level, n, blob in rows:
            wi, wc, wn, ci, cc, cn = unpack_vectors(blob)
            ids.append(int(doc_id))
            shas.append(sha)
            levels.append(level)
            w_parts.append((wi, wc, wn))
            c_parts.append((ci, cc, cn))
            n_clauses += int(n)
        n_docs = len(ids)
        blocks = {}
        for name, parts in (("word", w_parts), ("char", c_parts)):
            lens = np.fromiter((len(p[0]) for p in parts), dtype=np.int64, count=n_docs)
            idx = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int32)
            cnt = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.float32)
            df = np.bincount(idx, minlength=N_FEATURES).astype(np.float32)
            cdf = np.bincount(idx, weights=np.concatenate([p[2] for p in parts]) if parts else None,
                              minlength=N_FEATURES).astype(np.float32)
            blocks[name] = (lens, idx, cnt, df, cdf)
            parts.clear()
        idf = Idf.from_counts(blocks["word"][3], blocks["char"][3], n_docs)
        out_cols = {}
        # counts again, block by block, to keep one block's arrays in memory at a time
        for name, idf_vec in (("word", idf.word), ("char", idf.char)):
            lens, idx, cnt, df, cdf = blocks[name]
            out_cols[name] = _weigh_to_columns(idx, cnt, lens, idf_vec, sublinear, n_docs)
            blocks[name] = (df, cdf)
            del idx, cnt
        return LibraryIndex(ids, shas, levels, sublinear, idf, blocks["word"][0], blocks["char"][0],
                            blocks["word"][1], blocks["char"][1], n_clauses, out_cols["word"], out_cols["char"],
                            dict(stamp or {}))

    # -- the side file -----------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write atomically (a temporary file, then replace)."""
        import numpy as np
        arrays = {"cdf_word": self.clause_df_word, "cdf_char": self.clause_df_char,
                  "w_indptr": self.word_cols[0], "w_rows": self.word_cols[1], "w_counts": self.word_cols[2],
                  "w_norms": self.word_cols[3],
                  "c_indptr": self.char_cols[0], "c_rows": self.char_cols[1], "c_counts": self.char_cols[2],
                  "c_norms": self.char_cols[3]}
        layout = {}
        offset = 0
        for k, a in arrays.items():
            a = np.ascontiguousarray(a)
            arrays[k] = a
            layout[k] = [offset, a.dtype.str, list(a.shape)]
            offset += a.nbytes
            offset += (-offset) % _ALIGN
        header = json.dumps({"stamp": self.stamp, "sublinear": self.sublinear, "n_clauses": self.n_clauses,
                             "ids": self.ids, "sha256": self.sha256, "levels": self.levels,
                             "arrays": layout}, ensure_ascii=False).encode("utf-8")
        start = 16 + len(header)
        start += (-start) % _ALIGN
        tmp = path.with_name(path.name + f".tmp{os.getpid()}")
        try:
            with open(tmp, "wb") as f:
                f.write(MAGIC + struct.pack("<IQ", FORMAT, len(header)) + header)
                f.write(b"\0" * (start - 16 - len(header)))
                pos = 0
                for k, a in arrays.items():
                    off = layout[k][0]
                    if off > pos:
                        f.write(b"\0" * (off - pos))
                        pos = off
                    f.write(memoryview(a).cast("B"))
                    pos += a.nbytes
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                try:
                    tmp.unlink()
                except OSError:
                    pass

    @staticmethod
    def load(path: Path) -> "LibraryIndex | None":
        """Memory-map a side file; None when it is missing or unreadable (then it is rebuilt)."""
        import numpy as np
        from ..compare.similarity import Idf
        try:
            with open(path, "rb") as f:
                head = f.read(16)
                if len(head) < 16 or head[:4] != MAGIC:
                    return None
                fmt, hlen = struct.unpack("<IQ", head[4:])
                if fmt != FORMAT:
                    return None
                header = json.loads(f.read(hlen).decode("utf-8"))
            start = 16 + hlen
            start += (-start) % _ALIGN
            size = os.path.getsize(path)
            arrs = {}
            for k, (off, dtype, shape) in header["arrays"].items():
                n = int(np.prod(shape)) if shape else 1
                if start + off + n * np.dtype(dtype).itemsize > size:
                    return None
                arrs[k] = (np.memmap(path, dtype=dtype, mode="r", offset=start + off, shape=tuple(shape))
                           if n else np.zeros(shape, dtype=dtype))
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.info("library index %s not usable (%s): rebuilding", path, e)
            return None
        n_docs = len(header["ids"])
        # document frequency = column length; IDF from it (as at build time)
        df_w = np.diff(np.asarray(arrs["w_indptr"])).astype(np.float32)
        df_c = np.diff(np.asarray(arrs["c_indptr"])).astype(np.float32)
        return LibraryIndex(header["ids"], header["sha256"], header["levels"], bool(header["sublinear"]),
                            Idf.from_counts(df_w, df_c, n_docs), df_w, df_c,
                            arrs["cdf_word"], arrs["cdf_char"], int(header["n_clauses"]),
                            (arrs["w_indptr"], arrs["w_rows"], arrs["w_counts"], arrs["w_norms"]),
                            (arrs["c_indptr"], arrs["c_rows"], arrs["c_counts"], arrs["c_norms"]),
                            header.get("stamp") or {}, "mapped")


def _weigh_to_columns(idx, cnt, lens, idf_vec, sublinear: bool, n_docs: int) -> tuple:
    """Counts sorted by column (CSC) and each document's TF-IDF norm (weights = tf · idf / norm)."""
    import numpy as np
    from ..compare.features import N_FEATURES
    w = _tf(cnt, sublinear)
    w *= idf_vec[idx]
    rows = np.repeat(np.arange(n_docs, dtype=np.int32), lens)
    norms = np.sqrt(np.bincount(rows, weights=np.square(w, dtype=np.float64), minlength=n_docs)).astype(np.float32)
    norms[norms == 0] = 1.0
    del w
    order = np.argsort(idx, kind="stable")          # rows stay ascending inside a column
    indptr = np.zeros(N_FEATURES + 1, dtype=np.int64)
    np.cumsum(np.bincount(idx, minlength=N_FEATURES), out=indptr[1:])
    if indptr[-1] < 2**31:
        indptr = indptr.astype(np.int32)
    counts = np.minimum(cnt, 65535).astype(np.uint16)[order]
    return indptr, rows[order], counts, norms


def _tf(counts, sublinear: bool):
    import numpy as np
    w = np.array(counts, dtype=np.float32)
    if sublinear and len(w):
        np.log(w, out=w)
        w += 1.0
    return w


def _column_dot(cols: tuple, idf_vec, sublinear: bool, q_cols, q_vals, n_docs: int):
    """Σ over the query's columns of (document weight × query weight), per document, reading only
    the query's columns (document weight = tf · idf / the document's norm)."""
    import numpy as np
    import scipy.sparse as sp
    from ..compare.features import N_FEATURES
    indptr, rows, counts, norms = cols
    if len(rows) == 0:
        return np.zeros(n_docs, dtype=np.float64)
    q_cols = np.asarray(q_cols, dtype=np.int64)
    qw = np.asarray(q_vals, dtype=np.float32) * np.asarray(idf_vec[q_cols], dtype=np.float32)
    m = sp.csc_matrix((counts, rows, indptr), shape=(n_docs, N_FEATURES), copy=False)
    sub = m[:, q_cols]                      # copies just these columns' postings (C++)
    if sublinear or sub.dtype != np.float32:
        sub = sp.csc_matrix((_tf(sub.data, sublinear), sub.indices, sub.indptr), shape=sub.shape, copy=False)
    return np.asarray(sub @ qw, dtype=np.float64) / np.asarray(norms, dtype=np.float64)
