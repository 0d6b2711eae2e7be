"""PDFs and projects made inside the tests, for more than one test module (core, command line and window)."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from exhibit_annotator import cli
from exhibit_annotator.core.paths import data_dir

from .conftest import EXHIBITS

SECRET = "The settlement figure was 4.2 million"


def page_with_secret(doc: pymupdf.Document, rotation: int = 0) -> pymupdf.Page:
    page = doc.new_page()
    page.insert_text((72, 100), "Public sentence stays readable.", fontsize=12)
    page.insert_text((72, 130), SECRET, fontsize=12)
    page.insert_text((72, 160), "Another public line.", fontsize=12)
    page.set_rotation(rotation)
    return page


def secret_box(page: pymupdf.Page) -> pymupdf.Rect:
    all_words = page.get_text("words")
    line = next(w[5:7] for w in all_words if w[4] == "settlement")
    words = [w for w in all_words if w[5:7] == line]
    return pymupdf.Rect(words[0][:4]) | pymupdf.Rect(words[-1][:4])


def redaction_samples(tmp_path: Path) -> dict[str, Path]:
    files = {}

    def save(name: str, doc: pymupdf.Document) -> None:
        files[name] = tmp_path / f"{name}.pdf"
        doc.save(files[name])

    doc = pymupdf.open()  # a black rectangle drawn over the text: the classic bad redaction
    page = page_with_secret(doc)
    page.draw_rect(secret_box(page) + (-1, -1, 1, 1), color=None, fill=(0, 0, 0))
    save("rectangle", doc)

    doc = pymupdf.open()  # a black highlight annotation over the text
    page = page_with_secret(doc)
    annot = page.add_highlight_annot(secret_box(page))
    annot.set_colors(stroke=(0, 0, 0))
    annot.update(opacity=1.0)
    save("highlight", doc)

    doc = pymupdf.open()  # done properly: the text removed, then the box
    page = page_with_secret(doc)
    page.add_redact_annot(secret_box(page), fill=(0, 0, 0))
    page.apply_redactions()
    save("proper", doc)

    doc = pymupdf.open()  # black boxes over nothing, and white text on a black bar (visible, on top)
    page = page_with_secret(doc)
    page.draw_rect(pymupdf.Rect(72, 300, 300, 330), color=None, fill=(0, 0, 0))
    page.draw_rect(pymupdf.Rect(72, 400, 300, 430), color=None, fill=(0, 0, 0))
    page.insert_text((80, 420), "Heading on a black bar", fontsize=12, color=(1, 1, 1))
    save("nothing", doc)

    doc = pymupdf.open()  # marked for redaction, never applied: the text is all still there
    page = page_with_secret(doc)
    page.add_redact_annot(secret_box(page), fill=(0, 0, 0))
    save("unapplied", doc)

    doc = pymupdf.open()  # the box on a rotated page
    page = page_with_secret(doc, rotation=90)
    page.draw_rect(secret_box(page) + (-1, -1, 1, 1), color=None, fill=(0.05, 0.05, 0.05))
    save("rotated", doc)
    return files


def received_project(tmp_path: Path) -> tuple[Path, Path]:
    """A colleague's project whose exhibit names a file outside its folder (``../…-private/private.pdf``), as it
    arrives here: the file was never chosen on this machine."""
    private = tmp_path.parent / f"{tmp_path.name}-private" / "private.pdf"
    private.parent.mkdir()
    private.write_bytes((EXHIBITS / "exhibit-en.pdf").read_bytes())
    theirs = tmp_path / "received" / "theirs.json"
    theirs.parent.mkdir()
    assert cli.main(["new", str(theirs)]) == 0
    assert cli.main(["add", str(theirs), str(private)]) == 0  # chosen here: agreed to (the next test undoes it)
    assert cli.main(["tag", str(theirs), "--exhibit", "Ex. 1", "--quote", "LibGen", "--category", "willfulness"]) == 0
    (data_dir() / "files-agreed-to.txt").unlink()  # as on the machine the file is sent to
    return theirs, private


def make_transcript(path: Path, first_page: int = 45, pages: int = 3, encoding: str = "cp1252") -> Path:
    """A court reporter's ASCII transcript: the page number right-aligned over 25 numbered lines (Q./A., colloquy,
    a blank line, a parenthetical), timestamps on the second page, form feeds, CRLF, and a word index at the end."""
    out = []
    for k in range(pages):
        number = first_page + k
        out.append(" " * 60 + str(number))
        for n in range(1, 26):
            text = {
                1: f"     Q.   Did you see the message on page {number}, line {n}?",
                2: f"     A.   Yes, I saw it’s there — line {n} of page {number}.",
                3: "          MR. SMITH:  Objection, form.",
                4: "",
                0: f"     (Exhibit {n} marked for identification.)",
            }[n % 5]
            stamp = f"10:{k:02d}:{n:02d} " if k == 1 else ""
            out.append(f"{n:>2}  {stamp}{text}".rstrip())
        out.append("\f")
    out += ["WORD INDEX", "", " able 45:3 46:7", " about 45:12"]
    path.write_bytes("\r\n".join(out).encode(encoding))
    return path
