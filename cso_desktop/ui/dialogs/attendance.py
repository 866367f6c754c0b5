"""The attendance sheet: who took part in one session of an activity and what each received.

Built for speed at the keyboard: the search box has the focus, typing part of a name lists the
matching people (folded Azerbaijani search), Enter adds the top hit and clears the box, Down
moves into the results where Ctrl/Shift select several and Enter adds them. "Copy from the
previous session" fills the list in one click. Everyone gets the sheet's default quantity and
value unless their row says otherwise. Save writes the whole sheet in one service call, off the
GUI thread; a refusal keeps everything on the sheet.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import (
    QItemSelectionModel,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain import validation, vocab
from cso_desktop.domain.errors import CsoError, ValidationError
from cso_desktop.domain.validation import FormErrors
from cso_desktop.i18n import _, ngettext
from cso_desktop.services import activities
from cso_desktop.ui import ops
from cso_desktop.ui.dialogs.common import parse_decimal, today
from cso_desktop.ui.forms.dates import DateField, format_short
from cso_desktop.ui.forms.dialog import FormDialog, hint_label
from cso_desktop.ui.forms.fields import code_combo, form_label, set_combo_data
from cso_desktop.ui.forms.table import KeyRole, Row, RowsModel
from cso_desktop.ui.models.attendance_model import (
    NAME,
    QUANTITY,
    VALUE,
    AttendanceModel,
    SheetRow,
)

log = logging.getLogger(__name__)

#: How long typing may pause before the search runs.
SEARCH_DELAY_MS = 200
#: People listed for one search.
SEARCH_LIMIT = 50
CURRENCIES = ("AZN", "EUR", "USD")

#: The service an activity of each type usually delivers (the sheet's first choice).
SERVICE_FOR_TYPE: dict[vocab.ActivityType, vocab.ServiceType] = {
    vocab.ActivityType.TRAINING: vocab.ServiceType.TRAINING_SESSION,
    vocab.ActivityType.AWARENESS: vocab.ServiceType.AWARENESS_SESSION,
    vocab.ActivityType.DISTRIBUTION: vocab.ServiceType.FOOD_PARCEL,
    vocab.ActivityType.CASH_ASSISTANCE: vocab.ServiceType.CASH_GRANT,
    vocab.ActivityType.LIVELIHOODS: vocab.ServiceType.LIVELIHOOD_KIT,
    vocab.ActivityType.PSYCHOSOCIAL: vocab.ServiceType.PSYCHOSOCIAL_SESSION,
    vocab.ActivityType.HEALTH: vocab.ServiceType.HEALTH_CONSULTATION,
    vocab.ActivityType.FIRST_AID: vocab.ServiceType.FIRST_AID_COURSE,
}


class SearchLineEdit(QLineEdit):
    """The search box: Enter adds the top hit (never saves the sheet), Down goes to the results.

    Signals:
        submitted(str): Enter was pressed; the text.
        down_pressed(): the Down arrow was pressed.
    """

    submitted = Signal(str)
    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not ctrl:
            if self.text().strip():
                self.submitted.emit(self.text())
            event.accept()
            return
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class PickTable(QTableView):
    """A table where Enter means "take these rows", not "save the dialog".

    Signals:
        chosen(): Enter was pressed on the selection.
    """

    chosen = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            self.state() != QAbstractItemView.State.EditingState
        ):
            self.chosen.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class AttendanceSheet(FormDialog):
    """Record (or correct) the attendance of one session of an activity.

    Attributes:
        activity_id: the activity.
        date, service_type, quantity, value, currency, unit: the session and its defaults.
        search: the search box; results, results_view: what it found.
        model, view: the people on the sheet.
        count_label: how many people will be recorded.
        outcome: what the last save wrote, once saved.

    Signals:
        saved(): inherited; the attendance was written.
    """

    def __init__(
        self,
        *,
        db: Database,
        activity_id: int,
        on: dt.date | None = None,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, user_name=user_name, parent=parent)
        self.activity_id = activity_id
        self.outcome: activities.AttendanceResult | None = None
        self._found: dict[int, activities.Participant] = {}
        self._searched = ""
        self._loaded_key: tuple[dt.date, vocab.ServiceType] | None = None
        self._recorded_ids: set[int] = set()
        self._in_save = False
        with db.reading() as session:
            self.detail = activities.get(session, activity_id)
            previous_day = activities.previous_session(session, activity_id, on or today())
            existing = activities.session_attendance(session, activity_id, on) if on else ()
            previous = (
                activities.session_attendance(session, activity_id, previous_day)
                if previous_day and not existing
                else ()
            )
        self.setWindowTitle(
            _("Attendance: {code} — {title}").format(
                code=self.detail.code, title=self.detail.draft.title
            )
            + "[*]"
        )
        self._build()
        self.finish()
        self.resize(1180, 760)
        with self.loading():
            self._fill(on, existing or previous, loaded=bool(existing))
        self.mark_clean()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.status_label.setText(
            _(
                "Project {project}. Tick who took part; everyone gets the defaults below unless "
                "their row says otherwise. Ctrl+Enter saves."
            ).format(project=self.detail.project.code)
        )
        self.status_label.setVisible(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.date = DateField(past_only=True)
        self.service_type = code_combo(vocab.choices(vocab.ServiceType))
        self.quantity = QLineEdit()
        self.value = QLineEdit()
        self.value.setPlaceholderText(_("none"))
        self.currency = QComboBox()
        currencies = list(dict.fromkeys((*CURRENCIES, self.detail.project.currency)))
        for code in currencies:
            self.currency.addItem(code, code)
        self.unit = QLineEdit()
        self.unit.setMaxLength(30)
        self.unit.setPlaceholderText(_("for example kit, session"))
        inputs = (
            ("delivered_on", self.date, _("&Date"), self._check_date),
            ("service_type", self.service_type, _("&Service"), self._check_service),
            ("quantity", self.quantity, _("&Quantity each"), self._check_quantity),
            ("value", self.value, _("&Value each"), self._check_value),
            ("currency", self.currency, _("C&urrency"), None),
            ("unit", self.unit, _("U&nit"), self._check_unit),
        )
        for column, (key, widget, text, check) in enumerate(inputs):
            field = self.add_field(key, widget, text=text, check=check)
            assert field.label is not None
            grid.addWidget(field.label, 0, column)
            grid.addWidget(field.container, 1, column, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        for column in (2, 3, 4, 5):
            grid.setColumnStretch(column, 1)
        self.main_layout.addLayout(grid)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_search())
        splitter.addWidget(self._build_sheet())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([380, 780])
        self.main_layout.addWidget(splitter, 1)

        for widget in (self.quantity, self.value):
            widget.textChanged.connect(self._on_defaults_changed)
        self.currency.currentIndexChanged.connect(self._on_defaults_changed)

    def _build_search(self) -> QWidget:
        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        label = form_label(_("&Find people to add"))
        self.search = SearchLineEdit(panel)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Name, reg. no., FİN or phone — Enter adds"))
        label.setBuddy(self.search)
        column.addWidget(label)
        column.addWidget(self.search)
        self.results = RowsModel(headers=[_("Name"), _("Reg. no."), _("Age")], numeric=(2,))
        self.results_view = PickTable(panel)
        self.results_view.setModel(self.results)
        _table_look(self.results_view)
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        column.addWidget(self.results_view, 1)
        self.search_hint = hint_label(
            _("Ctrl or Shift selects several; Enter or a double-click adds them."), parent=panel
        )
        column.addWidget(self.search_hint)
        row = QHBoxLayout()
        self.add_button = _button(_("&Add"), panel)
        self.household_button = _button(_("Add whole &household"), panel)
        row.addWidget(self.add_button)
        row.addWidget(self.household_button)
        row.addStretch(1)
        column.addLayout(row)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.submitted.connect(self._on_search_submitted)
        self.search.down_pressed.connect(self._on_search_down_pressed)
        self.results_view.chosen.connect(self._on_add_clicked)
        self.results_view.doubleClicked.connect(self._on_add_clicked)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.household_button.clicked.connect(self._on_household_clicked)
        return panel

    def _build_sheet(self) -> QWidget:
        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        self.copy_button = _button(_("&Copy from previous session"), panel)
        self.all_button = _button(_("Select a&ll"), panel)
        self.none_button = _button(_("Select n&one"), panel)
        self.remove_button = _button(_("&Remove from list"), panel)
        for button in (self.copy_button, self.all_button, self.none_button, self.remove_button):
            tools.addWidget(button)
        tools.addStretch(1)
        column.addLayout(tools)
        self.model = AttendanceModel(parent=panel)
        self.view = PickTable(panel)
        self.view.setModel(self.model)
        _table_look(self.view)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        column.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        self.count_label = QLabel(panel)
        self.count_label.setObjectName("derivedValue")
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        self.note_label = QLabel(panel)
        self.note_label.setObjectName("hintText")
        bottom.addWidget(self.note_label)
        column.addLayout(bottom)

        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.all_button.clicked.connect(self._on_all_clicked)
        self.none_button.clicked.connect(self._on_none_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.view.chosen.connect(self._on_view_chosen)
        self.model.counts_changed.connect(self._on_model_counts_changed)
        self.model.dataChanged.connect(self._on_model_data_changed)
        self._on_model_counts_changed()
        return panel

    # --- loading ------------------------------------------------------------------------------

    def _fill(
        self, on: dt.date | None, rows: Sequence[activities.Attendance], *, loaded: bool
    ) -> None:
        """Show a saved session (``loaded``), or a new one with the defaults of the last."""
        self.date.set_date(on or today())
        first = rows[0] if rows else None
        service = (
            first.service_type
            if first
            else SERVICE_FOR_TYPE.get(self.detail.draft.activity_type, vocab.ServiceType.OTHER)
        )
        set_combo_data(self.service_type, service.value)
        quantity = first.quantity if first else Decimal("1")
        value = first.value if first else None
        currency = (first.currency if first else None) or "AZN"
        self.quantity.setText(_amount_text(quantity))
        self.value.setText(_amount_text(value, places=2) if value is not None else "")
        set_combo_data(self.currency, currency)
        if self.currency.currentIndex() < 0:
            self.currency.addItem(currency, currency)
            set_combo_data(self.currency, currency)
        self.unit.setText((first.unit if first else None) or "")
        self.model.set_defaults(quantity=quantity, value=value, currency=currency)
        if not loaded:
            return
        same = [r for r in rows if r.service_type == service]
        self._loaded_key = (on or today(), service)
        self._recorded_ids = {r.person.id for r in same}
        self.model.load(
            [
                SheetRow(
                    r.person,
                    quantity=None if r.quantity == quantity else r.quantity,
                    value=None if r.value == value else r.value,
                    recorded=True,
                )
                for r in same
            ]
        )

    def extra_state(self) -> object:
        return tuple((r.person.id, r.checked, r.quantity, r.value) for r in self.model.rows())

    # --- checks -------------------------------------------------------------------------------

    def _check_date(self) -> str | None:
        return self.date.check(key="delivered_on", required=True, past=True)

    def _check_service(self) -> str | None:
        return _("Choose one of the options.") if self.service_type.currentIndex() < 0 else None

    def _check_quantity(self) -> str | None:
        value = parse_decimal(self.quantity.text())
        if value is None or value <= 0:
            return _("Enter a quantity greater than zero, for example 1.")
        return None

    def _check_value(self) -> str | None:
        text = self.value.text().strip()
        if not text:
            return None
        value = parse_decimal(text)
        if value is None or value < 0 or value != value.quantize(Decimal("0.01")):
            return _("Enter an amount such as 150 or 150,50.")
        return None

    def _check_unit(self) -> str | None:
        try:
            validation.optional_text(self.unit.text(), field="unit", max_length=30)
        except ValidationError as exc:
            return exc.user_message
        return None

    def check_form(self) -> dict[str, str]:
        if self.model.checked_count() == 0 and not self._recorded_ids:
            return {"": _("Tick at least one person who took part.")}
        return {}

    # --- saving -------------------------------------------------------------------------------

    def entries(self) -> list[activities.AttendanceEntry]:
        """What each ticked person received."""
        currency = self.currency.currentData() or "AZN"
        unit = validation.clean(self.unit.text())
        result = []
        for row in self.model.checked_rows():
            value = self.model.value_of(row)
            result.append(
                activities.AttendanceEntry(
                    row.person.id,
                    self.model.quantity_of(row),
                    value,
                    currency if value is not None else None,
                    unit,
                )
            )
        return result

    def save(self) -> bool:
        """Check the sheet, then write it in one service call off the GUI thread.

        ``True`` when the save finished at once (tests run operations synchronously); a
        background save closes the dialog itself when it succeeds.
        """
        if self._in_save:
            return False
        self.problem_label.setVisible(False)
        problems = {key: msg for key, f in self.fields.items() if (msg := f.validate())}
        for key, message in self.check_form().items():
            problems.setdefault(key, message)
        if problems:
            self.show_problems(problems)
            return False
        on = self.date.date()
        assert on is not None
        service = vocab.ServiceType(self.service_type.currentData())
        entries = self.entries()
        ticked = {e.beneficiary_id for e in entries}
        remove = sorted(self._recorded_ids - ticked) if self._loaded_key == (on, service) else []
        db = self.db
        assert db is not None
        activity_id, user = self.activity_id, self.user_name
        outcome: list[bool] = []
        self._in_save = True
        self._set_busy(True)

        def write() -> activities.AttendanceResult:
            with db.transaction() as session:
                return activities.record_attendance(
                    session, activity_id, on, service, entries, recorded_by=user, remove=remove
                )

        def succeeded(result: activities.AttendanceResult) -> None:
            self.outcome = result
            self._loaded_key = (on, service)
            self._recorded_ids = ticked
            self.changed = True
            self.mark_clean()
            self.saved.emit()
            outcome.append(True)
            if not self._in_save:  # finished in the background: close now
                self.accept()

        def failed(exc: Exception) -> None:
            outcome.append(False)
            if isinstance(exc, FormErrors):
                self.show_problems(exc.problems)
            elif isinstance(exc, ValidationError):
                self.show_problems({exc.field or "": exc.user_message})
            elif isinstance(exc, CsoError):
                log.warning("Attendance not saved: %s", exc.log_message)
                self.show_problems({"": exc.user_message})
            else:
                ops.show_failure(exc, parent=self)

        ops.Op(
            op=write,
            success=succeeded,
            failure=failed,
            finished=self._on_save_finished,
            parent=self,
        ).run_in_background()
        self._in_save = False
        return bool(outcome and outcome[0])

    def _set_busy(self, busy: bool) -> None:
        if self.save_button is not None:
            self.save_button.setEnabled(not busy)
        self.note_label.setText(_("Saving…") if busy else "")

    @Slot()
    def _on_save_finished(self) -> None:
        self._set_busy(False)

    # --- adding people ------------------------------------------------------------------------

    def run_search(self, text: str, *, then_add_top: bool = False) -> None:
        """Search the register for ``text`` (off the GUI thread) and list the people found."""
        db = self.db
        assert db is not None
        on = self.date.date() or today()

        def find() -> tuple[activities.Participant, ...]:
            with db.reading() as session:
                return activities.search_people(session, text, on=on, limit=SEARCH_LIMIT)

        def show(found: tuple[activities.Participant, ...]) -> None:
            if self.search.text() != text and not then_add_top:
                return  # the user typed on meanwhile; a newer search follows
            self._searched = text
            self._show_results(found)
            if then_add_top:
                if found:
                    self.add_people(found[:1])
                    self.search.clear()
                else:
                    self.note_label.setText(_("Nobody found for “{text}”.").format(text=text))

        ops.Op(op=find, success=show, parent=self, failure_in_status_bar=True).run_in_background()

    def _show_results(self, found: Sequence[activities.Participant]) -> None:
        self._found = {p.id: p for p in found}
        self.results.set_rows(
            [
                Row(
                    (
                        p.display_name,
                        p.registration_no,
                        "" if p.age is None else i18n.format_integer(p.age),
                    ),
                    key=p.id,
                    muted=self.model.contains(p.id),
                )
                for p in found
            ]
        )
        if found:
            self.results_view.selectionModel().setCurrentIndex(
                self.results.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def add_people(self, people: Sequence[activities.Participant]) -> int:
        added = self.model.add(people)
        skipped = len(people) - added
        if skipped and not added:
            self.note_label.setText(
                ngettext("Already on the list.", "They are all on the list already.", len(people))
            )
        else:
            self.note_label.setText("")
        if added:
            self.view.scrollToBottom()
            self.setWindowModified(self.is_dirty())
        return added

    def _selected_results(self) -> list[activities.Participant]:
        rows = sorted(i.row() for i in self.results_view.selectionModel().selectedRows())
        keys = [self.results.index(r, 0).data(KeyRole) for r in rows]
        return [self._found[k] for k in keys if k in self._found]

    def add_households(self, people: Sequence[activities.Participant]) -> None:
        """Add ``people`` with every current member of their households (off the GUI thread)."""
        db = self.db
        assert db is not None
        on = self.date.date() or today()
        ids = [p.id for p in people]

        def expand() -> tuple[activities.Participant, ...]:
            with db.reading() as session:
                return activities.expand_households(session, ids, on=on)

        def add(found: tuple[activities.Participant, ...]) -> None:
            self.add_people(found)

        ops.Op(op=expand, success=add, parent=self).run_in_background()

    def copy_previous(self) -> None:
        """Add the people of the last session before the sheet's date."""
        db = self.db
        assert db is not None
        before = self.date.date() or today()
        activity_id = self.activity_id

        def fetch() -> tuple[dt.date | None, tuple[activities.Participant, ...]]:
            with db.reading() as session:
                return activities.copy_previous_participants(session, activity_id, before)

        def show(result: tuple[dt.date | None, tuple[activities.Participant, ...]]) -> None:
            day, found = result
            if day is None:
                self.note_label.setText(_("There is no earlier session to copy."))
                return
            added = self.add_people(found)
            self.note_label.setText(
                ngettext(
                    "{count} person added from the session of {date}.",
                    "{count} people added from the session of {date}.",
                    added,
                ).format(count=added, date=format_short(day))
            )

        ops.Op(op=fetch, success=show, parent=self).run_in_background()

    # --- slots --------------------------------------------------------------------------------

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self._show_results(())

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        text = self.search.text()
        if text.strip():
            self.run_search(text)

    @Slot(str)
    def _on_search_submitted(self, text: str) -> None:
        self._search_timer.stop()
        if text == self._searched and self._found:
            top = self.results.row(0).key if self.results.rowCount() else None
            if top in self._found:
                self.add_people([self._found[top]])
                self.search.clear()
                return
        self.run_search(text, then_add_top=True)

    @Slot()
    def _on_search_down_pressed(self) -> None:
        if self.results.rowCount():
            self.results_view.setFocus(Qt.FocusReason.TabFocusReason)

    @Slot()
    def _on_add_clicked(self, *_args: object) -> None:
        chosen = self._selected_results()
        if chosen:
            self.add_people(chosen)
            self._show_results(list(self._found.values()))
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.selectAll()

    @Slot()
    def _on_household_clicked(self) -> None:
        chosen = self._selected_results()
        if not chosen:
            self.note_label.setText(_("Find a member of the household first."))
            return
        self.add_households(chosen)

    @Slot()
    def _on_copy_clicked(self) -> None:
        self.copy_previous()

    @Slot()
    def _on_all_clicked(self) -> None:
        self.model.set_all_checked(True)

    @Slot()
    def _on_none_clicked(self) -> None:
        self.model.set_all_checked(False)

    @Slot()
    def _on_remove_clicked(self) -> None:
        self.model.remove(i.row() for i in self.view.selectionModel().selectedRows())

    @Slot()
    def _on_view_chosen(self) -> None:
        """Enter on the sheet: edit the current amount, or tick / untick the person."""
        index = self.view.currentIndex()
        if not index.isValid():
            return
        if index.column() in (QUANTITY, VALUE):
            self.view.edit(index)
            return
        row = self.model.row(index.row())
        state = Qt.CheckState.Unchecked if row.checked else Qt.CheckState.Checked
        self.model.setData(
            self.model.index(index.row(), NAME), state.value, Qt.ItemDataRole.CheckStateRole
        )

    @Slot()
    def _on_model_counts_changed(self) -> None:
        checked = self.model.checked_count()
        listed = self.model.rowCount()
        text = ngettext("{count} person", "{count} people", checked).format(
            count=i18n.format_integer(checked)
        )
        if listed != checked:
            text = ngettext(
                "{people} ticked, {listed} listed", "{people} ticked, {listed} listed", listed
            ).format(people=text, listed=i18n.format_integer(listed))
        self.count_label.setText(text)
        self.setWindowModified(self.is_dirty())

    @Slot()
    def _on_model_data_changed(self, *_args: object) -> None:
        self.setWindowModified(self.is_dirty())

    @Slot()
    def _on_defaults_changed(self, *_args: object) -> None:
        quantity = parse_decimal(self.quantity.text())
        value_text = self.value.text().strip()
        value = parse_decimal(value_text) if value_text else None
        self.model.set_defaults(
            quantity=quantity if quantity is not None and quantity > 0 else Decimal("1"),
            value=value,
            currency=self.currency.currentData() or "AZN",
        )


def _button(text: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAutoDefault(False)
    return button


def _table_look(view: QTableView) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setMinimumSectionSize(50)
    header.setHighlightSections(False)


def _amount_text(value: Decimal, *, places: int | None = None) -> str:
    """An amount as the user would type it in the UI language (no grouping); ``places``
    decimals, or as many as it has (at most three)."""
    if places is None:
        exponent = value.normalize().as_tuple().exponent
        places = min(3, max(0, -exponent)) if isinstance(exponent, int) else 0
    text = f"{value:.{places}f}"
    sign = i18n.current_locale().number_symbols.get("latn", {}).get("decimal", ".")
    return text.replace(".", sign)
