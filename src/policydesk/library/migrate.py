"""Schema migrations, run on open after a backup (one transaction; then the file is compacted).

1 → 2: the text is no longer stored four times.  Each document's clause rows and jieba tokens
become one compressed blob, its stored counts one compressed vector blob (clause-level count rows
are dropped: they are re-hashed from the tokens when needed), the body column and the trigram
FTS table go (search uses the grams table and the stored analysis), and control characters
(issue 16) are removed from every stored string.  Nothing is re-read or re-tokenised.
"""

from __future__ import annotations

import logging
import sqlite3
import zlib
from pathlib import Path

import json

from . import codec, schema
from .backup import make_backup

log = logging.getLogger("policydesk.library")

_DOC_COLS = ("id, sha256, path, title, plan_title, doc_number, doc_number_key, title_key, plan_title_key, issuer, "
             "date, level, level_source, format, chars, n_clauses, added_at")


def migrate(conn: sqlite3.Connection, path: Path, version: int) -> None:
    make_backup(conn, path, f"v{version}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        current = int(row[0]) if row else version
        if current >= schema.SCHEMA_VERSION:          # another process migrated meanwhile
            conn.execute("ROLLBACK")
            return
        if current == 1:
            _v1_to_v2(conn)
        conn.execute("UPDATE schema_version SET version = ?", (schema.SCHEMA_VERSION,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("VACUUM")
    except sqlite3.OperationalError as e:              # busy: the file stays larger until the next VACUUM
        log.info("VACUUM after migration skipped: %s", e)
    log.info("library %s migrated from schema %s to %s", path, version, schema.SCHEMA_VERSION)


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE documents RENAME TO documents_v1")
    conn.execute("DROP INDEX IF EXISTS documents_docno")
    from .opening import init_tables
    has_grams = init_tables(conn)
    removed = 0
    for r in conn.execute(f"SELECT {_DOC_COLS}, analysis, body FROM documents_v1 ORDER BY id").fetchall():
        cols, analysis_blob, body = list(r[:17]), r[17], r[18]
        analysis = json.loads(zlib.decompress(analysis_blob).decode("utf-8"))
        analysis, n1 = codec.strip_controls(analysis)
        cols, n2 = codec.strip_controls(cols)
        body, n3 = codec.strip_controls(body or "")
        doc_id = cols[0]
        crow = conn.execute("SELECT clause_id, number, title, text, words FROM clauses WHERE doc_id = ? ORDER BY seq",
                            (doc_id,)).fetchall()
        crow, n4 = codec.strip_controls([list(x) for x in crow])
        removed += n1 + n2 + n3 + n4
        f = conn.execute("SELECT feature_version, dw_indices, dw_data, dc_indices, dc_data, fw_data, fc_data"
                         " FROM features WHERE doc_id = ?", (doc_id,)).fetchone()
        conn.execute(f"INSERT INTO documents({_DOC_COLS}, rules_version, analysis) VALUES ({','.join('?' * 19)})",
                     (*cols, str(analysis.get("rules_version") or ""), codec.pack_json(analysis)))
        if f is not None:
            import numpy as np
            fv, dwi, dwd, dci, dcd, fwd, fcd = f
            vec = codec.pack_vectors(np.frombuffer(dwi, np.int32), np.frombuffer(dwd, np.float32),
                                     np.frombuffer(fwd, np.float32), np.frombuffer(dci, np.int32),
                                     np.frombuffer(dcd, np.float32), np.frombuffer(fcd, np.float32))
            conn.execute("INSERT INTO doc_data(doc_id, feature_version, clauses, vectors) VALUES (?,?,?,?)",
                         (doc_id, fv, codec.pack_clause_rows(crow), vec))
        if has_grams:
            title = " ".join(filter(None, [cols[3], cols[4]]))
            conn.execute("INSERT INTO docs_grams(rowid, grams) VALUES (?, ?)",
                         (doc_id, codec.grams_of(title + "\n" + body)))
    for t in ("docs_fts", "clauses", "features", "documents_v1"):
        try:
            conn.execute(f"DROP TABLE IF EXISTS {t}")
        except sqlite3.OperationalError as e:         # an FTS5 table without FTS5 support: leave it
            log.warning("could not drop %s: %s", t, e)
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
    if removed:
        log.info("migration removed %d control characters from stored rows", removed)
