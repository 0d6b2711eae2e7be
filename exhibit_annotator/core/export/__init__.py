"""Writers that render a ``Brief`` (or a project) into files, and ``export()``: the one entry point the command
line and the app both call."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from ..brief import BriefOptions, Progress, build_brief
from ..edits import exhibit_file
from ..errors import UserError
from ..model import Project
from ..store import BACKUP_SUFFIX


class Format(StrEnum):
    docx = "docx"
    pdf = "pdf"
    md = "md"
    csv = "csv"
    jsonld = "jsonld"
    annotated = "annotated"  # annotated exhibit PDFs

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


def export(
    project: Project,
    project_path: Path,
    fmt: Format,
    out: Path,
    options: BriefOptions,
    *,
    progress: Progress | None = None,
    stamp: bool = False,
) -> list[Path]:
    """Write ``fmt`` to ``out`` (a folder for annotated exhibits); returns the files written.

    Writes go to a temporary name first, so a failed or cancelled export never leaves half a file behind.
    """
    if fmt is Format.annotated:
        from .annotated import annotated_exhibit, annotated_exhibits

        if out.suffix.lower() == ".pdf":
            if options.exhibits is None or len(options.exhibits) != 1:
                raise UserError(f"{out.name}: one exhibit goes into one PDF; give --exhibit, or a folder for all")
            exhibit = project.exhibit(next(iter(options.exhibits)))
            check_output(project, project_path, out)
            annotated_exhibit(project, project_path, exhibit, out, options=options, stamp=stamp)
            return [out]
        if out.exists() and not out.is_dir():
            raise UserError(f"{out.name}: a file of that name exists; annotated exhibits go into a folder")
        return annotated_exhibits(project, project_path, out, options=options, stamp=stamp)
    if not out.parent.exists():
        raise UserError(f"{out.name}: the folder {out.parent} does not exist")
    check_output(project, project_path, out)
    partial = out.with_name(f".{out.name}.partial")
    try:
        if fmt is Format.csv:
            from .data import write_csv

            write_csv(project, partial, options)
        elif fmt is Format.jsonld:
            from .data import write_web_annotations

            write_web_annotations(project, partial, options)
        else:
            brief = build_brief(project, project_path, options, progress)
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
    return [out]
