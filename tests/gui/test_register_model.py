"""The lazy register model: windows of rows, SQL sorting and search, formatting, failures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.domain import people
from cso_desktop.domain.errors import DatabaseBusyError
from cso_desktop.i18n import _
from cso_desktop.services import registers
from cso_desktop.services.registers import Column, ColumnKind, Register
from cso_desktop.ui.models.register_model import (
    PAGE_SIZE,
    RawValueRole,
    RegisterModel,
    RowIdRole,
    SortableRole,
    format_value,
)

from .conftest import SAMPLE_BENEFICIARIES

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def database(sample_file: Path) -> Iterator[db_engine.Database]:
    database = db_engine.open_database(sample_file)
    yield database
    database.close()


def column_of(model: RegisterModel, key: str) -> int:
    return [c.key for c in model.register.columns].index(key)


def texts(model: RegisterModel, key: str) -> list[str]:
    column = column_of(model, key)
    return [model.index(row, column).data(DISPLAY) for row in range(model.rowCount())]


@pytest.mark.parametrize("register", registers.ALL, ids=lambda r: r.key)
def test_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, qapp: QApplication, database: db_engine.Database, register: Register
) -> None:
    model = RegisterModel(register=register, database=database)
    qtmodeltester.check(model)
    assert model.rowCount() > 0


def test_model_tester_on_an_unopened_model(qtmodeltester: ModelTester, qapp: QApplication) -> None:
    model = RegisterModel(register=registers.MEMBERS)
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    assert not model.canFetchMore(QModelIndex())


def test_rows_arrive_in_windows(qapp: QApplication, database: db_engine.Database) -> None:
    model = RegisterModel(register=registers.BENEFICIARIES, database=database)
    assert model.total == SAMPLE_BENEFICIARIES
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    model.fetchMore(QModelIndex())
    assert model.rowCount() == SAMPLE_BENEFICIARIES
    assert not model.canFetchMore(QModelIndex())
    ids = [model.index(row, 0).data(RowIdRole) for row in range(model.rowCount())]
    assert len(set(ids)) == SAMPLE_BENEFICIARIES


def test_fetch_more_reports_inserted_rows(
    qapp: QApplication, qtbot: QtBot, database: db_engine.Database
) -> None:
    model = RegisterModel(register=registers.BENEFICIARIES, database=database)
    with (
        qtbot.waitSignal(model.rowsInserted) as inserted,
        qtbot.waitSignal(model.counts_changed) as counts,
    ):
        model.fetchMore(QModelIndex())
    assert inserted.args[1:] == [PAGE_SIZE, 2 * PAGE_SIZE - 1]
    assert counts.args == [2 * PAGE_SIZE, SAMPLE_BENEFICIARIES]


@pytest.mark.parametrize("typed", ["şükür", "ŞÜKÜR", "ŞüKüR"])
def test_search_filters_in_sql_whatever_the_case(
    qapp: QApplication, database: db_engine.Database, typed: str
) -> None:
    model = RegisterModel(register=registers.BENEFICIARIES, database=database)
    model.set_search(typed)
    last_names = texts(model, "last_name")
    assert last_names
    assert model.total < SAMPLE_BENEFICIARIES
    assert all("şükür" in people.fold(name) for name in last_names)
    model.set_search("")
    assert model.total == SAMPLE_BENEFICIARIES


def test_search_in_cyrillic(qapp: QApplication, database: db_engine.Database) -> None:
    model = RegisterModel(register=registers.BENEFICIARIES, database=database)
    model.set_search("ИВАНОВ")
    assert model.total > 0
    assert set(texts(model, "last_name")) <= {"Иванов", "Иванова"}


def test_search_that_matches_nothing(qapp: QApplication, database: db_engine.Database) -> None:
    model = RegisterModel(register=registers.BENEFICIARIES, database=database)
    model.set_search("zzzz")
    assert model.total == 0
    assert model.rowCount() == 0


def test_sort_requeries_in_both_directions(
    qapp: QApplication, qtbot: QtBot, database: db_engine.Database
) -> None:
    model = RegisterModel(register=registers.BENEFICIARIES, database=database)
    column = column_of(model, "registered_on")
    with qtbot.waitSignal(model.modelReset):
        model.sort(column, Qt.SortOrder.DescendingOrder)
    newest = [model.index(row, column).data(RawValueRole) for row in range(model.rowCount())]
    assert newest == sorted(newest, reverse=True)
    assert model.rowCount() == PAGE_SIZE  # a fresh window, not a re-sort of loaded rows
    model.sort(column, Qt.SortOrder.AscendingOrder)
    oldest = [model.index(row, column).data(RawValueRole) for row in range(model.rowCount())]
    assert oldest == sorted(oldest)
    assert oldest[0] < newest[0]


def test_columns_computed_after_the_fetch_are_not_sorted(
    qapp: QApplication, qtbot: QtBot, database: db_engine.Database
) -> None:
    model = RegisterModel(register=registers.BENEFICIARIES, database=database)
    with qtbot.assertNotEmitted(model.modelReset):
        model.sort(column_of(model, "age"), Qt.SortOrder.DescendingOrder)
    assert model.sort_key == registers.BENEFICIARIES.default_sort


def test_values_are_formatted_for_the_language(
    qapp: QApplication, database: db_engine.Database
) -> None:
    i18n.set_language("az")
    model = RegisterModel(register=registers.BUDGET_LINES, database=database)
    currency = column_of(model, "currency")
    unit_cost = column_of(model, "unit_cost")
    rows = {
        model.index(row, currency).data(DISPLAY): model.index(row, unit_cost).data(DISPLAY)
        for row in range(model.rowCount())
    }
    assert rows["AZN"].endswith("₼")
    assert "," in rows["AZN"]  # decimal comma in Azerbaijani
    alignment = model.index(0, unit_cost).data(Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight


def test_codes_places_dates_and_booleans_are_shown_by_label(
    qapp: QApplication, database: db_engine.Database
) -> None:
    model = RegisterModel(register=registers.BENEFICIARIES, database=database)
    first = {c.key: model.index(0, i).data(DISPLAY) for i, c in enumerate(model.register.columns)}
    assert first["sex"] in {_("Male"), _("Female")}
    assert first["rayon"] == "Baku"
    assert first["registered_on"] == i18n.format_date(dt.date(2025, 1, 1))
    assert first["has_disability"] in {_("Yes"), _("No")}
    assert first["household"] == ""


def test_retranslate_updates_headers_and_values(
    qapp: QApplication, qtbot: QtBot, database: db_engine.Database
) -> None:
    model = RegisterModel(register=registers.BENEFICIARIES, database=database)
    date_column = column_of(model, "registered_on")
    before = model.index(0, date_column).data(DISPLAY)
    i18n.set_language("ru")
    with qtbot.waitSignal(model.headerDataChanged), qtbot.waitSignal(model.dataChanged) as changed:
        model.retranslate()
    assert Qt.ItemDataRole.DisplayRole in changed.args[2]
    assert model.index(0, date_column).data(DISPLAY) == i18n.format_date(dt.date(2025, 1, 1))
    assert model.index(0, date_column).data(DISPLAY) != before
    title = registers.BENEFICIARIES.column("last_name").title
    assert model.headerData(column_of(model, "last_name"), Qt.Orientation.Horizontal) == _(title)


class _BrokenRegister(Register):
    """A register whose windows cannot be read (a locked file)."""

    def fetch(self, session: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        raise DatabaseBusyError("database is locked", path="/tmp/locked.csodb")


def test_a_failed_fetch_gives_a_disabled_row_and_a_message(
    qapp: QApplication, qtbot: QtBot, database: db_engine.Database
) -> None:
    fields = {f.name: getattr(registers.MEMBERS, f.name) for f in dataclasses.fields(Register)}
    model = RegisterModel(register=_BrokenRegister(**fields))
    with qtbot.waitSignal(model.fetch_failed) as failed:
        model.set_database(database)
    assert "busy" in failed.args[0]
    assert model.rowCount() == 1
    index = model.index(0, 0)
    assert model.flags(index) == Qt.ItemFlag.NoItemFlags
    assert index.data(DISPLAY)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == failed.args[0]
    assert not model.canFetchMore(QModelIndex())


def test_data_never_raises_on_odd_values(qapp: QApplication) -> None:
    date_column = Column("d", "Date", ColumnKind.DATE)
    money_column = Column("m", "Amount", ColumnKind.MONEY)
    with pytest.raises(Exception):  # noqa: B017 - any error; the model catches it
        format_value(date_column, "not a date")
    assert format_value(money_column, Decimal("12.50"), None) == i18n.format_decimal(
        Decimal("12.50")
    )
    assert format_value(Column("n", "N", ColumnKind.DECIMAL), Decimal("3.000")) == "3"
    assert format_value(Column("b", "B", ColumnKind.BOOL), None) == ""


def test_a_value_the_formatter_rejects_is_shown_raw(
    qapp: QApplication, database: db_engine.Database, caplog: pytest.LogCaptureFixture
) -> None:
    odd = Register(
        key="odd",
        title="Odd",
        id_expr=registers.MEMBERS.id_expr,
        from_=registers.MEMBERS.from_,
        columns=(
            Column("phone", "Phone", ColumnKind.DATE, registers.MEMBERS.column("phone").expr),
        ),
    )
    model = RegisterModel(register=odd, database=database)
    value = model.index(0, 0).data(DISPLAY)
    assert value.startswith("+99450")
    assert "Could not format" in caplog.text


# --- filters, the day, hidden values ----------------------------------------------------------


@pytest.mark.parametrize(
    ("register", "filter_key"),
    [(r, f.key) for r in registers.ALL for f in r.all_filters],
    ids=lambda value: value.key if isinstance(value, Register) else value,
)
def test_model_with_a_filter_passes_qt_model_tester(
    qtmodeltester: ModelTester,
    qapp: QApplication,
    database: db_engine.Database,
    register: Register,
    filter_key: str,
) -> None:
    model = RegisterModel(register=register, database=database)
    model.set_filters([filter_key])
    qtmodeltester.check(model)
    with database.reading() as session:
        assert model.total == register.count(session, filters=[filter_key])


def test_filters_keep_the_registers_order_and_reject_unknown_keys(
    qapp: QApplication, qtbot: QtBot, database: db_engine.Database
) -> None:
    model = RegisterModel(register=registers.BENEFICIARIES, database=database)
    model.set_filters(["idp", "disability"])
    assert model.filters == ("disability", "idp")
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_filters(["disability", "idp"])
        model.set_query(search="", filters=["idp", "disability"])
    with pytest.raises(KeyError):
        model.set_filters(["no such filter"])
    model.set_filter("idp", False)
    assert model.filters == ("disability",)
    with database.reading() as session:
        assert model.total == registers.BENEFICIARIES.count(session, filters=["disability"])


def test_the_day_reaches_the_computed_columns(
    qapp: QApplication, database: db_engine.Database
) -> None:
    model = RegisterModel(register=registers.MEMBERS, database=database)
    assert model.as_of == dt.date.today()
    column = column_of(model, "arrears")
    model.set_as_of(dt.date(2020, 6, 30))
    early = sum(model.index(row, column).data(RawValueRole) for row in range(model.rowCount()))
    model.set_as_of(dt.date(2026, 6, 30))
    late = sum(model.index(row, column).data(RawValueRole) for row in range(model.rowCount()))
    assert model.as_of == dt.date(2026, 6, 30)
    assert late > early


def test_money_takes_its_currency_from_a_hidden_column(
    qapp: QApplication, database: db_engine.Database
) -> None:
    i18n.set_language("az")
    model = RegisterModel(register=registers.MEMBERS, database=database)
    column = column_of(model, "arrears")
    index = model.index(0, column)
    assert index.data(RawValueRole) > 0  # the sample's members never paid
    assert index.data(DISPLAY) == i18n.format_money(index.data(RawValueRole), "AZN")
    assert index.data(DISPLAY).endswith("₼")


def test_headers_say_which_columns_cannot_be_sorted(
    qapp: QApplication, database: db_engine.Database
) -> None:
    model = RegisterModel(register=registers.BENEFICIARIES, database=database)
    age = column_of(model, "age")
    assert model.headerData(age, Qt.Orientation.Horizontal, SortableRole) is False
    assert "cannot be sorted" in model.headerData(
        age, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    last_name = column_of(model, "last_name")
    assert model.headerData(last_name, Qt.Orientation.Horizontal, SortableRole) is True
    members = RegisterModel(register=registers.MEMBERS, database=database)
    arrears = column_of(members, "arrears")  # computed in SQL for the day: sortable
    assert members.headerData(arrears, Qt.Orientation.Horizontal, SortableRole) is True
    members.sort(arrears, Qt.SortOrder.DescendingOrder)
    assert members.sort_key == "arrears"


def test_rows_are_formatted_once_and_only_when_shown(
    qapp: QApplication, database: db_engine.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cso_desktop.ui.models import register_model

    calls: list[str] = []
    real = register_model.format_value

    def counting(column: Column, value: Any, currency: str | None = None) -> str:
        calls.append(column.key)
        return real(column, value, currency)

    monkeypatch.setattr(register_model, "format_value", counting)
    model = RegisterModel(register=registers.BENEFICIARIES, database=database)
    assert calls == []  # nothing formatted before the view asks
    columns = model.columnCount()
    for column in range(columns):
        model.index(5, column).data(DISPLAY)
        model.index(5, column).data(Qt.ItemDataRole.ToolTipRole)
    assert len(calls) == columns  # one row, each cell once
