"""The page text of every exhibit read on this machine, kept in the data folder: the first search after a restart
is as fast as a repeated one.

Keyed by the file's SHA-256, so any project holding the same file uses it, and a changed file is simply another
key. Each page keeps the text search filters on: MuPDF's plain text (left-to-right pages) or our logical-order
text (right-to-left pages), nothing for a page without a text layer (a scan: its OCR text lives with the project).
The folded text (``normalize.fast_fold``, case folded) goes into an SQLite FTS5 table with the trigram tokenizer:
substring matches in any script, as search itself does, so a query finds its candidate pages among 50,000
without reading them; the search then checks and places each hit on those pages only (``core.pdf.search``).

SQLite (in the standard library, one file, safe for several processes) over a search engine such as tantivy: the
trigram tokenizer matches substrings the way our search does, which a word-based engine does not, and it adds no
dependency. Files are indexed as they are added, in worker processes (``intake.read_exhibits``), or when first searched.
"""

from __future__ import annotations

import os
import re
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import pymupdf

from ..normalize import fast_fold
from ..paths import data_dir
from .exhibits import sha256_of
from .line_numbers import might_be_numbered, numbering
from .text import DocumentText

# What is stored and how it is folded; a new version builds the index again.
VERSION = 6  # 4: line-numbered pages are read in our logical order, without their margin numbers; 5: nor headers;
# 6: turned lines read in their frame, gaps between runs read as spaces (text.REVISED)
TRIGRAM = 3  # the shortest text FTS5's trigram tokenizer can look up
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")

PLAIN, LOGICAL, NONE = "plain", "logical", "none"


def index_path() -> Path:
    return data_dir() / f"page-index-v{VERSION}.sqlite3"


def kind_of(plain: str) -> str:
    """How search reads a page, from MuPDF's plain text of it: as is (``PLAIN``); in our logical order
    (``LOGICAL``: right-to-left script, whose punctuation and Latin runs MuPDF's plain text moves); or from OCR
    (``NONE``: no text layer)."""
    return NONE if not plain.strip() else LOGICAL if _RTL.search(plain) else PLAIN


def plain_and_kind(page: pymupdf.Page, text: str | None = None) -> tuple[str, str]:
    """A page's MuPDF plain text and how search reads it (``kind_of``). A page with a column of line numbers (a
    transcript, pleading paper) is read in our logical order, which leaves the numbers out: in MuPDF's plain text
    they stand between the lines of a sentence, where a phrase that wraps a line would not be found."""
    text = page.get_text("text") if text is None else text
    kind = kind_of(text)
    if kind == PLAIN and might_be_numbered(text) and numbering(page) is not None:
        kind = LOGICAL
    return text, kind


def _text(stored: bytes) -> str:
    return zlib.decompress(stored).decode("utf-8")


