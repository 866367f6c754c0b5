"""The one command line: ``cso-desktop`` (and ``python -m cso_desktop``).

Without a sub-command it opens the window; sub-commands work headless. Every expected failure
ends with exit status 1 and one line on stderr in the chosen language; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cso_desktop import __version__, i18n
from cso_desktop import settings as user_settings
from cso_desktop.domain import errors
from cso_desktop.i18n import _, ngettext

if TYPE_CHECKING:
    from cso_desktop.services.importing.checking import Problem
    from cso_desktop.services.importing.mapping import Mapping
    from cso_desktop.services.importing.run import ImportSummary
    from cso_desktop.services.importing.schema import Field, ImportKind

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a date; write it as YYYY-MM-DD.").format(value=value)
        ) from None


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a whole number of zero or more.").format(value=value)
        )
    return number


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        default=argparse.SUPPRESS,
        help=_("language of the interface and messages (az, ru or en)"),
    )

    parser = argparse.ArgumentParser(
        prog="cso-desktop",
        description=_(
            "CSO Desktop: members, volunteers, beneficiaries, activities and budget of a "
            "civil-society organisation, with donor reports."
        ),
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"cso-desktop {__version__}")
    parser.add_argument("--db", metavar=_("FILE"), help=_("organisation file to open"))
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help=_("open the window, show every page once, print how long each took, and exit"),
    )
    parser.add_argument(
        "--no-error-dialogs",
        action="store_true",
        help=_("write errors to the log instead of showing dialogs (for tests and scripts)"),
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    init = sub.add_parser("init", parents=[common], help=_("create an empty organisation file"))
    init.add_argument("file", metavar=_("FILE"), type=Path)
    init.add_argument("--org", required=True, metavar=_("NAME"), help=_("the organisation's name"))
    init.add_argument("--currency", default="AZN", help=_("default currency (default: AZN)"))

    demo = sub.add_parser(
        "demo", parents=[common], help=_("create the workshop (demo) organisation in a new file")
    )
    demo.add_argument("file", metavar=_("FILE"), type=Path)
    demo.add_argument(
        "--beneficiaries",
        type=_positive_int,
        default=500,
        metavar="N",
        help=_("number of beneficiaries (default: 500)"),
    )
    demo.add_argument(
        "--seed", type=int, default=1, help=_("random seed; the same seed gives the same data")
    )
    demo.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=_("the last day of the workshop data; nothing is dated after it (default: today)"),
    )

    check = sub.add_parser(
        "check",
        parents=[common],
        help=_("check a file's integrity and schema, and count its records"),
    )
    check.add_argument("file", metavar=_("FILE"), type=Path)

    from cso_desktop.services import datasets

    export = sub.add_parser(
        "export",
        parents=[common],
        help=_(
            "write activities, attendance, expenses, the budget, or the members, volunteers "
            "and beneficiaries registers to a .csv or .xlsx file"
        ),
        description=_(
            "Write a data export with fixed columns (the same in every language; the README "
            "lists them, and --columns prints them). In activities, attendance, expenses and "
            "the budget people appear by registration number only. Members, volunteers and "
            "beneficiaries are the organisation's own registers with names, phones and FİN, "
            "in the columns 'cso-desktop import' reads, to move them to another file: they "
            "need --include-personal."
        ),
    )
    export.add_argument(
        "kind",
        choices=list(datasets.DATASETS),
        metavar=_("KIND"),
        help=", ".join(datasets.DATASETS),
    )
    export.add_argument("--db", metavar=_("FILE"), help=_("the organisation file"))
    export.add_argument(
        "--out",
        type=Path,
        metavar=_("FILE"),
        help=_("the file to write; .xlsx (Excel) or .csv (UTF-8) by its extension"),
    )
    export.add_argument(
        "--columns", action="store_true", help=_("list the columns of KIND and what they hold")
    )
    export.add_argument(
        "--include-personal",
        action="store_true",
        help=_(
            "members, volunteers, beneficiaries: write names, phones, FİN and dates of birth. "
            "They are personal data: the file leaves the app's protection, so keep it as safe "
            "as the organisation file and delete it once imported. The export is recorded in "
            "the audit log."
        ),
    )
    _add_import_parsers(sub, common)
    _add_report_parser(sub, common)
    return parser


#: What ``import`` and ``template`` accept (``services.importing.schema.ImportKind``; a test keeps
#: the two in step). Listed here so that building the parser imports nothing heavy.
IMPORT_KINDS = ("beneficiaries", "members", "volunteers", "attendance", "expenses")
#: Problems printed for a rejected file; the rest are counted.
PROBLEMS_SHOWN = 50


def _add_import_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    kinds = ", ".join(IMPORT_KINDS)
    importing = sub.add_parser(
        "import",
        parents=[common],
        help=_("import members, volunteers, beneficiaries, attendance or expenses from a file"),
        description=_(
            "Import a list from a .csv, .xlsx or KoboToolbox .xlsx file. The whole file is "
            "checked first; a file with problems writes nothing (unless --valid-rows-only) and "
            "its problems are listed with their row and column. The import itself is one "
            "transaction: all or nothing. A record with the same FİN or registration number "
            "as one in the organisation file is never added twice."
        ),
        epilog=_(
            "Columns are matched by their names (the canonical names of 'cso-desktop template', "
            "or their titles in Azerbaijani, Russian or English). For other names write a "
            "mapping file, a JSON object from canonical column to your column, and pass it "
            "with --mapping, for example: {example}"
        ).format(
            example='{"kind": "beneficiaries", "columns": {"first_name": "Ad", '
            '"last_name": "Soyad"}}'
        ),
    )
    importing.add_argument("kind", choices=IMPORT_KINDS, metavar=_("KIND"), help=kinds)
    importing.add_argument("file", metavar=_("FILE"), type=Path, help=_("the file to import"))
    importing.add_argument("--db", metavar=_("FILE"), help=_("the organisation file"))
    importing.add_argument(
        "--dry-run",
        action="store_true",
        help=_("check and count what would be added, updated and skipped; write nothing"),
    )
    importing.add_argument(
        "--mapping",
        type=Path,
        metavar=_("MAP.json"),
        help=_("a mapping file: which column of the file holds which canonical column"),
    )
    importing.add_argument(
        "--sheet",
        metavar=_("NAME"),
        help=_("the sheet of an .xlsx file to read (default: the first)"),
    )
    importing.add_argument(
        "--valid-rows-only",
        action="store_true",
        help=_("import the rows without problems and leave the others out (listed)"),
    )
    importing.add_argument(
        "--on-duplicate",
        choices=("skip", "update"),
        default="skip",
        help=_(
            "a row certainly already in the organisation file (the same FİN or number; for "
            "attendance the same service on the same day, for expenses the same receipt): "
            "skip it, or update the saved record with the row (default: skip)"
        ),
    )

    template = sub.add_parser(
        "template",
        parents=[common],
        help=_("write an Excel template to fill in and import"),
        description=_(
            "Write an .xlsx template for KIND: the canonical columns, drop-down lists for coded "
            "values and an instructions sheet in the chosen language (--lang). Filled in, it "
            "imports with no mapping."
        ),
    )
    template.add_argument("kind", choices=IMPORT_KINDS, metavar=_("KIND"), help=kinds)
    template.add_argument(
        "--out", type=Path, required=True, metavar=_("FILE.xlsx"), help=_("the file to write")
    )


def _add_report_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from cso_desktop.services import reporting

    kinds = reporting.report_kinds()
    report = sub.add_parser(
        "report",
        parents=[common],
        help=_("write a donor report (.pdf, .xlsx), an HXL or GO 3W table (.csv) or IATI (.xml)"),
        description=_(
            "Write a report of the organisation file. The format follows the file's "
            "extension. The period is the project's dates, or the current year, unless given."
        ),
        epilog="\n".join(
            f"{kind.key:<11} {kind.format_list():<18} {_(kind.title)}" for kind in kinds
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument(
        "kind",
        choices=[kind.key for kind in kinds],
        metavar=_("KIND"),
        help=", ".join(kind.key for kind in kinds),
    )
    report.add_argument("--db", metavar=_("FILE"), help=_("the organisation file"))
    report.add_argument(
        "--out",
        type=Path,
        metavar=_("FILE"),
        help=_("the file to write; its extension (.pdf, .xlsx, .csv, .xml) gives the format"),
    )
    report.add_argument(
        "--project", metavar=_("CODE"), help=_("the project's code (all projects if left out)")
    )
    report.add_argument(
        "--from",
        dest="start",
        type=_date,
        metavar="YYYY-MM-DD",
        help=_("first day of the period (default: the project's start, or 1 January)"),
    )
    report.add_argument(
        "--to",
        dest="end",
        type=_date,
        metavar="YYYY-MM-DD",
        help=_("last day of the period (default: the project's end, or 31 December)"),
    )
    report.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=_("the reporting date; nothing after it is counted (default: today)"),
    )
    report.add_argument(
        "--chf-rate",
        action="append",
        default=[],
        metavar=_("CUR=RATE"),
        help=_("go3w: how many Swiss francs one unit of a currency is worth, e.g. EUR=0.93"),
    )
    report.add_argument(
        "--reporting-ns",
        default=reporting.DEFAULT_REPORTING_NS,
        metavar=_("NAME"),
        help=_("go3w: the National Society, as GO names it (default: {name})").format(
            name=reporting.DEFAULT_REPORTING_NS
        ),
    )


def _early_language(argv: Sequence[str]) -> str:
    """The language to speak before the arguments are parsed (so --help is translated too)."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return i18n.normalise_language(argv[index + 1]) or i18n.DEFAULT_LANGUAGE
        if arg.startswith("--lang="):
            return i18n.normalise_language(arg.split("=", 1)[1]) or i18n.DEFAULT_LANGUAGE
    saved = user_settings.load().language
    return i18n.normalise_language(saved) or i18n.system_language()


