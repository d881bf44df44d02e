"""The core logs each step's duration and decisions at INFO — counts and choices, never document text."""

from __future__ import annotations

from pathlib import Path

from policydesk.cli import main

DATA = Path(__file__).resolve().parent / "data"
PLAN_TXT = DATA / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
REF = DATA / "corpus" / "partial" / "jiangsu-suzhengfa-2020-79.opening.txt"


def test_steps_are_logged_without_document_text(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POLICYDESK_HOME", str(tmp_path))
    monkeypatch.setenv("POLICYDESK_LIBRARY", str(tmp_path / "lib.sqlite3"))
    monkeypatch.chdir(tmp_path)
    assert main(["analyze", str(PLAN_TXT)]) == 0
    assert main(["compare", str(PLAN_TXT), "--ref", str(REF)]) == 0
    assert main(["draft", str(PLAN_TXT), "--county", "如东", "-o", str(tmp_path / "d.docx")]) == 0
    capsys.readouterr()
    log = (tmp_path / "policydesk.log").read_text(encoding="utf-8")
    for step in ("read:", "analyze:", "compare:", "draft:"):
        assert step in log, step
    assert "tasks=20" in log and "county=如东县" in log
    assert "经济开发区" not in log and "责任单位" not in log
