"""Each rule has one home (issue 32): the command line, the merge report and the window say the same thing, from
the same function. Each test here failed while the rule had a twin."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from exhibit_annotator.cli import main
from exhibit_annotator.core.model import Case, Category, Codebook, Project, ReviewStatus
from exhibit_annotator.core.project.categories import ChangeCategory, ImportCodebook, MergeCategories
from exhibit_annotator.core.project.edits import new_project, tag_quote
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.merge import merge
from exhibit_annotator.core.project.operations import AddExhibits, EditAnnotations
from exhibit_annotator.core.project.production import record_bates
from exhibit_annotator.core.project.review import next_waiting, step_from
from exhibit_annotator.core.project.session import ProjectSession
from exhibit_annotator.core.project.store import load_codebook, save_codebook, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS
from .test_line_numbers import transcript


@pytest.fixture
def deposition(tmp_path: Path) -> tuple[Project, Path]:
    """A project of one deposition transcript, with the answer on page 1, line 6 tagged."""
    path = tmp_path / "case.json"
    project = new_project(Case(name="Kadrey v. Meta"), load_codebook(default_codebook_path()))
    dep = add_exhibit(project, path, transcript(tmp_path / "smith-dep.pdf"))
    tag_quote(project, path, dep, "we downloaded the LibGen data set in 2023", ["copying"])
    save_project(project, path)
    return project, path


def test_the_listing_cites_a_transcript_passage_by_page_and_line(
    deposition: tuple[Project, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, path = deposition
    assert main(["list", str(path)]) == 0
    assert "Ex. 1 at 1:6" in capsys.readouterr().out  # was "Ex. 1 at 1": the bare page


def test_the_compare_command_cites_by_page_and_line(
    deposition: tuple[Project, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project, path = deposition
    other = path.with_name("other.json")
    save_project(project.model_copy(update={"annotations": []}), other)
    assert main(["compare", str(path), str(other)]) == 0
    assert "Ex. 1 at 1:6 (" in capsys.readouterr().out


def test_a_merge_conflict_is_cited_by_page_and_line(deposition: tuple[Project, Path]) -> None:
    project, path = deposition
    [tagged] = project.annotations
    theirs = project.model_copy(deep=True)
    ProjectSession(project, path).apply(EditAnnotations.one("Note", tagged.id, note="mine"))
    ProjectSession(theirs, path).apply(EditAnnotations.one("Note", tagged.id, note="theirs"))
    ancestor = path.with_name("ancestor.json")
    merged, report = merge(project, path, theirs, ancestor)
    assert report.conflicts
    assert any(line.startswith("conflict on Ex. 1 at 1:6:") for line in report.lines(merged))


def test_category_names_read_alike_everywhere(deposition: tuple[Project, Path]) -> None:
    """One function names categories: a label, the listing and a colleague's unknown category."""
    project, _ = deposition
    assert project.category_names(["copying", "willfulness"]) == "Copying, Willfulness"
    assert project.category_names([]) == "(no category)"
    assert project.category_names(["from-a-colleague"]) == "from-a-colleague"


def test_codebook_changes_are_named_once_for_the_window_and_the_command_line(deposition: tuple[Project, Path]) -> None:
    project, path = deposition
    session = ProjectSession(project, path)
    session.apply(ChangeCategory("copying", name="Verbatim copying"))
    assert session.undo_label == "Rename Copying"
    session.apply(ChangeCategory("willfulness", colour="#123456"))
    assert session.undo_label == "Recolour Willfulness"
    session.apply(MergeCategories("willfulness", "copying"))
    assert session.undo_label == "Merge Willfulness into Verbatim copying"


def test_an_import_reports_a_category_named_otherwise_as_a_merge_does(
    deposition: tuple[Project, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Import and merge match another codebook's categories with one matcher, and both say what differs."""
    project, path = deposition
    firm = tmp_path / "firm.json"
    save_codebook(firm, [Category(id="copy", name="COPYING", colour="#00ff00"),
                         Category(id="unjust", name="Unjust enrichment", parent="copy")])  # fmt: skip
    op = ImportCodebook(load_codebook(firm), firm.name)
    ProjectSession(project, path).apply(op)
    assert [c.name for c in op.added] == ["Unjust enrichment"]
    assert op.added[0].parent == "copying"  # nested under our own category of that name
    assert op.clashes[0] == "'Copying' is called 'COPYING' in theirs (kept 'Copying')"
    assert main(["codebook", "import", str(path), str(firm)]) == 0
    assert "category clash: 'Copying' is called 'COPYING'" in capsys.readouterr().out


def test_adding_many_exhibits_is_one_operation(tmp_path: Path) -> None:
    from exhibit_annotator.core.project.intake import read_exhibit

    path = tmp_path / "case.json"
    project = new_project(Case(), Codebook())
    reads = [read_exhibit(path, EXHIBITS / name) for name in ("exhibit-en.pdf", "exhibit-ru.pdf")]
    session = ProjectSession(project, path)
    op = AddExhibits(reads)
    session.apply(op)
    assert session.undo_label == "Add 2 exhibits" and [e.label for e in op.exhibits] == ["Ex. 1", "Ex. 2"]
    session.undo()
    assert project.exhibits == []


def test_a_production_records_only_the_numbers_that_change(deposition: tuple[Project, Path]) -> None:
    project, _ = deposition
    [dep] = project.exhibits
    assert record_bates(project, {dep.id: ("ABC", 7, 6)}) is not None
    project.exhibits = [dep.model_copy(update={"bates_prefix": "ABC", "bates_start": 7, "bates_digits": 6})]
    assert record_bates(project, {dep.id: ("ABC", 7, 6)}) is None  # as set: nothing to record


def test_the_review_queue_goes_on_from_the_decided_ones_place(deposition: tuple[Project, Path]) -> None:
    project, _ = deposition
    [a] = project.annotations
    proposed, accepted = a, a.model_copy(update={"review": ReviewStatus.accepted})
    shown = [accepted, proposed, accepted, proposed]
    assert next_waiting(shown, step_from(None, 4, 1), ReviewStatus.proposed) == 1
    assert next_waiting(shown, step_from(1, 4, 1), ReviewStatus.proposed) == 3
    assert next_waiting(shown, step_from(3, 4, -1), ReviewStatus.proposed, -1) == 1
    assert next_waiting(shown, step_from(None, 4, -1), ReviewStatus.proposed, -1) == 3
    assert next_waiting(shown, 1, ReviewStatus.proposed) == 1  # after a decision: its own place first
    assert next_waiting(shown, 4, ReviewStatus.proposed) is None


def test_a_one_page_exhibits_bates_range_is_one_number_in_the_brief_and_the_production(tmp_path: Path) -> None:
    """The brief's index wrote ``X–X`` where the production's report wrote ``X``: one function writes both now."""
    from exhibit_annotator.core.brief.brief import BriefOptions, build_brief
    from exhibit_annotator.core.export.produced import bates_text

    path = tmp_path / "case.json"
    project = new_project(Case(), Codebook())
    one = pymupdf.open()
    one.new_page().insert_text((72, 72), "A one-page letter.")
    one.save(tmp_path / "letter.pdf")
    exhibit = add_exhibit(project, path, tmp_path / "letter.pdf")
    project.exhibits[0] = exhibit.model_copy(update={"bates_prefix": "KNOW-", "bates_start": 7})
    brief = build_brief(project, path, BriefOptions())
    assert [row.bates for row in brief.exhibits] == ["KNOW-000007"] == [bates_text(project.exhibits[0])]
