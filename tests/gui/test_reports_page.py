"""The Reports page: choose a report, build it (synchronously here), open it; errors shown
under the button with every choice kept; the choices remembered by a new page."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import Qt, QUrl

from cso_desktop import i18n
from cso_desktop import settings as user_settings
from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import places
from cso_desktop.reports import go3w
from cso_desktop.services import org_settings, reporting
from cso_desktop.services.reporting import ReportFormat
from cso_desktop.ui.mainwindow import MainWindow
from cso_desktop.ui.pages.reports import ReportsPage

from .conftest import ShownMessages, WindowFactory


def prepare(path: Path, *, dac_of_own: bool = True) -> Path:
    """Map the workshop's rayons to GO districts (and optionally drop DEMO-OWN's DAC sector)."""
    database = db_engine.open_database(path)
    try:
        with database.transaction() as session:
            org_settings.put(
                session,
                go3w.DISTRICT_SETTING,
                {place.pcode: place.name_en for place in places.rayons()},
            )
            if not dac_of_own:
                project = session.scalars(
                    select(m.Project).where(m.Project.code == "DEMO-OWN")
                ).one()
                project.dac_sector_code = None
    finally:
        database.close()
    return path


def reports_page(window: MainWindow) -> ReportsPage:
    page = window.show_page("reports")
    assert isinstance(page, ReportsPage)
    assert page.smoke_state().ready
    return page


def build(page: ReportsPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    asked: list[ReportFormat] = []

    def ask(file_format: ReportFormat) -> Path:
        asked.append(file_format)
        return target

    monkeypatch.setattr(page, "ask_report_path", ask)
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    assert asked == [page.chosen_format()]
    assert not page.building and page.build_button.isEnabled()


def test_the_page_lists_every_report_with_its_description(
    make_window: WindowFactory, demo_copy: Path
) -> None:
    page = reports_page(make_window(demo_copy))
    assert list(page.cards) == [kind.key for kind in reporting.report_kinds()]
    for kind in reporting.report_kinds():
        card = page.cards[kind.key]
        assert card.radio.text() == kind.title and card.description.text() == kind.description
    page.choose("membership")
    assert not page.project_combo.isEnabled()
    page.choose("reach")
    assert page.project_combo.itemData(0) is None  # "All projects"
    assert [b.isVisibleTo(page) for f, b in page.format_buttons.items()] == [
        True,
        True,
        True,
        False,
    ]
    page.choose("donor")
    codes = [page.project_combo.itemData(i) for i in range(page.project_combo.count())]
    assert codes == ["DEMO-EU", "DEMO-IFRC", "DEMO-OWN"]  # one project is required
    assert page.smoke_state().detail == "7 reports, 3 projects"


def test_build_a_pdf_and_an_xlsx_and_open_them(
    make_window: WindowFactory,
    demo_copy: Path,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = reports_page(make_window(prepare(demo_copy)))
    opened: list[QUrl] = []
    monkeypatch.setattr(page, "open_url", lambda url: opened.append(url) or True)

    page.choose("reach", file_format=ReportFormat.PDF, language="az")
    page.start_field.set_date(dt.date(2026, 1, 1))
    page.end_field.set_date(dt.date(2026, 6, 30))
    pdf = tmp_path / "reach.pdf"
    build(page, qtbot, monkeypatch, pdf)
    assert not page.error_label.isVisibleTo(page)
    assert page.result_box.isVisibleTo(page) and str(pdf) in page.result_label.text()
    text = "\n".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    assert "Gələcəyə" in text

    page.open_file_button.click()
    page.open_folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(pdf)), QUrl.fromLocalFile(str(tmp_path))]

    page.choose("finance", project_code="DEMO-EU", file_format=ReportFormat.XLSX)
    assert page.start_field.date() == dt.date(2025, 4, 1)  # the project's dates
    xlsx = tmp_path / "finance.xlsx"
    build(page, qtbot, monkeypatch, xlsx)
    assert str(xlsx) in page.result_label.text()
    assert openpyxl.load_workbook(xlsx).sheetnames

    # GO 3W: the rate to CHF is prefilled from the stored rates and used.
    page.choose("go3w", project_code="DEMO-EU")
    assert page.go3w_box.isVisibleTo(page)
    assert page.rate_edits["EUR"].text()
    csv_file = tmp_path / "go3w.csv"
    build(page, qtbot, monkeypatch, csv_file)
    rows = list(csv.reader(io.StringIO(csv_file.read_text("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == go3w.HEADER and len(rows) == 2
    assert "CHF" in page.notes_label.text()


def test_a_report_that_cannot_be_built_says_why_and_keeps_the_choices(
    make_window: WindowFactory,
    demo_copy: Path,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    page = reports_page(make_window(prepare(demo_copy, dac_of_own=False)))
    page.choose("iati", project_code="DEMO-OWN", language="ru")
    target = tmp_path / "iati.xml"
    build(page, qtbot, monkeypatch, target)
    assert page.error_label.isVisibleTo(page)
    assert "DAC" in page.error_label.text() and "DEMO-OWN" in page.error_label.text()
    assert not target.exists() and not page.result_box.isVisibleTo(page)
    assert page.cards["iati"].radio.isChecked()
    assert page.project_combo.currentData() == "DEMO-OWN"
    assert page.language_combo.currentData() == "ru"

    page.choose("go3w", project_code="DEMO-EU")
    page.rate_edits["EUR"].clear()
    build(page, qtbot, monkeypatch, tmp_path / "go3w.csv")
    assert "EUR" in page.error_label.text() and "CHF" in page.error_label.text()
    assert page.rate_edits["EUR"].text() == ""
    assert not (tmp_path / "go3w.csv").exists()

    # An unreadable date is caught before asking where to save.
    page.choose("reach")
    page.start_field.edit.setText("32.13.2026")
    monkeypatch.setattr(page, "ask_report_path", lambda _f: pytest.fail("asked for a path"))
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    assert "32.13.2026" in page.error_label.text()
    assert shown_messages.texts() == []  # shown on the page, not in a dialog


def test_the_choices_are_remembered_by_a_new_page(
    make_window: WindowFactory,
    demo_copy: Path,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(prepare(demo_copy))
    page = reports_page(window)
    page.choose("finance", project_code="DEMO-IFRC", file_format=ReportFormat.XLSX, language="ru")
    page.start_field.set_date(dt.date(2026, 1, 1))
    page.end_field.set_date(dt.date(2026, 6, 30))
    build(page, qtbot, monkeypatch, tmp_path / "finance.xlsx")
    assert (tmp_path / "finance.xlsx").is_file()
    # The window's own settings object holds them, so its save at exit keeps them.
    assert window.settings.report_kind == "finance"

    saved = user_settings.load()
    assert saved.report_formats == {"finance": "xlsx"}
    assert saved.report_folder == str(tmp_path)

    again = ReportsPage()
    qtbot.addWidget(again)
    again.set_open_file(window.open_file)
    again.activate()
    assert again.cards["finance"].radio.isChecked()
    assert again.project_combo.currentData() == "DEMO-IFRC"
    assert again.chosen_format() is ReportFormat.XLSX
    assert again.language_combo.currentData() == "ru"
    assert again.start_field.date() == dt.date(2026, 1, 1)
    assert again.end_field.date() == dt.date(2026, 6, 30)


def test_the_report_language_defaults_to_the_windows(
    make_window: WindowFactory, demo_copy: Path
) -> None:
    i18n.set_language("az")
    page = reports_page(make_window(demo_copy))
    assert page.language_combo.currentData() == "az"
    assert page.cards["donor"].radio.text() == i18n._("Donor progress report")
