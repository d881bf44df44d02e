"""The desktop app, part 3 (issue 15): a new user's first hour, driven through the widgets (offscreen, pytest-qt).

Compare without setting up a library first (the open city plan is the reference), add a missing cited document from
对照, draft a county, undo a mapping edit, be asked before an edit is lost; a window that fits the screen; find, print
and zoom in every view; Chinese dialogs; plain notices; tabs that tell plans apart; the library asking before a second
copy of a notice; no deadlock when a comparison starts during the start-up preload."""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox  # noqa: E402

from gui_plugin import errors, open_doc, show_compare, show_draft, wait_done  # noqa: E402

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
CITY = DATA / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"          # 通政发〔2021〕23号, the city plan
CITY_DOCX = DATA / "docx" / "tongzhengfa-2021-23.docx"                   # the same notice as Word
PROVINCIAL = DATA / "corpus" / "partial" / "jiangsu-suzhengfa-2020-79.opening.txt"   # 苏政发〔2020〕79号 (cited)
LAW = sorted((DATA / "corpus" / "law_pairs").glob("law_*.txt"))[0]
SAMPLE = ROOT / "samples" / "tongzhengfa-2021-23.pdf"
CJK = re.compile(r"[\u4e00-\u9fff]")
TIMEOUT_MS = 60_000
B = QMessageBox.StandardButton


@pytest.fixture(scope="module")
def county_plan(tmp_path_factory) -> Path:
    """A county plan as a drafter would have it: 如东县's plan made from the city plan (cites 国发〔2019〕11号,
    苏政发〔2020〕79号 and 通政发〔2021〕23号), written by the draft core into a .docx."""
    from policydesk.api import analyze_path
    from policydesk.draft import DraftOptions, find_profile, make_draft, write_outputs
    out = tmp_path_factory.mktemp("county") / "如东县实施方案.docx"
    home = tmp_path_factory.mktemp("county_home")
    old = os.environ.get("POLICYDESK_HOME")
    os.environ["POLICYDESK_HOME"] = str(home)
    try:
        result = make_draft(analyze_path(str(CITY)), find_profile("如东"), DraftOptions())
        write_outputs(result, out)
    finally:
        if old is None:
            os.environ.pop("POLICYDESK_HOME", None)
        else:
            os.environ["POLICYDESK_HOME"] = old
    return out


def wait_idle(qtbot, timeout=TIMEOUT_MS):
    from policydesk.gui.ops import active_operations
    qtbot.waitUntil(lambda: not active_operations(), timeout=timeout)


def ref_items(cv):
    return [cv.ref_model.item(r) for r in range(cv.ref_model.rowCount())]


def ticked(cv):
    return [it.text() for it in ref_items(cv) if it.isCheckable() and it.checkState() == Qt.CheckState.Checked]


