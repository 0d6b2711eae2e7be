"""Line-numbered pages: a deposition transcript and a filing on pleading paper, made here, recognised, and their
passages cited by page and line in the brief (Markdown and Word), which cite-check reads back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
import pymupdf
import pytest

from exhibit_annotator.core.brief.brief import BriefOptions
from exhibit_annotator.core.brief.citations import CiteStyle, cite, page_names
from exhibit_annotator.core.brief.citecheck import Verdict, check_brief
from exhibit_annotator.core.export import Format, export
from exhibit_annotator.core.model import Case, Exhibit, Project
from exhibit_annotator.core.pdf.line_numbers import numbering, page_columns
from exhibit_annotator.core.pdf.search import ProjectSearch
from exhibit_annotator.core.pdf.text import extract_page_text
from exhibit_annotator.core.project.edits import new_project, tag_quote
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import load_codebook, load_project, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS

QA = [
    "Q. Please state your name for the record.",
    "A. John Smith.",
    "Q. Where do you work?",
    "A. At Meta Platforms, in the generative AI group.",
    "Q. Did your team download the LibGen data set?",
    "A. Yes, we downloaded the LibGen data set in 2023.",
    "Q. Who approved that?",
    "A. It was escalated to the leadership team.",
]


def transcript(path: Path, pages: int = 3, flush_left: bool = False) -> Path:
    """A deposition transcript: 25 numbered lines a page (numbers right-aligned in the margin, or left-aligned), Q.
    and A. lines, the witness's name at the top."""
    doc = pymupdf.open()
    n = 0
    for p in range(pages):
        page = doc.new_page()
        page.insert_text((200, 50), "DEPOSITION OF JOHN SMITH", fontsize=11)
        page.insert_text((500, 50), f"Page {p + 1}", fontsize=11)
        for line in range(1, 26):
            y = 80 + 26 * line
            number = str(line)
            x = 56 if flush_left else 70 - pymupdf.get_text_length(number, fontsize=11)
            page.insert_text((x, y), number, fontsize=11)
            page.insert_text((90, y), QA[n % len(QA)], fontname="cour", fontsize=11)
            n += 1
    doc.save(path)
    return path


def pleading(path: Path, pages: int = 2) -> Path:
    """Pleading paper: 28 numbers in the margin, double-spaced text lines that do not sit exactly on them, and
    paragraph numbers ("12.") that are the pleading's, not the paper's."""
    doc = pymupdf.open()
    for p in range(pages):
        page = doc.new_page()
        for line in range(1, 29):
            number = str(line)
            page.insert_text((50 - pymupdf.get_text_length(number, fontsize=12), 60 + 24.5 * line), number, fontsize=12)
        for k in range(27):
            y = 66 + 24.5 * (k + 1)  # 6 points below the number's line
            text = f"{12 + k}. Plaintiff alleges fact number {p * 100 + k} of the complaint." if k % 5 == 0 else (
                f"The defendant copied protected expression on occasion {p * 100 + k} without a licence."
            )  # fmt: skip
            page.insert_text((80, y), text, fontsize=12)
    doc.save(path)
    return path


def condensed(path: Path, sheets: int = 2, first: int = 45) -> Path:
    """A condensed transcript: four transcript pages to a sheet (25 numbered lines each, "Page 45" over each),
    down the left half and then down the right, as court reporters print them; an answer runs from the foot of
    page 46 (bottom left) to the top of page 47 (top right)."""
    pages = pymupdf.open()
    for p in range(4 * sheets):
        page = pages.new_page()
        page.insert_text((200, 50), "SMITH, JOHN - CONDENSED", fontsize=11)
        page.insert_text((500, 50), f"Page {first + p}", fontsize=11)
        for line in range(1, 26):
            y = 80 + 26 * line
            text = {
                (46, 24): "Q. Did anyone object?",
                (46, 25): "A. Several engineers raised concerns about",
                (47, 1): "the legal risk of torrenting the books.",
            }.get((first + p, line), f"{QA[(p * 25 + line - 1) % len(QA)]} ({first + p}:{line})")
            page.insert_text((70 - pymupdf.get_text_length(str(line), fontsize=11), y), str(line), fontsize=11)
            page.insert_text((90, y), text, fontname="cour", fontsize=11)
    doc = pymupdf.open()
    for s in range(sheets):
        sheet = doc.new_page(width=612, height=792)
        for q in range(4):
            column, row = divmod(q, 2)
            quarter = pymupdf.Rect(306 * column, 396 * row, 306 * (column + 1), 396 * (row + 1))
            sheet.show_pdf_page(quarter, pages, 4 * s + q)
    doc.save(path)
    return path


