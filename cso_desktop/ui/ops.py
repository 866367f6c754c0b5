"""Running work off the GUI thread: ``op()`` in the thread pool, then ``success`` or ``failure``.

Modelled on Anki's ``QueryOp`` and Picard's ``run_task``/``to_main``::

    Op(
        op=lambda: open_database(path),
        success=self._show_file,
        parent=self,
    ).run_in_background()

``op`` must not touch widgets; ``success`` and ``failure`` run on the GUI thread. Without a
``failure`` callback a known error (``CsoError``) is shown by its ``user_message`` and anything
else goes to the crash handler. ``set_synchronous(True)`` runs everything at once on the calling
thread, for tests.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QObject,
    QRunnable,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QWidget

from cso_desktop.domain.errors import CsoError
from cso_desktop.ui import messages

log = logging.getLogger(__name__)

T = TypeVar("T")

_synchronous = False
#: Operations in flight, kept alive until their callbacks have run.
_pending: set[Op[Any]] = set()


def set_synchronous(value: bool) -> None:
    """Run operations on the calling thread, at once (tests)."""
    global _synchronous
    _synchronous = value


def is_synchronous() -> bool:
    return _synchronous


def pending_count() -> int:
    """How many operations have not reported back yet."""
    return len(_pending)


def show_failure(
    exc: Exception, *, parent: QWidget | None = None, in_status_bar: bool = False
) -> None:
    """The default ``failure``: tell the user about a known error, hand anything else on."""
    if isinstance(exc, CsoError):
        log.warning("Operation failed: %s", exc.log_message)
        if in_status_bar:
            messages.show_status(exc.user_message)
        else:
            messages.show_warning(parent, exc.user_message)
        return
    sys.excepthook(type(exc), exc, exc.__traceback__)


class _Relay(QObject):
    """Carries the outcome from the worker thread to the GUI thread.

    The relay is created on the GUI thread and its own slots receive the signals, so Qt queues
    the delivery to the GUI thread whatever thread emits them.

    Signals:
        succeeded(object): ``op()`` returned this value.
        failed(object): ``op()`` raised this exception.
    """

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, *, owner: Op[Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._owner = owner
        self.succeeded.connect(self._on_self_succeeded)
        self.failed.connect(self._on_self_failed)

    @Slot(object)
    def _on_self_succeeded(self, result: object) -> None:
        _pending.discard(self._owner)
        self._owner._report_success(result)

    @Slot(object)
    def _on_self_failed(self, exc: object) -> None:
        _pending.discard(self._owner)
        if not isinstance(exc, Exception):  # pragma: no cover - the worker only sends exceptions
            exc = RuntimeError(repr(exc))
        self._owner._report_failure(exc)


class _Task(QRunnable):
    def __init__(self, op: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._op = op
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._op()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which reports it
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class Op(Generic[T]):
    """One piece of work for the thread pool.

    Attributes:
        parent: the widget that asked; messages are shown over it.
    """

    def __init__(
        self,
        *,
        op: Callable[[], T],
        success: Callable[[T], None] | None = None,
        failure: Callable[[Exception], None] | None = None,
        failure_in_status_bar: bool = False,
        finished: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self._op = op
        self._success = success
        self._failure = failure
        self._failure_in_status_bar = failure_in_status_bar
        self._finished = finished
        self.parent = parent
        self._relay: _Relay | None = None

    def run_in_background(self) -> None:
        if _synchronous:
            self._run_now()
            return
        relay = _Relay(owner=self)
        self._relay = relay
        _pending.add(self)
        QThreadPool.globalInstance().start(_Task(self._op, relay))

    def _run_now(self) -> None:
        try:
            result = self._op()
        except Exception as exc:  # noqa: BLE001 - reported exactly as from a worker thread
            self._report_failure(exc)
        else:
            self._report_success(result)

    def _report_success(self, result: Any) -> None:
        try:
            if self._success is not None:
                self._success(result)
        finally:
            self._done()

    def _report_failure(self, exc: Exception) -> None:
        try:
            if self._failure is not None:
                self._failure(exc)
            else:
                show_failure(exc, parent=self.parent, in_status_bar=self._failure_in_status_bar)
        finally:
            self._done()

    def _done(self) -> None:
        if self._finished is not None:
            self._finished()
