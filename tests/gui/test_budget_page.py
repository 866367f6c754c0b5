"""The budget page and its editors: the budget view shows the report's numbers, an expense in
another currency is converted with the month's rate, an over-budget expense asks first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QWidget

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.i18n import _
from cso_desktop.reports import budget as report
from cso_desktop.services import budget, organisation
from cso_desktop.ui import messages
from cso_desktop.ui.dialogs.budget_line import BudgetLineDialog
from cso_desktop.ui.dialogs.expense import ExpenseDialog, describe_proposal, format_rate
from cso_desktop.ui.dialogs.income import IncomeDialog
from cso_desktop.ui.dialogs.rates import RateDialog
from cso_desktop.ui.models.budget_model import (
    BUDGET,
    LINE,
    REMAINING,
    SPENT,
    USED,
    BudgetModel,
    FlaggedRole,
    RowKind,
    percent,
)
from cso_desktop.ui.pages.base import OpenFile
from cso_desktop.ui.pages.budget import BudgetPage

from .conftest import ShownMessages

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def workshop(demo_copy: Path) -> Iterator[db_engine.Database]:
    database = db_engine.open_database(demo_copy)
    yield database
    database.close()


def open_page(qtbot: QtBot, database: db_engine.Database) -> BudgetPage:
    with database.reading() as session:
        profile = organisation.get_profile(session)
    page = BudgetPage()
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.set_open_file(OpenFile(path=database.path, database=database, profile=profile))
    page.show()
    page.activate()
    assert page.data is not None and page.data.budget is not None
    return page


def project_id(database: db_engine.Database, code: str) -> int:
    with database.reading() as session:
        value = session.scalar(select(m.Project.id).where(m.Project.code == code))
    assert value is not None
    return value


def line_id(database: db_engine.Database, project: int, code: str) -> int:
    with database.reading() as session:
        value = session.scalar(
            select(m.BudgetLine.id).where(
                m.BudgetLine.project_id == project, m.BudgetLine.line_code == code
            )
        )
    assert value is not None
    return value


def row_texts(model: BudgetModel, index: QModelIndex) -> list[str]:
    return [model.index(index.row(), c, index.parent()).data(DISPLAY) for c in range(6)]


def money_cells(use: report.BudgetUse, figure: report.Figure | report.LineUse) -> list[str]:
    return [
        i18n.format_money(figure.budget, use.currency),
        i18n.format_money(figure.spent, use.currency),
        i18n.format_money(figure.remaining, use.currency),
        percent(figure.share),
    ]


def test_the_budget_view_shows_the_report_numbers(
    qtbot: QtBot, qtmodeltester: ModelTester, workshop: db_engine.Database
) -> None:
    i18n.set_language("az")
    page = open_page(qtbot, workshop)
    with workshop.reading() as session:
        expected = report.budget_vs_actual(session, page.project_id or 0)
    assert expected.code == "DEMO-EU"
    model = page.model
    qtmodeltester.check(model)
    assert model.rowCount() == len(expected.headings) + 5  # subtotal, 8, 9, 10, 11
    for position, heading in enumerate(expected.headings):
        index = model.index(position, 0)
        texts = row_texts(model, index)
        assert texts[LINE] == heading.code
        assert texts[BUDGET:] == money_cells(expected, heading)
        assert model.rowCount(index) == len(heading.lines)
        for row, line in enumerate(heading.lines):
            child = model.index(row, 0, index)
            assert row_texts(model, child)[LINE] == line.line_code
            assert row_texts(model, child)[BUDGET:] == money_cells(expected, line)
            assert child.data(FlaggedRole) is line.over_budget
    for kind, figure in (
        (RowKind.SUBTOTAL, expected.subtotal_direct),
        (RowKind.CONTINGENCY, expected.contingency),
        (RowKind.TOTAL_DIRECT, expected.total_direct),
        (RowKind.INDIRECT, expected.indirect),
        (RowKind.TOTAL, expected.total_eligible),
    ):
        assert row_texts(model, model.total_index(kind))[BUDGET:] == money_cells(expected, figure)
    # Line 2.2 is over budget: flagged, in red, with the amount over in its tooltip.
    over = model.line_index(line_id(workshop, expected.project_id, "2.2"))
    (line,) = expected.over_budget_lines
    assert over.data(FlaggedRole) is True
    assert over.data(Qt.ItemDataRole.DecorationRole) is not None
    assert i18n.format_money(line.over_by, "EUR") in over.data(Qt.ItemDataRole.ToolTipRole)
    spent = over.siblingAtColumn(SPENT).data(Qt.ItemDataRole.ForegroundRole)
    assert spent is not None and spent.color().name() == "#b42318"
    assert "2.2" in page.flags_label.text()
    # The expenses below are the project's only.
    assert page.expenses.model.total == len(
        [e for e in expected.lines for _ in range(e.expense_count)]
    )
    assert page.smoke_state().ok


def test_another_project_is_chosen(qtbot: QtBot, workshop: db_engine.Database) -> None:
    page = open_page(qtbot, workshop)
    ifrc = project_id(workshop, "DEMO-IFRC")
    page.project_combo.setCurrentIndex(page.project_combo.findData(ifrc))
    assert page.project_id == ifrc
    budget_use = page.current_budget()
    assert budget_use is not None and budget_use.currency == "CHF"
    assert page.model.index(0, LINE).data(DISPLAY) == budget_use.headings[0].code
    with workshop.reading() as session:
        count = session.query(m.Expense).filter(m.Expense.project_id == ifrc).count()
    assert page.expenses.model.total == count


def test_a_usd_expense_on_the_eur_project_is_converted_and_counted(
    qtbot: QtBot, workshop: db_engine.Database
) -> None:
    i18n.set_language("az")
    page = open_page(qtbot, workshop)
    eu = project_id(workshop, "DEMO-EU")
    line = line_id(workshop, eu, "3.2")
    spent_before = page.current_budget().line(line).spent  # type: ignore[union-attr]
    day = dt.date(2026, 5, 12)
    with workshop.reading() as session:
        proposal = budget.propose_rate(session, "USD", "EUR", day)
    assert proposal is not None

    dialog = ExpenseDialog(db=workshop, project_id=eu, budget_line_id=line)
    qtbot.addWidget(dialog)
    assert dialog.currency.currentText() == "EUR"
    assert dialog.rate.text() == "1"
    dialog.spent_on.set_date(day)
    dialog.currency.setEditText("USD")
    assert dialog.proposal == proposal
    assert dialog.rate.text() == format_rate(proposal.rate)
    assert "InforEuro" in dialog.rate_source.text()
    qtbot.keyClicks(dialog.amount, "850,00")
    converted = report.convert(Decimal("850.00"), proposal.rate)
    assert dialog.converted.text() == i18n.format_money(converted, "EUR")
    dialog.payee.setText("Baku Electronics MMC")
    dialog.description.setText("Printer")
    dialog.receipt_no.setText("QF-2026-00999")
    assert dialog.save(), [f.error for f in dialog.fields.values()]

    with workshop.reading() as session:
        saved = budget.get_expense(session, dialog.expense_id or 0)
    assert (saved.draft.currency, saved.draft.amount) == ("USD", Decimal("850.00"))
    assert saved.draft.rate_to_project == proposal.rate
    assert saved.converted == converted
    page.refresh()
    assert page.current_budget().line(line).spent == spent_before + converted  # type: ignore[union-attr]
    shown = page.model.line_index(line).siblingAtColumn(SPENT).data(DISPLAY)
    assert shown == i18n.format_money(spent_before + converted, "EUR")


def test_an_over_budget_expense_asks_and_needs_a_reason(
    qtbot: QtBot, workshop: db_engine.Database, shown_messages: ShownMessages
) -> None:
    eu = project_id(workshop, "DEMO-EU")
    line = line_id(workshop, eu, "6.2")  # budget 3 800.00 EUR, partly spent
    with workshop.reading() as session:
        count_before = session.query(m.Expense).count()
        room = report.line_budget(session, line) - report.line_spent(session, line)
    dialog = ExpenseDialog(db=workshop, project_id=eu, budget_line_id=line)
    qtbot.addWidget(dialog)
    dialog.payee.setText("Kontakt Home MMC")
    dialog.description.setText("Mebel")
    dialog.amount.setText(i18n.format_decimal(room + Decimal("100.00")))
    # The warning shows before saving.
    assert dialog.over_budget is not None and dialog.over_budget.over_by == Decimal("100.00")
    assert dialog.alert_label.isVisibleTo(dialog)
    assert not dialog.reason_field.container.isVisibleTo(dialog)

    # The question is answered "no": nothing is saved, the warning stays by the line.
    assert not dialog.save()
    question = shown_messages[-1]
    assert question.kind is messages.Kind.QUESTION
    assert i18n.format_money(Decimal("100.00"), "EUR") in question.text
    assert dialog.fields["budget_line_id"].error

    # "Yes": the reason is asked for, and the expense is saved with it.
    messages.set_presenter(lambda message, parent: True)
    assert not dialog.save()
    assert dialog.reason_field.container.isVisibleTo(dialog)
    assert dialog.reason_field.error
    dialog.reason.setText("Əlavə uşaq otağı açılıb")
    assert dialog.save()
    with workshop.reading() as session:
        assert session.query(m.Expense).count() == count_before + 1
        saved = budget.get_expense(session, dialog.expense_id or 0)
    assert saved.draft.over_budget_reason == "Əlavə uşaq otağı açılıb"


def test_a_budget_line_is_added_under_an_eu_heading(
    qtbot: QtBot, workshop: db_engine.Database
) -> None:
    page = open_page(qtbot, workshop)
    eu = project_id(workshop, "DEMO-EU")
    dialog = BudgetLineDialog(db=workshop, project_id=eu, heading="5")
    qtbot.addWidget(dialog)
    assert dialog.heading.currentData() == "5"
    dialog.line_code.setText("5.9")
    dialog.description.setText("Tədbirlərin video çəkilişi")
    dialog.unit.setText("ədəd")
    dialog.quantity.setText("3")
    dialog.unit_cost.setText("250,50")
    assert dialog.total.text() == i18n.format_money(Decimal("751.50"), "EUR")
    dialog.base_total.setText("0")
    assert dialog.save()
    page.refresh()
    heading = page.current_budget().heading("5")  # type: ignore[union-attr]
    assert heading.budget == Decimal("25980.00") + Decimal("751.50")
    index = page.model.line_index(dialog.line_id or 0)
    assert index.data(DISPLAY) == "5.9"
    assert index.siblingAtColumn(BUDGET).data(DISPLAY) == i18n.format_money(
        Decimal("751.50"), "EUR"
    )
    # A code outside the heading is refused beside the field.
    other = BudgetLineDialog(db=workshop, project_id=eu, heading="5")
    qtbot.addWidget(other)
    for widget, text in (
        (other.line_code, "4.9"),
        (other.description, "x"),
        (other.unit, "ay"),
        (other.quantity, "1"),
        (other.unit_cost, "1"),
    ):
        widget.setText(text)
    assert not other.save()
    assert other.fields["line_code"].error


def test_rates_and_income_are_entered(qtbot: QtBot, db: db_engine.Database) -> None:
    rate = RateDialog(db=db)
    qtbot.addWidget(rate)
    rate.month.set_date(dt.date(2026, 4, 15))
    rate.from_currency.setEditText("EUR")
    rate.to_currency.setEditText("AZN")
    rate.rate.setText("1,9120")
    assert f"1 EUR = {format_rate(Decimal('1.912'))} AZN" in rate.rate_hint.text()
    assert rate.save()
    income = IncomeDialog(db=db)
    qtbot.addWidget(income)
    income.kind.setCurrentIndex(income.kind.findData("donation"))
    income.amount.setText("500")
    income.payer.setText("Xəzər Logistika MMC")
    assert income.save()
    with db.reading() as session:
        assert budget.propose_rate(session, "AZN", "EUR", dt.date(2026, 4, 1)) is not None
        detail = budget.get_income(session, income.income_id or 0)
    assert (detail.draft.amount, detail.draft.currency) == (Decimal("500.00"), "AZN")


def test_the_page_follows_the_language(qtbot: QtBot, workshop: db_engine.Database) -> None:
    page = open_page(qtbot, workshop)
    i18n.set_language("az")
    page.retranslate()
    assert page.title() == _("Budget")
    header = page.model.headerData(USED, Qt.Orientation.Horizontal)
    assert header == _("Used (%)")
    assert page.model.index(0, REMAINING).data(DISPLAY).endswith("€")
    assert isinstance(page.view, QWidget)


@pytest.mark.parametrize("kind", list(budget.RateKind))
def test_every_kind_of_proposed_rate_is_described(kind: budget.RateKind) -> None:
    march = dt.date(2026, 3, 1)
    proposal = budget.ProposedRate(
        Decimal("0.89309167"), kind, None if kind is budget.RateKind.SAME else march, "InforEuro"
    )
    text = describe_proposal(proposal, march)
    assert text
    if kind is budget.RateKind.CROSS:
        assert "AZN" in text and "InforEuro" in text
