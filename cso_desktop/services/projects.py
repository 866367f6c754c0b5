"""Projects (grants) and their logframes: the results chain, indicators and their values.

A project is funded by a donor under a contract; it covers some rayons and is filed under an
IFRC GO sector and a DAC 5-digit code. Its logframe follows the EU template (standards README
§3.5): an overall objective (impact), specific objectives (outcomes) under it, outputs under the
outcomes, and indicators on any of them with a baseline, a target and values per reporting
period.

An indicator's value for a period is either entered by hand, with the source it comes from, or
computed from the data by :mod:`cso_desktop.reports.data` (the same figures the dashboard and
the donor reports show): unique people reached by the project's activities (of one type),
volunteer hours given to them, or sessions held. A computed value is stored with a sentence that
says how it was computed, so a report can cite it after the data has changed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from babel.numbers import list_currencies
from sqlalchemy import delete, func, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from cso_desktop.db import models as m
from cso_desktop.domain import places, sectors, validation, vocab
from cso_desktop.domain.errors import CsoError, NotFoundError, ValidationError
from cso_desktop.domain.validation import FormErrors, Problems
from cso_desktop.domain.vocab import (
    AuditAction,
    IndicatorMethod,
    ResultLevel,
)
from cso_desktop.i18n import _, ngettext
from cso_desktop.reports import logframe as logframe_figures
from cso_desktop.services import audit, budget

ENTITY = "project"
RESULT_ENTITY = "logframe_result"
INDICATOR_ENTITY = "indicator"
VALUE_ENTITY = "indicator_value"

#: The reallocation threshold when a project has none of its own (GC Art. 9: 25%).
DEFAULT_REALLOCATION_THRESHOLD = Decimal("25")

_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
_MAX_QUANTITY = Decimal("999999999999")  # far above any indicator, well inside the column
_HUNDRED = Decimal("100")

#: Methods whose values are computed from the data.
COMPUTED_METHODS = frozenset(
    {IndicatorMethod.PEOPLE_REACHED, IndicatorMethod.VOLUNTEER_HOURS, IndicatorMethod.SESSIONS_HELD}
)

#: The level a result must have to be the parent of a result of each level.
PARENT_LEVEL: dict[ResultLevel, ResultLevel | None] = {
    ResultLevel.IMPACT: None,
    ResultLevel.OUTCOME: ResultLevel.IMPACT,
    ResultLevel.OUTPUT: ResultLevel.OUTCOME,
}


# --- errors -----------------------------------------------------------------------------------


class HasDependentsError(CsoError):
    """Deleting this would delete other records too; the caller asks, then deletes with
    ``confirmed=True``.

    Attributes:
        code: the code of the result or indicator.
        results: results under it that would go with it.
        indicators: indicators that would go with it.
        values: recorded indicator values that would go with it.
    """

    def __init__(self, *, code: str, results: int, indicators: int, values: int) -> None:
        super().__init__(
            f"{code} has {results} results, {indicators} indicators and {values} values under it"
        )
        self.code = code
        self.results = results
        self.indicators = indicators
        self.values = values

    @property
    def user_message(self) -> str:
        parts = []
        if self.results:
            parts.append(
                ngettext("{n} result under it", "{n} results under it", self.results).format(
                    n=self.results
                )
            )
        if self.indicators:
            parts.append(
                ngettext("{n} indicator", "{n} indicators", self.indicators).format(
                    n=self.indicators
                )
            )
        if self.values:
            parts.append(
                ngettext("{n} recorded value", "{n} recorded values", self.values).format(
                    n=self.values
                )
            )
        return _("Deleting “{code}” also deletes {what}. Delete them all?").format(
            code=self.code, what=", ".join(parts)
        )


# --- projects: drafts and details -------------------------------------------------------------


@dataclass(frozen=True)
class ProjectDraft:
    """A project as typed. Rates are percentages as the user types them (7 for 7%)."""

    code: str
    title: str
    donor_kind: vocab.DonorKind | None
    donor_name: str
    start_date: dt.date | None
    end_date: dt.date | None
    currency: str
    status: vocab.ProjectStatus = vocab.ProjectStatus.IMPLEMENTATION
    donor_reference: str | None = None
    go_sector: str | None = None
    dac_sector_code: str | None = None
    rayon_codes: tuple[str, ...] = ()
    description: str | None = None
    indirect_rate: Decimal | None = None
    contingency_rate: Decimal | None = None
    reallocation_threshold: Decimal | None = None


@dataclass(frozen=True)
class ProjectDetail:
    id: int
    draft: ProjectDraft
    archived: bool
    activities: int
    budget_lines: int


def validate(draft: ProjectDraft) -> ProjectDraft:
    """The draft cleaned, or :class:`FormErrors` naming every field that is wrong."""
    problems = Problems()
    code = problems.check("code", lambda: _project_code(draft.code))
    title = problems.check(
        "title", lambda: validation.required_text(draft.title, field="title", max_length=300)
    )
    if draft.donor_kind is None:
        problems.add("donor_kind", _("Choose who funds the project."))
    donor_name = problems.check(
        "donor_name",
        lambda: validation.required_text(draft.donor_name, field="donor_name", max_length=200),
    )
    reference = problems.check(
        "donor_reference",
        lambda: validation.optional_text(
            draft.donor_reference, field="donor_reference", max_length=100
        ),
    )
    currency = problems.check("currency", lambda: _currency(draft.currency))
    if draft.start_date is None:
        problems.add("start_date", _("Enter the date the project starts."))
    if draft.end_date is None:
        problems.add("end_date", _("Enter the date the project ends."))
    problems.check(
        "end_date",
        lambda: validation.date_order(draft.start_date, draft.end_date, field="end_date"),
    )
    if draft.go_sector and draft.go_sector not in sectors.GO_SECTORS:
        problems.add("go_sector", _("Choose a GO sector from the list."))
    if draft.dac_sector_code and sectors.dac_sector(draft.dac_sector_code) is None:
        problems.add("dac_sector_code", _("Choose a DAC sector code from the list."))
    rayons: list[str] = []
    for rayon_code in draft.rayon_codes:
        if places.by_code(rayon_code) is None:
            problems.add("rayon_codes", _("Choose the rayons from the list."))
        elif rayon_code not in rayons:
            rayons.append(rayon_code)
    description = problems.check(
        "description",
        lambda: validation.optional_text(draft.description, field="description", max_length=4000),
    )
    indirect = problems.check(
        "indirect_rate", lambda: _percent(draft.indirect_rate, field="indirect_rate")
    )
    contingency = problems.check(
        "contingency_rate", lambda: _percent(draft.contingency_rate, field="contingency_rate")
    )
    threshold = problems.check(
        "reallocation_threshold",
        lambda: _percent(draft.reallocation_threshold, field="reallocation_threshold"),
    )
    if draft.donor_kind is not None and not {
        "indirect_rate",
        "contingency_rate",
        "reallocation_threshold",
    } & set(problems.by_field):
        for key, message in check_rates(draft.donor_kind, indirect, contingency, threshold).items():
            problems.add(key, message)
    problems.raise_if_any()
    return replace(
        draft,
        code=code or draft.code,
        title=title or draft.title,
        donor_name=donor_name or draft.donor_name,
        donor_reference=reference,
        currency=currency or draft.currency,
        go_sector=draft.go_sector or None,
        dac_sector_code=draft.dac_sector_code or None,
        rayon_codes=tuple(sorted(rayons)),
        description=_multiline(draft.description) if description else None,
        indirect_rate=indirect,
        contingency_rate=contingency,
        reallocation_threshold=threshold,
    )


def check_rates(
    donor_kind: vocab.DonorKind,
    indirect_rate: Decimal | None,
    contingency_rate: Decimal | None,
    reallocation_threshold: Decimal | None = None,
) -> dict[str, str]:
    """Problems with a project's rates (percentages) for its donor, field → message: the
    budget's rules (EU grants: indirect costs at most 7%, contingency at most 5%)."""
    try:
        budget.check_project_rates(
            donor_kind,
            indirect_cost_rate=_share(indirect_rate),
            contingency_rate=_share(contingency_rate),
            reallocation_threshold=_share(reallocation_threshold),
        )
    except FormErrors as exc:
        return {_RATE_FIELDS.get(key, key): message for key, message in exc.problems.items()}
    return {}


