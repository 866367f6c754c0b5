"""The organisation's figures, computed once: the dashboard and every report read them here.

Everything is a SQL aggregate returning frozen dataclasses of raw values (ints, Decimals, dates,
vocabulary codes) — no formatting, no translation — so a figure on the dashboard is the same
figure in the donor report.

**People reached** has one definition: the unique individuals with at least one service
delivery in the period and scope. A person served in three activities is one person; the
services themselves are counted separately (:func:`services_delivered`). A household served as a
whole is counted by its members, each of whom has their own delivery. A person's age group is
their age on the day of their *first* service in the period: from the date of birth when known,
else the age recorded on the delivery (kept when a record is erased), else the estimated age aged
forward from the day it was estimated.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.db.sqlfunc import month_start, whole_years
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.i18n import _

# --- age bands --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeBands:
    """Age groups given by their lower bounds, the first being 0; the last is open-ended.

    The default fine bands (0–5, 6–12, 13–17, 18–29, …, 80+) roll up exactly to FDRS, the
    Humanitarian Inclusion Standards' bands and the 0–17 / 18–59 / 60+ groups of 5W tables.
    """

    lower_bounds: tuple[int, ...]

    def __post_init__(self) -> None:
        bounds = self.lower_bounds
        if not bounds or bounds[0] != 0 or any(b >= c for b, c in itertools.pairwise(bounds)):
            raise ValidationError(_("Age groups must start at 0 and increase."))

    def __len__(self) -> int:
        return len(self.lower_bounds)

    def index_of(self, age: int | None) -> int | None:
        """The band of ``age``, or ``None`` when the age is unknown."""
        if age is None:
            return None
        found = 0
        for position, bound in enumerate(self.lower_bounds):
            if age >= bound:
                found = position
        return found

    def bounds(self, index: int) -> tuple[int, int | None]:
        """(first age, last age) of a band; the last band has no upper end (``None``)."""
        upper = self.lower_bounds[index + 1] - 1 if index + 1 < len(self) else None
        return self.lower_bounds[index], upper

    def label(self, index: int) -> str:
        """``"18–29"`` or ``"80+"``: numbers only, the same in every language."""
        low, high = self.bounds(index)
        return f"{low}+" if high is None else f"{low}–{high}"

    def labels(self) -> tuple[str, ...]:
        return tuple(self.label(i) for i in range(len(self)))

    def rolls_up_to(self, coarse: AgeBands) -> bool:
        """Whether every coarse band is a union of whole bands of this one."""
        return set(coarse.lower_bounds) <= set(self.lower_bounds)

    def sql_index(self, age: ColumnElement[Any]) -> ColumnElement[int]:
        """The band index of an SQL age expression (``NULL`` when the age is unknown)."""
        whens = [
            (age >= bound, position)
            for position, bound in reversed(list(enumerate(self.lower_bounds)))
            if position > 0
        ]
        return case((age.is_(None), None), *whens, else_=0)


#: Fine bands that roll up to FDRS, HHoT and 0–17 / 18–59 / 60+ (standards §2.2).
DEFAULT_BANDS = AgeBands((0, 6, 13, 18, 30, 40, 50, 60, 70, 80))
#: Children, adults and older people, as 5W and HXL tables group them.
BROAD_BANDS = AgeBands((0, 18, 60))
#: The organisation setting (``org_setting`` key) with its own age bands' lower bounds.
AGE_BANDS_SETTING = "age_bands"


def age_bands(session: Session) -> AgeBands:
    """The organisation's age bands for reports (setting ``age_bands``: a list of lower
    bounds), else :data:`DEFAULT_BANDS`. A stored value that is not a valid set is ignored."""
    row = session.get(m.Setting, AGE_BANDS_SETTING)
    value = None if row is None else row.value
    if isinstance(value, list) and value and all(isinstance(v, int) for v in value):
        try:
            return AgeBands(tuple(value))
        except ValidationError:
            return DEFAULT_BANDS
    return DEFAULT_BANDS


# --- scope ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which services and hours count: a period (both days included) and optional filters on the
    activity they belong to."""

    start: dt.date
    end: dt.date
    project_id: int | None = None
    activity_type: vocab.ActivityType | None = None
    activity_id: int | None = None
    rayon_code: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(_("The period ends before it starts: check the two dates."))

    @property
    def filters_activity(self) -> bool:
        return any(
            v is not None
            for v in (self.project_id, self.activity_type, self.activity_id, self.rayon_code)
        )

    def activity_conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.project_id is not None:
            conditions.append(m.Activity.project_id == self.project_id)
        if self.activity_type is not None:
            conditions.append(m.Activity.activity_type == self.activity_type)
        if self.activity_id is not None:
            conditions.append(m.Activity.id == self.activity_id)
        if self.rayon_code is not None:
            conditions.append(m.Activity.rayon_code == self.rayon_code)
        return conditions

    @classmethod
    def year(cls, year: int, **filters: Any) -> Scope:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), **filters)


