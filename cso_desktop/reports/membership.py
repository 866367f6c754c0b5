"""The membership report: members by status and category, fees due and paid, and arrears.

**Fees** are due per calendar year at the member category's annual fee, for every year of
membership: from the year the member joined to the year they left (or, while they are members,
up to the year in question). This module holds that rule in SQL, once: the members register
(its "owes fees" column and filter), the dashboard's "fees owed" and this report all use
:func:`arrears_expr` and :func:`total_arrears` (``services/members.py`` imports them).

The report shows, for a period:

* **members** whose membership touches the period (joined by its last day, not left before its
  first day), by their status in the register and by category, and how many joined or left;
* **fees for the period**, by category: due for the calendar years of the period, paid for
  those years (whenever paid), and received in the period (payments made in it, for any year);
* **fees to date and arrears on the reporting date**, by category: due for every year of
  membership up to the reporting date's year, paid for those years, the members who owe, and the
  arrears — per member the fees due minus what was paid, never below zero — the same figure as
  the dashboard's "fees owed" on that day.

Archived member records are left out, as in the register. Money is in each category's
currency; categories in different currencies get tables of their own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, extract, func, or_, select
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.i18n import _, current_language, format_date
from cso_desktop.reports import data
from cso_desktop.reports.document import (
    BarChart,
    Block,
    DateRange,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    Series,
    Table,
    TableColumn,
    Value,
    ValueKind,
)
from cso_desktop.reports.reach import organisation_of

ZERO = Decimal("0.00")

# --- the fee rules, in SQL (correlated to ``member``) -------------------------------------------


def _last_year_due(as_of: dt.date) -> ColumnElement[Any]:
    """The last year a member owes a fee for on ``as_of``: the year they left, if before."""
    return case(
        (
            and_(m.Member.left_on.is_not(None), extract("year", m.Member.left_on) < as_of.year),
            extract("year", m.Member.left_on),
        ),
        else_=as_of.year,
    )


def _annual_fee() -> ColumnElement[Any]:
    """The annual fee of the member's category (``NULL`` without a category)."""
    return (
        select(func.coalesce(m.MemberCategory.annual_fee, 0))
        .where(m.MemberCategory.id == m.Member.category_id)
        .correlate(m.Member)
        .scalar_subquery()
    )


def _paid_for_years(first_year: Any, last_year: Any) -> ColumnElement[Any]:
    """Fees paid for the years ``first_year`` to ``last_year``, whenever paid."""
    return (
        select(func.coalesce(func.sum(m.MembershipFeePayment.amount), 0))
        .where(
            m.MembershipFeePayment.member_id == m.Member.id,
            m.MembershipFeePayment.period_year >= first_year,
            m.MembershipFeePayment.period_year <= last_year,
        )
        .correlate(m.Member)
        .scalar_subquery()
    )


def _whole_years(span: ColumnElement[Any]) -> ColumnElement[Any]:
    return case((span > 0, span), else_=0)


def _money(expr: ColumnElement[Any]) -> ColumnElement[Decimal]:
    """An amount in cents read back as ``Decimal`` money."""
    return expr.cast(m.MemberCategory.annual_fee.type)


def fees_due_expr(as_of: dt.date) -> ColumnElement[Decimal]:
    """SQL: fees due for every year of membership up to ``as_of``'s year."""
    years = _whole_years(_last_year_due(as_of) - extract("year", m.Member.joined_on) + 1)
    return _money(func.coalesce(_annual_fee(), 0) * years)


def fees_paid_expr(as_of: dt.date) -> ColumnElement[Decimal]:
    """SQL: fees paid for the years of membership up to ``as_of``'s year (whenever paid)."""
    return _money(_paid_for_years(extract("year", m.Member.joined_on), _last_year_due(as_of)))


def arrears_expr(as_of: dt.date) -> ColumnElement[Decimal]:
    """SQL for one member's arrears on ``as_of`` (due for the years of membership minus paid).

    Correlated to ``member``; used by the register's column and its "owes fees" filter, by
    :func:`total_arrears` and by the membership report, so the list, the filter, the dashboard
    and the report agree.
    """
    last_year = _last_year_due(as_of)
    years = _whole_years(last_year - extract("year", m.Member.joined_on) + 1)
    paid = _paid_for_years(extract("year", m.Member.joined_on), last_year)
    owed = func.coalesce(_annual_fee(), 0) * years - paid
    # max(owed, 0) as (owed + |owed|) / 2: exact on whole cents, the same on every database
    # (two-argument MAX and GREATEST differ), and each subquery appears once.
    return _money((owed + func.abs(owed)) / 2)


