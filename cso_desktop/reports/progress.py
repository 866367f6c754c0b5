"""The donor progress report of a project for a period (EU Annex VI interim report style).

Cover (organisation, project, donor, contract reference, period, reporting date), the key
figures, the logframe with the EU columns (Results chain | Indicators | Baseline | Current value
| Target | Sources and means of verification), the activities planned and done, the people
reached by sex, age group, disability and displacement, the volunteers and their hours, the
financial summary by budget heading, and a signature block.

Every figure comes from ``reports/data.py`` and ``reports/budget.py`` (the dashboard's
functions), for the project's activities in the period; records after the reporting date
``as_of`` do not count.

An indicator's **current value** is the value recorded for exactly the report's period when
there is one. Otherwise an indicator computed from the records (people reached, sessions held,
volunteer hours) is computed now for the period, the way the logframe editor computes it; an
indicator entered by hand shows the latest value recorded within the period. The sources column
says which, and the value is split by sex when the indicator asks for it
(``214 (F 120, M 94)``). Logframe values keep their unit, reference year and split, so they are
written as text in the document's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from cso_desktop import i18n
from cso_desktop.db import models as m
from cso_desktop.domain import places, vocab
from cso_desktop.i18n import _
from cso_desktop.reports import budget, data, finance, logframe
from cso_desktop.reports.document import (
    BarChart,
    Block,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    Paragraph,
    RowStyle,
    Series,
    SignatureBlock,
    Table,
    TableColumn,
    Value,
    ValueKind,
)
from cso_desktop.reports.reach import find_organisation

#: Displacement statuses counted as "displaced" in the key figures.
DISPLACED = (vocab.DisplacementStatus.IDP, vocab.DisplacementStatus.REFUGEE)
#: How each level of the results chain is shown in the logframe table.
LEVEL_STYLE = {
    vocab.ResultLevel.IMPACT: RowStyle.HEADING,
    vocab.ResultLevel.OUTCOME: RowStyle.SUBTOTAL,
    vocab.ResultLevel.OUTPUT: RowStyle.INDENTED,
}
COMPUTED_METHODS = frozenset(
    {
        vocab.IndicatorMethod.PEOPLE_REACHED,
        vocab.IndicatorMethod.SESSIONS_HELD,
        vocab.IndicatorMethod.VOLUNTEER_HOURS,
    }
)


def build_progress_report(
    session: Session, *, project_id: int, start: dt.date, end: dt.date, as_of: dt.date
) -> Document:
    """The project's progress report for ``start``–``end`` in the current language.

    Raises:
        ValidationError: no such project, or a period outside it.
    """
    project, last = finance.check_period(session, project_id, start, end, as_of)
    organisation = find_organisation(session)
    scope = data.Scope(start, last, project_id=project_id)
    bands = data.age_bands(session)
    reach = data.people_reached(session, scope, bands=bands)

    blocks: list[Block] = [Heading(_("Summary"))]
    blocks += _summary(session, scope, reach)
    blocks += [Heading(_("Logframe: progress against the indicators"))]
    blocks += _logframe(session, project, start, end, last)
    blocks += [Heading(_("Activities"))]
    blocks += _activities(session, scope, reach)
    blocks += [Heading(_("People reached"))]
    blocks += _people(session, scope, reach)
    blocks += [Heading(_("Volunteers"))]
    blocks += _volunteers(session, scope)
    blocks += [Heading(_("Financial summary"))]
    blocks += _finances(session, project, last)
    blocks.append(SignatureBlock((_("Project manager"), _("Head of the organisation"))))

    return Document(
        title=_("Donor progress report"),
        subtitle=project.title,
        organisation_name=organisation.name if organisation else "",
        logo=organisation.logo if organisation else None,
        language=i18n.current_language(),
        meta=tuple(finance.cover_meta(project, organisation, start=start, end=end, as_of=as_of)),
        blocks=tuple(blocks),
    )


# --- numbers as text (logframe cells) ---------------------------------------------------------


def number_text(value: Decimal | int) -> str:
    """A quantity with as many decimals as it has (at most two), in the current language."""
    exponent = Decimal(value).normalize().as_tuple().exponent
    places = min(2, -exponent) if isinstance(exponent, int) and exponent < 0 else 0
    return i18n.format_decimal(value, places=places)


def value_text(total: Decimal, by_sex: dict[vocab.Sex, Decimal] | None = None) -> str:
    """``214`` or, split by sex, ``214 (F 120, M 94)``."""
    if not by_sex:
        return number_text(total)
    parts = []
    if vocab.Sex.FEMALE in by_sex:
        parts.append(_("F {n}").format(n=number_text(by_sex[vocab.Sex.FEMALE])))
    if vocab.Sex.MALE in by_sex:
        parts.append(_("M {n}").format(n=number_text(by_sex[vocab.Sex.MALE])))
    others = [by_sex[s] for s in (vocab.Sex.OTHER, vocab.Sex.UNKNOWN) if s in by_sex]
    if others:
        parts.append(_("other or not recorded {n}").format(n=number_text(sum(others, Decimal(0)))))
    return _("{total} ({parts})").format(total=number_text(total), parts=", ".join(parts))


def _with_year(value: Decimal | None, year: int | None) -> str | None:
    if value is None:
        return None
    if year is None:
        return number_text(value)
    return _("{value} ({year})").format(value=number_text(value), year=year)


def _period_text(start: dt.date, end: dt.date) -> str:
    return f"{i18n.format_date(start, fmt='short')} – {i18n.format_date(end, fmt='short')}"


# --- summary ----------------------------------------------------------------------------------


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return min(2, -exponent) if isinstance(exponent, int) and exponent < 0 else 0


def _summary(session: Session, scope: data.Scope, reach: data.Reach) -> list[Block]:
    statuses = data.activities_by_status(session, project_id=scope.project_id, scope=scope)
    hours = data.volunteer_hours(session, scope)
    return [
        KeyFigures(
            (
                KeyFigure(_("People reached"), reach.total),
                KeyFigure(_("Women and girls"), reach.count(sex=vocab.Sex.FEMALE)),
                KeyFigure(_("Men and boys"), reach.count(sex=vocab.Sex.MALE)),
                KeyFigure(_("People with disabilities"), reach.count(disability=True)),
                KeyFigure(
                    _("Displaced people (IDPs and refugees)"), reach.count(displacement=DISPLACED)
                ),
                KeyFigure(_("Services delivered"), data.services_delivered(session, scope)),
                KeyFigure(_("Activities completed"), statuses[vocab.ActivityStatus.COMPLETED]),
                KeyFigure(_("Volunteer hours"), hours, ValueKind.DECIMAL, places=_places(hours)),
            )
        ),
        Paragraph(
            _(
                "People reached: unique individuals who received at least one service of the "
                "project's activities from {start} to {end}; a person served several times is "
                "counted once. Services delivered counts every service. A person's age group is "
                "their age on the day of their first service in the period."
            ).format(
                start=i18n.format_date(scope.start, fmt="long"),
                end=i18n.format_date(scope.end, fmt="long"),
            )
        ),
    ]


# --- logframe ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentValue:
    """An indicator's current value and where it comes from.

    Attributes:
        total: the value (``None``: nothing recorded and nothing to compute).
        by_sex: the split by sex, when the indicator asks for it.
        origin: ``"recorded"`` (for exactly the period), ``"computed"`` (now, from the
            records), ``"latest"`` (the latest value recorded within the period) or ``"none"``.
        period: the period of a recorded value.
        source: the source stored with a recorded value.
    """

    total: Decimal | None
    by_sex: dict[vocab.Sex, Decimal]
    origin: str
    period: tuple[dt.date, dt.date] | None = None
    source: str | None = None


def current_values(
    session: Session,
    indicators: Sequence[m.Indicator],
    project_id: int,
    start: dt.date,
    end: dt.date,
    last: dt.date,
) -> dict[int, CurrentValue]:
    """Each indicator's current value for the period (see the module docstring)."""
    v = m.IndicatorValue
    recorded: dict[int, dict[tuple[dt.date, dt.date], dict[vocab.Sex | None, Decimal]]] = {}
    sources: dict[tuple[int, dt.date, dt.date], str | None] = {}
    for indicator_id, p_start, p_end, sex, value, source in session.execute(
        select(v.indicator_id, v.period_start, v.period_end, v.sex, v.value, v.source).where(
            v.indicator_id.in_([i.id for i in indicators]),
            v.period_start >= start,
            v.period_end <= end,
        )
    ):
        key = (p_start, p_end)
        recorded.setdefault(indicator_id, {}).setdefault(key, {})[
            None if sex is None else vocab.Sex(sex)
        ] = value
        if sex is None or sources.get((indicator_id, p_start, p_end)) is None:
            sources[(indicator_id, p_start, p_end)] = source
    result: dict[int, CurrentValue] = {}
    for indicator in indicators:
        periods = {
            period: values
            for period, values in recorded.get(indicator.id, {}).items()
            if None in values
        }

        if (start, end) in periods:
            result[indicator.id] = _stored(indicator, periods, sources, (start, end), "recorded")
        elif vocab.IndicatorMethod(indicator.method) in COMPUTED_METHODS:
            figure = logframe.compute_indicator(session, indicator, project_id, start, last)
            total, by_sex = figure.total, dict(figure.by_sex)
            result[indicator.id] = CurrentValue(total, by_sex, "computed")
        elif periods:
            latest = max(periods, key=lambda p: (p[1], p[0]))
            result[indicator.id] = _stored(indicator, periods, sources, latest, "latest")
        else:
            result[indicator.id] = CurrentValue(None, {}, "none")
    return result


