"""Unit lists inside annotations: bracket-aware splitting, validation, normalisation, generic flags."""

from __future__ import annotations

import re
from functools import lru_cache

from .normalize import match_form, split_top_level, unit_form
from .rules import load_json, load_tsv, stamp


# a piece that names no place on its own (区人民政府) continues the previous one (各县（市）、区人民政府)
_FRAGMENT_RE = re.compile(r"[市县区镇乡旗](?:人民)?政府")


def aliases() -> dict[str, str]:
    """variant (canonical spelling) → normalised unit name, from ``unit_aliases.tsv``."""
    return _aliases(stamp("unit_aliases.tsv"))


@lru_cache(maxsize=4)
def _aliases(key: tuple[str, float]) -> dict[str, str]:
    return {unit_form(k): unit_form(v) for k, v in load_tsv("unit_aliases.tsv").items()}


def normalize_unit(name: str) -> str:
    form = unit_form(name)
    return aliases().get(form, form)


@lru_cache(maxsize=4)
def _generic_res(patterns: tuple[str, ...]) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in patterns]


def is_generic(name: str) -> bool:
    pats = tuple(load_json("generic_units.json").get("patterns", []))
    form = unit_form(name)
    return any(r.fullmatch(form) for r in _generic_res(pats))


def looks_like_unit(name: str) -> bool:
    """True when ``name`` reads as an agency name (or a generic placeholder), not a clause."""
    cfg = load_json("annotations.json")
    form = unit_form(name)
    if not form or len(form) > int(cfg.get("unit_max_chars", 30)):
        return False
    if any(ch in form for ch in cfg.get("unit_forbidden_chars", "")):
        return False
    if form.count("（") != form.count("）"):
        return False
    if is_generic(form):
        return True
    if form.endswith("）"):
        # 市政府办公室（市金融办）: an agency with its second name in brackets
        m = re.fullmatch(r"(.+?)（([^（）]+)）", form)
        return bool(m) and looks_like_unit(m.group(1)) and looks_like_unit(m.group(2))
    return any(form.endswith(s) for s in cfg.get("unit_suffixes", []))


def _strip_suffix(name: str) -> str:
    cfg = load_json("annotations.json")
    for suf in sorted(cfg.get("unit_strip_suffixes", []), key=len, reverse=True):
        if name.endswith(suf) and len(name) > len(suf):
            return name[: -len(suf)]
    return name


def split_units(text: str) -> list[str] | None:
    """Split an annotation's unit list as written; None when any piece is not a unit name.

    ``市商务局、市发改委，各县（市、区）人民政府`` → three units; the 、 inside brackets is no
    separator; a variant listed in the alias table (``各县（市）、区人民政府``) stays one unit; a
    fragment that is no unit on its own is joined to the next piece (the same typo, unlisted).
    """
    cfg = load_json("annotations.json")
    text = text.strip().strip("，、；。 ")
    if not text:
        return None
    form = match_form(text)
    # protect alias variants that contain separators
    protected: list[tuple[int, int]] = []
    for variant in aliases():
        if any(s in variant for s in "、，；"):
            for m in re.finditer(re.escape(variant), form):
                protected.append((m.start(), m.end()))
    # split words (等和各…, …等有关部门) become separators of the same length
    for pat in cfg.get("unit_split_words", []):
        form = re.sub(pat, lambda m: "\x00" * len(m.group(0)), form)
    seps = "、，；\x00"
    masked = list(form)
    for a, b in protected:
        for i in range(a, b):
            if masked[i] in seps:
                masked[i] = "\x01"
    pieces = split_top_level("".join(masked), seps)
    out: list[str] = []
    pos = 0
    raw: list[tuple[str, str]] = []          # (piece as written, separator as written)
    for piece, sep in pieces:
        raw.append((text[pos: pos + len(piece)].strip(), text[pos + len(piece): pos + len(piece) + 1] if sep else ""))
        pos += len(piece) + (1 if sep else 0)
    raw = [(p, s) for p, s in raw if p]
    # rejoin fragments (各县（市） + 区人民政府), the typo of a bracketed list
    i = 0
    while i < len(raw):
        piece, sep = raw[i]
        name = _strip_suffix(piece)
        fragment = i + 1 < len(raw) and _FRAGMENT_RE.fullmatch(unit_form(raw[i + 1][0])) is not None
        if (fragment or not looks_like_unit(name)) and i + 1 < len(raw) and piece.endswith(("）", ")")) and sep == "、":
            joined = piece + sep + raw[i + 1][0]
            if looks_like_unit(_strip_suffix(joined)):
                raw[i: i + 2] = [(joined, raw[i + 1][1])]
                continue
        out.append(name)
        i += 1
    out = [part for u in out for part in _split_spaced(u)]
    if not out or not all(looks_like_unit(u) for u in out):
        return None
    return out


def _split_spaced(name: str) -> list[str]:
    """``县发改委　县财政局`` / ``县发改委/县财政局`` (units set apart by spaces or a slash, as in a table cell) →
    the units, when every part reads as one; otherwise the name unchanged."""
    parts = [x for x in re.split(r"[\s\u3000/／]+", name.strip()) if x]
    if len(parts) > 1 and all(looks_like_unit(_strip_suffix(x)) for x in parts):
        return [_strip_suffix(x) for x in parts]
    return [name]

