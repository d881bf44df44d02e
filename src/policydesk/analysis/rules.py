"""The analysis rule files in ``resources/analysis/``: resolved once per analysis, parsed by :mod:`policydesk.rules`."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

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
    # keyed by the (path, mtime) stamp resolved once per analysis: the annotation grammar reads its rules
    # for every unit piece, and resolving the file each time costs more than the analysis itself
    from .. import rules as core_rules
    return core_rules.load_json("analysis", Path(path).name)


@lru_cache(maxsize=8)
def _load_tsv(path: str, mtime: float) -> dict[str, str]:
    from .. import rules as core_rules
    table: dict[str, str] = {}
    for line, cells in core_rules.load_tsv("analysis", Path(path).name):
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise core_rules.tsv_error(path, line, "每行应为“写法<TAB>规范名称”两列")
        table[cells[0]] = cells[1]
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


@lru_cache(maxsize=8)
def _version(stamps: tuple[tuple[str, float], ...]) -> str:
    from ..rules import digest
    return digest([path for path, _ in stamps])


def version() -> str:
    """A digest of the analysis rule files in force: stored analyses made with other rules are redone."""
    return _version(tuple(stamp(n) for n in _rule_files()))


@lru_cache(maxsize=1)
def _rule_files() -> tuple[str, ...]:
    """Every rule file of ``resources/analysis/`` (a user copy of one of them is found by :func:`stamp`)."""
    from ..paths import resources_dir
    return tuple(sorted(p.name for p in (resources_dir() / "analysis").iterdir() if p.suffix in (".json", ".tsv")))


def load_json(name: str) -> dict[str, Any]:
    return _load_json(*stamp(name))


def load_tsv(name: str) -> dict[str, str]:
    return _load_tsv(*stamp(name))
