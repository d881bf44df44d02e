"""County profiles: one JSON file per county-level unit in ``resources/counties/``.

A user's file in ``POLICYDESK_HOME/counties/`` with the same stem overrides the bundled one; a new file there adds a
county (any county of any city) without code.  Lookup accepts the full name (如东县), the short name (如东) or the
file stem (rudong).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, OutputError
from ..paths import home_dir, resources_dir

COUNTIES_DIR = "counties"
LEVELS = ("县", "区", "市")
KINDS = {"县": "县", "区": "区", "县级市": "市", "市": "市"}     # profile kind → level used by the mapping rows
ZONE_LEVELS = ("国家级", "省级", "")


@dataclass(slots=True)
class CountyProfile:
    name: str                       # 如东县
    short_name: str                 # 如东
    level: str                      # 县 | 区 | 市
    city: str = ""                  # 南通市 (the city whose plans it implements)
    city_short: str = ""            # 南通
    dept_prefix: str = ""           # 县 → 县商务局
    scope_word: str = ""            # 全县
    self_word: str = ""             # 我县
    government: str = ""            # 如东县人民政府
    government_short: str = ""      # 县政府
    issuing_office: str = ""        # 如东县人民政府办公室 (印发机关)
    recipients: str = ""            # 主送 line of a 印发通知 (editable default)
    subordinates: str = ""          # replaces 各县（市、区）人民政府
    copy_to: str = ""               # 抄送 (editable default)
    doc_number_prefix: str | None = None   # 发文机关代字, e.g. 东政发; None = unknown
    zones: list[dict[str, str]] = field(default_factory=list)   # {"name", "source", "note"?}
    aliases: list[str] = field(default_factory=list)
    editable_defaults: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    # --- version 2: the county's own facts (empty = not known: the draft shows a placeholder) ---
    version: int = 1
    kind: str = ""                  # 县 | 县级市 | 区
    city_abbr: str = ""             # the city's one-character short name as used in 在通/来通 (通)
    towns: list[str] = field(default_factory=list)      # 镇
    streets: list[str] = field(default_factory=list)    # 街道
    agencies: dict[str, str | None] = field(default_factory=dict)        # city agency → county counterpart ("" = none)
    vertical_units: dict[str, str | None] = field(default_factory=dict)  # city vertical unit → county counterpart
    geography: list[str] = field(default_factory=list)  # 沿江 / 沿海 …
    industries: list[str] = field(default_factory=list)  # leading industries
    local_form: str = ""            # replaces 各地各部门 (各镇（区、街道）、各部门)
    sources: list[str] = field(default_factory=list)    # where the facts come from
    stem: str = ""                  # file stem it was loaded from
    path: str = ""                  # file it was loaded from

    def __post_init__(self) -> None:
        if self.kind and not self.level:
            self.level = KINDS.get(self.kind, "")
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, got {self.level!r}")
        if not self.kind or KINDS.get(self.kind) != self.level:      # level (the older field) wins
            self.kind = {"市": "县级市"}.get(self.level, self.level)
        lv = self.level
        self.dept_prefix = self.dept_prefix or lv
        self.scope_word = self.scope_word or "全" + lv
        self.self_word = self.self_word or "我" + lv
        self.government = self.government or self.name + "人民政府"
        self.government_short = self.government_short or self.dept_prefix + "政府"
        self.issuing_office = self.issuing_office or self.government + "办公室"
        if not self.city_short and self.city.endswith("市"):
            self.city_short = self.city[:-1]
        if not self.local_form:
            self.local_form = {"区": "各街道（园区）、各部门"}.get(lv, "各镇（区、街道）、各部门")

    @property
    def is_city_level(self) -> bool:
        """A county-level city (如皋市): 全市 and 市商务局 rightly refer to itself."""
        return self.level == "市"

    @property
    def self_names(self) -> list[str]:
        names = [self.name, self.short_name, *self.aliases, *(z["name"] for z in self.zones if z.get("name"))]
        return [n for n in dict.fromkeys(names) if n]

    def variables(self) -> dict[str, str]:
        """Values for the {placeholders} of the mapping table and rules."""
        return {"prefix": self.dept_prefix, "level": self.level, "scope": self.scope_word, "self": self.self_word,
                "name": self.name, "short": self.short_name, "gov": self.government,
                "city": self.city or "【待补充：上级市名称】", "city_short": self.city_short or self.city,
                "subordinates": self.subordinates or "【待补充：本级所属镇（街道）和园区】",
                "city_abbr": self.city_abbr, "local_form": self.local_form,
                "upper_leaders": f"{self.city}委、市政府" if self.level == "市" else "市委、市政府",
                "geo": "、".join(self.geography) or "【待补充：地理位置】",
                "industries": "、".join(self.industries) or "【待补充：本级主导产业】",
                "zones": "、".join(z["name"] for z in self.zones if z.get("name"))}

    def raw_variable(self, name: str) -> str:
        """The profile's own value behind a variable ("" when the profile does not know it)."""
        own = {"city_abbr": self.city_abbr, "city": self.city, "city_short": self.city_short,
               "geo": "、".join(self.geography), "industries": "、".join(self.industries),
               "zones": "、".join(z["name"] for z in self.zones if z.get("name"))}
        return own[name] if name in own else self.variables().get(name, "")

    def counterpart(self, unit: str) -> str | None:
        """The county's own counterpart of a city unit from the profile ("" = it has none), None if not listed."""
        for table in (self.agencies, self.vertical_units):
            if unit in table:
                return table[unit] or ""
        return None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("stem", None)
        d.pop("path", None)
        return d

    @classmethod
    def from_json(cls, data: dict[str, Any], *, stem: str = "", path: str = "") -> "CountyProfile":
        validate_profile_data(data, path or stem or "（新建）")
        known = set(cls.__dataclass_fields__) - {"stem", "path"}
        kw = {k: v for k, v in data.items() if k in known}
        kw.setdefault("level", "")
        return cls(**kw, stem=stem, path=path)


