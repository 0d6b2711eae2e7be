"""Tagging in the window: the tagging actions and their shortcuts.

Number keys 1–9 tag the selection with the codebook's first nine categories, a category's own shortcut letter with
that category, Ctrl+T opens the palette (several categories, a note, a key-passage star). Every change is a core
operation (``core.project.operations``) made through the window's session link.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, QPoint, QPointF
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from ...core.brief.brief import quoted, quoted_html
from ...core.model import Annotation, ReviewStatus
from ...core.pdf.reading import area_text
from ...core.project import edits
from ...core.project.operations import AddAnnotation, DeleteAnnotations, EditAnnotations, TagArea, TagPassage
from ..panels.category_palette import CategoryPalette

if TYPE_CHECKING:
    from ..pages.page_view import PageView
    from ..window.window_api import WindowApi


class Tagging(QObject):
    def __init__(self, window: WindowApi) -> None:
        super().__init__(window)
        self.window = window
        a = window.make_action
        self.copy_action = a("&Copy", self.copy_selection, QKeySequence.StandardKey.Copy)
        self.tag_action = a("&Tag Selection…", self.open_palette, "Ctrl+T")
        self.note_action = a("Edit &Note", self.edit_note, "N")
        self.star_action = a("Toggle &Key Passage", self.toggle_key_passage, "Ctrl+K")
        self.delete_action = a("&Delete Annotation", self.delete_selected, QKeySequence.StandardKey.Delete)
        self.area_action = a("&Area Selection", self.set_area_mode, "Ctrl+Shift+R")
        self.area_action.setCheckable(True)
        self.area_action.setToolTip(
            f"{self.area_action.toolTip()}: draw a rectangle to tag (scans, signatures); or Alt+drag"
        )
        self.quick_actions: list[QAction] = []
        self.last_tagged: Annotation | None = None

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
        taken = self.window.app_keys()
        clashes = [k for k in keys if QKeySequence(k).toString() in taken]
        for key in clashes:  # bound twice, a key is ambiguous and does nothing: the app's own keeps it
            del keys[key]
        if clashes:
            names = ", ".join(f"{k} ({taken[QKeySequence(k).toString()]})" for k in clashes)
            self.window.statusBar().showMessage(f"Codebook shortcuts not used, the app's own keys: {names}", 8000)
        for key, category_id in keys.items():
            action = QAction(f"Tag as {project.category(category_id).name}", self)
            action.setProperty("codebook", True)  # not one of the app's own keys (``WindowApi.app_keys``)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, c=category_id: self.quick_tag(c))
            self.window.addAction(action)
            self.quick_actions.append(action)

    # --- tagging --------------------------------------------------------------------------------------------------
    def _selection_op(self, category_ids: list[str], note: str, key: bool) -> AddAnnotation | None:
        """The operation tagging what is selected: text first, then an area."""
        view, exhibit = self.window.current_view(), self.window.current_exhibit()
        if view is None or exhibit is None:
            return None
        author = self.window.author()
        found = view.selected_passage()
        if found is not None:
            return TagPassage(exhibit.id, found, category_ids, note, author, key)
        if view.area is not None:
            # The words inside it, from the page text the view has read already (a scan's OCR words too).
            read = view.page_text(view.area.page)
            inside = area_text(read, [view.area.rect]) if read is not None else ""
            return TagArea(exhibit.id, view.area.page, view.area.rect, category_ids, note, author, key, inside)
        return None

    def tag(self, category_ids: list[str], note: str = "", key_passage: bool = False) -> Annotation | None:
        op = self._selection_op(category_ids, note, key_passage)
        project = self.window.project
        if op is None or project is None:
            self.window.statusBar().showMessage("Select text (drag) or an area (Alt+drag) to tag it.", 5000)
            return None
        if self.window.link.apply(op) is None or op.annotation is None:
            return None
        annotation = op.annotation
        self.last_tagged = annotation
        view = self.window.current_view()
        if view is not None:
            view.clear_selection()
        self.window.annotations_panel.select_ids({annotation.id})
        cite, names = project.cite_of(annotation), project.category_names(category_ids)
        self.window.statusBar().showMessage(f"Tagged {cite}: {names}.  N adds a note, Ctrl+Z undoes.", 6000)
        return annotation

    def quick_tag(self, category_id: str) -> None:
        self.tag([category_id])

    def open_palette(self) -> None:
        """Ctrl+T: tag what is selected on the page; with nothing selected there, edit the annotation selected in
        the list (or the one just tagged)."""
        project = self.window.project
        if project is None:
            return
        view = self.window.current_view()
        if (view is None or (view.selected_passage() is None and view.area is None)) and (ids := self._targets()):
            self.edit_categories(ids[0])
            return
        dialog = CategoryPalette(project.codebook, parent=self.window)
        if dialog.exec() and dialog.category_ids():
            self.tag(dialog.category_ids(), dialog.note.toPlainText().strip(), dialog.key_passage.isChecked())

    def edit_categories(self, annotation_id: uuid.UUID) -> None:
        project = self.window.project
        if project is None:
            return
        a = project.annotations[edits.annotation_index(project, annotation_id)]
        dialog = CategoryPalette(
            project.codebook, a.category_ids, a.note, a.key_passage, "Edit annotation", self.window
        )
        if dialog.exec():
            self.window.link.apply(EditAnnotations.one(
                "Edit annotation", annotation_id, category_ids=dialog.category_ids(),
                note=dialog.note.toPlainText().strip(), key_passage=dialog.key_passage.isChecked(),
            ))  # fmt: skip

    # --- context menus ------------------------------------------------------------------------------------------
    def page_menu(self, view: PageView, pos: QPoint) -> None:
        """Right-click on a page: on a highlight, what can be done to that annotation; else tag the selection."""
        found = view.annotation_at(QPointF(pos))
        if found:
            self.window.annotations_panel.select_ids({uuid.UUID(found)})
            self.annotation_menu([uuid.UUID(found)]).popup(view.viewport().mapToGlobal(pos))
        elif view.selected_passage() is not None or view.area is not None:
            self.open_palette()

    def annotation_menu(self, ids: list[uuid.UUID], extra: Sequence[QAction] = ()) -> QMenu:
        """What can be done to annotations: categories and note, key passage, review status, copy, delete. Each item
        is one undoable step through the session."""
        project = self.window.project
        menu = QMenu(self.window)
        menu.setObjectName("annotation-menu")
        if project is None or not ids:
            return menu
        chosen = [a for i in ids if (a := project.annotation_by_id(i)) is not None]
        menu.addAction("Edit Categories and Note…", lambda: self.edit_categories(ids[0])).setEnabled(len(ids) == 1)
        star = menu.addAction("Key Passage")
        star.setCheckable(True)
        star.setChecked(all(a.key_passage for a in chosen))
        star.triggered.connect(lambda on: self.window.link.apply(
            EditAnnotations("Mark key passage" if on else "Unmark key passage", {i: {"key_passage": on} for i in ids})
        ))  # fmt: skip
        review = menu.addMenu("Review")
        for status in ReviewStatus:
            item = review.addAction(status.words.capitalize())
            item.setCheckable(True)
            item.setChecked(all(a.review is status for a in chosen))
            item.triggered.connect(lambda _=False, s=status: self.window.link.apply(
                EditAnnotations(f"Review: {s.words}", {i: {"review": s} for i in ids})
            ))  # fmt: skip
        menu.addSeparator()
        menu.addAction("Copy with Cite", lambda: self.copy_annotations(ids))
        for action in extra:
            menu.addAction(action)
        menu.addAction("Delete", lambda: self.delete(ids))
        return menu

    def set_note(self, annotation_id: uuid.UUID, note: str) -> None:
        self.window.link.apply(EditAnnotations.one("Edit note", annotation_id, note=note))

    def _targets(self) -> list[uuid.UUID]:
        ids = self.window.annotations_panel.selected_ids()
        if not ids and self.last_tagged is not None:
            ids = [self.last_tagged.id]
        return ids

    def edit_note(self) -> None:
        ids = self._targets()
        if ids:
            self.window.annotations_panel.edit_note(ids[0])

    def toggle_key_passage(self) -> None:
        """Each selected row's star turned over, as one step."""
        project, ids = self.window.project, self._targets()
        if project is None or not ids:
            return
        marks = {i: not project.annotations[edits.annotation_index(project, i)].key_passage for i in ids}
        label = "Mark key passage" if any(marks.values()) else "Unmark key passage"
        self.window.link.apply(EditAnnotations(label, {i: {"key_passage": on} for i, on in marks.items()}))

    def delete(self, ids: list[uuid.UUID]) -> None:
        if ids:
            self.window.link.apply(DeleteAnnotations(ids, self.window.author()))

    def delete_selected(self) -> None:
        self.delete(self.window.annotations_panel.selected_ids())

    def copy_selection(self) -> None:
        """Ctrl+C: the selected text with its cite, as the brief cites it (``“…” (Ex. 3 at 2)``); in the annotations
        list, the selected annotations' passages."""
        panel = self.window.annotations_panel
        if panel.table.hasFocus():
            self.copy_annotations(panel.selected_ids())
            return
        view, exhibit = self.window.current_view(), self.window.current_exhibit()
        found = view.selected_passage() if view is not None else None
        if found is not None and exhibit is not None:
            _copy([(found.text, exhibit.cite_passage(found))])

    def copy_annotations(self, ids: list[uuid.UUID]) -> None:
        """Ctrl+C in the annotations list: each selected passage with its cite, one paragraph each."""
        project = self.window.project
        if project is None or not ids:
            return
        chosen = [a for i in ids if (a := project.annotation_by_id(i)) is not None]
        _copy([(a.text or "", project.exhibit(a.exhibit_id).cite_passage(a)) for a in chosen])

    def set_area_mode(self, on: bool) -> None:
        self.window.tabs.area_mode = on  # tabs opened from now on
        for view in self.window.page_views():
            view.area_mode = on


def _copy(passages: list[tuple[str, str]]) -> None:
    """Onto the clipboard as plain text and as rich text (Word takes the latter: a right-to-left quote stays so)."""
    mime = QMimeData()
    mime.setText("\n\n".join(quoted(text, cite) for text, cite in passages))
    mime.setHtml("".join(quoted_html(text, cite) for text, cite in passages))
    QApplication.clipboard().setMimeData(mime)
