"""A volunteer: details, skills, languages and availability, trainings, insurance and hours."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import validation, vocab
from cso_desktop.domain.vocab import TagKind
from cso_desktop.i18n import _, ngettext
from cso_desktop.services import registers, volunteers
from cso_desktop.ui.dialogs.common import (
    PersonFields,
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
    sex_value,
    stack,
    today,
)
from cso_desktop.ui.forms.availability import AvailabilityGrid
from cso_desktop.ui.forms.combo import UNKNOWN, SearchableCombo
from cso_desktop.ui.forms.dates import DateField, format_short
from cso_desktop.ui.forms.dialog import FormDialog, hint_label
from cso_desktop.ui.forms.fields import (
    Check,
    add_row,
    chosen,
    code_combo,
    make_form,
    optional,
    required,
    rule,
    set_combo_data,
)
from cso_desktop.ui.forms.table import Row, RowsModel, make_table, selected_key
from cso_desktop.ui.forms.tags import TagPicker

#: Most activities an hours entry can be linked to (the pick list).
MAX_ACTIVITIES = 500


def format_hours(value: Decimal) -> str:
    """``26`` or ``2.5`` (in the UI language's digits and decimal sign)."""
    places = 0 if value == value.to_integral_value() else 1
    return i18n.format_decimal(value, places=places)


def activity_text(code: str | None, title: str | None) -> str:
    if not code:
        return ""
    return _("{code} — {title}").format(code=code, title=title or "")


def alert_text(alert: volunteers.Alert) -> str:
    """One sentence about a policy or certificate that expires soon or has expired."""
    date = format_short(alert.expires_on)
    if alert.kind == "insurance":
        if alert.expired:
            return _("Accident insurance {policy} expired on {date}.").format(
                policy=alert.title, date=date
            )
        if alert.days_left == 0:
            return _("Accident insurance {policy} expires today.").format(policy=alert.title)
        return ngettext(
            "Accident insurance {policy} expires on {date}, in {days} day.",
            "Accident insurance {policy} expires on {date}, in {days} days.",
            alert.days_left,
        ).format(policy=alert.title, date=date, days=alert.days_left)
    if alert.expired:
        return _("The certificate “{title}” expired on {date}.").format(
            title=alert.title, date=date
        )
    if alert.days_left == 0:
        return _("The certificate “{title}” expires today.").format(title=alert.title)
    return ngettext(
        "The certificate “{title}” expires on {date}, in {days} day.",
        "The certificate “{title}” expires on {date}, in {days} days.",
        alert.days_left,
    ).format(title=alert.title, date=date, days=alert.days_left)


def activity_text_for_status(
    detail: volunteers.VolunteerDetail, rule_: volunteers.ActiveRule
) -> str:
    """Whether the volunteer counts as active, with the hours that decide it."""
    values = {
        "months": rule_.months,
        "hours": format_hours(detail.hours_in_window),
        "needed": format_hours(rule_.hours_needed),
    }
    if detail.is_active:
        return ngettext(
            "Active volunteer — hours in the last month: {hours} (at least {needed} needed).",
            "Active volunteer — hours in the last {months} months: {hours} "
            "(at least {needed} needed).",
            rule_.months,
        ).format(**values)
    return ngettext(
        "Not an active volunteer — hours in the last month: {hours} (at least {needed} needed).",
        "Not an active volunteer — hours in the last {months} months: {hours} "
        "(at least {needed} needed).",
        rule_.months,
    ).format(**values)


class _ListTab(QWidget):
    """A tab with a hint for new records, a line of text, a table and Add / Delete buttons.

    Attributes:
        summary: a line above the table.
        model, view: the table.
        add_button, delete_button: below the table.
    """

    def __init__(
        self,
        *,
        hint: QWidget,
        headers: list[str],
        add_text: str,
        delete_text: str,
        numeric: tuple[int, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.addWidget(hint)
        self.summary = QLabel(self)
        self.summary.setObjectName("derivedValue")
        self.summary.setWordWrap(True)
        self.summary.setVisible(False)
        column.addWidget(self.summary)
        self.model = RowsModel(headers=headers, numeric=numeric, parent=self)
        self.view: QTableView = make_table(self.model, parent=self)
        column.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(add_text, self)
        self.add_button.setAutoDefault(False)
        self.delete_button = QPushButton(delete_text, self)
        self.delete_button.setAutoDefault(False)
        self.delete_button.setEnabled(False)
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        column.addLayout(row)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setVisible(bool(text))

    def set_enabled_for(self, exists: bool) -> None:
        self.view.setEnabled(exists)
        self.add_button.setEnabled(exists)
        self.delete_button.setEnabled(exists and selected_key(self.view) is not None)

    @Slot()
    def _on_view_selection_changed(self, *_args: object) -> None:
        self.delete_button.setEnabled(selected_key(self.view) is not None)


class VolunteerDialog(RecordDialog):
    """Add or edit a volunteer; their trainings, insurance and hours; active or not.

    Attributes:
        person: the name, contact and rayon inputs.
        detail: the volunteer as saved, or ``None`` for a new one.
        skills, languages: the tag pickers.
        availability: the weekday × part-of-day grid.
        trainings_tab, insurance_tab, hours_tab: the lists.

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
    ) -> None:
        super().__init__(db=db, record_id=record_id, user_name=user_name, parent=parent)
        self.detail: volunteers.VolunteerDetail | None = None
        with db.reading() as session:
            known_skills = volunteers.tag_names(session, TagKind.SKILL)
            known_languages = volunteers.tag_names(session, TagKind.LANGUAGE)
        self._build_details(known_skills, known_languages)
        self._build_lists()
        self.finish()
        self.reload()

    # --- building -----------------------------------------------------------------------------

    def _build_details(self, known_skills: list[str], known_languages: list[str]) -> None:
        self.person = PersonFields(self)
        person_box, person_form = group(_("Person"))
        self.person.add_names(person_form)
        contact_box, contact_form = group(_("Contact"))
        self.person.add_contact(contact_form)
        self.emergency_contact = QLineEdit()
        self.emergency_contact.setMaxLength(200)
        self.emergency_contact.setPlaceholderText(_("Name and phone"))
        add_row(
            contact_form,
            self.add_field(
                "emergency_contact",
                self.emergency_contact,
                text=_("Emergenc&y contact"),
                check=optional(self.emergency_contact, "emergency_contact", max_length=200),
            ),
        )
        self.person.add_rayon(contact_form)
        self.settlement = QLineEdit()
        self.settlement.setMaxLength(100)
        add_row(
            contact_form,
            self.add_field(
                "settlement",
                self.settlement,
                text=_("Settle&ment"),
                check=optional(self.settlement, "settlement"),
            ),
        )

        volunteering_box, form = group(_("Volunteering"))
        self.volunteer_no = QLineEdit()
        self.volunteer_no.setMaxLength(30)
        self.volunteer_no.setPlaceholderText(_("Given automatically if left empty"))
        add_row(
            form,
            self.add_field(
                "volunteer_no",
                self.volunteer_no,
                text=_("&Volunteer no."),
                check=optional(self.volunteer_no, "volunteer_no", max_length=30),
            ),
        )
        self.status = code_combo(vocab.choices(vocab.VolunteerStatus))
        add_row(
            form,
            self.add_field("status", self.status, text=_("&Status"), check=chosen(self.status)),
        )
        self.joined_on = DateField(past_only=True)
        add_row(
            form,
            self.add_field(
                "joined_on",
                self.joined_on,
                text=_("&Joined on"),
                check=date_check(self.joined_on, "joined_on", required=True),
            ),
        )
        self.skills = TagPicker(known=known_skills)
        add_row(form, self.add_field("skills", self.skills, text=_("S&kills")))
        self.languages = TagPicker(known=known_languages)
        add_row(form, self.add_field("languages", self.languages, text=_("Lan&guages")))

        availability_box, availability_form = group(_("Availability"))
        self.availability = AvailabilityGrid()
        add_row(availability_form, self.add_field("availability", self.availability))
        notes_box, notes_form = group(_("Notes"))
        self.notes = notes_edit()
        add_row(
            notes_form,
            self.add_field(
                "notes", self.notes, check=optional(self.notes, "notes", max_length=2000)
            ),
        )
        details = columns(
            stack(person_box, contact_box, notes_box), stack(volunteering_box, availability_box)
        )
        self.tabs.addTab(scrolling_details(details), _("&Details"))

    def _build_lists(self) -> None:
        self.trainings_tab = _ListTab(
            hint=self.until_saved_hint(
                _("Save the volunteer first; then their trainings can be recorded here.")
            ),
            headers=[
                _("Training"),
                _("Title"),
                _("Provider"),
                _("Completed"),
                _("Certificate no."),
                _("Expires"),
            ],
            add_text=_("Add a &training…"),
            delete_text=_("Delete the training…"),
        )
        self.tabs.addTab(self.trainings_tab, _("&Trainings"))
        self.insurance_tab = _ListTab(
            hint=self.until_saved_hint(
                _("Save the volunteer first; then their insurance can be recorded here.")
            ),
            headers=[_("Insurer"), _("Policy no."), _("Valid from"), _("Valid until")],
            add_text=_("Add a &policy…"),
            delete_text=_("Delete the policy…"),
        )
        self.tabs.addTab(self.insurance_tab, _("&Insurance"))
        self.hours_tab = _ListTab(
            hint=self.until_saved_hint(
                _("Save the volunteer first; then their hours can be recorded here.")
            ),
            headers=[_("Date"), _("Hours"), _("Activity"), _("Role")],
            add_text=_("Add &hours…"),
            delete_text=_("Delete the entry…"),
            numeric=(1,),
        )
        self.tabs.addTab(self.hours_tab, _("&Hours"))
        self.trainings_tab.add_button.clicked.connect(self._on_add_training_clicked)
        self.insurance_tab.add_button.clicked.connect(self._on_add_insurance_clicked)
        self.hours_tab.add_button.clicked.connect(self._on_add_hours_clicked)
        self.trainings_tab.delete_button.clicked.connect(self._on_delete_training_clicked)
        self.insurance_tab.delete_button.clicked.connect(self._on_delete_insurance_clicked)
        self.hours_tab.delete_button.clicked.connect(self._on_delete_hours_clicked)

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        self._load_detail()
        with self.loading():
            self._fill(self.detail.draft if self.detail else None)
        self.mark_clean()

    def _load_detail(self) -> None:
        detail = None
        alerts: list[volunteers.Alert] = []
        rule_ = volunteers.ActiveRule()
        if self.record_id is not None:
            with self.db_.reading() as session:
                detail = volunteers.get(session, self.record_id)
                rule_ = volunteers.active_rule(session)
                alerts = volunteers.alerts(session, as_of=today(), volunteer_id=self.record_id)
        self.detail = detail
        self.archived = bool(detail and detail.archived)
        self._rule = rule_
        self._alerts = alerts
        self._show_lists()
        self._update_status()

    def _fill(self, draft: volunteers.VolunteerDraft | None) -> None:
        p = self.person
        if draft is None:
            set_combo_data(self.status, vocab.VolunteerStatus.ACTIVE.value)
            self.joined_on.set_date(today())
            return
        p.last_name.setText(draft.last_name)
        p.first_name.setText(draft.first_name)
        p.patronymic.setText(draft.patronymic or "")
        set_combo_data(p.sex, draft.sex.value)
        p.date_of_birth.set_date(draft.date_of_birth)
        p.phone.setText(draft.phone or "")
        p.email.setText(draft.email or "")
        p.rayon.set_code(draft.rayon_code)
        self.settlement.setText(draft.settlement or "")
        self.emergency_contact.setText(draft.emergency_contact or "")
        self.volunteer_no.setText(draft.volunteer_no or "")
        set_combo_data(self.status, draft.status.value)
        self.joined_on.set_date(draft.joined_on)
        self.skills.set_tags(draft.skills)
        self.languages.set_tags(draft.languages)
        self.availability.set_value(draft.availability)
        self.notes.setPlainText(draft.notes or "")

    def _show_lists(self) -> None:
        detail = self.detail
        exists = detail is not None
        for tab in (self.trainings_tab, self.insurance_tab, self.hours_tab):
            tab.set_enabled_for(exists)
        if detail is None:
            for tab in (self.trainings_tab, self.insurance_tab, self.hours_tab):
                tab.model.set_rows([])
                tab.set_summary("")
            return
        on = today()
        self.trainings_tab.model.set_rows(
            [
                Row(
                    (
                        vocab.label(t.kind, vocab.TrainingKind),
                        t.title,
                        t.provider or "",
                        i18n.format_date(t.completed_on),
                        t.certificate_no or "",
                        i18n.format_date(t.expires_on) if t.expires_on else _("Does not expire"),
                    ),
                    key=t.id,
                    muted=t.expires_on is not None and t.expires_on < on,
                )
                for t in detail.trainings
            ]
        )
        self.insurance_tab.model.set_rows(
            [
                Row(
                    (
                        i.insurer,
                        i.policy_no,
                        i18n.format_date(i.valid_from),
                        i18n.format_date(i.valid_until),
                    ),
                    key=i.id,
                    muted=i.valid_until < on,
                )
                for i in detail.insurances
            ]
        )
        self.insurance_tab.set_summary(
            _("Insured until {date}.").format(date=format_short(detail.insured_until))
            if detail.insured_until
            else _("No accident insurance is valid today.")
        )
        self.hours_tab.model.set_rows(
            [
                Row(
                    (
                        i18n.format_date(h.worked_on),
                        format_hours(h.hours),
                        activity_text(h.activity_code, h.activity_title),
                        h.role or "",
                    ),
                    key=h.id,
                )
                for h in detail.hours
            ]
        )
        self.hours_tab.set_summary(activity_text_for_status(detail, self._rule))

    def _update_status(self) -> None:
        detail = self.detail
        self.update_archive_button()
        if detail is None:
            self.setWindowTitle(_("New volunteer") + "[*]")
            self.status_label.setVisible(False)
            self.alert_label.setVisible(False)
            return
        name = f"{detail.draft.last_name} {detail.draft.first_name}"
        self.setWindowTitle(
            _("Volunteer {number}: {name}").format(number=detail.volunteer_no, name=name) + "[*]"
        )
        lines = [
            _("Volunteer no. {number}").format(number=detail.volunteer_no),
            activity_text_for_status(detail, self._rule),
        ]
        if self.archived:
            lines.append(_("This volunteer is archived."))
        self.status_label.setText("\n".join(lines))
        self.status_label.setVisible(True)
        self.alert_label.setText("\n".join(alert_text(a) for a in self._alerts))
        self.alert_label.setVisible(bool(self._alerts))

    # --- saving -------------------------------------------------------------------------------

    def draft(self) -> volunteers.VolunteerDraft:
        p = self.person
        joined = self.joined_on.date()
        assert joined is not None  # checked by the field
        return volunteers.VolunteerDraft(
            first_name=p.first_name.text(),
            last_name=p.last_name.text(),
            sex=sex_value(p.sex),
            joined_on=joined,
            status=vocab.VolunteerStatus(self.status.currentData()),
            volunteer_no=clean(self.volunteer_no.text()),
            patronymic=clean(p.patronymic.text()),
            date_of_birth=p.date_of_birth.date(),
            phone=clean(p.phone.text()),
            email=clean(p.email.text()),
            rayon_code=p.rayon.code(),
            settlement=clean(self.settlement.text()),
            emergency_contact=clean(self.emergency_contact.text()),
            notes=clean(self.notes.toPlainText()),
            skills=self.skills.tags(),
            languages=self.languages.tags(),
            availability=self.availability.value(),
        )

    def write(self) -> None:
        draft = self.draft()
        with self.db_.transaction() as session:
            if self.record_id is None:
                new_id = volunteers.create(session, draft, user_name=self.user_name)
            else:
                volunteers.update(session, self.record_id, draft, user_name=self.user_name)
                new_id = self.record_id
        self.record_id = new_id

    def archive_record(self, session: Session, *, archived: bool) -> None:
        assert self.record_id is not None
        volunteers.archive(session, self.record_id, archived=archived, user_name=self.user_name)

    def after_archive(self) -> None:
        self._load_detail()

    # --- slots --------------------------------------------------------------------------------

    def _add(self, dialog: FormDialog) -> None:
        if dialog.exec() and dialog.changed:
            self.changed = True
            self._load_detail()
        dialog.deleteLater()

    def _delete(self, tab: _ListTab, model: type[m.Base], question: str, title: str) -> None:
        record_id = selected_key(tab.view)
        if record_id is None or not confirm(self, question, title=title):
            return
        if self.run_action(
            lambda session: volunteers.delete_record(session, model, record_id)  # type: ignore[arg-type]
        ):
            self._load_detail()

    @Slot()
    def _on_add_training_clicked(self) -> None:
        if self.record_id is not None:
            self._add(TrainingDialog(db=self.db_, volunteer_id=self.record_id, parent=self))

    @Slot()
    def _on_add_insurance_clicked(self) -> None:
        if self.record_id is not None:
            self._add(InsuranceDialog(db=self.db_, volunteer_id=self.record_id, parent=self))

    @Slot()
    def _on_add_hours_clicked(self) -> None:
        if self.record_id is not None:
            self._add(HoursDialog(db=self.db_, volunteer_id=self.record_id, parent=self))

    @Slot()
    def _on_delete_training_clicked(self) -> None:
        self._delete(
            self.trainings_tab,
            m.VolunteerTraining,
            _("Delete this training from the volunteer's record?"),
            _("Delete the training"),
        )

    @Slot()
    def _on_delete_insurance_clicked(self) -> None:
        self._delete(
            self.insurance_tab,
            m.VolunteerInsurance,
            _("Delete this insurance policy from the volunteer's record?"),
            _("Delete the policy"),
        )

    @Slot()
    def _on_delete_hours_clicked(self) -> None:
        self._delete(
            self.hours_tab,
            m.VolunteerHours,
            _("Delete this hours entry? The volunteer's hours are counted again without it."),
            _("Delete the entry"),
        )


class _VolunteerRecordDialog(FormDialog):
    """A small form that adds one record to a volunteer."""

    def __init__(
        self,
        *,
        db: Database,
        volunteer_id: int,
        title: str,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, user_name=user_name, parent=parent)
        self.volunteer_id = volunteer_id
        self.record_id: int | None = None
        self.setWindowTitle(title + "[*]")
        self.form = make_form()
        self.main_layout.addLayout(self.form)

    def done_building(self) -> None:
        self.main_layout.addStretch(1)
        self.finish()
        self.resize(max(560, self.sizeHint().width()), self.sizeHint().height())

    @property
    def db_(self) -> Database:
        assert self.db is not None
        return self.db


class TrainingDialog(_VolunteerRecordDialog):
    """A training or certificate, with its expiry date if it has one.

    Signals:
        saved(): inherited; the training was recorded.
    """

    def __init__(
        self,
        *,
        db: Database,
        volunteer_id: int,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            db=db,
            volunteer_id=volunteer_id,
            title=_("Training or certificate"),
            user_name=user_name,
            parent=parent,
        )
        form = self.form
        self.kind = code_combo(vocab.choices(vocab.TrainingKind))
        add_row(form, self.add_field("kind", self.kind, text=_("&Kind"), check=chosen(self.kind)))
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(200)
        add_row(
            form,
            self.add_field(
                "title",
                self.title_edit,
                text=_("&Title"),
                check=required(self.title_edit, "title", max_length=200),
            ),
        )
        self.provider = QLineEdit()
        self.provider.setMaxLength(200)
        add_row(
            form,
            self.add_field(
                "provider",
                self.provider,
                text=_("&Provider"),
                check=optional(self.provider, "provider", max_length=200),
            ),
        )
        self.completed_on = DateField(past_only=True)
        add_row(
            form,
            self.add_field(
                "completed_on",
                self.completed_on,
                text=_("&Completed on"),
                check=date_check(self.completed_on, "completed_on", required=True),
            ),
        )
        self.certificate_no = QLineEdit()
        self.certificate_no.setMaxLength(50)
        add_row(
            form,
            self.add_field(
                "certificate_no",
                self.certificate_no,
                text=_("Certificate &no."),
                check=optional(self.certificate_no, "certificate_no", max_length=50),
            ),
        )
        self.expires_on = DateField()
        add_row(
            form,
            self.add_field(
                "expires_on",
                self.expires_on,
                text=_("&Expires on"),
                check=_end_after(self.completed_on, self.expires_on, "expires_on"),
            ),
        )
        form.addRow(
            hint_label(_("Leave the expiry date empty if the certificate does not expire."))
        )
        self.done_building()

    def write(self) -> None:
        completed = self.completed_on.date()
        assert completed is not None
        with self.db_.transaction() as session:
            new_id = volunteers.add_training(
                session,
                self.volunteer_id,
                kind=vocab.TrainingKind(self.kind.currentData()),
                title=self.title_edit.text(),
                completed_on=completed,
                expires_on=self.expires_on.date(),
                provider=clean(self.provider.text()),
                certificate_no=clean(self.certificate_no.text()),
            )
        self.record_id = new_id


class InsuranceDialog(_VolunteerRecordDialog):
    """An accident insurance policy and the days it covers.

    Signals:
        saved(): inherited; the policy was recorded.
    """

    def __init__(
        self,
        *,
        db: Database,
        volunteer_id: int,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            db=db,
            volunteer_id=volunteer_id,
            title=_("Accident insurance"),
            user_name=user_name,
            parent=parent,
        )
        form = self.form
        self.insurer = QLineEdit()
        self.insurer.setMaxLength(200)
        add_row(
            form,
            self.add_field(
                "insurer",
                self.insurer,
                text=_("&Insurer"),
                check=required(self.insurer, "insurer", max_length=200),
            ),
        )
        self.policy_no = QLineEdit()
        self.policy_no.setMaxLength(50)
        add_row(
            form,
            self.add_field(
                "policy_no",
                self.policy_no,
                text=_("&Policy no."),
                check=required(self.policy_no, "policy_no", max_length=50),
            ),
        )
        self.valid_from = DateField()
        add_row(
            form,
            self.add_field(
                "valid_from",
                self.valid_from,
                text=_("Valid &from"),
                check=date_check(self.valid_from, "valid_from", required=True, past=False),
            ),
        )
        self.valid_until = DateField()
        add_row(
            form,
            self.add_field(
                "valid_until",
                self.valid_until,
                text=_("Valid &until"),
                check=_end_after(self.valid_from, self.valid_until, "valid_until", required=True),
            ),
        )
        self.done_building()
        with self.loading():
            self.valid_from.set_date(today())
        self.mark_clean()

    def write(self) -> None:
        start, end = self.valid_from.date(), self.valid_until.date()
        assert start is not None and end is not None
        with self.db_.transaction() as session:
            new_id = volunteers.add_insurance(
                session,
                self.volunteer_id,
                insurer=self.insurer.text(),
                policy_no=self.policy_no.text(),
                valid_from=start,
                valid_until=end,
            )
        self.record_id = new_id


class HoursDialog(_VolunteerRecordDialog):
    """Hours a volunteer gave on one day, for an activity of a project or none.

    Signals:
        saved(): inherited; the hours were recorded.
    """

    def __init__(
        self,
        *,
        db: Database,
        volunteer_id: int,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            db=db,
            volunteer_id=volunteer_id,
            title=_("Volunteer hours"),
            user_name=user_name,
            parent=parent,
        )
        with db.reading() as session:
            rows = registers.ACTIVITIES.fetch(session, limit=MAX_ACTIVITIES)
        keys = [c.key for c in (*registers.ACTIVITIES.columns, *registers.ACTIVITIES.hidden)]
        code_at, title_at = 1 + keys.index("code"), 1 + keys.index("title")
        form = self.form
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
            form, self.add_field("hours", self.hours, text=_("&Hours"), check=self._check_hours)
        )
        self.activity = SearchableCombo(
            items=[(activity_text(row[code_at], row[title_at]), row[0]) for row in rows],
            aliases=[(row[code_at], row[0]) for row in rows],
            placeholder=_("None, or type part of the code or title"),
        )
        add_row(
            form,
            self.add_field(
                "activity_id", self.activity, text=_("&Activity"), check=self._check_activity
            ),
        )
        self.role = QLineEdit()
        self.role.setMaxLength(100)
        add_row(
            form,
            self.add_field("role", self.role, text=_("&Role"), check=optional(self.role, "role")),
        )
        self.done_building()
        with self.loading():
            self.worked_on.set_date(today())
        self.mark_clean()

    def _check_hours(self) -> str | None:
        return day_hours_problem(self.hours.text())

    def _check_activity(self) -> str | None:
        if self.activity.value() is UNKNOWN:
            return _("Choose an activity from the list.")
        return None

    def write(self) -> None:
        worked_on = self.worked_on.date()
        hours = parse_decimal(self.hours.text())
        assert worked_on is not None and hours is not None
        with self.db_.transaction() as session:
            new_id = volunteers.add_hours(
                session,
                self.volunteer_id,
                worked_on=worked_on,
                hours=hours,
                activity_id=self.activity.value(),
                role=clean(self.role.text()),
            )
        self.record_id = new_id


def _end_after(start: DateField, end: DateField, key: str, *, required: bool = False) -> Check:
    """Check: a readable end date, not before the start date."""

    def check() -> str | None:
        problem = end.check(key=key, required=required)
        if problem:
            return problem
        return rule(lambda: validation.date_order(start.date(), end.date(), field=key))

    return check
