"""A group of check boxes for a set of codes (vulnerability criteria, consent purposes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QWidget,
)

from cso_desktop.ui.forms.fields import wrapped


class CheckGrid(QWidget):
    """Check boxes in columns, filled top to bottom; Tab walks them in reading order.

    Attributes:
        boxes: the check boxes by value.

    Signals:
        changed(): a box was ticked or cleared by the user or the program.
    """

    changed = Signal()

    def __init__(
        self,
        *,
        items: Sequence[tuple[str, Any]],
        columns: int = 2,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        self.boxes: dict[Any, QCheckBox] = {}
        rows = (len(items) + columns - 1) // columns
        for position, (label, value) in enumerate(items):
            box = QCheckBox(self)
            box.toggled.connect(self._on_box_toggled)
            grid.addWidget(wrapped(box, label, parent=self), position % rows, position // rows)
            self.boxes[value] = box
        for column in range(columns):
            grid.setColumnStretch(column, 1)
        if self.boxes:
            self.setFocusProxy(next(iter(self.boxes.values())))

    def value(self) -> frozenset[Any]:
        return frozenset(value for value, box in self.boxes.items() if box.isChecked())

    def set_value(self, values: Iterable[Any]) -> None:
        wanted = set(values)
        for value, box in self.boxes.items():
            box.setChecked(value in wanted)

    def state(self) -> object:
        return self.value()

    @Slot(bool)
    def _on_box_toggled(self, _checked: bool) -> None:
        self.changed.emit()