def _stored(
    indicator: m.Indicator,
    periods: dict[tuple[dt.date, dt.date], dict[vocab.Sex | None, Decimal]],
    sources: dict[tuple[int, dt.date, dt.date], str | None],
    period: tuple[dt.date, dt.date],
    origin: str,
) -> CurrentValue:
    values = periods[period]
    by_sex = {s: n for s, n in values.items() if s is not None}
    return CurrentValue(
        total=values[None],
        by_sex=by_sex if indicator.disaggregate_sex else {},
        origin=origin,
        period=period,
        source=sources.get((indicator.id, *period)),
    )


def _origin_text(current: CurrentValue, last: dt.date) -> str:
    if current.origin == "computed":
        return _("Current value computed on {date} from the records of the period.").format(
            date=i18n.format_date(last, fmt="short")
        )
    if current.origin == "none":
        return _("No value recorded for the period.")
    assert current.period is not None
    if current.origin == "latest":
        text = _("Current value: the latest recorded, for {period}.").format(
            period=_period_text(*current.period)
        )
    else:
        text = _("Current value recorded for the period.")
    if current.source:
        text += " " + _("Source: {source}").format(source=current.source)
    return text


def _logframe(
    session: Session, project: m.Project, start: dt.date, end: dt.date, last: dt.date
) -> list[Block]:
    results = logframe.ordered_results(session, project.id)
    if not results:
        return [Paragraph(_("The project has no logframe yet."))]
    indicators = session.scalars(
        select(m.Indicator)
        .where(m.Indicator.result_id.in_([r.id for r in results]))
        .order_by(m.Indicator.sort_order, m.Indicator.id)
    ).all()
    by_result: dict[int, list[m.Indicator]] = {}
    for indicator in indicators:
        by_result.setdefault(indicator.result_id, []).append(indicator)
    current = current_values(session, indicators, project.id, start, end, last)

    rows: list[tuple[Value, ...]] = []
    styles: list[RowStyle] = []
    for result in results:
        level = vocab.ResultLevel(result.level)
        chain = f"{vocab.label(level)}\n{result.code} {result.title}"
        mine = by_result.get(result.id, [])
        if not mine:
            rows.append((chain, None, None, None, None, None))
            styles.append(LEVEL_STYLE[level])
        for position, indicator in enumerate(mine):
            value = current[indicator.id]
            name = f"{indicator.code} {indicator.title}"
            if indicator.unit:
                name += f" ({indicator.unit})"
            verification = [indicator.means_of_verification or ""]
            verification.append(_origin_text(value, last))
            rows.append(
                (
                    chain if position == 0 else "",
                    name,
                    _with_year(indicator.baseline_value, indicator.baseline_year),
                    None if value.total is None else value_text(value.total, value.by_sex),
                    _with_year(indicator.target_value, indicator.target_year),
                    "\n".join(part for part in verification if part.strip()),
                )
            )
            styles.append(LEVEL_STYLE[level])
    return [
        Table(
            title=_("Logframe"),
            columns=(
                TableColumn(_("Results chain"), width=2.8),
                TableColumn(_("Indicators"), width=2.7),
                TableColumn(_("Baseline (year)"), ValueKind.DECIMAL, width=0.9),
                TableColumn(
                    _("Current value ({date})").format(date=i18n.format_date(last, fmt="short")),
                    ValueKind.DECIMAL,
                    width=1.2,
                ),
                TableColumn(_("Target (year)"), ValueKind.DECIMAL, width=0.9),
                TableColumn(_("Sources and means of verification"), width=2.6),
            ),
            rows=tuple(rows),
            row_styles=tuple(styles),
            note=_(
                "Current value: the value recorded for the period; when none was recorded, "
                "indicators computed from the records (people reached, sessions, volunteer "
                "hours) are computed for the period from the project's activities, and "
                "indicators entered by hand show the latest value recorded in the period. "
                "F: women and girls, M: men and boys."
            ),
        )
    ]


