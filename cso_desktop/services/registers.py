"""Paged, sorted, searchable lists of each register, for big tables.

A :class:`Register` describes its columns once (title, kind, how to sort) and answers two
questions in SQL: how many rows match a search, and which rows lie in a window of the sorted
result. The Qt model asks for windows as the user scrolls; nothing loads whole tables.
Values are raw (``Decimal``, ``date``, codes); the UI formats them for the current language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select, type_coerce
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.db import search as db_search
from cso_desktop.db.base import Money
from cso_desktop.domain import people, vocab
from cso_desktop.i18n import N_
from cso_desktop.reports import budget as budget_report
from cso_desktop.reports import volunteering


class ColumnKind(StrEnum):
    TEXT = "text"
    CODE = "code"  # a vocabulary code, shown by its translated label
    PLACE = "place"  # a rayon code, shown by its name
    DATE = "date"
    INTEGER = "integer"
    DECIMAL = "decimal"
    MONEY = "money"
    BOOL = "bool"


@dataclass(frozen=True)
class QueryContext:
    """What a column or filter may depend on at query time (e.g. "today" for arrears).

    ``memo`` keeps values several columns of one query need (e.g. the active-volunteer rule).
    """

    session: Session
    as_of: dt.date
    memo: dict[str, Any] = field(default_factory=dict)

    def remember(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


@dataclass(frozen=True)
class Column:
    """One column of a register.

    Attributes:
        key: stable identifier (export header, settings).
        title: untranslated title (``N_``); translate where shown.
        kind: how the UI shows the value.
        expr: the SQL expression; ``None`` for values derived in Python after the fetch.
        expr_at: builds the SQL expression at query time (columns that depend on the day).
        sort_expr: what ``ORDER BY`` uses instead of ``expr`` (e.g. the Azerbaijani sort key).
        vocabulary: for ``CODE`` columns.
        currency_key: for ``MONEY`` columns, the key of the column with the currency code.
        personal: personal data (names, phones, IDs): exports ask before it leaves.
    """

    key: str
    title: str
    kind: ColumnKind
    expr: Any = None
    vocabulary: type[StrEnum] | None = None
    currency_key: str | None = None
    personal: bool = False
    sort_expr: Any = None
    expr_at: Callable[[QueryContext], Any] | None = None

    @property
    def sortable(self) -> bool:
        return self.expr is not None or self.expr_at is not None

    def sql(self, context: QueryContext) -> Any:
        return self.expr_at(context) if self.expr_at is not None else self.expr


#: The filter key that shows archived rows instead of current ones.
ARCHIVED = "archived"


@dataclass(frozen=True)
class Filter:
    """A named subset of a register, offered as a toggle ("owes fees", "active only")."""

    key: str
    title: str
    condition: Callable[[QueryContext], ColumnElement[bool]]


@dataclass(frozen=True)
class Register:
    """A list view over one table.

    Attributes:
        key: stable identifier.
        title: untranslated title.
        columns: shown in this order; values of a row come in the same order.
        id_expr: the primary key, returned first in every row and used as the tiebreaker.
        from_: builds the ``FROM`` part (joins) given a ``select`` of the column expressions.
        search_expr: the folded search column, or ``None`` when the register has no search.
        search_index: the full-text index over ``search_expr`` (SQLite), if there is one.
        where: filters that always apply (e.g. not archived).
        default_sort: column key.
        derive: computes Python-side columns from a fetched row (a dict by key).
        filters: optional subsets the user can switch on.
        count_from: the ``FROM`` part for counting, when the joins of ``from_`` only add
            columns (they would make SQLite visit every joined row just to count).
        archived_expr: the "archived" flag; archived rows are hidden unless the
            :data:`ARCHIVED` filter asks for them (and then only they are shown).
    """

    key: str
    title: str
    columns: tuple[Column, ...]
    id_expr: Any
    from_: Callable[[Select[Any]], Select[Any]]
    search_expr: Any = None
    search_index: str | None = None
    where: tuple[ColumnElement[bool], ...] = ()
    default_sort: str | None = None
    derive: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    hidden: tuple[Column, ...] = field(default=())
    filters: tuple[Filter, ...] = field(default=())
    count_from: Callable[[Select[Any]], Select[Any]] | None = None
    archived_expr: Any = None

    @property
    def all_filters(self) -> tuple[Filter, ...]:
        """The register's filters, plus "Archived" where rows can be archived."""
        if self.archived_expr is None:
            return self.filters
        flag = self.archived_expr
        return (*self.filters, Filter(ARCHIVED, N_("Archived"), lambda _context: flag.is_(True)))

    def column(self, key: str) -> Column:
        for column in (*self.columns, *self.hidden):
            if column.key == key:
                return column
        raise KeyError(key)

    def filter(self, key: str) -> Filter:
        for candidate in self.all_filters:
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    def _filtered(
        self,
        stmt: Select[Any],
        context: QueryContext,
        search: str,
        filters: Sequence[str],
        *,
        counting: bool = False,
    ) -> Select[Any]:
        stmt = (self.count_from if counting and self.count_from else self.from_)(stmt)
        conditions: list[ColumnElement[bool]] = list(self.where)
        if self.archived_expr is not None and ARCHIVED not in filters:
            conditions.append(self.archived_expr.is_(False))
        conditions.extend(self.filter(key).condition(context) for key in filters)
        if self.search_expr is not None and search:
            conditions.extend(
                db_search.conditions(
                    context.session,
                    id_column=self.id_expr,
                    text_column=self.search_expr,
                    index=self.search_index,
                    words=people.fold(search).split(),
                )
            )
        return stmt.where(and_(*conditions)) if conditions else stmt

    def count(
        self,
        session: Session,
        *,
        search: str = "",
        filters: Sequence[str] = (),
        as_of: dt.date | None = None,
    ) -> int:
        context = QueryContext(session, as_of or _today())
        stmt = self._filtered(select(func.count()), context, search, filters, counting=True)
        return int(session.scalar(stmt) or 0)

    def fetch(
        self,
        session: Session,
        *,
        search: str = "",
        sort: str | None = None,
        descending: bool = False,
        offset: int = 0,
        limit: int = 100,
        filters: Sequence[str] = (),
        as_of: dt.date | None = None,
    ) -> list[tuple[Any, ...]]:
        """Rows of the window ``[offset, offset + limit)``: the id, then one value per column in
        ``columns`` order, then the ``hidden`` values (e.g. the currency of a money column)."""
        context = QueryContext(session, as_of or _today())
        sql_columns = [c for c in (*self.columns, *self.hidden) if c.sortable]
        expressions = {c.key: c.sql(context) for c in sql_columns}
        stmt = self._filtered(
            select(self.id_expr, *(expressions[c.key].label(c.key) for c in sql_columns)),
            context,
            search,
            filters,
        )
        sort_key = sort or self.default_sort
        order: list[Any] = []
        if sort_key:
            column = self.column(sort_key)
            if column.sortable:
                expr = column.sort_expr if column.sort_expr is not None else expressions[column.key]
                order.append(expr.desc() if descending else expr.asc())
        order.append(self.id_expr.desc() if descending else self.id_expr.asc())
        stmt = stmt.order_by(*order).offset(offset).limit(limit)
        rows: list[tuple[Any, ...]] = []
        for raw in session.execute(stmt):
            values = dict(zip((c.key for c in sql_columns), raw[1:], strict=True))
            if self.derive is not None:
                values.update(self.derive(values))
            rows.append((raw[0], *(values.get(c.key) for c in (*self.columns, *self.hidden))))
        return rows


