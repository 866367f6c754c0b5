"""Writing a checked list: all rows in one transaction, or none.

Every duplicate pair is resolved first (:func:`plan`): the user's decision for the pair, else
for a **certain** pair ``on_duplicate`` (skip the file row, or update the saved record with it),
and for a **likely** pair "keep both" — the row is imported and the pair is listed in
:attr:`ImportSummary.likely_duplicates` for review. Without a person to ask, a certain duplicate
never becomes a second record.

The rows are then written with bulk statements in ONE transaction (``database.transaction()``):
a failure, a killed process or a power cut leaves the file exactly as it was (SQLite's WAL keeps
an unfinished transaction out of the file). A dry run does the same work in a transaction that
is rolled back, so its summary is the real one and nothing is kept. Each kind follows the rules
of its service: registration numbers from :mod:`cso_desktop.services.numbering`, search text and
sort keys as the registers fill them, attendance through
:func:`cso_desktop.services.activities.record_attendance`, expenses through
:func:`cso_desktop.services.budget.validate_expense` with the month's rate from
:func:`cso_desktop.services.budget.propose_rate`. The audit log gets one entry with counts only.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import people, vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.domain.validation import FormErrors
from cso_desktop.domain.vocab import AuditAction, TagKind
from cso_desktop.i18n import _, ngettext
from cso_desktop.services import activities, audit, beneficiaries, budget, members, volunteers
from cso_desktop.services.importing.checking import Checked, Record
from cso_desktop.services.importing.duplicates import Certainty, Decision, DuplicatePair
from cso_desktop.services.importing.schema import ImportKind
from cso_desktop.services.numbering import next_number

log = logging.getLogger(__name__)

#: Rows per bulk statement (and per progress report).
CHUNK = 2000
#: File rows named in one message before "and N more".
_NAMED = 10

Progress = Callable[[int, int], None]


class OnDuplicate(StrEnum):
    SKIP = "skip"
    UPDATE = "update"


@dataclass(frozen=True)
class ImportOptions:
    """How to import.

    Attributes:
        dry_run: compute the summary, keep nothing.
        valid_rows_only: import the rows without problems and leave the others out; without
            it a file with any problem is refused whole.
        on_duplicate: what to do with a certain duplicate nobody decided about.
        decisions: the user's decision per :attr:`DuplicatePair.key`.
        user_name: for the audit log.
        today: the day of the import (registration date and age estimates); default today.
    """

    dry_run: bool = False
    valid_rows_only: bool = False
    on_duplicate: OnDuplicate = OnDuplicate.SKIP
    decisions: Mapping[str, Decision] = field(default_factory=dict)
    user_name: str | None = None
    today: dt.date | None = None


@dataclass(frozen=True)
class ImportSummary:
    """What the import did (or, for a dry run, would do).

    Attributes:
        rows: data rows in the file.
        added: new records.
        updated: saved records updated from the file.
        skipped: valid rows left out as duplicates.
        problems: rows left out because of problems (``valid_rows_only``).
        likely_duplicates: likely pairs imported without a decision, to review.
        merged: rows folded into another row of the same file (one record from both).
    ``added + updated + skipped + merged`` is the number of valid rows, except for attendance,
    where saved sessions updated count in ``updated`` once per person and session.
    """

    kind: ImportKind
    rows: int
    added: int
    updated: int
    skipped: int
    problems: int
    likely_duplicates: tuple[DuplicatePair, ...]
    dry_run: bool
    merged: int = 0


# --- planning -------------------------------------------------------------------------------


@dataclass
class Target:
    """One record to write: a new one (``existing_id`` ``None``) or a saved one to update."""

    existing_id: int | None
    records: list[Record]

    @property
    def row(self) -> int:
        return self.records[0].row

    def values(self) -> dict[str, Any]:
        """The rows' values merged: later non-empty values win; lists of codes add up."""
        merged: dict[str, Any] = {}
        for record in self.records:
            for key, value in record.values.items():
                if value is None or value == "" or value == () or value == frozenset():
                    continue
                previous = merged.get(key)
                if isinstance(value, tuple | frozenset | set | list) and previous:
                    merged[key] = tuple(dict.fromkeys([*previous, *value]))
                else:
                    merged[key] = value
        return merged


