"""Every row checked before anything is written.

Each mapped cell is read by its field's type (``domain.normalise``); then the row is checked by
the same rules the registers' forms use (``services.beneficiaries.validate``, ``members``,
``volunteers``, the attendance and expense rules), and references (activity, beneficiary,
project, budget line, member category) are resolved with one query per kind of lookup. Every
problem of every row is listed, with the row number the user sees, the source column, the value
and a translated reason that says what to do. The session is only read: nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.domain import normalise, people, validation, vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.domain.validation import FormErrors
from cso_desktop.i18n import _, format_date, format_money
from cso_desktop.reports import budget as budget_report
from cso_desktop.services import activities, beneficiaries, budget, members, volunteers
from cso_desktop.services.importing.mapping import Mapping
from cso_desktop.services.importing.schema import Field, FieldType, ImportKind, fields
from cso_desktop.services.importing.sources import Cell, Table

#: Numbers beyond this are typing errors (and would overflow the stored cents).
_MAX_NUMBER = Decimal(10) ** 12


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one cell (or one row).

    Attributes:
        row: the row number the user sees in the file.
        column: the source header (the canonical key when no column is mapped).
        value: the cell as text ("" when empty).
        message: translated; says what to do.
    """

    row: int
    column: str
    value: str
    message: str


@dataclass(frozen=True)
class Record:
    """A row without problems: canonical key → normalised value (``date``, ``Decimal``,
    :class:`~cso_desktop.domain.vocab.Sex`, rayon code, ``+994…`` phone, upper-case FİN, ``int``
    …); empty cells are absent. Resolved references are added under ``activity_id``,
    ``beneficiary_id``, ``project_id``, ``budget_line_id`` and ``category_id``."""

    row: int
    values: dict[str, object]


@dataclass(frozen=True)
class Checked:
    """The result of :func:`check`.

    Attributes:
        records: the rows WITHOUT problems, in file order.
        problems: every problem of every row, in file order.
        rows: the data rows read (rows empty in every mapped column are not counted).
    """

    kind: ImportKind
    mapping: Mapping
    table_name: str
    records: tuple[Record, ...]
    problems: tuple[Problem, ...]
    rows: int

    @property
    def bad_rows(self) -> frozenset[int]:
        return frozenset(p.row for p in self.problems)


class _Bad(Exception):
    """A cell that cannot be read; ``message`` is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- reading cells by type ------------------------------------------------------------------------


def _present(value: Any) -> Any:
    """A parser's answer; ``None`` (a cell of only punctuation, such as ".") is unreadable."""
    if value is None:
        raise ValueError
    return value


def _date(value: Cell, item: Field) -> dt.date:
    try:
        parsed = _present(normalise.parse_date(value))
    except ValueError:
        raise _Bad(
            _("Write the date as dd.mm.yyyy (day.month.year), for example 31.12.1985.")
        ) from None
    return parsed


def _integer(value: Cell, item: Field) -> int:
    try:
        parsed = normalise.parse_integer(value)
    except (ValueError, ArithmeticError):
        parsed = None
    if parsed is None:
        raise _Bad(_("Write a whole number, for example 35."))
    return parsed


def _decimal(value: Cell, item: Field) -> Decimal:
    try:
        parsed = normalise.parse_decimal(value)
    except (ValueError, ArithmeticError):
        parsed = None
    if parsed is None or abs(parsed) >= _MAX_NUMBER:
        raise _Bad(_("Write a number, for example 2 or 2,5."))
    return parsed


def _money(value: Cell, item: Field) -> Decimal:
    try:
        parsed = normalise.parse_decimal(value)
    except (ValueError, ArithmeticError):
        parsed = None
    if parsed is not None and abs(parsed) >= _MAX_NUMBER:
        raise _Bad(_("This amount is too large. Check the number."))
    try:
        return validation.money(
            parsed if parsed is not None else normalise.cell_text(value), field=item.key
        )
    except ValidationError as exc:
        raise _Bad(exc.user_message) from None


def _sex(value: Cell, item: Field) -> vocab.Sex:
    try:
        parsed = _present(normalise.parse_sex(value))
    except ValueError:
        raise _Bad(_("Write the sex as female or male: qadın or kişi, Ж or М, F or M.")) from None
    return parsed


def _yes_no(value: Cell, item: Field) -> bool:
    try:
        parsed = _present(normalise.parse_yes_no(value))
    except ValueError:
        raise _Bad(_("Write yes or no: bəli or xeyr, да or нет, yes or no.")) from None
    return parsed


