"""Data exports with fixed, documented columns: ``cso-desktop export KIND``.

Unlike a register view (:mod:`cso_desktop.services.export`), which writes what the user sees in
their language, a data export has the same columns in every language: machine names in the
header row (``activity_code``, ``date`` …), vocabulary codes (``training``, ``completed``),
ISO rayon codes, ISO dates and exact decimals. That is what another program, a spreadsheet
formula or a later import expects. The columns are listed in the README (section "Data
exports"), generated from :data:`DATASETS`, and a test keeps the two in step.

In the activity, attendance, expense and budget exports people appear by their registration
number only. The ``members``, ``volunteers`` and ``beneficiaries`` exports are different: their
purpose is to move the organisation's own registers (to another organisation file, or out of the
app and back), so they carry names, phones, FİN and dates of birth, in exactly the canonical
columns the importer reads (:mod:`cso_desktop.services.importing.schema`): export → import gives
the same records. They are written only when the caller passes ``include_personal=True`` (the
command line's ``--include-personal``), and the audit entry says personal data left.
Every export is recorded in the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from cso_desktop.db import models as m
from cso_desktop.domain import people, vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.domain.vocab import AuditAction
from cso_desktop.i18n import N_, _
from cso_desktop.reports import budget as budget_report
from cso_desktop.services import audit
from cso_desktop.services.export import WINDOW, ExportFormat, Value, export_format, write_table
from cso_desktop.services.importing import schema as import_schema
from cso_desktop.services.importing.schema import FieldType, ImportKind
from cso_desktop.services.registers import ColumnKind


@dataclass(frozen=True)
class DataColumn:
    """One column of a data export: its header, its kind and what it holds."""

    key: str
    kind: ColumnKind
    doc: str  # untranslated; shown by ``export --columns`` and in the README


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str  # untranslated sheet name
    doc: str  # untranslated: what one row is
    columns: tuple[DataColumn, ...]
    rows: Callable[[Session], Iterator[Sequence[Value]]]
    personal: bool = False  # names, phones, FİN: written only with include_personal


@dataclass(frozen=True)
class DatasetExport:
    path: Path
    dataset: str
    rows: int
    format: ExportFormat


def _col(key: str, kind: ColumnKind, doc: str) -> DataColumn:
    return DataColumn(key, kind, doc)


T, D, M, N, I_ = (
    ColumnKind.TEXT,
    ColumnKind.DATE,
    ColumnKind.MONEY,
    ColumnKind.DECIMAL,
    ColumnKind.INTEGER,
)


def _stream(session: Session, stmt: Select[Any]) -> Iterator[Sequence[Value]]:
    result = session.execute(stmt.execution_options(yield_per=WINDOW))
    for row in result:
        yield tuple(_plain(value) for value in row)


def _plain(value: Any) -> Value:
    """Vocabulary codes as their code (``training``); other values as they are."""
    if isinstance(value, StrEnum):
        return value.value
    if value is None or isinstance(value, str | int | Decimal | dt.date):
        return value
    return str(value)


# --- activities -------------------------------------------------------------------------------


def _activity_rows(session: Session) -> Iterator[Sequence[Value]]:
    a, p, sd, vh = m.Activity, m.Project, m.ServiceDelivery, m.VolunteerHours
    output = aliased(m.LogframeResult)
    served = (
        select(
            sd.activity_id.label("activity_id"),
            func.count(func.distinct(sd.delivered_on)).label("sessions"),
            func.count(func.distinct(sd.beneficiary_id)).label("people"),
            func.count(sd.id).label("services"),
        )
        .group_by(sd.activity_id)
        .subquery()
    )
    hours = (
        select(vh.activity_id.label("activity_id"), func.sum(vh.hours).label("hours"))
        .where(vh.activity_id.is_not(None))
        .group_by(vh.activity_id)
        .subquery()
    )
    stmt = (
        select(
            p.code,
            a.code,
            a.title,
            a.activity_type,
            output.code,
            a.status,
            a.rayon_code,
            a.settlement,
            a.planned_start,
            a.planned_end,
            a.actual_start,
            a.actual_end,
            a.responsible,
            func.coalesce(served.c.sessions, 0),
            func.coalesce(served.c.people, 0),
            func.coalesce(served.c.services, 0),
            hours.c.hours,
            a.description,
        )
        .join(p, p.id == a.project_id)
        .outerjoin(output, output.id == a.output_id)
        .outerjoin(served, served.c.activity_id == a.id)
        .outerjoin(hours, hours.c.activity_id == a.id)
        .order_by(p.code, a.code)
    )
    hours_type = m.VolunteerHours.__table__.c.hours.type
    for row in _stream(session, stmt):
        values = list(row)
        # A SUM over a scaled column comes back as the stored integer: read it as hours.
        raw_hours = values[16]
        values[16] = (
            Decimal("0.000")
            if raw_hours is None
            else hours_type.process_result_value(raw_hours, None)
            if not isinstance(raw_hours, Decimal)
            else raw_hours
        )
        yield values


ACTIVITIES = Dataset(
    key="activities",
    title=N_("Activities"),
    doc=N_("one row per activity, with what it delivered"),
    columns=(
        _col("project_code", T, N_("the project's code")),
        _col("activity_code", T, N_("the activity's code, unique in the organisation")),
        _col("title", T, N_("the activity's title")),
        _col(
            "activity_type",
            T,
            N_(
                "training, awareness, distribution, cash_assistance, "
                "livelihoods, psychosocial, health, first_aid, "
                "community_initiative or other"
            ),
        ),
        _col("output_code", T, N_("the logframe output it serves (e.g. Op1.1), if any")),
        _col("status", T, N_("planned, ongoing, completed or cancelled")),
        _col("rayon", T, N_("ISO 3166-2 code of the rayon (e.g. AZ-BA)")),
        _col("settlement", T, N_("village or town")),
        _col("planned_start", D, N_("planned first day")),
        _col("planned_end", D, N_("planned last day")),
        _col("actual_start", D, N_("actual first day")),
        _col("actual_end", D, N_("actual last day")),
        _col("responsible", T, N_("the person responsible")),
        _col("sessions", I_, N_("days with at least one service recorded")),
        _col("people_reached", I_, N_("unique people who received a service in the activity")),
        _col(
            "services_delivered", I_, N_("services recorded (a person served twice counts twice)")
        ),
        _col("volunteer_hours", N, N_("hours volunteers gave to the activity")),
        _col("description", T, N_("the activity's description")),
    ),
    rows=_activity_rows,
)


# --- attendance -------------------------------------------------------------------------------


def _attendance_rows(session: Session) -> Iterator[Sequence[Value]]:
    a, p, sd, b = m.Activity, m.Project, m.ServiceDelivery, m.Beneficiary
    stmt = (
        select(
            p.code,
            a.code,
            sd.delivered_on,
            b.registration_no,
            sd.service_type,
            sd.quantity,
            sd.unit,
            sd.value,
            sd.currency,
            sd.recorded_by,
        )
        .join(a, a.id == sd.activity_id)
        .join(p, p.id == a.project_id)
        .join(b, b.id == sd.beneficiary_id)
        .order_by(p.code, a.code, sd.delivered_on, b.registration_no, sd.id)
    )
    yield from _stream(session, stmt)


ATTENDANCE = Dataset(
    key="attendance",
    title=N_("Attendance"),
    doc=N_("one row per service a person received in an activity on a day"),
    columns=(
        _col("project_code", T, N_("the project's code")),
        _col("activity_code", T, N_("the activity's code")),
        _col("date", D, N_("the day the service was given")),
        _col("beneficiary", T, N_("the person's registration number (no names are exported)")),
        _col(
            "service",
            T,
            N_(
                "cash_grant, food_parcel, hygiene_kit, livelihood_kit, "
                "training_session, awareness_session, psychosocial_session, "
                "health_consultation, first_aid_course, referral or other"
            ),
        ),
        _col("quantity", N, N_("how many (e.g. 1 kit, 2 sessions)")),
        _col("unit", T, N_("the unit of the quantity, if stated")),
        _col("value", M, N_("the value given (e.g. a cash grant), if any")),
        _col("currency", T, N_("the currency of the value (ISO 4217, e.g. AZN)")),
        _col("recorded_by", T, N_("who recorded it")),
    ),
    rows=_attendance_rows,
)


# --- expenses ---------------------------------------------------------------------------------


def _expense_rows(session: Session) -> Iterator[Sequence[Value]]:
    e, p, line = m.Expense, m.Project, m.BudgetLine
    stmt = (
        select(
            p.code,
            line.line_code,
            e.spent_on,
            e.payee,
            e.receipt_no,
            e.description,
            e.amount,
            e.currency,
            e.rate_to_project,
            p.currency,
            e.over_budget_reason,
        )
        .outerjoin(p, p.id == e.project_id)
        .outerjoin(line, line.id == e.budget_line_id)
        .order_by(e.spent_on, e.id)
    )
    for (
        project,
        line_code,
        spent_on,
        payee,
        receipt,
        description,
        amount,
        currency,
        rate,
        project_currency,
        reason,
    ) in session.execute(stmt.execution_options(yield_per=WINDOW)):
        converted = budget_report.convert(amount, rate) if project_currency else None
        yield (
            project,
            line_code,
            spent_on,
            payee,
            receipt,
            description,
            amount,
            currency,
            rate,
            converted,
            project_currency,
            reason,
        )


EXPENSES = Dataset(
    key="expenses",
    title=N_("Expenses"),
    doc=N_("one row per expense, in the currency paid and in the project currency"),
    columns=(
        _col("project_code", T, N_("the project charged, if any")),
        _col("budget_line", T, N_("the budget line's code (e.g. 2.2), if booked on one")),
        _col("date", D, N_("the day of the expense")),
        _col("payee", T, N_("who was paid")),
        _col("receipt_no", T, N_("receipt or invoice number")),
        _col("description", T, N_("what was bought")),
        _col("amount", M, N_("the amount paid, in the currency paid")),
        _col("currency", T, N_("the currency paid (ISO 4217)")),
        _col(
            "rate_to_project",
            N,
            N_("1 unit of the currency paid in the project currency, as stored on the expense"),
        ),
        _col("amount_project_currency", M, N_("amount × rate, rounded to the cent")),
        _col("project_currency", T, N_("the project (grant) currency")),
        _col("over_budget_reason", T, N_("why the expense was accepted over its line's budget")),
    ),
    rows=_expense_rows,
)


# --- budget -----------------------------------------------------------------------------------


def _budget_rows(session: Session) -> Iterator[Sequence[Value]]:
    projects = session.execute(select(m.Project.id, m.Project.code).order_by(m.Project.code)).all()
    for project_id, _code in projects:
        use = budget_report.budget_vs_actual(session, project_id)
        for heading in use.headings:
            for line in heading.lines:
                yield (
                    use.code,
                    heading.code,
                    heading.title,
                    line.line_code,
                    line.description,
                    line.unit,
                    line.quantity,
                    line.unit_cost,
                    line.budget,
                    line.base,
                    line.spent,
                    line.remaining,
                    None if line.share is None else round(line.share * 100, 1),
                    use.currency,
                )


BUDGET = Dataset(
    key="budget",
    title=N_("Budget"),
    doc=N_("one row per budget line, with what was spent on it (the project currency)"),
    columns=(
        _col("project_code", T, N_("the project's code")),
        _col("heading", T, N_("the heading: 1–6 of the EU budget (Annex III), or the donor's")),
        _col("heading_title", T, N_("the heading's title")),
        _col("line_code", T, N_("the line's code (e.g. 1.1.1)")),
        _col("description", T, N_("the line's description")),
        _col("unit", T, N_("the unit (e.g. month)")),
        _col("quantity", N, N_("number of units")),
        _col("unit_cost", M, N_("cost of one unit")),
        _col("budget", M, N_("quantity × unit cost, rounded to the cent")),
        _col("base_total", M, N_("the line in the original budget or last addendum")),
        _col("spent", M, N_("expenses booked on the line, converted at their stored rates")),
        _col("remaining", M, N_("budget − spent (negative when over budget)")),
        _col("percent_used", N, N_("spent as a percentage of the budget")),
        _col("currency", T, N_("the project (grant) currency")),
    ),
    rows=_budget_rows,
)


# --- people: the canonical import columns ------------------------------------------------------

_KINDS: dict[FieldType, ColumnKind] = {
    FieldType.DATE: ColumnKind.DATE,
    FieldType.INTEGER: ColumnKind.INTEGER,
    FieldType.WG: ColumnKind.INTEGER,
    FieldType.DECIMAL: ColumnKind.DECIMAL,
    FieldType.MONEY: ColumnKind.MONEY,
}
#: Several values in one cell (vulnerabilities, skills, languages), as the importer splits them.
LIST_SEPARATOR = "; "


def _people_columns(kind: ImportKind) -> tuple[DataColumn, ...]:
    """The import schema's columns; what each accepts is documented under "Importing lists"."""
    return tuple(
        DataColumn(item.key, _KINDS.get(item.type, ColumnKind.TEXT), item.title)
        for item in import_schema.fields(kind)
    )


