"""The donor reports that are coming, each with what it will contain. None can be made yet."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cso_desktop.i18n import N_, _
from cso_desktop.ui.pages.base import Page, PageState

TITLE = N_("Reports")


@dataclass(frozen=True)
class PlannedReport:
    """A report the app will produce.

    Attributes:
        key: stable identifier.
        title: untranslated title (``N_``).
        description: untranslated one-line description (``N_``).
    """

    key: str
    title: str
    description: str


PLANNED_REPORTS: tuple[PlannedReport, ...] = (
    PlannedReport(
        "donor_progress",
        N_("Donor progress report"),
        N_(
            "Progress of a project against its logframe indicators and activities, "
            "for a reporting period."
        ),
    ),
    PlannedReport(
        "people_reached",
        N_("People reached (SADD)"),
        N_("Unique people reached, by sex, age group and disability, each person counted once."),
    ),
    PlannedReport(
        "volunteers_fdrs",
        N_("Volunteers (FDRS)"),
        N_(
            "Volunteer numbers by sex and age, and the hours they gave, "
            "as the IFRC FDRS asks for them."
        ),
    ),
    PlannedReport(
        "financial",
        N_("Financial report"),
        N_(
            "Budget against actual spending for each budget heading and line, "
            "in the project currency."
        ),
    ),
    PlannedReport(
        "membership",
        N_("Membership"),
        N_("Members by category and status, and the membership fees paid in a year."),
    ),
    PlannedReport(
        "iati",
        N_("IATI"),
        N_("Projects, budgets and results as an IATI activity file, for publishing."),
    ),
    PlannedReport(
        "go_3w",
        N_("IFRC GO 3W"),
        N_("Who does what, where: activities by sector and rayon, for the IFRC GO 3W upload."),
    ),
)


class _ReportCard(QFrame):
    def __init__(self, *, report: PlannedReport, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("reportCard")
        self.report = report
        self.title_label = QLabel(self)
        self.title_label.setObjectName("reportTitle")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("notYetBadge")
        self.description_label = QLabel(self)
        self.description_label.setWordWrap(True)
        title_row = QHBoxLayout()
        title_row.setContentsMargins(0, 0, 0, 0)
        title_row.setSpacing(12)
        title_row.addWidget(self.title_label)
        title_row.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(4)
        layout.addLayout(title_row)
        layout.addWidget(self.description_label)

    def retranslate(self) -> None:
        self.title_label.setText(_(self.report.title))
        self.description_label.setText(_(self.report.description))
        self.status_label.setText(_("Not available yet"))


class ReportsPage(Page):
    """The list of planned donor reports, clearly marked as not available yet."""

    def __init__(self, *, parent=None) -> None:
        super().__init__(key="reports", title=TITLE, parent=parent)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.page_layout.addWidget(self.intro)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(scroll)
        content.setObjectName("reportsContent")
        cards = QVBoxLayout(content)
        cards.setContentsMargins(0, 0, 0, 0)
        cards.setSpacing(10)
        self.cards = [_ReportCard(report=report, parent=content) for report in PLANNED_REPORTS]
        for card in self.cards:
            cards.addWidget(card)
        cards.addStretch(1)
        scroll.setWidget(content)
        self.page_layout.addWidget(scroll, 1)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.intro.setText(
            _(
                "These donor reports are being built. Your registers, activities and budget "
                "already hold the data they will use."
            )
        )
        for card in self.cards:
            card.retranslate()

    def smoke_state(self) -> PageState:
        return PageState(ready=True, detail=f"{len(self.cards)} reports listed, none available yet")
