"""Choosing a rayon (or city) of Azerbaijan by typing part of its name."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cso_desktop.domain import people, places
from cso_desktop.i18n import _
from cso_desktop.ui.forms.combo import UNKNOWN, SearchableCombo


class RayonCombo(SearchableCombo):
    """The rayons and cities, named in the UI language, in alphabetical order; searchable.

    Signals:
        changed(): inherited; the text changed.
    """

    def __init__(self, *, parent: QWidget | None = None) -> None:
        rayons = sorted(places.rayons(), key=lambda p: people.sort_key([p.name()]))
        super().__init__(
            items=[(place.name(), place.pcode) for place in rayons],
            placeholder=_("Type or choose a rayon"),
            parent=parent,
        )

    def code(self) -> str | None:
        """The chosen rayon's code, ``None`` when empty; see :meth:`check` for other text."""
        value = self.value()
        return None if value is UNKNOWN else value

    def set_code(self, code: str | None) -> None:
        # A code the list does not know (an old file) is shown as it is.
        self.set_value(code, fallback=code or "")

    def check(self) -> str | None:
        return _("Choose a rayon from the list.") if self.value() is UNKNOWN else None
