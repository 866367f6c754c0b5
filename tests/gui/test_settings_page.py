"""Settings page: editing the organisation's profile and logo, the reports' settings and the
IFRC GO district names, each read back the way the reports read them."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from cso_desktop import i18n
from cso_desktop.domain import places
from cso_desktop.i18n import _
from cso_desktop.reports import data as report_data
from cso_desktop.reports import go3w, hxl
from cso_desktop.services import org_settings, organisation
from cso_desktop.ui.mainwindow import MainWindow
from cso_desktop.ui.pages.base import OpenFile
from cso_desktop.ui.pages.settings_page import SettingsPage
from cso_desktop.ui.widgets.settings_districts import GO_NAME, CodeRole, DistrictModel
from cso_desktop.ui.widgets.settings_profile import ProfileDialog

from .conftest import SAMPLE_NAME, WindowFactory

NEW_NAME = "Şəki Gənclər Mərkəzi İctimai Birliyi"


@pytest.fixture
def sample_copy(sample_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sample.csodb"
    shutil.copyfile(sample_file, target)
    return target


def settings(window: MainWindow) -> SettingsPage:
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    return page


def open_dialog(page: SettingsPage) -> ProfileDialog:
    page.profile_edit_button.click()
    dialog = page.profile_dialog
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def stored_profile(window: MainWindow) -> organisation.OrganisationProfile:
    assert window.open_file is not None
    with window.open_file.database.reading() as session:
        return organisation.get_profile(session)


def png(path: Path, size: tuple[int, int] = (90, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


# --- profile ------------------------------------------------------------------------------------


def test_the_profile_is_edited_with_azerbaijani_letters_and_shown_after_saving(
    make_window: WindowFactory, sample_copy: Path, qtbot: QtBot
) -> None:
    window = make_window(sample_copy)
    page = settings(window)
    assert page.profile_edit_button.isEnabled()
    dialog = open_dialog(page)
    assert dialog.name.text() == SAMPLE_NAME
    dialog.name.setText(NEW_NAME)
    dialog.legal_form.setText("İctimai birlik")
    dialog.tax_id.setText("1400 123 451")
    dialog.address.setText("Şəki şəhəri, M. Ə. Rəsulzadə küçəsi 12")
    dialog.rayon.set_code("AZ-SA")
    dialog.phone.setText("024 244 12 34")
    dialog.email.setText("info@seki-genc.az")
    dialog.currency.setCurrentText("EUR")
    dialog.fiscal_month.setCurrentIndex(3)  # April
    assert "AZ-IVI-1400123451" in dialog.iati_hint.text()
    assert dialog.isWindowModified()
    with qtbot.waitSignal(page.profile_changed) as emitted:
        assert dialog.save_button is not None
        dialog.save_button.click()
    assert page.profile_dialog is None  # closed after a successful save
    updated = emitted.args[0]
    assert isinstance(updated, OpenFile)
    assert updated.profile.name == NEW_NAME
    saved = stored_profile(window)
    assert saved == updated.profile
    assert saved.tax_id == "1400123451"
    assert saved.phone == "+994242441234"
    assert (saved.default_currency, saved.fiscal_year_start_month) == ("EUR", 4)
    assert saved.address == "Şəki şəhəri, M. Ə. Rəsulzadə küçəsi 12"
    assert page.profile_values["name"].text() == NEW_NAME
    assert page.profile_values["tax_id"].text() == "1400123451"
    assert page.profile_values["iati_identifier"].text() == "AZ-IVI-1400123451"
    assert page.profile_values["rayon"].text() == places.place_name("AZ-SA")
    # Opened again, the editor shows what was saved.
    again = open_dialog(page)
    assert again.name.text() == NEW_NAME
    assert again.rayon.code() == "AZ-SA"
    assert not again.isWindowModified()
    again.reject()
    assert page.profile_dialog is None


def test_a_bad_voen_is_shown_beside_its_field_and_nothing_typed_is_lost(
    make_window: WindowFactory, sample_copy: Path, shown_messages: list
) -> None:
    window = make_window(sample_copy)
    page = settings(window)
    dialog = open_dialog(page)
    dialog.name.setText(NEW_NAME)
    dialog.tax_id.setText("14001234")
    dialog.email.setText("info@seki-genc.az")
    assert dialog.save() is False
    assert dialog.isVisible()
    problem = dialog.fields["tax_id"].error
    assert problem is not None
    assert "10" in problem
    assert dialog.fields["tax_id"].error_label.isVisibleTo(dialog)
    assert dialog.fields["name"].error is None
    assert (dialog.name.text(), dialog.tax_id.text()) == (NEW_NAME, "14001234")
    assert dialog.email.text() == "info@seki-genc.az"
    assert "AZ-IVI" in dialog.iati_hint.text()
    assert "14001234" not in dialog.iati_hint.text()
    assert stored_profile(window).name == SAMPLE_NAME
    assert shown_messages == []  # beside the field, not in a message box
    # Corrected, it saves.
    dialog.tax_id.setText("1400123451")
    assert dialog.save() is True
    assert stored_profile(window).name == NEW_NAME


def test_a_logo_is_chosen_previewed_saved_and_removed(
    make_window: WindowFactory,
    sample_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(sample_copy)
    page = settings(window)
    assert page.logo_label.pixmap().isNull()
    image = tmp_path / "loqo şəkli.png"
    data = png(image)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(image), ""))
    )
    dialog = open_dialog(page)
    assert not dialog.logo.remove_button.isEnabled()
    dialog.logo.choose_button.click()
    assert dialog.logo.data == data
    assert not dialog.logo.preview.pixmap().isNull()
    assert dialog.logo.remove_button.isEnabled()
    assert dialog.save() is True
    dialog.accept()
    assert window.open_file is not None
    with window.open_file.database.reading() as session:
        logo = organisation.get_logo(session)
    assert logo is not None
    assert (logo.data, logo.mime, logo.width, logo.height) == (data, "image/png", 90, 30)
    assert stored_profile(window).has_logo
    assert not page.logo_label.pixmap().isNull()

    # A file over 1 MB is refused beside the logo; the logo shown stays.
    big = tmp_path / "big.png"
    png(big)
    big.write_bytes(big.read_bytes() + b"\0" * organisation.LOGO_MAX_BYTES)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(big), ""))
    )
    dialog = open_dialog(page)
    assert dialog.logo.data == data
    dialog.logo.choose_button.click()
    assert dialog.logo.data == data
    assert dialog.save() is False
    logo_error = dialog.fields["logo"].error
    assert logo_error is not None
    assert "1 MB" in logo_error

    # Removed, the page shows none.
    dialog.logo.remove_button.click()
    assert dialog.logo.data is None
    assert dialog.save() is True
    dialog.accept()
    assert not stored_profile(window).has_logo
    assert page.logo_label.pixmap().isNull()
    assert page.logo_label.text() == _("not given")


# --- reports ------------------------------------------------------------------------------------


def test_small_count_threshold_and_age_bands_are_saved_for_the_reports(
    make_window: WindowFactory, sample_copy: Path
) -> None:
    window = make_window(sample_copy)
    page = settings(window)
    assert page.reports_box.isEnabled()
    assert page.small_count_spin.value() == 5
    assert page.bands_edit.text() == "0, 6, 13, 18, 30, 40, 50, 60, 70, 80"
    page.small_count_spin.setValue(8)
    assert "<8" in page.small_count_hint.text()
    page.small_count_save.click()

    page.bands_edit.setText("0, 5 18;60")
    assert page.bands_preview.text().endswith("0–4 · 5–17 · 18–59 · 60+")
    assert not page.bands_warning.isVisibleTo(page)
    assert page.bands_save.isEnabled()
    page.bands_save.click()
    assert page.bands_edit.text() == "0, 5, 18, 60"

    assert window.open_file is not None
    with window.open_file.database.reading() as session:
        assert hxl.small_count_threshold(session) == 8
        assert report_data.age_bands(session).lower_bounds == (0, 5, 18, 60)

    # Bands that do not roll up to 0–17 / 18–59 / 60+ are allowed, with a warning.
    page.bands_edit.setText("0, 15, 65")
    assert page.bands_warning.isVisibleTo(page)
    assert "18, 60" in page.bands_warning.text()
    page.bands_save.click()
    with window.open_file.database.reading() as session:
        assert report_data.age_bands(session).lower_bounds == (0, 15, 65)

    # Bands that are not valid cannot be saved and say why.
    page.bands_edit.setText("5, 10, 20")
    assert page.bands_error.isVisibleTo(page)
    assert "0" in page.bands_error.text()
    assert not page.bands_save.isEnabled()
    page.bands_default.click()
    assert page.bands_edit.text() == "0, 6, 13, 18, 30, 40, 50, 60, 70, 80"
    assert not page.bands_error.isVisibleTo(page)


# --- IFRC GO districts --------------------------------------------------------------------------


def go_row(page: SettingsPage, code: str) -> int:
    row = page.districts.model.row_of(code)
    assert row >= 0
    return row


def test_go_district_names_are_saved_and_read_by_the_3w_export(
    make_window: WindowFactory, sample_copy: Path
) -> None:
    i18n.set_language("az")
    window = make_window(sample_copy)
    page = settings(window)
    model = page.districts.model
    assert page.districts_box.isEnabled()
    # The sample's activities work in five rayons: they come first.
    first_codes = [model.data(model.index(row, 0), CodeRole) for row in range(5)]
    assert sorted(first_codes) == sorted(["AZ-BA", "AZ-GA", "AZ-SA", "AZ-LA", "AZ-MI"])
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()

    # Şəki the rayon and Şəki the city; the English names tell them apart.
    proxy = page.districts.proxy
    page.districts.filter_edit.setText("ŞƏK")
    assert proxy.rowCount() == 2
    assert {proxy.index(row, 1).data() for row in range(2)} == {"Sheki", "Sheki (city)"}
    page.districts.filter_edit.setText("sheki (CITY)")
    assert proxy.rowCount() == 1
    assert proxy.setData(proxy.index(0, GO_NAME), "Shaki")
    page.districts.filter_edit.clear()
    assert page.districts.proxy.rowCount() == model.rowCount()
    model.setData(model.index(go_row(page, "AZ-BA"), GO_NAME), "Baku")
    page.districts.save_button.click()

    assert window.open_file is not None
    with window.open_file.database.reading() as session:
        assert go3w.go_district_names(session) == {"AZ-BA": "Baku", "AZ-SA": "Shaki"}
    assert model.index(go_row(page, "AZ-SA"), GO_NAME).data() == "Shaki"

    # English names fill the empty ones; a name with ";" is refused on its row.
    filled = model.fill_english_names()
    assert filled == model.rowCount() - 2
    assert model.index(go_row(page, "AZ-GA"), GO_NAME).data() == "Ganja"
    model.setData(model.index(go_row(page, "AZ-LA"), GO_NAME), "Lankaran;Astara")
    page.districts.save_button.click()
    assert page.districts.problem_label.isVisibleTo(page)
    assert "“;”" in page.districts.problem_label.text()
    bad = model.index(go_row(page, "AZ-LA"), GO_NAME)
    assert bad.data(Qt.ItemDataRole.ToolTipRole) == page.districts.problem_label.text()
    assert page.districts.view.currentIndex().data(CodeRole) == "AZ-LA"
    with window.open_file.database.reading() as session:
        assert go3w.go_district_names(session) == {"AZ-BA": "Baku", "AZ-SA": "Shaki"}
    # Corrected, every rayon is saved.
    model.setData(bad, "Lankaran")
    assert bad.data(Qt.ItemDataRole.ToolTipRole) is None
    page.districts.save_button.click()
    with window.open_file.database.reading() as session:
        names = go3w.go_district_names(session)
    assert len(names) == model.rowCount()
    assert names["AZ-LA"] == "Lankaran"


def test_the_district_model_passes_the_model_tester(
    qtmodeltester: ModelTester, qapp: QApplication, sample_file: Path
) -> None:
    from cso_desktop.db import engine as db_engine

    database = db_engine.open_database(sample_file)
    try:
        with database.reading() as session:
            rows = org_settings.go_district_rows(session)
    finally:
        database.close()
    model = DistrictModel()
    model.set_rows(rows)
    qtmodeltester.check(model)


@pytest.mark.parametrize("language", ["az", "ru"])
def test_the_page_fits_a_laptop_screen_in_each_language(
    make_window: WindowFactory, sample_copy: Path, language: str
) -> None:
    i18n.set_language(language)
    window = make_window(sample_copy, size=(1366, 768))
    window.show()
    page = settings(window)
    QApplication.processEvents()
    content = page.scroll_area.widget()
    assert content is not None
    # Nothing needs a horizontal scroll bar; every group is laid out at least its minimum.
    assert page.scroll_area.horizontalScrollBar().maximum() == 0
    for box in (page.profile_box, page.reports_box, page.districts_box):
        assert box.width() >= box.minimumSizeHint().width()
    assert page.districts.view.height() >= 300