def _in_column_order(
    kind: ImportKind, records: Iterator[dict[str, Any]]
) -> Iterator[Sequence[Value]]:
    keys = [item.key for item in import_schema.fields(kind)]
    for record in records:
        yield tuple(_cell(record.get(key)) for key in keys)


def _cell(value: Any) -> Value:
    # Yes/no as words the importer reads in any language (a bool would be written as 1/0).
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _plain(value)


def _joined(text: str | None) -> str | None:
    """A ``group_concat`` of codes or names as one sorted cell."""
    if not text:
        return None
    return LIST_SEPARATOR.join(sorted(set(text.split("\x1f")), key=lambda v: people.sort_key([v])))


def _registration_consent() -> Any:
    c = m.Consent
    return (
        select(func.min(c.recorded_on))
        .where(
            c.beneficiary_id == m.Beneficiary.id,
            c.purpose == vocab.ConsentPurpose.REGISTRATION,
            c.given.is_(True),
            c.withdrawn_on.is_(None),
        )
        .correlate(m.Beneficiary)
        .scalar_subquery()
    )


def _beneficiary_records(session: Session) -> Iterator[dict[str, Any]]:
    b, h, v = m.Beneficiary, m.Household, m.BeneficiaryVulnerability
    vulnerabilities = (
        select(func.group_concat(v.criterion, "\x1f"))
        .where(v.beneficiary_id == b.id)
        .correlate(b)
        .scalar_subquery()
    )
    stmt = (
        select(b, h.code, vulnerabilities, _registration_consent())
        .outerjoin(h, h.id == b.household_id)
        .where(b.archived.is_(False), b.erased_at.is_(None))
        .order_by(b.registration_no)
        .execution_options(yield_per=WINDOW)
    )
    for person, household_code, criteria, consented_on in session.execute(stmt):
        yield {
            "registration_no": person.registration_no,
            "household_code": household_code,
            "relation_to_head": person.relation_to_head,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "patronymic": person.patronymic,
            "sex": person.sex,
            "date_of_birth": person.date_of_birth,
            # An estimated age only where the date of birth is not known.
            "age": person.estimated_age if person.date_of_birth is None else None,
            **{name: getattr(person, name) for name in _WG_FIELDS},
            "displacement_status": person.displacement_status,
            "origin_rayon": person.origin_rayon_code,
            "phone": person.phone,
            "national_id": person.national_id,
            "rayon": person.rayon_code,
            "settlement": person.settlement,
            "vulnerability": _joined(criteria),
            "consent_date": consented_on,
            "registration_date": person.registered_on,
            "notes": person.notes,
        }
        session.expunge(person)


