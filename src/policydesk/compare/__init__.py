"""Comparison of a plan with higher-level documents (no Qt).

* :func:`compare_documents` — plan ``analysis/1`` (+ references) → ``compare/1`` dict.
* :func:`write_html` / :func:`write_docx` — the reviewer's reports.
* :func:`build_clauses` — the clauses of an analysed document.

jieba and scikit-learn are imported on first use only.
"""

from __future__ import annotations

from .clauses import Clause, build_clauses
from .engine import SCHEMA, compare_documents
from .settings import CompareSettings, load_settings


def write_html(result, path, *, force: bool = False):
    from .report_html import write_html as _w
    return _w(result, path, force=force)


def write_docx(result, path, *, force: bool = False):
    from .report_docx import write_docx as _w
    return _w(result, path, force=force)


__all__ = ["compare_documents", "build_clauses", "Clause", "SCHEMA", "CompareSettings", "load_settings",
           "write_html", "write_docx"]
