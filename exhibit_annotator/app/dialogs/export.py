"""File ▸ Export…: the brief's options as a dialog, and the export run in the worker process with progress.

The dialog only gathers ``BriefOptions``; the core builds and writes the brief (``core.export``), in the worker
process so the window stays responsive, reporting progress and taking cancellation through ``core.jobs``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.brief.brief import BriefOptions, ExportCancelled, Order
from ...core.brief.citations import STYLE_NAMES, CiteStyle
from ...core.errors import UserError
from ...core.export import Exported, Format
from ...core.export.produced import BatesOverlap, Numbers, Production, bates_plan, describe_plan
from ...core.export.stamps import Position
from ...core.jobs import JobFiles, export_job
from ...core.model import Project, ReviewStatus
from ..fitting import fit, scrolling
from ..render import ProcessWorker

FORMATS = [
    (Format.docx, "Word brief (.docx)", "Word documents (*.docx)"),
    (Format.pdf, "PDF brief (.pdf)", "PDF files (*.pdf)"),
    (Format.md, "Markdown brief (.md)", "Markdown (*.md)"),
    (Format.csv, "Annotations as CSV (.csv)", "CSV files (*.csv)"),
    (Format.jsonld, "W3C Web Annotations (.jsonld)", "JSON-LD (*.jsonld)"),
    (Format.qdpx, "REFI-QDA project for QDA tools (.qdpx)", "REFI-QDA projects (*.qdpx)"),
    (
        Format.chronology,
        "Chronology of the facts (.docx, .pdf, .csv)",
        "Word documents (*.docx);;PDF files (*.pdf);;CSV files (*.csv)",
    ),
    (
        Format.facts_statement,
        "Statement of undisputed material facts (.docx, .pdf)",
        "Word documents (*.docx);;PDF files (*.pdf)",
    ),
    (Format.annotated, "Annotated exhibit PDFs (folder)", ""),
    (Format.produced, "Produced copies: Bates-stamped exhibit PDFs (folder)", ""),
]
FOLDER_FORMATS = (Format.annotated, Format.produced)


def _checklist(items: list[tuple[str, str]]) -> QListWidget:
    widget = QListWidget()
    for key, label in items:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        widget.addItem(item)
    widget.setMaximumHeight(110)
    return widget


def _checked(widget: QListWidget) -> set[str] | None:
    """The checked keys, or None when all are checked (no filter)."""
    keys = {
        widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    }
    return None if len(keys) == widget.count() else keys


class ExportDialog(QDialog):
    def __init__(
        self, project: Project, prepared_by: str = "", parent: QWidget | None = None, *, template: str = "",
        cite_style: str = "",
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setMinimumWidth(520)
        self.format = QComboBox()
        for fmt, label, _ in FORMATS:
            self.format.addItem(label, fmt)
        self.title = QLineEdit("Exhibit Brief")
        self.prepared_by = QLineEdit(prepared_by)
        self.order = QComboBox()
        self.order.addItem("By claim category", Order.category)
        self.order.addItem("By exhibit", Order.exhibit)
        self.cite = QComboBox()
        for style, name in STYLE_NAMES.items():
            self.cite.addItem(name, style)
        self.cite.setCurrentIndex(max(self.cite.findData(cite_style), 0))
        self.id_cites = QCheckBox("“Id.” for a cite to the exhibit just cited")
        self.short_forms = QCheckBox("Short forms after an exhibit's first cite")
        self.template = QLineEdit(template)
        self.template.setPlaceholderText("the firm's Word template (.dotx, .docx): optional")
        self.template.setClearButtonEnabled(True)
        self.template.setAccessibleName("Word template")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._choose_template)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(browse)
        self.template_row = QWidget()
        self.template_row.setLayout(template_row)
        template_row.setContentsMargins(0, 0, 0, 0)
        self.review = QCheckBox("Review status and the reviewer's comments")
        self.key = QCheckBox("Mark key passages")
        self.key.setChecked(True)
        self.notes = QCheckBox("Notes")
        self.notes.setChecked(True)
        self.authors = QCheckBox("Who tagged each passage")
        self.callouts = QCheckBox("Image of each passage (callout)")
        self.stamp = QCheckBox("EXHIBIT sticker on annotated and produced PDFs")
        self.categories = _checklist([(c.id, c.name) for c in project.codebook])
        self.exhibits = _checklist([(e.id, f"{e.label} — {e.title}") for e in project.exhibits])
        self.statuses = _checklist([(s.value, s.words) for s in ReviewStatus])
        names = sorted({a.author for a in project.annotations})
        self.author_filter = _checklist([(n, n or "(no author)") for n in names])

        # Produced copies: exhibits keep the Bates numbers set in their details; the others continue after the
        # highest in use (``produced.bates_plan``), and the ranges are shown before anything is stamped.
        self.project = project
        self.bates_prefix = QLineEdit(next((e.bates_prefix for e in project.exhibits if e.bates_prefix), ""))
        self.bates_prefix.setPlaceholderText("e.g. META- (empty: no Bates numbers)")
        self.bates_start = QSpinBox()
        self.bates_start.setRange(0, 2_000_000_000)
        self.bates_start.setValue(1)
        self.bates_start.setToolTip("The first number for exhibits that have none (after any number in use)")
        self.bates_ranges = QLabel()
        self.bates_ranges.setObjectName("bates-ranges")
        self.bates_ranges.setWordWrap(True)
        self.bates_ranges.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bates_digits = QSpinBox()
        self.bates_digits.setRange(1, 12)
        self.bates_digits.setValue(6)
        self.bates_position = QComboBox()
        for position in Position:
            self.bates_position.addItem(position.value.replace("-", " ").capitalize(), position)
        self.legend = QCheckBox("Each exhibit's confidentiality legend")
        self.legend.setChecked(True)
        self.case_number = QCheckBox("Case number on the EXHIBIT sticker")
        bates = QHBoxLayout()
        bates.addWidget(self.bates_prefix, 2)
        bates.addWidget(QLabel("new from"))
        bates.addWidget(self.bates_start, 1)
        bates.addWidget(QLabel("digits"))
        bates.addWidget(self.bates_digits)
        self.production_box = QGroupBox("Produced copies")
        production = QFormLayout(self.production_box)
        production.addRow("Bates prefix", bates)
        production.addRow("Ranges", self.bates_ranges)
        production.addRow("Position", self.bates_position)
        production.addRow("", self.legend)
        production.addRow("", self.case_number)
        self.format.currentIndexChanged.connect(self._format_changed)

        include = QVBoxLayout()
        for box in (self.notes, self.authors, self.review, self.key, self.callouts, self.stamp):
            include.addWidget(box)
        cites = QVBoxLayout()
        cites.addWidget(self.cite)
        cites.addWidget(self.id_cites)
        cites.addWidget(self.short_forms)
        # Two columns, what to write and what to take, so that the dialog fits a 768-pixel laptop screen.
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Title", self.title)
        form.addRow("Prepared by", self.prepared_by)
        form.addRow("Order", self.order)
        form.addRow("Citations", cites)
        form.addRow("Word template", self.template_row)
        form.addRow("Include", include)
        filters = QFormLayout()
        filters.addRow("Categories", self.categories)
        filters.addRow("Exhibits", self.exhibits)
        filters.addRow("Authors", self.author_filter)
        filters.addRow("Review status", self.statuses)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = QPushButton("Export…")
        self.export_button.setDefault(True)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.production_box)
        left.addStretch()
        columns.addLayout(left, 3)
        columns.addLayout(filters, 2)
        self.body = scrolling(columns, "Export choices")
        layout.addWidget(self.body, 1)
        for changed in (self.bates_prefix.textChanged, self.bates_start.valueChanged, self.bates_digits.valueChanged,
                        self.exhibits.itemChanged):  # fmt: skip
            changed.connect(self._show_ranges)
        self._format_changed()
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(buttons)
        layout.addLayout(row)

    def showEvent(self, event: QShowEvent) -> None:
        fit(self, self.body)
        super().showEvent(event)

    def selected_format(self) -> Format:
        return Format(self.format.currentData())

    def _format_changed(self) -> None:
        produced = self.selected_format() is Format.produced
        self.production_box.setVisible(produced)
        # Produced copies are the exhibits themselves: what the brief quotes and how does not apply.
        brief_only = (self.title, self.prepared_by, self.order, self.cite, self.notes, self.authors, self.callouts,
                      self.categories, self.author_filter, self.statuses, self.id_cites, self.short_forms, self.review,
                      self.key)  # fmt: skip
        for widget in brief_only:
            widget.setEnabled(not produced)
        self.template_row.setEnabled(self.selected_format() is Format.docx)
        self._show_ranges()
        fit(self, self.body)

    def _show_ranges(self) -> None:
        """Each exhibit's Bates range as the production would stamp it, before anything is stamped."""
        overlap = False
        try:
            lines = describe_plan(self.project, bates_plan(self.project, self.production(), _checked(self.exhibits)))
        except UserError as e:
            lines, overlap = [str(e)], isinstance(e, BatesOverlap)
        shown = lines[:6] + ([f"… and {len(lines) - 6} more"] if len(lines) > 6 else [])
        self.bates_ranges.setText("\n".join(shown) if shown else "No Bates numbers (give a prefix)")
        self.export_button.setEnabled(not overlap)

    def production(self) -> Production:
        return Production(
            bates_prefix=self.bates_prefix.text().strip() or None,
            bates_start=self.bates_start.value(),
            bates_digits=self.bates_digits.value(),
            position=Position(self.bates_position.currentData()),
            legend=self.legend.isChecked(),
            exhibit_stamp=self.stamp.isChecked(),
            case_number=self.case_number.isChecked(),
        )

    def options(self) -> BriefOptions:
        statuses = _checked(self.statuses)
        return BriefOptions(
            title=self.title.text().strip() or "Exhibit Brief",
            prepared_by=self.prepared_by.text().strip(),
            categories=_checked(self.categories),
            exhibits=_checked(self.exhibits),
            authors=_checked(self.author_filter),
            statuses=None if statuses is None else {ReviewStatus(s) for s in statuses},
            order=Order(self.order.currentData()),
            include_notes=self.notes.isChecked(),
            include_authors=self.authors.isChecked(),
            include_callouts=self.callouts.isChecked(),
            cite_style=CiteStyle(self.cite.currentData()),
            id_cites=self.id_cites.isChecked(),
            short_forms=self.short_forms.isChecked(),
            include_review=self.review.isChecked(),
            mark_key=self.key.isChecked(),
            template=Path(self.template.text().strip()) if self.template.text().strip() else None,
        )

    def _choose_template(self) -> None:
        start = self.template.text().strip() or str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self, "Word template", start, "Word templates (*.dotx *.docx)")
        if chosen:
            self.template.setText(chosen)

    def ask_output(self, project_path: Path, folder: Path | None = None) -> Path | None:
        """Where to write: a file for briefs and data, a folder for annotated PDFs; offered in ``folder`` (where
        this project's last export went), else beside the project."""
        fmt = self.selected_format()
        folder = folder if folder is not None and folder.is_dir() else project_path.parent
        if fmt in FOLDER_FORMATS:
            what = "annotated exhibits" if fmt is Format.annotated else "produced copies"
            chosen = QFileDialog.getExistingDirectory(self, f"Folder for {what}", str(folder))
            return Path(chosen) if chosen else None
        name = dict((f, filt) for f, _, filt in FORMATS)[fmt]
        named = {Format.chronology: "chronology.docx", Format.facts_statement: "statement of facts.docx"}
        suggested = folder / f"{project_path.stem} {named.get(fmt, f'brief.{fmt.value}')}"
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", str(suggested), name)
        return Path(chosen) if chosen else None