#: The budget service's names for the rate fields → this form's.
_RATE_FIELDS = {"indirect_cost_rate": "indirect_rate"}


def _project_code(value: str | None) -> str:
    code = validation.required_text(value, field="code", max_length=30)
    if " " in code or not _CODE_RE.match(code):
        raise ValidationError(
            _("Use letters, digits, dots, dashes or slashes, without spaces, e.g. EU-2026-01."),
            field="code",
        )
    return code


def _currency(value: str | None) -> str:
    text = (validation.clean(value) or "").upper()
    if not text:
        raise ValidationError(
            _("Enter the grant currency, e.g. AZN, EUR or USD."), field="currency"
        )
    if not re.fullmatch(r"[A-Z]{3}", text) or text not in _known_currencies():
        raise ValidationError(
            _("Enter a three-letter currency code such as AZN, EUR or USD."), field="currency"
        )
    return text


def _known_currencies() -> set[str]:
    return set(list_currencies())


def _percent(value: Decimal | None, *, field: str) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or not Decimal("0") <= value <= _HUNDRED:
        raise ValidationError(_("Enter a percentage between 0 and 100."), field=field)
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Percentages have at most two decimals."), field=field)
    return value


def _multiline(value: str | None) -> str | None:
    """Trim a multi-line text, keeping its line breaks; empty becomes ``None``."""
    if value is None:
        return None
    text = "\n".join(line.rstrip() for line in value.strip().splitlines())
    return text or None


def _share(percent: Decimal | None) -> Decimal | None:
    return None if percent is None else percent / _HUNDRED


def _check_code_free(session: Session, code: str, own_id: int | None) -> None:
    clash = session.scalar(
        select(m.Project.id).where(
            func.lower(m.Project.code) == code.lower(), m.Project.id != (own_id or -1)
        )
    )
    if clash:
        raise FormErrors({"code": _("Another project already has this code.")})


def _apply(session: Session, row: m.Project, draft: ProjectDraft) -> None:
    assert draft.donor_kind is not None and draft.start_date and draft.end_date
    row.code = draft.code
    row.title = draft.title
    row.donor_kind = draft.donor_kind
    row.donor_name = draft.donor_name
    row.donor_reference = draft.donor_reference
    row.currency = draft.currency
    row.start_date = draft.start_date
    row.end_date = draft.end_date
    row.status = draft.status
    row.go_sector = draft.go_sector
    row.dac_sector_code = draft.dac_sector_code
    row.description = draft.description
    row.indirect_cost_rate = _share(draft.indirect_rate)
    row.contingency_rate = _share(draft.contingency_rate)
    row.reallocation_threshold = _share(draft.reallocation_threshold)
    session.flush()
    session.execute(delete(m.ProjectLocation).where(m.ProjectLocation.project_id == row.id))
    session.add_all(m.ProjectLocation(project_id=row.id, rayon_code=r) for r in draft.rayon_codes)
    session.flush()
    session.expire(row, ["locations"])


def create(session: Session, draft: ProjectDraft, *, user_name: str | None = None) -> int:
    draft = validate(draft)
    _check_code_free(session, draft.code, None)
    row = m.Project(code=draft.code)
    session.add(row)
    _apply(session, row, draft)
    audit.record(session, AuditAction.CREATE, ENTITY, row.id, user_name=user_name)
    return row.id


