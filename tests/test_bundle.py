"""Smoke test of the built one-folder desktop bundle (issue 8) — run on request, not in every CI run.

    bash build_spec/build.sh                                   # → dist/policydesk/
    POLICYDESK_BUNDLE=dist/policydesk QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -m bundle -q

Without POLICYDESK_BUNDLE and without ``-m bundle`` these tests are deselected (tests/bundle_plugin.py), so the
default run never touches them.  With
``-m bundle`` alone the bundle is looked for in dist/policydesk, and a missing bundle is a failure, not a skip.

What a user of the unzipped folder would try: the console ``policydesk`` prints its version, analyses the
sample plan, writes a county draft that opens in Word, reads a scanned page (OCR), imports into the library and
compares; the windowed ``policydesk-gui`` opens its window (offscreen) and exits.  Every run uses a fresh
POLICYDESK_HOME and no Python from the checkout (PYTHONPATH/PYTHONHOME removed, run from a temporary folder).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bundle_plugin import bundle_requested

pytestmark = pytest.mark.bundle

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLE_PDF = ROOT / "samples" / "tongzhengfa-2021-23.pdf"
PROVINCIAL = DATA / "corpus" / "partial" / "jiangsu-suzhengfa-2020-79.opening.txt"
SCAN_PNG = DATA / "ocr" / "tongzhengfa-p3.png"
SCAN_PDF = DATA / "ocr" / "tongzhengfa-p1-2-scan.pdf"
TRUTH = DATA / "truth" / "tongzhengfa-2021-23.json"
EXE = ".exe" if sys.platform.startswith("win") else ""
TIMEOUT = 300


@pytest.fixture(scope="module")
def bundle(request: pytest.FixtureRequest) -> Path:
    env = os.environ.get("POLICYDESK_BUNDLE")
    if not bundle_requested(request.config):
        pytest.skip("bundle smoke test: build with build_spec/build.sh, then run "
                    "POLICYDESK_BUNDLE=dist/policydesk pytest -m bundle")
    path = Path(env) if env else ROOT / "dist" / "policydesk"
    if not path.is_absolute():
        path = (ROOT / path).resolve()
    if not (path / f"policydesk{EXE}").is_file():
        pytest.fail(f"no bundle at {path}: build it first with 'bash build_spec/build.sh'")
    return path


@pytest.fixture
def run(bundle: Path, tmp_path: Path):
    """Run one of the bundle's executables from a temporary folder, with a clean environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    work = tmp_path / "work"
    work.mkdir()

    def _run(*args: str, exe: str = "policydesk", extra_env: dict[str, str] | None = None,
             expect: int = 0) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(bundle / f"{exe}{EXE}"), *args], cwd=work, env={**env, **(extra_env or {})},
                              capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=TIMEOUT)
        log = Path(os.environ["POLICYDESK_HOME"]) / "policydesk.log"
        detail = f"stderr:\n{proc.stderr[-2000:]}\nlog:\n" + (log.read_text("utf-8")[-3000:] if log.exists() else "")
        assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, detail
        assert proc.returncode == expect, f"exit {proc.returncode}, {detail}"
        return proc

    _run.work = work
    return _run


def test_console_prints_its_version(run):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert run("--version").stdout.strip() == f"policydesk {version}"


def test_analyses_the_sample_plan(run):
    out = run.work / "analysis.json"
    run("analyze", str(SAMPLE_PDF), "--json", "-o", str(out))
    result = json.loads(out.read_text(encoding="utf-8"))
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    assert len(result["headings"]) == len(truth["headings"]) == 27
    assert len(result["tasks"]) == len(truth["tasks"]) == 20
    assert result["meta"]["doc_number"] == "通政发〔2021〕23号"
    assert [h["number"] for h in result["headings"]] == [h["number"] for h in truth["headings"]]


