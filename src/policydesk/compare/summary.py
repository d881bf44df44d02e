"""Readable Chinese summary of a ``compare/1`` result (the CLI's default output)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..levels import level_name


def format_summary(result: dict[str, Any]) -> str:
    plan = result["plan"]
    lines = [f"方案：{plan.get('title') or plan.get('path')}" + (f"（{plan['doc_number']}）" if plan.get("doc_number") else "")
             + f"  级别：{level_name(plan.get('level') or 'other')}"]
    if result["citations"]:
        lines.append("引用的文件：")
        for c in result["citations"]:
            state = "已关联" + (f" #{c['reference']}" if c.get("reference") is not None else "") \
                if c["status"] == "linked" else "文档库中没有"
            lines.append(f"  《{c.get('title') or ''}》{c.get('doc_number') or ''}  {state}")
    lines.append("对照文件：" if result["references"] else "对照文件：无")
    for i, r in enumerate(result["references"]):
        ident = f"#{r['id']}" if r.get("id") is not None else "（未入库）"
        lines.append(f"  [{i}] {ident} {r.get('title') or r.get('path')}"
                     + (f"（{r['doc_number']}）" if r.get("doc_number") else "")
                     + f"  级别：{level_name(r.get('level') or 'other')}  相似度 {r['similarity']:.2f}")
    counts = Counter(a["label"] for a in result["alignments"])
    n_ref = len(result.get("coverage") or []) or None
    lines.append(f"方案条款 {len(result['alignments'])} 条：承接 {counts.get('承接', 0)}，细化 {counts.get('细化', 0)}，"
                 f"新增 {counts.get('新增', 0)}。" + (f"上级条款 {n_ref} 条，未承接 {len(result['uncovered'])} 条。" if n_ref else ""))
    from .review import review
    rv = review(result)
    lines.append(f"变化清单：弱化的承诺 {len(rv.weakened)} 处，未承接 {len(rv.uncovered)} 条，新增 {len(rv.new)} 条；"
                 f"照搬照抄 {rv.copy_share * 100:.0f}%。")
    for c in rv.weakened:
        lines.append(f"  {c.clause_id} {c.kind_name}弱化：{c.arrow}")
    lines.append("")
    lines.append("方案条款\t结论\t最相近的上级条款\t得分")
    for a in result["alignments"]:
        c = a["plan_clause"]
        if a["matches"]:
            from .review import best_match
            m = best_match(a)
            target = f"[{m['reference']}] {m['clause']['id']} {m['clause']['title'][:20]}"
            score = f"{m['score']:.2f}"
        else:
            target, score = "—", "—"
        lines.append(f"{c['id']} {c['title'][:20]}\t{a['label']}\t{target}\t{score}")
    if result["uncovered"]:
        lines.append("")
        lines.append("未承接的上级条款：")
        for u in result["uncovered"]:
            lines.append(f"  [{u['reference']}] {u['clause']['id']} {u['clause']['title'][:30]}")
    return "\n".join(lines)
