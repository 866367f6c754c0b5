"""Start-up: the display check, the bundled font, Qt's own translations, Qt's log messages."""

from __future__ import annotations

import logging
import sys

import pytest

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QtMsgType
from PySide6.QtGui import QFontDatabase, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from cso_desktop import i18n
from cso_desktop.ui import app, fonts
from cso_desktop.ui.language import QtTranslations, azerbaijani_qm_path

GLYPHS = {
    "ə": 0x259,
    "Ə": 0x18F,
    "İ": 0x130,
    "ı": 0x131,
    "ş": 0x15F,
    "ğ": 0x11F,
    "₼": 0x20BC,
    "Ж": 0x416,
    "ё": 0x451,
}


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)


def test_without_a_display_the_window_says_so_in_one_line(
    no_display: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert app.run(db=None) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert lines == [f"cso-desktop: {app.no_display_message()}"]
    assert "cso-desktop --help" in lines[0]
    assert captured.out == ""


def test_the_no_display_message_is_translated(
    no_display: None, capsys: pytest.CaptureFixture[str]
) -> None:
    i18n.set_language("ru")
    assert app.run(db=None, language="ru") == 1
    assert capsys.readouterr().err.strip() == f"cso-desktop: {app.no_display_message()}"


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, False),
        ({"DISPLAY": ":0"}, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, True),
    ],
)
def test_has_display(
    no_display: None, monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], expected: bool
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert app.has_display() is expected


def test_other_systems_always_have_a_display(
    no_display: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert app.has_display()


def test_start_language_order() -> None:
    assert app.start_language("ru", "az") == "ru"
    assert app.start_language(None, "az") == "az"
    assert app.start_language(None, "") == i18n.system_language()
    assert app.start_language("xx", "") == i18n.system_language()


def test_ui_font_is_noto_sans_with_azerbaijani_cyrillic_and_manat(ui_app: QApplication) -> None:
    font = ui_app.font()
    assert QFontInfo(font).family() == "Noto Sans"
    metrics = QFontMetrics(font)
    missing = [letter for letter, code in GLYPHS.items() if not metrics.inFontUcs4(code)]
    assert missing == []
    assert font.pointSizeF() >= fonts.MIN_POINT_SIZE


def test_the_bundled_files_provide_noto_sans(ui_app: QApplication) -> None:
    assert "Noto Sans" in fonts.load_bundled_fonts()
    assert "Bold" in QFontDatabase.styles("Noto Sans")


def test_qt_buttons_follow_the_language_in_russian(ui_app: QApplication) -> None:
    translations = QtTranslations(app=ui_app)
    try:
        i18n.set_language("ru")
        assert translations.loaded_language == "ru"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Отмена"
        i18n.set_language("en")
        assert translations.loaded_language is None
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    finally:
        translations.uninstall()


def test_qt_buttons_in_azerbaijani_come_from_our_file(
    ui_app: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    translations = QtTranslations(app=ui_app)
    try:
        with caplog.at_level(logging.INFO):
            i18n.set_language("az")
        if not azerbaijani_qm_path().exists():
            assert translations.loaded_language is None
            assert "No Azerbaijani Qt translation" in caplog.text
            return
        assert translations.loaded_language == "az"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"
    finally:
        translations.uninstall()


def test_qt_messages_go_to_the_log(caplog: pytest.LogCaptureFixture) -> None:
    context = QMessageLogContext()
    with caplog.at_level(logging.DEBUG, logger="qt"):
        app.qt_message_handler(QtMsgType.QtWarningMsg, context, "QPainter went wrong")
        app.qt_message_handler(
            QtMsgType.QtWarningMsg, context, "This plugin does not support propagateSizeHints()"
        )
    levels = {record.getMessage(): record.levelno for record in caplog.records}
    assert levels["QPainter went wrong"] == logging.WARNING
    assert levels["This plugin does not support propagateSizeHints()"] == logging.DEBUG
