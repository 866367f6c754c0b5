"""Income: membership fees, donations, grant tranches received, and the list of them."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import (
    QModelIndex,
    Slot,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import CsoError
from cso_desktop.i18n import _
from cso_desktop.services import budget, registers
from cso_desktop.ui import ops
from cso_desktop.ui.dialogs.common import (
    clean,
    confirm,
    date_check,
    notes_edit,
    parse_decimal,
    today,
)
from cso_desktop.ui.dialogs.expense import amount_check, currency_check, currency_combo
from cso_desktop.ui.forms.dates import DateField
from cso_desktop.ui.forms.dialog import FormDialog, hint_label
from cso_desktop.ui.forms.fields import (
    add_row,
    chosen,
    code_combo,
    make_form,
    optional,
    required,
    set_combo_data,
)
from cso_desktop.ui.widgets.register_table import RegisterTable


class IncomeDialog(FormDialog):
    """Add or change money received.

    Attributes:
        income_id: the income, once saved.
    """

    def __init__(
        self,
        *,
        db: Database,
        income_id: int | None = None,
        project_id: int | None = None,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, user_name=user_name, parent=parent)
        self.income_id = income_id
        detail = None
        with db.reading() as session:
            projects = budget.projects(session, include_archived=True)
            if income_id is not None:
                detail = budget.get_income(session, income_id)
        self._projects = {p.id: p for p in projects}
        self.setWindowTitle((_("Income") if income_id else _("New income")) + "[*]")
        form = make_form()
        self.main_layout.addLayout(form)
        self.kind = code_combo(vocab.choices(vocab.IncomeKind))
        add_row(form, self.add_field("kind", self.kind, text=_("&Kind"), check=chosen(self.kind)))
        self.received_on = DateField(past_only=True)
        add_row(
            form,
            self.add_field(
                "received_on",
                self.received_on,
                text=_("&Date received"),
                check=date_check(self.received_on, "received_on", required=True),
            ),
        )
        self.amount = QLineEdit()
        add_row(
            form,
            self.add_field(
                "amount", self.amount, text=_("&Amount"), check=amount_check(self.amount, "amount")
            ),
        )
        self.currency = currency_combo()
        add_row(
            form,
            self.add_field(
                "currency",
                self.currency,
                text=_("&Currency"),
                check=currency_check(self.currency, "currency"),
            ),
        )
        self.payer = QLineEdit()
        self.payer.setMaxLength(200)
        add_row(
            form,
            self.add_field(
                "payer",
                self.payer,
                text=_("&Received from"),
                check=required(self.payer, "payer", max_length=200),
            ),
        )
        self.reference = QLineEdit()
        self.reference.setMaxLength(100)
        add_row(
            form,
            self.add_field(
                "reference",
                self.reference,
                text=_("R&eference"),
                check=optional(self.reference, "reference", max_length=100),
            ),
        )
        self.project = QComboBox()
        self.project.addItem(_("No project"), None)
        for choice in projects:
            self.project.addItem(f"{choice.code} — {choice.title}", choice.id)
        self.project.setMinimumContentsLength(30)
        self.project.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        add_row(form, self.add_field("project_id", self.project, text=_("&Project")))
        self.notes = notes_edit()
        add_row(
            form,
            self.add_field(
                "notes",
                self.notes,
                text=_("&Notes"),
                check=optional(self.notes, "notes", max_length=500),
            ),
        )
        self.delete_button = self.add_action_button(_("&Delete…"))
        self.delete_button.setVisible(income_id is not None)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.finish()
        with self.loading():
            if detail is not None:
                d = detail.draft
                set_combo_data(self.kind, str(d.kind))
                self.received_on.set_date(d.received_on)
                self.amount.setText(i18n.format_decimal(Decimal(d.amount)))
                self.currency.setEditText(d.currency)
                self.payer.setText(d.payer)
                self.reference.setText(d.reference or "")
                set_combo_data(self.project, d.project_id)
                self.notes.setPlainText(d.notes or "")
            else:
                self.received_on.set_date(today())
                set_combo_data(self.project, project_id)
                project = self._projects.get(project_id) if project_id else None
                self.currency.setEditText(project.currency if project else "AZN")
        if detail is not None and detail.from_fee_payment:
            self.status_label.setText(
                _(
                    "This membership fee was recorded with the member's fee payments: change "
                    "it on the member's page."
                )
            )
            self.status_label.setVisible(True)
            self.set_read_only(True)
            self.delete_button.setVisible(False)
        self.mark_clean()
        self.resize(560, self.sizeHint().height())

    def draft(self) -> budget.IncomeDraft:
        amount = parse_decimal(self.amount.text())
        kind = self.kind.currentData()
        return budget.IncomeDraft(
            kind=vocab.IncomeKind(kind) if kind else None,
            received_on=self.received_on.date(),
            amount=amount if amount is not None else self.amount.text(),
            currency=self.currency.currentText(),
            payer=self.payer.text(),
            reference=clean(self.reference.text()),
            project_id=self.project.currentData(),
            notes=clean(self.notes.toPlainText()),
        )

    def write(self) -> None:
        assert self.db is not None
        draft = self.draft()
        with self.db.transaction() as session:
            if self.income_id is None:
                self.income_id = budget.create_income(session, draft, user_name=self.user_name)
            else:
                budget.update_income(session, self.income_id, draft, user_name=self.user_name)

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        if self.income_id is None:
            return
        if not confirm(self, _("Delete this income?"), title=_("Delete income")):
            return
        income_id = self.income_id
        if self.run_action(
            lambda session: budget.delete_income(session, income_id, user_name=self.user_name)
        ):
            self.mark_clean()
            self.accept()


class IncomeListDialog(QDialog):
    """The income register with New income… and Open.

    Attributes:
        table: the income register.
        changed: income was added, changed or deleted.
    """

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
        self.user_name = user_name
        self.project_id = project_id
        self.changed = False
        self.setWindowTitle(_("Income"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                _(
                    "Money received: grant tranches, donations, membership fees. Fees paid by "
                    "members are recorded on the member's page and appear here too."
                ),
                parent=self,
            )
        )
        self.table = RegisterTable(register=registers.INCOME, parent=self)
        self.table.user_name = user_name
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(_("&New income…"), self)
        self.open_button = QPushButton(_("&Open"), self)
        for button in (self.new_button, self.open_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        box.rejected.connect(self.reject)
        buttons.addWidget(box)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.table.view.doubleClicked.connect(self._on_view_double_clicked)
        self.table.set_database(db)
        self.resize(900, 560)

    def open_income(self, income_id: int | None) -> bool:
        try:
            dialog = IncomeDialog(
                db=self.db,
                income_id=income_id,
                project_id=self.project_id,
                user_name=self.user_name,
                parent=self,
            )
        except CsoError as exc:
            ops.show_failure(exc, parent=self)
            return False
        try:
            dialog.exec()
            saved = dialog.changed
        finally:
            dialog.deleteLater()
        if saved:
            self.changed = True
            self.table.model.refresh()
        return saved

    @Slot()
    def _on_new_button_clicked(self) -> None:
        self.open_income(None)

    @Slot()
    def _on_open_button_clicked(self) -> None:
        income_id = self.table.current_row_id()
        if income_id is not None:
            self.open_income(income_id)

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        income_id = self.table.model.row_id(index.row())
        if income_id is not None:
            self.open_income(income_id)
