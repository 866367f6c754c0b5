"""The reusable form pieces (dates that may be empty, searchable combos, tags, availability,
fields with inline problems), and the helpers the editor tests share.

Questions the editors ask go through ``cso_desktop.ui.messages``; :class:`Answers` replaces the
recording presenter of ``conftest.shown_messages`` with one that answers by the question's text.
Sub-dialogs opened modally by a button are driven with :func:`on_next_modal`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import (
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.domain.vocab import DayPart, Weekday
from cso_desktop.ui import messages
from cso_desktop.ui.dialogs.common import parse_decimal
from cso_desktop.ui.forms.availability import AvailabilityGrid
from cso_desktop.ui.forms.dates import DateField, format_short, parse_date
from cso_desktop.ui.forms.dialog import FormDialog
from cso_desktop.ui.forms.fields import required
from cso_desktop.ui.forms.places import RayonCombo
from cso_desktop.ui.forms.tags import TagPicker

USER = "Test İstifadəçi"


# --- helpers shared by the editor tests ----------------------------------------------------------


@dataclass
class Answers:
    """Answers questions by a part of their text; records every message shown.

    ``rules`` are ``(part of the text, answer)``: ``True``/``False`` for yes/no questions, a key
    (``"save"``, ``"discard"``, ``"cancel"``) for questions with several answers. Unmatched
    questions get ``False`` (no / cancel), like the recording presenter.
    """

    rules: list[tuple[str, bool | str]] = field(default_factory=list)
    shown: list[messages.Message] = field(default_factory=list)

    def __call__(self, message: messages.Message, _parent: QWidget | None) -> bool | str:
        self.shown.append(message)
        for part, answer in self.rules:
            if part in message.text:
                return answer
        return False

    def answer(self, part: str, value: bool | str) -> None:
        self.rules.insert(0, (part, value))

    def texts(self) -> list[str]:
        return [m.text for m in self.shown]


def install_answers() -> Answers:
    answers = Answers()
    messages.set_dialogs_enabled(True)
    messages.set_presenter(answers)
    return answers


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a user. QTest types ASCII only (ə, ş, ü and Cyrillic abort it): other text is
    set, which emits the same ``textChanged`` the forms listen to."""
    target: QWidget = widget
    if isinstance(widget, DateField):
        target = widget.edit
    elif isinstance(widget, QComboBox) and widget.isEditable():
        line = widget.lineEdit()
        assert line is not None
        target = line
    assert isinstance(target, QLineEdit), type(target)
    target.clear()
    if text.isascii():
        qtbot.keyClicks(target, text)
    else:
        target.setText(text)


def choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def wait_error(qtbot: QtBot, dialog: FormDialog, key: str, text: str | None = None) -> str:
    """Wait until the field shows a problem (as the user pauses typing); return it."""
    shown = dialog.fields[key]
    qtbot.waitUntil(lambda: shown.error is not None, timeout=3000)
    assert shown.error_label.isVisibleTo(dialog)
    if text is not None:
        assert shown.error == text
    return shown.error or ""


def on_next_modal(action: Callable[[QDialog], None]) -> list[QDialog]:
    """Run ``action`` on the next modal dialog once it is shown (a button's ``exec()``).

    The dialog is closed afterwards whatever happens, so a failing test cannot hang.
    """
    seen: list[QDialog] = []
    tries = [500]  # 5 s: a dialog that never opens must not leave a timer for later tests

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(10, run)
            return
        seen.append(dialog)
        try:
            action(dialog)
        finally:
            if dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)

    QTimer.singleShot(0, run)
    return seen


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("  ", None),
        ("05.01.2009", dt.date(2009, 1, 5)),
        ("5.1.2009", dt.date(2009, 1, 5)),
        ("05/01/2009", dt.date(2009, 1, 5)),
        ("2009-01-05", dt.date(2009, 1, 5)),
        ("05012009", dt.date(2009, 1, 5)),
    ],
)
def test_dates_are_read_day_first_or_iso(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2020", "05.01.09", "yesterday", "2009-13-01"])
def test_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "05/01/2009"), ("az", "05.01.2009"), ("ru", "05.01.2009")]
)
def test_dates_show_in_the_language_short_format_with_four_digit_years(
    language: str, expected: str
) -> None:
    i18n.set_language(language)
    assert format_short(dt.date(2009, 1, 5)) == expected


def test_a_date_field_may_be_empty_and_explains_what_it_cannot_read(
    qtbot: QtBot, qapp: QApplication
) -> None:
    field_ = DateField(past_only=True)
    qtbot.addWidget(field_)
    assert field_.date() is None
    assert field_.check(key="date_of_birth", past=True) is None
    assert field_.check(key="joined_on", required=True, past=True) == "Enter a date."
    qtbot.keyClicks(field_.edit, "31.02.2020")
    assert not field_.is_readable()
    assert field_.check(key="date_of_birth", past=True).startswith("Enter a date such as")
    field_.edit.clear()
    qtbot.keyClicks(field_.edit, "1.2.1990")
    field_.edit.editingFinished.emit()
    assert field_.text() == "01/02/1990"  # understood, and shown as understood
    future = dt.date.today() + dt.timedelta(days=3)
    field_.set_date(future)
    assert field_.check(key="date_of_birth", past=True) == "This date is in the future."


