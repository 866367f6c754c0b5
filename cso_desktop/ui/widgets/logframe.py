"""The logframe editor: the results chain with its indicators, and the indicators' values.

:class:`LogframeEditor` shows a project's logframe as the EU matrix (results chain, indicators,
baseline, current value, target, means of verification) and edits it: outcomes under the
overall objective, outputs under outcomes, indicators on any result, moved up and down, deleted
after a question when something hangs under them. "Values…" opens the values of an indicator
per reporting period: computed from the data (the value and the sentence that says how are
shown before they are stored) or entered by hand with their source.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import (
    QModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cso_desktop.db.engine import Database
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import NotFoundError
from cso_desktop.domain.vocab import IndicatorMethod, ResultLevel, Sex
from cso_desktop.i18n import _, pgettext
from cso_desktop.services import projects
from cso_desktop.ui import messages, ops
from cso_desktop.ui.dialogs.common import confirm, group, parse_decimal
from cso_desktop.ui.forms.dates import DateField, format_short
from cso_desktop.ui.forms.dialog import FormDialog, hint_label
from cso_desktop.ui.forms.fields import (
    Check,
    add_row,
    code_combo,
    make_form,
    optional,
    required,
    set_combo_data,
)
from cso_desktop.ui.forms.table import Row, RowsModel, make_table, selected_key
from cso_desktop.ui.models.logframe_model import (
    COLUMN_BASELINE,
    COLUMN_CHAIN,
    COLUMN_CURRENT,
    COLUMN_INDICATOR,
    COLUMN_MOV,
    COLUMN_TARGET,
    INDICATOR,
    RESULT,
    IdRole,
    KindRole,
    LogframeModel,
    code_title,
    format_quantity,
    sex_parts,
)

#: The year spin boxes show this value as "not given".
NO_YEAR = 1989
#: The sexes a value entered by hand can be split by.
MANUAL_SEXES = (Sex.FEMALE, Sex.MALE)


def _text_edit(*, lines: int = 2) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def _year_box() -> QSpinBox:
    box = QSpinBox()
    box.setRange(NO_YEAR, 2100)
    box.setSpecialValueText(_("—"))
    box.setValue(NO_YEAR)
    return box


def _year(box: QSpinBox) -> int | None:
    return None if box.value() == NO_YEAR else box.value()


def _number_check(edit: QLineEdit, *, required_value: bool = False) -> Check:
    def check() -> str | None:
        text = edit.text().strip()
        if not text:
            return _("Enter a number.") if required_value else None
        value = parse_decimal(text)
        if value is None or value < 0:
            return _("Enter a number of zero or more, such as 120 or 46,5.")
        if value != value.quantize(Decimal("0.001")):
            return _("Numbers have at most three decimals.")
        return None

    return check


def _number(edit: QLineEdit) -> Decimal | None:
    return parse_decimal(edit.text())


def _number_text(value: Decimal | None) -> str:
    return format_quantity(value) if value is not None else ""


class ResultDialog(FormDialog):
    """Add or edit an outcome, an output or the overall objective.

    Attributes:
        result_id: the result, once saved.
        parent_combo: the result it hangs under (outcomes: the overall objective; outputs: an
            outcome); hidden for the overall objective.
    """

    def __init__(
        self,
        *,
        db: Database,
        project_id: int,
        level: ResultLevel,
        frame: projects.Logframe,
        result_id: int | None = None,
        parent_id: int | None = None,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, user_name=user_name, parent=parent)
        self.project_id = project_id
        self.level = level
        self.result_id = result_id
        titles = {
            ResultLevel.IMPACT: _("Overall objective (impact)"),
            ResultLevel.OUTCOME: _("Outcome (specific objective)"),
            ResultLevel.OUTPUT: _("Output"),
        }
        self.setWindowTitle(titles[level] + "[*]")
        form = make_form()
        self.main_layout.addLayout(form)
        parent_level = projects.PARENT_LEVEL[level]
        candidates = frame.results_of_level(parent_level) if parent_level else ()
        self.parent_combo = code_combo(
            [(str(node.id), code_title(node.code, node.title)) for node in candidates]
        )
        self.parent_combo.setMinimumContentsLength(40)
        parent_field = self.add_field(
            "parent_id",
            self.parent_combo,
            text=_("&Under") if parent_level else None,
            check=self._check_parent,
        )
        if parent_level is not None:
            add_row(form, parent_field)
        else:
            parent_field.container.setVisible(False)
        self.code = QLineEdit()
        self.code.setMaxLength(20)
        add_row(
            form,
            self.add_field(
                "code", self.code, text=_("&Code"), check=required(self.code, "code", max_length=20)
            ),
        )
        self.title_edit = _text_edit(lines=3)
        add_row(
            form,
            self.add_field(
                "title",
                self.title_edit,
                text=_("&Title"),
                check=required(self.title_edit, "title", max_length=2000),
            ),
        )
        self.assumptions = _text_edit(lines=3)
        add_row(
            form,
            self.add_field(
                "assumptions",
                self.assumptions,
                text=_("&Assumptions"),
                check=optional(self.assumptions, "assumptions", max_length=2000),
            ),
        )
        self.main_layout.addStretch(1)
        self.finish()
        self.resize(max(640, self.sizeHint().width()), self.sizeHint().height())
        node = frame.result(result_id) if result_id is not None else None
        with self.loading():
            if node is not None:
                set_combo_data(self.parent_combo, str(node.parent_id) if node.parent_id else None)
                self.code.setText(node.code)
                self.title_edit.setPlainText(node.title)
                self.assumptions.setPlainText(node.assumptions or "")
            else:
                chosen = parent_id
                if chosen is None and len(candidates) == 1:
                    chosen = candidates[0].id
                set_combo_data(self.parent_combo, str(chosen) if chosen else None)
                with db.reading() as session:
                    self.code.setText(
                        projects.suggest_result_code(session, project_id, level, chosen)
                    )
        self.mark_clean()

    def _check_parent(self) -> str | None:
        if self.level == ResultLevel.OUTPUT and self.parent_combo.currentIndex() < 0:
            return _("Choose the outcome this output serves.")
        return None

    def draft(self) -> projects.ResultDraft:
        data = self.parent_combo.currentData()
        return projects.ResultDraft(
            level=self.level,
            code=self.code.text(),
            title=self.title_edit.toPlainText(),
            parent_id=int(data) if data else None,
            assumptions=self.assumptions.toPlainText(),
        )

    def write(self) -> None:
        assert self.db is not None
        draft = self.draft()
        with self.db.transaction() as session:
            if self.result_id is None:
                new_id = projects.add_result(
                    session, self.project_id, draft, user_name=self.user_name
                )
            else:
                projects.update_result(session, self.result_id, draft, user_name=self.user_name)
                new_id = self.result_id
        self.result_id = new_id


class IndicatorDialog(FormDialog):
    """Add or edit an indicator: what is measured, baseline, target, how values are obtained.

    Attributes:
        indicator_id: the indicator, once saved.
    """

    def __init__(
        self,
        *,
        db: Database,
        result_id: int,
        frame: projects.Logframe,
        indicator_id: int | None = None,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, user_name=user_name, parent=parent)
        self.result_id = result_id
        self.indicator_id = indicator_id
        self.setWindowTitle(_("Indicator") + "[*]")
        result = frame.result(result_id)
        if result is not None:
            self.main_layout.addWidget(
                hint_label(
                    _("Indicator of {result}").format(result=code_title(result.code, result.title)),
                    parent=self,
                )
            )
        what_box, what = group(_("What is measured"))
        self.code = QLineEdit()
        self.code.setMaxLength(20)
        add_row(
            what,
            self.add_field(
                "code", self.code, text=_("&Code"), check=required(self.code, "code", max_length=20)
            ),
        )
        self.title_edit = _text_edit(lines=2)
        add_row(
            what,
            self.add_field(
                "title",
                self.title_edit,
                text=_("&Indicator"),
                check=required(self.title_edit, "title", max_length=2000),
            ),
        )
        self.unit = QLineEdit()
        self.unit.setMaxLength(50)
        self.unit.setPlaceholderText(_("for example people, sessions, hours, %"))
        add_row(
            what,
            self.add_field(
                "unit", self.unit, text=_("&Unit"), check=required(self.unit, "unit", max_length=50)
            ),
        )
        self.means = _text_edit(lines=2)
        add_row(
            what,
            self.add_field(
                "means_of_verification",
                self.means,
                text=_("&Means of verification"),
                check=optional(self.means, "means_of_verification", max_length=2000),
            ),
        )

        values_box, values = group(_("Baseline and target"))
        self.baseline_value = QLineEdit()
        add_row(
            values,
            self.add_field(
                "baseline_value",
                self.baseline_value,
                text=_("&Baseline"),
                check=_number_check(self.baseline_value),
            ),
        )
        self.baseline_year = _year_box()
        add_row(
            values,
            self.add_field("baseline_year", self.baseline_year, text=_("Baseline &year")),
        )
        self.target_value = QLineEdit()
        add_row(
            values,
            self.add_field(
                "target_value",
                self.target_value,
                text=_("&Target"),
                check=_number_check(self.target_value),
            ),
        )
        self.target_year = _year_box()
        add_row(values, self.add_field("target_year", self.target_year, text=_("Target y&ear")))

        how_box, how = group(_("How values are obtained"))
        self.method = code_combo(vocab.choices(IndicatorMethod), placeholder=False)
        add_row(how, self.add_field("method", self.method, text=_("&Values")))
        self.activity_type = code_combo(
            [("", _("Activities of every type")), *vocab.choices(vocab.ActivityType)],
            placeholder=False,
        )
        add_row(
            how,
            self.add_field("method_activity_type", self.activity_type, text=_("Of ac&tivities")),
        )
        self.method_hint = hint_label(parent=self)
        how.addRow(self.method_hint)
        self.by_sex = QCheckBox(_("by &sex"))
        self.by_age = QCheckBox(_("by a&ge group"))
        self.by_disability = QCheckBox(_("by &disability"))
        checks = QWidget()
        row = QHBoxLayout(checks)
        row.setContentsMargins(0, 0, 0, 0)
        for key, box in (
            ("disaggregate_sex", self.by_sex),
            ("disaggregate_age", self.by_age),
            ("disaggregate_disability", self.by_disability),
        ):
            row.addWidget(self.add_field(key, box).container)
        row.addStretch(1)
        how.addRow(QLabel(_("Disaggregated")), checks)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(what_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(values_box)
        right.addWidget(how_box)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.main_layout.addLayout(columns, 1)
        self.method.currentIndexChanged.connect(self._on_method_current_index_changed)
        self.finish()
        self._load(frame)
        # Room for the longest hint, wrapped in three lines.
        self.method_hint.setMinimumHeight(self.method_hint.fontMetrics().lineSpacing() * 3 + 4)
        self.resize(max(900, self.sizeHint().width()), self.sizeHint().height() + 20)

    def _load(self, frame: projects.Logframe) -> None:
        row = frame.indicator(self.indicator_id) if self.indicator_id is not None else None
        with self.loading():
            if row is None:
                assert self.db is not None
                with self.db.reading() as session:
                    self.code.setText(projects.suggest_indicator_code(session, self.result_id))
                self.baseline_value.setText("0")
                self.baseline_year.setValue(frame.start_date.year)
                self.target_year.setValue(frame.end_date.year)
                self.by_sex.setChecked(True)
                set_combo_data(self.method, IndicatorMethod.MANUAL.value)
            else:
                d = row.draft
                self.code.setText(d.code)
                self.title_edit.setPlainText(d.title)
                self.unit.setText(d.unit)
                self.means.setPlainText(d.means_of_verification or "")
                self.baseline_value.setText(_number_text(d.baseline_value))
                self.baseline_year.setValue(d.baseline_year or NO_YEAR)
                self.target_value.setText(_number_text(d.target_value))
                self.target_year.setValue(d.target_year or NO_YEAR)
                set_combo_data(self.method, d.method.value)
                set_combo_data(
                    self.activity_type,
                    d.method_activity_type.value if d.method_activity_type else "",
                )
                self.by_sex.setChecked(d.disaggregate_sex)
                self.by_age.setChecked(d.disaggregate_age)
                self.by_disability.setChecked(d.disaggregate_disability)
        self._show_method()
        self.mark_clean()

    def _method(self) -> IndicatorMethod:
        return IndicatorMethod(self.method.currentData() or IndicatorMethod.MANUAL.value)

    def _show_method(self) -> None:
        method = self._method()
        computed = method in projects.COMPUTED_METHODS
        self.activity_type.setEnabled(computed)
        hints = {
            IndicatorMethod.MANUAL: _(
                "Values are entered by hand for each reporting period, with their source "
                "(a survey, a list, a report)."
            ),
            IndicatorMethod.PEOPLE_REACHED: _(
                "Computed: unique people who received at least one service in the project's "
                "activities (of the chosen type) during the period; each person counts once."
            ),
            IndicatorMethod.VOLUNTEER_HOURS: _(
                "Computed: hours volunteers gave to the project's activities (of the chosen "
                "type) during the period."
            ),
            IndicatorMethod.SESSIONS_HELD: _(
                "Computed: days on which an activity of the project (of the chosen type) "
                "recorded at least one participant."
            ),
        }
        self.method_hint.setText(hints[method])

    def check_form(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if self.baseline_value.text().strip() and _year(self.baseline_year) is None:
            problems["baseline_year"] = _("Enter the year the baseline was measured.")
        if self.target_value.text().strip() and _year(self.target_year) is None:
            problems["target_year"] = _("Enter the year the target should be reached.")
        return problems

    def draft(self) -> projects.IndicatorDraft:
        activity = self.activity_type.currentData()
        return projects.IndicatorDraft(
            code=self.code.text(),
            title=self.title_edit.toPlainText(),
            unit=self.unit.text(),
            method=self._method(),
            method_activity_type=vocab.ActivityType(activity) if activity else None,
            baseline_value=_number(self.baseline_value),
            baseline_year=_year(self.baseline_year),
            target_value=_number(self.target_value),
            target_year=_year(self.target_year),
            disaggregate_sex=self.by_sex.isChecked(),
            disaggregate_age=self.by_age.isChecked(),
            disaggregate_disability=self.by_disability.isChecked(),
            means_of_verification=self.means.toPlainText(),
        )

    def write(self) -> None:
        assert self.db is not None
        draft = self.draft()
        with self.db.transaction() as session:
            if self.indicator_id is None:
                new_id = projects.add_indicator(
                    session, self.result_id, draft, user_name=self.user_name
                )
            else:
                projects.update_indicator(
                    session, self.indicator_id, draft, user_name=self.user_name
                )
                new_id = self.indicator_id
        self.indicator_id = new_id

    @Slot(int)
    def _on_method_current_index_changed(self, _index: int) -> None:
        self._show_method()


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return day.replace(year=year, month=month, day=min(day.day, (following - dt.timedelta(1)).day))


def default_period(
    frame: projects.Logframe, values: tuple[projects.PeriodValue, ...], *, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The next reporting period to fill: after the last one stored (same length), or the
    project's first half-year; never past the project's end."""
    if values:
        last = values[-1]
        start = last.period_end + dt.timedelta(days=1)
        months = max(
            1,
            (last.period_end.year - last.period_start.year) * 12
            + last.period_end.month
            - last.period_start.month
            + 1,
        )
    else:
        start, months = frame.start_date, 6
    end = _add_months(start, months) - dt.timedelta(days=1)
    end = min(end, frame.end_date)
    if start > frame.end_date:
        start, end = values[-1].period_start, values[-1].period_end
    if start <= today < end:
        end = max(start, today)
    return start, end


