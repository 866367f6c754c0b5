"""The IFRC GO 3W upload: every row passes the rules GO's importer applies (standards §5b)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from sqlalchemy import select

from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import places, vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.reports import go3w

from .public_world import AS_OF, D, World

EXACT_HEADER = (
    "Country;Regions;Reporting NS;Disaster Type;Operation Type;Programme Type;Primary Sector;"
    "Tags;Status;Project Name;Start Date;End Date;Budget(CHF);Targeted Males;Targeted Females;"
    "Targeted Others;Targeted Total;Reached Males;Reached Females;Reached Others;Reached Total"
)
DISTRICTS = {"AZ-SAK": "Sheki", "AZ-QAB": "Gabala", "AZ-SA": "Sheki"}
NS = "Azerbaijan Red Crescent Society"
INTEGER_COLUMNS = (
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


def one_of(value: str, allowed) -> bool:
    return value.strip().lower() in {a.lower() for a in allowed}


def go_parse_integer(value: str) -> int | None:
    """GO's ``parse_integer``: thousands commas stripped, decimals truncated, else None."""
    try:
        return int(float(value.replace(",", "")))
    except ValueError:
        return None


def check_like_go(content: bytes, *, known_districts: set[str]) -> list[dict[str, str]]:
    """Read the file as GO's importer does and apply §5b column by column to every row."""
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0] == EXACT_HEADER
    reader = csv.DictReader(io.StringIO(text), skipinitialspace=True, delimiter=";", quotechar='"')
    rows = list(reader)
    assert rows
    for row in rows:
        assert None not in row and all(v is not None for v in row.values())  # 21 cells
        assert row["Country"].strip().lower() == "azerbaijan"
        districts = [
            d for d in row["Regions"].strip().split(";") if d.lower() not in ("countrywide", "")
        ]
        assert districts, "a row without districts would be countrywide"
        assert all(d.lower() in {k.lower() for k in known_districts} for d in districts)
        assert len({d.lower() for d in districts}) == len(districts)  # GO counts them
        assert row["Reporting NS"].strip()
        assert row["Disaster Type"].strip()
        assert one_of(row["Operation Type"], go3w.OPERATION_TYPES)
        assert one_of(row["Programme Type"], go3w.PROGRAMME_TYPES)
        assert one_of(row["Primary Sector"], go3w.PRIMARY_SECTORS)
        assert all(one_of(tag, go3w.SECTOR_TAGS) for tag in row["Tags"].split(",") if tag.strip())
        assert one_of(row["Status"], go3w.STATUSES)
        assert row["Project Name"].strip()
        start = dt.date.fromisoformat(row["Start Date"])
        end = dt.date.fromisoformat(row["End Date"])
        assert start <= end
        for column in INTEGER_COLUMNS:
            value = row[column]
            if column.startswith("Targeted") and column != "Targeted Total":
                assert value == ""  # not set by sex: GO stores "not given"
                continue
            assert value.isdigit(), (column, value)
            assert go_parse_integer(value) == int(value)
        reached = [int(row[f"Reached {k}"]) for k in ("Males", "Females", "Others")]
        assert int(row["Reached Total"]) == sum(reached)
    return rows


@pytest.fixture
def world(db):
    with db.transaction() as session:
        yield World(session)


def build(world, **options):
    options.setdefault("project_ids", [world.project.id])
    options.setdefault("start", D(2026, 1, 1))
    options.setdefault("end", AS_OF)
    options.setdefault("chf_rates", {"EUR": Decimal("0.93")})
    options.setdefault("reporting_ns", NS)
    options.setdefault("district_names", DISTRICTS)
    return go3w.build_go3w_rows(world.session, **options)


def test_a_project_with_three_people_reached_known_answers(world):
    world.three_people()
    table = build(world)
    assert table.header == tuple(EXACT_HEADER.split(";"))
    (row,) = table.rows
    assert row == (
        "Azerbaijan",
        "Gabala;Sheki",
        NS,
        "Other",
        "Programme",
        "Domestic",
        "Livelihoods and basic needs",
        "",
        "Ongoing",
        "Şəkidə gənclərin məşğulluğu",
        D(2026, 1, 1),
        D(2027, 6, 30),
        9951,  # 10 700 EUR × 0.93 = 9 951 CHF
        "",
        "",
        "",
        40,  # the people-reached indicator's target
        1,
        2,
        0,
        3,
    )
    assert table.project_ids == (world.project.id,)
    assert any("10700.00 EUR × 0.93 CHF per EUR = 9951 CHF" in note for note in table.notes)
    assert any("Op1.1" in note for note in table.notes)


def test_the_file_passes_gos_rules_column_by_column(world, tmp_path):
    world.three_people()
    target = tmp_path / "out" / "3w.csv"
    target.parent.mkdir()
    go3w.write_go3w_csv(build(world), target)
    content = target.read_bytes()
    (row,) = check_like_go(content, known_districts=set(DISTRICTS.values()))
    # Several districts sit in one quoted cell.
    assert b';"Gabala;Sheki";' in content
    assert row["Regions"] == "Gabala;Sheki"
    assert [p.name for p in target.parent.iterdir()] == ["3w.csv"]


def test_two_rayons_of_one_go_district_name_it_once(world):
    world.add(m.ProjectLocation(project_id=world.project.id, rayon_code="AZ-SA"))
    (row,) = build(world).rows
    assert row[1] == "Gabala;Sheki"


