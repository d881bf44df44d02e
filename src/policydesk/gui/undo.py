"""Undo / redo for the editable tables: every edit is a command on a ``QUndoStack`` (编辑 → 撤销 / 重做)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand


class Edit(QUndoCommand):
    """One edit as two callables: ``do`` (also run when the command is pushed) and ``undo``."""

    def __init__(self, text: str, do: Callable[[], None], undo: Callable[[], None]):
        super().__init__(text)
        self._do, self._undo = do, undo

    def redo(self) -> None:
        self._do()

    def undo(self) -> None:
        self._undo()
