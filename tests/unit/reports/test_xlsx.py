"""The Excel renderer: numbers as numbers, dates as dates, totals that add up, valid sheet names,
and files written whole or not at all."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from cso_desktop.domain.errors import EnvironmentFailure
from cso_desktop.reports.document import Document, Paragraph, Table, TableColumn
from cso_desktop.reports.xlsx import render_xlsx, sheet_name

from .conftest import BUDGET_TOTAL, LEDGER_ROWS, LEDGER_TOTAL, ORGANISATION, SPENT_TOTAL, TEXTS

Build = Callable[..., Document]
FORBIDDEN = set("[]:*?/\\")


def _exact(value: object) -> Decimal:
    # Excel stores numbers as doubles; their shortest repr is the decimal written.
    assert isinstance(value, int | float), value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _sheet(workbook: object, title: str) -> Worksheet:
    names = [name for name in workbook.sheetnames if title.startswith(name)]  # type: ignore[attr-defined]
    assert len(names) == 1, (title, workbook.sheetnames)  # type: ignore[attr-defined]
    return workbook[names[0]]  # type: ignore[index]


def test_workbook_reads_back(tmp_path: Path, sample_document: Build) -> None:
    path = render_xlsx(sample_document("az"), tmp_path / "hesabat.xlsx")

    book = load_workbook(path)
    t = TEXTS["az"]
    names = book.sheetnames
    assert names[0] == t["summary"]
    assert len({name.casefold() for name in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 31
        assert not FORBIDDEN & set(name)

    summary = book[t["summary"]]
    assert summary["A1"].value == t["title"]
    assert summary["A3"].value == ORGANISATION  # Azerbaijani letters intact
    details = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row[0]}
    assert details[t["reported"]] == dt.datetime(2026, 7, 15)
    assert details[t["period"]] == "01.01.2026 – 30.06.2026"
    assert _exact(details[t["grant"]]) == Decimal("34000.00")
    assert _exact(details[t["spent"]]) == SPENT_TOTAL  # a key figure, a number
    assert details[t["used"]] == pytest.approx(0.4554)
    links = [cell for row in summary.iter_rows() for cell in row if cell.hyperlink]
    assert [cell.value for cell in links] == [
        t["reach_title"],
        t["chart"],
        t["budget_title"],
        t["pie"],
        t["ledger_title"],
    ]


def test_ledger_numbers_dates_and_total(tmp_path: Path, sample_document: Build) -> None:
    path = render_xlsx(sample_document("az"), tmp_path / "hesabat.xlsx")

    t = TEXTS["az"]
    sheet = _sheet(load_workbook(path), t["ledger_title"])
    assert sheet["A1"].value == t["ledger_title"]
    header = [cell.value for cell in sheet[2]]
    assert header == [t["date"], t["payee"], t["description"], f"{t['amount']} (EUR)"]
    assert sheet.freeze_panes == "A3"
    rows = list(sheet.iter_rows(min_row=3, max_row=2 + LEDGER_ROWS))
    for date, _payee, _text, amount in rows:
        assert date.is_date
        assert date.number_format == "dd.mm.yyyy"
        assert isinstance(amount.value, int | float)
        assert amount.number_format == "#,##0.00"
    assert rows[0][0].value == dt.datetime(2026, 1, 2)
    total = sheet.cell(row=3 + LEDGER_ROWS, column=4)
    assert sheet.cell(row=3 + LEDGER_ROWS, column=2).value == t["total"]
    assert total.font.bold
    assert isinstance(total.value, int | float)  # a number, not a formula without a value
    assert _exact(total.value) == LEDGER_TOTAL
    assert sum(_exact(row[3].value) for row in rows) == LEDGER_TOTAL


def test_budget_rows_styles_and_percentages(tmp_path: Path, sample_document: Build) -> None:
    path = render_xlsx(sample_document("az"), tmp_path / "hesabat.xlsx")

    t = TEXTS["az"]
    sheet = _sheet(load_workbook(path), t["budget_title"])
    body = list(sheet.iter_rows(min_row=3, max_row=7))
    styles = [style for _name, style in t["lines"]]
    for cells, style in zip(body, styles, strict=True):
        assert cells[0].font.bold == (style.value == "heading")
        assert (cells[0].alignment.indent > 0) == (style.value == "indented")
        assert cells[3].number_format == "0.0%"
    total = [cell.value for cell in sheet[8]]
    assert total[0] == t["total"]
    assert _exact(total[1]) == BUDGET_TOTAL
    # Re-summed as a finance officer would: the lines, not the headings that repeat them.
    lines = [cells for cells, style in zip(body, styles, strict=True) if style.counted]
    assert sum(_exact(cells[1].value) for cells in lines) == BUDGET_TOTAL
    assert sum(_exact(cells[2].value) for cells in lines) == SPENT_TOTAL
    assert sheet.cell(row=10, column=1).value == t["note"]


def test_suppressed_counts_are_marked(tmp_path: Path, sample_document: Build) -> None:
    path = render_xlsx(sample_document("az"), tmp_path / "hesabat.xlsx")

    t = TEXTS["az"]
    sheet = _sheet(load_workbook(path), t["reach_title"])
    assert [cell.value for cell in sheet[4]] == [t["activities"][1], 31, "<5"]
    assert [cell.value for cell in sheet[7]] == [t["total"], 233, 160]
    notes = [row[0] for row in sheet.iter_rows(min_row=8, values_only=True)]
    assert t["small"] in notes


def test_charts_are_native_excel_charts(tmp_path: Path, sample_document: Build) -> None:
    path = render_xlsx(sample_document("az"), tmp_path / "hesabat.xlsx")

    with zipfile.ZipFile(path) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
    assert len(charts) == 2
    t = TEXTS["az"]
    data = _sheet(load_workbook(path), t["chart"])
    assert [cell.value for cell in data[2]] == [None, t["women"], t["men"]]
    assert [cell.value for cell in data[4]] == ["18–29", 112, 70]


def test_russian_and_english_date_formats(tmp_path: Path, sample_document: Build) -> None:
    ru = load_workbook(render_xlsx(sample_document("ru"), tmp_path / "ru.xlsx"))
    en = load_workbook(render_xlsx(sample_document("ru"), tmp_path / "en.xlsx", locale="en"))

    title = TEXTS["ru"]["ledger_title"]
    assert _sheet(ru, title)["A3"].number_format == "dd.mm.yyyy"
    assert _sheet(en, title)["A3"].number_format == "dd/mm/yyyy"
    assert _sheet(ru, title)["B2"].value == "Получатель"


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    document = Document(
        title="=1+1",
        organisation_name=ORGANISATION,
        language="az",
        blocks=(
            Paragraph('=HYPERLINK("http://example.com")'),
            Table(
                title="Adlar",
                columns=(TableColumn("Ad"),),
                rows=(("=SUM(A1:A2)",), ("#N/A",)),
            ),
        ),
    )

    book = load_workbook(render_xlsx(document, tmp_path / "f.xlsx"))

    assert book.worksheets[0]["A1"].data_type == "s"
    assert book.worksheets[0]["A1"].value == "=1+1"
    cells = [book["Adlar"]["A3"], book["Adlar"]["A4"]]
    assert [cell.value for cell in cells] == ["=SUM(A1:A2)", "#N/A"]
    assert {cell.data_type for cell in cells} == {"s"}


def test_sheet_names() -> None:
    long = "Yaş qrupu və cins üzrə xidmət alan şəxslər"
    assert sheet_name(long) == "Yaş qrupu və cins üzrə xidmət"
    assert sheet_name("Büdcə: 2026/27 [EUR]?") == "Büdcə 2026 27 EUR"
    assert sheet_name("Xülasə", ["xülasə"]) == "Xülasə (2)"
    assert sheet_name("x" * 40, ["x" * 31]) == "x" * 27 + " (2)"
    assert sheet_name("'  '") == "Sheet"


def test_a_failed_render_leaves_no_file(tmp_path: Path, sample_document: Build) -> None:
    target = tmp_path / "missing folder" / "hesabat.xlsx"

    with pytest.raises(EnvironmentFailure) as caught:
        render_xlsx(sample_document("az"), target)

    assert caught.value.path == str(target)
    assert list(tmp_path.iterdir()) == []


def test_an_earlier_file_is_replaced_whole(tmp_path: Path, sample_document: Build) -> None:
    target = tmp_path / "hesabat.xlsx"
    target.write_bytes(b"earlier")

    render_xlsx(sample_document("az"), target)

    assert load_workbook(target).sheetnames[0] == TEXTS["az"]["summary"]
    assert [p.name for p in tmp_path.iterdir()] == ["hesabat.xlsx"]
