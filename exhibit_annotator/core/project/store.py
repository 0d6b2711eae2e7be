"""Reading and writing project (and codebook) files: never trust what is read, never half-write what is saved.

Load: size limit → UTF-8 → JSON (deep nesting caught) → format and version check → migrations → pydantic
validation. Every failure is a ``ProjectFileError`` naming the file and the problem in one line.

Save: serialise, write a temporary file in the same folder, flush and fsync, keep the previous version as
``NAME.bak`` (itself replaced atomically), then ``os.replace`` the new file over the old and fsync the folder.
A process killed at any instant leaves the old file or the new one, never a broken one; and the backup before it
is kept as ``.NAME.bak.previous`` until the new file is in place, so a kill between the two replacements loses no
generation (file and backup would both be the old version).
"""

from __future__ import annotations

import contextlib
import gc
import json
import re
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from ..errors import FileProblem
from ..files import atomic_write
from ..model import FORMAT_NAME, SCHEMA_VERSION, STEP, Annotation, Category, Codebook, Project

MAX_FILE_BYTES = 256 * 1024 * 1024

Migration = Callable[[dict[str, Any]], dict[str, Any]]
# MIGRATIONS[n] turns a version-n document into version n + 1.
MIGRATIONS: dict[int, Migration] = {
    # 2 adds annotation histories, deletion records and pending merge conflicts, all empty by default.
    1: lambda d: {**d, "schema_version": 2},
    # 3 adds exhibits' Bates digits, date, confidentiality designation, custodian and production volume.
    2: lambda d: {**d, "schema_version": 3},
    # 4 adds exhibits' page labels and earlier file hashes, and what a file replacement left to check.
    3: lambda d: {**d, "schema_version": 4},
    # 5 adds exhibits' short names and docket entries, for the brief's cite forms.
    4: lambda d: {**d, "schema_version": 5},
    # 6 adds a line-number column's area and transcript page, for condensed transcripts (four pages to a sheet).
    5: lambda d: {**d, "schema_version": 6},
    # 7 adds who made an annotation's version (``Annotation.modified_by``), so a merge credits a colleague's edit.
    6: lambda d: {**d, "schema_version": 7},
    # 8 adds facts (``Project.facts``) and a colleague's versions of them waiting for a decision.
    7: lambda d: {**d, "schema_version": 8},
    # 9 adds exhibits' source files (an ASCII transcript the exhibit's PDF was made from) and designations.
    8: lambda d: {**d, "schema_version": 9},
}

T = TypeVar("T")


class ProjectFileError(FileProblem):
    """A project or codebook file that cannot be used. ``str()`` names the file and the problem."""


def _read_bytes(path: Path, what: str) -> bytes:
    size = ProjectFileError.size_of(path, what)
    if size > MAX_FILE_BYTES:
        raise ProjectFileError(path, f"is {size // 2**20} MB, too large to be {what}")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ProjectFileError(path, f"cannot be read ({e.strerror or e})") from None
    if raw.startswith(b"%PDF-"):
        raise ProjectFileError(path, f"is a PDF, not {what} (add it to a project as an exhibit instead)")
    return raw


