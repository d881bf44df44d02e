"""The desktop window, driven through pytest-qt (offscreen): open the sample through the real pipeline and check
what a reviewer sees — the outline, the 责任分工 table, the export, errors as Chinese dialogs, a window that never freezes."""

from __future__ import annotations

import json
import gc
import os
import re
import threading
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QMimeData, QPointF, Qt, QThread, QTimer, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "tongzhengfa-2021-23.pdf"
DATA = ROOT / "tests" / "data"
TRUTH = json.loads((DATA / "truth" / "tongzhengfa-2021-23.json").read_text(encoding="utf-8"))
CJK = re.compile(r"[\u4e00-\u9fff]")
IMPORT_TIMEOUT_MS = 20_000


@pytest.fixture
def window(app, qtbot, messages):
    from policydesk.gui import ops
    from policydesk.gui.mainwindow import MainWindow
    win = MainWindow(preload=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    ops.shutdown(10_000)
    QApplication.processEvents()


def wait_done(qtbot, op):
    if op.running:
        with qtbot.waitSignal(op.finished, timeout=IMPORT_TIMEOUT_MS):
            pass


def open_doc(qtbot, win, path):
    opened = []
    win.documentOpened.connect(opened.append)
    op = win.open_file(str(path))
    assert op is not None
    wait_done(qtbot, op)
    assert op.error is None, op.error
    assert len(opened) == 1, "the import finished but no document was shown"
    return opened[0]


# ---------------------------------------------------------------------------------------------- the sample
def test_sample_outline_and_responsibility_table_match_the_truth(window, qtbot, messages):
    doc = open_doc(qtbot, window, SAMPLE)
    assert messages == []
    assert doc.heading_counts() == {1: TRUTH["counts"]["level1"], 2: TRUTH["counts"]["level2"]}
    top = [doc.heading_model.index(r, 0).data() for r in range(doc.heading_model.rowCount())]
    assert top == [h["text"] for h in TRUTH["headings"] if h["level"] == 1]

    model = doc.resp_model
    assert model.rowCount() == len(TRUTH["tasks"]) == 20
    for row, want in enumerate(TRUTH["tasks"]):
        assert model.index(row, 1).data() == want["heading_title"]
        marked = {model.unit_at(c) for c in range(len(model.FIXED), model.columnCount())
                  if model.index(row, c).data() in ("●", "○")}
        assert marked == set(want["units_normalized"]), want["heading"]
        assert sum(model.index(row, c).data() == "●" for c in range(model.columnCount())) >= 1
    counts = {u.name: len(u.tasks) for u in model.units}
    assert counts == TRUTH["unit_task_counts_normalized"]
    assert "14 页" in window.summary_label.text() and "任务 20" in window.summary_label.text()
    assert doc.title == TRUTH["plan_title"]
    assert window.windowTitle().startswith(TRUTH["plan_title"])


def test_selecting_a_heading_scrolls_the_text_and_turns_the_page(window, qtbot):
    doc = open_doc(qtbot, window, SAMPLE)
    doc.show_view("正文")
    qtbot.waitUntil(lambda: not doc.page_view.current_image_size().isEmpty(), timeout=30_000)
    assert doc.page_view.page == 1
    heading = doc.analysis.heading("六（三）")
    assert doc.select_heading("六（三）")
    assert doc.text.current_paragraph() == heading.paragraph
    assert doc.text.textCursor().block().text().startswith("（三）提升本质安全水平")
    assert doc.text.verticalScrollBar().value() > 0
    assert doc.text.first_visible_paragraph() == heading.paragraph
    assert doc.page_view.page == heading.page > 1
    qtbot.waitUntil(lambda: doc.page_view.image_label.pixmap() is not None
                    and not doc.page_view.image_label.pixmap().isNull(), timeout=30_000)
    # the outline beside the text is the same model, and follows
    assert doc.outline.currentIndex().data() == "（三）提升本质安全水平"
    # scrolling back to the top turns the page image back to page 1
    doc.text.verticalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: doc.page_view.page == 1, timeout=5_000)


