"""The rayons' IFRC GO district names (Settings → IFRC GO districts).

Every rayon of Azerbaijan is listed (about eighty), those the organisation works in first, so
the model holds them all and a :class:`QSortFilterProxyModel` filters what is typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cso_desktop.domain import people
from cso_desktop.i18n import N_, _, ngettext
from cso_desktop.services.org_settings import DistrictRow

#: Column titles, in order.
COLUMNS = (N_("Rayon or city"), N_("Name in English"), N_("GO district name"))
RAYON, ENGLISH, GO_NAME = range(3)
#: The rayon's code (``AZ-SA``) of a row.
CodeRole = Qt.ItemDataRole.UserRole + 1
#: Whether a project or activity of the organisation works in the rayon.
InUseRole = Qt.ItemDataRole.UserRole + 2
_PROBLEM_COLOUR = QColor("#b42318")

AnyIndex = QModelIndex | QPersistentModelIndex


class DistrictModel(QAbstractTableModel):
    """Rayons with the GO district name typed for each (editable in the last column).

    Signals:
        edited(): the user changed a GO district name.
    """

    edited = Signal()

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DistrictRow] = []
        self._names: list[str] = []
        self._problems: dict[str, str] = {}

    # --- public -------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[DistrictRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._names = [row.go_name for row in rows]
        self._problems = {}
        self.endResetModel()

    def names(self) -> dict[str, str]:
        """Rayon code → GO district name, as typed (empty ones included)."""
        return {row.code: name for row, name in zip(self._rows, self._names, strict=True)}

    def is_dirty(self) -> bool:
        return any(
            row.go_name != name.strip() for row, name in zip(self._rows, self._names, strict=True)
        )

    def fill_english_names(self) -> int:
        """Put the English name into every empty GO district name; how many were filled."""
        filled = 0
        for position, row in enumerate(self._rows):
            if not self._names[position].strip():
                self._names[position] = row.name_en
                filled += 1
        if filled:
            self.dataChanged.emit(
                self.index(0, GO_NAME),
                self.index(len(self._rows) - 1, GO_NAME),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole],
            )
            self.edited.emit()
        return filled

    def set_problems(self, problems: Mapping[str, str]) -> None:
        """Mark the rows whose names were refused (rayon code → message)."""
        self._problems = dict(problems)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, len(COLUMNS) - 1),
                [Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole],
            )

    def row_of(self, code: str) -> int:
        return next((i for i, row in enumerate(self._rows) if row.code == code), -1)

    # --- Qt -----------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return _(COLUMNS[section])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == GO_NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == RAYON:
                return row.name
            if column == ENGLISH:
                return row.name_en
            if column == GO_NAME:
                return self._names[index.row()]
            return None
        if role == CodeRole:
            return row.code
        if role == InUseRole:
            return row.in_use
        if role == Qt.ItemDataRole.FontRole and row.in_use and column == RAYON:
            font = QFont()
            font.setBold(True)
            return font
        problem = self._problems.get(row.code)
        if role == Qt.ItemDataRole.ForegroundRole and problem:
            return QBrush(_PROBLEM_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            if problem:
                return problem
            if row.in_use and column == RAYON:
                return _("A project or activity of the organisation works here.")
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or index.column() != GO_NAME
            or not 0 <= index.row() < len(self._rows)
        ):
            return False
        text = "" if value is None else str(value)
        if text == self._names[index.row()]:
            return False
        self._names[index.row()] = text
        code = self._rows[index.row()].code
        if self._problems.pop(code, None) is not None:
            first = self.index(index.row(), 0)
            last = self.index(index.row(), len(COLUMNS) - 1)
            self.dataChanged.emit(
                first, last, [Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole]
            )
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        self.edited.emit()
        return True


class DistrictFilter(QSortFilterProxyModel):
    """Rows whose rayon, English name, GO name or code contains the typed text (case and
    Azerbaijani dotted/dotless i insensitive)."""

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_text(self, text: str) -> None:
        if not hasattr(self, "beginFilterChange"):  # PySide6 < 6.10
            self._needle = people.fold(text)
            self.invalidateRowsFilter()
            return
        # invalidateRowsFilter() is deprecated from Qt 6.10 on.
        self.beginFilterChange()
        self._needle = people.fold(text)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        texts = [
            str(model.data(model.index(source_row, column, source_parent)) or "")
            for column in range(len(COLUMNS))
        ]
        texts.append(str(model.data(model.index(source_row, 0, source_parent), CodeRole) or ""))
        return any(self._needle in people.fold(text) for text in texts)


class DistrictEditor(QWidget):
    """The filter box, the table of rayons and their GO names, and the buttons.

    Attributes:
        model: the rayons and names.
        filter_edit: narrows the rows shown.
        view: the table.
        fill_button: puts the English name in every empty GO name.
        save_button: asks the page to save (``save_requested``).
        problem_label: what was refused, above the table.

    Signals:
        save_requested(): the user clicked Save.
    """

    save_requested = Signal()

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DistrictModel(parent=self)
        self.proxy = DistrictFilter(parent=self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setObjectName("districtFilter")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("hintText")
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("formProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setVisible(False)
        self.view = QTableView(self)
        self.view.setObjectName("districtTable")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(RAYON, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ENGLISH, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(GO_NAME, QHeaderView.ResizeMode.Stretch)
        self.view.setMinimumHeight(300)
        self.fill_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveDistricts")

        top = QHBoxLayout()
        self.filter_label = QLabel(self)
        self.filter_label.setBuddy(self.filter_edit)
        top.addWidget(self.filter_label)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fill_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.problem_label)
        column.addWidget(self.view, 1)
        column.addLayout(buttons)

        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.fill_button.clicked.connect(self._on_fill_button_clicked)
        self.save_button.clicked.connect(self.save_requested)
        self.model.modelReset.connect(self._update_count)
        self.retranslate()

    def retranslate(self) -> None:
        self.filter_label.setText(_("&Find a rayon:"))
        self.filter_edit.setPlaceholderText(_("Type part of a name"))
        self.fill_button.setText(_("Fill empty names with the English names"))
        self.fill_button.setToolTip(
            _("GO's district names are mostly the English names; check each against GO.")
        )
        self.save_button.setText(_("Save district names"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self._update_count()

    def set_rows(self, rows: Sequence[DistrictRow]) -> None:
        self.model.set_rows(rows)
        self.show_problems({})

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """The refused names: rows in red, their messages above the table, the first shown."""
        self.model.set_problems(problems)
        self.problem_label.setText("\n".join(problems.values()))
        self.problem_label.setVisible(bool(problems))
        if problems:
            self.filter_edit.clear()
            row = self.model.row_of(next(iter(problems)))
            if row >= 0:
                index = self.proxy.mapFromSource(self.model.index(row, GO_NAME))
                self.view.scrollTo(index)
                self.view.setCurrentIndex(index)

    def _update_count(self) -> None:
        shown = self.proxy.rowCount()
        total = self.model.rowCount()
        self.count_label.setText(
            ngettext(
                "{shown} of {total} rayon shown", "{shown} of {total} rayons shown", total
            ).format(shown=shown, total=total)
        )

    @Slot(str)
    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    @Slot()
    def _on_fill_button_clicked(self) -> None:
        self.model.fill_english_names()
