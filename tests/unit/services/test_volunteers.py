"""Volunteers: tags, availability, the active rule, and expiry alerts on known data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cso_desktop.db.engine import Database
from cso_desktop.domain import vocab
from cso_desktop.domain.validation import FormErrors
from cso_desktop.services import volunteers as svc

TODAY = dt.date(2026, 6, 30)


def volunteer(**changes: object) -> svc.VolunteerDraft:
    values: dict[str, object] = {
        "first_name": "Aysel",
        "last_name": "Nəsirova",
        "sex": vocab.Sex.FEMALE,
        "joined_on": dt.date(2025, 9, 1),
        "skills": ("İlk tibbi yardım", "ilk tibbi yardım ", "Tərcümə"),
        "languages": ("Rus dili",),
        "availability": frozenset({(vocab.Weekday.SAT, vocab.DayPart.MORNING)}),
    }
    values.update(changes)
    return svc.VolunteerDraft(**values)  # type: ignore[arg-type]


def test_tags_are_shared_and_deduplicated(db: Database) -> None:
    with db.transaction() as session:
        first = svc.create(session, volunteer(), today=TODAY)
        svc.create(
            session,
            volunteer(first_name="Orxan", sex=vocab.Sex.MALE, skills=("İLK TİBBİ YARDIM",)),
            today=TODAY,
        )
        detail = svc.get(session, first, as_of=TODAY)
        assert detail.volunteer_no == "V-0001"
        assert detail.draft.skills == ("İlk tibbi yardım", "Tərcümə")
        assert detail.draft.languages == ("Rus dili",)
        assert detail.draft.availability == {(vocab.Weekday.SAT, vocab.DayPart.MORNING)}
        assert svc.tag_names(session, vocab.TagKind.SKILL) == ["İlk tibbi yardım", "Tərcümə"]


@pytest.mark.parametrize(
    ("entries", "active"),
    [
        (
            [("2026-04-01", "8"), ("2026-05-01", "8"), ("2026-06-01", "8")],
            True,
        ),  # 24 h in the window
        (
            [("2026-06-29", "12"), ("2026-06-30", "12")],
            True,
        ),  # 24 h, all recent: the rule is an average
        (
            [("2026-03-30", "8"), ("2026-05-01", "8"), ("2026-06-01", "7.5")],
            False,
        ),  # first entry is outside
        (
            [("2026-03-31", "8"), ("2026-05-01", "8"), ("2026-06-01", "8")],
            True,
        ),  # window starts 31 March
        ([], False),
    ],
)
def test_active_volunteer_rule(db: Database, entries: list[tuple[str, str]], active: bool) -> None:
    with db.transaction() as session:
        person = svc.create(session, volunteer(), today=TODAY)
        for day, hours in entries:
            svc.add_hours(
                session,
                person,
                worked_on=dt.date.fromisoformat(day),
                hours=Decimal(hours),
                today=TODAY,
            )
        assert svc.get(session, person, as_of=TODAY).is_active is active


def test_the_rule_is_a_setting(db: Database) -> None:
    with db.transaction() as session:
        person = svc.create(session, volunteer(), today=TODAY)
        svc.add_hours(
            session, person, worked_on=dt.date(2026, 6, 1), hours=Decimal("5"), today=TODAY
        )
        svc.set_active_rule(session, svc.ActiveRule(hours_per_month=Decimal("4"), months=1))
        assert svc.get(session, person, as_of=TODAY).is_active
        with pytest.raises(FormErrors):
            svc.set_active_rule(session, svc.ActiveRule(hours_per_month=Decimal("0"), months=0))


def test_expiry_alerts(db: Database) -> None:
    with db.transaction() as session:
        soon = svc.create(session, volunteer(), today=TODAY)
        svc.add_insurance(
            session,
            soon,
            insurer="Paşa Sığorta",
            policy_no="PS-1",
            valid_from=dt.date(2025, 7, 20),
            valid_until=dt.date(2026, 7, 19),
        )
        renewed = svc.create(
            session, volunteer(first_name="Tural", sex=vocab.Sex.MALE), today=TODAY
        )
        svc.add_insurance(
            session,
            renewed,
            insurer="Paşa Sığorta",
            policy_no="PS-2",
            valid_from=dt.date(2025, 7, 1),
            valid_until=dt.date(2026, 7, 1),
        )
        svc.add_insurance(
            session,
            renewed,
            insurer="Paşa Sığorta",
            policy_no="PS-3",
            valid_from=dt.date(2026, 7, 2),
            valid_until=dt.date(2027, 7, 1),
        )
        expired = svc.create(
            session, volunteer(first_name="Nicat", sex=vocab.Sex.MALE), today=TODAY
        )
        svc.add_training(
            session,
            expired,
            kind=vocab.TrainingKind.FIRST_AID,
            title="İlk yardım sertifikatı",
            completed_on=dt.date(2024, 6, 1),
            expires_on=dt.date(2026, 6, 1),
            today=TODAY,
        )
        later = svc.create(session, volunteer(first_name="Leyla"), today=TODAY)
        svc.add_training(
            session,
            later,
            kind=vocab.TrainingKind.FIRST_AID,
            title="İlk yardım",
            completed_on=dt.date(2025, 6, 1),
            expires_on=dt.date(2027, 6, 1),
            today=TODAY,
        )
        alerts = svc.alerts(session, as_of=TODAY)
    assert [(a.volunteer_id, a.kind, a.days_left, a.expired) for a in alerts] == [
        (expired, "certificate", -29, True),
        (soon, "insurance", 19, False),
    ]


def test_hours_must_fit_in_a_day(db: Database) -> None:
    with db.transaction() as session:
        person = svc.create(session, volunteer(), today=TODAY)
    with pytest.raises(FormErrors) as info, db.transaction() as session:
        svc.add_hours(
            session, person, worked_on=dt.date(2026, 7, 1), hours=Decimal("25"), today=TODAY
        )
    assert set(info.value.problems) == {"worked_on", "hours"}
