"""What the member, volunteer and beneficiary editors share: tabs, archiving, person fields."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from PySide6.QtCore import (
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cso_desktop.db.engine import Database
from cso_desktop.domain import normalise, validation, vocab
from cso_desktop.domain.errors import ValidationError
from cso_desktop.i18n import _
from cso_desktop.ui import messages
from cso_desktop.ui.forms.dates import DateField
from cso_desktop.ui.forms.dialog import FormDialog, hint_label, scrolling
from cso_desktop.ui.forms.fields import (
    Check,
    add_row,
    chosen,
    code_combo,
    make_form,
    rule,
    text_of,
)
from cso_desktop.ui.forms.places import RayonCombo

#: Width of a record editor when it opens; it fits a 1280×800 laptop screen.
DEFAULT_SIZE = (1040, 720)
NOTES_MAX = 2000


def phone_check(widget: QWidget) -> Check:
    return lambda: rule(lambda: validation.phone(text_of(widget)))


def email_check(widget: QWidget) -> Check:
    return lambda: rule(lambda: validation.email(text_of(widget)))


def fin_check(widget: QWidget) -> Check:
    return lambda: rule(lambda: validation.fin(text_of(widget)))


def date_check(field: DateField, key: str, *, required: bool = False, past: bool = True) -> Check:
    return lambda: field.check(key=key, required=required, past=past)


def rayon_check(combo: RayonCombo) -> Check:
    return combo.check


def parse_decimal(text: str) -> Decimal | None:
    """A number typed the Azerbaijani, Russian or English way; ``None`` if it is not one.

    ``150,50``, ``150.50``, ``1 234,50``, ``1.234,50`` and ``1,234.50`` are all understood, as
    the importer reads them (:func:`cso_desktop.domain.normalise.parse_decimal`).
    """
    try:
        return normalise.parse_decimal(text)
    except ValueError:
        return None


def day_hours_problem(text: str) -> str | None:
    """What is wrong with the hours typed for one day, ``None`` when they are right."""
    try:
        validation.day_hours(parse_decimal(text))
    except ValidationError as exc:
        return exc.user_message
    return None


def clean(text: str) -> str | None:
    return validation.clean(text)


def group(title: str, *, parent: QWidget | None = None) -> tuple[QGroupBox, QFormLayout]:
    """A titled group with a form inside."""
    box = QGroupBox(title, parent)
    form = make_form()
    box.setLayout(form)
    return box, form


def notes_edit(*, parent: QWidget | None = None) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(_("Ctrl+Enter saves the form"))
    edit.setMinimumHeight(70)
    return edit


def columns(*widgets: QWidget) -> QWidget:
    """Widgets side by side, each column at the top, sharing the width."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(16)
    for widget in widgets:
        row.addWidget(widget, 1, Qt.AlignmentFlag.AlignTop)
    return holder


def stack(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(12)
    for widget in widgets:
        column.addWidget(widget)
    column.addStretch(1)
    return holder


def scrolling_details(content: QWidget) -> QWidget:
    """A Details tab: its columns in a scroll area, for small screens and long translations."""
    content.setContentsMargins(4, 4, 4, 4)
    return scrolling(content)


class PersonFields:
    """Names, sex, date of birth, phone, e-mail and rayon of a member or volunteer.

    Attributes:
        last_name, first_name, patronymic, phone, email: line edits.
        sex: the sex combo box.
        date_of_birth: the date field.
        rayon: the rayon picker.
    """

    def __init__(self, dialog: FormDialog) -> None:
        self.last_name = QLineEdit()
        self.first_name = QLineEdit()
        self.patronymic = QLineEdit()
        self.sex = code_combo(vocab.choices(vocab.Sex))
        self.date_of_birth = DateField(past_only=True)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("for example 050 123 45 67"))
        self.email = QLineEdit()
        self.rayon = RayonCombo()
        self._dialog = dialog

    def add_names(self, form: QFormLayout) -> None:
        d = self._dialog
        for key, widget, text in (
            ("last_name", self.last_name, _("&Last name")),
            ("first_name", self.first_name, _("&First name")),
        ):
            widget.setMaxLength(validation.MAX_NAME)
            add_row(form, d.add_field(key, widget, text=text, check=_required(widget, key)))
        self.patronymic.setMaxLength(validation.MAX_NAME)
        add_row(form, d.add_field("patronymic", self.patronymic, text=_("Pa&tronymic")))
        add_row(form, d.add_field("sex", self.sex, text=_("Se&x"), check=chosen(self.sex)))
        add_row(
            form,
            d.add_field(
                "date_of_birth",
                self.date_of_birth,
                text=_("Date of &birth"),
                check=date_check(self.date_of_birth, "date_of_birth"),
            ),
        )

    def add_contact(self, form: QFormLayout) -> None:
        d = self._dialog
        add_row(
            form, d.add_field("phone", self.phone, text=_("&Phone"), check=phone_check(self.phone))
        )
        add_row(
            form, d.add_field("email", self.email, text=_("&E-mail"), check=email_check(self.email))
        )

    def add_rayon(self, form: QFormLayout) -> None:
        add_row(
            form,
            self._dialog.add_field(
                "rayon_code", self.rayon, text=_("&Rayon or city"), check=rayon_check(self.rayon)
            ),
        )


