"""The project's own checks: linters, translation catalogs and Qt's Azerbaijani texts.

These run in every ``./manage.sh test`` so that CI enforces them: a lint error, an import that
breaks a layer contract, a message catalog that is stale or broken, or an out-of-date
``qtbase_az.qm`` fails the suite.
"""

from __future__ import annotations

import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "cso_desktop"
LANGUAGES = ("az", "ru", "en")
POT = ROOT / "translations" / f"{DOMAIN}.pot"
QT_TS = ROOT / "translations" / "qt" / "qtbase_az.ts"
QT_QM = ROOT / "resources" / "qm" / "qtbase_az.qm"

MessageKey = tuple[str | None, str | tuple[str, ...]]


def _tool(name: str) -> str:
    """A console script of the test environment (the venv next to this Python, else PATH)."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; run ./manage.sh setup")
    return found


def _run(args: list[str], *, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


def _read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def _key(message: Message) -> MessageKey:
    msgid = message.id
    return (message.context, tuple(msgid) if isinstance(msgid, list | tuple) else msgid)


def _keys(catalog: Catalog) -> set[MessageKey]:
    return {_key(message) for message in catalog if message.id}


def _strings(message: Message) -> tuple[str, ...]:
    value = message.string
    if isinstance(value, list | tuple):
        return tuple(value)
    return (value or "",)


def _brace_fields(text: str) -> set[str]:
    """The named fields of a ``str.format`` template (raises ValueError if it is malformed)."""
    return {
        field.split(".")[0].split("[")[0]
        for _literal, field, _spec, _conversion in string.Formatter().parse(text)
        if field is not None
    }


# --- linters --------------------------------------------------------------------------------


def test_ruff_finds_nothing() -> None:
    result = _run([_tool("ruff"), "check", "--no-cache", "--output-format", "concise", "."])
    assert result.returncode == 0, f"ruff check failed:\n{result.stdout}{result.stderr}"


def test_import_contracts_hold() -> None:
    result = _run([_tool("lint-imports"), "--no-logo", "--no-cache"])
    assert result.returncode == 0, f"lint-imports failed:\n{result.stdout}{result.stderr}"


# --- message catalogs -----------------------------------------------------------------------


def test_template_matches_the_source(tmp_path: Path) -> None:
    """translations/cso_desktop.pot holds exactly the messages the code marks today."""
    fresh = tmp_path / "fresh.pot"
    result = _run(["bash", str(ROOT / "manage.sh"), "pot", str(fresh)])
    assert result.returncode == 0, f"extraction failed:\n{result.stdout}{result.stderr}"
    committed, extracted = _keys(_read_catalog(POT)), _keys(_read_catalog(fresh))
    assert committed == extracted, (
        "translations/cso_desktop.pot is stale; run ./manage.sh i18n.\n"
        f"Not extracted yet: {sorted(map(str, extracted - committed))}\n"
        f"No longer in the code: {sorted(map(str, committed - extracted))}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_in_step_with_the_template(language: str) -> None:
    po = ROOT / "translations" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    assert po.is_file(), f"{po.relative_to(ROOT)} is missing; run ./manage.sh i18n"
    catalog = _read_catalog(po, locale=language)
    assert not catalog.fuzzy, f"{language}: the header is marked fuzzy, so it would not compile"
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert not fuzzy, f"{language}: review these fuzzy entries, then drop the flag: {fuzzy}"
    assert _keys(catalog) == _keys(_read_catalog(POT)), (
        f"{language}: the catalog does not match the template; run ./manage.sh i18n"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    """A translation may use only the placeholders of its message, or formatting breaks."""
    catalog = _read_catalog(
        ROOT / "translations" / language / "LC_MESSAGES" / f"{DOMAIN}.po", locale=language
    )
    problems = [f"{message.id!r}: {errors}" for message, errors in catalog.check() if errors]
    for message in catalog:
        if not message.id or "python-brace-format" not in message.flags:
            continue
        ids = message.id if isinstance(message.id, list | tuple) else (message.id,)
        allowed = set().union(*(_brace_fields(text) for text in ids))
        for text in _strings(message):
            if not text:
                continue
            try:
                unknown = _brace_fields(text) - allowed
            except ValueError as exc:
                problems.append(f"{message.id!r}: {text!r} is not a valid template ({exc})")
                continue
            if unknown:
                problems.append(f"{message.id!r}: {text!r} uses unknown {sorted(unknown)}")
    assert not problems, f"{language}:\n" + "\n".join(problems)


def test_english_catalog_is_complete() -> None:
    catalog = _read_catalog(ROOT / "translations" / "en" / "LC_MESSAGES" / f"{DOMAIN}.po", "en")
    missing = [message.id for message in catalog if message.id and not all(_strings(message))]
    assert not missing, f"en: untranslated entries (run ./manage.sh i18n): {missing}"


# --- the Qt binding -------------------------------------------------------------------------


def test_qt_calls_leave_none_alone(qapp: object) -> None:
    """Guards requirements.lock: PySide6 6.12.0 on Python 3.11 drops a reference to None on
    every Qt call that returns nothing, and the app dies ("deallocating None") after a few
    thousand such calls. Python 3.12+ never frees None, so there the count stays put."""
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("Ləğv et")
    lost = before - sys.getrefcount(None)
    label.deleteLater()
    assert lost < 100, (
        f"{lost} references to None lost in 1000 calls: this PySide6 build crashes the app on "
        "this Python; pin another PySide6 version in pyproject.toml and run ./manage.sh lock"
    )


# --- Qt's own texts in Azerbaijani ----------------------------------------------------------


def test_azerbaijani_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "qtbase_az.qm"
    result = _run([_tool("pyside6-lrelease"), "-silent", str(QT_TS), "-qm", str(fresh)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert QT_QM.read_bytes() == fresh.read_bytes(), (
        "resources/qm/qtbase_az.qm is older than translations/qt/qtbase_az.ts; "
        "run ./manage.sh compile"
    )


def test_qt_standard_buttons_speak_azerbaijani(qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator
    from PySide6.QtWidgets import QDialogButtonBox

    translator = QTranslator()
    assert translator.load(str(QT_QM)), f"Qt cannot load {QT_QM}"
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Ləğv et"
        assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "&Bəli"
        assert QCoreApplication.translate("QFileDialog", "File &name:") == "Fayl &adı:"
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert cancel is not None and ok is not None
        assert (ok.text(), cancel.text()) == ("Tamam", "Ləğv et")
        buttons.deleteLater()
    finally:
        QCoreApplication.removeTranslator(translator)
