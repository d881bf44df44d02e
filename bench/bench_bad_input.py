"""How fast and how lean bad input is refused (issue 6).

For every refused file in tests/data/bad/ (and a generated over-size text file): the median time to refuse it and
the peak Python memory while doing so (tracemalloc), against reading the sample plan's .docx in the same run.
The zip bomb (document.xml inflates to 200 MB) must be refused in well under a second with flat memory.
The PDF bombs of tests/data/bad/make_hostile.py (a 4 MB PDF whose streams inflate to 4 GiB; 64 streams of 8 MiB)
must be refused in < 2 s with < 300 MB peak: each is also run in a fresh process (``policydesk analyze``) and its
wall time and peak RSS (with the interpreter and pdfminer loaded) printed, against the same run on the sample PDF.

Run: ``.venv/bin/python bench/bench_bad_input.py``
"""

from __future__ import annotations

import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policydesk.errors import PolicydeskError  # noqa: E402
from policydesk.readers import ReadOptions, read_document, safety  # noqa: E402

BAD = ROOT / "tests" / "data" / "bad"
SAMPLE_DOCX = ROOT / "tests" / "data" / "docx" / "tongzhengfa-2021-23.docx"
RUNS = 5


def measure(path: Path) -> tuple[float, float, str]:
    """(median seconds, peak MB traced, outcome)."""
    times = []
    outcome = ""
    peak = 0
    for i in range(RUNS):
        if i == 0:
            tracemalloc.start()
        t0 = time.perf_counter()
        try:
            read_document(path, ReadOptions(ocr=False))
            outcome = "read"
        except PolicydeskError as e:
            outcome = f"exit {e.exit_code}"
        times.append(time.perf_counter() - t0)
        if i == 0:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    return statistics.median(times), peak / 1e6, outcome


def main() -> int:
    spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    base_s, base_mb, _ = measure(SAMPLE_DOCX)
    print(f"baseline: reading the sample plan .docx  {base_s * 1000:8.1f} ms  peak {base_mb:7.1f} MB")
    with tempfile.TemporaryDirectory() as d:
        huge = Path(d) / "huge.txt"
        line = ("各县（市、区）人民政府要加快推进经济开发区创新提升。" * 4 + "\n").encode("utf-8")
        with open(huge, "wb") as f:
            for _ in range(safety.MAX_TEXT_BYTES // len(line) + 2):
                f.write(line)
        files = [BAD / n for n, (code, _) in sorted(mod.CASES.items()) if code == 3] + [huge]
        for path in files:
            rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            s, mb, outcome = measure(path)
            rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(f"{path.name:24} {outcome:7} {s * 1000:8.1f} ms ({s / base_s:5.2f}x baseline)  "
                  f"peak {mb:7.2f} MB traced, max RSS +{(rss1 - rss0) / 1024:.0f} MB")
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    hostile_bombs()
    return 0


_CHILD = """
import resource, sys, time
t = time.perf_counter()
from policydesk.cli import main
code = main(["analyze", sys.argv[1], "--json", "--no-ocr"])
sys.stdout.flush()
print("RESULT", code, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
      file=sys.stderr)
"""


def _child(path: Path, home: str) -> tuple[int, float, float]:
    env = dict(os.environ, POLICYDESK_HOME=home, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, env=env,
                          timeout=120)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("RESULT")][-1].split()
    return int(line[1]), float(line[2]), float(line[3])


def hostile_bombs() -> None:
    spec = importlib.util.spec_from_file_location("make_hostile", BAD / "make_hostile.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    with tempfile.TemporaryDirectory() as d:
        base_code, base_s, base_rss = _child(ROOT / "samples" / "tongzhengfa-2021-23.pdf", d)
        print(f"baseline (fresh process): analyze the 14-page sample PDF  exit {base_code}  {base_s:6.2f} s  "
              f"peak RSS {base_rss:6.0f} MB")
        for name in ("pdf-bomb.pdf", "pdf-many-bombs.pdf"):
            path = Path(d) / name
            path.write_bytes(mod.CASES[name][0]())
            s, mb, outcome = measure(path)
            code, wall, rss = _child(path, d)
            inflated = "4 GiB" if name == "pdf-bomb.pdf" else "512 MiB"
            print(f"{name:20} {path.stat().st_size / 1e6:4.1f} MB -> {inflated}: in-process {outcome} "
                  f"{s * 1000:7.1f} ms peak {mb:6.1f} MB traced; fresh process exit {code} {wall:5.2f} s "
                  f"({wall / base_s:4.2f}x baseline) peak RSS {rss:5.0f} MB "
                  f"({'OK' if wall < 2 and rss < 300 else 'OVER'} against < 2 s, < 300 MB)")


if __name__ == "__main__":
    sys.exit(main())
