"""Organisation settings kept in the data file."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from cso_desktop.db import models as m
from cso_desktop.domain.errors import ValidationError
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
