"""The IATI activity file: valid against the shipped 2.03 schema, with figures known by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from lxml import etree
from sqlalchemy import select

from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import NotFoundError, ValidationError
from cso_desktop.reports import budget, iati

from .public_world import AS_OF, VOEN, D, World

GENERATED = dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.UTC)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def world(db):
    with db.transaction() as session:
        yield World(session)


def build(world, **options):
    options.setdefault("as_of", AS_OF)
    options.setdefault("language", "en")
    options.setdefault("generated_at", GENERATED)
    xml = iati.build_iati_activity(world.session, world.project.id, **options)
    return xml, etree.fromstring(xml).find("iati-activity")


def schema_valid(xml: bytes) -> bool:
    schema = etree.XMLSchema(etree.parse(str(iati.schema_path())))
    return schema.validate(etree.fromstring(xml))


def test_the_schema_and_the_files_it_includes_are_shipped_in_resources():
    folder = iati.schema_path().parent
    for name in ("iati-activities-schema.xsd", "iati-common.xsd", "xml.xsd", "LICENSE"):
        assert (folder / name).is_file(), name


def test_a_minimal_project_validates_with_its_parts_in_the_schema_order(world):
    xml, activity = build(world)
    assert schema_valid(xml)
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(xml)
    assert root.get("version") == "2.03"
    assert root.get("generated-datetime") == "2026-07-01T09:30:00Z"
    assert activity.get("default-currency") == "EUR"
    assert activity.get(XML_LANG) == "en"
    tags = [child.tag for child in activity if isinstance(child.tag, str)]
    assert tags == [
        "iati-identifier",
        "reporting-org",
        "title",
        "description",
        "description",
        "participating-org",
        "participating-org",
        "activity-status",
        "activity-date",
        "activity-date",
        "activity-date",
        "recipient-country",
        "location",
        "location",
        "sector",
        "budget",
        "budget",
        "result",
    ]


def test_identifiers_organisations_status_and_places(world):
    _xml, activity = build(world)
    assert activity.findtext("iati-identifier") == f"AZ-IVI-{VOEN}-P-1"
    reporting = activity.find("reporting-org")
    assert (reporting.get("ref"), reporting.get("type")) == (f"AZ-IVI-{VOEN}", "22")
    assert reporting.findtext("narrative") == "Gənclər Birliyi İctimai Birliyi"
    funding, implementing = activity.findall("participating-org")
    assert (funding.get("role"), funding.get("ref"), funding.get("type")) == (
        "1",
        "XI-IATI-EC_NEAR",
        "15",
    )
    assert funding.findtext("narrative") == "Avropa İttifaqı"
    assert (implementing.get("role"), implementing.get("ref")) == ("4", f"AZ-IVI-{VOEN}")
    # Typed Azerbaijani text in an English file says its language.
    title = activity.find("title/narrative")
    assert title.text == "Şəkidə gənclərin məşğulluğu"
    assert title.get(XML_LANG) == "az"
    assert activity.find("activity-status").get("code") == "2"
    dates = [(d.get("type"), d.get("iso-date")) for d in activity.findall("activity-date")]
    assert dates == [("1", "2026-01-01"), ("2", "2026-02-02"), ("3", "2027-06-30")]
    assert activity.find("recipient-country").attrib == {"code": "AZ", "percentage": "100"}
    locations = {
        loc.get("ref"): loc.findtext("name/narrative") for loc in activity.iter("location")
    }
    assert locations == {"AZ-QAB": "Gabala", "AZ-SAK": "Sheki"}
    assert activity.find("sector").attrib == {
        "vocabulary": "1",
        "code": "11330",
        "percentage": "100",
    }


def test_the_organisation_identifier_in_the_profile_wins_over_the_voen(world):
    world.organisation.iati_identifier = "AZ-IVI-9999999999"
    world.project.code = "P/1 & 2"
    _xml, activity = build(world)
    assert activity.findtext("iati-identifier") == "AZ-IVI-9999999999-P-1-2"


def test_without_a_voen_the_user_is_told_where_to_enter_it(world):
    world.organisation.tax_id = None
    with pytest.raises(ValidationError) as caught:
        build(world)
    assert caught.value.field == "tax_id"
    assert "VÖEN" in caught.value.user_message


def test_without_a_dac_sector_the_user_is_told_to_choose_one(world):
    world.project.dac_sector_code = None
    with pytest.raises(ValidationError) as caught:
        build(world)
    assert caught.value.field == "dac_sector_code"
    assert "P-1" in caught.value.user_message


def test_an_unknown_project_is_not_found(world):
    with pytest.raises(NotFoundError):
        iati.build_iati_activity(world.session, 999, as_of=AS_OF, language="en")


def test_a_closed_project_has_an_actual_end_and_a_pipeline_one_no_actual_start(world):
    world.project.end_date = D(2026, 5, 31)
    world.project.status = vocab.ProjectStatus.CLOSED
    world.training.actual_end = D(2026, 5, 20)
    _xml, activity = build(world)
    dates = [(d.get("type"), d.get("iso-date")) for d in activity.findall("activity-date")]
    assert dates == [
        ("1", "2026-01-01"),
        ("2", "2026-02-02"),
        ("3", "2026-05-31"),
        ("4", "2026-05-20"),
    ]
    assert activity.find("activity-status").get("code") == "4"

    world.project.status = vocab.ProjectStatus.PIPELINE
    world.training.actual_start = None
    world.training.actual_end = None
    world.project.start_date = D(2026, 9, 1)
    world.project.end_date = D(2027, 8, 31)
    _xml, activity = build(world)
    assert [d.get("type") for d in activity.findall("activity-date")] == ["1", "3"]


def test_budget_is_spread_over_project_years_and_adds_up_to_the_total(world):
    _xml, activity = build(world)
    total = budget.budget_vs_actual(world.session, world.project.id).total_eligible.budget
    assert total == Decimal("10700.00")  # 100 × 100 EUR + 7 % indirect
    budgets = [
        (
            b.find("period-start").get("iso-date"),
            b.find("period-end").get("iso-date"),
            b.find("value").text,
            b.find("value").get("currency"),
            b.get("status"),
        )
        for b in activity.findall("budget")
    ]
    # 365 and 181 days of 546: 10 700 × 365 / 546 = 7 152.93; the rest to the last year.
    assert budgets == [
        ("2026-01-01", "2026-12-31", "7152.93", "EUR", "1"),
        ("2027-01-01", "2027-06-30", "3547.07", "EUR", "1"),
    ]


def test_split_budget_and_project_years_known_answers():
    years = iati.project_years(D(2024, 2, 29), D(2026, 3, 15))
    assert years == [
        (D(2024, 2, 29), D(2025, 2, 28)),
        (D(2025, 3, 1), D(2026, 2, 28)),
        (D(2026, 3, 1), D(2026, 3, 15)),
    ]
    parts = iati.split_budget(Decimal("100.00"), [(D(2026, 1, 1), D(2026, 1, 3))] * 3)
    assert parts == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]


def test_transactions_are_in_the_project_currency_per_month_without_payee_names(world):
    world.money()
    xml, activity = build(world)
    transactions = [
        (
            t.find("transaction-type").get("code"),
            t.find("transaction-date").get("iso-date"),
            t.find("value").text,
            t.find("value").get("currency"),
            t.find("provider-org/narrative").text,
            t.find("receiver-org/narrative").text,
        )
        for t in activity.findall("transaction")
    ]
    org = "Gənclər Birliyi İctimai Birliyi"
    assert transactions == [
        ("1", "2026-01-20", "5000.00", None, "Avropa İttifaqı", org),
        ("1", "2026-02-03", "100.00", "AZN", "Several payers (not named in public files)", org),
        # 1 000 EUR in February; 200 AZN × 0.5 = 100 EUR in March; July is after as_of.
        ("4", "2026-02-10", "1000.00", None, org, "Several payees (not named in public files)"),
        ("4", "2026-03-05", "100.00", None, org, "Several payees (not named in public files)"),
    ]
    spent = budget.budget_vs_actual(world.session, world.project.id, as_of=AS_OF)
    expenditure = sum(Decimal(v) for code, _d, v, *_rest in transactions if code == "4")
    assert expenditure == spent.subtotal_direct.spent
    for name in ("Kitab Evi", "Elvin Həsənov", "Rəşad Quliyev"):
        assert name.encode() not in xml
    assert schema_valid(xml)


def _periods(activity):
    indicator = activity.find("result/indicator")
    return indicator, [
        (
            p.find("period-start").get("iso-date"),
            p.find("period-end").get("iso-date"),
            [
                (
                    a.get("value"),
                    [(d.get("name"), d.get("value")) for d in a.findall("dimension")],
                    a.findtext("comment/narrative"),
                )
                for a in p.findall("actual")
            ],
            [t.get("value") for t in p.findall("target")],
        )
        for p in indicator.findall("period")
    ]


def test_results_carry_baseline_target_and_actuals_by_sex_with_small_counts_withheld(world):
    world.values(first=(3, 2, 1), second=(12, 7, 5))
    xml, activity = build(world)
    assert schema_valid(xml)
    result = activity.find("result")
    assert result.get("type") == "1"
    assert result.findtext("title/narrative") == "Op1 Gənclər peşə bacarıqlarına yiyələnir"
    indicator, periods = _periods(activity)
    assert (indicator.get("measure"), indicator.get("ascending")) == ("1", "1")
    assert indicator.find("baseline").attrib == {"year": "2025", "value": "0"}
    withheld = (
        "Fewer than 5 people: the count is withheld to protect privacy. Counts by sex are "
        "withheld: one of them is under 5 people and could identify a person."
    )
    assert periods == [
        # 3 people, 2 women and 1 man: nothing under 5 is published, no dimension at all.
        ("2025-12-01", "2026-02-28", [(None, [], withheld)], []),
        (
            "2026-03-01",
            "2026-05-31",
            [
                ("12", [], None),
                ("7", [("sex", "female")], None),
                ("5", [("sex", "male")], None),
            ],
            [],
        ),
        ("2026-01-01", "2027-06-30", [], ["40"]),
    ]
    description = [d for d in activity.findall("description") if d.get("type") == "4"]
    assert "from 5 up" in description[0].findtext("narrative")


def test_one_small_disaggregate_withholds_all_of_them_but_not_the_total(world):
    world.values(first=(12, 9, 3), second=(12, 7, 5))
    _xml, activity = build(world)
    _indicator, periods = _periods(activity)
    ((value, dimensions, comment),) = periods[0][2]
    assert (value, dimensions) == ("12", [])
    assert comment.startswith("Counts by sex are withheld")


def test_with_threshold_one_every_count_is_published(world):
    world.values(first=(3, 2, 1), second=(12, 7, 5))
    _xml, activity = build(world, small_count_threshold=1)
    _indicator, periods = _periods(activity)
    assert periods[0][2] == [
        ("3", [], None),
        ("2", [("sex", "female")], None),
        ("1", [("sex", "male")], None),
    ]


def test_percentages_are_measure_two_and_a_falling_target_is_descending(world):
    world.indicator.unit = "%"
    world.indicator.baseline_value = Decimal("46")
    world.indicator.target_value = Decimal("35")
    world.indicator.method = vocab.IndicatorMethod.MANUAL
    world.indicator.disaggregate_sex = False
    world.values(first=(3, 2, 1), second=(44, 40, 48))
    _xml, activity = build(world)
    indicator, periods = _periods(activity)
    assert (indicator.get("measure"), indicator.get("ascending")) == ("2", "0")
    # A percentage is no count of people: 3 % is published.
    assert periods[0][2][0] == ("3", [], None)


def test_a_result_without_indicators_is_left_out(world):
    world.add(
        m.LogframeResult(
            project_id=world.project.id,
            level=vocab.ResultLevel.OUTCOME,
            code="SO1",
            title="Məşğulluq artır",
        )
    )
    xml, activity = build(world)
    assert [r.findtext("title/narrative")[:3] for r in activity.findall("result")] == ["Op1"]
    assert schema_valid(xml)


def test_texts_the_app_writes_follow_the_chosen_language(world):
    world.money()
    _xml, activity = build(world, language="ru")
    assert activity.get(XML_LANG) == "ru"
    assert activity.find("title/narrative").get(XML_LANG) == "az"
    # Place names are Azerbaijani in Russian files, marked as such.
    name = activity.find("location/name/narrative")
    assert (name.text, name.get(XML_LANG)) == ("Qəbələ", "az")


def test_validate_iati_lists_the_first_problems():
    broken = b"""<iati-activities version="2.03"><iati-activity>
        <reporting-org ref="X" type="22"><narrative>A</narrative></reporting-org>
        <iati-identifier>X-1</iati-identifier>
    </iati-activity></iati-activities>"""
    with pytest.raises(ValidationError) as caught:
        iati.validate_iati(broken)
    assert "line 2" in caught.value.user_message
    assert "IATI 2.03" in caught.value.user_message
    with pytest.raises(ValidationError, match="well-formed"):
        iati.validate_iati(b"<iati-activities>")


def test_write_iati_xml_checks_then_writes_whole(world, tmp_path):
    xml, _activity = build(world)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "p1.xml"
    iati.write_iati_xml(xml, target)
    assert target.read_bytes() == xml
    with pytest.raises(ValidationError):
        iati.write_iati_xml(b"<iati-activities/>", target)
    assert target.read_bytes() == xml
    assert [p.name for p in folder.iterdir()] == ["p1.xml"]


def test_every_workshop_project_validates(demo_copy):
    database = db_engine.open_database(demo_copy)
    try:
        with database.reading() as session:
            projects = session.scalars(select(m.Project).order_by(m.Project.code)).all()
            assert [p.code for p in projects] == ["DEMO-EU", "DEMO-IFRC", "DEMO-OWN"]
            payees = set(session.scalars(select(m.Expense.payee)).all())
            payers = set(
                session.scalars(
                    select(m.Income.payer).where(m.Income.kind != vocab.IncomeKind.GRANT_TRANCHE)
                ).all()
            )
            for project in projects:
                for language in ("az", "ru", "en"):
                    xml = iati.build_iati_activity(
                        session, project.id, as_of=AS_OF, language=language
                    )
                    assert schema_valid(xml), (project.code, language)
                text = xml.decode()
                assert not [name for name in payees | payers if f">{name}<" in text]
                activity = etree.fromstring(xml).find("iati-activity")
                spent = budget.budget_vs_actual(session, project.id, as_of=AS_OF)
                expenditure = sum(
                    (
                        Decimal(t.findtext("value"))
                        for t in activity.findall("transaction")
                        if t.find("transaction-type").get("code") == "4"
                    ),
                    Decimal(0),
                )
                assert expenditure == spent.subtotal_direct.spent, project.code
            eu = etree.fromstring(
                iati.build_iati_activity(session, projects[0].id, as_of=AS_OF, language="en")
            ).find("iati-activity")
            assert len(eu.findall("result")) >= 5
            assert any(a.find("dimension") is not None for a in eu.iter("actual"))
    finally:
        database.close()
