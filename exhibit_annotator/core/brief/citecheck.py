"""Cite-checking a brief after people have edited it: every quotation followed by a pinpoint cite is checked
against the exhibit's text at the cited page(s).

A brief is read as paragraphs (a Word file's, or a PDF's text blocks). A cite is an exhibit label and ``at`` and
pages (``Ex. 3 at 2``, ``Ex. 3 at 2–3``, a page label ``Ex. 3 at iv``), in any of the brief's styles
(``citations``: ``Ex. 3, at 2``, ``ECF No. 45-3, at 2``, an exhibit's short name, a first cite with the title
between label and pages, ``Id.`` and ``Id. at 5`` for the exhibit cited just before), or a Bates number of an
exhibit that has them (``META-000123``). Its quotation is the last quoted stretch before it in the paragraph
(“…”, "…", «…», „…“), or, when the cite starts its paragraph, the paragraph before it: how this app's briefs set
a quote and its cite. Ellipses split a quotation into pieces that must all be there, in order; square brackets
(``[t]he``) are a lawyer's alterations and are read as their letters; letter case, line breaks and typographic
quotes do not matter (the same folding as search and tagging, ``normalize``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

import edlib

from ..errors import EditError, FileProblem, UserError
from ..model import Exhibit, Project
from ..normalize import collapse_whitespace, fold, quantity, reading_text
from ..pdf.anchoring import AnchorError, find_quote
from ..pdf.confinement import readable_file
from ..pdf.exhibits import ExhibitError, open_pdf
from ..pdf.ocr import document_text
from ..pdf.text import DocumentText, PageText, extract_page_text
from ..project.lookup import find_exhibit


class BriefError(FileProblem):
    """A brief that cannot be read."""


class Verdict(StrEnum):
    exact = "exact"  # the quotation is on the cited page(s), word for word
    differs = "differs"  # a similar text is there: the words that differ are listed
    wrong_page = "wrong page"  # it is in the exhibit, on other pages: the right cite is given
    not_found = "not found"  # neither on the cited pages nor elsewhere in the exhibit
    unknown_exhibit = "unknown exhibit"  # the label is not one of the project's exhibits
    no_such_page = "no such page"  # the exhibit has no page by that number or label
    unreadable = "unreadable"  # the exhibit's file is missing or cannot be opened


@dataclass(frozen=True)
class Citation:
    quote: str  # as the brief has it
    cite: str  # as written
    exhibit: str  # the label as written
    pages: tuple[str, str]  # first and last page as written (page numbers, labels, or Bates numbers)
    bates: bool
    where: str  # "paragraph 14"
    physical: bool = False  # pages by place, never by label (ECF cites)


@dataclass(frozen=True)
class Check:
    citation: Citation
    verdict: Verdict
    detail: str = ""
    right_cite: str = ""
    differences: list[tuple[str, str]] = field(default_factory=list)  # (as quoted, as the exhibit has it)

    @property
    def holds(self) -> bool:
        return self.verdict is Verdict.exact


# --- reading the brief ------------------------------------------------------------------------------------------
def read_brief(path: Path) -> list[str]:
    """The brief's paragraphs, in order: a Word document's (tables included), or a PDF's text blocks."""
    FileProblem.size_of(path, "a brief")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(str(path))
        except (PackageNotFoundError, ValueError, KeyError, OSError) as e:
            raise BriefError(path, f"is not a Word document that can be read ({e})") from None
        paragraphs = [p.text for p in document.paragraphs]
        for table in document.tables:
            paragraphs += [cell.text for row in table.rows for cell in row.cells]
        return paragraphs
    if suffix == ".pdf":
        try:
            doc = open_pdf(path)
        except ExhibitError as e:
            raise BriefError(path, e.problem) from None
        try:
            return [p for i in range(doc.page_count) for p in _paragraphs(extract_page_text(doc[i]))]
        finally:
            doc.close()
    raise BriefError(path, "is not a brief this can read: give a .docx or a .pdf")


