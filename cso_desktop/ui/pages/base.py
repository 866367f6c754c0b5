"""What every page has: a key, a translated title, the open file, loading on first show."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cso_desktop.db.engine import Database
from cso_desktop.i18n import _
from cso_desktop.services.organisation import OrganisationProfile


@dataclass(frozen=True)
class OpenFile:
    """The organisation file shown in the window.

    Attributes:
        path: the file (``None`` for a server database).
        database: the open database.
        profile: the organisation's profile as it was when the file was opened.
    """

    path: Path | None
    database: Database
    profile: OrganisationProfile


@dataclass(frozen=True)
class PageState:
    """How far a page got, for the smoke test.

    Attributes:
        ready: the page shows its content (or gave up).
        ok: no error.
        detail: English text for the smoke output, e.g. ``200 of 500 rows``.
        has_rows: the page shows table rows (the smoke line says "first rows").
    """

    ready: bool
    ok: bool = True
    detail: str = ""
    has_rows: bool = False


class Page(QWidget):
    """A page of the main window.

    Content loads when the page is first shown after a file was opened (``activate``), so
    opening a file does not query every register at once.

    Attributes:
        key: stable identifier (``members``, ``settings``…).
        heading: the page title at the top.
    """

    def __init__(self, *, key: str, title: str, parent=None) -> None:
        super().__init__(parent)
        self.key = key
        self._title = title
        self._open_file: OpenFile | None = None
        self._stale = True
        self.heading = QLabel(self)
        self.heading.setObjectName("pageHeading")
        self.page_layout = QVBoxLayout(self)
        self.page_layout.setContentsMargins(20, 16, 20, 12)
        self.page_layout.setSpacing(10)
        self.page_layout.addWidget(self.heading)

    def title(self) -> str:
        """The page title in the current language."""
        return _(self._title)

    @property
    def open_file(self) -> OpenFile | None:
        return self._open_file

    def set_open_file(self, open_file: OpenFile | None) -> None:
        """Remember the file; its content loads at the next ``activate``."""
        self._open_file = open_file
        self._stale = True

    def activate(self) -> None:
        """The page is about to be shown: load what changed since it was last shown."""
        if self._stale:
            self._stale = False
            self.load()

    def invalidate(self) -> None:
        """The file's content changed: load again now if the page is shown, else when it is."""
        self._stale = True
        if self.isVisible():
            self.activate()

    def load(self) -> None:
        """Fill the page from the open file (subclasses)."""

    def retranslate(self) -> None:
        """Show every label in the language just chosen."""
        self.heading.setText(self.title())

    def smoke_state(self) -> PageState:
        return PageState(ready=True, detail="shown")
