"""The desktop window, part 2 (offscreen, pytest-qt): the 对照, 起草 and 文档库 views driven through the real core —
what a reviewer or drafter would check: the right pairs and labels, a heat-map cell showing its pair, the three draft
files for 如东县 that open, a library that imports, finds 消防 and survives a bad file unchanged."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QItemSelectionModel, Qt  # noqa: E402
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox  # noqa: E402

from gui_plugin import errors, open_doc, show_compare, wait_done  # noqa: E402

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
PLAN = DATA / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
PROVINCIAL = DATA / "corpus" / "partial" / "jiangsu-suzhengfa-2020-79.opening.txt"
LAWS = sorted((DATA / "corpus" / "law_pairs").glob("law_*.txt"))
CJK = re.compile(r"[\u4e00-\u9fff]")
TIMEOUT_MS = 60_000


# ---------------------------------------------------------------------------------------------- 对照
def compare_view_with_provincial(qtbot, window):
    doc = open_doc(qtbot, window, PLAN)
    cv = show_compare(qtbot, window, doc)
    wait_done(qtbot, cv.add_reference_file(str(PROVINCIAL)))
    assert len(cv.chosen_references()) == 1
    wait_done(qtbot, cv.run())
    return doc, cv


def rows_by_plan(cv):
    return {row["plan"]["id"]: row for row in cv.pairs_model.rows if row["plan"]}


def test_comparison_fills_the_view_with_the_right_pairs_labels_and_uncovered_clauses(window, qtbot, messages):
    doc, cv = compare_view_with_provincial(qtbot, window)
    rows = rows_by_plan(cv)
    assert rows["一"]["label"] == "承接" and rows["一"]["match"]["clause"]["id"] == "一"
    assert rows["二（一）"]["match"]["clause"]["id"] == "二（一）" and rows["二（一）"]["label"] in ("细化", "承接")
    assert rows["二（五）"]["label"] == "新增" and rows["二（五）"]["match"] is None
    counts = cv.pairs_model.counts()
    assert counts["承接"] >= 1 and counts["新增"] >= 15 and sum(counts.values()) == cv.pairs_model.rowCount()
    # the table shows what the rows hold
    table = {cv.pairs_proxy.index(r, 0).data(): (cv.pairs_proxy.index(r, 1).data(), cv.pairs_proxy.index(r, 2).data())
             for r in range(cv.pairs_proxy.rowCount())}
    assert table["一 总体要求"] == ("一 总体要求", "承接")
    assert table["二（一） 优化提升利用外资质态"][0].startswith("二（一）")
    # uncovered reference clauses: listed, and as rows of their own
    uncovered = [cv.uncovered_model.item(r).text() for r in range(cv.uncovered_model.rowCount())]
    assert counts["未承接"] == len(cv.result["uncovered"]) >= 1
    assert any(u["clause"]["id"].split("（")[0] in "".join(uncovered) for u in cv.result["uncovered"])
    # panes: the plan clause on the left, its reference clause on the right, with the shared wording highlighted
    cv.select_plan_clause("一")
    k = cv._visible.index(cv.current_row())
    left, right = cv.visible_pair_texts(k)
    assert "推动全市经济开发区更高质量发展" in left and "推动全省经济开发区高质量发展" in right
    assert cv.current_pair() == ("一", 0, "一")
    shared = _background_chars(cv.panes[0], "#c9ecc9")
    assert "以习近平新时代中国特色社会主义思想为指导" in shared
    assert errors(messages) == []
    # filters
    cv.filter_boxes["新增"].setChecked(False)
    assert cv.pairs_proxy.rowCount() == sum(counts.values()) - counts["新增"]
    assert all(cv.pairs_proxy.index(r, 2).data() != "新增" for r in range(cv.pairs_proxy.rowCount()))
    assert len(cv._visible) == cv.pairs_proxy.rowCount()          # the panes follow the filter
    cv.filter_boxes["新增"].setChecked(True)


def _background_chars(pane, colour: str) -> str:
    """The characters of a pane drawn on ``colour``."""
    out = []
    block = pane.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.charFormat().background().color().name() == colour:
                out.append(frag.text())
            it += 1
        block = block.next()
    return "".join(out)


def test_panes_scroll_in_step_and_a_heatmap_cell_shows_its_pair(window, qtbot, messages):
    doc, cv = compare_view_with_provincial(qtbot, window)
    cv._equalize()
    # in step: every pair starts at the same height on both sides, and scrolling one side moves the other
    assert cv._tops[0] == cv._tops[1] and len(cv._tops[0]) == cv.pairs_proxy.rowCount()
    bar_l, bar_r = cv.panes[0].verticalScrollBar(), cv.panes[1].verticalScrollBar()
    target = int(cv._tops[0][3]) + 7
    bar_l.setValue(target)
    assert bar_r.value() == bar_l.value() == target
    bar_r.setValue(int(cv._tops[1][5]))
    assert bar_l.value() == int(cv._tops[0][5])

    hm = cv.heat_model
    row = hm.plan.index("二（一）")
    col_one = next(c for c, (r, cid) in enumerate(hm.refs) if cid == "一")
    col_21 = next(c for c, (r, cid) in enumerate(hm.refs) if cid == "二（一）")
    # the colour says the score: the matching pair is darker than an unrelated one
    dark = hm.index(row, col_21).data(Qt.ItemDataRole.BackgroundRole).color().lightness()
    light = hm.index(row, col_one).data(Qt.ItemDataRole.BackgroundRole).color().lightness()
    assert dark < light
    cv.side_tabs.setCurrentIndex(0)
    cv.heatmap.selectionModel().setCurrentIndex(hm.index(row, col_one), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert cv.current_pair() == ("二（一）", 0, "一")
    k = cv._visible.index(cv.current_row())
    left, right = cv.visible_pair_texts(k)
    assert left.startswith("细化") or left.startswith("承接")
    assert "二（一）" in left and "一 总体要求" in right and "推动全省经济开发区高质量发展" in right
    assert abs(cv.panes[0].verticalScrollBar().value() - (cv._tops[0][k] - 4)) <= 1     # scrolled to the pair
    # the other cell: back to the pair the comparison found
    cv.heatmap.selectionModel().setCurrentIndex(hm.index(row, col_21), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert cv.current_pair() == ("二（一）", 0, "二（一）")
    # a cell of a 新增 row whose row is filtered out brings the filter back
    cv.filter_boxes["新增"].setChecked(False)
    new_row = hm.plan.index("二（五）")
    cv.heatmap.selectionModel().setCurrentIndex(hm.index(new_row, col_21), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert cv.filter_boxes["新增"].isChecked() and cv.current_pair() == ("二（五）", 0, "二（一）")
    assert errors(messages) == []


def test_export_word_table_and_html_report_and_ask_before_overwriting(window, qtbot, messages, tmp_path, monkeypatch):
    doc, cv = compare_view_with_provincial(qtbot, window)
    targets = {"docx": tmp_path / "对照表.docx", "html": tmp_path / "对照报告"}
    asked = []

    def save_name(parent, title, start, filt, *a, **k):
        asked.append(title)
        return str(targets["docx" if "Word" in title else "html"]), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    wait_done(qtbot, cv.ask_export("docx"))
    wait_done(qtbot, cv.ask_export("html"))
    html_path = tmp_path / "对照报告.html"
    assert targets["docx"].is_file() and html_path.is_file()
    import docx
    text = "\n".join(c.text for t in docx.Document(str(targets["docx"])).tables for row in t.rows for c in row.cells)
    assert "总体要求" in text and "承接" in text
    page = html_path.read_text(encoding="utf-8")
    assert "承接" in page and "未承接" in page and "<script" not in page.lower()
    # existing file: asked, "No" leaves it alone, "Yes" overwrites
    before = targets["docx"].stat().st_mtime_ns
    messages.answers.append(QMessageBox.StandardButton.No)
    assert cv.ask_export("docx") is None
    assert targets["docx"].stat().st_mtime_ns == before
    assert messages[-1][0] == "question" and "已经存在" in messages[-1][2]
    messages.answers.append(QMessageBox.StandardButton.Yes)
    wait_done(qtbot, cv.ask_export("docx"))
    assert targets["docx"].stat().st_mtime_ns != before
    assert errors(messages) == []


def test_cited_document_in_the_library_is_proposed_first_and_compared(window, qtbot, messages):
    from policydesk.library import Library
    from policydesk.paths import library_path
    with Library(library_path()) as lib:
        lib_id = lib.add(str(PROVINCIAL)).id
        other = lib.add(str(LAWS[0])).id
    doc = open_doc(qtbot, window, PLAN)
    cv = show_compare(qtbot, window, doc)
    items = [cv.ref_model.item(r) for r in range(cv.ref_model.rowCount())]
    from policydesk.gui.compareview import REF_ROLE
    checked = [it.data(REF_ROLE) for it in items
               if it.isCheckable() and it.checkState() == Qt.CheckState.Checked]
    assert checked == [("lib", lib_id)]                     # the cited provincial document, ticked
    first_lib = next(it for it in items if it.isCheckable())
    assert "苏政发〔2020〕79号" in first_lib.text() and "方案引用" in first_lib.text()
    missing = [it for it in items if "《国务院" in it.text()]      # cited, neither open nor in the library
    assert len(missing) == 1 and "尚未添加" in missing[0].text() and not missing[0].isCheckable()
    assert [b.text() for b in cv.add_buttons] == ["添加…"]
    assert any(it.isCheckable() and it.checkState() == Qt.CheckState.Unchecked and f"#{other}" in it.text()
               for it in items)
    wait_done(qtbot, cv.run())
    assert cv.result["references"][0]["id"] == lib_id
    assert rows_by_plan(cv)["一"]["label"] == "承接"
    assert "省政府关于推进全省经济开发区" in cv.pane_titles[1].full_text()


# ---------------------------------------------------------------------------------------------- 起草
def draft_view(qtbot, window, county="如东县", path=PLAN):
    doc = open_doc(qtbot, window, path)
    window.show_view("起草")
    dv = doc.draft_view
    qtbot.waitUntil(lambda: bool(dv.profiles), timeout=5000)
    assert dv.current_profile() is None and dv.county_combo.currentIndex() == -1     # no default county
    assert dv.select_county(county)
    qtbot.waitUntil(lambda: dv.preview_op is not None, timeout=5000)
    wait_done(qtbot, dv.preview_op)
    return doc, dv


def test_draft_view_writes_the_docx_ledger_and_note_for_rudong(window, qtbot, messages, opened_urls, tmp_path):
    doc, dv = draft_view(qtbot, window)
    assert dv.select_county("如东县")
    wait_done(qtbot, dv.preview_op)
    assert dv.result.profile.name == "如东县"
    preview = dv.preview.toPlainText()
    assert preview.startswith("如东县关于推进全县经济开发区") and "【待补充：本县主导产业】" in preview
    assert "依据：通政发〔2021〕23号 二（一）" in preview                        # traceable to the city clause
    dropped = dv.decisions_model.counts().get("不承接", 0)          # the suggested 不承接 apply until changed
    assert dropped == len(dv.result.decisions.dropped)
    assert "须核实" in dv.counts_label.text() and f"重点任务 {20 - dropped} 项" in dv.counts_label.text()
    assert dv.changes_model.rowCount() == len(dv.result.changes) > 0
    # fill a placeholder: the preview shows it, the settings remember it for 如东
    pm = dv.placeholder_model
    row = [t for t, _ in pm.items].index("【待补充：本县主导产业】")
    assert pm.setData(pm.index(row, 2), "海上风电装备")
    qtbot.waitUntil(lambda: "海上风电装备" in dv.preview.toPlainText(), timeout=10_000)
    assert "【待补充：本县主导产业】" not in dv.preview.toPlainText()
    assert "海上风电装备" in dv.gui_settings().value("draft/placeholders/rudong")
    # export into a folder
    dv.folder_edit.setText(str(tmp_path))
    written = wait_done(qtbot, dv.ask_export())
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 3 and written.draft.is_file() and written.ledger.is_file() and written.note.is_file()
    assert written.draft.name.startswith("如东县-") and written.ledger.suffix == ".xlsx"
    assert "起草说明" in written.note.name
    import docx
    import openpyxl
    body = "\n".join(p.text for p in docx.Document(str(written.draft)).paragraphs)
    assert "如东县" in body and "海上风电装备" in body and "【待补充：本县主导产业】" not in body
    assert "全县" in body
    rows = list(openpyxl.load_workbook(str(written.ledger)).active.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
    tasks = [r for r in rows[header + 1:] if r[0] is not None]       # one row per commitment (issue 14)
    assert len({r[1] for r in tasks}) == 20 - dropped and tasks[0][3] == "县商务局" and tasks[0][1].startswith("二（一）")
    note = "\n".join(p.text for p in docx.Document(str(written.note)).paragraphs)
    assert "如东县" in note or "本县" in note
    # offered to open the folder (answered Yes by the fixture) — recorded, nothing opened
    assert messages[-1][0] == "question" and "打开输出文件夹" in messages[-1][2]
    assert [u.toLocalFile() for u in opened_urls] == [str(tmp_path)]
    # again: asks before overwriting; "No" writes nothing
    messages.answers.append(QMessageBox.StandardButton.No)
    before = written.draft.stat().st_mtime_ns
    assert dv.ask_export() is None and written.draft.stat().st_mtime_ns == before
    assert errors(messages) == []


def test_mapping_edits_are_validated_saved_and_used(window, qtbot, messages):
    doc, dv = draft_view(qtbot, window)
    dv.select_county("如东县")
    wait_done(qtbot, dv.preview_op)
    mm = dv.mapping_model
    row = next(i for i, r in enumerate(mm.rules) if r.kind == "unit" and r.source == "南通海关")
    # plain Chinese, with the county's own names
    shown = [mm.index(r, 0).data() for r in range(mm.rowCount())]
    assert "市X → 县X（按规则）" in shown and not any("{" in t or "^" in t for t in shown)
    # a bad regular expression is refused with a Chinese message
    re_row = next(i for i, r in enumerate(mm.rules) if r.kind.endswith("_re"))
    from dataclasses import replace
    assert not mm.set_rule(re_row, replace(mm.rules[re_row], source="市(（"))
    assert messages[-1][0] == "warning" and "正则表达式" in messages[-1][2]
    messages.clear()
    assert mm.set_rule(row, replace(mm.rules[row], target="如东海关办事处"))
    assert mm.dirty
    qtbot.waitUntil(lambda: "如东海关办事处" in dv.preview.toPlainText(), timeout=10_000)
    assert dv.save_mapping()
    saved = Path(os.environ["POLICYDESK_HOME"]) / "agency_mapping.tsv"
    assert "如东海关办事处" in saved.read_text(encoding="utf-8")
    from policydesk.draft import load_mapping
    assert any(r.target == "如东海关办事处" for r in load_mapping().rules)        # next time: the user's copy
    assert errors(messages) == []


def test_a_new_county_profile_is_saved_and_drafted(window, qtbot, messages, monkeypatch):
    from policydesk.gui import draftview

    def fill_and_accept(dlg):
        dlg.edits["name"].setText("示范县")
        dlg.edits["short_name"].setText("示范")
        dlg.edits["city"].setText("南通市")
        dlg.edits["subordinates"].setText("各镇人民政府")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(draftview.ProfileDialog, "exec", fill_and_accept)
    doc, dv = draft_view(qtbot, window)
    assert dv.edit_profile(new=True)
    saved = Path(os.environ["POLICYDESK_HOME"]) / "counties" / "示范.json"
    assert saved.is_file() and "示范县" in saved.read_text(encoding="utf-8")
    assert dv.current_profile().name == "示范县"
    wait_done(qtbot, dv.preview_op)
    assert dv.preview.toPlainText().startswith("示范县关于推进全县")
    assert errors(messages) == []


# ---------------------------------------------------------------------------------------------- 文档库
def library_view(qtbot, window):
    lv = window.show_library()
    wait_done(qtbot, lv.last_op)
    return lv


def test_library_adds_the_laws_finds_xiaofang_sets_levels_removes_and_opens(window, qtbot, messages):
    lv = library_view(qtbot, window)
    assert window.stack.currentWidget() is lv and window.act_library.isChecked()
    assert lv.model.rowCount() == 0 and "文档库是空的" in lv.count_label.text()
    wait_done(qtbot, lv.add_files([str(p) for p in LAWS]))
    qtbot.waitUntil(lambda: lv.model.rowCount() == len(LAWS), timeout=10_000)
    wait_done(qtbot, lv.last_op)
    titles = [lv.model.index(r, 3).data() for r in range(lv.model.rowCount())]
    assert any("消防法" in t for t in titles) and all(CJK.search(t) for t in titles)
    assert {lv.model.docs[r]["level"] for r in range(lv.model.rowCount())} == {"national"}
    # search: any 2+ character substring
    lv.search_edit.setText("消防")
    wait_done(qtbot, lv.refresh())
    found = [lv.model.index(r, 3).data() for r in range(lv.model.rowCount())]
    assert found and any("消防法" in t for t in found) and len(found) < len(LAWS)
    assert all("消防" in (lv.model.docs[r]["snippet"] + lv.model.index(r, 3).data()) for r in range(len(found)))
    assert not lv.table.isColumnHidden(7) and "找到" in lv.count_label.text()
    fire_id = next(d["id"] for d in lv.model.docs if "消防法" in (d.get("title") or ""))
    # set the level (the editable cell, as the combo delegate does)
    row = next(r for r, d in enumerate(lv.model.docs) if d["id"] == fire_id)
    assert lv.model.setData(lv.model.index(row, 1), "provincial")
    wait_done(qtbot, lv.last_op)
    wait_done(qtbot, lv.last_op)
    assert next(d for d in lv.model.docs if d["id"] == fire_id)["level"] == "provincial"
    # open in a document tab
    lv.select_id(fire_id)
    opened = []
    window.documentOpened.connect(opened.append)
    wait_done(qtbot, lv.open_selected())
    assert len(opened) == 1 and "消防法" in opened[0].title and window.current_document() is opened[0]
    assert not window.act_library.isChecked()
    # remove (asked first; "No" keeps it)
    window.show_library()
    wait_done(qtbot, lv.last_op)
    lv.search_edit.clear()
    wait_done(qtbot, lv.refresh())
    lv.select_id(fire_id)
    messages.answers.append(QMessageBox.StandardButton.No)
    assert lv.ask_remove() is None and fire_id in lv.model.ids()
    lv.select_id(fire_id)
    wait_done(qtbot, lv.ask_remove())
    wait_done(qtbot, lv.last_op)
    assert fire_id not in lv.model.ids() and lv.model.rowCount() == len(LAWS) - 1
    assert "删除" in messages[-1][1]
    assert errors(messages) == []


def test_a_failed_import_leaves_the_library_as_it_was(window, qtbot, messages, tmp_path):
    lv = library_view(qtbot, window)
    wait_done(qtbot, lv.add_files([str(PROVINCIAL)]))
    wait_done(qtbot, lv.last_op)
    before = lv.model.ids()
    assert len(before) == 1
    junk = tmp_path / "损坏的文件.pdf"
    junk.write_bytes(os.urandom(4096))
    noise = tmp_path / "乱码.txt"
    noise.write_bytes(bytes(range(256)) * 8)
    wait_done(qtbot, lv.add_files([str(junk), str(noise)]))
    wait_done(qtbot, lv.last_op)
    assert lv.model.ids() == before
    shown = errors(messages)
    assert len(shown) == 1 and shown[0][0] == "warning"
    assert "损坏的文件.pdf" in shown[0][2] and CJK.search(shown[0][2]) and "Traceback" not in shown[0][2]
    from policydesk.library import Library
    from policydesk.paths import library_path
    with Library(library_path()) as lib:
        assert [d.id for d in lib.list()] == before
    # the window is still usable: the good file can be added again (already there)
    wait_done(qtbot, lv.add_files([str(PROVINCIAL)]))
    wait_done(qtbot, lv.last_op)
    assert lv.model.ids() == before


# ---------------------------------------------------------------------------------------------- window
def test_new_views_are_in_the_menus_with_shortcuts(window, qtbot):
    shortcuts = {a.text(): a.shortcut().toString() for a in window.findChildren(type(window.act_open))}
    assert shortcuts["对照(&4)"] == "Ctrl+4" and shortcuts["起草(&5)"] == "Ctrl+5"
    assert shortcuts["文档库(&L)"] == "Ctrl+L"
    tools = next(a.menu() for a in window.menuBar().actions() if a.text() == "工具(&T)")
    assert window.act_library in tools.actions()
    doc = open_doc(qtbot, window, PLAN)
    window.view_actions["起草"].trigger()
    assert doc.current_view() == "起草"
    window.act_library.trigger()
    assert window.stack.currentWidget() is window.library_view and window.current_document() is None
    window.act_library.trigger()
    assert window.current_document() is doc


def test_library_page_opens_from_the_hidden_view_switch(app, qtbot, messages):
    from policydesk.gui import ops
    from policydesk.gui.mainwindow import MainWindow
    win = MainWindow(preload=False, initial_view="文档库")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.library_view is not None, timeout=5000)
    assert win.stack.currentWidget() is win.library_view
    ops.shutdown(10_000)


def test_a_document_that_is_not_a_plan_says_so_in_the_draft_preview(window, qtbot, messages, tmp_path):
    notes = tmp_path / "会议纪要.txt"
    notes.write_text("会议纪要\n今天开会讨论了经济开发区的工作，大家发言踊跃。\n会议要求各部门抓好落实。\n", encoding="utf-8")
    doc = open_doc(qtbot, window, notes)
    window.show_view("起草")
    dv = doc.draft_view
    qtbot.waitUntil(lambda: bool(dv.profiles), timeout=5000)
    dv.select_county("如东县")
    qtbot.waitUntil(lambda: dv.preview_op is not None, timeout=5000)
    op = dv.preview_op
    if op.running:
        with qtbot.waitSignal(op.finished, timeout=TIMEOUT_MS):
            pass
    assert "无法生成草稿" in dv.preview.toPlainText() and not dv.export_button.isEnabled()
    assert errors(messages) == []


def test_files_dropped_on_the_library_page_are_imported_not_opened(window, qtbot, messages):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent
    lv = library_view(qtbot, window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(LAWS[1]))])
    ev = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    window.dropEvent(ev)
    wait_done(qtbot, lv.last_op)
    qtbot.waitUntil(lambda: lv.model.rowCount() == 1, timeout=10_000)
    assert window.tabs.count() == 0 and window.stack.currentWidget() is lv
    assert errors(messages) == []


def test_cancelling_a_comparison_is_quiet_and_the_view_stays_usable(window, qtbot, messages, monkeypatch):
    import threading
    from policydesk import compare
    from policydesk.errors import Cancelled
    started = threading.Event()

    def slow_compare(plan, refs=None, *, library=None, progress=None, cancel=None, **kw):
        progress(0, 5, "分析方案条款")
        started.set()
        while not cancel():
            threading.Event().wait(0.01)
        raise Cancelled()

    monkeypatch.setattr(compare, "compare_documents", slow_compare)
    doc = open_doc(qtbot, window, PLAN)
    window.show_view("对照")
    cv = doc.compare_view
    qtbot.waitUntil(lambda: cv.candidates_op is not None, timeout=5000)     # the list a user sees before 开始对照
    wait_done(qtbot, cv.candidates_op)
    wait_done(qtbot, cv.add_reference_file(str(PROVINCIAL)))
    op = cv.run()
    assert not cv.run_button.isEnabled()
    qtbot.waitUntil(lambda: started.is_set() and window.progress_indicator.isVisible(), timeout=10_000)
    assert window.progress_indicator.current() is op
    window.progress_indicator.cancel_button.click()
    if op.running:
        with qtbot.waitSignal(op.finished, timeout=TIMEOUT_MS):
            pass
    assert isinstance(op.error, Cancelled) and cv.result is None
    assert cv.run_button.isEnabled() and errors(messages) == []
    assert "已取消" in window.statusBar().currentMessage()
