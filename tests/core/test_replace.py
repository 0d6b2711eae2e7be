"""Replacing an exhibit's file with a re-produced version: passages found again, nothing drawn at old places."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pymupdf
import pytest

from exhibit_annotator.cli import main
from exhibit_annotator.core.brief.brief import BriefOptions, build_brief
from exhibit_annotator.core.export.annotated import annotated_exhibit
from exhibit_annotator.core.model import Case
from exhibit_annotator.core.project.edits import new_project, tag_area, tag_quote
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.operations import EditAnnotations, ReplaceExhibitFile
from exhibit_annotator.core.project.replace import acceptance, replacement
from exhibit_annotator.core.project.session import ProjectSession
from exhibit_annotator.core.project.store import load_codebook, load_project, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import SOURCES

PARAGRAPHS = [p.strip() for p in (SOURCES / "en.txt").read_text(encoding="utf-8").split("\n") if p.strip()][:24]
QUOTES = [
    "the target for the next model should be GPT-4",  # paragraph 2: page 1
    "clearing the way to use the LibGen data set",  # paragraph 8
    "the company cut corners in its race to ship models",  # paragraph 10
    "Llama 3 was released in April 2024",  # paragraph 12
]


def lay_out(paragraphs: list[str], out: Path, size: float) -> None:
    """A PDF of the paragraphs, as a word processor would lay them out at ``size`` points."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    story = pymupdf.Story(html=body, user_css=f"p {{font-family: serif; font-size: {size}pt; margin-bottom: 6pt}}")
    writer = pymupdf.DocumentWriter(str(out))
    page = pymupdf.paper_rect("letter")
    more = True
    while more:
        device = writer.begin_page(page)
        more, _ = story.place(page + (72, 72, -72, -72))
        story.draw(device)
        writer.end_page()
    writer.close()


@pytest.fixture
def tagged(tmp_path: Path) -> Path:
    lay_out(PARAGRAPHS, tmp_path / "v1.pdf", 10)
    path = tmp_path / "case.json"
    project = new_project(Case(name="Kadrey v. Meta"), load_codebook(default_codebook_path()))
    exhibit = add_exhibit(project, path, tmp_path / "v1.pdf")
    for quote in QUOTES:
        tag_quote(project, path, exhibit, quote, ["willfulness"])
    tag_area(project, exhibit, 0, (72, 72, 300, 120), ["damages"])
    save_project(project, path)
    return path


def _page_with(pdf: Path, quote: str) -> int:
    with pymupdf.open(pdf) as doc:
        pages = [i for i, page in enumerate(doc) if quote in " ".join(page.get_text().split())]
    assert pages, quote
    return pages[0]


def _highlighted(pdf: Path) -> list[str]:
    """The words under each highlight of an annotated PDF, as a reader's viewer would show them."""
    found = []
    with pymupdf.open(pdf) as doc:
        for page in doc:
            for annot in page.annots(types=[pymupdf.PDF_ANNOT_HIGHLIGHT]):
                words = page.get_text("words")
                quads = annot.vertices
                rects = [pymupdf.Quad(quads[i : i + 4]).rect for i in range(0, len(quads), 4)]
                centre = [((w[0] + w[2]) / 2, (w[1] + w[3]) / 2, w[4]) for w in words]
                inside = [t for x, y, t in centre if any(r.contains(pymupdf.Point(x, y)) for r in rects)]
                found.append(" ".join(inside))
    return found


def assert_highlights(pdf: Path, quotes: list[str]) -> None:
    """One highlight per quote, covering its words and no others (a final full stop may ride along)."""
    shown = _highlighted(pdf)
    assert len(shown) == len(quotes)
    for quote in quotes:
        assert any(quote in words and len(words) <= len(quote) + 1 for words in shown), (quote, shown)


def test_a_reflowed_version_with_a_new_paragraph_moves_every_passage(tagged: Path, tmp_path: Path) -> None:
    reflowed = [
        *PARAGRAPHS[:1],
        "0. A paragraph the corrected version inserts before the others. " * 6,
        *PARAGRAPHS[1:],
    ]
    lay_out(reflowed, tmp_path / "v2.pdf", 13)
    project = load_project(tagged)
    exhibit = project.exhibits[0]
    before = [a.model_copy() for a in project.annotations]
    session = ProjectSession(project, tagged)
    replaced = replacement(project, tagged, exhibit.id, tmp_path / "v2.pdf")
    session.apply(ReplaceExhibitFile(replaced))
    new = project.exhibits[0]
    assert new.sha256 != exhibit.sha256 and new.previous_sha256 == [exhibit.sha256]
    assert new.page_count > exhibit.page_count and new.path == "v2.pdf"
    texts = [a for a in project.annotations if a.kind == "text"]
    for a, quote in zip(texts, QUOTES, strict=True):
        assert a.reanchored is None and a.text == quote
        assert a.page == _page_with(tmp_path / "v2.pdf", quote)  # on its new page
    assert sum(a.page != b.page for a, b in zip(texts, before, strict=False)) >= 2  # the reflow moved them
    area = project.annotations[-1]
    assert area.kind == "area" and area.reanchored is not None and area.reanchored.state == "area"
    # The annotated copy of the new file highlights exactly the quotes' words; the area waits for review.
    out = tmp_path / "annotated.pdf"
    assert annotated_exhibit(project, tagged, new, out) == len(QUOTES)
    assert_highlights(out, QUOTES)
    # One step to undo, back to the old file and the old places.
    session.undo()
    assert project.exhibits[0] == exhibit and project.annotations == before


