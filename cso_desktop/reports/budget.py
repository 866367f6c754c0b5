"""Budget against actual spending: the one computation behind the budget page, the dashboard's
"budget used per project" and the financial report.

Everything is in the project (grant) currency, to the cent, as raw ``Decimal`` values; the UI
and the renderers format them.

Rules (standards README §3):

* A line's budget is ``quantity × unit cost``, rounded half up to the cent. Its *base* is the
  amount of the original budget or last addendum (``base_total``), the line's budget when none
  was recorded.
* An expense counts as ``amount × rate_to_project`` rounded half up to the cent **per expense**,
  then the cents are added up. This is what an accountant's expenditure list does (each row
  converted, the column summed), and it makes every total the exact sum of the rows shown.
* Expenses of the project not booked on a line are "unallocated": shown on their own row and
  counted with the direct costs (the money was spent for the project) until they are booked.
* Per heading: budget, base, spent, remaining, share used, and the cumulative change against
  the base, ``(budget − base) / base``. A heading whose change passes the reallocation threshold
  (the project's, else the organisation setting ``reallocation_threshold``, else 25 %) is
  flagged: beyond it the donor must sign an addendum (EU General Conditions Art. 9).
* Totals as in EU Annex III: subtotal of direct costs (headings), contingency reserve
  (``contingency_rate × subtotal``, at most 5 % for EU grants), total direct costs, indirect
  costs (``indirect_cost_rate × total direct``, at most 7 % for EU grants), total eligible
  costs. Indirect costs are a flat rate: their "spent" is the rate times the direct costs
  spent, with no receipts. The contingency reserve is never spent directly: once the donor
  allows its use, the expenses are booked on lines, so its "spent" is zero.

Sums are SQL aggregates over whole cents (money columns store integers), so they are exact.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, and_, func, select, type_coerce
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.domain import vocab

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
#: Cumulative change of a heading against its base beyond which the donor must agree.
DEFAULT_REALLOCATION_THRESHOLD = Decimal("0.25")
#: The organisation setting (``org_setting`` key) with the default threshold.
THRESHOLD_SETTING = "reallocation_threshold"
#: EU Annex III caps (standards README §3.1): contingency ≤ 5 % of the direct subtotal,
#: indirect costs ≤ 7 % of the total direct costs.
EU_CONTINGENCY_CAP = Decimal("0.05")
EU_INDIRECT_CAP = Decimal("0.07")

# Scale of the stored integers (see ``db.base``): money in cents, rates in 1e-8, quantities
# in thousandths.
_RATE_SCALE = 10**8
_QUANTITY_SCALE = 10**3


def money(value: Decimal) -> Decimal:
    """Rounded half up to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def convert(amount: Decimal, rate: Decimal) -> Decimal:
    """An expense in the project currency: ``amount × rate`` rounded half up to the cent.

    The same rule as the SQL sums below, so a warning computed before saving agrees with the
    budget shown after.
    """
    return money(Decimal(amount) * Decimal(rate))


