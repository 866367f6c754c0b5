"""Reading the files people bring: CSV as Excel and LibreOffice save it, XLSX, and the XLSX that
KoboToolbox exports (a main sheet and a sheet per repeat group, joined here).

Whatever the bytes, :func:`read_source` returns a :class:`SourceFile` or raises a translated
:class:`ValidationError` that says what to do; it never raises anything else (hypothesis-tested).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from cso_desktop.domain.errors import ValidationError
from cso_desktop.i18n import _

log = logging.getLogger(__name__)

Cell = str | int | float | Decimal | dt.date | dt.datetime | None


@dataclass(frozen=True)
class Table:
    """The rows of one sheet (or of a CSV file).

    Attributes:
        name: the sheet name, or the CSV file's name.
        headers: the column names as in the file, stripped; unique (a repeated name gets
            " (2)"; a nameless column with data is called "Column F").
        rows: data rows, each as long as ``headers``; empty rows are dropped.
        row_numbers: the row number a user sees in Excel or a text editor for each data row
            (the header row is 1 when it is the first).
    """

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_numbers: tuple[int, ...]


@dataclass(frozen=True)
class SourceFile:
    """A file read for import.

    Attributes:
        format: ``"csv"``, ``"xlsx"`` or ``"kobo"`` (an XLSX with a roster joined).
        sheets: the workbook's sheet names (``("",)`` for CSV).
        table: the chosen (or first) sheet; for Kobo, the main sheet joined to a roster.
        encoding, delimiter: what was detected in a CSV file.
    """

    path: Path
    format: str
    sheets: tuple[str, ...]
    table: Table
    encoding: str | None
    delimiter: str | None


#: More than this many columns is not a list of people (and guards memory on random bytes).
MAX_COLUMNS = 1000
_SNIFF_CHARS = 64 * 1024
_DELIMITERS = (";", ",", "\t")


def read_source(path: Path | str, *, sheet: str | None = None) -> SourceFile:
    """Read a CSV, XLSX or KoboToolbox XLSX file.

    Args:
        path: the file.
        sheet: the sheet to read in a workbook (default: the first; for a Kobo export, a roster
            sheet to join to the main sheet, or the main sheet alone).

    Raises:
        ValidationError: the file is missing, empty, of another kind (old .xls, a document…),
            damaged, or has no data rows. The message says what to do.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(
            _("“{name}” was not found. Check the file name and folder.").format(name=path.name)
        ) from None
    except OSError as exc:
        raise ValidationError(
            _(
                "“{name}” could not be read ({detail}). Close it in other programs and try again."
            ).format(name=path.name, detail=exc.strerror or type(exc).__name__)
        ) from None
    if not data.strip(b"\x00 \t\r\n\xef\xbb\xbf\xff\xfe"):
        raise ValidationError(
            _("“{name}” is empty. Choose the file that holds the list.").format(name=path.name)
        )
    if data.startswith(b"\xd0\xcf\x11\xe0") or _looks_like_html(data):
        raise ValidationError(
            _(
                "“{name}” is an old Excel file (.xls). Open it in Excel or LibreOffice, choose "
                "File → Save As, pick “Excel Workbook (.xlsx)”, and import the new file."
            ).format(name=path.name)
        )
    if data.startswith(b"PK\x03\x04"):
        return _read_workbook(path, data, sheet)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".xls"):
        raise ValidationError(_not_a_list(path))
    return _read_csv(path, data)


def _not_a_list(path: Path) -> str:
    return _(
        "“{name}” is not a list the app can read. Save it as an Excel workbook (.xlsx) or as "
        "CSV, then import it again."
    ).format(name=path.name)


def _no_rows(path: Path, sheet: str = "") -> ValidationError:
    if sheet:
        return ValidationError(
            _(
                "The sheet “{sheet}” of “{name}” has no rows under its column names. Choose the "
                "sheet that holds the list."
            ).format(sheet=sheet, name=path.name)
        )
    return ValidationError(
        _(
            "“{name}” has no rows under its column names. Choose the file that holds the list."
        ).format(name=path.name)
    )


