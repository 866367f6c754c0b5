"""The people-reached report (SADD): unique people by sex, age, disability and displacement.

Every figure comes from :mod:`cso_desktop.reports.data` — the dashboard's and the donor
report's functions — so the totals here are the same numbers:

* **people reached** (:func:`data.people_reached`): the unique individuals with at least one
  service delivery in the period (and project), by sex × the organisation's age bands (setting
  ``age_bands``) and rolled up to 0–17 / 18–59 / 60+, with disability (Washington Group flag)
  and displacement status. Age is the age on the day of the person's first service in the
  period. Each person is in exactly one cell, so these tables add up to the total;
* **by rayon** and **by kind of activity** (:func:`data.reached_by`): a person served in two
  rayons is in both rows and once in the total, so those rows do *not* add up to it (the table
  says so under it);
* **households reached**: the households the people reached belong to;
* **services delivered** and **sessions held** are counts of services, not of people, and are
  shown in a section of their own, named as such.

The CSV with HXL hashtags of the same figures is :mod:`cso_desktop.reports.hxl`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.domain import people, places, vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.i18n import _, current_language, format_date
from cso_desktop.reports import data
from cso_desktop.reports.document import (
    BarChart,
    Block,
    DateRange,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    MetaValue,
    Paragraph,
    Series,
    Table,
    TableColumn,
    ValueKind,
)

#: Sex columns of the SADD tables, in order.
SEXES: tuple[vocab.Sex, ...] = (
    vocab.Sex.FEMALE,
    vocab.Sex.MALE,
    vocab.Sex.OTHER,
    vocab.Sex.UNKNOWN,
)


# --- shared by the report builders ------------------------------------------------------------


def find_organisation(session: Session) -> m.Organisation | None:
    """The organisation whose name and logo head the reports (the first, and only, row), or
    ``None`` in a file that has none."""
    return session.scalars(select(m.Organisation).order_by(m.Organisation.id)).first()


def organisation_of(session: Session) -> m.Organisation:
    """:func:`find_organisation`, refusing a file without one with a message saying what to do."""
    organisation = find_organisation(session)
    if organisation is None:
        raise ValidationError(
            _(
                "The organisation's details are missing: fill them in under Settings → "
                "Organisation, then build the report again."
            )
        )
    return organisation


def project_of(session: Session, project_id: int | None) -> m.Project | None:
    """The project a report is limited to, or ``None`` for all projects."""
    if project_id is None:
        return None
    project = session.get(m.Project, project_id)
    if project is None:
        raise ValidationError(
            _("The chosen project no longer exists: choose another project, or all projects."),
            field="project",
        )
    return project


def scope_of(start: dt.date, end: dt.date, project_id: int | None) -> data.Scope:
    """The period and project as a :class:`data.Scope` (checks the period's two dates)."""
    return data.Scope(start, end, project_id=project_id)


def cover_meta(
    project: m.Project | None, start: dt.date, end: dt.date, as_of: dt.date
) -> tuple[tuple[str, MetaValue], ...]:
    """The cover's details: project (and donor), period and reporting date."""
    meta: list[tuple[str, MetaValue]] = []
    if project is None:
        meta.append((_("Project"), _("All projects")))
    else:
        meta.append((_("Project"), f"{project.code} — {project.title}"))
        meta.append((_("Donor"), project.donor_name))
    meta.append((_("Period"), DateRange(start, end)))
    meta.append((_("Reporting date"), as_of))
    return tuple(meta)


def sex_title(sex: vocab.Sex) -> str:
    """A sex column's title: the people it counts."""
    return {
        vocab.Sex.FEMALE: _("Women and girls"),
        vocab.Sex.MALE: _("Men and boys"),
        vocab.Sex.OTHER: _("Other sex"),
        vocab.Sex.UNKNOWN: _("Sex not recorded"),
    }[sex]


# --- the report ---------------------------------------------------------------------------------


def build_reach_report(
    session: Session,
    *,
    project_id: int | None,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
) -> Document:
    """People reached in a period, for one project or all projects, as a document.

    Args:
        project_id: the project, or ``None`` for every activity of the organisation.
        start, end: the period, both days included.
        as_of: the reporting date (on the cover).

    Raises:
        ValidationError: the period ends before it starts, the project does not exist, or no one
            received a service in the period (the message says what to do).
    """
    organisation = organisation_of(session)
    project = project_of(session, project_id)
    scope = scope_of(start, end, project_id)
    bands = data.age_bands(session)
    reach = data.people_reached(session, scope, bands=bands)
    if reach.total == 0:
        raise ValidationError(_nobody_message(project, start, end))
    broad = (
        reach
        if bands.rolls_up_to(data.BROAD_BANDS)
        else data.people_reached(session, scope, bands=data.BROAD_BANDS)
    )
    # The parts show the broad groups only: banded broadly, whatever the organisation's bands.
    by_rayon = data.reached_by(session, scope, "rayon", bands=data.BROAD_BANDS)
    by_type = data.reached_by(session, scope, "activity_type", bands=data.BROAD_BANDS)
    services = data.services_delivered(session, scope)

    blocks: list[Block] = [
        Paragraph(
            _(
                "People reached are the unique individuals who received at least one service "
                "from {start} to {end}; a person served several times, or in several "
                "activities, is counted once. Age is the age on the day of the person's first "
                "service in the period."
            ).format(start=format_date(start, fmt="long"), end=format_date(end, fmt="long"))
        ),
        KeyFigures(
            (
                KeyFigure(_("People reached"), reach.total),
                KeyFigure(_("Households reached"), reach.households),
                KeyFigure(_("People with a disability"), reach.count(disability=True)),
                KeyFigure(_("Services delivered"), services),
            )
        ),
        Heading(_("People reached by sex and age")),
        _age_table(reach, bands),
        _broad_table(broad),
        _age_chart(reach, bands),
        Heading(_("Disability and displacement")),
        _disability_table(reach),
        _displacement_table(reach),
        Heading(_("People reached by rayon and by kind of activity")),
        _parts_table(
            title=_("People reached by rayon"),
            first=_("Rayon"),
            parts=_by_name((places.place_name(code), part) for code, part in by_rayon),
            broad=broad,
            note=_(
                "A person served in several rayons is counted in each of them, and once in the "
                "total, so the rows do not add up to the total."
            ),
        ),
    ]
    rayons = _by_name((places.place_name(code), part) for code, part in by_rayon)
    if len(rayons) > 1:
        blocks.append(
            BarChart(
                title=_("People reached in each rayon"),
                categories=tuple(name for name, _part in rayons),
                series=(Series(_("People reached"), tuple(part.total for _name, part in rayons)),),
            )
        )
    blocks += [
        _parts_table(
            title=_("People reached by kind of activity"),
            first=_("Kind of activity"),
            parts=_by_name((vocab.label(vocab.ActivityType(key)), part) for key, part in by_type),
            broad=broad,
            note=_(
                "A person served in several kinds of activity is counted in each of them, and "
                "once in the total, so the rows do not add up to the total."
            ),
        ),
        Heading(_("Services delivered")),
        Paragraph(
            _(
                "Services are counted each time one is given: a person who came to three "
                "sessions received three services. These are counts of services, not of people."
            )
        ),
        _services_table(session, scope, by_type, services),
    ]
    return Document(
        title=_("People reached (sex, age and disability)"),
        subtitle=project.title if project is not None else _("All projects"),
        organisation_name=organisation.name,
        language=current_language(),
        logo=organisation.logo,
        meta=cover_meta(project, start, end, as_of),
        blocks=tuple(blocks),
    )


def _by_name(parts: Iterable[tuple[str, data.Reach]]) -> list[tuple[str, data.Reach]]:
    """Rows in alphabetical order of their names (Azerbaijani order)."""
    return sorted(parts, key=lambda part: people.sort_key([part[0]]))


def _nobody_message(project: m.Project | None, start: dt.date, end: dt.date) -> str:
    values = {
        "start": format_date(start, fmt="long"),
        "end": format_date(end, fmt="long"),
    }
    if project is None:
        return _(
            "No one received a service from {start} to {end}, so there is no one to report. "
            "Record the participants of the activities, or choose another period."
        ).format(**values)
    return _(
        "No one received a service in project “{code}” from {start} to {end}, so there is no "
        "one to report. Record the participants of its activities, or choose another period or "
        "all projects."
    ).format(code=project.code, **values)


def _sex_columns(first: str) -> tuple[TableColumn, ...]:
    return (
        TableColumn(first, width=2.2),
        *(TableColumn(sex_title(sex), ValueKind.INTEGER, width=1) for sex in SEXES),
        TableColumn(_("Total"), ValueKind.INTEGER, width=1),
    )


def _sex_table(
    *, title: str, first: str, rows: list[tuple[str, list[int]]], note: str | None = None
) -> Table:
    """Rows of counts per sex (:data:`SEXES`), each with its total, and a total row: every
    person is in exactly one row, so the columns add up."""
    totals = [sum(counts[i] for _label, counts in rows) for i in range(len(SEXES))]
    return Table(
        title=title,
        columns=_sex_columns(first),
        rows=tuple((label, *counts, sum(counts)) for label, counts in rows),
        total_row=(_("Total"), *totals, sum(totals)),
        note=note,
    )


def _age_table(reach: data.Reach, bands: data.AgeBands) -> Table:
    rows = [
        (label, [reach.count(sex=sex, band=index) for sex in SEXES])
        for index, label in enumerate(bands.labels())
    ]
    rows.append((_("Age not known"), [reach.count(sex=sex, band=None) for sex in SEXES]))
    return _sex_table(
        title=_("People reached by sex and age group"), first=_("Age group"), rows=rows
    )


def _broad_table(broad: data.Reach) -> Table:
    rows = [
        (label, [broad.count(sex=sex, bands=broad.in_bands(data.BROAD_BANDS, i)) for sex in SEXES])
        for i, label in enumerate(data.BROAD_BANDS.labels())
    ]
    rows.append((_("Age not known"), [broad.count(sex=sex, band=None) for sex in SEXES]))
    return _sex_table(
        title=_("People reached by sex: children, adults, older people"),
        first=_("Age group"),
        rows=rows,
        note=_("0–17: children; 18–59: adults; 60+: older people."),
    )


def _age_chart(reach: data.Reach, bands: data.AgeBands) -> BarChart:
    categories = list(bands.labels())
    indexes: list[int | None] = list(range(len(bands)))
    if reach.count(band=None):
        categories.append(_("Age not known"))
        indexes.append(None)
    shown = [sex for sex in SEXES if reach.count(sex=sex)]
    return BarChart(
        title=_("People reached by age group and sex"),
        categories=tuple(categories),
        series=tuple(
            Series(sex_title(sex), tuple(reach.count(sex=sex, band=i) for i in indexes))
            for sex in shown
        ),
    )


def _disability_table(reach: data.Reach) -> Table:
    rows = [
        (label, [reach.count(sex=sex, disability=flag) for sex in SEXES])
        for label, flag in (
            (_("With a disability"), True),
            (_("Without a disability"), False),
            (_("Not asked"), None),
        )
    ]
    return _sex_table(
        title=_("People reached by disability"),
        first=_("Disability"),
        rows=rows,
        note=_(
            "Disability by the Washington Group short set: a lot of difficulty, or unable to "
            "do, in at least one of the six domains. “Not asked”: the questions were not "
            "answered."
        ),
    )


def _displacement_table(reach: data.Reach) -> Table:
    rows = [
        (vocab.label(status), [reach.count(sex=sex, displacement=status) for sex in SEXES])
        for status in vocab.DisplacementStatus
    ]
    return _sex_table(
        title=_("People reached by displacement status"),
        first=_("Displacement status"),
        rows=rows,
    )


def _parts_columns(first: str) -> tuple[TableColumn, ...]:
    return (
        TableColumn(first, width=2),
        TableColumn(_("People reached"), ValueKind.INTEGER, width=1.2),
        TableColumn(sex_title(vocab.Sex.FEMALE), ValueKind.INTEGER, width=1.2),
        TableColumn(sex_title(vocab.Sex.MALE), ValueKind.INTEGER, width=1.2),
        *(TableColumn(label, ValueKind.INTEGER, width=0.9) for label in data.BROAD_BANDS.labels()),
        TableColumn(_("With a disability"), ValueKind.INTEGER, width=1.4),
    )


def _parts_values(reach: data.Reach) -> tuple[int, ...]:
    """Total, women and girls, men and boys, 0–17, 18–59, 60+, with a disability."""
    return (
        reach.total,
        reach.count(sex=vocab.Sex.FEMALE),
        reach.count(sex=vocab.Sex.MALE),
        *(
            reach.count(bands=reach.in_bands(data.BROAD_BANDS, i))
            for i in range(len(data.BROAD_BANDS))
        ),
        reach.count(disability=True),
    )


def _parts_table(
    *,
    title: str,
    first: str,
    parts: list[tuple[str, data.Reach]],
    broad: data.Reach,
    note: str,
) -> Table:
    """People reached per rayon or kind of activity; the total row is the unique people."""
    return Table(
        title=title,
        columns=_parts_columns(first),
        rows=tuple((name, *_parts_values(part)) for name, part in parts),
        total_row=(_("Total (unique people)"), *_parts_values(broad)),
        note=note,
        total_is_sum=False,
    )


def _services_table(
    session: Session,
    scope: data.Scope,
    by_type: tuple[tuple[str, data.Reach], ...],
    services: int,
) -> Table:
    rows = []
    for key, _part in by_type:
        kind = vocab.ActivityType(key)
        narrowed = data.Scope(
            scope.start, scope.end, project_id=scope.project_id, activity_type=kind
        )
        rows.append(
            (
                vocab.label(kind),
                data.sessions_held(session, narrowed),
                data.services_delivered(session, narrowed),
            )
        )
    return Table(
        title=_("Services delivered and sessions held by kind of activity"),
        columns=(
            TableColumn(_("Kind of activity"), width=3),
            TableColumn(_("Sessions held"), ValueKind.INTEGER, width=1),
            TableColumn(_("Services delivered"), ValueKind.INTEGER, width=1),
        ),
        rows=tuple(rows),
        total_row=(_("Total"), data.sessions_held(session, scope), services),
        note=_("A session is a day on which an activity delivered at least one service."),
    )