def test_clicking_a_heading_in_the_structure_view_then_opening_the_text_lands_on_it(window, qtbot):
    doc = open_doc(qtbot, window, SAMPLE)
    doc.show_view("结构")
    idx = doc._heading_index["五（二）"]
    rect = doc.tree.visualRect(idx)
    qtbot.mouseClick(doc.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "集聚高水平人才" in doc.section.toPlainText()
    doc.tree.activated.emit(idx)                      # double-click / Enter: go to the text
    assert doc.current_view() == "正文"
    heading = doc.analysis.heading("五（二）")
    qtbot.waitUntil(lambda: doc.text.first_visible_paragraph() == heading.paragraph, timeout=5_000)


def test_text_highlights_annotations_and_find_bar_counts_matches(window, qtbot):
    doc = open_doc(qtbot, window, SAMPLE)
    task = doc.analysis.tasks[0]
    block = doc.text.block_of_paragraph(task.paragraph)
    start = block.text().index(task.annotation)
    from PySide6.QtGui import QTextCursor
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + start + 2)     # charFormat() is the format of the char before
    fmt = cursor.charFormat()
    assert fmt is not None and fmt.background().color().name() == "#dcebfa"
    window.find_in_text()
    assert doc.current_view() == "正文" and doc.find_bar.isVisible()
    doc.find_bar.edit.setText("市商务局")   # (QTest cannot type CJK)
    n = doc.text.toPlainText().count("市商务局")
    assert n >= 15 and doc.find_bar.count_label.text() == f"共 {n} 处"
    assert doc.text.textCursor().selectedText() == "市商务局"


def test_filter_by_unit_and_the_units_task_list(window, qtbot):
    doc = open_doc(qtbot, window, SAMPLE)
    doc.show_view("责任分工")
    i = doc.unit_combo.findData("市发改委")
    doc.unit_combo.setCurrentIndex(i)
    assert doc.resp_proxy.rowCount() == TRUTH["unit_task_counts_normalized"]["市发改委"] == 11
    assert doc.unit_tasks_model.rowCount() == 11
    assert "市发改委" in doc.unit_label.text() and "共 11 项" in doc.unit_label.text()
    assert doc.summary_label.text().startswith("显示 11 / 20")
    doc.search_edit.setText("数字经济")
    assert doc.resp_proxy.rowCount() == 1
    assert doc.resp_proxy.index(0, 1).data() == "发展数字经济"
    doc.unit_combo.setCurrentIndex(0)
    doc.search_edit.clear()
    assert doc.resp_proxy.rowCount() == 20


def test_export_writes_an_xlsx_and_refuses_to_overwrite(window, qtbot, tmp_path, messages):
    from openpyxl import load_workbook
    doc = open_doc(qtbot, window, SAMPLE)
    out = tmp_path / "责任分工.xlsx"
    wait_done(qtbot, doc.export_xlsx(str(out)))
    assert messages == []
    wb = load_workbook(out)
    assert wb.sheetnames == ["责任分工", "任务清单", "单位任务"]
    ws = wb["责任分工"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["编号", "任务", "牵头单位"] and set(header[3:]) == set(TRUTH["unit_task_counts_normalized"])
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2, max_row=21)]
    assert [r[1] for r in rows] == [t["heading_title"] for t in TRUTH["tasks"]]
    first = dict(zip(header, rows[0]))
    assert first["编号"] == "二（一）" and first["市商务局"] == "●" and first["各县（市、区）人民政府"] == "○"
    assert first["市发改委"] in (None, "")
    assert wb["任务清单"].max_row == 21
    # a second export to the same name without the dialog's consent: a Chinese error, file untouched
    before = out.read_bytes()
    wait_done(qtbot, doc.export_xlsx(str(out)))
    assert len(messages) == 1 and messages[0][0] == "warning"
    assert "已存在" in messages[0][2] and str(out) in messages[0][2]
    assert out.read_bytes() == before


