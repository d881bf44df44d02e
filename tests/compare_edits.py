"""A test set of weakened and localised copies of real plans (issue 12).

A copy is made on the analysis of a real document (the sample city plan, four State Council documents and the
local plans of tests/data/real): every paragraph is localised (南通市→如东县,
全市→全县, 市X局→县X局, 全国→全省, 国务院→省政府 …) and, in the weakened copy, every other clause
that holds a commitment gets one weakening edit, the kinds taken in turn: a target lowered
(1.5亿→0.9亿, 100%→60%), a comparator softened (以上→左右), a deadline put off (2022年→2024年),
a period made rarer (每年→每两年), an obligation softened (须→可视情, 确保→力争, 严格→适当,
全面→逐步), a scope narrowed (全部/所有/各→部分), a prohibition relaxed (不得→原则上不).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

from compare_helpers import CORPUS, PLAN

WEAKENING_PLANS: list[Path] = [
    PLAN,
    CORPUS / "library" / "guofa-2019-4_yinfaguojiazhiyejiaoyugaigeshishifangand.txt",
    CORPUS / "library" / "guobanfa-2018-128_yinfawufeichengshijiansheshidiangongzuof.txt",
    CORPUS / "library" / "guobanfa-2019-4_jiaqiangsanjigongliyiyuanjixiaokaohegong.txt",
    CORPUS / "guofa-2019-3_cujinzonghebaoshuiqugaoshuipingkaifangga.txt",
]
REAL = CORPUS.parent / "real"


def real_local_plans(min_headings: int = 2) -> list[Path]:
    """The local (not national) plans of ``tests/data/real`` with at least ``min_headings`` headings (DOCX form)."""
    index = REAL / "INDEX.tsv"
    if not index.is_file():
        return []
    lines = index.read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    out = []
    for line in lines[1:]:
        row = dict(zip(head, line.split("\t")))
        if row.get("level") == "national" or row.get("province") in ("上海", "山东") or "广州" in line:
            continue
        if int(row.get("n_headings") or 0) >= min_headings:
            path = REAL / row["slug"] / (row["slug"] + ".docx")
            if path.is_file():
                out.append(path)
    return out


#: the kind of change (compare/1 ``changes[].kind``) each edit kind must produce
CHANGE_KIND = {"target": "target", "comparator": "target", "deadline": "deadline", "period": "deadline",
               "strength": "strength", "scope": "scope", "negation": "negation"}

_ANNOT = re.compile(r"[〔（(]\s*(?:责任单位|牵头单位)[^〕）)]*[〕）)]")

LOCALISATION: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"南通市"), "如东县"),
    (re.compile(r"全市"), "全县"),
    (re.compile(r"市政府"), "县政府"),
    (re.compile(r"市人民政府"), "县人民政府"),
    (re.compile(r"(?<=[，、：:（(〔])市(?=[^场民值县（(])"), "县"),
    (re.compile(r"全国"), "全省"),
    (re.compile(r"国务院"), "省政府"),
    (re.compile(r"各地区"), "各市"),
]


def _fmt(x: float) -> str:
    return str(int(x)) if abs(x - round(x)) < 1e-9 else f"{x:.1f}".rstrip("0").rstrip(".")


def _lower_number(m: re.Match[str]) -> str:
    a = float(m.group(1))
    new = a * 0.6 if a > 2 else a / 2
    if _fmt(new) == m.group(1):
        new = a - 1
    return _fmt(new) + m.group(0)[len(m.group(1)):]


@dataclass(frozen=True)
class Edit:
    kind: str
    pattern: re.Pattern[str]
    replace: object          # str or callable


WEAKENINGS: list[Edit] = [
    Edit("target", re.compile(r"(?<![0-9.第])([0-9]+(?:\.[0-9]+)?)(亿|万)?"
                              r"(?=美元|元|家|个(?!工作日|月)|项|%|％|所|人(?!民)|吨|亩)"), _lower_number),
    Edit("deadline", re.compile(r"(20[0-9]{2})年"), lambda m: f"{int(m.group(1)) + 2}年"),
    Edit("strength", re.compile(r"必须|(?<![必无])须(?!知)"), "可视情"),
    Edit("scope", re.compile(r"全部|所有"), "部分"),
    Edit("negation", re.compile(r"不得|严禁|禁止"), "原则上不"),
    Edit("strength", re.compile(r"确保"), "力争"),
    Edit("comparator", re.compile(r"(?<=[0-9%％家个项所人元])以上"), "左右"),
    Edit("strength", re.compile(r"严格"), "适当"),
    Edit("period", re.compile(r"每年"), "每两年"),
    Edit("strength", re.compile(r"全面(?!建成|贯彻|从严|深化改革)"), "逐步"),
    Edit("scope", re.compile(r"(?<=[，。；、])各(?=地|部门|开发区|经济开发区|级|类|县|市|学校|医院|单位)"), "部分"),
    Edit("strength", re.compile(r"加快"), "逐步"),
]


def localise(text: str) -> str:
    for rx, rep in LOCALISATION:
        text = rx.sub(rep, text)
    return text


def _apply_first(edit: Edit, text: str) -> tuple[str, str] | None:
    """Apply ``edit`` at its first occurrence outside a responsibility annotation: (new text, replaced)."""
    blocked = [m.span() for m in _ANNOT.finditer(text)] + [m.span() for m in re.finditer(r"〔[0-9]{4}〕[0-9]+号", text)]
    for m in edit.pattern.finditer(text):
        if any(a <= m.start() < b for a, b in blocked):
            continue
        new = edit.replace(m) if callable(edit.replace) else edit.replace
        if new == m.group(0):
            continue
        return text[:m.start()] + new + text[m.end():], f"{m.group(0)}→{new}"
    return None


@dataclass
class EditedCopy:
    analysis: object           # the copy's typed Analysis
    weakened: dict[str, list[tuple[str, str]]]      # clause id -> [(edit kind, "old→new")]
    clause_ids: list[str]


def make_copy(analysis: dict, *, weaken: bool, every: int = 2, per_clause: int = 2) -> EditedCopy:
    """A localised copy of ``analysis``; with ``weaken``, up to ``per_clause`` weakening edits of different
    kinds in every ``every``-th clause that holds a commitment (kinds taken in turn)."""
    from policydesk.compare import build_clauses
    a = copy.deepcopy(analysis)
    clauses = build_clauses(analysis)
    by_heading: dict[str, list] = {}
    for p in a.paragraphs:
        if p.heading is not None:
            by_heading.setdefault(p.heading, []).append(p)
    weakened: dict[str, list[tuple[str, str]]] = {}
    turn = 0
    eligible = 0
    for clause in clauses:
        paras = [p for p in by_heading.get(clause.id, []) if p.role.value in ("heading", "body", "other")]
        if not (weaken and paras):
            continue
        eligible += 1
        if (eligible - 1) % every:
            continue
        done: list[tuple[str, str]] = []
        kinds_done: set[str] = set()
        for k in range(len(WEAKENINGS)):
            edit = WEAKENINGS[(turn + k) % len(WEAKENINGS)]
            if edit.kind in kinds_done:
                continue
            for p in paras:
                if p.role.value == "heading" and len(p.text) < 30:
                    continue
                res = _apply_first(edit, p.text)
                if res:
                    p.text = res[0]
                    done.append((edit.kind, res[1]))
                    kinds_done.add(edit.kind)
                    turn = (WEAKENINGS.index(edit) + 1) % len(WEAKENINGS)
                    break
            if len(done) == per_clause:
                break
        if done:
            weakened[clause.id] = done
        else:
            eligible -= 1
    for p in a.paragraphs:
        p.text = localise(p.text)
    for h in a.headings:
        h.title = localise(h.title or "")
    a.meta.title = localise(a.meta.title or "") or None
    a.meta.cited = []
    a.source.sha256 = "copy-" + ("w-" if weaken else "l-") + (a.source.sha256 or "")
    return EditedCopy(a, weakened, [c.id for c in clauses])
