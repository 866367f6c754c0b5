"""Property-based tests: whatever the bytes and whatever the cells, the importer answers with a
translated ValidationError or a list of problems — never a crash — and checking never writes."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cso_desktop.db import engine as db_engine
from cso_desktop.db.engine import Database
from cso_desktop.domain import normalise
from cso_desktop.domain.errors import ValidationError
from cso_desktop.services.importing.checking import check
from cso_desktop.services.importing.mapping import Mapping
from cso_desktop.services.importing.schema import ImportKind, fields
from cso_desktop.services.importing.sources import Table, read_source

AS_OF = dt.date(2026, 6, 30)
SLOW_FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_XLSX_PARTS = st.dictionaries(
    st.sampled_from(
        [
            "[Content_Types].xml",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/worksheets/sheet1.xml",
            "xl/sharedStrings.xml",
            "_rels/.rels",
        ]
    ),
    st.one_of(
        st.binary(max_size=200),
        st.sampled_from(
            [
                b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheets><sheet name="A" sheetId="1" r:id="rId1"/>'
                b"</sheets></workbook>",
                b"<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>9</v></c></row>"
                b"</sheetData></worksheet>",
            ]
        ),
    ),
    max_size=6,
)

_FILE_BYTES = st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b),
    st.binary(max_size=500).map(lambda b: b"\xff\xfe" + b),
    st.binary(max_size=500).map(lambda b: b"\xef\xbb\xbf" + b),
    st.text(max_size=500).map(lambda t: t.encode("utf-8")),
    st.text(alphabet=';,\t"\r\n aƏж1', max_size=300).map(lambda t: t.encode("utf-8")),
    _XLSX_PARTS.map(_zip),
)


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW_FIXTURES)
@given(data=_FILE_BYTES, suffix=st.sampled_from([".csv", ".xlsx", ".txt", ".xls", ""]))
def test_any_bytes_read_or_refused_with_a_message(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    try:
        source = read_source(path)
    except ValidationError as exc:
        assert exc.user_message.strip()
        return
    table = source.table
    assert table.rows
    assert len(table.rows) == len(table.row_numbers)
    assert all(len(row) == len(table.headers) for row in table.rows)
    assert len({h.casefold() for h in table.headers}) == len(table.headers)


_CELLS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(
        [
            "qadın",
            "M",
            "05.03.1985",
            "31111",
            "Bərdə",
            "050 123 45 67",
            "5ZK7P2H",
            "bəli",
            "1",
            "4",
            "idp",
            "DEMO-EU",
            "DEMO-EU-A03",
            "B-000001",
            "1.1.1",
            "AZN",
            "GBP",
            "150,50",
            "31.12.2999",
            "0",
            "-1",
            "1e400",
            "NaN",
            " ",
            "low_income unemployed",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
)


@pytest.fixture
def demo(demo_file: Path) -> Database:
    return db_engine.open_readonly(demo_file)


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW_FIXTURES)
@given(data=st.data())
@pytest.mark.parametrize("kind", list(ImportKind))
def test_any_cells_are_checked_without_a_crash_and_without_writing(
    demo: Database, demo_file: Path, kind: ImportKind, data: st.DataObject
) -> None:
    keys = [f.key for f in fields(kind)]
    chosen = data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=len(keys), unique=True))
    headers = tuple(f"col {key}" for key in chosen)
    rows = data.draw(st.lists(st.tuples(*[_CELLS for _ in chosen]), min_size=1, max_size=8))
    table = Table("random", headers, tuple(rows), tuple(range(2, len(rows) + 2)))
    mapping = Mapping(kind, {key: f"col {key}" for key in chosen})
    before = demo_file.read_bytes()

    with demo.reading() as session:
        checked = check(session, kind, table, mapping, as_of=AS_OF)

    assert demo_file.read_bytes() == before
    good = {r.row for r in checked.records}
    assert not good & checked.bad_rows
    assert good | checked.bad_rows <= set(table.row_numbers)
    for problem in checked.problems:
        assert problem.message.strip()
        assert problem.column in headers or problem.column in keys


@settings(max_examples=300, deadline=None)
@given(value=_CELLS)
def test_parsers_raise_only_value_error(value: object) -> None:
    parsers = [
        normalise.parse_sex,
        normalise.parse_date,
        normalise.parse_rayon,
        normalise.parse_phone,
        normalise.parse_yes_no,
        normalise.parse_wg,
        normalise.parse_decimal,
        normalise.parse_integer,
    ]
    for parser in parsers:
        with contextlib.suppress(ValueError):
            parser(value)
    assert isinstance(normalise.cell_text(value), str)
