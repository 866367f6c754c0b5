"""Building any report: one registry of report kinds, one request, one function.

The kinds (:func:`report_kinds`) say what each report is, which file formats it is written in
and which parameters it needs; the Reports page and the ``cso-desktop report`` command are
both built from them. :func:`build_report` does the rest:

1. checks the request in the caller's language, with a message that says what to do: an unknown
   report, a file extension the report is not written in, a project that is needed or unknown
   (the message lists the codes), a period that ends before it starts, the organisation's VÖEN
   and the project's DAC sector for IATI, the rates to CHF, the National Society and the GO
   district names for GO 3W;
2. reads everything it needs in ONE read session and builds the report inside
   :func:`cso_desktop.i18n.using_language` (the report's language, whatever the window's);
3. renders it by the file's extension (``.pdf``, ``.xlsx``, ``.csv``, ``.xml``) to a temporary
   file beside the target, records the audit entry (kind, format, project code, period,
   language: no personal data, not even the file name), and only then puts the file in place:
   the file is written whole or not at all, and never without its audit entry.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from cso_desktop import i18n
from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import places, vocab
from cso_desktop.domain.errors import EnvironmentFailure, ValidationError
from cso_desktop.domain.vocab import AuditAction
from cso_desktop.i18n import N_, _
from cso_desktop.reports import (
    data,
    finance,
    go3w,
    hxl,
    iati,
    membership,
    reach,
    volunteering,
)
from cso_desktop.reports import progress as progress_report
from cso_desktop.reports.document import Document
from cso_desktop.reports.files import atomic_write
from cso_desktop.reports.pdf import render_pdf
from cso_desktop.reports.xlsx import render_xlsx
from cso_desktop.services import audit, budget

log = logging.getLogger(__name__)

#: The audit entity of a report.
AUDIT_ENTITY = "report"
#: The default National Society of a GO 3W upload (as GO names it).
DEFAULT_REPORTING_NS = "Azerbaijan Red Crescent Society"


class ReportFormat(StrEnum):
    """A file format, named by the file's extension."""

    PDF = "pdf"
    XLSX = "xlsx"
    CSV = "csv"
    XML = "xml"


#: What each format is, for messages and file dialogs.
FORMAT_NAMES: dict[ReportFormat, str] = {
    ReportFormat.PDF: N_("PDF document"),
    ReportFormat.XLSX: N_("Excel workbook"),
    ReportFormat.CSV: N_("CSV file"),
    ReportFormat.XML: N_("XML file"),
}


class ProjectUse(StrEnum):
    """Whether a report is about one project."""

    REQUIRED = "required"  # always one project
    OPTIONAL = "optional"  # one project, or all of them
    NONE = "none"  # the whole organisation


@dataclass(frozen=True)
class ReportKind:
    """One kind of report.

    Attributes:
        key: the stable name (``donor``, ``reach``…), also the CLI's KIND.
        title: untranslated title (``N_``); translate with ``_()`` where shown.
        description: untranslated one-sentence description of what it holds.
        formats: the formats it is written in; the first is the usual one.
        project: whether it needs a project.
        uses_period: whether the period matters (IATI covers the whole project up to a date).
        public: meant for public sharing (small counts withheld).
        needs_chf_rates: asks for a rate to CHF per currency and the National Society (GO 3W).
    """

    key: str
    title: str
    description: str
    formats: tuple[ReportFormat, ...]
    project: ProjectUse
    uses_period: bool = True
    public: bool = False
    needs_chf_rates: bool = False

    def format_list(self) -> str:
        """``.pdf, .xlsx`` — the extensions it can be written to."""
        return ", ".join(f".{f.value}" for f in self.formats)


