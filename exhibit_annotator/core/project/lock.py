"""Safe on a shared drive: who has a project open, and whether the file changed under us.

A lock file next to the project (``NAME.json.lock``) says who opened it, on which machine, when, and the process
id. It is advisory: a second person is told and offered read-only, never blocked by a stale lock; a lock is stale
when its process is gone (same machine) or it has not been refreshed for ``STALE_AFTER`` (another machine: the
app refreshes it every few minutes while open). ``Snapshot`` remembers the file as loaded, so that a save can
first check nobody else wrote it meanwhile. ``writing`` is the other kind: an operating-system lock held for a
load-change-save, so that two processes writing at once never lose one's work.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import socket
import sys
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..errors import UserError
from ..files import process_alive
from ..model import utc_now

STALE_AFTER = timedelta(minutes=30)
REFRESH_EVERY = timedelta(minutes=5)


def lock_path(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".lock")


@dataclass(frozen=True)
class Lock:
    user: str
    host: str
    pid: int
    since: datetime
    refreshed: datetime

    def describe(self) -> str:
        return f"{self.user} on {self.host} (since {self.since.astimezone():%Y-%m-%d %H:%M})"


def _me() -> tuple[str, str, int]:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (some containers): still lock, anonymously
        user = "someone"
    return user, socket.gethostname(), os.getpid()


def read_lock(project_path: Path) -> Lock | None:
    try:
        data = json.loads(lock_path(project_path).read_text(encoding="utf-8"))
        return Lock(data["user"], data["host"], int(data["pid"]), datetime.fromisoformat(data["since"]),
                    datetime.fromisoformat(data["refreshed"]))  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no lock, or one we cannot read: nothing to honour


def is_stale(lock: Lock, now: datetime | None = None) -> bool:
    now = now or utc_now()
    if lock.host == socket.gethostname() and not process_alive(lock.pid):
        return True
    return now - lock.refreshed > STALE_AFTER


def held_by_other(project_path: Path) -> Lock | None:
    """The live lock of someone else (another process), or None."""
    lock = read_lock(project_path)
    if lock is None or is_stale(lock):
        return None
    _, host, pid = _me()
    return None if (lock.host, lock.pid) == (host, pid) else lock


def take_lock(project_path: Path, since: datetime | None = None, user: str | None = None) -> None:
    """Write (or refresh) our lock, naming ``user`` (the name the person gave; default the login name). Failing
    to write one (read-only share) is not an error: it is advisory."""
    login, host, pid = _me()
    user = user or login
    now = utc_now()
    data = {"user": user, "host": host, "pid": pid, "since": (since or now).isoformat(), "refreshed": now.isoformat()}
    with contextlib.suppress(OSError):
        lock_path(project_path).write_text(json.dumps(data), encoding="utf-8")


def release_lock(project_path: Path) -> None:
    lock = read_lock(project_path)
    _, host, pid = _me()
    if lock is not None and (lock.host, lock.pid) == (host, pid):
        with contextlib.suppress(OSError):
            lock_path(project_path).unlink()


def digesting(pieces: list[bytes]) -> Generator[None, None, tuple[int, str]]:
    """The size and SHA-256 of ``pieces`` one after the other, in steps of a megabyte (2-3 ms each)."""
    digest, size, since = hashlib.sha256(), 0, 0
    for piece in pieces:
        digest.update(piece)
        size += len(piece)
        since += len(piece)
        if since >= 1 << 20:
            since = 0
            yield
    return size, digest.hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """The project file as it was loaded (or last saved by us): its content's digest, and the size and time the
    file system gave it, so that an unchanged file is recognised without reading 20 MB again."""

    size: int
    digest: str
    mtime_ns: int = -1

    @classmethod
    def of(cls, path: Path, data: bytes | None = None) -> Snapshot | None:
        """``path`` as it is, or as ``data`` (the bytes just read from it to load it: not read again)."""
        try:
            data = path.read_bytes() if data is None else data
            stat = path.stat()
        except OSError:
            return None
        return cls(len(data), hashlib.sha256(data).hexdigest(), stat.st_mtime_ns if stat.st_size == len(data) else -1)

    @classmethod
    def written(cls, path: Path, size: int, sha256: str) -> Snapshot | None:
        """What we just wrote to ``path``: the size and digest of the bytes in hand (``digesting``), not of a
        second read."""
        try:
            stat = path.stat()
        except OSError:
            return None
        return cls(size, sha256, stat.st_mtime_ns if stat.st_size == size else -1)

    def still_matches(self, path: Path) -> bool:
        try:
            stat = path.stat()
        except OSError:
            return False
        if stat.st_size != self.size:
            return False
        if self.mtime_ns >= 0 and stat.st_mtime_ns == self.mtime_ns:
            return True
        now = Snapshot.of(path)
        return now is not None and (now.size, now.digest) == (self.size, self.digest)


class WriterBusy(UserError):
    """Another program kept the project file's write lock for longer than we waited."""


WAIT_FOR_WRITER = 30.0  # seconds: commands hold the lock for a load-change-save, well under a second to a few
_held: dict[str, tuple[int, int]] = {}  # lock file → (open descriptor, how many times this process holds it)


def _write_lock_path(project_path: Path) -> Path:
    return project_path.with_name(f".{project_path.name}.writing")


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextlib.contextmanager
def writing(project_path: Path, wait: float = WAIT_FOR_WRITER) -> Iterator[None]:
    """Hold the project file's write lock: one process at a time loads, changes and saves it, so two commands
    tagging at once both keep their work (the second waits and loads what the first saved). An operating-system
    lock on ``.NAME.json.writing``: released by the OS when a process dies, so it is never stale. Re-entrant
    within a process; the lock file stays (removing it would let two processes lock different files)."""
    key = str(Path(project_path).resolve())
    if key in _held:
        fd, depth = _held[key]
        _held[key] = (fd, depth + 1)
    else:
        path = _write_lock_path(Path(project_path))
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            fd = -1  # a read-only folder: nobody can write the project there either
        deadline = time.monotonic() + wait
        while fd >= 0 and not _try_lock(fd):
            if time.monotonic() > deadline:
                os.close(fd)
                raise WriterBusy(f"{Path(project_path).name}: another program is writing it; try again")
            time.sleep(0.05)
        _held[key] = (fd, 1)
    try:
        yield
    finally:
        fd, depth = _held[key]
        if depth > 1:
            _held[key] = (fd, depth - 1)
        else:
            del _held[key]
            if fd >= 0:
                os.close(fd)  # closing releases the lock
