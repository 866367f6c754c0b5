"""Opening an organisation file: checks, backup, migration, the engine and the session factory.

Any SQLAlchemy URL works (PostgreSQL for an office server). A plain path means a SQLite file,
which gets WAL journalling, foreign keys, a busy timeout and full fsync on commit, so a power
cut can lose nothing that was reported saved and can never corrupt the file.

Before anything is written, a SQLite file is inspected read-only: a file that is not a database,
an empty or truncated file, another program's database or one from a newer version of the app is
refused with a :class:`~cso_desktop.domain.errors.DatabaseFileError` and stays byte-for-byte
unchanged. An older schema is copied to a timestamped backup, then upgraded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from cso_desktop.db import schema
from cso_desktop.domain import errors

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 10.0


class FileState(Enum):
    MISSING = "missing"
    NEW = "new"  # a valid SQLite file with no tables: can be initialised
    CURRENT = "current"
    OLDER = "older"


@dataclass(frozen=True)
class Inspection:
    state: FileState
    revision: str | None


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and "://" in target


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path))


# --- read-only inspection -------------------------------------------------------------------


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(100)
    except PermissionError as exc:
        raise errors.EnvironmentFailure(str(exc), path=str(path)) from exc
    except IsADirectoryError as exc:
        raise errors.NotADatabaseError("is a directory", path=str(path)) from exc


def _check_header(path: Path) -> None:
    header = _read_header(path)
    if not header:
        raise errors.EmptyFileError("file is empty", path=str(path))
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise errors.NotADatabaseError("no SQLite header", path=str(path))
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter = int.from_bytes(header[24:28], "big")
    page_count = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    if page_size < 512 or page_size & (page_size - 1):
        raise errors.CorruptDatabaseError(f"bad page size {page_size}", path=str(path))
    # The in-header size is trustworthy only when written by the same change
    # (SQLite file format, section 1.3.7).
    if change_counter == valid_for and page_count and path.stat().st_size < page_count * page_size:
        raise errors.CorruptDatabaseError(
            f"file has {path.stat().st_size} bytes, header says {page_count * page_size}",
            path=str(path),
        )


def readonly_connect(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file (``mode=ro``)."""
    uri = path.resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)


def inspect_sqlite_file(path: Path, *, full_check: bool = False) -> Inspection:
    """Classify a SQLite file without changing it; raise for files that must not be opened."""
    if not path.exists():
        return Inspection(FileState.MISSING, None)
    _check_header(path)
    try:
        connection = readonly_connect(path)
    except sqlite3.Error as exc:
        raise errors.NotADatabaseError(str(exc), path=str(path)) from exc
    try:
        pragma = "integrity_check" if full_check else "quick_check"
        problems = [row[0] for row in connection.execute(f"PRAGMA {pragma}(20)")]
        if problems != ["ok"]:
            raise errors.CorruptDatabaseError("; ".join(problems), path=str(path))
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables:
            return Inspection(FileState.NEW, None)
        if "alembic_version" not in tables or "organisation" not in tables:
            raise errors.ForeignDatabaseError(f"tables: {sorted(tables)[:5]}", path=str(path))
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise errors.DatabaseBusyError(str(exc), path=str(path)) from exc
        raise errors.CorruptDatabaseError(str(exc), path=str(path)) from exc
    finally:
        connection.close()
    revision = row[0] if row else None
    return Inspection(_classify_revision(revision, str(path)), revision)


def _classify_revision(revision: str | None, where: str) -> FileState:
    if revision is None:
        raise errors.ForeignDatabaseError("alembic_version is empty", path=where)
    if revision == schema.head_revision():
        return FileState.CURRENT
    if revision in schema.known_revisions():
        return FileState.OLDER
    raise errors.NewerSchemaError(f"unknown revision {revision}", path=where)