def _today() -> dt.date:
    return dt.date.today()


# --- the registers --------------------------------------------------------------------------


def _member_from(stmt: Select[Any]) -> Select[Any]:
    return stmt.select_from(m.Member).outerjoin(
        m.MemberCategory, m.Member.category_id == m.MemberCategory.id
    )


def _arrears(context: QueryContext) -> Any:
    from cso_desktop.services import members

    return members.arrears_expr(context.as_of)


MEMBERS = Register(
    key="members",
    title=N_("Members"),
    id_expr=m.Member.id,
    from_=_member_from,
    search_expr=m.Member.search_text,
    search_index="member_search",
    archived_expr=m.Member.archived,
    default_sort="last_name",
    columns=(
        Column("membership_no", N_("Membership no."), ColumnKind.TEXT, m.Member.membership_no),
        Column(
            "last_name",
            N_("Last name"),
            ColumnKind.TEXT,
            m.Member.last_name,
            personal=True,
            sort_expr=m.Member.sort_key,
        ),
        Column("first_name", N_("First name"), ColumnKind.TEXT, m.Member.first_name, personal=True),
        Column("sex", N_("Sex"), ColumnKind.CODE, m.Member.sex, vocabulary=vocab.Sex),
        Column("category", N_("Category"), ColumnKind.TEXT, m.MemberCategory.name),
        Column(
            "status", N_("Status"), ColumnKind.CODE, m.Member.status, vocabulary=vocab.MemberStatus
        ),
        Column("joined_on", N_("Joined"), ColumnKind.DATE, m.Member.joined_on),
        Column(
            "arrears",
            N_("Fees owed"),
            ColumnKind.MONEY,
            expr_at=_arrears,
            currency_key="fee_currency",
        ),
        Column("phone", N_("Phone"), ColumnKind.TEXT, m.Member.phone, personal=True),
    ),
    hidden=(
        Column(
            "fee_currency",
            N_("Currency"),
            ColumnKind.TEXT,
            func.coalesce(m.MemberCategory.currency, "AZN"),
        ),
    ),
    filters=(
        Filter("owes_fees", N_("Owes fees"), lambda context: _arrears(context) > 0),
        Filter("board", N_("Board members"), lambda _context: m.Member.is_board_member.is_(True)),
    ),
)