_WG_FIELDS = tuple(f"wg_{domain}" for domain in people.WG_DOMAINS)


def _member_records(session: Session) -> Iterator[dict[str, Any]]:
    mb, cat = m.Member, m.MemberCategory
    stmt = (
        select(mb, cat.name)
        .outerjoin(cat, cat.id == mb.category_id)
        .where(mb.archived.is_(False))
        .order_by(mb.membership_no)
        .execution_options(yield_per=WINDOW)
    )
    for member, category in session.execute(stmt):
        yield {
            "membership_no": member.membership_no,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "patronymic": member.patronymic,
            "sex": member.sex,
            "date_of_birth": member.date_of_birth,
            "phone": member.phone,
            "email": member.email,
            "address": member.address,
            "rayon": member.rayon_code,
            "joined_on": member.joined_on,
            "left_on": member.left_on,
            "status": member.status,
            "category": category,
            "is_board_member": member.is_board_member,
            "notes": member.notes,
        }
        session.expunge(member)


def _volunteer_records(session: Session) -> Iterator[dict[str, Any]]:
    vo, tag, link = m.Volunteer, m.Tag, m.VolunteerTag

    def tags(kind: vocab.TagKind) -> Any:
        return (
            select(func.group_concat(tag.name, "\x1f"))
            .join(link, link.tag_id == tag.id)
            .where(link.volunteer_id == vo.id, tag.kind == kind)
            .correlate(vo)
            .scalar_subquery()
        )

    stmt = (
        select(vo, tags(vocab.TagKind.SKILL), tags(vocab.TagKind.LANGUAGE))
        .where(vo.archived.is_(False))
        .order_by(vo.volunteer_no)
        .execution_options(yield_per=WINDOW)
    )
    for volunteer, skills, languages in session.execute(stmt):
        yield {
            "volunteer_no": volunteer.volunteer_no,
            "first_name": volunteer.first_name,
            "last_name": volunteer.last_name,
            "patronymic": volunteer.patronymic,
            "sex": volunteer.sex,
            "date_of_birth": volunteer.date_of_birth,
            "phone": volunteer.phone,
            "email": volunteer.email,
            "rayon": volunteer.rayon_code,
            "settlement": volunteer.settlement,
            "joined_on": volunteer.joined_on,
            "status": volunteer.status,
            "emergency_contact": volunteer.emergency_contact,
            "skills": _joined(skills),
            "languages": _joined(languages),
            "notes": volunteer.notes,
        }
        session.expunge(volunteer)


