"""Benchmark of the reference library and the comparison (not a test; prints figures).

Builds a library of 1,000 documents derived from tests/data/corpus (each a variant of a corpus
document: some sentences replaced by sentences from other documents, some neighbouring
paragraphs swapped), then prints in one run:

* import time per document (read + analyse + clauses + tokens + features + one transaction);
* the warm compare time of the sample plan against the whole library (library index loaded,
  jieba/scikit-learn imported, plan analysed): ranking all 1,000 documents, choosing the
  references, aligning clause by clause, diffs and explanations — goal ≤ 1 s on 2 cores;
* its ratio to a bare baseline over the same clauses measured in the same run: scikit-learn
  ``TfidfVectorizer`` (on the stored jieba tokens, no tokenising) fitted on every library clause
  plus the plan's, and the cosine of each plan clause with every library clause — goal ≤ 2×;
  also the baseline that tokenises the clause texts itself, for reference;
* the process's peak memory (goal ≤ 400 MB).

Also: the store's size per document and per character of text (and what takes the space), the
cold open to the first result and the warm compare in a fresh process, with its peak memory.

Run: ``.venv/bin/python bench/bench_compare.py [N_DOCS] [--keep=DIR] [--reuse=DIR]`` (a few minutes; 10000: about 15 minutes).
"""

from __future__ import annotations

import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CORPUS = ROOT / "tests" / "data" / "corpus"
PLAN = CORPUS / "nantong" / "tongzhengfa-2021-23.txt"


def peak_mb() -> float:
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss, not inherited from a forking parent)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def identity(tokens):
    return tokens


def baseline(db_path: str, plan_tokens: list[list[str]], plan_texts: list[str], home: str):
    """Bare scikit-learn baselines over the library's stored clauses (run in a child process)."""
    import sqlite3
    os.environ["POLICYDESK_HOME"] = home
    sys.path.insert(0, str(ROOT / "src"))
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity
    from policydesk.textproc import ensure_tokenizer, words
    ensure_tokenizer()
    from policydesk.library.codec import unpack_clauses
    con = sqlite3.connect(db_path)
    rows = []
    for (blob,) in con.execute("SELECT clauses FROM doc_data ORDER BY doc_id"):
        rows.extend((" ".join(c[4]), c[3]) for c in unpack_clauses(blob))
    con.close()
    lib_tokens = [r[0].split() for r in rows]
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        vec = TfidfVectorizer(analyzer=identity)
        X = vec.fit_transform(lib_tokens + plan_tokens)
        cosine_similarity(X[len(lib_tokens):], X[:len(lib_tokens)], dense_output=False)
        runs.append(time.perf_counter() - t)
    del X, vec
    if len(rows) > 100_000:          # jieba over 400,000 clauses takes ~10 minutes: not needed for the ratio
        return statistics.median(runs), float("nan"), len(lib_tokens), peak_mb()
    lib_texts = [r[1] for r in rows]
    t = time.perf_counter()
    vec = TfidfVectorizer(tokenizer=words, token_pattern=None, lowercase=False)
    X = vec.fit_transform(lib_texts + plan_texts)
    cosine_similarity(X[len(lib_texts):], X[:len(lib_texts)], dense_output=False)
    tok = time.perf_counter() - t
    return statistics.median(runs), tok, len(lib_tokens), peak_mb()


def store_report(db: Path) -> None:
    """Library file size per document and per character of text, and what takes the space (dbstat)."""
    import sqlite3
    con = sqlite3.connect(db)
    n_docs, chars = con.execute("SELECT count(*), sum(chars) FROM documents").fetchone()
    size = os.path.getsize(db)
    side = db.with_name(db.name + "-index")
    side_size = os.path.getsize(side) if side.exists() else 0
    print(f"store: library file {size / 2**20:.1f} MB for {n_docs} documents = {size / n_docs / 1024:.1f} KB/document, "
          f"{size / chars:.2f} bytes per character of text ({chars:,} characters); "
          f"ranking index side file {side_size / 2**20:.1f} MB ({side_size / n_docs / 1024:.1f} KB/document); "
          f"together {(size + side_size) / 2**20:.1f} MB")
    try:
        parts = con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
        print("  space by table/index: " + ", ".join(f"{n} {s / 2**20:.1f} MB" for n, s in parts if s > size / 200))
    except sqlite3.OperationalError:
        pass
    con.close()


