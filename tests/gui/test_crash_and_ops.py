"""Unexpected errors are logged and explained plainly; long work runs off the GUI thread."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication

from cso_desktop.domain.errors import DatabaseBusyError
from cso_desktop.ui import messages, ops
from cso_desktop.ui.crash import CrashHandler, crash_message
from cso_desktop.ui.messages import Kind

from .conftest import ShownMessages


def _raise_and_capture() -> tuple[type[BaseException], BaseException, TracebackType | None]:
    try:
        raise ValueError("secret internal detail")
    except ValueError:
        exc_type, exc, tb = sys.exc_info()
    assert exc_type is not None and exc is not None
    return exc_type, exc, tb


@pytest.fixture
def handler(qapp: QApplication, tmp_path: Path) -> Iterator[CrashHandler]:
    crash = CrashHandler(log_path=tmp_path / "cso-desktop.log")
    yield crash
    crash.uninstall()
    crash.deleteLater()


def test_crash_is_logged_with_traceback_and_shown_without(
    handler: CrashHandler, shown_messages: ShownMessages, caplog: pytest.LogCaptureFixture
) -> None:
    handler.handle(*_raise_and_capture())
    assert "Traceback" in caplog.text
    assert "secret internal detail" in caplog.text
    assert len(shown_messages) == 1
    shown = shown_messages[0]
    assert shown.kind is Kind.ERROR
    assert str(handler.log_path) in shown.text
    assert "Traceback" not in shown.text
    assert "ValueError" not in shown.text
    assert "secret internal detail" not in shown.text
    assert shown.text == crash_message(handler.log_path)


def test_with_dialogs_off_the_crash_only_goes_to_the_log(
    handler: CrashHandler, shown_messages: ShownMessages, caplog: pytest.LogCaptureFixture
) -> None:
    messages.set_dialogs_enabled(False)
    handler.handle(*_raise_and_capture())
    assert shown_messages == []
    assert "Message to the user (dialogs are off)" in caplog.text
    assert str(handler.log_path) in caplog.text


def test_crash_in_a_worker_thread_is_shown_on_the_gui_thread(
    handler: CrashHandler, shown_messages: ShownMessages, qtbot: QtBot
) -> None:
    handler.install()
    shown_on: list[int] = []
    recorder = messages._presenter

    def record(message, parent):  # type: ignore[no-untyped-def]
        shown_on.append(threading.get_ident())
        return recorder(message, parent)

    messages.set_presenter(record)

    def fail() -> None:
        raise RuntimeError("worker failed")

    worker = threading.Thread(target=fail)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(shown_on) == 1)
    assert shown_on == [threading.get_ident()]


def test_install_and_uninstall_restore_the_hooks(handler: CrashHandler) -> None:
    before = (sys.excepthook, threading.excepthook)
    handler.install()
    assert sys.excepthook == handler.handle
    handler.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_questions_answer_the_default_when_dialogs_are_off(
    caplog: pytest.LogCaptureFixture,
) -> None:
    messages.set_dialogs_enabled(False)
    assert messages.ask_question(None, "Delete?", default=False) is False
    assert messages.ask_question(None, "Keep?", default=True) is True
    with caplog.at_level(logging.INFO):
        messages.show_information(None, "Done.")
    assert "Done." in caplog.text


def test_status_messages_go_to_the_sink() -> None:
    seen: list[str] = []
    messages.set_status_sink(seen.append)
    messages.show_status("Saved.")
    assert seen == ["Saved."]


# --- operations ---------------------------------------------------------------------------------


def test_synchronous_op_calls_success(qapp: QApplication) -> None:
    results: list[int] = []
    finished: list[bool] = []
    ops.Op(
        op=lambda: 41 + 1, success=results.append, finished=lambda: finished.append(True)
    ).run_in_background()
    assert results == [42]
    assert finished == [True]


def test_known_error_is_shown_by_its_user_message(
    qapp: QApplication, shown_messages: ShownMessages
) -> None:
    error = DatabaseBusyError("database is locked", path="/data/org.csodb")

    def fail() -> None:
        raise error

    ops.Op(op=fail).run_in_background()
    assert shown_messages.texts() == [error.user_message]


def test_known_error_can_go_to_the_status_bar(
    qapp: QApplication, shown_messages: ShownMessages
) -> None:
    seen: list[str] = []
    messages.set_status_sink(seen.append)
    error = DatabaseBusyError("database is locked", path="/data/org.csodb")

    def fail() -> None:
        raise error

    ops.Op(op=fail, failure_in_status_bar=True).run_in_background()
    assert seen == [error.user_message]
    assert shown_messages == []


def test_unexpected_error_goes_to_the_crash_handler(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    caught: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _t, exc, _tb: caught.append(exc))

    def fail() -> None:
        raise KeyError("bug")

    ops.Op(op=fail).run_in_background()
    assert isinstance(caught[0], KeyError)


def test_background_op_runs_off_the_gui_thread_and_reports_on_it(
    qapp: QApplication, qtbot: QtBot
) -> None:
    ops.set_synchronous(False)
    gui_thread = threading.get_ident()
    worked_on: list[int] = []
    reported_on: list[int] = []

    def work() -> str:
        worked_on.append(threading.get_ident())
        return "done"

    def success(result: str) -> None:
        assert result == "done"
        reported_on.append(threading.get_ident())

    ops.Op(op=work, success=success).run_in_background()
    qtbot.waitUntil(lambda: reported_on != [])
    assert worked_on != [gui_thread]
    assert reported_on == [gui_thread]
    assert ops.pending_count() == 0


def test_background_failure_reaches_the_failure_callback(qapp: QApplication, qtbot: QtBot) -> None:
    ops.set_synchronous(False)
    failures: list[Exception] = []

    def fail() -> None:
        raise DatabaseBusyError("locked", path="x")

    ops.Op(op=fail, failure=failures.append).run_in_background()
    qtbot.waitUntil(lambda: failures != [])
    assert isinstance(failures[0], DatabaseBusyError)
