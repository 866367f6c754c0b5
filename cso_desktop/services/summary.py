"""Counts per register: the ``check`` command's summary and the dashboard's first figures."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.db import schema
from cso_desktop.domain import errors
from cso_desktop.i18n import N_
from cso_desktop.services import organisation

#: (key, untranslated label, counted table, only rows that are not archived/erased)
COUNTED: tuple[tuple[str, str, type[m.Base], object | None], ...] = (
    ("members", N_("Members"), m.Member, m.Member.archived.is_(False)),
    ("volunteers", N_("Volunteers"), m.Volunteer, m.Volunteer.archived.is_(False)),
    ("beneficiaries", N_("Beneficiaries"), m.Beneficiary, m.Beneficiary.archived.is_(False)),
    ("households", N_("Households"), m.Household, m.Household.archived.is_(False)),
    ("projects", N_("Projects"), m.Project, m.Project.archived.is_(False)),
    ("activities", N_("Activities"), m.Activity, None),
    ("service_deliveries", N_("Services delivered"), m.ServiceDelivery, None),
    ("budget_lines", N_("Budget lines"), m.BudgetLine, None),
    ("expenses", N_("Expenses"), m.Expense, None),
)


def register_counts(session: Session) -> dict[str, int]:
    counts: dict[str, int] = {}
    for key, _label, model, condition in COUNTED:
        stmt = select(func.count()).select_from(model)
        if condition is not None:
            stmt = stmt.where(condition)  # type: ignore[arg-type]
        counts[key] = int(session.scalar(stmt) or 0)
    return counts


def count_labels() -> dict[str, str]:
    return {key: label for key, label, _model, _c in COUNTED}


@dataclass(frozen=True)
class HealthReport:
    path: str
    organisation_name: str
    revision: str
    head_revision: str
    needs_upgrade: bool
    counts: dict[str, int]


def check_file(path: Path) -> HealthReport:
    """Full integrity check and summary of a SQLite organisation file, strictly read-only.

    Raises a :class:`~cso_desktop.domain.errors.DatabaseFileError` for files that cannot be
    opened; the file is never changed.
    """
    inspection = db_engine.inspect_sqlite_file(path, full_check=True)
    if inspection.state is db_engine.FileState.MISSING:
        raise errors.DatabaseMissingError("missing", path=str(path))
    if inspection.state is db_engine.FileState.NEW:
        raise errors.ForeignDatabaseError("no tables", path=str(path))
    db = db_engine.open_readonly(path)
    try:
        with db.reading() as session:
            profile = organisation.get_profile(session)
            counts = register_counts(session)
    finally:
        db.close()
    return HealthReport(
        path=str(path),
        organisation_name=profile.name,
        revision=inspection.revision or "",
        head_revision=schema.head_revision(),
        needs_upgrade=inspection.state is db_engine.FileState.OLDER,
        counts=counts,
    )