def _deliveries_in(scope: Scope, stmt: Select[Any]) -> Select[Any]:
    stmt = stmt.where(m.ServiceDelivery.delivered_on.between(scope.start, scope.end))
    if scope.filters_activity:
        stmt = stmt.join(m.Activity, m.Activity.id == m.ServiceDelivery.activity_id).where(
            *scope.activity_conditions()
        )
    return stmt


#: "Any value" for :meth:`Reach.count` criteria where ``None`` is itself a value.
ANY: Any = object()


# --- people reached ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReachCell:
    """People reached with one combination of sex, age band, disability and displacement."""

    sex: vocab.Sex
    band: int | None  # index into Reach.bands; None: age unknown
    disability: bool | None  # None: the Washington Group questions were not asked
    displacement: vocab.DisplacementStatus
    count: int


@dataclass(frozen=True)
class Reach:
    """Unique people reached in a scope, broken down; ``total`` equals the sum of the cells."""

    scope: Scope
    bands: AgeBands
    cells: tuple[ReachCell, ...]
    households: int

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)

    def count(
        self,
        *,
        sex: vocab.Sex | None = None,
        band: Any = ANY,
        bands: Iterable[int] | None = None,
        disability: Any = ANY,
        displacement: vocab.DisplacementStatus | Iterable[vocab.DisplacementStatus] | None = None,
    ) -> int:
        """People matching every given criterion (``band=None`` counts the unknown ages)."""
        wanted_bands = set(bands) if bands is not None else None
        if isinstance(displacement, vocab.DisplacementStatus):
            displacement = (displacement,)
        wanted_displacement = set(displacement) if displacement is not None else None
        total = 0
        for cell in self.cells:
            if sex is not None and cell.sex != sex:
                continue
            if band is not ANY and cell.band != band:
                continue
            if wanted_bands is not None and cell.band not in wanted_bands:
                continue
            if disability is not ANY and cell.disability is not disability:
                continue
            if wanted_displacement is not None and cell.displacement not in wanted_displacement:
                continue
            total += cell.count
        return total

    def by_sex(self) -> dict[vocab.Sex, int]:
        return {sex: self.count(sex=sex) for sex in vocab.Sex}

    def in_bands(self, coarse: AgeBands, index: int) -> tuple[int, ...]:
        """The fine band indexes that make up band ``index`` of a coarser set."""
        if not self.bands.rolls_up_to(coarse):
            raise ValidationError(_("These age groups cannot be added up into the requested ones."))
        low, high = coarse.bounds(index)
        return tuple(
            i
            for i, bound in enumerate(self.bands.lower_bounds)
            if bound >= low and (high is None or bound <= high)
        )


def _age_expression(first_on: Any, recorded_age: Any) -> ColumnElement[Any]:
    b = m.Beneficiary
    estimate = case(
        (b.age_estimated_on.is_(None), b.estimated_age),
        (
            first_on >= b.age_estimated_on,
            b.estimated_age + whole_years(b.age_estimated_on, first_on),
        ),
        else_=func.max(0, b.estimated_age - whole_years(first_on, b.age_estimated_on)),
    )
    return func.coalesce(whole_years(b.date_of_birth, first_on), recorded_age, estimate)


