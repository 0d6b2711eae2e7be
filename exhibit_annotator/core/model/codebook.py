"""The codebook: the case's categories (claims, issues), nested, each with a colour and an optional key."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    Field,
    model_validator,
)

from .fields import Colour, Identifier, NonBlank, OneLine, Text, _Model, _unique


class Category(_Model):
    id: Identifier
    name: NonBlank
    colour: Colour = "#f4d03f"
    description: Text = ""
    parent: Identifier | None = None
    shortcut: str | None = Field(default=None, min_length=1, max_length=1)


def check_codebook(categories: list[Category]) -> None:
    """Ids unique, parents known, no category nested inside itself, names and shortcuts unique."""
    _unique("category id", [c.id for c in categories])
    _unique("category name", [c.name.casefold() for c in categories])
    _unique("category shortcut", [c.shortcut for c in categories if c.shortcut])
    ids = {c.id for c in categories}
    for c in categories:
        if c.parent is not None and c.parent not in ids:
            raise ValueError(f"category {c.name!r} has an unknown parent {c.parent!r}")
    _no_cycles(categories)


def category_depths(categories: list[Category]) -> dict[str, int]:
    """How deep each category is nested (0: top level), by id."""
    parents = {c.id: c.parent for c in categories}
    depths = {}
    for cid, parent in parents.items():
        level = 0
        while parent is not None and level < len(categories):  # a cycle (refused on load) cannot hang this
            level, parent = level + 1, parents.get(parent)
        depths[cid] = level
    return depths


class Codebook(_Model):
    """A codebook on its own, to start projects from or share between them."""

    format: Literal["exhibit-annotator-codebook"] = "exhibit-annotator-codebook"
    name: OneLine = ""
    description: Text = ""
    categories: list[Category] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Codebook:
        check_codebook(self.categories)
        return self


def _no_cycles(codebook: list[Category]) -> None:
    parent = {c.id: c.parent for c in codebook}
    for c in codebook:
        seen = {c.id}
        p = c.parent
        while p is not None:
            if p in seen:
                raise ValueError(f"category {c.name!r} is nested inside itself")
            seen.add(p)
            p = parent.get(p)
