"""The participants of an attendance sheet: a check box per person and per-row overrides.

The list is small (one session: tens, at most a few thousand people) and held whole; the
quantity and value columns show the sheet's defaults greyed until a row has its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from cso_desktop import i18n
from cso_desktop.domain import vocab
from cso_desktop.i18n import _
from cso_desktop.services.activities import Participant
from cso_desktop.ui.dialogs.common import parse_decimal

#: The person's id under this role.
PersonIdRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex

NAME, NUMBER, AGE, SEX, HOUSEHOLD, QUANTITY, VALUE = range(7)


@dataclass
class SheetRow:
    """One person on the sheet.

    Attributes:
        person: who.
        checked: attended (saved); unchecked rows are left out (or removed, if recorded).
        quantity, value: this row's own amounts; ``None`` uses the sheet's defaults.
        recorded: already saved for this session and service.
    """

    person: Participant
    checked: bool = True
    quantity: Decimal | None = None
    value: Decimal | None = None
    recorded: bool = False


def parse_amount(text: str) -> Decimal | None:
    """A number typed the Azerbaijani, Russian or English way (``1 234,50``); ``None`` if not."""
    return parse_decimal(text)


class AttendanceModel(QAbstractTableModel):
    """People of one session with their check boxes and amounts.

    Attributes:
        default_quantity, default_value: what rows without their own amounts receive.
        currency: the currency of the values (for display).

    Signals:
        counts_changed(): rows were added, removed, checked or unchecked.
    """

    counts_changed = Signal()

    _rows: list[SheetRow] = []

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = []
        self._ids: set[int] = set()
        self.default_quantity = Decimal("1")
        self.default_value: Decimal | None = None
        self.currency = "AZN"

    # --- Qt API ---------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else 7

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (
            _("Name"),
            _("Reg. no."),
            _("Age"),
            _("Sex"),
            _("Household"),
            _("Quantity"),
            _("Value"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == NAME:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in (QUANTITY, VALUE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == QUANTITY:
                return _number(row.quantity if row.quantity is not None else self.default_quantity)
            if column == VALUE:
                value = row.value if row.value is not None else self.default_value
                return _number(value) if value is not None else ""
            return self._display(row, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == NAME:
            return Qt.CheckState.Checked if row.checked else Qt.CheckState.Unchecked
        if role == PersonIdRole:
            return row.person.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (AGE, QUANTITY, VALUE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and (
            not row.checked
            or (column == QUANTITY and row.quantity is None)
            or (column == VALUE and row.value is None)
        ):
            return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.ToolTipRole and column in (QUANTITY, VALUE):
            return _("Type to give this person another amount; empty uses the default.")
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == NAME:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            if checked != row.checked:
                row.checked = checked
                self._row_changed(index.row())
                self.counts_changed.emit()
            return True
        if role != Qt.ItemDataRole.EditRole or column not in (QUANTITY, VALUE):
            return False
        text = str(value or "").strip()
        amount = parse_amount(text) if text else None
        if text and amount is None:
            return False
        if column == QUANTITY:
            if amount is not None and amount <= 0:
                return False
            row.quantity = None if amount == self.default_quantity else amount
        else:
            if amount is not None and (amount < 0 or amount != amount.quantize(Decimal("0.01"))):
                return False
            row.value = None if amount == self.default_value else amount
        self._row_changed(index.row())
        return True

    # --- the sheet ------------------------------------------------------------------------

    def rows(self) -> list[SheetRow]:
        return list(self._rows)

    def row(self, index: int) -> SheetRow:
        return self._rows[index]

    def ids(self) -> list[int]:
        return [r.person.id for r in self._rows]

    def contains(self, person_id: int) -> bool:
        return person_id in self._ids

    def checked_rows(self) -> list[SheetRow]:
        return [r for r in self._rows if r.checked]

    def checked_count(self) -> int:
        return sum(1 for r in self._rows if r.checked)

    def add(self, people: Iterable[Participant], *, recorded: bool = False) -> int:
        """Add people not on the sheet yet (checked); how many were new."""
        fresh = []
        for person in people:
            if person.id not in self._ids:
                self._ids.add(person.id)
                fresh.append(SheetRow(person, recorded=recorded))
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()
            self.counts_changed.emit()
        return len(fresh)

    def load(self, rows: Sequence[SheetRow]) -> None:
        """Show a saved session (replacing what is listed)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._ids = {r.person.id for r in self._rows}
        self.endResetModel()
        self.counts_changed.emit()

    def remove(self, positions: Iterable[int]) -> None:
        for position in sorted(set(positions), reverse=True):
            if 0 <= position < len(self._rows):
                self.beginRemoveRows(QModelIndex(), position, position)
                removed = self._rows.pop(position)
                self._ids.discard(removed.person.id)
                self.endRemoveRows()
        self.counts_changed.emit()

    def set_all_checked(self, checked: bool) -> None:
        for row in self._rows:
            row.checked = checked
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, self.columnCount() - 1),
                [Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.ForegroundRole],
            )
        self.counts_changed.emit()

    def set_defaults(self, *, quantity: Decimal, value: Decimal | None, currency: str) -> None:
        """New defaults; rows without their own amounts show (and receive) them."""
        self.default_quantity = quantity
        self.default_value = value
        self.currency = currency
        if self._rows:
            self.dataChanged.emit(
                self.index(0, QUANTITY),
                self.index(len(self._rows) - 1, VALUE),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole],
            )

    def quantity_of(self, row: SheetRow) -> Decimal:
        return row.quantity if row.quantity is not None else self.default_quantity

    def value_of(self, row: SheetRow) -> Decimal | None:
        return row.value if row.value is not None else self.default_value

    # --- helpers --------------------------------------------------------------------------

    def _display(self, row: SheetRow, column: int) -> str:
        person = row.person
        if column == NAME:
            return person.display_name
        if column == NUMBER:
            return person.registration_no
        if column == AGE:
            return "" if person.age is None else i18n.format_integer(person.age)
        if column == SEX:
            return vocab.label(person.sex)
        if column == HOUSEHOLD:
            return person.household_code or ""
        if column == QUANTITY:
            return _number(self.quantity_of(row))
        if column == VALUE:
            value = self.value_of(row)
            return "" if value is None else i18n.format_money(value, self.currency)
        return ""

    def _row_changed(self, position: int) -> None:
        self.dataChanged.emit(
            self.index(position, 0), self.index(position, self.columnCount() - 1), []
        )


def _number(value: Decimal) -> str:
    """``2``, ``2,5`` or ``0,125``: as many decimals as the amount has (at most three)."""
    exponent = value.normalize().as_tuple().exponent
    places = min(3, max(0, -exponent)) if isinstance(exponent, int) else 0
    return i18n.format_decimal(value, places=places)
