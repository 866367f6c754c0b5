"""Values as people type them in spreadsheets, turned into the app's values.

Lists arrive from Excel, CSV and KoboToolbox, typed by many hands in Azerbaijani, Russian or
English: "Qadın", "Ж", "female"; "05.03.1985", "1985-03-05" or an Excel serial number; "Bərdə
rayonu", "Барда", "Barda district"; "050 123 45 67". Each ``parse_*`` function returns ``None``
for an empty cell and raises a bare :class:`ValueError` for a value it cannot read; the importer
turns that into a translated problem that says what to type instead. Nothing here is translated
or stored.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache

from cso_desktop.domain import people, places, vocab
from cso_desktop.i18n import using_language

#: Anything a spreadsheet cell can hold once read (see ``services.importing.sources.Cell``).
CellValue = str | int | float | Decimal | dt.date | dt.datetime | None

LANGUAGES = ("az", "ru", "en")


def cell_text(value: object) -> str:
    """A cell as the text the user typed: numbers without a spurious ``.0``, dates as ISO,
    spaces trimmed and collapsed. Empty cells give ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        if value.is_finite() and value.adjusted() < 30 and value == value.to_integral_value():
            return str(int(value))
        return str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _key(value: object) -> str:
    """Folded text with punctuation at the ends removed: ``"Жен."`` → ``"жен"``."""
    return people.fold(cell_text(value)).strip(" .,;:!?'\"«»()[]")


# --- sex --------------------------------------------------------------------------------------

_SEX_WORDS: dict[vocab.Sex, tuple[str, ...]] = {
    vocab.Sex.FEMALE: (
        "qadın",
        "qadin",
        "q",
        "qız",
        "qiz",
        "qadın cinsi",
        "ж",
        "жен",
        "женский",
        "женщина",
        "женск",
        "д",
        "девочка",
        "female",
        "f",
        "woman",
        "girl",
        "w",
        "kadın",
        "kadin",
        "qadın/qız",
    ),
    vocab.Sex.MALE: (
        "kişi",
        "kisi",
        "k",
        "oğlan",
        "oglan",
        "kişi cinsi",
        "erkək",
        "erkek",
        "м",
        "муж",
        "мужской",
        "мужчина",
        "мужск",
        "мальчик",
        "male",
        "m",
        "man",
        "boy",
        "kişi/oğlan",
    ),
    vocab.Sex.OTHER: ("digər", "diger", "другой", "другое", "other", "o"),
    vocab.Sex.UNKNOWN: (
        "naməlum",
        "namelum",
        "bilinmir",
        "неизвестно",
        "не указан",
        "unknown",
        "u",
        "n/a",
    ),
}


@cache
def _sex_lookup() -> dict[str, vocab.Sex]:
    lookup: dict[str, vocab.Sex] = {}
    for sex, words in _SEX_WORDS.items():
        for word in (*words, sex.value, *_labels(sex)):
            lookup[_key(word)] = sex
    # Latin "M" and Cyrillic "М" look the same on screen; both mean male.
    return lookup


def parse_sex(text: object) -> vocab.Sex | None:
    """``"Qadın"``, ``"q"``, ``"Ж"``, ``"жен."``, ``"female"``, ``"F"`` → :attr:`Sex.FEMALE` …"""
    key = _key(text)
    if not key:
        return None
    found = _sex_lookup().get(key)
    if found is None:
        raise ValueError
    return found


# --- dates ------------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[./\-\s](\d{1,2})[./\-\s](\d{4})(?:\s*(?:г\.?|il)?)$")
_YMD = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[T\s].*)?$")
_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")
#: Day 1 is 1 January 1900 in Excel; day 60 is the 29 February 1900 that never was (Lotus 1-2-3
#: treated 1900 as a leap year and Excel kept the bug), so from day 61 on day 0 is 30.12.1899.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_LAST = 2958465  # 31.12.9999


def excel_serial_date(serial: float | int | Decimal) -> dt.date:
    """The day an Excel serial number stands for (the fraction is the time of day)."""
    day = int(serial)
    if day < 1 or day > _EXCEL_LAST or day == 60:
        raise ValueError
    if day < 60:
        return dt.date(1899, 12, 31) + dt.timedelta(days=day)
    return _EXCEL_EPOCH + dt.timedelta(days=day)


