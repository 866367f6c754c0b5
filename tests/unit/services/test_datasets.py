"""Data exports with fixed columns, read back from real files."""

from __future__ import annotations

import csv
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.reports import budget as budget_report
from cso_desktop.reports import data
from cso_desktop.services import datasets

ROOT = Path(__file__).resolve().parents[3]


def _xlsx_rows(path: Path) -> list[tuple]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def demo(demo_copy):
    database = db_engine.open_database(demo_copy)
    yield database
    database.close()


def _export(database, kind: str, path: Path) -> datasets.DatasetExport:
    with database.transaction() as session:
        return datasets.export_dataset(session, kind, path=path)


def test_activities_carry_the_figures_of_the_reports(demo, tmp_path):
    result = _export(demo, "activities", tmp_path / "activities.xlsx")
    header, *rows = _xlsx_rows(result.path)
    assert list(header) == [c.key for c in datasets.ACTIVITIES.columns]
    with demo.reading() as session:
        assert len(rows) == session.scalar(select(func.count()).select_from(m.Activity))
        position = {key: header.index(key) for key in header}
        for row in rows:
            activity_id = session.scalar(
                select(m.Activity.id).where(m.Activity.code == row[position["activity_code"]])
            )
            everything = data.Scope(
                dt.date(2000, 1, 1), dt.date(2100, 1, 1), activity_id=activity_id
            )
            assert row[position["people_reached"]] == data.people_reached(session, everything).total
            assert row[position["sessions"]] == data.sessions_held(session, everything)
            assert row[position["services_delivered"]] == data.services_delivered(
                session, everything
            )
            assert Decimal(str(row[position["volunteer_hours"]])) == data.volunteer_hours(
                session, everything
            )
            assert row[position["activity_type"]] in set(vocab.ActivityType)
        # Dates are real dates in Excel.
        started = [r[position["planned_start"]] for r in rows if r[position["planned_start"]]]
        assert started and all(isinstance(d, dt.datetime) for d in started)


def test_attendance_names_people_by_registration_number_only(demo, tmp_path):
    result = _export(demo, "attendance", tmp_path / "attendance.csv")
    header, *rows = _csv_rows(result.path)
    assert header == [c.key for c in datasets.ATTENDANCE.columns]
    with demo.reading() as session:
        assert len(rows) == session.scalar(select(func.count()).select_from(m.ServiceDelivery))
        numbers = set(session.scalars(select(m.Beneficiary.registration_no)))
        personal = {
            value
            for first, last, phone, fin in session.execute(
                select(
                    m.Beneficiary.first_name,
                    m.Beneficiary.last_name,
                    m.Beneficiary.phone,
                    m.Beneficiary.national_id,
                )
            )
            for value in (f"{first} {last}", phone, fin)
            if value and "None" not in value
        }
    assert {row[3] for row in rows} <= numbers
    # Staff who recorded the services are named (``recorded_by``); the people served are not.
    assert header[-1] == "recorded_by"
    text = "\n".join(",".join(row[:-1]) for row in rows)
    assert personal
    assert not any(value in text for value in personal)
    # ISO dates and codes, whatever the language.
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[2]) for row in rows)
    assert {row[4] for row in rows} <= {s.value for s in vocab.ServiceType}


def test_expenses_are_converted_with_their_stored_rates(demo, tmp_path):
    result = _export(demo, "expenses", tmp_path / "expenses.xlsx")
    header, *rows = _xlsx_rows(result.path)
    position = {key: header.index(key) for key in header}
    converted_total = Decimal(0)
    for row in rows:
        amount = Decimal(str(row[position["amount"]]))
        rate = Decimal(str(row[position["rate_to_project"]]))
        converted = Decimal(str(row[position["amount_project_currency"]]))
        assert converted == budget_report.convert(amount, rate)
        if row[position["project_code"]] == "DEMO-EU":
            converted_total += converted
    with demo.reading() as session:
        eu = session.scalar(select(m.Project.id).where(m.Project.code == "DEMO-EU"))
        use = budget_report.budget_vs_actual(session, eu)
    assert converted_total == use.subtotal_direct.spent
    assert {r[position["currency"]] for r in rows} >= {"AZN", "EUR"}


def test_budget_lines_match_budget_against_actual(demo, tmp_path):
    result = _export(demo, "budget", tmp_path / "budget.csv")
    header, *rows = _csv_rows(result.path)
    position = {key: header.index(key) for key in header}
    with demo.reading() as session:
        projects = dict(session.execute(select(m.Project.code, m.Project.id)).all())
        for row in rows:
            use = budget_report.budget_vs_actual(session, projects[row[position["project_code"]]])
            line = next(
                line
                for heading in use.headings
                for line in heading.lines
                if line.line_code == row[position["line_code"]]
            )
            assert Decimal(row[position["budget"]]) == line.budget
            assert Decimal(row[position["spent"]]) == line.spent
            assert Decimal(row[position["remaining"]]) == line.budget - line.spent
        assert len(rows) == session.scalar(select(func.count()).select_from(m.BudgetLine))


def test_an_export_is_audited_and_a_bad_name_writes_nothing(demo, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValidationError):
        _export(demo, "budget", out / "budget.pdf")
    with pytest.raises(ValidationError):
        _export(demo, "people", out / "people.csv")
    assert list(out.iterdir()) == []
    _export(demo, "expenses", out / "expenses.csv")
    with demo.reading() as session:
        entry = session.scalars(
            select(m.AuditEntry).order_by(m.AuditEntry.id.desc()).limit(1)
        ).one()
        assert entry.action == vocab.AuditAction.EXPORT
        assert entry.entity == "expenses"
        assert entry.detail["rows"] == session.scalar(select(func.count()).select_from(m.Expense))


def test_the_readme_lists_the_columns_of_every_export():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    generated = readme.split("<!-- datasets:begin", 1)[1].split("-->", 1)[1]
    generated = generated.split("<!-- datasets:end -->", 1)[0]
    assert generated.strip() == datasets.columns_markdown().strip(), (
        "README's data export columns are stale: paste datasets.columns_markdown() in"
    )
