"""Shared fixtures. Qt runs offscreen; every test gets its own settings/data/log folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "default.warning=false;qt.qpa.*=false")

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.services import files, organisation

#: The day the shared workshop dataset leads up to, fixed so that tests know the answers.
DEMO_AS_OF = dt.date(2026, 6, 30)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qapp" in fixtures or "qtbot" in fixtures:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _fresh_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Settings, data and logs of each test live in their own folder; English by default."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CSO_DESKTOP_HOME", str(home))
    i18n.set_language("en")
    yield home
    i18n.set_language("en")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[db_engine.Database]:
    """A migrated organisation file on disk (real SQLite), with its organisation row."""
    path = tmp_path / "org.csodb"
    files.build_new_file(
        path, lambda s: organisation.create_organisation(s, name="Gənclər Birliyi İctimai Birliyi")
    )
    database = db_engine.open_database(path)
    yield database
    database.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workshop organisation (300 beneficiaries, seed 7), built once per test run.

    Tests must only read it; copy it (``demo_copy``) to change it.
    """
    from cso_desktop.services import demo

    path = tmp_path_factory.mktemp("demo") / "workshop.csodb"
    files.build_new_file(
        path,
        lambda s: demo.populate(s, beneficiaries=300, seed=7, as_of=DEMO_AS_OF, language="az"),
    )
    return path


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "workshop.csodb"
    shutil.copyfile(demo_file, target)
    return target
