"""Word 对照表: plan clause | best reference clause | label and note (A4 landscape, East Asian fonts set).

Wording the plan changed or added is underlined in the first column; wording of the reference
clause the plan did not carry over is grey in the second.  Reference clauses no plan clause
reaches are listed after the table as 未承接.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..fileio import atomic_output
from ..levels import level_name

FONT_CN = "宋体"
FONT_TITLE = "黑体"
FONT_LATIN = "Times New Roman"


def _set_fonts(run_or_style, east_asia: str, latin: str = FONT_LATIN) -> None:
    from docx.oxml.ns import qn
    el = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    rpr = el.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr, val in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        rfonts.set(qn(attr), val)


def _run(par, text: str, *, bold=False, underline=False, grey=False, size=None, font=FONT_CN):
    from docx.shared import Pt, RGBColor
    r = par.add_run(text)
    r.bold = bold or None
    if underline:
        r.underline = True
    if grey:
        r.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    if size:
        r.font.size = Pt(size)
    _set_fonts(r, font)
    return r


def _marked(cell, text: str, spans: list[tuple[int, int]], *, mark_other: str) -> None:
    """Write ``text`` into ``cell``; characters outside ``spans`` underlined or grey (``mark_other``)."""
    par = cell.paragraphs[-1]
    pos = 0
    segments: list[tuple[str, bool]] = []
    for a, b in sorted(spans):
        if a > pos:
            segments.append((text[pos:a], False))
        segments.append((text[a:b], True))
        pos = max(pos, b)
    if pos < len(text):
        segments.append((text[pos:], False))
    for seg, shared in segments:
        for k, line in enumerate(seg.split("\n")):
            if k > 0:
                par = cell.add_paragraph()
            if not line:
                continue
            _run(par, line, underline=(not shared and mark_other == "underline"),
                 grey=(not shared and mark_other == "grey"), size=10.5)


def _set_landscape_a4(doc) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Cm(2.0))
    sec.top_margin = sec.bottom_margin = Cm(2.0)


def _repeat_header(row) -> None:
    from docx.oxml.ns import qn
    trpr = row._tr.get_or_add_trPr()
    el = trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    trpr.append(el)


def build_docx(result: dict[str, Any]):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    _set_landscape_a4(doc)
    for name in ("Normal", "Table Grid"):
        try:
            st = doc.styles[name]
        except KeyError:
            continue
        _set_fonts(st, FONT_CN)
        st.font.size = Pt(10.5)
    plan = result["plan"]
    refs = result["references"]
    t = doc.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(t, "与上级文件对照表", bold=True, size=18, font=FONT_TITLE)
    p = doc.add_paragraph()
    _run(p, "方案：", bold=True)
    _run(p, (plan.get("title") or plan.get("path") or "") + (f"（{plan['doc_number']}）" if plan.get("doc_number") else ""))
    for i, r in enumerate(refs):
        p = doc.add_paragraph()
        _run(p, f"对照文件[{i}]：", bold=True)
        _run(p, f"{r.get('title') or r.get('path')}" + (f"（{r['doc_number']}）" if r.get("doc_number") else "")
             + f"，{level_name(r.get('level') or 'other')}级，相似度 {r['similarity']:.2f}")
    missing = [c for c in result["citations"] if c["status"] == "missing"]
    if missing:
        p = doc.add_paragraph()
        _run(p, "引用但文档库中没有：", bold=True)
        _run(p, "；".join(f"《{c.get('title') or ''}》{c.get('doc_number') or ''}" for c in missing))
    counts = Counter(a["label"] for a in result["alignments"])
    p = doc.add_paragraph()
    _run(p, f"方案条款 {len(result['alignments'])} 条：承接 {counts.get('承接', 0)}，细化 {counts.get('细化', 0)}，"
            f"新增 {counts.get('新增', 0)}；上级条款未承接 {len(result['uncovered'])} 条。"
            "第一栏下划线为方案改写或新增的文字，第二栏灰色为上级条款中未沿用的文字。", size=10)

    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.autofit = False
    widths = (Cm(10.6), Cm(10.6), Cm(4.5))
    for col, w in zip(table.columns, widths):
        col.width = w
    for cell, head, w in zip(table.rows[0].cells, ("方案条款", "对应的上级条款", "对照结论"), widths):
        cell.width = w
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], head, bold=True, font=FONT_TITLE)
    _repeat_header(table.rows[0])
    for a in result["alignments"]:
        c = a["plan_clause"]
        cells = table.add_row().cells
        for cell, w in zip(cells, widths):
            cell.width = w
        best = a["matches"][0] if a["matches"] else None
        counterpart = best is not None and a["label"] != "新增"
        _run(cells[0].paragraphs[0], f"{c['id']}　", bold=True)
        cells0_spans = [tuple(s["plan"]) for s in best["shared_spans"]] if counterpart else []
        _marked(cells[0], c["text"], cells0_spans, mark_other="underline")
        if counterpart:
            rc = best["clause"]
            _run(cells[1].paragraphs[0], f"[{best['reference']}] {rc['id']}　", bold=True)
            _marked(cells[1], rc["text"], [tuple(s["ref"]) for s in best["shared_spans"]], mark_other="grey")
        else:
            _run(cells[1].paragraphs[0], "（上级文件中没有足够相近的条款）", grey=True)
        _run(cells[2].paragraphs[0], a["label"], bold=True)
        note = cells[2].add_paragraph()
        if best:
            text = f"得分 {best['score']:.2f}"
            if counterpart:
                text += f"；相同文字占 {a.get('shared_fraction', 0) * 100:.0f}%"
                if best.get("cited"):
                    text += "；方案明文引用该条"
                if best["shared_terms"]:
                    text += "；共同关键词：" + "、".join(best["shared_terms"][:5])
            _run(note, text, size=9)

    if result["uncovered"]:
        p = doc.add_paragraph()
        _run(p, "未承接的上级条款", bold=True, size=14, font=FONT_TITLE)
        ut = doc.add_table(rows=1, cols=3)
        ut.style = "Table Grid"
        for cell, head in zip(ut.rows[0].cells, ("对照文件", "条款", "内容")):
            _run(cell.paragraphs[0], head, bold=True, font=FONT_TITLE)
        _repeat_header(ut.rows[0])
        for u in result["uncovered"]:
            cells = ut.add_row().cells
            _run(cells[0].paragraphs[0], f"[{u['reference']}]")
            _run(cells[1].paragraphs[0], f"{u['clause']['id']}　{u['clause']['title']}")
            _run(cells[2].paragraphs[0], u["clause"]["text"][:300] + ("…" if len(u["clause"]["text"]) > 300 else ""),
                 size=9)
    return doc


def write_docx(result: dict[str, Any], path, *, force: bool = False):
    doc = build_docx(result)
    with atomic_output(path, force=force) as tmp:
        doc.save(str(tmp))
    return path
