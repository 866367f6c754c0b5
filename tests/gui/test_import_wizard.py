"""The import wizard, step by step, into a real organisation file.

Files are generated here: a KoboToolbox-like beneficiaries workbook (label headers in
Azerbaijani, Kobo's own ``start``/``_uuid``/``_submission_time`` columns, an Excel serial date),
the same file with problems, and one with people already in the register. Every service is the
real one; ops run synchronously (tests/gui/conftest.py).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import openpyxl
import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from cso_desktop import i18n
from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import vocab
from cso_desktop.services import beneficiaries
from cso_desktop.services.importing import mapping
from cso_desktop.services.importing.duplicates import Certainty, Decision
from cso_desktop.services.importing.schema import ImportKind
from cso_desktop.ui.dialogs.import_wizard import ImportWizard, Step
from cso_desktop.ui.models import import_duplicates_model as dup_model
from cso_desktop.ui.models import import_mapping_model as map_model
from cso_desktop.ui.models import import_problems_model as prob_model

from .conftest import ShownMessages

USER = "Test İstifadəçi"
AS_OF = dt.date(2026, 3, 15)

#: A KoboToolbox export as field teams send it: label headers, Kobo's own columns.
KOBO_HEADERS = (
    "start",
    "end",
    "Soyadı",
    "Adı",
    "Cinsi",
    "Doğum tarixi",
    "Telefon",
    "FİN",
    "Rayon",
    "Razılıq tarixi",
    "_uuid",
    "_submission_time",
    "_index",
)
#: Excel's serial number of 12.04.1988 (days since 30.12.1899).
SERIAL_1988_04_12 = (dt.date(1988, 4, 12) - dt.date(1899, 12, 30)).days

GOOD_ROWS: tuple[tuple[object, ...], ...] = (
    (
        "2026-03-01T09:00:00",
        "2026-03-01T09:10:00",
        "Əliyeva",
        "Aynur",
        "qadın",
        "05.06.1990",
        "050 555 12 34",
        "5ABCD12",
        "Şəki",
        "01.03.2026",
        "uuid-1",
        "2026-03-01T09:11:00",
        1,
    ),
    (
        "2026-03-01T10:00:00",
        "2026-03-01T10:10:00",
        "Məmmədov",
        "Rəşad",
        "kişi",
        SERIAL_1988_04_12,
        "+994 55 444 33 22",
        "7XYZ123",
        "Bakı",
        "01.03.2026",
        "uuid-2",
        "2026-03-01T10:11:00",
        2,
    ),
    (
        "2026-03-01T11:00:00",
        "2026-03-01T11:10:00",
        "Иванова ",
        "Наталья",
        "Ж",
        "1975-11-30",
        "",
        "",
        "Гянджа",
        "01.03.2026",
        "uuid-3",
        "2026-03-01T11:11:00",
        3,
    ),
)


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Anket"
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def with_problems() -> list[tuple[object, ...]]:
    """The good rows plus one with an impossible date (row 5) and one with no sex (row 6)."""
    rows = [list(row) for row in GOOD_ROWS]
    bad_date = list(GOOD_ROWS[0])
    bad_date[2:8] = ["Hüseynova", "Leyla", "qadın", "31.02.1995", "", "1QWE234"]
    no_sex = list(GOOD_ROWS[1])
    no_sex[2:8] = ["Quliyev", "Orxan", "", "01.01.2001", "", "2ASD345"]
    return [tuple(row) for row in (*rows, bad_date, no_sex)]


@pytest.fixture
def wizard_factory(
    qtbot: QtBot, qapp: QApplication, db: Database, monkeypatch: pytest.MonkeyPatch
) -> Iterator[type[ImportWizard]]:
    made: list[ImportWizard] = []

    def make(**kwargs: object) -> ImportWizard:
        kwargs.setdefault("kind", ImportKind.BENEFICIARIES)
        wizard = ImportWizard(db=db, user_name=USER, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(wizard)
        wizard.show()
        made.append(wizard)
        return wizard

    yield make  # type: ignore[misc]


def open_file(wizard: ImportWizard, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wizard, "ask_file_path", lambda: path)
    wizard.choose_button.click()
    assert wizard.source is not None, wizard.file_error.text()


def next_step(qtbot: QtBot, wizard: ImportWizard, expected: Step) -> None:
    assert wizard.next_button.isEnabled(), (wizard.step, wizard.missing_label.text())
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.step is expected


def choose_in_combo(wizard: ImportWizard, header: str, key: str) -> None:
    """Pick ``key`` in the "goes to" combo box of ``header``, as a user would."""
    row = wizard.mapping_model.headers.index(header)
    index = wizard.mapping_model.index(row, map_model.TARGET)
    editor = wizard.mapping_view.indexWidget(index)
    assert isinstance(editor, QComboBox)
    editor.setCurrentIndex(editor.findData(key))


def saved_people(database: Database) -> list[dict[str, object]]:
    """The beneficiaries in the file, oldest first, as plain values."""
    columns = (
        "id",
        "first_name",
        "last_name",
        "sex",
        "date_of_birth",
        "national_id",
        "rayon_code",
        "phone",
    )
    with database.reading() as session:
        rows = session.execute(
            select(*(getattr(m.Beneficiary, c) for c in columns)).order_by(m.Beneficiary.id)
        )
        return [dict(zip(columns, row, strict=True)) for row in rows]


def count(database: Database, model: type) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


# --- the whole way through -------------------------------------------------------------------


def test_a_kobo_workbook_through_every_step(
    qtbot: QtBot,
    wizard_factory,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    path = write_xlsx(tmp_path / "kobo.xlsx", KOBO_HEADERS, GOOD_ROWS)
    wizard: ImportWizard = wizard_factory()
    assert wizard.step is Step.FILE
    assert wizard.kind_combo.currentData() == "beneficiaries"
    assert not wizard.next_button.isEnabled()  # no file yet
    open_file(wizard, path, monkeypatch)
    assert "3" in wizard.file_info.text()

    # Columns: the proposal, with the first values of each column beside it.
    next_step(qtbot, wizard, Step.MAPPING)
    model = wizard.mapping_model
    assert model.rowCount() == len(KOBO_HEADERS)
    for header, key in (
        ("Soyadı", "last_name"),
        ("Adı", "first_name"),
        ("Cinsi", "sex"),
        ("Doğum tarixi", "date_of_birth"),
        ("Telefon", "phone"),
        ("FİN", "national_id"),
        ("Rayon", "rayon"),
        ("Razılıq tarixi", "consent_date"),
    ):
        assert model.key_of(header) == key, header
    for header in ("start", "end", "_uuid", "_index"):
        assert model.key_of(header) == "", header
    samples = model.index(KOBO_HEADERS.index("Adı"), map_model.SAMPLES).data()
    assert samples == "Aynur · Rəşad · Наталья"
    # Only two non-empty phones: blanks are passed over.
    phones = model.index(KOBO_HEADERS.index("Telefon"), map_model.SAMPLES).data()
    assert phones == "050 555 12 34 · +994 55 444 33 22"
    target = model.index(KOBO_HEADERS.index("Cinsi"), map_model.TARGET)
    assert target.data() == "Sex"
    assert not wizard.missing_label.isVisible()

    # Check: every row is ready.
    next_step(qtbot, wizard, Step.CHECK)
    assert wizard.checked is not None
    assert len(wizard.checked.records) == 3 and not wizard.checked.problems
    assert wizard.check_figures.text() == "3 rows ready to import, 0 rows with problems."
    assert not wizard.valid_only_check.isVisible()

    # Duplicates: none in an empty register.
    next_step(qtbot, wizard, Step.DUPLICATES)
    assert wizard.pairs == ()
    assert wizard.duplicates_figures.text() == "No duplicates found."

    # The dry run, then the import.
    next_step(qtbot, wizard, Step.SUMMARY)
    assert wizard.preview is not None and wizard.preview.dry_run
    assert (wizard.preview.added, wizard.preview.updated, wizard.preview.skipped) == (3, 0, 0)
    assert wizard.figure_labels["added"][1].text() == "3"
    assert count(db, m.Beneficiary) == 0  # the dry run wrote nothing
    assert wizard.import_button.isEnabled()
    with qtbot.waitSignal(wizard.imported) as signal:
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    summary = signal.args[0]
    assert (summary.added, summary.updated, summary.skipped, summary.dry_run) == (3, 0, 0, False)
    assert wizard.changed
    assert "3 added, 0 updated, 0 skipped" in wizard.result_label.text()
    assert not wizard.back_button.isEnabled()
    assert wizard.cancel_button.text() == "Close"
    assert not shown_messages

    people = {row["first_name"]: row for row in saved_people(db)}
    assert set(people) == {"Aynur", "Rəşad", "Наталья"}
    aynur, rashad, natalya = people["Aynur"], people["Rəşad"], people["Наталья"]
    assert aynur["last_name"] == "Əliyeva"
    assert aynur["sex"] == vocab.Sex.FEMALE.value
    assert aynur["date_of_birth"] == dt.date(1990, 6, 5)
    assert aynur["national_id"] == "5ABCD12"
    assert aynur["rayon_code"] == "AZ-SAK"
    assert aynur["phone"] == "+994505551234"
    assert rashad["date_of_birth"] == dt.date(1988, 4, 12)  # an Excel serial number
    assert rashad["sex"] == vocab.Sex.MALE.value
    assert rashad["rayon_code"] == "AZ-BA"
    assert natalya["last_name"] == "Иванова"  # the trailing space is gone
    assert natalya["sex"] == vocab.Sex.FEMALE.value
    assert natalya["rayon_code"] == "AZ-GA"
    assert natalya["date_of_birth"] == dt.date(1975, 11, 30)

    qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)
    assert wizard.result() == ImportWizard.DialogCode.Accepted


def test_the_template_is_offered_for_the_chosen_kind(
    wizard_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard: ImportWizard = wizard_factory(kind=ImportKind.VOLUNTEERS)
    asked: list[ImportKind] = []

    def ask(kind: ImportKind) -> Path:
        asked.append(kind)
        return tmp_path / "volunteers.xlsx"

    monkeypatch.setattr(wizard, "ask_template_path", ask)
    wizard.template_button.click()
    assert asked == [ImportKind.VOLUNTEERS]
    headers = [
        cell.value for cell in openpyxl.load_workbook(tmp_path / "volunteers.xlsx").worksheets[0][1]
    ]
    assert "joined_on" in headers and "volunteer_no" in headers


def test_an_unreadable_file_is_explained_and_nothing_is_lost(
    wizard_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write_xlsx(tmp_path / "kobo.xlsx", KOBO_HEADERS, GOOD_ROWS)
    wizard: ImportWizard = wizard_factory()
    open_file(wizard, good, monkeypatch)
    wizard.mapping_model.set_key("start", "notes")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    monkeypatch.setattr(wizard, "ask_file_path", lambda: broken)
    wizard.choose_button.click()
    assert wizard.file_error.isVisibleTo(wizard)
    assert wizard.file_error.text()
    assert "Traceback" not in wizard.file_error.text()
    # The file read before is still there with its mapping; the user can go on with it.
    assert wizard.source is not None and wizard.source.path == good
    assert wizard.mapping_model.key_of("start") == "notes"


# --- problems ----------------------------------------------------------------------------------


def test_problems_are_listed_and_nothing_is_imported_unless_chosen(
    qtbot: QtBot,
    wizard_factory,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_xlsx(tmp_path / "problems.xlsx", KOBO_HEADERS, with_problems())
    wizard: ImportWizard = wizard_factory()
    open_file(wizard, path, monkeypatch)
    next_step(qtbot, wizard, Step.MAPPING)
    next_step(qtbot, wizard, Step.CHECK)
    checked = wizard.checked
    assert checked is not None
    assert checked.bad_rows == {5, 6}
    assert len(checked.records) == 3
    assert wizard.check_figures.text() == "3 rows ready to import, 2 rows with problems."

    # The list: row, column (as headed in the file), value and reason, sortable.
    problems = wizard.problems_model
    shown = [
        (
            problems.index(row, prob_model.ROW).data(),
            problems.index(row, prob_model.COLUMN).data(),
            problems.index(row, prob_model.VALUE).data(),
            problems.index(row, prob_model.REASON).data(),
        )
        for row in range(problems.rowCount())
    ]
    assert [(r, c, v) for r, c, v, _reason in shown] == [
        ("5", "Doğum tarixi", "31.02.1995"),
        ("6", "Cinsi", ""),
    ]
    assert all(reason for *_rest, reason in shown)
    wizard.problems_view.sortByColumn(prob_model.ROW, Qt.SortOrder.DescendingOrder)
    assert problems.index(0, prob_model.ROW).data() == "6"
    wizard.problems_view.sortByColumn(prob_model.COLUMN, Qt.SortOrder.AscendingOrder)
    assert problems.index(0, prob_model.COLUMN).data() == "Cinsi"

    # Nothing goes on until the user chooses to leave the bad rows out.
    assert wizard.valid_only_check.isVisible()
    assert not wizard.valid_only_check.isChecked()
    assert not wizard.next_button.isEnabled()
    assert not wizard.go_next()
    assert count(db, m.Beneficiary) == 0

    # The problems, exported for whoever fixes the file.
    out = tmp_path / "problems.csv"
    monkeypatch.setattr(wizard, "ask_problems_path", lambda: out)
    wizard.export_problems_button.click()
    with out.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle, delimiter=_delimiter(out)))
    assert written[0] == ["Row", "Column", "Value", "What is wrong"]
    assert [row[:3] for row in written[1:]] == [
        ["6", "Cinsi", ""],
        ["5", "Doğum tarixi", "31.02.1995"],
    ]

    # Only the valid rows.
    wizard.valid_only_check.setChecked(True)
    next_step(qtbot, wizard, Step.DUPLICATES)
    next_step(qtbot, wizard, Step.SUMMARY)
    assert wizard.preview is not None
    assert (wizard.preview.added, wizard.preview.problems) == (3, 2)
    assert wizard.figures_form.isRowVisible(wizard.figure_labels["problems"][0])
    wizard.import_button.click()
    assert wizard.summary is not None and wizard.summary.added == 3
    with db.reading() as session:
        names = set(session.scalars(select(m.Beneficiary.first_name)))
    assert names == {"Aynur", "Rəşad", "Наталья"}


def test_the_fixed_file_is_read_again(
    qtbot: QtBot, wizard_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "problems.xlsx", KOBO_HEADERS, with_problems())
    wizard: ImportWizard = wizard_factory()
    open_file(wizard, path, monkeypatch)
    next_step(qtbot, wizard, Step.MAPPING)
    wizard.mapping_model.set_key("_uuid", "notes")  # a choice the user made
    next_step(qtbot, wizard, Step.CHECK)
    assert wizard.checked is not None and len(wizard.checked.bad_rows) == 2
    rows = with_problems()
    fixed = [list(row) for row in rows]
    fixed[3][5] = "28.02.1995"
    fixed[4][4] = "kişi"
    write_xlsx(path, KOBO_HEADERS, [tuple(row) for row in fixed])
    wizard.reread_button.click()
    assert wizard.step is Step.CHECK
    assert wizard.checked is not None and not wizard.checked.problems
    assert len(wizard.checked.records) == 5
    assert wizard.problems_model.rowCount() == 0
    assert wizard.mapping_model.key_of("_uuid") == "notes"  # kept across the read
    assert wizard.next_button.isEnabled()


# --- duplicates --------------------------------------------------------------------------------


def _register(db: Database, *, first: str, last: str, born: dt.date, fin: str | None) -> int:
    consent = beneficiaries.ConsentDraft(
        purpose=vocab.ConsentPurpose.REGISTRATION,
        given=True,
        recorded_on=dt.date(2025, 1, 10),
        method=vocab.ConsentMethod.WRITTEN,
    )
    with db.transaction() as session:
        return beneficiaries.create(
            session,
            beneficiaries.BeneficiaryDraft(
                sex=vocab.Sex.FEMALE,
                displacement_status=vocab.DisplacementStatus.NONE,
                registered_on=dt.date(2025, 1, 10),
                first_name=first,
                last_name=last,
                date_of_birth=born,
                national_id=fin,
                rayon_code="AZ-SAK",
                consents=(consent,),
            ),
            user_name=USER,
            today=AS_OF,
        )


def test_duplicates_decided_per_pair(
    qtbot: QtBot,
    wizard_factory,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Aynur is registered with her FİN (certain); Natalya with her name and birthday (likely).
    aynur_id = _register(db, first="Aynur", last="Əliyeva", born=dt.date(1990, 6, 5), fin="5ABCD12")
    natalya_id = _register(
        db, first="Наталья", last="Иванова", born=dt.date(1975, 11, 30), fin=None
    )
    path = write_xlsx(tmp_path / "kobo.xlsx", KOBO_HEADERS, GOOD_ROWS)
    wizard: ImportWizard = wizard_factory()
    open_file(wizard, path, monkeypatch)
    for step in (Step.MAPPING, Step.CHECK, Step.DUPLICATES):
        next_step(qtbot, wizard, step)
    model = wizard.duplicates_model
    by_existing = {pair.existing_id: row for row, pair in enumerate(model.pairs)}
    assert set(by_existing) == {aynur_id, natalya_id}
    certain_row, likely_row = by_existing[aynur_id], by_existing[natalya_id]
    assert model.pairs[certain_row].certainty is Certainty.CERTAIN
    assert model.pairs[likely_row].certainty is Certainty.LIKELY
    # The defaults: a certain duplicate is skipped, a likely one kept.
    assert model.decision(certain_row) is Decision.SKIP
    assert model.decision(likely_row) is Decision.KEEP_BOTH
    assert "1 certain, 1 likely" in wizard.duplicates_figures.text()
    # The two sides, side by side, for the selected pair.
    wizard.duplicates_view.setCurrentIndex(model.index(certain_row, dup_model.CERTAINTY))
    assert wizard.compare_box.isVisible()
    compared = _grid_texts(wizard)
    assert "Əliyeva" in compared and "Already in the register" in compared

    # Merge Aynur into her record (the file brings her phone), skip the likely Natalya.
    editor = wizard.duplicates_view.indexWidget(model.index(certain_row, dup_model.DECISION))
    assert isinstance(editor, QComboBox)
    editor.setCurrentIndex(editor.findData(Decision.MERGE.value))
    assert model.decision(certain_row) is Decision.MERGE
    model.set_decision(likely_row, Decision.SKIP)

    out = tmp_path / "decisions.csv"
    monkeypatch.setattr(wizard, "ask_decisions_path", lambda: out)
    wizard.export_decisions_button.click()
    exported = out.read_text(encoding="utf-8-sig")
    assert "Merge" in exported and "5ABCD12" not in exported

    next_step(qtbot, wizard, Step.SUMMARY)
    assert wizard.preview is not None
    assert (wizard.preview.added, wizard.preview.updated, wizard.preview.skipped) == (1, 1, 1)
    wizard.import_button.click()
    assert wizard.summary is not None
    assert (wizard.summary.added, wizard.summary.updated, wizard.summary.skipped) == (1, 1, 1)
    rows = saved_people(db)
    assert [row["first_name"] for row in rows] == ["Aynur", "Наталья", "Rəşad"]
    aynur = rows[0]
    assert aynur["id"] == aynur_id
    assert aynur["phone"] == "+994505551234"  # merged: the file brought her phone


def _grid_texts(wizard: ImportWizard) -> str:
    grid = wizard.compare_grid
    texts = []
    for position in range(grid.count()):
        item = grid.itemAt(position)
        widget = item.widget() if item is not None else None
        if widget is not None and hasattr(widget, "text"):
            texts.append(widget.text())
    return " | ".join(texts)


# --- going back and forth ----------------------------------------------------------------------


def test_back_and_next_keep_every_choice(
    qtbot: QtBot,
    wizard_factory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_xlsx(tmp_path / "kobo.xlsx", KOBO_HEADERS, GOOD_ROWS)
    wizard: ImportWizard = wizard_factory()
    open_file(wizard, path, monkeypatch)
    next_step(qtbot, wizard, Step.MAPPING)
    choose_in_combo(wizard, "Telefon", "")  # do not import the phones
    choose_in_combo(wizard, "_uuid", "notes")
    # A field goes to one column only: giving "Sex" to another column takes it from "Cinsi".
    choose_in_combo(wizard, "start", "sex")
    assert wizard.mapping_model.key_of("Cinsi") == ""
    choose_in_combo(wizard, "Cinsi", "sex")
    assert wizard.mapping_model.key_of("start") == ""
    chosen = wizard.mapping_model.mapping()
    assert chosen.columns["notes"] == "_uuid" and "phone" not in chosen.columns

    next_step(qtbot, wizard, Step.CHECK)
    checked = wizard.checked
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.step is Step.MAPPING
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.step is Step.FILE
    # Switching the kind and back keeps the columns chosen for beneficiaries.
    wizard.kind_combo.setCurrentIndex(wizard.kind_combo.findData("members"))
    assert wizard.mapping_model.kind is ImportKind.MEMBERS
    wizard.kind_combo.setCurrentIndex(wizard.kind_combo.findData("beneficiaries"))
    next_step(qtbot, wizard, Step.MAPPING)
    assert wizard.mapping_model.mapping().columns == chosen.columns
    editor = wizard.mapping_view.indexWidget(
        wizard.mapping_model.index(KOBO_HEADERS.index("_uuid"), map_model.TARGET)
    )
    assert isinstance(editor, QComboBox) and editor.currentData() == "notes"
    # The same mapping: the check is not run again.
    next_step(qtbot, wizard, Step.CHECK)
    assert wizard.checked is checked
    # The keyboard: Alt+Left goes back, Alt+Right on.
    wizard.activateWindow()
    qtbot.waitExposed(wizard)
    wizard.next_button.setFocus()
    qtbot.waitUntil(wizard.next_button.hasFocus)
    qtbot.keySequence(wizard.next_button, QKeySequence("Alt+Left"))
    assert wizard.step is Step.MAPPING
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keySequence(focused, QKeySequence("Alt+Right"))
    assert wizard.step is Step.CHECK


def test_required_fields_without_a_column_stop_the_wizard(
    qtbot: QtBot, wizard_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "kobo.xlsx", KOBO_HEADERS, GOOD_ROWS)
    wizard: ImportWizard = wizard_factory()
    open_file(wizard, path, monkeypatch)
    next_step(qtbot, wizard, Step.MAPPING)
    choose_in_combo(wizard, "Cinsi", "")
    assert wizard.missing_label.isVisible()
    assert "Sex" in wizard.missing_label.text()
    assert not wizard.next_button.isEnabled()
    choose_in_combo(wizard, "Cinsi", "sex")
    assert not wizard.missing_label.isVisible()
    assert wizard.next_button.isEnabled()


def test_a_saved_mapping_is_applied_to_the_next_file(
    qtbot: QtBot, wizard_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "kobo.xlsx", KOBO_HEADERS, GOOD_ROWS)
    first: ImportWizard = wizard_factory()
    open_file(first, path, monkeypatch)
    next_step(qtbot, first, Step.MAPPING)
    first.mapping_model.set_key("_uuid", "notes")
    first.mapping_model.set_key("Telefon", "")
    monkeypatch.setattr(first, "ask_mapping_name", lambda: "Kobo sorğusu 2026")
    first.save_mapping_button.click()
    assert "Kobo sorğusu 2026" in mapping.saved_mappings()
    assert first.saved_combo.currentText() == "Kobo sorğusu 2026"

    second: ImportWizard = wizard_factory()
    open_file(second, path, monkeypatch)
    next_step(qtbot, second, Step.MAPPING)
    assert second.mapping_model.key_of("_uuid") == ""
    assert second.saved_combo.findText("Kobo sorğusu 2026") >= 0
    second.apply_saved_mapping("Kobo sorğusu 2026")
    assert second.mapping_model.mapping().columns == first.mapping_model.mapping().columns


def test_the_wizard_follows_the_language(
    wizard_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "kobo.xlsx", KOBO_HEADERS, GOOD_ROWS)
    wizard: ImportWizard = wizard_factory()
    open_file(wizard, path, monkeypatch)
    english = wizard.next_button.text(), wizard.kind_combo.currentText()
    i18n.set_language("ru")
    assert (wizard.next_button.text(), wizard.kind_combo.currentText()) != english
    assert wizard.source is not None  # nothing chosen is lost
    assert wizard.mapping_model.key_of("Adı") == "first_name"


def test_the_wizard_fits_a_laptop_window(qtbot: QtBot, qapp: QApplication, db: Database) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1366, 768)
    wizard = ImportWizard(db=db, kind=ImportKind.MEMBERS, parent=parent)
    qtbot.addWidget(wizard)
    assert wizard.width() <= 1366 - 40 and wizard.height() <= 768 - 40
    assert wizard.kind_combo.currentData() == "members"  # opened from the members register


# --- the models --------------------------------------------------------------------------------


def test_the_models_follow_the_qt_rules(
    qtmodeltester: ModelTester,
    wizard_factory,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _register(db, first="Aynur", last="Əliyeva", born=dt.date(1990, 6, 5), fin="5ABCD12")
    path = write_xlsx(tmp_path / "problems.xlsx", KOBO_HEADERS, with_problems())
    wizard: ImportWizard = wizard_factory()
    open_file(wizard, path, monkeypatch)
    wizard.go_next()
    wizard.go_next()
    wizard.valid_only_check.setChecked(True)
    wizard.go_next()
    assert wizard.step is Step.DUPLICATES
    for model in (wizard.mapping_model, wizard.problems_model, wizard.duplicates_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def _delimiter(path: Path) -> str:
    first = path.read_text(encoding="utf-8-sig").splitlines()[0]
    return ";" if first.count(";") > first.count(",") else ","
