"""The financial report of a project: budget against expenditure for a reporting period, the
exchange rates used and the expense ledger, in the grant currency (EU Annex VI financial report).

* **Budget**: the whole project (EU Annex III headings and lines, contingency reserve, indirect
  costs at the contract rate), from :func:`cso_desktop.reports.budget.budget_vs_actual`.
* **Expenditure**: the expenses dated in the period only (``start`` to ``end``, and not after the
  reporting date ``as_of``). Each expense is converted at the rate stored on it and rounded to
  the cent (:func:`cso_desktop.reports.budget.convert`), then the cents are added up, so every
  total is the exact sum of the ledger rows a donor re-adds. A line's expenditure in the period
  is its expenditure up to the period's end minus its expenditure before the period starts,
  both from ``budget_vs_actual``, so the figures reconcile with the budget page. Indirect costs
  are the contract rate times the direct costs of the period, rounded to the cent, as
  ``budget_vs_actual`` does for the whole project.
* **Variance**: budget − expenditure; variance % = variance / budget.

The payees of the ledger are companies and staff: the expenditure verification (EU Annex VII)
needs them. The report carries no beneficiary data.

:func:`check_period`, :func:`reach.find_organisation`, :func:`cover_meta` and
:func:`budget_summary_table` are shared with the progress report (``reports/progress.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from babel import dates as babel_dates
from sqlalchemy import BigInteger, ColumnElement, and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from cso_desktop import i18n
from cso_desktop.db import models as m
from cso_desktop.db.sqlfunc import month_start
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.i18n import _, ngettext
from cso_desktop.reports import budget
from cso_desktop.reports.budget import LineUse
from cso_desktop.reports.document import (
    BarChart,
    Block,
    DateRange,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    MetaValue,
    Money,
    Paragraph,
    RowStyle,
    Series,
    SignatureBlock,
    Table,
    TableColumn,
    Value,
    ValueKind,
)
from cso_desktop.reports.reach import find_organisation

ZERO = budget.ZERO
#: Rates are shown with at least this many decimal places, at most as many as are stored.
RATE_PLACES = (4, 8)


# --- shared with the progress report ----------------------------------------------------------


def check_period(
    session: Session, project_id: int, start: dt.date, end: dt.date, as_of: dt.date
) -> tuple[m.Project, dt.date]:
    """The project, and the last day whose records count: ``end``, or ``as_of`` when the
    report is written before the period is over.

    Raises:
        ValidationError: no such project; the period ends before it starts, lies outside the
            project's dates, or starts after the reporting date.
    """
    project = session.get(m.Project, project_id)
    if project is None:
        raise ValidationError(
            _(
                "The project of this report was not found; it may have been deleted. Choose a "
                "project from the list and build the report again."
            ),
            field="project",
        )
    if end < start:
        raise ValidationError(
            _("The period ends before it starts: check the two dates."), field="end"
        )
    if start > project.end_date or end < project.start_date:
        raise ValidationError(
            _(
                "The period {start} – {end} is outside project “{code}”, which runs from "
                "{project_start} to {project_end}: choose dates within the project."
            ).format(
                start=i18n.format_date(start, fmt="long"),
                end=i18n.format_date(end, fmt="long"),
                code=project.code,
                project_start=i18n.format_date(project.start_date, fmt="long"),
                project_end=i18n.format_date(project.end_date, fmt="long"),
            ),
            field="start",
        )
    if as_of < start:
        raise ValidationError(
            _(
                "The reporting date {date} is before the period starts: choose a later "
                "reporting date or an earlier period."
            ).format(date=i18n.format_date(as_of, fmt="long")),
            field="as_of",
        )
    return project, min(end, as_of)


def cover_meta(
    project: m.Project,
    organisation: m.Organisation | None,
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
) -> list[tuple[str, MetaValue]]:
    """Organisation, project, donor, contract reference, period and reporting date."""
    meta: list[tuple[str, MetaValue]] = []
    if organisation is not None:
        meta.append((_("Organisation"), organisation.name))
    meta += [
        (_("Project"), f"{project.code} — {project.title}"),
        (_("Donor"), project.donor_name),
    ]
    if project.donor_reference:
        meta.append((_("Contract reference"), project.donor_reference))
    meta += [
        (_("Project duration"), DateRange(project.start_date, project.end_date)),
        (_("Reporting period"), DateRange(start, end)),
        (_("Reporting date"), as_of),
    ]
    return meta


def heading_label(heading: budget.HeadingUse) -> str:
    """``1. Human resources``: EU Annex III titles translated, the donor's own kept as typed."""
    title = heading.title or ""
    standard = vocab.EU_BUDGET_HEADINGS.get(heading.code)
    if title and title == standard:
        title = _(title)
    return f"{heading.code}. {title}" if title else heading.code