def test_export_dialog_adds_the_suffix_and_asks_before_overwriting(window, qtbot, tmp_path, messages, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    doc = open_doc(qtbot, window, SAMPLE)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "分工"), "")))
    answers, asked = [], []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda parent, title, text, *a, **k: asked.append(text) or answers.pop(0)))
    out = tmp_path / "分工.xlsx"
    wait_done(qtbot, doc.ask_export())
    assert out.is_file() and asked == []                    # new file: written, nothing asked
    before = out.stat().st_mtime_ns
    answers.append(QMessageBox.StandardButton.No)
    assert doc.ask_export() is None and out.stat().st_mtime_ns == before
    assert len(asked) == 1 and str(out) in asked[0] and "已经存在" in asked[0]
    answers.append(QMessageBox.StandardButton.Yes)
    wait_done(qtbot, doc.ask_export())
    assert out.stat().st_mtime_ns != before and messages == []


def test_export_text_as_pdf(window, qtbot, tmp_path):
    open_doc(qtbot, window, SAMPLE)
    out = tmp_path / "正文.pdf"
    wait_done(qtbot, window.export_pdf_to(str(out)))
    assert out.read_bytes()[:5] == b"%PDF-"
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(out))
    try:
        assert len(pdf) >= 5
        import unicodedata
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        assert "优化提升利用外资质态" in unicodedata.normalize("NFKC", text).replace("\r\n", "")
    finally:
        pdf.close()


def test_print_shows_a_preview_of_the_current_view(window, qtbot, tmp_path, print_previews):
    """Ctrl+P opens QPrintPreviewDialog over what the current view shows (here 正文, then 责任分工)."""
    import PySide6.QtPrintSupport as qps
    execs = print_previews
    doc = open_doc(qtbot, window, SAMPLE)
    doc.show_view("正文")
    window.act_print.trigger()
    assert len(execs) == 1
    dlg = execs[0]
    assert isinstance(dlg, qps.QPrintPreviewDialog) and "打印预览" in dlg.windowTitle() and "正文" in dlg.windowTitle()
    preview = dlg.findChild(qps.QPrintPreviewWidget)
    preview.updatePreview()
    assert preview.pageCount() >= 3                       # the whole text, paginated
    assert "推进全市经济开发区" in dlg.printed_document.toPlainText()
    out = tmp_path / "printed.pdf"
    printer = qps.QPrinter(qps.QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(qps.QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    dlg.printed_document.print_(printer)
    assert out.read_bytes()[:5] == b"%PDF-"
    doc.show_view("责任分工")
    window.print_current()
    assert "责任分工" in execs[1].windowTitle()
    assert "市发改委" in execs[1].printed_document.toPlainText() and "●" in execs[1].printed_document.toPlainText()


# ---------------------------------------------------------------------------------------------- errors
def test_bad_file_shows_a_chinese_error_and_the_window_stays_usable(window, qtbot, tmp_path, messages):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + os.urandom(4096))
    wait_done(qtbot, window.open_file(str(bad)))
    assert len(messages) == 1
    kind, title, text = messages[0]
    assert kind == "warning" and title == "无法打开文件"
    assert "bad.pdf" in text and "损坏" in text and CJK.search(text) and "Traceback" not in text
    assert window.tabs.count() == 0 and window.progress_indicator.isHidden()
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(os.urandom(4096))
    wait_done(qtbot, window.open_file(str(junk)))
    assert len(messages) == 2 and "junk.pdf" in messages[1][2]
    doc = open_doc(qtbot, window, SAMPLE)
    assert window.tabs.count() == 1 and doc.resp_model.rowCount() == 20
    assert len(messages) == 2


def test_unexpected_error_is_logged_and_shown_without_traceback(window, qtbot, monkeypatch, messages):
    import policydesk.api

    def broken(path, opts=None):
        raise RuntimeError("boom in the core")

    import logging

    class Keep(logging.Handler):
        records: list[str] = []

        def emit(self, record):
            self.records.append(self.format(record))

    handler = Keep()
    logging.getLogger("policydesk").addHandler(handler)
    monkeypatch.setattr(policydesk.api, "analyze_path", broken)
    try:
        wait_done(qtbot, window.open_file(str(SAMPLE)))
    finally:
        logging.getLogger("policydesk").removeHandler(handler)
    assert len(messages) == 1 and messages[0][0] == "critical"
    assert "内部错误" in messages[0][2] and "boom" not in messages[0][2]
    assert any("RuntimeError: boom in the core" in r and "Traceback" in r for r in Keep.records)


def test_password_is_asked_for_and_the_import_retried(window, qtbot, monkeypatch, messages):
    import policydesk.api
    from policydesk.errors import PasswordRequiredError
    from PySide6.QtWidgets import QInputDialog
    real = policydesk.api.analyze_path
    seen_passwords = []

    def locked(path, opts=None):
        seen_passwords.append(opts.password)
        if opts.password != "123456":
            raise PasswordRequiredError(f"PDF 文件已加密：{path}。请输入正确的密码。", path=str(path))
        return real(path, opts)

    answers = iter([("wrong", True), ("123456", True)])
    monkeypatch.setattr(policydesk.api, "analyze_path", locked)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: next(answers)))
    with qtbot.waitSignal(window.documentOpened, timeout=IMPORT_TIMEOUT_MS):
        window.open_file(str(SAMPLE))
    assert seen_passwords == [None, "wrong", "123456"]
    assert messages == [] and window.tabs.count() == 1


