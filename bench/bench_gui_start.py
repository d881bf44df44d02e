"""Start-up time of the desktop app: process start → first paint of the main window, in fresh processes.

Baseline, measured in the same run: a bare PySide6 QApplication + QMainWindow with one label.  Both report
``time.time() - <process start time from /proc>`` at the first Paint event processed, plus their peak RSS.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui_start.py [--reps 7]

Goal: median ratio app / bare ≤ 2×.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

BARE = r"""
import os, sys, time, resource
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
from policydesk.gui.app import process_start_time
t0 = process_start_time()
app = QApplication(sys.argv[:1])
class First(QObject):
    done = False
    def eventFilter(self, o, e):
        if not self.done and e.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, report)
        return False
def report():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"PD_FIRST_PAINT {time.time() - t0:.4f} {peak:.1f}", flush=True)
    app.quit()
f = First(); app.installEventFilter(f)
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(1280, 800); w.show()
app.exec()
"""

APP = r"""
import sys
from policydesk.gui.app import main
sys.exit(main([]))
"""

CLI = r"""
import sys
from policydesk.cli import main
sys.exit(main(["gui"]))
"""


def run_once(code: str, env: dict[str, str]) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("PD_FIRST_PAINT"):
            _, secs, peak = line.split()
            return float(secs), float(peak)
    raise SystemExit(f"no first-paint report (exit {out.returncode}):\n{out.stderr[-2000:]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=7)
    args = ap.parse_args()
    home = tempfile.mkdtemp(prefix="pd-bench-")
    env = {**os.environ, "POLICYDESK_HOME": home, "POLICYDESK_GUI_BENCH": "1"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    variants = {"bare QMainWindow": BARE, "policydesk-gui": APP, "policydesk gui (CLI)": CLI}
    for code in variants.values():          # warm the OS file cache once
        run_once(code, env)
    results: dict[str, list[tuple[float, float]]] = {k: [] for k in variants}
    for _ in range(args.reps):              # interleaved, so drifts hit every variant alike
        for name, code in variants.items():
            results[name].append(run_once(code, env))
    base = statistics.median(t for t, _ in results["bare QMainWindow"])
    print(f"platform={env['QT_QPA_PLATFORM']} reps={args.reps} (median of fresh processes, process start → first paint)")
    for name, rows in results.items():
        med = statistics.median(t for t, _ in rows)
        peak = max(p for _, p in rows)
        print(f"{name:22s} {med * 1000:7.0f} ms   ratio {med / base:4.2f}×   peak RSS {peak:6.1f} MB   "
              f"(min {min(t for t, _ in rows) * 1000:.0f}, max {max(t for t, _ in rows) * 1000:.0f} ms)")
    app_ratio = statistics.median(t for t, _ in results["policydesk-gui"]) / base
    print(f"goal ≤ 2.00×: {'met' if app_ratio <= 2 else 'NOT met'} ({app_ratio:.2f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
