"""Translation and locale-aware formatting. No Qt.

Import explicitly: ``from cso_desktop.i18n import _, N_, ngettext``. ``_`` looks the message up in
the catalog of the *current* language on every call, so a language switch needs no restart;
module-level constants are marked with ``N_`` and translated where they are shown.

Catalogs are Babel ``.po`` files in ``translations/``, compiled to ``.mo`` under
``resources/locale/`` by the install step and the PyInstaller build. In a checkout where the
``.mo`` files are missing or older than the ``.po`` files, the ``.po`` is read directly, so a
translator sees a change at once.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import gettext
import locale as _stdlib_locale
import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from cso_desktop import paths

DOMAIN = "cso_desktop"
LANGUAGES: tuple[str, ...] = ("az", "ru", "en")
DEFAULT_LANGUAGE = "en"

#: Babel locale used for formatting, per UI language.
LOCALES: dict[str, str] = {"az": "az_Latn_AZ", "ru": "ru_RU", "en": "en_GB"}

#: Each language's name in that language (shown in the language picker, never translated).
LANGUAGE_NAMES: dict[str, str] = {"az": "Azərbaycanca", "ru": "Русский", "en": "English"}

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language: str = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []
_cache: dict[str, gettext.NullTranslations] = {}
#: A language used by this thread only (a report written in Russian while the window speaks
#: Azerbaijani): see :func:`using_language`.
_override: contextvars.ContextVar[tuple[str, gettext.NullTranslations] | None] = (
    contextvars.ContextVar("cso_desktop_language", default=None)
)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def NC_(context: str, message: str) -> tuple[str, str]:
    """Mark a string that needs a context (the same English word, different translations:
    "Other" as a sex and as a service type); translate it with :func:`pgettext`."""
    return (context, message)


def _active() -> gettext.NullTranslations:
    override = _override.get()
    return _translation if override is None else override[1]


def _(message: str) -> str:
    return _active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _active().pgettext(context, message)


def current_language() -> str:
    override = _override.get()
    return _language if override is None else override[0]


def current_locale() -> Locale:
    return _parsed_locale(LOCALES[current_language()])


@contextlib.contextmanager
def using_language(language: str) -> Iterator[str]:
    """Speak ``language`` in this thread only, for the duration of the block.

    A report is written in the language the user chose for it, off the GUI thread, while the
    window keeps its own language: every ``_()``, label and ``format_*`` call made by this
    thread inside the block uses ``language``; other threads and the window are unaffected and
    no language listener is notified.
    """
    code = normalise_language(language) or DEFAULT_LANGUAGE
    token = _override.set((code, _load_catalog(code)))
    try:
        yield code
    finally:
        _override.reset(token)


@functools.cache
def _parsed_locale(code: str) -> Locale:
    # Parsing costs microseconds, and a register window formats hundreds of cells.
    return Locale.parse(code)


def normalise_language(value: str | None) -> str | None:
    """``"az_AZ.UTF-8"`` → ``"az"``; ``None`` for languages the app does not speak."""
    if not value:
        return None
    code = value.replace("-", "_").split(".")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


def system_language() -> str:
    """The operating system's language if the app speaks it, else English."""
    candidates = [os.environ.get(name) for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")]
    with contextlib.suppress(ValueError):  # a malformed environment locale
        candidates.append(_stdlib_locale.getlocale()[0])
    for candidate in candidates:
        for part in (candidate or "").split(":"):
            language = normalise_language(part)
            if language:
                return language
    return DEFAULT_LANGUAGE


def _load_catalog(language: str) -> gettext.NullTranslations:
    if language in _cache:
        return _cache[language]
    mo_path = paths.locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    po_path = paths.translations_source_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    translation: gettext.NullTranslations
    if po_path.exists() and (
        not mo_path.exists() or po_path.stat().st_mtime > mo_path.stat().st_mtime
    ):
        translation = _translations_from_po(po_path)
    elif mo_path.exists():
        with mo_path.open("rb") as handle:
            translation = gettext.GNUTranslations(handle)
    else:
        translation = gettext.NullTranslations()
    _cache[language] = translation
    return translation


def _translations_from_po(po_path: Path) -> gettext.NullTranslations:
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def set_language(language: str) -> str:
    """Switch every later ``_()`` call to ``language`` and notify listeners.

    Returns the language code used.
    """
    global _translation, _language
    code = normalise_language(language) or DEFAULT_LANGUAGE
    _translation = _load_catalog(code)
    _language = code
    for listener in list(_listeners):
        listener(code)
    return code


def add_language_listener(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def remove_language_listener(listener: Callable[[str], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def clear_catalog_cache() -> None:
    _cache.clear()


# --- formatting -----------------------------------------------------------------------------


def format_date(value: dt.date | None, *, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return babel_dates.format_date(value, format=fmt, locale=current_locale())


def format_datetime(value: dt.datetime | None, *, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return babel_dates.format_datetime(value, format=fmt, locale=current_locale())


def format_integer(value: int | None) -> str:
    if value is None:
        return ""
    return babel_numbers.format_decimal(value, format="#,##0", locale=current_locale())


def format_decimal(value: Decimal | int | None, *, places: int = 2) -> str:
    if value is None:
        return ""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return babel_numbers.format_decimal(value, format=pattern, locale=current_locale())


def format_money(value: Decimal | None, currency: str) -> str:
    """Money with its currency, e.g. ``1.234,50 ₼`` (az), ``1 234,50 AZN`` (ru)."""
    if value is None:
        return ""
    return babel_numbers.format_currency(value, currency, locale=current_locale())


def format_percent(value: Decimal | float | None) -> str:
    if value is None:
        return ""
    return babel_numbers.format_percent(value, format="#,##0.0%", locale=current_locale())
