"""The command-line contract (docs/cli.md): global options, exit codes, no silent overwrite."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from policydesk import __version__
from policydesk.cli import main
from policydesk.paths import library_path

PLAN_TXT = Path(__file__).parent / "data" / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"


def test_version(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_usage_error_is_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["analyze"])                       # missing FILE
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "用法错误" in err and "usage" in err


def test_help_is_bilingual(capsys):
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    out = capsys.readouterr().out
    assert "分析" in out and "analyse" in out


def test_library_option_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYDESK_LIBRARY", str(tmp_path / "env.sqlite3"))
    assert library_path(str(tmp_path / "cli.sqlite3")) == tmp_path / "cli.sqlite3"
    assert library_path(None) == tmp_path / "env.sqlite3"
    monkeypatch.delenv("POLICYDESK_LIBRARY")
    assert library_path(None).parent == Path(os.environ["POLICYDESK_HOME"])


def test_output_never_overwritten_without_force(tmp_path, capsys):
    out = tmp_path / "结果.json"
    out.write_text("用户自己的文件", encoding="utf-8")
    code = main(["analyze", str(PLAN_TXT), "--json", "-o", str(out)])
    cap = capsys.readouterr()
    assert code == 4 and cap.out == ""
    assert "已存在" in cap.err and "--force" in cap.err
    assert out.read_text(encoding="utf-8") == "用户自己的文件"
    assert main(["analyze", str(PLAN_TXT), "--json", "-o", str(out), "--force"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "policydesk.analysis/1" and len(data["tasks"]) == 20


def test_written_file_has_normal_permissions(tmp_path):
    out = tmp_path / "a.json"
    assert main(["analyze", str(PLAN_TXT), "--json", "-o", str(out)]) == 0
    mode = stat.S_IMODE(out.stat().st_mode)
    assert mode & stat.S_IRGRP, f"output readable like any saved file, got {oct(mode)}"
    assert not list(tmp_path.glob(".~pd-*")), "no temporary file left behind"


def test_json_on_stdout_is_utf8_whatever_the_locale(tmp_path):
    env = dict(os.environ, PYTHONIOENCODING="ascii", LC_ALL="C")
    proc = subprocess.run([sys.executable, "-m", "policydesk", "analyze", str(PLAN_TXT), "--json"],
                          capture_output=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    data = json.loads(proc.stdout.decode("utf-8"))
    assert data["meta"]["doc_number"] == "通政发〔2021〕23号"
