"""The agency mapping in plain Chinese, for people who edit it: ``市公安局 → 南通市公安局如东分局``,
``市X → 县X（按规则）``; and templates written with Chinese words (〔本级〕有关部门) instead of ``{prefix}有关部门``.

Qt-free; the GUI's 单位对应表 shows :func:`describe_rule` and its form edits through :func:`template_to_words` /
:func:`words_to_template`.
"""

from __future__ import annotations

import re

from .mapping import fill

# {variable} of a mapping target ↔ the word a drafter reads in the form (both ways, one to one)
WORDS = {"prefix": "本级", "level": "级别", "scope": "全县", "self": "我县", "name": "本级全称", "short": "本级简称",
         "gov": "本级政府", "city": "上级市", "city_short": "上级市简称", "subordinates": "所属镇街园区"}
WORD_HELP = {"本级": "县、区或市（如 县商务局）", "全县": "全县／全区／全市", "我县": "我县／我区／我市",
             "本级全称": "如 如东县", "本级简称": "如 如东", "本级政府": "如 如东县人民政府", "上级市": "如 南通市",
             "上级市简称": "如 南通", "所属镇街园区": "配置中的所属镇（街道）和园区", "级别": "县、区或市",
             "X": "“按规则”匹配到的部分"}
GENERIC = {"prefix": "县", "level": "县", "scope": "全县", "self": "我县", "name": "本县", "short": "本县",
           "gov": "县人民政府", "city": "市", "city_short": "市", "subordinates": "各镇（街道）和园区"}
STATUS_WORDS = {"mapped": "直接替换", "confirm": "替换并标注须核实", "delete": "删除"}
_GROUP = re.compile(r"\((?!\?)(?:[^()\\]|\\.)*\)")
_MARKS = "XYZ"


def pattern_plain(pattern: str) -> str:
    """A regex as a reader sees it: anchors dropped, each group an X (then Y, Z), escapes undone."""
    n = 0

    def group(_m: re.Match) -> str:
        nonlocal n
        n += 1
        return _MARKS[min(n, len(_MARKS)) - 1]

    text = _GROUP.sub(group, pattern.strip("^$"))
    return re.sub(r"\\(.)", r"\1", text)


def _backrefs(text: str) -> str:
    return re.sub(r"\\([1-3])", lambda m: _MARKS[int(m.group(1)) - 1], text)


def describe_rule(rule, variables: dict[str, str] | None = None) -> str:
    """One rule in plain Chinese, with the profile's values (or generic 县 ones when no county is chosen)."""
    values = {**GENERIC, **(variables or {})}
    regex = rule.kind.endswith("_re")
    source = fill(rule.source, values)        # sources may name the profile's city: {city_short}海关
    source = pattern_plain(source) if regex else source
    if rule.status == "delete" or not rule.target:
        return f"{source} → （删除）"
    target = fill(rule.target, values)
    if regex:
        target = _backrefs(target)
    return f"{source} → {target}" + ("（按规则）" if regex else "")


def template_to_words(template: str) -> str:
    """``{prefix}有关部门`` → ``〔本级〕有关部门``; ``\\1`` → ``〔X〕``."""
    text = re.sub(r"\{(\w+)\}", lambda m: f"〔{WORDS[m.group(1)]}〕" if m.group(1) in WORDS else m.group(0), template)
    return re.sub(r"\\([1-3])", lambda m: f"〔{_MARKS[int(m.group(1)) - 1]}〕", text)


def words_to_template(text: str) -> str:
    """The inverse of :func:`template_to_words`; an unknown 〔word〕 is a ValueError with a Chinese message."""
    back = {w: k for k, w in WORDS.items()}

    def word(m: re.Match) -> str:
        w = m.group(1)
        if w in back:
            return "{" + back[w] + "}"
        if w in _MARKS:
            return "\\" + str(_MARKS.index(w) + 1)
        raise ValueError(f"不认识的〔{w}〕：可用 " + "、".join(f"〔{x}〕" for x in [*WORDS.values(), "X"]) + "。")

    return re.sub(r"〔([^〔〕]{1,8})〕", word, text)


def parse_levels(text: str) -> str:
    """“全部” / “县、区” / “县,区” → ``*`` / ``县,区``; ValueError with a Chinese message otherwise."""
    value = (text or "").strip().replace("全部", "*") or "*"
    if value == "*":
        return value
    parts = [p for p in re.split(r"[,，、\s]+", value) if p]
    if any(p not in ("县", "区", "市") for p in parts):
        raise ValueError("“适用于”请选 全部，或 县、区、市 中的一个或几个。")
    return ",".join(dict.fromkeys(parts))


def levels_words(levels: str) -> str:
    return "全部" if levels in ("", "*") else levels.replace(",", "、")


def rule_problem(rule) -> str | None:
    """Why a rule cannot be used (a Chinese sentence), or None."""
    if not (rule.source or "").strip():
        return "“原文”不能为空。"
    if rule.kind.endswith("_re"):
        try:
            re.compile(rule.source)
        except re.error as e:
            return f"规则（正则表达式）“{rule.source}”有误：{e}。请修改。"
    return None
