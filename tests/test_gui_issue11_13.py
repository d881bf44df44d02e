"""The desktop app on the typed analysis (issue 11): analysis warnings marked in 正文 and listed as 待确认 in
责任分工, tasks with units the rules do not know marked in the table; the 起草 decisions table and county profile form
(issue 13).  Driven through the widgets (offscreen, pytest-qt)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
WARNED = DATA / "gui_warnings_plan.txt"        # two unparsed brackets, one unit the rules do not know (张三同志)
CITY = DATA / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
TIMEOUT_MS = 60_000
B = QMessageBox.StandardButton


@pytest.fixture
def window(app, qtbot, messages):
    from policydesk.gui import ops
    from policydesk.gui.mainwindow import MainWindow
    win = MainWindow(preload=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    for doc in win.documents():
        doc.draft_view.mapping_model.mark_saved()
        if hasattr(doc.draft_view, "decisions_model"):
            doc.draft_view.decisions_model.mark_saved()
    ops.shutdown(20_000)
    QApplication.processEvents()


def wait_done(qtbot, op):
    assert op is not None
    if op.running:
        with qtbot.waitSignal(op.finished, timeout=TIMEOUT_MS):
            pass
    assert op.error is None, op.error
    return op.result


def open_doc(qtbot, win, path):
    opened = []
    win.documentOpened.connect(opened.append)
    wait_done(qtbot, win.open_file(str(path)))
    assert len(opened) == 1
    return opened[0]


def errors(messages):
    return [m for m in messages if m[0] in ("warning", "critical")]


def char_format_at(doc, paragraph: int, needle: str):
    block = doc.text.block_of_paragraph(paragraph)
    pos = block.text().index(needle)
    c = QTextCursor(block)
    c.setPosition(block.position() + pos + 1)
    return c.charFormat()


# ---------------------------------------------------------------------------------------------- warnings (issue 11.3)
def test_warnings_are_marked_in_the_text_with_their_reason(window, qtbot, messages):
    from policydesk.gui.style import COLOR_WARNING_BG
    doc = open_doc(qtbot, window, WARNED)
    kinds = sorted(w.kind.value for w in doc.analysis.warnings)
    assert kinds == ["unparsed_annotation", "unparsed_annotation", "unrecognised_unit"]
    for w in doc.analysis.warnings:
        fmt = char_format_at(doc, w.paragraph, w.text)
        assert fmt.background().color() == COLOR_WARNING_BG, w.text
        assert fmt.underlineStyle() == fmt.UnderlineStyle.WaveUnderline
        assert fmt.toolTip().startswith("待确认") and w.why in fmt.toolTip()
    # plain text next to it is not marked
    block = doc.text.block_of_paragraph(doc.analysis.warnings[0].paragraph)
    c = QTextCursor(block)
    c.setPosition(block.position() + 2)
    assert c.charFormat().background().color() != COLOR_WARNING_BG
    assert errors(messages) == []


def test_warnings_are_listed_as_pending_in_the_responsibility_view(window, qtbot):
    doc = open_doc(qtbot, window, WARNED)
    doc.show_view("责任分工")
    assert doc.pending_box.isVisibleTo(doc) and doc.pending_box.title() == "待确认（3）"
    lines = [doc.pending_list.item(i).text() for i in range(doc.pending_list.count())]
    assert any("（由市商务局会同有关方面研究）" in t and "括注" in t for t in lines)
    assert any("张三同志" in t and "单位名称未能识别" in t for t in lines)
    item = next(doc.pending_list.item(i) for i in range(doc.pending_list.count())
                if "张三同志" in doc.pending_list.item(i).text())
    assert "机构用字" in item.toolTip()
    doc.pending_list.itemDoubleClicked.emit(item)          # → 正文 at that paragraph
    assert doc.current_view() == "正文"
    assert doc.text.current_paragraph() == doc.analysis.tasks[0].paragraph


def test_a_task_with_an_unknown_unit_is_marked_in_the_table(window, qtbot):
    from policydesk.gui.models import UNRECOGNISED_ROLE
    from policydesk.gui.style import COLOR_UNRECOGNISED, COLOR_UNRECOGNISED_BG
    doc = open_doc(qtbot, window, WARNED)
    m = doc.resp_model
    row = next(r for r, t in enumerate(m.tasks) if t.unrecognised_units)
    assert m.index(row, 0).data(UNRECOGNISED_ROLE) == ["张三同志"]
    assert m.index(row, 0).data(Qt.ItemDataRole.BackgroundRole).color() == COLOR_UNRECOGNISED_BG
    assert m.index(row, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "张三同志" in m.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    col = m.unit_column("张三同志")
    assert "未能识别" in m.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert m.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ForegroundRole).color() == COLOR_UNRECOGNISED
    assert m.index(row, col).data(Qt.ItemDataRole.BackgroundRole).color() == COLOR_UNRECOGNISED_BG
    known = m.unit_column("市发改委")
    assert m.index(row, known).data(Qt.ItemDataRole.BackgroundRole) is None
    assert m.headerData(known, Qt.Orientation.Horizontal, Qt.ItemDataRole.ForegroundRole) is None


def test_the_pending_list_shows_only_when_there_is_something_to_confirm(window, qtbot):
    doc = open_doc(qtbot, window, CITY)
    n = len(doc.pending_items())
    assert n == doc.pending_list.count()
    assert doc.pending_box.isVisibleTo(doc) == (n > 0)
