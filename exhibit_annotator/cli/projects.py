"""How a command opens the project it reads or changes (a ``Workspace``: the write lock held until it is done,
refusal when the window has the project open unless ``--force``, a save refused if another program changed the
file meanwhile), exhibit passwords; and how it prints what it did (text, or ``--json``)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.model import Annotation, Project
from ..core.pdf.confinement import exhibit_file
from ..core.pdf.exhibits import PasswordRequired, open_pdf
from ..core.project.edits import default_author
from ..core.project.lookup import find_exhibit
from ..core.project.session import Operation
from ..core.project.store import load_project
from ..core.project.workspace import Workspace

PROG = "exhibit-annotator"
EXIT_OK = 0


def load(path: Path) -> Project:
    """A project this command only reads."""
    return load_project(path)


def edit(args: argparse.Namespace, path: Path | None = None) -> Workspace:
    """The project (``path``, else the command's ``project``) opened for this command to change: under its write
    lock until the workspace closes, refused when the window has it open unless ``--force``."""
    return Workspace.edit(path or args.project, force=bool(getattr(args, "force", False)))


def change(args: argparse.Namespace, op: Operation, path: Path | None = None) -> Project:
    """``op`` applied to the project through its session (the door every change goes through), and saved;
    returns the project as changed."""
    with edit(args, path) as work:
        work.apply(op)
        work.save()
        return work.project


def passwords(project: Project, items: list[str], project_path: Path | None = None) -> dict[str, str]:
    """``LABEL=PASSWORD`` arguments as exhibit id → password. With a terminal attached (and ``project_path``), the
    password of any other encrypted exhibit is asked for, without echo."""
    given = {}
    for item in items:
        label, sep, pw = item.partition("=")
        if not sep:
            raise UserError(f"--password {item!r}: expected LABEL=PASSWORD")
        given[find_exhibit(project, label).id] = pw
    if project_path is not None and sys.stdin.isatty():
        for exhibit in project.exhibits:
            if exhibit.id not in given and _needs_password(exhibit_file(project_path, exhibit)):
                given[exhibit.id] = getpass.getpass(f"Password for {exhibit.label} ({exhibit.title}): ")
    return given


def _needs_password(path: Path) -> bool:
    try:
        open_pdf(path, None).close()
    except PasswordRequired:
        return True
    except UserError:
        return False  # missing or unreadable: the command says so where it reads it
    return False


def author(given: str | None) -> str:
    return given if given is not None else default_author()


def names(project: Project, a: Annotation) -> str:
    return project.category_names(a.category_ids)


def described(project: Project, a: Annotation) -> dict[str, Any]:
    """An annotation as ``--json`` prints it."""
    exhibit = project.exhibit(a.exhibit_id)
    return {
        "id": str(a.id), "exhibit": exhibit.label, "cite": exhibit.cite_passage(a), "page": a.page + 1,
        "text": a.text, "categories": [project.category(c).name for c in a.category_ids if _known(project, c)],
        "note": a.note, "author": a.author, "key_passage": a.key_passage, "review": a.review.value,
        "review_comment": a.review_comment,
    }  # fmt: skip


def _known(project: Project, category_id: str) -> bool:
    return any(c.id == category_id for c in project.codebook)


def report(as_json: bool, lines: list[str], data: object) -> None:
    """What a command did: ``lines`` for a person, ``data`` with ``--json``."""
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for line in lines:
            print(line)
