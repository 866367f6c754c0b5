"""Members: validation, numbering, fee payments booked as income, arrears on known data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import vocab
from cso_desktop.domain.validation import FormErrors
from cso_desktop.services import members as svc
from cso_desktop.services import registers

TODAY = dt.date(2026, 6, 30)


def member(**changes: object) -> svc.MemberDraft:
    values: dict[str, object] = {
        "first_name": "Rəşad",
        "last_name": "Quliyev",
        "sex": vocab.Sex.MALE,
        "joined_on": dt.date(2024, 3, 1),
        "phone": "+994 55 765 43 21",
        "email": "resad@example.az",
    }
    values.update(changes)
    return svc.MemberDraft(**values)  # type: ignore[arg-type]


@pytest.fixture
def fee_category(db: Database) -> int:
    with db.transaction() as session:
        return svc.create_category(session, name="Həqiqi üzv", annual_fee=Decimal("24.00"))


def test_numbers_are_handed_out_in_order(db: Database) -> None:
    with db.transaction() as session:
        first = svc.create(session, member(), today=TODAY)
        second = svc.create(session, member(first_name="Ülkər", sex=vocab.Sex.FEMALE), today=TODAY)
        assert [svc.get(session, i).membership_no for i in (first, second)] == ["M-0001", "M-0002"]
        with pytest.raises(FormErrors):
            svc.create(session, member(membership_no="M-0001"), today=TODAY)


def test_left_members_need_an_end_date_after_joining(db: Database) -> None:
    with pytest.raises(FormErrors) as info, db.transaction() as session:
        svc.create(session, member(status=vocab.MemberStatus.LEFT), today=TODAY)
    assert set(info.value.problems) == {"left_on"}
    with pytest.raises(FormErrors) as info, db.transaction() as session:
        svc.create(
            session,
            member(status=vocab.MemberStatus.LEFT, left_on=dt.date(2023, 1, 1)),
            today=TODAY,
        )
    assert "before the start" in info.value.problems["left_on"]


def test_arrears_per_member_and_in_total(db: Database, fee_category: int) -> None:
    with db.transaction() as session:
        # Joined 2024: owes 2024, 2025, 2026 = 72.00; paid 2024 in full and half of 2025.
        late = svc.create(session, member(category_id=fee_category), today=TODAY)
        svc.add_payment(
            session,
            late,
            period_year=2024,
            amount=Decimal("24"),
            paid_on=dt.date(2024, 3, 1),
            today=TODAY,
        )
        svc.add_payment(
            session,
            late,
            period_year=2025,
            amount=Decimal("12.00"),
            paid_on=dt.date(2025, 2, 1),
            today=TODAY,
        )
        # Joined 2025, left in 2025: owes 2025 only, paid it.
        settled = svc.create(
            session,
            member(
                first_name="Nərmin",
                sex=vocab.Sex.FEMALE,
                joined_on=dt.date(2025, 1, 10),
                status=vocab.MemberStatus.LEFT,
                left_on=dt.date(2025, 11, 1),
                category_id=fee_category,
            ),
            today=TODAY,
        )
        svc.add_payment(
            session,
            settled,
            period_year=2025,
            amount=Decimal("24"),
            paid_on=dt.date(2025, 1, 10),
            today=TODAY,
        )
        # Overpaid one year does not cancel another member's debt.
        svc.add_payment(
            session,
            settled,
            period_year=2025,
            amount=Decimal("10"),
            paid_on=dt.date(2025, 1, 11),
            today=TODAY,
        )
    with db.reading() as session:
        late_detail = svc.get(session, late, as_of=TODAY)
        assert [(y.year, y.owed) for y in late_detail.years] == [
            (2024, Decimal("0.00")),
            (2025, Decimal("12.00")),
            (2026, Decimal("24.00")),
        ]
        assert late_detail.arrears == Decimal("36.00")
        assert svc.get(session, settled, as_of=TODAY).arrears == Decimal("0.00")
        assert svc.total_arrears(session, as_of=TODAY) == Decimal("36.00")
        incomes = session.scalars(
            select(m.Income.amount).where(m.Income.kind == "membership_fee")
        ).all()
        assert sum(incomes) == Decimal("70.00")


def test_a_payment_needs_a_positive_amount_and_a_year_of_membership(
    db: Database, fee_category: int
) -> None:
    with db.transaction() as session:
        person = svc.create(session, member(category_id=fee_category), today=TODAY)
    with pytest.raises(FormErrors) as info, db.transaction() as session:
        svc.add_payment(
            session,
            person,
            period_year=2019,
            amount=Decimal("0"),
            paid_on=dt.date(2030, 1, 1),
            today=TODAY,
        )
    assert set(info.value.problems) == {"amount", "paid_on", "period_year"}


def test_deleting_a_payment_removes_its_income(db: Database, fee_category: int) -> None:
    with db.transaction() as session:
        person = svc.create(session, member(category_id=fee_category), today=TODAY)
        payment = svc.add_payment(
            session, person, period_year=2026, amount=Decimal("24"), paid_on=TODAY, today=TODAY
        )
    with db.transaction() as session:
        svc.delete_payment(session, payment)
    with db.reading() as session:
        assert session.scalars(select(m.Income)).all() == []
        assert svc.get(session, person, as_of=TODAY).arrears == Decimal("72.00")


def test_members_are_found_by_name_in_any_case(db: Database) -> None:
    with db.transaction() as session:
        svc.create(session, member(last_name="İsmayılov"), today=TODAY)
    with db.reading() as session:
        assert registers.MEMBERS.count(session, search="ismayıl") == 1
        assert registers.MEMBERS.count(session, search="ISMAYIL") == 1
