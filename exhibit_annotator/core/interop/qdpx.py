"""REFI-QDA project exchange (``.qdpx``), the standard QualCoder, ATLAS.ti, NVivo and MAXQDA read and write: a zip
of ``project.qde`` (XML, ``urn:QDA-XML:project:1.0``) and ``Sources/``.

What goes out: the exhibits as PDF sources (the files themselves, under ``Sources/``), each with a plain-text
representation (its pages' text, separated by form feeds); the codebook as codes (colours, nesting, definitions);
each passage as a selection of the representation's text, each area as a PDF selection (page, corners in points
from the page's top left, as QualCoder reads them), coded with its categories; notes as notes; authors as users.
Elements are written in the order the schema's sequences require.

What comes in: codes become categories (matched by name, else added with their colour and parent); each PDF source
is matched to an exhibit by its file's SHA-256, else added (its file copied beside the project); a text selection
is found again on the exhibit by its text, on the page its offset falls on; a PDF selection becomes an area.
"""

from __future__ import annotations

import contextlib
import shutil
import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..errors import FileProblem
from ..files import replace_held
from ..model import Annotation, Category, Codebook, Exhibit, PageRect, Project
from ..normalize import shortened
from ..pdf.anchoring import AnchorError, find_quote
from ..pdf.confinement import readable_file
from ..pdf.exhibits import open_pdf, sha256_of
from ..pdf.ocr import document_text
from ..project.categories import ImportCodebook
from ..project.intake import read_exhibit
from ..project.operations import AddAnnotations, AddExhibit
from ..project.session import Compound, Operation

NS = "urn:QDA-XML:project:1.0"
PAGE_BREAK = "\f"  # between pages in a source's text representation
_IDS = uuid.UUID("6f3c2d4e-8a51-4c1b-9e7d-2b0a4f5c6d7e")  # namespace of the GUIDs made from our ids


class QdpxError(FileProblem):
    pass


def _guid(kind: str, key: str) -> str:
    """A stable GUID for one of our objects: the same export twice names everything alike."""
    return str(uuid.uuid5(_IDS, f"{kind}:{key}")).upper()


def _el(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attributes.items() if v != ""})


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- export --------------------------------------------------------------------------------------------------------
def export_qdpx(project: Project, project_path: Path, out: Path, passwords: dict[str, str] | None = None) -> int:
    """Write the project as a ``.qdpx``; returns how many codings it holds."""
    passwords = passwords or {}
    ET.register_namespace("", NS)
    root = ET.Element(
        f"{{{NS}}}Project",
        {"name": project.case.name or project_path.stem, "origin": "Exhibit Annotator",
         "creationDateTime": _when(datetime.now(UTC))},
    )  # fmt: skip
    authors = sorted({a.author for a in project.annotations if a.author})
    users = _el(root, "Users")
    for name in authors:
        _el(users, "User", guid=_guid("user", name), name=name)
    codes = _el(_el(root, "CodeBook"), "Codes")
    _codes(codes, project.codebook, None)
    sources = _el(root, "Sources")
    notes: list[tuple[str, str, str, Annotation]] = []  # (guid, name, text, annotation)
    files: dict[str, Path | str] = {}  # name in Sources/ → file, or text
    codings = 0
    for exhibit in project.exhibits:
        mine = project.annotations_of(exhibit.id)
        path = readable_file(project_path, exhibit)
        source_guid = _guid("exhibit", exhibit.sha256)
        files[f"{source_guid}.pdf"] = path
        source = _el(sources, "PDFSource", guid=source_guid, name=path.name, path=f"internal://{source_guid}.pdf")
        _el(source, "Description").text = f"{exhibit.label}: {exhibit.title}"
        for a in mine:
            if a.kind != "area":
                continue
            x0, y0, x1, y1 = a.rects[0].rect
            selection = _el(
                source, "PDFSelection", guid=_guid("selection", str(a.id)), name=shortened(a.note or exhibit.label, 60),
                page=str(a.page), firstX=str(round(x0)), firstY=str(round(y0)), secondX=str(round(x1)),
                secondY=str(round(y1)), **_audit(a),
            )  # fmt: skip
            codings += _coded(selection, a, notes, exhibit)
        representation_guid = _guid("representation", exhibit.sha256)
        with open_pdf(path, passwords.get(exhibit.id)) as doc:
            text = document_text(doc, project_path, exhibit)
            pages = [text.page(i).text for i in range(doc.page_count)]
        files[f"{representation_guid}.txt"] = PAGE_BREAK.join(pages)
        starts = [0]
        for page_text in pages:
            starts.append(starts[-1] + len(page_text) + len(PAGE_BREAK))
        representation = _el(source, "Representation", guid=representation_guid, name=f"Text of {exhibit.label}",
                             plainTextPath=f"internal://{representation_guid}.txt")  # fmt: skip
        for a in mine:
            last = a.end_page if a.end_page is not None else a.page
            if a.kind != "text" or a.position is None or last >= len(pages):  # past the file's last page: no text
                continue
            selection = _el(
                representation, "PlainTextSelection", guid=_guid("selection", str(a.id)), name=shortened(a.text, 60),
                startPosition=str(starts[a.page] + a.position.start), endPosition=str(starts[last] + a.position.end),
                **_audit(a),
            )  # fmt: skip
            codings += _coded(selection, a, notes, exhibit)
    if notes:
        notes_element = _el(root, "Notes")
        for guid, name, body, a in notes:
            note = _el(notes_element, "Note", guid=guid, name=name, **_audit(a))
            _el(note, "PlainTextContent").text = body
    _write_zip(out, root, files)
    return codings


