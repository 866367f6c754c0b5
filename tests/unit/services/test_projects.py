"""Projects and logframes: validation, the results tree, and indicator values on known data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cso_desktop import i18n
from cso_desktop.db import models as m
from cso_desktop.db.engine import Database
from cso_desktop.domain import sectors, vocab
from cso_desktop.domain.errors import NotFoundError
from cso_desktop.domain.validation import FormErrors
from cso_desktop.domain.vocab import ActivityType, IndicatorMethod, ResultLevel, Sex
from cso_desktop.services import projects as svc

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def project(**changes: object) -> svc.ProjectDraft:
    values: dict[str, object] = {
        "code": "EU-2026-01",
        "title": "Gənclərin məşğulluğu",
        "donor_kind": vocab.DonorKind.EU,
        "donor_name": "Avropa İttifaqı",
        "start_date": dt.date(2025, 7, 1),
        "end_date": dt.date(2027, 6, 30),
        "currency": "eur",
        "donor_reference": "NDICI/2025/123-456",
        "go_sector": "Livelihoods and basic needs",
        "dac_sector_code": "16010",
        "rayon_codes": ("AZ-GA", "AZ-BA", "AZ-GA"),
        "indirect_rate": Decimal("7"),
        "contingency_rate": Decimal("5"),
        "reallocation_threshold": Decimal("25"),
    }
    values.update(changes)
    return svc.ProjectDraft(**values)  # type: ignore[arg-type]


def indicator(**changes: object) -> svc.IndicatorDraft:
    values: dict[str, object] = {
        "code": "Op1.1.1",
        "title": "Təlim keçmiş şəxslərin sayı",
        "unit": "nəfər",
        "method": IndicatorMethod.PEOPLE_REACHED,
        "method_activity_type": ActivityType.TRAINING,
        "baseline_value": Decimal("0"),
        "baseline_year": 2025,
        "target_value": Decimal("120"),
        "target_year": 2027,
    }
    values.update(changes)
    return svc.IndicatorDraft(**values)  # type: ignore[arg-type]


def problems_of(excinfo: pytest.ExceptionInfo[FormErrors]) -> dict[str, str]:
    return excinfo.value.problems


# --- projects ---------------------------------------------------------------------------------


def test_project_is_saved_cleaned_with_rates_as_shares(db: Database) -> None:
    with db.transaction() as session:
        project_id = svc.create(session, project(), user_name="Leyla")
    with db.reading() as session:
        detail = svc.get(session, project_id)
        row = session.get(m.Project, project_id)
        assert row is not None
        assert row.indirect_cost_rate == Decimal("0.07")
        assert row.reallocation_threshold == Decimal("0.25")
        audit = session.execute(
            select(m.AuditEntry.action, m.AuditEntry.user_name).where(
                m.AuditEntry.entity == "project"
            )
        ).all()
    assert detail.draft.currency == "EUR"
    assert detail.draft.rayon_codes == ("AZ-BA", "AZ-GA")
    assert detail.draft.indirect_rate == Decimal("7")
    assert detail.draft.contingency_rate == Decimal("5")
    assert [tuple(a) for a in audit] == [(vocab.AuditAction.CREATE, "Leyla")]


def test_project_validation_names_each_field(db: Database) -> None:
    draft = project(
        code="EU 2026",
        title="  ",
        donor_kind=None,
        donor_name="",
        currency="manat",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2025, 12, 31),
        go_sector="Space",
        dac_sector_code="99999",
        rayon_codes=("AZ-XX",),
        reallocation_threshold=Decimal("120"),
    )
    with db.transaction() as session, pytest.raises(FormErrors) as excinfo:
        svc.create(session, draft)
    assert problems_of(excinfo) == {
        "code": "Use letters, digits, dots, dashes or slashes, without spaces, e.g. EU-2026-01.",
        "title": "This field is required.",
        "donor_kind": "Choose who funds the project.",
        "donor_name": "This field is required.",
        "currency": "Enter a three-letter currency code such as AZN, EUR or USD.",
        "end_date": "The end date is before the start date.",
        "go_sector": "Choose a GO sector from the list.",
        "dac_sector_code": "Choose a DAC sector code from the list.",
        "rayon_codes": "Choose the rayons from the list.",
        "reallocation_threshold": "Enter a percentage between 0 and 100.",
    }
    with db.reading() as session:
        assert session.scalar(select(func.count(m.Project.id))) == 0


def test_eu_caps_on_indirect_costs_and_contingency(db: Database) -> None:
    with db.transaction() as session, pytest.raises(FormErrors) as excinfo:
        svc.create(session, project(indirect_rate=Decimal("7.5"), contingency_rate=Decimal("6")))
    problems = problems_of(excinfo)
    assert set(problems) == {"indirect_rate", "contingency_rate"}
    assert "7" in problems["indirect_rate"] and "5" in problems["contingency_rate"]
    # Other donors have their own rules: the EU caps do not apply.
    with db.transaction() as session:
        svc.create(
            session,
            project(donor_kind=vocab.DonorKind.IFRC, indirect_rate=Decimal("10")),
        )


def test_project_code_is_unique_and_dates_required(db: Database) -> None:
    with db.transaction() as session:
        svc.create(session, project())
    with db.transaction() as session, pytest.raises(FormErrors) as excinfo:
        svc.create(session, project(code="eu-2026-01"))
    assert problems_of(excinfo) == {"code": "Another project already has this code."}
    with db.transaction() as session, pytest.raises(FormErrors) as excinfo:
        svc.create(session, project(code="X", start_date=None, end_date=None))
    assert problems_of(excinfo) == {
        "start_date": "Enter the date the project starts.",
        "end_date": "Enter the date the project ends.",
    }


def test_update_replaces_rayons_and_archive_is_audited(db: Database) -> None:
    with db.transaction() as session:
        project_id = svc.create(session, project())
    with db.transaction() as session:
        svc.update(session, project_id, project(rayon_codes=("AZ-SA",), title="Yeni ad"))
        svc.archive(session, project_id, user_name="Leyla")
    with db.reading() as session:
        detail = svc.get(session, project_id)
        actions = session.scalars(
            select(m.AuditEntry.action).where(m.AuditEntry.entity == "project")
        ).all()
    assert detail.draft.rayon_codes == ("AZ-SA",)
    assert detail.draft.title == "Yeni ad"
    assert detail.archived
    assert actions == [vocab.AuditAction.CREATE, vocab.AuditAction.UPDATE, "archive"]
    with db.reading() as session, pytest.raises(NotFoundError):
        svc.get(session, project_id + 1)


def test_sector_lists() -> None:
    assert sectors.dac_label("16010") == "16010 — Social Protection"
    assert len(sectors.dac_sectors()) == 295
    assert all(len(s.code) == 5 for s in sectors.dac_sectors())
    assert [code for code, _label in sectors.go_sector_choices()][-1] == (
        "Livelihoods and basic needs"
    )
    assert sectors.go_sector_label("NS Strengthening") == "National Society strengthening"


# --- the results tree -------------------------------------------------------------------------


def chain(session: Session, project_id: int) -> dict[str, int]:
    ids: dict[str, int] = {}
    ids["OO"] = svc.add_result(
        session, project_id, svc.ResultDraft(ResultLevel.IMPACT, "OO", "Rifah")
    )
    for code in ("SO1", "SO2"):
        ids[code] = svc.add_result(
            session,
            project_id,
            svc.ResultDraft(ResultLevel.OUTCOME, code, f"Nəticə {code}", parent_id=ids["OO"]),
        )
    for code, parent in (("Op1.1", "SO1"), ("Op1.2", "SO1"), ("Op2.1", "SO2")):
        ids[code] = svc.add_result(
            session,
            project_id,
            svc.ResultDraft(ResultLevel.OUTPUT, code, f"Məhsul {code}", parent_id=ids[parent]),
        )
    return ids


def codes(frame: svc.Logframe) -> list[str]:
    return [node.code for node in frame.walk()]


def test_logframe_tree_order_and_moves(db: Database) -> None:
    with db.transaction() as session:
        project_id = svc.create(session, project())
        ids = chain(session, project_id)
    with db.reading() as session:
        frame = svc.logframe(session, project_id)
    assert codes(frame) == ["OO", "SO1", "Op1.1", "Op1.2", "SO2", "Op2.1"]
    assert [n.level for n in frame.walk()][:3] == [
        ResultLevel.IMPACT,
        ResultLevel.OUTCOME,
        ResultLevel.OUTPUT,
    ]
    with db.transaction() as session:
        assert svc.move_result(session, ids["SO2"], -1)
        assert svc.move_result(session, ids["Op1.2"], -1)
        assert not svc.move_result(session, ids["Op1.2"], -1)  # already first
        assert not svc.move_result(session, ids["Op2.1"], +1)  # the only child
    with db.reading() as session:
        assert codes(svc.logframe(session, project_id)) == [
            "OO",
            "SO2",
            "Op2.1",
            "SO1",
            "Op1.2",
            "Op1.1",
        ]
    # An output moved to another outcome goes to the end of that outcome's list.
    with db.transaction() as session:
        svc.update_result(
            session,
            ids["Op1.1"],
            svc.ResultDraft(ResultLevel.OUTPUT, "Op2.2", "Köçürülmüş", parent_id=ids["SO2"]),
        )
    with db.reading() as session:
        assert codes(svc.logframe(session, project_id)) == [
            "OO",
            "SO2",
            "Op2.1",
            "Op2.2",
            "SO1",
            "Op1.2",
        ]
        assert svc.suggest_result_code(session, project_id, ResultLevel.OUTCOME, None) == "SO3"
        assert (
            svc.suggest_result_code(session, project_id, ResultLevel.OUTPUT, ids["SO1"]) == "Op1.1"
        )


def test_results_must_hang_under_the_right_level(db: Database) -> None:
    with db.transaction() as session:
        project_id = svc.create(session, project())
        ids = chain(session, project_id)
    cases = [
        (
            svc.ResultDraft(ResultLevel.OUTPUT, "Op9", "x", parent_id=ids["OO"]),
            {"parent_id": "Put an output under an outcome."},
        ),
        (
            svc.ResultDraft(ResultLevel.OUTPUT, "Op9", "x"),
            {"parent_id": "Choose the outcome this output serves."},
        ),
        (
            svc.ResultDraft(ResultLevel.OUTCOME, "SO9", "x", parent_id=ids["Op1.1"]),
            {"parent_id": "Put an outcome under the overall objective."},
        ),
        (
            svc.ResultDraft(ResultLevel.OUTCOME, "so1", "x", parent_id=ids["OO"]),
            {"code": "Another result of this project already has this code."},
        ),
        (
            svc.ResultDraft(ResultLevel.OUTCOME, "SO 9", "", parent_id=ids["OO"]),
            {
                "code": "Codes have no spaces, e.g. SO1 or Op1.2.",
                "title": "This field is required.",
            },
        ),
    ]
    for draft, expected in cases:
        with db.transaction() as session, pytest.raises(FormErrors) as excinfo:
            svc.add_result(session, project_id, draft)
        assert problems_of(excinfo) == expected


def test_deleting_a_result_with_indicators_asks_first(db: Database) -> None:
    with db.transaction() as session:
        project_id = svc.create(session, project())
        ids = chain(session, project_id)
        indicator_id = svc.add_indicator(session, ids["Op1.1"], indicator())
        svc.record_indicator_values(
            session,
            indicator_id,
            period_start=START,
            period_end=END,
            total=Decimal("10"),
            source="Qeydiyyat vərəqələri",
        )
    with db.transaction() as session, pytest.raises(svc.HasDependentsError) as excinfo:
        svc.delete_result(session, ids["SO1"])
    error = excinfo.value
    assert (error.results, error.indicators, error.values) == (2, 1, 1)
    assert error.user_message == (
        "Deleting “SO1” also deletes 2 results under it, 1 indicator, 1 recorded value. "
        "Delete them all?"
    )
    with db.transaction() as session:
        svc.delete_result(session, ids["SO2"], confirmed=True)
        svc.delete_result(session, ids["SO1"], confirmed=True, user_name="Leyla")
    with db.reading() as session:
        assert codes(svc.logframe(session, project_id)) == ["OO"]
        assert session.scalar(select(func.count(m.IndicatorValue.id))) == 0
        assert session.scalar(select(func.count(m.Indicator.id))) == 0
    # A result with nothing under it goes without a question.
    with db.transaction() as session:
        svc.delete_result(session, ids["OO"])
        assert svc.logframe(session, project_id).roots == ()


def test_indicator_validation_and_ordering(db: Database) -> None:
    with db.transaction() as session:
        project_id = svc.create(session, project())
        ids = chain(session, project_id)
        first = svc.add_indicator(session, ids["Op1.1"], indicator())
        second = svc.add_indicator(
            session,
            ids["Op1.1"],
            indicator(code="Op1.1.2", method=IndicatorMethod.MANUAL),
        )
        assert svc.suggest_indicator_code(session, ids["Op1.1"]) == "Op1.1.3"
    with db.transaction() as session, pytest.raises(FormErrors) as excinfo:
        svc.add_indicator(
            session,
            ids["Op1.2"],
            indicator(
                code="op1.1.1",
                unit="",
                baseline_value=Decimal("-1"),
                baseline_year=2027,
                target_year=2026,
                target_value=Decimal("1.0005"),
            ),
        )
    assert problems_of(excinfo) == {
        "unit": "This field is required.",
        "baseline_value": "Enter a number of zero or more.",
        "target_value": "Numbers have at most three decimals.",
        "target_year": "The target year is before the baseline year.",
    }
    with db.transaction() as session, pytest.raises(FormErrors) as excinfo:
        svc.add_indicator(session, ids["Op1.2"], indicator(code="op1.1.1"))
    assert problems_of(excinfo) == {
        "code": "Another indicator of this project already has this code."
    }
    with db.transaction() as session:
        assert svc.move_indicator(session, second, -1)
    with db.reading() as session:
        node = svc.logframe(session, project_id).result(ids["Op1.1"])
        assert node is not None
        assert [i.id for i in node.indicators] == [second, first]
        # A manual indicator keeps no activity type.
        assert node.indicators[0].draft.method_activity_type is None


# --- indicator values -------------------------------------------------------------------------


def _beneficiary(session: Session, number: int, sex: Sex) -> int:
    row = m.Beneficiary(
        registration_no=f"B-{number:06d}",
        registered_on=dt.date(2025, 1, 1),
        first_name=f"Ad{number}",
        last_name="Soyad",
        sex=sex,
        date_of_birth=dt.date(1990, 1, 1),
        displacement_status=vocab.DisplacementStatus.IDP,
    )
    session.add(row)
    session.flush()
    return row.id


def _activity(
    session: Session, project_id: int, code: str, kind: ActivityType, output_id: int | None = None
) -> int:
    row = m.Activity(
        project_id=project_id,
        output_id=output_id,
        code=code,
        title=code,
        activity_type=kind,
        rayon_code="AZ-GA",
        status=vocab.ActivityStatus.COMPLETED,
    )
    session.add(row)
    session.flush()
    return row.id


def _deliver(session: Session, activity_id: int, person: int, day: dt.date) -> None:
    session.add(
        m.ServiceDelivery(
            activity_id=activity_id,
            beneficiary_id=person,
            delivered_on=day,
            service_type=vocab.ServiceType.TRAINING_SESSION,
        )
    )


@pytest.fixture
def served(db: Database) -> dict[str, int]:
    """A project with two trainings and a distribution; another project's training.

    Training 1: women 1, 2, 3 and man 4 on 10 and 11 March (two sessions each, 8 records).
    Training 2: woman 1 and men 4, 5 on 5 May (one session, 3 records).
    Distribution: woman 6 on 5 May. Another project's training: man 7 on 5 May.
    In the period the trainings reach 5 unique people (3 women, 2 men) over 3 sessions and
    11 service records; a training on 20 July is outside the period.
    Volunteer hours: 4 + 3.5 on training 1, 2 on the distribution, 6 on the other project.
    """
    ids: dict[str, int] = {}
    with db.transaction() as session:
        ids["project"] = svc.create(session, project())
        other = svc.create(session, project(code="OWN-1", donor_kind=vocab.DonorKind.OWN_FUNDS))
        ids.update(chain(session, ids["project"]))
        t1 = _activity(session, ids["project"], "A1", ActivityType.TRAINING, ids["Op1.1"])
        t2 = _activity(session, ids["project"], "A2", ActivityType.TRAINING)
        dist = _activity(session, ids["project"], "A3", ActivityType.DISTRIBUTION)
        foreign = _activity(session, other, "B1", ActivityType.TRAINING)
        people = {
            n: _beneficiary(session, n, Sex.FEMALE if n in (1, 2, 3, 6) else Sex.MALE)
            for n in range(1, 8)
        }
        for day in (dt.date(2026, 3, 10), dt.date(2026, 3, 11)):
            for n in (1, 2, 3, 4):
                _deliver(session, t1, people[n], day)
        for n in (1, 4, 5):
            _deliver(session, t2, people[n], dt.date(2026, 5, 5))
        _deliver(session, t2, people[2], dt.date(2026, 7, 20))
        _deliver(session, dist, people[6], dt.date(2026, 5, 5))
        _deliver(session, foreign, people[7], dt.date(2026, 5, 5))
        volunteer = m.Volunteer(
            volunteer_no="V-0001",
            first_name="Aysel",
            last_name="Nəsirova",
            sex=Sex.FEMALE,
            joined_on=dt.date(2025, 1, 1),
            status=vocab.VolunteerStatus.ACTIVE,
        )
        second = m.Volunteer(
            volunteer_no="V-0002",
            first_name="Orxan",
            last_name="Quliyev",
            sex=Sex.MALE,
            joined_on=dt.date(2025, 1, 1),
            status=vocab.VolunteerStatus.ACTIVE,
        )
        session.add_all([volunteer, second])
        session.flush()
        for who, activity, hours in (
            (volunteer, t1, "4"),
            (second, t1, "3.5"),
            (volunteer, dist, "2"),
            (volunteer, foreign, "6"),
        ):
            session.add(
                m.VolunteerHours(
                    volunteer_id=who.id,
                    activity_id=activity,
                    worked_on=dt.date(2026, 3, 10),
                    hours=Decimal(hours),
                )
            )
        ids["reached"] = svc.add_indicator(session, ids["Op1.1"], indicator())
        ids["sessions"] = svc.add_indicator(
            session,
            ids["Op1.1"],
            indicator(code="Op1.1.2", method=IndicatorMethod.SESSIONS_HELD, unit="sessiya"),
        )
        ids["hours"] = svc.add_indicator(
            session,
            ids["Op1.2"],
            indicator(
                code="Op1.2.1",
                method=IndicatorMethod.VOLUNTEER_HOURS,
                method_activity_type=None,
                unit="saat",
                disaggregate_sex=False,
            ),
        )
        ids["manual"] = svc.add_indicator(
            session,
            ids["SO1"],
            indicator(code="SO1.1", method=IndicatorMethod.MANUAL, unit="%"),
        )
    return ids


def test_people_reached_counts_each_person_once_with_sex_disaggregates(
    db: Database, served: dict[str, int]
) -> None:
    with db.reading() as session:
        value = svc.compute_indicator_value(session, served["reached"], START, END)
    assert value.total == Decimal("5")
    assert dict(value.by_sex) == {Sex.FEMALE: Decimal("3"), Sex.MALE: Decimal("2")}
    assert sum(v for _s, v in value.by_sex) == value.total
    assert value.records == 11
    assert value.source == (
        "Computed from 11 service records of the project's activities of type “Training”, "
        "01.01.2026–30.06.2026"
    )
    with db.transaction() as session:
        stored = svc.record_computed_value(session, value, user_name="Leyla")
    assert stored.is_computed
    with db.reading() as session:
        frame = svc.logframe(session, served["project"])
        row = frame.indicator(served["reached"])
        assert row is not None and row.current is not None
        assert row.current.total == Decimal("5")
        assert row.current.sex_value(Sex.FEMALE) == Decimal("3")
        assert row.current.source == value.source
        assert session.scalar(
            select(func.count(m.AuditEntry.id)).where(m.AuditEntry.entity == "indicator_value")
        )


def test_without_sex_disaggregation_only_the_total_is_stored(
    db: Database, served: dict[str, int]
) -> None:
    with db.transaction() as session:
        svc.update_indicator(session, served["reached"], indicator(disaggregate_sex=False))
        value = svc.compute_indicator_value(session, served["reached"], START, END)
        svc.record_computed_value(session, value)
    assert value.by_sex == ()
    with db.reading() as session:
        assert session.scalar(select(func.count(m.IndicatorValue.id))) == 1


def test_sessions_held_and_volunteer_hours(db: Database, served: dict[str, int]) -> None:
    with db.reading() as session:
        sessions = svc.compute_indicator_value(session, served["sessions"], START, END)
        hours = svc.compute_indicator_value(session, served["hours"], START, END)
        later = svc.compute_indicator_value(
            session, served["sessions"], dt.date(2026, 7, 1), dt.date(2026, 12, 31)
        )
    assert sessions.total == Decimal("3")  # A1 on two days, A2 on one
    assert hours.total == Decimal("9.5")  # the other project's 6 hours do not count
    assert hours.records == 2
    assert hours.source == (
        "Computed from the hours of 2 volunteers on the project's activities, 01.01.2026–30.06.2026"
    )
    assert later.total == Decimal("1")


def test_a_manual_value_needs_its_source(db: Database, served: dict[str, int]) -> None:
    def record(session: Session, **changes: object) -> svc.PeriodValue:
        values: dict[str, object] = {
            "period_start": START,
            "period_end": END,
            "total": Decimal("42.5"),
            "source": None,
        }
        values.update(changes)
        return svc.record_indicator_values(session, served["manual"], **values)  # type: ignore[arg-type]

    with db.transaction() as session, pytest.raises(FormErrors) as excinfo:
        record(session)
    assert problems_of(excinfo) == {
        "source": "Say where the value comes from, e.g. “End-line survey, June 2026”."
    }
    with db.transaction() as session, pytest.raises(FormErrors) as excinfo:
        record(
            session,
            source="Sorğu",
            by_sex=((Sex.FEMALE, Decimal("30")), (Sex.MALE, Decimal("20"))),
        )
    assert problems_of(excinfo) == {"by_sex": "The values by sex add up to more than the total."}
    with db.transaction() as session, pytest.raises(FormErrors) as excinfo:
        record(session, source="Sorğu", period_end=dt.date(2025, 12, 31))
    assert problems_of(excinfo) == {"period": "The end date is before the start date."}
    with db.transaction() as session, pytest.raises(Exception, match="entered by hand"):
        svc.compute_indicator_value(session, served["manual"], START, END)
    with db.transaction() as session:
        record(session, source="Yekun sorğu, iyun 2026")
        # Recording the same period again replaces the value.
        record(session, source="Yekun sorğu, iyun 2026 (düzəliş)", total=Decimal("44"))
    with db.reading() as session:
        values = svc.indicator_values(session, served["manual"])
    assert [(v.total, v.source, v.is_computed) for v in values] == [
        (Decimal("44"), "Yekun sorğu, iyun 2026 (düzəliş)", False)
    ]
    with db.transaction() as session:
        svc.delete_indicator_value(session, served["manual"], period_start=START, period_end=END)
        assert svc.indicator_values(session, served["manual"]) == ()


def test_deleting_an_indicator_with_values_asks_first(db: Database, served: dict[str, int]) -> None:
    with db.transaction() as session:
        value = svc.compute_indicator_value(session, served["sessions"], START, END)
        svc.record_computed_value(session, value)
    with db.transaction() as session, pytest.raises(svc.HasDependentsError):
        svc.delete_indicator(session, served["sessions"])
    with db.transaction() as session:
        svc.delete_indicator(session, served["sessions"], confirmed=True)
        svc.delete_indicator(session, served["hours"])  # no values: no question
    with db.reading() as session:
        frame = svc.logframe(session, served["project"])
        assert frame.indicator(served["sessions"]) is None
        # Activities that served the output lose the link when the output goes.
    with db.transaction() as session:
        svc.delete_result(session, served["Op1.1"], confirmed=True)
    with db.reading() as session:
        assert session.scalar(select(m.Activity.output_id).where(m.Activity.code == "A1")) is None


def test_source_sentence_in_azerbaijani_keeps_the_dates() -> None:
    i18n.set_language("az")
    text = svc.computed_source(
        IndicatorMethod.PEOPLE_REACHED, ActivityType.TRAINING, 214, START, END
    )
    assert "214" in text and "01.01.2026" in text and "30.06.2026" in text
