"""Compact encodings of what the library stores for each document (schema 2).

* the analysis: ``analysis/1`` JSON, zlib-compressed (:func:`pack_json` / :func:`unpack_json`);
* the clauses: one zlib blob per document holding each clause's id, number, title, text and jieba
  tokens (the tokens follow their text, so zlib stores most of them as back-references);
* the vectors: one zlib blob per document with the document's hashed word and character-bigram
  counts and, per column, how many of its clauses hold it (sorted columns stored as deltas);
  clause-level count rows are not stored: they are re-hashed from the tokens when a document is
  compared (a few milliseconds);
* the search grams: the distinct characters and character pairs of a document's title and text,
  spelled as ASCII words (``u4e00``, ``4e00x4e8c``) for a contentless FTS5 table with ``detail=none``.

Nothing here touches SQLite: the functions run in import worker processes too.
"""

from __future__ import annotations

import json
import re
import zlib
from typing import Any

# control characters other than tab, newline and carriage return (issue 16): never stored
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(value: Any) -> tuple[Any, int]:
    """``value`` (str / list / dict, nested) without control characters, and how many were removed."""
    removed = 0

    def walk(v: Any) -> Any:
        nonlocal removed
        if isinstance(v, str):
            if _CONTROL.search(v):
                new, n = _CONTROL.subn("", v)
                removed += n
                return new
            return v
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            return {walk(k) if isinstance(k, str) else k: walk(x) for k, x in v.items()}
        return v

    return walk(value), removed


def pack_json(value: Any, level: int = 6) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), level)


def unpack_json(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


# -- clauses ---------------------------------------------------------------------------------
def pack_clauses(clauses) -> bytes:
    """Clauses (objects with id, number, title, text, words) → one blob."""
    return pack_json([[c.id, c.number, c.title, c.text, " ".join(c.words or [])] for c in clauses])


def pack_clause_rows(rows: list[tuple]) -> bytes:
    """(id, number, title, text, words-joined-by-spaces) rows → one blob (migration from schema 1)."""
    return pack_json([list(r) for r in rows])


def unpack_clauses(blob: bytes) -> list[tuple[str, str, str, str, list[str]]]:
    return [(r[0], r[1], r[2], r[3], r[4].split() if r[4] else []) for r in unpack_json(blob)]


# -- vectors ---------------------------------------------------------------------------------
_VEC_MAGIC = b"PDV1"


def pack_vectors(w_idx, w_cnt, w_clauses, c_idx, c_cnt, c_clauses) -> bytes:
    """Document counts of words and bigrams (sorted hashed columns, counts, clauses per column)."""
    import numpy as np
    parts = [_VEC_MAGIC, np.array([len(w_idx), len(c_idx)], dtype="<u4").tobytes()]
    for idx, cnt, ncl in ((w_idx, w_cnt, w_clauses), (c_idx, c_cnt, c_clauses)):
        idx = np.asarray(idx, dtype=np.int64)
        parts.append(np.diff(idx, prepend=0).astype("<u4").tobytes())
        parts.append(np.rint(np.asarray(cnt, dtype=np.float64)).astype("<u4").tobytes())
        parts.append(np.rint(np.asarray(ncl, dtype=np.float64)).astype("<u4").tobytes())
    return zlib.compress(b"".join(parts), 6)


def unpack_vectors(blob: bytes):
    """→ (w_idx int32, w_cnt float32, w_clauses float32, c_idx, c_cnt, c_clauses)."""
    import numpy as np
    raw = zlib.decompress(blob)
    if raw[:4] != _VEC_MAGIC:
        raise ValueError("not a vector blob")
    nw, nc = np.frombuffer(raw, dtype="<u4", count=2, offset=4)
    out = []
    off = 12
    for n in (int(nw), int(nc)):
        arrs = []
        for _ in range(3):
            arrs.append(np.frombuffer(raw, dtype="<u4", count=n, offset=off))
            off += 4 * n
        out.append(np.cumsum(arrs[0], dtype=np.int64).astype(np.int32))
        out.append(arrs[1].astype(np.float32))
        out.append(arrs[2].astype(np.float32))
    return tuple(out)


def document_vectors(features) -> bytes:
    """The vector blob of a document's :class:`~policydesk.compare.features.ClauseFeatures`."""
    import numpy as np
    from ..compare.features import column_sums
    parts = []
    for m in (features.word_counts, features.char_counts):
        s = column_sums(m)
        _, ncl = np.unique(m.indices, return_counts=True)     # sorted columns, as column_sums
        parts += [s.indices, s.data, ncl]
    return pack_vectors(*parts)


# -- search grams ----------------------------------------------------------------------------
def grams_of(text: str) -> str:
    """Distinct characters and character pairs of ``text`` (per line, whitespace runs as one space)."""
    pairs: set[str] = set()
    chars: set[str] = set()
    for line in text.split("\n"):
        s = " ".join(line.split())
        chars.update(s)
        pairs.update(map(str.__add__, s, s[1:]))
    hexes = {ch: format(ord(ch), "x") for ch in chars}
    return " ".join([f"u{h}" for h in hexes.values()] + [f"{hexes[p[0]]}x{hexes[p[1]]}" for p in pairs])


def _gram_word(g: str) -> str:
    if len(g) == 1:
        return f"u{ord(g):x}"
    return f"{ord(g[0]):x}x{ord(g[1]):x}"


def gram_query(q: str) -> str:
    """FTS5 query matching documents holding every character pair of ``q`` (a superset of the hits)."""
    if len(q) == 1:
        return _gram_word(q)
    return " AND ".join(sorted({_gram_word(q[i:i + 2]) for i in range(len(q) - 1)}))
