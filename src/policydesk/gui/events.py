"""App-wide notifications between views (Qt signals on one object that lives as long as the app)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    libraryChanged = Signal()        # documents added, removed or re-levelled in the 文档库
    documentsChanged = Signal()      # a document tab opened or closed


_EVENTS: AppEvents | None = None


def app_events() -> AppEvents:
    global _EVENTS
    if _EVENTS is None:
        _EVENTS = AppEvents()
    return _EVENTS
