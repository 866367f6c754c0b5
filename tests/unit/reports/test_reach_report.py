"""The people-reached (SADD) report on data built here, with answers counted by hand; its PDF
and workbook read back; its total against the dashboard's on the workshop file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
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
from cso_desktop.reports.reach import build_reach_report
from cso_desktop.reports.xlsx import render_xlsx

D = dt.date
START, END, AS_OF = D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 15)
ORGANISATION = "Gənclər Təşəbbüsü İctimai Birliyi"
#: The day the shared workshop file leads up to (tests/conftest.py).
DEMO_AS_OF = D(2026, 6, 30)


class World:
    """Project P1: a training in Şəki (A1), a health activity (A2) and a training (A3) in Qəbələ.

    Reached in 2026 in P1 (4 people, 2 households, 6 services, 5 sessions):
    * p1, woman, 18 on the day of her first service (her birthday), no disability, household
      H1: served in A1 (Şəki) and A2 (Qəbələ) — two rayons, two kinds of activity;
    * p2, girl, 17 on her first service (the day before her 18th birthday), H1: A1;
    * p3, man, 66, with a disability, internally displaced, H2: A2;
    * p4, man, age unknown, disability not asked, no household: A3 twice.
    Not counted: p5, served only in 2025; p6 (a woman of 46), served in project P2 — counted for
    all projects.
    """

    def __init__(self, session) -> None:
        self.session = session
        organisation = session.scalars(select(m.Organisation)).one()
        organisation.name = ORGANISATION
        self.p1_project = self.project("P1")
        p2_project = self.project("P2")
        a1 = self.activity(self.p1_project, "A1", vocab.ActivityType.TRAINING, "AZ-SAK")
        a2 = self.activity(self.p1_project, "A2", vocab.ActivityType.HEALTH, "AZ-QAB")
        a3 = self.activity(self.p1_project, "A3", vocab.ActivityType.TRAINING, "AZ-QAB")
        other = self.activity(p2_project, "B1", vocab.ActivityType.TRAINING, "AZ-SAK")
        h1, h2 = self.household("H1"), self.household("H2")
        p1 = self.person(vocab.Sex.FEMALE, D(2008, 3, 15), h1, has_disability=False)
        p2 = self.person(vocab.Sex.FEMALE, D(2008, 3, 16), h1, has_disability=False)
        p3 = self.person(
            vocab.Sex.MALE,
            D(1960, 1, 1),
            h2,
            has_disability=True,
            displacement_status=vocab.DisplacementStatus.IDP,
        )
        p4 = self.person(vocab.Sex.MALE, None, None)
        p5 = self.person(vocab.Sex.FEMALE, D(1990, 6, 1), None, has_disability=False)
        p6 = self.person(vocab.Sex.FEMALE, D(1980, 1, 1), None, has_disability=False)
        self.serve(p1, a1, D(2026, 3, 15))
        self.serve(p1, a2, D(2026, 4, 1))
        self.serve(p2, a1, D(2026, 3, 15))
        self.serve(p3, a2, D(2026, 2, 1))
        self.serve(p4, a3, D(2026, 5, 1))
        self.serve(p4, a3, D(2026, 5, 2))
        self.serve(p5, a1, D(2025, 12, 31))
        self.serve(p6, other, D(2026, 6, 1))

    def add(self, row):
        self.session.add(row)
        self.session.flush()
        return row

    def project(self, code):
        return self.add(
            m.Project(
                code=code,
                title=f"Gənclərin məşğulluğu {code}",
                donor_kind=vocab.DonorKind.EU,
                donor_name="Avropa İttifaqı",
                currency="EUR",
                start_date=D(2025, 1, 1),
                end_date=D(2027, 12, 31),
                status=vocab.ProjectStatus.IMPLEMENTATION,
            )
        )

    def activity(self, project, code, kind, rayon):
        return self.add(
            m.Activity(
                project_id=project.id,
                code=code,
                title=code,
                activity_type=kind,
                rayon_code=rayon,
                status=vocab.ActivityStatus.ONGOING,
            )
        )

    def household(self, code):
        return self.add(m.Household(code=code))

    _numbers = 0

    def person(self, sex, born, household, **extra):
        World._numbers += 1
        return self.add(
            m.Beneficiary(
                registration_no=f"B{World._numbers:04d}",
                registered_on=D(2025, 1, 1),
                first_name="Aygün",
                last_name="Məmmədova",
                sex=sex,
                date_of_birth=born,
                household_id=household.id if household else None,
                displacement_status=extra.pop("displacement_status", vocab.DisplacementStatus.NONE),
                **extra,
            )
        )

    def serve(self, person, activity, on):
        self.add(
            m.ServiceDelivery(
                activity_id=activity.id,
                beneficiary_id=person.id,
                delivered_on=on,
                service_type=vocab.ServiceType.TRAINING_SESSION,
            )
        )


@pytest.fixture
def world(db: db_engine.Database) -> World:
    with db.transaction() as session:
        return World(session)


def build(db: db_engine.Database, *, project_id: int | None, language: str = "en", **dates):
    period = {"start": START, "end": END, "as_of": AS_OF, **dates}
    with db.reading() as session, i18n.using_language(language):
        return build_reach_report(session, project_id=project_id, **period)


def table(document: Document, title: str) -> Table:
    (found,) = [t for t in document.tables() if t.title == title]
    return found


def rows(document: Document, title: str) -> dict[str, tuple]:
    found = table(document, title)
    return {row[0]: row[1:] for row in found.all_rows()}


def key_figures(document: Document) -> dict[str, object]:
    return {
        item.label: item.value
        for block in document.blocks
        if isinstance(block, KeyFigures)
        for item in block.items
    }


def test_people_are_counted_once_by_sex_age_disability_and_displacement(db, world) -> None:
    document = build(db, project_id=world.p1_project.id)

    assert key_figures(document) == {
        "People reached": 4,
        "Households reached": 2,
        "People with a disability": 1,
        "Services delivered": 6,
    }
    # Columns: women and girls, men and boys, other sex, sex not recorded, total.
    ages = rows(document, "People reached by sex and age group")
    assert ages["13–17"] == (1, 0, 0, 0, 1)  # p2: the day before her 18th birthday
    assert ages["18–29"] == (1, 0, 0, 0, 1)  # p1: served on her 18th birthday
    assert ages["60–69"] == (0, 1, 0, 0, 1)
    assert ages["Age not known"] == (0, 1, 0, 0, 1)
    assert ages["0–5"] == ages["80+"] == (0, 0, 0, 0, 0)
    assert ages["Total"] == (2, 2, 0, 0, 4)
    broad = rows(document, "People reached by sex: children, adults, older people")
    assert broad == {
        "0–17": (1, 0, 0, 0, 1),
        "18–59": (1, 0, 0, 0, 1),
        "60+": (0, 1, 0, 0, 1),
        "Age not known": (0, 1, 0, 0, 1),
        "Total": (2, 2, 0, 0, 4),
    }
    assert rows(document, "People reached by disability") == {
        "With a disability": (0, 1, 0, 0, 1),
        "Without a disability": (2, 0, 0, 0, 2),
        "Not asked": (0, 1, 0, 0, 1),
        "Total": (2, 2, 0, 0, 4),
    }
    displacement = rows(document, "People reached by displacement status")
    assert displacement["Internally displaced"] == (0, 1, 0, 0, 1)
    assert displacement["Not displaced"] == (2, 1, 0, 0, 3)
    assert displacement["Total"] == (2, 2, 0, 0, 4)


def test_a_person_in_two_rayons_counts_in_both_and_once_in_the_total(db, world) -> None:
    document = build(db, project_id=world.p1_project.id)

    # People reached, women and girls, men and boys, 0–17, 18–59, 60+, with a disability.
    by_rayon = table(document, "People reached by rayon")
    assert not by_rayon.total_is_sum
    assert "once in the total" in (by_rayon.note or "")
    assert rows(document, "People reached by rayon") == {
        "Gabala": (3, 1, 2, 0, 1, 1, 1),  # p1, p3, p4 (English names in English)
        "Sheki": (2, 2, 0, 1, 1, 0, 0),  # p1, p2
        "Total (unique people)": (4, 2, 2, 1, 1, 1, 1),
    }
    assert rows(document, "People reached by kind of activity") == {
        "Health": (2, 1, 1, 0, 1, 1, 1),  # p1, p3
        "Training": (3, 2, 1, 1, 1, 0, 0),  # p1, p2, p4
        "Total (unique people)": (4, 2, 2, 1, 1, 1, 1),
    }
    # Services are counted apart, and named as such: p4 came twice.
    assert rows(document, "Services delivered and sessions held by kind of activity") == {
        "Health": (2, 2),
        "Training": (3, 4),
        "Total": (5, 6),
    }


def test_all_projects_and_the_period_change_who_counts(db, world) -> None:
    everyone = build(db, project_id=None)
    assert key_figures(everyone)["People reached"] == 5  # p6, in project P2, too
    assert rows(everyone, "People reached by sex and age group")["40–49"] == (1, 0, 0, 0, 1)

    december = build(db, project_id=None, start=D(2025, 12, 1), end=D(2025, 12, 31))
    assert key_figures(december)["People reached"] == 1  # p5 alone


def test_nothing_in_the_period_says_what_to_do(db, world) -> None:
    with pytest.raises(ValidationError) as raised:
        build(db, project_id=world.p1_project.id, start=D(2024, 1, 1), end=D(2024, 12, 31))
    message = raised.value.user_message
    assert "No one received a service in project “P1”" in message
    assert "choose another period" in message
    with pytest.raises(ValidationError, match="no longer exists"):
        build(db, project_id=9999)
    with pytest.raises(ValidationError, match="ends before it starts"):
        build(db, project_id=None, start=END, end=START)


def _pdf_text(path: Path) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


@pytest.mark.parametrize(
    ("language", "period"),
    [("az", "1 yanvar 2026 – 31 dekabr 2026"), ("ru", "1 января 2026 г. – 31 декабря 2026 г.")],
)
def test_pdf_and_workbook_read_back(db, world, tmp_path, language, period) -> None:
    document = build(db, project_id=world.p1_project.id, language=language)
    assert document.language == language

    text = _pdf_text(render_pdf(document, tmp_path / "reach.pdf"))
    assert ORGANISATION in text  # ə, ş, ü and İ intact
    assert period in text
    assert "Şəki" in text and "Qəbələ" in text
    assert {"az": "Cəmi", "ru": "Итого"}[language] in text

    book = load_workbook(render_xlsx(document, tmp_path / "reach.xlsx"))
    ages = _sheet_rows(book, document.tables()[0].title)
    assert ages[-1][1:] == (2, 2, 0, 0, 4)  # the total row, numbers as numbers
    assert all(isinstance(value, int) for row in ages for value in row[1:])


def _sheet_rows(book, title: str) -> list[tuple]:
    (sheet,) = [s for s in book.worksheets if s["A1"].value == title]
    assert isinstance(sheet, Worksheet)
    found = []
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if row[0] is None:
            break
        found.append(row)
    return found


def test_the_total_is_the_dashboards_people_reached(demo_file: Path) -> None:
    database = db_engine.open_readonly(demo_file)
    try:
        with database.reading() as session:
            dashboard = data.people_reached(session, data.Scope.year(DEMO_AS_OF.year))
            document = build_reach_report(
                session,
                project_id=None,
                start=D(2026, 1, 1),
                end=D(2026, 12, 31),
                as_of=DEMO_AS_OF,
            )
    finally:
        database.close()
    assert dashboard.total > 0
    assert key_figures(document)["People reached"] == dashboard.total
    assert rows(document, "People reached by sex and age group")["Total"][-1] == dashboard.total
    assert key_figures(document)["Households reached"] == dashboard.households
