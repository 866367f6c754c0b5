"""A person served: consent first, details, functioning, household, consent history, services.

A new person's form starts with their consent. Names, phone, FİN and date of birth can be typed
only once the person consents to registration; a person who does not consent is registered
anonymously (sex, age, disability, displacement and rayon only), and still counts in totals.
The service checks the same rule again when saving.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from PySide6.QtCore import (
    QRegularExpression,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain import people, validation, vocab
from cso_desktop.domain.places import place_name
from cso_desktop.domain.vocab import (
    ConsentMethod,
    ConsentPurpose,
    DisplacementStatus,
    HouseholdRelation,
)
from cso_desktop.i18n import N_, _, format_integer, pgettext
from cso_desktop.services import beneficiaries
from cso_desktop.services.beneficiaries import ConsentDraft
from cso_desktop.ui import messages
from cso_desktop.ui.dialogs.common import (
    RecordDialog,
    clean,
    columns,
    confirm,
    date_check,
    fin_check,
    group,
    notes_edit,
    phone_check,
    rayon_check,
    scrolling_details,
    stack,
    today,
)
from cso_desktop.ui.forms.checks import CheckGrid
from cso_desktop.ui.forms.dates import DateField, format_short
from cso_desktop.ui.forms.dialog import FormDialog, hint_label
from cso_desktop.ui.forms.fields import (
    SubmitLineEdit,
    add_row,
    chosen,
    code_combo,
    make_form,
    optional,
    required,
    rule,
    set_combo_data,
    wrapped,
)
from cso_desktop.ui.forms.places import RayonCombo
from cso_desktop.ui.forms.table import Row, RowsModel, make_table, selected_key

#: Washington Group short set (standards README §2.1): the exact wording, never reworded.
WG_PREAMBLE = N_(
    "The next questions ask about difficulties you may have doing certain activities because "
    "of a HEALTH PROBLEM."
)
WG_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("wg_seeing", N_("Do you have difficulty seeing, even if wearing glasses?")),
    ("wg_hearing", N_("Do you have difficulty hearing, even if using a hearing aid?")),
    ("wg_walking", N_("Do you have difficulty walking or climbing steps?")),
    ("wg_remembering", N_("Do you have difficulty remembering or concentrating?")),
    (
        "wg_selfcare",
        N_("Do you have difficulty (with self-care such as) washing all over or dressing?"),
    ),
    (
        "wg_communicating",
        N_(
            "Using your usual (customary) language, do you have difficulty communicating, for "
            "example understanding or being understood?"
        ),
    ),
)
WG_ANSWERS: tuple[tuple[int, str], ...] = (
    (1, N_("No, no difficulty")),
    (2, N_("Yes, some difficulty")),
    (3, N_("Yes, a lot of difficulty")),
    (4, N_("Cannot do at all")),
)
WG_NOT_ASKED = N_("Not asked")

#: Displacement statuses that have a rayon of origin.
DISPLACED = (DisplacementStatus.IDP, DisplacementStatus.RETURNEE, DisplacementStatus.REFUGEE)
#: The personal fields a person without consent to registration never has.
PERSONAL = ("last_name", "first_name", "patronymic", "phone", "national_id", "date_of_birth")
#: Households offered when searching.
HOUSEHOLD_SEARCH_LIMIT = 30

NO_HOUSEHOLD = "none"
NEW_HOUSEHOLD = "new"
EXISTING_HOUSEHOLD = "existing"


def consent_required_message() -> str:
    return _(
        "Record the person's consent to registration before saving their name, phone or ID — "
        "or register them anonymously."
    )


class ConsentSection(QWidget):
    """Whether the person consents to registration, and (for a new person) what they agreed to.

    Attributes:
        named_radio: the person consents to registration.
        anonymous_radio: the person does not consent: register anonymously.
        purposes: a check box per purpose (new person).
        method, recorded_on, recorded_by: how, when and by whom (new person).
        summary: the consent on record (existing person).

    Signals:
        changed(): anything in the section changed.
        anonymous_changed(bool): the person is (or is no longer) registered anonymously.
    """

    changed = Signal()
    anonymous_changed = Signal(bool)

    def __init__(
        self,
        *,
        new: bool,
        user_name: str | None = None,
        has_consent: Callable[[], bool] = lambda: False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._new = new
        self._has_consent = has_consent
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.named_radio = QRadioButton(self)
        layout.addWidget(wrapped(self.named_radio, _("The person &consents to registration")))

        self.capture = QWidget(self)
        capture = QVBoxLayout(self.capture)
        capture.setContentsMargins(24, 0, 0, 4)
        capture.addWidget(QLabel(_("The person agrees to:"), self.capture))
        self.purposes = CheckGrid(
            items=[(vocab.label(p), p) for p in ConsentPurpose], columns=3, parent=self.capture
        )
        capture.addWidget(self.purposes)
        how = QHBoxLayout()
        how.setSpacing(8)
        self.method = code_combo(vocab.choices(ConsentMethod), parent=self.capture)
        self.recorded_on = DateField(past_only=True, parent=self.capture)
        self.recorded_by = QLineEdit(user_name or "", self.capture)
        self.recorded_by.setMaxLength(200)
        for text, widget in (
            (_("&How"), self.method),
            (_("O&n"), self.recorded_on),
            (_("Recorded &by"), self.recorded_by),
        ):
            label = QLabel(text, self.capture)
            label.setBuddy(widget.focusProxy() or widget)
            widget.setAccessibleName(text.replace("&", ""))
            how.addWidget(label)
            how.addWidget(widget, 1)
        capture.addLayout(how)
        layout.addWidget(self.capture)
        self.capture.setVisible(new)

        self.anonymous_radio = QRadioButton(self)
        self._group = QButtonGroup(self)
        self._group.addButton(self.named_radio)
        self._group.addButton(self.anonymous_radio)
        layout.addWidget(
            wrapped(
                self.anonymous_radio,
                _(
                    "The person does not consent — register &anonymously (counted in totals, "
                    "without name, phone or ID)"
                ),
            )
        )
        self.summary = hint_label(parent=self)
        self.summary.setVisible(not new)
        layout.addWidget(self.summary)
        self.setFocusProxy(self.named_radio)

        if new:
            self.purposes.set_value([ConsentPurpose.REGISTRATION])
            self.recorded_on.set_date(today())
        self._update_enabled()
        self.named_radio.toggled.connect(self._on_radio_toggled)
        self.anonymous_radio.toggled.connect(self._on_radio_toggled)
        self.purposes.changed.connect(self.changed)
        self.method.currentIndexChanged.connect(self._on_part_changed)
        self.recorded_on.changed.connect(self.changed)
        self.recorded_by.textChanged.connect(self._on_part_changed)

    # --- public -------------------------------------------------------------------------------

    def set_new(self, new: bool) -> None:
        """A new person's consent is recorded here; an existing person's is summarised."""
        self._new = new
        self.capture.setVisible(new)
        self.summary.setVisible(not new)

    def anonymous(self) -> bool:
        return self.anonymous_radio.isChecked()

    def chosen(self) -> bool:
        return self.named_radio.isChecked() or self.anonymous_radio.isChecked()

    def set_anonymous(self, anonymous: bool | None) -> None:
        """``None``: not asked yet (a new person)."""
        self._group.setExclusive(False)
        self.named_radio.setChecked(anonymous is False)
        self.anonymous_radio.setChecked(anonymous is True)
        self._group.setExclusive(True)
        self._update_enabled()

    def drafts(self) -> tuple[ConsentDraft, ...]:
        """A consent per purpose, given or not (a new person who consents to registration)."""
        on = self.recorded_on.date()
        method = self.method.currentData()
        if not self._new or not self.named_radio.isChecked() or on is None or method is None:
            return ()
        agreed = self.purposes.value()
        return tuple(
            ConsentDraft(
                purpose=purpose,
                given=purpose in agreed,
                recorded_on=on,
                method=ConsentMethod(method),
                recorded_by=validation.clean(self.recorded_by.text()),
            )
            for purpose in ConsentPurpose
        )

    def check(self) -> str | None:
        if not self.isEnabled():
            return None
        if not self.chosen():
            return _("Ask the person whether they consent to registration, and choose an answer.")
        if self.anonymous():
            return None
        if not self._new:
            return None if self._has_consent() else consent_required_message()
        if ConsentPurpose.REGISTRATION not in self.purposes.value():
            return consent_required_message()
        if self.method.currentIndex() < 0:
            return _("Choose how the consent was given.")
        return self.recorded_on.check(key="consent", required=True, past=True)

    def state(self) -> object:
        return (
            self.named_radio.isChecked(),
            self.anonymous_radio.isChecked(),
            self.purposes.value(),
            self.method.currentData(),
            self.recorded_on.state(),
            self.recorded_by.text(),
        )

    # --- slots --------------------------------------------------------------------------------

    def _update_enabled(self) -> None:
        self.capture.setEnabled(self.named_radio.isChecked())

    @Slot(bool)
    def _on_radio_toggled(self, checked: bool) -> None:
        if not checked:
            return
        self._update_enabled()
        self.anonymous_changed.emit(self.anonymous())
        self.changed.emit()

    @Slot()
    def _on_part_changed(self, *_args: object) -> None:
        self.changed.emit()


def _age_text(age: int | None, *, estimated: bool) -> str:
    if age is None:
        return _("Age: not known")
    if estimated:
        return _("Age: about {age} (estimated)").format(age=age)
    return _("Age: {age}").format(age=age)


def disability_text(answers: tuple[int | None, ...]) -> str:
    """The Washington Group disability flag, derived from the answers as the service does."""
    flag = people.has_disability(answers)
    if flag is None:
        return _("Has a disability: not known (no question answered)")
    if flag:
        return _("Has a disability: yes (a lot of difficulty, or cannot do at all, in a domain)")
    return _("Has a disability: no")


class BeneficiaryDialog(RecordDialog):
    """Register or edit a person served.

    Attributes:
        detail: the person as saved, or ``None`` for a new one.
        consent: the consent section at the top of the details.
        pending_consents: consents recorded on the Consent tab, saved with the next save.
        erase_button: erases the person's personal data (existing records).

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
        self.detail: beneficiaries.BeneficiaryDetail | None = None
        self.pending_consents: list[ConsentDraft] = []
        self._household_id: int | None = None
        self._household_code: str | None = None
        self._household_members: tuple[beneficiaries.HouseholdMember, ...] = ()
        self.erase_button = self.add_action_button(_("&Erase personal data…"))
        self.erase_button.clicked.connect(self._on_erase_button_clicked)
        self._build_details()
        self._build_household()
        self._build_consents()
        self._build_services()
        self.finish()
        self.reload()

    # --- building: details --------------------------------------------------------------------

    def _build_details(self) -> None:
        consent_box = QGroupBox(_("Consent to registration"))
        consent_layout = QVBoxLayout(consent_box)
        self.consent = ConsentSection(
            new=self.is_new, user_name=self.user_name, has_consent=self._has_registration_consent
        )
        consent_field = self.add_field("consent", self.consent, check=self.consent.check)
        consent_layout.addWidget(consent_field.container)

        person_box, form = group(_("Person"))
        self.personal_hint = hint_label(
            _("Name, phone, FİN and date of birth are saved only with the person's consent.")
        )
        form.addRow(self.personal_hint)
        self.last_name = self._name_edit()
        self.first_name = self._name_edit()
        self.patronymic = self._name_edit()
        add_row(
            form,
            self.add_field(
                "last_name",
                self.last_name,
                text=_("&Last name"),
                check=required(self.last_name, "last_name"),
            ),
        )
        add_row(
            form,
            self.add_field(
                "first_name",
                self.first_name,
                text=_("&First name"),
                check=required(self.first_name, "first_name"),
            ),
        )
        add_row(
            form,
            self.add_field(
                "patronymic",
                self.patronymic,
                text=_("Pa&tronymic"),
                check=optional(self.patronymic, "patronymic"),
            ),
        )
        self.sex = code_combo(vocab.choices(vocab.Sex))
        add_row(form, self.add_field("sex", self.sex, text=_("Se&x"), check=chosen(self.sex)))
        self.date_of_birth = DateField(past_only=True)
        add_row(
            form,
            self.add_field(
                "date_of_birth",
                self.date_of_birth,
                text=_("Date of &birth"),
                check=date_check(self.date_of_birth, "date_of_birth"),
            ),
        )
        self.estimated_age = QLineEdit()
        self.estimated_age.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,3}"), self.estimated_age)
        )
        self.estimated_age.setMaximumWidth(
            self.estimated_age.fontMetrics().horizontalAdvance("0000") + 24
        )
        self.estimated_age.setToolTip(_("When the date of birth is not known"))
        age_field = self.add_field(
            "estimated_age",
            self.estimated_age,
            text=_("Estimated a&ge"),
            check=self._check_estimated_age,
        )
        self.age_label = QLabel()
        self.age_label.setObjectName("derivedValue")
        # Level with the text in the line edit (the error may show under it).
        self.age_label.setContentsMargins(0, 4, 0, 0)
        age_row = QWidget()
        age_layout = QHBoxLayout(age_row)
        age_layout.setContentsMargins(0, 0, 0, 0)
        age_layout.addWidget(age_field.container)
        age_layout.addWidget(self.age_label, 1, Qt.AlignmentFlag.AlignTop)
        assert age_field.label is not None
        form.addRow(age_field.label, age_row)
        self.displacement = code_combo(vocab.choices(DisplacementStatus))
        add_row(
            form,
            self.add_field(
                "displacement_status",
                self.displacement,
                text=_("&Displacement"),
                check=chosen(self.displacement),
            ),
        )
        self.origin_rayon = RayonCombo()
        add_row(
            form,
            self.add_field(
                "origin_rayon_code",
                self.origin_rayon,
                text=_("Rayon of &origin"),
                check=rayon_check(self.origin_rayon),
            ),
        )

        contact_box, contact_form = group(_("Contact and identity"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("for example 050 123 45 67"))
        add_row(
            contact_form,
            self.add_field("phone", self.phone, text=_("&Phone"), check=phone_check(self.phone)),
        )
        self.national_id = QLineEdit()
        self.national_id.setMaxLength(9)
        self.national_id.setPlaceholderText(_("7 letters and digits"))
        add_row(
            contact_form,
            self.add_field(
                "national_id", self.national_id, text=_("F&İN"), check=fin_check(self.national_id)
            ),
        )

        place_box, place_form = group(_("Place"))
        self.rayon = RayonCombo()
        add_row(
            place_form,
            self.add_field(
                "rayon_code", self.rayon, text=_("&Rayon or city"), check=rayon_check(self.rayon)
            ),
        )
        self.settlement = QLineEdit()
        self.settlement.setMaxLength(100)
        add_row(
            place_form,
            self.add_field(
                "settlement",
                self.settlement,
                text=_("Settle&ment"),
                check=optional(self.settlement, "settlement"),
            ),
        )
        self.registered_on = DateField(past_only=True)
        add_row(
            place_form,
            self.add_field(
                "registered_on",
                self.registered_on,
                text=_("Registered o&n"),
                check=date_check(self.registered_on, "registered_on", required=True),
            ),
        )

        wg_box = QGroupBox(_("Functioning (Washington Group short set)"))
        wg_layout = QVBoxLayout(wg_box)
        wg_layout.addWidget(hint_label(_(WG_PREAMBLE)))
        self.wg: dict[str, QComboBox] = {}
        for key, question in WG_QUESTIONS:
            combo = QComboBox()
            combo.addItem(_(WG_NOT_ASKED), None)
            for code, answer in WG_ANSWERS:
                combo.addItem(_(answer), code)
            field = self.add_field(key, combo)
            label = QLabel(_(question))
            label.setWordWrap(True)
            label.setBuddy(combo)
            combo.setAccessibleName(_(question))
            wg_layout.addWidget(label)
            wg_layout.addWidget(field.container)
            combo.currentIndexChanged.connect(self._on_wg_changed)
            self.wg[key] = combo
        self.disability_label = QLabel()
        self.disability_label.setObjectName("derivedValue")
        self.disability_label.setWordWrap(True)
        wg_layout.addWidget(self.disability_label)

        vulnerability_box = QGroupBox(_("Vulnerability"))
        vulnerability_layout = QVBoxLayout(vulnerability_box)
        self.vulnerabilities = CheckGrid(
            items=[(vocab.label(v), v) for v in vocab.Vulnerability], columns=2
        )
        vulnerability_layout.addWidget(
            self.add_field("vulnerabilities", self.vulnerabilities).container
        )
        notes_box, notes_form = group(_("Notes"))
        self.notes = notes_edit()
        add_row(
            notes_form,
            self.add_field(
                "notes", self.notes, check=optional(self.notes, "notes", max_length=2000)
            ),
        )

        self.personal_boxes = (person_box, contact_box)
        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(consent_box)
        column.addWidget(
            columns(
                stack(person_box, contact_box, place_box),
                stack(wg_box, vulnerability_box, notes_box),
            )
        )
        self.tabs.addTab(scrolling_details(details), _("&Details"))

        self.consent.anonymous_changed.connect(self._on_consent_anonymous_changed)
        self.date_of_birth.changed.connect(self._on_age_input_changed)
        self.estimated_age.textChanged.connect(self._on_age_input_changed)
        self.displacement.currentIndexChanged.connect(self._on_displacement_changed)

    def _name_edit(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(validation.MAX_NAME)
        return edit

    # --- building: household, consents, services ---------------------------------------------

    def _build_household(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.household_none = QRadioButton(_("&Not in a registered household"), page)
        self.household_new = QRadioButton(_("A ne&w household"), page)
        self.household_existing = QRadioButton(_("An e&xisting household"), page)
        self._household_group = QButtonGroup(page)
        for button in (self.household_none, self.household_new, self.household_existing):
            self._household_group.addButton(button)
            column.addWidget(button)
            button.toggled.connect(self._on_household_mode_toggled)

        self.new_household_box = QWidget(page)
        new_form = make_form()
        new_form.setContentsMargins(24, 0, 0, 0)
        self.new_household_box.setLayout(new_form)
        self.address = QLineEdit()
        self.address.setMaxLength(500)
        add_row(
            new_form,
            self.add_field(
                "address",
                self.address,
                text=_("Add&ress"),
                check=optional(self.address, "address", max_length=500),
            ),
        )
        new_form.addRow(
            hint_label(
                _(
                    "A new household is created when the form is saved, with the rayon and "
                    "settlement of this person."
                )
            )
        )
        column.insertWidget(2, self.new_household_box)

        self.existing_household_box = QWidget(page)
        existing = QVBoxLayout(self.existing_household_box)
        existing.setContentsMargins(24, 0, 0, 0)
        self.household_label = QLabel(self.existing_household_box)
        self.household_label.setObjectName("derivedValue")
        self.household_label.setWordWrap(True)
        existing.addWidget(self.household_label)
        self.members_model = RowsModel(
            headers=[
                _("Reg. no."),
                pgettext("person", "Name"),
                _("Sex"),
                _("Age"),
                _("Relation to the head"),
            ],
            numeric=(3,),
            parent=self,
        )
        self.members_view = make_table(self.members_model, parent=self.existing_household_box)
        existing.addWidget(self.members_view, 1)
        search_row = QHBoxLayout()
        self.household_search = SubmitLineEdit(self.existing_household_box)
        self.household_search.setPlaceholderText(
            _("Household code, or a member's name or registration no.")
        )
        self.household_search.setClearButtonEnabled(True)
        search_label = QLabel(_("&Find a household"), self.existing_household_box)
        search_label.setBuddy(self.household_search)
        self.household_search_button = QPushButton(_("Search"), self.existing_household_box)
        self.household_search_button.setAutoDefault(False)
        search_row.addWidget(search_label)
        search_row.addWidget(self.household_search, 1)
        search_row.addWidget(self.household_search_button)
        existing.addLayout(search_row)
        self.found_model = RowsModel(
            headers=[_("Household"), _("Head of household"), _("Rayon"), _("Members")], parent=self
        )
        self.found_view = make_table(
            self.found_model, stretch=1, parent=self.existing_household_box
        )
        self.found_view.setMaximumHeight(150)
        self.found_view.setVisible(False)
        existing.addWidget(self.found_view)
        use_row = QHBoxLayout()
        self.use_household_button = QPushButton(
            _("&Use this household"), self.existing_household_box
        )
        self.use_household_button.setAutoDefault(False)
        self.use_household_button.setEnabled(False)
        self.use_household_button.setVisible(False)
        use_row.addWidget(self.use_household_button)
        use_row.addStretch(1)
        existing.addLayout(use_row)
        column.addWidget(self.existing_household_box, 1)

        relation_form = make_form()
        self.relation = code_combo(vocab.choices(HouseholdRelation))
        add_row(
            relation_form,
            self.add_field(
                "relation_to_head",
                self.relation,
                text=_("Relation to the &head of household"),
                check=self._check_relation,
            ),
        )
        column.addLayout(relation_form)
        self.household_stretch = QWidget(page)
        column.addWidget(self.household_stretch, 1)
        self.tabs.addTab(page, _("H&ousehold"))

        self.household_search.submitted.connect(self._on_household_search_submitted)
        self.household_search_button.clicked.connect(self._on_household_search_button_clicked)
        self.use_household_button.clicked.connect(self._on_use_household_button_clicked)
        self.found_view.doubleClicked.connect(self._on_use_household_button_clicked)
        self.found_view.selectionModel().selectionChanged.connect(self._on_found_selection_changed)

    def _build_consents(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(
            hint_label(
                _(
                    "Each purpose is recorded separately. A withdrawn consent stays in the "
                    "history; new consents are saved with the form."
                )
            )
        )
        self.consents_model = RowsModel(
            headers=[
                _("Purpose"),
                _("Given"),
                _("Recorded on"),
                _("How"),
                _("Recorded by"),
                _("Withdrawn on"),
            ],
            parent=self,
        )
        self.consents_view = make_table(self.consents_model, parent=page)
        column.addWidget(self.consents_view, 1)
        row = QHBoxLayout()
        self.record_consent_button = QPushButton(_("&Record a consent…"), page)
        self.record_consent_button.setAutoDefault(False)
        self.withdraw_button = QPushButton(_("&Withdraw the consent…"), page)
        self.withdraw_button.setAutoDefault(False)
        self.withdraw_button.setEnabled(False)
        row.addWidget(self.record_consent_button)
        row.addWidget(self.withdraw_button)
        row.addStretch(1)
        column.addLayout(row)
        self.consents_page = page
        self.tabs.addTab(page, _("&Consent"))
        self.record_consent_button.clicked.connect(self._on_record_consent_button_clicked)
        self.withdraw_button.clicked.connect(self._on_withdraw_button_clicked)
        self.consents_view.selectionModel().selectionChanged.connect(
            self._on_consents_selection_changed
        )

    def _build_services(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.services_label = QLabel(page)
        self.services_label.setWordWrap(True)
        column.addWidget(self.services_label)
        self.services_model = RowsModel(
            headers=[
                _("Date"),
                _("Project"),
                _("Activity"),
                _("Service"),
                _("Quantity"),
                _("Value"),
            ],
            numeric=(4, 5),
            parent=self,
        )
        self.services_view = make_table(self.services_model, stretch=2, parent=page)
        column.addWidget(self.services_view, 1)
        self.services_page = page
        self.tabs.addTab(page, _("&Services received"))

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        detail = None
        if self.record_id is not None:
            with self.db_.transaction() as session:
                # Opening a person's record is written to the audit log.
                detail = beneficiaries.get(session, self.record_id, user_name=self.user_name)
        self.detail = detail
        self.archived = bool(detail and detail.archived)
        self.pending_consents = []
        self.consent.set_new(detail is None)
        with self.loading():
            self._fill(detail)
        self.set_read_only(bool(detail and detail.erased_at))
        self._show_household()
        self._show_consents()
        self._show_services()
        self._update_personal_fields()
        self._update_age()
        self._update_disability()
        self._update_origin()
        self._update_status()
        self.mark_clean()

    def _fill(self, detail: beneficiaries.BeneficiaryDetail | None) -> None:
        if detail is None:
            self.registered_on.set_date(today())
            self.consent.set_anonymous(None)
            self._set_household_mode(NO_HOUSEHOLD)
            return
        draft = detail.draft
        self.consent.set_anonymous(draft.is_anonymous)
        self.last_name.setText(draft.last_name or "")
        self.first_name.setText(draft.first_name or "")
        self.patronymic.setText(draft.patronymic or "")
        set_combo_data(self.sex, draft.sex.value)
        self.date_of_birth.set_date(draft.date_of_birth)
        self.estimated_age.setText(
            str(draft.estimated_age) if draft.estimated_age is not None else ""
        )
        set_combo_data(self.displacement, draft.displacement_status.value)
        self.origin_rayon.set_code(draft.origin_rayon_code)
        self.phone.setText(draft.phone or "")
        self.national_id.setText(draft.national_id or "")
        self.rayon.set_code(draft.rayon_code)
        self.settlement.setText(draft.settlement or "")
        self.registered_on.set_date(draft.registered_on)
        for (key, _question), answer in zip(WG_QUESTIONS, draft.wg, strict=True):
            set_combo_data(self.wg[key], answer)
        self.vulnerabilities.set_value(draft.vulnerabilities)
        self.notes.setPlainText(draft.notes or "")
        self._household_id = draft.household_id
        self._household_code = detail.household_code
        self._household_members = detail.household
        self._set_household_mode(EXISTING_HOUSEHOLD if draft.household_id else NO_HOUSEHOLD)
        set_combo_data(
            self.relation, draft.relation_to_head.value if draft.relation_to_head else None
        )

    def _update_status(self) -> None:
        detail = self.detail
        self.update_archive_button()
        self.erase_button.setVisible(detail is not None and detail.erased_at is None)
        self.tabs.setTabVisible(self.tabs.indexOf(self.consents_page), detail is not None)
        self.tabs.setTabVisible(self.tabs.indexOf(self.services_page), detail is not None)
        if detail is None:
            self.setWindowTitle(_("New beneficiary") + "[*]")
            self.status_label.setVisible(False)
            return
        name = beneficiaries.display_name(
            detail.draft.first_name, detail.draft.last_name, detail.draft.patronymic
        )
        self.setWindowTitle(
            _("Beneficiary {number}: {name}").format(number=detail.registration_no, name=name)
            + "[*]"
        )
        lines = [_("Registration no. {number}").format(number=detail.registration_no)]
        if detail.erased_at is not None:
            lines.append(
                _(
                    "This person's personal data was erased on {date}. The record is kept "
                    "anonymously so that past reports still add up; it cannot be edited."
                ).format(date=format_short(detail.erased_at.date()))
            )
        elif self.archived:
            lines.append(_("This person is archived."))
        self.status_label.setText("\n".join(lines))
        self.status_label.setVisible(True)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for widget in (
            self.household_none,
            self.household_new,
            self.household_existing,
            self.new_household_box,
            self.existing_household_box,
            self.record_consent_button,
        ):
            widget.setEnabled(not read_only)
        if read_only:
            self.withdraw_button.setEnabled(False)
            self.archive_button.setVisible(False)
            self.erase_button.setVisible(False)
        else:
            self._update_personal_fields()
            self._update_origin()
            self._show_household()

    # --- household ----------------------------------------------------------------------------

    def household_mode(self) -> str:
        if self.household_new.isChecked():
            return NEW_HOUSEHOLD
        if self.household_existing.isChecked():
            return EXISTING_HOUSEHOLD
        return NO_HOUSEHOLD

    def _set_household_mode(self, mode: str) -> None:
        button = {
            NO_HOUSEHOLD: self.household_none,
            NEW_HOUSEHOLD: self.household_new,
            EXISTING_HOUSEHOLD: self.household_existing,
        }[mode]
        button.setChecked(True)
        self._show_household()

    def _show_household(self) -> None:
        mode = self.household_mode()
        self.new_household_box.setVisible(mode == NEW_HOUSEHOLD)
        self.existing_household_box.setVisible(mode == EXISTING_HOUSEHOLD)
        self.household_stretch.setVisible(mode != EXISTING_HOUSEHOLD)
        self.relation.setEnabled(mode != NO_HOUSEHOLD and not self.read_only)
        members = self._household_members if mode == EXISTING_HOUSEHOLD else ()
        if self._household_code:
            self.household_label.setText(_("Household {code}").format(code=self._household_code))
        else:
            self.household_label.setText(_("Find the household, then choose “Use this household”."))
        self.members_model.set_rows(
            [
                Row(
                    (
                        member.registration_no,
                        member.display_name,
                        vocab.label(member.sex, vocab.Sex),
                        str(member.age) if member.age is not None else "",
                        vocab.label(member.relation_to_head, HouseholdRelation)
                        if member.relation_to_head
                        else "",
                    ),
                    key=member.id,
                    strong=member.is_head,
                )
                for member in members
            ]
        )
        self.members_view.setVisible(bool(members))

    def _check_relation(self) -> str | None:
        if self.household_mode() != NO_HOUSEHOLD and self.relation.currentIndex() < 0:
            return _("Choose how the person is related to the head of the household.")
        return None

    def _search_households(self) -> None:
        text = self.household_search.text().strip()
        if not text:
            return
        with self.db_.reading() as session:
            households = beneficiaries.find_households(session, text, limit=HOUSEHOLD_SEARCH_LIMIT)
        found = [
            Row(
                (
                    household.code,
                    household.head_name or "",
                    place_name(household.rayon_code),
                    format_integer(household.member_count),
                ),
                key=household.id,
            )
            for household in households
            if household.id != self._household_id
        ]
        self.found_model.set_rows(found)
        self.found_view.setVisible(True)
        self.use_household_button.setVisible(True)
        if not found:
            messages.show_status(_("No household matches “{search}”.").format(search=text))

    # --- consents and services ----------------------------------------------------------------

    def _has_registration_consent(self) -> bool:
        saved = self.detail is not None and self.detail.has_registration_consent
        pending = any(
            c.purpose == ConsentPurpose.REGISTRATION and c.given for c in self.pending_consents
        )
        return saved or pending

    def _show_consents(self) -> None:
        detail = self.detail
        rows: list[Row] = []
        if detail is not None:
            rows = [
                Row(
                    (
                        vocab.label(c.purpose, ConsentPurpose),
                        _("Yes") if c.given else _("No"),
                        i18n.format_date(c.recorded_on),
                        vocab.label(c.method, ConsentMethod),
                        c.recorded_by or "",
                        i18n.format_date(c.withdrawn_on),
                    ),
                    key=c.id,
                    muted=c.withdrawn_on is not None or not c.given,
                )
                for c in detail.consents
            ]
        rows += [
            Row(
                (
                    vocab.label(c.purpose),
                    _("Yes") if c.given else _("No"),
                    i18n.format_date(c.recorded_on),
                    vocab.label(c.method),
                    c.recorded_by or self.user_name or "",
                    _("Not saved yet"),
                ),
                muted=True,
            )
            for c in self.pending_consents
        ]
        self.consents_model.set_rows(rows)
        self.withdraw_button.setEnabled(False)
        self.consent.summary.setText(self._consent_summary())
        field = self.fields["consent"]
        if field.error:
            field.validate()

    def _consent_summary(self) -> str:
        detail = self.detail
        if detail is None:
            return ""
        current = [
            c
            for c in detail.consents
            if c.purpose == ConsentPurpose.REGISTRATION and c.given and c.withdrawn_on is None
        ]
        if current:
            latest = current[-1]
            return _("Consent to registration given on {date} ({method}).").format(
                date=format_short(latest.recorded_on),
                method=vocab.label(latest.method, ConsentMethod),
            )
        if any(c.purpose == ConsentPurpose.REGISTRATION and c.given for c in self.pending_consents):
            return _("Consent to registration recorded; it is saved with the form.")
        if detail.draft.is_anonymous:
            return _("Registered anonymously: the person did not consent to registration.")
        return _(
            "No valid consent to registration. Record it on the Consent tab, or register the "
            "person anonymously."
        )

    def _show_services(self) -> None:
        services = self.detail.services if self.detail else ()
        self.services_label.setText(
            _("Services this person received, newest first.")
            if services
            else _("No services recorded for this person yet.")
        )
        self.services_model.set_rows(
            [
                Row(
                    (
                        i18n.format_date(s.delivered_on),
                        s.project_code,
                        _("{code} — {title}").format(code=s.activity_code, title=s.activity_title),
                        vocab.label(s.service_type, vocab.ServiceType),
                        _quantity_text(s),
                        i18n.format_money(s.value, s.currency)
                        if s.value is not None and s.currency
                        else "",
                    )
                )
                for s in services
            ]
        )

    # --- live derivations ---------------------------------------------------------------------

    def _update_personal_fields(self) -> None:
        """Personal fields only with consent to registration; an anonymous person has none."""
        if self.read_only:
            return
        allowed = self.consent.chosen() and not self.consent.anonymous()
        for key in PERSONAL:
            self.fields[key].widget.setEnabled(allowed)
        self.personal_hint.setVisible(not allowed)
        self._update_age()

    def _wg_answers(self) -> tuple[int | None, ...]:
        return tuple(self.wg[key].currentData() for key, _question in WG_QUESTIONS)

    def _update_disability(self) -> None:
        self.disability_label.setText(disability_text(self._wg_answers()))

    def _update_origin(self) -> None:
        if self.read_only:
            return
        displaced = self.displacement.currentData() in DISPLACED
        self.origin_rayon.setEnabled(displaced)
        if not displaced:
            self.fields["origin_rayon_code"].show_error(None)

    def _estimate(self) -> int | None:
        text = self.estimated_age.text().strip()
        return int(text) if text.isdigit() else None

    def _update_age(self) -> None:
        born = self.date_of_birth.date() if self.date_of_birth.isEnabled() else None
        has_birth_text = self.date_of_birth.isEnabled() and bool(self.date_of_birth.text().strip())
        self.estimated_age.setEnabled(not has_birth_text and not self.read_only)
        if born is not None and born > today():
            self.age_label.setText(_age_text(None, estimated=False))
            return
        if born is not None:
            self.age_label.setText(
                _age_text(people.age_on(today(), date_of_birth=born), estimated=False)
            )
            return
        estimate = self._estimate()
        if estimate is None or has_birth_text:
            self.age_label.setText(_age_text(None, estimated=True))
            return
        saved = self.detail.draft if self.detail else None
        if saved is not None and saved.date_of_birth is None and saved.estimated_age == estimate:
            # The saved estimate, aged forward from the day it was made.
            estimate = self.detail.age if self.detail and self.detail.age is not None else estimate
        self.age_label.setText(_age_text(estimate, estimated=True))

    # --- checking and saving ------------------------------------------------------------------

    def _check_estimated_age(self) -> str | None:
        estimate = self._estimate()
        if self.estimated_age.text().strip() and estimate is None:
            return _("Enter an age between 0 and 120.")
        return rule(lambda: validation.estimated_age(estimate))

    def check_form(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        born = self.date_of_birth.date() if self.date_of_birth.isEnabled() else None
        if born is None and self._estimate() is None:
            key = "date_of_birth" if self.date_of_birth.isEnabled() else "estimated_age"
            problems[key] = _("Enter the date of birth, or an estimated age if it is not known.")
        return problems

    def draft(self, *, household_id: int | None) -> beneficiaries.BeneficiaryDraft:
        anonymous = self.consent.anonymous()
        registered = self.registered_on.date()
        assert registered is not None  # checked by the field
        born = None if anonymous else self.date_of_birth.date()
        displaced = self.displacement.currentData() in DISPLACED
        consents = (*self.consent.drafts(), *self.pending_consents)
        return beneficiaries.BeneficiaryDraft(
            sex=vocab.Sex(self.sex.currentData()),
            displacement_status=DisplacementStatus(self.displacement.currentData()),
            registered_on=registered,
            is_anonymous=anonymous,
            first_name=None if anonymous else self.first_name.text(),
            last_name=None if anonymous else self.last_name.text(),
            patronymic=None if anonymous else clean(self.patronymic.text()),
            date_of_birth=born,
            estimated_age=None if born is not None else self._estimate(),
            wg=self._wg_answers(),
            origin_rayon_code=self.origin_rayon.code() if displaced else None,
            rayon_code=self.rayon.code(),
            settlement=clean(self.settlement.text()),
            phone=None if anonymous else clean(self.phone.text()),
            national_id=None if anonymous else clean(self.national_id.text()),
            vulnerabilities=frozenset(self.vulnerabilities.value()),
            notes=clean(self.notes.toPlainText()),
            household_id=household_id,
            relation_to_head=HouseholdRelation(self.relation.currentData())
            if household_id is not None and self.relation.currentData()
            else None,
            consents=consents,
        )

    def write(self) -> None:
        mode = self.household_mode()
        with self.db_.transaction() as session:
            household_id = self._household_for_save(session, mode)
            draft = self.draft(household_id=household_id)
            if self.record_id is None:
                new_id = beneficiaries.create(session, draft, user_name=self.user_name)
            else:
                new_id = self.record_id
                beneficiaries.update(session, new_id, draft, user_name=self.user_name)
                already_head = any(m.id == new_id and m.is_head for m in self._household_members)
                if (
                    household_id is not None
                    and draft.relation_to_head == HouseholdRelation.HEAD
                    and not (already_head and household_id == self.detail_household_id())
                ):
                    beneficiaries.set_head(session, household_id, new_id, user_name=self.user_name)
        self.record_id = new_id
        self.pending_consents = []

    def detail_household_id(self) -> int | None:
        return self.detail.draft.household_id if self.detail else None

    def _household_for_save(self, session: Session, mode: str) -> int | None:
        if mode == NEW_HOUSEHOLD:
            rayon = self.rayon.code()
            return beneficiaries.create_household(
                session,
                rayon_code=rayon,
                settlement=clean(self.settlement.text()),
                address=clean(self.address.text()),
                user_name=self.user_name,
            )
        if mode == EXISTING_HOUSEHOLD:
            if self._household_id is None:
                raise validation.FormErrors(
                    {"relation_to_head": _("Find the household, then choose “Use this household”.")}
                )
            return self._household_id
        return None

    def extra_state(self) -> object:
        return (self.household_mode(), self._household_id, tuple(self.pending_consents))

    def archive_record(self, session: Session, *, archived: bool) -> None:
        assert self.record_id is not None
        beneficiaries.archive(session, self.record_id, archived=archived, user_name=self.user_name)

    def archive_question(self) -> str:
        return _(
            "Archive this person? They disappear from the lists but are kept with their services, "
            "and you can restore them from the Archived view."
        )

    def restore_question(self) -> str:
        return _("Restore this person? They appear in the lists again.")

    def after_archive(self) -> None:
        self._update_status()

    # --- slots --------------------------------------------------------------------------------

    @Slot(bool)
    def _on_consent_anonymous_changed(self, anonymous: bool) -> None:
        if anonymous:
            born = self.date_of_birth.date()
            if born is not None and self._estimate() is None:
                # The age stays (anonymous totals need it); the date of birth goes.
                self.estimated_age.setText(str(people.age_on(today(), date_of_birth=born)))
            for key in PERSONAL:
                widget = self.fields[key].widget
                if isinstance(widget, QLineEdit):
                    widget.clear()
                elif isinstance(widget, DateField):
                    widget.set_date(None)
                self.fields[key].show_error(None)
        self._update_personal_fields()

    @Slot()
    def _on_age_input_changed(self, *_args: object) -> None:
        self._update_age()

    @Slot()
    def _on_wg_changed(self, *_args: object) -> None:
        self._update_disability()

    @Slot()
    def _on_displacement_changed(self, *_args: object) -> None:
        self._update_origin()

    @Slot(bool)
    def _on_household_mode_toggled(self, checked: bool) -> None:
        if checked:
            self._show_household()
            self.fields["relation_to_head"].show_error(None)
            self.setWindowModified(self.is_dirty())

    @Slot(str)
    def _on_household_search_submitted(self, _text: str) -> None:
        self._search_households()

    @Slot()
    def _on_household_search_button_clicked(self) -> None:
        self._search_households()

    @Slot()
    def _on_found_selection_changed(self, *_args: object) -> None:
        self.use_household_button.setEnabled(selected_key(self.found_view) is not None)

    @Slot()
    def _on_use_household_button_clicked(self, *_args: object) -> None:
        household_id = selected_key(self.found_view)
        if household_id is None:
            return
        code = self.found_model.index(self.found_view.currentIndex().row(), 0).data()
        with self.db_.reading() as session:
            members = beneficiaries.household_members(session, household_id)
        self._household_id = household_id
        self._household_code = code
        self._household_members = members
        self._show_household()
        self.setWindowModified(self.is_dirty())
        self.relation.setFocus()

    @Slot()
    def _on_record_consent_button_clicked(self) -> None:
        dialog = ConsentDialog(user_name=self.user_name, parent=self)
        if dialog.exec() and dialog.consent is not None:
            self.pending_consents.append(dialog.consent)
            self._show_consents()
            self.setWindowModified(self.is_dirty())
        dialog.deleteLater()

    @Slot()
    def _on_consents_selection_changed(self, *_args: object) -> None:
        self.withdraw_button.setEnabled(self._withdrawable() is not None and not self.read_only)

    def _withdrawable(self) -> beneficiaries.ConsentRecord | None:
        consent_id = selected_key(self.consents_view)
        if consent_id is None or self.detail is None:
            return None
        record = next((c for c in self.detail.consents if c.id == consent_id), None)
        if record is None or not record.given or record.withdrawn_on is not None:
            return None
        return record

    @Slot()
    def _on_withdraw_button_clicked(self) -> None:
        record = self._withdrawable()
        if record is None:
            return
        purpose = vocab.label(record.purpose, ConsentPurpose)
        if not confirm(
            self,
            _(
                "Record that the person withdrew their consent to “{purpose}” today? The consent "
                "stays in the history, marked as withdrawn."
            ).format(purpose=purpose),
            title=_("Withdraw the consent"),
        ):
            return
        if not self.run_action(
            lambda session: beneficiaries.withdraw_consent(
                session, record.id, on=today(), user_name=self.user_name
            )
        ):
            return
        with self.db_.transaction() as session:
            assert self.record_id is not None
            self.detail = beneficiaries.get(session, self.record_id, user_name=self.user_name)
        self._show_consents()
        if record.purpose == ConsentPurpose.REGISTRATION and not self._has_registration_consent():
            messages.show_information(
                self,
                _(
                    "The consent to registration was withdrawn. Erase the person's personal "
                    "data (Erase personal data…), or register them anonymously."
                ),
            )

    @Slot()
    def _on_erase_button_clicked(self) -> None:
        if self.record_id is None:
            return
        if not confirm(
            self,
            _(
                "Erase this person's personal data for good? Their name, phone, FİN, date of "
                "birth, settlement, notes and vulnerabilities are deleted and cannot be "
                "recovered. The record stays as an anonymous row with its sex, age, disability, "
                "displacement, rayon and every service record, so that past reports still add "
                "up. Changes not saved in this form are lost."
            ),
            title=_("Erase personal data"),
        ):
            return
        record_id = self.record_id
        if self.run_action(
            lambda session: beneficiaries.erase(session, record_id, user_name=self.user_name)
        ):
            self.reload()


def _quantity_text(service: beneficiaries.ServiceReceived) -> str:
    quantity = i18n.format_decimal(
        service.quantity, places=0 if service.quantity == service.quantity.to_integral() else 2
    )
    if service.unit:
        return _("{quantity} {unit}").format(quantity=quantity, unit=service.unit)
    return quantity


class ConsentDialog(FormDialog):
    """One consent (or refusal) for one purpose, for a person already registered.

    Nothing is written here: the consent is saved with the person's form.

    Attributes:
        consent: what was recorded, once saved.

    Signals:
        saved(): inherited; the consent was recorded.
    """

    def __init__(self, *, user_name: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(db=None, user_name=user_name, parent=parent)
        self.setWindowTitle(_("Record a consent") + "[*]")
        self.consent: ConsentDraft | None = None
        form = make_form()
        self.main_layout.addLayout(form)
        self.purpose = code_combo(vocab.choices(ConsentPurpose))
        add_row(
            form,
            self.add_field("purpose", self.purpose, text=_("&Purpose"), check=chosen(self.purpose)),
        )
        self.given = QComboBox()
        self.given.addItem(_("The person consents"), True)
        self.given.addItem(_("The person does not consent"), False)
        add_row(form, self.add_field("given", self.given, text=_("&Answer")))
        self.method = code_combo(vocab.choices(ConsentMethod))
        add_row(
            form, self.add_field("method", self.method, text=_("&How"), check=chosen(self.method))
        )
        self.recorded_on = DateField(past_only=True)
        add_row(
            form,
            self.add_field(
                "recorded_on",
                self.recorded_on,
                text=_("O&n"),
                check=date_check(self.recorded_on, "recorded_on", required=True),
            ),
        )
        self.recorded_by = QLineEdit(user_name or "")
        self.recorded_by.setMaxLength(200)
        add_row(
            form,
            self.add_field(
                "recorded_by",
                self.recorded_by,
                text=_("Recorded &by"),
                check=optional(self.recorded_by, "recorded_by", max_length=200),
            ),
        )
        self.main_layout.addStretch(1)
        self.finish()
        with self.loading():
            self.recorded_on.set_date(today())
        self.mark_clean()
        self.resize(max(520, self.sizeHint().width()), self.sizeHint().height())

    def write(self) -> None:
        on = self.recorded_on.date()
        assert on is not None
        self.consent = ConsentDraft(
            purpose=ConsentPurpose(self.purpose.currentData()),
            given=bool(self.given.currentData()),
            recorded_on=on,
            method=ConsentMethod(self.method.currentData()),
            recorded_by=clean(self.recorded_by.text()),
        )
