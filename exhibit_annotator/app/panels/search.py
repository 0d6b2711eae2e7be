"""The search panel: query, scope, results with page and the words around each hit; Enter/F3 step through them.

Searches run in their own worker process (``core.jobs.search_job``), which keeps the folded page text between
searches; a new search or Cancel stops the running one.
"""

from __future__ import annotations

import shutil
import tempfile
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.jobs import JobFiles, search_job, searched
from ...core.model import Project, pinpoint
from ...core.pdf.search import Hit
from ..pages.highlights import plain_tooltip
from ..pages.reading_order import ReadingOrder, starts_rtl
from ..render import ProcessWorker

RTL_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchPanel(QWidget):
    hit_chosen = Signal(object)  # Hit
    hits_changed = Signal(list)  # all hits of the last search

    def __init__(self, worker: ProcessWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.project: Project | None = None
        self.project_path: Path | None = None
        self.current_exhibit: str | None = None
        self.passwords: dict[str, str] = {}
        self.hits: list[Hit] = []
        self.searching = False
        self._job: JobFiles | None = None
        self._serial = 0

        self.query = QLineEdit()
        self.query.setAccessibleName("Search the exhibits")
        self.query.setPlaceholderText("Search (case-insensitive)")
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search_or_next)
        self.scope = QComboBox()
        self.scope.addItem("This exhibit", "exhibit")
        self.scope.addItem("All exhibits", "project")
        self.match_case = QCheckBox("Match case")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.status = QLabel("")
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setItemDelegate(ReadingOrder(self.results, RTL_ROLE))
        self.results.setWordWrap(True)
        self.results.currentRowChanged.connect(self._chosen)
        self.results.itemActivated.connect(lambda item: self._chosen(self.results.row(item)))
        row = QHBoxLayout()
        row.addWidget(self.scope)
        row.addWidget(self.match_case)
        row.addStretch()
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.query)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.results)

    def set_project(self, project: Project, path: Path, passwords: dict[str, str]) -> None:
        """``passwords``: the session's own (typed this session), read at each search."""
        self.project, self.project_path, self.passwords = project, path, passwords
        self.clear()

    def clear(self) -> None:
        self.hits = []
        self.results.clear()
        self.status.setText("")
        self.hits_changed.emit([])

    def search_or_next(self) -> None:
        """Enter: search for a new query, or step to the next hit of the same one."""
        if self.hits and self.results.count() and self.query.text() == getattr(self, "_last_query", None):
            self.step(1)
        else:
            self.search()

    def search(self) -> None:
        if self.project is None or self.project_path is None or not self.query.text().strip():
            return
        self.cancel()
        self._serial += 1
        serial = self._serial
        self._job = JobFiles(Path(tempfile.mkdtemp(prefix="search-")))
        self._last_query = self.query.text()
        exhibits = [self.current_exhibit] if self.scope.currentData() == "exhibit" and self.current_exhibit else None
        self.searching = True
        self.cancel_button.setEnabled(True)
        self.status.setText("Searching…")
        self.worker.submit(
            search_job, searched(self.project), self.project_path, self.query.text(), exhibits,
            not self.match_case.isChecked(), dict(self.passwords), self._job,
            on_done=partial(self._done, serial),
            on_error=partial(self._failed, serial),
        )  # fmt: skip

    def cancel(self) -> None:
        if self._job is not None and self.searching:
            self._job.cancel.touch()

    def _finished(self) -> bool:
        """Tidy up a finished search's files; whether it was cancelled."""
        self.searching = False
        self.cancel_button.setEnabled(False)
        if self._job is None:
            return False
        cancelled = self._job.cancel.exists()
        shutil.rmtree(self._job.folder, ignore_errors=True)
        return cancelled

    def _done(self, serial: int, result: tuple[list[Hit], dict[str, str]]) -> None:
        if serial != self._serial:
            return
        cancelled = self._finished()
        hits, skipped = result
        self.hits = hits
        self.results.clear()
        for hit in hits:
            # The words around the hit in a first-strong isolate (U+2068 … U+2069): an Arabic snippet then reads
            # right to left inside the left-to-right "Ex. 3 at 1:" row instead of being reordered around it.
            snippet = f"\u2068…{hit.before}{hit.text}{hit.after}…\u2069"
            item = QListWidgetItem(f"{pinpoint(hit.label, hit.page)}: {snippet}")
            item.setData(RTL_ROLE, starts_rtl(hit.before + hit.text))  # an Arabic hit's row reads right to left
            item.setToolTip(plain_tooltip(hit.context))  # the PDF's text
            self.results.addItem(item)
        pages = len({(h.exhibit_id, h.page) for h in hits})
        text = f"{len(hits)} hit(s) on {pages} page(s)" + (" (cancelled)" if cancelled else "")
        if skipped and self.project is not None:
            labels = ", ".join(self.project.exhibit(k).label for k in skipped)
            text += f"; not searched: {labels}"
        self.status.setText(text)
        self.hits_changed.emit(hits)
        if hits:
            self.results.setCurrentRow(0)

    def _failed(self, serial: int, error: Exception) -> None:
        if serial == self._serial:
            self._finished()
            self.status.setText(f"Search failed: {error}")

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.hits):
            self.hit_chosen.emit(self.hits[row])

    def step(self, delta: int) -> None:
        """F3 / Shift+F3."""
        if not self.hits:
            return
        row = (self.results.currentRow() + delta) % len(self.hits)
        self.results.setCurrentRow(row)
        self._chosen(row)

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()
