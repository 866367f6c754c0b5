"""Beneficiaries and their households: register, edit, consent, archive and erase.

Consent comes first: a person's name, phone, FİN or date of birth are saved only with a recorded
"registration" consent. A person who declines is registered *anonymously* — sex, age, disability,
displacement and rayon only — so they still count in anonymous totals. Erasure (the right to be
forgotten) wipes the personal fields for good and keeps the row and its service records, so totals
already reported still add up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import delete, func, or_, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session, aliased

from cso_desktop.db import models as m
from cso_desktop.db import search as db_search
from cso_desktop.domain import people, validation, vocab
from cso_desktop.domain.errors import NotFoundError, ValidationError
from cso_desktop.domain.validation import Problems
from cso_desktop.domain.vocab import AuditAction, ConsentPurpose
from cso_desktop.i18n import _
from cso_desktop.services import audit
from cso_desktop.services.numbering import next_number

ENTITY = "beneficiary"
WG_FIELDS = tuple(f"wg_{domain}" for domain in people.WG_DOMAINS)


@dataclass(frozen=True)
class ConsentDraft:
    purpose: vocab.ConsentPurpose
    given: bool
    recorded_on: dt.date
    method: vocab.ConsentMethod
    recorded_by: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class BeneficiaryDraft:
    """What a form collects for one person (also the import format)."""

    sex: vocab.Sex
    displacement_status: vocab.DisplacementStatus
    registered_on: dt.date
    is_anonymous: bool = False
    first_name: str | None = None
    last_name: str | None = None
    patronymic: str | None = None
    date_of_birth: dt.date | None = None
    estimated_age: int | None = None
    wg: tuple[int | None, ...] = (None,) * 6
    origin_rayon_code: str | None = None
    rayon_code: str | None = None
    settlement: str | None = None
    phone: str | None = None
    national_id: str | None = None
    vulnerabilities: frozenset[vocab.Vulnerability] = frozenset()
    notes: str | None = None
    household_id: int | None = None
    relation_to_head: vocab.HouseholdRelation | None = None
    consents: tuple[ConsentDraft, ...] = ()


@dataclass(frozen=True)
class ConsentRecord:
    id: int
    purpose: str
    given: bool
    recorded_on: dt.date
    method: str
    recorded_by: str | None
    withdrawn_on: dt.date | None


@dataclass(frozen=True)
class ServiceReceived:
    delivered_on: dt.date
    project_code: str
    activity_code: str
    activity_title: str
    service_type: str
    quantity: Decimal
    unit: str | None
    value: Decimal | None
    currency: str | None


@dataclass(frozen=True)
class HouseholdMember:
    id: int
    registration_no: str
    display_name: str
    sex: str
    age: int | None
    relation_to_head: str | None
    is_head: bool


@dataclass(frozen=True)
class BeneficiaryDetail:
    id: int
    registration_no: str
    draft: BeneficiaryDraft
    household_code: str | None
    has_disability: bool | None
    age: int | None
    archived: bool
    erased_at: dt.datetime | None
    consents: tuple[ConsentRecord, ...]
    household: tuple[HouseholdMember, ...]
    services: tuple[ServiceReceived, ...] = field(default=())

    @property
    def has_registration_consent(self) -> bool:
        return any(
            c.purpose == ConsentPurpose.REGISTRATION and c.given and c.withdrawn_on is None
            for c in self.consents
        )


def display_name(first: str | None, last: str | None, patronymic: str | None = None) -> str:
    parts = [p for p in (last, first, patronymic) if p]
    return " ".join(parts) if parts else _("Anonymous person")


# --- validation -----------------------------------------------------------------------------


def validate(
    draft: BeneficiaryDraft, *, today: dt.date, existing_consent: bool = False
) -> BeneficiaryDraft:
    """The draft with normalised values, or :class:`FormErrors` listing every problem."""
    problems = Problems()
    anonymous = draft.is_anonymous
    if anonymous:
        first = last = patronymic = phone = national_id = None
    else:
        first, last, patronymic = validation.person_names(
            problems, draft.first_name, draft.last_name, draft.patronymic
        )
        phone = problems.check("phone", lambda: validation.phone(draft.phone))
        national_id = problems.check("national_id", lambda: validation.fin(draft.national_id))
    born = problems.check(
        "date_of_birth",
        lambda: validation.past_date(draft.date_of_birth, field="date_of_birth", today=today),
    )
    estimated = problems.check(
        "estimated_age", lambda: validation.estimated_age(draft.estimated_age)
    )
    if born is None and estimated is None and "date_of_birth" not in problems.by_field:
        problems.add(
            "date_of_birth", _("Enter the date of birth, or an estimated age if it is not known.")
        )
    wg = tuple(
        problems.check(name, lambda v=value, n=name: validation.wg_answer(v, field=n))  # type: ignore[misc]
        for name, value in zip(WG_FIELDS, draft.wg, strict=True)
    )
    rayon_code = problems.check("rayon_code", lambda: validation.rayon(draft.rayon_code))
    origin = problems.check(
        "origin_rayon_code",
        lambda: validation.rayon(draft.origin_rayon_code, field="origin_rayon_code"),
    )
    registered_on = problems.check(
        "registered_on",
        lambda: validation.past_date(
            draft.registered_on, field="registered_on", today=today, required=True
        ),
    )
    settlement = problems.check(
        "settlement", lambda: validation.optional_text(draft.settlement, field="settlement")
    )
    notes = problems.check(
        "notes", lambda: validation.optional_text(draft.notes, field="notes", max_length=2000)
    )
    if not anonymous and not existing_consent and not _gives_registration_consent(draft.consents):
        problems.add(
            "consent",
            _(
                "Record the person's consent to registration before saving their name, phone or "
                "ID — or register them anonymously."
            ),
        )
    for consent in draft.consents:
        if consent.recorded_on > today:
            problems.add("consent", _("The consent date is in the future."))
    problems.raise_if_any()
    if anonymous and born is not None:
        # An anonymous record keeps an age, never a date of birth.
        born, estimated = None, people.age_on(today, date_of_birth=born)
    elif born is not None:
        estimated = None
    return replace(
        draft,
        first_name=first,
        last_name=last,
        patronymic=patronymic,
        phone=phone,
        national_id=national_id,
        date_of_birth=born,
        estimated_age=estimated,
        wg=wg,
        rayon_code=rayon_code,
        origin_rayon_code=origin,
        registered_on=registered_on or draft.registered_on,
        settlement=settlement,
        notes=notes,
    )


def _gives_registration_consent(consents: Sequence[ConsentDraft]) -> bool:
    return any(c.purpose == ConsentPurpose.REGISTRATION and c.given for c in consents)


# --- writing --------------------------------------------------------------------------------


def _apply(row: m.Beneficiary, draft: BeneficiaryDraft, *, today: dt.date) -> None:
    row.is_anonymous = draft.is_anonymous
    row.first_name = draft.first_name
    row.last_name = draft.last_name
    row.patronymic = draft.patronymic
    row.sex = draft.sex
    row.date_of_birth = draft.date_of_birth
    row.estimated_age = draft.estimated_age
    row.age_estimated_on = today if draft.estimated_age is not None else None
    (
        row.wg_seeing,
        row.wg_hearing,
        row.wg_walking,
        row.wg_remembering,
        row.wg_selfcare,
        row.wg_communicating,
    ) = draft.wg
    row.has_disability = people.has_disability(draft.wg)
    row.displacement_status = draft.displacement_status
    row.origin_rayon_code = draft.origin_rayon_code
    row.rayon_code = draft.rayon_code
    row.settlement = draft.settlement
    row.phone = draft.phone
    row.national_id = draft.national_id
    row.notes = draft.notes
    row.registered_on = draft.registered_on
    row.household_id = draft.household_id
    row.relation_to_head = draft.relation_to_head
    refresh_search(row)


def search_columns(
    *,
    first_name: str | None,
    last_name: str | None,
    patronymic: str | None,
    registration_no: str | None,
    national_id: str | None,
    phone: str | None,
) -> dict[str, str]:
    """The folded ``search_text`` and the alphabetical ``sort_key`` of a person (also for
    bulk writes, which have no ORM row)."""
    return {
        "search_text": people.search_key(
            [first_name, last_name, patronymic, registration_no, national_id, phone]
        ),
        "sort_key": people.sort_key([last_name, first_name, patronymic]),
    }


def refresh_search(row: m.Beneficiary) -> None:
    """Keep the folded search text and the alphabetical sort key in step with the name."""
    columns = search_columns(
        first_name=row.first_name,
        last_name=row.last_name,
        patronymic=row.patronymic,
        registration_no=row.registration_no,
        national_id=row.national_id,
        phone=row.phone,
    )
    row.search_text = columns["search_text"]
    row.sort_key = columns["sort_key"]


def _check_unique_fin(session: Session, national_id: str | None, own_id: int | None) -> None:
    if not national_id:
        return
    other = session.scalar(
        select(m.Beneficiary.registration_no).where(
            m.Beneficiary.national_id == national_id, m.Beneficiary.id != (own_id or -1)
        )
    )
    if other:
        raise validation.FormErrors(
            {"national_id": _("This FİN is already registered for {number}.").format(number=other)}
        )


def create(
    session: Session,
    draft: BeneficiaryDraft,
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> int:
    today = today or dt.date.today()
    draft = validate(draft, today=today)
    _check_unique_fin(session, draft.national_id, None)
    if draft.household_id is not None and session.get(m.Household, draft.household_id) is None:
        raise NotFoundError(f"household {draft.household_id}")
    row = m.Beneficiary(
        registration_no=next_number(session, m.Beneficiary.registration_no, "B-", 6)
    )
    _apply(row, draft, today=today)
    session.add(row)
    session.flush()
    _add_consents(session, row.id, draft.consents, user_name)
    _set_vulnerabilities(session, row.id, draft.vulnerabilities)
    if draft.household_id is not None and draft.relation_to_head == vocab.HouseholdRelation.HEAD:
        set_head(session, draft.household_id, row.id, user_name=user_name)
    audit.record(session, AuditAction.CREATE, ENTITY, row.id, user_name=user_name)
    return row.id


def update(
    session: Session,
    beneficiary_id: int,
    draft: BeneficiaryDraft,
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> None:
    today = today or dt.date.today()
    row = _get_row(session, beneficiary_id)
    if row.erased_at is not None:
        raise ValidationError(_("This person's data was erased; the record cannot be edited."))
    has_consent = _has_registration_consent(session, beneficiary_id)
    draft = validate(draft, today=today, existing_consent=has_consent)
    _check_unique_fin(session, draft.national_id, beneficiary_id)
    keep_estimate_date = row.age_estimated_on if row.estimated_age == draft.estimated_age else None
    _release_headship(session, row, draft)
    _apply(row, draft, today=today)
    if keep_estimate_date is not None:
        row.age_estimated_on = keep_estimate_date
    _add_consents(session, row.id, draft.consents, user_name)
    _set_vulnerabilities(session, row.id, draft.vulnerabilities)
    if draft.household_id is not None and draft.relation_to_head == vocab.HouseholdRelation.HEAD:
        session.flush()
        set_head(session, draft.household_id, row.id, user_name=user_name)
    audit.record(session, AuditAction.UPDATE, ENTITY, row.id, user_name=user_name)


def _release_headship(session: Session, row: m.Beneficiary, draft: BeneficiaryDraft) -> None:
    """A head who leaves the household, or stops being its head, no longer heads it."""
    if row.household_id is None:
        return
    household = session.get(m.Household, row.household_id)
    if household is None or household.head_id != row.id:
        return
    if (
        draft.household_id != row.household_id
        or draft.relation_to_head != vocab.HouseholdRelation.HEAD
    ):
        household.head_id = None


def _add_consents(
    session: Session, beneficiary_id: int, consents: Sequence[ConsentDraft], user_name: str | None
) -> None:
    for consent in consents:
        session.add(
            m.Consent(
                beneficiary_id=beneficiary_id,
                purpose=consent.purpose,
                given=consent.given,
                recorded_on=consent.recorded_on,
                method=consent.method,
                recorded_by_name=consent.recorded_by or user_name,
                notes=consent.notes,
            )
        )


def _set_vulnerabilities(
    session: Session, beneficiary_id: int, criteria: frozenset[vocab.Vulnerability]
) -> None:
    session.execute(
        delete(m.BeneficiaryVulnerability).where(
            m.BeneficiaryVulnerability.beneficiary_id == beneficiary_id
        )
    )
    for criterion in sorted(criteria):
        session.add(m.BeneficiaryVulnerability(beneficiary_id=beneficiary_id, criterion=criterion))


def _has_registration_consent(session: Session, beneficiary_id: int) -> bool:
    return (
        session.scalar(
            select(func.count())
            .select_from(m.Consent)
            .where(
                m.Consent.beneficiary_id == beneficiary_id,
                m.Consent.purpose == ConsentPurpose.REGISTRATION,
                m.Consent.given.is_(True),
                m.Consent.withdrawn_on.is_(None),
            )
        )
        or 0
    ) > 0


def withdraw_consent(
    session: Session, consent_id: int, *, on: dt.date, user_name: str | None = None
) -> None:
    consent = session.get(m.Consent, consent_id)
    if consent is None:
        raise NotFoundError(f"consent {consent_id}")
    consent.withdrawn_on = on
    audit.record(
        session,
        AuditAction.UPDATE,
        "consent",
        consent_id,
        user_name=user_name,
        detail={"withdrawn": True, "purpose": str(consent.purpose)},
    )


def archive(
    session: Session, beneficiary_id: int, *, archived: bool = True, user_name: str | None = None
) -> None:
    row = _get_row(session, beneficiary_id)
    row.archived = archived
    audit.record(
        session,
        AuditAction.ARCHIVE if archived else AuditAction.UPDATE,
        ENTITY,
        row.id,
        user_name=user_name,
        detail={"archived": archived},
    )


def erase(
    session: Session,
    beneficiary_id: int,
    *,
    user_name: str | None = None,
    today: dt.date | None = None,
) -> None:
    """Remove the person's personal data for good; keep what anonymous totals need.

    Kept: sex, age (as an age on the erasure date, never the birth date), disability answers,
    displacement status, rayon, household link and every service record, each with the
    person's age on that day. Removed: names,
    patronymic, phone, FİN, date of birth, settlement, notes, vulnerabilities and consent notes.
    """
    today = today or dt.date.today()
    row = _get_row(session, beneficiary_id)
    if row.erased_at is not None:
        return
    age = people.age_on(
        today,
        date_of_birth=row.date_of_birth,
        estimated_age=row.estimated_age,
        estimated_on=row.age_estimated_on,
    )
    # Before the birth date goes, write the person's age on each day they were served, so totals
    # by age group already reported come out the same afterwards.
    for delivery in session.scalars(
        select(m.ServiceDelivery).where(
            m.ServiceDelivery.beneficiary_id == row.id, m.ServiceDelivery.recipient_age.is_(None)
        )
    ):
        delivery.recipient_age = people.age_on(
            delivery.delivered_on,
            date_of_birth=row.date_of_birth,
            estimated_age=row.estimated_age,
            estimated_on=row.age_estimated_on,
        )
    row.first_name = row.last_name = row.patronymic = None
    row.phone = row.national_id = row.notes = row.settlement = None
    row.date_of_birth = None
    row.estimated_age = age
    row.age_estimated_on = today if age is not None else None
    row.is_anonymous = True
    row.archived = True
    row.erased_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    refresh_search(row)
    session.execute(
        delete(m.BeneficiaryVulnerability).where(
            m.BeneficiaryVulnerability.beneficiary_id == row.id
        )
    )
    session.execute(
        sql_update(m.Consent).where(m.Consent.beneficiary_id == row.id).values(notes=None)
    )
    household = session.get(m.Household, row.household_id) if row.household_id else None
    if household is not None and household.head_id == row.id:
        household.address = None
    audit.record(session, AuditAction.ERASE, ENTITY, row.id, user_name=user_name)


# --- households -----------------------------------------------------------------------------


def create_household(
    session: Session,
    *,
    rayon_code: str | None,
    settlement: str | None = None,
    address: str | None = None,
    user_name: str | None = None,
) -> int:
    problems = Problems()
    rayon_code = problems.check("rayon_code", lambda: validation.rayon(rayon_code))
    settlement = problems.check(
        "settlement", lambda: validation.optional_text(settlement, field="settlement")
    )
    address = problems.check(
        "address", lambda: validation.optional_text(address, field="address", max_length=500)
    )
    problems.raise_if_any()
    row = m.Household(
        code=next_number(session, m.Household.code, "HH-", 6),
        rayon_code=rayon_code,
        settlement=settlement,
        address=address,
    )
    session.add(row)
    session.flush()
    audit.record(session, AuditAction.CREATE, "household", row.id, user_name=user_name)
    return row.id


def set_head(
    session: Session, household_id: int, beneficiary_id: int, *, user_name: str | None = None
) -> None:
    household = session.get(m.Household, household_id)
    person = _get_row(session, beneficiary_id)
    if household is None:
        raise NotFoundError(f"household {household_id}")
    if person.household_id != household_id:
        raise ValidationError(
            _("The head of a household must be one of its members."), field="relation_to_head"
        )
    previous = household.head_id
    if previous and previous != beneficiary_id:
        old = session.get(m.Beneficiary, previous)
        if old is not None and old.relation_to_head == vocab.HouseholdRelation.HEAD:
            old.relation_to_head = vocab.HouseholdRelation.OTHER_RELATIVE
    household.head_id = beneficiary_id
    person.relation_to_head = vocab.HouseholdRelation.HEAD
    audit.record(
        session,
        AuditAction.UPDATE,
        "household",
        household_id,
        user_name=user_name,
        detail={"head": beneficiary_id},
    )


@dataclass(frozen=True)
class HouseholdSummary:
    id: int
    code: str
    head_name: str | None
    rayon_code: str | None
    member_count: int


def find_households(session: Session, search: str, *, limit: int = 20) -> list[HouseholdSummary]:
    """Households whose code, or one of whose current members, matches ``search``.

    For picking a household in a form: it lists codes and heads' names, like the register, and
    writes nothing to the audit log.
    """
    words = people.fold(search).split()
    if not words:
        return []
    by_member = (
        select(m.Beneficiary.household_id)
        .where(m.Beneficiary.household_id.is_not(None), m.Beneficiary.archived.is_(False))
        .where(
            *db_search.conditions(
                session,
                id_column=m.Beneficiary.id,
                text_column=m.Beneficiary.search_text,
                index="beneficiary_search",
                words=words,
            )
        )
    )
    code = search.strip().upper()
    head = aliased(m.Beneficiary)
    members = (
        select(func.count())
        .where(m.Beneficiary.household_id == m.Household.id, m.Beneficiary.archived.is_(False))
        .correlate(m.Household)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            m.Household.id,
            m.Household.code,
            head.first_name,
            head.last_name,
            m.Household.rayon_code,
            members,
        )
        .outerjoin(head, head.id == m.Household.head_id)
        .where(m.Household.archived.is_(False))
        .where(or_(m.Household.code.contains(code, autoescape=True), m.Household.id.in_(by_member)))
        .order_by(m.Household.code)
        .limit(limit)
    ).all()
    return [
        HouseholdSummary(
            id=row[0],
            code=row[1],
            head_name=display_name(row[2], row[3]) if (row[2] or row[3]) else None,
            rayon_code=row[4],
            member_count=int(row[5] or 0),
        )
        for row in rows
    ]


def household_members(
    session: Session, household_id: int, *, today: dt.date | None = None
) -> tuple[HouseholdMember, ...]:
    """The current members of a household, head first, for the household tab of a form."""
    today = today or dt.date.today()
    household = session.get(m.Household, household_id)
    if household is None:
        raise NotFoundError(f"household {household_id}")
    members = [
        HouseholdMember(
            id=p.id,
            registration_no=p.registration_no,
            display_name=display_name(p.first_name, p.last_name, p.patronymic),
            sex=str(p.sex),
            age=people.age_on(
                today,
                date_of_birth=p.date_of_birth,
                estimated_age=p.estimated_age,
                estimated_on=p.age_estimated_on,
            ),
            relation_to_head=str(p.relation_to_head) if p.relation_to_head else None,
            is_head=p.id == household.head_id,
        )
        for p in session.scalars(
            select(m.Beneficiary)
            .where(m.Beneficiary.household_id == household_id, m.Beneficiary.archived.is_(False))
            .order_by(m.Beneficiary.id)
        )
    ]
    return tuple(sorted(members, key=lambda member: not member.is_head))


# --- reading --------------------------------------------------------------------------------


def _get_row(session: Session, beneficiary_id: int) -> m.Beneficiary:
    row = session.get(m.Beneficiary, beneficiary_id)
    if row is None:
        raise NotFoundError(f"beneficiary {beneficiary_id}")
    return row


def get(
    session: Session,
    beneficiary_id: int,
    *,
    today: dt.date | None = None,
    user_name: str | None = None,
) -> BeneficiaryDetail:
    """Everything the person's page shows. Opening a person's record is written to the audit log."""
    today = today or dt.date.today()
    row = _get_row(session, beneficiary_id)
    consents = tuple(
        ConsentRecord(
            c.id,
            str(c.purpose),
            c.given,
            c.recorded_on,
            str(c.method),
            c.recorded_by_name,
            c.withdrawn_on,
        )
        for c in session.scalars(
            select(m.Consent)
            .where(m.Consent.beneficiary_id == row.id)
            .order_by(m.Consent.recorded_on, m.Consent.id)
        )
    )
    criteria = frozenset(
        vocab.Vulnerability(c)
        for c in session.scalars(
            select(m.BeneficiaryVulnerability.criterion).where(
                m.BeneficiaryVulnerability.beneficiary_id == row.id
            )
        )
    )
    household_code = None
    members: tuple[HouseholdMember, ...] = ()
    if row.household_id is not None:
        household = session.get(m.Household, row.household_id)
        household_code = household.code if household else None
        if household is not None:
            members = household_members(session, household.id, today=today)
    services = tuple(
        ServiceReceived(
            delivered_on=d.delivered_on,
            project_code=project_code,
            activity_code=activity_code,
            activity_title=activity_title,
            service_type=str(d.service_type),
            quantity=d.quantity,
            unit=d.unit,
            value=d.value,
            currency=d.currency,
        )
        for d, project_code, activity_code, activity_title in session.execute(
            select(m.ServiceDelivery, m.Project.code, m.Activity.code, m.Activity.title)
            .join(m.Activity, m.ServiceDelivery.activity_id == m.Activity.id)
            .join(m.Project, m.Activity.project_id == m.Project.id)
            .where(m.ServiceDelivery.beneficiary_id == row.id)
            .order_by(m.ServiceDelivery.delivered_on.desc(), m.ServiceDelivery.id.desc())
        )
    )
    draft = BeneficiaryDraft(
        sex=vocab.Sex(row.sex),
        displacement_status=vocab.DisplacementStatus(row.displacement_status),
        registered_on=row.registered_on,
        is_anonymous=row.is_anonymous,
        first_name=row.first_name,
        last_name=row.last_name,
        patronymic=row.patronymic,
        date_of_birth=row.date_of_birth,
        estimated_age=row.estimated_age,
        wg=(
            row.wg_seeing,
            row.wg_hearing,
            row.wg_walking,
            row.wg_remembering,
            row.wg_selfcare,
            row.wg_communicating,
        ),
        origin_rayon_code=row.origin_rayon_code,
        rayon_code=row.rayon_code,
        settlement=row.settlement,
        phone=row.phone,
        national_id=row.national_id,
        vulnerabilities=criteria,
        notes=row.notes,
        household_id=row.household_id,
        relation_to_head=vocab.HouseholdRelation(row.relation_to_head)
        if row.relation_to_head
        else None,
    )
    audit.record(session, AuditAction.VIEW, ENTITY, row.id, user_name=user_name)
    return BeneficiaryDetail(
        id=row.id,
        registration_no=row.registration_no,
        draft=draft,
        household_code=household_code,
        has_disability=row.has_disability,
        age=people.age_on(
            today,
            date_of_birth=row.date_of_birth,
            estimated_age=row.estimated_age,
            estimated_on=row.age_estimated_on,
        ),
        archived=row.archived,
        erased_at=row.erased_at,
        consents=consents,
        household=members,
        services=services,
    )
