"""The one base class for problems caused by input, not by a bug: the CLI exits 2 on them, the app shows them."""

from pathlib import Path


class UserError(Exception):
    """A problem with what the user gave us. ``str()`` is one line that names the file (if any) and the problem."""


class FileProblem(UserError):
    """A file that cannot be used: ``str()`` is ``NAME: problem``."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{Path(path).name}: {problem}")
        self.path = Path(path)
        self.problem = problem

    def __reduce__(self) -> tuple[type, tuple[Path, str]]:
        # Raised in worker processes: must come back whole through pickle.
        return (type(self), (self.path, self.problem))

    @classmethod
    def size_of(cls, path: Path, what: str) -> int:
        """The size of a file the user named, or this error: not found, unreadable, a folder, or empty."""
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise cls(path, "file not found") from None
        except OSError as e:
            raise cls(path, f"cannot be read ({e.strerror or e})") from None
        if path.is_dir():
            raise cls(path, f"is a folder, not {what}")
        if size == 0:
            raise cls(path, f"the file is empty (0 bytes), not {what}")
        return size


class WorkerFailed(UserError):
    """Background work that could not be done: the worker process could not start, stopped, or sent back what
    could not be read. The work can be tried again."""


class EditError(UserError):
    """A change refused as given (a label taken, a category unknown): the project is left as it was."""
