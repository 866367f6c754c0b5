"""Export → import: the canonical people exports bring a register into another file unchanged,
and bring nothing twice into the file they came from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.services import datasets
from cso_desktop.services.importing import checking, duplicates, mapping, run, sources
from cso_desktop.services.importing.duplicates import Certainty
from cso_desktop.services.importing.schema import ImportKind, fields

AS_OF = dt.date(2026, 6, 30)
#: Import in this order: nothing depends on another register, but it is how an office moves.
KINDS = (
    (ImportKind.VOLUNTEERS, "xlsx"),
    (ImportKind.MEMBERS, "csv"),
    (ImportKind.BENEFICIARIES, "xlsx"),
)


@pytest.fixture
def demo(demo_copy):
    # A copy: exporting writes its audit entry into the file, and the shared workshop file
    # must stay as built for the other tests.
    database = db_engine.open_database(demo_copy)
    yield database
    database.close()


@pytest.fixture
def demo_rw(demo_copy):
    database = db_engine.open_database(demo_copy)
    yield database
    database.close()


def _export(database, kind: ImportKind, path: Path) -> int:
    with database.transaction() as session:
        return datasets.export_dataset(session, kind.value, path=path, include_personal=True).rows


def _import(database, kind: ImportKind, path: Path) -> tuple[run.ImportSummary, tuple]:
    source = sources.read_source(path)
    proposed = mapping.propose_mapping(kind, source.table)
    assert proposed.columns == {item.key: item.key for item in fields(kind)}
    with database.reading() as session:
        checked = checking.check(session, kind, source.table, proposed, as_of=AS_OF)
        assert checked.problems == (), checked.problems[:5]
        pairs = duplicates.find_duplicates(session, checked)
    summary = run.run_import(database, checked, pairs, run.ImportOptions(today=AS_OF))
    return summary, pairs


def _beneficiaries(session) -> dict[str, tuple]:
    b = m.Beneficiary
    heads = {household.id: household for household in session.scalars(select(m.Household))}
    numbers = dict(session.execute(select(b.id, b.registration_no)).all())
    result = {}
    for person in session.scalars(select(b).where(b.archived.is_(False), b.erased_at.is_(None))):
        household = heads.get(person.household_id)
        consent = min(
            (
                c.recorded_on
                for c in person.consents
                if c.purpose == "registration" and c.given and c.withdrawn_on is None
            ),
            default=None,
        )
        result[person.registration_no] = (
            person.first_name,
            person.last_name,
            person.patronymic,
            person.sex,
            person.date_of_birth,
            person.estimated_age if person.date_of_birth is None else None,
            tuple(getattr(person, f"wg_{d}") for d in ("seeing", "hearing", "walking")),
            tuple(getattr(person, f"wg_{d}") for d in ("remembering", "selfcare", "communicating")),
            person.has_disability,
            person.displacement_status,
            person.origin_rayon_code,
            person.rayon_code,
            person.settlement,
            person.phone,
            person.national_id,
            person.is_anonymous,
            person.registered_on,
            consent,
            frozenset(v.criterion for v in person.vulnerabilities),
            household.code if household else None,
            numbers.get(household.head_id) if household else None,
            person.relation_to_head,
            person.notes,
        )
    return result


def _members(session) -> dict[str, tuple]:
    return {
        member.membership_no: (
            member.first_name,
            member.last_name,
            member.patronymic,
            member.sex,
            member.date_of_birth,
            member.phone,
            member.email,
            member.address,
            member.rayon_code,
            member.joined_on,
            member.left_on,
            member.status,
            member.category.name if member.category else None,
            member.is_board_member,
            member.notes,
        )
        for member in session.scalars(select(m.Member).where(m.Member.archived.is_(False)))
    }


def _volunteers(session) -> dict[str, tuple]:
    return {
        volunteer.volunteer_no: (
            volunteer.first_name,
            volunteer.last_name,
            volunteer.patronymic,
            volunteer.sex,
            volunteer.date_of_birth,
            volunteer.phone,
            volunteer.email,
            volunteer.rayon_code,
            volunteer.settlement,
            volunteer.joined_on,
            volunteer.status,
            volunteer.emergency_contact,
            frozenset((tag.kind, tag.name) for tag in volunteer.tags),
            volunteer.notes,
        )
        for volunteer in session.scalars(select(m.Volunteer).where(m.Volunteer.archived.is_(False)))
    }


READERS = {
    ImportKind.BENEFICIARIES: _beneficiaries,
    ImportKind.MEMBERS: _members,
    ImportKind.VOLUNTEERS: _volunteers,
}


def test_export_then_import_into_a_new_file_gives_the_same_records(demo, db, tmp_path):
    # The new file has the member categories an office sets up before importing its members.
    with demo.reading() as session:
        categories = [
            (c.name, c.annual_fee, c.currency) for c in session.scalars(select(m.MemberCategory))
        ]
    with db.transaction() as session:
        for name, fee, currency in categories:
            session.add(m.MemberCategory(name=name, annual_fee=fee, currency=currency))
    for kind, extension in KINDS:
        path = tmp_path / f"{kind}.{extension}"
        exported = _export(demo, kind, path)
        summary, _pairs = _import(db, kind, path)
        assert (summary.rows, summary.added, summary.updated, summary.skipped) == (
            exported,
            exported,
            0,
            0,
        ), kind
        with demo.reading() as before, db.reading() as after:
            expected = READERS[kind](before)
            assert len(expected) == exported > 0
            assert READERS[kind](after) == expected, kind


def test_the_beneficiary_export_keeps_households_anonymous_people_and_personal_data(demo):
    """The demo has what the round trip must carry; otherwise the test above proves little."""
    with demo.reading() as session:
        people_ = _beneficiaries(session)
    values = list(people_.values())
    assert any(v[15] for v in values), "anonymous people"
    assert any(v[14] for v in values), "FİN"
    assert any(v[13] for v in values), "phones"
    assert any(v[5] is not None for v in values), "estimated ages"
    assert any(v[18] for v in values), "vulnerabilities"
    assert any(v[10] for v in values), "rayons of origin"
    assert len({v[19] for v in values if v[19]}) > 10, "households"


def test_importing_the_export_into_the_same_file_adds_nobody(demo_rw, tmp_path):
    def counts() -> dict[str, int]:
        with demo_rw.reading() as session:
            return {
                table: session.scalar(select(func.count()).select_from(model))
                for table, model in (
                    ("beneficiary", m.Beneficiary),
                    ("household", m.Household),
                    ("member", m.Member),
                    ("volunteer", m.Volunteer),
                    ("consent", m.Consent),
                )
            }

    before = counts()
    with demo_rw.reading() as session:
        snapshot = {kind: READERS[kind](session) for kind, _ext in KINDS}
    for kind, extension in KINDS:
        path = tmp_path / f"{kind}.{extension}"
        exported = _export(demo_rw, kind, path)
        summary, pairs = _import(demo_rw, kind, path)
        # Every row is a certain duplicate of itself (same number, or same FİN) and is skipped.
        certain_rows = {pair.row for pair in pairs if pair.certainty is Certainty.CERTAIN}
        assert len(certain_rows) == exported, kind
        assert (summary.added, summary.updated, summary.skipped) == (0, 0, exported), kind
    assert counts() == before
    with demo_rw.reading() as session:
        assert {kind: READERS[kind](session) for kind, _ext in KINDS} == snapshot
