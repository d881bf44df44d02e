"""Word revisions (track changes) for ``--track-changes``: every city → county edit as ``w:ins``/``w:del``.

The draft is written over the city text: a segment that replaces city text (``Segment.source``) becomes a deleted run
with the city text followed by an inserted run with the county text; a block the county adds (goal placeholder,
merged or new task) is an inserted paragraph; a city paragraph a decision dropped is a deleted paragraph.  Accepting
every revision gives the plain draft, rejecting every revision gives the city plan's title and paragraphs.

:mod:`docx_writer` calls :func:`write_segments`, :func:`mark_paragraph`, :func:`title` and :func:`finish` when
``DraftOptions.track_changes`` is set (a small hook); nothing else in the writer knows about revisions.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .model import HEADING, Segment

W_INS, W_DEL = "w:ins", "w:del"
_FIRST_ID = 100000          # apart from comment ids (0…)


class _Ids:
    def __init__(self) -> None:
        self.next = _FIRST_ID


def _ids(writer: Any) -> _Ids:
    ids = getattr(writer, "_revision_ids", None)
    if ids is None:
        ids = _Ids()
        writer._revision_ids = ids
    return ids


def _revision_el(writer: Any, tag: str):
    el = OxmlElement(tag)
    ids = _ids(writer)
    el.set(qn("w:id"), str(ids.next))
    ids.next += 1
    el.set(qn("w:author"), writer.r.options.author)
    el.set(qn("w:date"), writer.r.options.revision_date)
    return el


def _wrap(writer: Any, r_el, tag: str) -> None:
    el = _revision_el(writer, tag)
    r_el.addprevious(el)
    el.append(r_el)
    if tag == W_DEL:
        for t in r_el.iter(qn("w:t")):
            t.tag = qn("w:delText")


def write_segments(writer: Any, p, segs: list[Segment], base_role: str = "body") -> list:
    """Runs for ``segs`` in paragraph ``p``: unchanged text plain, replaced city text deleted, county text inserted.

    Returns the python-docx runs (for comments), as the writer's own ``segments`` does."""
    from .docx_writer import HIGHLIGHT
    runs = []
    for s in segs:
        role = base_role
        if s.kind == HEADING and s.level:
            role = f"h{min(int(s.level), 4)}"
        hl = HIGHLIGHT.get(s.kind)
        seg_runs = []
        if s.source is not None and s.source != s.text:
            if s.source:
                r = writer.run(p, s.source, role=role)
                _wrap(writer, r._r, W_DEL)
                seg_runs.append(r)
            if s.text:
                r = writer.run(p, s.text, role=role, highlight=hl)
                _wrap(writer, r._r, W_INS)
                seg_runs.append(r)
        elif s.text:
            seg_runs.append(writer.run(p, s.text, role=role, highlight=hl))
        runs.extend(seg_runs)
        if s.comment and seg_runs:
            writer.comment(seg_runs[-1:], s.comment)
    return runs


def mark_paragraph(writer: Any, p, revision: str | None) -> None:
    """An inserted or deleted paragraph: its paragraph mark carries the revision (w:pPr/w:rPr/w:ins|w:del)."""
    if revision not in ("inserted", "deleted"):
        return
    ppr = p._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        after = [qn("w:sectPr"), qn("w:pPrChange")]
        anchor = next((c for c in ppr if c.tag in after), None)
        if anchor is not None:
            anchor.addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, _revision_el(writer, W_INS if revision == "inserted" else W_DEL))


def title(writer: Any, segs: list[Segment]) -> None:
    """The title over the city title (one paragraph; Word wraps it)."""
    p = writer.para("Title")
    size = writer.spec["sizes_pt"]["title"]
    for s in segs:
        if s.source is not None and s.source != s.text:
            if s.source:
                _wrap(writer, writer.run(p, s.source, role="title", size=size)._r, W_DEL)
            if s.text:
                _wrap(writer, writer.run(p, s.text, role="title", size=size)._r, W_INS)
        elif s.text:
            writer.run(p, s.text, role="title", size=size)


def finish(doc) -> None:
    """Keep comment anchors outside the revisions (so rejecting or accepting never orphans a comment)."""
    body = doc.element.body
    for tag in (W_INS, W_DEL):
        for el in list(body.iter(qn(tag))):
            kids = list(el)
            run_idx = [k for k, c in enumerate(kids)
                       if c.tag == qn("w:r") and c.find(".//" + qn("w:commentReference")) is None]
            if not run_idx:
                continue
            first, last = run_idx[0], run_idx[-1]
            for c in kids[:first]:
                el.addprevious(c)
            anchor = el
            for c in kids[last + 1:]:
                anchor.addnext(c)
                anchor = c


def accept_all(root) -> None:
    """Accept every revision in a document.xml tree (used by tests and the 对照表): drop w:del, unwrap w:ins."""
    _resolve(root, keep=W_INS, drop=W_DEL)


def reject_all(root) -> None:
    """Reject every revision: drop w:ins, unwrap w:del (w:delText → w:t)."""
    _resolve(root, keep=W_DEL, drop=W_INS)


def _resolve(root, *, keep: str, drop: str) -> None:
    k, d = qn(keep), qn(drop)
    # paragraphs whose mark is dropped merge into the next one: move their remaining content there
    paras = list(root.iter(qn("w:p")))
    for p in paras:
        ppr = p.find(qn("w:pPr"))
        rpr = ppr.find(qn("w:rPr")) if ppr is not None else None
        mark = rpr.find(d) if rpr is not None else None
        if mark is not None:
            content = [c for c in p if c.tag != qn("w:pPr")]
            nxt = p.getnext()
            while nxt is not None and nxt.tag != qn("w:p"):
                nxt = nxt.getnext()
            if nxt is not None:
                nppr = nxt.find(qn("w:pPr"))
                pos = 1 if nppr is not None else 0
                for c in content:
                    nxt.insert(pos, c)
                    pos += 1
            p.getparent().remove(p)
        elif rpr is not None:
            for m in rpr.findall(k):
                rpr.remove(m)
    for el in list(root.iter(d)):
        if el.getparent() is not None and el.getparent().tag != qn("w:rPr"):
            el.getparent().remove(el)
    for el in list(root.iter(k)):
        parent = el.getparent()
        if parent is None or parent.tag == qn("w:rPr"):
            continue
        for c in list(el):
            el.addprevious(c)
        parent.remove(el)
    for t in root.iter(qn("w:delText")):
        t.tag = qn("w:t")
