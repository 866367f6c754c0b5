"""How fast a big beneficiary list imports, beside openpyxl's bare read of the same file.

The script writes a 100,000-row beneficiary workbook once (the canonical columns of
``cso-desktop template beneficiaries``, filled the way people fill them: sex as "qadın" or "М",
dates as date cells or typed ``dd.mm.yyyy``, rayons by name, phones with spaces, households of
one to six people). Then it times each step of an import, the way ``cso-desktop import`` runs
them:

- ``bare read``: ``openpyxl.load_workbook(read_only=True)`` and every row's values, nothing else.
  No import can read the file faster; every other step is shown as a multiple of it.
- ``read_source``: the importer's reading of the file into a table.
- ``mapping + check``: proposing the mapping from the headers and checking every row
  (normalising sexes, dates, rayons, phones, FİN …).
- ``find_duplicates``: duplicates inside the file and against the organisation file.
- ``run_import``: writing the rows, in one transaction.
- ``total``: all of the above but the bare read, as a user waits for it.

It runs against a new empty organisation file, then against a copy of the 250,000-beneficiary
workshop file of ``bench/registers.py`` (built once with ``cso-desktop demo`` if missing; skip it
with ``--big 0``).

Not a test: run it by hand (see ``bench/README.md``). It exits with status 1 if an import takes
a minute or more (issue 6: "well under a minute").

Usage::

    .venv/bin/python bench/importing.py [--rows N] [--big N] [--cache DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.utils import get_column_letter

SEED = 1
AS_OF = dt.date(2026, 6, 30)
LIMIT_S = 60.0
T = TypeVar("T")

_MALE = ("Elvin", "Rəşad", "Orxan", "Tural", "Kamran", "Əli", "Vüsal", "Ramil", "Şahin", "Nicat")
_FEMALE = ("Aysel", "Günel", "Leyla", "Nərmin", "Səbinə", "Ülviyyə", "Xədicə", "Şəbnəm", "Lalə")
_RU_MALE = ("Иван", "Сергей", "Алексей", "Дмитрий")
_RU_FEMALE = ("Ольга", "Наталья", "Елена", "Ирина")
_SURNAMES = ("Məmmədov", "Əliyev", "Həsənov", "Quliyev", "Hüseynov", "İsmayılov", "Abbasov")
_RU_SURNAMES = ("Иванов", "Петров", "Смирнов", "Кузнецов")
_FATHERS = ("Əli", "Vəli", "Həsən", "Rauf", "Tofiq", "Elçin", "Namiq")
_RAYONS = ("Bakı", "Gəncə", "Sumqayıt", "Şəki", "Lənkəran", "Quba", "Mingəçevir", "Bərdə")
_SETTLEMENTS = ("Mərkəz", "Yeni qəsəbə", "Kənd 1", "Kənd 2", "Dağ kəndi")
_DISPLACEMENT = ("idp", "none", "none", "host", "returnee", "refugee")
_FIN_LETTERS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"


# --- the workbook -----------------------------------------------------------------------------


def _fin(number: int) -> str:
    digits = []
    for _position in range(7):
        number, rest = divmod(number, len(_FIN_LETTERS))
        digits.append(_FIN_LETTERS[rest])
    return "".join(reversed(digits))


def _person(rng: random.Random, index: int, household: int, head: bool) -> dict[str, Any]:
    russian = rng.random() < 0.15
    female = rng.random() < 0.52
    if russian:
        first = rng.choice(_RU_FEMALE if female else _RU_MALE)
        last = rng.choice(_RU_SURNAMES) + ("а" if female else "")
        sex = "Ж" if female else "М"
    else:
        first = rng.choice(_FEMALE if female else _MALE)
        last = rng.choice(_SURNAMES) + ("a" if female else "")
        sex = rng.choice(("qadın", "Qadın", "q")) if female else rng.choice(("kişi", "Kişi", "k"))
    born = AS_OF - dt.timedelta(days=rng.randrange(365 * 1, 365 * 90))
    registered = AS_OF - dt.timedelta(days=rng.randrange(1, 900))
    phone = f"0{rng.choice(('50', '51', '55', '70', '77', '99'))} {rng.randrange(100, 1000)} "
    phone += f"{rng.randrange(10, 100)} {rng.randrange(10, 100)}"
    return {
        "household_code": f"HH-{household:06d}",
        "relation_to_head": "head" if head else rng.choice(("spouse", "child", "parent")),
        "first_name": first,
        "last_name": last,
        "patronymic": rng.choice(_FATHERS),
        "sex": sex,
        # Half as date cells, half typed as text, as lists merged from several people come.
        "date_of_birth": born if index % 2 else born.strftime("%d.%m.%Y"),
        "wg_seeing": rng.choice((1, 1, 1, 2, 3)),
        "wg_hearing": rng.choice((1, 1, 1, 2)),
        "wg_walking": rng.choice((1, 1, 2, 3, 4)),
        "wg_remembering": 1,
        "wg_selfcare": rng.choice((1, 1, 2)),
        "wg_communicating": 1,
        "displacement_status": rng.choice(_DISPLACEMENT),
        "phone": phone if head else None,
        "national_id": _fin(7_000_000 + index) if rng.random() < 0.7 else None,
        "rayon": rng.choice(_RAYONS),
        "settlement": rng.choice(_SETTLEMENTS),
        "consent_date": registered,
        "registration_date": registered,
    }


def build_workbook(path: Path, rows: int, columns: Sequence[str]) -> None:
    """A beneficiary list of ``rows`` people in households, written once.

    Written as Excel and LibreOffice save a workbook: text in the shared-strings table, dates as
    serial numbers with a date style. (openpyxl writes every text cell inline, a file twice as
    big and much slower to read than the files users bring.)
    """
    rng = random.Random(SEED)
    strings: dict[str, int] = {}
    sheet_rows: list[str] = [_xml_row(1, list(columns), strings)]
    written = household = 0
    while written < rows:
        household += 1
        for member in range(min(rng.randint(1, 6), rows - written)):
            person = _person(rng, written, household, head=member == 0)
            written += 1
            sheet_rows.append(_xml_row(written + 1, [person.get(k) for k in columns], strings))
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/styles.xml": _STYLES,
        "xl/sharedStrings.xml": f'<sst xmlns="{_NS}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">{shared}</sst>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_NS}"><sheetData>'
        + "".join(sheet_rows)
        + "</sheetData></worksheet>",
    }
    partial = path.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(
                name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text
            )
    partial.replace(path)


def _xml_row(number: int, values: Sequence[Any], strings: dict[str, int]) -> str:
    cells = []
    for position, value in enumerate(values):
        ref = f"{get_column_letter(position + 1)}{number}"
        if value is None:
            continue
        if isinstance(value, dt.date):
            serial = (value - _EXCEL_EPOCH).days
            cells.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
        elif isinstance(value, int):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            index = strings.setdefault(str(value), len(strings))
            cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_CONTENT_TYPES = (
    f'<Types xmlns="{_PKG}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
    '<sheet name="beneficiaries" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_STYLES = (
    f'<styleSheet xmlns="{_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


# --- timing -----------------------------------------------------------------------------------


@dataclass
class Step:
    name: str
    seconds: float
    detail: str = ""


def timed(steps: list[Step], name: str, work: Callable[[], T], detail: Callable[[T], str]) -> T:
    started = time.perf_counter()
    result = work()
    steps.append(Step(name, time.perf_counter() - started))
    steps[-1].detail = detail(result)
    return result


def bare_read(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True)) - 1
    finally:
        workbook.close()


def import_steps(path: Path, target: Path) -> list[Step]:
    from cso_desktop.db import engine as db_engine
    from cso_desktop.services.importing import checking, duplicates, mapping, run, sources
    from cso_desktop.services.importing.schema import ImportKind

    kind = ImportKind.BENEFICIARIES
    steps: list[Step] = []
    source = timed(steps, "read_source", lambda: sources.read_source(path), _rows_of)
    database = db_engine.open_database(target)
    try:
        with database.reading() as session:

            def check() -> checking.Checked:
                proposed = mapping.propose_mapping(kind, source.table)
                return checking.check(session, kind, source.table, proposed, as_of=AS_OF)

            checked = timed(
                steps,
                "mapping + check",
                check,
                lambda c: f"{len(c.records):,} valid, {len(c.problems):,} problems",
            )
            pairs = timed(
                steps,
                "find_duplicates",
                lambda: duplicates.find_duplicates(session, checked),
                lambda p: f"{len(p):,} pairs",
            )
        options = run.ImportOptions(valid_rows_only=True)
        timed(
            steps,
            "run_import",
            lambda: run.run_import(database, checked, pairs, options),
            lambda s: f"{s.added:,} added, {s.updated:,} updated, {s.skipped:,} skipped",
        )
    finally:
        database.close()
    steps.append(Step("total", sum(step.seconds for step in steps)))
    return steps


def _rows_of(source: Any) -> str:
    return f"{len(source.table.rows):,} rows"


def print_steps(title: str, bare: float, steps: Sequence[Step]) -> None:
    print(title)
    print(f"  {'step':<18} {'s':>8} {'× bare read':>12}  detail")
    print(f"  {'bare read':<18} {bare:>8.2f} {1:>12.2f}  openpyxl, read-only, values only")
    for step in steps:
        print(f"  {step.name:<18} {step.seconds:>8.2f} {step.seconds / bare:>12.2f}  {step.detail}")
    print()


# --- organisation files -----------------------------------------------------------------------


def empty_file(folder: Path) -> Path:
    from cso_desktop.services import files, organisation

    path = folder / "empty.csodb"
    path.unlink(missing_ok=True)
    files.build_new_file(path, lambda s: organisation.create_organisation(s, name="Bench"))
    return path


def big_file(cache: Path, beneficiaries: int, folder: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import registers  # the same cached workshop file as the register benchmark

    original = registers.demo_file(cache, beneficiaries)
    copy = folder / f"big-{beneficiaries}.csodb"
    shutil.copyfile(original, copy)
    return copy


def count_people(path: Path) -> int:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM beneficiary").fetchone()[0])
    finally:
        conn.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the workbook")
    parser.add_argument(
        "--big",
        type=int,
        default=250_000,
        help="beneficiaries in the big organisation file (0: skip it)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "cso-desktop-bench",
        help="folder where the workbook and the workshop file are kept between runs",
    )
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("CSO_DESKTOP_HOME", str(args.cache / "home"))

    from cso_desktop import i18n
    from cso_desktop.services.importing.schema import ImportKind, fields

    i18n.set_language("en")
    columns = [field.key for field in fields(ImportKind.BENEFICIARIES)]
    workbook = args.cache / f"beneficiaries-{args.rows}-seed{SEED}-shared.xlsx"
    if not workbook.exists():
        print(f"Writing {workbook} ({args.rows:,} rows, once)…")
        started = time.perf_counter()
        build_workbook(workbook, args.rows, columns)
        print(f"Written in {time.perf_counter() - started:.0f} s.\n")
    print(
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"openpyxl {openpyxl.__version__}, {os.cpu_count()} cores; "
        f"{workbook.name}: {workbook.stat().st_size / 2**20:.1f} MiB\n"
    )
    slow = False
    with tempfile.TemporaryDirectory(dir=args.cache) as scratch:
        folder = Path(scratch)
        target = empty_file(folder)
        # The bare read is timed beside each import, so both see the same machine load.
        bare = min(_time(lambda: bare_read(workbook)) for _attempt in range(2))
        steps = import_steps(workbook, target)
        print_steps(
            f"Into an empty organisation file (now {count_people(target):,} people)", bare, steps
        )
        slow |= steps[-1].seconds >= LIMIT_S
        if args.big:
            target = big_file(args.cache, args.big, folder)
            before = count_people(target)
            bare = min(_time(lambda: bare_read(workbook)) for _attempt in range(2))
            steps = import_steps(workbook, target)
            print_steps(
                f"Into a file of {before:,} beneficiaries (now {count_people(target):,})",
                bare,
                steps,
            )
            slow |= steps[-1].seconds >= LIMIT_S
    if slow:
        print(f"SLOW: an import took {LIMIT_S:.0f} s or more.")
    return 1 if slow else 0


def _time(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
