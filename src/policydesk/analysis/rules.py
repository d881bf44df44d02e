"""Loading the editable rule files in ``resources/analysis/`` (user copies in POLICYDESK_HOME win)."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..paths import resource


def _path(name: str) -> Path:
    return resource("analysis", name)


def _stamp(p: Path) -> tuple[str, float]:
    try:
        return str(p), os.path.getmtime(p)
    except OSError:
        return str(p), 0.0


@lru_cache(maxsize=32)
def _load_json(path: str, mtime: float) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise InputError(f"规则文件无法读取：{path}（{e}）。请检查该文件或删除用户目录中的副本以恢复默认规则。",
                         path=path) from e


@lru_cache(maxsize=8)
def _load_tsv(path: str, mtime: float) -> dict[str, str]:
    table: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8-sig") as f:
            for line in f:
                line = line.rstrip("\r\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                parts = line.split("\t")
                if len(parts) >= 2 and parts[0].strip() and parts[1].strip():
                    table[parts[0].strip()] = parts[1].strip()
    except OSError as e:
        raise InputError(f"规则文件无法读取：{path}（{e}）。请检查该文件。", path=path) from e
    return table


_resolved: dict[str, tuple[str, float]] = {}


def refresh() -> None:
    """Look the rule files up again (user copies may have appeared or changed); called once per analysis."""
    _resolved.clear()


def stamp(name: str) -> tuple[str, float]:
    """``(path, mtime)`` of a rule file, resolved once until :func:`refresh`."""
    if name not in _resolved:
        _resolved[name] = _stamp(_path(name))
    return _resolved[name]


_RULE_FILES = ("annotations.json", "generic_units.json", "headings.json", "targets.json", "unit_aliases.tsv")


@lru_cache(maxsize=8)
def _version(stamps: tuple[tuple[str, float], ...]) -> str:
    import hashlib
    h = hashlib.sha256()
    for path, _ in stamps:
        try:
            h.update(Path(path).read_bytes())
        except OSError:
            h.update(b"-")
    return h.hexdigest()[:16]


def version() -> str:
    """A digest of the analysis rule files in force: stored analyses made with other rules are redone."""
    extra = tuple(sorted(n for n in _extra_rule_files()))
    return _version(tuple(stamp(n) for n in _RULE_FILES + extra))


def _extra_rule_files() -> list[str]:
    try:
        from ..paths import resources_dir
        return [p.name for p in (resources_dir() / "analysis").iterdir()
                if p.suffix in (".json", ".tsv") and p.name not in _RULE_FILES]
    except OSError:
        return []


def load_json(name: str) -> dict[str, Any]:
    return _load_json(*stamp(name))


def load_tsv(name: str) -> dict[str, str]:
    return _load_tsv(*stamp(name))
