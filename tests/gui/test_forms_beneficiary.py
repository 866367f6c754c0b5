"""The beneficiary editor: consent first, anonymous registration, checks as you type, nothing
typed is lost, households, consent history, services received, archive and erasure.

Every save is checked in the database through the services (or SQL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, text

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
)

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database, open_database
from cso_desktop.domain import vocab
from cso_desktop.domain.vocab import ConsentMethod, ConsentPurpose, DisplacementStatus
from cso_desktop.services import beneficiaries
from cso_desktop.ui.dialogs import editors
from cso_desktop.ui.dialogs.beneficiary import (
    WG_ANSWERS,
    WG_PREAMBLE,
    WG_QUESTIONS,
    BeneficiaryDialog,
    ConsentDialog,
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


def new_dialog(qtbot: QtBot, db: Database) -> BeneficiaryDialog:
    dialog = BeneficiaryDialog(db=db, record_id=None, user_name=USER)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def open_dialog(qtbot: QtBot, db: Database, record_id: int) -> BeneficiaryDialog:
    dialog = BeneficiaryDialog(db=db, record_id=record_id, user_name=USER)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill_named_person(qtbot: QtBot, dialog: BeneficiaryDialog) -> None:
    """A person who consents, with what a caseworker types for them."""
    dialog.consent.named_radio.click()
    type_text(qtbot, dialog.last_name, "Şükürova")
    type_text(qtbot, dialog.first_name, "Rena")
    type_text(qtbot, dialog.patronymic, "İsmayıl qızı")
    choose(dialog.sex, vocab.Sex.FEMALE.value)
    type_text(qtbot, dialog.date_of_birth, "05.01.1990")
    type_text(qtbot, dialog.phone, "050 123 45 67")
    type_text(qtbot, dialog.national_id, "5zk7p2h")
    choose(dialog.displacement, DisplacementStatus.IDP.value)
    type_text(qtbot, dialog.origin_rayon, "Shusha")
    type_text(qtbot, dialog.rayon, "Baku")
    choose(dialog.consent.method, ConsentMethod.WRITTEN.value)
    dialog.consent.purposes.boxes[ConsentPurpose.SERVICES].click()


def count(db: Database, model: type[m.Base]) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def row_of(db: Database, record_id: int) -> m.Beneficiary:
    with db.reading() as session:
        row = session.get(m.Beneficiary, record_id)
        assert row is not None
        session.expunge(row)
        return row


# --- new people ---------------------------------------------------------------------------------


def test_a_named_person_is_saved_with_their_consent(
    qtbot: QtBot, db: Database, answers: Answers
) -> None:
    dialog = new_dialog(qtbot, db)
    assert dialog.windowTitle().startswith("New beneficiary")
    assert not dialog.tabs.isTabVisible(dialog.tabs.indexOf(dialog.consents_page))
    fill_named_person(qtbot, dialog)
    assert (
        dialog.age_label.text() == f"Age: {TODAY.year - 1990 - (dt.date(TODAY.year, 1, 5) > TODAY)}"
    )
    assert dialog.is_dirty()

    assert dialog.save(), dialog.problem_label.text()

    assert dialog.changed and dialog.record_id is not None and not dialog.is_dirty()
    with db.transaction() as session:
        detail = beneficiaries.get(session, dialog.record_id)
    draft = detail.draft
    assert (draft.last_name, draft.first_name, draft.patronymic) == (
        "Şükürova",
        "Rena",
        "İsmayıl qızı",
    )
    assert draft.phone == "+994501234567"
    assert draft.national_id == "5ZK7P2H"
    assert draft.date_of_birth == dt.date(1990, 1, 5)
    assert (draft.rayon_code, draft.origin_rayon_code) == ("AZ-BA", "AZ-SUS")
    assert not draft.is_anonymous
    given = {c.purpose: c.given for c in detail.consents}
    assert given == {
        "registration": True,
        "services": True,
        "donor_reporting": False,
        "contact": False,
        "photos": False,
    }
    assert {c.method for c in detail.consents} == {"written"}
    assert {c.recorded_by for c in detail.consents} == {USER}


def test_personal_fields_wait_for_the_consent_answer(qtbot: QtBot, db: Database) -> None:
    dialog = new_dialog(qtbot, db)
    for key in ("last_name", "first_name", "patronymic", "phone", "national_id"):
        assert not dialog.fields[key].widget.isEnabled(), key
    assert dialog.personal_hint.isVisible()
    assert dialog.sex.isEnabled() and dialog.estimated_age.isEnabled()

    choose(dialog.sex, vocab.Sex.MALE.value)
    type_text(qtbot, dialog.estimated_age, "40")
    assert not dialog.save()
    assert dialog.fields["consent"].error == (
        "Ask the person whether they consent to registration, and choose an answer."
    )
    assert dialog.estimated_age.text() == "40"  # nothing typed is lost
    assert count(db, m.Beneficiary) == 0

    dialog.consent.named_radio.click()
    assert dialog.last_name.isEnabled() and not dialog.personal_hint.isVisible()


def test_consent_to_registration_is_required_to_save_a_name(
    qtbot: QtBot, db: Database, answers: Answers
) -> None:
    dialog = new_dialog(qtbot, db)
    fill_named_person(qtbot, dialog)
    dialog.consent.purposes.boxes[ConsentPurpose.REGISTRATION].click()  # untick

    assert not dialog.save()

    assert dialog.fields["consent"].error == (
        "Record the person's consent to registration before saving their name, phone or ID — "
        "or register them anonymously."
    )
    assert dialog.isVisible() and dialog.last_name.text() == "Şükürova"
    assert count(db, m.Beneficiary) == 0 and count(db, m.Consent) == 0


def test_a_person_who_does_not_consent_is_registered_anonymously(
    qtbot: QtBot, db: Database
) -> None:
    dialog = new_dialog(qtbot, db)
    fill_named_person(qtbot, dialog)

    dialog.consent.anonymous_radio.click()

    for key in ("last_name", "first_name", "patronymic", "phone", "national_id", "date_of_birth"):
        widget = dialog.fields[key].widget
        assert not widget.isEnabled(), key
        assert dialog.fields[key].state() in ("", None), key
    assert not dialog.consent.capture.isEnabled()
    age = int(dialog.estimated_age.text())  # the age stays, from the date of birth
    assert dialog.estimated_age.isEnabled()
    assert dialog.age_label.text() == f"Age: about {age} (estimated)"

    assert dialog.save(), dialog.problem_label.text()

    row = row_of(db, dialog.record_id or 0)
    assert row.is_anonymous
    assert (row.first_name, row.last_name, row.patronymic) == (None, None, None)
    assert (row.phone, row.national_id, row.date_of_birth) == (None, None, None)
    assert row.estimated_age == age
    assert row.sex == "female" and row.rayon_code == "AZ-BA"
    assert count(db, m.Consent) == 0


# --- checks as you type -------------------------------------------------------------------------


def test_problems_show_beside_their_fields_while_typing_and_clear(
    qtbot: QtBot, db: Database
) -> None:
    dialog = new_dialog(qtbot, db)
    dialog.consent.named_radio.click()

    future = format_short(TODAY + dt.timedelta(days=10))
    type_text(qtbot, dialog.date_of_birth, future)
    wait_error(qtbot, dialog, "date_of_birth", "This date is in the future.")
    type_text(qtbot, dialog.date_of_birth, "05.01.1990")
    assert dialog.fields["date_of_birth"].error is None  # cleared at once

    type_text(qtbot, dialog.national_id, "12AB")
    wait_error(
        qtbot, dialog, "national_id", "A FİN has exactly 7 letters and digits, for example 5ZK7P2H."
    )
    type_text(qtbot, dialog.national_id, "5ZK7P2H")
    assert dialog.fields["national_id"].error is None

    type_text(qtbot, dialog.phone, "+7 912 345 67 89")
    wait_error(qtbot, dialog, "phone").startswith("Enter an Azerbaijani phone number")
    type_text(qtbot, dialog.phone, "+994 50 123 45 67")
    assert dialog.fields["phone"].error is None

    type_text(qtbot, dialog.first_name, "Rena")
    dialog.first_name.clear()
    wait_error(qtbot, dialog, "first_name", "This field is required.")


def test_an_invalid_form_is_not_saved_and_keeps_every_value(qtbot: QtBot, db: Database) -> None:
    dialog = new_dialog(qtbot, db)
    fill_named_person(qtbot, dialog)
    dialog.first_name.clear()
    type_text(qtbot, dialog.national_id, "12AB")
    dialog.tabs.setCurrentIndex(1)  # the user is on another tab when pressing Save

    assert not dialog.save()

    assert dialog.fields["first_name"].error == "This field is required."
    assert dialog.fields["national_id"].error is not None
    assert dialog.tabs.currentIndex() == 0  # back where the first problem is
    assert dialog.focusWidget() is dialog.last_name or dialog.focusWidget() is dialog.first_name
    assert dialog.focusWidget() is dialog.first_name  # the first problem, in form order
    assert dialog.last_name.text() == "Şükürova"
    assert dialog.national_id.text() == "12AB"
    assert dialog.phone.text() == "050 123 45 67"
    assert count(db, m.Beneficiary) == 0


def test_a_refusal_by_the_service_is_shown_beside_the_field(qtbot: QtBot, db: Database) -> None:
    first = new_dialog(qtbot, db)
    fill_named_person(qtbot, first)
    assert first.save()
    number = row_of(db, first.record_id or 0).registration_no

    second = new_dialog(qtbot, db)
    fill_named_person(qtbot, second)  # the same FİN
    type_text(qtbot, second.first_name, "Aynur")

    assert not second.save()

    assert second.fields["national_id"].error == (f"This FİN is already registered for {number}.")
    assert second.focusWidget() is second.national_id
    assert second.first_name.text() == "Aynur" and second.isVisible()
    assert second.record_id is None and count(db, m.Beneficiary) == 1


def test_the_date_of_birth_or_an_age_is_needed(qtbot: QtBot, db: Database) -> None:
    dialog = new_dialog(qtbot, db)
    fill_named_person(qtbot, dialog)
    dialog.date_of_birth.edit.clear()
    assert dialog.age_label.text() == "Age: not known"
    assert not dialog.save()
    assert dialog.fields["date_of_birth"].error == (
        "Enter the date of birth, or an estimated age if it is not known."
    )
    type_text(qtbot, dialog.estimated_age, "35")
    assert dialog.age_label.text() == "Age: about 35 (estimated)"
    assert dialog.save()
    assert row_of(db, dialog.record_id or 0).estimated_age == 35


def test_washington_group_questions_and_the_derived_flag(qtbot: QtBot, db: Database) -> None:
    dialog = new_dialog(qtbot, db)
    texts = [text for _key, text in WG_QUESTIONS]
    assert texts[0] == "Do you have difficulty seeing, even if wearing glasses?"
    assert texts[5] == (
        "Using your usual (customary) language, do you have difficulty communicating, for "
        "example understanding or being understood?"
    )
    assert [a for _c, a in WG_ANSWERS] == [
        "No, no difficulty",
        "Yes, some difficulty",
        "Yes, a lot of difficulty",
        "Cannot do at all",
    ]
    assert WG_PREAMBLE.startswith("The next questions ask about difficulties")
    combo = dialog.wg["wg_walking"]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Not asked",
        "No, no difficulty",
        "Yes, some difficulty",
        "Yes, a lot of difficulty",
        "Cannot do at all",
    ]
    assert dialog.disability_label.text().startswith("Has a disability: not known")
    choose(dialog.wg["wg_seeing"], 2)
    assert dialog.disability_label.text() == "Has a disability: no"
    choose(dialog.wg["wg_walking"], 3)
    assert dialog.disability_label.text().startswith("Has a disability: yes")

    fill_named_person(qtbot, dialog)
    assert dialog.save()
    row = row_of(db, dialog.record_id or 0)
    assert (row.wg_seeing, row.wg_walking, row.wg_hearing) == (2, 3, None)
    assert row.has_disability is True


def test_the_rayon_of_origin_is_only_for_displaced_people(qtbot: QtBot, db: Database) -> None:
    dialog = new_dialog(qtbot, db)
    assert not dialog.origin_rayon.isEnabled()
    choose(dialog.displacement, DisplacementStatus.RETURNEE.value)
    assert dialog.origin_rayon.isEnabled()
    type_text(qtbot, dialog.origin_rayon, "Atlantis")
    wait_error(qtbot, dialog, "origin_rayon_code", "Choose a rayon from the list.")
    choose(dialog.displacement, DisplacementStatus.HOST.value)
    assert not dialog.origin_rayon.isEnabled()
    assert dialog.fields["origin_rayon_code"].error is None
    assert dialog.origin_rayon.currentText() == "Atlantis"  # kept, but not saved


# --- keyboard and closing -----------------------------------------------------------------------


def test_enter_saves_and_closes(qtbot: QtBot, db: Database) -> None:
    dialog = new_dialog(qtbot, db)
    fill_named_person(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.settlement, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert count(db, m.Beneficiary) == 1


def test_ctrl_enter_in_the_notes_saves(qtbot: QtBot, db: Database) -> None:
    dialog = new_dialog(qtbot, db)
    fill_named_person(qtbot, dialog)
    qtbot.keyClicks(dialog.notes, "Needs a wheelchair.")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)  # a new line, not a save
    assert count(db, m.Beneficiary) == 0
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert row_of(db, dialog.record_id or 0).notes == "Needs a wheelchair."


def test_closing_with_changes_asks_first(qtbot: QtBot, db: Database, answers: Answers) -> None:
    dialog = new_dialog(qtbot, db)
    fill_named_person(qtbot, dialog)

    answers.answer("not saved", "cancel")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    question = answers.shown[-1]
    assert [key for key, _label in question.choices] == ["save", "discard", "cancel"]
    assert question.cancel == "cancel"
    assert dialog.isVisible() and dialog.last_name.text() == "Şükürova"

    answers.answer("not saved", "save")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        dialog.close()
    assert count(db, m.Beneficiary) == 1


def test_discarding_changes_saves_nothing(qtbot: QtBot, db: Database, answers: Answers) -> None:
    dialog = new_dialog(qtbot, db)
    fill_named_person(qtbot, dialog)
    answers.answer("not saved", "discard")
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        dialog.reject()
    assert count(db, m.Beneficiary) == 0 and not dialog.changed


def test_closing_without_changes_asks_nothing(qtbot: QtBot, db: Database, answers: Answers) -> None:
    dialog = new_dialog(qtbot, db)
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers.shown == []


def test_labels_have_mnemonics_and_buddies(qtbot: QtBot, db: Database) -> None:
    dialog = new_dialog(qtbot, db)
    for key in ("last_name", "first_name", "sex", "date_of_birth", "phone", "national_id"):
        label = dialog.fields[key].label
        assert label is not None and "&" in label.text(), key
        assert label.buddy() is not None, key


# --- households ---------------------------------------------------------------------------------


def test_a_new_household_with_this_person_as_its_head(qtbot: QtBot, db: Database) -> None:
    dialog = new_dialog(qtbot, db)
    fill_named_person(qtbot, dialog)
    dialog.tabs.setCurrentIndex(1)
    dialog.household_new.click()
    type_text(qtbot, dialog.address, "Azadlıq pr. 12")
    assert not dialog.save()  # the relation to the head is missing
    assert dialog.fields["relation_to_head"].error is not None
    choose(dialog.relation, vocab.HouseholdRelation.HEAD.value)

    assert dialog.save(), dialog.problem_label.text()

    with db.reading() as session:
        person = session.get(m.Beneficiary, dialog.record_id)
        assert person is not None and person.household_id is not None
        household = session.get(m.Household, person.household_id)
        assert household is not None
        assert household.head_id == person.id
        assert (household.address, household.rayon_code) == ("Azadlıq pr. 12", "AZ-BA")
        assert person.relation_to_head == "head"


def test_joining_an_existing_household_found_by_a_member_name(
    qtbot: QtBot, demo_db: Database
) -> None:
    with demo_db.transaction() as session:
        head = beneficiaries.get(session, 1)
    assert head.household_code and head.draft.last_name
    dialog = new_dialog(qtbot, demo_db)
    fill_named_person(qtbot, dialog)
    dialog.tabs.setCurrentIndex(1)
    dialog.household_existing.click()
    type_text(qtbot, dialog.household_search, head.draft.first_name or "")
    qtbot.keyClick(dialog.household_search, Qt.Key.Key_Return)  # searches; does not save
    assert dialog.record_id is None
    rows = dialog.found_model.rows()
    assert rows and all(row.cells[0] for row in rows)
    position = next(i for i, row in enumerate(rows) if row.key == head.draft.household_id)
    dialog.found_view.selectRow(position)
    dialog.use_household_button.click()
    assert dialog.household_label.text() == f"Household {head.household_code}"
    assert dialog.members_model.rowCount() == len(head.household)
    choose(dialog.relation, vocab.HouseholdRelation.SPOUSE.value)

    assert dialog.save(), dialog.problem_label.text()

    with demo_db.transaction() as session:
        saved = beneficiaries.get(session, dialog.record_id or 0)
    assert saved.household_code == head.household_code
    assert saved.draft.relation_to_head == vocab.HouseholdRelation.SPOUSE
    assert dialog.changed


def test_finding_a_household_by_its_code(qtbot: QtBot, demo_db: Database) -> None:
    with demo_db.transaction() as session:
        head = beneficiaries.get(session, 1)
    assert head.household_code
    dialog = new_dialog(qtbot, demo_db)
    fill_named_person(qtbot, dialog)
    dialog.tabs.setCurrentIndex(1)
    dialog.household_existing.click()
    type_text(qtbot, dialog.household_search, head.household_code.lower())
    qtbot.keyClick(dialog.household_search, Qt.Key.Key_Return)
    rows = dialog.found_model.rows()
    assert [row.cells[0] for row in rows] == [head.household_code]
    assert rows[0].cells[1] == beneficiaries.display_name(
        head.draft.first_name, head.draft.last_name
    )


def test_making_an_existing_member_the_head(qtbot: QtBot, demo_db: Database) -> None:
    with demo_db.transaction() as session:
        child = beneficiaries.get(session, 2)
    assert child.draft.relation_to_head == vocab.HouseholdRelation.CHILD
    dialog = open_dialog(qtbot, demo_db, 2)
    choose(dialog.relation, vocab.HouseholdRelation.HEAD.value)
    assert dialog.save(), dialog.problem_label.text()
    with demo_db.reading() as session:
        household = session.get(m.Household, child.draft.household_id)
        old_head = session.get(m.Beneficiary, 1)
        assert household is not None and old_head is not None
        assert household.head_id == 2
        assert old_head.relation_to_head == "other_relative"


# --- existing people ----------------------------------------------------------------------------


def test_an_existing_person_is_shown_and_edited(qtbot: QtBot, demo_db: Database) -> None:
    with demo_db.transaction() as session:
        before = beneficiaries.get(session, 2)
    dialog = open_dialog(qtbot, demo_db, 2)
    assert dialog.last_name.text() == before.draft.last_name
    assert dialog.consent.named_radio.isChecked()
    assert dialog.consent.summary.text().startswith("Consent to registration given on")
    assert dialog.tabs.isTabVisible(dialog.tabs.indexOf(dialog.consents_page))
    assert dialog.consents_model.rowCount() == len(before.consents)
    assert dialog.services_model.rowCount() == len(before.services) > 0
    first = before.services[0]
    cells = dialog.services_model.row(0).cells
    assert cells[1] == first.project_code
    assert vocab.label(first.service_type, vocab.ServiceType) in cells
    assert not dialog.is_dirty()

    type_text(qtbot, dialog.settlement, "Gəncə, Kəpəz")
    assert dialog.save()

    assert row_of(demo_db, 2).settlement == "Gəncə, Kəpəz"


def test_recording_and_withdrawing_consent(
    qtbot: QtBot, demo_db: Database, answers: Answers
) -> None:
    dialog = open_dialog(qtbot, demo_db, 2)
    dialog.tabs.setCurrentWidget(dialog.consents_page)
    before = dialog.consents_model.rowCount()

    def record(sub: QDialog) -> None:
        assert isinstance(sub, ConsentDialog)
        choose(sub.purpose, ConsentPurpose.PHOTOS.value)
        choose(sub.method, ConsentMethod.VERBAL_WITNESSED.value)
        assert sub.save()
        sub.accept()

    on_next_modal(record)
    dialog.record_consent_button.click()
    assert dialog.consents_model.rowCount() == before + 1
    assert dialog.consents_model.row(before).cells[-1] == "Not saved yet"
    assert dialog.is_dirty()
    assert dialog.save()
    with demo_db.reading() as session:
        photos = session.execute(
            select(m.Consent.given, m.Consent.method, m.Consent.recorded_by_name).where(
                m.Consent.beneficiary_id == 2, m.Consent.purpose == "photos"
            )
        ).all()
    assert [tuple(row) for row in photos] == [(True, "verbal_witnessed", USER)]

    dialog = open_dialog(qtbot, demo_db, 2)
    registration = next(
        i
        for i, row in enumerate(dialog.consents_model.rows())
        if row.cells[0] == "Registration and record keeping"
    )
    dialog.consents_view.selectRow(registration)
    assert dialog.withdraw_button.isEnabled()
    answers.answer("withdrew their consent", True)
    dialog.withdraw_button.click()

    with demo_db.reading() as session:
        withdrawn = session.scalars(
            select(m.Consent.withdrawn_on).where(
                m.Consent.beneficiary_id == 2, m.Consent.purpose == "registration"
            )
        ).all()
    assert withdrawn == [TODAY]
    assert any("consent to registration was withdrawn" in t for t in answers.texts())
    assert dialog.consent.summary.text().startswith("No valid consent to registration")
    assert dialog.changed
    # Names can no longer be changed without a new consent.
    type_text(qtbot, dialog.first_name, "Rəna")
    assert not dialog.save()
    assert dialog.fields["consent"].error is not None


def test_archive_and_restore(qtbot: QtBot, demo_db: Database, answers: Answers) -> None:
    dialog = open_dialog(qtbot, demo_db, 3)
    assert dialog.archive_button.isVisible() and dialog.archive_button.text() == "&Archive…"

    dialog.archive_button.click()  # the question is answered "no"
    assert not row_of(demo_db, 3).archived

    answers.answer("Archive this person?", True)
    dialog.archive_button.click()
    assert row_of(demo_db, 3).archived
    assert dialog.archive_button.text() == "&Restore…"
    assert "archived" in dialog.status_label.text()
    assert dialog.changed

    answers.answer("Restore this person?", True)
    dialog.archive_button.click()
    assert not row_of(demo_db, 3).archived
    assert dialog.archive_button.text() == "&Archive…"


def test_erasing_personal_data(qtbot: QtBot, demo_db: Database, answers: Answers) -> None:
    with demo_db.reading() as session:
        services = session.scalar(select(func.count()).where(m.ServiceDelivery.beneficiary_id == 2))
    assert services
    dialog = open_dialog(qtbot, demo_db, 2)
    dialog.erase_button.click()  # answered "no"
    assert row_of(demo_db, 2).first_name is not None
    question = answers.shown[-1]
    assert "cannot be recovered" in question.text and "past reports" in question.text

    answers.answer("Erase this person's personal data", True)
    dialog.erase_button.click()

    with demo_db.reading() as session:
        row = session.execute(
            text(
                "SELECT first_name, last_name, patronymic, phone, national_id, date_of_birth, "
                "notes, erased_at FROM beneficiary WHERE id = 2"
            )
        ).one()
        kept = session.scalar(select(func.count()).where(m.ServiceDelivery.beneficiary_id == 2))
    assert tuple(row[:7]) == (None,) * 7 and row[7] is not None
    assert kept == services  # the anonymous service records stay
    assert dialog.read_only and dialog.changed
    assert dialog.save_button is not None and not dialog.save_button.isVisible()
    assert not dialog.last_name.isEnabled() and not dialog.sex.isEnabled()
    assert not dialog.erase_button.isVisible() and not dialog.archive_button.isVisible()
    assert "was erased" in dialog.status_label.text()
    assert dialog.last_name.text() == ""
    assert not dialog.save()


def test_an_erased_record_opens_read_only(qtbot: QtBot, demo_db: Database) -> None:
    with demo_db.transaction() as session:
        beneficiaries.erase(session, 4)
    dialog = open_dialog(qtbot, demo_db, 4)
    assert dialog.read_only
    assert dialog.cancel_button is not None and dialog.cancel_button.text() == "Close"
    assert not dialog.record_consent_button.isEnabled()


# --- the entry point ----------------------------------------------------------------------------


def test_the_editors_entry_point(qtbot: QtBot, demo_db: Database, answers: Answers) -> None:
    assert editors.supports("beneficiaries") and editors.supports("projects")
    assert not editors.supports("expenses")  # edited on the budget page

    on_next_modal(lambda dialog: dialog.reject())
    assert editors.open_record("beneficiaries", db=demo_db, record_id=5) is False

    def edit(dialog: QDialog) -> None:
        assert isinstance(dialog, BeneficiaryDialog)
        type_text(qtbot, dialog.settlement, "Xırdalan")
        assert dialog.save()
        dialog.accept()

    on_next_modal(edit)
    assert editors.open_record("beneficiaries", db=demo_db, record_id=5, user_name=USER)
    assert row_of(demo_db, 5).settlement == "Xırdalan"


def test_a_record_that_is_gone_is_explained(
    qtbot: QtBot, demo_db: Database, answers: Answers
) -> None:
    assert not editors.open_record("beneficiaries", db=demo_db, record_id=999_999)
    assert answers.texts() == [
        "The record was not found; it may have been deleted in another window."
    ]
