"""The desktop app on the typed analysis (issue 11): analysis warnings marked in 正文 and listed as 待确认 in
责任分工, tasks with units the rules do not know marked in the table; the 起草 decisions table and county profile form
(issue 13).  Driven through the widgets (offscreen, pytest-qt)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from gui_plugin import errors, open_doc, show_draft, wait_done  # noqa: E402

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
WARNED = DATA / "gui_warnings_plan.txt"        # two unparsed brackets, one unit the rules do not know (张三同志)
CITY = DATA / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
TIMEOUT_MS = 60_000
B = QMessageBox.StandardButton


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


# ---------------------------------------------------------------------------------------------- decisions (issue 13)
def draft_view(qtbot, window, county="如东县"):
    doc = open_doc(qtbot, window, CITY)
    return doc, show_draft(qtbot, window, doc, county)


def refreshed(qtbot, dv):
    """Wait for the preview the last edit scheduled (250 ms debounce) and return its DraftResult."""
    qtbot.waitUntil(lambda: not dv._preview_timer.isActive(), timeout=5000)
    wait_done(qtbot, dv.preview_op)
    return dv.result


def test_every_city_task_has_a_suggestion_and_a_choice_that_reaches_the_draft(window, qtbot, messages, tmp_path):
    import docx
    from policydesk.draft.decisions import task_rows
    doc, dv = draft_view(qtbot, window)
    m = dv.decisions_model
    rows = task_rows(doc.analysis)
    assert m.rowCount() == len(rows) >= 20 and [m.index(r, 0).data() for r in range(m.rowCount())] == [r.id for r in rows]
    assert all(m.index(r, 2).data() in ("承接", "细化", "合并", "不承接") for r in range(m.rowCount()))
    assert not m.dirty and dv.side_tabs.tabText(0).startswith("任务取舍")
    suggested_drops = {m.index(r, 0).data() for r in range(m.rowCount()) if m.index(r, m.ACTION).data() == "不承接"}
    assert suggested_drops == {m.index(r, 0).data() for r in range(m.rowCount()) if m.index(r, 2).data() == "不承接"}
    assert suggested_drops and "二（一）" not in suggested_drops   # 如东县: the suggestion applies until changed
    assert {d.id for d in dv.result.decisions.dropped} == suggested_drops
    # drop 二（一） with a reason; merge 二（三） into 二（二）: the preview follows
    row = next(r for r in range(m.rowCount()) if m.index(r, 0).data() == "二（一）")
    title = m.index(row, 1).data()
    assert m.setData(m.index(row, m.ACTION), "不承接") and m.setData(m.index(row, m.REASON), "本县无此类园区")
    r3 = next(r for r in range(m.rowCount()) if m.index(r, 0).data() == "二（三）")
    assert m.setData(m.index(r3, m.ACTION), "合并")
    assert m.index(r3, m.INTO).data() == "二（二）"          # the nearest task above that is kept
    assert m.dirty
    result = refreshed(qtbot, dv)
    assert {d.id for d in result.decisions.dropped} == suggested_drops | {"二（一）"}
    assert ("二（三）", "二（二）") in result.decisions.merged
    assert title not in dv.preview.toPlainText()
    assert f"不承接 {len(suggested_drops) + 1}" in dv.decisions_label.text() and "合并 1" in dv.decisions_label.text()
    # generate: the draft has no 二（一）, the note gives the reason
    dv.folder_edit.setText(str(tmp_path))
    messages.answers.append(B.No)                       # “打开输出文件夹吗？” → 否
    written = wait_done(qtbot, dv.ask_export())
    text = "\n".join(p.text for p in docx.Document(str(written.draft)).paragraphs)
    note = "\n".join(p.text for p in docx.Document(str(written.note)).paragraphs)
    assert title not in text and "本县无此类园区" in note
    assert errors(messages) == []
    m.mark_saved()              # (pytest-qt closes the window before fixtures end: nothing left to ask about)


def test_decisions_undo_redo_and_reset(window, qtbot):
    doc, dv = draft_view(qtbot, window)
    m, stack = dv.decisions_model, doc.undo_stack
    row = 0
    before = m.index(row, m.ACTION).data()
    other = "细化" if before != "细化" else "承接"
    m.setData(m.index(row, m.ACTION), other)
    m.setData(m.index(row, m.REASON), "明确到镇（街道）")
    assert m.index(row, m.ACTION).data() == other and m.index(row, m.REASON).data() == "明确到镇（街道）"
    assert "细化要求" in stack.undoText() or "理由" in stack.undoText()
    stack.undo()
    assert m.index(row, m.REASON).data() != "明确到镇（街道）"
    stack.undo()
    assert m.index(row, m.ACTION).data() == before and not m.dirty
    stack.redo()
    assert m.index(row, m.ACTION).data() == other
    dv.reset_decisions()
    assert m.index(row, m.ACTION).data() == before and stack.undoText() == "恢复任务取舍建议"
    stack.undo()
    assert m.index(row, m.ACTION).data() == other
    m.mark_saved()


def test_decisions_are_saved_and_loaded_as_a_decisions_file(window, qtbot, messages, tmp_path):
    import json
    from policydesk.draft.decisions import SCHEMA
    doc, dv = draft_view(qtbot, window)
    m = dv.decisions_model
    m.setData(m.index(1, m.ACTION), "不承接")
    m.setData(m.index(1, m.REASON), "县里已有同类安排")
    out = tmp_path / "取舍.json"
    assert dv.save_decisions(str(out)) and not m.dirty
    data = json.loads(out.read_text(encoding="utf-8"))
    hid = m.index(1, 0).data()
    assert data["schema"] == SCHEMA and data["county"] == "如东县"
    assert data["tasks"][hid]["action"] == "不承接" and data["tasks"][hid]["reason"] == "县里已有同类安排"
    assert data["plan_doc_number"] == doc.analysis.meta.doc_number
    # never overwritten without asking (force)
    assert not dv.save_decisions(str(out)) and "已存在" in messages[-1][2]
    dv.reset_decisions()
    assert m.index(1, m.ACTION).data() != "不承接"
    assert dv.load_decisions(str(out))
    assert m.index(1, m.ACTION).data() == "不承接" and m.index(1, m.REASON).data() == "县里已有同类安排"
    assert not m.dirty
    doc.undo_stack.undo()                                 # loading is one undoable step
    assert m.index(1, m.ACTION).data() != "不承接"
    # a file that does not fit the plan: one Chinese line, the table unchanged
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": SCHEMA, "tasks": {"九十九（一）": "不承接"}}, ensure_ascii=False),
                   encoding="utf-8")
    n = len(messages)
    assert not dv.load_decisions(str(bad))
    assert messages[n][0] == "warning" and "九十九（一）" in messages[n][2]
    not_json = tmp_path / "x.json"
    not_json.write_text("{", encoding="utf-8")
    assert not dv.load_decisions(str(not_json)) and "JSON" in messages[-1][2]
    m.mark_saved()


# ---------------------------------------------------------------------------------------------- profile form (issue 13)
def test_the_profile_form_shows_and_saves_every_field_of_profile_v2(window, qtbot, messages, monkeypatch):
    import json
    from PySide6.QtWidgets import QDialog, QTableWidgetItem
    from policydesk.draft import PROFILE_FIELDS, find_profile
    from policydesk.gui import draftview
    rudong = find_profile("如东")
    dlg = draftview.ProfileDialog(rudong)
    assert set(dlg.edits) == {f[0] for f in PROFILE_FIELDS}          # every field of the core's list has an editor
    assert dlg.edits["name"].text() == "如东县" and dlg.edits["kind"].currentData() == "县"
    assert dlg.edits["zones"].item(0, 0).text() == rudong.zones[0]["name"]
    assert "市水利局 → 县水务局" in dlg.edits["agencies"].toPlainText()
    v = dlg.values()
    assert v["agencies"] == rudong.agencies and v["towns"] == rudong.towns and v["zones"][0]["name"] == rudong.zones[0]["name"]
    assert dlg.make_profile().to_json()["agencies"] == rudong.agencies

    def fill(dlg):
        e = dlg.edits
        e["name"].setText("示范区")
        e["short_name"].setText("示范")
        e["kind"].setCurrentIndex(e["kind"].findData("区"))
        e["city"].setText("南通市")
        e["city_abbr"].setText("通")
        e["towns"].setPlainText("甲镇\n\n乙镇")
        e["streets"].setPlainText("丙街道")
        e["geography"].setPlainText("沿江")
        e["agencies"].setPlainText("市水利局 → 区水务局\n市港口局 →")
        e["zones"].setItem(0, 0, QTableWidgetItem("示范高新技术产业开发区"))
        e["zones"].setItem(0, 1, QTableWidgetItem("省级"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(draftview.ProfileDialog, "exec", fill)
    doc, dv = draft_view(qtbot, window)
    assert dv.edit_profile(new=True)
    saved = Path(os.environ["POLICYDESK_HOME"]) / "counties" / "示范.json"
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["name"] == "示范区" and data["kind"] == "区" and data["level"] == "区" and data["version"] == 2
    assert data["towns"] == ["甲镇", "乙镇"] and data["streets"] == ["丙街道"] and data["geography"] == ["沿江"]
    assert data["agencies"] == {"市水利局": "区水务局", "市港口局": ""}
    assert data["zones"] == [{"name": "示范高新技术产业开发区", "level": "省级"}]
    assert data["government"] == "示范区人民政府" and data["scope_word"] == "全区"
    assert dv.current_profile().name == "示范区"
    wait_done(qtbot, dv.preview_op)
    assert dv.preview.toPlainText().startswith("示范区关于推进全区")
    assert errors(messages) == []


def test_a_wrong_profile_field_is_one_chinese_line_and_the_form_stays_open(window, qtbot, messages, monkeypatch):
    from PySide6.QtWidgets import QDialog
    from policydesk.gui import draftview
    tries = []

    def fill(dlg):
        tries.append(1)
        if len(tries) > 1:
            return QDialog.DialogCode.Rejected            # the user gives up after the message
        dlg.edits["name"].setText("错误县")
        dlg.edits["short_name"].setText("错误")
        dlg.edits["city_abbr"].setText("南通")            # must be one character
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(draftview.ProfileDialog, "exec", fill)
    doc, dv = draft_view(qtbot, window)
    assert not dv.edit_profile(new=True)
    assert len(tries) == 2
    warn = [m for m in messages if m[0] == "warning"]
    assert len(warn) == 1 and "city_abbr" in warn[0][2] and "一个字" in warn[0][2] and "\n" not in warn[0][2]
    assert not (Path(os.environ["POLICYDESK_HOME"]) / "counties" / "错误.json").exists()


# ---------------------------------------------------------------------------------------------- images (issue 17 in the app)
SCANS = DATA / "scans"          # page photos/scans of 通政发〔2021〕23号 made by the readers' generator


def test_a_pasted_image_is_read_as_a_document(window, qtbot, messages):
    from PySide6.QtGui import QGuiApplication, QImage
    image = QImage(str(SCANS / "seal-p1.jpg"))
    assert not image.isNull()
    QGuiApplication.clipboard().setImage(image)
    opened = []
    window.documentOpened.connect(opened.append)
    assert window.act_paste.text().startswith("从剪贴板导入")
    wait_done(qtbot, window.paste_from_clipboard())
    assert len(opened) == 1
    doc = opened[0]
    text = "".join(p.text for p in doc.analysis.paragraphs)
    assert "通政发" in text and "经济开发区" in text
    assert doc.analysis.source.ocr_pages == [1]
    kept = Path(doc.path)
    assert kept.is_file() and kept.parent == Path(os.environ["POLICYDESK_HOME"]) / "clipboard"
    assert errors(messages) == []


def test_pasting_without_an_image_says_so(window, qtbot, messages):
    from PySide6.QtGui import QGuiApplication
    QGuiApplication.clipboard().setText("只是文字")
    assert window.paste_from_clipboard() is None
    assert messages[-1][0] == "information" and "剪贴板中没有图片" in messages[-1][2]
    assert window.documents() == []


def test_a_folder_of_page_photos_opens_as_one_document(window, qtbot, messages, tmp_path):
    import shutil
    folder = tmp_path / "扫描件"
    folder.mkdir()
    shutil.copy(SCANS / "seal-p1.jpg", folder / "第1页.jpg")
    shutil.copy(SCANS / "grey-p5.jpg", folder / "第2页.jpg")
    (folder / "说明.txt").write_text("不是图片", encoding="utf-8")
    doc = open_doc(qtbot, window, folder)
    assert doc.analysis.source.pages == 2 and doc.analysis.source.ocr_pages == [1, 2]
    pages = {p.page for p in doc.analysis.paragraphs}
    assert pages == {1, 2}
    text = "".join(p.text for p in doc.analysis.paragraphs)
    assert "通政发" in text and "海关特殊" in text
    assert errors(messages) == []


def test_the_open_dialog_offers_the_readers_formats():
    from policydesk.gui.mainwindow import open_filter
    from policydesk.readers import ACCEPTED_KINDS
    first = open_filter().split(";;")[0]
    for _label, suffixes in ACCEPTED_KINDS:
        for suffix in suffixes:
            assert f"*{suffix}" in first, suffix      # 支持的文件 (…) lists every format the readers open
    assert "*.ofd" in first and "*.wps" in first and "*.doc" in first and "*.jpg" in first


# ---------------------------------------------------------------------------------------------- 文档库: a folder (issue 19)
def test_a_folder_is_imported_recursively_with_a_summary(window, qtbot, messages, tmp_path):
    import shutil
    laws = sorted((DATA / "corpus" / "law_pairs").glob("law_*.txt"))[:3]
    folder = tmp_path / "上级文件"
    (folder / "子文件夹").mkdir(parents=True)
    shutil.copy(laws[0], folder / laws[0].name)
    shutil.copy(laws[1], folder / laws[1].name)
    shutil.copy(laws[2], folder / "子文件夹" / laws[2].name)
    (folder / "坏文件.pdf").write_bytes(os.urandom(4096))
    lv = window.show_library()
    wait_done(qtbot, lv.last_op)
    messages.answers.append(B.Ok)
    summary = wait_done(qtbot, lv.add_folder(str(folder)))
    assert len(summary.added) == 3 and len(summary.failed) == 1 and not summary.cancelled
    qtbot.waitUntil(lambda: lv.model.rowCount() == 3, timeout=TIMEOUT_MS)
    text = messages[-1][2]
    assert messages[-1][0] == "warning" and "已导入 3 个" in text and "坏文件.pdf" in text
    # again: everything already stored, nothing added
    summary = wait_done(qtbot, lv.add_folder(str(folder)))
    assert len(summary.existing) == 3 and not summary.added and "已在库中 3 个" in lv.folder_summary_text(summary)


def test_unsaved_decisions_mark_the_tab_and_are_asked_about_on_close(window, qtbot, messages, tmp_path, monkeypatch):
    from policydesk.gui import draftview
    doc, dv = draft_view(qtbot, window)
    i = window.tabs.indexOf(doc)
    assert not window.tabs.tabText(i).endswith(" *")
    m = dv.decisions_model
    m.setData(m.index(0, m.ACTION), "不承接")
    assert window.tabs.tabText(i).endswith(" *") and doc.has_unsaved_changes()
    assert "任务取舍" in doc.unsaved_description()
    out = tmp_path / "取舍.json"
    monkeypatch.setattr(draftview.DraftView, "ask_save_decisions", lambda self: self.save_decisions(str(out)))
    messages.answers.append(B.Save)                            # 保存 → the decisions file is written, the tab closes
    window.close_tab(i)
    assert out.is_file() and window.documents() == []
    assert any("任务取舍" in msg[2] for msg in messages if msg[0] == "question")