def test_the_calendar_sets_the_date(qtbot: QtBot, qapp: QApplication) -> None:
    field_ = DateField()
    qtbot.addWidget(field_)
    field_.menu.aboutToShow.emit()
    assert field_.calendar.selectedDate().year() == dt.date.today().year
    with qtbot.waitSignal(field_.changed):
        field_.calendar.clicked.emit(field_.calendar.selectedDate().addDays(-1))
    assert field_.date() == dt.date.today() - dt.timedelta(days=1)


# --- numbers, rayons, tags, availability ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("150", Decimal("150")),
        ("150,50", Decimal("150.50")),
        ("150.50", Decimal("150.50")),
        ("1 234,50", Decimal("1234.50")),
        ("1\u00a0234,50", Decimal("1234.50")),
        ("1.234,50", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("", None),
        ("abc", None),
    ],
)
def test_amounts_are_read_as_typed_in_each_language(text: str, expected: Decimal | None) -> None:
    assert parse_decimal(text) == expected


def test_rayons_are_found_by_part_of_their_name_in_the_ui_language(
    qtbot: QtBot, qapp: QApplication
) -> None:
    i18n.set_language("az")
    combo = RayonCombo()
    qtbot.addWidget(combo)
    combo.setEditText("Bakı")
    assert combo.code() == "AZ-BA"
    combo.setEditText("BAKI")  # capital letters, dotless I: the same rayon
    assert combo.code() == "AZ-BA"
    assert combo.check() is None
    combo.setEditText("Atlantida")
    assert combo.check() == i18n._("Choose a rayon from the list.") == "Siyahıdan rayon seçin."
    combo.setEditText("")
    assert combo.code() is None and combo.check() is None
    completer = combo.completer()
    assert completer is not None
    assert completer.filterMode() == Qt.MatchFlag.MatchContains
    completer.setCompletionPrefix("şəki")
    assert completer.currentCompletion() == "Şəki"
    combo.set_code("AZ-SA")
    assert combo.currentText() == "Şəki"


def test_tags_are_added_with_enter_without_duplicates(qtbot: QtBot, qapp: QApplication) -> None:
    picker = TagPicker(known=["İngilis dili", "Rus dili"])
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.edit, "First aid")
    with qtbot.waitSignal(picker.changed):
        qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.tags() == ("First aid",)
    assert picker.edit.text() == ""
    assert not picker.add("FIRST AID")  # the same tag in other letters
    assert picker.add("ingilis dili")  # a known tag keeps its known spelling
    assert picker.tags() == ("First aid", "İngilis dili")
    picker.remove("First aid")
    assert picker.tags() == ("İngilis dili",)


def test_the_availability_grid_round_trips(qtbot: QtBot, qapp: QApplication) -> None:
    grid = AvailabilityGrid()
    qtbot.addWidget(grid)
    slots = {(Weekday.MON, DayPart.MORNING), (Weekday.SAT, DayPart.EVENING)}
    grid.set_value(slots)
    assert grid.value() == slots
    with qtbot.waitSignal(grid.changed):
        grid.boxes[(Weekday.TUE, DayPart.AFTERNOON)].click()
    assert (Weekday.TUE, DayPart.AFTERNOON) in grid.value()
    assert grid.boxes[(Weekday.MON, DayPart.MORNING)].accessibleName() == "Monday, Morning"


# --- a field's problem --------------------------------------------------------------------------


class _OneField(FormDialog):
    def __init__(self) -> None:
        super().__init__(db=None)
        self.edit = QLineEdit()
        self.add_field("name", self.edit, text="&Name", check=required(self.edit, "name"))
        self.main_layout.addWidget(self.fields["name"].container)
        self.finish()
        self.written = 0

    def write(self) -> None:
        self.written += 1


def test_a_problem_shows_when_typing_pauses_and_goes_at_once(
    qtbot: QtBot, qapp: QApplication
) -> None:
    form = _OneField()
    qtbot.addWidget(form)
    form.show()
    shown = form.fields["name"]
    assert shown.label is not None and shown.label.buddy() is form.edit
    assert shown.error is None  # untouched: nothing in red yet
    qtbot.keyClicks(form.edit, "x")
    qtbot.keyClick(form.edit, Qt.Key.Key_Backspace)
    wait_error(qtbot, form, "name", "This field is required.")
    assert form.edit.accessibleDescription() == "This field is required."
    qtbot.keyClicks(form.edit, "A")
    assert shown.error is None and not shown.error_label.isVisible()
    assert form.isWindowModified()
    assert form.save() and form.written == 1
    assert not form.is_dirty()


def test_f4_opens_the_calendar(qtbot: QtBot, qapp: QApplication) -> None:
    field_ = DateField()
    qtbot.addWidget(field_)
    field_.show()
    opened: list[QWidget] = []

    def close_popup() -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            opened.append(popup)
            popup.close()

    QTimer.singleShot(50, close_popup)
    QTimer.singleShot(2000, close_popup)  # never hang, whatever happens
    with qtbot.waitSignal(field_.menu.aboutToShow, timeout=2000):
        qtbot.keyClick(field_.edit, Qt.Key.Key_F4)
    assert opened and opened[0] is field_.menu
