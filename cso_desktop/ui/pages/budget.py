"""The budget page: one project's budget against its spending, and its expenses.

A project chooser at the top; below it the budget by heading with the lines, heading subtotals,
contingency, indirect costs and totals (over-budget lines and headings past the reallocation
threshold are flagged), then the project's expenses. The buttons add budget lines and expenses
and open the exchange rates and the income. Figures come from :mod:`cso_desktop.reports.budget`
(the same as the dashboard and the reports), read off the GUI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cso_desktop import i18n
from cso_desktop.db.engine import Database
from cso_desktop.domain import vocab
from cso_desktop.domain.errors import CsoError
from cso_desktop.i18n import N_, _, ngettext
from cso_desktop.reports import budget as budget_report
from cso_desktop.services import budget, registers
from cso_desktop.ui import messages, ops
from cso_desktop.ui.models.budget_model import (
    DESCRIPTION,
    BudgetModel,
    LineIdRole,
    RowKind,
    RowKindRole,
    heading_title,
    percent,
)
from cso_desktop.ui.pages.base import Page, PageState
from cso_desktop.ui.widgets.register_table import RegisterTable

log = logging.getLogger(__name__)

TITLE = N_("Budget")


@dataclass(frozen=True)
class BudgetPageData:
    """What the page shows, read in one go off the GUI thread.

    Attributes:
        projects: the projects to choose from.
        project_id: the project shown (``None`` when there is none).
        budget: its budget against spending.
    """

    projects: tuple[budget.ProjectChoice, ...]
    project_id: int | None
    budget: budget_report.BudgetUse | None


def load_budget_page(database: Database, *, project_id: int | None) -> BudgetPageData:
    """Read the projects and the chosen one's budget (the first project if none or gone)."""
    with database.reading() as session:
        choices = budget.projects(session)
        ids = [p.id for p in choices]
        chosen = project_id if project_id in ids else (ids[0] if ids else None)
        use = budget_report.budget_vs_actual(session, chosen) if chosen is not None else None
    return BudgetPageData(projects=choices, project_id=chosen, budget=use)


