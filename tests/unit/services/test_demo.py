"""The workshop organisation: exact size, reproducibility and the realism later features rely on.

Most tests read the shared workshop file (``demo_file``: 300 beneficiaries, seed 7, as of
2026-06-30); the reproducibility tests build their own small files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import DateTime, func, select

from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import people, places, vocab
from cso_desktop.services import demo, files, summary

#: How the demo_file fixture (tests/conftest.py) builds the shared workshop file.
DEMO_AS_OF = dt.date(2026, 6, 30)
DEMO_SIZE = 300


def _query(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with contextlib.closing(db_engine.readonly_connect(path)) as connection:
        return connection.execute(sql, params).fetchall()


def _scalar(path: Path, sql: str, *params: Any) -> Any:
    return _query(path, sql, *params)[0][0]


def _build(
    path: Path,
    *,
    beneficiaries: int,
    seed: int = 1,
    as_of: dt.date = DEMO_AS_OF,
    language: str = "az",
) -> demo.DemoSummary:
    return files.build_new_file(
        path,
        lambda s: demo.populate(
            s, beneficiaries=beneficiaries, seed=seed, as_of=as_of, language=language
        ),
    )


def _digest(path: Path) -> str:
    """A digest of every table's rows (schema included), in primary-key order."""
    digest = hashlib.sha256()
    with contextlib.closing(db_engine.readonly_connect(path)) as connection:
        for line in connection.iterdump():
            digest.update(line.encode())
    return digest.hexdigest()


def _age(on: dt.date, dob: str | None, estimated: int | None, estimated_on: str | None) -> int:
    age = people.age_on(
        on,
        date_of_birth=dt.date.fromisoformat(dob) if dob else None,
        estimated_age=estimated,
        estimated_on=dt.date.fromisoformat(estimated_on) if estimated_on else None,
    )
    assert age is not None
    return age


# --- size and reproducibility -------------------------------------------------------------


def test_creates_exactly_the_requested_number_of_beneficiaries(tmp_path: Path) -> None:
    result = _build(tmp_path / "w.csodb", beneficiaries=137, seed=5)  # trims the last household

    assert result.counts["beneficiaries"] == 137
    assert _scalar(tmp_path / "w.csodb", "SELECT count(*) FROM beneficiary") == 137
    assert result.organisation_name == demo.ORGANISATION_NAME


def test_shared_workshop_file_has_its_size(demo_file: Path) -> None:
    assert _scalar(demo_file, "SELECT count(*) FROM beneficiary") == DEMO_SIZE
    report = summary.check_file(demo_file)
    assert report.counts["beneficiaries"] == DEMO_SIZE
    assert report.counts["projects"] == 3


def test_same_seed_gives_identical_files_and_another_seed_does_not(tmp_path: Path) -> None:
    _build(tmp_path / "a.csodb", beneficiaries=120, seed=3)
    _build(tmp_path / "b.csodb", beneficiaries=120, seed=3)
    _build(tmp_path / "c.csodb", beneficiaries=120, seed=4)

    assert _digest(tmp_path / "a.csodb") == _digest(tmp_path / "b.csodb")
    assert _digest(tmp_path / "a.csodb") != _digest(tmp_path / "c.csodb")


def test_no_timestamp_comes_from_the_clock(tmp_path: Path) -> None:
    """Every timestamp is counted from as_of: none can come from the day the file was built."""
    as_of = dt.date(2015, 3, 31)
    path = tmp_path / "old.csodb"
    _build(path, beneficiaries=40, seed=2, as_of=as_of)
    latest = dt.datetime.combine(as_of, dt.time.max).isoformat(" ")
    checked = 0
    for table in m.Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, DateTime):
                value = _scalar(path, f'SELECT max("{column.name}") FROM "{table.name}"')
                assert value is None or value <= latest, f"{table.name}.{column.name}"
                checked += value is not None
    assert checked >= 10


