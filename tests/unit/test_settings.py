"""User settings: defaults, only differences saved, damaged files survived."""

from __future__ import annotations

import json

from cso_desktop import settings


def test_defaults_when_nothing_saved() -> None:
    assert settings.load() == settings.Settings()


def test_only_non_defaults_are_written() -> None:
    value = settings.Settings(language="az")
    settings.save(value)
    written = json.loads(settings.settings_path().read_text(encoding="utf-8"))
    assert written == {"version": settings.SCHEMA_VERSION, "language": "az"}
    assert settings.load() == value


def test_recent_files_are_unique_most_recent_first() -> None:
    value = settings.Settings()
    for name in ["a.csodb", "b.csodb", "a.csodb", *(f"{i}.csodb" for i in range(10))]:
        value.add_recent(name)
    assert value.recent_databases[0] == "9.csodb"
    assert len(value.recent_databases) == settings.MAX_RECENT
    assert len(set(value.recent_databases)) == len(value.recent_databases)
    assert value.last_database == "9.csodb"


def test_damaged_file_is_moved_aside_and_defaults_used() -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("{ not json", encoding="utf-8")
    assert settings.load() == settings.Settings()
    assert not path.exists()
    assert path.with_suffix(".damaged.json").read_text(encoding="utf-8") == "{ not json"


def test_values_of_the_wrong_type_are_ignored() -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 1, "language": 5, "last_database": "x.csodb", "zzz": 1}))
    loaded = settings.load()
    assert loaded.language == ""
    assert loaded.last_database == "x.csodb"
