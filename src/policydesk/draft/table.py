"""The 对照表 (``--table FILE.docx``): 市方案原文 | 本县条款 | 处理及理由, one row per city paragraph or county addition."""

from __future__ import annotations

from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Twips

from .model import CONFIRM, FLAG, PLACEHOLDER, Block, DraftResult
from .ooxml import child, set_rpr
from .rules import font_preset

HEADER = ("市方案原文", "本{level}条款", "处理及理由")


@dataclass(slots=True)
class TableRow:
    city: str
    county: str
    how: str


def _reasons(b: Block, result: DraftResult) -> str:
    ap = result.decisions
    lv = result.profile.level
    if b.revision == "deleted":
        if ap is not None:
            for d in ap.dropped:
                if b.clause == d.id or (b.clause or "").startswith(d.id):
                    return f"不承接：{d.reason or '【待补充：理由】'}"
            for src, into in ap.merged:
                if b.clause == src or (b.clause or "").startswith(src):
                    return f"合并：并入{into}"
        return "不承接"
    if b.revision == "inserted":
        if b.comment and "并入" in b.comment:
            return "合并：" + b.comment.strip().splitlines()[-1]
        if b.comment and "新增" in b.comment:
            return f"新增：本{lv}新增任务"
        return f"补充：本{lv}须补充的内容"
    changed = [s for s in b.segments if s.changed]
    if not changed:
        return "承接：原文照录"
    edits = []
    for s in changed:
        if s.kind == PLACEHOLDER:
            continue
        e = f"“{s.source}”改为“{s.text}”" if s.source and s.text else (f"删除“{s.source}”" if s.source else f"增加“{s.text}”")
        if e not in edits:
            edits.append(e)
    parts = ["承接"]
    if edits:
        parts.append("调整：" + "；".join(edits[:8]) + ("等" if len(edits) > 8 else ""))
    conf = list(dict.fromkeys(s.text for s in b.segments if s.kind in (CONFIRM, FLAG)))
    if conf:
        parts.append("须核实：" + "、".join(conf[:6]))
    ph = [s.text for s in b.segments if s.kind == PLACEHOLDER]
    if ph:
        parts.append(f"待补充{len(ph)}处")
    if ap is not None:
        for cid, note in ap.refined:
            if b.clause == cid:
                parts.append(f"细化：{note or '本' + lv + '具体举措'}")
    return "。".join(parts) + "。"


def table_rows(result: DraftResult) -> list[TableRow]:
    rows = [TableRow(result.title_source, result.title, "标题：改为本级方案标题")]
    for b in result.tracked_blocks or result.blocks:
        rows.append(TableRow(b.city_text, "" if b.revision == "deleted" else b.text, _reasons(b, result)))
    return rows


def build_table(result: DraftResult):
    """The 对照表 as a python-docx Document (landscape A4, header row repeated on each page)."""
    fonts = font_preset(result.options.fonts)
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Twips(16838), Twips(11906)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Twips(1134))
    normal = doc.styles["Normal"]
    set_rpr(normal.element.get_or_add_rPr(), font=fonts["body"], size_pt=10.5)
    p = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    r = p.add_run(f"{result.title}与市方案对照表")
    set_rpr(r._r.get_or_add_rPr(), font=fonts["title"], size_pt=16)
    p.alignment = 1
    src = result.source
    p = doc.add_paragraph()
    r = p.add_run(f"市方案：《{src.title}》（{src.doc_number or '文号不详'}）")
    set_rpr(r._r.get_or_add_rPr(), font=fonts["body"], size_pt=10.5)
    level = result.profile.level
    table = doc.add_table(rows=1, cols=3)
    table.style = doc.styles["Table Grid"]
    widths = (6000, 6000, 2570)
    for cell, text, w in zip(table.rows[0].cells, HEADER, widths):
        cell.width = Twips(w)
        run = cell.paragraphs[0].add_run(text.format(level=level))
        set_rpr(run._r.get_or_add_rPr(), font=fonts["h1"], size_pt=10.5)
    child(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader")
    for row in table_rows(result):
        cells = table.add_row().cells
        for cell, text, w in zip(cells, (row.city, row.county, row.how), widths):
            cell.width = Twips(w)
            run = cell.paragraphs[0].add_run(text)
            set_rpr(run._r.get_or_add_rPr(), font=fonts["body"], size_pt=10.5)
            if not text and row.how.startswith("不承接"):
                run.text = "（不承接）"
    return doc


def write_table(result: DraftResult, path, *, force: bool = False):
    from ..fileio import atomic_output
    doc = build_table(result)
    with atomic_output(path, force=force) as tmp:
        doc.save(str(tmp))
    return path


__all__ = ["TableRow", "build_table", "table_rows", "write_table"]