def update(
    session: Session, project_id: int, draft: ProjectDraft, *, user_name: str | None = None
) -> None:
    draft = validate(draft)
    row = _get_project(session, project_id)
    _check_code_free(session, draft.code, project_id)
    _apply(session, row, draft)
    audit.record(session, AuditAction.UPDATE, ENTITY, row.id, user_name=user_name)


def archive(
    session: Session, project_id: int, *, archived: bool = True, user_name: str | None = None
) -> None:
    row = _get_project(session, project_id)
    row.archived = archived
    audit.record(
        session,
        AuditAction.ARCHIVE if archived else AuditAction.UPDATE,
        ENTITY,
        row.id,
        user_name=user_name,
        detail={"archived": archived},
    )


def get(session: Session, project_id: int) -> ProjectDetail:
    row = _get_project(session, project_id)
    rayons = session.scalars(
        select(m.ProjectLocation.rayon_code)
        .where(m.ProjectLocation.project_id == row.id)
        .order_by(m.ProjectLocation.rayon_code)
    ).all()
    draft = ProjectDraft(
        code=row.code,
        title=row.title,
        donor_kind=vocab.DonorKind(row.donor_kind),
        donor_name=row.donor_name,
        start_date=row.start_date,
        end_date=row.end_date,
        currency=row.currency,
        status=vocab.ProjectStatus(row.status),
        donor_reference=row.donor_reference,
        go_sector=row.go_sector,
        dac_sector_code=row.dac_sector_code,
        rayon_codes=tuple(rayons),
        description=row.description,
        indirect_rate=_as_percent(row.indirect_cost_rate),
        contingency_rate=_as_percent(row.contingency_rate),
        reallocation_threshold=_as_percent(row.reallocation_threshold),
    )
    activities = session.scalar(
        select(func.count(m.Activity.id)).where(m.Activity.project_id == row.id)
    )
    lines = session.scalar(
        select(func.count(m.BudgetLine.id)).where(m.BudgetLine.project_id == row.id)
    )
    return ProjectDetail(
        id=row.id,
        draft=draft,
        archived=row.archived,
        activities=int(activities or 0),
        budget_lines=int(lines or 0),
    )


def _as_percent(share: Decimal | None) -> Decimal | None:
    """0.07 → 7, 0.125 → 12.5 (no trailing zeros)."""
    if share is None:
        return None
    value = (share * _HUNDRED).quantize(Decimal("0.01"))
    return value.to_integral_value() if value == value.to_integral_value() else value.normalize()


def _get_project(session: Session, project_id: int) -> m.Project:
    row = session.get(m.Project, project_id)
    if row is None:
        raise NotFoundError(f"project {project_id}")
    return row


# --- logframe: results ------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultDraft:
    level: ResultLevel
    code: str
    title: str
    parent_id: int | None = None
    assumptions: str | None = None


@dataclass(frozen=True)
class IndicatorDraft:
    code: str
    title: str
    unit: str
    method: IndicatorMethod = IndicatorMethod.MANUAL
    method_activity_type: vocab.ActivityType | None = None
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    target_value: Decimal | None = None
    target_year: int | None = None
    disaggregate_sex: bool = True
    disaggregate_age: bool = False
    disaggregate_disability: bool = False
    means_of_verification: str | None = None


@dataclass(frozen=True)
class PeriodValue:
    """An indicator's value for one reporting period, with its sex disaggregates if any."""

    indicator_id: int
    period_start: dt.date
    period_end: dt.date
    total: Decimal
    by_sex: tuple[tuple[vocab.Sex, Decimal], ...]
    is_computed: bool
    source: str | None
    recorded_at: dt.datetime

    def sex_value(self, sex: vocab.Sex) -> Decimal | None:
        return dict(self.by_sex).get(sex)


@dataclass(frozen=True)
class IndicatorRow:
    id: int
    result_id: int
    draft: IndicatorDraft
    sort_order: int
    current: PeriodValue | None
    value_count: int

    @property
    def code(self) -> str:
        return self.draft.code

    @property
    def is_computed(self) -> bool:
        return self.draft.method in COMPUTED_METHODS


@dataclass(frozen=True)
class ResultNode:
    id: int
    project_id: int
    parent_id: int | None
    level: ResultLevel
    code: str
    title: str
    assumptions: str | None
    sort_order: int
    indicators: tuple[IndicatorRow, ...]
    children: tuple[ResultNode, ...] = field(default=())

    def draft(self) -> ResultDraft:
        return ResultDraft(
            level=self.level,
            code=self.code,
            title=self.title,
            parent_id=self.parent_id,
            assumptions=self.assumptions,
        )


@dataclass(frozen=True)
class Logframe:
    project_id: int
    project_code: str
    start_date: dt.date
    end_date: dt.date
    roots: tuple[ResultNode, ...]

    def walk(self) -> Iterator[ResultNode]:
        """Every result, depth first, in the order shown."""

        def visit(nodes: Sequence[ResultNode]) -> Iterator[ResultNode]:
            for node in nodes:
                yield node
                yield from visit(node.children)

        yield from visit(self.roots)

    def result(self, result_id: int) -> ResultNode | None:
        return next((node for node in self.walk() if node.id == result_id), None)

    def indicator(self, indicator_id: int) -> IndicatorRow | None:
        for node in self.walk():
            for row in node.indicators:
                if row.id == indicator_id:
                    return row
        return None

    def results_of_level(self, level: ResultLevel) -> tuple[ResultNode, ...]:
        return tuple(node for node in self.walk() if node.level == level)