# ---------------------------------------------------------------------------------------------- the walkthrough
def test_first_use_walkthrough_through_the_widgets(window, qtbot, messages, monkeypatch, county_plan, tmp_path):
    """A new user: start page → open the city plan and the county plan → 对照 with the open city plan (no library
    step) → add the missing provincial document from 对照 → draft a county → undo a mapping edit → close, asked."""
    from policydesk.gui import draftview
    from policydesk.gui.compareview import NO_SIMILAR
    # the start page says what to do, in three steps
    steps = [b.findChildren(type(window.welcome_recent_label))[0].text() for b in window.welcome_steps]
    assert ["打开方案" in steps[0], "添加上级文件" in steps[1], "对照 / 起草" in steps[2]] == [True, True, True]
    # 1. 打开文件… (the dialog answers with both plans)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(CITY), str(county_plan)], "")))
    window.welcome_open_button.click()
    qtbot.waitUntil(lambda: window.tabs.count() == 2, timeout=TIMEOUT_MS)
    wait_idle(qtbot)
    assert window.current_document().path == str(county_plan)          # the last one given is the current tab
    city_tab, county_tab = window.document_for(str(CITY)), window.document_for(str(county_plan))
    assert window.tabs.tabText(city_tab) == "通政发〔2021〕23号"                                    # told apart
    assert window.tabs.tabText(county_tab).startswith("如东县·推进全县经济开发区")
    assert "如东县关于推进全县经济开发区创新提升" in window.tabs.tabToolTip(county_tab)               # full title
    # 2. the county plan's 对照: the open city plan is proposed and ticked; the provincial one can be added
    window.tabs.setCurrentIndex(county_tab)
    window.view_actions["对照"].trigger()
    county = window.current_document()
    cv = county.compare_view
    qtbot.waitUntil(lambda: cv.candidates_op is not None, timeout=5000)
    wait_done(qtbot, cv.candidates_op)
    assert any("通政发〔2021〕23号" in t and "已打开" in t for t in ticked(cv))
    missing = [it.text() for it in ref_items(cv) if "尚未添加" in it.text()]
    assert any("苏政发〔2020〕79号" in t for t in missing) and any("国发〔2019〕11号" in t for t in missing)
    assert len(cv.add_buttons) == 2 and all(b.isVisible() for b in cv.add_buttons)
    # 3. 开始对照 with no library at all
    cv.run_button.click()
    qtbot.waitUntil(lambda: cv.result is not None, timeout=TIMEOUT_MS)
    wait_idle(qtbot)
    counts = cv.pairs_model.counts()
    assert counts["承接"] >= 15, counts                      # the county plan carries the city plan over
    assert not cv.no_similar and NO_SIMILAR not in cv.summary_label.text()
    assert cv.docx_button.isEnabled() and "通政发〔2021〕23号" in cv.pane_titles[1].full_text()
    # 4. 添加… beside the missing 苏政发〔2020〕79号: choose the file → imported → the list follows, ticked
    provincial_button = next(b for b, it in zip(cv.add_buttons, [it for it in ref_items(cv) if "尚未添加" in it.text()])
                             if "苏政发" in it.text())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(PROVINCIAL), "")))
    provincial_button.click()
    qtbot.waitUntil(lambda: any("苏政发〔2020〕79号" in t and "文档库 #" in t for t in ticked(cv)), timeout=TIMEOUT_MS)
    wait_idle(qtbot)
    assert not any("苏政发〔2020〕79号" in it.text() and "尚未添加" in it.text() for it in ref_items(cv))
    assert any("通政发〔2021〕23号" in t for t in ticked(cv))          # the earlier tick stays
    cv.run_button.click()
    qtbot.waitUntil(lambda: cv.result is not None and len(cv.result["references"]) == 2, timeout=TIMEOUT_MS)
    wait_idle(qtbot)
    # 5. 起草 on the city plan: no county until the user picks one; pick 如东县 in the combo
    window.tabs.setCurrentIndex(city_tab)
    window.view_actions["起草"].trigger()
    city = window.current_document()
    dv = city.draft_view
    qtbot.waitUntil(lambda: dv.county_combo.count() > 0, timeout=5000)
    assert dv.county_combo.currentIndex() == -1 and dv.current_profile() is None
    dv.county_combo.setCurrentIndex(dv.county_combo.findText("如东县"))
    qtbot.waitUntil(lambda: dv.result is not None and dv.result.profile.name == "如东县", timeout=TIMEOUT_MS)
    wait_idle(qtbot)
    assert not dv.warning_label.isVisibleTo(dv)                     # the city plan: no warning
    assert window.settings.value("draft/county") == "rudong"        # remembered
    # 6. a mapping edit through the form, then 编辑 → 撤销 / 重做
    mm = dv.mapping_model
    row = next(i for i, r in enumerate(mm.rules) if r.source == "市公安局")
    assert mm.index(row, 0).data() == "市公安局 → 南通市公安局如东分局"
    before = mm.rules[row]

    def fill_form(dlg):
        assert dlg.target.text() == "〔上级市〕公安局〔本级简称〕分局"     # words, not {city}/{short}
        dlg.target.setText("〔本级〕公安局")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(draftview.RuleDialog, "exec", fill_form)
    idx = mm.index(row, 0)
    dv.mapping_table.doubleClicked.emit(idx)
    assert mm.index(row, 0).data() == "市公安局 → 县公安局" and mm.dirty
    assert dv.save_mapping_button.text().endswith("*") and window.tabs.tabText(city_tab).endswith(" *")
    assert window.act_undo.isEnabled() and "市公安局" in window.act_undo.text()
    window.act_undo.trigger()
    assert mm.rules[row] == before and not mm.dirty and not window.tabs.tabText(city_tab).endswith("*")
    window.act_redo.trigger()
    assert mm.index(row, 0).data() == "市公安局 → 县公安局" and mm.dirty
    # 7. closing the window with the unsaved edit asks; 取消 keeps everything open
    messages.answers.append(B.Cancel)
    assert not window.close()
    assert window.isVisible() and window.tabs.count() == 2
    assert messages[-1][0] == "question" and "未保存" in messages[-1][2] and "保存" in messages[-1][2]
    # closing the tab asks too; 不保存 closes it and loses the edit
    messages.answers.append(B.Discard)
    window.close_tab(city_tab)
    assert window.tabs.count() == 1 and messages[-1][0] == "question"
    assert not (Path(os.environ["POLICYDESK_HOME"]) / "agency_mapping.tsv").exists()
    assert errors(messages) == []


