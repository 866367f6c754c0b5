"""The user's own settings (per computer account), with every default in one place. No Qt.

Saved as JSON in the config folder. Only values that differ from the defaults are written, a
schema version allows later migrations, and a damaged file is moved aside (never fatal).
Organisation-wide settings (thresholds, age bands) live in the data file instead.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cso_desktop import paths

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MAX_RECENT = 8


@dataclass
class Settings:
    """Attributes:
    language: UI and report language (az, ru, en); empty means "the system's language".
    last_database: the file opened last; opened again at start.
    recent_databases: most recent first.
    window_geometry: hex of QMainWindow.saveGeometry().
    report_kind: the report chosen last on the Reports page (``donor``, ``reach``…).
    report_project: the project code chosen last ("" = all projects).
    report_start, report_end: the period chosen last (ISO dates; "" = the default period).
    report_language: the report language chosen last ("" = the window's).
    report_formats: the format chosen last per report kind (``{"donor": "xlsx"}``).
    report_folder: the folder the last report was saved in.
    report_reporting_ns: GO 3W: the National Society entered last.
    report_chf_rates: GO 3W: the rates to CHF entered last, per currency, as typed.
    """

    language: str = ""
    last_database: str = ""
    recent_databases: list[str] = field(default_factory=list)
    window_geometry: str = ""
    report_kind: str = ""
    report_project: str = ""
    report_start: str = ""
    report_end: str = ""
    report_language: str = ""
    report_formats: dict[str, str] = field(default_factory=dict)
    report_folder: str = ""
    report_reporting_ns: str = ""
    report_chf_rates: dict[str, str] = field(default_factory=dict)

    def add_recent(self, path: str) -> None:
        self.recent_databases = [path, *[p for p in self.recent_databases if p != path]][
            :MAX_RECENT
        ]
        self.last_database = path


#: Migrations from version N to N+1, applied in order to the raw dict.
_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def load() -> Settings:
    path = settings_path()
    defaults = Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("settings root is not an object")
    except FileNotFoundError:
        return defaults
    except (OSError, ValueError) as exc:
        _move_aside(path, exc)
        return defaults
    version = raw.pop("version", 1)
    while version < SCHEMA_VERSION:
        raw = _MIGRATIONS[version](raw)
        version += 1
    known = {f.name: f for f in dataclasses.fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            continue
        default = getattr(defaults, key)
        if type(value) is not type(default):
            log.warning("Ignoring setting %s with a value of the wrong type", key)
            continue
        values[key] = value
    return Settings(**values)


def save(settings: Settings) -> None:
    """Write only non-default values, atomically (a crash mid-write keeps the old file)."""
    defaults = dataclasses.asdict(Settings())
    data: dict[str, Any] = {"version": SCHEMA_VERSION}
    data.update({k: v for k, v in dataclasses.asdict(settings).items() if defaults[k] != v})
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _move_aside(path: Path, exc: Exception) -> None:
    target = path.with_suffix(".damaged.json")
    log.warning(
        "Settings file %s is unreadable (%s); moved to %s, defaults used", path, exc, target
    )
    try:
        os.replace(path, target)
    except OSError:
        log.exception("Could not move the damaged settings file aside")
