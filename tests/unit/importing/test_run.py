"""Writing a checked list: known answers per kind, duplicates resolved, all or nothing (also
when the process is killed part-way), dry runs, and the speed of 100,000 beneficiaries."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database, open_database
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.services import beneficiaries
from cso_desktop.services.importing import run as run_module
from cso_desktop.services.importing.checking import Checked, Problem, Record, check
from cso_desktop.services.importing.duplicates import Certainty, Decision, find_duplicates
from cso_desktop.services.importing.mapping import Mapping, propose_mapping
from cso_desktop.services.importing.run import (
    ImportOptions,
    ImportSummary,
    OnDuplicate,
    plan,
    run_import,
)
from cso_desktop.services.importing.schema import ImportKind
from cso_desktop.services.importing.sources import read_source

TODAY = dt.date(2026, 6, 30)
CONSENT = dt.date(2026, 5, 4)
BORN = dt.date(1984, 3, 12)


def checked(
    kind: ImportKind, rows: list[dict[str, Any]], *, problems: tuple[Problem, ...] = ()
) -> Checked:
    records = tuple(Record(row=2 + i, values=values) for i, values in enumerate(rows))
    return Checked(
        kind=kind,
        mapping=Mapping(kind=kind, columns={}),
        table_name="list.csv",
        records=records,
        problems=problems,
        rows=len(records) + len({p.row for p in problems}),
    )


def named(first: str, last: str, **values: Any) -> dict[str, Any]:
    return {
        "first_name": first,
        "last_name": last,
        "sex": vocab.Sex.FEMALE,
        "consent_date": CONSENT,
        **values,
    }


def run(db: Database, data: Checked, **options: Any) -> ImportSummary:
    with db.reading() as session:
        pairs = find_duplicates(session, data)
    return run_import(db, data, pairs, ImportOptions(today=TODAY, **options))


def count(db: Database, model: type[m.Base]) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def counts(summary: ImportSummary) -> tuple[int, int, int, int]:
    return summary.added, summary.updated, summary.skipped, summary.merged


def save_person(session: Session, number: str, first: str, last: str, **values: Any) -> int:
    row = m.Beneficiary(
        registration_no=number,
        registered_on=dt.date(2025, 1, 10),
        first_name=first,
        last_name=last,
        sex=vocab.Sex.FEMALE,
        displacement_status=vocab.DisplacementStatus.NONE,
        **values,
    )
    beneficiaries.refresh_search(row)
    session.add(row)
    session.flush()
    return row.id


def file_digest(db: Database) -> str:
    """The organisation file's bytes, with every committed change checkpointed into it."""
    assert db.path is not None
    with sqlite3.connect(db.path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return hashlib.sha256(db.path.read_bytes()).hexdigest()


# --- beneficiaries --------------------------------------------------------------------------


def test_beneficiaries_with_households_consents_and_vulnerabilities(db: Database) -> None:
    with db.transaction() as session:
        save_person(session, "B-000041", "Saved", "Person")
    data = checked(
        ImportKind.BENEFICIARIES,
        [
            named(
                "Aynur",
                "Əliyeva",
                household_code="HH-A",
                relation_to_head=vocab.HouseholdRelation.SPOUSE,
                date_of_birth=BORN,
                rayon="AZ-BA",
                settlement="Binə",
                vulnerability=frozenset({vocab.Vulnerability.LOW_INCOME}),
                wg_walking=3,
            ),
            named(
                "Samir",
                "Əliyev",
                household_code="HH-A",
                relation_to_head=vocab.HouseholdRelation.HEAD,
                phone="+994501234567",
                national_id="5ZK7P2H",
                age=44,
            ),
            named("Nərmin", "Quliyeva", household_code="hh-b", registration_no="B-000050"),
            named("Leyla", "Quliyeva", household_code="HH-B"),
            {"sex": vocab.Sex.MALE, "age": 7, "displacement_status": vocab.DisplacementStatus.IDP},
        ],
    )
    summary = run(db, data, user_name="Nigar")
    assert counts(summary) == (5, 0, 0, 0)
    assert (summary.rows, summary.problems, summary.likely_duplicates) == (5, 0, ())
    with db.reading() as session:
        rows = session.scalars(select(m.Beneficiary).order_by(m.Beneficiary.id)).all()[1:]
        assert [r.registration_no for r in rows] == [
            "B-000042",
            "B-000043",
            "B-000050",
            "B-000044",
            "B-000045",
        ]
        aynur, samir, nermin, leyla, child = rows
        households = {h.code: h for h in session.scalars(select(m.Household))}
        assert set(households) == {"HH-A", "hh-b"}
        assert households["HH-A"].head_id == samir.id
        assert households["hh-b"].head_id == nermin.id  # the first member, none marked head
        assert nermin.relation_to_head == vocab.HouseholdRelation.HEAD
        assert households["HH-A"].rayon_code == "AZ-BA"
        assert aynur.household_id == samir.household_id == households["HH-A"].id
        assert leyla.household_id == households["hh-b"].id
        assert aynur.has_disability is True and samir.has_disability is None
        assert (samir.estimated_age, samir.age_estimated_on) == (44, TODAY)
        assert child.is_anonymous and not aynur.is_anonymous
        # Search text and sort key exactly as the register's form writes them.
        expected = beneficiaries.search_columns(
            first_name="Samir",
            last_name="Əliyev",
            patronymic=None,
            registration_no="B-000043",
            national_id="5ZK7P2H",
            phone="+994501234567",
        )
        assert (samir.search_text, samir.sort_key) == (
            expected["search_text"],
            expected["sort_key"],
        )
        consents = session.scalars(select(m.Consent).order_by(m.Consent.beneficiary_id)).all()
        assert [(c.beneficiary_id, c.recorded_on, c.given) for c in consents] == [
            (p.id, CONSENT, True) for p in (aynur, samir, nermin, leyla)
        ]
        assert consents[0].recorded_by_name == "Nigar"
        assert session.execute(
            select(m.BeneficiaryVulnerability.beneficiary_id, m.BeneficiaryVulnerability.criterion)
        ).all() == [(aynur.id, vocab.Vulnerability.LOW_INCOME)]
        entry = session.scalars(
            select(m.AuditEntry).where(m.AuditEntry.action == vocab.AuditAction.IMPORT)
        ).one()
        assert entry.entity == "beneficiaries"
        assert entry.user_name == "Nigar"
        assert entry.detail == {
            "rows": 5,
            "added": 5,
            "updated": 0,
            "skipped": 0,
            "merged": 0,
            "problems": 0,
            "likely_duplicates": 0,
        }


def test_fin_duplicates_are_skipped_by_default_and_updated_on_request(db: Database) -> None:
    with db.transaction() as session:
        saved = save_person(
            session, "B-000001", "Rəşad", "Quliyev", national_id="5ZK7P2H", settlement="Köhnə"
        )
    rows = [
        named("Rashad", "Guliyev", national_id="5ZK7P2H", settlement="Yeni", phone="+994551112233"),
        named("Tural", "Səfərov"),
    ]
    skipped = run(db, checked(ImportKind.BENEFICIARIES, rows))
    assert counts(skipped) == (1, 0, 1, 0)
    with db.reading() as session:
        person = session.get(m.Beneficiary, saved)
        assert person is not None
        assert (person.first_name, person.settlement, person.phone) == ("Rəşad", "Köhnə", None)

    updated = run(db, checked(ImportKind.BENEFICIARIES, rows[:1]), on_duplicate=OnDuplicate.UPDATE)
    assert counts(updated) == (0, 1, 0, 0)
    with db.reading() as session:
        person = session.get(m.Beneficiary, saved)
        assert person is not None
        assert (person.first_name, person.settlement, person.phone) == (
            "Rashad",
            "Yeni",
            "+994551112233",
        )
        assert person.patronymic is None and person.registration_no == "B-000001"
        assert "rashad" in person.search_text and "+994551112233" in person.search_text
    assert count(db, m.Beneficiary) == 2
    assert count(db, m.Consent) == 2  # Tural's, and the consent the file gives for Rəşad
    again = run(db, checked(ImportKind.BENEFICIARIES, rows[:1]), on_duplicate=OnDuplicate.UPDATE)
    assert counts(again) == (0, 1, 0, 0)
    assert count(db, m.Consent) == 2  # the same consent is not recorded twice


def test_the_same_person_three_times_in_a_real_file(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "siyahı.csv"
    path.write_text(
        "Soyad;Ad;Cins;Doğum tarixi;Razılıq tarixi\n"
        "Əliyev;Əli;kişi;12.03.1984;04.05.2026\n"
        "Aliyev;Ali;M;1984-03-12;04.05.2026\n"
        "Алиев;Али;муж;12/03/1984;04.05.2026\n"
        "Vəliyev;Vəli;kişi;12.03.1984;04.05.2026\n",
        encoding="utf-8-sig",
    )
    table = read_source(path).table
    with db.reading() as session:
        data = check(
            session,
            ImportKind.BENEFICIARIES,
            table,
            propose_mapping(ImportKind.BENEFICIARIES, table),
            as_of=TODAY,
        )
        pairs = find_duplicates(session, data)
    assert data.problems == ()
    assert [(p.row, p.other_row, p.certainty) for p in pairs] == [
        (3, 2, Certainty.LIKELY),
        (4, 2, Certainty.LIKELY),
    ]
    # Nobody decided: likely pairs are imported and listed for review.
    dry = run_import(db, data, pairs, ImportOptions(today=TODAY, dry_run=True))
    assert counts(dry) == (4, 0, 0, 0) and dry.dry_run
    assert [p.key for p in dry.likely_duplicates] == ["r3-r2", "r4-r2"]
    assert count(db, m.Beneficiary) == 0
    # The user merges the group: one record from the three rows.
    decisions = {"r3-r2": Decision.MERGE, "r4-r2": Decision.MERGE}
    summary = run_import(db, data, pairs, ImportOptions(today=TODAY, decisions=decisions))
    assert counts(summary) == (2, 0, 0, 2)
    assert summary.likely_duplicates == ()
    with db.reading() as session:
        names = session.execute(
            select(m.Beneficiary.first_name, m.Beneficiary.last_name).order_by(m.Beneficiary.id)
        ).all()
        # Later rows' values win: the Cyrillic spelling of the last row is kept.
        assert names == [("Али", "Алиев"), ("Vəli", "Vəliyev")]
        assert session.scalar(select(func.count()).select_from(m.Consent)) == 2


def test_decisions_keep_both_and_skip(db: Database) -> None:
    rows = [
        named("Aynur", "Əliyeva", date_of_birth=BORN),
        named("Ainur", "Alieva", date_of_birth=BORN),
        named("Айнур", "Алиева", date_of_birth=BORN),
    ]
    data = checked(ImportKind.BENEFICIARIES, rows)
    summary = run(db, data, decisions={"r3-r2": Decision.KEEP_BOTH, "r4-r2": Decision.SKIP})
    assert counts(summary) == (2, 0, 1, 0)
    assert summary.likely_duplicates == ()


def test_in_file_certain_duplicates_never_make_a_second_record(db: Database) -> None:
    rows = [
        named("Aynur", "Əliyeva", national_id="1AB2C3D"),
        named("Aynur", "Əliyeva", national_id="1AB2C3D", phone="+994501234567"),
    ]
    data = checked(ImportKind.BENEFICIARIES, rows)
    assert counts(run(db, data, dry_run=True)) == (1, 0, 1, 0)
    summary = run(db, data, on_duplicate=OnDuplicate.UPDATE)
    assert counts(summary) == (1, 0, 0, 1)
    with db.reading() as session:
        person = session.scalars(select(m.Beneficiary)).one()
        assert person.phone == "+994501234567"


def test_a_file_with_problems_is_refused_unless_valid_rows_only(db: Database) -> None:
    problems = (
        Problem(4, "Cins", "x", "…"),
        Problem(4, "Ad", "", "…"),
        Problem(6, "Cins", "y", "…"),
    )
    data = checked(ImportKind.BENEFICIARIES, [named("Aynur", "Əliyeva")], problems=problems)
    with pytest.raises(ValidationError) as refused:
        run(db, data)
    assert refused.value.user_message.startswith("2 rows of the file have problems")
    assert count(db, m.Beneficiary) == 0
    summary = run(db, data, valid_rows_only=True)
    assert (summary.rows, summary.added, summary.problems) == (3, 1, 2)


def test_a_dry_run_gives_the_real_summary_and_writes_nothing(db: Database) -> None:
    with db.transaction() as session:
        save_person(session, "B-000001", "Rəşad", "Quliyev", national_id="5ZK7P2H")
    data = checked(
        ImportKind.BENEFICIARIES,
        [named("R", "Q", national_id="5ZK7P2H"), named("A", "B"), named("C", "D")],
    )
    before = file_digest(db)
    calls: list[tuple[int, int]] = []
    dry = run_import(
        db,
        data,
        find_duplicates(db.sessions(), data),
        ImportOptions(dry_run=True, on_duplicate=OnDuplicate.UPDATE, today=TODAY),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert file_digest(db) == before
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)
    real = run(db, data, on_duplicate=OnDuplicate.UPDATE)
    assert counts(dry) == counts(real) == (2, 1, 0, 0)
    assert not real.dry_run


def test_a_failure_in_the_middle_leaves_the_file_byte_for_byte_unchanged(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.transaction() as session:
        save_person(session, "B-000001", "Rəşad", "Quliyev")
    before = file_digest(db)
    rows = [named(f"Ad{i}", "Soyad", household_code=f"H{i % 7}") for i in range(5000)]
    # A value the checks would refuse, slipped through: the database's own rule stops it.
    rows[4321]["wg_seeing"] = 9
    with pytest.raises(ValidationError) as refused:
        run(db, checked(ImportKind.BENEFICIARIES, rows))
    assert "nothing was imported" in refused.value.user_message
    assert file_digest(db) == before

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk unplugged")

    monkeypatch.setattr(run_module._Beneficiaries, "_heads", broken)
    with pytest.raises(OSError, match="disk unplugged"):
        run(db, checked(ImportKind.BENEFICIARIES, rows[:4000]))
    assert file_digest(db) == before
    assert count(db, m.Household) == 0 and count(db, m.Consent) == 0


# --- members and volunteers -----------------------------------------------------------------


def test_members_known_answers(db: Database) -> None:
    with db.transaction() as session:
        category = m.MemberCategory(name="Tələbə", annual_fee=Decimal("10"))
        session.add(category)
        session.add(
            m.Member(
                membership_no="M-0007",
                first_name="Kamran",
                last_name="Nəsirov",
                sex=vocab.Sex.MALE,
                status=vocab.MemberStatus.ACTIVE,
                joined_on=dt.date(2020, 1, 1),
            )
        )
        session.flush()
        category_id = category.id
    rows = [
        {**named("Kamran", "Nasirov", membership_no="M-0007"), "email": "k@example.az"},
        {
            **named("Aysel", "Rəhimova"),
            "joined_on": dt.date(2024, 9, 1),
            "category_id": category_id,
        },
        {**named("Fuad", "Abbasov", membership_no="M-0008"), "joined_on": dt.date(2023, 1, 5)},
    ]
    for row in rows:
        row.pop("consent_date")
    data = checked(ImportKind.MEMBERS, rows)
    assert counts(run(db, data)) == (2, 0, 1, 0)
    with db.reading() as session:
        members = session.scalars(select(m.Member).order_by(m.Member.id)).all()
        assert [(x.membership_no, x.last_name) for x in members] == [
            ("M-0007", "Nəsirov"),
            ("M-0009", "Rəhimova"),
            ("M-0008", "Abbasov"),
        ]
        assert members[1].category_id == category_id
        assert members[1].status == vocab.MemberStatus.ACTIVE
        assert members[2].search_text == "fuad abbasov m-0008"
    updated = run(db, checked(ImportKind.MEMBERS, rows[:1]), on_duplicate=OnDuplicate.UPDATE)
    assert counts(updated) == (0, 1, 0, 0)
    with db.reading() as session:
        kamran = session.scalars(select(m.Member).where(m.Member.membership_no == "M-0007")).one()
        assert (kamran.first_name, kamran.email) == ("Kamran", "k@example.az")
        assert "k@example.az" in kamran.search_text


def test_volunteers_with_skills_and_languages(db: Database) -> None:
    rows = [
        {
            **named("Nərmin", "Abbasova"),
            "joined_on": dt.date(2025, 3, 1),
            "skills": ("İlk yardım", "Sürücülük"),
            "languages": ("Rus",),
        },
        {**named("Orxan", "Məmmədov"), "joined_on": dt.date(2025, 4, 1), "skills": ("ilk yardım",)},
    ]
    summary = run(db, checked(ImportKind.VOLUNTEERS, rows))
    assert counts(summary) == (2, 0, 0, 0)
    with db.reading() as session:
        assert session.scalars(select(m.Volunteer.volunteer_no)).all() == ["V-0001", "V-0002"]
        tags = session.execute(select(m.Tag.kind, m.Tag.name).order_by(m.Tag.id)).all()
        assert tags == [
            (vocab.TagKind.SKILL, "İlk yardım"),
            (vocab.TagKind.SKILL, "Sürücülük"),
            (vocab.TagKind.LANGUAGE, "Rus"),
        ]
        assert session.scalar(select(func.count()).select_from(m.VolunteerTag)) == 4


# --- attendance and expenses ----------------------------------------------------------------


def _project(session: Session) -> tuple[int, int]:
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


def test_attendance_follows_the_attendance_sheet_rule(db: Database) -> None:
    day = dt.date(2026, 3, 2)
    with db.transaction() as session:
        _project_id, activity = _project(session)
        aynur = save_person(session, "B-000001", "Aynur", "Əliyeva")
        samir = save_person(session, "B-000002", "Samir", "Əliyev")
        session.add(
            m.ServiceDelivery(
                activity_id=activity,
                beneficiary_id=aynur,
                delivered_on=day,
                service_type=vocab.ServiceType.FOOD_PARCEL,
                quantity=Decimal("1"),
            )
        )

    def row(who: int, quantity: str, on: dt.date = day) -> dict[str, Any]:
        return {
            "activity_id": activity,
            "beneficiary_id": who,
            "date": on,
            "service": vocab.ServiceType.FOOD_PARCEL,
            "quantity": Decimal(quantity),
        }

    rows = [row(aynur, "2"), row(samir, "1"), row(samir, "3"), row(samir, "1", dt.date(2026, 3, 9))]
    summary = run(db, checked(ImportKind.ATTENDANCE, rows))
    assert counts(summary) == (2, 0, 2, 0)
    assert count(db, m.ServiceDelivery) == 3
    summary = run(db, checked(ImportKind.ATTENDANCE, rows[:1]), on_duplicate=OnDuplicate.UPDATE)
    assert counts(summary) == (0, 1, 0, 0)
    with db.reading() as session:
        quantity = session.scalar(
            select(m.ServiceDelivery.quantity).where(m.ServiceDelivery.beneficiary_id == aynur)
        )
        assert quantity == Decimal("2")
    assert count(db, m.ServiceDelivery) == 3


def test_expenses_take_the_months_rate_and_refuse_rows_without_one(db: Database) -> None:
    with db.transaction() as session:
        project, _activity = _project(session)
        session.add(
            m.ExchangeRate(
                month=dt.date(2026, 2, 1),
                from_currency="AZN",
                to_currency="EUR",
                rate=Decimal("0.5"),
            )
        )

    def row(day: int, month: int = 2, receipt: str | None = None) -> dict[str, Any]:
        return {
            "project_id": project,
            "date": dt.date(2026, month, day),
            "payee": "Bravo",
            "description": "Ərzaq",
            "amount": Decimal("100.00"),
            "currency": "AZN",
            "receipt_no": receipt,
        }

    rows = [row(3, receipt="Q-1"), row(4), row(4, receipt="Q-1") | {"date": dt.date(2026, 2, 3)}]
    summary = run(db, checked(ImportKind.EXPENSES, rows))
    assert counts(summary) == (2, 0, 1, 0)
    with db.reading() as session:
        assert session.scalars(select(m.Expense.rate_to_project)).all() == [Decimal("0.5")] * 2
    with pytest.raises(ValidationError) as refused:
        run(db, checked(ImportKind.EXPENSES, [row(5, month=3), row(6, month=3)]))
    assert refused.value.user_message.startswith("Rows 2, 3 have no exchange rate")
    assert count(db, m.Expense) == 2


def test_plan_is_pure_and_counts_every_row() -> None:
    data = checked(ImportKind.BENEFICIARIES, [named("A", "B"), named("A", "B")])
    assert plan(data, (), ImportOptions()).targets[1].records[0].row == 3


# --- killed part-way, and speed -------------------------------------------------------------

_CHILD = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from cso_desktop.db.engine import open_database
    from cso_desktop.domain import vocab
    from cso_desktop.services.importing.checking import check
    from cso_desktop.services.importing.mapping import propose_mapping
    from cso_desktop.services.importing.run import ImportOptions, run_import
    from cso_desktop.services.importing.schema import ImportKind
    from cso_desktop.services.importing.sources import read_source

    database = open_database(sys.argv[1])
    table = read_source(sys.argv[2]).table
    with database.reading() as session:
        data = check(session, ImportKind.BENEFICIARIES, table,
                     propose_mapping(ImportKind.BENEFICIARIES, table), as_of=dt.date(2026, 6, 30))
    assert not data.problems, data.problems[:3]

    def progress(done, total):
        if done:
            print(f"progress {done} {total}", flush=True)
            time.sleep(0.2)  # slow enough that the kill lands in the middle

    run_import(database, data, (), ImportOptions(), progress=progress)
    print("finished", flush=True)
    """
)


def _big_file(path: Path, rows: int) -> None:
    lines = ["household_code,first_name,last_name,sex,date_of_birth,phone,consent_date,rayon"]
    for i in range(rows):
        lines.append(
            f"H{i // 4},Ad{i},Soyad{i},{'qadın' if i % 2 else 'kişi'},"
            f"{1 + i % 28:02d}.{1 + i % 12:02d}.{1950 + i % 60},"
            f"050{i % 10_000_000:07d},04.05.2026,Bakı"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _table_counts(path: Path, tables: tuple[str, ...]) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def test_killing_the_import_part_way_leaves_the_database_as_before(
    db: Database, tmp_path: Path
) -> None:
    with db.transaction() as session:
        save_person(session, "B-000001", "Rəşad", "Quliyev")
    assert db.path is not None
    before = file_digest(db)
    tables = ("beneficiary", "household", "consent", "audit_log")
    counted = _table_counts(db.path, tables)
    assert counted["beneficiary"] == 1
    db.close()
    source = tmp_path / "big.csv"
    _big_file(source, 20_000)
    with subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(db.path), str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as child:
        assert child.stdout is not None
        try:
            line = child.stdout.readline()  # the first chunk is written, the transaction open
            assert line.startswith("progress "), line + child.stdout.read()
            done = int(line.split()[1])
            assert 0 < done < 20_000
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with sqlite3.connect(db.path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _table_counts(db.path, tables) == counted
    reopened = open_database(db.path)
    try:
        assert file_digest(reopened) == before
    finally:
        reopened.close()


def _letters(number: int) -> str:
    """A distinct made-up name for each number (names made of digits would all fold alike)."""
    text = ""
    for _place in range(5):
        number, digit = divmod(number, 20)
        text += "bdflmnprstvz"[digit % 12] + "aiou"[digit // 5 % 4]
    return text.capitalize()


def test_a_hundred_thousand_beneficiaries(db: Database, record_property: Any) -> None:
    rows = [
        named(
            _letters(i),
            "Soyad",
            household_code=f"H{i // 4}",
            date_of_birth=dt.date(1950 + i % 60, 1 + i % 12, 1 + i % 28),
            phone=f"+99450{i:07d}",
            rayon="AZ-BA",
            vulnerability=frozenset({vocab.Vulnerability.LOW_INCOME}) if i % 5 == 0 else None,
        )
        for i in range(100_000)
    ]
    data = checked(ImportKind.BENEFICIARIES, rows)
    start = time.perf_counter()
    with db.reading() as session:
        pairs = find_duplicates(session, data)
    found = time.perf_counter()
    summary = run_import(db, data, pairs, ImportOptions(today=TODAY))
    elapsed = time.perf_counter() - start
    record_property("import_100k_beneficiaries_seconds", round(elapsed, 2))
    print(
        f"\n100,000 beneficiaries: duplicates {found - start:.1f} s, "
        f"written in {elapsed - (found - start):.1f} s, total {elapsed:.1f} s"
    )
    assert counts(summary) == (100_000, 0, 0, 0)
    assert pairs == () and summary.likely_duplicates == ()
    assert count(db, m.Household) == 25_000
    assert count(db, m.Consent) == 100_000
    assert count(db, m.BeneficiaryVulnerability) == 20_000
    assert elapsed < 60
