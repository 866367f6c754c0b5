"""The problems a check found in a file: row, column, value and what to do, sortable.

The list is held whole (a check returns it whole) and sorted here, by the row number as a
number and by the texts in the language's alphabetical order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QWidget

from cso_desktop import i18n
from cso_desktop.domain import people
from cso_desktop.i18n import _, pgettext
from cso_desktop.services.importing.checking import Problem

ROW, COLUMN, VALUE, REASON = range(4)

_Index = QModelIndex | QPersistentModelIndex


def problem_titles() -> tuple[str, str, str, str]:
    """The column titles, translated (the table and the exported file)."""
    return (_("Row"), _("Column"), pgettext("cell in a file", "Value"), _("What is wrong"))


class ProblemsModel(QAbstractTableModel):
    """Problems in the order chosen by the user (file order at first).

    Attributes:
        problems: the problems in display order.
    """

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems: list[Problem] = []
        self._sorted: tuple[int, Qt.SortOrder] = (ROW, Qt.SortOrder.AscendingOrder)

    def set_problems(self, problems: Sequence[Problem]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        self.endResetModel()
        self.sort(*self._sorted)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = problem_titles()
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.problems):
            return None
        problem = self.problems[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == ROW:
                return i18n.format_integer(problem.row)
            return (None, problem.column, problem.value, problem.message)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (VALUE, REASON):
            return (problem.value, problem.message)[column - VALUE] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < 4:
            return
        self._sorted = (column, order)
        descending = order == Qt.SortOrder.DescendingOrder

        def key(problem: Problem) -> tuple[Any, ...]:
            if column == ROW:
                return (problem.row, people.sort_key([problem.column]))
            text = (problem.column, problem.value, problem.message)[column - COLUMN]
            # Ties keep the file order.
            return (people.sort_key([text]), problem.row)

        self.layoutAboutToBeChanged.emit()
        self.problems.sort(key=key, reverse=descending)
        self.layoutChanged.emit()

    def rows_for_export(self) -> list[tuple[int, str, str, str]]:
        """The problems as they are shown (sorted), for writing to a file."""
        return [(p.row, p.column, p.value, p.message) for p in self.problems]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
