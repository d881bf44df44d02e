"""Run every benchmark (each in its own process) and print one summary table: figure, in-run baseline, ratio, goal,
peak memory — the numbers behind docs/performance.md.

    .venv/bin/python bench/run_all.py                  # one round of everything (about 8 minutes on 2 cores)
    .venv/bin/python bench/run_all.py --rounds 3       # three rounds, medians and spread per figure
    .venv/bin/python bench/run_all.py --only analyse,draft,gui
    .venv/bin/python bench/run_all.py --markdown       # the table as Markdown (for docs/performance.md)

Each script prints its own figure, the ratio to the baseline its issue names (measured in the same run) and its
peak memory; this runner only parses those lines.  The raw output of every script is kept in
out/bench/<timestamp>/ (with a results.json); a line that cannot be parsed shows as "?" and the runner says which
script's output changed.  The bundle row needs a built dist/policydesk/ (bash build_spec/build.sh) and is skipped
otherwise.  Each script's run also records the 1-minute load average before it started: on a shared machine a
load above the core count means the figures of that round are suspect.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"


@dataclass
class Row:
    """One figure: value (in ``unit``), its in-run baseline (same unit), their ratio, peak memory in MB."""
    figure: str
    unit: str
    value: float | None = None
    baseline: float | None = None
    ratio: float | None = None
    peak_mb: float | None = None
    goal: str = ""
    baseline_name: str = ""
    extra: dict[str, float] = field(default_factory=dict)


def _f(pattern: str, text: str, group: int = 1, flags: int = re.M) -> float | None:
    m = re.search(pattern, text, flags)
    return float(m.group(group)) if m else None


def _ratio(value: float | None, base: float | None) -> float | None:
    return value / base if value is not None and base else None


def _figure(out: str, figure: str, unit: str, value: str, base: str, peak: str, goal: str, baseline_name: str) -> Row:
    """A Row whose value, baseline and peak memory are read from ``out`` by the regexes ``value``, ``base``, ``peak``."""
    v, b = _f(value, out), _f(base, out)
    return Row(figure, unit, v, b, _ratio(v, b), _f(peak, out), goal, baseline_name)


def parse_analyse(out: str) -> list[Row]:
    return [_figure(out, "analyse the sample PDF (cold, fresh process)", "s",
                    r"analyze: policydesk analyze --json\s+([\d.]+) s", r"baseline: pdfplumber extract_text\s+([\d.]+) s",
                    r"analyze: policydesk analyze --json.*?peak RSS\s+([\d.]+) MiB",
                    "≤ 1.3×", "bare pdfplumber extract_text, fresh process")]


def parse_ocr(out: str) -> list[Row]:
    value = _f(r"seconds per page: OCR ([\d.]+) s", out)
    base = _f(r"seconds per page: OCR [\d.]+ s; text layer ([\d.]+) s", out)
    row = Row("OCR, 14-page scan at 150 dpi, per page", "s", value, base, _ratio(value, base),
              _f(r"peak memory \(RSS\): (\d+) MB", out), "CER ≤ 2 %, 27/27 headings, F1 ≥ 0.95",
              "reading the text-layer PDF, per page")
    for key, pat in (("cer_percent", r"character error rate: ([\d.]+)%"), ("headings", r"headings found: (\d+)/"),
                     ("unit_f1", r"F1 ([\d.]+)")):
        v = _f(pat, out)
        if v is not None:
            row.extra[key] = v
    return [row]


def parse_compare(out: str) -> list[Row]:
    return [_figure(out, "library build: import per document (1,000 documents)", "ms",
                    r"import: \d+ documents in [\d.]+ s — ([\d.]+) ms/document", r"import baseline .*?: ([\d.]+) ms/document",
                    r"peak memory so far: (\d+) MB", "", "read + analyse the same files alone"),
            _figure(out, "compare the plan against 1,000 documents (warm)", "ms",
                    r"warm compare, .*?: (\d+) ms \(median", r"\+ cosine over the same .*?: (\d+) ms → compare/baseline ratio",
                    r"peak memory \(max RSS of the benchmark process.*?\): (\d+) MB", "≤ 1 s and ≤ 2×",
                    "TfidfVectorizer + cosine over the same clauses")]


def parse_draft(out: str) -> list[Row]:
    peak = r"peak RSS of the benchmark process: (\d+) MiB"
    return [_figure(out, "draft one county (如东县) .docx", "ms", r"one county \(.*?\) draft \.docx:\s+([\d.]+) ms",
                    r"baseline python-docx, same size, one:\s+([\d.]+) ms", peak, "< 500 ms",
                    "python-docx alone writing the same text"),
            _figure(out, "draft all seven counties", "ms", r"all seven counties:\s+([\d.]+) ms",
                    r"baseline python-docx, seven:\s+([\d.]+) ms", peak, "", "python-docx alone, seven documents")]


def parse_gui(out: str) -> list[Row]:
    return [_figure(out, "GUI start: process start → first paint (offscreen)", "ms",
                    r"^policydesk-gui\s+(\d+) ms", r"^bare QMainWindow\s+(\d+) ms",
                    r"^policydesk-gui\s+\d+ ms.*?peak RSS\s+([\d.]+) MB", "≤ 2×", "bare PySide6 QMainWindow")]


def parse_bad_input(out: str) -> list[Row]:
    rows = [_figure(out, "refuse the DOCX zip bomb (200 MB inflated)", "ms",
                    r"^zip-bomb\.docx\s+exit 3\s+([\d.]+) ms", r"baseline: reading the sample plan \.docx\s+([\d.]+) ms",
                    r"^zip-bomb\.docx.*?peak\s+([\d.]+) MB traced", "< 1 s, flat memory", "reading the sample plan .docx")]
    bomb = _f(r"^pdf-bomb\.pdf .*?fresh process exit 3\s+([\d.]+) s", out)
    bomb_base = _f(r"^baseline \(fresh process\): analyze the 14-page sample PDF\s+exit 0\s+([\d.]+) s", out)
    bomb_rss = _f(r"^pdf-bomb\.pdf .*?peak RSS\s+([\d.]+) MB \(", out)
    if bomb is not None:
        rows.append(Row("refuse the PDF bomb (4 MB → 4 GiB), fresh process", "ms", bomb * 1000,
                        bomb_base * 1000 if bomb_base is not None else None,
                        _ratio(bomb, bomb_base), bomb_rss, "< 2 s, < 300 MB", "analyze the sample PDF"))
    return rows


def parse_title_split(out: str) -> list[Row]:
    return [_figure(out, "split a 300-character draft title", "ms",
                    r"dynamic programming, 300-character title\s+([\d.]+) ms",
                    r"baseline: exhaustive search, \d+-character title\s+([\d.]+) ms",
                    r"dynamic programming, 300-character title.*?peak\s+([\d.]+) MB", "< 1 s",
                    "the old exhaustive search on a 36-character title")]


def parse_bundle(out: str) -> list[Row]:
    return [_figure(out, "bundle: policydesk-gui start → first paint", "ms",
                    r"^bundle policydesk-gui\s+([\d.]+) ms", r"^bare QMainWindow \(venv\)\s+([\d.]+) ms",
                    r"^bundle policydesk-gui.*?peak RSS\s+([\d.]+) MB", "≤ 2×", "bare PySide6 QMainWindow"),
            _figure(out, "bundle: policydesk analyze the sample (cold)", "ms",
                    r"^bundle policydesk analyze\s+([\d.]+) ms",
                    r"^baseline pdfplumber extract_text \(venv\)\s+([\d.]+) ms",
                    r"^bundle policydesk analyze.*?peak RSS\s+([\d.]+) MB", "≤ 1.3×", "bare pdfplumber extract_text")]


@dataclass
class Bench:
    name: str
    script: str
    parse: Callable[[str], list[Row]]
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    needs: Path | None = None


BENCHES = [
    Bench("analyse", "bench_analyze.py", parse_analyse),
    Bench("ocr", "bench_ocr.py", parse_ocr),
    Bench("compare", "bench_compare.py", parse_compare),       # library build + compare (one run, one library)
    Bench("draft", "bench_draft.py", parse_draft),
    Bench("gui", "bench_gui_start.py", parse_gui, env={"QT_QPA_PLATFORM": "offscreen"}),
    Bench("bad-input", "bench_bad_input.py", parse_bad_input),
    Bench("title-split", "bench_title_split.py", parse_title_split),
    Bench("bundle", "bench_bundle.py", parse_bundle, env={"QT_QPA_PLATFORM": "offscreen"},
          needs=ROOT / "dist" / "policydesk"),
]


def run_bench(b: Bench, logdir: Path, round_no: int) -> tuple[list[Row], dict]:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    env = {**os.environ, **b.env}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(BENCH / b.script), *b.args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace")
    wall = time.perf_counter() - t0
    (logdir / f"{b.name}.round{round_no}.log").write_text(proc.stdout + "\n--- stderr ---\n" + proc.stderr,
                                                           encoding="utf-8")
    rows = b.parse(proc.stdout) if proc.returncode == 0 else []
    meta = {"bench": b.name, "round": round_no, "exit": proc.returncode, "wall_s": round(wall, 1),
            "load_before": round(load, 2)}
    status = "ok" if proc.returncode == 0 else f"FAILED (exit {proc.returncode})"
    unparsed = [r.figure for r in rows if r.value is None or r.ratio is None]
    if unparsed:
        status += f"; output not understood for: {', '.join(unparsed)} (see the log)"
    print(f"  [{round_no}] {b.name:10s} {wall:6.1f} s  load before {load:4.2f}  {status}", flush=True)
    if proc.returncode != 0:
        print("      " + "\n      ".join(proc.stderr.strip().splitlines()[-5:]))
    return rows, meta


def fmt(v: float | None, unit: str = "") -> str:
    if v is None:
        return "?"
    if unit == "s":
        return f"{v:.3f} s" if v < 1 else f"{v:.2f} s"
    if unit == "ms":
        return f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"
    return f"{v:.2f}"


def spread(values: list[float]) -> str:
    if len(values) < 2:
        return ""
    med = statistics.median(values)
    return f"±{100 * (max(values) - min(values)) / 2 / med:.0f} %" if med else ""


def summarise(results: dict[str, list[Row]], markdown: bool) -> str:
    header = ["figure", "value", "baseline (same run)", "ratio", "goal", "peak memory"]
    lines = []
    for figure, rows in results.items():
        vals = [r.value for r in rows if r.value is not None]
        bases = [r.baseline for r in rows if r.baseline is not None]
        ratios = [r.ratio for r in rows if r.ratio is not None]
        peaks = [r.peak_mb for r in rows if r.peak_mb is not None]
        r0 = rows[0]
        val = fmt(statistics.median(vals), r0.unit) if vals else "?"
        if len(vals) > 1:
            val += f" ({spread(vals)})"
        base = (fmt(statistics.median(bases), r0.unit) if bases else "?") + f" — {r0.baseline_name}"
        ratio = f"{statistics.median(ratios):.2f}×" if ratios else "?"
        if len(ratios) > 1:
            ratio += f" ({spread(ratios)})"
        peak = (f"{max(peaks):.0f} MB" if max(peaks) >= 10 else f"{max(peaks):.2g} MB") if peaks else "?"
        extra = ""
        if r0.extra:
            extra = "; " + ", ".join(f"{k} {statistics.median([r.extra[k] for r in rows if k in r.extra]):g}"
                                     for k in r0.extra)
        lines.append([figure + extra, val, base, ratio, r0.goal, peak])
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(cells) + " |" for cells in lines]
        return "\n".join(out)
    widths = [max(len(str(c)) for c in col) for col in zip(header, *lines)]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(cells, widths)) for cells in lines]
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=1, help="run the whole set N times; report medians (default 1)")
    ap.add_argument("--only", help="comma-separated: " + ",".join(b.name for b in BENCHES))
    ap.add_argument("--skip", default="", help="comma-separated names to leave out")
    ap.add_argument("--markdown", action="store_true", help="print the summary as a Markdown table")
    args = ap.parse_args()
    chosen = [b for b in BENCHES if (not args.only or b.name in args.only.split(","))
              and b.name not in args.skip.split(",")]
    for b in list(chosen):
        if b.needs is not None and not b.needs.exists():
            print(f"(skipping {b.name}: {b.needs} does not exist — build it with 'bash build_spec/build.sh')")
            chosen.remove(b)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    logdir = ROOT / "out" / "bench" / stamp
    logdir.mkdir(parents=True, exist_ok=True)
    print(f"{len(chosen)} benchmarks × {args.rounds} round(s) on {os.cpu_count()} cores; logs in {logdir}")
    results: dict[str, list[Row]] = {}
    metas = []
    for rnd in range(1, args.rounds + 1):
        for b in chosen:
            rows, meta = run_bench(b, logdir, rnd)
            metas.append(meta)
            for r in rows:
                results.setdefault(r.figure, []).append(r)
    print()
    print(summarise(results, args.markdown))
    failed = [m for m in metas if m["exit"] != 0]
    loads = [m["load_before"] for m in metas]
    print(f"\n1-minute load average before each script: min {min(loads):.2f}, max {max(loads):.2f} "
          f"({os.cpu_count()} cores)" if loads else "")
    (logdir / "results.json").write_text(json.dumps(
        {"when": stamp, "cores": os.cpu_count(), "runs": metas,
         "figures": {k: [asdict(r) for r in v] for k, v in results.items()}}, ensure_ascii=False, indent=1),
        encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
