"""How fast the registers open and search, beside the raw SQLite query for the same rows.

For every register this prints the time to first rows as the user experiences it — the real Qt
model (``RegisterModel``, offscreen) counting the rows, fetching the first window and formatting
the cells of a screenful through ``data(DisplayRole)`` — beside the time of a hand-written query
run with the standard ``sqlite3`` module that returns the same count and the same first rows
(same columns, same ``WHERE``, ``ORDER BY`` and ``LIMIT``). The raw query must return the same
ids in the same order as the model, or the run stops: the comparison is only honest if both
sides do the same work.

Then it types a few searches one key at a time and prints, for each keystroke, the model's time
to first rows beside the raw query (FTS5 trigram ``MATCH`` for words of three letters or more,
``LIKE`` on the folded text for shorter ones, as the app does).

Not a test: run it by hand (see ``bench/README.md``). It exits with status 1 when a register's
first rows take more than twice the raw query (``--floor-ms`` exempts loads faster than that, for
registers so small that the raw query takes a few hundredths of a millisecond), so it can also
serve as a check.

Usage::

    .venv/bin/python bench/registers.py [--db FILE] [--beneficiaries N] [--repeat K]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cso_desktop import i18n
from cso_desktop.db import engine as db_engine
from cso_desktop.db import search as db_search
from cso_desktop.domain import people
from cso_desktop.services import registers, volunteers
from cso_desktop.ui.models import register_model

#: Rows of a register a user sees at once in a maximised window (about 30 at 1080p).
VISIBLE_ROWS = 30
#: The model's first rows may take at most this many times the raw query.
MAX_RATIO = 2.0
#: Searches typed one key at a time, as a caseworker would.
TYPED = (
    "şükür",
    "ismay",
    "иван",
    "B-123",
    "050",
)
#: Keystrokes shown for "B-123": the number is typed from "B-1" on.
FIRST_KEYSTROKE = {"B-123": 3}
SEED = 1

DisplayRole = Qt.ItemDataRole.DisplayRole


# --- the raw queries --------------------------------------------------------------------------


@dataclass(frozen=True)
class RawQuery:
    """A count and a first window in plain SQL, with their parameters."""

    count_sql: str
    window_sql: str
    params: dict[str, Any]


def _search_sql(alias: str, index: str, text: str) -> tuple[str, dict[str, Any]]:
    """``AND …`` conditions for a search, built the way ``db/search.py`` decides: one FTS5
    phrase query for the words of three letters or more, ``LIKE`` for the others."""
    words = people.fold(text).split()
    if not words:
        return "", {}
    sql: list[str] = []
    params: dict[str, Any] = {}
    long_words = [w for w in words if len(w) >= db_search.MIN_INDEXED]
    if long_words:
        sql.append(f"AND {alias}.id IN (SELECT rowid FROM {index} WHERE {index} MATCH :match)")
        params["match"] = " ".join('"' + w.replace('"', '""') + '"' for w in long_words)
    for number, word in enumerate(w for w in words if len(w) < db_search.MIN_INDEXED):
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        sql.append(f"AND {alias}.search_text LIKE :like{number} ESCAPE '\\'")
        params[f"like{number}"] = f"%{escaped}%"
    return " ".join(sql), params


def _members(as_of: dt.date, search: str, limit: int, _conn: sqlite3.Connection) -> RawQuery:
    where, params = _search_sql("m", "member_search", search)
    first_year = "CAST(strftime('%Y', m.joined_on) AS INTEGER)"
    left_year = "CAST(strftime('%Y', m.left_on) AS INTEGER)"
    last_year = (
        f"(CASE WHEN m.left_on IS NOT NULL AND {left_year} < :year THEN {left_year} ELSE :year END)"
    )
    return RawQuery(
        count_sql=f"SELECT count(*) FROM member AS m WHERE m.archived = 0 {where}",
        window_sql=f"""
            SELECT m.id, m.membership_no, m.last_name, m.first_name, m.sex, c.name, m.status,
                   m.joined_on,
                   max(0, coalesce(c.annual_fee, 0) * max(0, {last_year} - {first_year} + 1)
                          - (SELECT coalesce(sum(p.amount), 0) FROM membership_fee_payment AS p
                             WHERE p.member_id = m.id
                               AND p.period_year BETWEEN {first_year} AND {last_year})),
                   m.phone, coalesce(c.currency, 'AZN')
            FROM member AS m LEFT JOIN member_category AS c ON c.id = m.category_id
            WHERE m.archived = 0 {where}
            ORDER BY m.sort_key, m.id
            LIMIT :limit""",
        params={**params, "year": as_of.year, "limit": limit},
    )


def _volunteers(as_of: dt.date, search: str, limit: int, conn: sqlite3.Connection) -> RawQuery:
    where, params = _search_sql("v", "volunteer_search", search)
    stored = conn.execute(
        "SELECT value FROM org_setting WHERE key = 'volunteer_active_rule'"
    ).fetchone()
    value = json.loads(stored[0]) if stored else {}
    rule = volunteers.ActiveRule(
        Decimal(str(value.get("hours_per_month", "8"))), int(value.get("months", 3))
    )
    hours = """(SELECT coalesce(sum(h.hours), 0) FROM volunteer_hours AS h
                WHERE h.volunteer_id = v.id AND h.worked_on BETWEEN :window_start AND :today)"""
    return RawQuery(
        count_sql=f"SELECT count(*) FROM volunteer AS v WHERE v.archived = 0 {where}",
        window_sql=f"""
            SELECT v.id, v.volunteer_no, v.last_name, v.first_name, v.sex, v.rayon_code, v.status,
                   {hours}, {hours} >= :needed,
                   (SELECT max(i.valid_until) FROM volunteer_insurance AS i
                    WHERE i.volunteer_id = v.id AND i.valid_from <= :today
                      AND i.valid_until >= :today),
                   v.phone
            FROM volunteer AS v
            WHERE v.archived = 0 {where}
            ORDER BY v.sort_key, v.id
            LIMIT :limit""",
        params={
            **params,
            "window_start": rule.window_start(as_of).isoformat(),
            "today": as_of.isoformat(),
            "needed": int(rule.hours_needed * 1000),  # hours are stored in thousandths
            "limit": limit,
        },
    )


def _beneficiaries(as_of: dt.date, search: str, limit: int, _conn: sqlite3.Connection) -> RawQuery:
    where, params = _search_sql("b", "beneficiary_search", search)
    return RawQuery(
        count_sql=f"SELECT count(*) FROM beneficiary AS b WHERE b.archived = 0 {where}",
        window_sql=f"""
            SELECT b.id, b.registration_no, b.last_name, b.first_name, b.sex,
                   b.displacement_status, b.has_disability, h.code, b.rayon_code, b.phone,
                   b.registered_on, b.date_of_birth, b.estimated_age, b.age_estimated_on
            FROM beneficiary AS b LEFT JOIN household AS h ON h.id = b.household_id
            WHERE b.archived = 0 {where}
            ORDER BY b.registration_no, b.id
            LIMIT :limit""",
        params={**params, "limit": limit},
    )


def _projects(as_of: dt.date, search: str, limit: int, _conn: sqlite3.Connection) -> RawQuery:
    return RawQuery(
        count_sql="SELECT count(*) FROM project WHERE archived = 0",
        window_sql="""
            SELECT id, code, title, donor_name, currency, start_date, end_date, status
            FROM project WHERE archived = 0
            ORDER BY start_date, id
            LIMIT :limit""",
        params={"limit": limit},
    )


def _activities(as_of: dt.date, search: str, limit: int, _conn: sqlite3.Connection) -> RawQuery:
    return RawQuery(
        count_sql="SELECT count(*) FROM activity",
        window_sql="""
            SELECT a.id, p.code, a.code, a.title, a.activity_type, a.rayon_code,
                   a.planned_start, a.actual_start, a.status
            FROM activity AS a JOIN project AS p ON p.id = a.project_id
            ORDER BY a.planned_start, a.id
            LIMIT :limit""",
        params={"limit": limit},
    )


def _budget_lines(as_of: dt.date, search: str, limit: int, _conn: sqlite3.Connection) -> RawQuery:
    return RawQuery(
        count_sql="SELECT count(*) FROM budget_line",
        window_sql="""
            SELECT l.id, p.code, l.line_code, l.description, l.unit, l.quantity, l.unit_cost,
                   l.quantity * l.unit_cost, p.currency
            FROM budget_line AS l JOIN project AS p ON p.id = l.project_id
            ORDER BY l.line_code, l.id
            LIMIT :limit""",
        params={"limit": limit},
    )


def _expenses(as_of: dt.date, search: str, limit: int, _conn: sqlite3.Connection) -> RawQuery:
    return RawQuery(
        count_sql="SELECT count(*) FROM expense",
        window_sql="""
            SELECT e.id, e.spent_on, p.code, l.line_code, e.payee, e.description,
                   e.receipt_no, e.amount, e.currency
            FROM expense AS e
            LEFT JOIN project AS p ON p.id = e.project_id
            LEFT JOIN budget_line AS l ON l.id = e.budget_line_id
            ORDER BY e.spent_on, e.id
            LIMIT :limit""",
        params={"limit": limit},
    )


RawBuilder = Callable[[dt.date, str, int, sqlite3.Connection], RawQuery]

#: The hand-written query of each register, in its default sort.
RAW: dict[str, RawBuilder] = {
    "members": _members,
    "volunteers": _volunteers,
    "beneficiaries": _beneficiaries,
    "projects": _projects,
    "activities": _activities,
    "budget_lines": _budget_lines,
    "expenses": _expenses,
}


# --- measuring --------------------------------------------------------------------------------


class Mismatch(Exception):
    """The raw query and the model disagree, so their times cannot be compared."""


@dataclass(frozen=True)
class Answer:
    count: int
    ids: list[int]


def run_raw(conn: sqlite3.Connection, query: RawQuery) -> Answer:
    count = conn.execute(query.count_sql, query.params).fetchone()[0]
    rows = conn.execute(query.window_sql, query.params).fetchall()
    return Answer(count, [row[0] for row in rows])


def show_screenful(model: register_model.RegisterModel) -> None:
    """What a view does to paint the first screen: ask for the text of every visible cell."""
    for row in range(min(VISIBLE_ROWS, model.rowCount())):
        for column in range(model.columnCount()):
            model.data(model.index(row, column), DisplayRole)


def model_answer(model: register_model.RegisterModel) -> Answer:
    if model.error:
        raise Mismatch(f"the model could not load {model.register.key}: {model.error}")
    ids = [
        model.data(model.index(row, 0), register_model.RowIdRole) for row in range(model.rowCount())
    ]
    return Answer(model.total, ids)


def check_same(what: str, model: Answer, raw: Answer) -> None:
    if model.count != raw.count:
        raise Mismatch(f"{what}: the model counts {model.count} rows, the raw query {raw.count}")
    if model.ids != raw.ids:
        first = next(
            (i for i, (a, b) in enumerate(zip(model.ids, raw.ids, strict=False)) if a != b),
            min(len(model.ids), len(raw.ids)),
        )
        raise Mismatch(
            f"{what}: the first rows differ from position {first} "
            f"(model {model.ids[first : first + 3]}, raw {raw.ids[first : first + 3]}; "
            f"{len(model.ids)} and {len(raw.ids)} rows)"
        )


def best(samples: Sequence[float]) -> float:
    return min(samples) * 1000


@dataclass(frozen=True)
class Timing:
    label: str
    rows: int
    model_ms: float
    raw_ms: float
    cold_ms: float = 0.0

    @property
    def ratio(self) -> float:
        return self.model_ms / self.raw_ms if self.raw_ms else float("inf")


def time_first_rows(
    database: db_engine.Database,
    conn: sqlite3.Connection,
    register: registers.Register,
    *,
    as_of: dt.date,
    repeat: int,
) -> Timing:
    query = RAW[register.key](as_of, "", register_model.PAGE_SIZE, conn)
    model_times: list[float] = []
    raw_times: list[float] = []
    model: register_model.RegisterModel | None = None
    # Alternate the two sides, so that neither profits from a warmer cache.
    for _ in range(repeat):
        started = time.perf_counter()
        model = register_model.RegisterModel(register=register, database=database)
        show_screenful(model)
        model_times.append(time.perf_counter() - started)

        started = time.perf_counter()
        raw = run_raw(conn, query)
        raw_times.append(time.perf_counter() - started)
    assert model is not None
    answer = model_answer(model)
    check_same(register.key, answer, raw)
    return Timing(
        register.key, answer.count, best(model_times), best(raw_times), model_times[0] * 1000
    )


def time_keystrokes(
    database: db_engine.Database,
    conn: sqlite3.Connection,
    register: registers.Register,
    typed: str,
    *,
    as_of: dt.date,
    repeat: int,
) -> list[Timing]:
    model = register_model.RegisterModel(register=register, database=database)
    timings: list[Timing] = []
    previous = ""
    for end in range(FIRST_KEYSTROKE.get(typed, 1), len(typed) + 1):
        text = typed[:end]
        query = RAW[register.key](as_of, text, register_model.PAGE_SIZE, conn)
        model_times: list[float] = []
        raw_times: list[float] = []
        for _ in range(repeat):
            model.set_search(previous)  # the state before this key was pressed
            started = time.perf_counter()
            model.set_search(text)
            show_screenful(model)
            model_times.append(time.perf_counter() - started)

            started = time.perf_counter()
            raw = run_raw(conn, query)
            raw_times.append(time.perf_counter() - started)
        answer = model_answer(model)
        check_same(f"{register.key} searching {text!r}", answer, raw)
        timings.append(Timing(text, answer.count, best(model_times), best(raw_times)))
        previous = text
    return timings


# --- the demo file ----------------------------------------------------------------------------


def demo_file(cache: Path, beneficiaries: int) -> Path:
    """The workshop organisation with ``beneficiaries`` people, built once and kept in ``cache``."""
    path = cache / f"demo-{beneficiaries}-seed{SEED}.csodb"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    print(f"Building {path} with {beneficiaries:,} beneficiaries (once; about 45 s for 250,000)…")
    started = time.perf_counter()
    subprocess.run(
        [
            *_cso_desktop_command(),
            "demo",
            str(path),
            "--beneficiaries",
            str(beneficiaries),
            "--seed",
            str(SEED),
            "--lang",
            "en",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"Built in {time.perf_counter() - started:.0f} s.\n")
    return path


def _cso_desktop_command() -> list[str]:
    installed = Path(sys.executable).with_name("cso-desktop")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "cso_desktop"]


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain read-only connection, with the app's cache settings (they change query speed)."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    conn.execute("PRAGMA cache_size = -32000")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


# --- report -----------------------------------------------------------------------------------


def print_table(title: str, first_column: str, timings: Sequence[Timing], *, cold: bool) -> None:
    print(title)
    header = f"  {first_column:<15} {'rows':>9} {'model ms':>9} {'raw ms':>8} {'ratio':>6}"
    if cold:
        header += f" {'cold ms':>8}"
    print(header)
    for t in timings:
        line = f"  {t.label:<15} {t.rows:>9,} {t.model_ms:>9.2f} {t.raw_ms:>8.2f} {t.ratio:>6.2f}"
        if cold:
            line += f" {t.cold_ms:>8.2f}"
        print(line)
    print()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="an organisation file (default: a demo file)")
    parser.add_argument(
        "--beneficiaries",
        type=int,
        default=250_000,
        metavar="N",
        help="beneficiaries in the demo file built when --db is not given (default: 250000)",
    )
    parser.add_argument(
        "--repeat", type=int, default=5, metavar="K", help="runs of each measure; the best counts"
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "cso-desktop-bench",
        help="where the demo file is kept between runs (default: %(default)s)",
    )
    parser.add_argument(
        "--lang", default="az", choices=i18n.LANGUAGES, help="language of the formatted cells"
    )
    parser.add_argument(
        "--floor-ms",
        type=float,
        default=0.0,
        metavar="MS",
        help="hold only registers whose first rows take longer than MS to the ratio (default: 0)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")

    # Settings and logs of the benchmark stay out of the user's own.
    os.environ.setdefault("CSO_DESKTOP_HOME", str(args.cache / "home"))
    path = args.db or demo_file(args.cache, args.beneficiaries)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    i18n.set_language(args.lang)
    as_of = dt.date.today()  # the model shows computed columns as of today

    database = db_engine.open_database(path)
    conn = raw_connection(path)
    try:
        print(
            f"{path} ({path.stat().st_size / 2**20:,.0f} MiB), SQLite {sqlite3.sqlite_version}, "
            f"Python {platform.python_version()}, {os.cpu_count()} CPUs, language {args.lang}, "
            f"best of {args.repeat}; first window {register_model.PAGE_SIZE} rows, "
            f"{VISIBLE_ROWS} rows formatted.\n"
        )
        missing = [r.key for r in registers.ALL if r.key not in RAW]
        if missing:
            print(f"No raw query written for: {', '.join(missing)}. Add one to RAW.")
            return 2
        first_rows = [
            time_first_rows(database, conn, register, as_of=as_of, repeat=args.repeat)
            for register in registers.ALL
        ]
        print_table("Time to first rows", "register", first_rows, cold=True)
        for typed in TYPED:
            timings = time_keystrokes(
                database, conn, registers.BENEFICIARIES, typed, as_of=as_of, repeat=args.repeat
            )
            print_table(f"Beneficiaries, typing {typed!r}", "typed", timings, cold=False)
    except Mismatch as exc:
        print(f"The raw query does not return the model's rows, so times are not comparable: {exc}")
        return 2
    finally:
        conn.close()
        database.close()
        del app

    slow = [t for t in first_rows if t.ratio > MAX_RATIO and t.model_ms > args.floor_ms]
    if slow:
        for t in slow:
            print(
                f"SLOW: {t.label} shows its first rows in {t.model_ms:.2f} ms, "
                f"{t.ratio:.1f}× the raw query ({t.raw_ms:.2f} ms); the limit is {MAX_RATIO:g}×."
            )
        return 1
    floor = f" (or within {args.floor_ms:g} ms)" if args.floor_ms else ""
    print(f"Every register shows its first rows within {MAX_RATIO:g}× the raw query{floor}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