class IndicatorValuesDialog(FormDialog):
    """An indicator's values per reporting period, and the form to record one.

    For computed indicators "Compute from the data" shows the value (with its sex
    disaggregates when the indicator asks for them) and the sentence that says how it was
    computed; Save stores exactly that. For indicators entered by hand the value and its source
    are typed.

    Attributes:
        computed: the value computed for the period shown, until it is saved or the period
            changes.
    """

    def __init__(
        self,
        *,
        db: Database,
        frame: projects.Logframe,
        indicator_id: int,
        user_name: str | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, user_name=user_name, parent=parent)
        row = frame.indicator(indicator_id)
        if row is None:
            raise NotFoundError(f"indicator {indicator_id}")
        self.frame = frame
        self.indicator = row
        self.indicator_id = indicator_id
        self.computed: projects.ComputedValue | None = None
        self._today = today or dt.date.today()
        draft = row.draft
        self.is_computed_method = draft.method in projects.COMPUTED_METHODS
        self.setWindowTitle(_("Values of {code}").format(code=draft.code) + "[*]")

        method = vocab.label(draft.method)
        if draft.method_activity_type is not None:
            method = _("{method}: {type}").format(
                method=method, type=vocab.label(draft.method_activity_type)
            )
        heading = QLabel(code_title(draft.code, draft.title), self)
        heading.setWordWrap(True)
        heading.setObjectName("derivedValue")
        self.main_layout.addWidget(heading)
        self.main_layout.addWidget(
            hint_label(
                _("Unit: {unit}. Values: {method}.").format(unit=draft.unit, method=method),
                parent=self,
            )
        )

        headers = [_("Period"), pgettext("indicator", "Value")]
        if draft.disaggregate_sex:
            headers.append(_("By sex"))
        headers += [_("How"), _("Source")]
        self.values_model = RowsModel(headers=headers, numeric=(1,), parent=self)
        self.values_view = make_table(self.values_model, parent=self)
        self.values_view.setMinimumHeight(140)
        self.main_layout.addWidget(self.values_view, 1)
        buttons = QHBoxLayout()
        self.delete_button = QPushButton(_("Delete the value…"), self)
        self.delete_button.setAutoDefault(False)
        self.delete_button.setEnabled(False)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        self.main_layout.addLayout(buttons)

        box, form = group(_("Value for a reporting period"))
        self.period_start = DateField()
        add_row(
            form,
            self.add_field(
                "period_start",
                self.period_start,
                text=_("Period &from"),
                check=lambda: self.period_start.check(key="period_start", required=True),
            ),
        )
        self.period_end = DateField()
        add_row(
            form,
            self.add_field(
                "period_end",
                self.period_end,
                text=_("Period &to"),
                check=self._check_period_end,
            ),
        )
        self.compute_button = QPushButton(_("&Compute from the data"), self)
        self.compute_button.setAutoDefault(False)
        self.compute_button.setVisible(self.is_computed_method)
        form.addRow(self.compute_button)
        self.total = QLineEdit()
        add_row(
            form,
            self.add_field(
                "total",
                self.total,
                text=_("&Value"),
                check=self._check_total,
            ),
        )
        self.sex_edits: dict[Sex, QLineEdit] = {}
        if draft.disaggregate_sex:
            for sex in MANUAL_SEXES if not self.is_computed_method else tuple(Sex):
                edit = QLineEdit()
                self.sex_edits[sex] = edit
                add_row(
                    form,
                    self.add_field(
                        f"sex_{sex.value}", edit, text=vocab.label(sex), check=_number_check(edit)
                    ),
                )
                # "Other" and "unknown" appear only when the data has such people.
                form.setRowVisible(self.fields[f"sex_{sex.value}"].container, sex in MANUAL_SEXES)
        self._value_form = form
        self.source = QLineEdit()
        self.source.setMaxLength(500)
        self.source.setPlaceholderText(_("for example: End-line survey, June 2026"))
        add_row(
            form,
            self.add_field(
                "source",
                self.source,
                text=_("&Source"),
                check=self._check_source,
            ),
        )
        if self.is_computed_method:
            for edit in (self.total, self.source, *self.sex_edits.values()):
                edit.setReadOnly(True)
            form.addRow(
                hint_label(
                    _(
                        "Press “Compute from the data”, check the value and how it was "
                        "computed, then save it. A value stored for the same period is replaced."
                    ),
                    parent=self,
                )
            )
        else:
            form.addRow(
                hint_label(_("A value stored for the same period is replaced."), parent=self)
            )
        self.main_layout.addWidget(box)
        self.compute_button.clicked.connect(self._on_compute_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.period_start.changed.connect(self._on_period_changed)
        self.period_end.changed.connect(self._on_period_changed)
        self.values_view.selectionModel().selectionChanged.connect(
            self._on_values_selection_changed
        )
        self.finish()
        self.resize(max(860, self.sizeHint().width()), max(620, self.sizeHint().height()))
        self._load_values(reset_period=True)

    # --- loading ------------------------------------------------------------------------------

    def _load_values(self, *, reset_period: bool = False) -> None:
        assert self.db is not None
        with self.db.reading() as session:
            self.values = projects.indicator_values(session, self.indicator_id)
        with_sex = self.indicator.draft.disaggregate_sex
        rows = []
        for value in reversed(self.values):
            cells = [
                _("{start}–{end}").format(
                    start=format_short(value.period_start), end=format_short(value.period_end)
                ),
                format_quantity(value.total),
            ]
            if with_sex:
                cells.append(sex_parts(value))
            cells += [
                _("Computed") if value.is_computed else _("Entered by hand"),
                value.source or "",
            ]
            rows.append(Row(tuple(cells), key=(value.period_start, value.period_end)))
        self.values_model.set_rows(rows)
        self.delete_button.setEnabled(False)
        if reset_period:
            start, end = default_period(self.frame, self.values, today=self._today)
            with self.loading():
                self.period_start.set_date(start)
                self.period_end.set_date(end)
            self.mark_clean()

    # --- checks -------------------------------------------------------------------------------

    def _check_period_end(self) -> str | None:
        problem = self.period_end.check(key="period_end", required=True)
        if problem:
            return problem
        start, end = self.period_start.date(), self.period_end.date()
        if start is not None and end is not None and end < start:
            return _("The end date is before the start date.")
        return None

    def _check_total(self) -> str | None:
        if self.is_computed_method:
            return None if self.computed else _("Press “Compute from the data” first.")
        return _number_check(self.total, required_value=True)()

    def _check_source(self) -> str | None:
        if self.is_computed_method or self.source.text().strip():
            return None
        return _("Say where the value comes from, e.g. “End-line survey, June 2026”.")

    # --- computing and saving -----------------------------------------------------------------

    def compute(self) -> None:
        """Compute the value for the period typed and show it (nothing is stored yet)."""
        problems = {
            key: message
            for key in ("period_start", "period_end")
            if (message := self.fields[key].validate())
        }
        if problems:
            self.show_problems(problems)
            return
        start, end = self.period_start.date(), self.period_end.date()
        assert start is not None and end is not None and self.db is not None
        db, indicator_id = self.db, self.indicator_id

        def work() -> projects.ComputedValue:
            with db.reading() as session:
                return projects.compute_indicator_value(session, indicator_id, start, end)

        self.compute_button.setEnabled(False)
        ops.Op(
            op=work,
            success=self._show_computed,
            finished=lambda: self.compute_button.setEnabled(True),
            parent=self,
        ).run_in_background()

    def _show_computed(self, value: projects.ComputedValue) -> None:
        self.computed = value
        self.total.setText(format_quantity(value.total))
        parts = dict(value.by_sex)
        for sex, edit in self.sex_edits.items():
            number = parts.get(sex, Decimal("0"))
            edit.setText(format_quantity(number))
            if sex not in MANUAL_SEXES:
                self._value_form.setRowVisible(
                    self.fields[f"sex_{sex.value}"].container, bool(number)
                )
        self.source.setText(value.source)
        self.fields["total"].validate()

    def write(self) -> None:
        assert self.db is not None
        with self.db.transaction() as session:
            if self.is_computed_method:
                assert self.computed is not None
                projects.record_computed_value(session, self.computed, user_name=self.user_name)
            else:
                start, end = self.period_start.date(), self.period_end.date()
                assert start is not None and end is not None
                by_sex = [
                    (sex, value)
                    for sex, edit in self.sex_edits.items()
                    if (value := _number(edit)) is not None
                ]
                projects.record_indicator_values(
                    session,
                    self.indicator_id,
                    period_start=start,
                    period_end=end,
                    total=_number(self.total),
                    by_sex=by_sex,
                    source=self.source.text(),
                    user_name=self.user_name,
                )

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_compute_button_clicked(self) -> None:
        self.compute()

    @Slot()
    def _on_period_changed(self) -> None:
        if self.computed is not None:
            # A value computed for another period must not be saved for this one.
            self.computed = None
            for edit in (self.total, self.source, *self.sex_edits.values()):
                edit.clear()

    @Slot()
    def _on_values_selection_changed(self, *_args: object) -> None:
        self.delete_button.setEnabled(selected_key(self.values_view) is not None)

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        key = selected_key(self.values_view)
        if key is None or not confirm(
            self,
            _("Delete the value stored for this period?"),
            title=_("Delete the value"),
        ):
            return
        start, end = key
        indicator_id = self.indicator_id
        if self.run_action(
            lambda session: projects.delete_indicator_value(
                session,
                indicator_id,
                period_start=start,
                period_end=end,
                user_name=self.user_name,
            )
        ):
            self._load_values()


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text in the column's current width.

    QTreeView asks for size hints without the column width, so wrapped text would be cut to
    one line; this delegate measures the text in the width of its column.
    """

    def __init__(self, *, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # type: ignore[override]
        hint = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text:
            return hint
        width = self._view.header().sectionSize(index.column()) - 12
        if index.column() == 0:
            depth, parent = 1, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= self._view.indentation() * depth
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font) if isinstance(font, QFont) else option.fontMetrics
        rect = metrics.boundingRect(
            QRect(0, 0, max(width, 40), 100000), int(Qt.TextFlag.TextWordWrap), str(text)
        )
        return QSize(hint.width(), max(hint.height(), rect.height() + 6))


class LogframeEditor(QWidget):
    """A project's logframe as a tree, with the buttons that change it.

    Attributes:
        model: the tree's model.
        view: the tree.

    Signals:
        changed(): something in the logframe was saved.
    """

    changed = Signal()

    def __init__(
        self,
        *,
        db: Database,
        project_id: int | None = None,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.project_id = project_id
        self.user_name = user_name
        self.read_only = False

        self.model = LogframeModel(parent=self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        # Long titles wrap, as in the EU matrix, instead of being cut off.
        self.view.setUniformRowHeights(False)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.view.setItemDelegate(_WrappingDelegate(view=self.view))
        self._fitted = False
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(70)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._on_header_section_resized)

        self.add_impact_button = self._button(_("Add the overall &objective…"))
        self.add_outcome_button = self._button(_("Add an ou&tcome…"))
        self.add_output_button = self._button(_("Add an out&put…"))
        self.add_indicator_button = self._button(_("Add an &indicator…"))
        self.edit_button = self._button(_("&Edit…"))
        self.values_button = self._button(_("&Values…"))
        self.up_button = self._button(_("Move &up"))
        self.down_button = self._button(_("Move do&wn"))
        self.delete_button = self._button(_("&Delete…"))

        top = QHBoxLayout()
        for button in (
            self.add_impact_button,
            self.add_outcome_button,
            self.add_output_button,
            self.add_indicator_button,
        ):
            top.addWidget(button)
        top.addStretch(1)
        bottom = QHBoxLayout()
        for button in (
            self.edit_button,
            self.values_button,
            self.up_button,
            self.down_button,
            self.delete_button,
        ):
            bottom.addWidget(button)
        bottom.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.view, 1)
        column.addLayout(bottom)

        self.add_impact_button.clicked.connect(self._on_add_impact_clicked)
        self.add_outcome_button.clicked.connect(self._on_add_outcome_clicked)
        self.add_output_button.clicked.connect(self._on_add_output_clicked)
        self.add_indicator_button.clicked.connect(self._on_add_indicator_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.values_button.clicked.connect(self._on_values_clicked)
        self.up_button.clicked.connect(self._on_up_clicked)
        self.down_button.clicked.connect(self._on_down_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.reload()

    def _button(self, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        return button

    # --- public -------------------------------------------------------------------------------

    def set_project(self, project_id: int | None) -> None:
        self.project_id = project_id
        self.reload()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_buttons()

    def reload(self, *, select: tuple[str, int] | None = None) -> None:
        """Read the logframe again; keep (or move) the selection."""
        if select is None:
            select = self.selected()
        frame = None
        if self.project_id is not None:
            with self.db.reading() as session:
                frame = projects.logframe(session, self.project_id)
        self.model.set_logframe(frame)
        self.view.expandAll()
        self._fit_columns()
        if select is not None:
            self.select(*select)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            # The first time the tree has its real width.
            self._fitted = True
            self._fit_columns()

    def _fit_columns(self) -> None:
        """Titles get the room; numbers fit their text; means of verification take the rest."""
        width = max(self.view.viewport().width(), 900)
        self.view.setColumnWidth(COLUMN_CHAIN, int(width * 0.27))
        self.view.setColumnWidth(COLUMN_INDICATOR, int(width * 0.27))
        for column in (COLUMN_BASELINE, COLUMN_CURRENT, COLUMN_TARGET):
            self.view.resizeColumnToContents(column)
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), int(width * 0.16)))

    def select(self, kind: str, record_id: int) -> None:
        index = self.model.index_of(kind, record_id)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def selected(self) -> tuple[str, int] | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        if not rows:
            return None
        return rows[0].data(KindRole), rows[0].data(IdRole)

    def frame(self) -> projects.Logframe | None:
        return self.model.logframe()

    # --- helpers ------------------------------------------------------------------------------

    def _selected_result(self) -> projects.ResultNode | None:
        """The selected result, or the result of the selected indicator."""
        frame, chosen = self.frame(), self.selected()
        if frame is None or chosen is None:
            return None
        kind, record_id = chosen
        if kind == RESULT:
            return frame.result(record_id)
        row = frame.indicator(record_id)
        return frame.result(row.result_id) if row is not None else None

    def _update_buttons(self) -> None:
        frame = self.frame()
        exists = frame is not None and not self.read_only
        chosen = self.selected()
        result = self._selected_result()
        has_impact = bool(frame and frame.results_of_level(ResultLevel.IMPACT))
        has_outcome = bool(frame and frame.results_of_level(ResultLevel.OUTCOME))
        self.add_impact_button.setVisible(not has_impact)
        self.add_impact_button.setEnabled(exists)
        self.add_outcome_button.setEnabled(exists and has_impact)
        self.add_output_button.setEnabled(exists and has_outcome)
        self.add_indicator_button.setEnabled(exists and result is not None)
        for button in (self.edit_button, self.up_button, self.down_button, self.delete_button):
            button.setEnabled(exists and chosen is not None)
        self.values_button.setEnabled(exists and chosen is not None and chosen[0] == INDICATOR)

    def _open(self, dialog: FormDialog) -> bool:
        try:
            saved = bool(dialog.exec()) and dialog.changed
        finally:
            dialog.deleteLater()
        return saved

    def _run(self, work: object, *, select: tuple[str, int] | None = None) -> None:
        """Run one change in its own transaction, off the GUI thread, then show the result."""
        db = self.db

        def op() -> None:
            with db.transaction() as session:
                work(session)  # type: ignore[operator]

        def done(_result: None) -> None:
            self.changed.emit()
            self.reload(select=select)

        ops.Op(op=op, success=done, parent=self).run_in_background()

    def add_result(self, level: ResultLevel) -> None:
        frame = self.frame()
        if frame is None or self.project_id is None:
            return
        parent_id = None
        chosen = self._selected_result()
        if level == ResultLevel.OUTPUT and chosen is not None:
            if chosen.level == ResultLevel.OUTCOME:
                parent_id = chosen.id
            elif chosen.level == ResultLevel.OUTPUT:
                parent_id = chosen.parent_id
        dialog = ResultDialog(
            db=self.db,
            project_id=self.project_id,
            level=level,
            frame=frame,
            parent_id=parent_id,
            user_name=self.user_name,
            parent=self,
        )
        if self._open(dialog) and dialog.result_id is not None:
            self.changed.emit()
            self.reload(select=(RESULT, dialog.result_id))

    def add_indicator(self) -> None:
        frame, result = self.frame(), self._selected_result()
        if frame is None or result is None:
            return
        dialog = IndicatorDialog(
            db=self.db, result_id=result.id, frame=frame, user_name=self.user_name, parent=self
        )
        if self._open(dialog) and dialog.indicator_id is not None:
            self.changed.emit()
            self.reload(select=(INDICATOR, dialog.indicator_id))

    def edit_selected(self) -> None:
        frame, chosen = self.frame(), self.selected()
        if frame is None or chosen is None or self.project_id is None:
            return
        kind, record_id = chosen
        dialog: FormDialog
        if kind == RESULT:
            node = frame.result(record_id)
            if node is None:
                return
            dialog = ResultDialog(
                db=self.db,
                project_id=self.project_id,
                level=node.level,
                frame=frame,
                result_id=record_id,
                user_name=self.user_name,
                parent=self,
            )
        else:
            row = frame.indicator(record_id)
            if row is None:
                return
            dialog = IndicatorDialog(
                db=self.db,
                result_id=row.result_id,
                frame=frame,
                indicator_id=record_id,
                user_name=self.user_name,
                parent=self,
            )
        if self._open(dialog):
            self.changed.emit()
            self.reload(select=chosen)

    def open_values(self) -> None:
        frame, chosen = self.frame(), self.selected()
        if frame is None or chosen is None or chosen[0] != INDICATOR:
            return
        dialog = IndicatorValuesDialog(
            db=self.db, frame=frame, indicator_id=chosen[1], user_name=self.user_name, parent=self
        )
        if self._open(dialog) or dialog.changed:
            self.changed.emit()
        self.reload(select=chosen)

    def move_selected(self, offset: int) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        kind, record_id = chosen
        mover = projects.move_result if kind == RESULT else projects.move_indicator
        user = self.user_name
        self._run(lambda session: mover(session, record_id, offset, user_name=user), select=chosen)

    def delete_selected(self) -> None:
        frame, chosen = self.frame(), self.selected()
        if frame is None or chosen is None:
            return
        kind, record_id = chosen
        if kind == RESULT:
            node = frame.result(record_id)
            code = node.code if node else ""
        else:
            row = frame.indicator(record_id)
            code = row.code if row else ""
        if not confirm(
            self, _("Delete “{code}” from the logframe?").format(code=code), title=_("Delete")
        ):
            return
        self._delete(kind, record_id, confirmed=False)

    def _delete(self, kind: str, record_id: int, *, confirmed: bool) -> None:
        db, user = self.db, self.user_name

        def op() -> None:
            with db.transaction() as session:
                if kind == RESULT:
                    projects.delete_result(session, record_id, confirmed=confirmed, user_name=user)
                else:
                    projects.delete_indicator(
                        session, record_id, confirmed=confirmed, user_name=user
                    )

        def done(_result: None) -> None:
            self.changed.emit()
            self.reload()

        def failed(exc: Exception) -> None:
            if isinstance(exc, projects.HasDependentsError):
                if messages.ask_question(self, exc.user_message, title=_("Delete")):
                    self._delete(kind, record_id, confirmed=True)
                return
            ops.show_failure(exc, parent=self)

        ops.Op(op=op, success=done, failure=failed, parent=self).run_in_background()

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_add_impact_clicked(self) -> None:
        self.add_result(ResultLevel.IMPACT)

    @Slot()
    def _on_add_outcome_clicked(self) -> None:
        self.add_result(ResultLevel.OUTCOME)

    @Slot()
    def _on_add_output_clicked(self) -> None:
        self.add_result(ResultLevel.OUTPUT)

    @Slot()
    def _on_add_indicator_clicked(self) -> None:
        self.add_indicator()

    @Slot()
    def _on_edit_clicked(self) -> None:
        self.edit_selected()

    @Slot()
    def _on_values_clicked(self) -> None:
        self.open_values()

    @Slot()
    def _on_up_clicked(self) -> None:
        self.move_selected(-1)

    @Slot()
    def _on_down_clicked(self) -> None:
        self.move_selected(+1)

    @Slot()
    def _on_delete_clicked(self) -> None:
        self.delete_selected()

    @Slot()
    def _on_view_selection_changed(self, *_args: object) -> None:
        self._update_buttons()

    @Slot(int, int, int)
    def _on_header_section_resized(self, _section: int, _old: int, _new: int) -> None:
        # Wrapped rows get their new heights.
        self.view.doItemsLayout()

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        if self.read_only:
            return
        if index.data(KindRole) == INDICATOR and index.column() not in (
            COLUMN_CHAIN,
            COLUMN_INDICATOR,
            COLUMN_MOV,
        ):
            self.open_values()
        else:
            self.edit_selected()
