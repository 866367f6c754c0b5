"""Date arithmetic in SQL, written once per database so aggregates stay in the database.

``whole_years(start, end)`` is the number of completed years from ``start`` to ``end`` — a
person's age on ``end`` when ``start`` is the birth date — with the same rule as
:func:`cso_desktop.domain.people.age_on`: the year counts once the (month, day) of ``end`` is at
or past the (month, day) of ``start``. Someone born on 29 February turns a year older on
1 March in common years.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Date, Integer


class whole_years(FunctionElement[int]):
    """Completed years between two date expressions (``NULL`` when either is ``NULL``)."""

    type = Integer()
    inherit_cache = True
    name = "whole_years"


@compiles(whole_years, "sqlite")
def _whole_years_sqlite(element: whole_years, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    # Dates are stored as ISO text: compare years as numbers and "MM-DD" as text.
    return (
        f"(CAST(strftime('%Y', {end}) AS INTEGER) - CAST(strftime('%Y', {start}) AS INTEGER)"
        f" - (strftime('%m-%d', {end}) < strftime('%m-%d', {start})))"
    )


@compiles(whole_years, "postgresql")
def _whole_years_postgresql(element: whole_years, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(date_part('year', age({end}, {start})) AS INTEGER)"


@compiles(whole_years)
def _whole_years_default(element: whole_years, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return (
        f"(EXTRACT(YEAR FROM {end}) - EXTRACT(YEAR FROM {start})"
        f" - CASE WHEN EXTRACT(MONTH FROM {end}) * 100 + EXTRACT(DAY FROM {end})"
        f" < EXTRACT(MONTH FROM {start}) * 100 + EXTRACT(DAY FROM {start}) THEN 1 ELSE 0 END)"
    )


class month_start(FunctionElement[Any]):
    """The first day of the month of a date expression, as a date."""

    type = Date()
    inherit_cache = True
    name = "month_start"


@compiles(month_start, "sqlite")
def _month_start_sqlite(element: month_start, compiler: Any, **kw: Any) -> str:
    (value,) = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"date({value}, 'start of month')"


@compiles(month_start)
def _month_start_default(element: month_start, compiler: Any, **kw: Any) -> str:
    (value,) = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(date_trunc('month', {value}) AS DATE)"
