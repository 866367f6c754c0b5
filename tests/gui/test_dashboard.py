"""The dashboard: counts, volunteers' documents that expire, fees owed, active volunteers, and
the links to the filtered registers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.domain import vocab
from cso_desktop.i18n import _
from cso_desktop.reports import budget as budget_report
from cso_desktop.reports import data as report_data
from cso_desktop.services import members, registers, volunteers
from cso_desktop.ui import ops
from cso_desktop.ui.mainwindow import MainWindow
from cso_desktop.ui.pages import dashboard
from cso_desktop.ui.pages.dashboard import ALERTS_SHOWN, alert_when
from cso_desktop.ui.pages.registers import RegisterPage

from .conftest import WindowFactory

#: How the demo_file fixture (tests/conftest.py) builds the shared workshop file.
DEMO_AS_OF = dt.date(2026, 6, 30)

T = TypeVar("T")


def read(path: Path, work: Callable[[Session], T]) -> T:
    """What the services answer on ``path`` (opened read-only, closed again)."""
    database = db_engine.open_readonly(path)
    try:
        with database.reading() as session:
            return work(session)
    finally:
        database.close()


def workshop_window(make_window: WindowFactory, path: Path) -> MainWindow:
    window = make_window()
    window.dashboard.as_of = DEMO_AS_OF
    window.open_path(path)
    assert window.dashboard.data is not None
    return window


def test_dashboard_lists_the_documents_that_expire(
    make_window: WindowFactory, demo_file: Path
) -> None:
    window = workshop_window(make_window, demo_file)
    expected = read(demo_file, lambda s: volunteers.alerts(s, as_of=DEMO_AS_OF))
    assert expected, "the workshop file has documents that expire around its day"
    panel = window.dashboard.alerts_panel
    assert panel.heading.text() == _("Documents expiring ({count})").format(
        count=i18n.format_integer(len(expected))
    )
    shown = [[label.text() for label in row] for row in panel.rows]
    assert len(shown) == min(len(expected), ALERTS_SHOWN)
    for texts, alert in zip(shown, expected, strict=False):
        assert texts[0] == alert.volunteer_name
        assert alert.title in texts[1]
        assert texts[2] == i18n.format_date(alert.expires_on)
        assert texts[3] == alert_when(alert)
    if len(expected) > ALERTS_SHOWN:
        assert panel.more_label.text() == _("and {count} more").format(
            count=len(expected) - ALERTS_SHOWN
        )


def test_dashboard_shows_fees_owed_and_active_volunteers_as_the_services_count_them(
    make_window: WindowFactory, demo_file: Path
) -> None:
    window = workshop_window(make_window, demo_file)
    owed = read(demo_file, lambda s: members.total_arrears(s, as_of=DEMO_AS_OF))
    owing = read(
        demo_file, lambda s: registers.MEMBERS.count(s, filters=["owes_fees"], as_of=DEMO_AS_OF)
    )
    active = read(
        demo_file, lambda s: registers.VOLUNTEERS.count(s, filters=["active"], as_of=DEMO_AS_OF)
    )
    assert owed > 0 and active > 0
    page = window.dashboard
    assert page.fees_panel.value.text() == i18n.format_money(owed, "AZN")
    assert i18n.format_integer(owing) in page.fees_panel.detail.text()
    assert page.active_panel.value.text() == i18n.format_integer(active)
    assert page.data is not None and page.data.active_volunteers == active
    assert "alerts" in page.smoke_state().detail


def test_the_expiring_documents_link_opens_volunteers_filtered(
    make_window: WindowFactory, demo_file: Path
) -> None:
    window = workshop_window(make_window, demo_file)
    window.dashboard.alerts_panel.link.click()
    page = window.current_page()
    assert isinstance(page, RegisterPage) and page.key == "volunteers"
    table = page.table("volunteers")
    assert table.model.filters == ("alerts",)
    assert table.filter_buttons["alerts"].isChecked()
    as_of = table.model.as_of
    count = read(
        demo_file, lambda s: registers.VOLUNTEERS.count(s, filters=["alerts"], as_of=as_of)
    )
    assert table.model.total == count


def test_the_fees_and_active_links_open_their_registers_filtered(
    make_window: WindowFactory, demo_file: Path
) -> None:
    window = workshop_window(make_window, demo_file)
    window.dashboard.fees_panel.link.click()
    page = window.current_page()
    assert isinstance(page, RegisterPage) and page.key == "members"
    assert page.table("members").model.filters == ("owes_fees",)
    window.show_page("dashboard")
    window.dashboard.active_panel.link.click()
    page = window.current_page()
    assert isinstance(page, RegisterPage) and page.key == "volunteers"
    assert page.table("volunteers").model.filters == ("active",)


def test_without_alerts_the_panel_says_so(make_window: WindowFactory, empty_file: Path) -> None:
    window = make_window(empty_file)
    # An empty file shows the workshop hint instead of the panels.
    assert not window.dashboard.attention_box.isVisibleTo(window)
    window.dashboard.alerts_panel.show_alerts(())
    assert window.dashboard.alerts_panel.empty_label.text() == _(
        "No insurance or certificate expires in the next {count} days."
    ).format(count=volunteers.ALERT_DAYS)
    assert window.dashboard.alerts_panel.rows == []


@pytest.mark.parametrize(
    ("days", "text"),
    [(3, "in 3 days"), (1, "in 1 day"), (0, "expires today"), (-1, "expired 1 day ago")],
)
def test_expiry_is_said_in_days(days: int, text: str) -> None:
    alert = volunteers.Alert(1, "V-1", "Əliyeva Aynur", "insurance", "P-1", DEMO_AS_OF, days)
    assert alert_when(alert) == text


def test_dashboard_follows_the_language(make_window: WindowFactory, demo_file: Path) -> None:
    window = workshop_window(make_window, demo_file)
    i18n.set_language("ru")
    data = window.dashboard.data
    assert data is not None
    assert window.dashboard.fees_panel.heading.text() == _("Fees owed")
    assert window.dashboard.fees_panel.value.text() == i18n.format_money(data.fees_owed, "AZN")
    assert window.dashboard.alerts_panel.rows[0][2].text() == i18n.format_date(
        data.alerts[0].expires_on
    )


def test_dashboard_loads_off_the_gui_thread(
    make_window: WindowFactory, demo_file: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    threads: list[threading.Thread] = []
    real = dashboard.load_dashboard

    def spy(database: db_engine.Database, *, as_of: dt.date) -> dashboard.DashboardData:
        threads.append(threading.current_thread())
        return real(database, as_of=as_of)

    monkeypatch.setattr(dashboard, "load_dashboard", spy)
    ops.set_synchronous(False)
    window = make_window()
    window.dashboard.as_of = DEMO_AS_OF
    with qtbot.waitSignal(window.open_file_changed, timeout=10_000):
        window.open_path(demo_file)
    qtbot.waitUntil(lambda: window.dashboard.data is not None, timeout=10_000)
    qtbot.waitUntil(lambda: ops.pending_count() == 0)
    assert threads and threads[0] is not threading.main_thread()


# --- this year: the figures and charts, the same as the reports ---------------------------------


def year_figures_of(path: Path) -> dict[str, Any]:
    """The year's figures of the workshop file, as reports.data and reports.budget give them."""
    scope = report_data.Scope.year(DEMO_AS_OF.year)

    def work(session: Session) -> dict[str, Any]:
        return {
            "reach": report_data.people_reached(session, scope),
            "services": report_data.services_delivered(session, scope),
            "hours": report_data.volunteer_hours(session, scope),
            "by_month": report_data.volunteer_hours_by_month(session, scope),
            "activities": report_data.activities_by_status(session, scope=scope),
            "budget": budget_report.budget_use_by_project(session, as_of=DEMO_AS_OF),
        }

    return read(path, work)


