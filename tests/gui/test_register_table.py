"""Column widths: fit the first rows, never cut a header, share the room that is left."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from cso_desktop.ui.pages.registers import RegisterPage
from cso_desktop.ui.widgets.register_table import MAX_COLUMN_WIDTH, fit_widths

from .conftest import WindowFactory


def test_columns_that_fit_keep_their_natural_width() -> None:
    assert fit_widths([100, 200], 400, minimum=[100, 140]) == [100, 200]


def test_wide_columns_give_up_room_in_proportion() -> None:
    assert fit_widths([100, 300, 300], 500, minimum=[100, 140, 140]) == [100, 200, 200]


def test_columns_never_shrink_below_their_minimum() -> None:
    widths = fit_widths([100, 300, 300], 200, minimum=[100, 140, 140])
    assert widths == [100, 140, 140]  # the view scrolls sideways instead


def test_headers_are_never_cut_and_long_values_are_capped(
    make_window: WindowFactory, demo_file: Path
) -> None:
    window = make_window(demo_file)
    window.show()
    page = window.show_page("projects")
    assert isinstance(page, RegisterPage)
    for table in page.tables:
        header = table.view.horizontalHeader()
        metrics = header.fontMetrics()
        for column in range(table.model.columnCount()):
            title = table.model.headerData(column, Qt.Orientation.Horizontal)
            assert header.sectionSize(column) >= metrics.horizontalAdvance(title), title
            if column < table.model.columnCount() - 1:  # the last one takes the rest
                assert header.sectionSize(column) <= MAX_COLUMN_WIDTH
