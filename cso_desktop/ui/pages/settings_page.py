"""Settings: the interface language, the organisation's profile (read-only for now) and the
organisation's budget rules."""

from __future__ import annotations

from PySide6.QtCore import (
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.domain import places
from cso_desktop.i18n import N_, _
from cso_desktop.services import org_settings
from cso_desktop.services.organisation import OrganisationProfile
from cso_desktop.ui import messages, ops
from cso_desktop.ui.pages.base import Page, PageState

TITLE = N_("Settings")

#: (profile field, untranslated label), in the order shown.
PROFILE_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", N_("Name")),
    ("legal_form", N_("Legal form")),
    ("registration_number", N_("Registration number")),
    ("tax_id", N_("VÖEN (tax number)")),
    ("address", N_("Address")),
    ("rayon", N_("Rayon")),
    ("phone", N_("Phone")),
    ("email", N_("E-mail")),
    ("default_currency", N_("Default currency")),
    ("fiscal_year_start", N_("Financial year starts in")),
)


def month_name(month: int) -> str:
    """The month's name on its own (not inside a date) in the current language."""
    names = i18n.current_locale().months["stand-alone"]["wide"]
    return str(names.get(month, month))


def profile_value(profile: OrganisationProfile, field: str) -> str:
    """The text shown for one profile field ("" when not given)."""
    if field == "rayon":
        return places.place_name(profile.rayon_code)
    if field == "fiscal_year_start":
        return month_name(profile.fiscal_year_start_month)
    value = getattr(profile, field)
    return "" if value is None else str(value)


class SettingsPage(Page):
    """The language picker and the organisation's profile.

    Signals:
        language_chosen(str): the user picked a language (its code).
    """

    language_chosen = Signal(str)

    def __init__(self, *, parent=None) -> None:
        super().__init__(key="settings", title=TITLE, parent=parent)
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

        # Organisation profile.
        self.profile_box = QGroupBox(content)
        profile_form = QFormLayout(self.profile_box)
        profile_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
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
        self.profile_hint = QLabel(self.profile_box)
        self.profile_hint.setWordWrap(True)
        self.profile_hint.setObjectName("hintText")
        profile_form.addRow(self.profile_hint)

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

        column.addWidget(self.language_box)
        column.addWidget(self.profile_box)
        column.addWidget(self.budget_box)
        column.addWidget(self.files_box)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        content.setMaximumWidth(900)
        self.page_layout.addWidget(scroll, 1)

        self.language_combo.activated.connect(self._on_language_combo_activated)
        self.threshold_save.clicked.connect(self._on_threshold_save_clicked)
        self.retranslate()

    def load(self) -> None:
        self._update_values()
        open_file = self.open_file
        self.budget_box.setEnabled(False)
        if open_file is None:
            return
        database = open_file.database

        def read() -> int:
            with database.reading() as session:
                return int(org_settings.reallocation_threshold(session) * 100)

        ops.Op(op=read, success=self._show_threshold, parent=self).run_in_background()

    def _show_threshold(self, percent: int) -> None:
        self.threshold_spin.setValue(percent)
        self.budget_box.setEnabled(self.open_file is not None)

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
        self.profile_hint.setText(_("Editing the profile is not available yet."))
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
        self.files_box.setTitle(_("Files"))
        self.file_caption.setText(_("Organisation file"))
        self.log_caption.setText(_("Log file"))
        self._update_values()

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

    def smoke_state(self) -> PageState:
        return PageState(ready=True, detail=f"language {i18n.current_language()}")

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

    @Slot(int)
    def _on_language_combo_activated(self, index: int) -> None:
        code = self.language_combo.itemData(index)
        if code and code != i18n.current_language():
            self.language_chosen.emit(str(code))
