"""Check (not a test): agreement of each generated layout (tests/data/layouts/) with its clean corpus source.

For every file of ``tests/data/layouts/make_layouts.py``'s JOBS: headings (level, title), tasks (heading id, or the
title for a 分工 table, and units_normalized) matched in order against the analysis of the source text (longest
common subsequence / source count; "got" when the counts differ), and meta.doc_number/date/issuer.  ``-v`` prints
the differences.

    .venv/bin/python bench/layout_agreement.py [-v]
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(DATA / "layouts"))

from make_layouts import JOBS  # noqa: E402

from policydesk.api import analyze_path  # noqa: E402


def ns(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def keys(r: dict, table: bool) -> tuple[list, list]:
    heads = [(x["level"], ns(x["title"])) for x in r["headings"]]
    tasks = [((ns(x["title"]) if table else x["heading"]), tuple(x["units_normalized"])) for x in r["tasks"]]
    return heads, tasks


def score(want: list, got: list) -> str:
    same = sum(b.size for b in difflib.SequenceMatcher(a=want, b=got, autojunk=False).get_matching_blocks())
    return f"{same}/{len(want)}" + ("" if len(want) == len(got) else f" (got {len(got)})")


def main() -> None:
    verbose = "-v" in sys.argv
    for name, rel, layout, _ in JOBS:
        src = analyze_path(DATA / "corpus" / rel).to_json()
        got = analyze_path(DATA / "layouts" / name).to_json()
        table = layout == "c_table"
        hs, ts = keys(src, table)
        hg, tg = keys(got, table)
        meta = [(k, src["meta"][k], got["meta"][k]) for k in ("doc_number", "date", "issuer")
                if src["meta"][k] and src["meta"][k] != got["meta"][k]]
        print(f"{name:34s} headings {score(hs, hg):>14s}  tasks {score(ts, tg):>14s}  meta {meta or 'ok'}")
        if verbose:
            for tag, a, b in (("H", hs, hg), ("T", ts, tg)):
                for line in difflib.unified_diff([str(x) for x in a], [str(x) for x in b], lineterm="", n=0):
                    if not line.startswith(("---", "+++", "@@")):
                        print("   ", tag, line[:200])


if __name__ == "__main__":
    main()