@pytest.fixture
def depositions(tmp_path: Path) -> tuple[Project, Path]:
    folder = tmp_path / "case"
    folder.mkdir()
    path = folder / "case.json"
    project = new_project(Case(name="Kadrey v. Meta Platforms, Inc."), load_codebook(default_codebook_path()))
    dep = add_exhibit(project, path, transcript(folder / "smith-dep.pdf"))
    compl = add_exhibit(project, path, pleading(folder / "complaint.pdf"))
    dep.short_name, dep.title = "Smith Dep.", "Deposition of John Smith"
    compl.short_name = "Compl."
    tag_quote(project, path, dep, "we downloaded the LibGen data set in 2023", ["copying"])  # page 1, line 6
    tag_quote(project, path, dep, "A. Yes, we downloaded the LibGen data set in 2023.", ["copying"], page=1)
    tag_quote(project, path, dep, "Q. Who approved that?", ["willfulness"], occurrence=3)  # page 1, line 23
    tag_quote(project, path, compl, "copied protected expression on occasion 6 without", ["copying"])
    return project, path


def test_transcript_and_pleading_pages_are_recognised(tmp_path: Path) -> None:
    dep = pymupdf.open(transcript(tmp_path / "dep.pdf"))
    found = numbering(dep[1])
    assert found is not None and [(c.first, c.count) for c in found.columns] == [(1, 25)]
    flush_left = numbering(pymupdf.open(transcript(tmp_path / "left.pdf", flush_left=True))[0])
    assert flush_left is not None and [(c.first, c.count) for c in flush_left.columns] == [(1, 25)]
    assert page_columns(dep[1])[0].line_at(80 + 26 * 12 - 3) == 12  # a text line's middle, a little above its baseline
    paper = pymupdf.open(pleading(tmp_path / "compl.pdf"))
    found = numbering(paper[0])
    assert found is not None and [(c.first, c.count) for c in found.columns] == [(1, 28)]
    assert page_columns(paper[0])[0].line_at(66 + 24.5 * 7 - 4) == 7  # text 6 points below its number: line 7
    # Pages without a column of line numbers: a news report, a complaint's numbered paragraphs alone.
    assert numbering(pymupdf.open(EXHIBITS / "exhibit-en.pdf")[0]) is None
    for name in ("ca1-opinion.pdf", "vector-30-pages.pdf"):  # real opinions: numbered footnotes, no line numbers
        opinion = pymupdf.open(EXHIBITS / "court" / name)
        assert not [i for i in range(opinion.page_count) if numbering(opinion[i]) is not None], name
    numbered_paragraphs = pymupdf.open()
    page = numbered_paragraphs.new_page()
    for k in range(15):
        page.insert_text((72, 80 + 30 * k), f"{k + 1}. Paragraph {k + 1} of the complaint.", fontsize=11)
    assert numbering(page) is None


def test_margin_numbers_are_layout_not_text(depositions: tuple[Project, Path], tmp_path: Path) -> None:
    """A quote across a line break reads as the witness spoke, and a phrase that wraps a line is found by its words
    alone: the numbers between the lines are not part of the page's text."""
    project, path = depositions
    dep = project.exhibits[0]
    tagged = tag_quote(project, path, dep, "download the LibGen data set? A. Yes, we downloaded", ["copying"])
    a = tagged.annotation
    assert a.text == "download the LibGen data set?\nA. Yes, we downloaded" or a.text.split() == [
        "download", "the", "LibGen", "data", "set?", "A.", "Yes,", "we", "downloaded"
    ]  # fmt: skip
    assert a.page == 0 and len(a.rects) == 2
    hits = ProjectSearch(project, path).search("data set? A. Yes")
    assert [(h.label, h.page) for h in hits][:3] == [("Ex. 1", 0), ("Ex. 1", 0), ("Ex. 1", 0)]
    assert all("6" not in h.text for h in hits)
    export(project, path, Format.md, tmp_path / "b.md", BriefOptions())
    md = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "> download the LibGen data set?" in md and "— Ex\\. 1 at 1:5–6" in md  # lines 5 and 6 of page 1


def test_page_and_line_cites_across_lines_and_pages() -> None:
    dep = Exhibit(label="Ex. 1", path="dep.pdf", sha256="0" * 64, page_count=90)
    assert page_names(dep, 44, 44, lines=(12, 20)) == "45:12–20"
    assert page_names(dep, 44, 45, lines=(12, 3)) == "45:12–46:3"
    assert page_names(dep, 44, None, lines=(7, 7)) == "45:7"
    assert cite(dep, 44, 45, CiteStyle.bluebook, lines=(24, 2)) == "Ex. 1, at 45:24–46:2"


