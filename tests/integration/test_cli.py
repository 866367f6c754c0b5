"""The command line, run as a user runs it: a separate process, real files, exit codes, stderr."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from cso_desktop.db import engine as db_engine
from cso_desktop.domain import places
from cso_desktop.reports import go3w, hxl, iati
from cso_desktop.services import org_settings

ROOT = Path(__file__).resolve().parents[2]


def cli(
    *args: str | Path, home: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "CSO_DESKTOP_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONWARNINGS": "error",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "cso_desktop", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_init_then_check(tmp_path: Path, home: Path) -> None:
    target = tmp_path / "birlik.csodb"
    result = cli("init", target, "--org", "Şəki Gənclər Birliyi", "--currency", "azn", home=home)
    assert result.returncode == 0, result.stderr
    assert "Şəki Gənclər Birliyi" in result.stdout
    result = cli("check", target, home=home)
    assert result.returncode == 0, result.stderr
    assert "Şəki Gənclər Birliyi" in result.stdout
    assert "healthy" in result.stdout
    assert "Beneficiaries" in result.stdout


def test_demo_check_and_smoke_test(tmp_path: Path, home: Path) -> None:
    target = tmp_path / "x.db"
    result = cli("demo", target, "--beneficiaries", "500", "--as-of", "2026-06-30", home=home)
    assert result.returncode == 0, result.stderr
    result = cli("check", target, home=home)
    assert result.returncode == 0, result.stderr
    beneficiaries = [line for line in result.stdout.splitlines() if "Beneficiaries" in line]
    assert beneficiaries and beneficiaries[0].split()[-1] == "500"
    result = cli("--db", target, "--smoke-test", "--no-error-dialogs", home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    smoke_lines = [line for line in result.stdout.splitlines() if line.startswith("smoke:")]
    assert len(smoke_lines) >= 8, result.stdout


def test_demo_refuses_to_overwrite(tmp_path: Path, home: Path) -> None:
    target = tmp_path / "existing.db"
    target.write_bytes(b"precious")
    result = cli("demo", target, home=home)
    line = assert_one_line_error(result)
    assert "already exists" in line
    assert target.read_bytes() == b"precious"


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "is empty"), ("Ad;Soyad\nƏli;Əliyev\n".encode(), "not a CSO Desktop data file")],
    ids=["empty", "text"],
)
def test_check_refuses_bad_files_unchanged(
    tmp_path: Path, home: Path, content: bytes, expected: str
) -> None:
    target = tmp_path / "bad.db"
    target.write_bytes(content)
    before = digest(target)
    line = assert_one_line_error(cli("check", target, home=home))
    assert expected in line
    assert digest(target) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("bad.db-")]


def test_check_refuses_a_truncated_database_unchanged(tmp_path: Path, home: Path) -> None:
    good = tmp_path / "good.db"
    assert cli("init", good, "--org", "Birlik", home=home).returncode == 0
    data = good.read_bytes()
    target = tmp_path / "cut.db"
    target.write_bytes(data[: len(data) // 3])
    before = digest(target)
    line = assert_one_line_error(cli("check", target, home=home))
    assert "damaged" in line
    assert digest(target) == before


def test_check_on_a_missing_file(tmp_path: Path, home: Path) -> None:
    line = assert_one_line_error(cli("check", tmp_path / "nowhere.db", home=home))
    assert "does not exist" in line


def test_usage_errors_exit_2(home: Path) -> None:
    result = cli("init", home=home)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert cli("demo", "x.db", "--beneficiaries", "many", home=home).returncode == 2
    assert cli("--lang", "fr", home=home).returncode == 2


def test_help_and_version_exit_0(home: Path) -> None:
    result = cli("--help", home=home)
    assert result.returncode == 0
    for command in ("init", "demo", "check"):
        assert command in result.stdout
    assert cli("--version", home=home).returncode == 0


def test_messages_follow_lang(tmp_path: Path, home: Path) -> None:
    target = tmp_path / "bad.db"
    target.write_bytes(b"hello")
    english = assert_one_line_error(cli("check", target, home=home, env={"LANG": "en_GB.UTF-8"}))
    for language in ("az", "ru"):
        translated = assert_one_line_error(cli("--lang", language, "check", target, home=home))
        assert translated != english, language
        assert str(target) in translated


def test_export_writes_each_data_table_and_explains_mistakes(
    demo_file: Path, tmp_path: Path, home: Path
) -> None:
    import csv

    import openpyxl

    organisation = tmp_path / "org.csodb"
    organisation.write_bytes(demo_file.read_bytes())
    for kind in ("activities", "attendance", "expenses", "budget"):
        out = tmp_path / f"{kind}.xlsx"
        result = cli("export", kind, "--db", organisation, "--out", out, home=home)
        assert result.returncode == 0, result.stderr
        workbook = openpyxl.load_workbook(out, read_only=True)
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        assert f"{len(rows) - 1} rows" in result.stdout
        assert len(rows) > 1
    out = tmp_path / "budget.csv"
    assert cli("export", "budget", "--db", organisation, "--out", out, home=home).returncode == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[:4] == ["project_code", "heading", "heading_title", "line_code"]

    listed = cli("export", "attendance", "--columns", home=home)
    assert listed.returncode == 0
    assert "beneficiary" in listed.stdout and "registration number" in listed.stdout

    message = assert_one_line_error(
        cli(
            "--lang",
            "az",
            "export",
            "budget",
            "--db",
            tmp_path / "yoxdur.csodb",
            "--out",
            tmp_path / "b.csv",
            home=home,
        )
    )
    assert "yoxdur.csodb" in message
    message = assert_one_line_error(
        cli("export", "budget", "--db", organisation, "--out", tmp_path / "b.pdf", home=home)
    )
    assert ".xlsx" in message
    assert not (tmp_path / "b.pdf").exists()
    assert cli("export", "people", "--db", organisation, home=home).returncode == 2


# --- cso-desktop report ---------------------------------------------------------------------


@pytest.fixture
def mapped_demo(demo_copy: Path) -> Path:
    """The workshop file with its rayons mapped to GO district names (as Settings would)."""
    database = db_engine.open_database(demo_copy)
    try:
        with database.transaction() as session:
            org_settings.put(
                session,
                go3w.DISTRICT_SETTING,
                {place.pcode: place.name_en for place in places.rayons()},
            )
    finally:
        database.close()
    return demo_copy


REPORT_CASES = [
    ("donor", "pdf", ["--project", "DEMO-EU"]),
    ("reach", "csv", ["--from", "2026-01-01", "--to", "2026-06-30"]),
    ("volunteers", "xlsx", []),
    ("finance", "xlsx", ["--project", "DEMO-EU"]),
    ("membership", "pdf", ["--lang", "ru"]),
    ("iati", "xml", ["--project", "DEMO-EU"]),
    ("go3w", "csv", ["--project", "DEMO-EU", "--chf-rate", "EUR=0,93", "--reporting-ns", "ARCS"]),
]


@pytest.mark.parametrize(("kind", "extension", "options"), REPORT_CASES)
def test_report_writes_each_kind_and_it_reads_back(
    mapped_demo: Path, tmp_path: Path, home: Path, kind: str, extension: str, options: list[str]
) -> None:
    out = tmp_path / f"{kind}.{extension}"
    result = cli(
        "report",
        kind,
        "--db",
        mapped_demo,
        "--out",
        out,
        "--as-of",
        "2026-06-30",
        *options,
        home=home,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert str(out) in result.stdout.splitlines()[0]
    if extension == "pdf":
        text = "\n".join(page.extract_text() or "" for page in PdfReader(out).pages)
        assert "Gələcəyə" in text
    elif extension == "xlsx":
        assert openpyxl.load_workbook(out).sheetnames
    elif extension == "xml":
        iati.validate_iati(out.read_bytes())
    elif kind == "reach":
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        assert tuple(rows[1]) == hxl.HASHTAGS
        assert hxl.readme_path(out).name in result.stdout  # the notes are printed too
    else:
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
        assert tuple(rows[0]) == go3w.HEADER
        assert rows[1][2] == "ARCS"
        assert "0.93" in result.stdout  # the rate used is printed


def test_report_that_cannot_be_built_exits_1_with_one_line(
    mapped_demo: Path, tmp_path: Path, home: Path
) -> None:
    def report(*args: str | Path) -> str:
        return assert_one_line_error(cli("report", *args, "--db", mapped_demo, home=home))

    line = report("iati", "--project", "DEMO-EU", "--out", tmp_path / "iati.pdf")
    assert ".xml" in line
    line = report("donor", "--project", "NOPE", "--out", tmp_path / "d.pdf")
    assert "NOPE" in line and "DEMO-EU, DEMO-IFRC, DEMO-OWN" in line
    line = report("go3w", "--project", "DEMO-EU", "--out", tmp_path / "g.csv")
    assert "EUR" in line and "CHF" in line
    line = report("go3w", "--chf-rate", "EUR", "--out", tmp_path / "g.csv")
    assert "CUR=RATE" in line
    line = report("reach")
    assert "--out" in line
    line = report(
        "reach", "--from", "2001-01-01", "--to", "2001-12-31", "--out", tmp_path / "r.pdf"
    )
    assert "2001" in line
    line = report("reach", "--lang", "az", "--out", tmp_path / "r.docx")
    assert "r.docx" in line
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "workshop.csodb") == ["home"]
