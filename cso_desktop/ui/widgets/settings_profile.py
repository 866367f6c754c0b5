"""Editing the organisation's profile (Settings → Organisation): names, numbers, contacts,
currency, financial year and the logo printed on every report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain.errors import ValidationError
from cso_desktop.i18n import _
from cso_desktop.services import organisation
from cso_desktop.services.organisation import Logo, OrganisationProfile, ProfileDraft
from cso_desktop.ui.dialogs.common import (
    columns,
    email_check,
    group,
    phone_check,
    rayon_check,
    stack,
)
from cso_desktop.ui.dialogs.expense import currency_check, currency_combo
from cso_desktop.ui.forms.dialog import FormDialog, hint_label, scrolling
from cso_desktop.ui.forms.fields import (
    Check,
    add_row,
    code_combo,
    make_form,
    optional,
    rule,
    set_combo_data,
    text_of,
)
from cso_desktop.ui.forms.places import RayonCombo

#: The logo preview's box, in pixels (a report header draws it 10 mm high).
PREVIEW_SIZE = (240, 80)


def month_name(month: int) -> str:
    """The month's name on its own (not inside a date) in the current language."""
    names = i18n.current_locale().months["stand-alone"]["wide"]
    return str(names.get(month, month))


def logo_pixmap(data: bytes | None, *, width: int, height: int) -> QPixmap | None:
    """The logo scaled to fit ``width`` × ``height``; ``None`` when there is none."""
    if not data:
        return None
    pixmap = QPixmap()
    if not pixmap.loadFromData(data):
        return None
    return pixmap.scaled(
        width,
        height,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


class LogoPicker(QWidget):
    """The logo: a preview, Choose… and Remove.

    The bytes are kept as chosen until the form is saved. A file that cannot be used (too
    large, not PNG or JPEG) leaves the previous logo in place and reports its problem.

    Attributes:
        data: the logo to save (``None`` for none).
        preview: the scaled image, or "No logo" when there is none.

    Signals:
        changed(): a logo was chosen or removed (or a file was refused).
    """

    changed = Signal()

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: bytes | None = None
        self._problem: str | None = None
        self.preview = QLabel(self)
        self.preview.setObjectName("logoPreview")
        self.preview.setFixedSize(*PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("QLabel#logoPreview { border: 1px dashed palette(mid); }")
        self.choose_button = QPushButton(_("&Choose an image…"), self)
        self.choose_button.setAutoDefault(False)
        self.remove_button = QPushButton(_("Re&move"), self)
        self.remove_button.setAutoDefault(False)
        self.info = hint_label(
            _("PNG or JPEG, 1 MB at most. It appears at the top of every report page."),
            parent=self,
        )
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(buttons)
        text = QVBoxLayout()
        text.addWidget(self.info)
        text.addStretch(1)
        row.addLayout(text, 1)
        self.setFocusProxy(self.choose_button)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self._show()

    # --- the Field protocol -------------------------------------------------------------------

    def state(self) -> object:
        return self.data

    def problem(self) -> str | None:
        return self._problem

    # --- public -------------------------------------------------------------------------------

    def set_data(self, data: bytes | None) -> None:
        """Show the logo as loaded (not a change)."""
        self.data = data
        self._problem = None
        self._show()

    def choose_file(self, path: Path) -> bool:
        """Take the image at ``path``; ``False`` (and a problem) when it cannot be used."""
        try:
            logo = organisation.read_logo_file(path)
        except ValidationError as exc:
            self._problem = exc.user_message
        else:
            self.data = logo.data
            self._problem = None
        self._show()
        self.changed.emit()
        return self._problem is None

    def ask_path(self) -> Path | None:
        """Ask for the image file; ``None`` when the user cancelled."""
        chosen, _selected_filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the organisation's logo"),
            "",
            ";;".join((_("Images (*.png *.jpg *.jpeg)"), _("All files (*)"))),
        )
        return Path(chosen) if chosen else None

    # --- display ------------------------------------------------------------------------------

    def _show(self) -> None:
        pixmap = logo_pixmap(self.data, width=PREVIEW_SIZE[0] - 4, height=PREVIEW_SIZE[1] - 4)
        if pixmap is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(_("No logo"))
        else:
            self.preview.setPixmap(pixmap)
        self.remove_button.setEnabled(self.data is not None)

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_choose_button_clicked(self) -> None:
        path = self.ask_path()
        if path is not None:
            self.choose_file(path)

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        self.data = None
        self._problem = None
        self._show()
        self.changed.emit()


def _tax_id_check(widget: QLineEdit) -> Check:
    return lambda: rule(lambda: organisation.validate_tax_id(widget.text()))


def _iati_check(widget: QLineEdit) -> Check:
    return lambda: rule(lambda: organisation.validate_iati_identifier(widget.text()))


def _name_check(widget: QLineEdit) -> Check:
    return lambda: rule(lambda: organisation.validate_name(widget.text()))


class ProfileDialog(FormDialog):
    """The organisation's profile, editable.

    Attributes:
        profile: the profile as last saved (updated by a save).
        saved_logo: the logo as last saved.
        logo: the logo picker.
    """

    def __init__(
        self,
        *,
        db: Database,
        profile: OrganisationProfile,
        logo: Logo | None,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db=db, user_name=user_name, parent=parent)
        self.profile = profile
        self.saved_logo = logo
        self._loaded_logo = logo.data if logo else None
        self.setWindowTitle(_("Organisation profile") + "[*]")

        self.name = QLineEdit()
        self.name.setMaxLength(300)
        self.legal_form = QLineEdit()
        self.legal_form.setMaxLength(100)
        self.legal_form.setPlaceholderText(_("for example İctimai birlik"))
        self.registration_number = QLineEdit()
        self.registration_number.setMaxLength(50)
        self.tax_id = QLineEdit()
        self.tax_id.setMaxLength(14)
        self.tax_id.setPlaceholderText(_("10 digits"))
        self.iati_identifier = QLineEdit()
        self.iati_identifier.setMaxLength(organisation.IATI_ID_MAX)
        self.address = QLineEdit()
        self.address.setMaxLength(500)
        self.rayon = RayonCombo()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("for example 012 345 67 89"))
        self.email = QLineEdit()
        self.currency = currency_combo()
        self.fiscal_month = code_combo(
            [(str(month), month_name(month)) for month in range(1, 13)], placeholder=False
        )
        self.logo = LogoPicker()
        self.iati_hint = hint_label()

        # The full name is long ("… İctimai Birliyi"): its own row across the dialog.
        name_form = make_form()
        add_row(
            name_form,
            self.add_field("name", self.name, text=_("&Name"), check=_name_check(self.name)),
        )
        identity, identity_form = group(_("Registration"))
        for key, widget, text, length in (
            ("legal_form", self.legal_form, _("&Legal form"), 100),
            ("registration_number", self.registration_number, _("Re&gistration number"), 50),
        ):
            add_row(
                identity_form,
                self.add_field(
                    key, widget, text=text, check=optional(widget, key, max_length=length)
                ),
            )
        add_row(
            identity_form,
            self.add_field(
                "tax_id",
                self.tax_id,
                text=_("&VÖEN (tax number)"),
                check=_tax_id_check(self.tax_id),
            ),
        )
        add_row(
            identity_form,
            self.add_field(
                "iati_identifier",
                self.iati_identifier,
                text=_("&IATI organisation identifier"),
                check=_iati_check(self.iati_identifier),
            ),
        )
        identity_form.addRow(self.iati_hint)

        contact, contact_form = group(_("Address and contacts"))
        add_row(
            contact_form,
            self.add_field(
                "address",
                self.address,
                text=_("&Address"),
                check=optional(self.address, "address", max_length=500),
            ),
        )
        add_row(
            contact_form,
            self.add_field(
                "rayon_code", self.rayon, text=_("&Rayon or city"), check=rayon_check(self.rayon)
            ),
        )
        add_row(
            contact_form,
            self.add_field("phone", self.phone, text=_("&Phone"), check=phone_check(self.phone)),
        )
        add_row(
            contact_form,
            self.add_field("email", self.email, text=_("&E-mail"), check=email_check(self.email)),
        )

        money, money_form = group(_("Money"))
        add_row(
            money_form,
            self.add_field(
                "default_currency",
                self.currency,
                text=_("Default &currency"),
                check=currency_check(self.currency, "default_currency"),
            ),
        )
        add_row(
            money_form,
            self.add_field(
                "fiscal_year_start_month", self.fiscal_month, text=_("&Financial year starts in")
            ),
        )

        logo_box, logo_form = group(_("Logo"))
        add_row(logo_form, self.add_field("logo", self.logo, check=self.logo.problem))

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(name_form)
        column.addWidget(columns(identity, stack(contact, money)))
        column.addWidget(logo_box)
        column.addStretch(1)
        self.main_layout.addWidget(scrolling(content), 1)

        self.tax_id.textChanged.connect(self._on_identifier_text_changed)
        self.iati_identifier.textChanged.connect(self._on_identifier_text_changed)
        self.finish()
        self._load(profile)
        self.resize(980, 640)

    # --- values -------------------------------------------------------------------------------

    def _load(self, profile: OrganisationProfile) -> None:
        with self.loading():
            self.name.setText(profile.name)
            self.legal_form.setText(profile.legal_form or "")
            self.registration_number.setText(profile.registration_number or "")
            self.tax_id.setText(profile.tax_id or "")
            self.iati_identifier.setText(profile.iati_identifier or "")
            self.address.setText(profile.address or "")
            self.rayon.set_code(profile.rayon_code)
            self.phone.setText(profile.phone or "")
            self.email.setText(profile.email or "")
            self.currency.setCurrentText(profile.default_currency)
            set_combo_data(self.fiscal_month, str(profile.fiscal_year_start_month))
            self.logo.set_data(self._loaded_logo)
        self._on_identifier_text_changed()
        self.mark_clean()

    def draft(self) -> ProfileDraft:
        return ProfileDraft(
            name=self.name.text(),
            legal_form=self.legal_form.text(),
            registration_number=self.registration_number.text(),
            tax_id=self.tax_id.text(),
            iati_identifier=self.iati_identifier.text(),
            address=self.address.text(),
            rayon_code=self.rayon.code(),
            phone=self.phone.text(),
            email=self.email.text(),
            default_currency=text_of(self.currency),
            fiscal_year_start_month=int(self.fiscal_month.currentData() or 1),
        )

    def write(self) -> None:
        assert self.db is not None
        logo = self.logo.data if self.logo.data != self._loaded_logo else organisation.KEEP_LOGO
        with self.db.transaction() as session:
            profile = organisation.update_profile(
                session, self.draft(), logo=logo, user_name=self.user_name
            )
            saved_logo = organisation.get_logo(session)
        self.profile = profile
        self.saved_logo = saved_logo
        self._loaded_logo = self.logo.data

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_identifier_text_changed(self) -> None:
        """Say which identifier IATI files will carry with what is typed now."""
        typed = self.iati_identifier.text().strip()
        try:
            tax_id = organisation.validate_tax_id(self.tax_id.text())
        except ValidationError:
            tax_id = None
        if typed:
            text = _("IATI files name the organisation {identifier}.").format(identifier=typed)
        elif tax_id:
            text = _(
                "Left empty, IATI files name the organisation {identifier} (AZ-IVI and the "
                "VÖEN). Enter an identifier only if the organisation is registered with IATI "
                "under another one."
            ).format(identifier=organisation.iati_identifier_from_tax_id(tax_id))
        else:
            text = _(
                "Left empty, IATI files name the organisation AZ-IVI and its VÖEN; enter the "
                "VÖEN above."
            )
        self.iati_hint.setText(text)
