"""Designations in the core: the forms of a range, placing them on a transcript's pages and lines, each change one
undoable step, and the two sides' designations merged (a conflict kept until decided)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exhibit_annotator.core.errors import EditError
from exhibit_annotator.core.model import Case, Codebook, DesignationKind, Objection, Ruling
from exhibit_annotator.core.project.designations import (
    AddDesignations,
    DeleteDesignations,
    EditDesignations,
    SetCaseLists,
    bases_of,
    designation,
    parties_of,
    ranges_in,
)
from exhibit_annotator.core.project.edits import new_project
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.merge import merge
from exhibit_annotator.core.project.operations import ResolveConflict
from exhibit_annotator.core.project.session import ProjectSession

from ..makers import make_transcript


@pytest.mark.parametrize(
    ("written", "first", "last"),
    [
        ("12:1-12:5", ("12", 1), ("12", 5)), ("12:1 - 5", ("12", 1), ("12", 5)),
        ("12:1–13:4", ("12", 1), ("13", 4)), ("p. 12, ll. 1-5", ("12", 1), ("12", 5)),
        ("Smith Dep. 12:1-12:5", ("12", 1), ("12", 5)), ("page 7, lines 3 through 9", ("7", 3), ("7", 9)),
        ("45:12", ("45", 12), ("45", 12)),
    ],
)  # fmt: skip
def test_the_forms_lawyers_type(written: str, first: tuple[str, int], last: tuple[str, int]) -> None:
    (r,) = ranges_in(written)
    assert (r.first, r.last) == (first, last)


def test_a_timestamp_or_a_triple_is_no_range() -> None:
    assert ranges_in("At 10:02:13 the witness") == [] and ranges_in("12:1:2-12:5:5") == []


def test_two_sides_designations_merge_and_a_conflict_waits(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    project = new_project(Case(name="Kadrey v. Meta"), Codebook(categories=[]))
    exhibit = add_exhibit(project, path, make_transcript(tmp_path / "smith.txt"))
    with pytest.raises(EditError, match="no page 99"):
        designation(exhibit, ranges_in("99:1-2")[0], "Plaintiff", DesignationKind.designation)
    mine = ProjectSession(project, path, author="Pat")
    ours = designation(exhibit, ranges_in("45:3-7")[0], "Plaintiff", DesignationKind.designation)
    mine.apply(AddDesignations([ours]))
    theirs_project = project.model_copy(deep=True)
    theirs = ProjectSession(theirs_project, tmp_path / "theirs.json", author="Dee")
    counter = designation(exhibit, ranges_in("45:8-10")[0], "Defendant", DesignationKind.counter)
    theirs.apply(AddDesignations([counter]))
    theirs.apply(EditDesignations("Object", {ours.id: {"objections": [Objection(basis="hearsay", party="Defendant")]}}))
    mine.apply(EditDesignations("Note", {ours.id: {"note": "key admission"}}))
    merged, report = merge(project, path, theirs_project, tmp_path / "theirs.json")
    assert [d.party for d in merged.designations] == ["Plaintiff", "Defendant"]
    assert len(report.designations.conflicts) == 1 and merged.pending_designations[0].objections[0].basis == "hearsay"
    assert "designations: 1 added, 0 updated, 1 conflict(s)" in report.lines(merged)
    merged_session = ProjectSession(merged, path)
    merged_session.apply(ResolveConflict(ours.id, take_theirs=True, designations=True))
    assert merged.designations[0].objections[0].ruling is Ruling.pending and not merged.pending_designations
    merged_session.undo()
    assert merged.designations[0].note == "key admission" and merged.pending_designations
    mine.apply(DeleteDesignations([ours.id]))
    assert project.designations == [] and ours.id in {d.id for d in project.deleted}
    mine.undo()
    assert project.designations[0].id == ours.id


def test_parties_and_bases_offered_are_the_common_ones_then_the_projects(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    project = new_project(Case(name="Kadrey v. Meta"), Codebook(categories=[]))
    exhibit = add_exhibit(project, path, make_transcript(tmp_path / "smith.txt"))
    d = designation(exhibit, ranges_in("45:1-2")[0], "Intervenor Co.", DesignationKind.designation,
                    objections=[Objection(basis="best evidence")])  # fmt: skip
    ProjectSession(project, path).apply(AddDesignations([d]))
    assert parties_of(project) == ["Plaintiff", "Defendant", "Intervenor Co."]
    assert bases_of(project)[:2] == ["hearsay", "relevance"] and bases_of(project)[-1] == "best evidence"
    session = ProjectSession(project, path)
    session.apply(SetCaseLists(parties=["Petitioner", "Respondent"]))
    assert parties_of(project) == ["Petitioner", "Respondent", "Intervenor Co."]
    session.undo()
    assert project.case.parties == []


def test_a_designation_they_deleted_is_kept_here_as_a_proposal_and_gone_when_three_way_says_so(tmp_path: Path) -> None:
    from exhibit_annotator.core.project.merge import merge3

    path = tmp_path / "case.json"
    project = new_project(Case(name="Kadrey v. Meta"), Codebook(categories=[]))
    exhibit = add_exhibit(project, path, make_transcript(tmp_path / "smith.txt"))
    d = designation(exhibit, ranges_in("45:3-7")[0], "Plaintiff", DesignationKind.designation)
    ProjectSession(project, path).apply(AddDesignations([d]))
    base = project.model_copy(deep=True)
    theirs = project.model_copy(deep=True)
    ProjectSession(theirs, path, author="Dee").apply(DeleteDesignations([d.id]))
    merged, report = merge(project, path, theirs, tmp_path / "theirs.json")
    assert [x.id for x in merged.designations] == [d.id] and [x.id for x in report.designations.deleted_there] == [d.id]
    assert d.id not in {x.id for x in merged.deleted}  # still ours: their deletion is not recorded as ours
    assert report.summary()["designations"]["deleted_there_kept"] == 1  # type: ignore[index]
    three, report3 = merge3(base, project, theirs, path)
    assert three.designations == [] and [(x.id, x.by) for x in three.deleted] == [(d.id, "Dee")]
    assert report3.designations.deleted_there == []
