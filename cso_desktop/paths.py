"""Where things live: bundled resources and the user's own folders. No Qt.

``CSO_DESKTOP_HOME`` puts settings, data and logs in one folder (portable use on a workshop
laptop, and test isolation); otherwise the platform's conventional folders are used.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from cso_desktop import APP_ID, APP_NAME

_ENV_HOME = "CSO_DESKTOP_HOME"


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package in a checkout, in ``_MEIPASS`` when frozen."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def translations_source_dir() -> Path:
    """The Babel catalogs (``.po``), present in a checkout and not in a frozen build."""
    return Path(__file__).resolve().parent.parent / "translations"


def locale_dir() -> Path:
    """Compiled ``.mo`` catalogs."""
    return resources_dir() / "locale"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def _home() -> Path | None:
    value = os.environ.get(_ENV_HOME)
    return Path(value) if value else None


def config_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "config"
    return Path(platformdirs.user_config_dir(APP_ID, appauthor=False))


def data_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "logs"
    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


def default_database_path() -> Path:
    """The organisation file the app opens when none is named."""
    return data_dir() / "organisation.csodb"


def workshop_database_path() -> Path:
    """Where "Open the workshop organisation" creates (and re-creates) the demo file."""
    return data_dir() / "workshop.csodb"