def _translate_argparse() -> None:
    # argparse looks up its module-level ``_`` and ``ngettext`` at call time.
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(_early_language(argv))
    _translate_argparse()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version exit 0, usage errors exit 2
        return int(exc.code or 0)
    if getattr(args, "lang", None):
        i18n.set_language(args.lang)
    _setup_logging()
    command: Callable[[argparse.Namespace], int] = {
        None: _run_gui,
        "init": _cmd_init,
        "demo": _cmd_demo,
        "check": _cmd_check,
        "export": _cmd_export,
        "import": _cmd_import,
        "template": _cmd_template,
        "report": _cmd_report,
    }[args.command]
    try:
        return command(args)
    except errors.CsoError as exc:
        log.warning("%s failed: %s", args.command or "gui", exc.log_message)
        _fail(exc.user_message)
        return EXIT_ERROR
    except KeyboardInterrupt:
        _fail(_("Stopped."))
        return EXIT_ERROR
    except BrokenPipeError:
        # The output was piped into a program that stopped reading (``| head``): not an error.
        _silence_stdout()
        return EXIT_OK
    except Exception:
        log.exception("Unexpected error in %s", args.command or "gui")
        _fail(
            _("An unexpected error stopped the command. Details are in the log: {path}").format(
                path=_log_file()
            )
        )
        return EXIT_ERROR


