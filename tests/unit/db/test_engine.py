"""Opening organisation files: refusals leave files untouched, upgrades back up first."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from cso_desktop.db import engine as db_engine
from cso_desktop.db import models as m
from cso_desktop.db import schema
from cso_desktop.domain import errors
from cso_desktop.services import files, organisation

MIGRATIONS = Path(schema.script_location())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _make_org_file(path: Path) -> Path:
    files.build_new_file(
        path, lambda s: organisation.create_organisation(s, name="Şəki Qadınlar Birliyi")
    )
    return path


def _file_at(path: Path, revision: str) -> Path:
    engine = db_engine.make_engine(db_engine.sqlite_url(path))
    schema.upgrade(engine, revision)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO organisation (name, default_currency, fiscal_year_start_month,"
                " language, is_demo) VALUES ('Köhnə fayl', 'AZN', 1, 'az', 0)"
            )
        )
    engine.dispose()
    return path


def test_new_file_is_at_head_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = db_engine.open_database(_make_org_file(tmp_path / "org.csodb"))
    try:
        with db.engine.connect() as connection:
            assert schema.current_revision(connection) == schema.head_revision()
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    finally:
        db.close()


def test_foreign_keys_are_enforced(db: db_engine.Database) -> None:
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(
            m.VolunteerTraining(
                volunteer_id=999, kind="first_aid", title="x", completed_on=dt.date(2025, 1, 1)
            )
        )


def test_failed_transaction_leaves_database_as_it_was(db: db_engine.Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as session:
        session.add(m.MemberCategory(name="Tələbə", currency="AZN"))
        session.flush()
        raise RuntimeError("power cut simulated")
    with db.reading() as session:
        assert session.scalars(select(m.MemberCategory)).all() == []


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", errors.EmptyFileError),
        (b"name;surname\nAli;Aliyev\n", errors.NotADatabaseError),
        (b"SQLite format 3\x00" + b"\x00" * 10, errors.NotADatabaseError),
    ],
    ids=["empty", "text", "short-header"],
)
def test_refused_files_are_left_byte_for_byte(
    tmp_path: Path, content: bytes, error: type[Exception]
) -> None:
    path = tmp_path / "bad.csodb"
    path.write_bytes(content)
    before = _digest(path)
    with pytest.raises(error) as info:
        db_engine.open_database(path)
    assert _digest(path) == before
    assert str(path) in info.value.user_message  # type: ignore[attr-defined]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csodb"]


def test_truncated_database_is_refused_and_unchanged(tmp_path: Path) -> None:
    good = _make_org_file(tmp_path / "good.csodb")
    data = good.read_bytes()
    truncated = tmp_path / "cut.csodb"
    truncated.write_bytes(data[: len(data) // 2])
    before = _digest(truncated)
    with pytest.raises(errors.CorruptDatabaseError):
        db_engine.open_database(truncated)
    assert _digest(truncated) == before


def test_other_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.commit()
    connection.close()
    before = _digest(path)
    with pytest.raises(errors.ForeignDatabaseError):
        db_engine.open_database(path)
    assert _digest(path) == before


def test_file_from_newer_version_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = _make_org_file(tmp_path / "newer.csodb")
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    connection.commit()
    connection.close()
    before = _digest(path)
    with pytest.raises(errors.NewerSchemaError) as info:
        db_engine.open_database(path)
    assert _digest(path) == before
    assert "newer version" in info.value.user_message


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(errors.DatabaseMissingError):
        db_engine.open_database(tmp_path / "nowhere.csodb")
    assert not (tmp_path / "nowhere.csodb").exists()


def test_create_never_overwrites(tmp_path: Path) -> None:
    path = _make_org_file(tmp_path / "org.csodb")
    before = _digest(path)
    with pytest.raises(errors.FileExistsRefusedError):
        _make_org_file(path)
    assert _digest(path) == before


@pytest.fixture
def migrations_with_next_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A copy of the shipped migrations plus one newer revision, as a future release would add."""
    location = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    head = schema.head_revision()
    (location / "versions" / "9999_next.py").write_text(
        f'''"""A later release adds a column."""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("member") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(50), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("member") as batch_op:
        batch_op.drop_column("nickname")
''',
        encoding="utf-8",
    )
    monkeypatch.setattr(schema, "script_location", lambda: str(location))
    return head


def test_older_file_is_backed_up_then_upgraded(
    tmp_path: Path, migrations_with_next_revision: str
) -> None:
    old_revision = migrations_with_next_revision
    # Build the file as the current release would: at the revision before "9999".
    path = _file_at(tmp_path / "org.csodb", old_revision)
    before = _digest(path)

    db = db_engine.open_database(path)
    try:
        assert db.backup_path is not None and db.backup_path.exists()
        assert _digest(db.backup_path) != "" and old_revision in db.backup_path.name
        with db.engine.connect() as connection:
            assert schema.current_revision(connection) == "9999"
            assert "nickname" in {c["name"] for c in inspect(connection).get_columns("member")}
            assert (
                connection.execute(text("SELECT name FROM organisation")).scalar() == "Köhnə fayl"
            )
    finally:
        db.close()
    backup = sqlite3.connect(db.backup_path)
    try:
        assert (
            backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old_revision
        )
        assert backup.execute("SELECT name FROM organisation").fetchone()[0] == "Köhnə fayl"
    finally:
        backup.close()
    assert _digest(path) != before


def test_failed_upgrade_changes_nothing(tmp_path: Path, migrations_with_next_revision: str) -> None:
    path = _file_at(tmp_path / "org.csodb", migrations_with_next_revision)
    location = Path(schema.script_location())
    broken = (
        (location / "versions" / "9999_next.py")
        .read_text(encoding="utf-8")
        .replace(
            'batch_op.add_column(sa.Column("nickname", sa.String(50), nullable=True))',
            'batch_op.add_column(sa.Column("nickname", sa.String(50), nullable=True))\n'
            '    op.execute("INSERT INTO no_such_table VALUES (1)")',
        )
    )
    (location / "versions" / "9999_next.py").write_text(broken, encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - any failure: what matters is the file afterwards
        db_engine.open_database(path)
    connection = sqlite3.connect(path)
    try:
        assert (
            connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            == migrations_with_next_revision
        )
        columns = {row[1] for row in connection.execute("PRAGMA table_info(member)")}
        assert "nickname" not in columns
    finally:
        connection.close()


def test_release_files_upgrade_to_head(tmp_path: Path) -> None:
    """Every organisation file kept from a past release opens and reaches head with its data."""
    releases = sorted((Path(__file__).parents[2] / "data").glob("release-*.csodb"))
    assert releases, "tests/data must keep a file from each release"
    for release in releases:
        copy = tmp_path / release.name
        shutil.copyfile(release, copy)
        db = db_engine.open_database(copy)
        try:
            with db.reading() as session:
                assert organisation.get_profile(session).name
                assert session.scalar(select(m.Member.last_name).limit(1))
            with db.engine.connect() as connection:
                assert schema.current_revision(connection) == schema.head_revision()
        finally:
            db.close()