def test_passages_on_numbered_lines_are_cited_by_page_and_line(
    depositions: tuple[Project, Path], tmp_path: Path
) -> None:
    project, path = depositions
    export(project, path, Format.md, tmp_path / "b.md", BriefOptions())
    md = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "— Ex\\. 1 at 1:6" in md  # "we downloaded…": the sixth line of the first page
    assert "— Ex\\. 1 at 2:5" in md  # the answer again on page 2: 25 lines a page, so a line higher
    assert "— Ex\\. 1 at 1:23" in md
    assert "— Ex\\. 2 at 1:7" in md  # pleading paper: text a little below its number
    options = BriefOptions(cite_style=CiteStyle.bluebook, short_forms=True)
    export(project, path, Format.md, tmp_path / "short.md", options)
    short = (tmp_path / "short.md").read_text(encoding="utf-8")
    assert "Ex\\. 1, Deposition of John Smith \\(“Smith Dep\\.”\\), at 1:6" in short
    assert "— Smith Dep\\., at 2:5" in short
    out = tmp_path / "b.docx"
    export(project, path, Format.docx, out, BriefOptions(cite_style=CiteStyle.bluebook))
    cites = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Brief Cite"]
    assert "Ex. 1, at 1:6" in cites and "Ex. 2, at 1:7" in cites
    checks = check_brief(out, project, path)
    assert len(checks) == len(project.annotations) and all(c.verdict is Verdict.exact for c in checks), [
        (c.citation.cite, c.verdict, c.detail) for c in checks
    ]


@pytest.mark.slow
def test_the_command_line_tags_numbered_lines(depositions: tuple[Project, Path]) -> None:
    """``tag --lines``: a transcript's lines by page and line, across a page too; lines a page lacks, or a page
    without line numbers, are refused with a message and the project file untouched."""
    from ..cli.test_cli import bad, ok

    project, path = depositions
    save_project(project, path)
    out = ok("tag", path, "--exhibit", "Ex. 1", "--lines", "1:5-6", "--category", "Copying")
    assert "Tagged Ex. 1 at 1:5–6" in out
    tagged = load_project(path).annotations[-1]
    spoken = "Q. Did your team download the LibGen data set? A. Yes, we downloaded the LibGen data set in 2023."
    assert tagged.text.split() == spoken.split()  # the two lines, without the numbers between them
    ok("tag", path, "--exhibit", "Ex. 1", "--lines", "1:25-2:1", "--category", "Copying")
    across = load_project(path).annotations[-1]
    assert (across.page, across.end_page) == (0, 1) and not any(c.isdigit() for c in across.text.split()[0])
    before = path.read_bytes()
    tag = ("tag", path, "--category", "Copying", "--exhibit")
    assert "page 1 of Ex. 1 has lines 1–25: no line 30" in bad(*tag, "Ex. 1", "--lines", "1:30-31")
    assert "Ex. 2 has no page 3" in bad(*tag, "Ex. 2", "--lines", "3:1-2")
    assert "expected PAGE:LINE" in bad(*tag, "Ex. 1", "--lines", "12-20")
    assert "comes before the first" in bad(*tag, "Ex. 1", "--lines", "2:3-1:5")
    # A quote on given lines: the one there, not its first occurrence on the page (line 6).
    assert "not on those lines" in bad(*tag, "Ex. 1", "--lines", "1:3-9", "--quote", "John Smith")
    assert path.read_bytes() == before
    out = ok(*tag, "Ex. 1", "--lines", "1:12-16", "--quote", "we downloaded the LibGen data set")
    assert "Tagged Ex. 1 at 1:14 " in out
    assert load_project(path).annotations[-1].text == "we downloaded the LibGen data set"
    # The details say how it is cited: by page and line, or (turned off) by page only, in every export.
    assert "Tagged Ex. 1 at 1:22 " in ok(*tag, "Ex. 1", "--quote", "A. Yes, we downloaded", "--occurrence", "3")
    ok("exhibit", "edit", path, "--exhibit", "Ex. 1", "--no-cite-lines")
    ok("export", path, "-o", path.with_name("b.csv"))
    rows = list(csv.DictReader(io.StringIO(path.with_name("b.csv").read_text(encoding="utf-8-sig"))))
    assert {r["cite"] for r in rows if r["exhibit"] == "Ex. 1"} == {"Ex. 1 at 1", "Ex. 1 at 1–2", "Ex. 1 at 2"}
    assert {r["cite"] for r in rows if r["exhibit"] == "Ex. 2"} == {"Ex. 2 at 1:7"}


