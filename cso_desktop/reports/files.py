"""Writing a report file whole or not at all."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from cso_desktop.domain.errors import EnvironmentFailure


@contextlib.contextmanager
def atomic_write(path: Path | str) -> Iterator[IO[bytes]]:
    """A binary file to write ``path`` through, put in place only when complete.

    The content goes to a temporary file beside ``path`` (same folder, so the rename is atomic).
    When the ``with`` block ends normally the file is synced and renamed onto ``path``; when it
    raises, the temporary file is deleted and a file already at ``path`` is left as it was.

    Raises:
        EnvironmentFailure: the folder is missing or read-only, the disk is full, or another
            program holds the target file.
    """
    path = Path(path)
    partial, handle = _open_partial(path)
    placed = False
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
        placed = True
    except OSError as exc:
        raise EnvironmentFailure(exc.strerror or str(exc), path=str(path)) from exc
    finally:
        if not placed:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)


def _open_partial(path: Path) -> tuple[Path, IO[bytes]]:
    for _attempt in range(100):
        partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
        try:
            # "x": never reuse a file that exists; the mode follows the user's umask.
            return partial, partial.open("xb")
        except FileExistsError:
            continue
        except OSError as exc:
            raise EnvironmentFailure(exc.strerror or str(exc), path=str(path)) from exc
    raise EnvironmentFailure("no free temporary name", path=str(path))