def _codes(parent: ET.Element, codebook: list[Category], under: str | None) -> None:
    for c in codebook:
        if c.parent != under:
            continue
        code = _el(parent, "Code", guid=_guid("code", c.id), name=c.name, isCodable="true", color=c.colour.upper())
        if c.description:
            _el(code, "Description").text = c.description
        _codes(code, codebook, c.id)


def _audit(a: Annotation) -> dict[str, str]:
    return {"creatingUser": _guid("user", a.author) if a.author else "", "creationDateTime": _when(a.created),
            "modifiedDateTime": _when(a.modified)}  # fmt: skip


def _coded(
    selection: ET.Element, a: Annotation, notes: list[tuple[str, str, str, Annotation]], exhibit: Exhibit
) -> int:
    # The schema's order: Description, Coding…, NoteRef…. The note goes in both: QualCoder reads a selection's
    # description as its memo, other tools follow the reference to the note.
    if a.note:
        _el(selection, "Description").text = a.note
    for category_id in a.category_ids:
        coding = _el(selection, "Coding", guid=_guid("coding", f"{a.id}:{category_id}"), **{
            k: v for k, v in _audit(a).items() if k != "modifiedDateTime"})  # fmt: skip
        _el(coding, "CodeRef", targetGUID=_guid("code", category_id))
    if a.note:
        guid = _guid("note", str(a.id))
        notes.append((guid, f"Note on {exhibit.cite(a.page, a.end_page)}", a.note, a))
        _el(selection, "NoteRef", targetGUID=guid)
    return len(a.category_ids)


def _write_zip(out: Path, root: ET.Element, files: dict[str, Path | str]) -> None:
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("project.qde", ET.tostring(root, encoding="utf-8", xml_declaration=True))
            for name, content in files.items():
                if isinstance(content, Path):
                    z.write(content, f"Sources/{name}")
                else:
                    z.writestr(f"Sources/{name}", content.encode("utf-8"))
        replace_held(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


# --- import --------------------------------------------------------------------------------------------------------
@dataclass
class QdpxImport:
    """What a ``.qdpx`` brings: categories to add, exhibits to add (their files already copied), annotations.
    ``operation`` makes them one change."""

    categories: list[Category] = field(default_factory=list)
    exhibits: list[Exhibit] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)  # selections whose text is not on the exhibit (names)

    def operation(self, project: Project, name: str) -> Compound:
        parts: list[Operation] = []
        if self.categories:
            # The project's own categories go along, so that a new code under one of them keeps its parent.
            parts.append(ImportCodebook(Codebook(name=name, categories=[*project.codebook, *self.categories]), name))
        parts += [AddExhibit(e) for e in self.exhibits]
        if self.annotations:
            parts.append(AddAnnotations(f"Import {name}", self.annotations))
        return Compound(f"Import {name}", parts)