# ---------------------------------------------------------------------------------------------- 对照
def test_nothing_similar_is_said_plainly_and_nothing_is_exported(window, qtbot, messages):
    from policydesk.gui.compareview import NO_SIMILAR
    doc = open_doc(qtbot, window, CITY)
    cv = show_compare(qtbot, window, doc)
    # no reference at all (no other tab, no library): the view says so instead of comparing
    assert not cv.chosen_references()
    assert cv.run() is None
    assert cv.no_similar and NO_SIMILAR in cv.panes[0].toPlainText()
    assert not cv.docx_button.isEnabled() and not cv.html_button.isEnabled()
    # an unrelated law: every clause 新增 → the same plain sentence, no exports
    wait_done(qtbot, cv.add_reference_file(str(LAW)))
    wait_done(qtbot, cv.run())
    assert cv.pairs_model.counts()["承接"] + cv.pairs_model.counts()["细化"] == 0
    assert cv.no_similar and NO_SIMILAR in cv.summary_label.text() and NO_SIMILAR in cv.panes[0].toPlainText()
    assert not cv.docx_button.isEnabled() and cv.ask_export("docx") is None
    assert errors(messages) == []


def test_the_reference_list_follows_the_library_by_itself(window, qtbot, messages):
    doc = open_doc(qtbot, window, CITY)
    cv = show_compare(qtbot, window, doc)
    assert any("苏政发〔2020〕79号" in it.text() and "尚未添加" in it.text() for it in ref_items(cv))
    lv = window.show_library()
    wait_done(qtbot, lv.last_op)
    wait_done(qtbot, lv.add_files([str(PROVINCIAL), str(LAW)]))
    window.toggle_library(False)
    # no 刷新 button to press: the cited document is now in the library and ticked, the law listed
    qtbot.waitUntil(lambda: any("苏政发〔2020〕79号" in t and "文档库 #" in t for t in ticked(cv)), timeout=TIMEOUT_MS)
    wait_idle(qtbot)
    assert any("消防" in it.text() or "法" in it.text() for it in ref_items(cv) if it.isCheckable())
    assert not hasattr(cv, "reload_button")
    # removing it: the list follows again
    lv = window.show_library()
    wait_done(qtbot, lv.last_op)
    wait_done(qtbot, lv.remove(lv.model.ids()))
    window.toggle_library(False)
    qtbot.waitUntil(lambda: any("苏政发〔2020〕79号" in it.text() and "尚未添加" in it.text()
                                for it in ref_items(cv)), timeout=TIMEOUT_MS)
    wait_idle(qtbot)
    assert errors(messages) == []