def test_writes_a_county_draft_that_opens(run):
    import docx
    import openpyxl
    draft, ledger, note = (run.work / n for n in ("如东县草稿.docx", "分工表.xlsx", "起草说明.docx"))
    proc = run("draft", str(SAMPLE_PDF), "--county", "如东县", "-o", str(draft), "--ledger", str(ledger),
               "--note", str(note))
    assert "草稿" in proc.stdout
    paragraphs = [p.text for p in docx.Document(str(draft)).paragraphs]
    assert paragraphs[0].startswith("如东县") and paragraphs[0].endswith("实施方案"), paragraphs[0]
    assert any(p.startswith("一、") for p in paragraphs)
    assert docx.Document(str(note)).paragraphs, "the drafting note opens"
    rows = list(openpyxl.load_workbook(ledger).active.iter_rows(values_only=True))
    numbered = [r for r in rows if r and isinstance(r[0], int)]
    assert [r[0] for r in numbered] == list(range(1, 21)), "20 tasks in the ledger"
    assert all(r[3] and str(r[3]).startswith("县") for r in numbered[:2]), "lead units are the county's"
    check = run("check-format", str(draft))
    assert "共 0 项不符合 GB/T 9704-2012" in check.stdout


def test_reads_a_scanned_page_with_ocr(run):
    out = run.work / "scan.json"
    run("analyze", str(SCAN_PNG), "--json", "-o", str(out))
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["source"]["format"] == "image" and result["source"]["ocr_pages"] == [1]
    assert any(h["number"] == "（二）" for h in result["headings"])
    text = re.sub(r"\s+", "", "".join(p["text"] for p in result["paragraphs"]))
    assert "集中力量招引和培育外资总部型企业" in text


def test_reads_an_image_only_pdf_with_ocr(run):
    """Pages 1–2 of the plan as a scan without a text layer: pdfium renders them, rapidocr reads them."""
    out = run.work / "scan-pdf.json"
    run("analyze", str(SCAN_PDF), "--json", "-o", str(out))
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["source"]["ocr_pages"] == [1, 2]
    assert result["meta"]["doc_number"] == "通政发〔2021〕23号"
    assert [h["number"] for h in result["headings"]][:3] == ["一、", "二、", "（一）"]


def test_library_and_comparison(run):
    lib = str(run.work / "library.sqlite3")
    run("--library", lib, "library", "add", str(PROVINCIAL))
    found = run("--library", lib, "library", "search", "开发区").stdout      # two-character words found (jieba)
    assert "苏政发〔2020〕79号" in found
    out, html, table = run.work / "compare.json", run.work / "compare.html", run.work / "对照表.docx"
    run("--library", lib, "compare", str(SAMPLE_PDF), "--json", "-o", str(out), "--html", str(html),
        "--docx", str(table))
    result = json.loads(out.read_text(encoding="utf-8"))
    status = {c["doc_number"]: c["status"] for c in result["citations"]}
    assert status == {"国发〔2019〕11号": "missing", "苏政发〔2020〕79号": "linked"}
    first = next(a for a in result["alignments"] if a["plan_clause"]["id"] == "一")
    assert first["label"] == "承接"
    assert "<html" in html.read_text(encoding="utf-8").lower() and table.stat().st_size > 0


def test_errors_are_chinese_without_a_traceback(run):
    proc = run("analyze", str(run.work / "没有这个文件.pdf"), expect=3)
    assert "没有这个文件.pdf" in proc.stderr and re.search(r"[\u4e00-\u9fff]{4}", proc.stderr)


@pytest.mark.parametrize("exe, args", [("policydesk-gui", []), ("policydesk", ["gui"])])
def test_window_opens_offscreen_and_exits(run, exe, args):
    proc = run(*args, exe=exe, extra_env={"POLICYDESK_GUI_BENCH": "1"})
    assert re.search(r"^PD_FIRST_PAINT \d+\.\d+ ", proc.stdout, re.M), proc.stdout


def test_bundle_leaves_out_what_it_does_not_need(bundle):
    internal = bundle / "_internal"
    assert (internal / "resources" / "counties" / "rudong.json").is_file()
    assert (internal / "jieba" / "dict.txt").is_file()
    assert len(list((internal / "rapidocr" / "models").glob("*.onnx"))) == 3
    names = [p.name for p in internal.rglob("*")]
    for unwanted in ("QtWebEngine", "Qt6Quick", "Qt6Qml", "tkinter", "matplotlib", "PyQt5", "PyQt6", "lac_small"):
        assert not any(unwanted in n for n in names), unwanted
    translations = [n for n in names if n.endswith(".qm")]
    assert translations and all("zh_CN" in n for n in translations), translations
