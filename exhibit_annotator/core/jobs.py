"""Long work run in a worker process, reporting progress and taking cancellation through two small files.

The app polls ``progress`` (``done total``) and creates ``cancel`` to stop; the core's ``Progress`` callback
protocol (return False to cancel) does the rest. Files, not pipes: they need nothing set up in the worker and
survive a worker that dies.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from .brief.brief import BriefOptions, Progress
from .export import Exported, Format, export
from .export.produced import Production
from .model import Exhibit, Project
from .pdf.ocr import ExhibitOcr, OcrStore, ocr_exhibit
from .pdf.rendering import SharedBlock, warm
from .pdf.search import Hit, ProjectSearch
from .pdf.tesseract import engine_for


@dataclass(frozen=True)
class JobFiles:
    folder: Path

    @property
    def progress(self) -> Path:
        return self.folder / "progress"

    @property
    def cancel(self) -> Path:
        return self.folder / "cancel"

    def reporter(self) -> Progress:
        def report(done: int, total: int) -> bool:
            with contextlib.suppress(OSError):
                self.progress.write_text(f"{done} {total}", encoding="ascii")
            return not self.cancel.exists()

        return report

    def read(self) -> tuple[int, int]:
        try:
            done, total = self.progress.read_text(encoding="ascii").split()
            return int(done), int(total)
        except (OSError, ValueError):
            return 0, 0


def export_job(
    project: Project | bytes, project_path: Path, fmt: Format, out: Path, options: BriefOptions, files: JobFiles,
    stamp: bool, production: Production | None = None, passwords: dict[str, str] | None = None,
) -> Exported:  # fmt: skip
    """``export`` in the worker. The window sends the project as its file's bytes (``Workspace.serialised``): read
    here, off the GUI thread, by pydantic-core."""
    if isinstance(project, bytes):
        project = Project.model_validate_json(project)
    return export(project, project_path, fmt, out, options, progress=files.reporter(), stamp=stamp,
                  production=production, passwords=passwords)  # fmt: skip


def ocr_job(
    project_path: Path, exhibit: Exhibit, languages: str | None, password: str | None, files: JobFiles
) -> ExhibitOcr:
    """Read an exhibit's scanned pages into the project's OCR cache (pages it already has are skipped)."""
    engine = engine_for(exhibit, languages or None)
    return ocr_exhibit(project_path, exhibit, engine, password=password, progress=files.reporter())


def warm_search_worker(block: SharedBlock | None = None) -> bool:
    """The search worker's start-up job: unpickling it imports this module and what search and export need
    (~100 ms, which the first search paid), then MuPDF is warmed as for rendering."""
    return warm(block)


# The worker process keeps one ProjectSearch, so a repeated search reuses every page's folded text.
_SEARCH: dict[str, object] = {}


def searched(project: Project) -> Project:
    """What a search job needs of a project, to send to the worker: its exhibits. The annotations are left out:
    pickling 20,000 of them held the GUI thread 2 s at each search."""
    return project.model_copy(update={"annotations": [], "deleted": [], "pending": []})


def search_job(
    project: Project,
    project_path: Path,
    query: str,
    exhibits: list[str] | None,
    ignore_case: bool,
    passwords: dict[str, str],
    files: JobFiles,
) -> tuple[list[Hit], dict[str, str]]:
    """Hits, and exhibits that could not be searched (id → why)."""
    ocr = OcrStore.for_project(project_path)
    # OCR finished since the last search changes what scans hold.
    key = f"{project_path}|" + "|".join(f"{e.id}:{e.sha256}:{e.path}:{ocr.stamp(e.sha256)}" for e in project.exhibits)
    search = _SEARCH.get("search")
    if not isinstance(search, ProjectSearch) or _SEARCH.get("key") != key or search.passwords != passwords:
        if isinstance(search, ProjectSearch):
            search.close()
        search = ProjectSearch(project, project_path, dict(passwords))
        _SEARCH.update(search=search, key=key)
    stop = files.reporter()
    hits = search.search(query, exhibits=exhibits, ignore_case=ignore_case, should_stop=lambda: not stop(0, 0))
    return hits, dict(search.skipped)
