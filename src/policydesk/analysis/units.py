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


@lru_cache(maxsize=4)
def _separated_variants(key: tuple[str, float]) -> tuple[str, ...]:
    return tuple(v for v in aliases() if any(s in v for s in "、，；"))


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


def looks_like_unit(name: str, *, places: bool = False) -> bool:
    """True when ``name`` reads as an agency name (or a generic placeholder), not a clause.

    ``places``: a place name (海门区, 县级市, 各镇) counts too — right inside an annotation, not on a
    signature line."""
    return unit_verdict(name, places=places)[0]


def name_like(name: str) -> bool:
    """Could be a unit's name at all: short enough, balanced brackets, none of the words of a clause
    (由/在/对/的/要 …).  A name-like piece the suffix rules do not know is kept as an unrecognised unit."""
    cfg = load_json("annotations.json")
    form = unit_form(name)
    if not form or len(form) > int(cfg.get("unit_max_chars", 30)):
        return False
    if any(ch in form for ch in cfg.get("unit_forbidden_chars", "")):
        return False
    return form.count("（") == form.count("）")


def unit_verdict(name: str, *, places: bool = True) -> tuple[bool, str | None]:
    """``(recognised, reason)`` for one unit name: recognised when it ends in an agency word of
    ``unit_suffixes`` (or a place word of ``place_suffixes`` when ``places``) or is a generic placeholder;
    otherwise the reason, in Chinese, for the user."""
    return _verdict(name, places, stamp("annotations.json"), stamp("generic_units.json"))


@lru_cache(maxsize=8192)
def _verdict(name: str, places: bool, _k1: tuple[str, float], _k2: tuple[str, float]) -> tuple[bool, str | None]:
    cfg = load_json("annotations.json")
    form = unit_form(name)
    if not form:
        return False, "单位名称为空"
    limit = int(cfg.get("unit_max_chars", 30))
    if len(form) > limit:
        return False, f"名称超过{limit}个字，像一句说明而不是单位名称"
    bad = [ch for ch in cfg.get("unit_forbidden_chars", "") if ch in form]
    if bad:
        return False, f"名称中含“{bad[0]}”，像一句说明而不是单位名称"
    if form.count("（") != form.count("）"):
        return False, "名称中括号不成对"
    if is_generic(form):
        return True, None
    if form.endswith("）"):
        # 市政府办公室（市金融办）, 各镇（街道）: an agency with its second name in brackets
        m = re.fullmatch(r"(.+?)（([^（）]+)）", form)
        if m and _verdict(m.group(1), places, _k1, _k2)[0] and _verdict(m.group(2), True, _k1, _k2)[0]:
            return True, None
    suffixes = list(cfg.get("unit_suffixes", [])) + (list(cfg.get("place_suffixes", [])) if places else [])
    if any(form.endswith(s) and len(form) > len(s) for s in suffixes):   # 市、区 alone name no unit
        return True, None
    return False, "名称结尾不是常见的机构用字（如局、委、办、中心、公司、专班），请核对是否为单位"


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
    out = split_unit_pieces(text)
    if not out or not all(looks_like_unit(u, places=True) for u in out):
        return None
    return out


def split_unit_pieces(text: str) -> list[str]:
    """The pieces of a unit list as written (same splitting as :func:`split_units`), whether or not each
    reads as a unit: the caller keeps the unknown ones, marked."""
    cfg = load_json("annotations.json")
    text = text.strip().strip("，、；。 ")
    if not text:
        return []
    form = match_form(text)
    # protect alias variants that contain separators
    protected: list[tuple[int, int]] = []
    for variant in _separated_variants(stamp("unit_aliases.tsv")):
        if variant in form:
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
        if (fragment or not looks_like_unit(name, places=True)) and i + 1 < len(raw) and piece.endswith(("）", ")")) \
                and sep == "、":
            joined = piece + sep + raw[i + 1][0]
            if looks_like_unit(_strip_suffix(joined), places=True):
                raw[i: i + 2] = [(joined, raw[i + 1][1])]
                continue
        out.append(name)
        i += 1
    return [part for u in out for spaced in _split_spaced(u) for part in _split_conjoined(spaced)]


_CONJ_RE = re.compile(r"以及|及|和|与")


def _split_conjoined(name: str) -> list[str]:
    """``领导小组成员单位及省地震局`` → two units when both sides read as units (``发展和改革委员会``,
    ``住房和城乡建设局`` stay whole: their left part names no unit)."""
    form = unit_form(name)
    if looks_like_unit(form, places=True) and not _CONJ_RE.search(form):
        return [name]
    for m in _CONJ_RE.finditer(name):
        left, right = name[:m.start()].strip(), name[m.end():].strip()
        if len(left) >= 3 and len(right) >= 3 and not is_generic(form) and looks_like_unit(left, places=True) \
                and looks_like_unit(_strip_suffix(right), places=True):
            return [left] + _split_conjoined(_strip_suffix(right))
    return [name]


def _split_spaced(name: str) -> list[str]:
    """``县发改委　县财政局`` / ``县发改委/县财政局`` (units set apart by spaces or a slash, as in a table cell) →
    the units, when every part reads as one; otherwise the name unchanged."""
    parts = [x for x in re.split(r"[\s\u3000/／]+", name.strip()) if x]
    if len(parts) > 1 and all(looks_like_unit(_strip_suffix(x)) for x in parts):
        return [_strip_suffix(x) for x in parts]
    return [name]

