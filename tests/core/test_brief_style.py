"""The brief as a partner would sign it: the firm's Word template, legal typography, cite forms. Read back from the
files written (python-docx, PyMuPDF), as a reader would check them."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pymupdf
import pytest
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt

from exhibit_annotator.core.brief.brief import BriefOptions, Order, build_brief
from exhibit_annotator.core.brief.citations import Citer, CiteStyle, cite
from exhibit_annotator.core.brief.citecheck import Verdict, check_brief
from exhibit_annotator.core.errors import UserError
from exhibit_annotator.core.export import Format, export
from exhibit_annotator.core.model import Case, Exhibit, Project, ReviewStatus
from exhibit_annotator.core.pdf.anchoring import find_quote
from exhibit_annotator.core.pdf.text import DocumentText
from exhibit_annotator.core.project.edits import new_project, tag_passage
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import load_codebook, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import SOURCES, need_libreoffice
from .test_export import read_back, sentence, tagged  # noqa: F401  (a fixture)

TEMPLATE_TEXT = "TEMPLATE BODY TEXT THAT THE BRIEF REPLACES"


# --- cite forms -----------------------------------------------------------------------------------------------
def _exhibit(**details: object) -> Exhibit:
    fields: dict[str, object] = {"label": "Ex. 3", "title": "Deposition of Jane Smith", "path": "x.pdf",
                                 "sha256": "0" * 64, "page_count": 60}  # fmt: skip
    return Exhibit.model_validate(fields | details)


def test_each_cite_style_names_the_pages_its_way() -> None:
    plain, labelled = _exhibit(docket="45-3", bates_prefix="META-", bates_start=123), _exhibit(page_labels=["i", "ii"])
    assert cite(plain, 1, 1, CiteStyle.exhibit) == "Ex. 3 at 2"
    assert cite(plain, 1, 2, CiteStyle.bluebook) == "Ex. 3, at 2–3"
    assert cite(plain, 1, 1, CiteStyle.ecf) == "ECF No. 45-3, at 2"
    assert cite(plain, 1, 2, CiteStyle.bates) == "META-000124–META-000125"
    assert cite(labelled, 1, 1, CiteStyle.exhibit) == "Ex. 3 at ii"  # the PDF's own page labels
    assert cite(labelled, 1, 1, CiteStyle.exhibit, physical=True) == "Ex. 3 at 2"
    assert cite(labelled, 1, 1, CiteStyle.ecf) == "Ex. 3, at ii"  # no docket entry: Bluebook's form
    assert cite(_exhibit(docket="45-3", page_labels=["i", "ii"]), 1, 1, CiteStyle.ecf) == "ECF No. 45-3, at 2"


def test_id_and_short_forms_follow_what_came_before() -> None:
    smith, other = _exhibit(short_name="Smith Dep."), _exhibit(label="Ex. 4", title="", id="exh-other")
    citer = Citer(CiteStyle.bluebook, id_cites=True, short_forms=True)
    cites = [citer.cite(smith, 44), citer.cite(smith, 44), citer.cite(smith, 49), citer.cite(other, 0),
             citer.cite(smith, 50)]  # fmt: skip
    assert [c.text for c in cites] == [
        "Ex. 3, Deposition of Jane Smith (“Smith Dep.”), at 45", "Id.", "Id. at 50", "Ex. 4, at 1", "Smith Dep., at 51",
    ]  # fmt: skip
    assert [c.id_form for c in cites] == [False, True, True, False, False]
    citer.section()  # a new heading: Id. does not reach back across it
    assert citer.cite(smith, 50).text == "Smith Dep., at 51"
    bates = Citer(CiteStyle.bates, id_cites=True)
    numbered = _exhibit(bates_prefix="META-", bates_start=1)
    assert [bates.cite(numbered, 0).text, bates.cite(numbered, 0).text] == ["META-000001", "META-000001"]


@pytest.fixture
def many(exhibits_copy: Path) -> tuple[Project, Path]:
    """Forty passages over two exhibits, with notes of many lengths, and forty more exhibits (an index that runs
    over pages): a brief long enough that page breaks fall everywhere."""
    path = exhibits_copy / "many.json"
    project = new_project(Case(name="Richard Kadrey, et al. v. Meta Platforms, Inc.", court="N.D. Cal.",
                               number="3:23-cv-03417-VC"), load_codebook(default_codebook_path()))  # fmt: skip
    en = add_exhibit(project, path, exhibits_copy / "exhibit-en.pdf")
    ru = add_exhibit(project, path, exhibits_copy / "exhibit-ru.pdf")
    project.exhibits[0].short_name = "Summary"
    for n in range(40):
        extra = pymupdf.open()
        extra.new_page().insert_text((72, 72), f"Letter {n} of the production")
        extra.save(exhibits_copy / f"extra-{n:02}.pdf")
        add_exhibit(project, path, exhibits_copy / f"extra-{n:02}.pdf")
    count = 0
    for exhibit, lang in ((en, "en"), (ru, "ru")):
        # One reading of the exhibit for all its passages (tag_quote reads it per call: 0.4 s each).
        doc = pymupdf.open(exhibits_copy / exhibit.path)
        pages = DocumentText(doc)
        text = " ".join((SOURCES / f"{lang}.txt").read_text(encoding="utf-8").split())
        for s in re.split(r"(?<=[.!?])\s+", text):
            if len(s) < 60 or count >= 40:
                continue
            try:
                found = find_quote(pages, s)
            except UserError:
                continue  # a sentence the exhibit sets across a heading
            note = "affidavit officer fiduciary " * (count % 7)
            tag_passage(project, exhibit, found.passage, ["copying"], note=note)
            count += 1
        doc.close()
    assert count >= 30
    save_project(project, path)
    return project, path


# --- Word ------------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_word_brief_reads_like_a_court_document(tagged: tuple[Project, Path], tmp_path: Path) -> None:  # noqa: F811
    project, path = tagged
    project.annotations[0].key_passage = True
    project.annotations[0].review_comment = "Check the date"
    out = tmp_path / "brief.docx"
    export(project, path, Format.docx, out, BriefOptions(include_review=True, include_callouts=True))
    document = docx.Document(str(out))
    paragraphs = document.paragraphs
    assert document.styles["Normal"].font.name == "Times New Roman"
    # A court caption: the court, the parties boxed on the left, the number and title on the right.
    assert paragraphs[0].text == "N.D. CAL."
    caption = document.tables[0]
    assert [p.text for p in caption.cell(0, 0).paragraphs] == [
        "Kadrey,", "Plaintiff,", "v.", "Meta Platforms, Inc.,", "Defendant.",
    ]  # fmt: skip
    assert [p.text for p in caption.cell(0, 1).paragraphs] == ["Case No. 3:23-cv-03417", "EXHIBIT BRIEF"]
    # Every quote (and callout) is kept on the page of its cite; the cite with its note.
    for n, p in enumerate(paragraphs):
        if p.style.name == "Brief Quote":
            assert p.paragraph_format.keep_with_next, p.text
            assert paragraphs[n + 1].style.name in ("Brief Quote", "Brief Cite")
    # Arabic reads right to left, not italic in either script slot, not aligned by hand.
    arabic = next(p for p in paragraphs if "الفول" in p.text)
    assert arabic._p.pPr.find(qn("w:bidi")) is not None and arabic._p.pPr.find(qn("w:jc")) is None
    for run in arabic.runs:
        r_pr = run._r.rPr
        assert r_pr.find(qn("w:i")).get(qn("w:val")) in ("0", "false")
        assert r_pr.find(qn("w:iCs")).get(qn("w:val")) in ("0", "false")
    # Tables fit the text width, repeat their header row, and never split a row.
    width = document.sections[0].page_width - document.sections[0].left_margin - document.sections[0].right_margin
    for table in document.tables[1:]:
        assert abs(sum(c.width for c in table.columns) - width) < Inches(0.05)
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    summary = document.tables[-1]
    assert summary.columns[0].width > Inches(2)  # "Copyright infringement" on one line
    # A table of contents whose page references point at the headings' bookmarks.
    body = document.element.body
    marks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    refs = [t.text for t in body.iter(qn("w:instrText")) if "PAGEREF" in t.text]
    headings = [p for p in paragraphs if p.style.name.startswith("Heading")]
    assert len(refs) == len(headings) and all(r.split()[1] in marks for r in refs)
    # The key passage and the review, when asked for.
    key = next(p for p in paragraphs if "Key passage" in p.text)
    assert key.style.name == "Brief Cite" and key.text.startswith("Ex. 1 at 1")
    assert any(p.text.startswith("Note:") and "Review: proposed — Check the date" in p.text for p in paragraphs)
    # Callouts at one width.
    widths = {s.width for s in document.inline_shapes}
    assert len(document.inline_shapes) >= 6 and len(widths) == 1


def _template(folder: Path, name: str = "firm.dotx") -> Path:
    """A firm's template as Word saves one: its own fonts and quote style, A4 with wide margins, a letterhead
    and a footer legend, and some body text the brief must not keep."""
    doc = docx.Document()
    doc.styles["Normal"].font.name = "Garamond"
    doc.styles["Normal"].font.size = Pt(11)
    block = doc.styles.add_style("Block Text", 1)
    block.base_style = doc.styles["Normal"]
    block.font.italic = True
    block.paragraph_format.left_indent = Inches(1)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Inches(1.5)
    section.header.paragraphs[0].text = "SMITH & JONES LLP"
    section.footer.paragraphs[0].text = "PRIVILEGED & CONFIDENTIAL — ATTORNEY WORK PRODUCT"
    doc.add_paragraph(TEMPLATE_TEXT)
    buffer = io.BytesIO()
    doc.save(buffer)
    out = folder / name
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml" and name.endswith(".dotx"):
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(info, data)
    return out


def test_word_brief_on_the_firms_template(tagged: tuple[Project, Path], tmp_path: Path) -> None:  # noqa: F811
    project, path = tagged
    template = _template(tmp_path)
    out = tmp_path / "brief.docx"
    export(project, path, Format.docx, out, BriefOptions(template=template))
    document = docx.Document(str(out))
    section = document.sections[0]
    # The template's page, letterhead, footer and fonts; none of its body text; no second page number.
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and section.left_margin == Inches(1.5)
    assert section.header.paragraphs[0].text == "SMITH & JONES LLP"
    assert [p.text for p in section.footer.paragraphs] == ["PRIVILEGED & CONFIDENTIAL — ATTORNEY WORK PRODUCT"]
    assert document.styles["Normal"].font.name == "Garamond"
    assert TEMPLATE_TEXT not in "\n".join(p.text for p in document.paragraphs)
    # Quotes take the firm's quote style; the brief's other styles are added on the firm's Normal.
    quotes = [p for p in document.paragraphs if p.text in {a.text for a in project.annotations if a.text}]
    assert quotes and {p.style.name for p in quotes} == {"Block Text"}
    cite_style = document.styles["Brief Cite"]
    assert cite_style.base_style.name == "Normal"
    assert any(p.style.name == "Brief Cite" and p.text.startswith("Ex. 1 at 1") for p in document.paragraphs)
    # The firm's quote style is italic; Arabic still is not (it has no italics).
    arabic = next(p for p in quotes if "الفول" in p.text)
    assert all(r.font.italic is False for r in arabic.runs)
    # Tables fit the template's narrower text width.
    index = document.tables[1]
    assert abs(sum(c.width for c in index.columns) - (section.page_width - Inches(3))) < Inches(0.05)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("scan.dotx", b"%PDF-1.7 not a template", "is not a Word document or template"),
        ("macros.dotm", b"PK anything", "macro-enabled"),
        ("missing.dotx", None, "cannot be read"),
    ],
)
@pytest.mark.slow
def test_a_template_that_cannot_be_used_says_which_and_why(
    tagged: tuple[Project, Path],  # noqa: F811
    tmp_path: Path,
    name: str,
    content: bytes | None,
    problem: str,
) -> None:
    project, path = tagged
    template = tmp_path / name
    if content is not None:
        template.write_bytes(content)
    out = tmp_path / "brief.docx"
    with pytest.raises(UserError, match=re.escape(name)) as raised:
        export(project, path, Format.docx, out, BriefOptions(template=template))
    assert problem in str(raised.value)
    assert not list(tmp_path.glob("*brief.docx*"))  # nothing half-written


@pytest.mark.slow
def test_libreoffice_lays_out_the_brief_with_page_numbers_in_its_contents(
    tagged: tuple[Project, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    need_libreoffice()
    project, path = tagged
    out = tmp_path / "brief.docx"
    export(project, path, Format.docx, out, BriefOptions(cite_style=CiteStyle.bluebook))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = pymupdf.open(tmp_path / "brief.pdf")
    contents = pdf[1].get_text()
    assert "TABLE OF CONTENTS" in contents
    for heading in ("Index of Exhibits", "Competitive motive", "Summary"):
        line = next(line for line in contents.splitlines() if line.startswith(heading))
        page = int(re.search(r"(\d+)\s*$", line).group(1))  # type: ignore[union-attr]
        assert heading in pdf[page - 1].get_text(), (heading, page)
    assert "Ex. 2, at 1–2" in " ".join(" ".join(page.get_text().split()) for page in pdf)


# --- PDF -------------------------------------------------------------------------------------------------------
def _reading(pdf: pymupdf.Document) -> tuple[str, list[int]]:
    """The PDF's text in reading order, whitespace folded, and where each page starts in it."""
    text, starts = "", []
    for page in pdf:
        starts.append(len(text))
        text += " ".join(page.get_text().split()) + " "
    return text, starts


