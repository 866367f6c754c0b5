"""Creating an organisation file and reading its profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.domain import errors
from cso_desktop.services import files, organisation, summary


def test_profile_round_trips_azerbaijani_letters(db: db_engine.Database) -> None:
    with db.reading() as session:
        profile = organisation.get_profile(session)
    assert profile.name == "Gənclər Birliyi İctimai Birliyi"
    assert profile.default_currency == "AZN"


def test_new_file_has_an_administrator_and_an_audit_entry(db: db_engine.Database) -> None:
    with db.reading() as session:
        assert session.scalars(select(m.User.role)).all() == ["admin"]
        assert session.scalars(select(m.AuditEntry.entity)).all() == ["organisation"]


@pytest.mark.parametrize(
    ("name", "currency", "field"),
    [("   ", "AZN", "name"), ("x" * 301, "AZN", "name"), ("Birlik", "manat", "currency")],
)
def test_bad_input_is_refused_with_a_message_and_no_file(
    tmp_path: Path, name: str, currency: str, field: str
) -> None:
    target = tmp_path / "org.csodb"
    with pytest.raises(errors.ValidationError) as info:
        files.build_new_file(
            target, lambda s: organisation.create_organisation(s, name=name, currency=currency)
        )
    assert info.value.field == field
    assert info.value.user_message
    assert list(tmp_path.iterdir()) == []


def test_messages_come_in_the_users_language(tmp_path: Path) -> None:
    i18n.set_language("ru")
    with pytest.raises(errors.ValidationError) as info:
        files.build_new_file(
            tmp_path / "x.csodb", lambda s: organisation.create_organisation(s, name=" ")
        )
    i18n.set_language("en")
    english = "Enter the organisation's name."
    assert (
        info.value.user_message != english
        or not (Path(__file__).parents[3] / "translations" / "ru").exists()
    )


def test_a_file_cannot_hold_two_organisations(db: db_engine.Database) -> None:
    with pytest.raises(errors.ValidationError), db.transaction() as session:
        organisation.create_organisation(session, name="İkinci")


def test_check_counts_every_register(db: db_engine.Database) -> None:
    assert db.path is not None
    db.close()
    report = summary.check_file(db.path)
    assert report.organisation_name == "Gənclər Birliyi İctimai Birliyi"
    assert report.needs_upgrade is False
    assert set(report.counts) == {key for key, *_ in summary.COUNTED}
    assert all(value == 0 for value in report.counts.values())