def test_zero_beneficiaries_still_makes_a_complete_organisation(tmp_path: Path) -> None:
    path = tmp_path / "empty.csodb"
    result = _build(path, beneficiaries=0, language="ru")

    assert result.counts["beneficiaries"] == 0
    assert result.counts["households"] == 0
    assert result.counts["service_deliveries"] == 0
    assert result.counts["members"] >= 40
    assert result.counts["volunteers"] >= 60
    assert result.counts["projects"] == 3
    assert result.counts["expenses"] > 0
    assert _query(path, "SELECT name, language, is_demo FROM organisation") == [
        (demo.ORGANISATION_NAME, "ru", 1)
    ]


def test_negative_size_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="zero or more"):
        _build(tmp_path / "bad.csodb", beneficiaries=-1)
    assert not (tmp_path / "bad.csodb").exists()


# --- organisation, users, settings ---------------------------------------------------------


def test_organisation_profile_is_filled(demo_file: Path) -> None:
    [(name, legal_form, tax_id, rayon, phone, email, is_demo, language)] = _query(
        demo_file,
        "SELECT name, legal_form, tax_id, rayon_code, phone, email, is_demo, language "
        "FROM organisation",
    )
    assert name == demo.ORGANISATION_NAME
    assert set("əıöüİş") <= set(name)
    assert legal_form == "İctimai Birlik"
    assert tax_id.isdigit() and len(tax_id) == 10
    assert rayon == "AZ-BA"
    assert people.normalise_phone(phone) == phone
    assert "@" in email
    assert is_demo == 1
    assert language == "az"


def test_staff_accounts_cover_the_roles(demo_file: Path) -> None:
    roles = Counter(role for (role,) in _query(demo_file, "SELECT role FROM app_user"))
    assert roles == {"admin": 1, "manager": 1, "caseworker": 2, "data_entry": 1}


def test_how_the_file_was_made_is_recorded(demo_file: Path) -> None:
    expected = {"seed": 7, "as_of": "2026-06-30", "beneficiaries": DEMO_SIZE}
    db = db_engine.open_readonly(demo_file)
    try:
        with db.reading() as session:
            setting = session.get(m.Setting, demo.SETTING_KEY)
            entries = session.scalars(select(m.AuditEntry).where(m.AuditEntry.entity == "demo"))
            [entry] = list(entries)
            assert setting is not None and setting.value == expected
            assert entry.action == vocab.AuditAction.CREATE
            assert entry.detail == expected
    finally:
        db.close()


# --- beneficiaries and households ----------------------------------------------------------


def test_every_household_has_a_head_who_lives_in_it(demo_file: Path) -> None:
    rows = _query(
        demo_file,
        "SELECT h.id, h.head_id, b.household_id, b.relation_to_head FROM household h "
        "LEFT JOIN beneficiary b ON b.id = h.head_id",
    )
    assert rows
    for household_id, head_id, head_household, relation in rows:
        assert head_id is not None
        assert head_household == household_id
        assert relation == "head"
    heads = _scalar(demo_file, "SELECT count(*) FROM beneficiary WHERE relation_to_head = 'head'")
    assert heads == len(rows)


def test_household_codes_sizes_and_places(demo_file: Path) -> None:
    sizes = [
        size
        for (size,) in _query(
            demo_file, "SELECT count(*) FROM beneficiary GROUP BY household_id HAVING household_id"
        )
    ]
    assert max(sizes) <= 8
    assert 3.0 <= sum(sizes) / len(sizes) <= 5.0
    for code, rayon, settlement in _query(
        demo_file, "SELECT code, rayon_code, settlement FROM household"
    ):
        assert code.startswith("HH-") and len(code) == 9
        assert places.by_code(rayon) is not None
        assert settlement


def test_ages_agree_with_relations(demo_file: Path) -> None:
    rows = _query(
        demo_file,
        "SELECT household_id, relation_to_head, date_of_birth, estimated_age, age_estimated_on "
        "FROM beneficiary WHERE household_id IS NOT NULL",
    )
    by_household: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for household_id, relation, dob, estimated, estimated_on in rows:
        by_household[household_id].append(
            (relation, _age(DEMO_AS_OF, dob, estimated, estimated_on))
        )
    for members in by_household.values():
        head_age = next(age for relation, age in members if relation == "head")
        for relation, age in members:
            # An estimated age may be a year off either way.
            if relation == "child":
                assert 17 <= head_age - age <= 46
            elif relation == "grandchild":
                assert head_age - age >= 35
            elif relation == "parent":
                assert age - head_age >= 19


