"""County profiles: one JSON file per county-level unit in ``resources/counties/``.

A user's file in ``POLICYDESK_HOME/counties/`` with the same stem overrides the bundled one; a new file there adds a
county (any county of any city) without code.  Lookup accepts the full name (如东县), the short name (如东) or the
file stem (rudong).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, OutputError
from ..paths import home_dir, resources_dir

COUNTIES_DIR = "counties"
LEVELS = ("县", "区", "市")


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
    stem: str = ""                  # file stem it was loaded from
    path: str = ""                  # file it was loaded from

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, got {self.level!r}")
        lv = self.level
        self.dept_prefix = self.dept_prefix or lv
        self.scope_word = self.scope_word or "全" + lv
        self.self_word = self.self_word or "我" + lv
        self.government = self.government or self.name + "人民政府"
        self.government_short = self.government_short or self.dept_prefix + "政府"
        self.issuing_office = self.issuing_office or self.government + "办公室"
        if not self.city_short and self.city.endswith("市"):
            self.city_short = self.city[:-1]

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
                "subordinates": self.subordinates or "【待补充：本级所属镇（街道）和园区】"}

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("stem", None)
        d.pop("path", None)
        return d

    @classmethod
    def from_json(cls, data: dict[str, Any], *, stem: str = "", path: str = "") -> "CountyProfile":
        known = set(cls.__dataclass_fields__) - {"stem", "path"}
        kw = {k: v for k, v in data.items() if k in known}
        return cls(**kw, stem=stem, path=path)


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
        return CountyProfile.from_json(data, stem=path.stem, path=str(path))
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise InputError(f"县（市、区）配置文件无法读取：{path}（{e}）。请检查该 JSON 文件的格式。", path=str(path)) from e


def load_profiles() -> list[CountyProfile]:
    """Every available profile (bundled plus the user's), sorted by file stem."""
    return [_read_profile(p) for _, p in sorted(_profile_files().items())]


def find_profile(name: str) -> CountyProfile:
    """Look a profile up by full name, short name, alias or file stem."""
    key = name.strip()
    profiles = load_profiles()
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