def _paragraphs(page: PageText) -> list[str]:
    """A PDF page's paragraphs: its lines in logical order (Arabic read right, as ``text`` builds them for
    exhibits), a new paragraph where the gap above a line is more than half a line high, or where both its edges
    move (a block quotation is indented on both sides)."""
    out: list[list[str]] = []
    above: tuple[float, float, float, float] | None = None
    for line in page.lines:
        x0, y0, x1, y1 = line.bbox
        if (
            above is None or y0 - above[3] > 0.5 * (y1 - y0) or y1 < above[1]
            or (abs(x0 - above[0]) > 8 and abs(x1 - above[2]) > 8)
        ):  # fmt: skip
            out.append([])
        out[-1].append(page.text[line.start : line.end])
        above = line.bbox
    return ["\n".join(lines) for lines in out]


_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|«([^»]+)»|„([^“”]+)[“”]")
# A block quotation set in quotation marks, as English (“…”, "…"), Swedish and Finnish (”…”), German and Russian
# („…“, «…»), French (« … », spaces inside) and Arabic («…») typography set it; a full stop may follow the mark.
_WRAPPED = re.compile(r"\s*[“”\"„«»‘’‚‹›]\s*(?P<quote>.*?)\s*[“”\"«»‘’‹›]\s*(?P<end>[.,;:]?)\s*", re.DOTALL)
_ELLIPSIS = re.compile(r"\s*(?:\.\s?\.\s?\.|…)\s*")
_PAGE = r"[0-9]+|[ivxlcdmIVXLCDM]+|[A-Za-z]{0,3}-?[0-9]+"


def find_citations(paragraphs: Sequence[str], project: Project) -> list[Citation]:
    """Every quotation with a cite after it."""
    names = {e.label for e in project.exhibits} | {e.short_name for e in project.exhibits if e.short_name}
    names |= {f"ECF No. {e.docket}" for e in project.exhibits if e.docket}
    labels = sorted(names, key=len, reverse=True)
    # Any "X at N" that looks like a cite, so that an unknown exhibit is reported rather than passed over; a first
    # cite with short forms has the title (and the short name in quotes) between the label and "at".
    known = "|".join(re.escape(label) for label in labels)
    # A page range's end is not the start of a word ("Ex. 1 at 1 — Competitive motive": no page "C").
    # A transcript's page:line pin cite, "45:12–20" or "45:12–46:3", names pages 45 and 45, or 45 and 46.
    pages = rf"(?P<first>{_PAGE})(?P<line>:\d+)?(?:\s*[–—-]\s*(?P<last>{_PAGE})(?P<last_line>:\d+)?(?!\w))?"
    id_pages = pages
    for group in ("first", "line", "last", "last_line"):
        id_pages = id_pages.replace(f"?P<{group}>", f"?P<id_{group}>")
    label_cite = re.compile(
        rf"(?P<label>{known + '|' if known else ''}(?:Ex\.|Exh\.|Exhibit|PX|DX|ECF No\.)[ -]?[A-Za-z0-9.-]*[0-9A-Za-z])"
        rf"(?:,\s[^\n]{{0,200}}?)?,?\s+at\s+{pages}"
        rf"|\b(?P<id>Id\.)(?:,?\s+at\s+{id_pages})?"
    )
    prefixes = sorted({e.bates_prefix or "" for e in project.exhibits if e.bates_start is not None}, key=len)
    bates_cite = (
        re.compile(
            "(?P<first>(?:" + "|".join(re.escape(p) for p in prefixes if p) + r")\d{3,12})"
            r"(?:\s*[–—-]\s*(?P<last>(?:" + "|".join(re.escape(p) for p in prefixes if p) + r")\d{3,12}))?"
        )
        if any(prefixes)
        else None
    )
    found: list[Citation] = []
    previous = ""
    for n, paragraph in enumerate(paragraphs, start=1):
        # Lines are kept (a PDF's): a cite that starts a line after unquoted lines cites those lines.
        text = "\n".join(collapse_whitespace(line) for line in paragraph.split("\n"))
        matches = [(m, False) for m in label_cite.finditer(text)]
        if bates_cite is not None:
            matches += [(m, True) for m in bates_cite.finditer(text)]
        matches.sort(key=lambda item: item[0].start())
        start = 0
        for m, bates in matches:
            before = text[start : m.start()]
            quoted = [next(g for g in q.groups() if g) for q in _QUOTED.finditer(before)]
            lead = before.rstrip(" ([—–-")
            if quoted:
                quote = reading_text(quoted[-1])
            elif not lead.strip() and start == 0:
                quote = _unwrapped(previous)  # the cite opens its paragraph: the quote is the paragraph before
            elif lead.endswith("\n"):
                quote = _unwrapped(reading_text(lead))  # the cite opens a line: the lines before it (PDF briefs)
            else:
                continue
            if not quote.strip() or quote.startswith("[Area of page"):
                continue
            if not bates and m.group("id"):
                if not found:
                    continue  # an "Id." with nothing before it to stand for
                before_cite = found[-1]
                first = m.group("id_first")
                pages_cited = (first, _last_page(m, "id_")) if first else before_cite.pages
                found.append(replace(before_cite, quote=quote, cite=m.group(0), pages=pages_cited,
                                     where=f"paragraph {n}"))  # fmt: skip
                start = m.end()
                continue
            last = m.group("last") or m.group("first") if bates else _last_page(m, "")
            label = "" if bates else m.group("label")
            physical = label.startswith("ECF No. ")
            found.append(Citation(quote, m.group(0), label, (m.group("first"), last), bates, f"paragraph {n}",
                                  physical))  # fmt: skip
            start = m.end()
        if text.strip():
            previous = reading_text(text)
    return found


