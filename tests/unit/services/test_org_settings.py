"""Organisation settings kept in the data file, read back by the report modules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from cso_desktop.db import models as m
from cso_desktop.domain import places
from cso_desktop.domain.errors import ValidationError
from cso_desktop.domain.validation import FormErrors
from cso_desktop.reports import data as report_data
from cso_desktop.reports import go3w, hxl
from cso_desktop.services import org_settings


def test_the_reallocation_threshold_defaults_to_the_eu_rule_and_can_be_changed(db):
    with db.reading() as session:
        assert org_settings.reallocation_threshold(session) == Decimal("0.25")
    with db.transaction() as session:
        assert org_settings.set_reallocation_threshold(session, "15,5 %") == Decimal("0.155")
    with db.reading() as session:
        assert org_settings.reallocation_threshold(session) == Decimal("0.155")
        actions = session.scalars(select(m.AuditEntry.entity)).all()
        assert "org_setting" in actions


@pytest.mark.parametrize("typed", ["0", "101", "abc", "", "-5", "NaN", "Infinity"])
def test_a_threshold_outside_1_to_100_percent_is_refused_and_nothing_changes(db, typed):
    with db.transaction() as session:
        org_settings.set_reallocation_threshold(session, "20")
    with pytest.raises(ValidationError) as raised, db.transaction() as session:
        org_settings.set_reallocation_threshold(session, typed)
    assert raised.value.field == "reallocation_threshold"
    assert "25" in raised.value.user_message
    with db.reading() as session:
        assert org_settings.reallocation_threshold(session) == Decimal("0.2")


# --- small-count threshold ----------------------------------------------------------------------


def test_the_small_count_threshold_defaults_to_5_and_the_reports_read_what_is_saved(db):
    with db.reading() as session:
        assert org_settings.small_count_threshold(session) == 5
    with db.transaction() as session:
        assert org_settings.set_small_count_threshold(session, " 10 ") == 10
    with db.reading() as session:
        assert hxl.small_count_threshold(session) == 10
        details = session.scalars(select(m.AuditEntry.detail)).all()
    assert {"small_count_threshold": 10} in details


@pytest.mark.parametrize("typed", ["0", "-3", "101", "2,5", "five", "", "²"])
def test_a_small_count_threshold_that_is_not_1_to_100_is_refused(db, typed):
    with pytest.raises(ValidationError) as raised, db.transaction() as session:
        org_settings.set_small_count_threshold(session, typed)
    assert raised.value.field == "small_count_threshold"
    assert "5" in raised.value.user_message
    with db.reading() as session:
        assert hxl.small_count_threshold(session) == 5


# --- age bands ----------------------------------------------------------------------------------


def test_age_bands_default_to_the_fine_bands_that_roll_up(db):
    with db.reading() as session:
        bands = org_settings.age_bands(session)
    assert bands.lower_bounds == (0, 6, 13, 18, 30, 40, 50, 60, 70, 80)
    assert bands.labels[0] == "0–5"
    assert bands.labels[-1] == "80+"
    assert bands.rolls_up
    assert bands.warning() is None
    assert (
        org_settings.format_age_bands(bands.lower_bounds) == "0, 6, 13, 18, 30, 40, 50, 60, 70, 80"
    )


def test_age_bands_typed_are_saved_and_read_by_the_reports(db):
    with db.transaction() as session:
        saved = org_settings.set_age_bands(session, "0; 5 18,  60 ")
    assert saved.lower_bounds == (0, 5, 18, 60)
    assert saved.labels == ("0–4", "5–17", "18–59", "60+")
    assert saved.rolls_up
    with db.reading() as session:
        assert report_data.age_bands(session).lower_bounds == (0, 5, 18, 60)
        details = session.scalars(select(m.AuditEntry.detail)).all()
    assert {"age_bands": [0, 5, 18, 60]} in details


def test_bands_that_do_not_roll_up_are_saved_with_a_warning(db):
    with db.transaction() as session:
        saved = org_settings.set_age_bands(session, [0, 15, 65])
    assert saved.missing_for_rollup == (18, 60)
    warning = saved.warning()
    assert warning is not None
    assert "18, 60" in warning
    assert "0–17" in warning
    with db.reading() as session:
        assert report_data.age_bands(session).lower_bounds == (0, 15, 65)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("6, 13, 18", "start at 0"),
        ("0, 18, 18, 60", "greater"),
        ("0, 60, 18", "greater"),
        ("0, 18, sixty", "whole numbers"),
        ("0, -5", "whole numbers"),
        ("0", "two"),
        ("", "two"),
        ("0, 18, 130", "120"),
    ],
)
def test_bad_age_bands_are_refused_with_an_example_and_nothing_changes(db, typed, words):
    with pytest.raises(ValidationError) as raised, db.transaction() as session:
        org_settings.set_age_bands(session, typed)
    assert raised.value.field == "age_bands"
    assert words in raised.value.user_message
    assert "0, 6, 13, 18, 30, 40, 50, 60, 70, 80" in raised.value.user_message
    with db.reading() as session:
        assert report_data.age_bands(session) == report_data.DEFAULT_BANDS


# --- IFRC GO district names ---------------------------------------------------------------------


def _project_in(session, code, rayons, activity_rayon=None):
    project = m.Project(
        code=code,
        title="Layihə",
        donor_kind="ifrc",
        donor_name="IFRC",
        currency="AZN",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
        status="implementation",
    )
    session.add(project)
    session.flush()
    session.add_all(m.ProjectLocation(project_id=project.id, rayon_code=r) for r in rayons)
    if activity_rayon:
        session.add(
            m.Activity(
                project_id=project.id,
                code=f"{code}-A1",
                title="Təlim",
                activity_type="training",
                rayon_code=activity_rayon,
                status="planned",
            )
        )


def test_district_rows_list_the_rayons_worked_in_first_then_all_others(db):
    with db.transaction() as session:
        _project_in(session, "P-1", ["AZ-SA", "AZ-BA"], activity_rayon="AZ-GA")
    with db.reading() as session:
        rows = org_settings.go_district_rows(session)
    all_rayons = {p.pcode for p in places.rayons()}
    assert len(rows) == len(all_rayons)
    assert {row.code for row in rows} == all_rayons
    assert [row.code for row in rows[:3]] == ["AZ-BA", "AZ-GA", "AZ-SA"]  # Bakı, Gəncə, Şəki
    assert all(row.in_use for row in rows[:3])
    assert not any(row.in_use for row in rows[3:])
    assert rows[0].name_en == "Baku"
    assert all(row.go_name == "" for row in rows)


def test_go_district_names_are_saved_cleaned_and_read_by_the_3w_export(db):
    with db.transaction() as session:
        saved = org_settings.set_go_district_names(
            session, {"AZ-SA": "  Shaki ", "AZ-BA": "Baku", "AZ-GA": "   "}
        )
    assert saved == {"AZ-BA": "Baku", "AZ-SA": "Shaki"}
    with db.reading() as session:
        assert go3w.go_district_names(session) == {"AZ-BA": "Baku", "AZ-SA": "Shaki"}
        assert org_settings.go_district_names(session) == saved
        rows = {row.code: row for row in org_settings.go_district_rows(session)}
        details = session.scalars(select(m.AuditEntry.detail)).all()
    assert rows["AZ-SA"].go_name == "Shaki"
    assert {"go_district_names": 2} in details
    # Saving again replaces the whole mapping: a name cleared is gone.
    with db.transaction() as session:
        org_settings.set_go_district_names(session, {"AZ-SA": "Sheki", "AZ-BA": ""})
    with db.reading() as session:
        assert go3w.go_district_names(session) == {"AZ-SA": "Sheki"}


def test_bad_go_district_names_are_refused_per_rayon_and_nothing_changes(db):
    with db.transaction() as session:
        org_settings.set_go_district_names(session, {"AZ-BA": "Baku"})
    with pytest.raises(FormErrors) as raised, db.transaction() as session:
        org_settings.set_go_district_names(
            session,
            {"AZ-SA": "Shaki;Zagatala", "AZ-XX": "Nowhere", "AZ-GA": "G" * 101, "AZ-BA": "Bakı"},
        )
    problems = raised.value.problems
    assert set(problems) == {"AZ-SA", "AZ-XX", "AZ-GA"}
    assert "“;”" in problems["AZ-SA"]
    assert "AZ-XX" in problems["AZ-XX"]
    assert "100" in problems["AZ-GA"]
    with db.reading() as session:
        assert go3w.go_district_names(session) == {"AZ-BA": "Baku"}
