"""Which exhibit files are read: those in the project's folder (or below it), and those elsewhere that the user chose
on this machine — added, located or replaced, or agreed to when asked.

A project file can name any path: a colleague's absolute paths, or a hostile ``../../home/you/private.pdf``.
Followed blindly, the brief would quote that file, annotated and produced copies would carry it out, and a device
file could hang the app. So such a path is read only with the user's consent, kept per machine and per file in the
data folder (a line per file), or for one command with ``--allow-outside``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ..errors import UserError
from ..model import Exhibit
from ..paths import data_dir
from .exhibits import resolve_path

_allow_all = False
_cache: tuple[tuple[int, int], frozenset[str]] | None = None


class OutsideProject(UserError):
    """An exhibit's file lies outside the project's folder and the user has not agreed to read it."""

    def __init__(self, label: str = "An exhibit", path: Path = Path("(unknown)")) -> None:
        super().__init__(
            f"{label}: its file {path} lies outside the project's folder; it is read only if you agree "
            "(open it in the window, or give --allow-outside)"
        )
        self.label, self.path = label, path

    def __reduce__(self) -> tuple[type, tuple[str, Path]]:
        return (type(self), (self.label, self.path))  # raised in worker processes: comes back whole


def allow_outside(allowed: bool = True) -> None:
    """Read exhibit files wherever they are (the command line's ``--allow-outside``), until called with False."""
    global _allow_all
    _allow_all = allowed


def inside(folder: Path, path: Path) -> bool:
    """Whether ``path`` (symbolic links followed) lies in ``folder`` or below it."""
    try:
        return _inside(os.path.realpath(folder), os.path.realpath(path))
    except (OSError, RuntimeError, ValueError):
        return False


def _inside(real_folder: str, real_path: str) -> bool:
    # On strings: pathlib's resolve and is_relative_to cost 35 µs a file, which a 500-exhibit project pays at open.
    return real_path == real_folder or real_path.startswith(real_folder.rstrip(os.sep) + os.sep)


def _store() -> Path:
    return data_dir() / "files-agreed-to.txt"


def agreed() -> frozenset[str]:
    global _cache
    store = _store()
    try:
        stat = store.stat()
    except OSError:
        return frozenset()
    key = (stat.st_mtime_ns, stat.st_size)
    if _cache is None or _cache[0] != key:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            _cache = (key, frozenset(line for line in store.read_text(encoding="utf-8").splitlines() if line))
    return _cache[1] if _cache is not None else frozenset()


def agree(path: Path) -> None:
    """Record that the user chose (or agreed to read) the file at ``path``, wherever it lies."""
    resolved = str(path.resolve())
    if resolved in agreed() or "\n" in resolved:
        return
    store = _store()
    store.parent.mkdir(parents=True, exist_ok=True)
    # One short append: lines written by two processes at once do not interleave.
    fd = os.open(store, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (resolved + "\n").encode("utf-8"))
    finally:
        os.close(fd)


def may_read(project_path: Path, path: Path) -> bool:
    if _allow_all:
        return True
    try:
        real = os.path.realpath(path)
        return _inside(os.path.realpath(project_path.parent), real) or real in agreed()
    except (OSError, RuntimeError, ValueError):
        return False


def exhibit_file(project_path: Path, exhibit: Exhibit) -> Path:
    """Where the exhibit's file is (to show, to check that it exists); ``readable_file`` before reading it. The
    one place a stored path becomes a file: relative to the project's folder."""
    return resolve_path(exhibit.path, project_path.parent)


def readable_file(project_path: Path, exhibit: Exhibit) -> Path:
    """The exhibit's file, to be read; ``OutsideProject`` if it may not be (``exhibit_file`` says only where it
    is)."""
    return readable_path(project_path, exhibit.label, exhibit.path)


class FileMissing(UserError):
    """An exhibit's file is not where the project says (moved, deleted, or its stored path names a folder)."""


def present_file(project_path: Path, exhibit: Exhibit) -> Path:
    """``readable_file``, and there: a missing file (or a path naming a folder) is a ``FileMissing`` that says how
    to find it again, never an OS error while it is hashed or opened."""
    path = readable_file(project_path, exhibit)
    if not path.is_file():
        where = "names a folder" if path.is_dir() else "is missing"
        raise FileMissing(f"{exhibit.label}: its file {exhibit.path!r} {where}; locate it (exhibit relink on the "
                          "command line, Locate in the window)")  # fmt: skip
    return path


def readable_path(project_path: Path, label: str, stored: str) -> Path:
    """``readable_file`` of the exhibit ``label`` whose path in the project file is ``stored``."""
    path = resolve_path(stored, project_path.parent)
    if not may_read(project_path, path):
        raise OutsideProject(label, path.resolve())  # where it really points, "../" and links followed
    return path