def logframe(session: Session, project_id: int) -> Logframe:
    """The project's results chain, each result with its indicators and their latest value."""
    project = _get_project(session, project_id)
    results = session.scalars(
        select(m.LogframeResult)
        .where(m.LogframeResult.project_id == project_id)
        .order_by(m.LogframeResult.sort_order, m.LogframeResult.id)
    ).all()
    result_ids = [r.id for r in results]
    indicators = (
        session.scalars(
            select(m.Indicator)
            .where(m.Indicator.result_id.in_(result_ids))
            .order_by(m.Indicator.sort_order, m.Indicator.id)
        ).all()
        if result_ids
        else []
    )
    values = _values_by_indicator(session, [i.id for i in indicators])
    rows_by_result: dict[int, list[IndicatorRow]] = {}
    for ind in indicators:
        periods = values.get(ind.id, [])
        rows_by_result.setdefault(ind.result_id, []).append(
            IndicatorRow(
                id=ind.id,
                result_id=ind.result_id,
                draft=_indicator_draft(ind),
                sort_order=ind.sort_order,
                current=periods[-1] if periods else None,
                value_count=len(periods),
            )
        )
    children: dict[int | None, list[m.LogframeResult]] = {}
    known = set(result_ids)
    for r in results:
        parent = r.parent_id if r.parent_id in known else None
        children.setdefault(parent, []).append(r)

    def build(row: m.LogframeResult) -> ResultNode:
        return ResultNode(
            id=row.id,
            project_id=row.project_id,
            parent_id=row.parent_id,
            level=ResultLevel(row.level),
            code=row.code,
            title=row.title,
            assumptions=row.assumptions,
            sort_order=row.sort_order,
            indicators=tuple(rows_by_result.get(row.id, ())),
            children=tuple(build(child) for child in children.get(row.id, ())),
        )

    level_rank = {ResultLevel.IMPACT: 0, ResultLevel.OUTCOME: 1, ResultLevel.OUTPUT: 2}
    roots = sorted(
        children.get(None, []), key=lambda r: (level_rank[ResultLevel(r.level)], r.sort_order, r.id)
    )
    return Logframe(
        project_id=project.id,
        project_code=project.code,
        start_date=project.start_date,
        end_date=project.end_date,
        roots=tuple(build(r) for r in roots),
    )


def _indicator_draft(row: m.Indicator) -> IndicatorDraft:
    return IndicatorDraft(
        code=row.code,
        title=row.title,
        unit=row.unit,
        method=IndicatorMethod(row.method),
        method_activity_type=(
            vocab.ActivityType(row.method_activity_type) if row.method_activity_type else None
        ),
        baseline_value=row.baseline_value,
        baseline_year=row.baseline_year,
        target_value=row.target_value,
        target_year=row.target_year,
        disaggregate_sex=row.disaggregate_sex,
        disaggregate_age=row.disaggregate_age,
        disaggregate_disability=row.disaggregate_disability,
        means_of_verification=row.means_of_verification,
    )


def suggest_result_code(
    session: Session, project_id: int, level: ResultLevel, parent_id: int | None
) -> str:
    """A code in the EU template's style for a new result: ``OO``, ``SO2``, ``Op1.3``."""
    taken = set(
        session.scalars(
            select(m.LogframeResult.code).where(m.LogframeResult.project_id == project_id)
        )
    )
    if level == ResultLevel.IMPACT:
        candidates = ("OO", *(f"OO{n}" for n in range(2, 100)))
    elif level == ResultLevel.OUTCOME:
        candidates = tuple(f"SO{n}" for n in range(1, 100))
    else:
        parent = session.get(m.LogframeResult, parent_id) if parent_id else None
        digits = re.findall(r"\d+", parent.code) if parent is not None else []
        prefix = f"Op{'.'.join(digits)}." if digits else "Op"
        candidates = tuple(f"{prefix}{n}" for n in range(1, 100))
    return next((c for c in candidates if c not in taken), "")


def suggest_indicator_code(session: Session, result_id: int) -> str:
    """``Op1.1.2`` for the second indicator of output ``Op1.1``."""
    result = _get_result(session, result_id)
    taken = set(
        session.scalars(
            select(m.Indicator.code)
            .join(m.LogframeResult, m.LogframeResult.id == m.Indicator.result_id)
            .where(m.LogframeResult.project_id == result.project_id)
        )
    )
    return next(
        (code for n in range(1, 100) if (code := f"{result.code}.{n}") not in taken), result.code
    )


def _validate_result(
    session: Session, project_id: int, draft: ResultDraft, own_id: int | None
) -> ResultDraft:
    problems = Problems()
    code = problems.check("code", lambda: _short_code(draft.code))
    problems.check(
        "title", lambda: validation.required_text(draft.title, field="title", max_length=2000)
    )
    problems.check(
        "assumptions",
        lambda: validation.optional_text(draft.assumptions, field="assumptions", max_length=2000),
    )
    wanted = PARENT_LEVEL[draft.level]
    parent = session.get(m.LogframeResult, draft.parent_id) if draft.parent_id else None
    if draft.parent_id is not None and (parent is None or parent.project_id != project_id):
        problems.add("parent_id", _("Choose a result of this project."))
    elif wanted is None and parent is not None:
        problems.add("parent_id", _("The overall objective is at the top of the logframe."))
    elif wanted is not None and parent is not None and parent.level != wanted:
        problems.add(
            "parent_id",
            _("Put an outcome under the overall objective.")
            if draft.level == ResultLevel.OUTCOME
            else _("Put an output under an outcome."),
        )
    elif draft.level == ResultLevel.OUTPUT and parent is None:
        problems.add("parent_id", _("Choose the outcome this output serves."))
    elif draft.level == ResultLevel.OUTCOME and parent is None and _has_impact(session, project_id):
        problems.add("parent_id", _("Put an outcome under the overall objective."))
    if own_id is not None and parent is not None and parent.id in _subtree_ids(session, own_id):
        problems.add("parent_id", _("A result cannot be put under itself."))
    if code:
        clash = session.scalar(
            select(m.LogframeResult.id).where(
                m.LogframeResult.project_id == project_id,
                func.lower(m.LogframeResult.code) == code.lower(),
                m.LogframeResult.id != (own_id or -1),
            )
        )
        if clash:
            problems.add("code", _("Another result of this project already has this code."))
    problems.raise_if_any()
    return replace(
        draft,
        code=code or draft.code,
        title=_multiline(draft.title) or draft.title,
        assumptions=_multiline(draft.assumptions),
    )