def test_a_comparison_started_during_a_slow_preload_succeeds(window, qtbot, messages, monkeypatch):
    """The preload and every worker import jieba/scikit-learn through one path: the comparison waits for the
    preload (forced slow here) instead of importing alongside it (which failed with _DeadlockError)."""
    from policydesk.textproc import lazy
    imports: list[tuple[str, str]] = []
    in_preload = threading.Event()
    real_import = lazy._import

    def slow_import(name):
        imports.append((threading.current_thread().name, name))
        if name == "sklearn":
            in_preload.set()
            time.sleep(2.0)            # the preload is still importing scikit-learn…
        real_import(name)

    monkeypatch.setattr(lazy, "_import", slow_import)
    monkeypatch.setattr(lazy, "_loaded", False)
    doc = open_doc(qtbot, window, CITY)
    cv = show_compare(qtbot, window, doc)
    wait_done(qtbot, cv.add_reference_file(str(PROVINCIAL)))
    preload = window.preload_libraries()
    assert in_preload.wait(10)
    op = cv.run()                   # …when the user starts the comparison
    result = wait_done(qtbot, op)
    wait_done(qtbot, preload)
    assert result["references"] and cv.pairs_model.counts()["承接"] >= 1
    assert [n for _t, n in imports] == list(lazy.MODULES)      # each imported once, by one thread
    assert len({t for t, _n in imports}) == 1 and lazy.is_loaded()
    assert errors(messages) == []


# ---------------------------------------------------------------------------------------------- 起草
def test_drafting_from_a_county_plan_warns_before_anything_is_written(window, qtbot, messages, county_plan,
                                                                       tmp_path):
    doc = open_doc(qtbot, window, county_plan)
    window.show_view("起草")
    dv = doc.draft_view
    qtbot.waitUntil(lambda: bool(dv.profiles), timeout=5000)
    assert dv.current_profile() is None and "请先" in dv.preview.toPlainText()
    dv.select_county("海安市")
    qtbot.waitUntil(lambda: dv.preview_op is not None, timeout=5000)
    wait_done(qtbot, dv.preview_op)
    assert dv.warning_label.isVisibleTo(dv) and "县级方案" in dv.warning_label.text() and "不是市方案" in dv.warning_label.text()
    dv.select_county("如东县")
    wait_done(qtbot, dv.preview_op)
    assert "如东县自己的方案" in dv.warning_label.text()
    dv.folder_edit.setText(str(tmp_path))
    messages.answers.append(B.No)              # “仍要生成草稿吗？” → 否: nothing written
    assert dv.ask_export() is None
    assert messages[-1][0] == "question" and "自己的方案" in messages[-1][2] and list(tmp_path.iterdir()) == []
    assert errors(messages) == []


def test_every_editable_table_undoes_and_redoes(window, qtbot, messages, monkeypatch):
    from policydesk.gui import draftview
    doc = open_doc(qtbot, window, CITY)
    dv = show_draft(qtbot, window, doc, "如东县")
    mm, pm = dv.mapping_model, dv.placeholder_model
    n = mm.rowCount()
    # add a rule through the form; remove it; reset: each undone by 撤销
    monkeypatch.setattr(draftview.RuleDialog, "exec", lambda dlg: (dlg.source.setText("市大数据局"),
                                                                  dlg.target.setText("〔本级〕数据局"),
                                                                  QDialog.DialogCode.Accepted)[-1])
    dv.add_rule_button.click()
    assert mm.rowCount() == n + 1 and mm.index(n, 0).data() == "市大数据局 → 县数据局"
    dv.mapping_table.selectRow(n)
    dv.remove_rule_button.click()
    assert mm.rowCount() == n
    window.act_undo.trigger()
    assert mm.rowCount() == n + 1
    window.act_undo.trigger()
    assert mm.rowCount() == n and not mm.dirty
    window.act_redo.trigger()
    assert mm.rowCount() == n + 1
    window.act_undo.trigger()
    # a bad 〔word〕 in the form is refused in Chinese, the table unchanged
    monkeypatch.setattr(draftview.RuleDialog, "exec", lambda dlg: (dlg.target.setText("〔某某〕局"),
                                                                  QDialog.DialogCode.Accepted)[-1] if not messages
                        else QDialog.DialogCode.Rejected)
    assert not dv.edit_rule(0)
    assert messages[-1][0] == "warning" and "不认识的〔某某〕" in messages[-1][2]
    messages.clear()
    # placeholders
    row = [t for t, _ in pm.items].index("【待补充：本县主导产业】")
    assert pm.setData(pm.index(row, 2), "海上风电装备")
    assert pm.values["【待补充：本县主导产业】"] == "海上风电装备"
    window.act_undo.trigger()
    assert "【待补充：本县主导产业】" not in pm.values
    # the library's level column
    lv = window.show_library()
    wait_done(qtbot, lv.last_op)
    wait_done(qtbot, lv.add_files([str(LAW)]))
    wait_idle(qtbot)
    doc_id = lv.model.ids()[0]
    assert lv.model.docs[0]["level"] == "national"
    lv.model.setData(lv.model.index(0, 1), "city")
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: lv.model.docs and lv.model.docs[0]["level"] == "city", timeout=TIMEOUT_MS)
    assert window.undo_group.activeStack() is lv.undo_stack
    window.act_undo.trigger()
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: lv.model.docs and lv.model.docs[0]["level"] == "national", timeout=TIMEOUT_MS)
    assert lv.model.ids() == [doc_id]
    assert errors(messages) == []


