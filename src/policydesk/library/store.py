"""The reference library: one SQLite file (stdlib ``sqlite3``, WAL, one transaction per import).

Each document is stored once, keyed by the sha256 of its content, with its ``analysis/1`` JSON,
level, clauses, jieba tokens and hashed clause/document term counts, so a comparison never
re-parses or re-tokenises a library document.  Search: FTS5 trigram index for queries of three
or more characters, ``instr`` over titles and text for shorter ones (and when FTS5 is missing).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

from ..errors import Cancelled, InputError, LibraryError, PolicydeskError
from ..textproc import normalize_doc_number, normalize_title
from . import schema
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
    """A reference library file.  Thread use: one Library per thread (sqlite3 connections are not shared)."""

    def __init__(self, path: str | os.PathLike, *, create: bool = True):
        self.path = Path(path)
        self._lock = threading.RLock()
        self._index: Any = None
        self._index_stamp: Any = None
        if not create and not self.path.exists():
            raise LibraryError(f"文档库不存在：{self.path}。请先用“policydesk library add”导入文件。", path=str(self.path))
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(str(self.path), timeout=10, check_same_thread=False)
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._init_schema()
        except sqlite3.DatabaseError as e:
            raise self._damaged(e) from e
        except OSError as e:
            raise LibraryError(f"无法打开文档库 {self.path}：{e.strerror or e}。请检查路径和权限。",
                               path=str(self.path)) from e

    # -- plumbing ---------------------------------------------------------------------------
    def _damaged(self, e: Exception) -> LibraryError:
        return LibraryError(f"文档库文件已损坏或不是 policydesk 文档库：{self.path}（{e}）。"
                            f"请从备份恢复，或用 --library 指定另一个文件重新导入。", path=str(self.path))

    def _init_schema(self) -> None:
        c = self._conn
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")}
        if tables and "schema_version" not in tables:
            raise LibraryError(f"{self.path} 不是 policydesk 文档库（缺少版本表）。请用 --library 指定文档库文件。",
                               path=str(self.path))
        with c:
            c.executescript(schema.TABLES)
            row = c.execute("SELECT version FROM schema_version").fetchone()
            if row is None:
                c.execute("INSERT INTO schema_version(version) VALUES (?)", (schema.SCHEMA_VERSION,))
            elif row[0] > schema.SCHEMA_VERSION:
                raise LibraryError(f"文档库 {self.path} 由更新版本的 policydesk 创建（版本 {row[0]}）。请升级 policydesk。",
                                   path=str(self.path))
            from ..textproc.tokenize import features_signature
            self.signature = features_signature()
            c.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('features', ?)", (self.signature,))
            try:
                c.execute(schema.FTS)
                self.has_fts = True
            except sqlite3.OperationalError:
                self.has_fts = False

    @property
    def stale(self) -> bool:
        """True when stored tokens were made with another user dictionary or feature version (run reindex)."""
        rows = self._query("SELECT value FROM meta WHERE key = 'features'")
        return bool(rows) and rows[0][0] != self.signature and bool(self._query("SELECT 1 FROM documents LIMIT 1"))

    def reindex(self, progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Rebuild clauses, tokens and features of every document from its stored analysis (no re-reading)."""
        from ..compare.document import prepare
        from ..textproc.tokenize import features_signature, reset_tokenizer
        reset_tokenizer()
        self.signature = features_signature()
        ids = [r[0] for r in self._query("SELECT id FROM documents ORDER BY id")]
        for n, doc_id in enumerate(ids):
            if cancel and cancel():
                raise Cancelled()
            if progress:
                progress(n, len(ids), str(doc_id))
            info = self.get(doc_id)
            doc = prepare(self.analysis(doc_id), level=info.level)
            blobs = _feature_blobs(doc)
            try:
                with self._lock, self._conn:
                    self._conn.execute("DELETE FROM clauses WHERE doc_id = ?", (doc_id,))
                    self._conn.execute("DELETE FROM features WHERE doc_id = ?", (doc_id,))
                    self._insert_derived(doc_id, doc, blobs)
            except sqlite3.DatabaseError as e:
                raise self._damaged(e) from e
        with self._lock, self._conn:
            self._conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('features', ?)", (self.signature,))
        if progress:
            progress(len(ids), len(ids), "")
        return len(ids)

    def _insert_derived(self, doc_id: int, doc, blobs: tuple) -> None:
        self._conn.executemany(
            "INSERT INTO clauses(doc_id, seq, clause_id, number, title, text, words) VALUES (?,?,?,?,?,?,?)",
            [(doc_id, i, c.id, c.number, c.title, c.text, " ".join(c.words or []))
             for i, c in enumerate(doc.clauses)])
        self._conn.execute(
            "INSERT INTO features(doc_id, feature_version, rows, w_indptr, w_indices, w_data, c_indptr,"
            " c_indices, c_data, dw_indices, dw_data, dc_indices, dc_data, fw_data, fc_data)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (doc_id,) + blobs)

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
        except sqlite3.DatabaseError as e:
            raise self._damaged(e) from e

    def _stamp(self) -> tuple:
        return tuple(self._query("SELECT count(*), coalesce(max(id), 0), coalesce(sum(chars), 0) FROM documents")[0]) + (
            self._query("PRAGMA data_version")[0][0],)

    # -- reading ----------------------------------------------------------------------------
    def list(self) -> list[DocumentInfo]:
        return [DocumentInfo(*r) for r in self._query(f"SELECT {_INFO_COLS} FROM documents ORDER BY id")]

    def get(self, doc_id: int) -> DocumentInfo:
        rows = self._query(f"SELECT {_INFO_COLS} FROM documents WHERE id = ?", (int(doc_id),))
        if not rows:
            raise LibraryError(f"文档库中没有编号为 {doc_id} 的文件（{self.path}）。请用“policydesk library list”查看编号。",
                               path=str(self.path))
        return DocumentInfo(*rows[0])

    def find_sha256(self, sha256: str) -> int | None:
        rows = self._query("SELECT id FROM documents WHERE sha256 = ?", (sha256,))
        return rows[0][0] if rows else None

    def analysis(self, doc_id: int) -> Analysis:
        rows = self._query("SELECT analysis FROM documents WHERE id = ?", (int(doc_id),))
        if not rows:
            self.get(doc_id)
        try:
            return Analysis.from_json(json.loads(zlib.decompress(rows[0][0]).decode("utf-8")))
        except (zlib.error, ValueError, TypeError) as e:
            raise self._damaged(e) from e

    def find_cited(self, title: str | None, doc_number: str | None) -> int | None:
        """The library document a citation names: by normalised 文号, else by title."""
        key = normalize_doc_number(doc_number)
        if key:
            rows = self._query("SELECT id FROM documents WHERE doc_number_key = ? ORDER BY id", (key,))
            if rows:
                return rows[0][0]
        tkey = normalize_title(title)
        if len(tkey) >= 4:
            rows = self._query("SELECT id FROM documents WHERE title_key = ? OR plan_title_key = ? ORDER BY id",
                               (tkey, tkey))
            if rows:
                return rows[0][0]
            if len(tkey) >= 10:
                rows = self._query(
                    "SELECT id FROM documents WHERE (length(title_key) >= 10 AND (instr(title_key, ?) > 0 OR instr(?, title_key) > 0))"
                    " OR (length(plan_title_key) >= 10 AND (instr(plan_title_key, ?) > 0 OR instr(?, plan_title_key) > 0))"
                    " ORDER BY id", (tkey, tkey, tkey, tkey))
                if rows:
                    return rows[0][0]
        return None

    def search(self, text: str, limit: int = 50) -> list[dict[str, Any]]:
        """Documents whose title or text contains ``text`` (any substring, two characters suffice)."""
        q = " ".join((text or "").split())
        if not q:
            return []
        if self.has_fts and len(q) >= 3:
            phrase = '"' + q.replace('"', '""') + '"'
            rows = self._query(
                f"SELECT {_INFO_COLS} FROM documents WHERE id IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)"
                " ORDER BY id LIMIT ?", (phrase, limit))
        else:
            rows = self._query(
                f"SELECT {_INFO_COLS} FROM documents WHERE instr(coalesce(title, ''), ?) > 0 OR "
                "instr(coalesce(plan_title, ''), ?) > 0 OR instr(body, ?) > 0 ORDER BY id LIMIT ?", (q, q, q, limit))
        out = []
        for r in rows:
            info = DocumentInfo(*r)
            body = self._query("SELECT body FROM documents WHERE id = ?", (info.id,))[0][0]
            pos = body.find(q)
            snippet = ""
            if pos >= 0:
                a, b = max(0, pos - 20), min(len(body), pos + len(q) + 20)
                snippet = ("…" if a else "") + body[a:b].replace("\n", " ") + ("…" if b < len(body) else "")
            d = info.to_json()
            d["snippet"] = snippet
            out.append(d)
        return out

    # -- writing ----------------------------------------------------------------------------
    def add(self, path: str | os.PathLike, *, level: str | None = None, read_options: Any = None,
            analysis: Analysis | None = None, cancel: Cancel | None = None) -> AddResult:
        """Import one file (or an already computed analysis of it).  Raises InputError if it cannot be read."""
        from ..compare.document import prepare
        if level is not None:
            level = parse_level_or_library_error(level)
        if analysis is None:
            from ..api import analyze_path
            analysis = analyze_path(path, read_options)
        sha = analysis.source.sha256
        if not sha:
            from ..fileio import sha256_file
            sha = sha256_file(path)
        existing = self.find_sha256(sha)
        if existing is not None:
            info = self.get(existing)
            return AddResult(str(path), existing, "exists", info.title, info.level)
        if cancel and cancel():
            raise Cancelled()
        doc = prepare(analysis, level=level)
        level_source = "given" if level else "guessed"
        body = "\n".join(p.text for p in analysis.paragraphs)
        if not body.strip():
            body = "\n".join(c.text for c in doc.clauses)
        if not body.strip():
            raise InputError(f"没有从 {path} 中读出正文，未导入。请确认文件内容完整。", path=str(path))
        meta = analysis.meta
        source = analysis.source
        blobs = _feature_blobs(doc)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        try:
            with self._lock, self._conn:
                cur = self._conn.execute(
                    "INSERT INTO documents(sha256, path, title, plan_title, doc_number, doc_number_key, title_key,"
                    " plan_title_key, issuer, date, level, level_source, format, chars, n_clauses, added_at, analysis, body)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (sha, str(source.path or path), meta.title, meta.plan_title,
                     meta.doc_number, normalize_doc_number(meta.doc_number),
                     normalize_title(meta.title), normalize_title(meta.plan_title),
                     meta.issuer, meta.date, doc.level, level_source, source.format,
                     len(body), len(doc.clauses), now,
                     zlib.compress(json.dumps(analysis.to_json(), ensure_ascii=False).encode("utf-8"), 6), body))
                doc_id = cur.lastrowid
                self._insert_derived(doc_id, doc, blobs)
                if self.has_fts:
                    self._conn.execute("INSERT INTO docs_fts(rowid, title, body) VALUES (?,?,?)",
                                       (doc_id, " ".join(filter(None, [meta.title, meta.plan_title])),
                                        body))
        except sqlite3.IntegrityError:
            existing = self.find_sha256(sha)
            if existing is not None:
                info = self.get(existing)
                return AddResult(str(path), existing, "exists", info.title, info.level)
            raise
        except sqlite3.DatabaseError as e:
            raise self._damaged(e) from e
        return AddResult(str(path), doc_id, "added", meta.title or meta.plan_title, doc.level)

    def add_many(self, paths: list[str], *, level: str | None = None, read_options: Any = None,
                 progress: Progress | None = None, cancel: Cancel | None = None) -> list[AddResult]:
        """Import each file on its own; a failure is recorded and the others are still imported."""
        results: list[AddResult] = []
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
        try:
            with self._lock, self._conn:
                self._conn.execute("DELETE FROM clauses WHERE doc_id = ?", (info.id,))
                self._conn.execute("DELETE FROM features WHERE doc_id = ?", (info.id,))
                if self.has_fts:
                    self._conn.execute("DELETE FROM docs_fts WHERE rowid = ?", (info.id,))
                self._conn.execute("DELETE FROM documents WHERE id = ?", (info.id,))
        except sqlite3.DatabaseError as e:
            raise self._damaged(e) from e
        return info

    def set_level(self, doc_id: int, level: str) -> DocumentInfo:
        lv = parse_level_or_library_error(level)
        info = self.get(doc_id)
        try:
            with self._lock, self._conn:
                self._conn.execute("UPDATE documents SET level = ?, level_source = 'given' WHERE id = ?", (lv, info.id))
        except sqlite3.DatabaseError as e:
            raise self._damaged(e) from e
        return self.get(doc_id)

    # -- comparison support -------------------------------------------------------------------
    def prepared(self, doc_id: int):
        """The stored document as a :class:`~policydesk.compare.document.PreparedDoc` (no re-tokenising)."""
        from ..compare.clauses import Clause
        from ..compare.document import PreparedDoc
        from ..compare.features import ClauseFeatures, csr_from_blobs
        info = self.get(doc_id)
        rows = self._query("SELECT clause_id, number, title, text, words FROM clauses WHERE doc_id = ? ORDER BY seq",
                           (info.id,))
        clauses = [Clause(id=r[0], number=r[1], title=r[2], text=r[3], words=r[4].split() if r[4] else [])
                   for r in rows]
        f = self._query("SELECT rows, w_indptr, w_indices, w_data, c_indptr, c_indices, c_data FROM features"
                        " WHERE doc_id = ?", (info.id,))
        if not f:
            raise self._damaged(RuntimeError(f"document {doc_id} has no features"))
        n, wp, wi, wd, cp, ci, cd = f[0]
        feats = ClauseFeatures([c.words or [] for c in clauses], csr_from_blobs(n, wp, wi, wd),
                               csr_from_blobs(n, cp, ci, cd))
        return PreparedDoc(id=info.id, path=info.path, sha256=info.sha256, title=info.title,
                           plan_title=info.plan_title, doc_number=info.doc_number, issuer=info.issuer,
                           level=info.level, clauses=clauses, features=feats)

    def index(self, sublinear: bool = False):
        """Weighted document vectors and frequencies of the whole library (cached until the library changes)."""
        from .index import LibraryIndex
        stamp = self._stamp() + (sublinear,)
        if self._index is None or self._index_stamp != stamp:
            self._index = None
            rows = self._query(
                "SELECT d.id, d.sha256, d.level, f.rows, f.dw_indices, f.dw_data, f.dc_indices, f.dc_data,"
                " f.fw_data, f.fc_data FROM documents d JOIN features f ON f.doc_id = d.id ORDER BY d.id")
            self._index = LibraryIndex.from_rows(rows, sublinear)
            self._index_stamp = stamp
        return self._index


def _feature_blobs(doc) -> tuple:
    import numpy as np
    from ..compare.features import csr_to_blobs
    from ..textproc.tokenize import FEATURE_VERSION
    f = doc.features
    n, wp, wi, wd = csr_to_blobs(f.word_counts)
    _, cp, ci, cd = csr_to_blobs(f.char_counts)
    dw, dc = doc.doc_counts()
    # clause document frequency of each column: how many of this document's clauses hold it
    _, fw_cnt = np.unique(f.word_counts.indices, return_counts=True)
    _, fc_cnt = np.unique(f.char_counts.indices, return_counts=True)
    # column_sums and np.unique both give sorted column indices: the three arrays line up
    return (FEATURE_VERSION, n, wp, wi, wd, cp, ci, cd,
            dw.indices.astype(np.int32).tobytes(), dw.data.astype(np.float32).tobytes(),
            dc.indices.astype(np.int32).tobytes(), dc.data.astype(np.float32).tobytes(),
            fw_cnt.astype(np.float32).tobytes(), fc_cnt.astype(np.float32).tobytes())


def describe_level(level: str) -> str:
    return f"{level_name(level)}（{level}）" if level in LEVELS else level