def line_label(line: budget.LineUse) -> str:
    return f"{line.line_code} {line.description}"


def percent_text(rate: Decimal) -> str:
    return i18n.format_percent(rate)


@dataclass(frozen=True)
class _Row:
    label: str
    style: RowStyle
    budget: Decimal
    spent: Decimal
    line: LineUse | None = None


def _totals_rows(
    use: budget.BudgetUse,
    *,
    spent_subtotal: Decimal,
    spent_indirect: Decimal,
    unallocated: Decimal,
) -> tuple[list[_Row], _Row]:
    """Unallocated spending, the Annex III totals (7 to 11) and the total row."""
    eu = use.is_eu
    rows: list[_Row] = []
    if unallocated:
        rows.append(
            _Row(_("Expenses not booked on a budget line"), RowStyle.NORMAL, ZERO, unallocated)
        )
    rows.append(
        _Row(
            _("7. Subtotal of direct eligible costs (1–6)")
            if eu
            else _("Subtotal of direct costs"),
            RowStyle.SUBTOTAL,
            use.subtotal_direct.budget,
            spent_subtotal,
        )
    )
    if use.contingency_rate is not None:
        rate = percent_text(use.contingency_rate)
        rows.append(
            _Row(
                _("8. Contingency reserve ({rate} of 7)").format(rate=rate)
                if eu
                else _("Contingency reserve ({rate} of the direct costs)").format(rate=rate),
                RowStyle.NORMAL,
                use.contingency.budget,
                ZERO,
            )
        )
        rows.append(
            _Row(
                _("9. Total direct eligible costs (7 + 8)") if eu else _("Total direct costs"),
                RowStyle.SUBTOTAL,
                use.total_direct.budget,
                spent_subtotal,
            )
        )
    # Without a contingency reserve, heading 9 equals heading 7.
    direct_heading = "9" if use.contingency_rate is not None else "7"
    if use.indirect_rate is not None:
        rate = percent_text(use.indirect_rate)
        rows.append(
            _Row(
                _("10. Indirect costs ({rate} of {heading})").format(
                    rate=rate, heading=direct_heading
                )
                if eu
                else _("Indirect costs ({rate} of the direct costs)").format(rate=rate),
                RowStyle.NORMAL,
                use.indirect.budget,
                spent_indirect,
            )
        )
    total = _Row(
        _("11. Total eligible costs ({heading} + 10)").format(heading=direct_heading)
        if eu
        else _("Total costs"),
        RowStyle.NORMAL,
        use.total_eligible.budget,
        spent_subtotal + spent_indirect,
    )
    return rows, total


def budget_summary_table(use: budget.BudgetUse, *, spent_until: dt.date) -> Table:
    """Budget, spent, remaining and share used per heading, with the Annex III totals: the
    financial summary of the progress report (spending up to ``spent_until``)."""
    currency = use.currency
    rows = [_Row(heading_label(h), RowStyle.NORMAL, h.budget, h.spent) for h in use.headings]
    extra, total = _totals_rows(
        use,
        spent_subtotal=use.subtotal_direct.spent,
        spent_indirect=use.indirect.spent,
        unallocated=use.unallocated,
    )
    rows += extra

    def values(row: _Row) -> tuple[Value, ...]:
        return (
            row.label,
            row.budget,
            row.spent,
            row.budget - row.spent,
            budget.share(row.spent, row.budget),
        )

    return Table(
        title=_("Financial summary by budget heading"),
        columns=(
            TableColumn(_("Budget heading"), width=3.2),
            TableColumn(_("Budget"), ValueKind.MONEY, currency=currency, width=1.3),
            TableColumn(_("Spent"), ValueKind.MONEY, currency=currency, width=1.3),
            TableColumn(_("Remaining"), ValueKind.MONEY, currency=currency, width=1.3),
            TableColumn(_("Used"), ValueKind.PERCENT, width=0.9),
        ),
        rows=tuple(values(row) for row in rows),
        row_styles=tuple(row.style for row in rows),
        total_row=values(total),
        note=_(
            "Budget: the whole project. Spent: expenses up to {date}, each converted to {currency} "
            "at the rate stored on it and rounded to the cent; indirect costs at the contract "
            "rate."
        ).format(date=i18n.format_date(spent_until, fmt="long"), currency=currency),
    )


