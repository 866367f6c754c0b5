"""Translations and locale formatting: every catalog complete, every message formats."""

from __future__ import annotations

import datetime as dt
import re
import string
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from cso_desktop import i18n
from cso_desktop.domain import vocab
from cso_desktop.services import registers, summary

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
SHIPPED = ("az", "ru")


def _catalog(language: str):  # type: ignore[no-untyped-def]
    path = TRANSLATIONS / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _placeholders(text: str) -> set[str]:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    names |= set(re.findall(r"%\((\w+)\)[sdr]", text))
    if re.search(r"%[sdr]", text):
        names.add("%")
    return names


@pytest.mark.parametrize("language", SHIPPED)
def test_catalog_is_complete_and_not_fuzzy(language: str) -> None:
    catalog = _catalog(language)
    messages = [m for m in catalog if m.id]
    assert len(messages) > 100
    untranslated = [m.id for m in messages if not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not untranslated, untranslated[:10]
    assert not fuzzy, fuzzy[:10]


@pytest.mark.parametrize("language", SHIPPED)
def test_every_translation_keeps_its_placeholders(language: str) -> None:
    for message in _catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(_placeholders(i) for i in ids))
        for translated in strings:
            # A plural form may leave out {count} (e.g. "one record"), never add unknown names.
            assert _placeholders(translated) <= expected | {"%"}, (message.id, translated)
            if not message.pluralizable:
                assert _placeholders(translated) == _placeholders(ids[0]), (message.id, translated)


@pytest.mark.parametrize("language", SHIPPED)
def test_every_message_formats_in_every_language(language: str) -> None:
    i18n.set_language(language)
    for message in _catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        names = {n for i in ids for n in _placeholders(i) if n != "%"}
        if message.pluralizable:
            for count in (0, 1, 2, 5, 21):
                text = i18n.ngettext(ids[0], ids[1], count)
                text.format(**{**dict.fromkeys(names, "x"), "count": count})
        elif "{" in ids[0]:
            i18n._(ids[0]).format(**dict.fromkeys(names, "x"))


def test_every_label_and_title_is_in_the_catalog() -> None:
    msgids = {m.id for m in _catalog("az") if m.id}
    wanted = {*vocab.all_labels(), *registers.all_titles(), *summary.count_labels().values()}
    assert wanted - msgids == set()


def test_switching_language_changes_text_and_notifies() -> None:
    heard: list[str] = []
    i18n.add_language_listener(heard.append)
    try:
        i18n.set_language("ru")
        russian = i18n._("Beneficiaries")
        i18n.set_language("az")
        azerbaijani = i18n._("Beneficiaries")
        i18n.set_language("en")
    finally:
        i18n.remove_language_listener(heard.append)
    assert heard == ["ru", "az", "en"]
    assert i18n._("Beneficiaries") == "Beneficiaries"
    assert len({russian, azerbaijani, "Beneficiaries"}) == 3


def test_russian_plurals() -> None:
    i18n.set_language("ru")
    forms = {
        n: i18n.ngettext("{count} row", "{count} rows", n).format(count=n) for n in (1, 3, 5, 21)
    }
    assert forms[1] != forms[3] != forms[5]
    assert forms[21].replace("21", "1") == forms[1]


@pytest.mark.parametrize(
    ("language", "money", "day"),
    [
        ("az", "1.234.567,89\xa0₼", "7 mar 2025"),
        ("ru", "1\xa0234\xa0567,89\xa0AZN", "7 мар. 2025\u202fг."),
        ("en", "AZN1,234,567.89", "7 Mar 2025"),
    ],
)
def test_money_and_dates_follow_the_language(language: str, money: str, day: str) -> None:
    i18n.set_language(language)
    assert i18n.format_money(Decimal("1234567.891"), "AZN") == money
    assert i18n.format_date(dt.date(2025, 3, 7)) == day
    assert i18n.format_money(None, "AZN") == ""


def test_language_codes_are_normalised() -> None:
    assert i18n.normalise_language("az_AZ.UTF-8") == "az"
    assert i18n.normalise_language("ru-RU") == "ru"
    assert i18n.normalise_language("fr_FR") is None
    assert i18n.set_language("fr") == "en"


def test_system_language(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert i18n.system_language() == "ru"


def test_a_thread_can_speak_another_language_without_touching_the_window() -> None:
    import threading

    i18n.set_language("az")
    heard: list[str] = []
    seen: dict[str, str] = {}

    def worker() -> None:
        with i18n.using_language("ru") as code:
            seen["code"] = code
            seen["label"] = vocab.label(vocab.Sex.FEMALE)
            seen["money"] = i18n.format_money(Decimal("1234.5"), "AZN")
            # The window's thread is not affected while the block runs.
            window_language.wait(timeout=5)
        seen["after"] = i18n.current_language()

    window_language = threading.Event()
    i18n.add_language_listener(heard.append)
    try:
        thread = threading.Thread(target=worker)
        thread.start()
        while "label" not in seen and thread.is_alive():
            thread.join(timeout=0.01)
        assert i18n.current_language() == "az"
        assert vocab.label(vocab.Sex.FEMALE) == i18n._("Female") != "Female"
        window_language.set()
        thread.join(timeout=5)
    finally:
        i18n.remove_language_listener(heard.append)
    assert seen["code"] == "ru"
    assert seen["label"] == "Женский"
    assert seen["money"] == "1\xa0234,50\xa0AZN"  # Russian grouping, not the window's
    assert seen["after"] == "az"
    assert heard == []
