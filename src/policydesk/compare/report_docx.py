"""Word 对照表 (A4 landscape, East Asian fonts set).

First the 变化清单: weakened commitments ``old → new`` (with the clause each is in), the 未承接
parent clauses in full, the 新增 clauses, and the 照搬照抄 figures per section and for the whole
plan.  Then the table plan clause | parent clause | conclusion (label, changes, score, share of
identical wording): wording the plan changed or added is underlined in the first column, wording of
the parent clause the plan did not carry over is grey in the second.  Last, the parent-order view.
No text is ever cut; no column holds internal indexes (a reference is named by its 文号 or title).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..fileio import atomic_output
from ..levels import level_name
from .review import best_match, review, short_title

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


def _run(par, text: str, *, bold=False, underline=False, grey=False, size=None, font=FONT_CN, red=False,
         strike=False):
    from docx.shared import Pt, RGBColor
    r = par.add_run(text)
    r.bold = bold or None
    if underline:
        r.underline = True
    if grey:
        r.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    if red:
        r.font.color.rgb = RGBColor(0xB7, 0x1C, 0x1C)
    if strike:
        r.font.strike = True
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


def _word_diff(cell, ops: list[dict[str, Any]], weak_words: set[str]) -> None:
    """The plan clause as a word-level diff against its parent: replaced words ``old → new`` (old struck
    through, new underlined; red where a commitment is weakened), localisation in grey; parent sentences
    the plan dropped are left to the parent column (grey there)."""
    par = cell.paragraphs[-1]

    def put(text: str, **fmt) -> None:
        nonlocal par
        for k, line in enumerate(text.split("\n")):
            if k > 0:
                par = cell.add_paragraph()
            if line:
                _run(par, line, size=10.5, **fmt)

    for op in ops:
        kind, old, new = op["op"], op.get("parent", ""), op.get("plan", "")
        if kind == "equal":
            put(new)
            continue
        if kind == "delete" and not op.get("local") and len(old) > 30:
            continue
        local = bool(op.get("local"))
        weak = not local and any(w in old or w in new for w in weak_words)
        if old and kind in ("replace", "delete"):
            put(old, strike=True, grey=True)
            if new:
                put("→", grey=local, red=weak, bold=not local)
        if new:
            put(new, grey=local, red=weak, underline=not local, bold=weak)


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
        _run(p, "对照文件：" if len(refs) == 1 else f"对照文件{'一二三四五六七八九十'[i] if i < 10 else i + 1}：", bold=True)
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
            "第一栏：删除线为上级原文、“→”后下划线为方案改写或新增的文字，红色为弱化的承诺，灰色为本地化改动；"
            "第二栏灰色为上级条款中未沿用的文字。", size=10)

    rv = review(result)
    _heading(doc, "一、变化清单")
    p = doc.add_paragraph()
    _run(p, f"弱化的承诺 {len(rv.weakened)} 处（涉及方案条款 {len(rv.weakened_pairs())} 条）；未承接的上级条款 "
            f"{len(rv.uncovered)} 条；新增条款 {len(rv.new)} 条；照搬照抄 {rv.copy_share * 100:.0f}%"
            "（方案文字中与上级文件逐字相同的比例）。")
    _heading(doc, "（一）弱化的承诺", level=2)
    if not rv.weakened:
        _run(doc.add_paragraph(), "未发现弱化的指标、时限、力度、范围或禁止性要求。", grey=True)
    for c in rv.weakened:
        p = doc.add_paragraph()
        _run(p, f"{c.clause_id} {c.clause_title}　", bold=True)
        _run(p, f"{c.kind_name}弱化：")
        _run(p, c.parent or "（无）", red=True, strike=bool(c.parent))
        _run(p, " → ")
        _run(p, c.plan or "（删去）", red=True, bold=True)
        if c.plan_context or c.parent_context:
            _run(p, f"（{c.plan_context or c.parent_context}）", grey=True, size=9)
    _heading(doc, "（二）未承接的上级条款", level=2)
    if not rv.uncovered:
        _run(doc.add_paragraph(), "上级条款均已承接。", grey=True)
    for u in rv.uncovered:
        p = doc.add_paragraph()
        _run(p, f"{u.reference_title}　{u.clause_id} {u.clause_title}", bold=True)
        for line in u.text.split("\n"):
            _run(doc.add_paragraph(), line, size=10)
    _heading(doc, "（三）新增条款", level=2)
    if not rv.new:
        _run(doc.add_paragraph(), "无。", grey=True)
    for n in rv.new:
        _run(doc.add_paragraph(), f"{n.clause_id} {n.clause_title}")
    _heading(doc, "（四）照搬照抄", level=2)
    for sec in rv.sections:
        _run(doc.add_paragraph(), f"{sec.section}：{sec.chars} 字，与上级文件逐字相同 {sec.share * 100:.0f}%")
    _run(doc.add_paragraph(), f"全文：{rv.plan_chars} 字，与上级文件逐字相同 {rv.copy_share * 100:.0f}%", bold=True)
    _heading(doc, "二、逐条对照表（按方案顺序）")

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
        best = best_match(a)
        counterpart = best is not None and a["label"] != "新增"
        _run(cells[0].paragraphs[0], f"{c['id']}　", bold=True)
        if counterpart and a.get("word_diff"):
            weak_words = {ch[k] for ch in a.get("changes") or [] if ch["direction"] == "weaker"
                          for k in ("parent", "plan") if ch[k]}
            _word_diff(cells[0], a["word_diff"], weak_words)
        else:
            cells0_spans = [tuple(s["plan"]) for s in best["shared_spans"]] if counterpart else []
            _marked(cells[0], c["text"], cells0_spans, mark_other="underline")
        if counterpart:
            rc = best["clause"]
            _run(cells[1].paragraphs[0], f"{short_title(refs[best['reference']])} {rc['id']}　", bold=True)
            _marked(cells[1], rc["text"], [tuple(s["ref"]) for s in best["shared_spans"]], mark_other="grey")
        else:
            _run(cells[1].paragraphs[0], "（上级文件中没有足够相近的条款）", grey=True)
        _run(cells[2].paragraphs[0], a["label"], bold=True)
        for ch in a.get("changes") or []:
            cp = cells[2].add_paragraph()
            weak = ch["direction"] == "weaker"
            _run(cp, f"{_kind(ch['kind'])}{_direction(ch['direction'])}：", size=9, red=weak, bold=weak)
            _run(cp, f"{ch['parent'] or '（无）'} → {ch['plan'] or '（删去）'}", size=9, red=weak)
        note = cells[2].add_paragraph()
        if best:
            text = f"得分 {best['score']:.2f}"
            if counterpart:
                text += (f"；方案逐字沿用 {a.get('shared_fraction', 0) * 100:.0f}%，"
                         f"上级条款保留 {a.get('parent_fraction', 0) * 100:.0f}%")
                if best.get("cited"):
                    text += "；方案明文引用该条"
                if best["shared_terms"]:
                    text += "；共同关键词：" + "、".join(best["shared_terms"][:5])
            _run(note, text, size=9)

    _heading(doc, "三、上级条款承接情况（按上级文件顺序）")
    pt = doc.add_table(rows=1, cols=3)
    pt.style = "Table Grid"
    pt.autofit = False
    pwidths = (Cm(13.0), Cm(4.0), Cm(8.7))
    for col, w in zip(pt.columns, pwidths):
        col.width = w
    for cell, head, w in zip(pt.rows[0].cells, ("上级条款", "承接情况", "方案条款"), pwidths):
        cell.width = w
        _run(cell.paragraphs[0], head, bold=True, font=FONT_TITLE)
    _repeat_header(pt.rows[0])
    alignments = result["alignments"]
    for row in rv.parent_order:
        cells = pt.add_row().cells
        for cell, w in zip(cells, pwidths):
            cell.width = w
        _run(cells[0].paragraphs[0], f"{row.reference_title}　{row.clause_id} {row.clause_title}")
        _run(cells[1].paragraphs[0], row.status + ("（方案明文引用）" if row.cited else ""), bold=True,
             red=row.status == "未承接")
        if row.weakened:
            _run(cells[1].add_paragraph(), f"弱化 {row.weakened} 处", red=True, size=9)
        _run(cells[2].paragraphs[0], "、".join(
            f"{alignments[p]['plan_clause']['id']} {alignments[p]['plan_clause']['title']}" for p in row.pairs) or "—")
    return doc


def _heading(doc, text: str, level: int = 1) -> None:
    p = doc.add_paragraph()
    _run(p, text, bold=True, size=14 if level == 1 else 12, font=FONT_TITLE)


def _kind(kind: str) -> str:
    from ..commitments import KIND_NAMES
    return KIND_NAMES.get(kind, kind)


def _direction(direction: str) -> str:
    from ..commitments import DIRECTION_NAMES
    return DIRECTION_NAMES.get(direction, direction)


def write_docx(result: dict[str, Any], path, *, force: bool = False):
    doc = build_docx(result)
    with atomic_output(path, force=force) as tmp:
        doc.save(str(tmp))
    return path
