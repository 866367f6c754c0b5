"""A report as a document: what to show, in order, with raw values — renderer-agnostic.

A report builder (progress, people reached, volunteers, finance, membership) writes its report
once as a :class:`Document`; :func:`cso_desktop.reports.pdf.render_pdf` and
:func:`cso_desktop.reports.xlsx.render_xlsx` lay it out. Like ``reports/data.py``, a document
holds raw values and no formatting:

* texts (titles, labels, paragraphs, column titles, category names) are ``str`` already
  translated by the builder into the document's language;
* values are ``int`` (counts), ``Decimal`` (money, hours, rates — never ``float``),
  ``datetime.date``, ``None`` (empty) or :class:`Suppressed` (a count hidden for privacy);
* a value's :class:`ValueKind` says how renderers format it: Babel in the PDF (``1.234,50`` in
  az, ``1 234,50`` in ru), number formats in Excel, where numbers stay numbers and dates dates.

The dataclasses check themselves when built (row lengths, value types, totals that add up), so a
builder's mistake fails in its tests, not in a donor's hands.

Example::

    Document(
        title=_("Donor progress report"),
        organisation_name=organisation.name,
        language=current_language(),
        meta=((_("Project"), project.title), (_("Period"), DateRange(start, end))),
        blocks=(
            Heading(_("People reached")),
            Table(
                title=_("People reached by activity type"),
                columns=(
                    TableColumn(_("Activity type")),
                    TableColumn(_("People"), ValueKind.INTEGER),
                ),
                rows=(("Training", 120), ("Legal aid", 35)),
                total_row=(_("Total"), 155),
            ),
        ),
    )
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from cso_desktop.i18n import LANGUAGES, _, pgettext


class ValueKind(StrEnum):
    """How a value is shown.

    ``PERCENT`` values are fractions: ``Decimal("0.125")`` is 12.5 %. ``MONEY`` values are in the
    currency of their column, key figure or chart.
    """

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"


#: Kinds whose column total is the sum of the rows (checked, see :class:`Table`).
SUMMED_KINDS = frozenset({ValueKind.INTEGER, ValueKind.DECIMAL, ValueKind.MONEY})
#: Kinds shown right-aligned.
NUMERIC_KINDS = frozenset({*SUMMED_KINDS, ValueKind.PERCENT})


@dataclass(frozen=True)
class Suppressed:
    """A count hidden because it is below the privacy threshold (public documents only).

    Attributes:
        marker: the text shown instead, e.g. ``"<5"``; the builder provides it.
    """

    marker: str


@dataclass(frozen=True)
class Money:
    """An amount with its currency (ISO 4217 code), for the cover's details."""

    amount: Decimal
    currency: str


@dataclass(frozen=True)
class DateRange:
    """A period, shown as one interval (``1 yanvar – 30 iyun 2026``)."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")


#: A table cell.
Value = str | int | Decimal | dt.date | Suppressed | None
#: A number in a key figure or a chart.
Number = int | Decimal
#: A detail on the cover (project, donor, period, reporting date...); its kind follows its type.
MetaValue = str | int | Decimal | dt.date | DateRange | Money


@dataclass(frozen=True)
class Labels:
    """The few words the renderers write themselves, in the document's language.

    ``Labels.current()`` (the default of :attr:`Document.labels`) translates them into the
    current language, like every other text the builder puts in the document.

    Attributes:
        page: the footer, with ``{page}`` and ``{pages}`` placeholders.
        summary: the name of the first sheet of a workbook.
        name, signature, date: the lines of a signature block.
    """

    page: str
    summary: str
    name: str
    signature: str
    date: str

    @classmethod
    def current(cls) -> Labels:
        return cls(
            page=_("Page {page} of {pages}"),
            summary=_("Summary"),
            # The person who signs: "Ф. И. О.", not the name of a thing.
            name=pgettext("signature block", "Full name"),
            signature=pgettext("signature block", "Signature"),
            date=pgettext("signature block", "Date"),
        )


# --- blocks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A section title; ``level`` 1 (section) to 3 (sub-sub-section)."""

    text: str
    level: int = 1

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"heading level must be 1, 2 or 3, not {self.level}")


@dataclass(frozen=True)
class Paragraph:
    """Running text; a line break (``\\n``) starts a new line."""

    text: str


@dataclass(frozen=True)
class KeyFigure:
    """One headline number (people reached, hours, budget used...)."""

    label: str
    value: Number | Suppressed | None
    kind: ValueKind = ValueKind.INTEGER
    currency: str | None = None
    places: int = 2

    def __post_init__(self) -> None:
        _check_number_kind(self.kind, self.currency, "key figure")
        if not (self.value is None or isinstance(self.value, Suppressed)):
            _check_value(self.kind, self.value, where=f"key figure {self.label!r}")


