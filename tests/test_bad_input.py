"""Bad input never crashes and never half-writes (issue 6).

Every file in tests/data/bad/ (made by make_bad.py, which also says what each one is) goes through
``policydesk analyze`` as a user would run it: a refused file gives exit 3, one Chinese line on stderr naming the file,
nothing on stdout and no traceback; an odd-but-valid file is read.  ``library add`` of a refused file leaves the
library exactly as it was.  Outputs: never overwritten without --force, refused when Word/WPS holds the target,
a failure mid-write leaves the old file and no temporary file behind.
"""

from __future__ import annotations

import errno
import hashlib
import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

import pytest

from policydesk.cli import main as cli_main
from policydesk.errors import InputError, OutputError, PasswordRequiredError
from policydesk.fileio import atomic_output, owner_files, write_text_atomic
from policydesk.readers import ReadOptions, read_document, safety, sniff_bytes

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad"
SAMPLE_PDF = ROOT / "samples" / "tongzhengfa-2021-23.pdf"
SAMPLE_TXT = ROOT / "tests" / "data" / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
SCAN_PDF = ROOT / "tests" / "data" / "ocr" / "tongzhengfa-p1-2-scan.pdf"
SCAN_PNG = ROOT / "tests" / "data" / "ocr" / "tongzhengfa-p3.png"


def _load_cases() -> dict[str, tuple[int, str]]:
    spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.CASES, mod.PASSWORD


CASES, PASSWORD = _load_cases()
HAS_LIBRARY_CLI = importlib.util.find_spec("policydesk.cli.library") is not None
CJK = re.compile(r"[\u4e00-\u9fff]")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli_main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean_refusal(code: int, out: str, err: str, name: str, expected_code: int = 3) -> None:
    assert code == expected_code, err
    assert out == "", "nothing may be written to stdout on an error"
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"one line on stderr, got: {err!r}"
    assert name in lines[0], f"the message names the file: {lines[0]}"
    assert CJK.search(lines[0]), "the message is in Chinese"
    assert "Traceback" not in err and "Error" not in err.replace("OutputError", "")


# ------------------------------------------------------------------------------------------ the bad-input set


def test_every_case_is_committed():
    for name in CASES:
        assert (BAD / name).exists(), f"run tests/data/bad/make_bad.py: {name} is missing"


@pytest.mark.parametrize("name", sorted(n for n, (code, _) in CASES.items() if code == 3))
def test_refused_with_clear_message(capsys, name):
    code, out, err = run_cli(capsys, "analyze", str(BAD / name), "--json")
    assert_clean_refusal(code, out, err, name)


