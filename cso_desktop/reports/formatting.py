"""Babel formatting of document values for one language, shared by the renderers.

The renderers format with an explicit locale (the document's language), never the UI's current
one: a report in Russian may be built while the app speaks Azerbaijani.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from cso_desktop.i18n import LOCALES
from cso_desktop.reports.document import (
    DateRange,
    MetaValue,
    Money,
    Suppressed,
    Value,
    ValueKind,
)


def babel_locale(language: str | Locale) -> Locale:
    """``"az"`` → ``az_Latn_AZ``; a Babel identifier (``"ru_RU"``) or ``Locale`` is used as is."""
    if isinstance(language, Locale):
        return language
    return Locale.parse(LOCALES.get(language, language))


class Formatter:
    """Values as text for one locale.

    In tables, money has no currency symbol (the column title carries the currency) and dates
    are numeric (``30.06.2026``); on the cover and in key figures, money has its currency and
    dates are written out (``30 iyun 2026``).
    """

    def __init__(self, locale: Locale) -> None:
        self.locale = locale

    def integer(self, value: int | Decimal) -> str:
        return babel_numbers.format_decimal(value, format="#,##0", locale=self.locale)

    def decimal(self, value: int | Decimal, places: int = 2) -> str:
        pattern = "#,##0." + "0" * places if places > 0 else "#,##0"
        return babel_numbers.format_decimal(value, format=pattern, locale=self.locale)

    def money(self, value: int | Decimal, currency: str) -> str:
        return babel_numbers.format_currency(value, currency, locale=self.locale)

    def percent(self, value: int | Decimal) -> str:
        return babel_numbers.format_percent(value, format="#,##0.0%", locale=self.locale)

    def short_date(self, value: dt.date) -> str:
        # The skeleton keeps four-digit years where the "short" format would cut them (az).
        return babel_dates.format_skeleton("yMd", value, locale=self.locale)

    def long_date(self, value: dt.date) -> str:
        return babel_dates.format_date(value, format="long", locale=self.locale)

    def period(self, value: DateRange, *, short: bool = False) -> str:
        """Both days written out (``1 yanvar 2026 – 30 iyun 2026``), or numeric when ``short``."""
        day = self.short_date if short else self.long_date
        return f"{day(value.start)} – {day(value.end)}"

    def cell(self, value: Value, kind: ValueKind, *, places: int = 2) -> str:
        """A table cell: numbers without currency, numeric dates, suppressed as their marker."""
        if value is None:
            return ""
        if isinstance(value, Suppressed):
            return value.marker
        if isinstance(value, str):
            return value
        if isinstance(value, dt.date):
            return self.short_date(value)
        if kind is ValueKind.INTEGER:
            return self.integer(value)
        if kind is ValueKind.PERCENT:
            return self.percent(value)
        if kind is ValueKind.MONEY:
            return self.decimal(value, 2)
        return self.decimal(value, places)

    def figure(
        self,
        value: int | Decimal | Suppressed | None,
        kind: ValueKind,
        *,
        currency: str | None = None,
        places: int = 2,
    ) -> str:
        """A number standing alone (key figure, chart label): money with its currency."""
        if kind is ValueKind.MONEY and isinstance(value, int | Decimal) and currency:
            return self.money(value, currency)
        return self.cell(value, kind, places=places)

    def meta(self, value: MetaValue) -> str:
        """A detail on the cover."""
        if isinstance(value, str):
            return value
        if isinstance(value, DateRange):
            return self.period(value)
        if isinstance(value, Money):
            return self.money(value.amount, value.currency)
        if isinstance(value, dt.date):
            return self.long_date(value)
        if isinstance(value, int):
            return self.integer(value)
        return self.decimal(value)


def column_title(title: str, currency: str | None) -> str:
    """A money column's title with its currency: ``Budget (EUR)``."""
    return f"{title} ({currency})" if currency else title
