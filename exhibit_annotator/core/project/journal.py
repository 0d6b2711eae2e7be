"""The autosave journal: unsaved work, appended change by change, offered back after a crash.

One journal per project file, in the data folder, named by a hash of the file's absolute path: JSON lines. The
first line names the project file; each later line holds what one change (or undo, or redo) left behind: the
current versions of the annotations its change record names, the ids of those now gone, and, when they changed,
the exhibits, the codebook, the facts, the pending conflicts, the case and the deletion records. Recovery replays
the lines onto the project file as it is on disk, so a change costs what it names, not the size of the project
(rewriting the whole project every few seconds took 330 ms of the GUI thread at 20,000 annotations).

A thread appends and fsyncs each line (the GUI thread only serialises what changed); a line cut short by a kill
is ignored. Saving, discarding, or undoing back to the saved state removes the journal: one still there at the
next start holds work that was never saved.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..model import Annotation, Case, Category, Deletion, Designation, Exhibit, Fact, Project, utc_now
from ..paths import data_dir
from .session import Change, ProjectSession
from .store import ProjectFileError, load_project

FORMAT = "exhibit-annotator-journal"


def _folder() -> Path:
    return data_dir() / "autosave"


def journal_path(project_path: Path) -> Path:
    key = hashlib.sha256(str(Path(project_path).resolve()).encode("utf-8")).hexdigest()[:24]
    return _folder() / f"{key}.jsonl"


def clear_journal(project_path: Path) -> None:
    journal_path(project_path).unlink(missing_ok=True)


def _json_list(models: list[Any]) -> str:
    return "[" + ",".join(m.model_dump_json() for m in models) + "]"


class _Appender:
    """One thread that appends lines to journals and removes them, in the order asked (a removal queued after an
    append runs after it)."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="journal", daemon=True)
        self._thread.start()
        self.failed: OSError | None = None  # the last write that failed (a full disk): said by the window

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            try:
                if job is None:
                    return
                job()
            except OSError as e:
                self.failed = e
            finally:
                self._queue.task_done()

    def append(self, path: Path, text: str) -> None:
        def job() -> None:
            new = not path.exists()
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "ab") as f:
                f.write(text.encode("utf-8"))
                f.flush()
                os.fsync(f.fileno())
            if new and os.name == "posix":  # the new file's name made durable too
                fd = os.open(path.parent, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)

        self._queue.put(job)

    def remove(self, path: Path) -> None:
        self._queue.put(lambda: path.unlink(missing_ok=True))

    def flush(self) -> None:
        self._queue.join()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join()


class Journal:
    """Journals a session's unsaved changes as they happen (subscribed to it). ``continuing``: the session was
    recovered from this journal, which holds its state already; later lines are appended to it."""

    def __init__(self, session: ProjectSession, *, continuing: bool = False) -> None:
        self.session = session
        self.path = journal_path(session.path)
        self._appender = _Appender()
        self._started = continuing and self.path.exists()
        # A recovered state that no journal holds (an older journal's format): the first line carries it whole.
        self._whole = session.recovered and not self._started
        self._remember()
        self._unsubscribe = session.subscribe(self._record)

    def take_failure(self) -> OSError | None:
        """The last write that failed since asked (a full disk), to be said once."""
        failed, self._appender.failed = self._appender.failed, None
        return failed

    def _remember(self) -> None:
        """The state the journal (or the saved file) holds, for the parts compared by identity."""
        p = self.session.project
        self._case, self._deleted = p.case, list(p.deleted)

    def _record(self, change: Change) -> None:
        session = self.session
        if session.read_only:  # a colleague's file open for review: its journal would be offered back as edits
            return
        if not session.modified:
            self.discard()  # undone back to the saved state: nothing to recover
            return
        text = "" if self._started else self._header()
        text += self._line(change) + "\n"
        self._started, self._whole = True, False
        self._appender.append(self.path, text)

    def _header(self) -> str:
        head = {"format": FORMAT, "version": 1, "project_path": str(self.session.path.resolve())}
        return json.dumps(head, ensure_ascii=False) + "\n"

    def _line(self, change: Change) -> str:
        """What ``change`` left, as one JSON object: the parts it names, serialised by pydantic-core."""
        p = self.session.project
        parts = [f'"written":"{utc_now().isoformat()}"']
        if self._whole or change.project:
            parts.append(f'"project":{p.model_dump_json()}')
        else:
            named = change.annotations
            if named:
                current = [a for i in named if (a := p.annotation_by_id(i)) is not None]
                gone = sorted(str(i) for i in named - {a.id for a in current})
                parts.append(f'"annotations":{_json_list(current)}')
                parts.append(f'"removed":{json.dumps(gone)}')
            if change.exhibits:
                parts.append(f'"exhibits":{_json_list(p.exhibits)}')
            if change.codebook:
                parts.append(f'"codebook":{_json_list(p.codebook)}')
            if change.pending:
                parts.append(f'"pending":{_json_list(p.pending)}')
                parts.append(f'"pending_facts":{_json_list(p.pending_facts)}')
                parts.append(f'"pending_designations":{_json_list(p.pending_designations)}')
            if change.facts or change.codebook:  # a codebook edit can change facts' issues
                parts.append(f'"facts":{_json_list(p.facts)}')  # a case's facts are hundreds: written whole
            if change.designations or change.exhibits:  # removing an exhibit removes its designations
                parts.append(f'"designations":{_json_list(p.designations)}')
            if p.case is not self._case:
                parts.append(f'"case":{p.case.model_dump_json()}')
            kept = 0  # deletion records are appended, and taken back from the end: what is kept, then what is new
            for before, now in zip(self._deleted, p.deleted, strict=False):
                if before is not now:
                    break
                kept += 1
            if kept != len(self._deleted) or kept != len(p.deleted):
                parts.append(f'"deleted":{{"keep":{kept},"add":{_json_list(p.deleted[kept:])}}}')
        self._remember()
        return "{" + ",".join(parts) + "}"

    def flush(self) -> None:
        """Wait until every line so far is on disk."""
        self._appender.flush()

    def discard(self) -> None:
        """The project was saved, or its changes thrown away: the journal goes; the next change starts one."""
        self._appender.remove(self.path)
        self._started = self._whole = False
        self._remember()

    def close(self) -> None:
        """Stop following the session; lines already asked for are written first."""
        self._unsubscribe()
        self._appender.stop()


