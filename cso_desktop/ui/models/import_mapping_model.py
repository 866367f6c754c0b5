"""The mapping step of an import: each column of the file, its first values and its field.

One row per column of the file. The "maps to" column is edited with a combo box of the kind's
canonical fields (translated titles) and "— do not import —"; a field belongs to one column at
most, so choosing it for a column takes it away from the column that had it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping as MappingType
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QWidget

from cso_desktop import i18n
from cso_desktop.i18n import _
from cso_desktop.services.importing import schema
from cso_desktop.services.importing.mapping import Mapping
from cso_desktop.services.importing.sources import Cell, Table

#: The canonical key a row maps to (``""`` for none), under this role.
FieldKeyRole = Qt.ItemDataRole.UserRole + 1
#: The choices of the "maps to" combo, ``[(key, title)]`` with ``("", …)`` first.
ChoicesRole = Qt.ItemDataRole.UserRole + 2

FILE_COLUMN, SAMPLES, TARGET = range(3)
#: How many non-empty values of each column are shown.
SAMPLE_COUNT = 3
#: A sample longer than this is cut (the tooltip has it whole).
SAMPLE_MAX = 40

_Index = QModelIndex | QPersistentModelIndex


def cell_text(value: Cell) -> str:
    """A cell as the user would read it in the spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return i18n.format_date(value.date(), fmt="short")
        return i18n.format_datetime(value, fmt="short")
    if isinstance(value, dt.date):
        return i18n.format_date(value, fmt="short")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


def samples(table: Table, column: int, *, count: int = SAMPLE_COUNT) -> tuple[str, ...]:
    """The first ``count`` non-empty values of ``column``, as text."""
    found: list[str] = []
    for row in table.rows:
        if column >= len(row):
            continue
        text = cell_text(row[column])
        if text:
            found.append(text)
            if len(found) == count:
                break
    return tuple(found)


def do_not_import() -> str:
    return _("— do not import —")


def field_choice_title(field: schema.Field) -> str:
    """The title of a field in the combo box; required fields say so."""
    if field.required:
        return _("{field} (required)").format(field=_(field.title))
    return _(field.title)


