"""Human-readable record numbers (B-000001, M-0001, HH-000001) handed out in order."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session


def next_number(
    session: Session, column: InstrumentedAttribute[str], prefix: str, width: int
) -> str:
    """The number after the highest one with ``prefix`` (imported numbers may differ)."""
    highest = session.scalar(select(func.max(column)).where(column.like(f"{prefix}%")))
    number = 0
    if highest:
        digits = "".join(ch for ch in str(highest)[len(prefix) :] if ch.isdigit())
        number = int(digits or 0)
    return f"{prefix}{number + 1:0{width}d}"
