"""Figures behind the change detection and the labels of issue 12 (not a test; prints figures).

* the weakening test set (tests/compare_edits.py): localised copies of five real documents, with and
  without weakening edits — weakened clauses flagged, right kind found, false ``weaker`` flags;
* copy fractions both ways of partial copies (a plan clause keeping the first k sentences of its
  parent), to place ``parent_verbatim``;
* how many clauses the margin rule (best < match_margin × second best, below match_sure) turns 新增
  on the sample plan vs the provincial opening and on the 15 local regulations vs their laws.

Run: ``.venv/bin/python bench/calibrate_changes.py``.
"""

from __future__ import annotations

import re
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from compare_edits import CHANGE_KIND, WEAKENING_PLANS, make_copy, real_local_plans  # noqa: E402
from compare_helpers import CORPUS, PLAN, PROVINCIAL_OPENING, law_pairs  # noqa: E402
from policydesk.api import analyze_path  # noqa: E402
from policydesk.compare import compare_documents  # noqa: E402
from policydesk.compare.pairdiff import analyse_pair  # noqa: E402
from policydesk.compare.settings import load_settings  # noqa: E402


def weakening() -> None:
    per_kind: Counter = Counter()
    hit_kind: Counter = Counter()
    weakened = flagged = unweakened = false = 0
    plans = WEAKENING_PLANS + real_local_plans()
    for path in plans:
        original = analyze_path(path)
        for weaken in (True, False):
            copy = make_copy(original, weaken=weaken)
            result = compare_documents(copy.analysis, [original])
            for a in result["alignments"]:
                cid = a["plan_clause"]["id"]
                weak = [c for c in a["changes"] if c["direction"] == "weaker"]
                if cid in copy.weakened:
                    weakened += 1
                    flagged += bool(weak)
                    for kind, _ in copy.weakened[cid]:
                        per_kind[kind] += 1
                        hit_kind[kind] += any(c["kind"] == CHANGE_KIND[kind] for c in weak)
                else:
                    unweakened += 1
                    false += bool(weak)
    print(f"weakening test set: {len(plans)} documents ({len(plans) - len(WEAKENING_PLANS)} real local plans), "
          f"{sum(per_kind.values())} edits of "
          f"{len(per_kind)} kinds in {weakened} clauses")
    print(f"  weakened clauses flagged: {flagged}/{weakened} = {flagged / weakened:.1%}")
    print("  edits found with the right kind: " + ", ".join(f"{k} {hit_kind[k]}/{n}" for k, n in per_kind.items()))
    print(f"  false weaker flags: {false}/{unweakened} unweakened clauses = {false / unweakened:.1%}")


def fractions() -> None:
    original = analyze_path(PLAN)
    from policydesk.compare import build_clauses
    rows = []
    for c in build_clauses(original):
        sents = [s for s in re.findall(r"[^。；]+[。；]?", c.text) if s.strip()]
        if len(sents) < 4:
            continue
        for k in range(1, len(sents) + 1):
            part = "".join(sents[:k])
            pa = analyse_pair(part, c.text, diff=False)
            rows.append((len(part) / len(c.text), pa.plan_fraction, pa.parent_fraction))
    for lo, hi in ((0, .3), (.3, .4), (.4, .5), (.5, .7), (.7, 1.01)):
        sel = [r for r in rows if lo <= r[0] < hi]
        if sel:
            print(f"  kept {lo:.0%}–{min(hi, 1):.0%} of the parent: parent_fraction median "
                  f"{statistics.median(r[2] for r in sel):.2f}, plan_fraction median "
                  f"{statistics.median(r[1] for r in sel):.2f} ({len(sel)} cases)")


def margin() -> None:
    st = load_settings()

    def count(result) -> tuple[int, int]:
        by_margin = sum(1 for a in result["alignments"] if a["label"] == "新增" and a["best_score"] >= st.match)
        return by_margin, len(result["alignments"])
    m, n = count(compare_documents(analyze_path(PLAN), [analyze_path(PROVINCIAL_OPENING)]))
    print(f"  sample vs provincial opening: {m} of {n} clauses 新增 by the margin rule")
    tm = tn = 0
    for law, local in law_pairs():
        r = compare_documents(analyze_path(CORPUS / "law_pairs" / local), [analyze_path(CORPUS / "law_pairs" / law)])
        m, n = count(r)
        tm, tn = tm + m, tn + n
    print(f"  15 local regulations vs their laws: {tm} of {tn} articles 新增 by the margin rule")


if __name__ == "__main__":
    weakening()
    print("partial copies (first k sentences of a sample clause):")
    fractions()
    print("margin rule:")
    margin()