def test_registration_numbers_dates_and_ages(demo_file: Path) -> None:
    rows = _query(
        demo_file,
        "SELECT registration_no, registered_on, date_of_birth, estimated_age, age_estimated_on, "
        "sex FROM beneficiary ORDER BY id",
    )
    first_day = dt.date(DEMO_AS_OF.year - 3, DEMO_AS_OF.month, 1)
    for index, (number, registered, dob, estimated, estimated_on, sex) in enumerate(rows, 1):
        assert number == f"B-{index:06d}"
        assert first_day <= dt.date.fromisoformat(registered) <= DEMO_AS_OF
        assert (dob is None) != (estimated is None)
        if estimated is not None:
            assert estimated_on == registered
        if dob is not None:
            assert dob <= registered
        assert sex in ("female", "male", "unknown")
    with_dob = sum(1 for row in rows if row[2] is not None)
    assert 0.8 <= with_dob / len(rows) <= 0.95
    ages = [_age(DEMO_AS_OF, r[2], r[3], r[4]) for r in rows]
    assert min(ages) == 0 and max(ages) >= 75
    children = sum(1 for age in ages if age < 18) / len(ages)
    older = sum(1 for age in ages if age >= 60) / len(ages)
    assert 0.2 <= children <= 0.5
    assert 0.05 <= older <= 0.25


def test_has_disability_follows_the_washington_group_rule(demo_file: Path) -> None:
    rows = _query(
        demo_file,
        "SELECT wg_seeing, wg_hearing, wg_walking, wg_remembering, wg_selfcare, "
        "wg_communicating, has_disability, registered_on, date_of_birth, estimated_age, "
        "age_estimated_on FROM beneficiary",
    )
    answered = disabled = 0
    for row in rows:
        answers, flag = list(row[:6]), row[6]
        expected = people.has_disability(answers)
        assert (None if flag is None else bool(flag)) == expected
        age = _age(dt.date.fromisoformat(row[7]), row[8], row[9], row[10])
        if age < 5:
            assert answers == [None] * 6
        if expected is not None:
            answered += 1
            disabled += expected
            assert all(answer in (1, 2, 3, 4) for answer in answers)
    assert 0.04 <= disabled / answered <= 0.16


def test_anonymous_people_carry_no_personal_data(demo_file: Path) -> None:
    rows = _query(
        demo_file,
        "SELECT first_name, last_name, patronymic, phone, national_id, date_of_birth, "
        "household_id, estimated_age FROM beneficiary WHERE is_anonymous",
    )
    assert rows  # about 2% of 300
    for first, last, patronymic, phone, fin, dob, household, estimated in rows:
        assert (first, last, patronymic, phone, fin, dob, household) == (None,) * 7
        assert estimated is not None
    named = _scalar(
        demo_file,
        "SELECT count(*) FROM beneficiary WHERE NOT is_anonymous AND (first_name IS NULL "
        "OR last_name IS NULL OR patronymic IS NULL)",
    )
    assert named == 0


def test_national_ids_are_unique_valid_and_only_for_adults(demo_file: Path) -> None:
    rows = _query(
        demo_file,
        "SELECT national_id, phone, registered_on, date_of_birth, estimated_age, "
        "age_estimated_on FROM beneficiary WHERE national_id IS NOT NULL OR phone IS NOT NULL",
    )
    fins = [row[0] for row in rows if row[0] is not None]
    assert fins and len(fins) == len(set(fins))
    for fin, phone, registered, dob, estimated, estimated_on in rows:
        if fin is not None:
            assert people.is_valid_fin(fin) and fin == people.normalise_fin(fin)
        if phone is not None:
            assert people.normalise_phone(phone) == phone
        assert _age(dt.date.fromisoformat(registered), dob, estimated, estimated_on) >= 18


