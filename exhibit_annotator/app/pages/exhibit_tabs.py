"""The open exhibits, a tab each: opening one (its first page rendered in the worker in one trip, a password asked
once per session), closing, revealing a passage, search hits and highlights on its pages, and following the
project's change records (tabs of exhibits that went are closed, labels follow)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QTabBar, QTabWidget, QWidget

from ...core.model import Annotation, Exhibit
from ...core.pdf.confinement import agree, exhibit_file, may_read
from ...core.pdf.exhibits import PasswordRequired
from ...core.pdf.ocr import ocr_source
from ...core.pdf.rendering import OpenedDocument, document_info, open_for_view, pixel_bytes
from ...core.pdf.search import Hit
from ...core.project.session import Change, ProjectSession
from ..render import ProcessWorker
from .highlights import Highlight, plain_tooltip, search_highlights
from .page_view import PageView
from .start import StartScreen

FLASH_MS = 1200


@dataclass
class _Tab:
    exhibit_id: str
    view: PageView
    reveal: Annotation | None = None  # to show once the document is in


def ask_password(parent: QWidget, name: str, wrong: bool = False) -> str | None:
    """Once per session; the password is never stored."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("password")
    dialog.setWindowTitle("Password")
    prefix = "Wrong password. " if wrong else ""
    dialog.setLabelText(f"{prefix}{name} is encrypted. Password:")
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    return dialog.textValue() if dialog.exec() else None


