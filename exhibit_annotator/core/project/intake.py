"""Files becoming exhibits: reading a PDF (title, pages without text, page labels, line numbers, running heads, its
page index), many at once in worker processes, placing it in the project under the next label, and finding a file
that moved."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import unicodedata
from collections.abc import Generator, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict, Unpack

import pymupdf
from pydantic import ValidationError

from ..errors import EditError, UserError
from ..model import (
    Exhibit,
    LineColumn,
    Project,
    RunningHead,
)
from ..pdf import page_index, transcripts
from ..pdf.confinement import agree, exhibit_file, inside, readable_file
from ..pdf.exhibits import (
    fingerprint,
    open_pdf,
    page_labels,
    pages_without_text,
    relative_path,
    sha256_of,
)
from ..pdf.line_numbers import columns
from ..pdf.text import running_heads
from .lookup import loose_label
from .store import describe_validation_error

_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def next_label(project: Project) -> str:
    """The next free label in the project's own scheme: after PX-5, PX-6 (the scheme of the last exhibit whose label
    ends in a number, numbered after the highest of that scheme); ``Ex. N`` for a project without one."""
    used = {loose_label(e.label) for e in project.exhibits}
    schemes = [m.groups() for e in project.exhibits if (m := _NUMBERED.match(e.label.strip()))]
    prefix = schemes[-1][0] if schemes else "Ex. "
    n = max((int(number) for p, number in schemes if p == prefix), default=0) + 1
    while loose_label(f"{prefix}{n}") in used:
        n += 1
    return f"{prefix}{n}"


_SCRIPTS = (("ar", ("ARABIC",)), ("ru", ("CYRILLIC",)), ("en", ("LATIN",)))


def guess_languages(text: str) -> list[str]:
    """Languages by script, most frequent first (Arabic → ar, Cyrillic → ru, Latin → en): a default, editable."""
    counts = dict.fromkeys([code for code, _ in _SCRIPTS], 0)
    for ch in text[:20000]:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            for code, prefixes in _SCRIPTS:
                if name.startswith(prefixes):
                    counts[code] += 1
                    break
    total = sum(counts.values())
    return [code for code, n in sorted(counts.items(), key=lambda kv: -kv[1]) if total and n >= 0.05 * total]


class ReadOptions(TypedDict, total=False):
    """What may be said of an exhibit when it is added (the password only opens the file; it is not kept)."""

    title: str | None
    password: str | None
    bates_prefix: str | None
    bates_start: int | None
    languages: list[str] | None


def add_exhibit(
    project: Project, project_path: Path, pdf_path: Path, *, label: str | None = None, **options: Unpack[ReadOptions]
) -> Exhibit:
    """Add ``pdf_path`` to the project: read it, then place it under ``label`` (default: the next free one)."""
    return place_exhibit(project, read_exhibit(project_path, pdf_path, **options), label)


PROVISIONAL_LABEL = "(new)"


def read_exhibit(
    project_path: Path,
    pdf_path: Path,
    *,
    title: str | None = None,
    password: str | None = None,
    bates_prefix: str | None = None,
    bates_start: int | None = None,
    languages: list[str] | None = None,
) -> Exhibit:
    """Open, fingerprint and read a PDF for a project at ``project_path``: the slow part of adding an exhibit (a
    worker's job in the app). Its label is given when it joins the project (``place_exhibit``). A court reporter's
    ASCII transcript is first written as a PDF beside the project (``transcripts``)."""
    pdf_path, source = _as_pdf(project_path, pdf_path)
    doc = open_pdf(pdf_path, password)
    try:
        read = _read_open(project_path, pdf_path, doc, None, title=title, bates_prefix=bates_prefix,
                          bates_start=bates_start, languages=languages)  # fmt: skip
    finally:
        doc.close()
    return read.model_copy(update=source) if source else read


def _as_pdf(project_path: Path, path: Path) -> tuple[Path, dict[str, Any]]:
    """The PDF to read for ``path``, and the source fields of an exhibit made from another file."""
    if not transcripts.is_transcript(path):
        return path, {}
    transcript = transcripts.read_transcript(path)
    out = transcripts.rendition_path(path, project_path.parent)
    transcripts.render_transcript(transcript, out, path.stem)
    return out, {"source_name": path.name, "source_sha256": transcript.sha256}


@dataclass(frozen=True)
class Layout:
    """What an exhibit's pages are laid out with, read from its file: its columns of line numbers and its running
    headers and footers."""

    line_numbers: list[LineColumn]
    running_heads: list[RunningHead]

    def summary(self, label: str) -> str:
        pages = len({c.page for c in self.line_numbers})
        lines = f"line numbers on {pages} page{'s' * (pages != 1)}" if pages else "no line numbers"
        heads = len(self.running_heads)
        return f"{label}: {lines}, {heads or 'no'} running header{'s' * (heads != 1)} or footer{'s' * (heads != 1)}"


def _layout(doc: pymupdf.Document, plains: list[str]) -> Layout:
    return Layout(columns(doc, plains), [RunningHead(text=text, y=y) for text, y in running_heads(doc)])


def read_layout(project_path: Path, exhibit: Exhibit, password: str | None = None) -> Layout:
    """Its file's layout read again: for an exhibit added before the app knew line numbers or running headers
    (``ReadLayout``; a worker's job in the app)."""
    doc = open_pdf(readable_file(project_path, exhibit), password)
    try:
        return _layout(doc, [doc[i].get_text("text") for i in range(doc.page_count)])
    finally:
        doc.close()


# Metadata titles that name a file or a template, not the document ("Microsoft Word - draft.docx", "10811.exe").
_JUNK_TITLE = re.compile(
    r"^(microsoft (word|excel|powerpoint) - |untitled|document\d*$|\d+$)|\.[a-z0-9]{2,5}$|^[^\w]*$", re.IGNORECASE
)


def _title(doc: pymupdf.Document, pdf_path: Path) -> str:
    """An exhibit's title: the PDF's own; where that is junk (``_JUNK_TITLE``), the first page's heading (its largest
    type, near the top); else, or where the PDF has none or names its file, the file's name without its extension
    (people name their files)."""
    meta = " ".join(((doc.metadata or {}).get("title") or "").split())
    if not meta or meta.casefold() in (pdf_path.name.casefold(), pdf_path.stem.casefold()):
        return pdf_path.stem
    if _JUNK_TITLE.search(meta):
        return _heading(doc) or pdf_path.stem
    return meta


def _heading(doc: pymupdf.Document) -> str:
    """The first page's heading: the line in the largest type (larger than the body's) among its first 15 lines."""
    if doc.page_count == 0:
        return ""
    lines = [
        (max(s["size"] for s in line["spans"]), "".join(s["text"] for s in line["spans"]).strip())
        for block in doc[0].get_text("dict")["blocks"] if block.get("type") == 0
        for line in block["lines"] if line["spans"]
    ][:40]  # fmt: skip
    lines = [(size, text) for size, text in lines if len(text) >= 4 and any(c.isalpha() for c in text)]
    if len(lines) < 2:
        return ""
    body = sorted(size for size, _ in lines)[len(lines) // 2]
    top = [(size, text) for size, text in lines[:15] if size >= body * 1.3 and len(text.split()) >= 3]
    return max(top, key=lambda st: st[0])[1][:200] if top else ""


def _read_open(
    project_path: Path, pdf_path: Path, doc: pymupdf.Document, plains: list[str] | None, *, title: str | None,
    bates_prefix: str | None, bates_start: int | None, languages: list[str] | None,
) -> Exhibit:  # fmt: skip
    """``read_exhibit`` on an open document; ``plains``: its pages' MuPDF plain text, when already read."""
    if plains is None:
        plains = [doc[i].get_text("text") for i in range(doc.page_count)]
    if not inside(project_path.parent, pdf_path):
        agree(pdf_path)  # the user chose this file: it may be read wherever it lies
    fp = fingerprint(pdf_path, doc)
    sample = "".join(doc[i].get_text("text") for i in range(min(doc.page_count, 3)))
    return _exhibit(
        pdf_path,
        label=PROVISIONAL_LABEL,
        title=title if title is not None else _title(doc, pdf_path),
        path=relative_path(pdf_path, project_path.parent),
        sha256=fp.sha256,
        pdf_id=fp.pdf_id,
        page_count=doc.page_count,
        pages_without_text=pages_without_text(plains),
        page_labels=page_labels(doc),
        **vars(_layout(doc, plains)),
        bates_prefix=bates_prefix,
        bates_start=bates_start,
        languages=languages if languages is not None else guess_languages(sample),
    )


def pdfs_in(paths: Iterable[Path]) -> list[Path]:
    """The PDFs named, and those in the folders named (and their subfolders), in name order within a folder."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted((f for f in path.rglob("*") if f.suffix.lower() == ".pdf" and f.is_file()), key=str)
            # (a folder's .txt files are not taken for transcripts: folders hold notes too; name a transcript)
        else:
            out.append(path)
    return out


def _read_and_index(project_path: Path, pdf: Path, password: str | None) -> Exhibit:
    """One file of a bulk add, in a worker process: read as an exhibit, and its pages kept in the page index
    (each page's text extracted once for both)."""
    pdf, source = _as_pdf(project_path, pdf)
    with open_pdf(pdf, password) as doc:
        plains = [doc[i].get_text("text") for i in range(doc.page_count)]
        sources = page_index.page_sources(doc, plains)
        exhibit = _read_open(project_path, pdf, doc, plains, title=None, bates_prefix=None, bates_start=None,
                             languages=None).model_copy(update=source)  # fmt: skip
    with contextlib.suppress(Exception):  # an index that cannot be written only means a slower first search
        page_index.store(pdf, exhibit.sha256, sources)
    return exhibit


def read_exhibits(
    project_path: Path, pdfs: list[Path], passwords: dict[Path, str] | None = None, workers: int | None = None
) -> Generator[tuple[Path, Exhibit | UserError], None, None]:
    """Read many PDFs at once, one process per core (hashing and looking at every page is the slow part), each
    also indexed for search; yields (pdf, exhibit or the problem) in the order given, as each is ready. Closing
    the iterator early cancels what has not started."""
    # "spawn": forking a process that has Qt loaded (the window's) is unsafe; it is every platform's way but Linux's.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1, mp_context=spawn) as pool:
        futures = [pool.submit(_read_and_index, project_path, pdf, (passwords or {}).get(pdf)) for pdf in pdfs]
        try:
            for pdf, future in zip(pdfs, futures, strict=True):
                try:
                    yield pdf, future.result()
                except UserError as e:
                    yield pdf, e
                except Exception as e:  # noqa: BLE001 (a crash on one file, a broken pool: said for that file)
                    yield pdf, UserError(f"{pdf.name}: cannot be read ({e})")
        finally:
            for future in futures:
                future.cancel()


def _exhibit(pdf_path: Path, **fields: Any) -> Exhibit:
    try:
        return Exhibit(**fields)
    except ValidationError as e:  # a negative Bates number, a title of 100,000 characters: given by the user
        raise EditError(f"{pdf_path.name}: {describe_validation_error(e)}") from None


def place_exhibit(project: Project, exhibit: Exhibit, label: str | None = None) -> Exhibit:
    """Add a read exhibit under ``label`` (default: the next free ``Ex. N``), allocated now, from the project as
    it is: exhibits read at the same time each get their own label, in the order they join."""
    name = exhibit.file_name
    for e in project.exhibits:
        if e.sha256 == exhibit.sha256:
            raise EditError(f"{name}: this file is already in the project as {e.label}")
    label = (label or "").strip() or next_label(project)
    if any(loose_label(e.label) == loose_label(label) for e in project.exhibits):
        raise EditError(f"{name}: the label {label!r} is already used by another exhibit")
    placed = exhibit.model_copy(update={"label": label})
    project.exhibits.append(placed)
    return placed


@dataclass(frozen=True)
class Moved:
    same_file: bool  # the chosen file is the one that was added (same SHA-256)
    paths: dict[str, str]  # exhibit id → path to store: the chosen file, and the others found beside it


def find_moved(project: Project, project_path: Path, exhibit_id: str, new_file: Path) -> Moved:
    """``new_file`` is where exhibit ``exhibit_id`` went: is it the same file, and which other missing exhibits
    are beside it (same file name, same SHA-256)? Hashes files: a worker's job in the app."""
    exhibit = project.exhibit(exhibit_id)
    agree(new_file)  # chosen by the user, and the files found beside it below
    paths = {exhibit_id: relative_path(new_file, project_path.parent)}
    for other in project.exhibits:
        if other.id == exhibit_id or exhibit_file(project_path, other).exists():
            continue
        candidate = new_file.parent / other.file_name
        if candidate.exists() and sha256_of(candidate) == other.sha256:
            paths[other.id] = relative_path(candidate, project_path.parent)
            agree(candidate)
    return Moved(sha256_of(new_file) == exhibit.sha256, paths)
