"""Offline guarantee (issue 6): the whole pipeline runs with the network disabled and never tries to use it.

1. In-process, with every socket connection and name lookup refused and recorded (tests/netguard.py): analyse the
   sample PDF, OCR a scanned page, library add + search, compare, draft, check-format — all through the CLI, as a
   user runs them.  No attempt may be recorded.
2. In a separate process inside an empty network namespace (``unshare -rn``, where the kernel itself has no
   network), the OCR path runs to the end: proof that nothing below Python (onnxruntime, rapidocr) needs a network.
3. The source tree imports no networking module.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from netguard import no_network
from policydesk.cli import build_parser
from policydesk.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "policydesk"
SAMPLE_PDF = ROOT / "samples" / "tongzhengfa-2021-23.pdf"
SCAN_PNG = ROOT / "tests" / "data" / "ocr" / "tongzhengfa-p3.png"
CORPUS = ROOT / "tests" / "data" / "corpus"
NETWORK_MODULES = {"socket", "ssl", "http", "urllib.request", "http.client", "requests", "httpx", "urllib3",
                   "aiohttp", "ftplib", "smtplib", "telnetlib", "xmlrpc", "websocket", "websockets", "asyncio"}


def _commands() -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return set(sub.choices)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli_main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _reference_files() -> list[Path]:
    """The provincial parent's opening and two State Council documents: enough for a library and a comparison."""
    files = sorted((CORPUS / "partial").glob("*.txt"))[:1] + sorted(CORPUS.glob("guofa-*.txt"))[:2]
    assert files, "reference documents missing from tests/data/corpus"
    return files


def test_whole_pipeline_with_sockets_disabled(tmp_path, monkeypatch, capsys):
    assert {"analyze", "library", "compare", "draft", "check-format"} <= _commands()
    lib = tmp_path / "库 library.sqlite3"
    monkeypatch.chdir(tmp_path)
    with no_network(monkeypatch) as attempts:
        # analyse a PDF
        code, out, err = run(capsys, "analyze", str(SAMPLE_PDF), "--json")
        assert code == 0, err
        assert len(json.loads(out)["tasks"]) == 20

        # OCR a page image
        code, out, err = run(capsys, "analyze", str(SCAN_PNG), "--json")
        assert code == 0, err
        assert json.loads(out)["source"]["ocr_pages"] == [1]

        # library add + search
        refs = _reference_files()
        code, out, err = run(capsys, "--library", str(lib), "library", "add", *map(str, refs), "--json")
        assert code == 0, err
        code, out, err = run(capsys, "--library", str(lib), "library", "search", "开放", "--json")
        assert code == 0, err
        assert json.loads(out), "search finds the imported documents"

        # compare
        html = tmp_path / "对照.html"
        code, out, err = run(capsys, "--library", str(lib), "compare", str(SAMPLE_PDF), "--json", "--html", str(html))
        assert code == 0, err
        assert json.loads(out)["schema"] == "policydesk.compare/1" and html.stat().st_size > 0

        # draft (+ the format check of the draft)
        draft = tmp_path / "如东 草稿.docx"
        code, out, err = run(capsys, "--library", str(lib), "draft", str(SAMPLE_PDF), "--county", "如东",
                             "-o", str(draft), "--ledger", str(tmp_path / "台账.xlsx"))
        assert code == 0, err
        assert draft.stat().st_size > 0
        code, out, err = run(capsys, "check-format", str(draft), "--json")
        assert code in (0, 1), err

    assert attempts == [], f"network access attempted: {attempts}"


def test_guard_really_blocks(monkeypatch):
    """The guard itself works: a connection attempt is refused and recorded (so the test above can fail)."""
    import socket
    with no_network(monkeypatch) as attempts:
        with pytest.raises(OSError):
            socket.create_connection(("example.org", 80), timeout=1)
        s = socket.socket()
        try:
            with pytest.raises(OSError):
                s.connect(("127.0.0.1", 9))
        finally:
            s.close()
    assert len(attempts) == 2


@pytest.mark.skipif(shutil.which("unshare") is None or sys.platform != "linux", reason="needs Linux unshare")
def test_ocr_in_a_namespace_without_network(tmp_path):
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("unprivileged network namespaces are not available here")
    env = dict(os.environ, POLICYDESK_HOME=str(tmp_path))
    proc = subprocess.run(["unshare", "-rn", sys.executable, "-m", "policydesk", "analyze", str(SCAN_PNG), "--json"],
                          capture_output=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    result = json.loads(proc.stdout.decode("utf-8"))
    assert result["source"]["ocr_pages"] == [1] and result["headings"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value))
    return names


def test_source_imports_no_networking_module():
    offenders = []
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        for name in _imports(path):
            if any(name == m or name.startswith(m + ".") for m in NETWORK_MODULES):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == [], "networking imports in the program: " + "; ".join(offenders)


def test_qt_network_not_used():
    """The GUI must not pull in QtNetwork / QtWebEngine (which can fetch URLs) either."""
    offenders = [str(p.relative_to(ROOT)) for p in SRC.rglob("*.py")
                 if any(m in n for n in _imports(p) for m in ("QtNetwork", "QtWebEngine", "QtWebSockets"))]
    assert offenders == []
