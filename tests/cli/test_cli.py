"""The command line as a user runs it: real processes, real files, exit codes and one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exhibit_annotator.core.normalize import collapse_whitespace
from exhibit_annotator.core.project.store import load_project

from ..conftest import BAD_INPUTS, SOURCES


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "exhibit_annotator", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def ok(*args: str | Path, cwd: Path | None = None) -> str:
    result = run(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def bad(*args: str | Path, cwd: Path | None = None) -> str:
    result = run(*args, cwd=cwd)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def project(exhibits_copy: Path) -> Path:
    path = exhibits_copy / "kadrey.json"
    ok("new", path, "--case", "Kadrey v. Meta Platforms, Inc.", "--court", "N.D. Cal.", "--number", "3:23-cv-03417")
    ok("add", path, exhibits_copy / "exhibit-ru.pdf", "--label", "Ex. 1")
    ok("add", path, exhibits_copy / "exhibit-ar.pdf")
    return path


@pytest.mark.slow
def test_the_issue_walkthrough(project: Path) -> None:
    out = ok(
        "tag",
        project,
        "--exhibit",
        "Ex. 1",
        "--quote",
        "«Мистраль для нас — это пустяки»",
        "--category",
        "Competitive motive",
        "--note",
        "Dismisses Mistral",
        "--author",
        "J. Doe",
    )
    assert "Ex. 1 at 1" in out
    arabic = "ميسترال هي حبة الفول السوداني بالنسبة لنا"
    ok("tag", project, "--exhibit", "Ex. 2", "--quote", arabic, "--category", "competitive-motive")
    table = ok("list", project)
    assert "Ex. 2" in table and "Dismisses Mistral" in table and "Competitive motive" in table
    data = json.loads(ok("list", project, "--json"))
    assert [e["label"] for e in data["exhibits"]] == ["Ex. 1", "Ex. 2"]
    texts = [a["text"] for a in data["annotations"]]
    assert texts == ["«Мистраль для нас — это пустяки»", arabic]
    assert data["annotations"][0]["page"] == 0 and data["annotations"][0]["author"] == "J. Doe"
    assert data["annotations"][1]["author"] == "Test Author"
    assert "every passage is where it was" in ok("validate", project)


@pytest.mark.slow
def test_a_sentence_of_each_source_is_stored_as_the_source(project: Path, exhibits_copy: Path) -> None:
    ok("add", project, exhibits_copy / "exhibit-en.pdf")
    picks = {
        "Ex. 1": "ru.txt",
        "Ex. 2": "ar.txt",
        "Ex. 3": "en.txt",
    }
    for label, source in picks.items():
        line = [s for s in (SOURCES / source).read_text(encoding="utf-8").splitlines() if len(s) > 120][1]
        sentence = line.split(". ")[0] + "."
        ok("tag", project, "--exhibit", label, "--quote", sentence, "--category", "Copying")
    stored = [a["text"] for a in json.loads(ok("list", project, "--json"))["annotations"]]
    assert len(stored) == 3
    for label, text in zip(picks, stored, strict=True):
        line = [s for s in (SOURCES / picks[label]).read_text(encoding="utf-8").splitlines() if len(s) > 120][1]
        assert text == collapse_whitespace(line.split(". ")[0] + ".")


@pytest.mark.slow
def test_unknown_names_list_what_is_known(project: Path) -> None:
    line = bad("tag", project, "--exhibit", "Ex. 1", "--quote", "Мета", "--category", "Nope")
    assert "Nope" in line and "Competitive motive" in line and "Fair use: market harm" in line
    line = bad("tag", project, "--exhibit", "Ex. 9", "--quote", "Мета", "--category", "Damages")
    assert "Ex. 9" in line and "Ex. 1" in line
    line = bad("tag", project, "--exhibit", "Ex. 1", "--quote", "not in this exhibit", "--category", "Damages")
    assert "exhibit-ru.pdf" in line and "not on the exhibit" in line


@pytest.mark.slow
def test_scans_say_they_have_no_text_and_take_areas(project: Path, exhibits_copy: Path) -> None:
    ok("add", project, exhibits_copy / "exhibit-ru-scanned.pdf", "--label", "PX-0012")
    line = bad("tag", project, "--exhibit", "PX-0012", "--quote", "Мистраль", "--category", "Damages")
    assert "no text layer" in line
    ok("tag", project, "--exhibit", "px-0012", "--page", "1", "--rect", "56,60,540,120", "--category", "Damages")
    area = json.loads(ok("list", project, "--json"))["annotations"][0]
    assert area["kind"] == "area" and area["rects"] == [{"page": 0, "rect": [56.0, 60.0, 540.0, 120.0]}]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(p.name for p in BAD_INPUTS.glob("*.pdf")))
def test_bad_pdfs_leave_the_project_untouched(project: Path, name: str) -> None:
    before = project.read_bytes()
    result = run("add", project, BAD_INPUTS / name)
    if name == "rotated-photo.pdf":  # a valid PDF, just a scan: added, and said to have no text
        assert result.returncode == 0 and "without text" in result.stdout
        return
    assert result.returncode == 2 and name in result.stderr and "Traceback" not in result.stderr
    assert project.read_bytes() == before


@pytest.mark.slow
def test_encrypted_exhibit_takes_a_password_that_is_never_stored(project: Path) -> None:
    assert "password" in bad("add", project, BAD_INPUTS / "encrypted.pdf")
    assert "wrong" in bad("add", project, BAD_INPUTS / "encrypted.pdf", "--password", "nope")
    ok("add", project, BAD_INPUTS / "encrypted.pdf", "--password", "exhibit", "--label", "Ex. 3")
    assert '"exhibit"' not in project.read_text(encoding="utf-8")
    ok(
        "tag",
        project,
        "--exhibit",
        "Ex. 3",
        "--quote",
        "LibGen data set",
        "--category",
        "Copying",
        "--password",
        "exhibit",
    )
    locked = run("validate", project)  # a locked exhibit is reported ...
    assert locked.returncode == 2 and "Ex. 3 (encrypted.pdf): the file is encrypted" in locked.stdout
    ok("validate", project, "--password", "Ex. 3=exhibit")  # ... and checks out with its password


@pytest.mark.slow
def test_bad_project_files(tmp_path: Path) -> None:
    for path in [*BAD_INPUTS.glob("*.json"), tmp_path / "missing.json"]:
        assert path.name in bad("list", path)
    assert "already exists" in bad("new", next(BAD_INPUTS.glob("*.json")))


@pytest.mark.slow
def test_moving_the_folder_keeps_working_and_validate_reports_missing_and_changed(
    project: Path, tmp_path: Path
) -> None:
    ok("tag", project, "--exhibit", "Ex. 1", "--quote", "Мистраль", "--category", "Damages")
    moved = tmp_path / "elsewhere"
    shutil.move(project.parent, moved)
    project = moved / "kadrey.json"
    ok("validate", project)
    (moved / "exhibit-ar.pdf").unlink()
    shutil.copy(moved / "exhibit-ru-scanned.pdf", moved / "exhibit-ru.pdf")
    result = run("validate", project)
    assert result.returncode == 2
    assert "Ex. 2 (exhibit-ar.pdf): file not found" in result.stdout
    assert "Ex. 1 (exhibit-ru.pdf): the file has changed" in result.stdout
    assert "can no longer be found" in result.stdout  # the annotation is reported, not dropped
    assert len(json.loads(ok("list", project, "--json"))["annotations"]) == 1


@pytest.mark.slow
def test_export_every_format_from_the_command_line(project: Path, tmp_path: Path) -> None:
    ok("tag", project, "--exhibit", "Ex. 1", "--quote", "«Мистраль для нас — это пустяки»", "--category", "Damages")
    for suffix in ("docx", "pdf", "md", "csv", "jsonld"):
        out = tmp_path / f"brief.{suffix}"
        assert f"Wrote {out}" in ok("export", project, "-o", out, "--prepared-by", "J. Doe", "--date", "2026-11-23")
        assert out.stat().st_size > 0
    assert "Мистраль для нас" in (tmp_path / "brief.md").read_text(encoding="utf-8")
    assert "November 23, 2026" in (tmp_path / "brief.md").read_text(encoding="utf-8")
    folder = tmp_path / "annotated"
    assert "Ex. 1 - " in ok("export", project, "-o", folder, "--stamp")
    one = tmp_path / "one.pdf"
    ok("export", project, "--format", "annotated", "--exhibit", "Ex. 1", "-o", one)
    assert one.exists()
    assert "format" in bad("export", project, "-o", tmp_path / "brief.xyz")
    assert "Nope" in bad("export", project, "-o", tmp_path / "b.docx", "--category", "Nope")
    assert "does not exist" in bad("export", project, "-o", tmp_path / "missing" / "b.docx")
    # Cite forms from the exhibit's details; a template only for Word, and a bad one named.
    ok("exhibit", "edit", project, "--exhibit", "Ex. 1", "--docket", "45-3", "--short-name", "Summary")
    ok("export", project, "-o", tmp_path / "ecf.md", "--cite-style", "ecf", "--short-forms")
    assert "— ECF No\\. 45\\-3, " in (tmp_path / "ecf.md").read_text(encoding="utf-8")
    (tmp_path / "firm.dotx").write_bytes(b"not a template")
    assert "firm.dotx: is not a Word document or template" in bad(
        "export", project, "-o", tmp_path / "b.docx", "--template", tmp_path / "firm.dotx"
    )
    assert "--template is for Word briefs" in bad("export", project, "-o", tmp_path / "b.pdf", "--template", "x.dotx")


@pytest.mark.slow
def test_search_from_the_command_line(project: Path) -> None:
    out = ok("search", project, "мета")
    assert "Ex. 1 at 1: …[Мета]-руководители" in out and "1 hit(s) on 1 page(s)." in out
    data = json.loads(ok("search", project, "GPT-4", "--exhibit", "Ex. 2", "--json"))
    assert data["hits"] and all(h["exhibit"] == "Ex. 2" and h["text"] == "GPT-4" for h in data["hits"])
    assert "0 hit(s)" in ok("search", project, "мета", "--match-case")


@pytest.mark.slow
def test_merge_projects_made_on_two_laptops(tmp_path: Path) -> None:
    """Both laptops copied the same project; exhibits sit in different folders; each tagged and edited."""
    from ..conftest import EXHIBITS

    laptop_a, laptop_b = tmp_path / "a" / "case", tmp_path / "b" / "Documents" / "kadrey"
    for folder in (laptop_a, laptop_b / "pdfs"):
        folder.mkdir(parents=True)
    shutil.copy(EXHIBITS / "exhibit-en.pdf", laptop_a / "exhibit-en.pdf")
    shutil.copy(EXHIBITS / "exhibit-en.pdf", laptop_b / "pdfs" / "declaration.pdf")  # same file, other name
    shutil.copy(EXHIBITS / "exhibit-ru.pdf", laptop_b / "pdfs" / "exhibit-ru.pdf")  # only B has it
    mine, theirs = laptop_a / "case.json", laptop_b / "case.json"
    ok("new", mine, "--case", "Kadrey")
    ok("add", mine, laptop_a / "exhibit-en.pdf")
    ok("tag", mine, "--exhibit", "Ex. 1", "--quote", "unsealed", "--category", "Copying", "--author", "Ann")
    # B gets A's file by e-mail, points its exhibit at its own folder, tags and adds an exhibit.
    data = json.loads(mine.read_text(encoding="utf-8"))
    data["exhibits"][0]["path"] = "pdfs/declaration.pdf"
    theirs.write_text(json.dumps(data), encoding="utf-8")
    ok("tag", theirs, "--exhibit", "Ex. 1", "--quote", "language model", "--category", "Willfulness", "--author", "Bo")
    ok("add", theirs, laptop_b / "pdfs" / "exhibit-ru.pdf")
    ok("tag", theirs, "--exhibit", "Ex. 2", "--quote", "Мистраль", "--category", "Damages", "--author", "Bo")
    before = mine.read_bytes()
    report = json.loads(ok("merge", mine, theirs, "--dry-run", "--json"))
    assert report["added"] == 2 and report["conflicts"] == 0 and report["exhibits_added"] == ["Ex. 2"]
    assert report["by_author"] == {"Bo": 2} and not report["written"] and mine.read_bytes() == before
    out = ok("merge", mine, theirs)
    assert "2 added" in out and "from Bo: 2" in out
    merged = json.loads(ok("list", mine, "--json"))
    assert [e["label"] for e in merged["exhibits"]] == ["Ex. 1", "Ex. 2"]
    assert "All exhibits are present" in ok("validate", mine)  # the added exhibit is found from A
    assert "Nothing new" in ok("merge", mine, theirs)  # idempotent: merging again changes nothing


@pytest.mark.slow
def test_compare_prints_agreement_per_category(project: Path) -> None:
    other = project.with_name("other.json")
    shutil.copy(project, other)
    ok("tag", project, "--exhibit", "Ex. 1", "--quote", "Мистраль", "--category", "Damages", "--author", "Ann")
    ok("tag", other, "--exhibit", "Ex. 1", "--quote", "Мистраль", "--category", "Damages", "--author", "Bo")
    out = json.loads(ok("compare", project, other, "--json"))
    damages = next(r for r in out["agreement"] if r["category"] == "Damages")
    assert damages["both"] == damages["tagged_a"] == 1 and damages["kappa"] == 1.0
    assert out["only_in_a"] == out["only_in_b"] == []
    assert "Damages" in ok("compare", project, other)


@pytest.mark.slow
def test_exhibit_details_order_and_removal_on_the_command_line(project: Path) -> None:
    ok("tag", project, "--exhibit", "Ex. 2", "--quote", "ميسترال", "--category", "Copying")
    out = ok("exhibit", "edit", project, "--exhibit", "Ex. 2", "--label", "PX-12", "--title", "Arabic report",
             "--bates-prefix", "META-", "--bates-start", "120")  # fmt: skip
    assert out.strip() == "PX-12: Arabic report, Bates META-000120"  # as the brief cites it (6 digits)
    assert "already used by another exhibit" in bad("exhibit", "edit", project, "--exhibit", "PX-12", "--label", "ex 1")
    assert "say what to change" in bad("exhibit", "edit", project, "--exhibit", "PX-12")
    ok("exhibit", "edit", project, "--exhibit", "PX-12", "--date", "2023-10-04", "--confidentiality", "CONFIDENTIAL",
       "--custodian", "A. Dahle", "--volume", "META_VOL001", "--bates-digits", "8")  # fmt: skip
    assert "date" in bad("exhibit", "edit", project, "--exhibit", "PX-12", "--date", "4 Oct")
    e = load_project(project).exhibits[1]
    assert (str(e.date), e.confidentiality, e.custodian, e.production_volume) == (
        "2023-10-04", "CONFIDENTIAL", "A. Dahle", "META_VOL001"
    )  # fmt: skip
    ok("export", project, "-o", project.with_name("b.md"), "--cite", "bates")
    brief = project.with_name("b.md").read_text(encoding="utf-8").replace("\\", "")  # Markdown escapes
    assert "META-00000120" in brief  # eight Bates digits
    assert "PX-12 at 1" in ok("list", project)  # cites follow the label
    ok("exhibit", "move", project, "--exhibit", "PX-12", "--by", "-1")
    saved = load_project(project)
    assert [e.label for e in saved.exhibits] == ["PX-12", "Ex. 1"]
    assert ok("exhibit", "remove", project, "--exhibit", "PX-12").strip() == "Removed PX-12 and its 1 annotation(s)"
    saved = load_project(project)
    assert [e.label for e in saved.exhibits] == ["Ex. 1"] and saved.annotations == [] and len(saved.deleted) == 1


def test_qt_options_go_to_qt() -> None:
    from exhibit_annotator.cli import split_qt_options

    assert split_qt_options(["-style", "Fusion", "gui", "p.json", "-reverse"]) == (
        ["gui", "p.json"], ["-style", "Fusion", "-reverse"]
    )  # fmt: skip
    assert split_qt_options(["--style=Fusion", "list", "p.json"]) == (["list", "p.json"], ["--style=Fusion"])
    assert "Qt's options are for the window" in bad("-style", "Fusion", "list", "p.json")


@pytest.mark.slow
def test_an_export_never_replaces_the_project_its_backup_or_an_exhibit(project: Path) -> None:
    ok("tag", project, "--exhibit", "Ex. 1", "--quote", "Мистраль", "--category", "Copying")
    ok("tag", project, "--exhibit", "Ex. 2", "--quote", "ميسترال", "--category", "Copying")
    before = {p.name: p.read_bytes() for p in project.parent.iterdir() if p.is_file()}
    assert "that is the project file" in bad("export", project, "-o", project, "--format", "jsonld")
    assert "that is the project file" in bad(
        "export", project, "-o", project.with_name("kadrey.json.bak"), "--format", "md"
    )
    assert "that is Ex. 1's file" in bad("export", project, "-o", project.with_name("exhibit-ru.pdf"))
    after = {p.name: p.read_bytes() for p in project.parent.iterdir() if p.is_file()}
    assert after == before  # byte for byte
    # Labels a file name cannot tell apart still give two annotated PDFs.
    ok("exhibit", "edit", project, "--exhibit", "Ex. 1", "--label", "PX-12 (a)")
    ok("exhibit", "edit", project, "--exhibit", "Ex. 2", "--label", "PX-12 [a]")
    out = project.with_name("annotated")
    written = ok("export", project, "-o", out)
    assert len(list(out.glob("*.pdf"))) == 2 and written.count("Wrote") >= 1
