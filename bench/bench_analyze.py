"""Benchmark: cold analysis of the sample PDF vs bare pdfplumber ``extract_text`` over the same pages.

Every measurement is a fresh Python process (no warm caches inside the process; the OS file cache is
primed by one untimed warm-up run of each).  Runs are interleaved, repeated, and the median wall time is
reported with each child's own peak RSS (``os.wait4`` rusage).  Goal: analyse / baseline <= 1.3.

    .venv/bin/python bench/bench_analyze.py [PDF] [--reps N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PDF = ROOT / "samples" / "tongzhengfa-2021-23.pdf"
GOAL = 1.3

BASELINE = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_text()
"""

READER = """
import sys
from policydesk.readers import read_document, ReadOptions
read_document(sys.argv[1], ReadOptions(ocr=False))
"""


def run_child(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one fresh child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=str(ROOT))
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(argv)}\n{err}")
    rss_kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
    return elapsed, rss_kib / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdf", nargs="?", default=str(DEFAULT_PDF))
    ap.add_argument("--reps", type=int, default=7)
    args = ap.parse_args()
    py = sys.executable
    commands = {
        "baseline: pdfplumber extract_text": [py, "-c", BASELINE, args.pdf],
        "reader: read_document": [py, "-c", READER, args.pdf],
        "analyze: policydesk analyze --json": [py, "-m", "policydesk", "analyze", args.pdf, "--json"],
    }
    # The analyze command may not be wired up in every checkout: fall back to the reader alone.
    try:
        run_child(commands["analyze: policydesk analyze --json"])
    except SystemExit as e:
        print(f"(analyze not measured, reader only: {str(e).splitlines()[0]})")
        del commands["analyze: policydesk analyze --json"]
    for argv in commands.values():       # warm-up: OS file cache, .pyc files
        run_child(argv)
    times: dict[str, list[float]] = {k: [] for k in commands}
    rss: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(args.reps):
        for name, argv in commands.items():
            t, m = run_child(argv)
            times[name].append(t)
            rss[name].append(m)

    base_name = "baseline: pdfplumber extract_text"
    base = statistics.median(times[base_name])
    print(f"PDF: {args.pdf}  ({args.reps} fresh-process runs each, median wall time)")
    for name in commands:
        med = statistics.median(times[name])
        print(f"  {name:40s} {med:7.3f} s  ratio {med / base:5.2f}x  peak RSS {max(rss[name]):7.1f} MiB"
              f"  (min {min(times[name]):.3f} s, max {max(times[name]):.3f} s)")
    key = "analyze: policydesk analyze --json" if "analyze: policydesk analyze --json" in commands \
        else "reader: read_document"
    ratio = statistics.median(times[key]) / base
    print(f"{key.split(':')[0]} / baseline = {ratio:.2f}x  (goal <= {GOAL}x): {'OK' if ratio <= GOAL else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
