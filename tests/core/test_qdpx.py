"""REFI-QDA project exchange: a project exported as .qdpx, its structure as the standard's schema orders it, and
the file imported back into a fresh project with the same codes and selections."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from exhibit_annotator.core.interop.qdpx import NS, QdpxError, export_qdpx, import_qdpx
from exhibit_annotator.core.model import Case, Project
from exhibit_annotator.core.project.categories import add_category
from exhibit_annotator.core.project.edits import new_project, tag_area, tag_quote
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.session import ProjectSession
from exhibit_annotator.core.project.store import load_codebook, save_project
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS

Q = f"{{{NS}}}"


def coded_project(folder: Path) -> tuple[Project, Path]:
    for name in ("exhibit-en.pdf", "exhibit-ar.pdf", "exhibit-ru.pdf"):
        shutil.copy(EXHIBITS / name, folder / name)
    path = folder / "kadrey.json"
    project = new_project(Case(name="Kadrey v. Meta"), load_codebook(default_codebook_path()))
    for name in ("exhibit-en.pdf", "exhibit-ar.pdf", "exhibit-ru.pdf"):
        add_exhibit(project, path, folder / name)
    en, ar, ru = project.exhibits
    tag_quote(project, path, en, "internal company messages", ["copying", "willfulness"], note="Key", author="Ann Lee")
    tag_quote(project, path, ru, "«Мистраль для нас — это пустяки»", ["competitive-motive"], author="Bo Chen")
    tag_area(project, ar, 0, (50, 60, 300, 120), ["fair-use-market-harm"], note="الصورة", author="Bo Chen")
    save_project(project, path)
    return project, path


def test_the_export_holds_sources_codes_selections_notes_and_users_in_schema_order(tmp_path: Path) -> None:
    project, path = coded_project(tmp_path)
    out = tmp_path / "kadrey.qdpx"
    assert export_qdpx(project, path, out) == 4  # codings: two categories, then one each
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        root = ET.fromstring(z.read("project.qde"))
        sources = root.find(f"{Q}Sources")
        assert sources is not None
        pdfs = sources.findall(f"{Q}PDFSource")
        for source in pdfs:  # every internal path is in the package
            assert f"Sources/{source.get('path', '').removeprefix('internal://')}" in names
            representation = source.find(f"{Q}Representation")
            assert representation is not None
            text = z.read(f"Sources/{representation.get('plainTextPath', '').removeprefix('internal://')}").decode()
            for selection in representation.findall(f"{Q}PlainTextSelection"):
                quoted = text[int(selection.get("startPosition", "")) : int(selection.get("endPosition", ""))]
                assert " ".join(quoted.split()) in {"internal company messages", "«Мистраль для нас — это пустяки»"}
    # The schema's sequences: the project's children, then each source's, in their order.
    order = ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs", "Description"]
    children = [c.tag.removeprefix(Q) for c in root]
    assert children == [t for t in order if t in children] == ["Users", "CodeBook", "Sources", "Notes"]
    for source in pdfs:
        kinds = [c.tag.removeprefix(Q) for c in source]
        rank = ["Description", "PDFSelection", "Representation", "Coding", "NoteRef", "VariableValue"]
        assert kinds == sorted(kinds, key=rank.index)
    codes = {c.get("name"): c for c in root.iter(f"{Q}Code")}
    copying = next(c for c in load_codebook(default_codebook_path()).categories if c.name == "Copying")
    assert codes["Copying"].get("color") == copying.colour.upper() and codes["Copying"].get("isCodable") == "true"
    parent = next(c for c in root.iter(f"{Q}Code") if codes["Copying"] in list(c))
    assert parent.get("name") == "Copyright infringement"  # nesting kept
    assert {u.get("name") for u in root.iter(f"{Q}User")} == {"Ann Lee", "Bo Chen"}
    area = next(root.iter(f"{Q}PDFSelection"))
    assert (area.get("page"), area.get("firstX"), area.get("firstY"), area.get("secondX"), area.get("secondY")) == (
        "0", "50", "60", "300", "120"
    )  # fmt: skip
    notes = {n.findtext(f"{Q}PlainTextContent") for n in root.iter(f"{Q}Note")}
    assert notes == {"Key", "الصورة"}


def test_a_qdpx_imported_into_a_fresh_project_brings_the_same_codes_and_selections(tmp_path: Path) -> None:
    project, path = coded_project(tmp_path)
    out = tmp_path / "kadrey.qdpx"
    export_qdpx(project, path, out)
    folder = tmp_path / "colleague"
    folder.mkdir()
    fresh_path = folder / "fresh.json"
    fresh = new_project(Case(name="Fresh"), load_codebook(default_codebook_path()))
    fresh.codebook.append(add_category(fresh, "Only here"))
    fresh.codebook = [c for c in fresh.codebook if c.name != "Damages"]  # a code the export has, this lacks
    save_project(fresh, fresh_path)
    found = import_qdpx(fresh, fresh_path, out)
    assert [c.name for c in found.categories] == ["Damages"] and found.not_found == []
    ProjectSession(fresh, fresh_path).apply(found.operation(fresh, out.name))
    assert sorted(Path(e.path).name for e in fresh.exhibits) == ["exhibit-ar.pdf", "exhibit-en.pdf", "exhibit-ru.pdf"]

    def summary(p: Project) -> set[tuple[object, ...]]:
        names = {c.id: c.name for c in p.codebook}
        files = {e.id: Path(e.path).name for e in p.exhibits}
        return {(files[a.exhibit_id], a.page, a.kind, a.text, tuple(names[c] for c in a.category_ids), a.note,
                 a.author, tuple(round(v) for r in a.rects for v in r.rect)) for a in p.annotations}  # fmt: skip

    assert summary(fresh) == summary(project)
    # Imported again: the exhibits are known by their files, nothing new but the same annotations again.
    again = import_qdpx(fresh, fresh_path, out)
    assert again.exhibits == [] and again.categories == []


def test_what_is_not_a_qdpx_is_named_in_the_error(tmp_path: Path) -> None:
    project, path = coded_project(tmp_path)
    bad = tmp_path / "project.qdpx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(QdpxError, match=r"project\.qdpx.*not a REFI-QDA project"):
        import_qdpx(project, path, bad)
    empty = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(QdpxError, match=r"no project\.qde"):
        import_qdpx(project, path, empty)