def assert_dashboard_shows(page: dashboard.DashboardPage, expected: dict[str, Any]) -> None:
    """Every number of the year section equals the report figure, as text and as chart value."""
    reach: report_data.Reach = expected["reach"]
    panel = page.year_panel
    assert panel.values["reached"].text() == i18n.format_integer(reach.total)
    assert panel.values["women_men"].text() == _("{women} / {men}").format(
        women=i18n.format_integer(reach.count(sex=vocab.Sex.FEMALE)),
        men=i18n.format_integer(reach.count(sex=vocab.Sex.MALE)),
    )
    assert panel.values["households"].text() == i18n.format_integer(reach.households)
    assert panel.values["services"].text() == i18n.format_integer(expected["services"])
    hours: Decimal = expected["hours"]
    assert panel.values["hours"].text() == i18n.format_decimal(
        hours, places=0 if hours == hours.to_integral_value() else 1
    )
    assert str(DEMO_AS_OF.year) in page.year_heading.text()

    # People reached: one bar per sex and broad age group (0–17, 18–59, 60+, unknown).
    chart = page.reach_chart
    drawn = 0
    for sex, bar_set in chart.bar_sets.items():
        for index in range(len(report_data.BROAD_BANDS)):
            bands = reach.in_bands(report_data.BROAD_BANDS, index)
            assert bar_set.at(index) == reach.count(sex=sex, bands=bands)
        assert bar_set.at(3) == reach.count(sex=sex, band=None)
        assert bar_set.label().endswith(i18n.format_integer(reach.count(sex=sex)))
        drawn += int(sum(bar_set.at(i) for i in range(bar_set.count())))
    assert drawn == reach.total
    assert {vocab.Sex.FEMALE, vocab.Sex.MALE} <= set(chart.bar_sets)

    # Volunteer hours by month.
    by_month = expected["by_month"]
    assert page.hours_chart.bar_set is not None
    assert [page.hours_chart.bar_set.at(i) for i in range(len(by_month))] == [
        float(h) for _m, h in by_month
    ]
    assert sum(h for _m, h in by_month) == hours

    # Activities by status.
    slices = page.status_chart.slices
    assert {status: int(piece.value()) for status, piece in slices.items()} == expected[
        "activities"
    ]

    # Budget used per project, top-down in the order of the report.
    budget = page.budget_chart
    uses = expected["budget"]
    assert uses and budget.bar_set is not None
    assert [budget.project_at(i).code for i in reversed(range(budget.bar_set.count()))] == [
        use.code for use in uses
    ]
    for index in range(budget.bar_set.count()):
        use = budget.project_at(index)
        assert budget.bar_set.at(index) == pytest.approx(float(use.share * 100))
        assert i18n.format_percent(use.share) in budget.categories[index]
        tooltip = budget.tooltip(index)
        assert i18n.format_money(use.spent_total, use.currency) in tooltip
        assert i18n.format_money(use.budget_total, use.currency) in tooltip
        assert budget.is_over(index) == (use.share > 1)


