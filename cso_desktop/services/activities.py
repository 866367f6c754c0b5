"""Activities of a project, who took part in them and what each person received.

An activity belongs to a project and may serve one of its logframe outputs. Participation is
recorded by **session**: one activity on one day. Recording the attendance of a session writes one
``service_delivery`` row per person and service in a single transaction, with bulk statements so
that a session of 60 people is instant and one of 5,000 is fast. Recording the same person, day
and service again updates the row instead of adding a second one, so totals are never doubled.

People are found with the beneficiaries register's search (the folded full-text index), never
with a ``LIKE`` of its own; archived and erased people cannot receive new services.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.domain import people, validation, vocab
from cso_desktop.domain.errors import NotFoundError, ValidationError
from cso_desktop.domain.validation import Problems
from cso_desktop.domain.vocab import ActivityStatus, AuditAction
from cso_desktop.i18n import _, ngettext
from cso_desktop.services import audit, registers
from cso_desktop.services.beneficiaries import display_name
from cso_desktop.services.numbering import next_number

ENTITY = "activity"
#: Most hours one volunteer can give in one day.
#: Rows per bulk statement: well under SQLite's limit of bound parameters per statement.
_CHUNK = 500
#: Registration numbers named in one message before "and N more".
_NAMED = 5


# --- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityDraft:
    """What the activity form collects. ``code`` ``None``: the project's next code."""

    project_id: int
    title: str
    activity_type: vocab.ActivityType
    status: vocab.ActivityStatus = ActivityStatus.PLANNED
    code: str | None = None
    output_id: int | None = None
    rayon_code: str | None = None
    settlement: str | None = None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    responsible: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class ProjectChoice:
    id: int
    code: str
    title: str
    start_date: dt.date
    end_date: dt.date
    currency: str


@dataclass(frozen=True)
class OutputChoice:
    id: int
    code: str
    title: str


@dataclass(frozen=True)
class ActivityDetail:
    id: int
    code: str
    draft: ActivityDraft
    project: ProjectChoice
    output: OutputChoice | None


@dataclass(frozen=True)
class AttendanceEntry:
    """What one person received in a session."""

    beneficiary_id: int
    quantity: Decimal = Decimal("1")
    value: Decimal | None = None
    currency: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class AttendanceResult:
    created: int
    updated: int
    removed: int

    @property
    def people(self) -> int:
        return self.created + self.updated


@dataclass(frozen=True)
class Participant:
    """A person as the attendance sheet lists them (age on the session's day)."""

    id: int
    registration_no: str
    display_name: str
    sex: vocab.Sex
    age: int | None
    household_id: int | None
    household_code: str | None
    archived: bool = False


@dataclass(frozen=True)
class Attendance:
    """One delivery of a session."""

    id: int
    person: Participant
    service_type: vocab.ServiceType
    quantity: Decimal
    value: Decimal | None
    currency: str | None
    unit: str | None
    recorded_by: str | None


@dataclass(frozen=True)
class SessionSummary:
    """A session: its day, how many people, how many services, their value by currency."""

    on: dt.date
    people: int
    services: int
    values: tuple[tuple[str, Decimal], ...]
    service_types: tuple[vocab.ServiceType, ...]


@dataclass(frozen=True)
class VolunteerHoursEntry:
    volunteer_id: int
    hours: Decimal
    role: str | None = None


@dataclass(frozen=True)
class VolunteerChoice:
    id: int
    volunteer_no: str
    display_name: str


@dataclass(frozen=True)
class VolunteerHoursRow:
    id: int
    worked_on: dt.date
    volunteer: VolunteerChoice
    hours: Decimal
    role: str | None


@dataclass(frozen=True)
class VolunteerDay:
    """Volunteers' hours on one day of the activity."""

    on: dt.date
    volunteers: int
    hours: Decimal


# --- activities -----------------------------------------------------------------------------


def next_code(session: Session, project_id: int) -> str:
    """The project's next activity code: ``DEMO-EU-A13`` after ``DEMO-EU-A12``."""
    project = _project(session, project_id)
    return next_number(session, m.Activity.code, f"{project.code}-A", 2)


