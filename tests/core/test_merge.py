"""Merging projects derived from a common ancestor: nothing lost, deterministic, idempotent, conflicts exactly
where both sides changed the same annotation — over random pairs of edit histories (hypothesis)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exhibit_annotator.core.model import Case, Category, Exhibit, Project
from exhibit_annotator.core.project import categories, edits
from exhibit_annotator.core.project.merge import merge, resolve

MINE, THEIRS = Path("/laptop-a/case/case.json"), Path("/laptop-b/elsewhere/case.json")


def ancestor(annotations: int = 6) -> Project:
    exhibits = [
        Exhibit(id=f"exh-{n}", label=f"Ex. {n}", title=f"Exhibit {n}", path=f"ex{n}.pdf", sha256=f"{n}" * 64,
                page_count=5)
        for n in (1, 2)
    ]  # fmt: skip
    codebook = [Category(id=c, name=c.title(), colour="#aa0000") for c in ("willfulness", "copying", "damages")]
    project = Project(case=Case(name="Kadrey"), exhibits=exhibits, codebook=codebook)
    for k in range(annotations):
        edits.tag_area(project, exhibits[k % 2], k % 5, (10, 10 + k, 100, 50 + k), ["copying"], author="Anc")
    return project


# One edit: (kind, which annotation (modulo how many there are), a value).
Edit = tuple[str, int, int]
edit_lists = st.lists(
    st.tuples(st.sampled_from(["note", "categories", "star", "delete", "add"]), st.integers(0, 50), st.integers(0, 3)),
    max_size=8,
)


def apply(project: Project, ops: list[Edit], who: str) -> set[str]:
    """Apply edits; returns the ids of the ancestor's annotations this side changed or deleted."""
    touched = set()
    for kind, which, value in ops:
        if kind == "add" or not project.annotations:
            edits.tag_area(project, project.exhibits[value % 2], value, (5, 5, 60, 60), ["damages"], author=who)
            continue
        a = project.annotations[which % len(project.annotations)]
        touched.add(str(a.id))
        if kind == "delete":
            edits.remove_annotations(project, [a.id], by=who)
        elif kind == "note":
            edits.update_annotation(project, a.id, note=f"{who} note {value}")
        elif kind == "star":
            edits.update_annotation(project, a.id, key_passage=not a.key_passage)
        else:
            codes = [c.id for c in project.codebook]
            edits.update_annotation(project, a.id, category_ids=[codes[value % 3]])
    return touched


def versions_survive(merged: Project, side: Project, deleted_here: set[str]) -> None:
    kept = {}
    for a in (*merged.annotations, *merged.pending):
        kept.setdefault(a.id, []).append(a)
    for a in side.annotations:
        if str(a.id) in deleted_here:
            continue  # we deleted it ourselves: reported, not brought back
        versions = kept.get(a.id, [])
        assert any(v.digest() == a.digest() or a.digest() in v.history for v in versions), (
            f"annotation {a.id} ({a.note!r}) was lost"
        )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mine_ops=edit_lists, their_ops=edit_lists)
def test_merge_loses_nothing_is_deterministic_and_idempotent(mine_ops: list[Edit], their_ops: list[Edit]) -> None:
    base = ancestor()
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    apply(mine, mine_ops, "Mine")
    apply(theirs, their_ops, "Theirs")
    merged, report = merge(mine, MINE, theirs, THEIRS)
    mine_deleted = {str(d.id) for d in mine.deleted}
    versions_survive(merged, mine, set())
    versions_survive(merged, theirs, mine_deleted)
    assert {a.id for a in mine.annotations} <= {a.id for a in merged.annotations}  # ours are never removed
    assert report.deleted_here == [a for a in theirs.annotations if str(a.id) in mine_deleted]
    # Deterministic, and merging the same file again changes nothing.
    assert merge(mine, MINE, theirs, THEIRS)[0].model_dump() == merged.model_dump()
    again, second = merge(merged, MINE, theirs, THEIRS)
    assert again.model_dump() == merged.model_dump() and not second.added and not second.updated
    # Conflicts are exactly the annotations both sides changed, to different versions.
    theirs_by_id = {a.id: a for a in theirs.annotations}
    both = {
        a.id for a in mine.annotations
        if a.id in theirs_by_id and a.history and theirs_by_id[a.id].history
        and a.digest() != theirs_by_id[a.id].digest()
        and a.digest() not in theirs_by_id[a.id].history and theirs_by_id[a.id].digest() not in a.history
    }  # fmt: skip
    assert {c.mine.id for c in report.conflicts} == both
    # Deciding every conflict (either way) settles it: the next merge of the same file is quiet.
    for n, conflict in enumerate(report.conflicts):
        resolve(merged, conflict.mine.id, take_theirs=n % 2 == 0)
    assert merged.pending == []
    quiet, last = merge(merged, MINE, theirs, THEIRS)
    assert not last.conflicts and not last.added and not last.updated
    Project.model_validate(quiet.model_dump())