def test_places_are_real_rayon_codes(demo_file: Path) -> None:
    used = {
        code
        for (code,) in _query(
            demo_file,
            "SELECT rayon_code FROM beneficiary UNION SELECT origin_rayon_code FROM beneficiary "
            "UNION SELECT rayon_code FROM activity UNION SELECT rayon_code FROM project_location "
            "UNION SELECT rayon_code FROM volunteer UNION SELECT rayon_code FROM member",
        )
        if code is not None
    }
    for code in used | demo.RAYON_CODES:
        place = places.by_code(code)
        assert place is not None and place.level == "adm2", code


def test_displacement_mix(demo_file: Path) -> None:
    counts = Counter(
        status for (status,) in _query(demo_file, "SELECT displacement_status FROM beneficiary")
    )
    assert 0.2 <= counts["idp"] / DEMO_SIZE <= 0.5
    assert counts["returnee"] and counts["host"] and counts["none"]
    origins = _query(
        demo_file,
        "SELECT displacement_status, origin_rayon_code, rayon_code FROM beneficiary "
        "WHERE displacement_status IN ('idp', 'returnee')",
    )
    for status, origin, rayon in origins:
        assert places.by_code(origin) is not None
        assert places.by_code(origin).parent_pcode in ("AZ-ER06", "AZ-ER13")  # type: ignore[union-attr]
        if status == "returnee":
            assert origin == rayon


def test_search_text_is_the_folded_key(demo_file: Path) -> None:
    checks = {
        "beneficiary": "first_name, last_name, patronymic, registration_no, national_id, phone",
        "member": "first_name, last_name, patronymic, membership_no, phone",
        "volunteer": "first_name, last_name, patronymic, volunteer_no, phone",
    }
    for table, columns in checks.items():
        rows = _query(demo_file, f"SELECT search_text, {columns} FROM {table}")
        assert rows
        for search_text, *parts in rows:
            assert search_text == people.search_key(parts)


def test_names_later_searches_rely_on_exist(demo_file: Path) -> None:
    def found(needle: str) -> int:
        return int(
            _scalar(
                demo_file,
                "SELECT count(*) FROM beneficiary WHERE search_text LIKE ?",
                f"%{people.fold(needle)}%",
            )
        )

    assert found("ŞÜKÜROVA") or found("ŞÜKÜROV")
    assert _scalar(demo_file, "SELECT count(*) FROM beneficiary WHERE first_name = 'İsmayıl'")
    assert found("ismayil")
    assert _scalar(demo_file, "SELECT count(*) FROM beneficiary WHERE last_name = 'Иванова'")
    assert found("ИВАНОВА")


def test_names_are_written_in_azerbaijani_and_some_in_russian(demo_file: Path) -> None:
    rows = _query(
        demo_file, "SELECT last_name, patronymic, sex FROM beneficiary WHERE NOT is_anonymous"
    )
    cyrillic = sum(1 for last, _p, _s in rows if "\u0400" <= last[0] <= "\u04ff")
    assert 1 <= cyrillic <= len(rows) * 0.15
    for last, patronymic, sex in rows:
        if "\u0400" <= last[0] <= "\u04ff":
            assert patronymic.endswith("ич" if sex == "male" else "на")
        else:
            assert patronymic.endswith(" oğlu" if sex == "male" else " qızı")


def test_consent_is_recorded_for_everyone(demo_file: Path) -> None:
    rows = _query(
        demo_file,
        "SELECT b.id, b.is_anonymous, b.registered_on, c.purpose, c.given, c.method, "
        "c.recorded_on, c.recorded_by_name, c.withdrawn_on FROM beneficiary b "
        "LEFT JOIN consent c ON c.beneficiary_id = b.id",
    )
    purposes: dict[int, dict[str, bool]] = defaultdict(dict)
    for person, anonymous, registered, purpose, given, method, recorded, by, withdrawn in rows:
        assert purpose is not None, person
        purposes[person][purpose] = bool(given)
        assert recorded == registered
        assert by
        assert method in ("written", "verbal_witnessed", "guardian")
        if withdrawn is not None:
            assert purpose == "contact" and withdrawn > recorded
        if anonymous:
            assert (purpose, given) == ("registration", 0)
    assert len(purposes) == DEMO_SIZE
    for given in purposes.values():
        if given != {"registration": False}:
            assert given["registration"] and given["services"]
    donor_reporting = sum(1 for given in purposes.values() if given.get("donor_reporting"))
    assert donor_reporting > DEMO_SIZE / 2