def project_choices(session: Session) -> list[ProjectChoice]:
    """Projects an activity can belong to (not archived), newest first."""
    return [
        _project_choice(p)
        for p in session.scalars(
            select(m.Project)
            .where(m.Project.archived.is_(False))
            .order_by(m.Project.start_date.desc(), m.Project.code)
        )
    ]


def output_choices(session: Session, project_id: int) -> list[OutputChoice]:
    """The outputs of a project's logframe, in their order."""
    return [
        OutputChoice(r.id, r.code, r.title)
        for r in session.scalars(
            select(m.LogframeResult)
            .where(
                m.LogframeResult.project_id == project_id,
                m.LogframeResult.level == vocab.ResultLevel.OUTPUT,
            )
            .order_by(m.LogframeResult.sort_order, m.LogframeResult.code)
        )
    ]


def validate(
    session: Session, draft: ActivityDraft, *, today: dt.date, own_id: int | None = None
) -> ActivityDraft:
    """The draft with normalised values, or :class:`FormErrors` listing every problem."""
    project = session.get(m.Project, draft.project_id)
    problems = Problems()
    if project is None:
        problems.add("project_id", _("Choose a project from the list."))
    code = problems.check(
        "code", lambda: validation.optional_text(draft.code, field="code", max_length=30)
    )
    if code is not None:
        code = code.upper()
        taken = session.scalar(
            select(m.Activity.id).where(m.Activity.code == code, m.Activity.id != (own_id or -1))
        )
        if taken is not None:
            problems.add("code", _("Another activity already has this code. Choose another."))
    title = problems.check(
        "title", lambda: validation.required_text(draft.title, field="title", max_length=300)
    )
    if draft.output_id is not None:
        output = session.get(m.LogframeResult, draft.output_id)
        if (
            output is None
            or output.project_id != draft.project_id
            or output.level != vocab.ResultLevel.OUTPUT
        ):
            problems.add("output_id", _("Choose one of this project's outputs."))
    rayon_code = problems.check("rayon_code", lambda: validation.rayon(draft.rayon_code))
    settlement = problems.check(
        "settlement", lambda: validation.optional_text(draft.settlement, field="settlement")
    )
    responsible = problems.check(
        "responsible",
        lambda: validation.optional_text(draft.responsible, field="responsible", max_length=200),
    )
    description = problems.check(
        "description",
        lambda: validation.optional_text(draft.description, field="description", max_length=4000),
    )
    _check_dates(problems, draft, project, today=today)
    problems.raise_if_any()
    return replace(
        draft,
        code=code,
        title=title or draft.title,
        rayon_code=rayon_code,
        settlement=settlement,
        responsible=responsible,
        description=description,
    )


def _check_dates(
    problems: Problems, draft: ActivityDraft, project: m.Project | None, *, today: dt.date
) -> None:
    problems.check(
        "planned_end",
        lambda: validation.date_order(draft.planned_start, draft.planned_end, field="planned_end"),
    )
    problems.check(
        "actual_start",
        lambda: validation.past_date(draft.actual_start, field="actual_start", today=today),
    )
    problems.check(
        "actual_end",
        lambda: validation.past_date(draft.actual_end, field="actual_end", today=today),
    )
    problems.check(
        "actual_end",
        lambda: validation.date_order(draft.actual_start, draft.actual_end, field="actual_end"),
    )
    if draft.actual_end is not None and draft.actual_start is None:
        problems.add("actual_start", _("Enter the day the activity actually started."))
    if draft.status == ActivityStatus.COMPLETED and draft.actual_start is None:
        problems.add(
            "actual_start",
            _("A completed activity needs the day it actually started. Enter it."),
        )
    if draft.status == ActivityStatus.ONGOING and draft.actual_start is None:
        problems.add(
            "actual_start", _("An ongoing activity needs the day it actually started. Enter it.")
        )
    if draft.status == ActivityStatus.PLANNED and draft.actual_start is not None:
        problems.add(
            "status",
            _(
                "The activity has started: choose “Ongoing” or “Completed”, or clear the actual "
                "start date."
            ),
        )
    if project is None:
        return
    outside = _("This date is outside the project's dates ({start} – {end}).")
    for key, value in (
        ("planned_start", draft.planned_start),
        ("planned_end", draft.planned_end),
        ("actual_start", draft.actual_start),
        ("actual_end", draft.actual_end),
    ):
        if value is not None and not project.start_date <= value <= project.end_date:
            problems.add(
                key,
                outside.format(
                    start=project.start_date.isoformat(), end=project.end_date.isoformat()
                ),
            )


