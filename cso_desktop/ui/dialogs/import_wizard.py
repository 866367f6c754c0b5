"""The import wizard: one list from a CSV or Excel file into a register, checked first.

Five steps, each with Back and Next (Alt+B, Alt+N; Enter goes on, Esc cancels):

1. **File**: what is imported, the file (and its sheet), and the template to download.
2. **Columns**: where each column of the file goes; the app proposes, the user corrects;
   mappings are saved by name and applied again.
3. **Check**: every problem with its row, column, value and reason; the user fixes the file and
   reads it again, or explicitly imports only the valid rows.
4. **Duplicates**: each pair of people who may be one, and the decision on it.
5. **Import**: what a dry run would do, then the import itself, all or nothing, with progress.

Everything slow (reading, checking, looking for duplicates, importing) runs off the GUI thread
through :mod:`cso_desktop.ui.ops`; the window never freezes. The wizard keeps every choice when
the user goes back and forth and when a step fails.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain.errors import CsoError
from cso_desktop.i18n import N_, _, ngettext
from cso_desktop.services import export
from cso_desktop.services.importing import duplicates, mapping, run, schema, sources, templates
from cso_desktop.services.importing.checking import Checked, check
from cso_desktop.services.importing.duplicates import Decision, DuplicatePair
from cso_desktop.services.importing.mapping import Mapping
from cso_desktop.services.importing.run import ImportOptions, ImportSummary
from cso_desktop.services.importing.schema import ImportKind
from cso_desktop.services.importing.sources import SourceFile
from cso_desktop.services.registers import ColumnKind
from cso_desktop.ui import messages, ops
from cso_desktop.ui.forms.dialog import FORM_STYLE, hint_label, scrolling
from cso_desktop.ui.language import LanguageNotifier
from cso_desktop.ui.models import import_duplicates_model as dup_model
from cso_desktop.ui.models import import_mapping_model as map_model
from cso_desktop.ui.models.import_duplicates_model import DuplicatesModel
from cso_desktop.ui.models.import_mapping_model import MappingModel
from cso_desktop.ui.models.import_problems_model import ProblemsModel, problem_titles

log = logging.getLogger(__name__)

#: The kinds in the order offered, with their titles.
KIND_TITLES: dict[ImportKind, str] = {
    ImportKind.BENEFICIARIES: N_("Beneficiaries"),
    ImportKind.MEMBERS: N_("Members"),
    ImportKind.VOLUNTEERS: N_("Volunteers"),
    ImportKind.ATTENDANCE: N_("Attendance (services delivered)"),
    ImportKind.EXPENSES: N_("Expenses"),
}
#: The register each kind lands in (what the window refreshes after an import).
REGISTER_OF_KIND: dict[ImportKind, str] = {
    ImportKind.BENEFICIARIES: "beneficiaries",
    ImportKind.MEMBERS: "members",
    ImportKind.VOLUNTEERS: "volunteers",
    ImportKind.ATTENDANCE: "activities",
    ImportKind.EXPENSES: "expenses",
}
#: The wizard's size when it opens, at most; it fits a 1366×768 laptop screen.
DEFAULT_SIZE = (1140, 700)
#: Room left around the wizard inside its parent window.
PARENT_MARGIN = 40

_SOURCE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt", ".tsv")

WIZARD_STYLE = (
    FORM_STYLE
    + """
