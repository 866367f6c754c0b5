"""Budget against actual as a tree: headings with their lines, then the Annex III totals.

The model shows a :class:`cso_desktop.reports.budget.BudgetUse` (computed off the GUI thread);
it formats money in the project currency with Babel and marks lines over budget and headings
whose cumulative change passes the reallocation threshold (icon, colour and a tooltip that
says why).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QIcon,
)
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
)

from cso_desktop import i18n
from cso_desktop.domain import vocab
from cso_desktop.i18n import N_, _
from cso_desktop.reports.budget import BudgetUse, Figure, HeadingUse, LineUse

#: What a row is (:class:`RowKind`).
RowKindRole = Qt.ItemDataRole.UserRole + 1
#: The budget line's id (line rows), else ``None``.
LineIdRole = Qt.ItemDataRole.UserRole + 2
#: The raw value of a cell (``Decimal`` or ``None``; text columns give their text).
RawValueRole = Qt.ItemDataRole.UserRole + 3
#: Whether the row is flagged (over budget, or past the reallocation threshold).
FlaggedRole = Qt.ItemDataRole.UserRole + 4

COLUMNS: tuple[str, ...] = (
    N_("Line"),
    N_("Description"),
    N_("Budget"),
    N_("Spent"),
    N_("Remaining"),
    N_("Used (%)"),
)
LINE, DESCRIPTION, BUDGET, SPENT, REMAINING, USED = range(len(COLUMNS))

OVER_COLOUR = QColor("#b42318")
FLAG_BACKGROUND = QColor("#fff1cc")
TOTAL_BACKGROUND = QColor(0, 0, 0, 14)

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RowKind(enum.Enum):
    HEADING = "heading"
    LINE = "line"
    UNALLOCATED = "unallocated"
    SUBTOTAL = "subtotal"
    CONTINGENCY = "contingency"
    TOTAL_DIRECT = "total_direct"
    INDIRECT = "indirect"
    TOTAL = "total"


@dataclass(frozen=True)
class _Node:
    kind: RowKind
    parent: int  # node number of the parent, -1 at the top
    row: int  # position under the parent
    heading: HeadingUse | None = None
    line: LineUse | None = None
    figure: Figure | None = None
    children: tuple[int, ...] = ()


def heading_title(budget: BudgetUse, heading: HeadingUse) -> str:
    """The heading's title in the current language (EU Annex III titles are translated)."""
    if budget.is_eu and heading.code in vocab.EU_BUDGET_HEADINGS:
        return _(vocab.EU_BUDGET_HEADINGS[heading.code])
    return heading.title or ""


def percent(value: Decimal | None) -> str:
    return "–" if value is None else i18n.format_percent(value)


