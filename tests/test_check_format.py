"""check-format: findings cite GB/T 9704 clauses; placeholders are their own kind; house presets kept apart."""

from __future__ import annotations

import json
import zipfile

from docx import Document

from policydesk.cli import main
from policydesk.draft.checker import check_docx, chars_per_line, line_pitch_ok


def plain_docx(path, *paras):
    d = Document()                          # python-docx defaults: US Letter, theme fonts, no page numbers
    for t in paras:
        d.add_paragraph(t)
    d.save(path)
    return path


def test_plain_python_docx_fails_with_clauses(tmp_path):
    rep = check_docx(plain_docx(tmp_path / "a.docx", "一、总体要求", "正文。"))
    clauses = {f.clause for f in rep.findings}
    assert {"5.1", "5.2.1", "5.2.2", "5.2.3", "7.5"} <= clauses
    assert rep.exit_code == 1
    assert all(f.kind == "standard" for f in rep.findings)


def test_dates_and_doc_numbers(tmp_path):
    d = Document()
    p = d.add_paragraph("通政发(2021)023号")
    p.alignment = 1
    p = d.add_paragraph("二〇二一年六月三日")
    p.alignment = 2
    d.add_paragraph("【待补充：本县目标】")
    d.save(tmp_path / "b.docx")
    rep = check_docx(tmp_path / "b.docx")
    msgs = {f.clause: f.message for f in rep.findings}
    assert "六角括号" in msgs["7.2.5"] and "7.3.5" in msgs
    assert [p.text for p in rep.placeholders] == ["【待补充：本县目标】"]
    assert not any("待补充" in f.message for f in rep.findings)


def test_line_and_character_arithmetic():
    assert line_pitch_ok(579, 637.8, 22)          # 28.95 pt: 22 lines
    assert not line_pitch_ok(580, 637.8, 22)      # 29 pt: only 21
    assert line_pitch_ok(560, 637.8, 22)          # 28 pt (house style) still 22 lines
    assert chars_per_line(442.25, 16) == 27
    assert chars_per_line(442.25, 16, 98) == 28


def test_house_preset_is_separate_and_does_not_fail(tmp_path):
    from test_draft_support import PLAN_TXT
    from policydesk.api import analyze_path
    from policydesk.draft import find_profile, make_draft, write_outputs
    r = make_draft(analyze_path(PLAN_TXT), find_profile("如东"))
    write_outputs(r, tmp_path / "d.docx")
    rep = check_docx(tmp_path / "d.docx", preset="house-28pt")
    assert [f.kind for f in rep.findings] == ["house"]
    assert rep.exit_code == 0


def test_cli_exit_codes_and_json(tmp_path, capsys):
    bad = plain_docx(tmp_path / "a.docx", "正文")
    assert main(["check-format", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "5.1 | standard |" in out
    assert main(["check-format", str(bad), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "policydesk.check-format/1" and data["summary"]["standard"] >= 1
    assert main(["check-format", str(tmp_path / "missing.docx")]) == 3
    (tmp_path / "x.docx").write_text("not a zip")
    assert main(["check-format", str(tmp_path / "x.docx")]) == 3
    assert main(["check-format", str(bad), "--preset", "nope"]) == 3


def test_entity_expansion_is_refused(tmp_path):
    src = plain_docx(tmp_path / "a.docx", "正文")
    evil = tmp_path / "evil.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(evil, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1)
            zout.writestr(item, data)
    assert main(["check-format", str(evil)]) == 3