def _wg(value: Cell, item: Field) -> int:
    try:
        parsed = _present(normalise.parse_wg(value))
    except ValueError:
        raise _Bad(_("Write an answer from 1 (no difficulty) to 4 (cannot do at all).")) from None
    return parsed


def _not_a_choice(value: Cell, vocabulary: type[StrEnum]) -> _Bad:
    return _Bad(
        _("“{value}” is not one of the choices. Use one of: {choices}.").format(
            value=normalise.cell_text(value),
            choices="; ".join(f"{code} ({label})" for code, label in vocab.choices(vocabulary)),
        )
    )


def _code(value: Cell, item: Field) -> object:
    assert item.vocabulary is not None
    vocabulary = item.vocabulary
    parts = normalise.split_list(value) if item.key == "vulnerability" else (value,)
    found = []
    for part in parts:
        try:
            code = normalise.parse_code(part, vocabulary)
        except ValueError:
            raise _not_a_choice(part, vocabulary) from None
        if code is not None:
            found.append(code)
    if item.key == "vulnerability":
        return frozenset(found)
    if not found:
        # Only punctuation or spaces, e.g. ":": not a choice.
        raise _not_a_choice(value, vocabulary)
    return found[0]


def _rayon(value: Cell, item: Field) -> str:
    try:
        parsed = _present(normalise.parse_rayon(value))
    except ValueError:
        raise _Bad(
            _(
                "Unknown rayon. Write its name as in the list of rayons (for example Bərdə, "
                "Барда or Barda) or its code (AZ-BAR)."
            )
        ) from None
    return parsed


def _rule(rule: Callable[[str], Any]) -> Callable[[Cell, Field], Any]:
    """A ``domain.validation`` rule used as a cell reader (its message is already translated)."""

    def read(value: Cell, item: Field) -> Any:
        try:
            return rule(normalise.cell_text(value))
        except ValidationError as exc:
            raise _Bad(exc.user_message) from None

    return read


def _text(value: Cell, item: Field) -> str:
    return normalise.cell_text(value)


_READERS: dict[FieldType, Callable[[Cell, Field], Any]] = {
    FieldType.TEXT: _text,
    FieldType.DATE: _date,
    FieldType.INTEGER: _integer,
    FieldType.DECIMAL: _decimal,
    FieldType.MONEY: _money,
    FieldType.SEX: _sex,
    FieldType.YES_NO: _yes_no,
    FieldType.WG: _wg,
    FieldType.CODE: _code,
    FieldType.RAYON: _rayon,
    FieldType.PHONE: _rule(validation.phone),
    FieldType.NATIONAL_ID: _rule(validation.fin),
    FieldType.CURRENCY: _rule(lambda text: budget.currency_code(text, field="currency")),
}


# --- the row loop ---------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    cells: dict[str, Cell]  # canonical key -> raw cell (mapped, non-empty)
    values: dict[str, object] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)  # key -> message (first wins)

    def add(self, key: str, message: str) -> None:
        self.problems.setdefault(key, message)


class _Context:
    """What the kind-specific checks need: the session, the day, the mapping and the lookups
    loaded once per check."""

    def __init__(self, session: Session, kind: ImportKind, mapping: Mapping, as_of: dt.date):
        self.session = session
        self.kind = kind
        self.mapping = mapping
        self.as_of = as_of
        self.lookups: dict[str, Any] = {}

    def lookup(self, name: str, load: Callable[[], Any]) -> Any:
        if name not in self.lookups:
            self.lookups[name] = load()
        return self.lookups[name]


