"""Every rules file goes through one loader: a file with a syntax error gives one Chinese line naming the file
and the line, and exit 2 — never silent defaults, never "your PDF is damaged"."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydesk.cli import main
from policydesk.paths import resources_dir

DATA = Path(__file__).resolve().parent / "data"
PLAN_TXT = DATA / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
PLAN_PDF = DATA / "pdf" / "tongzhengfa-2021-23.pdf"
REF = DATA / "corpus" / "partial" / "jiangsu-suzhengfa-2020-79.opening.txt"

# rules file → a command that needs it
CASES = {
    ("analysis", "annotations.json"): ["analyze", str(PLAN_TXT)],
    ("analysis", "headings.json"): ["analyze", str(PLAN_TXT)],
    ("analysis", "targets.json"): ["analyze", str(PLAN_TXT)],
    ("analysis", "generic_units.json"): ["analyze", str(PLAN_TXT)],
    ("reader_cues.json",): ["analyze", str(PLAN_PDF)],
    ("compare.json",): ["compare", str(PLAN_TXT), "--ref", str(REF)],
    ("levels.json",): ["compare", str(PLAN_TXT), "--ref", str(REF)],
    ("draft_rules.json",): ["draft", str(PLAN_TXT), "--county", "如东"],
    ("gbt9704.json",): ["draft", str(PLAN_TXT), "--county", "如东"],
}


def _break(text: str) -> tuple[str, int]:
    """The same JSON with a comma removed after the second line: the error is on a known line."""
    lines = text.splitlines()
    for i, line in enumerate(lines[1:], 1):
        if line.rstrip().endswith(","):
            lines[i] = line.rstrip()[:-1]
            return "\n".join(lines) + "\n", i + 2
    raise AssertionError("no comma to remove")


@pytest.mark.parametrize("parts", sorted(CASES), ids=lambda p: "/".join(p))
def test_rules_file_with_syntax_error_is_named_with_its_line(parts, tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    target = home.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    broken, line = _break(resources_dir().joinpath(*parts).read_text(encoding="utf-8"))
    target.write_text(broken, encoding="utf-8")
    monkeypatch.setenv("POLICYDESK_HOME", str(home))
    monkeypatch.setenv("POLICYDESK_LIBRARY", str(tmp_path / "lib.sqlite3"))
    monkeypatch.chdir(tmp_path)
    from policydesk import levels
    from policydesk.readers import reflow
    for cached in (levels._rules, reflow.cues):
        cached.cache_clear()
    try:
        code = main(CASES[parts] + ["--force"] if parts[0] == "draft_rules.json" else CASES[parts])
    finally:
        for cached in (levels._rules, reflow.cues):
            cached.cache_clear()
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1, err
    assert str(target) in err[0] and "规则文件" in err[0]
    assert f"第 {line} 行" in err[0]
    assert "损坏" not in err[0]


def test_bad_tsv_row_is_named(tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    (home / "analysis").mkdir(parents=True)
    (home / "analysis" / "unit_aliases.tsv").write_text("# aliases\n市发改委\t市发展改革委\n只有一列\n", encoding="utf-8")
    monkeypatch.setenv("POLICYDESK_HOME", str(home))
    assert main(["analyze", str(PLAN_TXT)]) == 2
    err = capsys.readouterr().err.strip()
    assert "第 3 行" in err and "unit_aliases.tsv" in err


def test_settings_with_wrong_type_are_refused(tmp_path, monkeypatch):
    from policydesk.compare.settings import load_settings
    from policydesk.rules import RulesError
    (tmp_path / "compare.json").write_text('{"match": "high"}', encoding="utf-8")
    monkeypatch.setenv("POLICYDESK_HOME", str(tmp_path))
    with pytest.raises(RulesError, match="match"):
        load_settings()
