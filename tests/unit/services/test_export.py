"""Exporting register views: the view's rows in its order, personal data only when confirmed,
Azerbaijani and Russian letters intact, typed Excel cells, the audit trail and no half files."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import json
import os
import re
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import event, select

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import people
from cso_desktop.domain.errors import EnvironmentFailure, ValidationError
from cso_desktop.domain.vocab import AuditAction
from cso_desktop.i18n import _
from cso_desktop.services import export, registers

#: How the demo_file fixture (tests/conftest.py) builds the shared workshop file.
DEMO_AS_OF = dt.date(2026, 6, 30)
BOM = b"\xef\xbb\xbf"
FORMATS = ("xlsx", "csv")

PEOPLE = [
    # first name, last name, phone, registered on
    ("Gülnarə", "Şükürova", "+994 50 123 45 67", dt.date(2026, 1, 5)),
    ("İsmayıl", "Həsənov", None, dt.date(2026, 1, 6)),
    ("Наталья", "Иванова", "+994 55 765 43 21", dt.date(2026, 1, 7)),
    ('=HYPERLINK("http://example.com")', "Çələbi", None, dt.date(2026, 1, 8)),
]


@pytest.fixture
def workshop(demo_copy: Path) -> Iterator[Database]:
    """The workshop organisation (300 beneficiaries), a copy this test may write to."""
    database = db_engine.open_database(demo_copy)
    yield database
    database.close()


@pytest.fixture
def people_db(db: Database) -> Database:
    """A file with a few beneficiaries named in both alphabets, in Bakı."""
    with db.transaction() as session:
        for index, (first, last, phone, registered_on) in enumerate(PEOPLE, start=1):
            number = f"B-{index:06d}"
            session.add(
                m.Beneficiary(
                    registration_no=number,
                    registered_on=registered_on,
                    first_name=first,
                    last_name=last,
                    phone=phone,
                    sex="female" if last.endswith(("a", "а")) else "male",
                    date_of_birth=dt.date(1990, 5, index),
                    displacement_status="idp",
                    has_disability=index == 2,
                    rayon_code="AZ-BA",
                    search_text=people.search_key([first, last, number, phone]),
                    sort_key=people.sort_key([last, first]),
                )
            )
    return db


def run_export(database: Database, register: registers.Register, path: Path, **kwargs: Any):  # type: ignore[no-untyped-def]
    kwargs.setdefault("include_personal", False)
    kwargs.setdefault("as_of", DEMO_AS_OF)
    with database.transaction() as session:
        return export.export_view(session, register, path=path, **kwargs)


def read_back(path: Path) -> tuple[list[Any], list[list[Any]]]:
    """The header and the data rows of an exported file, read the way a user's program would."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle))
    else:
        workbook = openpyxl.load_workbook(path)
        table = [list(row) for row in workbook.active.iter_rows(values_only=True)]
        workbook.close()
    return table[0], table[1:]


def exports(database: Database) -> list[tuple[str, str | None, dict[str, Any] | None]]:
    """The export entries of the audit log: (entity, user name, detail)."""
    with database.reading() as session:
        entries = session.scalars(
            select(m.AuditEntry).where(m.AuditEntry.action == AuditAction.EXPORT)
        ).all()
        return [(e.entity, e.user_name, e.detail) for e in entries]


def export_count(database: Database) -> int:
    return len(exports(database))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


# --- the view ---------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
def test_rows_follow_the_views_search_filter_and_sort(
    workshop: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_format: str
) -> None:
    # Small windows, so the rows come from several queries that must join up without a gap.
    monkeypatch.setattr(export, "WINDOW", 7)
    register = registers.BENEFICIARIES
    view: dict[str, Any] = {
        "search": "ov",
        "filters": ["idp"],
        "sort": "registered_on",
        "descending": True,
        "as_of": DEMO_AS_OF,
    }
    with workshop.reading() as session:
        expected = register.fetch(session, limit=10_000, **view)
    assert len(expected) > 20

    result = run_export(
        workshop, register, tmp_path / f"view.{file_format}", include_personal=True, **view
    )

    header, rows = read_back(result.path)
    keys = [c.key for c in register.columns]
    number_at = keys.index("registration_no")
    assert [row[number_at] for row in rows] == [row[1 + number_at] for row in expected]
    assert [row[keys.index("last_name")] for row in rows] == [
        row[1 + keys.index("last_name")] for row in expected
    ]
    assert result.rows == len(expected)
    assert result.format == export.ExportFormat(file_format)
    assert header == [_(c.title) for c in register.columns]


