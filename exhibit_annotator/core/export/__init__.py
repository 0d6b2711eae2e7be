"""Writers that render a ``Brief`` (or a project) into files, and ``export()``: the one entry point the command
line and the app both call."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from ..brief.brief import BriefOptions, Progress, build_brief
from ..brief.facts import FactsKind, build_facts
from ..errors import UserError
from ..interop.qdpx import export_qdpx
from ..model import Project
from ..pdf.confinement import present_file
from .annotated import annotated_exhibit, annotated_exhibits, to_annotate
from .data import write_csv, write_web_annotations
from .designations import write_clips, write_report
from .docx import write_docx
from .facts import write_facts
from .markdown import write_markdown
from .outputs import check_output, output_name, safe_name, written_whole
from .pdf import write_pdf
from .produced import Numbers, Production, chosen, produce

__all__ = ["Exported", "Format", "check_output", "export", "output_name", "safe_name"]


class Format(StrEnum):
    docx = "docx"
    pdf = "pdf"
    md = "md"
    csv = "csv"
    jsonld = "jsonld"
    annotated = "annotated"  # annotated exhibit PDFs
    produced = "produced"  # copies to file or serve: Bates numbers, legends, exhibit stickers, no annotations
    qdpx = "qdpx"  # REFI-QDA project exchange: the whole project, for QualCoder, ATLAS.ti, NVivo, MAXQDA
    chronology = "chronology"  # the facts by date: .docx, .pdf or .csv
    facts_statement = "facts-statement"  # the undisputed facts, numbered, with record cites: .docx or .pdf
    designations = "designations"  # the deposition designations report: .docx, .pdf or .xlsx
    clips = "clips"  # start and end page:line of each designation, for trial presentation software: .csv

    @classmethod
    def from_path(cls, path: Path) -> Format:
        suffix = path.suffix.lower().lstrip(".")
        aliases = {"markdown": "md", "json": "jsonld"}
        try:
            return cls(aliases.get(suffix, suffix))
        except ValueError:
            raise UserError(f"{path.name}: cannot tell the format from the file name; give --format") from None


FACTS = {Format.chronology: (".docx", ".pdf", ".csv"), Format.facts_statement: (".docx", ".pdf")}
SUFFIXES = {**FACTS, Format.designations: (".docx", ".pdf", ".xlsx"), Format.clips: (".csv",)}  # a format of several


class Exported(list[Path]):
    """The files an export wrote; for produced copies, also the Bates numbers stamped (to record in the project)
    and the stamps that had to move or grow a page."""

    def __init__(
        self, files: list[Path], *, numbers: dict[str, Numbers] | None = None, notes: list[str] | None = None
    ) -> None:
        super().__init__(files)
        self.numbers = numbers or {}
        self.notes = notes or []


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
    skip_missing: bool = True,
) -> Exported:
    """Write ``fmt`` to ``out`` (a folder for annotated and produced exhibits); returns the files written.

    Writes go to a temporary name first, so a failed or cancelled export never leaves half a file behind. Copies of
    exhibits skip one whose file is missing (and say so), or, without ``skip_missing``, are refused before anything
    is written.
    """
    if not skip_missing and fmt in (Format.produced, Format.annotated):
        copied = chosen(project, options.exhibits) if fmt is Format.produced else to_annotate(project, options)
        for exhibit in copied:
            present_file(project_path, exhibit)  # FileMissing: the line that says which, and how to relink
    if fmt is Format.produced:
        production = production or Production()
        done = produce(project, project_path, out, production, exhibits=options.exhibits, passwords=passwords,
                       progress=progress)  # fmt: skip
        return Exported(done.files, numbers=done.numbers, notes=done.notes)
    if fmt is Format.annotated:
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
        files, skipped = annotated_exhibits(project, project_path, out, options=options, stamp=stamp,
                                            passwords=passwords)  # fmt: skip
        return Exported(files, notes=skipped)
    suffix = out.suffix.lower()
    if fmt in SUFFIXES and suffix not in SUFFIXES[fmt]:
        raise UserError(f"{out.name}: a {fmt.value} is written as {' or '.join(SUFFIXES[fmt])}")
    if not out.parent.exists():
        raise UserError(f"{out.name}: the folder {out.parent} does not exist")
    check_output(project, project_path, out)
    with written_whole(out) as partial:
        if fmt in FACTS:
            write_facts(build_facts(project, FactsKind(fmt.value), options), partial, suffix)
        elif fmt is Format.designations:
            write_report(project, project_path, partial, suffix, options.exhibits)
        elif fmt is Format.clips:
            write_clips(project, partial, options.exhibits)
        elif fmt is Format.qdpx:
            export_qdpx(project, project_path, partial, passwords)  # the whole project: filters do not apply
        elif fmt is Format.csv:
            write_csv(project, partial, options)
        elif fmt is Format.jsonld:
            write_web_annotations(project, partial, options)
        else:
            brief = build_brief(project, project_path, options, progress, passwords)
            if fmt is Format.docx:
                write_docx(brief, partial)
            elif fmt is Format.pdf:
                write_pdf(brief, partial, progress)
            else:
                write_markdown(brief, partial)
    return Exported([out])
