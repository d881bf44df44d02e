"""What a clause commits to: targets, deadlines, obligation strength, scope and prohibitions.

A property of one text, used by the comparison (weakened commitments between a parent clause and
the plan's) and by drafting (the task ledger).  No Qt, no comparison imports.  The words and their
levels are data in ``resources/commitments.json``.

* :func:`tokenize` — the text cut into tokens (offsets kept): every commitment (``1.5亿美元以上``,
  ``2022年年底前``, ``每年``, ``必须``, ``全部``, ``不得``) is one token tagged with its kind; the rest
  is cut by jieba (government user dictionary).  A single-character word (须/要/应/可/各) counts only
  when jieba keeps it as a word of its own, so 重要/应用/可能 are not commitments.
* :func:`extract_commitments` — the tagged tokens as :class:`Commitment` objects.
* :func:`compare_commitment` — weaker / stronger / different / None for two commitments of one kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

KINDS = ("target", "deadline", "strength", "scope", "negation")
KIND_NAMES = {"target": "指标", "deadline": "时限", "strength": "力度", "scope": "范围", "negation": "禁止性要求"}
DIRECTION_NAMES = {"weaker": "弱化", "stronger": "加强", "different": "改变"}

_NUM = r"[0-9]+(?:\.[0-9]+)?"
_CN_NUM = "零一二两三四五六七八九十"


@dataclass(slots=True)
class Commitment:
    kind: str                      # target | deadline | strength | scope | negation
    text: str                      # as written
    start: int
    end: int
    level: int | None = None       # strength 1..4, scope 1 (narrow)..3 (wide), negation 1 (permit)..3 (forbid)
    low: float | None = None       # target: normalised value (亿/万 multiplied out); range low
    high: float | None = None      # target: range high (== low when not a range)
    unit: str | None = None        # target unit without multiplier (元, 家, %)
    comparator: str | None = None  # target: firm | soft | upper | None
    date: tuple[int, int, int] | None = None   # deadline: last day it allows
    per_year: float | None = None  # deadline: how often a period recurs (每年 = 1, 每季度 = 4)
    days: float | None = None      # deadline: a duration (3个月内 = 90)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end}
        for name in ("level", "low", "high", "unit", "comparator", "per_year", "days"):
            v = getattr(self, name)
            if v is not None:
                out[name] = v
        if self.date is not None:
            out["date"] = "%04d-%02d-%02d" % self.date
        return out


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    commitment: Commitment | None = None


@dataclass(frozen=True, slots=True)
class Rules:
    strength: dict[str, int]
    scope: dict[str, int]
    prohibition: dict[str, int]
    permission: tuple[str, ...]
    skip: tuple[str, ...]
    firm: tuple[str, ...]
    soft: tuple[str, ...]
    upper: tuple[str, ...]
    multipliers: dict[str, float]
    periods: dict[str, float]
    atomic: re.Pattern[str]
    single: dict[str, tuple[str, int]]


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _compile(cfg: dict[str, Any]) -> Rules:
    strength = {k: int(v) for k, v in cfg["strength"].items()}
    scope = {k: int(v) for k, v in cfg["scope"].items()}
    prohib = {k: int(v) for k, v in cfg["prohibition"].items()}
    permission = tuple(cfg["permission"])
    comps = cfg["comparators"]
    mult = {k: float(v) for k, v in cfg["multipliers"].items()}
    periods = {k: float(v) for k, v in cfg["periods"].items()}
    units = cfg["units"]
    pre = _alt(comps["firm"] + comps["soft"] + comps["upper"] + ["增长", "提高", "提升", "下降", "降低", "减少",
                                                                  "新增", "累计", "增加"])
    post = _alt(["以上", "以下", "左右", "以内", "之内"])
    mul = _alt(mult)
    unit = _alt(units)
    quantity = (rf"(?:(?P<pre>{pre}))?(?<![第0-9.])(?P<a>{_NUM})(?P<am>{mul})?"
                rf"(?:(?P<sep>[~～\-—－至到])(?P<b>{_NUM})(?P<bm>{mul})?)?(?P<unit>{unit})?"
                rf"(?P<post>{post})?")
    deadline = (r"(?P<dpre>到|至|截至|截止到|截止|在|于)?(?P<y>(?:19|20)[0-9]{2})年(?:(?P<m>[0-9]{1,2})月)?"
                r"(?:(?P<d>[0-9]{1,2})日)?(?P<q>年底前|年底|年末|底前|底|末|前|以前|之前|上半年|下半年|年中|内)?")
    duration = rf"(?P<n>{_NUM}|[{_CN_NUM}]+)(?P<du>个工作日|工作日|个月|年|天|日|周)(?:以)?内"
    period = _alt(periods)
    multi = [w for w in list(strength) + list(scope) + list(prohib) + list(permission) if len(w) > 1]
    skip = tuple(cfg.get("skip_words") or [])
    atomic = re.compile(rf"(?P<skip>{_alt(skip)})|(?P<deadline>{deadline})|(?P<duration>{duration})"
                        rf"|(?P<period>{period})|(?P<quantity>{quantity})|(?P<word>{_alt(multi)})") if skip else \
        re.compile(rf"(?P<deadline>{deadline})|(?P<duration>{duration})|(?P<period>{period})"
                   rf"|(?P<quantity>{quantity})|(?P<word>{_alt(multi)})")
    single: dict[str, tuple[str, int]] = {}
    for table, kind in ((strength, "strength"), (scope, "scope"), (prohib, "negation")):
        for w, lv in table.items():
            if len(w) == 1:
                single.setdefault(w, (kind, lv))
    return Rules(strength, scope, prohib, permission, skip, tuple(comps["firm"]), tuple(comps["soft"]),
                 tuple(comps["upper"]), mult, periods, atomic, single)


_compiled: dict[int, tuple[object, Rules]] = {}


def rules() -> Rules:
    """The compiled rules of ``resources/commitments.json`` (the user's copy wins; recompiled when it changes)."""
    from .rules import RulesError, load_json, rule_path
    cfg = load_json("commitments.json")
    hit = _compiled.get(id(cfg))
    if hit is not None and hit[0] is cfg:
        return hit[1]
    try:
        compiled = _compile(cfg)
    except (KeyError, TypeError, ValueError, re.error) as e:
        path = str(rule_path("commitments.json"))
        raise RulesError(f"规则文件内容有误：{path}（{e}）。请改正该文件。", path=path) from e
    _compiled.clear()
    _compiled[id(cfg)] = (cfg, compiled)
    return compiled


def _cn_int(s: str) -> float | None:
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits["两"] = 2
    if s.replace(".", "", 1).isdigit():
        return float(s)
    if s == "十":
        return 10.0
    if "十" in s:
        a, _, b = s.partition("十")
        return float((digits.get(a, 1) if a else 1) * 10 + (digits.get(b, 0) if b else 0))
    return float(digits[s]) if s in digits else None


def _word_commitment(word: str, start: int, r: Rules) -> Commitment | None:
    if word in r.prohibition:
        return Commitment("negation", word, start, start + len(word), level=r.prohibition[word])
    if word in r.strength:
        return Commitment("strength", word, start, start + len(word), level=r.strength[word])
    if word in r.scope:
        return Commitment("scope", word, start, start + len(word), level=r.scope[word])
    if word in r.permission:
        return Commitment("negation", word, start, start + len(word), level=1)
    return None


def _match_commitment(m: re.Match[str], r: Rules) -> Commitment | None:
    text, s, e = m.group(0), m.start(), m.end()
    if m.group("deadline"):
        y = int(m.group("y"))
        mo = int(m.group("m")) if m.group("m") else None
        d = int(m.group("d")) if m.group("d") else None
        q = m.group("q") or ""
        if mo is None:
            mo, d = (6, 30) if q in ("上半年", "年中") else (12, 31)
        elif d is None:
            d = 30 if mo != 2 else 28
        return Commitment("deadline", text, s, e, date=(y, min(mo, 12), min(d, 31)))
    if m.group("duration"):
        n = _cn_int(m.group("n"))
        per = {"个工作日": 1.4, "工作日": 1.4, "个月": 30, "年": 365, "天": 1, "日": 1, "周": 7}[m.group("du")]
        return Commitment("deadline", text, s, e, days=(n or 0) * per)
    if m.group("period"):
        return Commitment("deadline", text, s, e, per_year=r.periods[text])
    if m.group("quantity"):
        if not (m.group("unit") or m.group("am") or m.group("bm")):
            return None
        a = float(m.group("a")) * r.multipliers.get(m.group("am") or "", 1.0)
        b = a
        if m.group("b"):
            bm = m.group("bm") or m.group("am") or ""
            b = float(m.group("b")) * r.multipliers.get(bm, 1.0)
            if not m.group("am") and m.group("bm"):
                a *= r.multipliers.get(m.group("bm"), 1.0)
        unit = m.group("unit") or ""
        if unit == "％":
            unit = "%"
        pre, post = m.group("pre") or "", m.group("post") or ""
        comp = None
        for word in (post, pre):
            if not word:
                continue
            if word in r.upper:
                comp = "upper"
            elif word in r.soft:
                comp = comp or "soft"
            elif word in r.firm:
                comp = comp or "firm"
        return Commitment("target", text, s, e, low=min(a, b), high=max(a, b), unit=unit, comparator=comp)
    if m.group("word"):
        return _word_commitment(text, s, r)
    return None


def tokenize(text: str) -> list[Token]:
    """The text cut into tokens (offsets into ``text``); each commitment is one tagged token."""
    from .textproc import ensure_tokenizer
    r = rules()
    tok = ensure_tokenizer()
    out: list[Token] = []

    def plain(seg: str, base: int) -> None:
        pos = base
        for w in tok.cut(seg, HMM=False):
            c = None
            if len(w) == 1 and w in r.single:
                kind, lv = r.single[w]
                c = Commitment(kind, w, pos, pos + 1, level=lv)
            elif len(w) == 1 and w in r.permission:
                c = Commitment("negation", w, pos, pos + 1, level=1)
            out.append(Token(w, pos, pos + len(w), c))
            pos += len(w)

    last = 0
    for m in r.atomic.finditer(text):
        if m.end() <= m.start():
            continue
        if m.start() > last:
            plain(text[last:m.start()], last)
        c = None if (m.lastgroup == "skip") else _match_commitment(m, r)
        if c is not None and c.kind == "deadline" and c.date is not None and (
                text[m.end():m.end() + 1] == "起" or text[max(0, m.start() - 1):m.start()] == "自"):
            c = None        # 自2022年7月1日起施行: an effective date, not a deadline
        out.append(Token(m.group(0), m.start(), m.end(), c))
        last = m.end()
    if last < len(text):
        plain(text[last:], last)
    return out


def extract_commitments(text: str) -> list[Commitment]:
    """Every commitment of a clause's text, in text order."""
    return [t.commitment for t in tokenize(text) if t.commitment is not None]


def _unit_key(c: Commitment) -> str:
    return (c.unit or "").replace("个百分点", "%")


def compare_commitment(old: Commitment, new: Commitment) -> str | None:
    """How ``new`` differs from ``old`` (same kind): ``weaker``, ``stronger``, ``different`` or None (same)."""
    if old.kind != new.kind:
        return "different"
    if old.kind == "target":
        if _unit_key(old) != _unit_key(new):
            return "different"
        o, n = (old.low or 0.0, old.high or 0.0), (new.low or 0.0, new.high or 0.0)
        upper = "upper" in (old.comparator, new.comparator)
        if o != n:
            if upper:
                return "weaker" if n > o else "stronger"
            return "weaker" if n < o else "stronger"
        rank = {"firm": 2, None: 2, "upper": 2, "soft": 1}
        if rank[new.comparator] < rank[old.comparator]:
            return "weaker"
        if rank[new.comparator] > rank[old.comparator]:
            return "stronger"
        return None
    if old.kind == "deadline":
        if old.date and new.date:
            return None if old.date == new.date else ("weaker" if new.date > old.date else "stronger")
        if old.per_year and new.per_year:
            return None if old.per_year == new.per_year else (
                "weaker" if new.per_year < old.per_year else "stronger")
        if old.days and new.days:
            return None if old.days == new.days else ("weaker" if new.days > old.days else "stronger")
        return "different"
    lo, ln = old.level or 0, new.level or 0
    if lo == ln:
        return None
    return "weaker" if ln < lo else "stronger"