def _page_at(starts: list[int], offset: int) -> int:
    return max(n for n, s in enumerate(starts) if s <= offset)


def test_pdf_keeps_quotes_with_cites_repeats_headers_and_lists_contents(
    many: tuple[Project, Path], tmp_path: Path
) -> None:
    project, path = many
    out = tmp_path / "brief.pdf"
    options = BriefOptions(cite_style=CiteStyle.bluebook)
    export(project, path, Format.pdf, out, options)
    pdf = pymupdf.open(out)
    text, starts = _reading(pdf)
    brief = build_brief(project, path, options)
    # Every quote starts on the page of its cite.
    at = 0
    entries = [e for s in brief.sections for e in s.entries]
    assert len(entries) >= 30
    for e in entries:
        opening = " ".join(e.quote.split()[:5])
        q = text.index(opening, at)
        c = text.index(e.cite, q)
        assert _page_at(starts, q) == _page_at(starts, c), (e.quote[:40], e.cite)
        at = c
    # The index of 42 exhibits runs over pages: each of them starts with the header row.
    pages_with_rows = {n for n, page in enumerate(pdf) if re.search(r"extra-\d\d\.pdf", page.get_text())}
    assert len(pages_with_rows) >= 2
    for n in pages_with_rows:
        lines = pdf[n].get_text().splitlines()
        first_row = next(i for i, line in enumerate(lines) if re.fullmatch(r"Ex\. \d+", line))
        assert lines[first_row - 5 : first_row] == ["Exhibit", "Title", "Pages", "Bates", "range"] or (
            "Exhibit" in lines[:first_row] and "File" in lines[:first_row]
        ), n
    # The table of contents gives each heading's page, and links there.
    contents = pdf[1]
    assert "TABLE OF CONTENTS" in contents.get_text()
    lines = contents.get_text().splitlines()
    for heading in ("Index of Exhibits", "Copying", "Summary"):
        page = int(lines[lines.index(heading) + 1])
        assert heading in pdf[page - 1].get_text().splitlines(), heading
    assert {link["page"] for link in contents.get_links()} >= {2}
    # Serif type whose text layer reads back exactly: no ligature characters in "affidavit officer fiduciary".
    fonts = {f[3] for page in pdf for f in page.get_fonts()}
    assert any("Noto Serif" in f for f in fonts)
    assert "affidavit officer fiduciary" in text and not re.search("[\ufb00-\ufb06]", text)


