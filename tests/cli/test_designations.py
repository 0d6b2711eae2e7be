"""Deposition designations on the command line: a transcript's lines designated by party, the other side's list read
in every form lawyers type it, objections and rulings, the report read back with the testimony of every range, the
clip list, and the two sides' designations merged."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import docx
import openpyxl
import pymupdf
import pytest

from exhibit_annotator.core.model import Ruling
from exhibit_annotator.core.pdf.transcripts import read_transcript
from exhibit_annotator.core.project.store import load_project

from ..makers import make_transcript
from .test_changes import untouched
from .test_cli import ok


@pytest.fixture
def depo(tmp_path: Path) -> Path:
    project = tmp_path / "case.json"
    ok("new", project)
    ok("add", project, make_transcript(tmp_path / "smith.txt"))
    return project


@pytest.mark.slow
def test_designations_from_every_form_of_list_with_objections_a_report_and_clips(depo: Path, tmp_path: Path) -> None:
    assert "Designated Ex. 1 45:3–7 (Plaintiff, designation)" in ok(
        "designations", "add", depo, "--exhibit", "Ex. 1", "--range", "45:3-45:7", "--party", "Plaintiff"
    )
    forms = ["45:10-45:12", "46:1 - 5", "46:20–47:3", "p. 47, ll. 6-8", "Smith Dep. 47:10-47:11", "99:1-99:2",
             "12:1:2-12:5:5"]  # fmt: skip
    lists = {".txt": None, ".csv": None, ".docx": None, ".xlsx": None}
    for suffix in lists:
        path = tmp_path / f"counters{suffix}"
        if suffix == ".txt":
            path.write_text("Defendant's counter-designations\n" + "\n".join(forms), encoding="utf-8")
        elif suffix == ".csv":
            with path.open("w", newline="", encoding="utf-8") as f:
                csv.writer(f).writerows([["Witness", "Range"], *(["Smith", r] for r in forms)])
        elif suffix == ".docx":
            d = docx.Document()
            table = d.add_table(rows=0, cols=1)
            for r in forms:
                table.add_row().cells[0].text = r
            d.save(str(path))
        else:
            book = openpyxl.Workbook()
            for r in forms:
                book.active.append(["Smith", r])
            book.save(path)
        other = depo.with_name(f"other{suffix}.json")
        other.write_bytes(depo.read_bytes())
        out = json.loads(ok("designations", "import", other, "--exhibit", "Ex. 1", "--party", "Defendant",
                            "--kind", "counter", path, "--json"))  # fmt: skip
        assert [d["range"] for d in out["designations"] if d["party"] == "Defendant"] == [
            "Ex. 1 45:10–12", "Ex. 1 46:1–5", "Ex. 1 46:20–47:3", "Ex. 1 47:6–8", "Ex. 1 47:10–11",
        ], suffix  # fmt: skip
        assert [u.split(":")[0] for u in out["not_placed"]] == ["99", "12"], suffix

    ok("designations", "import", depo, "--exhibit", "Ex. 1", "--party", "Defendant", "--kind", "counter",
       tmp_path / "counters.txt")  # fmt: skip
    first = load_project(depo).designations[0]
    ok("designations", "object", depo, str(first.id)[:8], "--basis", "hearsay", "--party", "Defendant")
    ok("designations", "object", depo, str(first.id)[:8], "--basis", "403", "--party", "Defendant")
    ok("designations", "rule", depo, str(first.id)[:8], "--basis", "403", "--ruling", "overruled")
    ruled = load_project(depo).designations[0]
    assert [(o.basis, o.ruling) for o in ruled.objections] == [("hearsay", Ruling.pending), ("403", Ruling.overruled)]

    listed = ok("list", depo)
    assert (
        "Designations (6)" in listed
        and "Ex. 1 45:3–7           Plaintiff      designation      hearsay (pending)" in listed
    )
    report = tmp_path / "report.docx"
    ok("export", depo, "-o", report, "--format", "designations")
    document = docx.Document(str(report))
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows[1:]]
    transcript = read_transcript(tmp_path / "smith.txt")
    spans = {"45:3–7": (45, 3, 45, 7), "46:20–47:3": (46, 20, 47, 3)}
    for span, (p0, l0, p1, l1) in spans.items():
        row = next(r for r in rows if r[0] == span)
        lines = [(p, n) for p in range(p0, p1 + 1) for n in range(1, 26)
                 if (p, n) >= (p0, l0) and (p, n) <= (p1, l1)]  # fmt: skip
        said = " ".join(" ".join(transcript.line(p, n).split()) for p, n in lines if transcript.line(p, n).strip())
        assert row[3] == said, span
    assert rows[0][4] == "hearsay (Defendant, pending); 403 (Defendant, overruled)"
    texts = [p.text for p in document.paragraphs]
    assert "smith 45:3–7: hearsay objection not ruled on" in texts

    pdf = tmp_path / "report.pdf"
    ok("export", depo, "-o", pdf, "--format", "designations")
    with pymupdf.open(pdf) as doc:
        text = " ".join(" ".join(doc[i].get_text().split()) for i in range(doc.page_count))
    assert "45:3–7" in text and "hearsay (Defendant, pending)" in text and "To decide" in text

    clips = tmp_path / "clips.csv"
    ok("export", depo, "-o", clips, "--format", "clips")
    with clips.open(encoding="utf-8-sig") as f:
        assert [(r["party"], r["start"], r["end"]) for r in csv.DictReader(f)][:2] == [
            ("Plaintiff", "45:3", "45:7"), ("Defendant", "45:10", "45:12"),
        ]  # fmt: skip
    mine = tmp_path / "mine.xlsx"
    ok("designations", "export", depo, "-o", mine, "--party", "Plaintiff")
    sheet = openpyxl.load_workbook(mine).active
    assert [c.value for c in sheet[2]][:3] == ["smith", "45:3–7", "Plaintiff"] and sheet.max_row == 2

    for args, said in [
        (("designations", "add", depo, "--exhibit", "Ex. 1", "--range", "45:30-45:31", "--party", "P"), "lines 1–25"),
        (("designations", "add", depo, "--exhibit", "Ex. 1", "--range", "soon", "--party", "P"), "not a page:line"),
        (("designations", "rule", depo, str(first.id)[:8], "--basis", "form", "--ruling", "sustained"), "no objection"),
        (("designations", "delete", depo, "ffffffff"), "no designation 'ffffffff'"),
    ]:
        line = untouched(depo, *args)
        assert said in line and "\n" not in line.strip(), line


@pytest.mark.slow
def test_a_designation_is_reviewed_and_a_colleagues_conflicting_version_decided(depo: Path) -> None:
    ok("designations", "add", depo, "--exhibit", "Ex. 1", "--range", "45:3-45:7", "--party", "Plaintiff")
    first = str(load_project(depo).designations[0].id)
    other = depo.with_name("colleague.json")
    other.write_bytes(depo.read_bytes())
    ok("designations", "object", depo, first[:8], "--basis", "hearsay", "--party", "Defendant")
    out = ok("designations", "review", other, first[:8], "--decision", "accepted", "--comment", "good")
    assert "Reviewed Ex. 1 45:3–7 (Plaintiff)" in out
    assert "designations: 0 added, 0 updated, 1 conflict(s)" in ok("merge", depo, other)
    assert len(load_project(depo).pending_designations) == 1
    ok("designations", "resolve", depo, first[:8], "--theirs")
    kept = load_project(depo)
    assert kept.pending_designations == [] and kept.designations[0].review.value == "accepted"
    assert kept.designations[0].objections == [] and kept.designations[0].review_comment == "good"


@pytest.mark.slow
def test_the_cases_parties_and_objection_bases_are_set_per_project(depo: Path) -> None:
    assert ok("designations", "parties", depo).split() == ["Plaintiff", "Defendant"]
    ok("designations", "parties", depo, "Petitioner", "Respondent", "Intervenor Co.")
    assert load_project(depo).case.parties == ["Petitioner", "Respondent", "Intervenor Co."]
    ok("designations", "bases", depo, "hearsay", "best evidence")
    out = json.loads(ok("designations", "bases", depo, "--json"))
    assert out["bases"] == ["hearsay", "best evidence"]
    assert "name at least one" in untouched(depo, "designations", "parties", depo, "  ")
