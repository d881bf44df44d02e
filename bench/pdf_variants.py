"""Generate plan-like PDFs quickly by recombining the pages of the repository's born-digital plan PDFs.

Each variant takes about 14 pages: the pages of one source plan (a second plan's pages appended when
it is shorter), two of its body pages swapped now and then, and a trailing comment after ``%%EOF``
naming the variant (so every file has its own content hash).  pypdfium2 copies the pages (no new
text is drawn), so the files are as real as their sources.  Used by ``bench_import_pdfs.py`` and the
import equality test; the output folder is a temporary one (never in git).
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    "samples/tongzhengfa-2021-23.pdf",
    "tests/data/layouts/e_guofa-2018-42.pdf",
    "tests/data/layouts/a_tongzhengfa-2021-23.pdf",
    "tests/data/reflow/guobanfa-2018-121.block-layout.pdf",
    "tests/data/layouts/a_zhejiang-laonianren-2020.pdf",
    "tests/data/layouts/b_guofa-2018-38.pdf",
    "tests/data/layouts/j_table_guobanfa-2018-121.pdf",
    "tests/data/layouts/b_guofa-2019-3.pdf",
]
TARGET_PAGES = 14


def make_variants(n: int, out: Path, seed: int = 19) -> list[Path]:
    import pypdfium2 as pdfium
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    srcs = [pdfium.PdfDocument(str(ROOT / s)) for s in SOURCES if (ROOT / s).exists()]
    paths: list[Path] = []
    try:
        for k in range(n):
            first = srcs[k % len(srcs)]
            pages = [(first, i) for i in range(len(first))]
            if len(pages) < TARGET_PAGES:
                second = srcs[(k // len(srcs) + k + 1) % len(srcs)]
                pages += [(second, i) for i in range(min(len(second), TARGET_PAGES - len(pages)))]
            if len(pages) > 3 and rng.random() < 0.5:
                i, j = rng.sample(range(1, len(pages)), 2)
                pages[i], pages[j] = pages[j], pages[i]
            new = pdfium.PdfDocument.new()
            groups: list[tuple[object, list[int]]] = []        # one import per source: fonts shared
            for src, i in pages:
                if groups and groups[-1][0] is src:
                    groups[-1][1].append(i)
                else:
                    groups.append((src, [i]))
            for src, idx in groups:
                new.import_pages(src, idx)
            p = out / f"plan-{k:04d}.pdf"
            new.save(str(p))
            new.close()
            with open(p, "ab") as f:
                f.write(f"\n%policydesk bench variant {k}\n".encode("ascii"))
            paths.append(p)
    finally:
        for s in srcs:
            s.close()
    return paths