class BudgetPage(Page):
    """Budget against actual for one project, with its expenses.

    Attributes:
        user_name: who works in the window, for the audit log.
        project_combo: the project chooser.
        model: the budget tree's model.
        view: the budget tree.
        expenses: the project's expenses (a register table, rebuilt for each project).

    Signals:
        records_changed(str): records of a register (``budget_lines``, ``expenses``,
            ``income``, ``exchange_rates``) were added or changed here.
    """

    records_changed = Signal(str)

    def __init__(self, *, parent=None) -> None:
        super().__init__(key="budget", title=TITLE, parent=parent)
        self.user_name: str | None = None
        self._data: BudgetPageData | None = None
        self._failed = ""
        self._project_id: int | None = None
        self._expenses_for: int | None = None

        # The project and the actions.
        self.project_label = QLabel(self)
        self.project_combo = QComboBox(self)
        self.project_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.project_combo.setMinimumContentsLength(24)
        self.project_label.setBuddy(self.project_combo)
        self.new_line_button = QPushButton(self)
        self.new_expense_button = QPushButton(self)
        self.rates_button = QPushButton(self)
        self.income_button = QPushButton(self)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.project_label)
        top.addWidget(self.project_combo, 1)
        top.addSpacing(12)
        for button in (
            self.new_line_button,
            self.new_expense_button,
            self.rates_button,
            self.income_button,
        ):
            top.addWidget(button)
        self.page_layout.addLayout(top)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.flags_label = QLabel(self)
        self.flags_label.setObjectName("alertSoon")
        self.flags_label.setWordWrap(True)
        self.flags_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("errorLabel")
        self.status_label.setWordWrap(True)
        self.status_label.setVisible(False)
        for label in (self.summary_label, self.flags_label, self.status_label):
            self.page_layout.addWidget(label)

        # The budget and the expenses.
        self.model = BudgetModel(parent=self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setExpandsOnDoubleClick(False)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.expenses_box = QWidget(self)
        self.expenses_layout = QVBoxLayout(self.expenses_box)
        self.expenses_layout.setContentsMargins(0, 0, 0, 0)
        self.expenses = self._make_expenses_table(registers.EXPENSES)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(self.expenses_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.page_layout.addWidget(splitter, 1)

        self.project_combo.currentIndexChanged.connect(self._on_project_combo_current_index_changed)
        self.new_line_button.clicked.connect(self._on_new_line_button_clicked)
        self.new_expense_button.clicked.connect(self._on_new_expense_button_clicked)
        self.rates_button.clicked.connect(self._on_rates_button_clicked)
        self.income_button.clicked.connect(self._on_income_button_clicked)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self._update_actions()
        self.retranslate()

    # --- loading ------------------------------------------------------------------------------

    @property
    def data(self) -> BudgetPageData | None:
        """What is shown, once loaded."""
        return self._data

    @property
    def project_id(self) -> int | None:
        return self._project_id

    def set_project(self, project_id: int) -> None:
        """Show another project's budget."""
        self._project_id = project_id
        self.load()

    def load(self) -> None:
        self._failed = ""
        if self.open_file is None:
            self._data = None
            self.model.set_budget(None)
            self.expenses.set_database(None)
            self._update_texts()
            self._update_actions()
            return
        database = self.open_file.database
        project_id = self._project_id
        ops.Op(
            op=lambda: load_budget_page(database, project_id=project_id),
            success=lambda data: self._show_data(database, data),
            failure=lambda exc: self._show_failure(database, exc),
            parent=self,
        ).run_in_background()

    def refresh(self) -> None:
        """Read the figures and the expenses again (after a save)."""
        self.load()
        if self.expenses.model.database is not None:
            self.expenses.model.refresh()

    def _current(self, database: Database) -> bool:
        return self.open_file is not None and self.open_file.database is database

    def _show_data(self, database: Database, data: BudgetPageData) -> None:
        if not self._current(database):
            return
        self._data = data
        self._project_id = data.project_id
        blocked = self.project_combo.blockSignals(True)
        try:
            self.project_combo.clear()
            for choice in data.projects:
                self.project_combo.addItem(f"{choice.code} — {choice.title}", choice.id)
            position = self.project_combo.findData(data.project_id)
            self.project_combo.setCurrentIndex(position)
        finally:
            self.project_combo.blockSignals(blocked)
        self.model.set_budget(data.budget)
        self.view.expandAll()
        if self._expenses_for != data.project_id or self.expenses.model.database is not database:
            register = (
                registers.expenses_of_project(data.project_id)
                if data.project_id is not None
                else registers.EXPENSES
            )
            self._replace_expenses_table(register)
            self.expenses.set_database(database)
            self._expenses_for = data.project_id
        self._update_texts()
        self._update_actions()

    def _show_failure(self, database: Database, exc: Exception) -> None:
        if not self._current(database):
            return
        if isinstance(exc, CsoError):
            log.warning("Reading the budget failed: %s", exc.log_message)
            self._failed = exc.user_message
        else:
            log.error("Reading the budget failed", exc_info=exc)
            self._failed = _(
                "The budget could not be read. Details were written to the log file: {path}"
            ).format(path=messages.log_file())
        self._data = None
        self.model.set_budget(None)
        self._update_texts()
        self._update_actions()

    def _make_expenses_table(self, register: registers.Register) -> RegisterTable:
        table = RegisterTable(register=register, show_heading=True, parent=self.expenses_box)
        table.user_name = self.user_name
        table.view.doubleClicked.connect(self._on_expenses_double_clicked)
        self.expenses_layout.addWidget(table)
        return table

    def _replace_expenses_table(self, register: registers.Register) -> None:
        old = self.expenses
        self.expenses_layout.removeWidget(old)
        old.setParent(None)
        old.deleteLater()
        self.expenses = self._make_expenses_table(register)
        self.expenses.retranslate()

    # --- display ------------------------------------------------------------------------------

    def current_budget(self) -> budget_report.BudgetUse | None:
        return self._data.budget if self._data is not None else None

    def current_project(self) -> budget.ProjectChoice | None:
        if self._data is None:
            return None
        return next((p for p in self._data.projects if p.id == self._data.project_id), None)

    def _update_actions(self) -> None:
        has_project = self.current_project() is not None
        has_file = self.open_file is not None
        self.project_combo.setEnabled(has_project)
        self.new_line_button.setEnabled(has_project)
        self.new_expense_button.setEnabled(has_project)
        self.rates_button.setEnabled(has_file)
        self.income_button.setEnabled(has_file)

    def _update_texts(self) -> None:
        self.status_label.setText(self._failed)
        self.status_label.setVisible(bool(self._failed))
        use = self.current_budget()
        project = self.current_project()
        if self.open_file is None:
            self.summary_label.setText(_("No organisation file is open."))
        elif self._data is not None and not self._data.projects:
            self.summary_label.setText(
                _("This organisation has no projects yet: add a project first, then its budget.")
            )
        elif use is not None and project is not None:
            total = use.total_eligible
            self.summary_label.setText(
                _(
                    "{donor} · {currency} · spent {spent} of {budget} ({share}), "
                    "{remaining} remaining."
                ).format(
                    donor=vocab.label(project.donor_kind),
                    currency=use.currency,
                    spent=i18n.format_money(total.spent, use.currency),
                    budget=i18n.format_money(total.budget, use.currency),
                    share=percent(total.share),
                    remaining=i18n.format_money(total.remaining, use.currency),
                )
            )
        else:
            self.summary_label.setText("")
        self.flags_label.setText(self._flags_text(use))
        self.flags_label.setVisible(bool(self.flags_label.text()))

    def _flags_text(self, use: budget_report.BudgetUse | None) -> str:
        if use is None:
            return ""
        parts = []
        over = use.over_budget_lines
        if over:
            parts.append(
                ngettext(
                    "Line {lines} is over budget.",
                    "Lines {lines} are over budget.",
                    len(over),
                ).format(lines=", ".join(line.line_code for line in over))
            )
        for heading in use.flagged_headings:
            name = heading_title(use, heading)
            label = f"{heading.code} {name}".strip() if name != heading.code else heading.code
            parts.append(
                _(
                    "Heading {heading} changed by {change} against the original budget, more "
                    "than the {threshold} allowed without the donor's agreement."
                ).format(
                    heading=label,
                    change=percent(heading.change) if heading.change is not None else "–",
                    threshold=percent(use.threshold),
                )
            )
        if use.unallocated_count:
            parts.append(
                ngettext(
                    "{count} expense is not booked on a budget line.",
                    "{count} expenses are not booked on a budget line.",
                    use.unallocated_count,
                ).format(count=i18n.format_integer(use.unallocated_count))
            )
        if use.capped:
            parts.append(
                _("A cost rate above the EU cap was applied at the cap: correct the project.")
            )
        return " ".join(parts)

    def retranslate(self) -> None:
        super().retranslate()
        self.project_label.setText(_("&Project:"))
        self.new_line_button.setText(_("New budget line…"))
        self.new_line_button.setToolTip(_("Add a line to this project's budget"))
        self.new_expense_button.setText(_("New expense…"))
        self.new_expense_button.setToolTip(
            _("Record money paid; the selected budget line is proposed")
        )
        self.rates_button.setText(_("Exchange rates…"))
        self.rates_button.setToolTip(
            _("The monthly rates proposed for expenses in other currencies")
        )
        self.income_button.setText(_("Income…"))
        self.income_button.setToolTip(_("Grant tranches, donations and membership fees received"))
        self.view.setToolTip("")
        self.model.retranslate()
        self.view.expandAll()
        self.expenses.retranslate()
        self._update_texts()

    def smoke_state(self) -> PageState:
        if self._stale or (self.open_file is not None and self._data is None and not self._failed):
            return PageState(ready=False)
        if self._failed:
            return PageState(ready=True, ok=False, detail=f"failed: {self._failed}")
        use = self.current_budget()
        if use is None:
            return PageState(ready=True, detail="no project")
        return PageState(
            ready=True,
            detail=(
                f"{use.code}: {len(use.lines)} lines, {len(use.over_budget_lines)} over budget, "
                f"{len(use.flagged_headings)} headings flagged"
            ),
            has_rows=True,
        )

    # --- editing ------------------------------------------------------------------------------

    def selected_line_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return index.siblingAtColumn(0).data(LineIdRole)

    def open_budget_line(self, line_id: int | None, *, heading: str | None = None) -> bool:
        from cso_desktop.ui.dialogs.budget_line import BudgetLineDialog

        project = self.current_project()
        if project is None or self.open_file is None:
            return False
        return self._run_dialog(
            lambda: BudgetLineDialog(
                db=self.open_file.database,
                project_id=project.id,
                line_id=line_id,
                heading=heading,
                user_name=self.user_name,
                parent=self.window(),
            ),
            "budget_lines",
        )

    def open_expense(self, expense_id: int | None) -> bool:
        from cso_desktop.ui.dialogs.expense import ExpenseDialog

        if self.open_file is None:
            return False
        project = self.current_project()
        line_id = self.selected_line_id() if expense_id is None else None
        return self._run_dialog(
            lambda: ExpenseDialog(
                db=self.open_file.database,
                expense_id=expense_id,
                project_id=project.id if project else None,
                budget_line_id=line_id,
                user_name=self.user_name,
                parent=self.window(),
            ),
            "expenses",
        )

    def _run_dialog(self, make, register_key: str) -> bool:
        try:
            dialog = make()
        except CsoError as exc:
            ops.show_failure(exc, parent=self)
            return False
        try:
            dialog.exec()
            changed = bool(dialog.changed)
        finally:
            dialog.deleteLater()
        if changed:
            self.refresh()
            self.records_changed.emit(register_key)
        return changed

    # --- slots --------------------------------------------------------------------------------

    @Slot(int)
    def _on_project_combo_current_index_changed(self, _position: int) -> None:
        project_id = self.project_combo.currentData()
        if project_id is not None and project_id != self._project_id:
            self.set_project(project_id)

    @Slot()
    def _on_new_line_button_clicked(self) -> None:
        index = self.view.currentIndex()
        heading = None
        if index.isValid():
            node = self.model.node(index)
            if node is not None and node.heading is not None:
                heading = node.heading.code
        self.open_budget_line(None, heading=heading)

    @Slot()
    def _on_new_expense_button_clicked(self) -> None:
        self.open_expense(None)

    @Slot()
    def _on_rates_button_clicked(self) -> None:
        from cso_desktop.ui.dialogs.rates import RatesDialog

        if self.open_file is None:
            return
        dialog = RatesDialog(db=self.open_file.database, user_name=self.user_name, parent=self)
        try:
            dialog.exec()
            if dialog.changed:
                self.records_changed.emit("exchange_rates")
        finally:
            dialog.deleteLater()

    @Slot()
    def _on_income_button_clicked(self) -> None:
        from cso_desktop.ui.dialogs.income import IncomeListDialog

        if self.open_file is None:
            return
        dialog = IncomeListDialog(
            db=self.open_file.database,
            project_id=self._project_id,
            user_name=self.user_name,
            parent=self,
        )
        try:
            dialog.exec()
            if dialog.changed:
                self.records_changed.emit("income")
        finally:
            dialog.deleteLater()

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        kind = index.siblingAtColumn(0).data(RowKindRole)
        if kind is RowKind.LINE:
            line_id = index.siblingAtColumn(0).data(LineIdRole)
            if line_id is not None:
                self.open_budget_line(line_id)
        elif kind is RowKind.HEADING:
            first = index.siblingAtColumn(0)
            self.view.setExpanded(first, not self.view.isExpanded(first))

    @Slot(QModelIndex)
    def _on_expenses_double_clicked(self, index: QModelIndex) -> None:
        expense_id = self.expenses.model.row_id(index.row())
        if expense_id is not None:
            self.open_expense(expense_id)
