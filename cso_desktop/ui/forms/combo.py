"""A combo box to type into: part of a name filters the list, the typed text must match."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QWidget,
)

from cso_desktop.domain import people

#: What :meth:`SearchableCombo.value` returns for text that names no item.
UNKNOWN: Any = object()


class SearchableCombo(QComboBox):
    """Items ``(label, value)``; the user picks one or types part of its label.

    The first item is an empty "none" (value ``None``) unless ``allow_none`` is off. Typing
    filters a pop-up list by any part of the label, capital or small letters alike (and the
    Azerbaijani dotted and dotless i alike).

    Signals:
        changed(): the text changed.
    """

    changed = Signal()

    def __init__(
        self,
        *,
        items: Sequence[tuple[str, Any]],
        aliases: Sequence[tuple[str, Any]] = (),
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """``aliases`` are other texts that choose an item (an activity's code alone)."""
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self.addItem("", None)
        for label, value in items:
            self.addItem(label, value)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText(placeholder)
        line.setClearButtonEnabled(True)
        completer = QCompleter(self.model(), self)
        completer.setCompletionColumn(0)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self._by_label = {people.fold(text): value for text, value in aliases}
        self._by_label.update({people.fold(label): value for label, value in items})
        self.editTextChanged.connect(self._on_self_edit_text_changed)
        line.editingFinished.connect(self._on_line_editing_finished)

    def value(self) -> Any:
        """The chosen item's value; ``None`` when empty, :data:`UNKNOWN` for other text."""
        text = self.currentText().strip()
        if not text:
            return None
        return self._by_label.get(people.fold(text), UNKNOWN)

    def set_value(self, value: Any, *, fallback: str = "") -> None:
        """Choose the item with ``value``; show ``fallback`` text when no item has it."""
        for index in range(self.count()):
            if self.itemData(index) == value:
                self.setCurrentIndex(index)
                self.setEditText(self.itemText(index))
                return
        self.setEditText(fallback)

    def state(self) -> object:
        return self.currentText().strip()

    @Slot(str)
    def _on_self_edit_text_changed(self, _text: str) -> None:
        self.changed.emit()

    @Slot()
    def _on_line_editing_finished(self) -> None:
        value = self.value()
        if value is not None and value is not UNKNOWN:
            # "baki" or a bare code becomes the item's full name: the user sees what counts.
            self.set_value(value)