def import_qdpx(
    project: Project, project_path: Path, qdpx: Path, files_to: Path | None = None,
    passwords: dict[str, str] | None = None,
) -> QdpxImport:  # fmt: skip
    """Read a ``.qdpx`` against ``project``: nothing is changed here; the caller applies the result as one step.
    Sources whose file the project lacks are copied into ``files_to`` (default: a folder named after the file,
    beside the project); ``passwords``: exhibit id → password of the encrypted ones."""
    try:
        z = zipfile.ZipFile(qdpx)
    except (zipfile.BadZipFile, OSError) as e:
        raise QdpxError(qdpx, f"is not a REFI-QDA project (.qdpx) ({e})") from None
    with z:
        qde = next((n for n in z.namelist() if n.lower().endswith(".qde") and "/" not in n), None)
        if qde is None:
            raise QdpxError(qdpx, "is not a REFI-QDA project (.qdpx): it has no project.qde")
        try:
            root = ET.fromstring(z.read(qde))
        except ET.ParseError as e:
            raise QdpxError(qdpx, f"has a project.qde that is not XML ({e})") from None
        ns = root.tag.split("}")[0] + "}" if root.tag.startswith("{") else ""
        result = QdpxImport()
        users = {u.get("guid", ""): u.get("name", "") for u in root.iter(f"{ns}User")}
        notes = {
            n.get("guid", ""): "".join(c.text or "" for c in n.iter(f"{ns}PlainTextContent"))
            for n in root.iter(f"{ns}Note")
        }
        codes = _import_codes(root, ns, project, result)
        by_hash = {e.sha256: e for e in project.exhibits}
        folder = files_to or project_path.parent / qdpx.stem
        for source in root.iter(f"{ns}PDFSource"):
            exhibit = _source_exhibit(z, source, project_path, folder, by_hash, result)
            if exhibit is None:
                continue
            password = (passwords or {}).get(exhibit.id)
            _import_selections(source, ns, exhibit, project_path, codes, users, notes, z, result, password)
        return result


def _import_codes(root: ET.Element, ns: str, project: Project, result: QdpxImport) -> dict[str, str]:
    """Code GUID → category id: the project's category of the same name, else a new one."""
    known = {c.name.casefold(): c.id for c in project.codebook}
    taken = {c.id for c in project.codebook}
    mapping: dict[str, str] = {}

    def walk(parent: ET.Element, under: str | None) -> None:
        for code in parent.findall(f"{ns}Code"):
            name = (code.get("name") or "").strip()
            if not name:
                continue
            category_id = known.get(name.casefold())
            if category_id is None:
                category_id = _free_id(name, taken)
                colour = (code.get("color") or "").lower()
                description = "".join(d.text or "" for d in code.findall(f"{ns}Description"))
                result.categories.append(Category(
                    id=category_id, name=name, colour=colour if _is_colour(colour) else "#f4d03f",
                    description=description.strip(), parent=under,
                ))  # fmt: skip
                known[name.casefold()] = category_id
            mapping[code.get("guid", "")] = category_id
            walk(code, category_id)

    for codes in root.iter(f"{ns}Codes"):
        walk(codes, None)
    return mapping


def _is_colour(text: str) -> bool:
    return len(text) == 7 and text[0] == "#" and all(c in "0123456789abcdef" for c in text[1:])


def _free_id(name: str, taken: set[str]) -> str:
    base = "".join(c if c.isalnum() else "-" for c in name.casefold()).strip("-")[:40] or "code"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _source_exhibit(
    z: zipfile.ZipFile, source: ET.Element, project_path: Path, folder: Path, by_hash: dict[str, Exhibit],
    result: QdpxImport,
) -> Exhibit | None:  # fmt: skip
    path = source.get("path") or source.get("currentPath") or ""
    if not path.startswith("internal://"):
        return None  # a file outside the package: not ours to find
    member = f"Sources/{path.removeprefix('internal://')}"
    if member not in z.namelist():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(source.get("name") or Path(member).stem).name
    name = name if name.lower().endswith(".pdf") else f"{name}.pdf"
    unpacked = folder / f".{name}.unpacking"
    try:
        with z.open(member) as src, unpacked.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        digest = sha256_of(unpacked)
        if digest in by_hash:
            return by_hash[digest]  # the project has this file already
        target, n = folder / name, 2
        while target.exists():  # never over a file that is there (it may be another exhibit's)
            target, n = folder / f"{Path(name).stem} ({n}).pdf", n + 1
        unpacked.rename(target)
    finally:
        unpacked.unlink(missing_ok=True)
    exhibit = read_exhibit(project_path, target)  # labelled when it is added (operations.AddExhibit)
    by_hash[digest] = exhibit
    result.exhibits.append(exhibit)
    return exhibit


