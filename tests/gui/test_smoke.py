"""The smoke routine behind ``--smoke-test``, run in-process on a real window."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from PySide6.QtWidgets import QApplication

from cso_desktop.ui import ops, smoke
from cso_desktop.ui.pages.registers import RegisterPage

from .conftest import WindowFactory

LINE = re.compile(r"^smoke: (\S+)\s+(first rows in|shown in)\s+([\d.]+) ms  \((.*)\)$")


def test_smoke_test_prints_one_line_per_page_and_succeeds(
    make_window: WindowFactory, sample_file: Path
) -> None:
    ops.set_synchronous(False)  # as in the real run: opening goes through the thread pool
    window = make_window()
    out, err = io.StringIO(), io.StringIO()
    status = smoke.run_smoke_test(window, path=sample_file, out=out, err=err)
    lines = out.getvalue().splitlines()
    assert status == 0, out.getvalue() + err.getvalue()
    assert err.getvalue() == ""
    assert [LINE.match(line).group(1) for line in lines] == list(window.pages)  # type: ignore[union-attr]
    beneficiaries = next(line for line in lines if "beneficiaries" in line)
    assert "first rows in" in beneficiaries
    assert "(200 of 450 rows)" in beneficiaries


def test_smoke_test_on_a_new_file(make_window: WindowFactory, tmp_path: Path) -> None:
    window = make_window()
    out = io.StringIO()
    target = tmp_path / "smoke.csodb"
    status = smoke.run_smoke_test(
        window, path=target, create_name="Sınaq", out=out, err=io.StringIO()
    )
    assert status == 0, out.getvalue()
    assert "(0 of 0 rows)" in out.getvalue()
    assert len(out.getvalue().splitlines()) == len(window.pages)


def test_smoke_test_fails_with_the_reason_on_a_bad_file(
    make_window: WindowFactory, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csodb"
    bad.write_bytes(b"")
    window = make_window()
    out, err = io.StringIO(), io.StringIO()
    status = smoke.run_smoke_test(window, path=bad, out=out, err=err)
    assert status == 1
    assert "is empty" in err.getvalue()
    assert "FAILED" in out.getvalue()


def test_a_page_that_fails_makes_the_smoke_test_fail(
    make_window: WindowFactory, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(sample_file)
    page = window.page("members")
    assert isinstance(page, RegisterPage)
    table = page.tables[0]

    def broken(session: object, offset: int, limit: int) -> list[tuple[object, ...]]:
        raise OSError("disk I/O error")

    monkeypatch.setattr(table.model, "_fetch", broken)
    out, err = io.StringIO(), io.StringIO()
    assert smoke.visit_every_page(window, out=out, err=err) == 1
    assert "smoke: members        FAILED" in out.getvalue()
    assert "members page failed" in err.getvalue()


def test_run_with_smoke_test_in_process(
    ui_app: QApplication, sample_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cso_desktop.ui import app

    status = app.run(db=sample_file, smoke_test=True, error_dialogs=False)
    captured = capsys.readouterr()
    assert status == 0, captured.out + captured.err
    assert len([line for line in captured.out.splitlines() if line.startswith("smoke:")]) == 8
    assert "Traceback" not in captured.err


def test_run_smoke_test_without_a_file_uses_a_throwaway_one(
    ui_app: QApplication, capsys: pytest.CaptureFixture[str]
) -> None:
    from cso_desktop import paths
    from cso_desktop import settings as user_settings
    from cso_desktop.ui import app

    assert app.run(smoke_test=True, error_dialogs=False) == 0
    assert "(0 of 0 rows)" in capsys.readouterr().out
    assert not paths.default_database_path().exists()
    assert user_settings.load().recent_databases == []
