"""Organisation-wide settings stored in the data file (so every laptop of the office agrees):
the budget's reallocation threshold, the small-count threshold of public documents, the age
bands of reports and the rayons' IFRC GO district names. The report modules read them
(``reports.budget``, ``reports.hxl``, ``reports.data``, ``reports.go3w``); these functions check
and store them, each with an audit entry, inside the caller's transaction."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.domain import people, places
from cso_desktop.domain.errors import ValidationError
from cso_desktop.domain.validation import Problems
from cso_desktop.domain.vocab import AuditAction
from cso_desktop.i18n import _
from cso_desktop.reports import budget as budget_report
from cso_desktop.reports import data as report_data
from cso_desktop.reports import go3w, hxl
from cso_desktop.services import audit


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(m.Setting, key)
    return default if row is None else row.value


def put(session: Session, key: str, value: Any) -> None:
    row = session.get(m.Setting, key)
    if row is None:
        session.add(m.Setting(key=key, value=value))
    else:
        row.value = value


# --- budget -----------------------------------------------------------------------------------

#: Bounds of the reallocation threshold, as a share of a heading's base amount.
THRESHOLD_MIN = Decimal("0.01")
THRESHOLD_MAX = Decimal("1")


def reallocation_threshold(session: Session) -> Decimal:
    """How far a budget heading may move from its original amount before the donor must sign an
    addendum, as a share (0.25 = 25 %). Projects may set their own."""
    return budget_report.organisation_threshold(session)


def set_reallocation_threshold(session: Session, percent: Decimal | str) -> Decimal:
    """Store the organisation's reallocation threshold given in percent ("25", "15,5").

    Raises:
        ValidationError: not a number, or outside 1–100 %.
    """
    try:
        value = Decimal(str(percent).strip().replace(",", ".").rstrip("%").strip())
    except ArithmeticError:
        value = Decimal("NaN")
    share = value / 100 if value.is_finite() else value
    if not share.is_finite() or not THRESHOLD_MIN <= share <= THRESHOLD_MAX:
        raise ValidationError(
            _(
                "The reallocation threshold is a percentage between 1 and 100; the EU's General "
                "Conditions set 25."
            ),
            field="reallocation_threshold",
        )
    share = share.normalize()
    put(session, budget_report.THRESHOLD_SETTING, str(share))
    audit.record(
        session,
        AuditAction.UPDATE,
        "org_setting",
        detail={budget_report.THRESHOLD_SETTING: str(share)},
    )
    return share


# --- public documents: small counts -------------------------------------------------------------

#: The largest small-count threshold accepted: beyond it almost every cell would be withheld.
SMALL_COUNT_MAX = 100


def small_count_threshold(session: Session) -> int:
    """Counts of people below this are withheld from documents meant for the public (IATI,
    HXL); 5 unless the organisation set its own."""
    return hxl.small_count_threshold(session)


def set_small_count_threshold(session: Session, value: int | str) -> int:
    """Store the small-count threshold (a whole number from 1 to 100; 1 withholds nothing).

    Raises:
        ValidationError: (field ``small_count_threshold``) not a whole number in range.
    """
    text = str(value).strip()
    number = int(text) if text.isascii() and text.isdigit() else 0
    if not 1 <= number <= SMALL_COUNT_MAX:
        raise ValidationError(
            _(
                "The small-count threshold is a whole number from 1 to {maximum}; 5 is usual "
                "(counts of 1 to 4 people are then withheld)."
            ).format(maximum=SMALL_COUNT_MAX),
            field="small_count_threshold",
        )
    put(session, hxl.SMALL_COUNT_SETTING, number)
    audit.record(
        session,
        AuditAction.UPDATE,
        "org_setting",
        detail={hxl.SMALL_COUNT_SETTING: number},
    )
    return number


# --- age bands ----------------------------------------------------------------------------------

#: The oldest lower bound accepted for an age band.
AGE_MAX = 120
_BOUND_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class AgeBandsCheck:
    """Age bands as typed, checked.

    Attributes:
        lower_bounds: the first age of each band (0 first, increasing).
        labels: ``"0–5"``, ``"6–12"`` … ``"80+"``.
        missing_for_rollup: the lower bounds of 0–17 / 18–59 / 60+ that the bands lack
            (empty when the bands roll up exactly).
    """

    lower_bounds: tuple[int, ...]
    labels: tuple[str, ...]
    missing_for_rollup: tuple[int, ...]

    @property
    def rolls_up(self) -> bool:
        return not self.missing_for_rollup

    def warning(self) -> str | None:
        """What the user should know before saving bands that do not roll up, else ``None``."""
        if self.rolls_up:
            return None
        return _(
            "These age groups do not add up to 0–17, 18–59 and 60+ (a band must start at {ages}). "
            "Reports that group people into children, adults and older people, such as the HXL "
            "and IFRC files, cannot be built from them exactly."
        ).format(ages=", ".join(str(age) for age in self.missing_for_rollup))


def default_age_bands() -> tuple[int, ...]:
    """The fine bands (0–5, 6–12, 13–17, 18–29 … 80+) that roll up to FDRS and 0–17/18–59/60+."""
    return report_data.DEFAULT_BANDS.lower_bounds


def age_bands(session: Session) -> AgeBandsCheck:
    """The organisation's age bands for reports (the default fine bands unless it set its own)."""
    return _band_check(report_data.age_bands(session).lower_bounds)