QLabel#wizardStep { padding: 6px 10px; border-radius: 4px; color: palette(placeholder-text); }
QLabel#wizardStepCurrent {
    padding: 6px 10px;
    border-radius: 4px;
    background: palette(highlight);
    color: palette(highlighted-text);
}
QLabel#wizardHeading { font-size: 14pt; font-weight: bold; }
QLabel#importFigures { font-size: 11pt; }
QFrame#stepsPanel { border-right: 1px solid palette(mid); }
"""
)


class Step(IntEnum):
    FILE = 0
    MAPPING = 1
    CHECK = 2
    DUPLICATES = 3
    SUMMARY = 4


#: The figures of a dry run and of an import (``ImportSummary`` attributes), in order.
FIGURES = ("rows", "added", "updated", "skipped", "merged", "problems")


def figure_titles(*, done: bool) -> dict[str, str]:
    """The titles of the figures: what the import would do, or what it did."""
    if done:
        return {
            "rows": _("Rows in the file"),
            "added": _("Added"),
            "updated": _("Updated (existing records)"),
            "skipped": _("Skipped (duplicates)"),
            "merged": _("Merged with another row of the file"),
            "problems": _("Left out (rows with problems)"),
        }
    return {
        "rows": _("Rows in the file"),
        "added": _("Would be added"),
        "updated": _("Would update existing records"),
        "skipped": _("Would be skipped (duplicates)"),
        "merged": _("Would be merged with another row of the file"),
        "problems": _("Would be left out (rows with problems)"),
    }


STEP_TITLES: dict[Step, str] = {
    Step.FILE: N_("File"),
    Step.MAPPING: N_("Columns"),
    Step.CHECK: N_("Check"),
    Step.DUPLICATES: N_("Duplicates"),
    Step.SUMMARY: N_("Import"),
}


# --- the work done off the GUI thread (no widgets here) ------------------------------------------


def read_file(path: Path, sheet: str | None, kind: ImportKind) -> tuple[SourceFile, Mapping]:
    """Read the file (one sheet) and propose where its columns go."""
    source = sources.read_source(path, sheet=sheet)
    return source, mapping.propose_mapping(kind, source.table)


def check_file(
    database: Database, source: SourceFile, chosen: Mapping, *, as_of: dt.date
) -> Checked:
    with database.reading() as session:
        return check(session, chosen.kind, source.table, chosen, as_of=as_of)


def find_pairs(database: Database, checked: Checked) -> tuple[DuplicatePair, ...]:
    with database.reading() as session:
        return duplicates.find_duplicates(session, checked)


def write_problems(path: Path, rows: Sequence[tuple[int, str, str, str]]) -> int:
    """The problems list as a CSV (or Excel) file, in the order shown."""
    return export.write_table(
        path,
        title=_("Problems"),
        titles=problem_titles(),
        kinds=(ColumnKind.INTEGER, ColumnKind.TEXT, ColumnKind.TEXT, ColumnKind.TEXT),
        windows=iter([list(rows)]),
    )


class ImportProgress(QObject):
    """Carries the import's progress from the worker thread to the GUI thread.

    Signals:
        advanced(int, int): rows done so far, rows in all.
    """

    advanced = Signal(int, int)

    def __init__(self, *, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def report(self, done: int, total: int) -> None:
        """Called by the import on its own thread; Qt queues the signal to the GUI thread."""
        self.advanced.emit(done, total)


# --- the combo boxes inside the tables ---------------------------------------------------------

_Index = QModelIndex | QPersistentModelIndex


class ComboDelegate(QStyledItemDelegate):
    """A combo box editing one column: ``choices_role`` gives ``[(value, title)]``,
    ``value_role`` the current value. A choice is written to the model at once."""

    def __init__(self, *, value_role: int, choices_role: int, parent: QObject | None = None):
        super().__init__(parent)
        self._value_role = value_role
        self._choices_role = choices_role

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.setMaxVisibleItems(24)
        _fill(combo, index.data(self._choices_role) or [])
        combo.currentIndexChanged.connect(lambda _row: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if not isinstance(editor, QComboBox):
            return
        choices = index.data(self._choices_role) or []
        if [editor.itemText(i) for i in range(editor.count())] != [t for _v, t in choices]:
            _fill(editor, choices)
        position = max(editor.findData(index.data(self._value_role) or ""), 0)
        if position != editor.currentIndex():
            blocked = editor.blockSignals(True)
            editor.setCurrentIndex(position)
            editor.blockSignals(blocked)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "", self._value_role)


def _fill(combo: QComboBox, choices: Sequence[tuple[str, str]]) -> None:
    blocked = combo.blockSignals(True)
    current = combo.currentData()
    combo.clear()
    for value, title in choices:
        combo.addItem(title, value)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
    combo.blockSignals(blocked)


def _table(parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    return view


def _label(parent: QWidget, *, name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _problem_label(parent: QWidget) -> QLabel:
    label = _label(parent, name="formProblem")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


# --- the wizard ------------------------------------------------------------------------------


class ImportWizard(QDialog):
    """One import, step by step; nothing is written before the last step's Import.

    Attributes:
        db: the open organisation file.
        user_name: who imports, for the audit log.
        as_of: the day dates and ages are checked against.
        changed: the import wrote to the file (the caller refreshes its register).
        kind: what is imported.
        path, sheet: the file chosen and its sheet (``None``: the first).
        source: the file as read last.
        checked: the last check of the file with the mapping shown.
        pairs: the duplicate pairs found in ``checked``.
        preview: what the import would do (the dry run).
        summary: what the import did, once it ran.
        mapping_model, problems_model, duplicates_model: the tables' models.

    Signals:
        imported(object): the import finished and wrote to the file (its ``ImportSummary``).
    """

    imported = Signal(object)

    def __init__(
        self,
        *,
        db: Database,
        kind: ImportKind | str | None = None,
        user_name: str | None = None,
        as_of: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.user_name = user_name
        self.as_of = as_of or dt.date.today()
        self.changed = False
        self.kind = ImportKind(kind) if kind else ImportKind.BENEFICIARIES
        self.path: Path | None = None
        self.sheet: str | None = None
        self.source: SourceFile | None = None
        self.checked: Checked | None = None
        self.pairs: tuple[DuplicatePair, ...] | None = None
        self.preview: ImportSummary | None = None
        self.summary: ImportSummary | None = None
        self._checked_for: tuple[SourceFile, ImportKind, dict[str, str]] | None = None
        self._pairs_for: Checked | None = None
        self._preview_for: tuple[object, ...] | None = None
        #: The user's column choices per kind (header → key), kept across reads of one file.
        self._choices: dict[ImportKind, dict[str, str]] = {}
        self._decisions: dict[str, Decision] = {}
        self._folder = ""
        self._token = 0
        self._busy = False
        self._importing = False
        self._progress: ImportProgress | None = None
        self._closed = False
        self._duplicates_sized = False

        self.setObjectName("importWizard")
        self.setStyleSheet(WIZARD_STYLE)
        self.setSizeGripEnabled(True)
        self.setMinimumSize(760, 520)

        self.mapping_model = MappingModel(parent=self)
        self.problems_model = ProblemsModel(parent=self)
        self.duplicates_model = DuplicatesModel(parent=self)

        self._build()
        self._language = LanguageNotifier(parent=self)
        self._language.language_changed.connect(self._on_language_language_changed)
        self.retranslate()
        self._fit_to_parent(parent)
        self.go_to(Step.FILE)

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.steps_panel = QFrame(self)
        self.steps_panel.setObjectName("stepsPanel")
        steps_layout = QVBoxLayout(self.steps_panel)
        steps_layout.setContentsMargins(0, 0, 12, 0)
        steps_layout.setSpacing(4)
        self.step_labels: dict[Step, QLabel] = {}
        for step in Step:
            label = _label(self.steps_panel, name="wizardStep")
            steps_layout.addWidget(label)
            self.step_labels[step] = label
        steps_layout.addStretch(1)
        self.steps_panel.setFixedWidth(190)

        self.heading = _label(self, name="wizardHeading")
        self.intro = hint_label(parent=self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_file_page())
        self.stack.addWidget(self._build_mapping_page())
        self.stack.addWidget(self._build_check_page())
        self.stack.addWidget(self._build_duplicates_page())
        self.stack.addWidget(self._build_summary_page())

        content = QVBoxLayout()
        content.setSpacing(8)
        content.addWidget(self.heading)
        content.addWidget(self.intro)
        content.addWidget(self.stack, 1)
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.steps_panel)
        body.addLayout(content, 1)

        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumWidth(160)
        self.busy_label = _label(self, name="hintText", wrap=False)
        self.back_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        for button in (self.back_button, self.next_button, self.cancel_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.busy_bar)
        buttons.addWidget(self.busy_label)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.cancel_button)
        self._set_busy_row(False)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        # Alt+Left / Alt+Right too, as in browsers.
        for keys, slot in (
            ("Alt+Left", self._on_back_button_clicked),
            ("Alt+Right", self._on_next_button_clicked),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)

    def _build_file_page(self) -> QWidget:
        page = QWidget(self)
        self.kind_combo = QComboBox(page)
        for kind in KIND_TITLES:
            self.kind_combo.addItem("", kind.value)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(self.kind.value))
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind_label = QLabel(page)
        self.kind_label.setBuddy(self.kind_combo)

        self.path_edit = QLineEdit(page)
        self.path_edit.setReadOnly(True)
        self.choose_button = QPushButton(page)
        self.choose_button.setAutoDefault(False)
        self.path_label = QLabel(page)
        self.path_label.setBuddy(self.choose_button)
        path_row = QHBoxLayout()
        path_row.setSpacing(8)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.choose_button)

        self.sheet_combo = QComboBox(page)
        self.sheet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sheet_label = QLabel(page)
        self.sheet_label.setBuddy(self.sheet_combo)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        form.addRow(self.kind_label, self.kind_combo)
        form.addRow(self.path_label, path_row)
        form.addRow(self.sheet_label, self.sheet_combo)
        self._file_form = form
        self.file_info = hint_label(parent=page)
        self.file_error = _problem_label(page)

        self.template_box = QFrame(page)
        self.template_box.setObjectName("hintCard")
        self.template_box.setFrameShape(QFrame.Shape.StyledPanel)
        template_layout = QVBoxLayout(self.template_box)
        template_layout.setContentsMargins(12, 10, 12, 10)
        self.template_hint = _label(self.template_box)
        self.template_button = QPushButton(self.template_box)
        self.template_button.setAutoDefault(False)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_button)
        template_row.addStretch(1)
        template_layout.addWidget(self.template_hint)
        template_layout.addLayout(template_row)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(form)
        layout.addWidget(self.file_info)
        layout.addWidget(self.file_error)
        layout.addSpacing(8)
        layout.addWidget(self.template_box)
        layout.addStretch(1)

        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_current_index_changed)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.sheet_combo.activated.connect(self._on_sheet_combo_activated)
        self.template_button.clicked.connect(self._on_template_button_clicked)
        self._show_sheets()
        return page

    def _build_mapping_page(self) -> QWidget:
        page = QWidget(self)
        self.saved_combo = QComboBox(page)
        self.saved_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.saved_combo.setMinimumContentsLength(18)
        self.saved_label = QLabel(page)
        self.saved_label.setBuddy(self.saved_combo)
        self.apply_button = QPushButton(page)
        self.save_mapping_button = QPushButton(page)
        for button in (self.apply_button, self.save_mapping_button):
            button.setAutoDefault(False)
        saved_row = QHBoxLayout()
        saved_row.setSpacing(8)
        saved_row.addWidget(self.saved_label)
        saved_row.addWidget(self.saved_combo)
        saved_row.addWidget(self.apply_button)
        saved_row.addStretch(1)
        saved_row.addWidget(self.save_mapping_button)

        self.mapping_view = _table(page)
        self.mapping_view.setModel(self.mapping_model)
        self.mapping_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.mapping_view.setItemDelegateForColumn(
            map_model.TARGET,
            ComboDelegate(
                value_role=map_model.FieldKeyRole,
                choices_role=map_model.ChoicesRole,
                parent=self.mapping_view,
            ),
        )
        header = self.mapping_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(map_model.FILE_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(map_model.SAMPLES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(map_model.TARGET, QHeaderView.ResizeMode.Fixed)
        combo_height = self._combo_height()
        self.mapping_view.verticalHeader().setDefaultSectionSize(combo_height + 6)
        self.mapping_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.missing_label = _problem_label(page)
        self.mapping_error = _problem_label(page)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(saved_row)
        layout.addWidget(self.mapping_view, 1)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.mapping_error)

        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        self.save_mapping_button.clicked.connect(self._on_save_mapping_button_clicked)
        self.mapping_model.mapping_changed.connect(self._on_mapping_model_mapping_changed)
        self.mapping_model.modelReset.connect(self._on_mapping_model_model_reset)
        return page

    def _build_check_page(self) -> QWidget:
        page = QWidget(self)
        self.check_figures = _label(page, name="importFigures")
        self.check_hint = hint_label(parent=page)
        self.problems_view = _table(page)
        self.problems_view.setModel(self.problems_model)
        self.problems_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems_view.setSortingEnabled(True)
        self.problems_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.problems_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.export_problems_button = QPushButton(page)
        self.reread_button = QPushButton(page)
        for button in (self.export_problems_button, self.reread_button):
            button.setAutoDefault(False)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.reread_button)
        row.addWidget(self.export_problems_button)
        row.addStretch(1)
        self.valid_only_check = QCheckBox(page)
        self.check_error = _problem_label(page)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.check_figures)
        layout.addWidget(self.check_hint)
        layout.addWidget(self.problems_view, 1)
        layout.addLayout(row)
        layout.addWidget(self.valid_only_check)
        layout.addWidget(self.check_error)

        self.export_problems_button.clicked.connect(self._on_export_problems_button_clicked)
        self.reread_button.clicked.connect(self._on_reread_button_clicked)
        self.valid_only_check.toggled.connect(self._on_valid_only_check_toggled)
        return page

    def _build_duplicates_page(self) -> QWidget:
        page = QWidget(self)
        self.duplicates_figures = _label(page, name="importFigures")
        self.duplicates_hint = hint_label(parent=page)
        self.duplicates_view = _table(page)
        self.duplicates_view.setModel(self.duplicates_model)
        self.duplicates_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.duplicates_view.setItemDelegateForColumn(
            dup_model.DECISION,
            ComboDelegate(
                value_role=dup_model.DecisionRole,
                choices_role=dup_model.ChoicesRole,
                parent=self.duplicates_view,
            ),
        )
        header = self.duplicates_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(dup_model.IN_FILE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(dup_model.OTHER, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(dup_model.DECISION, QHeaderView.ResizeMode.Fixed)
        combo_height = self._combo_height()
        self.duplicates_view.verticalHeader().setDefaultSectionSize(combo_height + 6)
        self.duplicates_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

        self.compare_box = QFrame(page)
        self.compare_box.setObjectName("hintCard")
        self.compare_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.compare_grid = QGridLayout(self.compare_box)
        self.compare_grid.setContentsMargins(12, 8, 12, 8)
        self.compare_grid.setHorizontalSpacing(16)
        self.compare_grid.setVerticalSpacing(4)
        self.compare_grid.setColumnStretch(1, 1)
        self.compare_grid.setColumnStretch(2, 1)
        self.compare_box.setVisible(False)
        self.compare_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.export_decisions_button = QPushButton(page)
        self.export_decisions_button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.export_decisions_button)
        row.addStretch(1)
        self.duplicates_error = _problem_label(page)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.duplicates_figures)
        layout.addWidget(self.duplicates_hint)
        # The pairs above, the selected pair's two sides below; the user moves the border.
        self.duplicates_splitter = QSplitter(Qt.Orientation.Vertical, page)
        self.duplicates_splitter.setChildrenCollapsible(False)
        self.duplicates_splitter.addWidget(self.duplicates_view)
        self.compare_area = scrolling(self.compare_box, parent=self.duplicates_splitter)
        self.duplicates_splitter.addWidget(self.compare_area)
        self.duplicates_splitter.setStretchFactor(0, 3)
        self.duplicates_splitter.setStretchFactor(1, 2)
        layout.addWidget(self.duplicates_splitter, 1)
        layout.addLayout(row)
        layout.addWidget(self.duplicates_error)

        self.export_decisions_button.clicked.connect(self._on_export_decisions_button_clicked)
        self.duplicates_model.decisions_changed.connect(self._on_duplicates_decisions_changed)
        self.duplicates_model.modelReset.connect(self._on_duplicates_model_model_reset)
        self.duplicates_view.selectionModel().currentRowChanged.connect(
            self._on_duplicates_current_row_changed
        )
        return page

    def _build_summary_page(self) -> QWidget:
        page = QWidget(self)
        self.summary_caption = _label(page, name="importFigures")
        font = QFont(self.summary_caption.font())
        font.setBold(True)
        self.summary_caption.setFont(font)
        self.figures_form = QFormLayout()
        self.figures_form.setHorizontalSpacing(24)
        self.figures_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.figures_form.setVerticalSpacing(6)
        self.figure_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for key in FIGURES:
            title = QLabel(page)
            value = QLabel(page)
            value.setObjectName("derivedValue")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setMinimumWidth(80)
            self.figures_form.addRow(title, value)
            self.figure_labels[key] = (title, value)
        self.summary_note = hint_label(parent=page)
        self.import_button = QPushButton(page)
        self.import_button.setAutoDefault(False)
        self.progress_bar = QProgressBar(page)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setVisible(False)
        self.progress_label = _label(page, name="hintText", wrap=False)
        import_row = QHBoxLayout()
        import_row.setSpacing(10)
        import_row.addWidget(self.import_button)
        self.progress_bar.setMinimumWidth(240)
        self.progress_bar.setMaximumWidth(420)
        import_row.addWidget(self.progress_bar, 1)
        import_row.addWidget(self.progress_label)
        import_row.addStretch(1)
        self.result_label = _label(page, name="formStatus")
        self.result_label.setVisible(False)
        self.summary_error = _problem_label(page)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.summary_caption)
        layout.addLayout(self.figures_form)
        layout.addWidget(self.summary_note)
        layout.addSpacing(6)
        layout.addLayout(import_row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.summary_error)
        layout.addStretch(1)

        self.import_button.clicked.connect(self._on_import_button_clicked)
        return page

    @staticmethod
    def _combo_height() -> int:
        """The height of a combo box, for table rows that hold one (measured on a combo box
        that is never shown)."""
        probe = QComboBox()
        try:
            return probe.sizeHint().height()
        finally:
            probe.deleteLater()

    def _fit_to_parent(self, parent: QWidget | None) -> None:
        width, height = DEFAULT_SIZE
        window = parent.window() if parent is not None else None
        if window is not None and window.width() > 0:
            width = min(width, window.width() - PARENT_MARGIN)
            height = min(height, window.height() - PARENT_MARGIN)
        self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))

    # --- navigation -----------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return Step(self.stack.currentIndex())

    def go_to(self, step: Step) -> None:
        """Show ``step`` and start what it needs (a check, the duplicates, the dry run)."""
        self.stack.setCurrentIndex(step)
        self._show_step_texts()
        if step is Step.MAPPING:
            self._refresh_saved_mappings()
            self._open_editors(self.mapping_view, map_model.TARGET)
            self._fit_mapping_columns()
            self.mapping_view.setFocus(Qt.FocusReason.OtherFocusReason)
        elif step is Step.CHECK and not self._check_is_current():
            self._run_check()
        elif step is Step.DUPLICATES:
            if not self._pairs_are_current():
                self._run_find()
            self._share_duplicates_room()
        elif step is Step.SUMMARY and not self._preview_is_current() and self.summary is None:
            self._run_preview()
        elif step is Step.FILE:
            self.choose_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_buttons()

    def go_next(self) -> bool:
        """The next step, if this one is complete; ``False`` (and why, on the page) if not."""
        step = self.step
        if self._busy or step is Step.SUMMARY or not self._can_go_on():
            return False
        self.go_to(Step(step + 1))
        return True

    def go_back(self) -> bool:
        if self._busy or self._importing or self.step is Step.FILE or self.summary is not None:
            return False
        self.go_to(Step(self.step - 1))
        return True

    def _can_go_on(self) -> bool:
        step = self.step
        if step is Step.FILE:
            return self.source is not None
        if step is Step.MAPPING:
            return self.source is not None and not self._missing_fields()
        if step is Step.CHECK:
            checked = self.checked
            return (
                checked is not None
                and self._check_is_current()
                and bool(checked.records)
                and (not checked.problems or self.valid_only_check.isChecked())
            )
        if step is Step.DUPLICATES:
            return self._pairs_are_current()
        return False

    # --- state ----------------------------------------------------------------------------

    def _mapping_state(self) -> dict[str, str]:
        return dict(self.mapping_model.mapping().columns) if self.mapping_model.kind else {}

    def _check_is_current(self) -> bool:
        return (
            self.checked is not None
            and self._checked_for is not None
            and self._checked_for[0] is self.source
            and self._checked_for[1] is self.kind
            and self._checked_for[2] == self._mapping_state()
        )

    def _pairs_are_current(self) -> bool:
        return (
            self._check_is_current() and self.pairs is not None and self._pairs_for is self.checked
        )

    def _preview_key(self) -> tuple[object, ...]:
        return (
            self.checked,
            self.pairs,
            tuple(sorted(self.duplicates_model.decisions().items())),
            self.valid_only_check.isChecked(),
        )

    def _preview_is_current(self) -> bool:
        return (
            self._pairs_are_current()
            and self.preview is not None
            and self._preview_for == self._preview_key()
        )

    def _missing_fields(self) -> tuple[schema.Field, ...]:
        if self.mapping_model.kind is None:
            return ()
        return tuple(mapping.missing_required(self.mapping_model.mapping()))

    def options(self, *, dry_run: bool) -> ImportOptions:
        """The import's options as chosen in the wizard."""
        return ImportOptions(
            dry_run=dry_run,
            valid_rows_only=self.valid_only_check.isChecked(),
            decisions=self.duplicates_model.decisions(),
            user_name=self.user_name,
            today=self.as_of,
        )

    # --- work off the GUI thread ----------------------------------------------------------

    def _start(
        self,
        text: str,
        work: Callable[[], Any],
        success: Callable[[Any], None],
        error_label: QLabel,
        *,
        failure: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run ``work`` in the thread pool; a later start makes earlier results stale."""
        self._token += 1
        token = self._token
        self._busy = True
        self.busy_label.setText(text)
        self._set_busy_row(True)
        _show(error_label, "")
        self._update_buttons()

        def succeeded(result: Any) -> None:
            if not self._closed and token == self._token:
                success(result)

        def failed(exc: Exception) -> None:
            if self._closed or token != self._token:
                return
            if failure is not None:
                failure(exc)
            else:
                self._show_failure(exc, error_label)

        def finished() -> None:
            if not self._closed and token == self._token:
                self._busy = False
                self._set_busy_row(False)
                self._update_buttons()

        ops.Op(
            op=work, success=succeeded, failure=failed, finished=finished, parent=self
        ).run_in_background()

    def _show_failure(self, exc: Exception, label: QLabel) -> None:
        if isinstance(exc, CsoError):
            log.info("Import step failed: %s", exc.log_message)
            _show(label, exc.user_message)
            return
        _show(label, _("Something unexpected went wrong. Nothing was written to the file."))
        ops.show_failure(exc, parent=self)

    def _set_busy_row(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)

    # --- step 1: the file -----------------------------------------------------------------

    def choose_file(self) -> None:
        """Ask for the file, then read it."""
        path = self.ask_file_path()
        if path is None:
            return
        if path != self.path:
            self._choices.clear()
        self.path = path
        self.sheet = None
        self._folder = str(path.parent)
        self.path_edit.setText(str(path))
        self.read_file()

    def read_file(self, *, then: Callable[[], None] | None = None) -> None:
        """Read the chosen file (and sheet) again; ``then`` runs after a good read."""
        if self.path is None:
            return
        path, sheet, kind = self.path, self.sheet, self.kind
        error = self.check_error if self.step is Step.CHECK else self.file_error

        def done(result: tuple[SourceFile, Mapping]) -> None:
            self._on_read(*result)
            if then is not None:
                then()

        def failed(exc: Exception) -> None:
            self._show_failure(exc, error)
            self._show_source_info()

        self._start(
            _("Reading {file}…").format(file=path.name),
            lambda: read_file(path, sheet, kind),
            done,
            error,
            failure=failed,
        )

    def _on_read(self, source: SourceFile, proposed: Mapping) -> None:
        self.source = source
        self.sheet = source.table.name if len(source.sheets) > 1 else None
        self.mapping_model.set_table(
            self.kind, source.table, proposed, keep=self._choices.get(self.kind)
        )
        self._show_sheets()
        self._show_source_info()
        _show(self.file_error, "")

    def _show_sheets(self) -> None:
        names = self.source.sheets if self.source is not None else ()
        several = len(names) > 1
        blocked = self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for name in names:
            self.sheet_combo.addItem(name, name)
        if self.source is not None:
            self.sheet_combo.setCurrentIndex(
                max(self.sheet_combo.findData(self.source.table.name), 0)
            )
        self.sheet_combo.blockSignals(blocked)
        self._file_form.setRowVisible(self.sheet_combo, several)

    def _show_source_info(self) -> None:
        source = self.source
        if source is None:
            self.file_info.setText(
                _("Choose a CSV file or an Excel workbook (.xlsx); KoboToolbox exports too.")
            )
            return
        table = source.table
        rows = ngettext("{count} row", "{count} rows", len(table.rows)).format(
            count=i18n.format_integer(len(table.rows))
        )
        columns = ngettext("{count} column", "{count} columns", len(table.headers)).format(
            count=i18n.format_integer(len(table.headers))
        )
        self.file_info.setText(
            _("Read “{name}”: {rows}, {columns}.").format(
                name=table.name, rows=rows, columns=columns
            )
        )

    def _propose_for_kind(self) -> None:
        source = self.source
        if source is None:
            return
        kind = self.kind

        def done(proposed: Mapping) -> None:
            if source is self.source:
                self.mapping_model.set_table(
                    kind, source.table, proposed, keep=self._choices.get(kind)
                )

        self._start(
            _("Matching the columns…"),
            lambda: mapping.propose_mapping(kind, source.table),
            done,
            self.file_error,
        )

    def download_template(self) -> None:
        """Write the kind's template where the user says."""
        kind = self.kind
        path = self.ask_template_path(kind)
        if path is None:
            return
        self._folder = str(path.parent)
        language = i18n.current_language()
        self._start(
            _("Writing the template…"),
            lambda: templates.write_template(kind, path, language=language),
            lambda written: messages.show_status(
                _("The template was saved as {path}.").format(path=written)
            ),
            self.file_error,
        )

    # --- step 2: the columns --------------------------------------------------------------

    def _refresh_saved_mappings(self) -> None:
        """List the saved mappings of this kind (small JSON files in the user's folder)."""
        current = self.saved_combo.currentData()
        blocked = self.saved_combo.blockSignals(True)
        self.saved_combo.clear()
        try:
            stored = mapping.saved_mappings()
        except CsoError as exc:
            log.warning("Saved mappings could not be listed: %s", exc.log_message)
            stored = {}
        for name, path in sorted(stored.items(), key=lambda item: item[0].casefold()):
            try:
                kind = mapping.load_mapping(path).kind
            except CsoError as exc:
                log.warning("Saved mapping %s could not be read: %s", path, exc.log_message)
                continue
            if kind is self.kind:
                self.saved_combo.addItem(name, str(path))
        if self.saved_combo.count() == 0:
            self.saved_combo.addItem(_("No saved mappings yet"), None)
        position = self.saved_combo.findData(current) if current else -1
        if position < 0 and self.mapping_model.name:
            position = self.saved_combo.findText(self.mapping_model.name)
        self.saved_combo.setCurrentIndex(max(position, 0))
        self.saved_combo.blockSignals(blocked)
        has_saved = self.saved_combo.currentData() is not None
        self.saved_combo.setEnabled(has_saved)
        self.apply_button.setEnabled(has_saved and self.source is not None)
        self.save_mapping_button.setEnabled(self.source is not None)

    def apply_saved_mapping(self, name: str | None = None) -> None:
        """Show the saved mapping ``name`` (default: the one chosen in the combo box)."""
        if name is not None:
            position = self.saved_combo.findText(name)
            if position < 0:
                return
            self.saved_combo.setCurrentIndex(position)
        stored = self.saved_combo.currentData()
        if not stored or self.source is None:
            return
        try:
            saved = mapping.load_mapping(Path(stored))
        except CsoError as exc:
            _show(self.mapping_error, exc.user_message)
            return
        missing = self.mapping_model.apply(saved)
        if missing:
            _show(
                self.mapping_error,
                _("These columns of the saved mapping are not in this file: {columns}.").format(
                    columns=", ".join(missing)
                ),
            )
        else:
            _show(self.mapping_error, "")
            messages.show_status(_("Mapping “{name}” applied.").format(name=saved.name))

    def save_mapping(self) -> None:
        """Save the columns shown under a name, to apply them to the next file."""
        if self.source is None:
            return
        name = self.ask_mapping_name()
        if name is None or not name.strip():
            return
        name = name.strip()
        self.mapping_model.name = name
        chosen = self.mapping_model.mapping()

        def stored(_path: Path) -> None:
            self._refresh_saved_mappings()
            self.saved_combo.setCurrentIndex(max(self.saved_combo.findText(name), 0))
            self.apply_button.setEnabled(self.saved_combo.currentData() is not None)
            messages.show_status(_("Mapping “{name}” saved.").format(name=name))

        self._start(
            _("Saving the mapping…"),
            lambda: mapping.store_mapping(chosen),
            stored,
            self.mapping_error,
        )

    def _show_missing(self) -> None:
        missing = self._missing_fields()
        if not missing:
            _show(self.missing_label, "")
            return
        _show(
            self.missing_label,
            _("Required fields without a column: {fields}. Choose a column for each.").format(
                fields=", ".join(_(field.title) for field in missing)
            ),
        )

    def _fit_mapping_columns(self) -> None:
        view = self.mapping_view
        metrics = view.fontMetrics()
        choices = self.mapping_model.field_choices() if self.mapping_model.kind else []
        widest = max((metrics.horizontalAdvance(title) for _key, title in choices), default=160)
        view.horizontalHeader().resizeSection(map_model.TARGET, min(widest + 56, 420))
        view.resizeColumnToContents(map_model.FILE_COLUMN)
        if view.columnWidth(map_model.FILE_COLUMN) > 280:
            view.setColumnWidth(map_model.FILE_COLUMN, 280)

    def _share_duplicates_room(self) -> None:
        """The pairs get a little less than half the height, the two sides of one the rest,
        until the user moves the border."""
        if self._duplicates_sized:
            return
        splitter = self.duplicates_splitter
        height = splitter.height()
        if height > 200:
            pairs = height * 2 // 5
            splitter.setSizes([pairs, height - pairs])
            self._duplicates_sized = True

    @staticmethod
    def _open_editors(view: QTableView, column: int) -> None:
        model = view.model()
        for row in range(model.rowCount()):
            index = model.index(row, column)
            if not view.isPersistentEditorOpen(index):
                view.openPersistentEditor(index)

    # --- step 3: the check ----------------------------------------------------------------

    def _run_check(self) -> None:
        source = self.source
        if source is None:
            return
        chosen = self.mapping_model.mapping()
        database, as_of, kind = self.db, self.as_of, self.kind
        inputs = (source, kind, dict(chosen.columns))

        def done(checked: Checked) -> None:
            self.checked = checked
            self._checked_for = inputs
            self.problems_model.set_problems(checked.problems)
            self.problems_view.resizeColumnsToContents()
            for column in range(3):
                if self.problems_view.columnWidth(column) > 260:
                    self.problems_view.setColumnWidth(column, 260)
            self._show_check()

        self._start(
            _("Checking every row…"),
            lambda: check_file(database, source, chosen, as_of=as_of),
            done,
            self.check_error,
        )

    def _show_check(self) -> None:
        checked = self.checked
        if checked is None:
            self.check_figures.setText("")
            self.check_hint.setText("")
            self.valid_only_check.setVisible(False)
            return
        bad = len(checked.bad_rows)
        self.check_figures.setText(
            _("{ready} ready to import, {bad} with problems.").format(
                ready=ngettext("{count} row", "{count} rows", len(checked.records)).format(
                    count=i18n.format_integer(len(checked.records))
                ),
                bad=ngettext("{count} row", "{count} rows", bad).format(
                    count=i18n.format_integer(bad)
                ),
            )
        )
        if not checked.problems:
            self.check_hint.setText(_("Every row passed the check."))
        elif not checked.records:
            self.check_hint.setText(
                _(
                    "No row can be imported as it is. Fix the problems listed below in the file, "
                    "save it and read it again."
                )
            )
        else:
            self.check_hint.setText(
                _(
                    "Nothing is imported while the file has problems. Fix them in the file, save "
                    "it and read it again, or import only the rows without problems."
                )
            )
        self.problems_view.setVisible(bool(checked.problems))
        self.export_problems_button.setVisible(bool(checked.problems))
        self.valid_only_check.setVisible(bool(checked.problems) and bool(checked.records))
        self.valid_only_check.setText(
            ngettext(
                "Import only the valid rows (the {count} row with problems is left out)",
                "Import only the valid rows (the {count} rows with problems are left out)",
                bad,
            ).format(count=i18n.format_integer(bad))
        )

    def reread(self) -> None:
        """Read the file again (after the user fixed it) and check it at once."""
        self.read_file(then=self._run_check)

    def export_problems(self) -> None:
        rows = self.problems_model.rows_for_export()
        if not rows:
            return
        path = self.ask_problems_path()
        if path is None:
            return
        self._folder = str(path.parent)
        self._start(
            _("Writing the problems…"),
            lambda: write_problems(path, rows),
            lambda count: messages.show_status(
                ngettext(
                    "{count} problem written to {path}.",
                    "{count} problems written to {path}.",
                    count,
                ).format(count=i18n.format_integer(count), path=path)
            ),
            self.check_error,
        )

    # --- step 4: duplicates ---------------------------------------------------------------

    def _run_find(self) -> None:
        checked = self.checked
        if checked is None:
            return
        database = self.db

        def done(pairs: tuple[DuplicatePair, ...]) -> None:
            self.pairs = tuple(pairs)
            self._pairs_for = checked
            self.duplicates_model.set_pairs(self.pairs, earlier=self._decisions)
            self._show_pairs()

        self._start(
            _("Looking for people already in the register…"),
            lambda: find_pairs(database, checked),
            done,
            self.duplicates_error,
        )

    def _show_pairs(self) -> None:
        pairs = self.pairs
        has_pairs = bool(pairs)
        self.duplicates_view.setVisible(has_pairs)
        self.export_decisions_button.setVisible(has_pairs)
        self.compare_area.setVisible(has_pairs)
        if pairs is None:
            self.duplicates_figures.setText("")
            self.duplicates_hint.setText("")
            return
        if not pairs:
            self.duplicates_figures.setText(_("No duplicates found."))
            self.duplicates_hint.setText(
                _("No one in the file is already in the register, and no one is in the file twice.")
            )
            return
        counts = self.duplicates_model.counts()
        self.duplicates_figures.setText(
            _("{total}: {certain} certain, {likely} likely.").format(
                total=ngettext(
                    "{count} possible duplicate", "{count} possible duplicates", len(pairs)
                ).format(count=i18n.format_integer(len(pairs))),
                certain=i18n.format_integer(counts[duplicates.Certainty.CERTAIN]),
                likely=i18n.format_integer(counts[duplicates.Certainty.LIKELY]),
            )
        )
        self.duplicates_hint.setText(
            _(
                "Decide for each pair. Merge brings the file's values into the other record, "
                "Keep both imports the row as another person, Skip leaves the row out. Certain "
                "duplicates start as Skip, likely ones as Keep both."
            )
        )

    def _show_comparison(self, row: int) -> None:
        grid = self.compare_grid
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if not 0 <= row < len(self.duplicates_model.pairs):
            self.compare_box.setVisible(False)
            return
        pair = self.duplicates_model.pairs[row]
        bold = QFont(self.font())
        bold.setBold(True)
        titles = (
            "",
            _("In the file (row {row})").format(row=i18n.format_integer(pair.row)),
            dup_model.other_title(pair),
        )
        for column, text in enumerate(titles):
            label = _label(self.compare_box)
            label.setText(text)
            label.setFont(bold)
            grid.addWidget(label, 0, column)
        keys = list(pair.left) + [key for key in pair.right if key not in pair.left]
        for position, key in enumerate(keys, start=1):
            left, right = pair.left.get(key, ""), pair.right.get(key, "")
            cells = (self._side_title(key), left, right)
            for column, text in enumerate(cells):
                # Field titles stay on one line; values wrap.
                label = _label(
                    self.compare_box, name="hintText" if column == 0 else "", wrap=column > 0
                )
                label.setText(text)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                if column and left != right and left and right:
                    label.setFont(bold)
                grid.addWidget(label, position, column)
        self.compare_box.setVisible(True)

    def _side_title(self, key: str) -> str:
        try:
            return _(schema.field(self.kind, key).title)
        except (KeyError, ValueError):
            return key

    def export_decisions(self) -> None:
        pairs = self.duplicates_model.pairs
        if not pairs:
            return
        path = self.ask_decisions_path()
        if path is None:
            return
        self._folder = str(path.parent)
        decisions = self.duplicates_model.decisions()
        self._start(
            _("Writing the decisions…"),
            lambda: duplicates.write_decisions(pairs, decisions, path),
            lambda _result: messages.show_status(
                _("The decisions were saved as {path}.").format(path=path)
            ),
            self.duplicates_error,
        )

    # --- step 5: the dry run and the import -----------------------------------------------

    def _run_preview(self) -> None:
        checked, pairs = self.checked, self.pairs
        if checked is None or pairs is None:
            return
        key = self._preview_key()
        options = self.options(dry_run=True)
        database = self.db

        def done(summary: ImportSummary) -> None:
            self.preview = summary
            self._preview_for = key
            self._show_summary()

        self.preview = None
        self._show_summary()
        self._start(
            _("Working out what the import would do…"),
            lambda: run.run_import(database, checked, pairs, options),
            done,
            self.summary_error,
        )

    def start_import(self) -> None:
        """Import for real, off the GUI thread, all or nothing; it cannot be stopped."""
        checked, pairs = self.checked, self.pairs
        if (
            checked is None
            or pairs is None
            or self.summary is not None
            or self._importing
            or not self._preview_is_current()
        ):
            return
        options = self.options(dry_run=False)
        database = self.db
        progress = ImportProgress(parent=self)
        progress.advanced.connect(self._on_progress_advanced)
        self._progress = progress
        self._importing = True
        self.progress_bar.setRange(0, max(checked.rows, 1))
        self.progress_bar.setValue(0)
        self.progress_bar.setVisible(True)
        self.progress_label.setText(_("Importing…"))

        def done(summary: ImportSummary) -> None:
            self.summary = summary
            self.changed = True
            self._show_summary()
            self.imported.emit(summary)

        def finished_import() -> None:
            self._importing = False
            self.progress_bar.setVisible(False)
            self.progress_label.setText("")
            progress.advanced.disconnect(self._on_progress_advanced)
            self._progress = None

        def failed(exc: Exception) -> None:
            finished_import()
            self._show_failure(exc, self.summary_error)
            if isinstance(exc, CsoError):
                _show(
                    self.summary_error,
                    _("The import failed and nothing was written. {reason}").format(
                        reason=exc.user_message
                    ),
                )

        def succeeded(summary: ImportSummary) -> None:
            finished_import()
            done(summary)

        self._start(
            _("Importing… the window stays usable; please wait until it is finished."),
            lambda: run.run_import(database, checked, pairs, options, progress=progress.report),
            succeeded,
            self.summary_error,
            failure=failed,
        )

    def _show_summary(self) -> None:
        shown = self.summary or self.preview
        done = self.summary is not None
        if done:
            self.summary_caption.setText(_("The import is finished."))
        elif shown is None:
            self.summary_caption.setText(_("Working out what the import would do…"))
        else:
            self.summary_caption.setText(_("If you import now:"))
        titles = figure_titles(done=done)
        for key, (title, value) in self.figure_labels.items():
            number = getattr(shown, key) if shown is not None else None
            title.setText(titles[key])
            value.setText(i18n.format_integer(number) if number is not None else "–")
            # Rows merged within the file and rows left out for problems are rare: shown only
            # when there are some.
            visible = key not in ("merged", "problems") or bool(number)
            self.figures_form.setRowVisible(title, visible)
        if done:
            assert self.summary is not None
            self.summary_note.setText("")
            self.summary_note.setVisible(False)
            _show(
                self.result_label,
                _(
                    "{added} added, {updated} updated, {skipped} skipped. The register shows "
                    "the imported records."
                ).format(
                    added=i18n.format_integer(self.summary.added),
                    updated=i18n.format_integer(self.summary.updated),
                    skipped=i18n.format_integer(self.summary.skipped),
                ),
            )
        else:
            self.summary_note.setVisible(True)
            self.summary_note.setText(
                _(
                    "Nothing has been written yet. The import is all or nothing: if anything "
                    "goes wrong, the organisation file stays exactly as it was. Once it has "
                    "started, it cannot be stopped."
                )
            )
            _show(self.result_label, "")
        self.import_button.setVisible(not done)

    # --- buttons and texts ----------------------------------------------------------------

    def _update_buttons(self) -> None:
        step = self.step
        done = self.summary is not None
        self.back_button.setEnabled(
            step is not Step.FILE and not self._busy and not self._importing and not done
        )
        self.next_button.setVisible(step is not Step.SUMMARY)
        self.next_button.setEnabled(not self._busy and self._can_go_on())
        can_import = (
            step is Step.SUMMARY
            and not done
            and not self._busy
            and self._preview_is_current()
            and self.preview is not None
            and (self.preview.added + self.preview.updated) > 0
        )
        self.import_button.setEnabled(can_import)
        self.cancel_button.setEnabled(not self._importing)
        self.cancel_button.setText(_("Close") if done else _("Cancel"))
        default = (
            self.cancel_button
            if done
            else self.import_button
            if step is Step.SUMMARY
            else self.next_button
        )
        for button in (self.next_button, self.import_button, self.cancel_button):
            button.setDefault(button is default)
        self._show_missing()

    def _show_step_texts(self) -> None:
        step = self.step
        for each, label in self.step_labels.items():
            label.setText(
                _("{number}. {title}").format(number=each + 1, title=_(STEP_TITLES[each]))
            )
            name = "wizardStepCurrent" if each is step else "wizardStep"
            if label.objectName() != name:
                label.setObjectName(name)
                label.style().unpolish(label)
                label.style().polish(label)
        headings = {
            Step.FILE: _("Which list, from which file?"),
            Step.MAPPING: _("Where does each column go?"),
            Step.CHECK: _("Checking the rows"),
            Step.DUPLICATES: _("People who may already be registered"),
            Step.SUMMARY: _("Import"),
        }
        intros = {
            Step.FILE: _(
                "Choose what you import and the file it is in. The file is only read; nothing "
                "is written to the organisation file before the last step."
            ),
            Step.MAPPING: _(
                "The app proposed a field for each column from its title and values. Correct "
                "any that are wrong; columns marked “do not import” are left out."
            ),
            Step.CHECK: _(
                "Every row is checked before anything is written: dates, codes, phone numbers, "
                "required fields."
            ),
            Step.DUPLICATES: _(
                "The same person can be in the file twice or already be in the register, "
                "spelled differently."
            ),
            Step.SUMMARY: _("First what the import would do, then the import itself."),
        }
        self.heading.setText(headings[step])
        self.intro.setText(intros[step])

    def retranslate(self) -> None:
        """Every label in the language just chosen; nothing chosen is lost."""
        self.setWindowTitle(_("Import a list"))
        self.back_button.setText(_("&Back"))
        self.back_button.setToolTip(_("The previous step (Alt+Left)"))
        self.next_button.setText(_("&Next"))
        self.next_button.setToolTip(_("The next step (Alt+Right)"))
        self.kind_label.setText(_("&What to import:"))
        for position, title in enumerate(KIND_TITLES.values()):
            self.kind_combo.setItemText(position, _(title))
        self.path_label.setText(_("&File:"))
        self.path_edit.setPlaceholderText(_("No file chosen yet"))
        self.choose_button.setText(_("C&hoose a file…"))
        self.sheet_label.setText(_("&Sheet:"))
        self.template_hint.setText(
            _(
                "Starting a new list? Download the template: an Excel workbook with the right "
                "columns, lists to choose from and instructions in your language. Fill it in "
                "and import it here."
            )
        )
        self.template_button.setText(_("&Download the template…"))
        self.saved_label.setText(_("Saved &mappings:"))
        self.apply_button.setText(_("&Apply"))
        self.apply_button.setToolTip(_("Choose the columns as in the saved mapping"))
        self.save_mapping_button.setText(_("&Save mapping as…"))
        self.save_mapping_button.setToolTip(
            _("Keep these choices under a name, for the next file laid out the same way")
        )
        self.export_problems_button.setText(_("&Export the problems…"))
        self.export_problems_button.setToolTip(
            _("Save the list of problems as a CSV file, to fix the file with it")
        )
        self.reread_button.setText(_("&Read the file again"))
        self.reread_button.setToolTip(_("After fixing the file and saving it, check it again"))
        self.export_decisions_button.setText(_("&Export decisions…"))
        self.export_decisions_button.setToolTip(
            _("Save the pairs and the decisions as a CSV file, for a colleague to review")
        )
        self.import_button.setText(_("&Import"))
        self.mapping_model.retranslate()
        self.problems_model.retranslate()
        self.duplicates_model.retranslate()
        self._show_step_texts()
        self._show_source_info()
        self._show_check()
        self._show_pairs()
        self._show_summary()
        if self.source is not None:
            self._fit_mapping_columns()
        self._update_buttons()

    # --- questions (small methods so that tests can answer them) --------------------------

    def _start_folder(self) -> str:
        return self._folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )

    def ask_file_path(self) -> Path | None:
        """Ask which file to import; ``None`` if the user cancelled."""
        chosen, _selected = QFileDialog.getOpenFileName(
            self,
            _("Choose the file to import"),
            self._start_folder(),
            ";;".join(
                (
                    _("Excel workbooks and CSV files (*.xlsx *.xlsm *.csv *.txt *.tsv)"),
                    _("All files (*)"),
                )
            ),
        )
        return Path(chosen) if chosen else None

    def ask_template_path(self, kind: ImportKind) -> Path | None:
        """Ask where to save the template; ``None`` if the user cancelled."""
        name = templates.template_file_name(kind, language=i18n.current_language())
        chosen, _selected = QFileDialog.getSaveFileName(
            self,
            _("Save the template"),
            str(Path(self._start_folder()) / name),
            _("Excel workbook (*.xlsx)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def ask_problems_path(self) -> Path | None:
        """Ask where to save the problems list (.csv); ``None`` if the user cancelled."""
        return self._ask_csv_path(
            _("Save the problems"), _("Problems {date}").format(date=self.as_of.isoformat())
        )

    def ask_decisions_path(self) -> Path | None:
        """Ask where to save the duplicate decisions (.csv); ``None`` if the user cancelled."""
        return self._ask_csv_path(
            _("Save the decisions"),
            _("Duplicate decisions {date}").format(date=self.as_of.isoformat()),
        )

    def _ask_csv_path(self, title: str, name: str) -> Path | None:
        chosen, _selected = QFileDialog.getSaveFileName(
            self,
            title,
            str(Path(self._start_folder()) / f"{name}.csv"),
            _("CSV file for any spreadsheet (*.csv)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".csv" else path.with_name(path.name + ".csv")

    def ask_mapping_name(self) -> str | None:
        """Ask the name to save the mapping under; ``None`` if the user cancelled."""
        name, accepted = QInputDialog.getText(
            self,
            _("Save mapping as"),
            _("A name for these column choices (for example “Kobo survey 2025”):"),
            QLineEdit.EchoMode.Normal,
            self.mapping_model.name,
        )
        return name if accepted else None

    # --- closing --------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel, Esc or the close button: not while the import runs (it cannot stop)."""
        if self._importing:
            messages.show_status(_("The import is running; it cannot be stopped."))
            return
        super().reject()

    def done(self, result: int) -> None:
        if self._importing:
            return
        self._closed = True
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._importing:
            event.ignore()
            return
        super().closeEvent(event)

    # --- slots ----------------------------------------------------------------------------

    @Slot()
    def _on_back_button_clicked(self) -> None:
        self.go_back()

    @Slot()
    def _on_next_button_clicked(self) -> None:
        self.go_next()

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        if self.summary is not None:
            self.accept()
        else:
            self.reject()

    @Slot(int)
    def _on_kind_combo_current_index_changed(self, _position: int) -> None:
        kind = ImportKind(self.kind_combo.currentData())
        if kind is self.kind:
            return
        self.kind = kind
        self._propose_for_kind()
        self._update_buttons()

    @Slot()
    def _on_choose_button_clicked(self) -> None:
        self.choose_file()

    @Slot(int)
    def _on_sheet_combo_activated(self, _position: int) -> None:
        name = self.sheet_combo.currentData()
        if name and self.source is not None and name != self.source.table.name:
            self.sheet = name
            self.read_file()

    @Slot()
    def _on_template_button_clicked(self) -> None:
        self.download_template()

    @Slot()
    def _on_apply_button_clicked(self) -> None:
        self.apply_saved_mapping()

    @Slot()
    def _on_save_mapping_button_clicked(self) -> None:
        self.save_mapping()

    @Slot()
    def _on_mapping_model_mapping_changed(self) -> None:
        if self.mapping_model.kind is not None:
            self._choices[self.mapping_model.kind] = self.mapping_model.choices()
        self._update_buttons()

    @Slot()
    def _on_mapping_model_model_reset(self) -> None:
        if self.step is Step.MAPPING:
            self._open_editors(self.mapping_view, map_model.TARGET)
            self._fit_mapping_columns()

    @Slot()
    def _on_export_problems_button_clicked(self) -> None:
        self.export_problems()

    @Slot()
    def _on_reread_button_clicked(self) -> None:
        self.reread()

    @Slot()
    def _on_export_decisions_button_clicked(self) -> None:
        self.export_decisions()

    @Slot()
    def _on_import_button_clicked(self) -> None:
        self.start_import()

    @Slot(bool)
    def _on_valid_only_check_toggled(self, _checked: bool) -> None:
        self._update_buttons()

    @Slot()
    def _on_duplicates_decisions_changed(self) -> None:
        self._decisions.update(self.duplicates_model.decisions())

    @Slot()
    def _on_duplicates_model_model_reset(self) -> None:
        self._open_editors(self.duplicates_view, dup_model.DECISION)
        view = self.duplicates_view
        view.resizeColumnToContents(dup_model.CERTAINTY)
        view.resizeColumnToContents(dup_model.REASON)
        for column, widest_allowed in ((dup_model.CERTAINTY, 170), (dup_model.REASON, 200)):
            if view.columnWidth(column) > widest_allowed:
                view.setColumnWidth(column, widest_allowed)
        widest = max(
            (
                view.fontMetrics().horizontalAdvance(_(t))
                for t in duplicates.DECISION_LABELS.values()
            ),
            default=100,
        )
        view.horizontalHeader().resizeSection(dup_model.DECISION, widest + 56)
        if self.duplicates_model.rowCount():
            view.setCurrentIndex(self.duplicates_model.index(0, dup_model.CERTAINTY))
        else:
            self._show_comparison(-1)

    @Slot(QModelIndex, QModelIndex)
    def _on_duplicates_current_row_changed(self, current: QModelIndex, _previous: QModelIndex):
        self._show_comparison(current.row() if current.isValid() else -1)

    @Slot(int, int)
    def _on_progress_advanced(self, done: int, total: int) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(min(done, self.progress_bar.maximum()))
        self.progress_label.setText(
            _("{done} of {total} rows").format(
                done=i18n.format_integer(done), total=i18n.format_integer(total)
            )
        )

    @Slot(str)
    def _on_language_language_changed(self, _code: str) -> None:
        self.retranslate()


def open_import_wizard(
    db: Database,
    *,
    kind: ImportKind | str | None = None,
    parent: QWidget | None = None,
    user_name: str | None = None,
) -> ImportSummary | None:
    """Run the wizard modally; the import's summary if it wrote to the file, else ``None``.

    The caller refreshes the register of ``summary.kind`` (:data:`REGISTER_OF_KIND`).
    """
    wizard = ImportWizard(db=db, kind=kind, user_name=user_name, parent=parent)
    try:
        wizard.exec()
        return wizard.summary if wizard.changed else None
    finally:
        wizard.deleteLater()
