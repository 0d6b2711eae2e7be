"""The main window: exhibits and page thumbnails on the left, open exhibits as tabs of page views, search on the
right, a toolbar with the page box and zoom.

It holds no business rules: files are opened, checked, added and saved by the core, and all PDF work runs in
worker processes (``render.ProcessWorker``): one for pages, hashing, adding and exporting, one for search.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QIntValidator,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
)

from ..core.brief import BriefOptions
from ..core.edits import Moved, default_author, exhibit_file, find_moved, read_exhibit
from ..core.errors import UserError
from ..core.exhibits import PasswordRequired
from ..core.export import Format
from ..core.jobs import warm_search_worker
from ..core.journal import clear_journal, recovery_for
from ..core.model import Annotation, Exhibit, Project
from ..core.operations import AddExhibit, RelocateExhibits
from ..core.rendering import (
    DocumentInfo,
    OpenedDocument,
    document_info,
    open_document,
    open_for_view,
    pixel_bytes,
)
from ..core.search import Hit
from ..core.session import Change, ProjectSession
from ..core.store import load_project, save_project
from .about import AboutDialog
from .annotations_panel import AnnotationsPanel
from .codebook_editor import CodebookEditor
from .compare_dialog import compare_with_dialog
from .exhibit_list import ExhibitList
from .export_dialog import ExportDialog, ExportRun
from .highlights import Highlight, annotation_highlights, search_highlights
from .page_view import PageView
from .preferences import Preferences
from .render import ProcessWorker
from .review_queue import ReviewQueue
from .search_panel import SearchPanel
from .session_link import SessionLink
from .settings import Settings
from .sharing import ConflictDialog, Sharing
from .tagging import Tagging
from .thumbnails import ThumbnailModel

T = TypeVar("T")
NO_EXHIBITS = "This project has no exhibits yet: drop PDF files here, or File ▸ Add Exhibits…"


@dataclass
class _Tab:
    exhibit_id: str
    view: PageView
    reveal: Annotation | None = None  # to show once the document is in


def _read_exhibit_job(project_path: Path, pdf: Path, password: str | None) -> Exhibit:
    """Runs in the worker: open, hash and look at every page of the new exhibit (seconds for a big scan)."""
    return read_exhibit(project_path, pdf, password=password)


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        # The open project lives in its session; every change goes through the link, views follow its records.
        self.link = SessionLink(self, self.show_error, lambda text, ms: self.statusBar().showMessage(text, ms))
        self.link.changed.connect(self._show_change)
        self.link.modified_changed.connect(lambda _: self._update_title())
        self._author: str | None = None  # who "I" am, and whether colleagues are tinted: read once from settings
        self._tint = False
        self.last_error = ""
        self.worker = ProcessWorker(self)
        self.search_worker = ProcessWorker(self, renders=False, warm_up=warm_search_worker)
        # PySide creates the Python side of Qt's enums on first use: ~11 ms the first time a page view is built.
        # Built once now, so that the first exhibit a user opens does not wait for it.
        PageView(self.worker).deleteLater()
        self._tabs: list[_Tab] = []

        # Left: exhibits and page thumbnails.
        self.exhibit_list = ExhibitList(self.worker)
        self.exhibit_list.open_requested.connect(self.open_exhibit)
        self.thumbnails = ThumbnailModel(self.worker)
        self.thumbnail_view = QListView()
        self.thumbnail_view.setModel(self.thumbnails)
        self.thumbnail_view.setViewMode(QListView.ViewMode.IconMode)
        self.thumbnail_view.setFlow(QListView.Flow.TopToBottom)
        self.thumbnail_view.setWrapping(False)
        self.thumbnail_view.setIconSize(QSize(110, 150))
        self.thumbnail_view.setUniformItemSizes(True)
        self.thumbnail_view.setSpacing(6)
        self.thumbnail_view.clicked.connect(
            lambda index: self.current_view() and self.current_view().go_to_page(index.row())
        )  # type: ignore[union-attr]
        self.sidebar = QTabWidget()
        self.sidebar.addTab(self.exhibit_list, "Exhibits")
        self.sidebar.addTab(self.thumbnail_view, "Pages")

        # Centre: open exhibits. Right: search.
        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.search_panel = SearchPanel(self.search_worker)
        self.search_panel.hit_chosen.connect(self.show_hit)
        self.search_panel.hits_changed.connect(self._show_search_hits)
        self.annotations_panel = AnnotationsPanel()
        self.annotations_panel.jump.connect(self.show_annotation)
        self.right = QTabWidget()
        self.right.setObjectName("right-panels")
        self.right.addTab(self.annotations_panel, "Annotations")
        self.right.addTab(self.search_panel, "Search")
        self.splitter = QSplitter()
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 700, 440])
        self.setCentralWidget(self.splitter)
        self.setAcceptDrops(True)
        self._build_actions()
        self.tagging = Tagging(self)
        self.sharing = Sharing(self)
        self.review = ReviewQueue(self)
        self.annotations_panel.delete_requested.connect(self.tagging.delete)
        self.annotations_panel.categories_requested.connect(self.tagging.edit_categories)
        self.annotations_panel.note_edited.connect(self.tagging.set_note)
        self._build_tagging_and_sharing_ui()
        self._show_start_screen()
        self._restore_window_state()

    # --- actions, menus, toolbar ---------------------------------------------------------------------------------
    def _action(
        self, text: str, slot: object, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.open_action = a("&Open Project…", self._choose_project, QKeySequence.StandardKey.Open)
        self.save_action = a("&Save", self.save, QKeySequence.StandardKey.Save)
        self.add_action = a("&Add Exhibits…", self._choose_exhibits, "Ctrl+Shift+A")
        self.export_action = a("&Export…", self.export_with_dialog, "Ctrl+E")
        self.close_tab_action = a(
            "&Close Exhibit", lambda: self.close_tab(self.tabs.currentIndex()), QKeySequence.StandardKey.Close
        )
        quit_action = a("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.zoom_in_action = a(
            "Zoom &In", lambda: self._with_view(lambda v: v.zoom_in()), QKeySequence.StandardKey.ZoomIn
        )
        self.zoom_in_alt = a("Zoom In", lambda: self._with_view(lambda v: v.zoom_in()), "Ctrl+=")
        self.zoom_out_action = a(
            "Zoom &Out", lambda: self._with_view(lambda v: v.zoom_out()), QKeySequence.StandardKey.ZoomOut
        )
        self.fit_width_action = a("Fit &Width", lambda: self._with_view(lambda v: v.set_fit("width")), "Ctrl+0")
        self.fit_page_action = a("Fit &Page", lambda: self._with_view(lambda v: v.set_fit("page")), "Ctrl+9")
        self.find_action = a("&Find…", self.focus_search, QKeySequence.StandardKey.Find)
        self.find_next_action = a("Find &Next", lambda: self.search_panel.step(1), QKeySequence.StandardKey.FindNext)
        self.find_prev_action = a(
            "Find Pre&vious", lambda: self.search_panel.step(-1), QKeySequence.StandardKey.FindPrevious
        )
        for action in (self.save_action, self.add_action, self.export_action):
            action.setEnabled(False)

        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.save_action)
        file_menu.addSeparator()
        file_menu.addAction(self.add_action)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.close_tab_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_width_action, self.fit_page_action):
            view_menu.addAction(action)
        view_menu.addSeparator()
        for action in (self.find_action, self.find_next_action, self.find_prev_action):
            view_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = a("&About Exhibit Annotator", lambda: AboutDialog(self).exec())
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)  # macOS puts it in the application menu
        about_qt = a("About &Qt", QApplication.aboutQt)
        about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        help_menu.addAction(self.about_action)
        help_menu.addAction(about_qt)

        toolbar = QToolBar("Navigation")
        toolbar.setObjectName("navigation")
        toolbar.setMovable(False)
        self.page_box = QLineEdit()
        self.page_box.setObjectName("page-box")
        self.page_box.setFixedWidth(56)
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_box.setValidator(QIntValidator(1, 1_000_000, self))
        self.page_box.returnPressed.connect(self._page_box_entered)
        self.page_total = QLabel(" / –")
        self.zoom_box = QComboBox()
        self.zoom_box.setEditable(True)
        self.zoom_box.setFixedWidth(100)
        for label in ("Fit width", "Fit page", "50%", "75%", "100%", "125%", "150%", "200%", "300%", "400%"):
            self.zoom_box.addItem(label)
        self.zoom_box.activated.connect(lambda _: self._zoom_box_entered())
        self.zoom_box.lineEdit().returnPressed.connect(self._zoom_box_entered)
        toolbar.addWidget(QLabel(" Page "))
        toolbar.addWidget(self.page_box)
        toolbar.addWidget(self.page_total)
        toolbar.addSeparator()
        toolbar.addAction(self.zoom_out_action)
        toolbar.addWidget(self.zoom_box)
        toolbar.addAction(self.zoom_in_action)
        toolbar.addSeparator()
        toolbar.addAction(self.find_action)
        self.addToolBar(toolbar)

    def _menu(self, title: str, position: int, actions: list[QAction | None]) -> QMenu:
        """A menu at ``position`` in the menu bar, with ``actions`` (None: a separator)."""
        menu = QMenu(title, self)
        self.menuBar().insertMenu(self.menuBar().actions()[position], menu)
        for action in actions:
            menu.addAction(action) if action is not None else menu.addSeparator()
        return menu

    def _build_tagging_and_sharing_ui(self) -> None:
        """The Edit and Review menus, the tagging tool buttons and the File menu's sharing entries."""
        t = self.tagging
        self.codebook_action = self._action("Code&book…", self.edit_codebook, "Ctrl+Shift+B")
        self.preferences_action = self._action(
            "&Preferences…", self.edit_preferences, QKeySequence.StandardKey.Preferences
        )
        for action in self.link.actions:
            self.addAction(action)
        self._menu("&Edit", 1, [  # after File, before View
            *self.link.actions, None, t.copy_action, None, t.tag_action, t.note_action, t.star_action,
            t.delete_action, t.area_action, None, self.codebook_action, self.preferences_action,
        ])  # fmt: skip
        toolbar = self.findChild(QToolBar, "navigation")
        toolbar.addSeparator()
        toolbar.addAction(t.tag_action)
        toolbar.addAction(t.area_action)
        file_menu = self.menuBar().actions()[0].menu()
        self.review_open_action = self._action("Open for &Review…", self._choose_project_for_review)
        self.merge_action = self._action("&Merge a Colleague's Project…", self.sharing.choose_and_merge, "Ctrl+Shift+M")
        self.conflicts_action = self._action("Merge &Conflicts…", lambda: ConflictDialog(self).exec())
        self.compare_action = self._action("Com&pare With…", lambda: compare_with_dialog(self))
        first = file_menu.actions()[2]  # after Open and Open Recent
        for action in (self.review_open_action, self.merge_action, self.conflicts_action, self.compare_action):
            file_menu.insertAction(first, action)
        self._menu("&Review", 2, self.review.actions)  # after Edit

    def _choose_project_for_review(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open a Colleague's Project for Review", "", "Projects (*.json)")
        if name:
            self.open_project(Path(name), review=True)

    # --- the open project: its session, and the views following its change records ----------------------------------
    @property
    def session(self) -> ProjectSession | None:
        return self.link.session

    @property
    def project(self) -> Project | None:
        return self.link.session.project if self.link.session else None

    @property
    def project_path(self) -> Path | None:
        return self.link.session.path if self.link.session else None

    @property
    def modified(self) -> bool:
        return self.link.modified

    @property
    def passwords(self) -> dict[str, str]:
        """Exhibit id → password typed this session (never stored)."""
        return self.link.session.passwords if self.link.session else {}

    def _show_change(self, change: Change) -> None:
        """Every view refreshes what the change record names (after an operation, an undo or a redo)."""
        project, path = self.project, self.project_path
        if project is None or path is None:
            return
        if change.project or change.exhibits:
            gone = [t for t in self._tabs if not any(e.id == t.exhibit_id for e in project.exhibits)]
            for tab in gone:
                self.close_tab(self.tabs.indexOf(tab.view))
            for tab in self._tabs:
                exhibit = project.exhibit(tab.exhibit_id)
                index = self.tabs.indexOf(tab.view)
                self.tabs.setTabText(index, exhibit.label)
                self.tabs.setTabToolTip(index, f"{exhibit.label} — {exhibit.title}")
            self.search_panel.set_project(project, path, self.passwords)
            if not project.exhibits:
                self._show_start_screen(
                    "This project has no exhibits yet: drop PDF files here, or File ▸ Add Exhibits…"
                )
        self.exhibit_list.show_change(change, project, path)
        if change.project or change.exhibits or change.codebook:
            self.annotations_panel.set_project(project)
        elif change.annotations:
            self.annotations_panel.refresh()
        for tab in self._tabs:
            if change.project or change.codebook or tab.exhibit_id in change.pages_of:
                tab.view.highlights = self._highlights(tab.exhibit_id)
                tab.view.viewport().update()
        if change.project or change.codebook:
            self.tagging.rebuild_shortcuts()
        self.conflicts_action.setEnabled(bool(project.pending))

    def _highlights(self, exhibit_id: str) -> list[Highlight]:
        assert self.project is not None
        me = self.author()
        return annotation_highlights(self.project, exhibit_id, me, self._tint)

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
            if self.project is not None:  # badges and tints follow who "I" am
                self._show_change(Change(pages_of=frozenset(e.id for e in self.project.exhibits)))

    def edit_codebook(self) -> None:
        if self.project is not None:
            CodebookEditor(self).exec()

    def author(self) -> str:
        # Read once: QSettings reads took ~3 ms, and this is asked for every exhibit's highlights.
        if self._author is None:
            self._author = self.settings.author() or default_author()
            self._tint = self.settings.tint_authors()
        return self._author

    def page_views(self) -> list[PageView]:
        return self._views()

    def show_annotation(self, row: object) -> None:
        """Open the annotation's exhibit at its page and flash its highlight."""
        annotation: Annotation = getattr(row, "annotation", row)
        self.open_exhibit(annotation.exhibit_id, annotation.page)
        for tab in self._tabs:
            if tab.exhibit_id == annotation.exhibit_id:
                if tab.view.page_count:
                    self._reveal(tab.view, annotation)
                else:
                    tab.reveal = annotation  # still opening

    def _reveal(self, view: PageView, annotation: Annotation) -> None:
        first = annotation.rects[0] if annotation.rects else None
        view.go_to_page(annotation.page, first.rect[1] if first else None)
        view.flashed = [h for h in view.highlights if h.annotation_id == str(annotation.id)]
        view.viewport().update()
        QTimer.singleShot(1200, view, lambda v=view: (setattr(v, "flashed", []), v.viewport().update()))

    def _with_view(self, fn: object) -> None:
        view = self.current_view()
        if view is not None:
            fn(view)  # type: ignore[operator]

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_projects():
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def _choose_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open Project", "", "Exhibit Annotator projects (*.json)")
        if name:
            self.open_project(Path(name))

    def _choose_exhibits(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Add Exhibits", "", "PDF files (*.pdf)")
        for name in names:
            self.add_exhibit_file(Path(name))

    # --- project --------------------------------------------------------------------------------------------------
    def open_project(self, path: Path, review: bool = False) -> bool:
        """Open ``path`` (``review``: read-only, a colleague's); on failure show why and keep whatever was open."""
        if not self._may_discard():
            return False
        try:
            project = load_project(path)
        except UserError as e:
            self.show_error("Cannot open project", str(e))
            return False
        tabs = self._saved_tabs(project, path)
        present = [e for e in project.exhibits if exhibit_file(path, e).exists()]
        if tabs or present:
            # The worker opens the first exhibit to show (its page tree: 8-10 ms for 2,000 pages) while this
            # thread locks the project and builds the tab; the page's render then follows it in the worker.
            first = exhibit_file(path, project.exhibit(tabs[0][0]) if tabs else present[0])
            self.worker.submit(open_document, str(first), on_done=lambda _: None, on_error=lambda _: None)
        read_only = self.sharing.ask_mode(path, review)
        if read_only is None:
            return False
        recovered = None if read_only else self._offer_recovery(path)
        self.sharing.opened(path, read_only)
        self._remember_tabs()
        self._close_all_tabs()
        session = ProjectSession(recovered or project, path, read_only=read_only, recovered=recovered is not None)
        self.link.open(session, announce=False)
        for action in (self.save_action, self.add_action, self.export_action):
            action.setEnabled(True)
        # Open exhibits before the rest: the worker opens the first page while the window fills its lists, and
        # the list's file checks (hashes) queue behind it.
        for exhibit_id, page, zoom in tabs:
            self.open_exhibit(exhibit_id, page, zoom)
        # Else the first exhibit whose file is there; a missing one is marked in the list and located on demand.
        if not tabs and present:
            self.open_exhibit(present[0].id)
        self.link.announce(Change(project=True))
        self.settings.add_recent_project(path)
        # The project's objects live until it is closed: keep Python's cycle collector from walking them again and
        # again (a full pass over 10,000 annotations and their rows stalled the window ~300 ms at random moments).
        # Reference counting still frees them when the project goes.
        gc.freeze()
        return True

    def _update_title(self) -> None:
        session = self.session
        name = (session.project.case.name or session.path.stem) if session else ""
        if name and session is not None and session.read_only:
            name += " (review, read-only)"
        # "[*]" lets Qt mark unsaved changes the platform's way (a "*" here, a dot in the close button on macOS).
        self.setWindowTitle(f"{name}[*] — Exhibit Annotator" if name else "Exhibit Annotator[*]")
        self.setWindowModified(self.modified)

    def save(self) -> bool:
        if self.project is None or self.project_path is None:
            return False
        target = self.sharing.before_save(self.project_path)  # review mode: a file of one's own; merges first
        if target is None:
            return False
        try:
            save_project(self.project, target)
        except (OSError, UserError) as e:
            self.show_error("Cannot save", f"{target.name}: {e}")
            return False
        if target != self.project_path:
            # The review, saved as one's own project, is now edited as such.
            self.sharing.opened(target, read_only=False)
            self.settings.add_recent_project(target)
        self.link.saved(target)
        self.sharing.saved(target)
        self._update_title()
        self.statusBar().showMessage(f"Saved {self.project_path}", 4000)
        return True

    def _offer_recovery(self, path: Path) -> Project | None:
        """Unsaved work journaled for ``path`` by a session that ended without saving: offer it back."""
        recovery = recovery_for(path)
        if recovery is None:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question, "Recover unsaved work",
            f"{path.name} has unsaved changes from {recovery.written.astimezone():%Y-%m-%d %H:%M} "
            "(the app did not close normally). Recover them?\n\nRecovered changes are not saved until you save.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self,
        )  # fmt: skip
        box.setObjectName("recover")
        box.button(QMessageBox.StandardButton.Yes).setText("Recover")
        box.button(QMessageBox.StandardButton.No).setText("Discard Them")
        if box.exec() == QMessageBox.StandardButton.Yes:
            return recovery.project
        clear_journal(path)
        return None

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

    # --- exhibits as tabs --------------------------------------------------------------------------------------
    def _views(self) -> list[PageView]:
        return [t.view for t in self._tabs]

    def current_view(self) -> PageView | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, PageView) else None

    def current_exhibit(self) -> Exhibit | None:
        view = self.current_view()
        tab = next((t for t in self._tabs if t.view is view), None)
        return self.project.exhibit(tab.exhibit_id) if tab and self.project else None

    def open_exhibit(self, exhibit_id: str, page: int | None = None, zoom: float | None = None) -> None:
        """Show an exhibit in its tab (opening it first); asks for a password or a moved file when needed."""
        if self.project is None or self.project_path is None:
            return
        for tab in self._tabs:
            if tab.exhibit_id == exhibit_id:
                self.tabs.setCurrentWidget(tab.view)
                if page is not None:
                    tab.view.go_to_page(page)
                return
        exhibit = self.project.exhibit(exhibit_id)
        path = exhibit_file(self.project_path, exhibit)
        if not path.exists():
            self._offer_locate(exhibit)
            return
        # The tab first, so that its size is known and the window lays it out while the worker opens the file
        # and renders the page it will show, at the zoom it will show it, in one round trip.
        view = PageView(self.worker)
        view.setObjectName(f"view-{exhibit.label}")
        view.current_page_changed.connect(lambda page, v=view: v is self.current_view() and self._page_changed(page))
        view.zoom_changed.connect(lambda zoom, v=view: v is self.current_view() and self._zoom_changed(zoom))
        view.link_to_uri.connect(self._external_link)
        view.area_mode = self.tagging.area_action.isChecked()
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda _: self.tagging.open_palette())
        self._tabs.append(_Tab(exhibit.id, view))
        if (start := self.tabs.indexOf(self.placeholder)) >= 0:
            self.tabs.removeTab(start)
        index = self.tabs.addTab(view, exhibit.label)
        self.tabs.setTabToolTip(index, f"{exhibit.label} — {exhibit.title}")
        self.tabs.setCurrentIndex(index)
        if zoom is not None:
            view.fit = None
            view.zoom = zoom
        request = view.view_request(page or 0)
        self.worker.render(
            open_for_view, str(path), request, self.passwords.get(exhibit_id),
            # The page's size is not known yet: room for a portrait page as wide as the view.
            size=pixel_bytes(request.width, request.width * 1.5, request.device_pixel_ratio),
            on_done=lambda opened, image: self._exhibit_opened(exhibit, view, path, opened, image, page),
            on_error=lambda error: self._exhibit_failed(exhibit, view, error, page, zoom),
        )  # fmt: skip

    def _exhibit_failed(
        self, exhibit: Exhibit, view: PageView, error: Exception, page: int | None, zoom: float | None
    ) -> None:
        if view not in self._views():
            return  # closed meanwhile
        self.close_tab(self.tabs.indexOf(view))
        if isinstance(error, PasswordRequired):
            password = self.ask_password(exhibit, wrong=exhibit.id in self.passwords)
            if password is not None:
                self.passwords[exhibit.id] = password
                self.open_exhibit(exhibit.id, page, zoom)
            return
        self.show_error("Cannot open exhibit", str(error))

    def ask_password(self, exhibit: Exhibit, wrong: bool = False) -> str | None:
        """Once per session; the password is never stored."""
        dialog = QInputDialog(self)
        dialog.setObjectName("password")
        dialog.setWindowTitle("Password")
        prefix = "Wrong password. " if wrong else ""
        dialog.setLabelText(f"{prefix}{exhibit.label} ({Path(exhibit.path).name}) is encrypted. Password:")
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        return dialog.textValue() if dialog.exec() else None

    def _exhibit_opened(
        self, exhibit: Exhibit, view: PageView, path: Path, opened: OpenedDocument, image: QImage, page: int | None
    ) -> None:
        if view not in self._views():
            return  # the tab was closed, or another project opened, meanwhile
        password = self.passwords.get(exhibit.id)
        view.set_document(path, opened.info, password, (opened.first, image))
        view.highlights = self._highlights(exhibit.id)
        self._show_search_hits(self.search_panel.hits)
        if page:
            view.go_to_page(page)
        tab = next(t for t in self._tabs if t.view is view)
        if tab.reveal is not None:
            self._reveal(view, tab.reveal)
            tab.reveal = None
        if view is self.current_view():
            # The page now, before the window relays out its toolbar and page box for the new tab (~1 ms).
            view.viewport().repaint()
        self._tab_changed()
        # Every page's real size, asked once the first page is on screen so that it never waits before it.
        self.worker.submit(
            document_info, str(path), password,
            on_done=lambda full: (view.set_geometry(full), self._tab_changed()) if view in self._views() else None,
            on_error=lambda error: self.show_error("Cannot read exhibit", str(error)),
        )  # fmt: skip

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is None:
            return
        self._tabs = [t for t in self._tabs if t.view is not widget]
        self.tabs.removeTab(index)
        if isinstance(widget, PageView):
            widget.close_document()
        if widget is not self.placeholder:  # the start screen is reused
            widget.deleteLater()
        if not self._tabs:
            self.thumbnails.set_document(None, DocumentInfo([]))
            self.page_total.setText(" / –")
            self.page_box.clear()

    def _close_all_tabs(self) -> None:
        while self.tabs.count():
            self.close_tab(0)

    def _tab_changed(self, *_: object) -> None:
        view = self.current_view()
        exhibit = self.current_exhibit()
        self.search_panel.current_exhibit = exhibit.id if exhibit else None
        if view is None:
            return
        self.thumbnails.set_document(view.path, view.info, view.password)
        self.page_total.setText(f" / {view.page_count}")
        self._page_changed(view.current_page)
        self._zoom_changed(view.zoom)

    def _page_changed(self, page: int) -> None:
        self.page_box.setText(str(page + 1))
        self.thumbnail_view.setCurrentIndex(self.thumbnails.index(page))

    def _zoom_changed(self, zoom: float) -> None:
        self.zoom_box.setEditText(f"{zoom:.0f}%")

    def _page_box_entered(self) -> None:
        view = self.current_view()
        if view is not None and self.page_box.text():
            view.go_to_page(int(self.page_box.text()) - 1)
            view.setFocus()

    def _zoom_box_entered(self) -> None:
        view = self.current_view()
        if view is None:
            return
        text = self.zoom_box.currentText().strip().lower()
        if text.startswith("fit w"):
            view.set_fit("width")
        elif text.startswith("fit p"):
            view.set_fit("page")
        else:
            try:
                view.set_zoom(float(text.rstrip("%")))
            except ValueError:
                self._zoom_changed(view.zoom)
        view.setFocus()

    def _external_link(self, uri: str) -> None:
        """Exhibits are privileged: never open a link without asking."""
        answer = QMessageBox.question(self, "Open link?", f"This exhibit links to\n{uri}\n\nOpen it in your browser?")
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl(uri))

    # --- search --------------------------------------------------------------------------------------------------
    def show_hit(self, hit: Hit) -> None:
        y = hit.rects[0][1] if hit.rects else None
        tab = next((t for t in self._tabs if t.exhibit_id == hit.exhibit_id), None)
        if tab is None:
            self.open_exhibit(hit.exhibit_id, hit.page)
            return
        self.tabs.setCurrentWidget(tab.view)
        tab.view.go_to_page(hit.page, y)

    def _show_search_hits(self, hits: list[Hit]) -> None:
        for tab in self._tabs:
            tab.view.search_hits = search_highlights(hits, tab.exhibit_id)
            tab.view.viewport().update()

    # --- adding exhibits and locating moved files ---------------------------------------------------------------
    def add_exhibit_file(self, pdf: Path, password: str | None = None) -> None:
        """Add a PDF as an exhibit: opened, hashed and read in the worker, then added through the session (its
        label given then, so files dropped together each get their own); every bad file ends in a message."""
        session = self.session
        if session is None:
            self.show_error("No project", "Open or create a project before adding exhibits.")
            return
        self.statusBar().showMessage(f"Adding {pdf.name}…")
        self.worker.submit(
            _read_exhibit_job, session.path, pdf, password,
            on_done=lambda read: self._exhibit_read(session, read, password),
            on_error=lambda error: self._add_failed(session, pdf, error, password),
        )  # fmt: skip

    def _exhibit_read(self, session: ProjectSession, read: Exhibit, password: str | None) -> None:
        if self.session is not session:
            return  # another project was opened meanwhile
        op = AddExhibit(read)
        if self.link.apply(op) is None or op.exhibit is None:
            return
        if password is not None:
            session.passwords[op.exhibit.id] = password
        exhibit = op.exhibit
        self.statusBar().showMessage(f"Added {exhibit.label}: {exhibit.title} ({exhibit.page_count} pages)", 5000)

    def _add_failed(self, session: ProjectSession, pdf: Path, error: Exception, password: str | None) -> None:
        self.statusBar().clearMessage()
        if isinstance(error, PasswordRequired) and self.session is session:
            label = Exhibit.model_construct(label=pdf.name, path=pdf.name)
            new = self.ask_password(label, wrong=password is not None)
            if new is not None:
                self.add_exhibit_file(pdf, new)
            return
        self.show_error("Cannot add exhibit", str(error))

    def _offer_locate(self, exhibit: Exhibit) -> None:
        answer = QMessageBox.question(
            self, "Exhibit file missing",
            f"{exhibit.label}: {Path(exhibit.path).name} is not at {exhibit.path}. Its annotations are kept.\n\n"
            "Locate the file?",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        name, _ = QFileDialog.getOpenFileName(self, f"Locate {Path(exhibit.path).name}", "", "PDF files (*.pdf)")
        if name:
            self.relocate(exhibit, Path(name))

    def relocate(self, exhibit: Exhibit, new_file: Path) -> None:
        """Point ``exhibit`` at ``new_file``, with the other missing exhibits that moved with it (same name, same
        content, in the new folder): the files are hashed in the worker, the change is one undoable step."""
        session = self.session
        if session is None:
            return
        self.worker.submit(
            find_moved, session.project, session.path, exhibit.id, new_file,
            on_done=lambda moved: self._located(session, exhibit, new_file, moved),
            on_error=lambda error: self.show_error("Cannot locate the file", str(error)),
        )  # fmt: skip

    def _located(self, session: ProjectSession, exhibit: Exhibit, new_file: Path, moved: Moved) -> None:
        if self.session is not session:
            return
        if not moved.same_file:
            answer = QMessageBox.question(
                self, "Different file",
                f"{new_file.name} is not the file that was added as {exhibit.label} (its content differs). Use it?",
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self.link.apply(RelocateExhibits(moved.paths)) is not None:
            labels = [e.label for e in session.project.exhibits if e.id in moved.paths]
            self.statusBar().showMessage(f"Found {', '.join(labels)}", 5000)

    # --- export ------------------------------------------------------------------------------------------------
    def export_with_dialog(self) -> None:
        if self.project is None or self.project_path is None:
            return
        dialog = ExportDialog(self.project, prepared_by=default_author(), parent=self)
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return
        out = dialog.ask_output(self.project_path)
        if out is not None:
            self.export(dialog.selected_format(), out, dialog.options(), stamp=dialog.stamp.isChecked())

    def export(self, fmt: Format, out: Path, options: BriefOptions, stamp: bool = False) -> ExportRun | None:
        """Run an export in the worker process; the returned run reports its result."""
        if self.project is None or self.project_path is None:
            return None
        self.last_export = ExportRun(self, self.worker, self.project, self.project_path, fmt, out, options, stamp)
        return self.last_export

    # --- messages, start screen ----------------------------------------------------------------------------------
    def _show_start_screen(self, text: str | None = None) -> None:
        self.placeholder.setText(
            text
            or "Open a project with File ▸ Open Project… (Ctrl+O), or create one on the command line:\n"
            'exhibit-annotator new case.json --case "…"'
        )
        if self.tabs.indexOf(self.placeholder) < 0 and not self._tabs:
            self.tabs.addTab(self.placeholder, "Start")

    def show_error(self, title: str, message: str) -> None:
        """A message box that names the file and the problem; tests read ``last_error``."""
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
        for pdf in (f for f in files if f.suffix.lower() == ".pdf"):
            self.add_exhibit_file(pdf)
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

    @staticmethod
    def _tabs_key(path: Path) -> str:
        return f"tabs/{path.resolve()}".replace("/", "|")

    def _remember_tabs(self) -> None:
        if self.project_path is None:
            return
        tabs = []
        for i in range(self.tabs.count()):
            view = self.tabs.widget(i)
            tab = next((t for t in self._tabs if t.view is view), None)
            if tab is not None:
                tabs.append(f"{tab.exhibit_id}:{tab.view.current_page}:{tab.view.zoom:.1f}:{tab.view.fit or ''}")
        self.settings.set_value(self._tabs_key(self.project_path), "\n".join(tabs))

    def _saved_tabs(self, project: Project, path: Path) -> list[tuple[str, int, float | None]]:
        """The exhibits open when this project was last closed and still there: (id, page, zoom or None to fit)."""
        saved = self.settings.value(self._tabs_key(path))
        if not isinstance(saved, str):
            return []
        known = {e.id: e for e in project.exhibits}
        tabs = []
        for line in saved.splitlines():
            exhibit_id, _, rest = line.partition(":")
            page, _, rest = rest.partition(":")
            zoom, _, fit = rest.partition(":")
            exhibit = known.get(exhibit_id)
            if exhibit is not None and exhibit_file(path, exhibit).exists():
                tabs.append((exhibit_id, int(page or 0), None if fit else float(zoom or 100)))
        return tabs

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_discard():
            event.ignore()
            return
        self.sharing.release()
        self._remember_tabs()
        self.settings.set_value("window/geometry", self.saveGeometry())
        self.settings.set_value("window/splitter", self.splitter.saveState())
        self.settings.sync()
        export = getattr(self, "last_export", None)
        if export is not None and not export.finished:
            export.cancel()
        self.search_panel.cancel()
        self.worker.shutdown()
        self.search_worker.shutdown()
        super().closeEvent(event)