def fresh_compare(db_path: str, plan_path: str, home: str):
    """In a fresh process: open the library cold and compare (first result), then 5 warm compares."""
    os.environ["POLICYDESK_HOME"] = home
    sys.path.insert(0, str(ROOT / "src"))
    from policydesk.api import analyze_path
    from policydesk.compare import compare_documents
    from policydesk.compare.document import prepare
    from policydesk.library import Library
    from policydesk.textproc import ensure_tokenizer
    ensure_tokenizer()
    import sklearn.feature_extraction.text  # noqa: F401
    import scipy.sparse  # noqa: F401
    plan = prepare(analyze_path(plan_path))
    rss_before = peak_mb()
    t = time.perf_counter()
    lib = Library(db_path)
    t_open = time.perf_counter() - t
    first = compare_documents(plan, library=lib)
    cold = time.perf_counter() - t
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        result = compare_documents(plan, library=lib)
        runs.append(time.perf_counter() - t)
    labels_same = [a.get("label") for a in first["alignments"]] == [a.get("label") for a in result["alignments"]]
    lib.close()
    return t_open, cold, statistics.median(runs), min(runs), max(runs), len(result["references"]), rss_before, \
        peak_mb(), labels_same


def _compare_part(tmp_path, n_docs, analyze_path, compare_documents, prepare, Library) -> None:
    store_report(tmp_path / "library.sqlite3")
    # -- the ranking index: built once after the import (as `library add` does) ----------------
    lib = Library(tmp_path / "library.sqlite3")
    t = time.perf_counter()
    index = lib.index()
    print(f"ranking index build after the import ({len(index)} documents, {index.n_clauses} clauses): "
          f"{time.perf_counter() - t:.2f} s")
    lib.close()
    store_report(tmp_path / "library.sqlite3")
    plan_analysis = analyze_path(PLAN)
    plan = prepare(plan_analysis)

    # -- cold open and warm compare in a fresh process (its memory is the comparison's alone) ---
    import multiprocessing as mp
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        t_open, cold, warm, wmin, wmax, n_refs, rss0, cpeak, same = pool.apply(
            fresh_compare, (str(tmp_path / "library.sqlite3"), str(PLAN), os.environ["POLICYDESK_HOME"]))
    print(f"cold open to first result (fresh process, models loaded, plan analysed): {1000 * cold:.0f} ms "
          f"(opening the library {1000 * t_open:.0f} ms)")
    print(f"warm compare, plan ({len(plan.clauses)} clauses) vs library of {n_docs}: "
          f"{1000 * warm:.0f} ms (median of 5; min {1000 * wmin:.0f}, max {1000 * wmax:.0f}); "
          f"references chosen: {n_refs}; labels of cold and warm runs identical: {same}")
    print(f"  peak memory of the comparing process: {cpeak:.0f} MB "
          f"({rss0:.0f} MB before opening the library: Python, jieba, scikit-learn, the plan)")
    lib = Library(tmp_path / "library.sqlite3")
    t = time.perf_counter()
    compare_documents(plan_analysis, library=lib)
    print(f"compare including the plan's clauses and tokens (analysis done): {1000 * (time.perf_counter() - t):.0f} ms")

    # -- baseline over the same clauses (in a child process: its memory is not ours) -----------
    with ctx.Pool(1) as pool:
        base, tok, n_lib, base_peak = pool.apply(baseline, (str(tmp_path / "library.sqlite3"),
                                                            [c.words or [] for c in plan.clauses],
                                                            [c.text for c in plan.clauses],
                                                            os.environ["POLICYDESK_HOME"]))
    print(f"baseline TfidfVectorizer (stored tokens) + cosine over the same {n_lib} library clauses and "
          f"{len(plan.clauses)} plan clauses: {1000 * base:.0f} ms → compare/baseline ratio {warm / base:.2f}×")
    print(f"baseline TfidfVectorizer tokenising with jieba + cosine: {tok:.1f} s → ratio {warm / tok:.3f}×")
    print(f"  (baselines ran in a child process, its peak memory {base_peak:.0f} MB)")
    lib.close()