def line_total(quantity: Decimal, unit_cost: Decimal) -> Decimal:
    """A line's budget: quantity × unit cost, rounded half up to the cent."""
    return money(Decimal(quantity) * Decimal(unit_cost))


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole``; ``None`` when ``whole`` is zero."""
    return None if whole == 0 else part / whole


def _raw(column: Any) -> ColumnElement[int]:
    """The stored integer of a scaled column (cents, 1e-8 units, thousandths)."""
    return type_coerce(column, BigInteger)


def _cents(value: int | None) -> Decimal:
    return Decimal(int(value or 0)).scaleb(-2).quantize(CENT)


#: SQL: a line's budget in cents, rounded half up (quantity and unit cost are never negative,
#: so integer division after adding half a unit rounds half up).
LINE_BUDGET_CENTS = (
    _raw(m.BudgetLine.quantity) * _raw(m.BudgetLine.unit_cost) + _QUANTITY_SCALE // 2
) // _QUANTITY_SCALE
#: SQL: an expense in the project currency, in cents, rounded half up (amount and rate are
#: positive). Exact while ``amount × rate`` stays under about 900 million.
EXPENSE_CENTS = (
    _raw(m.Expense.amount) * _raw(m.Expense.rate_to_project) + _RATE_SCALE // 2
) // _RATE_SCALE


@dataclass(frozen=True)
class Figure:
    """Budget against spending for a row without lines (subtotals, contingency, indirect).

    Attributes:
        budget: the current budget.
        base: the original budget or last addendum.
        spent: spent so far.
        remaining: budget − spent (negative when overspent).
        share: spent / budget, ``None`` when the budget is zero.
    """

    budget: Decimal
    base: Decimal
    spent: Decimal
    remaining: Decimal
    share: Decimal | None

    @classmethod
    def of(cls, budget: Decimal, base: Decimal, spent: Decimal) -> Figure:
        return cls(budget, base, spent, budget - spent, share(spent, budget))

    @property
    def over_budget(self) -> bool:
        return self.spent > self.budget


@dataclass(frozen=True)
class LineUse:
    """One budget line.

    Attributes:
        id: the line's id.
        heading: its heading code.
        line_code: e.g. ``1.1.2``.
        description, unit: as entered.
        quantity, unit_cost: as entered.
        budget: quantity × unit cost, to the cent.
        base: the original amount (``base_total``), or ``budget`` when none was recorded.
        spent: the expenses booked on it, each converted and rounded, summed.
        remaining: budget − spent.
        share: spent / budget (``None`` for a zero budget).
        expense_count: how many expenses are booked on it.
    """

    id: int
    heading: str
    line_code: str
    description: str
    unit: str
    quantity: Decimal
    unit_cost: Decimal
    budget: Decimal
    base: Decimal
    spent: Decimal
    remaining: Decimal
    share: Decimal | None
    expense_count: int

    @property
    def over_budget(self) -> bool:
        return self.spent > self.budget

    @property
    def over_by(self) -> Decimal:
        """How much more than its budget was spent (zero when within it)."""
        return max(ZERO, self.spent - self.budget)


@dataclass(frozen=True)
class HeadingUse:
    """A heading (EU Annex III "1"-"6", or the donor's own) with its lines.

    Attributes:
        code: the heading code.
        title: the heading's title as stored (for EU headings without one, the untranslated
            Annex III title); translate EU titles where shown.
        lines: its lines, in budget order.
        budget, base, spent, remaining, share: sums over the lines.
        change: cumulative change against the base, ``(budget − base) / base``; ``None`` when
            the base is zero.
        flagged: ``abs(change)`` passes the threshold (or a heading with no base got a budget).
    """

    code: str
    title: str | None
    lines: tuple[LineUse, ...]
    budget: Decimal
    base: Decimal
    spent: Decimal
    remaining: Decimal
    share: Decimal | None
    change: Decimal | None
    flagged: bool

    @property
    def over_budget(self) -> bool:
        return self.spent > self.budget


@dataclass(frozen=True)
class BudgetUse:
    """A project's budget against its spending.

    Attributes:
        project_id, code, title, currency: the project.
        is_eu: an EU grant (Annex III headings and caps).
        as_of: expenses up to this day count (``None``: all).
        threshold: the reallocation threshold used for the flags.
        headings: the headings in order, each with its lines.
        unallocated: spent for the project on no line (counted in the direct costs).
        unallocated_count: how many such expenses.
        subtotal_direct: headings 1-6 (and the unallocated spending).
        contingency_rate: the rate applied (capped for EU grants), ``None`` when not set.
        contingency: the contingency reserve.
        total_direct: subtotal + contingency.
        indirect_rate: the rate applied (capped for EU grants), ``None`` when not set.
        indirect: indirect costs.
        total_eligible: total direct + indirect.
        capped: rates that were above the EU cap and were applied at the cap
            (``"contingency"``, ``"indirect"``).
    """

    project_id: int
    code: str
    title: str
    currency: str
    is_eu: bool
    as_of: dt.date | None
    threshold: Decimal
    headings: tuple[HeadingUse, ...]
    unallocated: Decimal
    unallocated_count: int
    subtotal_direct: Figure
    contingency_rate: Decimal | None
    contingency: Figure
    total_direct: Figure
    indirect_rate: Decimal | None
    indirect: Figure
    total_eligible: Figure
    capped: tuple[str, ...] = ()

    @property
    def lines(self) -> tuple[LineUse, ...]:
        return tuple(line for heading in self.headings for line in heading.lines)

    def line(self, line_id: int) -> LineUse:
        for line in self.lines:
            if line.id == line_id:
                return line
        raise KeyError(line_id)

    def heading(self, code: str) -> HeadingUse:
        for heading in self.headings:
            if heading.code == code:
                return heading
        raise KeyError(code)

    @property
    def over_budget_lines(self) -> tuple[LineUse, ...]:
        return tuple(line for line in self.lines if line.over_budget)

    @property
    def flagged_headings(self) -> tuple[HeadingUse, ...]:
        return tuple(heading for heading in self.headings if heading.flagged)


@dataclass(frozen=True)
class ProjectBudgetUse:
    """How much of a project's budget is used (dashboard).

    Attributes:
        project_id, code, currency: the project.
        budget_total: total eligible costs (the same as ``BudgetUse.total_eligible.budget``).
        spent_total: spent so far, with the flat-rate indirect costs.
        share: spent / budget, ``None`` when the budget is zero.
    """

    project_id: int
    code: str
    currency: str
    budget_total: Decimal
    spent_total: Decimal
    share: Decimal | None


# --- rules ------------------------------------------------------------------------------------


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort ``1.2`` before ``1.10`` and heading ``2`` before ``10``."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )


def effective_rate(
    rate: Decimal | None, *, cap: Decimal, is_eu: bool
) -> tuple[Decimal | None, bool]:
    """The rate applied and whether it was cut to the EU cap."""
    if rate is None:
        return None, False
    if is_eu and rate > cap:
        return cap, True
    return rate, False


def change_against_base(budget: Decimal, base: Decimal) -> Decimal | None:
    """Cumulative change ``(budget − base) / base``; ``None`` when the base is zero."""
    return None if base == 0 else (budget - base) / base


def passes_threshold(budget: Decimal, base: Decimal, threshold: Decimal) -> bool:
    """A heading's change needs the donor's agreement: more than ``threshold`` either way
    (exactly at the threshold is still allowed), or money put on a heading with no base."""
    change = change_against_base(budget, base)
    if change is None:
        return budget != 0
    return abs(change) > threshold


def organisation_threshold(session: Session) -> Decimal:
    """The organisation's reallocation threshold (setting), or 25 %."""
    row = session.get(m.Setting, THRESHOLD_SETTING)
    if row is None or row.value in (None, ""):
        return DEFAULT_REALLOCATION_THRESHOLD
    try:
        return Decimal(str(row.value))
    except ArithmeticError:
        return DEFAULT_REALLOCATION_THRESHOLD


