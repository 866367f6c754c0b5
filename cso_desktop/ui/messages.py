"""Messages to the user: information, warnings, errors and yes/no questions.

Every dialog the app shows goes through here, so one switch (``--no-error-dialogs``, and the
smoke test) sends them all to the log instead: nothing waits for a click that nobody can give
(qutebrowser's ``DummyBox``). Tests replace the presenter to see what the user would see.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QMessageBox,
    QWidget,
)

from cso_desktop import APP_NAME, paths

log = logging.getLogger(__name__)


class Kind(enum.Enum):
    INFORMATION = "information"
    WARNING = "warning"
    ERROR = "error"
    QUESTION = "question"
    ABOUT = "about"


@dataclass(frozen=True)
class Message:
    """What the user is told.

    Attributes:
        kind: how serious it is.
        title: the window title (already translated).
        text: the message (already translated, plain text, no traceback).
        choices: for :func:`ask_choice`, the answers as ``(key, button text)``.
        cancel: for :func:`ask_choice`, the key of the answer that changes nothing.
        default: for :func:`ask_choice`, the key of the answer Enter gives (``""``: the first).
    """

    kind: Kind
    title: str
    text: str
    choices: tuple[tuple[str, str], ...] = ()
    cancel: str = ""
    default: str = ""


#: Shows a message and, for questions, returns the user's answer: ``True``/``False`` for a yes/no
#: question, the key of the chosen answer for :func:`ask_choice`.
Presenter = Callable[[Message, QWidget | None], bool | str]

_LOG_LEVELS = {
    Kind.INFORMATION: logging.INFO,
    Kind.ABOUT: logging.INFO,
    Kind.QUESTION: logging.INFO,
    Kind.WARNING: logging.WARNING,
    Kind.ERROR: logging.ERROR,
}


def _present_choice_with_qt(message: Message, parent: QWidget | None) -> str:
    box = QMessageBox(QMessageBox.Icon.Question, message.title, message.text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    buttons = {}
    for position, (key, label) in enumerate(message.choices):
        if key == message.cancel:
            role = QMessageBox.ButtonRole.RejectRole
        elif position == 0:
            role = QMessageBox.ButtonRole.AcceptRole
        else:
            role = QMessageBox.ButtonRole.ActionRole
        buttons[key] = box.addButton(label, role)
    if message.cancel in buttons:
        box.setEscapeButton(buttons[message.cancel])
    if message.default in buttons:
        box.setDefaultButton(buttons[message.default])
    box.exec()
    clicked = box.clickedButton()
    for key, button in buttons.items():
        if button is clicked:
            return key
    return message.cancel


def _present_with_qt(message: Message, parent: QWidget | None) -> bool | str:
    if message.choices:
        return _present_choice_with_qt(message, parent)
    if message.kind is Kind.ABOUT:
        QMessageBox.about(parent, message.title, message.text)
        return True
    icon = {
        Kind.INFORMATION: QMessageBox.Icon.Information,
        Kind.WARNING: QMessageBox.Icon.Warning,
        Kind.ERROR: QMessageBox.Icon.Critical,
        Kind.QUESTION: QMessageBox.Icon.Question,
    }[message.kind]
    box = QMessageBox(icon, message.title, message.text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if message.kind is Kind.QUESTION:
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
    return True


_dialogs_enabled = True
_presenter: Presenter = _present_with_qt
_status_sink: Callable[[str], None] | None = None


def set_dialogs_enabled(enabled: bool) -> None:
    """``False`` writes every message to the log instead of showing a dialog."""
    global _dialogs_enabled
    _dialogs_enabled = enabled


def dialogs_enabled() -> bool:
    return _dialogs_enabled


def set_presenter(presenter: Presenter | None) -> None:
    """Replace how dialogs are shown (tests); ``None`` restores the Qt message boxes."""
    global _presenter
    _presenter = presenter or _present_with_qt


def set_status_sink(sink: Callable[[str], None] | None) -> None:
    """Where short, non-modal messages go (the main window's status bar)."""
    global _status_sink
    _status_sink = sink


def log_file() -> Path:
    """The log file that unexpected errors are written to (set up by the command line)."""
    return paths.log_dir() / "cso-desktop.log"


def _show(kind: Kind, parent: QWidget | None, text: str, title: str | None, default: bool) -> bool:
    message = Message(kind=kind, title=title or APP_NAME, text=text)
    if not _dialogs_enabled:
        log.log(_LOG_LEVELS[kind], "Message to the user (dialogs are off): %s", text)
        return default
    answer = _presenter(message, parent)
    return False if isinstance(answer, str) else bool(answer)


def show_information(parent: QWidget | None, text: str, *, title: str | None = None) -> None:
    _show(Kind.INFORMATION, parent, text, title, True)


def show_warning(parent: QWidget | None, text: str, *, title: str | None = None) -> None:
    _show(Kind.WARNING, parent, text, title, True)


def show_error(parent: QWidget | None, text: str, *, title: str | None = None) -> None:
    _show(Kind.ERROR, parent, text, title, True)


def ask_question(
    parent: QWidget | None, text: str, *, title: str | None = None, default: bool = False
) -> bool:
    """Yes or no; ``default`` is the answer when dialogs are off."""
    return _show(Kind.QUESTION, parent, text, title, default)


def ask_choice(
    parent: QWidget | None,
    text: str,
    *,
    choices: Sequence[tuple[str, str]],
    cancel: str,
    default: str = "",
    title: str | None = None,
) -> str:
    """One of several answers, each a button: returns the key of the one chosen.

    ``choices`` are ``(key, translated button text)``, the first being the main answer;
    ``default`` is the key of the answer Enter gives (``""``: the first). ``cancel`` is the key
    of the answer that changes nothing; it is also the answer when dialogs are off, when the
    user closes the box (Escape), and when a yes/no presenter answers ``False`` (``True`` picks
    the first choice).
    """
    message = Message(
        kind=Kind.QUESTION,
        title=title or APP_NAME,
        text=text,
        choices=tuple(choices),
        cancel=cancel,
        default=default,
    )
    if not _dialogs_enabled:
        log.info("Question to the user (dialogs are off, answered %s): %s", cancel, text)
        return cancel
    answer = _presenter(message, parent)
    if answer is True:
        return message.choices[0][0]
    keys = {key for key, _label in message.choices}
    return answer if isinstance(answer, str) and answer in keys else cancel


def show_about(parent: QWidget | None, text: str, *, title: str) -> None:
    _show(Kind.ABOUT, parent, text, title, True)


def show_status(text: str) -> None:
    """A short message that needs no click: the status bar, or the log when there is none."""
    if _status_sink is not None:
        _status_sink(text)
    else:
        log.info("Status message: %s", text)