def _import_selections(
    source: ET.Element, ns: str, exhibit: Exhibit, project_path: Path, codes: dict[str, str], users: dict[str, str],
    notes: dict[str, str], z: zipfile.ZipFile, result: QdpxImport, password: str | None = None,
) -> None:  # fmt: skip
    for selection in source.findall(f"{ns}PDFSelection"):
        try:
            page = int(selection.get("page", "-1"))
            corners = [float(selection.get(k, "")) for k in ("firstX", "firstY", "secondX", "secondY")]
        except ValueError:
            continue
        if not 0 <= page < exhibit.page_count:
            continue
        x0, x1 = sorted(corners[0::2])
        y0, y1 = sorted(corners[1::2])
        if x1 <= x0 or y1 <= y0:
            continue
        result.annotations.append(Annotation(
            kind="area", rects=[PageRect(page=page, rect=[x0, y0, x1, y1])],
            **_fields(selection, ns, exhibit, page, codes, users, notes),
        ))  # fmt: skip
    representation = source.find(f"{ns}Representation")
    if representation is None:
        return
    selections = representation.findall(f"{ns}PlainTextSelection")
    if not selections:
        return
    text_path = (representation.get("plainTextPath") or "").removeprefix("internal://")
    try:
        whole = z.read(f"Sources/{text_path}").decode("utf-8-sig")
    except (KeyError, UnicodeDecodeError):
        whole = "".join(c.text or "" for c in representation.iter(f"{ns}PlainTextContent"))
    with open_pdf(readable_file(project_path, exhibit), password) as doc:
        text = document_text(doc, project_path, exhibit)
        for selection in selections:
            try:
                start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
            except ValueError:
                continue
            quote = whole[start:end].replace(PAGE_BREAK, "\n")
            page = min(whole.count(PAGE_BREAK, 0, start), exhibit.page_count - 1)
            try:
                found = find_quote(text, quote, page=page)
            except AnchorError:
                try:
                    found = find_quote(text, quote)  # another tool's text: the first place it occurs
                except AnchorError:
                    result.not_found.append(selection.get("name") or quote[:60])
                    continue
            p = found.passage
            result.annotations.append(Annotation(
                kind="text", text=p.text, quote=p.quote, position=p.position, extraction=p.extraction, rects=p.rects,
                end_page=p.end_page if p.end_page != p.page else None,
                **_fields(selection, ns, exhibit, p.page, codes, users, notes),
            ))  # fmt: skip


def _fields(
    selection: ET.Element, ns: str, exhibit: Exhibit, page: int, codes: dict[str, str], users: dict[str, str],
    notes: dict[str, str],
) -> dict[str, object]:  # fmt: skip
    categories = [
        codes[ref.get("targetGUID", "")] for coding in selection.findall(f"{ns}Coding")
        for ref in coding.findall(f"{ns}CodeRef") if ref.get("targetGUID", "") in codes
    ]  # fmt: skip
    note = "\n\n".join(notes[r.get("targetGUID", "")] for r in selection.findall(f"{ns}NoteRef")
                       if r.get("targetGUID", "") in notes)  # fmt: skip
    if not note.strip():
        note = "".join(d.text or "" for d in selection.findall(f"{ns}Description"))
    fields: dict[str, object] = {
        "exhibit_id": exhibit.id, "page": page, "category_ids": list(dict.fromkeys(categories)), "note": note.strip(),
        "author": users.get(selection.get("creatingUser", ""), ""),
    }  # fmt: skip
    for key, name in (("created", "creationDateTime"), ("modified", "modifiedDateTime")):
        value = selection.get(name)
        if value:
            with contextlib.suppress(ValueError):  # an unreadable date: the time of the import
                fields[key] = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return fields
