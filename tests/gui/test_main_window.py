"""The main window: opening files, every page's rows, search, sort, menus and live language."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from cso_desktop import i18n, paths
from cso_desktop import settings as user_settings
from cso_desktop.domain import people
from cso_desktop.i18n import _
from cso_desktop.services import registers
from cso_desktop.ui import mainwindow, ops
from cso_desktop.ui.mainwindow import MainWindow, choose_start_file
from cso_desktop.ui.pages.registers import RegisterPage
from cso_desktop.ui.pages.settings_page import SettingsPage

from .conftest import SAMPLE_NAME, ShownMessages, WindowFactory, build_sample

REGISTER_PAGES = ("members", "volunteers", "beneficiaries", "projects")


def register_page(window: MainWindow, key: str) -> RegisterPage:
    page = window.show_page(key)
    assert isinstance(page, RegisterPage)
    return page


def nav_texts(window: MainWindow) -> list[str]:
    return [window.navigation.item(row).text() for row in range(window.navigation.count())]


def test_window_opens_on_a_file_with_the_organisation_in_the_title(
    make_window: WindowFactory, sample_file: Path
) -> None:
    window = make_window(sample_file)
    assert window.open_file is not None
    assert SAMPLE_NAME in window.windowTitle()
    assert sample_file.name in window.windowTitle()
    assert window.file_status.text() == str(sample_file)
    assert window.dashboard.name_label.text() == SAMPLE_NAME
    assert window.dashboard.figures["beneficiaries"].value.text() == "450"
    assert window.statusBar().currentMessage() == _("Opened {file}.").format(file=sample_file.name)


def test_every_page_shows_its_rows(make_window: WindowFactory, demo_file: Path) -> None:
    window = make_window(demo_file)
    for key in REGISTER_PAGES:
        page = register_page(window, key)
        for table in page.tables:
            assert table.model.rowCount() > 0, table.register.key
            assert table.model.total >= table.model.rowCount()
            assert table.count_text()
            assert not table.error_label.isVisible()
        state = page.smoke_state()
        assert state.ready and state.ok
    budget = window.show_page("budget")
    assert budget is window.budget_page
    assert budget.expenses.model.rowCount() > 0
    assert budget.smoke_state().ready and budget.smoke_state().ok


def test_pages_load_only_when_first_shown(make_window: WindowFactory, sample_file: Path) -> None:
    window = make_window(sample_file)
    members = window.page("members")
    assert isinstance(members, RegisterPage)
    assert members.tables[0].model.database is None
    window.show_page("members")
    assert window.open_file is not None
    assert members.tables[0].model.database is window.open_file.database


def test_search_box_filters_after_a_pause(
    make_window: WindowFactory, sample_file: Path, qtbot: QtBot
) -> None:
    window = make_window(sample_file)
    table = register_page(window, "beneficiaries").tables[0]
    before = table.model.total
    # Typed as a user would, letter by letter (QTest cannot type letters outside Latin-1).
    with qtbot.waitSignal(table.model.modelReset, timeout=2000) as reset:
        for letter in "ŞÜKÜR":
            table.search_edit.insert(letter)
            assert table.model.total == before  # no query while typing
    assert reset.signal_triggered
    assert 0 < table.model.total < before
    column = [c.key for c in registers.BENEFICIARIES.columns].index("last_name")
    for row in range(table.model.rowCount()):
        assert "şükür" in people.fold(table.model.index(row, column).data())
    expected = i18n.ngettext("{count} row", "{count} rows", table.model.total).format(
        count=table.model.total
    )
    assert table.count_text() == expected


def test_count_label_says_how_many_of_how_many(
    make_window: WindowFactory, sample_file: Path
) -> None:
    window = make_window(sample_file)
    table = register_page(window, "beneficiaries").tables[0]
    assert table.count_text() == _("{shown} of {count} rows shown").format(shown=200, count=450)


def test_clicking_a_header_sorts_in_sql(
    make_window: WindowFactory, sample_file: Path, qtbot: QtBot
) -> None:
    window = make_window(sample_file)
    table = register_page(window, "members").tables[0]
    column = [c.key for c in registers.MEMBERS.columns].index("joined_on")
    with qtbot.waitSignal(table.model.modelReset):
        table.view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert table.model.sort_key == "joined_on"
    assert table.model.descending
    dates = [table.model.index(row, column).data(Qt.ItemDataRole.UserRole + 2) for row in range(5)]
    assert dates == sorted(dates, reverse=True)


def test_a_column_that_cannot_be_sorted_keeps_the_arrow_where_it_was(
    make_window: WindowFactory, sample_file: Path
) -> None:
    window = make_window(sample_file)
    table = register_page(window, "beneficiaries").tables[0]
    age = [c.key for c in registers.BENEFICIARIES.columns].index("age")
    table.view.sortByColumn(age, Qt.SortOrder.AscendingOrder)
    assert table.view.horizontalHeader().sortIndicatorSection() == table.model.sort_column()


@pytest.mark.parametrize("language", ["az", "ru"])
def test_switching_language_relabels_the_whole_window(
    make_window: WindowFactory, sample_file: Path, language: str
) -> None:
    window = make_window(sample_file)
    table = register_page(window, "beneficiaries").tables[0]
    table.search_edit.setText("Əli")  # typed work survives the switch
    window.settings_page.language_chosen.emit(language)
    assert i18n.current_language() == language
    assert window.file_menu.title() == _("&File")
    assert window.open_action.text() == _("&Open…")
    assert nav_texts(window)[3] == _("Beneficiaries")
    assert nav_texts(window)[4] == _("Projects & activities")
    header = table.model.headerData(1, Qt.Orientation.Horizontal)
    assert header == _(registers.BENEFICIARIES.columns[1].title)
    assert window.page("settings").heading.text() == _("Settings")
    assert table.search_edit.text() == "Əli"
    assert window.open_file is not None
    assert user_settings.load().language == language


def _russian_catalog_has_translations() -> bool:
    catalog = paths.translations_source_dir() / "ru" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    compiled = paths.locale_dir() / "ru" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    if catalog.exists():
        from babel.messages.pofile import read_po

        with catalog.open("rb") as handle:
            messages = read_po(handle)
        for message in messages:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.id and any(strings):
                return True
        return False
    return compiled.exists()


def test_russian_menus_are_really_translated(make_window: WindowFactory, sample_file: Path) -> None:
    if not _russian_catalog_has_translations():
        pytest.skip("the Russian catalog has no translations yet (translations/ru/)")
    window = make_window(sample_file)
    english = (window.file_menu.title(), nav_texts(window))
    i18n.clear_catalog_cache()
    i18n.set_language("ru")
    assert window.file_menu.title() != english[0]
    assert nav_texts(window) != english[1]


def test_settings_page_shows_the_profile(make_window: WindowFactory, sample_file: Path) -> None:
    window = make_window(sample_file)
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    assert page.profile_values["name"].text() == SAMPLE_NAME
    assert page.profile_values["default_currency"].text() == "AZN"
    assert page.profile_values["legal_form"].text() == _("not given")
    assert page.language_combo.currentData() == i18n.current_language()


def test_settings_page_saves_the_reallocation_threshold(
    make_window: WindowFactory, sample_file: Path
) -> None:
    from cso_desktop.db import engine as db_engine
    from cso_desktop.services import org_settings

    window = make_window(sample_file)
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    assert page.budget_box.isEnabled()
    assert page.threshold_spin.value() == 25  # the EU default until the organisation sets one
    page.threshold_spin.setValue(15)
    page.threshold_save.click()
    assert window.open_file is not None
    window.open_file.database.close()
    database = db_engine.open_database(sample_file)
    try:
        with database.reading() as session:
            assert org_settings.reallocation_threshold(session) == Decimal("0.15")
    finally:
        database.close()


def test_a_saved_profile_renames_the_window_and_the_dashboard(
    make_window: WindowFactory, sample_file: Path
) -> None:
    import dataclasses

    window = make_window(sample_file)
    open_file = window.open_file
    assert open_file is not None
    renamed = dataclasses.replace(
        open_file, profile=dataclasses.replace(open_file.profile, name="Şəki Könüllüləri İB")
    )
    window.settings_page.profile_changed.emit(renamed)
    assert "Şəki Könüllüləri İB" in window.windowTitle()
    assert window.open_file is not None and window.open_file.database is open_file.database
    window.show_page("dashboard")
    assert window.dashboard.name_label.text() == "Şəki Könüllüləri İB"


def test_an_empty_file_suggests_the_workshop(make_window: WindowFactory, empty_file: Path) -> None:
    window = make_window(empty_file)
    assert window.dashboard.empty_hint.isVisibleTo(window)
    assert not window.dashboard.no_file.isVisibleTo(window)


def test_without_a_file_the_dashboard_offers_a_way_in(make_window: WindowFactory) -> None:
    window = make_window()
    assert window.open_file is None
    assert window.dashboard.no_file.isVisibleTo(window)
    assert window.windowTitle() == "CSO Desktop"
    page = register_page(window, "members")
    assert page.tables[0].model.rowCount() == 0


def test_a_bad_file_is_refused_with_a_plain_message(
    make_window: WindowFactory, tmp_path: Path, shown_messages: ShownMessages
) -> None:
    bad = tmp_path / "list.csodb"
    bad.write_text("Ad;Soyad\nƏli;Əliyev\n", encoding="utf-8")
    window = make_window(bad)
    assert window.open_file is None
    assert len(shown_messages) == 1
    assert "not a CSO Desktop data file" in shown_messages[0].text
    assert "Traceback" not in shown_messages[0].text
    assert bad.read_text(encoding="utf-8").startswith("Ad;Soyad")


def test_a_failed_open_keeps_the_file_that_was_open(
    make_window: WindowFactory, sample_file: Path, tmp_path: Path
) -> None:
    window = make_window(sample_file)
    window.open_path(tmp_path / "missing.csodb")
    assert window.open_file is not None
    assert window.open_file.path == sample_file


def test_new_organisation_file(
    make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    target = tmp_path / "new-org"
    monkeypatch.setattr(window, "ask_new_file_path", lambda: target.with_suffix(".csodb"))
    monkeypatch.setattr(window, "ask_organisation_name", lambda: "  Şəki   Qadınlar Birliyi ")
    window.new_action.trigger()
    assert window.open_file is not None
    assert window.open_file.profile.name == "Şəki Qadınlar Birliyi"
    assert window.open_file.path == target.with_suffix(".csodb")
    assert "Şəki Qadınlar Birliyi" in window.windowTitle()
    assert user_settings.load().recent_databases[0] == str(target.with_suffix(".csodb"))


def test_new_file_never_overwrites(
    make_window: WindowFactory,
    sample_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    existing = tmp_path / "existing.csodb"
    shutil.copyfile(sample_file, existing)
    before = existing.read_bytes()
    window = make_window()
    monkeypatch.setattr(window, "ask_new_file_path", lambda: existing)
    monkeypatch.setattr(window, "ask_organisation_name", lambda: "Başqa")
    window.new_action.trigger()
    assert window.open_file is None
    assert "already exists" in shown_messages.texts()[0]
    assert existing.read_bytes() == before


def test_new_file_needs_a_name(
    make_window: WindowFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    window = make_window()
    monkeypatch.setattr(window, "ask_new_file_path", lambda: tmp_path / "x.csodb")
    monkeypatch.setattr(window, "ask_organisation_name", lambda: "   ")
    window.new_action.trigger()
    assert shown_messages.texts() == [_("Enter the organisation's name.")]
    assert not (tmp_path / "x.csodb").exists()


def test_cancelled_dialogs_change_nothing(
    make_window: WindowFactory, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(sample_file)
    monkeypatch.setattr(window, "ask_open_path", lambda: None)
    monkeypatch.setattr(window, "ask_new_file_path", lambda: None)
    window.open_action.trigger()
    window.new_action.trigger()
    assert window.open_file is not None and window.open_file.path == sample_file


def test_open_action_opens_the_chosen_file(
    make_window: WindowFactory, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    monkeypatch.setattr(window, "ask_open_path", lambda: sample_file)
    window.open_action.trigger()
    assert window.open_file is not None and window.open_file.path == sample_file


def test_recent_files_menu_greys_out_missing_files(
    make_window: WindowFactory, sample_file: Path, tmp_path: Path
) -> None:
    window = make_window(sample_file)
    gone = tmp_path / "gone.csodb"
    window.settings.recent_databases.append(str(gone))
    window.recent_menu.aboutToShow.emit()
    actions = [a for a in window.recent_menu.actions() if a.data()]
    assert [a.data() for a in actions] == [str(sample_file), str(gone)]
    assert actions[0].isEnabled()
    assert not actions[1].isEnabled()
    window.close_file()
    actions[0].trigger()
    assert window.open_file is not None
    assert window.open_file.path == sample_file
    window.clear_recent_action.trigger()
    assert user_settings.load().recent_databases == []


def test_workshop_organisation_is_built_once_then_opened(
    make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    window.workshop_action.trigger()
    assert window.open_file is not None
    assert window.open_file.path == paths.workshop_database_path()
    assert window.open_file.profile.is_demo
    assert "CSO Desktop" in window.windowTitle()

    def build_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workshop file exists and must not be built again")

    monkeypatch.setattr(mainwindow, "create_workshop_file", build_again)
    window.workshop_action.trigger()
    assert window.open_file.path == paths.workshop_database_path()


def test_opening_runs_off_the_gui_thread(
    make_window: WindowFactory, sample_file: Path, qtbot: QtBot
) -> None:
    ops.set_synchronous(False)
    window = make_window()
    with qtbot.waitSignal(window.open_file_changed, timeout=10_000):
        window.open_path(sample_file)
        assert window.busy
        assert not window.open_action.isEnabled()
        window.open_path(sample_file)  # a second request waits its turn
        assert window.statusBar().currentMessage() == _(
            "Please wait: another file is still being opened."
        )
    assert not window.busy
    assert window.open_action.isEnabled()
    assert window.open_file is not None
    qtbot.waitUntil(lambda: ops.pending_count() == 0)


def test_start_file_prefers_explicit_then_last_then_default(tmp_path: Path) -> None:
    settings = user_settings.Settings()
    explicit = tmp_path / "a.csodb"
    assert choose_start_file(explicit, settings) == (explicit, False)
    assert choose_start_file(None, settings) == (paths.default_database_path(), True)
    last = build_sample(tmp_path / "last.csodb", beneficiaries=1)
    settings.last_database = str(last)
    assert choose_start_file(None, settings) == (last, False)
    settings.last_database = str(tmp_path / "deleted.csodb")
    assert choose_start_file(None, settings) == (paths.default_database_path(), True)


def test_first_start_creates_the_default_organisation(make_window: WindowFactory) -> None:
    window = make_window()
    window.open_at_start(None)
    assert window.open_file is not None
    assert window.open_file.path == paths.default_database_path()
    assert window.open_file.profile.name == _("My organisation")


def test_window_size_and_recent_files_are_remembered(
    make_window: WindowFactory, sample_file: Path
) -> None:
    # Small enough for the offscreen screen (800x600), to which Qt clamps restored windows.
    window = make_window(sample_file, size=(700, 500))
    window.close()
    saved = user_settings.load()
    assert saved.window_geometry
    assert saved.last_database == str(sample_file)
    again = make_window()
    again.settings = saved
    assert again.restore_geometry()
    assert again.size().width() == 700


def test_about_box(make_window: WindowFactory, shown_messages: ShownMessages) -> None:
    window = make_window()
    window.about_action.trigger()
    assert "CSO Desktop" in shown_messages[0].text
