"""The volunteers report, FDRS-style: people volunteering by sex × FDRS age bands, covered by
accident insurance, trained in first aid, and the hours they gave.

**Who counts as volunteering.** FDRS asks for the "number of people volunteering their time"
in the reporting period (standards README §1, ``KPI_PeopleVol``). The "at least 4 hours in the
year" wording often quoted for it could not be confirmed from IFRC's own text, so no threshold
is applied: a person volunteered in the period when at least one hour of their work is recorded
in it (with a project chosen: on that project's activities). This is the same rule, and the
same number, as "volunteers involved" on the dashboard and in the donor progress report
(:func:`cso_desktop.reports.data.volunteers_involved`).

**Age** is the age on the last day of the period, from the date of birth, in the FDRS bands
6–12, 13–17, 18–29, 30–39, 40–49, 50–59, 60–69, 70–79 and 80+; with no date of birth (or an
age under 6, surely a wrong date) the person is in FDRS's "Other" column.

**Insured** (FDRS ``KPI_noVolCoveredAI``): an accident insurance policy covers the day the
report looks at — the period's last day, or the reporting date when the report is made before
the period ends. **Trained in first aid**: a first-aid training completed by that day whose
certificate has not expired on it (a certificate without an expiry date stays valid). Both are
counted among the people volunteering in the period, by sex × age like the first table.

The rules are SQL expressions correlated to ``volunteer``; :func:`insured_until_expr` is also
the register's and the volunteer record's "insured until" (``services/volunteers.py`` imports
it), so a volunteer shown as insured there is counted as insured here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel import dates as babel_dates
from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.db.sqlfunc import whole_years
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.i18n import _, current_language, current_locale, format_date
from cso_desktop.reports import data
from cso_desktop.reports.document import (
    BarChart,
    Block,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Series,
    Table,
    TableColumn,
    Value,
    ValueKind,
)
from cso_desktop.reports.reach import SEXES, cover_meta, organisation_of, project_of, sex_title

#: Lower bounds of the FDRS volunteer age bands; the first band (0–5) is not an FDRS band: those
#: ages go to "Other" with the unknown ones.
FDRS_BANDS = data.AgeBands((0, 6, 13, 18, 30, 40, 50, 60, 70, 80))
#: FDRS aggregates reported besides the bands: youth (6–29) and 18–49.
FDRS_AGGREGATES: tuple[tuple[int, int], ...] = ((6, 29), (18, 49))


# --- the rules, in SQL --------------------------------------------------------------------------


def insured_until_expr(on: dt.date) -> ColumnElement[dt.date]:
    """SQL: the last day of cover of the accident insurance valid on ``on`` (the latest if
    several are), ``NULL`` when none covers that day. Correlated to ``volunteer``."""
    insurance = m.VolunteerInsurance
    return (
        select(func.max(insurance.valid_until))
        .where(
            insurance.volunteer_id == m.Volunteer.id,
            insurance.valid_from <= on,
            insurance.valid_until >= on,
        )
        .correlate(m.Volunteer)
        .scalar_subquery()
    )


def insured_expr(on: dt.date) -> ColumnElement[bool]:
    """SQL: an accident insurance covers the volunteer on ``on``."""
    return insured_until_expr(on).is_not(None)


def first_aid_expr(on: dt.date) -> ColumnElement[bool]:
    """SQL: the volunteer completed a first-aid training by ``on`` and its certificate is still
    valid on that day (no expiry date: valid). Correlated to ``volunteer``."""
    training = m.VolunteerTraining
    return (
        select(training.id)
        .where(
            training.volunteer_id == m.Volunteer.id,
            training.kind == vocab.TrainingKind.FIRST_AID,
            training.completed_on <= on,
            or_(training.expires_on.is_(None), training.expires_on >= on),
        )
        .correlate(m.Volunteer)
        .exists()
    )


# --- the figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerCell:
    """People volunteering with one combination of sex, age band, insurance and first aid."""

    sex: vocab.Sex
    band: int | None  # index into FDRS_BANDS (1 = 6–12 …); None: "Other" (age not known)
    insured: bool
    first_aid: bool
    count: int


@dataclass(frozen=True)
class Volunteering:
    """People volunteering in a scope, broken down; ``total`` equals the sum of the cells.

    Attributes:
        scope: the period and project.
        age_on: the day ages are taken on (the period's last day).
        checked_on: the day insurance and first-aid certificates must be valid on.
        cells: the counts.
        hours: hours given in the scope (:func:`data.volunteer_hours`).
        hours_by_month: per month of the period (:func:`data.volunteer_hours_by_month`).
    """

    scope: data.Scope
    age_on: dt.date
    checked_on: dt.date
    cells: tuple[VolunteerCell, ...]
    hours: Decimal
    hours_by_month: tuple[tuple[dt.date, Decimal], ...]

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)

    def count(
        self,
        *,
        sex: vocab.Sex | None = None,
        band: Any = data.ANY,
        bands: Iterable[int] | None = None,
        insured: bool | None = None,
        first_aid: bool | None = None,
    ) -> int:
        """People matching every given criterion (``band=None``: age not known)."""
        wanted = set(bands) if bands is not None else None
        return sum(
            cell.count
            for cell in self.cells
            if (sex is None or cell.sex == sex)
            and (band is data.ANY or cell.band == band)
            and (wanted is None or cell.band in wanted)
            and (insured is None or cell.insured is insured)
            and (first_aid is None or cell.first_aid is first_aid)
        )


def volunteering(session: Session, scope: data.Scope, *, as_of: dt.date) -> Volunteering:
    """People volunteering in ``scope`` (at least one hour recorded in it), by sex × FDRS age
    band (age on the period's last day) × insured × trained in first aid (on the period's last
    day, or on ``as_of`` if earlier), and the hours given."""
    age_on = scope.end
    checked_on = min(scope.end, as_of)
    vh = m.VolunteerHours
    # The same volunteers as data.volunteers_involved: hours in the period (and project).
    involved = data.hours_in(scope, select(vh.volunteer_id).distinct()).subquery("involved")
    v = m.Volunteer
    people = (
        select(
            v.sex.label("sex"),
            whole_years(v.date_of_birth, age_on).label("age"),
            case((insured_expr(checked_on), 1), else_=0).label("insured"),
            case((first_aid_expr(checked_on), 1), else_=0).label("first_aid"),
        )
        .select_from(involved)
        .join(v, v.id == involved.c.volunteer_id)
        .subquery("person")
    )
    band = FDRS_BANDS.sql_index(people.c.age).label("band")
    rows = session.execute(
        select(people.c.sex, band, people.c.insured, people.c.first_aid, func.count()).group_by(
            people.c.sex, band, people.c.insured, people.c.first_aid
        )
    ).all()
    cells = tuple(
        sorted(
            (
                VolunteerCell(
                    sex=vocab.Sex(sex),
                    # Under 6 is no FDRS band: with the unknown ages, in "Other".
                    band=None if band_index in (None, 0) else int(band_index),
                    insured=bool(insured),
                    first_aid=bool(first_aid),
                    count=int(count),
                )
                for sex, band_index, insured, first_aid, count in rows
            ),
            key=lambda c: (c.sex, -1 if c.band is None else c.band, c.insured, c.first_aid),
        )
    )
    return Volunteering(
        scope=scope,
        age_on=age_on,
        checked_on=checked_on,
        cells=cells,
        hours=data.volunteer_hours(session, scope),
        hours_by_month=data.volunteer_hours_by_month(session, scope),
    )


# --- the report ---------------------------------------------------------------------------------


def build_volunteers_report(
    session: Session,
    *,
    project_id: int | None,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
) -> Document:
    """People volunteering in a period, FDRS-style, for one project or all work.

    Args:
        project_id: only hours on this project's activities; ``None``: all hours, including
            general work not tied to an activity.
        start, end: the period, both days included.
        as_of: the reporting date (on the cover; insurance and certificates are checked on it
            when it comes before the period's end).

    Raises:
        ValidationError: the period ends before it starts, the project does not exist, or no
            volunteer hours are recorded in the period (the message says what to do).
    """
    organisation = organisation_of(session)
    project = project_of(session, project_id)
    scope = data.Scope(start, end, project_id=project_id)
    figures = volunteering(session, scope, as_of=as_of)
    if figures.total == 0:
        raise ValidationError(_nobody_message(project, start, end))

    # Within one calendar year the months need no year.
    short = "LLL" if start.year == end.year else "LLL y"
    blocks: list[Block] = [
        Paragraph(_rules_text(figures, project)),
        KeyFigures(
            (
                KeyFigure(_("People volunteering"), figures.total),
                KeyFigure(_("Covered by accident insurance"), figures.count(insured=True)),
                KeyFigure(_("Trained in first aid"), figures.count(first_aid=True)),
                KeyFigure(
                    _("Hours given"), figures.hours, ValueKind.DECIMAL, places=_places(figures)
                ),
            )
        ),
        Heading(_("People volunteering")),
        _sex_age_table(
            figures,
            title=_("People volunteering by sex and age"),
            note=_(
                "Ages on {day}; “Other”: no date of birth recorded, or an age under 6 (FDRS "
                "bands start at 6)."
            ).format(day=format_date(figures.age_on, fmt="long")),
        ),
        _aggregates_table(figures),
        _age_chart(figures),
        Heading(_("Accident insurance and first aid")),
        _sex_age_table(
            figures,
            title=_("Volunteers covered by accident insurance"),
            insured=True,
            note=_("On {day}, covered by a valid accident insurance policy.").format(
                day=format_date(figures.checked_on, fmt="long")
            ),
        ),
        _sex_age_table(
            figures,
            title=_("Volunteers trained in first aid"),
            first_aid=True,
            note=_(
                "On {day}, with a first-aid training completed and its certificate still valid."
            ).format(day=format_date(figures.checked_on, fmt="long")),
        ),
        Heading(_("Hours given")),
        _hours_table(figures),
        BarChart(
            title=_("Hours given each month"),
            categories=tuple(_month(first, short) for first, _hours in figures.hours_by_month),
            series=(Series(_("Hours"), tuple(hours for _first, hours in figures.hours_by_month)),),
            value_kind=ValueKind.DECIMAL,
        ),
    ]
    return Document(
        title=_("Volunteers"),
        subtitle=project.title if project is not None else _("All projects"),
        organisation_name=organisation.name,
        language=current_language(),
        logo=organisation.logo,
        meta=cover_meta(project, start, end, as_of),
        blocks=tuple(blocks),
    )


def _nobody_message(project: m.Project | None, start: dt.date, end: dt.date) -> str:
    values = {"start": format_date(start, fmt="long"), "end": format_date(end, fmt="long")}
    if project is None:
        return _(
            "No volunteer hours are recorded from {start} to {end}, so no one volunteered in "
            "this period. Record the hours volunteers gave, or choose another period."
        ).format(**values)
    return _(
        "No volunteer hours are recorded on the activities of project “{code}” from {start} to "
        "{end}: record the hours volunteers gave to its activities, or choose another period "
        "or all projects."
    ).format(code=project.code, **values)


def _rules_text(figures: Volunteering, project: m.Project | None) -> str:
    values = {
        "start": format_date(figures.scope.start, fmt="long"),
        "end": format_date(figures.scope.end, fmt="long"),
    }
    if project is None:
        return _(
            "People volunteering are everyone with at least one hour of volunteering recorded "
            "from {start} to {end}, each counted once."
        ).format(**values)
    return _(
        "People volunteering are everyone with at least one hour recorded on the activities "
        "of this project from {start} to {end}, each counted once."
    ).format(**values)


def _places(figures: Volunteering) -> int:
    """Hours are shown whole, or with one decimal when some are half hours."""
    values = [figures.hours, *(hours for _first, hours in figures.hours_by_month)]
    return 0 if all(value == value.to_integral_value() for value in values) else 1


def _month(first: dt.date, pattern: str) -> str:
    return babel_dates.format_date(first, pattern, locale=current_locale())


def _band_rows() -> list[tuple[str, int | None]]:
    """(label, band) of the FDRS bands, then "Other"."""
    rows: list[tuple[str, int | None]] = [
        (FDRS_BANDS.label(index), index) for index in range(1, len(FDRS_BANDS))
    ]
    rows.append((_("Other (age not known)"), None))
    return rows


def _sex_age_table(
    figures: Volunteering,
    *,
    title: str,
    note: str,
    insured: bool | None = None,
    first_aid: bool | None = None,
) -> Table:
    counts = [
        (
            label,
            [
                figures.count(sex=sex, band=band, insured=insured, first_aid=first_aid)
                for sex in SEXES
            ],
        )
        for label, band in _band_rows()
    ]
    totals = [sum(row[i] for _label, row in counts) for i in range(len(SEXES))]
    return Table(
        title=title,
        columns=(
            TableColumn(_("Age group"), width=2.2),
            *(TableColumn(sex_title(sex), ValueKind.INTEGER, width=1) for sex in SEXES),
            TableColumn(_("Total"), ValueKind.INTEGER, width=1),
        ),
        rows=tuple((label, *row, sum(row)) for label, row in counts),
        total_row=(_("Total"), *totals, sum(totals)),
        note=note,
    )


def _aggregates_table(figures: Volunteering) -> Table:
    rows: list[tuple[Value, ...]] = []
    for low, high in FDRS_AGGREGATES:
        bands = [
            index
            for index in range(1, len(FDRS_BANDS))
            if low <= FDRS_BANDS.bounds(index)[0] <= high
        ]
        row = [figures.count(sex=sex, bands=bands) for sex in SEXES]
        rows.append((f"{low}–{high}", *row, sum(row)))
    return Table(
        title=_("People volunteering: FDRS age aggregates"),
        columns=(
            TableColumn(_("Age group"), width=2.2),
            *(TableColumn(sex_title(sex), ValueKind.INTEGER, width=1) for sex in SEXES),
            TableColumn(_("Total"), ValueKind.INTEGER, width=1),
        ),
        rows=tuple(rows),
        note=_("6–29: youth, as FDRS reports it; 18–49: the FDRS adult aggregate."),
    )


def _age_chart(figures: Volunteering) -> BarChart:
    bands = _band_rows()
    if not figures.count(band=None):
        bands = bands[:-1]
    shown = [sex for sex in SEXES if figures.count(sex=sex)]
    return BarChart(
        title=_("People volunteering by age and sex"),
        categories=tuple(label for label, _band in bands),
        series=tuple(
            Series(sex_title(sex), tuple(figures.count(sex=sex, band=band) for _l, band in bands))
            for sex in shown
        ),
    )


def _hours_table(figures: Volunteering) -> Table:
    places = _places(figures)
    return Table(
        title=_("Volunteer hours by month"),
        columns=(
            TableColumn(_("Month"), width=2),
            TableColumn(_("Hours"), ValueKind.DECIMAL, width=1, places=places),
        ),
        rows=tuple(
            (_month(first, "LLLL y").capitalize(), hours) for first, hours in figures.hours_by_month
        ),
        total_row=(_("Total"), figures.hours),
    )
