"""The Redactions panel: text that black boxes or dark highlights hide from the eye but not from copy and search.

Every exhibit is checked when the project opens and when one is added or its file replaced, in the worker, a few
pages per job (``core.pdf.redactions.CHUNK``) so that page renders queued meanwhile never wait long. Results are kept
by file (SHA-256): for the session, and in the page index across launches (``core.pdf.redactions.keep_check``),
so reopening a checked case reads no page. The panel lists each box and what can be read under it; a double click
opens the page with the boxes outlined. The rule of what counts is the core's (``core.pdf.redactions``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from ...core.model import Project
from ...core.pdf.redactions import CHUNK, Checked, Finding, check_exhibit_pages, keep_check
from ...core.project.session import Change
from ..pages.highlights import Highlight, plain_tooltip
from ..render import ProcessWorker
from ..tables import read_only_table

COLUMNS = ["Exhibit", "Page", "Hidden by", "Text that can be read under it"]
BOX_COLOUR = QColor(200, 0, 0)


@dataclass
class _Check:
    exhibit_id: str
    project_path: Path
    label: str
    stored: str  # the exhibit's path in the project file
    password: str | None
    findings: list[Finding] = field(default_factory=list)
    next_page: int = 0
    sha256: str = ""  # the file's, as the worker read it (the first part says)


class RedactionsPanel(QWidget):
    box_chosen = Signal(str, int, object)  # exhibit id, page, rect (unrotated page space)
    checked = Signal(str)  # exhibit id: its check has finished
    shown = Signal()  # what the panel shows changed: every other warning (the tab, the exhibit list) follows it

    def __init__(self, worker: ProcessWorker) -> None:
        super().__init__()
        self.setObjectName("redactions")
        self.worker = worker
        self.project: Project | None = None
        self.results: dict[str, list[Finding]] = {}  # SHA-256 → findings: what a finished check found
        self.counts: dict[str, int] = {}  # exhibit id → boxes hiding text, for the exhibits checked: as shown now
        self._running: dict[str, _Check] = {}  # SHA-256 → the check under way
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = read_only_table(COLUMNS, (70, 45, 80))
        self.table.setAccessibleName("Bad redactions")
        self.table.verticalHeader().setVisible(False)
        self.table.itemActivated.connect(self._activated)
        self.table.itemDoubleClicked.connect(self._activated)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.summary)
        column.addWidget(self.table, 1)
        self._show()

    # --- checking -------------------------------------------------------------------------------------------
    def show_change(
        self, change: Change, project: Project | None, path: Path | None, passwords: dict[str, str]
    ) -> None:
        """Check the exhibits the change brings in (all of them for a new project) whose file is not known yet."""
        if change.project or project is not self.project:
            self.worker.cancel(self)
            self._running.clear()
            self.project = project
        if project is None or path is None:
            self._show()
            return
        wanted = {e.id for e in project.exhibits} if change.project else set(change.exhibits)
        for exhibit in project.exhibits:
            if exhibit.id in wanted and exhibit.sha256 not in self.results and exhibit.sha256 not in self._running:
                # The worker finds the file and reads it only if it may (a missing or outside one is an error
                # there, which the exhibit list explains): no path resolved here for every exhibit at open.
                check = _Check(exhibit.id, path, exhibit.label, exhibit.path, passwords.get(exhibit.id))
                self._running[exhibit.sha256] = check
                self._submit(exhibit.sha256, check)
        self._show()

    def _submit(self, sha256: str, check: _Check) -> None:
        start = check.next_page
        self.worker.submit(
            check_exhibit_pages, check.project_path, check.label, check.stored, check.password, start, start + CHUNK,
            on_done=lambda result: self._chunk_done(sha256, check, result),
            on_error=lambda _error: self._stop(sha256, check),  # unreadable or locked: the exhibit list says why
            owner=self, background=True,
        )  # fmt: skip

    def _chunk_done(self, sha256: str, check: _Check, result: Checked) -> None:
        if self._running.get(sha256) is not check:
            return  # the project changed meanwhile
        check.findings += result.findings
        check.sha256 = result.sha256 or check.sha256
        check.next_page += CHUNK
        if check.next_page < result.pages and not result.kept:
            self._submit(sha256, check)
            return
        del self._running[sha256]
        self.results[sha256] = check.findings
        if not result.kept and check.sha256:  # kept for the next launch, by the hash of the file that was read
            self.worker.submit(keep_check, check.sha256, result.pages, check.findings, on_done=lambda _: None,
                               on_error=lambda _: None, owner=self, background=True)  # fmt: skip
        self._show()
        self.checked.emit(check.exhibit_id)

    def _stop(self, sha256: str, check: _Check) -> None:
        if self._running.get(sha256) is check:
            del self._running[sha256]
            self._show()

    # --- what the window shows ------------------------------------------------------------------------------
    def findings(self, exhibit_id: str) -> list[Finding] | None:
        """What the check found in an exhibit's file; None while it is not checked."""
        if self.project is None:
            return None
        exhibit = next((e for e in self.project.exhibits if e.id == exhibit_id), None)
        return self.results.get(exhibit.sha256) if exhibit is not None else None

    def outlines(self, exhibit_id: str) -> list[Highlight]:
        return [
            Highlight(f.page, f.rect, BOX_COLOUR, plain_tooltip(f"{f.kind} over: {f.text}"))
            for f in self.findings(exhibit_id) or []
        ]

    def _show(self) -> None:
        rows: list[tuple[str, Finding]] = []
        self.counts = {}
        for exhibit in self.project.exhibits if self.project else []:
            found = self.results.get(exhibit.sha256)
            if found is not None:
                self.counts[exhibit.id] = len(found)
                rows += [(exhibit.id, f) for f in found]
        checked = len(self.counts)
        self.table.setRowCount(len(rows))
        labels = {e.id: e.label for e in self.project.exhibits} if self.project else {}
        for row, (exhibit_id, f) in enumerate(rows):
            cells = [labels[exhibit_id], str(f.page + 1), f.kind, f.text]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (exhibit_id, f.page, f.rect))
                item.setToolTip(plain_tooltip(text))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        total = len(self.project.exhibits) if self.project else 0
        exhibits = len({exhibit_id for exhibit_id, _ in rows})
        if self.project is None:
            text = "Open a project to check its exhibits for bad redactions."
        elif rows:
            text = (f"⚠ {len(rows)} box(es) in {exhibits} exhibit(s) hide text that can still be copied or searched. "
                    "Double-click one to see it.")  # fmt: skip
        else:
            text = f"No bad redactions in the {checked} exhibit(s) checked."
        if self._running:
            text += f" Checking {len(self._running)} more…"
        elif checked < total:
            text += f" {total - checked} could not be read."
        self.summary.setText(text)
        self.shown.emit()

    def _activated(self, item: QTableWidgetItem) -> None:
        exhibit_id, page, rect = item.data(Qt.ItemDataRole.UserRole)
        self.box_chosen.emit(exhibit_id, page, rect)
