"""The app's settings (QSettings): an INI file in POLICYDESK_HOME, or POLICYDESK_GUI_SETTINGS if set.

Keeping it beside the log (instead of the Windows registry) makes it easy to copy, reset and isolate in tests.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

MAX_RECENT = 10
VIEW_NAMES = ["结构", "正文", "责任分工", "对照", "起草"]   # the views of a document, in tab order (remembered: the last one)
LIBRARY_VIEW = "文档库"          # the window-level library page (POLICYDESK_GUI_VIEW=文档库 opens on it)


def open_settings() -> QSettings:
    path = os.environ.get("POLICYDESK_GUI_SETTINGS")
    if not path:
        from ..paths import home_dir
        path = str(home_dir() / "gui.ini")
    return QSettings(path, QSettings.Format.IniFormat)


def recent_files(settings: QSettings) -> list[str]:
    value = settings.value("recent_files", [])
    if isinstance(value, str):
        value = [value] if value else []
    return [str(v) for v in (value or [])]


def add_recent(settings: QSettings, path: str) -> list[str]:
    files = [path] + [p for p in recent_files(settings) if os.path.normcase(p) != os.path.normcase(path)]
    files = files[:MAX_RECENT]
    settings.setValue("recent_files", files)
    return files


def bool_value(settings: QSettings, key: str, default: bool) -> bool:
    v = settings.value(key, default)
    if isinstance(v, str):
        return v.lower() in ("1", "true", "yes")
    return bool(v)
