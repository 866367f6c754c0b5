"""The bundled Noto Sans, so ə, İ, ş, ₼ and Cyrillic render even where no fonts are installed.

Without it a bare office laptop or a minimal Linux draws empty boxes, and nothing warns about it.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import (
    QFont,
    QFontDatabase,
)
from PySide6.QtWidgets import QApplication

from cso_desktop import paths

log = logging.getLogger(__name__)

FAMILY = "Noto Sans"
FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
#: Smaller default sizes make Azerbaijani diacritics (ş, ç, ğ) hard to read on laptop screens.
MIN_POINT_SIZE = 10.0

_loaded: list[str] = []


def load_bundled_fonts() -> list[str]:
    """Register the bundled font files with Qt once; returns the families they provide."""
    if _loaded:
        return list(_loaded)
    for name in FILES:
        path = paths.fonts_dir() / name
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Could not load the bundled font %s", path)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in _loaded:
                _loaded.append(family)
    return list(_loaded)


def ui_font(base: QFont | None = None) -> QFont:
    """The interface font: Noto Sans at the platform's size (at least ``MIN_POINT_SIZE``)."""
    font = QFont(base) if base is not None else QFont()
    font.setFamilies([FAMILY])
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
    return font


def install(app: QApplication) -> QFont:
    """Load the bundled fonts and make Noto Sans the application font."""
    families = load_bundled_fonts()
    if FAMILY not in families:
        log.warning("Noto Sans is not available; letters such as ə may not render")
    font = ui_font(app.font())
    app.setFont(font)
    return font