def project_threshold(session: Session, project: m.Project) -> Decimal:
    if project.reallocation_threshold is not None:
        return project.reallocation_threshold
    return organisation_threshold(session)


@dataclass(frozen=True)
class _Totals:
    subtotal: Figure
    contingency_rate: Decimal | None
    contingency: Figure
    total_direct: Figure
    indirect_rate: Decimal | None
    indirect: Figure
    total_eligible: Figure
    capped: tuple[str, ...]


def _totals(
    *,
    budget: Decimal,
    base: Decimal,
    spent: Decimal,
    contingency_rate: Decimal | None,
    indirect_rate: Decimal | None,
    is_eu: bool,
) -> _Totals:
    capped: list[str] = []
    contingency_applied, cut = effective_rate(contingency_rate, cap=EU_CONTINGENCY_CAP, is_eu=is_eu)
    if cut:
        capped.append("contingency")
    indirect_applied, cut = effective_rate(indirect_rate, cap=EU_INDIRECT_CAP, is_eu=is_eu)
    if cut:
        capped.append("indirect")
    c_rate = contingency_applied or Decimal(0)
    i_rate = indirect_applied or Decimal(0)
    subtotal = Figure.of(budget, base, spent)
    contingency = Figure.of(money(c_rate * budget), money(c_rate * base), ZERO)
    total_direct = Figure.of(
        subtotal.budget + contingency.budget,
        subtotal.base + contingency.base,
        subtotal.spent + contingency.spent,
    )
    indirect = Figure.of(
        money(i_rate * total_direct.budget),
        money(i_rate * total_direct.base),
        money(i_rate * total_direct.spent),
    )
    total_eligible = Figure.of(
        total_direct.budget + indirect.budget,
        total_direct.base + indirect.base,
        total_direct.spent + indirect.spent,
    )
    return _Totals(
        subtotal,
        contingency_applied,
        contingency,
        total_direct,
        indirect_applied,
        indirect,
        total_eligible,
        tuple(capped),
    )