class BudgetModel(QAbstractItemModel):
    """The tree of one project's budget against spending (read-only).

    Attributes:
        budget: what is shown (``None``: nothing).
    """

    def __init__(self, *, parent=None) -> None:
        super().__init__(parent)
        self.budget: BudgetUse | None = None
        self._nodes: list[_Node] = []
        self._top: tuple[int, ...] = ()

    # --- content ------------------------------------------------------------------------------

    def set_budget(self, budget: BudgetUse | None) -> None:
        self.beginResetModel()
        self.budget = budget
        self._nodes = []
        self._top = ()
        if budget is not None:
            self._build(budget)
        self.endResetModel()

    def _build(self, budget: BudgetUse) -> None:
        nodes: list[_Node] = []
        top: list[int] = []

        def add(node: _Node) -> int:
            nodes.append(node)
            return len(nodes) - 1

        for heading in budget.headings:
            number = add(_Node(RowKind.HEADING, -1, len(top), heading=heading))
            top.append(number)
            children = tuple(
                add(_Node(RowKind.LINE, number, position, heading=heading, line=line))
                for position, line in enumerate(heading.lines)
            )
            nodes[number] = _Node(
                RowKind.HEADING, -1, nodes[number].row, heading=heading, children=children
            )
        rows: list[tuple[RowKind, Figure]] = []
        if budget.unallocated_count:
            unallocated = budget.unallocated
            rows.append(
                (RowKind.UNALLOCATED, Figure.of(Decimal("0.00"), Decimal("0.00"), unallocated))
            )
        rows.append((RowKind.SUBTOTAL, budget.subtotal_direct))
        if budget.contingency_rate is not None:
            rows.append((RowKind.CONTINGENCY, budget.contingency))
            rows.append((RowKind.TOTAL_DIRECT, budget.total_direct))
        if budget.indirect_rate is not None:
            rows.append((RowKind.INDIRECT, budget.indirect))
        if budget.contingency_rate is not None or budget.indirect_rate is not None:
            rows.append((RowKind.TOTAL, budget.total_eligible))
        for kind, figure in rows:
            top.append(add(_Node(kind, -1, len(top), figure=figure)))
        self._nodes = nodes
        self._top = tuple(top)

    def node(self, index: _Index) -> _Node | None:
        if not index.isValid():
            return None
        number = int(index.internalId())
        return self._nodes[number] if 0 <= number < len(self._nodes) else None

    def kind(self, index: _Index) -> RowKind | None:
        node = self.node(index)
        return None if node is None else node.kind

    def heading_index(self, code: str) -> QModelIndex:
        for position, number in enumerate(self._top):
            node = self._nodes[number]
            if node.kind is RowKind.HEADING and node.heading and node.heading.code == code:
                return self.index(position, 0)
        return QModelIndex()

    def line_index(self, line_id: int) -> QModelIndex:
        for number, node in enumerate(self._nodes):
            if node.kind is RowKind.LINE and node.line and node.line.id == line_id:
                return self.createIndex(node.row, 0, number)
        return QModelIndex()

    def total_index(self, kind: RowKind) -> QModelIndex:
        for position, number in enumerate(self._top):
            if self._nodes[number].kind is kind:
                return self.index(position, 0)
        return QModelIndex()

    # --- structure ----------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not (0 <= column < len(COLUMNS)):
            return QModelIndex()
        if not parent.isValid():
            if 0 <= row < len(self._top):
                return self.createIndex(row, column, self._top[row])
            return QModelIndex()
        node = self.node(parent)
        if node is None or parent.column() != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, *args: Any) -> Any:
        """The parent of an index (Qt's item model), or with no argument the QObject parent."""
        if not args:
            return super().parent()
        node = self.node(args[0])
        if node is None or node.parent < 0:
            return QModelIndex()
        parent_node = self._nodes[node.parent]
        return self.createIndex(parent_node.row, 0, node.parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._top)
        if parent.column() != 0:
            return 0
        node = self.node(parent)
        return 0 if node is None else len(node.children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section >= BUDGET:
            return _RIGHT
        return None

    def retranslate(self) -> None:
        """Show the texts and numbers in the language just chosen."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._nodes:
            self.set_budget(self.budget)

    # --- data ---------------------------------------------------------------------------------

    def _figures(
        self, node: _Node
    ) -> tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]:
        source: LineUse | HeadingUse | Figure | None = node.line or node.heading or node.figure
        if source is None:
            return None, None, None, None
        if node.kind is RowKind.UNALLOCATED:
            return None, source.spent, None, None
        return source.budget, source.spent, source.remaining, source.share

    def _texts(self, node: _Node) -> tuple[str, str]:
        budget = self.budget
        assert budget is not None
        if node.kind is RowKind.HEADING and node.heading is not None:
            return node.heading.code, heading_title(budget, node.heading)
        if node.kind is RowKind.LINE and node.line is not None:
            return node.line.line_code, node.line.description
        if node.kind is RowKind.UNALLOCATED:
            return "", i18n.ngettext(
                "Not booked on a budget line ({count} expense)",
                "Not booked on a budget line ({count} expenses)",
                budget.unallocated_count,
            ).format(count=i18n.format_integer(budget.unallocated_count))
        if node.kind is RowKind.SUBTOTAL:
            text = (
                _("Subtotal of direct costs (1–6)")
                if budget.is_eu
                else _("Subtotal of direct costs")
            )
            return "", text
        if node.kind is RowKind.CONTINGENCY:
            return "", _("Contingency reserve ({rate} of direct costs)").format(
                rate=percent(budget.contingency_rate)
            )
        if node.kind is RowKind.TOTAL_DIRECT:
            return "", _("Total direct costs")
        if node.kind is RowKind.INDIRECT:
            return "", _("Indirect costs ({rate} of direct costs, flat rate)").format(
                rate=percent(budget.indirect_rate)
            )
        return "", _("Total eligible costs")

    def flagged(self, node: _Node) -> bool:
        if node.kind is RowKind.LINE and node.line is not None:
            return node.line.over_budget
        if node.kind is RowKind.HEADING and node.heading is not None:
            return node.heading.flagged or node.heading.over_budget
        if node.kind is RowKind.UNALLOCATED:
            return True
        return node.figure is not None and node.figure.over_budget

    def tooltip(self, node: _Node) -> str | None:
        budget = self.budget
        assert budget is not None
        currency = budget.currency
        reasons = []
        if node.kind is RowKind.LINE and node.line is not None and node.line.over_budget:
            reasons.append(
                _("Over budget by {amount}.").format(
                    amount=i18n.format_money(node.line.over_by, currency)
                )
            )
        if node.kind is RowKind.HEADING and node.heading is not None:
            heading = node.heading
            if heading.over_budget:
                reasons.append(
                    _("Over budget by {amount}.").format(
                        amount=i18n.format_money(heading.spent - heading.budget, currency)
                    )
                )
            if heading.flagged:
                if heading.change is None:
                    reasons.append(
                        _(
                            "This heading had no money in the original budget. Changes beyond "
                            "{threshold} need the donor's written agreement (an addendum)."
                        ).format(threshold=percent(budget.threshold))
                    )
                else:
                    reasons.append(
                        _(
                            "Changed by {change} against the original budget ({base}), more "
                            "than the {threshold} allowed without the donor's agreement: ask "
                            "for an addendum."
                        ).format(
                            change=percent(heading.change),
                            base=i18n.format_money(heading.base, currency),
                            threshold=percent(budget.threshold),
                        )
                    )
            elif heading.change:
                reasons.append(
                    _("Changed by {change} against the original budget ({base}).").format(
                        change=percent(heading.change),
                        base=i18n.format_money(heading.base, currency),
                    )
                )
        if node.kind is RowKind.UNALLOCATED:
            reasons.append(
                _("Book these expenses on budget lines so that the lines show what they cost.")
            )
        if node.kind is RowKind.INDIRECT:
            reasons.append(
                _("Indirect costs are a flat rate of the direct costs: no receipts are needed.")
            )
        return "\n".join(reasons) or None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None or self.budget is None:
            return None
        column = index.column()
        try:
            return self._data(node, column, role)
        except (ArithmeticError, KeyError, ValueError):  # data() never raises
            return None

    def _data(self, node: _Node, column: int, role: int) -> Any:
        budget = self.budget
        assert budget is not None
        if role == RowKindRole:
            return node.kind
        if role == LineIdRole:
            return node.line.id if node.line is not None else None
        if role == FlaggedRole:
            return self.flagged(node)
        figures = self._figures(node)
        if role == RawValueRole:
            if column < BUDGET:
                return self._texts(node)[column]
            return figures[column - BUDGET]
        if role == Qt.ItemDataRole.DisplayRole:
            if column < BUDGET:
                return self._texts(node)[column]
            value = figures[column - BUDGET]
            if column == USED:
                return "" if node.kind is RowKind.UNALLOCATED else percent(value)
            return "" if value is None else i18n.format_money(value, budget.currency)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= BUDGET:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tooltip(node)
            if column == DESCRIPTION:
                text = self._texts(node)[1]
                return f"{text}\n{tip}" if tip else text
            return tip
        if role == Qt.ItemDataRole.DecorationRole and column == LINE and self.flagged(node):
            style = QApplication.style()
            return (
                style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning) if style else QIcon()
            )
        if role == Qt.ItemDataRole.ForegroundRole:
            over = (
                (column in (SPENT, REMAINING, USED))
                and figures[1] is not None
                and (figures[0] is not None and figures[1] > figures[0])
            )
            if over:
                return QBrush(OVER_COLOUR)
        if role == Qt.ItemDataRole.BackgroundRole:
            if node.kind is RowKind.HEADING and node.heading is not None and node.heading.flagged:
                return QBrush(FLAG_BACKGROUND)
            if node.kind not in (RowKind.HEADING, RowKind.LINE):
                return QBrush(TOTAL_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and node.kind is not RowKind.LINE:
            font = QFont(QApplication.font())
            font.setBold(node.kind is not RowKind.UNALLOCATED)
            return font
        return None
