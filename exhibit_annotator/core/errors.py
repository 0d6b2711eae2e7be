"""The one base class for problems caused by input, not by a bug: the CLI exits 2 on them, the app shows them."""


class UserError(Exception):
    """A problem with what the user gave us. ``str()`` is one line that names the file (if any) and the problem."""
