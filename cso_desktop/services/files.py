"""Creating organisation files atomically: a file appears complete, or not at all."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from cso_desktop.db import engine as db_engine
from cso_desktop.domain import errors

T = TypeVar("T")


def _remove_with_sidecars(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def build_new_file(path: Path, fill: Callable[[Session], T]) -> T:
    """Create ``path`` with the schema at head and ``fill`` it in one transaction.

    The file is built under a temporary name and renamed into place only when complete, so a
    killed process or a full disk never leaves a half-made organisation file behind. An
    existing file is never overwritten.
    """
    path = Path(path)
    if path.exists():
        raise errors.FileExistsRefusedError("file exists", path=str(path))
    partial = path.with_name(f".{path.name}.partial")
    _remove_with_sidecars(partial)
    try:
        db = db_engine.create_database(partial)
    except errors.CsoError:
        raise
    except OSError as exc:
        raise errors.EnvironmentFailure(exc.strerror or str(exc), path=str(path)) from exc
    try:
        with db.transaction() as session:
            result = fill(session)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        db.close()
        _remove_with_sidecars(partial)
        raise
    db.close()
    try:
        if path.exists():  # someone else created it meanwhile
            raise errors.FileExistsRefusedError("file exists", path=str(path))
        os.replace(partial, path)
    except OSError as exc:
        _remove_with_sidecars(partial)
        raise errors.EnvironmentFailure(exc.strerror or str(exc), path=str(path)) from exc
    finally:
        _remove_with_sidecars(partial)
    return result
