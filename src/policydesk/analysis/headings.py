"""The outline: numbered headings of a plan (一、/（一）/1./（1）) or of a law (第X章/第X节/第X条).

Patterns live in ``resources/analysis/headings.json``.  A heading's title is its text up to the
first sentence end (or the whole short line), without the number, the closing ``。`` and any
annotation.  Traps like ``1.5亿美元``, ``2.0建设`` or ``1~2个`` never match (a digit follows the dot /
no dot).  In a law an article's own （一）（二） items are part of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import match_form, no_space
from .rules import load_json, stamp


@dataclass(slots=True)
class Heading:
    id: str
    level: int                    # rank in the outline (0 = 第X部分), orders the tree
    number: str
    title: str
    paragraph: int
    parent: str | None
    page: int | None = None
    kind: str = ""
    path: str = ""                # id without the attachment/part prefix
    shown_level: int | None = None  # level reported in analysis/1 (1-4); None: ``level``

    def to_json(self) -> dict:
        level = self.level if self.shown_level is None else self.shown_level
        return {"id": self.id, "level": level, "number": self.number, "title": self.title,
                "page": self.page, "parent": self.parent, "paragraph": self.paragraph}


@lru_cache(maxsize=4)
def _patterns(key: tuple[str, float]) -> dict:
    cfg = load_json("headings.json")
    def comp(items: list[dict]) -> list[tuple[int, str, re.Pattern[str]]]:
        return [(int(p["level"]), p["kind"], re.compile(p["regex"])) for p in items]
    return {"plan": comp(cfg["plan_levels"]), "law": comp(cfg["law_levels"]),
            "min_articles": int(cfg.get("law_min_articles", 3)),
            "not": [re.compile(r) for r in cfg.get("not_headings", [])],
            "max_title": int(cfg.get("max_title_chars", 60))}


def patterns() -> dict:
    return _patterns(stamp("headings.json"))


def is_law(texts: list[str]) -> bool:
    """A law or regulation: at least a few paragraphs open with 第X条."""
    pats = patterns()
    art = [rx for lvl, kind, rx in pats["law"] if kind == "article"]
    count = sum(1 for t in texts if any(rx.match(match_form(t)) for rx in art))
    return count >= pats["min_articles"]


def match_heading(text: str, law: bool) -> tuple[int, str, str, int] | None:
    """``(level, kind, number as printed, end of number)`` when ``text`` opens with a heading number."""
    form = match_form(text)
    pats = patterns()
    if any(rx.match(form) for rx in pats["not"]):
        return None
    for level, kind, rx in pats["law" if law else "plan"]:
        m = rx.match(form)
        if m:
            return level, kind, text[: m.end("number")], m.end("number")
    return None


def heading_title(text: str, start: int, stop: int | None = None) -> str:
    """Title after the number: up to the first sentence end (or ``stop``, an annotation's start)."""
    body = text[start:stop] if stop is not None else text[start:]
    body = body[len(body) - len(body.lstrip(" 　:：")):]      # 第一部分：总体要求
    form = match_form(body)
    cut = len(body)
    for i, ch in enumerate(form):
        if ch in "。！？；：":
            cut = i
            break
    title = body[:cut].strip()
    title = title.strip(" 　:：，,")
    return no_space(title) if re.search(r"[\u4e00-\u9fff]", title) else title


def _id_part(kind: str, n: str) -> str:
    if kind == "part":
        return f"第{n}部分"
    if kind in ("cn_dun", "cn_dot"):
        return n
    if kind == "cn_paren":
        return f"（{n}）"
    if kind == "ar_dot":
        return f"{n}."
    if kind == "ar_paren":
        return f"（{n}）"
    return n


_CIRCLED = str.maketrans(dict(zip("㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩", "一二三四五六七八九十")))
_DIGIT_AFTER_RE = re.compile(r"^(?P<number>(?P<n>[0-9]{1,2})[.、])(?=[0-9])")


def _sequence_headings(texts: list[str], hits: dict[int, tuple[int, str, str, int] | None]) -> None:
    """``11.121人才梯队项目``: a number followed by a digit is a 1./2./3. heading where the numbering sequence
    says so — the previous heading of that kind (no higher heading between) is n-1, and the next one, if
    any before a higher heading, is n+1.  Keeps ``1.5亿美元`` / ``2.0建设`` out everywhere else."""
    level3 = next((lvl for lvl, kind, _ in patterns()["plan"] if kind == "ar_dot"), 3)
    keys = sorted(hits)
    def number(k: int) -> int | None:
        h = hits.get(k)
        if not h or h[1] != "ar_dot":
            return None
        m = re.match(r"[0-9]+", match_form(h[2]))
        return int(m.group(0)) if m else None
    for k in keys:
        if hits[k] is not None:
            continue
        m = _DIGIT_AFTER_RE.match(match_form(texts[k]))
        if not m or int(m.group("n")) < 2:
            continue
        n = int(m.group("n"))
        prev = next((j for j in reversed(keys) if j < k and hits.get(j)), None)
        nxt = next((j for j in keys if j > k and hits.get(j)), None)
        if prev is None or number(prev) != n - 1:
            continue
        nxt_hit = hits.get(nxt) if nxt is not None else None
        if nxt_hit is not None and nxt_hit[0] >= level3 and number(nxt) != n + 1:   # type: ignore[arg-type]
            continue
        hits[k] = (level3, "ar_dot", texts[k][: m.end("number")], m.end("number"))


def find_headings(texts: list[str], start: int, end: int, law: bool,
                  annotation_starts: dict[int, int] | None = None,
                  skip: set[int] | None = None, id_prefix: str = "",
                  pages: list[int | None] | None = None, taken: set[str] | None = None) -> list[Heading]:
    """Headings among ``texts[start:end]`` as a tree (``parent`` ids), in document order."""
    annotation_starts = annotation_starts or {}
    skip = skip or set()
    taken = taken if taken is not None else set()
    out: list[Heading] = []
    stack: list[Heading] = []
    chapter: str = ""
    hits = {k: match_heading(texts[k], law) for k in range(start, end) if k not in skip}
    if not law:
        _sequence_headings(texts, hits)
    # 第X部分 (level 0) above 一、: levels shift down by one where a document uses it (reported at most 4)
    shift = 1 if any(h and h[0] == 0 for h in hits.values()) else 0
    for k in range(start, end):
        hit = hits.get(k)
        if not hit:
            continue
        text = texts[k]
        level, kind, number, num_end = hit
        m = re.match(r"^[（(]?(?:第)?(?P<n>[0-9一二三四五六七八九十百零〇]+)", match_form(number).translate(_CIRCLED))
        n = m.group("n") if m else number
        title = heading_title(text, num_end, annotation_starts.get(k))
        if not law and not title:
            continue
        while stack and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        if law:
            num = no_space(number)
            if kind == "chapter":
                chapter = num
                hid = num
            elif kind == "section":
                hid = chapter + num
            else:
                hid = num
        else:
            hid = (parent.path if parent else "") + _id_part(kind, n)
        path = hid
        hid = id_prefix + hid
        base, dup = hid, 2
        while hid in taken:
            hid = f"{base}#{dup}"
            dup += 1
        taken.add(hid)
        h = Heading(id=hid, level=level, shown_level=min(4, level + shift), number=no_space(number), title=title,
                    paragraph=k,
                    parent=parent.id if parent else None, page=pages[k] if pages else None, kind=kind,
                    path=path)
        out.append(h)
        stack.append(h)
    return out
