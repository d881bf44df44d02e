"""Expected paragraphs of 通政发〔2021〕23号 for the reader tests (shared by the PDF, DOCX and TXT tests).

The corpus text has one paragraph per line, except that the plan title is set on two lines there; a
reader returns that title as one paragraph.  Texts are compared with whitespace removed.
"""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CORPUS_TXT = DATA / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
PLAN_TITLE_LINES = ("关于推进全市经济开发区创新提升", "打造改革开放新高地的实施方案")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_paragraphs() -> list[str]:
    lines = [ln.strip() for ln in CORPUS_TXT.read_text(encoding="utf-8").splitlines() if ln.strip()]
    i = lines.index(PLAN_TITLE_LINES[0])
    assert lines[i + 1] == PLAN_TITLE_LINES[1]
    lines[i:i + 2] = ["".join(PLAN_TITLE_LINES)]
    return [squash(ln) for ln in lines]


def annotation_paragraphs(texts: list[str]) -> list[str]:
    return [t for t in texts if "责任单位" in t]
