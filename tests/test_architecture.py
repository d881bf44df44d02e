"""The layering, enforced: a newcomer can trust the package map in the README.

Every import is read with ``ast`` (function-level imports included). The rules:
- only ``gui/`` imports Qt;
- ``readers`` imports none of analysis, compare, draft, library;
- ``analysis`` imports none of compare, draft, library;
- ``compare`` and ``draft`` do not import each other;
- the core (everything but ``cli`` and ``gui``) imports neither ``cli`` nor ``gui``;
- the packages form no import cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "policydesk"
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
FORBIDDEN = {
    "readers": {"analysis", "compare", "draft", "library", "cli", "gui"},
    "analysis": {"compare", "draft", "library", "cli", "gui"},
    "compare": {"draft", "cli", "gui"},
    "draft": {"compare", "cli", "gui"},
}


def _package(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(SRC.parent)
    here = list(rel.with_suffix("").parts)
    if here[-1] == "__init__":
        here = here[:-1]
    else:
        here = here[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:
                    out += [(node.lineno, f"{mod}.{a.name}") for a in node.names]
                    continue
            else:
                mod = node.module or ""
            out.append((node.lineno, mod))
    return out


def _files() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "_resources" not in p.parts)


def _internal(mod: str) -> str | None:
    parts = mod.split(".")
    return parts[1] if parts[0] == "policydesk" and len(parts) > 1 else None


def test_the_scan_sees_the_whole_package():
    names = {_package(p) for p in _files()}
    assert {"readers", "analysis", "compare", "draft", "library", "cli", "gui"} <= names


def test_only_gui_imports_qt():
    bad = [f"{p.relative_to(SRC)}:{line} {mod}" for p in _files() if _package(p) != "gui"
           for line, mod in _imports(p) if mod.split(".")[0] in QT]
    assert bad == []


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_the_layers_above(package):
    bad = [f"{p.relative_to(SRC)}:{line} {mod}" for p in _files() if _package(p) == package
           for line, mod in _imports(p) if _internal(mod) in FORBIDDEN[package]]
    assert bad == []


def test_core_never_imports_cli_or_gui():
    bad = [f"{p.relative_to(SRC)}:{line} {mod}" for p in _files() if _package(p) not in ("cli", "gui", "__main__")
           for line, mod in _imports(p) if _internal(mod) in ("cli", "gui")]
    assert bad == []


def test_packages_form_no_cycle():
    graph: dict[str, set[str]] = {}
    for p in _files():
        src = _package(p)
        for _, mod in _imports(p):
            dst = _internal(mod)
            if dst and dst != src and (SRC / dst).is_dir() and (SRC / src).is_dir():
                graph.setdefault(src, set()).add(dst)
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in stack:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif len(stack) < 12:
                visit(nxt, stack + [nxt])

    for start in sorted(graph):
        visit(start, [start])
    assert cycles == []


def test_the_rules_catch_a_violation(tmp_path):
    """The checker itself works: a planted Qt import in the core and an upward import are seen."""
    planted = tmp_path / "policydesk" / "readers" / "x.py"
    planted.parent.mkdir(parents=True)
    planted.write_text("from PySide6.QtCore import Qt\nfrom ..analysis import analyze\n", encoding="utf-8")
    global SRC
    saved, SRC = SRC, tmp_path / "policydesk"
    try:
        mods = [m for _, m in _imports(planted)]
    finally:
        SRC = saved
    assert mods == ["PySide6.QtCore", "policydesk.analysis"]
