"""Fixtures shared by the GUI tests (test_gui.py, test_gui_part2.py). Qt is imported only when a fixture is used."""

from __future__ import annotations

import gc

import pytest


@pytest.fixture
def app(qapp):
    """The app as the user gets it; afterwards collect garbage on this (GUI) thread and give the other tests
    their automatic collection back (the app switches it off: see gui.app.MainThreadGarbageCollector)."""
    from policydesk.gui.app import make_app
    yield make_app()
    gc.collect()
    gc.enable()


class Messages(list):
    """The dialogs shown, as (kind, title, text); ``answers``: replies to the next questions (default Yes)."""
    answers: list


@pytest.fixture
def messages(monkeypatch):
    """Record every QMessageBox instead of blocking on it."""
    from PySide6.QtWidgets import QMessageBox
    seen = Messages()
    seen.answers = []

    def fake(kind):
        def show(parent, title, text, *a, **k):
            seen.append((kind, title, text))
            if kind == "question":
                return seen.answers.pop(0) if seen.answers else QMessageBox.StandardButton.Yes
            return QMessageBox.StandardButton.Ok
        return show

    for kind in ("warning", "critical", "information", "about", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake(kind)))
    return seen


# -- the main window and helpers shared by the GUI tests ----------------------------------------------------------
TIMEOUT_MS = 60_000


@pytest.fixture
def opened_urls(monkeypatch):
    """Record the files the app hands to the desktop (reports, drafts) instead of opening them."""
    from PySide6.QtGui import QDesktopServices
    urls: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(url) or True))
    return urls


@pytest.fixture
def window(app, qtbot, messages, opened_urls):
    """The main window, shown; afterwards nothing is left to ask about and the background work is stopped."""
    from PySide6.QtWidgets import QApplication

    from policydesk.gui import ops
    from policydesk.gui.mainwindow import MainWindow
    win = MainWindow(preload=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    for doc in win.documents():              # nothing left to ask about when the test's window closes
        doc.draft_view.mapping_model.mark_saved()
        if hasattr(doc.draft_view, "decisions_model"):
            doc.draft_view.decisions_model.mark_saved()
    ops.shutdown(20_000)
    QApplication.processEvents()


def wait_done(qtbot, op):
    """Wait for a background operation and return its result (it must not have failed)."""
    assert op is not None
    if op.running:
        with qtbot.waitSignal(op.finished, timeout=TIMEOUT_MS):
            pass
    assert op.error is None, op.error
    return op.result


def open_doc(qtbot, win, path):
    """Open a file through the window as the user does; the document view that opened."""
    opened: list = []
    win.documentOpened.connect(opened.append)
    wait_done(qtbot, win.open_file(str(path)))
    assert len(opened) == 1
    return opened[0]


def errors(messages):
    return [m for m in messages if m[0] in ("warning", "critical")]


def show_compare(qtbot, window, doc):
    """Switch to 对照 for ``doc`` and wait until its list of candidate references is there."""
    window.show_view("对照")
    cv = doc.compare_view
    qtbot.waitUntil(lambda: cv.candidates_op is not None, timeout=5000)
    wait_done(qtbot, cv.candidates_op)
    return cv


def show_draft(qtbot, window, doc, county="如东县"):
    """Switch to 起草 for ``doc``, choose ``county`` and wait for the preview."""
    window.show_view("起草")
    dv = doc.draft_view
    qtbot.waitUntil(lambda: bool(dv.profiles), timeout=5000)
    dv.select_county(county)
    qtbot.waitUntil(lambda: dv.preview_op is not None, timeout=5000)
    wait_done(qtbot, dv.preview_op)
    return dv


@pytest.fixture
def print_previews(monkeypatch):
    """The print-preview dialogs the app opens (recorded, not shown)."""
    import PySide6.QtPrintSupport as qps
    shown: list = []
    monkeypatch.setattr(qps.QPrintPreviewDialog, "exec", lambda self: shown.append(self) or 0)
    return shown
