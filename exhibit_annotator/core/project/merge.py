"""Merging a colleague's project file into one's own: deterministic, idempotent, and losing nothing.

- Exhibits are matched by file hash, then by label and file name, never by path (laptops differ). Exhibits only
  the colleague has are added, their paths made relative to this project where possible.
- Categories are matched by id, then by name; new ones are added; a different colour or name for the same
  category is reported, and ours is kept.
- Annotations are matched by UUID. Versions are told apart by content digest (``Annotation.digest``): a version
  whose ``history`` holds the other's digest is a later edit of it, so it wins; two versions neither of which
  descends from the other were both changed: a **conflict**. Ours stays in place and theirs waits in
  ``Project.pending`` until someone picks (``resolve``). An annotation one side deleted (``Project.deleted``) and
  the other still has is a proposal, reported and never applied silently.
- Facts follow the annotations' rule (``_bring_in``, the one home of it): by UUID, by digest and history, their
  conflicts waiting in ``Project.pending_facts``; their issues are mapped to our categories as annotations' are.
- With the common ancestor (``merge3``: git knows it), more is certain: what one side deleted and the other left as
  it was is deleted; an exhibit, a category or the case details that one side changed and the other left as they
  were take the change; what only one side removed, and nothing uses, goes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from pydantic import ValidationError

from ..errors import EditError
from ..model import Annotation, Category, Deletion, Designation, Exhibit, Fact, Project, utc_now
from ..pdf.confinement import agree, exhibit_file, inside
from ..pdf.exhibits import relative_path
from .categories import match_categories
from .intake import next_label
from .store import describe_validation_error

Model = TypeVar("Model", Exhibit, Category)


@dataclass
class Conflict:
    mine: Annotation
    theirs: Annotation


@dataclass
class MergeReport:
    exhibits_added: list[str] = field(default_factory=list)  # labels
    paths_not_taken: list[str] = field(default_factory=list)  # labels of added exhibits whose file is outside
    categories_added: list[str] = field(default_factory=list)  # names
    category_clashes: list[str] = field(default_factory=list)
    added: list[Annotation] = field(default_factory=list)
    updated: list[Annotation] = field(default_factory=list)  # theirs, now ours
    conflicts: list[Conflict] = field(default_factory=list)
    unchanged: int = 0
    kept_mine: int = 0  # changed here since the colleague's version
    deleted_here: list[Annotation] = field(default_factory=list)  # theirs, which we had deleted: not re-added
    deleted_there: list[Annotation] = field(default_factory=list)  # ours, which they deleted: kept
    deleted_too: list[Annotation] = field(default_factory=list)  # ours, unchanged since they deleted it: deleted
    mended_there: int = 0  # characters of their file that were not text (lone surrogates), removed when read
    facts: Versions[Fact] = field(default_factory=lambda: Versions[Fact]())
    designations: Versions[Designation] = field(default_factory=lambda: Versions[Designation]())

    @property
    def changes(self) -> int:
        parts: list[list[object]] = [
            list(self.exhibits_added), list(self.categories_added), list(self.added), list(self.updated),
            list(self.conflicts), list(self.facts.added), list(self.facts.updated), list(self.facts.conflicts),
            list(self.designations.added), list(self.designations.updated), list(self.designations.conflicts),
        ]  # fmt: skip
        return sum(len(p) for p in parts)

    def summary(self) -> dict[str, object]:
        """Counts, and who and which exhibits the annotations added, updated or in conflict are from."""

        def by(annotations: list[Annotation], key: str) -> dict[str, int]:
            out: dict[str, int] = {}
            for a in annotations:
                value = str(getattr(a, key))
                out[value] = out.get(value, 0) + 1
            return dict(sorted(out.items()))

        touched = self.added + self.updated + [c.theirs for c in self.conflicts]
        return {
            "exhibits_added": self.exhibits_added,
            "paths_not_taken": self.paths_not_taken,
            "categories_added": self.categories_added,
            "category_clashes": self.category_clashes,
            "added": len(self.added),
            "updated": len(self.updated),
            "conflicts": len(self.conflicts),
            "unchanged": self.unchanged,
            "kept_mine": self.kept_mine,
            "deleted_here_not_restored": len(self.deleted_here),
            "deleted_there_kept": len(self.deleted_there),
            "by_author": by(touched, "edited_by"),  # who made each version brought in, not who first tagged it
            "by_exhibit": by(touched, "exhibit_id"),
            "facts": self.facts.counts(),
            "designations": self.designations.counts(),
        }

    def lines(self, merged: Project) -> list[str]:
        """The report as people read it (the CLI prints these, the app shows them); ``merged``: the project the
        merge made, whose cites name the conflicts' places (page:line on a transcript)."""
        s = self.summary()
        out = [f"{s['added']} added, {s['updated']} updated, {s['conflicts']} conflict(s), {s['unchanged']} unchanged."]
        if self.exhibits_added:
            out.append(f"exhibits added: {', '.join(self.exhibits_added)}")
        if self.paths_not_taken:
            out.append(
                f"files outside their project's folder, not followed (locate them): {', '.join(self.paths_not_taken)}"
            )
        if self.categories_added:
            out.append(f"categories added: {', '.join(self.categories_added)}")
        out += [f"category clash: {c}" for c in self.category_clashes]
        out += [f"from {who or '(no author)'}: {n}" for who, n in s["by_author"].items()]  # type: ignore[attr-defined]
        for c in self.conflicts:
            where = merged.cite_of(c.mine)
            out.append(
                f"conflict on {where}: mine {c.mine.note!r} / theirs {c.theirs.note!r} (both kept until decided)"
            )
        if self.deleted_there:
            out.append(f"{len(self.deleted_there)} annotation(s) they deleted are kept here (proposals, not applied)")
        if self.deleted_here:
            out.append(f"{len(self.deleted_here)} annotation(s) deleted here are still in theirs (not brought back)")
        if self.mended_there:
            out.append(f"{self.mended_there} character(s) of their file that are not text (half an emoji, a broken "
                       "character) were removed as it was read")  # fmt: skip
        if self.deleted_too:
            out.append(f"{len(self.deleted_too)} annotation(s) they deleted, unchanged here, are deleted here too")
        f = self.facts
        if f.added or f.updated or f.conflicts or f.deleted_there or f.deleted_here:
            out.append(f"facts: {len(f.added)} added, {len(f.updated)} updated, {len(f.conflicts)} conflict(s), "
                       f"{f.unchanged} unchanged")  # fmt: skip
        for mine, theirs in f.conflicts:
            out.append(f"conflict on a fact: mine {mine.text!r} / theirs {theirs.text!r} (both kept until decided)")
        if f.deleted_there:
            out.append(f"{len(f.deleted_there)} fact(s) they deleted are kept here (proposals, not applied)")
        if f.deleted_here:
            out.append(f"{len(f.deleted_here)} fact(s) deleted here are still in theirs (not brought back)")
        d = self.designations
        if d.added or d.updated or d.conflicts:
            out.append(f"designations: {len(d.added)} added, {len(d.updated)} updated, {len(d.conflicts)} conflict(s)")
        return out