# ---------------------------------------------------------------------------------------------- window
def test_the_window_fits_the_screen_and_is_restored_per_screen(app, qtbot, messages, tmp_path):
    from policydesk.gui.mainwindow import MainWindow
    settings = QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)
    win = MainWindow(preload=False, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    avail = win.screen().availableGeometry()
    assert win.width() <= 0.9 * avail.width() + 1 and win.height() <= 0.9 * avail.height() + 1
    assert avail.contains(win.geometry())
    sb = win.statusBar()
    assert sb.isVisible() and sb.geometry().bottom() <= win.height()
    assert not any(a.text().startswith("状态栏") for a in win.view_menu.actions())    # cannot be switched off
    win.resize(win.width() - 50, win.height() - 40)
    size = win.size()
    win.save_settings()
    keys = [k for k in settings.allKeys() if k.startswith("window/geometry/")]
    assert len(keys) == 1 and f"{avail.width()}x{avail.height()}" in keys[0]         # per screen
    win.close()
    again = MainWindow(preload=False, settings=settings)
    qtbot.addWidget(again)
    assert again.size() == size
    # a geometry saved bigger than this screen is not restored: the default (≤ 90 %) instead
    again.resize(avail.width() * 2, avail.height() * 2)
    again.save_settings()
    third = MainWindow(preload=False, settings=settings)
    qtbot.addWidget(third)
    assert third.width() <= 0.9 * avail.width() + 1 and third.height() <= 0.9 * avail.height() + 1


def test_find_works_in_the_current_view(window, qtbot, messages):
    doc = open_doc(qtbot, window, CITY)
    # 正文
    doc.show_view("正文")
    window.act_find.trigger()
    assert doc.find_bar.isVisible()
    doc.find_bar.edit.setText("外资")
    assert "共" in doc.find_bar.count_label.text() and doc.text.textCursor().selectedText() == "外资"
    # 对照: both panes
    cv = show_compare(qtbot, window, doc)
    wait_done(qtbot, cv.add_reference_file(str(PROVINCIAL)))
    wait_done(qtbot, cv.run())
    window.act_find.trigger()
    assert cv.find_bar.isVisible() and doc.current_view() == "对照"
    cv.find_bar.edit.setText("省政府")                 # only the provincial document says 省政府
    assert cv.find_bar.current_view() is cv.panes[1]
    assert cv.panes[1].textCursor().selectedText() == "省政府"
    # 起草 preview
    dv = show_draft(qtbot, window, doc, "如东县")
    window.act_find.trigger()
    assert dv.find_bar.isVisible() and doc.current_view() == "起草"
    dv.find_bar.edit.setText("全县")
    assert dv.preview.textCursor().selectedText() == "全县"
    window.act_find_next.trigger()
    assert dv.preview.textCursor().selectedText() == "全县"
    # 责任分工: its search box
    window.show_view("责任分工")
    window.act_find.trigger()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is doc.search_edit, timeout=2000)
    assert doc.current_view() == "责任分工"
    # 文档库: its search box
    lv = window.show_library()
    wait_done(qtbot, lv.last_op)
    window.act_find.trigger()
    assert window.stack.currentWidget() is lv
    qtbot.waitUntil(lambda: QApplication.focusWidget() is lv.search_edit, timeout=2000)
    assert errors(messages) == []


