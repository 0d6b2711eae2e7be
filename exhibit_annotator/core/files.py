"""Writing a file so that a crash at any instant leaves the old file or the new one, never a broken one.

Write a temporary file in the same folder, flush and fsync, keep the previous version as ``NAME.bak`` (itself
replaced atomically), then ``os.replace`` the new file over the old and fsync the folder. The backup before it is
kept as ``.NAME.bak.previous`` until the new file is in place, so a kill between the two replacements loses no
generation. Project files, codebooks, OCR sidecars and exports all write through here.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import hashlib
import os
import socket
import tempfile
import time
from pathlib import Path

from .errors import FileProblem

BACKUP_SUFFIX = ".bak"


def atomic_write(path: Path, text: str | bytes | list[bytes], *, backup: bool = True) -> None:
    """Replace ``path`` with ``text`` (or the pieces in a list, one after the other) so that a crash at any instant
    leaves the old or the new file."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    data = text.encode("utf-8") if isinstance(text, str) else text
    _sweep_temporaries(folder, path.name)
    previous = previous_backup(path)
    if backup and path.exists():
        bak = path.with_name(path.name + BACKUP_SUFFIX)
        if bak.exists():
            replace_held(bak, previous)  # a rename: the generation before stays on disk until the new file is
        _replace_with_bytes(bak, path.read_bytes(), folder)
    _replace_with_bytes(path, data, folder)
    with contextlib.suppress(OSError):
        previous.unlink(missing_ok=True)


def previous_backup(path: Path) -> Path:
    """Where the backup before ``NAME.bak`` waits while a save is under way (left there if the save is killed)."""
    return path.with_name(f".{path.name}{BACKUP_SUFFIX}.previous")


STALE_TEMPORARY = 600.0  # seconds: older than any save in progress


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` of this machine is running (on Windows, which has no cheap check: assumed so)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@functools.cache
def _this_machine() -> str:
    """This machine's name, hashed (a name may hold dots), as temporary files carry it."""
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _writer_tag() -> str:
    """Who writes a temporary file, in its name: this machine and process. A shared folder holds other machines'
    saves too; only this machine's processes can be checked."""
    return f"{_this_machine()}-{os.getpid()}-"


def _sweep_temporaries(folder: Path, name: str) -> None:
    """Remove what saves killed midway left (``.NAME.*.tmp``: 22 MB each at 20,000 annotations): at once when the
    process that wrote it is gone (its name says which), else when older than any save in progress (another
    machine's, or an older version's)."""
    now = time.time()
    here = _this_machine()
    for stale in (f".{name}.", f".{name}{BACKUP_SUFFIX}."):
        with contextlib.suppress(OSError):
            for tmp in folder.glob(f"{glob.escape(stale)}*.tmp"):
                with contextlib.suppress(OSError):
                    host, _, rest = tmp.name[len(stale) :].partition("-")
                    pid = rest.split("-")[0]
                    gone = host == here and pid.isdigit() and not process_alive(int(pid))
                    if gone or now - tmp.stat().st_mtime > STALE_TEMPORARY:
                        tmp.unlink()


HELD_RETRIES = (0.05, 0.1, 0.2, 0.4, 0.8)  # seconds between tries: 1.55 s in all, longer than a scanner's look


class FileHeld(FileProblem):
    """Windows refuses to replace a file another program holds open (a virus scanner, a sync client, Word)."""


def replace_held(source: Path, target: Path, retries: tuple[float, ...] = HELD_RETRIES) -> None:
    """``os.replace``, tried again while another program holds ``target`` (Windows says so with a permission
    error: a virus scanner or a sync client looks at a file just written and lets go), then a ``FileHeld`` naming
    the file. Nothing is lost: the new bytes stay in ``source`` for the caller to clean up, the old file is whole."""
    for pause in (*retries, None):
        try:
            os.replace(source, target)
            return
        except PermissionError as e:
            if pause is None:
                raise FileHeld(target, f"another program holds it open, or it may not be written ({e.strerror or e}); "
                               "nothing was written and nothing is lost: close the program that has it open (or "
                               "check its permissions) and try again") from None  # fmt: skip
            time.sleep(pause)


def _replace_with_bytes(target: Path, data: bytes | list[bytes], folder: Path) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{_writer_tag()}", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.writelines([data] if isinstance(data, bytes) else data)
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(OSError):
            # Keep the permissions of the file being replaced (mkstemp makes 0600).
            os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        replace_held(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows has no directory handles to fsync.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