def _first_services(scope: Scope, part: Any = None) -> Any:
    """One row per person reached (per part, when ``part`` is an activity column): their first
    service day in scope."""
    sd = m.ServiceDelivery
    columns = [
        sd.beneficiary_id.label("beneficiary_id"),
        func.min(sd.delivered_on).label("first_on"),
    ]
    if part is None:
        return _deliveries_in(scope, select(*columns)).group_by(sd.beneficiary_id).subquery()
    return (
        select(part.label("part"), *columns)
        .select_from(sd)
        .join(m.Activity, m.Activity.id == sd.activity_id)
        .where(sd.delivered_on.between(scope.start, scope.end), *scope.activity_conditions())
        .group_by(part, sd.beneficiary_id)
        .subquery()
    )


def _reached(
    session: Session, scope: Scope, bands: AgeBands, part: Any = None
) -> dict[Any, tuple[list[ReachCell], int]]:
    """The cells and households of people reached, for the whole scope (key ``None``) or for
    each value of ``part`` — all parts in one query."""
    first = _first_services(scope, part)
    sd = m.ServiceDelivery
    recorded_age = (
        select(func.max(sd.recipient_age))
        .where(sd.beneficiary_id == first.c.beneficiary_id, sd.delivered_on == first.c.first_on)
        .scalar_subquery()
    )
    b = m.Beneficiary
    parts = [first.c.part.label("part")] if part is not None else []
    # The age is computed once per person in an inner query, then banded outside it.
    people = (
        select(
            *parts,
            b.sex.label("sex"),
            _age_expression(first.c.first_on, recorded_age).label("age"),
            b.has_disability.label("disability"),
            b.displacement_status.label("displacement"),
        )
        .select_from(first)
        .join(b, b.id == first.c.beneficiary_id)
        .subquery("person")
    )
    band = bands.sql_index(people.c.age).label("band")
    group = [people.c.sex, band, people.c.disability, people.c.displacement]
    by_part = [people.c.part] if part is not None else []
    result: dict[Any, tuple[list[ReachCell], int]] = {}
    for row in session.execute(select(*by_part, *group, func.count()).group_by(*by_part, *group)):
        key = row[0] if part is not None else None
        sex, band_index, disability, displacement, count = row[len(by_part) :]
        result.setdefault(key, ([], 0))[0].append(
            ReachCell(
                sex=vocab.Sex(sex),
                band=None if band_index is None else int(band_index),
                disability=None if disability is None else bool(disability),
                displacement=vocab.DisplacementStatus(displacement),
                count=int(count),
            )
        )
    first_parts = [first.c.part] if part is not None else []
    for row in session.execute(
        select(*first_parts, func.count(func.distinct(b.household_id)))
        .select_from(first)
        .join(b, b.id == first.c.beneficiary_id)
        .group_by(*first_parts)
    ):
        key = row[0] if part is not None else None
        if key in result:
            result[key] = (result[key][0], int(row[-1] or 0))
    return result


def _reach(scope: Scope, bands: AgeBands, found: tuple[list[ReachCell], int] | None) -> Reach:
    cells, households = found or ([], 0)
    ordered = sorted(
        cells,
        key=lambda c: (
            c.sex,
            -1 if c.band is None else c.band,
            -1 if c.disability is None else int(c.disability),
            c.displacement,
        ),
    )
    return Reach(scope=scope, bands=bands, cells=tuple(ordered), households=households)


def people_reached(session: Session, scope: Scope, *, bands: AgeBands = DEFAULT_BANDS) -> Reach:
    """Unique people with at least one service delivery in ``scope``, by sex × age band ×
    disability × displacement status, and the households they belong to."""
    return _reach(scope, bands, _reached(session, scope, bands).get(None))


def reached_by(
    session: Session, scope: Scope, dimension: str, *, bands: AgeBands = DEFAULT_BANDS
) -> tuple[tuple[str, Reach], ...]:
    """People reached split by the activity's ``"rayon"`` or ``"activity_type"``, each part its
    own :class:`Reach` (a person served in two rayons is counted in both, once in the total).
    Activities without a value for the dimension form no part."""
    column = {"rayon": m.Activity.rayon_code, "activity_type": m.Activity.activity_type}[dimension]
    found = _reached(session, scope, bands, column)
    parts = []
    for key in sorted(k for k in found if k is not None):
        narrowed = Scope(
            scope.start,
            scope.end,
            project_id=scope.project_id,
            activity_type=vocab.ActivityType(key)
            if dimension == "activity_type"
            else scope.activity_type,
            activity_id=scope.activity_id,
            rayon_code=key if dimension == "rayon" else scope.rayon_code,
        )
        parts.append((str(key), _reach(narrowed, bands, found[key])))
    return tuple(parts)