def _has_impact(session: Session, project_id: int) -> bool:
    return bool(
        session.scalar(
            select(func.count(m.LogframeResult.id)).where(
                m.LogframeResult.project_id == project_id,
                m.LogframeResult.level == ResultLevel.IMPACT,
            )
        )
    )


def _short_code(value: str | None) -> str:
    code = validation.required_text(value, field="code", max_length=20)
    if " " in code:
        raise ValidationError(_("Codes have no spaces, e.g. SO1 or Op1.2."), field="code")
    return code


def add_result(
    session: Session, project_id: int, draft: ResultDraft, *, user_name: str | None = None
) -> int:
    """Add a result at the end of its parent's list."""
    _get_project(session, project_id)
    draft = _validate_result(session, project_id, draft, None)
    row = m.LogframeResult(
        project_id=project_id,
        parent_id=draft.parent_id,
        level=draft.level,
        code=draft.code,
        title=draft.title,
        assumptions=draft.assumptions,
        sort_order=_next_result_order(session, project_id, draft.parent_id, draft.level),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        AuditAction.CREATE,
        RESULT_ENTITY,
        row.id,
        user_name=user_name,
        detail={"project_id": project_id},
    )
    return row.id


def update_result(
    session: Session, result_id: int, draft: ResultDraft, *, user_name: str | None = None
) -> None:
    row = _get_result(session, result_id)
    if draft.level != row.level:
        raise FormErrors({"level": _("A result keeps its level; add a new one instead.")})
    draft = _validate_result(session, row.project_id, draft, result_id)
    if draft.parent_id != row.parent_id:
        row.sort_order = _next_result_order(session, row.project_id, draft.parent_id, draft.level)
    row.parent_id = draft.parent_id
    row.code = draft.code
    row.title = draft.title
    row.assumptions = draft.assumptions
    session.flush()
    audit.record(session, AuditAction.UPDATE, RESULT_ENTITY, row.id, user_name=user_name)


def move_result(
    session: Session, result_id: int, offset: int, *, user_name: str | None = None
) -> bool:
    """Move a result up (``-1``) or down (``+1``) among its siblings; ``False`` at the end."""
    row = _get_result(session, result_id)
    siblings = list(
        session.scalars(
            select(m.LogframeResult)
            .where(
                m.LogframeResult.project_id == row.project_id,
                m.LogframeResult.parent_id.is_(None)
                if row.parent_id is None
                else m.LogframeResult.parent_id == row.parent_id,
                m.LogframeResult.level == row.level,
            )
            .order_by(m.LogframeResult.sort_order, m.LogframeResult.id)
        )
    )
    moved = _reorder(siblings, row, offset)
    if moved:
        audit.record(
            session,
            AuditAction.UPDATE,
            RESULT_ENTITY,
            row.id,
            user_name=user_name,
            detail={"moved": offset},
        )
    return moved


def _reorder(siblings: list[Any], row: object, offset: int) -> bool:
    position = siblings.index(row)
    target = position + offset
    if not 0 <= target < len(siblings):
        return False
    siblings.insert(target, siblings.pop(position))
    for order, sibling in enumerate(siblings):
        sibling.sort_order = order
    return True


def delete_result(
    session: Session, result_id: int, *, confirmed: bool = False, user_name: str | None = None
) -> None:
    """Delete a result with everything under it. Unless ``confirmed``, a result with results,
    indicators or values under it raises :class:`HasDependentsError` and nothing changes."""
    row = _get_result(session, result_id)
    subtree = _subtree_ids(session, result_id)
    indicator_ids = list(
        session.scalars(select(m.Indicator.id).where(m.Indicator.result_id.in_(subtree)))
    )
    values = _count_values(session, indicator_ids)
    if not confirmed and (len(subtree) > 1 or indicator_ids or values):
        raise HasDependentsError(
            code=row.code, results=len(subtree) - 1, indicators=len(indicator_ids), values=values
        )
    project_id, code = row.project_id, row.code
    if indicator_ids:
        session.execute(
            delete(m.IndicatorValue).where(m.IndicatorValue.indicator_id.in_(indicator_ids))
        )
        session.execute(delete(m.Indicator).where(m.Indicator.id.in_(indicator_ids)))
    # Activities that served a deleted output keep their project and lose the link.
    session.execute(
        sql_update(m.Activity).where(m.Activity.output_id.in_(subtree)).values(output_id=None)
    )
    # Children before parents.
    for result in reversed(subtree):
        session.execute(delete(m.LogframeResult).where(m.LogframeResult.id == result))
    session.expire_all()
    audit.record(
        session,
        AuditAction.ERASE,
        RESULT_ENTITY,
        result_id,
        user_name=user_name,
        detail={
            "project_id": project_id,
            "code": code,
            "results": len(subtree),
            "indicators": len(indicator_ids),
            "values": values,
        },
    )


def _subtree_ids(session: Session, result_id: int) -> list[int]:
    """The result and every result under it, parents before children."""
    found = [result_id]
    frontier = [result_id]
    while frontier:
        frontier = list(
            session.scalars(
                select(m.LogframeResult.id)
                .where(m.LogframeResult.parent_id.in_(frontier))
                .order_by(m.LogframeResult.id)
            )
        )
        frontier = [r for r in frontier if r not in found]
        found.extend(frontier)
    return found