# --- the open database ----------------------------------------------------------------------


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WORKAROUND for pysqlite's legacy transaction handling, which commits before DDL and starts
    # transactions late (SQLAlchemy SQLite dialect docs, "Serializable isolation / Savepoints /
    # Transactional DDL"): take control of BEGIN so a migration or an import is all or nothing.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit the user saw succeed survives a power cut, not only an app crash.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.execute("PRAGMA cache_size = -32000")
    finally:
        cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(url: URL | str, *, readonly_path: Path | None = None) -> Engine:
    """An engine for ``url``; with ``readonly_path``, a read-only SQLite engine on that file."""
    if readonly_path is not None:
        return create_engine("sqlite+pysqlite://", creator=lambda: readonly_connect(readonly_path))
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Database:
    """An open organisation data store.

    Attributes:
        url: where it lives.
        path: the SQLite file, or ``None`` for a server database.
        engine: the SQLAlchemy engine.
        sessions: the session factory; operations use ``with db.transaction() as session``.
        backup_path: the backup made before an upgrade during this open, if any.
    """

    url: URL
    path: Path | None
    engine: Engine
    sessions: sessionmaker[Session]
    backup_path: Path | None = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls everything back on any exception."""
        with self.sessions.begin() as session:
            try:
                yield session
            except OperationalError as exc:
                raise _translate_operational(exc, self.display_name) from exc

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; it never commits."""
        with self.sessions() as session:
            try:
                yield session
            except OperationalError as exc:
                raise _translate_operational(exc, self.display_name) from exc
            finally:
                session.rollback()

    @property
    def display_name(self) -> str:
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def _translate_operational(exc: OperationalError, where: str) -> errors.CsoError:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "locked" in text or "busy" in text:
        return errors.DatabaseBusyError(text, path=where)
    if "readonly" in text or "read-only" in text or "disk" in text or "full" in text:
        return errors.EnvironmentFailure(text, path=where)
    return errors.CsoError(text)


def _new_database(url: URL, path: Path | None) -> Database:
    engine = make_engine(url)
    return Database(
        url=url, path=path, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False)
    )


def backup_sqlite(path: Path, *, label: str) -> Path:
    """A consistent copy of ``path`` beside it, named with the time and ``label``."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}-{label}{path.suffix or '.db'}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(
            f"{path.stem}.backup-{stamp}-{label}-{counter}{path.suffix or '.db'}"
        )
    source = readonly_connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise errors.EnvironmentFailure(str(exc), path=str(target)) from exc
    finally:
        source.close()
    return target


def create_database(target: str | Path) -> Database:
    """Create a new, empty organisation store at head. A file that exists is never overwritten."""
    if is_url(target):
        url = make_url(str(target))
        db = _new_database(url, None)
        with db.engine.connect() as connection:
            if inspect(connection).get_table_names():
                db.close()
                raise errors.FileExistsRefusedError("database not empty", path=db.display_name)
        schema.upgrade(db.engine)
        return db
    path = Path(target)
    if path.exists():
        raise errors.FileExistsRefusedError("file exists", path=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=False)
    except OSError as exc:
        raise errors.EnvironmentFailure(exc.strerror or str(exc), path=str(path)) from exc
    db = _new_database(sqlite_url(path), path)
    try:
        schema.upgrade(db.engine)
    except Exception:
        db.close()
        path.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    return db


def open_database(target: str | Path) -> Database:
    """Open an existing organisation store, upgrading an older schema after a backup."""
    if is_url(target):
        return _open_server(make_url(str(target)))
    path = Path(target)
    inspection = inspect_sqlite_file(path)
    if inspection.state is FileState.MISSING:
        raise errors.DatabaseMissingError("missing", path=str(path))
    if inspection.state is FileState.NEW:
        raise errors.ForeignDatabaseError("no tables", path=str(path))
    backup_path = None
    if inspection.state is FileState.OLDER:
        backup_path = backup_sqlite(path, label=f"rev{inspection.revision}")
        log.info(
            "Backed up %s to %s before upgrading from %s", path, backup_path, inspection.revision
        )
    db = _new_database(sqlite_url(path), path)
    try:
        with db.engine.connect() as connection:  # fail early on a locked or read-only file
            connection.exec_driver_sql("SELECT 1")
        if inspection.state is FileState.OLDER:
            schema.upgrade(db.engine)
    except OperationalError as exc:
        db.close()
        raise _translate_operational(exc, str(path)) from exc
    except Exception:
        db.close()
        raise
    db.backup_path = backup_path
    return db


def _open_server(url: URL) -> Database:
    db = _new_database(url, None)
    try:
        with db.engine.connect() as connection:
            revision = schema.current_revision(connection)
            tables = set(inspect(connection).get_table_names())
        if revision is None:
            raise (errors.ForeignDatabaseError if tables else errors.DatabaseMissingError)(
                "no CSO Desktop schema", path=db.display_name
            )
        if _classify_revision(revision, db.display_name) is FileState.OLDER:
            schema.upgrade(db.engine)
    except OperationalError as exc:
        db.close()
        raise errors.EnvironmentFailure(str(exc.orig), path=db.display_name) from exc
    except Exception:
        db.close()
        raise
    return db


def open_readonly(path: Path) -> Database:
    """Open a SQLite file read-only (for ``check``): nothing can be written to it."""
    engine = make_engine("sqlite://", readonly_path=path)
    return Database(url=sqlite_url(path), path=path, engine=engine, sessions=sessionmaker(engine))
