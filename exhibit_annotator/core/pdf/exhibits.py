"""Opening exhibit PDFs: every way a file can be wrong becomes one clear ``ExhibitError``; fingerprints.

The password of an encrypted exhibit is used to open it and never stored anywhere.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

import pymupdf

from ..errors import FileProblem

# PyMuPDF prints MuPDF's warnings to stdout by default, which would corrupt `list --json` output.
pymupdf.set_messages(pylogging=True)
pymupdf.TOOLS.mupdf_display_errors(False)
log = logging.getLogger(__name__)


class ExhibitError(FileProblem):
    """A file that cannot be used as an exhibit. ``str()`` names the file and the problem."""


class PasswordRequired(ExhibitError):
    """The PDF is encrypted and no (or a wrong) password was given."""


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    pdf_id: str | None  # first element of the trailer /ID, hex


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _trailer_id(doc: pymupdf.Document) -> str | None:
    try:
        kind, value = doc.xref_get_key(-1, "ID")
    except Exception:  # noqa: BLE001 - a damaged trailer simply has no usable id
        return None
    if kind != "array" or "<" not in value:
        return None
    return str(value.split("<", 1)[1].split(">", 1)[0].lower()) or None


def open_pdf(path: Path | str, password: str | None = None) -> pymupdf.Document:
    """Open ``path`` as a PDF with at least one page, or raise ``ExhibitError`` saying what is wrong."""
    path = Path(path)
    ExhibitError.size_of(path, "a PDF file")
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError as e:
        raise ExhibitError(path, f"cannot be read ({e.strerror or e})") from None
    if b"%PDF-" not in head:
        raise ExhibitError(path, f"is not a PDF file (it starts with {_describe(head)})")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as e:  # noqa: BLE001 - MuPDF raises several types for broken files
        raise ExhibitError(path, f"is a damaged PDF that cannot be opened ({_short(e)})") from None
    if doc.needs_pass:
        if password is None:
            doc.close()
            raise PasswordRequired(path, "is encrypted: a password is needed to open it")
        if not doc.authenticate(password):
            doc.close()
            raise PasswordRequired(path, "is encrypted and the password is wrong")
    if doc.page_count == 0:
        doc.close()
        raise ExhibitError(path, "is a damaged or incomplete PDF: no page could be read (truncated download?)")
    try:
        doc[0].rect  # noqa: B018 - touching the first page surfaces damage that opening hides
    except Exception as e:  # noqa: BLE001 - damage in the first page surfaces here
        doc.close()
        raise ExhibitError(path, f"is a damaged PDF: its first page cannot be read ({_short(e)})") from None
    if getattr(doc, "is_repaired", False):
        log.warning("%s was damaged and has been repaired in memory; check its pages", path.name)
    return doc


def fingerprint(path: Path, doc: pymupdf.Document) -> Fingerprint:
    return Fingerprint(sha256_of(path), _trailer_id(doc))


def pages_without_text(plains: Sequence[str]) -> list[int]:
    """Indexes of pages with no extractable text (scans), from each page's MuPDF plain text (no layout work)."""
    return [i for i, plain in enumerate(plains) if not plain.strip()]


def page_labels(doc: pymupdf.Document) -> list[str]:
    """The PDF's own page labels (``/PageLabels``: "i", "ii", "1", "A-1"), one per page; [] when it has none or
    they only repeat the page numbers (cites then use the numbers)."""
    if not doc.get_page_labels():
        return []
    labels = [str(doc[i].get_label()) for i in range(doc.page_count)]
    return labels if any(label != str(i + 1) for i, label in enumerate(labels)) else []


def relative_path(file: Path, project_dir: Path) -> str:
    """How an exhibit's path is stored: relative to the project folder with "/" separators, so moving the folder
    with its exhibits keeps working; absolute only when no relative path exists (another drive on Windows)."""
    file = file.resolve()
    try:
        return Path(os.path.relpath(file, project_dir.resolve())).as_posix()
    except ValueError:
        return file.as_posix()


_FOREIGN = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\|//)")  # C:\ or C:/, \\server\share, //server/share


def resolve_path(stored: str, project_dir: Path) -> Path:
    """Where a stored path points from ``project_dir``. Paths are stored relative with "/", but a project may come
    from an older copy or a hand edit on Windows: backslashes are separators, and an absolute Windows path (a drive
    letter, a share) on another system stands for the file of that name beside the project, where a colleague's
    exhibits travel with it (its SHA-256 then says whether it is the same file)."""
    if os.name != "nt":
        if _FOREIGN.match(stored):
            return project_dir / PureWindowsPath(stored).name
        stored = stored.replace("\\", "/")
    p = Path(stored)
    return p if p.is_absolute() else (project_dir / p)


def _describe(head: bytes) -> str:
    text = head[:16]
    if all(32 <= b < 127 or b in (9, 10, 13) for b in text):
        return repr(text.decode("ascii").strip()[:16] or "whitespace")
    return "binary data"


def _short(e: Exception) -> str:
    return str(e).strip().splitlines()[0][:120] if str(e).strip() else type(e).__name__