def parse_date(value: object, *, excel_serial_ok: bool = True) -> dt.date | None:
    """Dates as written in the region: ``31.12.1985``, ``1.2.1985``, ``31/12/1985``,
    ``1985-12-31``; Excel serial numbers (numbers in the cell, or five digits as text); date
    and datetime cells. Two-digit years are refused: ``05.03.25`` may be 1925 or 2025."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float | Decimal):
        if not excel_serial_ok:
            raise ValueError
        try:
            return excel_serial_date(value)
        except (OverflowError, InvalidOperation):
            raise ValueError from None
    text = cell_text(value)
    if not text:
        return None
    try:
        match = _DMY.match(text)
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        match = _YMD.match(text)
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if excel_serial_ok and _SERIAL.match(text):
            return excel_serial_date(Decimal(text.replace(",", ".")))
    except (ValueError, OverflowError):
        raise ValueError from None
    raise ValueError


# --- rayons -----------------------------------------------------------------------------------

#: Russian names of the rayons and cities (the admin list has Azerbaijani and English only),
#: with the older spellings still common in Russian-language lists.
_RUSSIAN_NAMES: dict[str, tuple[str, ...]] = {
    "AZ-BA": ("Баку",),
    "AZ-NV": ("Нахчыван", "Нахичевань"),
    "AZ-BAB": ("Бабек",),
    "AZ-CUL": ("Джульфа",),
    "AZ-KAN": ("Кенгерли",),
    "AZ-ORD": ("Ордубад",),
    "AZ-SAD": ("Садарак",),
    "AZ-SAH": ("Шахбуз",),
    "AZ-SAR": ("Шарур",),
    "AZ-SM": ("Сумгаит", "Сумгайыт"),
    "AZ-ABS": ("Абшерон", "Апшерон"),
    "AZ-XIZ": ("Хызы",),
    "AZ-AGU": ("Агсу",),
    "AZ-ISM": ("Исмаиллы",),
    "AZ-QOB": ("Гобустан",),
    "AZ-SMI": ("Шамахы", "Шемаха"),
    "AZ-GA": ("Гянджа",),
    "AZ-NA": ("Нафталан",),
    "AZ-DAS": ("Дашкесан",),
    "AZ-GOR": ("Горанбой", "Геранбой"),
    "AZ-GYG": ("Гёйгёль", "Гейгель", "Гёйгель"),
    "AZ-SMX": ("Самух",),
    "AZ-XA": ("Ханкенди",),
    "AZ-AGC": ("Агджабеди",),
    "AZ-AGM": ("Агдам",),
    "AZ-BAR": ("Барда", "Бярда"),
    "AZ-FUZ": ("Физули",),
    "AZ-XCI": ("Ходжалы",),
    "AZ-XVD": ("Ходжавенд",),
    "AZ-SUS": ("Шуша",),
    "AZ-TAR": ("Тертер",),
    "AZ-AGA": ("Агстафа",),
    "AZ-GAD": ("Гедабек", "Кедабек"),
    "AZ-QAZ": ("Газах", "Казах"),
    "AZ-SKR": ("Шамкир",),
    "AZ-TOV": ("Товуз",),
    "AZ-XAC": ("Хачмаз",),
    "AZ-QBA": ("Губа", "Куба"),
    "AZ-QUS": ("Гусар", "Кусары"),
    "AZ-SIY": ("Сиазань", "Сиязань"),
    "AZ-SBN": ("Шабран",),
    "AZ-AST": ("Астара",),
    "AZ-CAL": ("Джалилабад",),
    "AZ-LER": ("Лерик",),
    "AZ-LAN": ("Ленкорань", "Ленкеран"),
    "AZ-MAS": ("Масаллы",),
    "AZ-YAR": ("Ярдымлы",),
    "AZ-MI": ("Мингечевир", "Мингечаур"),
    "AZ-AGS": ("Агдаш",),
    "AZ-GOY": ("Гёйчай", "Геокчай"),
    "AZ-KUR": ("Кюрдамир",),
    "AZ-UCA": ("Уджар",),
    "AZ-YEV": ("Евлах",),
    "AZ-ZAR": ("Зардаб",),
    "AZ-BEY": ("Бейлаган",),
    "AZ-IMI": ("Имишли",),
    "AZ-SAT": ("Саатлы",),
    "AZ-SAB": ("Сабирабад",),
    "AZ-BAL": ("Балакен",),
    "AZ-QAX": ("Гах", "Ках"),
    "AZ-QAB": ("Габала", "Кабала"),
    "AZ-OGU": ("Огуз",),
    "AZ-SAK": ("Шеки",),
    "AZ-ZAQ": ("Загатала", "Закаталы"),
    "AZ-CAB": ("Джебраил", "Джабраил"),
    "AZ-KAL": ("Кельбаджар",),
    "AZ-QBI": ("Губадлы", "Кубатлы"),
    "AZ-LAC": ("Лачин",),
    "AZ-ZAN": ("Зангилан",),
    "AZ-SR": ("Ширван",),
    "AZ-BIL": ("Билясувар", "Билесувар"),
    "AZ-HAC": ("Гаджигабул", "Гаджикабул"),
    "AZ-NEF": ("Нефтчала",),
    "AZ-SAL": ("Сальян", "Сальяны"),
}

#: Words around a rayon's name that say what kind of place it is.
_DISTRICT_WORDS = frozenset(
    {
        "rayonu",
        "rayon",
        "ray",
        "r",
        "r-nu",
        "r-n",
        "район",
        "района",
        "р-н",
        "р",
        "district",
        "region",
        "rayonunun",
    }
)
_CITY_WORDS = frozenset(
    {"şəhəri", "şəhər", "şəh", "ş", "seheri", "city", "town", "municipality", "г", "город", "гор"}
)
_ASCII = str.maketrans({"ə": "a", "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u"})
_ROUND_BRACKETS = re.compile(r"[(),]")


def _place_words(text: str) -> tuple[str, bool]:
    """The name's words without "rayonu", "район", "city"…, and whether a city was named."""
    words = _ROUND_BRACKETS.sub(" ", people.fold(text)).replace(".", ". ").split()
    kept: list[str] = []
    city = False
    for word in words:
        bare = word.strip(".")
        if bare in _CITY_WORDS:
            city = True
        elif bare not in _DISTRICT_WORDS and bare:
            kept.append(bare)
    return " ".join(kept), city


