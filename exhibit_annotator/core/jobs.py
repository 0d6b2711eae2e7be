"""Long work run in a worker process, reporting progress and taking cancellation through two small files.

The app polls ``progress`` (``done total``) and creates ``cancel`` to stop; the core's ``Progress`` callback
protocol (return False to cancel) does the rest. Files, not pipes: they need nothing set up in the worker and
survive a worker that dies.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from .brief import BriefOptions, Progress
from .export import Format, export
from .model import Project


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
    project: Project, project_path: Path, fmt: Format, out: Path, options: BriefOptions, files: JobFiles, stamp: bool
) -> list[Path]:
    return export(project, project_path, fmt, out, options, progress=files.reporter(), stamp=stamp)
