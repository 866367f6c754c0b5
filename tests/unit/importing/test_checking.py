"""Every row checked before anything is written (checking.py), on real messy files."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import event, select

from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain.vocab import DisplacementStatus, Sex, Vulnerability
from cso_desktop.services import members
from cso_desktop.services.importing.checking import Checked, Problem, check
from cso_desktop.services.importing.mapping import Mapping, propose_mapping
from cso_desktop.services.importing.schema import ImportKind, fields
from cso_desktop.services.importing.sources import Table, read_source

AS_OF = dt.date(2026, 6, 30)


def _check(database: Database, kind: ImportKind, path: Path) -> Checked:
    table = read_source(path).table
    with database.reading() as session:
        return check(session, kind, table, propose_mapping(kind, table), as_of=AS_OF)


def _where(checked: Checked) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.value) for p in checked.problems]


BENEFICIARY_LINES = [
    "Soyadı;Adı;Ata adı;Cinsi;Doğum tarixi;Yaş;Rayon;Telefon;FİN;Status;Razılıq tarixi;Həssaslıq",
    # 2: a clean row, with trailing spaces and Russian/English spellings
    "Əliyev ;Əli ;Vəli oğlu;kişi;05.03.1985;;Bərdə rayonu;050 123 45 67;5zk7p2h;IDP;01.02.2024;"
    '"low_income; unemployed"',
    # 3-4: the same person spelled in Latin without Azerbaijani letters, then in Cyrillic
    "Aliyev;Ali;Vali oglu;M;5.3.1985;;Barda;+994 50 1234567;;;01.02.2024;",
    "Алиев;Али;Вали оглы;М;1985-03-05;;Барда;994501234567;;;01.02.2024;",
    # 5: empty (skipped)
    ";;;;;;;;;;;",
    # 6: every value wrong
    "Həsənova;Aygün;;x;31.12.2030;;Mars;123;12345;alien;01.02.2024;",
    # 7: age and date of birth disagree; named without a consent date
    "Quliyeva;Nigar;;Qadın;01.01.1990;20;Abşeron;;;;;",
    # 8: anonymous (no name, phone or FİN): an age is enough, no consent needed
    ";;;ж;;70;AZ-ABS;;;refugee;;",
    # 9: sex missing; no date of birth and no age
    "Məmmədov;Rəşad;;;;;Quba;;;;01.02.2024;",
]


def _write_cp1251(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251", errors="strict"))
    return path


def _write_utf8(path: Path, lines: list[str]) -> Path:
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def test_messy_beneficiary_file_lists_every_problem(db: Database, tmp_path: Path) -> None:
    checked = _check(
        db, ImportKind.BENEFICIARIES, _write_utf8(tmp_path / "b.csv", BENEFICIARY_LINES)
    )

    assert checked.rows == 7  # the empty row is not counted
    assert _where(checked) == [
        (6, "Cinsi", "x"),
        (6, "Doğum tarixi", "31.12.2030"),
        (6, "Status", "alien"),
        (6, "Telefon", "123"),
        (6, "FİN", "12345"),
        (6, "Rayon", "Mars"),
        (7, "Yaş", "20"),
        (7, "Razılıq tarixi", ""),
        (9, "Cinsi", ""),
        (9, "Doğum tarixi", ""),
    ]
    messages = {(p.row, p.column): p.message for p in checked.problems}
    assert "dd.mm.yyyy" in messages[(6, "Doğum tarixi")]
    assert "after today" in messages[(6, "Doğum tarixi")]
    assert "FİN has exactly 7" in messages[(6, "FİN")]
    assert "Unknown rayon" in messages[(6, "Rayon")]
    assert "female or male" in messages[(6, "Cinsi")]
    assert "does not match the date of birth" in messages[(7, "Yaş")]
    assert "anonymously" in messages[(7, "Razılıq tarixi")]
    assert "is empty" in messages[(9, "Cinsi")]
    assert "estimated age" in messages[(9, "Doğum tarixi")]
    assert checked.bad_rows == {6, 7, 9}


def test_same_person_three_spellings_all_kept_and_normalised(db: Database, tmp_path: Path) -> None:
    checked = _check(
        db, ImportKind.BENEFICIARIES, _write_utf8(tmp_path / "b.csv", BENEFICIARY_LINES)
    )

    by_row = {r.row: r.values for r in checked.records}
    assert sorted(by_row) == [2, 3, 4, 8]  # duplicates are for the duplicate review, not here
    assert [by_row[n]["last_name"] for n in (2, 3, 4)] == ["Əliyev", "Aliyev", "Алиев"]
    first = by_row[2]
    assert first == {
        "last_name": "Əliyev",
        "first_name": "Əli",
        "patronymic": "Vəli oğlu",
        "sex": Sex.MALE,
        "date_of_birth": dt.date(1985, 3, 5),
        "rayon": "AZ-BAR",
        "phone": "+994501234567",
        "national_id": "5ZK7P2H",
        "displacement_status": DisplacementStatus.IDP,
        "consent_date": dt.date(2024, 2, 1),
        "vulnerability": frozenset({Vulnerability.LOW_INCOME, Vulnerability.UNEMPLOYED}),
    }
    assert {by_row[n]["phone"] for n in (2, 3, 4)} == {"+994501234567"}
    assert {by_row[n]["date_of_birth"] for n in (2, 3, 4)} == {dt.date(1985, 3, 5)}
    assert by_row[8] == {
        "sex": Sex.FEMALE,
        "age": 70,
        "rayon": "AZ-ABS",
        "displacement_status": DisplacementStatus.REFUGEE,
    }


def test_windows_1251_semicolons_with_cyrillic_headers(db: Database, tmp_path: Path) -> None:
    lines = [
        "Фамилия;Имя;Пол;Дата рождения;Район;Дата согласия",
        "Алиев;Али;М;05.03.1985;Барда;01.02.2024",
        "Зейналова;Лейла;жен.;31.02.1990;г. Баку;01.02.2024",
    ]
    checked = _check(db, ImportKind.BENEFICIARIES, _write_cp1251(tmp_path / "r.csv", lines))
    assert [r.values["rayon"] for r in checked.records] == ["AZ-BAR"]
    assert _where(checked) == [(3, "Дата рождения", "31.02.1990")]


def test_xlsx_with_serial_dates_and_empty_rows(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["first_name", "last_name", "sex", "date_of_birth", "consent_date", "phone"])
    sheet.append(["Aygün ", "Şükürova", "F", 31111, dt.datetime(2024, 2, 1), 994551234567])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Samir", "Nəsirov", "m", "31111", "2024-02-01", "0701234567"])
    workbook.save(path)

    checked = _check(db, ImportKind.BENEFICIARIES, path)

    assert checked.problems == ()
    assert [(r.row, r.values["date_of_birth"], r.values["phone"]) for r in checked.records] == [
        (2, dt.date(1985, 3, 5), "+994551234567"),
        (4, dt.date(1985, 3, 5), "+994701234567"),
    ]


def test_kobo_roster_rows_checked_with_household_columns(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "kobo.xlsx"
    workbook = openpyxl.Workbook()
    main = workbook.active
    main.title = "survey"
    for row in [
        ["hh/hh_code", "hh/district", "hh/consent_date", "_uuid", "_index"],
        ["HH-1", "Bərdə", "2024-05-01", "u1", 1],
        ["HH-2", "Gəncə", "2024-05-02", "u2", 2],
    ]:
        main.append(row)
    roster = workbook.create_sheet("members")
    for row in [
        ["hh/m/first_name", "hh/m/last_name", "hh/m/gender", "hh/m/dob", "_index", "_parent_index"],
        ["Əli", "Əliyev", "male", "1980-01-01", 1, 1],
        ["Aynur", "Əliyeva", "female", "1982-02-02", 2, 1],
        ["Kamal", "Həsənov", "male", "1975-03-03", 3, 2],
    ]:
        roster.append(row)
    workbook.save(path)

    table = read_source(path).table
    mapping = propose_mapping(ImportKind.BENEFICIARIES, table)
    assert mapping.columns["household_code"] == "hh_code"
    assert mapping.columns["rayon"] == "district"
    with db.reading() as session:
        checked = check(session, ImportKind.BENEFICIARIES, table, mapping, as_of=AS_OF)
    assert checked.problems == ()
    assert [
        (r.values["household_code"], r.values["rayon"], r.values["first_name"])
        for r in checked.records
    ] == [
        ("HH-1", "AZ-BAR", "Əli"),
        ("HH-1", "AZ-BAR", "Aynur"),
        ("HH-2", "AZ-GA", "Kamal"),
    ]


def test_unmapped_required_field_names_the_canonical_key(db: Database) -> None:
    table = Table("t", ("Ad",), (("Əli",),), (2,))
    mapping = Mapping(ImportKind.MEMBERS, {"first_name": "Ad", "sex": "Cins"})
    with db.reading() as session:
        checked = check(session, ImportKind.MEMBERS, table, mapping, as_of=AS_OF)
    assert [(p.column, p.value) for p in checked.problems] == [
        ("last_name", ""),
        ("sex", ""),  # mapped to a header the file does not have
        ("joined_on", ""),
    ]
    assert checked.records == ()


def test_members_resolve_categories_with_the_register_rules(db: Database) -> None:
    with db.transaction() as session:
        category_id = members.create_category(session, name="Həqiqi üzv", annual_fee=Decimal(10))
    headers = (
        "Ad",
        "Soyad",
        "Cins",
        "Qəbul tarixi",
        "Kateqoriya",
        "Status",
        "E-poçt",
        "Çıxma tarixi",
    )
    table = Table(
        "members.csv",
        headers,
        (
            ("Leyla", "Quliyeva", "Q", "01.03.2020", "HƏQİQİ ÜZV", None, "leyla@example.az", None),
            ("Orxan", "Əhmədov", "K", "01.03.2020", "Fəxri", "left", "not-an-email", None),
        ),
        (2, 3),
    )
    with db.reading() as session:
        checked = check(session, "members", table, propose_mapping("members", table), as_of=AS_OF)
    assert checked.records[0].values["category_id"] == category_id
    assert checked.records[0].values["sex"] == Sex.FEMALE
    assert _where(checked) == [
        (3, "E-poçt", "not-an-email"),
        (3, "Çıxma tarixi", ""),
        (3, "Kateqoriya", "Fəxri"),
    ]


def test_volunteers_split_skills_and_languages(db: Database) -> None:
    table = Table(
        "v.csv",
        ("first_name", "last_name", "sex", "joined_on", "skills", "languages"),
        (("Elvin", "Rzayev", "M", "2023-01-01", "İlk yardım; Sürücülük", "Azərbaycan, Rus"),),
        (2,),
    )
    with db.reading() as session:
        checked = check(
            session, "volunteers", table, propose_mapping("volunteers", table), as_of=AS_OF
        )
    assert checked.problems == ()
    assert checked.records[0].values["skills"] == ("İlk yardım", "Sürücülük")
    assert checked.records[0].values["languages"] == ("Azərbaycan", "Rus")


@pytest.fixture
def demo(demo_file: Path) -> Iterator[Database]:
    database = db_engine.open_readonly(demo_file)
    yield database
    database.close()


def _count_queries(database: Database) -> list[str]:
    statements: list[str] = []
    event.listen(
        database.engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_a: statements.append(statement),
    )
    return statements


def _attendance_rows(count: int) -> list[tuple[object, ...]]:
    return [
        ("demo-eu-a03", f"B-{n:06d}", "10.02.2026", "Təlim sessiyası", 1)
        for n in range(1, count + 1)
    ]


def test_attendance_references_resolved_with_one_query_per_lookup(demo: Database) -> None:
    headers = ("Fəaliyyət kodu", "Benefisiar", "Tarix", "Xidmət", "Miqdar")
    with demo.reading() as session:
        numbers = session.scalars(
            select(m.Beneficiary.registration_no).order_by(m.Beneficiary.id).limit(3)
        ).all()
        fin = session.scalar(
            select(m.Beneficiary.national_id).where(m.Beneficiary.national_id.is_not(None))
        )
    rows = [
        ("DEMO-EU-A03", numbers[0], "10.02.2026", "training_session", "2"),
        ("demo-eu-a03", numbers[1].lower(), "10.02.2026", "Training session", None),
        ("DEMO-EU-A03", fin, "10.02.2026", "training_session", None),
        ("DEMO-NOPE", numbers[2], "10.02.2026", "training_session", None),
        ("DEMO-EU-A03", "B-999999", "10.02.2026", "training_session", None),
        ("DEMO-EU-A15", numbers[2], "10.02.2026", "training_session", None),  # cancelled
        ("DEMO-IFRC-A01", numbers[2], "01.01.2025", "training_session", None),  # before project
        ("DEMO-EU-A03", numbers[2], "10.02.2026", "food", "0"),
    ]
    table = Table("a.csv", headers, tuple(rows), tuple(range(2, len(rows) + 2)))
    statements = _count_queries(demo)
    with demo.reading() as session:
        checked = check(
            session, "attendance", table, propose_mapping("attendance", table), as_of=AS_OF
        )
    assert [r.row for r in checked.records] == [2, 3, 4]
    values = checked.records[0].values
    assert values["quantity"] == Decimal(2)
    assert isinstance(values["activity_id"], int) and isinstance(values["beneficiary_id"], int)
    assert checked.records[1].values["quantity"] == Decimal(1)
    assert _where(checked) == [
        (5, "Fəaliyyət kodu", "DEMO-NOPE"),
        (6, "Benefisiar", "B-999999"),
        (7, "Fəaliyyət kodu", "DEMO-EU-A15"),
        (8, "Tarix", "01.01.2025"),
        (9, "Xidmət", "food"),
        (9, "Miqdar", "0"),
    ]
    messages = [p.message for p in checked.problems]
    assert "no activity with the code" in messages[0]
    assert "No beneficiary has the registration number or FİN" in messages[1]
    assert "cancelled" in messages[2]
    assert "outside the project's dates" in messages[3]
    # A fixed number of queries, whatever the number of rows.
    few = len(statements)
    big = Table("a.csv", headers, tuple(rows * 50), tuple(range(2, len(rows) * 50 + 2)))
    statements.clear()
    with demo.reading() as session:
        check(session, "attendance", big, propose_mapping("attendance", big), as_of=AS_OF)
    assert len(statements) == few


def test_expenses_resolve_projects_lines_and_rates(demo: Database) -> None:
    headers = (
        "Layihə kodu",
        "Büdcə xətti",
        "Tarix",
        "Alan",
        "Təsvir",
        "Məbləğ",
        "Valyuta",
        "Məzənnə",
    )
    rows = [
        ("DEMO-EU", "1.1.1", "15.01.2026", "Kommunal", "Ofis", "100,00", "AZN", None),
        ("DEMO-OWN", None, "15.01.2026", "Bazar", "Kağız", "50", None, None),
        ("DEMO-EU", "9.9", "15.01.2026", "X", "Y", "10", "EUR", None),
        ("NOPE", None, "15.01.2026", "X", "Y", "10", "AZN", None),
        ("DEMO-EU", None, "15.01.2026", "X", "Y", "10", "GBP", None),
        ("DEMO-EU", None, "15.01.2026", "X", "Y", "10", "EUR", "2"),
        ("DEMO-EU", "1.1.1", "15.01.2026", "X", "Y", "999999", "EUR", None),
    ]
    table = Table("e.csv", headers, tuple(rows), tuple(range(2, len(rows) + 2)))
    with demo.reading() as session:
        checked = check(session, "expenses", table, propose_mapping("expenses", table), as_of=AS_OF)
        eu = session.scalar(select(m.Project.id).where(m.Project.code == "DEMO-EU"))
    first = checked.records[0].values
    assert first["project_id"] == eu
    assert isinstance(first["budget_line_id"], int)
    assert first["amount"] == Decimal("100.00")
    assert isinstance(first["rate_to_project"], Decimal) and first["rate_to_project"] < 1
    second = checked.records[1].values
    assert (second["currency"], second["rate_to_project"]) == ("AZN", Decimal(1))
    assert _where(checked) == [
        (4, "Büdcə xətti", "9.9"),
        (5, "Layihə kodu", "NOPE"),
        (6, "Məzənnə", ""),
        (7, "Məzənnə", "2"),
        (8, "over_budget_reason", ""),
    ]
    assert "no exchange rate from GBP to EUR" in checked.problems[2].message
    assert "over its budget" in checked.problems[4].message


def test_check_never_writes(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    before = db.path.read_bytes()
    _check(db, ImportKind.BENEFICIARIES, _write_utf8(tmp_path / "b.csv", BENEFICIARY_LINES))
    assert db.path.read_bytes() == before


@pytest.mark.slow
def test_hundred_thousand_rows_check_in_seconds(db: Database) -> None:
    first = ("Əli", "Leyla", "Aygün", "Rəşad", "Nigar")
    last = ("Əliyev", "Məmmədova", "Həsənov", "Quliyeva", "İsmayılov")
    rayons = ("Bərdə", "Барда", "AZ-ABS", "Sabirabad rayonu")
    headers = (
        "household_code",
        "first_name",
        "last_name",
        "sex",
        "date_of_birth",
        "wg_seeing",
        "phone",
        "rayon",
        "consent_date",
    )
    rows = tuple(
        (
            f"HH{n // 4}",
            first[n % 5],
            last[n % 4],
            ("qadın", "kişi", "F", "M")[n % 4],
            f"{n % 28 + 1:02d}.{n % 12 + 1:02d}.{1940 + n % 80}",
            n % 4 + 1,
            f"050{1000000 + n}",
            rayons[n % 4],
            "01.02.2024",
        )
        for n in range(100_000)
    )
    table = Table("big.xlsx", headers, rows, tuple(range(2, 100_002)))
    with db.reading() as session:
        started = time.perf_counter()
        checked = check(
            session, "beneficiaries", table, propose_mapping("beneficiaries", table), as_of=AS_OF
        )
        elapsed = time.perf_counter() - started
    assert len(checked.records) == 100_000
    assert checked.problems == ()
    print(f"\n100,000 beneficiary rows checked in {elapsed:.2f} s")
    assert elapsed < 30  # a few seconds on a laptop; generous for busy CI machines


def test_problem_rows_are_the_file_rows() -> None:
    problem = Problem(12, "Cinsi", "x", "…")
    assert (problem.row, problem.column) == (12, "Cinsi")
    assert {f.key for f in fields("attendance") if f.required} == {
        "activity_code",
        "beneficiary",
        "date",
        "service",
    }
