"""Picking tags (a volunteer's skills and languages): known ones offered, new ones typed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import (
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cso_desktop.domain import people, validation
from cso_desktop.i18n import _
from cso_desktop.ui.forms.fields import SubmitLineEdit
from cso_desktop.ui.widgets.flow_layout import FlowLayout

MAX_TAG_LENGTH = 100


class TagPicker(QWidget):
    """Tags as removable chips, a line to type a new or known one, and a menu of known ones.

    Attributes:
        edit: where a tag is typed (Enter adds it; known tags are completed).
        choose_button: a menu of the known tags, ticked when chosen.

    Signals:
        changed(): a tag was added or removed.
    """

    changed = Signal()

    def __init__(self, *, known: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._known = list(known)
        self._tags: list[str] = []

        self.edit = SubmitLineEdit(self)
        self.edit.setPlaceholderText(_("Type and press Enter"))
        self.edit.setToolTip(self.edit.placeholderText())
        self.edit.setMaxLength(MAX_TAG_LENGTH)
        completer = QCompleter(self._known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        self.add_button = QPushButton(_("Add"), self)
        self.add_button.setAutoDefault(False)
        self.choose_button = QToolButton(self)
        self.choose_button.setObjectName("menuButton")
        self.choose_button.setText(_("Known…"))
        self.choose_button.setToolTip(_("Choose from the tags already used"))
        self.choose_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.choose_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.menu = QMenu(self.choose_button)
        self.choose_button.setMenu(self.menu)
        self.choose_button.setEnabled(bool(self._known))

        self.chips = QWidget(self)
        self.chips_layout = FlowLayout(spacing=4, one_row_hint=False, parent=self.chips)
        self.chips.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.chips)
        self.setFocusProxy(self.edit)

        self.edit.submitted.connect(self._on_edit_submitted)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        completer.activated.connect(self._on_completer_activated)
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)

    # --- public -------------------------------------------------------------------------------

    def tags(self) -> tuple[str, ...]:
        return tuple(self._tags)

    def set_tags(self, tags: Iterable[str]) -> None:
        self._tags = []
        for tag in tags:
            self._append(tag)
        self._rebuild()

    def state(self) -> object:
        return tuple(self._tags)

    def add(self, text: str) -> bool:
        """Add a tag; a known tag typed in other letters is added as it is known."""
        before = len(self._tags)
        self._append(text)
        if len(self._tags) == before:
            return False
        self._rebuild()
        self.changed.emit()
        return True

    def remove(self, tag: str) -> None:
        if tag in self._tags:
            self._tags.remove(tag)
            self._rebuild()
            self.changed.emit()

    # --- helpers ------------------------------------------------------------------------------

    def _append(self, text: str) -> None:
        name = validation.clean(text)
        if not name:
            return
        key = people.fold(name)
        if any(people.fold(tag) == key for tag in self._tags):
            return
        known = next((k for k in self._known if people.fold(k) == key), None)
        self._tags.append(known or name[:MAX_TAG_LENGTH])

    def _rebuild(self) -> None:
        while self.chips_layout.count():
            item = self.chips_layout.takeAt(0)
            chip = item.widget() if item is not None else None
            if chip is not None:
                chip.deleteLater()
        previous: QWidget = self.choose_button
        for tag in self._tags:
            chip = QPushButton(f"{tag}  ✕", self.chips)
            chip.setObjectName("tagChip")
            chip.setAutoDefault(False)
            chip.setToolTip(_("Remove “{tag}”").format(tag=tag))
            chip.setAccessibleName(_("Remove “{tag}”").format(tag=tag))
            chip.clicked.connect(lambda _checked=False, t=tag: self.remove(t))
            self.chips_layout.addWidget(chip)
            # Chips are made after the rest of the form: keep them next to their picker.
            QWidget.setTabOrder(previous, chip)
            previous = chip
        self.chips.updateGeometry()

    # --- slots --------------------------------------------------------------------------------

    @Slot(str)
    def _on_edit_submitted(self, text: str) -> None:
        self.add(text)
        self.edit.clear()

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self.add(self.edit.text())
        self.edit.clear()
        self.edit.setFocus()

    @Slot(str)
    def _on_completer_activated(self, text: str) -> None:
        self.add(text)
        # After the completer has written its text into the line edit.
        self.edit.clear()

    @Slot()
    def _on_menu_about_to_show(self) -> None:
        self.menu.clear()
        chosen = {people.fold(tag) for tag in self._tags}
        for name in self._known:
            action = QAction(name, self.menu)
            action.setCheckable(True)
            action.setChecked(people.fold(name) in chosen)
            action.toggled.connect(
                lambda on, n=name: self.add(n) if on else self.remove(self._chosen_as(n))
            )
            self.menu.addAction(action)

    def _chosen_as(self, name: str) -> str:
        key = people.fold(name)
        return next((tag for tag in self._tags if people.fold(tag) == key), name)
