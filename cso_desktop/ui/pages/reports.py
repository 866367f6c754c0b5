"""The Reports page: choose a report and its parameters, build it off the GUI thread, open it.

On the left, every kind of report (:func:`cso_desktop.services.reporting.report_kinds`) with
what it holds; on the right, its parameters: the project (required, optional or none, by
kind), the period, the report's language (the window's by default), the format, and for the
IFRC GO 3W upload the National Society and the rates to CHF (prefilled from the stored
exchange rates). **Build…** asks where to save, then builds the report in the thread pool with
a progress bar; the window stays usable. When it is written, the file or its folder can be
opened. A report that cannot be built shows the service's message under the button; every
choice stays as it was. The last choices are kept in the user's settings.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import (
    QObject,
    QStandardPaths,
    Qt,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QDesktopServices, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop import settings as user_settings
from cso_desktop.domain.errors import CsoError, ValidationError
from cso_desktop.i18n import N_, _
from cso_desktop.services import reporting
from cso_desktop.services.reporting import ProjectUse, ReportFormat, ReportKind
from cso_desktop.ui import messages, ops
from cso_desktop.ui.forms.dates import DateField
from cso_desktop.ui.pages.base import Page, PageState

log = logging.getLogger(__name__)

TITLE = N_("Reports")

#: The file dialog's filter of each format.
FORMAT_FILTERS: dict[ReportFormat, str] = {
    ReportFormat.PDF: N_("PDF document (*.pdf)"),
    ReportFormat.XLSX: N_("Excel workbook (*.xlsx)"),
    ReportFormat.CSV: N_("CSV file (*.csv)"),
    ReportFormat.XML: N_("XML file (*.xml)"),
}

STYLE = """
QFrame#reportCard[selected="true"] {
    border: 2px solid palette(highlight);
}
QRadioButton#reportTitle {
    font-weight: bold;
}
QLabel#reportCardDescription {
    color: palette(placeholder-text);
}
"""


class ReportProgress(QObject):
    """Carries the build's progress from the worker thread to the GUI thread.

    Signals:
        advanced(int, int, str): step done, steps in all, what is being done (translated).
    """

    advanced = Signal(int, int, str)

    def report(self, step: int, steps: int, text: str) -> None:
        """Called by the build on its own thread; Qt queues the signal to the GUI thread."""
        self.advanced.emit(step, steps, text)


class _KindCard(QFrame):
    """One report in the list: a radio button with its title, and its description.

    Signals:
        chosen(str): the user clicked the card (its kind's key).
    """

    chosen = Signal(str)

    def __init__(self, *, kind: ReportKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName("reportCard")
        self.setProperty("selected", False)
        self.radio = QRadioButton(self)
        self.radio.setObjectName("reportTitle")
        self.description = QLabel(self)
        self.description.setObjectName("reportCardDescription")
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.radio)
        layout.addWidget(self.description)

    def retranslate(self) -> None:
        self.radio.setText(_(self.kind.title))
        self.description.setText(_(self.kind.description))

    def set_selected(self, selected: bool) -> None:
        self.setProperty("selected", selected)
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.radio.setChecked(True)
            self.chosen.emit(self.kind.key)
            event.accept()
            return
        super().mousePressEvent(event)


class ReportsPage(Page):
    """Build any report of the open file.

    Attributes:
        user_name: who works in the window, for the audit log.
        cards: one card per report kind, by key.
        project_combo, start_field, end_field, language_combo: the parameters.
        format_buttons: the format radio buttons of the chosen kind, by format.
        ns_edit, rate_edits: GO 3W: the National Society and the rate to CHF per currency.
        build_button, progress_bar, progress_label: building.
        error_label: why the last build failed (hidden after a success).
        result_label, notes_label, open_file_button, open_folder_button: the file written.
    """

    def __init__(
        self, *, settings: user_settings.Settings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(key="reports", title=TITLE, parent=parent)
        self.setStyleSheet(STYLE)
        self.user_name: str | None = None
        self._given_settings = settings
        self._own_settings: user_settings.Settings | None = None
        self._setup: reporting.ReportSetup | None = None
        self._load_failed = ""
        self._kind: ReportKind = reporting.report_kinds()[0]
        self._building: ReportProgress | None = None
        self._last_result: reporting.ReportResult | None = None
        self._restored = False

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setObjectName("hintText")
        self.page_layout.addWidget(self.intro)

        # The reports, on the left.
        list_area = QScrollArea(self)
        list_area.setWidgetResizable(True)
        list_area.setFrameShape(QFrame.Shape.NoFrame)
        list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        list_content = QWidget(list_area)
        cards_layout = QVBoxLayout(list_content)
        cards_layout.setContentsMargins(0, 0, 6, 0)
        cards_layout.setSpacing(6)
        self.kind_group = QButtonGroup(self)
        self.cards: dict[str, _KindCard] = {}
        for kind in reporting.report_kinds():
            card = _KindCard(kind=kind, parent=list_content)
            self.kind_group.addButton(card.radio)
            card.radio.toggled.connect(self._on_card_radio_toggled)
            card.chosen.connect(self._on_card_chosen)
            cards_layout.addWidget(card)
            self.cards[kind.key] = card
        cards_layout.addStretch(1)
        list_area.setWidget(list_content)
        self.list_area = list_area
        list_area.setMinimumWidth(340)
        list_area.setMaximumWidth(440)

        # The parameters, on the right.
        self.options_box = QGroupBox(self)
        form = QFormLayout(self.options_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        self.description_label = QLabel(self.options_box)
        self.description_label.setWordWrap(True)
        self.description_label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.description_label)

        self.project_label = QLabel(self.options_box)
        self.project_combo = QComboBox(self.options_box)
        self.project_combo.setObjectName("reportProject")
        self.project_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.project_combo.setMinimumContentsLength(24)
        self.project_label.setBuddy(self.project_combo)
        form.addRow(self.project_label, self.project_combo)

        self.period_label = QLabel(self.options_box)
        self.start_field = DateField(parent=self.options_box)
        self.end_field = DateField(parent=self.options_box)
        self.period_dash = QLabel("–", self.options_box)
        period_row = QHBoxLayout()
        period_row.setSpacing(6)
        period_row.addWidget(self.start_field)
        period_row.addWidget(self.period_dash)
        period_row.addWidget(self.end_field)
        period_row.addStretch(1)
        self.period_label.setBuddy(self.start_field)
        form.addRow(self.period_label, period_row)
        self.period_hint = QLabel(self.options_box)
        self.period_hint.setObjectName("hintText")
        self.period_hint.setWordWrap(True)
        form.addRow(self.period_hint)

        self.language_label = QLabel(self.options_box)
        self.language_combo = QComboBox(self.options_box)
        self.language_combo.setObjectName("reportLanguage")
        for code in i18n.LANGUAGES:
            self.language_combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language_combo.setCurrentIndex(self.language_combo.findData(i18n.current_language()))
        self.language_label.setBuddy(self.language_combo)
        language_row = QHBoxLayout()
        language_row.addWidget(self.language_combo)
        language_row.addStretch(1)
        form.addRow(self.language_label, language_row)

        self.format_label = QLabel(self.options_box)
        self.format_row = QHBoxLayout()
        self.format_row.setSpacing(14)
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[ReportFormat, QRadioButton] = {}
        for file_format in ReportFormat:
            button = QRadioButton(self.options_box)
            button.setObjectName(f"format_{file_format.value}")
            self.format_group.addButton(button)
            self.format_row.addWidget(button)
            self.format_buttons[file_format] = button
        self.format_row.addStretch(1)
        form.addRow(self.format_label, self.format_row)

        # GO 3W: the National Society and the rates to CHF.
        self.go3w_box = QGroupBox(self.options_box)
        go3w_form = QFormLayout(self.go3w_box)
        go3w_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        go3w_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.ns_label = QLabel(self.go3w_box)
        self.ns_edit = QLineEdit(self.go3w_box)
        self.ns_edit.setObjectName("reportingNs")
        self.ns_edit.setText(reporting.DEFAULT_REPORTING_NS)
        self.ns_label.setBuddy(self.ns_edit)
        go3w_form.addRow(self.ns_label, self.ns_edit)
        self.rates_hint = QLabel(self.go3w_box)
        self.rates_hint.setObjectName("hintText")
        self.rates_hint.setWordWrap(True)
        go3w_form.addRow(self.rates_hint)
        self.rates_form = QFormLayout()
        self.rates_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        go3w_form.addRow(self.rates_form)
        self.rate_edits: dict[str, QLineEdit] = {}
        self.districts_hint = QLabel(self.go3w_box)
        self.districts_hint.setObjectName("hintText")
        self.districts_hint.setWordWrap(True)
        go3w_form.addRow(self.districts_hint)
        form.addRow(self.go3w_box)

        # Building and the outcome.
        self.build_button = QPushButton(self.options_box)
        self.build_button.setObjectName("buildReport")
        self.build_button.setDefault(True)
        self.progress_bar = QProgressBar(self.options_box)
        self.progress_bar.setRange(0, reporting.STEPS)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumWidth(220)
        self.progress_label = QLabel(self.options_box)
        self.progress_label.setObjectName("hintText")
        build_row = QHBoxLayout()
        build_row.setSpacing(10)
        build_row.addWidget(self.build_button)
        build_row.addWidget(self.progress_bar)
        build_row.addWidget(self.progress_label, 1)
        form.addRow(build_row)
        self.error_label = QLabel(self.options_box)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.error_label)

        self.result_box = QFrame(self.options_box)
        self.result_box.setObjectName("hintCard")
        result_layout = QVBoxLayout(self.result_box)
        result_layout.setContentsMargins(12, 8, 12, 8)
        self.result_label = QLabel(self.result_box)
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes_label = QLabel(self.result_box)
        self.notes_label.setObjectName("hintText")
        self.notes_label.setWordWrap(True)
        self.notes_label.setTextFormat(Qt.TextFormat.PlainText)
        self.open_file_button = QPushButton(self.result_box)
        self.open_file_button.setObjectName("openReport")
        self.open_folder_button = QPushButton(self.result_box)
        self.open_folder_button.setObjectName("openReportFolder")
        open_row = QHBoxLayout()
        open_row.addWidget(self.open_file_button)
        open_row.addWidget(self.open_folder_button)
        open_row.addStretch(1)
        result_layout.addWidget(self.result_label)
        result_layout.addWidget(self.notes_label)
        result_layout.addLayout(open_row)
        form.addRow(self.result_box)

        options_area = QScrollArea(self)
        options_area.setWidgetResizable(True)
        options_area.setFrameShape(QFrame.Shape.NoFrame)
        options_content = QWidget(options_area)
        options_layout = QVBoxLayout(options_content)
        options_layout.setContentsMargins(0, 0, 0, 0)
        options_layout.addWidget(self.options_box)
        options_layout.addStretch(1)
        options_area.setWidget(options_content)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(list_area)
        body.addWidget(options_area, 1)
        self.page_layout.addLayout(body, 1)

        self.options_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.project_combo.activated.connect(self._on_project_combo_activated)
        self.build_button.clicked.connect(self._on_build_button_clicked)
        self.open_file_button.clicked.connect(self._on_open_file_button_clicked)
        self.open_folder_button.clicked.connect(self._on_open_folder_button_clicked)

        self.progress_bar.setVisible(False)
        self.error_label.setVisible(False)
        self.result_box.setVisible(False)
        self.cards[self._kind.key].radio.setChecked(True)
        self._show_kind()
        self.retranslate()

    # --- settings -----------------------------------------------------------------------------

    def settings(self) -> user_settings.Settings:
        """The user's settings: the window's own object when the page is in one (so that the
        window, saving at exit, keeps the choices), else loaded once from the settings file."""
        if self._given_settings is not None:
            return self._given_settings
        shared = getattr(self.window(), "settings", None)
        if isinstance(shared, user_settings.Settings):
            return shared
        if self._own_settings is None:
            self._own_settings = user_settings.load()
        return self._own_settings

    def _remember(self, request: reporting.ReportRequest, file_format: ReportFormat) -> None:
        chosen = self.settings()
        chosen.report_kind = request.kind
        chosen.report_project = request.project_code or ""
        chosen.report_start = request.start.isoformat() if request.start else ""
        chosen.report_end = request.end.isoformat() if request.end else ""
        chosen.report_language = request.language
        chosen.report_formats = {**chosen.report_formats, request.kind: file_format.value}
        chosen.report_folder = str(Path(request.out).parent)
        if self._kind.needs_chf_rates:
            chosen.report_reporting_ns = request.reporting_ns
            chosen.report_chf_rates = {
                **chosen.report_chf_rates,
                **{code: edit.text().strip() for code, edit in self.rate_edits.items()},
            }
        try:
            user_settings.save(chosen)
        except OSError:
            log.exception("Could not save the report choices")

    def _restore(self) -> None:
        """Put back the choices of the last build (once, when the page first has a file)."""
        chosen = self.settings()
        if chosen.report_kind in self.cards:
            self._choose_kind(chosen.report_kind)
        language = chosen.report_language
        if language not in i18n.LANGUAGES:
            language = i18n.current_language()
        self.language_combo.setCurrentIndex(self.language_combo.findData(language))
        self._select_project(chosen.report_project)
        self._fill_period()
        for value, target in (
            (chosen.report_start, self.start_field),
            (chosen.report_end, self.end_field),
        ):
            if value:
                try:
                    target.set_date(dt.date.fromisoformat(value))
                except ValueError:
                    log.warning("Ignoring a remembered report date that is not a date")
        if chosen.report_reporting_ns:
            self.ns_edit.setText(chosen.report_reporting_ns)
        for code, edit in self.rate_edits.items():
            if chosen.report_chf_rates.get(code):
                edit.setText(chosen.report_chf_rates[code])

    # --- loading ------------------------------------------------------------------------------

    def set_open_file(self, open_file) -> None:
        super().set_open_file(open_file)
        self._setup = None
        self._load_failed = ""
        self._show_result(None)
        self._show_error("")

    def load(self) -> None:
        open_file = self.open_file
        if open_file is None:
            self._apply_setup(None)
            return
        database = open_file.database
        ops.Op(
            op=lambda: reporting.report_setup(database),
            success=self._apply_setup,
            failure=self._setup_failed,
            parent=self,
        ).run_in_background()

    def _apply_setup(self, setup: reporting.ReportSetup | None) -> None:
        self._setup = setup
        self._fill_projects()
        self._fill_rates()
        if setup is not None and not self._restored:
            self._restored = True
            self._restore()
        elif not self.start_field.text():
            self._fill_period()
        self._show_kind()
        self._update_actions()

    def _setup_failed(self, exc: Exception) -> None:
        self._load_failed = exc.user_message if isinstance(exc, CsoError) else str(exc)
        if isinstance(exc, CsoError):
            self._show_error(exc.user_message)
        else:
            ops.show_failure(exc, parent=self)
        self._update_actions()

    def _fill_projects(self) -> None:
        current = self.project_combo.currentData()
        self.project_combo.clear()
        if self._kind.project is ProjectUse.NONE:
            self.project_combo.addItem(_("The whole organisation"), None)
        else:
            if self._kind.project is ProjectUse.OPTIONAL:
                self.project_combo.addItem(_("All projects"), None)
            for option in self._projects():
                text = f"{option.code} — {option.title}"
                if option.archived:
                    text = _("{project} (archived)").format(project=text)
                self.project_combo.addItem(text, option.code)
        self._select_project(current)

    def _projects(self) -> tuple[reporting.ProjectOption, ...]:
        return () if self._setup is None else self._setup.projects

    def _select_project(self, code: str | None) -> None:
        index = self.project_combo.findData(code) if code else -1
        if index < 0:
            index = 0
        self.project_combo.setCurrentIndex(index)

    def _project_option(self) -> reporting.ProjectOption | None:
        code = self.project_combo.currentData()
        return next((p for p in self._projects() if p.code == code), None)

    def _fill_period(self) -> None:
        """The default period: the project's dates, else the current year."""
        option = self._project_option()
        if option is not None:
            self.start_field.set_date(option.start)
            self.end_field.set_date(option.end)
        else:
            year = dt.date.today().year
            self.start_field.set_date(dt.date(year, 1, 1))
            self.end_field.set_date(dt.date(year, 12, 31))

    def _fill_rates(self) -> None:
        typed = {code: edit.text() for code, edit in self.rate_edits.items()}
        while self.rates_form.rowCount():
            self.rates_form.removeRow(0)
        self.rate_edits = {}
        if self._setup is None:
            return
        remembered = self.settings().report_chf_rates
        for currency in self._setup.currencies:
            if currency == "CHF":
                continue
            edit = QLineEdit(self.go3w_box)
            edit.setObjectName(f"chfRate_{currency}")
            edit.setMaximumWidth(140)
            suggested = self._setup.suggested_chf_rates.get(currency)
            text = typed.get(currency) or remembered.get(currency, "")
            if not text and suggested is not None:
                text = i18n.format_decimal(suggested, places=4).replace("\u00a0", "")
            edit.setText(text)
            self.rates_form.addRow(_("1 {currency} in CHF").format(currency=currency), edit)
            self.rate_edits[currency] = edit

    # --- the chosen kind ----------------------------------------------------------------------

    def _choose_kind(self, key: str) -> None:
        self.cards[key].radio.setChecked(True)
        self._set_kind(key)
        self.list_area.ensureWidgetVisible(self.cards[key])

    def _set_kind(self, key: str) -> None:
        if key == self._kind.key:
            return
        self._kind = reporting.report_kind(key)
        before = self.project_combo.currentData()
        self._fill_projects()
        if self.project_combo.currentData() != before:
            self._fill_period()
        self._show_kind()
        self._show_error("")

    def _show_kind(self) -> None:
        kind = self._kind
        for key, card in self.cards.items():
            card.set_selected(key == kind.key)
        self.options_box.setTitle(_(kind.title))
        self.description_label.setText(_(kind.description))
        self.project_combo.setEnabled(kind.project is not ProjectUse.NONE)
        for widget in (self.start_field, self.end_field, self.period_dash):
            widget.setEnabled(kind.uses_period)
        remembered = self.settings().report_formats.get(kind.key)
        chosen = next((f for f in kind.formats if f.value == remembered), kind.formats[0])
        for file_format, button in self.format_buttons.items():
            button.setVisible(file_format in kind.formats)
            if file_format is chosen:
                button.setChecked(True)
        self.go3w_box.setVisible(kind.needs_chf_rates)
        self._retranslate_kind()

    def chosen_format(self) -> ReportFormat:
        for file_format, button in self.format_buttons.items():
            if button.isChecked() and file_format in self._kind.formats:
                return file_format
        return self._kind.formats[0]

    def choose(
        self,
        key: str,
        *,
        project_code: str | None = None,
        file_format: ReportFormat | None = None,
        language: str | None = None,
    ) -> None:
        """Choose a report and its parameters as the user would (for tests and scripts)."""
        self._choose_kind(key)
        if project_code is not None:
            self._select_project(project_code)
            self._fill_period()
        if file_format is not None:
            self.format_buttons[file_format].setChecked(True)
        if language is not None:
            self.language_combo.setCurrentIndex(self.language_combo.findData(language))

    # --- building -----------------------------------------------------------------------------

    @property
    def building(self) -> bool:
        return self._building is not None

    def request(self, out: Path) -> reporting.ReportRequest:
        """The request for the choices on screen, written to ``out``.

        Raises:
            ValidationError: a date or a rate cannot be read.
        """
        for field in (self.start_field, self.end_field):
            if self._kind.uses_period and not field.is_readable():
                field.setFocus()
                raise ValidationError(
                    _("“{text}” is not a date: enter a date such as {example}.").format(
                        text=field.text(),
                        example=i18n.format_date(dt.date.today(), fmt="short"),
                    ),
                    field="period",
                )
        rates: dict[str, Decimal] = {}
        if self._kind.needs_chf_rates:
            rates = reporting.chf_rates(
                {code: edit.text() for code, edit in self.rate_edits.items()}
            )
        return reporting.ReportRequest(
            kind=self._kind.key,
            out=out,
            language=self.language_combo.currentData() or i18n.current_language(),
            project_code=self.project_combo.currentData(),
            start=self.start_field.date() if self._kind.uses_period else None,
            end=self.end_field.date() if self._kind.uses_period else None,
            chf_rates=rates,
            reporting_ns=self.ns_edit.text().strip(),
            user_name=self.user_name,
        )

    def build(self) -> None:
        """Ask where to save, then build the chosen report off the GUI thread."""
        open_file = self.open_file
        if open_file is None or self._building is not None:
            return
        file_format = self.chosen_format()
        try:
            self.request(Path(f"report.{file_format.value}"))  # the inputs can be read
        except ValidationError as exc:
            self._show_error(exc.user_message)
            return
        path = self.ask_report_path(file_format)
        if path is None:
            return
        try:
            request = self.request(path)
        except ValidationError as exc:  # pragma: no cover - checked before asking
            self._show_error(exc.user_message)
            return
        self._remember(request, file_format)
        self._show_error("")
        self._show_result(None)
        progress = ReportProgress()
        progress.advanced.connect(self._on_progress_advanced)
        self._building = progress
        self.progress_bar.setValue(0)
        self.progress_bar.setVisible(True)
        self.progress_label.setText(_("Building the report…"))
        self._update_actions()
        database = open_file.database
        ops.Op(
            op=lambda: reporting.build_report(database, request, progress=progress.report),
            success=self._build_succeeded,
            failure=self._build_failed,
            finished=lambda: self._build_done(progress),
            parent=self,
        ).run_in_background()

    def ask_report_path(self, file_format: ReportFormat) -> Path | None:
        """Ask where to save the report; ``None`` if the user cancelled."""
        folder = self.settings().report_folder
        if not folder or not Path(folder).is_dir():
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
        project = self.project_combo.currentData()
        name = " ".join(
            part for part in (_(self._kind.title), project, dt.date.today().isoformat()) if part
        )
        suffix = f".{file_format.value}"
        chosen, _selected = QFileDialog.getSaveFileName(
            self,
            _("Save the {report}").format(report=_(self._kind.title)),
            str(Path(folder) / f"{name}{suffix}"),
            _(FORMAT_FILTERS[file_format]),
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        return path

    def _build_succeeded(self, result: reporting.ReportResult) -> None:
        self._show_result(result)
        messages.show_status(_("Wrote {path}.").format(path=result.path))

    def _build_failed(self, exc: Exception) -> None:
        if isinstance(exc, CsoError):
            log.warning("Report failed: %s", exc.log_message)
            self._show_error(exc.user_message)
            messages.show_status(_("The report was not written."))
            return
        self._show_error(_("The report was not written."))
        ops.show_failure(exc, parent=self)

    def _build_done(self, progress: ReportProgress) -> None:
        progress.advanced.disconnect(self._on_progress_advanced)
        progress.deleteLater()
        if self._building is progress:
            self._building = None
        self.progress_bar.setVisible(False)
        self.progress_label.setText("")
        self._update_actions()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _show_result(self, result: reporting.ReportResult | None) -> None:
        self._last_result = result
        self.result_box.setVisible(result is not None)
        if result is None:
            return
        self.result_label.setText(_("Written: {path}").format(path=result.path))
        self.notes_label.setText("\n".join(result.notes))
        self.notes_label.setVisible(bool(result.notes))

    def _update_actions(self) -> None:
        has_file = self.open_file is not None and self._setup is not None
        self.build_button.setEnabled(has_file and self._building is None)
        self.options_box.setEnabled(self.open_file is not None)

    # --- opening ------------------------------------------------------------------------------

    def open_url(self, url: QUrl) -> bool:
        """Open a file or folder with the desktop's program for it."""
        return QDesktopServices.openUrl(url)

    def _open(self, path: Path) -> None:
        if not path.exists():
            messages.show_warning(
                self, _("“{path}” is no longer there; build the report again.").format(path=path)
            )
            return
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            messages.show_warning(
                self,
                _("No program on this computer opens “{path}”. Open it from its folder.").format(
                    path=path
                ),
            )

    # --- slots --------------------------------------------------------------------------------

    @Slot(bool)
    def _on_card_radio_toggled(self, checked: bool) -> None:
        if not checked:
            return
        for key, card in self.cards.items():
            if card.radio.isChecked():
                self._set_kind(key)

    @Slot(str)
    def _on_card_chosen(self, key: str) -> None:
        self._set_kind(key)

    @Slot(int)
    def _on_project_combo_activated(self, _index: int) -> None:
        self._fill_period()

    @Slot()
    def _on_build_button_clicked(self) -> None:
        self.build()

    @Slot(int, int, str)
    def _on_progress_advanced(self, step: int, steps: int, text: str) -> None:
        self.progress_bar.setRange(0, steps)
        self.progress_bar.setValue(step)
        self.progress_label.setText(text)

    @Slot()
    def _on_open_file_button_clicked(self) -> None:
        if self._last_result is not None:
            self._open(self._last_result.path)

    @Slot()
    def _on_open_folder_button_clicked(self) -> None:
        if self._last_result is not None:
            self._open(self._last_result.path.parent)

    # --- language -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.intro.setText(
            _(
                "Choose a report, its project and period, the language it is written in and "
                "the format, then build it. Reports carry no names, phones or ID numbers."
            )
        )
        for card in self.cards.values():
            card.retranslate()
        self.project_label.setText(_("Project"))
        self.period_label.setText(_("Period"))
        self.language_label.setText(_("Report language"))
        self.format_label.setText(_("Format"))
        for file_format, button in self.format_buttons.items():
            button.setText(f"{_(reporting.FORMAT_NAMES[file_format])} (.{file_format.value})")
        self.go3w_box.setTitle(_("IFRC GO 3W"))
        self.ns_label.setText(_("National Society"))
        self.ns_edit.setPlaceholderText(reporting.DEFAULT_REPORTING_NS)
        self.rates_hint.setText(
            _(
                "Budgets are converted to Swiss francs at the rates below (prefilled from the "
                "stored exchange rates; check them). The file's notes list each conversion."
            )
        )
        self.districts_hint.setText(
            _("Rayons are named as GO's districts; map them once in Settings.")
        )
        self.build_button.setText(_("Build…"))
        self.open_file_button.setText(_("Open the file"))
        self.open_folder_button.setText(_("Open the folder"))
        if self._setup is not None:
            self._fill_projects()
            self._fill_rates()
        self._retranslate_kind()
        if self._last_result is not None:
            self._show_result(self._last_result)

    def _retranslate_kind(self) -> None:
        self.options_box.setTitle(_(self._kind.title))
        self.description_label.setText(_(self._kind.description))
        if not self._kind.uses_period:
            self.period_hint.setText(
                _("This file covers the whole project, up to today: no period is needed.")
            )
        elif self._kind.project is ProjectUse.REQUIRED:
            self.period_hint.setText(_("By default the project's dates."))
        else:
            self.period_hint.setText(
                _("By default the project's dates, or this year for all projects.")
            )

    def smoke_state(self) -> PageState:
        if self.open_file is None:
            return PageState(ready=True, detail=f"{len(self.cards)} reports, no file open")
        if self._load_failed:
            return PageState(ready=True, ok=False, detail=self._load_failed)
        if self._setup is None:
            return PageState(ready=False, detail="loading")
        return PageState(
            ready=True,
            detail=f"{len(self.cards)} reports, {len(self._setup.projects)} projects",
        )
