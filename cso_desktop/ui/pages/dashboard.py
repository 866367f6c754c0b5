"""The first page: the organisation, its record counts, what needs attention, and this year.

Below the counts: volunteers' documents (insurance, certificates) that expire soon or have just
expired, the membership fees owed, and how many volunteers are active. Each links to its register
with the matching filter on. Then the year's figures and charts: people reached by sex and age
group, activities by status, volunteer hours by month and the budget used per project. Those
figures come from ``reports`` (``reports.data``, ``reports.budget``), where the donor reports read
them too, so the dashboard and a report never disagree. Everything is read off the GUI thread in
one operation.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import (
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import CsoError
from cso_desktop.i18n import N_, _, ngettext
from cso_desktop.reports import budget as budget_report
from cso_desktop.reports import data as report_data
from cso_desktop.services import members, registers, summary, volunteers
from cso_desktop.ui import messages, ops
from cso_desktop.ui.pages.base import Page, PageState
from cso_desktop.ui.widgets import charts
from cso_desktop.ui.widgets.elided_label import ElidedLabel

log = logging.getLogger(__name__)

#: Rules added to the window's style sheet (``ui/style.py``) for the dashboard's cards.
STYLE = """
QFrame#panelCard {
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: 6px;
}
QFrame#panelCard QLabel {
    border: none;
    background: transparent;
}
QLabel#panelHeading {
    font-size: 11pt;
    font-weight: bold;
}
QLabel#alertExpired {
    color: #b42318;
}
QLabel#alertSoon {
    color: #6b4500;
}
QPushButton#linkButton {
    border: none;
    background: transparent;
    color: palette(link);
    padding: 2px 0px;
    text-align: left;
}
QPushButton#linkButton:hover, QPushButton#linkButton:focus {
    text-decoration: underline;
}
QLabel#sectionHeading {
    font-size: 13pt;
    font-weight: bold;
}
QLabel#yearValue {
    font-size: 16pt;
    font-weight: bold;
    color: #1d5fa8;
}
"""
STYLE += charts.STYLE

TITLE = N_("Dashboard")
FIGURE_COLUMNS = 5
#: Expiring documents listed on the dashboard; the register shows them all.
ALERTS_SHOWN = 6


@dataclass(frozen=True)
class DashboardData:
    """What the dashboard shows, read in one go off the GUI thread.

    Attributes:
        as_of: the day the figures are worked out for.
        counts: records per register (``summary.register_counts``).
        alerts: volunteers' documents expiring soon or just expired, soonest first.
        fees_owed: membership fees owed by current members.
        members_owing: how many members owe fees.
        active_volunteers: volunteers active under the organisation's rule.
        active_rule: that rule (hours a month over a number of months).
        year: the calendar year of ``as_of``, which the figures below cover.
        reach: unique people reached in the year (``reports.data.people_reached``).
        services: service deliveries in the year.
        hours: volunteer hours in the year.
        hours_by_month: volunteer hours per month of the year.
        activities: activities touching the year, per status.
        budget_use: budget used per project, as of ``as_of``.
    """

    as_of: dt.date
    counts: dict[str, int]
    alerts: tuple[volunteers.Alert, ...]
    fees_owed: Decimal
    members_owing: int
    active_volunteers: int
    active_rule: volunteers.ActiveRule
    year: int
    reach: report_data.Reach
    services: int
    hours: Decimal
    hours_by_month: tuple[tuple[dt.date, Decimal], ...]
    activities: dict[vocab.ActivityStatus, int]
    budget_use: tuple[budget_report.ProjectBudgetUse, ...]


def load_dashboard(database: Database, *, as_of: dt.date) -> DashboardData:
    """Read the dashboard's figures. Runs off the GUI thread."""
    year = report_data.Scope.year(as_of.year)
    with database.reading() as session:
        return DashboardData(
            as_of=as_of,
            counts=summary.register_counts(session),
            alerts=tuple(volunteers.alerts(session, as_of=as_of)),
            fees_owed=members.total_arrears(session, as_of=as_of),
            members_owing=registers.MEMBERS.count(session, filters=["owes_fees"], as_of=as_of),
            active_volunteers=registers.VOLUNTEERS.count(session, filters=["active"], as_of=as_of),
            active_rule=volunteers.active_rule(session),
            year=as_of.year,
            reach=report_data.people_reached(session, year),
            services=report_data.services_delivered(session, year),
            hours=report_data.volunteer_hours(session, year),
            hours_by_month=report_data.volunteer_hours_by_month(session, year),
            activities=report_data.activities_by_status(session, scope=year),
            budget_use=budget_report.budget_use_by_project(session, as_of=as_of),
        )


