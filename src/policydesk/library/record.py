"""What the library stores for one document, computed without touching the database.

:func:`make_record` turns an ``analysis/1`` dict into a :class:`Record` (clauses, tokens, counts,
compressed blobs, search grams).  It is the slow part of an import and runs in worker processes
during a bulk import (:mod:`.bulk`); the parent only writes records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..textproc import normalize_doc_number, normalize_title
from ..analysis.result import Analysis
from . import codec


@dataclass(slots=True)
class Record:
    sha256: str
    path: str
    title: str | None
    plan_title: str | None
    doc_number: str | None
    issuer: str | None
    date: str | None
    level: str
    level_source: str
    format: str | None
    chars: int
    n_clauses: int
    rules_version: str
    analysis_blob: bytes
    feature_version: int
    clauses_blob: bytes
    vectors_blob: bytes
    grams: str

    def row(self) -> tuple:
        return (self.sha256, self.path, self.title, self.plan_title, self.doc_number,
                normalize_doc_number(self.doc_number), normalize_title(self.title), normalize_title(self.plan_title),
                self.issuer, self.date, self.level, self.level_source, self.format, self.chars, self.n_clauses,
                self.rules_version, self.analysis_blob)


def body_text(analysis: Analysis | dict[str, Any], clauses=None) -> str:
    """The document's text, paragraphs joined by newlines (clause texts when it has no paragraphs).
    Takes the typed analysis or, inside the store, its stored ``analysis/1`` JSON."""
    if isinstance(analysis, Analysis):
        body = "\n".join(p.text for p in analysis.paragraphs)
    else:
        body = "\n".join(p.get("text", "") for p in analysis.get("paragraphs") or [])
    if not body.strip() and clauses:
        body = "\n".join(c[3] if isinstance(c, (tuple, list)) else c.text for c in clauses)
    return body


def search_title(title: str | None, plan_title: str | None) -> str:
    return " ".join(filter(None, [title, plan_title]))


def make_record(path: str, analysis: Analysis, level: str | None = None, sha256: str | None = None) -> Record:
    """Raises InputError when the document has no text."""
    from ..compare.document import prepare
    from ..textproc.tokenize import FEATURE_VERSION
    data, _ = codec.strip_controls(analysis.to_json())
    analysis = Analysis.from_json(data)
    source = analysis.source
    sha = sha256 or source.sha256
    if not sha:
        from ..fileio import sha256_file
        sha = sha256_file(path)
    doc = prepare(analysis, level=level)
    body = body_text(analysis, doc.clauses)
    if not body.strip():
        raise InputError(f"没有从 {path} 中读出正文，未导入。请确认文件内容完整。", path=str(path))
    meta = analysis.meta
    return Record(
        sha256=sha, path=str(source.path or path), title=meta.title, plan_title=meta.plan_title,
        doc_number=meta.doc_number, issuer=meta.issuer, date=meta.date, level=doc.level,
        level_source="given" if level else "guessed", format=source.format, chars=len(body),
        n_clauses=len(doc.clauses), rules_version=analysis.rules_version,
        analysis_blob=codec.pack_json(data), feature_version=FEATURE_VERSION,
        clauses_blob=codec.pack_clauses(doc.clauses), vectors_blob=codec.document_vectors(doc.features),
        grams=codec.grams_of(search_title(meta.title, meta.plan_title) + "\n" + body))