def check(
    session: Session, kind: ImportKind | str, table: Table, mapping: Mapping, *, as_of: dt.date
) -> Checked:
    """Check every row of ``table`` read through ``mapping``.

    Args:
        session: read only; references are resolved with it, nothing is written.
        as_of: "today" for future dates and ages.
    """
    kind = ImportKind(kind)
    items = fields(kind)
    positions: dict[str, int] = {}
    header_position = {header: index for index, header in enumerate(table.headers)}
    for item in items:
        header = mapping.columns.get(item.key)
        if header is not None and header in header_position:
            positions[item.key] = header_position[header]
    # A key mapped to a header the file does not have counts as unmapped.
    column_of = {
        item.key: mapping.columns[item.key] if item.key in positions else item.key for item in items
    }
    by_key = {item.key: item for item in items}
    readers = {key: _READERS[by_key[key].type] for key in positions}
    memo: dict[str, dict[Cell, tuple[object, str | None]]] = {key: {} for key in positions}
    required = [item.key for item in items if item.required]
    context = _Context(session, kind, mapping, as_of)

    rows: list[_Row] = []
    for number, row in zip(table.row_numbers, table.rows, strict=False):
        cells: dict[str, Cell] = {}
        for key, position in positions.items():
            value = row[position] if position < len(row) else None
            if isinstance(value, str):
                value = value.strip() or None
            if value is not None:
                cells[key] = value
        if not cells:
            continue  # a row with data only in columns that are not imported
        current = _Row(number, cells)
        for key, value in cells.items():
            cache = memo[key]
            try:
                parsed, message = cache[value]
            except KeyError:
                try:
                    parsed, message = readers[key](value, by_key[key]), None
                except _Bad as bad:
                    parsed, message = None, bad.message
                except (ValueError, ArithmeticError, TypeError):
                    parsed, message = None, _("This value cannot be read. Check what is typed.")
                cache[value] = (parsed, message)
            except TypeError:  # an unhashable cell; sources never give one
                parsed, message = None, _("This value cannot be read. Check what is typed.")
            if message is not None:
                current.add(key, message)
            elif parsed is not None and parsed != "" and parsed != frozenset():
                current.values[key] = parsed
        for key in required:
            if key not in cells:
                current.add(
                    key,
                    _("“{field}” is empty. Fill it in, or leave the row out of the file.").format(
                        field=_(by_key[key].title)
                    ),
                )
        rows.append(current)

    _KIND_CHECKS[kind](context, rows)

    records: list[Record] = []
    problems: list[Problem] = []
    key_order = {item.key: index for index, item in enumerate(items)}
    for current in rows:
        if current.problems:
            for key in sorted(current.problems, key=lambda k: key_order.get(k, len(key_order))):
                raw = current.cells.get(key)
                problems.append(
                    Problem(
                        current.number,
                        column_of.get(key, key),
                        normalise.cell_text(raw),
                        current.problems[key],
                    )
                )
        else:
            records.append(Record(current.number, current.values))
    return Checked(kind, mapping, table.name, tuple(records), tuple(problems), len(rows))


def _form_errors(current: _Row, exc: FormErrors, fields_to_keys: dict[str, str]) -> None:
    """A service's per-field problems on the row, under the import's keys; a field that already
    has a problem from reading its cell keeps that one."""
    for name, message in exc.problems.items():
        key = fields_to_keys.get(name, name)
        current.add(key, message)


# --- people -----------------------------------------------------------------------------------

_PEOPLE_FIELDS = {"rayon_code": "rayon", "origin_rayon_code": "origin_rayon"}


def _future_birth(context: _Context, current: _Row) -> None:
    born = current.values.get("date_of_birth")
    if isinstance(born, dt.date) and born > context.as_of:
        current.add(
            "date_of_birth",
            _(
                "The date of birth {date} is after today. Check the order of day, month and "
                "year (dd.mm.yyyy)."
            ).format(date=format_date(born)),
        )
        del current.values["date_of_birth"]


