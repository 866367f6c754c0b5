"""The financial report: budget against the period's expenditure by EU heading and line, the
exchange rates used and the expense ledger, with figures known by hand (see progress_world)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.reports import budget
from cso_desktop.reports.document import Document, KeyFigures, Paragraph, RowStyle, Table
from cso_desktop.reports.finance import build_finance_report
from cso_desktop.reports.pdf import render_pdf
from cso_desktop.reports.xlsx import render_xlsx

from .progress_world import (
    BUDGET_TOTAL,
    DIRECT_IN_PERIOD,
    END,
    EXPENSES,
    INDIRECT_IN_PERIOD,
    ORGANISATION,
    SPENT_IN_PERIOD,
    START,
    UNALLOCATED_IN_PERIOD,
    D,
    ProgressWorld,
    pdf_text,
    sheet_rows,
    table_sheet,
    xlsx_exact,
)

M = Decimal


@pytest.fixture
def world(db):
    with db.transaction() as session:
        yield ProgressWorld(session)


def build(world, language="en", *, start=START, end=END, as_of=END) -> Document:
    with i18n.using_language(language):
        return build_finance_report(
            world.session, project_id=world.project.id, start=start, end=end, as_of=as_of
        )


def tables(document: Document) -> tuple[Table, Table, Table]:
    budget_table, rates, ledger = document.tables()
    return budget_table, rates, ledger


def test_budget_against_the_period_expenditure_by_heading_and_line(world):
    document = build(world)
    table = tables(document)[0]
    rows = {row[0]: (row, table.style(i)) for i, row in enumerate(table.rows)}
    # Label, unit, quantity, unit cost, budget, spent in the period, variance, variance %.
    expected = {
        "1. Human resources": (RowStyle.HEADING, "12000.00", "2007.82"),
        "1.1 Layihə meneceri": (RowStyle.INDENTED, "12000.00", "2007.82"),
        "3. Equipment and supplies": (RowStyle.HEADING, "1700.00", "1489.81"),
        "3.1 Noutbuk": (RowStyle.INDENTED, "1700.00", "1489.81"),
        "5. Other costs, services": (RowStyle.HEADING, "315.00", "219.21"),
        "5.1 Çap xərcləri": (RowStyle.INDENTED, "315.00", "219.21"),
        "Expenses not booked on a budget line": (RowStyle.NORMAL, "0.00", "26.37"),
        "7. Subtotal of direct eligible costs (1–6)": (RowStyle.SUBTOTAL, "14015.00", "3743.21"),
        "8. Contingency reserve (5.0% of 7)": (RowStyle.NORMAL, "700.75", "0.00"),
        "9. Total direct eligible costs (7 + 8)": (RowStyle.SUBTOTAL, "14715.75", "3743.21"),
        "10. Indirect costs (7.0% of 9)": (RowStyle.NORMAL, "1030.10", "262.02"),
    }
    assert list(rows) == list(expected)
    for label, (style, budget_amount, spent) in expected.items():
        row, row_style = rows[label]
        assert row_style is style, label
        assert row[4] == M(budget_amount), label
        assert row[5] == M(spent), label
        assert row[6] == M(budget_amount) - M(spent), label
    line = rows["5.1 Çap xərcləri"][0]
    assert line[1:4] == ("səhifə", M("100"), M("3.15"))
    assert line[7] == (M("315.00") - M("219.21")) / M("315.00")
    total = table.total_row
    assert total[0] == "11. Total eligible costs (9 + 10)"
    assert total[4] == BUDGET_TOTAL
    assert total[5] == SPENT_IN_PERIOD == DIRECT_IN_PERIOD + INDIRECT_IN_PERIOD
    assert total[6] == M("11740.62")
    assert total[7] == M("11740.62") / BUDGET_TOTAL


def test_the_figures_are_the_budget_pages_figures(world):
    """Budget from budget_vs_actual; spending in the period = up to its end − before it."""
    document = build(world)
    table = tables(document)[0]
    to_end = budget.budget_vs_actual(world.session, world.project.id, as_of=END)
    before = budget.budget_vs_actual(
        world.session, world.project.id, as_of=START - dt.timedelta(days=1)
    )
    assert table.total_row[4] == to_end.total_eligible.budget
    by_label = {row[0]: row for row in table.rows}
    for line in to_end.lines:
        row = by_label[f"{line.line_code} {line.description}"]
        assert row[4] == line.budget
        assert row[5] == line.spent - before.line(line.id).spent
    assert before.subtotal_direct.spent == M("1000.00")  # December's expense, left out
    assert to_end.subtotal_direct.spent - before.subtotal_direct.spent == DIRECT_IN_PERIOD
    assert to_end.unallocated == UNALLOCATED_IN_PERIOD
    # The dashboard's budget per project is the same total.
    (dashboard,) = budget.budget_use_by_project(world.session, as_of=END)
    assert dashboard.budget_total == BUDGET_TOTAL


def test_a_period_from_the_project_start_spends_what_the_budget_page_shows(world):
    document = build(world, start=world.project.start_date)
    table = tables(document)[0]
    to_end = budget.budget_vs_actual(world.session, world.project.id, as_of=END)
    assert table.total_row[5] == to_end.total_eligible.spent == M("5075.23")
    assert not any("before the period" in p.text for p in _paragraphs(document))


def test_the_ledger_lists_the_period_expenses_converted_and_rounded(world):
    document = build(world)
    ledger = tables(document)[2]
    assert len(ledger.rows) == len(EXPENSES)
    for row, (line, day, amount, currency, rate, converted) in zip(
        ledger.rows, EXPENSES, strict=True
    ):
        assert row[0] == day
        assert row[1] == (line or "—")
        assert row[5] == M(amount)
        assert row[6] == currency
        assert row[7] == M(rate)
        assert row[8] == M(converted) == budget.convert(M(amount), M(rate))
    assert [row[2] for row in ledger.rows[:3]] == [
        "Aysel Bağırova",
        "Aysel Bağırova",
        "Kontakt Home MMC",
    ]
    assert ledger.rows[0][3] == "Q-001"
    assert ledger.total_row[8] == DIRECT_IN_PERIOD == sum(M(e[5]) for e in EXPENSES)
    # 10.01 × 0.5 = 5.005 rounds half up.
    assert ledger.rows[-1][8] == M("5.01")


def test_the_exchange_rates_used_with_their_counts_and_sources(world):
    rates = tables(build(world))[1]
    got = [(row[0], row[1], row[2], row[3], row[4], row[5], row[6]) for row in rates.rows]
    assert got == [
        ("AZN", "January 2026", M("0.53256644"), "InforEuro", 1, M("1889.00"), M("1006.02")),
        (
            "AZN",
            "February 2026",
            M("0.53033517"),
            "Rate entered on the expense",
            1,
            M("1889.00"),
            M("1001.80"),
        ),
        (
            "AZN",
            "March 2026",
            M("0.52759312"),
            "Rate entered on the expense",
            2,
            M("225.00"),
            M("118.70"),
        ),
        (
            "AZN",
            "May 2026",
            M("0.52742616"),
            "Rate entered on the expense",
            1,
            M("50.00"),
            M("26.37"),
        ),
        ("AZN", "June 2026", M("0.5"), "Rate entered on the expense", 1, M("10.01"), M("5.01")),
        ("EUR", "April 2026", M("1"), "Grant currency", 1, M("95.50"), M("95.50")),
        ("USD", "March 2026", M("0.8969083"), "InforEuro", 1, M("1661.05"), M("1489.81")),
    ]
    assert rates.total_row[4] == len(EXPENSES)
    assert rates.total_row[6] == DIRECT_IN_PERIOD
    assert rates.columns[2].places == 8  # every stored digit of the rates is shown


def test_key_figures_and_cover(world):
    document = build(world)
    figures = next(b for b in document.blocks if isinstance(b, KeyFigures)).items
    assert [f.value for f in figures] == [
        BUDGET_TOTAL,
        SPENT_IN_PERIOD,
        BUDGET_TOTAL - SPENT_IN_PERIOD,
        SPENT_IN_PERIOD / BUDGET_TOTAL,
    ]
    meta = dict(document.meta)
    assert meta["Organisation"] == ORGANISATION
    assert meta["Project"] == "EU-7 — Şəki və Qəbələdə gənclərin məşğulluğu"
    assert meta["Contract reference"] == "NDICI/2025/777-001"
    assert meta["Reporting date"] == END
    assert meta["Grant currency"] == "EUR"
    assert meta["Indirect cost rate"] == "7.0%"
    assert document.organisation_name == ORGANISATION
    # The scope is said on the document: the whole budget, the period's expenses only.
    texts = " ".join(p.text for p in _paragraphs(document))
    assert "Budget: the whole project (1 October 2025 – 31 December 2027)" in texts
    assert "the expenses dated from 1 January 2026 to 30 June 2026 only" in texts
    # December: 1 000.00 of direct costs and 70.00 of indirect costs.
    assert "Expenditure before the period: €1,070.00" in texts


def test_expenses_after_the_reporting_date_wait_for_the_next_report(world):
    document = build(world, as_of=D(2026, 3, 31))
    ledger = tables(document)[2]
    assert [row[0] for row in ledger.rows] == [e[1] for e in EXPENSES[:5]]
    assert ledger.total_row[8] == M("3616.33")


def test_an_indirect_rate_above_the_eu_cap_is_applied_at_the_cap(world):
    world.project.indirect_cost_rate = Decimal("0.10")
    world.session.flush()
    table = tables(build(world))[0]
    by_label = {row[0]: row for row in table.rows}
    assert by_label["10. Indirect costs (7.0% of 9)"][5] == INDIRECT_IN_PERIOD
    assert "above the EU limit" in table.note


def test_pdf_in_azerbaijani_and_russian(world, tmp_path: Path):
    expected = {
        "az": ("15.745,85", "4.005,23", "3.743,21", "262,02", "1.006,02", "0,53256644"),
        "ru": ("15 745,85", "4 005,23", "3 743,21", "262,02", "1 006,02", "0,53256644"),
    }
    for language, numbers in expected.items():
        path = render_pdf(build(world, language), tmp_path / f"maliyyə-{language}.pdf")
        text = pdf_text(path)
        assert ORGANISATION in text  # ş, ə and İ intact
        for number in numbers:
            assert number in text, (language, number)
        assert "Aysel Bağırova" in text  # the ledger's payees
        assert "Q-008" in text


def test_xlsx_numbers_read_back_equal(world, tmp_path: Path):
    document = build(world, "az")
    budget_table, rates, ledger = tables(document)
    book = load_workbook(render_xlsx(document, tmp_path / "maliyyə.xlsx"))

    body, total = sheet_rows(table_sheet(book, budget_table), budget_table)
    assert [xlsx_exact(row[4]) for row in body] == [row[4] for row in budget_table.rows]
    assert [xlsx_exact(row[5]) for row in body] == [row[5] for row in budget_table.rows]
    assert xlsx_exact(total[4]) == BUDGET_TOTAL
    assert xlsx_exact(total[5]) == SPENT_IN_PERIOD
    # A donor re-adds the counted rows (lines, unallocated, contingency, indirect).
    counted = [
        row for row, i in zip(body, range(len(body)), strict=True) if budget_table.style(i).counted
    ]
    assert sum(xlsx_exact(row[5]) for row in counted) == SPENT_IN_PERIOD
    assert sum(xlsx_exact(row[4]) for row in counted) == BUDGET_TOTAL

    body, total = sheet_rows(table_sheet(book, ledger), ledger)
    assert [row[0] for row in body] == [dt.datetime.combine(e[1], dt.time()) for e in EXPENSES]
    assert [xlsx_exact(row[8]) for row in body] == [M(e[5]) for e in EXPENSES]
    assert xlsx_exact(total[8]) == DIRECT_IN_PERIOD

    body, total = sheet_rows(table_sheet(book, rates), rates)
    assert [row[4] for row in body] == [1, 1, 2, 1, 1, 1, 1]
    assert xlsx_exact(total[6]) == DIRECT_IN_PERIOD


def test_errors_say_what_to_do(world):
    session = world.session
    with pytest.raises(ValidationError, match="was not found"), i18n.using_language("en"):
        build_finance_report(session, project_id=999, start=START, end=END, as_of=END)
    with pytest.raises(ValidationError, match="outside project “EU-7”"):
        build(world, start=D(2028, 1, 1), end=D(2028, 6, 30), as_of=D(2028, 6, 30))
    with pytest.raises(ValidationError, match="ends before it starts"):
        build(world, start=END, end=START)
    with pytest.raises(ValidationError, match="reporting date"):
        build(world, as_of=D(2025, 12, 31))
    bare = m.Project(
        code="NO-BUDGET",
        title="Büdcəsiz layihə",
        donor_kind=vocab.DonorKind.OTHER,
        donor_name="Fond",
        currency="AZN",
        start_date=D(2026, 1, 1),
        end_date=D(2026, 12, 31),
        status=vocab.ProjectStatus.IMPLEMENTATION,
    )
    session.add(bare)
    session.flush()
    with (
        pytest.raises(ValidationError, match="“NO-BUDGET” has no budget lines") as raised,
        i18n.using_language("en"),
    ):
        build_finance_report(session, project_id=bare.id, start=START, end=END, as_of=END)
    assert raised.value.user_message.startswith("Project “NO-BUDGET” has no budget lines")


@pytest.mark.parametrize("language", ["az", "ru"])
def test_the_demo_project_builds(demo_file, tmp_path: Path, language):
    database = db_engine.open_readonly(demo_file)
    try:
        with database.transaction() as session:
            project = session.scalars(select(m.Project).where(m.Project.code == "DEMO-EU")).one()
            with i18n.using_language(language):
                document = build_finance_report(
                    session,
                    project_id=project.id,
                    start=D(2025, 4, 1),
                    end=D(2026, 6, 30),
                    as_of=D(2026, 6, 30),
                )
            use = budget.budget_vs_actual(session, project.id, as_of=D(2026, 6, 30))
            session.rollback()
    finally:
        database.close()
    assert document.language == language
    budget_table, rates, ledger = tables(document)
    assert budget_table.total_row[4] == use.total_eligible.budget
    # The period starts with the project: every expense so far is in it.
    assert budget_table.total_row[5] == use.total_eligible.spent
    assert ledger.total_row[8] == use.subtotal_direct.spent == rates.total_row[6]
    assert {row[0] for row in rates.rows} >= {"AZN", "USD", "EUR"}
    render_pdf(document, tmp_path / "demo.pdf")
    render_xlsx(document, tmp_path / "demo.xlsx")


def _paragraphs(document: Document) -> list[Paragraph]:
    return [block for block in document.blocks if isinstance(block, Paragraph)]
