"""SQLite schema of the reference library and the migration from older versions.

Schema 2 (sized to its content): a document row holds its metadata and its compressed analysis;
``doc_data`` holds one compressed clause blob and one compressed vector blob per document (see
:mod:`.codec`); ``docs_grams`` is a contentless FTS5 table (``detail=none``) of the characters and
character pairs of each document, which narrows a search before the text is checked.
Schema 1 stored the text four times (body, FTS content, clause rows, analysis) and clause-level
count rows: 226 KB a document.
"""

from __future__ import annotations

SCHEMA_VERSION = 2
APPLICATION_ID = 0x50444C42          # "PDLB": set when the library creates the file

TABLES = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);   -- features signature, generation
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
    rules_version   TEXT NOT NULL DEFAULT '',  -- Analysis.rules_version the stored analysis was made with
    analysis        BLOB NOT NULL              -- analysis/1 JSON (with paragraphs), zlib-compressed UTF-8
);
CREATE INDEX IF NOT EXISTS documents_docno ON documents(doc_number_key);
CREATE INDEX IF NOT EXISTS documents_titles ON documents(title_key, plan_title_key);   -- citations: no table scan
CREATE TABLE IF NOT EXISTS doc_data (
    doc_id          INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    feature_version INTEGER NOT NULL,
    clauses         BLOB NOT NULL,             -- codec.pack_clauses: id, number, title, text, tokens
    vectors         BLOB NOT NULL              -- codec.pack_vectors: document word/bigram counts
);
"""

GRAMS = "CREATE VIRTUAL TABLE IF NOT EXISTS docs_grams USING fts5(grams, content='', detail=none, tokenize='ascii')"

V1_TABLES = ("clauses", "features")
