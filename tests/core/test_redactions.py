"""Bad redactions: text under a box that hides it from the eye but not from copy or search.

x-ray's own test PDFs (tests/data/redactions, BSD-2) are the reference for what is and is not a bad redaction;
PDFs made here add dark highlight annotations, redactions done properly, unapplied redaction marks, and rotation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from exhibit_annotator.core.pdf.redactions import check_file

from ..conftest import DATA
from ..makers import SECRET
from ..makers import redaction_samples as made

REFERENCE = DATA / "redactions"


def test_only_text_under_boxes_and_dark_highlights_is_flagged(tmp_path: Path) -> None:
    files = made(tmp_path)
    for name in ("rectangle", "highlight", "unapplied", "rotated"):
        findings = check_file(files[name]).findings
        assert [f.text for f in findings] == [SECRET], name
        assert findings[0].page == 0
    assert check_file(files["highlight"]).findings[0].kind == "highlight"
    assert check_file(files["unapplied"]).findings[0].kind == "unapplied redaction"
    assert check_file(files["proper"]).findings == []
    assert check_file(files["nothing"]).findings == []


@pytest.mark.parametrize(
    "name",
    [
        "bad_cross_hatched_redactions", "multi_line_redaction_ok", "no_bad_redactions.2.1", "no_bad_redactions.3.2",
        "no_bad_redactions.4.1", "no_bad_redactions.6.2", "no_bad_redactions.7.1", "no_bad_redactions.8.1",
        "ok_words", "partial_intersections_ok", "rect_ordering_0.8", "rect_ordering_1.23", "rect_ordering_2.1",
        "rect_ordering_3.20", "rect_ordering_4.1", "rect_ordering_5.2", "rect_ordering_6.19", "rectangles_no",
        "unfilled_rect", "whitespace_redaction_with_comma", "whitespace_redactions", "whitespace_redactions_2",
    ],
)  # fmt: skip
def test_x_ray_reference_files_without_bad_redactions(name: str) -> None:
    assert check_file(REFERENCE / f"{name}.pdf").findings == []


def test_x_ray_reference_files_with_bad_redactions() -> None:
    found = check_file(REFERENCE / "rectangles_yes.pdf").findings
    assert len(found) == 3  # as x-ray's own test expects
    assert any(f.text.startswith("“Yes”, but did not disclose") for f in found)
    assert [f.text for f in check_file(REFERENCE / "rectangles_yes_2.pdf").findings] == ["def"]


@pytest.mark.slow
def test_command_line_report(tmp_path: Path) -> None:
    files = made(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "exhibit_annotator", "redactions", *args],
                              capture_output=True, text=True)  # fmt: skip

    found = run(str(files["rectangle"]))
    assert found.returncode == 1 and SECRET in found.stdout and "page 1" in found.stdout
    clean = run(str(files["proper"]), "--json")
    assert clean.returncode == 0 and json.loads(clean.stdout)[0]["bad_redactions"] == []
    data = json.loads(run(str(files["highlight"]), str(files["nothing"]), "--json").stdout)
    assert [len(d["bad_redactions"]) for d in data] == [1, 0] and data[0]["bad_redactions"][0]["text"] == SECRET
    project = tmp_path / "p.json"
    subprocess.run([sys.executable, "-m", "exhibit_annotator", "new", str(project), "--case", "X"], check=True)
    added = subprocess.run([sys.executable, "-m", "exhibit_annotator", "add", str(project), str(files["highlight"])],
                           capture_output=True, text=True)  # fmt: skip
    assert added.returncode == 0 and "1 box(es) hide text that can still be copied (page 1)" in added.stdout
    assert run(str(project)).returncode == 1
    broken = run(str(DATA / "bad-inputs" / "truncated.pdf"))
    assert broken.returncode == 2 and "truncated.pdf" in broken.stderr


def test_a_finished_check_is_kept_by_file_hash_and_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reopening a checked case reads no page (issue 39): the check is kept by the file's SHA-256 and the rules'
    version; another file at the same place, or other rules, is checked again."""
    from exhibit_annotator.core.pdf import redactions

    files = made(tmp_path)
    project = tmp_path / "case.json"
    args = (project, "Ex. 1", files["rectangle"].name, None, 0, 10_000)
    first = redactions.check_exhibit_pages(*args)
    assert not first.kept and [f.text for f in first.findings] == [SECRET] and first.sha256
    redactions.keep_check(first.sha256, first.pages, first.findings)
    again = redactions.check_exhibit_pages(*args)
    assert again.kept and again.findings == first.findings and again.pages == first.pages
    monkeypatch.setattr(redactions, "RULES", redactions.RULES + 1)  # the rules changed: checked again
    assert not redactions.check_exhibit_pages(*args).kept
    monkeypatch.undo()
    files["proper"].replace(files["rectangle"])  # another file at the same place: its own hash, checked again
    other = redactions.check_exhibit_pages(*args)
    assert not other.kept and other.findings == [] and other.sha256 != first.sha256