_KINDS: tuple[ReportKind, ...] = (
    ReportKind(
        "donor",
        N_("Donor progress report"),
        N_(
            "One project for a period: summary, logframe with indicator values, activities "
            "planned and done, people reached by sex, age, disability and displacement, "
            "volunteers and their hours, spending by budget heading, signatures."
        ),
        (ReportFormat.PDF, ReportFormat.XLSX),
        ProjectUse.REQUIRED,
    ),
    ReportKind(
        "reach",
        N_("People reached (SADD)"),
        N_(
            "Unique people reached in the period by sex and age group, with disability and "
            "displacement, by rayon and by activity type. The CSV is an HXL table for public "
            "sharing, with small counts withheld."
        ),
        (ReportFormat.PDF, ReportFormat.XLSX, ReportFormat.CSV),
        ProjectUse.OPTIONAL,
    ),
    ReportKind(
        "volunteers",
        N_("Volunteers (FDRS)"),
        N_(
            "People volunteering by sex and FDRS age group, insured, trained in first aid, "
            "and the hours they gave in the period."
        ),
        (ReportFormat.PDF, ReportFormat.XLSX),
        ProjectUse.OPTIONAL,
    ),
    ReportKind(
        "finance",
        N_("Financial report"),
        N_(
            "One project's budget against spending by budget heading and line, with the "
            "variance, indirect costs, the expense ledger and the exchange rates used."
        ),
        (ReportFormat.PDF, ReportFormat.XLSX),
        ProjectUse.REQUIRED,
    ),
    ReportKind(
        "membership",
        N_("Membership"),
        N_("Members by status and category, and membership fees due, paid and in arrears."),
        (ReportFormat.PDF, ReportFormat.XLSX),
        ProjectUse.NONE,
    ),
    ReportKind(
        "iati",
        N_("IATI activity file"),
        N_(
            "One project as an IATI 2.03 activity file for publishing: organisations, dates, "
            "sector, rayons, budget, money received and spent, results with indicators."
        ),
        (ReportFormat.XML,),
        ProjectUse.REQUIRED,
        uses_period=False,
        public=True,
    ),
    ReportKind(
        "go3w",
        N_("IFRC GO 3W upload"),
        N_(
            "Who does what where: one row per project with its districts, sector, budget in "
            "Swiss francs and people reached, for the IFRC GO 3W bulk upload."
        ),
        (ReportFormat.CSV,),
        ProjectUse.OPTIONAL,
        public=True,
        needs_chf_rates=True,
    ),
)
KINDS: dict[str, ReportKind] = {kind.key: kind for kind in _KINDS}


def report_kinds() -> tuple[ReportKind, ...]:
    """Every kind of report, in the order the Reports page lists them."""
    return _KINDS


def report_kind(key: str) -> ReportKind:
    """The kind named ``key``.

    Raises:
        ValidationError: no such kind (the message lists them).
    """
    try:
        return KINDS[key]
    except KeyError:
        raise ValidationError(
            _("There is no report “{kind}”; choose one of: {kinds}.").format(
                kind=key, kinds=", ".join(KINDS)
            ),
            field="kind",
        ) from None


# --- the request and the result -----------------------------------------------------------------


@dataclass(frozen=True)
class ReportRequest:
    """What to build.

    Attributes:
        kind: a key of :data:`KINDS`.
        out: the file to write; its extension chooses the format.
        language: the report's language (az, ru, en); the window may speak another.
        project_code: the project (``None``: all projects, for the kinds where that is allowed).
        start, end: the period; ``None`` takes the project's dates, else the year of ``as_of``.
        as_of: the reporting date: nothing after it is counted (default: today).
        chf_rates: GO 3W: how many CHF one unit of each currency is worth.
        reporting_ns: GO 3W: the National Society the projects are reported for.
        user_name: who asks, for the audit log.
    """

    kind: str
    out: Path
    language: str = i18n.DEFAULT_LANGUAGE
    project_code: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    as_of: dt.date = field(default_factory=dt.date.today)
    chf_rates: Mapping[str, Decimal] = field(default_factory=dict)
    reporting_ns: str = DEFAULT_REPORTING_NS
    user_name: str | None = None


@dataclass(frozen=True)
class ReportResult:
    """What was written.

    Attributes:
        path: the report file.
        kind: its kind's key.
        format: its format.
        notes: sentences for the user (in the report's language): what public files withhold,
            the rates used, files written beside it.
        start, end: the period the report covers.
        project_code: its project, if any.
    """

    path: Path
    kind: str
    format: ReportFormat
    notes: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    project_code: str | None = None


#: ``progress(step, steps, text)``: called on the building thread as the work advances.
Progress = Callable[[int, int, str], None]
STEPS = 3


# --- what the Reports page offers ---------------------------------------------------------------