def page_sources(doc: pymupdf.Document, plains: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(kind, text) of each page: what search filters on (see the module's docstring); ``plains``: the pages'
    MuPDF plain text, when the caller has it."""
    out: list[tuple[str, str]] = []
    logical: DocumentText | None = None
    for i in range(doc.page_count):
        text, kind = plain_and_kind(doc[i], None if plains is None else plains[i])
        if kind == LOGICAL:
            logical = logical or DocumentText(doc)
            text = logical.page(i).text
        out.append((kind, text if kind != NONE else ""))
    return out


class PageIndex:
    """The index file, opened by one thread of one process (SQLite serialises the writers of several)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or index_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if path is None:
            for older in range(1, VERSION):  # an index of an older version is built again, not kept beside
                for leftover in self.path.parent.glob(f"page-index-v{older}.sqlite3*"):
                    leftover.unlink(missing_ok=True)
        self._db = sqlite3.connect(self.path, timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
        # A cache: a commit need not wait for the disk (WAL stays consistent; a power cut loses the last files
        # indexed, which the next search reads again). Two fsyncs a file had made adding 500 files 3x slower.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(
            """
            CREATE TABLE IF NOT EXISTS files (sha256 TEXT PRIMARY KEY, pages INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS pages (
                id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, page INTEGER NOT NULL, kind TEXT NOT NULL,
                text BLOB NOT NULL);  -- zlib: page text compresses 3-4x
            CREATE INDEX IF NOT EXISTS pages_of ON pages (sha256, page);
            CREATE VIRTUAL TABLE IF NOT EXISTS folded
                USING fts5(text, content='', tokenize='trigram case_sensitive 1');
            CREATE TABLE IF NOT EXISTS seen (
                path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS checked (
                sha256 TEXT NOT NULL, rules INTEGER NOT NULL, pages INTEGER NOT NULL, findings TEXT NOT NULL,
                PRIMARY KEY (sha256, rules));  -- what the redaction check found in a file, by its rules' version
            """
        )

    def close(self) -> None:
        self._db.close()

    def hash_of(self, path: Path) -> str:
        """The file's SHA-256, hashed again only when its size or time changed since it was last hashed here
        (as git does): checking 500 exhibits at a search's start costs their stat calls, not reading them."""
        stat = path.stat()
        key = str(path.resolve())
        row = self._db.execute("SELECT size, mtime_ns, sha256 FROM seen WHERE path = ?", (key,)).fetchone()
        if row is not None and (row[0], row[1]) == (stat.st_size, stat.st_mtime_ns):
            return str(row[2])
        digest = sha256_of(path)
        self.remember(path, digest, stat)
        return digest

    def remember(self, path: Path, sha256: str, stat: os.stat_result | None = None) -> None:
        """The file at ``path`` was just hashed (by whoever read it): ``sha256``, for its present size and time."""
        stat = stat or path.stat()
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO seen (path, size, mtime_ns, sha256) VALUES (?, ?, ?, ?)",
                (str(path.resolve()), stat.st_size, stat.st_mtime_ns, sha256),
            )

    def kept_check(self, sha256: str, rules: int) -> tuple[int, str] | None:
        """(pages, findings as JSON) of a finished redaction check of this file under ``rules``, if one was kept."""
        row = self._db.execute(
            "SELECT pages, findings FROM checked WHERE sha256 = ? AND rules = ?", (sha256, rules)
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def keep_check(self, sha256: str, rules: int, pages: int, findings: str) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO checked (sha256, rules, pages, findings) VALUES (?, ?, ?, ?)",
                (sha256, rules, pages, findings),
            )

    def has(self, sha256: str) -> bool:
        return self._db.execute("SELECT 1 FROM files WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def add(self, sha256: str, sources: list[tuple[str, str]]) -> None:
        """Store one file's pages (replacing what was there), in one transaction."""
        with self._db:
            self._forget(sha256)
            for page, (kind, text) in enumerate(sources):
                cursor = self._db.execute(
                    "INSERT INTO pages (sha256, page, kind, text) VALUES (?, ?, ?, ?)",
                    (sha256, page, kind, zlib.compress(text.encode("utf-8"), 1)),
                )
                self._db.execute(
                    "INSERT INTO folded (rowid, text) VALUES (?, ?)", (cursor.lastrowid, fast_fold(text, True))
                )
            self._db.execute("INSERT INTO files (sha256, pages) VALUES (?, ?)", (sha256, len(sources)))

    def _forget(self, sha256: str) -> None:
        # The folded text is indexed, not kept (a contentless table: a third of the size): a row is taken out
        # by giving its text again.
        rows = self._db.execute("SELECT id, text FROM pages WHERE sha256 = ?", (sha256,)).fetchall()
        self._db.executemany(
            "INSERT INTO folded (folded, rowid, text) VALUES ('delete', ?, ?)",
            [(i, fast_fold(_text(text), True)) for i, text in rows],
        )
        self._db.execute("DELETE FROM pages WHERE sha256 = ?", (sha256,))
        self._db.execute("DELETE FROM files WHERE sha256 = ?", (sha256,))

    def sources(self, sha256: str) -> list[tuple[str, str]] | None:
        """(kind, text) of each page of an indexed file, or None."""
        if not self.has(sha256):
            return None
        rows = self._db.execute("SELECT kind, text FROM pages WHERE sha256 = ? ORDER BY page", (sha256,))
        return [(kind, _text(text)) for kind, text in rows]

    def pages_with(self, sha256s: Iterable[str], folded: str) -> dict[str, set[int]]:
        """The pages (of these files) whose folded text contains ``folded``, which must be case folded and at least
        ``TRIGRAM`` characters long."""
        wanted = list(sha256s)
        out: dict[str, set[int]] = {s: set() for s in wanted}
        if not wanted:
            return out
        phrase = '"' + folded.replace('"', '""') + '"'
        marks = ",".join("?" * len(wanted))
        rows = self._db.execute(
            f"SELECT p.sha256, p.page FROM folded JOIN pages p ON p.id = folded.rowid "
            f"WHERE folded MATCH ? AND p.sha256 IN ({marks})",
            (phrase, *wanted),
        )
        for sha256, page in rows:
            out[sha256].add(page)
        return out


def store(path: Path, sha256: str, sources: list[tuple[str, str]]) -> None:
    """Keep one file's pages (read by ``page_sources``) under its hash (a worker process's job, ``edits``)."""
    index = PageIndex()
    try:
        index.remember(path, sha256)
        if not index.has(sha256):
            index.add(sha256, sources)
    finally:
        index.close()