def _count_values(session: Session, indicator_ids: list[int]) -> int:
    if not indicator_ids:
        return 0
    return int(
        session.scalar(
            select(func.count(m.IndicatorValue.id)).where(
                m.IndicatorValue.indicator_id.in_(indicator_ids),
                m.IndicatorValue.sex.is_(None),
            )
        )
        or 0
    )


def _next_result_order(
    session: Session, project_id: int, parent_id: int | None, level: ResultLevel
) -> int:
    highest = session.scalar(
        select(func.max(m.LogframeResult.sort_order)).where(
            m.LogframeResult.project_id == project_id,
            m.LogframeResult.parent_id.is_(None)
            if parent_id is None
            else m.LogframeResult.parent_id == parent_id,
            m.LogframeResult.level == level,
        )
    )
    return 0 if highest is None else int(highest) + 1


def _get_result(session: Session, result_id: int) -> m.LogframeResult:
    row = session.get(m.LogframeResult, result_id)
    if row is None:
        raise NotFoundError(f"logframe result {result_id}")
    return row


# --- logframe: indicators ---------------------------------------------------------------------


def validate_indicator(draft: IndicatorDraft) -> IndicatorDraft:
    problems = Problems()
    code = problems.check("code", lambda: _short_code(draft.code))
    problems.check(
        "title", lambda: validation.required_text(draft.title, field="title", max_length=2000)
    )
    unit = problems.check(
        "unit", lambda: validation.required_text(draft.unit, field="unit", max_length=50)
    )
    baseline = problems.check(
        "baseline_value", lambda: _quantity(draft.baseline_value, field="baseline_value")
    )
    target = problems.check(
        "target_value", lambda: _quantity(draft.target_value, field="target_value")
    )
    problems.check("baseline_year", lambda: _year(draft.baseline_year, field="baseline_year"))
    problems.check("target_year", lambda: _year(draft.target_year, field="target_year"))
    if (
        draft.baseline_year is not None
        and draft.target_year is not None
        and draft.target_year < draft.baseline_year
    ):
        problems.add("target_year", _("The target year is before the baseline year."))
    if draft.baseline_value is not None and draft.baseline_year is None:
        problems.add("baseline_year", _("Enter the year the baseline was measured."))
    if draft.target_value is not None and draft.target_year is None:
        problems.add("target_year", _("Enter the year the target should be reached."))
    problems.check(
        "means_of_verification",
        lambda: validation.optional_text(
            draft.means_of_verification, field="means_of_verification", max_length=2000
        ),
    )
    problems.raise_if_any()
    activity_type = draft.method_activity_type if draft.method in COMPUTED_METHODS else None
    return replace(
        draft,
        code=code or draft.code,
        title=_multiline(draft.title) or draft.title,
        unit=unit or draft.unit,
        baseline_value=baseline,
        target_value=target,
        method_activity_type=activity_type,
        means_of_verification=_multiline(draft.means_of_verification),
    )


def _quantity(value: Decimal | None, *, field: str) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0 or value > _MAX_QUANTITY:
        raise ValidationError(_("Enter a number of zero or more."), field=field)
    if value != value.quantize(Decimal("0.001")):
        raise ValidationError(_("Numbers have at most three decimals."), field=field)
    return value


def _year(value: int | None, *, field: str) -> int | None:
    if value is None:
        return None
    if not 1990 <= value <= 2100:
        raise ValidationError(_("Enter a year between 1990 and 2100."), field=field)
    return value


def _check_indicator_code(session: Session, project_id: int, code: str, own_id: int | None) -> None:
    clash = session.scalar(
        select(m.Indicator.id)
        .join(m.LogframeResult, m.LogframeResult.id == m.Indicator.result_id)
        .where(
            m.LogframeResult.project_id == project_id,
            func.lower(m.Indicator.code) == code.lower(),
            m.Indicator.id != (own_id or -1),
        )
    )
    if clash:
        raise FormErrors({"code": _("Another indicator of this project already has this code.")})


def _apply_indicator(row: m.Indicator, draft: IndicatorDraft) -> None:
    for name in (
        "code",
        "title",
        "unit",
        "method",
        "method_activity_type",
        "baseline_value",
        "baseline_year",
        "target_value",
        "target_year",
        "disaggregate_sex",
        "disaggregate_age",
        "disaggregate_disability",
        "means_of_verification",
    ):
        setattr(row, name, getattr(draft, name))


def add_indicator(
    session: Session, result_id: int, draft: IndicatorDraft, *, user_name: str | None = None
) -> int:
    result = _get_result(session, result_id)
    draft = validate_indicator(draft)
    _check_indicator_code(session, result.project_id, draft.code, None)
    highest = session.scalar(
        select(func.max(m.Indicator.sort_order)).where(m.Indicator.result_id == result_id)
    )
    row = m.Indicator(result_id=result_id, sort_order=0 if highest is None else highest + 1)
    _apply_indicator(row, draft)
    session.add(row)
    session.flush()
    audit.record(
        session,
        AuditAction.CREATE,
        INDICATOR_ENTITY,
        row.id,
        user_name=user_name,
        detail={"project_id": result.project_id},
    )
    return row.id


def update_indicator(
    session: Session, indicator_id: int, draft: IndicatorDraft, *, user_name: str | None = None
) -> None:
    row = _get_indicator(session, indicator_id)
    result = _get_result(session, row.result_id)
    draft = validate_indicator(draft)
    _check_indicator_code(session, result.project_id, draft.code, indicator_id)
    _apply_indicator(row, draft)
    session.flush()
    audit.record(session, AuditAction.UPDATE, INDICATOR_ENTITY, row.id, user_name=user_name)


