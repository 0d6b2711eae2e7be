"""What the window's parts (tagging, sharing, review, the codebook editor, compare) may ask of the main window.

They are given the window typed as this base class, never ``MainWindow`` itself (an import-linter contract keeps
it so): a part sees the session link, the open exhibits and a few services, not the window's insides.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from ...core.model import Annotation, Exhibit, Project
from ...core.project.session import ProjectSession
from ..pages.exhibit_tabs import ExhibitTabs
from ..pages.page_view import PageView
from ..panels.annotations import AnnotationsPanel
from ..panels.designations import DesignationsPanel
from ..panels.facts import FactsPanel
from ..render import ProcessWorker
from ..session_link import SessionLink

T = TypeVar("T")
Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


class WindowApi(QMainWindow):
    link: SessionLink  # the door for every change, and the change records
    worker: ProcessWorker  # pages, hashing, adding, exporting
    tabs: ExhibitTabs
    annotations_panel: AnnotationsPanel
    facts_panel: FactsPanel
    designations_panel: DesignationsPanel

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
    def passwords(self) -> dict[str, str]:
        """Exhibit id → password typed this session (never stored)."""
        return self.link.session.passwords if self.link.session else {}

    def current_view(self) -> PageView | None:
        return self.tabs.current_view()

    def current_exhibit(self) -> Exhibit | None:
        exhibit_id = self.tabs.exhibit_of(self.tabs.current_view())
        return self.project.exhibit(exhibit_id) if exhibit_id and self.project else None

    def page_views(self) -> list[PageView]:
        return self.tabs.views()

    def open_exhibit(self, exhibit_id: str, page: int | None = None, zoom: float | None = None) -> None:
        self.tabs.open_exhibit(exhibit_id, page, zoom)

    def show_annotation(self, row: object) -> None:
        """Open the annotation's exhibit at its page and flash its highlight (``row``: a panel row or the
        annotation)."""
        annotation = getattr(row, "annotation", row)
        assert isinstance(annotation, Annotation)
        self.tabs.show_annotation(annotation)

    def make_action(self, text: str, slot: Callable[..., object], shortcut: Shortcut = None) -> QAction:
        """An action of the window (its shortcut works wherever the focus is in it)."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            # Toolbar buttons show it: the key as the platform writes it (Ctrl+T, ⌘T).
            native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({native})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def app_keys(self) -> dict[str, str]:
        """The window's own shortcuts, not the codebook's: key (as Qt writes it) → what it does. A codebook
        shortcut may not take one: a key bound twice is ambiguous, and does nothing."""
        keys = {}
        for action in self.actions():
            if not action.property("codebook"):
                for key in action.shortcuts():
                    keys[key.toString()] = action.text().replace("&", "")
        return keys

    def author(self) -> str:
        raise NotImplementedError

    def start_folder(self) -> Path:
        """Where file dialogs start (the project's folder; never the app's own)."""
        raise NotImplementedError

    def show_error(self, title: str, message: str) -> None:
        raise NotImplementedError

    def choose_and_load(self, title: str, filter: str, load: Callable[[Path], T]) -> tuple[Path, T] | None:
        raise NotImplementedError
