"""Declarative base with a constraint naming convention (SQLite batch migrations need names)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, DateTime, MetaData, Numeric, String, Text
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Money: 16 digits, 2 decimals (to the cent), stored exactly (Numeric → Decimal).
Money = Numeric(16, 2, asdecimal=True)
#: Exchange rates: enough places for InforEuro's 4-6 decimal rates and their inverses.
Rate = Numeric(18, 8, asdecimal=True)
#: Quantities and hours: fractional allowed.
Quantity = Numeric(14, 3, asdecimal=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        str: String(255),
        Decimal: Numeric(16, 2, asdecimal=True),
        dt.date: Date,
        dt.datetime: DateTime,
    }


LongText = Text
