"""Import templates, read back with openpyxl, and filled in and imported with no mapping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from cso_desktop import i18n
from cso_desktop.db import models as m
from cso_desktop.domain import normalise, places, vocab
from cso_desktop.domain.errors import EnvironmentFailure, ValidationError
from cso_desktop.services.importing import checking, duplicates, mapping, run, sources, templates
from cso_desktop.services.importing.schema import KIND_TITLES, FieldType, ImportKind, fields

ROOT = Path(__file__).resolve().parents[3]
AS_OF = dt.date(2026, 6, 30)


def _validations(sheet) -> dict[str, str]:
    """Column letter → the list formula of its drop-down."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        for cell_range in validation.sqref.ranges:
            assert cell_range.min_row == 2 and cell_range.max_row == templates.LAST_ROW
            found[openpyxl.utils.get_column_letter(cell_range.min_col)] = validation.formula1
    return found


def _list_values(workbook, formula: str) -> list[str]:
    """The values a drop-down offers, inline or through a defined name on the lists sheet."""
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    reference = workbook.defined_names[formula].attr_text
    sheet_name, cells = reference.split("!")
    sheet = workbook[sheet_name.strip("'")]
    return [cell.value for row in sheet[cells.replace("$", "")] for cell in row]


def _written(kind, path: Path, *, language: str):
    """The template read back: workbook, data sheet, column letter by key, drop-down by letter."""
    workbook = openpyxl.load_workbook(templates.write_template(kind, path, language=language))
    data = workbook.worksheets[0]
    letter = {cell.value: openpyxl.utils.get_column_letter(cell.column) for cell in data[1]}
    return workbook, data, letter, _validations(data)


@pytest.mark.parametrize("kind", list(ImportKind))
def test_every_template_has_the_canonical_header_row(kind, tmp_path):
    path = templates.write_template(kind, tmp_path / f"{kind}.xlsx", language="en")
    workbook = openpyxl.load_workbook(path)
    data = workbook.worksheets[0]
    assert workbook.active.title == data.title == KIND_TITLES[kind][:31]
    header = [cell.value for cell in data[1]]
    assert header == [item.key for item in fields(kind)]
    assert data.max_row == 1  # nothing but the header
    assert data.freeze_panes == "A2"
    # Each header explains itself in a comment: title, required or not, what it holds.
    for item, cell in zip(fields(kind), data[1], strict=True):
        assert cell.comment is not None
        assert cell.comment.text.startswith(item.title)
        assert ("Required" if item.required else "Optional") in cell.comment.text
    assert workbook[templates.LISTS_SHEET].sheet_state == "hidden"


def test_beneficiary_template_in_azerbaijani(tmp_path):
    workbook, data, letter, lists = _written(
        ImportKind.BENEFICIARIES, tmp_path / "b.xlsx", language="az"
    )
    with i18n.using_language("az"):
        assert data.title == i18n._("Beneficiaries")
        assert _list_values(workbook, lists[letter["sex"]]) == ["Qadın", "Kişi"]
        assert _list_values(workbook, lists[letter["displacement_status"]]) == [
            vocab.label(status) for status in vocab.DisplacementStatus
        ]
        assert _list_values(workbook, lists[letter["wg_walking"]]) == ["1", "2", "3", "4"]
        # 74 rayons and cities are far over Excel's 255 characters: a named list, hidden sheet.
        rayons = _list_values(workbook, lists[letter["rayon"]])
        assert not lists[letter["rayon"]].startswith('"')
        assert len(rayons) == len(places.rayons())
        assert {"Bakı", "Şəki", "Şəki şəhəri"} <= set(rayons)
        relations = _list_values(workbook, lists[letter["relation_to_head"]])
        assert relations[0] == vocab.label(vocab.HouseholdRelation.HEAD)
        instructions = workbook[i18n._("Instructions")]
    # Every coded column has its drop-down; text, dates and numbers have none.
    coded = {
        item.key
        for item in fields(ImportKind.BENEFICIARIES)
        if item.type
        in (FieldType.SEX, FieldType.WG, FieldType.RAYON, FieldType.CODE, FieldType.YES_NO)
    }
    assert set(lists) == {letter[key] for key in coded}
    # Dates are formatted as dates, phones and FİN as text (Excel keeps "050…" as typed).
    assert data.column_dimensions[letter["date_of_birth"]].number_format == "dd.mm.yyyy"
    assert data.column_dimensions[letter["consent_date"]].number_format == "dd.mm.yyyy"
    assert data.column_dimensions[letter["phone"]].number_format == "@"
    assert data.column_dimensions[letter["national_id"]].number_format == "@"
    # The instructions: one row per column with its title, whether required, help and forms.
    rows = {
        row[0]: row
        for row in instructions.iter_rows(values_only=True)
        if row[0] in letter  # the column rows
    }
    assert list(rows) == [item.key for item in fields(ImportKind.BENEFICIARIES)]
    with i18n.using_language("az"):
        for item in fields(ImportKind.BENEFICIARIES):
            _key, title, required, holds, accepted = rows[item.key]
            assert title == i18n._(item.title)
            assert required == (i18n._("Yes") if item.required else i18n._("No"))
            assert holds == i18n._(item.help)
            assert (accepted or "") == templates.accepted_forms(item)
        assert "Qadın (female)" not in rows["sex"][4]  # sex is not a code list
        assert "Məcburi köçkün (idp)" in rows["displacement_status"][4]


