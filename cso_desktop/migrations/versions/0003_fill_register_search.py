"""Data: fill the sort keys and build the search indexes for rows written before 0002.

The sort-key rule is copied here, frozen, so this step gives the same result whatever later
releases do to the application's own function.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 03:41:00
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_ALPHABET = "abcçdeəfgğhxıijkqlmnoöprsştuüvwyz"
_SORT_MAP = str.maketrans({letter: chr(0x0100 + i) for i, letter in enumerate(_ALPHABET)})
_LOWER = str.maketrans({"İ": "i", "I": "ı"})


def _sort_key(*parts: str | None) -> str:
    words = []
    for part in parts:
        if part:
            text = unicodedata.normalize("NFC", part).translate(_LOWER).lower()
            words.append(text.replace("ё", "е").translate(_SORT_MAP))
    return " ".join(words)


def upgrade() -> None:
    connection = op.get_bind()
    for table in ("member", "volunteer", "beneficiary"):
        rows = connection.execute(
            sa.text(f"SELECT id, last_name, first_name, patronymic FROM {table}")
        ).all()
        if rows:
            connection.execute(
                sa.text(f"UPDATE {table} SET sort_key = :key WHERE id = :id"),
                [
                    {"id": row.id, "key": _sort_key(row.last_name, row.first_name, row.patronymic)}
                    for row in rows
                ],
            )
        if connection.dialect.name == "sqlite":
            op.execute(f"INSERT INTO {table}_search({table}_search) VALUES ('rebuild')")


def downgrade() -> None:
    pass
