"""Court reporters' ASCII transcripts (``.txt``) as exhibits: read into pages of numbered lines, and written as a
faithful PDF rendition (monospace, the transcript's own page numbers and line numbers) that the rest of the app reads
as it reads any line-numbered PDF: ``line_numbers`` finds the columns, and the PDF's page labels are the
transcript's page numbers, so cites are the transcript's page:line (``45:12–20``).

What a reporter's ASCII file looks like (the common export of CaseCATalyst, Eclipse and others): pages separated by
form feeds, or by a line holding only the page number; on each page, lines numbered 1 to 25 (sometimes 26-28), the
number first; optionally a timestamp after the number (``10:02:13``), kept apart from the text (the rendition leaves
it out, so that quotes never carry it; ``Transcript`` keeps it for clip lists); a word index
(concordance) at the end, which is not testimony and is left out. UTF-8, else Windows-1252 (what Windows tools
write). Encrypted or proprietary formats (``.ptx``, ``.pdf`` e-transcripts, ``.mdb``) are refused with one line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from ..errors import FileProblem
from ..files import atomic_write

SUFFIXES = (".txt", ".asc", ".ascii")
PROPRIETARY = (".ptx", ".ptf", ".rtf", ".mdb", ".sbf", ".cms")
_NUMBERED = re.compile(r"^\s{0,8}(\d{1,2})(?:\s+(\d{1,2}:\d{2}:\d{2}))?(?:\s(.*))?$")
# A page's number: "Page 12", or a number alone set far from the left margin (a line number is at the margin).
_PAGE_NUMBER = re.compile(r"^(?:\s*Page\s+|\s{9,})(\d{1,5})\s*$", re.IGNORECASE)
_INDEX = re.compile(r"^\s*(?:\d{1,2}\s+)?(?:WORD\s+INDEX|INDEX\s+OF\s+WORDS|CONCORDANCE|\[?\s*INDEX\s*\]?)\s*$", re.I)
PAGE = pymupdf.paper_rect("letter")
FONT = "fimo"  # Fira Mono (pymupdf-fonts): monospace, Latin and Cyrillic
SIZE = 11.0
NUMBERS_X = 66.0  # right edge of the line numbers
TEXT_X = 86.0
TOP = 108.0
SPACING = 24.0


class TranscriptError(FileProblem):
    """A transcript file that cannot be read as an ASCII transcript."""


@dataclass
class TranscriptPage:
    number: int  # as the reporter numbered it
    lines: list[tuple[int, str, str]] = field(default_factory=list)  # (line number, timestamp or "", text)


@dataclass
class Transcript:
    pages: list[TranscriptPage]
    sha256: str
    encoding: str

    def line(self, page: int, line: int) -> str:
        """The text of a numbered line (page as the reporter numbered it); "" where there is none."""
        for p in self.pages:
            if p.number == page:
                return next((text for n, _, text in p.lines if n == line), "")
        return ""


def is_transcript(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES or path.suffix.lower() in PROPRIETARY


def read_transcript(path: Path) -> Transcript:
    suffix = path.suffix.lower()
    if suffix in PROPRIETARY:
        raise TranscriptError(path, "is in a court reporter's own (often encrypted) format: ask the reporter for the "
                                    "ASCII (.txt) transcript")  # fmt: skip
    TranscriptError.size_of(path, "a transcript")
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise TranscriptError(path, "is not a text file: ask the reporter for the ASCII (.txt) transcript")
    try:
        text, encoding = raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = raw.decode("cp1252", errors="replace"), "windows-1252"
    pages = _pages(text)
    if not pages or sum(len(p.lines) for p in pages) < 5:
        raise TranscriptError(path, "has no numbered lines: it is not a court reporter's ASCII transcript")
    return Transcript(pages, hashlib.sha256(raw).hexdigest(), encoding)


def _pages(text: str) -> list[TranscriptPage]:
    pages: list[TranscriptPage] = []
    current: TranscriptPage | None = None
    last_line = 0
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if "\f" in raw_line:  # a form feed starts a page (text after it belongs to the new page)
            raw_line = raw_line.split("\f")[-1]
            current, last_line = None, 0
        line = raw_line.rstrip()
        if _INDEX.match(line):
            break  # the word index: not testimony
        page_number = _PAGE_NUMBER.match(line)
        if page_number:
            if current is None or current.lines:
                current = TranscriptPage(int(page_number.group(1)))
                pages.append(current)
            else:
                current.number = int(page_number.group(1))
            last_line = 0
            continue
        numbered = _NUMBERED.match(line)
        if numbered and 1 <= int(numbered.group(1)) <= 40:
            n = int(numbered.group(1))
            if current is None or n <= last_line:
                current = TranscriptPage(pages[-1].number + 1 if pages else 1)
                pages.append(current)
            current.lines.append((n, numbered.group(2) or "", (numbered.group(3) or "").rstrip()))
            last_line = n
    return [p for p in pages if p.lines]


def render_transcript(transcript: Transcript, out: Path, title: str) -> None:
    """The transcript as a PDF: one page per transcript page, its number at the top right, its numbered lines in a
    monospace face; page labels are the transcript's page numbers; the source's SHA-256 in the metadata."""
    doc = pymupdf.open()
    font = pymupdf.Font(FONT)
    try:
        for page in transcript.pages:
            p = doc.new_page(width=PAGE.width, height=PAGE.height)
            p.insert_font(fontname="mono", fontbuffer=font.buffer)
            label = str(page.number)
            p.insert_text((PAGE.width - 72 - font.text_length(label, SIZE), 72), label, fontname="mono", fontsize=SIZE)
            for n, _, text in page.lines:
                y = TOP + (n - 1) * SPACING
                number = str(n)
                p.insert_text((NUMBERS_X - font.text_length(number, SIZE), y), number, fontname="mono", fontsize=SIZE)
                if text.strip():  # timestamps are left out: a quote of the testimony never carries them
                    p.insert_text((TEXT_X, y), text.expandtabs(8), fontname="mono", fontsize=SIZE)
        numbers = [p.number for p in transcript.pages]
        if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            doc.set_page_labels([{"startpage": 0, "prefix": "", "style": "D", "firstpagenum": numbers[0]}])
        doc.set_metadata({"title": title, "creator": "Exhibit Annotator",
                          "subject": f"ASCII transcript, SHA-256 {transcript.sha256}"})  # fmt: skip
        # Not subset: MuPDF's subsetter rejects Fira Mono's CFF outlines ("Reserved charstring byte").
        atomic_write(out, doc.tobytes(garbage=3, deflate=True), backup=False)
    finally:
        doc.close()


def rendition_path(txt: Path, folder: Path) -> Path:
    """Where a transcript's PDF goes: beside the project, named for the transcript (a different transcript of the
    same name gets a number)."""
    out = folder / f"{txt.stem}.transcript.pdf"
    n = 2
    while out.exists() and _source_of(out) not in (None, hashlib.sha256(txt.read_bytes()).hexdigest()):
        out, n = folder / f"{txt.stem} ({n}).transcript.pdf", n + 1
    return out


def _source_of(pdf: Path) -> str | None:
    try:
        with pymupdf.open(pdf) as doc:
            subject = doc.metadata.get("subject", "") if doc.metadata else ""
    except Exception:  # noqa: BLE001 - a file of that name that is not ours: not the same transcript
        return "?"
    m = re.search(r"SHA-256 ([0-9a-f]{64})", subject or "")
    return m.group(1) if m else "?"
