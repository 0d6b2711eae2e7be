"""The command line's grammar: every command and option, with its help. ``cli`` runs them."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import NoReturn

from .. import __version__
from ..core.brief.brief import Order
from ..core.brief.citations import CiteStyle
from ..core.export import Format
from ..core.export.stamps import Position
from ..core.model import ReviewStatus, Roles
from .case_grammar import designations_grammar, facts_grammar

EXIT_BAD_INPUT = 2


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-23") from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, like every other bad-input error, instead of argparse's usage block.
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def parser(prog: str) -> argparse.ArgumentParser:
    p = _Parser(prog=prog, description="Review PDF exhibits, tag passages by claim, export briefs.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument(
        "--allow-outside", action="store_true",
        help="read exhibit files outside the project's folder that were not chosen on this machine (a colleague's "
        "project may name any file)",
    )  # fmt: skip
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    g = sub.add_parser("gui", help="open the main window (the default without a command)")
    g.add_argument("project", nargs="?", type=Path, help="project file to open (default: the sample project)")
    g.add_argument(
        "--self-test", action="store_true",
        help="open the window and the project, wait for the first page from the worker, then exit (checks an install)",
    )  # fmt: skip

    sub.add_parser("about", help="the version and the licences of the libraries and fonts the app ships")

    n = sub.add_parser("new", help="create a project file")
    n.add_argument("project", type=Path)
    n.add_argument("--case", default="", help="case name, e.g. 'Kadrey v. Meta Platforms, Inc.'")
    n.add_argument("--court", default="")
    n.add_argument("--number", default="", help="case number")
    n.add_argument(
        "--parties", choices=[r.value for r in Roles], default=Roles.plaintiff.value,
        help="what the caption calls the parties (default Plaintiff/Defendant)",
    )  # fmt: skip
    n.add_argument("--notes", default="")
    n.add_argument("--codebook", type=Path, help="codebook (or project) file to take categories from")
    n.add_argument("--force", action="store_true", help="overwrite an existing file")

    a = sub.add_parser("add", help="add PDF exhibits: files, or folders of them (read in parallel)")
    a.add_argument("project", type=Path)
    a.add_argument("pdfs", type=Path, nargs="+", metavar="PDF_OR_FOLDER")
    a.add_argument("--label", help="e.g. 'Ex. 1' or 'PX-0012' (default: the next free 'Ex. N')")
    a.add_argument("--title")
    a.add_argument("--password", help="password of an encrypted PDF (used to open it, never stored)")
    a.add_argument("--bates-prefix")
    a.add_argument("--bates-start", type=int)
    a.add_argument("--language", action="append", dest="languages", help="language code; repeat for several")
    a.add_argument("--ocr", action="store_true", help="read its scanned pages with OCR now (see the ocr command)")
    a.add_argument("--jobs", type=int, help="with --ocr: pages read at once (default: one per core)")

    e = sub.add_parser("exhibit", help="change an exhibit's details, move it in the list, or remove it")
    actions = e.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    edit = actions.add_parser("edit", help="label, title, Bates prefix and first number")
    remove = actions.add_parser("remove", help="remove the exhibit and its annotations (the file is not touched)")
    move = actions.add_parser("move", help="move the exhibit up or down in the list (and the brief's index)")
    relink = actions.add_parser(
        "relink", help="point the exhibit at the file it moved to; other moved exhibits found beside it follow"
    )
    layout = actions.add_parser(
        "layout", help="read its line numbers and running headers and footers again (for exhibits added before)"
    )
    layout.add_argument("--password", help="password of an encrypted exhibit")
    for command in (edit, remove, move, relink, layout):
        command.add_argument("project", type=Path)
        command.add_argument("--exhibit", required=True, help="exhibit label or id")
    relink.add_argument("file", type=Path, help="where the exhibit's file is now")
    relink.add_argument("--json", action="store_true")
    edit.add_argument("--label")
    edit.add_argument("--title")
    edit.add_argument("--bates-prefix", help="e.g. META- (empty: none)")
    edit.add_argument("--bates-start", type=int, help="the Bates number of its first page")
    edit.add_argument("--bates-digits", type=int, help="digits of a Bates number (default 6: META-000123)")
    edit.add_argument("--date", help="the document's own date, YYYY-MM-DD")
    edit.add_argument("--confidentiality", help="its designation, e.g. 'HIGHLY CONFIDENTIAL – AEO'")
    edit.add_argument("--custodian", help="whose files it came from")
    edit.add_argument("--volume", dest="production_volume", help="the production volume, e.g. META_VOL001")
    edit.add_argument("--short-name", help="its short form in a brief's cites after the first, e.g. 'Smith Dep.'")
    edit.add_argument("--docket", help="the docket entry it was filed as, e.g. 45-3, for ECF No. 45-3 cites")
    lines = edit.add_mutually_exclusive_group()
    lines.add_argument("--cite-lines", action="store_true", default=None,
                       help="cite by page and line where its pages have line numbers (the default)")  # fmt: skip
    lines.add_argument("--no-cite-lines", dest="cite_lines", action="store_false", help="cite its pages only")
    heads = edit.add_mutually_exclusive_group()
    heads.add_argument("--keep-running-heads", action="store_true", default=None,
                       help="keep its running headers and footers in its pages' text (quotes, search)")  # fmt: skip
    heads.add_argument("--leave-out-running-heads", dest="keep_running_heads", action="store_false",
                       help="leave them out (the default)")  # fmt: skip
    move.add_argument("--by", type=int, required=True, help="places to move: negative is up")
    remove.add_argument("--author", help="who removes it (recorded with its annotations' deletion)")

    _changes(sub)
    facts_grammar(sub)
    designations_grammar(sub)

    t = sub.add_parser("tag", help="tag a passage (found by its quote) or an area of a page")
    t.add_argument("project", type=Path)
    t.add_argument("--exhibit", required=True, help="exhibit label or id")
    t.add_argument("--quote", help="the passage as you would type or paste it")
    t.add_argument("--rect", help="area annotation instead of a quote: x0,y0,x1,y1 in PDF points (needs --page)")
    t.add_argument(
        "--lines",
        help="numbered lines of a transcript or pleading paper (45:12-20, 45:12-46:3, 45:7); with --quote, the quote "
        "on those lines",
    )
    t.add_argument("--category", action="append", required=True, help="category name or id; repeat for several")
    t.add_argument("--note", default="")
    t.add_argument("--author", default=None, help="default: $EXHIBIT_ANNOTATOR_AUTHOR or your login name")
    t.add_argument("--page", type=int, help="1-based page the passage starts on")
    t.add_argument("--occurrence", type=int, default=1, help="which occurrence when the quote appears more than once")
    t.add_argument("--ignore-case", action="store_true")
    t.add_argument("--key", action="store_true", help="mark as a key passage")
    t.add_argument("--password", help="password of an encrypted exhibit")

    r = sub.add_parser(
        "replace", help="replace an exhibit's file with a new version; every passage is found again on it"
    )
    r.add_argument("project", type=Path)
    r.add_argument("pdf", type=Path, help="the new version of the exhibit's file")
    r.add_argument("--exhibit", required=True, help="exhibit label or id")
    r.add_argument("--password", help="password of the new file, if encrypted")
    r.add_argument("--accept", action="store_true", help="accept approximate places as they are found (no review)")

    r = sub.add_parser(
        "redactions",
        help="find text that black boxes or dark highlights hide from the eye but not from copy and search; "
        "exit 0 when none, 1 when any",
    )
    r.add_argument(
        "files", type=Path, nargs="+", metavar="PDF_OR_PROJECT", help="PDFs, or project files (every exhibit)"
    )
    r.add_argument("--password", action="append", default=[], metavar="LABEL=PASSWORD", help="LABEL: exhibit or file")
    r.add_argument("--json", action="store_true")

    k = sub.add_parser(
        "cite-check",
        help="check every quotation of a brief (edited in Word, or its PDF) against the exhibit at the cited page; "
        "exit 0 when all hold, 1 when any does not",
    )
    k.add_argument("brief", type=Path, help="the brief: .docx or .pdf")
    k.add_argument("--project", type=Path, required=True, help="the project whose exhibits it cites")
    k.add_argument("--password", action="append", default=[], metavar="LABEL=PASSWORD")
    k.add_argument("--json", action="store_true")

    o = sub.add_parser(
        "ocr", help="read the text of scanned pages (Tesseract) into the project's OCR cache; the PDFs are not changed"
    )
    o.add_argument("project", type=Path)
    o.add_argument("--exhibit", action="append", help="only this exhibit (label or id); repeat for several")
    o.add_argument(
        "--languages",
        help="Tesseract languages, e.g. rus+ara+eng (default: the exhibit's, else those of rus, ara, eng installed)",
    )
    o.add_argument("--jobs", type=int, help="pages read at once (default: one per core)")
    o.add_argument("--again", action="store_true", help="read pages again that the cache already has")
    o.add_argument("--password", action="append", default=[], metavar="LABEL=PASSWORD")

    lst = sub.add_parser("list", help="show exhibits, categories and annotations")
    lst.add_argument("project", type=Path)
    lst.add_argument("--json", action="store_true", help="machine-readable output")

    x = sub.add_parser("export", help="write the brief (docx, pdf, md), the data (csv, jsonld), or annotated PDFs")
    x.add_argument("project", type=Path)
    x.add_argument("-o", "--output", type=Path, required=True, help="file to write (a folder for annotated PDFs)")
    x.add_argument("--format", choices=[f.value for f in Format], help="default: from the output's extension")
    x.add_argument("--title", default="Exhibit Brief")
    x.add_argument("--prepared-by", default="")
    x.add_argument("--date", type=_iso_date, help="date on the cover, YYYY-MM-DD (default: today)")
    x.add_argument("--category", action="append", help="only this category (and its elements); repeat for several")
    x.add_argument("--exhibit", action="append", help="only this exhibit (label or id); repeat for several")
    x.add_argument("--author", action="append", help="only passages tagged by this author; repeat for several")
    x.add_argument("--status", action="append", choices=[s.value for s in ReviewStatus], help="only this review status")
    x.add_argument("--order", choices=[o.value for o in Order], default="category")
    x.add_argument("--no-notes", action="store_true", help="leave the notes out")
    x.add_argument("--authors", action="store_true", help="say who tagged each passage")
    x.add_argument("--callouts", action="store_true", help="an image of each passage under its quote")
    x.add_argument(
        "--cite-style", "--cite", dest="cite", choices=[c.value for c in CiteStyle], default="exhibit",
        help="exhibit: Ex. 3 at 2; bluebook: Ex. 3, at 2; ecf: ECF No. 45-3, at 2 (the exhibit's docket entry); "
        "bates: META-000123",
    )  # fmt: skip
    x.add_argument("--id-cites", action="store_true", help="Id. for a cite to the exhibit cited just before")
    x.add_argument(
        "--short-forms", action="store_true",
        help="an exhibit's first cite with its title and short name, later ones by its short name",
    )  # fmt: skip
    x.add_argument("--review", action="store_true", help="each passage's review status and the reviewer's comment")
    x.add_argument("--no-key-marks", action="store_true", help="do not mark key passages")
    x.add_argument(
        "--template", type=Path, help="Word: build the brief on this .dotx or .docx (its styles, page, letterhead)"
    )
    x.add_argument(
        "--physical-pages", action="store_true", help="cite pages by place (5), not by the PDF's page labels (iv)"
    )
    x.add_argument("--stamp", action="store_true", help="annotated and produced PDFs: an EXHIBIT N sticker, page 1")
    x.add_argument(
        "--no-skip", action="store_true",
        help="annotated and produced PDFs: refuse the export when an exhibit's file is missing, instead of skipping it",
    )  # fmt: skip
    x.add_argument("--password", action="append", default=[], metavar="LABEL=PASSWORD")
    b = x.add_argument_group("produced copies (--format produced, or -o FOLDER with --bates)")
    b.add_argument("--bates", metavar="PREFIX", help="Bates-stamp every page: PREFIX000001, continuing across exhibits")
    b.add_argument("--bates-start", type=int, default=1, help="the first Bates number (default 1)")
    b.add_argument("--bates-digits", type=int, default=6, help="digits of a Bates number (default 6)")
    b.add_argument("--bates-position", choices=[p.value for p in Position], default=Position.bottom_right.value)
    b.add_argument("--no-legend", action="store_true", help="leave out each exhibit's confidentiality legend")
    b.add_argument("--case-number", action="store_true", help="the case number on the exhibit sticker")

    f = sub.add_parser("search", help="find words or a phrase in the exhibits (case-insensitive by default)")
    f.add_argument("project", type=Path)
    f.add_argument("query")
    f.add_argument("--exhibit", action="append", help="only this exhibit (label or id); repeat for several")
    f.add_argument("--match-case", action="store_true")
    f.add_argument("--password", action="append", default=[], metavar="LABEL=PASSWORD")
    f.add_argument("--json", action="store_true")

    r = sub.add_parser(
        "text", help="an exhibit's page text as the app reads it (quotes, search, cites; OCR included), line by line"
    )
    r.add_argument("project", type=Path)
    r.add_argument("--exhibit", required=True, help="exhibit label or id")
    r.add_argument("--page", type=int, help="only this page (1 is the first); default: every page")
    r.add_argument("--password", action="append", default=[], metavar="LABEL=PASSWORD")
    r.add_argument("--json", action="store_true", help="each line's words with their boxes (PDF points, unrotated)")

    m = sub.add_parser("merge", help="merge a colleague's project file into yours (conflicts are kept, not lost)")
    m.add_argument("mine", type=Path, help="your project file: written unless --dry-run")
    m.add_argument("theirs", type=Path, help="the colleague's project file: only read")
    m.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    m.add_argument("--json", action="store_true")

    c = sub.add_parser("compare", help="what two people's projects have that the other lacks, and how far they agree")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    c.add_argument("--password", action="append", default=[], metavar="LABEL=PASSWORD")
    c.add_argument("--json", action="store_true")

    d = sub.add_parser(
        "merge-driver",
        help="git's merge driver for project files (git-setup installs it): merges OURS with THEIRS, ANCESTOR known",
    )
    d.add_argument("ancestor", type=Path, help="git's %%O: the common version")
    d.add_argument("ours", type=Path, help="git's %%A: our version, replaced by the merged project")
    d.add_argument("theirs", type=Path, help="git's %%B: their version")
    d.add_argument("path", nargs="?", type=Path, help="git's %%P: the project file's place in the work tree")

    s = sub.add_parser(
        "git-setup", help="make a git repository merge its project files with Exhibit Annotator (run once per clone)"
    )
    s.add_argument("patterns", nargs="*", metavar="PATTERN", help="project files (default: those the repo tracks)")
    s.add_argument("--repo", type=Path, default=Path("."), help="the repository (default: here)")

    v = sub.add_parser("validate", help="check the file, the exhibits (present, unchanged) and every anchor")
    v.add_argument("project", type=Path)
    v.add_argument("--password", action="append", default=[], metavar="LABEL=PASSWORD")
    v.add_argument("--json", action="store_true")

    for name in ("add", "exhibit", "tag", "replace", "ocr", "export", "merge", *CHANGES):
        sub.choices[name].add_argument(
            "--force", action="store_true",
            help="change the project even while Exhibit Annotator has it open (its next save would undo this)",
        )  # fmt: skip
    return p


CHANGES = (
    "annotation",
    "fact",
    "designations",
    "codebook",
    "review",
    "conflicts",
    "recover",
    "comments",
    "import",
)  # commands of ``cli.changes``


def _changes(sub: argparse._SubParsersAction[_Parser]) -> None:
    """The commands that change what the window's menus change: annotations, the codebook, reviews, conflicts."""
    a = sub.add_parser("annotation", help="edit, delete or restore annotations (ids: list --json; 4+ characters do)")
    actions = a.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    edit = actions.add_parser("edit", help="its note, categories or key-passage mark")
    delete = actions.add_parser("delete", help="delete annotations (recorded, so a merge does not bring them back)")
    restore = actions.add_parser("restore", help="bring deleted annotations back from an earlier copy of the project")
    for command in (edit, delete, restore):
        command.add_argument("project", type=Path)
        command.add_argument("ids", nargs="+", metavar="ID")
        command.add_argument("--json", action="store_true")
    edit.add_argument("--note", help="the new note (empty: none)")
    edit.add_argument("--category", action="append", help="its categories, replacing them all; repeat for several")
    edit.add_argument("--add-category", action="append", default=[], metavar="CATEGORY")
    edit.add_argument("--remove-category", action="append", default=[], metavar="CATEGORY")
    key = edit.add_mutually_exclusive_group()
    key.add_argument("--key", action="store_true", default=None, help="mark as a key passage")
    key.add_argument("--no-key", dest="key", action="store_false", help="no longer a key passage")
    delete.add_argument("--author", help="who deletes them (recorded)")
    restore.add_argument(
        "--from", dest="source", type=Path,
        help="the earlier copy that has them: a project file (default: the project's backup, PROJECT.bak)",
    )  # fmt: skip

    c = sub.add_parser("codebook", help="list, add, rename, recolour, nest, delete, merge, import or export categories")
    actions = c.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    listed = actions.add_parser("list", help="the categories, nested, with their colours and how often each is used")
    listed.add_argument("project", type=Path)
    listed.add_argument("--json", action="store_true")
    add = actions.add_parser("add", help="a new category")
    add.add_argument("project", type=Path)
    add.add_argument("name")
    add.add_argument("--colour", help="#rrggbb (default: the next of the palette)")
    add.add_argument("--parent", help="the category it belongs under")
    for name, helped, value in (("rename", "a new name", "new_name"), ("recolour", "a new colour, #rrggbb", "colour")):
        command = actions.add_parser(name, help=helped)
        command.add_argument("project", type=Path)
        command.add_argument("category", help="category name or id")
        command.add_argument(value)
    nest = actions.add_parser("nest", help="put a category under another, or back at the top")
    nest.add_argument("project", type=Path)
    nest.add_argument("category")
    where = nest.add_mutually_exclusive_group(required=True)
    where.add_argument("--under", metavar="PARENT")
    where.add_argument("--top", action="store_true")
    delete = actions.add_parser("delete", help="remove a category: its annotations keep their others (or move)")
    delete.add_argument("project", type=Path)
    delete.add_argument("category")
    delete.add_argument("--move-to", metavar="CATEGORY", help="the category its annotations move to")
    merge = actions.add_parser("merge", help="one category into another: its annotations move there")
    merge.add_argument("project", type=Path)
    merge.add_argument("category")
    merge.add_argument("--into", required=True, metavar="CATEGORY")
    imported = actions.add_parser("import", help="the categories a codebook (or another project) has and this lacks")
    imported.add_argument("project", type=Path)
    imported.add_argument("file", type=Path)
    exported = actions.add_parser("export", help="write the codebook to a file another project can import")
    exported.add_argument("project", type=Path)
    exported.add_argument("file", type=Path)
    for command in (
        add,
        nest,
        delete,
        merge,
        imported,
        exported,
        *(actions.choices[n] for n in ("rename", "recolour")),
    ):
        command.add_argument("--json", action="store_true")

    r = sub.add_parser("review", help="a reviewer's decision on annotations, or a comment on one")
    actions = r.add_subparsers(dest="action", metavar="DECISION", parser_class=_Parser, required=True)
    for name, helped in (("accept", "accepted"), ("reject", "rejected"), ("needs-work", "needs work"),
                         ("reopen", "back to proposed"), ("comment", "the reviewer's comment only")):  # fmt: skip
        command = actions.add_parser(name, help=helped)
        command.add_argument("project", type=Path)
        command.add_argument("ids", nargs="+", metavar="ID")
        command.add_argument("--comment", required=name == "comment", help="the reviewer's comment (empty: none)")
        command.add_argument("--json", action="store_true")

    k = sub.add_parser("conflicts", help="annotations both you and a colleague changed, kept until someone decides")
    actions = k.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    listed = actions.add_parser("list", help="each conflict: your version and theirs")
    listed.add_argument("project", type=Path)
    listed.add_argument("--json", action="store_true")
    resolve = actions.add_parser("resolve", help="keep your version, or take theirs")
    resolve.add_argument("project", type=Path)
    resolve.add_argument("ids", nargs="+", metavar="ID")
    side = resolve.add_mutually_exclusive_group(required=True)
    side.add_argument("--mine", action="store_true")
    side.add_argument("--theirs", action="store_true")
    resolve.add_argument("--json", action="store_true")

    m = sub.add_parser(
        "comments", help="PDF comments (Acrobat's highlights, underlines, boxes, notes) in as annotations; XFDF out"
    )
    actions = m.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    imported = actions.add_parser(
        "import", help="an exhibit's comments as annotations: from its own PDF, another copy of it, or XFDF"
    )
    imported.add_argument("project", type=Path)
    imported.add_argument("--exhibit", required=True, help="exhibit label or id")
    imported.add_argument("--from", dest="source", type=Path, help="an .xfdf file, or a commented copy of the PDF")
    imported.add_argument("--category", action="append", default=[], help="their category (default: none)")
    imported.add_argument(
        "--colour", action="append", default=[], metavar="#RRGGBB=CATEGORY",
        help="a category for the comments of this colour; repeat for several",
    )  # fmt: skip
    imported.add_argument("--password", help="password of an encrypted exhibit")
    imported.add_argument("--json", action="store_true")
    exported = actions.add_parser("export", help="an exhibit's annotations as XFDF (Acrobat: Comments ▸ Import)")
    exported.add_argument("project", type=Path)
    exported.add_argument("--exhibit", required=True, help="exhibit label or id")
    exported.add_argument("-o", "--output", type=Path, required=True, help="the .xfdf file to write")
    exported.add_argument("--password", help="password of an encrypted exhibit")
    exported.add_argument("--json", action="store_true")

    i = sub.add_parser(
        "import", help="another tool's project (REFI-QDA .qdpx: QualCoder, ATLAS.ti, NVivo, MAXQDA) into this one"
    )
    i.add_argument("project", type=Path)
    i.add_argument("file", type=Path, help="the .qdpx file")
    i.add_argument(
        "--files-to", type=Path,
        help="where its PDFs the project lacks are copied (default: a folder named after the file, beside the project)",
    )  # fmt: skip
    i.add_argument("--password", action="append", default=[], metavar="LABEL=PASSWORD")
    i.add_argument("--json", action="store_true")

    v = sub.add_parser(
        "recover",
        help="unsaved work a window left when it did not close normally: list it, write it into the project, or "
        "discard it",
    )  # fmt: skip
    v.add_argument("project", type=Path, nargs="?", help="the project (none: list every project with unsaved work)")
    v.add_argument("--discard", action="store_true", help="throw the unsaved work away")
    v.add_argument("--dry-run", action="store_true", help="say what would be recovered, write nothing")
    v.add_argument("--json", action="store_true")