def _check_beneficiaries(context: _Context, rows: list[_Row]) -> None:
    keys = {
        **_PEOPLE_FIELDS,
        "estimated_age": "age",
        "registered_on": "registration_date",
        "consent": "consent_date",
    }
    for current in rows:
        values: dict[str, Any] = current.values
        _future_birth(context, current)
        registered = values.get("registration_date") or context.as_of
        assert isinstance(registered, dt.date)
        born, age = values.get("date_of_birth"), values.get("age")
        if isinstance(born, dt.date) and isinstance(age, int) and born <= registered:
            computed = people.age_on(registered, date_of_birth=born) or 0
            if abs(computed - age) > 1:
                current.add(
                    "age",
                    _(
                        "The age {age} does not match the date of birth {date} (that is "
                        "{computed} years). Correct one of them, or leave the age empty."
                    ).format(age=age, date=format_date(born), computed=computed),
                )
        named = any(
            k in current.cells
            for k in ("first_name", "last_name", "patronymic", "phone", "national_id")
        )
        consent_on = values.get("consent_date")
        if named and consent_on is None and "consent_date" not in current.problems:
            current.add(
                "consent_date",
                _(
                    "Write the day the person agreed to be registered (consent date), or leave "
                    "the name, phone and FİN empty to register the person anonymously."
                ),
            )
        consents: tuple[beneficiaries.ConsentDraft, ...] = ()
        if isinstance(consent_on, dt.date):
            consents = (
                beneficiaries.ConsentDraft(
                    vocab.ConsentPurpose.REGISTRATION,
                    True,
                    consent_on,
                    vocab.ConsentMethod.WRITTEN,
                ),
            )
        wg = tuple(values.get(f"wg_{d}") for d in people.WG_DOMAINS)
        draft = beneficiaries.BeneficiaryDraft(
            sex=values.get("sex", vocab.Sex.UNKNOWN),
            displacement_status=values.get("displacement_status", vocab.DisplacementStatus.NONE),
            registered_on=registered,
            is_anonymous=not named,
            first_name=values.get("first_name"),
            last_name=values.get("last_name"),
            patronymic=values.get("patronymic"),
            date_of_birth=values.get("date_of_birth"),
            estimated_age=values.get("age"),
            wg=wg,
            origin_rayon_code=values.get("origin_rayon"),
            rayon_code=values.get("rayon"),
            settlement=values.get("settlement"),
            phone=values.get("phone"),
            national_id=values.get("national_id"),
            vulnerabilities=values.get("vulnerability", frozenset()),
            notes=values.get("notes"),
            relation_to_head=values.get("relation_to_head"),
            consents=consents,
        )
        try:
            beneficiaries.validate(draft, today=context.as_of)
        except FormErrors as exc:
            if "age" in current.problems or "date_of_birth" in current.problems:
                exc.problems.pop("date_of_birth", None)
            _form_errors(current, exc, keys)
        _text_lengths(current, ("household_code", "registration_no"), 30)


def _text_lengths(current: _Row, keys: Iterable[str], limit: int) -> None:
    for key in keys:
        value = current.values.get(key)
        if isinstance(value, str) and len(value) > limit:
            current.add(key, _("Too long: at most {limit} characters.").format(limit=limit))


def _categories(context: _Context) -> dict[str, int]:
    return {
        people.fold(name): category_id
        for category_id, name in context.session.execute(
            select(m.MemberCategory.id, m.MemberCategory.name)
        )
    }


def _check_members(context: _Context, rows: list[_Row]) -> None:
    for current in rows:
        values: dict[str, Any] = current.values
        _future_birth(context, current)
        category = values.get("category")
        category_id = None
        if isinstance(category, str):
            known = context.lookup("categories", lambda: _categories(context))
            category_id = known.get(people.fold(category))
            if category_id is None:
                current.add(
                    "category",
                    _(
                        "There is no member category “{name}”. Add it under Members → "
                        "Categories first, or correct the name."
                    ).format(name=category),
                )
            else:
                values["category_id"] = category_id
        draft = members.MemberDraft(
            first_name=values.get("first_name", ""),
            last_name=values.get("last_name", ""),
            sex=values.get("sex", vocab.Sex.UNKNOWN),
            joined_on=values.get("joined_on"),  # type: ignore[arg-type]
            status=values.get("status", vocab.MemberStatus.ACTIVE),
            membership_no=values.get("membership_no"),
            patronymic=values.get("patronymic"),
            date_of_birth=values.get("date_of_birth"),
            phone=values.get("phone"),
            email=values.get("email"),
            address=values.get("address"),
            rayon_code=values.get("rayon"),
            category_id=category_id,
            left_on=values.get("left_on"),
            is_board_member=values.get("is_board_member", False),
            notes=values.get("notes"),
        )
        try:
            members.validate(draft, today=context.as_of)
        except FormErrors as exc:
            _form_errors(current, exc, _PEOPLE_FIELDS)


def _check_volunteers(context: _Context, rows: list[_Row]) -> None:
    for current in rows:
        values: dict[str, Any] = current.values
        _future_birth(context, current)
        for key in ("skills", "languages"):
            if key in values:
                values[key] = normalise.split_list(values[key])
        draft = volunteers.VolunteerDraft(
            first_name=values.get("first_name", ""),
            last_name=values.get("last_name", ""),
            sex=values.get("sex", vocab.Sex.UNKNOWN),
            joined_on=values.get("joined_on"),  # type: ignore[arg-type]
            status=values.get("status", vocab.VolunteerStatus.ACTIVE),
            volunteer_no=values.get("volunteer_no"),
            patronymic=values.get("patronymic"),
            date_of_birth=values.get("date_of_birth"),
            phone=values.get("phone"),
            email=values.get("email"),
            rayon_code=values.get("rayon"),
            settlement=values.get("settlement"),
            emergency_contact=values.get("emergency_contact"),
            notes=values.get("notes"),
            skills=values.get("skills", ()),
            languages=values.get("languages", ()),
        )
        try:
            volunteers.validate(draft, today=context.as_of)
        except FormErrors as exc:
            _form_errors(current, exc, _PEOPLE_FIELDS)


