"""The page text of every exhibit read on this machine, kept in the data folder: the first search after a restart
is as fast as a repeated one.

Keyed by the file's SHA-256, so any project holding the same file uses it, and a changed file is simply another
key. Each page keeps the text search filters on: MuPDF's plain text (left-to-right pages) or our logical-order
text (right-to-left pages), nothing for a page without a text layer (a scan: its OCR text lives with the project).
The folded text (``normalize.fast_fold``, case folded) goes into an SQLite FTS5 table with the trigram tokenizer:
substring matches in any script, as search itself does, so a query finds its candidate pages among 50,000
without reading them; the search then checks and places each hit on those pages only (``core.search``).

SQLite (in the standard library, one file, safe for several processes) over a search engine such as tantivy: the
trigram tokenizer matches substrings the way our search does, which a word-based engine does not, and it adds no
dependency. ``build`` runs in worker processes, one file each (``index_files``).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pymupdf

from .exhibits import open_pdf
from .normalize import fast_fold
from .paths import data_dir
from .text import DocumentText

# What is stored and how it is folded; a new version builds the index again.
VERSION = 1
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


def page_sources(doc: pymupdf.Document) -> list[tuple[str, str]]:
    """(kind, text) of each page: what search filters on (see the module's docstring)."""
    out: list[tuple[str, str]] = []
    logical: DocumentText | None = None
    for i in range(doc.page_count):
        text = doc[i].get_text("text")
        kind = kind_of(text)
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
        self._db = sqlite3.connect(self.path, timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
        self._db.executescript(
            """
            CREATE TABLE IF NOT EXISTS files (sha256 TEXT PRIMARY KEY, pages INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS pages (
                id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, page INTEGER NOT NULL, kind TEXT NOT NULL,
                text TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS pages_of ON pages (sha256, page);
            CREATE VIRTUAL TABLE IF NOT EXISTS folded USING fts5(text, tokenize='trigram case_sensitive 1');
            """
        )

    def close(self) -> None:
        self._db.close()

    def has(self, sha256: str) -> bool:
        return self._db.execute("SELECT 1 FROM files WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def add(self, sha256: str, sources: list[tuple[str, str]]) -> None:
        """Store one file's pages (replacing what was there), in one transaction."""
        with self._db:
            self._forget(sha256)
            for page, (kind, text) in enumerate(sources):
                cursor = self._db.execute(
                    "INSERT INTO pages (sha256, page, kind, text) VALUES (?, ?, ?, ?)", (sha256, page, kind, text)
                )
                self._db.execute(
                    "INSERT INTO folded (rowid, text) VALUES (?, ?)", (cursor.lastrowid, fast_fold(text, True))
                )
            self._db.execute("INSERT INTO files (sha256, pages) VALUES (?, ?)", (sha256, len(sources)))

    def _forget(self, sha256: str) -> None:
        ids = [r[0] for r in self._db.execute("SELECT id FROM pages WHERE sha256 = ?", (sha256,))]
        self._db.executemany("DELETE FROM folded WHERE rowid = ?", [(i,) for i in ids])
        self._db.execute("DELETE FROM pages WHERE sha256 = ?", (sha256,))
        self._db.execute("DELETE FROM files WHERE sha256 = ?", (sha256,))

    def sources(self, sha256: str) -> list[tuple[str, str]] | None:
        """(kind, text) of each page of an indexed file, or None."""
        if not self.has(sha256):
            return None
        rows = self._db.execute("SELECT kind, text FROM pages WHERE sha256 = ? ORDER BY page", (sha256,))
        return [(kind, text) for kind, text in rows]

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


def build(path: str, sha256: str, password: str | None = None, index_file: str | None = None) -> tuple[str, int]:
    """Index one file (a worker process's job): its pages' text, stored under ``sha256``; returns (sha256, pages).
    A file already indexed is not read again."""
    index = PageIndex(Path(index_file) if index_file else None)
    try:
        if index.has(sha256):
            return sha256, -1
        with open_pdf(Path(path), password) as doc:
            sources = page_sources(doc)
        index.add(sha256, sources)
        return sha256, len(sources)
    finally:
        index.close()


def index_files(files: list[tuple[Path, str]], workers: int | None = None) -> Iterator[tuple[str, int]]:
    """Index several files in parallel, one process per core; yields (sha256, pages) as each is done."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(build, str(path), sha, None, str(index_path())) for path, sha in files]
        for future in futures:
            with contextlib.suppress(Exception):  # a file that cannot be read is searched the slow way, as before
                yield future.result()
