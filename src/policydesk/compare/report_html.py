"""Self-contained HTML report of a ``compare/1`` result (inline CSS, no script, no network).

Sections: the 变化清单 first (weakened commitments ``old → new``, 未承接 parent clauses in full,
新增 clauses; each item links to its pair), the 照搬照抄 figures, references and citations, the
parent-order view, a clause × clause heat map, then the aligned pairs in plan order: the plan's
text with word-level differences (replacements ``old → new``, localisation quieter), the parent
clause with its unused wording grey, and the pair's changes.  Two CSS-only switches (no script):
只看弱化 and 隐藏本地化改动.  Printed on A4: the switches are hidden, labels keep their colours,
a pair is not split across pages when it fits on one.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

from ..fileio import atomic_output
from ..levels import level_name
from .review import Review, best_match, review, short_title

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
del{background:#fde0e0;color:#8b1a1a;text-decoration:line-through}ins{background:#fff3cd;text-decoration:none}
.nw{white-space:nowrap}.arrow{color:#b26a00;font-weight:bold;padding:0 2px}
.loc,.loc del,.loc ins{background:none;color:#8a8a8a;text-decoration:none}.loc del{text-decoration:line-through}
.wk,.wk del,.wk ins{background:#ffcdd2;color:#b71c1c;font-weight:bold}
.changes{margin:4px 0 0 0;padding-left:20px}.changes li.weaker{color:#b71c1c}
.fulltext{white-space:pre-wrap;background:#fafafa;border-left:3px solid #c62828;padding:4px 8px;margin:2px 0 10px 0}
.controls{position:sticky;top:0;background:#fff;padding:6px 0;border-bottom:1px solid #ddd;z-index:2}
.controls label{margin-right:18px;cursor:pointer;border:1px solid #999;border-radius:3px;padding:2px 8px}
input.ctl{position:absolute;left:-9999px}
#only-weak:checked~.controls label[for=only-weak],#hide-local:checked~.controls label[for=hide-local]{background:#c62828;color:#fff}
#only-weak:checked~main .pair:not(.weak){display:none}
#only-weak:checked~main .parent-row:not(.weak){display:none}
#hide-local:checked~main .loc .old,#hide-local:checked~main .loc .arrow{display:none}
#hide-local:checked~main .loc ins{color:inherit}
.bar{display:inline-block;height:10px;background:#c62828;vertical-align:middle}
.bar0{display:inline-block;height:10px;background:#eee;vertical-align:middle}
@page{size:A4;margin:14mm 12mm}
@media print{
 body{margin:0;font-size:11pt;line-height:1.5}.controls,input.ctl,.heatmap{display:none}
 .pair{break-inside:avoid;page-break-inside:avoid}tr{break-inside:avoid;page-break-inside:avoid}
 h2{break-after:avoid;page-break-after:avoid}
 .lbl,.same,.chg,del,ins,.wk,.bar{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .lbl{border:1px solid #000}a{color:inherit;text-decoration:none}
 .pair:target{outline:none}
}
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


def _diff_html(ops: list[dict[str, Any]], weak_words: set[str]) -> str:
    """The plan clause as a word-level diff against its parent: replacements ``old → new``."""
    out: list[str] = []
    for op in ops:
        kind = op["op"]
        old, new = _e(op.get("parent", "")), _e(op.get("plan", ""))
        if kind == "equal":
            out.append(f'<span class="same">{new}</span>')
            continue
        if kind == "delete" and len(op.get("parent", "")) > 30 and not op.get("local"):
            out.append(f'<del class="dropsent" title="上级条款中这句话方案没有沿用">{old}</del>')
            continue
        weak = any(w and (w in op.get("parent", "") or w in op.get("plan", "")) for w in weak_words)
        cls = "loc" if op.get("local") else ("wk" if weak else "chg")
        if kind == "replace":
            out.append(f'<span class="{cls}"><del class="old">{old}</del><span class="arrow">→</span><ins>{new}</ins></span>')
        elif kind == "insert":
            out.append(f'<span class="{cls}"><ins>{new}</ins></span>')
        else:
            out.append(f'<span class="{cls}"><del class="old">{old}</del></span>')
    return "".join(out).replace("\n", "<br>")


def _change_list(rv: Review, result: dict[str, Any]) -> list[str]:
    alignments = result["alignments"]
    parts = ["<h2 id=\"changes\">变化清单</h2>"]
    parts.append(f"<p>弱化的承诺 <b>{len(rv.weakened)}</b> 处（涉及方案条款 {len(rv.weakened_pairs())} 条）；"
                 f"<span class=\"lbl l-未承接\">未承接</span> 上级条款 <b>{len(rv.uncovered)}</b> 条；"
                 f"<span class=\"lbl l-新增\">新增</span> 条款 <b>{len(rv.new)}</b> 条；"
                 f"照搬照抄 <b>{rv.copy_share * 100:.0f}%</b>（方案文字中与上级文件逐字相同的比例）。</p>")
    parts.append("<h3>弱化的承诺</h3>")
    if rv.weakened:
        parts.append("<table><tr><th>方案条款</th><th>类别</th><th>上级文件 → 方案</th><th>上下文（方案）</th></tr>")
        for c in rv.weakened:
            parts.append(f"<tr class=\"parent-row weak\"><td><a href=\"#pair-{c.pair}\">{_e(c.clause_id)}</a> "
                         f"{_e(c.clause_title[:16])}</td>"
                         f"<td class=\"nw\">{_e(c.kind_name)}</td><td class=\"wk\"><del>{_e(c.parent or '（无）')}</del>"
                         f"<span class=\"arrow\">→</span><ins>{_e(c.plan or '（删去）')}</ins></td>"
                         f"<td class=\"meta\">{_e(c.plan_context or c.parent_context)}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p class=\"meta\">未发现弱化的指标、时限、力度、范围或禁止性要求。</p>")
    if rv.other_changes:
        parts.append("<p class=\"meta\">其他改变（加强或不同）：" + "；".join(
            f"<a href=\"#pair-{c.pair}\">{_e(c.clause_id)}</a> {_e(c.kind_name)}{_e(c.direction_name)} {_e(c.arrow)}"
            for c in rv.other_changes[:60]) + ("……" if len(rv.other_changes) > 60 else "") + "</p>")
    parts.append(f"<h3>未承接的上级条款（{len(rv.uncovered)}）</h3>")
    for u in rv.uncovered:
        near = (f"　最接近的方案条款：<a href=\"#pair-{u.nearest_pair}\">{_e(alignments[u.nearest_pair]['plan_clause']['id'])}</a>"
                f"（得分 {u.score:.2f}）") if u.nearest_pair is not None else ""
        parts.append(f"<p><span class=\"lbl l-未承接\">未承接</span>　{_e(u.reference_title)}　<b>{_e(u.clause_id)}　"
                     f"{_e(u.clause_title)}</b><span class=\"meta\">{near}</span></p><div class=\"fulltext\">{_e(u.text)}</div>")
    if not rv.uncovered:
        parts.append("<p class=\"meta\">上级条款均已承接。</p>")
    parts.append(f"<h3>新增条款（{len(rv.new)}）</h3>")
    if rv.new:
        parts.append("<ul>" + "".join(f"<li><a href=\"#pair-{n.pair}\">{_e(n.clause_id)}　{_e(n.clause_title)}</a></li>"
                                      for n in rv.new) + "</ul>")
    parts.append("<h3>照搬照抄</h3><table><tr><th>部分</th><th>字数</th><th>与上级文件逐字相同</th><th></th></tr>")
    for sec in rv.sections:
        w = int(sec.share * 120)
        parts.append(f"<tr><td>{_e(sec.section)}</td><td class=\"num\">{sec.chars}</td><td class=\"num\">{sec.share * 100:.0f}%</td>"
                     f"<td><span class=\"bar\" style=\"width:{w}px\"></span>"
                     f"<span class=\"bar0\" style=\"width:{120 - w}px\"></span></td></tr>")
    parts.append(f"<tr><th>全文</th><th class=\"num\">{rv.plan_chars}</th>"
                 f"<th class=\"num\">{rv.copy_share * 100:.0f}%</th><th></th></tr></table>")
    return parts


def _parent_order(rv: Review, result: dict[str, Any]) -> list[str]:
    alignments = result["alignments"]
    parts = ["<h2 id=\"parent-order\">按上级文件顺序</h2><table><tr><th>上级文件</th><th>上级条款</th><th>状态</th>"
             "<th>方案条款</th><th>弱化</th></tr>"]
    for row in rv.parent_order:
        links = "、".join(f"<a href=\"#pair-{p}\">{_e(alignments[p]['plan_clause']['id'])}</a>" for p in row.pairs) or "—"
        status = f"<span class=\"lbl l-{_e(row.status)}\">{_e(row.status)}</span>" if row.status in (
            "承接", "细化", "未承接") else _e(row.status)
        if row.cited:
            status += "（方案明文引用）"
        parts.append(f"<tr class=\"parent-row{' weak' if row.weakened else ''}\"><td>{_e(row.reference_title)}</td>"
                     f"<td>{_e(row.clause_id)}　{_e(row.clause_title[:40])}</td><td>{status}</td><td>{links}</td>"
                     f"<td class=\"num\">{row.weakened or ''}</td></tr>")
    parts.append("</table>")
    return parts


def render_html(result: dict[str, Any]) -> str:
    plan = result["plan"]
    refs = result["references"]
    rv = review(result)
    title = plan.get("title") or plan.get("path") or "方案"
    parts = [f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>对照报告：{_e(title)}</title>"
             f"<style>{CSS}</style></head><body>",
             "<input type=\"checkbox\" class=\"ctl\" id=\"only-weak\"><input type=\"checkbox\" class=\"ctl\" id=\"hide-local\">",
             "<div class=\"controls\"><label for=\"only-weak\">只看弱化</label><label for=\"hide-local\">隐藏本地化改动</label>"
             "<a href=\"#changes\">变化清单</a>　<a href=\"#parent-order\">按上级文件顺序</a>　<a href=\"#pairs\">逐条对照</a></div><main>",
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
    parts.extend(_change_list(rv, result))

    parts.append("<h2>对照文件</h2><table><tr><th>文件</th><th>文号</th><th>级别</th><th>相似度</th><th>文档库编号</th></tr>")
    for r in refs:
        parts.append(f"<tr><td>{_e(r.get('title') or r.get('path'))}</td><td>{_e(r.get('doc_number') or '—')}</td>"
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

    parts.extend(_parent_order(rv, result))
    parts.append(_heatmap(result))

    parts.append("<h2 id=\"pairs\">逐条对照（按方案顺序）</h2><p class=\"meta\"><span class=\"same\">绿色</span>为与上级条款相同的文字；"
                 "<span class=\"chg\"><del>原文</del><span class=\"arrow\">→</span><ins>改为</ins></span>为方案的改动，"
                 "<span class=\"wk\">红色</span>为弱化的承诺，"
                 "<span class=\"loc\"><del>市</del><span class=\"arrow\">→</span><ins>县</ins></span>"
                 "（灰色）为本地化改动；右栏灰色为上级条款中未沿用的文字。</p>")
    weak_pairs = rv.weakened_pairs()
    for i, a in enumerate(result["alignments"]):
        c = a["plan_clause"]
        weak_cls = " weak" if i in weak_pairs else ""
        parts.append(f"<div class=\"pair{weak_cls}\" id=\"pair-{i}\"><p><span class=\"lbl l-{_e(a['label'])}\">{_e(a['label'])}</span>　"
                     f"<b>{_e(c['id'])}　{_e(c['title'])}</b>"
                     + (f"　<span class=\"meta\">方案逐字沿用 {a.get('shared_fraction', 0) * 100:.0f}%，上级条款保留 "
                        f"{a.get('parent_fraction', 0) * 100:.0f}%</span>" if a["label"] != "新增" else "")
                     + "</p>")
        weak_changes = [ch for ch in a.get("changes") or [] if ch["direction"] == "weaker"]
        if a.get("changes"):
            parts.append("<ul class=\"changes\">" + "".join(
                f"<li class=\"{_e(ch['direction'])}\">{_e(_kind(ch['kind']))}{_e(_direction(ch['direction']))}："
                f"{_e(ch['parent'] or '（无）')} → {_e(ch['plan'] or '（删去）')}</li>" for ch in a["changes"]) + "</ul>")
        parts.append("<table class=\"cols\"><tr>")
        best = best_match(a)
        if best and a["label"] != "新增" and a.get("word_diff"):
            words = {ch["parent"] for ch in weak_changes} | {ch["plan"] for ch in weak_changes}
            left = _diff_html(a["word_diff"], words)
        else:
            left = _e(c["text"]).replace("\n", "<br>")
        parts.append(f"<td><div class=\"meta\">方案</div>{left}</td>")
        if best and a["label"] != "新增":
            rc = best["clause"]
            ref_spans = [tuple(s["ref"]) for s in best["shared_spans"]]
            parts.append(f"<td><div class=\"meta\">{_e(short_title(refs[best['reference']]))}　"
                         f"<b>{_e(rc['id'])}　{_e(rc['title'])}</b>　得分 {best['score']:.2f}"
                         + ("　（方案明文引用）" if best.get("cited") else "")
                         + f"</div>{_marked(rc['text'], ref_spans, 'same', 'dropped')}</td>")
        else:
            parts.append("<td><div class=\"meta\">上级文件中没有足够相近的条款</div></td>")
        parts.append("</tr></table>")
        for m in a["matches"]:
            if m.get("cited") and m is not best:
                mc = m["clause"]
                parts.append(f"<p class=\"meta\">方案明文引用：{_e(short_title(refs[m['reference']]))} <b>{_e(mc['id'])}</b>"
                             f"　<span class=\"lbl l-{_e(m.get('label', '细化'))}\">{_e(m.get('label', '细化'))}</span>"
                             f"　得分 {m['score']:.2f}</p><div class=\"fulltext\" style=\"border-color:#1565c0\">"
                             f"{_e(mc['text'])}</div>")
        if best and best["shared_terms"] and a["label"] != "新增":
            parts.append("<p class=\"terms meta\">共同关键词：" + " ".join(f"<span>{_e(t)}</span>" for t in best["shared_terms"]) + "</p>")
        if a["matches"]:
            parts.append("<p class=\"meta\">候选：" + "；".join(
                f"{_e(short_title(refs[m['reference']]))} {_e(m['clause']['id'])} {_e(m['clause']['title'][:16])} {m['score']:.2f}"
                for m in a["matches"]) + "</p>")
        parts.append("</div>")

    parts.append("<p class=\"meta\">得分为词语与字符二元组 TF-IDF 余弦相似度的加权和（0–1）；阈值见 docs/compare.md。"
                 f"本报告设置：词语权重 {result.get('settings', {}).get('word_weight', '')}，对应阈值 "
                 f"{result.get('settings', {}).get('match', '')}，承接阈值 {result.get('settings', {}).get('verbatim', '')}。</p>")
    parts.append("</main></body></html>")
    return "".join(parts)


def _kind(kind: str) -> str:
    from ..commitments import KIND_NAMES
    return KIND_NAMES.get(kind, kind)


def _direction(direction: str) -> str:
    from ..commitments import DIRECTION_NAMES
    return DIRECTION_NAMES.get(direction, direction)


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
    out = [f"<div class=\"heatmap\"><h2>条款相似度热图</h2><p class=\"meta\">行：方案条款；列：上级条款{note}。"
           "颜色越深越相似，点击格子跳到该方案条款的对照。</p>",
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
    out.append("</table></div>")
    return "".join(out)


def write_html(result: dict[str, Any], path, *, force: bool = False):
    with atomic_output(path, force=force) as tmp:
        tmp.write_text(render_html(result), encoding="utf-8")
    return path


def change_list_fragment(result: dict[str, Any]) -> str:
    """The 变化清单 as a small HTML fragment with inline styles only (for a ``QTextBrowser``).

    Each item links to ``#pair-N`` (N = index into ``alignments``); a viewer selects that pair when the
    link is clicked.  Weakened commitments ``old → new`` first, then 未承接 parent clauses in full, 新增
    clauses and the 照搬照抄 figure.
    """
    rv = review(result)
    alignments = result.get("alignments") or []
    red, grey = "#b71c1c", "#666"
    out = [f"<p><b>弱化的承诺 {len(rv.weakened)} 处</b>（方案条款 {len(rv.weakened_pairs())} 条）　"
           f"<b>未承接 {len(rv.uncovered)} 条</b>　<b>新增 {len(rv.new)} 条</b>　"
           f"照搬照抄 {rv.copy_share * 100:.0f}%</p>"]
    if rv.weakened:
        out.append("<p><b>弱化的承诺</b></p><ul>")
        for c in rv.weakened:
            out.append(f"<li><a href=\"#pair-{c.pair}\">{_e(c.clause_id)} {_e(c.clause_title[:14])}</a>　{_e(c.kind_name)}："
                       f"<span style=\"color:{red}\"><s>{_e(c.parent or '（无）')}</s> → <b>{_e(c.plan or '（删去）')}</b></span>"
                       f"<br><span style=\"color:{grey}\">{_e(c.plan_context or c.parent_context)}</span></li>")
        out.append("</ul>")
    if rv.uncovered:
        out.append("<p><b>未承接的上级条款</b></p>")
        for u in rv.uncovered:
            near = (f"（最接近：<a href=\"#pair-{u.nearest_pair}\">{_e(alignments[u.nearest_pair]['plan_clause']['id'])}</a>）"
                    if u.nearest_pair is not None else "")
            out.append(f"<p><span style=\"color:{red}\"><b>未承接</b></span>　{_e(u.reference_title)} "
                       f"<b>{_e(u.clause_id)} {_e(u.clause_title)}</b>{near}<br>{_e(u.text).replace(chr(10), '<br>')}</p>")
    if rv.new:
        out.append("<p><b>新增条款</b></p><ul>" + "".join(
            f"<li><a href=\"#pair-{n.pair}\">{_e(n.clause_id)} {_e(n.clause_title)}</a></li>" for n in rv.new) + "</ul>")
    out.append("<p><b>照搬照抄</b>　" + "；".join(f"{_e(s.section)} {s.share * 100:.0f}%" for s in rv.sections) + "</p>")
    return "".join(out)
