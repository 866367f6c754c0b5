"""A register's rows on screen: a search box, the lazy table and how many rows are shown."""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.i18n import _, ngettext
from cso_desktop.services.registers import Register
from cso_desktop.ui.models.register_model import RegisterModel

#: Wait this long after the last key before searching, so typing a name runs one query.
SEARCH_DELAY_MS = 250
#: Columns fit their first rows, but long titles and descriptions must not push others away.
MAX_COLUMN_WIDTH = 320
#: Room for the sort arrow beside a header title.
HEADER_EXTRA_WIDTH = 18
#: When the columns do not fit, columns give up room down to this width (or their title's).
SHRINK_FLOOR = 140


class RegisterTable(QWidget):
    """One register: search box, table and row count.

    Attributes:
        register: the register shown.
        model: its lazy model.
        view: the table view.
        search_edit: the search box (hidden for registers that cannot be searched).

    Signals:
        rows_ready(): a (re)load finished; the first rows, or none, are in the model.
    """

    rows_ready = Signal()

    def __init__(self, *, register: Register, show_heading: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.register = register
        self._fit_pending = True
        self._natural_widths: list[int] = []
        self._minimum_widths: list[int] = []
        self._user_sized = False
        self._fitting = False
        self._has_database = False

        self.heading = QLabel(self)
        self.heading.setObjectName("registerHeading")
        self.heading.setVisible(show_heading)

        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(260)
        self.search_edit.setMaximumWidth(420)
        self.search_edit.setVisible(register.search_expr is not None)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

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

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading)
        top.addWidget(self.search_edit, 1)
        top.addStretch(0)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(self.view, 1)

        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.model.counts_changed.connect(self._on_model_counts_changed)
        self.model.fetch_failed.connect(self._on_model_fetch_failed)
        self.model.modelReset.connect(self._on_model_model_reset)
        self.view.horizontalHeader().sortIndicatorChanged.connect(
            self._on_header_sort_indicator_changed
        )
        self.view.horizontalHeader().sectionResized.connect(self._on_header_section_resized)
        self.view.installEventFilter(self)
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
        """Show the rows of ``database`` (or nothing), keeping the typed search."""
        self._has_database = database is not None
        self._fit_pending = True
        self._search_timer.stop()
        self.model.set_database(database, search=self.search_edit.text())

    def retranslate(self) -> None:
        self.heading.setText(_(self.register.title))
        self.search_edit.setPlaceholderText(_("Search by name or number…"))
        self.search_edit.setToolTip(
            _("Type part of a name or a number; capital and small letters are treated alike.")
        )
        self.model.retranslate()
        self._update_count_label()
        self._fit_pending = True
        self._fit_columns()

    def focus_search(self) -> None:
        if self.search_edit.isVisible():
            self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search_edit.selectAll()

    def count_text(self) -> str:
        return self.count_label.text()

    # --- slots --------------------------------------------------------------------------------

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _on_search_edit_return_pressed(self) -> None:
        self._search_timer.stop()
        self.model.set_search(self.search_edit.text())

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self.model.set_search(self.search_edit.text())

    @Slot(int, int)
    def _on_model_counts_changed(self, _shown: int, _total: int) -> None:
        self._update_count_label()

    @Slot(str)
    def _on_model_fetch_failed(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    @Slot()
    def _on_model_model_reset(self) -> None:
        if not self.model.error:
            self.error_label.setVisible(False)
        self._fit_columns()
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

    # --- helpers ------------------------------------------------------------------------------

    def _update_count_label(self) -> None:
        model = self.model
        if not self._has_database:
            text = ""
        elif model.total == 0 and model.search.strip():
            text = _("Nothing matches “{search}”.").format(search=model.search.strip())
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
        if watched is self.view and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            # Later, once: new widths can show or hide a scroll bar, which resizes the view again.
            self._fit_timer.start()
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
