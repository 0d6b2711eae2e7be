"""A project written on one system works on another (issue 38): Windows paths open here, and a file another
program holds open (which Windows refuses to replace) ends in a message naming it, with nothing lost."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from exhibit_annotator.cli import main
from exhibit_annotator.core import files
from exhibit_annotator.core.errors import UserError
from exhibit_annotator.core.model import Exhibit
from exhibit_annotator.core.pdf.confinement import exhibit_file
from exhibit_annotator.core.project.store import load_project, save_project

from ..conftest import EXHIBITS


@pytest.mark.parametrize(
    "stored",
    [
        "exhibits\\exhibit-en.pdf",  # relative, with Windows separators (an older copy, a hand edit)
        "C:\\Cases\\Kadrey\\exhibit-en.pdf",  # a drive letter: the file of that name beside the project
        "\\\\fileserver\\cases\\Kadrey\\exhibit-en.pdf",  # a share
    ],
)
def test_a_project_written_with_windows_paths_opens_here(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], stored: str
) -> None:
    project_path = tmp_path / "case.json"
    assert main(["new", str(project_path)]) == 0
    beside = tmp_path / "exhibits" if stored.startswith("exhibits") else tmp_path
    beside.mkdir(exist_ok=True)
    shutil.copy(EXHIBITS / "exhibit-en.pdf", beside / "exhibit-en.pdf")
    assert main(["add", str(project_path), str(beside / "exhibit-en.pdf")]) == 0
    project = load_project(project_path)
    project.exhibits[0] = project.exhibits[0].model_copy(update={"path": stored})
    save_project(project, project_path)
    capsys.readouterr()
    exhibit = load_project(project_path).exhibits[0]
    assert exhibit.file_name == "exhibit-en.pdf" and exhibit_file(project_path, exhibit) == beside / "exhibit-en.pdf"
    assert main(["validate", str(project_path)]) == 0
    assert "All exhibits are present and unchanged" in capsys.readouterr().out
    assert main(["tag", str(project_path), "--exhibit", "Ex. 1", "--quote", "LibGen", "--category", "copying"]) == 0


def test_a_file_name_reads_alike_from_any_systems_path() -> None:
    for stored in ("a/b/ex 3.pdf", "a\\b\\ex 3.pdf", "D:/x/ex 3.pdf", "\\\\srv\\s\\ex 3.pdf"):
        e = Exhibit(id="e", label="Ex. 3", title="t", path=stored, sha256="0" * 64, page_count=1)
        assert (e.file_name, e.file_stem) == ("ex 3.pdf", "ex 3")


def test_a_save_over_a_file_held_open_is_tried_again_then_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a file a virus scanner, a sync client or Word holds open (a permission error);
    simulated here, where the system lets go at once."""
    target = tmp_path / "case.json"
    target.write_text("old", encoding="utf-8")
    real, refusals = os.replace, [3]

    def held(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == target and refusals[0] > 0:
            refusals[0] -= 1
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        real(src, dst)

    monkeypatch.setattr(os, "replace", held)
    files.atomic_write(target, "new", backup=False)  # let go after three tries: saved
    assert target.read_text(encoding="utf-8") == "new"
    refusals[0] = 99  # never lets go
    with pytest.raises(UserError, match=r"case\.json: another program holds it open") as caught:
        files.atomic_write(target, "newer", backup=False)
    assert "nothing was written and nothing is lost" in str(caught.value)
    assert target.read_text(encoding="utf-8") == "new"  # the file as it was
    assert not list(tmp_path.glob(".case.json.*.tmp"))  # and no half-written copy left beside it


def test_export_names_that_differ_only_in_case_stay_apart() -> None:
    """Windows and macOS see one file in "PX-1a - f.pdf" and "PX-1A - f.pdf": the second copy would overwrite the
    first there."""
    from exhibit_annotator.core.export.outputs import output_name

    folder, taken = Path("out"), []
    for label in ("PX-1a", "PX-1A", "px-1A"):
        e = Exhibit(id=label.lower() + str(len(taken)), label=label, title="t", path="f.pdf", sha256="0" * 64,
                    page_count=1)  # fmt: skip
        taken.append(output_name(folder, e, taken))
    assert [p.name for p in taken] == ["PX-1a - f.pdf", "PX-1A - f (2).pdf", "px-1A - f (3).pdf"]
    assert len({p.name.casefold() for p in taken}) == 3
