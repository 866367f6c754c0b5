"""Settings: the interface language, the organisation's profile (edited in a dialog), the
budget rules, what the reports need (small-count threshold, age bands, IFRC GO district names)
and where the files are."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from PySide6.QtCore import (
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.domain import places
from cso_desktop.domain.errors import ValidationError
from cso_desktop.domain.validation import FormErrors
from cso_desktop.i18n import N_, _, ngettext
from cso_desktop.services import org_settings, organisation
from cso_desktop.services.org_settings import AgeBandsCheck, DistrictRow
from cso_desktop.services.organisation import Logo, OrganisationProfile
from cso_desktop.ui import messages, ops
from cso_desktop.ui.forms.dialog import FORM_STYLE
from cso_desktop.ui.pages.base import OpenFile, Page, PageState
from cso_desktop.ui.widgets.settings_districts import DistrictEditor
from cso_desktop.ui.widgets.settings_profile import ProfileDialog, logo_pixmap, month_name

TITLE = N_("Settings")

#: (profile field, untranslated label), in the order shown.
PROFILE_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", N_("Name")),
    ("legal_form", N_("Legal form")),
    ("registration_number", N_("Registration number")),
    ("tax_id", N_("VÖEN (tax number)")),
    ("iati_identifier", N_("IATI organisation identifier")),
    ("address", N_("Address")),
    ("rayon", N_("Rayon")),
    ("phone", N_("Phone")),
    ("email", N_("E-mail")),
    ("default_currency", N_("Default currency")),
    ("fiscal_year_start", N_("Financial year starts in")),
)


#: The logo on the page, in pixels.
LOGO_SIZE = (180, 60)


@dataclass(frozen=True)
class _Loaded:
    """What the page reads from the file in one go."""

    profile: OrganisationProfile
    logo: Logo | None
    threshold_percent: int
    small_count: int
    bands: AgeBandsCheck
    districts: list[DistrictRow]


def profile_value(profile: OrganisationProfile, field: str) -> str:
    """The text shown for one profile field ("" when not given)."""
    if field == "rayon":
        return places.place_name(profile.rayon_code)
    if field == "fiscal_year_start":
        return month_name(profile.fiscal_year_start_month)
    if field == "iati_identifier":
        return profile.iati_organisation_id or ""
    value = getattr(profile, field)
    return "" if value is None else str(value)


class SettingsPage(Page):
    """The language picker, the organisation's profile and the organisation-wide settings.

    Attributes:
        profile_dialog: the profile editor while it is open (``None`` otherwise).

    Signals:
        language_chosen(str): the user picked a language (its code).
        profile_changed(object): the profile was saved; the open file with its new profile
            (an ``OpenFile``), for the title bar and the dashboard.
    """

    language_chosen = Signal(str)
    profile_changed = Signal(object)

    def __init__(self, *, parent=None) -> None:
        super().__init__(key="settings", title=TITLE, parent=parent)
        self.setStyleSheet(FORM_STYLE)
        self.profile_dialog: ProfileDialog | None = None
        self._logo: Logo | None = None
        content = QWidget(self)
        content.setObjectName("settingsContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(14)

        # Language.
        self.language_box = QGroupBox(content)
        self.language_combo = QComboBox(self.language_box)
        for code in i18n.LANGUAGES:
            # Each language in its own name, so anyone can find theirs whatever is shown now.
            self.language_combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language_hint = QLabel(self.language_box)
        self.language_hint.setWordWrap(True)
        self.language_hint.setObjectName("hintText")
        language_form = QFormLayout(self.language_box)
        language_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.language_label = QLabel(self.language_box)
        self.language_label.setBuddy(self.language_combo)
        language_form.addRow(self.language_label, self.language_combo)
        language_form.addRow(self.language_hint)

        # Organisation profile: shown here, edited in a dialog.
        self.profile_box = QGroupBox(content)
        profile_form = QFormLayout(self.profile_box)
        profile_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        profile_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.profile_labels: dict[str, QLabel] = {}
        self.profile_values: dict[str, QLabel] = {}
        for field, _label in PROFILE_FIELDS:
            label = QLabel(self.profile_box)
            value = QLabel(self.profile_box)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"profile_{field}")
            profile_form.addRow(label, value)
            self.profile_labels[field] = label
            self.profile_values[field] = value
        self.logo_caption = QLabel(self.profile_box)
        self.logo_label = QLabel(self.profile_box)
        self.logo_label.setObjectName("profileLogo")
        self.logo_label.setMinimumHeight(LOGO_SIZE[1])
        profile_form.addRow(self.logo_caption, self.logo_label)
        self.profile_hint = QLabel(self.profile_box)
        self.profile_hint.setWordWrap(True)
        self.profile_hint.setObjectName("hintText")
        profile_form.addRow(self.profile_hint)
        self.profile_edit_button = QPushButton(self.profile_box)
        self.profile_edit_button.setObjectName("editProfile")
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.profile_edit_button)
        edit_row.addStretch(1)
        profile_form.addRow(edit_row)
        self.profile_edit_button.setEnabled(False)

        # Budget rules.
        self.budget_box = QGroupBox(content)
        budget_form = QFormLayout(self.budget_box)
        budget_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.threshold_label = QLabel(self.budget_box)
        self.threshold_spin = QSpinBox(self.budget_box)
        self.threshold_spin.setObjectName("reallocationThreshold")
        self.threshold_spin.setRange(1, 100)
        self.threshold_spin.setSuffix(" %")
        self.threshold_label.setBuddy(self.threshold_spin)
        self.threshold_save = QPushButton(self.budget_box)
        self.threshold_save.setObjectName("saveThreshold")
        threshold_row = QHBoxLayout()
        threshold_row.addWidget(self.threshold_spin)
        threshold_row.addWidget(self.threshold_save)
        threshold_row.addStretch(1)
        budget_form.addRow(self.threshold_label, threshold_row)
        self.threshold_hint = QLabel(self.budget_box)
        self.threshold_hint.setWordWrap(True)
        self.threshold_hint.setObjectName("hintText")
        budget_form.addRow(self.threshold_hint)
        self.budget_box.setEnabled(False)

        # Reports: small counts in public documents, age bands.
        self.reports_box = QGroupBox(content)
        reports_form = QFormLayout(self.reports_box)
        reports_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        reports_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        reports_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.small_count_label = QLabel(self.reports_box)
        self.small_count_spin = QSpinBox(self.reports_box)
        self.small_count_spin.setObjectName("smallCountThreshold")
        self.small_count_spin.setRange(1, org_settings.SMALL_COUNT_MAX)
        self.small_count_label.setBuddy(self.small_count_spin)
        self.small_count_save = QPushButton(self.reports_box)
        self.small_count_save.setObjectName("saveSmallCount")
        small_row = QHBoxLayout()
        small_row.addWidget(self.small_count_spin)
        small_row.addWidget(self.small_count_save)
        small_row.addStretch(1)
        reports_form.addRow(self.small_count_label, small_row)
        self.small_count_hint = _hint(self.reports_box)
        reports_form.addRow(self.small_count_hint)
        self.bands_label = QLabel(self.reports_box)
        self.bands_edit = QLineEdit(self.reports_box)
        self.bands_edit.setObjectName("ageBands")
        self.bands_label.setBuddy(self.bands_edit)
        self.bands_default = QPushButton(self.reports_box)
        self.bands_save = QPushButton(self.reports_box)
        self.bands_save.setObjectName("saveAgeBands")
        bands_row = QHBoxLayout()
        bands_row.addWidget(self.bands_edit, 1)
        bands_row.addWidget(self.bands_default)
        bands_row.addWidget(self.bands_save)
        reports_form.addRow(self.bands_label, bands_row)
        self.bands_error = QLabel(self.reports_box)
        self.bands_error.setObjectName("fieldError")
        self.bands_error.setWordWrap(True)
        self.bands_error.setVisible(False)
        self.bands_preview = _hint(self.reports_box)
        self.bands_preview.setObjectName("bandsPreview")
        self.bands_warning = QLabel(self.reports_box)
        self.bands_warning.setObjectName("formAlert")
        self.bands_warning.setWordWrap(True)
        self.bands_warning.setVisible(False)
        self.bands_hint = _hint(self.reports_box)
        for widget in (self.bands_error, self.bands_preview, self.bands_warning, self.bands_hint):
            reports_form.addRow(widget)
        self.reports_box.setEnabled(False)

        # IFRC GO district names of the rayons.
        self.districts_box = QGroupBox(content)
        districts_column = QVBoxLayout(self.districts_box)
        self.districts_hint = _hint(self.districts_box)
        self.districts = DistrictEditor(parent=self.districts_box)
        districts_column.addWidget(self.districts_hint)
        districts_column.addWidget(self.districts, 1)
        self.districts_box.setEnabled(False)

        # Files.
        self.files_box = QGroupBox(content)
        files_form = QFormLayout(self.files_box)
        self.file_caption = QLabel(self.files_box)
        self.file_value = QLabel(self.files_box)
        self.log_caption = QLabel(self.files_box)
        self.log_value = QLabel(self.files_box)
        for value in (self.file_value, self.log_value):
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        files_form.addRow(self.file_caption, self.file_value)
        files_form.addRow(self.log_caption, self.log_value)

        for box in (
            self.language_box,
            self.profile_box,
            self.budget_box,
            self.reports_box,
            self.districts_box,
            self.files_box,
        ):
            column.addWidget(box)
        column.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        content.setMaximumWidth(900)
        self.page_layout.addWidget(self.scroll_area, 1)

        self.language_combo.activated.connect(self._on_language_combo_activated)
        self.threshold_save.clicked.connect(self._on_threshold_save_clicked)
        self.profile_edit_button.clicked.connect(self._on_profile_edit_button_clicked)
        self.small_count_save.clicked.connect(self._on_small_count_save_clicked)
        self.small_count_spin.valueChanged.connect(self._update_small_count_hint)
        self.bands_edit.textChanged.connect(self._on_bands_edit_text_changed)
        self.bands_default.clicked.connect(self._on_bands_default_clicked)
        self.bands_save.clicked.connect(self._on_bands_save_clicked)
        self.districts.save_requested.connect(self._on_districts_save_requested)
        self.retranslate()

    # --- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        self._update_values()
        open_file = self.open_file
        for box in (self.budget_box, self.reports_box, self.districts_box):
            box.setEnabled(False)
        self.profile_edit_button.setEnabled(False)
        if open_file is None:
            self._logo = None
            self._show_logo()
            return
        database = open_file.database

        def read() -> _Loaded:
            with database.reading() as session:
                return _Loaded(
                    profile=organisation.get_profile(session),
                    logo=organisation.get_logo(session),
                    threshold_percent=int(org_settings.reallocation_threshold(session) * 100),
                    small_count=org_settings.small_count_threshold(session),
                    bands=org_settings.age_bands(session),
                    districts=org_settings.go_district_rows(session),
                )

        ops.Op(op=read, success=self._show_loaded, parent=self).run_in_background()

    def _show_loaded(self, loaded: _Loaded) -> None:
        open_file = self.open_file
        if open_file is None:
            return
        if loaded.profile != open_file.profile:
            # Saved in another window since the file was opened.
            self._open_file = dataclasses.replace(open_file, profile=loaded.profile)
            self._update_values()
        self._logo = loaded.logo
        self._show_logo()
        self._show_threshold(loaded.threshold_percent)
        self.small_count_spin.setValue(loaded.small_count)
        self.bands_edit.setText(org_settings.format_age_bands(loaded.bands.lower_bounds))
        self.districts.set_rows(loaded.districts)
        for box in (self.reports_box, self.districts_box):
            box.setEnabled(True)
        self.profile_edit_button.setEnabled(True)

    def _show_threshold(self, percent: int) -> None:
        self.threshold_spin.setValue(percent)
        self.budget_box.setEnabled(self.open_file is not None)

    # --- display ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.language_box.setTitle(_("Language"))
        self.language_label.setText(_("Language of the window and the reports"))
        self.language_hint.setText(
            _("The change applies at once; nothing you have on screen is lost.")
        )
        self.profile_box.setTitle(_("Organisation"))
        for field, label in PROFILE_FIELDS:
            self.profile_labels[field].setText(_(label))
        self.logo_caption.setText(_("Logo"))
        self.profile_hint.setText(
            _(
                "The name and the logo head every report; the VÖEN (or the IATI identifier) "
                "names the organisation in IATI files."
            )
        )
        self.profile_edit_button.setText(_("&Edit the profile…"))
        self.budget_box.setTitle(_("Budget"))
        self.threshold_label.setText(_("Reallocation threshold"))
        self.threshold_save.setText(_("Save"))
        self.threshold_hint.setText(
            _(
                "A budget heading that moves more than this from its amount in the contract "
                "(or the last addendum) is flagged on the Budget page: beyond it the donor must "
                "sign an addendum. The EU's General Conditions set 25 %; a project can set its own."
            )
        )
        self.reports_box.setTitle(_("Reports"))
        self.small_count_label.setText(_("Smallest count published"))
        self.small_count_save.setText(_("Save"))
        self._update_small_count_hint()
        self.bands_label.setText(_("Age groups (first age of each)"))
        self.bands_default.setText(_("Default groups"))
        self.bands_default.setToolTip(
            _("0–5, 6–12, 13–17, 18–29 … 80+: they add up to FDRS and to 0–17 / 18–59 / 60+.")
        )
        self.bands_save.setText(_("Save"))
        self.bands_edit.setPlaceholderText(
            org_settings.format_age_bands(org_settings.default_age_bands())
        )
        self.bands_hint.setText(
            _(
                "People reached are counted by these age groups, by their age on the day of "
                "their first service in the period. Type the first age of each group, starting "
                "at 0, separated by commas."
            )
        )
        self.districts_box.setTitle(_("IFRC GO districts"))
        self.districts_hint.setText(
            _(
                "The IFRC GO 3W upload names each project's rayons as GO's districts. GO's "
                "importer rejects the whole file when a district name is one it does not know, "
                "so enter each name exactly as GO spells it. Rayons in bold are where the "
                "organisation's projects and activities work; they come first."
            )
        )
        self.districts.retranslate()
        self.files_box.setTitle(_("Files"))
        self.file_caption.setText(_("Organisation file"))
        self.log_caption.setText(_("Log file"))
        self._update_values()
        self._on_bands_edit_text_changed(self.bands_edit.text())

    def _update_values(self) -> None:
        position = self.language_combo.findData(i18n.current_language())
        blocked = self.language_combo.blockSignals(True)
        self.language_combo.setCurrentIndex(max(position, 0))
        self.language_combo.blockSignals(blocked)
        open_file = self.open_file
        for field, value_label in self.profile_values.items():
            text = profile_value(open_file.profile, field) if open_file else ""
            value_label.setText(text or _("not given"))
            value_label.setEnabled(bool(text))
        if open_file is None:
            self.file_value.setText(_("No organisation file is open."))
        else:
            self.file_value.setText(
                str(open_file.path) if open_file.path else open_file.database.display_name
            )
        self.log_value.setText(str(messages.log_file()))
        self._show_logo()

    def _show_logo(self) -> None:
        pixmap = logo_pixmap(
            self._logo.data if self._logo else None, width=LOGO_SIZE[0], height=LOGO_SIZE[1]
        )
        if pixmap is None:
            self.logo_label.setPixmap(QPixmap())
            self.logo_label.setText(_("not given"))
            self.logo_label.setEnabled(False)
        else:
            self.logo_label.setPixmap(pixmap)
            self.logo_label.setEnabled(True)

    def smoke_state(self) -> PageState:
        return PageState(ready=True, detail=f"language {i18n.current_language()}")

    # --- the profile --------------------------------------------------------------------------

    def open_profile_dialog(self) -> ProfileDialog | None:
        """Open the profile editor (window-modal, not blocking); ``None`` without a file."""
        open_file = self.open_file
        if open_file is None:
            return None
        if self.profile_dialog is not None:
            self.profile_dialog.raise_()
            return self.profile_dialog
        dialog = ProfileDialog(
            db=open_file.database, profile=open_file.profile, logo=self._logo, parent=self
        )
        dialog.saved.connect(self._on_profile_dialog_saved)
        dialog.finished.connect(self._on_profile_dialog_finished)
        self.profile_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _on_profile_edit_button_clicked(self) -> None:
        self.open_profile_dialog()

    @Slot()
    def _on_profile_dialog_saved(self) -> None:
        dialog = self.profile_dialog
        open_file = self.open_file
        if dialog is None or open_file is None:
            return
        updated: OpenFile = dataclasses.replace(open_file, profile=dialog.profile)
        self._open_file = updated
        self._logo = dialog.saved_logo
        self._update_values()
        messages.show_status(_("The organisation's profile is saved."))
        self.profile_changed.emit(updated)

    @Slot(int)
    def _on_profile_dialog_finished(self, _result: int) -> None:
        dialog = self.profile_dialog
        self.profile_dialog = None
        if dialog is not None:
            dialog.deleteLater()

    # --- budget and reports -------------------------------------------------------------------

    @Slot()
    def _on_threshold_save_clicked(self) -> None:
        open_file = self.open_file
        if open_file is None:
            return
        database = open_file.database
        percent = self.threshold_spin.value()

        def save() -> None:
            with database.transaction() as session:
                org_settings.set_reallocation_threshold(session, str(percent))

        ops.Op(
            op=save,
            success=lambda _result: messages.show_status(
                _("The reallocation threshold is now {percent} %.").format(percent=percent)
            ),
            parent=self,
        ).run_in_background()

    @Slot()
    def _on_small_count_save_clicked(self) -> None:
        open_file = self.open_file
        if open_file is None:
            return
        database = open_file.database
        value = self.small_count_spin.value()

        def save() -> int:
            with database.transaction() as session:
                return org_settings.set_small_count_threshold(session, value)

        ops.Op(op=save, success=self._on_small_count_saved, parent=self).run_in_background()

    @Slot()
    def _update_small_count_hint(self) -> None:
        self.small_count_hint.setText(
            _(
                "Files meant for the public (IATI, HXL) show a count of fewer people than this "
                "as “<{threshold}”, so that nobody can be recognised, and say so. 5 is usual; "
                "1 shows every count."
            ).format(threshold=self.small_count_spin.value())
        )

    def _on_small_count_saved(self, value: int) -> None:
        messages.show_status(
            _("Public files now withhold counts below {threshold}.").format(threshold=value)
        )

    @Slot(str)
    def _on_bands_edit_text_changed(self, text: str) -> None:
        """Check the groups as they are typed: their labels, or what is wrong."""
        if not text.strip():
            self._show_bands(None, None)
            return
        try:
            checked = org_settings.check_age_bands(text)
        except ValidationError as exc:
            self._show_bands(None, exc.user_message)
            return
        self._show_bands(checked, None)

    def _show_bands(self, checked: AgeBandsCheck | None, problem: str | None) -> None:
        self.bands_error.setText(problem or "")
        self.bands_error.setVisible(bool(problem))
        self.bands_preview.setText(
            _("Groups: {labels}").format(labels=" · ".join(checked.labels)) if checked else ""
        )
        self.bands_preview.setVisible(checked is not None)
        warning = checked.warning() if checked else None
        self.bands_warning.setText(warning or "")
        self.bands_warning.setVisible(bool(warning))
        self.bands_save.setEnabled(checked is not None)

    @Slot()
    def _on_bands_default_clicked(self) -> None:
        self.bands_edit.setText(org_settings.format_age_bands(org_settings.default_age_bands()))

    @Slot()
    def _on_bands_save_clicked(self) -> None:
        open_file = self.open_file
        if open_file is None:
            return
        database = open_file.database
        typed = self.bands_edit.text()

        def save() -> AgeBandsCheck:
            with database.transaction() as session:
                return org_settings.set_age_bands(session, typed)

        ops.Op(
            op=save,
            success=self._on_bands_saved,
            failure=self._on_bands_save_failed,
            parent=self,
        ).run_in_background()

    def _on_bands_saved(self, checked: AgeBandsCheck) -> None:
        self.bands_edit.setText(org_settings.format_age_bands(checked.lower_bounds))
        messages.show_status(
            _("Reports now count people by these age groups: {labels}.").format(
                labels=", ".join(checked.labels)
            )
        )

    def _on_bands_save_failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self._show_bands(None, exc.user_message)
            return
        ops.show_failure(exc, parent=self)

    # --- GO districts -------------------------------------------------------------------------

    @Slot()
    def _on_districts_save_requested(self) -> None:
        open_file = self.open_file
        if open_file is None:
            return
        database = open_file.database
        names = self.districts.model.names()

        def save() -> list[DistrictRow]:
            with database.transaction() as session:
                org_settings.set_go_district_names(session, names)
            with database.reading() as session:
                return org_settings.go_district_rows(session)

        ops.Op(
            op=save,
            success=self._on_districts_saved,
            failure=self._on_districts_save_failed,
            parent=self,
        ).run_in_background()

    def _on_districts_saved(self, rows: list[DistrictRow]) -> None:
        self.districts.set_rows(rows)
        named = sum(1 for row in rows if row.go_name)
        messages.show_status(
            ngettext(
                "{count} rayon has a GO district name.",
                "{count} rayons have a GO district name.",
                named,
            ).format(count=named)
        )

    def _on_districts_save_failed(self, exc: Exception) -> None:
        if isinstance(exc, FormErrors):
            self.districts.show_problems(exc.problems)
            return
        ops.show_failure(exc, parent=self)

    @Slot(int)
    def _on_language_combo_activated(self, index: int) -> None:
        code = self.language_combo.itemData(index)
        if code and code != i18n.current_language():
            self.language_chosen.emit(str(code))


def _hint(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setObjectName("hintText")
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
