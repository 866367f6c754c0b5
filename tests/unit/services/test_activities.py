"""Activities and their attendance on known data: codes, dates, bulk attendance in one
transaction, no doubles, households, copying a session, archived people, volunteer hours and
unique people across activities."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import people, vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.domain.validation import FormErrors
from cso_desktop.reports import data as report_data
from cso_desktop.services import activities as svc
from cso_desktop.services import beneficiaries

TODAY = dt.date(2026, 6, 30)
DAY = dt.date(2026, 3, 10)
KIT = vocab.ServiceType.HYGIENE_KIT


def add_project(session: Session, code: str = "P-EU") -> int:
    project = m.Project(
        code=code,
        title="Gənclərin məşğulluğu",
        donor_kind=vocab.DonorKind.EU,
        donor_name="Avropa İttifaqı",
        currency="EUR",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
        status=vocab.ProjectStatus.IMPLEMENTATION,
    )
    session.add(project)
    session.flush()
    return project.id


def add_people(
    session: Session, count: int, *, household_id: int | None = None, first: str = "Aynur"
) -> list[int]:
    ids = []
    start = session.scalar(select(func.count()).select_from(m.Beneficiary)) or 0
    for index in range(count):
        number = f"B-{start + index + 1:06d}"
        last = "Əliyeva" if index % 2 else "Məmmədov"
        row = m.Beneficiary(
            registration_no=number,
            registered_on=dt.date(2025, 5, 1),
            first_name=first,
            last_name=last,
            sex=vocab.Sex.FEMALE if index % 2 else vocab.Sex.MALE,
            date_of_birth=dt.date(1980 + index % 40, 1, 15),
            displacement_status=vocab.DisplacementStatus.IDP,
            household_id=household_id,
            search_text=people.search_key([first, last, number]),
            sort_key=people.sort_key([last, first]),
        )
        session.add(row)
        session.flush()
        ids.append(row.id)
    return ids


def new_activity(session: Session, project_id: int, **changes: object) -> int:
    values: dict[str, object] = {
        "project_id": project_id,
        "title": "Gigiyena dəstlərinin paylanması",
        "activity_type": vocab.ActivityType.DISTRIBUTION,
        "status": vocab.ActivityStatus.ONGOING,
        "rayon_code": "AZ-BA",
        "planned_start": dt.date(2026, 2, 1),
        "planned_end": dt.date(2026, 5, 31),
        "actual_start": dt.date(2026, 2, 3),
    }
    values.update(changes)
    return svc.create(session, svc.ActivityDraft(**values), user_name="Test", today=TODAY)  # type: ignore[arg-type]


def deliveries(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(m.ServiceDelivery)) or 0


@pytest.fixture
def setup(db: Database) -> tuple[Database, int, int, list[int]]:
    with db.transaction() as session:
        project = add_project(session)
        activity = new_activity(session, project)
        ids = add_people(session, 60)
    return db, project, activity, ids


# --- activities -----------------------------------------------------------------------------


def test_codes_follow_the_project_and_are_unique(db: Database) -> None:
    with db.transaction() as session:
        project = add_project(session)
        first = new_activity(session, project)
        second = new_activity(session, project, title="Təlim")
        assert svc.get(session, first).code == "P-EU-A01"
        assert svc.get(session, second).code == "P-EU-A02"
        assert svc.next_code(session, project) == "P-EU-A03"
        with pytest.raises(FormErrors) as caught:
            new_activity(session, project, code="p-eu-a01")
        assert set(caught.value.problems) == {"code"}
        own = svc.get(session, first)
        svc.update(session, first, own.draft, today=TODAY)  # its own code is no clash
        entries = session.scalars(
            select(m.AuditEntry.action)
            .where(m.AuditEntry.entity == "activity")
            .order_by(m.AuditEntry.id)
        ).all()
        assert entries == ["create", "create", "update"]


def test_dates_and_status_are_checked_per_field(db: Database) -> None:
    with db.transaction() as session:
        project = add_project(session)
        with pytest.raises(FormErrors) as caught:
            new_activity(
                session,
                project,
                status=vocab.ActivityStatus.COMPLETED,
                actual_start=None,
                planned_start=dt.date(2026, 5, 1),
                planned_end=dt.date(2026, 4, 1),
                actual_end=dt.date(2027, 1, 5),
            )
        problems = caught.value.problems
        assert problems["planned_end"] == "The end date is before the start date."
        assert problems["actual_end"] == "This date is in the future."
        assert "actually started" in problems["actual_start"]
        with pytest.raises(FormErrors) as caught:
            new_activity(session, project, planned_start=dt.date(2025, 12, 1))
        assert "outside the project's dates" in caught.value.problems["planned_start"]
        with pytest.raises(FormErrors) as caught:
            new_activity(session, project, status=vocab.ActivityStatus.PLANNED)
        assert set(caught.value.problems) == {"status"}


# --- attendance -----------------------------------------------------------------------------


def test_sixty_people_are_recorded_in_one_transaction(
    setup: tuple[Database, int, int, list[int]],
) -> None:
    db, _project, activity, ids = setup
    entries = [
        svc.AttendanceEntry(pid, Decimal("1"), Decimal("25.50"), "azn", "dəst") for pid in ids
    ]
    entries[0] = svc.AttendanceEntry(ids[0], Decimal("2"), Decimal("51.00"), "AZN", "dəst")
    with db.transaction() as session:
        result = svc.record_attendance(
            session, activity, DAY, KIT, entries, recorded_by="Leyla", today=TODAY
        )
    assert result == svc.AttendanceResult(created=60, updated=0, removed=0)
    with db.reading() as session:
        assert deliveries(session) == 60
        sessions = svc.list_sessions(session, activity)
        assert sessions == (
            svc.SessionSummary(DAY, 60, 60, (("AZN", Decimal("1555.50")),), (KIT,)),
        )
        rows = svc.session_attendance(session, activity, DAY)
        first = next(r for r in rows if r.person.id == ids[0])
        assert (first.quantity, first.value, first.currency, first.unit) == (
            Decimal("2"),
            Decimal("51.00"),
            "AZN",
            "dəst",
        )
        assert first.recorded_by == "Leyla"
        stored = session.scalars(select(m.ServiceDelivery.recipient_age)).all()
        assert set(stored) == {None}  # erasure fills it, not attendance
        audit = session.scalars(
            select(m.AuditEntry.detail).where(m.AuditEntry.entity == "activity")
        ).all()
        assert {"attendance": "2026-03-10", "created": 60}.items() <= audit[-1].items()


def test_five_thousand_people_are_fast(db: Database) -> None:
    with db.transaction() as session:
        project = add_project(session)
        activity = new_activity(session, project)
        household = m.Household(code="HH-000001")
        session.add(household)
        session.flush()
    with db.transaction() as session:
        ids = list(range(1, 5001))
        session.execute(
            insert(m.Beneficiary),
            [
                {
                    "id": i,
                    "registration_no": f"B-{i:06d}",
                    "registered_on": dt.date(2025, 1, 1),
                    "sex": "female",
                    "displacement_status": "none",
                    "is_anonymous": False,
                    "archived": False,
                    "search_text": "",
                    "sort_key": "",
                }
                for i in ids
            ],
        )
    started = time.perf_counter()
    with db.transaction() as session:
        svc.record_attendance(
            session, activity, DAY, KIT, [svc.AttendanceEntry(i) for i in ids], today=TODAY
        )
    assert time.perf_counter() - started < 5
    with db.transaction() as session:
        again = svc.record_attendance(
            session, activity, DAY, KIT, [svc.AttendanceEntry(i) for i in ids], today=TODAY
        )
        assert (again.created, again.updated) == (0, 5000)
        assert deliveries(session) == 5000


def test_a_refusal_midway_leaves_nothing(setup: tuple[Database, int, int, list[int]]) -> None:
    db, _project, activity, ids = setup
    with db.transaction() as session:
        beneficiaries.archive(session, ids[40])
    entries = [svc.AttendanceEntry(pid) for pid in ids]
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        svc.record_attendance(session, activity, DAY, KIT, entries, today=TODAY)
    assert caught.value.field == "participants"
    assert caught.value.user_message.startswith("B-000041 is archived or erased")
    with db.reading() as session:
        assert deliveries(session) == 0
    # A bad amount on the last row refuses the whole sheet, too.
    entries = [svc.AttendanceEntry(pid, value=Decimal("10"), currency="AZN") for pid in ids[:40]]
    entries.append(svc.AttendanceEntry(ids[41], quantity=Decimal("0")))
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        svc.record_attendance(session, activity, DAY, KIT, entries, today=TODAY)
    assert caught.value.field == "quantity"
    with db.reading() as session:
        assert deliveries(session) == 0


def test_a_database_failure_midway_rolls_everything_back(
    setup: tuple[Database, int, int, list[int]],
) -> None:
    db, _project, activity, ids = setup
    entries = [svc.AttendanceEntry(pid) for pid in ids]
    with pytest.raises(RuntimeError), db.transaction() as session:
        svc.record_attendance(session, activity, DAY, KIT, entries, today=TODAY)
        assert deliveries(session) == 60
        raise RuntimeError("power cut")
    with db.reading() as session:
        assert deliveries(session) == 0


def test_duplicates_are_updated_not_doubled(setup: tuple[Database, int, int, list[int]]) -> None:
    db, _project, activity, ids = setup
    with db.transaction() as session:
        svc.record_attendance(
            session, activity, DAY, KIT, [svc.AttendanceEntry(i) for i in ids[:10]], today=TODAY
        )
    with db.transaction() as session:
        result = svc.record_attendance(
            session,
            activity,
            DAY,
            KIT,
            [
                svc.AttendanceEntry(ids[0], Decimal("3")),
                svc.AttendanceEntry(ids[0], Decimal("2")),  # the same person twice: last wins
                *(svc.AttendanceEntry(i) for i in ids[5:15]),
            ],
            remove=[ids[1], ids[2]],
            today=TODAY,
        )
        assert result == svc.AttendanceResult(created=5, updated=6, removed=2)
    with db.transaction() as session:
        assert deliveries(session) == 13
        rows = {r.person.id: r for r in svc.session_attendance(session, activity, DAY)}
        assert rows[ids[0]].quantity == Decimal("2")
        # Another service on the same day is another delivery.
        svc.record_attendance(
            session,
            activity,
            DAY,
            vocab.ServiceType.FOOD_PARCEL,
            [svc.AttendanceEntry(ids[0])],
            today=TODAY,
        )
        assert deliveries(session) == 14
        assert svc.remove_participant(session, activity, DAY, ids[0]) == 2
        assert deliveries(session) == 12


def test_dates_outside_the_project_and_cancelled_activities_are_refused(
    setup: tuple[Database, int, int, list[int]],
) -> None:
    db, _project, activity, ids = setup
    entries = [svc.AttendanceEntry(ids[0])]
    with db.transaction() as session:
        with pytest.raises(ValidationError, match="outside the project's dates") as caught:
            svc.record_attendance(session, activity, dt.date(2025, 12, 31), KIT, entries)
        assert caught.value.field == "delivered_on"
        with pytest.raises(ValidationError, match="in the future"):
            svc.record_attendance(session, activity, dt.date(2026, 7, 1), KIT, entries, today=TODAY)
        detail = svc.get(session, activity)
        svc.update(
            session,
            activity,
            dataclasses.replace(detail.draft, status=vocab.ActivityStatus.CANCELLED),
            today=TODAY,
        )
        with pytest.raises(ValidationError, match="cancelled"):
            svc.record_attendance(session, activity, DAY, KIT, entries, today=TODAY)
        assert deliveries(session) == 0


def test_households_expand_to_their_current_members(db: Database) -> None:
    with db.transaction() as session:
        household = m.Household(code="HH-000007")
        session.add(household)
        session.flush()
        members = add_people(session, 4, household_id=household.id, first="Günel")
        household.head_id = members[2]
        beneficiaries.archive(session, members[3])
        others = add_people(session, 2)
        assert svc.household_member_ids(session, household.id) == (
            members[2],
            members[0],
            members[1],
        )
        expanded = svc.expand_households(session, [others[0], members[1]], on=DAY)
        assert [p.id for p in expanded] == [others[0], members[1], members[2], members[0]]
        assert {p.household_code for p in expanded[1:]} == {"HH-000007"}


def test_copy_from_the_previous_session(setup: tuple[Database, int, int, list[int]]) -> None:
    db, _project, activity, ids = setup
    first_day, second_day = dt.date(2026, 3, 3), dt.date(2026, 3, 10)
    with db.transaction() as session:
        svc.record_attendance(
            session,
            activity,
            first_day,
            KIT,
            [svc.AttendanceEntry(i) for i in ids[:30]],
            today=TODAY,
        )
        svc.record_attendance(
            session,
            activity,
            second_day,
            KIT,
            [svc.AttendanceEntry(i) for i in ids[20:45]],
            today=TODAY,
        )
        beneficiaries.archive(session, ids[44])
    with db.reading() as session:
        assert svc.previous_session(session, activity, dt.date(2026, 3, 17)) == second_day
        assert svc.previous_session(session, activity, second_day) == first_day
        assert svc.previous_session(session, activity, first_day) is None
        day, copied = svc.copy_previous_participants(session, activity, dt.date(2026, 3, 17))
        assert day == second_day
        assert sorted(p.id for p in copied) == ids[20:44]  # the archived person is left out
        assert [s.on for s in svc.list_sessions(session, activity)] == [second_day, first_day]


def test_search_uses_the_folded_register_search(
    setup: tuple[Database, int, int, list[int]],
) -> None:
    db, _project, _activity, _ids = setup
    with db.transaction() as session:
        add_people(session, 1, first="Şükür")
        found = svc.search_people(session, "ŞÜKÜR", on=DAY)
        assert [p.display_name for p in found] == ["Məmmədov Şükür"]
        assert len(svc.search_people(session, "əliyeva aynur", on=DAY)) == 30
        beneficiaries.archive(session, found[0].id)
        assert svc.search_people(session, "şükür", on=DAY) == ()
        assert svc.search_people(session, "  ", on=DAY) == ()


def test_volunteer_hours_limits_and_updates(
    setup: tuple[Database, int, int, list[int]],
) -> None:
    db, _project, activity, _ids = setup
    with db.transaction() as session:
        volunteers = []
        for index in range(3):
            row = m.Volunteer(
                volunteer_no=f"V-{index + 1:04d}",
                first_name="Tural",
                last_name=f"Həsənov{index}",
                sex=vocab.Sex.MALE,
                joined_on=dt.date(2024, 1, 1),
                status=vocab.VolunteerStatus.ACTIVE,
            )
            session.add(row)
            session.flush()
            volunteers.append(row.id)
        for bad in (Decimal("0"), Decimal("24.5"), Decimal("-1")):
            with pytest.raises(FormErrors) as caught:
                svc.record_volunteer_hours(
                    session, activity, DAY, [(volunteers[0], bad, None)], today=TODAY
                )
            assert set(caught.value.problems) == {"hours"}
        assert (
            svc.record_volunteer_hours(
                session,
                activity,
                DAY,
                [(volunteers[0], Decimal("24"), "Paylama"), (volunteers[1], Decimal("3.5"), None)],
                today=TODAY,
            )
            == 2
        )
        svc.record_volunteer_hours(
            session,
            activity,
            DAY,
            [svc.VolunteerHoursEntry(volunteers[1], Decimal("4"))],
            today=TODAY,
        )
        assert svc.volunteer_days(session, activity) == (svc.VolunteerDay(DAY, 2, Decimal("28")),)
        rows = svc.volunteer_hours(session, activity)
        assert [(r.volunteer.volunteer_no, r.hours, r.role) for r in rows] == [
            ("V-0001", Decimal("24"), "Paylama"),
            ("V-0002", Decimal("4"), None),
        ]
        svc.delete_volunteer_hours(session, rows[1].id)
        assert svc.volunteer_days(session, activity) == (svc.VolunteerDay(DAY, 1, Decimal("24")),)


def test_unique_people_across_activities_are_counted_once(
    setup: tuple[Database, int, int, list[int]],
) -> None:
    db, project, first, ids = setup
    with db.transaction() as session:
        second = new_activity(session, project, title="Təlim", activity_type="training")
        svc.record_attendance(
            session, first, DAY, KIT, [svc.AttendanceEntry(i) for i in ids[:40]], today=TODAY
        )
        svc.record_attendance(
            session,
            first,
            dt.date(2026, 4, 7),
            KIT,
            [svc.AttendanceEntry(i) for i in ids[:10]],
            today=TODAY,
        )
        svc.record_attendance(
            session,
            second,
            DAY,
            vocab.ServiceType.TRAINING_SESSION,
            [svc.AttendanceEntry(i) for i in ids[30:60]],
            today=TODAY,
        )
    with db.reading() as session:
        scope = report_data.Scope(dt.date(2026, 1, 1), dt.date(2026, 12, 31), project_id=project)
        reach = report_data.people_reached(session, scope)
        assert reach.total == 60  # 40 + 30 with 10 in both, and the second session adds none
        assert report_data.services_delivered(session, scope) == 80
        assert report_data.sessions_held(session, scope) == 3
        only_first = report_data.Scope(
            dt.date(2026, 1, 1), dt.date(2026, 12, 31), activity_id=first
        )
        assert report_data.people_reached(session, only_first).total == 40