def total_arrears(session: Session, *, as_of: dt.date) -> Decimal:
    """The arrears of all members (archived records left out) on ``as_of``."""
    value = session.scalar(
        select(func.sum(arrears_expr(as_of))).where(m.Member.archived.is_(False))
    )
    return Decimal(value or 0).quantize(Decimal("0.01"))


def fees_due_in_years_expr(first_year: int, last_year: int) -> ColumnElement[Decimal]:
    """SQL: fees due for the calendar years ``first_year``–``last_year`` that fall within the
    membership (from the year joined to the year left)."""
    joined = extract("year", m.Member.joined_on)
    first = case((joined > first_year, joined), else_=first_year)
    last = case(
        (
            and_(m.Member.left_on.is_not(None), extract("year", m.Member.left_on) < last_year),
            extract("year", m.Member.left_on),
        ),
        else_=last_year,
    )
    return _money(func.coalesce(_annual_fee(), 0) * _whole_years(last - first + 1))


def fees_paid_for_years_expr(first_year: int, last_year: int) -> ColumnElement[Decimal]:
    """SQL: fees paid for the years ``first_year``–``last_year``, whenever paid."""
    return _money(_paid_for_years(first_year, last_year))


def fees_received_expr(start: dt.date, end: dt.date) -> ColumnElement[Decimal]:
    """SQL: fee payments made from ``start`` to ``end`` (for any year)."""
    return _money(
        select(func.coalesce(func.sum(m.MembershipFeePayment.amount), 0))
        .where(
            m.MembershipFeePayment.member_id == m.Member.id,
            m.MembershipFeePayment.paid_on.between(start, end),
        )
        .correlate(m.Member)
        .scalar_subquery()
    )


def member_in_period(start: dt.date, end: dt.date) -> ColumnElement[bool]:
    """SQL: the member's membership touches the period (joined by its end, not left before)."""
    return and_(
        m.Member.joined_on <= end,
        or_(m.Member.left_on.is_(None), m.Member.left_on >= start),
    )


# --- the figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryFees:
    """Members and fees of one category (``category_id`` ``None``: members without one).

    Attributes:
        members: members in the period.
        by_status: members in the period per status.
        due_in_period, paid_for_period, received_in_period: fees for the period's years.
        due_to_date, paid_to_date, owing, arrears: on the reporting date.
    """

    category_id: int | None
    name: str
    annual_fee: Decimal
    currency: str
    members: int
    by_status: dict[vocab.MemberStatus, int]
    due_in_period: Decimal
    paid_for_period: Decimal
    received_in_period: Decimal
    due_to_date: Decimal
    paid_to_date: Decimal
    owing: int
    arrears: Decimal


@dataclass(frozen=True)
class Membership:
    """The membership figures of a period; categories sorted by name, "no category" last."""

    start: dt.date
    end: dt.date
    as_of: dt.date
    categories: tuple[CategoryFees, ...]
    joined: int
    left: int

    @property
    def members(self) -> int:
        return sum(c.members for c in self.categories)

    @property
    def currencies(self) -> tuple[str, ...]:
        return tuple(sorted({c.currency for c in self.categories}))

    def in_currency(self, currency: str) -> tuple[CategoryFees, ...]:
        return tuple(c for c in self.categories if c.currency == currency)


