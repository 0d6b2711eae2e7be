"""The main window's actions, menus and navigation toolbar: every command with its standard key, in the menus
users expect (File, Edit, Review, View, Help). A base class of ``MainWindow``, which provides the slots."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from ..actions.sharing import ConflictDialog
from ..appearance import action_icon
from ..dialogs.about import AboutDialog, GettingStarted, KeysDialog
from ..dialogs.cite_check import cite_check_with_dialog
from ..dialogs.compare import compare_with_dialog
from ..pages.page_view import PageView
from .navigation import NavigationBar
from .window_api import WindowApi

if TYPE_CHECKING:
    from ..actions.designating import Designating
    from ..actions.exhibit_files import ExhibitFiles
    from ..actions.fact_actions import FactActions
    from ..actions.interop import Interop
    from ..actions.ocr_runner import OcrRunner
    from ..actions.sharing import Sharing
    from ..actions.tagging import Tagging
    from ..pages.thumbnails import ThumbnailModel
    from ..panels.review_queue import ReviewQueue
    from ..panels.search import SearchPanel


class WindowMenus(WindowApi):
    if TYPE_CHECKING:  # provided by the window
        files: ExhibitFiles
        interop: Interop
        ocr: OcrRunner
        sharing: Sharing
        review: ReviewQueue
        tagging: Tagging
        facts: FactActions
        designating: Designating
        search_panel: SearchPanel
        thumbnails: ThumbnailModel

        def new_project(self) -> bool: ...
        def _choose_project(self) -> None: ...
        def _choose_project_for_review(self) -> None: ...
        def _fill_recent_menu(self) -> None: ...
        def _open_sample(self) -> None: ...
        def save(self) -> bool: ...
        def save_as(self) -> bool: ...
        def close_project(self) -> bool: ...
        def export_with_dialog(self) -> None: ...
        def focus_search(self) -> None: ...
        def edit_codebook(self) -> None: ...
        def edit_preferences(self) -> None: ...
        def review_reanchored(self) -> None: ...
        def _page_changed(self, page: int) -> None: ...

    def _build_actions(self) -> None:
        a, view = self.make_action, self._with_view
        k = QKeySequence.StandardKey
        self.new_action = a("&New Project…", self.new_project, k.New)
        self.open_action = a("&Open Project…", self._choose_project, k.Open)
        self.save_action = a("&Save", self.save, k.Save)
        self.save_as_action = a("Save &As…", self.save_as, k.SaveAs)
        self.close_project_action = a("Close &Project", self.close_project)
        self.add_action = a("&Add Exhibits…", lambda: self.files.choose(), "Ctrl+Shift+A")
        self.add_folder_action = a("Add &Folder of Exhibits…", lambda: self.files.choose_folder())
        self.export_action = a("&Export…", self.export_with_dialog, "Ctrl+E")
        self.close_tab_action = a("&Close Exhibit", lambda: self.tabs.close_tab(self.tabs.currentIndex()), k.Close)
        self.quit_action = a("&Quit", self.close, k.Quit)
        self.zoom_in_action = a("Zoom &In", lambda: view(lambda v: v.zoom_in()), k.ZoomIn)
        self.zoom_in_alt = a("Zoom In", lambda: view(lambda v: v.zoom_in()), "Ctrl+=")
        self.zoom_out_action = a("Zoom &Out", lambda: view(lambda v: v.zoom_out()), k.ZoomOut)
        self.fit_width_action = a("Fit &Width", lambda: view(lambda v: v.set_fit("width")), "Ctrl+0")
        self.fit_page_action = a("Fit &Page", lambda: view(lambda v: v.set_fit("page")), "Ctrl+9")
        self.find_action = a("&Find…", self.focus_search, k.Find)
        self.find_next_action = a("Find &Next", lambda: self.search_panel.step(1), k.FindNext)
        self.find_prev_action = a("Find Pre&vious", lambda: self.search_panel.step(-1), k.FindPrevious)
        self.codebook_action = a("Code&book…", self.edit_codebook, "Ctrl+Shift+B")
        self.preferences_action = a("&Preferences…", self.edit_preferences, k.Preferences)
        self.review_open_action = a("Open for &Review…", self._choose_project_for_review)
        self.merge_action = a("&Merge a Colleague's Project…", lambda: self.sharing.choose_and_merge(), "Ctrl+Shift+M")
        self.conflicts_action = a("Merge &Conflicts…", lambda: ConflictDialog(self).exec())
        self.compare_action = a("Com&pare With…", lambda: compare_with_dialog(self))
        self.import_qdpx_action = a("&Import REFI-QDA Project…", lambda: self.interop.choose_qdpx())
        self.reanchored_action = a("Passages to &Check…", self.review_reanchored)
        self.cite_check_action = a("Cite-Check &Brief…", lambda: cite_check_with_dialog(self))
        self.getting_started_action = a("&Getting Started", lambda: GettingStarted(self).exec())
        self.sample_action = a("Open the &Sample Project", self._open_sample)
        self.keys_action = a("&Keyboard Shortcuts", lambda: KeysDialog(self).exec(), k.HelpContents)
        self.about_action = a("&About Exhibit Annotator", lambda: AboutDialog(self).exec())
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)  # macOS puts it in the application menu
        self.about_qt_action = a("About &Qt", QApplication.aboutQt)
        self.about_qt_action.setMenuRole(QAction.MenuRole.AboutQtRole)
        for action in self._project_actions():
            action.setEnabled(False)
        for action in self.link.actions:
            self.addAction(action)
        self.navigation = NavigationBar(self.current_view, self.zoom_out_action, self.zoom_in_action)
        self.navigation.addAction(self.find_action)
        self.page_box, self.page_total, self.zoom_box = (
            self.navigation.page_box,
            self.navigation.page_total,
            self.navigation.zoom_box,
        )
        self.tabs.page_changed.connect(self._page_changed)
        self.tabs.zoom_changed.connect(self.navigation.show_zoom)
        self.addToolBar(self.navigation)

    def show_icons(self) -> None:
        """The toolbar's icons, in the ink for the palette (again when the appearance changes)."""
        for action, name in ((self.zoom_in_action, "zoom-in"), (self.zoom_out_action, "zoom-out"),
                             (self.find_action, "find")):  # fmt: skip
            action.setIcon(action_icon(name))
        self.tagging.tag_action.setIcon(action_icon("tag"))
        self.tagging.area_action.setIcon(action_icon("area"))

    def _build_menus(self) -> None:
        t = self.tagging
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._menu("&File", [
            self.new_action, self.open_action, self.recent_menu, self.review_open_action, None, self.save_action,
            self.save_as_action, None, self.add_action, self.add_folder_action, self.ocr.action, self.export_action,
            self.cite_check_action,
            None, self.merge_action,
            self.conflicts_action, self.compare_action, self.import_qdpx_action, None, self.close_tab_action,
            self.close_project_action,
            None, self.quit_action,
        ])  # fmt: skip
        self._menu("&Edit", [
            *self.link.actions, None, t.copy_action, None, t.tag_action, t.note_action, t.star_action,
            t.delete_action, t.area_action, None, self.facts.from_selection_action, self.facts.from_annotations_action,
            None, self.codebook_action, self.preferences_action,
        ])  # fmt: skip
        self._menu("&Review", [*self.review.actions, None, self.reanchored_action, None, *self.designating.actions,
                                *self.designating.counter_actions, self.designating.other_action])  # fmt: skip
        self._menu("&View", [
            self.zoom_in_action, self.zoom_out_action, self.fit_width_action, self.fit_page_action, None,
            self.find_action, self.find_next_action, self.find_prev_action,
        ])  # fmt: skip
        self._menu("&Help", [self.getting_started_action, self.sample_action, self.keys_action, None,
                             self.about_action, self.about_qt_action])  # fmt: skip
        self.navigation.addSeparator()
        self.navigation.addAction(t.tag_action)
        self.navigation.addAction(t.area_action)
        self.show_icons()

    def _menu(self, title: str, entries: Sequence[QAction | QMenu | None]) -> QMenu:
        """A menu of the menu bar: actions, submenus, None for a separator."""
        menu = self.menuBar().addMenu(title)
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            elif isinstance(entry, QMenu):
                menu.addMenu(entry)
            else:
                menu.addAction(entry)
        return menu

    def _project_actions(self) -> list[QAction]:
        """What needs an open project."""
        return [self.save_action, self.save_as_action, self.add_action, self.add_folder_action, self.export_action,
                self.merge_action,
                self.conflicts_action, self.compare_action, self.import_qdpx_action, self.close_project_action,
                self.reanchored_action, self.cite_check_action]  # fmt: skip

    def _with_view(self, fn: Callable[[PageView], object]) -> None:
        view = self.current_view()
        if view is not None:
            fn(view)
