"""The shape shared by the flat table models of the GUI: one entry of ``rows`` a row, ``HEADERS`` across the top."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


class RowTableModel(QAbstractTableModel):
    """A flat table over ``self.rows``; subclasses give ``HEADERS`` and ``data`` (and ``flags`` / ``setData``)."""

    HEADERS: tuple[str, ...] = ()
    NUMBERED = False            # the vertical header shows 1, 2, 3 … (else it stays empty)
    EDITABLE: tuple[int, ...] = ()      # the columns the user may edit (``setData``)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return section + 1 if self.NUMBERED else None

    def flags(self, index: QModelIndex):
        f = super().flags(index)
        return f | Qt.ItemFlag.ItemIsEditable if index.column() in self.EDITABLE else f