def test_zoom_scales_text_headings_and_the_page_image(window, qtbot, messages):
    doc = open_doc(qtbot, window, SAMPLE)
    doc.show_view("正文")
    qtbot.waitUntil(lambda: doc.page_view.displayed_width() > 0, timeout=TIMEOUT_MS)

    def sizes():
        from PySide6.QtGui import QTextCursor
        text = doc.text
        body = text.document().defaultFont().pointSizeF()
        block = text.block_of_paragraph(next(h.paragraph for h in doc.analysis.headings if h.level == 1))
        c = QTextCursor(block)
        c.movePosition(QTextCursor.MoveOperation.NextCharacter)
        heading = c.charFormat().fontPointSize() or body
        return body, heading, doc.page_view.displayed_width()

    body0, head0, page0 = sizes()
    assert head0 > body0
    window.act_zoom_in.trigger()
    window.act_zoom_in.trigger()
    qtbot.waitUntil(lambda: doc.page_view.displayed_width() > page0, timeout=TIMEOUT_MS)
    body1, head1, page1 = sizes()
    assert body1 == body0 + 2 and head1 == head0 + 2 and page1 > page0 * 1.1
    assert any(s.toString() == "Ctrl+=" for s in window.act_zoom_in.shortcuts())
    window.act_zoom_reset.trigger()
    qtbot.waitUntil(lambda: abs(doc.page_view.displayed_width() - page0) <= 2, timeout=TIMEOUT_MS)
    assert sizes()[:2] == (body0, head0)
    assert errors(messages) == []


def test_qt_dialogs_are_chinese_and_the_open_dialog_lists_every_kind(window):
    from policydesk.gui.mainwindow import file_dialog_options, open_filter
    from policydesk.readers import ACCEPTED_KINDS
    for context, text in (("QFileDialog", "Look in:"), ("QFileDialog", "Files of type:"),
                          ("QPlatformTheme", "Cancel"), ("QPlatformTheme", "Save")):
        assert CJK.search(QCoreApplication.translate(context, text)), (context, text)
    flt = open_filter()
    first = flt.split(";;")[0]
    for suffix in (".pdf", ".docx", ".txt", ".png", ".jpg", ".tif", ".ofd", ".doc", ".wps"):
        assert f"*{suffix}" in first.split("(")[1].split()
    assert all(name in flt for name, _ in ACCEPTED_KINDS) and flt.endswith("所有文件 (*)")
    if os.name != "nt":
        assert file_dialog_options() & QFileDialog.Option.DontUseNativeDialog       # Qt's own, translated


def test_one_ocr_banner_and_reader_noise_only_in_the_log(window, qtbot, caplog):
    from policydesk.api import analyze_path
    analysis = analyze_path(str(CITY))
    analysis.source.ocr_pages = [2, 3]
    analysis.source.warnings = ["第2、3页没有可用的文字层，已用文字识别（OCR）读取，请核对识别结果。",   # the readers' words
                                      "第4页：检测到伪粗体重复字符，已去重。",
                                      "第5页的文字是旋转或竖排的（如横向表格），未能读取，请对照原件核对。"]
    import logging
    with caplog.at_level(logging.INFO, logger="policydesk"):
        doc = window.add_document(analysis, str(CITY))
    notice = doc._notice_text()
    assert notice.count("文字识别") == 1 and "伪粗体" not in notice and "旋转或竖排" in notice
    assert "伪粗体" in caplog.text


