"""Duplicates inside a file and against the saved records: certain on identifiers, likely on
spelling-independent name + date of birth or phone; bulk database lookups; the review file."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import people, vocab
from cso_desktop.i18n import format_date
from cso_desktop.services import beneficiaries
from cso_desktop.services.importing.checking import Checked, Record
from cso_desktop.services.importing.duplicates import (
    Certainty,
    Decision,
    DuplicatePair,
    find_duplicates,
    write_decisions,
)
from cso_desktop.services.importing.mapping import Mapping
from cso_desktop.services.importing.schema import ImportKind

BORN = dt.date(1984, 3, 12)


def checked(kind: ImportKind, rows: list[dict[str, Any]], *, first_row: int = 2) -> Checked:
    """A checked file whose rows are ``rows`` (file row numbers from 2, under the header)."""
    records = tuple(Record(row=first_row + i, values=values) for i, values in enumerate(rows))
    return Checked(
        kind=kind,
        mapping=Mapping(kind=kind, columns={}),
        table_name="list.csv",
        records=records,
        problems=(),
        rows=len(records),
    )


def person(first: str, last: str, **values: Any) -> dict[str, Any]:
    return {"first_name": first, "last_name": last, "sex": vocab.Sex.MALE, **values}


def save_person(session: Session, number: str, first: str, last: str, **values: Any) -> int:
    row = m.Beneficiary(
        registration_no=number,
        registered_on=dt.date(2025, 1, 10),
        first_name=first,
        last_name=last,
        sex=vocab.Sex.MALE,
        displacement_status=vocab.DisplacementStatus.NONE,
        **values,
    )
    beneficiaries.refresh_search(row)
    session.add(row)
    session.flush()
    return row.id


def find(db: Database, data: Checked) -> tuple[DuplicatePair, ...]:
    with db.reading() as session:
        return find_duplicates(session, data)


# --- beneficiaries --------------------------------------------------------------------------


def test_one_person_spelled_three_ways_is_one_group(db: Database) -> None:
    data = checked(
        ImportKind.BENEFICIARIES,
        [
            person("Əli", "Əliyev", date_of_birth=BORN),
            person("Ali", "Aliyev", date_of_birth=BORN),
            person("Нигяр", "Мамедова", date_of_birth=BORN),
            person("Али", "Алиев", date_of_birth=BORN),
            person("Əli", "Əliyev", date_of_birth=dt.date(1990, 1, 1)),
        ],
    )
    pairs = find(db, data)
    assert [(p.row, p.other_row, p.existing_id, p.certainty) for p in pairs] == [
        (3, 2, None, Certainty.LIKELY),
        (5, 2, None, Certainty.LIKELY),
    ]
    assert {p.key for p in pairs} == {"r3-r2", "r5-r2"}
    assert pairs[0].reason == "same name and date of birth"
    assert pairs[1].left["last_name"] == "Алиев"
    assert pairs[1].right["last_name"] == "Əliyev"
    assert pairs[1].right["date_of_birth"] == format_date(BORN)


def test_fin_is_certain_inside_the_file_and_against_the_database(db: Database) -> None:
    with db.transaction() as session:
        saved = save_person(
            session, "B-000007", "Rəşad", "Quliyev", national_id="5ZK7P2H", date_of_birth=BORN
        )
    data = checked(
        ImportKind.BENEFICIARIES,
        [
            person(
                "Rashad", "Guliyev", national_id="5zk7p2h"
            ),  # the saved person, FİN in lower case
            person("Aynur", "Hüseynova", national_id="1AB2C3D"),
            person("Ainur", "Guseynova", national_id="1AB2C3D"),
        ],
    )
    pairs = find(db, data)
    assert [(p.key, p.certainty, p.reason) for p in pairs] == [
        (f"r2-db{saved}", Certainty.CERTAIN, "same FİN"),
        ("r4-r3", Certainty.CERTAIN, "same FİN"),
    ]
    assert pairs[0].right["registration_no"] == "B-000007"
    assert pairs[0].right["national_id"] == "5ZK7P2H"


def test_name_and_birth_date_and_phone_are_likely_against_the_database(db: Database) -> None:
    with db.transaction() as session:
        by_name = save_person(session, "B-000001", "Gülnarə", "Məmmədova", date_of_birth=BORN)
        by_phone = save_person(session, "B-000002", "Səbinə", "Kərimova", phone="+994501234567")
        save_person(
            session,
            "B-000003",
            "Leyla",
            "Həsənova",
            date_of_birth=BORN,
            erased_at=dt.datetime(2026, 1, 1),
        )
        save_person(session, "B-000004", "Lalə", "Həsənova", date_of_birth=BORN)
    data = checked(
        ImportKind.BENEFICIARIES,
        [
            person("Гюльнара", "Мамедова", date_of_birth=BORN),
            person("Sabina", "Karimova", phone="+994501234567"),
            person("Leyla", "Hasanova", date_of_birth=BORN),  # only an erased record has her name
            person("Gulnara", "Mammadova", date_of_birth=dt.date(1984, 3, 13)),
        ],
    )
    pairs = find(db, data)
    assert [(p.key, p.certainty, p.reason) for p in pairs] == [
        (f"r2-db{by_name}", Certainty.LIKELY, "same name and date of birth"),
        (f"r3-db{by_phone}", Certainty.LIKELY, "same phone"),
    ]


def test_registration_number_is_certain(db: Database) -> None:
    with db.transaction() as session:
        saved = save_person(session, "B-000010", "Orxan", "Vəliyev")
    pairs = find(
        db,
        checked(
            ImportKind.BENEFICIARIES, [person("Orkhan", "Valiyev", registration_no="b-000010")]
        ),
    )
    assert [(p.existing_id, p.certainty, p.reason) for p in pairs] == [
        (saved, Certainty.CERTAIN, "same registration number")
    ]


def test_a_row_is_paired_once_with_each_record_by_its_strongest_reason(db: Database) -> None:
    with db.transaction() as session:
        saved = save_person(
            session,
            "B-000001",
            "Tural",
            "Səfərov",
            national_id="7XY8Z9A",
            date_of_birth=BORN,
            phone="+994551112233",
        )
    same = person(
        "Tural", "Səfərov", national_id="7XY8Z9A", date_of_birth=BORN, phone="+994551112233"
    )
    pairs = find(db, checked(ImportKind.BENEFICIARIES, [same, same]))
    assert [(p.key, p.certainty, p.reason) for p in pairs] == [
        (f"r2-db{saved}", Certainty.CERTAIN, "same FİN"),
        (f"r3-db{saved}", Certainty.CERTAIN, "same FİN"),
        ("r3-r2", Certainty.CERTAIN, "same FİN"),
    ]


# --- members, volunteers, attendance, expenses ----------------------------------------------


def test_members_are_certain_on_their_number_and_likely_on_name_and_birth(db: Database) -> None:
    with db.transaction() as session:
        member = m.Member(
            membership_no="M-0003",
            first_name="Kamran",
            last_name="Nəsirov",
            sex=vocab.Sex.MALE,
            date_of_birth=BORN,
            status=vocab.MemberStatus.ACTIVE,
            joined_on=dt.date(2020, 1, 1),
        )
        session.add(member)
        session.flush()
        member_id = member.id
    data = checked(
        ImportKind.MEMBERS,
        [
            person("Kamran", "Nasirov", membership_no="M-0003"),
            person("Камран", "Насиров", date_of_birth=BORN),
            person("Kamal", "Nəsirov", date_of_birth=BORN),
        ],
    )
    pairs = find(db, data)
    assert [(p.key, p.certainty) for p in pairs] == [
        (f"r2-db{member_id}", Certainty.CERTAIN),
        (f"r3-db{member_id}", Certainty.LIKELY),
    ]
    assert pairs[0].reason == "same membership number"


def test_volunteers_are_paired_on_their_number_inside_the_file(db: Database) -> None:
    data = checked(
        ImportKind.VOLUNTEERS,
        [
            person("Nərmin", "Abbasova", volunteer_no="V-0001"),
            person("X", "Y", volunteer_no="V-0001"),
        ],
    )
    assert [(p.key, p.certainty, p.reason) for p in find(db, data)] == [
        ("r3-r2", Certainty.CERTAIN, "same volunteer number")
    ]


def _project_and_activity(session: Session) -> tuple[int, int]:
    project = m.Project(
        code="P-1",
        title="Layihə",
        donor_kind=vocab.DonorKind.EU,
        donor_name="EU",
        currency="EUR",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
        status=vocab.ProjectStatus.IMPLEMENTATION,
    )
    session.add(project)
    session.flush()
    activity = m.Activity(
        project_id=project.id,
        code="P-1-A01",
        title="Paylanma",
        activity_type=vocab.ActivityType.DISTRIBUTION,
        status=vocab.ActivityStatus.ONGOING,
    )
    session.add(activity)
    session.flush()
    return project.id, activity.id


def test_attendance_is_certain_for_the_same_person_activity_day_and_service(db: Database) -> None:
    day = dt.date(2026, 3, 2)
    with db.transaction() as session:
        _project, activity = _project_and_activity(session)
        pid = save_person(session, "B-000001", "Aynur", "Əliyeva")
        other = save_person(session, "B-000002", "Samir", "Əliyev")
        delivery = m.ServiceDelivery(
            activity_id=activity,
            beneficiary_id=pid,
            delivered_on=day,
            service_type=vocab.ServiceType.FOOD_PARCEL,
        )
        session.add(delivery)
        session.flush()
        delivery_id = delivery.id

    def row(who: int, service: vocab.ServiceType, on: dt.date = day) -> dict[str, Any]:
        return {"activity_id": activity, "beneficiary_id": who, "date": on, "service": service}

    data = checked(
        ImportKind.ATTENDANCE,
        [
            row(pid, vocab.ServiceType.FOOD_PARCEL),
            row(pid, vocab.ServiceType.HYGIENE_KIT),
            row(other, vocab.ServiceType.FOOD_PARCEL),
            row(other, vocab.ServiceType.FOOD_PARCEL),
            row(other, vocab.ServiceType.FOOD_PARCEL, dt.date(2026, 3, 3)),
        ],
    )
    pairs = find(db, data)
    assert [(p.key, p.certainty) for p in pairs] == [
        (f"r2-db{delivery_id}", Certainty.CERTAIN),
        ("r5-r4", Certainty.CERTAIN),
    ]
    assert pairs[0].right["beneficiary"] == "B-000001"


def test_expenses_are_certain_on_receipt_and_likely_on_payee(db: Database) -> None:
    with db.transaction() as session:
        project, _activity = _project_and_activity(session)
        expense = m.Expense(
            project_id=project,
            spent_on=dt.date(2026, 2, 10),
            payee="Bravo",
            receipt_no="Q-17",
            description="Ərzaq",
            amount=Decimal("150.50"),
            currency="AZN",
            rate_to_project=Decimal("0.5"),
        )
        session.add(expense)
        session.flush()
        expense_id = expense.id

    def row(receipt: str | None, payee: str = "Bravo", amount: str = "150.5") -> dict[str, Any]:
        return {
            "project_id": project,
            "date": dt.date(2026, 2, 10),
            "amount": Decimal(amount),
            "currency": "azn",
            "receipt_no": receipt,
            "payee": payee,
            "description": "Ərzaq",
        }

    data = checked(
        ImportKind.EXPENSES,
        [row("q-17"), row(None), row(None, "BRAVO"), row(None, "Araz"), row("Q-18", amount="9")],
    )
    assert [(p.key, p.certainty) for p in find(db, data)] == [
        (f"r2-db{expense_id}", Certainty.CERTAIN),
        ("r4-r3", Certainty.LIKELY),
    ]


# --- the review file ------------------------------------------------------------------------


def test_decisions_are_written_without_fin_or_phone(db: Database, tmp_path: Path) -> None:
    data = checked(
        ImportKind.BENEFICIARIES,
        [
            person("Aynur", "Əliyeva", national_id="1AB2C3D", phone="+994501234567"),
            person("Ainur", "Alieva", national_id="1AB2C3D", phone="+994501234567"),
            person("Aynur", "Əliyeva", date_of_birth=BORN),
            person("Айнур", "Алиева", date_of_birth=BORN),
        ],
    )
    pairs = find(db, data)
    path = tmp_path / "decisions.csv"
    written = write_decisions(pairs, {"r3-r2": Decision.MERGE}, path)
    assert written == 2
    text = path.read_text(encoding="utf-8-sig")
    assert "1AB2C3D" not in text
    assert "501234567" not in text and "50 123" not in text
    rows = list(csv.reader(text.splitlines()))
    assert rows[0][:3] == ["Pair", "Certainty", "Reason"]
    assert rows[1][0] == "r3-r2"
    assert rows[1][6] == "Merge"
    assert "Alieva" in rows[1][7] and "Əliyeva" in rows[1][8]
    assert rows[2][1] == "Likely duplicate"
    assert rows[2][6] == ""


# --- speed ----------------------------------------------------------------------------------


def _letters(number: int) -> str:
    """A distinct made-up name for each number (names made of digits would all fold alike)."""
    text = ""
    for _place in range(5):
        number, digit = divmod(number, 20)
        text += "bdflmnprstvz"[digit % 12] + "aiou"[digit // 5 % 4]
    return text.capitalize()


def _fill(path: Path, count: int) -> None:
    """``count`` saved people straight through SQLite (the fixture is about reading speed)."""
    firsts = ["Aynur", "Əli", "Samir", "Gülnarə", "Rəşad", "Leyla", "Orxan", "Nərmin"]
    lasts = ["Əliyev", "Məmmədov", "Hüseynov", "Quliyev", "Həsənov", "Cəfərov", "Kərimov"]
    rows = []
    for i in range(count):
        first, last = firsts[i % len(firsts)], lasts[(i // 8) % len(lasts)]
        number = f"B-{i + 1:06d}"
        rows.append(
            (
                number,
                "2025-01-10",
                first,
                last + str(i // 56),
                "male",
                (dt.date(1950, 1, 1) + dt.timedelta(days=i % 20000)).isoformat(),
                "none",
                f"+99450{i:07d}",
                f"{i:07X}",
                people.search_key([first, last, number]),
            )
        )
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO beneficiary (registration_no, registered_on, first_name, last_name, sex,"
            " date_of_birth, displacement_status, phone, national_id, search_text, is_anonymous,"
            " archived, sort_key) VALUES (?,?,?,?,?,?,?,?,?,?,0,0,'')",
            rows,
        )


def test_a_hundred_thousand_rows_against_a_quarter_million_people_take_seconds(
    db: Database, tmp_path: Path, record_property: Any
) -> None:
    assert db.path is not None
    _fill(db.path, 250_000)
    rows = []
    for i in range(100_000):
        j = i * 2  # every second saved person comes again
        rows.append(
            person(
                "Aynur",
                _letters(i),
                date_of_birth=dt.date(1950, 1, 1) + dt.timedelta(days=j % 20000),
                phone=f"+99455{i:07d}",
                national_id=f"{j:07X}" if i % 10 == 0 else None,
            )
        )
    data = checked(ImportKind.BENEFICIARIES, rows)
    start = time.perf_counter()
    pairs = find(db, data)
    elapsed = time.perf_counter() - start
    record_property("duplicates_100k_vs_250k_seconds", round(elapsed, 2))
    print(f"\nfind_duplicates: 100,000 rows against 250,000 people in {elapsed:.2f} s")
    assert len(pairs) == 10_000  # the rows that repeat a saved FİN
    assert {p.certainty for p in pairs} == {Certainty.CERTAIN}
    assert elapsed < 20


@pytest.mark.parametrize("kind", list(ImportKind))
def test_an_empty_file_has_no_duplicates(db: Database, kind: ImportKind) -> None:
    assert find(db, checked(kind, [])) == ()
