"""Who does what, from one ``analysis/1`` dict (plain Python, shared by the table model and the export)."""

from __future__ import annotations

from typing import Any


def unit_roles(task: dict[str, Any]) -> dict[str, str]:
    """Normalised unit name → "lead" | "support" for one task."""
    written = task.get("units") or []
    normalized = task.get("units_normalized") or written
    to_norm = dict(zip(written, normalized))
    roles: dict[str, str] = {}
    for name in task.get("lead") or []:
        roles[to_norm.get(name, name)] = "lead"
    for name in task.get("support") or []:
        roles.setdefault(to_norm.get(name, name), "support")
    for name in normalized:
        roles.setdefault(name, "support")
    return roles


def ordered_units(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    """Units by number of tasks (most first), placeholders such as 市有关部门 last; ties keep document order."""
    units = list(analysis.get("units") or [])
    if not units:  # derive from tasks if the analysis has no unit index
        seen: dict[str, dict[str, Any]] = {}
        for t in analysis.get("tasks") or []:
            roles = unit_roles(t)
            written_order = [n for n in (t.get("units_normalized") or t.get("units") or []) if n in roles]
            for name in dict.fromkeys(written_order + list(roles)):
                role = roles[name]
                u = seen.setdefault(name, {"name": name, "generic": False, "tasks": [], "lead_tasks": []})
                u["tasks"].append(t.get("id"))
                if role == "lead":
                    u["lead_tasks"].append(t.get("id"))
        units = list(seen.values())
    order = {id(u): i for i, u in enumerate(units)}
    return sorted(units, key=lambda u: (bool(u.get("generic")), -len(u.get("tasks") or []), order[id(u)]))


def task_label(task: dict[str, Any]) -> str:
    """What a drafter calls a task: the id of its heading (二（一）), else the task id."""
    return str(task.get("heading") or task.get("id") or "")
