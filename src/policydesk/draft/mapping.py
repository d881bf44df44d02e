"""The editable city → county mapping table (``resources/agency_mapping.tsv``).

Rows map responsible units (exact names or regular expressions) and body-text phrases (全市 → 全县 …) for a county
profile; each row says whether the change is silent (``mapped``), must be confirmed by the drafter (``confirm``,
highlighted with a comment) or removes the phrase (``delete``).  A copy in POLICYDESK_HOME overrides the bundled file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..paths import home_dir, resource
from .profiles import CountyProfile

MAPPING_FILE = "agency_mapping.tsv"
KINDS = ("unit", "unit_re", "text", "text_re")
STATUSES = ("mapped", "confirm", "delete")
COLUMNS = ("kind", "from", "to", "status", "levels", "note")

_VAR = re.compile(r"\{(\w+)\}")


@dataclass(slots=True, frozen=True)
class MappingRule:
    kind: str
    source: str
    target: str
    status: str
    levels: str = "*"
    note: str = ""

    def applies_to(self, profile: CountyProfile) -> bool:
        return self.levels.strip() in ("", "*") or profile.level in re.split(r"[,，、\s]+", self.levels)


@dataclass(slots=True, frozen=True)
class MappedUnit:
    original: str
    text: str
    status: str        # mapped | confirm | delete | unchanged
    note: str = ""


def fill(template: str, variables: dict[str, str]) -> str:
    """Replace {name} placeholders; unknown names are left as written."""
    return _VAR.sub(lambda m: variables.get(m.group(1), m.group(0)), template)


class AgencyMapping:
    def __init__(self, rules: list[MappingRule], path: str = ""):
        self.rules = rules
        self.path = path
        self._unit_re = [r for r in rules if r.kind == "unit_re"]
        self._compiled: dict[str, re.Pattern] = {}
        self._prepared_cache: dict = {}

    def _rx(self, pattern: str) -> re.Pattern:
        rx = self._compiled.get(pattern)
        if rx is None:
            rx = self._compiled[pattern] = re.compile(pattern)
        return rx

    def _prepared(self, variables: dict[str, str], level: str):
        """The unit rows with the profile's variables filled in (cached per set of variables)."""
        key = (level, tuple(variables.items()))
        hit = self._prepared_cache.get(key)
        if hit is None:
            escaped = {k: re.escape(v) for k, v in variables.items()}
            exact: dict[str, MappingRule] = {}
            for r in self.rules:
                if r.kind == "unit" and (r.levels.strip() in ("", "*") or level in re.split(r"[,，、\s]+", r.levels)):
                    exact.setdefault(fill(r.source, variables), r)
            regexes = [(self._rx(fill(r.source, escaped)), r) for r in self._unit_re
                       if r.levels.strip() in ("", "*") or level in re.split(r"[,，、\s]+", r.levels)]
            hit = self._prepared_cache[key] = (exact, regexes)
        return hit

    def for_profile(self, profile: CountyProfile) -> "AgencyMapping":
        return AgencyMapping([r for r in self.rules if r.applies_to(profile)], self.path)

    def map_unit(self, unit: str, profile: CountyProfile) -> MappedUnit:
        variables = profile.variables()
        own = profile.counterpart(unit)
        if own is not None:               # the county's real counterpart, from its profile
            if own:
                return MappedUnit(unit, own, "mapped", f"据本{profile.level}配置：{unit} → {own}")
            return MappedUnit(unit, unit, "confirm", f"据本{profile.level}配置，本级无“{unit}”的对口单位：请确认保留或删除")
        exact, regexes = self._prepared(variables, profile.level)
        r = exact.get(unit)
        if r is not None:
            return MappedUnit(unit, fill(r.target, variables), r.status, fill(r.note, variables))
        for rx, r in regexes:
            m = rx.search(unit)
            if m:
                target = m.expand(fill(r.target, variables))
                return MappedUnit(unit, target, r.status, fill(r.note, variables))
        return MappedUnit(unit, unit, "unchanged", "")

    def text_rules(self, profile: CountyProfile) -> list[MappingRule]:
        return [r for r in self.rules if r.kind in ("text", "text_re") and r.applies_to(profile)]


def parse_mapping(text: str, path: str = "") -> AgencyMapping:
    rules: list[MappingRule] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0] == "kind":
            continue               # header row
        cols += [""] * (len(COLUMNS) - len(cols))
        kind, src, dst, status, levels, note = (c.strip() for c in cols[:6])
        if kind not in KINDS or status not in STATUSES or not src:
            raise InputError(f"对应表 {path} 第{lineno}行格式不对（类型须为 {'/'.join(KINDS)}，"
                             f"状态须为 {'/'.join(STATUSES)}）。请修改该行。", path=path)
        if kind.endswith("_re"):
            try:
                re.compile(fill(src, {"city": "X市", "city_short": "X", "city_abbr": "X", "name": "Y县", "short": "Y"}))
            except re.error as e:
                raise InputError(f"对应表 {path} 第{lineno}行的正则表达式有误：{e}。", path=path) from e
        rules.append(MappingRule(kind, src, dst, status, levels or "*", note))
    return AgencyMapping(rules, path)


def load_mapping(path: str | Path | None = None) -> AgencyMapping:
    p = Path(path) if path else resource(MAPPING_FILE)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise InputError(f"无法读取单位对应表：{p}（{e.strerror}）。", path=str(p)) from e
    return parse_mapping(text, str(p))


def format_mapping(mapping: AgencyMapping, header: str = "") -> str:
    lines = [header.rstrip("\n")] if header else []
    lines.append("\t".join(COLUMNS))
    for r in mapping.rules:
        lines.append("\t".join((r.kind, r.source, r.target, r.status, r.levels, r.note)))
    return "\n".join(lines) + "\n"


def save_mapping(mapping: AgencyMapping) -> Path:
    """Write the table to POLICYDESK_HOME (the user's copy, overriding the bundled one), keeping the comment header."""
    from ..fileio import write_text_atomic
    from ..paths import resources_dir
    bundled = resources_dir() / MAPPING_FILE
    header = ""
    if bundled.exists():
        header = "\n".join(l for l in bundled.read_text(encoding="utf-8-sig").splitlines() if l.startswith("#"))
    target = home_dir() / MAPPING_FILE
    write_text_atomic(target, format_mapping(mapping, header), force=True)
    return target
