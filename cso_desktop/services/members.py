"""Members of the organisation: register, edit, archive, fees and arrears.

Fees are due per calendar year at the member category's annual fee, from the year the member
joined to the year they left (or the current year). Arrears are what is due minus what was paid
for those years, never below zero per member. Every fee payment is also booked as income.

The arrears rule (:func:`arrears_expr`, :func:`total_arrears`) is written once, in
:mod:`cso_desktop.reports.membership`, so the register, the dashboard and the membership report
agree; it is imported here for the register and the dashboard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.domain import people, validation, vocab
from cso_desktop.domain.errors import NotFoundError
from cso_desktop.domain.validation import Problems
from cso_desktop.domain.vocab import AuditAction
from cso_desktop.i18n import _
from cso_desktop.reports.membership import arrears_expr as arrears_expr
from cso_desktop.reports.membership import total_arrears as total_arrears
from cso_desktop.services import audit
from cso_desktop.services.numbering import next_number

ENTITY = "member"
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class MemberDraft:
    first_name: str
    last_name: str
    sex: vocab.Sex
    joined_on: dt.date
    status: vocab.MemberStatus = vocab.MemberStatus.ACTIVE
    membership_no: str | None = None
    patronymic: str | None = None
    date_of_birth: dt.date | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    rayon_code: str | None = None
    category_id: int | None = None
    left_on: dt.date | None = None
    is_board_member: bool = False
    notes: str | None = None


@dataclass(frozen=True)
class Category:
    id: int
    name: str
    annual_fee: Decimal
    currency: str


@dataclass(frozen=True)
class FeePayment:
    id: int
    period_year: int
    amount: Decimal
    currency: str
    paid_on: dt.date
    receipt_no: str | None


@dataclass(frozen=True)
class YearBalance:
    year: int
    due: Decimal
    paid: Decimal

    @property
    def owed(self) -> Decimal:
        return max(ZERO, self.due - self.paid)


@dataclass(frozen=True)
class MemberDetail:
    id: int
    draft: MemberDraft
    membership_no: str
    archived: bool
    category: Category | None
    payments: tuple[FeePayment, ...]
    years: tuple[YearBalance, ...]

    @property
    def arrears(self) -> Decimal:
        return sum((y.owed for y in self.years), ZERO)


# --- categories -----------------------------------------------------------------------------


def categories(session: Session) -> list[Category]:
    return [
        Category(c.id, c.name, c.annual_fee, c.currency)
        for c in session.scalars(select(m.MemberCategory).order_by(m.MemberCategory.name))
    ]


def create_category(
    session: Session, *, name: str, annual_fee: Decimal, currency: str = "AZN"
) -> int:
    problems = Problems()
    clean_name = problems.check("name", lambda: validation.required_text(name, field="name"))
    fee = problems.check("annual_fee", lambda: validation.money(annual_fee, field="annual_fee"))
    problems.raise_if_any()
    if session.scalar(select(m.MemberCategory.id).where(m.MemberCategory.name == clean_name)):
        raise validation.FormErrors({"name": _("A category with this name already exists.")})
    row = m.MemberCategory(name=clean_name, annual_fee=fee, currency=currency)
    session.add(row)
    session.flush()
    return row.id


# --- members --------------------------------------------------------------------------------


def validate(draft: MemberDraft, *, today: dt.date) -> MemberDraft:
    problems = Problems()
    values = validation.person_record(
        problems,
        today=today,
        number_field="membership_no",
        number=draft.membership_no,
        first_name=draft.first_name,
        last_name=draft.last_name,
        patronymic=draft.patronymic,
        date_of_birth=draft.date_of_birth,
        joined_on=draft.joined_on,
        phone=draft.phone,
        email=draft.email,
        rayon_code=draft.rayon_code,
        notes=draft.notes,
    )
    joined = values["joined_on"]
    left = problems.check(
        "left_on", lambda: validation.past_date(draft.left_on, field="left_on", today=today)
    )
    problems.check("left_on", lambda: validation.date_order(joined, left, field="left_on"))  # type: ignore[arg-type]
    if draft.status in (vocab.MemberStatus.LEFT, vocab.MemberStatus.DECEASED) and left is None:
        problems.add("left_on", _("Enter the date the membership ended."))
    values["left_on"] = left
    values["address"] = problems.check(
        "address", lambda: validation.optional_text(draft.address, field="address", max_length=500)
    )
    problems.raise_if_any()
    return replace(draft, **values)  # type: ignore[arg-type]


def search_columns(
    *,
    first_name: str | None,
    last_name: str | None,
    patronymic: str | None,
    number: str | None,
    phone: str | None,
    email: str | None,
) -> dict[str, str]:
    """The folded ``search_text`` and the alphabetical ``sort_key`` of a member (also for
    bulk writes, which have no ORM row)."""
    return {
        "search_text": people.search_key([first_name, last_name, patronymic, number, phone, email]),
        "sort_key": people.sort_key([last_name, first_name, patronymic]),
    }


def _apply(row: m.Member, draft: MemberDraft) -> None:
    for name in (
        "first_name",
        "last_name",
        "patronymic",
        "sex",
        "date_of_birth",
        "phone",
        "email",
        "address",
        "rayon_code",
        "category_id",
        "status",
        "joined_on",
        "left_on",
        "is_board_member",
        "notes",
    ):
        setattr(row, name, getattr(draft, name))
    columns = search_columns(
        first_name=row.first_name,
        last_name=row.last_name,
        patronymic=row.patronymic,
        number=row.membership_no,
        phone=row.phone,
        email=row.email,
    )
    row.search_text = columns["search_text"]
    row.sort_key = columns["sort_key"]


def _check_number(session: Session, number: str, own_id: int | None) -> None:
    clash = session.scalar(
        select(m.Member.id).where(m.Member.membership_no == number, m.Member.id != (own_id or -1))
    )
    if clash:
        raise validation.FormErrors({"membership_no": _("This membership number is already used.")})


def create(
    session: Session,
    draft: MemberDraft,
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> int:
    draft = validate(draft, today=today or dt.date.today())
    number = draft.membership_no or next_number(session, m.Member.membership_no, "M-", 4)
    _check_number(session, number, None)
    row = m.Member(membership_no=number)
    _apply(row, draft)
    session.add(row)
    session.flush()
    audit.record(session, AuditAction.CREATE, ENTITY, row.id, user_name=user_name)
    return row.id


def update(
    session: Session,
    member_id: int,
    draft: MemberDraft,
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> None:
    draft = validate(draft, today=today or dt.date.today())
    row = _get_row(session, member_id)
    if draft.membership_no and draft.membership_no != row.membership_no:
        _check_number(session, draft.membership_no, member_id)
        row.membership_no = draft.membership_no
    _apply(row, draft)
    audit.record(session, AuditAction.UPDATE, ENTITY, row.id, user_name=user_name)


def archive(
    session: Session, member_id: int, *, archived: bool = True, user_name: str | None = None
) -> None:
    row = _get_row(session, member_id)
    row.archived = archived
    audit.record(
        session,
        AuditAction.ARCHIVE if archived else AuditAction.UPDATE,
        ENTITY,
        row.id,
        user_name=user_name,
        detail={"archived": archived},
    )


def _get_row(session: Session, member_id: int) -> m.Member:
    row = session.get(m.Member, member_id)
    if row is None:
        raise NotFoundError(f"member {member_id}")
    return row


# --- fees -----------------------------------------------------------------------------------


def add_payment(
    session: Session,
    member_id: int,
    *,
    period_year: int,
    amount: Decimal,
    paid_on: dt.date,
    receipt_no: str | None = None,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> int:
    today = today or dt.date.today()
    row = _get_row(session, member_id)
    problems = Problems()
    value = problems.check(
        "amount", lambda: validation.money(amount, field="amount", allow_zero=False)
    )
    problems.check(
        "paid_on",
        lambda: validation.past_date(paid_on, field="paid_on", today=today, required=True),
    )
    if not row.joined_on.year <= period_year <= today.year + 1:
        problems.add(
            "period_year",
            _("Choose a year between {first} and {last}.").format(
                first=row.joined_on.year, last=today.year + 1
            ),
        )
    receipt = problems.check(
        "receipt_no",
        lambda: validation.optional_text(receipt_no, field="receipt_no", max_length=50),
    )
    problems.raise_if_any()
    assert value is not None
    currency = row.category.currency if row.category else "AZN"
    payment = m.MembershipFeePayment(
        member_id=row.id,
        period_year=period_year,
        amount=value,
        currency=currency,
        paid_on=paid_on,
        receipt_no=receipt,
    )
    session.add(payment)
    session.add(
        m.Income(
            kind=vocab.IncomeKind.MEMBERSHIP_FEE,
            received_on=paid_on,
            amount=value,
            currency=currency,
            payer=f"{row.last_name} {row.first_name}",
            reference=receipt,
            member_id=row.id,
        )
    )
    session.flush()
    audit.record(
        session, AuditAction.CREATE, "membership_fee_payment", payment.id, user_name=user_name
    )
    return payment.id


def delete_payment(session: Session, payment_id: int, *, user_name: str | None = None) -> None:
    payment = session.get(m.MembershipFeePayment, payment_id)
    if payment is None:
        raise NotFoundError(f"payment {payment_id}")
    income = session.scalar(
        select(m.Income)
        .where(
            m.Income.member_id == payment.member_id,
            m.Income.kind == vocab.IncomeKind.MEMBERSHIP_FEE,
            m.Income.received_on == payment.paid_on,
            m.Income.amount == payment.amount,
        )
        .limit(1)
    )
    if income is not None:
        session.delete(income)
    session.delete(payment)
    audit.record(
        session,
        AuditAction.UPDATE,
        "membership_fee_payment",
        payment_id,
        user_name=user_name,
        detail={"deleted": True},
    )


def years_due(joined_on: dt.date, left_on: dt.date | None, as_of: dt.date) -> range:
    """The calendar years a member owes a fee for on ``as_of``."""
    last = min(left_on.year, as_of.year) if left_on else as_of.year
    return range(joined_on.year, last + 1)


def get(session: Session, member_id: int, *, as_of: dt.date | None = None) -> MemberDetail:
    as_of = as_of or dt.date.today()
    row = _get_row(session, member_id)
    category = None
    if row.category is not None:
        c = row.category
        category = Category(c.id, c.name, c.annual_fee, c.currency)
    payments = tuple(
        FeePayment(p.id, p.period_year, p.amount, p.currency, p.paid_on, p.receipt_no)
        for p in session.scalars(
            select(m.MembershipFeePayment)
            .where(m.MembershipFeePayment.member_id == row.id)
            .order_by(m.MembershipFeePayment.period_year, m.MembershipFeePayment.paid_on)
        )
    )
    fee = category.annual_fee if category else ZERO
    paid_by_year: dict[int, Decimal] = {}
    for payment in payments:
        paid_by_year[payment.period_year] = (
            paid_by_year.get(payment.period_year, ZERO) + payment.amount
        )
    years = tuple(
        YearBalance(year, fee, paid_by_year.get(year, ZERO))
        for year in years_due(row.joined_on, row.left_on, as_of)
    )
    draft = MemberDraft(
        first_name=row.first_name,
        last_name=row.last_name,
        sex=vocab.Sex(row.sex),
        joined_on=row.joined_on,
        status=vocab.MemberStatus(row.status),
        membership_no=row.membership_no,
        patronymic=row.patronymic,
        date_of_birth=row.date_of_birth,
        phone=row.phone,
        email=row.email,
        address=row.address,
        rayon_code=row.rayon_code,
        category_id=row.category_id,
        left_on=row.left_on,
        is_board_member=row.is_board_member,
        notes=row.notes,
    )
    return MemberDetail(
        id=row.id,
        draft=draft,
        membership_no=row.membership_no,
        archived=row.archived,
        category=category,
        payments=payments,
        years=years,
    )