@dataclass(frozen=True)
class Plan:
    targets: tuple[Target, ...]
    skipped: int
    merged: int
    likely: tuple[DuplicatePair, ...]


def _decision(pair: DuplicatePair, options: ImportOptions) -> tuple[Decision, bool]:
    """The decision for a pair and whether it was left to the defaults."""
    chosen = options.decisions.get(pair.key)
    if chosen is not None:
        return Decision(chosen), False
    if pair.certainty == Certainty.CERTAIN:
        if options.on_duplicate == OnDuplicate.UPDATE:
            return Decision.MERGE, True
        return Decision.SKIP, True
    return Decision.KEEP_BOTH, True


def plan(checked: Checked, pairs: Sequence[DuplicatePair], options: ImportOptions) -> Plan:
    """Which record each valid row becomes part of (pure: reads nothing, writes nothing).

    For each row, its pairs with saved records come before its pairs with other rows, certain
    before likely; the first pair decided "merge" or "skip" settles the row, "keep both" lets
    the next pair speak. A row merged with an earlier row joins whatever that row became (a new
    record, a saved record, or nothing when it was skipped).
    """
    by_row: dict[int, list[DuplicatePair]] = {}
    for pair in pairs:
        by_row.setdefault(pair.row, []).append(pair)
    rows = {record.row for record in checked.records}
    target_of: dict[int, Target | None] = {}
    saved: dict[int, Target] = {}
    targets: list[Target] = []
    skipped = merged = 0
    likely: list[DuplicatePair] = []
    for record in checked.records:
        own = sorted(
            by_row.get(record.row, ()),
            key=lambda p: (p.existing_id is None, p.certainty != Certainty.CERTAIN),
        )
        target: Target | None = None
        settled = False
        undecided_likely: list[DuplicatePair] = []
        for pair in own:
            decision, default = _decision(pair, options)
            if decision == Decision.KEEP_BOTH:
                if default:
                    undecided_likely.append(pair)
                continue
            if decision == Decision.SKIP:
                settled = True
                break
            if pair.existing_id is not None:
                target = saved.get(pair.existing_id)
                if target is None:
                    target = saved[pair.existing_id] = Target(pair.existing_id, [])
                    targets.append(target)
                settled = True
                break
            if pair.other_row in rows and pair.other_row in target_of:
                target = target_of[pair.other_row]
                settled = True
                break
        if settled and target is None:
            skipped += 1
            target_of[record.row] = None
            continue
        if target is None:
            target = Target(None, [])
            targets.append(target)
        elif target.records:
            merged += 1
        target.records.append(record)
        target_of[record.row] = target
        likely.extend(undecided_likely)
    return Plan(tuple(targets), skipped, merged, tuple(likely))


# --- running --------------------------------------------------------------------------------


def refuse_problems(checked: Checked) -> None:
    """Raise a translated ValidationError when rows have problems."""
    count = len(checked.bad_rows)
    raise ValidationError(
        ngettext(
            "{count} row of the file has problems, so nothing was imported. Correct the row and "
            "check the file again, or choose to import only the rows without problems.",
            "{count} rows of the file have problems, so nothing was imported. Correct the rows "
            "and check the file again, or choose to import only the rows without problems.",
            count,
        ).format(count=count)
    )


