"""OCR of scanned exhibits with the real Tesseract, on real scans: the text a user searches, tags and quotes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pymupdf
import pytest

from exhibit_annotator.cli import main
from exhibit_annotator.core.brief.brief import BriefOptions
from exhibit_annotator.core.export import Format, export
from exhibit_annotator.core.pdf.exhibits import sha256_of
from exhibit_annotator.core.pdf.ocr import (
    CACHE_FOLDER,
    OcrFile,
    OcrStore,
    document_text,
    ocr_exhibit,
    parse_tsv,
    recognise,
)
from exhibit_annotator.core.pdf.search import ProjectSearch
from exhibit_annotator.core.pdf.tesseract import OcrUnavailable, find_engine
from exhibit_annotator.core.pdf.text import OCR_METHOD, DocumentText
from exhibit_annotator.core.project.operations import TagArea, TagQuote
from exhibit_annotator.core.project.session import ProjectSession
from exhibit_annotator.core.project.store import load_project, save_project
from tests.conftest import BAD_INPUTS, DATA, EXHIBITS, SCANS, need_tesseract

# A word of each language on the first page of its scan, and a passage to quote (as printed in the sources).
WORDS = {"Ex. 1": "unsealed", "Ex. 2": "судебные", "Ex. 3": "مهووسون"}
QUOTES = {
    "Ex. 1": "The messages concern the development of the Llama 3 language model",
    "Ex. 2": "как показывают судебные документы",
    "Ex. 3": "كان المديرون التنفيذيون والباحثون الذين يقودون جهود Meta",
}


@pytest.mark.slow
def test_words_of_each_language_are_found_on_the_scans(scanned_project: Path) -> None:
    project = load_project(scanned_project)
    search = ProjectSearch(project, scanned_project)
    try:
        for label, word in WORDS.items():
            exhibit = next(e for e in project.exhibits if e.label == label)
            hits = search.search(word, exhibits=[exhibit.id])
            assert hits, f"{word!r} not found in {label}"
            assert hits[0].page == 0 and hits[0].text.casefold() == word.casefold()
            # Its highlight lies on the word's place on the page image, inside the page.
            x0, y0, x1, y1 = hits[0].rects[0]
            assert 0 <= x0 < x1 <= 596 and 0 <= y0 < y1 <= 842
    finally:
        search.close()


@pytest.mark.slow
def test_a_quote_is_tagged_and_the_brief_quotes_it_as_ocr_text(scanned_project: Path, tmp_path: Path) -> None:
    folder = scanned_project.parent
    before = {name: sha256_of(folder / name) for name in SCANS}
    project = load_project(scanned_project)
    session = ProjectSession(project, scanned_project)
    for label, quote in QUOTES.items():
        exhibit = next(e for e in project.exhibits if e.label == label)
        session.apply(TagQuote(scanned_project, exhibit.id, quote, ["willfulness"]))
        tagged = project.annotations[-1]
        assert tagged.text == quote  # the words read from the image, in reading order
        assert tagged.extraction is not None and tagged.extraction.method == OCR_METHOD
        assert tagged.extraction.engine.startswith("Tesseract ")
    save_project(project, scanned_project)

    out = tmp_path / "brief.docx"
    export(project, scanned_project, Format.docx, out, BriefOptions(include_callouts=True))
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    for quote in QUOTES.values():
        assert quote in text
    assert text.count("OCR text; compare with the image") == 3
    pdf_out = tmp_path / "brief.pdf"
    export(project, scanned_project, Format.pdf, pdf_out, BriefOptions())
    with pymupdf.open(pdf_out) as brief:
        printed = re.sub(r"\s+", " ", " ".join(page.get_text() for page in brief))
    assert QUOTES["Ex. 1"] in printed and QUOTES["Ex. 2"] in printed
    assert "OCR text; compare with the image" in printed
    # The evidence is never touched: every scan has the SHA-256 it had.
    assert {name: sha256_of(folder / name) for name in SCANS} == before


@pytest.mark.slow
def test_the_cache_is_reused_and_works_without_tesseract(
    scanned_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = load_project(scanned_project)
    engine = find_engine()
    again = ocr_exhibit(scanned_project, project.exhibits[1], engine)
    assert (again.recognised, again.cached) == (0, 2)
    # A colleague's copy of the folder, on a machine without Tesseract: the text is there, nothing runs.
    colleague = tmp_path / "colleague"
    shutil.copytree(scanned_project.parent, colleague)
    monkeypatch.setenv("EXHIBIT_ANNOTATOR_TESSERACT", str(tmp_path / "no-such-program"))
    with pytest.raises(OcrUnavailable, match="not installed: install it"):
        find_engine()
    exhibit = project.exhibits[1]
    with pymupdf.open(colleague / "exhibit-ru-scanned.pdf") as doc:
        page = document_text(doc, colleague / "scans.json", exhibit).page(0)
    assert "судебные документы" in page.text and page.method == OCR_METHOD


@pytest.mark.slow
def test_without_tesseract_the_command_line_says_how_to_install_it(
    scanned_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EXHIBIT_ANNOTATOR_TESSERACT", str(tmp_path / "no-such-program"))
    assert main(["ocr", str(scanned_project), "--again"]) == 2
    err = capsys.readouterr().err
    assert "Tesseract" in err and "not installed" in err and "apt install tesseract-ocr" in err


@pytest.mark.slow
def test_words_read_with_low_confidence_are_marked_for_checking(scanned_project: Path) -> None:
    project = load_project(scanned_project)
    arabic = project.exhibits[2]
    with pymupdf.open(scanned_project.parent / "exhibit-ar-scanned.pdf") as doc:
        page = document_text(doc, scanned_project, arabic).page(0)
    # Tesseract's Arabic model is unsure of the Latin names in Arabic lines, among others: the view underlines them.
    assert 0 < len(page.doubtful) < 60
    assert all(doc_rect_contains((596, 842), box) for box in page.doubtful)


def doc_rect_contains(size: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    return 0 <= box[0] < box[2] <= size[0] and 0 <= box[1] < box[3] <= size[1]


@pytest.mark.slow
def test_a_damaged_cache_file_is_ignored_not_fatal(scanned_project: Path) -> None:
    project = load_project(scanned_project)
    exhibit = project.exhibits[0]
    for sidecar in (scanned_project.parent / CACHE_FOLDER).glob(f"{exhibit.sha256}.*.json"):
        sidecar.write_text('{"format": "exhibit-annotator-ocr", "pages": {"0": {"lines": [["x", NaN]]}}}')
    assert OcrStore.for_project(scanned_project).load(exhibit.sha256) is None
    with pymupdf.open(scanned_project.parent / "exhibit-en-scanned.pdf") as doc:
        assert not document_text(doc, scanned_project, exhibit).page(0).has_text


@pytest.mark.slow
def test_the_command_line_reads_scans_and_keeps_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    need_tesseract()
    project = tmp_path / "p.json"
    shutil.copy(BAD_INPUTS / "rotated-photo.pdf", tmp_path / "photo.pdf")
    before = sha256_of(tmp_path / "photo.pdf")
    assert main(["new", str(project)]) == 0
    assert main(["add", str(project), str(tmp_path / "photo.pdf"), "--ocr"]) == 0
    assert "read 1 page(s) with Tesseract" in capsys.readouterr().out
    assert (
        main(["tag", str(project), "--exhibit", "Ex. 1", "--quote", "Summary of Unsealed", "--category", "willfulness"])
        == 0
    )
    assert sha256_of(tmp_path / "photo.pdf") == before
    assert load_project(project).annotations[0].text == "Summary of Unsealed"


@pytest.mark.slow
def test_a_page_turned_on_its_side_is_read_upright() -> None:
    need_tesseract()
    with pymupdf.open(BAD_INPUTS / "rotated-photo.pdf") as doc:
        outcome = recognise(doc, [0], find_engine("eng"))
        read = outcome.pages[0]
        assert read.turned in (90, 270)
        text = DocumentText(doc, OcrFile(sha256="0" * 64, engine="t", pages={0: read})).page(0)
        assert text.text.startswith("Declaration Exhibit: Summary of Unsealed Internal Messages")
        # Highlights are in the page's own space: on the page, and tall rather than wide (the text runs up it).
        start = text.text.index("Declaration")
        (x0, y0, x1, y1), *_ = text.rects(start, start + len("Declaration"))
        assert doc[0].rect.contains(pymupdf.Rect(x0, y0, x1, y1)) and (y1 - y0) > 2 * (x1 - x0)


@pytest.mark.slow
def test_a_skewed_scan_is_straightened_before_it_is_read() -> None:
    """At 2.5 degrees Tesseract's layout analysis found 8 of the page's 36 lines; straightened, all of them."""
    need_tesseract()
    with pymupdf.open(EXHIBITS / "exhibit-en.pdf") as source, pymupdf.open() as scan:
        page = source[0]
        tilted = page.get_pixmap(matrix=pymupdf.Matrix(150 / 72, 150 / 72).prerotate(2.5), colorspace=pymupdf.csGRAY)
        scan.new_page(width=page.rect.width, height=page.rect.height).insert_image(page.rect, pixmap=tilted)
        read = recognise(scan, [0], find_engine("eng")).pages[0]
        assert abs(read.skew - 2.5) < 0.5 and len(read.lines) >= 34
        text = DocumentText(scan, OcrFile(sha256="0" * 64, engine="t", pages={0: read})).page(0)
        assert "1. This exhibit summarises internal company messages that the court unsealed on a" in text.text
        start = text.text.index("This exhibit")
        assert scan[0].rect.contains(pymupdf.Rect(text.rects(start, start + 12)[0]))


def test_tsv_direction_marks_are_dropped_and_lines_kept() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "5\t1\t1\t1\t1\t1\t100\t10\t50\t20\t91.5\tMeta\u200f\n"
        "5\t1\t1\t1\t1\t2\t40\t10\t50\t20\t40\tفي\n"
        "5\t1\t1\t1\t2\t1\t40\t40\t50\t20\t96\t \n"
        "4\t1\t1\t1\t2\t0\t40\t40\t50\t20\t-1\t\n"
    )
    lines = parse_tsv(tsv, zoom=2.0)
    assert [[w[0] for w in line.words] for line in lines] == [["Meta", "في"]]
    assert lines[0].words[0][1:5] == (50.0, 5.0, 75.0, 15.0)


@pytest.mark.slow
def test_an_area_on_a_scan_quotes_the_words_read_inside_it(scanned_project: Path, tmp_path: Path) -> None:
    project = load_project(scanned_project)
    exhibit = next(e for e in project.exhibits if e.label == "Ex. 1")
    with pymupdf.open(scanned_project.parent / Path(exhibit.path).name) as doc:
        page = document_text(doc, scanned_project, exhibit).page(0)
    start = page.text.index("The messages concern")
    [(x0, y0, x1, y1)] = page.rects(start, start + len("The messages concern the development"))
    ProjectSession(project, scanned_project).apply(
        TagArea(exhibit.id, 0, (x0 - 1, y0 - 1, x1 + 1, y1 + 1), ["willfulness"])
    )
    out = tmp_path / "brief.md"
    export(project, scanned_project, Format.md, out, BriefOptions())
    brief = out.read_text()
    assert "> The messages concern the development" in brief
    assert "[Area of page" not in brief and "OCR text; compare with the image" in brief
    # Tagged from the command line, the area carries its words: the list, copy with cite and the CSV show them.
    rect = f"{x0 - 1},{y0 - 1},{x1 + 1},{y1 + 1}"
    assert main(["tag", str(scanned_project), "--exhibit", "Ex. 1", "--page", "1", "--rect", rect,
                 "--category", "Willfulness"]) == 0  # fmt: skip
    tagged = load_project(scanned_project).annotations[-1]
    assert tagged.kind == "area" and tagged.text == "The messages concern the development"


@pytest.mark.slow
def test_a_scanned_transcript_keeps_its_margin_numbers_and_speakers(tmp_path: Path) -> None:
    """The default segmentation kept 2 of 25 margin numbers of a transcript page and no "Q."/"A."; the page is
    read again as one block, which keeps them."""
    need_tesseract()
    with pymupdf.open(DATA / "fidelity" / "scotus-transcript-p1.pdf") as source, pymupdf.open() as scan:
        pix = source[0].get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
        page = scan.new_page(width=source[0].rect.width, height=source[0].rect.height)
        page.insert_image(page.rect, pixmap=pix)
        outcome = recognise(scan, [0], find_engine("eng"))
    words = [w[0] for line in outcome.pages[0].lines for w in line.words]
    numbers = {int(w) for w in words if w.isdigit() and 1 <= int(w) <= 25}
    assert len(numbers) >= 20, sorted(numbers)
