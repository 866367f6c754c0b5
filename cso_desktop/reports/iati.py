"""The IATI activity file (standard 2.03) of one project, checked against the standard's schema.

What goes in, in the schema's order (standards README §4):

* ``iati-identifier``: the organisation identifier + ``-`` + the project code. The organisation
  identifier is the one entered in the organisation's profile (``iati_identifier``) or else
  ``AZ-IVI-<VÖEN>``: ``AZ-IVI`` is the registration agency of the Ministry of Taxes' register in
  IATI's OrganisationRegistrationAgency codelist (§4.3). Characters IATI forbids in identifiers
  (``/ & | ?``) and spaces in the project code become ``-``.
* ``reporting-org`` and the implementing ``participating-org``: the organisation, type 22
  (national NGO). The funding ``participating-org``: the donor, with the IATI identifier of the
  EU (DG NEAR, which funds Azerbaijan) or the IFRC (DAC channel 21018) when the donor is one of
  them, else by name only.
* ``activity-status`` from the project status; ``activity-date``: planned start and end (1, 3),
  the actual start (2) once the project has started by ``as_of`` (the earliest actual start of
  its activities, else the planned start), the actual end (4) of a closed or cancelled project
  once it is past (the latest actual end of its activities, else the planned end). No actual
  date is after ``as_of``.
* ``recipient-country`` AZ (100 %), one ``location`` per rayon of the project (``@ref`` = its
  ISO 3166-2 code, which is no IATI geographic vocabulary, and its name), the DAC 5-digit
  ``sector``.
* ``budget``: the project's total eligible costs (:func:`budget.budget_vs_actual`) spread over
  project years (IATI wants budget periods of a year at most) in proportion to their days, the
  last year taking the rounding; status 1 (indicative), since the split is the app's.
* ``transaction``: grant tranches received (incoming funds, type 1, one each, in the currency
  received), other income booked on the project (type 1, one per month and currency, payer
  names left out) and expenditure (type 4) per calendar month in the project currency, each
  expense converted at its stored rate as on the budget page; never a payee's name. Only money
  received or spent up to ``as_of``.
* ``result``: each logframe result that has indicators (impact 3, outcome 2, output 1); per
  indicator the measure (2 percentage when the unit is a percentage, else 1 unit), whether
  higher is better, the baseline, one period per reporting period with recorded values (the
  actual total and, where recorded, ``actual`` per ``dimension name="sex"``) and a period over
  the life of the project with the target.

**Small counts.** Counts of people (indicators of people reached, or disaggregated by sex, in
units) from 1 to ``small_count_threshold − 1`` are not published: IATI values must be numbers,
so the ``actual`` keeps no ``value`` and carries a ``comment`` saying the count is under the
threshold. When any sex disaggregate of a period is withheld, all of that period's sex
disaggregates are left out (the others would reveal it by subtraction) and the total's comment
says so. A description of type 4 ("other") states the rule on every file.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel import dates as babel_dates
from lxml import etree
from sqlalchemy import BigInteger, func, select, type_coerce
from sqlalchemy.orm import Session

from cso_desktop import i18n, paths
from cso_desktop.db import models as m
from cso_desktop.db.sqlfunc import month_start
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import NotFoundError, ValidationError
from cso_desktop.i18n import N_, _
from cso_desktop.reports import budget, logframe
from cso_desktop.reports.files import atomic_write
from cso_desktop.reports.hxl import (
    DEFAULT_SMALL_COUNT_THRESHOLD,
    Texts,
    check_threshold,
)
from cso_desktop.reports.reach import find_organisation

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: IATI OrganisationRegistrationAgency code of Azerbaijan's tax register (VÖEN).
AZ_REGISTRATION_AGENCY = "AZ-IVI"
#: OrganisationType codes.
ORG_TYPE_GOVERNMENT = "10"
ORG_TYPE_OTHER_PUBLIC = "15"
ORG_TYPE_INTERNATIONAL_NGO = "21"
ORG_TYPE_NATIONAL_NGO = "22"
ORG_TYPE_OTHER = "90"

#: Funding organisation per donor kind: (IATI identifier or None, OrganisationType).
DONOR_ORGS: dict[vocab.DonorKind, tuple[str | None, str]] = {
    vocab.DonorKind.EU: ("XI-IATI-EC_NEAR", ORG_TYPE_OTHER_PUBLIC),
    vocab.DonorKind.IFRC: ("XM-DAC-21018", ORG_TYPE_INTERNATIONAL_NGO),
    vocab.DonorKind.NATIONAL_SOCIETY: (None, ORG_TYPE_INTERNATIONAL_NGO),
    vocab.DonorKind.GOVERNMENT: (None, ORG_TYPE_GOVERNMENT),
    vocab.DonorKind.OTHER: (None, ORG_TYPE_OTHER),
}

ACTIVITY_STATUS: dict[vocab.ProjectStatus, str] = {
    vocab.ProjectStatus.PIPELINE: "1",
    vocab.ProjectStatus.IMPLEMENTATION: "2",
    vocab.ProjectStatus.FINALISATION: "3",
    vocab.ProjectStatus.CLOSED: "4",
    vocab.ProjectStatus.CANCELLED: "5",
    vocab.ProjectStatus.SUSPENDED: "6",
}
RESULT_TYPE: dict[vocab.ResultLevel, str] = {
    vocab.ResultLevel.OUTPUT: "1",
    vocab.ResultLevel.OUTCOME: "2",
    vocab.ResultLevel.IMPACT: "3",
}
_PERCENT_UNITS = {"%", "percent", "percentage", "faiz", "процент", "процентов", "%-i"}
_FORBIDDEN_IN_IDENTIFIER = re.compile(r"[/&|?\s]+")
_SHOWN_PROBLEMS = 5


# --- schema -----------------------------------------------------------------------------------


def schema_path() -> Path:
    """The IATI 2.03 activity schema shipped with the app (with the schemas it includes)."""
    return paths.resources_dir() / "iati" / "iati-activities-schema.xsd"


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(schema_path())))


def validate_iati(xml: bytes) -> None:
    """Check an activity file against the IATI 2.03 schema.

    Raises:
        ValidationError: the file is not well-formed XML or breaks the schema; the message
            lists the first problems with their line numbers.
    """
    try:
        document = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        raise ValidationError(
            _("The IATI file is not well-formed XML: {problem}").format(problem=str(exc))
        ) from exc
    schema = _schema()
    if schema.validate(document):
        return
    errors = list(schema.error_log)
    problems = "; ".join(
        _("line {line}: {message}").format(line=error.line, message=error.message)
        for error in errors[:_SHOWN_PROBLEMS]
    )
    if len(errors) > _SHOWN_PROBLEMS:
        problems += " " + _("(and {n} more)").format(n=len(errors) - _SHOWN_PROBLEMS)
    raise ValidationError(
        _("The IATI file does not follow the IATI {version} schema: {problems}").format(
            version=IATI_VERSION, problems=problems
        )
    )


def write_iati_xml(xml: bytes, path: Path) -> None:
    """Check ``xml`` against the schema, then write it whole or not at all.

    Raises:
        ValidationError: the file breaks the schema (nothing is written).
        EnvironmentFailure: the file or its folder cannot be written.
    """
    validate_iati(xml)
    with atomic_write(path) as handle:
        handle.write(xml)


# --- identifiers --------------------------------------------------------------------------------


def organisation_identifier(organisation: m.Organisation) -> str:
    """The organisation's IATI identifier: as entered in its profile, else ``AZ-IVI-<VÖEN>``.

    Raises:
        ValidationError: neither is recorded.
    """
    if organisation.iati_identifier and organisation.iati_identifier.strip():
        return organisation.iati_identifier.strip()
    tax_id = (organisation.tax_id or "").strip()
    if not tax_id:
        raise ValidationError(
            _(
                "An IATI file names the organisation by its tax number (VÖEN). Enter the "
                "VÖEN (or the IATI organisation identifier) in Settings → Organisation, then "
                "build the file again."
            ),
            field="tax_id",
        )
    return f"{AZ_REGISTRATION_AGENCY}-{tax_id}"


def activity_identifier(organisation_id: str, project_code: str) -> str:
    """``<organisation identifier>-<project code>`` without the characters IATI forbids."""
    code = _FORBIDDEN_IN_IDENTIFIER.sub("-", project_code.strip()).strip("-")
    return f"{organisation_id}-{code}"


# --- helpers ------------------------------------------------------------------------------------


def _number(value: Decimal | int) -> str:
    """A plain decimal number: ``46``, ``12.5`` (no exponent, no trailing zeros)."""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


def _money(value: Decimal) -> str:
    return format(budget.money(Decimal(value)), "f")


def _iso_datetime(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat() + "Z"


def _cents(value: Any) -> Decimal:
    return Decimal(int(value or 0)).scaleb(-2).quantize(budget.CENT)


def _is_percentage(unit: str) -> bool:
    text = unit.strip().casefold()
    return "%" in text or text in _PERCENT_UNITS


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
#: Letters of the Azerbaijani Latin alphabet that English lacks (ə is Azerbaijani only).
_AZERBAIJANI = re.compile(r"[əƏğĞıİşŞçÇöÖüÜ]")


def text_language(text: str, default: str) -> str:
    """The language of a text typed in the app, as far as its letters tell: Cyrillic is
    Russian, Azerbaijani Latin letters are Azerbaijani, anything else is taken to be in
    ``default`` (the file's language)."""
    if _CYRILLIC.search(text):
        return "ru"
    if _AZERBAIJANI.search(text):
        return "az"
    return default


class _Builder:
    """Writes the elements. Texts the app writes are in the file's language; texts typed by the
    organisation's staff (titles, names) get the ``xml:lang`` their letters show."""

    def __init__(self, *, language: str) -> None:
        self.language = language

    def narrative(self, parent: etree._Element, text: str, *, typed: bool = False) -> None:
        element = etree.SubElement(parent, "narrative")
        element.text = text
        if typed:
            lang = text_language(text, self.language)
            if lang != self.language:
                element.set(XML_LANG, lang)

    def text_element(
        self, parent: etree._Element, tag: str, text: str, *, typed: bool = False, **attrs: str
    ) -> etree._Element:
        element = etree.SubElement(parent, tag, attrs)
        self.narrative(element, text, typed=typed)
        return element

    def org(
        self,
        parent: etree._Element,
        tag: str,
        *,
        ref: str | None,
        org_type: str,
        name: str,
        role: str | None = None,
    ) -> None:
        attrs = {}
        if ref:
            attrs["ref"] = ref
        attrs["type"] = org_type
        if role:
            attrs["role"] = role
        self.text_element(parent, tag, name, typed=True, **attrs)


def _dated(parent: etree._Element, tag: str, day: dt.date) -> None:
    etree.SubElement(parent, tag, {"iso-date": day.isoformat()})


# --- the activity -------------------------------------------------------------------------------


def build_iati_activity(
    session: Session,
    project_id: int,
    *,
    as_of: dt.date,
    language: str,
    small_count_threshold: int = DEFAULT_SMALL_COUNT_THRESHOLD,
    generated_at: dt.datetime | None = None,
) -> bytes:
    """The project's IATI 2.03 activity file (UTF-8 XML), checked against the shipped schema.

    Args:
        project_id: the project.
        as_of: money received or spent, indicator values and actual dates up to this day.
        language: the file's default language (``xml:lang``) and the language of the texts the
            app writes; texts typed in the app keep the organisation's language.
        small_count_threshold: counts of 1 to ``threshold − 1`` people are withheld (see the
            module docstring).
        generated_at: the time stamped on the file (UTC; now when ``None``).

    Raises:
        NotFoundError: no such project.
        ValidationError: the organisation has no identifier (VÖEN), the project no DAC sector,
            or (a bug) the file breaks the schema.
    """
    check_threshold(small_count_threshold)
    project = session.get(m.Project, project_id)
    if project is None:
        raise NotFoundError(f"project {project_id}")
    organisation = find_organisation(session)
    if organisation is None:
        raise NotFoundError("organisation")
    org_ref = organisation_identifier(organisation)
    if not project.dac_sector_code:
        raise ValidationError(
            _(
                "IATI needs the sector of project “{code}”: choose its DAC sector in the "
                "project's details, then build the file again."
            ).format(code=project.code),
            field="dac_sector_code",
        )
    t = Texts(language)
    now = (generated_at or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    if now.tzinfo is not None:
        now = now.astimezone(dt.UTC).replace(tzinfo=None)
    b = _Builder(language=t.language)
    org_name = organisation.name

    root = etree.Element(
        "iati-activities", {"version": IATI_VERSION, "generated-datetime": _iso_datetime(now)}
    )
    root.append(
        etree.Comment(
            " "
            + t(
                N_(
                    "Written by CSO Desktop. Counts of fewer than {n} people are withheld to "
                    "protect privacy."
                )
            ).format(n=small_count_threshold)
            + " "
        )
    )
    updated = min(project.updated_at or now, now)
    activity = etree.SubElement(
        root,
        "iati-activity",
        {
            "last-updated-datetime": _iso_datetime(updated),
            XML_LANG: t.language,
            "default-currency": project.currency,
        },
    )
    etree.SubElement(activity, "iati-identifier").text = activity_identifier(org_ref, project.code)
    b.org(activity, "reporting-org", ref=org_ref, org_type=ORG_TYPE_NATIONAL_NGO, name=org_name)
    b.text_element(activity, "title", project.title, typed=True)
    description = etree.SubElement(activity, "description", {"type": "1"})
    b.narrative(description, (project.description or "").strip() or project.title, typed=True)
    privacy = etree.SubElement(activity, "description", {"type": "4"})
    b.narrative(
        privacy,
        t(
            N_(
                "Counts of people are published only from {n} up: a smaller count could "
                "identify a person, so it is withheld and marked by a comment."
            )
        ).format(n=small_count_threshold),
    )

    # Participating organisations: funding, then implementing.
    donor_ref: str | None
    if project.donor_kind == vocab.DonorKind.OWN_FUNDS:
        donor_ref, donor_type, donor_name = org_ref, ORG_TYPE_NATIONAL_NGO, org_name
    else:
        donor_ref, donor_type = DONOR_ORGS[vocab.DonorKind(project.donor_kind)]
        donor_name = project.donor_name
    b.org(
        activity,
        "participating-org",
        ref=donor_ref,
        org_type=donor_type,
        name=donor_name,
        role="1",
    )
    b.org(
        activity,
        "participating-org",
        ref=org_ref,
        org_type=ORG_TYPE_NATIONAL_NGO,
        name=org_name,
        role="4",
    )
    etree.SubElement(
        activity, "activity-status", {"code": ACTIVITY_STATUS[vocab.ProjectStatus(project.status)]}
    )
    _activity_dates(session, activity, project, as_of)
    etree.SubElement(activity, "recipient-country", {"code": "AZ", "percentage": "100"})
    _locations(session, activity, b, t, project.id)
    etree.SubElement(
        activity,
        "sector",
        {"vocabulary": "1", "code": project.dac_sector_code, "percentage": "100"},
    )
    _budgets(session, activity, project)
    _transactions(
        session,
        activity,
        b,
        t,
        project,
        as_of=as_of,
        org=(org_ref, org_name),
        donor=(donor_ref, donor_type, donor_name),
    )
    _results(session, activity, b, t, project, as_of=as_of, threshold=small_count_threshold)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    validate_iati(xml)
    return xml


def _activity_dates(
    session: Session, activity: etree._Element, project: m.Project, as_of: dt.date
) -> None:
    a = m.Activity
    first_start, last_end = session.execute(
        select(func.min(a.actual_start), func.max(a.actual_end)).where(
            a.project_id == project.id, a.actual_start <= as_of
        )
    ).one()
    etree.SubElement(
        activity, "activity-date", {"type": "1", "iso-date": project.start_date.isoformat()}
    )
    status = vocab.ProjectStatus(project.status)
    started = status not in (vocab.ProjectStatus.PIPELINE,) and (
        first_start is not None or project.start_date <= as_of
    )
    # A project cancelled before anything happened has no actual start.
    if started and not (status == vocab.ProjectStatus.CANCELLED and first_start is None):
        actual_start = first_start or project.start_date
        if actual_start is not None:
            etree.SubElement(
                activity, "activity-date", {"type": "2", "iso-date": actual_start.isoformat()}
            )
    etree.SubElement(
        activity, "activity-date", {"type": "3", "iso-date": project.end_date.isoformat()}
    )
    if status in (vocab.ProjectStatus.CLOSED, vocab.ProjectStatus.CANCELLED):
        actual_end = last_end if last_end is not None and last_end <= as_of else None
        if actual_end is None and project.end_date <= as_of:
            actual_end = project.end_date
        if actual_end is not None:
            etree.SubElement(
                activity, "activity-date", {"type": "4", "iso-date": actual_end.isoformat()}
            )


def _locations(
    session: Session, activity: etree._Element, b: _Builder, t: Texts, project_id: int
) -> None:
    codes = session.scalars(
        select(m.ProjectLocation.rayon_code)
        .where(m.ProjectLocation.project_id == project_id)
        .order_by(m.ProjectLocation.rayon_code)
    ).all()
    for code in codes:
        location = etree.SubElement(activity, "location", {"ref": code})
        etree.SubElement(location, "location-reach", {"code": "1"})
        name = etree.SubElement(location, "name")
        narrative = etree.SubElement(name, "narrative")
        narrative.text = t.place(code)
        # Place names are Azerbaijani in every language but English (domain.places).
        place_lang = "en" if t.language == "en" else "az"
        if place_lang != t.language:
            narrative.set(XML_LANG, place_lang)
        b.text_element(
            location,
            "description",
            t(N_("Rayon or city, ISO 3166-2 code {code}")).format(code=code),
        )
        etree.SubElement(location, "location-class", {"code": "1"})


def project_years(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The project's years from its start: [start, start + 1 year − 1 day], …, up to ``end``."""
    periods = []
    current = start
    while current <= end:
        try:
            following = current.replace(year=current.year + 1)
        except ValueError:  # 29 February
            following = dt.date(current.year + 1, 3, 1)
        last = min(following - dt.timedelta(days=1), end)
        periods.append((current, last))
        current = last + dt.timedelta(days=1)
    return periods


def split_budget(total: Decimal, periods: list[tuple[dt.date, dt.date]]) -> list[Decimal]:
    """``total`` spread over ``periods`` in proportion to their days, to the cent; the last
    period takes the rounding so the parts add up to ``total`` exactly."""
    days = [(last - first).days + 1 for first, last in periods]
    whole = sum(days)
    parts = [budget.money(total * d / whole) for d in days[:-1]]
    parts.append(total - sum(parts, Decimal("0")))
    return parts


def _budgets(session: Session, activity: etree._Element, project: m.Project) -> None:
    total = budget.budget_vs_actual(session, project.id).total_eligible.budget
    if total <= 0:
        return
    periods = project_years(project.start_date, project.end_date)
    for (first, last), part in zip(periods, split_budget(total, periods), strict=True):
        element = etree.SubElement(activity, "budget", {"type": "1", "status": "1"})
        _dated(element, "period-start", first)
        _dated(element, "period-end", last)
        value = etree.SubElement(
            element, "value", {"currency": project.currency, "value-date": first.isoformat()}
        )
        value.text = _money(part)


def _transaction(
    activity: etree._Element,
    b: _Builder,
    *,
    code: str,
    day: dt.date,
    amount: Decimal,
    currency: str | None,
    description: str,
    typed: bool,
    provider: tuple[str | None, str | None, str],
    receiver: tuple[str | None, str | None, str],
) -> None:
    element = etree.SubElement(activity, "transaction")
    etree.SubElement(element, "transaction-type", {"code": code})
    _dated(element, "transaction-date", day)
    attrs = {"value-date": day.isoformat()}
    if currency:
        attrs["currency"] = currency
    etree.SubElement(element, "value", attrs).text = _money(amount)
    b.text_element(element, "description", description, typed=typed)
    for tag, (ref, org_type, name) in (("provider-org", provider), ("receiver-org", receiver)):
        attrs = {}
        if ref:
            attrs["ref"] = ref
        if org_type:
            attrs["type"] = org_type
        b.text_element(element, tag, name, typed=True, **attrs)


def _transactions(
    session: Session,
    activity: etree._Element,
    b: _Builder,
    t: Texts,
    project: m.Project,
    *,
    as_of: dt.date,
    org: tuple[str, str],
    donor: tuple[str | None, str, str],
) -> None:
    org_ref, org_name = org
    us = (org_ref, ORG_TYPE_NATIONAL_NGO, org_name)
    income = m.Income
    raw_amount = type_coerce(income.amount, BigInteger)
    tranches = session.execute(
        select(income.received_on, raw_amount, income.currency, income.reference)
        .where(
            income.project_id == project.id,
            income.kind == vocab.IncomeKind.GRANT_TRANCHE,
            income.received_on <= as_of,
        )
        .order_by(income.received_on, income.id)
    ).all()
    for received_on, cents, currency, reference in tranches:
        text = t.label(vocab.IncomeKind.GRANT_TRANCHE)
        _transaction(
            activity,
            b,
            code="1",
            day=received_on,
            amount=_cents(cents),
            currency=None if currency == project.currency else currency,
            description=f"{text} {reference}" if reference else text,
            typed=False,
            provider=donor,
            receiver=us,
        )
    month = month_start(income.received_on).label("month")
    others = session.execute(
        select(month, income.currency, func.sum(raw_amount), func.max(income.received_on))
        .where(
            income.project_id == project.id,
            income.kind != vocab.IncomeKind.GRANT_TRANCHE,
            income.received_on <= as_of,
        )
        .group_by(month, income.currency)
        .order_by(month, income.currency)
    ).all()
    for _month, currency, cents, last_day in others:
        _transaction(
            activity,
            b,
            code="1",
            day=last_day,
            amount=_cents(cents),
            currency=None if currency == project.currency else currency,
            description=t(N_("Donations and other income of {month}")).format(
                month=_month_name(last_day, t.language)
            ),
            typed=False,
            provider=(None, None, t(N_("Several payers (not named in public files)"))),
            receiver=us,
        )
    e = m.Expense
    expense_month = month_start(e.spent_on).label("month")
    spending = session.execute(
        select(expense_month, func.sum(budget.EXPENSE_CENTS), func.max(e.spent_on))
        .where(e.project_id == project.id, e.spent_on <= as_of)
        .group_by(expense_month)
        .order_by(expense_month)
    ).all()
    for _month, cents, last_day in spending:
        _transaction(
            activity,
            b,
            code="4",
            day=last_day,
            amount=_cents(cents),
            currency=None,
            description=t(N_("Expenditure of {month}")).format(
                month=_month_name(last_day, t.language)
            ),
            typed=False,
            provider=us,
            receiver=(None, None, t(N_("Several payees (not named in public files)"))),
        )


def _month_name(day: dt.date, language: str) -> str:
    return babel_dates.format_date(day, "LLLL y", locale=i18n.LOCALES[language])


# --- results ------------------------------------------------------------------------------------


def _results(
    session: Session,
    activity: etree._Element,
    b: _Builder,
    t: Texts,
    project: m.Project,
    *,
    as_of: dt.date,
    threshold: int,
) -> None:
    results = logframe.ordered_results(session, project.id)
    indicators = session.scalars(
        select(m.Indicator)
        .where(m.Indicator.result_id.in_([r.id for r in results]))
        .order_by(m.Indicator.sort_order, m.Indicator.id)
    ).all()
    by_result: dict[int, list[m.Indicator]] = {}
    for indicator in indicators:
        by_result.setdefault(indicator.result_id, []).append(indicator)
    v = m.IndicatorValue
    values: dict[int, dict[tuple[dt.date, dt.date], dict[str | None, Decimal]]] = {}
    for indicator_id, start, end, sex, value in session.execute(
        select(v.indicator_id, v.period_start, v.period_end, v.sex, v.value)
        .where(v.indicator_id.in_([i.id for i in indicators]), v.period_start <= as_of)
        .order_by(v.period_start, v.period_end)
    ):
        values.setdefault(indicator_id, {}).setdefault((start, end), {})[sex] = value
    for result in results:
        mine = by_result.get(result.id)
        if not mine:
            continue  # IATI wants at least one indicator per result
        element = etree.SubElement(
            activity, "result", {"type": RESULT_TYPE[vocab.ResultLevel(result.level)]}
        )
        b.text_element(element, "title", f"{result.code} {result.title}", typed=True)
        for indicator in mine:
            _indicator(element, b, t, project, indicator, values.get(indicator.id, {}), threshold)


def _indicator(
    result: etree._Element,
    b: _Builder,
    t: Texts,
    project: m.Project,
    indicator: m.Indicator,
    periods: dict[tuple[dt.date, dt.date], dict[str | None, Decimal]],
    threshold: int,
) -> None:
    percentage = _is_percentage(indicator.unit)
    ascending = not (
        indicator.baseline_value is not None
        and indicator.target_value is not None
        and indicator.target_value < indicator.baseline_value
    )
    element = etree.SubElement(
        result,
        "indicator",
        {"measure": "2" if percentage else "1", "ascending": "1" if ascending else "0"},
    )
    b.text_element(element, "title", f"{indicator.code} {indicator.title}", typed=True)
    if indicator.means_of_verification and indicator.means_of_verification.strip():
        b.text_element(element, "description", indicator.means_of_verification.strip(), typed=True)
    if indicator.baseline_value is not None:
        year = indicator.baseline_year or project.start_date.year
        etree.SubElement(
            element, "baseline", {"year": str(year), "value": _number(indicator.baseline_value)}
        )
    counts_people = not percentage and (
        indicator.method == vocab.IndicatorMethod.PEOPLE_REACHED or indicator.disaggregate_sex
    )
    for (start, end), recorded in sorted(periods.items()):
        if end <= start:
            continue  # IATI needs a period that ends after it starts
        period = etree.SubElement(element, "period")
        _dated(period, "period-start", start)
        _dated(period, "period-end", end)
        _actuals(period, b, t, recorded, counts_people=counts_people, threshold=threshold)
    if indicator.target_value is not None:
        end = project.end_date
        if indicator.target_year and indicator.target_year >= project.start_date.year:
            end = min(end, dt.date(indicator.target_year, 12, 31))
        if end > project.start_date:
            period = etree.SubElement(element, "period")
            _dated(period, "period-start", project.start_date)
            _dated(period, "period-end", end)
            etree.SubElement(period, "target", {"value": _number(indicator.target_value)})


def _actuals(
    period: etree._Element,
    b: _Builder,
    t: Texts,
    recorded: dict[str | None, Decimal],
    *,
    counts_people: bool,
    threshold: int,
) -> None:
    def small(value: Decimal) -> bool:
        return counts_people and 0 < value < threshold

    total = recorded.get(None)
    by_sex = [(sex, value) for sex, value in recorded.items() if sex is not None]
    by_sex.sort(key=lambda item: list(vocab.Sex).index(vocab.Sex(item[0])))
    sex_withheld = any(small(value) for _sex, value in by_sex)
    comments = []
    if total is not None and small(total):
        comments.append(
            t(N_("Fewer than {n} people: the count is withheld to protect privacy.")).format(
                n=threshold
            )
        )
    if sex_withheld:
        comments.append(
            t(
                N_(
                    "Counts by sex are withheld: one of them is under {n} people and could "
                    "identify a person."
                )
            ).format(n=threshold)
        )
    if total is not None or comments:
        actual = etree.SubElement(period, "actual")
        if total is not None and not small(total):
            actual.set("value", _number(total))
        if comments:
            b.text_element(actual, "comment", " ".join(comments))
    if sex_withheld:
        return
    for sex, value in by_sex:
        actual = etree.SubElement(period, "actual", {"value": _number(value)})
        etree.SubElement(actual, "dimension", {"name": "sex", "value": str(sex)})
