"""Finding what a person names: an exhibit by label (loosely: \"ex 3\" is \"Ex. 3\"), an annotation or a fact by
id or its first characters, a category by name or id; a clear error listing what there is when nothing matches."""

from __future__ import annotations

import re
from typing import TypeVar

from ..errors import EditError
from ..model import Annotation, Designation, Exhibit, Fact, Project


def find_exhibit(project: Project, label_or_id: str) -> Exhibit:
    """By label (as typed, then ignoring case and spaces) or by id."""
    wanted = label_or_id.strip()
    exact = [e for e in project.exhibits if e.label == wanted] or [e for e in project.exhibits if e.id == wanted]
    if exact:
        return exact[0]
    loose = loose_label(wanted)
    matches = [e for e in project.exhibits if loose_label(e.label) == loose]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(e.label for e in project.exhibits) or "none yet"
    raise EditError(f"no exhibit {label_or_id!r} in the project (exhibits: {known})")


def find_annotation(project: Project, id_or_prefix: str, among: list[Annotation] | None = None) -> Annotation:
    """By its id, or the first characters of it (at least 4, as git takes a commit's), among the project's
    annotations (or ``among``: its pending conflicts, an earlier copy's)."""
    return _by_id(project.annotations if among is None else among, id_or_prefix, "annotation", "list --json")


def find_fact(project: Project, id_or_prefix: str, among: list[Fact] | None = None) -> Fact:
    """A fact by its id or the first characters of it, as ``find_annotation`` finds an annotation."""
    return _by_id(project.facts if among is None else among, id_or_prefix, "fact", "fact list")


def find_designation(project: Project, id_or_prefix: str, among: list[Designation] | None = None) -> Designation:
    pool = project.designations if among is None else among
    return _by_id(pool, id_or_prefix, "designation", "designations list --json")


Item = TypeVar("Item", Annotation, Fact, Designation)


def _by_id(pool: list[Item], id_or_prefix: str, what: str, listing: str) -> Item:
    wanted = id_or_prefix.strip().lower()
    if len(wanted) < 4:
        raise EditError(f"{what} {id_or_prefix!r}: give at least the first 4 characters of its id")
    matches = [a for a in pool if str(a.id).startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise EditError(f"no {what} {id_or_prefix!r} ({listing} shows their ids)")
    raise EditError(f"{what} {id_or_prefix!r}: {len(matches)} ids start so; give more of it")


def find_category(project: Project, name_or_id: str) -> str:
    """A category id from a name (ignoring case) or an id."""
    wanted = name_or_id.strip()
    for c in project.codebook:
        if c.id == wanted or c.name.casefold() == wanted.casefold():
            return c.id
    known = ", ".join(c.name for c in project.codebook) or "the codebook is empty"
    raise EditError(f"unknown category {name_or_id!r}; known categories: {known}")


def loose_label(label: str) -> str:
    return re.sub(r"[\s.]+", "", label).casefold()
