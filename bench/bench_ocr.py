"""OCR benchmark on the whole sample plan scanned at 150 dpi (issue 6).

Builds the 14-page image-only PDF with tests/data/ocr/make_ocr_fixtures.py (in a temporary folder), reads it with
OCR and prints:

* character error rate against the plan's text (tests/data/corpus/nantong/…txt; whitespace removed) — goal ≤ 2%;
* headings found (number + title) against the truth's 27 — goal: all;
* task units F1 against the truth (pairs of heading title and normalised unit) — goal ≥ 0.95;
* seconds per page, and the ratio to reading the original (text-layer) PDF in the same run;
* peak memory (RSS of this process).

With ``--before`` the same scan is read a second time with the OCR settings used before issue 17 (detector at the
full page size, direction classifier, recogniser batches of 6, default threads) and the ratio of the two is printed
(the same machine, the same minute: the ratio is the figure to compare).

With ``--degraded`` it reads the plan as scans really come (tests/data/scans/make_scans.py, all 14 pages per kind):
200 dpi 1-bit fax (multi-page TIFF), skewed noisy grey scans, phone photos (a folder of JPEGs), and a colour scan
with a red seal over the issuer and date; per kind it prints CER, headings, task unit F1, s/page and whether the seal
leaked into the issuer/date or the text.

Run: ``.venv/bin/python bench/bench_ocr.py [--dpi 150] [--pages N] [--max-side PX] [--before] [--degraded [KIND …]]``
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from policydesk.analysis import analyze  # noqa: E402
from policydesk.readers import ReadOptions, read_document  # noqa: E402

SAMPLE = ROOT / "samples" / "tongzhengfa-2021-23.pdf"
TRUTH = ROOT / "tests" / "data" / "truth" / "tongzhengfa-2021-23.json"
REFERENCE = ROOT / "tests" / "data" / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fixtures_module():
    spec = importlib.util.spec_from_file_location("make_ocr_fixtures", ROOT / "tests/data/ocr/make_ocr_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def headings_found(result: dict, truth: dict) -> tuple[int, int, list[str]]:
    want = [(h["number"], h["title"]) for h in truth["headings"]]
    got = {(h["number"], h["title"]) for h in result["headings"]}
    missing = [f"{n}{t}" for n, t in want if (n, t) not in got]
    return len(want) - len(missing), len(want), missing


def unit_f1(result: dict, truth: dict) -> tuple[float, float, float]:
    want = Counter((t["heading_title"], u) for t in truth["tasks"] for u in t["units_normalized"])
    got = Counter((t["title"], u) for t in result["tasks"] for u in t["units_normalized"])
    hit = sum((want & got).values())
    p = hit / max(sum(got.values()), 1)
    r = hit / max(sum(want.values()), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dpi", type=int, default=150, help="scan resolution of the fixture (default 150)")
    ap.add_argument("--pages", type=int, default=0, help="only the first N pages (default: all)")
    ap.add_argument("--max-side", type=int, default=0, help="override safety.OCR_MAX_SIDE_PX (pixels)")
    ap.add_argument("--before", action="store_true", help="also run the pre-issue-17 OCR settings; print the ratio")
    ap.add_argument("--degraded", nargs="*", metavar="KIND", help="degraded scans: fax grey photo seal (default all)")
    args = ap.parse_args()
    if args.degraded is not None:
        return degraded(args.degraded or ["fax", "grey", "photo", "seal"])
    if args.max_side:
        from policydesk.readers import safety
        safety.OCR_MAX_SIDE_PX = args.max_side
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    mod = fixtures_module()

    # baseline: the original PDF with its text layer
    t0 = time.perf_counter()
    base_doc = read_document(SAMPLE)
    base_s = time.perf_counter() - t0
    base_pages = base_doc.source.pages or 1

    with tempfile.TemporaryDirectory() as d:
        scan = Path(d) / "scan.pdf"
        import pypdfium2 as pdfium
        n = len(pdfium.PdfDocument(str(SAMPLE)))
        pages = list(range(args.pages or n))
        mod.scan_pdf(scan, pages, dpi=args.dpi)
        from policydesk.readers import ocr
        tuning = dict(ocr.TUNING)
        ocr_s, cpu_s, doc = timed_read(scan, tuning)
        before = None
        if args.before:                 # second, so the old engine's threads cannot slow the new run
            before = timed_read(scan, OLD_TUNING)
            ocr.TUNING = tuning

    result = analyze(doc).to_json()
    reference = REFERENCE.read_text(encoding="utf-8")
    if args.pages:
        # compare with the text layer of the same pages instead of the whole plan
        reference = mod.reference_text(pages)
    ref, hyp = squash(reference), squash(doc.text)
    cer = Levenshtein.distance(ref, hyp) / len(ref)
    found, total, missing = headings_found(result, truth)
    p, r, f1 = unit_f1(result, truth)
    per_page = ocr_s / len(pages)
    base_per_page = base_s / base_pages
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    from policydesk.readers import safety
    print(f"scan: {len(pages)} pages at {args.dpi} dpi (OCR input <= {safety.OCR_MAX_SIDE_PX} px); OCR'd pages {doc.source.ocr_pages}; "
          f"mean confidence {doc.source.ocr_confidence:.4f}")
    print(f"character error rate: {cer:.4%} ({Levenshtein.distance(ref, hyp)} edits / {len(ref)} chars; goal <= 2%)")
    ops = [op for op in Levenshtein.editops(ref, hyp)][:15]
    for tag, i, j in ops:
        print(f"    {tag:8} ref {ref[max(0, i - 6):i + 6]!r:24} ocr {hyp[max(0, j - 6):j + 6]!r}")
    if not args.pages:
        print(f"headings found: {found}/{total}" + (f"  missing: {missing}" if missing else ""))
        print(f"task units: precision {p:.3f} recall {r:.3f} F1 {f1:.3f} (goal >= 0.95); "
              f"tasks {len(result['tasks'])}/{len(truth['tasks'])}")
    print(f"seconds per page: OCR {per_page:.2f} s (CPU {cpu_s / len(pages):.2f} s); text layer {base_per_page:.3f} s; "
          f"ratio {per_page / base_per_page:.0f}x")
    if before is not None:
        b_s, b_cpu, b_doc = before
        b_cer = Levenshtein.distance(ref, squash(b_doc.text)) / len(ref)
        print(f"before issue 17 (same scan, same run): {b_s / len(pages):.2f} s/page (CPU {b_cpu / len(pages):.2f} s), "
              f"CER {b_cer:.4%}; now/before ratio {ocr_s / b_s:.2f} (CPU {cpu_s / b_cpu:.2f})")
    print(f"peak memory (RSS): {peak_mb:.0f} MB" + (" (includes the 'before' engine)" if before else ""))
    return 0


OLD_TUNING = {"Global.use_cls": True, "Det.limit_type": "min", "Det.limit_side_len": 736, "Rec.rec_batch_num": 6,
              "EngineConfig.onnxruntime.intra_op_num_threads": -1, "EngineConfig.onnxruntime.inter_op_num_threads": -1}


def timed_read(path: Path, tuning: dict, reader=None):
    """(wall s, CPU s, document) reading ``path`` with the given OCR engine settings (engine built before timing)."""
    from policydesk.readers import ocr
    ocr.TUNING = dict(tuning)
    ocr.ALLOW_SPINNING = tuning is OLD_TUNING          # onnxruntime's default before issue 17
    ocr._engine = None
    import gc
    gc.collect()
    ocr.engine()
    t0, c0 = time.perf_counter(), time.process_time()
    doc = (reader or (lambda p: read_document(p, ReadOptions(progress=lambda done, total, msg: None))))(path)
    return time.perf_counter() - t0, time.process_time() - c0, doc


def degraded(kinds: list[str]) -> int:
    spec = importlib.util.spec_from_file_location("make_scans", ROOT / "tests/data/scans/make_scans.py")
    scans = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scans)
    from policydesk.readers import ocr, read_images
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    ref = squash(REFERENCE.read_text(encoding="utf-8"))
    import pypdfium2 as pdfium
    n = len(pdfium.PdfDocument(str(SAMPLE)))
    pages = list(range(n))
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for kind in kinds:
            folder = Path(d) / kind
            paths = scans.save(kind, scans.make_kind(kind, pages), folder, pages)
            wall, cpu, doc = timed_read(paths[0] if kind == "fax" else folder, ocr.TUNING)
            result = analyze(doc).to_json()
            hyp = squash(doc.text)
            cer = Levenshtein.distance(ref, hyp) / len(ref)
            found, total, missing = headings_found(result, truth)
            _, _, f1 = unit_f1(result, truth)
            meta = result["meta"]
            leak = ""
            if kind == "seal":
                ok = meta.get("issuer") == "南通市人民政府" and meta.get("date") == "2021-06-03"
                extra = hyp.count("南通市人民政府") - ref.count("南通市人民政府")
                leak = "no" if ok and extra <= 0 else f"YES (issuer {meta.get('issuer')!r}, date {meta.get('date')!r}, +{extra})"
            rows.append((kind, cer, f"{found}/{total}", f1, wall / n, cpu / n, leak, missing))
            print(f"{kind:6} CER {cer:.2%}  headings {found}/{total}  task units F1 {f1:.3f}  "
                  f"{wall / n:.2f} s/page (CPU {cpu / n:.2f})" + (f"  seal leaked: {leak}" if leak else "")
                  + (f"  missing {missing}" if missing else ""), flush=True)
            for tag, i, j in Levenshtein.editops(ref, hyp)[:6]:
                print(f"       {tag:8} ref {ref[max(0, i - 6):i + 6]!r:24} ocr {hyp[max(0, j - 6):j + 6]!r}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"goals: CER <= 3%, headings >= 95%, task unit sets >= 95%, the seal never in the issuer/date; "
          f"peak memory (RSS) {peak_mb:.0f} MB (includes generating the 14-page scans of each kind in memory)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
