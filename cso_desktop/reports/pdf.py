"""A :class:`~cso_desktop.reports.document.Document` as a PDF (reportlab platypus).

A4 portrait (landscape for the whole document when it asks, and for a table too wide for
portrait); Noto Sans regular and bold embedded, since the standard PDF fonts cannot draw ə, İ, ş
or Cyrillic; the organisation's logo and name on top of every page and "Page x of y" at the
bottom; a cover block with the title and the details; tables whose header row repeats on every
page, text cells wrapped, numbers right-aligned; charts drawn with reportlab graphics. Numbers,
money, percentages and dates are formatted by Babel for the document's language.

The file is written whole or not at all (:func:`cso_desktop.reports.files.atomic_write`).
"""

from __future__ import annotations

import functools
import io
import logging
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from babel import Locale
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import PageBreak as PdfPageBreak
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable
from reportlab.platypus import TableStyle as PdfTableStyle
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from cso_desktop import paths
from cso_desktop.reports import document as doc
from cso_desktop.reports.files import atomic_write
from cso_desktop.reports.formatting import Formatter, babel_locale, column_title

log = logging.getLogger(__name__)

FONT = "NotoSans"
FONT_BOLD = "NotoSans-Bold"

MARGIN = 18 * mm
HEADER_HEIGHT = 14 * mm
TOP_MARGIN = MARGIN + HEADER_HEIGHT
BOTTOM_MARGIN = 20 * mm

#: Table text size, and the smallest it may shrink to for a table too wide even in landscape.
CELL_SIZE = 8.0
MIN_CELL_SIZE = 5.5
CELL_PADDING = 4.0

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b7a")
RULE = colors.HexColor("#b8c2cc")
GRID = colors.HexColor("#d5dbe1")
HEADER_FILL = colors.HexColor("#e3eaf2")
HEADING_FILL = colors.HexColor("#eef2f6")
STRIPE = colors.HexColor("#f7f9fb")
TOTAL_FILL = colors.HexColor("#e3eaf2")
#: Okabe–Ito colours: told apart by colour-blind readers, and in greyscale print.
PALETTE = tuple(
    colors.HexColor(code)
    for code in (
        "#0072B2",
        "#E69F00",
        "#009E73",
        "#CC79A7",
        "#56B4E9",
        "#D55E00",
        "#F0E442",
        "#999999",
    )
)

_font_lock = threading.Lock()
#: Every table names our font, or reportlab sets Helvetica for its cells (and the PDF then lists
#: a font it does not embed).
_BASE_FONT = ("FONTNAME", (0, 0), (-1, -1), FONT)


def render_pdf(
    document: doc.Document, path: Path | str, *, locale: str | Locale | None = None
) -> Path:
    """Write ``document`` to ``path`` as a PDF.

    Args:
        document: the report.
        path: the target; a file already there is replaced once the PDF is complete.
        locale: the language (``"az"``), Babel identifier or ``Locale`` to format numbers and
            dates with; by default the document's language.

    Returns:
        ``path``.

    Raises:
        EnvironmentFailure: the folder is missing or read-only, the disk is full, or another
            program holds the target file. Nothing is left at ``path`` by a failure, and an
            earlier file there is kept.
    """
    path = Path(path)
    register_fonts()
    layout = _Layout(document, Formatter(babel_locale(locale or document.language)))
    flowables = layout.flowables()
    with atomic_write(path) as handle:
        template = _DocTemplate(handle, layout)
        template.build(
            flowables,
            canvasmaker=functools.partial(_NumberedCanvas, layout=layout),
        )
    return path


