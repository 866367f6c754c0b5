"""People reached as an HXL-tagged CSV (standards README §5), for public sharing.

The file has a human header row (in the chosen language), an HXL hashtag row, then one data row
per rayon × activity type with people reached in the period: total, women/girls and men/boys in
the 0–17, 18–59 and 60+ groups, the rest (other sex, or age not known) and people with a
disability. Every figure comes from :func:`cso_desktop.reports.data.reached_by` — the same
unique-people counts as the dashboard and the donor report. A person served in two rayons (or
in two kinds of activity) appears in both rows, so rows must not be added up to a total: the
unique total is given in :attr:`HxlTable.unique_total` and in the notes.

**Small counts.** A public file must not let anyone single out a person, so a count of 1 to
``threshold − 1`` people is replaced by the marker ``"<5"`` (for the default threshold 5). When a
row's age/sex groups hold exactly one hidden count, the smallest other non-zero group of that row
is hidden too, so the hidden number cannot be worked out by subtracting the others from the total
(secondary suppression). Zeros are shown: they name nobody. HXL tools read only data rows, so the
explanation is not a row of the CSV: it is in :attr:`HxlTable.notes` (to be shown by the caller)
and :func:`write_hxl_csv` writes it beside the CSV as ``<name>.README.txt``.

This module also holds the small helpers the other public files (IATI, GO 3W) share: the
organisation's small-count threshold setting, texts in a chosen language and CSV bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from cso_desktop import i18n
from cso_desktop.db import models as m
from cso_desktop.domain import places, vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.i18n import N_, _
from cso_desktop.reports import data
from cso_desktop.reports.files import atomic_write

# --- shared helpers for public files ------------------------------------------------------------

#: ``org_setting`` key: counts of people below this are withheld from public files.
SMALL_COUNT_SETTING = "small_count_threshold"
DEFAULT_SMALL_COUNT_THRESHOLD = 5


def small_count_threshold(session: Session) -> int:
    """The organisation's small-count threshold (setting ``small_count_threshold``), else 5."""
    row = session.get(m.Setting, SMALL_COUNT_SETTING)
    if row is None or row.value in (None, ""):
        return DEFAULT_SMALL_COUNT_THRESHOLD
    try:
        value = int(str(row.value))
    except ValueError:
        return DEFAULT_SMALL_COUNT_THRESHOLD
    return max(value, 1)


def check_threshold(threshold: int) -> int:
    if threshold < 1:
        raise ValidationError(
            _("The small-count threshold must be 1 or more (5 is usual)."), field="threshold"
        )
    return threshold


def withheld(count: int, threshold: int) -> bool:
    """Whether a count of people is too small to publish (zero never is)."""
    return 0 < count < threshold


class Texts:
    """Texts of a document in its own language, whatever the language of the window.

    A report can be built in Russian while the app shows Azerbaijani, on a worker thread: the
    global language must not be switched for it.
    """

    def __init__(self, language: str) -> None:
        self.language = i18n.normalise_language(language) or i18n.DEFAULT_LANGUAGE

    def __call__(self, message: str) -> str:
        """Translate a message marked with ``N_``."""
        with i18n.using_language(self.language):
            return i18n._(message)

    def label(self, member: StrEnum) -> str:
        """A vocabulary label (as :func:`vocab.label`) in this language."""
        with i18n.using_language(self.language):
            return vocab.label(member)

    def place(self, code: str | None) -> str:
        return places.place_name(code, self.language)