@cache
def _rayon_lookup() -> dict[tuple[str, bool], str]:
    """(name key, is a city) → pcode. Where a city and its rayon share a name (Lənkəran, Şəki,
    Yevlax) the plain name is the rayon and the name with "şəhəri"/"city"/"г." the city."""
    lookup: dict[tuple[str, bool], str] = {}
    cities: set[str] = set()
    rayons = places.rayons()
    names_of: dict[str, list[str]] = {}
    for place in rayons:
        names = [place.name_az, place.name_en, *_RUSSIAN_NAMES.get(place.pcode, ())]
        names_of[place.pcode] = names
        if "(city)" in place.name_en:
            cities.add(place.pcode)
    for place in rayons:
        is_city = place.pcode in cities
        for name in names_of[place.pcode]:
            key, _named_city = _place_words(name)
            for variant in (key, key.translate(_ASCII)):
                if is_city:
                    lookup[(variant, True)] = place.pcode
                else:
                    lookup.setdefault((variant, False), place.pcode)
    # Bakı, Gəncə… have no rayon of the same name: found with or without "city"; a city that
    # shares its rayon's name is found without "city" only as the rayon.
    for (name, as_city), pcode in list(lookup.items()):
        lookup.setdefault((name, not as_city), pcode)
    return lookup


def parse_rayon(text: object) -> str | None:
    """A rayon or city named in Azerbaijani, Russian or English, with or without "rayonu",
    "район" or "district", or its ISO code (``AZ-ABS``) → the code (``"AZ-ABS"``)."""
    raw = cell_text(text)
    if not raw:
        return None
    code = raw.upper()
    if not code.startswith("AZ-") and re.fullmatch(r"[A-Z]{2,3}", raw):
        code = "AZ-" + raw
    place = places.by_code(code)
    if place is not None and place.level == "adm2":
        return place.pcode
    name, city = _place_words(raw)
    lookup = _rayon_lookup()
    found = lookup.get((name, city)) or lookup.get((name.translate(_ASCII), city))
    if found is None:
        raise ValueError
    return found


# --- phones, yes/no, Washington Group answers, numbers -----------------------------------------


def parse_phone(text: object) -> str | None:
    """``050 123 45 67``, ``+994 50 1234567``, ``994501234567``, ``(012) 493-12-34`` → the form
    :func:`people.normalise_phone` gives (``+994501234567``)."""
    raw = cell_text(text)
    if not raw:
        return None
    found = people.normalise_phone(raw)
    if found is None:
        raise ValueError
    return found


_YES = ("bəli", "beli", "hə", "he", "var", "да", "д", "есть", "yes", "y", "true", "1", "+", "x")
_NO = ("xeyr", "yox", "yoxdur", "нет", "н", "no", "n", "false", "0", "-")


@cache
def _yes_no_lookup() -> dict[str, bool]:
    lookup = {_key(word): True for word in _YES}
    lookup.update({_key(word): False for word in _NO})
    return lookup


def parse_yes_no(text: object) -> bool | None:
    """Yes or no in Azerbaijani, Russian or English (``"bəli"``, ``"да"``, ``"Y"``, ``1``…)."""
    key = _key(text)
    if not key:
        return None
    found = _yes_no_lookup().get(key)
    if found is None:
        raise ValueError
    return found