def test_cancel_stops_the_import_without_an_error_dialog(window, qtbot, monkeypatch, messages):
    import policydesk.api
    started = threading.Event()

    def slow(path, opts=None):
        for i in range(10_000):
            started.set()
            opts.report(i, 10_000, f"第 {i} 页")
            threading.Event().wait(0.01)
        return {}

    monkeypatch.setattr(policydesk.api, "analyze_path", slow)
    op = window.open_file(str(SAMPLE))
    qtbot.waitUntil(lambda: started.is_set() and window.progress_indicator.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: window.progress_indicator.bar.maximum() == 10_000, timeout=10_000)
    qtbot.mouseClick(window.progress_indicator.cancel_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, op)
    from policydesk.errors import Cancelled
    assert isinstance(op.error, Cancelled)
    assert messages == [] and "已取消" in window.statusBar().currentMessage()
    assert window.progress_indicator.isHidden() and window.tabs.count() == 0


def test_closing_a_tab_while_its_page_image_renders_is_quiet(window, qtbot, messages):
    from policydesk.gui import ops
    doc = open_doc(qtbot, window, SAMPLE)
    doc.show_view("正文")
    for page in range(2, 8):
        doc.page_view.show_page(page)              # queue renders
    window.close_tab(window.tabs.indexOf(doc))
    qtbot.waitUntil(lambda: not ops.active_operations(), timeout=30_000)
    QApplication.processEvents()
    assert messages == [] and window.tabs.count() == 0


def test_an_exception_escaping_a_slot_becomes_a_chinese_dialog(app, monkeypatch, messages):
    import sys
    from policydesk.gui.app import install_excepthook
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook()
    try:
        raise ValueError("internal detail")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert len(messages) == 1 and messages[0][0] == "critical"
    assert "内部错误" in messages[0][2] and "internal detail" not in messages[0][2]


# ---------------------------------------------------------------------------------------------- threads
def test_import_runs_off_the_gui_thread_while_the_gui_keeps_ticking(window, qtbot, monkeypatch, tmp_path):
    """A large document is imported on a worker; meanwhile a QTimer on the GUI thread keeps firing."""
    import policydesk.api
    real = policydesk.api.analyze_path
    body = (DATA / "corpus" / "nantong" / "tongzhengfa-2021-23.txt").read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("\n".join([body] * 30), encoding="utf-8")       # ~30 plans in one file
    gui_thread = threading.get_ident()
    ticks: list[int] = []
    record: dict[str, object] = {}
    ticked_during_import = threading.Event()

    def on_tick():
        ticks.append(threading.get_ident())
        if record.get("importing") and len(ticks) >= record["ticks_at_start"] + 3:
            ticked_during_import.set()

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(on_tick)
    timer.start()

    def watched(path, opts=None):
        record["thread"] = threading.get_ident()
        record["is_qt_main"] = QThread.currentThread() is QApplication.instance().thread()
        record["ticks_at_start"] = len(ticks)
        record["importing"] = True
        result = real(path, opts)
        # The import itself must not depend on the GUI: if it ran on the GUI thread no tick could arrive here.
        record["ticked"] = ticked_during_import.wait(30)
        record["importing"] = False
        return result

    monkeypatch.setattr(policydesk.api, "analyze_path", watched)
    doc = open_doc(qtbot, window, big)
    timer.stop()
    assert record["thread"] != gui_thread and record["is_qt_main"] is False
    assert record["ticked"] is True
    assert all(t == gui_thread for t in ticks)
    assert len(doc.analysis.paragraphs) > 1000 and len(doc.analysis.tasks) >= 20 * 30


