"""How fast the dashboard's and the reports' figures come, beside raw SQLite for the same answer.

For each figure of ``cso_desktop.reports.data`` (people reached this year by sex × age band ×
disability × displacement, services delivered, sessions held, volunteer hours by month) it times
the app's function on a real organisation file and a hand-written query run with the standard
``sqlite3`` module that computes the same answer. The two answers are compared before any time
is printed (status 2 when they differ): the comparison is only honest if both do the same work.

Not a test: run it by hand. It exits with status 1 when a figure takes more than ``--max-ratio``
times its raw query (default 2), unless it takes less than ``--floor-ms`` (default 16 ms,
one frame), where the session's fixed cost dominates.

Usage::

    .venv/bin/python bench/figures.py [--db FILE] [--beneficiaries N] [--year Y] [--repeat K]

Without ``--db`` it builds the workshop organisation with ``--beneficiaries`` people (default
250,000, about 45 s) in a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.reports import data
from cso_desktop.services import demo, files

AS_OF = dt.date(2026, 6, 30)

#: Completed years from a to b, as the app's SQL function computes them.
YEARS = (
    "(CAST(strftime('%Y', {b}) AS INTEGER) - CAST(strftime('%Y', {a}) AS INTEGER)"
    " - (strftime('%m-%d', {b}) < strftime('%m-%d', {a})))"
)

RAW_REACH = f"""
WITH first AS (
    SELECT beneficiary_id, MIN(delivered_on) AS first_on
    FROM service_delivery WHERE delivered_on BETWEEN :start AND :end
    GROUP BY beneficiary_id
), person AS (
    SELECT b.sex, b.has_disability, b.displacement_status,
        COALESCE(
            {YEARS.format(a="b.date_of_birth", b="f.first_on")},
            (SELECT MAX(recipient_age) FROM service_delivery s
             WHERE s.beneficiary_id = f.beneficiary_id AND s.delivered_on = f.first_on),
            CASE WHEN b.age_estimated_on IS NULL THEN b.estimated_age
                 WHEN f.first_on >= b.age_estimated_on
                 THEN b.estimated_age + {YEARS.format(a="b.age_estimated_on", b="f.first_on")}
                 ELSE MAX(0, b.estimated_age
                             - {YEARS.format(a="f.first_on", b="b.age_estimated_on")})
            END) AS age
    FROM first f JOIN beneficiary b ON b.id = f.beneficiary_id
)
SELECT sex,
    CASE WHEN age IS NULL THEN NULL WHEN age >= 80 THEN 9 WHEN age >= 70 THEN 8
         WHEN age >= 60 THEN 7 WHEN age >= 50 THEN 6 WHEN age >= 40 THEN 5 WHEN age >= 30 THEN 4
         WHEN age >= 18 THEN 3 WHEN age >= 13 THEN 2 WHEN age >= 6 THEN 1 ELSE 0 END AS band,
    has_disability, displacement_status, COUNT(*)
FROM person GROUP BY 1, 2, 3, 4
"""

RAW_SERVICES = "SELECT COUNT(*) FROM service_delivery WHERE delivered_on BETWEEN :start AND :end"
RAW_SESSIONS = (
    "SELECT COUNT(*) FROM (SELECT DISTINCT activity_id, delivered_on FROM service_delivery"
    " WHERE delivered_on BETWEEN :start AND :end)"
)
RAW_HOURS = (
    "SELECT date(worked_on, 'start of month'), SUM(hours) FROM volunteer_hours"
    " WHERE worked_on BETWEEN :start AND :end GROUP BY 1"
)


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--beneficiaries", type=int, default=250_000)
    parser.add_argument("--year", type=int, default=AS_OF.year)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-ratio", type=float, default=2.0)
    parser.add_argument(
        "--floor-ms",
        type=float,
        default=16.0,
        help="figures faster than this (one frame) pass whatever their ratio",
    )
    args = parser.parse_args()

    path = args.db
    if path is None:
        path = Path(tempfile.mkdtemp()) / "bench.csodb"
        print(f"Building the workshop organisation with {args.beneficiaries:,} people…")
        files.build_new_file(
            path,
            lambda s: demo.populate(s, beneficiaries=args.beneficiaries, seed=1, as_of=AS_OF),
        )
    database = db_engine.open_readonly(path)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    raw.execute("PRAGMA cache_size = -65536")
    raw.execute("PRAGMA temp_store = MEMORY")
    scope = data.Scope.year(args.year)
    params = {"start": scope.start.isoformat(), "end": scope.end.isoformat()}

    def app(figure: Callable[..., Any]) -> Callable[[], Any]:
        def run() -> Any:
            with database.reading() as session:
                return figure(session, scope)

        return run

    def reach_cells(reach: data.Reach) -> set[tuple[Any, ...]]:
        return {
            (c.sex.value, c.band, c.disability, c.displacement.value, c.count) for c in reach.cells
        }

    def raw_cells(rows: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
        return {
            (sex, band, None if dis is None else bool(dis), displacement, count)
            for sex, band, dis, displacement, count in rows
        }

    def hours_by_month(rows: list[tuple[Any, ...]]) -> dict[dt.date, Decimal]:
        return {dt.date.fromisoformat(month): Decimal(total).scaleb(-3) for month, total in rows}

    figures = [
        (
            "people reached (sex × band × disability × displacement)",
            app(data.people_reached),
            lambda: raw.execute(RAW_REACH, params).fetchall(),
            lambda ours, theirs: reach_cells(ours) == raw_cells(theirs),
        ),
        (
            "services delivered",
            app(data.services_delivered),
            lambda: raw.execute(RAW_SERVICES, params).fetchone()[0],
            lambda ours, theirs: ours == theirs,
        ),
        (
            "sessions held",
            app(data.sessions_held),
            lambda: raw.execute(RAW_SESSIONS, params).fetchone()[0],
            lambda ours, theirs: ours == theirs,
        ),
        (
            "volunteer hours by month",
            app(data.volunteer_hours_by_month),
            lambda: raw.execute(RAW_HOURS, params).fetchall(),
            lambda ours, theirs: {k: v for k, v in ours if v} == hours_by_month(theirs),
        ),
    ]
    with database.reading() as session:
        people = session.scalar(select(func.count(m.Beneficiary.id)))
    print(f"{path} — {people:,} people, year {args.year}, best of {args.repeat}\n")
    print(f"{'figure':<58} {'app ms':>9} {'raw ms':>9} {'ratio':>6}")
    failed = False
    for title, ours, theirs, same in figures:
        app_time, app_answer = best(args.repeat, ours)
        raw_time, raw_answer = best(args.repeat, theirs)
        if not same(app_answer, raw_answer):
            print(f"{title}: the app and the raw query disagree; stopping.", file=sys.stderr)
            return 2
        ratio = app_time / raw_time if raw_time else float("inf")
        failed |= ratio > args.max_ratio and app_time * 1000 > args.floor_ms
        print(f"{title:<58} {app_time * 1000:>9.1f} {raw_time * 1000:>9.1f} {ratio:>6.2f}")
    database.close()
    raw.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
