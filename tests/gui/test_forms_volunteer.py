"""The volunteer editor: details with skills, languages and availability; trainings, insurance
and hours; the active status and the expiry alerts; archive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
)

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database, open_database
from cso_desktop.domain import vocab
from cso_desktop.domain.vocab import DayPart, TagKind, Weekday
from cso_desktop.services import registers, volunteers
from cso_desktop.ui.dialogs import editors
from cso_desktop.ui.dialogs.volunteer import (
    HoursDialog,
    InsuranceDialog,
    TrainingDialog,
    VolunteerDialog,
)
from cso_desktop.ui.forms.dates import format_short

from .test_forms_widgets import (
    USER,
    Answers,
    choose,
    install_answers,
    on_next_modal,
    type_text,
    wait_error,
)

TODAY = dt.date.today()


@pytest.fixture
def answers(qapp: QApplication) -> Answers:
    return install_answers()


@pytest.fixture
def demo_db(demo_copy: Path) -> Iterator[Database]:
    database = open_database(demo_copy)
    yield database
    database.close()


def new_dialog(qtbot: QtBot, db: Database) -> VolunteerDialog:
    dialog = VolunteerDialog(db=db, record_id=None, user_name=USER)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def open_dialog(qtbot: QtBot, db: Database, record_id: int) -> VolunteerDialog:
    dialog = VolunteerDialog(db=db, record_id=record_id, user_name=USER)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(qtbot: QtBot, dialog: VolunteerDialog) -> None:
    type_text(qtbot, dialog.person.last_name, "Hüseynli")
    type_text(qtbot, dialog.person.first_name, "Xədicə")
    choose(dialog.person.sex, vocab.Sex.FEMALE.value)
    type_text(qtbot, dialog.person.phone, "070 555 12 34")
    type_text(qtbot, dialog.joined_on, "01.03.2024")


def saved_volunteer(qtbot: QtBot, db: Database) -> int:
    dialog = new_dialog(qtbot, db)
    fill(qtbot, dialog)
    assert dialog.save(), dialog.problem_label.text()
    assert dialog.record_id is not None
    return dialog.record_id


def test_a_new_volunteer_with_skills_languages_and_availability(qtbot: QtBot, db: Database) -> None:
    with db.transaction() as session:
        known = volunteers.create(
            session,
            volunteers.VolunteerDraft(
                first_name="Leyla",
                last_name="Quliyeva",
                sex=vocab.Sex.FEMALE,
                joined_on=dt.date(2023, 1, 1),
                skills=("İlk yardım",),
                languages=("Rus dili",),
            ),
        )
    assert known
    dialog = new_dialog(qtbot, db)
    assert dialog.volunteer_no.placeholderText() == "Given automatically if left empty"
    for tab in (dialog.trainings_tab, dialog.insurance_tab, dialog.hours_tab):
        assert not tab.add_button.isEnabled()
    fill(qtbot, dialog)
    skills = dialog.skills
    assert skills.choose_button.isEnabled()  # known tags are offered
    assert skills.add("ilk yardım")  # a known tag, typed in small letters
    qtbot.keyClicks(skills.edit, "Driving")
    qtbot.keyClick(skills.edit, Qt.Key.Key_Return)  # adds the tag; does not save the form
    assert dialog.record_id is None
    dialog.languages.add("İngilis dili")  # a new one
    dialog.availability.boxes[(Weekday.SAT, DayPart.MORNING)].click()
    dialog.availability.boxes[(Weekday.WED, DayPart.EVENING)].click()

    assert dialog.save(), dialog.problem_label.text()

    with db.reading() as session:
        detail = volunteers.get(session, dialog.record_id or 0)
        skill_names = volunteers.tag_names(session, TagKind.SKILL)
    assert detail.volunteer_no == "V-0002"
    assert set(detail.draft.skills) == {"İlk yardım", "Driving"}
    assert detail.draft.languages == ("İngilis dili",)
    assert detail.draft.availability == frozenset(
        {(Weekday.SAT, DayPart.MORNING), (Weekday.WED, DayPart.EVENING)}
    )
    assert detail.draft.phone == "+994705551234"
    assert sorted(skill_names) == ["Driving", "İlk yardım"]  # no duplicate tag


def test_problems_while_typing_and_nothing_lost(qtbot: QtBot, db: Database) -> None:
    dialog = new_dialog(qtbot, db)
    fill(qtbot, dialog)
    type_text(qtbot, dialog.person.phone, "+1 202 555 0100")
    wait_error(qtbot, dialog, "phone").startswith("Enter an Azerbaijani phone number")
    type_text(qtbot, dialog.joined_on, "32.13.2024")
    wait_error(qtbot, dialog, "joined_on").startswith("Enter a date such as")
    dialog.person.last_name.clear()
    wait_error(qtbot, dialog, "last_name", "This field is required.")
    dialog.skills.add("Cooking")

    assert not dialog.save()

    assert dialog.focusWidget() is dialog.person.last_name
    assert dialog.skills.tags() == ("Cooking",)
    assert dialog.person.phone.text() == "+1 202 555 0100"


def test_training_insurance_and_hours_are_added(
    qtbot: QtBot, db: Database, answers: Answers
) -> None:
    volunteer_id = saved_volunteer(qtbot, db)
    with db.transaction() as session:
        project = m.Project(
            code="P-1",
            title="İcma sağlamlığı",
            donor_kind="other",
            donor_name="IFRC",
            currency="AZN",
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2027, 12, 31),
            status="implementation",
        )
        session.add(project)
        session.flush()
        activity = m.Activity(
            project_id=project.id,
            code="P-1-A01",
            title="İlk yardım təlimi",
            activity_type="training",
            status="ongoing",
        )
        session.add(activity)
        session.flush()
        activity_id = activity.id
    dialog = open_dialog(qtbot, db, volunteer_id)
    assert dialog.status_label.text().splitlines()[1].startswith("Not an active volunteer")
    assert not dialog.alert_label.isVisible()

    def training(sub: QDialog) -> None:
        assert isinstance(sub, TrainingDialog)
        choose(sub.kind, vocab.TrainingKind.FIRST_AID.value)
        type_text(qtbot, sub.title_edit, "Basic first aid")
        type_text(qtbot, sub.completed_on, format_short(TODAY - dt.timedelta(days=700)))
        type_text(qtbot, sub.expires_on, format_short(TODAY + dt.timedelta(days=20)))
        assert sub.save()
        sub.accept()

    on_next_modal(training)
    dialog.trainings_tab.add_button.click()

    def insurance(sub: QDialog) -> None:
        assert isinstance(sub, InsuranceDialog)
        type_text(qtbot, sub.insurer, "Paşa Sığorta")
        type_text(qtbot, sub.policy_no, "PS-001")
        type_text(qtbot, sub.valid_from, format_short(TODAY - dt.timedelta(days=340)))
        type_text(qtbot, sub.valid_until, format_short(TODAY + dt.timedelta(days=25)))
        assert sub.save()
        sub.accept()

    on_next_modal(insurance)
    dialog.insurance_tab.add_button.click()

    def hours(sub: QDialog) -> None:
        assert isinstance(sub, HoursDialog)
        type_text(qtbot, sub.hours, "25")
        wait_error(qtbot, sub, "hours", "Enter between 0.5 and 24 hours for one day.")
        type_text(qtbot, sub.hours, "24")
        type_text(qtbot, sub.activity, "P-1-A01")
        assert sub.activity.value() == activity_id
        type_text(qtbot, sub.role, "Trainer")
        assert sub.save()
        sub.accept()

    on_next_modal(hours)
    dialog.hours_tab.add_button.click()

    assert dialog.changed
    assert dialog.trainings_tab.model.rowCount() == 1
    assert dialog.insurance_tab.model.rowCount() == 1
    assert dialog.hours_tab.model.row(0).cells[2] == "P-1-A01 — İlk yardım təlimi"
    status = dialog.status_label.text().splitlines()[1]
    assert status.startswith("Active volunteer — hours in the last 3 months: 24")
    alerts = dialog.alert_label.text().splitlines()
    assert dialog.alert_label.isVisible()
    until = format_short(TODAY + dt.timedelta(days=25))
    assert f"Accident insurance PS-001 expires on {until}, in 25 days." in alerts
    expires = format_short(TODAY + dt.timedelta(days=20))
    assert f"The certificate “Basic first aid” expires on {expires}, in 20 days." in alerts
    assert dialog.insurance_tab.summary.text() == (
        f"Insured until {format_short(TODAY + dt.timedelta(days=25))}."
    )
    with db.reading() as session:
        detail = volunteers.get(session, volunteer_id)
    assert detail.is_active and detail.hours_in_window == Decimal("24")
    assert [(t.title, t.expires_on) for t in detail.trainings] == [
        ("Basic first aid", TODAY + dt.timedelta(days=20))
    ]
    assert detail.insured_until == TODAY + dt.timedelta(days=25)
    assert [(h.hours, h.activity_code, h.role) for h in detail.hours] == [
        (Decimal("24"), "P-1-A01", "Trainer")
    ]

    dialog.hours_tab.view.selectRow(0)
    answers.answer("Delete this hours entry?", True)
    dialog.hours_tab.delete_button.click()
    assert dialog.hours_tab.model.rowCount() == 0
    assert dialog.status_label.text().splitlines()[1].startswith("Not an active volunteer")


def test_a_policy_must_end_after_it_starts(qtbot: QtBot, db: Database) -> None:
    volunteer_id = saved_volunteer(qtbot, db)
    sub = InsuranceDialog(db=db, volunteer_id=volunteer_id)
    qtbot.addWidget(sub)
    sub.show()
    type_text(qtbot, sub.insurer, "Paşa Sığorta")
    type_text(qtbot, sub.policy_no, "PS-002")
    type_text(qtbot, sub.valid_until, format_short(TODAY - dt.timedelta(days=5)))
    wait_error(qtbot, sub, "valid_until", "The end date is before the start date.")
    assert not sub.save()
    with db.reading() as session:
        assert volunteers.get(session, volunteer_id).insurances == ()


def test_the_activity_list_comes_from_the_projects(qtbot: QtBot, demo_db: Database) -> None:
    with demo_db.reading() as session:
        activities = registers.ACTIVITIES.count(session)
    sub = HoursDialog(db=demo_db, volunteer_id=1)
    qtbot.addWidget(sub)
    assert sub.activity.count() == activities + 1  # and "none"
    type_text(qtbot, sub.activity, "no such activity")
    wait_error(qtbot, sub, "activity_id", "Choose an activity from the list.")


def test_an_existing_volunteer_shows_alerts_and_lists(qtbot: QtBot, demo_db: Database) -> None:
    with demo_db.reading() as session:
        alerting = volunteers.alerts(session, as_of=TODAY)
    assert alerting
    volunteer_id = alerting[0].volunteer_id
    with demo_db.reading() as session:
        detail = volunteers.get(session, volunteer_id)
    dialog = open_dialog(qtbot, demo_db, volunteer_id)
    assert dialog.alert_label.isVisible()
    assert alerting[0].title in dialog.alert_label.text()
    assert dialog.person.last_name.text() == detail.draft.last_name
    assert dialog.skills.tags() == detail.draft.skills
    assert dialog.availability.value() == detail.draft.availability
    assert dialog.trainings_tab.model.rowCount() == len(detail.trainings)
    assert dialog.hours_tab.model.rowCount() == len(detail.hours)
    assert not dialog.is_dirty()


def test_archive_and_restore(qtbot: QtBot, db: Database, answers: Answers) -> None:
    volunteer_id = saved_volunteer(qtbot, db)
    dialog = open_dialog(qtbot, db, volunteer_id)
    answers.answer("Archive this record?", True)
    dialog.archive_button.click()
    with db.reading() as session:
        assert session.scalar(select(m.Volunteer.archived).where(m.Volunteer.id == volunteer_id))
    assert "archived" in dialog.status_label.text()
    answers.answer("Restore this record?", True)
    dialog.archive_button.click()
    with db.reading() as session:
        assert not session.scalar(
            select(m.Volunteer.archived).where(m.Volunteer.id == volunteer_id)
        )


def test_save_now_opens_the_lists_of_a_new_volunteer(qtbot: QtBot, db: Database) -> None:
    dialog = new_dialog(qtbot, db)
    fill(qtbot, dialog)
    dialog.tabs.setCurrentWidget(dialog.trainings_tab)
    buttons = [
        b
        for b in dialog.trainings_tab.findChildren(type(dialog.archive_button))
        if b.text() == "Save now and continue"
    ]
    assert buttons
    buttons[0].click()
    assert dialog.record_id is not None and dialog.isVisible()
    assert dialog.trainings_tab.add_button.isEnabled()
    assert dialog.windowTitle().startswith("Volunteer V-0001")


def test_opened_through_the_entry_point(qtbot: QtBot, db: Database, answers: Answers) -> None:
    assert editors.supports("volunteers")
    volunteer_id = saved_volunteer(qtbot, db)

    def discard(dialog: QDialog) -> None:
        assert isinstance(dialog, VolunteerDialog)
        type_text(qtbot, dialog.settlement, "Sumqayıt")
        answers.answer("not saved", "discard")
        dialog.reject()

    on_next_modal(discard)
    assert not editors.open_record("volunteers", db=db, record_id=volunteer_id)
    with db.reading() as session:
        assert volunteers.get(session, volunteer_id).draft.settlement is None
