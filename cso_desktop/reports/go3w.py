"""The IFRC GO "3W" bulk-upload CSV (standards README §5b): one row per project.

GO's importer (go-api ``deployments/forms.py``, ``ProjectImportForm``) reads the file with
``csv.DictReader``, ``;`` between fields and ``"`` around text, decoded as ``utf-8-sig``, and
rejects the whole file when any row has a bad value. So every cell here is written the way it
reads it:

* **Country** ``Azerbaijan``; **Reporting NS** as given (a GO country or National Society name).
* **Regions**: the GO district names of the project's rayons, joined by ``;`` with no spaces (GO
  splits the cell on ``;`` and compares each part whole), each name once (GO counts the names it
  found against the names given), the cell quoted by the CSV writer. The rayon → district
  mapping is the organisation setting ``go_district_names`` (a JSON object); a rayon without a
  mapping stops the export with the list of rayons to map.
* **Disaster Type**, **Operation Type** as given (``Other``, ``Programme`` by default);
  **Programme Type** from the donor: IFRC → ``Multilateral``, a partner National Society →
  ``Bilateral``, anyone else → ``Domestic``. **Primary Sector**: the project's GO sector;
  **Tags** empty. **Status**: pipeline → ``Planned``; implementation, finalisation, suspended →
  ``Ongoing``; closed → ``Completed``. Cancelled projects have no GO status and are left out
  (said in the notes).
* **Start Date**, **End Date**: ISO ``YYYY-MM-DD``.
* **Budget(CHF)**: the project's total eligible costs (:func:`budget.budget_vs_actual`) × the
  rate to CHF the user states for the project currency, rounded half up to a whole franc; every
  conversion is written in the notes.
* **Targeted Total**: the target of the project's "unique people reached" indicator over all its
  activities; when it has only indicators for one kind of activity each, the largest of their
  targets (people can be in several, so the sum would count them twice); else 0. The notes say
  which. GO's Targeted Males/Females/Others are left empty: indicator targets are not set by sex.
* **Reached Males/Females/Others**: unique people reached by the project's activities in the
  period (:func:`data.people_reached`); people of unknown sex are counted with "Others" so that
  **Reached Total** = Males + Females + Others = the unique total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.domain import places, sectors, vocab
from cso_desktop.domain.errors import NotFoundError, ValidationError
from cso_desktop.i18n import _
from cso_desktop.reports import budget, data, rates
from cso_desktop.reports.files import atomic_write
from cso_desktop.reports.hxl import csv_bytes

DELIMITER = ";"
HEADER: tuple[str, ...] = (
    "Country",
    "Regions",
    "Reporting NS",
    "Disaster Type",
    "Operation Type",
    "Programme Type",
    "Primary Sector",
    "Tags",
    "Status",
    "Project Name",
    "Start Date",
    "End Date",
    "Budget(CHF)",
    "Targeted Males",
    "Targeted Females",
    "Targeted Others",
    "Targeted Total",
    "Reached Males",
    "Reached Females",
    "Reached Others",
    "Reached Total",
)
#: GO's vocabularies (go-api ``deployments/models.py``), matched case-insensitively by GO.
OPERATION_TYPES = ("Programme", "Emergency Operation")
PROGRAMME_TYPES = ("Bilateral", "Multilateral", "Domestic")
PRIMARY_SECTORS = tuple(sectors.GO_SECTORS)
SECTOR_TAGS = (
    "WASH",
    "PGI",
    "CEA",
    "Migration",
    "DRR",
    "Shelter",
    "NS Strengthening",
    "Education",
    "Livelihoods and basic needs",
    "Recovery",
    "Internal displacement",
    "Health (public)",
    "Health (clinical)",
    "COVID-19",
)
STATUSES = ("Planned", "Ongoing", "Completed")
COUNTRY = "Azerbaijan"
DEFAULT_DISASTER_TYPE = "Other"

#: ``org_setting`` key of the rayon code → GO district name mapping (a JSON object).
DISTRICT_SETTING = "go_district_names"

PROJECT_STATUS: dict[vocab.ProjectStatus, str | None] = {
    vocab.ProjectStatus.PIPELINE: "Planned",
    vocab.ProjectStatus.IMPLEMENTATION: "Ongoing",
    vocab.ProjectStatus.FINALISATION: "Ongoing",
    vocab.ProjectStatus.SUSPENDED: "Ongoing",
    vocab.ProjectStatus.CLOSED: "Completed",
    vocab.ProjectStatus.CANCELLED: None,
}


def programme_type(donor_kind: vocab.DonorKind) -> str:
    if donor_kind == vocab.DonorKind.IFRC:
        return "Multilateral"
    if donor_kind == vocab.DonorKind.NATIONAL_SOCIETY:
        return "Bilateral"
    return "Domestic"


def go_district_names(session: Session) -> dict[str, str]:
    """The organisation's rayon code → GO district name mapping (empty when not set)."""
    row = session.get(m.Setting, DISTRICT_SETTING)
    value: Any = None if row is None else row.value
    if not isinstance(value, dict):
        return {}
    return {
        str(code): str(name).strip()
        for code, name in value.items()
        if isinstance(name, str) and name.strip()
    }


