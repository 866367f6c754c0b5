"""Organisation-wide settings stored in the data file (so every laptop of the office agrees)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.domain.errors import ValidationError
from cso_desktop.domain.vocab import AuditAction
from cso_desktop.i18n import _
from cso_desktop.reports import budget as budget_report
from cso_desktop.services import audit


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(m.Setting, key)
    return default if row is None else row.value


def put(session: Session, key: str, value: Any) -> None:
    row = session.get(m.Setting, key)
    if row is None:
        session.add(m.Setting(key=key, value=value))
    else:
        row.value = value


# --- budget -----------------------------------------------------------------------------------

#: Bounds of the reallocation threshold, as a share of a heading's base amount.
THRESHOLD_MIN = Decimal("0.01")
THRESHOLD_MAX = Decimal("1")


def reallocation_threshold(session: Session) -> Decimal:
    """How far a budget heading may move from its original amount before the donor must sign an
    addendum, as a share (0.25 = 25 %). Projects may set their own."""
    return budget_report.organisation_threshold(session)


def set_reallocation_threshold(session: Session, percent: Decimal | str) -> Decimal:
    """Store the organisation's reallocation threshold given in percent ("25", "15,5").

    Raises:
        ValidationError: not a number, or outside 1–100 %.
    """
    try:
        value = Decimal(str(percent).strip().replace(",", ".").rstrip("%").strip())
    except ArithmeticError:
        value = Decimal("NaN")
    share = value / 100 if value.is_finite() else value
    if not share.is_finite() or not THRESHOLD_MIN <= share <= THRESHOLD_MAX:
        raise ValidationError(
            _(
                "The reallocation threshold is a percentage between 1 and 100; the EU's General "
                "Conditions set 25."
            ),
            field="reallocation_threshold",
        )
    share = share.normalize()
    put(session, budget_report.THRESHOLD_SETTING, str(share))
    audit.record(
        session,
        AuditAction.UPDATE,
        "org_setting",
        detail={budget_report.THRESHOLD_SETTING: str(share)},
    )
    return share
