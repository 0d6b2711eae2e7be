"""Broken and hostile input, as issue 20's adversarial run found it: each command exits 0 or 2 (never a
traceback), a command that fails leaves every file byte-identical, and what succeeds leaves a project that loads."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from exhibit_annotator import cli
from exhibit_annotator.core.paths import data_dir
from exhibit_annotator.core.project.store import load_project

from ..conftest import EXHIBITS
from ..makers import received_project


@pytest.fixture
def project(en_project: Path) -> Path:
    assert (
        cli.main(["tag", str(en_project), "--exhibit", "Ex. 1", "--quote", "LibGen", "--category", "willfulness"]) == 0
    )
    return en_project


def refused(args: list[str], files: list[Path], capsys: pytest.CaptureFixture[str]) -> str:
    """Run a command that must fail as bad input: exit 2, one line naming the problem, every file as it was."""
    before = {f: f.read_bytes() for f in files}
    capsys.readouterr()
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert {f: f.read_bytes() for f in files} == before
    return err


@pytest.mark.parametrize("rect", ["nan,nan,nan,nan", "0,0,inf,10", "0,0,1e308,1e308", "50,50,10,10"])
def test_rectangles_that_are_not_on_a_page_are_refused(
    project: Path, rect: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["tag", str(project), "--exhibit", "Ex. 1", "--rect", rect, "--page", "1", "--category", "damages"]
    assert "rectangle" in refused(args, [project], capsys)
    load_project(project)  # and the project still loads


def _with(project: Path, change: object) -> Path:
    """A colleague's copy of the project with one value changed (``change`` edits the parsed JSON)."""
    data = json.loads(project.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    theirs = project.with_name("theirs.json")
    theirs.write_text(json.dumps(data, allow_nan=True), encoding="utf-8")  # \ud800 as JSON writes it
    return theirs


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda d: d["annotations"][0]["rects"][0].__setitem__("rect", [float("nan")] * 4), "finite"),
        (lambda d: d["annotations"][0].__setitem__("page", 40), "outside the annotation's pages"),
        (lambda d: d["annotations"][0].__setitem__("created", "0001-01-01T00:00:00+05:00"), "out of range"),
        (lambda d: d["exhibits"][0].__setitem__("label", "x" * 100_000), "at most 2000"),
        (lambda d: d["exhibits"][0].__setitem__("page_count", 0), "has 0 pages"),
        (lambda d: d["exhibits"][0].__setitem__("id", "e" * 200), "exhibit"),
    ],
)
@pytest.mark.slow
def test_a_damaged_colleague_file_is_refused_by_merge_and_yours_untouched(
    project: Path, change: object, problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = _with(project, change)
    err = refused(["merge", str(project), str(theirs)], [project, theirs], capsys)
    assert "theirs.json" in err and problem in err


def test_a_5000_digit_number_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = project.read_text(encoding="utf-8").replace('"page": 0,', '"page": ' + "9" * 5000 + ",", 1)
    theirs = project.with_name("theirs.json")
    theirs.write_text(text, encoding="utf-8")
    assert "theirs.json" in refused(["merge", str(project), str(theirs)], [project, theirs], capsys)


def test_text_that_no_document_can_hold_is_dropped_on_the_way_in(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A title with control characters (PDF producers write them), a colleague's note with a lone surrogate and a
    # form feed: dropped, so that every export can write them.
    (tmp_path / "letter.pdf").write_bytes((EXHIBITS / "exhibit-ru.pdf").read_bytes())
    assert cli.main(["add", str(project), str(tmp_path / "letter.pdf"), "--title", "Scan\x00 of\x07 the letter"]) == 0
    theirs = _with(project, lambda d: d["annotations"][0].__setitem__("note", "bad\ud800 note\x0c here"))
    assert load_project(theirs).annotations[0].note == "bad note here"
    assert load_project(project).exhibits[1].title == "Scan of the letter"
    assert cli.main(["export", str(theirs), "-o", str(tmp_path / "brief.docx")]) == 0
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "brief.docx")).paragraphs)
    assert "bad note here" in text
    assert cli.main(["merge", str(project), str(theirs)]) == 0  # and it merges (here: a conflict to decide)


def test_names_with_line_breaks_become_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli.main(["exhibit", "edit", str(project), "--exhibit", "Ex. 1", "--label", "PX\n12", "--title", "a\nb"]) == 0
    )
    exhibit = load_project(project).exhibits[0]
    assert (exhibit.label, exhibit.title) == ("PX 12", "a b")


def test_merge_never_follows_a_colleagues_path_out_of_the_folders(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    outside.mkdir()
    (outside / "private.pdf").write_bytes((EXHIBITS / "exhibit-ar.pdf").read_bytes())
    colleague = tmp_path / "colleague"
    colleague.mkdir()
    theirs = colleague / "theirs.json"
    assert cli.main(["new", str(theirs)]) == 0
    assert cli.main(["add", str(theirs), str(outside / "private.pdf")]) == 0  # stored as ../../…/private.pdf
    assert load_project(theirs).exhibits[0].path.startswith("../")
    capsys.readouterr()
    assert cli.main(["merge", str(project), str(theirs)]) == 0
    assert "not followed" in capsys.readouterr().out
    added = load_project(project).exhibits[-1]
    assert added.path == "private.pdf"  # to be located by the user, not read from wherever the file said


def test_arguments_that_would_crash_end_in_one_line(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = str(tmp_path / "exhibit-en.pdf")
    assert "bates_start" in refused(["add", str(project), pdf, "--bates-start=-5"], [project], capsys)
    assert "title" in refused(["add", str(project), pdf, "--title", "x" * 100_000], [project], capsys)
    if Path("/proc/self").is_dir():  # Linux: a folder nobody may write in
        assert "cannot be written" in refused(["new", "/proc/p.json"], [project], capsys)
    (tmp_path / "noext").write_text("mine")
    assert "exists" in refused(["export", str(project), "-o", str(tmp_path / "noext")], [tmp_path / "noext"], capsys)


def test_a_file_outside_the_project_folder_is_read_only_when_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs, private = received_project(tmp_path)
    folder = theirs.parent
    err = refused(["export", str(theirs), "-o", str(folder / "annotated")], [theirs], capsys)
    assert "Ex. 1: its file" in err and str(private) in err and "outside the project's folder" in err
    assert not list((folder / "annotated").glob("*.pdf"))
    tag = ["tag", str(theirs), "--exhibit", "Ex. 1", "--quote", "Llama", "--category", "willfulness"]
    assert "outside" in refused(tag, [theirs], capsys)
    assert "outside" in refused(["redactions", str(theirs)], [theirs], capsys)
    capsys.readouterr()
    assert cli.main(["search", str(theirs), "LibGen"]) == 0
    assert "LibGen" not in capsys.readouterr().out.replace("“LibGen”", "")  # nothing read from it
    assert cli.main(["validate", str(theirs)]) != 0
    assert "lies outside the project's folder: not read" in capsys.readouterr().out
    # The brief says the file was not read; no quotation from it counts as verified.
    assert cli.main(["export", str(theirs), "-o", str(folder / "b.md")]) == 0
    brief = (folder / "b.md").read_text(encoding="utf-8")
    assert "outside the project's folder, not read" in brief
    # Allowed for one command, it is read; nothing is remembered.
    assert cli.main(["--allow-outside", "export", str(theirs), "-o", str(folder / "annotated")]) == 0
    assert len(list((folder / "annotated").glob("*.pdf"))) == 1
    assert not (data_dir() / "files-agreed-to.txt").exists()