def csv_bytes(rows: Sequence[Sequence[object]], *, delimiter: str = ",", bom: bool = True) -> bytes:
    """Rows as CSV text in UTF-8 (with a byte-order mark, so spreadsheets read ə and Cyrillic)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quotechar='"', lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else str(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


# --- the people-reached table -------------------------------------------------------------------

#: (human header, HXL hashtag) of each column, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    (N_("Rayon code"), "#adm2+code"),
    (N_("Rayon"), "#adm2+name"),
    (N_("Activity type code"), "#activity+type+code"),
    (N_("Activity type"), "#activity+type+name"),
    (N_("Total people reached"), "#reached+ind"),
    (N_("Women and girls 0–17"), "#reached+f+children+age_0_17"),
    (N_("Men and boys 0–17"), "#reached+m+children+age_0_17"),
    (N_("Women 18–59"), "#reached+f+adults+age_18_59"),
    (N_("Men 18–59"), "#reached+m+adults+age_18_59"),
    (N_("Women 60+"), "#reached+f+elderly+age_60_"),
    (N_("Men 60+"), "#reached+m+elderly+age_60_"),
    (N_("Other sex, or age not known"), "#reached+x_unclassified"),
    (N_("With disability"), "#reached+disabled"),
)
HASHTAGS: tuple[str, ...] = tuple(tag for _title, tag in COLUMNS)
#: Positions of the count columns, and of those that partition the total.
_TOTAL = 4
_GROUPS = tuple(range(5, 12))
_DISABLED = 12

Cell = str | int


@dataclass(frozen=True)
class HxlTable:
    """The people-reached table, ready to write.

    Attributes:
        headers: human column titles in the document's language.
        hashtags: the HXL hashtag row.
        rows: one per rayon × activity type: codes and names as text, counts as ``int``, a
            withheld count as the marker (``"<5"``).
        marker: the text that replaces a withheld count.
        threshold: counts under it are withheld.
        withheld_cells: how many counts were replaced.
        unique_total: unique people reached in the whole scope (not the sum of the rows).
        scope: the period and filters.
        notes: sentences in the document's language to show with the file (how to read it,
            what was withheld and why).
    """

    headers: tuple[str, ...]
    hashtags: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    marker: str
    threshold: int
    withheld_cells: int
    unique_total: int
    scope: data.Scope
    notes: tuple[str, ...]


def _group_counts(reach: data.Reach) -> list[int]:
    """Women/men in 0–17, 18–59, 60+ (FDRS-compatible broad groups), then everyone else."""
    counts = []
    for index in range(len(data.BROAD_BANDS)):
        bands = reach.in_bands(data.BROAD_BANDS, index)
        for sex in (vocab.Sex.FEMALE, vocab.Sex.MALE):
            counts.append(reach.count(sex=sex, bands=bands))
    counts.append(reach.total - sum(counts))
    return counts


def _suppress(counts: list[int], threshold: int) -> set[int]:
    """Indexes (into ``counts`` = total, groups…, disabled) to withhold."""
    hidden = {i for i, count in enumerate(counts) if withheld(count, threshold)}
    groups = [i - _TOTAL for i in _GROUPS]  # positions within ``counts``
    hidden_groups = [i for i in groups if i in hidden]
    if len(hidden_groups) == 1 and 0 not in hidden:
        others = [i for i in groups if i not in hidden and counts[i] > 0]
        if others:
            hidden.add(min(others, key=lambda i: (counts[i], i)))
    return hidden


def build_reach_hxl(
    session: Session,
    scope: data.Scope,
    *,
    language: str,
    threshold: int = DEFAULT_SMALL_COUNT_THRESHOLD,
) -> HxlTable:
    """People reached in ``scope`` by rayon × activity type, HXL-tagged, small counts withheld.

    Args:
        scope: the period and optional filters (a project, an activity type, a rayon).
        language: the language of the header row, the names and the notes (az, ru, en).
        threshold: counts of 1 to ``threshold − 1`` people are replaced by ``"<threshold"``
            (pass :func:`small_count_threshold` for the organisation's setting).
    """
    check_threshold(threshold)
    t = Texts(language)
    marker = f"<{threshold}"
    rows: list[tuple[Cell, ...]] = []
    withheld_cells = 0
    for rayon, in_rayon in data.reached_by(session, scope, "rayon"):
        if not in_rayon.total:
            continue
        narrowed = data.Scope(
            scope.start,
            scope.end,
            project_id=scope.project_id,
            activity_type=scope.activity_type,
            activity_id=scope.activity_id,
            rayon_code=rayon,
        )
        for kind, reach in data.reached_by(session, narrowed, "activity_type"):
            counts = [reach.total, *_group_counts(reach), reach.count(disability=True)]
            hidden = _suppress(counts, threshold)
            withheld_cells += len(hidden)
            activity_type = vocab.ActivityType(kind)
            rows.append(
                (
                    rayon,
                    t.place(rayon),
                    activity_type.value,
                    t.label(activity_type),
                    *(marker if i in hidden else count for i, count in enumerate(counts)),
                )
            )
    unique_total = data.people_reached(session, scope).total
    notes = [
        t(
            N_(
                "Unique people with at least one service from {start} to {end}: {total}. A "
                "person served in several rayons or kinds of activity appears in each of those "
                "rows, so the rows do not add up to this total."
            )
        ).format(start=scope.start.isoformat(), end=scope.end.isoformat(), total=unique_total),
        t(
            N_(
                "To protect privacy, counts of 1 to {below} people are shown as “{marker}”, "
                "and where one such count could be worked out from the row total, the next "
                "smallest count of the row is hidden too."
            )
        ).format(below=threshold - 1, marker=marker)
        if threshold > 1
        else t(N_("No counts were withheld: the small-count threshold is 1.")),
        t(
            N_(
                "Age is the age on the day of the person's first service in the period. "
                "“Other sex, or age not known” holds everyone not in the six groups before it."
            )
        ),
    ]
    if withheld_cells:
        notes.append(
            t(N_("Counts withheld in this file: {n}.")).format(n=withheld_cells),
        )
    return HxlTable(
        headers=tuple(t(title) for title, _tag in COLUMNS),
        hashtags=HASHTAGS,
        rows=tuple(rows),
        marker=marker,
        threshold=threshold,
        withheld_cells=withheld_cells,
        unique_total=unique_total,
        scope=scope,
        notes=tuple(notes),
    )


def readme_path(path: Path) -> Path:
    """Where :func:`write_hxl_csv` puts the notes: ``reach.csv`` → ``reach.README.txt``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.README.txt")


def write_hxl_csv(table: HxlTable, path: Path, *, with_readme: bool = True) -> None:
    """Write the table as CSV (UTF-8 with BOM, comma-separated): the human header row, the
    hashtag row, then the data rows; whole or not at all. With ``with_readme`` the notes are
    written first to :func:`readme_path` beside it.

    Raises:
        EnvironmentFailure: the file or its folder cannot be written.
    """
    if with_readme:
        text = "\r\n\r\n".join(table.notes) + "\r\n"
        with atomic_write(readme_path(path)) as handle:
            handle.write(text.encode("utf-8-sig"))
    with atomic_write(path) as handle:
        handle.write(csv_bytes([table.headers, table.hashtags, *table.rows]))
