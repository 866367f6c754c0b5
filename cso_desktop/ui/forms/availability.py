"""When a volunteer can help: weekdays × morning, afternoon, evening."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import (
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QWidget,
)

from cso_desktop.domain import vocab
from cso_desktop.domain.vocab import DayPart, Weekday
from cso_desktop.i18n import _

Slot_ = tuple[Weekday, DayPart]


class AvailabilityGrid(QWidget):
    """A check box per weekday and part of the day; Tab walks them day by day.

    Attributes:
        boxes: the check boxes by (weekday, day part).

    Signals:
        changed(): a box was ticked or cleared.
    """

    changed = Signal()

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        for column, part in enumerate(DayPart, start=1):
            header = QLabel(vocab.label(part), self)
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(header, 0, column)
        self.boxes: dict[Slot_, QCheckBox] = {}
        for row, day in enumerate(Weekday, start=1):
            grid.addWidget(QLabel(vocab.label(day), self), row, 0)
            for column, part in enumerate(DayPart, start=1):
                box = QCheckBox(self)
                box.setAccessibleName(
                    _("{weekday}, {day_part}").format(
                        weekday=vocab.label(day), day_part=vocab.label(part)
                    )
                )
                box.setToolTip(box.accessibleName())
                box.toggled.connect(self._on_box_toggled)
                grid.addWidget(box, row, column, Qt.AlignmentFlag.AlignCenter)
                self.boxes[(day, part)] = box
        grid.setColumnStretch(len(DayPart) + 1, 1)

    def value(self) -> frozenset[Slot_]:
        return frozenset(key for key, box in self.boxes.items() if box.isChecked())

    def set_value(self, slots: Iterable[Slot_]) -> None:
        wanted = set(slots)
        for key, box in self.boxes.items():
            blocked = box.blockSignals(True)
            box.setChecked(key in wanted)
            box.blockSignals(blocked)

    def state(self) -> object:
        return self.value()

    @Slot(bool)
    def _on_box_toggled(self, _checked: bool) -> None:
        self.changed.emit()
