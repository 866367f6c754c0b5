"""The audit trail: who did what to which record. Details never carry personal data."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cso_desktop.db.models import AuditEntry
from cso_desktop.domain.vocab import AuditAction


def record(
    session: Session,
    action: AuditAction,
    entity: str,
    entity_id: int | None = None,
    *,
    user_name: str | None = None,
    user_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            action=action,
            entity=entity,
            entity_id=entity_id,
            user_id=user_id,
            user_name=user_name,
            detail=detail,
        )
    )
