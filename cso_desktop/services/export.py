"""Exporting a register view to an Excel workbook (``.xlsx``) or a CSV file (``.csv``).

The export is the view the user sees: the same search, filters and sort, rows in the same order.
Titles, code labels, place names and Yes/No are in the current language
(:func:`cso_desktop.i18n.current_language`); a caller that wants another language switches the
language before exporting.

Personal data (names, phones, ID numbers) leaves the app only when the caller passes
``include_personal=True``, after the user confirmed a message that names those columns
(:func:`personal_columns`). Every export goes to the audit log with what was exported, never with
personal data: not the rows, not the text searched for, not the file name (which may hold a name).

Rows are read in windows of :data:`WINDOW` and streamed to the file, so exporting a few hundred
thousand people never holds them in memory. The file is written under a temporary name beside
the target and renamed into place only when complete: a failure leaves no half-written file, and
a file already at the target is either replaced whole or left as it was.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from cso_desktop.domain import people, places, vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.domain.vocab import AuditAction
from cso_desktop.i18n import _, current_language
from cso_desktop.reports.files import atomic_write
from cso_desktop.services import audit
from cso_desktop.services.registers import Column, ColumnKind, Register

#: Rows read from the database at a time: large enough that a big export makes few queries,
#: small enough that memory stays flat whatever the size of the register.
WINDOW = 2000

#: Excel number formats. Dates follow the habit of each language; money always shows cents.
DATE_FORMATS: dict[str, str] = {"az": "dd.mm.yyyy", "ru": "dd.mm.yyyy", "en": "dd/mm/yyyy"}
MONEY_FORMAT = "#,##0.00"
#: Column widths in Excel, in characters.
MIN_WIDTH = 6
MAX_WIDTH = 50

#: Characters Excel does not allow in a sheet name, and its length limit.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_MAX = 31
#: A CSV cell starting with one of these may be run as a formula when opened in a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: ... unless it is only a phone number or a signed number, which is harmless and kept as typed.
_PLAIN_NUMBER = re.compile(r"[0-9 +\-().,/]*")

#: A cell value before it is written: already translated, numbers and dates kept as such.
Value = str | int | Decimal | dt.date | None


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


@dataclass(frozen=True)
class ExportResult:
    """What was written.

    Attributes:
        path: the file written.
        rows: data rows (the header row not counted).
        columns: keys of the columns written, in order.
        format: the file format.
    """

    path: Path
    rows: int
    columns: tuple[str, ...]
    format: ExportFormat


def personal_columns(register: Register) -> list[Column]:
    """The columns holding personal data that an export of ``register`` would include.

    The confirmation before such an export names them (translate each ``title``).
    """
    return [column for column in register.columns if column.personal]


def export_columns(register: Register, *, include_personal: bool) -> list[Column]:
    """The columns an export writes, in the register's order (personal ones only if included).

    A money column whose currency the view shows only inside the amount (fees owed) brings its
    currency column along at the end, so amounts in different currencies are not mistaken for
    one another once they are plain numbers.
    """
    chosen = [column for column in register.columns if include_personal or not column.personal]
    keys = {column.key for column in chosen}
    for column in list(chosen):
        if (
            column.kind is ColumnKind.MONEY
            and column.currency_key
            and column.currency_key not in keys
        ):
            chosen.append(register.column(column.currency_key))
            keys.add(column.currency_key)
    return chosen


def export_format(path: Path) -> ExportFormat:
    """The format named by the file's extension.

    Raises:
        ValidationError: the extension is neither ``.xlsx`` nor ``.csv``.
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    try:
        return ExportFormat(suffix)
    except ValueError:
        raise ValidationError(
            _(
                "“{name}” cannot be exported to: choose a file name ending in .xlsx "
                "(Excel workbook) or .csv (text for any spreadsheet)."
            ).format(name=Path(path).name),
            field="path",
        ) from None


