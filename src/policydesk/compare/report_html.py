"""Self-contained HTML report of a ``compare/1`` result (inline CSS, no script, no network).

Sections: references and citations; a clause × clause heat map whose cells link to the aligned
pairs; the aligned pairs side by side with shared wording and changed wording marked; the coverage
of each reference clause (未承接 where no plan clause reaches it).
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

from ..fileio import atomic_output
from ..levels import level_name

CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Source Han Sans SC",SimSun,sans-serif;
margin:24px;color:#222;line-height:1.6;font-size:15px}
h1{font-size:22px}h2{font-size:18px;border-bottom:2px solid #c00;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
th{background:#f3f3f3}.num{text-align:right}
.lbl{display:inline-block;padding:0 8px;border-radius:3px;color:#fff;font-weight:bold}
.l-承接{background:#2e7d32}.l-细化{background:#1565c0}.l-新增{background:#ef6c00}.l-未承接{background:#c62828}
.linked{color:#2e7d32}.missing{color:#c62828;font-weight:bold}
.pair{border:1px solid #ddd;margin:14px 0;padding:8px 12px;border-radius:4px}
.pair:target{outline:3px solid #ffb300}
table.cols{width:100%;table-layout:fixed;border:none}table.cols td{border:none;width:50%;padding:4px 8px}
.same{background:#dcedc8}.chg{background:#fff3cd;text-decoration:underline dotted #b26a00}
.dropped{color:#777}
.meta{color:#555;font-size:13px}.terms span{display:inline-block;background:#eee;margin:1px 3px;padding:0 5px;border-radius:3px}
.heat td{width:14px;height:14px;padding:0;border:1px solid #fff}.heat td a{display:block;width:100%;height:100%}
.heat th{font-size:11px;font-weight:normal;padding:0 4px;white-space:nowrap}
.heat th.rh{text-align:right;white-space:nowrap}
.vh{writing-mode:vertical-rl;height:auto;max-height:160px}
.legend span{display:inline-block;width:40px;text-align:center;font-size:11px}
"""


def _e(s: Any) -> str:
    return html.escape("" if s is None else str(s))


def _marked(text: str, spans: list[tuple[int, int]], same_cls: str, other_cls: str) -> str:
    """``text`` with the spans wrapped in ``same_cls`` and the rest in ``other_cls`` (newlines kept)."""
    out, pos = [], 0
    for a, b in sorted(spans):
        if a > pos:
            out.append(f'<span class="{other_cls}">{_e(text[pos:a])}</span>')
        out.append(f'<span class="{same_cls}">{_e(text[a:b])}</span>')
        pos = max(pos, b)
    if pos < len(text):
        out.append(f'<span class="{other_cls}">{_e(text[pos:])}</span>')
    return "".join(out).replace("\n", "<br>")


def _color(score: float) -> str:
    s = max(0.0, min(1.0, score))
    # white -> dark red
    r, g, b = 255, int(255 - 215 * s), int(255 - 215 * s)
    return f"#{r:02x}{g:02x}{b:02x}"