# --- the financial report ---------------------------------------------------------------------


def _places(values: Sequence[Decimal], *, least: int, most: int) -> int:
    """Decimal places enough to show every value exactly (between ``least`` and ``most``)."""
    needed = least
    for value in values:
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            needed = max(needed, -exponent)
    return min(needed, most)


def _period_spending(
    to_end: budget.BudgetUse, before: budget.BudgetUse
) -> tuple[dict[int, Decimal], Decimal, Decimal]:
    """Spent in the period per line, unallocated in the period, direct costs in the period."""
    earlier = {line.id: line.spent for line in before.lines}
    by_line = {line.id: line.spent - earlier.get(line.id, ZERO) for line in to_end.lines}
    unallocated = to_end.unallocated - before.unallocated
    direct = to_end.subtotal_direct.spent - before.subtotal_direct.spent
    return by_line, unallocated, direct


def _expense_scope(project_id: int, start: dt.date, last: dt.date) -> list[ColumnElement[bool]]:
    """The project's expenses dated in the period: booked on its lines, or on none of them —
    the same expenses as ``budget_vs_actual`` counts."""
    e = m.Expense
    return [
        or_(
            m.BudgetLine.project_id == project_id,
            and_(e.project_id == project_id, e.budget_line_id.is_(None)),
        ),
        e.spent_on.between(start, last),
    ]


@dataclass(frozen=True)
class LedgerRow:
    """One expense of the period, converted to the grant currency."""

    spent_on: dt.date
    line_code: str | None
    payee: str
    receipt_no: str | None
    description: str
    amount: Decimal
    currency: str
    rate: Decimal
    converted: Decimal


def expense_ledger(
    session: Session, project_id: int, start: dt.date, last: dt.date
) -> tuple[LedgerRow, ...]:
    """The period's expenses by date, each converted with :func:`budget.convert`."""
    e = m.Expense
    rows = session.execute(
        select(
            e.spent_on,
            m.BudgetLine.line_code,
            e.payee,
            e.receipt_no,
            e.description,
            e.amount,
            e.currency,
            e.rate_to_project,
        )
        .outerjoin(m.BudgetLine, m.BudgetLine.id == e.budget_line_id)
        .where(*_expense_scope(project_id, start, last))
        .order_by(e.spent_on, e.id)
    ).all()
    return tuple(
        LedgerRow(
            spent_on=spent_on,
            line_code=line_code,
            payee=payee,
            receipt_no=receipt_no,
            description=description,
            amount=amount,
            currency=currency,
            rate=rate,
            converted=budget.convert(amount, rate),
        )
        for spent_on, line_code, payee, receipt_no, description, amount, currency, rate in rows
    )


@dataclass(frozen=True)
class RateUse:
    """A rate stored on expenses of one currency in one month."""

    currency: str
    month: dt.date
    rate: Decimal
    expenses: int
    amount: Decimal
    converted: Decimal
    source: str | None
    matches_table: bool


