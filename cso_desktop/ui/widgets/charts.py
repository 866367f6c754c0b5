"""Small chart cards on QtCharts: people reached, volunteer hours, budget used, activities.

Each card shows a heading and a chart drawn from figures the caller already has (read off the
GUI thread, from ``reports``); it never queries the database. With nothing to draw it shows a
sentence instead of empty axes. Every number on a chart (axis ticks, category labels, legend,
tooltips) is formatted with Babel in the current language, never by Qt, so it reads the same as
the reports; ``retranslate()`` draws the chart again in the language just chosen.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QPieSeries,
    QPieSlice,
)
from PySide6.QtCore import (
    QMargins,
    QPointF,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QCursor,
    QFont,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QSizePolicy,
    QStackedLayout,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.domain import vocab
from cso_desktop.i18n import _, ngettext
from cso_desktop.reports.budget import ProjectBudgetUse
from cso_desktop.reports.data import BROAD_BANDS, Reach
from cso_desktop.ui import fonts

#: Style sheet rules for the cards, added to the window's style sheet by the pages using them.
STYLE = """
QFrame#chartCard {
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: 6px;
}
QFrame#chartCard QLabel {
    border: none;
    background: transparent;
}
QLabel#chartHeading {
    font-size: 11pt;
    font-weight: bold;
}
QLabel#chartEmpty {
    color: palette(placeholder-text);
}
"""

#: Colours that stay apart for colour-blind readers (Okabe–Ito), and the app's accent blue.
ACCENT = QColor("#1d5fa8")
OVER_BUDGET = QColor("#b42318")
SEX_COLOURS = {
    vocab.Sex.FEMALE: QColor("#e69f00"),
    vocab.Sex.MALE: QColor("#0072b2"),
    vocab.Sex.OTHER: QColor("#009e73"),
    vocab.Sex.UNKNOWN: QColor("#999999"),
}
STATUS_COLOURS = {
    vocab.ActivityStatus.PLANNED: QColor("#9dc3e6"),
    vocab.ActivityStatus.ONGOING: QColor("#0072b2"),
    vocab.ActivityStatus.COMPLETED: QColor("#009e73"),
    vocab.ActivityStatus.CANCELLED: QColor("#b0b0b0"),
}
#: Height of a chart card: readable on a 1366×768 laptop with two cards side by side.
CHART_HEIGHT = 270
#: Value-axis ticks wanted (the axis picks round steps near this count).
TICKS = 4


# --- numbers ----------------------------------------------------------------------------------


def axis_steps(maximum: float, *, ticks: int = TICKS, whole: bool = True) -> tuple[float, ...]:
    """Round tick values from 0 to at least ``maximum``: the smallest step of 1, 2, 2.5 or
    5 × 10ⁿ that needs at most ``ticks`` + 1 intervals.

    With ``whole`` the steps are whole numbers (counts of people cannot be 2.5).
    """
    if maximum <= 0:
        return (0.0, 1.0)
    magnitude = 10 ** math.floor(math.log10(maximum / (ticks + 1)))
    candidates = [factor * magnitude * scale for scale in (1, 10) for factor in (1, 2, 2.5, 5)]
    if whole:
        candidates = [c for c in candidates if c >= 1 and c == int(c)] or [1.0]
    step = next(
        (c for c in candidates if math.ceil(maximum / c - 1e-9) <= ticks + 1), candidates[-1]
    )
    count = max(1, math.ceil(maximum / step - 1e-9))
    return tuple(round(step * i, 10) for i in range(count + 1))


def format_count(value: float | int | Decimal) -> str:
    return i18n.format_integer(round(value))


def format_hours(value: Decimal | float) -> str:
    """Hours as a whole number when whole, else with one decimal: ``1.428`` or ``406,5``."""
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    whole = value == value.to_integral_value()
    return i18n.format_decimal(value, places=0 if whole else 1)


def format_whole_percent(value: float) -> str:
    """An axis tick in percent, ``value`` being the percentage (``50`` → ``50%``)."""
    return babel_numbers.format_percent(value / 100, format="#,##0%", locale=i18n.current_locale())


def month_names() -> list[str]:
    """Short month names on their own (not inside a date), January first."""
    names = babel_dates.get_month_names(
        "abbreviated", context="stand-alone", locale=i18n.current_locale()
    )
    return [names[month] for month in range(1, 13)]


def month_and_year(day: dt.date) -> str:
    """``iyun 2026`` / ``июнь 2026 г.`` / ``June 2026``."""
    return babel_dates.format_skeleton("yMMMM", day, locale=i18n.current_locale())


# --- the card ---------------------------------------------------------------------------------


class ChartCard(QFrame):
    """A chart under a heading; a sentence instead when there is nothing to draw.

    Subclasses keep the figures they were given and draw them in ``_draw()``; ``retranslate()``
    draws again in the current language.

    Attributes:
        heading: the card's title.
        chart: the QChart (its series and axes are replaced at each drawing).
        view: the view showing the chart.
        empty_label: what is shown instead of an empty chart.
    """

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartCard")
        self.heading = QLabel(self)
        self.heading.setObjectName("chartHeading")
        self.heading.setWordWrap(True)
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setBackgroundVisible(False)
        # Room above and to the right for the last tick label, which is centred on its tick.
        self.chart.setMargins(QMargins(2, 10, 18, 2))
        self.chart.layout().setContentsMargins(0, 0, 0, 0)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.view = QChartView(self.chart, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setStyleSheet("background: transparent;")
        self.view.setMinimumHeight(160)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("chartEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 8)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addLayout(self.stack, 1)
        self.setMinimumHeight(CHART_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    # --- for subclasses ---

    def is_empty(self) -> bool:
        """Whether the card shows its empty-state sentence instead of a chart."""
        return self.stack.currentWidget() is self.empty_label

    def _font(self, *, bold: bool = False) -> QFont:
        font = fonts.ui_font(self.font())
        font.setBold(bold)
        return font

    def _text_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def _clear(self) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
            axis.deleteLater()

    def _show_empty(self, text: str) -> None:
        self._clear()
        self.empty_label.setText(text)
        self.stack.setCurrentWidget(self.empty_label)

    def _show_chart(self) -> None:
        legend = self.chart.legend()
        legend.setFont(self._font())
        legend.setLabelColor(self._text_colour())
        self.stack.setCurrentWidget(self.view)

    def _style_axis(self, axis: QAbstractAxis) -> None:
        axis.setLabelsFont(self._font())
        axis.setLabelsColor(self._text_colour())
        grid = QColor(self._text_colour())
        grid.setAlpha(40)
        axis.setGridLineColor(grid)
        axis.setLinePenColor(grid)

    def _value_axis(
        self, maximum: float, label: Callable[[float], str], *, whole: bool
    ) -> QCategoryAxis:
        """A value axis from 0 whose tick labels are formatted by ``label`` (Babel)."""
        steps = axis_steps(maximum, whole=whole)
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis.setRange(0, steps[-1])
        axis.setStartValue(0)
        for value in steps:
            axis.append(label(value), value)
        self._style_axis(axis)
        return axis

    def _category_axis(self, labels: Sequence[str]) -> QBarCategoryAxis:
        axis = QBarCategoryAxis()
        axis.append(list(labels))
        self._style_axis(axis)
        axis.setGridLineVisible(False)
        return axis

    def _tooltip(self, shown: bool, text: str) -> None:
        if shown:
            QToolTip.showText(QCursor.pos(), text, self.view)
        else:
            QToolTip.hideText()

    def retranslate(self) -> None:
        """Draw again in the current language."""
        self._draw()

    def _draw(self) -> None:
        raise NotImplementedError


# --- people reached ---------------------------------------------------------------------------


class PeopleReachedChart(ChartCard):
    """Unique people reached by age group (0–17, 18–59, 60+, age unknown) and sex, grouped bars.

    Female and male bars are always drawn; "other" and "unknown" sex only when someone is in
    them, so the bars always add up to the total reached.

    Attributes:
        reach: the figures drawn (``None`` before any are given).
        categories: the age-group labels along the axis, in order.
        bar_sets: one bar set per sex drawn; value ``i`` is the count in age group ``i``.
    """

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.reach: Reach | None = None
        self.categories: list[str] = []
        self.bar_sets: dict[vocab.Sex, QBarSet] = {}
        self._draw()

    def set_reach(self, reach: Reach | None) -> None:
        self.reach = reach
        self._draw()

    @staticmethod
    def group_counts(reach: Reach, sex: vocab.Sex) -> list[int]:
        """People of ``sex`` in each broad age group, then those of unknown age."""
        counts = [
            reach.count(sex=sex, bands=reach.in_bands(BROAD_BANDS, index))
            for index in range(len(BROAD_BANDS))
        ]
        counts.append(reach.count(sex=sex, band=None))
        return counts

    def _draw(self) -> None:
        self.heading.setText(_("People reached by age group and sex"))
        self.categories = []
        self.bar_sets = {}
        reach = self.reach
        if reach is None or reach.total == 0:
            self._show_empty(_("No one has received a service this year yet."))
            return
        self._clear()
        self.categories = [*BROAD_BANDS.labels(), _("Age unknown")]
        series = QBarSeries()
        maximum = 0
        for sex in vocab.Sex:
            counts = self.group_counts(reach, sex)
            if sex not in (vocab.Sex.FEMALE, vocab.Sex.MALE) and not any(counts):
                continue
            bar_set = QBarSet(
                _("{sex}: {count}").format(
                    sex=vocab.label(sex), count=format_count(reach.count(sex=sex))
                )
            )
            bar_set.append([float(c) for c in counts])
            bar_set.setColor(SEX_COLOURS[sex])
            bar_set.setBorderColor(SEX_COLOURS[sex])
            bar_set.hovered.connect(
                lambda shown, index, sex=sex: self._tooltip(shown, self.tooltip(sex, index))
            )
            series.append(bar_set)
            self.bar_sets[sex] = bar_set
            maximum = max(maximum, *counts)
        self.chart.addSeries(series)
        x_axis = self._category_axis(self.categories)
        y_axis = self._value_axis(maximum, format_count, whole=True)
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        self.chart.legend().setVisible(True)
        self._show_chart()

    def tooltip(self, sex: vocab.Sex, index: int) -> str:
        """``Female, 18–59: 312 people``."""
        bar_set = self.bar_sets[sex]
        count = round(bar_set.at(index))
        return ngettext(
            "{sex}, {group}: {count} person", "{sex}, {group}: {count} people", count
        ).format(sex=vocab.label(sex), group=self.categories[index], count=format_count(count))


# --- volunteer hours --------------------------------------------------------------------------


class VolunteerHoursChart(ChartCard):
    """Volunteer hours per month, one bar a month.

    Attributes:
        months: the figures drawn: (first day of the month, hours), in order.
        categories: the month names along the axis.
        bar_set: the bars (value ``i`` is the hours of month ``i``), ``None`` when empty.
    """

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.months: tuple[tuple[dt.date, Decimal], ...] = ()
        self.categories: list[str] = []
        self.bar_set: QBarSet | None = None
        self._draw()

    def set_months(self, months: Sequence[tuple[dt.date, Decimal]]) -> None:
        self.months = tuple(months)
        self._draw()

    def _draw(self) -> None:
        self.heading.setText(_("Volunteer hours by month"))
        self.bar_set = None
        self.categories = []
        if not any(hours for _month, hours in self.months):
            self._show_empty(_("No volunteer hours have been recorded this year yet."))
            return
        self._clear()
        names = month_names()
        years = {first.year for first, _hours in self.months}
        self.categories = [
            names[first.month - 1] if len(years) == 1 else f"{names[first.month - 1]} {first.year}"
            for first, _hours in self.months
        ]
        bar_set = QBarSet(_("Volunteer hours"))
        bar_set.append([float(hours) for _month, hours in self.months])
        bar_set.setColor(ACCENT)
        bar_set.setBorderColor(ACCENT)
        bar_set.hovered.connect(lambda shown, index: self._tooltip(shown, self.tooltip(index)))
        series = QBarSeries()
        series.setBarWidth(0.7)
        series.append(bar_set)
        self.bar_set = bar_set
        self.chart.addSeries(series)
        x_axis = self._category_axis(self.categories)
        maximum = float(max(hours for _month, hours in self.months))
        y_axis = self._value_axis(maximum, format_hours, whole=maximum >= 4)
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        self.chart.legend().setVisible(False)
        self._show_chart()

    def tooltip(self, index: int) -> str:
        """``June 2026: 412,5 volunteer hours``."""
        first, hours = self.months[index]
        return _("{month}: {hours} volunteer hours").format(
            month=month_and_year(first), hours=format_hours(hours)
        )


# --- budget used ------------------------------------------------------------------------------


class BudgetUseChart(ChartCard):
    """The share of each project's budget spent, as horizontal bars; over 100% in red.

    Each project's label carries its percentage; the amounts are in the tooltip.

    Attributes:
        projects: the figures drawn, one per project.
        categories: the labels along the axis (project code and percentage), first at the top.
        bar_set: value ``i`` is the percentage used of project ``i`` (``None`` when empty); the
            bars over 100% are the selected ones, drawn in red.
    """

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.projects: tuple[ProjectBudgetUse, ...] = ()
        self.categories: list[str] = []
        self.bar_set: QBarSet | None = None
        self._draw()

    def set_projects(self, projects: Sequence[ProjectBudgetUse]) -> None:
        self.projects = tuple(projects)
        self._draw()

    @staticmethod
    def percent(project: ProjectBudgetUse) -> float:
        """The percentage drawn: spent ÷ budget × 100 (0 without a budget)."""
        return float(project.share * 100) if project.share is not None else 0.0

    @staticmethod
    def label(project: ProjectBudgetUse) -> str:
        """``DEMO-EU · 55,5%``, or ``DEMO-X · no budget``."""
        if project.share is None:
            return _("{project} · no budget").format(project=project.code)
        return _("{project} · {percent}").format(
            project=project.code, percent=i18n.format_percent(project.share)
        )

    def _draw(self) -> None:
        self.heading.setText(_("Budget used per project"))
        self.bar_set = None
        self.categories = []
        if not self.projects:
            self._show_empty(_("No project has a budget yet."))
            return
        self._clear()
        self.setMinimumHeight(max(170, 90 + 46 * len(self.projects)))
        # A horizontal chart lists its first category at the bottom; reverse to read downwards.
        shown = list(reversed(self.projects))
        self.categories = [self.label(project) for project in shown]
        bar_set = QBarSet(_("Budget used"))
        bar_set.append([self.percent(project) for project in shown])
        bar_set.setColor(ACCENT)
        bar_set.setPen(QPen(Qt.PenStyle.NoPen))  # else a red bar keeps a blue outline
        bar_set.setSelectedColor(OVER_BUDGET)
        bar_set.selectBars(
            [index for index, project in enumerate(shown) if self.percent(project) > 100]
        )
        bar_set.hovered.connect(lambda shown_, index: self._tooltip(shown_, self.tooltip(index)))
        series = QHorizontalBarSeries()
        series.setBarWidth(0.6)
        series.append(bar_set)
        self.bar_set = bar_set
        self.chart.addSeries(series)
        maximum = max(100.0, *(self.percent(project) for project in shown))
        x_axis = self._value_axis(maximum, format_whole_percent, whole=True)
        y_axis = self._category_axis(self.categories)
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        # The whole budget: a dashed line at 100%.
        limit = QLineSeries()
        limit.append([QPointF(100, -0.5), QPointF(100, len(shown) - 0.5)])
        pen = QPen(self._text_colour(), 1.2, Qt.PenStyle.DashLine)
        limit.setPen(pen)
        self.chart.addSeries(limit)
        limit.attachAxis(x_axis)
        limit.attachAxis(y_axis)
        self.chart.legend().setVisible(False)
        self._show_chart()

    def project_at(self, index: int) -> ProjectBudgetUse:
        """The project drawn as bar ``index`` (bars are listed bottom-up)."""
        return self.projects[len(self.projects) - 1 - index]

    def tooltip(self, index: int) -> str:
        """``DEMO-EU: 138.655,15 € spent of 249.964,71 € (55,5%)``."""
        project = self.project_at(index)
        spent = i18n.format_money(project.spent_total, project.currency)
        budget = i18n.format_money(project.budget_total, project.currency)
        if project.share is None:
            return _("{project}: {spent} spent, no budget").format(
                project=project.code, spent=spent
            )
        text = _("{project}: {spent} spent of {budget} ({percent})").format(
            project=project.code,
            spent=spent,
            budget=budget,
            percent=i18n.format_percent(project.share),
        )
        if project.share > 1:
            text += "\n" + _("Over budget by {amount}.").format(
                amount=i18n.format_money(
                    project.spent_total - project.budget_total, project.currency
                )
            )
        return text

    def is_over(self, index: int) -> bool:
        """Whether bar ``index`` is drawn red (over the budget)."""
        return self.bar_set is not None and self.bar_set.isBarSelected(index)


# --- activities by status ---------------------------------------------------------------------


class ActivityStatusChart(ChartCard):
    """Activities per status as a donut, the counts in the legend.

    Attributes:
        counts: the figures drawn, per status.
        slices: one slice per status, in the vocabulary's order (``slice.value()`` is the count).
    """

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.counts: dict[vocab.ActivityStatus, int] = {}
        self.slices: dict[vocab.ActivityStatus, QPieSlice] = {}
        self._draw()

    def set_counts(self, counts: Mapping[vocab.ActivityStatus, int]) -> None:
        self.counts = dict(counts)
        self._draw()

    def _draw(self) -> None:
        self.heading.setText(_("Activities by status"))
        self.slices = {}
        total = sum(self.counts.values())
        if total == 0:
            self._show_empty(_("No activities are planned or under way this year."))
            return
        self._clear()
        series = QPieSeries()
        series.setHoleSize(0.5)
        series.setPieSize(0.85)
        for status in vocab.ActivityStatus:
            count = self.counts.get(status, 0)
            piece = series.append(
                _("{status}: {count}").format(
                    status=vocab.label(status), count=format_count(count)
                ),
                float(count),
            )
            piece.setColor(STATUS_COLOURS[status])
            piece.setBorderColor(QColor(self.palette().color(QPalette.ColorRole.Base)))
            piece.setBrush(QBrush(STATUS_COLOURS[status]))
            piece.hovered.connect(
                lambda shown, status=status: self._tooltip(shown, self.tooltip(status))
            )
            self.slices[status] = piece
        self.chart.addSeries(series)
        legend = self.chart.legend()
        legend.setVisible(True)
        legend.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._show_chart()

    def tooltip(self, status: vocab.ActivityStatus) -> str:
        """``Completed: 10 of 26 activities``."""
        count = self.counts.get(status, 0)
        total = sum(self.counts.values())
        return ngettext(
            "{status}: {count} of {total} activity",
            "{status}: {count} of {total} activities",
            total,
        ).format(status=vocab.label(status), count=format_count(count), total=format_count(total))