def test_the_library_asks_before_a_second_copy_of_the_same_notice(window, qtbot, messages):
    lv = window.show_library()
    wait_done(qtbot, lv.last_op)
    wait_done(qtbot, lv.add_files([str(CITY)]))
    wait_idle(qtbot)
    assert lv.model.rowCount() == 1
    # the same 通政发〔2021〕23号 as Word (other bytes): asked; 否 → not stored
    messages.answers.append(B.No)
    wait_done(qtbot, lv.add_files([str(CITY_DOCX)]))
    wait_idle(qtbot)
    assert messages[-1][0] == "question" and "文号和标题都相同" in messages[-1][2] and "tongzhengfa-2021-23.docx" in messages[-1][2]
    assert lv.model.rowCount() == 1
    # 是 → stored
    messages.answers.append(B.Yes)
    wait_done(qtbot, lv.add_files([str(CITY_DOCX)]))
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: lv.model.rowCount() == 2, timeout=TIMEOUT_MS)
    assert errors(messages) == []


def test_district_and_county_level_city_documents_are_county_level(window, qtbot, messages, tmp_path):
    from policydesk.gui.libraryview import LEVEL_NAMES
    from policydesk.levels import guess_level, parse_level
    assert LEVEL_NAMES["county"] == "县级"
    assert parse_level("区") == parse_level("县级市") == "county"
    assert guess_level(issuer="崇川区人民政府") == "county"
    district = tmp_path / "district.txt"
    district.write_text(CITY.read_text(encoding="utf-8").replace("南通市人民政府", "南通市崇川区人民政府")
                        .replace("市政府印发关于", "崇川区人民政府关于印发").replace("通政发", "崇政发"), encoding="utf-8")
    lv = window.show_library()
    wait_done(qtbot, lv.last_op)
    wait_done(qtbot, lv.add_files([str(district)]))
    wait_idle(qtbot)
    assert lv.model.docs[0]["level"] == "county" and lv.model.index(0, 1).data().startswith("县级")
    assert errors(messages) == []


def test_all_20_tasks_fit_the_responsibility_table_at_1366x768(window, qtbot, messages):
    """The window at 1366×768 is 1229×691 (90 %): every task row of the sample is visible, no scrolling."""
    doc = open_doc(qtbot, window, SAMPLE)
    window.resize(1229, 691)
    doc.show_view("责任分工")
    qtbot.waitUntil(lambda: window.width() == 1229 and doc.table.isVisible(), timeout=5000)
    QApplication.processEvents()
    table = doc.table
    assert table.model().rowCount() == 20
    last = table.visualRect(table.model().index(19, 0))
    assert last.isValid() and last.bottom() <= table.viewport().height(), (last, table.viewport().height())
    heads = [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(3, table.model().columnCount())]
    assert all(len(line) <= 2 for h in heads for line in h.split("\n")) and "发改\n委" in heads
    tip = table.model().headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(doc.resp_model.unit_at(4))              # the full name
    assert window.statusBar().isVisible()


def test_print_preview_shows_what_each_view_shows(window, qtbot, messages, print_previews):
    import PySide6.QtPrintSupport as qps
    shown = print_previews
    doc = open_doc(qtbot, window, CITY)
    doc.show_view("结构")
    window.act_print.trigger()
    assert "结构" in shown[-1].windowTitle() and "二、扩大对外开放" in shown[-1].printed_document.toPlainText()
    cv = show_compare(qtbot, window, doc)
    wait_done(qtbot, cv.add_reference_file(str(PROVINCIAL)))
    wait_done(qtbot, cv.run())
    window.act_print.trigger()
    text = shown[-1].printed_document.toPlainText()
    assert "对照" in shown[-1].windowTitle() and "推动全市经济开发区更高质量发展" in text and "推动全省经济开发区高质量发展" in text
    show_draft(qtbot, window, doc, "如东县")
    window.act_print.trigger()
    assert shown[-1].printed_document.toPlainText().startswith("如东县关于推进全县经济开发区")
    lv = window.show_library()
    wait_done(qtbot, lv.last_op)
    assert window.act_print.isEnabled()
    window.act_print.trigger()
    assert "文档库" in shown[-1].windowTitle()
    for dlg in shown:
        preview = dlg.findChild(qps.QPrintPreviewWidget)
        preview.updatePreview()
        assert preview.pageCount() >= 1
    assert errors(messages) == []
