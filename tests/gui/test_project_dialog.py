"""The project editor and its logframe: build a results chain, compute an indicator, save."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtWidgets import QApplication, QDialog

from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import vocab
from cso_desktop.domain.vocab import ActivityType, IndicatorMethod, ResultLevel, Sex
from cso_desktop.services import projects
from cso_desktop.ui.dialogs.project import ProjectDialog
from cso_desktop.ui.models.logframe_model import (
    COLUMN_BASELINE,
    COLUMN_CHAIN,
    COLUMN_CURRENT,
    COLUMN_INDICATOR,
    COLUMN_TARGET,
    INDICATOR,
    RESULT,
    LogframeModel,
)
from cso_desktop.ui.widgets.logframe import (
    IndicatorDialog,
    IndicatorValuesDialog,
    LogframeEditor,
    ResultDialog,
)

from .test_forms_widgets import (
    USER,
    choose,
    install_answers,
    on_next_modal,
    type_text,
)


@pytest.fixture
def served_project(db: Database) -> int:
    """An EU project with a training: women 1 and 2 and man 3 on 10 March 2026, woman 1 again
    on 11 March (two sessions, three unique people)."""
    with db.transaction() as session:
        project_id = projects.create(
            session,
            projects.ProjectDraft(
                code="EU-1",
                title="Gənclərin məşğulluğu",
                donor_kind=vocab.DonorKind.EU,
                donor_name="Avropa İttifaqı",
                start_date=dt.date(2026, 1, 1),
                end_date=dt.date(2027, 12, 31),
                currency="EUR",
                indirect_rate=Decimal("7"),
            ),
        )
        activity = m.Activity(
            project_id=project_id,
            code="EU-1-A1",
            title="Peşə təlimi",
            activity_type=ActivityType.TRAINING,
            status=vocab.ActivityStatus.COMPLETED,
        )
        session.add(activity)
        people = []
        for n, sex in enumerate((Sex.FEMALE, Sex.FEMALE, Sex.MALE), start=1):
            person = m.Beneficiary(
                registration_no=f"B-{n:06d}",
                registered_on=dt.date(2025, 1, 1),
                sex=sex,
                displacement_status=vocab.DisplacementStatus.NONE,
            )
            session.add(person)
            people.append(person)
        session.flush()
        for person, day in (
            (people[0], dt.date(2026, 3, 10)),
            (people[1], dt.date(2026, 3, 10)),
            (people[2], dt.date(2026, 3, 10)),
            (people[0], dt.date(2026, 3, 11)),
        ):
            session.add(
                m.ServiceDelivery(
                    activity_id=activity.id,
                    beneficiary_id=person.id,
                    delivered_on=day,
                    service_type=vocab.ServiceType.TRAINING_SESSION,
                )
            )
    return project_id


def open_dialog(qtbot: QtBot, db: Database, record_id: int | None) -> ProjectDialog:
    dialog = ProjectDialog(db=db, record_id=record_id, user_name=USER)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def row_texts(model: LogframeModel, kind: str, record_id: int) -> list[str]:
    index = model.index_of(kind, record_id)
    assert index.isValid()
    return [model.index(index.row(), column, index.parent()).data() for column in range(6)]


def test_logframe_editor_builds_the_chain_and_computes_a_value(
    qtbot: QtBot, ui_app: QApplication, db: Database, served_project: int
) -> None:
    dialog = open_dialog(qtbot, db, served_project)
    editor = dialog.logframe
    dialog.tabs.setCurrentIndex(1)
    assert editor.add_impact_button.isVisible()
    assert not editor.add_outcome_button.isEnabled()

    def impact(sub: QDialog) -> None:
        assert isinstance(sub, ResultDialog)
        assert sub.code.text() == "OO"
        sub.title_edit.setPlainText("Gənclərin rifahı yaxşılaşır")
        assert sub.save()
        sub.accept()

    on_next_modal(impact)
    editor.add_impact_button.click()
    assert not editor.add_impact_button.isVisible()

    def outcome(sub: QDialog) -> None:
        assert isinstance(sub, ResultDialog)
        assert sub.code.text() == "SO1"
        sub.title_edit.setPlainText("Gənclər işə düzəlir")
        sub.assumptions.setPlainText("Yerli bazarda tələb var.")
        assert sub.save()
        sub.accept()

    on_next_modal(outcome)
    editor.add_outcome_button.click()

    def output(sub: QDialog) -> None:
        assert isinstance(sub, ResultDialog)
        assert sub.code.text() == "Op1.1"  # under the only outcome, numbered after it
        sub.title_edit.setPlainText("Gənclər peşə təlimi keçir")
        assert sub.save()
        sub.accept()

    on_next_modal(output)
    editor.add_output_button.click()
    kind, output_id = editor.selected() or ("", 0)
    assert kind == RESULT

    def indicator(sub: QDialog) -> None:
        assert isinstance(sub, IndicatorDialog)
        assert sub.code.text() == "Op1.1.1"
        sub.title_edit.setPlainText("Təlim keçmiş gənclər")
        type_text(qtbot, sub.unit, "people")
        type_text(qtbot, sub.target_value, "120")
        assert sub.baseline_value.text() == "0"
        assert sub.baseline_year.value() == 2026 and sub.target_year.value() == 2027
        choose(sub.method, IndicatorMethod.PEOPLE_REACHED.value)
        assert sub.activity_type.isEnabled()
        choose(sub.activity_type, ActivityType.TRAINING.value)
        assert sub.save()
        sub.accept()

    on_next_modal(indicator)
    editor.add_indicator_button.click()
    kind, indicator_id = editor.selected() or ("", 0)
    assert kind == INDICATOR

    frame = editor.frame()
    assert frame is not None
    assert [(n.level, n.code) for n in frame.walk()] == [
        (ResultLevel.IMPACT, "OO"),
        (ResultLevel.OUTCOME, "SO1"),
        (ResultLevel.OUTPUT, "Op1.1"),
    ]
    texts = row_texts(editor.model, INDICATOR, indicator_id)
    assert texts[COLUMN_INDICATOR] == "Op1.1.1 — Təlim keçmiş gənclər"
    assert texts[COLUMN_BASELINE] == "0 (2026)"
    assert texts[COLUMN_TARGET] == "120 (2027)"
    assert texts[COLUMN_CURRENT] == ""
    assert row_texts(editor.model, RESULT, output_id)[COLUMN_CHAIN] == (
        "Op1.1 — Gənclər peşə təlimi keçir"
    )

    seen: list[str] = []

    def values(sub: QDialog) -> None:
        assert isinstance(sub, IndicatorValuesDialog)
        type_text(qtbot, sub.period_start, "01.01.2026")
        type_text(qtbot, sub.period_end, "30.06.2026")
        # Nothing computed yet: saving is refused with a hint, nothing stored.
        assert not sub.save()
        assert sub.fields["total"].error == "Press “Compute from the data” first."
        sub.compute_button.click()
        assert sub.total.text() == "3"
        assert sub.sex_edits[Sex.FEMALE].text() == "2"
        assert sub.sex_edits[Sex.MALE].text() == "1"
        seen.append(sub.source.text())
        assert sub.save()
        sub.accept()

    on_next_modal(values)
    editor.values_button.click()
    assert seen == [
        "Computed from 4 service records of the project's activities of type “Training”, "
        "01.01.2026–30.06.2026"
    ]
    current = row_texts(editor.model, INDICATOR, indicator_id)[COLUMN_CURRENT]
    assert current == "3 (30/06/2026)\nfemale: 2, male: 1"
    with db.reading() as session:
        stored = projects.indicator_values(session, indicator_id)
    assert [(v.total, v.by_sex, v.is_computed) for v in stored] == [
        (Decimal("3"), ((Sex.FEMALE, Decimal("2")), (Sex.MALE, Decimal("1"))), True)
    ]
    assert dialog.changed


def test_move_and_delete_ask_before_deleting_what_hangs_below(
    qtbot: QtBot, ui_app: QApplication, db: Database, served_project: int
) -> None:
    with db.transaction() as session:
        impact = projects.add_result(
            session, served_project, projects.ResultDraft(ResultLevel.IMPACT, "OO", "Rifah")
        )
        first = projects.add_result(
            session,
            served_project,
            projects.ResultDraft(ResultLevel.OUTCOME, "SO1", "Birinci", parent_id=impact),
        )
        second = projects.add_result(
            session,
            served_project,
            projects.ResultDraft(ResultLevel.OUTCOME, "SO2", "İkinci", parent_id=impact),
        )
        projects.add_indicator(
            session, first, projects.IndicatorDraft(code="SO1.1", title="Faiz", unit="%")
        )
    answers = install_answers()
    editor = LogframeEditor(db=db, project_id=served_project, user_name=USER)
    qtbot.addWidget(editor)
    editor.show()
    editor.select(RESULT, second)
    editor.up_button.click()
    frame = editor.frame()
    assert frame is not None
    assert [n.code for n in frame.walk()] == ["OO", "SO2", "SO1"]
    assert editor.selected() == (RESULT, second)

    # Refused at the second question: everything stays.
    answers.answer("from the logframe", True)
    editor.select(RESULT, first)
    editor.delete_button.click()
    assert answers.texts()[-1] == "Deleting “SO1” also deletes 1 indicator. Delete them all?"
    frame = editor.frame()
    assert frame is not None and [n.code for n in frame.walk()] == ["OO", "SO2", "SO1"]
    # Confirmed: the outcome goes with its indicator.
    answers.answer("also deletes", True)
    editor.select(RESULT, first)
    editor.delete_button.click()
    frame = editor.frame()
    assert frame is not None and [n.code for n in frame.walk()] == ["OO", "SO2"]
    with db.reading() as session:
        assert session.scalars(select(m.Indicator.code)).all() == []


def test_editing_a_project_field_saves_it(
    qtbot: QtBot, ui_app: QApplication, db: Database, served_project: int
) -> None:
    dialog = open_dialog(qtbot, db, served_project)
    assert dialog.code.text() == "EU-1"
    assert dialog.indirect_rate.text() == "7"
    dialog.title_edit.setPlainText("Gənclərin məşğulluğu və sahibkarlığı")
    type_text(qtbot, dialog.dac_sector, "16020")
    dialog.rayons.add("AZ-GA")
    assert dialog.is_dirty()
    assert dialog.save()
    with db.reading() as session:
        detail = projects.get(session, served_project)
    assert detail.draft.title == "Gənclərin məşğulluğu və sahibkarlığı"
    assert detail.draft.dac_sector_code == "16020"
    assert detail.draft.rayon_codes == ("AZ-GA",)
    assert not dialog.is_dirty()


def test_validation_error_is_shown_and_nothing_is_lost(
    qtbot: QtBot, ui_app: QApplication, db: Database, served_project: int
) -> None:
    dialog = open_dialog(qtbot, db, served_project)
    type_text(qtbot, dialog.indirect_rate, "9")
    type_text(qtbot, dialog.donor_name, "EU Delegation")
    assert not dialog.save()
    problem = dialog.fields["indirect_rate"].error
    assert problem == (
        "EU grants allow indirect costs of at most 7.0% of the direct costs (Annex III). "
        "Enter 7.0% or less."
    )
    assert dialog.fields["indirect_rate"].error_label.isVisibleTo(dialog)
    # What was typed stays in the form, and the file is unchanged.
    assert dialog.indirect_rate.text() == "9"
    assert dialog.donor_name.text() == "EU Delegation"
    with db.reading() as session:
        detail = projects.get(session, served_project)
    assert detail.draft.indirect_rate == Decimal("7")
    assert detail.draft.donor_name == "Avropa İttifaqı"
    type_text(qtbot, dialog.indirect_rate, "6,5")
    assert dialog.save()
    with db.reading() as session:
        assert projects.get(session, served_project).draft.indirect_rate == Decimal("6.5")


def test_a_new_project_is_saved_before_its_logframe(
    qtbot: QtBot, ui_app: QApplication, db: Database
) -> None:
    dialog = open_dialog(qtbot, db, None)
    assert not dialog.logframe.isEnabled()
    assert not dialog.save()
    assert dialog.fields["code"].error and dialog.fields["donor_kind"].error
    type_text(qtbot, dialog.code, "OWN-2026")
    dialog.title_edit.setPlainText("Üzvlərin təşəbbüsləri")
    choose(dialog.donor_kind, vocab.DonorKind.OWN_FUNDS.value)
    type_text(qtbot, dialog.donor_name, "Own funds")
    type_text(qtbot, dialog.start_date, "01.01.2026")
    type_text(qtbot, dialog.end_date, "31.12.2026")
    dialog.go_sector.set_value("Health")
    assert dialog.save()
    dialog.reload()
    assert dialog.record_id is not None
    assert dialog.logframe.isEnabled()
    assert dialog.logframe.add_impact_button.isEnabled()


def test_logframe_model(qtmodeltester: ModelTester, qapp: QApplication, db: Database) -> None:
    with db.transaction() as session:
        project_id = projects.create(
            session,
            projects.ProjectDraft(
                code="P",
                title="P",
                donor_kind=vocab.DonorKind.OTHER,
                donor_name="D",
                start_date=dt.date(2026, 1, 1),
                end_date=dt.date(2026, 12, 31),
                currency="AZN",
            ),
        )
        impact = projects.add_result(
            session, project_id, projects.ResultDraft(ResultLevel.IMPACT, "OO", "Rifah")
        )
        outcome = projects.add_result(
            session,
            project_id,
            projects.ResultDraft(ResultLevel.OUTCOME, "SO1", "Nəticə", parent_id=impact),
        )
        projects.add_indicator(
            session, outcome, projects.IndicatorDraft(code="SO1.1", title="Faiz", unit="%")
        )
        frame = projects.logframe(session, project_id)
    model = LogframeModel()
    model.set_logframe(frame)
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    outcome_index = model.index_of(RESULT, outcome)
    assert model.rowCount(outcome_index) == 1
