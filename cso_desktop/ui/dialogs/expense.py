"""An expense: what was paid, to whom, on which budget line, and its value in the project
currency.

As soon as the date and the currency are known, the rate to the project currency is proposed
from the month's exchange rates (the source is shown; the rate stays editable) and the
converted amount is shown live. Saving an expense that takes its line over budget asks first
and then needs a reason.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import numbers as babel_numbers

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain import validation
from cso_desktop.domain.validation import FormErrors
from cso_desktop.i18n import _
from cso_desktop.reports import budget as budget_report
from cso_desktop.reports import rates
from cso_desktop.services import budget
from cso_desktop.ui import messages
from cso_desktop.ui.dialogs.common import clean, confirm, date_check, parse_decimal, today
from cso_desktop.ui.forms.dates import DateField
from cso_desktop.ui.forms.dialog import FormDialog, hint_label
from cso_desktop.ui.forms.fields import (
    Check,
    add_row,
    chosen,
    make_form,
    optional,
    required,
    rule,
    set_combo_data,
)


def format_rate(value: Decimal | None) -> str:
    """A rate with the decimals it has (up to 8), in the UI language: ``1,9035``."""
    if value is None:
        return ""
    return babel_numbers.format_decimal(
        value.normalize() if value == value.to_integral_value() else value,
        format="0.########",
        locale=i18n.current_locale(),
    )


def currency_combo(*, parent: QWidget | None = None) -> QComboBox:
    """An editable list of currency codes (the common ones first; others can be typed)."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for code in budget.COMMON_CURRENCIES:
        combo.addItem(code, code)
    line = combo.lineEdit()
    assert line is not None
    line.setMaxLength(3)
    combo.setMinimumContentsLength(6)
    return combo


def currency_check(combo: QComboBox, key: str) -> Check:
    return lambda: rule(lambda: budget.currency_code(combo.currentText(), field=key))


def amount_check(edit: QLineEdit, key: str, *, allow_zero: bool = False) -> Check:
    def check() -> str | None:
        text = edit.text()
        if not text.strip():
            return _("Enter an amount.")
        value = parse_decimal(text)
        return rule(
            lambda: validation.money(
                value if value is not None else text, field=key, allow_zero=allow_zero
            )
        )

    return check


def describe_proposal(proposal: budget.ProposedRate | None, month: dt.date | None) -> str:
    """Where the proposed rate comes from, for the hint under the rate."""
    if proposal is None:
        if month is None:
            return _("Enter the date to get the month's rate.")
        return _(
            "No rate recorded for {month}: type the rate, or add the month's rates "
            "(Exchange rates… on the budget page)."
        ).format(month=i18n.format_date(month, fmt="LLLL y"))
    if proposal.kind is budget.RateKind.SAME:
        return _("The expense is in the project currency.")
    month_text = i18n.format_date(proposal.month, fmt="LLLL y") if proposal.month else ""
    source = proposal.source or _("no source given")
    if proposal.kind is budget.RateKind.DIRECT:
        return _("Rate of {month} ({source}).").format(month=month_text, source=source)
    if proposal.kind is budget.RateKind.INVERSE:
        return _("Inverse of the rate of {month} ({source}).").format(
            month=month_text, source=source
        )
    return _("Cross rate through {pivot} for {month} ({source}).").format(
        pivot=rates.PIVOT_CURRENCY, month=month_text, source=source
    )


