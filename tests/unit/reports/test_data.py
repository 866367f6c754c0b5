"""The organisation's figures on data built here, with answers counted by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cso_desktop.db import models as m
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.reports import data
from cso_desktop.services import beneficiaries

D = dt.date
YEAR = data.Scope.year(2026)


class World:
    """A small organisation: one project, a few activities, people with known ages."""

    def __init__(self, session) -> None:
        self.session = session
        self.project = m.Project(
            code="P1",
            title="Layihə",
            donor_kind=vocab.DonorKind.EU,
            donor_name="Avropa İttifaqı",
            currency="EUR",
            start_date=D(2025, 1, 1),
            end_date=D(2027, 12, 31),
            status=vocab.ProjectStatus.IMPLEMENTATION,
        )
        session.add(self.project)
        session.flush()
        self._numbers = 0

    def activity(self, code, kind=vocab.ActivityType.TRAINING, rayon="AZ-BA", status=None):
        row = m.Activity(
            project_id=self.project.id,
            code=code,
            title=code,
            activity_type=kind,
            rayon_code=rayon,
            status=status or vocab.ActivityStatus.ONGOING,
            planned_start=D(2026, 1, 1),
        )
        self.session.add(row)
        self.session.flush()
        return row

    def person(self, sex=vocab.Sex.FEMALE, born=None, household=None, **extra):
        self._numbers += 1
        row = m.Beneficiary(
            registration_no=f"B{self._numbers:04d}",
            registered_on=D(2025, 1, 1),
            first_name="Aygün",
            last_name="Məmmədova",
            sex=sex,
            date_of_birth=born,
            household_id=household.id if household else None,
            displacement_status=extra.pop("displacement", vocab.DisplacementStatus.NONE),
            **extra,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def household(self, code):
        row = m.Household(code=code)
        self.session.add(row)
        self.session.flush()
        return row

    def serve(self, person, activity, on, service=vocab.ServiceType.TRAINING_SESSION, **extra):
        self.session.add(
            m.ServiceDelivery(
                activity_id=activity.id,
                beneficiary_id=person.id,
                delivered_on=on,
                service_type=service,
                **extra,
            )
        )
        self.session.flush()

    def volunteer(self, number):
        row = m.Volunteer(
            volunteer_no=f"V{number}",
            first_name="Elnur",
            last_name="Quliyev",
            sex=vocab.Sex.MALE,
            joined_on=D(2024, 1, 1),
            status=vocab.VolunteerStatus.ACTIVE,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def hours(self, volunteer, on, hours, activity=None):
        self.session.add(
            m.VolunteerHours(
                volunteer_id=volunteer.id,
                activity_id=activity.id if activity else None,
                worked_on=on,
                hours=Decimal(hours),
            )
        )
        self.session.flush()


@pytest.fixture
def world(db):
    with db.transaction() as session:
        yield World(session)


def test_a_person_served_in_several_activities_is_reached_once(world):
    training = world.activity("A1")
    kits = world.activity("A2", vocab.ActivityType.DISTRIBUTION)
    aygun = world.person(born=D(1990, 5, 1))
    world.serve(aygun, training, D(2026, 2, 1))
    world.serve(aygun, training, D(2026, 3, 1))
    world.serve(aygun, kits, D(2026, 4, 1), vocab.ServiceType.HYGIENE_KIT)
    world.serve(world.person(vocab.Sex.MALE, born=D(1985, 1, 1)), kits, D(2026, 4, 1))

    reach = data.people_reached(world.session, YEAR)
    assert reach.total == 2
    assert reach.by_sex()[vocab.Sex.FEMALE] == 1
    assert reach.by_sex()[vocab.Sex.MALE] == 1
    assert data.services_delivered(world.session, YEAR) == 4
    assert data.sessions_held(world.session, YEAR) == 3  # A1 twice, A2 once
    only_training = data.Scope.year(2026, activity_type=vocab.ActivityType.TRAINING)
    assert data.people_reached(world.session, only_training).total == 1
    assert data.people_reached(world.session, data.Scope.year(2025)).total == 0


def test_a_household_served_whole_is_counted_by_its_members(world):
    kits = world.activity("A1", vocab.ActivityType.DISTRIBUTION)
    family = world.household("H-1")
    members = [world.person(born=D(1980 + 10 * i, 1, 1), household=family) for i in range(4)]
    for member in members:
        world.serve(member, kits, D(2026, 5, 5), vocab.ServiceType.FOOD_PARCEL)
    # The head is served again in another month: still one person, one household.
    world.serve(members[0], kits, D(2026, 6, 5), vocab.ServiceType.FOOD_PARCEL)
    reach = data.people_reached(world.session, YEAR)
    assert reach.total == 4
    assert reach.households == 1


@pytest.mark.parametrize(
    ("served_on", "band_label"),
    [
        (D(2026, 3, 9), "13–17"),  # the day before the 18th birthday
        (D(2026, 3, 10), "18–29"),  # on the birthday
    ],
)
def test_age_is_taken_on_the_first_service_at_a_band_boundary(world, served_on, band_label):
    activity = world.activity("A1")
    person = world.person(born=D(2008, 3, 10))
    world.serve(person, activity, served_on)
    world.serve(person, activity, D(2026, 12, 1))  # later in the year: older, same person
    reach = data.people_reached(world.session, YEAR)
    assert reach.total == 1
    (cell,) = reach.cells
    assert reach.bands.label(cell.band) == band_label


def test_leap_day_birthdays_count_from_the_first_of_march(world):
    activity = world.activity("A1")
    person = world.person(born=D(2008, 2, 29))
    world.serve(person, activity, D(2026, 2, 28))
    reach = data.people_reached(world.session, YEAR)
    assert reach.bands.label(reach.cells[0].band) == "13–17"


def test_estimated_ages_are_aged_forward_and_unknown_ages_kept_apart(world):
    activity = world.activity("A1")
    estimated = world.person(estimated_age=59, age_estimated_on=D(2025, 6, 1))
    world.serve(estimated, activity, D(2026, 6, 2))  # one year after the estimate: 60
    unknown = world.person(vocab.Sex.MALE)
    world.serve(unknown, activity, D(2026, 6, 2))
    reach = data.people_reached(world.session, YEAR)
    assert reach.count(sex=vocab.Sex.FEMALE, band=data.DEFAULT_BANDS.index_of(60)) == 1
    assert reach.count(band=None) == 1
    assert reach.total == 2


def test_an_erased_person_stays_in_the_totals_with_the_age_of_the_day(db):
    with db.transaction() as session:
        world = World(session)
        activity = world.activity("A1")
        person = world.person(born=D(1960, 7, 1))  # 65 on the service day
        world.serve(person, activity, D(2026, 1, 15))
        person_id = person.id
    with db.reading() as session:
        before = data.people_reached(session, YEAR)
    with db.transaction() as session:
        beneficiaries.erase(session, person_id, today=D(2030, 1, 1))
    with db.reading() as session:
        after = data.people_reached(session, YEAR)
        assert session.get(m.Beneficiary, person_id).date_of_birth is None
    assert after.cells == before.cells
    assert after.bands.label(after.cells[0].band) == "60–69"


def test_fine_bands_roll_up_to_children_adults_and_older_people(world):
    activity = world.activity("A1")
    for born in (D(2020, 1, 1), D(2010, 1, 1), D(2000, 1, 1), D(1970, 1, 1), D(1950, 1, 1)):
        world.serve(world.person(born=born), activity, D(2026, 6, 1))
    reach = data.people_reached(world.session, YEAR)
    children, adults, older = (
        reach.count(bands=reach.in_bands(data.BROAD_BANDS, i)) for i in range(3)
    )
    assert (children, adults, older) == (2, 2, 1)
    assert data.DEFAULT_BANDS.rolls_up_to(data.BROAD_BANDS)
    assert not data.AgeBands((0, 5, 18)).rolls_up_to(data.BROAD_BANDS)
    with pytest.raises(ValidationError):
        reach.in_bands(data.AgeBands((0, 20)), 0)  # 20 is not a bound of the fine bands
    with pytest.raises(ValidationError):
        data.AgeBands((5, 18))  # must start at 0


def test_disability_and_displacement_are_broken_down(world):
    activity = world.activity("A1")
    world.serve(
        world.person(
            born=D(1990, 1, 1), has_disability=True, displacement=vocab.DisplacementStatus.IDP
        ),
        activity,
        D(2026, 2, 2),
    )
    world.serve(world.person(born=D(1991, 1, 1), has_disability=False), activity, D(2026, 2, 2))
    world.serve(world.person(born=D(1992, 1, 1)), activity, D(2026, 2, 2))
    reach = data.people_reached(world.session, YEAR)
    assert reach.count(disability=True) == 1
    assert reach.count(disability=False) == 1
    assert reach.count(disability=None) == 1
    assert reach.count(displacement=vocab.DisplacementStatus.IDP) == 1
    assert reach.count(displacement=vocab.DisplacementStatus.NONE) == 2


def test_reach_by_rayon_counts_a_person_in_each_rayon_once_in_the_total(world):
    baku = world.activity("A1", rayon="AZ-BA")
    ganja = world.activity("A2", rayon="AZ-GA")
    traveller = world.person(born=D(1990, 1, 1))
    world.serve(traveller, baku, D(2026, 2, 2))
    world.serve(traveller, ganja, D(2026, 3, 2))
    world.serve(world.person(born=D(1990, 1, 1)), ganja, D(2026, 3, 2))
    parts = dict(data.reached_by(world.session, YEAR, "rayon"))
    assert {k: v.total for k, v in parts.items()} == {"AZ-BA": 1, "AZ-GA": 2}
    assert data.people_reached(world.session, YEAR).total == 2


def test_volunteer_hours_by_month_and_by_activity(world):
    activity = world.activity("A1")
    other = world.activity("A2", vocab.ActivityType.HEALTH)
    one, two = world.volunteer(1), world.volunteer(2)
    world.hours(one, D(2026, 1, 10), "4.5", activity)
    world.hours(one, D(2026, 1, 31), "3", other)
    world.hours(two, D(2026, 3, 1), "2.25")
    by_month = dict(data.volunteer_hours_by_month(world.session, YEAR))
    assert by_month[D(2026, 1, 1)] == Decimal("7.5")
    assert by_month[D(2026, 2, 1)] == Decimal("0")
    assert by_month[D(2026, 3, 1)] == Decimal("2.25")
    assert len(by_month) == 12
    assert data.volunteer_hours(world.session, YEAR) == Decimal("9.75")
    training = data.Scope.year(2026, activity_type=vocab.ActivityType.TRAINING)
    assert data.volunteer_hours(world.session, training) == Decimal("4.5")
    assert data.volunteers_involved(world.session, YEAR) == 2


def test_activities_by_status_lists_every_status(world):
    world.activity("A1", status=vocab.ActivityStatus.COMPLETED)
    world.activity("A2", status=vocab.ActivityStatus.COMPLETED)
    world.activity("A3", status=vocab.ActivityStatus.PLANNED)
    counts = data.activities_by_status(world.session)
    assert counts[vocab.ActivityStatus.COMPLETED] == 2
    assert counts[vocab.ActivityStatus.PLANNED] == 1
    assert counts[vocab.ActivityStatus.CANCELLED] == 0
    assert data.activities_by_status(world.session, scope=data.Scope.year(2024)) == dict.fromkeys(
        vocab.ActivityStatus, 0
    )


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValidationError):
        data.Scope(D(2026, 2, 1), D(2026, 1, 1))


def test_the_organisation_may_set_its_own_age_bands(world):
    assert data.age_bands(world.session) == data.DEFAULT_BANDS
    world.session.add(m.Setting(key=data.AGE_BANDS_SETTING, value=[0, 5, 18, 50, 60]))
    world.session.flush()
    bands = data.age_bands(world.session)
    assert bands.labels() == ("0–4", "5–17", "18–49", "50–59", "60+")
    assert bands.rolls_up_to(data.BROAD_BANDS)
    world.session.get(m.Setting, data.AGE_BANDS_SETTING).value = [5, 3]  # not valid: ignored
    world.session.flush()
    assert data.age_bands(world.session) == data.DEFAULT_BANDS