@dataclass(frozen=True)
class KeyFigures:
    """A row of headline numbers, shown as boxes."""

    items: tuple[KeyFigure, ...]


@dataclass(frozen=True)
class TableColumn:
    """A column of a :class:`Table`.

    Attributes:
        title: the column title (the renderers add the currency of a money column).
        kind: how its values are shown.
        currency: ISO code, required for ``MONEY`` columns.
        width: relative width in the PDF (e.g. 3 for a wide text column, 1 for a number); when
            no column has one, widths follow the content.
        places: decimal places of ``DECIMAL`` columns (money always has 2).
    """

    title: str
    kind: ValueKind = ValueKind.TEXT
    currency: str | None = None
    width: float | None = None
    places: int = 2

    def __post_init__(self) -> None:
        _check_number_kind(self.kind, self.currency, f"column {self.title!r}")
        if self.width is not None and self.width <= 0:
            raise ValueError(f"column {self.title!r}: width must be positive")

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


class RowStyle(StrEnum):
    """How a table row is shown, and whether it counts in the total.

    ``NORMAL`` and ``INDENTED`` rows (e.g. budget lines under their heading) are the rows the
    total adds up; ``HEADING`` rows (bold, shaded: a budget heading, possibly with its subtotal)
    and ``SUBTOTAL`` rows (bold) are not counted again.
    """

    NORMAL = "normal"
    INDENTED = "indented"
    HEADING = "heading"
    SUBTOTAL = "subtotal"

    @property
    def counted(self) -> bool:
        return self in (RowStyle.NORMAL, RowStyle.INDENTED)


@dataclass(frozen=True, kw_only=True)
class Table:
    """A table: a PDF table whose header repeats on every page, a sheet of its own in Excel.

    Attributes:
        title: shown above the table, and the name of its sheet (shortened to 31 characters).
        columns: the columns.
        rows: one tuple of values per row, in the columns' order.
        total_row: the last row, bold (its first cell usually reads "Total"); ``None``: none.
        row_styles: one :class:`RowStyle` per row, or empty for all ``NORMAL``.
        note: small text under the table (sources, definitions).
        total_is_sum: the total of each integer, decimal and money column is the exact sum of
            the counted rows (checked here, so totals add up when a donor re-sums the column).
            Set ``False`` when it is not (unique people across activities); then say so in the
            note.
    """

    title: str
    columns: tuple[TableColumn, ...]
    rows: tuple[tuple[Value, ...], ...]
    total_row: tuple[Value, ...] | None = None
    row_styles: tuple[RowStyle, ...] = ()
    note: str | None = None
    total_is_sum: bool = True

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValueError("a table needs a title (it names its sheet)")
        if not self.columns:
            raise ValueError(f"table {self.title!r} has no columns")
        if self.row_styles and len(self.row_styles) != len(self.rows):
            raise ValueError(
                f"table {self.title!r}: {len(self.row_styles)} row styles for {len(self.rows)} rows"
            )
        for number, row in enumerate(self.all_rows(), start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.title!r}: row {number} has {len(row)} values "
                    f"for {len(self.columns)} columns"
                )
            for column, value in zip(self.columns, row, strict=True):
                _check_cell(column, value, where=f"table {self.title!r}, row {number}")
        if self.total_row is not None and self.total_is_sum:
            self._check_totals(self.total_row)

    def all_rows(self) -> Iterator[tuple[Value, ...]]:
        """The rows, then the total row if any."""
        yield from self.rows
        if self.total_row is not None:
            yield self.total_row

    def style(self, index: int) -> RowStyle:
        return self.row_styles[index] if self.row_styles else RowStyle.NORMAL

    def has_suppressed(self) -> bool:
        return any(isinstance(value, Suppressed) for row in self.all_rows() for value in row)

    def _check_totals(self, total_row: tuple[Value, ...]) -> None:
        for position, column in enumerate(self.columns):
            total = total_row[position]
            if column.kind not in SUMMED_KINDS or not isinstance(total, int | Decimal):
                continue
            counted = [
                row[position] for index, row in enumerate(self.rows) if self.style(index).counted
            ]
            if any(isinstance(value, Suppressed) for value in counted):
                continue  # a public table: the total is the true one, some rows are hidden
            added = sum((value for value in counted if isinstance(value, int | Decimal)), 0)
            if added != total:
                raise ValueError(
                    f"table {self.title!r}, column {column.title!r}: total {total} "
                    f"but the rows add up to {added}"
                )


@dataclass(frozen=True)
class Series:
    """One series of a bar chart: a name (legend) and one value per category."""

    name: str
    values: tuple[Number, ...]


