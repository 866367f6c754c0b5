"""Pages that list registers: members, volunteers, beneficiaries, projects & activities, budget.

Each register shows its toolbar (New…/Open where records can be edited, filters, Export…), its
search box and its rows. People registers open their records in the editors
(``cso_desktop.ui.dialogs.editors``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QApplication,
    QSplitter,
)

from cso_desktop.services.registers import Register
from cso_desktop.ui.dialogs import editors
from cso_desktop.ui.pages.base import Page, PageState
from cso_desktop.ui.widgets.register_table import RegisterTable


class RegisterPage(Page):
    """One or two registers, one above the other.

    Attributes:
        tables: the register tables, in order.

    Signals:
        records_changed(str): a record of this register (key) was added or changed.
    """

    records_changed = Signal(str)

    def __init__(
        self,
        *,
        key: str,
        title: str,
        registers: Sequence[Register],
        stretch: Sequence[int] = (),
        editable: bool = False,
        parent=None,
    ) -> None:
        """``stretch`` shares the height between several registers (default: equally);
        ``editable`` offers New…/Open for the records of the registers that have an editor
        (``cso_desktop.ui.dialogs.editors``)."""
        super().__init__(key=key, title=title, parent=parent)
        several = len(registers) > 1
        self.tables = [
            RegisterTable(
                register=r,
                show_heading=several,
                editable=editable and editors.supports(r.key),
                parent=self,
            )
            for r in registers
        ]
        for table in self.tables:
            table.records_changed.connect(self._on_table_records_changed)
        if several:
            splitter = QSplitter(Qt.Orientation.Vertical, self)
            splitter.setChildrenCollapsible(False)
            for position, table in enumerate(self.tables):
                splitter.addWidget(table)
                factor = stretch[position] if position < len(stretch) else 1
                splitter.setStretchFactor(position, factor)
            self.page_layout.addWidget(splitter, 1)
        else:
            self.page_layout.addWidget(self.tables[0], 1)
        self.retranslate()

    def table(self, register_key: str) -> RegisterTable:
        for table in self.tables:
            if table.register.key == register_key:
                return table
        raise KeyError(register_key)

    def focus_search(self) -> bool:
        """Put the cursor in a search box: the one of the register in use, else the first."""
        focused = QApplication.focusWidget()
        ordered = sorted(
            self.tables,
            key=lambda table: not (focused is not None and table.isAncestorOf(focused)),
        )
        return any(table.focus_search() for table in ordered)

    def load(self) -> None:
        database = self.open_file.database if self.open_file else None
        for table in self.tables:
            table.set_database(database)

    def retranslate(self) -> None:
        super().retranslate()
        for table in self.tables:
            table.retranslate()

    def smoke_state(self) -> PageState:
        if self._stale:
            return PageState(ready=False)
        parts = []
        ok = True
        for table in self.tables:
            model = table.model
            if model.error:
                ok = False
                parts.append(f"{table.register.key}: failed: {model.error}")
                continue
            text = f"{model.loaded} of {model.total} rows"
            parts.append(f"{table.register.key}: {text}" if len(self.tables) > 1 else text)
        return PageState(ready=True, ok=ok, detail="; ".join(parts), has_rows=True)

    @Slot()
    def _on_table_records_changed(self) -> None:
        table = self.sender()
        if isinstance(table, RegisterTable):
            self.records_changed.emit(table.register.key)
