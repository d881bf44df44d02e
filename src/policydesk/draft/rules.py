"""Loading the drafting data files: ``draft_rules.json`` and ``gbt9704.json`` (user copies override)."""

from __future__ import annotations

from typing import Any

from ..errors import InputError

RULES_FILE = "draft_rules.json"
FORMAT_FILE = "gbt9704.json"


def _load_json(name: str) -> tuple[str, dict[str, Any]]:
    from ..rules import load_json, rule_path
    return str(rule_path(name)), load_json(name)


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
