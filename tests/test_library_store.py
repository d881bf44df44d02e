"""Library store (issue 19) and hostile library files (issue 16): folder import, workers, cancel,
schema migration, and a library that is locked / read-only / foreign / future / empty / damaged."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from compare_helpers import CORPUS, DATA, PLAN, PROVINCIAL_OPENING
from policydesk.cli import main
from policydesk.errors import LibraryError
from policydesk.library import Library
from policydesk.library import opening
from policydesk.library.bulk import import_paths

V1 = DATA / "library" / "v1-library.sqlite3"
LAW = CORPUS / "law_pairs" / "law_shuifa_2016.txt"
LIB_TEXTS = sorted((CORPUS / "library").glob("*.txt"))

_spec = importlib.util.spec_from_file_location("make_bad_libraries", DATA / "bad" / "make_bad_libraries.py")
bad = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bad)


def run(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as e:
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def _fresh_checks():
    opening.forget_checks()
    yield
    opening.forget_checks()


# -- folder import ---------------------------------------------------------------------------------
def test_folder_import_is_recursive_with_a_summary(tmp_path, capsys):
    folder = tmp_path / "上级文件"
    (folder / "国务院" / "2019").mkdir(parents=True)
    shutil.copy(LIB_TEXTS[0], folder / "国务院" / "2019" / LIB_TEXTS[0].name)
    shutil.copy(LIB_TEXTS[1], folder / LIB_TEXTS[1].name)
    shutil.copy(LIB_TEXTS[1], folder / "国务院" / "副本.txt")              # same content twice
    (folder / "清单.csv").write_text("a,b\n", encoding="utf-8")          # not a document: skipped
    (folder / "空白.txt").write_bytes(b"")                                # refused with its reason
    lib_path = tmp_path / "lib.sqlite3"
    code, out, err = run(["library", "add", str(folder), "--library", str(lib_path)], capsys)
    assert code == 3 and "空白.txt" in err and "Traceback" not in err
    assert "其余 3 个已在文档库中" in err
    with Library(lib_path) as lib:
        assert len(lib.list()) == 2
    code, out, err = run(["library", "add", str(folder / "国务院"), "--library", str(lib_path)], capsys)
    assert code == 0 and out.count("已在库中") >= 2 and "已导入 0 个，已在库中 2 个，未导入 0 个" in out


def test_two_workers_store_exactly_what_one_by_one_import_stores(tmp_path):
    files = [LAW, PROVINCIAL_OPENING, PLAN, DATA / "pdf" / "tongzhengfa-2021-23_cidfont.pdf"] + LIB_TEXTS[:3]
    with Library(tmp_path / "parallel.sqlite3") as a:
        summary = import_paths(a, files, workers=2, build_index=False)
        assert [r.status for r in summary.results] == ["added"] * len(files)
        rows_a = a._query("SELECT d.sha256, d.id, d.title, d.level, d.chars, d.n_clauses, d.analysis, f.clauses, "
                          "f.vectors FROM documents d JOIN doc_data f ON f.doc_id = d.id ORDER BY d.id")
    with Library(tmp_path / "one-by-one.sqlite3") as b:
        for f in files:
            b.add(f)
        rows_b = b._query("SELECT d.sha256, d.id, d.title, d.level, d.chars, d.n_clauses, d.analysis, f.clauses, "
                          "f.vectors FROM documents d JOIN doc_data f ON f.doc_id = d.id ORDER BY d.id")
    assert len(rows_a) == len(files)

    def norm(rows):   # the analysis records the path it was read from: the same here
        from policydesk.library.codec import unpack_json
        return [r[:6] + (unpack_json(r[6]), r[7], r[8]) for r in rows]
    assert norm(rows_a) == norm(rows_b)


def test_cancel_leaves_a_consistent_library(tmp_path):
    calls = {"n": 0}
    seen = []

    def cancel():
        calls["n"] += 1
        return len(seen) >= 2

    with Library(tmp_path / "lib.sqlite3") as lib:
        summary = import_paths(lib, LIB_TEXTS[:6], workers=1, progress=lambda d, t, p: seen.append(p) if p else None,
                               cancel=cancel)
        assert summary.cancelled and "导入已取消" in summary.line()
        stored = lib.list()
        assert [d.id for d in stored] == [r.id for r in summary.added] and 1 <= len(stored) < 6
        assert lib._query("PRAGMA quick_check")[0][0] == "ok"
        for d in stored:
            assert lib.prepared(d.id).clauses


# -- store contents --------------------------------------------------------------------------------
def test_search_finds_one_two_and_long_substrings_and_forgets_removed(tmp_path):
    with Library(tmp_path / "lib.sqlite3") as lib:
        law = lib.add(LAW).id
        lib.add(PROVINCIAL_OPENING)
        assert [h["id"] for h in lib.search("水法")] == [law]
        assert [h["id"] for h in lib.search("取水许可制度")] == [law]
        assert "取水许可" in lib.search("取水许可制度")[0]["snippet"]
        assert lib.search("水") and lib.search("许可取水") == [] and lib.search("取水许可制度和火星") == []
        lib.remove(law)
        assert lib.search("水法") == []


def test_ranking_index_is_memory_mapped_and_follows_changes(tmp_path):
    from policydesk.compare import compare_documents
    path = tmp_path / "lib.sqlite3"
    with Library(path) as lib:
        for f in [LAW, PROVINCIAL_OPENING] + LIB_TEXTS[:4]:
            lib.add(f)
        first = compare_documents(_analysis(PLAN), library=lib)
    with Library(path) as lib:
        index = lib.index()
        assert index.source == "mapped" and len(index) == 6
        again = compare_documents(_analysis(PLAN), library=lib)
        assert [a["label"] for a in again["alignments"]] == [a["label"] for a in first["alignments"]]
        assert again["candidates"] == first["candidates"]
        lib.remove(index.ids[0])
        assert len(lib.index()) == 5


def _analysis(path):
    from policydesk.api import analyze_path
    return analyze_path(path)


# -- migration and control characters -------------------------------------------------------------
def test_schema_1_library_is_migrated_after_a_backup(tmp_path, capsys):
    path = tmp_path / "旧文档库.sqlite3"
    shutil.copy(V1, path)
    before = digest(path)
    code, out, err = run(["library", "list", "--json", "--library", str(path)], capsys)
    assert code == 0, err
    docs = json.loads(out)
    assert [d["id"] for d in docs] == [1, 2, 3] and docs[0]["title"] == "中华人民共和国水法"
    backups = list((tmp_path / "旧文档库.sqlite3-backups").glob("*.sqlite3"))
    assert len(backups) == 1 and digest(backups[0]) != "" and "v1" in backups[0].name
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version FROM schema_version").fetchone()[0] == 1     # the old file, kept
    con.close()
    assert digest(path) != before
    with Library(path) as lib:
        text = json.dumps(lib.analysis(2).to_json(), ensure_ascii=False) + lib.body(2)
        assert "\x07" not in text and "\x01" not in text and "水资源管理" in text
        assert all("\x07" not in c.text for c in lib.prepared(2).clauses)
        assert [h["id"] for h in lib.search("取水许可管理")] == [2]
        assert lib.prepared(1).clauses[0].id == "第一条"
    code, out, err = run(["compare", str(PLAN), "--json", "--library", str(path)], capsys)
    assert code == 0, err


def test_rules_version_hook_redoes_an_outdated_analysis(tmp_path):
    with Library(tmp_path / "lib.sqlite3") as lib:
        doc = lib.add(LAW).id
        assert lib.current_analysis(doc, "") == lib.analysis(doc)
        redone = []

        def redo(stored, info):
            redone.append(info.id)
            import dataclasses
            return dataclasses.replace(stored, rules_version="r2")

        assert lib.current_analysis(doc, "r2", redo).rules_version == "r2"
        assert lib.rules_version(doc) == "r2"
        lib.current_analysis(doc, "r2", redo)
        assert redone == [doc]                       # up to date: not redone again


# -- hostile and unlucky library files -------------------------------------------------------------
def _refused(capsys, path, *argv):
    code, out, err = run(["library", *argv, "--library", str(path)], capsys)
    return code, err


@pytest.mark.parametrize("make, expect", [
    (bad.foreign_sqlite, "不是 policydesk 文档库（是另一个程序的 SQLite 数据库）"),
    (bad.future_library, "由更新版本的 policydesk 创建"),
    (bad.zero_bytes, "是空文件（0 字节）"),
    (bad.random_bytes, "已损坏"),
])
def test_files_it_refuses_are_left_untouched(tmp_path, capsys, make, expect):
    path = make(tmp_path)
    before = digest(path)
    t = time.monotonic()
    for argv in (["list"], ["add", str(LAW)], ["remove", "1"]):
        code, err = _refused(capsys, path, *argv)
        assert code == 5 and expect in err and str(path.name) in err and "Traceback" not in err
    assert time.monotonic() - t < 10
    assert digest(path) == before
    assert not Path(str(path) + "-wal").exists() and not Path(str(path) + "-backups").exists()


def test_a_library_damaged_in_the_middle_refuses_writes(tmp_path, capsys):
    path = bad.damaged_in_the_middle(tmp_path, [LAW] + LIB_TEXTS[:5])
    before = digest(path)
    for argv in (["add", str(PROVINCIAL_OPENING)], ["remove", "1"]):
        opening.forget_checks()
        code, err = _refused(capsys, path, *argv)
        assert code == 5 and "已损坏" in err and "Traceback" not in err
    assert digest(path) == before


def test_a_locked_library_is_locked_not_damaged(tmp_path, capsys, monkeypatch):
    path = tmp_path / "lib.sqlite3"
    with Library(path) as lib:
        lib.add(LAW)
    monkeypatch.setattr(opening, "BUSY_TIMEOUT", 0.3)
    holder = bad.hold_lock(path)
    try:
        for argv in (["list"], ["add", str(PROVINCIAL_OPENING)]):
            code, err = _refused(capsys, path, *argv)
            assert code == 5 and "正被另一个程序占用" in err and "已损坏" not in err and "备份" not in err
    finally:
        holder.rollback()
        holder.close()
    code, err = _refused(capsys, path, "list")
    assert code == 0


def test_a_read_only_library_can_be_read_not_written(tmp_path, capsys, monkeypatch):
    path = tmp_path / "lib.sqlite3"
    with Library(path) as lib:
        lib.add(LAW)
        lib._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(path)
    monkeypatch.setattr(opening, "_writable", lambda p: False)      # (tests run as root: chmod would not stop it)
    code, out, err = run(["library", "list", "--json", "--library", str(path)], capsys)
    assert code == 0 and len(json.loads(out)) == 1
    code, out, err = run(["library", "search", "水法", "--library", str(path)], capsys)
    assert code == 0 and "水法" in out
    code, err = _refused(capsys, path, "add", str(PROVINCIAL_OPENING))
    assert code == 5 and "只读" in err and "已损坏" not in err
    assert digest(path) == before


def test_rolling_backup_keeps_the_last_three_good_copies(tmp_path):
    import os
    from policydesk.library import backup
    path = tmp_path / "lib.sqlite3"
    with Library(path) as lib:
        lib.add(LAW)                                 # empty library: nothing to back up
    assert backup.backups(path) == []
    for day, f in enumerate([PROVINCIAL_OPENING] + LIB_TEXTS[:4]):
        opening.forget_checks()                      # a new process
        with Library(path) as lib:
            lib.add(f)
        copies = backup.backups(path)
        assert len(copies) == min(day + 1, 3)
        for c in copies:                             # pretend they are older than a day
            os.utime(c, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    for c in backup.backups(path):
        con = sqlite3.connect(c)
        assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] >= 3
        con.close()


def test_two_importers_and_a_lister_at_once(tmp_path):
    path = tmp_path / "lib.sqlite3"
    dirs = []
    for k, chunk in enumerate([LIB_TEXTS[:4], LIB_TEXTS[4:8]]):
        d = tmp_path / f"folder{k}"
        d.mkdir()
        for f in chunk:
            shutil.copy(f, d / f.name)
        dirs.append(d)
    code = "import sys; from policydesk.cli import main; sys.exit(main(sys.argv[1:]))"
    procs = [subprocess.Popen([sys.executable, "-c", code, "library", "add", str(d), "--workers", "1",
                               "--library", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for d in dirs]
    listing = []
    while any(p.poll() is None for p in procs):
        r = subprocess.run([sys.executable, "-c", code, "library", "list", "--json", "--library", str(path)],
                           capture_output=True, text=True)
        listing.append((r.returncode, r.stderr))
    results = [(p.returncode, *p.communicate()) for p in procs]
    for rc, _out, err in results:
        assert rc == 0 and "损坏" not in err, err
    for rc, err in listing:
        assert "损坏" not in err and rc in (0, 5), err
        assert rc == 0 or "文档库不存在" in err
    with Library(path) as lib:
        assert len(lib.list()) == 8
        assert lib._query("PRAGMA quick_check")[0][0] == "ok"


def test_library_error_messages_are_one_line():
    p = Path("/x/库.sqlite3")
    for err in (opening.locked(p, 10), opening.read_only(p), opening.foreign(p), opening.future(p, 9),
                opening.empty_file(p), opening.damaged(p, "x")):
        assert isinstance(err, LibraryError) and err.exit_code == 5
        assert "\n" not in str(err) and "库.sqlite3" in str(err)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc to find the workers")
def test_workers_exit_when_the_importing_process_is_killed(tmp_path):
    import os
    import signal
    folder = tmp_path / "docs"
    folder.mkdir()
    for f in LIB_TEXTS[:10]:
        shutil.copy(f, folder / f.name)
    code = "import sys; from policydesk.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen([sys.executable, "-c", code, "library", "add", str(folder), "--library",
                             str(tmp_path / "lib.sqlite3")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def children() -> list[int]:
        out = []
        for d in Path("/proc").iterdir():
            try:
                if d.name.isdigit() and f"PPid:\t{proc.pid}\n" in (d / "status").read_text():
                    out.append(int(d.name))
            except OSError:
                pass
        return out

    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        time.sleep(0.2)
        workers = children()
    assert proc.poll() is None and len(workers) >= 2, "the import finished before its workers were seen"
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 15
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in alive if Path(f"/proc/{p}").exists() and "State:\tZ" not in
                 Path(f"/proc/{p}/status").read_text(errors="replace")]
    for p in alive:
        os.kill(p, signal.SIGKILL)
    assert alive == []


def test_the_same_notice_in_another_format_is_found(tmp_path):
    """The .docx of a notice already stored as text: same 文号 and title, other content (the GUI asks before storing)."""
    from policydesk.api import analyze_path
    with Library(tmp_path / "lib.sqlite3") as lib:
        first = lib.add(PLAN).id
        docx = analyze_path(DATA / "docx" / "tongzhengfa-2021-23.docx")
        assert [d.id for d in lib.same_notice(docx.meta.doc_number, docx.meta.title, docx.source.sha256)] == [first]
        text = lib.get(first)
        assert lib.same_notice(text.doc_number, text.title, text.sha256) == []        # itself is not another copy
        assert lib.same_notice(None, text.title) == [] and lib.same_notice(text.doc_number, "另一个文件") == []
