"""A document checks itself when built: a builder's mistake fails in its own tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from cso_desktop.reports.document import (
    BarChart,
    Document,
    KeyFigure,
    KeyFigures,
    Labels,
    RowStyle,
    Series,
    Suppressed,
    Table,
    TableColumn,
    ValueKind,
)
from cso_desktop.reports.files import atomic_write

COLUMNS = (TableColumn("Xərc"), TableColumn("Məbləğ", ValueKind.MONEY, currency="AZN"))


def test_a_total_must_add_up() -> None:
    rows = (("Kağız", Decimal("10.10")), ("Çap", Decimal("5.05")))

    Table(title="Xərclər", columns=COLUMNS, rows=rows, total_row=("Cəmi", Decimal("15.15")))
    with pytest.raises(ValueError, match=r"add up to 15\.15"):
        Table(title="Xərclər", columns=COLUMNS, rows=rows, total_row=("Cəmi", Decimal("15.16")))
    # Unique people across activities are fewer than the sum: the builder says so.
    Table(
        title="Xərclər",
        columns=COLUMNS,
        rows=rows,
        total_row=("Cəmi", Decimal("12.00")),
        total_is_sum=False,
    )


def test_headings_and_subtotals_are_not_counted_again() -> None:
    rows = (
        ("1. İnsan resursları", Decimal("30.00")),
        ("1.1 Rəhbər", Decimal("20.00")),
        ("1.2 Mühasib", Decimal("10.00")),
        ("Cəmi 1", Decimal("30.00")),
    )
    styles = (RowStyle.HEADING, RowStyle.INDENTED, RowStyle.INDENTED, RowStyle.SUBTOTAL)

    table = Table(
        title="Büdcə",
        columns=COLUMNS,
        rows=rows,
        row_styles=styles,
        total_row=("Cəmi", Decimal("30.00")),
    )

    assert [table.style(i) for i in range(4)] == list(styles)


@pytest.mark.parametrize(
    "value",
    [12.5, True, dt.datetime(2026, 1, 1, 9, 30)],
    ids=["float", "bool", "datetime"],
)
def test_values_of_the_wrong_type_are_refused(value: object) -> None:
    columns = (TableColumn("Tarix", ValueKind.DATE), TableColumn("Say", ValueKind.INTEGER))
    row = (dt.date(2026, 1, 1), value) if not isinstance(value, dt.datetime) else (value, 1)

    with pytest.raises(TypeError):
        Table(title="Say", columns=columns, rows=(row,))  # type: ignore[arg-type]


def test_rows_match_the_columns() -> None:
    with pytest.raises(ValueError, match="row 1 has 1 values for 2 columns"):
        Table(title="Xərclər", columns=COLUMNS, rows=(("Kağız",),))
    with pytest.raises(ValueError, match="money needs its currency"):
        TableColumn("Məbləğ", ValueKind.MONEY)
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        BarChart(title="Say", categories=("a", "b", "c"), series=(Series("Qadınlar", (1, 2)),))


def test_a_suppressed_count_must_be_explained() -> None:
    figures = KeyFigures((KeyFigure("Xidmət alan şəxslər", Suppressed("<5")),))

    with pytest.raises(ValueError, match="must say so"):
        Document(title="Hesabat", organisation_name="Birlik", language="az", blocks=(figures,))
    document = Document(
        title="Hesabat",
        organisation_name="Birlik",
        language="az",
        blocks=(figures,),
        public=True,
        small_count_note="5-dən az olan saylar <5 kimi göstərilir.",
    )
    assert document.has_suppressed()


def test_labels_default_to_the_current_language() -> None:
    labels = Document(title="Report", organisation_name="Birlik", language="en").labels

    assert labels == Labels.current()
    assert labels.page.format(page=1, pages=3) == "Page 1 of 3"
    assert (labels.summary, labels.name, labels.signature, labels.date) == (
        "Summary",
        "Full name",
        "Signature",
        "Date",
    )


def test_atomic_write_keeps_the_earlier_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "hesabat.pdf"
    target.write_bytes(b"earlier")

    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write(b"half a report")
        raise RuntimeError("the renderer failed")

    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["hesabat.pdf"]
    with atomic_write(target) as handle:
        handle.write(b"new report")
    assert target.read_bytes() == b"new report"
    assert [p.name for p in tmp_path.iterdir()] == ["hesabat.pdf"]
