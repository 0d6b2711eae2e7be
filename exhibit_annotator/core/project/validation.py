"""Checking a loaded project against the files on disk: exhibits present and unchanged, anchors still resolve.

Nothing here changes the project: a missing or changed exhibit is reported (with how many annotations it
carries), never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..errors import UserError
from ..model import Exhibit, Fact, Project
from ..normalize import shortened
from ..pdf.anchoring import AnchorState, resolve
from ..pdf.confinement import exhibit_file, may_read
from ..pdf.exhibits import PasswordRequired, fingerprint, open_pdf
from ..pdf.ocr import document_text
from ..pdf.page_index import PageIndex
from .facts import support


class ExhibitState(StrEnum):
    ok = "ok"
    missing = "missing"
    changed = "changed"  # different bytes, and not known to be the same document
    revised = "revised"  # different bytes, same PDF /ID: a re-save of the same document
    unreadable = "unreadable"
    locked = "locked"  # encrypted, no password given
    outside = "outside"  # outside the project's folder, not agreed to: not read


@dataclass
class ExhibitReport:
    exhibit: Exhibit
    path: Path
    state: ExhibitState
    detail: str = ""
    annotation_count: int = 0
    anchors: dict[str, AnchorState] = field(default_factory=dict)  # annotation id → state
    places: dict[str, tuple[int, int]] = field(default_factory=dict)  # moved or approximate: id → new pages
    to_check: dict[str, str] = field(default_factory=dict)  # id → what a file replacement left to check


@dataclass
class ProjectReport:
    exhibits: list[ExhibitReport]
    facts: list[tuple[Fact, list[str]]] = field(default_factory=list)  # facts a source no longer supports

    @property
    def ok(self) -> bool:
        return not self.facts and all(
            r.state is ExhibitState.ok and all(s is AnchorState.exact for s in r.anchors.values()) and not r.to_check
            for r in self.exhibits
        )

    def problems(self) -> list[str]:
        lines = []
        for r in self.exhibits:
            if r.state is not ExhibitState.ok:
                what = {
                    ExhibitState.missing: f"file not found at {r.path}",
                    ExhibitState.changed: "the file has changed since it was added (SHA-256 differs)",
                    ExhibitState.revised: "the file was re-saved since it was added (same PDF id, new content)",
                    ExhibitState.unreadable: r.detail,
                    ExhibitState.locked: "the file is encrypted: give its password to check it",
                    ExhibitState.outside: f"its file {r.path} lies outside the project's folder: not read "
                    "(--allow-outside reads it)",
                }[r.state]
                n = r.annotation_count
                kept = f"; its {n} annotation{'s' * (n != 1)} are kept, not checked" if n and not r.anchors else ""
                lines.append(f"{r.exhibit.label} ({r.path.name}): {what}{kept}")
            for annotation_id, state in r.anchors.items():
                if state is not AnchorState.exact:
                    now = r.places.get(annotation_id)
                    where = f" (now {r.exhibit.cite(*now)})" if now is not None else ""
                    lines.append(f"{r.exhibit.label}: annotation {annotation_id} {_ANCHOR_WORDS[state]}{where}")
            for annotation_id, what in r.to_check.items():
                lines.append(f"{r.exhibit.label}: annotation {annotation_id}: {what}")
        for fact, problems in self.facts:
            lines.append(f"fact {str(fact.id)[:8]} ({shortened(fact.text, 50)}): {'; '.join(problems)}")
        return lines


_ANCHOR_WORDS = {
    AnchorState.moved: "was found at another place in the exhibit",
    AnchorState.fuzzy: "was found only approximately (the text differs)",
    AnchorState.lost: "can no longer be found in the exhibit",
}


def _absent(project_path: Path, path: Path) -> ExhibitState | None:
    """``missing``, ``outside`` (not even hashed until the user agrees: opening it asks), or None: there to read."""
    if not path.exists():
        return ExhibitState.missing
    if not may_read(project_path, path):
        return ExhibitState.outside
    return None


def file_states(project_path: Path, exhibits: list[Exhibit]) -> dict[str, tuple[ExhibitState, str]]:
    """Exhibit id → whether its file is there, free to read and unchanged (``ok``, ``missing``, ``outside``,
    ``changed`` or ``unreadable`` with why), without opening the PDFs: the window's check of its exhibit list, run in
    a worker. Hashes are remembered by file size and time, so a project opened again costs a stat per file."""
    states: dict[str, tuple[ExhibitState, str]] = {}
    index = PageIndex()
    try:
        for exhibit in exhibits:
            path = exhibit_file(project_path, exhibit)
            if (absent := _absent(project_path, path)) is not None:
                states[exhibit.id] = (absent, "")
            else:
                try:
                    same = index.hash_of(path) == exhibit.sha256
                    states[exhibit.id] = (ExhibitState.ok if same else ExhibitState.changed, "")
                except OSError as e:
                    states[exhibit.id] = (ExhibitState.unreadable, e.strerror or str(e))
    finally:
        index.close()
    return states


def check_project(project: Project, project_path: Path, passwords: dict[str, str] | None = None) -> ProjectReport:
    """``passwords`` maps exhibit id to a password, for encrypted exhibits."""
    passwords = passwords or {}
    reports = []
    for exhibit in project.exhibits:
        path = exhibit_file(project_path, exhibit)
        report = ExhibitReport(exhibit, path, ExhibitState.ok, annotation_count=len(project.annotations_of(exhibit.id)))
        report.to_check = {
            str(a.id): a.reanchored.describe() for a in project.annotations_of(exhibit.id) if a.reanchored
        }
        reports.append(report)
        if (absent := _absent(project_path, path)) is not None:
            report.state = absent
            continue
        password = passwords.get(exhibit.id)
        try:
            doc = open_pdf(path, password)
        except PasswordRequired:
            report.state = ExhibitState.locked
            continue
        except UserError as e:
            report.state, report.detail = ExhibitState.unreadable, str(e)
            continue
        try:
            fp = fingerprint(path, doc)
            if fp.sha256 != exhibit.sha256:
                same_doc = fp.pdf_id is not None and fp.pdf_id == exhibit.pdf_id
                report.state = ExhibitState.revised if same_doc else ExhibitState.changed
            text = document_text(doc, project_path, exhibit)
            for a in project.annotations_of(exhibit.id):
                if a.kind != "text" or a.quote is None:
                    continue
                resolution = resolve(text, a.page, a.quote, a.position, a.extraction, a.end_page)
                report.anchors[str(a.id)] = resolution.state
                if resolution.passage is not None and resolution.state is not AnchorState.exact:
                    report.places[str(a.id)] = (resolution.passage.page, resolution.passage.end_page)
        finally:
            doc.close()
    # A fact without sources is still to verify, not wrong; one whose sources moved away from it is.
    unsupported = [
        (f, p) for f in project.facts if (p := [x for x in support(project, f).problems if x != "no source"])
    ]
    return ProjectReport(reports, unsupported)