def test_archived_view_exports_archived_rows(workshop: Database, tmp_path: Path) -> None:
    with workshop.transaction() as session:
        row = session.scalar(select(m.Beneficiary).where(m.Beneficiary.registration_no.like("B-%")))
        assert row is not None
        row.archived = True
        number = row.registration_no
    result = run_export(
        workshop, registers.BENEFICIARIES, tmp_path / "a.csv", filters=[registers.ARCHIVED]
    )
    _header, rows = read_back(result.path)
    assert [r[0] for r in rows] == [number]


# --- personal data ----------------------------------------------------------------------------


def test_personal_columns_are_the_ones_the_confirmation_names() -> None:
    assert [c.key for c in export.personal_columns(registers.BENEFICIARIES)] == [
        "last_name",
        "first_name",
        "phone",
    ]
    assert [c.key for c in export.personal_columns(registers.MEMBERS)] == [
        "last_name",
        "first_name",
        "phone",
    ]
    assert export.personal_columns(registers.EXPENSES) == []


@pytest.mark.parametrize("file_format", FORMATS)
def test_personal_columns_leave_only_when_confirmed(
    people_db: Database, tmp_path: Path, file_format: str
) -> None:
    register = registers.BENEFICIARIES
    withheld = run_export(people_db, register, tmp_path / f"anonymous.{file_format}")
    confirmed = run_export(
        people_db, register, tmp_path / f"named.{file_format}", include_personal=True
    )

    personal = {c.key for c in export.personal_columns(register)}
    assert not personal & set(withheld.columns)
    assert personal <= set(confirmed.columns)
    header, rows = read_back(withheld.path)
    assert header == [_(c.title) for c in register.columns if not c.personal]
    text = json.dumps([header, rows], ensure_ascii=False, default=str)
    for first, last, phone, _registered in PEOPLE:
        assert first not in text
        assert last not in text
        assert phone is None or phone not in text
    assert len(rows) == len(PEOPLE)

    header, rows = read_back(confirmed.path)
    assert header == [_(c.title) for c in register.columns]
    assert {row[header.index(_("Last name"))] for row in rows} == {p[1] for p in PEOPLE}


# --- letters and values -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["az", "ru", "en"])
@pytest.mark.parametrize("file_format", FORMATS)
def test_azerbaijani_and_russian_letters_arrive_intact(
    people_db: Database, tmp_path: Path, file_format: str, language: str
) -> None:
    i18n.set_language(language)
    result = run_export(
        people_db,
        registers.BENEFICIARIES,
        tmp_path / f"adlar.{file_format}",
        include_personal=True,
        sort="last_name",
    )
    if file_format == "csv":
        assert result.path.read_bytes().startswith(BOM)
    header, rows = read_back(result.path)
    keys = list(result.columns)
    # In the Azerbaijani alphabet Ç comes after C and Ş after S; Cyrillic comes last.
    assert [row[keys.index("last_name")] for row in rows] == [
        "Çələbi",
        "Həsənov",
        "Şükürova",
        "Иванова",
    ]
    assert [row[keys.index("first_name")] for row in rows][1:] == ["İsmayıl", "Gülnarə", "Наталья"]
    assert {row[keys.index("rayon")] for row in rows} == {"Baku" if language == "en" else "Bakı"}
    assert {row[keys.index("sex")] for row in rows} == {_("Female"), _("Male")}
    assert header[keys.index("last_name")] == _("Last name")


def test_xlsx_cells_are_typed_for_excel(workshop: Database, tmp_path: Path) -> None:
    result = run_export(workshop, registers.EXPENSES, tmp_path / "xərclər.xlsx")
    with workshop.reading() as session:
        expected = registers.EXPENSES.fetch(session, limit=10_000)

    workbook = openpyxl.load_workbook(result.path)
    sheet = workbook.active
    assert sheet.title == "Expenses"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    keys = list(result.columns)
    date_cell = sheet.cell(row=2, column=keys.index("spent_on") + 1)
    amount_cell = sheet.cell(row=2, column=keys.index("amount") + 1)
    assert isinstance(date_cell.value, dt.datetime)
    assert date_cell.value.date() == expected[0][1 + keys.index("spent_on")]
    assert date_cell.is_date
    assert amount_cell.data_type == "n"
    assert amount_cell.number_format == export.MONEY_FORMAT
    amounts = [row[keys.index("amount")].value for row in sheet.iter_rows(min_row=2)]
    assert [Decimal(str(a)).quantize(Decimal("0.01")) for a in amounts] == [
        row[1 + keys.index("amount")] for row in expected
    ]
    for letter in ("A", "E"):
        assert export.MIN_WIDTH <= sheet.column_dimensions[letter].width <= export.MAX_WIDTH
    workbook.close()


