"""Duplicates in a list being imported: inside the file, and against the records already saved.

A pair is **certain** when an identifier says so: the same FİN, registration, membership or
volunteer number; the same person, activity, day and service in attendance (the rule
:func:`cso_desktop.services.activities.record_attendance` applies); the same project, date,
amount, currency and receipt number for an expense. A pair is **likely** when people look alike:
the same name (spelling-independent, :func:`cso_desktop.domain.matching.match_key` of the last
and of the first name) and date of birth, or the same phone; for an expense without a receipt
number, the same project, date, amount, currency and payee.

Each file row is paired with the *first* earlier row that shares a key, so one person written
three times gives two pairs pointing at the same row: one group to review. The database is read
in bulk: identifiers through their indexes in chunks, names with one scan of the people who
have a date of birth in the file, so 100,000 rows against 250,000 people take seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from cso_desktop.db import models as m
from cso_desktop.domain import matching, people, places, vocab
from cso_desktop.i18n import N_, _, format_date
from cso_desktop.services.export import write_table
from cso_desktop.services.importing.checking import Checked, Record
from cso_desktop.services.importing.schema import ImportKind
from cso_desktop.services.registers import ColumnKind

#: Identifiers looked up in the database at a time (well under SQLite's variable limit).
CHUNK = 500


class Certainty(StrEnum):
    CERTAIN = "certain"
    LIKELY = "likely"


class Decision(StrEnum):
    MERGE = "merge"
    KEEP_BOTH = "keep_both"
    SKIP = "skip"


CERTAINTY_LABELS: dict[Certainty, str] = {
    Certainty.CERTAIN: N_("Certain duplicate"),
    Certainty.LIKELY: N_("Likely duplicate"),
}
DECISION_LABELS: dict[Decision, str] = {
    Decision.MERGE: N_("Merge"),
    Decision.KEEP_BOTH: N_("Keep both"),
    Decision.SKIP: N_("Skip the file row"),
}

_SAME_FIN = N_("same FİN")
_SAME_REGISTRATION_NO = N_("same registration number")
_SAME_MEMBERSHIP_NO = N_("same membership number")
_SAME_VOLUNTEER_NO = N_("same volunteer number")
_SAME_NAME_DOB = N_("same name and date of birth")
_SAME_PHONE = N_("same phone")
_SAME_SESSION = N_("same person, activity, day and service")
_SAME_RECEIPT = N_("same project, date, amount, currency and receipt number")
_SAME_PAYMENT = N_("same project, date, amount, currency and payee, no receipt number")


@dataclass(frozen=True)
class DuplicatePair:
    """A file row and the row or record it probably repeats.

    Attributes:
        key: stable id of the pair ("r12-db345", "r40-r12"), used for decisions.
        row: the file row (as the user sees it in Excel).
        other_row: an earlier file row it repeats, or ``None``.
        existing_id: the id of the saved record it repeats, or ``None``.
        certainty: certain (an identifier) or likely (looks alike).
        reason: translated, e.g. "same FİN".
        left, right: what the user compares, canonical column → text, the file row on the left.
            Personal data: shown in the GUI only, never logged or exported.
    """

    key: str
    row: int
    other_row: int | None
    existing_id: int | None
    certainty: Certainty
    reason: str
    left: dict[str, str]
    right: dict[str, str]


# --- keys -----------------------------------------------------------------------------------

Key = Hashable
KeyOf = Callable[[Mapping[str, Any]], Key | None]


@dataclass(frozen=True)
class _Rule:
    certainty: Certainty
    reason: str
    key: KeyOf
    #: The saved records' keys → id, for the keys the file has (``None``: in-file only).
    lookup: Callable[[Session, set[Key]], dict[Key, int]] | None


class _Names:
    """match_key with a memo: lists repeat the same few thousand names."""

    def __init__(self) -> None:
        self._memo: dict[str, str] = {}

    def __call__(self, text: object) -> str:
        if not text:
            return ""
        value = str(text)
        key = self._memo.get(value)
        if key is None:
            key = self._memo[value] = matching.match_key(value)
        return key


def _text_key(value: object) -> str | None:
    text = str(value).strip().upper() if value not in (None, "") else ""
    return text or None


def _by_index(
    column: InstrumentedAttribute[Any],
    id_column: InstrumentedAttribute[int],
    *where: ColumnElement[bool],
) -> Callable[[Session, set[Key]], dict[Key, int]]:
    """A lookup of identifier values through the column's index, in chunks."""

    def lookup(session: Session, keys: set[Key]) -> dict[Key, int]:
        values = sorted(str(k) for k in keys)
        found: dict[Key, int] = {}
        for start in range(0, len(values), CHUNK):
            stmt = (
                select(column, id_column)
                .where(column.in_(values[start : start + CHUNK]), *where)
                .order_by(id_column)
            )
            for value, row_id in session.execute(stmt):
                found.setdefault(str(value).upper(), row_id)
        return found

    return lookup


