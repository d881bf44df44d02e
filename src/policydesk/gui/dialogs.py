"""Small dialogs the views share: a 是/否 question, 保存/不保存/取消, the overwrite question, the save-file dialog."""

from __future__ import annotations

import os
from collections.abc import Iterable

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def ask_yes_no(parent: QWidget | None, title: str, text: str, *, default_yes: bool = False) -> bool:
    """A 是/否 question; True when the user answers 是."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    return QMessageBox.question(parent, title, text, yes | no, yes if default_yes else no) == yes


def ask_save_changes(parent: QWidget | None, text: str, title: str = "未保存的修改") -> str:
    """保存 / 不保存 / 取消 before something with unsaved edits closes: "save", "discard" or "cancel"."""
    B = QMessageBox.StandardButton
    answer = QMessageBox.question(parent, title, text, B.Save | B.Discard | B.Cancel, B.Save)
    if answer in (B.Save, B.Yes):
        return "save"
    if answer in (B.Discard, B.No):
        return "discard"
    return "cancel"


def ask_overwrite(parent: QWidget | None, paths: Iterable[os.PathLike | str | None]) -> bool | None:
    """The ``force`` for :func:`policydesk.fileio.atomic_output`: False when none of ``paths`` exists, True when
    the user agrees to overwrite the existing ones, None when they decline (write nothing)."""
    existing = [str(p) for p in paths if p is not None and os.path.exists(p)]
    if not existing:
        return False
    if len(existing) == 1:
        text = f"{existing[0]}\n已经存在。要覆盖它吗？"
    else:
        text = "以下文件已经存在：\n" + "\n".join(existing) + "\n要覆盖它们吗？"
    return True if ask_yes_no(parent, "文件已存在", text) else None


def ask_save_path(parent: QWidget | None, title: str, start: str, file_filter: str,
                  suffix: str) -> tuple[str, bool] | None:
    """A save-file dialog; the chosen path (``suffix`` added when missing) and the ``force`` to write it with,
    or None when cancelled.  The overwrite question comes after the suffix is added, so it is about the real file."""
    from .mainwindow import file_dialog_options
    path, _ = QFileDialog.getSaveFileName(parent, title, start, file_filter, "",
                                          QFileDialog.Option.DontConfirmOverwrite | file_dialog_options())
    if not path:
        return None
    if not path.lower().endswith(suffix):
        path += suffix
    force = ask_overwrite(parent, [path])
    return None if force is None else (path, force)
