"""Draft helpers shared by the CLI and the GUI: filling 【待补充：…】 marks and checking the drafter's inputs
(成文日期, a county profile typed into a form).  Whether the source is the profile's city plan:
:func:`policydesk.draft.guards.check_plan`.  Qt-free.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .model import PLACEHOLDER

FILLED = "filled"          # segment kind of a placeholder the drafter filled in (preview colour)


def fill_placeholders(result, values: dict[str, str], *, kind: str = "text") -> int:
    """Put the drafter's text in place of each 【待补充：…】 that has a value; returns how many were filled."""
    n = 0
    for block in result.blocks:
        for seg in block.segments:
            if seg.kind == PLACEHOLDER and values.get(seg.text):
                seg.text = values[seg.text]
                seg.kind = kind
                n += 1
    return n


def build_draft(analysis, profile, options, rules, values: dict[str, str], *, preview: bool, decisions=None):
    """make_draft (typed ``analysis``) with the given mapping rules and task decisions, then the filled placeholders.
    Returns (result, placeholder counts)."""
    from ..errors import InputError
    from . import AgencyMapping, load_profiles, make_draft
    if not analysis.headings and not analysis.tasks:
        raise InputError("未能从该文件中识别出方案的结构（标题层级、责任分工），无法生成草稿。请确认这是一份市级实施方案类文件。")
    result = make_draft(analysis, profile, options, mapping=AgencyMapping(list(rules)), profiles=load_profiles(),
                        decisions=decisions)
    counts = Counter(result.placeholders)
    fill_placeholders(result, values, kind=FILLED if preview else "text")
    return result, counts


def output_paths(folder: str, result, *, ledger: bool, note: bool) -> dict[str, Path | None]:
    """Where the draft, its ledger and its note go in ``folder`` (names from the draft's title)."""
    from . import default_output_name
    draft = Path(folder) / default_output_name(result)
    stem = draft.stem
    return {"draft": draft, "ledger": draft.with_name(f"{stem}-分工表.xlsx") if ledger else None,
            "note": draft.with_name(f"{stem}-起草说明.docx") if note else None}