def _name_dob_key(names: _Names) -> KeyOf:
    def key(values: Mapping[str, Any]) -> Key | None:
        born = values.get("date_of_birth")
        last = names(values.get("last_name"))
        first = names(values.get("first_name"))
        if not isinstance(born, dt.date) or not last or not first:
            return None
        return (last, first, born)

    return key


def _name_dob_lookup(
    names: _Names,
    model: Any,
    *where: ColumnElement[bool],
) -> Callable[[Session, set[Key]], dict[Key, int]]:
    """One scan of the saved people born on a day the file has; names keyed in Python."""

    def lookup(session: Session, keys: set[Key]) -> dict[Key, int]:
        days = {k[2] for k in keys if isinstance(k, tuple)}
        found: dict[Key, int] = {}
        if not days:
            return found
        stmt = (
            select(model.id, model.last_name, model.first_name, model.date_of_birth)
            .where(model.date_of_birth.is_not(None), *where)
            .order_by(model.id)
        )
        if len(days) <= CHUNK:
            stmt = stmt.where(model.date_of_birth.in_(sorted(days)))
        for row_id, last, first, born in session.execute(stmt):
            if born in days:
                found.setdefault((names(last), names(first), born), row_id)
        return found

    return lookup


def _phone_key(values: Mapping[str, Any]) -> Key | None:
    phone = values.get("phone")
    return people.normalise_phone(str(phone)) if phone else None


def _field_key(name: str) -> KeyOf:
    return lambda values: _text_key(values.get(name))


def _rules(kind: ImportKind) -> list[_Rule]:
    names = _Names()
    if kind == ImportKind.BENEFICIARIES:
        b = m.Beneficiary
        alive = b.erased_at.is_(None)
        return [
            _Rule(
                Certainty.CERTAIN,
                _SAME_FIN,
                lambda v: (
                    _text_key(people.normalise_fin(str(v["national_id"])))
                    if v.get("national_id")
                    else None
                ),
                _by_index(b.national_id, b.id, alive),
            ),
            _Rule(
                Certainty.CERTAIN,
                _SAME_REGISTRATION_NO,
                _field_key("registration_no"),
                _by_index(b.registration_no, b.id),
            ),
            _Rule(
                Certainty.LIKELY,
                _SAME_NAME_DOB,
                _name_dob_key(names),
                _name_dob_lookup(names, b, alive),
            ),
            _Rule(Certainty.LIKELY, _SAME_PHONE, _phone_key, _by_index(b.phone, b.id, alive)),
        ]
    if kind in (ImportKind.MEMBERS, ImportKind.VOLUNTEERS):
        model: Any = m.Member if kind == ImportKind.MEMBERS else m.Volunteer
        number = "membership_no" if kind == ImportKind.MEMBERS else "volunteer_no"
        reason = _SAME_MEMBERSHIP_NO if kind == ImportKind.MEMBERS else _SAME_VOLUNTEER_NO
        return [
            _Rule(
                Certainty.CERTAIN,
                reason,
                _field_key(number),
                _by_index(getattr(model, number), model.id),
            ),
            # Members and volunteers keep no FİN: a FİN in the file only links its own rows.
            _Rule(
                Certainty.CERTAIN,
                _SAME_FIN,
                lambda v: (
                    _text_key(people.normalise_fin(str(v["national_id"])))
                    if v.get("national_id")
                    else None
                ),
                None,
            ),
            _Rule(
                Certainty.LIKELY,
                _SAME_NAME_DOB,
                _name_dob_key(names),
                _name_dob_lookup(names, model),
            ),
            _Rule(Certainty.LIKELY, _SAME_PHONE, _phone_key, _by_index(model.phone, model.id)),
        ]
    if kind == ImportKind.ATTENDANCE:
        return [_Rule(Certainty.CERTAIN, _SAME_SESSION, _session_key, _session_lookup)]
    return [
        _Rule(Certainty.CERTAIN, _SAME_RECEIPT, _expense_key(True), _expense_lookup(True)),
        _Rule(Certainty.LIKELY, _SAME_PAYMENT, _expense_key(False), _expense_lookup(False)),
    ]


