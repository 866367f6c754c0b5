"""The one handler for unexpected errors, on the GUI thread and on worker threads.

The traceback goes to the log file in English; the user sees a short, translated message that
names the log file and never the traceback (qutebrowser ``crashsignal.py``, napari
``install_hooks``). Known failures (``CsoError``) never come here: the operation that hit them
shows their ``user_message``.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QObject,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QApplication

from cso_desktop.i18n import _
from cso_desktop.ui import messages

log = logging.getLogger(__name__)


def crash_message(log_path: Path) -> str:
    """The plain message shown after an unexpected error."""
    return _(
        "CSO Desktop ran into an unexpected problem and could not finish what you asked. "
        "Everything saved before is safe.\n\n"
        "The details were written to the log file:\n{path}\n\n"
        "If this happens again, send that file to the person who supports you."
    ).format(path=log_path)


class CrashHandler(QObject):
    """Logs unexpected exceptions and tells the user, from any thread.

    Attributes:
        log_path: the log file named in the message.

    Signals:
        crashed(str): an unexpected error was logged; carries the user message. Emitted on the
            thread that failed and delivered to the GUI thread, where the message is shown.
    """

    crashed = Signal(str)

    def __init__(self, *, log_path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path or messages.log_file()
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._installed = False
        self._showing = False
        self.crashed.connect(self._on_self_crashed)

    def install(self) -> None:
        """Become ``sys.excepthook`` and ``threading.excepthook``."""
        if self._installed:
            return
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        self._installed = True

    def uninstall(self) -> None:
        """Put the previous hooks back (at exit, and between tests)."""
        if not self._installed:
            return
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._handle_thread:
            threading.excepthook = self._previous_thread_hook
        self._installed = False

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        """``sys.excepthook``: log the traceback, then tell the user in plain words."""
        if issubclass(exc_type, KeyboardInterrupt):
            # Ctrl+C in the terminal that started the app: stop, as the user asked.
            log.info("Interrupted from the keyboard")
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        log.error("Unexpected error", exc_info=(exc_type, exc, tb))
        self.crashed.emit(crash_message(self.log_path))

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str)
    def _on_self_crashed(self, text: str) -> None:
        if self._showing:
            # A second error while the first message is open: logged above; one box is enough.
            return
        self._showing = True
        try:
            parent = QApplication.activeWindow()
            messages.show_error(parent, text, title=_("Unexpected problem"))
        finally:
            self._showing = False