class MappingModel(QAbstractTableModel):
    """The columns of one table and the canonical field each one goes to.

    Attributes:
        kind: what is imported.
        headers: the file's column titles, in file order.
        name: the name of the saved mapping applied last (``""``: none).

    Signals:
        mapping_changed(): a column was given another field (by the user or by a saved mapping).
    """

    mapping_changed = Signal()

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind: schema.ImportKind | None = None
        self.headers: tuple[str, ...] = ()
        self.name = ""
        self._samples: list[tuple[str, ...]] = []
        self._keys: list[str] = []
        self._fields: dict[str, schema.Field] = {}

    # --- the mapping ----------------------------------------------------------------------------

    def set_table(
        self,
        kind: schema.ImportKind,
        table: Table,
        proposed: Mapping,
        *,
        keep: MappingType[str, str] | None = None,
    ) -> None:
        """Show ``table``'s columns with the ``proposed`` mapping.

        ``keep`` (header → key, ``""`` for "do not import") are the user's earlier choices for
        the same kind: a header still in the file keeps its choice (the file was read again).
        """
        self.beginResetModel()
        self.kind = kind
        self.headers = tuple(table.headers)
        self._fields = {field.key: field for field in schema.fields(kind)}
        self._samples = [samples(table, column) for column in range(len(self.headers))]
        self._keys = [""] * len(self.headers)
        by_header = {header: key for key, header in proposed.columns.items()}
        for row, header in enumerate(self.headers):
            key = by_header.get(header, "")
            self._keys[row] = key if key in self._fields else ""
        if keep:
            for row, header in enumerate(self.headers):
                if header in keep:
                    self._assign(row, keep[header])
        self.name = proposed.name
        self.endResetModel()
        self.mapping_changed.emit()

    def clear(self) -> None:
        self.beginResetModel()
        self.kind = None
        self.headers = ()
        self._samples = []
        self._keys = []
        self._fields = {}
        self.name = ""
        self.endResetModel()

    def mapping(self) -> Mapping:
        """The mapping shown: canonical key → the file's header."""
        assert self.kind is not None
        columns = {key: header for header, key in zip(self.headers, self._keys, strict=True) if key}
        return Mapping(kind=self.kind, columns=columns, name=self.name)

    def choices(self) -> dict[str, str]:
        """What the user chose for each header: header → key (``""``: do not import)."""
        return dict(zip(self.headers, self._keys, strict=True))

    def apply(self, mapping: Mapping) -> tuple[str, ...]:
        """Show a saved mapping; returns the headers it names that this file lacks."""
        by_header = {header: key for key, header in mapping.columns.items()}
        missing = tuple(
            header for key, header in mapping.columns.items() if header not in self.headers
        )
        for row, header in enumerate(self.headers):
            key = by_header.get(header, "")
            self._keys[row] = key if key in self._fields else ""
        self.name = mapping.name
        if self._keys:
            self.dataChanged.emit(
                self.index(0, TARGET), self.index(len(self._keys) - 1, TARGET), _ROLES
            )
        self.mapping_changed.emit()
        return missing

    def key_of(self, header: str) -> str:
        """The field ``header`` goes to (``""``: not imported)."""
        return self._keys[self.headers.index(header)]

    def set_key(self, header: str, key: str) -> None:
        """Send ``header`` to field ``key`` (``""``: do not import it)."""
        row = self.headers.index(header)
        self.setData(self.index(row, TARGET), key, FieldKeyRole)

    def row_of_key(self, key: str) -> int:
        """The row mapped to ``key``, or -1."""
        return self._keys.index(key) if key in self._keys else -1

    def field_choices(self) -> list[tuple[str, str]]:
        """``(key, translated title)`` for the combo box, "do not import" first."""
        return [("", do_not_import())] + [
            (field.key, field_choice_title(field)) for field in self._fields.values()
        ]

    def _assign(self, row: int, key: str) -> list[int]:
        """Give ``row`` the field ``key``; returns the rows that changed."""
        if key and key not in self._fields:
            return []
        changed = [row]
        if key:
            for other, other_key in enumerate(self._keys):
                if other != row and other_key == key:
                    self._keys[other] = ""
                    changed.append(other)
        self._keys[row] = key
        return changed

    # --- Qt API -------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.headers)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (_("Column in the file"), _("First values"), _("Goes to"))
        return titles[section] if 0 <= section < len(titles) else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == TARGET:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.headers):
            return None
        row, column = index.row(), index.column()
        if column == FILE_COLUMN:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.headers[row]
        elif column == SAMPLES:
            values = self._samples[row]
            if role == Qt.ItemDataRole.DisplayRole:
                return " · ".join(_cut(value) for value in values)
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(values) or None
        elif column == TARGET:
            key = self._keys[row]
            if role in (FieldKeyRole, Qt.ItemDataRole.EditRole):
                return key
            if role == Qt.ItemDataRole.DisplayRole:
                return _(self._fields[key].title) if key else do_not_import()
            if role == ChoicesRole:
                return self.field_choices()
            if role == Qt.ItemDataRole.ToolTipRole and key and self._fields[key].help:
                return _(self._fields[key].help)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != TARGET
            or role not in (Qt.ItemDataRole.EditRole, FieldKeyRole)
            or not 0 <= index.row() < len(self.headers)
        ):
            return False
        key = str(value or "")
        if key == self._keys[index.row()]:
            return True
        changed = self._assign(index.row(), key)
        if not changed:
            return False
        for row in changed:
            cell = self.index(row, TARGET)
            self.dataChanged.emit(cell, cell, _ROLES)
        self.mapping_changed.emit()
        return True

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        if self.headers:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.headers) - 1, 2), _ROLES)


_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, FieldKeyRole]


def _cut(text: str) -> str:
    return text if len(text) <= SAMPLE_MAX else text[: SAMPLE_MAX - 1] + "…"