def _session_key(values: Mapping[str, Any]) -> Key | None:
    parts = (
        values.get("beneficiary_id"),
        values.get("activity_id"),
        values.get("date"),
        str(values["service"]) if values.get("service") else None,
    )
    return None if None in parts else parts


def _session_lookup(session: Session, keys: set[Key]) -> dict[Key, int]:
    """Saved deliveries of the people in the file, by (person, activity, day, service)."""
    people_ids = sorted({k[0] for k in keys if isinstance(k, tuple)})
    d = m.ServiceDelivery
    found: dict[Key, int] = {}
    for start in range(0, len(people_ids), CHUNK):
        stmt = (
            select(d.id, d.beneficiary_id, d.activity_id, d.delivered_on, d.service_type)
            .where(d.beneficiary_id.in_(people_ids[start : start + CHUNK]))
            .order_by(d.id)
        )
        for row_id, pid, activity_id, on, service in session.execute(stmt):
            key = (pid, activity_id, on, str(service))
            if key in keys:
                found.setdefault(key, row_id)
    return found


def _expense_key(with_receipt: bool) -> KeyOf:
    def key(values: Mapping[str, Any]) -> Key | None:
        receipt = _text_key(values.get("receipt_no"))
        if with_receipt != (receipt is not None):
            return None
        last = receipt if with_receipt else people.fold(str(values.get("payee") or ""))
        amount = values.get("amount")
        parts = (
            values.get("project_id"),
            values.get("date"),
            Decimal(amount).quantize(Decimal("0.01")) if amount is not None else None,
            _text_key(values.get("currency")),
            last or None,
        )
        return None if None in parts else parts

    return key


def _expense_lookup(with_receipt: bool) -> Callable[[Session, set[Key]], dict[Key, int]]:
    def lookup(session: Session, keys: set[Key]) -> dict[Key, int]:
        days = sorted({k[1] for k in keys if isinstance(k, tuple)})
        e = m.Expense
        found: dict[Key, int] = {}
        for start in range(0, len(days), CHUNK):
            stmt = (
                select(e.id, e.project_id, e.spent_on, e.amount, e.currency, e.receipt_no, e.payee)
                .where(e.spent_on.in_(days[start : start + CHUNK]))
                .order_by(e.id)
            )
            for row_id, project_id, on, amount, currency, receipt, payee in session.execute(stmt):
                last = _text_key(receipt) if with_receipt else people.fold(payee)
                if with_receipt != (receipt not in (None, "")):
                    continue
                key = (project_id, on, amount, currency.upper(), last)
                if key in keys:
                    found.setdefault(key, row_id)
        return found

    return lookup


# --- finding --------------------------------------------------------------------------------