# --- services, sessions, hours, activities ----------------------------------------------------


def services_delivered(session: Session, scope: Scope) -> int:
    """Service deliveries in scope (a person served twice counts twice)."""
    return int(session.scalar(_deliveries_in(scope, select(func.count(m.ServiceDelivery.id)))) or 0)


def sessions_held(session: Session, scope: Scope) -> int:
    """Distinct (activity, day) pairs with at least one service delivery in scope."""
    sd = m.ServiceDelivery
    days = _deliveries_in(scope, select(sd.activity_id, sd.delivered_on).distinct()).subquery()
    return int(session.scalar(select(func.count()).select_from(days)) or 0)


def hours_in(scope: Scope, stmt: Select[Any]) -> Select[Any]:
    """``stmt`` over ``volunteer_hours`` narrowed to the hours in ``scope`` (the one rule for
    which hours count: the dashboard, the reports and the volunteers report use it)."""
    vh = m.VolunteerHours
    stmt = stmt.where(vh.worked_on.between(scope.start, scope.end))
    if scope.filters_activity:
        stmt = stmt.join(m.Activity, m.Activity.id == vh.activity_id).where(
            *scope.activity_conditions()
        )
    return stmt


def volunteer_hours(session: Session, scope: Scope) -> Decimal:
    """Hours volunteers gave in scope (with activity filters: hours on those activities only)."""
    total = session.scalar(hours_in(scope, select(func.sum(m.VolunteerHours.hours))))
    return total if total is not None else Decimal("0")


def volunteers_involved(session: Session, scope: Scope) -> int:
    """Unique volunteers with hours in scope."""
    vh = m.VolunteerHours
    return int(
        session.scalar(hours_in(scope, select(func.count(func.distinct(vh.volunteer_id))))) or 0
    )


def volunteer_hours_by_month(session: Session, scope: Scope) -> tuple[tuple[dt.date, Decimal], ...]:
    """Hours per calendar month of the period, every month present (zero when none)."""
    vh = m.VolunteerHours
    month = month_start(vh.worked_on).label("month")
    rows = dict(
        session.execute(hours_in(scope, select(month, func.sum(vh.hours))).group_by(month)).all()
    )
    # A summed Quantity comes back through the column type only when selected plainly.
    totals = {_as_date(k): _quantity(v) for k, v in rows.items()}
    return tuple((first, totals.get(first, Decimal("0"))) for first in months(scope))


def months(scope: Scope) -> tuple[dt.date, ...]:
    """First days of the months the period touches, in order."""
    result = []
    current = scope.start.replace(day=1)
    while current <= scope.end:
        result.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return tuple(result)


def activities_by_status(
    session: Session, *, project_id: int | None = None, scope: Scope | None = None
) -> dict[vocab.ActivityStatus, int]:
    """Activities per status (every status present); with a ``scope``, only activities whose
    planned or actual dates touch the period."""
    a = m.Activity
    stmt = select(a.status, func.count()).group_by(a.status)
    if project_id is not None:
        stmt = stmt.where(a.project_id == project_id)
    if scope is not None:
        begins = func.coalesce(a.actual_start, a.planned_start)
        ends = func.coalesce(a.actual_end, a.planned_end, a.actual_start, a.planned_start)
        stmt = stmt.where(and_(begins <= scope.end, ends >= scope.start))
    counts = {vocab.ActivityStatus(status): int(n) for status, n in session.execute(stmt)}
    return {status: counts.get(status, 0) for status in vocab.ActivityStatus}


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _quantity(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return m.VolunteerHours.__table__.c.hours.type.process_result_value(value, None)  # type: ignore[no-any-return]
