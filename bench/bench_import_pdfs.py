"""Benchmark: import a folder of generated plan PDFs (≈14 pages each) into a new library (not a test).

Prints, in one run:

* the generation of N plan PDFs (``pdf_variants``: pages of the repository's born-digital plans
  recombined; written to a temporary folder, never into the repository);
* the baseline: reading a sample of the same files with bare pdfplumber (``extract_text`` of every
  page, one process), per file and extrapolated to all N;
* ``policydesk library add FOLDER`` as the GUI and CLI run it (:func:`policydesk.library.bulk.import_paths`,
  2 worker processes, the parent writing): total time, per file, the ratio to the baseline, how many
  files took the fast text path, and the peak memory of the parent and of the workers;
* with ``--slow-too``: the same import with the fast path off (pdfplumber for every page).

Goal (issue 19): 1,000 PDFs in ≤ 3 minutes with two workers on the 2-core machine.

Run: ``.venv/bin/python bench/bench_import_pdfs.py [N] [--workers 2] [--baseline-sample 100] [--slow-too]``
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def bare_pdfplumber(files: list[Path]) -> float:
    import pdfplumber
    t = time.perf_counter()
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_text()
    return time.perf_counter() - t


def import_folder(folder: Path, db: Path, workers: int) -> tuple[float, int, int]:
    from policydesk.library import Library
    from policydesk.library.bulk import import_paths
    t = time.perf_counter()
    with Library(db) as lib:
        summary = import_paths(lib, [folder], workers=workers, build_index=False)
    return time.perf_counter() - t, len(summary.added), len(summary.failed)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--baseline-sample", type=int, default=100)
    ap.add_argument("--slow-too", action="store_true")
    args = ap.parse_args()
    from pdf_variants import make_variants
    with tempfile.TemporaryDirectory(prefix="pd-bench-pdfs-") as tmp:
        tmp_path = Path(tmp)
        os.environ["POLICYDESK_HOME"] = str(tmp_path / "home")
        t = time.perf_counter()
        files = make_variants(args.n, tmp_path / "plans")
        pages = 0
        import pypdfium2 as pdfium
        for f in files[:50]:
            d = pdfium.PdfDocument(str(f))
            pages += len(d)
            d.close()
        print(f"generated {len(files)} plan PDFs ({pages / min(50, len(files)):.1f} pages on average, "
              f"{sum(f.stat().st_size for f in files) / 2**20:.0f} MB) in {time.perf_counter() - t:.1f} s")

        sample = files[:: max(1, len(files) // args.baseline_sample)][:args.baseline_sample]
        base = bare_pdfplumber(sample)
        per_file = base / len(sample)
        print(f"baseline: bare pdfplumber extract_text, one process: {per_file:.2f} s/file over {len(sample)} files "
              f"→ {per_file * len(files):.0f} s for all {len(files)}")

        from policydesk.readers import pdf_fast
        from policydesk.readers.base import ReadOptions
        fast_used = sum(1 for f in sample[:20] if pdf_fast.read(f, ReadOptions()) is not None)

        took, added, failed = import_folder(tmp_path / "plans", tmp_path / "lib.sqlite3", args.workers)
        print(f"import with {args.workers} workers: {len(files)} PDFs in {took:.1f} s ({took / 60:.2f} min), "
              f"{1000 * took / len(files):.0f} ms/file; added {added}, refused {failed}; "
              f"ratio to bare pdfplumber (one process) {took / (per_file * len(files)):.2f}×; "
              f"fast text path taken by {fast_used} of 20 sampled files")
        print(f"  library file {os.path.getsize(tmp_path / 'lib.sqlite3') / 2**20:.1f} MB")
        if args.slow_too:
            os.environ["POLICYDESK_PDF_FAST"] = "0"
            took_slow, added_slow, _ = import_folder(tmp_path / "plans", tmp_path / "lib-slow.sqlite3", args.workers)
            print(f"import with {args.workers} workers, pdfplumber only: {took_slow:.1f} s "
                  f"({1000 * took_slow / len(files):.0f} ms/file) → fast path saves {1 - took / took_slow:.0%}")
        print(f"peak memory: parent {peak_mb():.0f} MB, largest worker {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")


if __name__ == "__main__":
    main()