_STR_FIELDS = ("name", "short_name", "city", "city_short", "city_abbr", "dept_prefix", "scope_word", "self_word",
               "government", "government_short", "issuing_office", "recipients", "subordinates", "copy_to",
               "local_form")
_LIST_FIELDS = ("aliases", "editable_defaults", "notes", "unknown", "towns", "streets", "geography", "industries",
                "sources")
_LABELS = {"name": "名称", "short_name": "简称", "level": "层级", "kind": "类型", "city": "所属市", "zones": "园区",
           "agencies": "部门对应", "vertical_units": "垂直管理单位", "geography": "地理位置", "industries": "主导产业",
           "towns": "镇", "streets": "街道", "doc_number_prefix": "发文机关代字", "city_abbr": "市的一字简称"}


def validate_profile_data(data: Any, where: str) -> None:
    """Raise InputError with one Chinese line naming the file and the field that is wrong."""
    def bad(fieldname: str, what: str) -> InputError:
        label = _LABELS.get(fieldname, fieldname)
        return InputError(f"县（市、区）配置 {where} 的字段“{fieldname}”（{label}）{what}。请修改该字段。",
                          path=where if where.endswith(".json") else None)
    if not isinstance(data, dict):
        raise InputError(f"县（市、区）配置 {where} 应为 JSON 对象。请检查该文件。")
    for f in ("name", "short_name"):
        if not isinstance(data.get(f), str) or not data.get(f, "").strip():
            raise bad(f, "缺失或为空")
    if not data["name"].strip().endswith(("县", "区", "市")):
        raise bad("name", "应为县、区或县级市的全称（以“县”“区”或“市”结尾，如 如东县、崇川区、如皋市）")
    level, kind = data.get("level"), data.get("kind")
    if kind is not None and kind not in KINDS:
        raise bad("kind", "应为 县、县级市 或 区")
    if level is not None and level not in LEVELS:
        raise bad("level", "应为 县、区 或 市")
    if level is None and kind is None:
        raise bad("kind", "缺失（应为 县、县级市 或 区）")
    for f in _STR_FIELDS:
        if f in data and data[f] is not None and not isinstance(data[f], str):
            raise bad(f, "应为文字")
    for f in _LIST_FIELDS:
        if f in data and (not isinstance(data[f], list) or not all(isinstance(x, str) for x in data[f])):
            raise bad(f, "应为文字列表")
    if data.get("city_abbr") and len(data["city_abbr"]) != 1:
        raise bad("city_abbr", "应为一个字（如 通）")
    dn = data.get("doc_number_prefix")
    if dn is not None and (not isinstance(dn, str) or re.search(r"[〔〕\[\]（）()\d]", dn)):
        raise bad("doc_number_prefix", "应为发文机关代字（如 东政发），不含年份和括号")
    zones = data.get("zones", [])
    if not isinstance(zones, list):
        raise bad("zones", "应为列表")
    for i, z in enumerate(zones, 1):
        if not isinstance(z, dict) or not isinstance(z.get("name"), str) or not z["name"].strip():
            raise bad("zones", f"第{i}项缺少名称 name")
        if z.get("level") not in (None, *ZONE_LEVELS):
            raise bad("zones", f"第{i}项（{z['name']}）的 level 应为 国家级 或 省级")
        if any(not isinstance(v, str) for v in z.values() if v is not None):
            raise bad("zones", f"第{i}项（{z['name']}）的值应为文字")
    for f in ("agencies", "vertical_units"):
        t = data.get(f, {})
        if not isinstance(t, dict) or not all(isinstance(k, str) and (v is None or isinstance(v, str))
                                              for k, v in t.items()):
            raise bad(f, "应为“市级单位: 本级单位”的对应表")
    if "version" in data and data["version"] not in (1, 2):
        raise bad("version", "应为 1 或 2")


