"""Monthly exchange rates: entered once a month (InforEuro for EUR grants, the Central Bank
(CBAR) for the manat) and proposed for every expense of that month."""

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
from cso_desktop.domain.errors import CsoError
from cso_desktop.i18n import _
from cso_desktop.services import budget
from cso_desktop.ui import messages
from cso_desktop.ui.dialogs.common import confirm, date_check, parse_decimal, today
from cso_desktop.ui.dialogs.expense import currency_check, currency_combo, format_rate
from cso_desktop.ui.forms.dates import DateField
from cso_desktop.ui.forms.dialog import FormDialog, hint_label
from cso_desktop.ui.forms.fields import (
    add_row,
    make_form,
    optional,
    rule,
)
from cso_desktop.ui.forms.table import Row, RowsModel, make_table, selected_key

#: Sources offered in the rate editor (others can be typed).
SOURCES = ("InforEuro", "CBAR")


class RateDialog(FormDialog):
    """Add or correct one monthly rate: 1 unit of one currency = rate units of another.

    Attributes:
        rate_id: the rate, once saved.
    """

    def __init__(
        self,
        *,
        db: Database,
        rate_id: int | None = None,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, user_name=user_name, parent=parent)
        self.rate_id = rate_id
        row = None
        if rate_id is not None:
            with db.reading() as session:
                row = next((r for r in budget.list_rates(session) if r.id == rate_id), None)
        self.setWindowTitle((_("Exchange rate") if rate_id else _("New exchange rate")) + "[*]")
        form = make_form()
        self.main_layout.addLayout(form)
        self.month = DateField()
        month_field = self.add_field(
            "month",
            self.month,
            text=_("&Month"),
            check=date_check(self.month, "month", required=True, past=False),
        )
        month_field.container.layout().addWidget(  # type: ignore[union-attr]
            hint_label(_("Any day of the month; the rate counts for the whole month."))
        )
        add_row(form, month_field)
        self.from_currency = currency_combo()
        add_row(
            form,
            self.add_field(
                "from_currency",
                self.from_currency,
                text=_("&From currency"),
                check=currency_check(self.from_currency, "from_currency"),
            ),
        )
        self.to_currency = currency_combo()
        add_row(
            form,
            self.add_field(
                "to_currency",
                self.to_currency,
                text=_("&To currency"),
                check=currency_check(self.to_currency, "to_currency"),
            ),
        )
        self.rate = QLineEdit()
        self.rate.setPlaceholderText(_("for example 1,9035"))
        rate_field = self.add_field("rate", self.rate, text=_("&Rate"), check=self._check_rate)
        self.rate_hint = hint_label()
        rate_field.container.layout().addWidget(  # type: ignore[union-attr]
            self.rate_hint
        )
        add_row(form, rate_field)
        self.source = QComboBox()
        self.source.setEditable(True)
        self.source.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for name in SOURCES:
            self.source.addItem(name, name)
        add_row(
            form,
            self.add_field(
                "source",
                self.source,
                text=_("&Source"),
                check=optional(self.source, "source", max_length=100),
            ),
        )
        self.main_layout.addStretch(1)
        self.finish()
        with self.loading():
            if row is not None:
                self.month.set_date(row.month)
                self.from_currency.setEditText(row.from_currency)
                self.to_currency.setEditText(row.to_currency)
                self.rate.setText(format_rate(row.rate))
                self.source.setEditText(row.source or "")
            else:
                self.month.set_date(today().replace(day=1))
                self.from_currency.setEditText("EUR")
                self.to_currency.setEditText("AZN")
                self.source.setEditText(SOURCES[0])
        self._update_hint()
        self.mark_clean()
        for signal in (
            self.rate.textChanged,
            self.from_currency.currentTextChanged,
            self.to_currency.currentTextChanged,
        ):
            signal.connect(self._on_values_changed)
        self.resize(480, self.sizeHint().height())

    def _check_rate(self) -> str | None:
        text = self.rate.text()
        value = parse_decimal(text)
        return rule(lambda: budget.rate_value(value if value is not None else text, field="rate"))

    def draft(self) -> budget.RateDraft:
        value = parse_decimal(self.rate.text())
        return budget.RateDraft(
            month=self.month.date(),
            from_currency=self.from_currency.currentText(),
            to_currency=self.to_currency.currentText(),
            rate=value if value is not None else self.rate.text(),
            source=self.source.currentText() or None,
        )

    def write(self) -> None:
        assert self.db is not None
        draft = self.draft()
        with self.db.transaction() as session:
            if self.rate_id is None:
                self.rate_id = budget.create_rate(session, draft, user_name=self.user_name)
            else:
                budget.update_rate(session, self.rate_id, draft, user_name=self.user_name)

    def _update_hint(self) -> None:
        value = parse_decimal(self.rate.text())
        source = self.from_currency.currentText().strip().upper()
        target = self.to_currency.currentText().strip().upper()
        if value is None or value <= 0 or not source or not target:
            self.rate_hint.setText(_("Units of the second currency for one unit of the first."))
            return
        self.rate_hint.setText(
            _("1 {source} = {rate} {target}; 1 {target} = {inverse} {source}").format(
                source=source,
                target=target,
                rate=format_rate(value),
                inverse=format_rate((Decimal(1) / value).quantize(budget.RATE_QUANTUM)),
            )
        )

    @Slot()
    def _on_values_changed(self) -> None:
        self._update_hint()