def export_view(
    session: Session,
    register: Register,
    *,
    path: Path,
    search: str = "",
    sort: str | None = None,
    descending: bool = False,
    filters: Sequence[str] = (),
    as_of: dt.date | None = None,
    include_personal: bool,
    user_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Write the rows of a register view to ``path`` and record the export in the audit log.

    Run it inside ``Database.transaction()``: the audit entry is added to ``session`` and flushed
    before the file is renamed into place, and is kept only when the caller commits.

    Args:
        session: an open session; it is not committed.
        register: the register shown.
        path: the target; its extension (``.xlsx`` or ``.csv``) chooses the format. A file
            already there is replaced once the export is complete.
        search: the search typed in the view.
        sort: the key of the sort column (``None``: the register's default).
        descending: sort order.
        filters: keys of the register's filters switched on.
        as_of: the day computed columns refer to (default: today).
        include_personal: write the personal-data columns; pass ``True`` only after the user
            confirmed (see :func:`personal_columns`).
        user_name: who exported, for the audit log.
        progress: called with (rows written, rows in the view) after every window. It runs on
            the caller's thread; an exception raised in it stops the export and leaves no file.

    Returns:
        The file, the number of rows and the columns written.

    Raises:
        ValidationError: the extension is not one of the supported formats.
        EnvironmentFailure: the folder is missing or read-only, the disk is full, or another
            program holds the target file.
    """
    path = Path(path)
    file_format = export_format(path)
    columns = export_columns(register, include_personal=include_personal)
    # Rows from ``Register.fetch``: the id, the columns' values, then the hidden values.
    place = {
        column.key: position
        for position, column in enumerate((*register.columns, *register.hidden), start=1)
    }
    positions = [place[column.key] for column in columns]
    window_size = WINDOW

    def fetch(offset: int) -> list[list[Value]]:
        window = register.fetch(
            session,
            search=search,
            sort=sort,
            descending=descending,
            offset=offset,
            limit=window_size,
            filters=filters,
            as_of=as_of,
        )
        return [
            [_value(c, raw[p]) for c, p in zip(columns, positions, strict=True)] for raw in window
        ]

    def windows() -> Iterator[list[list[Value]]]:
        offset = 0
        while True:
            window = fetch(offset)
            if window:
                yield window
            if len(window) < window_size:
                return
            offset += len(window)

    def log_export(rows: int) -> None:
        audit.record(
            session,
            AuditAction.EXPORT,
            register.key,
            user_name=user_name,
            detail={
                "format": file_format.value,
                "rows": rows,
                "columns": [column.key for column in columns],
                "personal": any(column.personal for column in columns),
                "search": bool(people.fold(search)),
                "filters": list(filters),
            },
        )
        # Written to the database before the file appears, so no export exists unlogged.
        session.flush()

    rows = write_table(
        path,
        title=_(register.title) or register.key,
        titles=[_(column.title) for column in columns],
        kinds=[column.kind for column in columns],
        windows=windows(),
        total=lambda: register.count(session, search=search, filters=filters, as_of=as_of),
        progress=progress,
        before_placing=log_export,
    )
    return ExportResult(
        path=path,
        rows=rows,
        columns=tuple(column.key for column in columns),
        format=file_format,
    )


def write_table(
    path: Path,
    *,
    title: str,
    titles: Sequence[str],
    kinds: Sequence[ColumnKind],
    windows: Iterator[Sequence[Sequence[Value]]],
    total: Callable[[], int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    before_placing: Callable[[int], None] | None = None,
) -> int:
    """Write a table to ``path`` (format from the extension) whole or not at all.

    Rows come in windows (lists of rows) so that big tables stream. The file is written under a
    temporary name beside ``path``; ``before_placing(rows)`` runs once every row is written
    (e.g. to log the export), then the file is synced and renamed into place. Any failure, in
    writing or in ``before_placing``, leaves no file and an earlier file at ``path`` untouched.

    Returns:
        The number of data rows written.

    Raises:
        ValidationError: the extension is not one of the supported formats.
        EnvironmentFailure: the folder is missing or read-only, the disk is full, or another
            program holds the target file.
    """
    path = Path(path)
    file_format = export_format(path)
    rows = 0
    with atomic_write(path) as handle:
        count = total() if total is not None else 0
        window = next(windows, [])
        writer = _writer(
            file_format,
            handle,
            title=title,
            titles=titles,
            kinds=kinds,
            first_rows=window,
        )
        try:
            if progress is not None:
                progress(rows, count)
            while window:
                for values in window:
                    writer.row(values)
                rows += len(window)
                if progress is not None:
                    progress(rows, count)
                window = next(windows, [])
            writer.finish()
        except BaseException:
            writer.abort()
            raise
        if before_placing is not None:
            before_placing(rows)
    return rows


# --- values -----------------------------------------------------------------------------------


def _value(column: Column, raw: Any) -> Value:
    """A value as exported: codes and places by name, numbers and dates kept as such."""
    if raw is None:
        return None
    kind = column.kind
    if kind is ColumnKind.CODE:
        return vocab.label(raw, column.vocabulary)
    if kind is ColumnKind.PLACE:
        return places.place_name(raw)
    if kind is ColumnKind.BOOL:
        return _("Yes") if raw else _("No")
    if kind is ColumnKind.DATE and isinstance(raw, dt.date):
        return raw.date() if isinstance(raw, dt.datetime) else raw
    if kind is ColumnKind.INTEGER and isinstance(raw, int | Decimal):
        return int(raw)
    if kind in (ColumnKind.DECIMAL, ColumnKind.MONEY) and isinstance(raw, int | float | Decimal):
        return raw if isinstance(raw, Decimal) else Decimal(str(raw))
    return str(raw)


def _text_width(value: Value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _widths(titles: Sequence[str], first_rows: Sequence[Sequence[Value]]) -> list[int]:
    """Widths that fit the title and the first rows, within sensible bounds."""
    widths = [len(title) + 2 for title in titles]  # the title is bold
    for row in first_rows:
        for position, value in enumerate(row):
            widths[position] = max(widths[position], _text_width(value))
    return [min(MAX_WIDTH, max(MIN_WIDTH, width + 2)) for width in widths]


# --- writers ----------------------------------------------------------------------------------


class _Writer:
    def row(self, values: Sequence[Value]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        """Let go of a file that will not be finished (the caller deletes it)."""


def _writer(
    file_format: ExportFormat,
    handle: IO[bytes],
    *,
    title: str,
    titles: Sequence[str],
    kinds: Sequence[ColumnKind],
    first_rows: Sequence[Sequence[Value]],
) -> _Writer:
    if file_format is ExportFormat.XLSX:
        return _XlsxWriter(
            handle,
            title=title,
            titles=titles,
            kinds=kinds,
            widths=_widths(titles, first_rows),
        )
    return _CsvWriter(handle, titles=titles)


class _XlsxWriter(_Writer):
    """An Excel workbook written row by row (openpyxl's write-only mode keeps no rows in memory).

    Header bold and frozen; numbers, money and dates as real numbers and dates, so the user can
    sum, sort and filter them in Excel.
    """

    def __init__(
        self,
        handle: IO[bytes],
        *,
        title: str,
        titles: Sequence[str],
        kinds: Sequence[ColumnKind],
        widths: Sequence[int],
    ) -> None:
        self._handle = handle
        self._kinds = list(kinds)
        self._date_format = DATE_FORMATS.get(current_language(), "yyyy-mm-dd")
        self._workbook = Workbook(write_only=True)
        self._workbook.properties.creator = "CSO Desktop"
        self._sheet = self._workbook.create_sheet(_sheet_name(title))
        # Write-only sheets take column widths and panes only before the first row.
        for position, width in enumerate(widths, start=1):
            self._sheet.column_dimensions[get_column_letter(position)].width = width
        self._sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for text in titles:
            cell = self._text_cell(text)
            cell.font = bold
            header.append(cell)
        self._sheet.append(header)

    def _text_cell(self, text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self._sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
        # Text stays text: "=…" would otherwise become a formula and "#N/A" an error.
        cell.data_type = "s"
        return cell

    def row(self, values: Sequence[Value]) -> None:
        cells: list[Any] = []
        for kind, value in zip(self._kinds, values, strict=True):
            if isinstance(value, str):
                text = ILLEGAL_CHARACTERS_RE.sub("", value)
                if text.startswith("=") or text in ERROR_CODES:
                    cells.append(self._text_cell(text))
                else:
                    cells.append(text)
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(self._sheet, value=value)
                cell.number_format = self._date_format
                cells.append(cell)
            elif kind is ColumnKind.MONEY and value is not None:
                cell = WriteOnlyCell(self._sheet, value=value)
                cell.number_format = MONEY_FORMAT
                cells.append(cell)
            else:
                cells.append(value)
        self._sheet.append(cells)

    def finish(self) -> None:
        self._workbook.save(self._handle)

    def abort(self) -> None:
        # openpyxl keeps the rows written so far in a temporary file of its own, outside the
        # target folder, until the workbook is saved. Saving into memory is the public way to
        # make it delete that copy of what may be personal data now rather than at exit.
        with contextlib.suppress(Exception):
            self._workbook.save(io.BytesIO())


def _sheet_name(title: str) -> str:
    name = _SHEET_NAME_FORBIDDEN.sub(" ", title).strip(" '")[:_SHEET_NAME_MAX]
    return name or "Sheet1"


class _CsvWriter(_Writer):
    """Comma-separated UTF-8 with a byte order mark, so Excel reads Azerbaijani letters right.

    Dates are ISO (``2026-06-30``) and decimals use a dot, whatever the language, so any program
    reads them back the same way.
    """

    def __init__(self, handle: IO[bytes], *, titles: Sequence[str]) -> None:
        self._text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._text)
        self._csv.writerow([_csv_text(title) for title in titles])

    def row(self, values: Sequence[Value]) -> None:
        self._csv.writerow([_csv_text(value) for value in values])

    def finish(self) -> None:
        self._text.flush()
        # The binary file stays open for the caller to sync and close.
        self._text.detach()

    def abort(self) -> None:
        with contextlib.suppress(ValueError):  # already detached
            self._text.detach()


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        # A name typed as "=HYPERLINK(…)" must not run when a spreadsheet opens the file.
        return "'" + value
    return value
