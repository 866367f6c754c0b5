"""Budget lines, cost-rate caps, exchange rates, expenses and income, on a real file with
known answers worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.domain.validation import FormErrors
from cso_desktop.reports import budget as report
from cso_desktop.services import budget, org_settings, registers

TODAY = dt.date(2026, 6, 30)
MARCH = dt.date(2026, 3, 1)


def add_project(
    session: Session,
    *,
    code: str = "EU-1",
    donor_kind: vocab.DonorKind = vocab.DonorKind.EU,
    currency: str = "EUR",
    indirect: str | None = "0.07",
    contingency: str | None = "0.05",
    status: vocab.ProjectStatus = vocab.ProjectStatus.IMPLEMENTATION,
) -> int:
    project = m.Project(
        code=code,
        title=f"Layihə {code}",
        donor_kind=donor_kind,
        donor_name="Avropa İttifaqı",
        currency=currency,
        start_date=dt.date(2025, 7, 1),
        end_date=dt.date(2027, 6, 30),
        status=status,
        indirect_cost_rate=Decimal(indirect) if indirect else None,
        contingency_rate=Decimal(contingency) if contingency else None,
    )
    session.add(project)
    session.flush()
    return project.id


def line(
    project_id: int, heading: str, code: str, quantity: str, unit_cost: str, **extra: object
) -> budget.BudgetLineDraft:
    return budget.BudgetLineDraft(
        project_id=project_id,
        heading=heading,
        line_code=code,
        description=f"Xərc {code}",
        unit="ay",
        quantity=Decimal(quantity),
        unit_cost=Decimal(unit_cost),
        **extra,  # type: ignore[arg-type]
    )


def expense(
    project_id: int | None,
    line_id: int | None,
    amount: str,
    currency: str,
    rate: Decimal | str,
    *,
    day: dt.date = dt.date(2026, 3, 16),
    reason: str | None = None,
) -> budget.ExpenseDraft:
    return budget.ExpenseDraft(
        project_id=project_id,
        budget_line_id=line_id,
        spent_on=day,
        payee="Şəki Ticarət MMC",
        description="Dəftərxana",
        amount=amount,
        currency=currency,
        rate_to_project=rate,
        receipt_no="Q-001",
        over_budget_reason=reason,
    )


def add_rates(session: Session) -> None:
    for source, target, rate, origin in (
        ("EUR", "AZN", "1.9035", "InforEuro"),
        ("USD", "AZN", "1.7000", "CBAR"),
    ):
        budget.create_rate(
            session,
            budget.RateDraft(MARCH, source, target, Decimal(rate), origin),
        )


@pytest.fixture
def eu(db: Database) -> dict[str, int]:
    """An EU project (EUR, 7 % indirect, 5 % contingency) with one line in each heading 1-6."""
    with db.transaction() as session:
        project_id = add_project(session)
        ids = {"project": project_id}
        for heading, code, quantity, unit_cost in (
            ("1", "1.1", "10", "1000.00"),  # 10 000.00
            ("2", "2.1", "4", "250.00"),  # 1 000.00
            ("3", "3.1", "3", "666.67"),  # 2 000.01
            ("4", "4.1", "12", "400.00"),  # 4 800.00
            ("5", "5.1", "2.5", "100.10"),  # 250.25
            ("6", "6.1", "1", "500.00"),  # 500.00
        ):
            ids[code] = budget.create_line(
                session, line(project_id, heading, code, quantity, unit_cost)
            )
    return ids


def budget_of(db: Database, project_id: int) -> report.BudgetUse:
    with db.reading() as session:
        return report.budget_vs_actual(session, project_id)


# --- budget vs actual with three currencies ---------------------------------------------------


def test_budget_against_actual_in_azn_eur_and_usd_to_the_cent(
    db: Database, eu: dict[str, int]
) -> None:
    project_id = eu["project"]
    with db.transaction() as session:
        add_rates(session)
        on = dt.date(2026, 3, 16)
        azn = budget.propose_rate(session, "AZN", "EUR", on)
        usd = budget.propose_rate(session, "USD", "EUR", on)
        assert azn is not None and usd is not None
        assert azn.rate == Decimal("0.52534804")  # 1 / 1.9035
        assert usd.rate == Decimal("0.89309167")  # 1.70 / 1.9035
        for draft in (
            expense(project_id, eu["1.1"], "1903.50", "AZN", azn.rate),  # 1 000.00 EUR
            expense(project_id, eu["1.1"], "0.01", "AZN", azn.rate),  # 0.0053 → 0.01
            expense(project_id, eu["1.1"], "0.01", "AZN", azn.rate),  # 0.0053 → 0.01
            expense(project_id, eu["2.1"], "250.00", "EUR", "1"),  # 250.00
            expense(project_id, eu["3.1"], "1000.00", "USD", usd.rate),  # 893.09
            expense(project_id, None, "99.99", "USD", usd.rate),  # 89.30, on no line
        ):
            budget.create_expense(session, draft, today=TODAY)

    use = budget_of(db, project_id)
    assert [h.code for h in use.headings] == ["1", "2", "3", "4", "5", "6"]
    assert [h.title for h in use.headings] == list(vocab.EU_BUDGET_HEADINGS.values())
    spent = {line.line_code: line.spent for line in use.lines}
    # Each expense is rounded to the cent before the sum: 0.01 + 0.01, not round(0.0105).
    assert spent == {
        "1.1": Decimal("1000.02"),
        "2.1": Decimal("250.00"),
        "3.1": Decimal("893.09"),
        "4.1": Decimal("0.00"),
        "5.1": Decimal("0.00"),
        "6.1": Decimal("0.00"),
    }
    l11 = use.line(eu["1.1"])
    assert (l11.budget, l11.remaining, l11.expense_count) == (
        Decimal("10000.00"),
        Decimal("8999.98"),
        3,
    )
    assert l11.share == Decimal("1000.02") / Decimal("10000.00")
    assert use.line(eu["3.1"]).budget == Decimal("2000.01")
    assert use.line(eu["5.1"]).budget == Decimal("250.25")
    assert (use.unallocated, use.unallocated_count) == (Decimal("89.30"), 1)

    assert use.subtotal_direct.budget == Decimal("18550.26")
    assert use.subtotal_direct.spent == Decimal("2232.41")  # lines + unallocated
    assert use.contingency.budget == Decimal("927.51")  # 5 % of 18 550.26 = 927.513
    assert use.contingency.spent == Decimal("0.00")
    assert use.total_direct.budget == Decimal("19477.77")
    assert use.indirect.budget == Decimal("1363.44")  # 7 % of 19 477.77 = 1 363.4439
    assert use.indirect.spent == Decimal("156.27")  # 7 % of 2 232.41 = 156.2687
    assert use.total_eligible.budget == Decimal("20841.21")
    assert use.total_eligible.spent == Decimal("2388.68")
    assert use.total_eligible.remaining == Decimal("18452.53")

    with db.reading() as session:
        by_project = report.budget_use_by_project(session)
        # The register's converted column uses the same rule.
        keys = [c.key for c in registers.EXPENSES.columns]
        converted = sorted(
            row[keys.index("converted") + 1] for row in registers.EXPENSES.fetch(session)
        )
    assert by_project == (
        report.ProjectBudgetUse(
            project_id,
            "EU-1",
            "EUR",
            Decimal("20841.21"),
            Decimal("2388.68"),
            Decimal("2388.68") / Decimal("20841.21"),
        ),
    )
    assert sum(converted, Decimal(0)) == Decimal("2232.41")


def test_expenses_after_the_day_are_left_out(db: Database, eu: dict[str, int]) -> None:
    with db.transaction() as session:
        for day in (dt.date(2026, 1, 10), dt.date(2026, 2, 10)):
            budget.create_expense(
                session, expense(eu["project"], eu["2.1"], "100.00", "EUR", "1", day=day)
            )
    with db.reading() as session:
        use = report.budget_vs_actual(session, eu["project"], as_of=dt.date(2026, 1, 31))
        (mine,) = report.budget_use_by_project(session, as_of=dt.date(2026, 1, 31))
    assert use.line(eu["2.1"]).spent == Decimal("100.00")
    assert mine.spent_total == use.total_eligible.spent == Decimal("107.00")


# --- rate caps --------------------------------------------------------------------------------


def test_eu_indirect_costs_are_capped_at_seven_percent(db: Database, eu: dict[str, int]) -> None:
    with db.transaction() as session, pytest.raises(FormErrors) as refused:
        budget.set_project_rates(
            session, eu["project"], indirect_cost_rate="0.075", contingency_rate="0.05"
        )
    assert set(refused.value.problems) == {"indirect_cost_rate"}
    assert "7" in refused.value.problems["indirect_cost_rate"]
    with db.transaction() as session:
        budget.set_project_rates(
            session, eu["project"], indirect_cost_rate="0.07", contingency_rate="0.05"
        )
    with db.reading() as session:
        row = session.get(m.Project, eu["project"])
        assert row is not None
        assert (row.indirect_cost_rate, row.contingency_rate) == (
            Decimal("0.07"),
            Decimal("0.05"),
        )


def test_eu_contingency_is_capped_at_five_percent(db: Database) -> None:
    with pytest.raises(FormErrors) as refused:
        budget.check_project_rates(
            vocab.DonorKind.EU, indirect_cost_rate="0.07", contingency_rate="0.051"
        )
    assert set(refused.value.problems) == {"contingency_rate"}
    assert budget.check_project_rates(
        vocab.DonorKind.EU, indirect_cost_rate="0.07", contingency_rate="0.05"
    ) == (Decimal("0.07"), Decimal("0.05"), None)
    # Other donors have their own rules: 10 % indirect costs are accepted.
    assert budget.check_project_rates(
        vocab.DonorKind.IFRC, indirect_cost_rate="0.10", contingency_rate=None
    ) == (Decimal("0.10"), None, None)
    with pytest.raises(FormErrors):
        budget.check_project_rates(
            vocab.DonorKind.OTHER, indirect_cost_rate="1.5", contingency_rate=None
        )


def test_a_rate_above_the_eu_cap_in_the_file_is_applied_at_the_cap(
    db: Database, eu: dict[str, int]
) -> None:
    with db.transaction() as session:
        row = session.get(m.Project, eu["project"])
        assert row is not None
        row.indirect_cost_rate = Decimal("0.075")  # written before the rule, or by another tool
    use = budget_of(db, eu["project"])
    assert use.indirect_rate == Decimal("0.07")
    assert use.capped == ("indirect",)
    assert use.indirect.budget == Decimal("1363.44")


# --- over-budget warning ----------------------------------------------------------------------


def test_an_over_budget_expense_is_warned_about_and_needs_a_reason(
    db: Database, eu: dict[str, int]
) -> None:
    project_id, line_id = eu["project"], eu["2.1"]  # budget 1 000.00 EUR
    with db.transaction() as session:
        first = budget.create_expense(session, expense(project_id, line_id, "250.00", "EUR", "1"))
    within = expense(project_id, line_id, "750.00", "EUR", "1")
    over = expense(project_id, line_id, "800.00", "EUR", "1")
    with db.reading() as session:
        assert budget.check_expense(session, within) is None
        warning = budget.check_expense(session, over)
    assert warning == budget.OverBudget(
        line_id=line_id,
        line_code="2.1",
        currency="EUR",
        budget=Decimal("1000.00"),
        spent_before=Decimal("250.00"),
        converted=Decimal("800.00"),
        spent_after=Decimal("1050.00"),
        over_by=Decimal("50.00"),
    )
    with db.transaction() as session, pytest.raises(FormErrors) as refused:
        budget.create_expense(session, over)
    assert set(refused.value.problems) == {"over_budget_reason"}
    assert "2.1" in refused.value.problems["over_budget_reason"]
    with db.reading() as session:
        assert session.scalar(select(func.count(m.Expense.id))) == 1  # nothing was saved
    with db.transaction() as session:
        saved = budget.create_expense(
            session,
            expense(project_id, line_id, "800.00", "EUR", "1", reason="  Əlavə səfərlər  "),
        )
    with db.reading() as session:
        detail = budget.get_expense(session, saved)
        assert detail.draft.over_budget_reason == "Əlavə səfərlər"
        # Editing the first expense does not count it twice.
        edited = budget.check_expense(
            session, expense(project_id, line_id, "250.00", "EUR", "1"), expense_id=first
        )
        assert edited is not None and edited.over_by == Decimal("50.00")
        assert budget.get_expense(session, first).draft.over_budget_reason is None
        entries = session.scalars(
            select(m.AuditEntry).where(m.AuditEntry.entity == budget.EXPENSE_ENTITY)
        ).all()
        assert [e.detail["over_budget"] for e in entries if e.detail] == [False, True]
    assert budget_of(db, project_id).line(line_id).over_by == Decimal("50.00")


def test_expense_fields_are_checked(db: Database, eu: dict[str, int]) -> None:
    with db.transaction() as session:
        other = add_project(
            session, code="OWN", donor_kind=vocab.DonorKind.OWN_FUNDS, currency="AZN"
        )
    bad = budget.ExpenseDraft(
        project_id=other,
        budget_line_id=eu["1.1"],
        spent_on=TODAY + dt.timedelta(days=1),
        payee=" ",
        description="",
        amount="12,345",
        currency="XX",
        rate_to_project="0",
    )
    with db.transaction() as session, pytest.raises(FormErrors) as refused:
        budget.create_expense(session, bad, today=TODAY)
    assert set(refused.value.problems) == {
        "budget_line_id",
        "spent_on",
        "payee",
        "description",
        "amount",
        "currency",
        "rate_to_project",
    }
    with db.transaction() as session, pytest.raises(FormErrors) as refused:
        budget.create_expense(session, expense(eu["project"], None, "10.00", "EUR", "1.2"))
    assert set(refused.value.problems) == {"rate_to_project"}


def test_an_expense_is_changed_and_deleted_with_audit(db: Database, eu: dict[str, int]) -> None:
    with db.transaction() as session:
        expense_id = budget.create_expense(
            session, expense(eu["project"], eu["4.1"], "100.00", "EUR", "1")
        )
    with db.transaction() as session:
        budget.update_expense(
            session, expense_id, expense(eu["project"], eu["4.1"], "120,50", "eur", "1")
        )
    with db.reading() as session:
        detail = budget.get_expense(session, expense_id)
        assert (detail.draft.amount, detail.draft.currency, detail.converted) == (
            Decimal("120.50"),
            "EUR",
            Decimal("120.50"),
        )
    with db.transaction() as session:
        budget.delete_expense(session, expense_id)
    with db.reading() as session:
        assert session.get(m.Expense, expense_id) is None
        actions = session.scalars(
            select(m.AuditEntry.action).where(m.AuditEntry.entity == budget.EXPENSE_ENTITY)
        ).all()
    assert actions == [vocab.AuditAction.CREATE, vocab.AuditAction.UPDATE, vocab.AuditAction.ERASE]


# --- reallocation flag ------------------------------------------------------------------------


def set_quantity(db: Database, line_id: int, quantity: str) -> None:
    with db.transaction() as session:
        draft = budget.get_line(session, line_id).draft
        budget.update_line(
            session,
            line_id,
            budget.BudgetLineDraft(
                project_id=draft.project_id,
                heading=draft.heading,
                line_code=draft.line_code,
                description=draft.description,
                unit=draft.unit,
                quantity=Decimal(quantity),
                unit_cost=draft.unit_cost,
            ),
        )


def test_a_heading_is_flagged_past_25_percent_cumulatively(
    db: Database, eu: dict[str, int]
) -> None:
    line_id = eu["1.1"]  # heading 1: 10 × 1 000.00, the signed budget
    set_quantity(db, line_id, "12")  # +20 %: the first change keeps 10 000.00 as the base
    heading = budget_of(db, eu["project"]).heading("1")
    assert (heading.base, heading.change, heading.flagged) == (
        Decimal("10000.00"),
        Decimal("0.2"),
        False,
    )
    set_quantity(db, line_id, "12.4")  # +24 % in all
    heading = budget_of(db, eu["project"]).heading("1")
    assert (heading.change, heading.flagged) == (Decimal("0.24"), False)
    set_quantity(db, line_id, "12.6")  # +26 % in all: only 6 % more than the last change
    use = budget_of(db, eu["project"])
    assert (use.heading("1").change, use.heading("1").flagged) == (Decimal("0.26"), True)
    assert use.flagged_headings == (use.heading("1"),)
    set_quantity(db, line_id, "7.4")  # −26 %
    assert budget_of(db, eu["project"]).heading("1").flagged
    set_quantity(db, line_id, "7.5")  # −25 %: exactly the threshold is still allowed
    assert not budget_of(db, eu["project"]).heading("1").flagged


def test_the_threshold_comes_from_the_project_else_the_organisation(
    db: Database, eu: dict[str, int]
) -> None:
    set_quantity(db, eu["1.1"], "12")  # +20 %
    assert not budget_of(db, eu["project"]).heading("1").flagged
    with db.transaction() as session:
        org_settings.put(session, report.THRESHOLD_SETTING, "0.15")  # older PRAG rule
    use = budget_of(db, eu["project"])
    assert (use.threshold, use.heading("1").flagged) == (Decimal("0.15"), True)
    with db.transaction() as session:
        budget.set_project_rates(
            session,
            eu["project"],
            indirect_cost_rate="0.07",
            contingency_rate="0.05",
            reallocation_threshold="0.30",
        )
    use = budget_of(db, eu["project"])
    assert (use.threshold, use.heading("1").flagged) == (Decimal("0.30"), False)


def test_a_line_added_after_signature_counts_as_a_change(db: Database, eu: dict[str, int]) -> None:
    with db.transaction() as session:
        budget.create_line(
            session, line(eu["project"], "6", "6.2", "1", "150.00", base_total=Decimal("0"))
        )
    heading = budget_of(db, eu["project"]).heading("6")  # base 500, budget 650: +30 %
    assert (heading.base, heading.budget, heading.change, heading.flagged) == (
        Decimal("500.00"),
        Decimal("650.00"),
        Decimal("0.3"),
        True,
    )


# --- budget lines -----------------------------------------------------------------------------


def test_budget_lines_follow_the_eu_headings_and_unique_codes(
    db: Database, eu: dict[str, int]
) -> None:
    project_id = eu["project"]
    with db.transaction() as session, pytest.raises(FormErrors) as refused:
        budget.create_line(session, line(project_id, "7", "7.1", "1", "10.00"))
    assert set(refused.value.problems) == {"heading"}
    with db.transaction() as session, pytest.raises(FormErrors) as refused:
        budget.create_line(session, line(project_id, "2", "1.9", "1", "10.00"))
    assert set(refused.value.problems) == {"line_code"}
    with db.transaction() as session, pytest.raises(FormErrors) as refused:
        budget.create_line(session, line(project_id, "1", "1.1", "0", "-1"))
    assert set(refused.value.problems) == {"line_code", "quantity", "unit_cost"}
    with db.transaction() as session:
        new_id = budget.create_line(session, line(project_id, "1", "1.2", "0.5", "33.33"))
        detail = budget.get_line(session, new_id)
        assert detail.total == Decimal("16.67")  # 16.665 rounded half up
        assert detail.draft.heading_title == "Human resources"
        assert [c.code for c in budget.headings(session, project_id)] == list(
            vocab.EU_BUDGET_HEADINGS
        )
        assert [c.line_code for c in budget.lines_of(session, project_id)][:2] == ["1.1", "1.2"]


def test_other_donors_use_their_own_headings(db: Database) -> None:
    with db.transaction() as session:
        project_id = add_project(
            session, code="IFRC", donor_kind=vocab.DonorKind.IFRC, currency="CHF", contingency=None
        )
        budget.create_line(
            session,
            line(project_id, "Personnel", "P1", "12", "1000.00", heading_title="Staff costs"),
        )
        budget.create_line(session, line(project_id, "Transport", "T1", "2", "100.00"))
        choices = budget.headings(session, project_id)
    assert [(c.code, c.title) for c in choices] == [
        ("Personnel", "Staff costs"),
        ("Transport", None),
    ]
    use = budget_of(db, project_id)
    assert [h.code for h in use.headings] == ["Personnel", "Transport"]
    assert use.contingency_rate is None and use.contingency.budget == Decimal("0.00")
    assert use.total_eligible.budget == Decimal("12200.00") + Decimal("854.00")  # 7 % indirect


def test_a_line_with_expenses_cannot_be_deleted(db: Database, eu: dict[str, int]) -> None:
    with db.transaction() as session:
        budget.create_expense(session, expense(eu["project"], eu["6.1"], "10.00", "EUR", "1"))
    with db.transaction() as session, pytest.raises(ValidationError) as refused:
        budget.delete_line(session, eu["6.1"])
    assert "6.1" in refused.value.user_message
    with db.transaction() as session:
        budget.delete_line(session, eu["5.1"])
    with db.reading() as session:
        assert session.get(m.BudgetLine, eu["5.1"]) is None


# --- exchange rates ---------------------------------------------------------------------------


def test_rates_are_proposed_direct_inverse_cross_or_not_at_all(db: Database) -> None:
    with db.transaction() as session:
        add_rates(session)
    on = dt.date(2026, 3, 31)
    with db.reading() as session:
        same = budget.propose_rate(session, "EUR", "EUR", on)
        direct = budget.propose_rate(session, "EUR", "AZN", on)
        inverse = budget.propose_rate(session, "AZN", "EUR", on)
        cross = budget.propose_rate(session, "USD", "EUR", on)
        missing = budget.propose_rate(session, "EUR", "AZN", dt.date(2026, 4, 1))
        no_leg = budget.propose_rate(session, "CHF", "EUR", on)
    assert same == budget.ProposedRate(Decimal(1), budget.RateKind.SAME, None, None)
    assert direct == budget.ProposedRate(
        Decimal("1.9035"), budget.RateKind.DIRECT, MARCH, "InforEuro"
    )
    assert inverse == budget.ProposedRate(
        Decimal("0.52534804"), budget.RateKind.INVERSE, MARCH, "InforEuro"
    )
    assert cross == budget.ProposedRate(
        Decimal("0.89309167"), budget.RateKind.CROSS, MARCH, "CBAR + InforEuro"
    )
    assert missing is None and no_leg is None
    # A direct rate, once entered, wins over the cross rate.
    with db.transaction() as session:
        budget.create_rate(session, budget.RateDraft(on, "usd", "eur", "0,8931", "InforEuro"))
    with db.reading() as session:
        proposed = budget.propose_rate(session, "USD", "EUR", on)
    assert proposed == budget.ProposedRate(
        Decimal("0.8931"), budget.RateKind.DIRECT, MARCH, "InforEuro"
    )


def test_rates_are_one_per_month_and_pair(db: Database) -> None:
    with db.transaction() as session:
        add_rates(session)
    with db.transaction() as session, pytest.raises(FormErrors) as refused:
        budget.create_rate(session, budget.RateDraft(dt.date(2026, 3, 20), "EUR", "AZN", "1.9"))
    assert set(refused.value.problems) == {"rate"}
    with db.transaction() as session, pytest.raises(FormErrors) as refused:
        budget.create_rate(session, budget.RateDraft(None, "EUR", "EUR", "-1"))
    assert set(refused.value.problems) == {"month", "to_currency", "rate"}
    with db.transaction() as session:
        (eur,) = budget.list_rates(session, currency="EUR")
        budget.update_rate(
            session, eur.id, budget.RateDraft(MARCH, "EUR", "AZN", "1.90351234567", "InforEuro")
        )
        assert budget.list_rates(session, month=MARCH)[0].rate == Decimal("1.90351235")
        budget.delete_rate(session, eur.id)
        assert [r.from_currency for r in budget.list_rates(session)] == ["USD"]


# --- income -----------------------------------------------------------------------------------


def test_income_is_recorded_changed_and_deleted(db: Database, eu: dict[str, int]) -> None:
    draft = budget.IncomeDraft(
        kind=vocab.IncomeKind.GRANT_TRANCHE,
        received_on=dt.date(2026, 2, 1),
        amount="10 000,00",
        currency="eur",
        payer="Avropa İttifaqının Nümayəndəliyi",
        reference="1-ci ödəniş",
        project_id=eu["project"],
    )
    with db.transaction() as session:
        income_id = budget.create_income(session, draft, today=TODAY)
    with db.reading() as session:
        detail = budget.get_income(session, income_id)
        assert (detail.draft.amount, detail.draft.currency) == (Decimal("10000.00"), "EUR")
        assert registers.INCOME.count(session, filters=["grants"]) == 1
    with db.transaction() as session:
        budget.update_income(
            session, income_id, budget.IncomeDraft(**{**draft.__dict__, "amount": "9500"})
        )
    with db.transaction() as session, pytest.raises(FormErrors) as refused:
        budget.create_income(
            session,
            budget.IncomeDraft(None, None, "0", "AZN", ""),
            today=TODAY,
        )
    assert set(refused.value.problems) == {"kind", "received_on", "amount", "payer"}
    with db.transaction() as session:
        budget.delete_income(session, income_id)
    with db.reading() as session:
        assert session.get(m.Income, income_id) is None


def test_membership_fees_from_fee_payments_are_changed_on_the_member(db: Database) -> None:
    with db.transaction() as session:
        member = m.Member(
            membership_no="M-0001",
            first_name="Aynur",
            last_name="Əliyeva",
            sex="female",
            status="active",
            joined_on=dt.date(2024, 1, 1),
        )
        session.add(member)
        session.flush()
        income = m.Income(
            kind=vocab.IncomeKind.MEMBERSHIP_FEE,
            received_on=dt.date(2026, 1, 5),
            amount=Decimal("20.00"),
            currency="AZN",
            payer="Əliyeva Aynur",
            member_id=member.id,
        )
        session.add(income)
        session.flush()
        income_id = income.id
    with db.transaction() as session, pytest.raises(ValidationError):
        budget.delete_income(session, income_id)
    with db.reading() as session:
        assert budget.get_income(session, income_id).from_fee_payment