def register_fonts() -> None:
    """Register Noto Sans (regular and bold) with reportlab, once."""
    with _font_lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        fonts = paths.fonts_dir()
        pdfmetrics.registerFont(TTFont(FONT, str(fonts / "NotoSans-Regular.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(fonts / "NotoSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
        )


# --- styles -----------------------------------------------------------------------------------


def _style(name: str, **kwargs: Any) -> ParagraphStyle:
    base: dict[str, Any] = {"fontName": FONT, "fontSize": 9.5, "leading": 13, "textColor": INK}
    base.update(kwargs)
    return ParagraphStyle(name, **base)


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    headings: tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]
    body: ParagraphStyle
    note: ParagraphStyle
    caption: ParagraphStyle
    meta_label: ParagraphStyle
    meta_value: ParagraphStyle
    figure_value: ParagraphStyle
    figure_label: ParagraphStyle
    signature_role: ParagraphStyle
    signature_line: ParagraphStyle

    @classmethod
    def make(cls) -> _Styles:
        return cls(
            title=_style("title", fontName=FONT_BOLD, fontSize=19, leading=24, spaceAfter=4),
            subtitle=_style("subtitle", fontSize=12, leading=16, textColor=MUTED, spaceAfter=8),
            headings=(
                _style(
                    "h1",
                    fontName=FONT_BOLD,
                    fontSize=14,
                    leading=18,
                    spaceBefore=12,
                    spaceAfter=6,
                    keepWithNext=1,
                ),
                _style(
                    "h2",
                    fontName=FONT_BOLD,
                    fontSize=11.5,
                    leading=15,
                    spaceBefore=9,
                    spaceAfter=4,
                    keepWithNext=1,
                ),
                _style(
                    "h3",
                    fontName=FONT_BOLD,
                    fontSize=10,
                    leading=13,
                    spaceBefore=6,
                    spaceAfter=3,
                    keepWithNext=1,
                ),
            ),
            body=_style("body", spaceAfter=6),
            note=_style("note", fontSize=7.5, leading=10, textColor=MUTED, spaceBefore=3),
            caption=_style(
                "caption",
                fontName=FONT_BOLD,
                fontSize=9.5,
                leading=12.5,
                spaceBefore=8,
                spaceAfter=4,
                keepWithNext=1,
            ),
            meta_label=_style("meta_label", fontSize=9, leading=12, textColor=MUTED),
            meta_value=_style("meta_value", fontSize=9, leading=12),
            figure_value=_style("figure_value", fontName=FONT_BOLD, fontSize=16, leading=20),
            figure_label=_style("figure_label", fontSize=8, leading=10.5, textColor=MUTED),
            signature_role=_style("signature_role", fontName=FONT_BOLD, fontSize=9, leading=12),
            signature_line=_style("signature_line", fontSize=8, leading=10, textColor=MUTED),
        )


def _text(text: str) -> str:
    """Plain text as Paragraph markup: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


# --- layout -----------------------------------------------------------------------------------


class _Layout:
    """The flowables of a document, and what every page shows around them."""

    def __init__(self, document: doc.Document, formatter: Formatter) -> None:
        self.document = document
        self.fmt = formatter
        self.styles = _Styles.make()
        self.portrait_size = landscape(A4) if document.landscape else A4
        self.logo = _logo(document.logo)

    def frame_width(self, size: tuple[float, float]) -> float:
        return size[0] - 2 * MARGIN

    # ---- the flowables

    def flowables(self) -> list[Flowable]:
        story: list[Flowable] = self._cover()
        # Headings held back until the next block, so that a heading moves to a landscape page
        # together with its table.
        pending: list[Flowable] = []
        # Wide tables go on landscape pages; consecutive ones share them, and the next portrait
        # block starts a new portrait page.
        landscape = False
        for block in self.document.blocks:
            if isinstance(block, doc.Heading):
                style = self.styles.headings[block.level - 1]
                pending.append(PdfParagraph(_text(block.text), style))
                continue
            turned = False
            if isinstance(block, doc.Table):
                flowables, turned = self._table(block)
            else:
                flowables = self._block(block)
            if turned != landscape:
                # Break only when the page has something on it: a table that ended at the foot
                # of the previous page must not leave a blank page behind.
                template = "landscape" if turned else "portrait"
                story += [NextPageTemplate(template), PageBreakIfNotEmpty()]
                landscape = turned
            story += [*pending, *flowables]
            pending = []
        story += pending
        return story

    def _cover(self) -> list[Flowable]:
        document, styles = self.document, self.styles
        story: list[Flowable] = [PdfParagraph(_text(document.title), styles.title)]
        if document.subtitle:
            story.append(PdfParagraph(_text(document.subtitle), styles.subtitle))
        if document.meta:
            rows = [
                [
                    PdfParagraph(_text(label), styles.meta_label),
                    PdfParagraph(_text(self.fmt.meta(value)), styles.meta_value),
                ]
                for label, value in document.meta
            ]
            width = self.frame_width(self.portrait_size)
            meta = PdfTable(rows, colWidths=[0.3 * width, 0.7 * width], hAlign="LEFT")
            meta.setStyle(
                PdfTableStyle(
                    [
                        _BASE_FONT,
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                    ]
                )
            )
            story += [Spacer(1, 4), meta]
        if document.small_count_note:
            story.append(PdfParagraph(_text(document.small_count_note), styles.note))
        story.append(_Rule(self.frame_width(self.portrait_size)))
        return story

    def _block(self, block: doc.Block) -> list[Flowable]:
        styles = self.styles
        if isinstance(block, doc.Paragraph):
            return [PdfParagraph(_text(block.text), styles.body)]
        if isinstance(block, doc.KeyFigures):
            return self._key_figures(block)
        if isinstance(block, doc.BarChart):
            return [
                PdfParagraph(_text(block.title), styles.caption),
                _bar_chart(block, self.fmt, self._current_width()),
            ]
        if isinstance(block, doc.PieChart):
            return [
                PdfParagraph(_text(block.title), styles.caption),
                _pie_chart(block, self.fmt, self._current_width()),
            ]
        if isinstance(block, doc.SignatureBlock):
            return self._signatures(block)
        if isinstance(block, doc.PageBreak):
            return [PdfPageBreak()]
        raise TypeError(f"not a block: {block!r}")

    def _current_width(self) -> float:
        # Charts, figures and signatures are laid out on the document's usual pages.
        return self.frame_width(self.portrait_size)

    def _key_figures(self, block: doc.KeyFigures) -> list[Flowable]:
        if not block.items:
            return []
        per_row = min(4, len(block.items))
        width = self._current_width()
        cells: list[list[Any]] = []
        for start in range(0, len(block.items), per_row):
            row: list[Any] = []
            for item in block.items[start : start + per_row]:
                value = self.fmt.figure(
                    item.value, item.kind, currency=item.currency, places=item.places
                )
                row.append(
                    [
                        PdfParagraph(_text(value), self.styles.figure_value),
                        PdfParagraph(_text(item.label), self.styles.figure_label),
                    ]
                )
            row += [""] * (per_row - len(row))
            cells.append(row)
        table = PdfTable(cells, colWidths=[width / per_row] * per_row, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            _BASE_FONT,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ]
        for row_index, row in enumerate(cells):
            for column_index, cell in enumerate(row):
                if cell != "":
                    where = (column_index, row_index)
                    commands += [
                        ("BACKGROUND", where, where, HEADING_FILL),
                        ("BOX", where, where, 2, colors.white),
                    ]
        table.setStyle(PdfTableStyle(commands))
        return [Spacer(1, 4), table, Spacer(1, 6)]

    def _signatures(self, block: doc.SignatureBlock) -> list[Flowable]:
        if not block.roles:
            return []
        labels = self.document.labels
        per_row = min(3, len(block.roles))
        width = self._current_width()
        column = width / per_row
        label_width = max(
            pdfmetrics.stringWidth(text, FONT, 8) for text in (labels.name, labels.signature)
        )
        label_width = max(label_width, pdfmetrics.stringWidth(labels.date, FONT, 8)) + 6

        def role_cell(role: str) -> list[Flowable]:
            lines = PdfTable(
                [
                    [PdfParagraph(_text(text), self.styles.signature_line), ""]
                    for text in (labels.name, labels.signature, labels.date)
                ],
                colWidths=[label_width, column - label_width - 18],
                rowHeights=[24, 24, 24],
                hAlign="LEFT",
            )
            lines.setStyle(
                PdfTableStyle(
                    [
                        _BASE_FONT,
                        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                        ("LINEBELOW", (1, 0), (1, -1), 0.6, INK),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ]
                )
            )
            return [PdfParagraph(_text(role), self.styles.signature_role), lines]

        rows: list[list[Any]] = []
        for start in range(0, len(block.roles), per_row):
            row: list[Any] = [role_cell(role) for role in block.roles[start : start + per_row]]
            row += [""] * (per_row - len(row))
            rows.append(row)
        table = PdfTable(rows, colWidths=[column] * per_row, hAlign="LEFT")
        table.setStyle(
            PdfTableStyle(
                [
                    _BASE_FONT,
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 12),
                ]
            )
        )
        return [CondPageBreak(len(rows) * 110), KeepTogether([Spacer(1, 12), table])]

    # ---- tables

    def _table(self, block: doc.Table) -> tuple[list[Flowable], bool]:
        """The flowables of a table, and whether it needs a landscape page."""
        sizing = _TableSizing(block, self.fmt)
        size = self.portrait_size
        turned = False
        layout = sizing.fit(self.frame_width(size))
        if layout is None and not self.document.landscape:
            wide = self.frame_width(landscape(A4))
            layout = sizing.fit(wide)
            turned = layout is not None
            if layout is None:
                layout = sizing.squeeze(wide)
                turned = True
        elif layout is None:
            layout = sizing.squeeze(self.frame_width(size))
        flowables: list[Flowable] = [
            PdfParagraph(_text(block.title), self.styles.caption),
            self._table_flowable(block, layout),
        ]
        if block.note:
            flowables.append(PdfParagraph(_text(block.note), self.styles.note))
        if block.has_suppressed() and self.document.small_count_note:
            flowables.append(PdfParagraph(_text(self.document.small_count_note), self.styles.note))
        # Space after the table as the last flowable's spaceAfter, which a frame drops at the
        # foot of a page, rather than a Spacer that would spill onto a page of its own.
        flowables[-1].spaceAfter = 6
        return flowables, turned

    def _table_flowable(self, block: doc.Table, layout: _TableLayout) -> PdfTable:
        size = layout.font_size
        leading = size * 1.25
        cell = _style("cell", fontSize=size, leading=leading)
        cell_bold = _style("cell_bold", fontName=FONT_BOLD, fontSize=size, leading=leading)
        head = _style("head", fontName=FONT_BOLD, fontSize=size, leading=leading)
        head_right = _style(
            "head_right", fontName=FONT_BOLD, fontSize=size, leading=leading, alignment=TA_RIGHT
        )
        indented = _style("cell_indented", fontSize=size, leading=leading, leftIndent=size * 1.5)

        data: list[list[Any]] = [
            [
                PdfParagraph(
                    _text(column_title(column.title, column.currency)),
                    head_right if column.numeric else head,
                )
                for column in block.columns
            ]
        ]
        body_rows = len(block.rows)
        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
            ("INNERGRID", (0, 1), (-1, -1), 0.25, GRID),
            ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ]
        for position, column in enumerate(block.columns):
            if column.numeric:
                commands.append(("ALIGN", (position, 1), (position, -1), "RIGHT"))
        if body_rows:
            commands.append(("ROWBACKGROUNDS", (0, 1), (-1, body_rows), [colors.white, STRIPE]))

        for index, values in enumerate(block.rows):
            style = block.style(index)
            row_number = index + 1
            bold = style in (doc.RowStyle.HEADING, doc.RowStyle.SUBTOTAL)
            text_style = cell_bold if bold else cell
            data.append(self._cells(block, values, text_style, indented, style))
            if bold:
                commands.append(("FONTNAME", (0, row_number), (-1, row_number), FONT_BOLD))
            if style is doc.RowStyle.HEADING:
                commands.append(("BACKGROUND", (0, row_number), (-1, row_number), HEADING_FILL))
            if style is doc.RowStyle.SUBTOTAL:
                commands.append(("LINEABOVE", (0, row_number), (-1, row_number), 0.6, MUTED))
        if block.total_row is not None:
            row_number = body_rows + 1
            data.append(
                self._cells(block, block.total_row, cell_bold, indented, doc.RowStyle.NORMAL)
            )
            commands += [
                ("FONTNAME", (0, row_number), (-1, row_number), FONT_BOLD),
                ("BACKGROUND", (0, row_number), (-1, row_number), TOTAL_FILL),
                ("LINEABOVE", (0, row_number), (-1, row_number), 0.9, INK),
            ]
        table = PdfTable(
            data,
            colWidths=list(layout.widths),
            repeatRows=1,
            hAlign="LEFT",
            splitByRow=1,
            # A row taller than a page (a very long description) splits instead of failing.
            splitInRow=1,
        )
        table.setStyle(PdfTableStyle(commands))
        return table

    def _cells(
        self,
        block: doc.Table,
        values: Sequence[doc.Value],
        text_style: ParagraphStyle,
        indented: ParagraphStyle,
        row_style: doc.RowStyle,
    ) -> list[Any]:
        cells: list[Any] = []
        for position, (column, value) in enumerate(zip(block.columns, values, strict=True)):
            text = self.fmt.cell(value, column.kind, places=column.places)
            if column.numeric or column.kind is doc.ValueKind.DATE:
                cells.append(text)  # short, never wrapped: the column is sized to fit it
            else:
                style = indented if row_style is doc.RowStyle.INDENTED and position == 0 else None
                cells.append(PdfParagraph(_text(text), style or text_style))
        return cells


@dataclass(frozen=True)
class _TableLayout:
    widths: tuple[float, ...]
    font_size: float


class _TableSizing:
    """Column widths: numbers and dates fit on one line, text wraps between words.

    Widths are measured at :data:`CELL_SIZE` and scale with the font size.
    """

    #: A text column is never narrower than this (unless its longest word is shorter), nor
    #: wider than this when the table is not full.
    MIN_TEXT = 18 * mm
    MAX_WORD = 40 * mm

    def __init__(self, block: doc.Table, fmt: Formatter) -> None:
        self.block = block
        pad = 2 * CELL_PADDING + 1
        self.fixed: list[bool] = []
        self.natural: list[float] = []
        self.minimum: list[float] = []
        for position, column in enumerate(block.columns):
            title = column_title(column.title, column.currency)
            title_word = max((_width(word, bold=True) for word in title.split()), default=0.0)
            texts = [
                fmt.cell(row[position], column.kind, places=column.places)
                for row in block.all_rows()
            ]
            widest = max((_width(text, bold=True) for text in texts), default=0.0)
            if column.numeric or column.kind is doc.ValueKind.DATE:
                width = max(widest, title_word) + pad
                self.fixed.append(True)
                self.natural.append(width)
                self.minimum.append(width)
            else:
                line = max(
                    (_width(part) for text in texts for part in text.splitlines()), default=0.0
                )
                longest_word = max(
                    (_width(word) for text in texts for word in text.split()), default=0.0
                )
                self.fixed.append(False)
                self.natural.append(max(line, _width(title, bold=True)) + pad)
                self.minimum.append(
                    min(max(longest_word, title_word, self.MIN_TEXT), self.MAX_WORD) + pad
                )

    def fit(self, available: float) -> _TableLayout | None:
        """Widths filling ``available`` at the normal font size, or ``None`` if they don't fit."""
        hinted = self._hinted(available)
        if hinted is not None:
            return _TableLayout(hinted, CELL_SIZE)
        if sum(self.minimum) > available + 0.01:
            return None
        widths = list(self.natural)
        total = sum(widths)
        text_columns = [i for i, fixed in enumerate(self.fixed) if not fixed]
        if total <= available:
            # Room to spare: give it to the text columns (or all columns), so tables line up.
            grow = text_columns or list(range(len(widths)))
            weight = sum(widths[i] for i in grow)
            for i in grow:
                widths[i] += (available - total) * widths[i] / weight
            return _TableLayout(tuple(widths), CELL_SIZE)
        # Text columns share what numbers leave, each at least its minimum.
        room = available - sum(w for w, fixed in zip(widths, self.fixed, strict=True) if fixed)
        spare = room - sum(self.minimum[i] for i in text_columns)
        wants = sum(self.natural[i] - self.minimum[i] for i in text_columns)
        for i in text_columns:
            share = (self.natural[i] - self.minimum[i]) / wants if wants else 1 / len(text_columns)
            widths[i] = self.minimum[i] + spare * share
        return _TableLayout(tuple(widths), CELL_SIZE)

    def squeeze(self, available: float) -> _TableLayout:
        """Minimum widths with a smaller font, for a table too wide at the normal size."""
        scale = max(MIN_CELL_SIZE / CELL_SIZE, available / sum(self.minimum))
        widths = [width * scale for width in self.minimum]
        total = sum(widths)
        widths = [width * available / total for width in widths]
        return _TableLayout(tuple(widths), CELL_SIZE * scale)

    def _hinted(self, available: float) -> tuple[float, ...] | None:
        columns = self.block.columns
        if all(column.width is None for column in columns):
            return None
        weights = [column.width or 1.0 for column in columns]
        widths = tuple(available * weight / sum(weights) for weight in weights)
        # Hints are kept only when every number still fits on one line.
        fits = all(
            width >= self.minimum[i] - 0.01 for i, width in enumerate(widths) if self.fixed[i]
        )
        return widths if fits else None


def _width(text: str, *, bold: bool = False, size: float = CELL_SIZE) -> float:
    return pdfmetrics.stringWidth(text, FONT_BOLD if bold else FONT, size)


def _logo(data: bytes | None) -> ImageReader | None:
    if not data:
        return None
    try:
        reader = ImageReader(io.BytesIO(data))
        reader.getSize()
    except Exception:  # noqa: BLE001 - any undecodable image: the report is still worth having
        log.warning("the organisation's logo cannot be read as an image; left out of the PDF")
        return None
    return reader


class _Rule(Flowable):
    """A thin horizontal line across the frame."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width = width
        self.height = 10

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.6)
        self.canv.line(0, 5, self.width, 5)


# --- pages ------------------------------------------------------------------------------------


class _DocTemplate(BaseDocTemplate):
    """Portrait and landscape pages, each with the header."""

    def __init__(self, handle: Any, layout: _Layout) -> None:
        document = layout.document
        super().__init__(
            handle,
            pagesize=layout.portrait_size,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=document.title,
            author=document.organisation_name,
            subject=document.subtitle or "",
            creator="CSO Desktop",
            lang=document.language,
            invariant=1,
            # Otherwise every page names Helvetica, which is neither used nor embedded.
            initialFontName=FONT,
            initialFontSize=9,
        )
        self.layout = layout
        templates = []
        for name, size in (("portrait", layout.portrait_size), ("landscape", landscape(A4))):
            frame = Frame(
                MARGIN,
                BOTTOM_MARGIN,
                size[0] - 2 * MARGIN,
                size[1] - TOP_MARGIN - BOTTOM_MARGIN,
                id=name,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
            templates.append(
                PageTemplate(id=name, frames=[frame], onPage=self._header, pagesize=size)
            )
        self.addPageTemplates(templates)

    def _header(self, canvas: pdf_canvas.Canvas, _doc: BaseDocTemplate) -> None:
        layout = self.layout
        width, height = canvas._pagesize
        top = height - MARGIN + 4 * mm
        canvas.saveState()
        x = MARGIN
        logo_height = 10 * mm
        if layout.logo is not None:
            image_width, image_height = layout.logo.getSize()
            drawn = logo_height * image_width / image_height if image_height else 0
            drawn = min(drawn, 40 * mm)
            canvas.drawImage(
                layout.logo,
                x,
                top - logo_height,
                width=drawn,
                height=logo_height,
                preserveAspectRatio=True,
                anchor="sw",
                mask="auto",
            )
            x += drawn + 3 * mm
        right = width - MARGIN
        title = layout.document.title
        name = layout.document.organisation_name
        room = right - x
        # The organisation's full name matters more than the report title, which the cover
        # shows: the name takes what the title leaves (at least 60 %), in a smaller type if it
        # must, and is shortened only as a last resort.
        title_width = pdfmetrics.stringWidth(title, FONT, 8)
        name_room = max(room - title_width - 6 * mm, room * 0.6)
        size = 9.0
        while size > 7 and pdfmetrics.stringWidth(name, FONT_BOLD, size) > name_room:
            size -= 0.5
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, size)
        name = _clip(name, FONT_BOLD, size, name_room)
        canvas.drawString(x, top - logo_height / 2 - 3, name)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        used = pdfmetrics.stringWidth(name, FONT_BOLD, size) + 6 * mm
        canvas.drawRightString(right, top - logo_height / 2 - 3, _clip(title, FONT, 8, room - used))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, top - logo_height - 2 * mm, right, top - logo_height - 2 * mm)
        canvas.restoreState()


def _clip(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width``."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…" if text else ""


class _NumberedCanvas(pdf_canvas.Canvas):
    """Holds every page until the end, to write "Page x of y" once the count is known."""

    def __init__(self, *args: Any, layout: _Layout, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._layout = layout
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        layout = self._layout
        width = self._pagesize[0]
        fmt = layout.fmt
        text = layout.document.labels.page.format(
            page=fmt.integer(self._pageNumber), pages=fmt.integer(total)
        )
        y = BOTTOM_MARGIN - 10 * mm
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        self.line(MARGIN, y + 4 * mm, width - MARGIN, y + 4 * mm)
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        self.drawRightString(width - MARGIN, y, text)
        self.restoreState()


# --- charts -----------------------------------------------------------------------------------


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    # The renderer starts every drawing in this font (Helvetica otherwise, listed unembedded).
    drawing.initialFontName = FONT
    drawing.initialFontSize = 8
    return drawing


def _number(value: doc.Number) -> float:
    # Floats only to place bars on the page; labels are formatted from the exact values.
    return float(value)


def _nice_step(maximum: float, kind: doc.ValueKind) -> float:
    if maximum <= 0:
        return 1.0
    raw = maximum / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if kind is doc.ValueKind.INTEGER:
        step = max(1.0, round(step))
    return step


def _axis_label(fmt: Formatter, kind: doc.ValueKind) -> Any:
    def label(value: float) -> str:
        exact = Decimal(repr(value))
        if kind is doc.ValueKind.PERCENT:
            return fmt.percent(exact)
        if exact == exact.to_integral_value():
            return fmt.integer(exact)
        return fmt.decimal(exact)

    return label


def _wrap(text: str, width: float, size: float, max_lines: int = 3) -> str:
    lines = simpleSplit(text, FONT, size, width) or [""]
    if len(lines) > max_lines:
        lines = [
            *lines[: max_lines - 1],
            _clip(" ".join(lines[max_lines - 1 :]), FONT, size, width),
        ]
    return "\n".join(lines)


def _legend(names: Sequence[str], *, x: float, y: float, columns_max: int) -> Legend:
    legend = Legend()
    legend.fontName = FONT
    legend.fontSize = 8
    legend.x = x
    legend.y = y
    legend.boxAnchor = "sw"
    legend.columnMaximum = columns_max
    legend.alignment = "right"
    legend.dx = 8
    legend.dy = 8
    legend.dxTextSpace = 4
    legend.deltay = 11
    legend.strokeColor = None
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], name) for i, name in enumerate(names)]
    return legend


#: Bar charts: the size of the values written on the bars, and the gaps between bars (points).
BAR_LABEL_SIZE = 6.5
BAR_SPACING = 1.0
GROUP_SPACING = 6.0


def _bar_chart(block: doc.BarChart, fmt: Formatter, width: float) -> Drawing:
    size = 7.5
    categories = block.categories
    series = block.series
    values = [[_number(v) for v in s.values] for s in series]
    if block.stacked:
        maximum = max(sum(column) for column in zip(*values, strict=True))
    else:
        maximum = max(max(row) for row in values)
    step = _nice_step(maximum, block.value_kind)
    top = max(step, math.ceil(maximum / step) * step)
    legend_height = 18 if len(series) > 1 else 0
    axis_width = max(_width(_axis_label(fmt, block.value_kind)(top), size=size), 20) + 8

    plot_width = width - axis_width - 10
    slot = plot_width / len(categories)
    show_values = not block.stacked and len(categories) * len(series) <= 40
    label_texts = [
        [fmt.figure(v, block.value_kind, currency=block.currency) for v in s.values] for s in series
    ]
    label_width = max(
        (_width(text, size=BAR_LABEL_SIZE) for row in label_texts for text in row), default=0.0
    )
    # A vertical bar's value is written above it: it must fit the bar's width, or it would run
    # into its neighbour ("10.080,00 €10.881,56 €"); horizontal bars write it beside the bar.
    bar_width = (slot - GROUP_SPACING) / (1 if block.stacked else len(series)) - BAR_SPACING
    vertical = (
        len(categories) <= 12
        and all(
            len(simpleSplit(name, FONT, size, slot - 4)) <= 2
            and all(_width(word, size=size) <= slot - 4 for word in name.split())
            for name in categories
        )
        and (not show_values or label_width <= bar_width)
    )

    chart: VerticalBarChart | HorizontalBarChart
    if vertical:
        height = 190.0 + legend_height
        chart = VerticalBarChart()
        chart.x = axis_width
        chart.y = legend_height + 30
        chart.width = plot_width
        chart.height = height - chart.y - 14
        chart.categoryAxis.labels.boxAnchor = "n"
        chart.categoryAxis.labels.textAnchor = "middle"
        chart.categoryAxis.labels.dy = -3
        chart.categoryAxis.categoryNames = [_wrap(name, slot - 4, size, 2) for name in categories]
    else:
        value_width = label_width
        label_width = min(max(_width(name, size=size) for name in categories) + 6, 0.35 * width)
        bars = 1 if block.stacked else len(series)
        row = bars * 11 + 8
        plot_height = row * len(categories)
        height = plot_height + legend_height + 36
        chart = HorizontalBarChart()
        chart.x = label_width + 4
        chart.y = legend_height + 20
        chart.width = width - chart.x - max(30.0, (value_width + 8) if show_values else 0.0)
        chart.height = plot_height
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.textAnchor = "end"
        chart.categoryAxis.labels.dx = -4
        chart.categoryAxis.reverseDirection = 1
        chart.categoryAxis.categoryNames = [
            _wrap(name, label_width - 6, size, 2) for name in categories
        ]
    # reportlab stacks a category's bars upwards from the first series; horizontal groups read
    # top-down like the legend, so they are given last series first.
    order = list(range(len(series)))
    if not vertical and not block.stacked:
        order.reverse()
    chart.data = [values[i] for i in order]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = size
    chart.categoryAxis.labels.leading = size * 1.2
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = size
    chart.valueAxis.labelTextFormat = _axis_label(fmt, block.value_kind)
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.bars.strokeColor = None
    chart.barSpacing = BAR_SPACING
    chart.groupSpacing = GROUP_SPACING
    for position, index in enumerate(order):
        chart.bars[position].fillColor = PALETTE[index % len(PALETTE)]
    if block.stacked:
        chart.categoryAxis.style = "stacked"
    if show_values:
        chart.barLabelFormat = "values"
        chart.barLabelArray = [label_texts[i] for i in order]
        chart.barLabels.fontName = FONT
        chart.barLabels.fontSize = BAR_LABEL_SIZE
        chart.barLabels.fillColor = INK
        if vertical:
            chart.barLabels.nudge = 6
        else:
            chart.barLabels.boxAnchor = "w"
            chart.barLabels.dx = 3
    drawing = _drawing(width, height)
    drawing.add(chart)
    if len(series) > 1:
        drawing.add(
            _legend(
                [s.name for s in series],
                x=chart.x,
                y=0,
                columns_max=1,
            )
        )
    return drawing


def _pie_chart(block: doc.PieChart, fmt: Formatter, width: float) -> Drawing:
    size = 8.0
    total = sum((Decimal(value) for _label, value in block.slices), Decimal(0))
    diameter = 140.0
    names: list[str] = []
    legend_width = width - diameter - 50
    for label, value in block.slices:
        amount = fmt.figure(value, block.value_kind, currency=block.currency)
        share = fmt.percent(Decimal(value) / total) if total else ""
        text = f"{label}: {amount} ({share})" if share else f"{label}: {amount}"
        names.append(_wrap(text, legend_width - 20, size, 2))
    lines = sum(name.count("\n") + 1 for name in names)
    height = max(diameter + 20, lines * 11 + 20)
    pie = Pie()
    pie.x = 10
    pie.y = (height - diameter) / 2
    pie.width = pie.height = diameter
    pie.data = [_number(value) if value else 0.0001 for _label, value in block.slices]
    pie.labels = None
    pie.simpleLabels = 1
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 1
    for index in range(len(block.slices)):
        pie.slices[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing = _drawing(width, height)
    drawing.add(pie)
    legend = _legend(names, x=diameter + 40, y=height - 10, columns_max=len(names))
    legend.boxAnchor = "nw"
    legend.alignment = "right"
    drawing.add(legend)
    return drawing