def alert_subject(alert: volunteers.Alert) -> str:
    """What expires: the policy or the certificate, by its number or title."""
    if alert.kind == "insurance":
        return _("Insurance {policy}").format(policy=alert.title).strip()
    return _("Certificate: {title}").format(title=alert.title)


def alert_when(alert: volunteers.Alert) -> str:
    """How far away the expiry is: "in 3 days", "today", "expired 5 days ago"."""
    days = alert.days_left
    if days > 0:
        return ngettext("in {count} day", "in {count} days", days).format(count=days)
    if days == 0:
        return _("expires today")
    return ngettext("expired {count} day ago", "expired {count} days ago", -days).format(
        count=-days
    )


def _hours(value: Decimal) -> str:
    whole = value == value.to_integral_value()
    return i18n.format_decimal(value, places=0 if whole else 1)


class _Figure(QFrame):
    """A number with its caption."""

    def __init__(self, *, label: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.label = label
        self.value = QLabel("–", self)
        self.value.setObjectName("figureValue")
        self.caption = QLabel(self)
        self.caption.setObjectName("figureCaption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def retranslate(self, count: int | None) -> None:
        self.caption.setText(_(self.label))
        self.value.setText("–" if count is None else i18n.format_integer(count))


def _link_button(parent: QWidget) -> QPushButton:
    button = QPushButton(parent)
    button.setObjectName("linkButton")
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class _Panel(QFrame):
    """A card with a heading, content and a link to the register behind it."""

    def __init__(self, *, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("panelCard")
        self.heading = QLabel(self)
        self.heading.setObjectName("panelHeading")
        self.heading.setWordWrap(True)
        self.content = QVBoxLayout()
        self.content.setContentsMargins(0, 0, 0, 0)
        self.content.setSpacing(4)
        self.link = _link_button(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 10)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(self.content)
        layout.addWidget(self.link, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)


class _AlertsPanel(_Panel):
    """The documents that expire soon, as a compact list."""

    def __init__(self, *, parent=None) -> None:
        super().__init__(parent=parent)
        self.list_box = QWidget(self)
        self.grid = QGridLayout(self.list_box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 3)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("hintText")
        self.empty_label.setWordWrap(True)
        self.more_label = QLabel(self)
        self.more_label.setObjectName("hintText")
        self.content.addWidget(self.list_box)
        self.content.addWidget(self.empty_label)
        self.content.addWidget(self.more_label)
        self.rows: list[tuple[QLabel, QLabel, QLabel, QLabel]] = []

    def show_alerts(self, alerts: tuple[volunteers.Alert, ...]) -> None:
        for row in self.rows:
            for label in row:
                self.grid.removeWidget(label)
                label.deleteLater()
        self.rows = []
        for position, alert in enumerate(alerts[:ALERTS_SHOWN]):
            name = ElidedLabel(alert.volunteer_name, parent=self.list_box)
            subject = ElidedLabel(alert_subject(alert), parent=self.list_box)
            date = QLabel(i18n.format_date(alert.expires_on), self.list_box)
            when = QLabel(alert_when(alert), self.list_box)
            when.setObjectName("alertExpired" if alert.expired else "alertSoon")
            for column, label in enumerate((name, subject, date, when)):
                label.setTextFormat(Qt.TextFormat.PlainText)
                self.grid.addWidget(label, position, column)
            self.rows.append((name, subject, date, when))
        self.list_box.setVisible(bool(alerts))
        hidden = len(alerts) - ALERTS_SHOWN
        self.more_label.setVisible(hidden > 0)
        if hidden > 0:
            self.more_label.setText(
                ngettext("and {count} more", "and {count} more", hidden).format(
                    count=i18n.format_integer(hidden)
                )
            )
        self.empty_label.setVisible(not alerts)
        self.empty_label.setText(
            ngettext(
                "No insurance or certificate expires in the next {count} day.",
                "No insurance or certificate expires in the next {count} days.",
                volunteers.ALERT_DAYS,
            ).format(count=volunteers.ALERT_DAYS)
        )
        self.link.setVisible(bool(alerts))


class _FigurePanel(_Panel):
    """One figure (a count or an amount) with a line under it."""

    def __init__(self, *, parent=None) -> None:
        super().__init__(parent=parent)
        self.value = QLabel("–", self)
        self.value.setObjectName("figureValue")
        self.detail = QLabel(self)
        self.detail.setObjectName("hintText")
        self.detail.setWordWrap(True)
        self.content.addWidget(self.value)
        self.content.addWidget(self.detail)


#: The year's figures shown as numbers beside the charts: key → caption.
YEAR_FIGURES = {
    "reached": N_("people reached (each person once)"),
    "women_men": N_("women / men reached"),
    "households": N_("households reached"),
    "services": N_("services delivered"),
    "hours": N_("volunteer hours"),
}


def year_figures(data: DashboardData) -> dict[str, str]:
    """The year's figures as the dashboard writes them, from the report figures."""
    reach = data.reach
    return {
        "reached": i18n.format_integer(reach.total),
        "women_men": _("{women} / {men}").format(
            women=i18n.format_integer(reach.count(sex=vocab.Sex.FEMALE)),
            men=i18n.format_integer(reach.count(sex=vocab.Sex.MALE)),
        ),
        "households": i18n.format_integer(reach.households),
        "services": i18n.format_integer(data.services),
        "hours": charts.format_hours(data.hours),
    }


class _YearPanel(QFrame):
    """The year's figures: a number and what it counts, one a line.

    Attributes:
        values: the number label of each figure (keys of ``YEAR_FIGURES``).
        captions: the caption label of each figure.
    """

    def __init__(self, *, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("panelCard")
        self.heading = QLabel(self)
        self.heading.setObjectName("panelHeading")
        self.heading.setWordWrap(True)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        for row, key in enumerate(YEAR_FIGURES):
            value = QLabel("–", self)
            value.setObjectName("yearValue")
            caption = QLabel(self)
            caption.setWordWrap(True)
            grid.addWidget(
                value, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
            grid.addWidget(caption, row, 1)
            self.values[key] = value
            self.captions[key] = caption
        grid.setColumnStretch(1, 1)
        self.note = QLabel(self)
        self.note.setObjectName("hintText")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 10)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        layout.addStretch(1)


class DashboardPage(Page):
    """The organisation's name, its figures and what needs attention, or a way in.

    Attributes:
        as_of: the day the figures are worked out for (``None``: today).

    Signals:
        open_requested(): the user wants to open an organisation file.
        new_requested(): the user wants to create a new organisation file.
        workshop_requested(): the user wants the workshop (demo) organisation.
        register_requested(str, str): the user wants a register (key) with a filter (key) on.
    """

    open_requested = Signal()
    new_requested = Signal()
    workshop_requested = Signal()
    register_requested = Signal(str, str)

    def __init__(self, *, parent=None) -> None:
        super().__init__(key="dashboard", title=TITLE, parent=parent)
        self.as_of: dt.date | None = None
        self._data: DashboardData | None = None
        self._failed = ""
        self._loading_for: Database | None = None

        content = QWidget(self)
        content.setObjectName("dashboardContent")

        # The organisation.
        self.name_label = QLabel(content)
        self.name_label.setObjectName("organisationName")
        self.name_label.setWordWrap(True)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label = QLabel(content)
        self.file_label.setObjectName("fileLabel")
        self.file_label.setWordWrap(True)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_label = QLabel(content)
        self.demo_label.setObjectName("demoBadge")
        self.demo_label.setWordWrap(True)

        # The counts.
        self.figures: dict[str, _Figure] = {}
        figures_box = QWidget(content)
        grid = QGridLayout(figures_box)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        for position, (key, label) in enumerate(summary.count_labels().items()):
            figure = _Figure(label=label, parent=figures_box)
            self.figures[key] = figure
            grid.addWidget(figure, position // FIGURE_COLUMNS, position % FIGURE_COLUMNS)
        for column in range(FIGURE_COLUMNS):
            grid.setColumnStretch(column, 1)
        self.figures_box = figures_box
        self.status_label = QLabel(content)
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("errorLabel")
        self.status_label.setVisible(False)

        # What needs attention.
        self.attention_box = QWidget(content)
        self.alerts_panel = _AlertsPanel(parent=self.attention_box)
        self.fees_panel = _FigurePanel(parent=self.attention_box)
        self.active_panel = _FigurePanel(parent=self.attention_box)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(10)
        side.addWidget(self.fees_panel)
        side.addWidget(self.active_panel)
        attention = QHBoxLayout(self.attention_box)
        attention.setContentsMargins(0, 0, 0, 0)
        attention.setSpacing(10)
        attention.addWidget(self.alerts_panel, 3)
        attention.addLayout(side, 2)

        # This year: the figures as numbers, then as charts.
        self.year_box = QWidget(content)
        self.year_heading = QLabel(self.year_box)
        self.year_heading.setObjectName("sectionHeading")
        self.year_heading.setWordWrap(True)
        self.year_panel = _YearPanel(parent=self.year_box)
        self.reach_chart = charts.PeopleReachedChart(parent=self.year_box)
        self.hours_chart = charts.VolunteerHoursChart(parent=self.year_box)
        self.status_chart = charts.ActivityStatusChart(parent=self.year_box)
        self.budget_chart = charts.BudgetUseChart(parent=self.year_box)
        first_row = QHBoxLayout()
        first_row.setSpacing(10)
        first_row.addWidget(self.year_panel, 2)
        first_row.addWidget(self.reach_chart, 3)
        # Twelve month names need the whole width (Russian ones are long).
        third_row = QHBoxLayout()
        third_row.setSpacing(10)
        third_row.addWidget(self.status_chart, 2)
        third_row.addWidget(self.budget_chart, 3)
        year_layout = QVBoxLayout(self.year_box)
        year_layout.setContentsMargins(0, 0, 0, 0)
        year_layout.setSpacing(10)
        year_layout.addWidget(self.year_heading)
        year_layout.addLayout(first_row)
        year_layout.addWidget(self.hours_chart)
        year_layout.addLayout(third_row)

        # Hint for an empty file.
        self.empty_hint = QFrame(content)
        self.empty_hint.setObjectName("hintCard")
        self.empty_text = QLabel(self.empty_hint)
        self.empty_text.setWordWrap(True)
        self.empty_workshop_button = QPushButton(self.empty_hint)
        hint_layout = QVBoxLayout(self.empty_hint)
        hint_layout.setContentsMargins(16, 12, 16, 12)
        hint_layout.addWidget(self.empty_text)
        hint_layout.addWidget(self.empty_workshop_button, 0, Qt.AlignmentFlag.AlignLeft)

        # No file open.
        self.no_file = QFrame(content)
        self.no_file.setObjectName("hintCard")
        self.no_file_text = QLabel(self.no_file)
        self.no_file_text.setWordWrap(True)
        self.open_button = QPushButton(self.no_file)
        self.new_button = QPushButton(self.no_file)
        self.workshop_button = QPushButton(self.no_file)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.new_button, self.workshop_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        no_file_layout = QVBoxLayout(self.no_file)
        no_file_layout.setContentsMargins(16, 12, 16, 12)
        no_file_layout.addWidget(self.no_file_text)
        no_file_layout.addLayout(buttons)

        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.name_label)
        layout.addWidget(self.file_label)
        layout.addWidget(self.demo_label)
        layout.addWidget(self.figures_box)
        layout.addWidget(self.status_label)
        layout.addSpacing(4)
        layout.addWidget(self.attention_box)
        layout.addSpacing(8)
        layout.addWidget(self.year_box)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.no_file)
        layout.addStretch(1)
        # Small screens and long translations scroll instead of squeezing the cards.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        self.page_layout.addWidget(scroll, 1)

        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.workshop_button.clicked.connect(self._on_workshop_button_clicked)
        self.empty_workshop_button.clicked.connect(self._on_workshop_button_clicked)
        self.alerts_panel.link.clicked.connect(self._on_alerts_link_clicked)
        self.fees_panel.link.clicked.connect(self._on_fees_link_clicked)
        self.active_panel.link.clicked.connect(self._on_active_link_clicked)
        self._update_visibility()
        self.retranslate()

    # --- loading ------------------------------------------------------------------------------

    @property
    def data(self) -> DashboardData | None:
        """The figures shown, once loaded."""
        return self._data

    def load(self) -> None:
        self._data = None
        self._failed = ""
        self._update_visibility()
        self._update_texts()
        if self.open_file is None:
            return
        database = self.open_file.database
        as_of = self.as_of or dt.date.today()
        self._loading_for = database
        ops.Op(
            op=lambda: load_dashboard(database, as_of=as_of),
            success=lambda data: self._show_data(database, data),
            failure=lambda exc: self._show_failure(database, exc),
            parent=self,
        ).run_in_background()

    def _current(self, database: Database) -> bool:
        return self.open_file is not None and self.open_file.database is database

    def _show_data(self, database: Database, data: DashboardData) -> None:
        if not self._current(database):
            return
        self._data = data
        self._update_visibility()
        self._update_texts()

    def _show_failure(self, database: Database, exc: Exception) -> None:
        if not self._current(database):
            return
        if isinstance(exc, CsoError):
            log.warning("Counting records failed: %s", exc.log_message)
            self._failed = exc.user_message
        else:
            log.error("Counting records failed", exc_info=exc)
            self._failed = _(
                "The figures could not be counted. Details were written to the log file: {path}"
            ).format(path=messages.log_file())
        self._data = None
        self._update_visibility()
        self._update_texts()

    # --- display ------------------------------------------------------------------------------

    def _is_empty(self) -> bool:
        return self._data is not None and not any(self._data.counts.values())

    def _update_visibility(self) -> None:
        has_file = self.open_file is not None
        for widget in (self.name_label, self.file_label, self.figures_box):
            widget.setVisible(has_file)
        self.demo_label.setVisible(
            has_file and bool(self.open_file and self.open_file.profile.is_demo)
        )
        self.no_file.setVisible(not has_file)
        self.empty_hint.setVisible(has_file and self._is_empty())
        self.attention_box.setVisible(has_file and self._data is not None and not self._is_empty())
        self.year_box.setVisible(has_file and self._data is not None and not self._is_empty())
        self.status_label.setVisible(has_file and bool(self._failed))

    def _currency(self) -> str:
        return self.open_file.profile.default_currency if self.open_file else "AZN"

    def _update_texts(self) -> None:
        open_file = self.open_file
        data = self._data
        if open_file is not None:
            self.name_label.setText(open_file.profile.name)
            where = str(open_file.path) if open_file.path else open_file.database.display_name
            self.file_label.setText(_("File: {path}").format(path=where))
        self.demo_label.setText(
            _(
                "This is the workshop organisation: its people and figures are invented, "
                "for practice."
            )
        )
        for key, figure in self.figures.items():
            figure.retranslate(data.counts.get(key) if data is not None else None)
        self.status_label.setText(self._failed)

        # Documents expiring.
        alerts = data.alerts if data is not None else ()
        self.alerts_panel.heading.setText(
            _("Documents expiring ({count})").format(count=i18n.format_integer(len(alerts)))
        )
        if data is not None:
            self.alerts_panel.show_alerts(alerts)
        self.alerts_panel.link.setText(_("Show these volunteers"))
        # Fees owed.
        self.fees_panel.heading.setText(_("Fees owed"))
        self.fees_panel.value.setText(
            i18n.format_money(data.fees_owed, self._currency()) if data is not None else "–"
        )
        owing = data.members_owing if data is not None else 0
        self.fees_panel.detail.setText(
            ngettext(
                "Membership fees not yet paid, by {count} member.",
                "Membership fees not yet paid, by {count} members.",
                owing,
            ).format(count=i18n.format_integer(owing))
        )
        self.fees_panel.link.setText(_("Show members who owe fees"))
        self.fees_panel.link.setVisible(owing > 0)
        # Active volunteers.
        self.active_panel.heading.setText(_("Active volunteers"))
        active = data.active_volunteers if data is not None else 0
        volunteer_count = data.counts.get("volunteers", 0) if data is not None else 0
        self.active_panel.value.setText(i18n.format_integer(active) if data is not None else "–")
        of_all = ngettext("of {count} volunteer", "of {count} volunteers", volunteer_count).format(
            count=i18n.format_integer(volunteer_count)
        )
        rule = data.active_rule if data is not None else volunteers.ActiveRule()
        rule_text = ngettext(
            "Active: {hours} hours or more in the last {months} month.",
            "Active: {hours} hours or more in the last {months} months.",
            rule.months,
        ).format(hours=_hours(rule.hours_needed), months=rule.months)
        self.active_panel.detail.setText(f"{of_all}\n{rule_text}")
        self.active_panel.link.setText(_("Show active volunteers"))
        self.active_panel.link.setVisible(active > 0)

        self._update_year(data)

        self.empty_text.setText(
            _(
                "This organisation file has no records yet. To look around first, open the "
                "workshop organisation: a practice organisation with invented people, projects "
                "and a budget."
            )
        )
        self.empty_workshop_button.setText(_("Open the workshop organisation"))
        self.no_file_text.setText(
            _(
                "No organisation file is open. Open an existing file, create a new one, or try "
                "the workshop organisation."
            )
        )
        self.open_button.setText(_("Open a file…"))
        self.new_button.setText(_("New organisation file…"))
        self.workshop_button.setText(_("Open the workshop organisation"))

    def _update_year(self, data: DashboardData | None) -> None:
        """The year's figures and charts (charts draw again, in the current language)."""
        year = str(data.year) if data is not None else ""
        self.year_heading.setText(_("This year: {year}").format(year=year))
        panel = self.year_panel
        panel.heading.setText(_("Figures for {year}").format(year=year))
        shown = year_figures(data) if data is not None else {}
        for key, caption in YEAR_FIGURES.items():
            panel.values[key].setText(shown.get(key, "–"))
            panel.captions[key].setText(_(caption))
        panel.note.setText(
            _(
                "The same figures as in the reports: a person served several times, or in "
                "several activities, is counted once."
            )
        )
        self.reach_chart.set_reach(data.reach if data is not None else None)
        self.hours_chart.set_months(data.hours_by_month if data is not None else ())
        self.status_chart.set_counts(data.activities if data is not None else {})
        self.budget_chart.set_projects(data.budget_use if data is not None else ())

    def retranslate(self) -> None:
        super().retranslate()
        self._update_texts()

    def smoke_state(self) -> PageState:
        if self._stale or (self.open_file is not None and self._data is None and not self._failed):
            return PageState(ready=False)
        if self._failed:
            return PageState(ready=True, ok=False, detail=f"failed: {self._failed}")
        if self.open_file is None or self._data is None:
            return PageState(ready=True, detail="no file open")
        data = self._data
        total = sum(data.counts.values())
        return PageState(
            ready=True,
            detail=(
                f"{len(self.figures)} figures, {total} records, {len(data.alerts)} alerts, "
                f"{data.active_volunteers} active volunteers, "
                f"{data.reach.total} people reached in {data.year}, "
                f"{len(data.budget_use)} project budgets"
            ),
        )

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_open_button_clicked(self) -> None:
        self.open_requested.emit()

    @Slot()
    def _on_new_button_clicked(self) -> None:
        self.new_requested.emit()

    @Slot()
    def _on_workshop_button_clicked(self) -> None:
        self.workshop_requested.emit()

    @Slot()
    def _on_alerts_link_clicked(self) -> None:
        self.register_requested.emit(registers.VOLUNTEERS.key, "alerts")

    @Slot()
    def _on_fees_link_clicked(self) -> None:
        self.register_requested.emit(registers.MEMBERS.key, "owes_fees")

    @Slot()
    def _on_active_link_clicked(self) -> None:
        self.register_requested.emit(registers.VOLUNTEERS.key, "active")
