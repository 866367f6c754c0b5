"""Small read-only tables inside a record (payments, trainings, consents, services received).

These lists are short and loaded whole with the record, so a plain model over formatted rows
is enough; the big registers use the lazy models in ``ui/models``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QTableView,
    QWidget,
)

#: The row's key (a record id) under this role.
KeyRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Row:
    """One row as shown.

    Attributes:
        cells: the texts, already formatted for the UI language.
        key: what the row stands for (a record id), for actions on the selected row.
        muted: shown greyed (withdrawn consent, expired policy, not saved yet).
        strong: shown in bold (a year with fees owed).
    """

    cells: tuple[str, ...]
    key: Any = None
    muted: bool = False
    strong: bool = False


class RowsModel(QAbstractTableModel):
    """Formatted rows under translated headers."""

    # Views may ask while the model is being destroyed, when the instance attributes may be
    # gone already; these class defaults then answer "no rows".
    _rows: list[Row] = []
    _headers: list[str] = []
    _numeric: frozenset[int] = frozenset()

    def __init__(
        self,
        *,
        headers: Sequence[str],
        numeric: Sequence[int] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._numeric = frozenset(numeric)
        self._rows = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row(self, index: int) -> Row:
        return self._rows[index]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.cells[column] if column < len(row.cells) else ""
        if role == KeyRole:
            return row.key
        if role == Qt.ItemDataRole.ForegroundRole and row.muted:
            return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.FontRole and row.strong:
            font = QApplication.font()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self._numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None


def make_table(
    model: RowsModel, *, stretch: int | None = -1, parent: QWidget | None = None
) -> QTableView:
    """A read-only table for ``model``: whole rows selected, columns fitted to their text.

    ``stretch`` is the column that takes the room left (the last by default; ``None``: none,
    so amounts stay next to their year instead of at the far right).
    """
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setMinimumSectionSize(60)
    header.setHighlightSections(False)
    if stretch == -1:
        header.setStretchLastSection(True)
    elif stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def selected_key(view: QTableView) -> Any:
    """The key of the selected row, or ``None``."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].data(KeyRole) if rows else None
