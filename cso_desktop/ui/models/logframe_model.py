"""The logframe as a tree: results (impact → outcomes → outputs), each with its indicators.

Columns follow the EU logframe matrix (standards README §3.5): Results chain | Indicator |
Baseline | Current value | Target | Means of verification. A result's indicators come first
under it, then the results under it. The model is rebuilt from a
:class:`cso_desktop.services.projects.Logframe` after every change; logframes are small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from cso_desktop import i18n
from cso_desktop.domain import vocab
from cso_desktop.i18n import _
from cso_desktop.services import projects
from cso_desktop.ui.forms.dates import format_short

#: "result" or "indicator".
KindRole = Qt.ItemDataRole.UserRole + 1
#: The record id of the row.
IdRole = Qt.ItemDataRole.UserRole + 2

RESULT = "result"
INDICATOR = "indicator"

COLUMN_CHAIN, COLUMN_INDICATOR, COLUMN_BASELINE, COLUMN_CURRENT, COLUMN_TARGET, COLUMN_MOV = range(
    6
)

_Index = QModelIndex | QPersistentModelIndex


def format_quantity(value: Decimal | None) -> str:
    """``120``, ``46,5`` (the UI language's decimal sign), at most three decimals."""
    if value is None:
        return ""
    normal = value.normalize()
    places = max(0, -int(normal.as_tuple().exponent)) if normal != 0 else 0
    return i18n.format_decimal(value, places=min(places, 3))


def value_with_year(value: Decimal | None, year: int | None) -> str:
    if value is None:
        return ""
    if year is None:
        return format_quantity(value)
    return _("{value} ({year})").format(value=format_quantity(value), year=year)


def sex_parts(value: projects.PeriodValue) -> str:
    """``women 38, men 26`` (empty when the value has no sex disaggregates)."""
    if not value.by_sex:
        return ""
    return ", ".join(
        _("{sex}: {value}").format(sex=vocab.label(sex).lower(), value=format_quantity(number))
        for sex, number in value.by_sex
    )


def current_text(value: projects.PeriodValue | None, *, with_sex: bool) -> str:
    """``64 (30.06.2026)``, with the sex disaggregates after it when they are wanted."""
    if value is None:
        return ""
    text = _("{value} ({date})").format(
        value=format_quantity(value.total), date=format_short(value.period_end)
    )
    parts = sex_parts(value) if with_sex else ""
    return f"{text}\n{parts}" if parts else text


def code_title(code: str, title: str) -> str:
    return _("{code} — {title}").format(code=code, title=title)


@dataclass
class _Node:
    kind: str
    id: int
    parent: _Node | None
    result: projects.ResultNode | None = None
    indicator: projects.IndicatorRow | None = None
    children: list[_Node] = field(default_factory=list)

    def row(self) -> int:
        if self.parent is None:
            return 0
        return next(i for i, child in enumerate(self.parent.children) if child is self)


class LogframeModel(QAbstractItemModel):
    """The results chain and indicators of one project, read-only."""

    def __init__(self, *, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = _Node(kind="root", id=0, parent=None)
        self._frame: projects.Logframe | None = None

    # --- content ------------------------------------------------------------------------------

    def set_logframe(self, frame: projects.Logframe | None) -> None:
        self.beginResetModel()
        self._frame = frame
        self._root = _Node(kind="root", id=0, parent=None)
        if frame is not None:
            for result in frame.roots:
                self._root.children.append(self._build(result, self._root))
        self.endResetModel()

    def logframe(self) -> projects.Logframe | None:
        return self._frame

    def _build(self, result: projects.ResultNode, parent: _Node) -> _Node:
        node = _Node(kind=RESULT, id=result.id, parent=parent, result=result)
        for row in result.indicators:
            node.children.append(_Node(kind=INDICATOR, id=row.id, parent=node, indicator=row))
        for child in result.children:
            node.children.append(self._build(child, node))
        return node

    def index_of(self, kind: str, record_id: int) -> QModelIndex:
        """The index (column 0) of a result or indicator, invalid when it is not shown."""

        def find(node: _Node) -> _Node | None:
            for child in node.children:
                if child.kind == kind and child.id == record_id:
                    return child
                found = find(child)
                if found is not None:
                    return found
            return None

        node = find(self._root)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row(), 0, node)

    def node_at(self, index: _Index) -> _Node | None:
        if not index.isValid():
            return None
        node = index.internalPointer()
        return node if isinstance(node, _Node) else None

    # --- Qt -----------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt API
        if column < 0 or column >= self.columnCount() or row < 0:
            return QModelIndex()
        parent_node = self.node_at(parent) if parent.isValid() else self._root
        if parent_node is None or row >= len(parent_node.children):
            return QModelIndex()
        return self.createIndex(row, column, parent_node.children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008 - Qt API
        node = self.node_at(index)
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row(), 0, node.parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self.node_at(parent) if parent.isValid() else self._root
        return len(node.children) if node is not None else 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 6

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = (
            _("Results chain"),
            _("Indicator"),
            _("Baseline"),
            _("Current value"),
            _("Target"),
            _("Means of verification"),
        )
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node_at(index)
        if node is None:
            return None
        if role == KindRole:
            return node.kind
        if role == IdRole:
            return node.id
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(node, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node, column)
        if role == Qt.ItemDataRole.FontRole and node.kind == RESULT and column == COLUMN_CHAIN:
            font = QFont()
            font.setBold(node.result is not None and node.result.level != vocab.ResultLevel.OUTPUT)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            COLUMN_BASELINE,
            COLUMN_CURRENT,
            COLUMN_TARGET,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, node: _Node, column: int) -> str:
        if node.result is not None:
            result = node.result
            if column == COLUMN_CHAIN:
                return code_title(result.code, result.title)
            return ""
        row = node.indicator
        if row is None:
            return ""
        draft = row.draft
        if column == COLUMN_INDICATOR:
            return code_title(draft.code, draft.title)
        if column == COLUMN_BASELINE:
            return value_with_year(draft.baseline_value, draft.baseline_year)
        if column == COLUMN_CURRENT:
            return current_text(row.current, with_sex=draft.disaggregate_sex)
        if column == COLUMN_TARGET:
            return value_with_year(draft.target_value, draft.target_year)
        if column == COLUMN_MOV:
            return draft.means_of_verification or ""
        return ""

    def _tooltip(self, node: _Node, column: int) -> str:
        if node.result is not None:
            result = node.result
            lines = [vocab.label(result.level), code_title(result.code, result.title)]
            if result.assumptions:
                lines.append(_("Assumptions: {text}").format(text=result.assumptions))
            return "\n".join(lines)
        row = node.indicator
        if row is None:
            return ""
        draft = row.draft
        lines = [code_title(draft.code, draft.title), _("Unit: {unit}").format(unit=draft.unit)]
        method = vocab.label(draft.method)
        if draft.method_activity_type is not None:
            method = _("{method}: {type}").format(
                method=method, type=vocab.label(draft.method_activity_type)
            )
        lines.append(_("Values: {method}").format(method=method))
        if row.current is not None:
            lines.append(
                _("Latest value: {value}, {start}–{end}").format(
                    value=format_quantity(row.current.total),
                    start=format_short(row.current.period_start),
                    end=format_short(row.current.period_end),
                )
            )
            parts = sex_parts(row.current)
            if parts:
                lines.append(parts)
            if row.current.source:
                lines.append(_("Source: {source}").format(source=row.current.source))
        return "\n".join(lines)
