"""The reference library: one SQLite file (stdlib ``sqlite3``, WAL, one transaction per import).

Each document is stored once, keyed by the sha256 of its content, with its compressed
``analysis/1`` JSON, level, clauses and jieba tokens (one blob) and its document term counts (one
blob), so a comparison never re-parses or re-tokenises a library document (schema and sizes:
:mod:`.schema`, :mod:`.codec`).  Search: the grams table narrows to documents holding every
character pair of the query, then the text is checked (any substring, one character suffices).
Opening, refusing and backups: :mod:`.opening`, :mod:`.backup`; the ranking index: :mod:`.index`.
"""

from __future__ import annotations

import builtins

import os
import sqlite3
import threading
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

from ..errors import Cancelled, LibraryError, PolicydeskError
from ..textproc import normalize_doc_number, normalize_title
from ..analysis.result import Analysis
from ..levels import LEVELS, level_name, parse_level_or_library_error

Progress = Callable[[int, int, str], None]     # (done, total, message)
Cancel = Callable[[], bool]


@dataclass(slots=True)
class AddResult:
    path: str
    id: int | None
    status: str                     # "added" | "exists" | "failed"
    title: str | None = None
    level: str | None = None
    error: str | None = None
    exit_code: int = 0

    def to_json(self) -> dict[str, Any]:
        d = {"path": self.path, "id": self.id, "status": self.status, "title": self.title, "level": self.level}
        if self.error:
            d["error"] = self.error
        return d


@dataclass(slots=True)
class DocumentInfo:
    id: int
    sha256: str
    path: str | None
    title: str | None
    plan_title: str | None
    doc_number: str | None
    issuer: str | None
    date: str | None
    level: str
    level_source: str
    chars: int
    n_clauses: int
    added_at: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "plan_title": self.plan_title, "doc_number": self.doc_number,
                "issuer": self.issuer, "date": self.date, "level": self.level, "level_source": self.level_source,
                "sha256": self.sha256, "path": self.path, "chars": self.chars, "clauses": self.n_clauses,
                "added_at": self.added_at}


_INFO_COLS = ("id, sha256, path, title, plan_title, doc_number, issuer, date, level, level_source, chars, "
              "n_clauses, added_at")


