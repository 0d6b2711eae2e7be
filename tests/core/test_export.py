"""Exports: every quote and cite checked against the exhibit itself, read back from the files written."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import docx
import pymupdf
import pytest
from docx.oxml.ns import qn

from exhibit_annotator.core.brief.brief import BriefOptions, CiteStyle, ExportCancelled, Order, build_brief
from exhibit_annotator.core.export import Format, export
from exhibit_annotator.core.model import Case, Project, ReviewStatus
from exhibit_annotator.core.normalize import fold_text
from exhibit_annotator.core.pdf.exhibits import open_pdf
from exhibit_annotator.core.pdf.text import DocumentText
from exhibit_annotator.core.project import categories
from exhibit_annotator.core.project.edits import new_project, tag_area, tag_quote
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import load_codebook, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import SOURCES, need_libreoffice

NASTY_NOTE = "<script>alert(1)</script> **bold** {{ x }} [link](http://x) \x00\x01\x0b end"
BIG_NOTE = "long note " * 10_000  # 100 KB


def sentence(lang: str, contains: str) -> str:
    text = (SOURCES / f"{lang}.txt").read_text(encoding="utf-8")
    for para in text.split("\n"):
        for s in re.split(r"(?<=[.!؟?])\s+", para):
            if contains in s:
                return s.strip()
    raise AssertionError(contains)


@pytest.fixture
def tagged(exhibits_copy: Path) -> tuple[Project, Path]:
    path = exhibits_copy / "kadrey.json"
    case = Case(name="Kadrey v. Meta Platforms, Inc.", court="N.D. Cal.", number="3:23-cv-03417")
    project = new_project(case, load_codebook(default_codebook_path()))
    en = add_exhibit(project, path, exhibits_copy / "exhibit-en.pdf", bates_prefix="META-", bates_start=123)
    ru = add_exhibit(project, path, exhibits_copy / "exhibit-ru.pdf")
    ar = add_exhibit(project, path, exhibits_copy / "exhibit-ar.pdf")
    scan = add_exhibit(project, path, exhibits_copy / "exhibit-ru-scanned.pdf")
    tag_quote(project, path, en, sentence("en", "LibGen data set"), ["knowledge-of-pirated-source", "copying"],
              note=NASTY_NOTE, author="J. Doe")  # fmt: skip
    tag_quote(project, path, en, sentence("en", "Mistral was mentioned"), ["competitive-motive"], note=BIG_NOTE,
              author="A. Roe")  # fmt: skip
    tag_quote(project, path, ru, sentence("ru", "Мистраль для нас"), ["competitive-motive"], author="J. Doe")
    # A sentence that runs from page 1 onto page 2.
    tag_quote(project, path, ru, "набор данных LibGen, который содержит защищенные авторским правом работы от Cengage",
              ["copying"], author="J. Doe")  # fmt: skip
    tag_quote(project, path, ar, sentence("ar", "حبة الفول السوداني"), ["competitive-motive"], author="A. Roe")
    tag_quote(project, path, ar, sentence("ar", "Llama 3 هو كل ما أهتم به"), ["willfulness"], author="A. Roe")
    tag_area(project, scan, 0, (56, 40, 540, 120), ["competitive-motive"], note="Headline", author="J. Doe")
    project.annotations[1].review = ReviewStatus.accepted
    save_project(project, path)
    return project, path


def read_back(pdf: Path) -> str:
    """A PDF's text as a reader gets it, through our logical-order text layer (MuPDF alone misorders Arabic
    lines), folded: presentation forms to letters, whitespace and hyphenation ignored."""
    doc = pymupdf.open(pdf)
    return fold_text("\n".join(page.text for page in DocumentText(doc).pages()))


def check_quote_against_exhibit(project: Project, path: Path, quote: str, cite: str) -> None:
    """The quote is the exhibit's text starting on the cited page."""
    label, _, pages = cite.partition(" at ")
    exhibit = next(e for e in project.exhibits if e.label == label)
    first_page = int(pages.split("–")[0]) - 1
    doc = open_pdf(path.parent / exhibit.path)
    try:
        from exhibit_annotator.core.pdf.anchoring import find_quote

        found = find_quote(DocumentText(doc), quote, page=first_page)
        assert found.passage.text == quote
    finally:
        doc.close()