def _people(
    kind: ImportKind, doc: str, records: Callable[[Session], Iterator[dict[str, Any]]]
) -> Dataset:
    return Dataset(
        key=kind.value,
        title=import_schema.KIND_TITLES[kind],
        doc=doc,
        columns=_people_columns(kind),
        rows=lambda session: _in_column_order(kind, records(session)),
        personal=True,
    )


MEMBERS = _people(
    ImportKind.MEMBERS,
    N_(
        "one row per member (archived ones left out), in the columns the importer reads; "
        "with names and phones: needs --include-personal"
    ),
    _member_records,
)
VOLUNTEERS = _people(
    ImportKind.VOLUNTEERS,
    N_(
        "one row per volunteer (archived ones left out), in the columns the importer reads; "
        "with names and phones: needs --include-personal"
    ),
    _volunteer_records,
)
BENEFICIARIES = _people(
    ImportKind.BENEFICIARIES,
    N_(
        "one row per person (archived and erased ones left out), with their household, in the "
        "columns the importer reads; with names, phones and FİN: needs --include-personal"
    ),
    _beneficiary_records,
)


DATASETS: dict[str, Dataset] = {
    d.key: d for d in (ACTIVITIES, ATTENDANCE, EXPENSES, BUDGET, MEMBERS, VOLUNTEERS, BENEFICIARIES)
}


