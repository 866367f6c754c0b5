"""A :class:`~cso_desktop.reports.document.Document` as an Excel workbook (openpyxl).

Laid out for the donor's finance officer, who re-sums, filters and copies the figures:

* the first sheet (named by :attr:`Labels.summary`) holds the title, the cover's details, the
  headings, paragraphs and key figures in the document's order, and for each table or chart its
  title, linked to the sheet that holds it;
* each table has a sheet of its own (named after its title, at most 31 characters, unique):
  the title, a bold header row that stays frozen and repeats on printed pages, the rows, the
  total row, then the note. Numbers are numbers, money has two decimals and its currency in the
  column title, percentages are percent cells, dates are dates (``dd.mm.yyyy`` in az and ru);
* each chart has a sheet with its data and a native Excel chart over it.

Totals are written as numbers, not ``SUM`` formulas: openpyxl cannot store a formula's computed
value, so a viewer that does not recalculate (a phone, a web preview, another program reading
the cells) would show an empty total. :class:`~cso_desktop.reports.document.Table` checks when
it is built that each total is the exact sum of its rows, so the number written is the one a
donor gets by re-summing the column.

Page breaks and signature blocks belong to the printed document and are left out. The file is
written whole or not at all (:func:`cso_desktop.reports.files.atomic_write`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel import Locale
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart as XlBarChart
from openpyxl.chart import PieChart as XlPieChart
from openpyxl.chart import Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from cso_desktop.reports import document as doc
from cso_desktop.reports.files import atomic_write
from cso_desktop.reports.formatting import Formatter, babel_locale, column_title

#: Excel date formats by language: the habit of each country.
DATE_FORMATS: dict[str, str] = {"az": "dd.mm.yyyy", "ru": "dd.mm.yyyy", "en": "dd/mm/yyyy"}
INTEGER_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"

SHEET_NAME_MAX = 31
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: Column widths in characters.
MIN_WIDTH = 8
MAX_WIDTH = 60
#: The width of the merged block that holds a paragraph on the summary sheet.
PARAGRAPH_WIDTH = 100

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="E3EAF2")
_HEADING_FILL = PatternFill("solid", fgColor="EEF2F6")
_THIN = Side(style="thin", color="5F6B7A")
_TOTAL_BORDER = Border(top=Side(style="medium", color="1F2933"))
_HEADER_BORDER = Border(bottom=_THIN)


def render_xlsx(
    document: doc.Document, path: Path | str, *, locale: str | Locale | None = None
) -> Path:
    """Write ``document`` to ``path`` as an Excel workbook.

    Args:
        document: the report.
        path: the target; a file already there is replaced once the workbook is complete.
        locale: the language (``"az"``), Babel identifier or ``Locale`` for the date format and
            the few values written as text (periods); by default the document's language.

    Returns:
        ``path``.

    Raises:
        EnvironmentFailure: the folder is missing or read-only, the disk is full, or another
            program holds the target file. Nothing is left at ``path`` by a failure, and an
            earlier file there is kept.
    """
    path = Path(path)
    babel = babel_locale(locale or document.language)
    workbook = _Writer(document, Formatter(babel), babel.language).workbook()
    with atomic_write(path) as handle:
        workbook.save(handle)
    return path


def sheet_name(title: str, taken: Sequence[str] = ()) -> str:
    """A valid sheet name for ``title``: no ``[]:*?/\\``, at most 31 characters, not one of
    ``taken`` (compared as Excel does, ignoring case)."""
    # Excel refuses a name that starts or ends with an apostrophe.
    base = " ".join(_SHEET_NAME_FORBIDDEN.sub(" ", title).split()).strip(" '")
    if len(base) > SHEET_NAME_MAX:
        cut = base[:SHEET_NAME_MAX]
        # Cut between words when that keeps most of the name.
        if base[SHEET_NAME_MAX] != " " and cut.rfind(" ") >= SHEET_NAME_MAX // 2:
            cut = cut[: cut.rfind(" ")]
        base = cut.rstrip(" '")
    base = base or "Sheet"
    used = {name.casefold() for name in taken}
    name, number = base, 1
    while name.casefold() in used:
        number += 1
        suffix = f" ({number})"
        name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
    return name


class _Writer:
    def __init__(self, document: doc.Document, fmt: Formatter, language: str) -> None:
        self.document = document
        self.fmt = fmt
        self.date_format = DATE_FORMATS.get(language, "yyyy-mm-dd")
        self.book = Workbook()
        self.names: list[str] = []

    def workbook(self) -> Workbook:
        document = self.document
        book = self.book
        book.properties.title = document.title
        book.properties.creator = "CSO Desktop"
        book.properties.language = document.language
        summary = book.active
        assert summary is not None  # a new workbook has its first sheet
        summary.title = self._name(document.labels.summary)
        self._summary(summary)
        return book

    def _name(self, title: str) -> str:
        name = sheet_name(title, self.names)
        self.names.append(name)
        return name

    # ---- the first sheet

    def _summary(self, sheet: Worksheet) -> None:
        document = self.document
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToHeight = 0
        _text_cell(sheet, 1, 1, document.title).font = Font(bold=True, size=14)
        row = 2
        if document.subtitle:
            _text_cell(sheet, row, 1, document.subtitle).font = Font(size=12)
            row += 1
        _text_cell(sheet, row, 1, document.organisation_name).font = _BOLD
        row += 2
        label_width = max(
            [len(label) for label, _value in document.meta]
            + [
                len(item.label)
                for block in document.blocks
                if isinstance(block, doc.KeyFigures)
                for item in block.items
            ]
            + [20]
        )
        value_width = 20
        for label, value in document.meta:
            _text_cell(sheet, row, 1, label).font = _BOLD
            cell = self._meta_cell(sheet, row, 2, value)
            value_width = max(value_width, _length(cell.value))
            row += 1
        if document.small_count_note:
            _text_cell(sheet, row, 1, document.small_count_note).font = Font(italic=True)
            row += 1
        row += 1
        for block in document.blocks:
            row = self._summary_block(sheet, row, block)
        sheet.column_dimensions["A"].width = min(MAX_WIDTH, label_width + 2)
        sheet.column_dimensions["B"].width = min(MAX_WIDTH, value_width + 4)

    def _summary_block(self, sheet: Worksheet, row: int, block: doc.Block) -> int:
        if isinstance(block, doc.Heading):
            cell = _text_cell(sheet, row, 1, block.text)
            cell.font = Font(bold=True, size={1: 13, 2: 12, 3: 11}[block.level])
            return row + 1
        if isinstance(block, doc.Paragraph):
            cell = _text_cell(sheet, row, 1, block.text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
            # Excel does not grow merged rows to their text: estimate the lines it needs.
            lines = sum(
                max(1, math.ceil(len(part) / PARAGRAPH_WIDTH)) for part in block.text.split("\n")
            )
            sheet.row_dimensions[row].height = 15 * lines
            return row + 2
        if isinstance(block, doc.KeyFigures):
            for item in block.items:
                _text_cell(sheet, row, 1, item.label).font = _BOLD
                self._number_cell(
                    sheet,
                    row,
                    2,
                    item.value,
                    item.kind,
                    currency=item.currency,
                    places=item.places,
                )
                row += 1
            return row + 1
        if isinstance(block, doc.Table):
            target = self._table_sheet(block)
        elif isinstance(block, doc.BarChart):
            target = self._bar_chart_sheet(block)
        elif isinstance(block, doc.PieChart):
            target = self._pie_chart_sheet(block)
        else:  # signatures and page breaks belong to the printed document
            return row
        link = _text_cell(sheet, row, 1, block.title)
        link.hyperlink = f"#{quote_sheetname(target)}!A1"
        link.style = "Hyperlink"
        return row + 1

    def _meta_cell(self, sheet: Worksheet, row: int, column: int, value: doc.MetaValue) -> Cell:
        if isinstance(value, str):
            return _text_cell(sheet, row, column, value)
        if isinstance(value, doc.DateRange):
            return _text_cell(sheet, row, column, self.fmt.period(value, short=True))
        cell = sheet.cell(row=row, column=column)
        cell.alignment = Alignment(horizontal="left")
        if isinstance(value, doc.Money):
            cell.value = value.amount
            cell.number_format = _money_format(value.currency)
        elif isinstance(value, dt.date):
            cell.value = value
            cell.number_format = self.date_format
        else:
            cell.value = value
            cell.number_format = INTEGER_FORMAT if isinstance(value, int) else _decimal_format(2)
        return cell

    def _number_cell(
        self,
        sheet: Worksheet,
        row: int,
        column: int,
        value: doc.Number | doc.Suppressed | None,
        kind: doc.ValueKind,
        *,
        currency: str | None,
        places: int,
    ) -> Cell:
        cell = self._cell(sheet, row, column, value, kind, places=places)
        if kind is doc.ValueKind.MONEY and currency and isinstance(value, int | Decimal):
            cell.number_format = _money_format(currency)
        cell.alignment = Alignment(horizontal="right")
        return cell

    # ---- tables

    def _cell(
        self,
        sheet: Worksheet,
        row: int,
        column: int,
        value: doc.Value,
        kind: doc.ValueKind,
        *,
        places: int = 2,
    ) -> Cell:
        if isinstance(value, doc.Suppressed):
            cell = _text_cell(sheet, row, column, value.marker)
            cell.alignment = Alignment(horizontal="right")
            return cell
        if isinstance(value, str):
            return _text_cell(sheet, row, column, value)
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, dt.date):
            cell.number_format = self.date_format
        elif value is not None:
            cell.number_format = _number_format(kind, places)
        return cell

    def _table_sheet(self, block: doc.Table) -> str:
        name = self._name(block.title)
        sheet = self.book.create_sheet(name)
        _text_cell(sheet, 1, 1, block.title).font = Font(bold=True, size=12)
        header = 2
        widths = [len(column_title(c.title, c.currency)) + 2 for c in block.columns]
        for position, column in enumerate(block.columns, start=1):
            cell = _text_cell(sheet, header, position, column_title(column.title, column.currency))
            cell.font = _BOLD
            cell.fill = _HEADER_FILL
            cell.border = _HEADER_BORDER
            cell.alignment = Alignment(
                wrap_text=True,
                vertical="bottom",
                horizontal="right" if column.numeric else "left",
            )
        row = header
        for index, values in enumerate(block.rows):
            row += 1
            style = block.style(index)
            self._row(sheet, row, block, values, widths)
            if style in (doc.RowStyle.HEADING, doc.RowStyle.SUBTOTAL):
                for position in range(1, len(block.columns) + 1):
                    cell = sheet.cell(row=row, column=position)
                    cell.font = _BOLD
                    if style is doc.RowStyle.HEADING:
                        cell.fill = _HEADING_FILL
            elif style is doc.RowStyle.INDENTED:
                first = sheet.cell(row=row, column=1)
                first.alignment = Alignment(indent=2, wrap_text=first.alignment.wrap_text)
        last_body = row
        if block.total_row is not None:
            row += 1
            self._row(sheet, row, block, block.total_row, widths)
            for position in range(1, len(block.columns) + 1):
                cell = sheet.cell(row=row, column=position)
                cell.font = _BOLD
                cell.border = _TOTAL_BORDER
        notes = [block.note] if block.note else []
        if block.has_suppressed() and self.document.small_count_note:
            notes.append(self.document.small_count_note)
        row += 1
        for note in notes:
            row += 1
            _text_cell(sheet, row, 1, note).font = Font(italic=True, size=9)

        for position, width in enumerate(widths, start=1):
            letter = get_column_letter(position)
            sheet.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, width))
        sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
        last_letter = get_column_letter(len(block.columns))
        if last_body > header:
            sheet.auto_filter.ref = f"A{header}:{last_letter}{last_body}"
        sheet.print_title_rows = f"{header}:{header}"
        sheet.page_setup.orientation = "landscape" if len(block.columns) > 6 else "portrait"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToHeight = 0
        return name

    def _row(
        self,
        sheet: Worksheet,
        row: int,
        block: doc.Table,
        values: Sequence[doc.Value],
        widths: list[int],
    ) -> None:
        for position, (column, value) in enumerate(zip(block.columns, values, strict=True)):
            cell = self._cell(sheet, row, position + 1, value, column.kind, places=column.places)
            length = len(self.fmt.cell(value, column.kind, places=column.places))
            if isinstance(value, str) and length > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[position] = max(widths[position], length + 2)

    # ---- charts

    def _chart_data(
        self,
        name: str,
        title: str,
        categories: Sequence[str],
        series: Sequence[tuple[str, Sequence[doc.Number]]],
        kind: doc.ValueKind,
    ) -> Worksheet:
        sheet = self.book.create_sheet(name)
        _text_cell(sheet, 1, 1, title).font = Font(bold=True, size=12)
        for position, (series_name, _values) in enumerate(series, start=2):
            cell = _text_cell(sheet, 2, position, series_name)
            cell.font = _BOLD
            cell.alignment = Alignment(horizontal="right", wrap_text=True)
        for offset, category in enumerate(categories):
            _text_cell(sheet, 3 + offset, 1, category)
            for position, (_series_name, values) in enumerate(series, start=2):
                self._cell(sheet, 3 + offset, position, values[offset], kind)
        width = max([len(category) for category in categories] + [10])
        sheet.column_dimensions["A"].width = min(MAX_WIDTH, width + 2)
        for position, (series_name, _values) in enumerate(series, start=2):
            sheet.column_dimensions[get_column_letter(position)].width = max(
                MIN_WIDTH + 4, min(30, len(series_name) + 2)
            )
        return sheet

    def _bar_chart_sheet(self, block: doc.BarChart) -> str:
        name = self._name(block.title)
        series = [(s.name, s.values) for s in block.series]
        sheet = self._chart_data(name, block.title, block.categories, series, block.value_kind)
        chart = XlBarChart()
        chart.type = "col" if len(block.categories) <= 8 else "bar"
        chart.title = block.title
        chart.height = 9 + (0.5 * len(block.categories) if chart.type == "bar" else 0)
        chart.width = 18
        if block.stacked:
            chart.grouping = "stacked"
            chart.overlap = 100
        last = 2 + len(block.categories)
        chart.add_data(
            Reference(sheet, min_col=2, max_col=1 + len(series), min_row=2, max_row=last),
            titles_from_data=True,
        )
        chart.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=last))
        chart.y_axis.numFmt = _number_format(block.value_kind, 0)
        # Without an explicit "not deleted", recent Excel versions hide both axes.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        sheet.add_chart(chart, f"{get_column_letter(len(series) + 3)}2")
        return name

    def _pie_chart_sheet(self, block: doc.PieChart) -> str:
        name = self._name(block.title)
        categories = [label for label, _value in block.slices]
        values = [value for _label, value in block.slices]
        sheet = self._chart_data(name, block.title, categories, [("", values)], block.value_kind)
        chart = XlPieChart()
        chart.title = block.title
        last = 2 + len(categories)
        chart.add_data(Reference(sheet, min_col=2, min_row=3, max_row=last))
        chart.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=last))
        chart.height = 9
        chart.width = 14
        sheet.add_chart(chart, "D2")
        return name


def _text_cell(sheet: Worksheet, row: int, column: int, text: str) -> Cell:
    """A cell holding ``text`` as text, even when it starts with "=" (never a formula)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"
    return cell


def _length(value: Any) -> int:
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, int | Decimal):
        return len(f"{value:,.2f}")
    return len(str(value or ""))


def _decimal_format(places: int) -> str:
    return "#,##0." + "0" * places if places > 0 else INTEGER_FORMAT


def _money_format(currency: str) -> str:
    return f'{MONEY_FORMAT} "{currency}"'


def _number_format(kind: doc.ValueKind, places: int) -> str:
    if kind is doc.ValueKind.INTEGER:
        return INTEGER_FORMAT
    if kind is doc.ValueKind.MONEY:
        return MONEY_FORMAT
    if kind is doc.ValueKind.PERCENT:
        return PERCENT_FORMAT
    return _decimal_format(places)