@dataclass(frozen=True, kw_only=True)
class BarChart:
    """Bars per category, one bar (or one stacked segment) per series.

    The PDF draws vertical bars for a few short categories and horizontal bars otherwise.
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_kind: ValueKind = ValueKind.INTEGER
    currency: str | None = None
    stacked: bool = False

    def __post_init__(self) -> None:
        _check_number_kind(self.value_kind, self.currency, f"chart {self.title!r}")
        if not self.categories or not self.series:
            raise ValueError(f"chart {self.title!r} has no categories or no series")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"chart {self.title!r}: series {series.name!r} has {len(series.values)} "
                    f"values for {len(self.categories)} categories"
                )
            for value in series.values:
                _check_value(self.value_kind, value, where=f"chart {self.title!r}")


@dataclass(frozen=True, kw_only=True)
class PieChart:
    """Shares of a whole: (label, value) slices, none negative."""

    title: str
    slices: tuple[tuple[str, Number], ...]
    value_kind: ValueKind = ValueKind.INTEGER
    currency: str | None = None

    def __post_init__(self) -> None:
        _check_number_kind(self.value_kind, self.currency, f"chart {self.title!r}")
        if not self.slices:
            raise ValueError(f"chart {self.title!r} has no slices")
        for _label, value in self.slices:
            _check_value(self.value_kind, value, where=f"chart {self.title!r}")
            if value < 0:
                raise ValueError(f"chart {self.title!r}: a slice cannot be negative")


@dataclass(frozen=True)
class SignatureBlock:
    """Lines for name, signature and date, one set per role (e.g. "Director", "Accountant")."""

    roles: tuple[str, ...]


@dataclass(frozen=True)
class PageBreak:
    """Start a new page (in the PDF; nothing in a workbook)."""


Block = Heading | Paragraph | KeyFigures | Table | BarChart | PieChart | SignatureBlock | PageBreak


@dataclass(frozen=True, kw_only=True)
class Document:
    """A whole report.

    Attributes:
        title: the report's name, on the cover and in every page header.
        organisation_name: in every page header.
        language: ``az``, ``ru`` or ``en`` — the language of the texts, and of the formatting.
        subtitle: under the title (e.g. the project's title).
        logo: the organisation's logo (PNG or JPEG bytes) for the page header.
        meta: (label, value) details on the cover: project, donor, period, reporting date...
        blocks: the content, in order.
        public: meant for public sharing; small counts are then :class:`Suppressed`.
        small_count_note: says on the document that small counts are hidden (e.g. "Counts below
            5 are shown as <5."); required when any value is suppressed.
        landscape: every page landscape (otherwise only a table too wide for portrait is).
        labels: the renderers' own words, by default in the current language.
    """

    title: str
    organisation_name: str
    language: str
    subtitle: str | None = None
    logo: bytes | None = None
    meta: tuple[tuple[str, MetaValue], ...] = ()
    blocks: tuple[Block, ...] = ()
    public: bool = False
    small_count_note: str | None = None
    landscape: bool = False
    labels: Labels = field(default_factory=Labels.current)

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"unknown language {self.language!r}")
        for label, value in self.meta:
            if not isinstance(value, str | int | Decimal | dt.date | DateRange | Money) or (
                isinstance(value, bool)
            ):
                raise TypeError(f"cover detail {label!r}: {type(value).__name__} is not shown")
        if self.small_count_note is None and self.has_suppressed():
            raise ValueError("some counts are suppressed: the document must say so")

    def has_suppressed(self) -> bool:
        for block in self.blocks:
            if isinstance(block, Table) and block.has_suppressed():
                return True
            if isinstance(block, KeyFigures) and any(
                isinstance(item.value, Suppressed) for item in block.items
            ):
                return True
        return False

    def tables(self) -> tuple[Table, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Table))


# --- checks -----------------------------------------------------------------------------------

_TYPES: dict[ValueKind, tuple[type, ...]] = {
    ValueKind.TEXT: (str,),
    ValueKind.INTEGER: (int,),
    ValueKind.DECIMAL: (int, Decimal),
    ValueKind.MONEY: (int, Decimal),
    ValueKind.PERCENT: (int, Decimal),
    ValueKind.DATE: (dt.date,),
}


def _check_number_kind(kind: ValueKind, currency: str | None, where: str) -> None:
    if kind is ValueKind.MONEY and not currency:
        raise ValueError(f"{where}: money needs its currency")


def _check_value(kind: ValueKind, value: object, *, where: str) -> None:
    # bool is an int to Python, and float is no place for money: both are builder mistakes.
    if isinstance(value, bool | float) or not isinstance(value, _TYPES[kind]):
        raise TypeError(f"{where}: {value!r} is not a {kind.value} value")
    if isinstance(value, dt.datetime):
        raise TypeError(f"{where}: {value!r} is a date and time, not a date")


def _check_cell(column: TableColumn, value: Value, *, where: str) -> None:
    if value is None or isinstance(value, Suppressed):
        return
    if isinstance(value, str):
        # A label in a number column: "Total" or a heading written across the row.
        return
    _check_value(column.kind, value, where=f"{where}, column {column.title!r}")