def move_indicator(
    session: Session, indicator_id: int, offset: int, *, user_name: str | None = None
) -> bool:
    row = _get_indicator(session, indicator_id)
    siblings = list(
        session.scalars(
            select(m.Indicator)
            .where(m.Indicator.result_id == row.result_id)
            .order_by(m.Indicator.sort_order, m.Indicator.id)
        )
    )
    moved = _reorder(siblings, row, offset)
    if moved:
        audit.record(
            session,
            AuditAction.UPDATE,
            INDICATOR_ENTITY,
            row.id,
            user_name=user_name,
            detail={"moved": offset},
        )
    return moved


def delete_indicator(
    session: Session, indicator_id: int, *, confirmed: bool = False, user_name: str | None = None
) -> None:
    """Delete an indicator; one with recorded values raises :class:`HasDependentsError` unless
    ``confirmed``."""
    row = _get_indicator(session, indicator_id)
    values = _count_values(session, [indicator_id])
    if values and not confirmed:
        raise HasDependentsError(code=row.code, results=0, indicators=0, values=values)
    code = row.code
    session.execute(delete(m.IndicatorValue).where(m.IndicatorValue.indicator_id == indicator_id))
    session.execute(delete(m.Indicator).where(m.Indicator.id == indicator_id))
    session.expire_all()
    audit.record(
        session,
        AuditAction.ERASE,
        INDICATOR_ENTITY,
        indicator_id,
        user_name=user_name,
        detail={"code": code, "values": values},
    )


def _get_indicator(session: Session, indicator_id: int) -> m.Indicator:
    row = session.get(m.Indicator, indicator_id)
    if row is None:
        raise NotFoundError(f"indicator {indicator_id}")
    return row


# --- indicator values -------------------------------------------------------------------------


@dataclass(frozen=True)
class ComputedValue:
    """A value computed from the data, before it is stored.

    Attributes:
        total: the value.
        by_sex: the sex disaggregates (people reached only, when the indicator asks for them);
            they add up to ``total``.
        records: how many records it was computed from (service records, or volunteers for
            volunteer hours).
        source: the sentence stored with it.
    """

    indicator_id: int
    period_start: dt.date
    period_end: dt.date
    method: IndicatorMethod
    total: Decimal
    by_sex: tuple[tuple[vocab.Sex, Decimal], ...]
    records: int
    source: str


def compute_indicator_value(
    session: Session, indicator_id: int, start: dt.date, end: dt.date
) -> ComputedValue:
    """The indicator's value for a period, computed from the project's activities."""
    row = _get_indicator(session, indicator_id)
    result = _get_result(session, row.result_id)
    method = IndicatorMethod(row.method)
    if method not in COMPUTED_METHODS:
        raise ValidationError(
            _("This indicator is entered by hand; enter its value and where it comes from."),
            field="method",
        )
    _period(start, end)
    activity_type = (
        vocab.ActivityType(row.method_activity_type) if row.method_activity_type else None
    )
    # The same computation as the progress report's "current value".
    figure = logframe_figures.compute_indicator(session, row, result.project_id, start, end)
    total, by_sex, records = figure.total, figure.by_sex, figure.records
    return ComputedValue(
        indicator_id=indicator_id,
        period_start=start,
        period_end=end,
        method=method,
        total=total,
        by_sex=by_sex,
        records=records,
        source=computed_source(method, activity_type, records, start, end),
    )


def computed_source(
    method: IndicatorMethod,
    activity_type: vocab.ActivityType | None,
    records: int,
    start: dt.date,
    end: dt.date,
) -> str:
    """ "Computed from 214 service records of training activities, 01.01.2026–30.06.2026"."""
    period = _("{start}–{end}").format(start=_short_date(start), end=_short_date(end))
    kind = vocab.label(activity_type) if activity_type else None
    if method == IndicatorMethod.VOLUNTEER_HOURS:
        if kind:
            return ngettext(
                "Computed from the hours of {n} volunteer on the project's activities of type "
                "“{kind}”, {period}",
                "Computed from the hours of {n} volunteers on the project's activities of type "
                "“{kind}”, {period}",
                records,
            ).format(n=records, kind=kind, period=period)
        return ngettext(
            "Computed from the hours of {n} volunteer on the project's activities, {period}",
            "Computed from the hours of {n} volunteers on the project's activities, {period}",
            records,
        ).format(n=records, period=period)
    if kind:
        return ngettext(
            "Computed from {n} service record of the project's activities of type “{kind}”, "
            "{period}",
            "Computed from {n} service records of the project's activities of type “{kind}”, "
            "{period}",
            records,
        ).format(n=records, kind=kind, period=period)
    return ngettext(
        "Computed from {n} service record of the project's activities, {period}",
        "Computed from {n} service records of the project's activities, {period}",
        records,
    ).format(n=records, period=period)


def _short_date(value: dt.date) -> str:
    """``01.01.2026`` in every language (the form the organisation's documents use)."""
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


def _period(start: dt.date | None, end: dt.date | None) -> None:
    problems = Problems()
    if start is None:
        problems.add("period_start", _("Enter the first day of the reporting period."))
    if end is None:
        problems.add("period_end", _("Enter the last day of the reporting period."))
    problems.check("period_end", lambda: validation.date_order(start, end, field="period_end"))
    problems.raise_if_any()


