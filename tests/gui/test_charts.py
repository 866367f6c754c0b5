"""The chart cards: what they draw from known figures, their empty state, Babel-formatted text
in the current language, and over-budget bars in red."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCharts import QCategoryAxis
from PySide6.QtWidgets import QApplication, QToolTip

from cso_desktop import i18n
from cso_desktop.domain import vocab
from cso_desktop.i18n import _
from cso_desktop.reports.budget import ProjectBudgetUse
from cso_desktop.reports.data import DEFAULT_BANDS, Reach, ReachCell, Scope
from cso_desktop.ui.widgets import charts

F, M, U = vocab.Sex.FEMALE, vocab.Sex.MALE, vocab.Sex.UNKNOWN
NONE = vocab.DisplacementStatus.NONE


def reach(*cells: tuple[vocab.Sex, int | None, int], households: int = 1) -> Reach:
    """A Reach over the default fine bands: (sex, fine band index or None, count) cells."""
    return Reach(
        scope=Scope.year(2026),
        bands=DEFAULT_BANDS,
        cells=tuple(
            ReachCell(sex=sex, band=band, disability=None, displacement=NONE, count=count)
            for sex, band, count in cells
        ),
        households=households,
    )


def value_labels(card: charts.ChartCard) -> list[str]:
    """The tick labels of the card's value axis (formatted by Babel, not Qt)."""
    axes = [axis for axis in card.chart.axes() if isinstance(axis, QCategoryAxis)]
    assert len(axes) == 1
    return list(axes[0].categoriesLabels())


@pytest.fixture
def app(ui_app: QApplication) -> QApplication:
    return ui_app


@pytest.mark.parametrize(
    ("maximum", "whole", "steps"),
    [
        (289, True, (0, 100, 200, 300)),
        (412.5, True, (0, 100, 200, 300, 400, 500)),
        (100, True, (0, 20, 40, 60, 80, 100)),
        (1040, True, (0, 250, 500, 750, 1000, 1250)),
        (3, True, (0, 1, 2, 3)),
        (0.5, True, (0, 1)),
        (0.5, False, (0, 0.1, 0.2, 0.3, 0.4, 0.5)),
        (0, True, (0, 1)),
    ],
)
def test_axis_steps_are_round_and_cover_the_maximum(
    maximum: float, whole: bool, steps: tuple[float, ...]
) -> None:
    assert charts.axis_steps(maximum, whole=whole) == pytest.approx(steps)


def test_people_reached_are_grouped_by_broad_age_group_and_sex(
    app: QApplication, qtbot: QtBot
) -> None:
    # Fine bands: 0 = 0–5, 2 = 13–17, 3 = 18–29, 6 = 50–59, 7 = 60–69, 9 = 80+.
    figures = reach(
        (F, 0, 4), (F, 2, 3), (F, 3, 10), (F, 6, 5), (F, 9, 2), (F, None, 1),
        (M, 2, 6), (M, 7, 7),
        (U, 3, 2),
    )  # fmt: skip
    card = charts.PeopleReachedChart()
    qtbot.addWidget(card)
    card.set_reach(figures)
    assert not card.is_empty()
    assert card.categories == ["0–17", "18–59", "60+", _("Age unknown")]
    values = {sex: [bar.at(i) for i in range(bar.count())] for sex, bar in card.bar_sets.items()}
    # Nobody of "other" sex: no bar set for it; the unknown sex is drawn so the bars add up.
    assert values == {F: [7, 15, 2, 1], M: [6, 0, 7, 0], U: [0, 2, 0, 0]}
    assert sum(sum(v) for v in values.values()) == figures.total == 40
    assert card.bar_sets[F].label() == _("{sex}: {count}").format(sex=vocab.label(F), count="25")
    assert value_labels(card) == ["0", "5", "10", "15"]
    assert card.tooltip(F, 1) == "Female, 18–59: 15 people"
    assert card.tooltip(U, 1) == "Unknown, 18–59: 2 people"


def test_people_reached_use_babel_numbers(app: QApplication, qtbot: QtBot) -> None:
    i18n.set_language("az")
    card = charts.PeopleReachedChart()
    qtbot.addWidget(card)
    card.set_reach(reach((F, 3, 1234), (M, 3, 1100)))
    assert card.bar_sets[F].label().endswith("1.234")
    assert "1.000" in value_labels(card)
    i18n.set_language("ru")
    card.retranslate()
    assert card.bar_sets[F].label().endswith("1\xa0234")
    assert "1\xa0000" in value_labels(card)
    assert card.categories[-1] == _("Age unknown")


def test_nobody_reached_shows_a_sentence_not_empty_axes(app: QApplication, qtbot: QtBot) -> None:
    card = charts.PeopleReachedChart()
    qtbot.addWidget(card)
    card.set_reach(reach())
    assert card.is_empty()
    assert card.empty_label.text() == _("No one has received a service this year yet.")
    assert card.chart.series() == [] and card.chart.axes() == []
    card.set_reach(reach((M, 4, 1)))
    assert not card.is_empty() and card.bar_sets[M].at(1) == 1