@dataclass(frozen=True)
class ProjectOption:
    """A project to report on.

    Attributes:
        code, title: as entered.
        currency: the grant currency.
        start, end: the project's dates (the default period).
        archived: the project is archived (listed last).
    """

    code: str
    title: str
    currency: str
    start: dt.date
    end: dt.date
    archived: bool


@dataclass(frozen=True)
class ReportSetup:
    """What the Reports page needs to offer the choices.

    Attributes:
        projects: every project, active ones first, by code.
        currencies: the currencies of the projects, sorted.
        suggested_chf_rates: per currency, a rate to CHF from the stored exchange rates (as of
            ``as_of``), to prefill the GO 3W rates; a currency without one is missing.
        as_of: the day the suggestions are for.
    """

    projects: tuple[ProjectOption, ...]
    currencies: tuple[str, ...]
    suggested_chf_rates: Mapping[str, Decimal]
    as_of: dt.date


def report_setup(database: Database, *, as_of: dt.date | None = None) -> ReportSetup:
    """Read the projects and the suggested rates to CHF (one read session)."""
    day = as_of or dt.date.today()
    with database.reading() as session:
        p = m.Project
        rows = session.execute(
            select(p.code, p.title, p.currency, p.start_date, p.end_date, p.archived).order_by(
                p.archived, p.code
            )
        ).all()
        projects = tuple(ProjectOption(*row) for row in rows)
        currencies = tuple(sorted({option.currency for option in projects}))
        suggested = {}
        for currency in currencies:
            rate = go3w.stored_chf_rate(session, currency, day)
            if rate is not None:
                suggested[currency] = rate
    return ReportSetup(
        projects=projects, currencies=currencies, suggested_chf_rates=suggested, as_of=day
    )


def chf_rates(texts: Mapping[str, str]) -> dict[str, Decimal]:
    """Rates to CHF as typed (``{"EUR": "0,93"}``), checked: currency codes and positive numbers.

    Empty texts are left out (the build then asks for the rate it still needs).

    Raises:
        ValidationError: a code or a rate cannot be read; the message names it.
    """
    rates: dict[str, Decimal] = {}
    for code, text in texts.items():
        if not str(text).strip():
            continue
        currency = budget.currency_code(code, field="chf_rates")
        try:
            rates[currency] = budget.rate_value(text, field="chf_rates")
        except ValidationError:
            raise ValidationError(
                _(
                    "“{rate}” is not a rate to CHF for {currency}: write a number such as 0,93."
                ).format(rate=text, currency=currency),
                field="chf_rates",
            ) from None
    return rates


def chf_rate_option(text: str) -> tuple[str, Decimal]:
    """One ``CUR=RATE`` of the command line (``EUR=0.93``), checked.

    Raises:
        ValidationError: not ``CUR=RATE`` with a currency code and a positive number.
    """
    code, sep, rate = text.partition("=")
    if not sep or not code.strip() or not rate.strip():
        raise ValidationError(
            _("“{value}” is not a rate to CHF: write it as CUR=RATE, e.g. EUR=0.93.").format(
                value=text
            ),
            field="chf_rates",
        )
    ((currency, value),) = chf_rates({code: rate}).items()
    return currency, value


# --- checks -------------------------------------------------------------------------------------


