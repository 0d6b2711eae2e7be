"""The command line: parse, call the core, print, exit. No business rules here.

Exit status: 0 success; 2 bad input or usage, with one line on stderr naming the file and the problem; 1 from
``cite-check`` when a quotation does not hold; anything else is a bug (and prints a traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..core.errors import UserError
from ..core.pdf.confinement import allow_outside
from .commands import codebook, designations, exhibits, exporting, facts, project, reading, tagging
from .grammar import EXIT_BAD_INPUT, parser
from .projects import PROG

EXIT_SIGPIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader left


# Qt's own command-line options (QApplication, QGuiApplication), with how many values each takes: they go to Qt.
QT_OPTIONS = {
    "style": 1, "stylesheet": 1, "platform": 1, "platformpluginpath": 1, "platformtheme": 1, "plugin": 1,
    "qwindowgeometry": 1, "qwindowtitle": 1, "qwindowicon": 1, "display": 1, "geometry": 1, "session": 1,
    "reverse": 0, "widgetcount": 0, "nograb": 0, "dograb": 0, "sync": 0, "qmljsdebugger": 0,
}  # fmt: skip


def split_qt_options(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """(ours, Qt's): ``-style Fusion``, ``-style=Fusion``, ``--style Fusion``, ``-reverse`` … are Qt's."""
    ours, qt, rest = [], [], list(argv)
    while rest:
        arg = rest.pop(0)
        name = arg.lstrip("-").split("=", 1)[0]
        if arg.startswith("-") and name in QT_OPTIONS:
            qt.append(arg)
            if "=" not in arg:
                qt.extend(rest.pop(0) for _ in range(min(QT_OPTIONS[name], len(rest))))
        else:
            ours.append(arg)
    return ours, qt


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "new": project.new,
    "list": project.list_project,
    "validate": project.validate,
    "recover": project.recover,
    "merge": project.merge,
    "merge-driver": project.merge_driver,
    "git-setup": project.git_setup,
    "compare": project.compare_projects,
    "about": project.about,
    "add": exhibits.add,
    "exhibit": exhibits.exhibit,
    "replace": exhibits.replace,
    "ocr": exhibits.ocr,
    "tag": tagging.tag,
    "annotation": tagging.annotation,
    "fact": facts.fact,
    "designations": designations.designations,
    "review": tagging.review,
    "conflicts": tagging.conflicts,
    "codebook": codebook.codebook,
    "text": reading.text,
    "search": reading.search,
    "redactions": reading.redactions,
    "cite-check": reading.cite_check,
    "export": exporting.export_files,
    "comments": exporting.comments,
    "import": exporting.imported,
}


def main(argv: Sequence[str] | None = None) -> int:
    ours, qt_options = split_qt_options(sys.argv[1:] if argv is None else argv)
    args = parser(PROG).parse_args(ours)
    command = args.command or "gui"
    if args.allow_outside:
        allow_outside()
    try:
        if qt_options and command != "gui":
            raise UserError(f"{' '.join(qt_options)}: Qt's options are for the window (the gui command)")
        if command == "gui":
            return _gui(getattr(args, "project", None), getattr(args, "self_test", False), qt_options)
        handler = COMMANDS[command]
        status = handler(args)
        sys.stdout.flush()  # here, where a reader gone away (BrokenPipeError) is caught, not at exit
        return status
    except UserError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``… | head``): end quietly, as a command killed by SIGPIPE would. Python's
        # flush at exit would fail again on the closed pipe: stdout now goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_SIGPIPE
    finally:
        allow_outside(False)  # for this command only: a script (or a test) running several goes on confined


def _gui(project: Path | None, self_test: bool, qt_options: list[str]) -> int:
    from ..app.main import run  # Qt is imported only when a window is wanted

    return run(project, self_test=self_test, qt_options=qt_options)
