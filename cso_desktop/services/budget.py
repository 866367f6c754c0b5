"""Budget lines, project cost rates, monthly exchange rates, expenses and income.

Money stays in the currency it was paid or received in; an expense also stores the rate to the
project currency used on the day it was entered (usually proposed from the month's rates), so
the budget figures never change when a rate is corrected later. Budget against actual is worked
out in :mod:`cso_desktop.reports.budget`.

Every change is one transaction with an audit entry (the callers own the transaction).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import is_currency
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cso_desktop import i18n
from cso_desktop.db import models as m
from cso_desktop.domain import validation, vocab
from cso_desktop.domain.errors import NotFoundError, ValidationError
from cso_desktop.domain.validation import FormErrors, Problems
from cso_desktop.domain.vocab import AuditAction
from cso_desktop.i18n import _
from cso_desktop.reports import budget as report
from cso_desktop.reports import rates
from cso_desktop.reports.rates import RateKind
from cso_desktop.services import audit

#: Currencies offered first in the editors (others can be typed).
COMMON_CURRENCIES: tuple[str, ...] = ("AZN", "EUR", "USD", "CHF", "GBP", "TRY", "RUB")
#: The currency cross rates go through: the Central Bank of Azerbaijan quotes every currency
#: in manat.
#: Exchange rates are kept to 8 decimals (InforEuro publishes 4; inverses need more).
RATE_QUANTUM = Decimal("0.00000001")
QUANTITY_QUANTUM = Decimal("0.001")
MAX_RATE = Decimal("100000")

LINE_ENTITY = "budget_line"
EXPENSE_ENTITY = "expense"
RATE_ENTITY = "exchange_rate"
INCOME_ENTITY = "income"
PROJECT_ENTITY = "project"

_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


# --- shared rules -----------------------------------------------------------------------------


def _decimal(value: Decimal | str | int | None) -> Decimal | None:
    """A number typed with a decimal comma or dot; ``None`` when empty; raises
    ``InvalidOperation`` when it is not a number."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    number = Decimal(text)
    if not number.is_finite():
        raise InvalidOperation(text)
    return number


def currency_code(value: str | None, *, field: str) -> str:
    """A three-letter ISO 4217 code (``AZN``, ``EUR``…), upper-cased."""
    code = (value or "").strip().upper()
    if not code:
        raise ValidationError(_("Choose a currency."), field=field)
    if not _CURRENCY_RE.match(code) or not is_currency(code):
        raise ValidationError(
            _("Enter a three-letter currency code such as AZN, EUR or USD."), field=field
        )
    return code


def rate_value(value: Decimal | str | None, *, field: str) -> Decimal:
    """An exchange rate: a positive number, kept to 8 decimals."""
    try:
        number = _decimal(value)
    except InvalidOperation:
        raise ValidationError(
            _("Enter a rate such as 1,9035 (units of the second currency for one unit)."),
            field=field,
        ) from None
    if number is None:
        raise ValidationError(_("Enter the exchange rate."), field=field)
    if number <= 0 or number > MAX_RATE:
        raise ValidationError(_("Enter a rate greater than zero."), field=field)
    rounded = number.quantize(RATE_QUANTUM, rounding=ROUND_HALF_UP)
    if rounded == 0:
        raise ValidationError(_("Enter a rate greater than zero."), field=field)
    return rounded


def _share(value: Decimal | str | None, *, field: str) -> Decimal | None:
    """A rate as a share (0.07 for 7 %); ``None`` when empty."""
    try:
        number = _decimal(value)
    except InvalidOperation:
        raise ValidationError(_("Enter a percentage such as 7 or 6,5."), field=field) from None
    if number is None:
        return None
    if number < 0 or number > 1:
        raise ValidationError(_("Enter a percentage between 0 and 100."), field=field)
    return number.quantize(RATE_QUANTUM, rounding=ROUND_HALF_UP)


def _money(value: Decimal | str | None, *, field: str, allow_zero: bool) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(_("Enter an amount."), field=field)
    return validation.money(value, field=field, allow_zero=allow_zero)


def _get(session: Session, model: type[m.Base], row_id: int, what: str) -> m.Base:
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(f"{what} {row_id}")
    return row


# --- projects ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectChoice:
    """A project as the budget screens need it.

    Attributes:
        indirect_cost_rate, contingency_rate, reallocation_threshold: shares (0.07 = 7 %).
    """

    id: int
    code: str
    title: str
    currency: str
    donor_kind: vocab.DonorKind
    start_date: dt.date
    end_date: dt.date
    archived: bool
    indirect_cost_rate: Decimal | None
    contingency_rate: Decimal | None
    reallocation_threshold: Decimal | None

    @property
    def is_eu(self) -> bool:
        return self.donor_kind == vocab.DonorKind.EU


