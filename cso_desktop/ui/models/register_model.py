"""A lazy table model over a register (:class:`cso_desktop.services.registers.Register`).

Rows arrive in windows as the view scrolls (``canFetchMore``/``fetchMore``); sorting and searching
run a new SQL query and reset the model, so a file with hundreds of thousands of people never
loads whole. Values are formatted for the current language in ``data()`` (dates, money and
numbers through Babel, codes by their translated labels), once per row and language.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain import people, places, vocab
from cso_desktop.domain.errors import CsoError
from cso_desktop.i18n import _
from cso_desktop.services.registers import Column, ColumnKind, Register
from cso_desktop.ui import messages

log = logging.getLogger(__name__)

#: The row's primary key (an ``int``).
RowIdRole = Qt.ItemDataRole.UserRole + 1
#: The raw value of a cell (``Decimal``, ``date``, code), as the register returned it.
RawValueRole = Qt.ItemDataRole.UserRole + 2

#: Values longer than this get a tooltip with the whole text.
TOOLTIP_MIN_LENGTH = 12
#: Rows fetched per window: a screenful many times over, a few milliseconds of SQLite.
PAGE_SIZE = 200

_NUMERIC_KINDS = {ColumnKind.INTEGER, ColumnKind.DECIMAL, ColumnKind.MONEY}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

ModelIndex = QModelIndex | QPersistentModelIndex


def format_value(column: Column, value: Any, currency: str | None = None) -> str:
    """A cell's text in the current language. Raises on values of an unexpected type."""
    if value is None:
        return ""
    kind = column.kind
    if kind is ColumnKind.CODE:
        return vocab.label(value, column.vocabulary)
    if kind is ColumnKind.PLACE:
        return places.place_name(value)
    if kind is ColumnKind.DATE:
        return i18n.format_date(value)
    if kind is ColumnKind.MONEY:
        if currency:
            return i18n.format_money(value, currency)
        return i18n.format_decimal(value)
    if kind is ColumnKind.INTEGER:
        return i18n.format_integer(value)
    if kind is ColumnKind.DECIMAL:
        number = Decimal(value)
        whole = number == number.to_integral_value()
        return i18n.format_decimal(number, places=0 if whole else 2)
    if kind is ColumnKind.BOOL:
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date):
        return i18n.format_date(value)
    return str(value)


