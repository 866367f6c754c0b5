"""Alembic, driven from code: the scripts ship inside the package (``cso_desktop/migrations``)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine


def script_location() -> str:
    """The migrations folder (inside the package, also in the frozen build)."""
    return str(resources.files("cso_desktop") / "migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", script_location())
    config.attributes["connection"] = connection
    return config


@cache
def _script(location: str) -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", location)
    return ScriptDirectory.from_config(config)


def head_revision() -> str:
    head = _script(script_location()).get_current_head()
    assert head is not None, "the migrations folder has no head revision"
    return head


def known_revisions() -> frozenset[str]:
    return frozenset(rev.revision for rev in _script(script_location()).walk_revisions())


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade in one transaction (SQLite has transactional DDL), so a failure changes nothing."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