def test_two_words_changed_wait_for_review_and_are_never_drawn(tagged: Path, tmp_path: Path) -> None:
    edited = [
        p.replace("the company cut corners in its race", "the company cut many corners in its rush") for p in PARAGRAPHS
    ]
    lay_out(edited, tmp_path / "v3.pdf", 10)
    project = load_project(tagged)
    session = ProjectSession(project, tagged)
    replaced = replacement(project, tagged, project.exhibits[0].id, tmp_path / "v3.pdf")
    session.apply(ReplaceExhibitFile(replaced))
    assert replaced.summary() == "3 found exactly, 2 to check, 0 lost"
    changed = project.annotations[2]
    assert changed.reanchored is not None and changed.reanchored.state == "approximate"
    assert "cut many corners in its rush" in changed.reanchored.found and 0.7 < changed.reanchored.similarity < 1
    out = tmp_path / "annotated.pdf"
    annotated_exhibit(project, tagged, project.exhibits[0], out)
    assert_highlights(out, [q for q in QUOTES if "corners" not in q])  # not the one to check
    brief = build_brief(project, tagged, BriefOptions())
    entry = next(e for s in brief.sections for e in s.entries if e.annotation.id == changed.id)
    assert entry.caveat.startswith("not verified: to check: only a similar text was found")
    # The user accepts: the quote becomes what the new file says, and it is drawn again.
    session.apply(EditAnnotations("Accept", acceptance([changed])))
    accepted = project.annotations[2]
    assert accepted.reanchored is None and "cut many corners in its rush" in accepted.text
    assert len(_highlighted(out)) == 3 and annotated_exhibit(project, tagged, project.exhibits[0], out) == 4


def test_a_changed_file_is_never_highlighted_at_old_places(tagged: Path, tmp_path: Path) -> None:
    lay_out(PARAGRAPHS[3:], tmp_path / "v1.pdf", 12)  # the file itself replaced behind the app's back
    project = load_project(tagged)
    out = tmp_path / "annotated.pdf"
    assert annotated_exhibit(project, tagged, project.exhibits[0], out) == 0
    brief = build_brief(project, tagged, BriefOptions())
    area = next(e for s in brief.sections for e in s.entries if e.annotation.kind == "area")
    assert not area.verified and "file is missing or changed" in area.caveat


def test_replace_and_validate_on_the_command_line(
    tagged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lay_out([*PARAGRAPHS[:1], "An inserted paragraph. " * 20, *PARAGRAPHS[1:]], tmp_path / "v2.pdf", 13)
    assert main(["validate", str(tagged), "--json"]) == 0
    capsys.readouterr()
    # Put the new version in place of the old one first: validate then says where each passage is now.
    (tmp_path / "v2.pdf").replace(tmp_path / "v1.pdf")
    assert main(["validate", str(tagged), "--json"]) == 2
    report = json.loads(capsys.readouterr().out)["exhibits"][0]
    assert report["state"] == "changed" and report["new_places"]
    assert all(re.fullmatch(r"Ex\. 1 at \d+", p["cite"]) for p in report["new_places"].values())
    lay_out([*PARAGRAPHS[:1], "An inserted paragraph. " * 20, *PARAGRAPHS[1:]], tmp_path / "v2.pdf", 13)
    lay_out(PARAGRAPHS, tmp_path / "v1.pdf", 10)
    assert main(["replace", str(tagged), str(tmp_path / "v2.pdf"), "--exhibit", "Ex. 1"]) == 0
    out = capsys.readouterr().out
    assert "4 found exactly, 1 to check, 0 lost" in out and "wait for review" in out
    assert load_project(tagged).exhibits[0].path == "v2.pdf"
    assert main(["replace", str(tagged), str(tmp_path / "v2.pdf"), "--exhibit", "Ex. 1"]) == 2
    assert "already has" in capsys.readouterr().err


def test_a_quote_found_again_in_a_changed_file_is_cited_but_not_verified(tagged: Path, tmp_path: Path) -> None:
    """Issue 20: a stored hash that does not match means nothing from that file counts as verified (a colleague's
    project could point at any PDF); the cite follows the text, and replacing the file is how it is checked."""
    lay_out([*PARAGRAPHS[:1], "A paragraph inserted. " * 30, *PARAGRAPHS[1:]], tmp_path / "v1.pdf", 13)
    project = load_project(tagged)
    entries = [e for s in build_brief(project, tagged, BriefOptions()).sections for e in s.entries]
    text = [e for e in entries if e.annotation.kind == "text"]
    assert [e.quote for e in text] == QUOTES and not any(e.verified for e in text)
    assert all("changed since tagging; the quotation is there as cited" in e.caveat for e in text)
    moved = next(e for e in text if "LibGen" in e.quote)
    assert moved.cite == f"Ex. 1 at {_page_with(tmp_path / 'v1.pdf', QUOTES[1]) + 1}"