def check_age_bands(typed: str | Sequence[int]) -> AgeBandsCheck:
    """Lower bounds typed as ``"0, 6, 13, 18"`` (commas, semicolons or spaces) or given as
    numbers, checked: whole numbers from 0 to 120, starting at 0, increasing, two bands at least.

    Raises:
        ValidationError: (field ``age_bands``) what is wrong, with an example.
    """
    if isinstance(typed, str):
        parts = [part for part in _BOUND_SEPARATORS.split(typed.strip()) if part]
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise _bands_error(
                _("Type the first age of each group as whole numbers separated by commas.")
            )
        bounds = tuple(int(part) for part in parts)
    else:
        bounds = tuple(int(value) for value in typed)
    if len(bounds) < 2:
        raise _bands_error(_("Give at least two age groups."))
    if bounds[0] != 0:
        raise _bands_error(_("The first age group must start at 0."))
    if any(later <= earlier for earlier, later in itertools.pairwise(bounds)):
        raise _bands_error(_("Each age must be greater than the one before it."))
    if bounds[-1] > AGE_MAX:
        raise _bands_error(_("The last group cannot start above {age} years.").format(age=AGE_MAX))
    return _band_check(bounds)


def set_age_bands(session: Session, typed: str | Sequence[int]) -> AgeBandsCheck:
    """Store the age bands for reports (see :func:`check_age_bands`); returned with the
    warning to show when they do not roll up to 0–17 / 18–59 / 60+.

    Raises:
        ValidationError: (field ``age_bands``) the bands are not valid; nothing is stored.
    """
    checked = check_age_bands(typed)
    put(session, report_data.AGE_BANDS_SETTING, list(checked.lower_bounds))
    audit.record(
        session,
        AuditAction.UPDATE,
        "org_setting",
        detail={report_data.AGE_BANDS_SETTING: list(checked.lower_bounds)},
    )
    return checked


def format_age_bands(lower_bounds: Sequence[int]) -> str:
    """``"0, 6, 13, 18"``: how the bands are shown in the text field."""
    return ", ".join(str(bound) for bound in lower_bounds)


def _band_check(bounds: tuple[int, ...]) -> AgeBandsCheck:
    bands = report_data.AgeBands(bounds)
    missing = tuple(b for b in report_data.BROAD_BANDS.lower_bounds if b not in set(bounds))
    return AgeBandsCheck(lower_bounds=bounds, labels=bands.labels(), missing_for_rollup=missing)


def _bands_error(reason: str) -> ValidationError:
    return ValidationError(
        _("{reason} For example: {example}").format(
            reason=reason, example=format_age_bands(default_age_bands())
        ),
        field="age_bands",
    )


# --- IFRC GO districts --------------------------------------------------------------------------

#: The longest GO district name accepted.
GO_NAME_MAX = 100


@dataclass(frozen=True)
class DistrictRow:
    """One rayon and the name IFRC GO knows it by.

    Attributes:
        code: the rayon's code (``AZ-SA``).
        name: the rayon's name in the current language.
        name_en: its English name (GO's district names are English).
        go_name: the GO district name entered ("" when none yet).
        in_use: a project or activity of the organisation works there.
    """

    code: str
    name: str
    name_en: str
    go_name: str
    in_use: bool


def go_district_names(session: Session) -> dict[str, str]:
    """Rayon code → GO district name, as the 3W export reads it."""
    return go3w.go_district_names(session)


def go_district_rows(session: Session) -> list[DistrictRow]:
    """Every rayon of Azerbaijan with its GO district name: the rayons of the organisation's
    projects and activities first, then the others, each part in alphabetical order."""
    used = set(session.scalars(select(m.ProjectLocation.rayon_code).distinct()))
    used.update(
        code
        for code in session.scalars(
            select(m.Activity.rayon_code).where(m.Activity.rayon_code.is_not(None)).distinct()
        )
        if code
    )
    names = go3w.go_district_names(session)
    rayons = sorted(places.rayons(), key=lambda p: people.sort_key([p.name()]))
    rows = [
        DistrictRow(
            code=place.pcode,
            name=place.name(),
            name_en=place.name_en,
            go_name=names.get(place.pcode, ""),
            in_use=place.pcode in used,
        )
        for place in rayons
    ]
    return [row for row in rows if row.in_use] + [row for row in rows if not row.in_use]


def set_go_district_names(session: Session, names: Mapping[str, str]) -> dict[str, str]:
    """Store the GO district names (rayon code → name); empty names are dropped.

    A name may not contain ``;`` (GO splits the Regions cell on it) and is at most 100
    characters.

    Raises:
        FormErrors: keyed by rayon code, what is wrong with each name; nothing is stored.
    """
    problems = Problems()
    cleaned: dict[str, str] = {}
    for code, typed in names.items():
        name = " ".join((typed or "").split())
        if not name:
            continue
        place = places.by_code(code)
        if place is None or place.level != "adm2":
            problems.add(code, _("“{code}” is not a rayon of Azerbaijan.").format(code=code))
        elif ";" in name:
            problems.add(
                code,
                _(
                    "{rayon}: a GO district name cannot contain “;” (GO separates districts "
                    "with it)."
                ).format(rayon=place.name()),
            )
        elif len(name) > GO_NAME_MAX:
            problems.add(
                code,
                _("{rayon}: the GO district name is too long ({limit} characters at most).").format(
                    rayon=place.name(), limit=GO_NAME_MAX
                ),
            )
        else:
            cleaned[code] = name
    problems.raise_if_any()
    ordered = dict(sorted(cleaned.items()))
    put(session, go3w.DISTRICT_SETTING, ordered)
    audit.record(
        session,
        AuditAction.UPDATE,
        "org_setting",
        detail={go3w.DISTRICT_SETTING: len(ordered)},
    )
    return ordered