# --- activities -------------------------------------------------------------------------------


def _activities(session: Session, scope: data.Scope, reach: data.Reach) -> list[Block]:
    a = m.Activity
    sd = m.ServiceDelivery
    vh = m.VolunteerHours
    begins = func.coalesce(a.actual_start, a.planned_start)
    ends = func.coalesce(a.actual_end, a.planned_end, a.actual_start, a.planned_start)
    served = select(sd.activity_id).where(sd.delivered_on.between(scope.start, scope.end))
    worked = select(vh.activity_id).where(vh.worked_on.between(scope.start, scope.end))
    # The activities whose dates touch the period (as counted by status), and any other that
    # served people or had volunteers in it.
    activities = session.execute(
        select(
            a.id,
            a.code,
            a.title,
            a.activity_type,
            a.rayon_code,
            a.planned_start,
            a.planned_end,
            a.status,
        )
        .where(
            a.project_id == scope.project_id,
            or_(
                and_(begins <= scope.end, ends >= scope.start),
                a.id.in_(served),
                a.id.in_(worked),
            ),
        )
        .order_by(func.coalesce(a.planned_start, a.actual_start), a.code)
    ).all()
    rows: list[tuple[Value, ...]] = []
    sessions = 0
    for activity_id, code, title, kind, rayon, planned_start, planned_end, status in activities:
        narrowed = data.Scope(
            scope.start, scope.end, project_id=scope.project_id, activity_id=activity_id
        )
        held = data.sessions_held(session, narrowed)
        sessions += held
        rows.append(
            (
                code,
                title,
                vocab.label(vocab.ActivityType(kind)),
                places.place_name(rayon) if rayon else None,
                planned_start,
                planned_end,
                vocab.label(vocab.ActivityStatus(status)),
                held,
                data.people_reached(session, narrowed).total,
            )
        )
    blocks: list[Block] = []
    if rows:
        blocks.append(
            Table(
                title=_("Activities planned and done"),
                columns=(
                    TableColumn(_("Code"), width=0.9),
                    TableColumn(_("Activity"), width=2.8),
                    TableColumn(_("Type"), width=1.3),
                    TableColumn(_("Rayon"), width=1.1),
                    TableColumn(_("Planned start"), ValueKind.DATE, width=1.0),
                    TableColumn(_("Planned end"), ValueKind.DATE, width=1.0),
                    TableColumn(_("Status"), width=1.0),
                    TableColumn(_("Sessions"), ValueKind.INTEGER, width=0.8),
                    TableColumn(_("People reached"), ValueKind.INTEGER, width=0.9),
                ),
                rows=tuple(rows),
                total_row=(_("Total"), None, None, None, None, None, None, sessions, reach.total),
                total_is_sum=False,
                note=_(
                    "Sessions: days on which an activity served people. The total of people "
                    "reached counts each person once, even when served by several activities, "
                    "so it can be less than the sum of the rows."
                ),
            )
        )
    else:
        blocks.append(Paragraph(_("No activity of the project falls in the period.")))
    statuses = data.activities_by_status(session, project_id=scope.project_id, scope=scope)
    blocks.append(
        Table(
            title=_("Activities by status"),
            columns=(
                TableColumn(_("Status")),
                TableColumn(_("Activities"), ValueKind.INTEGER),
            ),
            rows=tuple((vocab.label(status), count) for status, count in statuses.items()),
            total_row=(_("Total"), sum(statuses.values())),
            note=_("Activities whose planned or actual dates fall in the period."),
        )
    )
    return blocks


