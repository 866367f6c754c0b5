"""Rayons and vocabulary labels."""

from __future__ import annotations

from cso_desktop import i18n
from cso_desktop.domain import places, vocab


def test_rayons_cover_the_country() -> None:
    rayons = places.rayons()
    codes = {p.pcode for p in rayons}
    assert len(rayons) == 77  # 66 rayons + 11 cities of republican subordination
    assert {"AZ-BA", "AZ-GA", "AZ-SM", "AZ-ISM", "AZ-AGM"} <= codes
    assert all(p.parent_pcode.startswith("AZ-ER") for p in rayons)


def test_place_names_follow_the_language() -> None:
    assert places.place_name("AZ-ISM", "az") == "İsmayıllı"
    assert places.place_name("AZ-ISM", "en") == "Ismayilli"
    assert places.place_name("AZ-ZZZ", "az") == "AZ-ZZZ"
    assert places.place_name(None) == ""


def test_labels_are_per_vocabulary() -> None:
    # "other" is a code in several vocabularies with different labels.
    assert vocab.label(vocab.Sex.OTHER) == "Other"
    assert vocab.label("other", vocab.IncomeKind) == "Other income"
    assert vocab.label("other", vocab.TrainingKind) == "Other training"
    assert vocab.label(vocab.WgAnswer.CANNOT_DO) == "Cannot do at all"
    assert vocab.label("unheard-of", vocab.Sex) == "unheard-of"


def test_every_vocabulary_member_has_a_label() -> None:
    vocabularies = [
        v
        for v in vars(vocab).values()
        if isinstance(v, type) and issubclass(v, vocab.StrEnum) and v is not vocab.StrEnum
    ]
    assert len(vocabularies) > 15
    for vocabulary in vocabularies:
        for member in vocabulary:
            assert vocab.label(member) != member.value, member


def test_choices_are_translated(monkeypatch: object) -> None:
    i18n.set_language("en")
    assert ("idp", "Internally displaced") in vocab.choices(vocab.DisplacementStatus)