def test_member_template_in_russian(tmp_path):
    workbook, data, letter, lists = _written("members", tmp_path / "m.xlsx", language="ru")
    with i18n.using_language("ru"):
        assert data.title == i18n._("Members")
        assert _list_values(workbook, lists[letter["sex"]]) == [
            vocab.label(vocab.Sex.FEMALE),
            vocab.label(vocab.Sex.MALE),
        ]
        assert vocab.label(vocab.Sex.FEMALE) == "Женский"
        assert _list_values(workbook, lists[letter["status"]]) == [
            vocab.label(status) for status in vocab.MemberStatus
        ]
        assert _list_values(workbook, lists[letter["is_board_member"]]) == ["Да", "Нет"]
        instructions = workbook[i18n._("Instructions")]
        title_of = {row[0]: row[1] for row in instructions.iter_rows(values_only=True)}
        assert title_of["first_name"] == i18n._("First name")
    assert data.column_dimensions[letter["joined_on"]].number_format == "dd.mm.yyyy"


@pytest.mark.parametrize("language", ["az", "ru", "en"])
def test_every_rayon_in_the_drop_down_reads_back_as_its_own_rayon(language):
    with i18n.using_language(language):
        names = templates.rayon_choices()
    codes = {normalise.parse_rayon(name) for name in names}
    assert codes == {place.pcode for place in places.rayons()}
    assert normalise.parse_rayon("Şəki") == "AZ-SAK"
    assert normalise.parse_rayon("Şəki şəhəri") == "AZ-SA"


def _fill(path: Path, rows: list[dict[str, object]]) -> None:
    """Type rows under the header, as a user does in Excel."""
    workbook = openpyxl.load_workbook(path)
    data = workbook.worksheets[0]
    header = [cell.value for cell in data[1]]
    for number, values in enumerate(rows, start=2):
        for key, value in values.items():
            data.cell(row=number, column=header.index(key) + 1, value=value)
    workbook.save(path)


def _import(database, kind: ImportKind, path: Path) -> run.ImportSummary:
    source = sources.read_source(path)
    proposed = mapping.propose_mapping(kind, source.table)
    # No mapping was needed: every canonical header maps to itself.
    assert proposed.columns == {item.key: item.key for item in fields(kind)}
    with database.reading() as session:
        checked = checking.check(session, kind, source.table, proposed, as_of=AS_OF)
        assert checked.problems == ()
        pairs = duplicates.find_duplicates(session, checked)
    return run.run_import(database, checked, pairs, run.ImportOptions(today=AS_OF))