@pytest.mark.slow
def test_a_condensed_transcript_is_cited_by_its_own_pages(tmp_path: Path) -> None:
    """Four transcript pages to a sheet: each page's column is recognised with the page number printed over it, the
    sheet reads page by page (never a line joined across the halves), and a passage is cited by the transcript's
    pages and lines (46:25–47:1), not the sheet's; tagging by lines names the transcript's pages too."""
    from ..cli.test_cli import bad, ok

    sheets = pymupdf.open(condensed(tmp_path / "condensed.pdf"))
    found = page_columns(sheets[1])
    assert [c.label for c in found] == ["49", "50", "51", "52"] and {c.count for c in found} == {25}
    left, right = found[0].area, found[2].area
    assert left is not None and right is not None and left[2] == right[0] and 306 < right[0] < 306 + 45  # the halves
    path = tmp_path / "case.json"
    project = new_project(Case(name="Kadrey v. Meta Platforms, Inc."), load_codebook(default_codebook_path()))
    dep = add_exhibit(project, path, tmp_path / "condensed.pdf")
    dep.short_name = "Smith Dep."
    assert [(c.page, c.label) for c in dep.line_numbers][:5] == [(0, "45"), (0, "46"), (0, "47"), (0, "48"), (1, "49")]
    text = extract_page_text(sheets[0]).text
    assert text.index("(45:25)") < text.index("(46:1)") < text.index("(46:23)") < text.index("(47:2)")
    assert "Page 4" not in text and "\n1 " not in text  # the printed page numbers and line numbers are layout
    assert "A. John Smith. (45:2)\nQ. Where do you work? (45:3)" in text  # each line whole, not joined to 47:2
    tagged = tag_quote(project, path, dep, "Several engineers raised concerns about the legal risk", ["copying"])
    assert dep.cite_passage(tagged.annotation) == "Ex. 1 at 46:25–47:1"
    tag_quote(project, path, dep, "Who approved that? (50:10)", ["willfulness"])
    assert dep.cite_passage(project.annotations[-1]) == "Ex. 1 at 50:10"
    export(project, path, Format.md, tmp_path / "b.md", BriefOptions(cite_style=CiteStyle.bluebook))
    md = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "Ex\\. 1, at 46:25–47:1" in md and "Ex\\. 1, at 50:10" in md
    export(project, path, Format.docx, tmp_path / "b.docx", BriefOptions(short_forms=True))
    words = "\n".join(p.text for p in docx.Document(str(tmp_path / "b.docx")).paragraphs)
    assert "(“Smith Dep.”) at 46:25–47:1" in words and "Smith Dep. at 50:10" in words, words
    checks = check_brief(tmp_path / "b.docx", project, path)
    assert [c.verdict for c in checks] == [Verdict.exact, Verdict.exact], [(c.citation.cite, c.detail) for c in checks]
    # The command line names the transcript's pages; a sheet's place is no page of the transcript.
    save_project(project, path)
    tag = ("tag", path, "--category", "Copying", "--exhibit", "Ex. 1", "--lines")
    assert "Tagged Ex. 1 at 47:2–3 " in ok(*tag, "47:2-3")
    assert load_project(path).annotations[-1].text.split()[-1] == "(47:3)"
    assert "Tagged Ex. 1 at 48:25–49:1 " in ok(*tag, "48:25-49:1")  # across sheets
    assert "holds 4 transcript pages" in bad(*tag, "1:3-4")


def test_a_real_order_on_pleading_paper(tmp_path: Path) -> None:
    """The Central District of California's order on pleading paper: every page's 28 numbers, its ECF header and
    footers out of the text, a quote running from page 2 onto page 3 read on and cited 2:27–3:1, as the page shows
    it; the Arizona order has pleading paper on its first page only (then a landscape schedule)."""
    path = tmp_path / "case.json"
    project = new_project(Case(name="ConsumerInfo.com v. Leon"), load_codebook(default_codebook_path()))
    order = add_exhibit(project, path, EXHIBITS / "court" / "cacd-pleading-order.pdf")
    assert [(c.page, c.first, c.count) for c in order.line_numbers] == [(p, 1, 28) for p in range(4)]
    text = extract_page_text(pymupdf.open(EXHIBITS / "court" / "cacd-pleading-order.pdf")[1]).text
    assert text.startswith("On July 13, 2016, the Court issued") and "Page ID" not in text and "- 2 -" not in text
    tagged = tag_quote(project, path, order, "At the July 25, 2016, hearing, and pursuant to stipulation", ["copying"])
    assert order.cite_passage(tagged.annotation) == "Ex. 1 at 2:6"
    across = "are enjoined from the unauthorized use, duplication, or distribution of Experian’s JavaScript code"
    tagged = tag_quote(project, path, order, across, ["copying"])
    assert (
        tagged.annotation.text.split() == across.split()
        and order.cite_passage(tagged.annotation) == "Ex. 1 at 2:27–3:1"
    )
    mdl = add_exhibit(project, path, EXHIBITS / "court" / "azd-pleading-order.pdf")
    assert [(c.page, c.count) for c in mdl.line_numbers] == [(0, 28)]
