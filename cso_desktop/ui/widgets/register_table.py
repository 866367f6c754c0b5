"""A register's rows on screen: actions, search and filters, the lazy table and the row count.

The toolbar offers New…/Open (registers whose records can be edited), one toggle button per
filter of the register (they combine with each other and with the search) and Export…, which
writes exactly the rows of the view, in its order, to an Excel or CSV file.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain import people
from cso_desktop.i18n import _, ngettext
from cso_desktop.services import export
from cso_desktop.services.registers import ARCHIVED, Column, Register
from cso_desktop.ui import messages, ops
from cso_desktop.ui.models.register_model import RegisterModel
from cso_desktop.ui.widgets.flow_layout import flow_container

log = logging.getLogger(__name__)

#: Wait this long after the last key before searching, so typing a name runs one query.
SEARCH_DELAY_MS = 200
#: One or two letters cannot use the search index (every row is read): wait longer for more.
SHORT_SEARCH_DELAY_MS = 600
#: Searches shorter than this (after folding) wait ``SHORT_SEARCH_DELAY_MS``.
SHORT_SEARCH_LENGTH = 3
#: Columns fit their first rows, but long titles and descriptions must not push others away.
MAX_COLUMN_WIDTH = 320
#: Room for the sort arrow beside a header title.
HEADER_EXTRA_WIDTH = 18
#: When the columns do not fit, columns give up room down to this width (or their title's).
SHRINK_FLOOR = 140

#: Answers to "the export will contain personal data".
INCLUDE_PERSONAL = "include"
WITHOUT_PERSONAL = "without"
CANCEL_EXPORT = "cancel"

_EXPORT_SUFFIXES = (".xlsx", ".csv")
#: Registers that the import wizard fills (its ``ImportKind`` values).
IMPORTABLE = frozenset({"members", "volunteers", "beneficiaries"})

#: Rules added to the window's style sheet (``ui/style.py``): filters look like toggles.
STYLE = """
QToolButton#filterButton {
    padding: 2px 10px;
    border: 1px solid palette(mid);
    border-radius: 11px;
    background: palette(base);
}
QToolButton#filterButton:hover {
    border-color: palette(highlight);
}
QToolButton#filterButton:checked {
    background: palette(highlight);
    color: palette(highlighted-text);
    border-color: palette(highlight);
}
QToolButton#filterButton:disabled {
    color: palette(placeholder-text);
}
"""


@dataclass(frozen=True)
class ViewQuery:
    """What the table shows: the same query an export repeats.

    Attributes:
        search: the search text in use.
        sort: the sort column's key.
        descending: sort order.
        filters: the switched-on filters' keys.
        as_of: the day computed columns were worked out for.
    """

    search: str
    sort: str | None
    descending: bool
    filters: tuple[str, ...]
    as_of: dt.date


def run_export(
    database: Database,
    register: Register,
    *,
    path: Path,
    query: ViewQuery,
    include_personal: bool,
    user_name: str | None = None,
    progress: ExportProgress | None = None,
) -> export.ExportResult:
    """Export the view off the GUI thread; commits the audit entry the export adds."""
    with database.transaction() as session:
        return export.export_view(
            session,
            register,
            path=path,
            search=query.search,
            sort=query.sort,
            descending=query.descending,
            filters=query.filters,
            as_of=query.as_of,
            include_personal=include_personal,
            user_name=user_name,
            progress=progress.report if progress is not None else None,
        )


class ExportCancelled(Exception):
    """The user stopped the export; no file was written."""


class ExportProgress(QObject):
    """Carries the export's progress from the worker thread to the GUI thread, and the user's
    wish to stop back to the worker.

    Signals:
        advanced(int, int): rows written so far, rows in the view.
    """

    advanced = Signal(int, int)

    def __init__(self, *, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Stop the export after the window of rows being written (any thread)."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def report(self, written: int, total: int) -> None:
        """Called by the export on its own thread; Qt queues the signal to the GUI thread.

        Raises:
            ExportCancelled: the user asked to stop; the export deletes its partial file.
        """
        if self._cancelled.is_set():
            raise ExportCancelled
        self.advanced.emit(written, total)


class RegisterTable(QWidget):
    """One register: toolbar, search box, filter toggles, table and row count.

    Attributes:
        register: the register shown.
        model: its lazy model.
        view: the table view.
        search_edit: the search box (hidden for registers that cannot be searched).
        new_button, open_button: shown for registers whose records can be edited.
        export_button: exports the rows of the view.
        filter_buttons: one toggle button per filter, by filter key.
        user_name: who works in the window, for the audit log (``None``: not known).

    Signals:
        rows_ready(): a (re)load finished; the first rows, or none, are in the model.
        records_changed(): a record was added or changed through an editor.
        export_finished(object): an export wrote its file (the ``ExportResult``).
    """

    rows_ready = Signal()
    records_changed = Signal()
    export_finished = Signal(object)

    def __init__(
        self,
        *,
        register: Register,
        show_heading: bool = False,
        editable: bool = False,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.register = register
        self.editable = editable
        self.user_name: str | None = None
        self._fit_pending = True
        self._natural_widths: list[int] = []
        self._minimum_widths: list[int] = []
        self._user_sized = False
        self._fitting = False
        self._has_database = False
        self._export: ExportProgress | None = None
        self._export_folder = ""

        self.heading = QLabel(self)
        self.heading.setObjectName("registerHeading")
        self.heading.setVisible(show_heading)

        # Actions.
        self.new_button = QPushButton(self)
        self.open_button = QPushButton(self)
        for button in (self.new_button, self.open_button):
            button.setVisible(editable)
        self.export_button = QPushButton(self)
        # Lists of people come in from CSV and Excel files (cso_desktop.ui.dialogs.import_wizard).
        self.import_button = QPushButton(self)
        self.import_button.setVisible(editable and register.key in IMPORTABLE)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        # The query: search and filters.
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(240)
        self.search_edit.setMaximumWidth(380)
        self.search_edit.setVisible(register.search_expr is not None)
        self.filters_box, filters_layout = flow_container(parent=self)
        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(False)
        self.filter_buttons: dict[str, QToolButton] = {}
        for position, filter_ in enumerate(register.all_filters):
            chip = QToolButton(self.filters_box)
            chip.setObjectName("filterButton")
            chip.setCheckable(True)
            chip.setAutoRaise(False)
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            chip.setProperty("filterKey", filter_.key)
            self.filter_group.addButton(chip, position)
            filters_layout.addWidget(chip)
            self.filter_buttons[filter_.key] = chip
        self.filters_label = QLabel(self)
        self.filters_label.setObjectName("hintText")
        self.filters_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.filters_label.setVisible(bool(self.filter_buttons))
        self.filters_box.setVisible(bool(self.filter_buttons))

        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setVisible(False)

        self.model = RegisterModel(register=register, parent=self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self._setup_view()

        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._on_fit_timer_timeout)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        searchable = register.search_expr is not None
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(8)
        actions.addWidget(self.heading)
        actions.addWidget(self.new_button)
        actions.addWidget(self.open_button)
        query = QHBoxLayout()
        query.setContentsMargins(0, 0, 0, 0)
        query.setSpacing(10)
        query.addWidget(self.search_edit, 0, Qt.AlignmentFlag.AlignTop)
        # Without a search box, a second row only for the filters would waste a line.
        filters_row = query if searchable else actions
        filters_row.addSpacing(0 if searchable else 12)
        filters_row.addWidget(self.filters_label, 0, Qt.AlignmentFlag.AlignTop)
        filters_row.addWidget(self.filters_box, 1 if searchable else 0)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        actions.addSpacing(8)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        self.query_row = QWidget(self)
        self.query_row.setLayout(query)
        self.query_row.setVisible(searchable)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(actions)
        layout.addWidget(self.query_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.view, 1)

        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.filter_group.idToggled.connect(self._on_filter_group_id_toggled)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.model.counts_changed.connect(self._on_model_counts_changed)
        self.model.fetch_failed.connect(self._on_model_fetch_failed)
        self.model.modelReset.connect(self._on_model_model_reset)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.selectionModel().selectionChanged.connect(
            self._on_selection_model_selection_changed
        )
        self.view.horizontalHeader().sortIndicatorChanged.connect(
            self._on_header_sort_indicator_changed
        )
        self.view.horizontalHeader().sectionResized.connect(self._on_header_section_resized)
        self.view.installEventFilter(self)
        self._update_actions()
        self.retranslate()

    def _setup_view(self) -> None:
        view = self.view
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        vertical = view.verticalHeader()
        vertical.setVisible(False)
        # Fixed row heights: the view never measures rows, which keeps big tables smooth.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)

    # --- public -------------------------------------------------------------------------------

    def set_database(self, database: Database | None) -> None:
        """Show the rows of ``database`` (or nothing), keeping the typed search and filters."""
        self._has_database = database is not None
        self._fit_pending = True
        self._search_timer.stop()
        self.model.set_database(database, search=self.search_edit.text())
        self._update_actions()

    def show_only(self, filters: tuple[str, ...] | list[str], *, search: str = "") -> None:
        """Show the rows that pass ``filters`` (and ``search``), whatever was chosen before."""
        self._search_timer.stop()
        blocked = self.search_edit.blockSignals(True)
        self.search_edit.setText(search)
        self.search_edit.blockSignals(blocked)
        self._set_filter_buttons(filters)
        self.model.set_query(search=search, filters=filters)

    def query(self) -> ViewQuery:
        """The query behind the rows shown (what an export writes)."""
        model = self.model
        return ViewQuery(
            search=model.search,
            sort=model.sort_key,
            descending=model.descending,
            filters=model.filters,
            as_of=model.as_of,
        )

    def retranslate(self) -> None:
        self.heading.setText(_(self.register.title))
        self.new_button.setText(_("New…"))
        self.new_button.setToolTip(_("Add a record to this register"))
        self.import_button.setText(_("Import…"))
        self.import_button.setToolTip(
            _("Add the rows of a CSV or Excel file (KoboToolbox exports too) to this register")
        )
        self.open_button.setText(_("Open"))
        self.open_button.setToolTip(_("Open the selected record (Enter, or double-click a row)"))
        self.search_edit.setPlaceholderText(_("Search by name or number…"))
        self.search_edit.setToolTip(
            _("Type part of a name or a number; capital and small letters are treated alike.")
        )
        self.filters_label.setText(_("Show only:"))
        for filter_ in self.register.all_filters:
            chip = self.filter_buttons[filter_.key]
            chip.setText(_(filter_.title))
            if filter_.key == ARCHIVED:
                chip.setToolTip(_("Show the archived records instead of the current ones"))
            else:
                chip.setToolTip(
                    _("Show only these rows; combines with the search and the other filters")
                )
        # Level with the first row of filters, however many rows they wrap onto.
        rows_height = max(
            [self.search_edit.sizeHint().height()]
            + [chip.sizeHint().height() for chip in self.filter_buttons.values()]
        )
        self.filters_label.setFixedHeight(rows_height)
        self.model.retranslate()
        self._update_count_label()
        self._update_actions()
        self._fit_pending = True
        self._fit_columns()

    def focus_search(self) -> bool:
        """Put the cursor in the search box; ``False`` if this register has none."""
        if self.search_edit.isHidden():
            return False
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()
        return True

    def count_text(self) -> str:
        return self.count_label.text()

    def current_row_id(self) -> int | None:
        """The primary key of the selected (current) row, or ``None``."""
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row_id(index.row())

    # --- questions (small methods so that tests can answer them) ------------------------------

    def ask_personal_data(self, columns: list[Column]) -> str:
        """Whether to export personal data: ``INCLUDE_PERSONAL``, ``WITHOUT_PERSONAL`` or
        ``CANCEL_EXPORT``."""
        names = ", ".join(_(column.title) for column in columns)
        return messages.ask_choice(
            self,
            _("The export will contain personal data: {columns}. Include them?").format(
                columns=names
            ),
            choices=[
                (INCLUDE_PERSONAL, _("Include personal data")),
                (WITHOUT_PERSONAL, _("Export without personal data")),
                (CANCEL_EXPORT, _("Cancel")),
            ],
            cancel=CANCEL_EXPORT,
            # Enter without reading keeps personal data in the app.
            default=WITHOUT_PERSONAL,
            title=_("Export {register}").format(register=_(self.register.title)),
        )

    def ask_export_path(self) -> Path | None:
        """Ask where to save the export (.xlsx or .csv); ``None`` if the user cancelled."""
        folder = self._export_folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        name = _("{register} {date}").format(
            register=_(self.register.title), date=self.model.as_of.isoformat()
        )
        excel = _("Excel workbook (*.xlsx)")
        text = _("CSV file for any spreadsheet (*.csv)")
        chosen, selected = QFileDialog.getSaveFileName(
            self,
            _("Export {register}").format(register=_(self.register.title)),
            str(Path(folder) / f"{name}.xlsx"),
            ";;".join((excel, text)),
            excel,
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in _EXPORT_SUFFIXES:
            path = path.with_name(path.name + (".csv" if selected == text else ".xlsx"))
        self._export_folder = str(path.parent)
        return path

    # --- slots --------------------------------------------------------------------------------

    @Slot(str)
    def _on_search_edit_text_changed(self, text: str) -> None:
        folded = people.fold(text).strip()
        short = 0 < len(folded) < SHORT_SEARCH_LENGTH
        self._search_timer.start(SHORT_SEARCH_DELAY_MS if short else SEARCH_DELAY_MS)

    @Slot()
    def _on_search_edit_return_pressed(self) -> None:
        self._apply_typed_search()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self.model.set_search(self.search_edit.text())

    @Slot(int, bool)
    def _on_filter_group_id_toggled(self, position: int, checked: bool) -> None:
        key = self.register.all_filters[position].key
        if (key in self.model.filters) == checked:
            return
        # Whatever is typed counts at once: one query for the search and the filters together.
        self._search_timer.stop()
        wanted = set(self.model.filters)
        if checked:
            wanted.add(key)
        else:
            wanted.discard(key)
        self.model.set_query(search=self.search_edit.text(), filters=wanted)

    @Slot()
    def _on_new_button_clicked(self) -> None:
        self._open_editor(None)

    @Slot()
    def _on_open_button_clicked(self) -> None:
        record_id = self.current_row_id()
        if record_id is not None:
            self._open_editor(record_id)

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        if not self.editable or not index.isValid():
            return
        record_id = self.model.row_id(index.row())
        if record_id is not None:
            self._open_editor(record_id)

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_model_selection_changed(
        self, _selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        self._update_actions()

    @Slot()
    def _on_import_button_clicked(self) -> None:
        self.import_list()

    def import_list(self) -> None:
        """Run the import wizard for this register; the rows shown refresh after an import."""
        database = self.model.database
        if database is None or self.register.key not in IMPORTABLE:
            return
        # Imported here: the wizard and the importer load only when someone imports.
        from cso_desktop.ui.dialogs.import_wizard import open_import_wizard

        summary = open_import_wizard(
            database, kind=self.register.key, parent=self.window(), user_name=self.user_name
        )
        if summary is not None:
            self.model.refresh()
            self.records_changed.emit()

    @Slot()
    def _on_export_button_clicked(self) -> None:
        if self._export is not None:
            self.cancel_export()
        else:
            self.export_view()

    @Slot(int, int)
    def _on_model_counts_changed(self, _shown: int, _total: int) -> None:
        self._update_count_label()
        self._update_actions()

    @Slot(str)
    def _on_model_fetch_failed(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    @Slot()
    def _on_model_model_reset(self) -> None:
        if not self.model.error:
            self.error_label.setVisible(False)
        self._sync_filter_buttons()
        self._fit_columns()
        self._update_actions()
        self.rows_ready.emit()

    @Slot()
    def _on_fit_timer_timeout(self) -> None:
        self._apply_widths()

    @Slot(int, int, int)
    def _on_header_section_resized(self, section: int, _old: int, _new: int) -> None:
        # Only a drag of a column edge counts: the last column also resizes with the window.
        dragged = bool(QApplication.mouseButtons() & Qt.MouseButton.LeftButton)
        if dragged and not self._fitting and section < self.model.columnCount() - 1:
            # From now on the user's widths win over the automatic ones.
            self._user_sized = True

    @Slot(int, Qt.SortOrder)
    def _on_header_sort_indicator_changed(self, section: int, _order: Qt.SortOrder) -> None:
        columns = self.register.columns
        if 0 <= section < len(columns) and columns[section].sortable:
            return
        # Values computed after the fetch (age, totals) cannot be sorted in SQL: keep the
        # arrow where the rows really are sorted.
        header = self.view.horizontalHeader()
        order = (
            Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
        )
        blocked = header.blockSignals(True)
        header.setSortIndicator(self.model.sort_column(), order)
        header.blockSignals(blocked)

    @Slot(int, int)
    def _on_progress_advanced(self, written: int, total: int) -> None:
        if self._export is not None and not self._export.cancelled and total:
            messages.show_status(
                _("Exporting… {written} of {count} rows written.").format(
                    written=i18n.format_integer(written), count=i18n.format_integer(total)
                )
            )

    # --- editing ------------------------------------------------------------------------------

    def _open_editor(self, record_id: int | None) -> None:
        database = self.model.database
        if not self.editable or database is None:
            return
        # Imported here: the editors and their forms load only when someone edits.
        from cso_desktop.ui.dialogs import editors

        if not editors.supports(self.register.key):
            messages.show_status(_("Records of this register cannot be edited here yet."))
            return
        changed = editors.open_record(
            self.register.key,
            db=database,
            record_id=record_id,
            parent=self.window(),
            user_name=self.user_name,
        )
        if not changed:
            return
        self.model.refresh()
        if record_id is not None:
            self._select_record(record_id)
        self.records_changed.emit()

    def _select_record(self, record_id: int) -> None:
        row = self.model.row_of(record_id)
        if row < 0:
            return
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.selectRow(row)
        self.view.scrollTo(index)

    # --- exporting ----------------------------------------------------------------------------

    @property
    def exporting(self) -> bool:
        """An export of this register is running."""
        return self._export is not None

    def export_view(self) -> None:
        """Ask what and where, then write the rows of the view to a file (off the GUI thread)."""
        database = self.model.database
        if database is None or self._export is not None:
            return
        self._apply_typed_search()
        include_personal = True
        personal = export.personal_columns(self.register)
        if personal:
            answer = self.ask_personal_data(personal)
            if answer == CANCEL_EXPORT:
                return
            include_personal = answer == INCLUDE_PERSONAL
        path = self.ask_export_path()
        if path is None:
            return
        query = self.query()
        progress = ExportProgress()
        progress.advanced.connect(self._on_progress_advanced)
        self._export = progress
        self._update_actions()
        messages.show_status(_("Exporting {register}…").format(register=_(self.register.title)))
        register = self.register
        user_name = self.user_name
        ops.Op(
            op=lambda: run_export(
                database,
                register,
                path=path,
                query=query,
                include_personal=include_personal,
                user_name=user_name,
                progress=progress,
            ),
            success=self._export_succeeded,
            failure=self._export_failed,
            finished=lambda: self._export_done(progress),
            parent=self,
        ).run_in_background()

    def cancel_export(self) -> None:
        """Stop the running export, if any; it writes no file."""
        if self._export is not None:
            self._export.cancel()
            self.export_button.setEnabled(False)
            messages.show_status(_("Stopping the export…"))

    def _export_succeeded(self, result: export.ExportResult) -> None:
        messages.show_status(
            ngettext(
                "Exported {count} row to {path}.", "Exported {count} rows to {path}.", result.rows
            ).format(count=i18n.format_integer(result.rows), path=result.path)
        )
        self.export_finished.emit(result)

    def _export_failed(self, exc: Exception) -> None:
        if isinstance(exc, ExportCancelled):
            messages.show_status(_("The export was stopped; nothing was written."))
            return
        messages.show_status(_("The export failed; nothing was written."))
        ops.show_failure(exc, parent=self)

    def _export_done(self, progress: ExportProgress) -> None:
        progress.advanced.disconnect(self._on_progress_advanced)
        progress.deleteLater()
        if self._export is progress:
            self._export = None
        self._update_actions()

    # --- helpers ------------------------------------------------------------------------------

    def _apply_typed_search(self) -> None:
        """Search for what is typed now, without waiting for the pause."""
        if self._search_timer.isActive():
            self._search_timer.stop()
        self.model.set_search(self.search_edit.text())

    def _set_filter_buttons(self, keys: tuple[str, ...] | list[str] | set[str]) -> None:
        wanted = set(keys)
        # The group reports toggles itself: block it, or each change would run a query.
        blocked = self.filter_group.blockSignals(True)
        try:
            for key, chip in self.filter_buttons.items():
                chip.setChecked(key in wanted)
        finally:
            self.filter_group.blockSignals(blocked)

    def _sync_filter_buttons(self) -> None:
        self._set_filter_buttons(self.model.filters)

    def _update_actions(self) -> None:
        has_database = self.model.database is not None
        self.new_button.setEnabled(has_database)
        self.import_button.setEnabled(has_database)
        self.open_button.setEnabled(has_database and self.current_row_id() is not None)
        if self._export is not None:
            # While an export runs, the button stops it.
            self.export_button.setText(_("Stop export"))
            self.export_button.setToolTip(_("Stop writing the file; nothing is saved"))
            self.export_button.setEnabled(not self._export.cancelled)
        else:
            self.export_button.setText(_("Export…"))
            self.export_button.setToolTip(
                _("Save the rows shown, with the search and filters, as an Excel or CSV file")
            )
            self.export_button.setEnabled(has_database and self.model.total > 0)
        for chip in self.filter_buttons.values():
            chip.setEnabled(has_database)

    def _update_count_label(self) -> None:
        model = self.model
        search = model.search.strip()
        if not self._has_database:
            text = ""
        elif model.total == 0 and search and model.filters:
            text = _("Nothing matches “{search}” with these filters.").format(search=search)
        elif model.total == 0 and search:
            text = _("Nothing matches “{search}”.").format(search=search)
        elif model.total == 0 and model.filters:
            text = _("No rows with these filters.")
        elif model.loaded >= model.total:
            text = ngettext("{count} row", "{count} rows", model.total).format(
                count=i18n.format_integer(model.total)
            )
        else:
            text = ngettext(
                "{shown} of {count} row shown", "{shown} of {count} rows shown", model.total
            ).format(
                shown=i18n.format_integer(model.loaded), count=i18n.format_integer(model.total)
            )
        self.count_label.setText(text)

    def _fit_columns(self) -> None:
        """Size columns to their header and the first window of rows, then to the view."""
        if self._fit_pending:
            header = self.view.horizontalHeader()
            metrics = header.fontMetrics()
            natural = []
            minimum = []
            for column in range(self.model.columnCount()):
                title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
                # Only the rows on screen are measured (QTableView::sizeHintForColumn), never
                # the whole register.
                contents = self.view.sizeHintForColumn(column) if self.model.rowCount() else 0
                title_width = metrics.horizontalAdvance(title) + HEADER_EXTRA_WIDTH + 16
                width = max(title_width, min(contents, MAX_COLUMN_WIDTH))
                natural.append(width)
                # A header title is never cut; long values may be (they show a tooltip).
                minimum.append(max(title_width, min(width, SHRINK_FLOOR)))
            self._natural_widths = natural
            self._minimum_widths = minimum
            self._user_sized = False
            if self.model.rowCount() and not self.model.error:
                self._fit_pending = False
        self._apply_widths()

    def _apply_widths(self) -> None:
        if self._fitting or self._user_sized or not self._natural_widths:
            return
        available = self.view.viewport().width() if self.view.isVisible() else 0
        widths = (
            fit_widths(self._natural_widths, available, minimum=self._minimum_widths)
            if available > 0
            else self._natural_widths
        )
        header = self.view.horizontalHeader()
        self._fitting = True
        try:
            for column, width in enumerate(widths):
                header.resizeSection(column, width)
            if available > 0:
                # Lay out now, so the first paint has no stale horizontal scroll bar.
                self.view.doItemsLayout()
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view:
            kind = event.type()
            if kind in (QEvent.Type.Resize, QEvent.Type.Show):
                # Later, once: new widths can show or hide a scroll bar, which resizes the view.
                self._fit_timer.start()
            elif (
                kind == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.editable
            ):
                record_id = self.current_row_id()
                if record_id is not None:
                    self._open_editor(record_id)
                    return True
        return super().eventFilter(watched, event)


def fit_widths(natural: list[int], available: int, *, minimum: list[int]) -> list[int]:
    """Column widths that fit ``available`` pixels where possible.

    Columns give up the room they have above their ``minimum``, in proportion to it, so long
    titles and descriptions shrink (and elide) while codes, dates and amounts stay whole. When
    even the minimums do not fit, the view scrolls sideways.
    """
    excess = sum(natural) - available
    if excess <= 0:
        return list(natural)
    slack = [max(0, width - floor) for width, floor in zip(natural, minimum, strict=True)]
    total_slack = sum(slack)
    if total_slack == 0:
        return list(natural)
    ratio = min(1.0, excess / total_slack)
    return [width - math.ceil(room * ratio) for width, room in zip(natural, slack, strict=True)]