def _silence_stdout() -> None:
    """Point stdout at devnull so the interpreter's final flush does not fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _fail(message: str) -> None:
    print(f"cso-desktop: {message}", file=sys.stderr)


def _log_file() -> Path:
    from cso_desktop import paths

    return paths.log_dir() / "cso-desktop.log"


def _setup_logging() -> None:
    root = logging.getLogger()
    if any(getattr(h, "_cso_desktop", False) for h in root.handlers):
        return
    try:
        path = _log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.ERROR)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._cso_desktop = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)


# --- commands -------------------------------------------------------------------------------


def _cmd_init(args: argparse.Namespace) -> int:
    from cso_desktop.services import files, organisation

    def fill(session):  # type: ignore[no-untyped-def]
        return organisation.create_organisation(
            session, name=args.org, currency=args.currency, language=i18n.current_language()
        )

    profile = files.build_new_file(args.file, fill)
    print(_("Created “{name}” in {path}.").format(name=profile.name, path=args.file))
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from cso_desktop.services import demo, files

    as_of = args.as_of or dt.date.today()

    def fill(session):  # type: ignore[no-untyped-def]
        return demo.populate(
            session,
            beneficiaries=args.beneficiaries,
            seed=args.seed,
            as_of=as_of,
            language=i18n.current_language(),
        )

    summary = files.build_new_file(args.file, fill)
    print(
        _("Created the workshop organisation “{name}” in {path}.").format(
            name=summary.organisation_name, path=args.file
        )
    )
    _print_counts(summary.counts)
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from cso_desktop.services import summary

    report = summary.check_file(args.file)
    print(_("{path}: healthy.").format(path=report.path))
    print(_("Organisation: {name}").format(name=report.organisation_name))
    if report.needs_upgrade:
        print(
            _(
                "Schema version {revision}; it will be upgraded to {head} "
                "(after a backup) when opened."
            ).format(revision=report.revision, head=report.head_revision)
        )
    else:
        print(_("Schema version {revision} (current).").format(revision=report.revision))
    _print_counts(report.counts)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from cso_desktop.db import engine as db_engine
    from cso_desktop.services import datasets

    chosen = datasets.dataset(args.kind)
    if args.columns:
        width = max(len(c.key) for c in chosen.columns)
        print(f"{chosen.key}: {_(chosen.doc)}")
        for column in chosen.columns:
            print(f"  {column.key:<{width}}  {_(column.doc)}")
        return EXIT_OK
    if args.db is None or args.out is None:
        raise errors.ValidationError(
            _(
                "Say which organisation file to read and where to write: "
                "add --db FILE and --out FILE.xlsx (or .csv)."
            ),
            field="out",
        )
    database = db_engine.open_database(args.db)
    try:
        with database.transaction() as session:
            result = datasets.export_dataset(
                session, chosen.key, path=args.out, include_personal=args.include_personal
            )
    finally:
        database.close()
    print(
        ngettext(
            "Wrote {count} row to {path}.", "Wrote {count} rows to {path}.", result.rows
        ).format(count=i18n.format_integer(result.rows), path=result.path)
    )
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from cso_desktop.db import engine as db_engine
    from cso_desktop.services.importing import checking, duplicates, mapping, run, sources
    from cso_desktop.services.importing.schema import ImportKind

    if args.db is None:
        raise errors.ValidationError(
            _("Say which organisation file to import into: add --db FILE."), field="db"
        )
    kind = ImportKind(args.kind)
    source = sources.read_source(args.file, sheet=args.sheet)
    if args.mapping is not None:
        chosen = mapping.load_mapping(args.mapping)
        if chosen.kind is not kind:
            raise errors.ValidationError(
                _("The mapping file {path} is for {other}, not for {kind}.").format(
                    path=args.mapping, other=chosen.kind.value, kind=kind.value
                ),
                field="mapping",
            )
    else:
        chosen = mapping.propose_mapping(kind, source.table)
    missing = mapping.missing_required(chosen)
    if missing:
        _explain_missing(kind, missing, chosen, source.table.headers)
        return EXIT_ERROR
    database = db_engine.open_database(args.db)
    try:
        with database.reading() as session:
            checked = checking.check(session, kind, source.table, chosen, as_of=dt.date.today())
            pairs = duplicates.find_duplicates(session, checked)
        if checked.problems:
            _print_problems(checked.problems)
            if not args.valid_rows_only:
                _fail(
                    ngettext(
                        "Nothing was imported: {count} row has problems (listed above). Correct "
                        "the file and import it again, or add --valid-rows-only to import the "
                        "other rows.",
                        "Nothing was imported: {count} rows have problems (listed above). "
                        "Correct the file and import it again, or add --valid-rows-only to "
                        "import the other rows.",
                        len(checked.bad_rows),
                    ).format(count=i18n.format_integer(len(checked.bad_rows)))
                )
                return EXIT_ERROR
        options = run.ImportOptions(
            dry_run=args.dry_run,
            valid_rows_only=args.valid_rows_only,
            on_duplicate=run.OnDuplicate(args.on_duplicate),
        )
        summary = run.run_import(database, checked, pairs, options)
    finally:
        database.close()
    _print_import_summary(summary, left_out=len(checked.bad_rows))
    return EXIT_OK


def _explain_missing(
    kind: ImportKind, missing: Sequence[Field], chosen: Mapping, headers: Sequence[str]
) -> None:
    import json

    print(_("These required columns were not found in the file:"))
    for item in missing:
        print(f"  {item.key}  ({_(item.title)})")
    print(_("The file's columns: {columns}").format(columns=", ".join(headers) or "—"))
    example = {
        "kind": kind.value,
        "columns": {
            **chosen.columns,
            **{item.key: _("<the column of your file>") for item in missing},
        },
    }
    print(
        _(
            "Rename those columns in the file to the names above, or write a mapping file "
            "(JSON, canonical column → your column) like this one and pass it with "
            "--mapping FILE.json:"
        )
    )
    print(json.dumps(example, ensure_ascii=False, indent=2))
    _fail(
        ngettext(
            "Nothing was imported: {count} required column is missing (listed above).",
            "Nothing was imported: {count} required columns are missing (listed above).",
            len(missing),
        ).format(count=len(missing))
    )


def _print_problems(problems: Sequence[Problem]) -> None:
    # The cell's value is left out on purpose: it may be a name, a phone or a FİN.
    for problem in problems[:PROBLEMS_SHOWN]:
        print(
            _("Row {row}, column “{column}”: {message}").format(
                row=problem.row, column=problem.column, message=problem.message
            )
        )
    if len(problems) > PROBLEMS_SHOWN:
        rest = len(problems) - PROBLEMS_SHOWN
        print(
            ngettext("… and {count} more problem.", "… and {count} more problems.", rest).format(
                count=i18n.format_integer(rest)
            )
        )


def _print_import_summary(summary: ImportSummary, *, left_out: int) -> None:
    if summary.dry_run:
        print(_("Dry run: nothing was written. The import would give:"))
    else:
        print(_("Imported. The organisation file was changed in one step:"))
    counts = (
        (_("Rows read"), summary.rows),
        (_("Added"), summary.added),
        (_("Updated"), summary.updated),
        (_("Skipped (already in the file)"), summary.skipped),
        (_("Left out (rows with problems)"), left_out),
        (_("Likely duplicates to review"), len(summary.likely_duplicates)),
    )
    width = max(len(label) for label, _count in counts)
    for label, count in counts:
        print(f"  {label:<{width}}  {i18n.format_integer(count)}")
    if summary.likely_duplicates:
        print(
            _(
                "Likely duplicates were added as separate records. Check them in the window "
                "(File → Import…, the same file) or in the register:"
            )
        )
        # Row numbers and the reason only: never a name, a phone or a FİN.
        for pair in summary.likely_duplicates[:PROBLEMS_SHOWN]:
            if pair.other_row is not None:
                where = _("row {row} and row {other}").format(row=pair.row, other=pair.other_row)
            else:
                where = _("row {row} and a record already in the file").format(row=pair.row)
            print(f"  {where}: {pair.reason}")
        rest = len(summary.likely_duplicates) - PROBLEMS_SHOWN
        if rest > 0:
            print(
                ngettext("… and {count} more pair.", "… and {count} more pairs.", rest).format(
                    count=i18n.format_integer(rest)
                )
            )


def _cmd_template(args: argparse.Namespace) -> int:
    from cso_desktop.services.importing import templates

    path = templates.write_template(args.kind, args.out, language=i18n.current_language())
    print(_("Wrote {path}.").format(path=path))
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from cso_desktop.db import engine as db_engine
    from cso_desktop.services import reporting

    if args.db is None or args.out is None:
        raise errors.ValidationError(
            _(
                "Say which organisation file to read and where to write: add --db FILE and "
                "--out FILE (.pdf, .xlsx, .csv or .xml)."
            ),
            field="out",
        )
    rates = dict(reporting.chf_rate_option(text) for text in args.chf_rate)
    request = reporting.ReportRequest(
        kind=args.kind,
        out=args.out,
        language=i18n.current_language(),
        project_code=args.project,
        start=args.start,
        end=args.end,
        as_of=args.as_of or dt.date.today(),
        chf_rates=rates,
        reporting_ns=args.reporting_ns,
    )
    database = db_engine.open_database(args.db)
    try:
        result = reporting.build_report(database, request)
    finally:
        database.close()
    print(_("Wrote {path}.").format(path=result.path))
    for note in result.notes:
        print(f"  {note}")
    return EXIT_OK


def _print_counts(counts: dict[str, int]) -> None:
    from cso_desktop.services import summary

    labels = summary.count_labels()
    width = max(len(_(labels[k])) for k in counts)
    for key, value in counts.items():
        print(f"  {_(labels[key]):<{width}}  {i18n.format_integer(value)}")


def _run_gui(args: argparse.Namespace) -> int:
    try:
        from cso_desktop.ui import app
    except ImportError as exc:
        log.exception("Qt could not be loaded")
        _fail(
            _(
                "The window cannot open because Qt could not be loaded ({detail}). "
                "Reinstall the app, or run the README's set-up command."
            ).format(detail=exc)
        )
        return EXIT_ERROR
    return app.run(
        db=Path(args.db) if args.db else None,
        language=getattr(args, "lang", None),
        smoke_test=args.smoke_test,
        error_dialogs=not args.no_error_dialogs,
    )