def find_duplicates(session: Session, checked: Checked) -> tuple[DuplicatePair, ...]:
    """Every duplicate pair of the file's valid rows, in file order, strongest reason first.

    Reads the database only (nothing is written).
    """
    rules = _rules(checked.kind)
    records = checked.records
    file_keys = [[rule.key(record.values) for rule in rules] for record in records]
    saved: list[dict[Key, int]] = []
    for index, rule in enumerate(rules):
        wanted = {keys[index] for keys in file_keys if keys[index] is not None}
        saved.append(rule.lookup(session, wanted) if rule.lookup and wanted else {})
    first_row: list[dict[Key, Record]] = [{} for _rule in rules]
    found: list[tuple[Record, Record | None, int | None, _Rule]] = []
    for record, keys in zip(records, file_keys, strict=True):
        targets: set[tuple[str, int]] = set()
        for index, (rule, key) in enumerate(zip(rules, keys, strict=True)):
            if key is None:
                continue
            existing = saved[index].get(key)
            if existing is not None and ("db", existing) not in targets:
                targets.add(("db", existing))
                found.append((record, None, existing, rule))
            earlier = first_row[index].get(key)
            if earlier is None:
                first_row[index][key] = record
            elif ("row", earlier.row) not in targets:
                targets.add(("row", earlier.row))
                found.append((record, earlier, None, rule))
    saved_summaries = _saved_summaries(
        session, checked.kind, {existing for _r, _o, existing, _rule in found if existing}
    )
    pairs = []
    for record, other, existing, rule in found:
        right = (
            _file_summary(checked.kind, other.values)
            if other is not None
            else saved_summaries.get(existing or 0, {})
        )
        pairs.append(
            DuplicatePair(
                key=f"r{record.row}-r{other.row}"
                if other is not None
                else f"r{record.row}-db{existing}",
                row=record.row,
                other_row=other.row if other is not None else None,
                existing_id=existing,
                certainty=rule.certainty,
                reason=_(rule.reason),
                left=_file_summary(checked.kind, record.values),
                right=right,
            )
        )
    return tuple(pairs)


# --- what the user compares -----------------------------------------------------------------

#: The columns shown side by side, per kind (canonical keys).
SUMMARY_COLUMNS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.BENEFICIARIES: (
        "registration_no",
        "last_name",
        "first_name",
        "patronymic",
        "sex",
        "date_of_birth",
        "national_id",
        "phone",
        "rayon",
        "settlement",
        "household_code",
    ),
    ImportKind.MEMBERS: (
        "membership_no",
        "last_name",
        "first_name",
        "patronymic",
        "sex",
        "date_of_birth",
        "phone",
        "email",
        "rayon",
    ),
    ImportKind.VOLUNTEERS: (
        "volunteer_no",
        "last_name",
        "first_name",
        "patronymic",
        "sex",
        "date_of_birth",
        "phone",
        "email",
        "rayon",
    ),
    ImportKind.ATTENDANCE: (
        "beneficiary",
        "activity_code",
        "date",
        "service",
        "quantity",
        "value",
        "currency",
    ),
    ImportKind.EXPENSES: (
        "project_code",
        "budget_line",
        "date",
        "payee",
        "receipt_no",
        "description",
        "amount",
        "currency",
    ),
}
#: Personal identifiers that never leave the review screen.
PRIVATE_COLUMNS = frozenset({"national_id", "phone", "email"})


