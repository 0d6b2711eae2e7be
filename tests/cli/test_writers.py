"""Several programs writing one project: no command's work is lost (issue 20: 100 tags reported saved, 80 kept)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from exhibit_annotator import cli
from exhibit_annotator.core.project.store import load_project, save_project
from exhibit_annotator.core.project.workspace import Workspace

QUOTE = "clearing the way to use the LibGen data set"


@pytest.mark.slow
def test_two_processes_tagging_at_once_keep_every_tag(en_project: Path) -> None:
    project = en_project
    script = textwrap.dedent(f"""
        import sys
        from exhibit_annotator.cli import main
        for i in range(12):
            code = main(["tag", {str(project)!r}, "--exhibit", "Ex. 1", "--quote", {QUOTE!r},
                         "--category", "willfulness", "--note", f"{{sys.argv[1]}} {{i}}"])
            assert code == 0, code
    """)
    writers = [
        subprocess.Popen([sys.executable, "-c", script, name], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for name in ("first", "second")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=240)
        assert writer.returncode == 0, err.decode()
    notes = sorted(a.note for a in load_project(project).annotations)
    assert notes == sorted(f"{name} {i}" for name in ("first", "second") for i in range(12))


def test_a_change_made_meanwhile_by_a_program_without_the_lock_is_not_overwritten(en_project: Path) -> None:
    project = en_project
    with Workspace.edit(project) as mine:
        theirs = load_project(project)  # the window, say: it checks before it saves, but takes no lock to load
        theirs.case.name = "Changed in the window"
        save_project(theirs, project)
        before = project.read_bytes()
        with pytest.raises(cli.UserError, match="changed by another program"):
            mine.save()
        assert project.read_bytes() == before
