"""``cso-desktop import``, ``template`` and the people exports, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from test_cli import assert_one_line_error, cli, digest  # the same process runner as test_cli

from cso_desktop import cli as cso_cli
from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.services.importing.schema import ImportKind, fields

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str | Path, home: Path) -> subprocess.CompletedProcess[str]:
    return cli("--lang", "en", *args, home=home)


def count(path: Path, model) -> int:
    database = db_engine.open_database(path)
    try:
        with database.reading() as session:
            return session.scalar(select(func.count()).select_from(model))
    finally:
        database.close()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def org(tmp_path: Path, home: Path) -> Path:
    path = tmp_path / "org.csodb"
    result = run_cli("init", path, "--org", "Şəki Gənclər Birliyi", home=home)
    assert result.returncode == 0, result.stderr
    return path


def write_csv(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


PEOPLE = (
    "Ad;Soyad;Cinsi;Doğum tarixi;Telefon;FİN;Rayon;Razılıq tarixi\n"
    "Günel;Məmmədova;qadın;31.12.1985;050 123 45 67;5ZK7P2H;Şəki;02.05.2026\n"
    "Elvin;Əliyev;kişi;01.02.1990;;;Bakı;02.05.2026\n"
    "Elvin;Aliyev;М;01.02.1990;;;Баку;02.05.2026\n"
    "Ольга;Иванова;Ж;1979-04-15;+994 55 765 43 21;;Gəncə;2026-05-03\n"
)


def test_dry_run_then_import_then_again(org: Path, home: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "siyahı.csv", PEOPLE)
    before = digest(org)
    result = run_cli("import", "beneficiaries", source, "--db", org, "--dry-run", home=home)
    assert result.returncode == 0, result.stderr
    assert "Dry run: nothing was written" in result.stdout
    assert _count_line(result.stdout, "Added") == 4
    assert digest(org) == before
    assert count(org, m.Beneficiary) == 0

    result = run_cli("import", "beneficiaries", source, "--db", org, home=home)
    assert result.returncode == 0, result.stderr
    assert _count_line(result.stdout, "Rows read") == 4
    assert _count_line(result.stdout, "Added") == 4
    assert _count_line(result.stdout, "Likely duplicates to review") == 1
    # Əliyev and Aliyev, born the same day: listed by row number and reason, never by name.
    assert "row 4 and row 3: same name and date of birth" in result.stdout
    for personal in ("Günel", "Əliyev", "Aliyev", "5ZK7P2H", "050 123", "Иванова"):
        assert personal not in result.stdout + result.stderr
    assert count(org, m.Beneficiary) == 4

    # The same file again: the FİN row is a certain duplicate and is skipped; the others are
    # only likely duplicates (same name and date of birth) and are kept for review.
    result = run_cli("import", "beneficiaries", source, "--db", org, home=home)
    assert result.returncode == 0, result.stderr
    assert _count_line(result.stdout, "Skipped (already in the file)") == 1
    assert _count_line(result.stdout, "Likely duplicates to review") >= 3


def _count_line(stdout: str, label: str) -> int:
    for line in stdout.splitlines():
        if line.strip().startswith(label):
            return int(line.rsplit(None, 1)[-1].replace(",", ""))
    raise AssertionError(f"no “{label}” line in:\n{stdout}")


def test_a_rejected_file_writes_nothing_and_lists_its_problems(
    org: Path, home: Path, tmp_path: Path
) -> None:
    source = write_csv(
        tmp_path / "bad.csv",
        "first_name,last_name,sex,date_of_birth,phone,consent_date\n"
        "Aysel,Quliyeva,qadın,12.03.1992,0501234567,01.05.2026\n"
        "Rauf,Həsənov,robot,12.03.1992,,01.05.2026\n"
        "Leyla,Abbasova,qadın,31.02.1992,12345,01.05.2026\n",
    )
    before = digest(org)
    result = run_cli("import", "beneficiaries", source, "--db", org, home=home)
    error = assert_one_line_error(result)
    assert "Nothing was imported: 2 rows have problems" in error
    assert "--valid-rows-only" in error
    lines = result.stdout.splitlines()
    assert any(line.startswith("Row 3, column “sex”:") for line in lines), result.stdout
    assert any(line.startswith("Row 4, column “date_of_birth”:") for line in lines)
    assert any(line.startswith("Row 4, column “phone”:") for line in lines)
    # The values are not repeated: they may be personal data.
    assert "robot" not in result.stdout and "12345" not in result.stdout
    assert digest(org) == before

    result = run_cli("import", "beneficiaries", source, "--db", org, "--valid-rows-only", home=home)
    assert result.returncode == 0, result.stderr
    assert _count_line(result.stdout, "Added") == 1
    assert _count_line(result.stdout, "Left out (rows with problems)") == 2
    assert count(org, m.Beneficiary) == 1


def test_only_the_first_fifty_problems_are_listed(org: Path, home: Path, tmp_path: Path) -> None:
    rows = "".join(f"Ad{n},Soyad{n},robot,01.01.1990,01.05.2026\n" for n in range(70))
    header = "first_name,last_name,sex,date_of_birth,consent_date\n"
    source = write_csv(tmp_path / "many.csv", header + rows)
    result = run_cli("import", "beneficiaries", source, "--db", org, home=home)
    assert_one_line_error(result)
    listed = [line for line in result.stdout.splitlines() if line.startswith("Row ")]
    assert len(listed) == cso_cli.PROBLEMS_SHOWN
    assert "… and 20 more problems." in result.stdout


def test_a_missing_required_column_names_it_and_shows_a_mapping(
    org: Path, home: Path, tmp_path: Path
) -> None:
    source = write_csv(
        tmp_path / "x.csv",
        "first_name,last_name,Q7\nAysel,Quliyeva,1\n",
    )
    result = run_cli("import", "members", source, "--db", org, home=home)
    error = assert_one_line_error(result)
    assert "required column" in error
    assert "  sex  (Sex)" in result.stdout and "  joined_on  (Joined on)" in result.stdout
    assert "--mapping" in result.stdout
    example = json.loads(result.stdout[result.stdout.index("{") :])
    assert example["kind"] == "members"
    assert example["columns"]["first_name"] == "first_name"
    assert set(example["columns"]) >= {"sex", "joined_on"}

    # Completed and passed back, the mapping imports the file.
    source = write_csv(
        tmp_path / "y.csv",
        "first_name,last_name,Q7,Since\nAysel,Quliyeva,F,12.03.2019\n",
    )
    mapping_file = tmp_path / "map.json"
    mapping_file.write_text(
        json.dumps(
            {
                "kind": "members",
                "columns": {
                    "first_name": "first_name",
                    "last_name": "last_name",
                    "sex": "Q7",
                    "joined_on": "Since",
                },
            }
        ),
        encoding="utf-8",
    )
    result = run_cli("import", "members", source, "--db", org, "--mapping", mapping_file, home=home)
    assert result.returncode == 0, result.stderr
    assert count(org, m.Member) == 1
    # A mapping for another kind is refused.
    result = run_cli(
        "import", "volunteers", source, "--db", org, "--mapping", mapping_file, home=home
    )
    assert "is for members, not for volunteers" in assert_one_line_error(result)


def test_usage_errors_and_unreadable_files(org: Path, home: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "x.csv", PEOPLE)
    assert "--db FILE" in assert_one_line_error(run_cli("import", "members", source, home=home))
    assert run_cli("import", "donors", source, "--db", org, home=home).returncode == 2
    assert (
        run_cli("import", "members", source, "--db", org, "--on-duplicate", "x", home=home)
    ).returncode == 2
    missing = tmp_path / "nowhere.xlsx"
    assert_one_line_error(run_cli("import", "members", missing, "--db", org, home=home))
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a workbook")
    assert_one_line_error(run_cli("import", "members", garbage, "--db", org, home=home))


def test_template_writes_an_importable_workbook(org: Path, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "şablon.xlsx"
    result = run_cli("template", "volunteers", "--out", out, "--lang", "az", home=home)
    assert result.returncode == 0, result.stderr
    workbook = openpyxl.load_workbook(out)
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header == [item.key for item in fields(ImportKind.VOLUNTEERS)]
    data = workbook.worksheets[0]
    data.append(
        {
            header.index("first_name") + 1: "Nicat",
            header.index("last_name") + 1: "Quliyev",
            header.index("sex") + 1: "Kişi",
            header.index("joined_on") + 1: "15.01.2025",
            header.index("skills") + 1: "İlk yardım; Sürücülük",
        }
    )
    workbook.save(out)
    result = run_cli("import", "volunteers", out, "--db", org, home=home)
    assert result.returncode == 0, result.stderr
    assert _count_line(result.stdout, "Added") == 1

    assert "xlsx" in assert_one_line_error(
        run_cli("template", "volunteers", "--out", tmp_path / "t.csv", home=home)
    )
    assert run_cli("template", "volunteers", home=home).returncode == 2


def test_people_exports_need_include_personal_and_are_audited(
    org: Path, home: Path, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "people.csv", PEOPLE)
    assert run_cli("import", "beneficiaries", source, "--db", org, home=home).returncode == 0
    out = tmp_path / "out.csv"
    error = assert_one_line_error(
        run_cli("export", "beneficiaries", "--db", org, "--out", out, home=home)
    )
    assert "--include-personal" in error
    assert not out.exists()
    result = run_cli(
        "export", "beneficiaries", "--db", org, "--out", out, "--include-personal", home=home
    )
    assert result.returncode == 0, result.stderr
    assert "Wrote 4 rows" in result.stdout
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(i.key for i in fields(ImportKind.BENEFICIARIES))
    assert "Məmmədova" in text and "5ZK7P2H" in text and "+994501234567" in text
    assert "1985-12-31" in text and "female" in text and "AZ-" in text
    database = db_engine.open_database(org)
    try:
        with database.reading() as session:
            entry = session.scalars(
                select(m.AuditEntry).where(m.AuditEntry.action == "export")
            ).one()
            assert entry.detail["personal"] is True and entry.detail["rows"] == 4
    finally:
        database.close()
    # The help says why the flag is needed.
    result = run_cli("export", "--help", home=home)
    assert "--include-personal" in result.stdout and "personal data" in result.stdout


def test_import_kinds_match_the_schema_and_startup_stays_light() -> None:
    assert tuple(kind.value for kind in ImportKind) == cso_cli.IMPORT_KINDS
    code = (
        "import sys; from cso_desktop import cli; cli.build_parser(); "
        "heavy = [n for n in ('cso_desktop.services.importing.checking', "
        "'cso_desktop.services.importing.run', 'cso_desktop.services.importing.templates', "
        "'cso_desktop.services.importing.sources') if n in sys.modules]; print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"
