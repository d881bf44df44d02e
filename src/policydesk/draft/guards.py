"""Guard rails before drafting (the command line warns, the GUI asks): is this a city plan of the profile's city,
is the 发文字号 well formed, does each output's extension match what is written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..gongwen.docnumber import doc_number_prefix, doc_number_problem
from .profiles import CountyProfile

if TYPE_CHECKING:
    from ..analysis.result import Analysis


def check_plan(analysis: Analysis, profile: CountyProfile, profiles: list[CountyProfile] | None = None) -> list[str]:
    """Warnings (Chinese, one line each) when the plan does not look like a city-level plan of the profile's city,
    or looks like a county plan itself.  Empty when it fits."""
    from ..levels import guess_level_from_analysis, level_name
    a = analysis
    meta = a.meta
    issuer = meta.issuer or ""
    number = meta.doc_number or ""
    title = meta.plan_title or meta.title or ""
    out: list[str] = []
    level = guess_level_from_analysis(a)
    if profiles is None:
        from .profiles import load_profiles
        profiles = load_profiles()
    counties = [p for p in profiles if p.name and (p.name in issuer or p.government in issuer)]
    if profile.name in issuer or profile.government in issuer or (profile.short_name and title.startswith(profile.name)):
        out.append(f"所选文件是{profile.name}自己的方案（发文机关：{issuer or profile.name}），不是市方案；"
                   f"请改选{profile.city or '上级市'}的实施方案。")
    elif counties or level == "county":
        who = counties[0].name if counties else issuer or "县（市、区）"
        out.append(f"所选文件像是县级方案（{who}），不是市方案；请确认是否要以它为依据起草。")
    elif level in ("national", "provincial"):
        out.append(f"所选文件像是{level_name(level)}级文件（{issuer or number or title}），不是市级实施方案；"
                   "配套方案通常依据市方案起草，请确认。")
    city, short = profile.city, profile.city_short
    if city and not out:
        named = any(x and (city in x or (short and short in x)) for x in (issuer, title))
        prefix = doc_number_prefix(number)
        by_number = bool(prefix and profile.city_abbr and prefix.startswith(profile.city_abbr))
        if issuer and not named and not by_number:
            out.append(f"所选方案的发文机关为“{issuer}”，不是{city}；{profile.name}的配套方案应依据{city}的方案，请确认。")
        elif not issuer and not named and not by_number and (number or title):
            out.append(f"无法确认所选方案是否为{city}的方案（文号：{number or '无'}），请确认。")
    return out


def check_doc_number(value: str) -> str | None:
    """None when ``value`` is a well-formed 发文字号 (东政发〔2021〕5号), else a Chinese message saying what is wrong."""
    return doc_number_problem(value)


EXPECTED = {"draft": (".docx",), "note": (".docx",), "table": (".docx",), "ledger": (".xlsx",),
            "decisions": (".json",)}
LABELS = {"draft": "草稿", "note": "起草说明", "table": "对照表", "ledger": "分工表", "decisions": "决定文件"}


def check_output_suffix(kind: str, path: str | Path, label: str | None = None) -> str | None:
    """None when the file name's extension is what is written for ``kind``, else a Chinese message naming the
    output as ``label`` (an interface's own name for it, e.g. the CLI's flag) or as :data:`LABELS` says."""
    suffix = Path(path).suffix.lower()
    ok = EXPECTED[kind]
    if suffix in ok:
        return None
    return (f"{label or LABELS[kind]}只能写成 {'/'.join(ok)} 文件，“{path}”的扩展名为“{suffix or '无'}”。"
            f"请改用 {Path(path).with_suffix(ok[0]).name} 这样的文件名。")
