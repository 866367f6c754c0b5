"""Alembic environment. Runs on the connection handed in by ``cso_desktop.db.schema``."""

from __future__ import annotations

import re

from alembic import context
from sqlalchemy import create_engine

from cso_desktop.db.models import Base

config = context.config
target_metadata = Base.metadata


#: Full-text search tables (SQLite FTS5) and their shadow tables: made by migrations, not models.
_SEARCH_TABLE = re.compile(r"^\w+_search(_(data|idx|content|docsize|config))?$")


def _include_name(name, type_, parent_names) -> bool:  # type: ignore[no-untyped-def]
    return not (type_ == "table" and name and _SEARCH_TABLE.match(name))


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER through table copies
        compare_type=True,
        include_name=_include_name,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.begin() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported.")
run_migrations_online()