def test_vulnerabilities_are_recorded(demo_file: Path) -> None:
    criteria = Counter(
        c for (c,) in _query(demo_file, "SELECT criterion FROM beneficiary_vulnerability")
    )
    assert set(criteria) <= {v.value for v in vocab.Vulnerability}
    assert criteria["female_headed_household"] and criteria["low_income"]


# --- projects, logframes, budgets ----------------------------------------------------------


def test_the_three_projects(demo_file: Path) -> None:
    projects = {
        code: rest
        for code, *rest in _query(
            demo_file,
            "SELECT code, currency, donor_kind, status, start_date, end_date FROM project",
        )
    }
    assert set(projects) == {"DEMO-EU", "DEMO-IFRC", "DEMO-OWN"}
    assert projects["DEMO-EU"][:3] == ["EUR", "eu", "implementation"]
    assert projects["DEMO-IFRC"][:3] == ["CHF", "ifrc", "implementation"]
    assert projects["DEMO-OWN"][:3] == ["AZN", "own_funds", "implementation"]
    for _currency, _kind, _status, start, end in projects.values():
        assert start < DEMO_AS_OF.isoformat() < end
    [(donor, reference, sector, dac, indirect, contingency, threshold)] = _query(
        demo_file,
        "SELECT donor_name, donor_reference, go_sector, dac_sector_code, indirect_cost_rate / 1e8, "
        "contingency_rate / 1e8, reallocation_threshold / 1e8 FROM project WHERE code = 'DEMO-EU'",
    )
    assert donor == "Avropa İttifaqı" and reference.startswith("NDICI/")
    assert (sector, dac) == ("Livelihoods and basic needs", "16010")
    assert (indirect, contingency, threshold) == (0.07, 0.05, 0.25)
    locations = _scalar(
        demo_file,
        "SELECT count(*) FROM project_location l JOIN project p ON p.id = l.project_id "
        "WHERE p.code = 'DEMO-EU'",
    )
    assert locations >= 5


def test_eu_logframe_chain(demo_file: Path) -> None:
    rows = _query(
        demo_file,
        "SELECT r.id, r.code, r.level, r.parent_id FROM logframe_result r "
        "JOIN project p ON p.id = r.project_id WHERE p.code = 'DEMO-EU'",
    )
    by_id = {row[0]: row for row in rows}
    levels = Counter(level for _id, _code, level, _parent in rows)
    assert levels == {"impact": 1, "outcome": 2, "output": 5}
    parent_level = {"impact": None, "outcome": "impact", "output": "outcome"}
    for _id, _code, level, parent in rows:
        expected = parent_level[level]
        assert (by_id[parent][2] if parent else None) == expected
    indicators = _query(
        demo_file,
        "SELECT i.result_id, i.method, i.baseline_year, i.target_value, i.means_of_verification "
        "FROM indicator i WHERE i.result_id IN (SELECT r.id FROM logframe_result r "
        "JOIN project p ON p.id = r.project_id WHERE p.code = 'DEMO-EU')",
    )
    assert {result for result, *_rest in indicators} == set(by_id)
    assert {method for _r, method, *_rest in indicators} == {m.value for m in vocab.IndicatorMethod}
    assert all(
        year and target and verification for _r, _m, year, target, verification in indicators
    )
    values = _query(
        demo_file,
        "SELECT v.period_end, v.is_computed, v.source, i.method FROM indicator_value v "
        "JOIN indicator i ON i.id = v.indicator_id",
    )
    assert values
    for period_end, computed, source, method in values:
        assert period_end < DEMO_AS_OF.isoformat()
        assert (computed, method) == (0, "manual") and source


