"""Form rows: a label with its buddy, the input, and the problem shown beside it.

A :class:`Field` checks its value while the user types (rules from
:mod:`cso_desktop.domain.validation`): a problem appears once the user pauses or leaves the
field, and disappears as soon as the value is right. A field the user has not touched shows
nothing until a save is attempted, so a new, empty form is not covered in red.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cso_desktop.domain import validation
from cso_desktop.domain.errors import ValidationError
from cso_desktop.i18n import _

#: How long the user may pause in a field before its problem is shown.
CHECK_DELAY_MS = 600
#: Labels wrap rather than push the fields off the dialog (Russian labels run long).
LABEL_MAX_WIDTH = 240

#: A check returns the translated problem with the current value, or ``None``.
Check = Callable[[], str | None]


def rule(function: Callable[[], object]) -> str | None:
    """Run a validation rule; its translated message, or ``None`` when the value is fine."""
    try:
        function()
    except ValidationError as exc:
        return exc.user_message
    return None


def text_of(widget: QWidget) -> str:
    """The text typed in a line edit, an editable combo box or a multi-line edit."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    raise TypeError(type(widget).__name__)


def state_of(widget: QWidget) -> Any:
    """What the user set in ``widget``, comparable with ``==`` (for unsaved-changes tracking)."""
    custom = getattr(widget, "state", None)
    if callable(custom):
        return custom()
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        return text_of(widget)
    if isinstance(widget, QComboBox):
        return widget.currentText() if widget.isEditable() else widget.currentData()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    raise TypeError(type(widget).__name__)


def _change_signal(widget: QWidget) -> Any:
    custom = getattr(widget, "changed", None)
    if custom is not None:
        return custom
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.editTextChanged if widget.isEditable() else widget.currentIndexChanged
    if isinstance(widget, QAbstractButton):
        return widget.toggled
    if isinstance(widget, QSpinBox):
        return widget.valueChanged
    raise TypeError(type(widget).__name__)