def corpus_files() -> list[Path]:
    files = sorted(CORPUS.rglob("*.txt"))
    return [f for f in files if "pdf-extract" not in f.name]


def make_variants(n: int, out: Path, rng: random.Random) -> list[Path]:
    sources = [f.read_text(encoding="utf-8").splitlines() for f in corpus_files()]
    pool = [s for lines in sources for ln in lines for s in re.split(r"(?<=[。；])", ln) if len(s) > 12]
    paths = []
    for k in range(n):
        lines = list(sources[k % len(sources)])
        head, body = lines[:3], lines[3:]
        for i in range(len(body) - 1):                       # swap some neighbouring paragraphs
            if rng.random() < 0.08 and body[i][:1] == body[i + 1][:1]:
                body[i], body[i + 1] = body[i + 1], body[i]
        new_body = []
        for ln in body:
            parts = re.split(r"(?<=[。；])", ln)
            parts = [rng.choice(pool) if (j > 0 and rng.random() < 0.15) else p for j, p in enumerate(parts)]
            new_body.append("".join(parts))
        p = out / f"variant-{k:04d}.txt"
        p.write_text("\n".join(head + new_body + [f"（样本 {k}）"]) + "\n", encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    reuse = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--reuse=")), None)
    keep = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--keep=")), None)
    n_docs = int(args[0]) if args else 1000
    rng = random.Random(2024)
    with tempfile.TemporaryDirectory(prefix="pd-bench-") as tmp:
        tmp_path = Path(reuse or tmp)
        os.environ["POLICYDESK_HOME"] = str(tmp_path / "home")
        from policydesk.api import analyze_path
        from policydesk.compare import compare_documents
        from policydesk.compare.document import prepare
        from policydesk.library import Library
        from policydesk.textproc import ensure_tokenizer

        t0 = time.perf_counter()
        ensure_tokenizer()
        import sklearn.feature_extraction.text  # noqa: F401
        print(f"models imported (jieba + user dictionary, scikit-learn): {time.perf_counter() - t0:.2f} s")

        if reuse:
            print(f"reusing the library built by an earlier run in {reuse} (import figures: see that run)")
            _compare_part(tmp_path, n_docs, analyze_path, compare_documents, prepare, Library)
            return
        src = tmp_path / "docs"
        src.mkdir()
        files = make_variants(n_docs, src, rng)
        lib = Library(tmp_path / "library.sqlite3")
        times = []
        t_all = time.perf_counter()
        for f in files:
            t = time.perf_counter()
            lib.add(f)
            times.append(time.perf_counter() - t)
        total = time.perf_counter() - t_all
        print(f"import: {len(files)} documents in {total:.1f} s — {1000 * statistics.mean(times):.1f} ms/document "
              f"(median {1000 * statistics.median(times):.1f} ms, max {1000 * max(times):.0f} ms); "
              f"library file {os.path.getsize(tmp_path / 'library.sqlite3') / 2**20:.1f} MB")
        lib.close()
        # baseline for the import figure (issue 8): reading + analysing the same files alone, no library
        sample = files[:: max(1, len(files) // 100)]
        t = time.perf_counter()
        for f in sample:
            analyze_path(f)
        base_ms = 1000 * (time.perf_counter() - t) / len(sample)
        print(f"import baseline (read + analyse alone, {len(sample)} of the same files): {base_ms:.1f} ms/document "
              f"→ import/baseline ratio {1000 * statistics.mean(times) / base_ms:.2f}×")
        print(f"  peak memory so far: {peak_mb():.0f} MB")

        _compare_part(tmp_path, n_docs, analyze_path, compare_documents, prepare, Library)
        if keep:
            import shutil
            shutil.copytree(tmp_path, keep, ignore=shutil.ignore_patterns("docs"), dirs_exist_ok=True)
    print(f"peak memory of the benchmark process (import, index build): {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
