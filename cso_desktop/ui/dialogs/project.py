"""A project (grant): details, donor, sectors, rayons covered, budget rules, and its logframe."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy.orm import Session

from PySide6.QtCore import (
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain import people, places, sectors, vocab
from cso_desktop.i18n import _, ngettext
from cso_desktop.services import projects
from cso_desktop.ui.dialogs.common import (
    RecordDialog,
    clean,
    columns,
    date_check,
    group,
    notes_edit,
    parse_decimal,
    scrolling_details,
    stack,
)
from cso_desktop.ui.forms.combo import UNKNOWN, SearchableCombo
from cso_desktop.ui.forms.dates import DateField, format_short
from cso_desktop.ui.forms.fields import (
    Check,
    add_row,
    chosen,
    code_combo,
    optional,
    required,
    set_combo_data,
)
from cso_desktop.ui.forms.places import RayonCombo
from cso_desktop.ui.widgets.flow_layout import FlowLayout
from cso_desktop.ui.widgets.logframe import LogframeEditor


class RayonsPicker(QWidget):
    """Several rayons: chosen by typing part of a name, shown as removable chips.

    Signals:
        changed(): a rayon was added or removed.
    """

    changed = Signal()

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._codes: list[str] = []
        self.combo = RayonCombo(parent=self)
        self.add_button = QPushButton(_("Add"), self)
        self.add_button.setAutoDefault(False)
        self.chips = QWidget(self)
        self.chips_layout = FlowLayout(spacing=4, one_row_hint=False, parent=self.chips)
        self.chips.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.chips)
        self.setFocusProxy(self.combo)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.combo.activated.connect(self._on_combo_activated)

    def codes(self) -> tuple[str, ...]:
        return tuple(self._codes)

    def set_codes(self, codes: Iterable[str]) -> None:
        self._codes = list(dict.fromkeys(codes))
        self._rebuild()

    def state(self) -> object:
        return tuple(sorted(self._codes))

    def add(self, code: str | None) -> bool:
        if not code or code in self._codes:
            return False
        self._codes.append(code)
        self._rebuild()
        self.changed.emit()
        return True

    def remove(self, code: str) -> None:
        if code in self._codes:
            self._codes.remove(code)
            self._rebuild()
            self.changed.emit()

    def pending_problem(self) -> str | None:
        """Text typed in the picker that names no rayon."""
        return _("Choose a rayon from the list.") if self.combo.value() is UNKNOWN else None

    def _rebuild(self) -> None:
        while self.chips_layout.count():
            item = self.chips_layout.takeAt(0)
            chip = item.widget() if item is not None else None
            if chip is not None:
                chip.deleteLater()
        ordered = sorted(self._codes, key=lambda c: people.sort_key([places.place_name(c)]))
        previous: QWidget = self.add_button
        for code in ordered:
            name = places.place_name(code)
            chip = QPushButton(f"{name}  ✕", self.chips)
            chip.setObjectName("tagChip")
            chip.setAutoDefault(False)
            chip.setToolTip(_("Remove “{tag}”").format(tag=name))
            chip.setAccessibleName(_("Remove “{tag}”").format(tag=name))
            chip.clicked.connect(lambda _checked=False, c=code: self.remove(c))
            self.chips_layout.addWidget(chip)
            QWidget.setTabOrder(previous, chip)
            previous = chip
        self.chips.updateGeometry()

    def _take_choice(self) -> None:
        code = self.combo.code() if self.combo.value() is not UNKNOWN else None
        if code and self.add(code):
            self.combo.set_code(None)

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self._take_choice()
        self.combo.setFocus()

    @Slot(int)
    def _on_combo_activated(self, _index: int) -> None:
        self._take_choice()


def _percent_check(edit: QLineEdit) -> Check:
    def check() -> str | None:
        text = edit.text().strip().rstrip("%").strip()
        if not text:
            return None
        value = parse_decimal(text)
        if value is None or not Decimal("0") <= value <= Decimal("100"):
            return _("Enter a percentage between 0 and 100.")
        return None

    return check


def _percent(edit: QLineEdit) -> Decimal | None:
    return parse_decimal(edit.text().strip().rstrip("%").strip())


def _percent_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    places_ = 0 if value == value.to_integral_value() else 2
    return i18n.format_decimal(value, places=places_)


class ProjectDialog(RecordDialog):
    """Add or edit a project; its logframe once it is saved.

    Attributes:
        detail: the project as saved, or ``None`` for a new one.
        logframe: the logframe editor (Logframe tab).

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
        self.detail: projects.ProjectDetail | None = None
        self._build_details()
        self._build_logframe()
        self.finish()
        self.reload()

    # --- building -----------------------------------------------------------------------------

    def _build_details(self) -> None:
        project_box, form = group(_("Project"))
        self.code = QLineEdit()
        self.code.setMaxLength(30)
        self.code.setPlaceholderText(_("for example EU-2026-01"))
        add_row(
            form,
            self.add_field(
                "code", self.code, text=_("&Code"), check=required(self.code, "code", max_length=30)
            ),
        )
        self.title_edit = QPlainTextEdit()
        self.title_edit.setTabChangesFocus(True)
        self.title_edit.setFixedHeight(self.title_edit.fontMetrics().lineSpacing() * 2 + 14)
        add_row(
            form,
            self.add_field(
                "title",
                self.title_edit,
                text=_("&Title"),
                check=required(self.title_edit, "title", max_length=300),
            ),
        )
        self.status = code_combo(vocab.choices(vocab.ProjectStatus))
        add_row(
            form,
            self.add_field("status", self.status, text=_("&Status"), check=chosen(self.status)),
        )
        self.start_date = DateField()
        add_row(
            form,
            self.add_field(
                "start_date",
                self.start_date,
                text=_("Starts o&n"),
                check=date_check(self.start_date, "start_date", required=True, past=False),
            ),
        )
        self.end_date = DateField()
        add_row(
            form,
            self.add_field(
                "end_date",
                self.end_date,
                text=_("&Ends on"),
                check=self._check_end_date,
            ),
        )
        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        self.currency.setPlaceholderText(_("AZN, EUR, USD…"))
        add_row(
            form,
            self.add_field(
                "currency",
                self.currency,
                text=_("C&urrency"),
                check=required(self.currency, "currency", max_length=3),
            ),
        )

        donor_box, donor_form = group(_("Donor"))
        self.donor_kind = code_combo(vocab.choices(vocab.DonorKind))
        add_row(
            donor_form,
            self.add_field(
                "donor_kind", self.donor_kind, text=_("F&unded by"), check=chosen(self.donor_kind)
            ),
        )
        self.donor_name = QLineEdit()
        self.donor_name.setMaxLength(200)
        add_row(
            donor_form,
            self.add_field(
                "donor_name",
                self.donor_name,
                text=_("Donor &name"),
                check=required(self.donor_name, "donor_name", max_length=200),
            ),
        )
        self.donor_reference = QLineEdit()
        self.donor_reference.setMaxLength(100)
        add_row(
            donor_form,
            self.add_field(
                "donor_reference",
                self.donor_reference,
                text=_("Contract &reference"),
                check=optional(self.donor_reference, "donor_reference", max_length=100),
            ),
        )

        where_box, where_form = group(_("Sector and rayons"))
        self.go_sector = SearchableCombo(
            items=[(label, code) for code, label in sectors.go_sector_choices()],
            placeholder=_("Type or choose a sector"),
        )
        add_row(
            where_form,
            self.add_field(
                "go_sector",
                self.go_sector,
                text=_("IFRC &GO sector"),
                check=self._unknown_check(self.go_sector, _("Choose a GO sector from the list.")),
            ),
        )
        dac = sectors.dac_sectors()
        self.dac_sector = SearchableCombo(
            items=[(s.label(), s.code) for s in dac],
            aliases=[(s.code, s.code) for s in dac],
            placeholder=_("Type a code or part of the name"),
        )
        add_row(
            where_form,
            self.add_field(
                "dac_sector_code",
                self.dac_sector,
                text=_("&DAC sector code"),
                check=self._unknown_check(
                    self.dac_sector, _("Choose a DAC sector code from the list.")
                ),
            ),
        )
        self.rayons = RayonsPicker()
        add_row(
            where_form,
            self.add_field(
                "rayon_codes",
                self.rayons,
                text=_("Rayons co&vered"),
                check=self.rayons.pending_problem,
            ),
        )

        rules_box, rules_form = group(_("Budget rules"))
        self.indirect_rate = QLineEdit()
        self.contingency_rate = QLineEdit()
        self.reallocation_threshold = QLineEdit()
        for key, edit, text in (
            (
                "indirect_rate",
                self.indirect_rate,
                _("&Indirect costs (percentage of direct costs)"),
            ),
            (
                "contingency_rate",
                self.contingency_rate,
                _("C&ontingency (percentage of direct costs)"),
            ),
            (
                "reallocation_threshold",
                self.reallocation_threshold,
                _("Reallocation &threshold, %"),
            ),
        ):
            edit.setMaxLength(8)
            add_row(rules_form, self.add_field(key, edit, text=text, check=_percent_check(edit)))
        self.reallocation_threshold.setPlaceholderText(
            _percent_text(projects.DEFAULT_REALLOCATION_THRESHOLD)
        )
        self.indirect_rate.setPlaceholderText(_("EU grants: at most 7"))
        self.contingency_rate.setPlaceholderText(_("EU grants: at most 5"))

        description_box, description_form = group(_("Description"))
        self.description = notes_edit()
        add_row(
            description_form,
            self.add_field(
                "description",
                self.description,
                check=optional(self.description, "description", max_length=4000),
            ),
        )
        details = columns(
            stack(project_box, donor_box, description_box), stack(where_box, rules_box)
        )
        self.tabs.addTab(scrolling_details(details), _("&Details"))

    def _build_logframe(self) -> None:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.addWidget(
            self.until_saved_hint(_("Save the project first; then its logframe can be built here."))
        )
        self.logframe = LogframeEditor(db=self.db_, user_name=self.user_name, parent=holder)
        self.logframe.changed.connect(self._on_logframe_changed)
        column.addWidget(self.logframe, 1)
        self.tabs.addTab(holder, _("&Logframe"))

    @staticmethod
    def _unknown_check(combo: SearchableCombo, message: str) -> Check:
        return lambda: message if combo.value() is UNKNOWN else None

    def _check_end_date(self) -> str | None:
        problem = self.end_date.check(key="end_date", required=True)
        if problem:
            return problem
        start, end = self.start_date.date(), self.end_date.date()
        if start is not None and end is not None and end < start:
            return _("The end date is before the start date.")
        return None

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        self._load_detail()
        with self.loading():
            self._fill(self.detail.draft if self.detail else None)
        self.mark_clean()

    def _load_detail(self) -> None:
        detail = None
        if self.record_id is not None:
            with self.db_.reading() as session:
                detail = projects.get(session, self.record_id)
        self.detail = detail
        self.archived = bool(detail and detail.archived)
        self.logframe.set_project(self.record_id)
        self.logframe.setEnabled(detail is not None)
        self._update_status()

    def _fill(self, draft: projects.ProjectDraft | None) -> None:
        if draft is None:
            set_combo_data(self.status, vocab.ProjectStatus.PIPELINE.value)
            self.currency.setText("AZN")
            return
        self.code.setText(draft.code)
        self.title_edit.setPlainText(draft.title)
        set_combo_data(self.status, draft.status.value)
        self.start_date.set_date(draft.start_date)
        self.end_date.set_date(draft.end_date)
        self.currency.setText(draft.currency)
        set_combo_data(self.donor_kind, draft.donor_kind.value if draft.donor_kind else None)
        self.donor_name.setText(draft.donor_name)
        self.donor_reference.setText(draft.donor_reference or "")
        self.go_sector.set_value(draft.go_sector, fallback=sectors.go_sector_label(draft.go_sector))
        self.dac_sector.set_value(
            draft.dac_sector_code, fallback=sectors.dac_label(draft.dac_sector_code)
        )
        self.rayons.set_codes(draft.rayon_codes)
        self.indirect_rate.setText(_percent_text(draft.indirect_rate))
        self.contingency_rate.setText(_percent_text(draft.contingency_rate))
        self.reallocation_threshold.setText(_percent_text(draft.reallocation_threshold))
        self.description.setPlainText(draft.description or "")

    def _update_status(self) -> None:
        detail = self.detail
        self.update_archive_button()
        if detail is None:
            self.setWindowTitle(_("New project") + "[*]")
            self.status_label.setVisible(False)
            return
        draft = detail.draft
        self.setWindowTitle(
            _("Project {code}: {title}").format(code=draft.code, title=draft.title) + "[*]"
        )
        lines = [
            _("{donor} · {start}–{end} · {status}").format(
                donor=draft.donor_name,
                start=format_short(draft.start_date),
                end=format_short(draft.end_date),
                status=vocab.label(draft.status),
            ),
            ngettext("{n} activity", "{n} activities", detail.activities).format(
                n=detail.activities
            )
            + " · "
            + ngettext("{n} budget line", "{n} budget lines", detail.budget_lines).format(
                n=detail.budget_lines
            ),
        ]
        if self.archived:
            lines.append(_("This project is archived."))
        self.status_label.setText("\n".join(lines))
        self.status_label.setVisible(True)

    # --- saving -------------------------------------------------------------------------------

    def draft(self) -> projects.ProjectDraft:
        donor = self.donor_kind.currentData()
        status = self.status.currentData()
        go = self.go_sector.value()
        dac = self.dac_sector.value()
        return projects.ProjectDraft(
            code=self.code.text(),
            title=self.title_edit.toPlainText(),
            donor_kind=vocab.DonorKind(donor) if donor else None,
            donor_name=self.donor_name.text(),
            start_date=self.start_date.date(),
            end_date=self.end_date.date(),
            currency=self.currency.text(),
            status=vocab.ProjectStatus(status) if status else vocab.ProjectStatus.PIPELINE,
            donor_reference=clean(self.donor_reference.text()),
            go_sector=go if isinstance(go, str) else None,
            dac_sector_code=dac if isinstance(dac, str) else None,
            rayon_codes=self.rayons.codes(),
            description=self.description.toPlainText(),
            indirect_rate=_percent(self.indirect_rate),
            contingency_rate=_percent(self.contingency_rate),
            reallocation_threshold=_percent(self.reallocation_threshold),
        )

    def write(self) -> None:
        draft = self.draft()
        with self.db_.transaction() as session:
            if self.record_id is None:
                new_id = projects.create(session, draft, user_name=self.user_name)
            else:
                projects.update(session, self.record_id, draft, user_name=self.user_name)
                new_id = self.record_id
        self.record_id = new_id

    def archive_record(self, session: Session, *, archived: bool) -> None:
        assert self.record_id is not None
        projects.archive(session, self.record_id, archived=archived, user_name=self.user_name)

    def archive_question(self) -> str:
        return _(
            "Archive this project? It disappears from the lists but is kept with its logframe, "
            "activities and budget, and you can restore it from the Archived view."
        )

    def after_archive(self) -> None:
        self._load_detail()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.logframe.set_read_only(read_only)

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_logframe_changed(self) -> None:
        self.changed = True
