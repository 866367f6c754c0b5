"""The one door the register pages use to open a record's editor.

::

    if editors.supports("beneficiaries"):
        changed = editors.open_record("beneficiaries", db=db, record_id=None, parent=window)
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QWidget

from cso_desktop.db.engine import Database
from cso_desktop.domain.errors import CsoError
from cso_desktop.ui import ops
from cso_desktop.ui.dialogs.activity import ActivityDialog
from cso_desktop.ui.dialogs.beneficiary import BeneficiaryDialog
from cso_desktop.ui.dialogs.common import RecordDialog
from cso_desktop.ui.dialogs.member import MemberDialog
from cso_desktop.ui.dialogs.project import ProjectDialog
from cso_desktop.ui.dialogs.volunteer import VolunteerDialog

log = logging.getLogger(__name__)

_EDITORS: dict[str, type[RecordDialog]] = {
    "members": MemberDialog,
    "volunteers": VolunteerDialog,
    "beneficiaries": BeneficiaryDialog,
    "projects": ProjectDialog,
    "activities": ActivityDialog,
}


def supports(register_key: str) -> bool:
    """Whether records of ``register_key`` (``members``, ``beneficiaries``, ``activities`` …)
    can be edited."""
    return register_key in _EDITORS


def make_editor(
    register_key: str,
    *,
    db: Database,
    record_id: int | None,
    parent: QWidget | None = None,
    user_name: str | None = None,
) -> RecordDialog:
    """The editor for a new record (``record_id`` ``None``) or an existing one, not shown yet."""
    return _EDITORS[register_key](db=db, record_id=record_id, user_name=user_name, parent=parent)


def open_record(
    register_key: str,
    *,
    db: Database,
    record_id: int | None,
    parent: QWidget | None = None,
    user_name: str | None = None,
) -> bool:
    """Open the editor for a new record (record_id None) or an existing one, modally; True if
    anything was saved, archived or erased (so the page refreshes)."""
    try:
        dialog = make_editor(
            register_key, db=db, record_id=record_id, parent=parent, user_name=user_name
        )
    except CsoError as exc:
        # The record could not be read (deleted in another window, a locked file…).
        ops.show_failure(exc, parent=parent)
        return False
    try:
        dialog.exec()
        return dialog.changed
    finally:
        dialog.deleteLater()