def form_label(text: str) -> QLabel:
    """A field's label: one line when it fits in :data:`LABEL_MAX_WIDTH`, else wrapped to that
    width with the height it needs (a form layout would otherwise clip the second line)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    natural = label.fontMetrics().horizontalAdvance(text.replace("&", "")) + 4
    if natural > LABEL_MAX_WIDTH:
        label.setWordWrap(True)
        label.setFixedWidth(LABEL_MAX_WIDTH)
        label.setMinimumHeight(label.heightForWidth(LABEL_MAX_WIDTH))
    return label


class ErrorLabel(QLabel):
    """The red message under an input; hidden while the input is fine."""

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setVisible(False)


class Field(QObject):
    """One input of a form, with its label and its inline problem.

    Attributes:
        key: the name services use for it in ``FormErrors.problems`` (``first_name``…).
        widget: the input.
        label: its label (with a mnemonic; the input is its buddy), or ``None`` for check boxes
            and groups that carry their own text.
        container: the input with its problem underneath, to put in a layout.
        error_label: the problem, hidden while there is none.
        touched: the user changed the value since it was loaded.

    Signals:
        changed(): the user changed the value.
    """

    changed = Signal()

    def __init__(
        self,
        *,
        key: str,
        widget: QWidget,
        text: str | None = None,
        check: Check | None = None,
        container: QWidget | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.key = key
        self.widget = widget
        self._check = check
        self.touched = False
        self.loading = False
        self._shown: str | None = None

        self.container = container or QWidget()
        if container is None:
            column = QVBoxLayout(self.container)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
        self.error_label = ErrorLabel(parent=self.container)
        layout = self.container.layout()
        if layout is None:
            layout = QVBoxLayout(self.container)
            layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.error_label)

        self.label: QLabel | None = None
        if text is not None:
            self.label = form_label(text)
            self.label.setBuddy(widget.focusProxy() or widget)
            widget.setAccessibleName(text.replace("&", ""))

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        _change_signal(widget).connect(self._on_widget_changed)
        finished = getattr(widget, "editingFinished", None)
        if finished is not None:
            finished.connect(self._on_widget_editing_finished)

    # --- public -------------------------------------------------------------------------------

    @property
    def error(self) -> str | None:
        """The problem shown now, if any."""
        return self._shown

    def state(self) -> Any:
        return state_of(self.widget)

    def problem(self) -> str | None:
        """The problem with the current value; a disabled input has none (it is not saved)."""
        if self._check is None or not self.widget.isEnabled():
            return None
        return self._check()

    def validate(self) -> str | None:
        """Check now and show (or clear) the problem."""
        self._timer.stop()
        message = self.problem()
        self.show_error(message)
        return message

    def show_error(self, message: str | None) -> None:
        self._shown = message
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))
        # Screen readers read the description with the input.
        self.widget.setAccessibleDescription(message or "")

    def reset(self) -> None:
        """Forget edits and problems (after loading a value)."""
        self._timer.stop()
        self.touched = False
        self.show_error(None)

    def set_check(self, check: Check | None) -> None:
        self._check = check

    def focus(self) -> None:
        target = self.widget.focusProxy() or self.widget
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(target, QLineEdit):
            target.selectAll()

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_widget_changed(self, *_args: object) -> None:
        if self.loading:
            return
        self.touched = True
        if self._shown:
            # A shown problem goes away (or changes) at once.
            self.validate()
        else:
            self._timer.start()
        self.changed.emit()

    @Slot()
    def _on_widget_editing_finished(self) -> None:
        if self.touched and not self.loading:
            self.validate()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.validate()


class ButtonLabel(QLabel):
    """The wrapping text of a check box or radio button; clicking it clicks the button.

    Qt's buttons never wrap their text, so a long (translated) text would widen the whole
    dialog. The button gets no text of its own; this label is its buddy, so the label's
    mnemonic clicks it too.
    """

    def __init__(self, text: str, *, button: QAbstractButton, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setBuddy(button)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._button = button
        button.setAccessibleName(text.replace("&", ""))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._button.isEnabled():
            self._button.click()
            self._button.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mouseReleaseEvent(event)


def wrapped(button: QAbstractButton, text: str, *, parent: QWidget | None = None) -> QWidget:
    """``button`` with ``text`` beside it, wrapping when it is long."""
    holder = QWidget(parent)
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    button.setParent(holder)
    row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(ButtonLabel(text, button=button, parent=holder), 1)
    holder.setFocusProxy(button)
    return holder


class SubmitLineEdit(QLineEdit):
    """A line edit where Enter means "add this" or "search", not "save the form".

    Signals:
        submitted(str): Enter was pressed; the text.
    """

    submitted = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            self.submitted.emit(self.text())
            event.accept()
            return
        super().keyPressEvent(event)


def make_form() -> QFormLayout:
    """A form layout whose long labels wrap and whose fields take the rest of the width."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(8)
    return form


def add_row(form: QFormLayout, field: Field) -> Field:
    if field.label is not None:
        form.addRow(field.label, field.container)
    else:
        form.addRow(field.container)
    return field


def required(text_widget: QWidget, key: str, *, max_length: int = 100) -> Check:
    """Check: text that must be there."""
    return lambda: rule(
        lambda: validation.required_text(text_of(text_widget), field=key, max_length=max_length)
    )


def optional(text_widget: QWidget, key: str, *, max_length: int = 100) -> Check:
    """Check: text that may be empty but not too long."""
    return lambda: rule(
        lambda: validation.optional_text(text_of(text_widget), field=key, max_length=max_length)
    )


def chosen(combo: QComboBox) -> Check:
    """Check: a combo box without a choice yet."""
    return lambda: _("Choose one of the options.") if combo.currentIndex() < 0 else None


def code_combo(
    choices: list[tuple[str, str]], *, placeholder: bool = True, parent: QWidget | None = None
) -> QComboBox:
    """A combo box of ``(code, label)`` pairs; with ``placeholder`` nothing is chosen at first."""
    combo = QComboBox(parent)
    for code, label in choices:
        combo.addItem(label, code)
    if placeholder:
        combo.setPlaceholderText(_("Choose…"))
        combo.setCurrentIndex(-1)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


def set_combo_data(combo: QComboBox, value: object) -> None:
    """Choose the item whose data is ``value`` (nothing when no item has it)."""
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            combo.setCurrentIndex(index)
            return
    combo.setCurrentIndex(-1)
