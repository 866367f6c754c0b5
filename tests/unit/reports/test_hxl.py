"""The HXL people-reached table: known answers, small counts withheld, the file read back."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.reports import data, hxl

from .public_world import AS_OF, D, World

PERIOD = data.Scope(D(2026, 1, 1), AS_OF)


@pytest.fixture
def world(db):
    with db.transaction() as session:
        yield World(session)


def test_three_people_counted_exactly_with_threshold_one(world):
    world.three_people()
    table = hxl.build_reach_hxl(world.session, PERIOD, language="en", threshold=1)
    assert table.hashtags[:5] == (
        "#adm2+code",
        "#adm2+name",
        "#activity+type+code",
        "#activity+type+name",
        "#reached+ind",
    )
    assert table.rows == (
        # rayon, activity, total, F 0–17, M 0–17, F 18–59, M 18–59, F 60+, M 60+, rest, disabled
        ("AZ-SAK", "Sheki", "training", "Training", 3, 0, 0, 1, 1, 1, 0, 0, 1),
    )
    assert table.unique_total == 3
    assert table.withheld_cells == 0


def test_three_people_are_withheld_below_five(world):
    world.three_people()
    table = hxl.build_reach_hxl(world.session, PERIOD, language="en")
    assert table.marker == "<5"
    assert table.rows == (
        ("AZ-SAK", "Sheki", "training", "Training", "<5", 0, 0, "<5", "<5", "<5", 0, 0, "<5"),
    )
    assert table.withheld_cells == 5
    assert any("shown as “<5”" in note for note in table.notes)
    assert any("Counts withheld in this file: 5." in note for note in table.notes)


def test_a_single_small_group_hides_the_next_smallest_too(world):
    # 6 women and 1 man aged 18–59 with a total of 7: the man's 1 is withheld, and 6 with it
    # (else 7 − 6 would give him away). Zeros stay.
    for _ in range(6):
        world.serve(world.person(vocab.Sex.FEMALE, D(1990, 1, 1)))
    world.serve(world.person(vocab.Sex.MALE, D(1990, 1, 1)))
    table = hxl.build_reach_hxl(world.session, PERIOD, language="en")
    assert table.rows[0][4:] == (7, 0, 0, "<5", "<5", 0, 0, 0, 0)
    assert table.withheld_cells == 2


def test_rows_split_by_rayon_and_activity_type_and_count_people_once_each(world):
    world.three_people()
    kits = world.add(
        m.Activity(
            project_id=world.project.id,
            code="A-2",
            title="Dəstlər",
            activity_type=vocab.ActivityType.DISTRIBUTION,
            rayon_code="AZ-QAB",
            status=vocab.ActivityStatus.ONGOING,
        )
    )
    first = world.session.scalars(select(m.Beneficiary).order_by(m.Beneficiary.id)).first()
    world.serve(first, D(2026, 4, 1), activity=kits)
    world.serve(first, D(2026, 4, 2), activity=kits)  # twice: still one person
    table = hxl.build_reach_hxl(world.session, PERIOD, language="az", threshold=1)
    assert [row[:5] for row in table.rows] == [
        ("AZ-QAB", "Qəbələ", "distribution", "Yardım paylanması", 1),
        ("AZ-SAK", "Şəki", "training", "Təlim", 3),
    ]
    assert table.unique_total == 3  # the rows add up to 4: one woman is in both


def test_the_csv_has_human_headers_then_hashtags_and_a_readme_beside_it(world, tmp_path):
    world.three_people()
    table = hxl.build_reach_hxl(world.session, PERIOD, language="ru")
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "reach.csv"
    hxl.write_hxl_csv(table, target)
    content = target.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == list(table.headers)
    assert rows[1] == list(hxl.HASHTAGS)
    assert all(tag.startswith("#") for tag in rows[1])
    shown = ["<5", "0", "0", "<5", "<5", "<5", "0", "0", "<5"]
    assert rows[2] == ["AZ-SAK", "Şəki", "training", table.rows[0][3], *shown]
    readme = hxl.readme_path(target)
    assert readme.name == "reach.README.txt"
    assert "<5" in readme.read_text(encoding="utf-8-sig")
    assert sorted(p.name for p in folder.iterdir()) == ["reach.README.txt", "reach.csv"]


def test_threshold_setting_and_bad_thresholds(world):
    assert hxl.small_count_threshold(world.session) == 5
    world.add(m.Setting(key=hxl.SMALL_COUNT_SETTING, value=10))
    assert hxl.small_count_threshold(world.session) == 10
    with pytest.raises(ValidationError):
        hxl.build_reach_hxl(world.session, PERIOD, language="en", threshold=0)


def test_workshop_table_publishes_no_small_count(demo_copy):
    database = db_engine.open_database(demo_copy)
    try:
        with database.reading() as session:
            scope = data.Scope(D(2025, 1, 1), AS_OF)
            table = hxl.build_reach_hxl(session, scope, language="az")
            exact = hxl.build_reach_hxl(session, scope, language="az", threshold=1)
            assert table.unique_total == data.people_reached(session, scope).total
        assert table.rows and len(table.rows) == len(exact.rows)
        for row, full in zip(table.rows, exact.rows, strict=True):
            total, *groups, _disabled = full[4:]
            assert total == sum(groups)  # the groups partition the total
            for shown, count in zip(row[4:], full[4:], strict=True):
                assert shown == count or (shown == "<5" and count > 0)
                assert not (isinstance(shown, int) and 0 < shown < 5)
            hidden_groups = [i for i, shown in enumerate(row[5:12]) if shown == "<5"]
            assert len(hidden_groups) != 1 or row[4] == "<5"
        assert table.withheld_cells > 0
    finally:
        database.close()
