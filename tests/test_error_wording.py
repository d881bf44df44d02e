"""Core errors carry their remedy as data (``option``); each interface words it (issue 18).

The core never names a CLI flag or command in what it tells the user; the CLI says its flag, the window its widget,
and ``str(err)`` (logs, any other caller) a neutral wording.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from policydesk.cli import main as cli_main
from policydesk.cli.common import WORDING as CLI_WORDING
from policydesk.errors import OPTIONS, Advice, OutputError, PasswordRequiredError, worded
from policydesk.fileio import check_target
from policydesk.gui.wording import WORDING as GUI_WORDING        # plain data: no Qt
from policydesk.readers import ReadOptions, read_document

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "policydesk"
ENCRYPTED = ROOT / "tests" / "data" / "pdf_special" / "encrypted.pdf"
PLAN_TXT = ROOT / "tests" / "data" / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
CLI_WORDS = re.compile(r"(?:^|[\s（(“])--?[a-z][a-z-]*|policydesk (?:library|analyze|compare|draft|check-format)")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _user_strings(path: Path):
    """String literals of a module that hold Chinese (what a user reads), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            text = node.value
        else:
            continue
        if CJK.search(text):
            yield node.lineno, text


def test_the_core_names_no_cli_flag_or_command():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith(("cli/", "gui/")):
            continue
        found += [f"{rel}:{line}: {text[:80]}" for line, text in _user_strings(path) if CLI_WORDS.search(text)]
    assert not found, "core messages that name a CLI flag or command (give the error an option instead):\n" + \
        "\n".join(found)


def test_every_option_is_worded_by_each_interface():
    assert set(CLI_WORDING) == set(OPTIONS) == set(GUI_WORDING)
    assert all("--" in w or "policydesk " in w for w in CLI_WORDING.values())
    assert not any("--" in w or "policydesk " in w for w in [*GUI_WORDING.values(), *OPTIONS.values()])
    with pytest.raises(ValueError):
        OutputError("x", option="no-such-option")


def test_existing_output_each_interface_its_own_words(tmp_path, capsys):
    target = tmp_path / "结果.json"
    target.write_text("{}", encoding="utf-8")
    with pytest.raises(OutputError) as ei:
        check_target(target, force=False)
    e = ei.value
    assert e.option == "force" and e.path == str(target) and str(target) in e.message
    assert "--force" not in str(e) and "覆盖" in str(e)
    assert worded(e, CLI_WORDING).endswith("如需覆盖，请加 --force，或换一个文件名。")
    assert "保存对话框" in worded(e, GUI_WORDING) and "--" not in worded(e, GUI_WORDING)
    # as the user of the CLI sees it
    code = cli_main(["analyze", str(PLAN_TXT), "--json", "-o", str(target)])
    out, err = capsys.readouterr()
    assert code == 4 and "--force" in err and str(target) in err and target.read_text(encoding="utf-8") == "{}"


def test_encrypted_pdf_password_worded_per_interface(capsys):
    with pytest.raises(PasswordRequiredError) as ei:
        read_document(ENCRYPTED, ReadOptions(ocr=False))
    assert ei.value.option == "password" and "--password" not in str(ei.value)
    assert "密码框" in worded(ei.value, GUI_WORDING)
    code = cli_main(["analyze", str(ENCRYPTED)])
    err = capsys.readouterr().err
    assert code == 3 and "--password" in err and ENCRYPTED.name in err


def test_comparison_warning_keeps_its_option(tmp_path, monkeypatch, capsys):
    """A plan compared with an empty library: the warning says --ref on the CLI and 从文件添加… in the window."""
    monkeypatch.setenv("POLICYDESK_HOME", str(tmp_path / "home"))
    code = cli_main(["--library", str(tmp_path / "lib.sqlite3"), "compare", str(PLAN_TXT)])
    err = capsys.readouterr().err
    assert code == 0 and "没有可对照的上级文件" in err and "--ref" in err
    w = Advice("没有可对照的上级文件。", "ref")
    assert str(w) == "没有可对照的上级文件。" + OPTIONS["ref"] and "--ref" not in str(w)
    assert "从文件添加…" in worded(w, GUI_WORDING) and "--ref" in worded(w, CLI_WORDING)
    assert worded("一条普通提示。", CLI_WORDING) == "一条普通提示。"