def test_eu_budget_uses_annex_iii_headings(demo_file: Path) -> None:
    rows = _query(
        demo_file,
        "SELECT b.heading, b.heading_title, b.line_code, b.quantity / 1e3, b.unit_cost / 1e2, "
        "b.base_total / 1e2 "
        "FROM budget_line b JOIN project p ON p.id = b.project_id WHERE p.code = 'DEMO-EU'",
    )
    assert {heading for heading, *_rest in rows} == {"1", "2", "3", "4", "5", "6"}
    totals = Decimal(0)
    reallocated = 0
    for heading, title, code, quantity, unit_cost, base in rows:
        assert title == vocab.EU_BUDGET_HEADINGS[heading]
        assert code.split(".")[0] == heading
        total = (Decimal(str(quantity)) * Decimal(str(unit_cost))).quantize(Decimal("0.01"))
        totals += total
        reallocated += total != Decimal(str(base)).quantize(Decimal("0.01"))
    assert 150_000 <= totals <= 250_000
    assert 1 <= reallocated <= 2


def test_money_is_exact(demo_file: Path) -> None:
    db = db_engine.open_readonly(demo_file)
    try:
        with db.reading() as session:
            for amount in session.scalars(select(m.Expense.amount)):
                assert isinstance(amount, Decimal) and amount == amount.quantize(Decimal("0.01"))
            line = session.scalars(select(m.BudgetLine).where(m.BudgetLine.line_code == "1.1.1"))
            assert isinstance(line.first().unit_cost, Decimal)  # type: ignore[union-attr]
    finally:
        db.close()


# --- activities and services ---------------------------------------------------------------


def test_activity_statuses_agree_with_as_of(demo_file: Path) -> None:
    rows = _query(
        demo_file,
        "SELECT a.code, p.code, a.status, a.planned_start, a.planned_end, a.actual_start, "
        "a.actual_end, a.output_id, a.responsible FROM activity a "
        "JOIN project p ON p.id = a.project_id",
    )
    per_project = Counter(project for _code, project, *_rest in rows)
    assert all(8 <= count <= 15 for count in per_project.values())
    as_of = DEMO_AS_OF.isoformat()
    statuses = Counter(row[2] for row in rows)
    assert statuses["planned"] and statuses["ongoing"] and statuses["completed"]
    assert statuses["cancelled"]
    for code, project, status, p_start, p_end, a_start, a_end, output, responsible in rows:
        assert code.startswith(f"{project}-A")
        assert p_start <= p_end and responsible
        if project == "DEMO-EU":
            assert output is not None
        if status == "completed":
            assert a_start <= a_end <= as_of
        elif status == "ongoing":
            assert a_start <= as_of and a_end is None
        else:
            assert a_start is None and a_end is None
            if status == "planned":
                assert p_start > as_of


def test_deliveries_fall_inside_their_activity_and_before_as_of(demo_file: Path) -> None:
    rows = _query(
        demo_file,
        "SELECT s.delivered_on, a.actual_start, a.actual_end, a.status, b.registered_on, "
        "s.service_type, a.activity_type, s.value / 1e2, s.currency FROM service_delivery s "
        "JOIN activity a ON a.id = s.activity_id JOIN beneficiary b ON b.id = s.beneficiary_id",
    )
    assert rows
    services = {
        "training": {"training_session"},
        "awareness": {"awareness_session"},
        "distribution": {"hygiene_kit", "food_parcel", "other"},
        "cash_assistance": {"cash_grant"},
        "livelihoods": {"livelihood_kit"},
        "psychosocial": {"psychosocial_session"},
        "health": {"health_consultation"},
        "first_aid": {"first_aid_course"},
        "community_initiative": {"other"},
    }
    as_of = DEMO_AS_OF.isoformat()
    for day, start, end, status, registered, service, kind, value, currency in rows:
        assert status in ("completed", "ongoing")
        assert start <= day <= as_of
        assert end is None or day <= end
        assert day >= registered
        assert service in services[kind]
        if service == "cash_grant":
            assert value in (150, 200) and currency == "AZN"