def _required(widget: QLineEdit, key: str) -> Check:
    return lambda: rule(lambda: validation.required_text(widget.text(), field=key))


def sex_value(combo: QComboBox) -> vocab.Sex:
    data = combo.currentData()
    return vocab.Sex(data) if data else vocab.Sex.UNKNOWN


class RecordDialog(FormDialog):
    """An editor of one register's record, new (``record_id`` ``None``) or existing.

    Attributes:
        record_id: the record, once it exists.
        archived: the record is archived.
        tabs: the editor's tabs.
        archive_button: Archive, or Restore for an archived record (existing records only).
    """

    def __init__(
        self,
        *,
        db: Database,
        record_id: int | None,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, user_name=user_name, parent=parent)
        self.record_id = record_id
        self.archived = False
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(False)
        self.main_layout.addWidget(self.tabs, 1)
        self.archive_button: QPushButton = self.add_action_button(_("&Archive…"))
        self.archive_button.clicked.connect(self._on_archive_button_clicked)
        self.resize(*DEFAULT_SIZE)

    @property
    def is_new(self) -> bool:
        return self.record_id is None

    @property
    def db_(self) -> Database:
        assert self.db is not None
        return self.db

    def archive_record(self, session: Session, *, archived: bool) -> None:
        """Call the service's ``archive`` (subclasses)."""
        raise NotImplementedError

    def update_archive_button(self) -> None:
        self.archive_button.setVisible(not self.is_new and not self.read_only)
        self.archive_button.setText(_("&Restore…") if self.archived else _("&Archive…"))

    def archive_question(self) -> str:
        return _(
            "Archive this record? It disappears from the lists but is kept with everything "
            "linked to it, and you can restore it from the Archived view."
        )

    def restore_question(self) -> str:
        return _("Restore this record? It appears in the lists again.")

    def after_archive(self) -> None:
        """Show the new state (subclasses refresh their status line)."""
        self.update_archive_button()

    def until_saved_hint(self, what: str) -> QWidget:
        """A note at the top of a tab that needs the record saved first, with a button to save
        it now (hidden once the record exists)."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.addWidget(hint_label(what, parent=holder))
        button = QPushButton(_("Save now and continue"), holder)
        button.setAutoDefault(False)
        button.clicked.connect(self._on_save_now_clicked)
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        holder.setVisible(self.is_new)
        return holder

    def reload(self) -> None:
        """Show the record as saved: after "Save now" a new record has its id and number."""
        raise NotImplementedError

    @Slot()
    def _on_save_now_clicked(self) -> None:
        if self.save():
            self.reload()

    @Slot()
    def _on_archive_button_clicked(self) -> None:
        archiving = not self.archived
        question = self.archive_question() if archiving else self.restore_question()
        title = _("Archive") if archiving else _("Restore")
        if not messages.ask_question(self, question, title=title):
            return
        if self.run_action(lambda session: self.archive_record(session, archived=archiving)):
            self.archived = archiving
            self.after_archive()


def today() -> dt.date:
    return dt.date.today()


def confirm(parent: QWidget, text: str, *, title: str) -> bool:
    return messages.ask_question(parent, text, title=title)
