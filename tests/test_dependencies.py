"""The declared dependencies (pyproject.toml) are what src/ imports: nothing imported undeclared, nothing declared
that is never imported (issue 18) — so requirements.lock installs exactly what the product needs."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# needed at run time without an import statement of ours: rapidocr's inference engine (checked with find_spec)
RUNTIME_ONLY = {"onnxruntime"}
# imported directly, but part of a declared dependency (installed and versioned with it)
PART_OF = {"shiboken6": "pyside6-essentials"}


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return {_canon(re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0]) for d in deps}


def _imported_top_levels() -> set[str]:
    mods: set[str] = set()
    for path in (ROOT / "src" / "policydesk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                mods.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                mods.add(node.module.split(".")[0])
    return {m for m in mods if m not in sys.stdlib_module_names and m != "policydesk"}


def test_declared_dependencies_match_the_imports():
    dists = packages_distributions()
    declared = _declared()
    used: set[str] = set()
    undeclared = []
    for mod in sorted(_imported_top_levels()):
        providers = {_canon(d) for d in dists.get(mod, [])} | ({PART_OF[mod]} if mod in PART_OF else set())
        assert providers, f"{mod} is imported but no installed distribution provides it"
        if providers & declared:
            used |= providers & declared
        else:
            undeclared.append(f"{mod} (from {', '.join(sorted(providers))})")
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"
    assert declared - used - RUNTIME_ONLY == set(), "declared but never imported by src/"
