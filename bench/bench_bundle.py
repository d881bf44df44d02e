"""Benchmark of the built bundle (issue 8): what a user who unzipped dist/policydesk/ waits for.

Fresh processes, interleaved, median wall time and each child's peak RSS (``os.wait4``):

* ``policydesk-gui`` from the bundle, process start → first paint (POLICYDESK_GUI_BENCH=1, offscreen by default),
  against a bare PySide6 QMainWindow run by this Python in the same run (the baseline of bench_gui_start.py), and
  the same app run from the checkout's Python for comparison;
* ``policydesk analyze <sample> --json`` from the bundle, against bare pdfplumber ``extract_text`` over the same
  pages in a fresh process (the baseline of bench_analyze.py), and the checkout's ``policydesk analyze``.

    bash build_spec/build.sh && QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_bundle.py [--reps 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "tongzhengfa-2021-23.pdf"
EXE = ".exe" if sys.platform.startswith("win") else ""
sys.path.insert(0, str(ROOT / "bench"))

from bench_gui_start import BARE  # noqa: E402  (the same bare-window baseline)

BASELINE_PDF = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_text()
"""


def run_child(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, 0.0, stdout) of one fresh child process (Windows: no wait4, peak RSS not measured)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tempfile.gettempdir())
    out, err = proc.communicate(timeout=300)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}\n{err.decode('utf-8', 'replace')[-2000:]}")
    return elapsed, 0.0, out.decode("utf-8", "replace")


def run_rusage(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB, stdout) of one fresh child process, its own peak RSS from wait4."""
    if not hasattr(os, "wait4"):
        return run_child(argv, env)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=tempfile.gettempdir())
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}\n"
                             f"{err.read().decode('utf-8', 'replace')[-2000:]}")
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return elapsed, rss, text


def first_paint(text: str) -> float:
    for line in text.splitlines():
        if line.startswith("PD_FIRST_PAINT"):
            return float(line.split()[1])
    raise SystemExit(f"no first-paint report in:\n{text[-1000:]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--bundle", default=str(ROOT / "dist" / "policydesk"))
    args = ap.parse_args()
    bundle = Path(args.bundle)
    if not (bundle / f"policydesk{EXE}").is_file():
        print(f"no bundle at {bundle}: build it with 'bash build_spec/build.sh'")
        return 1
    home = tempfile.mkdtemp(prefix="pd-bench-bundle-")
    env = {**os.environ, "POLICYDESK_HOME": home, "POLICYDESK_GUI_BENCH": "1"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    bundle_env = {k: v for k, v in env.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    py = sys.executable
    gui = {  # name: (argv, env); the figure is the first-paint time the child reports
        "bare QMainWindow (venv)": ([py, "-c", BARE], env),
        "bundle policydesk-gui": ([str(bundle / f"policydesk-gui{EXE}")], bundle_env),
        "venv policydesk-gui": ([py, "-c", "import sys\nfrom policydesk.gui.app import main\nsys.exit(main([]))"],
                                env),
    }
    cli = {
        "baseline pdfplumber extract_text (venv)": ([py, "-c", BASELINE_PDF, str(SAMPLE)], env),
        "bundle policydesk analyze": ([str(bundle / f"policydesk{EXE}"), "analyze", str(SAMPLE), "--json"],
                                      bundle_env),
        "venv policydesk analyze": ([py, "-m", "policydesk", "analyze", str(SAMPLE), "--json"], env),
    }
    for argv, e in [*gui.values(), *cli.values()]:          # warm-up: OS file cache
        run_rusage(argv, e)
    times: dict[str, list[float]] = {k: [] for k in [*gui, *cli]}
    peaks: dict[str, list[float]] = {k: [] for k in times}
    for _ in range(args.reps):
        for name, (argv, e) in gui.items():
            _, rss, out = run_rusage(argv, e)
            times[name].append(first_paint(out))
            peaks[name].append(rss)
        for name, (argv, e) in cli.items():
            t, rss, _ = run_rusage(argv, e)
            times[name].append(t)
            peaks[name].append(rss)
    print(f"bundle: {bundle}  platform={env['QT_QPA_PLATFORM']}  reps={args.reps} (median of fresh processes)")
    for group, base_name in ((gui, "bare QMainWindow (venv)"), (cli, "baseline pdfplumber extract_text (venv)")):
        base = statistics.median(times[base_name])
        for name in group:
            med = statistics.median(times[name])
            print(f"{name:42s} {med * 1000:7.0f} ms   ratio {med / base:4.2f}×   peak RSS {max(peaks[name]):6.1f} MB"
                  f"   (min {min(times[name]) * 1000:.0f}, max {max(times[name]) * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