def _match_exhibits(
    mine: Project, mine_path: Path, theirs: Project, theirs_path: Path, report: MergeReport
) -> dict[str, str]:
    """Their exhibit id → ours, adding the exhibits we do not have."""
    by_hash = {e.sha256: e for e in mine.exhibits}
    by_label = {(e.label, e.file_name): e for e in mine.exhibits}
    ids = {e.id for e in mine.exhibits}
    mapping = {}
    for e in theirs.exhibits:
        same = by_hash.get(e.sha256) or by_label.get((e.label, e.file_name))
        if same is not None:
            mapping[e.id] = same.id
            continue
        label = e.label if all(x.label != e.label for x in mine.exhibits) else next_label(mine)
        # Another file under an id we use: a new id, within the 128 characters an id may have.
        new_id = e.id if e.id not in ids else f"{e.id[:121]}-{uuid.uuid5(uuid.NAMESPACE_URL, e.sha256).hex[:6]}"
        if theirs_path == mine_path:  # two versions of one file (git's): the same place, the same path
            mine.exhibits.append(e.model_copy(update={"id": new_id, "label": label}))
            ids.add(new_id)
            mapping[e.id] = new_id
            report.exhibits_added.append(label)
            continue
        # A colleague's file may point anywhere (an absolute path, "../../"): only a file inside their project's
        # folder (what they sent along) is followed; otherwise only its name is kept, to be located by the user.
        located = exhibit_file(theirs_path, e)
        path = e.file_name
        followed = inside(theirs_path.parent, located) and located.exists()
        if followed:
            path = relative_path(located, mine_path.parent)
            agree(located)  # sent along with the project the user chose to merge: readable from here on
        if not followed and (located.exists() or not inside(theirs_path.parent, located)):
            report.paths_not_taken.append(label)
        mine.exhibits.append(e.model_copy(update={"id": new_id, "label": label, "path": path}))
        ids.add(new_id)
        by_hash[e.sha256] = mine.exhibits[-1]
        mapping[e.id] = new_id
        report.exhibits_added.append(label)
    return mapping