def _text(key: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return format_date(value)
    if key == "rayon" and isinstance(value, str):
        return places.place_name(value) or value
    if isinstance(value, StrEnum):
        return vocab.label(value)
    return str(value)


def _file_summary(kind: ImportKind, values: Mapping[str, Any]) -> dict[str, str]:
    summary = {}
    for key in SUMMARY_COLUMNS[kind]:
        text = _text(key, values.get(key))
        if text:
            summary[key] = text
    return summary


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _saved_summaries(
    session: Session, kind: ImportKind, ids: set[int]
) -> dict[int, dict[str, str]]:
    """The saved side of each pair, in the same canonical columns as the file side."""
    result: dict[int, dict[str, str]] = {}
    for chunk in _chunks(ids):
        for row_id, values in _saved_values(session, kind, chunk):
            result[row_id] = _file_summary(kind, values)
    return result


def _saved_values(
    session: Session, kind: ImportKind, ids: Sequence[int]
) -> Iterator[tuple[int, dict[str, Any]]]:
    if kind == ImportKind.BENEFICIARIES:
        b = m.Beneficiary
        people_stmt = (
            select(b, m.Household.code)
            .outerjoin(m.Household, m.Household.id == b.household_id)
            .where(b.id.in_(ids))
        )
        for row, household_code in session.execute(people_stmt):
            yield (
                row.id,
                {
                    "registration_no": row.registration_no,
                    "last_name": row.last_name,
                    "first_name": row.first_name,
                    "patronymic": row.patronymic,
                    "sex": vocab.Sex(row.sex),
                    "date_of_birth": row.date_of_birth,
                    "national_id": row.national_id,
                    "phone": row.phone,
                    "rayon": row.rayon_code,
                    "settlement": row.settlement,
                    "household_code": household_code,
                },
            )
    elif kind in (ImportKind.MEMBERS, ImportKind.VOLUNTEERS):
        model: Any = m.Member if kind == ImportKind.MEMBERS else m.Volunteer
        number = "membership_no" if kind == ImportKind.MEMBERS else "volunteer_no"
        for row in session.scalars(select(model).where(model.id.in_(ids))):
            yield (
                row.id,
                {
                    number: getattr(row, number),
                    "last_name": row.last_name,
                    "first_name": row.first_name,
                    "patronymic": row.patronymic,
                    "sex": vocab.Sex(row.sex),
                    "date_of_birth": row.date_of_birth,
                    "phone": row.phone,
                    "email": row.email,
                    "rayon": row.rayon_code,
                },
            )
    elif kind == ImportKind.ATTENDANCE:
        d = m.ServiceDelivery
        deliveries = (
            select(d, m.Beneficiary.registration_no, m.Activity.code)
            .join(m.Beneficiary, m.Beneficiary.id == d.beneficiary_id)
            .join(m.Activity, m.Activity.id == d.activity_id)
            .where(d.id.in_(ids))
        )
        for delivery, number, activity_code in session.execute(deliveries):
            yield (
                delivery.id,
                {
                    "beneficiary": number,
                    "activity_code": activity_code,
                    "date": delivery.delivered_on,
                    "service": vocab.ServiceType(delivery.service_type),
                    "quantity": delivery.quantity,
                    "value": delivery.value,
                    "currency": delivery.currency,
                },
            )
    else:
        e = m.Expense
        expenses = (
            select(e, m.Project.code, m.BudgetLine.line_code)
            .outerjoin(m.Project, m.Project.id == e.project_id)
            .outerjoin(m.BudgetLine, m.BudgetLine.id == e.budget_line_id)
            .where(e.id.in_(ids))
        )
        for expense, project_code, line_code in session.execute(expenses):
            yield (
                expense.id,
                {
                    "project_code": project_code,
                    "budget_line": line_code,
                    "date": expense.spent_on,
                    "payee": expense.payee,
                    "receipt_no": expense.receipt_no,
                    "description": expense.description,
                    "amount": expense.amount,
                    "currency": expense.currency,
                },
            )


# --- decisions for review -------------------------------------------------------------------

_DECISION_COLUMNS = (
    N_("Pair"),
    N_("Certainty"),
    N_("Reason"),
    N_("File row"),
    N_("Other file row"),
    N_("Saved record"),
    N_("Decision"),
    N_("In the file"),
    N_("The other one"),
)


def _who(summary: Mapping[str, str]) -> str:
    """One line about a side of a pair, without FİN, phone or e-mail."""
    return "; ".join(text for key, text in summary.items() if key not in PRIVATE_COLUMNS)


def write_decisions(
    pairs: Sequence[DuplicatePair], decisions: Mapping[str, Decision], path: Path | str
) -> int:
    """Write the pairs and what was decided for each to a CSV or XLSX file (by extension).

    Names and dates of birth are written so that a colleague can review the decisions; FİN,
    phone and e-mail never are. Pairs without a decision are written with an empty decision.
    Returns the number of pairs written; the file is written whole or not at all.
    """
    rows: list[list[str | int | None]] = []
    for pair in pairs:
        decision = decisions.get(pair.key)
        rows.append(
            [
                pair.key,
                _(CERTAINTY_LABELS[pair.certainty]),
                pair.reason,
                pair.row,
                pair.other_row,
                pair.right.get("registration_no")
                or pair.right.get("membership_no")
                or pair.right.get("volunteer_no")
                or (str(pair.existing_id) if pair.existing_id is not None else None),
                _(DECISION_LABELS[Decision(decision)]) if decision else "",
                _who(pair.left),
                _who(pair.right),
            ]
        )
    kinds = [ColumnKind.TEXT, ColumnKind.TEXT, ColumnKind.TEXT, ColumnKind.INTEGER]
    kinds += [ColumnKind.INTEGER] + [ColumnKind.TEXT] * 4
    return write_table(
        Path(path),
        title=_("Duplicates"),
        titles=[_(title) for title in _DECISION_COLUMNS],
        kinds=kinds,
        windows=iter([rows]),
    )
