"""A layout that places widgets in a row and wraps them onto more rows when they do not fit.

Python port of Qt's "Flow Layout Example"
(doc.qt.io/qt-6/qtwidgets-layouts-flowlayout-example.html), used for the filter buttons of a
register, whose translated titles vary a lot in length.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QMargins,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtWidgets import (
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QWidget,
)


class FlowLayout(QLayout):
    """Items left to right, wrapping at the right edge; the height follows the width.

    ``one_row_hint`` makes the preferred size one row of every item (filter buttons that like
    to stand in a line); without it the preferred size is the widest item (tag chips that wrap
    within a form column).
    """

    def __init__(
        self, *, spacing: int = 6, one_row_hint: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._one_row_hint = one_row_hint
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # Qt calls these while the layout is being destroyed, when the Python attributes may be
    # gone already: read the items through _list(), which then sees none.

    def _list(self) -> list[QLayoutItem]:
        return getattr(self, "_items", [])

    def addItem(self, item: QLayoutItem) -> None:
        self._list().append(item)

    def count(self) -> int:
        return len(self._list())

    def itemAt(self, index: int) -> QLayoutItem | None:
        items = self._list()
        return items[index] if 0 <= index < len(items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        items = self._list()
        return items.pop(index) if 0 <= index < len(items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        if not getattr(self, "_one_row_hint", True):
            return self.minimumSize()
        # One row: what the layout would like when there is room.
        width = 0
        height = 0
        for item in self._visible_items():
            hint = item.sizeHint()
            width += hint.width() + (self._spacing if width else 0)
            height = max(height, hint.height())
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        # The widest single item: everything else can wrap.
        size = QSize()
        for item in self._visible_items():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible_items(self) -> list[QLayoutItem]:
        return [item for item in self._list() if not item.isEmpty()]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x = area.x()
        y = area.y()
        line_height = 0
        spacing = getattr(self, "_spacing", 6)
        for item in self._visible_items():
            hint = item.sizeHint()
            next_x = x + hint.width() + spacing
            if next_x - spacing > area.right() + 1 and line_height > 0:
                x = area.x()
                y += line_height + spacing
                next_x = x + hint.width() + spacing
                line_height = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x = next_x
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


def flow_container(
    *, parent: QWidget | None = None, spacing: int = 6
) -> tuple[QWidget, FlowLayout]:
    """A widget holding a :class:`FlowLayout`, ready to be put in another layout."""
    widget = QWidget(parent)
    layout = FlowLayout(spacing=spacing, parent=widget)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    widget.setSizePolicy(policy)
    return widget, layout
