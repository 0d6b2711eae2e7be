"""The review queue: step through annotations waiting for review and decide each with one key.

Ctrl+] / Ctrl+[ go to the next / previous annotation with the status chosen in the panel's status filter
(proposed when none is chosen), in the panel's order, showing the passage; Ctrl+Alt+A / R / W accept, reject or
mark as needing work and move on; Ctrl+Alt+C adds a reviewer comment. Decisions are undo commands like any edit,
and are allowed in review mode.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from ...core.model import ReviewStatus
from ...core.project.operations import EditAnnotations
from ...core.project.review import next_waiting, step_from

if TYPE_CHECKING:
    from ..window.window_api import WindowApi


class ReviewQueue(QObject):
    def __init__(self, window: WindowApi) -> None:
        super().__init__(window)
        self.window = window
        a = window.make_action
        self.next_action = a("&Next to Review", lambda: self.step(1), "Ctrl+]")
        self.previous_action = a("&Previous to Review", lambda: self.step(-1), "Ctrl+[")
        self.accept_action = a("&Accept", lambda: self.decide(ReviewStatus.accepted), "Ctrl+Alt+A")
        self.reject_action = a("&Reject", lambda: self.decide(ReviewStatus.rejected), "Ctrl+Alt+R")
        self.work_action = a("Needs &Work", lambda: self.decide(ReviewStatus.needs_work), "Ctrl+Alt+W")
        self.comment_action = a("&Comment…", self.comment, "Ctrl+Alt+C")
        self.actions = [self.next_action, self.previous_action, None, self.accept_action, self.reject_action,
                        self.work_action, self.comment_action]  # fmt: skip

    def _wanted(self) -> ReviewStatus:
        return ReviewStatus(self.window.annotations_panel.status.currentData() or ReviewStatus.proposed.value)

    def step(self, direction: int) -> bool:
        """Select and show the next (or previous) annotation waiting for review; whether there was one."""
        panel = self.window.annotations_panel
        shown = [row.annotation for row in panel.model.rows]
        selected = panel.selected_ids()
        here = panel.model.row_of(selected[0]) if selected else None
        found = next_waiting(shown, step_from(here, len(shown), direction), self._wanted(), direction)
        if found is None:
            self.window.statusBar().showMessage(f"No more annotations {self._wanted().words}.", 4000)
            return False
        panel.select_ids({shown[found].id})
        self.window.show_annotation(shown[found])
        return True

    def _current(self) -> uuid.UUID | None:
        selected = self.window.annotations_panel.selected_ids()
        return selected[0] if selected else None

    def decide(self, status: ReviewStatus) -> None:
        current = self._current()
        if current is None and not self.step(1):
            return
        current = self._current()
        if current is None:
            return
        panel = self.window.annotations_panel
        here = panel.model.row_of(current) or 0
        label = status.words
        if self.window.link.apply(EditAnnotations.one(f"Review: {label}", current, review=status)) is None:
            return
        project = self.window.project
        if project is not None:
            decided = next(a for a in project.annotations if a.id == current)
            cite = project.cite_of(decided)
            self.window.statusBar().showMessage(f"{label.capitalize()}: {cite}.  Ctrl+Z undoes.", 5000)
        shown = [row.annotation for row in panel.model.rows]
        found = next_waiting(shown, here, self._wanted())  # from the decided one's place: it may have left the list
        if found is not None:
            panel.select_ids({shown[found].id})
            self.window.show_annotation(shown[found])

    def comment(self) -> None:
        current = self._current()
        project = self.window.project
        if current is None or project is None:
            return
        annotation = next(a for a in project.annotations if a.id == current)
        text, ok = QInputDialog.getMultiLineText(self.window, "Reviewer comment", "Comment:", annotation.review_comment)
        if ok and text.strip() != annotation.review_comment:
            self.window.link.apply(EditAnnotations.one("Review comment", current, review_comment=text.strip()))