def run_import(
    database: Database,
    checked: Checked,
    pairs: Sequence[DuplicatePair],
    options: ImportOptions | None = None,
    *,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import the checked rows: all of them in one transaction, or nothing.

    Raises:
        ValidationError: the file has problems and ``valid_rows_only`` is not set; an expense
            has no rate; a row breaks a rule of its register (nothing is written then).
    """
    options = options or ImportOptions()
    if checked.problems and not options.valid_rows_only:
        refuse_problems(checked)
    the_plan = plan(checked, pairs, options)
    today = options.today or dt.date.today()
    writer = _Writer(checked, the_plan, options, today, progress)
    try:
        if options.dry_run:
            with database.reading() as session:
                summary = writer.run(session)
                session.rollback()
            return summary
        with database.transaction() as session:
            return writer.run(session)
    except IntegrityError as exc:
        # The checks let through a row the database refuses: a bug, but the user still needs
        # to know that nothing was written and what to do.
        log.exception("import refused by the database")
        raise ValidationError(
            _(
                "The data file refused a row of the list ({detail}), so nothing was imported. "
                "Check the file for unusual values and try again."
            ).format(detail=str(exc.orig) if exc.orig is not None else type(exc).__name__)
        ) from exc


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _numbers(
    session: Session,
    column: InstrumentedAttribute[str],
    prefix: str,
    width: int,
    taken: Iterable[str],
) -> Iterator[str]:
    """New record numbers after the highest saved one, skipping numbers the file brings."""
    first = next_number(session, column, prefix, width)
    number = int(first[len(prefix) :])
    used = {str(t).upper() for t in taken}
    while True:
        candidate = f"{prefix}{number:0{width}d}"
        number += 1
        if candidate.upper() not in used:
            yield candidate


def _first_free_id(session: Session, model: Any) -> int:
    """The id after the highest one. Ids are given here, not by RETURNING, because SQLite
    returns ids in order only one row per statement, which makes bulk inserts ten times slower.
    A writer that saved in between makes this transaction fail (SQLite refuses to write from
    an outdated snapshot, and ids are primary keys), never mixes records up."""
    return int(session.scalar(select(func.max(model.id))) or 0) + 1


def _assign_ids(
    session: Session, model: Any, targets: Sequence[Target], rows: list[dict[str, Any]]
) -> dict[int, int]:
    """Give each new row its id; returns ``id(target)`` → record id."""
    next_id = _first_free_id(session, model)
    ids: dict[int, int] = {}
    for target, row in zip(targets, rows, strict=True):
        row["id"] = ids[id(target)] = next_id
        next_id += 1
    return ids


def _named_rows(rows: Sequence[int]) -> str:
    named = ", ".join(str(r) for r in rows[:_NAMED])
    if len(rows) <= _NAMED:
        return named
    more = len(rows) - _NAMED
    return ngettext("{rows} and {count} more", "{rows} and {count} more", more).format(
        rows=named, count=more
    )


class _Writer:
    def __init__(
        self,
        checked: Checked,
        the_plan: Plan,
        options: ImportOptions,
        today: dt.date,
        progress: Progress | None,
    ) -> None:
        self.checked = checked
        self.plan = the_plan
        self.options = options
        self.today = today
        self.progress = progress
        self.total = len(checked.records)
        self.done = 0
        self.added = 0
        self.updated = 0

    def tick(self, rows: int) -> None:
        self.done = min(self.total, self.done + rows)
        if self.progress is not None:
            self.progress(self.done, self.total)

    def run(self, session: Session) -> ImportSummary:
        kind = self.checked.kind
        if self.progress is not None:
            self.progress(0, self.total)
        new = [t for t in self.plan.targets if t.existing_id is None]
        old = [t for t in self.plan.targets if t.existing_id is not None]
        merged = self.plan.merged
        if kind == ImportKind.BENEFICIARIES:
            _Beneficiaries(self, session).write(new, old)
        elif kind in (ImportKind.MEMBERS, ImportKind.VOLUNTEERS):
            _People(self, session, kind).write(new, old)
        elif kind == ImportKind.ATTENDANCE:
            _attendance(self, session, self.plan.targets)
            merged = len(self.checked.records) - self.plan.skipped - self.added - self.updated
        else:
            _expenses(self, session, new, old)
        summary = ImportSummary(
            kind=kind,
            rows=self.checked.rows,
            added=self.added,
            updated=self.updated,
            skipped=self.plan.skipped,
            problems=len(self.checked.bad_rows),
            likely_duplicates=self.plan.likely,
            dry_run=self.options.dry_run,
            merged=max(0, merged),
        )
        audit.record(
            session,
            AuditAction.IMPORT,
            str(kind),
            None,
            user_name=self.options.user_name,
            detail={
                "rows": summary.rows,
                "added": summary.added,
                "updated": summary.updated,
                "skipped": summary.skipped,
                "merged": summary.merged,
                "problems": summary.problems,
                "likely_duplicates": len(summary.likely_duplicates),
            },
        )
        session.flush()
        if self.progress is not None:
            self.progress(self.total, self.total)
        return summary


def _present(values: Mapping[str, Any], key: str) -> bool:
    value = values.get(key)
    return value is not None and value != "" and value != ()


def _codes(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.replace(",", ";").split(";") if part.strip())
    return tuple(str(v) for v in value)


# --- beneficiaries --------------------------------------------------------------------------

#: File column → beneficiary column, copied as they are when present.
_BENEFICIARY_COLUMNS = {
    "first_name": "first_name",
    "last_name": "last_name",
    "patronymic": "patronymic",
    "sex": "sex",
    "date_of_birth": "date_of_birth",
    "displacement_status": "displacement_status",
    "origin_rayon": "origin_rayon_code",
    "rayon": "rayon_code",
    "settlement": "settlement",
    "phone": "phone",
    "national_id": "national_id",
    "notes": "notes",
    "registration_date": "registered_on",
    "relation_to_head": "relation_to_head",
    **{f"wg_{d}": f"wg_{d}" for d in people.WG_DOMAINS},
}
_WG_COLUMNS = tuple(f"wg_{d}" for d in people.WG_DOMAINS)
_PERSONAL = ("first_name", "last_name", "patronymic", "phone", "national_id")


class _Beneficiaries:
    def __init__(self, writer: _Writer, session: Session) -> None:
        self.w = writer
        self.session = session
        self.today = writer.today

    def write(self, new: list[Target], old: list[Target]) -> None:
        values = {id(t): t.values() for t in (*new, *old)}
        households = self._households([(t, values[id(t)]) for t in (*new, *old)])
        ids = self._insert(new, values, households)
        self._update(old, values, households)
        people_rows = [(ids[id(t)], values[id(t)]) for t in new]
        people_rows += [(t.existing_id, values[id(t)]) for t in old if t.existing_id is not None]
        self._consents_and_vulnerabilities(people_rows, new_ids={ids[id(t)] for t in new})
        self._heads(households, [(pid, v) for pid, v in people_rows])

    # households ---------------------------------------------------------------------------

    def _households(self, targets: list[tuple[Target, dict[str, Any]]]) -> dict[str, int]:
        """Household code → id; households the file names and the file does not have are
        created once, with the rayon and settlement of their first member."""
        first: dict[str, dict[str, Any]] = {}
        for _target, v in targets:
            code = str(v.get("household_code") or "").strip()
            if code:
                first.setdefault(code.upper(), v)
        found: dict[str, int] = {}
        codes = sorted(first)
        for chunk in _chunks(codes, 500):
            for row_id, code in self.session.execute(
                select(m.Household.id, m.Household.code).where(m.Household.code.in_(chunk))
            ):
                found[code.upper()] = row_id
        missing = [c for c in codes if c not in found]
        rows = [
            {
                "code": str(first[c]["household_code"]).strip(),
                "rayon_code": first[c].get("rayon"),
                "settlement": first[c].get("settlement"),
            }
            for c in missing
        ]
        next_id = _first_free_id(self.session, m.Household)
        for code, row in zip(missing, rows, strict=True):
            row["id"] = found[code] = next_id
            next_id += 1
        for chunk in _chunks(rows):
            self.session.execute(insert(m.Household), list(chunk))
        return found

    def _row(self, v: Mapping[str, Any], households: Mapping[str, int]) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for key, column in _BENEFICIARY_COLUMNS.items():
            if _present(v, key):
                row[column] = v[key]
        if "relation_to_head" in row:
            row["relation_to_head"] = vocab.HouseholdRelation(row["relation_to_head"])
        code = str(v.get("household_code") or "").strip().upper()
        if code:
            row["household_id"] = households[code]
        if _present(v, "age") and not _present(v, "date_of_birth"):
            row["estimated_age"] = int(v["age"])
            row["age_estimated_on"] = v.get("registration_date") or self.today
            row["date_of_birth"] = None
        return row

    def _insert(
        self,
        new: list[Target],
        values: Mapping[int, dict[str, Any]],
        households: Mapping[str, int],
    ) -> dict[int, int]:
        numbers = _numbers(
            self.session,
            m.Beneficiary.registration_no,
            "B-",
            6,
            (values[id(t)]["registration_no"] for t in new if values[id(t)].get("registration_no")),
        )
        rows = []
        for target in new:
            v = values[id(target)]
            row = {
                "is_anonymous": False,
                "sex": vocab.Sex.UNKNOWN,
                "displacement_status": vocab.DisplacementStatus.NONE,
                "registered_on": self.today,
                "archived": False,
                **self._row(v, households),
            }
            row["registration_no"] = str(v.get("registration_no") or next(numbers))
            if not any(row.get(k) for k in _PERSONAL):
                # No name and no identifier: an anonymous record, which keeps an age, never a
                # date of birth (as beneficiaries.validate saves it).
                row["is_anonymous"] = True
                born = row.pop("date_of_birth", None)
                if born is not None:
                    row["estimated_age"] = people.age_on(self.today, date_of_birth=born)
                    row["age_estimated_on"] = self.today
            _derived(row)
            rows.append(row)
        ids = _assign_ids(self.session, m.Beneficiary, new, rows)
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            self.session.execute(insert(m.Beneficiary), chunk)
            self.w.added += len(chunk)
            self.w.tick(sum(len(t.records) for t in new[start : start + CHUNK]))
        return ids

    def _update(
        self, old: list[Target], values: Mapping[int, dict[str, Any]], households: Mapping[str, int]
    ) -> None:
        b = m.Beneficiary
        loaded = [c.name for c in b.__table__.columns]
        for chunk in _chunks(old):
            by_id = {t.existing_id: t for t in chunk}
            changes = []
            for saved in self.session.execute(select(*b.__table__.columns).where(b.id.in_(by_id))):
                current = dict(zip(loaded, saved, strict=True))
                target = by_id[current["id"]]
                change = self._row(values[id(target)], households)
                if current["erased_at"] is not None:
                    # An erased person's data stays erased; the row counts as updated in nothing.
                    continue
                merged = {**current, **change}
                if change:
                    merged["is_anonymous"] = bool(current["is_anonymous"]) and not any(
                        merged.get(k) for k in ("first_name", "last_name", "national_id", "phone")
                    )
                _derived(merged)
                changes.append(
                    {key: merged[key] for key in (*change, *_DERIVED_COLUMNS, "is_anonymous", "id")}
                )
            if changes:
                self.session.execute(sql_update(b), changes)
            self.w.updated += len(changes)
            self.w.tick(sum(len(t.records) for t in chunk))

    def _consents_and_vulnerabilities(
        self, people_rows: list[tuple[int, dict[str, Any]]], *, new_ids: set[int]
    ) -> None:
        consents = []
        criteria = []
        existing_criteria: set[tuple[int, str]] = set()
        old_ids = [pid for pid, _v in people_rows if pid not in new_ids]
        for chunk in _chunks(old_ids, 500):
            for pid, criterion in self.session.execute(
                select(
                    m.BeneficiaryVulnerability.beneficiary_id, m.BeneficiaryVulnerability.criterion
                ).where(m.BeneficiaryVulnerability.beneficiary_id.in_(chunk))
            ):
                existing_criteria.add((pid, str(criterion)))
        known_consents: set[tuple[int, dt.date]] = set()
        for chunk in _chunks(old_ids, 500):
            for pid, recorded_on in self.session.execute(
                select(m.Consent.beneficiary_id, m.Consent.recorded_on).where(
                    m.Consent.beneficiary_id.in_(chunk),
                    m.Consent.purpose == vocab.ConsentPurpose.REGISTRATION,
                )
            ):
                known_consents.add((pid, recorded_on))
        for pid, v in people_rows:
            consent_on = v.get("consent_date")
            if isinstance(consent_on, dt.date) and (pid, consent_on) not in known_consents:
                known_consents.add((pid, consent_on))
                consents.append(
                    {
                        "beneficiary_id": pid,
                        "purpose": vocab.ConsentPurpose.REGISTRATION,
                        "given": True,
                        "recorded_on": v["consent_date"],
                        "method": vocab.ConsentMethod.WRITTEN,
                        "recorded_by_name": self.w.options.user_name,
                    }
                )
            for code in _codes(v.get("vulnerability")):
                if (pid, code) not in existing_criteria:
                    existing_criteria.add((pid, code))
                    criteria.append({"beneficiary_id": pid, "criterion": vocab.Vulnerability(code)})
        for chunk in _chunks(consents):
            self.session.execute(insert(m.Consent), list(chunk))
        for chunk in _chunks(criteria):
            self.session.execute(insert(m.BeneficiaryVulnerability), list(chunk))

    def _heads(self, households: Mapping[str, int], rows: list[tuple[int, dict[str, Any]]]) -> None:
        """Each household the file names gets a head: its member marked "head", else (if it
        has none yet) its first member in the file, as :func:`beneficiaries.set_head` does."""
        if not households:
            return
        heads: dict[int, int | None] = {}
        for chunk in _chunks(sorted(set(households.values())), 500):
            for row_id, head_id in self.session.execute(
                select(m.Household.id, m.Household.head_id).where(m.Household.id.in_(chunk))
            ):
                heads[row_id] = head_id
        marked: dict[int, int] = {}
        first: dict[int, int] = {}
        for pid, v in rows:
            code = str(v.get("household_code") or "").strip().upper()
            if not code:
                continue
            household_id = households[code]
            first.setdefault(household_id, pid)
            if v.get("relation_to_head") == vocab.HouseholdRelation.HEAD:
                marked.setdefault(household_id, pid)
        household_changes = []
        person_changes = []
        for household_id, pid in first.items():
            head = marked.get(household_id)
            current = heads.get(household_id)
            if head is None:
                if current is not None:
                    continue
                head = pid
            if current == head:
                continue
            if current is not None:
                person_changes.append(
                    {"id": current, "relation_to_head": vocab.HouseholdRelation.OTHER_RELATIVE}
                )
            household_changes.append({"id": household_id, "head_id": head})
            person_changes.append({"id": head, "relation_to_head": vocab.HouseholdRelation.HEAD})
        for chunk in _chunks(person_changes):
            self.session.execute(sql_update(m.Beneficiary), list(chunk))
        for chunk in _chunks(household_changes):
            self.session.execute(sql_update(m.Household), list(chunk))


_DERIVED_COLUMNS = ("search_text", "sort_key", "has_disability")


def _derived(row: dict[str, Any]) -> None:
    """search_text, sort_key and has_disability, exactly as the register's form fills them."""
    row.update(
        beneficiaries.search_columns(
            first_name=row.get("first_name"),
            last_name=row.get("last_name"),
            patronymic=row.get("patronymic"),
            registration_no=row.get("registration_no"),
            national_id=row.get("national_id"),
            phone=row.get("phone"),
        )
    )
    row["has_disability"] = people.has_disability([row.get(c) for c in _WG_COLUMNS])


# --- members and volunteers -----------------------------------------------------------------

_PERSON_COLUMNS = (
    "first_name",
    "last_name",
    "patronymic",
    "sex",
    "date_of_birth",
    "phone",
    "email",
    "joined_on",
    "status",
    "notes",
)
_MEMBER_COLUMNS = (*_PERSON_COLUMNS, "address", "left_on", "is_board_member")
_VOLUNTEER_COLUMNS = (*_PERSON_COLUMNS, "settlement", "emergency_contact")


class _People:
    def __init__(self, writer: _Writer, session: Session, kind: ImportKind) -> None:
        self.w = writer
        self.session = session
        self.members = kind == ImportKind.MEMBERS
        self.model: Any = m.Member if self.members else m.Volunteer
        self.number = "membership_no" if self.members else "volunteer_no"
        self.columns = _MEMBER_COLUMNS if self.members else _VOLUNTEER_COLUMNS
        self.search_columns = members.search_columns if self.members else volunteers.search_columns

    def _row(self, v: Mapping[str, Any]) -> dict[str, Any]:
        row = {key: v[key] for key in self.columns if _present(v, key)}
        if _present(v, "rayon"):
            row["rayon_code"] = v["rayon"]
        if self.members and _present(v, "category_id"):
            row["category_id"] = v["category_id"]
        return row

    def _derive(self, row: dict[str, Any]) -> None:
        row.update(
            self.search_columns(
                first_name=row.get("first_name"),
                last_name=row.get("last_name"),
                patronymic=row.get("patronymic"),
                number=row.get(self.number),
                phone=row.get("phone"),
                email=row.get("email"),
            )
        )

    def write(self, new: list[Target], old: list[Target]) -> None:
        values = {id(t): t.values() for t in (*new, *old)}
        prefix = "M-" if self.members else "V-"
        numbers = _numbers(
            self.session,
            getattr(self.model, self.number),
            prefix,
            4,
            (values[id(t)][self.number] for t in new if values[id(t)].get(self.number)),
        )
        status = vocab.MemberStatus.ACTIVE if self.members else vocab.VolunteerStatus.ACTIVE
        rows = []
        for target in new:
            v = values[id(target)]
            row: dict[str, Any] = {
                "status": status,
                "sex": vocab.Sex.UNKNOWN,
                "joined_on": self.w.today,
                "archived": False,
                **self._row(v),
            }
            row[self.number] = str(v.get(self.number) or next(numbers))
            self._derive(row)
            rows.append(row)
        ids = _assign_ids(self.session, self.model, new, rows)
        for start in range(0, len(rows), CHUNK):
            chunk_targets = new[start : start + CHUNK]
            self.session.execute(insert(self.model), rows[start : start + CHUNK])
            self.w.added += len(chunk_targets)
            self.w.tick(sum(len(t.records) for t in chunk_targets))
        columns = [c.name for c in self.model.__table__.columns]
        for chunk in _chunks(old):
            by_id = {t.existing_id: t for t in chunk}
            changes = []
            for saved in self.session.execute(
                select(*self.model.__table__.columns).where(self.model.id.in_(by_id))
            ):
                current = dict(zip(columns, saved, strict=True))
                change = self._row(values[id(by_id[current["id"]])])
                merged = {**current, **change}
                self._derive(merged)
                changes.append({k: merged[k] for k in (*change, "search_text", "sort_key", "id")})
                ids[id(by_id[current["id"]])] = current["id"]
            if changes:
                self.session.execute(sql_update(self.model), changes)
            self.w.updated += len(changes)
            self.w.tick(sum(len(t.records) for t in chunk))
        if not self.members:
            self._tags([(ids[id(t)], values[id(t)]) for t in (*new, *old) if id(t) in ids])

    def _tags(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        """Skills and languages, added to what a volunteer already has."""
        existing: set[tuple[int, int]] = set()
        old_ids = [pid for pid, _v in rows]
        for chunk in _chunks(old_ids, 500):
            for pid, tag_id in self.session.execute(
                select(m.VolunteerTag.volunteer_id, m.VolunteerTag.tag_id).where(
                    m.VolunteerTag.volunteer_id.in_(chunk)
                )
            ):
                existing.add((pid, tag_id))
        links = []
        for pid, v in rows:
            tag_ids = volunteers.tag_ids(
                self.session, TagKind.SKILL, volunteers.clean_tags(_codes(v.get("skills")))
            ) + volunteers.tag_ids(
                self.session, TagKind.LANGUAGE, volunteers.clean_tags(_codes(v.get("languages")))
            )
            for tag_id in tag_ids:
                if (pid, tag_id) not in existing:
                    existing.add((pid, tag_id))
                    links.append({"volunteer_id": pid, "tag_id": tag_id})
        for chunk in _chunks(links):
            self.session.execute(insert(m.VolunteerTag), list(chunk))


# --- attendance -----------------------------------------------------------------------------


def _attendance(writer: _Writer, session: Session, targets: Sequence[Target]) -> None:
    """Sessions recorded through :func:`activities.record_attendance`, one call per activity,
    day and service, so the importer and the attendance sheet follow one rule."""
    sessions: dict[tuple[int, dt.date, str], list[tuple[Target, dict[str, Any]]]] = {}
    for target in targets:
        v = target.values()
        key = (int(v["activity_id"]), v["date"], str(v["service"]))
        sessions.setdefault(key, []).append((target, v))
    for (activity_id, on, service), entries in sessions.items():
        result = activities.record_attendance(
            session,
            activity_id,
            on,
            vocab.ServiceType(service),
            [
                activities.AttendanceEntry(
                    beneficiary_id=int(v["beneficiary_id"]),
                    quantity=Decimal(v.get("quantity") or 1),
                    value=v.get("value"),
                    currency=v.get("currency"),
                    unit=v.get("unit"),
                )
                for _target, v in entries
            ],
            recorded_by=writer.options.user_name,
            today=writer.today,
        )
        writer.added += result.created
        writer.updated += result.updated
        writer.tick(sum(len(t.records) for t, _v in entries))


# --- expenses -------------------------------------------------------------------------------


def _expenses(writer: _Writer, session: Session, new: list[Target], old: list[Target]) -> None:
    """Expenses checked by the budget's own rule; an empty rate is the month's rate, and a row
    with no rate at all stops the import with the rows to fix."""
    currencies: dict[int, str] = {}
    for row_id, currency in session.execute(select(m.Project.id, m.Project.currency)):
        currencies[row_id] = currency
    rows: list[dict[str, Any]] = []
    no_rate: list[int] = []
    for target in (*new, *old):
        v = target.values()
        project_id = v.get("project_id")
        project_currency = currencies.get(int(project_id), "") if project_id is not None else ""
        currency = str(v.get("currency") or project_currency).upper()
        rate = v.get("rate_to_project")
        if rate is None and project_currency:
            proposed = budget.propose_rate(session, currency, project_currency, v["date"])
            rate = proposed.rate if proposed is not None else None
        if rate is None:
            no_rate.append(target.row)
            continue
        draft = budget.ExpenseDraft(
            project_id=project_id,
            budget_line_id=v.get("budget_line_id"),
            spent_on=v.get("date"),
            payee=str(v.get("payee") or ""),
            description=str(v.get("description") or ""),
            amount=v.get("amount") or Decimal(0),
            currency=currency,
            rate_to_project=rate,
            receipt_no=v.get("receipt_no"),
            over_budget_reason=v.get("over_budget_reason"),
        )
        try:
            clean = budget.validate_expense(session, draft, today=writer.today)
        except FormErrors as exc:
            raise ValidationError(
                _("Row {row}: {problem}").format(
                    row=target.row, problem=" ".join(exc.problems.values())
                )
            ) from exc
        row = {
            "project_id": clean.project_id,
            "budget_line_id": clean.budget_line_id,
            "spent_on": clean.spent_on,
            "payee": clean.payee,
            "receipt_no": clean.receipt_no,
            "description": clean.description,
            "amount": Decimal(clean.amount),
            "currency": clean.currency,
            "rate_to_project": Decimal(str(clean.rate_to_project)),
            "over_budget_reason": clean.over_budget_reason,
        }
        if target.existing_id is not None:
            row = {k: val for k, val in row.items() if val is not None}
            row["id"] = target.existing_id
        rows.append(row)
    if no_rate:
        raise ValidationError(
            ngettext(
                "Row {rows} has no exchange rate to the project currency and the month has no "
                "rate either. Enter the rate in the file, or add the month's rate in Budget → "
                "Exchange rates, then import again.",
                "Rows {rows} have no exchange rate to the project currency and their months have "
                "no rate either. Enter the rates in the file, or add the months' rates in "
                "Budget → Exchange rates, then import again.",
                len(no_rate),
            ).format(rows=_named_rows(no_rate))
        )
    added = [r for r in rows if "id" not in r]
    changed = [r for r in rows if "id" in r]
    for chunk in _chunks(added):
        session.execute(insert(m.Expense), list(chunk))
        writer.added += len(chunk)
        writer.tick(len(chunk))
    for chunk in _chunks(changed):
        session.execute(sql_update(m.Expense), list(chunk))
        writer.updated += len(chunk)
        writer.tick(len(chunk))