def _project_choice(row: m.Project) -> ProjectChoice:
    return ProjectChoice(
        id=row.id,
        code=row.code,
        title=row.title,
        currency=row.currency,
        donor_kind=vocab.DonorKind(row.donor_kind),
        start_date=row.start_date,
        end_date=row.end_date,
        archived=row.archived,
        indirect_cost_rate=row.indirect_cost_rate,
        contingency_rate=row.contingency_rate,
        reallocation_threshold=row.reallocation_threshold,
    )


def projects(session: Session, *, include_archived: bool = False) -> tuple[ProjectChoice, ...]:
    """Projects by code (current ones only unless ``include_archived``)."""
    stmt = select(m.Project).order_by(m.Project.code)
    if not include_archived:
        stmt = stmt.where(m.Project.archived.is_(False))
    return tuple(_project_choice(row) for row in session.scalars(stmt))


def project(session: Session, project_id: int) -> ProjectChoice:
    return _project_choice(_project_row(session, project_id))


def _project_row(session: Session, project_id: int) -> m.Project:
    row = session.get(m.Project, project_id)
    if row is None:
        raise NotFoundError(f"project {project_id}")
    return row


def check_project_rates(
    donor_kind: vocab.DonorKind | str,
    *,
    indirect_cost_rate: Decimal | str | None,
    contingency_rate: Decimal | str | None,
    reallocation_threshold: Decimal | str | None = None,
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """The project's cost rates as shares, checked (EU grants: indirect costs at most 7 % and
    contingency at most 5 %, Annex III). Fields ``indirect_cost_rate``, ``contingency_rate``,
    ``reallocation_threshold``.

    Raises:
        FormErrors: a rate is not a percentage, or passes the EU cap.
    """
    problems = Problems()
    indirect = problems.check(
        "indirect_cost_rate", lambda: _share(indirect_cost_rate, field="indirect_cost_rate")
    )
    contingency = problems.check(
        "contingency_rate", lambda: _share(contingency_rate, field="contingency_rate")
    )
    threshold = problems.check(
        "reallocation_threshold",
        lambda: _share(reallocation_threshold, field="reallocation_threshold"),
    )
    if threshold is not None and threshold == 0:
        problems.add(
            "reallocation_threshold",
            _("Enter a threshold above 0 %, or leave it empty for the organisation's setting."),
        )
    if vocab.DonorKind(donor_kind) == vocab.DonorKind.EU:
        if indirect is not None and indirect > report.EU_INDIRECT_CAP:
            problems.add(
                "indirect_cost_rate",
                _(
                    "EU grants allow indirect costs of at most {cap} of the direct costs "
                    "(Annex III). Enter {cap} or less."
                ).format(cap=i18n.format_percent(report.EU_INDIRECT_CAP)),
            )
        if contingency is not None and contingency > report.EU_CONTINGENCY_CAP:
            problems.add(
                "contingency_rate",
                _(
                    "EU grants allow a contingency reserve of at most {cap} of the direct "
                    "costs (Annex III). Enter {cap} or less."
                ).format(cap=i18n.format_percent(report.EU_CONTINGENCY_CAP)),
            )
    problems.raise_if_any()
    return indirect, contingency, threshold


def set_project_rates(
    session: Session,
    project_id: int,
    *,
    indirect_cost_rate: Decimal | str | None,
    contingency_rate: Decimal | str | None,
    reallocation_threshold: Decimal | str | None = None,
    user_name: str | None = None,
) -> None:
    """Set the project's indirect-cost and contingency rates and its reallocation threshold
    (shares: 0.07 for 7 %; ``None`` for none / the organisation's threshold)."""
    row = _project_row(session, project_id)
    indirect, contingency, threshold = check_project_rates(
        row.donor_kind,
        indirect_cost_rate=indirect_cost_rate,
        contingency_rate=contingency_rate,
        reallocation_threshold=reallocation_threshold,
    )
    row.indirect_cost_rate = indirect
    row.contingency_rate = contingency
    row.reallocation_threshold = threshold
    audit.record(
        session,
        AuditAction.UPDATE,
        PROJECT_ENTITY,
        row.id,
        user_name=user_name,
        detail={"rates": True},
    )


# --- budget lines -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetLineDraft:
    """A budget line as typed.

    Attributes:
        heading: EU Annex III heading "1"-"6" for EU grants, else the donor's heading code.
        heading_title: the donor's heading title (EU headings have theirs).
        base_total: the line's amount in the signed budget or last addendum; ``None`` while
            it equals the budget. A line added after signature has a base of 0.
        sort_order: position in the budget; ``None`` puts a new line last.
    """

    project_id: int
    heading: str
    line_code: str
    description: str
    unit: str
    quantity: Decimal | str
    unit_cost: Decimal | str
    heading_title: str | None = None
    base_total: Decimal | str | None = None
    sort_order: int | None = None


@dataclass(frozen=True)
class BudgetLineDetail:
    id: int
    draft: BudgetLineDraft
    total: Decimal
    currency: str
    expense_count: int


@dataclass(frozen=True)
class LineChoice:
    """A line to book an expense on."""

    id: int
    heading: str
    line_code: str
    description: str
    total: Decimal


@dataclass(frozen=True)
class HeadingChoice:
    """A heading offered for a new line: ``title`` is untranslated for EU headings."""

    code: str
    title: str | None


def quantity_value(value: Decimal | str, *, field: str) -> Decimal:
    try:
        number = _decimal(value)
    except InvalidOperation:
        raise ValidationError(_("Enter a number such as 12 or 2,5."), field=field) from None
    if number is None:
        raise ValidationError(_("Enter the number of units."), field=field)
    if number <= 0:
        raise ValidationError(_("Enter a number greater than zero."), field=field)
    if number != number.quantize(QUANTITY_QUANTUM):
        raise ValidationError(_("At most three decimals."), field=field)
    return number.quantize(QUANTITY_QUANTUM)


def headings(session: Session, project_id: int) -> tuple[HeadingChoice, ...]:
    """The headings a line of this project can go under: EU Annex III 1-6 for EU grants,
    else the headings its lines already use."""
    row = _project_row(session, project_id)
    if row.donor_kind == vocab.DonorKind.EU:
        return tuple(HeadingChoice(code, title) for code, title in vocab.EU_BUDGET_HEADINGS.items())
    found: dict[str, str | None] = {}
    for code, title in session.execute(
        select(m.BudgetLine.heading, m.BudgetLine.heading_title)
        .where(m.BudgetLine.project_id == project_id)
        .order_by(m.BudgetLine.sort_order, m.BudgetLine.id)
    ):
        if not found.get(code):
            found[code] = title
    return tuple(HeadingChoice(code, found[code]) for code in sorted(found, key=report.natural_key))


def validate_line(
    session: Session, draft: BudgetLineDraft, *, own_id: int | None = None
) -> BudgetLineDraft:
    """The draft cleaned, or ``FormErrors`` keyed by the draft's field names."""
    project_row = _project_row(session, draft.project_id)
    is_eu = project_row.donor_kind == vocab.DonorKind.EU
    problems = Problems()
    heading = problems.check(
        "heading", lambda: validation.required_text(draft.heading, field="heading", max_length=20)
    )
    title = problems.check(
        "heading_title",
        lambda: validation.optional_text(
            draft.heading_title, field="heading_title", max_length=200
        ),
    )
    if is_eu and heading is not None:
        if heading not in vocab.EU_BUDGET_HEADINGS:
            problems.add(
                "heading",
                _("EU budgets use the Annex III headings 1 to 6: choose one of them."),
            )
        else:
            title = vocab.EU_BUDGET_HEADINGS[heading]
    code = problems.check(
        "line_code",
        lambda: validation.required_text(draft.line_code, field="line_code", max_length=20),
    )
    if (
        is_eu
        and code is not None
        and heading in vocab.EU_BUDGET_HEADINGS
        and not (code == heading or code.startswith(f"{heading}."))
    ):
        problems.add(
            "line_code",
            _(
                "Lines under heading {heading} have codes that start with {prefix}, "
                "such as {example}."
            ).format(heading=heading, prefix=f"{heading}.", example=f"{heading}.1"),
        )
    description = problems.check(
        "description",
        lambda: validation.required_text(draft.description, field="description", max_length=300),
    )
    unit = problems.check(
        "unit", lambda: validation.required_text(draft.unit, field="unit", max_length=50)
    )
    quantity = problems.check("quantity", lambda: quantity_value(draft.quantity, field="quantity"))
    unit_cost = problems.check(
        "unit_cost", lambda: _money(draft.unit_cost, field="unit_cost", allow_zero=True)
    )
    base_total = None
    if draft.base_total is not None and str(draft.base_total).strip():
        base_total = problems.check(
            "base_total", lambda: _money(draft.base_total, field="base_total", allow_zero=True)
        )
    if code is not None:
        clash = session.scalar(
            select(m.BudgetLine.id).where(
                m.BudgetLine.project_id == draft.project_id,
                m.BudgetLine.line_code == code,
                m.BudgetLine.id != (own_id or -1),
            )
        )
        if clash:
            problems.add(
                "line_code", _("This project's budget already has a line {code}.").format(code=code)
            )
    problems.raise_if_any()
    values: dict[str, object] = {
        "heading": heading,
        "heading_title": title,
        "line_code": code,
        "description": description,
        "unit": unit,
        "quantity": quantity,
        "unit_cost": unit_cost,
        "base_total": base_total,
    }
    return replace(draft, **values)  # type: ignore[arg-type]


def _apply_line(row: m.BudgetLine, draft: BudgetLineDraft) -> None:
    row.heading = draft.heading
    row.heading_title = draft.heading_title
    row.line_code = draft.line_code
    row.description = draft.description
    row.unit = draft.unit
    row.quantity = Decimal(draft.quantity)
    row.unit_cost = Decimal(draft.unit_cost)


def create_line(session: Session, draft: BudgetLineDraft, *, user_name: str | None = None) -> int:
    draft = validate_line(session, draft)
    order = draft.sort_order
    if order is None:
        last = session.scalar(
            select(func.max(m.BudgetLine.sort_order)).where(
                m.BudgetLine.project_id == draft.project_id
            )
        )
        order = 0 if last is None else last + 1
    row = m.BudgetLine(project_id=draft.project_id, sort_order=order)
    _apply_line(row, draft)
    row.base_total = Decimal(draft.base_total) if draft.base_total is not None else None
    session.add(row)
    session.flush()
    audit.record(
        session,
        AuditAction.CREATE,
        LINE_ENTITY,
        row.id,
        user_name=user_name,
        detail={"project_id": row.project_id, "line_code": row.line_code},
    )
    return row.id


def update_line(
    session: Session, line_id: int, draft: BudgetLineDraft, *, user_name: str | None = None
) -> None:
    """Change a line. Its base stays what the signed budget said: the first change of the
    amount of a line without a recorded base keeps the old amount as its base (unless the
    project is still being prepared), so reallocations are measured cumulatively."""
    row = _get(session, m.BudgetLine, line_id, "budget line")
    assert isinstance(row, m.BudgetLine)
    if draft.project_id != row.project_id:
        raise FormErrors({"project_id": _("A budget line cannot move to another project.")})
    draft = validate_line(session, draft, own_id=line_id)
    old_total = report.line_total(row.quantity, row.unit_cost)
    new_total = report.line_total(Decimal(draft.quantity), Decimal(draft.unit_cost))
    if draft.base_total is not None:
        row.base_total = Decimal(draft.base_total)
    elif (
        row.base_total is None
        and new_total != old_total
        and row_project_status(session, row.project_id) != vocab.ProjectStatus.PIPELINE
    ):
        row.base_total = old_total
    if draft.sort_order is not None:
        row.sort_order = draft.sort_order
    _apply_line(row, draft)
    audit.record(
        session,
        AuditAction.UPDATE,
        LINE_ENTITY,
        row.id,
        user_name=user_name,
        detail={"project_id": row.project_id, "line_code": row.line_code},
    )


def row_project_status(session: Session, project_id: int) -> vocab.ProjectStatus:
    return vocab.ProjectStatus(_project_row(session, project_id).status)


def delete_line(session: Session, line_id: int, *, user_name: str | None = None) -> None:
    """Delete a line that has no expenses."""
    row = _get(session, m.BudgetLine, line_id, "budget line")
    assert isinstance(row, m.BudgetLine)
    count = session.scalar(
        select(func.count(m.Expense.id)).where(m.Expense.budget_line_id == line_id)
    )
    if count:
        raise ValidationError(
            i18n.ngettext(
                "Line {code} has {count} expense booked on it. Book it on another line first.",
                "Line {code} has {count} expenses booked on it. Book them on another line first.",
                int(count),
            ).format(code=row.line_code, count=count)
        )
    detail = {"project_id": row.project_id, "line_code": row.line_code, "deleted": True}
    session.delete(row)
    audit.record(
        session, AuditAction.ERASE, LINE_ENTITY, line_id, user_name=user_name, detail=detail
    )


def get_line(session: Session, line_id: int) -> BudgetLineDetail:
    row = _get(session, m.BudgetLine, line_id, "budget line")
    assert isinstance(row, m.BudgetLine)
    currency = _project_row(session, row.project_id).currency
    count = session.scalar(
        select(func.count(m.Expense.id)).where(m.Expense.budget_line_id == line_id)
    )
    draft = BudgetLineDraft(
        project_id=row.project_id,
        heading=row.heading,
        line_code=row.line_code,
        description=row.description,
        unit=row.unit,
        quantity=row.quantity,
        unit_cost=row.unit_cost,
        heading_title=row.heading_title,
        base_total=row.base_total,
        sort_order=row.sort_order,
    )
    return BudgetLineDetail(
        id=row.id,
        draft=draft,
        total=report.line_total(row.quantity, row.unit_cost),
        currency=currency,
        expense_count=int(count or 0),
    )


def lines_of(session: Session, project_id: int) -> tuple[LineChoice, ...]:
    """The project's lines in budget order, to book expenses on."""
    rows = list(
        session.execute(
            select(
                m.BudgetLine.id,
                m.BudgetLine.heading,
                m.BudgetLine.line_code,
                m.BudgetLine.description,
                m.BudgetLine.quantity,
                m.BudgetLine.unit_cost,
                m.BudgetLine.sort_order,
            ).where(m.BudgetLine.project_id == project_id)
        )
    )
    rows.sort(
        key=lambda r: (report.natural_key(r.heading), r.sort_order, report.natural_key(r.line_code))
    )
    return tuple(
        LineChoice(
            r.id, r.heading, r.line_code, r.description, report.line_total(r.quantity, r.unit_cost)
        )
        for r in rows
    )


# --- exchange rates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RateDraft:
    """A monthly rate: 1 ``from_currency`` = ``rate`` ``to_currency`` in ``month``.

    Attributes:
        month: any day of the month (stored as its first day).
        source: where the rate comes from (InforEuro, CBAR…).
    """

    month: dt.date | None
    from_currency: str
    to_currency: str
    rate: Decimal | str
    source: str | None = None


@dataclass(frozen=True)
class RateRow:
    id: int
    month: dt.date
    from_currency: str
    to_currency: str
    rate: Decimal
    source: str | None


@dataclass(frozen=True)
class ProposedRate:
    """A rate proposed for an expense.

    Attributes:
        rate: 1 unit of the expense currency in the project currency (8 decimals).
        kind: how it was found.
        month: the month whose rates were used (``None`` for the same currency).
        source: the source(s) of the rates used, e.g. ``InforEuro`` or ``CBAR + InforEuro``.
    """

    rate: Decimal
    kind: RateKind
    month: dt.date | None
    source: str | None


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def validate_rate(session: Session, draft: RateDraft, *, own_id: int | None = None) -> RateDraft:
    problems = Problems()
    if draft.month is None:
        problems.add("month", _("Enter the month the rate is for."))
    from_code = problems.check(
        "from_currency", lambda: currency_code(draft.from_currency, field="from_currency")
    )
    to_code = problems.check(
        "to_currency", lambda: currency_code(draft.to_currency, field="to_currency")
    )
    if from_code and to_code and from_code == to_code:
        problems.add("to_currency", _("Choose two different currencies."))
    value = problems.check("rate", lambda: rate_value(draft.rate, field="rate"))
    source = problems.check(
        "source", lambda: validation.optional_text(draft.source, field="source", max_length=100)
    )
    problems.raise_if_any()
    assert draft.month is not None
    month = month_start(draft.month)
    clash = session.scalar(
        select(m.ExchangeRate.id).where(
            m.ExchangeRate.month == month,
            m.ExchangeRate.from_currency == from_code,
            m.ExchangeRate.to_currency == to_code,
            m.ExchangeRate.id != (own_id or -1),
        )
    )
    if clash:
        raise FormErrors(
            {
                "rate": _(
                    "A rate from {source} to {target} for {month} is already recorded; "
                    "change that one."
                ).format(
                    source=from_code, target=to_code, month=i18n.format_date(month, fmt="LLLL y")
                )
            }
        )
    return RateDraft(month, from_code or "", to_code or "", value or Decimal(0), source)


def create_rate(session: Session, draft: RateDraft, *, user_name: str | None = None) -> int:
    draft = validate_rate(session, draft)
    assert draft.month is not None
    row = m.ExchangeRate(
        month=draft.month,
        from_currency=draft.from_currency,
        to_currency=draft.to_currency,
        rate=Decimal(draft.rate),
        source=draft.source,
    )
    session.add(row)
    session.flush()
    audit.record(session, AuditAction.CREATE, RATE_ENTITY, row.id, user_name=user_name)
    return row.id


def update_rate(
    session: Session, rate_id: int, draft: RateDraft, *, user_name: str | None = None
) -> None:
    """Correct a rate. Expenses keep the rate they were saved with."""
    row = _get(session, m.ExchangeRate, rate_id, "exchange rate")
    assert isinstance(row, m.ExchangeRate)
    draft = validate_rate(session, draft, own_id=rate_id)
    assert draft.month is not None
    row.month = draft.month
    row.from_currency = draft.from_currency
    row.to_currency = draft.to_currency
    row.rate = Decimal(draft.rate)
    row.source = draft.source
    audit.record(session, AuditAction.UPDATE, RATE_ENTITY, row.id, user_name=user_name)


def delete_rate(session: Session, rate_id: int, *, user_name: str | None = None) -> None:
    row = _get(session, m.ExchangeRate, rate_id, "exchange rate")
    session.delete(row)
    audit.record(
        session,
        AuditAction.ERASE,
        RATE_ENTITY,
        rate_id,
        user_name=user_name,
        detail={"deleted": True},
    )


def list_rates(
    session: Session, *, month: dt.date | None = None, currency: str | None = None
) -> tuple[RateRow, ...]:
    """Rates, newest month first (of one month, or involving one currency, if given)."""
    stmt = select(m.ExchangeRate).order_by(
        m.ExchangeRate.month.desc(), m.ExchangeRate.from_currency, m.ExchangeRate.to_currency
    )
    if month is not None:
        stmt = stmt.where(m.ExchangeRate.month == month_start(month))
    if currency:
        stmt = stmt.where(
            (m.ExchangeRate.from_currency == currency) | (m.ExchangeRate.to_currency == currency)
        )
    return tuple(
        RateRow(r.id, r.month, r.from_currency, r.to_currency, r.rate, r.source)
        for r in session.scalars(stmt)
    )


def propose_rate(
    session: Session, currency: str, project_currency: str, on: dt.date
) -> ProposedRate | None:
    """The rate to propose for an expense in ``currency`` on a ``project_currency`` project,
    paid on ``on``: 1 for the same currency, else from the month's rates: the direct rate, its
    inverse, or a cross rate through the manat. ``None`` when the month has no usable rate.
    """
    found = rates.find_rate(session, currency, project_currency, on)
    if found is None:
        return None
    return ProposedRate(_rounded_rate(found.rate), found.kind, found.month, found.source)


def _rounded_rate(value: Decimal) -> Decimal:
    return value.quantize(RATE_QUANTUM, rounding=ROUND_HALF_UP)


# --- expenses ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpenseDraft:
    """An expense as typed.

    Attributes:
        budget_line_id: the line it is booked on (``None``: not yet booked on a line).
        amount, currency: what was paid, in the currency paid.
        rate_to_project: 1 unit of ``currency`` in the project currency.
        over_budget_reason: why it may take its line over budget (required then).
    """

    project_id: int | None
    budget_line_id: int | None
    spent_on: dt.date | None
    payee: str
    description: str
    amount: Decimal | str
    currency: str
    rate_to_project: Decimal | str | None
    receipt_no: str | None = None
    over_budget_reason: str | None = None


@dataclass(frozen=True)
class OverBudget:
    """An expense would take its line over budget (amounts in the project currency).

    Attributes:
        line_code: the line.
        currency: the project currency.
        budget: the line's budget.
        spent_before: booked on the line without this expense.
        converted: this expense in the project currency.
        spent_after: ``spent_before + converted``.
        over_by: how far over budget the line would be.
    """

    line_id: int
    line_code: str
    currency: str
    budget: Decimal
    spent_before: Decimal
    converted: Decimal
    spent_after: Decimal
    over_by: Decimal


@dataclass(frozen=True)
class ExpenseDetail:
    id: int
    draft: ExpenseDraft
    project_currency: str
    converted: Decimal


def validate_expense(session: Session, draft: ExpenseDraft, *, today: dt.date) -> ExpenseDraft:
    """The draft cleaned (currency upper-cased, rate to 8 decimals), or ``FormErrors``."""
    problems = Problems()
    project_row = None
    if draft.project_id is None:
        problems.add("project_id", _("Choose the project this expense is paid from."))
    else:
        project_row = session.get(m.Project, draft.project_id)
        if project_row is None:
            problems.add("project_id", _("Choose the project this expense is paid from."))
    if draft.budget_line_id is not None and project_row is not None:
        line_project = session.scalar(
            select(m.BudgetLine.project_id).where(m.BudgetLine.id == draft.budget_line_id)
        )
        if line_project != project_row.id:
            problems.add("budget_line_id", _("Choose a line of this project's budget."))
    problems.check(
        "spent_on",
        lambda: validation.past_date(draft.spent_on, field="spent_on", today=today, required=True),
    )
    payee = problems.check(
        "payee", lambda: validation.required_text(draft.payee, field="payee", max_length=200)
    )
    receipt = problems.check(
        "receipt_no",
        lambda: validation.optional_text(draft.receipt_no, field="receipt_no", max_length=50),
    )
    description = problems.check(
        "description",
        lambda: validation.required_text(draft.description, field="description", max_length=500),
    )
    amount = problems.check(
        "amount", lambda: _money(draft.amount, field="amount", allow_zero=False)
    )
    currency = problems.check("currency", lambda: currency_code(draft.currency, field="currency"))
    rate = problems.check(
        "rate_to_project", lambda: rate_value(draft.rate_to_project, field="rate_to_project")
    )
    same_currency = project_row is not None and currency == project_row.currency
    if same_currency and rate is not None and rate != 1:
        problems.add("rate_to_project", _("The expense is in the project currency: the rate is 1."))
    reason = problems.check(
        "over_budget_reason",
        lambda: validation.optional_text(
            draft.over_budget_reason, field="over_budget_reason", max_length=500
        ),
    )
    problems.raise_if_any()
    values: dict[str, object] = {
        "payee": payee,
        "receipt_no": receipt,
        "description": description,
        "amount": amount,
        "currency": currency,
        "rate_to_project": rate,
        "over_budget_reason": reason,
    }
    return replace(draft, **values)  # type: ignore[arg-type]


def over_budget_for(
    session: Session, line_id: int, converted: Decimal, *, expense_id: int | None = None
) -> OverBudget | None:
    """Would ``converted`` more (in the project currency) take the line over its budget?
    ``expense_id`` is an expense being edited: its saved amount is not counted twice."""
    line = session.get(m.BudgetLine, line_id)
    if line is None:
        raise NotFoundError(f"budget line {line_id}")
    budget = report.line_total(line.quantity, line.unit_cost)
    before = report.line_spent(session, line.id, excluding_expense=expense_id)
    after = before + converted
    if after <= budget:
        return None
    return OverBudget(
        line_id=line.id,
        line_code=line.line_code,
        currency=_project_row(session, line.project_id).currency,
        budget=budget,
        spent_before=before,
        converted=converted,
        spent_after=after,
        over_by=after - budget,
    )


def _over_budget(
    session: Session, draft: ExpenseDraft, *, expense_id: int | None
) -> OverBudget | None:
    if draft.budget_line_id is None:
        return None
    converted = report.convert(Decimal(draft.amount), Decimal(str(draft.rate_to_project)))
    return over_budget_for(session, draft.budget_line_id, converted, expense_id=expense_id)


def check_expense(
    session: Session,
    draft: ExpenseDraft,
    *,
    expense_id: int | None = None,
    today: dt.date | None = None,
) -> OverBudget | None:
    """Before saving: would this expense take its line over budget? ``expense_id`` is the
    expense being edited (its saved amount is left out of what the line has spent).

    Raises:
        FormErrors: the draft cannot be saved as it is.
    """
    clean_draft = validate_expense(session, draft, today=today or dt.date.today())
    return _over_budget(session, clean_draft, expense_id=expense_id)


def over_budget_message(over: OverBudget) -> str:
    """What the user is told before the expense is saved."""
    return _(
        "This expense takes line {line} over its budget: {spent} spent of {budget}, {over} over."
    ).format(
        line=over.line_code,
        spent=i18n.format_money(over.spent_after, over.currency),
        budget=i18n.format_money(over.budget, over.currency),
        over=i18n.format_money(over.over_by, over.currency),
    )


def _save_expense(
    session: Session,
    row: m.Expense,
    draft: ExpenseDraft,
    *,
    expense_id: int | None,
    today: dt.date,
) -> OverBudget | None:
    draft = validate_expense(session, draft, today=today)
    over = _over_budget(session, draft, expense_id=expense_id)
    if over is not None and not draft.over_budget_reason:
        raise FormErrors(
            {
                "over_budget_reason": over_budget_message(over)
                + " "
                + _("Give the reason to save it anyway.")
            }
        )
    assert draft.spent_on is not None and draft.rate_to_project is not None
    row.project_id = draft.project_id
    row.budget_line_id = draft.budget_line_id
    row.spent_on = draft.spent_on
    row.payee = draft.payee
    row.receipt_no = draft.receipt_no
    row.description = draft.description
    row.amount = Decimal(draft.amount)
    row.currency = draft.currency
    row.rate_to_project = Decimal(str(draft.rate_to_project))
    row.over_budget_reason = draft.over_budget_reason if over is not None else None
    return over


def create_expense(
    session: Session,
    draft: ExpenseDraft,
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> int:
    """Record an expense. One that takes its line over budget needs ``over_budget_reason``.

    Raises:
        FormErrors: a field is wrong, or the reason is missing (field ``over_budget_reason``).
    """
    row = m.Expense()
    over = _save_expense(session, row, draft, expense_id=None, today=today or dt.date.today())
    session.add(row)
    session.flush()
    audit.record(
        session,
        AuditAction.CREATE,
        EXPENSE_ENTITY,
        row.id,
        user_name=user_name,
        detail={"project_id": row.project_id, "over_budget": over is not None},
    )
    return row.id


def update_expense(
    session: Session,
    expense_id: int,
    draft: ExpenseDraft,
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> None:
    row = _get(session, m.Expense, expense_id, "expense")
    assert isinstance(row, m.Expense)
    over = _save_expense(session, row, draft, expense_id=expense_id, today=today or dt.date.today())
    audit.record(
        session,
        AuditAction.UPDATE,
        EXPENSE_ENTITY,
        row.id,
        user_name=user_name,
        detail={"project_id": row.project_id, "over_budget": over is not None},
    )


def delete_expense(session: Session, expense_id: int, *, user_name: str | None = None) -> None:
    row = _get(session, m.Expense, expense_id, "expense")
    assert isinstance(row, m.Expense)
    detail = {"project_id": row.project_id, "deleted": True}
    session.delete(row)
    audit.record(
        session, AuditAction.ERASE, EXPENSE_ENTITY, expense_id, user_name=user_name, detail=detail
    )


def get_expense(session: Session, expense_id: int) -> ExpenseDetail:
    row = _get(session, m.Expense, expense_id, "expense")
    assert isinstance(row, m.Expense)
    currency = _project_row(session, row.project_id).currency if row.project_id else row.currency
    draft = ExpenseDraft(
        project_id=row.project_id,
        budget_line_id=row.budget_line_id,
        spent_on=row.spent_on,
        payee=row.payee,
        description=row.description,
        amount=row.amount,
        currency=row.currency,
        rate_to_project=row.rate_to_project,
        receipt_no=row.receipt_no,
        over_budget_reason=row.over_budget_reason,
    )
    return ExpenseDetail(
        id=row.id,
        draft=draft,
        project_currency=currency,
        converted=report.convert(row.amount, row.rate_to_project),
    )


# --- income -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IncomeDraft:
    """Money received: a membership fee, a donation, a grant tranche…"""

    kind: vocab.IncomeKind | None
    received_on: dt.date | None
    amount: Decimal | str
    currency: str
    payer: str
    reference: str | None = None
    project_id: int | None = None
    notes: str | None = None


@dataclass(frozen=True)
class IncomeDetail:
    id: int
    draft: IncomeDraft
    member_id: int | None

    @property
    def from_fee_payment(self) -> bool:
        """Booked by a member's fee payment: changed on the member's page only."""
        return self.member_id is not None and self.draft.kind == vocab.IncomeKind.MEMBERSHIP_FEE


def validate_income(session: Session, draft: IncomeDraft, *, today: dt.date) -> IncomeDraft:
    problems = Problems()
    if draft.kind is None:
        problems.add("kind", _("Choose the kind of income."))
    problems.check(
        "received_on",
        lambda: validation.past_date(
            draft.received_on, field="received_on", today=today, required=True
        ),
    )
    amount = problems.check(
        "amount", lambda: _money(draft.amount, field="amount", allow_zero=False)
    )
    currency = problems.check("currency", lambda: currency_code(draft.currency, field="currency"))
    payer = problems.check(
        "payer", lambda: validation.required_text(draft.payer, field="payer", max_length=200)
    )
    reference = problems.check(
        "reference",
        lambda: validation.optional_text(draft.reference, field="reference", max_length=100),
    )
    notes = problems.check(
        "notes", lambda: validation.optional_text(draft.notes, field="notes", max_length=500)
    )
    if draft.project_id is not None and session.get(m.Project, draft.project_id) is None:
        problems.add("project_id", _("Choose a project from the list."))
    problems.raise_if_any()
    values: dict[str, object] = {
        "kind": vocab.IncomeKind(str(draft.kind)),
        "amount": amount,
        "currency": currency,
        "payer": payer,
        "reference": reference,
        "notes": notes,
    }
    return replace(draft, **values)  # type: ignore[arg-type]


def _apply_income(row: m.Income, draft: IncomeDraft) -> None:
    assert draft.kind is not None and draft.received_on is not None
    row.kind = draft.kind
    row.received_on = draft.received_on
    row.amount = Decimal(draft.amount)
    row.currency = draft.currency
    row.payer = draft.payer
    row.reference = draft.reference
    row.project_id = draft.project_id
    row.notes = draft.notes


def create_income(
    session: Session,
    draft: IncomeDraft,
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> int:
    draft = validate_income(session, draft, today=today or dt.date.today())
    row = m.Income()
    _apply_income(row, draft)
    session.add(row)
    session.flush()
    audit.record(
        session,
        AuditAction.CREATE,
        INCOME_ENTITY,
        row.id,
        user_name=user_name,
        detail={"kind": str(row.kind), "project_id": row.project_id},
    )
    return row.id


def _editable_income(session: Session, income_id: int) -> m.Income:
    row = _get(session, m.Income, income_id, "income")
    assert isinstance(row, m.Income)
    if row.member_id is not None and row.kind == vocab.IncomeKind.MEMBERSHIP_FEE:
        raise ValidationError(
            _(
                "This membership fee was recorded with the member's fee payments. Change or "
                "delete it on the member's page, so their fees owed stay right."
            )
        )
    return row


def update_income(
    session: Session,
    income_id: int,
    draft: IncomeDraft,
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> None:
    row = _editable_income(session, income_id)
    draft = validate_income(session, draft, today=today or dt.date.today())
    _apply_income(row, draft)
    audit.record(session, AuditAction.UPDATE, INCOME_ENTITY, row.id, user_name=user_name)


def delete_income(session: Session, income_id: int, *, user_name: str | None = None) -> None:
    row = _editable_income(session, income_id)
    session.delete(row)
    audit.record(
        session,
        AuditAction.ERASE,
        INCOME_ENTITY,
        income_id,
        user_name=user_name,
        detail={"deleted": True},
    )


def get_income(session: Session, income_id: int) -> IncomeDetail:
    row = _get(session, m.Income, income_id, "income")
    assert isinstance(row, m.Income)
    draft = IncomeDraft(
        kind=vocab.IncomeKind(row.kind),
        received_on=row.received_on,
        amount=row.amount,
        currency=row.currency,
        payer=row.payer,
        reference=row.reference,
        project_id=row.project_id,
        notes=row.notes,
    )
    return IncomeDetail(id=row.id, draft=draft, member_id=row.member_id)