def _looks_like_html(data: bytes) -> bool:
    """Some programs save an HTML table with an .xls name ("Excel" exports of web systems)."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<html", b"<!doctype html", b"<table"))


# --- CSV ----------------------------------------------------------------------------------------


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the encoding name: a BOM decides; else UTF-8, else Windows-1251."""
    boms = (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    candidates: list[str] = []
    for bom, encoding in boms:
        if data.startswith(bom):
            data = data[len(bom) :]
            candidates = [encoding]
            break
    else:
        sample = data[:4096]
        zeros_even = sample[0::2].count(0)
        zeros_odd = sample[1::2].count(0)
        if zeros_odd > len(sample) // 4 and zeros_even == 0:
            candidates = ["utf-16-le"]
        elif zeros_even > len(sample) // 4 and zeros_odd == 0:
            candidates = ["utf-16-be"]
        else:
            candidates = ["utf-8", "cp1251"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        name = {"utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(encoding, encoding)
        return text, name
    raise ValidationError(
        _(
            "“{name}” is not a text list the app can read. Save it from Excel as “CSV UTF-8” "
            "or as an Excel workbook (.xlsx), then import it again."
        ).format(name=path.name)
    )


def _logical_lines(text: str, limit: int) -> list[str]:
    """The first ``limit`` records of ``text``: line breaks inside quotes do not end one."""
    lines: list[str] = []
    start = 0
    quoted = False
    index = 0
    length = len(text)
    while index < length and len(lines) < limit:
        char = text[index]
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            if index > start:
                lines.append(text[start:index])
            if char == "\r" and index + 1 < length and text[index + 1] == "\n":
                index += 1
            start = index + 1
        index += 1
    if len(lines) < limit and start < length and text[start:].strip():
        lines.append(text[start:])
    return lines


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count = 0
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def detect_delimiter(text: str) -> str:
    """``;``, ``,`` or tab: the one that splits the first lines into the same number of columns.

    ``csv.Sniffer`` guesses wrong on short lists and on decimal commas; counting each candidate
    outside quotes over the first lines, the delimiter is the one whose count is the same on the
    most lines (the header's count, which must be at least 1), then the one with more columns.
    """
    lines = [line for line in _logical_lines(text[:_SNIFF_CHARS], 30) if line.strip()]
    if not lines:
        return ","
    best = ","
    best_score = (0.0, 0)
    for delimiter in _DELIMITERS:
        counts = [_count_outside_quotes(line, delimiter) for line in lines]
        header = counts[0]
        if header == 0:
            continue
        consistent = sum(1 for c in counts if c == header) / len(counts)
        score = (consistent, header)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(path: Path, data: bytes) -> SourceFile:
    text, encoding = _decode(path, data)
    delimiter = detect_delimiter(text)
    records: list[tuple[int, list[Cell]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        for number, record in enumerate(reader, start=1):
            if len(record) > MAX_COLUMNS:
                raise ValidationError(_too_wide(path))
            records.append((number, [_text_cell(value) for value in record]))
    except csv.Error as exc:
        log.info("CSV not readable: %s", exc)
        raise ValidationError(
            _(
                "“{name}” could not be read as CSV ({detail}). Open it in Excel and save it "
                "again as “CSV UTF-8”, or as an Excel workbook (.xlsx)."
            ).format(name=path.name, detail=str(exc))
        ) from None
    table = _table(path, path.name, records)
    return SourceFile(path, "csv", ("",), table, encoding, delimiter)


def _too_wide(path: Path) -> str:
    return _(
        "“{name}” has more than {limit} columns, which is not a list the app can read. Check "
        "that you chose the right file."
    ).format(name=path.name, limit=MAX_COLUMNS)


def _text_cell(value: str) -> str | None:
    text = value.strip()
    return text or None


# --- building a table -------------------------------------------------------------------------


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _unique_headers(raw: Sequence[Cell], width: int) -> tuple[str, ...]:
    headers: list[str] = []
    seen: set[str] = set()
    for index in range(width):
        value = raw[index] if index < len(raw) else None
        text = " ".join(_cell_as_header(value).split())
        if not text:
            text = _("Column {letter}").format(letter=_column_letter(index))
        candidate = text
        copy = 2
        while candidate.casefold() in seen:
            candidate = f"{text} ({copy})"
            copy += 1
        seen.add(candidate.casefold())
        headers.append(candidate)
    return tuple(headers)


def _cell_as_header(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _is_empty(row: Sequence[Cell]) -> bool:
    return all(value is None for value in row)


def _table(
    path: Path,
    name: str,
    records: Iterable[tuple[int, Sequence[Cell]]],
    *,
    header_rows: int = 1,
    header_override: Sequence[Cell] | None = None,
) -> Table:
    """Header = the first non-empty record; data = the non-empty records after it."""
    header: Sequence[Cell] | None = None
    header_seen = 0
    rows: list[Sequence[Cell]] = []
    numbers: list[int] = []
    for number, record in records:
        if _is_empty(record):
            continue
        if header_seen < header_rows:
            if header is None:
                header = record
            header_seen += 1
            continue
        rows.append(record)
        numbers.append(number)
    if header_override is not None:
        header = header_override
    if header is None or not rows:
        raise _no_rows(path, "" if name == path.name else name)
    width = max(_last_filled(header), *(_last_filled(row) for row in rows))
    if width > MAX_COLUMNS:
        raise ValidationError(_too_wide(path))
    headers = _unique_headers(header, width)
    padding = (None,) * width
    data = tuple(tuple(row[:width]) + padding[: max(0, width - len(row))] for row in rows)
    return Table(name, headers, data, tuple(numbers))


def _last_filled(row: Sequence[Cell]) -> int:
    for index in range(len(row) - 1, -1, -1):
        if row[index] is not None:
            return index + 1
    return 0


# --- XLSX -------------------------------------------------------------------------------------


def _xlsx_cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | Decimal | dt.datetime | dt.date):
        return value
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip() or None


@dataclass
class _Sheet:
    name: str
    records: list[tuple[int, list[Cell]]]
    merged: list[tuple[int, int, int, int]]  # min_row, min_col, max_row, max_col (1-based)


def _read_workbook(path: Path, data: bytes, sheet: str | None) -> SourceFile:
    try:
        sheets, names = _load_sheets(data, sheet)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on a damaged file
        log.info("workbook not readable: %r", exc)
        raise ValidationError(
            _(
                "“{name}” could not be read as an Excel workbook: it may be damaged or of "
                "another kind. Open it in Excel or LibreOffice and save it again as .xlsx."
            ).format(name=path.name)
        ) from None
    if sheet is not None and sheet not in names:
        raise ValidationError(
            _("“{name}” has no sheet called “{sheet}”. Its sheets: {sheets}.").format(
                name=path.name, sheet=sheet, sheets=", ".join(names)
            )
        )
    kobo = _kobo_join(path, sheets, sheet)
    if kobo is not None:
        return SourceFile(path, "kobo", tuple(names), kobo, None, None)
    chosen = sheets[sheet] if sheet is not None else sheets[names[0]]
    table = _sheet_table(path, chosen)
    if _KOBO_INDEX in table.headers or "_uuid" in table.headers:
        # A Kobo sheet on its own: group paths before the question names are dropped.
        headers = _unique_headers([kobo_header(h) for h in table.headers], len(table.headers))
        table = Table(table.name, headers, table.rows, table.row_numbers)
        return SourceFile(path, "kobo", tuple(names), table, None, None)
    return SourceFile(path, "xlsx", tuple(names), table, None, None)


def _load_sheets(data: bytes, wanted: str | None) -> tuple[dict[str, _Sheet], list[str]]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        names = list(workbook.sheetnames)
        if not names:
            raise ValueError("no sheets")
        main = names[0]
        sheets: dict[str, _Sheet] = {}
        for name in names:
            worksheet = workbook[name]
            if not hasattr(worksheet, "iter_rows"):
                continue  # a chart sheet
            # Only the sheets that may be needed: the chosen one, the first, and possible Kobo
            # repeat sheets (read header first, whole sheet only when it has _parent_index).
            if name not in (main, wanted):
                header = _first_row(worksheet)
                if "_parent_index" not in header:
                    sheets[name] = _Sheet(name, [], [])
                    continue
            worksheet.reset_dimensions()  # some writers declare wrong sizes (A1:A1)
            records = [
                (number, [_xlsx_cell(v) for v in row[: MAX_COLUMNS + 1]])
                for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1)
            ]
            sheets[name] = _Sheet(name, records, list(_merged_ranges(workbook, worksheet)))
    finally:
        workbook.close()
    return sheets, names


def _first_row(worksheet: object) -> list[str]:
    for row in worksheet.iter_rows(values_only=True, max_row=5):  # type: ignore[attr-defined]
        values = [str(v).strip() for v in row if v is not None]
        if values:
            return values
    return []


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _merged_ranges(workbook: object, worksheet: object) -> Iterator[tuple[int, int, int, int]]:
    """Merged cells of a read-only sheet (openpyxl's read-only mode does not parse them): the
    ``<mergeCell>`` elements after the sheet data, found without parsing the whole XML."""
    archive = getattr(workbook, "_archive", None)
    member = getattr(worksheet, "_worksheet_path", None)
    if not isinstance(archive, zipfile.ZipFile) or not member:
        return
    found: set[tuple[int, int, int, int]] = set()
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            block = tail + chunk
            for match in _MERGE.finditer(block):
                found.add(
                    (
                        int(match[2]),
                        _column_index(match[1]),
                        int(match[4]),
                        _column_index(match[3]),
                    )
                )
            tail = block[-200:]  # an element cut by the chunk boundary is found next time
    yield from sorted(found)


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters.decode("ascii"):
        index = index * 26 + (ord(letter) - 64)
    return index


def _sheet_table(path: Path, sheet: _Sheet) -> Table:
    """A sheet's table; merged header cells spread over the columns they cover, and a merged
    group header over a second header row combined as "Group / Name"."""
    records = sheet.records
    first = next((i for i, (_n, row) in enumerate(records) if not _is_empty(row)), None)
    if first is None:
        raise _no_rows(path, sheet.name)
    header_number, header = records[first]
    header = list(header)
    spread: set[int] = set()
    group_header = False
    for min_row, min_col, max_row, max_col in sheet.merged:
        if min_row == header_number and max_col > min_col and min_col <= len(header):
            group_header = group_header or max_row == min_row
            value = header[min_col - 1]
            for column in range(min_col + 1, max_col + 1):
                while len(header) < column:
                    header.append(None)
                header[column - 1] = value
                spread.add(column - 1)
    if group_header and first + 1 < len(records):
        below = records[first + 1][1]
        merged_columns = _merged_columns(sheet, header_number)
        outside = [i for i, v in enumerate(header) if v is not None and i not in merged_columns]
        # A second header row names the columns under the group and leaves the others empty
        # (they are usually merged down); a data row fills them.
        if (
            below
            and all(isinstance(v, str) or v is None for v in below)
            and any(below[i] is not None for i in spread if i < len(below))
            and all(i >= len(below) or below[i] is None for i in outside)
        ):
            combined: list[Cell] = []
            for index in range(max(len(header), len(below))):
                top = header[index] if index < len(header) else None
                sub = below[index] if index < len(below) else None
                if top is not None and sub is not None and index in merged_columns:
                    combined.append(f"{top} / {sub}")
                else:
                    combined.append(sub if sub is not None else top)
            return _table(
                path, sheet.name, records[first:], header_rows=2, header_override=combined
            )
    return _table(path, sheet.name, records[first:], header_override=header)


def _merged_columns(sheet: _Sheet, row: int) -> set[int]:
    return {
        column - 1
        for min_row, min_col, max_row, max_col in sheet.merged
        if min_row == row == max_row and max_col > min_col
        for column in range(min_col, max_col + 1)
    }


# --- KoboToolbox --------------------------------------------------------------------------------

_KOBO_PARENT = "_parent_index"
_KOBO_INDEX = "_index"
#: Kobo's bookkeeping columns of a repeat sheet, dropped from the joined rows.
_KOBO_REPEAT_META = frozenset(
    {
        "_index",
        "_parent_index",
        "_parent_table_name",
        "_submission__id",
        "_submission__uuid",
        "_submission__submission_time",
        "_submission__validation_status",
        "_submission__notes",
        "_submission__status",
        "_submission__submitted_by",
        "_submission___version__",
        "_submission__tags",
    }
)


def kobo_header(text: str) -> str:
    """``hh/member/name`` → ``name``: Kobo writes group paths before a question's name (or
    label); the last part is what the question asks."""
    parts = [part.strip() for part in text.split("/")]
    last = parts[-1] if parts else text
    return last or text


def _kobo_join(path: Path, sheets: dict[str, _Sheet], chosen: str | None) -> Table | None:
    """A Kobo export's main sheet joined with a roster: one row per roster member, carrying the
    household's columns. Households without members keep their own row. ``None`` when the
    workbook is not a Kobo export with a roster, or the main sheet alone was chosen."""
    names = list(sheets)
    main = sheets[names[0]]
    if chosen == main.name:
        return None
    main_table = _plain_table(main)
    if main_table is None or _KOBO_INDEX not in main_table[0]:
        return None
    rosters = [
        s for s in list(sheets.values())[1:] if s.records and (chosen is None or s.name == chosen)
    ]
    for roster in rosters:
        roster_table = _plain_table(roster)
        if roster_table is None or _KOBO_PARENT not in roster_table[0]:
            continue
        parent = roster_table[0].index(_KOBO_PARENT)
        table_name = (
            roster_table[0].index("_parent_table_name")
            if "_parent_table_name" in roster_table[0]
            else None
        )
        if table_name is not None and any(
            row[table_name] not in (None, main.name) for _n, row in roster_table[1]
        ):
            continue  # a repeat nested in another repeat: not a roster of the main sheet
        return _join(path, main, main_table, roster, roster_table, parent)
    return None


def _plain_table(sheet: _Sheet) -> tuple[list[str], list[tuple[int, list[Cell]]]] | None:
    rows = [(n, r) for n, r in sheet.records if not _is_empty(r)]
    if not rows:
        return None
    header = [_cell_as_header(v) for v in rows[0][1]]
    return header, rows[1:]


def _index_value(value: Cell) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _join(
    path: Path,
    main: _Sheet,
    main_table: tuple[list[str], list[tuple[int, list[Cell]]]],
    roster: _Sheet,
    roster_table: tuple[list[str], list[tuple[int, list[Cell]]]],
    parent: int,
) -> Table:
    main_header, main_rows = main_table
    roster_header, roster_rows = roster_table
    index = main_header.index(_KOBO_INDEX)
    keep = [i for i, h in enumerate(roster_header) if h not in _KOBO_REPEAT_META]
    main_width = len(main_header)
    headers: list[Cell] = [kobo_header(h) if h else None for h in main_header]
    used = {str(h).casefold() for h in headers if h}
    for i in keep:
        short = kobo_header(roster_header[i]) if roster_header[i] else ""
        if short and short.casefold() in used:
            # The same question name in both sheets: the roster's keeps its group path.
            short = roster_header[i]
        used.add(short.casefold())
        headers.append(short or None)
    households = {
        _index_value(row[index] if index < len(row) else None): row for _n, row in main_rows
    }
    members: dict[str, int] = {}
    records: list[tuple[int, list[Cell]]] = [(1, headers)]
    for number, row in roster_rows:
        key = _index_value(row[parent] if parent < len(row) else None)
        household = households.get(key)
        if household is None:
            raise ValidationError(
                _(
                    "Row {row} of the sheet “{sheet}” belongs to household {index}, which is not "
                    "in the sheet “{main}”. Export the form again with all its sheets."
                ).format(row=number, sheet=roster.name, index=key or "?", main=main.name)
            )
        members[key] = members.get(key, 0) + 1
        padded = list(household[:main_width]) + [None] * (main_width - len(household))
        records.append((number, padded + [row[i] if i < len(row) else None for i in keep]))
    for number, row in main_rows:
        key = _index_value(row[index] if index < len(row) else None)
        if key not in members:
            padded = list(row[:main_width]) + [None] * (main_width - len(row))
            records.append((number, padded + [None] * len(keep)))
    # Members in file order, then households without members; row numbers are the roster's
    # (or the main sheet's for a household without members).
    return _table(path, f"{main.name} + {roster.name}", records)