def _expense_conditions(as_of: dt.date | None) -> list[ColumnElement[bool]]:
    return [] if as_of is None else [m.Expense.spent_on <= as_of]


# --- queries ----------------------------------------------------------------------------------


def budget_vs_actual(
    session: Session, project_id: int, *, as_of: dt.date | None = None
) -> BudgetUse:
    """The project's budget against what was spent up to ``as_of`` (all expenses if ``None``).

    Raises:
        KeyError: no such project.
    """
    project = session.get(m.Project, project_id)
    if project is None:
        raise KeyError(project_id)
    is_eu = project.donor_kind == vocab.DonorKind.EU
    threshold = project_threshold(session, project)

    spent_by_line = (
        select(
            m.Expense.budget_line_id.label("line_id"),
            func.sum(EXPENSE_CENTS).label("cents"),
            func.count(m.Expense.id).label("count"),
        )
        .where(
            m.Expense.budget_line_id.is_not(None),
            *_expense_conditions(as_of),
        )
        .group_by(m.Expense.budget_line_id)
        .subquery()
    )
    rows = session.execute(
        select(
            m.BudgetLine.id,
            m.BudgetLine.heading,
            m.BudgetLine.heading_title,
            m.BudgetLine.line_code,
            m.BudgetLine.description,
            m.BudgetLine.unit,
            m.BudgetLine.quantity,
            m.BudgetLine.unit_cost,
            LINE_BUDGET_CENTS.label("budget_cents"),
            _raw(m.BudgetLine.base_total).label("base_cents"),
            func.coalesce(spent_by_line.c.cents, 0),
            func.coalesce(spent_by_line.c.count, 0),
            m.BudgetLine.sort_order,
        )
        .outerjoin(spent_by_line, spent_by_line.c.line_id == m.BudgetLine.id)
        .where(m.BudgetLine.project_id == project_id)
    ).all()

    by_heading: dict[str, list[Any]] = {}
    titles: dict[str, str | None] = {}
    for row in sorted(rows, key=lambda r: (r.sort_order, natural_key(r.line_code), r.id)):
        by_heading.setdefault(row.heading, []).append(row)
        if not titles.get(row.heading):
            titles[row.heading] = row.heading_title
    headings: list[HeadingUse] = []
    for code in sorted(by_heading, key=natural_key):
        lines = []
        for row in by_heading[code]:
            budget = _cents(row.budget_cents)
            base = budget if row.base_cents is None else _cents(row.base_cents)
            spent = _cents(row[10])
            lines.append(
                LineUse(
                    id=row.id,
                    heading=code,
                    line_code=row.line_code,
                    description=row.description,
                    unit=row.unit,
                    quantity=row.quantity,
                    unit_cost=row.unit_cost,
                    budget=budget,
                    base=base,
                    spent=spent,
                    remaining=budget - spent,
                    share=share(spent, budget),
                    expense_count=int(row[11]),
                )
            )
        budget = sum((line.budget for line in lines), ZERO)
        base = sum((line.base for line in lines), ZERO)
        spent = sum((line.spent for line in lines), ZERO)
        title = titles.get(code) or (vocab.EU_BUDGET_HEADINGS.get(code) if is_eu else None)
        headings.append(
            HeadingUse(
                code=code,
                title=title,
                lines=tuple(lines),
                budget=budget,
                base=base,
                spent=spent,
                remaining=budget - spent,
                share=share(spent, budget),
                change=change_against_base(budget, base),
                flagged=passes_threshold(budget, base, threshold),
            )
        )

    unallocated_cents, unallocated_count = session.execute(
        select(func.coalesce(func.sum(EXPENSE_CENTS), 0), func.count(m.Expense.id)).where(
            m.Expense.project_id == project_id,
            m.Expense.budget_line_id.is_(None),
            *_expense_conditions(as_of),
        )
    ).one()
    unallocated = _cents(unallocated_cents)
    totals = _totals(
        budget=sum((h.budget for h in headings), ZERO),
        base=sum((h.base for h in headings), ZERO),
        spent=sum((h.spent for h in headings), ZERO) + unallocated,
        contingency_rate=project.contingency_rate,
        indirect_rate=project.indirect_cost_rate,
        is_eu=is_eu,
    )
    return BudgetUse(
        project_id=project.id,
        code=project.code,
        title=project.title,
        currency=project.currency,
        is_eu=is_eu,
        as_of=as_of,
        threshold=threshold,
        headings=tuple(headings),
        unallocated=unallocated,
        unallocated_count=int(unallocated_count),
        subtotal_direct=totals.subtotal,
        contingency_rate=totals.contingency_rate,
        contingency=totals.contingency,
        total_direct=totals.total_direct,
        indirect_rate=totals.indirect_rate,
        indirect=totals.indirect,
        total_eligible=totals.total_eligible,
        capped=totals.capped,
    )