def test_docx_quotes_and_cites_are_the_exhibits_text(tagged: tuple[Project, Path], tmp_path: Path) -> None:
    project, path = tagged
    out = tmp_path / "brief.docx"
    export(project, path, Format.docx, out, BriefOptions(prepared_by="J. Doe", include_authors=True))
    document = docx.Document(str(out))
    paragraphs = document.paragraphs
    quotes = [
        (p, paragraphs[i + 1].text)
        for i, p in enumerate(paragraphs)
        if p.style.name == "Brief Quote" and p.text and not p.text.startswith("[Area of page")
    ]
    texts = {p.text for p, _ in quotes}
    assert {a.text for a in project.annotations if a.kind == "text"} <= texts
    for p, cite in quotes:
        check_quote_against_exhibit(project, path, p.text, cite)
    # Cross-page cite, the real headings and styles an attorney restyles.
    assert any(cite == "Ex. 2 at 1–2" for _, cite in quotes)
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Index of Exhibits" and "Competitive motive" in headings and headings[-1] == "Summary"
    assert headings.index("Copyright infringement") < headings.index("Copying")  # claim before its element
    # Notes are data: the nasty one survives as text, control characters replaced, the 100 KB one whole.
    all_text = "\n".join(p.text for p in paragraphs)
    assert "<script>alert(1)</script> **bold** {{ x }} [link](http://x)" in all_text
    assert BIG_NOTE.strip() in all_text
    # Arabic: a right-to-left paragraph with the run properties Word and LibreOffice need, and no w:jc.
    arabic = next(p for p, _ in quotes if "الفول" in p.text)
    p_pr = arabic._p.pPr
    assert p_pr.find(qn("w:bidi")) is not None and p_pr.find(qn("w:jc")) is None
    r_pr = arabic.runs[0]._r.rPr
    assert r_pr.find(qn("w:rtl")) is not None and r_pr.find(qn("w:lang")).get(qn("w:bidi")) == "ar-SA"
    assert r_pr.find(qn("w:rFonts")).get(qn("w:cs"))
    # Index and summary tables.
    _caption, index, summary = document.tables
    assert [c.text for c in index.rows[1].cells][:4] == ["Ex. 1", "exhibit-en", "5", "META-000123–META-000127"]
    row = next(r for r in summary.rows if r.cells[0].text == "Competitive motive")
    assert [c.text for c in row.cells[1:]] == ["1", "1", "1", "1", "4"]


@pytest.mark.slow
def test_pdf_quotes_cites_fonts_bookmarks_and_page_numbers(tagged: tuple[Project, Path], tmp_path: Path) -> None:
    project, path = tagged
    out = tmp_path / "brief.pdf"
    export(project, path, Format.pdf, out, BriefOptions(include_callouts=True))
    pdf = pymupdf.open(out)
    text = "\n".join(page.get_text() for page in pdf)
    folded = read_back(out)
    for a in project.annotations:
        if a.kind == "text":
            # The text layer a reader copies from holds each quote (Arabic read back as letters, not
            # presentation forms, once NFKC-folded) next to its cite.
            assert fold_text(a.text) in folded, a.text
    assert "Ex. 1 at 1" in text and "Ex. 2 at 1–2" in text and "Ex. 3 at 1" in text
    assert "<script>alert(1)</script>" in text  # shown as text, not swallowed as markup
    assert all(font[1] != "n/a" for page in pdf for font in page.get_fonts())  # embedded
    toc = [entry[1] for entry in pdf.get_toc()]
    assert toc[0] == "Index of Exhibits" and "Competitive motive" in toc and "Summary" in toc
    assert pdf[1].get_text().strip().endswith("2")  # page number in the footer
    assert sum(len(page.get_images()) for page in pdf) >= 7  # a callout under each passage
    assert out.stat().st_size < 1_000_000  # fonts subset