# --- attendance -----------------------------------------------------------------------------------


def _check_attendance(context: _Context, rows: list[_Row]) -> None:
    session = context.session
    # Activities and projects are few: all are loaded (codes are compared folded), into the
    # session's identity map, so the session-day rule reads them from memory.
    activity_by_fold = {people.fold(a.code): a for a in session.scalars(select(m.Activity))}
    if activity_by_fold:
        list(session.scalars(select(m.Project)))
    people_by_ref: dict[str, tuple[int, bool]] = {}
    if any("beneficiary" in r.values for r in rows):
        for pid, number, national_id, archived, erased in session.execute(
            select(
                m.Beneficiary.id,
                m.Beneficiary.registration_no,
                m.Beneficiary.national_id,
                m.Beneficiary.archived,
                m.Beneficiary.erased_at,
            )
        ):
            unavailable = bool(archived) or erased is not None
            if national_id:
                people_by_ref.setdefault(people.normalise_fin(national_id), (pid, unavailable))
            people_by_ref[people.fold(number)] = (pid, unavailable)
    session_days: dict[tuple[int, dt.date], tuple[str, str] | None] = {}
    for current in rows:
        values: dict[str, Any] = current.values
        code = values.get("activity_code")
        activity = activity_by_fold.get(people.fold(code)) if isinstance(code, str) else None
        if isinstance(code, str) and activity is None:
            current.add(
                "activity_code",
                _(
                    "There is no activity with the code “{code}”. Add it to its project first, "
                    "or correct the code."
                ).format(code=code),
            )
        reference = values.get("beneficiary")
        if isinstance(reference, str):
            found = people_by_ref.get(people.fold(reference)) or people_by_ref.get(
                people.normalise_fin(reference)
            )
            if found is None:
                current.add(
                    "beneficiary",
                    _(
                        "No beneficiary has the registration number or FİN “{value}”. Register "
                        "the person first, or correct the number."
                    ).format(value=reference),
                )
            elif found[1]:
                current.add(
                    "beneficiary",
                    _(
                        "This person is archived or erased and cannot receive services. Restore "
                        "them in the Beneficiaries register first, or leave the row out."
                    ),
                )
            else:
                values["beneficiary_id"] = found[0]
        on = values.get("date")
        if activity is not None and isinstance(on, dt.date):
            values["activity_id"] = activity.id
            day = (activity.id, on)
            if day not in session_days:
                try:
                    activities.check_session_day(session, activity, on, today=context.as_of)
                    session_days[day] = None
                except ValidationError as exc:
                    column = "activity_code" if exc.field == "status" else "date"
                    session_days[day] = (column, exc.user_message)
            refused = session_days[day]
            if refused is not None:
                current.add(*refused)
        quantity = values.setdefault("quantity", Decimal(1))
        entry = activities.AttendanceEntry(
            beneficiary_id=0,
            quantity=quantity,
            value=values.get("value"),
            currency=values.get("currency"),
            unit=values.get("unit"),
        )
        try:
            activities.clean_entries([entry])
        except ValidationError as exc:
            current.add(exc.field or "quantity", exc.user_message)


# --- expenses -------------------------------------------------------------------------------------