def _hours_in_window(context: QueryContext) -> Any:
    from cso_desktop.services import volunteers

    rule = context.remember("active_rule", lambda: volunteers.active_rule(context.session))
    return volunteers.hours_in_window_expr(context.as_of, rule)


def _is_active(context: QueryContext) -> Any:
    from cso_desktop.services import volunteers

    rule = context.remember("active_rule", lambda: volunteers.active_rule(context.session))
    return volunteers.is_active_expr(context.as_of, rule)


def _insured_until(context: QueryContext) -> Any:
    # The rule of the FDRS volunteers report: one definition of "insured".
    return volunteering.insured_until_expr(context.as_of)


def _has_alert(context: QueryContext) -> ColumnElement[bool]:
    """A policy or certificate that expires within 30 days or expired in the last 90 and was not
    renewed (the same rule as :func:`volunteers.alerts`)."""
    from cso_desktop.services import volunteers

    alerting = {a.volunteer_id for a in volunteers.alerts(context.session, as_of=context.as_of)}
    return m.Volunteer.id.in_(sorted(alerting))


VOLUNTEERS = Register(
    key="volunteers",
    title=N_("Volunteers"),
    id_expr=m.Volunteer.id,
    from_=lambda stmt: stmt.select_from(m.Volunteer),
    search_expr=m.Volunteer.search_text,
    search_index="volunteer_search",
    archived_expr=m.Volunteer.archived,
    default_sort="last_name",
    columns=(
        Column("volunteer_no", N_("Volunteer no."), ColumnKind.TEXT, m.Volunteer.volunteer_no),
        Column(
            "last_name",
            N_("Last name"),
            ColumnKind.TEXT,
            m.Volunteer.last_name,
            personal=True,
            sort_expr=m.Volunteer.sort_key,
        ),
        Column(
            "first_name", N_("First name"), ColumnKind.TEXT, m.Volunteer.first_name, personal=True
        ),
        Column("sex", N_("Sex"), ColumnKind.CODE, m.Volunteer.sex, vocabulary=vocab.Sex),
        Column("rayon", N_("Rayon"), ColumnKind.PLACE, m.Volunteer.rayon_code),
        Column(
            "status",
            N_("Status"),
            ColumnKind.CODE,
            m.Volunteer.status,
            vocabulary=vocab.VolunteerStatus,
        ),
        Column("hours", N_("Recent hours"), ColumnKind.DECIMAL, expr_at=_hours_in_window),
        Column("active", N_("Active"), ColumnKind.BOOL, expr_at=_is_active),
        Column("insured_until", N_("Insured until"), ColumnKind.DATE, expr_at=_insured_until),
        Column("phone", N_("Phone"), ColumnKind.TEXT, m.Volunteer.phone, personal=True),
    ),
    filters=(
        Filter("active", N_("Active volunteers"), _is_active),
        Filter("alerts", N_("Documents expiring"), _has_alert),
    ),
)


