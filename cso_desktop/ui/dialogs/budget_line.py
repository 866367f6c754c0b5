"""A line of a project's budget: heading, code, description, unit × quantity × unit cost.

EU grants use the Annex III headings 1-6 (chosen from a list); other donors' headings are typed
(the ones the budget already uses are offered). The line's total is shown as it is typed.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.i18n import _
from cso_desktop.reports import budget as budget_report
from cso_desktop.services import budget
from cso_desktop.ui.dialogs.common import confirm, parse_decimal
from cso_desktop.ui.dialogs.expense import amount_check
from cso_desktop.ui.forms.dialog import FormDialog, hint_label
from cso_desktop.ui.forms.fields import (
    add_row,
    make_form,
    optional,
    required,
    rule,
    set_combo_data,
)


class BudgetLineDialog(FormDialog):
    """Add or change a budget line of one project.

    Attributes:
        line_id: the line, once saved.
        project: the project the line belongs to.

    Signals:
        saved(): inherited; the line was saved.
    """

    def __init__(
        self,
        *,
        db: Database,
        project_id: int,
        line_id: int | None = None,
        heading: str | None = None,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, user_name=user_name, parent=parent)
        self.line_id = line_id
        detail = None
        with db.reading() as session:
            self.project = budget.project(session, project_id)
            headings = budget.headings(session, project_id)
            if line_id is not None:
                detail = budget.get_line(session, line_id)
        self.setWindowTitle((_("Budget line") if line_id else _("New budget line")) + "[*]")
        self.main_layout.addWidget(
            hint_label(
                _("Project {code}: amounts in {currency}.").format(
                    code=self.project.code, currency=self.project.currency
                ),
                parent=self,
            )
        )
        form = make_form()
        self.main_layout.addLayout(form)

        self.heading = QComboBox()
        self.heading.setEditable(not self.project.is_eu)
        for choice in headings:
            if self.project.is_eu:
                self.heading.addItem(f"{choice.code}. {_(choice.title or '')}", choice.code)
            else:
                self.heading.addItem(choice.code, choice.code)
        self.heading.setMinimumContentsLength(24)
        self.heading.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self._titles = {c.code: c.title for c in headings}
        add_row(
            form,
            self.add_field("heading", self.heading, text=_("&Heading"), check=self._check_heading),
        )
        self.heading_title = QLineEdit()
        self.heading_title.setMaxLength(200)
        title_field = self.add_field(
            "heading_title",
            self.heading_title,
            text=_("Heading &title"),
            check=optional(self.heading_title, "heading_title", max_length=200),
        )
        add_row(form, title_field)
        if self.project.is_eu:
            title_field.container.setVisible(False)
            if title_field.label is not None:
                title_field.label.setVisible(False)
        self.line_code = QLineEdit()
        self.line_code.setMaxLength(20)
        self.line_code.setPlaceholderText(_("for example 1.1.2"))
        add_row(
            form,
            self.add_field(
                "line_code",
                self.line_code,
                text=_("Line &code"),
                check=required(self.line_code, "line_code", max_length=20),
            ),
        )
        self.description = QLineEdit()
        self.description.setMaxLength(300)
        add_row(
            form,
            self.add_field(
                "description",
                self.description,
                text=_("&Description"),
                check=required(self.description, "description", max_length=300),
            ),
        )
        self.unit = QLineEdit()
        self.unit.setMaxLength(50)
        self.unit.setPlaceholderText(_("for example month, day, piece"))
        add_row(
            form,
            self.add_field(
                "unit", self.unit, text=_("&Unit"), check=required(self.unit, "unit", max_length=50)
            ),
        )
        self.quantity = QLineEdit()
        add_row(
            form,
            self.add_field(
                "quantity", self.quantity, text=_("&Number of units"), check=self._check_quantity
            ),
        )
        self.unit_cost = QLineEdit()
        add_row(
            form,
            self.add_field(
                "unit_cost",
                self.unit_cost,
                text=_("Unit &cost ({currency})").format(currency=self.project.currency),
                check=amount_check(self.unit_cost, "unit_cost", allow_zero=True),
            ),
        )
        self.total = QLabel("–")
        self.total.setObjectName("derivedValue")
        form.addRow(QLabel(_("Total")), self.total)
        self.base_total = QLineEdit()
        base_field = self.add_field(
            "base_total",
            self.base_total,
            text=_("Amount in the signed &budget ({currency})").format(
                currency=self.project.currency
            ),
            check=self._check_base,
        )
        base_field.container.layout().addWidget(  # type: ignore[union-attr]
            hint_label(
                _(
                    "Leave empty while the line is as signed; it is kept automatically at the "
                    "first change. Enter 0 for a line added after signature."
                ),
                parent=base_field.container,
            )
        )
        add_row(form, base_field)
        self.main_layout.addStretch(1)

        self.delete_button = self.add_action_button(_("&Delete…"))
        self.delete_button.setVisible(line_id is not None)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.finish()

        with self.loading():
            if detail is not None:
                d = detail.draft
                self._set_heading(d.heading)
                self.heading_title.setText(d.heading_title or "")
                self.line_code.setText(d.line_code)
                self.description.setText(d.description)
                self.unit.setText(d.unit)
                self.quantity.setText(_decimal_text(Decimal(d.quantity), 3))
                self.unit_cost.setText(i18n.format_decimal(Decimal(d.unit_cost)))
                if d.base_total is not None:
                    self.base_total.setText(i18n.format_decimal(Decimal(d.base_total)))
            else:
                if heading is not None:
                    self._set_heading(heading)
                else:
                    self.heading.setCurrentIndex(-1)
        self._update_total()
        self.mark_clean()
        self.quantity.textChanged.connect(self._on_amount_text_changed)
        self.unit_cost.textChanged.connect(self._on_amount_text_changed)
        self.heading.currentIndexChanged.connect(self._on_heading_changed)
        self.resize(600, self.sizeHint().height())

    @property
    def db_(self) -> Database:
        assert self.db is not None
        return self.db

    def _set_heading(self, code: str) -> None:
        if self.project.is_eu:
            set_combo_data(self.heading, code)
        else:
            self.heading.setEditText(code)

    def heading_code(self) -> str:
        if self.project.is_eu:
            return str(self.heading.currentData() or "")
        return self.heading.currentText()

    def _check_heading(self) -> str | None:
        if not self.heading_code().strip():
            return (
                _("Choose or type the heading.")
                if not self.project.is_eu
                else _("Choose one of the options.")
            )
        return None

    def _check_quantity(self) -> str | None:
        text = self.quantity.text()
        value = parse_decimal(text)
        return rule(
            lambda: budget.quantity_value(value if value is not None else text, field="quantity")
        )

    def _check_base(self) -> str | None:
        if not self.base_total.text().strip():
            return None
        return amount_check(self.base_total, "base_total", allow_zero=True)()

    def draft(self) -> budget.BudgetLineDraft:
        quantity = parse_decimal(self.quantity.text())
        unit_cost = parse_decimal(self.unit_cost.text())
        base = parse_decimal(self.base_total.text())
        return budget.BudgetLineDraft(
            project_id=self.project.id,
            heading=self.heading_code(),
            line_code=self.line_code.text(),
            description=self.description.text(),
            unit=self.unit.text(),
            quantity=quantity if quantity is not None else self.quantity.text(),
            unit_cost=unit_cost if unit_cost is not None else self.unit_cost.text(),
            heading_title=self.heading_title.text() or None,
            base_total=base if base is not None else (self.base_total.text() or None),
        )

    def write(self) -> None:
        draft = self.draft()
        with self.db_.transaction() as session:
            if self.line_id is None:
                self.line_id = budget.create_line(session, draft, user_name=self.user_name)
            else:
                budget.update_line(session, self.line_id, draft, user_name=self.user_name)

    def _update_total(self) -> None:
        quantity = parse_decimal(self.quantity.text())
        unit_cost = parse_decimal(self.unit_cost.text())
        if quantity is None or unit_cost is None or quantity < 0 or unit_cost < 0:
            self.total.setText("–")
            return
        self.total.setText(
            i18n.format_money(budget_report.line_total(quantity, unit_cost), self.project.currency)
        )

    @Slot()
    def _on_amount_text_changed(self) -> None:
        self._update_total()

    @Slot()
    def _on_heading_changed(self) -> None:
        if self.project.is_eu or self.fields["heading_title"].touched:
            return
        title = self._titles.get(self.heading_code())
        if title:
            self.heading_title.setText(title)

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        if self.line_id is None:
            return
        if not confirm(self, _("Delete this budget line?"), title=_("Delete budget line")):
            return
        line_id = self.line_id
        if self.run_action(
            lambda session: budget.delete_line(session, line_id, user_name=self.user_name)
        ):
            self.mark_clean()
            self.accept()


def _decimal_text(value: Decimal, places: int) -> str:
    whole = value == value.to_integral_value()
    return i18n.format_decimal(value, places=0 if whole else places)
