"""The register toolbar: filters with the search, the archived view, Ctrl+F, opening records in
the editors, and exporting exactly the rows of the view."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event, select

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import people
from cso_desktop.i18n import _
from cso_desktop.services import beneficiaries, export, registers
from cso_desktop.ui import messages
from cso_desktop.ui.mainwindow import MainWindow
from cso_desktop.ui.models.register_model import PAGE_SIZE, RowIdRole
from cso_desktop.ui.pages.registers import RegisterPage
from cso_desktop.ui.widgets.register_table import (
    CANCEL_EXPORT,
    INCLUDE_PERSONAL,
    WITHOUT_PERSONAL,
    RegisterTable,
)

from .conftest import SAMPLE_BENEFICIARIES, ShownMessages, WindowFactory

#: How the demo_file fixture (tests/conftest.py) builds the shared workshop file.
DEMO_AS_OF = dt.date(2026, 6, 30)


def register_table(window: MainWindow, key: str) -> RegisterTable:
    page = window.show_page(key)
    assert isinstance(page, RegisterPage)
    return page.table(key)


def service_count(window: MainWindow, register: registers.Register, **query: Any) -> int:
    assert window.open_file is not None
    with window.open_file.database.reading() as session:
        return register.count(session, **query)


def column_values(table: RegisterTable, key: str) -> list[Any]:
    column = [c.key for c in table.register.columns].index(key)
    model = table.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


@pytest.fixture
def sample_copy(sample_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sample.csodb"
    shutil.copyfile(sample_file, target)
    return target


def answer_with(
    shown: ShownMessages, answer: str | bool
) -> Callable[[messages.Message, QWidget | None], str | bool]:
    """A presenter that records each message, like the fixture, and gives ``answer``."""

    def present(message: messages.Message, _parent: QWidget | None) -> str | bool:
        shown.append(message)
        return answer

    messages.set_presenter(present)
    return present


# --- filters ----------------------------------------------------------------------------------


def test_every_register_has_a_toggle_per_filter_with_its_title(
    make_window: WindowFactory, sample_file: Path
) -> None:
    window = make_window(sample_file)
    for key, titles in (
        ("members", ["Owes fees", "Board members", "Archived"]),
        ("volunteers", ["Active volunteers", "Documents expiring", "Archived"]),
        (
            "beneficiaries",
            ["With a disability", "Internally displaced", "Heads of household", "Archived"],
        ),
    ):
        table = register_table(window, key)
        assert [b.text() for b in table.filter_buttons.values()] == titles
        assert all(b.isCheckable() and not b.isChecked() for b in table.filter_buttons.values())
        assert not table.new_button.isHidden() and not table.open_button.isHidden()
    projects = window.show_page("projects")
    assert isinstance(projects, RegisterPage)
    assert [b.text() for b in projects.table("projects").filter_buttons.values()] == ["Archived"]
    # Projects and activities have their editors (the project with its logframe, the activity
    # with its attendance).
    for key in ("projects", "activities"):
        assert not projects.table(key).new_button.isHidden()
        assert not projects.table(key).open_button.isHidden()


def test_filters_combine_with_each_other_and_the_search(
    make_window: WindowFactory, sample_file: Path, qtbot: QtBot
) -> None:
    window = make_window(sample_file)
    table = register_table(window, "beneficiaries")
    register = registers.BENEFICIARIES
    with qtbot.waitSignal(table.model.modelReset):
        table.filter_buttons["disability"].click()
    assert table.model.filters == ("disability",)
    assert table.model.total == service_count(window, register, filters=["disability"])
    assert 0 < table.model.total < SAMPLE_BENEFICIARIES
    assert set(column_values(table, "has_disability")) == {_("Yes")}

    table.search_edit.setText("şükür")
    table.search_edit.returnPressed.emit()
    expected = service_count(window, register, search="şükür", filters=["disability"])
    assert table.model.total == expected > 0
    assert all("şükür" in people.fold(name) for name in column_values(table, "last_name"))

    table.filter_buttons["idp"].click()
    assert table.model.filters == ("disability", "idp")
    assert table.model.total == service_count(
        window, register, search="şükür", filters=["disability", "idp"]
    )
    assert set(column_values(table, "displacement_status")) <= {_("Internally displaced")}

    table.filter_buttons["disability"].click()
    table.filter_buttons["idp"].click()
    assert table.model.filters == ()
    assert table.model.total == service_count(window, register, search="şükür")


def test_a_filter_applies_the_search_being_typed_at_once(
    make_window: WindowFactory, sample_file: Path
) -> None:
    window = make_window(sample_file)
    table = register_table(window, "beneficiaries")
    table.search_edit.setText("Əliyev")  # the pause has not passed yet
    table.filter_buttons["idp"].click()
    assert table.model.search == "Əliyev"
    assert table.model.total == service_count(
        window, registers.BENEFICIARIES, search="Əliyev", filters=["idp"]
    )


def test_the_count_says_when_filters_leave_nothing(
    make_window: WindowFactory, sample_file: Path
) -> None:
    window = make_window(sample_file)
    table = register_table(window, "members")
    table.filter_buttons["board"].click()
    assert table.model.total == 0
    assert table.count_text() == _("No rows with these filters.")
    assert not table.export_button.isEnabled()
    table.search_edit.setText("zzz")
    table.search_edit.returnPressed.emit()
    assert table.count_text() == _("Nothing matches “{search}” with these filters.").format(
        search="zzz"
    )


def test_the_archived_view_shows_only_archived_rows(
    make_window: WindowFactory, sample_copy: Path
) -> None:
    database = db_engine.open_database(sample_copy)
    with database.transaction() as session:
        ids = session.scalars(select(m.Beneficiary.id).order_by(m.Beneficiary.id).limit(7)).all()
        for beneficiary_id in ids:
            beneficiaries.archive(session, beneficiary_id)
    database.close()

    window = make_window(sample_copy)
    table = register_table(window, "beneficiaries")
    assert table.model.total == SAMPLE_BENEFICIARIES - 7
    table.filter_buttons[registers.ARCHIVED].click()
    assert table.model.total == 7
    shown = {table.model.index(row, 0).data(RowIdRole) for row in range(table.model.rowCount())}
    assert shown == set(ids)
    table.filter_buttons[registers.ARCHIVED].click()
    assert table.model.total == SAMPLE_BENEFICIARIES - 7


def test_filter_buttons_follow_the_language(make_window: WindowFactory, sample_file: Path) -> None:
    window = make_window(sample_file)
    table = register_table(window, "members")
    table.filter_buttons["owes_fees"].click()
    i18n.set_language("ru")
    assert table.filter_buttons["owes_fees"].text() == _("Owes fees")
    assert table.filter_buttons["owes_fees"].isChecked()
    assert table.model.filters == ("owes_fees",)


# --- one query per search ---------------------------------------------------------------------


@pytest.fixture
def statements(make_window: WindowFactory, sample_file: Path) -> Iterator[tuple[MainWindow, list]]:
    window = make_window(sample_file)
    assert window.open_file is not None
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    engine = window.open_file.database.engine
    event.listen(engine, "before_cursor_execute", record)
    yield window, seen
    event.remove(engine, "before_cursor_execute", record)


def test_a_search_costs_one_window_and_one_count(
    statements: tuple[MainWindow, list[str]], qtbot: QtBot
) -> None:
    window, seen = statements
    table = register_table(window, "beneficiaries")
    seen.clear()
    with qtbot.waitSignal(table.model.modelReset, timeout=3000):
        for letter in "ov":  # 315 of the 450 people
            table.search_edit.insert(letter)
    assert len(seen) == 2, seen  # the window, then the count (the window was full)
    assert table.model.rowCount() == PAGE_SIZE
    seen.clear()
    table.filter_buttons["idp"].click()
    table.filter_buttons["disability"].click()
    assert len(seen) <= 4  # at most a window and a count per click
    seen.clear()
    table.search_edit.setText("B-000001")
    table.search_edit.returnPressed.emit()
    assert len(seen) == 1  # a window that is not full holds every match: no count


# --- Ctrl+F -----------------------------------------------------------------------------------


def test_ctrl_f_puts_the_cursor_in_the_search_box_from_anywhere(
    make_window: WindowFactory, sample_file: Path, qtbot: QtBot
) -> None:
    window = make_window(sample_file)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    table = register_table(window, "volunteers")
    table.search_edit.setText("Aynur")
    window.navigation.setFocus()
    qtbot.waitUntil(lambda: window.navigation.hasFocus())
    qtbot.keySequence(window.navigation, QKeySequence(QKeySequence.StandardKey.Find))
    assert QApplication.focusWidget() is table.search_edit
    assert table.search_edit.selectedText() == "Aynur"
    table.view.setFocus()
    qtbot.keySequence(table.view, QKeySequence(QKeySequence.StandardKey.Find))
    assert QApplication.focusWidget() is table.search_edit
    # Pages without a search box ignore it.
    window.show_page("reports")
    window.find_action.trigger()


def test_ctrl_f_on_a_page_of_two_registers_picks_the_one_in_use(
    make_window: WindowFactory, sample_file: Path
) -> None:
    window = make_window(sample_file)
    page = window.show_page("projects")
    assert isinstance(page, RegisterPage)
    # Neither projects nor activities can be searched: nothing to focus, nothing breaks.
    assert not page.focus_search()


# --- New… and Open ----------------------------------------------------------------------------


class EditorCalls(list[dict[str, Any]]):
    """``editors.open_record`` calls; each answers ``saved``."""

    saved = True


@pytest.fixture
def editor_calls(monkeypatch: pytest.MonkeyPatch) -> EditorCalls:
    editors = pytest.importorskip(
        "cso_desktop.ui.dialogs.editors", reason="the record editors (ui/dialogs/editors.py)"
    )
    calls = EditorCalls()

    def open_record(register_key: str, **kwargs: Any) -> bool:
        calls.append({"register": register_key, **kwargs})
        return calls.saved

    monkeypatch.setattr(editors, "open_record", open_record)
    return calls


@pytest.mark.parametrize("key", ["members", "volunteers", "beneficiaries"])
def test_people_registers_are_supported_by_the_editors(key: str) -> None:
    editors = pytest.importorskip(
        "cso_desktop.ui.dialogs.editors", reason="the record editors (ui/dialogs/editors.py)"
    )
    assert editors.supports(key)


def test_enter_double_click_and_open_call_the_editor_with_the_row(
    make_window: WindowFactory, sample_file: Path, qtbot: QtBot, editor_calls: EditorCalls
) -> None:
    window = make_window(sample_file)
    window.show()
    qtbot.waitExposed(window)
    table = register_table(window, "members")
    assert not table.open_button.isEnabled()  # nothing selected yet
    # Through the selection model: QTableView.selectRow() follows the keyboard modifiers that
    # QTest left behind (Ctrl from a Ctrl+F in another test would toggle the row off).
    selection = table.view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag
    selection.setCurrentIndex(
        table.model.index(3, 1), flags.ClearAndSelect | flags.Rows | flags.Current
    )
    expected = table.model.index(3, 0).data(RowIdRole)
    assert table.open_button.isEnabled()

    qtbot.keyClick(table.view, Qt.Key.Key_Return)
    table.open_button.click()
    rect = table.view.visualRect(table.model.index(3, 1))
    # QTest's double click is the second click only; a user's first click comes before it.
    qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert [call["record_id"] for call in editor_calls] == [expected] * 3
    assert window.open_file is not None
    for call in editor_calls:
        assert call["register"] == "members"
        assert call["db"] is window.open_file.database
        assert call["parent"] is window
    # The edited row stays selected after the rows are read again.
    assert table.current_row_id() == expected


def test_new_opens_an_empty_editor_and_a_save_refreshes_rows_and_dashboard(
    make_window: WindowFactory, sample_file: Path, qtbot: QtBot, editor_calls: EditorCalls
) -> None:
    window = make_window(sample_file)
    assert window.dashboard.smoke_state().ready
    table = register_table(window, "beneficiaries")
    with qtbot.waitSignal(table.model.modelReset), qtbot.waitSignal(table.records_changed):
        table.new_button.click()
    assert editor_calls[-1]["record_id"] is None
    assert editor_calls[-1]["register"] == "beneficiaries"
    # The dashboard reads its figures again when shown next.
    assert window.dashboard.smoke_state().ready is False
    window.show_page("dashboard")
    assert window.dashboard.smoke_state().ready


def test_a_cancelled_editor_changes_nothing(
    make_window: WindowFactory, sample_file: Path, qtbot: QtBot, editor_calls: EditorCalls
) -> None:
    editor_calls.saved = False
    window = make_window(sample_file)
    table = register_table(window, "volunteers")
    with qtbot.assertNotEmitted(table.model.modelReset):
        table.new_button.click()
    assert len(editor_calls) == 1


# --- Export… ----------------------------------------------------------------------------------


def read_xlsx(path: Path) -> list[list[Any]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def titles(register: registers.Register, keys: list[str] | None = None) -> list[str]:
    return [_(c.title) for c in register.columns if keys is None or c.key in keys]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_writes_the_view_with_its_search_sort_and_filters(
    suffix: str,
    make_window: WindowFactory,
    sample_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    window = make_window(sample_copy)
    table = register_table(window, "beneficiaries")
    table.filter_buttons["idp"].click()
    table.search_edit.setText("ov")  # typed; Export… uses it without waiting
    table.view.sortByColumn(
        [c.key for c in registers.BENEFICIARIES.columns].index("registered_on"),
        Qt.SortOrder.DescendingOrder,
    )
    target = tmp_path / f"out{suffix}"
    monkeypatch.setattr(table, "ask_export_path", lambda: target)
    answer_with(shown_messages, INCLUDE_PERSONAL)
    results: list[export.ExportResult] = []
    table.export_finished.connect(results.append)
    table.export_button.click()

    rows: list[list[Any]] = read_xlsx(target) if suffix == ".xlsx" else read_csv(target)
    assert rows[0] == titles(registers.BENEFICIARIES)
    expected = service_count(window, registers.BENEFICIARIES, search="ov", filters=["idp"])
    assert table.model.total == expected == len(rows) - 1 == results[0].rows
    numbers = [row[0] for row in rows[1:]]
    shown_numbers = column_values(table, "registration_no")
    assert numbers[: len(shown_numbers)] == shown_numbers
    header = titles(registers.BENEFICIARIES)
    registered = [row[header.index(_("Registered"))] for row in rows[1:]]
    assert registered == sorted(registered, reverse=True)
    displacement = {row[header.index(_("Displacement"))] for row in rows[1:]}
    assert displacement == {_("Internally displaced")}
    assert window.statusBar().currentMessage() == _("Exported {count} rows to {path}.").format(
        count=i18n.format_integer(expected), path=target
    )
    assert table.export_button.isEnabled()


def test_export_asks_about_personal_data_naming_the_columns(
    make_window: WindowFactory,
    sample_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    window = make_window(sample_copy)
    table = register_table(window, "members")
    target = tmp_path / "members.csv"
    monkeypatch.setattr(table, "ask_export_path", lambda: target)
    answer_with(shown_messages, WITHOUT_PERSONAL)
    table.export_button.click()

    question = shown_messages[-1]
    assert question.kind is messages.Kind.QUESTION
    assert question.text == (
        "The export will contain personal data: Last name, First name, Phone. Include them?"
    )
    assert [key for key, _label in question.choices] == [
        INCLUDE_PERSONAL,
        WITHOUT_PERSONAL,
        CANCEL_EXPORT,
    ]
    rows = read_csv(target)
    personal = {_("Last name"), _("First name"), _("Phone")}
    assert not personal & set(rows[0])
    assert rows[0][: len(rows[0]) - 1] == [
        t for t in titles(registers.MEMBERS) if t not in personal
    ]
    assert len(rows) - 1 == service_count(window, registers.MEMBERS)


def test_export_names_the_columns_in_the_users_language(
    make_window: WindowFactory, sample_copy: Path, shown_messages: ShownMessages
) -> None:
    window = make_window(sample_copy)
    i18n.set_language("ru")
    table = register_table(window, "volunteers")
    answer_with(shown_messages, CANCEL_EXPORT)
    table.export_button.click()
    names = ", ".join(_(t) for t in ("Last name", "First name", "Phone"))
    assert names in shown_messages[-1].text


def test_cancelling_the_question_exports_nothing(
    make_window: WindowFactory,
    sample_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    window = make_window(sample_copy)
    table = register_table(window, "beneficiaries")
    asked: list[bool] = []
    monkeypatch.setattr(table, "ask_export_path", lambda: asked.append(True))
    table.export_button.click()  # the fixture's presenter says "no": cancel
    assert shown_messages[-1].choices
    assert asked == []


def test_a_register_without_personal_data_exports_without_asking(
    make_window: WindowFactory,
    sample_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    window = make_window(sample_copy)
    window.show_page("budget")
    table = window.budget_page.expenses
    target = tmp_path / "expenses.xlsx"
    monkeypatch.setattr(table, "ask_export_path", lambda: target)
    table.export_button.click()
    assert shown_messages == []
    # The budget page lists the chosen project's expenses: the export is that list.
    assert 0 < table.model.total < 20
    assert len(read_xlsx(target)) - 1 == table.model.total


def test_a_failed_export_says_why_and_leaves_no_file(
    make_window: WindowFactory,
    sample_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    window = make_window(sample_copy)
    window.show_page("budget")
    table = window.budget_page.expenses
    target = tmp_path / "no such folder" / "expenses.xlsx"
    monkeypatch.setattr(table, "ask_export_path", lambda: target)
    table.export_button.click()
    assert len(shown_messages) == 1
    assert str(target) in shown_messages[0].text
    assert "Traceback" not in shown_messages[0].text
    assert not target.parent.exists()
    assert table.export_button.isEnabled()


def test_the_member_fees_owed_show_their_currency(
    make_window: WindowFactory, demo_file: Path
) -> None:
    window = make_window(demo_file)
    table = register_table(window, "members")
    table.model.set_as_of(DEMO_AS_OF)
    table.filter_buttons["owes_fees"].click()
    column = [c.key for c in registers.MEMBERS.columns].index("arrears")
    index = table.model.index(0, column)
    raw = index.data(Qt.ItemDataRole.UserRole + 2)
    assert raw > 0
    assert index.data() == i18n.format_money(raw, "AZN")
    assert table.model.as_of == DEMO_AS_OF
    assert table.model.total == service_count(
        window, registers.MEMBERS, filters=["owes_fees"], as_of=DEMO_AS_OF
    )


def test_rows_stay_loaded_after_a_refresh(make_window: WindowFactory, sample_file: Path) -> None:
    window = make_window(sample_file)
    table = register_table(window, "beneficiaries")
    table.model.fetchMore(QModelIndex())
    assert table.model.rowCount() == 2 * PAGE_SIZE
    table.model.refresh()
    assert table.model.rowCount() == 2 * PAGE_SIZE
    assert table.model.total == SAMPLE_BENEFICIARIES


def test_show_only_replaces_search_and_filters_with_one_query(
    make_window: WindowFactory, demo_file: Path
) -> None:
    window = make_window(demo_file)
    table = register_table(window, "volunteers")
    table.search_edit.setText("a")
    table.filter_buttons["active"].click()
    resets: list[bool] = []
    table.model.modelReset.connect(lambda: resets.append(True))
    window.show_register("volunteers", filters=("alerts",))
    assert resets == [True]
    assert table.search_edit.text() == ""
    assert table.model.filters == ("alerts",)
    assert [k for k, b in table.filter_buttons.items() if b.isChecked()] == ["alerts"]
    assert table.model.total == service_count(
        window, registers.VOLUNTEERS, filters=["alerts"], as_of=dt.date.today()
    )


def test_a_long_export_can_be_stopped_and_leaves_no_file(
    make_window: WindowFactory,
    sample_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    window = make_window(sample_copy)
    table = register_table(window, "beneficiaries")
    target = tmp_path / "all.csv"
    monkeypatch.setattr(table, "ask_export_path", lambda: target)
    monkeypatch.setattr(export, "WINDOW", 100)  # several windows, so there is a "during"
    answer_with(shown_messages, WITHOUT_PERSONAL)
    statuses: list[str] = []

    def status(text: str) -> None:
        statuses.append(text)
        if table.exporting and table.export_button.text() == _("Stop export"):
            table.export_button.click()  # the user stops it while rows are written

    messages.set_status_sink(status)
    table.export_button.click()
    assert _("Stopping the export…") in statuses
    assert statuses[-1] == _("The export was stopped; nothing was written.")
    assert not target.exists()
    assert list(tmp_path.glob(".all.csv.*")) == []
    assert len(shown_messages) == 1  # the personal-data question, no error
    assert not table.exporting
    assert table.export_button.text() == _("Export…") and table.export_button.isEnabled()


def test_the_personal_data_question_defaults_to_leaving_it_out(
    make_window: WindowFactory, sample_file: Path, shown_messages: ShownMessages
) -> None:
    window = make_window(sample_file)
    table = register_table(window, "beneficiaries")
    table.export_button.click()
    question = shown_messages[-1]
    assert question.default == WITHOUT_PERSONAL
    assert question.cancel == CANCEL_EXPORT
    messages.set_dialogs_enabled(False)
    try:
        # Nobody to ask (--no-error-dialogs, the smoke test): nothing is exported.
        assert table.ask_personal_data(export.personal_columns(table.register)) == CANCEL_EXPORT
    finally:
        messages.set_dialogs_enabled(True)


@pytest.mark.parametrize(
    ("press", "expected"),
    [("Export without personal data", WITHOUT_PERSONAL), ("escape", CANCEL_EXPORT)],
)
def test_the_question_box_returns_the_button_pressed(
    make_window: WindowFactory, sample_file: Path, qtbot: QtBot, press: str, expected: str
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    window = make_window(sample_file)
    table = register_table(window, "members")
    messages.set_presenter(None)  # the real message box
    seen: dict[str, Any] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["buttons"] = [b.text() for b in box.buttons()]
        seen["default"] = box.defaultButton().text()
        if press == "escape":
            qtbot.keyClick(box, Qt.Key.Key_Escape)
        else:
            next(b for b in box.buttons() if b.text() == press).click()

    QTimer.singleShot(0, answer)
    assert table.ask_personal_data(export.personal_columns(table.register)) == expected
    assert sorted(seen["buttons"]) == sorted(
        [_("Include personal data"), _("Export without personal data"), _("Cancel")]
    )
    assert seen["default"] == _("Export without personal data")
