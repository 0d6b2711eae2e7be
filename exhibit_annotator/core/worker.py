"""The loop a worker process runs, and the messages it exchanges with the app over one duplex pipe.

The app writes a job straight into the pipe from its GUI thread and a thread of its own reads the replies.
A ``ProcessPoolExecutor`` relays both ways through helper threads that each wait for the GIL while the GUI
thread runs Python: 1-4 ms before a job reached the worker and as much again before its result was back, on
every page. Each message is an 8-byte job id followed by a pickle, so that a job or a result that cannot be
unpickled still fails as *that* job, with a message, and the pipe stays usable.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import struct
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any

_ID = struct.Struct("<q")
_LATER: list[Callable[[], None]] = []  # tidy-ups for after the current reply
_serving = False


def after_reply(fn: Callable[[], None]) -> None:
    """Run ``fn`` once the current job's reply has gone (in a worker), or now (anywhere else): tidying up, such
    as closing a document, need not delay the page the user is waiting for."""
    if _serving:
        _LATER.append(fn)
    else:
        fn()


def pack(job_id: int, value: object) -> bytes:
    return _ID.pack(job_id) + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def job_id_of(message: bytes) -> int:
    return int(_ID.unpack_from(message)[0])


def unpack(message: bytes) -> Any:
    """The value of a message; raises whatever unpickling raises (the id is still readable: ``job_id_of``)."""
    return pickle.loads(memoryview(message)[_ID.size :])


def reply(job_id: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> bytes:
    """Run one job: ``(True, result)`` or ``(False, exception)``, packed. An exception or a result that does not
    pickle is replaced by a RuntimeError naming it, so the app always hears back."""
    try:
        outcome: tuple[bool, object] = (True, fn(*args))
    except Exception as e:  # noqa: BLE001 - every failure goes back to the app as this job's error
        outcome = (False, e)
    try:
        return pack(job_id, outcome)
    except Exception as e:  # noqa: BLE001 - unpicklable result or exception
        return pack(job_id, (False, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]} ({e})")))


def serve(conn: Connection) -> None:
    """The worker's main loop: a job, its reply, the next; ends on ``None`` or when the app is gone."""
    global _serving
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is for the app, which stops us
    _exit_with_parent()
    _serving = True
    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):
            return  # the app closed its end (or died)
        job_id = job_id_of(message)
        try:
            job = unpack(message)
        except Exception as e:  # noqa: BLE001 - a job the worker cannot load fails alone
            conn.send_bytes(pack(job_id, (False, RuntimeError(f"the job could not be loaded ({e})"))))
            continue
        if job is None:
            return
        fn, args = job
        conn.send_bytes(reply(job_id, fn, args))
        while _LATER:
            with contextlib.suppress(Exception):  # a tidy-up that fails must not end the worker
                _LATER.pop(0)()


def _exit_with_parent() -> None:
    """End this worker when the app that started it dies (a crash, a kill) while a long job runs: an idle worker
    notices the closed pipe, a busy one would go on, orphaned, holding the exhibits open."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
