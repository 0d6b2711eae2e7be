"""Court reporters' ASCII transcripts: read into pages of numbered lines, written as a PDF the app cites by page and
line; what is not an ASCII transcript is refused with one line."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from exhibit_annotator.core.pdf.line_numbers import columns
from exhibit_annotator.core.pdf.transcripts import TranscriptError, read_transcript, render_transcript

from ..makers import make_transcript


def test_a_windows_1252_transcript_is_read_into_its_pages_and_numbered_lines(tmp_path: Path) -> None:
    t = read_transcript(make_transcript(tmp_path / "depo.txt"))
    assert t.encoding == "windows-1252" and [(p.number, len(p.lines)) for p in t.pages] == [
        (45, 25),
        (46, 25),
        (47, 25),
    ]
    assert t.line(46, 2) == "     A.   Yes, I saw it’s there — line 2 of page 46."
    assert t.pages[1].lines[0][1] == "10:01:01" and t.line(46, 1).startswith("     Q.   Did you")
    assert t.line(47, 4) == "" and all("able 45:3" not in text for p in t.pages for _, _, text in p.lines)


def test_the_rendition_is_cited_by_the_transcripts_pages_and_lines(tmp_path: Path) -> None:
    t = read_transcript(make_transcript(tmp_path / "depo.txt", encoding="utf-8"))
    out = tmp_path / "depo.transcript.pdf"
    render_transcript(t, out, "Smith Dep.")
    with pymupdf.open(out) as doc:
        assert [doc[i].get_label() for i in range(doc.page_count)] == ["45", "46", "47"]
        assert t.sha256 in doc.metadata["subject"]  # type: ignore[index]
        found = columns(doc, [doc[i].get_text() for i in range(doc.page_count)])
        assert [(c.page, c.first, c.count) for c in found] == [(0, 1, 25), (1, 1, 25), (2, 1, 25)]
        assert "10:01:01" not in doc[1].get_text() and "Yes, I saw it’s there — line 2 of page 46." in doc[1].get_text()


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("depo.ptx", b"\x00PTX", "ask the reporter for the ASCII"),
        ("depo.txt", b"\x00\x01binary", "is not a text file"),
        ("notes.txt", b"Just some notes\nwith no numbered lines\n", "no numbered lines"),
    ],
)
def test_what_is_not_an_ascii_transcript_is_refused_in_one_line(
    tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(TranscriptError, match=said) as caught:
        read_transcript(path)
    assert name in str(caught.value) and "\n" not in str(caught.value)
