"""Tagging in the window: the undo stack, the tagging actions and their shortcuts, and the autosave journal.

Number keys 1–9 tag the selection with the codebook's first nine categories, a category's own shortcut letter with
that category, Ctrl+T opens the palette (several categories, a note, a key-passage star). Every change is an undo
command (``commands``) wrapping the core; the journal (``core.journal``) is written every few seconds while there
are unsaved changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication

from ..core import edits
from ..core.errors import UserError
from ..core.journal import clear_journal, write_journal
from ..core.model import Annotation, Project
from .category_palette import CategoryPalette
from .commands import AddAnnotation, DeleteAnnotations, EditAnnotation, ProjectCommand

if TYPE_CHECKING:
    from .main_window import MainWindow

AUTOSAVE_MS = 5000


class Tagging(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z")])
        for action in (self.undo_action, self.redo_action):
            window.addAction(action)
        a = window._action
        self.copy_action = a("&Copy", self.copy_selection, QKeySequence.StandardKey.Copy)
        self.tag_action = a("&Tag Selection…", self.open_palette, "Ctrl+T")
        self.note_action = a("Edit &Note", self.edit_note, "N")
        self.star_action = a("Toggle &Key Passage", self.toggle_key_passage, "Ctrl+K")
        self.delete_action = a("&Delete Annotation", self.delete_selected, QKeySequence.StandardKey.Delete)
        self.area_action = a("&Area Selection", self.set_area_mode, "Ctrl+Shift+R")
        self.area_action.setCheckable(True)
        self.area_action.setToolTip("Draw a rectangle to tag (scans, images, signatures); or Alt+drag")
        self.quick_actions: list[QAction] = []
        self.last_tagged: Annotation | None = None
        self.unjournaled = False  # changes since the journal was last written
        self.autosave = QTimer(self)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.write_journal)
        self.autosave.start()

    def _clean_changed(self, clean: bool) -> None:
        if shiboken6.isValid(self.window):  # the stack empties itself while the window is being destroyed
            self.window.set_modified(not clean)

    # --- running commands ------------------------------------------------------------------------------------------
    def run(self, command: ProjectCommand) -> bool:
        """Make the change; on refusal show why and push nothing."""
        if self.window.project is None:
            return False
        if not self.window.sharing.allows(command):
            self.window.statusBar().showMessage(
                "Open for review: only review decisions and comments can change (File ▸ Save saves them as your own "
                "project).", 8000,
            )  # fmt: skip
            return False
        try:
            command.prepare()
        except UserError as e:
            self.window.show_error("Cannot change the project", str(e))
            return False
        self.undo_stack.push(command)
        return True

    def project_opened(self) -> None:
        self.undo_stack.clear()
        self.undo_stack.setClean()

    def saved(self) -> None:
        self.undo_stack.setClean()
        if self.window.project_path is not None:
            clear_journal(self.window.project_path)

    def write_journal(self) -> None:
        w = self.window
        # Not for a colleague's file open for review: its journal would be offered back as edits to their file.
        if w.sharing.read_only:
            return
        if self.unjournaled and w.modified and w.project is not None and w.project_path is not None:
            try:
                write_journal(w.project, w.project_path)
                self.unjournaled = False
            except OSError as e:
                w.statusBar().showMessage(f"Autosave failed: {e}", 8000)

    # --- shortcuts from the codebook ---------------------------------------------------------------------------------
    def rebuild_shortcuts(self) -> None:
        for action in self.quick_actions:
            self.window.removeAction(action)
            action.deleteLater()
        self.quick_actions = []
        project = self.window.project
        if project is None:
            return
        keys: dict[str, str] = {}
        for n, c in enumerate(project.codebook[:9], start=1):
            keys.setdefault(str(n), c.id)
        for c in project.codebook:
            if c.shortcut:
                keys[c.shortcut] = c.id
        for key, category_id in keys.items():
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, c=category_id: self.quick_tag(c))
            self.window.addAction(action)
            self.quick_actions.append(action)

    # --- tagging --------------------------------------------------------------------------------------------------
    def _selection_maker(self, category_ids: list[str], note: str, key: bool) -> tuple[str, object] | None:
        """What is selected, as a description and a function making the annotation (text first, then area)."""
        view, exhibit = self.window.current_view(), self.window.current_exhibit()
        if view is None or exhibit is None:
            return None
        author = self.window.author()
        found = view.selected_passage()
        if found is not None:

            def make_text(p: Project) -> Annotation:
                return edits.tag_passage(p, p.exhibit(exhibit.id), found, category_ids, note, author, key)

            return "text", make_text
        if view.area is not None:
            area = view.area

            def make_area(p: Project) -> Annotation:
                return edits.tag_area(
                    p, p.exhibit(exhibit.id), area.page, area.rect, category_ids, note=note, author=author,
                    key_passage=key,
                ).annotation  # fmt: skip

            return "area", make_area
        return None

    def tag(self, category_ids: list[str], note: str = "", key_passage: bool = False) -> Annotation | None:
        made = self._selection_maker(category_ids, note, key_passage)
        project = self.window.project
        if made is None or project is None:
            self.window.statusBar().showMessage("Select text (drag) or an area (Alt+drag) to tag it.", 5000)
            return None
        kind, make = made
        names = ", ".join(project.category(c).name for c in category_ids) or "no category"
        command = AddAnnotation(self.window, f"Tag {kind} as {names}", make)  # type: ignore[arg-type]
        if not self.run(command):
            return None
        annotation = command.annotation
        assert annotation is not None
        self.last_tagged = annotation
        view = self.window.current_view()
        if view is not None:
            view.clear_selection()
        self.window.annotations_panel.select_ids({annotation.id})
        exhibit = project.exhibit(annotation.exhibit_id)
        cite = f"{exhibit.label} at {annotation.page + 1}"
        self.window.statusBar().showMessage(f"Tagged {cite}: {names}.  N adds a note, Ctrl+Z undoes.", 6000)
        return annotation

    def quick_tag(self, category_id: str) -> None:
        self.tag([category_id])

    def open_palette(self) -> None:
        project = self.window.project
        if project is None:
            return
        dialog = CategoryPalette(project.codebook, parent=self.window)
        if dialog.exec() and dialog.category_ids():
            self.tag(dialog.category_ids(), dialog.note.toPlainText().strip(), dialog.key_passage.isChecked())

    def edit_categories(self, annotation_id: object) -> None:
        project = self.window.project
        if project is None:
            return
        a = project.annotations[edits.annotation_index(project, annotation_id)]
        dialog = CategoryPalette(
            project.codebook, a.category_ids, a.note, a.key_passage, "Edit annotation", self.window
        )
        if dialog.exec():
            self.run(EditAnnotation(
                self.window, "Edit annotation", annotation_id, category_ids=dialog.category_ids(),
                note=dialog.note.toPlainText().strip(), key_passage=dialog.key_passage.isChecked(),
            ))  # fmt: skip

    def set_note(self, annotation_id: object, note: str) -> None:
        self.run(EditAnnotation(self.window, "Edit note", annotation_id, note=note))

    def _targets(self) -> list[object]:
        ids = self.window.annotations_panel.selected_ids()
        if not ids and self.last_tagged is not None:
            ids = [self.last_tagged.id]
        return ids

    def edit_note(self) -> None:
        ids = self._targets()
        if ids:
            self.window.annotations_panel.edit_note(ids[0])

    def toggle_key_passage(self) -> None:
        project = self.window.project
        for annotation_id in self._targets():
            if project is None:
                return
            a = project.annotations[edits.annotation_index(project, annotation_id)]
            label = "Unmark key passage" if a.key_passage else "Mark key passage"
            self.run(EditAnnotation(self.window, label, annotation_id, key_passage=not a.key_passage))

    def delete(self, ids: list[object]) -> None:
        if ids:
            label = f"Delete {len(ids)} annotation{'s' if len(ids) > 1 else ''}"
            self.run(DeleteAnnotations(self.window, label, ids, self.window.author()))

    def delete_selected(self) -> None:
        self.delete(self.window.annotations_panel.selected_ids())

    def copy_selection(self) -> None:
        view = self.window.current_view()
        found = view.selected_passage() if view is not None else None
        if found is not None:
            QApplication.clipboard().setText(found.text)

    def set_area_mode(self, on: bool) -> None:
        for view in self.window.page_views():
            view.area_mode = on