def render_html(result: dict[str, Any]) -> str:
    plan = result["plan"]
    refs = result["references"]
    title = plan.get("title") or plan.get("path") or "方案"
    parts = [f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>对照报告：{_e(title)}</title>"
             f"<style>{CSS}</style></head><body>",
             f"<h1>与上级文件对照报告</h1><p><b>方案：</b>{_e(title)}"
             + (f"（{_e(plan['doc_number'])}）" if plan.get("doc_number") else "")
             + f"　<b>级别：</b>{_e(level_name(plan.get('level') or 'other'))}</p>"]
    counts = Counter(a["label"] for a in result["alignments"])
    parts.append(f"<p>方案条款 {len(result['alignments'])} 条：<span class=\"lbl l-承接\">承接</span> {counts.get('承接', 0)}　"
                 f"<span class=\"lbl l-细化\">细化</span> {counts.get('细化', 0)}　<span class=\"lbl l-新增\">新增</span> "
                 f"{counts.get('新增', 0)}；上级条款 {len(result.get('coverage') or [])} 条，"
                 f"<span class=\"lbl l-未承接\">未承接</span> {len(result['uncovered'])}。</p>")
    for w in result.get("warnings") or []:
        parts.append(f"<p class=\"missing\">{_e(w)}</p>")

    parts.append("<h2>对照文件</h2><table><tr><th>序号</th><th>文件</th><th>文号</th><th>级别</th><th>相似度</th><th>文档库编号</th></tr>")
    for i, r in enumerate(refs):
        parts.append(f"<tr><td>[{i}]</td><td>{_e(r.get('title') or r.get('path'))}</td><td>{_e(r.get('doc_number') or '—')}</td>"
                     f"<td>{_e(level_name(r.get('level') or 'other'))}</td><td class=\"num\">{r['similarity']:.2f}</td>"
                     f"<td>{_e(r['id']) if r.get('id') is not None else '未入库'}</td></tr>")
    parts.append("</table>")
    if result["citations"]:
        parts.append("<h2>方案引用的文件</h2><table><tr><th>标题</th><th>文号</th><th>状态</th></tr>")
        for c in result["citations"]:
            st = ('<span class="linked">已关联</span>' + (f"（文档库 #{_e(c['reference'])}）" if c.get("reference") is not None else "")
                  if c["status"] == "linked" else '<span class="missing">文档库中没有</span>')
            parts.append(f"<tr><td>《{_e(c.get('title'))}》</td><td>{_e(c.get('doc_number') or '—')}</td><td>{st}</td></tr>")
        parts.append("</table>")

    parts.append(_heatmap(result))

    parts.append("<h2>逐条对照</h2><p class=\"meta\"><span class=\"same\">绿色</span>为与上级条款相同的文字，"
                 "<span class=\"chg\">黄色</span>为方案改写或新增的文字；右栏灰色为上级条款中未沿用的文字。</p>")
    for i, a in enumerate(result["alignments"]):
        c = a["plan_clause"]
        parts.append(f"<div class=\"pair\" id=\"pair-{i}\"><p><span class=\"lbl l-{_e(a['label'])}\">{_e(a['label'])}</span>　"
                     f"<b>{_e(c['id'])}　{_e(c['title'])}</b></p><table class=\"cols\"><tr>")
        best = a["matches"][0] if a["matches"] else None
        plan_spans = [tuple(s["plan"]) for s in best["shared_spans"]] if best and a["label"] != "新增" else []
        parts.append(f"<td><div class=\"meta\">方案</div>{_marked(c['text'], plan_spans, 'same', 'chg')}</td>")
        if best and a["label"] != "新增":
            rc = best["clause"]
            ref_spans = [tuple(s["ref"]) for s in best["shared_spans"]]
            parts.append(f"<td><div class=\"meta\">[{best['reference']}] {_e(refs[best['reference']].get('title'))}　"
                         f"<b>{_e(rc['id'])}　{_e(rc['title'])}</b>　得分 {best['score']:.2f}"
                         + ("　（方案明文引用）" if best.get("cited") else "")
                         + f"</div>{_marked(rc['text'], ref_spans, 'same', 'dropped')}</td>")
        else:
            parts.append("<td><div class=\"meta\">上级文件中没有足够相近的条款</div></td>")
        parts.append("</tr></table>")
        if best and best["shared_terms"]:
            parts.append("<p class=\"terms meta\">共同关键词：" + " ".join(f"<span>{_e(t)}</span>" for t in best["shared_terms"]) + "</p>")
        if a["matches"]:
            parts.append("<p class=\"meta\">候选：" + "；".join(
                f"[{m['reference']}] {_e(m['clause']['id'])} {_e(m['clause']['title'][:16])} {m['score']:.2f}" for m in a["matches"])
                + "</p>")
        parts.append("</div>")

    parts.append("<h2>上级条款承接情况</h2><table><tr><th>文件</th><th>条款</th><th>状态</th><th>承接它的方案条款</th><th>得分</th></tr>")
    plan_index = {a["plan_clause"]["id"]: i for i, a in enumerate(result["alignments"])}
    for cov in result.get("coverage") or []:
        rc = cov["clause"]
        if cov["covered"]:
            pid = cov.get("plan_clause")
            link = f"<a href=\"#pair-{plan_index[pid]}\">{_e(pid)}</a>" if pid in plan_index else _e(pid)
            status = "已承接"
        else:
            link, status = "—", '<span class="lbl l-未承接">未承接</span>'
        parts.append(f"<tr><td>[{cov['reference']}]</td><td>{_e(rc['id'])}　{_e(rc['title'][:40])}</td><td>{status}</td>"
                     f"<td>{link}</td><td class=\"num\">{cov['score']:.2f}</td></tr>")
    parts.append("</table>")
    parts.append("<p class=\"meta\">得分为词语与字符二元组 TF-IDF 余弦相似度的加权和（0–1）；阈值见 docs/compare.md。"
                 f"本报告设置：词语权重 {result.get('settings', {}).get('word_weight', '')}，对应阈值 "
                 f"{result.get('settings', {}).get('match', '')}，承接阈值 {result.get('settings', {}).get('verbatim', '')}。</p>")
    parts.append("</body></html>")
    return "".join(parts)


def _heatmap(result: dict[str, Any], max_columns: int = 160) -> str:
    hm = result.get("heatmap") or {}
    scores = hm.get("scores") or []
    cols = hm.get("reference") or []
    if not scores or not cols:
        return ""
    keep = list(range(len(cols)))
    note = ""
    if len(cols) > max_columns:
        best = [max(row[j] for row in scores) for j in range(len(cols))]
        keep = sorted(sorted(keep, key=lambda j: -best[j])[:max_columns])
        note = f"（上级条款共 {len(cols)} 条，只显示与方案最相关的 {len(keep)} 条）"
    out = [f"<h2>条款相似度热图</h2><p class=\"meta\">行：方案条款；列：上级条款{note}。颜色越深越相似，点击格子跳到该方案条款的对照。</p>",
           "<p class=\"legend meta\">" + "".join(f"<span style=\"background:{_color(v)}\">{v:.1f}</span>" for v in (0, .2, .4, .6, .8, 1))
           + "</p><table class=\"heat\"><tr><th></th>"]
    for j in keep:
        r, cid = cols[j]
        out.append(f"<th><div class=\"vh\">[{r}]{_e(cid)}</div></th>")
    out.append("</tr>")
    for i, row in enumerate(scores):
        pid = hm["plan"][i]
        out.append(f"<tr><th class=\"rh\"><a href=\"#pair-{i}\">{_e(pid)}</a></th>")
        for j in keep:
            v = row[j]
            r, cid = cols[j]
            out.append(f"<td style=\"background:{_color(v)}\" title=\"{_e(pid)} × [{r}]{_e(cid)}：{v:.2f}\">"
                       f"<a href=\"#pair-{i}\"></a></td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def write_html(result: dict[str, Any], path, *, force: bool = False):
    with atomic_output(path, force=force) as tmp:
        tmp.write_text(render_html(result), encoding="utf-8")
    return path