def rates_used(
    session: Session, project: m.Project, start: dt.date, last: dt.date
) -> tuple[RateUse, ...]:
    """The rates stored on the period's expenses, per currency, month and rate, with how many
    expenses used each and the amounts before and after conversion; each compared with the
    monthly rate table (its source when the rates agree)."""
    e = m.Expense
    month = month_start(e.spent_on).label("month")
    rows = session.execute(
        select(
            e.currency,
            month,
            e.rate_to_project,
            func.count(e.id),
            func.sum(type_coerce(e.amount, BigInteger)),
            func.sum(budget.EXPENSE_CENTS),
        )
        .outerjoin(m.BudgetLine, m.BudgetLine.id == e.budget_line_id)
        .where(*_expense_scope(project.id, start, last))
        .group_by(e.currency, month, e.rate_to_project)
        .order_by(e.currency, month, e.rate_to_project)
    ).all()
    r = m.ExchangeRate
    table = {
        (_as_date(row_month), from_currency): (rate, source)
        for row_month, from_currency, rate, source in session.execute(
            select(r.month, r.from_currency, r.rate, r.source).where(
                r.to_currency == project.currency,
                r.month.between(start.replace(day=1), last),
            )
        )
    }
    result = []
    for currency, row_month, rate, count, amount_cents, converted_cents in rows:
        first = _as_date(row_month)
        stored = table.get((first, currency))
        matches = stored is not None and stored[0] == rate
        result.append(
            RateUse(
                currency=currency,
                month=first,
                rate=rate,
                expenses=int(count),
                amount=_cents(amount_cents),
                converted=_cents(converted_cents),
                source=stored[1] if matches and stored is not None else None,
                matches_table=matches,
            )
        )
    return tuple(result)


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _cents(value: int | None) -> Decimal:
    return Decimal(int(value or 0)).scaleb(-2).quantize(budget.CENT)


def month_label(first: dt.date) -> str:
    """``aprel 2025`` / ``апрель 2025``, in the current language."""
    return babel_dates.format_date(first, "LLLL y", locale=i18n.current_locale())


def build_finance_report(
    session: Session, *, project_id: int, start: dt.date, end: dt.date, as_of: dt.date
) -> Document:
    """The project's financial report for the period ``start``–``end`` (see the module
    docstring), in the current language.

    Raises:
        ValidationError: no such project, a period outside it, or a project without budget.
    """
    project, last = check_period(session, project_id, start, end, as_of)
    to_end = budget.budget_vs_actual(session, project_id, as_of=last)
    if not to_end.lines:
        raise ValidationError(
            _(
                "Project “{code}” has no budget lines: enter its budget on the Budget page, "
                "then build the financial report again."
            ).format(code=project.code),
            field="project",
        )
    before = budget.budget_vs_actual(session, project_id, as_of=start - dt.timedelta(days=1))
    by_line, unallocated, direct = _period_spending(to_end, before)
    indirect = budget.money((to_end.indirect_rate or Decimal(0)) * direct)
    currency = project.currency
    organisation = find_organisation(session)
    ledger = expense_ledger(session, project_id, start, last)
    rates = rates_used(session, project, start, last)

    budget_table = _budget_table(to_end, by_line, unallocated, direct, indirect)
    assert budget_table.total_row is not None
    total_spent = budget_table.total_row[5]
    total_budget = to_end.total_eligible.budget
    assert isinstance(total_spent, Decimal)

    blocks: list[Block] = [
        Heading(_("Budget and expenditure")),
        Paragraph(_scope_text(project, start, last)),
    ]
    earlier = before.total_eligible.spent
    if earlier:
        blocks.append(
            Paragraph(
                _(
                    "Expenditure before the period: {before}. Expenditure from the start of the "
                    "project to {date}: {to_date}."
                ).format(
                    before=i18n.format_money(earlier, currency),
                    date=i18n.format_date(last, fmt="long"),
                    to_date=i18n.format_money(earlier + total_spent, currency),
                )
            )
        )
    blocks += [
        KeyFigures(
            (
                KeyFigure(_("Total budget"), total_budget, ValueKind.MONEY, currency=currency),
                KeyFigure(
                    _("Spent in the period"), total_spent, ValueKind.MONEY, currency=currency
                ),
                KeyFigure(
                    _("Variance"), total_budget - total_spent, ValueKind.MONEY, currency=currency
                ),
                KeyFigure(
                    _("Share of the budget spent in the period"),
                    budget.share(total_spent, total_budget),
                    ValueKind.PERCENT,
                ),
            )
        ),
        budget_table,
    ]
    blocks += _budget_chart(to_end, by_line)
    blocks += [Heading(_("Currency conversion")), *_rates_blocks(rates, currency)]
    blocks.append(SignatureBlock((_("Accountant"), _("Head of the organisation"))))
    # The ledger is wide: the PDF gives it landscape pages of its own.
    blocks += [Heading(_("Annex: expense ledger")), *_ledger_blocks(ledger, currency)]

    meta = cover_meta(project, organisation, start=start, end=end, as_of=as_of)
    meta.append((_("Grant currency"), currency))
    if to_end.indirect_rate is not None:
        meta.append((_("Indirect cost rate"), percent_text(to_end.indirect_rate)))
    meta.append((_("Total budget"), Money(total_budget, currency)))
    return Document(
        title=_("Financial report"),
        subtitle=project.title,
        organisation_name=organisation.name if organisation else "",
        logo=organisation.logo if organisation else None,
        language=i18n.current_language(),
        meta=tuple(meta),
        blocks=tuple(blocks),
    )


