"""Benchmark: drafting one county and all seven from the sample plan, against python-docx alone writing a
document of the same size (same paragraphs and text, same table), measured in the same run; plus peak memory.

    .venv/bin/python bench/bench_draft.py [PLAN]      (default: tests/data/corpus/nantong/tongzhengfa-2021-23.txt)
"""

from __future__ import annotations

import io
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from docx import Document  # noqa: E402

from policydesk.api import analyze_path  # noqa: E402
from policydesk.draft import find_profile, make_draft  # noqa: E402
from policydesk.draft.docx_writer import build_document  # noqa: E402
from policydesk.draft.ledger import write_ledger_xlsx  # noqa: E402

COUNTIES = ["崇川区", "通州区", "海门区", "如东县", "如皋市", "海安市", "启东市"]


def draft_one(analysis, name: str, with_ledger: bool = False) -> int:
    r = make_draft(analysis, find_profile(name))
    buf = io.BytesIO()
    build_document(r).save(buf)
    if with_ledger:
        write_ledger_xlsx(r, io.BytesIO())
    return buf.tell()


def draft_decided(analysis, name: str, track: bool = False) -> int:
    """Suggested decisions applied (issue 13); with ``track`` the Word revisions and the 对照表 as well."""
    from policydesk.draft import DraftOptions, suggest_decisions
    from policydesk.draft.table import build_table
    prof = find_profile(name)
    r = make_draft(analysis, prof, DraftOptions(track_changes=track), decisions=suggest_decisions(analysis, prof))
    buf = io.BytesIO()
    build_document(r).save(buf)
    if track:
        build_table(r).save(io.BytesIO())
    return buf.tell()


def baseline(r) -> int:
    """python-docx alone: the same paragraphs' text and the same ledger table, default styles, one run each."""
    doc = Document()
    doc.add_paragraph(r.title)
    for b in r.blocks:
        doc.add_paragraph(b.text)
    t = doc.add_table(rows=1, cols=7)
    for row in r.ledger:
        cells = t.add_row().cells
        for c, v in zip(cells, (str(row.number), row.task, "、".join(row.lead), "、".join(row.support),
                                 row.deadline, "", "")):
            c.text = v
    buf = io.BytesIO()
    doc.save(buf)
    return buf.tell()


def timed(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    plan = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests/data/corpus/nantong/tongzhengfa-2021-23.txt"
    t0 = time.perf_counter()
    analysis = analyze_path(plan)
    t_an = time.perf_counter() - t0
    draft_one(analysis, "如东县")                       # warm-up: imports, resource caches
    one = timed(lambda: draft_one(analysis, "如东县"))
    one_full = timed(lambda: draft_one(analysis, "如东县", with_ledger=True))
    seven = timed(lambda: [draft_one(analysis, n) for n in COUNTIES], repeat=3)
    one_dec = timed(lambda: draft_decided(analysis, "如东县"))
    one_tc = timed(lambda: draft_decided(analysis, "如东县", track=True))
    results = {n: make_draft(analysis, find_profile(n)) for n in COUNTIES}     # text prepared outside the timing
    base_one = timed(lambda: baseline(results["如东县"]))
    base_seven = timed(lambda: [baseline(results[n]) for n in COUNTIES], repeat=3)
    transform = timed(lambda: make_draft(analysis, find_profile("如东县")))
    tracemalloc.start()
    draft_one(analysis, "如东县", with_ledger=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = draft_one(analysis, "如东县")
    print(f"plan: {plan.name}  ({len(analysis.tasks)} tasks, analysis {t_an:.2f} s, not counted below)")
    print(f"one county (如东县) draft .docx:      {one * 1000:7.1f} ms   (goal < 500 ms)  {size / 1024:.0f} KiB")
    print(f"one county draft + ledger .xlsx:      {one_full * 1000:7.1f} ms")
    print(f"  of which transform (make_draft):    {transform * 1000:7.1f} ms")
    print(f"all seven counties:                   {seven * 1000:7.1f} ms")
    print(f"one county with suggested decisions (suggest + draft .docx): {one_dec * 1000:7.1f} ms   (goal < 500 ms)")
    print(f"  same with --track-changes and the 对照表 .docx:            {one_tc * 1000:7.1f} ms")
    print(f"baseline python-docx, same size, one: {base_one * 1000:7.1f} ms   ratio {one / base_one:.1f}x")
    print(f"baseline python-docx, seven:          {base_seven * 1000:7.1f} ms   ratio {seven / base_seven:.1f}x")
    print(f"peak Python memory (tracemalloc), one county with ledger: {peak / 1024 / 1024:.1f} MiB")
    import resource
    print(f"peak RSS of the benchmark process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
