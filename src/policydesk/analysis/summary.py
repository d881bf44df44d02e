"""The readable Chinese summary ``policydesk analyze`` prints without ``--json``."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .result import Analysis

_MAX_UNITS_CELL = 60


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


def _clip(s: str, width: int) -> str:
    if _width(s) <= width:
        return s
    out = ""
    for ch in s:
        if _width(out + ch + "…") > width:
            break
        out += ch
    return out + "…"


def _unit_names(names: list[str], generic: set[str], unrecognised: set[str] = frozenset()) -> str:
    return "、".join(n + ("*" if n in generic else "") + ("?" if n in unrecognised else "") for n in names) or "—"


def _task_snippet(text: str, annotation: str) -> str:
    """The start of a task's own text (without the heading number and the annotation)."""
    import re
    body = text.replace(annotation, "")
    body = re.sub(r"^(?:[（(][一二三四五六七八九十0-9]+[）)]|[一二三四五六七八九十]+、|[0-9]+[.．、])", "", body)
    return body.strip()


def format_summary(result: Analysis) -> str:
    """文件信息, 结构 (indented outline), 责任分工 table, unit counts — for a drafter to read."""
    meta = result.meta
    src = result.source
    lines: list[str] = []
    lines.append("【文件信息】")
    fields = [
        ("标题", meta.title),
        ("印发的文件", meta.plan_title),
        ("文号", meta.doc_number),
        ("发文机关", "、".join(meta.issuers) if len(meta.issuers) > 1 else meta.issuer),
        ("成文日期", meta.date),
        ("公开方式", meta.publicity),
        ("主送", "，".join(meta.recipients) or None),
    ]
    for label, value in fields:
        if value:
            lines.append(f"  {label}：{value}")
    pages = src.pages
    lines.append(f"  来源：{src.path}（{(src.format or '').upper()}"
                 + (f"，{pages} 页" if pages else "") + "）")
    if src.ocr_pages:
        lines.append(f"  文字识别（OCR）页：{', '.join(str(p) for p in src.ocr_pages)}，请核对识别结果")
    for w in src.warnings:
        lines.append(f"  提示：{w}")
    if meta.cited:
        lines.append("  引用文件：")
        for c in meta.cited:
            title = f"《{c.title}》" if c.title else ""
            number = f"（{c.doc_number}）" if c.doc_number else ""
            lines.append(f"    · {title}{number}")
    lines.append("")

    headings = result.headings
    lines.append(f"【结构】共 {len(headings)} 个标题")
    if not headings:
        lines.append("  （未识别出编号标题）")
    for h in headings:
        indent = "  " * h.level
        page = f"  〔第{h.page}页〕" if h.page else ""
        number = h.number.replace("(", "（").replace(")", "）").replace("．", ".")
        lines.append(f"{indent}{number}{h.title}{page}")
    lines.append("")

    tasks = result.tasks
    units = result.units
    generic = {u.name for u in units if u.generic}
    unrecognised = {u.normalized for t in tasks for u in t.unrecognised_units}
    lines.append(f"【责任分工】共 {len(tasks)} 项任务")
    if tasks:
        per_heading: dict[str | None, int] = {}
        for t in tasks:
            per_heading[t.heading] = per_heading.get(t.heading, 0) + 1
        rows = [("序号", "任务", "牵头单位", "配合单位")]
        for i, t in enumerate(tasks, 1):
            label = t.title or ""
            if per_heading.get(t.heading, 0) > 1 or not label:
                label = _task_snippet(t.text, t.annotation)
            title = f"{t.heading or ''} {label}".strip()
            lead = _unit_names(t.lead, generic, unrecognised) + ("※" if t.lead_inferred else "")
            rows.append((str(i), _clip(title, 40), lead, _unit_names(t.support, generic, unrecognised)))
        w0 = max(_width(r[0]) for r in rows)
        w1 = max(_width(r[1]) for r in rows)
        w2 = min(max(_width(r[2]) for r in rows), _MAX_UNITS_CELL)
        for k, r in enumerate(rows):
            lines.append(f"  {_pad(r[0], w0)} | {_pad(r[1], w1)} | {_pad(r[2], w2)} | {r[3]}")
            if k == 0:
                lines.append("  " + "-" * (w0 + w1 + w2 + 12))
        if any(t.lead_inferred for t in tasks):
            lines.append("  注：※ 表示文件未写明牵头单位，按“列第一位者为牵头单位”推定；* 表示泛指单位。")
        if unrecognised:
            lines.append("  注：? 表示未能识别的单位名称（已按原文保留），请核对。")
        targets = [(i, t) for i, t in enumerate(tasks, 1) if t.targets or t.deadlines]
        if targets:
            lines.append("")
            lines.append("  任务中的量化目标和时限：")
            for i, t in targets:
                parts = t.targets + t.deadlines
                lines.append(f"    {i}. {'；'.join(parts)}")
    else:
        lines.append("  （未发现责任分工标注）")
    if result.warnings:
        lines.append("")
        lines.append(f"【待确认】共 {len(result.warnings)} 处")
        for w in result.warnings:
            where = f"第{w.paragraph + 1}段" if w.paragraph is not None else ""
            lines.append(f"  {where} {w.why}：{_clip(w.text, 60)}".rstrip())
    lines.append("")
    named = [u for u in units if not u.generic]
    lines.append(f"【责任单位】共 {len(units)} 个（具体单位 {len(named)} 个，泛指 {len(units) - len(named)} 个，"
                 "带 * 者为泛指，需落实到具体单位）")
    for u in sorted(units, key=lambda u: (-len(u.tasks), u.name)):
        mark = "*" if u.generic else ""
        lines.append(f"  {u.name}{mark}：{len(u.tasks)} 项（牵头 {len(u.lead_tasks)} 项）")
    return "\n".join(lines) + "\n"
