"""The 起草说明 (drafting note): basis documents, how the draft was made, per part what was carried over, adapted
and what the county must still supply."""

from __future__ import annotations

from collections import Counter

from docx import Document

from .docx_writer import _Writer
from .model import CONFIRM, FLAG, PLACEHOLDER, TARGET, DraftResult


def _cite(title: str | None, number: str | None) -> str:
    return f"《{title}》（{number}）" if title and number else (f"《{title}》" if title else number or "")


def build_note(result: DraftResult) -> Document:
    w = _Writer(result)
    w.setup()
    body = w.doc.element.body
    from docx.oxml.ns import qn
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    prof, src = result.profile, result.source
    from .rules import draft_rules
    from .wording import split_title
    rules = draft_rules()
    w.title(split_title(f"关于《{result.title}》（代拟稿）的起草说明", int(rules.get("title_max_chars_per_line", 20)),
                        rules.get("title_break_before", []), rules.get("title_break_after", [])))
    w.blank()

    def h1(text: str) -> None:
        p = w.para("Heading 1")
        w.run(p, text, role="h1")

    def body_text(text: str, highlight: str | None = None) -> None:
        p = w.para()
        w.run(p, text, highlight=highlight)

    h1("一、起草依据")
    body_text(f"本方案代拟稿依据{src.issuer or '上级'}{_cite(src.title, src.doc_number)}起草，"
              f"{'同时衔接' + '、'.join(_cite(c.get('title'), c.get('doc_number')) for c in src.cited) + '。' if src.cited else '。'}")
    h1("二、起草过程")
    body_text(f"代拟稿由政策文件辅助工具（policydesk）根据市方案自动生成初稿：保留市方案的结构（"
              f"{len(result.parts)}个部分、{len(result.ledger)}项重点任务），按可编辑的单位对应表将市级部门改为{prof.level}级部门，"
              f"将“全市”“我市”等表述改为“{prof.scope_word}”“{prof.self_word}”，并为每项任务加注市方案的条款出处（批注）。"
              "工具不补充任何事实：本级须自行确定的内容以【待补充：…】标出，须核实的单位和表述以底色标出并附批注。")
    h1("三、各部分说明")
    by_part: dict[str, list] = {}
    for c in result.changes:
        by_part.setdefault(c.part, []).append(c)
    for i, part in enumerate(result.parts, 1):
        p = w.para()
        w.run(p, f"（{'一二三四五六七八九十'[i - 1] if i <= 10 else i}）{part.title}。", role="h2")
        carried = f"沿用市方案{part.id}部分" + (f"的{len(part.clauses)}项条目（{'、'.join(part.clauses)}）" if part.clauses else "")
        carried += f"，含重点任务{part.tasks}项。" if part.tasks else "。"
        changes = by_part.get(f"{part.id}、{part.title}", [])
        mapped = Counter(f"“{c.source}”改为“{c.target}”" for c in changes if c.kind == "mapped")
        confirm = list(dict.fromkeys(f"{c.source}" for c in changes if c.kind == "confirm"))
        flags = list(dict.fromkeys(c.source for c in changes if c.kind == "flag"))
        todo = list(dict.fromkeys(c.target for c in changes if c.kind == "placeholder"))
        deleted = list(dict.fromkeys(c.source for c in changes if c.kind == "delete"))
        w.run(p, carried)
        if mapped:
            w.run(p, "调整：" + "；".join(f"{k}（{v}处）" if v > 1 else k for k, v in mapped.items()) + "。")
        if deleted:
            w.run(p, "删除：" + "；".join(f"“{d}”" for d in deleted) + "。")
        if flags:
            w.run(p, "提及其他县（市、区）：" + "、".join(flags) + "，已标出待定。", highlight="magenta")
        if confirm:
            w.run(p, "须核实：" + "、".join(confirm) + "。", highlight="cyan")
        if todo:
            w.run(p, "须补充：" + "、".join(todo) + "。", highlight="yellow")
    from .decisions import note_lines          # 不承接 tasks with reasons, merged/refined/new tasks (issue 13)
    for line in note_lines(result):
        body_text(line)
    h1("四、需要重点核实的事项")
    flagged = [b for b in result.blocks if any(s.kind == FLAG for s in b.segments)]
    items = []
    if flagged:
        names = list(dict.fromkeys(s.text for b in flagged for s in b.segments if s.kind == FLAG))
        items.append(f"市方案中提及其他县（市、区）或园区的内容（{'、'.join(names)}）已保留并标出，请确认本{prof.level}是否承接。")
    n_conf = sum(1 for b in result.blocks for s in b.segments if s.kind == CONFIRM)
    if n_conf:
        items.append(f"垂直管理单位、市直属园区及名称可能不同的本级部门共{n_conf}处已标出并附批注，请逐一确认对口单位。")
    n_ph = sum(1 for b in result.blocks for s in b.segments if s.kind == PLACEHOLDER)
    n_t = sum(1 for b in result.blocks for s in b.segments if s.kind == TARGET)
    items.append(f"正文共有{n_ph}处【待补充：…】，其中{n_t}处为市方案的目标或时限，请结合本{prof.level}实际确定。")
    for f in prof.editable_defaults:
        label = {"recipients": "主送机关", "subordinates": "“各镇人民政府（街道办事处）、各园区管委会”等承办单位写法",
                 "copy_to": "抄送机关"}.get(f, f)
        items.append(f"{label}为默认写法，请按本地实际核对。")
    if not prof.doc_number_prefix:
        items.append("发文机关代字未知，发文字号以占位符标出。")
    for i, t in enumerate(items, 1):
        body_text(f"{i}.{t}")
    w.blank()
    p = w.para(indent=False, jc="right", right=2 * w.char_tw)
    w.run(p, f"{prof.government}办公室（代拟）" if not prof.issuing_office else f"{prof.issuing_office}（代拟）")
    return w.doc
