"""The duplicate review of an import: each pair of people who may be one, and the decision.

One row per :class:`DuplicatePair`: how sure the match is, why, the person in the file beside
the other one (another row of the file or a record already in the register), and what to do:
merge, keep both or skip. Certain pairs start as Skip, likely ones as Keep both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from cso_desktop import i18n
from cso_desktop.i18n import N_, _
from cso_desktop.services.importing.duplicates import (
    CERTAINTY_LABELS,
    DECISION_LABELS,
    Certainty,
    Decision,
    DuplicatePair,
)

#: The pair's decision (a ``Decision`` value) under this role.
DecisionRole = Qt.ItemDataRole.UserRole + 1
#: The choices of the decision combo, ``[(value, title)]``.
ChoicesRole = Qt.ItemDataRole.UserRole + 2

CERTAINTY, REASON, IN_FILE, OTHER, DECISION = range(5)

_Index = QModelIndex | QPersistentModelIndex

DECISION_HELP: dict[Decision, str] = {
    Decision.MERGE: N_("Bring the file's values into the other record; no new record"),
    Decision.KEEP_BOTH: N_("Import the row as a new person; both records are kept"),
    Decision.SKIP: N_("Do not import this row"),
}
_CERTAIN_BACKGROUND = QColor("#fdecea")


def default_decision(pair: DuplicatePair) -> Decision:
    """What a pair starts with: a certain duplicate is skipped, a likely one kept."""
    return Decision.SKIP if pair.certainty is Certainty.CERTAIN else Decision.KEEP_BOTH


def person_text(values: Mapping[str, str]) -> str:
    """A side of a pair on one line: its non-empty values, in order."""
    return " · ".join(value for value in values.values() if value)


def other_title(pair: DuplicatePair) -> str:
    """Where the other person is: another file row, or the register."""
    if pair.other_row is not None:
        return _("Row {row} of the file").format(row=i18n.format_integer(pair.other_row))
    return _("Already in the register")


class DuplicatesModel(QAbstractTableModel):
    """The pairs and the decision on each, by pair key.

    Attributes:
        pairs: the pairs, in the order found.

    Signals:
        decisions_changed(): the user changed a decision.
    """

    decisions_changed = Signal()

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pairs: list[DuplicatePair] = []
        self._decisions: dict[str, Decision] = {}

    def set_pairs(
        self, pairs: Sequence[DuplicatePair], *, earlier: Mapping[str, Decision] | None = None
    ) -> None:
        """Show ``pairs``; a pair decided ``earlier`` (same key) keeps its decision."""
        self.beginResetModel()
        self.pairs = list(pairs)
        earlier = earlier or {}
        self._decisions = {
            pair.key: earlier.get(pair.key, default_decision(pair)) for pair in self.pairs
        }
        self.endResetModel()

    def decisions(self) -> dict[str, Decision]:
        """The decision on every pair, by pair key."""
        return dict(self._decisions)

    def decision(self, row: int) -> Decision:
        return self._decisions[self.pairs[row].key]

    def set_decision(self, row: int, decision: Decision) -> None:
        self.setData(self.index(row, DECISION), decision.value, DecisionRole)

    def counts(self) -> dict[Certainty, int]:
        counts = dict.fromkeys(Certainty, 0)
        for pair in self.pairs:
            counts[pair.certainty] += 1
        return counts

    # --- Qt API -------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (_("Match"), _("Why"), _("In the file"), _("Other record"), _("Decision"))
        return titles[section] if 0 <= section < len(titles) else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == DECISION:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.pairs):
            return None
        pair = self.pairs[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(_CERTAIN_BACKGROUND) if pair.certainty is Certainty.CERTAIN else None
        if column == DECISION:
            decision = self._decisions[pair.key]
            if role in (DecisionRole, Qt.ItemDataRole.EditRole):
                return decision.value
            if role == Qt.ItemDataRole.DisplayRole:
                return _(DECISION_LABELS[decision])
            if role == Qt.ItemDataRole.ToolTipRole:
                return _(DECISION_HELP[decision])
            if role == ChoicesRole:
                return [(d.value, _(DECISION_LABELS[d])) for d in Decision]
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == CERTAINTY:
            return _(CERTAINTY_LABELS[pair.certainty])
        if column == REASON:
            return pair.reason
        if column == IN_FILE:
            text = person_text(pair.left)
            if role == Qt.ItemDataRole.DisplayRole:
                return _("Row {row}: {person}").format(
                    row=i18n.format_integer(pair.row), person=text
                )
            return text
        if column == OTHER:
            text = person_text(pair.right)
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{other_title(pair)}: {text}" if text else other_title(pair)
            return text
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != DECISION
            or role not in (Qt.ItemDataRole.EditRole, DecisionRole)
            or not 0 <= index.row() < len(self.pairs)
        ):
            return False
        try:
            decision = Decision(value)
        except ValueError:
            return False
        key = self.pairs[index.row()].key
        if self._decisions[key] is decision:
            return True
        self._decisions[key] = decision
        self.dataChanged.emit(
            index,
            index,
            [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, DecisionRole],
        )
        self.decisions_changed.emit()
        return True

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        if self.pairs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.pairs) - 1, 4))
