"""Produced copies: Bates numbers that read back, continue across exhibits and never cover what a page shows; exhibit
stickers and legends placed the same way; the originals untouched; the numbers recorded for the brief."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pymupdf
import pypdf
import pytest

from exhibit_annotator.core.brief.brief import BriefOptions
from exhibit_annotator.core.errors import UserError
from exhibit_annotator.core.export import Format, export
from exhibit_annotator.core.export.produced import Production, bates_plan, describe_plan
from exhibit_annotator.core.export.stamps import Position
from exhibit_annotator.core.model import Case, Project
from exhibit_annotator.core.pdf.exhibits import sha256_of
from exhibit_annotator.core.project.edits import new_project, tag_quote
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.operations import EditExhibit
from exhibit_annotator.core.project.production import bates_changes, record_bates
from exhibit_annotator.core.project.session import ProjectSession
from exhibit_annotator.core.project.store import load_codebook, load_project, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS

ALL = sorted(p.relative_to(EXHIBITS) for p in EXHIBITS.rglob("*.pdf"))


def odd_pages(path: Path) -> None:
    """Rotated pages (90, 180, 270) with text to the margins, a landscape page, a small page, and a page whose every
    margin is full of text (there the page must grow)."""
    doc = pymupdf.open()
    for rotation, size in ((90, (595, 842)), (180, (595, 842)), (270, (612, 792)), (0, (842, 595)), (0, (300, 400))):
        page = doc.new_page(width=size[0], height=size[1])
        page.insert_text((40, 60), f"Rotated {rotation} top line that runs along the top", fontsize=11)
        page.insert_text((size[0] - 200, size[1] - 20), "text in the bottom-right corner", fontsize=9)
        page.set_rotation(rotation)
    full = doc.new_page(width=400, height=300)
    for y in range(8, 300, 10):
        full.insert_text((4, y), "every line of this page is full of words from edge to edge " * 2, fontsize=9)
    doc.save(path)


@pytest.fixture
def production(tmp_path: Path) -> tuple[Project, Path]:
    folder = tmp_path / "case"
    folder.mkdir()
    for rel in ALL:
        shutil.copy(EXHIBITS / rel, folder / rel.name)
    odd_pages(folder / "odd-pages.pdf")
    project = new_project(Case(name="Kadrey v. Meta", number="3:23-cv-03417"), load_codebook(default_codebook_path()))
    path = folder / "case.json"
    for pdf in sorted(folder.glob("*.pdf")):
        add_exhibit(project, path, pdf)
    save_project(project, path)
    return project, path


def located(page: pymupdf.Page, text: str) -> pymupdf.Rect:
    """Where ``text`` (whole words) is on the page, unrotated. (``search_for`` finds nothing on an Arabic page.)"""
    words = page.get_text("words")
    n = len(text.split())
    found = [
        pymupdf.Rect(words[i][:4]) | pymupdf.Rect(words[i + n - 1][:4])
        for i in range(len(words) - n + 1)
        if " ".join(w[4] for w in words[i : i + n]) == text
    ]
    assert len(found) == 1, (text, found)
    return found[0]


def painted(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """What the original page shows: its words, paths and (small) images, in unrotated space."""
    boxes = [pymupdf.Rect(w[:4]) for w in page.get_text("words")]
    area = abs(page.rect)
    boxes += [pymupdf.Rect(b) for _, b in page.get_bboxlog() if 0 < abs(pymupdf.Rect(b)) < area * 0.2]
    return boxes


@pytest.mark.slow
def test_bates_numbers_read_back_continue_across_exhibits_and_cover_nothing(production: tuple[Project, Path]) -> None:
    project, path = production
    hashes = {e.id: sha256_of(path.parent / e.path) for e in project.exhibits}
    out = path.parent / "produced"
    written = export(project, path, Format.produced, out, BriefOptions(), production=Production("META-", 100))

    assert len(written) == len(project.exhibits)
    expected = 100
    for exhibit, file in zip(project.exhibits, written, strict=True):
        assert sha256_of(path.parent / exhibit.path) == hashes[exhibit.id]  # the original is only read
        original = pymupdf.open(path.parent / exhibit.path)
        produced = pymupdf.open(file)
        reader = pypdf.PdfReader(file)
        for n in range(exhibit.page_count):
            number = f"META-{expected:06d}"
            expected += 1
            assert number in reader.pages[n].extract_text(), (file.name, n)
            page = produced[n]
            stamp = located(page, number)
            for box in painted(original[n]):
                assert not stamp.intersects(box), (file.name, n, stamp, box)
            # Upright for the reader: wider than tall once the page's rotation is applied.
            seen = stamp * page.rotation_matrix
            assert seen.width > seen.height
        # Produced copies carry none of ours (they are filed or served; annotations are work product).
        assert [len(list(p.annots())) for p in produced] == [len(list(p.annots())) for p in original]


def test_rotated_pages_get_their_number_bottom_right_as_the_reader_sees_them(production: tuple[Project, Path]) -> None:
    project, path = production
    odd = next(e for e in project.exhibits if e.path == "odd-pages.pdf")
    written = export(
        project, path, Format.produced, path.parent / "out", BriefOptions(exhibits={odd.id}),
        production=Production("ODD", 1, 4),
    )  # fmt: skip
    doc = pymupdf.open(written[0])
    for n in range(5):
        page = doc[n]
        where = located(page, f"ODD{n + 1:04d}") * page.rotation_matrix  # as the reader sees it
        assert where.y0 > page.rect.height * 0.75, (n, page.rotation, where)
        assert where.x0 > page.rect.width * 0.4, (n, page.rotation, where)
    # The full page had no blank margin: it grew below, and what it showed did not move.
    original = pymupdf.open(path.parent / odd.path)
    full = doc[5]
    assert full.rect.height > original[5].rect.height
    assert full.get_text("words")[0][:5] == original[5].get_text("words")[0][:5]
    assert located(full, "ODD0006").y0 > original[5].rect.height
    assert any("extended" in note for note in written.notes)


def test_legend_and_sticker_sit_beside_the_number_and_never_over_text(production: tuple[Project, Path]) -> None:
    project, path = production
    en = next(e for e in project.exhibits if e.path == "exhibit-en.pdf")
    ProjectSession(project, path).apply(EditExhibit(en.id, confidentiality="Highly Confidential – AEO"))
    options = Production("META-", 1, exhibit_stamp=True, case_number=True)
    written = export(
        project, path, Format.produced, path.parent / "out", BriefOptions(exhibits={en.id}), production=options
    )  # fmt: skip
    page = pymupdf.open(written[0])[0]
    original = pymupdf.open(path.parent / en.path)[0]
    sticker = en.label.upper().replace("EX. ", "EXHIBIT ")
    stamps = [located(page, t) for t in ("META-000001", "HIGHLY CONFIDENTIAL – AEO", sticker, "3:23-cv-03417")]
    for stamp in stamps:
        for box in painted(original):
            assert not stamp.intersects(box), (stamp, box)
    assert not stamps[0].intersects(stamps[1])
    assert "HIGHLY CONFIDENTIAL – AEO" in pypdf.PdfReader(written[0]).pages[0].extract_text()


def test_annotated_export_sticker_no_longer_covers_the_english_title(production: tuple[Project, Path]) -> None:
    project, path = production
    en = next(e for e in project.exhibits if e.path == "exhibit-en.pdf")
    tag_quote(project, path, en, "vice president", [project.codebook[0].id])
    written = export(project, path, Format.annotated, path.parent / "a", BriefOptions(exhibits={en.id}), stamp=True)
    page = pymupdf.open(written[0])[0]
    sticker = located(page, en.label.upper().replace("EX. ", "EXHIBIT "))
    for box in painted(pymupdf.open(path.parent / en.path)[0]):
        assert not sticker.intersects(box)


def test_the_numbers_are_recorded_and_the_brief_index_quotes_them(production: tuple[Project, Path]) -> None:
    project, path = production
    first, second = project.exhibits[0], project.exhibits[1]
    written = export(project, path, Format.produced, path.parent / "p", BriefOptions(exhibits={first.id, second.id}),
                     production=Production("ABC", 7, 5))  # fmt: skip
    session = ProjectSession(project, path)
    recorded = record_bates(project, written.numbers)
    assert recorded is not None
    session.apply(recorded)
    assert (project.exhibits[1].bates_prefix, project.exhibits[1].bates_start) == ("ABC", 7 + first.page_count)
    export(project, path, Format.md, path.parent / "brief.md", BriefOptions())
    index = (path.parent / "brief.md").read_text(encoding="utf-8")
    assert f"ABC00007–ABC{7 + first.page_count - 1:05d}" in index.replace("\\", "")
    session.undo()
    assert project.exhibits[1].bates_start is None


@pytest.mark.slow
def test_command_line_production(production: tuple[Project, Path]) -> None:
    _, path = production

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "exhibit_annotator", *args], capture_output=True, text=True)

    run = cli("export", str(path), "-o", str(path.parent / "prod"), "--bates", "META-", "--bates-start", "100",
              "--exhibit", "Ex. 1", "--exhibit", "Ex. 2", "--stamp")  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Bates META-000100 to" in run.stdout
    saved = load_project(path)
    assert saved.exhibits[0].bates_start == 100 and saved.exhibits[1].bates_start == 100 + saved.exhibits[0].page_count
    refused = cli("export", str(path), "-o", str(path.parent / "b.docx"), "--bates", "META-")
    assert refused.returncode == 2 and "folder" in refused.stderr
    too_many = cli("export", str(path), "-o", str(path.parent / "x"), "--bates", "M", "--bates-digits", "1")
    assert too_many.returncode == 2 and "digits" in too_many.stderr
    assert not (path.parent / "x").exists() or not any((path.parent / "x").iterdir())
    assert Position.bottom_right.value in cli("export", "--help").stdout


def test_a_production_keeps_the_bates_numbers_the_user_set(production: tuple[Project, Path]) -> None:
    # PX-1's first Bates number set to 100 in its details: the production stamps KNOW-000100 on its first page,
    # numbers the next exhibit after it, and recording changes only what was not set.
    project, path = production
    first, second = project.exhibits[0], project.exhibits[1]
    session = ProjectSession(project, path)
    session.apply(EditExhibit(first.id, label="PX-1", bates_prefix="KNOW-", bates_start=100))
    first = project.exhibits[0]
    chosen = {first.id, second.id}
    plan = bates_plan(project, Production("KNOW-", 1, 6), chosen)
    assert plan[first.id].start == 100 and plan[second.id].start == 100 + first.page_count
    assert describe_plan(project, plan) == [
        f"PX-1: KNOW-000100–KNOW-{99 + first.page_count:06d} (as set)",
        f"{second.label}: KNOW-{100 + first.page_count:06d}–KNOW-{99 + first.page_count + second.page_count:06d}"
        " (new: recorded in its details)",
    ]
    written = export(project, path, Format.produced, path.parent / "p", BriefOptions(exhibits=chosen),
                     production=Production("KNOW-", 1, 6))  # fmt: skip
    stamped = pymupdf.open(written[0])[0].get_text()
    assert "KNOW-000100" in stamped
    assert set(bates_changes(project, written.numbers)) == {second.id}
    recorded = record_bates(project, written.numbers)  # only what changes
    assert recorded is not None and len(recorded.parts) == 1
    session.apply(recorded)
    assert project.exhibits[0].bates_start == 100


def test_bates_numbers_set_to_overlap_are_refused_before_stamping(production: tuple[Project, Path]) -> None:
    project, path = production
    first, second = project.exhibits[0], project.exhibits[1]
    session = ProjectSession(project, path)
    session.apply(EditExhibit(first.id, bates_prefix="KNOW-", bates_start=100))
    session.apply(EditExhibit(second.id, bates_prefix="KNOW-", bates_start=100 + first.page_count - 1))
    with pytest.raises(UserError, match="overlap"):
        bates_plan(project, Production("KNOW-"), None)
    assert not (path.parent / "p").exists()


def test_produced_file_names_keep_the_label_as_it_reads() -> None:
    from exhibit_annotator.core.export import safe_name

    assert safe_name("Ex. 3") == "Ex. 3"
    assert safe_name("PX-12 (a)") == "PX-12 (a)"
    assert safe_name('PX 1/2: "draft"?') == "PX 1_2_ _draft__"
    assert safe_name("Ex. 3.") == "Ex. 3"  # Windows drops a trailing dot
    assert safe_name("CON") == "CON_" and safe_name("lpt1.x") == "lpt1.x_"
    assert safe_name("Доказательство 1") == "Доказательство 1"