def test_xlsx_numbers_codes_places_and_yes_no(people_db: Database, tmp_path: Path) -> None:
    i18n.set_language("az")
    result = run_export(people_db, registers.BENEFICIARIES, tmp_path / "b.xlsx")
    workbook = openpyxl.load_workbook(result.path)
    rows = list(workbook.active.iter_rows(min_row=2))
    keys = list(result.columns)
    first = rows[0]
    assert first[keys.index("age")].data_type == "n"
    assert isinstance(first[keys.index("age")].value, int)
    assert first[keys.index("sex")].value == _("Female")
    assert first[keys.index("displacement_status")].value == _("Internally displaced")
    assert first[keys.index("rayon")].value == "Bakı"
    assert [row[keys.index("has_disability")].value for row in rows] == [
        _("No"),
        _("Yes"),
        _("No"),
        _("No"),
    ]
    assert first[keys.index("registered_on")].number_format == "dd.mm.yyyy"
    workbook.close()


def test_money_shown_with_its_currency_brings_the_currency_along(
    workshop: Database, tmp_path: Path
) -> None:
    result = run_export(workshop, registers.MEMBERS, tmp_path / "üzvlər.xlsx")
    assert result.columns[-1] == "fee_currency"
    assert "arrears" in result.columns
    header, rows = read_back(result.path)
    assert header[-1] == _("Currency")
    assert {row[-1] for row in rows} == {"AZN"}
    assert all(isinstance(row[result.columns.index("arrears")], int | float) for row in rows)


def test_csv_is_plain_comma_separated_text(workshop: Database, tmp_path: Path) -> None:
    i18n.set_language("ru")
    result = run_export(workshop, registers.EXPENSES, tmp_path / "xərclər.csv")
    with workshop.reading() as session:
        expected = registers.EXPENSES.fetch(session, limit=10_000)
    raw = result.path.read_bytes()
    assert raw.startswith(BOM)
    assert raw[len(BOM) :].decode("utf-8").splitlines()[0] == ",".join(
        _(c.title) for c in registers.EXPENSES.columns
    )
    _header, rows = read_back(result.path)
    keys = list(result.columns)
    assert len(rows) == len(expected) == result.rows
    for row, source in zip(rows, expected, strict=True):
        assert row[keys.index("spent_on")] == source[1 + keys.index("spent_on")].isoformat()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[keys.index("spent_on")])
        assert row[keys.index("amount")] == format(source[1 + keys.index("amount")], "f")
        assert re.fullmatch(r"-?\d+\.\d{2}", row[keys.index("amount")])


def test_text_that_looks_like_a_formula_stays_text(people_db: Database, tmp_path: Path) -> None:
    as_csv = run_export(
        people_db, registers.BENEFICIARIES, tmp_path / "b.csv", include_personal=True
    )
    as_xlsx = run_export(
        people_db, registers.BENEFICIARIES, tmp_path / "b.xlsx", include_personal=True
    )
    keys = list(as_csv.columns)
    _header, rows = read_back(as_csv.path)
    names = {row[keys.index("first_name")] for row in rows}
    assert '\'=HYPERLINK("http://example.com")' in names
    # A phone number starting with "+" is harmless and keeps its form.
    assert {row[keys.index("phone")] for row in rows} == {
        "+994 50 123 45 67",
        "+994 55 765 43 21",
        "",
    }

    workbook = openpyxl.load_workbook(as_xlsx.path)
    cells = [row[keys.index("first_name")] for row in workbook.active.iter_rows(min_row=2)]
    formula = next(c for c in cells if str(c.value).startswith("="))
    assert formula.data_type == "s"
    assert formula.value == '=HYPERLINK("http://example.com")'
    workbook.close()


def test_an_empty_view_writes_the_header_only(workshop: Database, tmp_path: Path) -> None:
    result = run_export(workshop, registers.BENEFICIARIES, tmp_path / "none.xlsx", search="qqqzzz")
    header, rows = read_back(result.path)
    assert result.rows == 0
    assert rows == []
    assert len(header) == len(result.columns)


# --- audit ------------------------------------------------------------------------------------


def test_export_is_audited_without_personal_data(workshop: Database, tmp_path: Path) -> None:
    register = registers.BENEFICIARIES
    result = run_export(
        workshop,
        register,
        tmp_path / "Şükürovlar.xlsx",
        search="şükür",
        filters=["idp"],
        include_personal=True,
        user_name="admin",
    )
    _header, rows = read_back(result.path)
    assert rows

    entity, user_name, detail = exports(workshop)[0]
    assert entity == "beneficiaries"
    assert user_name == "admin"
    assert detail == {
        "format": "xlsx",
        "rows": len(rows),
        "columns": list(result.columns),
        "personal": True,
        "search": True,
        "filters": ["idp"],
    }
    logged = json.dumps(detail, ensure_ascii=False).casefold()
    assert "şükür" not in logged
    personal = [result.columns.index(c.key) for c in export.personal_columns(register)]
    for row in rows:
        for position in personal:
            if row[position]:
                assert str(row[position]).casefold() not in logged