def test_a_filled_azerbaijani_template_imports_with_no_mapping(db, tmp_path):
    path = templates.write_template("beneficiaries", tmp_path / "b.xlsx", language="az")
    with i18n.using_language("az"):
        low_income = vocab.label(vocab.Vulnerability.LOW_INCOME)  # "Aztəminatlı"
    _fill(
        path,
        [
            {
                "household_code": "A-1",
                "relation_to_head": "Ev təsərrüfatının başçısı",
                "first_name": "Günel",
                "last_name": "Məmmədova",
                "sex": "Qadın",
                "date_of_birth": dt.date(1985, 12, 31),
                "wg_walking": "3",
                "displacement_status": "Məcburi köçkün",
                "phone": "050 123 45 67",
                "national_id": "5zk7p2h",
                "rayon": "Şəki",
                "vulnerability": low_income,
                "consent_date": dt.date(2026, 5, 2),
                "registration_date": dt.date(2026, 5, 2),
            },
            {
                "household_code": "A-1",
                "relation_to_head": "Övlad",
                "sex": "Kişi",
                "age": 7,
                "rayon": "Şəki",
                "registration_date": dt.date(2026, 5, 2),
            },
        ],
    )
    summary = _import(db, ImportKind.BENEFICIARIES, path)
    assert (summary.added, summary.updated, summary.skipped) == (2, 0, 0)
    with db.reading() as session:
        people_ = session.scalars(select(m.Beneficiary).order_by(m.Beneficiary.id)).all()
        head, child = people_
        assert (head.first_name, head.last_name, head.sex) == ("Günel", "Məmmədova", "female")
        assert head.date_of_birth == dt.date(1985, 12, 31)
        assert head.wg_walking == 3 and head.has_disability is True
        assert head.displacement_status == vocab.DisplacementStatus.IDP
        assert head.phone == "+994501234567" and head.national_id == "5ZK7P2H"
        assert head.rayon_code == child.rayon_code
        assert places.place_name(head.rayon_code, "az") == "Şəki"
        assert [v.criterion for v in head.vulnerabilities] == [vocab.Vulnerability.LOW_INCOME]
        assert child.is_anonymous and child.first_name is None and child.estimated_age == 7
        assert head.household_id == child.household_id is not None
        household = session.get(m.Household, head.household_id)
        assert household.code == "A-1" and household.head_id == head.id


def test_a_filled_russian_template_imports_with_no_mapping(db, tmp_path):
    with db.transaction() as session:
        session.add(m.MemberCategory(name="Обычный", annual_fee=10))
    path = templates.write_template("members", tmp_path / "m.xlsx", language="ru")
    with i18n.using_language("ru"):
        active = vocab.label(vocab.MemberStatus.ACTIVE)
    _fill(
        path,
        [
            {
                "first_name": "Ольга",
                "last_name": "Иванова",
                "sex": "Женский",
                "joined_on": dt.date(2020, 3, 1),
                "status": active,
                "category": "Обычный",
                "is_board_member": "Да",
                "rayon": "Bakı",
                "phone": "+994 55 765 43 21",
            }
        ],
    )
    summary = _import(db, ImportKind.MEMBERS, path)
    assert summary.added == 1
    with db.reading() as session:
        member = session.scalars(select(m.Member)).one()
        assert (member.first_name, member.last_name, member.sex) == ("Ольга", "Иванова", "female")
        assert member.joined_on == dt.date(2020, 3, 1)
        assert member.status == vocab.MemberStatus.ACTIVE and member.is_board_member
        assert member.category.name == "Обычный"
        assert places.place_name(member.rayon_code, "az") == "Bakı"
        assert member.phone == "+994557654321"


def test_a_template_is_written_whole_or_not_at_all(tmp_path):
    with pytest.raises(ValidationError):
        templates.write_template("members", tmp_path / "m.csv", language="az")
    assert list(tmp_path.iterdir()) == []
    existing = tmp_path / "keep.xlsx"
    existing.write_bytes(b"old")
    with pytest.raises(EnvironmentFailure):
        templates.write_template("members", tmp_path / "missing" / "m.xlsx", language="az")
    assert existing.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.xlsx"]
    templates.write_template("members", existing, language="az")
    assert openpyxl.load_workbook(existing).worksheets[0]["A1"].value == "membership_no"


def test_the_readme_lists_the_canonical_columns():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    generated = readme.split("<!-- importing:begin", 1)[1].split("-->", 1)[1]
    generated = generated.split("<!-- importing:end -->", 1)[0]
    assert generated.strip() == templates.columns_markdown().strip(), (
        "README's import columns are stale: paste templates.columns_markdown() in"
    )