def test_letterspaced_pdf_imports_on_a_worker_and_matches(window, qtbot, monkeypatch):
    import policydesk.api
    real = policydesk.api.analyze_path
    threads = []
    monkeypatch.setattr(policydesk.api, "analyze_path",
                        lambda p, o=None: (threads.append(threading.get_ident()), real(p, o))[1])
    doc = open_doc(qtbot, window, DATA / "pdf" / "tongzhengfa-2021-23_letterspaced.pdf")
    assert threads and threads[0] != threading.get_ident()
    assert doc.heading_counts() == {1: 7, 2: 20} and doc.resp_model.rowCount() == 20


def test_preload_of_jieba_and_sklearn_runs_on_a_worker(window, qtbot, monkeypatch):
    import policydesk.gui.mainwindow as mw
    seen = []
    monkeypatch.setattr(mw, "_preload_libraries", lambda ctx: seen.append(threading.get_ident()))
    wait_done(qtbot, window.preload_libraries())
    assert seen and seen[0] != threading.get_ident()


# ---------------------------------------------------------------------------------------------- window
def test_several_documents_in_tabs_and_reopening_switches_tab(window, qtbot):
    open_doc(qtbot, window, SAMPLE)
    docx = open_doc(qtbot, window, DATA / "docx" / "tongzhengfa-2021-23.docx")
    assert window.tabs.count() == 2 and window.current_document() is docx
    assert docx.page_view.isHidden()                 # no page images for Word files
    assert docx.heading_counts() == {1: 7, 2: 20}
    assert window.open_file(str(SAMPLE)) is None     # already open: just switch to it
    assert window.tabs.currentIndex() == 0
    window.act_close.trigger()
    assert window.tabs.count() == 1
    window.act_close.trigger()
    assert window.stack.currentWidget() is window.welcome and not window.act_export.isEnabled()


def test_drop_a_file_onto_the_window_opens_it(window, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLE))])
    ev = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.documentOpened, timeout=IMPORT_TIMEOUT_MS):
        window.dropEvent(ev)
    assert window.tabs.count() == 1


def test_recent_files_geometry_and_settings_are_remembered(app, qtbot, messages):
    from policydesk.gui import ops
    from policydesk.gui.mainwindow import MainWindow
    win = MainWindow(preload=False)
    qtbot.addWidget(win)
    win.show()
    open_doc(qtbot, win, SAMPLE)
    win.show_view("责任分工")
    win.act_ocr.setChecked(False)
    win.resize(780, 560)          # (the offscreen screen is 800×600)
    win.close()
    ops.shutdown(10_000)
    again = MainWindow(preload=False)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (780, 560)
    assert again.act_ocr.isChecked() is False and again.ocr_enabled is False
    assert again.initial_view == "责任分工"
    recent = [a.text() for a in again.recent_menu.actions()]
    assert any(SAMPLE.name in t for t in recent) and "清除列表" in recent
    assert again.welcome_recent.count() == 1
    assert Path(os.environ["POLICYDESK_HOME"], "gui.ini").is_file()


