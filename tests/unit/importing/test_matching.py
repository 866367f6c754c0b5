"""match_key: Azerbaijani, Russian and English spellings of one name meet; other names don't."""

from __future__ import annotations

import pytest

from cso_desktop.domain.matching import match_key

SAME = [
    ("Əliyev", "Aliyev", "Алиев", "Aliev", "ƏLİYEV", "  əliyev "),
    ("Məmmədov", "Mammadov", "Мамедов", "Mamedov"),
    ("Hüseynov", "Гусейнов", "Huseynov", "Guseynov"),
    ("Xəlilov", "Халилов", "Khalilov", "Halilov"),
    ("Cəfərov", "Джафаров", "Jafarov", "Dzhafarov"),
    ("Qasımov", "Гасымов", "Gasimov"),
    ("Həsənov", "Гасанов", "Hasanov"),
    ("Quliyev", "Кулиев", "Guliyev"),
    ("Abdullayev", "Абдуллаев", "Abdulaev"),
    ("Şəhla", "Шахла", "Shahla", "Sahla"),
    ("Gülnarə", "Гюльнара", "Gulnara"),
    ("İsmayıl", "Исмаил", "Ismail", "Ismayil", "ISMAYIL"),
    ("Çingiz", "Чингиз", "Chingiz", "Cingiz"),
    ("Nigar", "Нигяр"),
    ("Ceyhun", "Джейхун", "Jeyhun"),
    ("Rəşid", "Рашид", "Rashid"),
    ("Elçin", "Эльчин", "Elchin"),
    ("Leyla", "Лейла"),
    ("Yusif", "Юсиф"),
    ("Eyvaz", "Эйваз"),
    ("Ağayev", "Агаев", "Aghayev"),
    # Azerbaijani Cyrillic, as in lists typed before 1991.
    ("Һәсәнов", "Həsənov"),
    ("Ҹәфәров", "Cəfərov"),
    ("Əli-Rza", "Əli Rza", "Alirza"),
]

DIFFERENT = [
    ("Əliyev", "Vəliyev"),
    ("Məmmədov", "Mahmudov"),
    ("Həsənov", "Hüseynov"),
    ("Aliyev", "Aliyeva"),
    ("Rəşad", "Rəşid"),
    ("Nigar", "Nərgiz"),
    ("Orxan", "Ürfan"),
    ("Leyla", "Lalə"),
    ("Səbinə", "Sevinc"),
    ("Kamran", "Kamal"),
    ("Tural", "Turan"),
    ("Мамедов", "Махмудов"),
]


@pytest.mark.parametrize("spellings", SAME, ids=lambda s: s[0])
def test_spellings_of_one_name_meet(spellings: tuple[str, ...]) -> None:
    keys = {match_key(name) for name in spellings}
    assert len(keys) == 1, dict(zip(spellings, map(match_key, spellings), strict=True))
    assert keys.pop()  # never empty for a real name


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_names_stay_apart(one: str, other: str) -> None:
    assert match_key(one) != match_key(other)


def test_the_skeleton_is_plain_latin_with_classes() -> None:
    assert match_key("Əliyev") == "aliav"
    assert match_key("Məmmədov") == "mamadov"
    assert match_key("Hüseynov") == "husaynov"
    assert match_key("Xəlilov") == "halilov"


@pytest.mark.parametrize("empty", [None, "", "   ", "-", "123"])
def test_empty_and_letterless_text_gives_an_empty_key(empty: str | None) -> None:
    assert match_key(empty) == ""


def test_other_accented_letters_count_as_their_base_letter() -> None:
    assert match_key("Renée") == match_key("Renee")
