"""The budget-against-actual computation on the workshop file, checked against the expenses
converted one by one in Python, and its small rules."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.reports import budget as report


@pytest.fixture
def workshop(demo_file: Path) -> Iterator[db_engine.Database]:
    database = db_engine.open_readonly(demo_file)
    yield database
    database.close()


def test_every_line_is_the_sum_of_its_expenses_converted_one_by_one(
    workshop: db_engine.Database,
) -> None:
    with workshop.reading() as session:
        projects = session.execute(select(m.Project.id, m.Project.code)).all()
        expenses = session.execute(
            select(
                m.Expense.project_id,
                m.Expense.budget_line_id,
                m.Expense.amount,
                m.Expense.rate_to_project,
            )
        ).all()
        uses = {code: report.budget_vs_actual(session, project_id) for project_id, code in projects}
        per_project = report.budget_use_by_project(session)
    by_line: dict[int, Decimal] = {}
    by_project: dict[int, Decimal] = {}
    for project_id, line_id, amount, rate in expenses:
        converted = (amount * rate).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
        by_line[line_id] = by_line.get(line_id, Decimal(0)) + converted
        by_project[project_id] = by_project.get(project_id, Decimal(0)) + converted
    assert {"AZN", "EUR", "USD"} <= {c for (c,) in select_currencies(workshop)}, (
        "the workshop pays in several currencies"
    )
    for use in uses.values():
        for line in use.lines:
            assert line.spent == by_line.get(line.id, Decimal(0))
            assert line.remaining == line.budget - line.spent
        assert use.subtotal_direct.spent == by_project[use.project_id]
        assert use.subtotal_direct.budget == sum(h.budget for h in use.headings)
        assert use.total_eligible.budget == use.total_direct.budget + use.indirect.budget
    # The dashboard's figures are the budget page's totals.
    assert per_project == tuple(
        report.ProjectBudgetUse(
            use.project_id,
            use.code,
            use.currency,
            use.total_eligible.budget,
            use.total_eligible.spent,
            use.total_eligible.share,
        )
        for use in sorted(uses.values(), key=lambda u: u.code)
    )


def select_currencies(database: db_engine.Database) -> list[tuple[str]]:
    with database.reading() as session:
        return [tuple(r) for r in session.execute(select(m.Expense.currency).distinct())]


def test_the_workshop_eu_budget_has_its_known_shape(workshop: db_engine.Database) -> None:
    with workshop.reading() as session:
        project_id = session.scalar(select(m.Project.id).where(m.Project.code == "DEMO-EU"))
        assert project_id is not None
        use = report.budget_vs_actual(session, project_id)
    assert use.is_eu and use.currency == "EUR"
    assert [h.code for h in use.headings] == ["1", "2", "3", "4", "5", "6"]
    assert use.subtotal_direct.budget == Decimal("222487.50")
    assert use.contingency.budget == Decimal("11124.38")  # 5 % of 222 487.50 = 11 124.375
    assert use.indirect.budget == Decimal("16352.83")  # 7 % of 233 611.88 = 16 352.8316
    # Local transport is over budget on purpose; its heading too.
    assert [line.line_code for line in use.over_budget_lines] == ["2.2"]
    assert use.heading("2").over_budget
    # One more computer (3.2) and two seminars fewer (5.7) than signed: within 25 %.
    heading_3, heading_5 = use.heading("3"), use.heading("5")
    assert (heading_3.budget, heading_3.base) == (Decimal("43127.50"), Decimal("41942.00"))
    assert (heading_5.budget, heading_5.base) == (Decimal("25980.00"), Decimal("27260.00"))
    assert heading_3.change == (Decimal("43127.50") - Decimal("41942.00")) / Decimal("41942.00")
    assert not use.flagged_headings
    assert use.unallocated_count == 0


@pytest.mark.parametrize(
    ("budget", "base", "flagged"),
    [
        ("124.00", "100.00", False),
        ("125.00", "100.00", False),
        ("126.00", "100.00", True),
        ("74.00", "100.00", True),
        ("0.00", "0.00", False),
        ("10.00", "0.00", True),
    ],
)
def test_the_reallocation_rule(budget: str, base: str, flagged: bool) -> None:
    assert report.passes_threshold(Decimal(budget), Decimal(base), Decimal("0.25")) is flagged


def test_budget_rounding_and_ordering_rules() -> None:
    assert report.convert(Decimal("0.01"), Decimal("0.5")) == Decimal("0.01")  # half up
    assert report.line_total(Decimal("0.5"), Decimal("33.33")) == Decimal("16.67")
    assert sorted(["10", "2", "1.10", "1.2", "B", "a"], key=report.natural_key) == [
        "1.2",
        "1.10",
        "2",
        "10",
        "a",
        "B",
    ]
    assert report.effective_rate(Decimal("0.08"), cap=Decimal("0.07"), is_eu=True) == (
        Decimal("0.07"),
        True,
    )
    assert report.effective_rate(Decimal("0.08"), cap=Decimal("0.07"), is_eu=False) == (
        Decimal("0.08"),
        False,
    )
