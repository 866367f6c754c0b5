"""A date input that may be empty: typed, or picked in a calendar.

``QDateEdit`` always holds a date, so an unknown date of birth cannot be told from a real one.
:class:`DateField` is a line edit that accepts the UI language's short format (``30.06.2026``,
``30/06/2026``), ISO dates (``2026-06-30``) and eight digits (``30062026``), with a calendar
button beside it. The year is always written with four digits: a two-digit year is ambiguous
for dates of birth.
"""

from __future__ import annotations

import datetime as dt
import re

from babel import dates as babel_dates

from PySide6.QtCore import (
    QDate,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from cso_desktop import i18n
from cso_desktop.domain import normalise, validation
from cso_desktop.domain.errors import ValidationError
from cso_desktop.i18n import _

#: Eight digits typed without separators: ddmmyyyy.
_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{4})$")


def short_pattern() -> str:
    """The UI language's short date pattern, with a four-digit year."""
    pattern = str(i18n.current_locale().date_formats["short"].pattern)
    return re.sub(r"y+", "y", pattern)


def format_short(value: dt.date | None) -> str:
    """``30.06.2026`` (az, ru) or ``30/06/2026`` (en)."""
    if value is None:
        return ""
    return babel_dates.format_date(value, format=short_pattern(), locale=i18n.current_locale())


def parse_date(text: str) -> dt.date | None:
    """The date typed, ``None`` for an empty text; ``ValueError`` if it is not a date.

    Day-first orders only: every UI language writes the day before the month. The forms of
    :func:`cso_desktop.domain.normalise.parse_date` (the importer reads the same ones), plus
    eight digits typed without separators (``30062026``).
    """
    text = text.strip()
    if match := _DIGITS.match(text):
        text = ".".join(match.groups())
    return normalise.parse_date(text, excel_serial_ok=False)


def _unreadable_message() -> str:
    return _("Enter a date such as {example}.").format(example=format_short(dt.date.today()))


class _DateEdit(QLineEdit):
    """The line edit of a :class:`DateField`: Alt+Down or F4 asks for the calendar.

    Signals:
        calendar_requested(): the user pressed Alt+Down or F4.
    """

    calendar_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and bool(
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.calendar_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A date that may be left empty.

    Attributes:
        edit: where the date is typed.
        button: opens the calendar (also Alt+Down or F4 in the line edit).
        calendar: the calendar in the pop-up.

    Signals:
        changed(): the text changed.
        editingFinished(): the user left the field or pressed Enter.
    """

    changed = Signal()
    editingFinished = Signal()

    def __init__(self, *, past_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._past_only = past_only
        self.edit = _DateEdit(self)
        self.edit.setPlaceholderText(
            _("for example {date}").format(date=format_short(dt.date.today()))
        )
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("00.00.00000") + 24)
        self.button = QToolButton(self)
        self.button.setObjectName("calendarButton")
        self.button.setText("▾")
        self.button.setToolTip(_("Choose in a calendar (Alt+Down)"))
        self.button.setAccessibleName(_("Choose in a calendar"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        self.menu = QMenu(self.button)
        self.calendar = QCalendarWidget(self.menu)
        self.calendar.setGridVisible(True)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(self.calendar)
        self.menu.addAction(action)
        self.button.setMenu(self.menu)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)

        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.edit.editingFinished.connect(self._on_edit_editing_finished)
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)
        self.calendar.clicked.connect(self._on_calendar_clicked)
        self.calendar.activated.connect(self._on_calendar_clicked)
        self.edit.calendar_requested.connect(self._on_edit_calendar_requested)

    # --- public -------------------------------------------------------------------------------

    def text(self) -> str:
        return self.edit.text()

    def is_readable(self) -> bool:
        """Empty, or a date."""
        try:
            parse_date(self.edit.text())
        except ValueError:
            return False
        return True

    def date(self) -> dt.date | None:
        """The date, or ``None`` when empty or unreadable (see :meth:`is_readable`)."""
        try:
            return parse_date(self.edit.text())
        except ValueError:
            return None

    def set_date(self, value: dt.date | None) -> None:
        self.edit.setText(format_short(value))

    def state(self) -> object:
        """The date, or the text while it is not one (for unsaved-changes tracking)."""
        try:
            return parse_date(self.edit.text())
        except ValueError:
            return self.edit.text()

    def check(self, *, key: str, required: bool = False, past: bool = False) -> str | None:
        """The problem with the value, using the domain's rules for ``key``."""
        try:
            value = parse_date(self.edit.text())
        except ValueError:
            return _unreadable_message()
        if past:
            try:
                validation.past_date(value, field=key, today=dt.date.today(), required=required)
            except ValidationError as exc:
                return exc.user_message
            return None
        if required and value is None:
            return _("Enter a date.")
        if value is not None and value.year < 1900:
            return _("This date is too far in the past.")
        return None

    def open_calendar(self) -> None:
        self.button.showMenu()

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_edit_calendar_requested(self) -> None:
        if self.button.isEnabled():
            self.open_calendar()

    @Slot(str)
    def _on_edit_text_changed(self, _text: str) -> None:
        self.changed.emit()

    @Slot()
    def _on_edit_editing_finished(self) -> None:
        value = self.date()
        if value is not None and self.edit.text() != format_short(value):
            # "1.2.1990" becomes "01.02.1990": the user sees the date was understood.
            self.set_date(value)
        self.editingFinished.emit()

    @Slot()
    def _on_menu_about_to_show(self) -> None:
        today = dt.date.today()
        if self._past_only:
            self.calendar.setMaximumDate(QDate(today.year, today.month, today.day))
        current = self.date() or today
        self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))

    @Slot(QDate)
    def _on_calendar_clicked(self, day: QDate) -> None:
        self.set_date(dt.date(day.year(), day.month(), day.day()))
        self.menu.close()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self.editingFinished.emit()
