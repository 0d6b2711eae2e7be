"""Teams through git: project files merged by our three-way merge instead of git's line merge.

git calls the merge driver with three temporary files (the common ancestor, ours, theirs) and the path the result
is for; the driver writes the merged project over ours. A conflict (both changed one annotation) is data the app
resolves (``Project.pending``), not text markers, so the driver succeeds whenever it writes a valid project and
fails only when a side cannot be read (git then reports the file as conflicted, left as ours).

``setup`` writes what a clone needs: the ``.gitattributes`` lines naming the project files (shared, committed),
``.gitignore`` lines for what the app keeps beside a project (backups, locks), and the driver in ``.git/config``
(per clone: git never runs a program a repository names by itself).
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EditError, UserError
from ..files import atomic_write
from ..model import FORMAT_NAME, Project
from .merge import merge3
from .store import ProjectFileError, dumps, load_project

DRIVER = "exhibit-annotator"
EXIT_CONFLICTED = 1  # git: the merge failed, the file stays conflicted


@dataclass
class DriverResult:
    exit_code: int
    lines: list[str] = field(default_factory=list)  # what to say on stderr


def run_driver(base: Path, ours: Path, theirs: Path, place: Path | None = None) -> DriverResult:
    """Merge ``theirs`` into ``ours`` (written in place) with ``base`` as the ancestor; ``place``: the project
    file's path in the work tree (git's ``%P``), from which exhibit paths are read alike on both sides."""
    name = place or ours
    try:
        mine, their = load_project(ours), load_project(theirs)
    except ProjectFileError as e:
        return DriverResult(EXIT_CONFLICTED, [f"{name}: not merged: {e}"])
    ancestor: Project | None = None
    notes = []
    try:
        if base.stat().st_size > 0:  # empty: the file was added on both sides
            ancestor = load_project(base)
    except (OSError, ProjectFileError) as e:
        notes.append(f"{name}: the common version cannot be read ({e}); merged without it")
    try:
        merged, report = merge3(ancestor, mine, their, Path(name))
    except EditError as e:  # the result would not be a valid project: git keeps our side and reports a conflict
        return DriverResult(EXIT_CONFLICTED, [f"{name}: not merged: {e}"])
    try:
        atomic_write(ours, dumps(merged), backup=False)
    except OSError as e:
        return DriverResult(EXIT_CONFLICTED, [f"{name}: not merged: cannot write ({e.strerror or e})"])
    first, *rest = report.lines(merged)
    lines = [*notes, f"{name}: merged by Exhibit Annotator: {first}", *(f"  {line}" for line in rest)]
    if report.conflicts:
        lines.append(f"  {len(report.conflicts)} conflict(s) wait in the project: open it to decide them")
    return DriverResult(0, lines)


def driver_command() -> str:
    """How git runs this program: the bundle's executable, or this Python with the package."""
    if getattr(sys, "frozen", False):
        program = shlex.quote(Path(sys.executable).as_posix())
    else:
        program = f"{shlex.quote(Path(sys.executable).as_posix())} -m exhibit_annotator"
    return f"{program} merge-driver %O %A %B %P"


def _git(repo: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UserError("git is not installed (or not on the PATH)") from None
    if done.returncode != 0:
        raise UserError(f"{repo}: {done.stderr.strip() or 'git failed'}")
    return done.stdout


def project_files(repo: Path) -> list[str]:
    """The project files in the repository (tracked, or new and not ignored), relative to its top: found by their
    format marker, not their name."""
    found = []
    for name in _git(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.json").split("\0"):
        if not name:
            continue
        try:
            with open(repo / name, encoding="utf-8", errors="replace") as f:
                head = f.read(4096)
        except OSError:
            continue
        if f'"format": "{FORMAT_NAME}"' in head or f'"format":"{FORMAT_NAME}"' in head:
            found.append(name)
    return found


@dataclass
class Setup:
    repo: Path
    patterns: list[str]
    added: list[str]  # lines added to .gitattributes


def setup(repo: Path, patterns: list[str] | None = None) -> Setup:
    """Make ``repo`` merge its project files (``patterns``, default: the project files it tracks) with us."""
    top = Path(_git(repo, "rev-parse", "--show-toplevel").strip())
    chosen = patterns or project_files(top)
    if not chosen:
        raise UserError(f"{top}: no project file found (make one there, or name the files: git-setup PATTERN)")
    _git(top, "config", f"merge.{DRIVER}.name", "Exhibit Annotator project merge")
    _git(top, "config", f"merge.{DRIVER}.driver", driver_command())
    added = _lines_in(top / ".gitattributes", [f"{p.replace(' ', '[[:space:]]')} merge={DRIVER}" for p in chosen])
    _lines_in(top / ".gitignore", COMPANIONS)
    return Setup(top, chosen, added)


# What the app and the command line keep beside a project file, per machine: never shared.
COMPANIONS = ["*.json.bak", ".*.json.bak.previous", "*.json.lock", ".*.json.writing", ".*.json.*.tmp"]


def _lines_in(path: Path, wanted: list[str]) -> list[str]:
    """Add the ``wanted`` lines ``path`` lacks; returns them."""
    existing = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    added = [line for line in wanted if line not in existing]
    if added:
        atomic_write(path, "\n".join([*existing, *added]) + "\n", backup=False)
    return added
