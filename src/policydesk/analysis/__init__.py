"""公文 analysis: pure functions from a :class:`~policydesk.model.Document` to the ``analysis/1`` dict.

(Provisional skeleton; the real analysis lands in this package.)
"""

from __future__ import annotations

from typing import Any

from ..model import Document

SCHEMA = "policydesk.analysis/1"


def analyze(doc: Document) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "source": doc.source.to_json(),
        "meta": {"title": None, "doc_number": None, "issuer": None, "date": None, "recipients": [],
                 "plan_title": None, "publicity": None, "cited": []},
        "headings": [],
        "tasks": [],
        "units": [],
    }
