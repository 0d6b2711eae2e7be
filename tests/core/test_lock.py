"""Locks on a shared drive: another live process is seen, a crashed one's lock is stale, an old one too; and a
file changed by someone else since loading is noticed."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from exhibit_annotator.core.model import utc_now
from exhibit_annotator.core.project.lock import (
    STALE_AFTER,
    Snapshot,
    held_by_other,
    lock_path,
    read_lock,
    release_lock,
    take_lock,
)

HOLD = "import sys, time; from pathlib import Path; from exhibit_annotator.core.project.lock import take_lock; " \
       "take_lock(Path(sys.argv[1])); print('locked', flush=True); time.sleep(60)"  # fmt: skip


def test_a_live_process_holds_the_lock_and_a_dead_one_does_not(tmp_path: Path) -> None:
    project = tmp_path / "case.json"
    project.write_text("{}", encoding="utf-8")
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(project)], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "locked"
        lock = held_by_other(project)
        assert lock is not None and lock.pid == other.pid  # "someone" has it open: offer read-only
    finally:
        other.kill()
        other.wait()
        if other.stdout is not None:
            other.stdout.close()
    assert held_by_other(project) is None  # the holder crashed: its lock is stale, not a wall


def test_an_old_lock_from_another_machine_is_stale_and_ours_is_not_someone_elses(tmp_path: Path) -> None:
    project = tmp_path / "case.json"
    old = (utc_now() - STALE_AFTER - timedelta(minutes=1)).isoformat()
    lock = {"user": "bo", "host": "bos-laptop", "pid": 4242, "since": old, "refreshed": old}
    lock_path(project).write_text(json.dumps(lock), encoding="utf-8")
    assert read_lock(project) is not None and held_by_other(project) is None
    lock["refreshed"] = utc_now().isoformat()
    lock_path(project).write_text(json.dumps(lock), encoding="utf-8")
    assert held_by_other(project) is not None  # recently refreshed on another machine: live
    take_lock(project)
    assert held_by_other(project) is None  # our own lock
    release_lock(project)
    assert not lock_path(project).exists()


def test_snapshot_notices_someone_elses_save(tmp_path: Path) -> None:
    project = tmp_path / "case.json"
    project.write_text('{"a": 1}', encoding="utf-8")
    snapshot = Snapshot.of(project)
    assert snapshot is not None and snapshot.still_matches(project)
    project.write_text('{"a": 2}', encoding="utf-8")
    assert not snapshot.still_matches(project)


def test_a_write_between_loading_and_opening_is_noticed_by_the_next_save(tmp_path: Path) -> None:
    """The snapshot is of the very bytes the project was loaded from (one read of the file, not two): another
    program's write after the load and before the workspace opened is seen, not taken for the loaded file."""
    from exhibit_annotator.core.model import Case, Project
    from exhibit_annotator.core.project.store import load_project_bytes, save_project
    from exhibit_annotator.core.project.workspace import Workspace

    path = tmp_path / "case.json"
    save_project(Project(case=Case(name="Kadrey")), path)
    project, raw = load_project_bytes(path)
    save_project(Project(case=Case(name="Kadrey, as another program saved it")), path)
    work = Workspace.open(path, project=project, loaded_from=raw)
    try:
        assert work.snapshot is not None and not work.snapshot.still_matches(path)
    finally:
        work.close()
