"""The first page: which organisation is open and how many records each register holds."""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain.errors import CsoError
from cso_desktop.i18n import N_, _
from cso_desktop.services import summary
from cso_desktop.ui import messages, ops
from cso_desktop.ui.pages.base import Page, PageState

log = logging.getLogger(__name__)

TITLE = N_("Dashboard")
FIGURE_COLUMNS = 3


def _count_registers(database: Database) -> dict[str, int]:
    with database.reading() as session:
        return summary.register_counts(session)


class _Figure(QFrame):
    """A number with its caption."""

    def __init__(self, *, label: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.label = label
        self.value = QLabel("–", self)
        self.value.setObjectName("figureValue")
        self.caption = QLabel(self)
        self.caption.setObjectName("figureCaption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(2)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def retranslate(self, count: int | None) -> None:
        self.caption.setText(_(self.label))
        self.value.setText("–" if count is None else i18n.format_integer(count))


class DashboardPage(Page):
    """The organisation's name and its figures, or a way in when no file is open.

    Signals:
        open_requested(): the user wants to open an organisation file.
        new_requested(): the user wants to create a new organisation file.
        workshop_requested(): the user wants the workshop (demo) organisation.
    """

    open_requested = Signal()
    new_requested = Signal()
    workshop_requested = Signal()

    def __init__(self, *, parent=None) -> None:
        super().__init__(key="dashboard", title=TITLE, parent=parent)
        self._counts: dict[str, int] | None = None
        self._failed = ""
        self._loading_for: Database | None = None

        # The organisation.
        self.name_label = QLabel(self)
        self.name_label.setObjectName("organisationName")
        self.name_label.setWordWrap(True)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label = QLabel(self)
        self.file_label.setObjectName("fileLabel")
        self.file_label.setWordWrap(True)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_label = QLabel(self)
        self.demo_label.setObjectName("demoBadge")
        self.demo_label.setWordWrap(True)

        # The figures.
        self.figures: dict[str, _Figure] = {}
        figures_box = QWidget(self)
        grid = QGridLayout(figures_box)
        grid.setContentsMargins(0, 8, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        for position, (key, label) in enumerate(summary.count_labels().items()):
            figure = _Figure(label=label, parent=figures_box)
            self.figures[key] = figure
            grid.addWidget(figure, position // FIGURE_COLUMNS, position % FIGURE_COLUMNS)
        self.figures_box = figures_box
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("errorLabel")
        self.status_label.setVisible(False)

        # Hint for an empty file.
        self.empty_hint = QFrame(self)
        self.empty_hint.setObjectName("hintCard")
        self.empty_text = QLabel(self.empty_hint)
        self.empty_text.setWordWrap(True)
        self.empty_workshop_button = QPushButton(self.empty_hint)
        hint_layout = QVBoxLayout(self.empty_hint)
        hint_layout.setContentsMargins(16, 12, 16, 12)
        hint_layout.addWidget(self.empty_text)
        hint_layout.addWidget(self.empty_workshop_button, 0, Qt.AlignmentFlag.AlignLeft)

        # No file open.
        self.no_file = QFrame(self)
        self.no_file.setObjectName("hintCard")
        self.no_file_text = QLabel(self.no_file)
        self.no_file_text.setWordWrap(True)
        self.open_button = QPushButton(self.no_file)
        self.new_button = QPushButton(self.no_file)
        self.workshop_button = QPushButton(self.no_file)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.new_button, self.workshop_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        no_file_layout = QVBoxLayout(self.no_file)
        no_file_layout.setContentsMargins(16, 12, 16, 12)
        no_file_layout.addWidget(self.no_file_text)
        no_file_layout.addLayout(buttons)

        layout = self.page_layout
        layout.addWidget(self.name_label)
        layout.addWidget(self.file_label)
        layout.addWidget(self.demo_label)
        layout.addWidget(self.figures_box)
        layout.addWidget(self.status_label)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.no_file)
        layout.addStretch(1)

        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.workshop_button.clicked.connect(self._on_workshop_button_clicked)
        self.empty_workshop_button.clicked.connect(self._on_workshop_button_clicked)
        self._update_visibility()
        self.retranslate()

    # --- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        self._counts = None
        self._failed = ""
        self._update_visibility()
        self._update_texts()
        if self.open_file is None:
            return
        database = self.open_file.database
        self._loading_for = database
        ops.Op(
            op=lambda: _count_registers(database),
            success=lambda counts: self._show_counts(database, counts),
            failure=lambda exc: self._show_failure(database, exc),
            parent=self,
        ).run_in_background()

    def _current(self, database: Database) -> bool:
        return self.open_file is not None and self.open_file.database is database

    def _show_counts(self, database: Database, counts: dict[str, int]) -> None:
        if not self._current(database):
            return
        self._counts = counts
        self._update_visibility()
        self._update_texts()

    def _show_failure(self, database: Database, exc: Exception) -> None:
        if not self._current(database):
            return
        if isinstance(exc, CsoError):
            log.warning("Counting records failed: %s", exc.log_message)
            self._failed = exc.user_message
        else:
            log.error("Counting records failed", exc_info=exc)
            self._failed = _(
                "The figures could not be counted. Details were written to the log file: {path}"
            ).format(path=messages.log_file())
        self._counts = {}
        self._update_visibility()
        self._update_texts()

    # --- display ------------------------------------------------------------------------------

    def _is_empty(self) -> bool:
        return self._counts is not None and not self._failed and not any(self._counts.values())

    def _update_visibility(self) -> None:
        has_file = self.open_file is not None
        for widget in (self.name_label, self.file_label, self.figures_box):
            widget.setVisible(has_file)
        self.demo_label.setVisible(
            has_file and bool(self.open_file and self.open_file.profile.is_demo)
        )
        self.no_file.setVisible(not has_file)
        self.empty_hint.setVisible(has_file and self._is_empty())
        self.status_label.setVisible(has_file and bool(self._failed))

    def _update_texts(self) -> None:
        open_file = self.open_file
        if open_file is not None:
            self.name_label.setText(open_file.profile.name)
            where = str(open_file.path) if open_file.path else open_file.database.display_name
            self.file_label.setText(_("File: {path}").format(path=where))
        self.demo_label.setText(
            _(
                "This is the workshop organisation: its people and figures are invented, "
                "for practice."
            )
        )
        counts = self._counts or {}
        for key, figure in self.figures.items():
            figure.retranslate(
                counts.get(key) if self._counts is not None and not self._failed else None
            )
        self.status_label.setText(self._failed)
        self.empty_text.setText(
            _(
                "This organisation file has no records yet. To look around first, open the "
                "workshop organisation: a practice organisation with invented people, projects "
                "and a budget."
            )
        )
        self.empty_workshop_button.setText(_("Open the workshop organisation"))
        self.no_file_text.setText(
            _(
                "No organisation file is open. Open an existing file, create a new one, or try "
                "the workshop organisation."
            )
        )
        self.open_button.setText(_("Open a file…"))
        self.new_button.setText(_("New organisation file…"))
        self.workshop_button.setText(_("Open the workshop organisation"))

    def retranslate(self) -> None:
        super().retranslate()
        self._update_texts()

    def smoke_state(self) -> PageState:
        if self._stale or (self.open_file is not None and self._counts is None):
            return PageState(ready=False)
        if self._failed:
            return PageState(ready=True, ok=False, detail=f"failed: {self._failed}")
        if self.open_file is None:
            return PageState(ready=True, detail="no file open")
        total = sum((self._counts or {}).values())
        return PageState(ready=True, detail=f"{len(self.figures)} figures, {total} records")

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_open_button_clicked(self) -> None:
        self.open_requested.emit()

    @Slot()
    def _on_new_button_clicked(self) -> None:
        self.new_requested.emit()

    @Slot()
    def _on_workshop_button_clicked(self) -> None:
        self.workshop_requested.emit()
