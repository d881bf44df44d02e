"""The human-readable summary printed by ``policydesk analyze`` without ``--json``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from policydesk.analysis import analyze
from policydesk.analysis.summary import format_summary
from policydesk.api import analyze_path
from policydesk.model import Document, Paragraph, SourceInfo

DATA = Path(__file__).resolve().parent / "data"
PLAN = DATA / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"


def test_summary_of_the_customer_plan():
    text = format_summary(analyze_path(PLAN))
    for expected in ("【文件信息】", "通政发〔2021〕23号", "南通市人民政府", "2021-06-03",
                     "关于推进全市经济开发区创新提升打造改革开放新高地的实施方案",
                     "《国务院关于推进国家级经济技术开发区创新提升打造改革开放新高地的意见》（国发〔2019〕11号）",
                     "【结构】共 27 个标题", "【责任分工】共 20 项任务", "【责任单位】共 30 个"):
        assert expected in text
    lines = text.splitlines()
    # outline indented by level
    assert "  一、总体要求" in lines and "    （一）优化提升利用外资质态" in lines
    # one table row per task: number | heading | lead | support
    row = next(ln for ln in lines if "二（四） 提升海关特殊监管区域开放水平" in ln)
    cells = [c.strip() for c in row.split("|")]
    assert cells[0] == "4" and cells[2] == "市商务局※"
    assert cells[3].startswith("南通海关、南通市税务局")
    assert "市有关部门*" in text            # generic units are marked


def test_summary_without_tasks_or_headings():
    result = analyze(Document(SourceInfo(path="x.txt", sha256="0", format="txt"), [Paragraph(text="一段文字。")]))
    text = format_summary(result)
    assert "未识别出编号标题" in text and "未发现责任分工标注" in text


def test_cli_analyze_text_and_json():
    base = [sys.executable, "-m", "policydesk", "analyze", str(PLAN)]
    human = subprocess.run(base, capture_output=True, text=True, encoding="utf-8")
    assert human.returncode == 0 and "【责任分工】共 20 项任务" in human.stdout
    js = subprocess.run(base + ["--json"], capture_output=True, text=True, encoding="utf-8")
    assert js.returncode == 0
    data = json.loads(js.stdout)
    assert data["schema"] == "policydesk.analysis/1" and len(data["tasks"]) == 20
    assert {"meta", "headings", "tasks", "units", "paragraphs", "source"} <= set(data)
