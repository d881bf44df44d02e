"""Shared paragraph reflow: rebuild logical paragraphs from visual (PDF) or hard-wrapped (text) lines.

Format-neutral.  A reader describes every line by a :class:`LineCue` (what the layout says
about it: does it run to the right margin, is it indented, centred, in a display size …) and
:func:`group_lines` cuts the sequence into paragraphs with one rule set.  Text helpers here
(:func:`clean_spaces`, :func:`join_line_texts`, :func:`is_page_number`, :func:`numbering_level`)
are used by every reader.  Patterns come from ``resources/reader_cues.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence


# CJK ideographs, CJK punctuation, full-width forms, curly quotes, dashes, ellipsis, middle dot.
_CJK_CLASS = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
    "\U00020000-\U0003134f"
)
_WS = r"[ \t\u00a0\u2002-\u200b\u3000\ufeff]+"
# Whitespace with a CJK char on either side is never a genuine word space in Chinese text.
_SPACE_AFTER_CJK = re.compile(rf"(?<=[{_CJK_CLASS}]){_WS}")
_SPACE_BEFORE_CJK = re.compile(rf"{_WS}(?=[{_CJK_CLASS}])")
_MULTI_WS = re.compile(_WS)
_CJK_RE = re.compile(f"[{_CJK_CLASS}]")
_LATIN_END = re.compile(r"[A-Za-z0-9]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")
_OPEN_BRACKETS = "〔（(［[【{《“‘"
_CLOSE_BRACKETS = "〕）)］]】}》”’"


@dataclass(frozen=True)
class Cues:
    page_number: tuple[re.Pattern[str], ...]
    numbering: tuple[tuple[int | None, re.Pattern[str]], ...]
    title_endings: tuple[str, ...]
    sentence_final: str
    heading_font_keywords: tuple[str, ...]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The reader cues from ``resources/reader_cues.json`` (user copy overrides the bundled one)."""
    from ..rules import load_json
    data = load_json("reader_cues.json")
    return Cues(
        page_number=tuple(re.compile(p) for p in data["page_number"]),
        numbering=tuple((d.get("level"), re.compile(d["pattern"])) for d in data["numbering"]),
        title_endings=tuple(data["title_endings"]),
        sentence_final=data["sentence_final"],
        heading_font_keywords=tuple(k.lower() for k in data["heading_font_keywords"]),
    )


def is_cjk(ch: str) -> bool:
    return bool(_CJK_RE.match(ch))


def clean_spaces(text: str) -> str:
    """Remove spurious spaces next to CJK characters/full-width punctuation; keep one space between Latin words."""
    text = _SPACE_AFTER_CJK.sub("", text)
    text = _SPACE_BEFORE_CJK.sub("", text)
    return _MULTI_WS.sub(" ", text).strip()


def collapse_spaces(text: str) -> str:
    """Whitespace runs to one space, stripped (no CJK-specific removal)."""
    return _MULTI_WS.sub(" ", text).strip()


def join_line_texts(parts: Sequence[str], *, clean: bool = True) -> str:
    """Join the lines of one paragraph: no separator, except a space between two Latin words.

    ``clean`` removes spaces next to CJK characters (layout artefacts of PDF/plain text); without it
    whitespace runs are only collapsed (a DOCX author's spaces are kept)."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and _LATIN_END.search(out) and _LATIN_START.match(part):
            out += " "
        out += part
    return clean_spaces(out) if clean else collapse_spaces(out)


def is_page_number(text: str, *, allow_bare: bool = True) -> bool:
    """A page-number line ("— 3 —", "- 3 -", "-3-", "第3页", "3/14"; a bare "3" only if ``allow_bare``)."""
    t = text.strip()
    if not t or len(t) > 20 or (not allow_bare and t.isdigit()):
        return False
    return any(p.match(t) for p in cues().page_number)


def numbering_level(text: str) -> tuple[bool, int | None]:
    """(starts with a paragraph number, suggested heading level or None)."""
    t = text.lstrip()
    for level, pat in cues().numbering:
        if pat.match(t):
            return True, level
    return False, None


def ends_sentence(text: str) -> bool:
    """True when the line ends with sentence-final punctuation (closing quotes/brackets looked through)."""
    t = text.rstrip()
    while t and t[-1] in "”’\"'":
        t = t[:-1]
    return bool(t) and t[-1] in cues().sentence_final


def ends_annotation(text: str) -> bool:
    """True when the line ends with a closing bracket that closes a bracket opened in the same text."""
    t = text.rstrip()
    if not t or t[-1] not in "〕）)】]":
        return False
    return any(ch in t for ch in "〔（(【[")


def display_width(text: str) -> float:
    """Width in full-width character units: CJK/full-width 1, other characters 0.5."""
    cjk = len(_CJK_RE.findall(text))
    return cjk + 0.5 * (len(text) - cjk)


def title_word_ending(text: str) -> bool:
    t = text.rstrip()
    return any(t.endswith(w) for w in cues().title_endings)


def heading_font(fontname: str | None) -> bool:
    if not fontname:
        return False
    name = fontname.lower()
    return any(k in name for k in cues().heading_font_keywords)


@dataclass(slots=True)
class LineCue:
    """What the layout says about one line, in format-neutral terms."""

    text: str
    full: bool                   # runs to the right margin (or the typical full-line length)
    indented: bool | None        # first-line indent; None when the format cannot tell (plain text)
    centered: bool = False
    display: bool = False        # display type (title size/style), joined only with display lines of its run
    size: float | None = None
    gap_before: bool = False     # a blank line / large vertical gap precedes it
    page: int | None = None


_ATTACHMENT_LINE = re.compile(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]{0,3}\s*[：:]?$")


def starts_paragraph(prev: LineCue, cur: LineCue) -> bool:
    """Does ``cur`` begin a new paragraph after ``prev``?"""
    if prev.display or cur.display:
        # A title set on several lines: display lines of one size, the previous one full or the next one
        # centred, no gap, no number (two headings in display type, "一、…" then "（一）…", stay apart).
        if (prev.display and cur.display and not cur.gap_before and (cur.centered or prev.full)
                and (prev.size is None or cur.size is None or abs(prev.size - cur.size) <= 0.5)
                and not numbering_level(cur.text)[0]):
            return False
        return True
    if not _same_size(prev, cur):
        return True
    if _ATTACHMENT_LINE.match(cur.text.strip()) or _ATTACHMENT_LINE.match(prev.text.strip()):
        return True             # a standalone 附件 / 附件2 line is never glued to the text around it
    if prev.centered or cur.centered:
        return True
    if cur.indented:
        return True
    if not prev.full:
        return True
    if cur.gap_before and (cur.page is None or cur.page == prev.page):
        return True
    numbered, _ = numbering_level(cur.text)
    # a number after a sentence end or a closing bracket (an annotation that began on an earlier line: …负责）)
    if numbered and cur.indented is None and (ends_sentence(prev.text) or ends_annotation(prev.text)
                                              or prev.text.rstrip().endswith(("）", ")", "〕", "】"))):
        return True
    return False


def _same_size(a: LineCue, b: LineCue) -> bool:
    if a.size is None or b.size is None:
        return True
    return abs(a.size - b.size) <= max(1.0, 0.08 * max(a.size, b.size))


def group_lines(lines: Sequence[LineCue]) -> list[list[int]]:
    """Indices of ``lines`` grouped into paragraphs, in order."""
    groups: list[list[int]] = []
    for i, cur in enumerate(lines):
        if not groups or starts_paragraph(lines[groups[-1][-1]], cur):
            groups.append([i])
        else:
            groups[-1].append(i)
    return groups
