"""Building any report through the service: every kind on the workshop file, the checks with
their messages, the audit entry, and nothing written by a build that fails."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from pypdf import PdfReader
from sqlalchemy import select

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import places
from cso_desktop.domain.errors import ValidationError
from cso_desktop.reports import go3w, hxl, iati
from cso_desktop.services import org_settings, reporting
from cso_desktop.services.reporting import ReportFormat, ReportRequest

#: How the demo_file fixture (tests/conftest.py) builds the shared workshop file.
DEMO_AS_OF = dt.date(2026, 6, 30)
ORGANISATION_WORD = "Gələcəyə"  # the workshop organisation's name starts with it
EUR_TO_CHF = Decimal("0.93")


def map_go_districts(database: db_engine.Database) -> dict[str, str]:
    mapping = {place.pcode: place.name_en for place in places.rayons()}
    with database.transaction() as session:
        org_settings.put(session, go3w.DISTRICT_SETTING, mapping)
    return mapping


@pytest.fixture
def workshop(demo_copy: Path) -> Iterator[db_engine.Database]:
    """The workshop file (a copy) with its rayons mapped to GO districts."""
    database = db_engine.open_database(demo_copy)
    map_go_districts(database)
    yield database
    database.close()


def request(kind: str, out: Path, **options) -> ReportRequest:
    options.setdefault("language", "az")
    options.setdefault("as_of", DEMO_AS_OF)
    return ReportRequest(kind=kind, out=out, **options)


def build(database: db_engine.Database, kind: str, out: Path, **options):
    return reporting.build_report(database, request(kind, out, **options))


def failure(database: db_engine.Database, kind: str, out: Path, **options) -> str:
    with pytest.raises(ValidationError) as caught:
        build(database, kind, out, **options)
    return caught.value.user_message


def report_entries(database: db_engine.Database) -> list[m.AuditEntry]:
    with database.reading() as session:
        rows = session.scalars(
            select(m.AuditEntry)
            .where(m.AuditEntry.entity == reporting.AUDIT_ENTITY)
            .order_by(m.AuditEntry.id)
        ).all()
        session.expunge_all()
        return list(rows)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- the registry -------------------------------------------------------------------------------


def test_every_kind_is_listed_with_its_formats_and_project_rule():
    kinds = {kind.key: kind for kind in reporting.report_kinds()}
    assert list(kinds) == [
        "donor",
        "reach",
        "volunteers",
        "finance",
        "membership",
        "iati",
        "go3w",
    ]
    formats = {key: [f.value for f in kind.formats] for key, kind in kinds.items()}
    assert formats == {
        "donor": ["pdf", "xlsx"],
        "reach": ["pdf", "xlsx", "csv"],
        "volunteers": ["pdf", "xlsx"],
        "finance": ["pdf", "xlsx"],
        "membership": ["pdf", "xlsx"],
        "iati": ["xml"],
        "go3w": ["csv"],
    }
    required = {k for k, kind in kinds.items() if kind.project is reporting.ProjectUse.REQUIRED}
    assert required == {"donor", "finance", "iati"}
    assert kinds["membership"].project is reporting.ProjectUse.NONE
    assert [k for k, kind in kinds.items() if kind.needs_chf_rates] == ["go3w"]
    for kind in kinds.values():
        with i18n.using_language("az"):
            assert i18n._(kind.title) and i18n._(kind.description)


# --- every kind builds --------------------------------------------------------------------------

CASES = [
    ("donor", "pdf", "DEMO-EU"),
    ("donor", "xlsx", "DEMO-EU"),
    ("reach", "pdf", None),
    ("reach", "xlsx", "DEMO-EU"),
    ("reach", "csv", None),
    ("volunteers", "pdf", None),
    ("volunteers", "xlsx", None),
    ("finance", "pdf", "DEMO-EU"),
    ("finance", "xlsx", "DEMO-EU"),
    ("membership", "pdf", None),
    ("membership", "xlsx", None),
    ("iati", "xml", "DEMO-EU"),
    ("go3w", "csv", "DEMO-EU"),
]


@pytest.mark.parametrize(("kind", "extension", "project"), CASES)
def test_every_kind_builds_on_the_workshop_file_in_azerbaijani(
    workshop: db_engine.Database, tmp_path: Path, kind: str, extension: str, project: str | None
) -> None:
    out = tmp_path / f"{kind}.{extension}"
    steps: list[tuple[int, int]] = []
    result = reporting.build_report(
        workshop,
        request(kind, out, project_code=project, chf_rates={"EUR": EUR_TO_CHF}),
        progress=lambda step, total, _text: steps.append((step, total)),
    )
    assert result.path == out and result.kind == kind
    assert result.format == ReportFormat(extension)
    assert out.is_file() and out.stat().st_size > 0
    assert steps[0] == (0, reporting.STEPS) and steps[-1] == (reporting.STEPS, reporting.STEPS)
    if extension == "pdf":
        assert ORGANISATION_WORD in pdf_text(out)
    elif extension == "xlsx":
        workbook = openpyxl.load_workbook(out)
        assert workbook.sheetnames
        cells = [c for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row]
        assert any(isinstance(c, int | float) for c in cells)
    elif extension == "xml":
        iati.validate_iati(out.read_bytes())
        root = etree.parse(str(out)).getroot()
        assert root.find("iati-activity").get("{http://www.w3.org/XML/1998/namespace}lang") == "az"
    elif kind == "reach":
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        assert tuple(rows[1]) == hxl.HASHTAGS and len(rows) > 2
        assert hxl.readme_path(out).is_file()
    else:
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
        assert tuple(rows[0]) == go3w.HEADER and len(rows) == 2
        assert any("0.93" in note for note in result.notes)  # the rate used is stated
    assert leftovers(tmp_path) == []
    # The window's language is untouched by a report in another one.
    assert i18n.current_language() == "en"


def test_the_period_defaults_to_the_project_dates_or_the_current_year(workshop, tmp_path):
    with workshop.reading() as session:
        project = session.scalars(select(m.Project).where(m.Project.code == "DEMO-EU")).one()
        dates = (project.start_date, project.end_date)
    donor = build(workshop, "finance", tmp_path / "f.xlsx", project_code="DEMO-EU")
    assert (donor.start, donor.end) == dates
    reach = build(workshop, "reach", tmp_path / "r.xlsx")
    assert (reach.start, reach.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    chosen = build(
        workshop,
        "reach",
        tmp_path / "r2.xlsx",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
    )
    assert (chosen.start, chosen.end) == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_a_report_is_written_in_its_own_language(workshop, tmp_path):
    out = tmp_path / "reach.csv"
    build(workshop, "reach", out, language="ru")
    header = next(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    with i18n.using_language("ru"):
        expected = [i18n._(title) for title, _tag in hxl.COLUMNS]
    assert header == expected
    assert i18n.current_language() == "en"


# --- the audit entry ----------------------------------------------------------------------------


def test_each_report_is_audited_without_personal_data(workshop, tmp_path):
    out = tmp_path / "Əliyeva Aynur.xlsx"  # a file name may hold a name: it is not logged
    build(workshop, "finance", out, project_code="DEMO-EU", start=dt.date(2025, 4, 1))
    build(workshop, "iati", tmp_path / "iati.xml", project_code="DEMO-EU")
    finance, iati_entry = report_entries(workshop)
    assert finance.action == "export"
    assert finance.detail == {
        "report": "finance",
        "format": "xlsx",
        "project": "DEMO-EU",
        "start": "2025-04-01",
        "end": "2027-03-31",
        "as_of": "2026-06-30",
        "language": "az",
    }
    assert iati_entry.detail["report"] == "iati"
    assert iati_entry.detail["start"] is None  # IATI covers the whole project
    assert "Əliyeva" not in repr([finance.detail, iati_entry.detail])


# --- what cannot be built -----------------------------------------------------------------------


def test_an_unknown_kind_lists_the_kinds(workshop, tmp_path):
    message = failure(workshop, "budget", tmp_path / "x.pdf")
    assert "budget" in message and "donor" in message and "go3w" in message


def test_a_format_the_kind_is_not_written_in_names_the_ones_it_is(workshop, tmp_path):
    message = failure(workshop, "iati", tmp_path / "iati.pdf", project_code="DEMO-EU")
    assert ".xml" in message and "iati.pdf" in message
    message = failure(workshop, "donor", tmp_path / "donor", project_code="DEMO-EU")
    assert ".pdf, .xlsx" in message
    assert not (tmp_path / "iati.pdf").exists()


def test_a_project_is_asked_for_by_its_code(workshop, tmp_path):
    message = failure(workshop, "donor", tmp_path / "d.pdf", project_code="DEMO-XX")
    assert "DEMO-XX" in message
    assert "DEMO-EU, DEMO-IFRC, DEMO-OWN" in message
    message = failure(workshop, "finance", tmp_path / "f.pdf")
    assert "DEMO-EU, DEMO-IFRC, DEMO-OWN" in message
    message = failure(workshop, "membership", tmp_path / "m.pdf", project_code="DEMO-EU")
    assert "DEMO-EU" in message


def test_the_messages_are_in_the_callers_language(workshop, tmp_path):
    i18n.set_language("az")
    message = failure(workshop, "donor", tmp_path / "d.pdf", project_code="DEMO-XX", language="en")
    with i18n.using_language("az"):
        template = i18n._("There is no project “{code}”. The projects are: {codes}.")
    assert message == template.format(code="DEMO-XX", codes="DEMO-EU, DEMO-IFRC, DEMO-OWN")


def test_a_period_that_ends_before_it_starts(workshop, tmp_path):
    message = failure(
        workshop, "reach", tmp_path / "r.pdf", start=dt.date(2026, 5, 1), end=dt.date(2026, 4, 1)
    )
    assert "check the two dates" in message


def test_no_one_reached_in_the_period(workshop, tmp_path):
    message = failure(
        workshop, "reach", tmp_path / "r.csv", start=dt.date(2001, 1, 1), end=dt.date(2001, 12, 31)
    )
    assert "No one received a service" in message
    assert not (tmp_path / "r.csv").exists()
    assert not hxl.readme_path(tmp_path / "r.csv").exists()


def test_go3w_needs_a_rate_for_each_currency_and_says_what_is_stored(workshop, tmp_path):
    message = failure(workshop, "go3w", tmp_path / "g.csv", project_code="DEMO-EU")
    with workshop.reading() as session:
        stored = go3w.stored_chf_rate(session, "EUR", DEMO_AS_OF)
    assert stored is not None
    assert "EUR" in message and i18n.format_decimal(stored, places=4) in message
    message = failure(
        workshop, "go3w", tmp_path / "g.csv", project_code="DEMO-EU", chf_rates={"EUR": 0}
    )
    assert "more than zero" in message
    message = failure(
        workshop,
        "go3w",
        tmp_path / "g.csv",
        project_code="DEMO-EU",
        chf_rates={"EUR": EUR_TO_CHF},
        reporting_ns=" ",
    )
    assert "National Society" in message


def test_go3w_rayons_without_a_go_district_point_to_settings(demo_copy, tmp_path):
    database = db_engine.open_database(demo_copy)
    try:
        message = failure(
            database,
            "go3w",
            tmp_path / "g.csv",
            project_code="DEMO-EU",
            chf_rates={"EUR": EUR_TO_CHF},
        )
    finally:
        database.close()
    assert "GO district" in message and "Settings" in message
    assert not (tmp_path / "g.csv").exists()


def test_iati_needs_the_voen_and_the_dac_sector(workshop, tmp_path):
    with workshop.transaction() as session:
        session.scalars(
            select(m.Project).where(m.Project.code == "DEMO-OWN")
        ).one().dac_sector_code = None
    message = failure(workshop, "iati", tmp_path / "i.xml", project_code="DEMO-OWN")
    assert "DAC" in message and "DEMO-OWN" in message
    with workshop.transaction() as session:
        organisation = session.scalars(select(m.Organisation)).one()
        organisation.tax_id = None
        organisation.iati_identifier = None
    message = failure(workshop, "iati", tmp_path / "i.xml", project_code="DEMO-EU")
    assert "VÖEN" in message and "Settings" in message


def test_chf_rates_are_read_as_typed():
    assert reporting.chf_rates({"eur": "0,93", "AZN": " ", "USD": "0.8"}) == {
        "EUR": Decimal("0.93"),
        "USD": Decimal("0.8"),
    }
    assert reporting.chf_rate_option("EUR=0.93") == ("EUR", Decimal("0.93"))
    with pytest.raises(ValidationError, match="CUR=RATE"):
        reporting.chf_rate_option("EUR")
    with pytest.raises(ValidationError, match="not a rate to CHF"):
        reporting.chf_rate_option("EUR=abc")


# --- nothing half-written -----------------------------------------------------------------------


def test_a_failed_build_leaves_no_file_and_keeps_an_earlier_one(workshop, tmp_path):
    out = tmp_path / "go3w.csv"
    out.write_text("earlier", encoding="utf-8")
    failure(workshop, "go3w", out, project_code="DEMO-EU")  # no rate
    assert out.read_text(encoding="utf-8") == "earlier"
    missing = tmp_path / "missing" / "reach.pdf"
    message = failure(workshop, "reach", missing)
    assert "missing" in message
    assert leftovers(tmp_path) == []
    assert report_entries(workshop) == []


def test_a_report_goes_to_a_file_not_over_the_organisation_file_or_a_folder(
    demo_copy: Path, tmp_path: Path
) -> None:
    odd = tmp_path / "organisation.xlsx"  # an organisation file with a report's extension
    demo_copy.rename(odd)
    database = db_engine.open_database(odd)
    try:
        before = odd.read_bytes()
        message = failure(database, "reach", odd)
        assert "organisation file" in message
        assert odd.read_bytes() == before
        folder = tmp_path / "reach.pdf"
        folder.mkdir()
        assert "folder" in failure(database, "reach", folder)
    finally:
        database.close()