def test_unmapped_rayons_are_named_and_the_setting_is_read(world):
    with pytest.raises(ValidationError) as caught:
        build(world, district_names={"AZ-SAK": "Sheki"})
    assert caught.value.field == "go_district_names"
    assert "Gabala (AZ-QAB)" in caught.value.user_message
    assert "AZ-SAK" not in caught.value.user_message

    world.add(m.Setting(key=go3w.DISTRICT_SETTING, value={"AZ-SAK": "Sheki", "AZ-QAB": "Gabala"}))
    assert go3w.go_district_names(world.session) == {"AZ-SAK": "Sheki", "AZ-QAB": "Gabala"}
    (row,) = build(world, district_names=None).rows
    assert row[1] == "Gabala;Sheki"


def test_missing_or_bad_inputs_are_explained(world):
    with pytest.raises(ValidationError, match="EUR") as caught:
        build(world, chf_rates={})
    assert caught.value.field == "chf_rates"
    with pytest.raises(ValidationError):
        build(world, chf_rates={"EUR": Decimal("0")})
    with pytest.raises(ValidationError) as caught:
        build(world, reporting_ns="  ")
    assert caught.value.field == "reporting_ns"
    with pytest.raises(ValidationError):
        build(world, operation_type="Development")
    world.project.go_sector = None
    with pytest.raises(ValidationError) as caught:
        build(world)
    assert caught.value.field == "go_sector"
    with pytest.raises(ValidationError):
        build(world, start=D(2026, 6, 1), end=D(2026, 1, 1))


def test_vocabulary_follows_the_donor_and_the_status(world):
    world.project.donor_kind = vocab.DonorKind.IFRC
    world.project.status = vocab.ProjectStatus.CLOSED
    (row,) = build(world, operation_type="emergency operation").rows
    assert (row[4], row[5], row[8]) == ("Emergency Operation", "Multilateral", "Completed")
    world.project.status = vocab.ProjectStatus.CANCELLED
    with pytest.raises(ValidationError) as caught:
        build(world)  # nothing left to report
    assert caught.value.field == "project_ids"


def test_all_projects_means_those_running_in_the_period_except_cancelled(world):
    for code, status, start in (
        ("P-2", vocab.ProjectStatus.CANCELLED, D(2026, 1, 1)),
        ("P-3", vocab.ProjectStatus.PIPELINE, D(2028, 1, 1)),  # after the period
    ):
        world.add(
            m.Project(
                code=code,
                title=code,
                donor_kind=vocab.DonorKind.OTHER,
                donor_name="Fond",
                currency="AZN",
                start_date=start,
                end_date=start + dt.timedelta(days=300),
                status=status,
            )
        )
    table = build(world, project_ids=None)
    assert table.project_ids == (world.project.id,)
    assert any("P-2" in note and "cancelled" in note for note in table.notes)


def test_targets_come_from_an_all_activities_indicator_first(world):
    world.add(
        m.Indicator(
            result_id=world.output.id,
            code="Op1.2",
            title="Xidmət alan bütün şəxslər",
            unit="nəfər",
            target_value=Decimal("25"),
            method=vocab.IndicatorMethod.PEOPLE_REACHED,
        )
    )
    table = build(world)
    assert table.rows[0][16] == 25
    assert any("Op1.2" in note and "unique people" in note for note in table.notes)


def test_no_target_means_zero_and_the_notes_say_so(world):
    world.session.delete(world.indicator)
    world.session.flush()
    table = build(world)
    assert table.rows[0][16] == 0
    assert any("no people-reached indicator" in note for note in table.notes)


def test_stored_rates_suggest_a_rate_to_chf(world):
    for currency, target, rate in (("EUR", "AZN", "2"), ("AZN", "CHF", "0.5")):
        world.add(
            m.ExchangeRate(
                month=D(2026, 6, 1), from_currency=currency, to_currency=target, rate=Decimal(rate)
            )
        )
    assert go3w.stored_chf_rate(world.session, "CHF", AS_OF) == Decimal(1)
    assert go3w.stored_chf_rate(world.session, "AZN", AS_OF) == Decimal("0.5")
    assert go3w.stored_chf_rate(world.session, "EUR", AS_OF) == Decimal("1")  # 2 × 0.5
    assert go3w.stored_chf_rate(world.session, "USD", AS_OF) is None
    assert go3w.stored_chf_rate(world.session, "AZN", D(2026, 5, 31)) is None


def test_workshop_projects_pass_gos_rules(demo_copy):
    database = db_engine.open_database(demo_copy)
    mapping = {place.pcode: place.name_en for place in places.rayons()}
    try:
        with database.reading() as session:
            ids = session.scalars(
                select(m.Project.id).where(m.Project.go_sector.is_not(None)).order_by(m.Project.id)
            ).all()
            rates = {c: go3w.stored_chf_rate(session, c, AS_OF) for c in ("EUR", "AZN")}
            table = go3w.build_go3w_rows(
                session,
                project_ids=ids,
                start=D(2025, 1, 1),
                end=AS_OF,
                chf_rates=rates,
                reporting_ns=NS,
                district_names=mapping,
            )
        rows = check_like_go(go3w.go3w_csv_bytes(table), known_districts=set(mapping.values()))
        assert len(rows) == len(ids) == 2
        assert all(int(row["Reached Total"]) > 0 for row in rows)
    finally:
        database.close()
