"""The main window: the project's exhibits on the left, the selected exhibit's first page on the right.

The frame of the app (the full reader and tagging come with their own issues). It calls the core for
everything: loading, checking exhibit files, and rendering (in a worker process).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
)

from ..core.brief import BriefOptions
from ..core.edits import default_author, exhibit_file
from ..core.errors import UserError
from ..core.exhibits import sha256_of
from ..core.export import Format
from ..core.model import Exhibit, Project
from ..core.rendering import page_width as exhibit_page_width
from ..core.store import load_project
from .export_dialog import ExportDialog, ExportRun
from .render import PageRenderer, ProcessWorker
from .settings import Settings

MIN_ZOOM, MAX_ZOOM = 0.5, 4.0


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.project: Project | None = None
        self.project_path: Path | None = None
        self.worker = ProcessWorker(self)
        self.renderer = PageRenderer(self.worker, self)
        self.renderer.rendered.connect(self._show_page)
        self.renderer.failed.connect(self._show_render_error)
        self._pending_ticket = 0
        self._zoom = 1.0

        self.exhibit_list = QListWidget()
        self.exhibit_list.setObjectName("exhibits")
        self.exhibit_list.currentItemChanged.connect(self._exhibit_selected)
        self.exhibit_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.exhibit_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.page_label = QLabel()
        self.page_label.setObjectName("page")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_label.setWordWrap(True)
        self.scroll = scroll = QScrollArea()
        scroll.setWidget(self.page_label)
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.exhibit_list)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 820])
        self.setCentralWidget(self.splitter)
        self.setAcceptDrops(True)
        self._build_menus()
        self._show_start_screen()
        self._restore_window_state()

    # --- menus ------------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open Project…", self, shortcut=QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._choose_project)
        file_menu.addAction(open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.export_action = QAction("&Export…", self, shortcut=QKeySequence("Ctrl+E"))
        self.export_action.setEnabled(False)
        self.export_action.triggered.connect(self.export_with_dialog)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

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

    # --- project ------------------------------------------------------------------------------------------
    def open_project(self, path: Path) -> bool:
        """Open ``path``; on failure show why and keep whatever was open."""
        try:
            project = load_project(path)
        except UserError as e:
            self.show_error("Cannot open project", str(e))
            return False
        self.project, self.project_path = project, path
        self.export_action.setEnabled(True)
        self.settings.add_recent_project(path)
        self.setWindowTitle(f"{project.case.name or path.stem} — Exhibit Annotator")
        self.exhibit_list.clear()
        for exhibit in project.exhibits:
            item = QListWidgetItem(self._exhibit_caption(exhibit, None))
            item.setData(Qt.ItemDataRole.UserRole, exhibit.id)
            self.exhibit_list.addItem(item)
            self._check_file(project, exhibit, item)
        if project.exhibits:
            self.exhibit_list.setCurrentRow(0)
        else:
            self.page_label.setText("This project has no exhibits yet. Add some with: exhibit-annotator add")
        return True

    def _check_file(self, project: Project, exhibit: Exhibit, item: QListWidgetItem) -> None:
        """Hash the exhibit's file in the worker (59 ms per 50 MB) and mark the item missing or changed."""
        assert self.project_path is not None
        path = exhibit_file(self.project_path, exhibit)
        if not path.exists():
            item.setText(self._exhibit_caption(exhibit, "⚠ missing"))
            return

        def done(digest: str) -> None:
            if self.project is project:  # still the same project
                item.setText(self._exhibit_caption(exhibit, None if digest == exhibit.sha256 else "⚠ changed"))

        self.worker.submit(
            sha256_of, path, on_done=done, on_error=lambda m: item.setText(self._exhibit_caption(exhibit, f"⚠ {m}"))
        )

    @staticmethod
    def _exhibit_caption(exhibit: Exhibit, problem: str | None) -> str:
        marks = [problem] if problem else []
        if exhibit.pages_without_text:
            marks.append("scan" if len(exhibit.pages_without_text) == exhibit.page_count else "partly scanned")
        suffix = f"  [{', '.join(marks)}]" if marks else ""
        return f"{exhibit.label} — {exhibit.title}\n{exhibit.page_count} pages{suffix}"

    def current_exhibit(self) -> Exhibit | None:
        item = self.exhibit_list.currentItem()
        if item is None or self.project is None:
            return None
        return self.project.exhibit(item.data(Qt.ItemDataRole.UserRole))

    def _exhibit_selected(self) -> None:
        exhibit = self.current_exhibit()
        if exhibit is None or self.project_path is None:
            return
        path = exhibit_file(self.project_path, exhibit)
        if not path.exists():
            self.page_label.setPixmap(QPixmap())
            self.page_label.setText(f"{exhibit.label}: the file {exhibit.path} is missing. Its annotations are kept.")
            return
        self.page_label.setText(f"Rendering {exhibit.label}…")
        # Fit the page's width to the view; device pixels so it stays sharp on high-DPI screens.
        width = max(self.scroll.viewport().width() - 24, 200)
        page_width = exhibit_page_width(path)
        self._zoom = min(max(width / page_width, MIN_ZOOM), MAX_ZOOM) if page_width else 1.0
        self._pending_ticket = self.renderer.request(path, 0, self._zoom * self.devicePixelRatioF())

    def _show_page(self, ticket: int, image: QImage) -> None:
        if ticket != self._pending_ticket:
            return
        self._paint_highlights(image, self._zoom * self.devicePixelRatioF())
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.page_label.setPixmap(pixmap)

    def _paint_highlights(self, image: QImage, scale: float) -> None:
        """The project's annotations on the first page, each in its first category's colour."""
        exhibit = self.current_exhibit()
        if exhibit is None or self.project is None:
            return
        painter = QPainter(image)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        for a in self.project.annotations_of(exhibit.id):
            colour = QColor(self.project.category(a.category_ids[0]).colour if a.category_ids else "#f4d03f")
            colour.setAlpha(110)
            for r in a.rects:
                if r.page == 0:
                    x0, y0, x1, y1 = (v * scale for v in r.rect)
                    painter.fillRect(QRectF(x0, y0, x1 - x0, y1 - y0), colour)
        painter.end()

    def _show_render_error(self, ticket: int, message: str) -> None:
        if ticket == self._pending_ticket:
            self.page_label.setPixmap(QPixmap())
            self.page_label.setText(message)

    def _show_start_screen(self) -> None:
        self.setWindowTitle("Exhibit Annotator")
        self.page_label.setText(
            "Open a project with File ▸ Open Project… (Ctrl+O), or create one on the command line:\n"
            'exhibit-annotator new case.json --case "…"'
        )

    # --- export -------------------------------------------------------------------------------------------
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

    def show_error(self, title: str, message: str) -> None:
        """A message box that names the file and the problem; tests read ``last_error``."""
        self.last_error = message
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("error")
        box.open()

    # --- drag and drop: a project file dropped on the window opens it --------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.toLocalFile().lower().endswith(".json") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.toLocalFile().lower().endswith(".json"):
                self.open_project(Path(url.toLocalFile()))
                break

    # --- window state -------------------------------------------------------------------------------------
    def _restore_window_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 800)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_value("window/geometry", self.saveGeometry())
        self.settings.set_value("window/splitter", self.splitter.saveState())
        self.settings.sync()
        self.worker.shutdown()
        super().closeEvent(event)