class ExhibitTabs(QTabWidget):
    current_view_changed = Signal(object)  # PageView | None: the tab shown, or its document, changed
    page_changed = Signal(int)  # of the current tab
    zoom_changed = Signal(float)  # of the current tab
    locate_requested = Signal(object)  # Exhibit whose file is missing
    file_agreed = Signal(str)  # exhibit id: the user agreed to read its file outside the project's folder
    link_clicked = Signal(str)  # an external link on a page: the window asks before anything opens
    context_requested = Signal(object, QPoint)  # right-click on a page: its view, where (viewport coordinates)
    hint = Signal(str)  # a page's advice for the status bar

    def __init__(
        self,
        worker: ProcessWorker,
        session: Callable[[], ProjectSession | None],
        highlights: Callable[[str, list[Annotation] | None], list[Highlight]],
        show_error: Callable[[str, str], None],
    ) -> None:
        super().__init__()
        self.worker, self._session, self._highlights, self._show_error = worker, session, highlights, show_error
        self._tabs: list[_Tab] = []
        self.area_mode = False
        self.hits: list[Hit] = []
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setDocumentMode(True)
        self.tabCloseRequested.connect(self.close_tab)
        self.currentChanged.connect(lambda _: self.current_view_changed.emit(self.current_view()))
        self.placeholder = StartScreen()
        self._closing_all = False

    # --- what is open ---------------------------------------------------------------------------------------------
    def views(self) -> list[PageView]:
        return [t.view for t in self._tabs]

    def current_view(self) -> PageView | None:
        widget = self.currentWidget()
        return widget if isinstance(widget, PageView) else None

    def _relay(self, view: PageView, signal: SignalInstance, value: object) -> None:
        if view is self.current_view():  # a tab in the background scrolled or zoomed: not the toolbar's business
            signal.emit(value)

    def exhibit_of(self, view: QWidget | None) -> str | None:
        return next((t.exhibit_id for t in self._tabs if t.view is view), None)

    def show_start(self, message: str | None, recent: list[Path], titles: dict[Path, str] | None = None) -> None:
        """The start screen, when no exhibit is open; it has no close button (closing it left a grey void)."""
        self.placeholder.show_state(message, recent, titles)
        self._show_placeholder()

    def _show_placeholder(self) -> None:
        if self.indexOf(self.placeholder) < 0 and not self._tabs:
            index = self.addTab(self.placeholder, "Start")
            for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
                if self.tabBar().tabButton(index, side) is not None:
                    self.tabBar().setTabButton(index, side, None)

    def reload_texts(self, exhibit_id: str) -> None:
        """The exhibit's scanned pages have been read (OCR): its views fetch their page texts again."""
        session = self._session()
        for tab in self._tabs:
            if tab.exhibit_id == exhibit_id and session is not None:
                self._text_source(tab.view, session, session.project.exhibit(exhibit_id))
                tab.view.reload_texts()

    @staticmethod
    def _text_source(view: PageView, session: ProjectSession, exhibit: Exhibit) -> None:
        """Where the view's page texts come from: the file, the project's OCR of its scans, and what the exhibit
        leaves out of them (its running headers and footers)."""
        view.ocr = ocr_source(session.path, exhibit)
        view.heads = exhibit.heads_left_out

    # --- opening --------------------------------------------------------------------------------------------------
    def open_exhibit(self, exhibit_id: str, page: int | None = None, zoom: float | None = None) -> None:
        """Show an exhibit in its tab (opening it first); asks for a password or a moved file when needed."""
        session = self._session()
        if session is None:
            return
        for tab in self._tabs:
            if tab.exhibit_id == exhibit_id:
                self.setCurrentWidget(tab.view)
                if page is not None:
                    tab.view.go_to_page(page)
                return
        exhibit = session.project.exhibit(exhibit_id)
        path = exhibit_file(session.path, exhibit)
        if not path.exists():
            self.locate_requested.emit(exhibit)
            return
        if not may_read(session.path, path) and not self._agree_to_read(exhibit, path):
            return
        # The tab first, so that its size is known and the window lays it out while the worker opens the file
        # and renders the page it will show, at the zoom it will show it, in one round trip.
        view = PageView(self.worker)
        view.setObjectName(f"view-{exhibit.label}")
        view.setAccessibleName(f"Pages of {exhibit.label}")
        view.current_page_changed.connect(lambda page: self._relay(view, self.page_changed, page))
        view.zoom_changed.connect(lambda zoom: self._relay(view, self.zoom_changed, zoom))
        view.link_to_uri.connect(self.link_clicked)
        view.hint.connect(self.hint)
        view.area_mode = self.area_mode
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda pos, v=view: self.context_requested.emit(v, pos))
        self._tabs.append(_Tab(exhibit.id, view))
        if (start := self.indexOf(self.placeholder)) >= 0:
            self.removeTab(start)
        index = self.addTab(view, exhibit.label)
        self.setTabToolTip(index, plain_tooltip(f"{exhibit.label} — {exhibit.title}"))
        for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
            if (close := self.tabBar().tabButton(index, side)) is not None:
                close.setAccessibleName(f"Close {exhibit.label}")
        self.setCurrentIndex(index)
        if zoom is not None:
            view.fit = None
            view.zoom = zoom
        request = view.view_request(page or 0)
        self.worker.render(
            open_for_view, str(path), request, session.passwords.get(exhibit_id),
            # The page's size is not known yet: room for a portrait page as wide as the view.
            size=pixel_bytes(request.width, request.width * 1.5, request.device_pixel_ratio),
            on_done=lambda opened, image: self._opened(session, exhibit, view, path, opened, image, page),
            on_error=lambda error: self._failed(session, exhibit, view, error, page, zoom),
        )  # fmt: skip

    def _failed(
        self, session: ProjectSession, exhibit: Exhibit, view: PageView, error: Exception, page: int | None,
        zoom: float | None,
    ) -> None:  # fmt: skip
        if view not in self.views():
            return  # closed meanwhile
        self.close_tab(self.indexOf(view))
        if isinstance(error, PasswordRequired):
            name = f"{exhibit.label} ({exhibit.file_name})"
            password = ask_password(self, name, wrong=exhibit.id in session.passwords)
            if password is not None:
                session.passwords[exhibit.id] = password
                self.open_exhibit(exhibit.id, page, zoom)
            return
        self._show_error("Cannot open exhibit", str(error))

    def _opened(
        self, session: ProjectSession, exhibit: Exhibit, view: PageView, path: Path, opened: OpenedDocument,
        image: QImage, page: int | None,
    ) -> None:  # fmt: skip
        if view not in self.views():
            return  # the tab was closed, or another project opened, meanwhile
        password = session.passwords.get(exhibit.id)
        self._text_source(view, session, exhibit)
        view.set_document(path, opened.info, password, (opened.first, image))
        view.highlights = self._highlights(exhibit.id, None)
        view.search_hits = search_highlights(self.hits, exhibit.id)
        if page:
            view.go_to_page(page)
        tab = next(t for t in self._tabs if t.view is view)
        if tab.reveal is not None:
            self._reveal(view, tab.reveal)
            tab.reveal = None
        if view is self.current_view():
            # The page now, before the window relays out its toolbar and page box for the new tab (~1 ms).
            view.viewport().repaint()
        self.current_view_changed.emit(self.current_view())
        # Every page's real size, asked once the first page is on screen so that it never waits before it.
        self.worker.submit(
            document_info, str(path), password,
            on_done=lambda full: self._geometry(view, full),
            on_error=lambda error: self._show_error("Cannot read exhibit", str(error)),
        )  # fmt: skip

    def _geometry(self, view: PageView, full: object) -> None:
        if view in self.views():
            view.set_geometry(full)  # type: ignore[arg-type]
            self.current_view_changed.emit(self.current_view())

    # --- closing --------------------------------------------------------------------------------------------------
    def close_tab(self, index: int) -> None:
        widget = self.widget(index)
        if widget is None or widget is self.placeholder:
            return  # the start screen stays until an exhibit opens
        self._tabs = [t for t in self._tabs if t.view is not widget]
        self.removeTab(index)
        if isinstance(widget, PageView):
            widget.close_document()
        widget.deleteLater()
        if not self._tabs:
            if not self._closing_all:
                self._show_placeholder()  # the last exhibit closed: back to the start screen
            self.current_view_changed.emit(None)

    def close_all(self) -> None:
        """Every tab, the start screen too (another project is about to open, or ``show_start`` follows)."""
        self._closing_all = True
        try:
            while self.count():
                if self.widget(0) is self.placeholder:
                    self.removeTab(0)
                else:
                    self.close_tab(0)
        finally:
            self._closing_all = False

    # --- following the project ----------------------------------------------------------------------------------------
    def show_change(self, change: Change) -> None:
        """Tabs of exhibits no longer in the project close; labels follow; highlights are redrawn on the
        exhibits the change names (all of them for a codebook change: colours and names)."""
        session = self._session()
        if session is None:
            return
        if change.project or change.exhibits:
            known = {e.id: e for e in session.project.exhibits}
            for tab in [t for t in self._tabs if t.exhibit_id not in known]:
                self.close_tab(self.indexOf(tab.view))
            for tab in self._tabs:
                exhibit, index = known[tab.exhibit_id], self.indexOf(tab.view)
                if tab.view.heads != exhibit.heads_left_out:  # running headers kept in the text, or left out again
                    self._text_source(tab.view, session, exhibit)
                    tab.view.reload_texts()
                self.setTabText(index, exhibit.label)
                self.setTabToolTip(index, plain_tooltip(f"{exhibit.label} — {exhibit.title}"))
            # An exhibit whose file was replaced (or its replacement undone): show the file it has now.
            shown = self.exhibit_of(self.current_view())
            stale = [
                t for t in self._tabs if t.view.path not in (None, exhibit_file(session.path, known[t.exhibit_id]))
            ]
            for tab in stale:
                page = tab.view.current_page
                self.close_tab(self.indexOf(tab.view))
                self.open_exhibit(tab.exhibit_id, page)
            if stale and shown is not None:
                self.open_exhibit(shown)  # the tab that was in front stays in front
        project = session.project
        for tab in self._tabs:
            if change.project or change.codebook or (tab.exhibit_id in change.pages_of and not change.annotations):
                tab.view.highlights = self._highlights(tab.exhibit_id, None)
            elif tab.exhibit_id in change.pages_of:
                # Only the highlights of the annotations the change named are made again.
                named = {str(i) for i in change.annotations}
                now = [a for i in change.annotations if (a := project.annotation_by_id(i)) is not None]
                kept = [h for h in tab.view.highlights if h.annotation_id not in named]
                tab.view.highlights = kept + self._highlights(
                    tab.exhibit_id, [a for a in now if a.exhibit_id == tab.exhibit_id]
                )
            else:
                continue
            tab.view.viewport().update()

    def _agree_to_read(self, exhibit: Exhibit, path: Path) -> bool:
        """A file outside the project's folder that was not chosen on this machine (a colleague's project may name
        any file): read only if the user agrees, and then remembered for this file."""
        box = QMessageBox(
            QMessageBox.Icon.Question, "Read a file outside the project's folder?",
            f"{exhibit.label}'s file is outside this project's folder:\n{path.resolve()}\n\nA project received "
            "from someone else can name any file on this computer. Read this one?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self,
        )  # fmt: skip
        box.setObjectName("read-outside")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        agree(path)
        self.file_agreed.emit(exhibit.id)
        return True

    def show_hits(self, hits: list[Hit]) -> None:
        self.hits = hits
        for tab in self._tabs:
            tab.view.search_hits = search_highlights(hits, tab.exhibit_id)
            tab.view.viewport().update()

    def show_hit(self, hit: Hit) -> None:
        tab = next((t for t in self._tabs if t.exhibit_id == hit.exhibit_id), None)
        if tab is None:
            self.open_exhibit(hit.exhibit_id, hit.page)
            return
        self.setCurrentWidget(tab.view)
        tab.view.go_to_page(hit.page, hit.rects[0][1] if hit.rects else None)

    def show_annotation(self, annotation: Annotation) -> None:
        """Open the annotation's exhibit at its page and flash its highlight."""
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
        QTimer.singleShot(FLASH_MS, view, lambda: self._unflash(view))

    @staticmethod
    def _unflash(view: PageView) -> None:
        view.flashed = []
        view.viewport().update()

    # --- state kept between runs --------------------------------------------------------------------------------------
    def state(self) -> list[tuple[str, int, float, str | None]]:
        """Each tab in order: exhibit id, page, zoom, fit mode."""
        out = []
        for i in range(self.count()):
            exhibit_id = self.exhibit_of(self.widget(i))
            view = self.widget(i)
            if exhibit_id is not None and isinstance(view, PageView):
                out.append((exhibit_id, view.current_page, view.zoom, view.fit))
        return out