class Library:
    """A reference library file.  Thread use: one Library per thread (sqlite3 connections are not shared).

    ``read_only`` is True when the file (or its folder) cannot be written: reading, searching and
    comparing work, every write raises a LibraryError saying so.
    """

    def __init__(self, path: str | os.PathLike, *, create: bool = True, timeout: float | None = None,
                 read_only: bool = False):
        from .opening import BUSY_TIMEOUT, open_library
        self.path = Path(path)
        self.timeout = BUSY_TIMEOUT if timeout is None else float(timeout)
        self._lock = threading.RLock()
        self._index: Any = None
        self._writable_checked = False
        opened = open_library(self.path, create=create, timeout=self.timeout, want_write=not read_only)
        self._conn = opened.conn
        self.read_only = opened.read_only
        from ..textproc.tokenize import features_signature
        self.signature = features_signature()
        try:
            self.has_fts = bool(self._conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'docs_grams'").fetchone())
            if not self.read_only:
                missing = not self._conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE name = 'documents_titles'").fetchone()
                if missing or not self.has_fts:
                    self._begin_write()
                with self._conn:
                    if missing or not self.has_fts:
                        from .opening import init_tables
                        self.has_fts = init_tables(self._conn)
                    self._conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('features', ?)",
                                       (self.signature,))
        except sqlite3.Error as e:
            self._conn.close()
            raise self._error(e) from e

    # -- plumbing ---------------------------------------------------------------------------
    def _error(self, e: Exception) -> LibraryError:
        from .opening import classify
        return classify(self.path, e, self.timeout)

    def _damaged(self, e: Exception) -> LibraryError:
        from .opening import damaged
        return damaged(self.path, e)

    def _begin_write(self) -> None:
        """Before the first write: refuse read-only files, check integrity once, make the daily backup."""
        from . import backup
        from .opening import quick_check, read_only
        if self.read_only:
            raise read_only(self.path)
        if self._writable_checked:
            return
        try:
            quick_check(self._conn, self.path)
            if backup.due(self.path) and self._query("SELECT 1 FROM documents LIMIT 1"):
                try:
                    backup.make_backup(self._conn, self.path, "daily")
                except (OSError, sqlite3.Error) as e:
                    import logging
                    logging.getLogger("policydesk.library").warning("daily backup of %s failed: %s", self.path, e)
        except sqlite3.Error as e:
            raise self._error(e) from e
        self._writable_checked = True

    def _bump(self) -> None:
        self._conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    @property
    def stale(self) -> bool:
        """True when stored tokens were made with another user dictionary or feature version (run reindex)."""
        rows = self._query("SELECT value FROM meta WHERE key = 'features'")
        return bool(rows) and rows[0][0] != self.signature and bool(self._query("SELECT 1 FROM documents LIMIT 1"))

    def reindex(self, progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Rebuild clauses, tokens and counts of every document from its stored analysis (no re-reading)."""
        from ..textproc.tokenize import features_signature, reset_tokenizer
        from .record import make_record
        self._begin_write()
        reset_tokenizer()
        self.signature = features_signature()
        rows = self._query("SELECT id, level, level_source FROM documents ORDER BY id")
        for n, (doc_id, level, source) in enumerate(rows):
            if cancel and cancel():
                raise Cancelled()
            if progress:
                progress(n, len(rows), str(doc_id))
            rec = make_record(self.get(doc_id).path or "", self.analysis(doc_id),
                              level=level if source == "given" else None)
            try:
                with self._lock, self._conn:
                    self._replace_derived(doc_id, rec, level)
            except sqlite3.Error as e:
                raise self._error(e) from e
        with self._lock, self._conn:
            self._conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('features', ?)", (self.signature,))
            self._bump()
        if progress:
            progress(len(rows), len(rows), "")
        return len(rows)

    def _replace_derived(self, doc_id: int, rec, level: str) -> None:
        """Store a new analysis and what derives from it for an existing document (same transaction)."""
        if self.has_fts:
            self._delete_grams(doc_id)
        self._conn.execute("UPDATE documents SET analysis = ?, rules_version = ?, chars = ?, n_clauses = ?"
                           " WHERE id = ?", (rec.analysis_blob, rec.rules_version, rec.chars, rec.n_clauses, doc_id))
        self._conn.execute("INSERT OR REPLACE INTO doc_data(doc_id, feature_version, clauses, vectors)"
                           " VALUES (?,?,?,?)", (doc_id, rec.feature_version, rec.clauses_blob, rec.vectors_blob))
        if self.has_fts:
            self._conn.execute("INSERT INTO docs_grams(rowid, grams) VALUES (?, ?)", (doc_id, rec.grams))
        self._bump()

    def _delete_grams(self, doc_id: int) -> None:
        """Remove a document from the contentless grams table (needs the grams it was indexed with)."""
        from . import codec
        from .record import body_text, search_title
        row = self._conn.execute("SELECT title, plan_title, analysis FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if not row:
            return
        try:
            analysis = codec.unpack_json(row[2])
        except (zlib.error, ValueError):
            return
        grams = codec.grams_of(search_title(row[0], row[1]) + "\n" + body_text(analysis, self._clause_rows(doc_id)))
        self._conn.execute("INSERT INTO docs_grams(docs_grams, rowid, grams) VALUES ('delete', ?, ?)", (doc_id, grams))

    def close(self) -> None:
        try:
            self._conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        try:
            with self._lock:
                return self._conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as e:
            raise self._error(e) from e

    def generation(self) -> int:
        rows = self._query("SELECT value FROM meta WHERE key = 'generation'")
        return int(rows[0][0]) if rows else 0

    # -- reading ----------------------------------------------------------------------------
    def list(self) -> list[DocumentInfo]:
        return [DocumentInfo(*r) for r in self._query(f"SELECT {_INFO_COLS} FROM documents ORDER BY id")]

    def get(self, doc_id: int) -> DocumentInfo:
        rows = self._query(f"SELECT {_INFO_COLS} FROM documents WHERE id = ?", (int(doc_id),))
        if not rows:
            raise LibraryError(f"文档库中没有编号为 {doc_id} 的文件（{self.path}）。", path=str(self.path),
                               option="library_list")
        return DocumentInfo(*rows[0])

    def find_sha256(self, sha256: str) -> int | None:
        rows = self._query("SELECT id FROM documents WHERE sha256 = ?", (sha256,))
        return rows[0][0] if rows else None

    def same_notice(self, doc_number: str | None, title: str | None,
                    sha256: str | None = None) -> builtins.list[DocumentInfo]:
        """Stored documents with the same 文号 and title but other content (the same notice in another format)."""
        key, tkey = normalize_doc_number(doc_number), normalize_title(title)
        if not key or not tkey:
            return []
        rows = self._query(f"SELECT {_INFO_COLS} FROM documents WHERE doc_number_key = ? ORDER BY id", (key,))
        return [d for d in (DocumentInfo(*r) for r in rows)
                if normalize_title(d.title or d.plan_title) == tkey and d.sha256 != sha256]

    def analysis(self, doc_id: int) -> Analysis:
        """The stored analysis (as it was stored: see :meth:`current_analysis` for the rules check)."""
        from . import codec
        rows = self._query("SELECT analysis FROM documents WHERE id = ?", (int(doc_id),))
        if not rows:
            self.get(doc_id)
        try:
            return Analysis.from_json(codec.unpack_json(rows[0][0]))
        except (zlib.error, ValueError, TypeError) as e:
            raise self._damaged(e) from e

    def rules_version(self, doc_id: int) -> str:
        rows = self._query("SELECT rules_version FROM documents WHERE id = ?", (int(doc_id),))
        if not rows:
            self.get(doc_id)
        return rows[0][0] or ""

    def current_analysis(self, doc_id: int, rules_version: str,
                         redo: Callable[[Analysis, DocumentInfo], Analysis | None] | None = None
                         ) -> Analysis:
        """The hook for changed rules: the stored analysis if it was made with ``rules_version``, else
        ``redo(stored, info)`` (default :func:`reanalyze_source`: the source file again, if it is still
        there with the same content) stored in its place and returned.  When it cannot be redone
        (source gone, library read-only) the stored analysis is returned as it is.
        """
        stored = self.analysis(doc_id)
        if not rules_version or self.rules_version(doc_id) == rules_version:
            return stored
        info = self.get(doc_id)
        fresh = (redo or reanalyze_source)(stored, info)
        if fresh is None:
            return stored
        if not self.read_only:
            self.replace_analysis(doc_id, fresh)
        return fresh

    def replace_analysis(self, doc_id: int, analysis: Analysis) -> None:
        """Store a redone analysis of a document (its clauses, tokens, counts and grams follow)."""
        from .record import make_record
        info = self.get(doc_id)
        rec = make_record(info.path or "", analysis, level=info.level if info.level_source == "given" else None,
                          sha256=info.sha256)
        self._begin_write()
        try:
            with self._lock, self._conn:
                self._replace_derived(info.id, rec, info.level)
        except sqlite3.Error as e:
            raise self._error(e) from e

    def find_cited(self, title: str | None, doc_number: str | None) -> int | None:
        """The library document a citation names: by normalised 文号, else by title."""
        key = normalize_doc_number(doc_number)
        if key:
            rows = self._query("SELECT id FROM documents WHERE doc_number_key = ? ORDER BY id", (key,))
            if rows:
                return rows[0][0]
        tkey = normalize_title(title)
        if len(tkey) >= 4:
            titles = self._title_keys()
            exact = [i for i, t, p in titles if tkey in (t, p)]
            if exact:
                return exact[0]
            if len(tkey) >= 10:
                fuzzy = [i for i, t, p in titles
                         if (t and len(t) >= 10 and (tkey in t or t in tkey))
                         or (p and len(p) >= 10 and (tkey in p or p in tkey))]
                if fuzzy:
                    return fuzzy[0]
        return None

    def _title_keys(self) -> builtins.list[tuple[int, str | None, str | None]]:
        """(id, title key, plan title key) of every document, in id order (read from the covering index,
        cached until the library changes)."""
        gen = self.generation()
        cached = getattr(self, "_titles_cache", None)
        if cached is None or cached[0] != gen:
            rows = sorted(self._query("SELECT id, title_key, plan_title_key FROM documents"))
            cached = (gen, rows)
            self._titles_cache = cached
        return cached[1]

    def _clause_rows(self, doc_id: int) -> builtins.list[tuple]:
        from . import codec
        rows = self._conn.execute("SELECT clauses FROM doc_data WHERE doc_id = ?", (doc_id,)).fetchall()
        if not rows:
            return []
        try:
            return codec.unpack_clauses(rows[0][0])
        except (zlib.error, ValueError, TypeError) as e:
            raise self._damaged(e) from e

    def body(self, doc_id: int) -> str:
        from .record import body_text
        with self._lock:
            try:
                analysis = self.analysis(doc_id)
                if any(p.text for p in analysis.paragraphs):
                    return body_text(analysis)
                return body_text(analysis, self._clause_rows(doc_id))
            except sqlite3.Error as e:
                raise self._error(e) from e

    def search(self, text: str, limit: int = 50) -> builtins.list[dict[str, Any]]:
        """Documents whose title or text contains ``text`` (any substring; one character suffices)."""
        from . import codec
        from .record import body_text
        q = " ".join((text or "").split())
        if not q:
            return []
        if self.has_fts:
            candidates = [r[0] for r in self._query(
                "SELECT rowid FROM docs_grams WHERE docs_grams MATCH ? ORDER BY rowid", (codec.gram_query(q),))]
        else:
            candidates = [r[0] for r in self._query("SELECT id FROM documents ORDER BY id")]
        out: builtins.list[dict[str, Any]] = []
        for start in range(0, len(candidates), 64):
            chunk = candidates[start:start + 64]
            marks = ",".join("?" * len(chunk))
            rows = self._query(f"SELECT {_INFO_COLS}, analysis FROM documents WHERE id IN ({marks}) ORDER BY id", chunk)
            for r in rows:
                info = DocumentInfo(*r[:-1])
                try:
                    analysis = codec.unpack_json(r[-1])
                except (zlib.error, ValueError, TypeError) as e:
                    raise self._damaged(e) from e
                body = body_text(analysis)
                if not body.strip():
                    body = self.body(info.id)
                pos = body.find(q)
                if pos < 0 and q not in (info.title or "") and q not in (info.plan_title or ""):
                    continue
                snippet = ""
                if pos >= 0:
                    a, b = max(0, pos - 20), min(len(body), pos + len(q) + 20)
                    snippet = ("…" if a else "") + body[a:b].replace("\n", " ") + ("…" if b < len(body) else "")
                d = info.to_json()
                d["snippet"] = snippet
                out.append(d)
                if len(out) >= limit:
                    return out
        return out

    # -- writing ----------------------------------------------------------------------------
    def add(self, path: str | os.PathLike, *, level: str | None = None, read_options: Any = None,
            analysis: Analysis | None = None, cancel: Cancel | None = None) -> AddResult:
        """Import one file (or an already computed analysis of it).  Raises InputError if it cannot be read."""
        from .record import make_record
        if level is not None:
            level = parse_level_or_library_error(level)
        self._begin_write()
        if analysis is None:
            from ..fileio import sha256_file
            try:
                sha = sha256_file(path)
            except OSError:
                sha = None
            existing = self.find_sha256(sha) if sha else None
            if existing is not None:
                info = self.get(existing)
                return AddResult(str(path), existing, "exists", info.title, info.level)
            from ..api import analyze_path
            analysis = analyze_path(path, read_options)
        sha = analysis.source.sha256
        if sha:
            existing = self.find_sha256(sha)
            if existing is not None:
                info = self.get(existing)
                return AddResult(str(path), existing, "exists", info.title, info.level)
        if cancel and cancel():
            raise Cancelled()
        return self.store_record(make_record(str(path), analysis, level), str(path))

    def store_record(self, rec, path: str) -> AddResult:
        """Write one prepared :class:`~.record.Record` in one transaction (or find it already stored)."""
        self._begin_write()
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        try:
            with self._lock, self._conn:
                cur = self._conn.execute(
                    "INSERT INTO documents(sha256, path, title, plan_title, doc_number, doc_number_key, title_key,"
                    " plan_title_key, issuer, date, level, level_source, format, chars, n_clauses, rules_version,"
                    " analysis, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rec.row() + (now,))
                doc_id = cur.lastrowid
                self._conn.execute("INSERT INTO doc_data(doc_id, feature_version, clauses, vectors) VALUES (?,?,?,?)",
                                   (doc_id, rec.feature_version, rec.clauses_blob, rec.vectors_blob))
                if self.has_fts:
                    self._conn.execute("INSERT INTO docs_grams(rowid, grams) VALUES (?, ?)", (doc_id, rec.grams))
                self._bump()
        except sqlite3.IntegrityError:
            existing = self.find_sha256(rec.sha256)
            if existing is not None:
                info = self.get(existing)
                return AddResult(path, existing, "exists", info.title, info.level)
            raise
        except sqlite3.Error as e:
            raise self._error(e) from e
        return AddResult(path, doc_id, "added", rec.title or rec.plan_title, rec.level)

    def add_many(self, paths: builtins.list[str], *, level: str | None = None, read_options: Any = None,
                 progress: Progress | None = None, cancel: Cancel | None = None) -> builtins.list[AddResult]:
        """Import each file on its own; a failure is recorded and the others are still imported."""
        results: builtins.list[AddResult] = []
        for n, p in enumerate(paths):
            if cancel and cancel():
                raise Cancelled()
            if progress:
                progress(n, len(paths), str(p))
            try:
                results.append(self.add(p, level=level, read_options=read_options, cancel=cancel))
            except LibraryError:
                raise
            except (Cancelled, KeyboardInterrupt):
                raise
            except PolicydeskError as e:
                results.append(AddResult(str(p), None, "failed", error=str(e), exit_code=e.exit_code))
        if progress:
            progress(len(paths), len(paths), "")
        return results

    def remove(self, doc_id: int) -> DocumentInfo:
        info = self.get(doc_id)
        self._begin_write()
        try:
            with self._lock, self._conn:
                if self.has_fts:
                    self._delete_grams(info.id)
                self._conn.execute("DELETE FROM doc_data WHERE doc_id = ?", (info.id,))
                self._conn.execute("DELETE FROM documents WHERE id = ?", (info.id,))
                self._bump()
        except sqlite3.Error as e:
            raise self._error(e) from e
        return info

    def set_level(self, doc_id: int, level: str) -> DocumentInfo:
        lv = parse_level_or_library_error(level)
        info = self.get(doc_id)
        self._begin_write()
        try:
            with self._lock, self._conn:
                self._conn.execute("UPDATE documents SET level = ?, level_source = 'given' WHERE id = ?", (lv, info.id))
                self._bump()
        except sqlite3.Error as e:
            raise self._error(e) from e
        return self.get(doc_id)

    # -- comparison support -------------------------------------------------------------------
    def prepared(self, doc_id: int):
        """The stored document as a :class:`~policydesk.compare.document.PreparedDoc` (no re-tokenising:
        the clause count rows are re-hashed from the stored tokens)."""
        from ..compare.clauses import Clause
        from ..compare.document import PreparedDoc
        from ..compare.features import featurize_tokens
        from ..textproc import char_ngrams
        info = self.get(doc_id)
        with self._lock:
            try:
                rows = self._clause_rows(info.id)
            except sqlite3.Error as e:
                raise self._error(e) from e
        if not rows and info.n_clauses:
            raise self._damaged(RuntimeError(f"document {doc_id} has no clauses"))
        clauses = [Clause(id=r[0], number=r[1], title=r[2], text=r[3], words=r[4]) for r in rows]
        feats = featurize_tokens([c.words or [] for c in clauses], [char_ngrams(c.text) for c in clauses])
        return PreparedDoc(id=info.id, path=info.path, sha256=info.sha256, title=info.title,
                           plan_title=info.plan_title, doc_number=info.doc_number, issuer=info.issuer,
                           level=info.level, clauses=clauses, features=feats)

    def index_path(self) -> Path:
        return self.path.with_name(self.path.name + "-index")

    def index(self, sublinear: bool = False):
        """The ranking index (:class:`.index.LibraryIndex`): memory-mapped from the side file when it is
        current, else rebuilt from the stored counts (and saved when the library is writable)."""
        from .index import LibraryIndex
        stamp = {"generation": self.generation(), "sublinear": bool(sublinear), "signature": self._stored_signature()}
        if self._index is not None and self._index.stamp == stamp:
            return self._index
        self._index = None
        ipath = self.index_path()
        idx = LibraryIndex.load(ipath) if ipath.exists() else None
        if idx is None or idx.stamp != stamp:
            idx = None
            rows = self._query(
                "SELECT d.id, d.sha256, d.level, d.n_clauses, f.vectors FROM documents d"
                " JOIN doc_data f ON f.doc_id = d.id ORDER BY d.id")
            built = LibraryIndex.build(rows, sublinear, stamp)
            del rows
            if not self.read_only:
                try:
                    built.save(ipath)
                    idx = LibraryIndex.load(ipath)
                except OSError as e:
                    import logging
                    logging.getLogger("policydesk.library").info("library index not saved (%s): kept in memory", e)
            if idx is None or idx.stamp != stamp:
                idx = built
        self._index = idx
        return idx

    def _stored_signature(self) -> str:
        rows = self._query("SELECT value FROM meta WHERE key = 'features'")
        return rows[0][0] if rows else ""


def reanalyze_source(stored: Analysis, info: DocumentInfo) -> Analysis | None:
    """Analyse the document's source file again if it still exists with the same content, else None."""
    from ..fileio import sha256_file
    if not info.path or not os.path.isfile(info.path):
        return None
    try:
        if sha256_file(info.path) != info.sha256:
            return None
        from ..api import analyze_path
        return analyze_path(info.path)
    except (OSError, PolicydeskError):
        return None


def describe_level(level: str) -> str:
    return f"{level_name(level)}（{level}）" if level in LEVELS else level
