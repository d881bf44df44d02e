"""SQLite schema of the reference library (version table + migrations entry point)."""

from __future__ import annotations

SCHEMA_VERSION = 1

TABLES = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);   -- e.g. features signature
CREATE TABLE IF NOT EXISTS documents (
    id              INTEGER PRIMARY KEY,
    sha256          TEXT NOT NULL UNIQUE,      -- content hash: each document is stored once
    path            TEXT,                      -- where it was imported from (informative)
    title           TEXT,
    plan_title      TEXT,
    doc_number      TEXT,
    doc_number_key  TEXT,                      -- normalised 文号 (textproc.normalize_doc_number)
    title_key       TEXT,                      -- normalised title for citation matching
    plan_title_key  TEXT,
    issuer          TEXT,
    date            TEXT,
    level           TEXT NOT NULL,
    level_source    TEXT NOT NULL,             -- 'given' | 'guessed'
    format          TEXT,
    chars           INTEGER NOT NULL,
    n_clauses       INTEGER NOT NULL,
    added_at        TEXT NOT NULL,
    analysis        BLOB NOT NULL,             -- analysis/1 JSON (with paragraphs), zlib-compressed UTF-8
    body            TEXT NOT NULL              -- plain text, paragraphs joined by newlines (search)
);
CREATE INDEX IF NOT EXISTS documents_docno ON documents(doc_number_key);
CREATE TABLE IF NOT EXISTS clauses (
    doc_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    clause_id TEXT NOT NULL,
    number   TEXT NOT NULL,
    title    TEXT NOT NULL,
    text     TEXT NOT NULL,
    words    TEXT NOT NULL,                    -- jieba tokens joined by spaces
    PRIMARY KEY (doc_id, seq)
);
CREATE TABLE IF NOT EXISTS features (
    doc_id          INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    feature_version INTEGER NOT NULL,
    rows            INTEGER NOT NULL,
    w_indptr BLOB NOT NULL, w_indices BLOB NOT NULL, w_data BLOB NOT NULL,   -- clause x word counts (CSR)
    c_indptr BLOB NOT NULL, c_indices BLOB NOT NULL, c_data BLOB NOT NULL,   -- clause x char-bigram counts
    dw_indices BLOB NOT NULL, dw_data BLOB NOT NULL,                          -- document word counts
    dc_indices BLOB NOT NULL, dc_data BLOB NOT NULL,                          -- document bigram counts
    fw_data BLOB NOT NULL, fc_data BLOB NOT NULL                              -- clause document-frequency per column
);
"""

FTS = "CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(title, body, tokenize='trigram')"
