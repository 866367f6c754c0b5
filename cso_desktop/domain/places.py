"""Azerbaijan's economic regions, rayons and cities (standards/azerbaijan_admin.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from cso_desktop import paths
from cso_desktop.i18n import current_language


@dataclass(frozen=True, slots=True)
class Place:
    pcode: str
    name_az: str
    name_en: str
    level: str
    parent_pcode: str

    def name(self, language: str | None = None) -> str:
        """The name in the UI language. Russian uses the Azerbaijani official name for now:
        no authoritative Cyrillic list was available, and the Latin name is what appears on
        official documents."""
        language = language or current_language()
        return self.name_en if language == "en" else self.name_az


@cache
def all_places() -> tuple[Place, ...]:
    with (paths.resources_dir() / "data" / "azerbaijan_admin.csv").open(encoding="utf-8") as fh:
        return tuple(
            Place(
                pcode=row["pcode"],
                name_az=row["name_az"],
                name_en=row["name_en"],
                level=row["level"],
                parent_pcode=row["parent_pcode"],
            )
            for row in csv.DictReader(fh)
        )


def rayons() -> list[Place]:
    """Rayons and cities of republican subordination (the level used for targeting)."""
    return [p for p in all_places() if p.level == "adm2"]


def by_code(pcode: str | None) -> Place | None:
    if not pcode:
        return None
    return _index().get(pcode)


@cache
def _index() -> dict[str, Place]:
    return {p.pcode: p for p in all_places()}


def place_name(pcode: str | None, language: str | None = None) -> str:
    place = by_code(pcode)
    return place.name(language) if place else (pcode or "")
