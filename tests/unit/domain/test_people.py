"""Rules about people: Washington Group disability, age, FİN, phones and search folding."""

from __future__ import annotations

import datetime as dt

import pytest

from cso_desktop.domain import people


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ((1, 1, 1, 1, 1, 1), False),
        ((2, 2, 2, 2, 2, 2), False),  # "some difficulty" everywhere is below the WG cut-off
        ((1, 3, 1, 1, 1, 1), True),
        ((1, 1, 1, 1, 1, 4), True),
        ((None, None, 3, None, None, None), True),
        ((None, 2, None, None, None, None), False),
        ((None,) * 6, None),  # nothing asked: unknown, never "no disability"
    ],
)
def test_washington_group_cut_off(answers: tuple[int | None, ...], expected: bool | None) -> None:
    assert people.has_disability(answers) is expected


def test_age_on_birthday_and_day_before() -> None:
    born = dt.date(2008, 3, 15)
    assert people.age_on(dt.date(2026, 3, 14), date_of_birth=born) == 17
    assert people.age_on(dt.date(2026, 3, 15), date_of_birth=born) == 18


def test_age_of_a_leap_day_birth() -> None:
    born = dt.date(2008, 2, 29)
    assert people.age_on(dt.date(2026, 2, 28), date_of_birth=born) == 17
    assert people.age_on(dt.date(2026, 3, 1), date_of_birth=born) == 18


def test_estimated_age_grows_from_the_day_it_was_estimated() -> None:
    estimated_on = dt.date(2024, 5, 1)
    assert (
        people.age_on(
            dt.date(2024, 5, 1), date_of_birth=None, estimated_age=40, estimated_on=estimated_on
        )
        == 40
    )
    assert (
        people.age_on(
            dt.date(2026, 5, 1), date_of_birth=None, estimated_age=40, estimated_on=estimated_on
        )
        == 42
    )
    assert (
        people.age_on(
            dt.date(2026, 4, 30), date_of_birth=None, estimated_age=40, estimated_on=estimated_on
        )
        == 41
    )
    assert people.age_on(dt.date(2026, 1, 1), date_of_birth=None) is None


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("5ZK7P2H", True),
        ("5zk7p2h", True),
        (" 5ZK 7P2H ", True),
        ("5ZK7P2", False),
        ("5ZK7P2HH", False),
        ("5ZK-P2H", False),
    ],
)
def test_fin(value: str, valid: bool) -> None:
    assert people.is_valid_fin(value) is valid


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("050 123 45 67", "+994501234567"),
        ("+994 (55) 765-43-21", "+994557654321"),
        ("00994702223344", "+994702223344"),
        ("(012) 498 12 34", "+994124981234"),
        ("501234567", "+994501234567"),
        ("+7 916 123 45 67", None),
        ("12345", None),
    ],
)
def test_phone_normalisation(value: str, expected: str | None) -> None:
    assert people.normalise_phone(value) == expected


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("ŞÜKÜROV", "şükür"),
        ("İsmayıl", "ismayıl"),
        ("ISMAYILOV", "İsmayıl"),
        ("Əliyeva Günel", "əliyeva"),
        ("Иванова", "ивано"),
        ("ЁЛКИНА", "елкина"),
        ("Çingiz Ağayev", "ÇİNGİZ"),
    ],
)
def test_fold_matches_azerbaijani_and_cyrillic_case(stored: str, typed: str) -> None:
    assert people.fold(typed) in people.fold(stored)


def test_fold_keeps_letters_apart() -> None:
    # Folding is about case, not about merging letters that Azerbaijani tells apart.
    assert people.fold("Şəki") != people.fold("Seki")
    assert people.fold("Gəncə") != people.fold("Gence")


def test_search_key_joins_present_parts() -> None:
    assert people.search_key(["Əli", None, "B-000001", ""]) == "əli b-000001"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("150", "150.00"),
        ("150,5", "150.50"),
        ("1 234,56", "1234.56"),
        ("150.25", "150.25"),
        ("0", "0.00"),
    ],
)
def test_amounts_as_typed_on_local_keyboards(typed: str, expected: str) -> None:
    from decimal import Decimal

    from cso_desktop.domain import validation

    assert validation.money(typed, field="amount") == Decimal(expected)


@pytest.mark.parametrize(
    ("typed", "message"), [("-5", "zero or more"), ("abc", "such as"), ("1.234", "two decimals")]
)
def test_bad_amounts_say_what_to_type(typed: str, message: str) -> None:
    from cso_desktop.domain import validation
    from cso_desktop.domain.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        validation.money(typed, field="amount")
    assert message in info.value.user_message
