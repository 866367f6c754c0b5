"""``--smoke-test``: open a file, show every page once, print how long each took, and exit.

The installer build and the command-line tests run it on the frozen app; one line per page on
stdout, for example::

    smoke: beneficiaries  first rows in    12.3 ms  (200 of 500 rows)

The exit status is 0 when every page showed its content, 1 otherwise (the reason is printed).
Output is English: it is read by build scripts and developers, not by the app's users.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import (
    QEventLoop,
    QThread,
)
from PySide6.QtWidgets import QApplication

from cso_desktop.ui.mainwindow import MainWindow
from cso_desktop.ui.pages.base import Page

OPEN_TIMEOUT_S = 120.0
PAGE_TIMEOUT_S = 30.0


def wait_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    """Process events until ``condition()`` holds; ``False`` after ``timeout_s`` seconds."""
    app = QApplication.instance()
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            return False
        if app is not None:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if not condition():
            QThread.msleep(1)
    return True


def _is_ready(page: Page) -> bool:
    return page.smoke_state().ready


def _say(out: TextIO, line: str) -> None:
    print(line, file=out, flush=True)


def open_for_smoke_test(window: MainWindow, path: Path, *, create_name: str | None = None) -> str:
    """Open (or create) ``path`` in ``window`` and wait; returns ``""`` or why it failed."""
    failures: list[str] = []
    window.open_failed.connect(failures.append)
    if create_name is not None and not path.exists():
        window.create_file(path, name=create_name)
    else:
        window.open_path(path)
    if not wait_until(lambda: not window.busy, OPEN_TIMEOUT_S):
        return f"{path} did not open within {OPEN_TIMEOUT_S:.0f} s"
    if failures:
        return failures[0]
    if window.open_file is None:
        return f"{path} did not open"
    return ""


def visit_every_page(
    window: MainWindow, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Show each page in turn and print one line per page; returns the exit status."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    failed = 0
    for key, page in window.pages.items():
        started = time.perf_counter()
        window.show_page(key)
        ready = wait_until(functools.partial(_is_ready, page), PAGE_TIMEOUT_S)
        page.repaint()
        elapsed_ms = (time.perf_counter() - started) * 1000
        state = page.smoke_state()
        if not ready:
            failed += 1
            reason = f"not shown within {PAGE_TIMEOUT_S:.0f} s"
        elif not state.ok:
            failed += 1
            reason = state.detail
        else:
            what = "first rows in" if state.has_rows else "shown in     "
            _say(out, f"smoke: {key:<14} {what} {elapsed_ms:8.1f} ms  ({state.detail})")
            continue
        _say(out, f"smoke: {key:<14} FAILED after {elapsed_ms:.1f} ms: {reason}")
        _say(err, f"cso-desktop: smoke test: the {key} page failed: {reason}")
    return 0 if failed == 0 else 1


def run_smoke_test(
    window: MainWindow,
    *,
    path: Path,
    create_name: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Show the window, open ``path`` and visit every page. Returns the exit status."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    window.show()
    problem = open_for_smoke_test(window, path, create_name=create_name)
    if problem:
        _say(out, f"smoke: open           FAILED: {problem}")
        _say(err, f"cso-desktop: smoke test: {problem}")
        return 1
    return visit_every_page(window, out=out, err=err)
