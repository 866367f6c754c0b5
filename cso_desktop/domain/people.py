"""Rules about people that do not depend on storage: disability, age, identifiers, search keys."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence

from cso_desktop.domain.vocab import WgAnswer

#: The six Washington Group short-set domains, in the order the questions must be asked.
WG_DOMAINS: tuple[str, ...] = (
    "seeing",
    "hearing",
    "walking",
    "remembering",
    "selfcare",
    "communicating",
)


def has_disability(answers: Sequence[int | None]) -> bool | None:
    """Washington Group recommended cut-off: a disability if any domain is 3 or 4.

    Returns ``None`` when no question was answered (unknown), so unknowns are never
    counted as "no disability".
    """
    given = [a for a in answers if a is not None]
    if not given:
        return None
    return any(a >= WgAnswer.A_LOT_OF_DIFFICULTY for a in given)


def age_on(
    on: dt.date,
    *,
    date_of_birth: dt.date | None,
    estimated_age: int | None = None,
    estimated_on: dt.date | None = None,
) -> int | None:
    """Age in whole years on ``on``; an estimate is aged forward from the day it was made."""
    if date_of_birth is not None:
        years = on.year - date_of_birth.year
        if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
            years -= 1
        return years
    if estimated_age is not None:
        if estimated_on is None:
            return estimated_age
        # Whole years between the estimate and ``on``, negative for earlier days, so a service
        # given before the estimate was made is counted at the younger age.
        if on >= estimated_on:
            elapsed = age_on(on, date_of_birth=estimated_on) or 0
        else:
            elapsed = -(age_on(estimated_on, date_of_birth=on) or 0)
        return max(0, estimated_age + elapsed)
    return None


_FIN_RE = re.compile(r"^[0-9A-HJ-NP-Z]{7}$")


def normalise_fin(value: str) -> str:
    """Azerbaijani personal identification number (FİN): 7 letters/digits, upper case."""
    return value.strip().replace(" ", "").upper().replace("İ", "I")


def is_valid_fin(value: str) -> bool:
    return bool(_FIN_RE.match(normalise_fin(value)))


_PHONE_DIGITS = re.compile(r"\D+")
#: Mobile and landline prefixes after the trunk 0 (Azercell 50/51/10, Bakcell 55/99, Nar 70/77,
#: Naxtel 60; Baku landline 12, other cities 2x).
_AZ_PREFIXES = (
    "10",
    "12",
    "18",
    "20",
    "21",
    "22",
    "23",
    "24",
    "25",
    "26",
    "36",
    "50",
    "51",
    "55",
    "60",
    "70",
    "77",
    "99",
)


def normalise_phone(value: str) -> str | None:
    """An Azerbaijani number as ``+994XXXXXXXXX``, or ``None`` if it is not one."""
    digits = _PHONE_DIGITS.sub("", value)
    if digits.startswith("00994"):
        digits = digits[5:]
    elif digits.startswith("994"):
        digits = digits[3:]
    elif digits.startswith("0"):
        digits = digits[1:]
    if len(digits) != 9 or not digits.startswith(_AZ_PREFIXES):
        return None
    return "+994" + digits


# --- search keys ----------------------------------------------------------------------------

# Azerbaijani dotted/dotless i must be folded before Unicode case folding, which maps "I" to "i"
# and "İ" to "i̇" (i + combining dot). Folding both to plain "i" makes "ismayıl", "İsmayıl" and
# "ISMAYIL" meet; ı is kept apart from i only by exact matches, which nobody types reliably.
_PRE_FOLD = str.maketrans({"İ": "i", "I": "i", "ı": "i", "Ё": "е", "ё": "е"})


def fold(text: str | None) -> str:
    """A case- and form-insensitive key for searching (Azerbaijani and Cyrillic aware).

    ``fold("ŞÜKÜROV") == fold("şükürov")``; ``fold("İsmayıl") == fold("ismayil")``. Letters keep
    their identity otherwise (ş stays ş, ə stays ə), so searches stay precise.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).translate(_PRE_FOLD).casefold()
    text = text.replace("i̇", "i")  # any remaining combining dot above after casefold
    return " ".join(text.split())


def search_key(parts: Iterable[str | None]) -> str:
    """One folded string of all searchable fields of a record."""
    return " ".join(fold(p) for p in parts if p)


# --- sorting --------------------------------------------------------------------------------

_AZ_ALPHABET = "abcçdeəfgğhxıijkqlmnoöprsştuüvwyz"
#: Azerbaijani letters mapped to code points in alphabet order, above Latin-1 and below Cyrillic,
#: so that a plain binary comparison (SQLite's default) sorts names as an Azerbaijani reader
#: expects: Əliyev after Eminov, Şükürov after Süleymanov, Xəlilov after Həsənov.
_SORT_MAP = str.maketrans(
    {letter: chr(0x0100 + index) for index, letter in enumerate(_AZ_ALPHABET)}
)
_AZ_LOWER = str.maketrans({"İ": "i", "I": "ı"})


def sort_key(parts: Iterable[str | None]) -> str:
    """A key whose binary order is Azerbaijani alphabetical order (Cyrillic after Latin)."""
    words = []
    for part in parts:
        if part:
            text = unicodedata.normalize("NFC", part).translate(_AZ_LOWER).lower()
            words.append(text.replace("ё", "е").translate(_SORT_MAP))
    return " ".join(words)
