"""Volunteers: register, skills and languages, availability, trainings, insurance and hours.

A volunteer is *active* when they gave, over the last ``months`` months, at least
``hours_per_month`` hours a month on average (default 8 hours over 3 months, i.e. 24 hours), the
rule IFRC's volunteer systems use; the organisation can change it in Settings. Alerts warn of
accident insurance and certificates that expire within 30 days or have expired.

"Insured until" (:func:`insured_until_expr`) is written once, in
:mod:`cso_desktop.reports.volunteering`, so the volunteer's record and the volunteers report agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, delete, func, select
from sqlalchemy.orm import Session, aliased

from cso_desktop.db import models as m
from cso_desktop.domain import people, validation, vocab
from cso_desktop.domain.errors import NotFoundError
from cso_desktop.domain.validation import Problems
from cso_desktop.domain.vocab import AuditAction, TagKind
from cso_desktop.i18n import _
from cso_desktop.reports.volunteering import insured_until_expr as insured_until_expr
from cso_desktop.services import audit, org_settings
from cso_desktop.services.numbering import next_number

ENTITY = "volunteer"
ALERT_DAYS = 30


@dataclass(frozen=True)
class ActiveRule:
    hours_per_month: Decimal = Decimal("8")
    months: int = 3

    def window_start(self, as_of: dt.date) -> dt.date:
        """The first day counted: the same day ``months`` months before ``as_of``, plus one."""
        month = as_of.month - self.months
        year = as_of.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        day = min(as_of.day, _days_in_month(year, month))
        return dt.date(year, month, day) + dt.timedelta(days=1)

    @property
    def hours_needed(self) -> Decimal:
        return self.hours_per_month * self.months


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def active_rule(session: Session) -> ActiveRule:
    value = org_settings.get(session, "volunteer_active_rule", {})
    try:
        return ActiveRule(
            Decimal(str(value.get("hours_per_month", "8"))), int(value.get("months", 3))
        )
    except (ArithmeticError, ValueError, AttributeError):
        return ActiveRule()


def set_active_rule(session: Session, rule: ActiveRule) -> None:
    problems = Problems()
    if not Decimal("1") <= rule.hours_per_month <= Decimal("200"):
        problems.add("hours_per_month", _("Enter between 1 and 200 hours a month."))
    if not 1 <= rule.months <= 24:
        problems.add("months", _("Enter between 1 and 24 months."))
    problems.raise_if_any()
    org_settings.put(
        session,
        "volunteer_active_rule",
        {"hours_per_month": str(rule.hours_per_month), "months": rule.months},
    )


def hours_in_window_expr(as_of: dt.date, rule: ActiveRule) -> ColumnElement[Decimal]:
    """SQL: a volunteer's hours in the rule's window (correlated to ``volunteer``)."""
    return (
        select(func.coalesce(func.sum(m.VolunteerHours.hours), 0))
        .where(
            m.VolunteerHours.volunteer_id == m.Volunteer.id,
            m.VolunteerHours.worked_on >= rule.window_start(as_of),
            m.VolunteerHours.worked_on <= as_of,
        )
        .correlate(m.Volunteer)
        .scalar_subquery()
    )


def is_active_expr(as_of: dt.date, rule: ActiveRule) -> ColumnElement[bool]:
    return hours_in_window_expr(as_of, rule) >= rule.hours_needed


# --- drafts and details ---------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerDraft:
    first_name: str
    last_name: str
    sex: vocab.Sex
    joined_on: dt.date
    status: vocab.VolunteerStatus = vocab.VolunteerStatus.ACTIVE
    volunteer_no: str | None = None
    patronymic: str | None = None
    date_of_birth: dt.date | None = None
    phone: str | None = None
    email: str | None = None
    rayon_code: str | None = None
    settlement: str | None = None
    emergency_contact: str | None = None
    notes: str | None = None
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    availability: frozenset[tuple[vocab.Weekday, vocab.DayPart]] = frozenset()


@dataclass(frozen=True)
class Training:
    id: int
    kind: str
    title: str
    provider: str | None
    completed_on: dt.date
    certificate_no: str | None
    expires_on: dt.date | None


@dataclass(frozen=True)
class Insurance:
    id: int
    insurer: str
    policy_no: str
    valid_from: dt.date
    valid_until: dt.date


@dataclass(frozen=True)
class HoursEntry:
    id: int
    worked_on: dt.date
    hours: Decimal
    activity_code: str | None
    activity_title: str | None
    role: str | None


@dataclass(frozen=True)
class VolunteerDetail:
    id: int
    volunteer_no: str
    draft: VolunteerDraft
    archived: bool
    trainings: tuple[Training, ...]
    insurances: tuple[Insurance, ...]
    hours: tuple[HoursEntry, ...]
    hours_in_window: Decimal
    is_active: bool
    insured_until: dt.date | None


@dataclass(frozen=True)
class Alert:
    """A document that expires soon (``days_left`` ≥ 0) or has expired (< 0)."""

    volunteer_id: int
    volunteer_no: str
    volunteer_name: str
    kind: str  # "insurance" or "certificate"
    title: str
    expires_on: dt.date
    days_left: int

    @property
    def expired(self) -> bool:
        return self.days_left < 0


# --- writing --------------------------------------------------------------------------------


def validate(draft: VolunteerDraft, *, today: dt.date) -> VolunteerDraft:
    problems = Problems()
    values = validation.person_record(
        problems,
        today=today,
        number_field="volunteer_no",
        number=draft.volunteer_no,
        first_name=draft.first_name,
        last_name=draft.last_name,
        patronymic=draft.patronymic,
        date_of_birth=draft.date_of_birth,
        joined_on=draft.joined_on,
        phone=draft.phone,
        email=draft.email,
        rayon_code=draft.rayon_code,
        notes=draft.notes,
    )
    values["settlement"] = problems.check(
        "settlement", lambda: validation.optional_text(draft.settlement, field="settlement")
    )
    values["emergency_contact"] = problems.check(
        "emergency_contact",
        lambda: validation.optional_text(
            draft.emergency_contact, field="emergency_contact", max_length=200
        ),
    )
    problems.raise_if_any()
    return replace(
        draft,
        **values,  # type: ignore[arg-type]
        skills=clean_tags(draft.skills),
        languages=clean_tags(draft.languages),
    )


def clean_tags(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        text = validation.clean(name)
        if text:
            seen.setdefault(people.fold(text), text[:100])
    return tuple(seen.values())


def tag_names(session: Session, kind: TagKind) -> list[str]:
    """Known skills or languages, for the pickers, in Azerbaijani alphabetical order."""
    names = session.scalars(select(m.Tag.name).where(m.Tag.kind == kind))
    return sorted(names, key=lambda name: people.sort_key([name]))


def tag_ids(session: Session, kind: TagKind, names: Iterable[str]) -> list[int]:
    existing = {
        people.fold(t.name): t for t in session.scalars(select(m.Tag).where(m.Tag.kind == kind))
    }
    ids = []
    for name in names:
        tag = existing.get(people.fold(name))
        if tag is None:
            tag = m.Tag(kind=kind, name=name)
            session.add(tag)
            session.flush()
            existing[people.fold(name)] = tag
        ids.append(tag.id)
    return ids


def search_columns(
    *,
    first_name: str | None,
    last_name: str | None,
    patronymic: str | None,
    number: str | None,
    phone: str | None,
    email: str | None,
) -> dict[str, str]:
    """The folded ``search_text`` and the alphabetical ``sort_key`` of a volunteer (also for
    bulk writes, which have no ORM row)."""
    return {
        "search_text": people.search_key([first_name, last_name, patronymic, number, phone, email]),
        "sort_key": people.sort_key([last_name, first_name, patronymic]),
    }


def _apply(session: Session, row: m.Volunteer, draft: VolunteerDraft) -> None:
    for name in (
        "first_name",
        "last_name",
        "patronymic",
        "sex",
        "date_of_birth",
        "phone",
        "email",
        "rayon_code",
        "settlement",
        "joined_on",
        "status",
        "emergency_contact",
        "notes",
    ):
        setattr(row, name, getattr(draft, name))
    columns = search_columns(
        first_name=row.first_name,
        last_name=row.last_name,
        patronymic=row.patronymic,
        number=row.volunteer_no,
        phone=row.phone,
        email=row.email,
    )
    row.search_text = columns["search_text"]
    row.sort_key = columns["sort_key"]
    session.flush()
    session.execute(delete(m.VolunteerTag).where(m.VolunteerTag.volunteer_id == row.id))
    session.execute(
        delete(m.VolunteerAvailability).where(m.VolunteerAvailability.volunteer_id == row.id)
    )
    linked = tag_ids(session, TagKind.SKILL, draft.skills) + tag_ids(
        session, TagKind.LANGUAGE, draft.languages
    )
    session.add_all(
        m.VolunteerTag(volunteer_id=row.id, tag_id=tag_id) for tag_id in dict.fromkeys(linked)
    )
    session.add_all(
        m.VolunteerAvailability(volunteer_id=row.id, weekday=day, day_part=part)
        for day, part in sorted(draft.availability)
    )
    session.expire(row, ["tags", "availability"])


def _check_number(session: Session, number: str, own_id: int | None) -> None:
    clash = session.scalar(
        select(m.Volunteer.id).where(
            m.Volunteer.volunteer_no == number, m.Volunteer.id != (own_id or -1)
        )
    )
    if clash:
        raise validation.FormErrors({"volunteer_no": _("This volunteer number is already used.")})


def create(
    session: Session,
    draft: VolunteerDraft,
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> int:
    draft = validate(draft, today=today or dt.date.today())
    number = draft.volunteer_no or next_number(session, m.Volunteer.volunteer_no, "V-", 4)
    _check_number(session, number, None)
    row = m.Volunteer(volunteer_no=number)
    session.add(row)
    _apply(session, row, draft)
    audit.record(session, AuditAction.CREATE, ENTITY, row.id, user_name=user_name)
    return row.id


def update(
    session: Session,
    volunteer_id: int,
    draft: VolunteerDraft,
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> None:
    draft = validate(draft, today=today or dt.date.today())
    row = _get_row(session, volunteer_id)
    if draft.volunteer_no and draft.volunteer_no != row.volunteer_no:
        _check_number(session, draft.volunteer_no, volunteer_id)
        row.volunteer_no = draft.volunteer_no
    _apply(session, row, draft)
    audit.record(session, AuditAction.UPDATE, ENTITY, row.id, user_name=user_name)


def archive(
    session: Session, volunteer_id: int, *, archived: bool = True, user_name: str | None = None
) -> None:
    row = _get_row(session, volunteer_id)
    row.archived = archived
    audit.record(
        session,
        AuditAction.ARCHIVE if archived else AuditAction.UPDATE,
        ENTITY,
        row.id,
        user_name=user_name,
        detail={"archived": archived},
    )


def add_training(
    session: Session,
    volunteer_id: int,
    *,
    kind: vocab.TrainingKind,
    title: str,
    completed_on: dt.date,
    expires_on: dt.date | None = None,
    provider: str | None = None,
    certificate_no: str | None = None,
    today: dt.date | None = None,
) -> int:
    today = today or dt.date.today()
    _get_row(session, volunteer_id)
    problems = Problems()
    clean_title = problems.check(
        "title", lambda: validation.required_text(title, field="title", max_length=200)
    )
    problems.check(
        "completed_on",
        lambda: validation.past_date(
            completed_on, field="completed_on", today=today, required=True
        ),
    )
    problems.check(
        "expires_on", lambda: validation.date_order(completed_on, expires_on, field="expires_on")
    )
    clean_provider = problems.check(
        "provider", lambda: validation.optional_text(provider, field="provider", max_length=200)
    )
    number = problems.check(
        "certificate_no",
        lambda: validation.optional_text(certificate_no, field="certificate_no", max_length=50),
    )
    problems.raise_if_any()
    assert clean_title is not None
    row = m.VolunteerTraining(
        volunteer_id=volunteer_id,
        kind=kind,
        title=clean_title,
        provider=clean_provider,
        completed_on=completed_on,
        certificate_no=number,
        expires_on=expires_on,
    )
    session.add(row)
    session.flush()
    return row.id


def add_insurance(
    session: Session,
    volunteer_id: int,
    *,
    insurer: str,
    policy_no: str,
    valid_from: dt.date,
    valid_until: dt.date,
) -> int:
    _get_row(session, volunteer_id)
    problems = Problems()
    clean_insurer = problems.check(
        "insurer", lambda: validation.required_text(insurer, field="insurer", max_length=200)
    )
    policy = problems.check(
        "policy_no", lambda: validation.required_text(policy_no, field="policy_no", max_length=50)
    )
    problems.check(
        "valid_until", lambda: validation.date_order(valid_from, valid_until, field="valid_until")
    )
    problems.raise_if_any()
    assert clean_insurer is not None and policy is not None
    row = m.VolunteerInsurance(
        volunteer_id=volunteer_id,
        insurer=clean_insurer,
        policy_no=policy,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    session.add(row)
    session.flush()
    return row.id


def add_hours(
    session: Session,
    volunteer_id: int,
    *,
    worked_on: dt.date,
    hours: Decimal,
    activity_id: int | None = None,
    role: str | None = None,
    today: dt.date | None = None,
) -> int:
    today = today or dt.date.today()
    _get_row(session, volunteer_id)
    problems = Problems()
    problems.check(
        "worked_on",
        lambda: validation.past_date(worked_on, field="worked_on", today=today, required=True),
    )
    problems.check("hours", lambda: validation.day_hours(hours))
    clean_role = problems.check("role", lambda: validation.optional_text(role, field="role"))
    if activity_id is not None and session.get(m.Activity, activity_id) is None:
        problems.add("activity_id", _("Choose an activity from the list."))
    problems.raise_if_any()
    row = m.VolunteerHours(
        volunteer_id=volunteer_id,
        worked_on=worked_on,
        hours=hours,
        activity_id=activity_id,
        role=clean_role,
    )
    session.add(row)
    session.flush()
    return row.id


def delete_record(
    session: Session,
    model: type[m.VolunteerTraining | m.VolunteerInsurance | m.VolunteerHours],
    record_id: int,
) -> None:
    row = session.get(model, record_id)
    if row is None:
        raise NotFoundError(f"{model.__tablename__} {record_id}")
    session.delete(row)


def _get_row(session: Session, volunteer_id: int) -> m.Volunteer:
    row = session.get(m.Volunteer, volunteer_id)
    if row is None:
        raise NotFoundError(f"volunteer {volunteer_id}")
    return row


# --- reading --------------------------------------------------------------------------------


def get(session: Session, volunteer_id: int, *, as_of: dt.date | None = None) -> VolunteerDetail:
    as_of = as_of or dt.date.today()
    row = _get_row(session, volunteer_id)
    rule = active_rule(session)
    tags = session.execute(
        select(m.Tag.kind, m.Tag.name)
        .join(m.VolunteerTag, m.VolunteerTag.tag_id == m.Tag.id)
        .where(m.VolunteerTag.volunteer_id == row.id)
        .order_by(m.Tag.name)
    ).all()
    availability = frozenset(
        (vocab.Weekday(day), vocab.DayPart(part))
        for day, part in session.execute(
            select(m.VolunteerAvailability.weekday, m.VolunteerAvailability.day_part).where(
                m.VolunteerAvailability.volunteer_id == row.id
            )
        )
    )
    trainings = tuple(
        Training(
            t.id, str(t.kind), t.title, t.provider, t.completed_on, t.certificate_no, t.expires_on
        )
        for t in session.scalars(
            select(m.VolunteerTraining)
            .where(m.VolunteerTraining.volunteer_id == row.id)
            .order_by(m.VolunteerTraining.completed_on.desc())
        )
    )
    insurances = tuple(
        Insurance(i.id, i.insurer, i.policy_no, i.valid_from, i.valid_until)
        for i in session.scalars(
            select(m.VolunteerInsurance)
            .where(m.VolunteerInsurance.volunteer_id == row.id)
            .order_by(m.VolunteerInsurance.valid_until.desc())
        )
    )
    hours = tuple(
        HoursEntry(h.id, h.worked_on, h.hours, code, title, h.role)
        for h, code, title in session.execute(
            select(m.VolunteerHours, m.Activity.code, m.Activity.title)
            .outerjoin(m.Activity, m.VolunteerHours.activity_id == m.Activity.id)
            .where(m.VolunteerHours.volunteer_id == row.id)
            .order_by(m.VolunteerHours.worked_on.desc(), m.VolunteerHours.id.desc())
        )
    )
    window_start = rule.window_start(as_of)
    in_window = sum((h.hours for h in hours if window_start <= h.worked_on <= as_of), Decimal("0"))
    insured_until = session.scalar(
        select(insured_until_expr(as_of)).where(m.Volunteer.id == row.id)
    )
    draft = VolunteerDraft(
        first_name=row.first_name,
        last_name=row.last_name,
        sex=vocab.Sex(row.sex),
        joined_on=row.joined_on,
        status=vocab.VolunteerStatus(row.status),
        volunteer_no=row.volunteer_no,
        patronymic=row.patronymic,
        date_of_birth=row.date_of_birth,
        phone=row.phone,
        email=row.email,
        rayon_code=row.rayon_code,
        settlement=row.settlement,
        emergency_contact=row.emergency_contact,
        notes=row.notes,
        skills=_sorted(name for kind, name in tags if kind == TagKind.SKILL),
        languages=_sorted(name for kind, name in tags if kind == TagKind.LANGUAGE),
        availability=availability,
    )
    return VolunteerDetail(
        id=row.id,
        volunteer_no=row.volunteer_no,
        draft=draft,
        archived=row.archived,
        trainings=trainings,
        insurances=insurances,
        hours=hours,
        hours_in_window=in_window,
        is_active=in_window >= rule.hours_needed,
        insured_until=insured_until,
    )


def _sorted(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(names, key=lambda name: people.sort_key([name])))


def alerts(
    session: Session,
    *,
    as_of: dt.date,
    within_days: int = ALERT_DAYS,
    expired_since_days: int = 90,
    volunteer_id: int | None = None,
) -> list[Alert]:
    """Insurance policies and certificates of current volunteers that expire within ``within_days``
    days, or expired in the last ``expired_since_days`` days and were not renewed; of one
    volunteer when ``volunteer_id`` is given."""
    horizon = as_of + dt.timedelta(days=within_days)
    since = as_of - dt.timedelta(days=expired_since_days)
    name = (
        func.coalesce(m.Volunteer.last_name, "") + " " + func.coalesce(m.Volunteer.first_name, "")
    )
    current = and_(
        m.Volunteer.archived.is_(False), m.Volunteer.status != vocab.VolunteerStatus.LEFT
    )
    if volunteer_id is not None:
        current = and_(current, m.Volunteer.id == volunteer_id)

    newer_policy = aliased(m.VolunteerInsurance)
    policies = session.execute(
        select(
            m.Volunteer.id,
            m.Volunteer.volunteer_no,
            name,
            m.VolunteerInsurance.policy_no,
            m.VolunteerInsurance.valid_until,
        )
        .join(m.VolunteerInsurance, m.VolunteerInsurance.volunteer_id == m.Volunteer.id)
        .where(current, m.VolunteerInsurance.valid_until.between(since, horizon))
        .where(
            ~select(newer_policy.id)
            .where(
                newer_policy.volunteer_id == m.Volunteer.id,
                newer_policy.valid_until > m.VolunteerInsurance.valid_until,
            )
            .exists()
        )
    ).all()
    newer_training = aliased(m.VolunteerTraining)
    certificates = session.execute(
        select(
            m.Volunteer.id,
            m.Volunteer.volunteer_no,
            name,
            m.VolunteerTraining.title,
            m.VolunteerTraining.expires_on,
        )
        .join(m.VolunteerTraining, m.VolunteerTraining.volunteer_id == m.Volunteer.id)
        .where(current, m.VolunteerTraining.expires_on.between(since, horizon))
        .where(
            ~select(newer_training.id)
            .where(
                newer_training.volunteer_id == m.Volunteer.id,
                newer_training.kind == m.VolunteerTraining.kind,
                newer_training.completed_on > m.VolunteerTraining.completed_on,
            )
            .exists()
        )
    ).all()
    found = [
        Alert(vid, number, full_name.strip(), "insurance", policy, until, (until - as_of).days)
        for vid, number, full_name, policy, until in policies
    ] + [
        Alert(vid, number, full_name.strip(), "certificate", title, until, (until - as_of).days)
        for vid, number, full_name, title, until in certificates
        if until is not None  # the BETWEEN filter excludes NULL; this tells the type checker
    ]
    return sorted(found, key=lambda a: (a.expires_on, a.volunteer_no, a.kind))
