"""The 起草说明 (drafting note) an office files with a draft, from the editable template
``resources/drafting_note.json``: 起草背景和依据 (the parent documents with their 文号), 起草过程 (slots for 调研,
征求意见, 合法性审查, 公平竞争审查), 主要内容 (parts and task counts) and 需要说明的问题 (tasks not taken up with the
drafter's reasons, merged/refined/new tasks, the city's targets and deadlines still to set, what to confirm).

The note is the office's prose: it never names the program that helped to write the draft."""

from __future__ import annotations

import json
import re
from typing import Any

from docx import Document

from .docx_writer import _Writer
from .model import CONFIRM, FLAG, DraftResult

CN = "一二三四五六七八九十"
LISTS = ("parts", "not_taken", "merged", "refined", "new_tasks", "targets_to_set", "to_confirm")


def _cite(title: str | None, number: str | None) -> str:
    return f"《{title}》（{number}）" if title and number else (f"《{title}》" if title else number or "")


def _cn(i: int) -> str:
    return CN[i - 1] if 1 <= i <= 10 else str(i)


def load_template() -> dict[str, Any]:
    from ..paths import resource
    return json.loads(resource("drafting_note.json").read_text(encoding="utf-8"))


class _Fill(dict):
    def __missing__(self, key: str) -> str:          # an unknown placeholder stays visible for the office
        return "{" + key + "}"


def note_values(result: DraftResult, template: dict[str, Any] | None = None) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The scalar placeholders and the list items of the note (what the template is filled with)."""
    t = template or load_template()
    items = t.get("items", {})
    prof, src = result.profile, result.source
    lv = prof.level
    plan_title = result.title[len(prof.name):] if result.title.startswith(prof.name) else result.title
    parents = [_cite(c.get("title"), c.get("doc_number")) for c in src.cited if c.get("title")]
    city_plan = _cite(src.title, src.doc_number) or "市方案"
    if src.issuer and src.issuer not in city_plan:
        city_plan = f"{src.issuer}{city_plan}"
    parent_text = "、".join(parents)
    parent_text = f"{parent_text}和{_cite(src.title, src.doc_number)}" if parent_text else _cite(src.title, src.doc_number)
    drafter = prof.issuing_office or "【待补充：起草单位】"
    n_tasks = len({r.task_id or r.clause for r in result.ledger})
    vals = _Fill(county=prof.name, government=prof.government, level=lv, scope_word=prof.scope_word,
                 plan_title=plan_title, city_plan=city_plan, parents=parent_text, drafter=drafter,
                 part_count=str(len(result.parts)), task_count=str(n_tasks))
    lists: dict[str, list[str]] = {k: [] for k in LISTS}
    for i, part in enumerate(result.parts, 1):
        key = "part_with_tasks" if part.tasks else "part_without_tasks"
        lists["parts"].append(items.get(key, "").format_map(_Fill(cn=f"第{_cn(i)}部分", title=part.title,
                                                                 tasks=part.tasks, level=lv)))
    ap = getattr(result, "decisions", None)
    if ap is not None:
        for k, d in enumerate(ap.dropped, 1):
            reason = (d.reason or "").strip() or items.get("not_taken_no_reason", "【待补充：不承接的理由】")
            if not reason.endswith(("。", "】", "；")):
                reason += "。"
            lists["not_taken"].append(items["not_taken"].format_map(_Fill(k=k, id=d.id, title=d.title,
                                                                           reason=reason, level=lv)))
        for a, b in ap.merged:
            lists["merged"].append(items["merged"].format_map(_Fill(source=f"市方案{a}", into=b, level=lv)))
        for a, n in ap.refined:
            lists["refined"].append(items["refined"].format_map(_Fill(id=a, note=n or "【待补充：细化措施】",
                                                                       level=lv)))
        for nt in ap.new_tasks:
            lists["new_tasks"].append(items["new_task"].format_map(_Fill(title=nt.title, after=nt.after, level=lv)))
    vals["n_dropped"] = str(len(lists["not_taken"]))
    k = 0
    n_t = n_d = 0
    for row in result.ledger:
        if not (row.targets or row.deadlines):
            continue
        what = []
        if row.targets:
            what.append("提出" + "、".join(dict.fromkeys(row.targets)))
            n_t += len(set(row.targets))
        if row.deadlines:
            what.append("时限为" + "、".join(dict.fromkeys(row.deadlines)))
            n_d += len(set(row.deadlines))
        todo = []
        if row.targets:
            todo.append("目标")
        if row.deadlines:
            todo.append("完成时限")
        k += 1
        lists["targets_to_set"].append(items["target"].format_map(_Fill(
            k=k, clause=row.clause, task=row.task, what="，".join(what), level=lv,
            todo="的" + "和".join(todo) + "待定")))
    vals["n_targets"], vals["n_deadlines"] = str(n_t), str(n_d)
    conf: list[str] = []
    flagged = list(dict.fromkeys(s.text for b in result.blocks for s in b.segments if s.kind == FLAG))
    if flagged:
        conf.append(f"市方案提及其他县（市、区）或园区（{'、'.join(flagged)}），《方案》已保留并标出，请确认是否承接。")
    n_conf = sum(1 for b in result.blocks for s in b.segments if s.kind == CONFIRM)
    if n_conf:
        conf.append(f"垂直管理单位、市直属园区以及名称可能不同的本{lv}部门共{n_conf}处，已标出，请逐一确认对口单位。")
    for f in prof.editable_defaults:
        label = {"recipients": "主送机关", "subordinates": "承办单位的写法", "copy_to": "抄送机关"}.get(f)
        if label:
            conf.append(f"{label}为通用写法，请按本地实际核对。")
    if not prof.doc_number_prefix:
        conf.append("发文机关代字待定，发文字号暂空。")
    lists["to_confirm"] = [f"{i}.{c}" for i, c in enumerate(conf, 1)]
    return dict(vals), lists


def _expand(section: list[Any], vals: dict[str, str], lists: dict[str, list[str]]) -> list[str]:
    """The section's paragraphs: list placeholders expanded, a list lead only when a list after it has items."""
    out: list[str] = []
    pending_lead: str | None = None
    fill = _Fill(vals)
    for para in section:
        if isinstance(para, dict) and "list_lead" in para:
            pending_lead = para["list_lead"].format_map(fill)
            continue
        text = str(para)
        m = re.fullmatch(r"\{(\w+)\}", text.strip())
        if m and m.group(1) in lists:
            items = lists[m.group(1)]
            if items and pending_lead is not None:
                out.append(pending_lead)
                pending_lead = None
            out.extend(items)
            continue
        pending_lead = None
        out.append(text.format_map(fill))
    # renumber （一）（二）… leads after empty lists were left out
    n = 0
    for i, line in enumerate(out):
        if re.match(r"^（[一二三四五六七八九十]+）", line):
            n += 1
            out[i] = re.sub(r"^（[一二三四五六七八九十]+）", f"（{_cn(n)}）", line)
    return out


