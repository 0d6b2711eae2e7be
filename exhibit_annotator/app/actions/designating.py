"""Designating in the window: select lines of a transcript and press a party's key (Ctrl+Alt+1 Plaintiff, Ctrl+Alt+2
Defendant; with Shift a counter; any other party from Review ▸ Designate for Another Party…); the lines get a bar in
the margin in the party's colour. Each designation is a core operation
(``core.project.designations``) made through the window's session link."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from ...core.errors import EditError
from ...core.model import DesignationKind
from ...core.project.designations import PARTIES, AddDesignations, designation_of_passage, parties_of

if TYPE_CHECKING:
    from ..window.window_api import WindowApi


class Designating(QObject):
    def __init__(self, window: WindowApi) -> None:
        super().__init__(window)
        self.window = window
        self.actions = [
            window.make_action(f"Designate for {party}", lambda _=False, p=party: self.designate(p), f"Ctrl+Alt+{n}")
            for n, party in enumerate(PARTIES, start=1)
        ]
        self.counter_actions = [
            window.make_action(
                f"Counter-Designate for {party}",
                lambda _=False, p=party: self.designate(p, DesignationKind.counter),
                f"Ctrl+Alt+Shift+{n}",
            )
            for n, party in enumerate(PARTIES, start=1)
        ]
        self.other_action = window.make_action("Designate for Another Party…", self.designate_other)

    def designate_other(self) -> None:
        """A party other than Plaintiff and Defendant (an intervenor, a third-party defendant), chosen or typed."""
        project = self.window.project
        if project is None:
            return
        choices = parties_of(project)
        party, ok = QInputDialog.getItem(self.window, "Designate", "For the party:", choices, 0, True)
        if ok and party.strip():
            kinds = [k.value for k in DesignationKind]
            kind, ok = QInputDialog.getItem(self.window, "Designate", "As:", kinds, 0, False)
            if ok:
                self.designate(party.strip(), DesignationKind(kind))

    def designate(self, party: str, kind: DesignationKind = DesignationKind.designation) -> None:
        view, exhibit = self.window.current_view(), self.window.current_exhibit()
        found = view.selected_passage() if view is not None else None
        if view is None or exhibit is None or found is None:
            self.window.statusBar().showMessage("Select lines of a transcript (drag) to designate them.", 5000)
            return
        try:
            d = designation_of_passage(exhibit, found, party, kind)
        except EditError as e:
            self.window.statusBar().showMessage(str(e), 6000)
            return
        if self.window.link.apply(AddDesignations([d])) is not None:
            view.clear_selection()
            self.window.statusBar().showMessage(
                f"{party} {kind.value}: {exhibit.label} {d.span(exhibit.page_labels)}.  Ctrl+Z undoes.", 6000
            )
