"""An activity of a project: details, the sessions people took part in, and volunteers' hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain import validation, vocab
from cso_desktop.i18n import _, ngettext
from cso_desktop.services import activities
from cso_desktop.ui.dialogs.attendance import AttendanceSheet
from cso_desktop.ui.dialogs.common import (
    RecordDialog,
    clean,
    columns,
    confirm,
    date_check,
    day_hours_problem,
    group,
    notes_edit,
    parse_decimal,
    scrolling_details,
    stack,
    today,
)
from cso_desktop.ui.forms.dates import DateField, format_short
from cso_desktop.ui.forms.dialog import FormDialog, hint_label
from cso_desktop.ui.forms.fields import (
    add_row,
    chosen,
    code_combo,
    make_form,
    optional,
    required,
    rule,
    set_combo_data,
)
from cso_desktop.ui.forms.places import RayonCombo
from cso_desktop.ui.forms.table import Row, RowsModel, make_table, selected_key


def format_hours(value: Decimal) -> str:
    places = 0 if value == value.to_integral_value() else 1
    return i18n.format_decimal(value, places=places)


def values_text(values: tuple[tuple[str, Decimal], ...]) -> str:
    return ", ".join(i18n.format_money(total, currency) for currency, total in values if currency)


class ActivityDialog(RecordDialog):
    """Add or edit an activity; record and open its sessions; volunteers' hours.

    Attributes:
        detail: the activity as saved, or ``None`` for a new one.
        sessions_model, sessions_view: the Participation tab's sessions.
        hours_model, hours_view: the Volunteers tab's entries.

    Signals:
        saved(): inherited; a save succeeded.
    """

    def __init__(
        self,
        *,
        db: Database,
        record_id: int | None,
        user_name: str | None = None,
        parent: QWidget | None = None,
        project_id: int | None = None,
    ) -> None:
        super().__init__(db=db, record_id=record_id, user_name=user_name, parent=parent)
        self.detail: activities.ActivityDetail | None = None
        self._sessions: tuple[activities.SessionSummary, ...] = ()
        with db.reading() as session:
            self._projects = activities.project_choices(session)
            if record_id is not None:
                self.detail = activities.get(session, record_id)
        self._build_details()
        self._build_participation()
        self._build_volunteers()
        self.finish()
        with self.loading():
            self._fill(project_id)
        self.mark_clean()
        self._load_lists()

    # --- building -----------------------------------------------------------------------------

    def _build_details(self) -> None:
        box, form = group(_("Activity"))
        self.project = code_combo([(str(p.id), f"{p.code} — {p.title}") for p in self._projects])
        add_row(
            form,
            self.add_field(
                "project_id", self.project, text=_("&Project"), check=chosen(self.project)
            ),
        )
        self.code = QLineEdit()
        self.code.setMaxLength(30)
        add_row(
            form,
            self.add_field(
                "code", self.code, text=_("C&ode"), check=optional(self.code, "code", max_length=30)
            ),
        )
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(300)
        add_row(
            form,
            self.add_field(
                "title",
                self.title_edit,
                text=_("&Title"),
                check=required(self.title_edit, "title", max_length=300),
            ),
        )
        self.activity_type = code_combo(vocab.choices(vocab.ActivityType))
        add_row(
            form,
            self.add_field(
                "activity_type",
                self.activity_type,
                text=_("T&ype"),
                check=chosen(self.activity_type),
            ),
        )
        self.output = code_combo([])
        add_row(form, self.add_field("output_id", self.output, text=_("O&utput it serves")))
        self.status = code_combo(vocab.choices(vocab.ActivityStatus))
        add_row(
            form,
            self.add_field("status", self.status, text=_("&Status"), check=chosen(self.status)),
        )
        self.responsible = QLineEdit()
        self.responsible.setMaxLength(200)
        add_row(
            form,
            self.add_field(
                "responsible",
                self.responsible,
                text=_("&Responsible person"),
                check=optional(self.responsible, "responsible", max_length=200),
            ),
        )

        place_box, place_form = group(_("Place"))
        self.rayon = RayonCombo()
        add_row(
            place_form,
            self.add_field(
                "rayon_code", self.rayon, text=_("Rayon or &city"), check=self.rayon.check
            ),
        )
        self.settlement = QLineEdit()
        self.settlement.setMaxLength(100)
        add_row(
            place_form,
            self.add_field(
                "settlement",
                self.settlement,
                text=_("Settle&ment"),
                check=optional(self.settlement, "settlement"),
            ),
        )

        dates_box, dates_form = group(_("Dates"))
        self.planned_start = DateField()
        self.planned_end = DateField()
        self.actual_start = DateField(past_only=True)
        self.actual_end = DateField(past_only=True)
        for key, field, text, past in (
            ("planned_start", self.planned_start, _("Planned s&tart"), False),
            ("planned_end", self.planned_end, _("Planned &end"), False),
            ("actual_start", self.actual_start, _("&Actual start"), True),
            ("actual_end", self.actual_end, _("Actual e&nd"), True),
        ):
            add_row(
                dates_form,
                self.add_field(key, field, text=text, check=date_check(field, key, past=past)),
            )
        dates_form.addRow(
            hint_label(_("An ongoing or completed activity needs its actual start date."))
        )

        notes_box, notes_form = group(_("Description"))
        self.description = notes_edit()
        add_row(
            notes_form,
            self.add_field(
                "description",
                self.description,
                check=optional(self.description, "description", max_length=4000),
            ),
        )
        details = columns(stack(box, notes_box), stack(place_box, dates_box))
        self.tabs.addTab(scrolling_details(details), _("&Details"))
        self.project.currentIndexChanged.connect(self._on_project_current_index_changed)

    def _build_participation(self) -> None:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addWidget(
            self.until_saved_hint(
                _("Save the activity first; then the attendance of its sessions can be recorded.")
            )
        )
        self.sessions_summary = QLabel(tab)
        self.sessions_summary.setObjectName("derivedValue")
        self.sessions_summary.setWordWrap(True)
        column.addWidget(self.sessions_summary)
        self.sessions_model = RowsModel(
            headers=[_("Date"), _("People"), _("Services"), _("Service"), _("Total value")],
            numeric=(1, 2, 4),
            parent=tab,
        )
        self.sessions_view: QTableView = make_table(self.sessions_model, stretch=3, parent=tab)
        column.addWidget(self.sessions_view, 1)
        row = QHBoxLayout()
        self.record_button = QPushButton(_("&Record attendance…"), tab)
        self.open_session_button = QPushButton(_("&Open the session…"), tab)
        for button in (self.record_button, self.open_session_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.tabs.addTab(tab, _("&Participation"))
        self.record_button.clicked.connect(self._on_record_clicked)
        self.open_session_button.clicked.connect(self._on_open_session_clicked)
        self.sessions_view.doubleClicked.connect(self._on_sessions_view_double_clicked)
        self.sessions_view.selectionModel().selectionChanged.connect(
            self._on_sessions_selection_changed
        )

    def _build_volunteers(self) -> None:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addWidget(
            self.until_saved_hint(
                _("Save the activity first; then volunteers' hours can be recorded here.")
            )
        )
        self.hours_summary = QLabel(tab)
        self.hours_summary.setObjectName("derivedValue")
        self.hours_summary.setWordWrap(True)
        column.addWidget(self.hours_summary)
        self.days_model = RowsModel(
            headers=[_("Date"), _("Volunteers"), _("Hours")], numeric=(1, 2), parent=tab
        )
        self.days_view = make_table(self.days_model, stretch=None, parent=tab)
        self.days_view.setMaximumHeight(160)
        column.addWidget(self.days_view)
        self.hours_model = RowsModel(
            headers=[_("Date"), _("Volunteer no."), _("Volunteer"), _("Hours"), _("Role")],
            numeric=(3,),
            parent=tab,
        )
        self.hours_view = make_table(self.hours_model, stretch=2, parent=tab)
        column.addWidget(self.hours_view, 1)
        row = QHBoxLayout()
        self.add_hours_button = QPushButton(_("Add volunteers' &hours…"), tab)
        self.delete_hours_button = QPushButton(_("Delete the entry…"), tab)
        for button in (self.add_hours_button, self.delete_hours_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.tabs.addTab(tab, _("&Volunteers"))
        self.add_hours_button.clicked.connect(self._on_add_hours_clicked)
        self.hours_view.selectionModel().selectionChanged.connect(self._on_hours_selection_changed)
        self.delete_hours_button.clicked.connect(self._on_delete_hours_clicked)

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.record_id is not None:
            with self.db_.reading() as session:
                self.detail = activities.get(session, self.record_id)
        with self.loading():
            self._fill(None)
        self.mark_clean()
        self._load_lists()

    def _fill(self, project_id: int | None) -> None:
        detail = self.detail
        if detail is None:
            chosen_project = project_id or (
                self._projects[0].id if len(self._projects) == 1 else None
            )
            set_combo_data(self.project, str(chosen_project) if chosen_project else None)
            self._refill_outputs()
            set_combo_data(self.status, vocab.ActivityStatus.PLANNED.value)
            self._update_code_hint()
            return
        draft = detail.draft
        if self.project.findData(str(draft.project_id)) < 0:  # an archived project
            self.project.addItem(
                f"{detail.project.code} — {detail.project.title}", str(draft.project_id)
            )
        set_combo_data(self.project, str(draft.project_id))
        self._refill_outputs()
        set_combo_data(self.output, str(draft.output_id) if draft.output_id else "")
        self.code.setText(detail.code)
        self.title_edit.setText(draft.title)
        set_combo_data(self.activity_type, draft.activity_type.value)
        set_combo_data(self.status, draft.status.value)
        self.responsible.setText(draft.responsible or "")
        self.rayon.set_code(draft.rayon_code)
        self.settlement.setText(draft.settlement or "")
        self.planned_start.set_date(draft.planned_start)
        self.planned_end.set_date(draft.planned_end)
        self.actual_start.set_date(draft.actual_start)
        self.actual_end.set_date(draft.actual_end)
        self.description.setPlainText(draft.description or "")

    def _refill_outputs(self) -> None:
        project_id = self._project_id()
        outputs: list[activities.OutputChoice] = []
        if project_id is not None:
            with self.db_.reading() as session:
                outputs = activities.output_choices(session, project_id)
        current = self.output.currentData()
        self.output.blockSignals(True)
        self.output.clear()
        self.output.addItem(_("None"), "")
        for output in outputs:
            self.output.addItem(f"{output.code} — {output.title}", str(output.id))
        self.output.blockSignals(False)
        set_combo_data(self.output, current if current else "")
        if self.output.currentIndex() < 0:
            self.output.setCurrentIndex(0)

    def _update_code_hint(self) -> None:
        project_id = self._project_id()
        if self.detail is not None or project_id is None:
            self.code.setPlaceholderText(_("Given automatically if left empty"))
            return
        with self.db_.reading() as session:
            proposal = activities.next_code(session, project_id)
        self.code.setPlaceholderText(_("Given automatically: {code}").format(code=proposal))

    def _project_id(self) -> int | None:
        data = self.project.currentData()
        return int(data) if data else None

    def _load_lists(self) -> None:
        exists = self.record_id is not None
        for widget in (
            self.record_button,
            self.sessions_view,
            self.add_hours_button,
            self.hours_view,
            self.days_view,
        ):
            widget.setEnabled(exists)
        self.open_session_button.setEnabled(False)
        self.delete_hours_button.setEnabled(False)
        self._update_status()
        if not exists:
            self.sessions_model.set_rows([])
            self.hours_model.set_rows([])
            self.days_model.set_rows([])
            self.sessions_summary.setText("")
            self.hours_summary.setText("")
            return
        assert self.record_id is not None
        with self.db_.reading() as session:
            self._sessions = activities.list_sessions(session, self.record_id)
            hours = activities.volunteer_hours(session, self.record_id)
            days = activities.volunteer_days(session, self.record_id)
        self.sessions_model.set_rows(
            [
                Row(
                    (
                        i18n.format_date(s.on),
                        i18n.format_integer(s.people),
                        i18n.format_integer(s.services),
                        ", ".join(vocab.label(t) for t in s.service_types),
                        values_text(s.values),
                    ),
                    key=s.on,
                )
                for s in self._sessions
            ]
        )
        people_total = sum(s.people for s in self._sessions)
        self.sessions_summary.setText(
            ngettext(
                "{count} session recorded; {people} attendances in all.",
                "{count} sessions recorded; {people} attendances in all.",
                len(self._sessions),
            ).format(count=len(self._sessions), people=i18n.format_integer(people_total))
            if self._sessions
            else _("No attendance recorded yet. “Record attendance…” opens the sheet for a day.")
        )
        self.days_model.set_rows(
            [
                Row(
                    (
                        i18n.format_date(d.on),
                        i18n.format_integer(d.volunteers),
                        format_hours(d.hours),
                    )
                )
                for d in days
            ]
        )
        self.hours_model.set_rows(
            [
                Row(
                    (
                        i18n.format_date(h.worked_on),
                        h.volunteer.volunteer_no,
                        h.volunteer.display_name,
                        format_hours(h.hours),
                        h.role or "",
                    ),
                    key=h.id,
                )
                for h in hours
            ]
        )
        total = sum((d.hours for d in days), Decimal("0"))
        people = len({h.volunteer.id for h in hours})
        self.hours_summary.setText(
            ngettext(
                "{people} volunteer gave {hours} hours.",
                "{people} volunteers gave {hours} hours.",
                people,
            ).format(people=people, hours=format_hours(total))
            if hours
            else _("No volunteer hours recorded for this activity yet.")
        )

    def _update_status(self) -> None:
        self.archive_button.setVisible(False)  # activities are cancelled, not archived
        detail = self.detail
        if detail is None:
            self.setWindowTitle(_("New activity") + "[*]")
            self.status_label.setVisible(False)
            return
        self.setWindowTitle(
            _("Activity {code}: {title}").format(code=detail.code, title=detail.draft.title) + "[*]"
        )
        self.status_label.setText(
            _("Project {project}: {title} ({start} – {end})").format(
                project=detail.project.code,
                title=detail.project.title,
                start=format_short(detail.project.start_date),
                end=format_short(detail.project.end_date),
            )
        )
        self.status_label.setVisible(True)

    def update_archive_button(self) -> None:
        self.archive_button.setVisible(False)

    # --- saving -------------------------------------------------------------------------------

    def check_form(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        for start, end, key in (
            (self.planned_start, self.planned_end, "planned_end"),
            (self.actual_start, self.actual_end, "actual_end"),
        ):
            message = _date_order(start, end, key)
            if message:
                problems[key] = message
        return problems

    def draft(self) -> activities.ActivityDraft:
        project_id = self._project_id()
        assert project_id is not None
        output = self.output.currentData()
        return activities.ActivityDraft(
            project_id=project_id,
            title=self.title_edit.text(),
            activity_type=vocab.ActivityType(self.activity_type.currentData()),
            status=vocab.ActivityStatus(self.status.currentData()),
            code=clean(self.code.text()),
            output_id=int(output) if output else None,
            rayon_code=self.rayon.code(),
            settlement=clean(self.settlement.text()),
            planned_start=self.planned_start.date(),
            planned_end=self.planned_end.date(),
            actual_start=self.actual_start.date(),
            actual_end=self.actual_end.date(),
            responsible=clean(self.responsible.text()),
            description=clean(self.description.toPlainText()),
        )

    def write(self) -> None:
        draft = self.draft()
        with self.db_.transaction() as session:
            if self.record_id is None:
                new_id = activities.create(session, draft, user_name=self.user_name)
            else:
                activities.update(session, self.record_id, draft, user_name=self.user_name)
                new_id = self.record_id
            self.detail = activities.get(session, new_id)
        self.record_id = new_id
        self._load_lists()

    def archive_record(self, session: Session, *, archived: bool) -> None:
        """Activities have no archive: they are cancelled (the button stays hidden)."""

    # --- participation ------------------------------------------------------------------------

    def open_sheet(self, on: dt.date | None = None) -> AttendanceSheet:
        """The attendance sheet for the session on ``on`` (a new session when ``None``)."""
        assert self.record_id is not None
        return AttendanceSheet(
            db=self.db_, activity_id=self.record_id, on=on, user_name=self.user_name, parent=self
        )

    def _run_sheet(self, on: dt.date | None) -> None:
        if self.record_id is None:
            return
        sheet = self.open_sheet(on)
        try:
            sheet.exec()
            if sheet.changed:
                self.changed = True
                self._load_lists()
        finally:
            sheet.deleteLater()

    def _selected_session(self) -> dt.date | None:
        key = selected_key(self.sessions_view)
        return key if isinstance(key, dt.date) else None

    @Slot()
    def _on_record_clicked(self) -> None:
        self._run_sheet(None)

    @Slot()
    def _on_open_session_clicked(self) -> None:
        day = self._selected_session()
        if day is not None:
            self._run_sheet(day)

    @Slot(QModelIndex)
    def _on_sessions_view_double_clicked(self, index: QModelIndex) -> None:
        day = self.sessions_model.row(index.row()).key
        self._run_sheet(day)

    @Slot()
    def _on_sessions_selection_changed(self, *_args: object) -> None:
        self.open_session_button.setEnabled(self._selected_session() is not None)

    @Slot()
    def _on_project_current_index_changed(self, _index: int) -> None:
        self._refill_outputs()
        self._update_code_hint()

    # --- volunteers ---------------------------------------------------------------------------

    @Slot()
    def _on_add_hours_clicked(self) -> None:
        if self.record_id is None:
            return
        dialog = ActivityHoursDialog(
            db=self.db_, activity_id=self.record_id, user_name=self.user_name, parent=self
        )
        try:
            if dialog.exec() and dialog.changed:
                self.changed = True
                self._load_lists()
        finally:
            dialog.deleteLater()

    @Slot()
    def _on_hours_selection_changed(self, *_args: object) -> None:
        self.delete_hours_button.setEnabled(selected_key(self.hours_view) is not None)

    @Slot()
    def _on_delete_hours_clicked(self) -> None:
        hours_id = selected_key(self.hours_view)
        if hours_id is None:
            return
        if not confirm(
            self,
            _("Delete this hours entry? The volunteer's hours are counted again without it."),
            title=_("Delete the entry"),
        ):
            return
        if self.run_action(
            lambda session: activities.delete_volunteer_hours(
                session, hours_id, user_name=self.user_name
            )
        ):
            self._load_lists()


def _date_order(start: DateField, end: DateField, key: str) -> str | None:
    return rule(lambda: validation.date_order(start.date(), end.date(), field=key))


class ActivityHoursDialog(FormDialog):
    """Hours several volunteers gave to the activity on one day (the same hours each).

    Signals:
        saved(): inherited; the hours were recorded.
    """

    def __init__(
        self,
        *,
        db: Database,
        activity_id: int,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, user_name=user_name, parent=parent)
        self.activity_id = activity_id
        self.setWindowTitle(_("Volunteers' hours") + "[*]")
        with db.reading() as session:
            choices = activities.volunteer_choices(session)
        form = make_form()
        self.worked_on = DateField(past_only=True)
        add_row(
            form,
            self.add_field(
                "worked_on",
                self.worked_on,
                text=_("&Date"),
                check=date_check(self.worked_on, "worked_on", required=True),
            ),
        )
        self.hours = QLineEdit()
        self.hours.setPlaceholderText(
            _("for example {number}").format(number=i18n.format_decimal(Decimal("2.5"), places=1))
        )
        add_row(
            form,
            self.add_field("hours", self.hours, text=_("&Hours each"), check=self._check_hours),
        )
        self.role = QLineEdit()
        self.role.setMaxLength(100)
        add_row(
            form,
            self.add_field("role", self.role, text=_("&Role"), check=optional(self.role, "role")),
        )
        self.volunteers = QListWidget()
        self.volunteers.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for choice in choices:
            item = QListWidgetItem(f"{choice.display_name} ({choice.volunteer_no})")
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.volunteers.addItem(item)
        self.volunteers.setMinimumHeight(220)
        add_row(
            form, self.add_field("volunteers", _CheckList(self.volunteers), text=_("&Volunteers"))
        )
        self.main_layout.addLayout(form)
        self.finish()
        self.resize(620, 560)
        with self.loading():
            self.worked_on.set_date(today())
        self.mark_clean()

    def checked_ids(self) -> list[int]:
        return [
            int(self.volunteers.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.volunteers.count())
            if self.volunteers.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _check_hours(self) -> str | None:
        return day_hours_problem(self.hours.text())

    def check_form(self) -> dict[str, str]:
        if not self.checked_ids():
            return {"volunteers": _("Choose at least one volunteer.")}
        return {}

    def write(self) -> None:
        on = self.worked_on.date()
        hours = parse_decimal(self.hours.text())
        assert on is not None and hours is not None
        role = clean(self.role.text())
        assert self.db is not None
        with self.db.transaction() as session:
            activities.record_volunteer_hours(
                session,
                self.activity_id,
                on,
                [activities.VolunteerHoursEntry(v, hours, role) for v in self.checked_ids()],
                user_name=self.user_name,
            )


class _CheckList(QWidget):
    """A list of check boxes as one form input (its state: the ticked rows).

    Signals:
        changed(): a box was ticked or unticked.
    """

    changed = Signal()

    def __init__(self, view: QListWidget, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view)
        self.setFocusProxy(view)
        view.itemChanged.connect(self._on_view_item_changed)

    def state(self) -> object:
        return tuple(
            i
            for i in range(self.view.count())
            if self.view.item(i).checkState() == Qt.CheckState.Checked
        )

    @Slot()
    def _on_view_item_changed(self, *_args: object) -> None:
        self.changed.emit()