def _apply(row: m.Activity, draft: ActivityDraft) -> None:
    row.project_id = draft.project_id
    row.output_id = draft.output_id
    row.title = draft.title
    row.activity_type = draft.activity_type
    row.status = draft.status
    row.rayon_code = draft.rayon_code
    row.settlement = draft.settlement
    row.planned_start = draft.planned_start
    row.planned_end = draft.planned_end
    row.actual_start = draft.actual_start
    row.actual_end = draft.actual_end
    row.responsible = draft.responsible
    row.description = draft.description


def create(
    session: Session,
    draft: ActivityDraft,
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> int:
    draft = validate(session, draft, today=today or dt.date.today())
    row = m.Activity(code=draft.code or next_code(session, draft.project_id))
    _apply(row, draft)
    session.add(row)
    session.flush()
    audit.record(session, AuditAction.CREATE, ENTITY, row.id, user_name=user_name)
    return row.id


def update(
    session: Session,
    activity_id: int,
    draft: ActivityDraft,
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> None:
    row = _activity(session, activity_id)
    draft = validate(session, draft, today=today or dt.date.today(), own_id=activity_id)
    if draft.project_id != row.project_id and _has_deliveries(session, activity_id):
        raise ValidationError(
            _(
                "Services were already recorded under this activity, so it stays in its "
                "project. Create a new activity in the other project instead."
            ),
            field="project_id",
        )
    row.code = draft.code or row.code
    _apply(row, draft)
    audit.record(session, AuditAction.UPDATE, ENTITY, row.id, user_name=user_name)


def get(session: Session, activity_id: int) -> ActivityDetail:
    row = _activity(session, activity_id)
    project = _project(session, row.project_id)
    output = session.get(m.LogframeResult, row.output_id) if row.output_id else None
    return ActivityDetail(
        id=row.id,
        code=row.code,
        draft=ActivityDraft(
            project_id=row.project_id,
            title=row.title,
            activity_type=vocab.ActivityType(row.activity_type),
            status=vocab.ActivityStatus(row.status),
            code=row.code,
            output_id=row.output_id,
            rayon_code=row.rayon_code,
            settlement=row.settlement,
            planned_start=row.planned_start,
            planned_end=row.planned_end,
            actual_start=row.actual_start,
            actual_end=row.actual_end,
            responsible=row.responsible,
            description=row.description,
        ),
        project=_project_choice(project),
        output=OutputChoice(output.id, output.code, output.title) if output else None,
    )


def _has_deliveries(session: Session, activity_id: int) -> bool:
    return (
        session.scalar(
            select(m.ServiceDelivery.id)
            .where(m.ServiceDelivery.activity_id == activity_id)
            .limit(1)
        )
        is not None
    )


def _activity(session: Session, activity_id: int) -> m.Activity:
    row = session.get(m.Activity, activity_id)
    if row is None:
        raise NotFoundError(f"activity {activity_id}")
    return row


def _project(session: Session, project_id: int) -> m.Project:
    row = session.get(m.Project, project_id)
    if row is None:
        raise NotFoundError(f"project {project_id}")
    return row


def _project_choice(p: m.Project) -> ProjectChoice:
    return ProjectChoice(p.id, p.code, p.title, p.start_date, p.end_date, p.currency)


# --- people for the attendance sheet --------------------------------------------------------


def _participant_columns() -> tuple[Any, ...]:
    return (
        m.Beneficiary.id,
        m.Beneficiary.registration_no,
        m.Beneficiary.first_name,
        m.Beneficiary.last_name,
        m.Beneficiary.patronymic,
        m.Beneficiary.sex,
        m.Beneficiary.date_of_birth,
        m.Beneficiary.estimated_age,
        m.Beneficiary.age_estimated_on,
        m.Beneficiary.household_id,
        m.Household.code,
        m.Beneficiary.archived,
    )


def _participant(row: Sequence[Any], on: dt.date) -> Participant:
    (pid, number, first, last, middle, sex, born, estimated, estimated_on, hh, hh_code, arch) = row
    return Participant(
        id=int(pid),
        registration_no=str(number),
        display_name=display_name(first, last, middle),
        sex=vocab.Sex(sex),
        age=people.age_on(
            on, date_of_birth=born, estimated_age=estimated, estimated_on=estimated_on
        ),
        household_id=hh,
        household_code=hh_code,
        archived=bool(arch),
    )


def participants(session: Session, ids: Iterable[int], *, on: dt.date) -> tuple[Participant, ...]:
    """The people with ``ids``, in the order given (unknown ids are left out)."""
    wanted = list(dict.fromkeys(ids))
    found: dict[int, Participant] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        for row in session.execute(
            select(*_participant_columns())
            .outerjoin(m.Household, m.Beneficiary.household_id == m.Household.id)
            .where(m.Beneficiary.id.in_(chunk))
        ):
            person = _participant(row, on)
            found[person.id] = person
    return tuple(found[i] for i in wanted if i in found)


def search_people(
    session: Session, text: str, *, on: dt.date, limit: int = 50
) -> tuple[Participant, ...]:
    """People whose name, number, FİN or phone contain every typed word (folded Azerbaijani
    search through the beneficiaries register); archived and erased people are not offered."""
    if not people.fold(text).split():
        return ()
    rows = registers.BENEFICIARIES.fetch(
        session, search=text, sort="last_name", limit=limit, as_of=on
    )
    return participants(session, (row[0] for row in rows), on=on)


def household_member_ids(session: Session, household_id: int) -> tuple[int, ...]:
    """The household's current members (not archived), head first."""
    household = session.get(m.Household, household_id)
    if household is None:
        raise NotFoundError(f"household {household_id}")
    ids = list(
        session.scalars(
            select(m.Beneficiary.id)
            .where(m.Beneficiary.household_id == household_id, m.Beneficiary.archived.is_(False))
            .order_by(m.Beneficiary.id)
        )
    )
    return tuple(sorted(ids, key=lambda i: i != household.head_id))


def expand_households(
    session: Session, beneficiary_ids: Iterable[int], *, on: dt.date
) -> tuple[Participant, ...]:
    """The people, each followed by the other current members of their household."""
    result: list[int] = []
    for person in participants(session, beneficiary_ids, on=on):
        result.append(person.id)
        if person.household_id is not None:
            result.extend(household_member_ids(session, person.household_id))
    return tuple(p for p in participants(session, result, on=on) if not p.archived)


# --- attendance -----------------------------------------------------------------------------


def check_session_day(
    session: Session, activity: m.Activity, on: dt.date, *, today: dt.date
) -> None:
    project = _project(session, activity.project_id)
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError(
            _("This activity is cancelled. Change its status before recording attendance."),
            field="status",
        )
    if on > today:
        raise ValidationError(
            _("The session's date is in the future. Record attendance on the day or after."),
            field="delivered_on",
        )
    if not project.start_date <= on <= project.end_date:
        raise ValidationError(
            _(
                "The session's date is outside the project's dates ({start} – {end}). "
                "Choose a date within them."
            ).format(start=project.start_date.isoformat(), end=project.end_date.isoformat()),
            field="delivered_on",
        )


def _numbers_text(numbers: Sequence[str]) -> str:
    named = ", ".join(numbers[:_NAMED])
    if len(numbers) <= _NAMED:
        return named
    more = len(numbers) - _NAMED
    return ngettext("{names} and {count} more", "{names} and {count} more", more).format(
        names=named, count=more
    )


def clean_entries(entries: Sequence[AttendanceEntry]) -> dict[int, AttendanceEntry]:
    """Entries by person (the last one wins), with amounts checked and normalised."""
    cleaned: dict[int, AttendanceEntry] = {}
    for entry in entries:
        quantity = Decimal(entry.quantity)
        if not quantity.is_finite() or quantity <= 0:
            raise ValidationError(_("Every quantity must be greater than zero."), field="quantity")
        if quantity != quantity.quantize(Decimal("0.001")):
            raise ValidationError(_("Quantities have at most three decimals."), field="quantity")
        value = validation.money(entry.value, field="value") if entry.value is not None else None
        currency = (entry.currency or "").strip().upper() or None
        if value is not None and currency is None:
            raise ValidationError(_("Choose the currency of the value."), field="currency")
        if currency is not None and (len(currency) != 3 or not currency.isalpha()):
            raise ValidationError(
                _("A currency is a three-letter code such as AZN."), field="currency"
            )
        unit = validation.optional_text(entry.unit, field="unit", max_length=30)
        cleaned[entry.beneficiary_id] = AttendanceEntry(
            entry.beneficiary_id,
            quantity,
            value,
            currency if value is not None else None,
            unit,
        )
    return cleaned


def record_attendance(
    session: Session,
    activity_id: int,
    on: dt.date,
    service_type: vocab.ServiceType,
    entries: Sequence[AttendanceEntry],
    *,
    recorded_by: str | None = None,
    remove: Iterable[int] = (),
    today: dt.date | None = None,
) -> AttendanceResult:
    """Record who received ``service_type`` in the session (``activity_id``, ``on``).

    A person already recorded for this session and service is updated, never added twice.
    People in ``remove`` lose this service in this session. Archived or erased people cannot be
    added. Everything is written in the caller's transaction, with bulk statements; on any
    refusal nothing is written.
    """
    activity = _activity(session, activity_id)
    service_type = vocab.ServiceType(service_type)
    check_session_day(session, activity, on, today=today or dt.date.today())
    cleaned = clean_entries(entries)
    to_remove = [i for i in dict.fromkeys(remove) if i not in cleaned]
    existing = _existing(session, activity_id, on, service_type, list(cleaned))
    new_ids = [i for i in cleaned if i not in existing]
    _refuse_unavailable(session, new_ids)
    rows = [
        {
            "activity_id": activity_id,
            "beneficiary_id": pid,
            "delivered_on": on,
            "service_type": service_type,
            "quantity": cleaned[pid].quantity,
            "unit": cleaned[pid].unit,
            "value": cleaned[pid].value,
            "currency": cleaned[pid].currency,
            "recorded_by": recorded_by,
        }
        for pid in new_ids
    ]
    for start in range(0, len(rows), _CHUNK):
        session.execute(insert(m.ServiceDelivery), rows[start : start + _CHUNK])
    changes = [
        {
            "id": existing[pid],
            "quantity": entry.quantity,
            "unit": entry.unit,
            "value": entry.value,
            "currency": entry.currency,
            "recorded_by": recorded_by,
        }
        for pid, entry in cleaned.items()
        if pid in existing
    ]
    if changes:
        session.execute(sql_update(m.ServiceDelivery), changes)
    removed = 0
    for start in range(0, len(to_remove), _CHUNK):
        result = session.execute(
            delete(m.ServiceDelivery).where(
                m.ServiceDelivery.activity_id == activity_id,
                m.ServiceDelivery.delivered_on == on,
                m.ServiceDelivery.service_type == service_type,
                m.ServiceDelivery.beneficiary_id.in_(to_remove[start : start + _CHUNK]),
            )
        )
        removed += int(getattr(result, "rowcount", 0) or 0)
    outcome = AttendanceResult(created=len(rows), updated=len(changes), removed=removed)
    audit.record(
        session,
        AuditAction.UPDATE,
        ENTITY,
        activity_id,
        user_name=recorded_by,
        detail={
            "attendance": on.isoformat(),
            "service_type": str(service_type),
            "created": outcome.created,
            "updated": outcome.updated,
            "removed": outcome.removed,
        },
    )
    return outcome


def _existing(
    session: Session,
    activity_id: int,
    on: dt.date,
    service_type: vocab.ServiceType,
    ids: list[int],
) -> dict[int, int]:
    """Person → delivery id of the rows this session already has for the service."""
    found: dict[int, int] = {}
    stmt = select(m.ServiceDelivery.beneficiary_id, m.ServiceDelivery.id).where(
        m.ServiceDelivery.activity_id == activity_id,
        m.ServiceDelivery.delivered_on == on,
        m.ServiceDelivery.service_type == service_type,
    )
    wanted = set(ids)
    for pid, delivery_id in session.execute(stmt.order_by(m.ServiceDelivery.id)):
        if pid in wanted:
            found.setdefault(pid, delivery_id)
    return found


def _refuse_unavailable(session: Session, ids: list[int]) -> None:
    known: dict[int, tuple[str, bool]] = {}
    for start in range(0, len(ids), _CHUNK):
        for pid, number, archived in session.execute(
            select(m.Beneficiary.id, m.Beneficiary.registration_no, m.Beneficiary.archived).where(
                m.Beneficiary.id.in_(ids[start : start + _CHUNK])
            )
        ):
            known[pid] = (number, bool(archived))
    missing = [i for i in ids if i not in known]
    if missing:
        raise NotFoundError(f"beneficiaries {missing[:_NAMED]}")
    refused = [known[i][0] for i in ids if known[i][1]]
    if refused:
        raise ValidationError(
            ngettext(
                "{numbers} is archived or erased and cannot receive services. Remove them from "
                "the list, or restore them in the Beneficiaries register first.",
                "{numbers} are archived or erased and cannot receive services. Remove them from "
                "the list, or restore them in the Beneficiaries register first.",
                len(refused),
            ).format(numbers=_numbers_text(refused)),
            field="participants",
        )


def remove_participant(
    session: Session,
    activity_id: int,
    on: dt.date,
    beneficiary_id: int,
    *,
    service_type: vocab.ServiceType | None = None,
    user_name: str | None = None,
) -> int:
    """Take a person out of a session (one service, or all of them); how many rows went."""
    stmt = delete(m.ServiceDelivery).where(
        m.ServiceDelivery.activity_id == activity_id,
        m.ServiceDelivery.delivered_on == on,
        m.ServiceDelivery.beneficiary_id == beneficiary_id,
    )
    if service_type is not None:
        stmt = stmt.where(m.ServiceDelivery.service_type == service_type)
    removed = int(getattr(session.execute(stmt), "rowcount", 0) or 0)
    audit.record(
        session,
        AuditAction.UPDATE,
        ENTITY,
        activity_id,
        user_name=user_name,
        detail={"attendance": on.isoformat(), "removed": removed},
    )
    return removed


def session_attendance(session: Session, activity_id: int, on: dt.date) -> tuple[Attendance, ...]:
    """Every delivery of the session, by person's name."""
    rows = session.execute(
        select(
            m.ServiceDelivery.id,
            m.ServiceDelivery.service_type,
            m.ServiceDelivery.quantity,
            m.ServiceDelivery.value,
            m.ServiceDelivery.currency,
            m.ServiceDelivery.unit,
            m.ServiceDelivery.recorded_by,
            *_participant_columns(),
        )
        .join(m.Beneficiary, m.ServiceDelivery.beneficiary_id == m.Beneficiary.id)
        .outerjoin(m.Household, m.Beneficiary.household_id == m.Household.id)
        .where(m.ServiceDelivery.activity_id == activity_id, m.ServiceDelivery.delivered_on == on)
        .order_by(m.Beneficiary.sort_key, m.Beneficiary.id, m.ServiceDelivery.id)
    ).all()
    return tuple(
        Attendance(
            id=row[0],
            person=_participant(row[7:], on),
            service_type=vocab.ServiceType(row[1]),
            quantity=row[2],
            value=row[3],
            currency=row[4],
            unit=row[5],
            recorded_by=row[6],
        )
        for row in rows
    )


def list_sessions(session: Session, activity_id: int) -> tuple[SessionSummary, ...]:
    """The activity's sessions, latest first."""
    d = m.ServiceDelivery
    counts = session.execute(
        select(d.delivered_on, func.count(func.distinct(d.beneficiary_id)), func.count())
        .where(d.activity_id == activity_id)
        .group_by(d.delivered_on)
        .order_by(d.delivered_on.desc())
    ).all()
    values: dict[dt.date, list[tuple[str, Decimal]]] = defaultdict(list)
    for on, currency, total in session.execute(
        select(d.delivered_on, d.currency, func.sum(d.value))
        .where(d.activity_id == activity_id, d.value.is_not(None))
        .group_by(d.delivered_on, d.currency)
        .order_by(d.delivered_on, d.currency)
    ):
        values[on].append((currency or "", total or Decimal("0")))
    kinds: dict[dt.date, list[vocab.ServiceType]] = defaultdict(list)
    for on, kind in session.execute(
        select(d.delivered_on, d.service_type)
        .where(d.activity_id == activity_id)
        .group_by(d.delivered_on, d.service_type)
        .order_by(d.delivered_on, d.service_type)
    ):
        kinds[on].append(vocab.ServiceType(kind))
    return tuple(
        SessionSummary(
            on=on,
            people=int(people_count),
            services=int(services),
            values=tuple(values.get(on, ())),
            service_types=tuple(kinds.get(on, ())),
        )
        for on, people_count, services in counts
    )


def previous_session(session: Session, activity_id: int, before: dt.date) -> dt.date | None:
    """The last day before ``before`` with attendance recorded for the activity."""
    return session.scalar(
        select(func.max(m.ServiceDelivery.delivered_on)).where(
            m.ServiceDelivery.activity_id == activity_id,
            m.ServiceDelivery.delivered_on < before,
        )
    )


def copy_previous_participants(
    session: Session, activity_id: int, before: dt.date
) -> tuple[dt.date | None, tuple[Participant, ...]]:
    """The previous session's day and its people (each once, archived ones left out), with
    their ages on ``before``."""
    day = previous_session(session, activity_id, before)
    if day is None:
        return None, ()
    ids = [a.person.id for a in session_attendance(session, activity_id, day)]
    return day, tuple(p for p in participants(session, ids, on=before) if not p.archived)


# --- volunteers -----------------------------------------------------------------------------


def volunteer_choices(session: Session) -> list[VolunteerChoice]:
    """Volunteers who can be given hours (not archived), by name."""
    return [
        VolunteerChoice(v.id, v.volunteer_no, display_name(v.first_name, v.last_name))
        for v in session.scalars(
            select(m.Volunteer)
            .where(m.Volunteer.archived.is_(False))
            .order_by(m.Volunteer.sort_key, m.Volunteer.id)
        )
    ]


def record_volunteer_hours(
    session: Session,
    activity_id: int,
    on: dt.date,
    entries: Sequence[VolunteerHoursEntry | tuple[int, Decimal, str | None]],
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> int:
    """Hours volunteers gave to the activity on ``on`` (more than 0, at most 24 each).

    A volunteer already recorded for the activity that day is updated, not added twice.
    Returns how many entries were written.
    """
    activity = _activity(session, activity_id)
    project = _project(session, activity.project_id)
    problems = Problems()
    problems.check(
        "worked_on",
        lambda: validation.past_date(
            on, field="worked_on", today=today or dt.date.today(), required=True
        ),
    )
    if not project.start_date <= on <= project.end_date:
        problems.add(
            "worked_on",
            _("This date is outside the project's dates ({start} – {end}).").format(
                start=project.start_date.isoformat(), end=project.end_date.isoformat()
            ),
        )
    cleaned: dict[int, VolunteerHoursEntry] = {}
    for raw in entries:
        entry = raw if isinstance(raw, VolunteerHoursEntry) else VolunteerHoursEntry(*raw)
        try:
            hours = validation.day_hours(Decimal(entry.hours))
        except ValidationError as exc:
            problems.add("hours", exc.user_message)
            continue
        role = _optional_role(problems, entry.role)
        cleaned[entry.volunteer_id] = VolunteerHoursEntry(entry.volunteer_id, hours, role)
    if not entries:
        problems.add("volunteers", _("Choose at least one volunteer."))
    known = set(
        session.scalars(
            select(m.Volunteer.id).where(
                m.Volunteer.id.in_(list(cleaned)), m.Volunteer.archived.is_(False)
            )
        )
    )
    if any(i not in known for i in cleaned):
        problems.add("volunteers", _("Choose volunteers from the list (archived ones cannot)."))
    problems.raise_if_any()
    existing: dict[int, int] = {}
    for vid, hid in session.execute(
        select(m.VolunteerHours.volunteer_id, m.VolunteerHours.id).where(
            m.VolunteerHours.activity_id == activity_id,
            m.VolunteerHours.worked_on == on,
            m.VolunteerHours.volunteer_id.in_(list(cleaned)),
        )
    ):
        existing.setdefault(vid, hid)
    new_rows = [
        {
            "volunteer_id": vid,
            "activity_id": activity_id,
            "worked_on": on,
            "hours": e.hours,
            "role": e.role,
        }
        for vid, e in cleaned.items()
        if vid not in existing
    ]
    if new_rows:
        session.execute(insert(m.VolunteerHours), new_rows)
    changes = [
        {"id": existing[vid], "hours": e.hours, "role": e.role}
        for vid, e in cleaned.items()
        if vid in existing
    ]
    if changes:
        session.execute(sql_update(m.VolunteerHours), changes)
    audit.record(
        session,
        AuditAction.UPDATE,
        ENTITY,
        activity_id,
        user_name=user_name,
        detail={"volunteer_hours": on.isoformat(), "entries": len(cleaned)},
    )
    return len(cleaned)


def _optional_role(problems: Problems, role: str | None) -> str | None:
    return problems.check("role", lambda: validation.optional_text(role, field="role"))


def volunteer_hours(session: Session, activity_id: int) -> tuple[VolunteerHoursRow, ...]:
    """Every hours entry of the activity, latest day first."""
    return tuple(
        VolunteerHoursRow(
            id=h.id,
            worked_on=h.worked_on,
            volunteer=VolunteerChoice(
                v.id, v.volunteer_no, display_name(v.first_name, v.last_name)
            ),
            hours=h.hours,
            role=h.role,
        )
        for h, v in session.execute(
            select(m.VolunteerHours, m.Volunteer)
            .join(m.Volunteer, m.VolunteerHours.volunteer_id == m.Volunteer.id)
            .where(m.VolunteerHours.activity_id == activity_id)
            .order_by(m.VolunteerHours.worked_on.desc(), m.Volunteer.sort_key, m.Volunteer.id)
        )
    )


def volunteer_days(session: Session, activity_id: int) -> tuple[VolunteerDay, ...]:
    """Volunteers and hours per day of the activity, latest first."""
    h = m.VolunteerHours
    return tuple(
        VolunteerDay(on, int(count), total)
        for on, count, total in session.execute(
            select(h.worked_on, func.count(func.distinct(h.volunteer_id)), func.sum(h.hours))
            .where(h.activity_id == activity_id)
            .group_by(h.worked_on)
            .order_by(h.worked_on.desc())
        )
    )


def delete_volunteer_hours(
    session: Session, hours_id: int, *, user_name: str | None = None
) -> None:
    row = session.get(m.VolunteerHours, hours_id)
    if row is None:
        raise NotFoundError(f"volunteer_hours {hours_id}")
    activity_id = row.activity_id
    session.delete(row)
    audit.record(
        session,
        AuditAction.UPDATE,
        ENTITY,
        activity_id,
        user_name=user_name,
        detail={"volunteer_hours_deleted": hours_id},
    )