def test_the_year_figures_and_charts_equal_the_report_figures(
    make_window: WindowFactory, demo_file: Path
) -> None:
    i18n.set_language("az")
    window = workshop_window(make_window, demo_file)
    expected = year_figures_of(demo_file)
    assert expected["reach"].total > 0 and expected["hours"] > 0
    page = window.dashboard
    assert page.year_box.isVisibleTo(window)
    assert not any(
        chart.is_empty()
        for chart in (page.reach_chart, page.hours_chart, page.status_chart, page.budget_chart)
    )
    assert_dashboard_shows(page, expected)
    assert f"{expected['reach'].total} people reached in 2026" in page.smoke_state().detail


def test_the_year_charts_follow_the_language(make_window: WindowFactory, demo_file: Path) -> None:
    window = workshop_window(make_window, demo_file)
    page = window.dashboard
    i18n.set_language("ru")
    assert page.hours_chart.categories[:3] == ["янв.", "февр.", "март"]
    assert page.reach_chart.heading.text() == _("People reached by age group and sex")
    assert_dashboard_shows(page, year_figures_of(demo_file))


def test_without_services_this_year_the_charts_say_so(
    make_window: WindowFactory, sample_file: Path
) -> None:
    # The sample file has projects with budgets and expenses, but no services, no volunteer
    # hours and no activity in 2026.
    window = workshop_window(make_window, sample_file)
    page = window.dashboard
    assert page.year_box.isVisibleTo(window)
    assert page.reach_chart.is_empty() and page.reach_chart.chart.series() == []
    assert page.hours_chart.is_empty() and page.status_chart.is_empty()
    assert not page.budget_chart.is_empty()
    assert page.year_panel.values["reached"].text() == "0"
    assert page.year_panel.values["hours"].text() == "0"
    assert page.reach_chart.empty_label.text() == _("No one has received a service this year yet.")


def test_an_empty_organisation_shows_no_year_section(
    make_window: WindowFactory, empty_file: Path
) -> None:
    window = workshop_window(make_window, empty_file)
    page = window.dashboard
    assert not page.year_box.isVisibleTo(window)
    assert page.empty_hint.isVisibleTo(window)
    for chart in (page.reach_chart, page.hours_chart, page.status_chart, page.budget_chart):
        assert chart.is_empty()
