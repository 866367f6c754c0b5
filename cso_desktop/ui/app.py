"""Starting the window: display check, Qt application, fonts, translations, crash handler, file.

``cso_desktop.cli`` calls :func:`run`; everything Qt starts here.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import (
    QMessageLogContext,
    QThreadPool,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from cso_desktop import APP_ID, APP_NAME, __version__, i18n
from cso_desktop import settings as user_settings
from cso_desktop.i18n import _
from cso_desktop.ui import fonts, messages, smoke
from cso_desktop.ui.crash import CrashHandler
from cso_desktop.ui.language import QtTranslations
from cso_desktop.ui.mainwindow import MainWindow

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
#: How long to wait at exit for work still running (building the workshop file, say).
SHUTDOWN_WAIT_MS = 30_000


def has_display() -> bool:
    """Whether Qt can show a window: always off Linux; on Linux, an X11/Wayland session or a
    platform chosen explicitly (``QT_QPA_PLATFORM``, e.g. ``offscreen`` or ``vnc``)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def no_display_message() -> str:
    return _(
        "No display found: the window needs a desktop session. Run it on a desktop, or use "
        "the command-line commands (cso-desktop --help)."
    )


#: Qt messages that say nothing useful to anyone (the offscreen platform cannot resize windows).
_QUIET_QT_MESSAGES = ("propagateSizeHints",)
_QT_LOG_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Send Qt's own messages to the log file instead of the terminal (stderr stays clean)."""
    level = _QT_LOG_LEVELS.get(kind, logging.WARNING)
    if any(quiet in message for quiet in _QUIET_QT_MESSAGES):
        level = logging.DEBUG
    logging.getLogger(f"qt.{context.category or 'default'}").log(level, "%s", message)


def application() -> QApplication:
    """The one QApplication, created on first use."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Qt reads its own options from argv; ours were parsed already, so pass only the name.
    app = QApplication([sys.argv[0] if sys.argv else APP_ID])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    return app


def start_language(explicit: str | None, saved: str) -> str:
    """``--lang``, else the language chosen in Settings, else the system's."""
    return (
        i18n.normalise_language(explicit)
        or i18n.normalise_language(saved)
        or i18n.system_language()
    )


def run(
    *,
    db: Path | None = None,
    language: str | None = None,
    smoke_test: bool = False,
    error_dialogs: bool = True,
) -> int:
    """Open the window (or run the smoke test) and return the exit status."""
    if not has_display():
        if not smoke_test:
            print(f"cso-desktop: {no_display_message()}", file=sys.stderr)
            return EXIT_ERROR
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    # A smoke test must never wait for a click.
    messages.set_dialogs_enabled(error_dialogs and not smoke_test)
    settings = user_settings.load()
    i18n.set_language(start_language(language, settings.language))

    previous_handler = qInstallMessageHandler(qt_message_handler)
    app = application()
    fonts.install(app)
    translations = QtTranslations(app=app)
    crash = CrashHandler(log_path=messages.log_file())
    crash.install()
    window: MainWindow | None = None
    scratch: tempfile.TemporaryDirectory[str] | None = None
    try:
        window = MainWindow(settings=settings, persist=not smoke_test)
        window.restore_geometry()
        if smoke_test:
            create_name = None
            target = db
            if target is None:
                # Without --db the smoke test works on a throwaway file, never the user's own.
                scratch = tempfile.TemporaryDirectory(prefix="cso-desktop-smoke-")
                target = Path(scratch.name) / "smoke.csodb"
                create_name = _("My organisation")
            status = smoke.run_smoke_test(window, path=target, create_name=create_name)
            window.close()
            return status
        # Ctrl+C in the terminal that started the app ends it (Qt's loop would swallow it).
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        window.show()
        window.open_at_start(db)
        return int(app.exec())
    finally:
        QThreadPool.globalInstance().waitForDone(SHUTDOWN_WAIT_MS)
        if window is not None:
            window.deleteLater()
        crash.uninstall()
        translations.uninstall()
        qInstallMessageHandler(previous_handler)
        if scratch is not None:
            scratch.cleanup()