def _unwrapped(block: str) -> str:
    """A block quotation without the quotation marks around it (``_WRAPPED``); as it is when it has none."""
    m = _WRAPPED.fullmatch(block)
    if m is None or any(c in m.group("quote") for c in '“”«»„"'):
        return block  # not one quotation: two, or marks inside it
    return m.group("quote") + m.group("end")


def _last_page(m: re.Match[str], prefix: str) -> str:
    """The last page a cite names: after "45:12–20" (lines of one page) it is the first page."""
    last = m.group(f"{prefix}last")
    if not last or (m.group(f"{prefix}line") and not m.group(f"{prefix}last_line")):
        return str(m.group(f"{prefix}first"))
    return str(last)


# --- checking ---------------------------------------------------------------------------------------------------
def _page_index(exhibit: Exhibit, page: str, bates: bool, physical: bool = False) -> int | None:
    if bates:
        digits = re.search(r"(\d+)$", page)
        if exhibit.bates_start is None or digits is None or not page.startswith(exhibit.bates_prefix or ""):
            return None
        index = int(digits.group(1)) - exhibit.bates_start
        return index if 0 <= index < exhibit.page_count else None
    return exhibit.page_of(page, physical=physical)


def _pieces(quote: str) -> list[str]:
    """A quotation's pieces between ellipses, with a lawyer's bracketed alterations read as their letters."""
    plain = re.sub(r"\[([^\]]{0,3})\]", r"\1", quote)
    return [p.strip(" ,;:") for p in _ELLIPSIS.split(plain) if p.strip(" ,;:.")]


class _Exhibits:
    def __init__(self, project: Project, project_path: Path, passwords: dict[str, str]) -> None:
        self.project, self.project_path, self.passwords = project, project_path, passwords
        self._texts: dict[str, DocumentText | str] = {}

    def text(self, exhibit: Exhibit) -> DocumentText | str:
        """The exhibit's text, or why it cannot be read."""
        if exhibit.id not in self._texts:
            try:
                doc = open_pdf(readable_file(self.project_path, exhibit), self.passwords.get(exhibit.id))
            except UserError as e:
                self._texts[exhibit.id] = str(e)
            else:
                self._texts[exhibit.id] = document_text(doc, self.project_path, exhibit)
        return self._texts[exhibit.id]

    def close(self) -> None:
        for text in self._texts.values():
            if isinstance(text, DocumentText):
                text.doc.close()


def check_brief(
    path: Path, project: Project, project_path: Path, passwords: dict[str, str] | None = None
) -> list[Check]:
    citations = find_citations(read_brief(path), project)
    exhibits = _Exhibits(project, project_path, passwords or {})
    try:
        return [_check(c, project, exhibits) for c in citations]
    finally:
        exhibits.close()


