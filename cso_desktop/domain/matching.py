"""Name keys that let Azerbaijani, Russian and English spellings of one name meet.

The same person is written "Əliyev" on an ID card, "Aliyev" by someone without an Azerbaijani
keyboard, "Алиев" in a Russian list and "Aliev" in a donor's sheet. :func:`match_key` reduces
each spelling to one skeleton, so duplicate detection can compare names across scripts:

1. :func:`cso_desktop.domain.people.fold` (case, dotted/dotless i, ё);
2. Cyrillic (Russian and Azerbaijani Cyrillic) is transliterated letter by letter to Azerbaijani
   Latin (ш → ş, ч → ç, х → x, дж → c, ж → j, ю → yu, я → ya, ь and ъ dropped);
3. English digraphs are read as the Azerbaijani letter they stand for: dzh/dj → c, zh → j,
   sh → ş, ch → ç, kh → x, gh → ğ;
4. letters that spellings confuse are merged into one class, written as a plain Latin letter:
   ``a`` = a ə e (Məmmədov / Мамедов), ``i`` = i ı ы, ``o`` = o ö, ``u`` = u ü,
   ``h`` = h x g ğ q k (Hüseynov / Гусейнов, Xəlilov / Khalilov, Qasımov / Гасымов / Kasumov),
   ``s`` = s ş (typed without the cedilla), ``c`` = c ç j (Cəfərov / Jafarov / Джафаров),
   ``v`` = v w;
5. ``y`` is dropped where spellings add or leave it out: between two vowels (Aliyev / Алиев,
   İsmayıl / Исмаил) and after a consonant (Nigar / Нигяр, Gülnarə / Гюльнара, where Russian
   я and ю only soften the consonant); it is kept after a vowel before a consonant (Leyla is not
   Lalə; Hüseynov = Гусейнов). Anything that is not a letter (spaces, hyphens, apostrophes) goes;
6. runs of the same class collapse to one letter (Məmmədov / Mamedov, Abdullayev / Abdulaev).

The key is for *finding candidates* only: it is deliberately coarse, and duplicates are proposed
on the key of the last name, the key of the first name and the date of birth together, which a
person then confirms. It is never shown and never stored.
"""

from __future__ import annotations

import unicodedata

from cso_desktop.domain.people import fold

_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "x",
    "ц": "ts",
    "ч": "ç",
    "ш": "ş",
    "щ": "ş",
    "ъ": "",
    "ы": "ı",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Azerbaijani Cyrillic (used until 1991, still in older lists).
    "ә": "ə",
    "ғ": "ğ",
    "ҝ": "g",
    "һ": "h",
    "ө": "ö",
    "ү": "ü",
    "ҹ": "c",
    "ј": "y",
}
_TRANSLITERATE = str.maketrans(_CYRILLIC)

#: English spellings of Azerbaijani letters, longest first.
_DIGRAPHS = (
    ("dzh", "c"),
    ("dj", "c"),
    ("zh", "j"),
    ("sh", "ş"),
    ("ch", "ç"),
    ("kh", "x"),
    ("gh", "ğ"),
)

_CLASSES = {
    "ə": "a",
    "e": "a",
    "ä": "a",
    "ı": "i",
    "ö": "o",
    "ü": "u",
    "x": "h",
    "g": "h",
    "ğ": "h",
    "q": "h",
    "k": "h",
    "ş": "s",
    "ç": "c",
    "j": "c",
    "w": "v",
}
_CLASS_TABLE = str.maketrans(_CLASSES)
_VOWELS = frozenset("aiou")


def match_key(text: str | None) -> str:
    """The spelling-independent skeleton of a name (see the module documentation).

    >>> match_key("Əliyev") == match_key("Aliyev") == match_key("Алиев")
    True
    """
    folded = fold(text)
    if not folded:
        return ""
    latin = folded.translate(_TRANSLITERATE)
    for digraph, letter in _DIGRAPHS:
        if digraph in latin:
            latin = latin.replace(digraph, letter)
    classed: list[str] = []
    for char in latin.translate(_CLASS_TABLE):
        if not ("a" <= char <= "z"):
            # Other Latin letters with accents (é, ñ) count as their base letter.
            base = unicodedata.normalize("NFKD", char)[:1]
            char = base.translate(_CLASS_TABLE) if "a" <= base <= "z" else ""
        if char:
            classed.append(char)
    letters: list[str] = []
    last = len(classed) - 1
    for index, char in enumerate(classed):
        if char == "y" and index > 0:
            before = classed[index - 1]
            after_vowel = index < last and classed[index + 1] in _VOWELS
            if before not in _VOWELS or after_vowel:
                continue
        if not letters or letters[-1] != char:
            letters.append(char)
    return "".join(letters)
