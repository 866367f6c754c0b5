"""Sector lists a project is filed under: IFRC GO's primary sectors and the OECD DAC 5-digit
purpose codes (IATI ``Sector`` codelist, ``resources/data/dac_sectors.csv``).

GO sectors are stored by their English GO name, exactly as GO's 3W upload expects it
(standards README §5b), and shown translated. DAC codes are stored as the 5 digits; their names
are the official English ones (the codelist has no Azerbaijani or Russian names).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from cso_desktop import paths
from cso_desktop.i18n import N_, _

#: GO's "Primary Sector" values (go-api ``deployments/models.py``), stored as written here.
GO_SECTORS: dict[str, str] = {
    "WASH": N_("Water, sanitation and hygiene (WASH)"),
    "PGI": N_("Protection, gender and inclusion (PGI)"),
    "CEA": N_("Community engagement and accountability (CEA)"),
    "Migration": N_("Migration"),
    "Health": N_("Health"),
    "DRR": N_("Disaster risk reduction (DRR)"),
    "Shelter": N_("Shelter"),
    "NS Strengthening": N_("National Society strengthening"),
    "Education": N_("Education"),
    "Livelihoods and basic needs": N_("Livelihoods and basic needs"),
}


def go_sector_label(code: str | None) -> str:
    """The translated name of a GO sector; an unknown value is shown as it is."""
    if not code:
        return ""
    text = GO_SECTORS.get(code)
    return _(text) if text else code


def go_sector_choices() -> list[tuple[str, str]]:
    """``(stored value, translated name)`` of the GO sectors, in GO's order."""
    return [(code, _(text)) for code, text in GO_SECTORS.items()]


@dataclass(frozen=True, slots=True)
class DacSector:
    code: str
    name: str
    category_code: str
    category_name: str

    def label(self) -> str:
        return f"{self.code} — {self.name}"


@cache
def dac_sectors() -> tuple[DacSector, ...]:
    """The active DAC 5-digit codes, in code order."""
    with (paths.resources_dir() / "data" / "dac_sectors.csv").open(encoding="utf-8") as fh:
        return tuple(
            DacSector(
                code=row["code"],
                name=row["name_en"],
                category_code=row["category_code"],
                category_name=row["category_name_en"],
            )
            for row in csv.DictReader(fh)
        )


@cache
def _dac_index() -> dict[str, DacSector]:
    return {sector.code: sector for sector in dac_sectors()}


def dac_sector(code: str | None) -> DacSector | None:
    if not code:
        return None
    return _dac_index().get(code)


def dac_label(code: str | None) -> str:
    """``16010 — Social Protection``; an unknown code is shown as it is."""
    sector = dac_sector(code)
    return sector.label() if sector else (code or "")