def _exhibit_of(c: Citation, project: Project) -> Exhibit | None:
    if c.bates:
        return next((e for e in project.exhibits if _page_index(e, c.pages[0], True) is not None), None)
    for e in project.exhibits:
        if (e.docket and c.exhibit == f"ECF No. {e.docket}") or (e.short_name and c.exhibit == e.short_name):
            return e
    try:
        return find_exhibit(project, c.exhibit)  # the command line's rule: as written, then loosely
    except EditError:
        return None


def _check(c: Citation, project: Project, exhibits: _Exhibits) -> Check:
    exhibit = _exhibit_of(c, project)
    if exhibit is None:
        what = "no exhibit has that Bates number" if c.bates else f"the project has no exhibit {c.exhibit!r}"
        return Check(c, Verdict.unknown_exhibit, what)
    first, last = (_page_index(exhibit, p, c.bates, c.physical) for p in c.pages)
    if first is None or last is None or last < first:
        return Check(c, Verdict.no_such_page, f"{exhibit.label} has {quantity(exhibit.page_count, 'page')}")
    text = exhibits.text(exhibit)
    if isinstance(text, str):
        return Check(c, Verdict.unreadable, text)
    pieces = _pieces(c.quote)
    places: list[list[int]] = []
    for piece in pieces:
        try:
            places.append(find_quote(text, piece, ignore_case=True).occurrences)
        except AnchorError:
            places.append([])
    if pieces and all(any(first <= p <= last for p in found) for found in places):
        return Check(c, Verdict.exact)
    if pieces and all(places):
        pages = sorted({found[0] for found in places})
        right = exhibit.cite(pages[0], pages[-1])
        return Check(c, Verdict.wrong_page, f"the quotation is at {right}", right)
    differences = _differences(c.quote, text, range(first, last + 1))
    if differences:
        shown = "; ".join(f"“{a}” → “{b}”" for a, b in differences[:5])
        return Check(c, Verdict.differs, f"the exhibit says otherwise: {shown}", differences=differences)
    return Check(c, Verdict.not_found, f"not on {exhibit.cite(first, last)}, nor elsewhere in {exhibit.label}")


def _differences(quote: str, text: DocumentText, pages: range) -> list[tuple[str, str]]:
    """Word by word, how the quotation differs from the most similar stretch of the cited pages; [] when no
    stretch is similar enough (a third of its letters or more differ)."""
    joined = "\n".join(text.page(i).text for i in pages)
    folded = fold(joined, ignore_case=True)
    needle = fold(" ".join(_pieces(quote)), ignore_case=True).text
    if not needle or not folded.text:
        return []
    found = edlib.align(needle, folded.text, mode="HW", task="locations", k=max(1, len(needle) // 3))
    if found["editDistance"] < 0 or not found["locations"]:
        return []
    s, _ = found["locations"][0]
    start, _ = folded.span(s, s + 1)
    # From where the similar stretch starts, as many words as the quotation has (give or take two), the most alike:
    # the letters alone would stop before a changed last word ("мелочи" for "пустяки").
    ours = collapse_whitespace(" ".join(_pieces(quote))).split()
    following = joined[len(re.sub(r"\S+$", "", joined[:start])) :].split()  # from the start of its word
    folded_ours = [_word(w) for w in ours]

    def alike(n: int) -> tuple[int, int]:
        blocks = difflib.SequenceMatcher(None, folded_ours, [_word(w) for w in following[:n]]).get_matching_blocks()
        return sum(b.size for b in blocks), -abs(n - len(ours))  # most words in common, then the nearest length

    theirs = following[: max(range(max(1, len(ours) - 2), len(ours) + 3), key=alike)]
    out = []
    matcher = difflib.SequenceMatcher(None, folded_ours, [_word(w) for w in theirs])
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "equal":
            out.append((" ".join(map(_trim, ours[a0:a1])), " ".join(map(_trim, theirs[b0:b1]))))
    return out


def _trim(word: str) -> str:
    """A word without the punctuation around it ("GPT-4," is "GPT-4")."""
    return word.strip(".,;:!?()[]«»“”„\"'،؛")


def _word(word: str) -> str:
    """A word as compared: trimmed and folded."""
    return fold(_trim(word), ignore_case=True).text
