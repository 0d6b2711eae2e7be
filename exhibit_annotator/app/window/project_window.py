"""The main window's project life as the user sees it: New, Open (with recovery and review mode), Save (merging
first when someone else wrote the file), Save As, Close, recent projects, the title. A base class of
``MainWindow``, which builds the parts named here; the workspace (``core.project.workspace``) does the work."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ...core.errors import UserError
from ...core.model import Case, Exhibit
from ...core.paths import data_dir
from ...core.pdf.confinement import exhibit_file, may_read
from ...core.pdf.rendering import open_document
from ...core.project.edits import new_project
from ...core.project.session import Change
from ...core.project.store import load_project_bytes, save_project
from ...core.project.workspace import Workspace
from ...core.resources import resources_dir, working_sample
from ..pages.start import NewProjectDialog, offer_recovery
from .window_menus import WindowMenus

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from ..actions.sharing import ReviewBanner
    from ..panels.exhibit_list import ExhibitList
    from ..panels.redactions import RedactionsPanel
    from ..settings import Settings


class ProjectWindow(WindowMenus):
    if TYPE_CHECKING:  # provided by the window
        settings: Settings
        recent_menu: QMenu
        review_banner: ReviewBanner
        exhibit_list: ExhibitList
        redactions_panel: RedactionsPanel
        _saving: bool

        def _show_start(self) -> None: ...

    @property
    def modified(self) -> bool:
        return self.link.modified

    # --- opening, saving, closing -------------------------------------------------------------------------------------
    def start_folder(self) -> Path:
        """Where file dialogs start: the open project's folder, else the last project's, else Documents, else home;
        never the app's own folders (the sample lives in its data folder: a case saved there would be lost)."""
        own = [data_dir().resolve(), resources_dir().resolve()]
        folders = [self.project_path.parent] if self.project_path is not None else []
        folders += [p.parent for p in self.settings.recent_projects()]
        for folder in folders:
            where = folder.resolve()
            if where.is_dir() and not any(where.is_relative_to(o) for o in own):
                return where
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def new_project(self) -> bool:
        """File ▸ New Project: the case, a codebook, where to save it; created, then opened."""
        dialog = NewProjectDialog(self.start_folder(), self)
        if not dialog.exec():
            return False
        case = Case(name=dialog.case.text().strip(), court=dialog.court.text().strip(),
                    number=dialog.number.text().strip(), roles=dialog.roles.currentData())  # fmt: skip
        path = dialog.path()
        try:
            save_project(new_project(case, dialog.loaded), path)
        except (OSError, UserError) as e:
            self.show_error("Cannot create project", f"{path.name}: {e}")
            return False
        return self.open_project(path)

    def _open_sample(self) -> None:
        sample = working_sample()
        if sample is not None:
            self.open_project(sample)

    def save_as(self) -> bool:
        """File ▸ Save As: the project written elsewhere, its exhibits' paths re-expressed from there so the same
        files are found; it is then edited there (the undo history starts afresh: paths changed)."""
        session = self.session
        if session is None:
            return False
        name, _ = QFileDialog.getSaveFileName(self, "Save Project As", str(session.path), "Projects (*.json)")
        return bool(name) and self.save_to(Path(name))

    def save_to(self, target: Path) -> bool:
        session = self.session
        assert session is not None
        if target.resolve() == session.path.resolve():
            return self.save()
        try:
            self.link.save_as(target)
        except (OSError, UserError) as e:
            self.show_error("Cannot save", f"{target.name}: {e}")
            return False
        self.settings.add_recent_project(target, session.project.case.name)
        self._update_title()
        self.statusBar().showMessage(f"Saved as {target}", 4000)
        return True

    def close_project(self) -> bool:
        """File ▸ Close Project: asks about unsaved changes, then back to the start screen."""
        if self.session is None or not self._may_discard():
            return False
        if not self.modified:
            self.link.discard_journal()  # undone back to the saved state: nothing to offer back next time
        self._remember_tabs()
        self.ocr.cancel()
        self.tabs.close_all()
        self.link.close()
        self.exhibit_list.show_change(Change(project=True), None, None)
        self.annotations_panel.set_project(None)
        self.facts_panel.set_project(None)
        self.designations_panel.set_project(None)
        self.search_panel.clear()
        self.redactions_panel.show_change(Change(project=True), None, None, {})
        for action in self._project_actions():
            action.setEnabled(False)
        self._update_title()
        self._show_start()
        return True

    def _choose_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open Project", "", "Exhibit Annotator projects (*.json)")
        if name:
            self.open_project(Path(name))

    def _choose_project_for_review(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open a Colleague's Project for Review", "", "Projects (*.json)")
        if name:
            self.open_project(Path(name), review=True)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_projects():
            action = self.recent_menu.addAction(self.settings.recent_title(path))
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def open_project(self, path: Path, review: bool = False) -> bool:
        """Open ``path`` (``review``: read-only, a colleague's); on failure show why and keep whatever was open."""
        if not self._may_discard():
            return False
        try:
            project, raw = load_project_bytes(path)  # one read: the save's snapshot is of these bytes
        except UserError as e:
            self.show_error("Cannot open project", str(e))
            return False
        known = {e.id: e for e in project.exhibits}

        def ready(exhibit: Exhibit) -> bool:
            # There and free to read: a file outside the project's folder waits until the user agrees (opening
            # asks). Asked only of the exhibits to show: resolving 500 paths would cost the open 100 ms.
            return (f := exhibit_file(path, exhibit)).exists() and may_read(path, f)

        tabs = [t for t in self.settings.saved_tabs(path) if t[0] in known and ready(known[t[0]])]
        present = None if tabs else next((e for e in project.exhibits if ready(e)), None)
        shown = known[tabs[0][0]] if tabs else present
        if shown is not None:
            # The worker opens the first exhibit to show (its page tree: 8-10 ms for 2,000 pages) while this
            # thread locks the project and builds the tab; the page's render then follows it in the worker.
            first = exhibit_file(path, shown)
            self.worker.submit(open_document, str(first), on_done=lambda _: None, on_error=lambda _: None)
        read_only = self.sharing.ask_mode(path, review)
        if read_only is None:
            return False
        recovered = None if read_only else offer_recovery(self, path)
        self.ocr.cancel()  # the old project's scans
        self._remember_tabs()
        self.tabs.close_all()
        self.link.close(quietly=True)  # the old project's lock and journal
        opened = Workspace.open(path, read_only=read_only, recovered=recovered, author=self.author(), project=project,
                                loaded_from=raw)  # fmt: skip
        self.link.open(opened, announce=False)
        for action in self._project_actions():
            action.setEnabled(action is not self.conflicts_action)
        # Open exhibits before the rest: the worker opens the first page while the window fills its lists, and
        # the list's file checks (hashes) queue behind it.
        for exhibit_id, page, zoom in tabs:
            self.open_exhibit(exhibit_id, page, zoom)
        # Else the first exhibit whose file is there; a missing one is marked in the list and located on demand.
        if present is not None:
            self.open_exhibit(present.id)
        self.link.announce(Change(project=True))
        self.settings.add_recent_project(path, self.project.case.name if self.project is not None else "")
        # The project's objects live until it is closed: keep Python's cycle collector from walking them again and
        # again (a full pass over 10,000 annotations and their rows stalled the window ~300 ms at random moments).
        # Reference counting still frees them when the project goes.
        gc.freeze()
        return True

    def _update_title(self) -> None:
        session = self.session
        self.review_banner.setVisible(session is not None and session.read_only)
        name = ""
        if session is not None:
            # The case and its file, as desktop apps name the document (two files of one case differ by name).
            case = session.project.case.name
            name = f"{case} — {session.path.name}" if case else session.path.name
            if session.read_only:
                name += " (review, read-only)"
        # "[*]" lets Qt mark unsaved changes the platform's way (a "*" here, a dot in the close button on macOS).
        self.setWindowTitle(f"{name}[*] — Exhibit Annotator" if name else "Exhibit Annotator[*]")
        self.setWindowModified(self.modified)

    def save(self) -> bool:
        session = self.session
        if session is None or self._saving:
            return False
        path = session.path
        target = self.sharing.review_target(path) if session.read_only else path  # a review: one's own file
        if target is None:
            return False
        self._saving = True
        try:
            # The window paints and runs timers throughout; what is typed meanwhile waits until the file is written.
            saved = self.link.save(target, merge_first=self.sharing.merge_first)
        except (OSError, UserError) as e:
            self.show_error("Cannot save", f"{path.name}: {e}")
            return False
        finally:
            self._saving = False
        if saved is None:
            return False
        if saved != path:  # the review, saved as one's own project, is now edited as such
            self.settings.add_recent_project(saved, session.project.case.name)
        self._update_title()
        self.statusBar().showMessage(f"Saved {saved}", 4000)
        return True

    def _may_discard(self) -> bool:
        """Ask before unsaved changes would be lost: Save, Discard or Cancel."""
        if not self.modified:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question, "Unsaved changes", "The project has unsaved changes. Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )  # fmt: skip
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.link.discard_journal()  # discarded on purpose: nothing to recover next time
        return answer == QMessageBox.StandardButton.Discard

    def _remember_tabs(self) -> None:
        if self.project_path is not None:
            self.settings.save_tabs(self.project_path, self.tabs.state())
