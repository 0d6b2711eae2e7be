"""An ASCII transcript added from the command line, tagged and cited by its own page:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from exhibit_annotator.core.project.store import load_project

from ..makers import make_transcript
from .test_changes import untouched
from .test_cli import ok


@pytest.mark.slow
def test_a_transcript_is_added_tagged_by_its_lines_and_cited_page_line(tmp_path: Path) -> None:
    project = tmp_path / "case.json"
    ok("new", project)
    txt = make_transcript(tmp_path / "smith-depo.txt")
    assert "Added Ex. 1: smith-depo (3 pages) from smith-depo.transcript.pdf" in ok("add", project, txt)
    exhibit = load_project(project).exhibits[0]
    assert exhibit.source_name == "smith-depo.txt" and exhibit.cite_lines and exhibit.page_labels[:1] == ["45"]
    assert "Tagged Ex. 1 at 46:2–3 (Copying)" in ok("tag", project, "--exhibit", "Ex. 1", "--lines", "46:2-3",
                                                    "--category", "Copying")  # fmt: skip
    a = load_project(project).annotations[0]
    assert a.text == "A. Yes, I saw it’s there — line 2 of page 46. MR. SMITH: Objection, form."
    ptx = tmp_path / "smith.ptx"
    ptx.write_bytes(b"\x00encrypted")
    assert "ask the reporter for the ASCII (.txt) transcript" in untouched(project, "add", project, ptx)