def build_note(result: DraftResult, template: dict[str, Any] | None = None) -> Document:
    t = template or load_template()
    vals, lists = note_values(result, t)
    fill = _Fill(vals)
    w = _Writer(result)
    w.setup()
    w.doc.core_properties.comments = ""
    body = w.doc.element.body
    from docx.oxml.ns import qn
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    from .rules import draft_rules
    from .wording import split_title
    rules = draft_rules()
    w.title(split_title(t.get("title", "").format_map(fill), int(rules.get("title_max_chars_per_line", 20)),
                        rules.get("title_break_before", []), rules.get("title_break_after", [])))
    w.blank()
    for section in t.get("sections", []):
        paras = _expand(section.get("paragraphs", []), vals, lists)
        if not paras:
            continue
        p = w.para("Heading 1")
        w.run(p, section.get("heading", "").format_map(fill), role="h1")
        for text in paras:
            p = w.para()
            lead = re.match(r"^（[一二三四五六七八九十]+）[^。：]*[。：]", text)
            if lead:
                w.run(p, lead.group(0), role="h2")
                text = text[lead.end():]
            for piece in re.split(r"(【待补充[^】]*】)", text):
                if piece:
                    w.run(p, piece, highlight="yellow" if piece.startswith("【待补充") else None)
    w.blank()
    for key, right in (("signature", 2), ("date", 2)):
        text = t.get(key, "").format_map(fill)
        if text:
            p = w.para(indent=False, jc="right", right=right * w.char_tw, keep_next=key == "signature")
            w.run(p, text, highlight="yellow" if text.startswith("【待补充") else None)
    return w.doc