_WG_WORDS: dict[int, tuple[str, ...]] = {
    1: (
        "no difficulty",
        "no",
        "çətinlik yoxdur",
        "çətinliyi yoxdur",
        "yoxdur",
        "нет затруднений",
        "нет трудностей",
        "нет",
    ),
    2: (
        "some difficulty",
        "some",
        "bir az çətinlik",
        "bir qədər çətinlik",
        "müəyyən çətinlik",
        "некоторые затруднения",
        "некоторые трудности",
        "есть некоторые затруднения",
    ),
    3: (
        "a lot of difficulty",
        "a lot",
        "lots of difficulty",
        "çox çətinlik",
        "böyük çətinlik",
        "большие затруднения",
        "много затруднений",
        "большие трудности",
    ),
    4: (
        "cannot do at all",
        "cannot do",
        "cannot",
        "unable",
        "heç edə bilmir",
        "edə bilmir",
        "ümumiyyətlə edə bilmir",
        "совсем не может",
        "не может совсем",
        "не может",
    ),
}


@cache
def _wg_lookup() -> dict[str, int]:
    lookup: dict[str, int] = {}
    for answer in vocab.WgAnswer:
        for word in (*_WG_WORDS[int(answer)], answer.name.replace("_", " "), answer.name):
            lookup[_key(word)] = int(answer)
        for text in _labels(answer):
            lookup[_key(text)] = int(answer)
    return lookup


def parse_wg(value: object) -> int | None:
    """A Washington Group answer as its code 1–4 or in words (az, ru, en)."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float | Decimal):
        number = parse_decimal(value)  # refuses NaN and infinities
        if number in (1, 2, 3, 4):
            return int(number)
        raise ValueError
    key = _key(value)
    if not key:
        return None
    if key in ("1", "2", "3", "4"):
        return int(key)
    # "2 - some difficulty", "2) Bir az çətinlik": the code before the words wins.
    leading = re.match(r"^([1-4])\s*[-–.):]\s*\S", key)
    if leading:
        return int(leading[1])
    found = _wg_lookup().get(key)
    if found is None:
        raise ValueError
    return found


_NUMBER_SPACES = str.maketrans({" ": "", "\u00a0": "", "\u202f": "", "'": ""})


def parse_decimal(value: object) -> Decimal | None:
    """A number, with a decimal comma or point and spaces between thousands: ``150,50``,
    ``1 234,5``, ``1.234,50``, ``1,234.50``."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # repr() is the shortest text that reads back as the same float: 150.5, not
        # 150.500000000000001136…; Excel's binary noise beyond 10 decimals is dropped.
        number = Decimal(repr(value))
        if number.is_finite() and number.as_tuple().exponent < -10:  # type: ignore[operator]
            number = number.quantize(Decimal("1e-10")).normalize()
    else:
        text = cell_text(value).translate(_NUMBER_SPACES)
        if not text:
            return None
        if "," in text and "." in text:
            # Whichever comes last is the decimal separator.
            if text.rfind(",") > text.rfind("."):
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?", text, re.IGNORECASE):
            raise ValueError
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


def parse_integer(value: object) -> int | None:
    """A whole number (``35``, ``35.0``, ``"35"``)."""
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value() or abs(number) > 10**12:
        raise ValueError
    return int(number)


def parse_code(value: object, vocabulary: type[StrEnum]) -> StrEnum | None:
    """A code of ``vocabulary`` written as its code (``"idp"``), its name (``"IDP"``) or its
    label in Azerbaijani, Russian or English (``"Məcburi köçkün"``)."""
    key = _key(value)
    if not key:
        return None
    found = _code_lookup(vocabulary).get(key) or _code_lookup(vocabulary).get(key.replace("_", " "))
    if found is None:
        raise ValueError
    return found


@cache
def _code_lookup(vocabulary: type[StrEnum]) -> dict[str, StrEnum]:
    lookup: dict[str, StrEnum] = {}
    for member in vocabulary:
        for text in (member.value, member.name, *_labels(member)):
            lookup.setdefault(_key(text), member)
            lookup.setdefault(_key(text).replace("_", " "), member)
    return lookup


def split_list(value: object) -> tuple[str, ...]:
    """Several values in one cell, separated by commas, semicolons, new lines or Kobo's spaces
    between choice names: ``"low_income unemployed"``, ``"Aşağı gəlir; İşsiz"``."""
    text = unicodedata.normalize("NFC", str(value or "")).strip()
    if not text:
        return ()
    parts = re.split(r"[;,\n|]+", text)
    if len(parts) == 1 and "_" in text and " " in text:
        parts = text.split()
    return tuple(p.strip() for p in parts if p.strip())


def _labels(member: StrEnum | vocab.WgAnswer) -> Iterable[str]:
    """The member's label in every language the app speaks."""
    texts = []
    for language in LANGUAGES:
        with using_language(language):
            texts.append(vocab.label(member))
    return texts