@pytest.mark.slow
def test_pdf_sets_arabic_flush_right_upright_and_callouts_at_one_width(
    tagged: tuple[Project, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    project, path = tagged
    out = tmp_path / "brief.pdf"
    export(project, path, Format.pdf, out, BriefOptions(include_callouts=True))
    pdf = pymupdf.open(out)
    arabic_lines = [
        line
        for page in pdf
        for block in page.get_text("dict")["blocks"]
        for line in block.get("lines", [])
        if any("DejaVu" in s["font"] for s in line["spans"])  # the right-to-left face: the Arabic quotes' lines
    ]
    assert len(arabic_lines) >= 4
    rows: dict[float, float] = {}  # MuPDF splits a line where its direction changes ("Llama 3"): rebuild rows
    for line in arabic_lines:
        rows[round(line["bbox"][3])] = max(rows.get(round(line["bbox"][3]), 0), line["bbox"][2])
    right_edges = {round(x1) for x1 in rows.values()}
    # All flush with one right edge, the block quote's, even a paragraph's short last line; none slanted.
    latin_quote = next(  # a left-to-right block quote's left edge: the quote box is symmetric on the page
        line["bbox"][0]
        for page in pdf
        for block in page.get_text("dict")["blocks"]
        for line in block.get("lines", [])
        if "clearing the way to use the LibGen" in "".join(s["text"] for s in line["spans"])
    )
    assert len(right_edges) == 1 and abs(right_edges.pop() - (pdf[0].rect.width - latin_quote)) < 2
    assert any(line["bbox"][0] > pdf[0].rect.width / 2 for line in arabic_lines)  # a short last line, at the right
    for line in arabic_lines:
        assert all(not s["flags"] & 2 and "Oblique" not in s["font"] for s in line["spans"])
    widths = {round(info["bbox"][2] - info["bbox"][0]) for page in pdf for info in page.get_image_info()}
    assert len(widths) == 1


# --- cite styles through every writer, and cite-check reading them back ---------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("style", [CiteStyle.exhibit, CiteStyle.bluebook, CiteStyle.ecf, CiteStyle.bates])
def test_each_cite_style_in_markdown_and_word_passes_cite_check(
    tagged: tuple[Project, Path],  # noqa: F811
    tmp_path: Path,
    style: CiteStyle,
) -> None:
    project, path = tagged
    project.exhibits[0].docket = "45-3"
    project.exhibits[1].short_name = "Ru. Report"
    project.exhibits[1].title = "Russian news report"
    save_project(project, path)
    options = BriefOptions(cite_style=style, id_cites=True, short_forms=True, order=Order.exhibit)
    export(project, path, Format.md, tmp_path / "b.md", options)
    md = (tmp_path / "b.md").read_text(encoding="utf-8")
    expected = {
        CiteStyle.exhibit: "— Ex\\. 1, exhibit\\-en at 1",
        CiteStyle.bluebook: "— Ex\\. 1, exhibit\\-en, at 1",
        CiteStyle.ecf: "— ECF No\\. 45\\-3, exhibit\\-en, at 1",
        CiteStyle.bates: "— META\\-000123",
    }[style]
    assert expected in md
    assert "— *Id.* at 1–2" in md  # the second passage of Ex. 2, right after the first
    assert "Russian news report \\(“Ru\\. Report”\\)" in md
    docx_out = tmp_path / "b.docx"
    export(project, path, Format.docx, docx_out, options)
    document = docx.Document(str(docx_out))
    id_runs = [r for p in document.paragraphs if p.style.name == "Brief Cite" for r in p.runs if r.text == "Id."]
    assert id_runs and all(r.italic for r in id_runs)  # (with Bates numbers, for the exhibits that have none)
    checks = check_brief(docx_out, project, path)
    assert len(checks) >= 6 and all(c.verdict is Verdict.exact for c in checks), [
        (c.citation.cite, c.verdict, c.detail) for c in checks if not c.holds
    ]


def test_review_and_key_marks_are_optional(tagged: tuple[Project, Path], tmp_path: Path) -> None:  # noqa: F811
    project, path = tagged
    project.annotations[0].key_passage = True
    project.annotations[0].review = ReviewStatus.needs_work
    project.annotations[0].review_comment = "Quote the next sentence too"
    export(project, path, Format.md, tmp_path / "a.md", BriefOptions(include_review=True))
    export(project, path, Format.md, tmp_path / "b.md", BriefOptions(mark_key=False))
    with_marks, without = ((tmp_path / n).read_text(encoding="utf-8") for n in ("a.md", "b.md"))
    assert "**★ Key passage**" in with_marks and "*Review:* needs work — Quote the next sentence too" in with_marks
    assert "Key passage" not in without and "*Review:*" not in without


def test_the_pdf_faces_write_no_ligature_characters_in_either_direction() -> None:
    """A Latin word inside an Arabic quote ("office") is set in the right-to-left face: its text layer must read
    "office", not "oﬃce", while Arabic keeps its lam-alef (the bundled DejaVu Sans has its Latin ligatures off)."""
    from exhibit_annotator.core.export import pdf as brief_pdf

    archive = pymupdf.Archive()
    css = brief_pdf._fonts(archive)
    body = '<p dir="rtl" class="rtl">وقال إن office و affiliate لا</p><p>affidavit officer fiduciary</p>'
    story = pymupdf.Story(html=body, user_css=css + brief_pdf.CSS, archive=archive)
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    device = writer.begin_page(brief_pdf.PAGE)
    story.place(pymupdf.Rect(72, 72, 540, 720))
    story.draw(device)
    writer.end_page()
    writer.close()
    text = pymupdf.open("pdf", buffer.getvalue())[0].get_text()
    assert "office" in text and "affiliate" in text and "affidavit officer fiduciary" in text
    assert not re.search("[\ufb00-\ufb06]", text) and "\ufefb" in text  # no Latin ligatures; lam-alef shaped