class RegisterModel(QAbstractTableModel):
    """The rows of one register, fetched from the database a window at a time.

    Attributes:
        register: the register shown.
        page_size: rows per window.

    Signals:
        counts_changed(int, int): rows shown so far and rows that match, after every load.
        fetch_failed(str): rows could not be loaded; the translated text says what to do.
    """

    counts_changed = Signal(int, int)
    fetch_failed = Signal(str)

    def __init__(
        self,
        *,
        register: Register,
        database: Database | None = None,
        page_size: int = PAGE_SIZE,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.register = register
        self.page_size = page_size
        self._database = database
        self._search = ""
        self._sort_key: str | None = register.default_sort
        self._descending = False
        # Each row is ``(id, value, value, ...)``; ``None`` marks a window that failed to load.
        self._rows: list[tuple[Any, ...] | None] = []
        self._display: dict[int, list[str]] = {}
        self._total = 0
        self._failed = False
        self._error = ""
        self._currency_columns = self._find_currency_columns()
        if database is not None:
            self._reload()

    # --- state --------------------------------------------------------------------------------

    @property
    def database(self) -> Database | None:
        return self._database

    @property
    def search(self) -> str:
        return self._search

    @property
    def sort_key(self) -> str | None:
        return self._sort_key

    @property
    def descending(self) -> bool:
        return self._descending

    @property
    def total(self) -> int:
        """Rows matching the search in the database."""
        return self._total

    @property
    def loaded(self) -> int:
        """Rows fetched so far (the placeholder of a failed window excluded)."""
        return sum(1 for row in self._rows if row is not None)

    @property
    def error(self) -> str:
        """The message of the last failed load, or ``""``."""
        return self._error

    def sort_column(self) -> int:
        """The column index of the current sort, or -1."""
        for position, column in enumerate(self.register.columns):
            if column.key == self._sort_key:
                return position
        return -1

    def set_database(self, database: Database | None, *, search: str | None = None) -> None:
        """Show the rows of another file (or none), optionally with a new search; reloads."""
        self._database = database
        if search is not None:
            self._search = search
        self._reload()

    def set_search(self, text: str) -> None:
        """Show only rows matching ``text`` (case- and alphabet-aware, see ``people.fold``)."""
        if people.fold(text) == people.fold(self._search):
            self._search = text
            return
        self._search = text
        self._reload()

    def refresh(self) -> None:
        """Query again (after the data changed)."""
        self._reload()

    def retranslate(self) -> None:
        """Show headers and values in the language just chosen."""
        self._display.clear()
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, self.columnCount() - 1),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )

    # --- loading ------------------------------------------------------------------------------

    def _find_currency_columns(self) -> dict[int, int]:
        keys = [c.key for c in self.register.columns]
        found: dict[int, int] = {}
        for position, column in enumerate(self.register.columns):
            if column.kind is ColumnKind.MONEY and column.currency_key in keys:
                found[position] = keys.index(column.currency_key)
        return found

    def _fetch_window(self, offset: int) -> list[tuple[Any, ...]]:
        assert self._database is not None
        with self._database.reading() as session:
            return self.register.fetch(
                session,
                search=self._search,
                sort=self._sort_key,
                descending=self._descending,
                offset=offset,
                limit=self.page_size,
            )

    def _note_failure(self, exc: Exception) -> str:
        if isinstance(exc, CsoError):
            log.warning("Loading %s failed: %s", self.register.key, exc.log_message)
            message = exc.user_message
        else:
            log.error("Loading %s failed", self.register.key, exc_info=exc)
            message = _(
                "The rows could not be loaded. Details were written to the log file: {path}"
            ).format(path=messages.log_file())
        self._failed = True
        self._error = message
        return message

    def _reload(self) -> None:
        failure = ""
        self.beginResetModel()
        self._rows = []
        self._display.clear()
        self._total = 0
        self._failed = False
        self._error = ""
        if self._database is not None:
            try:
                with self._database.reading() as session:
                    self._total = self.register.count(session, search=self._search)
                self._rows = list(self._fetch_window(0))
            except Exception as exc:  # noqa: BLE001 - shown as a disabled row and a message
                failure = self._note_failure(exc)
                self._rows = [None]
        self.endResetModel()
        self.counts_changed.emit(self.loaded, self._total)
        if failure:
            self.fetch_failed.emit(failure)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._database is None or self._failed:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        start = len(self._rows)
        failure = ""
        window: list[tuple[Any, ...] | None]
        try:
            window = list(self._fetch_window(start))
        except Exception as exc:  # noqa: BLE001 - shown as a disabled row and a message
            failure = self._note_failure(exc)
            window = [None]
        if not window:
            # Rows were deleted since the count (another window or program): stop here.
            self._total = start
            self.counts_changed.emit(self.loaded, self._total)
            return
        self.beginInsertRows(QModelIndex(), start, start + len(window) - 1)
        self._rows.extend(window)
        self.endInsertRows()
        self.counts_changed.emit(self.loaded, self._total)
        if failure:
            self.fetch_failed.emit(failure)

    # --- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.register.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(
            self.register.columns
        ):
            return None
        column = self.register.columns[section]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _(column.title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.kind in _NUMERIC_KINDS else _LEFT
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid() or self._row(index.row()) is None:
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by ``column``; columns computed after the fetch cannot be sorted."""
        if not 0 <= column < len(self.register.columns):
            return
        target = self.register.columns[column]
        if not target.sortable:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if target.key == self._sort_key and descending == self._descending:
            return
        self._sort_key = target.key
        self._descending = descending
        self._reload()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._row(index.row())
        column = index.column()
        if not 0 <= column < len(self.register.columns):
            return None
        if row is None:
            if column == 0 and role == Qt.ItemDataRole.DisplayRole:
                return _("These rows could not be loaded.")
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._error
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display_row(index.row(), row)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._display_row(index.row(), row)[column]
            # Only texts that a narrow column may cut short need a tooltip.
            return text if len(text) > TOOLTIP_MIN_LENGTH else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.register.columns[column].kind in _NUMERIC_KINDS else _LEFT
        if role == RowIdRole:
            return row[0]
        if role == RawValueRole:
            return row[column + 1]
        return None

    # --- helpers ------------------------------------------------------------------------------

    def _row(self, position: int) -> tuple[Any, ...] | None:
        if 0 <= position < len(self._rows):
            return self._rows[position]
        return None

    def _display_row(self, position: int, row: tuple[Any, ...]) -> list[str]:
        cached = self._display.get(position)
        if cached is not None:
            return cached
        texts: list[str] = []
        for index, column in enumerate(self.register.columns):
            value = row[index + 1]
            currency_at = self._currency_columns.get(index)
            currency = row[currency_at + 1] if currency_at is not None else None
            try:
                texts.append(format_value(column, value, currency))
            except Exception:
                log.exception("Could not format %s.%s = %r", self.register.key, column.key, value)
                texts.append(str(value))
        self._display[position] = texts
        return texts
