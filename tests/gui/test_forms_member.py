"""The member editor: details checked as you type, fees by year, payments and arrears, archive."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
)

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import vocab
from cso_desktop.services import members
from cso_desktop.ui.dialogs import editors
from cso_desktop.ui.dialogs.member import FeePaymentDialog, MemberDialog
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
def category_id(db: Database) -> int:
    with db.transaction() as session:
        return members.create_category(session, name="Tam üzv", annual_fee=Decimal("20.00"))


def new_dialog(qtbot: QtBot, db: Database) -> MemberDialog:
    dialog = MemberDialog(db=db, record_id=None, user_name=USER)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def open_dialog(qtbot: QtBot, db: Database, record_id: int) -> MemberDialog:
    dialog = MemberDialog(db=db, record_id=record_id, user_name=USER)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(qtbot: QtBot, dialog: MemberDialog, *, joined: dt.date) -> None:
    type_text(qtbot, dialog.person.last_name, "Məmmədov")
    type_text(qtbot, dialog.person.first_name, "Elcin")
    choose(dialog.person.sex, vocab.Sex.MALE.value)
    type_text(qtbot, dialog.person.phone, "055 765 43 21")
    type_text(qtbot, dialog.person.email, "elcin@example.az")
    type_text(qtbot, dialog.person.rayon, "Ganja")
    type_text(qtbot, dialog.joined_on, format_short(joined))


def saved_member(qtbot: QtBot, db: Database, *, joined: dt.date) -> int:
    dialog = new_dialog(qtbot, db)
    fill(qtbot, dialog, joined=joined)
    assert dialog.save(), dialog.problem_label.text()
    assert dialog.record_id is not None
    return dialog.record_id


def test_a_new_member_is_saved(qtbot: QtBot, db: Database, category_id: int) -> None:
    dialog = new_dialog(qtbot, db)
    assert dialog.category.currentData() == category_id  # the only category, chosen
    assert dialog.status.currentData() == vocab.MemberStatus.ACTIVE.value
    assert dialog.joined_on.date() == TODAY
    assert not dialog.add_payment_button.isEnabled() and not dialog.fees_hint.isHidden()
    fill(qtbot, dialog, joined=dt.date(2024, 3, 1))
    dialog.board.click()

    assert dialog.save(), dialog.problem_label.text()

    with db.reading() as session:
        detail = members.get(session, dialog.record_id or 0)
    assert detail.membership_no == "M-0001"  # given automatically
    draft = detail.draft
    assert (draft.last_name, draft.first_name) == ("Məmmədov", "Elcin")
    assert (draft.phone, draft.email, draft.rayon_code) == (
        "+994557654321",
        "elcin@example.az",
        "AZ-GA",
    )
    assert draft.is_board_member and draft.category_id == category_id
    assert draft.joined_on == dt.date(2024, 3, 1)


def test_problems_are_shown_while_typing_and_block_the_save(qtbot: QtBot, db: Database) -> None:
    dialog = new_dialog(qtbot, db)
    fill(qtbot, dialog, joined=dt.date(2024, 3, 1))
    type_text(qtbot, dialog.person.phone, "12345")
    wait_error(qtbot, dialog, "phone").startswith("Enter an Azerbaijani phone number")
    type_text(qtbot, dialog.person.email, "elcin@")
    wait_error(qtbot, dialog, "email", "Enter an e-mail address such as name@example.az.")
    type_text(qtbot, dialog.person.date_of_birth, format_short(TODAY + dt.timedelta(days=1)))
    wait_error(qtbot, dialog, "date_of_birth", "This date is in the future.")
    dialog.person.first_name.clear()
    wait_error(qtbot, dialog, "first_name", "This field is required.")

    assert not dialog.save()

    assert dialog.focusWidget() is dialog.person.first_name
    assert dialog.person.phone.text() == "12345" and dialog.person.email.text() == "elcin@"
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(m.Member)) == 0


def test_a_member_who_left_needs_the_date(qtbot: QtBot, db: Database) -> None:
    member_id = saved_member(qtbot, db, joined=dt.date(2020, 1, 1))
    dialog = open_dialog(qtbot, db, member_id)
    choose(dialog.status, vocab.MemberStatus.LEFT.value)
    assert not dialog.save()
    assert dialog.fields["left_on"].error == "Enter the date the membership ended."
    type_text(qtbot, dialog.left_on, "01.06.2019")
    assert dialog.fields["left_on"].error == "The end date is before the start date."
    type_text(qtbot, dialog.left_on, "01.06.2023")
    assert dialog.fields["left_on"].error is None
    assert dialog.save()
    with db.reading() as session:
        draft = members.get(session, member_id).draft
    assert (draft.status, draft.left_on) == (vocab.MemberStatus.LEFT, dt.date(2023, 6, 1))


def test_a_taken_membership_number_is_refused_beside_the_field(qtbot: QtBot, db: Database) -> None:
    saved_member(qtbot, db, joined=dt.date(2024, 1, 1))
    dialog = new_dialog(qtbot, db)
    fill(qtbot, dialog, joined=dt.date(2024, 1, 1))
    type_text(qtbot, dialog.membership_no, "M-0001")
    assert not dialog.save()
    assert dialog.fields["membership_no"].error == "This membership number is already used."
    assert dialog.focusWidget() is dialog.membership_no
    assert dialog.isVisible() and dialog.person.last_name.text() == "Məmmədov"


def test_fees_payment_and_arrears(qtbot: QtBot, db: Database, category_id: int) -> None:
    joined = dt.date(TODAY.year - 1, 2, 1)
    member_id = saved_member(qtbot, db, joined=joined)
    dialog = open_dialog(qtbot, db, member_id)
    dialog.tabs.setCurrentIndex(1)
    assert dialog.add_payment_button.isEnabled() and not dialog.fees_hint.isVisible()
    assert dialog.arrears_label.text() == "Fees owed: AZN40.00"
    assert dialog.years_model.rowCount() == 2

    def pay(sub: QDialog) -> None:
        assert isinstance(sub, FeePaymentDialog)
        assert sub.year.value() == joined.year  # the first year owed
        assert sub.amount.text() == "20.00"  # what that year owes
        type_text(qtbot, sub.amount, "15,50")  # a decimal comma, as typed in az and ru
        type_text(qtbot, sub.receipt_no, "Q-17")
        qtbot.keyClick(sub.receipt_no, Qt.Key.Key_Return)  # Enter saves

    seen = on_next_modal(pay)
    dialog.add_payment_button.click()

    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    assert dialog.changed
    assert dialog.arrears_label.text() == "Fees owed: AZN24.50"
    assert dialog.payments_model.rowCount() == 1
    assert dialog.payments_model.row(0).cells[:2] == (str(joined.year), "AZN15.50")
    with db.reading() as session:
        detail = members.get(session, member_id)
        income = session.scalar(
            select(func.count()).select_from(m.Income).where(m.Income.member_id == member_id)
        )
    assert [(p.period_year, p.amount, p.receipt_no) for p in detail.payments] == [
        (joined.year, Decimal("15.50"), "Q-17")
    ]
    assert detail.arrears == Decimal("24.50") and income == 1


def test_a_payment_is_checked_before_it_is_saved(
    qtbot: QtBot, db: Database, category_id: int
) -> None:
    member_id = saved_member(qtbot, db, joined=dt.date(TODAY.year, 1, 1))
    with db.reading() as session:
        detail = members.get(session, member_id)
    sub = FeePaymentDialog(db=db, detail=detail, user_name=USER)
    qtbot.addWidget(sub)
    sub.show()
    type_text(qtbot, sub.amount, "0")
    wait_error(qtbot, sub, "amount", "Enter an amount greater than zero.")
    type_text(qtbot, sub.amount, "abc")
    assert sub.fields["amount"].error == "Enter an amount such as 150 or 150,50."
    type_text(qtbot, sub.paid_on, format_short(TODAY + dt.timedelta(days=2)))
    wait_error(qtbot, sub, "paid_on", "This date is in the future.")
    assert not sub.save()
    assert sub.amount.text() == "abc"
    with db.reading() as session:
        assert members.get(session, member_id).payments == ()


def test_deleting_a_payment(qtbot: QtBot, db: Database, category_id: int, answers: Answers) -> None:
    member_id = saved_member(qtbot, db, joined=dt.date(TODAY.year, 1, 1))
    with db.transaction() as session:
        members.add_payment(
            session, member_id, period_year=TODAY.year, amount=Decimal("20"), paid_on=TODAY
        )
    dialog = open_dialog(qtbot, db, member_id)
    assert dialog.arrears_label.text() == "No fees owed."
    dialog.payments_view.selectRow(0)
    answers.answer("Delete this payment?", True)
    dialog.delete_payment_button.click()
    assert dialog.payments_model.rowCount() == 0
    assert dialog.arrears_label.text() == "Fees owed: AZN20.00"


def test_archive_and_restore(qtbot: QtBot, db: Database, answers: Answers) -> None:
    member_id = saved_member(qtbot, db, joined=dt.date(2024, 1, 1))
    dialog = open_dialog(qtbot, db, member_id)
    answers.answer("Archive this record?", True)
    dialog.archive_button.click()
    with db.reading() as session:
        assert members.get(session, member_id).archived
    assert "archived" in dialog.status_label.text() and dialog.changed
    answers.answer("Restore this record?", True)
    dialog.archive_button.click()
    with db.reading() as session:
        assert not members.get(session, member_id).archived


def test_unsaved_changes_are_not_lost_on_escape(
    qtbot: QtBot, db: Database, answers: Answers
) -> None:
    member_id = saved_member(qtbot, db, joined=dt.date(2024, 1, 1))
    dialog = open_dialog(qtbot, db, member_id)
    type_text(qtbot, dialog.address, "Nizami küç. 5")
    assert dialog.isWindowModified()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the question is answered "cancel"
    assert dialog.isVisible() and dialog.address.text() == "Nizami küç. 5"
    answers.answer("not saved", "save")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    with db.reading() as session:
        assert members.get(session, member_id).draft.address == "Nizami küç. 5"


def test_opened_through_the_entry_point(qtbot: QtBot, db: Database) -> None:
    assert editors.supports("members")

    def add(dialog: QDialog) -> None:
        assert isinstance(dialog, MemberDialog)
        fill(qtbot, dialog, joined=dt.date(2024, 5, 1))
        dialog.save_button.click() if dialog.save_button else None

    on_next_modal(add)
    assert editors.open_record("members", db=db, record_id=None, user_name=USER)
    with db.reading() as session:
        assert session.scalar(select(m.Member.last_name)) == "Məmmədov"