def _match_categories(mine: Project, theirs: Project, report: MergeReport) -> dict[str, str]:
    """Their category id → ours, adding the categories we do not have (``categories.match_categories``, the rule
    an import follows too)."""
    matched = match_categories(mine.codebook, theirs.codebook)
    report.category_clashes += matched.clashes
    report.categories_added += [c.name for c in matched.added]
    mine.codebook = [*mine.codebook, *matched.added]
    return matched.same


def _translated(a: Annotation, exhibits: dict[str, str], categories: dict[str, str]) -> Annotation:
    ids = list(dict.fromkeys(categories.get(c, c) for c in a.category_ids))
    if a.exhibit_id == exhibits.get(a.exhibit_id, a.exhibit_id) and ids == a.category_ids:
        return a
    return a.model_copy(update={"exhibit_id": exhibits.get(a.exhibit_id, a.exhibit_id), "category_ids": ids})


class Versioned(Protocol):
    """An annotation, a fact or a designation: what ``_bring_in`` merges by id and content digest."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def history(self) -> list[str]: ...
    def digest(self) -> str: ...


V = TypeVar("V", bound=Versioned)


@dataclass
class Versions(Generic[V]):
    """What merging one kind of versioned items (annotations, facts, designations) did."""

    added: list[V] = field(default_factory=list)
    updated: list[V] = field(default_factory=list)  # theirs, now ours
    conflicts: list[tuple[V, V]] = field(default_factory=list)  # (mine, theirs): theirs waits in pending
    unchanged: int = 0
    kept_mine: int = 0  # changed here since the colleague's version
    deleted_here: list[V] = field(default_factory=list)  # theirs, which we had deleted: not re-added
    deleted_there: list[V] = field(default_factory=list)  # ours, which they deleted: kept

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added), "updated": len(self.updated), "conflicts": len(self.conflicts),
            "unchanged": self.unchanged, "kept_mine": self.kept_mine,
            "deleted_here_not_restored": len(self.deleted_here), "deleted_there_kept": len(self.deleted_there),
        }  # fmt: skip


def _bring_in(items: list[V], pending: list[V], theirs: list[V], deleted_here: set[uuid.UUID]) -> Versions[V]:
    """Their versions merged into ``items`` (changed in place; conflicts appended to ``pending``): the one rule for
    annotations, facts and designations. A version whose history holds the other's digest is a later edit of it and
    wins; two versions neither of which descends from the other are a conflict, ours kept and theirs left to decide."""
    done: Versions[V] = Versions()
    position = {x.id: i for i, x in enumerate(items)}
    waiting = {(x.id, x.digest()) for x in pending}
    for t in theirs:
        i = position.get(t.id)
        if i is None:
            if t.id in deleted_here:
                done.deleted_here.append(t)
            else:
                items.append(t)
                position[t.id] = len(items) - 1
                done.added.append(t)
            continue
        m = items[i]
        mine_digest, their_digest = m.digest(), t.digest()
        if mine_digest == their_digest:
            done.unchanged += 1
        elif their_digest in m.history:  # ours is a later edit of theirs
            done.kept_mine += 1
        elif mine_digest in t.history:
            items[i] = t
            done.updated.append(t)
        else:
            done.conflicts.append((m, t))
            if (t.id, their_digest) not in waiting:
                pending.append(t)
                waiting.add((t.id, their_digest))
    return done


def _translated_fact(f: Fact, categories: dict[str, str]) -> Fact:
    ids = list(dict.fromkeys(categories.get(c, c) for c in f.issue_ids))
    return f if ids == f.issue_ids else f.model_copy(update={"issue_ids": ids})


def merge(mine: Project, mine_path: Path, theirs: Project, theirs_path: Path) -> tuple[Project, MergeReport]:
    """``theirs`` merged into a copy of ``mine``; neither input changes."""
    merged = mine.model_copy(deep=True)
    report = MergeReport(mended_there=theirs.mended)
    exhibits = _match_exhibits(merged, Path(mine_path), theirs, Path(theirs_path), report)
    categories = _match_categories(merged, theirs, report)
    deleted_here = {d.id for d in merged.deleted}
    annotations = _bring_in(
        merged.annotations,
        merged.pending,
        [_translated(a, exhibits, categories) for a in theirs.annotations],
        deleted_here,
    )
    report.added, report.updated, report.deleted_here = annotations.added, annotations.updated, annotations.deleted_here
    report.conflicts = [Conflict(m, t) for m, t in annotations.conflicts]
    report.unchanged, report.kept_mine = annotations.unchanged, annotations.kept_mine
    facts = _bring_in(
        merged.facts, merged.pending_facts, [_translated_fact(f, categories) for f in theirs.facts], deleted_here
    )
    report.facts = facts
    report.designations = _bring_in(
        merged.designations, merged.pending_designations,
        [d if d.exhibit_id == exhibits.get(d.exhibit_id, d.exhibit_id)
         else d.model_copy(update={"exhibit_id": exhibits[d.exhibit_id]}) for d in theirs.designations],
        deleted_here,
    )  # fmt: skip
    theirs_deleted = {d.id for d in theirs.deleted}
    report.deleted_there = [a for a in merged.annotations if a.id in theirs_deleted]
    report.facts.deleted_there = [f for f in merged.facts if f.id in theirs_deleted]
    report.designations.deleted_there = [d for d in merged.designations if d.id in theirs_deleted]
    # Their deletion records join ours, except for what we still have (a proposal, kept as it is).
    known = {d.id for d in merged.deleted} | {x.id for kind in ("annotations", "facts", "designations")
                                              for x in getattr(merged, kind)}  # fmt: skip
    merged.deleted.extend(d for d in theirs.deleted if d.id not in known)
    try:
        Project.model_validate(merged.model_dump())  # the cross-references of the whole result
    except ValidationError as e:  # e.g. their annotation on a page our copy of the file does not have
        raise EditError(f"{theirs_path.name}: not merged: the result would not be a valid project: "
                        f"{describe_validation_error(e)}") from None  # fmt: skip
    return merged, report


PENDING = {"annotations": "pending", "facts": "pending_facts", "designations": "pending_designations"}


def resolve(project: Project, item_id: uuid.UUID, take_theirs: bool, *, kind: str = "annotations") -> None:
    """Decide a conflict on an annotation (or a fact, or a designation: ``kind`` names the list): keep ours or take
    theirs; either way the other version joins the kept one's history, so merging the same file again does not bring
    the conflict back."""
    items_name, pending_name = kind, PENDING[kind]
    items: list[Any] = getattr(project, items_name)
    pending: list[Any] = getattr(project, pending_name)
    theirs = [p for p in pending if p.id == item_id]
    if not theirs:
        return
    left = [p for p in pending if p.id != item_id]
    i = next((i for i, a in enumerate(items) if a.id == item_id), None)
    if i is None:  # deleted here since: keep it deleted, or restore their version
        setattr(project, pending_name, left)
        if take_theirs:
            project.deleted = [d for d in project.deleted if d.id != item_id]
            setattr(project, items_name, [*items, theirs[-1].model_copy(update={"modified": utc_now()})])
        return
    mine = items[i]
    if take_theirs:
        kept = theirs[-1]
        others = [mine, *theirs[:-1]]
    else:
        kept, others = mine, theirs
    history = list(dict.fromkeys([*kept.history, *(h for o in others for h in (*o.history, o.digest()))]))
    items[i] = kept.model_copy(update={"history": history, "modified": utc_now()})
    setattr(project, pending_name, left)


def merge3(base: Project | None, mine: Project, theirs: Project, path: Path) -> tuple[Project, MergeReport]:
    """Two versions of the project file at ``path`` merged with their common ancestor ``base`` (git's merge
    driver): ``merge``, then what the ancestor makes certain. Without an ancestor (the file was added on both
    sides), ``merge`` alone. Neither input changes."""
    two_way, report = merge(mine, path, theirs, path)
    if base is None:
        return two_way, report
    merged = two_way.model_copy(deep=True)
    gone = _deleted_there_unchanged_here(base.annotations, merged.annotations, theirs.annotations)
    if gone:
        report.deleted_too = [a for a in merged.annotations if a.id in gone]
        report.deleted_there = [a for a in report.deleted_there if a.id not in gone]
        merged.annotations = [a for a in merged.annotations if a.id not in gone]
    kinds: list[tuple[str, Versions[Any]]] = [("facts", report.facts), ("designations", report.designations)]
    for kind, versions in kinds:
        gone_items = _deleted_there_unchanged_here(getattr(base, kind), getattr(merged, kind), getattr(theirs, kind))
        if gone_items:
            versions.deleted_there = [x for x in versions.deleted_there if x.id not in gone_items]
            setattr(merged, kind, [x for x in getattr(merged, kind) if x.id not in gone_items])
            gone |= gone_items
    recorded = {d.id for d in merged.deleted}  # their records of what goes (who, when), else one of ours
    merged.deleted.extend(d for d in theirs.deleted if d.id in gone and d.id not in recorded)
    merged.deleted.extend(Deletion(id=i) for i in sorted(gone - {d.id for d in merged.deleted}, key=str))
    if mine.case == base.case:
        merged.case = theirs.case
    in_use = {a.exhibit_id for a in (*merged.annotations, *merged.pending)} | {
        d.exhibit_id for d in (*merged.designations, *merged.pending_designations)
    }
    merged.exhibits = _three_way(base.exhibits, merged.exhibits, theirs.exhibits, in_use)
    used = {c for a in (*merged.annotations, *merged.pending) for c in a.category_ids}
    used |= {c for f in (*merged.facts, *merged.pending_facts) for c in f.issue_ids}
    used |= {c.parent for c in merged.codebook if c.parent}
    merged.codebook = _three_way(base.codebook, merged.codebook, theirs.codebook, used)
    try:
        Project.model_validate(merged.model_dump())  # the cross-references of the whole result
    except ValueError:  # their rename clashes with a name added here: the two-way result, which keeps ours
        report.deleted_there += report.deleted_too
        report.deleted_too = []
        return two_way, report
    return merged, report


def _deleted_there_unchanged_here(base: list[V], mine: list[V], theirs: list[V]) -> set[uuid.UUID]:
    """What their side deleted and ours left as the ancestor had it (annotations, facts, designations alike)."""
    was = {x.id: x.digest() for x in base}
    kept_there = {x.id for x in theirs}
    return {x.id for x in mine if x.id in was and x.id not in kept_there and x.digest() == was[x.id]}


def _three_way(base: list[Model], mine: list[Model], theirs: list[Model], in_use: set[str]) -> list[Model]:
    """Exhibits or categories by id: one that only their side changed takes their version; one that only their
    side removed goes, unless something still uses it. Ours wins everywhere else (``merge`` added theirs)."""
    was = {x.id: x for x in base}
    now = {x.id: x for x in theirs}
    out = []
    for x in mine:
        before, after = was.get(x.id), now.get(x.id)
        if before is None or x != before:
            out.append(x)
        elif after is None:
            if x.id in in_use:
                out.append(x)
        else:
            out.append(after)
    return out