# --- people reached ---------------------------------------------------------------------------


def _sexes(reach: data.Reach) -> tuple[vocab.Sex, ...]:
    """Women and men always; other and unrecorded sex when someone has them."""
    return tuple(
        sex
        for sex in vocab.Sex
        if sex in (vocab.Sex.FEMALE, vocab.Sex.MALE) or reach.count(sex=sex)
    )


def _sex_columns(sexes: Sequence[vocab.Sex]) -> tuple[TableColumn, ...]:
    return tuple(TableColumn(vocab.label(sex), ValueKind.INTEGER) for sex in sexes)


def _band_table(
    title: str,
    reach: data.Reach,
    labels: Sequence[str],
    groups: Sequence[tuple[int, ...]],
    sexes: Sequence[vocab.Sex],
) -> Table:
    """People by age group (each group a set of ``reach``'s bands) × sex, with disability and
    displacement; the unknown ages on a row of their own."""
    criteria: list[tuple[str, tuple[int, ...] | None]] = list(zip(labels, groups, strict=True))
    if reach.count(band=None):
        criteria.append((_("Age not known"), None))  # None: the unknown ages

    def count(group: tuple[int, ...] | None, **where: Any) -> int:
        if group is None:
            return reach.count(band=None, **where)
        return reach.count(bands=group, **where)

    rows: tuple[tuple[Value, ...], ...] = tuple(
        (
            label,
            *(count(group, sex=sex) for sex in sexes),
            count(group),
            count(group, disability=True),
            count(group, displacement=DISPLACED),
        )
        for label, group in criteria
    )
    total: tuple[Value, ...] = (
        _("Total"),
        *(reach.count(sex=sex) for sex in sexes),
        reach.total,
        reach.count(disability=True),
        reach.count(displacement=DISPLACED),
    )
    return Table(
        title=title,
        columns=(
            TableColumn(_("Age group")),
            *_sex_columns(sexes),
            TableColumn(_("Total"), ValueKind.INTEGER),
            TableColumn(_("With disabilities"), ValueKind.INTEGER),
            TableColumn(_("Displaced (IDPs, refugees)"), ValueKind.INTEGER),
        ),
        rows=rows,
        total_row=total,
    )