def _beneficiary_derive(values: dict[str, Any]) -> dict[str, Any]:
    age = people.age_on(
        _today(),
        date_of_birth=values["date_of_birth"],
        estimated_age=values["estimated_age"],
        estimated_on=values["age_estimated_on"],
    )
    return {"age": age}


BENEFICIARIES = Register(
    key="beneficiaries",
    title=N_("Beneficiaries"),
    id_expr=m.Beneficiary.id,
    from_=lambda stmt: stmt.select_from(m.Beneficiary).outerjoin(
        m.Household, m.Beneficiary.household_id == m.Household.id
    ),
    search_expr=m.Beneficiary.search_text,
    search_index="beneficiary_search",
    count_from=lambda stmt: stmt.select_from(m.Beneficiary),
    archived_expr=m.Beneficiary.archived,
    default_sort="registration_no",
    derive=_beneficiary_derive,
    columns=(
        Column("registration_no", N_("Reg. no."), ColumnKind.TEXT, m.Beneficiary.registration_no),
        Column(
            "last_name",
            N_("Last name"),
            ColumnKind.TEXT,
            m.Beneficiary.last_name,
            personal=True,
            sort_expr=m.Beneficiary.sort_key,
        ),
        Column(
            "first_name", N_("First name"), ColumnKind.TEXT, m.Beneficiary.first_name, personal=True
        ),
        Column("sex", N_("Sex"), ColumnKind.CODE, m.Beneficiary.sex, vocabulary=vocab.Sex),
        Column("age", N_("Age"), ColumnKind.INTEGER),
        Column(
            "displacement_status",
            N_("Displacement"),
            ColumnKind.CODE,
            m.Beneficiary.displacement_status,
            vocabulary=vocab.DisplacementStatus,
        ),
        Column("has_disability", N_("Disability"), ColumnKind.BOOL, m.Beneficiary.has_disability),
        Column("household", N_("Household"), ColumnKind.TEXT, m.Household.code),
        Column("rayon", N_("Rayon"), ColumnKind.PLACE, m.Beneficiary.rayon_code),
        Column("phone", N_("Phone"), ColumnKind.TEXT, m.Beneficiary.phone, personal=True),
        Column("registered_on", N_("Registered"), ColumnKind.DATE, m.Beneficiary.registered_on),
    ),
    hidden=(
        Column("date_of_birth", N_("Date of birth"), ColumnKind.DATE, m.Beneficiary.date_of_birth),
        Column(
            "estimated_age", N_("Estimated age"), ColumnKind.INTEGER, m.Beneficiary.estimated_age
        ),
        Column(
            "age_estimated_on",
            N_("Age estimated on"),
            ColumnKind.DATE,
            m.Beneficiary.age_estimated_on,
        ),
    ),
    filters=(
        Filter(
            "disability",
            N_("With a disability"),
            lambda _context: m.Beneficiary.has_disability.is_(True),
        ),
        Filter(
            "idp",
            N_("Internally displaced"),
            lambda _context: m.Beneficiary.displacement_status == vocab.DisplacementStatus.IDP,
        ),
        Filter(
            "heads",
            N_("Heads of household"),
            lambda _context: m.Beneficiary.relation_to_head == vocab.HouseholdRelation.HEAD,
        ),
    ),
)