def dataset(key: str) -> Dataset:
    try:
        return DATASETS[key]
    except KeyError:
        raise ValidationError(
            _("“{kind}” cannot be exported; choose one of: {kinds}.").format(
                kind=key, kinds=", ".join(DATASETS)
            ),
            field="kind",
        ) from None


def export_dataset(
    session: Session,
    key: str,
    *,
    path: Path,
    user_name: str | None = None,
    include_personal: bool = False,
) -> DatasetExport:
    """Write dataset ``key`` to ``path`` (.xlsx or .csv), whole or not at all, and record the
    export in the audit log. Run it inside ``Database.transaction()``.

    Raises:
        ValidationError: the dataset holds personal data (members, volunteers, beneficiaries)
            and ``include_personal`` is not set; or the file name's extension is unknown.
    """
    chosen = dataset(key)
    if chosen.personal and not include_personal:
        raise ValidationError(
            _(
                "The {kind} export holds names, phones and ID numbers. Add --include-personal "
                "to write them, and keep the file as safe as the organisation file."
            ).format(kind=chosen.key),
            field="include_personal",
        )
    file_format = export_format(path)
    rows = chosen.rows(session)

    def windows() -> Iterator[list[Sequence[Value]]]:
        window: list[Sequence[Value]] = []
        for row in rows:
            window.append(row)
            if len(window) == WINDOW:
                yield window
                window = []
        if window:
            yield window

    def log_export(count: int) -> None:
        audit.record(
            session,
            AuditAction.EXPORT,
            chosen.key,
            user_name=user_name,
            detail={
                "format": file_format.value,
                "rows": count,
                "dataset": chosen.key,
                "personal": chosen.personal,
            },
        )
        session.flush()

    count = write_table(
        Path(path),
        title=_(chosen.title),
        titles=[column.key for column in chosen.columns],
        kinds=[column.kind for column in chosen.columns],
        windows=windows(),
        before_placing=log_export,
    )
    return DatasetExport(path=Path(path), dataset=chosen.key, rows=count, format=file_format)


def columns_markdown() -> str:
    """The README section listing every dataset's columns (English, as the README is)."""
    parts = []
    for chosen in DATASETS.values():
        parts.append(f"#### `{chosen.key}` — {chosen.doc}\n")
        parts.append("| column | holds |\n|---|---|")
        parts.extend(f"| `{c.key}` | {c.doc} |" for c in chosen.columns)
        parts.append("")
    return "\n".join(parts)
