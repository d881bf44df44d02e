"""Loading the drafting data files: ``draft_rules.json`` and ``gbt9704.json`` (user copies override)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..paths import resource

RULES_FILE = "draft_rules.json"
FORMAT_FILE = "gbt9704.json"


def _load_json(name: str) -> tuple[str, dict[str, Any]]:
    p: Path = resource(name)
    try:
        st = p.stat()
        return _cached(str(p), st.st_mtime_ns, st.st_size)
    except (OSError, ValueError) as e:
        raise InputError(f"无法读取配置文件 {p}：{e}。请检查该 JSON 文件。", path=str(p)) from e


@lru_cache(maxsize=16)
def _cached(path: str, mtime: int, size: int) -> tuple[str, dict[str, Any]]:
    return path, json.loads(Path(path).read_text(encoding="utf-8-sig"))


def draft_rules() -> dict[str, Any]:
    return _load_json(RULES_FILE)[1]


def format_spec() -> dict[str, Any]:
    """The whole gbt9704.json: ``standard``, ``font_presets``, ``house_presets``."""
    return _load_json(FORMAT_FILE)[1]


def font_preset(name: str) -> dict[str, str]:
    presets = format_spec()["font_presets"]
    if name not in presets:
        raise InputError(f"未知的字体方案“{name}”。可用：{'、'.join(presets)}。")
    return presets[name]