class RatesDialog(QDialog):
    """The monthly rates, newest first, with New…, Change… and Delete.

    Attributes:
        changed: a rate was added, changed or deleted.
    """

    def __init__(
        self, *, db: Database, user_name: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.user_name = user_name
        self.changed = False
        self.setWindowTitle(_("Exchange rates"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                _(
                    "Enter each month's rates once: they are proposed for every expense of that "
                    "month. Expenses keep the rate they were saved with."
                ),
                parent=self,
            )
        )
        self.model = RowsModel(
            headers=[_("Month"), _("From"), _("To"), _("Rate"), _("Source")],
            numeric=[3],
            parent=self,
        )
        self.view = make_table(self.model, parent=self)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(_("&New rate…"), self)
        self.edit_button = QPushButton(_("&Change…"), self)
        self.delete_button = QPushButton(_("&Delete"), self)
        for button in (self.new_button, self.edit_button, self.delete_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        box.rejected.connect(self.reject)
        buttons.addWidget(box)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.reload()
        self.resize(640, 480)

    def reload(self) -> None:
        with self.db.reading() as session:
            rates = budget.list_rates(session)
        self.model.set_rows(
            [
                Row(
                    (
                        i18n.format_date(r.month, fmt="LLLL y"),
                        r.from_currency,
                        r.to_currency,
                        format_rate(r.rate),
                        r.source or "",
                    ),
                    key=r.id,
                )
                for r in rates
            ]
        )

    def open_rate(self, rate_id: int | None) -> bool:
        dialog = RateDialog(db=self.db, rate_id=rate_id, user_name=self.user_name, parent=self)
        try:
            dialog.exec()
            saved = dialog.changed
        finally:
            dialog.deleteLater()
        if saved:
            self.changed = True
            self.reload()
        return saved

    @Slot()
    def _on_new_button_clicked(self) -> None:
        self.open_rate(None)

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        key = selected_key(self.view)
        if key is not None:
            self.open_rate(key)

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, _index: QModelIndex) -> None:
        self._on_edit_button_clicked()

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        key = selected_key(self.view)
        if key is None or not confirm(
            self,
            _("Delete this rate? Expenses already saved keep their rate."),
            title=_("Delete rate"),
        ):
            return
        try:
            with self.db.transaction() as session:
                budget.delete_rate(session, key, user_name=self.user_name)
        except CsoError as exc:
            messages.show_warning(self, exc.user_message)
            return
        self.changed = True
        self.reload()
