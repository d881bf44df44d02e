"""The typed analysis: what every consumer reads; analysis/1 JSON only at the edges."""

from __future__ import annotations

import json
from pathlib import Path

from policydesk.analysis import Analysis, Role, TaskForm, UnitRole, analyze
from policydesk.api import analyze_path
from policydesk.model import Document, Paragraph, SourceInfo

DATA = Path(__file__).resolve().parent / "data"
PLAN = DATA / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
CONTRACT_TASK_KEYS = {"id", "heading", "title", "paragraph", "text", "page", "annotation", "units",
                      "units_normalized", "lead", "support", "lead_inferred", "targets", "deadlines"}


def test_analyze_returns_typed_objects_with_enums():
    a = analyze_path(PLAN)
    assert isinstance(a, Analysis)
    assert len(a.tasks) == 20 and all(t.form is TaskForm.ANNOTATION for t in a.tasks)
    assert {p.role for p in a.paragraphs} >= {Role.NOTICE_TITLE, Role.HEADING, Role.BODY}
    t1 = a.tasks[0]
    assert [u.name for u in t1.unit_details] == t1.units
    assert all(u.recognised for u in t1.unit_details)
    assert a.heading(t1.heading).title == t1.title
    assert t1.annotation not in t1.body and t1.body


def test_explicit_roles_are_typed():
    doc = Document(SourceInfo(path="x.txt", sha256="0", format="txt"),
                   [Paragraph(text=t) for t in ("某方案", "一、任务", "（一）推进工作。（牵头单位：市发展改革委；配合单位：市财政局）")])
    t = analyze(doc).tasks[0]
    roles = {u.normalized: u.role for u in t.unit_details}
    assert roles == {"市发展改革委": UnitRole.LEAD, "市财政局": UnitRole.SUPPORT}


def test_json_round_trip_keeps_the_contract_keys():
    a = analyze_path(PLAN)
    j = a.to_json()
    assert j["schema"] == "policydesk.analysis/1"
    assert set(j) >= {"schema", "source", "meta", "headings", "tasks", "units", "paragraphs", "warnings"}
    assert all(CONTRACT_TASK_KEYS <= set(t) for t in j["tasks"])
    again = Analysis.from_json(json.loads(json.dumps(j, ensure_ascii=False)))
    assert again.to_json() == j


def test_rules_version_changes_with_the_rules(tmp_path, monkeypatch):
    before = analyze_path(PLAN).rules_version
    assert len(before) == 16
    from policydesk.paths import resources_dir
    user = tmp_path / "analysis"
    user.mkdir()
    src = (resources_dir() / "analysis" / "targets.json").read_text(encoding="utf-8")
    (user / "targets.json").write_text(src.replace("\n", "\n ", 1), encoding="utf-8")
    monkeypatch.setenv("POLICYDESK_HOME", str(tmp_path))
    assert analyze_path(PLAN).rules_version != before
