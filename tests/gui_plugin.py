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
