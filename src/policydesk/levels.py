"""Administrative levels of documents: parsing user input and guessing from 文号/issuer/title.

The rules are data (``resources/levels.json``): a drafter can add a 文号 prefix or an issuer form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .analysis.result import Analysis

import re
from functools import lru_cache
from typing import Any

from .errors import LibraryError

LEVELS = ("national", "provincial", "city", "county", "other")
RANK = {"national": 4, "provincial": 3, "city": 2, "county": 1, "other": 0}
NAMES_ZH = {"national": "国家", "provincial": "省", "city": "市", "county": "县", "other": "其他"}


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    from .rules import load_json
    data = dict(load_json("levels.json"))
    for key in ("doc_number", "issuer", "title"):
        data[key] = [(re.compile(r["pattern"]), r["level"]) for r in data.get(key, [])]
    return data


def parse_level(value: str) -> str:
    """``national``/``国家``/… → canonical level; LibraryError-free: raises ValueError with a Chinese message."""
    v = (value or "").strip().lower()
    aliases = _rules().get("aliases", {})
    if v in aliases:
        return aliases[v]
    if v in LEVELS:
        return v
    raise ValueError(f"无法识别的级别“{value}”。可用：national/provincial/city/county/other，或 国家/省/市/县/其他。")


def parse_level_or_library_error(value: str) -> str:
    try:
        return parse_level(value)
    except ValueError as e:
        raise LibraryError(str(e)) from e


def _docno_prefix(doc_number: str | None) -> str | None:
    if not doc_number:
        return None
    m = re.match(r"\s*([\u4e00-\u9fff]+)\s*[〔\[［(（【]", doc_number)
    return m.group(1) if m else None


def guess_level(*, issuer: str | None = None, doc_number: str | None = None, title: str | None = None) -> str:
    """Best guess of the level; ``other`` when no rule matches."""
    rules = _rules()
    for field, value in (("issuer", issuer), ("doc_number", _docno_prefix(doc_number)), ("title", title)):
        if not value:
            continue
        for pat, level in rules[field]:
            if pat.search(value):
                return level
    return "other"


def guess_level_from_analysis(analysis: Analysis) -> str:
    meta = analysis.meta
    level = guess_level(issuer=meta.issuer, doc_number=meta.doc_number, title=meta.title)
    if level == "other" and meta.plan_title:
        level = guess_level(title=meta.plan_title)
    return level


def level_name(level: str) -> str:
    return NAMES_ZH.get(level, level)
