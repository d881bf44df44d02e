"""The readable Chinese summary ``policydesk analyze`` prints without ``--json``."""

from __future__ import annotations

import unicodedata
from typing import Any

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


def _unit_names(names: list[str], generic: set[str]) -> str:
    return "、".join(n + ("*" if n in generic else "") for n in names) or "—"


def _task_snippet(text: str, annotation: str) -> str:
    """The start of a task's own text (without the heading number and the annotation)."""
    import re
    body = text.replace(annotation, "")
    body = re.sub(r"^(?:[（(][一二三四五六七八九十0-9]+[）)]|[一二三四五六七八九十]+、|[0-9]+[.．、])", "", body)
    return body.strip()


def format_summary(result: dict[str, Any]) -> str:
    """文件信息, 结构 (indented outline), 责任分工 table, unit counts — for a drafter to read."""
    meta = result.get("meta", {})
    src = result.get("source", {})
    lines: list[str] = []
    lines.append("【文件信息】")
    fields = [
        ("标题", meta.get("title")),
        ("印发的文件", meta.get("plan_title")),
        ("文号", meta.get("doc_number")),
        ("发文机关", meta.get("issuer")),
        ("成文日期", meta.get("date")),
        ("公开方式", meta.get("publicity")),
        ("主送", "，".join(meta.get("recipients") or []) or None),
    ]
    for label, value in fields:
        if value:
            lines.append(f"  {label}：{value}")
    pages = src.get("pages")
    lines.append(f"  来源：{src.get('path', '')}（{(src.get('format') or '').upper()}"
                 + (f"，{pages} 页" if pages else "") + "）")
    if src.get("ocr_pages"):
        lines.append(f"  文字识别（OCR）页：{', '.join(str(p) for p in src['ocr_pages'])}，请核对识别结果")
    for w in src.get("warnings") or []:
        lines.append(f"  提示：{w}")
    cited = meta.get("cited") or []
    if cited:
        lines.append("  引用文件：")
        for c in cited:
            title = f"《{c['title']}》" if c.get("title") else ""
            number = f"（{c['doc_number']}）" if c.get("doc_number") else ""
            lines.append(f"    · {title}{number}")
    lines.append("")

    headings = result.get("headings") or []
    lines.append(f"【结构】共 {len(headings)} 个标题")
    if not headings:
        lines.append("  （未识别出编号标题）")
    for h in headings:
        indent = "  " * h["level"]
        page = f"  〔第{h['page']}页〕" if h.get("page") else ""
        number = h["number"].replace("(", "（").replace(")", "）").replace("．", ".")
        lines.append(f"{indent}{number}{h['title']}{page}")
    lines.append("")

    tasks = result.get("tasks") or []
    units = result.get("units") or []
    generic = {u["name"] for u in units if u.get("generic")}
    lines.append(f"【责任分工】共 {len(tasks)} 项任务")
    if tasks:
        per_heading: dict[str | None, int] = {}
        for t in tasks:
            per_heading[t.get("heading")] = per_heading.get(t.get("heading"), 0) + 1
        rows = [("序号", "任务", "牵头单位", "配合单位")]
        for i, t in enumerate(tasks, 1):
            label = t.get("title") or ""
            if per_heading.get(t.get("heading"), 0) > 1 or not label:
                label = _task_snippet(t["text"], t["annotation"])
            title = f"{t.get('heading') or ''} {label}".strip()
            lead = _unit_names(t["lead"], generic) + ("※" if t.get("lead_inferred") else "")
            rows.append((str(i), _clip(title, 40), lead, _unit_names(t["support"], generic)))
        w0 = max(_width(r[0]) for r in rows)
        w1 = max(_width(r[1]) for r in rows)
        w2 = min(max(_width(r[2]) for r in rows), _MAX_UNITS_CELL)
        for k, r in enumerate(rows):
            lines.append(f"  {_pad(r[0], w0)} | {_pad(r[1], w1)} | {_pad(r[2], w2)} | {r[3]}")
            if k == 0:
                lines.append("  " + "-" * (w0 + w1 + w2 + 12))
        if any(t.get("lead_inferred") for t in tasks):
            lines.append("  注：※ 表示文件未写明牵头单位，按“列第一位者为牵头单位”推定；* 表示泛指单位。")
        targets = [(i, t) for i, t in enumerate(tasks, 1) if t.get("targets") or t.get("deadlines")]
        if targets:
            lines.append("")
            lines.append("  任务中的量化目标和时限：")
            for i, t in targets:
                parts = t.get("targets", []) + t.get("deadlines", [])
                lines.append(f"    {i}. {'；'.join(parts)}")
    else:
        lines.append("  （未发现责任分工标注）")
    lines.append("")
    named = [u for u in units if not u.get("generic")]
    lines.append(f"【责任单位】共 {len(units)} 个（具体单位 {len(named)} 个，泛指 {len(units) - len(named)} 个，带 * 者为泛指，需落实到具体单位）")
    for u in sorted(units, key=lambda u: (-len(u["tasks"]), u["name"])):
        mark = "*" if u.get("generic") else ""
        lines.append(f"  {u['name']}{mark}：{len(u['tasks'])} 项（牵头 {len(u['lead_tasks'])} 项）")
    return "\n".join(lines) + "\n"
