"""Facts: their dates and order, every change one undoable step through the session, merged like annotations
(conflicts kept, decided by a reviewer), migrated from older files, and marked when a source no longer holds."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exhibit_annotator.core.errors import EditError
from exhibit_annotator.core.model import SCHEMA_VERSION, Fact, FactStatus, Project, date_key, date_words, fact_date
from exhibit_annotator.core.project import categories, edits
from exhibit_annotator.core.project.dating import suggest_date
from exhibit_annotator.core.project.facts import AddFact, DeleteFacts, EditFacts, chosen, ordered, support
from exhibit_annotator.core.project.journal import replay
from exhibit_annotator.core.project.merge import merge, merge3, resolve
from exhibit_annotator.core.project.operations import DeleteAnnotations, MergeProject, ResolveConflict
from exhibit_annotator.core.project.session import ProjectSession
from exhibit_annotator.core.project.store import load_project, save_project

from .test_merge import MINE, THEIRS, ancestor


@pytest.mark.parametrize(
    ("typed", "stored", "words"),
    [
        ("2023-10-12", "2023-10-12", "2023-10-12"),
        ("2023-10", "2023-10", "2023-10"),
        ("2023", "2023", "2023"),
        ("2023-10/2023-12", "2023-10/2023-12", "2023-10 to 2023-12"),
        ("2023-10 to 2023-12", "2023-10/2023-12", "2023-10 to 2023-12"),
        ("about 2023-10", "2023-10~", "about 2023-10"),
        ("c. 2023", "2023~", "about 2023"),
        ("2023-10~", "2023-10~", "about 2023-10"),
        ("", "", "undated"),
    ],
)
def test_dates_are_kept_in_edtf_and_read_as_people_write_them(typed: str, stored: str, words: str) -> None:
    assert fact_date(typed) == stored
    assert date_words(stored) == words


@pytest.mark.parametrize("bad", ["12 October 2023", "2023-13", "2023-02-30", "2023-12/2023-10", "soon"])
def test_a_date_that_is_none_of_the_forms_is_refused_naming_them(bad: str) -> None:
    with pytest.raises(ValueError, match=r"2023-10-12|no month|no day|ends before"):
        fact_date(bad)


def test_partial_dates_sort_before_the_exact_dates_of_their_period_and_undated_last() -> None:
    dates = ["", "2023-10-12", "2023-10", "2024", "2023", "2023-10-12~", "2022-12-31", "2023-10/2023-12", "2023-11"]
    assert sorted(dates, key=date_key) == [
        "2022-12-31", "2023", "2023-10", "2023-10/2023-12", "2023-10-12", "2023-10-12~", "2023-11", "2024", "",
    ]  # fmt: skip


def _session(tmp_path: Path) -> ProjectSession:
    return ProjectSession(ancestor(), tmp_path / "case.json", author="Paula")


def test_a_fact_from_passages_is_one_undoable_step_with_its_sources_recorded(tmp_path: Path) -> None:
    s = _session(tmp_path)
    a, b = s.project.annotations[:2]
    add = AddFact(
        [a.id, b.id], text="Meta copied books.", date="about 2023-10", issue_ids=["copying"], people=["Meta"],
        status=FactStatus.undisputed, key_fact=True,
    )  # fmt: skip
    change = s.apply(add)
    fact = s.project.facts[0]
    assert change.facts == {fact.id} and fact.author == "Paula" and fact.date == "2023-10~"
    assert [x.annotation_id for x in fact.sources] == [a.id, b.id]
    assert fact.sources[0].sha256 == s.project.exhibit(a.exhibit_id).sha256
    assert support(s.project, fact).holds
    s.undo()
    assert s.project.facts == []
    s.redo()
    assert s.project.facts == [fact]

    s.apply(EditFacts.one("Dispute", fact.id, status=FactStatus.disputed, people=["Meta", "Ahmad Al-Dahle"]))
    edited = s.project.facts[0]
    assert edited.status is FactStatus.disputed and edited.modified_by == "Paula" and edited.history == [fact.digest()]
    s.undo()
    assert s.project.facts[0] is fact


@pytest.mark.parametrize(
    "values",
    [{"text": "  "}, {"text": "x", "date": "someday"}, {"text": "x", "issue_ids": ["nope"]}, {"text": "x", "bogus": 1}],
)
def test_a_bad_fact_is_refused_and_changes_nothing(tmp_path: Path, values: dict[str, object]) -> None:
    s = _session(tmp_path)
    with pytest.raises(EditError):
        s.apply(AddFact([], **values))
    with pytest.raises(EditError, match="no annotation"):
        s.apply(AddFact([uuid.uuid4()], text="x"))
    assert s.project.facts == [] and not s.can_undo


def test_a_deleted_or_changed_source_marks_the_fact_never_silently_kept(tmp_path: Path) -> None:
    s = _session(tmp_path)
    a, b = s.project.annotations[:2]
    s.apply(AddFact([a.id, b.id], text="It happened."))
    fact = s.project.facts[0]
    s.apply(DeleteAnnotations([a.id]))
    assert support(s.project, s.project.facts[0]).problems == ["source 1 was deleted"]
    exhibit = s.project.exhibit(b.exhibit_id)
    s.project.exhibits = [e.model_copy(update={"sha256": "f" * 64}) if e is exhibit else e for e in s.project.exhibits]
    problems = support(s.project, fact).problems
    assert problems[1].startswith("source 2 (Ex. 2 at") and "replaced" in problems[1]
    s.apply(EditFacts.one("Check sources", fact.id, sources=[b.id], refresh_sources=True))
    assert support(s.project, s.project.facts[0]).holds


def test_deleting_a_category_takes_it_off_facts_and_undo_puts_it_back(tmp_path: Path) -> None:
    s = _session(tmp_path)
    s.apply(AddFact([], text="x", issue_ids=["copying", "damages"]))
    change = s.apply(categories.DeleteCategory("copying"))
    assert s.project.facts[0].issue_ids == ["damages"] and change.facts == {s.project.facts[0].id}
    s.undo()
    assert s.project.facts[0].issue_ids == ["copying", "damages"]


def test_filters_and_chronology_order(tmp_path: Path) -> None:
    s = _session(tmp_path)
    for text, date, status, people in [
        ("late", "2024", FactStatus.undisputed, ["Meta"]), ("undated", "", FactStatus.disputed, []),
        ("early", "2023-10", FactStatus.undisputed, ["meta", "OpenAI"]),
        ("exact", "2023-10-05", FactStatus.to_verify, []),
    ]:  # fmt: skip
        s.apply(AddFact([], text=text, date=date, status=status, people=people))
    assert [f.text for f in ordered(s.project.facts)] == ["early", "exact", "late", "undated"]
    assert [f.text for f in chosen(s.project, statuses={FactStatus.undisputed}, people={"META"})] == ["early", "late"]
    assert [f.text for f in chosen(s.project, text="UNDAT")] == ["undated"]


def test_facts_are_saved_replayed_from_the_journal_and_older_files_migrate(tmp_path: Path) -> None:
    s = _session(tmp_path)
    s.apply(AddFact([s.project.annotations[0].id], text="Привет, мир — «факт».", date="2023"))
    save_project(s.project, s.path)
    assert load_project(s.path).facts == s.project.facts
    data = json.loads(s.path.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    data["schema_version"] = 7
    for newer in ("facts", "pending_facts", "designations", "pending_designations"):
        del data[newer]
    s.path.write_text(json.dumps(data), encoding="utf-8")
    old = load_project(s.path)
    assert old.schema_version == SCHEMA_VERSION and old.facts == [] and old.designations == []
    entries = [{"written": "2026-01-01T00:00:00+00:00", "facts": [f.model_dump(mode="json") for f in s.project.facts]}]
    assert replay(old, entries).facts == s.project.facts


# --- merging -------------------------------------------------------------------------------------------------------
def _with_facts(n: int = 4) -> Project:
    project = ancestor()
    project.facts = [Fact(text=f"fact {k}", date=f"2023-0{k + 1}", author="Anc") for k in range(n)]
    return project


fact_edits = st.lists(st.tuples(st.sampled_from(["text", "status", "delete", "add"]), st.integers(0, 20)), max_size=6)


def _edit_facts(project: Project, ops: list[tuple[str, int]], who: str) -> set[uuid.UUID]:
    s = ProjectSession(project, MINE, author=who)
    touched = set()
    for kind, k in ops:
        if kind == "add" or not project.facts:
            s.apply(AddFact([], text=f"{who}'s new fact {k}"))
            continue
        f = project.facts[k % len(project.facts)]
        touched.add(f.id)
        if kind == "delete":
            s.apply(DeleteFacts([f.id]))
        elif kind == "text":
            s.apply(EditFacts.one("Edit", f.id, text=f"{who} says {k}"))
        else:
            s.apply(EditFacts.one("Edit", f.id, status=list(FactStatus)[k % 3]))
    return touched


@given(mine_ops=fact_edits, their_ops=fact_edits)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_merging_facts_loses_nothing_is_idempotent_and_conflicts_only_where_both_changed(
    mine_ops: list[tuple[str, int]], their_ops: list[tuple[str, int]]
) -> None:
    base = _with_facts()
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine_touched = _edit_facts(mine, mine_ops, "Mia")
    their_touched = _edit_facts(theirs, their_ops, "Theo")
    merged, report = merge(mine, MINE, theirs, THEIRS)
    here = {f.id: f for f in merged.facts}
    deleted_here = {d.id for d in mine.deleted}
    for f in theirs.facts:  # every version of theirs is here, waiting, or deleted here
        assert f.id in deleted_here or here.get(f.id) == f or f in merged.pending_facts or f.id in here
    for f in mine.facts:
        assert f.id in here
    both = {f.id for f in (*mine.facts, *theirs.facts) if f.id in mine_touched and f.id in their_touched}
    assert {m.id for m, _ in report.facts.conflicts} <= both
    again, report2 = merge(merged, MINE, theirs, THEIRS)
    assert again.facts == merged.facts and again.pending_facts == merged.pending_facts
    assert not report2.facts.added and not report2.facts.updated
    for m, _ in report.facts.conflicts:
        resolve(merged, m.id, take_theirs=True, kind="facts")
    assert merged.pending_facts == []
    assert not merge(merged, MINE, theirs, THEIRS)[1].facts.conflicts


def test_a_colleagues_fact_comes_in_by_merge_as_one_step_and_a_conflict_is_decided(tmp_path: Path) -> None:
    base = _with_facts(1)
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    fact = base.facts[0]
    _edit_facts(mine, [("text", 0)], "Mia")
    ProjectSession(theirs, THEIRS, author="Theo").apply(EditFacts.one("e", fact.id, text="Theo's reading"))
    ProjectSession(theirs, THEIRS, author="Theo").apply(AddFact([], text="Theo's own fact", issue_ids=["damages"]))
    s = ProjectSession(mine, tmp_path / "case.json", author="Mia")
    merging = MergeProject(s.path, theirs, tmp_path / "theo.json")
    change = s.apply(merging)
    assert merging.report is not None and len(merging.report.facts.added) == 1 and change.pending
    assert "facts: 1 added, 0 updated, 1 conflict(s), 0 unchanged" in merging.report.lines(s.project)
    assert [f.text for f in s.project.pending_facts] == ["Theo's reading"]
    s.apply(ResolveConflict(fact.id, take_theirs=True, facts=True))
    assert s.project.fact_by_id(fact.id).text == "Theo's reading" and s.project.pending_facts == []  # type: ignore[union-attr]
    s.undo()
    assert s.project.fact_by_id(fact.id).text == "Mia says 0" and len(s.project.pending_facts) == 1  # type: ignore[union-attr]
    s.undo()
    assert len(s.project.facts) == 1


def test_three_way_merge_deletes_a_fact_only_they_deleted_and_nobody_changed() -> None:
    base = _with_facts(2)
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    edits.set_together(theirs, facts=theirs.facts[1:])
    merged, _ = merge3(base, mine, theirs, MINE)
    assert [f.text for f in merged.facts] == ["fact 1"] and base.facts[0].id in {d.id for d in merged.deleted}


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("On October 12, 2023, Meta's vice president wrote", "2023-10-12"),
        ("12 октября 2023 года компания объявила", "2023-10-12"),
        ("в письме от июля 2024 года", "2024-07"),
        ("في 12 أكتوبر 2023 أعلنت الشركة", "2023-10-12"),
        ("١٢ أكتوبر ٢٠٢٣", "2023-10-12"),
        ("12.10.2023 — письмо", "2023-10-12"),
        ("Llama 3 was released in April 2024.", "2024-04"),  # not 3 April
        ("В 2019 году", "2019"),
        ("Page 2 of 14", ""),
        ("no date at all", ""),
    ],
)
def test_a_date_is_suggested_from_a_passage_in_english_russian_or_arabic(text: str, suggested: str) -> None:
    assert suggest_date(text) == suggested


@pytest.mark.slow
@pytest.mark.parametrize("n", [120, 200])
def test_a_long_chronology_is_laid_out_whole_in_pdf(tmp_path: Path, n: int) -> None:
    """MuPDF's Story placed a long table cut to repeat its header page after page for ever: these facts of the
    sample project did it (120 of them; 200 did not)."""
    import random

    import pymupdf

    from exhibit_annotator.core.brief.brief import BriefOptions
    from exhibit_annotator.core.export import Format, export
    from exhibit_annotator.core.resources import sample_project_path

    project = load_project(sample_project_path())
    s = ProjectSession(project, tmp_path / "case.json")
    ids, rnd = [a.id for a in project.annotations], random.Random(1)
    for k in range(n):
        s.apply(AddFact(rnd.sample(ids, 2), text=f"Fact {k}", date=f"2023-{rnd.randint(1, 12):02d}",
                        status=FactStatus.undisputed))  # fmt: skip
    out = tmp_path / "chronology.pdf"
    export(s.project, s.path, Format.chronology, out, BriefOptions())
    with pymupdf.open(out) as doc:
        text = " ".join(doc[i].get_text() for i in range(doc.page_count))
    assert all(f"Fact {k}\n" in text for k in range(n))