PROJECTS = Register(
    key="projects",
    title=N_("Projects"),
    id_expr=m.Project.id,
    from_=lambda stmt: stmt.select_from(m.Project),
    archived_expr=m.Project.archived,
    default_sort="start_date",
    columns=(
        Column("code", N_("Code"), ColumnKind.TEXT, m.Project.code),
        Column("title", N_("Title"), ColumnKind.TEXT, m.Project.title),
        Column("donor", N_("Donor"), ColumnKind.TEXT, m.Project.donor_name),
        Column("currency", N_("Currency"), ColumnKind.TEXT, m.Project.currency),
        Column("start_date", N_("Start"), ColumnKind.DATE, m.Project.start_date),
        Column("end_date", N_("End"), ColumnKind.DATE, m.Project.end_date),
        Column(
            "status",
            N_("Status"),
            ColumnKind.CODE,
            m.Project.status,
            vocabulary=vocab.ProjectStatus,
        ),
    ),
)


ACTIVITIES = Register(
    key="activities",
    title=N_("Activities"),
    id_expr=m.Activity.id,
    from_=lambda stmt: stmt.select_from(m.Activity).join(
        m.Project, m.Activity.project_id == m.Project.id
    ),
    default_sort="planned_start",
    columns=(
        Column("project", N_("Project"), ColumnKind.TEXT, m.Project.code),
        Column("code", N_("Code"), ColumnKind.TEXT, m.Activity.code),
        Column("title", N_("Title"), ColumnKind.TEXT, m.Activity.title),
        Column(
            "type",
            N_("Type"),
            ColumnKind.CODE,
            m.Activity.activity_type,
            vocabulary=vocab.ActivityType,
        ),
        Column("rayon", N_("Rayon"), ColumnKind.PLACE, m.Activity.rayon_code),
        Column("planned_start", N_("Planned start"), ColumnKind.DATE, m.Activity.planned_start),
        Column("actual_start", N_("Actual start"), ColumnKind.DATE, m.Activity.actual_start),
        Column(
            "status",
            N_("Status"),
            ColumnKind.CODE,
            m.Activity.status,
            vocabulary=vocab.ActivityStatus,
        ),
    ),
)


def _money_sql(cents: Any) -> Any:
    """A whole number of cents computed in SQL, read back as a ``Decimal`` amount."""
    return type_coerce(cents, Money)


BUDGET_LINES = Register(
    key="budget_lines",
    title=N_("Budget lines"),
    id_expr=m.BudgetLine.id,
    from_=lambda stmt: stmt.select_from(m.BudgetLine).join(
        m.Project, m.BudgetLine.project_id == m.Project.id
    ),
    default_sort="line",
    columns=(
        Column("project", N_("Project"), ColumnKind.TEXT, m.Project.code),
        Column("line", N_("Line"), ColumnKind.TEXT, m.BudgetLine.line_code),
        Column("description", N_("Description"), ColumnKind.TEXT, m.BudgetLine.description),
        Column("unit", N_("Unit"), ColumnKind.TEXT, m.BudgetLine.unit),
        Column("quantity", N_("Quantity"), ColumnKind.DECIMAL, m.BudgetLine.quantity),
        Column(
            "unit_cost",
            N_("Unit cost"),
            ColumnKind.MONEY,
            m.BudgetLine.unit_cost,
            currency_key="currency",
        ),
        # quantity × unit cost to the cent, by the rule of reports.budget (sortable in SQL).
        Column(
            "total",
            N_("Total"),
            ColumnKind.MONEY,
            _money_sql(budget_report.LINE_BUDGET_CENTS),
            currency_key="currency",
        ),
        Column("currency", N_("Currency"), ColumnKind.TEXT, m.Project.currency),
    ),
)


