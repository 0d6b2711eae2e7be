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
