"""The logframe as reports and the logframe editor read it: results in order, and computed
indicator values from the shared figures (:mod:`cso_desktop.reports.data`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.domain import vocab
from cso_desktop.reports import budget, data


def ordered_results(session: Session, project_id: int) -> list[m.LogframeResult]:
    """The results chain depth-first: each result followed by the results under it, siblings
    in their order (then by code, naturally: Op1.2 before Op1.10)."""
    rows = session.scalars(
        select(m.LogframeResult).where(m.LogframeResult.project_id == project_id)
    ).all()
    children: dict[int | None, list[m.LogframeResult]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    for siblings in children.values():
        siblings.sort(key=lambda r: (r.sort_order, budget.natural_key(r.code), r.id))
    ordered: list[m.LogframeResult] = []

    def walk(parent: int | None) -> None:
        for row in children.get(parent, []):
            ordered.append(row)
            walk(row.id)

    walk(None)
    known = {row.id for row in ordered}
    ordered.extend(row for row in rows if row.id not in known)  # orphans, if any
    return ordered


@dataclass(frozen=True)
class IndicatorFigure:
    """A computed indicator's value for a period.

    Attributes:
        total: people reached (unique), sessions held or volunteer hours.
        by_sex: people reached by sex (only when the indicator asks for it; sexes with nobody
            left out).
        records: what it was computed from: service records, or volunteers for hours.
    """

    total: Decimal
    by_sex: tuple[tuple[vocab.Sex, Decimal], ...]
    records: int


def compute_indicator(
    session: Session,
    indicator: m.Indicator,
    project_id: int,
    start: dt.date,
    end: dt.date,
) -> IndicatorFigure:
    """A computed indicator's value from the project's activities (of the indicator's activity
    type, if it names one): people reached, sessions held or volunteer hours."""
    activity_type = (
        vocab.ActivityType(indicator.method_activity_type)
        if indicator.method_activity_type
        else None
    )
    scope = data.Scope(start, end, project_id=project_id, activity_type=activity_type)
    method = vocab.IndicatorMethod(indicator.method)
    if method == vocab.IndicatorMethod.PEOPLE_REACHED:
        reach = data.people_reached(session, scope)
        by_sex = (
            tuple((sex, Decimal(n)) for sex, n in reach.by_sex().items() if n)
            if indicator.disaggregate_sex
            else ()
        )
        return IndicatorFigure(
            Decimal(reach.total), by_sex, data.services_delivered(session, scope)
        )
    if method == vocab.IndicatorMethod.SESSIONS_HELD:
        return IndicatorFigure(
            Decimal(data.sessions_held(session, scope)), (), data.services_delivered(session, scope)
        )
    return IndicatorFigure(
        data.volunteer_hours(session, scope), (), data.volunteers_involved(session, scope)
    )