def record_indicator_values(
    session: Session,
    indicator_id: int,
    *,
    period_start: dt.date,
    period_end: dt.date,
    total: Decimal | None,
    by_sex: Sequence[tuple[vocab.Sex, Decimal]] = (),
    source: str | None = None,
    is_computed: bool = False,
    user_name: str | None = None,
) -> PeriodValue:
    """Store the indicator's value for a period (replacing what was stored for that period).

    A value entered by hand needs its ``source`` (the survey, the list it was counted from).
    Sex disaggregates may not add up to more than the total.
    """
    row = _get_indicator(session, indicator_id)
    problems = Problems()
    problems.check("period", lambda: _period(period_start, period_end))
    if total is None:
        problems.add("total", _("Enter the value for the period."))
    else:
        problems.check("total", lambda: _quantity(total, field="total"))
    clean_source = problems.check(
        "source", lambda: validation.optional_text(source, field="source", max_length=500)
    )
    if not clean_source:
        problems.add(
            "source",
            _("Say where the value comes from, e.g. “End-line survey, June 2026”.")
            if not is_computed
            else _("A computed value needs the sentence that says how it was computed."),
        )
    if is_computed and IndicatorMethod(row.method) not in COMPUTED_METHODS:
        problems.add("total", _("This indicator is entered by hand, not computed."))
    seen: set[vocab.Sex] = set()
    parts = Decimal("0")
    for sex, value in by_sex:
        key = f"sex_{sex.value}"
        if sex in seen:
            problems.add(key, _("Enter each sex once."))
        seen.add(sex)
        try:
            parts += _quantity(value, field=key) or Decimal("0")
        except ValidationError as exc:
            problems.add(key, exc.user_message)
    if total is not None and by_sex and parts > total:
        problems.add("by_sex", _("The values by sex add up to more than the total."))
    problems.raise_if_any()
    assert total is not None
    session.execute(
        delete(m.IndicatorValue).where(
            m.IndicatorValue.indicator_id == indicator_id,
            m.IndicatorValue.period_start == period_start,
            m.IndicatorValue.period_end == period_end,
        )
    )
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    session.add(
        m.IndicatorValue(
            indicator_id=indicator_id,
            period_start=period_start,
            period_end=period_end,
            sex=None,
            value=total,
            is_computed=is_computed,
            source=clean_source,
            recorded_at=now,
        )
    )
    for sex, value in by_sex:
        session.add(
            m.IndicatorValue(
                indicator_id=indicator_id,
                period_start=period_start,
                period_end=period_end,
                sex=sex,
                value=value,
                is_computed=is_computed,
                source=clean_source,
                recorded_at=now,
            )
        )
    session.flush()
    audit.record(
        session,
        AuditAction.UPDATE,
        VALUE_ENTITY,
        indicator_id,
        user_name=user_name,
        detail={
            "period_start": period_start.isoformat(),
            "period_end": period_end.isoformat(),
            "computed": is_computed,
        },
    )
    return PeriodValue(
        indicator_id=indicator_id,
        period_start=period_start,
        period_end=period_end,
        total=total,
        by_sex=tuple(sorted(by_sex, key=lambda pair: list(vocab.Sex).index(pair[0]))),
        is_computed=is_computed,
        source=clean_source,
        recorded_at=now,
    )


def record_computed_value(
    session: Session, value: ComputedValue, *, user_name: str | None = None
) -> PeriodValue:
    """Store a value :func:`compute_indicator_value` returned (after the user has seen it)."""
    return record_indicator_values(
        session,
        value.indicator_id,
        period_start=value.period_start,
        period_end=value.period_end,
        total=value.total,
        by_sex=value.by_sex,
        source=value.source,
        is_computed=True,
        user_name=user_name,
    )


def delete_indicator_value(
    session: Session,
    indicator_id: int,
    *,
    period_start: dt.date,
    period_end: dt.date,
    user_name: str | None = None,
) -> None:
    """Delete the value (and its disaggregates) stored for one period."""
    _get_indicator(session, indicator_id)
    session.execute(
        delete(m.IndicatorValue).where(
            m.IndicatorValue.indicator_id == indicator_id,
            m.IndicatorValue.period_start == period_start,
            m.IndicatorValue.period_end == period_end,
        )
    )
    audit.record(
        session,
        AuditAction.ERASE,
        VALUE_ENTITY,
        indicator_id,
        user_name=user_name,
        detail={"period_start": period_start.isoformat(), "period_end": period_end.isoformat()},
    )


def indicator_values(session: Session, indicator_id: int) -> tuple[PeriodValue, ...]:
    """The indicator's values, one per reporting period, oldest first."""
    _get_indicator(session, indicator_id)
    return tuple(_values_by_indicator(session, [indicator_id]).get(indicator_id, []))


def _values_by_indicator(
    session: Session, indicator_ids: list[int]
) -> dict[int, list[PeriodValue]]:
    if not indicator_ids:
        return {}
    rows = session.scalars(
        select(m.IndicatorValue)
        .where(m.IndicatorValue.indicator_id.in_(indicator_ids))
        .order_by(
            m.IndicatorValue.indicator_id,
            m.IndicatorValue.period_end,
            m.IndicatorValue.period_start,
        )
    ).all()
    totals: dict[tuple[int, dt.date, dt.date], m.IndicatorValue] = {}
    parts: dict[tuple[int, dt.date, dt.date], list[tuple[vocab.Sex, Decimal]]] = {}
    for value in rows:
        key = (value.indicator_id, value.period_start, value.period_end)
        if value.sex is None:
            totals[key] = value
        else:
            parts.setdefault(key, []).append((vocab.Sex(value.sex), value.value))
    order = list(vocab.Sex)
    found: dict[int, list[PeriodValue]] = {}
    for key, total in totals.items():
        found.setdefault(key[0], []).append(
            PeriodValue(
                indicator_id=key[0],
                period_start=key[1],
                period_end=key[2],
                total=total.value,
                by_sex=tuple(sorted(parts.get(key, []), key=lambda p: order.index(p[0]))),
                is_computed=total.is_computed,
                source=total.source,
                recorded_at=total.recorded_at,
            )
        )
    return found


# --- pick lists -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectChoice:
    id: int
    code: str
    title: str
    archived: bool


def project_choices(session: Session, *, include_archived: bool = False) -> list[ProjectChoice]:
    """Projects for pickers, by code."""
    stmt = select(m.Project.id, m.Project.code, m.Project.title, m.Project.archived).order_by(
        m.Project.code
    )
    if not include_archived:
        stmt = stmt.where(m.Project.archived.is_(False))
    return [ProjectChoice(*row) for row in session.execute(stmt)]
