"""Register windows: counts, paging, SQL sorting and Azerbaijani/Cyrillic-aware search."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import people
from cso_desktop.services import registers

PEOPLE = [
    ("Gülnar", "ŞÜKÜROVA", "female", dt.date(1990, 5, 1)),
    ("İsmayıl", "Həsənov", "male", dt.date(1975, 1, 20)),
    ("Наталья", "Иванова", "female", dt.date(1988, 11, 2)),
    ("Elvin", "Şükürov", "male", dt.date(2012, 7, 7)),
    ("Ülkər", "Məmmədova", "female", None),
]


@pytest.fixture
def populated(db: Database) -> Database:
    with db.transaction() as session:
        for index, (first, last, sex, born) in enumerate(PEOPLE, start=1):
            number = f"B-{index:06d}"
            session.add(
                m.Beneficiary(
                    registration_no=number,
                    registered_on=dt.date(2026, 1, index),
                    first_name=first,
                    last_name=last,
                    sex=sex,
                    date_of_birth=born,
                    estimated_age=None if born else 60,
                    age_estimated_on=None if born else dt.date.today(),
                    displacement_status="idp",
                    rayon_code="AZ-BA",
                    search_text=people.search_key([first, last, number]),
                )
            )
        session.add(
            m.Beneficiary(
                registration_no="B-000099",
                registered_on=dt.date(2026, 2, 1),
                first_name="Arxiv",
                last_name="Şükürov",
                sex="male",
                displacement_status="none",
                archived=True,
                search_text=people.search_key(["Arxiv", "Şükürov"]),
            )
        )
    return db


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("şükür", {"ŞÜKÜROVA", "Şükürov"}),
        ("ŞÜKÜROV", {"ŞÜKÜROVA", "Şükürov"}),
        ("ismayıl", {"Həsənov"}),
        ("İSMAYIL", {"Həsənov"}),
        ("ивано", {"Иванова"}),
        ("ИВАНОВА наталья", {"Иванова"}),
        ("B-000003", {"Иванова"}),
        ("100%", set()),
        ("", {"ŞÜKÜROVA", "Həsənov", "Иванова", "Şükürov", "Məmmədova"}),
    ],
)
def test_search_folds_case_in_both_alphabets(
    populated: Database, typed: str, expected: set[str]
) -> None:
    register = registers.BENEFICIARIES
    last_name = [c.key for c in register.columns].index("last_name") + 1
    with populated.reading() as session:
        rows = register.fetch(session, search=typed, limit=50)
        assert register.count(session, search=typed) == len(expected)
    assert {row[last_name] for row in rows} == expected


def test_archived_rows_are_not_listed(populated: Database) -> None:
    with populated.reading() as session:
        assert registers.BENEFICIARIES.count(session) == len(PEOPLE)


def test_windows_page_through_without_gaps_or_repeats(populated: Database) -> None:
    with populated.reading() as session:
        ids = [
            row[0]
            for offset in range(0, 6, 2)
            for row in registers.BENEFICIARIES.fetch(session, sort="sex", offset=offset, limit=2)
        ]
    assert len(ids) == len(set(ids)) == len(PEOPLE)


def test_sort_in_sql_both_ways(populated: Database) -> None:
    register = registers.BENEFICIARIES
    position = [c.key for c in register.columns].index("registered_on") + 1
    with populated.reading() as session:
        ascending = [r[position] for r in register.fetch(session, sort="registered_on")]
        descending = [
            r[position] for r in register.fetch(session, sort="registered_on", descending=True)
        ]
    assert ascending == sorted(ascending)
    assert descending == list(reversed(ascending))


def test_age_is_derived_from_birth_or_estimate(populated: Database) -> None:
    register = registers.BENEFICIARIES
    keys = [c.key for c in register.columns]
    with populated.reading() as session:
        rows = {r[keys.index("last_name") + 1]: r for r in register.fetch(session)}
    today = dt.date.today()
    assert rows["Həsənov"][keys.index("age") + 1] == people.age_on(
        today, date_of_birth=dt.date(1975, 1, 20)
    )
    assert rows["Məmmədova"][keys.index("age") + 1] == 60


def test_budget_line_totals_are_exact_decimals(db: Database) -> None:
    with db.transaction() as session:
        project = m.Project(
            code="P1",
            title="Layihə",
            donor_kind="eu",
            donor_name="EU",
            currency="EUR",
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2027, 12, 31),
            status="implementation",
        )
        session.add(project)
        session.flush()
        session.add(
            m.BudgetLine(
                project_id=project.id,
                heading="1",
                line_code="1.1.1",
                description="Layihə meneceri",
                unit="ay",
                quantity=Decimal("24"),
                unit_cost=Decimal("1234.57"),
            )
        )
        session.add(
            m.BudgetLine(
                project_id=project.id,
                heading="5",
                line_code="5.3",
                description="Audit",
                unit="ədəd",
                quantity=Decimal("0.1"),
                unit_cost=Decimal("0.30"),
            )
        )
    register = registers.BUDGET_LINES
    keys = [c.key for c in register.columns]
    with db.reading() as session:
        totals = [r[keys.index("total") + 1] for r in register.fetch(session)]
    assert totals == [Decimal("29629.68"), Decimal("0.03")]
    assert all(isinstance(t, Decimal) for t in totals)


def test_every_register_answers_on_an_empty_file(db: Database) -> None:
    with db.reading() as session:
        for register in registers.ALL:
            assert register.count(session) == 0
            assert register.fetch(session) == []
