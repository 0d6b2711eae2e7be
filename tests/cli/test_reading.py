"""`text`: the page text as the app reads it; and passwords given once reaching every reader of exhibits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exhibit_annotator.core.project.store import load_project

from ..conftest import BAD_INPUTS, DATA
from .test_cli import bad, ok


@pytest.mark.slow
def test_text_prints_each_page_as_the_app_reads_it(en_project: Path, tmp_path: Path) -> None:
    (tmp_path / "senate.pdf").write_bytes((DATA / "fidelity" / "senate-expenditures.pdf").read_bytes())
    ok("add", en_project, tmp_path / "senate.pdf", "--label", "PX-2")
    out = ok("text", en_project, "--exhibit", "PX-2")
    assert out.startswith("— Page 1 —\nDOCUMENT NO. DATE PAYEE NAME OBLIGATION/SERVICE DESCRIPTION AMOUNT ($)\n")
    assert "BAIN, J MATTHEW DISTRICT DIRECTOR 37,499.96\n" in out
    one = ok("text", en_project, "--exhibit", "Ex. 1", "--page", "2")
    assert "Page" not in one.split("\n")[0] and one.strip()
    data = json.loads(ok("text", en_project, "--exhibit", "PX-2", "--json"))
    [page] = data["pages"]
    first = page["lines"][0]
    assert [w["text"] for w in first["words"]][:3] == ["DOCUMENT", "NO.", "DATE"]
    assert page["text"][first["words"][0]["start"] : first["words"][0]["end"]] == "DOCUMENT"
    x0, y0, x1, y1 = first["words"][0]["box"]
    assert y1 - y0 > x1 - x0  # unrotated PDF points: the word runs up the stored page
    assert "has 5 pages; there is no page 9" in bad("text", en_project, "--exhibit", "Ex. 1", "--page", "9")


@pytest.mark.slow
def test_passwords_reach_the_brief_annotated_export_and_import(en_project: Path, tmp_path: Path) -> None:
    ok("add", en_project, BAD_INPUTS / "encrypted.pdf", "--password", "exhibit", "--label", "Sealed")
    ok("tag", en_project, "--exhibit", "Sealed", "--quote", "LibGen data set", "--category", "Copying",
       "--password", "exhibit")  # fmt: skip
    given = ("--password", "Sealed=exhibit")
    assert "LibGen data set" in ok("text", en_project, "--exhibit", "Sealed", "--page", "1", *given)
    brief = tmp_path / "brief.md"
    ok("export", en_project, "-o", brief, *given)
    assert "LibGen data set" in brief.read_text() and "not verified" not in brief.read_text()
    folder = tmp_path / "annotated"
    ok("export", en_project, "-o", folder, "--format", "annotated", *given)
    assert [p.name for p in folder.iterdir()] == ["Sealed - encrypted.pdf"]
    qdpx = tmp_path / "case.qdpx"
    ok("export", en_project, "-o", qdpx, *given)
    fresh = tmp_path / "fresh.json"
    ok("new", fresh)
    ok("add", fresh, BAD_INPUTS / "encrypted.pdf", "--password", "exhibit", "--label", "Sealed")
    assert "password" in bad("import", fresh, qdpx)
    assert "1 annotations" in ok("import", fresh, qdpx, *given)
    assert [a.text for a in load_project(fresh).annotations] == ["LibGen data set"]