@dataclass(frozen=True)
class Recovery:
    project_path: Path
    written: datetime
    project: Project
    journal: Path


def _read(journal: Path) -> Recovery | None:
    try:
        lines = journal.read_bytes().split(b"\n")
        head = json.loads(lines[0])
        if head.get("format") != FORMAT:
            return None
        project_path = Path(head["project_path"])
        entries = []
        for k, line in enumerate(lines[1:], 1):
            if not line.strip():
                continue
            try:
                entries.append(json.loads(line))
            except ValueError:
                if k < len(lines) - 2:  # only the last line can be cut short (by a kill while it was written)
                    raise
        if not entries:
            return None
        project = replay(load_project(project_path), entries)
        return Recovery(project_path, datetime.fromisoformat(entries[-1]["written"]), project, journal)
    except (OSError, ValueError, KeyError, TypeError, IndexError, ProjectFileError, ValidationError):
        return None  # an unreadable journal holds nothing to offer; it is left for a person to look at


def replay(base: Project, entries: list[dict[str, Any]]) -> Project:
    """``base`` with the journal's entries laid over it, in order: annotations by id (new ones at the end)."""
    annotations = {a.id: a for a in base.annotations}
    state: dict[str, Any] = {
        "case": base.case, "exhibits": base.exhibits, "codebook": base.codebook, "deleted": list(base.deleted),
        "pending": base.pending, "facts": base.facts, "pending_facts": base.pending_facts,
        "designations": base.designations, "pending_designations": base.pending_designations,
    }  # fmt: skip
    for entry in entries:
        if "project" in entry:
            whole = Project.model_validate(entry["project"])
            annotations = {a.id: a for a in whole.annotations}
            state = {k: getattr(whole, k) for k in state}
        for data in entry.get("annotations", []):
            annotation = Annotation.model_validate(data)
            annotations[annotation.id] = annotation
        for gone in entry.get("removed", []):
            annotations.pop(uuid.UUID(gone), None)
        kinds = (("exhibits", Exhibit), ("codebook", Category), ("pending", Annotation), ("facts", Fact),
                 ("pending_facts", Fact), ("designations", Designation),
                 ("pending_designations", Designation))  # fmt: skip
        for key, kind in kinds:
            if key in entry:
                state[key] = [kind.model_validate(d) for d in entry[key]]
        if "case" in entry:
            state["case"] = Case.model_validate(entry["case"])
        if "deleted" in entry:
            d = entry["deleted"]
            state["deleted"] = state["deleted"][: d["keep"]] + [Deletion.model_validate(x) for x in d["add"]]
    return Project(annotations=list(annotations.values()), **state)


def recovery_for(project_path: Path) -> Recovery | None:
    """Unsaved work for ``project_path`` left by a session that did not end cleanly."""
    journal = journal_path(project_path)
    return _read(journal) if journal.exists() else None


def pending_recoveries() -> list[Recovery]:
    """Every journal left behind, newest first (offered at start-up)."""
    if not _folder().is_dir():
        return []
    found = [r for j in _folder().glob("*.jsonl") if (r := _read(j)) is not None]
    return sorted(found, key=lambda r: r.written, reverse=True)