class ExportRun:
    """One export in the worker process, with a progress dialog that can cancel it."""

    def __init__(
        self,
        parent: QWidget,
        worker: ProcessWorker,
        project: Project | bytes,  # bytes: as its file would hold them (``SessionLink.serialised``)
        project_path: Path,
        fmt: Format,
        out: Path,
        options: BriefOptions,
        stamp: bool = False,
        production: Production | None = None,
        passwords: dict[str, str] | None = None,
        on_numbers: Callable[[dict[str, Numbers]], None] | None = None,
    ) -> None:
        self.parent, self.out, self.on_numbers = parent, out, on_numbers
        self._tmp = tempfile.TemporaryDirectory(prefix="export-")
        self.files = JobFiles(Path(self._tmp.name))
        self.result: list[Path] | None = None
        self.error: str | None = None
        self.done_box: QMessageBox | None = None  # "Export finished", with Open and Show in Folder
        self.progress = QProgressDialog(f"Exporting {out.name}…", "Cancel", 0, 0, parent)
        self.progress.setWindowTitle("Export")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(self.cancel)
        self.timer = QTimer(parent)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._poll)
        self.timer.start()
        worker.submit(
            export_job, project, project_path, fmt, out, options, self.files, stamp, production, passwords or {},
            on_done=self._done, on_error=self._failed,
        )  # fmt: skip

    @property
    def finished(self) -> bool:
        return self.result is not None or self.error is not None

    def cancel(self) -> None:
        self.files.cancel.touch()

    def _poll(self) -> None:
        done, total = self.files.read()
        if total:
            self.progress.setMaximum(total)
            self.progress.setValue(min(done, total - 1))

    def _finish(self) -> None:
        self.timer.stop()
        self.progress.reset()
        self._tmp.cleanup()

    def _done(self, written: Exported) -> None:
        self.result = written
        self._finish()
        if written.numbers and self.on_numbers is not None:
            self.on_numbers(written.numbers)  # recorded in the project: the brief's Bates cites quote them
        if not written:
            # Every exhibit skipped (its file missing) says why; else nothing matched the options.
            said = "\n".join(written.notes[:5]) or "Nothing to write: no annotations match the options."
            QMessageBox.information(self.parent, "Export", said[0].upper() + said[1:])
            return
        names = ", ".join(p.name for p in written[:3]) + (f" and {len(written) - 3} more" if len(written) > 3 else "")
        box = QMessageBox(QMessageBox.Icon.Information, "Export finished", f"Wrote {names}.", parent=self.parent)
        box.setObjectName("export-done")
        box.setInformativeText("\n".join([str(written[0].parent), *written.notes[:5]]))
        # Local files only, opened by the system's own viewer: nothing leaves the machine.
        opener = box.addButton("&Open", QMessageBox.ButtonRole.ActionRole)
        opener.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(written[0]))))
        folder = box.addButton("Show in &Folder", QMessageBox.ButtonRole.ActionRole)
        folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(written[0].parent))))
        box.addButton(QMessageBox.StandardButton.Close)
        self.done_box = box
        box.open()

    def _failed(self, error: Exception) -> None:
        self.error = str(error)
        self._finish()
        if not isinstance(error, ExportCancelled):
            QMessageBox.warning(self.parent, "Export failed", str(error))