def membership(
    session: Session, *, start: dt.date, end: dt.date, as_of: dt.date, no_category: str
) -> Membership:
    """Members and fees by category for the period ``start``–``end``, arrears on ``as_of``.

    Args:
        no_category: the name shown for members without a category.
    """
    member = m.Member
    current = member.archived.is_(False)
    in_period = member_in_period(start, end)
    per_member = (
        select(
            member.category_id.label("category_id"),
            case((in_period, 1), else_=0).label("in_period"),
            fees_due_in_years_expr(start.year, end.year).label("due_in_period"),
            fees_paid_for_years_expr(start.year, end.year).label("paid_for_period"),
            fees_received_expr(start, end).label("received_in_period"),
            fees_due_expr(as_of).label("due_to_date"),
            fees_paid_expr(as_of).label("paid_to_date"),
            arrears_expr(as_of).label("arrears"),
        )
        .where(current)
        .subquery("per_member")
    )
    c = per_member.c
    sums = {
        row.category_id: row
        for row in session.execute(
            select(
                c.category_id,
                func.sum(c.in_period).label("members"),
                func.sum(c.due_in_period).label("due_in_period"),
                func.sum(c.paid_for_period).label("paid_for_period"),
                func.sum(c.received_in_period).label("received_in_period"),
                func.sum(c.due_to_date).label("due_to_date"),
                func.sum(c.paid_to_date).label("paid_to_date"),
                func.sum(case((c.arrears > 0, 1), else_=0)).label("owing"),
                func.sum(c.arrears).label("arrears"),
            ).group_by(c.category_id)
        )
    }
    statuses: dict[int | None, dict[vocab.MemberStatus, int]] = defaultdict(dict)
    for category_id, status, count in session.execute(
        select(member.category_id, member.status, func.count())
        .where(current, in_period)
        .group_by(member.category_id, member.status)
    ):
        statuses[category_id][vocab.MemberStatus(status)] = int(count)
    organisation = organisation_of(session)
    known: list[tuple[int | None, str, Decimal, str]] = [
        (row.id, row.name, row.annual_fee, row.currency)
        for row in session.scalars(select(m.MemberCategory).order_by(m.MemberCategory.name))
    ]
    if None in sums:
        known.append((None, no_category, ZERO, organisation.default_currency))
    categories = []
    for category_id, name, fee, currency in known:
        row = sums.get(category_id)
        categories.append(
            CategoryFees(
                category_id=category_id,
                name=name,
                annual_fee=fee,
                currency=currency,
                members=int(row.members or 0) if row else 0,
                by_status={s: statuses[category_id].get(s, 0) for s in vocab.MemberStatus},
                due_in_period=_amount(row, "due_in_period"),
                paid_for_period=_amount(row, "paid_for_period"),
                received_in_period=_amount(row, "received_in_period"),
                due_to_date=_amount(row, "due_to_date"),
                paid_to_date=_amount(row, "paid_to_date"),
                owing=int(row.owing or 0) if row else 0,
                arrears=_amount(row, "arrears"),
            )
        )
    joined = session.scalar(
        select(func.count()).where(current, member.joined_on.between(start, end))
    )
    left = session.scalar(select(func.count()).where(current, member.left_on.between(start, end)))
    return Membership(
        start=start,
        end=end,
        as_of=as_of,
        categories=tuple(categories),
        joined=int(joined or 0),
        left=int(left or 0),
    )


def _amount(row: Any, name: str) -> Decimal:
    value = getattr(row, name) if row is not None else None
    return ZERO if value is None else Decimal(value).quantize(ZERO)


# --- the report ---------------------------------------------------------------------------------


def build_membership_report(
    session: Session, *, start: dt.date, end: dt.date, as_of: dt.date
) -> Document:
    """Members, fees and arrears for a period, as a document.

    Args:
        start, end: the period, both days included.
        as_of: the reporting date: arrears and fees "to date" are worked out on it.

    Raises:
        ValidationError: the period ends before it starts, or no one was a member in it (the
            message says what to do).
    """
    data.Scope(start, end)  # checks the two dates, with the same message as every report
    organisation = organisation_of(session)
    figures = membership(session, start=start, end=end, as_of=as_of, no_category=_("No category"))
    if figures.members == 0:
        raise ValidationError(
            _(
                "No one was a member from {start} to {end}, so there is nothing to report. "
                "Add the members on the Members page, or choose another period."
            ).format(start=format_date(start, fmt="long"), end=format_date(end, fmt="long"))
        )
    years = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    several = len(figures.currencies) > 1
    blocks: list[Block] = [
        KeyFigures(
            (
                KeyFigure(_("Members in the period"), figures.members),
                KeyFigure(_("Joined in the period"), figures.joined),
                KeyFigure(_("Left in the period"), figures.left),
                KeyFigure(_("Members owing fees"), sum(c.owing for c in figures.categories)),
            )
        ),
        KeyFigures(
            tuple(
                item
                for currency in figures.currencies
                for item in (
                    KeyFigure(
                        _("Fees received in the period"),
                        sum((c.received_in_period for c in figures.in_currency(currency)), ZERO),
                        ValueKind.MONEY,
                        currency=currency,
                    ),
                    KeyFigure(
                        _("Arrears on {day}").format(day=format_date(as_of)),
                        sum((c.arrears for c in figures.in_currency(currency)), ZERO),
                        ValueKind.MONEY,
                        currency=currency,
                    ),
                )
            )
        ),
        Heading(_("Members")),
        _status_table(figures),
    ]
    for currency in figures.currencies:
        rows = figures.in_currency(currency)
        suffix = f" ({currency})" if several else ""
        blocks += [
            Heading(_("Fees for {years}").format(years=years) + suffix),
            _period_table(rows, currency, years, suffix),
            _fees_chart(rows, currency, years, suffix),
            Heading(_("Fees to date and arrears") + suffix),
            _arrears_table(rows, currency, as_of, suffix),
        ]
    return Document(
        title=_("Membership"),
        subtitle=_("Members, fees and arrears"),
        organisation_name=organisation.name,
        language=current_language(),
        logo=organisation.logo,
        meta=(
            (_("Period"), DateRange(start, end)),
            (_("Reporting date"), as_of),
        ),
        blocks=tuple(blocks),
    )


