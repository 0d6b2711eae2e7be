"""What an export may write and under which names: never over the project or an exhibit's file (the evidence), and
names every system accepts. Shared by every writer of the package."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import UserError
from ..files import BACKUP_SUFFIX, replace_held
from ..model import Exhibit, Project
from ..pdf.confinement import exhibit_file


def check_output(project: Project, project_path: Path, out: Path) -> None:
    """An export never replaces the project file, its backup or an exhibit's file (the evidence): a brief written
    over them loses work no undo brings back."""
    target = out.resolve()
    if target in (project_path.resolve(), project_path.with_name(project_path.name + BACKUP_SUFFIX).resolve()):
        raise UserError(f"{out.name}: that is the project file (or its backup); the export never replaces it")
    for exhibit in project.exhibits:
        if exhibit_file(project_path, exhibit).resolve() == target:
            raise UserError(f"{out.name}: that is {exhibit.label}'s file; an export never replaces an exhibit")


@contextmanager
def written_whole(out: Path) -> Iterator[Path]:
    """The name to write ``out`` under (beside it, hidden), which replaces ``out`` only once the writing is done: a
    failed or cancelled export never leaves half a file, nor spoils the one it was to replace."""
    partial = out.with_name(f".{out.name}.partial")
    try:
        yield partial
        replace_held(partial, out)
    finally:
        partial.unlink(missing_ok=True)


_REFUSED = set('<>:"/\\|?*')  # characters Windows (and, for "/", every system) refuses in a file name
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


def safe_name(label: str) -> str:
    """``label`` as a file name every system accepts, as close to it as can be: spaces and punctuation kept
    ("Ex. 3"), only refused characters become "_", no trailing dot or space (Windows drops them), and a device
    name of Windows (CON, LPT1) gets "_" after it."""
    name = "".join("_" if ch in _REFUSED or ord(ch) < 32 else ch for ch in label).strip().rstrip(". ") or "_"
    return f"{name}_" if name.split(".")[0].upper() in _RESERVED else name


# File systems take 255 bytes a name (UTF-8 on Linux and macOS); an export's name leaves room for " (12)", the
# ".partial" of the file being written and its leading dot. Labels may have 2,000 characters.
MAX_NAME_BYTES = 200


def _within(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, at a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore").rstrip(". ")


def output_name(folder: Path, exhibit: Exhibit, taken: list[Path]) -> Path:
    """``Ex. 3 - file.pdf`` for an exhibit's copy in ``folder``, distinct from the names in ``taken``: labels that
    differ only in what a file name cannot hold ("PX-12 (a)", "PX-12 [a]"), or in case ("PX-1a", "PX-1A": one name
    on Windows and macOS), get (2), (3); a name too long for a file system is shortened, with a tag of the whole
    label so that long labels alike stay apart."""
    name, stem = safe_name(exhibit.label), exhibit.file_stem
    if len(f"{name} - {stem}.pdf".encode()) > MAX_NAME_BYTES:
        tag = hashlib.sha256(exhibit.label.encode("utf-8")).hexdigest()[:8]
        name, stem = f"{_within(name, 120)}~{tag}", _within(stem, 60) or "file"
    # Windows and macOS do not tell "PX-1a" from "PX-1A" in a file name: names are compared as they would.
    used = {p.name.casefold() for p in taken}
    out, n = folder / f"{name} - {stem}.pdf", 2
    while out.name.casefold() in used:
        out, n = folder / f"{name} - {stem} ({n}).pdf", n + 1
    return out