def _people(session: Session, scope: data.Scope, reach: data.Reach) -> list[Block]:
    if not reach.total:
        return [Paragraph(_("No one received a service of the project in the period."))]
    sexes = _sexes(reach)
    bands = reach.bands
    fine = _band_table(
        _("People reached by age group and sex"),
        reach,
        bands.labels(),
        [(i,) for i in range(len(bands))],
        sexes,
    )
    broad_reach = reach
    if bands.rolls_up_to(data.BROAD_BANDS):
        groups = [reach.in_bands(data.BROAD_BANDS, i) for i in range(len(data.BROAD_BANDS))]
    else:
        broad_reach = data.people_reached(session, scope, bands=data.BROAD_BANDS)
        groups = [(i,) for i in range(len(data.BROAD_BANDS))]
    broad = _band_table(
        _("People reached: children, adults and older people"),
        broad_reach,
        data.BROAD_BANDS.labels(),
        groups,
        sexes,
    )
    disability_rows: tuple[tuple[Value, ...], ...] = tuple(
        (
            label,
            *(reach.count(sex=sex, disability=flag) for sex in sexes),
            reach.count(disability=flag),
        )
        for label, flag in (
            (_("With disabilities"), True),
            (_("Without disabilities"), False),
            (_("Not asked"), None),
        )
    )
    disability = Table(
        title=_("People reached by disability and sex"),
        columns=(
            TableColumn(_("Disability (Washington Group questions)")),
            *_sex_columns(sexes),
            TableColumn(_("Total"), ValueKind.INTEGER),
        ),
        rows=disability_rows,
        total_row=(_("Total"), *(reach.count(sex=sex) for sex in sexes), reach.total),
        note=_(
            "With disabilities: a lot of difficulty, or cannot do at all, in at least one of "
            "the six Washington Group questions."
        ),
    )
    displacement = Table(
        title=_("People reached by displacement status and sex"),
        columns=(
            TableColumn(_("Displacement status")),
            *_sex_columns(sexes),
            TableColumn(_("Total"), ValueKind.INTEGER),
            TableColumn(_("With disabilities"), ValueKind.INTEGER),
        ),
        rows=tuple(
            (
                vocab.label(status),
                *(reach.count(sex=sex, displacement=status) for sex in sexes),
                reach.count(displacement=status),
                reach.count(displacement=status, disability=True),
            )
            for status in vocab.DisplacementStatus
        ),
        total_row=(
            _("Total"),
            *(reach.count(sex=sex) for sex in sexes),
            reach.total,
            reach.count(disability=True),
        ),
    )
    categories = list(bands.labels())
    chart_bands: list[int | None] = list(range(len(bands)))
    if reach.count(band=None):
        categories.append(_("Age not known"))
        chart_bands.append(None)
    chart = BarChart(
        title=_("Women and men reached, by age group"),
        categories=tuple(categories),
        series=tuple(
            Series(vocab.label(sex), tuple(reach.count(sex=sex, band=b) for b in chart_bands))
            for sex in (vocab.Sex.FEMALE, vocab.Sex.MALE)
        ),
    )
    return [
        Paragraph(
            _(
                "{households} households. Every table counts each person once, in the age "
                "group of their first service in the period."
            ).format(households=i18n.format_integer(reach.households))
        ),
        fine,
        chart,
        broad,
        disability,
        displacement,
    ]


