"""``fact`` on the command line, and the chronology and statement exports read back: real processes, real files;
bad input ends in exit 2 and one line, with the project file untouched."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import docx
import pymupdf
import pytest

from exhibit_annotator.core.model import FactStatus
from exhibit_annotator.core.project.store import load_project

from .test_changes import tagged, untouched
from .test_cli import ok, run


@pytest.mark.slow
def test_facts_are_added_edited_listed_and_deleted_from_the_command_line(en_project: Path) -> None:
    first, second = tagged(en_project, "The messages concern the development", "Llama 3 language model")
    out = ok("fact", "add", en_project, "--text", "Meta developed Llama 3.", "--date", "about 2023-10",
             "--source", first[:6], "--source", second[:6], "--issue", "Copying", "--person", "Meta",
             "--status", "undisputed", "--key")  # fmt: skip
    assert "Added" in out and "(about 2023-10): Meta developed Llama 3." in out
    fact = load_project(en_project).facts[0]
    assert fact.date == "2023-10~" and fact.key_fact and fact.status is FactStatus.undisputed
    assert [str(s.annotation_id) for s in fact.sources] == [first, second]

    data = json.loads(ok("fact", "edit", en_project, str(fact.id)[:5], "--drop-source", second[:6], "--person",
                         "Ahmad Al-Dahle", "--status", "disputed", "--json"))  # fmt: skip
    described = data["facts"][0]
    assert [s["cite"] for s in described["sources"]] == ["Ex. 1 at 1"] and described["people"] == ["Ahmad Al-Dahle"]
    assert described["status"] == "disputed" and described["problems"] == []

    ok("fact", "add", en_project, "--text", "Undated, unsourced.")
    listed = ok("fact", "list", en_project)
    lines = listed.splitlines()
    assert "about 2023-10" in lines[0] and "(Ex. 1 at 1) [disputed]" in lines[0] and "undated" in lines[1]
    only = json.loads(ok("fact", "list", en_project, "--status", "disputed", "--json"))["facts"]
    assert [f["text"] for f in only] == ["Meta developed Llama 3."]

    # A deleted source marks the fact.
    ok("annotation", "delete", en_project, first)
    assert "! source 1 was deleted" in ok("fact", "list", en_project)
    validated = run("validate", en_project)
    assert validated.returncode != 0 and "(Meta developed Llama 3.): source 1 was deleted" in validated.stdout

    for args, said in [
        (("fact", "add", en_project, "--text", "x", "--date", "soon"), "'soon' is not a date"),
        (("fact", "add", en_project, "--text", "x", "--source", "ffffffff"), "no annotation 'ffffffff'"),
        (("fact", "add", en_project, "--text", "x", "--issue", "Nope"), "unknown category 'Nope'"),
        (("fact", "add", en_project, "--text", "   "), "fact: text"),
        (("fact", "edit", en_project, str(fact.id)), "say what to change"),
        (("fact", "edit", en_project, "zz", "--key"), "at least the first 4"),
        (("fact", "delete", en_project, "ffffffff"), "no fact 'ffffffff'"),
        (("fact", "resolve", en_project, str(fact.id), "--mine"), "no fact"),
    ]:
        line = untouched(en_project, *args)
        assert said in line and "\n" not in line.strip(), line

    assert "Deleted" in ok("fact", "delete", en_project, str(fact.id)[:8])
    project = load_project(en_project)
    assert [f.text for f in project.facts] == ["Undated, unsourced."] and fact.id in {d.id for d in project.deleted}


@pytest.mark.slow
def test_the_statement_has_only_undisputed_facts_numbered_with_cites_cite_check_accepts(
    en_project: Path, tmp_path: Path
) -> None:
    first, second = tagged(en_project, "The messages concern the development", "Llama 3 language model")
    ok("fact", "add", en_project, "--text", "Later fact.", "--date", "2024-01-05", "--source", second,
       "--status", "undisputed")  # fmt: skip
    ok("fact", "add", en_project, "--text", "Earlier fact.", "--date", "2023", "--source", first, "--source", second,
       "--status", "undisputed", "--issue", "Copying")  # fmt: skip
    ok("fact", "add", en_project, "--text", "A disputed fact.", "--date", "2023-06", "--status", "disputed")

    statement = tmp_path / "sumf.docx"
    ok("export", en_project, "-o", statement, "--format", "facts-statement", "--order", "exhibit")
    paragraphs = [p.text for p in docx.Document(str(statement)).paragraphs if p.text.strip()]
    numbered = [p for p in paragraphs if p[:1].isdigit() and ". " in p[:4]]
    assert numbered == ["1. Earlier fact. (Ex. 1 at 1.)", "2. Later fact. (Ex. 1 at 1.)"]
    assert "Statement of Undisputed Material Facts" in paragraphs and not any("disputed fact" in p for p in paragraphs)
    checked = run("cite-check", statement, "--project", en_project)
    assert checked.returncode == 0 and "3 of 3 quotation(s) hold" in checked.stdout, checked.stdout

    pdf = tmp_path / "sumf.pdf"
    ok("export", en_project, "-o", pdf, "--format", "facts-statement", "--cite", "bluebook")
    with pymupdf.open(pdf) as doc:
        text = " ".join(doc[0].get_text().split())
        assert (
            "1. Earlier fact. (Ex. 1, at 1.)" in text
            and doc.get_toc()[0][1] == "Statement of Undisputed Material Facts"
        )
    assert run("cite-check", pdf, "--project", en_project).returncode == 0

    chronology = tmp_path / "chronology.csv"
    ok("export", en_project, "-o", chronology, "--format", "chronology")
    with chronology.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [(r["date"], r["fact"], r["status"]) for r in rows] == [
        ("2023", "Earlier fact.", "undisputed"), ("2023-06", "A disputed fact.", "disputed"),
        ("2024-01-05", "Later fact.", "undisputed"),
    ]  # fmt: skip
    assert rows[1]["problems"] == "no source" and rows[0]["sources"] == "Ex. 1 at 1"
    table = docx.Document(str(_export(en_project, tmp_path / "chronology.docx"))).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Date", "Fact", "Sources", "Issues", "People", "Status"]
    assert table.rows[1].cells[0].text == "2023" and table.rows[1].cells[3].text == "Copying"
    assert "a facts-statement is written as .docx or .pdf" in untouched(
        en_project, "export", en_project, "-o", tmp_path / "x.csv", "--format", "facts-statement"
    )


def _export(project: Path, out: Path) -> Path:
    ok("export", project, "-o", out, "--format", "chronology")
    return out


@pytest.mark.slow
def test_compare_names_facts_one_side_lacks_and_those_stated_otherwise(en_project: Path) -> None:
    ok("fact", "add", en_project, "--text", "Both have it.", "--status", "undisputed")
    other = en_project.with_name("other.json")
    other.write_bytes(en_project.read_bytes())
    fact = load_project(en_project).facts[0]
    ok("fact", "edit", other, str(fact.id), "--status", "disputed")
    ok("fact", "add", other, "--text", "Only the colleague's.")
    out = json.loads(ok("compare", en_project, other, "--json"))
    assert out["facts_only_in_a"] == [] and [f["text"] for f in out["facts_only_in_b"]] == ["Only the colleague's."]
    assert [(d["a"]["status"], d["b"]["status"]) for d in out["facts_differ"]] == [("undisputed", "disputed")]
    assert "Facts the two state otherwise: 1" in ok("compare", en_project, other)
