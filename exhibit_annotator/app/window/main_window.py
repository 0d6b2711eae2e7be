"""The main window: a shell that assembles the parts. The project's life (open, recover, save, close) is its base
class ``ProjectWindow``, its menus ``WindowMenus``.

Left, the exhibits (``exhibit_list``) and page thumbnails; centre, the open exhibits (``exhibit_tabs``); right, the
annotations, facts and search panels; above, menus and the navigation bar. The open project lives in its session; every
change goes through ``link`` (``session_link``) and each part refreshes from the change records. No business
rules here: files are opened, checked, added and saved by the core, and PDF work runs in worker processes (one for
pages, hashing, adding and exporting, one for search).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QListView,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.brief.brief import BriefOptions
from ...core.errors import UserError
from ...core.export import Format
from ...core.export.produced import Numbers, Production, bates_range
from ...core.jobs import warm_search_worker
from ...core.model import Annotation
from ...core.pdf.rendering import DocumentInfo
from ...core.project.edits import default_author
from ...core.project.production import bates_changes, record_bates
from ...core.project.session import Change
from .. import appearance
from ..actions.designating import Designating
from ..actions.exhibit_files import ExhibitFiles
from ..actions.fact_actions import FactActions
from ..actions.interop import Interop
from ..actions.ocr_runner import OcrRunner
from ..actions.sharing import ReviewBanner, Sharing
from ..actions.tagging import Tagging
from ..dialogs.codebook_editor import CodebookEditor
from ..dialogs.exhibit_details import ExhibitDetails
from ..dialogs.export import ExportDialog, ExportRun
from ..dialogs.preferences import Preferences
from ..dialogs.reanchor_review import ReanchorReview
from ..pages.exhibit_tabs import ExhibitTabs
from ..pages.highlights import Highlight, annotation_highlights, designation_highlights
from ..pages.page_view import PageView
from ..pages.thumbnails import ThumbnailModel
from ..panels.annotations import AnnotationsPanel
from ..panels.designations import DesignationsPanel
from ..panels.exhibit_list import ExhibitList
from ..panels.facts import FactsPanel
from ..panels.redactions import RedactionsPanel
from ..panels.review_queue import ReviewQueue
from ..panels.search import SearchPanel
from ..render import ProcessWorker
from ..session_link import SessionLink
from ..settings import Settings
from .project_window import ProjectWindow
from .window_api import T

OPENABLE_SCHEMES = frozenset({"http", "https", "mailto"})
NO_EXHIBITS = "This project has no exhibits yet: drop PDF files or folders here, or File ▸ Add Exhibits…"
PICK_EXHIBIT = "Double-click an exhibit in the list to open it."


class MainWindow(ProjectWindow):
    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.link = SessionLink(self, self.show_error, self._status)
        self.link.changed.connect(self._show_change)
        self.link.modified_changed.connect(lambda _: self._update_title())
        self._author: str | None = None  # who "I" am, and whether colleagues are tinted: read once from settings
        self._tint = False
        self.last_error = ""
        self.last_export: ExportRun | None = None
        self._changed_files: set[str] = set()  # exhibits whose file is not the one they were added with
        self._saving = False  # a save's file is being written (the event loop runs meanwhile)
        self.worker = ProcessWorker(self)
        self.search_worker = ProcessWorker(self, renders=False, warm_up=warm_search_worker)
        # PySide creates the Python side of Qt's enums on first use: ~11 ms the first time a page view is built.
        # Built once now, so that the first exhibit a user opens does not wait for it.
        PageView(self.worker).deleteLater()

        # Left: exhibits and page thumbnails.
        self.exhibit_list = ExhibitList(self.worker)
        self.thumbnails = ThumbnailModel(self.worker)
        self.thumbnail_view = QListView()
        self.thumbnail_view.setAccessibleName("Pages")
        self.thumbnail_view.setModel(self.thumbnails)
        self.thumbnail_view.setViewMode(QListView.ViewMode.IconMode)
        self.thumbnail_view.setFlow(QListView.Flow.TopToBottom)
        self.thumbnail_view.setWrapping(False)
        self.thumbnail_view.setIconSize(QSize(110, 150))
        self.thumbnail_view.setUniformItemSizes(True)
        self.thumbnail_view.setSpacing(6)
        self.thumbnail_view.clicked.connect(lambda index: self._with_view(lambda v: v.go_to_page(index.row())))
        self.sidebar = QTabWidget()
        self.sidebar.addTab(self.exhibit_list, "Exhibits")
        self.sidebar.addTab(self.thumbnail_view, "Pages")

        # Centre: the open exhibits. Right: annotations and search.
        self.tabs = ExhibitTabs(self.worker, lambda: self.link.session, self._highlights, self.show_error)
        self.files = ExhibitFiles(self, self.worker, self.link, self.show_error, self._status)
        self.interop = Interop(self, self.worker, self.link, self.show_error, self._status)
        self.details = ExhibitDetails(self, self.link, self.author)
        self.exhibit_list.open_requested.connect(self.open_exhibit)
        self.exhibit_list.properties_requested.connect(self.details.edit)
        self.exhibit_list.remove_requested.connect(self.details.remove)
        self.exhibit_list.move_requested.connect(self.details.move)
        start = self.tabs.placeholder
        start.new_requested.connect(self.new_project)
        start.open_requested.connect(self._choose_project)
        start.sample_requested.connect(self._open_sample)
        start.recent_chosen.connect(self.open_project)
        self.tabs.locate_requested.connect(self.files.offer_locate)
        self.tabs.file_agreed.connect(self._file_agreed)
        self.tabs.link_clicked.connect(self._external_link)
        self.tabs.current_view_changed.connect(self._view_changed)
        self.search_panel = SearchPanel(self.search_worker)
        self.search_panel.hit_chosen.connect(self.tabs.show_hit)
        self.search_panel.hits_changed.connect(self.tabs.show_hits)
        self.annotations_panel = AnnotationsPanel()
        self.annotations_panel.jump.connect(self.show_annotation)
        self.right = QTabWidget()
        self.right.setObjectName("right-panels")
        self.right.addTab(self.annotations_panel, "Annotations")
        self.facts_panel = FactsPanel()
        self.right.addTab(self.facts_panel, "Facts")
        self.designations_panel = DesignationsPanel(self.link.apply, self.open_exhibit)
        self.right.addTab(self.designations_panel, "Designations")
        self.right.addTab(self.search_panel, "Search")
        self.redactions_panel = RedactionsPanel(self.worker)
        self.redactions_panel.checked.connect(self._redactions_checked)
        self.redactions_panel.shown.connect(self._redactions_shown)
        self.redactions_panel.box_chosen.connect(self._show_redaction)
        self.right.addTab(self.redactions_panel, "Redactions")
        self.splitter = QSplitter()
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 700, 440])
        self.review_banner = ReviewBanner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.review_banner)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.setAcceptDrops(True)

        self._build_actions()
        self.tagging = Tagging(self)
        self.facts = FactActions(self, self.facts_panel)
        self.designating = Designating(self)
        self.sharing = Sharing(self)
        self.review = ReviewQueue(self)
        self.ocr = OcrRunner(self, self.settings)
        self.ocr.finished.connect(self.tabs.reload_texts)
        self.exhibit_list.ocr_requested.connect(self.ocr.read)
        self.exhibit_list.replace_requested.connect(self.files.choose_replacement)
        self.exhibit_list.layout_requested.connect(self.files.read_layout)
        self.exhibit_list.comments_requested.connect(self.interop.import_from_pdf)
        self.exhibit_list.comments_file_requested.connect(self.interop.import_from_file)
        self.exhibit_list.xfdf_requested.connect(self.interop.export_xfdf)
        self.exhibit_list.file_checked.connect(self._file_checked)
        self.files.review_requested.connect(self.review_reanchored)
        self.tabs.context_requested.connect(self.tagging.page_menu)
        self.annotations_panel.menu_requested.connect(
            lambda ids, at: self.tagging.annotation_menu(ids, [self.facts.from_annotations_action]).popup(at)
        )
        self.tabs.hint.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.annotations_panel.delete_requested.connect(self.tagging.delete)
        self.annotations_panel.categories_requested.connect(self.tagging.edit_categories)
        self.annotations_panel.note_edited.connect(self.tagging.set_note)
        self._build_menus()
        self._show_start()
        self._restore_window_state()

    def _show_start(self) -> None:
        message = None if self.project is None else NO_EXHIBITS if not self.project.exhibits else PICK_EXHIBIT
        recent = self.settings.recent_projects()
        self.tabs.show_start(message, recent, {p: self.settings.recent_title(p) for p in recent})

    def _status(self, text: str, ms: int) -> None:
        self.statusBar().showMessage(text, ms) if text else self.statusBar().clearMessage()

    # --- the project and the views following its change records -------------------------------------------------
    def _show_change(self, change: Change) -> None:
        """Every part refreshes what the change record names (after an operation, an undo or a redo)."""
        project, path = self.project, self.project_path
        if change.project:
            self._changed_files.clear()  # the exhibit list hashes every file again
        if project is None or path is None:
            return
        self.tabs.show_change(change)
        self.designations_panel.show_change(change, project)
        if change.designations:  # their bars in the margin: the open exhibits' marks made again, whole
            self.tabs.show_change(Change(pages_of=frozenset(e.id for e in project.exhibits)))
        self.exhibit_list.show_change(change, project, path)
        if change.project or change.exhibits:
            self.search_panel.set_project(project, path, self.passwords)
            self._show_start()  # shown now if no exhibit is open; else when the last one closes
        if change.project or change.exhibits or change.codebook:
            self.annotations_panel.set_project(project)
        elif change.annotations:
            self.annotations_panel.show_annotations(change.annotations)
        if (
            change.project
            or change.codebook
            or change.facts
            or change.pending
            or change.exhibits
            or (change.annotations and self.facts_panel.cites_any(change.annotations))
        ):  # a source's cite or support may have changed too
            self.facts_panel.set_project(project)
        if change.project or change.codebook:
            self.tagging.rebuild_shortcuts()
        self.conflicts_action.setEnabled(bool(project.pending) and not self.sharing.read_only)
        self.ocr.show_change(change)
        self.redactions_panel.show_change(change, project, path, self.passwords)

    def _highlights(self, exhibit_id: str, only: list[Annotation] | None = None) -> list[Highlight]:
        assert self.project is not None
        unchanged = exhibit_id not in self._changed_files
        marks = annotation_highlights(self.project, exhibit_id, self.author(), self._tint, unchanged, only)
        return marks if only is not None else marks + designation_highlights(self.project, exhibit_id)

    def _file_checked(self, exhibit_id: str, unchanged: bool) -> None:
        """The exhibit list hashed a file: highlights on a changed one become outlines (and back)."""
        if unchanged != (exhibit_id not in self._changed_files):
            (self._changed_files.discard if unchanged else self._changed_files.add)(exhibit_id)
            self.tabs.show_change(Change(pages_of=frozenset({exhibit_id})))

    def _file_agreed(self, exhibit_id: str) -> None:
        """The user agreed to read a file outside the project's folder: it is hashed and checked like the rest."""
        self.exhibit_list.recheck(exhibit_id)
        if self.project is not None and self.project_path is not None:
            self.redactions_panel.show_change(Change(exhibits=frozenset({exhibit_id})), self.project,
                                              self.project_path, self.passwords)  # fmt: skip

    def _redactions_shown(self) -> None:
        """Every redaction warning from one source, the panel as it is now: its tab's count and the exhibit list's
        marks (they disagreed after a review or a reopening, when results cached by file came back unannounced)."""
        found = self.redactions_panel.table.rowCount()
        self.right.setTabText(
            self.right.indexOf(self.redactions_panel), f"Redactions ⚠ {found}" if found else "Redactions"
        )
        for exhibit_id, boxes in self.redactions_panel.counts.items():
            self.exhibit_list.mark_redactions(exhibit_id, boxes)

    def _redactions_checked(self, exhibit_id: str) -> None:
        """The redaction check finished an exhibit: its open pages outline the boxes."""
        for view in self.tabs.views():
            if self.tabs.exhibit_of(view) == exhibit_id:
                view.redactions = self.redactions_panel.outlines(exhibit_id)
                view.viewport().update()

    def _show_redaction(self, exhibit_id: str, page: int, rect: tuple[float, float, float, float]) -> None:
        self.tabs.open_exhibit(exhibit_id, page)
        self._redactions_checked(exhibit_id)
        view = self.tabs.current_view()
        if view is not None and self.tabs.exhibit_of(view) == exhibit_id and view.page_count:
            view.go_to_page(page, rect[1])

    def _view_changed(self, view: PageView | None) -> None:
        exhibit = self.current_exhibit()
        if view is not None and exhibit is not None:
            view.redactions = self.redactions_panel.outlines(exhibit.id)
        self.search_panel.current_exhibit = exhibit.id if exhibit else None
        self.navigation.page_labels = exhibit.page_labels if exhibit else []
        self.navigation.show_view(view)
        if view is None:
            self.thumbnails.set_document(None, DocumentInfo([]))
        else:
            view.show_doubtful = self.settings.underline_doubtful()
            self.thumbnails.set_document(view.path, view.info, view.password)
            self._page_changed(view.current_page)

    def _page_changed(self, page: int) -> None:
        self.navigation.show_page(page)
        self.thumbnail_view.setCurrentIndex(self.thumbnails.index(page))

    def author(self) -> str:
        # Read once: QSettings reads took ~3 ms, and this is asked for every exhibit's highlights.
        if self._author is None:
            self._author = self.settings.author() or default_author()
            self._tint = self.settings.tint_authors()
        return self._author

    # --- dialogs -------------------------------------------------------------------------------------------------
    def choose_and_load(self, title: str, filter: str, load: Callable[[Path], T]) -> tuple[Path, T] | None:
        """Ask for a file and read it with a core loader; a bad file ends in a message naming it (and None)."""
        name, _ = QFileDialog.getOpenFileName(self, title, "", filter)
        if not name:
            return None
        try:
            return Path(name), load(Path(name))
        except UserError as e:
            self.show_error(f"Cannot {title.split()[0].lower()}", str(e))
            return None

    def focus_search(self) -> None:
        self.right.setCurrentWidget(self.search_panel)
        self.search_panel.focus_query()

    def edit_preferences(self) -> None:
        if Preferences(self.settings, self).exec():
            self._author = None
            appearance.apply(self.settings.appearance())
            self.show_icons()
            for view in self.page_views():
                view.show_doubtful = self.settings.underline_doubtful()
            if self.project is not None:  # badges and tints follow who "I" am
                self.tabs.show_change(Change(pages_of=frozenset(e.id for e in self.project.exhibits)))

    def review_reanchored(self) -> None:
        """Review ▸ Passages to Check…: what a file replacement left to check."""
        if self.session is not None:
            ReanchorReview(self.link, self).exec()

    def edit_codebook(self) -> None:
        if self.project is not None:
            CodebookEditor(self).exec()

    def export_with_dialog(self) -> None:
        if self.project is None or self.project_path is None:
            return
        remembered = self.settings.brief_choice
        dialog = ExportDialog(self.project, prepared_by=self.author(), parent=self,
                              template=remembered(self.project_path, "template"),
                              cite_style=remembered(self.project_path, "cite_style"))  # fmt: skip
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return
        options = dialog.options()
        self.settings.set_brief_choice(self.project_path, "template", str(options.template or ""))
        self.settings.set_brief_choice(self.project_path, "cite_style", options.cite_style.value)
        out = dialog.ask_output(self.project_path, self.settings.export_folder(self.project_path))
        if out is not None:
            self.settings.set_export_folder(self.project_path, out if out.is_dir() else out.parent)
            fmt = dialog.selected_format()
            production = dialog.production() if fmt is Format.produced else None
            self.export(fmt, out, options, stamp=dialog.stamp.isChecked(), production=production)

    def export(
        self, fmt: Format, out: Path, options: BriefOptions, stamp: bool = False, production: Production | None = None
    ) -> ExportRun | None:
        """Run an export in the worker process (with the passwords typed this session); the returned run reports
        its result. A production's Bates numbers are then recorded in the project, one undoable step."""
        if self.project is None or self.project_path is None:
            return None
        self.last_export = ExportRun(
            self, self.worker, self.link.serialised(), self.project_path, fmt, out, options, stamp, production,
            self.passwords, on_numbers=self._record_bates,
        )  # fmt: skip
        return self.last_export

    def _record_bates(self, numbers: dict[str, Numbers]) -> None:
        if self.project is None or not all(any(e.id == i for e in self.project.exhibits) for i in numbers):
            return  # the project changed while the copies were written
        changed = bates_changes(self.project, numbers)  # numbers an exhibit had are kept, never rewritten
        op = record_bates(self.project, numbers)
        if op is not None:
            self.link.apply(op)
        first, last = bates_range(self.project, numbers)
        new = ", ".join(self.project.exhibit(i).label for i in changed)
        said = f"; new numbers recorded for {new} (Undo forgets them)" if changed else "; every number as set"
        self.statusBar().showMessage(f"Bates {first} to {last}{said}", 10000)

    def _external_link(self, uri: str) -> None:
        """Exhibits are privileged and may be hostile: a web or mail link opens only after asking; any other
        scheme (``file:``, ``smb:``, an application's own) never does."""
        url = QUrl(uri)
        if url.scheme().lower() not in OPENABLE_SCHEMES:
            self.show_error("Link not opened", f"This exhibit links to {uri!r}: only web and e-mail links are opened.")
            return
        answer = QMessageBox.question(self, "Open link?", f"This exhibit links to\n{uri}\n\nOpen it in your browser?")
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(url)

    def show_error(self, title: str, message: str) -> None:
        """A message box that names the file and the problem; tests read ``last_error``."""
        # A sentence starts with a capital, unless it starts with a file's or an exhibit's name ("exhibit-en.pdf: …").
        first = message.split(" ", 1)[0]
        if message[:1].islower() and not any(c in first for c in ".:/\\"):
            message = message[0].upper() + message[1:]
        self.last_error = message
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("error")
        box.open()

    # --- drag and drop: PDFs become exhibits, a project file opens ------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.toLocalFile().lower().endswith((".json", ".pdf")) for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        projects = [f for f in files if f.suffix.lower() == ".json"]
        if projects:
            self.open_project(projects[0])
        self.files.add_all([f for f in files if f.suffix.lower() == ".pdf" or f.is_dir()])
        event.acceptProposedAction()

    # --- window state ------------------------------------------------------------------------------------------
    def _restore_window_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 860)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        columns = self.settings.value("window/annotation_columns")  # which are shown, their widths and order
        if isinstance(columns, QByteArray):
            self.annotations_panel.table.horizontalHeader().restoreState(columns)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_discard():
            event.ignore()
            return
        if not self.modified:
            self.link.discard_journal()  # undone back to the saved state: nothing to offer back next time
        self.link.flush_journal()  # unsaved work the user chose to keep (Discard was not chosen) is all on disk
        self._remember_tabs()
        self.link.close(quietly=True)  # the lock released
        self.settings.set_value("window/geometry", self.saveGeometry())
        self.settings.set_value("window/splitter", self.splitter.saveState())
        self.settings.set_value(
            "window/annotation_columns", self.annotations_panel.table.horizontalHeader().saveState()
        )
        self.settings.sync()
        if self.last_export is not None and not self.last_export.finished:
            self.last_export.cancel()
        self.search_panel.cancel()
        self.worker.shutdown()
        self.search_worker.shutdown()
        self.ocr.shutdown()
        super().closeEvent(event)
