"""Proposing, saving and loading column mappings (mapping.py, schema.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cso_desktop import paths
from cso_desktop.domain.errors import ValidationError
from cso_desktop.services.importing import schema
from cso_desktop.services.importing.mapping import (
    Mapping,
    header_key,
    load_mapping,
    missing_required,
    propose_mapping,
    save_mapping,
    saved_mappings,
    store_mapping,
)
from cso_desktop.services.importing.schema import FieldType, ImportKind
from cso_desktop.services.importing.sources import Table


def _table(headers: tuple[str, ...], *rows: tuple[object, ...]) -> Table:
    return Table("t", headers, tuple(rows), tuple(range(2, len(rows) + 2)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ("Soyadı", "Adı", "Ata adı", "Cinsi", "Doğum tarixi", "Rayon", "Telefon", "FİN"),
            (
                "last_name",
                "first_name",
                "patronymic",
                "sex",
                "date_of_birth",
                "rayon",
                "phone",
                "national_id",
            ),
        ),
        (
            ("Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "Район", "Телефон", "ФИН"),
            (
                "last_name",
                "first_name",
                "patronymic",
                "sex",
                "date_of_birth",
                "rayon",
                "phone",
                "national_id",
            ),
        ),
        (
            ("Surname", "First name", "Gender", "DOB", "District", "Phone number", "National ID"),
            ("last_name", "first_name", "sex", "date_of_birth", "rayon", "phone", "national_id"),
        ),
        (
            ("hh/member/first_name", "hh/member/jins", "hh/member/birth_date", "hh/region"),
            ("first_name", "sex", "date_of_birth", "rayon"),
        ),
        (
            ("ADI *", "Doğum tarixi (gg.aa.iiii)", "cins:", "RAYON"),
            ("first_name", "date_of_birth", "sex", "rayon"),
        ),
    ],
)
def test_headers_in_az_ru_en_and_kobo_names(
    headers: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    mapping = propose_mapping(ImportKind.BENEFICIARIES, _table(headers))
    assert {mapping.columns[key]: key for key in mapping.columns} == dict(
        zip(headers, expected, strict=True)
    )


def test_canonical_names_and_translated_titles_match() -> None:
    fields = schema.fields(ImportKind.BENEFICIARIES)
    headers = tuple(f.key for f in fields)
    mapping = propose_mapping("beneficiaries", _table(headers))
    assert mapping.columns == {f.key: f.key for f in fields}
    titles = tuple(f.title for f in fields)
    assert propose_mapping("beneficiaries", _table(titles)).columns == {
        f.key: f.title for f in fields
    }


def test_leftover_columns_mapped_by_their_content() -> None:
    table = _table(
        ("Sütun 1", "Sütun 2", "Sütun 3", "Sütun 4", "Sütun 5"),
        ("Əli", "5ZK7P2H", "050 123 45 67", "12.03.1985", "kişi"),
        ("Aygün", "AB12CD3", "+994 55 765 43 21", "1990-01-31", "qadın"),
        ("Vəli", None, "0701112233", "01.01.2000", "M"),
    )
    mapping = propose_mapping(ImportKind.BENEFICIARIES, table)
    assert mapping.columns == {
        "sex": "Sütun 5",
        "date_of_birth": "Sütun 4",
        "phone": "Sütun 3",
        "national_id": "Sütun 2",
    }


def test_a_header_match_is_not_taken_again_by_content() -> None:
    table = _table(
        ("Doğum tarixi", "Qeydiyyat tarixi"),
        ("12.03.1985", "01.02.2024"),
    )
    mapping = propose_mapping(ImportKind.BENEFICIARIES, table)
    assert mapping.columns == {
        "date_of_birth": "Doğum tarixi",
        "registration_date": "Qeydiyyat tarixi",
    }


def test_attendance_and_expense_headers() -> None:
    attendance = propose_mapping(
        "attendance", _table(("Fəaliyyət kodu", "Benefisiar", "Tarix", "Xidmət", "Miqdar"))
    )
    assert set(attendance.columns) == {
        "activity_code",
        "beneficiary",
        "date",
        "service",
        "quantity",
    }
    expenses = propose_mapping(
        "expenses",
        _table(
            ("Код проекта", "Статья бюджета", "Дата", "Получатель", "Описание", "Сумма", "Валюта")
        ),
    )
    assert set(expenses.columns) == {
        "project_code",
        "budget_line",
        "date",
        "payee",
        "description",
        "amount",
        "currency",
    }


def test_missing_required_fields() -> None:
    mapping = Mapping(ImportKind.MEMBERS, {"first_name": "Ad", "sex": "Cins"})
    assert [f.key for f in missing_required(mapping)] == ["last_name", "joined_on"]


def test_every_kind_has_fields_with_types_and_help() -> None:
    for kind in ImportKind:
        fields = schema.fields(kind)
        assert len({f.key for f in fields}) == len(fields)
        assert all(f.help for f in fields)
        assert all(f.vocabulary is not None for f in fields if f.type == FieldType.CODE)
    assert schema.field("beneficiaries", "sex").synonyms[:3] == ("cins", "cinsi", "cinsiyyət")
    with pytest.raises(KeyError):
        schema.field("members", "nothing")


def test_header_key_folds_spellings() -> None:
    assert header_key("DOĞUM_TARİXİ") == header_key("doğum tarixi")
    assert header_key("group/sub/Cinsi *") == "cinsi"


def test_save_and_load_by_path(tmp_path: Path) -> None:
    mapping = Mapping(ImportKind.BENEFICIARIES, {"first_name": "Adı", "sex": "Cinsi"}, "Kobo 2024")
    path = tmp_path / "map.json"
    save_mapping(mapping, path)
    assert json.loads(path.read_text(encoding="utf-8"))["columns"] == {
        "first_name": "Adı",
        "sex": "Cinsi",
    }
    assert load_mapping(path) == mapping


def test_store_by_name_in_the_user_data_folder() -> None:
    first = Mapping(ImportKind.MEMBERS, {"first_name": "Ad"}, "Üzvlər 2023")
    second = Mapping(ImportKind.VOLUNTEERS, {"first_name": "Имя"}, "Волонтёры")
    path = store_mapping(first)
    assert path.parent == paths.data_dir() / "import-mappings"
    store_mapping(second)
    replaced = store_mapping(Mapping(ImportKind.MEMBERS, {"last_name": "Soyad"}, "Üzvlər 2023"))
    assert replaced == path
    found = saved_mappings()
    assert list(found) == ["Üzvlər 2023", "Волонтёры"]
    assert load_mapping(found["Üzvlər 2023"]).columns == {"last_name": "Soyad"}
    with pytest.raises(ValidationError, match="Give the mapping a name"):
        store_mapping(Mapping(ImportKind.MEMBERS, {}, "  "))


def test_saved_mappings_skip_unreadable_files() -> None:
    folder = paths.data_dir() / "import-mappings"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    assert saved_mappings() == {}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "is not an import mapping"),
        ("[1, 2]", "is not an import mapping"),
        ('{"kind": "cats", "columns": {}}', "is not an import mapping"),
        ('{"kind": "members", "columns": {"shoe_size": "X"}}', "shoe_size"),
    ],
)
def test_load_refuses_what_is_not_a_mapping(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError, match=expected):
        load_mapping(path)
    with pytest.raises(ValidationError, match="was not found"):
        load_mapping(tmp_path / "none.json")


def test_dates_in_a_content_column_need_most_values_to_read() -> None:
    table = _table(
        ("X",),
        ("12.03.1985",),
        ("hello",),
        (dt.date(2000, 1, 1),),
    )
    assert propose_mapping(ImportKind.BENEFICIARIES, table).columns == {}