def test_most_people_are_reached_a_few_times(demo_file: Path) -> None:
    reached = _scalar(demo_file, "SELECT count(DISTINCT beneficiary_id) FROM service_delivery")
    deliveries = _scalar(demo_file, "SELECT count(*) FROM service_delivery")
    assert 0.45 <= reached / DEMO_SIZE <= 0.85  # about 64% in large files
    assert 1.3 <= deliveries / DEMO_SIZE <= 3.0


# --- members and volunteers ----------------------------------------------------------------


def test_members_fees_and_their_income(demo_file: Path) -> None:
    members = _query(demo_file, "SELECT membership_no, status, is_board_member FROM member")
    assert len(members) == 40
    assert [number for number, *_rest in members] == [f"M-{i:04d}" for i in range(1, 41)]
    assert Counter(status for _n, status, _b in members)["active"] >= 25
    assert 1 <= sum(board for *_rest, board in members) <= 7
    payments = _query(
        demo_file,
        "SELECT p.member_id, p.amount, p.receipt_no, c.annual_fee FROM membership_fee_payment p "
        "JOIN member m ON m.id = p.member_id JOIN member_category c ON c.id = m.category_id",
    )
    assert payments and all(amount == fee > 0 for _m, amount, _r, fee in payments)
    incomes = set(
        _query(
            demo_file,
            "SELECT member_id, amount, reference FROM income WHERE kind = 'membership_fee'",
        )
    )
    assert incomes == {(member, amount, receipt) for member, amount, receipt, _fee in payments}


def test_volunteers_certificates_insurance_and_hours(demo_file: Path) -> None:
    as_of = DEMO_AS_OF.isoformat()
    soon = (DEMO_AS_OF + dt.timedelta(days=30)).isoformat()
    assert _scalar(demo_file, "SELECT count(*) FROM volunteer") == 60
    expiring = _scalar(
        demo_file,
        "SELECT count(*) FROM volunteer_training WHERE kind = 'first_aid' "
        "AND expires_on > ? AND expires_on <= ?",
        as_of,
        soon,
    )
    expired = _scalar(
        demo_file,
        "SELECT count(*) FROM volunteer_training WHERE kind = 'first_aid' AND expires_on < ?",
        as_of,
    )
    assert expiring and expired
    lapsing = _scalar(
        demo_file,
        "SELECT count(*) FROM volunteer_insurance WHERE valid_until > ? AND valid_until <= ?",
        as_of,
        soon,
    )
    uninsured = _scalar(
        demo_file,
        "SELECT count(*) FROM volunteer v WHERE NOT EXISTS "
        "(SELECT 1 FROM volunteer_insurance i WHERE i.volunteer_id = v.id AND i.valid_until >= ?)",
        as_of,
    )
    assert lapsing and uninsured
    # Some volunteers gave 8 hours or more in each of the last three months, others did not.
    steady = 0
    hours = _query(demo_file, "SELECT volunteer_id, worked_on, hours / 1e3 FROM volunteer_hours")
    per_volunteer: dict[int, Counter[int]] = defaultdict(Counter)
    for volunteer, day, amount in hours:
        months_ago = (DEMO_AS_OF - dt.date.fromisoformat(day)).days // 30
        assert 0 <= months_ago <= 12
        per_volunteer[volunteer][months_ago] += amount
    for months in per_volunteer.values():
        steady += all(months[i] >= 8 for i in range(3))
    assert 5 <= steady < 60
    tags = _query(
        demo_file,
        "SELECT t.kind, count(*) FROM volunteer_tag v JOIN tag t ON t.id = v.tag_id "
        "GROUP BY t.kind",
    )
    assert dict(tags).keys() == {"skill", "language"}


def test_volunteer_ages(demo_file: Path) -> None:
    ages = [
        _age(DEMO_AS_OF, dob, None, None)
        for (dob,) in _query(demo_file, "SELECT date_of_birth FROM volunteer")
    ]
    assert min(ages) >= 16 and max(ages) <= 65
    assert sum(1 for age in ages if 18 <= age <= 35) / len(ages) >= 0.6


# --- money -----------------------------------------------------------------------------