@pytest.mark.parametrize("name", sorted(n for n, (code, _) in CASES.items() if code == 0))
def test_odd_but_valid_is_read(capsys, name):
    code, out, err = run_cli(capsys, "analyze", str(BAD / name), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["schema"] == "policydesk.analysis/1"
    text = "".join(p["text"] for p in result["paragraphs"])
    assert "经济开发区" in text, "decoded, not mojibake"
    if name != "single-line.txt":
        # the whole plan, whatever its encoding or file name: all 20 responsibility annotations found
        assert len(result["tasks"]) == 20


def test_messages_say_what_happened(capsys):
    expect = {
        "empty.pdf": "空",
        "encrypted.pdf": "密码",
        "zip-bomb.docx": "拒绝",
        "xml-entities.docx": "拒绝",
        "old-word.doc": ".docx",
        "mixed-encoding.txt": "编码",
        "html-login-page.pdf": "网页",
        "huge-dimensions.png": "过大",
        "spreadsheet.docx": "不是 Word",
    }
    for name, word in expect.items():
        code, out, err = run_cli(capsys, "analyze", str(BAD / name))
        assert code == 3 and word in err, (name, err)


def test_encrypted_pdf_with_password(capsys):
    code, out, err = run_cli(capsys, "analyze", str(BAD / "encrypted.pdf"), "--password", PASSWORD, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["source"]["pages"] == 2
    assert result["meta"]["doc_number"] == "通政发〔2021〕23号"


def test_encrypted_pdf_wrong_password(capsys):
    code, out, err = run_cli(capsys, "analyze", str(BAD / "encrypted.pdf"), "--password", "not-it")
    assert_clean_refusal(code, out, err, "encrypted.pdf")
    with pytest.raises(PasswordRequiredError):
        read_document(BAD / "encrypted.pdf")


def test_content_decides_not_the_extension(tmp_path, capsys):
    renamed = tmp_path / "方案.txt"
    shutil.copy(SAMPLE_PDF, renamed)
    code, out, err = run_cli(capsys, "analyze", str(renamed), "--json")
    assert code == 0, err
    source = json.loads(out)["source"]
    assert source["format"] == "pdf" and source["pages"] == 14
    assert any(".txt" in w for w in source["warnings"]), "the user is told the extension was wrong"


def test_huge_text_file_refused(tmp_path, capsys):
    huge = tmp_path / "huge plan.txt"
    line = ("各县（市、区）人民政府要加快推进经济开发区创新提升。" * 4 + "\n").encode("utf-8")
    with open(huge, "wb") as f:
        for _ in range(safety.MAX_TEXT_BYTES // len(line) + 2):
            f.write(line)
    code, out, err = run_cli(capsys, "analyze", str(huge))
    assert_clean_refusal(code, out, err, "huge plan.txt")
    assert "过大" in err


def test_any_file_over_the_input_limit_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(safety, "MAX_INPUT_BYTES", 100_000)
    code, out, err = run_cli(capsys, "analyze", str(SAMPLE_PDF))
    assert_clean_refusal(code, out, err, SAMPLE_PDF.name)


def test_missing_folder_and_owner_file_inputs(tmp_path, capsys):
    for target, name in [(tmp_path / "没有这个文件.pdf", "没有这个文件.pdf"), (tmp_path, tmp_path.name)]:
        code, out, err = run_cli(capsys, "analyze", str(target))
        assert_clean_refusal(code, out, err, name)
    owner = tmp_path / "~$方案.docx"
    owner.write_bytes(b"\x0bAdministrator" + bytes(149))
    code, out, err = run_cli(capsys, "analyze", str(owner))
    assert_clean_refusal(code, out, err, owner.name)
    assert "临时文件" in err


def test_scans_refused_when_ocr_is_off(capsys):
    for path in (SCAN_PDF, SCAN_PNG):
        code, out, err = run_cli(capsys, "analyze", str(path), "--no-ocr")
        assert_clean_refusal(code, out, err, path.name)
        assert "识别" in err


def test_zip_bomb_refused_before_inflating():
    """Refused from the ZIP directory alone: memory stays flat (the member inflates to 200 MB)."""
    tracemalloc.start()
    try:
        with pytest.raises(InputError):
            read_document(BAD / "zip-bomb.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB while refusing a zip bomb"


def test_zip_ratio_limit_applies_below_the_size_limit(tmp_path):
    import zipfile
    bomb = tmp_path / "ratio.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b" " * (safety.ZIP_RATIO_MIN_BYTES * 4) + b"</w:document>")
    with pytest.raises(InputError, match="压缩比"):
        read_document(bomb)


def test_time_limit(monkeypatch):
    monkeypatch.setattr(safety, "READ_TIME_LIMIT_S", -1)
    with pytest.raises(InputError, match="处理时间"):
        read_document(SAMPLE_PDF)


def test_unexpected_reader_failure_becomes_input_error(monkeypatch, tmp_path):
    from policydesk.readers import text
    monkeypatch.setattr(text, "read", lambda path, opts: (_ for _ in ()).throw(KeyError("boom")))
    p = tmp_path / "a.txt"
    p.write_text("通知正文", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_document(p)
    assert "a.txt" in str(info.value)


def test_caller_options_not_modified():
    opts = ReadOptions()
    read_document(SAMPLE_TXT, opts)
    assert opts.page_ocr is None and opts.cancel is None


def test_sniffing():
    assert sniff_bytes(b"\r\n%PDF-1.7\n") == "pdf"
    assert sniff_bytes(b"PK\x03\x04rest") == "docx"
    assert sniff_bytes(b"\xff\xfe" + "通知".encode("utf-16-le")) == "txt"
    assert sniff_bytes("通知\n".encode("utf-16-le")) == "txt"          # UTF-16 without BOM: NULs at one parity
    assert sniff_bytes("附件1.xlsx\n".encode("utf-16-le")) == "txt"
    assert sniff_bytes(b"\x00\x01\x00\x00\x02\x00") == "binary"
    assert sniff_bytes(b"MZ\x90\x00") == "binary"
    assert sniff_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") == "doc"
    assert sniff_bytes(b"  <!DOCTYPE HTML>") == "html"
    assert sniff_bytes("关于印发《实施方案》的通知".encode("gb18030")) == "txt"


def test_real_process_exit_code_and_streams(tmp_path):
    """One true subprocess run: exit status, empty stdout, UTF-8 Chinese on stderr, no traceback."""
    env = dict(os.environ, POLICYDESK_HOME=str(tmp_path), PYTHONIOENCODING="gbk")
    proc = subprocess.run([sys.executable, "-m", "policydesk", "analyze", str(BAD / "zip-bomb.docx")],
                          capture_output=True, env=env, timeout=120)
    assert proc.returncode == 3
    assert proc.stdout == b""
    err = proc.stderr.decode("utf-8")
    assert "zip-bomb.docx" in err and "Traceback" not in err


# ------------------------------------------------------------------------------------------ the library


def _library_dump(path: Path) -> str:
    if not path.exists():
        return ""
    con = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(con.iterdump()).encode("utf-8")).hexdigest()
    finally:
        con.close()


@pytest.mark.skipif(not HAS_LIBRARY_CLI, reason="the `library` command has not landed yet")
@pytest.mark.parametrize("name", sorted(n for n, (code, _) in CASES.items() if code == 3))
def test_library_untouched_by_failed_import(tmp_path, capsys, name):
    lib = tmp_path / "lib.sqlite3"
    code, out, err = run_cli(capsys, "--library", str(lib), "library", "add", str(SAMPLE_TXT))
    assert code == 0, err
    before = _library_dump(lib)
    code, out, err = run_cli(capsys, "--library", str(lib), "library", "add", str(BAD / name))
    assert code == 3, err
    assert name in err and "Traceback" not in err
    assert _library_dump(lib) == before, "a failed import leaves no record"


# ------------------------------------------------------------------------------------------ outputs


def test_existing_output_not_overwritten(tmp_path):
    target = tmp_path / "草稿.docx"
    target.write_bytes(b"the user's own work")
    with pytest.raises(OutputError) as info:
        write_text_atomic(target, "new", force=False)
    assert info.value.exit_code == 4 and "--force" in str(info.value)
    assert target.read_bytes() == b"the user's own work"
    write_text_atomic(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize("name, owner", [
    ("如东县经济开发区实施方案.docx", "~$县经济开发区实施方案.docx"),     # Word, stem of 8+ characters
    ("方案2021稿.docx", "~$案2021稿.docx"),                               # Word, 7 characters
    ("方案.docx", "~$方案.docx"),                                       # Word, short name
    ("如东县经济开发区实施方案.docx", "~$如东县经济开发区实施方案.docx"),   # WPS
])
def test_output_locked_by_word_or_wps(tmp_path, capsys, name, owner):
    target = tmp_path / name
    target.write_bytes(b"open in Word")
    (tmp_path / owner).write_bytes(b"\x0bAdministrator")
    assert tmp_path / owner in owner_files(target)
    with pytest.raises(OutputError) as info:
        write_text_atomic(target, "x", force=True)
    assert info.value.exit_code == 4 and "Word/WPS" in str(info.value)
    assert target.read_bytes() == b"open in Word"
    # the same through the CLI: exit 4, one line, nothing on stdout
    code, out, err = run_cli(capsys, "analyze", str(SAMPLE_TXT), "--json", "-o", str(target))
    assert_clean_refusal(code, out, err, name, expected_code=4)
    assert target.read_bytes() == b"open in Word"


def test_owner_file_of_another_document_does_not_lock(tmp_path):
    (tmp_path / "~$方案.docx").write_bytes(b"x")          # 方案.docx is open, not 方案二.docx
    target = tmp_path / "方案二.docx"
    write_text_atomic(target, "ok", force=False)
    assert target.read_text(encoding="utf-8") == "ok"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory_real(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(OutputError) as info:
            write_text_atomic(ro / "out.json", "x")
        assert info.value.exit_code == 4 and "权限" in str(info.value)
    finally:
        ro.chmod(0o755)


def test_read_only_directory_simulated(tmp_path, monkeypatch, capsys):
    """What Windows or a read-only share reports: PermissionError when creating the temporary file."""
    def refuse(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, out, err = run_cli(capsys, "analyze", str(SAMPLE_TXT), "--json", "-o", str(tmp_path / "结果.json"))
    assert_clean_refusal(code, out, err, "结果.json", expected_code=4)
    assert not (tmp_path / "结果.json").exists()


def test_disk_full_keeps_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"old ledger")
    with pytest.raises(OutputError) as info:
        with atomic_output(target, force=True) as tmp:
            tmp.write_bytes(b"half")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert info.value.exit_code == 4 and "空间" in str(info.value)
    assert target.read_bytes() == b"old ledger"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.xlsx"]


def test_failure_while_writing_leaves_nothing(tmp_path):
    target = tmp_path / "new.docx"
    with pytest.raises(ZeroDivisionError):
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"partial")
            1 / 0
    assert list(tmp_path.iterdir()) == []


def test_locked_on_replace_windows_style(tmp_path, monkeypatch):
    """On Windows, replacing a file Word holds open fails with PermissionError."""
    target = tmp_path / "方案.docx"
    target.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(errno.EACCES, "The process cannot access the file")
    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError) as info:
        write_text_atomic(target, "new", force=True)
    assert "Word/WPS" in str(info.value)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["方案.docx"]


# ------------------------------------------------------------------------------------------ the log


def test_log_records_commands_and_errors_but_no_content(tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    monkeypatch.setenv("POLICYDESK_HOME", str(home))
    assert run_cli(capsys, "analyze", str(SAMPLE_PDF), "--json")[0] == 0
    assert run_cli(capsys, "analyze", str(BAD / "truncated.pdf"))[0] == 3
    assert run_cli(capsys, "analyze", str(BAD / "encrypted.pdf"), "--password", "secret-口令-123")[0] == 3
    # an unexpected failure deep in a reader: its traceback is logged, its message (document text) is masked
    from policydesk.readers import text as text_reader
    sentences = [s for s in re.split(r"[。；\n]", SAMPLE_TXT.read_text(encoding="utf-8")) if len(s) >= 8]
    quoted = sentences[20]

    def crash(path, opts):
        raise ValueError(f"cannot parse: {quoted}")
    monkeypatch.setattr(text_reader, "read", crash)
    assert run_cli(capsys, "analyze", str(SAMPLE_TXT))[0] == 3

    log = (home / "policydesk.log").read_text(encoding="utf-8")
    assert "command analyze started" in log and "finished in" in log and "failed after" in log
    assert "truncated.pdf" in log and "Traceback (most recent call last)" in log
    assert "PDFSyntaxError" in log or "PdfminerException" in log or "PSEOF" in log, "the cause is in the log"
    assert "ValueError" in log and "crash" in log
    assert "secret-口令-123" not in log and "--password ***" in log
    assert len(sentences) > 100
    leaked = [s for s in sentences if s in log]
    assert leaked == [], f"document content in the log: {leaked[:3]}"
    assert "ValueError: cannot parse: ‹" in log, "the foreign message is kept, its Chinese text masked"


def test_log_rotates(tmp_path, monkeypatch):
    from policydesk import log as pdlog
    monkeypatch.setenv("POLICYDESK_HOME", str(tmp_path))
    monkeypatch.setattr(pdlog, "LOG_MAX_BYTES", 2000)
    monkeypatch.setattr(pdlog, "_handler_path", None)
    pdlog.setup_logging()
    for i in range(200):
        pdlog.logger.info("entry %d", i)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "policydesk.log" in names and "policydesk.log.1" in names
    assert len([n for n in names if n.startswith("policydesk.log")]) <= pdlog.LOG_BACKUPS + 1


def _documents_in(lib: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{lib}?mode=ro", uri=True, timeout=0.2)
        try:
            return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(not HAS_LIBRARY_CLI, reason="the `library` command has not landed yet")
@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")
def test_kill_mid_import_leaves_library_whole(tmp_path):
    """A library import killed (SIGKILL: power cut, task manager) leaves a library that opens, passes SQLite's
    integrity check, holds only whole documents, and accepts the same import again."""
    import time
    files = sorted((ROOT / "tests" / "data" / "corpus" / "library").glob("*.txt"))[:10]
    assert len(files) == 10
    lib = tmp_path / "lib.sqlite3"
    env = dict(os.environ, POLICYDESK_HOME=str(tmp_path / "home"))
    cmd = [sys.executable, "-m", "policydesk", "--library", str(lib), "library", "add", *map(str, files)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    give_up = time.monotonic() + 600          # a hung import must not hang the test suite
    try:
        while proc.poll() is None and _documents_in(lib) < 3 and time.monotonic() < give_up:
            time.sleep(0.02)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -9, "the import was killed before it finished (else nothing was tested)"

    con = sqlite3.connect(lib)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        docs = con.execute("SELECT id, n_clauses FROM documents").fetchall()
        assert 3 <= len(docs) < len(files)
        from policydesk.library.codec import unpack_clauses
        for doc_id, n_clauses in docs:          # no half-written document
            blobs = con.execute("SELECT clauses FROM doc_data WHERE doc_id = ?", (doc_id,)).fetchall()
            assert len(blobs) == 1 and len(unpack_clauses(blobs[0][0])) == n_clauses
    finally:
        con.close()
    done = subprocess.run(cmd + ["--json"], capture_output=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    con = sqlite3.connect(lib)
    try:
        assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(files), "each file once"
    finally:
        con.close()
