"""Writers that render a ``Brief`` (or a project) into files, and ``export()``: the one entry point the command
line and the app both call."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from ..brief import BriefOptions, Progress, build_brief
from ..edits import exhibit_file
from ..errors import UserError
from ..model import Exhibit, Project
from ..store import BACKUP_SUFFIX
from .produced import Numbers, Production


class Format(StrEnum):
    docx = "docx"
    pdf = "pdf"
    md = "md"
    csv = "csv"
    jsonld = "jsonld"
    annotated = "annotated"  # annotated exhibit PDFs
    produced = "produced"  # copies to file or serve: Bates numbers, legends, exhibit stickers, no annotations
    qdpx = "qdpx"  # REFI-QDA project exchange: the whole project, for QualCoder, ATLAS.ti, NVivo, MAXQDA

    @classmethod
    def from_path(cls, path: Path) -> Format:
        suffix = path.suffix.lower().lstrip(".")
        aliases = {"markdown": "md", "json": "jsonld"}
        try:
            return cls(aliases.get(suffix, suffix))
        except ValueError:
            raise UserError(f"{path.name}: cannot tell the format from the file name; give --format") from None


def check_output(project: Project, project_path: Path, out: Path) -> None:
    """An export never replaces the project file, its backup or an exhibit's file (the evidence): a brief written
    over them loses work no undo brings back."""
    target = out.resolve()
    if target in (project_path.resolve(), project_path.with_name(project_path.name + BACKUP_SUFFIX).resolve()):
        raise UserError(f"{out.name}: that is the project file (or its backup); the export never replaces it")
    for exhibit in project.exhibits:
        if exhibit_file(project_path, exhibit).resolve() == target:
            raise UserError(f"{out.name}: that is {exhibit.label}'s file; an export never replaces an exhibit")


class Exported(list[Path]):
    """The files an export wrote; for produced copies, also the Bates numbers stamped (to record in the project)
    and the stamps that had to move or grow a page."""

    def __init__(
        self, files: list[Path], *, numbers: dict[str, Numbers] | None = None, notes: list[str] | None = None
    ) -> None:
        super().__init__(files)
        self.numbers = numbers or {}
        self.notes = notes or []


_REFUSED = set('<>:"/\\|?*')  # characters Windows (and, for "/", every system) refuses in a file name
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


def safe_name(label: str) -> str:
    """``label`` as a file name every system accepts, as close to it as can be: spaces and punctuation kept
    ("Ex. 3"), only refused characters become "_", no trailing dot or space (Windows drops them), and a device
    name of Windows (CON, LPT1) gets "_" after it."""
    name = "".join("_" if ch in _REFUSED or ord(ch) < 32 else ch for ch in label).strip().rstrip(". ") or "_"
    return f"{name}_" if name.split(".")[0].upper() in _RESERVED else name


def output_name(folder: Path, exhibit: Exhibit, taken: list[Path]) -> Path:
    """``Ex. 3 - file.pdf`` for an exhibit's copy in ``folder``, distinct from the names in ``taken``: labels that
    differ only in what a file name cannot hold ("PX-12 (a)", "PX-12 [a]") get (2), (3)."""
    name = safe_name(exhibit.label)
    out, n = folder / f"{name} - {Path(exhibit.path).stem}.pdf", 2
    while out in taken:
        out, n = folder / f"{name} - {Path(exhibit.path).stem} ({n}).pdf", n + 1
    return out


def export(
    project: Project,
    project_path: Path,
    fmt: Format,
    out: Path,
    options: BriefOptions,
    *,
    progress: Progress | None = None,
    stamp: bool = False,
    production: Production | None = None,
    passwords: dict[str, str] | None = None,
) -> Exported:
    """Write ``fmt`` to ``out`` (a folder for annotated and produced exhibits); returns the files written.

    Writes go to a temporary name first, so a failed or cancelled export never leaves half a file behind.
    """
    if fmt is Format.produced:
        from .produced import produce

        production = production or Production()
        done = produce(project, project_path, out, production, exhibits=options.exhibits, passwords=passwords,
                       progress=progress)  # fmt: skip
        return Exported(done.files, numbers=done.numbers, notes=done.notes)
    if fmt is Format.annotated:
        from .annotated import annotated_exhibit, annotated_exhibits

        if out.suffix.lower() == ".pdf":
            if options.exhibits is None or len(options.exhibits) != 1:
                raise UserError(f"{out.name}: one exhibit goes into one PDF; give --exhibit, or a folder for all")
            exhibit = project.exhibit(next(iter(options.exhibits)))
            check_output(project, project_path, out)
            annotated_exhibit(project, project_path, exhibit, out, options=options, stamp=stamp,
                              password=(passwords or {}).get(exhibit.id))  # fmt: skip
            return Exported([out])
        if out.exists() and not out.is_dir():
            raise UserError(f"{out.name}: a file of that name exists; annotated exhibits go into a folder")
        return Exported(
            annotated_exhibits(project, project_path, out, options=options, stamp=stamp, passwords=passwords)
        )
    if not out.parent.exists():
        raise UserError(f"{out.name}: the folder {out.parent} does not exist")
    check_output(project, project_path, out)
    partial = out.with_name(f".{out.name}.partial")
    try:
        if fmt is Format.qdpx:
            from ..qdpx import export_qdpx

            export_qdpx(project, project_path, partial, passwords)  # the whole project: filters do not apply
        elif fmt is Format.csv:
            from .data import write_csv

            write_csv(project, partial, options)
        elif fmt is Format.jsonld:
            from .data import write_web_annotations

            write_web_annotations(project, partial, options)
        else:
            brief = build_brief(project, project_path, options, progress, passwords)
            if fmt is Format.docx:
                from .docx import write_docx

                write_docx(brief, partial)
            elif fmt is Format.pdf:
                from .pdf import write_pdf

                write_pdf(brief, partial, progress)
            else:
                from .markdown import write_markdown

                write_markdown(brief, partial)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return Exported([out])
