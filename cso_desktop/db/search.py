"""Searching the registers' folded ``search_text`` quickly, whatever the database.

On SQLite, migration 0002 keeps an FTS5 trigram index per register (``<table>_search``); a word
of three or more letters becomes a phrase query, which the trigram tokenizer answers as a
substring match from the index. Shorter words, and other databases, fall back to ``LIKE`` on the
folded column. Either way the meaning is the same: every typed word occurs somewhere in the
person's folded name, number, FİN or phone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, literal_column, select, table
from sqlalchemy.orm import Session

#: The trigram tokenizer needs at least three characters to use its index.
MIN_INDEXED = 3


def _like(column: Any, word: str) -> ColumnElement[bool]:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")


def conditions(
    session: Session, *, id_column: Any, text_column: Any, index: str | None, words: list[str]
) -> list[ColumnElement[bool]]:
    """``WHERE`` conditions that keep the rows containing every word (already folded)."""
    if not words:
        return []
    indexed = [w for w in words if len(w) >= MIN_INDEXED]
    short = [w for w in words if len(w) < MIN_INDEXED]
    result: list[ColumnElement[bool]] = []
    if index and indexed and session.get_bind().dialect.name == "sqlite":
        query = " ".join('"' + w.replace('"', '""') + '"' for w in indexed)
        fts = table(index)
        matched: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(fts)
            .where(literal_column(index).op("MATCH")(query))
        )
        result.append(id_column.in_(matched))
    else:
        short = words
    result.extend(_like(text_column, w) for w in short)
    return result