def test_markdown_csv_and_web_annotations(tagged: tuple[Project, Path], tmp_path: Path) -> None:
    project, path = tagged
    export(project, path, Format.md, tmp_path / "b.md", BriefOptions(order=Order.exhibit))
    md = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "<script>" not in md and "\\<script\\>" in md and "\\*\\*bold\\*\\*" in md
    assert md.index("## Ex\\. 1") < md.index("## Ex\\. 2")

    export(project, path, Format.csv, tmp_path / "a.csv", BriefOptions(cite_style=CiteStyle.bates))
    raw = (tmp_path / "a.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(project.annotations)
    assert rows[0]["cite"] == "META-000123" and rows[0]["categories"] == "Knowledge of pirated source; Copying"
    assert any("Мистраль" in r["quote"] for r in rows) and any("الفول" in r["quote"] for r in rows)

    export(project, path, Format.jsonld, tmp_path / "a.jsonld", BriefOptions(statuses={ReviewStatus.accepted}))
    collection = json.loads((tmp_path / "a.jsonld").read_text(encoding="utf-8"))
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 1
    item = collection["items"][0]
    assert item["target"]["source"] == f"urn:sha256:{project.exhibits[0].sha256}"
    assert {s["type"] for s in item["target"]["selector"]} >= {"TextQuoteSelector", "TextPositionSelector"}


def test_annotated_exhibits_carry_real_highlights(tagged: tuple[Project, Path], tmp_path: Path) -> None:
    project, path = tagged
    written = export(project, path, Format.annotated, tmp_path / "annotated", BriefOptions(), stamp=True)
    assert len(written) == 4
    ar = pymupdf.open(next(p for p in written if "exhibit-ar" in p.name))
    first = ar[0]  # keep the page alive while its annotations are used
    annots = list(first.annots())
    assert [a.type[1] for a in annots] == ["Highlight", "Highlight"]
    assert annots[0].info["content"].startswith("Competitive motive") and annots[0].info["title"] == "A. Roe"
    colour = next(c.colour for c in project.codebook if c.name == "Competitive motive")  # the category's own
    rgb = tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    assert annots[0].colors["stroke"] == pytest.approx(rgb, abs=0.01)
    assert "EXHIBIT 3" in first.get_text()
    scan = pymupdf.open(next(p for p in written if "scanned" in p.name))
    assert [a.type[1] for a in scan[0].annots()] == ["Square"]
    # The exhibit itself is untouched.
    assert not list(pymupdf.open(path.parent / "exhibit-ar.pdf")[0].annots())


def test_filters_missing_files_and_cancel(tagged: tuple[Project, Path], tmp_path: Path) -> None:
    project, path = tagged
    only = BriefOptions(categories={"willfulness"}, authors={"A. Roe"})
    brief = build_brief(project, path, only)
    assert [s.heading for s in brief.sections] == ["Willfulness"]
    assert [e.quote for s in brief.sections for e in s.entries] == [project.annotations[5].text]
    (path.parent / "exhibit-ar.pdf").unlink()
    brief = build_brief(project, path, only)
    assert not brief.sections[0].entries[0].verified  # says so, instead of quietly printing an unchecked quote
    assert brief.exhibits[2].problem == "file missing"
    with pytest.raises(ExportCancelled):
        export(project, path, Format.docx, tmp_path / "c.docx", BriefOptions(), progress=lambda done, total: False)
    assert not list(tmp_path.glob("*c.docx*"))


@pytest.mark.slow
def test_libreoffice_renders_the_docx_with_arabic_and_russian(tagged: tuple[Project, Path], tmp_path: Path) -> None:
    need_libreoffice()
    project, path = tagged
    out = tmp_path / "brief.docx"
    export(project, path, Format.docx, out, BriefOptions())
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = read_back(tmp_path / "brief.pdf")
    for a in project.annotations:
        if a.kind == "text":
            assert fold_text(a.text) in text, a.text


def test_csv_cells_that_would_run_as_formulas_are_neutralised(tagged: tuple[Project, Path], tmp_path: Path) -> None:
    """CSV injection (OWASP): a note or a quote (which a hostile PDF controls) starting with = + - @ or a tab is
    written with a leading apostrophe, so a spreadsheet shows it instead of running it."""
    from exhibit_annotator.core.project import edits

    project, path = tagged
    for annotation, note in zip(project.annotations, ('=HYPERLINK("http://x","y")', "+1", "@SUM(A1)"), strict=False):
        edits.update_annotation(project, annotation.id, note=note)
    export(project, path, Format.csv, tmp_path / "a.csv", BriefOptions())
    rows = list(csv.DictReader(io.StringIO((tmp_path / "a.csv").read_text(encoding="utf-8-sig"), newline="")))
    notes = {r["note"] for r in rows}
    assert {'\'=HYPERLINK("http://x","y")', "'+1", "'@SUM(A1)"} <= notes
    assert all(not r[k].startswith(("=", "+", "-", "@")) for r in rows for k in r)
    assert rows[0]["page"].isdigit()  # numbers stay numbers


def test_markdown_block_constructs_in_user_text_stay_text(tagged: tuple[Project, Path], tmp_path: Path) -> None:
    """A note 'x' over '===' became a heading, an indented line a code block, a category name with a line break
    split its heading: all stay text now."""
    from exhibit_annotator.core.project import edits

    project, path = tagged
    edits.update_annotation(project, project.annotations[0].id, note="Setext\n===\n    indented code?\n- a list?")
    categories.change_category(project, project.annotations[0].category_ids[0], name="Knowledge\nof pirated source")
    export(project, path, Format.md, tmp_path / "b.md", BriefOptions())
    lines = (tmp_path / "b.md").read_text(encoding="utf-8").splitlines()
    assert not any(line.strip("= ") == "" and "=" in line for line in lines)  # no setext underline
    assert not any(line.startswith("    ") for line in lines)  # no indented code block
    assert "\\- a list?" in lines
    assert any(line.startswith("#") and "Knowledge of pirated source" in line for line in lines)
