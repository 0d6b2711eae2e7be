"""The project file: stable JSON, schema in sync, every bad file a clear error, saves that survive SIGKILL."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from exhibit_annotator.core.model import SCHEMA_VERSION, Case, Project
from exhibit_annotator.core.project.edits import new_project, tag_quote
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import (
    ProjectFileError,
    load_codebook,
    load_project,
    migrate,
    parse_project,
    save_project,
)
from exhibit_annotator.core.resources import default_codebook_path, schema_path

from ..conftest import BAD_INPUTS


def make_project(folder: Path) -> tuple[Project, Path]:
    path = folder / "kadrey.json"
    project = new_project(
        Case(name="Kadrey v. Meta Platforms, Inc.", court="N.D. Cal."), load_codebook(default_codebook_path())
    )
    add_exhibit(project, path, folder / "exhibit-ru.pdf", label="Ex. 1")
    add_exhibit(project, path, folder / "exhibit-ar.pdf")
    tag_quote(
        project, path, project.exhibits[0], "«Мистраль для нас — это пустяки»", ["competitive-motive"], author="J. Doe"
    )
    save_project(project, path)
    return project, path


def test_round_trip_is_stable_utf8_lf_and_ordered(exhibits_copy: Path) -> None:
    project, path = make_project(exhibits_copy)
    raw = path.read_bytes()
    assert b"\r\n" not in raw and raw.endswith(b"\n")
    assert "Мистраль".encode() in raw  # real UTF-8, not \u escapes
    loaded = load_project(path)
    assert loaded == project
    save_project(loaded, path)
    assert path.read_bytes() == raw  # saving an unchanged project changes nothing
    keys = list(json.loads(raw))
    assert keys == [
        "format", "schema_version", "case", "exhibits", "codebook", "annotations", "deleted", "pending", "facts",
        "pending_facts", "designations", "pending_designations",
    ]  # fmt: skip
    assert json.loads(raw)["exhibits"][0]["path"] == "exhibit-ru.pdf"


def test_default_codebook_has_the_names_checks_rely_on() -> None:
    names = {c.name for c in load_codebook(default_codebook_path()).categories}
    assert {
        "Ownership",
        "Copying",
        "Willfulness",
        "Knowledge of pirated source",
        "DMCA 1202",
        "Fair use: purpose",
        "Fair use: nature",
        "Fair use: amount",
        "Fair use: market harm",
        "Competitive motive",
        "Damages",
    } <= names


def test_shipped_json_schema_matches_the_models() -> None:
    shipped = json.loads(schema_path().read_text(encoding="utf-8"))
    assert shipped == Project.model_json_schema(), (
        "resources/project.schema.json is stale: regenerate it with "
        'python -c "import json; from exhibit_annotator.core.model import Project; '
        'print(json.dumps(Project.model_json_schema(), ensure_ascii=False, indent=2))" > resources/project.schema.json'
    )


@pytest.mark.parametrize("name", sorted(p.name for p in BAD_INPUTS.glob("*.json")))
def test_bad_project_files_end_in_one_clear_error(name: str) -> None:
    start = time.monotonic()
    with pytest.raises(ProjectFileError) as info:
        load_project(BAD_INPUTS / name)
    message = str(info.value)
    assert message.startswith(f"{name}: ") and "\n" not in message
    assert time.monotonic() - start < 5  # deep nesting must not hang


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(schema_version=SCHEMA_VERSION + 1), "newer Exhibit Annotator"),
        (lambda d: d.update(schema_version="1"), "invalid schema_version"),
        (lambda d: d.pop("format"), "not an Exhibit Annotator project"),
        (lambda d: d["exhibits"][0].update(sha256="xyz"), "exhibits[0].sha256"),
        (lambda d: d["annotations"][0].update(exhibit_id="exh-gone"), "unknown exhibit"),
        (lambda d: d["annotations"][0].update(category_ids=["nope"]), "unknown categories"),
        (lambda d: d["exhibits"][1].update(label=d["exhibits"][0]["label"]), "duplicate exhibit label"),
        (lambda d: d.update(surprise=1), "surprise"),
    ],
)
def test_invalid_projects_name_the_problem(exhibits_copy: Path, mutate, expected: str) -> None:  # type: ignore[no-untyped-def]
    _, path = make_project(exhibits_copy)
    data = json.loads(path.read_text(encoding="utf-8"))
    mutate(data)
    with pytest.raises(ProjectFileError, match=expected.replace("[", r"\[").replace("]", r"\]")):
        parse_project(data, path)


def test_older_versions_are_migrated_one_step_at_a_time(exhibits_copy: Path) -> None:
    _, path = make_project(exhibits_copy)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["schema_version"] = 0
    data["case"]["caption"] = data["case"].pop("name")  # pretend version 0 called it "caption"

    def v0_to_v1(d: dict) -> dict:  # type: ignore[type-arg]
        d["case"]["name"] = d["case"].pop("caption")
        return d

    from exhibit_annotator.core.project.store import MIGRATIONS

    migrated = migrate(data, {0: v0_to_v1, **MIGRATIONS})
    assert migrated["case"]["name"] == "Kadrey v. Meta Platforms, Inc." and migrated["schema_version"] == SCHEMA_VERSION
    with pytest.raises(ProjectFileError, match="cannot be migrated"):
        data["schema_version"] = 0
        parse_project(data, path, migrations={})


def test_version_1_2_and_3_files_open_as_version_4(exhibits_copy: Path) -> None:
    _, path = make_project(exhibits_copy)
    data = json.loads(path.read_text(encoding="utf-8"))
    for e in data["exhibits"]:  # what version 4 added
        del e["page_labels"], e["previous_sha256"]
    for a in data["annotations"]:
        del a["reanchored"]
    data["schema_version"] = 3
    path.write_text(json.dumps(data), encoding="utf-8")
    project = load_project(path)
    assert project.schema_version == SCHEMA_VERSION and project.exhibits[0].page_labels == []
    assert project.annotations[0].reanchored is None
    for e in data["exhibits"]:  # what version 3 added
        for key in ("bates_digits", "date", "confidentiality", "custodian", "production_volume"):
            del e[key]
    data["schema_version"] = 2
    path.write_text(json.dumps(data), encoding="utf-8")
    project = load_project(path)
    assert (
        project.schema_version == SCHEMA_VERSION
        and project.exhibits[0].bates_digits == 6
        and project.exhibits[0].date is None
    )
    for key in ("deleted", "pending"):  # what version 2 added
        del data[key]
    for a in data["annotations"]:
        del a["history"]
    data["schema_version"] = 1
    path.write_text(json.dumps(data), encoding="utf-8")
    project = load_project(path)
    assert project.schema_version == SCHEMA_VERSION and project.deleted == [] and project.annotations[0].history == []


def test_save_keeps_a_backup_and_no_temporary_files(exhibits_copy: Path) -> None:
    project, path = make_project(exhibits_copy)
    first = path.read_bytes()
    project.case.notes = "second version"
    save_project(project, path)
    assert path.with_name("kadrey.json.bak").read_bytes() == first
    assert not list(exhibits_copy.glob(".kadrey.json.*.tmp"))


SAVE_LOOP = """
import sys
from exhibit_annotator.core.project.store import load_project, save_project
path = sys.argv[1]
project = load_project(path)
i = 0
print("ready", flush=True)
while True:
    i += 1
    project.case.notes = "save number %d " % i + "x" * (i % 5000)
    save_project(project, path)
