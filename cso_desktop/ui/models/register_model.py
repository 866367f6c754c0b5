"""A lazy table model over a register (:class:`cso_desktop.services.registers.Register`).

Rows arrive in windows as the view scrolls (``canFetchMore``/``fetchMore``); searching, filtering
and sorting run a new SQL query and reset the model, so a file with hundreds of thousands of
people never loads whole. A new query costs one window and, only when that window is full, one
count. Values are formatted for the current language (dates, money and numbers through Babel,
codes by their translated labels) once per fetched row and language, when the view first asks.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
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
#: Header data: whether the column can be sorted (``bool``).
SortableRole = Qt.ItemDataRole.UserRole + 3

#: Values longer than this get a tooltip with the whole text.
TOOLTIP_MIN_LENGTH = 12
#: Rows fetched per window: a screenful many times over, a few milliseconds of SQLite.
PAGE_SIZE = 200
#: ``refresh()`` reloads at most this many rows at once to keep the user's place.
REFRESH_LIMIT = 5000

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

    The query is the search text, the switched-on filters (``Register.all_filters`` keys), the
    sort column and direction, and the day that computed columns are worked out for (``as_of``,
    today unless set).

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
        as_of: dt.date | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.register = register
        self.page_size = page_size
        self._database = database
        self._search = ""
        self._filters: tuple[str, ...] = ()
        self._as_of = as_of
        self._query_as_of = as_of or dt.date.today()
        self._sort_key: str | None = register.default_sort
        self._descending = False
        # Each row is ``(id, value, value, ...)``: the shown columns, then the hidden ones (a
        # money column's currency may be hidden). ``None`` marks a window that failed to load.
        self._rows: list[tuple[Any, ...] | None] = []
        self._loaded = 0
        self._display: dict[int, list[str]] = {}
        self._total = 0
        self._failed = False
        self._error = ""
        self._alignments = [
            _RIGHT if column.kind in _NUMERIC_KINDS else _LEFT for column in register.columns
        ]
        self._currency_at = self._find_currency_values()
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
    def filters(self) -> tuple[str, ...]:
        """The switched-on filters, in the register's order."""
        return self._filters

    @property
    def as_of(self) -> dt.date:
        """The day the shown rows were worked out for (fees owed, active, insured)."""
        return self._query_as_of

    @property
    def sort_key(self) -> str | None:
        return self._sort_key

    @property
    def descending(self) -> bool:
        return self._descending

    @property
    def total(self) -> int:
        """Rows matching the query in the database."""
        return self._total

    @property
    def loaded(self) -> int:
        """Rows fetched so far (the placeholder of a failed window excluded)."""
        return self._loaded

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

    def row_id(self, row: int) -> int | None:
        """The primary key of the row at ``row``, or ``None`` (no such row, or a failed one)."""
        values = self._row(row)
        return None if values is None else int(values[0])

    def row_of(self, row_id: int) -> int:
        """The position of the fetched row with this primary key, or -1."""
        for position, values in enumerate(self._rows):
            if values is not None and values[0] == row_id:
                return position
        return -1

    # --- changing the query -------------------------------------------------------------------

    def set_database(self, database: Database | None, *, search: str | None = None) -> None:
        """Show the rows of another file (or none), optionally with a new search; reloads."""
        self._database = database
        if search is not None:
            self._search = search
        self._reload()

    def set_search(self, text: str) -> None:
        """Show only rows matching ``text`` (case- and alphabet-aware, see ``people.fold``)."""
        self.set_query(search=text)

    def set_filters(self, keys: Iterable[str]) -> None:
        """Show only rows that pass every filter in ``keys``; raises ``KeyError`` for unknown."""
        self.set_query(filters=keys)

    def set_filter(self, key: str, enabled: bool) -> None:
        """Switch one filter on or off."""
        keys = set(self._filters)
        if enabled:
            keys.add(key)
        else:
            keys.discard(key)
        self.set_filters(keys)

    def set_query(self, *, search: str | None = None, filters: Iterable[str] | None = None) -> None:
        """Change the search and/or the filters with one reload (none if nothing changed)."""
        changed = False
        if search is not None:
            changed = people.fold(search) != people.fold(self._search)
            self._search = search
        if filters is not None:
            wanted = set(filters)
            for key in wanted:
                self.register.filter(key)  # KeyError for a key the register does not have
            ordered = tuple(f.key for f in self.register.all_filters if f.key in wanted)
            if ordered != self._filters:
                self._filters = ordered
                changed = True
        if changed:
            self._reload()

    def set_as_of(self, as_of: dt.date | None) -> None:
        """Work computed columns and filters out for ``as_of`` (``None``: today); reloads."""
        self._as_of = as_of
        self._reload()

    def refresh(self) -> None:
        """Query again (after the data changed), keeping as many rows as were loaded."""
        self._reload(keep=min(max(self._loaded, self.page_size), REFRESH_LIMIT))

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

    def _find_currency_values(self) -> dict[int, int]:
        """For each money column, where in a fetched row its currency code is."""
        keys = [c.key for c in (*self.register.columns, *self.register.hidden)]
        found: dict[int, int] = {}
        for position, column in enumerate(self.register.columns):
            if column.kind is ColumnKind.MONEY and column.currency_key in keys:
                found[position] = keys.index(column.currency_key) + 1
        return found

    def _fetch(self, session: Any, offset: int, limit: int) -> list[tuple[Any, ...]]:
        return self.register.fetch(
            session,
            search=self._search,
            sort=self._sort_key,
            descending=self._descending,
            offset=offset,
            limit=limit,
            filters=self._filters,
            as_of=self._query_as_of,
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

    def _reload(self, *, keep: int = 0) -> None:
        failure = ""
        limit = max(keep, self.page_size)
        self.beginResetModel()
        self._rows = []
        self._loaded = 0
        self._display.clear()
        self._total = 0
        self._failed = False
        self._error = ""
        self._query_as_of = self._as_of or dt.date.today()
        if self._database is not None:
            try:
                with self._database.reading() as session:
                    rows = self._fetch(session, 0, limit)
                    # A window that is not full holds every match: no need to count them.
                    total = (
                        len(rows)
                        if len(rows) < limit
                        else self.register.count(
                            session,
                            search=self._search,
                            filters=self._filters,
                            as_of=self._query_as_of,
                        )
                    )
                self._rows = list(rows)
                self._loaded = len(rows)
                self._total = max(total, len(rows))
            except Exception as exc:  # noqa: BLE001 - shown as a disabled row and a message
                failure = self._note_failure(exc)
                self._rows = [None]
        self.endResetModel()
        self.counts_changed.emit(self._loaded, self._total)
        if failure:
            self.fetch_failed.emit(failure)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._database is None or self._failed:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        assert self._database is not None
        start = len(self._rows)
        failure = ""
        window: list[tuple[Any, ...] | None]
        try:
            with self._database.reading() as session:
                window = list(self._fetch(session, start, self.page_size))
        except Exception as exc:  # noqa: BLE001 - shown as a disabled row and a message
            failure = self._note_failure(exc)
            window = [None]
        if not window:
            # Rows were deleted since the count (another window or program): stop here.
            self._total = start
            self.counts_changed.emit(self._loaded, self._total)
            return
        self.beginInsertRows(QModelIndex(), start, start + len(window) - 1)
        self._rows.extend(window)
        self._loaded += sum(1 for row in window if row is not None)
        self.endInsertRows()
        self.counts_changed.emit(self._loaded, self._total)
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
        if role == Qt.ItemDataRole.DisplayRole:
            return _(column.title)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.sortable:
                return _(column.title)
            return _("{column}: this column cannot be sorted.").format(column=_(column.title))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignments[section]
        if role == SortableRole:
            return column.sortable
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
        position = index.row()
        row = self._row(position)
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
            return self._display_row(position, row)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._display_row(position, row)[column]
            # Only texts that a narrow column may cut short need a tooltip.
            return text if len(text) > TOOLTIP_MIN_LENGTH else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignments[column]
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
        """The texts of a whole row, formatted at its first use and kept until a reset."""
        cached = self._display.get(position)
        if cached is not None:
            return cached
        texts: list[str] = []
        for index, column in enumerate(self.register.columns):
            value = row[index + 1]
            currency_at = self._currency_at.get(index)
            currency = row[currency_at] if currency_at is not None else None
            try:
                texts.append(format_value(column, value, currency))
            except Exception:
                log.exception("Could not format %s.%s = %r", self.register.key, column.key, value)
                texts.append(str(value))
        self._display[position] = texts
        return texts