def _check_expenses(context: _Context, rows: list[_Row]) -> None:
    session = context.session
    projects = {people.fold(p.code): p for p in session.scalars(select(m.Project))}
    lines: dict[tuple[int, str], int] = {}
    if projects and any("budget_line" in r.values for r in rows):
        ids = [p.id for p in projects.values()]
        for row_id, project_id, row_code in session.execute(
            select(m.BudgetLine.id, m.BudgetLine.project_id, m.BudgetLine.line_code).where(
                m.BudgetLine.project_id.in_(ids)
            )
        ):
            lines[(project_id, people.fold(row_code))] = row_id
    rates: dict[tuple[str, str, dt.date], Decimal | None] = {}
    per_line: dict[int, list[tuple[_Row, Decimal]]] = {}
    for current in rows:
        values: dict[str, Any] = current.values
        code = values.get("project_code")
        project = projects.get(people.fold(code)) if isinstance(code, str) else None
        if isinstance(code, str) and project is None:
            current.add(
                "project_code",
                _(
                    "There is no project with the code “{code}”. Add the project first, or "
                    "correct the code."
                ).format(code=code),
            )
        line_id = None
        if project is not None:
            values["project_id"] = project.id
            values.setdefault("currency", project.currency)
            line_code = values.get("budget_line")
            if isinstance(line_code, str):
                line_id = lines.get((project.id, people.fold(line_code)))
                if line_id is None:
                    current.add(
                        "budget_line",
                        _(
                            "The budget of project {project} has no line “{line}”. Use a line "
                            "code from the project's budget, such as 1.1."
                        ).format(project=project.code, line=line_code),
                    )
                else:
                    values["budget_line_id"] = line_id
        on = values.get("date")
        currency = values.get("currency")
        if (
            project is not None
            and "rate_to_project" not in current.cells
            and isinstance(on, dt.date)
            and isinstance(currency, str)
        ):
            month = on.replace(day=1)
            key = (currency, project.currency, month)
            if key not in rates:
                proposed = budget.propose_rate(session, currency, project.currency, on)
                rates[key] = proposed.rate if proposed is not None else None
            rate = rates[key]
            if rate is None:
                current.add(
                    "rate_to_project",
                    _(
                        "There is no exchange rate from {currency} to {project_currency} for "
                        "{month}. Add the month's rate in the Budget, or write the rate in the "
                        "file."
                    ).format(
                        currency=currency,
                        project_currency=project.currency,
                        month=format_date(month, fmt="MMMM yyyy"),
                    ),
                )
            else:
                values["rate_to_project"] = rate
        draft = budget.ExpenseDraft(
            project_id=project.id if project is not None else None,
            budget_line_id=None,  # checked above, without a query per row
            spent_on=values.get("date"),
            payee=values.get("payee", ""),
            description=values.get("description", ""),
            amount=values.get("amount", ""),
            currency=values.get("currency", ""),
            rate_to_project=values.get("rate_to_project"),
            receipt_no=values.get("receipt_no"),
            over_budget_reason=values.get("over_budget_reason"),
        )
        try:
            budget.validate_expense(session, draft, today=context.as_of)
        except FormErrors as exc:
            exc.problems.pop("project_id", None)
            if project is None:  # no rate can be proposed without the project's currency
                exc.problems.pop("rate_to_project", None)
            _form_errors(
                current,
                exc,
                {"spent_on": "date", "project_id": "project_code", "budget_line_id": "budget_line"},
            )
        paid, rate_used = values.get("amount"), values.get("rate_to_project")
        if line_id is not None and isinstance(paid, Decimal) and isinstance(rate_used, Decimal):
            converted = budget_report.convert(paid, rate_used)
            per_line.setdefault(line_id, []).append((current, converted))
    _over_budget(context, per_line)


def _over_budget(context: _Context, per_line: dict[int, list[tuple[_Row, Decimal]]]) -> None:
    """Rows that take their budget line over its budget need a reason, as in the Budget page.
    One query per line the file books on (not per row)."""
    for line_id, booked in per_line.items():
        line = context.session.get(m.BudgetLine, line_id)
        if line is None:
            continue
        limit = budget_report.line_total(line.quantity, line.unit_cost)
        spent = budget_report.line_spent(context.session, line_id)
        currency = context.session.get(m.Project, line.project_id)
        for current, converted in booked:
            spent += converted
            if spent > limit and "over_budget_reason" not in current.values:
                current.add(
                    "over_budget_reason",
                    _(
                        "This expense takes budget line {line} over its budget ({spent} of "
                        "{budget}). Write the reason in the column “Reason for going over "
                        "budget”, or book it on another line."
                    ).format(
                        line=line.line_code,
                        spent=format_money(spent, currency.currency if currency else ""),
                        budget=format_money(limit, currency.currency if currency else ""),
                    ),
                )


_KIND_CHECKS: dict[ImportKind, Callable[[_Context, list[_Row]], None]] = {
    ImportKind.BENEFICIARIES: _check_beneficiaries,
    ImportKind.MEMBERS: _check_members,
    ImportKind.VOLUNTEERS: _check_volunteers,
    ImportKind.ATTENDANCE: _check_attendance,
    ImportKind.EXPENSES: _check_expenses,
}
