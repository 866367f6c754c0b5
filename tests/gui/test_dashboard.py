"""The dashboard: counts, volunteers' documents that expire, fees owed, active volunteers, and
the links to the filtered registers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.i18n import _
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