def _status_table(figures: Membership) -> Table:
    statuses = tuple(vocab.MemberStatus)
    rows: tuple[tuple[Value, ...], ...] = tuple(
        (c.name, *(c.by_status[s] for s in statuses), c.members) for c in figures.categories
    )
    return Table(
        title=_("Members by status and category"),
        columns=(
            TableColumn(_("Category"), width=2.4),
            *(TableColumn(vocab.label(s), ValueKind.INTEGER, width=1) for s in statuses),
            TableColumn(_("Total"), ValueKind.INTEGER, width=1),
        ),
        rows=rows,
        total_row=(
            _("Total"),
            *(sum(c.by_status[s] for c in figures.categories) for s in statuses),
            figures.members,
        ),
        note=_(
            "Members whose membership touches the period: joined by its last day and not left "
            "before its first day. Status as recorded in the register."
        ),
    )


def _period_table(rows: tuple[CategoryFees, ...], currency: str, years: str, suffix: str) -> Table:
    return Table(
        title=_("Fees for {years} by category").format(years=years) + suffix,
        columns=(
            TableColumn(_("Category"), width=2.2),
            TableColumn(_("Annual fee"), ValueKind.MONEY, currency=currency, width=1.2),
            TableColumn(_("Members"), ValueKind.INTEGER, width=1),
            TableColumn(_("Due"), ValueKind.MONEY, currency=currency, width=1.3),
            TableColumn(_("Paid for these years"), ValueKind.MONEY, currency=currency, width=1.3),
            TableColumn(_("Received in the period"), ValueKind.MONEY, currency=currency, width=1.3),
        ),
        rows=tuple(
            (
                c.name,
                c.annual_fee,
                c.members,
                c.due_in_period,
                c.paid_for_period,
                c.received_in_period,
            )
            for c in rows
        ),
        total_row=(
            _("Total"),
            None,
            sum(c.members for c in rows),
            sum((c.due_in_period for c in rows), ZERO),
            sum((c.paid_for_period for c in rows), ZERO),
            sum((c.received_in_period for c in rows), ZERO),
        ),
        note=_(
            "Due: the annual fee for each year of {years} the member belonged to. Paid for "
            "these years: payments for those years, whenever made. Received in the period: "
            "payments made in the period, for any year."
        ).format(years=years),
    )


def _fees_chart(rows: tuple[CategoryFees, ...], currency: str, years: str, suffix: str) -> BarChart:
    return BarChart(
        title=_("Fees for {years}: due and paid, by category").format(years=years) + suffix,
        categories=tuple(c.name for c in rows),
        series=(
            Series(_("Due"), tuple(c.due_in_period for c in rows)),
            Series(_("Paid for these years"), tuple(c.paid_for_period for c in rows)),
        ),
        value_kind=ValueKind.MONEY,
        currency=currency,
    )


def _arrears_table(
    rows: tuple[CategoryFees, ...], currency: str, as_of: dt.date, suffix: str
) -> Table:
    day = format_date(as_of, fmt="long")
    return Table(
        title=_("Fees to date and arrears by category") + suffix,
        columns=(
            TableColumn(_("Category"), width=2.2),
            TableColumn(_("Due to date"), ValueKind.MONEY, currency=currency, width=1.3),
            TableColumn(_("Paid to date"), ValueKind.MONEY, currency=currency, width=1.3),
            TableColumn(_("Members owing"), ValueKind.INTEGER, width=1),
            TableColumn(_("Arrears"), ValueKind.MONEY, currency=currency, width=1.3),
        ),
        rows=tuple((c.name, c.due_to_date, c.paid_to_date, c.owing, c.arrears) for c in rows),
        total_row=(
            _("Total"),
            sum((c.due_to_date for c in rows), ZERO),
            sum((c.paid_to_date for c in rows), ZERO),
            sum(c.owing for c in rows),
            sum((c.arrears for c in rows), ZERO),
        ),
        note=_(
            "On {day}, for every member (archived records aside): due for each year from the "
            "year they joined to the year they left, or to {year}; paid for those years. "
            "Arrears are worked out per member and are never below zero, so a member who paid "
            "more does not reduce another's arrears."
        ).format(day=day, year=as_of.year),
    )
