"""Shared helpers of the comparison tests (library fixture data, masking, shuffled plan)."""

from __future__ import annotations

import random
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "corpus"
PLAN = CORPUS / "nantong" / "tongzhengfa-2021-23.txt"
PROVINCIAL_OPENING = CORPUS / "partial" / "jiangsu-suzhengfa-2020-79.opening.txt"
MASK = re.compile(r"《[^》]*》")
CN_DIGITS = "零一二三四五六七八九"


def law_pairs() -> list[tuple[str, str]]:
    lines = (CORPUS / "pairs.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(ln.split("\t")) for ln in lines if ln.strip()]


def library_files() -> list[Path]:
    return [CORPUS / "law_pairs" / law for law, _ in law_pairs()] + sorted((CORPUS / "library").glob("*.txt"))


def masked_analysis(analysis):
    """The analysis of a text in which every 《…》 is replaced by □ (so no title can be matched)."""
    import copy
    a = copy.deepcopy(analysis)
    for p in a.paragraphs:
        p.text = MASK.sub("□", p.text)
    for h in a.headings:
        h.title = MASK.sub("□", h.title or "")
    a.meta.title = MASK.sub("□", a.meta.title or "")
    a.meta.plan_title = None
    a.meta.cited = []
    a.source.sha256 = "masked-" + a.source.sha256
    return a


def cn_number(n: int) -> str:
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def shuffled_retitled_plan(clauses, seed: int = 3) -> tuple[str, dict[str, str]]:
    """A plan text holding the given clauses in a shuffled order under new titles.

    Returns the text and a map new clause id -> original clause id.
    """
    order = list(range(len(clauses)))
    random.Random(seed).shuffle(order)
    lines = ["关于推进开发区工作的实施方案", "一、重点任务"]
    mapping = {}
    for k, old in enumerate(order, start=1):
        c = clauses[old]
        body = c.text[len(c.title):].lstrip("。\n") if c.title and c.text.startswith(c.title) else c.text
        body = body.replace("\n", "")
        num = f"（{cn_number(k)}）"
        lines.append(f"{num}工作举措第{k}项。{body}")
        mapping[f"一{num}"] = c.id
    return "\n".join(lines) + "\n", mapping
