"""Beneficiaries: validation, consent first, Washington Group flag, households, archive, erase."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import vocab
from cso_desktop.domain.validation import FormErrors
from cso_desktop.services import beneficiaries as svc
from cso_desktop.services import registers

TODAY = dt.date(2026, 6, 30)
CONSENT = svc.ConsentDraft(
    purpose=vocab.ConsentPurpose.REGISTRATION,
    given=True,
    recorded_on=TODAY,
    method=vocab.ConsentMethod.WRITTEN,
    recorded_by="Aygün Quliyeva",
)


def draft(**changes: object) -> svc.BeneficiaryDraft:
    values: dict[str, object] = {
        "sex": vocab.Sex.FEMALE,
        "displacement_status": vocab.DisplacementStatus.IDP,
        "registered_on": TODAY,
        "first_name": " Gülnar ",
        "last_name": "Şükürova",
        "patronymic": "Əli qızı",
        "date_of_birth": dt.date(1985, 4, 12),
        "phone": "050 123 45 67",
        "national_id": "5zk7p2h",
        "rayon_code": "AZ-BA",
        "origin_rayon_code": "AZ-AGM",
        "wg": (1, 2, 3, 1, 1, 1),
        "vulnerabilities": frozenset({vocab.Vulnerability.SINGLE_PARENT}),
        "consents": (CONSENT,),
    }
    values.update(changes)
    return svc.BeneficiaryDraft(**values)  # type: ignore[arg-type]


def test_create_normalises_and_derives(db: Database) -> None:
    with db.transaction() as session:
        new_id = svc.create(session, draft(), user_name="Aygün", today=TODAY)
    with db.transaction() as session:
        detail = svc.get(session, new_id, today=TODAY)
    assert detail.registration_no == "B-000001"
    assert detail.draft.first_name == "Gülnar"
    assert detail.draft.phone == "+994501234567"
    assert detail.draft.national_id == "5ZK7P2H"
    assert detail.has_disability is True  # walking = 3, "a lot of difficulty"
    assert detail.age == 41
    assert detail.has_registration_consent
    assert detail.draft.vulnerabilities == {vocab.Vulnerability.SINGLE_PARENT}


def test_every_problem_is_reported_at_once_and_nothing_is_saved(db: Database) -> None:
    bad = draft(
        first_name="",
        date_of_birth=dt.date(2030, 1, 1),
        national_id="12345",
        phone="12",
        wg=(1, 5, 1, 1, 1, 1),
        rayon_code="AZ-NOWHERE",
    )
    with pytest.raises(FormErrors) as info, db.transaction() as session:
        svc.create(session, bad, today=TODAY)
    assert set(info.value.problems) == {
        "first_name",
        "date_of_birth",
        "national_id",
        "phone",
        "wg_hearing",
        "rayon_code",
    }
    assert "future" in info.value.problems["date_of_birth"]
    assert "7 letters and digits" in info.value.problems["national_id"]
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(m.Beneficiary)) == 0


def test_no_personal_data_without_consent(db: Database) -> None:
    with pytest.raises(FormErrors) as info, db.transaction() as session:
        svc.create(session, draft(consents=()), today=TODAY)
    assert set(info.value.problems) == {"consent"}


def test_a_person_who_refuses_is_counted_anonymously(db: Database) -> None:
    refusal = svc.ConsentDraft(
        purpose=vocab.ConsentPurpose.REGISTRATION,
        given=False,
        recorded_on=TODAY,
        method=vocab.ConsentMethod.VERBAL_WITNESSED,
    )
    with db.transaction() as session:
        new_id = svc.create(session, draft(is_anonymous=True, consents=(refusal,)), today=TODAY)
    with db.transaction() as session:
        row = session.get(m.Beneficiary, new_id)
        assert row is not None
        assert (row.first_name, row.last_name, row.phone, row.national_id, row.date_of_birth) == (
            None,
        ) * 5
        assert row.estimated_age == 41 and row.age_estimated_on == TODAY
        assert (
            row.sex == "female" and row.displacement_status == "idp" and row.has_disability is True
        )
        assert svc.get(session, new_id, today=TODAY).draft.first_name is None
        assert registers.BENEFICIARIES.count(session) == 1


def test_duplicate_fin_is_refused(db: Database) -> None:
    with db.transaction() as session:
        svc.create(session, draft(), today=TODAY)
    with pytest.raises(FormErrors) as info, db.transaction() as session:
        svc.create(session, draft(first_name="Səbinə"), today=TODAY)
    assert "B-000001" in info.value.problems["national_id"]


def test_update_keeps_consent_and_changes_fields(db: Database) -> None:
    with db.transaction() as session:
        new_id = svc.create(session, draft(), today=TODAY)
    with db.transaction() as session:
        svc.update(
            session,
            new_id,
            draft(consents=(), last_name="Məmmədova", wg=(1, 1, 1, 1, 1, 1)),
            today=TODAY,
        )
    with db.transaction() as session:
        detail = svc.get(session, new_id, today=TODAY)
    assert detail.draft.last_name == "Məmmədova"
    assert detail.has_disability is False
    assert len(detail.consents) == 1


def test_household_with_head(db: Database) -> None:
    with db.transaction() as session:
        household = svc.create_household(session, rayon_code="AZ-GA", settlement="Gəncə şəh.")
        head = svc.create(
            session,
            draft(household_id=household, relation_to_head=vocab.HouseholdRelation.HEAD),
            today=TODAY,
        )
        child = svc.create(
            session,
            draft(
                household_id=household,
                relation_to_head=vocab.HouseholdRelation.CHILD,
                first_name="Elvin",
                sex=vocab.Sex.MALE,
                date_of_birth=dt.date(2015, 1, 1),
                national_id=None,
                phone=None,
            ),
            today=TODAY,
        )
    with db.transaction() as session:
        detail = svc.get(session, child, today=TODAY)
        assert detail.household_code == "HH-000001"
        assert [(p.id, p.is_head) for p in detail.household] == [(head, True), (child, False)]
        with pytest.raises(Exception):  # noqa: B017 - a person outside the household cannot head it
            other = svc.create(session, draft(national_id=None, first_name="Kənan"), today=TODAY)
            svc.set_head(session, household, other)


def test_archive_hides_from_the_register(db: Database) -> None:
    with db.transaction() as session:
        new_id = svc.create(session, draft(), today=TODAY)
        svc.archive(session, new_id)
    with db.reading() as session:
        assert registers.BENEFICIARIES.count(session) == 0


def test_erase_removes_personal_data_and_keeps_counts(db: Database) -> None:
    with db.transaction() as session:
        person = svc.create(session, draft(), today=TODAY)
        project = m.Project(
            code="P",
            title="Layihə",
            donor_kind="eu",
            donor_name="EU",
            currency="EUR",
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2026, 12, 31),
            status="implementation",
        )
        session.add(project)
        session.flush()
        activity = m.Activity(
            project_id=project.id,
            code="A1",
            title="Təlim",
            activity_type="training",
            status="completed",
        )
        session.add(activity)
        session.flush()
        session.add_all(
            m.ServiceDelivery(
                activity_id=activity.id,
                beneficiary_id=person,
                delivered_on=dt.date(2026, 3, day),
                service_type="training_session",
            )
            for day in (1, 8)
        )
    with db.transaction() as session:
        svc.erase(session, person, today=TODAY)
    with db.transaction() as session:
        row = session.get(m.Beneficiary, person)
        assert row is not None and row.erased_at is not None
        personal = (
            row.first_name,
            row.last_name,
            row.patronymic,
            row.phone,
            row.national_id,
            row.date_of_birth,
        )
        assert personal == (None,) * 6
        assert row.search_text == "b-000001"
        assert (row.sex, row.estimated_age, row.has_disability, row.displacement_status) == (
            "female",
            41,
            True,
            "idp",
        )
        deliveries = session.scalar(
            select(func.count(func.distinct(m.ServiceDelivery.beneficiary_id))).where(
                m.ServiceDelivery.beneficiary_id == person
            )
        )
        assert deliveries == 1  # still one unique person reached
        ages = session.scalars(select(m.ServiceDelivery.recipient_age)).all()
        assert ages == [40, 40]  # born 12 April 1985, served in March 2026
        assert session.scalar(select(func.count()).select_from(m.BeneficiaryVulnerability)) == 0
        with pytest.raises(Exception):  # noqa: B017 - an erased record cannot be filled in again
            svc.update(session, person, draft(), today=TODAY)
    with db.reading() as session:
        assert registers.BENEFICIARIES.count(session, search="şükür") == 0


def test_households_are_found_by_code_or_member_without_audit(db: Database) -> None:
    with db.transaction() as session:
        household = svc.create_household(session, rayon_code="AZ-BA")
        svc.create(
            session,
            draft(household_id=household, relation_to_head=vocab.HouseholdRelation.HEAD),
            today=TODAY,
        )
        before = session.scalar(select(func.count()).select_from(m.AuditEntry))
        by_code = svc.find_households(session, "hh-000001")
        by_name = svc.find_households(session, "şükürova")
        assert [h.code for h in by_code] == [h.code for h in by_name] == ["HH-000001"]
        assert by_code[0].head_name == "Şükürova Gülnar" and by_code[0].member_count == 1
        assert svc.find_households(session, "nobody") == []
        assert [p.is_head for p in svc.household_members(session, household)] == [True]
        assert session.scalar(select(func.count()).select_from(m.AuditEntry)) == before


def test_a_head_who_leaves_no_longer_heads_the_household(db: Database) -> None:
    with db.transaction() as session:
        household = svc.create_household(session, rayon_code="AZ-BA")
        head = svc.create(
            session,
            draft(household_id=household, relation_to_head=vocab.HouseholdRelation.HEAD),
            today=TODAY,
        )
        svc.update(
            session, head, draft(consents=(), household_id=None, relation_to_head=None), today=TODAY
        )
        row = session.get(m.Household, household)
        assert row is not None and row.head_id is None
        svc.update(
            session,
            head,
            draft(
                consents=(), household_id=household, relation_to_head=vocab.HouseholdRelation.HEAD
            ),
            today=TODAY,
        )
        assert row.head_id == head