def test_audit_says_when_no_personal_data_left(workshop: Database, tmp_path: Path) -> None:
    run_export(workshop, registers.BENEFICIARIES, tmp_path / "b.csv", search="  ")
    [(_entity, _user, detail)] = exports(workshop)
    assert detail is not None
    assert detail["personal"] is False
    assert detail["search"] is False
    assert detail["format"] == "csv"


# --- refusals and failures --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list.pdf", "list.xls", "list", "list.csv.txt"])
def test_unknown_extension_is_refused(people_db: Database, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ValidationError) as raised:
        run_export(people_db, registers.BENEFICIARIES, folder / name)
    assert ".xlsx" in raised.value.user_message
    assert ".csv" in raised.value.user_message
    assert list(folder.iterdir()) == []
    assert export_count(people_db) == 0


def test_extension_in_capitals_is_understood(people_db: Database, tmp_path: Path) -> None:
    result = run_export(people_db, registers.BENEFICIARIES, tmp_path / "LIST.CSV")
    assert result.format is export.ExportFormat.CSV


def test_missing_folder_is_an_environment_failure(people_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "list.xlsx"
    with pytest.raises(EnvironmentFailure) as raised:
        run_export(people_db, registers.BENEFICIARIES, target)
    assert raised.value.path == str(target)
    assert not target.parent.exists()
    assert export_count(people_db) == 0


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="folder permissions bind neither root nor Windows",
)
def test_read_only_folder_is_an_environment_failure(people_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(EnvironmentFailure):
            run_export(people_db, registers.BENEFICIARIES, folder / "list.csv")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_target_that_cannot_be_replaced_is_left_alone(people_db: Database, tmp_path: Path) -> None:
    # A folder where the file should go: the rename at the end fails.
    target = tmp_path / "list.xlsx"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(EnvironmentFailure) as raised:
        run_export(people_db, registers.BENEFICIARIES, target)
    assert raised.value.path == str(target)
    assert (target / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert leftovers(tmp_path) == []
    assert export_count(people_db) == 0


@pytest.mark.parametrize("file_format", FORMATS)
def test_failure_midway_leaves_no_half_file_and_keeps_the_old_one(
    workshop: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_format: str
) -> None:
    monkeypatch.setattr(export, "WINDOW", 50)
    # Where a library would keep temporary copies of the rows (openpyxl does, for Excel).
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    target = tmp_path / f"list.{file_format}"
    target.write_bytes(b"last week's export")

    def disk_full(done: int, _total: int) -> None:
        if done >= 100:
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(EnvironmentFailure) as raised:
        run_export(workshop, registers.BENEFICIARIES, target, progress=disk_full)
    assert raised.value.path == str(target)
    assert target.read_bytes() == b"last week's export"
    assert leftovers(tmp_path) == []
    assert list(system_temp.iterdir()) == []
    assert export_count(workshop) == 0


@pytest.mark.parametrize("file_format", FORMATS)
def test_an_existing_file_the_user_chose_is_replaced_whole(
    people_db: Database, tmp_path: Path, file_format: str
) -> None:
    target = tmp_path / f"list.{file_format}"
    target.write_bytes(b"x" * 100_000)
    result = run_export(people_db, registers.BENEFICIARIES, target)
    _header, rows = read_back(target)
    assert len(rows) == result.rows == len(PEOPLE)
    assert leftovers(tmp_path) == []


# --- streaming --------------------------------------------------------------------------------


def test_large_export_is_read_in_windows(
    workshop: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "WINDOW", 50)
    limits: list[int] = []

    def note_window(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if "FROM beneficiary" in statement and "LIMIT" in statement:
            limits.append(parameters[-2])

    steps: list[tuple[int, int]] = []
    event.listen(workshop.engine, "before_cursor_execute", note_window)
    try:
        result = run_export(
            workshop,
            registers.BENEFICIARIES,
            tmp_path / "all.xlsx",
            progress=lambda done, total: steps.append((done, total)),
        )
    finally:
        event.remove(workshop.engine, "before_cursor_execute", note_window)

    assert result.rows == 300
    assert steps == [(0, 300), *((n, 300) for n in range(50, 301, 50))]
    # Six full windows, then one that comes back empty: never the whole table at once.
    assert limits == [50] * 7
    _header, rows = read_back(result.path)
    assert len(rows) == 300
    assert len({row[0] for row in rows}) == 300
