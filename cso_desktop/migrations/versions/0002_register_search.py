"""Registers at scale: Azerbaijani sort keys, full-text search, ages kept on service records.

- ``sort_key`` on member, volunteer and beneficiary: the name in Azerbaijani alphabetical order,
  indexed with ``archived`` (as are the beneficiary number and registration date), so the first
  window of a register sorted by name, number or date is an index walk, not a sort.
- On SQLite, FTS5 trigram indexes over each register's folded ``search_text`` (external content,
  kept in step by triggers), so a search by part of a name, FİN, phone or number stays fast at
  hundreds of thousands of people. Other databases search the folded column directly.
- ``service_delivery.recipient_age``: the person's age on the day, written when a record is
  erased so that totals by age already reported still add up.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 03:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

REGISTERS = ("member", "volunteer", "beneficiary")


def _fts_statements(table: str) -> list[str]:
    index = f"{table}_search"
    forget_old = (
        f"INSERT INTO {index}({index}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text);"
    )
    return [
        # case_sensitive 1: search_text is already folded in Python (Azerbaijani İ/ı rules);
        # queries are phrase MATCHes, which the trigram tokenizer answers as substrings.
        f"CREATE VIRTUAL TABLE {index} USING fts5(search_text, content='{table}', "
        f"content_rowid='id', tokenize='trigram case_sensitive 1')",
        f"CREATE TRIGGER {index}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {index}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER {index}_ad AFTER DELETE ON {table} BEGIN {forget_old} END",
        f"CREATE TRIGGER {index}_au AFTER UPDATE OF search_text ON {table} BEGIN "
        f"{forget_old} "
        f"INSERT INTO {index}(rowid, search_text) VALUES (new.id, new.search_text); END",
    ]


def upgrade() -> None:
    for table in REGISTERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "sort_key",
                    sa.String(length=400),
                    server_default="",
                    nullable=False,
                    comment="name in Azerbaijani alphabetical order",
                )
            )
            batch_op.create_index(f"ix_{table}_sort_key", ["archived", "sort_key"], unique=False)
    with op.batch_alter_table("beneficiary", schema=None) as batch_op:
        # Register windows: WHERE archived = ? ORDER BY <column>, id walks one of these.
        batch_op.create_index(
            "ix_beneficiary_list_number", ["archived", "registration_no"], unique=False
        )
        batch_op.create_index(
            "ix_beneficiary_list_registered", ["archived", "registered_on"], unique=False
        )
    with op.batch_alter_table("service_delivery", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "recipient_age",
                sa.SmallInteger(),
                nullable=True,
                comment="age on the day, kept when the record is erased",
            )
        )
    if op.get_context().dialect.name == "sqlite":
        for table in REGISTERS:
            for statement in _fts_statements(table):
                op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for table in REGISTERS:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_search_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}_search")
    with op.batch_alter_table("service_delivery", schema=None) as batch_op:
        batch_op.drop_column("recipient_age")
    with op.batch_alter_table("beneficiary", schema=None) as batch_op:
        batch_op.drop_index("ix_beneficiary_list_registered")
        batch_op.drop_index("ix_beneficiary_list_number")
    for table in REGISTERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_sort_key")
            batch_op.drop_column("sort_key")
