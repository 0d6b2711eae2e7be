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

from ...core.model import ReviewStatus, pinpoint
from ...core.project.operations import EditAnnotations

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

    def _wanted(self) -> str:
        return self.window.annotations_panel.status.currentData() or ReviewStatus.proposed.value

    def step(self, direction: int) -> bool:
        """Select and show the next (or previous) annotation waiting for review; whether there was one."""
        panel = self.window.annotations_panel
        rows = panel.model.rows
        if not rows:
            return False
        selected = panel.selected_ids()
        found = panel.model.row_of(selected[0]) if selected else None
        here = -1 if found is None else found
        order = range(here + 1, len(rows)) if direction > 0 else range(here - 1 if here >= 0 else len(rows) - 1, -1, -1)
        for i in order:
            if rows[i].annotation.review.value == self._wanted():
                annotation = rows[i].annotation
                panel.select_ids({annotation.id})
                self.window.show_annotation(annotation)
                return True
        self.window.statusBar().showMessage(f"No more annotations {self._wanted().replace('_', ' ')}.", 4000)
        return False

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
            cite = pinpoint(project.exhibit(decided.exhibit_id).label, decided.page, decided.end_page)
            self.window.statusBar().showMessage(f"{label.capitalize()}: {cite}.  Ctrl+Z undoes.", 5000)
        # On to the next one waiting, from where the decided one was (it may have left a filtered list).
        for row in panel.model.rows[here:]:
            if row.annotation.review.value == self._wanted():
                panel.select_ids({row.annotation.id})
                self.window.show_annotation(row.annotation)
                return

    def comment(self) -> None:
        current = self._current()
        project = self.window.project
        if current is None or project is None:
            return
        annotation = next(a for a in project.annotations if a.id == current)
        text, ok = QInputDialog.getMultiLineText(self.window, "Reviewer comment", "Comment:", annotation.review_comment)
        if ok and text.strip() != annotation.review_comment:
            self.window.link.apply(EditAnnotations.one("Review comment", current, review_comment=text.strip()))