# Every field of a profile as the GUI's form shows it: (field, Chinese label, editor kind, choices or hint).
# Editor kinds: text, choice, list (one item a line), zones (rows of name/level/authority/kind), table (city unit →
# county unit).  ``new_profile(values)`` validates what the form gives back.
PROFILE_FIELDS: list[tuple[str, str, str, Any]] = [
    ("name", "全称", "text", "如东县"), ("short_name", "简称", "text", "如东"),
    ("kind", "类型", "choice", ("县", "县级市", "区")), ("city", "所属市", "text", "南通市"),
    ("city_short", "所属市简称", "text", "南通"), ("city_abbr", "市的一字简称", "text", "通（在通、来通）"),
    ("aliases", "别名", "list", ""), ("government", "人民政府名称", "text", "如东县人民政府"),
    ("issuing_office", "印发机关", "text", "如东县人民政府办公室"), ("doc_number_prefix", "发文机关代字", "text", "东政发"),
    ("zones", "开发园区", "zones", ZONE_LEVELS), ("towns", "镇", "list", ""), ("streets", "街道", "list", ""),
    ("agencies", "部门对应（市级部门 → 本级部门）", "table", "市水利局 → 县水务局"),
    ("vertical_units", "垂直管理单位（市级 → 本级）", "table", "南通海关 → …"),
    ("geography", "地理位置", "list", "沿江、沿海"), ("industries", "主导产业", "list", ""),
    ("local_form", "“各地各部门”的本级写法", "text", "各镇（区、街道）、各部门"),
    ("recipients", "主送机关（默认）", "text", ""), ("subordinates", "承办单位（替换各县（市、区）人民政府）", "text", ""),
    ("copy_to", "抄送机关（默认）", "text", ""), ("sources", "资料来源", "list", ""),
]


def new_profile(data: dict[str, Any]) -> CountyProfile:
    """A profile from a form's values (the GUI's 新建/编辑 form): validated like a file; not saved.

    Missing fields get their defaults from the kind (县/县级市/区); save it with :func:`save_profile`."""
    d = {k: v for k, v in data.items() if v not in (None, "") or k == "doc_number_prefix"}
    d.setdefault("version", 2)
    return CountyProfile.from_json(d, stem=str(data.get("stem") or ""), path="")


def _profile_files() -> dict[str, Path]:
    """stem -> file, the user's copies overriding the bundled ones."""
    files: dict[str, Path] = {}
    for base in (resources_dir() / COUNTIES_DIR, home_dir() / COUNTIES_DIR):
        if base.is_dir():
            for f in sorted(base.glob("*.json")):
                files[f.stem] = f
    return files


def _read_profile(path: Path) -> CountyProfile:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as e:
        raise InputError(f"县（市、区）配置文件无法读取：{path}（{e}）。请检查该 JSON 文件的格式。", path=str(path)) from e
    try:
        return CountyProfile.from_json(data, stem=path.stem, path=str(path))
    except (ValueError, TypeError, KeyError) as e:
        raise InputError(f"县（市、区）配置文件 {path} 有误（{e}）。请检查该文件的字段。", path=str(path)) from e


_ERRORS: dict[str, InputError] = {}


def _names_in(path: str | None) -> set[str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig")) if path else {}
        return {str(data.get(k)) for k in ("name", "short_name") if isinstance(data, dict) and data.get(k)}
    except (OSError, ValueError):
        return set()


def profile_errors() -> dict[str, str]:
    """Broken profile files found by the last :func:`load_profiles`: stem → the one-line Chinese message."""
    return {k: str(v) for k, v in _ERRORS.items()}


def load_profiles() -> list[CountyProfile]:
    """Every available profile (bundled plus the user's), sorted by file stem.

    A broken file is left out (see :func:`profile_errors`); it never breaks the others."""
    out = []
    _ERRORS.clear()
    for stem, p in sorted(_profile_files().items()):
        try:
            out.append(_read_profile(p))
        except InputError as e:
            _ERRORS[stem] = e
            import logging
            logging.getLogger("policydesk").warning("profile skipped: %s", e)
    return out


def find_profile(name: str) -> CountyProfile:
    """Look a profile up by full name, short name, alias or file stem."""
    key = name.strip()
    profiles = load_profiles()
    for stem, err in _ERRORS.items():            # a broken file asked for by its stem or its name
        if key == stem or key in _names_in(err.path):
            raise err
    for attr in ("name", "stem", "short_name"):
        for prof in profiles:
            if getattr(prof, attr) == key:
                return prof
    for prof in profiles:
        if key in prof.aliases or key == prof.government:
            return prof
    known = "、".join(p.name for p in profiles)
    raise InputError(f"未找到县（市、区）配置“{name}”。可用的有：{known}。"
                     f"也可在 {home_dir() / COUNTIES_DIR} 下新建一个 JSON 配置文件。")


def save_profile(profile: CountyProfile, stem: str | None = None) -> Path:
    """Write the profile to POLICYDESK_HOME/counties/<stem>.json (the user's copy, which overrides the bundled one)."""
    from ..fileio import write_text_atomic
    stem = stem or profile.stem or profile.short_name or profile.name
    target_dir = home_dir() / COUNTIES_DIR
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"无法创建目录 {target_dir}：{e.strerror}。", path=str(target_dir)) from e
    target = target_dir / f"{stem}.json"
    text = json.dumps(profile.to_json(), ensure_ascii=False, indent=2) + "\n"
    write_text_atomic(target, text, force=True)
    return target
