"""Designations exchanged and reported: the other side's list read from CSV, XLSX, DOCX or plain text; one's own
written for the other side (CSV, XLSX, DOCX); the designations report (per witness, in page:line order, with the
testimony's text, objections and rulings, run time, and what still needs deciding) in Word or Excel; and the clip
list (CSV) that trial presentation software takes."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import docx
from docx import Document

from ..errors import FileProblem, UserError
from ..model import Designation, Exhibit, Project, Ruling
from ..project.designations import ordered, witness_name
from ..project.edits import lines_passage
from .brief_html import Fixes, escape, table_html
from .data import spreadsheet_safe
from .docx import Writer, grid_table, legal_look
from .ooxml import page_number_footer
from .outputs import check_output, written_whole
from .pdf import write_document_pdf

SECONDS_PER_LINE = 2.4  # a transcript page of 25 lines read or played in about a minute
LIST_HEADER = ["Witness", "Range", "Party", "Kind", "Objections"]
REPORT_HEADER = ["Range", "Party", "Kind", "Testimony", "Objections and rulings"]


class ListError(FileProblem):
    """A designation list that cannot be read."""


def read_list(path: Path) -> list[str]:
    """A designation list's entries as text, one per cell or paragraph or line, in order."""
    ListError.size_of(path, "a designation list")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
                return [cell for row in csv.reader(f) for cell in row if cell.strip()]
        if suffix == ".xlsx":
            import openpyxl  # here, not above: 90 ms every command and the window's start would pay otherwise

            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                return [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                        for v in row if v is not None and str(v).strip()]  # fmt: skip
            finally:
                book.close()
        if suffix == ".docx":
            document = docx.Document(str(path))
            cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
            return [p.text for p in document.paragraphs if p.text.strip()] + [c for c in cells if c.strip()]
        if suffix in (".txt", ".text", ""):
            return [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    except (OSError, ValueError, KeyError, csv.Error, UnicodeError) as e:
        raise ListError(path, f"cannot be read as a designation list ({type(e).__name__}: {e})") from None
    raise ListError(path, "is not a list this can read: give a .csv, .xlsx, .docx or .txt")


def _objections(d: Designation) -> str:
    return "; ".join(
        f"{o.basis} ({o.party + ', ' if o.party else ''}{o.ruling.value})" for o in d.objections
    )  # fmt: skip


LIST_SUFFIXES = (".csv", ".xlsx", ".docx")


def export_list(project: Project, project_path: Path, out: Path, party: str | None) -> None:
    """A party's designations for the other side, written whole or not at all (``written_whole``), never over the
    project or an exhibit."""
    suffix = out.suffix.lower()
    if suffix not in LIST_SUFFIXES:
        raise UserError(f"{out.name}: a designation list is written as .csv, .xlsx or .docx")
    if not out.parent.exists():
        raise UserError(f"{out.name}: the folder {out.parent} does not exist")
    check_output(project, project_path, out)
    with written_whole(out) as partial:
        write_list(project, partial, suffix, party)


def write_list(project: Project, path: Path, suffix: str, party: str | None) -> None:
    """One's designations for the other side: witness, range, party, kind, objections."""
    exhibits = {e.id: e for e in project.exhibits}
    rows = [
        [witness_name(exhibits[d.exhibit_id]), d.span(exhibits[d.exhibit_id].page_labels), d.party, d.kind.value,
         _objections(d)]
        for d in ordered(project) if party is None or d.party.casefold() == party.casefold()
    ]  # fmt: skip
    _table_file(path, suffix, LIST_HEADER, rows, "Designations")


def _table_file(path: Path, suffix: str, header: list[str], rows: list[list[str]], title: str) -> None:
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerow(header)
            out.writerows([[spreadsheet_safe(c) for c in row] for row in rows])
    elif suffix == ".xlsx":
        import openpyxl  # as in read_list: loaded only for a workbook

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = title[:31]
        sheet.append(header)
        for row in rows:
            sheet.append([spreadsheet_safe(c) for c in row])
        sheet.freeze_panes = "A2"
        book.save(path)
    elif suffix == ".docx":
        doc = Document()
        legal_look(doc)
        page_number_footer(doc)
        Writer(doc).add(title, "Heading 1")
        grid_table(doc, header, rows, [1.6, 1.2, 1.0, 1.0, 2.2][: len(header)])
        doc.save(str(path))
    else:
        raise UserError(f"{path.name}: give a .csv, .xlsx or .docx")


@dataclass(frozen=True)
class ReportRow:
    designation: Designation
    exhibit: Exhibit
    span: str
    testimony: str
    lines: int


def report_rows(project: Project, project_path: Path, exhibits: set[str] | None = None) -> list[ReportRow]:
    """Each designation with the text of its lines, read from the exhibit (its numbered lines)."""
    by_id = {e.id: e for e in project.exhibits}
    out = []
    for d in ordered(project, exhibits):
        exhibit = by_id[d.exhibit_id]
        labels = exhibit.page_labels
        name = [labels[p] if p < len(labels) and labels[p] else str(p + 1) for p in (d.page, d.end_page)]
        try:
            text = lines_passage(project_path, exhibit, (name[0], d.first_line), (name[1], d.last_line)).text
        except UserError as e:
            text = f"[not read: {e}]"
        out.append(ReportRow(d, exhibit, d.span(labels), text, _count(exhibit, d)))
    return out


def _count(exhibit: Exhibit, d: Designation) -> int:
    """How many lines a designation runs over (pages without a column of numbers count 25)."""
    if d.page == d.end_page:
        return d.last_line - d.first_line + 1
    column = {c.page: c.count for c in exhibit.line_numbers}
    between = sum(column.get(p, 25) for p in range(d.page + 1, d.end_page))
    return column.get(d.page, 25) - d.first_line + 1 + between + d.last_line


def problems(rows: list[ReportRow]) -> list[str]:
    """What still needs deciding: objections not ruled on, counters that overlap the other side's counters."""
    out = []
    for r in rows:
        for o in r.designation.objections:
            if o.ruling is Ruling.pending:
                out.append(f"{witness_name(r.exhibit)} {r.span}: {o.basis} objection not ruled on")
    counters = [r for r in rows if r.designation.kind.value != "designation"]
    for a in counters:
        for b in counters:
            da, db = a.designation, b.designation
            if (da.id < db.id and da.exhibit_id == db.exhibit_id and da.party != db.party
                    and (da.page, da.first_line) <= (db.end_page, db.last_line)
                    and (db.page, db.first_line) <= (da.end_page, da.last_line)):  # fmt: skip
                out.append(f"{witness_name(a.exhibit)} {a.span} ({da.party}) overlaps {b.span} ({db.party})")
    return out


def write_report(project: Project, project_path: Path, path: Path, suffix: str, exhibits: set[str] | None) -> None:
    rows = report_rows(project, project_path, exhibits)
    if suffix == ".xlsx":
        table = [[witness_name(r.exhibit), r.span, r.designation.party, r.designation.kind.value, r.testimony,
                  _objections(r.designation)] for r in rows]  # fmt: skip
        _table_file(path, suffix, ["Witness", *REPORT_HEADER], table, "Designations")
        return
    if suffix == ".pdf":
        write_document_pdf(lambda fixes: _report_html(project, rows, fixes), path, "Deposition Designations", "")
        return
    if suffix != ".docx":
        raise UserError(f"{path.name}: the designations report is written as .docx, .pdf or .xlsx")
    doc = Document()
    legal_look(doc)
    page_number_footer(doc)
    w = Writer(doc)
    w.add(f"Deposition Designations — {project.case.name}" if project.case.name else "Deposition Designations",
          "Heading 1")  # fmt: skip
    for exhibit in project.exhibits:
        mine = [r for r in rows if r.exhibit.id == exhibit.id]
        if not mine:
            continue
        w.add(witness_name(exhibit), "Heading 2")
        minutes = sum(r.lines for r in mine) * SECONDS_PER_LINE / 60
        w.add(f"{len(mine)} designation(s), {sum(r.lines for r in mine)} lines: about {minutes:.0f} min "
              f"({SECONDS_PER_LINE} s a line)", "Normal")  # fmt: skip
        table = [[r.span, r.designation.party, r.designation.kind.value, r.testimony, _objections(r.designation)]
                 for r in mine]  # fmt: skip
        grid_table(doc, REPORT_HEADER, table, [1.0, 1.0, 1.0, 3.2, 1.8])
    found = problems(rows)
    w.add("To decide", "Heading 2")
    for line in found or ["Nothing: every objection is ruled on, and no counters overlap."]:
        w.add(line, "Normal")
    doc.save(str(path))


def _report_html(project: Project, rows: list[ReportRow], fixes: Fixes) -> str:
    title = f"Deposition Designations — {project.case.name}" if project.case.name else "Deposition Designations"
    out = [f"<h1>{escape(title)}</h1>"]
    for exhibit in project.exhibits:
        mine = [r for r in rows if r.exhibit.id == exhibit.id]
        if not mine:
            continue
        lines = sum(r.lines for r in mine)
        out.append(f"<h2>{escape(witness_name(exhibit))}</h2>")
        out.append(f"<p>{len(mine)} designation(s), {lines} lines: about {lines * SECONDS_PER_LINE / 60:.0f} min "
                   f"({SECONDS_PER_LINE} s a line)</p>")  # fmt: skip
        table = [[r.span, r.designation.party, r.designation.kind.value, r.testimony, _objections(r.designation)]
                 for r in mine]  # fmt: skip
        out.append(table_html(f"w{exhibit.id}", REPORT_HEADER, table, [1.0, 1.0, 1.0, 3.2, 1.8], fixes))
    out.append("<h2>To decide</h2>")
    found = problems(rows) or ["Nothing: every objection is ruled on, and no counters overlap."]
    out += [f"<p>{escape(line)}</p>" for line in found]
    return "\n".join(out)


def write_clips(project: Project, path: Path, exhibits: set[str] | None) -> None:
    """Start and end page:line of each designation, per witness: what TrialDirector, OnCue and Sanction import."""
    by_id = {e.id: e for e in project.exhibits}
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(["witness", "party", "kind", "start", "end", "id"])
        for d in ordered(project, exhibits):
            labels = by_id[d.exhibit_id].page_labels
            name = [labels[p] if p < len(labels) and labels[p] else str(p + 1) for p in (d.page, d.end_page)]
            out.writerow([spreadsheet_safe(witness_name(by_id[d.exhibit_id])), spreadsheet_safe(d.party), d.kind.value,
                          f"{name[0]}:{d.first_line}", f"{name[1]}:{d.last_line}", str(d.id)])  # fmt: skip