def _scope_text(project: m.Project, start: dt.date, last: dt.date) -> str:
    return _(
        "Budget: the whole project ({project_start} – {project_end}). Expenditure: the "
        "expenses dated from {start} to {end} only, each converted to {currency} at the rate "
        "stored on it and rounded to the cent; totals are the sums of the rounded amounts. "
        "Variance: budget minus expenditure."
    ).format(
        project_start=i18n.format_date(project.start_date, fmt="long"),
        project_end=i18n.format_date(project.end_date, fmt="long"),
        start=i18n.format_date(start, fmt="long"),
        end=i18n.format_date(last, fmt="long"),
        currency=project.currency,
    )


def _budget_table(
    use: budget.BudgetUse,
    by_line: dict[int, Decimal],
    unallocated: Decimal,
    direct: Decimal,
    indirect: Decimal,
) -> Table:
    currency = use.currency
    rows: list[_Row] = []
    for heading in use.headings:
        spent = sum((by_line[line.id] for line in heading.lines), ZERO)
        rows.append(_Row(heading_label(heading), RowStyle.HEADING, heading.budget, spent))
        rows += [
            _Row(line_label(line), RowStyle.INDENTED, line.budget, by_line[line.id], line)
            for line in heading.lines
        ]
    extra, total = _totals_rows(
        use, spent_subtotal=direct, spent_indirect=indirect, unallocated=unallocated
    )
    rows += extra
    quantity_places = _places([line.quantity for line in use.lines], least=0, most=3)

    def values(row: _Row) -> tuple[Value, ...]:
        variance = row.budget - row.spent
        line = row.line
        return (
            row.label,
            line.unit if line else None,
            line.quantity if line else None,
            line.unit_cost if line else None,
            row.budget,
            row.spent,
            variance,
            budget.share(variance, row.budget),
        )

    notes = [
        _(
            "Variance %: the variance as a share of the budget. Contingency reserve: spent "
            "through the lines once the donor allows its use."
        )
    ]
    if "indirect" in use.capped:
        notes.append(
            _(
                "The project's indirect-cost rate is above the EU limit; indirect costs are "
                "computed at {rate}."
            ).format(rate=percent_text(budget.EU_INDIRECT_CAP))
        )
    if "contingency" in use.capped:
        notes.append(
            _(
                "The project's contingency rate is above the EU limit; the reserve is computed "
                "at {rate}."
            ).format(rate=percent_text(budget.EU_CONTINGENCY_CAP))
        )
    for heading in use.flagged_headings:
        notes.append(
            _(
                "Heading {heading} differs from the contract budget by {change}, more than "
                "{threshold}: the donor must agree to the change (addendum)."
            ).format(
                heading=heading_label(heading),
                change=percent_text(heading.change) if heading.change is not None else "—",
                threshold=percent_text(use.threshold),
            )
        )
    return Table(
        title=_("Budget and expenditure by heading and line"),
        columns=(
            TableColumn(_("Heading / budget line"), width=4.0),
            TableColumn(_("Unit"), width=1.2),
            TableColumn(_("Quantity"), ValueKind.DECIMAL, places=quantity_places, width=0.9),
            TableColumn(_("Unit cost"), ValueKind.MONEY, currency=currency, width=1.1),
            TableColumn(_("Budget"), ValueKind.MONEY, currency=currency, width=1.3),
            TableColumn(_("Spent in the period"), ValueKind.MONEY, currency=currency, width=1.3),
            TableColumn(_("Variance"), ValueKind.MONEY, currency=currency, width=1.3),
            TableColumn(_("Variance %"), ValueKind.PERCENT, width=0.9),
        ),
        rows=tuple(values(row) for row in rows),
        row_styles=tuple(row.style for row in rows),
        total_row=values(total),
        note="\n".join(notes),
    )


