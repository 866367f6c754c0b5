"""The donor progress report: key figures, logframe, activities, people reached, volunteers and
the financial summary, with figures known by hand (see progress_world) and equal to the
dashboard's (reports.data, reports.budget)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import places
from cso_desktop.domain.errors import ValidationError
from cso_desktop.reports import budget, data
from cso_desktop.reports.document import BarChart, Document, KeyFigures, RowStyle, Table
from cso_desktop.reports.pdf import render_pdf
from cso_desktop.reports.progress import build_progress_report
from cso_desktop.reports.xlsx import render_xlsx

from .progress_world import (
    BUDGET_TOTAL,
    END,
    ORGANISATION,
    START,
    D,
    ProgressWorld,
    pdf_text,
    sheet_rows,
    table_sheet,
    xlsx_exact,
)

M = Decimal


@pytest.fixture
def world(db):
    with db.transaction() as session:
        yield ProgressWorld(session)


def build(world, language="en", **dates) -> Document:
    dates = {"start": START, "end": END, "as_of": END, **dates}
    with i18n.using_language(language):
        return build_progress_report(world.session, project_id=world.project.id, **dates)


def table(document: Document, title: str) -> Table:
    (found,) = [t for t in document.tables() if t.title == title]
    return found


def key_figures(document: Document) -> dict[str, object]:
    return {
        item.label: item.value
        for block in document.blocks
        if isinstance(block, KeyFigures)
        for item in block.items
    }


def test_key_figures_count_unique_people_in_the_period(world):
    figures = key_figures(build(world))
    assert figures["People reached"] == 5  # 6 by activity, 5 people
    assert figures["Women and girls"] == 3
    assert figures["Men and boys"] == 2
    assert figures["People with disabilities"] == 2
    assert figures["Displaced people (IDPs and refugees)"] == 2
    assert figures["Services delivered"] == 7
    assert figures["Activities completed"] == 1
    assert figures["Volunteer hours"] == M("17.5")
    assert figures["Volunteers involved"] == 2


def test_the_key_figures_are_the_dashboards(world):
    figures = key_figures(build(world))
    scope = data.Scope(START, END, project_id=world.project.id)
    reach = data.people_reached(world.session, scope)
    assert figures["People reached"] == reach.total
    assert figures["Women and girls"] == reach.by_sex()[data.vocab.Sex.FEMALE]
    assert figures["Services delivered"] == data.services_delivered(world.session, scope)
    assert figures["Volunteer hours"] == data.volunteer_hours(world.session, scope)
    assert figures["Volunteers involved"] == data.volunteers_involved(world.session, scope)


def test_logframe_rows_values_and_levels(world):
    logframe = table(build(world), "Logframe")
    titles = [column.title for column in logframe.columns]
    assert titles == [
        "Results chain",
        "Indicators",
        "Baseline (year)",
        "Current value (30/06/2026)",
        "Target (year)",
        "Sources and means of verification",
    ]
    rows = {row[1]: (row, logframe.style(i)) for i, row in enumerate(logframe.rows)}
    assert list(rows) == [
        "OO.1 Yoxsul ailələrin payı (%)",
        "SO1.1 İşə düzələn gənclər (nəfər)",
        "Op1.1 Təlim keçmiş gənclər (nəfər)",
        "Op1.2 Təlim sessiyaları (sessiya)",
        "Op1.3 Könüllü saatları (saat)",
    ]
    poverty, style = rows["OO.1 Yoxsul ailələrin payı (%)"]
    assert style is RowStyle.HEADING
    assert poverty[0] == "Overall objective (impact)\nOO Gənclərin rifahı yaxşılaşır"
    # No value for exactly the period: the latest one recorded within it.
    assert poverty[2:5] == ("46 (2025)", "41.5", "35 (2027)")
    assert "the latest recorded, for 01/04/2026 – 30/06/2026" in poverty[5]
    assert poverty[5].startswith("Sorğu\n")
    employed, style = rows["SO1.1 İşə düzələn gənclər (nəfər)"]
    assert style is RowStyle.SUBTOTAL
    assert employed[2:5] == ("0", "30 (F 18, M 12)", "40")  # recorded for the period
    assert "recorded for the period. Source: Monitorinq sorğusu" in employed[5]
    trained, style = rows["Op1.1 Təlim keçmiş gənclər (nəfər)"]
    assert style is RowStyle.INDENTED
    assert trained[0].startswith("Output\nOp1 ")
    # Computed now: the training reached P1 (F), P2 (M) and P3 (F).
    assert trained[3] == "3 (F 2, M 1)"
    assert "computed on 30/06/2026" in trained[5]
    sessions, _style = rows["Op1.2 Təlim sessiyaları (sessiya)"]
    assert sessions[0] == ""  # the result's cell is on its first indicator only
    assert sessions[3] == "99"  # recorded for the period, though it could be computed (3)
    hours, _style = rows["Op1.3 Könüllü saatları (saat)"]
    assert hours[3] == "17.5"
    assert "computed" in logframe.note


def test_logframe_values_in_russian(world):
    logframe = build(world, "ru").tables()[0]
    currents = [row[3] for row in logframe.rows]
    assert currents[0] == "41,5"
    assert currents[4] == "17,5"


def test_activities_planned_and_done(world):
    document = build(world)
    activities = table(document, "Activities planned and done")
    assert [row[0] for row in activities.rows] == ["A1", "A2"]  # A3 starts after the period
    a1, a2 = activities.rows
    assert a1[1:] == (
        "Peşə təlimi",
        "Training",
        places.place_name("AZ-SAK", "en"),
        D(2026, 2, 1),
        D(2026, 5, 31),
        "Completed",
        2,
        3,
    )
    assert a2[3] == places.place_name("AZ-QAB", "en")
    assert a2[7:] == (1, 3)
    # Sessions add up; people are counted once across the activities (P1 in both).
    assert activities.total_row[7:] == (3, 5)
    assert not activities.total_is_sum
    statuses = table(document, "Activities by status")
    assert dict(statuses.rows) == {"Planned": 0, "Ongoing": 1, "Completed": 1, "Cancelled": 0}
    assert statuses.total_row[1] == 2


def test_people_by_age_group_at_the_18th_birthday(world):
    document = build(world)
    fine = table(document, "People reached by age group and sex")
    assert [c.title for c in fine.columns] == [
        "Age group",
        "Female",
        "Male",
        "Total",
        "With disabilities",
        "Displaced (IDPs, refugees)",
    ]
    rows = {row[0]: row[1:] for row in fine.rows}
    # P1, served the day before her 18th birthday, is 17; P2, served on his, is 18.
    assert rows["13–17"] == (1, 0, 1, 1, 1)
    assert rows["18–29"] == (0, 1, 1, 0, 0)
    assert rows["30–39"] == (1, 0, 1, 0, 0)  # P3, a returnee: not counted as displaced
    assert rows["40–49"] == (0, 1, 1, 0, 0)
    assert rows["60–69"] == (1, 0, 1, 1, 1)
    assert sum(sum(r[:2]) for r in rows.values()) == 5
    assert fine.total_row[1:] == (3, 2, 5, 2, 2)
    broad = table(document, "People reached: children, adults and older people")
    assert [row[0] for row in broad.rows] == ["0–17", "18–59", "60+"]
    assert [row[1:4] for row in broad.rows] == [(1, 0, 1), (1, 2, 3), (1, 0, 1)]
    chart = next(b for b in document.blocks if isinstance(b, BarChart))
    assert chart.categories[2] == "13–17"
    assert [s.values[2] for s in chart.series] == [1, 0]


def test_people_by_disability_and_displacement(world):
    document = build(world)
    disability = table(document, "People reached by disability and sex")
    # With: P1 and P4 (women); without: P2 and P5 (men); not asked: P3.
    assert [row[1:] for row in disability.rows] == [(2, 0, 2), (0, 2, 2), (1, 0, 1)]
    displacement = table(document, "People reached by displacement status and sex")
    rows = {row[0]: row[1:] for row in displacement.rows}
    assert rows["Internally displaced"] == (1, 0, 1, 1)
    assert displacement.total_row[1:] == (3, 2, 5, 2)


def test_other_sexes_get_a_column_when_someone_has_them(world):
    person = world.add(
        m.Beneficiary(
            registration_no="B0099",
            registered_on=D(2026, 1, 1),
            sex=data.vocab.Sex.UNKNOWN,
            estimated_age=30,
            age_estimated_on=D(2026, 1, 1),
            displacement_status=data.vocab.DisplacementStatus.NONE,
            is_anonymous=True,
        )
    )
    world.add(
        m.ServiceDelivery(
            activity_id=world.training.id,
            beneficiary_id=person.id,
            delivered_on=D(2026, 3, 10),
            service_type=data.vocab.ServiceType.TRAINING_SESSION,
        )
    )
    fine = table(build(world), "People reached by age group and sex")
    assert [c.title for c in fine.columns][1:4] == ["Female", "Male", "Unknown"]
    assert fine.total_row[1:5] == (3, 2, 1, 6)


def test_volunteer_hours_by_month(world):
    document = build(world)
    (chart,) = [b for b in document.blocks if isinstance(b, BarChart) and "Volunteer" in b.title]
    assert chart.categories[2:4] == ("March 2026", "April 2026")
    assert chart.series[0].values == (0, 0, M("10"), M("7.5"), 0, 0)


def test_financial_summary_is_the_budget_pages(world):
    summary = table(build(world), "Financial summary by budget heading")
    use = budget.budget_vs_actual(world.session, world.project.id, as_of=END)
    rows = {row[0]: row[1:] for row in summary.rows}
    assert rows["1. Human resources"] == (
        M("12000.00"),
        M("3007.82"),  # December's 1 000.00 too: spending to date
        M("8992.18"),
        M("3007.82") / M("12000.00"),
    )
    assert summary.total_row[1:3] == (BUDGET_TOTAL, M("5075.23"))
    assert summary.total_row[1:3] == (use.total_eligible.budget, use.total_eligible.spent)
    (dashboard,) = budget.budget_use_by_project(world.session, as_of=END)
    assert summary.total_row[2] == dashboard.spent_total


def test_cover_and_signatures(world):
    document = build(world)
    assert document.title == "Donor progress report"
    assert document.organisation_name == ORGANISATION
    meta = dict(document.meta)
    assert meta["Donor"] == "Avropa İttifaqı"
    assert meta["Contract reference"] == "NDICI/2025/777-001"
    assert (meta["Reporting period"].start, meta["Reporting period"].end) == (START, END)


def test_pdf_in_azerbaijani_and_russian(world, tmp_path: Path):
    expected = {
        "az": ("15.745,85", "5.075,23", "17,5", "1 yanvar 2026", "13–17"),
        "ru": ("15 745,85", "5 075,23", "17,5", "1 января 2026", "13–17"),
    }
    for language, texts in expected.items():
        path = render_pdf(build(world, language), tmp_path / f"hesabat-{language}.pdf")
        text = pdf_text(path)
        assert ORGANISATION in text
        for expected_text in texts:
            assert expected_text in text, (language, expected_text)
        assert "Yoxsul ailələrin payı" in text


def test_xlsx_reads_back_the_numbers(world, tmp_path: Path):
    document = build(world, "ru")
    book = load_workbook(render_xlsx(document, tmp_path / "отчёт.xlsx"))
    summary = book.worksheets[0]
    # Key figures: a label and its number (headings have no second cell).
    details = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row[1] is not None}
    for label, value in key_figures(document).items():
        assert xlsx_exact(details[label]) == value, label
    money = document.tables()[-1]
    body, total = sheet_rows(table_sheet(book, money), money)
    assert xlsx_exact(total[1]) == BUDGET_TOTAL
    assert xlsx_exact(total[2]) == M("5075.23")
    fine = document.tables()[3]
    body, total = sheet_rows(table_sheet(book, fine), fine)
    assert [row[1:] for row in body] == [list(row[1:]) for row in fine.rows]
    assert total[3] == 5


def test_errors_say_what_to_do(world):
    with pytest.raises(ValidationError, match="was not found"), i18n.using_language("en"):
        build_progress_report(world.session, project_id=999, start=START, end=END, as_of=END)
    with pytest.raises(ValidationError, match="outside project “EU-7”"):
        build(world, start=D(2025, 1, 1), end=D(2025, 6, 30), as_of=D(2025, 6, 30))


@pytest.mark.parametrize("language", ["az", "ru"])
def test_the_demo_project_builds(demo_file, tmp_path: Path, language):
    database = db_engine.open_readonly(demo_file)
    try:
        with database.transaction() as session:
            project = session.scalars(select(m.Project).where(m.Project.code == "DEMO-EU")).one()
            with i18n.using_language(language):
                document = build_progress_report(
                    session,
                    project_id=project.id,
                    start=D(2025, 4, 1),
                    end=D(2026, 6, 30),
                    as_of=D(2026, 6, 30),
                )
            scope = data.Scope(D(2025, 4, 1), D(2026, 6, 30), project_id=project.id)
            reach = data.people_reached(session, scope, bands=data.age_bands(session))
            session.rollback()
    finally:
        database.close()
    assert document.language == language
    figures = list(key_figures(document).values())
    assert figures[0] == reach.total > 0
    logframe = document.tables()[0]
    assert len(logframe.rows) == 11  # one row per indicator
    assert all(row[3] for row in logframe.rows)  # every indicator has a current value
    render_pdf(document, tmp_path / "demo.pdf")
    render_xlsx(document, tmp_path / "demo.xlsx")