def stored_chf_rate(session: Session, currency: str, on: dt.date) -> Decimal | None:
    """A rate to CHF from the stored monthly rates, to suggest to the user: the latest month
    up to ``on`` with ``currency`` → CHF, else the inverse of CHF → ``currency``, else through
    AZN (``currency`` → AZN × AZN → CHF); ``None`` when none is stored."""
    found = rates.find_rate(session, currency, "CHF", on, latest=True)
    if found is None:
        return None
    return found.rate.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


Cell = str | int | dt.date


@dataclass(frozen=True)
class Go3wTable:
    """The 3W upload, ready to write.

    Attributes:
        header: GO's column names, exactly.
        rows: one per project, in :data:`HEADER` order: text, ``int`` counts and budget,
            ``date`` start and end, ``""`` for the Targeted counts by sex.
        project_ids: the project of each row.
        notes: translated sentences for the report log: the rates used and each conversion,
            where the targets come from, projects left out.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    project_ids: tuple[int, ...]
    notes: tuple[str, ...]


def _check_choice(value: str, allowed: Sequence[str], field: str) -> str:
    cleaned = value.strip()
    if cleaned.casefold() not in {a.casefold() for a in allowed}:
        raise ValidationError(
            _("“{value}” is not one of GO's values: {allowed}.").format(
                value=cleaned, allowed=", ".join(allowed)
            ),
            field=field,
        )
    return next(a for a in allowed if a.casefold() == cleaned.casefold())


def _targeted(session: Session, project_id: int) -> tuple[int, str]:
    """(Targeted Total, the note saying where it comes from)."""
    i, r = m.Indicator, m.LogframeResult
    rows = [
        (str(code), Decimal(target or 0), kind)
        for code, target, kind in session.execute(
            select(i.code, i.target_value, i.method_activity_type)
            .join(r, r.id == i.result_id)
            .where(
                r.project_id == project_id,
                i.method == vocab.IndicatorMethod.PEOPLE_REACHED,
                i.target_value.is_not(None),
            )
            .order_by(i.code)
        )
    ]
    overall = [(code, target) for code, target, kind in rows if kind is None]
    if overall:
        code, target = max(overall, key=lambda row: row[1])
        return int(target), _("target of indicator {code} (unique people reached)").format(
            code=code
        )
    if rows:
        code, target, _kind = max(rows, key=lambda row: row[1])
        return int(target), _(
            "largest target among the people-reached indicators, that of {code} (people may "
            "take part in several activities, so the targets are not added up)"
        ).format(code=code)
    return 0, _("no people-reached indicator with a target: 0")


def _chf(amount: Decimal, rate: Decimal) -> int:
    return int((amount * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def build_go3w_rows(
    session: Session,
    *,
    project_ids: Sequence[int] | None,
    start: dt.date,
    end: dt.date,
    chf_rates: Mapping[str, Decimal],
    reporting_ns: str,
    district_names: Mapping[str, str] | None = None,
    disaster_type: str = DEFAULT_DISASTER_TYPE,
    operation_type: str = "Programme",
) -> Go3wTable:
    """GO 3W rows for the chosen projects (``None``: every project that is not archived and
    runs during the period), people reached from ``start`` to ``end``.

    Args:
        chf_rates: per currency, how many CHF one unit is worth, as the user states it (CHF
            itself needs none).
        reporting_ns: the National Society the projects are reported for, as GO names it
            ("Azerbaijan Red Crescent Society").
        district_names: rayon code → GO district name; the organisation setting when ``None``.
        disaster_type: a GO disaster type name.
        operation_type: ``Programme`` or ``Emergency Operation``.

    Raises:
        ValidationError: a missing or unusable value, named in the message: a rate, the
            National Society, a project's GO sector, rayons without a GO district name.
        NotFoundError: a chosen project does not exist.
    """
    if end < start:
        raise ValidationError(_("The period ends before it starts: check the two dates."))
    if not reporting_ns.strip():
        raise ValidationError(
            _("Enter the National Society the projects are reported for, as GO names it."),
            field="reporting_ns",
        )
    if not disaster_type.strip():
        raise ValidationError(_("Enter GO's disaster type (e.g. “Other”)."), field="disaster_type")
    operation = _check_choice(operation_type, OPERATION_TYPES, "operation_type")
    districts = go_district_names(session) if district_names is None else dict(district_names)

    p = m.Project
    if project_ids is None:
        projects = session.scalars(
            select(p)
            .where(p.archived.is_(False), and_(p.start_date <= end, p.end_date >= start))
            .order_by(p.code)
        ).all()
    else:
        projects = []
        for project_id in project_ids:
            project = session.get(p, project_id)
            if project is None:
                raise NotFoundError(f"project {project_id}")
            projects.append(project)

    notes: list[str] = []
    reported = []
    for project in projects:
        if PROJECT_STATUS[vocab.ProjectStatus(project.status)] is None:
            notes.append(
                _("{code} is left out: GO has no status for a cancelled project.").format(
                    code=project.code
                )
            )
        else:
            reported.append(project)
    rates = {code.upper(): Decimal(rate) for code, rate in chf_rates.items()}
    rates["CHF"] = Decimal(1)
    missing_rates = sorted({pr.currency for pr in reported} - set(rates))
    if missing_rates:
        raise ValidationError(
            _("State how many Swiss francs (CHF) one unit is worth for: {currencies}.").format(
                currencies=", ".join(missing_rates)
            ),
            field="chf_rates",
        )
    bad = sorted(code for code, rate in rates.items() if not rate > 0)
    if bad:
        raise ValidationError(
            _("A rate to CHF must be more than zero: check {currencies}.").format(
                currencies=", ".join(bad)
            ),
            field="chf_rates",
        )

    unmapped: dict[str, set[str]] = {}
    no_sector: list[str] = []
    rows: list[tuple[Cell, ...]] = []
    ids: list[int] = []
    for project in reported:
        status = PROJECT_STATUS[vocab.ProjectStatus(project.status)] or ""
        codes = session.scalars(
            select(m.ProjectLocation.rayon_code)
            .where(m.ProjectLocation.project_id == project.id)
            .order_by(m.ProjectLocation.rayon_code)
        ).all()
        if not codes:
            raise ValidationError(
                _(
                    "Project {code} has no rayons. Add the rayons it works in to the project, "
                    "then build the file again."
                ).format(code=project.code),
                field="locations",
            )
        names: list[str] = []
        for code in codes:
            name = districts.get(code)
            if not name:
                unmapped.setdefault(code, set()).add(project.code)
            elif name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        if project.go_sector not in PRIMARY_SECTORS:
            no_sector.append(project.code)
            continue
        total_budget = budget.budget_vs_actual(session, project.id).total_eligible.budget
        rate = rates[project.currency]
        budget_chf = _chf(total_budget, rate)
        if project.currency == "CHF":
            notes.append(
                _("{code}: budget {amount} CHF.").format(code=project.code, amount=total_budget)
            )
        else:
            notes.append(
                _(
                    "{code}: budget {amount} {currency} × {rate} CHF per {currency} = "
                    "{chf} CHF (rate stated by the user)."
                ).format(
                    code=project.code,
                    amount=total_budget,
                    currency=project.currency,
                    rate=rate,
                    chf=budget_chf,
                )
            )
        targeted, target_source = _targeted(session, project.id)
        notes.append(
            _("{code}: Targeted Total {n}: {source}.").format(
                code=project.code, n=targeted, source=target_source
            )
        )
        reach = data.people_reached(session, data.Scope(start, end, project_id=project.id))
        males = reach.count(sex=vocab.Sex.MALE)
        females = reach.count(sex=vocab.Sex.FEMALE)
        others = reach.total - males - females
        rows.append(
            (
                COUNTRY,
                DELIMITER.join(names),
                reporting_ns.strip(),
                disaster_type.strip(),
                operation,
                programme_type(vocab.DonorKind(project.donor_kind)),
                project.go_sector or "",
                "",
                status,
                " ".join(project.title.split()),
                project.start_date,
                project.end_date,
                budget_chf,
                "",
                "",
                "",
                targeted,
                males,
                females,
                others,
                males + females + others,
            )
        )
        ids.append(project.id)
    if unmapped:
        listed = ", ".join(
            f"{places.place_name(code)} ({code})" for code in sorted(unmapped, key=str)
        )
        raise ValidationError(
            _(
                "These rayons have no GO district name yet: {rayons}. Enter the name GO uses "
                "for each in Settings → IFRC GO districts, then build the file again."
            ).format(rayons=listed),
            field="go_district_names",
        )
    if no_sector:
        raise ValidationError(
            _(
                "Choose the IFRC GO sector of project {codes} in the project's details, then "
                "build the file again."
            ).format(codes=", ".join(no_sector)),
            field="go_sector",
        )
    if not rows:
        raise ValidationError(
            _("No project to report: none of the chosen projects runs in the period."),
            field="project_ids",
        )
    notes.append(
        _(
            "Reached: unique people with at least one service from {start} to {end}; people "
            "whose sex is other or not recorded are counted under “Others”."
        ).format(start=start.isoformat(), end=end.isoformat())
    )
    return Go3wTable(header=HEADER, rows=tuple(rows), project_ids=tuple(ids), notes=tuple(notes))


def _text(value: Cell) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def go3w_csv_bytes(table: Go3wTable) -> bytes:
    """The file's bytes: UTF-8 with a BOM, ``;`` between fields, cells holding ``;`` quoted."""
    return csv_bytes(
        [table.header, *([_text(v) for v in row] for row in table.rows)], delimiter=DELIMITER
    )


def write_go3w_csv(table: Go3wTable, path: Path) -> None:
    """Write the upload file whole or not at all.

    Raises:
        EnvironmentFailure: the file or its folder cannot be written.
    """
    content = go3w_csv_bytes(table)
    with atomic_write(path) as handle:
        handle.write(content)