def _budget_chart(use: budget.BudgetUse, by_line: dict[int, Decimal]) -> list[Block]:
    if not use.headings:
        return []
    return [
        BarChart(
            title=_("Budget and expenditure in the period by heading"),
            categories=tuple(heading_label(h) for h in use.headings),
            series=(
                Series(_("Budget"), tuple(h.budget for h in use.headings)),
                Series(
                    _("Spent in the period"),
                    tuple(sum((by_line[line.id] for line in h.lines), ZERO) for h in use.headings),
                ),
            ),
            value_kind=ValueKind.MONEY,
            currency=use.currency,
        )
    ]


def _rates_blocks(rates: Sequence[RateUse], currency: str) -> list[Block]:
    if not rates:
        return [Paragraph(_("No expenses in the period."))]
    places = _places([r.rate for r in rates], least=RATE_PLACES[0], most=RATE_PLACES[1])

    def source(rate: RateUse) -> str:
        if rate.currency == currency:
            return _("Grant currency")
        if rate.matches_table:
            return rate.source or _("Monthly rate table")
        return _("Rate entered on the expense")

    rows = tuple(
        (
            r.currency,
            month_label(r.month),
            r.rate,
            source(r),
            r.expenses,
            r.amount,
            r.converted,
        )
        for r in rates
    )
    return [
        Table(
            title=_("Exchange rates used"),
            columns=(
                TableColumn(_("Currency"), width=0.9),
                TableColumn(_("Month"), width=1.4),
                TableColumn(
                    _("Rate: 1 unit in {currency}").format(currency=currency),
                    ValueKind.DECIMAL,
                    places=places,
                    width=1.3,
                ),
                TableColumn(_("Source"), width=1.6),
                TableColumn(_("Expenses"), ValueKind.INTEGER, width=0.9),
                TableColumn(_("Amount paid"), ValueKind.DECIMAL, width=1.3),
                TableColumn(
                    _("Amount in the grant currency"),
                    ValueKind.MONEY,
                    currency=currency,
                    width=1.4,
                ),
            ),
            rows=rows,
            total_row=(
                _("Total"),
                None,
                None,
                None,
                sum(r.expenses for r in rates),
                None,
                sum((r.converted for r in rates), ZERO),
            ),
            note=_(
                "The rates stored on the expenses of the period, as used in the ledger: one row "
                "per currency, month and rate. Amounts paid are in the currency of the row."
            ),
        )
    ]


def _ledger_blocks(ledger: Sequence[LedgerRow], currency: str) -> list[Block]:
    if not ledger:
        return [Paragraph(_("No expenses in the period."))]
    places = _places([row.rate for row in ledger], least=RATE_PLACES[0], most=RATE_PLACES[1])
    total = sum((row.converted for row in ledger), ZERO)
    count = ngettext(
        "{n} expense in the period, listed by date.",
        "{n} expenses in the period, listed by date.",
        len(ledger),
    ).format(n=i18n.format_integer(len(ledger)))
    return [
        Table(
            title=_("Expense ledger"),
            columns=(
                TableColumn(_("Date"), ValueKind.DATE),
                TableColumn(_("Budget line"), width=0.8),
                TableColumn(_("Payee"), width=1.9),
                TableColumn(_("Receipt no."), width=1.5),
                TableColumn(_("Description"), width=2.4),
                TableColumn(_("Amount"), ValueKind.DECIMAL, width=1.2),
                TableColumn(_("Currency"), width=0.8),
                TableColumn(_("Rate"), ValueKind.DECIMAL, places=places, width=1.1),
                TableColumn(_("Amount"), ValueKind.MONEY, currency=currency, width=1.2),
            ),
            rows=tuple(
                (
                    row.spent_on,
                    row.line_code or "—",
                    row.payee,
                    row.receipt_no,
                    row.description,
                    row.amount,
                    row.currency,
                    row.rate,
                    row.converted,
                )
                for row in ledger
            ),
            total_row=(_("Total"), None, None, None, None, None, None, None, total),
            note=count
            + " "
            + _(
                "Each amount converted to {currency} at the rate stored on the expense and "
                "rounded to the cent; the total is the sum of the rounded amounts."
            ).format(currency=currency),
        ),
    ]