class ExpenseDialog(FormDialog):
    """Add or change an expense.

    Attributes:
        expense_id: the expense, once saved.
        proposal: the rate proposed for the date and currency chosen.
        over_budget: the over-budget warning for the values typed, if any.

    Signals:
        saved(): inherited; the expense was saved.
    """

    def __init__(
        self,
        *,
        db: Database,
        expense_id: int | None = None,
        project_id: int | None = None,
        budget_line_id: int | None = None,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, user_name=user_name, parent=parent)
        self.expense_id = expense_id
        self.proposal: budget.ProposedRate | None = None
        self.over_budget: budget.OverBudget | None = None
        self._loading = True
        detail = None
        with db.reading() as session:
            self._projects = {p.id: p for p in budget.projects(session, include_archived=True)}
            if expense_id is not None:
                detail = budget.get_expense(session, expense_id)
        self.setWindowTitle((_("Expense") if expense_id else _("New expense")) + "[*]")

        form = make_form()
        self.main_layout.addLayout(form)
        self.project = QComboBox()
        for choice in self._projects.values():
            if not choice.archived or (detail and detail.draft.project_id == choice.id):
                self.project.addItem(f"{choice.code} — {choice.title}", choice.id)
        self.project.setPlaceholderText(_("Choose…"))
        self.project.setMinimumContentsLength(30)
        self.project.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        add_row(
            form,
            self.add_field(
                "project_id", self.project, text=_("&Project"), check=chosen(self.project)
            ),
        )
        self.line = QComboBox()
        self.line.setMinimumContentsLength(30)
        self.line.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        add_row(form, self.add_field("budget_line_id", self.line, text=_("Budget &line")))
        self.spent_on = DateField(past_only=True)
        add_row(
            form,
            self.add_field(
                "spent_on",
                self.spent_on,
                text=_("&Date paid"),
                check=date_check(self.spent_on, "spent_on", required=True),
            ),
        )
        self.payee = QLineEdit()
        self.payee.setMaxLength(200)
        add_row(
            form,
            self.add_field(
                "payee",
                self.payee,
                text=_("Pa&yee"),
                check=required(self.payee, "payee", max_length=200),
            ),
        )
        self.receipt_no = QLineEdit()
        self.receipt_no.setMaxLength(50)
        add_row(
            form,
            self.add_field(
                "receipt_no",
                self.receipt_no,
                text=_("&Receipt no."),
                check=optional(self.receipt_no, "receipt_no", max_length=50),
            ),
        )
        self.description = QLineEdit()
        self.description.setMaxLength(500)
        add_row(
            form,
            self.add_field(
                "description",
                self.description,
                text=_("D&escription"),
                check=required(self.description, "description", max_length=500),
            ),
        )
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(_("for example 150,50"))
        add_row(
            form,
            self.add_field(
                "amount",
                self.amount,
                text=_("&Amount paid"),
                check=amount_check(self.amount, "amount"),
            ),
        )
        self.currency = currency_combo()
        add_row(
            form,
            self.add_field(
                "currency",
                self.currency,
                text=_("&Currency paid"),
                check=currency_check(self.currency, "currency"),
            ),
        )
        self.rate = QLineEdit()
        self.rate_field = self.add_field(
            "rate_to_project", self.rate, text=_("&Rate"), check=self._check_rate
        )
        self.rate_source = hint_label(parent=self.rate_field.container)
        self.rate_field.container.layout().addWidget(  # type: ignore[union-attr]
            self.rate_source
        )
        add_row(form, self.rate_field)
        self.converted = QLabel()
        self.converted.setObjectName("derivedValue")
        self.converted_caption = QLabel()
        form.addRow(self.converted_caption, self.converted)
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason_field = self.add_field(
            "over_budget_reason",
            self.reason,
            text=_("Reason for going &over budget"),
            check=optional(self.reason, "over_budget_reason", max_length=500),
        )
        add_row(form, self.reason_field)
        self.main_layout.addStretch(1)

        self.delete_button = self.add_action_button(_("&Delete…"))
        self.delete_button.setVisible(expense_id is not None)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.finish()

        with self.loading():
            if detail is not None:
                d = detail.draft
                set_combo_data(self.project, d.project_id)
                self._fill_lines()
                set_combo_data(self.line, d.budget_line_id)
                self.spent_on.set_date(d.spent_on)
                self.payee.setText(d.payee)
                self.receipt_no.setText(d.receipt_no or "")
                self.description.setText(d.description)
                self.amount.setText(i18n.format_decimal(Decimal(d.amount)))
                self.currency.setEditText(d.currency)
                self.rate.setText(format_rate(Decimal(str(d.rate_to_project))))
                self.reason.setText(d.over_budget_reason or "")
            else:
                if project_id is not None:
                    set_combo_data(self.project, project_id)
                elif self.project.count() == 1:
                    self.project.setCurrentIndex(0)
                self._fill_lines()
                set_combo_data(self.line, budget_line_id)
                self.spent_on.set_date(today())
                project = self.current_project()
                self.currency.setEditText(project.currency if project else "AZN")
                self._propose_rate()
        self._set_reason_visible(bool(detail and detail.draft.over_budget_reason))
        self._loading = False
        self._update_rate_caption()
        if detail is not None:
            self._describe_saved_rate()
        self._update_preview()
        self.mark_clean()

        self.project.currentIndexChanged.connect(self._on_project_current_index_changed)
        self.line.currentIndexChanged.connect(self._on_inputs_changed)
        self.spent_on.changed.connect(self._on_rate_inputs_changed)
        self.currency.currentTextChanged.connect(self._on_rate_inputs_changed)
        self.amount.textChanged.connect(self._on_inputs_changed)
        self.rate.textChanged.connect(self._on_inputs_changed)
        self.resize(620, self.sizeHint().height())

    # --- values -------------------------------------------------------------------------------

    @property
    def db_(self) -> Database:
        assert self.db is not None
        return self.db

    def current_project(self) -> budget.ProjectChoice | None:
        return self._projects.get(self.project.currentData())

    def rate_value(self) -> Decimal | None:
        value = parse_decimal(self.rate.text())
        return value if value is not None and value > 0 else None

    def amount_value(self) -> Decimal | None:
        value = parse_decimal(self.amount.text())
        if value is None or value <= 0 or value != value.quantize(Decimal("0.01")):
            return None
        return value

    def converted_value(self) -> Decimal | None:
        """The amount in the project currency, as it will be counted."""
        amount, rate = self.amount_value(), self.rate_value()
        if amount is None or rate is None:
            return None
        return budget_report.convert(amount, rate.quantize(budget.RATE_QUANTUM))

    def draft(self) -> budget.ExpenseDraft:
        amount = parse_decimal(self.amount.text())
        rate = parse_decimal(self.rate.text())
        return budget.ExpenseDraft(
            project_id=self.project.currentData(),
            budget_line_id=self.line.currentData(),
            spent_on=self.spent_on.date(),
            payee=self.payee.text(),
            description=self.description.text(),
            amount=amount if amount is not None else self.amount.text(),
            currency=self.currency.currentText(),
            rate_to_project=rate if rate is not None else self.rate.text(),
            receipt_no=clean(self.receipt_no.text()),
            over_budget_reason=clean(self.reason.text()),
        )

    def _check_rate(self) -> str | None:
        text = self.rate.text()
        value = parse_decimal(text)
        return rule(
            lambda: budget.rate_value(value if value is not None else text, field="rate_to_project")
        )

    # --- proposals and previews ----------------------------------------------------------------

    def _fill_lines(self) -> None:
        self.line.clear()
        self.line.addItem(_("Not on a budget line"), None)
        project = self.current_project()
        if project is None:
            return
        with self.db_.reading() as session:
            lines = budget.lines_of(session, project.id)
        for line in lines:
            self.line.addItem(f"{line.line_code} — {line.description}", line.id)

    def _propose_rate(self) -> None:
        """Put the month's rate for the date and currency in the rate box."""
        project = self.current_project()
        day = self.spent_on.date()
        code = self.currency.currentText().strip().upper()
        self.proposal = None
        if project is not None and day is not None and len(code) == 3:
            with self.db_.reading() as session:
                self.proposal = budget.propose_rate(session, code, project.currency, day)
        field = self.rate_field
        field.loading = True  # a proposal, not the user's typing
        try:
            if self.proposal is not None:
                self.rate.setText(format_rate(self.proposal.rate))
            elif project is not None and code == project.currency:
                self.rate.setText("1")
            else:
                self.rate.clear()
        finally:
            field.loading = False
        month = day.replace(day=1) if day else None
        self.rate_source.setText(describe_proposal(self.proposal, month))

    def _describe_saved_rate(self) -> None:
        self.rate_source.setText(_("The rate saved with this expense."))

    def _update_rate_caption(self) -> None:
        project = self.current_project()
        code = self.currency.currentText().strip().upper() or "…"
        if project is None:
            text = _("&Rate")
            caption = _("In the project currency")
        else:
            text = _("&Rate: 1 {currency} in {project_currency}").format(
                currency=code, project_currency=project.currency
            )
            caption = _("In {currency}").format(currency=project.currency)
        if self.rate_field.label is not None:
            self.rate_field.label.setText(text)
        self.converted_caption.setText(caption)

    def _update_preview(self) -> None:
        """The converted amount, and a warning when the line would go over budget."""
        project = self.current_project()
        converted = self.converted_value()
        self.converted.setText(
            i18n.format_money(converted, project.currency)
            if converted is not None and project is not None
            else "–"
        )
        self.over_budget = None
        line_id = self.line.currentData()
        if converted is not None and line_id is not None:
            with self.db_.reading() as session:
                self.over_budget = budget.over_budget_for(
                    session, line_id, converted, expense_id=self.expense_id
                )
        if self.over_budget is not None:
            self.alert_label.setText(budget.over_budget_message(self.over_budget))
        self.alert_label.setVisible(self.over_budget is not None)

    def _set_reason_visible(self, visible: bool) -> None:
        self.reason_field.container.setVisible(visible)
        if self.reason_field.label is not None:
            self.reason_field.label.setVisible(visible)

    # --- saving -------------------------------------------------------------------------------

    def write(self) -> None:
        draft = self.draft()
        with self.db_.reading() as session:
            over = budget.check_expense(session, draft, expense_id=self.expense_id)
        if over is not None and not draft.over_budget_reason:
            question = (
                budget.over_budget_message(over)
                + "\n\n"
                + _("Save it over budget anyway? You will be asked for the reason.")
            )
            if messages.ask_question(self, question, title=_("Over budget")):
                self._set_reason_visible(True)
                raise FormErrors(
                    {
                        "over_budget_reason": _(
                            "Give the reason this expense may take the line over its budget."
                        )
                    }
                )
            raise FormErrors({"budget_line_id": budget.over_budget_message(over)})
        with self.db_.transaction() as session:
            if self.expense_id is None:
                self.expense_id = budget.create_expense(session, draft, user_name=self.user_name)
            else:
                budget.update_expense(session, self.expense_id, draft, user_name=self.user_name)

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_project_current_index_changed(self) -> None:
        self._fill_lines()
        self._update_rate_caption()
        self._propose_rate()
        self._update_preview()

    @Slot()
    def _on_rate_inputs_changed(self) -> None:
        if self._loading:
            return
        self._update_rate_caption()
        self._propose_rate()
        self._update_preview()

    @Slot()
    def _on_inputs_changed(self) -> None:
        if not self._loading:
            self._update_preview()

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        if self.expense_id is None:
            return
        if not confirm(
            self,
            _("Delete this expense? Its line's spending goes down by its amount."),
            title=_("Delete expense"),
        ):
            return
        expense_id = self.expense_id
        if self.run_action(
            lambda session: budget.delete_expense(session, expense_id, user_name=self.user_name)
        ):
            self.mark_clean()
            self.accept()
