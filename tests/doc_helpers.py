"""Small synthetic documents for tests: plain-text Documents and Word files holding a task table."""

from __future__ import annotations

from pathlib import Path

from policydesk.model import Document, Paragraph, SourceInfo


def text_doc(*lines: str, hints: dict[int, int] | None = None, kinds: dict[int, str] | None = None) -> Document:
    """A txt Document of `lines`; `hints` gives heading levels and `kinds` paragraph kinds by line index."""
    paras = [Paragraph(text=t, heading_hint=(hints or {}).get(i), kind=(kinds or {}).get(i, "text"))
             for i, t in enumerate(lines)]
    return Document(SourceInfo(path="x.txt", sha256="0", format="txt"), paras)


def one_annotation(text: str):
    """The single annotation found in `text` (fails when there are none or several)."""
    from policydesk.analysis.annotations import find_annotations
    found = find_annotations(text)
    assert len(found) == 1, found
    return found[0]


def table_docx(rows: list[list[str]], title: str = "某县推进开发区建设实施方案", heading: str = "一、重点任务"):
    """A python-docx Document: a title, a heading, then a table of `rows`; returns (document, table)."""
    import docx
    d = docx.Document()
    d.add_paragraph(title)
    d.add_paragraph(heading)
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    return d, table


def save_docx(d, tmp_path: Path, name: str = "plan.docx") -> Path:
    path = tmp_path / name
    d.save(str(path))
    return path
