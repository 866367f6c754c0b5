"""Declarative base with a constraint naming convention (SQLite batch migrations need names)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, Date, DateTime, Dialect, MetaData, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ScaledDecimal(TypeDecorator[Decimal]):
    """An exact decimal stored as a whole number of its smallest unit (cents for money).

    SQLite has no decimal type: a ``NUMERIC`` column keeps 1234.57 as a binary float, and SQL
    sums of floats drift. Whole numbers add up exactly on every database, so sums, differences
    and comparisons in SQL stay exact; Python always sees ``Decimal``. Values are rounded half up
    to ``places`` on the way in (callers validate the number of decimals first).
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int) -> None:
        super().__init__()
        self.places = places
        self.quantum = Decimal(1).scaleb(-places)

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        exact = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        return int(exact.quantize(self.quantum, rounding=ROUND_HALF_UP).scaleb(self.places))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        # SQL arithmetic may hand back a float (e.g. AVG); round it to the stored precision.
        number = Decimal(value) if isinstance(value, int) else Decimal(str(value))
        return number.scaleb(-self.places).quantize(self.quantum, rounding=ROUND_HALF_UP)

    def scaled(self, value: Decimal | int) -> int:
        """``value`` in stored units, for constraints and raw SQL."""
        return int(Decimal(value).scaleb(self.places))


#: Money, to the cent.
Money = ScaledDecimal(2)
#: Exchange rates and percentages: 8 places, enough for InforEuro rates and their inverses.
Rate = ScaledDecimal(8)
#: Quantities and hours, to the thousandth.
Quantity = ScaledDecimal(3)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        str: String(255),
        Decimal: Money,
        dt.date: Date,
        dt.datetime: DateTime,
    }


LongText = Text
