"""A member of the organisation: details, membership, fee payments and arrears."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain import validation, vocab
from cso_desktop.i18n import _
from cso_desktop.services import members
from cso_desktop.ui.dialogs.common import (
    PersonFields,
    RecordDialog,
    clean,
    columns,
    confirm,
    date_check,
    group,
    notes_edit,
    parse_decimal,
    scrolling_details,
    sex_value,
    stack,
    today,
)
from cso_desktop.ui.forms.dates import DateField
from cso_desktop.ui.forms.dialog import FormDialog, hint_label
from cso_desktop.ui.forms.fields import (
    add_row,
    chosen,
    code_combo,
    make_form,
    optional,
    rule,
    set_combo_data,
    wrapped,
)
from cso_desktop.ui.forms.table import Row, RowsModel, make_table, selected_key

DEFAULT_CURRENCY = "AZN"


class MemberDialog(RecordDialog):
    """Add or edit a member; their fees by year, payments and arrears.

    Attributes:
        person: the name, contact and rayon inputs.
        detail: the member as saved, or ``None`` for a new one.
        years_model: due, paid and owed per year.
        payments_model: the payments.

    Signals:
        saved(): inherited; a save succeeded.
    """

    def __init__(
        self,
        *,
        db: Database,
        record_id: int | None,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, record_id=record_id, user_name=user_name, parent=parent)
        self.detail: members.MemberDetail | None = None
        with db.reading() as session:
            self._categories = members.categories(session)
        self._build_details()
        self._build_fees()
        self.finish()
        self.reload()

    # --- building -----------------------------------------------------------------------------

    def _build_details(self) -> None:
        self.person = PersonFields(self)
        person_box, person_form = group(_("Person"))
        self.person.add_names(person_form)
        contact_box, contact_form = group(_("Contact"))
        self.person.add_contact(contact_form)
        self.address = QLineEdit()
        self.address.setMaxLength(500)
        add_row(
            contact_form,
            self.add_field(
                "address",
                self.address,
                text=_("A&ddress"),
                check=optional(self.address, "address", max_length=500),
            ),
        )
        self.person.add_rayon(contact_form)

        membership_box, form = group(_("Membership"))
        self.membership_no = QLineEdit()
        self.membership_no.setMaxLength(30)
        self.membership_no.setPlaceholderText(_("Given automatically if left empty"))
        add_row(
            form,
            self.add_field(
                "membership_no",
                self.membership_no,
                text=_("&Membership no."),
                check=optional(self.membership_no, "membership_no", max_length=30),
            ),
        )
        self.category = QComboBox()
        self.category.addItem(_("No category (no fee)"), None)
        for category in self._categories:
            self.category.addItem(
                _("{name} — {fee} a year").format(
                    name=category.name,
                    fee=i18n.format_money(category.annual_fee, category.currency),
                ),
                category.id,
            )
        if self._categories:
            self.category.setPlaceholderText(_("Choose…"))
        add_row(
            form,
            self.add_field(
                "category_id", self.category, text=_("&Category"), check=chosen(self.category)
            ),
        )
        self.status = code_combo(vocab.choices(vocab.MemberStatus))
        add_row(
            form,
            self.add_field("status", self.status, text=_("&Status"), check=chosen(self.status)),
        )
        self.joined_on = DateField(past_only=True)
        add_row(
            form,
            self.add_field(
                "joined_on",
                self.joined_on,
                text=_("&Joined on"),
                check=date_check(self.joined_on, "joined_on", required=True),
            ),
        )
        self.left_on = DateField(past_only=True)
        add_row(
            form,
            self.add_field("left_on", self.left_on, text=_("Left o&n"), check=self._check_left_on),
        )
        self.board = QCheckBox()
        board = wrapped(self.board, _("Member of the &governing board"))
        self.add_field("is_board_member", self.board, container=board)
        form.addRow(board)
        notes_box, notes_form = group(_("Notes"))
        self.notes = notes_edit()
        add_row(
            notes_form,
            self.add_field(
                "notes", self.notes, check=optional(self.notes, "notes", max_length=2000)
            ),
        )
        details = columns(stack(person_box, contact_box), stack(membership_box, notes_box))
        self.tabs.addTab(scrolling_details(details), _("&Details"))
        self.status.currentIndexChanged.connect(self._on_status_current_index_changed)
        self.joined_on.changed.connect(self._on_status_current_index_changed)

    def _build_fees(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.fees_hint = self.until_saved_hint(
            _("Save the member first; then their fee payments can be recorded here.")
        )
        column.addWidget(self.fees_hint)
        self.arrears_label = QLabel()
        self.arrears_label.setObjectName("derivedValue")
        self.arrears_label.setWordWrap(True)
        column.addWidget(self.arrears_label)
        column.addWidget(QLabel(_("Fees by year")))
        self.years_model = RowsModel(
            headers=[_("Year"), _("Due"), _("Paid"), _("Owed")], numeric=(1, 2, 3), parent=self
        )
        self.years_view = make_table(self.years_model, stretch=None, parent=page)
        column.addWidget(self.years_view, 1)
        column.addWidget(QLabel(_("Payments")))
        self.payments_model = RowsModel(
            headers=[_("For year"), _("Amount"), _("Paid on"), _("Receipt no.")],
            numeric=(1,),
            parent=self,
        )
        self.payments_view = make_table(self.payments_model, parent=page)
        self.payments_view.horizontalHeader().setStretchLastSection(True)
        column.addWidget(self.payments_view, 1)
        buttons = QHBoxLayout()
        self.add_payment_button = QPushButton(_("Add a &payment…"), page)
        self.add_payment_button.setAutoDefault(False)
        self.delete_payment_button = QPushButton(_("Delete the payment…"), page)
        self.delete_payment_button.setAutoDefault(False)
        buttons.addWidget(self.add_payment_button)
        buttons.addWidget(self.delete_payment_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.fees_tab = page
        self.tabs.addTab(page, _("&Fees"))
        self.add_payment_button.clicked.connect(self._on_add_payment_button_clicked)
        self.delete_payment_button.clicked.connect(self._on_delete_payment_button_clicked)
        self.payments_view.selectionModel().selectionChanged.connect(
            self._on_payments_selection_changed
        )

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        detail = None
        if self.record_id is not None:
            with self.db_.reading() as session:
                detail = members.get(session, self.record_id)
        self.detail = detail
        self.archived = bool(detail and detail.archived)
        with self.loading():
            self._fill(detail.draft if detail else None)
        self._show_fees()
        self._update_status()
        self.mark_clean()

    def _fill(self, draft: members.MemberDraft | None) -> None:
        p = self.person
        if draft is None:
            set_combo_data(self.status, vocab.MemberStatus.ACTIVE.value)
            self.joined_on.set_date(today())
            # One category: it is the one. Several: the user chooses (the fee depends on it).
            self.category.setCurrentIndex({0: 0, 1: 1}.get(len(self._categories), -1))
            return
        p.last_name.setText(draft.last_name)
        p.first_name.setText(draft.first_name)
        p.patronymic.setText(draft.patronymic or "")
        set_combo_data(p.sex, draft.sex.value)
        p.date_of_birth.set_date(draft.date_of_birth)
        p.phone.setText(draft.phone or "")
        p.email.setText(draft.email or "")
        self.address.setText(draft.address or "")
        p.rayon.set_code(draft.rayon_code)
        self.membership_no.setText(draft.membership_no or "")
        set_combo_data(self.category, draft.category_id)
        set_combo_data(self.status, draft.status.value)
        self.joined_on.set_date(draft.joined_on)
        self.left_on.set_date(draft.left_on)
        self.board.setChecked(draft.is_board_member)
        self.notes.setPlainText(draft.notes or "")

    def _show_fees(self) -> None:
        detail = self.detail
        exists = detail is not None
        self.fees_hint.setVisible(not exists)
        for widget in (self.arrears_label, self.years_view, self.payments_view):
            widget.setEnabled(exists)
        self.add_payment_button.setEnabled(exists)
        self.delete_payment_button.setEnabled(False)
        if detail is None:
            self.arrears_label.setText("")
            self.years_model.set_rows([])
            self.payments_model.set_rows([])
            return
        currency = detail.category.currency if detail.category else DEFAULT_CURRENCY
        if detail.category is None:
            text = _("No membership category is set, so no fees are due.")
        elif detail.arrears > 0:
            text = _("Fees owed: {amount}").format(
                amount=i18n.format_money(detail.arrears, currency)
            )
        else:
            text = _("No fees owed.")
        self.arrears_label.setText(text)
        self.years_model.set_rows(
            [
                Row(
                    (
                        str(y.year),
                        i18n.format_money(y.due, currency),
                        i18n.format_money(y.paid, currency),
                        i18n.format_money(y.owed, currency),
                    ),
                    key=y.year,
                    strong=y.owed > 0,
                )
                for y in reversed(detail.years)
            ]
        )
        self.payments_model.set_rows(
            [
                Row(
                    (
                        str(p.period_year),
                        i18n.format_money(p.amount, p.currency),
                        i18n.format_date(p.paid_on),
                        p.receipt_no or "",
                    ),
                    key=p.id,
                )
                for p in reversed(detail.payments)
            ]
        )

    def _update_status(self) -> None:
        detail = self.detail
        self.update_archive_button()
        if detail is None:
            self.setWindowTitle(_("New member") + "[*]")
            self.status_label.setVisible(False)
            return
        name = f"{detail.draft.last_name} {detail.draft.first_name}"
        self.setWindowTitle(
            _("Member {number}: {name}").format(number=detail.membership_no, name=name) + "[*]"
        )
        text = _("Membership no. {number}").format(number=detail.membership_no)
        if self.archived:
            text = _("Membership no. {number}. This member is archived.").format(
                number=detail.membership_no
            )
        self.status_label.setText(text)
        self.status_label.setVisible(True)

    # --- checking and saving ------------------------------------------------------------------

    def _check_left_on(self) -> str | None:
        problem = date_check(self.left_on, "left_on")()
        if problem:
            return problem
        left = self.left_on.date()
        status = self.status.currentData()
        if left is None and status in (vocab.MemberStatus.LEFT, vocab.MemberStatus.DECEASED):
            return _("Enter the date the membership ended.")
        return rule(lambda: validation.date_order(self.joined_on.date(), left, field="left_on"))

    def draft(self) -> members.MemberDraft:
        p = self.person
        joined = self.joined_on.date()
        assert joined is not None  # checked by the field
        return members.MemberDraft(
            first_name=p.first_name.text(),
            last_name=p.last_name.text(),
            sex=sex_value(p.sex),
            joined_on=joined,
            status=vocab.MemberStatus(self.status.currentData()),
            membership_no=clean(self.membership_no.text()),
            patronymic=clean(p.patronymic.text()),
            date_of_birth=p.date_of_birth.date(),
            phone=clean(p.phone.text()),
            email=clean(p.email.text()),
            address=clean(self.address.text()),
            rayon_code=p.rayon.code(),
            category_id=self.category.currentData(),
            left_on=self.left_on.date(),
            is_board_member=self.board.isChecked(),
            notes=clean(self.notes.toPlainText()),
        )

    def write(self) -> None:
        draft = self.draft()
        with self.db_.transaction() as session:
            if self.record_id is None:
                new_id = members.create(session, draft, user_name=self.user_name)
            else:
                members.update(session, self.record_id, draft, user_name=self.user_name)
                new_id = self.record_id
        self.record_id = new_id

    def archive_record(self, session: Session, *, archived: bool) -> None:
        assert self.record_id is not None
        members.archive(session, self.record_id, archived=archived, user_name=self.user_name)

    def after_archive(self) -> None:
        self._update_status()

    def _refresh_fees(self) -> None:
        assert self.record_id is not None
        with self.db_.reading() as session:
            self.detail = members.get(session, self.record_id)
        self._show_fees()

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_status_current_index_changed(self, *_args: object) -> None:
        field = self.fields["left_on"]
        if field.error or field.touched:
            field.validate()

    @Slot()
    def _on_add_payment_button_clicked(self) -> None:
        if self.detail is None:
            return
        dialog = FeePaymentDialog(
            db=self.db_, detail=self.detail, user_name=self.user_name, parent=self
        )
        if dialog.exec() and dialog.changed:
            self.changed = True
            self._refresh_fees()
        dialog.deleteLater()

    @Slot()
    def _on_delete_payment_button_clicked(self) -> None:
        payment_id = selected_key(self.payments_view)
        if payment_id is None:
            return
        if not confirm(
            self,
            _("Delete this payment? The income booked with it is deleted too."),
            title=_("Delete the payment"),
        ):
            return
        if self.run_action(
            lambda session: members.delete_payment(session, payment_id, user_name=self.user_name)
        ):
            self._refresh_fees()

    @Slot()
    def _on_payments_selection_changed(self, *_args: object) -> None:
        self.delete_payment_button.setEnabled(selected_key(self.payments_view) is not None)


class FeePaymentDialog(FormDialog):
    """One membership fee payment: the year it is for, the amount, the day and the receipt.

    Attributes:
        payment_id: the payment once saved.

    Signals:
        saved(): inherited; the payment was recorded.
    """

    def __init__(
        self,
        *,
        db: Database,
        detail: members.MemberDetail,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, user_name=user_name, parent=parent)
        self.setWindowTitle(_("Fee payment") + "[*]")
        self._detail = detail
        self.payment_id: int | None = None
        self._currency = detail.category.currency if detail.category else DEFAULT_CURRENCY
        form = make_form()
        self.main_layout.addWidget(
            hint_label(
                _("Payment by {name}, membership no. {number}").format(
                    name=f"{detail.draft.last_name} {detail.draft.first_name}",
                    number=detail.membership_no,
                ),
                parent=self,
            )
        )
        self.main_layout.addLayout(form)

        current = today().year
        self.year = QSpinBox()
        self.year.setRange(detail.draft.joined_on.year, current + 1)
        self.year.setGroupSeparatorShown(False)
        add_row(form, self.add_field("period_year", self.year, text=_("For &year")))
        self.amount = QLineEdit()
        add_row(
            form,
            self.add_field(
                "amount",
                self.amount,
                text=_("&Amount ({currency})").format(currency=self._currency),
                check=self._check_amount,
            ),
        )
        self.paid_on = DateField(past_only=True)
        add_row(
            form,
            self.add_field(
                "paid_on",
                self.paid_on,
                text=_("&Paid on"),
                check=date_check(self.paid_on, "paid_on", required=True),
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
        self.main_layout.addStretch(1)
        self.finish()
        with self.loading():
            owed = [y for y in detail.years if y.owed > 0]
            year = owed[0].year if owed else min(current, self.year.maximum())
            self.year.setValue(year)
            self._suggest_amount(year)
            self.paid_on.set_date(today())
        self.mark_clean()
        self.year.valueChanged.connect(self._on_year_value_changed)
        self.resize(520, self.sizeHint().height())

    def _suggest_amount(self, year: int) -> None:
        balance = next((y for y in self._detail.years if y.year == year), None)
        fee = self._detail.category.annual_fee if self._detail.category else None
        amount = balance.owed if balance and balance.owed > 0 else fee
        field = self.fields["amount"]
        field.loading = True  # a suggestion, not the user's typing
        try:
            self.amount.setText(i18n.format_decimal(amount) if amount else "")
        finally:
            field.loading = False

    def _check_amount(self) -> str | None:
        text = self.amount.text()
        value = parse_decimal(text)
        return rule(
            lambda: validation.money(
                value if value is not None else text, field="amount", allow_zero=False
            )
        )

    def write(self) -> None:
        paid_on = self.paid_on.date()
        amount = parse_decimal(self.amount.text())
        assert paid_on is not None and amount is not None
        with self.db_.transaction() as session:
            payment_id = members.add_payment(
                session,
                self._detail.id,
                period_year=self.year.value(),
                amount=Decimal(amount),
                paid_on=paid_on,
                receipt_no=clean(self.receipt_no.text()),
                user_name=self.user_name,
            )
        self.payment_id = payment_id

    @property
    def db_(self) -> Database:
        assert self.db is not None
        return self.db

    @Slot(int)
    def _on_year_value_changed(self, year: int) -> None:
        if not self.fields["amount"].touched:
            self._suggest_amount(year)