EXPENSES = Register(
    key="expenses",
    title=N_("Expenses"),
    id_expr=m.Expense.id,
    from_=lambda stmt: (
        stmt.select_from(m.Expense)
        .outerjoin(m.Project, m.Expense.project_id == m.Project.id)
        .outerjoin(m.BudgetLine, m.Expense.budget_line_id == m.BudgetLine.id)
    ),
    count_from=lambda stmt: stmt.select_from(m.Expense),
    default_sort="spent_on",
    columns=(
        Column("spent_on", N_("Date"), ColumnKind.DATE, m.Expense.spent_on),
        Column("project", N_("Project"), ColumnKind.TEXT, m.Project.code),
        Column("line", N_("Line"), ColumnKind.TEXT, m.BudgetLine.line_code),
        Column("payee", N_("Payee"), ColumnKind.TEXT, m.Expense.payee),
        Column("description", N_("Description"), ColumnKind.TEXT, m.Expense.description),
        Column("receipt_no", N_("Receipt no."), ColumnKind.TEXT, m.Expense.receipt_no),
        Column("amount", N_("Amount"), ColumnKind.MONEY, m.Expense.amount, currency_key="currency"),
        Column("currency", N_("Currency"), ColumnKind.TEXT, m.Expense.currency),
        # amount × rate to the cent, by the rule of reports.budget (sortable in SQL).
        Column(
            "converted",
            N_("In project currency"),
            ColumnKind.MONEY,
            _money_sql(budget_report.EXPENSE_CENTS),
            currency_key="project_currency",
        ),
        Column("project_currency", N_("Project currency"), ColumnKind.TEXT, m.Project.currency),
    ),
    filters=(
        Filter(
            "over_budget",
            N_("Over budget"),
            lambda _context: m.Expense.over_budget_reason.is_not(None),
        ),
        Filter(
            "unallocated",
            N_("Not on a budget line"),
            lambda _context: m.Expense.budget_line_id.is_(None),
        ),
    ),
)


def expenses_of_project(project_id: int) -> Register:
    """The expenses register showing one project's expenses only (same key and columns)."""
    return replace(EXPENSES, where=(m.Expense.project_id == project_id,))


INCOME = Register(
    key="income",
    title=N_("Income"),
    id_expr=m.Income.id,
    from_=lambda stmt: stmt.select_from(m.Income).outerjoin(
        m.Project, m.Income.project_id == m.Project.id
    ),
    count_from=lambda stmt: stmt.select_from(m.Income),
    default_sort="received_on",
    columns=(
        Column("received_on", N_("Date"), ColumnKind.DATE, m.Income.received_on),
        Column("kind", N_("Kind"), ColumnKind.CODE, m.Income.kind, vocabulary=vocab.IncomeKind),
        Column("payer", N_("Payer"), ColumnKind.TEXT, m.Income.payer, personal=True),
        Column("project", N_("Project"), ColumnKind.TEXT, m.Project.code),
        Column("reference", N_("Reference"), ColumnKind.TEXT, m.Income.reference),
        Column("amount", N_("Amount"), ColumnKind.MONEY, m.Income.amount, currency_key="currency"),
        Column("currency", N_("Currency"), ColumnKind.TEXT, m.Income.currency),
    ),
    filters=(
        Filter(
            "grants",
            N_("Grant tranches"),
            lambda _context: m.Income.kind == vocab.IncomeKind.GRANT_TRANCHE,
        ),
        Filter(
            "fees",
            N_("Membership fees"),
            lambda _context: m.Income.kind == vocab.IncomeKind.MEMBERSHIP_FEE,
        ),
        Filter(
            "donations",
            N_("Donations"),
            lambda _context: m.Income.kind == vocab.IncomeKind.DONATION,
        ),
    ),
)


ALL: tuple[Register, ...] = (
    MEMBERS,
    VOLUNTEERS,
    BENEFICIARIES,
    PROJECTS,
    ACTIVITIES,
    BUDGET_LINES,
    EXPENSES,
    INCOME,
)


def by_key(key: str) -> Register:
    for register in ALL:
        if register.key == key:
            return register
    raise KeyError(key)


def all_titles() -> Sequence[str]:
    """Every register, column and filter title (untranslated), for the catalog test."""
    return [
        t
        for r in ALL
        for t in (
            r.title,
            *(c.title for c in (*r.columns, *r.hidden)),
            *(f.title for f in r.filters),
        )
    ]