# --- volunteers -------------------------------------------------------------------------------


def _volunteers(session: Session, scope: data.Scope) -> list[Block]:
    hours = data.volunteer_hours(session, scope)
    involved = data.volunteers_involved(session, scope)
    if not involved:
        return [Paragraph(_("No volunteer hours were recorded on the project in the period."))]
    by_month = data.volunteer_hours_by_month(session, scope)
    return [
        KeyFigures(
            (
                KeyFigure(_("Volunteers involved"), involved),
                KeyFigure(_("Volunteer hours"), hours, ValueKind.DECIMAL, places=_places(hours)),
            )
        ),
        BarChart(
            title=_("Volunteer hours by month"),
            categories=tuple(finance.month_label(month) for month, _hours in by_month),
            series=(Series(_("Hours"), tuple(h for _month, h in by_month)),),
            value_kind=ValueKind.DECIMAL,
        ),
        Paragraph(_("Hours given by volunteers on the project's activities in the period.")),
    ]


# --- money ------------------------------------------------------------------------------------


def _finances(session: Session, project: m.Project, last: dt.date) -> list[Block]:
    use = budget.budget_vs_actual(session, project.id, as_of=last)
    if not use.lines and not use.unallocated:
        return [Paragraph(_("The project has no budget lines yet."))]
    return [finance.budget_summary_table(use, spent_until=last)]
