"""Values as people type them, read into the app's values (domain/normalise.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cso_desktop.domain import normalise
from cso_desktop.domain.vocab import DisplacementStatus, Sex, Vulnerability


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("qadın", Sex.FEMALE),
        ("Qadın", Sex.FEMALE),
        ("QADIN", Sex.FEMALE),
        ("Q", Sex.FEMALE),
        ("Ж", Sex.FEMALE),
        ("жен.", Sex.FEMALE),
        ("Женский", Sex.FEMALE),
        ("female", Sex.FEMALE),
        ("F", Sex.FEMALE),
        (" Qadın ", Sex.FEMALE),
        ("kişi", Sex.MALE),
        ("KİŞİ", Sex.MALE),
        ("М", Sex.MALE),  # Cyrillic
        ("M", Sex.MALE),  # Latin
        ("муж.", Sex.MALE),
        ("male", Sex.MALE),
        ("m", Sex.MALE),
        ("Digər", Sex.OTHER),
        ("Naməlum", Sex.UNKNOWN),
        ("", None),
        (None, None),
    ],
)
def test_sex_in_three_languages(text: str | None, expected: Sex | None) -> None:
    assert normalise.parse_sex(text) == expected


@pytest.mark.parametrize("text", ["x", "qadınlar", "2", "женщины и мужчины"])
def test_unknown_sex_words_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        normalise.parse_sex(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05.03.1985", dt.date(1985, 3, 5)),
        ("5.3.1985", dt.date(1985, 3, 5)),
        ("1985-03-05", dt.date(1985, 3, 5)),
        ("05/03/1985", dt.date(1985, 3, 5)),
        ("05-03-1985", dt.date(1985, 3, 5)),
        ("1985-03-05T00:00:00", dt.date(1985, 3, 5)),
        ("2024-02-01 10:22:33", dt.date(2024, 2, 1)),
        (31111, dt.date(1985, 3, 5)),  # an Excel serial number
        (31111.75, dt.date(1985, 3, 5)),  # with a time of day
        ("31111", dt.date(1985, 3, 5)),  # a serial saved to CSV as text
        (Decimal(45000), dt.date(2023, 3, 15)),
        # Excel's 1900 leap-year bug: day 60 is the 29 February 1900 that never was.
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),
        (1, dt.date(1900, 1, 1)),
        (dt.datetime(2020, 1, 2, 15, 30), dt.date(2020, 1, 2)),
        (dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
        ("", None),
        (None, None),
    ],
)
def test_dates_as_written(value: object, expected: dt.date | None) -> None:
    assert normalise.parse_date(value) == expected


@pytest.mark.parametrize(
    "value", ["31.02.1985", "05.03.85", "1985", "yesterday", 60, 0, -5, 10**9, "13/13/2000"]
)
def test_impossible_or_ambiguous_dates_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        normalise.parse_date(value)


def test_serial_numbers_can_be_refused() -> None:
    with pytest.raises(ValueError):
        normalise.parse_date(31111, excel_serial_ok=False)
    assert normalise.parse_date("05.03.1985", excel_serial_ok=False) == dt.date(1985, 3, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bərdə", "AZ-BAR"),
        ("Bərdə rayonu", "AZ-BAR"),
        ("BƏRDƏ RAYONU", "AZ-BAR"),
        ("Барда", "AZ-BAR"),
        ("Бардинский район", None),  # adjectival forms are not guessed
        ("Barda district", "AZ-BAR"),
        ("Barda", "AZ-BAR"),
        ("AZ-BAR", "AZ-BAR"),
        ("az-bar", "AZ-BAR"),
        ("BAR", "AZ-BAR"),
        ("Abşeron r-nu", "AZ-ABS"),
        ("Апшерон", "AZ-ABS"),
        ("Absheron", "AZ-ABS"),
        ("р-н Сабирабад", "AZ-SAB"),
        ("Sabirabad rayonu", "AZ-SAB"),
        ("İsmayıllı", "AZ-ISM"),
        ("Ismayilli", "AZ-ISM"),
        ("Bakı", "AZ-BA"),
        ("Bakı şəhəri", "AZ-BA"),
        ("г. Баку", "AZ-BA"),
        ("Baku city", "AZ-BA"),
        # A city and its rayon with one name: the plain name is the rayon.
        ("Lənkəran", "AZ-LAN"),
        ("Lənkəran rayonu", "AZ-LAN"),
        ("Lənkəran şəhəri", "AZ-LA"),
        ("Lankaran (city)", "AZ-LA"),
        ("Ленкорань", "AZ-LAN"),
        ("Шеки", "AZ-SAK"),
        ("Гёйгёль", "AZ-GYG"),
        ("", None),
    ],
)
def test_rayons_in_three_languages(text: str, expected: str | None) -> None:
    if expected is None and text:
        with pytest.raises(ValueError):
            normalise.parse_rayon(text)
    else:
        assert normalise.parse_rayon(text) == expected


@pytest.mark.parametrize("text", ["Mars", "AZ-XXX", "rayonu", "ER01", "AZ-ER01"])
def test_unknown_rayons_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        normalise.parse_rayon(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("050 123 45 67", "+994501234567"),
        ("+994 50 1234567", "+994501234567"),
        ("994501234567", "+994501234567"),
        ("(050) 123-45-67", "+994501234567"),
        ("00994 55 123 45 67", "+994551234567"),
        (994501234567, "+994501234567"),  # a number cell
        (501234567.0, "+994501234567"),  # the leading 0 lost by Excel
        ("012 493 12 34", "+994124931234"),
        ("", None),
    ],
)
def test_azerbaijani_phones(value: object, expected: str | None) -> None:
    assert normalise.parse_phone(value) == expected


@pytest.mark.parametrize("value", ["123", "+7 912 345 67 89", "phone"])
def test_foreign_or_short_phones_are_refused(value: str) -> None:
    with pytest.raises(ValueError):
        normalise.parse_phone(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bəli", True),
        ("Hə", True),
        ("да", True),
        ("Yes", True),
        ("1", True),
        (1, True),
        ("xeyr", False),
        ("yox", False),
        ("нет", False),
        ("no", False),
        (0, False),
        ("", None),
    ],
)
def test_yes_no(value: object, expected: bool | None) -> None:
    assert normalise.parse_yes_no(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1),
        (4.0, 4),
        ("3", 3),
        ("No difficulty", 1),
        ("Bir az çətinlik", 2),
        ("большие затруднения", 3),
        ("Heç edə bilmir", 4),
        ("cannot_do", 4),
        ("2 - some difficulty", 2),
        ("", None),
    ],
)
def test_washington_group_answers(value: object, expected: int | None) -> None:
    assert normalise.parse_wg(value) == expected


@pytest.mark.parametrize("value", [0, 5, "5", 2.5, "maybe"])
def test_washington_group_answers_out_of_range(value: object) -> None:
    with pytest.raises(ValueError):
        normalise.parse_wg(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150,50", Decimal("150.50")),
        ("150.50", Decimal("150.50")),
        ("1 234,56", Decimal("1234.56")),
        ("1\u00a0234,56", Decimal("1234.56")),
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        (150.5, Decimal("150.5")),
        (0.1 + 0.2, Decimal("0.3")),  # Excel's binary noise dropped
        (42, Decimal(42)),
        ("", None),
    ],
)
def test_decimals_with_a_comma(value: object, expected: Decimal | None) -> None:
    assert normalise.parse_decimal(value) == expected


@pytest.mark.parametrize("value", ["abc", "1,2,3", "NaN", "inf", "12 AZN"])
def test_unreadable_numbers(value: str) -> None:
    with pytest.raises(ValueError):
        normalise.parse_decimal(value)


def test_integers() -> None:
    assert normalise.parse_integer("35") == 35
    assert normalise.parse_integer(35.0) == 35
    with pytest.raises(ValueError):
        normalise.parse_integer("35,5")


def test_codes_by_value_name_or_label_in_any_language() -> None:
    assert normalise.parse_code("idp", DisplacementStatus) == DisplacementStatus.IDP
    assert normalise.parse_code("IDP", DisplacementStatus) == DisplacementStatus.IDP
    assert normalise.parse_code("Internally displaced", DisplacementStatus) == (
        DisplacementStatus.IDP
    )
    assert normalise.parse_code("low income", Vulnerability) == Vulnerability.LOW_INCOME
    assert normalise.parse_code(None, Vulnerability) is None
    with pytest.raises(ValueError):
        normalise.parse_code("martian", DisplacementStatus)


def test_lists_in_one_cell() -> None:
    assert normalise.split_list("low_income; unemployed") == ("low_income", "unemployed")
    assert normalise.split_list("low_income unemployed") == ("low_income", "unemployed")
    assert normalise.split_list("Aşağı gəlir, İşsiz") == ("Aşağı gəlir", "İşsiz")
    assert normalise.split_list("") == ()


def test_cell_text_shows_numbers_as_typed() -> None:
    assert normalise.cell_text(1234567.0) == "1234567"
    assert normalise.cell_text(Decimal("12.00")) == "12"
    assert normalise.cell_text("  Əli   Vəli ") == "Əli Vəli"
    assert normalise.cell_text(dt.datetime(2024, 1, 2)) == "2024-01-02"
    assert normalise.cell_text(None) == ""