def test_one_sided_edit_wins_and_both_sided_edit_conflicts() -> None:
    base = ancestor(2)
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    first, second = (a.id for a in base.annotations)
    edits.update_annotation(theirs, first, note="theirs only")
    edits.update_annotation(mine, second, note="mine")
    edits.update_annotation(theirs, second, note="theirs")
    merged, report = merge(mine, MINE, theirs, THEIRS)
    assert merged.annotations[0].note == "theirs only" and [a.note for a in report.updated] == ["theirs only"]
    assert [(c.mine.note, c.theirs.note) for c in report.conflicts] == [("mine", "theirs")]
    assert merged.annotations[1].note == "mine" and [p.note for p in merged.pending] == ["theirs"]
    resolve(merged, second, take_theirs=True)
    assert merged.annotations[1].note == "theirs" and not merged.pending


def test_new_exhibits_and_categories_come_across_and_clashes_are_reported() -> None:
    mine, theirs = ancestor(0), ancestor(0)
    theirs.codebook[0] = theirs.codebook[0].model_copy(update={"colour": "#00ff00"})
    categories.add_category(theirs, "Fair use")
    mine.exhibits.append(
        Exhibit(id="exh-7", label="Ex. 3", title="Only mine", path="a.pdf", sha256="7" * 64, page_count=1)
    )
    theirs.exhibits.append(
        Exhibit(id="exh-9", label="Ex. 3", title="Only theirs", path="b.pdf", sha256="9" * 64, page_count=1)
    )
    edits.tag_area(theirs, theirs.exhibits[-1], 0, (1, 1, 9, 9), [theirs.codebook[-1].id], author="Theirs")
    merged, report = merge(mine, MINE, theirs, THEIRS)
    assert report.exhibits_added == ["Ex. 4"]  # "Ex. 3" is another exhibit here
    assert report.categories_added == ["Fair use"] and "#00ff00" in report.category_clashes[0]
    added = merged.annotations[-1]
    assert (
        merged.exhibit(added.exhibit_id).title == "Only theirs"
        and merged.category(added.category_ids[0]).name == "Fair use"
    )
    assert merged.codebook[0].colour == "#aa0000"  # ours kept


def test_a_colleagues_edit_is_credited_to_the_colleague() -> None:
    # Pat tagged the passages; Bo edited a note of Pat's passage, and Pat edited it too: the conflict's two sides
    # and the report name who made each version, not who first tagged it.
    from exhibit_annotator.core.project.operations import EditAnnotations
    from exhibit_annotator.core.project.session import ProjectSession

    base = ancestor(2)
    for a in base.annotations:
        a.author = "Pat Legal"
    pat, bo = base.model_copy(deep=True), base.model_copy(deep=True)
    first, second = base.annotations[0].id, base.annotations[1].id
    ProjectSession(pat, MINE, author="Pat Legal").apply(EditAnnotations.one("Edit note", first, note="Pat's note"))
    bo_session = ProjectSession(bo, THEIRS, author="Bo Clerk")
    bo_session.apply(EditAnnotations.one("Edit note", first, note="Bo's note"))
    bo_session.apply(EditAnnotations.one("Edit note", second, note="Bo's other note"))
    merged, report = merge(pat, MINE, bo, THEIRS)
    [conflict] = report.conflicts
    assert (conflict.mine.edited_by, conflict.theirs.edited_by) == ("Pat Legal", "Bo Clerk")
    assert conflict.theirs.author == "Pat Legal"  # who tagged it stays as it was
    assert report.summary()["by_author"] == {"Bo Clerk": 2}
    assert "from Bo Clerk: 2" in report.lines(merged)
    assert next(a for a in merged.annotations if a.id == second).edited_by == "Bo Clerk"
