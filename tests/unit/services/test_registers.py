"""Register windows: counts, paging, SQL sorting and Azerbaijani/Cyrillic-aware search."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import people, vocab
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
                    sort_key=people.sort_key([last, first]),
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


def test_names_sort_in_azerbaijani_alphabetical_order(populated: Database) -> None:
    register = registers.BENEFICIARIES
    position = [c.key for c in register.columns].index("last_name") + 1
    with populated.reading() as session:
        names = [r[position] for r in register.fetch(session, sort="last_name")]
    # Binary order would put Ş and Ə after every ASCII letter; the sort key follows the alphabet
    # (… H, X, I, İ … S, Ş …), with Cyrillic after Latin.
    assert names == ["Həsənov", "Məmmədova", "Şükürov", "ŞÜKÜROVA", "Иванова"]


@pytest.mark.parametrize("typed", ["şü", "ş", "ük", "B-0", "ov", "şükürov ül", "  "])
def test_index_and_plain_search_agree(populated: Database, typed: str) -> None:
    """Words under three letters cannot use the trigram index; the answer must not change."""
    register = registers.BENEFICIARIES
    words = people.fold(typed).split()
    with populated.reading() as session:
        found = {row[0] for row in register.fetch(session, search=typed, limit=50)}
        every = session.execute(
            select(m.Beneficiary.id, m.Beneficiary.search_text).where(
                m.Beneficiary.archived.is_(False)
            )
        ).all()
        assert register.count(session, search=typed) == len(found)
    assert found == {row_id for row_id, text in every if all(w in text for w in words)}


def test_search_index_follows_edits_and_erasure(populated: Database) -> None:
    from cso_desktop.services import beneficiaries

    with populated.transaction() as session:
        target = registers.BENEFICIARIES.fetch(session, search="Иванова")[0][0]
        row = session.get(m.Beneficiary, target)
        assert row is not None
        row.last_name = "Петрова"
        beneficiaries.refresh_search(row)
    with populated.reading() as session:
        assert registers.BENEFICIARIES.count(session, search="иванова") == 0
        assert registers.BENEFICIARIES.count(session, search="петрова") == 1
    with populated.transaction() as session:
        beneficiaries.erase(session, target)
    with populated.reading() as session:
        assert registers.BENEFICIARIES.count(session, search="петрова") == 0


def test_filters(populated: Database) -> None:
    with populated.transaction() as session:
        for number, flag in (("B-000001", True), ("B-000002", False)):
            row = session.scalar(
                select(m.Beneficiary).where(m.Beneficiary.registration_no == number)
            )
            assert row is not None
            row.has_disability = flag
    with populated.reading() as session:
        assert registers.BENEFICIARIES.count(session, filters=["disability"]) == 1
        assert registers.BENEFICIARIES.count(session, filters=["idp"]) == len(PEOPLE)
        assert (
            registers.BENEFICIARIES.count(session, filters=["idp", "disability"], search="şükür")
            == 1
        )


def test_member_arrears_column_and_filter_agree_with_the_total(db: Database) -> None:
    from cso_desktop.services import members

    today = dt.date(2026, 6, 30)
    with db.transaction() as session:
        category = members.create_category(session, name="Həqiqi", annual_fee=Decimal("24"))
        for index, paid_years in enumerate(([2025, 2026], [2026], [])):
            member_id = members.create(
                session,
                members.MemberDraft(
                    first_name="Üzv",
                    last_name=f"Əliyev{index}",
                    sex=vocab.Sex.MALE,
                    joined_on=dt.date(2025, 1, 1),
                    category_id=category,
                ),
                today=today,
            )
            for year in paid_years:
                members.add_payment(
                    session,
                    member_id,
                    period_year=year,
                    amount=Decimal("24"),
                    paid_on=today,
                    today=today,
                )
    register = registers.MEMBERS
    position = [c.key for c in register.columns].index("arrears") + 1
    with db.reading() as session:
        owed = sorted(row[position] for row in register.fetch(session, as_of=today))
        assert owed == [Decimal("0.00"), Decimal("24.00"), Decimal("48.00")]
        assert register.count(session, filters=["owes_fees"], as_of=today) == 2
        assert sum(owed) == members.total_arrears(session, as_of=today)


def test_volunteer_activity_and_alert_filters(db: Database) -> None:
    from cso_desktop.services import volunteers

    today = dt.date(2026, 6, 30)
    with db.transaction() as session:
        busy = volunteers.create(
            session,
            volunteers.VolunteerDraft(
                first_name="Aysel",
                last_name="Rəhimova",
                sex=vocab.Sex.FEMALE,
                joined_on=dt.date(2025, 1, 1),
            ),
            today=today,
        )
        volunteers.add_hours(
            session, busy, worked_on=dt.date(2026, 6, 1), hours=Decimal("24"), today=today
        )
        idle = volunteers.create(
            session,
            volunteers.VolunteerDraft(
                first_name="Tural",
                last_name="Abbasov",
                sex=vocab.Sex.MALE,
                joined_on=dt.date(2025, 1, 1),
            ),
            today=today,
        )
        volunteers.add_insurance(
            session,
            idle,
            insurer="Sığorta",
            policy_no="1",
            valid_from=dt.date(2025, 7, 10),
            valid_until=dt.date(2026, 7, 9),
        )
    register = registers.VOLUNTEERS
    keys = [c.key for c in register.columns]
    with db.reading() as session:
        rows = {row[0]: row for row in register.fetch(session, as_of=today)}
        assert rows[busy][keys.index("active") + 1] in (True, 1)
        assert rows[busy][keys.index("hours") + 1] == Decimal("24.000")
        assert rows[idle][keys.index("insured_until") + 1] == dt.date(2026, 7, 9)
        assert [r[0] for r in register.fetch(session, filters=["active"], as_of=today)] == [busy]
        assert [r[0] for r in register.fetch(session, filters=["alerts"], as_of=today)] == [idle]


def test_archived_rows_have_their_own_view(populated: Database) -> None:
    register = registers.BENEFICIARIES
    with populated.reading() as session:
        archived = register.fetch(session, filters=[registers.ARCHIVED])
        assert [row[1] for row in archived] == ["B-000099"]
        assert register.count(session, filters=[registers.ARCHIVED], search="arxiv") == 1
        assert register.count(session, search="arxiv") == 0
    assert [f.key for f in register.all_filters][-1] == registers.ARCHIVED
    assert registers.ACTIVITIES.all_filters == ()
