"""Which column of the file holds which field: proposed from the headers and the values, corrected
by the user, and saved by name to be reused with the next file from the same source."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from cso_desktop import paths
from cso_desktop.domain import normalise, people
from cso_desktop.domain.errors import EnvironmentFailure, ValidationError
from cso_desktop.i18n import _, using_language
from cso_desktop.reports.files import atomic_write
from cso_desktop.services.importing.schema import Field, FieldType, ImportKind, fields
from cso_desktop.services.importing.sources import Table, kobo_header

#: Share of a column's sample that must read as a field's type for a proposal by content.
CONTENT_SHARE = 0.8
_SAMPLE = 50
_FIN_LIKE = re.compile(r"^[0-9A-Z]{7}$")
_MAPPINGS_FOLDER = "import-mappings"


@dataclass(frozen=True)
class Mapping:
    """canonical key → the source header it is read from (unmapped keys are absent)."""

    kind: ImportKind
    columns: dict[str, str] = field(default_factory=dict)
    name: str = ""


def header_key(text: str) -> str:
    """A header folded for comparison: group path, case, punctuation, "(dd.mm.yyyy)" and "*"
    removed; ``_``, ``-`` and ``.`` read as spaces."""
    text = kobo_header(text)
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text)
    text = people.fold(text)
    text = re.sub(r"[_\-.:*#№?!,;/\\\"'«»]+", " ", text)
    return " ".join(text.split())


@cache
def _header_index(kind: ImportKind) -> dict[str, str]:
    """Folded header spelling → canonical key: keys, titles in az/ru/en, synonyms."""
    index: dict[str, str] = {}
    for candidate in fields(kind):
        spellings = [candidate.key, *candidate.synonyms]
        for language in normalise.LANGUAGES:
            with using_language(language):
                spellings.append(_(candidate.title))
        for spelling in spellings:
            index.setdefault(header_key(spelling), candidate.key)
    return index


def propose_mapping(kind: ImportKind | str, table: Table) -> Mapping:
    """A first mapping: each header matched by name (keys, translated titles, synonyms), then
    columns still unmatched matched by their values (dates, FİN, phones, sex words)."""
    kind = ImportKind(kind)
    index = _header_index(kind)
    columns: dict[str, str] = {}
    for header in table.headers:
        key = index.get(header_key(header))
        if key is not None and key not in columns:
            columns[key] = header
    used = set(columns.values())
    for candidate in fields(kind):
        if candidate.key in columns:
            continue
        test = _CONTENT_TESTS.get(candidate.type)
        if test is None:
            continue
        for position, header in enumerate(table.headers):
            if header in used:
                continue
            if _share(table, position, test) >= CONTENT_SHARE:
                columns[candidate.key] = header
                used.add(header)
                break
    ordered = {f.key: columns[f.key] for f in fields(kind) if f.key in columns}
    return Mapping(kind, ordered)


def _share(table: Table, position: int, test: Callable[[object], bool]) -> float:
    sample = [row[position] for row in table.rows[:500] if row[position] is not None][:_SAMPLE]
    if not sample:
        return 0.0
    return sum(1 for value in sample if test(value)) / len(sample)


def _reads(parser: Callable[[object], object]) -> Callable[[object], bool]:
    def test(value: object) -> bool:
        try:
            return parser(value) is not None
        except ValueError:
            return False

    return test


def _is_date(value: object) -> bool:
    # Plain numbers are not taken for Excel serial dates here: ages and amounts are numbers too.
    return _reads(lambda v: normalise.parse_date(v, excel_serial_ok=False))(value)


def _is_fin(value: object) -> bool:
    text = normalise.cell_text(value).upper().replace("İ", "I")
    return bool(_FIN_LIKE.match(text)) and any(c.isalpha() for c in text)


def _is_phone(value: object) -> bool:
    return len(normalise.cell_text(value)) >= 9 and _reads(normalise.parse_phone)(value)


_CONTENT_TESTS: dict[FieldType, Callable[[object], bool]] = {
    FieldType.DATE: _is_date,
    FieldType.NATIONAL_ID: _is_fin,
    FieldType.PHONE: _is_phone,
    FieldType.SEX: _reads(normalise.parse_sex),
}


def missing_required(mapping: Mapping) -> tuple[Field, ...]:
    """Required fields the mapping does not read from any column."""
    return tuple(f for f in fields(mapping.kind) if f.required and f.key not in mapping.columns)


def unknown_columns(mapping: Mapping, headers: Sequence[str]) -> tuple[str, ...]:
    """Source headers the mapping names that the file does not have (a saved mapping reused on
    a different file)."""
    present = set(headers)
    return tuple(h for h in mapping.columns.values() if h not in present)


# --- saving and loading -------------------------------------------------------------------------


def save_mapping(mapping: Mapping, path: Path | str) -> None:
    """Write ``mapping`` as JSON (``--mapping FILE.json`` on the command line reads it back)."""
    document = {
        "format": "cso-desktop-import-mapping",
        "version": 1,
        "name": mapping.name,
        "kind": str(mapping.kind),
        "columns": dict(mapping.columns),
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    with atomic_write(Path(path)) as handle:
        handle.write(text.encode("utf-8"))


def load_mapping(path: Path | str) -> Mapping:
    """Read a mapping saved by :func:`save_mapping`.

    Raises:
        ValidationError: the file is missing or is not a mapping (translated, says what to do).
    """
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ValidationError(
            _("The mapping file “{name}” was not found.").format(name=path.name)
        ) from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise _not_a_mapping(path) from None
    if not isinstance(document, dict):
        raise _not_a_mapping(path)
    try:
        kind = ImportKind(str(document.get("kind")))
    except ValueError:
        raise _not_a_mapping(path) from None
    raw = document.get("columns")
    name = document.get("name", "")
    if not isinstance(raw, dict) or not isinstance(name, str):
        raise _not_a_mapping(path)
    known = {f.key for f in fields(kind)}
    unknown = [k for k in raw if k not in known]
    if unknown or not all(isinstance(v, str) for v in raw.values()):
        raise ValidationError(
            _(
                "The mapping “{name}” names columns the app does not know ({keys}). Make the "
                "mapping again in the import window."
            ).format(name=path.name, keys=", ".join(str(k) for k in unknown) or "?")
        )
    return Mapping(kind, dict(raw), name)


def _not_a_mapping(path: Path) -> ValidationError:
    return ValidationError(
        _(
            "“{name}” is not an import mapping saved by CSO Desktop. Choose a mapping file, or "
            "save the mapping again from the import window."
        ).format(name=path.name)
    )


def mappings_dir() -> Path:
    return paths.data_dir() / _MAPPINGS_FOLDER


def _file_name(name: str) -> str:
    stem = re.sub(r"[^\w\-]+", "_", name.strip(), flags=re.UNICODE).strip("_")[:80]
    return (stem or "mapping") + ".json"


def saved_mappings() -> dict[str, Path]:
    """Mappings saved in the user's data folder, by name (sorted); unreadable files skipped."""
    folder = mappings_dir()
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in folder.glob("*.json"):
        try:
            mapping = load_mapping(path)
        except ValidationError:
            continue
        found[mapping.name or path.stem] = path
    return dict(sorted(found.items(), key=lambda item: people.sort_key([item[0]])))


def store_mapping(mapping: Mapping) -> Path:
    """Save ``mapping`` under its name in the user's data folder (replacing one of that name).

    Raises:
        ValidationError: the mapping has no name.
    """
    if not mapping.name.strip():
        raise ValidationError(_("Give the mapping a name to save it."), field="name")
    folder = mappings_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentFailure(str(exc), path=str(folder)) from None
    existing = saved_mappings().get(mapping.name.strip())
    path = existing or folder / _file_name(mapping.name)
    save_mapping(Mapping(mapping.kind, dict(mapping.columns), mapping.name.strip()), path)
    return path