def test_every_menu_and_action_is_in_chinese(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "视图(&V)", "工具(&T)", "帮助(&H)"]
    allowed = re.compile(r"\(&\w\)|&|…|PDF|Excel|OCR|\d")
    for menu_action in window.menuBar().actions():
        for a in menu_action.menu().actions():
            if a.isSeparator():
                continue
            text = allowed.sub("", a.text())
            assert CJK.search(text) and not re.search(r"[A-Za-z]", text), a.text()
    shortcuts = {a.text(): a.shortcut().toString() for a in window.findChildren(type(window.act_open))}
    assert shortcuts["打开(&O)…"] == "Ctrl+O" and shortcuts["查找(&F)…"] == "Ctrl+F"
    assert shortcuts["打印(&P)…"] == "Ctrl+P" and shortcuts["关闭(&C)"] == "Ctrl+W"
    assert shortcuts["导出责任分工表(&E)…"] == "Ctrl+E"
    assert shortcuts["退出(&X)"] == "Ctrl+Q"


def test_about_shows_the_version(window, messages):
    from policydesk import __version__
    window.act_about.trigger()
    assert messages and messages[-1][0] == "about" and __version__ in messages[-1][2]


def test_cjk_font_is_used(app):
    from PySide6.QtGui import QFontMetrics
    fams = app.font().families()
    assert fams and any(re.search(r"CJK|Hei|YaHei|PingFang|Song", f) for f in fams)
    assert QFontMetrics(app.font()).inFont("责")


def test_start_path_does_not_import_the_heavy_libraries():
    import subprocess
    import sys
    code = ("import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
            "from policydesk.gui.app import make_app\n"
            "app = make_app()\n"
            "from policydesk.gui.mainwindow import MainWindow\n"
            "w = MainWindow(preload=False); w.show(); app.processEvents()\n"
            "print(sorted(m for m in ('pdfplumber','pdfminer','jieba','sklearn','openpyxl','pypdfium2','docx','numpy')"
            " if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_cli_registers_the_gui_command():
    from policydesk.cli import build_parser
    args = build_parser().parse_args(["gui", "a.pdf", "b.docx"])
    assert args.command == "gui" and args.files == ["a.pdf", "b.docx"]


def test_guide_is_chinese(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append((self.windowTitle(), self.text())) or 0)
    window.act_guide.trigger()
    assert shown and shown[0][0] == "使用说明"
    assert "Ctrl+O" in shown[0][1] and "责任分工" in shown[0][1] and "取消" in shown[0][1]


def test_unit_roles_follow_the_annotation_form_and_the_alias_table():
    from dataclasses import replace
    from policydesk.analysis.result import Analysis, Meta, Task
    from policydesk.export import ordered_units, unit_roles
    from policydesk.model import SourceInfo
    task = Task(id="T9", heading="五（一）", title="", paragraph=0, text="", page=None, annotation="",
                units=["市发改委", "人行南通中心支行", "市有关部门"],
                units_normalized=["市发改委", "人行南通市中心支行", "市有关部门"],
                lead=["人行南通中心支行"], support=["市发改委"], lead_inferred=False)
    assert unit_roles(task) == {"人行南通市中心支行": "lead", "市发改委": "support", "市有关部门": "support"}
    analysis = Analysis(source=SourceInfo(path="", sha256="", format=""), meta=Meta(),
                        tasks=[task, replace(task, id="T10", lead=["市发改委"], support=[])])
    names = [u.name for u in ordered_units(analysis)]
    assert names[:2] == ["市发改委", "人行南通市中心支行"] and set(names) == set(task.units_normalized)


def test_garbage_is_collected_on_the_gui_thread_only(app, qtbot):
    """Automatic collection is off while the app runs (a worker must never destroy Qt objects); the GUI-thread
    timer collects instead."""
    from policydesk.gui import app as gui_app
    assert not gc.isenabled()
    collector = gui_app._collector
    assert collector is not None and collector.timer.isActive()
    saved = collector.threshold
    collector.threshold = (0, 10**9, 10**9)     # collect generation 0 on the next tick
    try:
        junk = [[i] for i in range(100)]        # container allocations raise the generation-0 count
        del junk
        before = gc.get_count()[0]
        assert before > 0
        qtbot.waitUntil(lambda: gc.get_count()[0] < before, timeout=5000)
    finally:
        collector.threshold = saved
