"""Facts in the window: New Fact from Selection (the passage tagged and made the fact's source in one step), from
annotations, editing, deleting, a reviewer's decisions and a colleague's conflicting versions. Every change is a
core operation (``core.project.facts``) made through the window's session link."""

from __future__ import annotations

import uuid
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMenu

from ...core.model import Annotation, ReviewStatus
from ...core.normalize import shortened
from ...core.project.dating import suggest_date
from ...core.project.facts import AddFact, DeleteFacts, EditFacts
from ...core.project.operations import ResolveConflict, TagPassage
from ..dialogs.fact_editor import FactEditor
from ..panels.facts import FactsPanel

if TYPE_CHECKING:
    from ..window.window_api import WindowApi


class FactActions(QObject):
    def __init__(self, window: WindowApi, panel: FactsPanel) -> None:
        super().__init__(window)
        self.window, self.panel = window, panel
        a = window.make_action
        self.from_selection_action = a("New &Fact from Selection…", self.new_from_selection, "Ctrl+Shift+F")
        self.from_annotations_action = a("New Fact from Selected &Annotations…", self.new_from_annotations)
        panel.new_requested.connect(self.new_from_annotations)
        panel.edit_requested.connect(self.edit)
        panel.delete_requested.connect(self.delete)
        panel.menu_requested.connect(lambda ids, at: self.menu(ids).popup(at))
        self.editor: FactEditor | None = None  # the one open (tests drive it)

    def _picked(self) -> list[Annotation]:
        project = self.window.project
        if project is None:
            return []
        found = (project.annotation_by_id(i) for i in self.window.annotations_panel.selected_ids())
        return [a for a in found if a is not None]

    def _editor(self, **kwargs: object) -> FactEditor | None:
        project = self.window.project
        if project is None:
            return None
        if self.editor is not None:
            self.editor.deleteLater()  # the last one, closed
        self.editor = FactEditor(
            self.window, project, picked=self._picked, open_source=self.window.show_annotation,
            **kwargs,  # type: ignore[arg-type]
        )  # fmt: skip
        return self.editor

    def new_from_selection(self) -> None:
        """The passage selected on the page as the new fact's source, its date suggested from its words; with no
        selection on the page, the annotations selected in the list."""
        view, exhibit = self.window.current_view(), self.window.current_exhibit()
        found = view.selected_passage() if view is not None else None
        if found is None or exhibit is None:
            if self._picked():
                self.new_from_annotations()
            else:
                self.window.statusBar().showMessage("Select a passage (drag) or annotations to make a fact of.", 5000)
            return
        editor = self._editor(passage=found.text, suggested=suggest_date(found.text))
        if editor is None or editor.exec() != QDialog.DialogCode.Accepted:
            return
        draft = editor.draft()
        tagging = TagPassage(exhibit.id, found, draft.values["issue_ids"], author=self.window.author())
        if self.window.link.apply(AddFact.from_passage(tagging, draft.sources, **draft.values)) is not None:
            if view is not None:
                view.clear_selection()
            self._shown(tagging.annotation, "New fact")

    def new_from_annotations(self) -> None:
        picked = self._picked()
        text = " ".join(a.text for a in picked if a.text)
        editor = self._editor(sources=picked, suggested=suggest_date(text) if text else "")
        if editor is None or editor.exec() != QDialog.DialogCode.Accepted:
            return
        draft = editor.draft()
        op = AddFact(draft.sources, **draft.values)
        if self.window.link.apply(op) is not None and op.fact is not None:
            self.panel.select_ids({op.fact.id})
            self.window.statusBar().showMessage(f"New fact: {shortened(op.fact.text, 60)}", 5000)

    def _shown(self, annotation: Annotation | None, what: str) -> None:
        project = self.window.project
        if project is not None and project.facts:
            self.panel.select_ids({project.facts[-1].id})
        where = f" ({project.cite_of(annotation)} tagged as its source)" if project and annotation else ""
        self.window.statusBar().showMessage(f"{what}{where}. Ctrl+Z undoes.", 6000)

    def edit(self, fact_id: uuid.UUID) -> None:
        project = self.window.project
        fact = project.fact_by_id(fact_id) if project is not None else None
        if fact is None:
            return
        editor = self._editor(fact=fact)
        if editor is None or editor.exec() != QDialog.DialogCode.Accepted:
            return
        draft = editor.draft()
        self.window.link.apply(EditFacts.one("Edit fact", fact_id, sources=draft.sources, **draft.values))

    def delete(self, ids: list[uuid.UUID]) -> None:
        if ids:
            self.window.link.apply(DeleteFacts(ids))

    def menu(self, ids: list[uuid.UUID]) -> QMenu:
        menu = QMenu(self.window)
        project = self.window.project
        if project is None or not ids:
            menu.addAction(self.from_annotations_action)
            return menu
        link = self.window.link
        if len(ids) == 1:
            menu.addAction("Edit Fact…", lambda: self.edit(ids[0]))
            fact = project.fact_by_id(ids[0])
            sources = [a for s in fact.sources if (a := project.annotation_by_id(s.annotation_id))] if fact else []
            for a in sources:
                menu.addAction(f"Open {project.cite_of(a)}", partial(self.window.show_annotation, a))
            if fact is not None and any(p.id == fact.id for p in project.pending_facts):
                menu.addSeparator()
                menu.addAction("Keep My Version", lambda: link.apply(ResolveConflict(ids[0], False, facts=True)))
                menu.addAction("Take Their Version", lambda: link.apply(ResolveConflict(ids[0], True, facts=True)))
        menu.addSeparator()
        for status in (ReviewStatus.accepted, ReviewStatus.rejected, ReviewStatus.needs_work):
            label = f"Review: {status.words.capitalize()}"
            menu.addAction(label, partial(link.apply, EditFacts(label, {i: {"review": status} for i in ids})))
        menu.addSeparator()
        menu.addAction("Delete", lambda: self.delete(ids))
        return menu