def budget_use_by_project(
    session: Session, *, as_of: dt.date | None = None, include_archived: bool = False
) -> tuple[ProjectBudgetUse, ...]:
    """Budget used per project (total eligible costs), by project code.

    The same figures as :func:`budget_vs_actual`'s ``total_eligible`` for each project, from
    two grouped queries instead of one per project.
    """
    budgets = (
        select(
            m.BudgetLine.project_id.label("project_id"),
            func.sum(LINE_BUDGET_CENTS).label("budget_cents"),
            func.sum(func.coalesce(_raw(m.BudgetLine.base_total), LINE_BUDGET_CENTS)).label(
                "base_cents"
            ),
        )
        .group_by(m.BudgetLine.project_id)
        .subquery()
    )
    spending = (
        select(
            m.Expense.project_id.label("project_id"),
            func.sum(EXPENSE_CENTS).label("spent_cents"),
        )
        .where(m.Expense.project_id.is_not(None), *_expense_conditions(as_of))
        .group_by(m.Expense.project_id)
        .subquery()
    )
    stmt = (
        select(
            m.Project.id,
            m.Project.code,
            m.Project.currency,
            m.Project.donor_kind,
            m.Project.contingency_rate,
            m.Project.indirect_cost_rate,
            func.coalesce(budgets.c.budget_cents, 0),
            func.coalesce(budgets.c.base_cents, 0),
            func.coalesce(spending.c.spent_cents, 0),
        )
        .outerjoin(budgets, budgets.c.project_id == m.Project.id)
        .outerjoin(spending, spending.c.project_id == m.Project.id)
        .order_by(m.Project.code)
    )
    if not include_archived:
        stmt = stmt.where(and_(m.Project.archived.is_(False)))
    result = []
    for row in session.execute(stmt):
        totals = _totals(
            budget=_cents(row[6]),
            base=_cents(row[7]),
            spent=_cents(row[8]),
            contingency_rate=row.contingency_rate,
            indirect_rate=row.indirect_cost_rate,
            is_eu=row.donor_kind == vocab.DonorKind.EU,
        )
        eligible = totals.total_eligible
        result.append(
            ProjectBudgetUse(
                project_id=row.id,
                code=row.code,
                currency=row.currency,
                budget_total=eligible.budget,
                spent_total=eligible.spent,
                share=eligible.share,
            )
        )
    return tuple(result)


def line_spent(session: Session, line_id: int, *, excluding_expense: int | None = None) -> Decimal:
    """What is booked on a line so far (optionally leaving one expense out: the one being
    edited), by the same rule as :func:`budget_vs_actual`."""
    conditions: list[ColumnElement[bool]] = [m.Expense.budget_line_id == line_id]
    if excluding_expense is not None:
        conditions.append(m.Expense.id != excluding_expense)
    return _cents(
        session.scalar(select(func.coalesce(func.sum(EXPENSE_CENTS), 0)).where(*conditions))
    )


def line_budget(session: Session, line_id: int) -> Decimal:
    """A line's budget (quantity × unit cost, to the cent)."""
    return _cents(session.scalar(select(LINE_BUDGET_CENTS).where(m.BudgetLine.id == line_id)))
