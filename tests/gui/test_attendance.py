"""The attendance sheet at the keyboard: 60 people of a session through search + Enter, a
multi-selection, copy from the previous session and a per-row value; saved in the real file;
the activity's Participation tab lists the sessions."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database, open_database
from cso_desktop.domain import vocab
from cso_desktop.services import activities, beneficiaries
from cso_desktop.ui.dialogs.activity import ActivityDialog
from cso_desktop.ui.dialogs.attendance import AttendanceSheet
from cso_desktop.ui.models.attendance_model import VALUE, AttendanceModel

from .test_forms_widgets import USER, type_text

PREVIOUS = dt.date(2025, 6, 3)
DAY = dt.date(2025, 6, 10)
KIT = vocab.ServiceType.TRAINING_SESSION


@pytest.fixture
def sample_db(sample_file: Path, tmp_path: Path) -> Iterator[Database]:
    target = tmp_path / "sample.csodb"
    shutil.copyfile(sample_file, target)
    database = open_database(target)
    yield database
    database.close()


@pytest.fixture
def activity_id(sample_db: Database) -> int:
    """The first activity, with a previous session of 40 people (B-000001 … B-000040)."""
    with sample_db.transaction() as session:
        activity = session.scalars(select(m.Activity).order_by(m.Activity.id)).first()
        assert activity is not None
        ids = session.scalars(
            select(m.Beneficiary.id).order_by(m.Beneficiary.registration_no).limit(40)
        ).all()
        activities.record_attendance(
            session, activity.id, PREVIOUS, KIT, [activities.AttendanceEntry(i) for i in ids]
        )
        return activity.id


def key(
    qtbot: QtBot,
    widget: object,
    key_: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.keyClick(widget, key_, modifier)


def test_sixty_people_through_the_sheet(
    qtbot: QtBot, qapp: QApplication, sample_db: Database, activity_id: int
) -> None:
    sheet = AttendanceSheet(db=sample_db, activity_id=activity_id, user_name=USER)
    qtbot.addWidget(sheet)
    sheet.show()
    # A new session starts with the defaults of the last one.
    assert sheet.service_type.currentData() == KIT.value
    assert sheet.model.rowCount() == 0
    type_text(qtbot, sheet.date, "10.06.2025")
    type_text(qtbot, sheet.value, "25,50")

    qtbot.mouseClick(sheet.copy_button, Qt.MouseButton.LeftButton)
    assert sheet.model.rowCount() == 40
    assert "40 people added" in sheet.note_label.text()

    # Type a number, Enter: the top hit is added and the box cleared, 18 times.
    for number in range(101, 119):
        type_text(qtbot, sheet.search, f"B-000{number}")
        key(qtbot, sheet.search, Qt.Key.Key_Return)
        assert sheet.search.text() == ""
    assert sheet.model.rowCount() == 58
    assert sheet.model.row(57).person.registration_no == "B-000118"

    # A search by name lists several; Down, Shift+Down selects two, Enter adds both.
    type_text(qtbot, sheet.search, "Şükürova Leyla")
    sheet.run_search(sheet.search.text())
    found = [sheet.results.row(i).key for i in range(sheet.results.rowCount())]
    assert len(found) >= 2
    fresh = [i for i in found if not sheet.model.contains(i)]
    key(qtbot, sheet.search, Qt.Key.Key_Down)
    assert sheet.results_view.hasFocus() or not sheet.isActiveWindow()
    selection = sheet.results_view.selectionModel()
    selection.clearSelection()
    for person in fresh[:2]:
        row = found.index(person)
        selection.select(
            sheet.results.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    key(qtbot, sheet.results_view, Qt.Key.Key_Return)
    assert sheet.model.rowCount() == 60
    assert sheet.count_label.text() == "60 people"

    # One person receives another value; another is unticked and added again with Select all.
    assert sheet.model.setData(sheet.model.index(0, VALUE), "100")
    sheet.model.setData(
        sheet.model.index(1, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert sheet.count_label.text() == "59 people ticked, 60 listed"
    qtbot.mouseClick(sheet.all_button, Qt.MouseButton.LeftButton)
    assert sheet.count_label.text() == "60 people"
    first_id = sheet.model.row(0).person.id

    assert sheet.save_button is not None
    qtbot.mouseClick(sheet.save_button, Qt.MouseButton.LeftButton)
    assert sheet.outcome == activities.AttendanceResult(created=60, updated=0, removed=0)
    assert sheet.changed and not sheet.isVisible()

    check = open_database(sample_db.path)  # type: ignore[arg-type]
    try:
        with check.reading() as session:
            rows = session.execute(
                select(m.ServiceDelivery.beneficiary_id, m.ServiceDelivery.value).where(
                    m.ServiceDelivery.activity_id == activity_id,
                    m.ServiceDelivery.delivered_on == DAY,
                )
            ).all()
    finally:
        check.close()
    values = dict(rows)
    assert len(values) == 60
    assert values[first_id] == Decimal("100.00")
    assert list(values.values()).count(Decimal("25.50")) == 59


def test_an_archived_person_is_refused_and_the_sheet_kept(
    qtbot: QtBot, qapp: QApplication, sample_db: Database, activity_id: int
) -> None:
    sheet = AttendanceSheet(db=sample_db, activity_id=activity_id, user_name=USER)
    qtbot.addWidget(sheet)
    sheet.show()
    type_text(qtbot, sheet.date, "10.06.2025")
    sheet.copy_previous()
    with sample_db.transaction() as session:
        beneficiaries.archive(session, sheet.model.row(3).person.id)
    assert not sheet.save()
    assert "is archived or erased" in sheet.problem_label.text()
    assert sheet.model.rowCount() == 40 and sheet.isVisible()
    with sample_db.reading() as session:
        assert activities.list_sessions(session, activity_id)[0].on == PREVIOUS


def test_a_past_session_opens_with_its_people_and_unticked_ones_are_removed(
    qtbot: QtBot, qapp: QApplication, sample_db: Database, activity_id: int
) -> None:
    sheet = AttendanceSheet(db=sample_db, activity_id=activity_id, on=PREVIOUS, user_name=USER)
    qtbot.addWidget(sheet)
    assert sheet.model.rowCount() == 40
    assert sheet.date.date() == PREVIOUS
    sheet.model.setData(
        sheet.model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert sheet.save()
    assert sheet.outcome == activities.AttendanceResult(created=0, updated=39, removed=1)


def test_the_participation_tab_lists_the_sessions(
    qtbot: QtBot, qapp: QApplication, sample_db: Database, activity_id: int
) -> None:
    with sample_db.transaction() as session:
        activities.record_attendance(
            session,
            activity_id,
            DAY,
            KIT,
            [activities.AttendanceEntry(i, value=Decimal("10"), currency="AZN") for i in (1, 2, 3)],
        )
    dialog = ActivityDialog(db=sample_db, record_id=activity_id, user_name=USER)
    qtbot.addWidget(dialog)
    dialog.show()
    rows = [r.cells for r in dialog.sessions_model.rows()]
    assert [r[1] for r in rows] == ["3", "40"]
    assert rows[0][3] == "Training session"
    assert rows[0][4] == "AZN30.00"
    assert dialog.record_button.isEnabled()
    assert "2 sessions recorded" in dialog.sessions_summary.text()


def test_the_sheet_model_passes_the_model_tester(
    qtmodeltester: ModelTester, qapp: QApplication, sample_db: Database
) -> None:
    model = AttendanceModel()
    with sample_db.reading() as session:
        model.add(activities.participants(session, range(1, 20), on=DAY))
    model.set_defaults(quantity=Decimal("2"), value=Decimal("5"), currency="AZN")
    qtmodeltester.check(model)
    assert model.rowCount() == 19