def test_exchange_rates_cover_every_project_month(demo_file: Path) -> None:
    rates = {
        (month, pair): rate
        for month, pair, rate in _query(
            demo_file,
            "SELECT month, from_currency || '>' || to_currency, rate / 1e8 FROM exchange_rate",
        )
    }
    months = sorted({month for month, _pair in rates})
    assert months[-1] == DEMO_AS_OF.replace(day=1).isoformat()
    for month in months:
        assert 1.80 <= rates[(month, "EUR>AZN")] <= 1.95
        assert 1.85 <= rates[(month, "CHF>AZN")] <= 2.05
        assert rates[(month, "USD>AZN")] == 1.7
        assert rates[(month, "AZN>EUR")] == pytest.approx(1 / rates[(month, "EUR>AZN")])
        assert rates[(month, "AZN>CHF")] == pytest.approx(1 / rates[(month, "CHF>AZN")])
    [(first_start,)] = _query(demo_file, "SELECT min(start_date) FROM project")
    assert months[0] == first_start[:8] + "01"
    assert len(months) == len(set(months))


def test_expenses_use_the_month_rate_and_stay_mostly_within_budget(demo_file: Path) -> None:
    rows = _query(
        demo_file,
        "SELECT p.code, p.currency, e.currency, e.rate_to_project / 1e8, e.spent_on, "
        "e.amount / 1e2, "
        "e.budget_line_id, e.over_budget_reason, e.payee, e.receipt_no FROM expense e "
        "JOIN project p ON p.id = e.project_id",
    )
    rates = {
        (month, source, target): rate
        for month, source, target, rate in _query(
            demo_file, "SELECT month, from_currency, to_currency, rate / 1e8 FROM exchange_rate"
        )
    }
    currencies = Counter(paid for _code, _project, paid, *_rest in rows)
    assert currencies["AZN"] > currencies["EUR"] + currencies["CHF"] + currencies["USD"] > 0
    assert currencies["USD"]
    spent: dict[int, float] = defaultdict(float)
    receipts = set()
    for code, project, paid, rate, day, amount, line, reason, payee, receipt in rows:
        assert day <= DEMO_AS_OF.isoformat() and amount > 0 and payee
        month = day[:8] + "01"
        if paid == project:
            assert rate == 1
        elif paid == "AZN":
            assert rate == rates[(month, "AZN", project)]
        spent[line] += amount * rate
        receipts.add(receipt)
        if reason:
            assert code == "DEMO-EU"
    assert len(receipts) == len(rows)
    lines = _query(
        demo_file,
        "SELECT b.id, p.code, b.quantity * b.unit_cost / 1e5 FROM budget_line b "
        "JOIN project p ON p.id = b.project_id",
    )
    over = [line for line, _code, total in lines if spent[line] > total + 0.01]
    assert len(over) == 1
    [(reasons,)] = _query(
        demo_file,
        "SELECT count(*) FROM expense WHERE budget_line_id = ? AND over_budget_reason IS NOT NULL",
        over[0],
    )
    assert reasons >= 1
    for project in ("DEMO-EU", "DEMO-IFRC", "DEMO-OWN"):
        budget = sum(total for _line, code, total in lines if code == project)
        used = sum(spent[line] for line, code, _total in lines if code == project)
        assert 0.3 <= used / budget <= 0.7, project


def test_income_has_grant_tranches_donations_and_fees(demo_file: Path) -> None:
    kinds = {
        (kind, currency)
        for kind, currency in _query(demo_file, "SELECT kind, currency FROM income")
    }
    assert {("grant_tranche", "EUR"), ("grant_tranche", "CHF"), ("donation", "AZN")} <= kinds
    assert ("membership_fee", "AZN") in kinds
    assert _scalar(demo_file, "SELECT count(*) FROM income WHERE received_on > ?", DEMO_AS_OF) == 0


def test_register_counts_match_the_summary(tmp_path: Path) -> None:
    path = tmp_path / "w.csodb"
    result = _build(path, beneficiaries=50, seed=11)
    db = db_engine.open_readonly(path)
    try:
        with db.reading() as session:
            assert result.counts == summary.register_counts(session)
            assert session.scalar(select(func.count()).select_from(m.Beneficiary)) == 50
    finally:
        db.close()
