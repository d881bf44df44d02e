"""The drafter's decisions per city task (``policydesk.decisions/1``): 承接 / 细化 / 合并 / 不承接, plus new tasks.

Keys are the plan's heading ids (``二（一）``); a task not listed is 承接.  Qt-free core used by the command line and
the GUI's 起草 view::

    rows = task_rows(analysis)                              # the table the drafter decides on
    d = suggest_decisions(analysis, profile)                # suggestions with reasons (from profile + analysis)
    save_decisions(d, "如东-决定.json")  /  d = load_decisions("如东-决定.json")
    validate_decisions(d, analysis)                         # InputError naming the file and the item
    result = make_draft(analysis, profile, decisions=d)     # result.decisions: AppliedDecisions
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, OutputError
from .profiles import CountyProfile

if TYPE_CHECKING:
    from ..analysis.result import Analysis

SCHEMA = "policydesk.decisions/1"
TAKE, REFINE, MERGE, DROP = "承接", "细化", "合并", "不承接"
ACTIONS = (TAKE, REFINE, MERGE, DROP)


@dataclass(slots=True)
class TaskDecision:
    action: str = TAKE
    reason: str = ""                # why (shown in the 起草说明 for 不承接)
    into: str | None = None         # 合并: the heading id it joins
    note: str = ""                  # 细化: what the county must specify
    suggested: str | None = None    # the tool's suggestion (GUI shows it beside the choice)
    title: str = ""                 # the task's heading title (for readers of the file; not needed)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"action": self.action}
        if self.title:
            d["title"] = self.title
        if self.reason:
            d["reason"] = self.reason
        if self.into:
            d["into"] = self.into
        if self.note:
            d["note"] = self.note
        if self.suggested:
            d["suggested"] = self.suggested
        return d


@dataclass(slots=True)
class NewTask:
    after: str                      # heading id it follows
    title: str
    text: str = ""
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    deadline: str = ""

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"after": self.after, "title": self.title, "text": self.text, "lead": list(self.lead),
                             "support": list(self.support)}
        if self.deadline:
            d["deadline"] = self.deadline
        return d


@dataclass(slots=True)
class Decisions:
    county: str = ""
    plan_doc_number: str | None = None
    tasks: dict[str, TaskDecision] = field(default_factory=dict)
    new_tasks: list[NewTask] = field(default_factory=list)
    path: str = ""                  # file it was read from (for messages)

    def action(self, hid: str) -> TaskDecision:
        return self.tasks.get(hid) or TaskDecision()

    def to_json(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "county": self.county, "plan_doc_number": self.plan_doc_number,
                "tasks": {k: v.to_json() for k, v in self.tasks.items()},
                "new_tasks": [t.to_json() for t in self.new_tasks]}

    @classmethod
    def from_json(cls, data: Any, path: str = "") -> "Decisions":
        where = path or "决定文件"
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise InputError(f"{where} 不是任务承接决定文件（schema 应为 {SCHEMA}）。请选择由“起草”生成的决定文件。",
                             path=path or None)
        tasks_in = data.get("tasks") or {}
        if not isinstance(tasks_in, dict):
            raise InputError(f"{where} 中 tasks 应为以条款编号为键的对象。请修改该文件。", path=path or None)
        tasks: dict[str, TaskDecision] = {}
        for hid, item in tasks_in.items():
            if isinstance(item, str):
                item = {"action": item}
            if not isinstance(item, dict):
                raise InputError(f"{where} 中任务“{hid}”的写法不对，应为 {{\"action\": \"承接\"}}。请修改该项。",
                                 path=path or None)
            action = str(item.get("action") or TAKE).strip()
            into = item.get("into")
            tasks[str(hid).strip()] = TaskDecision(
                action=action, reason=str(item.get("reason") or ""), into=str(into).strip() if into else None,
                note=str(item.get("note") or ""), suggested=item.get("suggested") or None,
                title=str(item.get("title") or ""))
        new: list[NewTask] = []
        for i, t in enumerate(data.get("new_tasks") or [], 1):
            if not isinstance(t, dict) or not t.get("title") or not t.get("after"):
                raise InputError(f"{where} 中第{i}项新增任务缺少 after（插在哪一条之后）或 title（任务名称）。请补上。",
                                 path=path or None)
            lead, support = t.get("lead") or [], t.get("support") or []
            new.append(NewTask(after=str(t["after"]).strip(), title=str(t["title"]).strip(),
                               text=str(t.get("text") or ""), lead=[lead] if isinstance(lead, str) else list(lead),
                               support=[support] if isinstance(support, str) else list(support),
                               deadline=str(t.get("deadline") or "")))
        return cls(county=str(data.get("county") or ""), plan_doc_number=data.get("plan_doc_number"),
                   tasks=tasks, new_tasks=new, path=path)


# ------------------------------------------------------------------------------------------------------- files
def load_decisions(path: str | Path) -> Decisions:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as e:
        raise InputError(f"找不到决定文件 {p}。请检查路径。", path=str(p)) from e
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"无法读取决定文件 {p}。请检查文件是否损坏。", path=str(p)) from e
    except ValueError as e:
        raise InputError(f"决定文件 {p} 不是有效的 JSON（{e}）。请修改后重试。", path=str(p)) from e
    return Decisions.from_json(data, str(p))


def save_decisions(decisions: Decisions, path: str | Path, *, force: bool = False) -> Path:
    from ..fileio import atomic_output
    p = Path(path)
    if p.suffix.lower() != ".json":
        raise OutputError(f"决定文件 {p} 应以 .json 结尾。请改用 .json 文件名。", path=str(p))
    text = json.dumps(decisions.to_json(), ensure_ascii=False, indent=2) + "\n"
    with atomic_output(p, force=force) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")
    return p


# --------------------------------------------------------------------------------------------------- the table
@dataclass(slots=True)
class TaskRow:
    id: str                         # heading id (二（一）)
    title: str
    part: str                       # 二、扩大对外开放
    lead: list[str]
    units: list[str]
    text: str


def task_rows(analysis: Analysis) -> list[TaskRow]:
    """One row per heading that carries tasks, in document order (what the drafter decides on)."""
    heads = {h.id: h for h in analysis.headings}
    rows: dict[str, TaskRow] = {}
    for t in analysis.tasks:
        hid = t.heading
        if not hid:
            continue
        top = heads.get(hid)
        while top and top.parent:
            top = heads.get(top.parent)
        part = f"{top.number}{top.title}" if top else ""
        units = t.units_normalized or t.units
        row = rows.get(hid)
        if row is None:
            head = heads.get(hid)
            rows[hid] = TaskRow(hid, t.title or (head.title if head else ""), part,
                                list(t.lead or units[:1]), list(units), t.text)
        else:
            row.units += [u for u in units if u not in row.units]
            row.text += t.text
    return list(rows.values())


# ------------------------------------------------------------------------------------------------- validation
def validate_decisions(decisions: Decisions, analysis: Analysis) -> None:
    """Raise InputError (one Chinese line naming the file and the item) if the decisions do not fit the plan."""
    where = decisions.path or "决定文件"
    known = {h.id for h in analysis.headings}
    sample = "、".join(r.id for r in task_rows(analysis)[:4])
    for hid, d in decisions.tasks.items():
        if hid not in known:
            raise InputError(f"{where} 中的条款“{hid}”在市方案中不存在（条款编号如 {sample}）。请修改或删除该项。",
                             path=decisions.path or None)
        if d.action not in ACTIONS:
            raise InputError(f"{where} 中条款“{hid}”的处理方式“{d.action}”无效，应为 {'/'.join(ACTIONS)}。请修改该项。",
                             path=decisions.path or None)
        if d.action == MERGE:
            if not d.into:
                raise InputError(f"{where} 中条款“{hid}”为“合并”但未写 into（并入哪一条）。请补上。",
                                 path=decisions.path or None)
            if d.into not in known:
                raise InputError(f"{where} 中条款“{hid}”要并入的“{d.into}”在市方案中不存在。请修改该项。",
                                 path=decisions.path or None)
            if d.into == hid or d.into.startswith(hid) or hid.startswith(d.into):
                raise InputError(f"{where} 中条款“{hid}”不能并入自身或其上下级条款“{d.into}”。请修改该项。",
                                 path=decisions.path or None)
            target = decisions.action(d.into).action
            if target in (DROP, MERGE):
                raise InputError(f"{where} 中条款“{hid}”要并入的“{d.into}”本身为“{target}”。请改为并入一条承接的条款。",
                                 path=decisions.path or None)
    for i, t in enumerate(decisions.new_tasks, 1):
        if t.after not in known:
            raise InputError(f"{where} 中第{i}项新增任务“{t.title}”的 after“{t.after}”在市方案中不存在。请修改该项。",
                             path=decisions.path or None)


# ------------------------------------------------------------------------------------------------- suggestions
def _fill(template: str, profile: CountyProfile) -> str:
    from .mapping import fill
    return fill(template, profile.variables())


def suggest_for(row: TaskRow, profile: CountyProfile, rules: dict[str, Any]) -> TaskDecision:
    """The suggested decision for one task, with the reason (承接 when nothing speaks against it)."""
    sug = rules.get("suggestions", {})
    title, text = row.title, row.text
    # 1. a kind of zone the county has none of (the task's subject: its title names the kind)
    zone_text = " ".join(f"{z.get('name', '')} {z.get('kind', '')}" for z in profile.zones)
    for kind in sug.get("zone_kinds", []):
        words = kind.get("keywords", [])
        if any(w in title for w in words) and not any(w in zone_text for w in [kind["kind"], *words]):
            return TaskDecision(DROP, _fill(kind.get("reason", "本{level}无{kind}"), profile).replace(
                "{kind}", kind["kind"]), suggested=DROP, title=title)
    # 2. geography the county does not have (riverside task for a coastal county …)
    if profile.geography:
        for g in sug.get("geography", []):
            term = g["term"]
            if term in profile.geography:
                continue
            n = sum(len(re.findall(w, text)) for w in g.get("words", [term]))
            if any(w in title for w in g.get("words", [term])) or n >= int(g.get("min_mentions", 3)):
                reason = _fill(g.get("reason", "本{level}不{term}"), profile).replace("{term}", term).replace(
                    "{geo}", "、".join(profile.geography))
                return TaskDecision(DROP, reason, suggested=DROP, title=title)
    # 3. led by a body only the city has
    city_only = [re.compile(_fill(p, profile)) for p in sug.get("city_only_units", [])]
    if row.lead and all(any(rx.search(u) for rx in city_only) for u in row.lead):
        return TaskDecision(DROP, _fill(sug.get("city_only_reason", "由市级单位牵头，本{level}无对应机构"), profile)
                            + f"（{'、'.join(row.lead)}）", suggested=DROP, title=title)
    return TaskDecision(TAKE, "", suggested=TAKE, title=title)


def suggest_decisions(analysis: Analysis, profile: CountyProfile, base: Decisions | None = None) -> Decisions:
    """Suggested decisions for every task of the plan (all listed, each with the suggestion and its reason).

    With ``base`` (the drafter's earlier file) its choices are kept and only the suggestions are refreshed."""
    from .rules import draft_rules
    rules = draft_rules()
    d = Decisions(county=profile.name, plan_doc_number=analysis.meta.doc_number)
    for row in task_rows(analysis):
        sug = suggest_for(row, profile, rules)
        mine = base.tasks.get(row.id) if base else None
        if mine is not None:
            mine.suggested, mine.title = sug.action, mine.title or row.title
            d.tasks[row.id] = mine
        else:
            d.tasks[row.id] = sug
    if base:
        for hid, mine in base.tasks.items():
            d.tasks.setdefault(hid, mine)
        d.new_tasks = list(base.new_tasks)
    return d


# ------------------------------------------------------------------------------------------------- applied
@dataclass(slots=True)
class DroppedTask:
    id: str
    title: str
    reason: str


@dataclass(slots=True)
class AppliedDecisions:
    """What the draft did with each city task (exposed on ``DraftResult.decisions`` for the 起草说明 and the GUI)."""
    taken: list[str] = field(default_factory=list)
    refined: list[tuple[str, str]] = field(default_factory=list)        # (id, note)
    merged: list[tuple[str, str]] = field(default_factory=list)         # (id, into)
    dropped: list[DroppedTask] = field(default_factory=list)
    new_tasks: list[NewTask] = field(default_factory=list)
    source: str = ""                                                    # decisions file

    @property
    def any(self) -> bool:
        return bool(self.refined or self.merged or self.dropped or self.new_tasks)


def note_lines(result: Any) -> list[str]:
    """Lines for the 起草说明: the 不承接 tasks with reasons, merged, refined and new tasks."""
    ap: AppliedDecisions | None = getattr(result, "decisions", None)
    if not ap or not ap.any:
        return []
    lv = result.profile.level
    lines = []
    if ap.dropped:
        lines.append(f"未承接的市方案任务（共{len(ap.dropped)}项）：")
        for k, d in enumerate(ap.dropped, 1):
            reason = (d.reason or "【待补充：不承接的理由】").rstrip()
            lines.append(f"{k}.{d.id}“{d.title}”：{reason}" + ("" if reason.endswith(("。", "】", "；")) else "。"))
    if ap.merged:
        lines.append("合并的任务：" + "；".join(f"{a}并入{b}" for a, b in ap.merged) + "。")
    if ap.refined:
        lines.append(f"须本{lv}细化的任务：" + "；".join(f"{a}（{n}）" if n else a for a, n in ap.refined) + "。")
    if ap.new_tasks:
        lines.append(f"本{lv}新增的任务：" + "；".join(f"“{t.title}”（列于{t.after}之后）" for t in ap.new_tasks) + "。")
    return lines
