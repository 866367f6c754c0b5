"""Reading real messy files: encodings, delimiters, workbooks, Kobo exports (sources.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from cso_desktop.domain.errors import ValidationError
from cso_desktop.services.importing.sources import detect_delimiter, kobo_header, read_source

CYRILLIC_ROWS = [
    ["Фамилия", "Имя", "Пол", "Дата рождения", "Район", "Сумма"],
    ["Алиев", "Али ", "М", "05.03.1985", "Барда", "150,50"],
    ["", "", "", "", "", ""],
    ["Зейналова", "Лейла", "Ж", "31.12.1990", "Апшерон район", "1 200,00"],
]


def _csv(rows: list[list[str]], delimiter: str) -> str:
    return "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"


def test_windows_1251_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "siyahı.csv"
    path.write_bytes(_csv(CYRILLIC_ROWS, ";").encode("cp1251"))

    source = read_source(path)

    assert (source.format, source.encoding, source.delimiter) == ("csv", "cp1251", ";")
    table = source.table
    assert table.headers == ("Фамилия", "Имя", "Пол", "Дата рождения", "Район", "Сумма")
    # Trailing spaces trimmed, the empty row dropped, row numbers as the user sees them.
    assert table.rows == (
        ("Алиев", "Али", "М", "05.03.1985", "Барда", "150,50"),
        ("Зейналова", "Лейла", "Ж", "31.12.1990", "Апшерон район", "1 200,00"),
    )
    assert table.row_numbers == (2, 4)
    assert source.sheets == ("",)
    assert table.name == "siyahı.csv"


def test_utf8_with_bom_and_commas(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    text = (
        "Ad,Soyad,Cins,Qeyd\r\n"
        'Əli,Əliyev,kişi,"Ünvan: Bərdə,\r\nkənd Şatırlı"\r\n'
        "Aygün,Şükürova,qadın,\r\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))

    source = read_source(path)

    assert (source.encoding, source.delimiter) == ("utf-8-sig", ",")
    assert source.table.headers == ("Ad", "Soyad", "Cins", "Qeyd")  # no BOM in the first header
    # A quoted field with a line break stays one cell of one row (as Excel shows it).
    assert source.table.rows[0] == ("Əli", "Əliyev", "kişi", "Ünvan: Bərdə,\r\nkənd Şatırlı")
    assert source.table.rows[1] == ("Aygün", "Şükürova", "qadın", None)
    assert source.table.row_numbers == (2, 3)


def test_utf8_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("Ad;Soyad\nİlahə;Məmmədova\n", encoding="utf-8")
    source = read_source(path)
    assert (source.encoding, source.delimiter) == ("utf-8", ";")
    assert source.table.rows == (("İlahə", "Məmmədova"),)


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")]
)
def test_utf16_tab_separated_as_excel_unicode_text(
    tmp_path: Path, encoding: str, bom: bytes
) -> None:
    path = tmp_path / "unicode.txt"
    text = _csv(CYRILLIC_ROWS, "\t")
    path.write_bytes(bom + text.encode(encoding))

    source = read_source(path)

    assert (source.encoding, source.delimiter) == ("utf-16", "\t")
    assert source.table.rows[1][0] == "Зейналова"
    assert source.table.row_numbers == (2, 4)


def test_delimiter_detection_counts_consistent_columns() -> None:
    # Decimal commas do not make a semicolon file comma-separated.
    assert detect_delimiter("Ad;Məbləğ\nƏli;150,50\nVəli;12,5\n") == ";"
    assert detect_delimiter("a,b,c\n1,2,3\n4,5,6\n") == ","
    assert detect_delimiter("a\tb\n1\t2\n") == "\t"
    # Separators inside quotes do not count.
    assert detect_delimiter('"a;b",c\n"1;2",3\n') == ","
    assert detect_delimiter("single\nvalue\n") == ","


def test_wider_rows_than_the_header_get_column_names(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("Ad,Ad,\nƏli,Vəli,extra\n", encoding="utf-8")
    table = read_source(path).table
    assert table.headers == ("Ad", "Ad (2)", "Column C")
    assert table.rows == (("Əli", "Vəli", "extra"),)


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def test_xlsx_dates_serials_empty_rows_and_trailing_columns(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Benefisiarlar"
    sheet.append(["Ad ", "Doğum tarixi", "Serial", None, None])
    sheet.append(["Əli  ", dt.datetime(1985, 3, 5), 31111, None, None])
    sheet.append([None, None, None])
    sheet.append(["Aygün", dt.date(1990, 12, 31), 33238.0])
    sheet["E10"] = "   "  # a cell of spaces far below: no row, no column
    workbook.create_sheet("Qeydlər").append(["not used"])
    workbook.save(path)

    source = read_source(path)

    assert source.format == "xlsx"
    assert source.sheets == ("Benefisiarlar", "Qeydlər")
    table = source.table
    assert table.name == "Benefisiarlar"
    assert table.headers == ("Ad", "Doğum tarixi", "Serial")
    assert table.rows == (
        ("Əli", dt.datetime(1985, 3, 5), 31111),
        ("Aygün", dt.datetime(1990, 12, 31), 33238),
    )
    assert table.row_numbers == (2, 4)


def test_xlsx_chosen_sheet(tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    _workbook(path, {"Birinci": [["A"], [1]], "İkinci": [["B"], [None], ["x"]]})
    table = read_source(path, sheet="İkinci").table
    assert (table.name, table.headers, table.rows, table.row_numbers) == (
        "İkinci",
        ("B",),
        (("x",),),
        (3,),
    )
    with pytest.raises(ValidationError, match="no sheet called"):
        read_source(path, sheet="Üçüncü")


def test_merged_group_header_over_a_second_header_row(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Ad", "Ünvan", None, "Telefon"])
    sheet.append([None, "Rayon", "Kənd", None])
    sheet.append(["Əli", "Bərdə", "Şatırlı", "0501234567"])
    sheet.merge_cells("B1:C1")
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("D1:D2")
    workbook.save(path)

    table = read_source(path).table

    assert table.headers == ("Ad", "Ünvan / Rayon", "Ünvan / Kənd", "Telefon")
    assert table.rows == (("Əli", "Bərdə", "Şatırlı", "0501234567"),)
    assert table.row_numbers == (3,)


def test_merged_header_cell_spread_over_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Ad", "Telefon", None])
    sheet.append(["Əli", "0501234567", "0551234567"])
    sheet.merge_cells("B1:C1")
    workbook.save(path)

    assert read_source(path).table.headers == ("Ad", "Telefon", "Telefon (2)")


KOBO_MAIN_XML = [
    [
        "start",
        "hh/rayon",
        "hh/settlement",
        "hh/phone",
        "_id",
        "_uuid",
        "_submission_time",
        "_index",
    ],
    ["2024-05-01", "Bərdə", "Şatırlı", "050 123 45 67", 101, "u-1", "2024-05-01T10:00:00", 1],
    ["2024-05-02", "Abşeron", "Masazır", "055 765 43 21", 102, "u-2", "2024-05-02T11:00:00", 2],
    ["2024-05-03", "Quba", "Qırmızı Qəsəbə", None, 103, "u-3", "2024-05-03T09:00:00", 3],
]
KOBO_ROSTER_XML = [
    [
        "hh/member/first_name",
        "hh/member/last_name",
        "hh/member/sex",
        "hh/member/dob",
        "_index",
        "_parent_table_name",
        "_parent_index",
        "_submission__id",
        "_submission__uuid",
    ],
    ["Əli", "Əliyev", "male", "1980-01-01", 1, "household_survey", 1, 101, "u-1"],
    ["Leyla", "Əliyeva", "female", "1984-02-02", 2, "household_survey", 1, 101, "u-1"],
    ["Nigar", "Həsənova", "female", "1990-03-03", 3, "household_survey", 2, 102, "u-2"],
]


def test_kobo_export_with_xml_names_joins_the_roster(tmp_path: Path) -> None:
    path = tmp_path / "kobo.xlsx"
    _workbook(path, {"household_survey": KOBO_MAIN_XML, "member": KOBO_ROSTER_XML})

    source = read_source(path)

    assert source.format == "kobo"
    assert source.sheets == ("household_survey", "member")
    table = source.table
    assert table.name == "household_survey + member"
    assert table.headers == (
        "start",
        "rayon",
        "settlement",
        "phone",
        "_id",
        "_uuid",
        "_submission_time",
        "_index",
        "first_name",
        "last_name",
        "sex",
        "dob",
    )
    rows = [dict(zip(table.headers, row, strict=True)) for row in table.rows]
    # One row per member, carrying the household's columns; household 3 has no members.
    assert [(r["first_name"], r["rayon"], r["_index"]) for r in rows] == [
        ("Əli", "Bərdə", 1),
        ("Leyla", "Bərdə", 1),
        ("Nigar", "Abşeron", 2),
        (None, "Quba", 3),
    ]
    assert rows[2]["phone"] == "055 765 43 21"
    # Member rows are numbered as in the roster sheet; the lone household as in the main one.
    assert table.row_numbers == (2, 3, 4, 4)


def test_kobo_export_with_label_headers(tmp_path: Path) -> None:
    path = tmp_path / "kobo_labels.xlsx"
    main = [
        ["Rayon", "Kənd", "Telefon nömrəsi", "_id", "_uuid", "_index"],
        ["Bərdə", "Şatırlı", "0501234567", 1, "u-1", 1],
    ]
    roster = [
        [
            "Ailə üzvləri/Adı",
            "Ailə üzvləri/Soyadı",
            "Ailə üzvləri/Cinsi",
            "_index",
            "_parent_index",
            "_parent_table_name",
        ],
        ["Əli", "Əliyev", "Kişi", 1, 1, "Ev təsərrüfatı"],
        ["Aynur", "Əliyeva", "Qadın", 2, 1, "Ev təsərrüfatı"],
    ]
    _workbook(path, {"Ev təsərrüfatı": main, "Ailə üzvləri": roster})

    table = read_source(path).table

    assert table.headers[-3:] == ("Adı", "Soyadı", "Cinsi")
    assert [row[-3] for row in table.rows] == ["Əli", "Aynur"]
    assert all(row[0] == "Bərdə" for row in table.rows)


def test_kobo_main_sheet_alone_when_chosen(tmp_path: Path) -> None:
    path = tmp_path / "kobo.xlsx"
    _workbook(path, {"household_survey": KOBO_MAIN_XML, "member": KOBO_ROSTER_XML})
    source = read_source(path, sheet="household_survey")
    assert source.format == "kobo"
    assert source.table.headers[:3] == ("start", "rayon", "settlement")
    assert len(source.table.rows) == 3


def test_kobo_roster_pointing_to_a_missing_household(tmp_path: Path) -> None:
    path = tmp_path / "kobo.xlsx"
    roster = [
        *KOBO_ROSTER_XML,
        ["Orxan", "Quliyev", "male", "2000-01-01", 4, "household_survey", 9, 109, "u-9"],
    ]
    _workbook(path, {"household_survey": KOBO_MAIN_XML, "member": roster})
    with pytest.raises(ValidationError, match="Row 5 of the sheet “member” belongs to household 9"):
        read_source(path)


def test_kobo_header() -> None:
    assert kobo_header("hh/member/name") == "name"
    assert kobo_header("name") == "name"
    assert kobo_header("Ailə üzvləri/Adı") == "Adı"


def test_old_excel_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "köhnə.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ValidationError) as caught:
        read_source(path)
    assert "Save As" in caught.value.user_message
    assert ".xlsx" in caught.value.user_message


def test_html_saved_as_xls_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>Ad</td></tr></table></body></html>")
    with pytest.raises(ValidationError, match="old Excel file"):
        read_source(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"\xef\xbb\xbf\r\n\r\n", "is empty"),
        (b"Ad;Soyad\r\n", "no rows under its column names"),
        (b"PK\x03\x04garbage that is not a zip", "could not be read as an Excel workbook"),
    ],
)
def test_unreadable_files_give_a_clear_message(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=expected):
        read_source(path)


def test_binary_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x00\x01\x02\x00\x98\x00\x00abc" * 10)
    with pytest.raises(ValidationError, match="not a text list"):
        read_source(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="was not found"):
        read_source(tmp_path / "none.csv")