def _parse_json(raw: bytes, path: Path, what: str) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ProjectFileError(path, f"is not a text file (invalid UTF-8 at byte {e.start}), not {what}") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise ProjectFileError(path, f"is nested too deeply to be {what}") from None
    except json.JSONDecodeError as e:
        raise ProjectFileError(path, f"is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except ValueError as e:  # a number of thousands of digits (Python's guard against slow conversions)
        raise ProjectFileError(path, f"holds a value that cannot be read ({str(e).split(':')[0]})") from None


def _read_json(path: Path, what: str) -> Any:
    return _parse_json(_read_bytes(path, what), path, what)


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector off while a file's tens of thousands of objects are made: it found nothing to
    collect and ran hundreds of times (half the load time of 20,000 annotations). Reference counting still frees."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            # Made while the collector was off, the new objects would all be walked by its next run (0.16 s at
            # 20,000 annotations): they live as long as the project, and hold no cycles, so they are set aside.
            gc.freeze()
            gc.enable()


def project_from_bytes(raw: bytes, path: Path) -> Project:
    """A project from a file's bytes. A current, valid file is parsed and validated by pydantic-core in one pass
    (within 2x of ``json.loads`` alone); anything else (an older version to migrate, a mistake to explain) takes
    the step-by-step path, whose messages say what is wrong."""
    with _no_cyclic_gc():
        try:
            project = Project.model_validate_json(raw)
        except ValidationError:
            project = parse_project(_parse_json(raw, path, "a project file"), path)
    project._mended = lone_surrogates(raw)
    return project


_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def lone_surrogates(raw: bytes) -> int:
    """How many ``\\uD800``-``\\uDFFF`` escapes in a JSON text are not one of a high-low pair: what a field's mending
    removes (another tool wrote half an emoji)."""
    escapes = [(m.start(), m.group()[3:4].lower() in b"89ab") for m in _SURROGATE.finditer(raw)]
    lone, i = 0, 0
    while i < len(escapes):
        (at, high) = escapes[i]
        if high and i + 1 < len(escapes) and escapes[i + 1][0] == at + 6 and not escapes[i + 1][1]:
            i += 2
            continue
        lone, i = lone + 1, i + 1
    return lone


def describe_validation_error(error: ValidationError, limit: int = 3) -> str:
    """pydantic's errors as one readable line: ``exhibits[0].sha256: ...; ... (and 2 more problems)``."""
    parts = []
    # A value of a checked-or-mended type fails both branches: the mending one says why, in our words.
    errors = [e for e in error.errors(include_url=False) if e["loc"][-1:] != ("checked",)]
    for e in errors[:limit]:
        loc = [p for p in e["loc"] if p != "mended"]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        msg = e["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {msg}" if where else msg)
    more = len(errors) - limit
    return "; ".join(parts) + (f" (and {more} more problem{'s' * (more > 1)})" if more > 0 else "")


def migrate(data: dict[str, Any], migrations: dict[int, Migration] | None = None) -> dict[str, Any]:
    """Bring an older document up to ``SCHEMA_VERSION``, one version at a time."""
    table = MIGRATIONS if migrations is None else migrations
    version = data.get("schema_version")
    while isinstance(version, int) and version < SCHEMA_VERSION:
        step = table.get(version)
        if step is None:
            raise ValueError(f"schema version {version} cannot be migrated (no migration to {version + 1})")
        data = step(dict(data))
        data["schema_version"] = version + 1
        version = version + 1
    return data


def parse_project(data: Any, path: Path, migrations: dict[int, Migration] | None = None) -> Project:
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a string" if isinstance(data, str) else type(data).__name__
        raise ProjectFileError(path, f"is JSON but not a project file (it holds {kind}, not an object)")
    if data.get("format") != FORMAT_NAME:
        if data.get("format") == "exhibit-annotator-codebook":
            raise ProjectFileError(path, "is a codebook, not a project file")
        raise ProjectFileError(path, "is JSON but not an Exhibit Annotator project file (no project format marker)")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ProjectFileError(path, f"has an invalid schema_version {version!r}")
    if version > SCHEMA_VERSION:
        raise ProjectFileError(
            path,
            f"was written by a newer Exhibit Annotator (file format {version}; this version reads up to "
            f"{SCHEMA_VERSION}): update the app to open it",
        )
    try:
        data = migrate(data, migrations)
    except ValueError as e:
        raise ProjectFileError(path, str(e)) from None
    try:
        return Project.model_validate(data)
    except ValidationError as e:
        raise ProjectFileError(path, f"is not a valid project file: {describe_validation_error(e)}") from None
    except RecursionError:
        raise ProjectFileError(path, "is nested too deeply to be a project file") from None


def load_project(path: Path | str) -> Project:
    return load_project_bytes(path)[0]


def load_project_bytes(path: Path | str) -> tuple[Project, bytes]:
    """The project and the very bytes it was read from (what a save later checks the file against: one read)."""
    path = Path(path)
    raw = _read_bytes(path, "a project file")
    return project_from_bytes(raw, path), raw


def dumps(model: Project | Codebook) -> str:
    """Pretty, stable JSON: field order as declared, 2-space indent, real UTF-8 (not \\u escapes), LF, final newline.

    Serialised by pydantic-core: the same bytes as ``json.dumps(model.model_dump(mode="json"), indent=2,
    ensure_ascii=False)`` (a test keeps them equal), 4x faster, since ``indent`` sends ``json`` to its pure-Python
    encoder (10,000 annotations: 1.5 s to save).
    """
    return model.model_dump_json(indent=2) + "\n"


class ProjectText:
    """``dumps`` for a project saved again and again, as UTF-8 bytes: each annotation's bytes are kept by object
    (models are replaced, never changed in place), so a save serialises only the annotations changed since the
    last one (at 20,000 annotations the whole took 300 ms of the GUI thread). Bytes, not text: encoding 20 MB at
    once held the GIL, and so the window, for tens of milliseconds. Same bytes as ``dumps`` (a test compares)."""

    def __init__(self) -> None:
        self._texts: dict[int, tuple[Annotation, bytes]] = {}

    def dumps(self, project: Project) -> bytes:
        return b"".join(drain(self.steps(project)))

    def steps(self, project: Project) -> Generator[None, None, list[bytes]]:
        """``dumps`` in steps of a few milliseconds (``drain`` runs them all), as pieces to write one after the
        other: joining them copies the 20 MB of a large case at once (20-40 ms with nothing else let run)."""
        rest = project.model_dump_json(indent=2, exclude={"annotations"}).encode("utf-8")
        # The annotations go before "deleted" (their place in the model); no string holds a raw line break.
        head, _, tail = rest.partition(b'\n  "deleted": ')
        parts, kept = [head, b'\n  "annotations": [\n'], {}
        cost = 0
        yield
        for a in project.annotations:
            known = self._texts.get(id(a))
            cost += 1
            if known is None or known[0] is not a:
                known = (a, b"    " + a.model_dump_json(indent=2).encode("utf-8").replace(b"\n", b"\n    "))
                cost += 7  # serialising one costs about eight times looking one up
            if cost >= STEP:
                cost = 0
                yield
            kept[id(a)] = known
            parts += (known[1], b",\n")
        self._texts = kept
        if kept:
            parts[-1] = b"\n  ]"
        else:
            parts[-1] = b'\n  "annotations": []'
        return [*parts, b',\n  "deleted": ', tail, b"\n"]


def project_bytes(project: Project, path: Path | str, text: ProjectText | None = None) -> bytes:
    """What saving ``project`` to ``path`` writes (``text``: a cache that serialises only what changed), checked
    first. Fields are validated as they are set (validate_assignment) and every annotation when it is made; what
    assignment does not re-run is the cross-reference check, so it runs here. (Re-validating the whole file took
    0.4 s of a 0.66 s save for 10,000 annotations.)"""
    return b"".join(drain(project_bytes_steps(project, path, text)))


def project_bytes_steps(
    project: Project, path: Path | str, text: ProjectText | None = None
) -> Generator[None, None, list[bytes]]:
    """``project_bytes`` in steps of a few milliseconds, for a caller that has other work between them (the window
    paints: on another thread, the same work held up each of its calls into Python, 55-100 ms in all)."""
    try:
        yield from project.checking_references()
    except ValueError as e:
        raise ProjectFileError(Path(path), f"was not saved: the project is inconsistent ({e})") from None
    if text is None:
        return [dumps(project).encode("utf-8")]
    return (yield from text.steps(project))


def drain(steps: Generator[None, None, T]) -> T:
    """Run a stepwise job to its end: its result."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]


def write_project(path: Path | str, data: bytes | list[bytes]) -> None:
    """Write ``project_bytes`` (or the pieces of ``project_bytes_steps``) atomically, keeping the backup."""
    try:
        atomic_write(Path(path), data)
    except OSError as e:  # no such folder, no permission, a full disk: the old file, if any, is untouched
        raise ProjectFileError(Path(path), f"cannot be written ({e.strerror or e})") from None


def save_project(project: Project, path: Path | str) -> None:
    write_project(path, project_bytes(project, path))


def save_codebook(path: Path, categories: list[Category]) -> None:
    """Write ``categories`` as a codebook file named for ``path`` (another project, or a colleague, imports it)."""
    atomic_write(path, dumps(Codebook(name=path.stem, categories=categories)), backup=False)


def load_codebook(path: Path | str) -> Codebook:
    path = Path(path)
    data = _read_json(path, "a codebook file")
    if isinstance(data, dict) and data.get("format") == FORMAT_NAME:
        # A project's codebook can be taken from the project file itself.
        return Codebook(name=path.stem, categories=parse_project(data, path).codebook)
    if not isinstance(data, dict) or data.get("format") != "exhibit-annotator-codebook":
        raise ProjectFileError(path, "is not an Exhibit Annotator codebook (or project) file")
    try:
        return Codebook.model_validate(data)
    except ValidationError as e:
        raise ProjectFileError(path, f"is not a valid codebook: {describe_validation_error(e)}") from None