"""


@pytest.mark.slow
def test_killing_a_save_at_any_instant_leaves_a_whole_file(exhibits_copy: Path) -> None:
    _, path = make_project(exhibits_copy)
    for attempt in range(25):
        proc = subprocess.Popen([sys.executable, "-c", SAVE_LOOP, str(path)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(0.05 + (attempt % 7) * 0.013)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        saved = generation(load_project(path))  # raises if the file were torn
        # No generation is lost: the one before the file's is the backup, or (killed between the two
        # replacements, when the backup is the file's own version) the backup kept aside meanwhile.
        backups = (path.with_name("kadrey.json.bak"), path.with_name(".kadrey.json.bak.previous"))
        kept = {generation(load_project(p)) for p in backups if p.exists()}
        if saved >= 2:
            assert saved - 1 in kept, (saved, kept)
    assert "save number" in load_project(path).case.notes


def generation(project: Project) -> int:
    match = re.match(r"save number (\d+)", project.case.notes)
    return int(match.group(1)) if match else 0


def test_saved_bytes_are_plain_json_dumps_of_the_model() -> None:
    """``dumps`` uses pydantic-core for speed; the file must stay what json.dumps(indent=2) writes."""
    import json

    from exhibit_annotator.core.project.store import dumps, load_project
    from exhibit_annotator.core.resources import sample_project_path

    project = load_project(sample_project_path())
    project.annotations[0].note = "Ünïcode “quotes”, العربية, emoji 📎, control \t tab, backslash \\"
    expected = json.dumps(project.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert dumps(project) == expected


def test_saving_again_serialises_only_what_changed_and_writes_the_same_bytes() -> None:
    from exhibit_annotator.core.project.store import ProjectText, dumps, load_project
    from exhibit_annotator.core.resources import sample_project_path

    project = load_project(sample_project_path())
    text = ProjectText()
    assert text.dumps(project) == dumps(project).encode()
    project.annotations[1] = project.annotations[1].model_copy(update={"note": "changed, «ёлка», قال\nnext line"})
    del project.annotations[0]
    assert text.dumps(project) == dumps(project).encode()
    project.annotations.clear()
    assert text.dumps(project) == dumps(project).encode()
    assert text.dumps(Project()) == dumps(Project()).encode()


def test_an_inconsistent_project_is_not_saved_and_the_file_is_untouched(exhibits_copy: Path) -> None:
    project, path = make_project(exhibits_copy)
    before = path.read_bytes()
    broken = project.annotations[0].model_copy(update={"id": uuid.uuid4(), "category_ids": ["no-such-category"]})
    project.annotations.append(broken)  # a list append bypasses assignment validation
    with pytest.raises(ProjectFileError, match=r"not saved.*unknown categories"):
        save_project(project, path)
    assert path.read_bytes() == before


def test_temporary_files_left_by_killed_saves_are_removed(exhibits_copy: Path) -> None:
    import os
    import time

    project, path = make_project(exhibits_copy)
    stale = path.with_name(f".{path.name}.abc123.tmp")
    stale.write_bytes(b"{half a proj")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    young = path.with_name(f".{path.name}.def456.tmp")  # another process saving right now
    young.write_bytes(b"{")
    save_project(project, path)
    assert not stale.exists() and young.exists()