def test_volunteer_hours_by_month_with_month_names_of_the_language(
    app: QApplication, qtbot: QtBot
) -> None:
    months = tuple(
        (dt.date(2026, month, 1), Decimal(hours))
        for month, hours in zip(range(1, 13), ["12.5", "0", "40", *["0"] * 9], strict=True)
    )
    i18n.set_language("az")
    card = charts.VolunteerHoursChart()
    qtbot.addWidget(card)
    card.set_months(months)
    assert card.bar_set is not None
    assert [card.bar_set.at(i) for i in range(12)] == [12.5, 0, 40, *[0] * 9]
    assert card.categories[:3] == ["yan", "fev", "mar"]
    assert card.tooltip(0) == _("{month}: {hours} volunteer hours").format(
        month="yanvar 2026", hours="12,5"
    )
    assert value_labels(card) == ["0", "10", "20", "30", "40"]
    i18n.set_language("ru")
    card.retranslate()
    assert card.categories[:3] == ["янв.", "февр.", "март"]
    assert card.bar_set.at(2) == 40


def test_no_volunteer_hours_shows_a_sentence(app: QApplication, qtbot: QtBot) -> None:
    card = charts.VolunteerHoursChart()
    qtbot.addWidget(card)
    card.set_months(tuple((dt.date(2026, m, 1), Decimal("0")) for m in range(1, 13)))
    assert card.is_empty()
    assert card.empty_label.text() == _("No volunteer hours have been recorded this year yet.")


def use(code: str, currency: str, budget: str, spent: str) -> ProjectBudgetUse:
    budget_total, spent_total = Decimal(budget), Decimal(spent)
    return ProjectBudgetUse(
        project_id=len(code),
        code=code,
        currency=currency,
        budget_total=budget_total,
        spent_total=spent_total,
        share=spent_total / budget_total if budget_total else None,
    )


def test_budget_used_per_project_in_percent_over_budget_in_red(
    app: QApplication, qtbot: QtBot
) -> None:
    i18n.set_language("az")
    projects = (
        use("EU-1", "EUR", "20000.00", "5000.00"),
        use("OWN", "AZN", "1000.00", "1250.00"),
        use("NEW", "AZN", "0", "0"),
    )
    card = charts.BudgetUseChart()
    qtbot.addWidget(card)
    card.set_projects(projects)
    assert card.bar_set is not None
    # Bars are listed bottom-up: the first project is the last bar, drawn at the top.
    drawn = [card.project_at(i).code for i in range(card.bar_set.count())]
    assert drawn == ["NEW", "OWN", "EU-1"]
    assert [card.bar_set.at(i) for i in range(3)] == [0, 125, 25]
    assert [card.is_over(i) for i in range(3)] == [False, True, False]
    assert card.bar_set.selectedColor() == charts.OVER_BUDGET
    assert card.categories == [
        _("{project} · no budget").format(project="NEW"),
        _("{project} · {percent}").format(project="OWN", percent="125,0%"),
        _("{project} · {percent}").format(project="EU-1", percent="25,0%"),
    ]
    over = card.tooltip(1)
    assert i18n.format_money(Decimal("1250.00"), "AZN") in over
    assert i18n.format_money(Decimal("1000.00"), "AZN") in over
    assert (
        _("Over budget by {amount}.").format(amount=i18n.format_money(Decimal("250.00"), "AZN"))
        in over
    )
    assert i18n.format_money(Decimal("20000.00"), "EUR") in card.tooltip(2)
    assert "Over budget" not in card.tooltip(2)
    # Hovering a bar shows its tooltip.
    card.bar_set.hovered.emit(True, 1)
    assert QToolTip.text() == over
    card.bar_set.hovered.emit(False, 1)
    assert value_labels(card) == ["0%", "25%", "50%", "75%", "100%", "125%"]


def test_without_projects_the_budget_card_says_so(app: QApplication, qtbot: QtBot) -> None:
    card = charts.BudgetUseChart()
    qtbot.addWidget(card)
    card.set_projects(())
    assert card.is_empty()
    assert card.empty_label.text() == _("No project has a budget yet.")


def test_activities_by_status_as_a_donut_with_counts_in_the_legend(
    app: QApplication, qtbot: QtBot
) -> None:
    counts = {
        vocab.ActivityStatus.PLANNED: 6,
        vocab.ActivityStatus.ONGOING: 10,
        vocab.ActivityStatus.COMPLETED: 1234,
        vocab.ActivityStatus.CANCELLED: 0,
    }
    i18n.set_language("az")
    card = charts.ActivityStatusChart()
    qtbot.addWidget(card)
    card.set_counts(counts)
    assert {status: piece.value() for status, piece in card.slices.items()} == counts
    completed = card.slices[vocab.ActivityStatus.COMPLETED]
    assert completed.label() == _("{status}: {count}").format(
        status=vocab.label(vocab.ActivityStatus.COMPLETED), count="1.234"
    )
    assert "1.250" in card.tooltip(vocab.ActivityStatus.CANCELLED)
    card.set_counts(dict.fromkeys(vocab.ActivityStatus, 0))
    assert card.is_empty()
    assert card.empty_label.text() == _("No activities are planned or under way this year.")