def report_format(kind: ReportKind, path: Path) -> ReportFormat:
    """The format named by the file's extension, if ``kind`` is written in it.

    Raises:
        ValidationError: the extension is missing, unknown or not one of the kind's formats.
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in {f.value for f in kind.formats}:
        return ReportFormat(suffix)
    raise ValidationError(
        _(
            "The {report} is written as {formats}: choose a file name ending in one of "
            "these (not “{name}”)."
        ).format(report=_(kind.title), formats=kind.format_list(), name=Path(path).name),
        field="out",
    )


def _project(session: Session, kind: ReportKind, code: str | None) -> m.Project | None:
    def codes() -> str:
        known = session.scalars(select(m.Project.code).order_by(m.Project.code)).all()
        return ", ".join(known)

    if code is None or not code.strip():
        if kind.project is ProjectUse.REQUIRED:
            listed = codes()
            if not listed:
                raise ValidationError(
                    _(
                        "The {report} is about one project, and there is none yet. Add the "
                        "project on the Projects page first."
                    ).format(report=_(kind.title)),
                    field="project",
                )
            raise ValidationError(
                _("The {report} is about one project: choose one of {codes}.").format(
                    report=_(kind.title), codes=listed
                ),
                field="project",
            )
        return None
    if kind.project is ProjectUse.NONE:
        raise ValidationError(
            _(
                "The {report} covers the whole organisation: leave the project out (not “{code}”)."
            ).format(report=_(kind.title), code=code),
            field="project",
        )
    project = session.scalars(select(m.Project).where(m.Project.code == code.strip())).one_or_none()
    if project is None:
        listed = codes()
        raise ValidationError(
            (
                _("There is no project “{code}”. The projects are: {codes}.").format(
                    code=code, codes=listed
                )
                if listed
                else _("There is no project “{code}”, and no project has been added yet.").format(
                    code=code
                )
            ),
            field="project",
        )
    return project


def _period(request: ReportRequest, project: m.Project | None) -> tuple[dt.date, dt.date]:
    if project is not None:
        start, end = project.start_date, project.end_date
    else:
        year = request.as_of.year
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = request.start or start
    end = request.end or end
    if end < start:
        raise ValidationError(
            _("The period ends ({end}) before it starts ({start}): check the two dates.").format(
                start=i18n.format_date(start), end=i18n.format_date(end)
            ),
            field="end",
        )
    return start, end


def _check_iati(session: Session, project: m.Project) -> None:
    organisation = session.scalars(select(m.Organisation).order_by(m.Organisation.id)).first()
    if organisation is not None:
        iati.organisation_identifier(organisation)  # says to enter the VÖEN in Settings
    if not project.dac_sector_code:
        raise ValidationError(
            _(
                "IATI needs the sector of project “{code}”: choose its DAC sector in the "
                "project's details, then build the file again."
            ).format(code=project.code),
            field="dac_sector_code",
        )


def _go3w_projects(
    session: Session, project: m.Project | None, start: dt.date, end: dt.date
) -> list[m.Project]:
    """The projects a GO 3W upload reports (as :func:`go3w.build_go3w_rows` picks them)."""
    if project is not None:
        chosen = [project]
    else:
        p = m.Project
        chosen = list(
            session.scalars(
                select(p)
                .where(p.archived.is_(False), and_(p.start_date <= end, p.end_date >= start))
                .order_by(p.code)
            ).all()
        )
    return [pr for pr in chosen if pr.status != vocab.ProjectStatus.CANCELLED]


def _check_go3w(
    session: Session,
    request: ReportRequest,
    projects: list[m.Project],
    start: dt.date,
    end: dt.date,
) -> dict[str, Decimal]:
    if not request.reporting_ns.strip():
        raise ValidationError(
            _("Enter the National Society the projects are reported for, as GO names it."),
            field="reporting_ns",
        )
    if not projects:
        raise ValidationError(
            _(
                "No project runs between {start} and {end}: choose another period or a project."
            ).format(start=i18n.format_date(start), end=i18n.format_date(end)),
            field="project",
        )
    rates = {code.strip().upper(): Decimal(rate) for code, rate in request.chf_rates.items()}
    bad = sorted(code for code, rate in rates.items() if not rate > 0)
    if bad:
        raise ValidationError(
            _("A rate to CHF must be more than zero: check {currencies}.").format(
                currencies=", ".join(bad)
            ),
            field="chf_rates",
        )
    missing = sorted({pr.currency for pr in projects if pr.currency != "CHF"} - set(rates))
    if missing:
        hints = []
        for currency in missing:
            stored = go3w.stored_chf_rate(session, currency, request.as_of)
            if stored is not None:
                hints.append(
                    _("the stored rates give 1 {currency} = {rate} CHF").format(
                        currency=currency, rate=i18n.format_decimal(stored, places=4)
                    )
                )
        message = _(
            "State how many Swiss francs (CHF) one unit is worth for: {currencies}."
        ).format(currencies=", ".join(missing))
        if hints:
            message += " (" + "; ".join(hints) + ")"
        raise ValidationError(message, field="chf_rates")
    districts = go3w.go_district_names(session)
    unmapped = sorted(
        set(
            session.scalars(
                select(m.ProjectLocation.rayon_code).where(
                    m.ProjectLocation.project_id.in_([pr.id for pr in projects])
                )
            ).all()
        )
        - set(districts)
    )
    if unmapped:
        raise ValidationError(
            _(
                "These rayons have no GO district name yet: {rayons}. Enter the name GO uses "
                "for each in Settings → IFRC GO districts, then build the file again."
            ).format(rayons=", ".join(f"{places.place_name(code)} ({code})" for code in unmapped)),
            field="go_district_names",
        )
    return rates


def _check_reach(session: Session, project: m.Project | None, start: dt.date, end: dt.date) -> None:
    scope = data.Scope(start, end, project_id=None if project is None else project.id)
    if data.people_reached(session, scope).total == 0:
        raise ValidationError(
            _(
                "No one received a service between {start} and {end}{project}: there is "
                "nobody to report. Record the activities' participants, or choose another "
                "period."
            ).format(
                start=i18n.format_date(start),
                end=i18n.format_date(end),
                project="" if project is None else f" ({project.code})",
            ),
            field="start",
        )


def _check_output(database: Database, out: Path) -> None:
    target = Path(out)
    if database.path is not None and target.resolve() == Path(database.path).resolve():
        raise ValidationError(
            _("A report cannot be written over the organisation file: choose another name."),
            field="out",
        )
    if target.is_dir():
        raise ValidationError(
            _("“{path}” is a folder: add a file name.").format(path=target), field="out"
        )
    if not target.parent.is_dir():
        raise ValidationError(
            _("The folder “{folder}” does not exist: choose another folder.").format(
                folder=target.parent
            ),
            field="out",
        )


# --- building -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Built:
    """A report built in memory, ready to render."""

    document: Document | None = None
    xml: bytes | None = None
    hxl_table: hxl.HxlTable | None = None
    go3w_table: go3w.Go3wTable | None = None


def _document(
    session: Session,
    kind: str,
    project: m.Project | None,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
) -> Document:
    project_id = None if project is None else project.id
    if kind == "donor":
        assert project_id is not None
        return progress_report.build_progress_report(
            session, project_id=project_id, start=start, end=end, as_of=as_of
        )
    if kind == "finance":
        assert project_id is not None
        return finance.build_finance_report(
            session, project_id=project_id, start=start, end=end, as_of=as_of
        )
    if kind == "reach":
        return reach.build_reach_report(
            session, project_id=project_id, start=start, end=end, as_of=as_of
        )
    if kind == "volunteers":
        return volunteering.build_volunteers_report(
            session, project_id=project_id, start=start, end=end, as_of=as_of
        )
    if kind == "membership":
        return membership.build_membership_report(session, start=start, end=end, as_of=as_of)
    raise AssertionError(kind)  # pragma: no cover - every document kind is listed above


def build_report(
    database: Database, request: ReportRequest, *, progress: Progress | None = None
) -> ReportResult:
    """Build the report ``request`` asks for and write it to ``request.out``.

    Safe to call off the GUI thread: it uses its own sessions and switches the language of this
    thread only.

    Raises:
        ValidationError: the report cannot be built as asked; the message (in the caller's
            language when the request is at fault, else in the report's) says what to do.
        EnvironmentFailure: the file cannot be written. Nothing is left at ``out`` by a
            failure, and a file already there is kept.
    """
    kind = report_kind(request.kind)
    out = Path(request.out)
    file_format = report_format(kind, out)
    language = i18n.normalise_language(request.language)
    if language is None:
        raise ValidationError(
            _("Reports are written in az, ru or en, not “{language}”.").format(
                language=request.language
            ),
            field="language",
        )
    _check_output(database, out)

    def step(number: int, text: str) -> None:
        if progress is not None:
            progress(number, STEPS, text)

    step(0, _("Reading the data…"))
    notes: list[str] = []
    with database.reading() as session:
        project = _project(session, kind, request.project_code)
        start, end = _period(request, project)
        rates: dict[str, Decimal] = {}
        go3w_projects: list[m.Project] = []
        if kind.key == "iati":
            assert project is not None
            _check_iati(session, project)
        elif kind.key == "go3w":
            go3w_projects = _go3w_projects(session, project, start, end)
            rates = _check_go3w(session, request, go3w_projects, start, end)
        elif kind.key == "reach":
            _check_reach(session, project, start, end)
        step(1, _("Building the report…"))
        with i18n.using_language(language):
            built = _build(
                session,
                kind,
                file_format,
                project,
                start,
                end,
                request=request,
                language=language,
                rates=rates,
                go3w_projects=go3w_projects,
            )
        # Plain values: the rows expire when the read session ends.
        project_id = None if project is None else project.id
        project_code = None if project is None else project.code
    step(2, _("Writing the file…"))
    staging = out.with_name(f".{out.name}.{secrets.token_hex(4)}.building")
    placed = False
    readme: Path | None = None
    try:
        with i18n.using_language(language):
            notes.extend(_render(built, file_format, staging))
            if built.hxl_table is not None:
                # HXL tools read data rows only: the notes go to a text file beside the table.
                readme = hxl.readme_path(out)
                _write_text(readme, "\r\n\r\n".join(built.hxl_table.notes) + "\r\n")
                notes.append(
                    _("The notes on this table are in {name}, beside it.").format(name=readme.name)
                )
        with database.transaction() as session:
            audit.record(
                session,
                AuditAction.EXPORT,
                AUDIT_ENTITY,
                project_id,
                user_name=request.user_name,
                detail={
                    "report": kind.key,
                    "format": file_format.value,
                    "project": project_code,
                    "start": start.isoformat() if kind.uses_period else None,
                    "end": end.isoformat() if kind.uses_period else None,
                    "as_of": request.as_of.isoformat(),
                    "language": language,
                },
            )
            # In the database before the file appears, so no report exists unlogged.
            session.flush()
            try:
                os.replace(staging, out)
            except OSError as exc:
                raise EnvironmentFailure(exc.strerror or str(exc), path=str(out)) from exc
            placed = True
    finally:
        with contextlib.suppress(OSError):
            staging.unlink(missing_ok=True)
        if not placed and readme is not None:
            with contextlib.suppress(OSError):
                readme.unlink(missing_ok=True)
    step(3, _("Done."))
    log.info("Report %s written as %s", kind.key, file_format.value)
    return ReportResult(
        path=out,
        kind=kind.key,
        format=file_format,
        notes=tuple(notes),
        start=start if kind.uses_period else None,
        end=end if kind.uses_period else None,
        project_code=project_code,
    )


def _build(
    session: Session,
    kind: ReportKind,
    file_format: ReportFormat,
    project: m.Project | None,
    start: dt.date,
    end: dt.date,
    *,
    request: ReportRequest,
    language: str,
    rates: dict[str, Decimal],
    go3w_projects: list[m.Project],
) -> _Built:
    if kind.key == "iati":
        assert project is not None
        return _Built(
            xml=iati.build_iati_activity(
                session,
                project.id,
                as_of=request.as_of,
                language=language,
                small_count_threshold=hxl.small_count_threshold(session),
            )
        )
    if kind.key == "go3w":
        return _Built(
            go3w_table=go3w.build_go3w_rows(
                session,
                project_ids=[pr.id for pr in go3w_projects],
                start=start,
                end=end,
                chf_rates=rates,
                reporting_ns=request.reporting_ns,
            )
        )
    if kind.key == "reach" and file_format is ReportFormat.CSV:
        scope = data.Scope(start, end, project_id=None if project is None else project.id)
        return _Built(
            hxl_table=hxl.build_reach_hxl(
                session,
                scope,
                language=language,
                threshold=hxl.small_count_threshold(session),
            )
        )
    return _Built(document=_document(session, kind.key, project, start, end, request.as_of))


def _render(built: _Built, file_format: ReportFormat, path: Path) -> list[str]:
    """Write the built report to ``path``; the notes to show."""
    if built.document is not None:
        document = built.document
        if file_format is ReportFormat.PDF:
            render_pdf(document, path)
        else:
            render_xlsx(document, path)
        return [document.small_count_note] if document.small_count_note else []
    if built.xml is not None:
        iati.write_iati_xml(built.xml, path)
        return []
    if built.hxl_table is not None:
        hxl.write_hxl_csv(built.hxl_table, path, with_readme=False)
        return list(built.hxl_table.notes)
    assert built.go3w_table is not None
    go3w.write_go3w_csv(built.go3w_table, path)
    return list(built.go3w_table.notes)


def _write_text(path: Path, text: str) -> None:
    with atomic_write(path) as handle:
        handle.write(text.encode("utf-8-sig"))
