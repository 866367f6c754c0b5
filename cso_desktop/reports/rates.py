"""Finding an exchange rate in the monthly rates the organisation entered: one rule for the rate
proposed on an expense and the rate to CHF suggested for the IFRC GO upload.

A rate ``source → target`` is the stored rate that way, else the inverse of the stored rate the
other way, else a cross rate through the manat (``source → AZN × AZN → target``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_desktop.db import models as m

#: Cross rates go through the manat: the Central Bank of Azerbaijan publishes every currency
#: against it.
PIVOT_CURRENCY = "AZN"


class RateKind(StrEnum):
    """How a rate was found."""

    SAME = "same"  # the same currency: 1
    DIRECT = "direct"  # the stored rate from the currency to the target
    INVERSE = "inverse"  # 1 / the stored rate the other way
    CROSS = "cross"  # through the manat: currency → AZN → target


@dataclass(frozen=True)
class FoundRate:
    """A rate found in the stored rates, not rounded.

    Attributes:
        rate: 1 unit of the currency in the target currency.
        kind: how it was found.
        month: the month of the rates used (the later one for a cross rate; ``None`` for the
            same currency).
        source: the source(s) of the rates used, e.g. ``InforEuro`` or ``CBAR + InforEuro``.
    """

    rate: Decimal
    kind: RateKind
    month: dt.date | None
    source: str | None


_Stored = dict[tuple[str, str], tuple[Decimal, str | None, dt.date]]


def find_rate(
    session: Session, currency: str, target: str, on: dt.date, *, latest: bool = False
) -> FoundRate | None:
    """1 unit of ``currency`` in ``target`` from the rates of the month of ``on`` — or, with
    ``latest``, from the latest month up to ``on`` for each pair of currencies. ``None`` when
    no usable rate is stored."""
    currency, target = currency.upper(), target.upper()
    if currency == target:
        return FoundRate(Decimal(1), RateKind.SAME, None, None)
    x = m.ExchangeRate
    month = on.replace(day=1)
    stmt = select(x).where(x.month <= month if latest else x.month == month).order_by(x.month)
    # Later months overwrite earlier ones: each pair keeps its latest rate.
    stored: _Stored = {
        (r.from_currency, r.to_currency): (r.rate, r.source, r.month) for r in session.scalars(stmt)
    }
    found = _leg(stored, currency, target)
    if found is not None:
        return found
    if PIVOT_CURRENCY in (currency, target):
        return None
    first = _leg(stored, currency, PIVOT_CURRENCY)
    second = _leg(stored, PIVOT_CURRENCY, target)
    if first is None or second is None:
        return None
    origins = [o for o in (first.source, second.source) if o]
    return FoundRate(
        first.rate * second.rate,
        RateKind.CROSS,
        max(first.month, second.month),  # type: ignore[type-var]
        " + ".join(dict.fromkeys(origins)) or None,
    )


def _leg(stored: _Stored, source: str, target: str) -> FoundRate | None:
    """``source → target`` from the stored rates: the direct rate, else the inverse (exact)."""
    if (source, target) in stored:
        value, origin, month = stored[(source, target)]
        return FoundRate(value, RateKind.DIRECT, month, origin)
    if (target, source) in stored:
        value, origin, month = stored[(target, source)]
        return FoundRate(Decimal(1) / value, RateKind.INVERSE, month, origin)
    return None
