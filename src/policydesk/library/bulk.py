"""Bulk import: files and folders (recursively) into a library, in parallel worker processes.

:func:`import_paths` is the one entry point for the CLI (``policydesk library add FOLDER…``) and the
GUI's 文档库 view.  The parent hashes each file (already stored → skipped without reading it),
worker processes read, analyse and prepare each new file (:func:`.record.make_record`), and the
parent alone writes, one transaction per document, in the order of the files (so ids are the same as
importing them one by one).  ``cancel()`` (or Ctrl-C) stops at once: the workers are stopped and
every document written so far is complete — the library is consistent.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import Cancelled, LibraryError, PolicydeskError
from .store import AddResult, Library

log = logging.getLogger("policydesk.library")

Progress = Callable[[int, int, str], None]      # (done, total, current file)
Cancel = Callable[[], bool]

# files a folder import picks up (content still decides the format; others in the folder are skipped)
DOCUMENT_SUFFIXES = {".pdf", ".docx", ".docm", ".dotx", ".txt", ".text", ".md", ".ofd", ".doc", ".wps",
                     ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".bmp", ".gif"}
PARALLEL_MIN_FILES = 4          # fewer new files: imported in this process (starting workers costs ~1 s)


@dataclass(slots=True)
class ImportSummary:
    results: list[AddResult] = field(default_factory=list)     # one per file, in the order of the files
    skipped: list[str] = field(default_factory=list)           # files in folders that are not documents
    cancelled: bool = False

    @property
    def added(self) -> list[AddResult]:
        return [r for r in self.results if r.status == "added"]

    @property
    def existing(self) -> list[AddResult]:
        return [r for r in self.results if r.status == "exists"]

    @property
    def failed(self) -> list[AddResult]:
        return [r for r in self.results if r.status == "failed"]

    def line(self) -> str:
        """One Chinese line: added, already stored, refused (and skipped, cancelled)."""
        parts = [f"已导入 {len(self.added)} 个", f"已在库中 {len(self.existing)} 个", f"未导入 {len(self.failed)} 个"]
        if self.skipped:
            parts.append(f"跳过 {len(self.skipped)} 个非文档文件")
        head = "导入已取消" if self.cancelled else "导入完成"
        return f"{head}：" + "，".join(parts) + "。"

    def to_json(self) -> dict[str, Any]:
        return {"added": len(self.added), "exists": len(self.existing), "failed": len(self.failed),
                "skipped": self.skipped, "cancelled": self.cancelled,
                "results": [r.to_json() for r in self.results]}


def collect_files(paths: list[str | os.PathLike]) -> tuple[list[str], list[str]]:
    """Files to import: each file given, and the documents in each folder given (recursively, sorted).
    → (files, skipped files of folders)."""
    files: list[str] = []
    skipped: list[str] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file():
                    continue
                name = f.name
                if name.startswith((".~lock.", "~$", ".")) or f.suffix.lower() not in DOCUMENT_SUFFIXES:
                    skipped.append(str(f))
                    continue
                files.append(str(f))
        else:
            files.append(str(p))
    return files, skipped


def _worker_init() -> None:
    import signal
    import threading
    signal.signal(signal.SIGINT, signal.SIG_IGN)        # Ctrl-C is the parent's to handle
    threading.Thread(target=_exit_with_parent, name="parent-watch", daemon=True).start()


def _exit_with_parent() -> None:
    """A worker whose parent died (killed, crashed) exits instead of waiting forever to hand in its result."""
    import multiprocessing
    from multiprocessing.connection import wait as wait_for
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    try:
        wait_for([parent.sentinel])
    except (OSError, ValueError):
        pass
    os._exit(3)


def prepare_file(path: str, sha256: str | None, level: str | None, password: str | None, ocr: bool):
    """Worker: read, analyse and prepare one file → ("ok", Record) or ("failed", message, exit code)."""
    from ..api import analyze_path
    from ..readers import ReadOptions
    from .record import make_record
    try:
        analysis = analyze_path(path, ReadOptions(password=password, ocr=ocr))
        return ("ok", make_record(path, analysis, level, sha256=sha256))
    except PolicydeskError as e:
        return ("failed", str(e), e.exit_code)
    except Exception as e:                                   # never lose the batch for one file
        log.exception("import of %s failed", path)
        return ("failed", f"无法导入 {path}：{type(e).__name__}。请检查该文件。", 3)


def import_paths(library: Library, paths: list[str | os.PathLike], *, level: str | None = None,
                 password: str | None = None, ocr: bool = True, workers: int = 2,
                 progress: Progress | None = None, cancel: Cancel | None = None,
                 build_index: bool = True) -> ImportSummary:
    """Import files and folders.  ``progress(done, total, path)`` after each file; ``cancel()`` polled
    often (returns True → stop; the summary says ``cancelled``).  A file that cannot be read is recorded
    as failed with its Chinese reason; a library error (read-only, damaged, locked) is raised.
    ``build_index``: bring the ranking index up to date afterwards, so the next comparison opens fast.
    """
    from ..fileio import sha256_file
    from ..levels import parse_level_or_library_error
    if level is not None:
        level = parse_level_or_library_error(level)
    library._begin_write()                           # read-only / damaged: refuse before any work
    files, skipped = collect_files(paths)
    summary = ImportSummary(results=[None] * len(files), skipped=skipped)   # type: ignore[list-item]
    total = len(files)
    done = 0

    def report(path: str) -> None:
        if progress:
            progress(done, total, path)

    def cancelled() -> bool:
        return bool(cancel and cancel())

    # 1. hash: already stored (or twice in this batch) → no reading
    todo: list[tuple[int, str, str | None]] = []
    first_of: dict[str, int] = {}
    dup_of: dict[int, int] = {}
    try:
        for i, f in enumerate(files):
            if cancelled():
                summary.cancelled = True
                break
            try:
                sha = sha256_file(f)
            except OSError:
                sha = None                               # the reader gives the user's message
            if sha:
                existing = library.find_sha256(sha)
                if existing is not None:
                    info = library.get(existing)
                    summary.results[i] = AddResult(f, existing, "exists", info.title, info.level)
                    done += 1
                    continue
                if sha in first_of:
                    dup_of[i] = first_of[sha]
                    continue
                first_of[sha] = i
            todo.append((i, f, sha))
    except KeyboardInterrupt:
        summary.cancelled = True
    report("")

    # 2. prepare (workers) and write (here, in file order)
    def store(i: int, f: str, outcome: tuple) -> None:
        nonlocal done
        if outcome[0] == "ok":
            summary.results[i] = library.store_record(outcome[1], f)
        else:
            summary.results[i] = AddResult(f, None, "failed", error=outcome[1], exit_code=outcome[2])
        done += 1
        report(f)

    if not summary.cancelled:
        try:
            if workers <= 1 or len(todo) < PARALLEL_MIN_FILES:
                for i, f, sha in todo:
                    if cancelled():
                        raise Cancelled()
                    store(i, f, prepare_file(f, sha, level, password, ocr))
            else:
                _parallel(todo, store, cancelled, level, password, ocr, workers)
        except (Cancelled, KeyboardInterrupt):
            summary.cancelled = True
    _finish(summary, files, dup_of)
    if build_index and summary.added and not summary.cancelled:
        from ..compare.settings import load_settings
        try:
            library.index(load_settings().document_sublinear_tf)
        except (OSError, MemoryError) as e:           # only a cache: the next comparison builds it
            log.warning("ranking index not updated after import: %s", e)
    return summary


def _finish(summary: ImportSummary, files: list[str], dup_of: dict[int, int]) -> None:
    for i, j in dup_of.items():
        first = summary.results[j]
        if first is not None and first.id is not None:
            summary.results[i] = AddResult(files[i], first.id, "exists", first.title, first.level)
        elif first is not None:
            summary.results[i] = AddResult(files[i], None, "failed", error=first.error, exit_code=first.exit_code)
    summary.results = [r for r in summary.results if r is not None]


def _parallel(todo, store, cancelled, level, password, ocr, workers: int) -> None:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    ex = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"), initializer=_worker_init)
    window = 2 * workers + 2
    futures: dict[int, Future] = {}
    nxt = 0          # next item of todo to submit
    head = 0         # next item of todo to write
    clean = False
    try:
        while head < len(todo):
            while nxt < len(todo) and nxt - head < window:
                i, f, sha = todo[nxt]
                futures[nxt] = ex.submit(prepare_file, f, sha, level, password, ocr)
                nxt += 1
            fut = futures[head]
            while not fut.done():
                if cancelled():
                    raise Cancelled()
                wait([fut], timeout=0.2, return_when=FIRST_COMPLETED)
            if cancelled():
                raise Cancelled()
            i, f, _ = todo[head]
            try:
                outcome = fut.result()
            except Exception as e:                    # a worker died (out of memory, killed)
                log.error("import worker failed on %s: %s", f, e)
                outcome = ("failed", f"读取 {f} 时处理进程意外退出，未导入。请单独导入该文件重试。", 3)
            del futures[head]
            store(i, f, outcome)
            head += 1
        clean = True
    finally:
        if clean:
            ex.shutdown(wait=True)
        else:
            _stop(ex)


def _stop(ex) -> None:
    """Stop the workers now (cancel / Ctrl-C / library error): nothing they hold is written."""
    procs = list(getattr(ex, "_processes", {}).values())
    ex.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        try:
            p.terminate()
        except Exception:                             # already gone
            pass
    for p in procs:
        try:
            p.join(timeout=5)
        except Exception:
            pass


def raise_if_failed(summary: ImportSummary) -> None:
    """CLI: refused files make the run fail (exit 3) with one Chinese line, the others stay imported."""
    from ..errors import InputError
    failed = summary.failed
    if not failed:
        return
    done = [r for r in summary.results if r.status != "failed"]
    msg = f"有 {len(failed)} 个文件未能导入：" + "；".join((r.error or r.path).rstrip("。") for r in failed)
    if done:
        msg += f"。其余 {len(done)} 个已在文档库中（编号 " + "、".join(str(r.id) for r in done[:50]) + \
            ("等" if len(done) > 50 else "") + "）。"
    code = max((r.exit_code for r in failed), default=3)
    err: PolicydeskError = InputError(msg)
    if code == LibraryError.exit_code:
        err = LibraryError(msg)
    raise err
