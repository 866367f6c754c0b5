"""Organisation-wide settings stored in the data file (so every laptop of the office agrees)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cso_desktop.db import models as m


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(m.Setting, key)
    return default if row is None else row.value


def put(session: Session, key: str, value: Any) -> None:
    row = session.get(m.Setting, key)
    if row is None:
        session.add(m.Setting(key=key, value=value))
    else:
        row.value = value
