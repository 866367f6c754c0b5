"""The volunteers report (FDRS-style) on data built here, with answers counted by hand: who
volunteered, FDRS age bands at a birthday boundary, insured or not, first aid valid or expired,
hours; its PDF and workbook read back."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.reports import data
from cso_desktop.reports.document import Document, KeyFigures, Table
from cso_desktop.reports.pdf import render_pdf
from cso_desktop.reports.volunteering import build_volunteers_report
from cso_desktop.reports.xlsx import render_xlsx
from cso_desktop.services import volunteers

D = dt.date
START, END = D(2026, 1, 1), D(2026, 12, 31)
ORGANISATION = "Gənclər Təşəbbüsü İctimai Birliyi"
#: v1's hours: 42 days of 24 hours in January and February, and half an hour on 1 March.
V1_HOURS = Decimal("1008.5")
TOTAL_HOURS = V1_HOURS + 3 + 2 + 1  # 1 014.5


class World:
    """Volunteers, checked on 31 December 2026 (ages taken that day):

    * v1, woman, 18 on 31 Dec 2026 (her birthday): insured all year, first aid valid to 2027;
    * v2, man, 17 on 31 Dec 2026 (turns 18 the next day): insurance ended 30 Jun 2026, first
      aid expired 30 Nov 2026;
    * v3, man, no date of birth: insurance starts only in 2027; first aid with no expiry date;
      his 2 hours are on project P's activity;
    * v5, woman of 45: a psychosocial (not first-aid) certificate; no insurance;
    * v4, insured and trained, gave hours only in 2025: not volunteering in 2026.
    """

    def __init__(self, session) -> None:
        self.session = session
        session.scalars(select(m.Organisation)).one().name = ORGANISATION
        self.project = self.add(
            m.Project(
                code="P",
                title="Könüllülər şəbəkəsi",
                donor_kind=vocab.DonorKind.IFRC,
                donor_name="IFRC",
                currency="CHF",
                start_date=D(2026, 1, 1),
                end_date=D(2026, 12, 31),
                status=vocab.ProjectStatus.IMPLEMENTATION,
            )
        )
        activity = self.add(
            m.Activity(
                project_id=self.project.id,
                code="A1",
                title="İlk yardım təlimi",
                activity_type=vocab.ActivityType.FIRST_AID,
                status=vocab.ActivityStatus.ONGOING,
            )
        )
        v1 = self.volunteer(1, vocab.Sex.FEMALE, D(2008, 12, 31))
        v2 = self.volunteer(2, vocab.Sex.MALE, D(2009, 1, 1))
        v3 = self.volunteer(3, vocab.Sex.MALE, None)
        v4 = self.volunteer(4, vocab.Sex.FEMALE, D(1950, 5, 5))
        v5 = self.volunteer(5, vocab.Sex.FEMALE, D(1981, 2, 2))
        self.insurance(v1, D(2026, 1, 1), D(2026, 12, 31))
        self.insurance(v2, D(2025, 7, 1), D(2026, 6, 30))
        self.insurance(v3, D(2027, 1, 1), D(2027, 12, 31))
        self.insurance(v4, D(2026, 1, 1), D(2026, 12, 31))
        self.training(v1, vocab.TrainingKind.FIRST_AID, D(2025, 5, 1), D(2027, 5, 1))
        self.training(v2, vocab.TrainingKind.FIRST_AID, D(2024, 11, 30), D(2026, 11, 30))
        self.training(v3, vocab.TrainingKind.FIRST_AID, D(2020, 3, 1), None)
        self.training(v4, vocab.TrainingKind.FIRST_AID, D(2025, 3, 1), None)
        self.training(v5, vocab.TrainingKind.PSYCHOSOCIAL, D(2025, 3, 1), None)
        for day in range(42):
            self.hours(v1, START + dt.timedelta(days=day), "24")
        self.hours(v1, D(2026, 3, 1), "0.5")
        self.hours(v2, D(2026, 3, 10), "3")
        self.hours(v3, D(2026, 7, 1), "2", activity)
        self.hours(v5, D(2026, 5, 5), "1")
        self.hours(v4, D(2025, 12, 31), "8")

    def add(self, row):
        self.session.add(row)
        self.session.flush()
        return row

    def volunteer(self, number, sex, born):
        return self.add(
            m.Volunteer(
                volunteer_no=f"V{number}",
                first_name="Elnur",
                last_name="Quliyev",
                sex=sex,
                date_of_birth=born,
                joined_on=D(2024, 1, 1),
                status=vocab.VolunteerStatus.ACTIVE,
            )
        )

    def insurance(self, volunteer, valid_from, valid_until):
        self.add(
            m.VolunteerInsurance(
                volunteer_id=volunteer.id,
                insurer="Paşa Sığorta",
                policy_no=f"BS-{volunteer.id}-{valid_from.year}",
                valid_from=valid_from,
                valid_until=valid_until,
            )
        )

    def training(self, volunteer, kind, completed_on, expires_on):
        self.add(
            m.VolunteerTraining(
                volunteer_id=volunteer.id,
                kind=kind,
                title="Təlim",
                completed_on=completed_on,
                expires_on=expires_on,
            )
        )

    def hours(self, volunteer, on, hours, activity=None):
        self.add(
            m.VolunteerHours(
                volunteer_id=volunteer.id,
                activity_id=activity.id if activity else None,
                worked_on=on,
                hours=Decimal(hours),
            )
        )


@pytest.fixture
def world(db: db_engine.Database) -> World:
    with db.transaction() as session:
        return World(session)


def build(db, *, project_id=None, language="en", as_of=END, **period) -> Document:
    dates = {"start": START, "end": END, **period}
    with db.reading() as session, i18n.using_language(language):
        return build_volunteers_report(session, project_id=project_id, as_of=as_of, **dates)


def rows(document: Document, title: str) -> dict[str, tuple]:
    (table,) = [t for t in document.tables() if t.title == title]
    assert isinstance(table, Table)
    return {row[0]: row[1:] for row in table.all_rows()}


def key_figures(document: Document) -> dict[str, object]:
    return {
        item.label: item.value
        for block in document.blocks
        if isinstance(block, KeyFigures)
        for item in block.items
    }


def test_people_volunteering_by_sex_and_fdrs_age_band(db, world) -> None:
    document = build(db)

    assert key_figures(document) == {
        "People volunteering": 4,
        "Covered by accident insurance": 1,
        "Trained in first aid": 2,
        "Hours given": TOTAL_HOURS,
    }
    # Women and girls, men and boys, other sex, sex not recorded, total.
    ages = rows(document, "People volunteering by sex and age")
    assert list(ages) == [
        "6–12",
        "13–17",
        "18–29",
        "30–39",
        "40–49",
        "50–59",
        "60–69",
        "70–79",
        "80+",
        "Other (age not known)",
        "Total",
    ]
    assert ages["13–17"] == (0, 1, 0, 0, 1)  # v2, 18 the day after the period
    assert ages["18–29"] == (1, 0, 0, 0, 1)  # v1, 18 on the period's last day
    assert ages["40–49"] == (1, 0, 0, 0, 1)
    assert ages["Other (age not known)"] == (0, 1, 0, 0, 1)
    assert ages["60–69"] == ages["70–79"] == (0, 0, 0, 0, 0)  # v4 gave no hours in 2026
    assert ages["Total"] == (2, 2, 0, 0, 4)
    aggregates = rows(document, "People volunteering: FDRS age aggregates")
    assert aggregates == {"6–29": (1, 1, 0, 0, 2), "18–49": (2, 0, 0, 0, 2)}


def test_insured_and_first_aid_on_the_last_day(db, world) -> None:
    document = build(db)

    insured = rows(document, "Volunteers covered by accident insurance")
    assert insured["18–29"] == (1, 0, 0, 0, 1)  # v1
    assert insured["13–17"] == (0, 0, 0, 0, 0)  # v2's policy ended in June
    assert insured["Other (age not known)"] == (0, 0, 0, 0, 0)  # v3's starts in 2027
    assert insured["Total"] == (1, 0, 0, 0, 1)
    trained = rows(document, "Volunteers trained in first aid")
    assert trained["18–29"] == (1, 0, 0, 0, 1)  # v1, valid to 2027
    assert trained["13–17"] == (0, 0, 0, 0, 0)  # v2's certificate expired in November
    assert trained["Other (age not known)"] == (0, 1, 0, 0, 1)  # v3: no expiry date
    assert trained["40–49"] == (0, 0, 0, 0, 0)  # v5's certificate is not first aid
    assert trained["Total"] == (1, 1, 0, 0, 2)


def test_a_report_made_before_the_period_ends_checks_on_its_date(db, world) -> None:
    document = build(db, as_of=D(2026, 6, 15))

    figures = key_figures(document)
    assert figures["Covered by accident insurance"] == 2  # v2's policy still ran in June
    assert figures["Trained in first aid"] == 3  # and his certificate
    # Ages are still taken on the period's last day.
    assert rows(document, "People volunteering by sex and age")["13–17"] == (0, 1, 0, 0, 1)


def test_the_same_rule_as_the_dashboard_and_the_volunteer_record(db, world) -> None:
    document = build(db)
    with db.reading() as session:
        year = data.Scope(START, END)
        assert key_figures(document)["People volunteering"] == data.volunteers_involved(
            session, year
        )
        assert key_figures(document)["Hours given"] == data.volunteer_hours(session, year)
        by_month = dict(data.volunteer_hours_by_month(session, year))
        v2 = session.scalars(select(m.Volunteer).where(m.Volunteer.volunteer_no == "V2")).one()
        # The record shows the insurance valid on the day asked, with the report's rule.
        assert volunteers.get(session, v2.id, as_of=D(2026, 6, 30)).insured_until == D(2026, 6, 30)
        assert volunteers.get(session, v2.id, as_of=D(2026, 7, 1)).insured_until is None
    hours = rows(document, "Volunteer hours by month")
    assert hours["January 2026"] == (Decimal("744.000"),)  # 31 days of 24 hours
    assert hours["March 2026"] == (Decimal("3.500"),)
    assert [value for (value,) in list(hours.values())[:-1]] == list(by_month.values())
    assert hours["Total"] == (TOTAL_HOURS,)


def test_a_project_counts_the_hours_on_its_activities(db, world) -> None:
    document = build(db, project_id=world.project.id)

    assert key_figures(document)["People volunteering"] == 1  # v3
    assert key_figures(document)["Hours given"] == Decimal("2")


def test_no_hours_in_the_period_says_what_to_do(db, world) -> None:
    with pytest.raises(ValidationError) as raised:
        build(db, start=D(2024, 1, 1), end=D(2024, 12, 31))
    assert "Record the hours volunteers gave" in raised.value.user_message
    with pytest.raises(ValidationError, match="project “P”"):
        build(db, project_id=world.project.id, start=D(2025, 1, 1), end=D(2025, 12, 31))


def _pdf_text(path: Path) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


@pytest.mark.parametrize(
    ("language", "hours", "month"), [("az", "1.014,5", "Yanvar 2026"), ("ru", "1 014,5", "Январь")]
)
def test_pdf_and_workbook_read_back(db, world, tmp_path, language, hours, month) -> None:
    document = build(db, language=language)

    text = _pdf_text(render_pdf(document, tmp_path / "volunteers.pdf"))
    assert ORGANISATION in text
    assert hours in text  # the key figure and the hours table's total
    assert month in text
    assert "18–29" in text

    book = load_workbook(render_xlsx(document, tmp_path / "volunteers.xlsx"))
    sheets = {sheet["A1"].value: sheet for sheet in book.worksheets}
    total = _body(sheets[document.tables()[0].title])[-1]
    assert total[1:] == (2, 2, 0, 0, 4)
    values = [row[1] for row in _body(sheets[document.tables()[-1].title])]
    assert values[-1] == pytest.approx(1014.5)  # a number, not text
    assert values[0] == pytest.approx(744)


def _body(sheet) -> list[tuple]:
    """A table sheet's rows and total row: from under the header to the first empty row."""
    found = []
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if row[0] is None:
            break
        found.append(row)
    return found
