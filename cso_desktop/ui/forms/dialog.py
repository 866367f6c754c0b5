"""The base of every record editor: fields, saving, unsaved changes and the keyboard.

A :class:`FormDialog` keeps what the user typed whatever happens: a save that the service
refuses leaves the dialog open with every value in place, the problems beside their fields and
the first one focused. Closing it with changes asks first (Save / Discard / Cancel). Enter
saves (Ctrl+Enter inside multi-line notes), Esc cancels.
"""

from __future__ import annotations

import contextlib
import enum
import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from sqlalchemy.orm import Session

from PySide6.QtCore import (
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cso_desktop.db.engine import Database
from cso_desktop.domain.errors import CsoError, ValidationError
from cso_desktop.domain.validation import FormErrors
from cso_desktop.i18n import _
from cso_desktop.ui import messages
from cso_desktop.ui.forms.fields import Check, Field

log = logging.getLogger(__name__)

#: Colours of the form's messages; the app's style sheet may add to them.
FORM_STYLE = """
QLabel#fieldError { color: #b42318; }
QLabel#formProblem {
    color: #b42318;
    background: #fdecea;
    border: 1px solid #f1b5ae;
    border-radius: 4px;
    padding: 6px 8px;
}
QLabel#formStatus {
    background: palette(alternate-base);
    border: 1px solid palette(mid);
    border-radius: 4px;
    padding: 6px 8px;
}
QLabel#formAlert {
    color: #6b4500;
    background: #fff1cc;
    border: 1px solid #f0d48a;
    border-radius: 4px;
    padding: 6px 8px;
}
QLabel#hintText { color: palette(placeholder-text); }
QLabel#derivedValue { font-weight: bold; }
QToolButton#calendarButton::menu-indicator, QToolButton#menuButton::menu-indicator {
    image: none;
    width: 0px;
}
QToolButton#calendarButton { padding: 0px 6px; }
"""


class UnsavedChoice(enum.Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved_changes(parent: QWidget | None) -> UnsavedChoice:
    """Save, discard or keep editing. Asked through :mod:`cso_desktop.ui.messages`, so nothing
    blocks with dialogs off: the answer is then Cancel (keep editing), and nothing typed is
    lost."""
    answer = messages.ask_choice(
        parent,
        _("This form has changes that are not saved. Save them before closing?"),
        choices=(
            (UnsavedChoice.SAVE.value, _("&Save")),
            (UnsavedChoice.DISCARD.value, _("&Discard")),
            (UnsavedChoice.CANCEL.value, _("Cancel")),
        ),
        cancel=UnsavedChoice.CANCEL.value,
        title=_("Unsaved changes"),
    )
    return UnsavedChoice(answer)


def hint_label(text: str = "", *, parent: QWidget | None = None) -> QLabel:
    """Grey explanatory text that wraps."""
    label = QLabel(text, parent)
    label.setObjectName("hintText")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _banner(name: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setVisible(False)
    return label


class FormDialog(QDialog):
    """Fields with inline problems, Save and Cancel, unsaved-changes tracking.

    Subclasses build their content into :attr:`main_layout`, register inputs with
    :meth:`add_field`, call :meth:`finish` and implement :meth:`write`.

    Attributes:
        db: the open organisation file (``None`` for forms that only collect values).
        user_name: who is working, for the audit log.
        changed: something was written to the file (the caller refreshes its lists).
        read_only: the record cannot be edited (erased); Save is gone.
        fields: the inputs by key, in form order.
        status_label: what the record is (number, archived…), above the content.
        alert_label: warnings about the record (documents expiring).
        problem_label: problems that belong to no single field.

    Signals:
        saved(): a save succeeded.
    """

    saved = Signal()

    def __init__(
        self,
        *,
        db: Database | None,
        user_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.user_name = user_name
        self.changed = False
        self.read_only = False
        self.fields: dict[str, Field] = {}
        self._baseline: object = None
        self._action_buttons: list[QPushButton] = []
        self.setStyleSheet(FORM_STYLE)
        self.setSizeGripEnabled(True)

        self.main_layout = QVBoxLayout(self)
        self.main_layout.setSpacing(8)
        self.status_label = _banner("formStatus", self)
        self.alert_label = _banner("formAlert", self)
        self.problem_label = _banner("formProblem", self)
        for label in (self.status_label, self.alert_label, self.problem_label):
            self.main_layout.addWidget(label)

        self.save_button: QPushButton | None = None
        self.cancel_button: QPushButton | None = None
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self._on_save_shortcut_activated)

    # --- building -----------------------------------------------------------------------------

    def add_field(
        self,
        key: str,
        widget: QWidget,
        *,
        text: str | None = None,
        check: Check | None = None,
        container: QWidget | None = None,
    ) -> Field:
        """Register an input; its label gets ``text`` (with ``&`` before the mnemonic)."""
        field = Field(
            key=key, widget=widget, text=text, check=check, container=container, parent=self
        )
        self.fields[key] = field
        field.changed.connect(self._on_field_changed)
        return field

    def add_action_button(self, text: str) -> QPushButton:
        """A button left of Save and Cancel (Archive, Erase…); call before :meth:`finish`."""
        # No parent yet: :meth:`finish` adopts it, which puts it last in the Tab order, just
        # before Save and Cancel, wherever the subclass created it.
        button = QPushButton(text)
        button.setAutoDefault(False)
        self._action_buttons.append(button)
        return button

    def finish(self) -> None:
        """Add the buttons (last, so Tab reaches them last) and remember the loaded values."""
        row = QHBoxLayout()
        for button in self._action_buttons:
            button.setParent(self)  # now, before the box: Tab reaches them before Save
            row.addWidget(button)
        row.addStretch(1)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = box.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = box.button(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setDefault(True)
        self.save_button.setToolTip(_("Save (Enter)"))
        self.cancel_button.setToolTip(_("Close without saving (Esc)"))
        box.accepted.connect(self._on_buttons_accepted)
        box.rejected.connect(self.reject)
        row.addWidget(box)
        self.main_layout.addLayout(row)
        self.mark_clean()

    @contextlib.contextmanager
    def loading(self) -> Iterator[None]:
        """Values set inside are what was loaded, not edits."""
        for field in self.fields.values():
            field.loading = True
        try:
            yield
        finally:
            for field in self.fields.values():
                field.loading = False
                field.reset()

    # --- state --------------------------------------------------------------------------------

    def snapshot(self) -> object:
        return (tuple((key, f.state()) for key, f in self.fields.items()), self.extra_state())

    def extra_state(self) -> object:
        """What else counts as an unsaved change (e.g. consents recorded but not saved)."""
        return None

    def mark_clean(self) -> None:
        self._baseline = self.snapshot()
        self.setWindowModified(False)

    def is_dirty(self) -> bool:
        return not self.read_only and self.snapshot() != self._baseline

    def set_read_only(self, read_only: bool) -> None:
        """Show the record without letting it be changed (Save goes, Cancel becomes Close)."""
        self.read_only = read_only
        for field in self.fields.values():
            field.widget.setEnabled(not read_only)
        if self.save_button is not None:
            self.save_button.setVisible(not read_only)
            self.save_button.setDefault(not read_only)
        if self.cancel_button is not None:
            self.cancel_button.setText(_("Close") if read_only else _("Cancel"))
            self.cancel_button.setDefault(read_only)

    # --- checking and saving ------------------------------------------------------------------

    def check_form(self) -> dict[str, str]:
        """Problems that involve several fields (the single-field ones are checked by them)."""
        return {}

    def write(self) -> None:
        """Save the values; raise ``FormErrors`` (or another ``CsoError``) to refuse."""
        raise NotImplementedError

    def save(self) -> bool:
        """Check and save. ``False`` leaves everything typed in place, problems beside fields."""
        if self.read_only:
            return False
        self.problem_label.setVisible(False)
        problems = {key: msg for key, f in self.fields.items() if (msg := f.validate())}
        for key, message in self.check_form().items():
            problems.setdefault(key, message)
        if problems:
            self.show_problems(problems)
            return False
        try:
            self.write()
        except FormErrors as exc:
            log.info("Save refused: %s", exc.log_message)
            self.show_problems(exc.problems)
            return False
        except ValidationError as exc:
            log.info("Save refused: %s", exc.log_message)
            self.show_problems({exc.field or "": exc.user_message})
            return False
        except CsoError as exc:
            log.warning("Save failed: %s", exc.log_message)
            self.show_problems({"": exc.user_message})
            return False
        self.changed = True
        self.mark_clean()
        self.saved.emit()
        return True

    def run_action(self, work: Callable[[Session], Any]) -> bool:
        """Run one change (archive, erase, add a payment) in its own transaction.

        A known failure is shown to the user; ``False`` then.
        """
        assert self.db is not None
        try:
            with self.db.transaction() as session:
                work(session)
        except CsoError as exc:
            log.warning("Action failed: %s", exc.log_message)
            messages.show_warning(self, exc.user_message)
            return False
        self.changed = True
        return True

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Each problem beside its field (others above the form); focus the first field."""
        other = []
        for key, message in problems.items():
            field = self.fields.get(key)
            if field is not None and not field.container.isHidden():
                field.show_error(message)
            else:
                other.append(message)
        self.problem_label.setText("\n".join(other))
        self.problem_label.setVisible(bool(other))
        first = next((f for f in self.fields.values() if f.error), None)
        if first is not None:
            self.reveal(first.widget)
            first.focus()

    def reveal(self, widget: QWidget) -> None:
        """Switch to the tab that holds ``widget`` and scroll it into view."""
        child: QWidget | None = widget
        while child is not None and child is not self:
            parent = child.parentWidget()
            if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
                tabs = parent.parentWidget()
                assert isinstance(tabs, QTabWidget)
                tabs.setCurrentWidget(child)
            if isinstance(parent, QWidget) and isinstance(parent.parentWidget(), QScrollArea):
                area = parent.parentWidget()
                assert isinstance(area, QScrollArea)
                area.ensureWidgetVisible(widget)
            child = parent

    # --- closing ------------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel, Esc or the window's close button: ask first when something is unsaved."""
        if self.is_dirty():
            choice = ask_unsaved_changes(self)
            if choice is UnsavedChoice.SAVE:
                if self.save():
                    self.accept()
                return
            if choice is UnsavedChoice.CANCEL:
                return
        super().reject()

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_field_changed(self) -> None:
        self.setWindowModified(self.is_dirty())

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.save():
            self.accept()

    @Slot()
    def _on_save_shortcut_activated(self) -> None:
        if not self.read_only:
            self._on_buttons_accepted()


def scrolling(content: QWidget, *, parent: QWidget | None = None) -> QScrollArea:
    """``content`` in a scroll area without a frame, for long tabs on small screens."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the area
    area.setWidget(content)
    return area
