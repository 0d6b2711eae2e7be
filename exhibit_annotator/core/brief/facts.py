"""What the chronology and the statement of undisputed facts say, ready for a writer: each fact's date, statement,
record cites in the chosen cite style (page:line on transcripts), the quotes that support it, issues, people,
status, and what no longer supports it. Writers (``export.facts``) only lay this out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..model import Annotation, Fact, FactStatus, Project, date_words
from ..project.facts import chosen, support
from .brief import BriefOptions, Order, is_rtl, long_date
from .citations import cite


class FactsKind(StrEnum):
    chronology = "chronology"
    statement = "facts-statement"


CHRONOLOGY_HEADER = ["Date", "Fact", "Sources", "Issues", "People", "Status"]
CHRONOLOGY_WIDTHS = [1.0, 2.6, 1.4, 1.2, 1.0, 1.3]  # the status column as wide as "undisputed"


@dataclass(frozen=True)
class Support:
    annotation: Annotation
    quote: str  # the source passage as it is now (empty for an area)
    cite: str
    rtl: bool


@dataclass(frozen=True)
class FactRow:
    fact: Fact
    date: str  # as people read it: "2023-10-12", "about 2023-10", "undated"
    cites: list[str]
    sources: list[Support]
    issues: str
    people: str
    problems: list[str]  # a deleted or changed source: said, never silently kept as proof

    @property
    def record(self) -> str:
        """The record cites as a statement gives them: "Ex. 3 at 2; Ex. 1 at 45:12–20"."""
        return "; ".join(self.cites)

    def cells(self) -> list[str]:
        """The chronology's row."""
        sources = self.record or "no source"
        said = [p for p in self.problems if p != "no source"]
        if said:
            sources += " [" + "; ".join(said) + "]"
        text = ("★ " if self.fact.key_fact else "") + self.fact.text
        return [self.date, text, sources, self.issues, self.people, self.fact.status.words]


@dataclass(frozen=True)
class FactsDocument:
    kind: FactsKind
    title: str
    case_name: str
    court: str
    case_number: str
    prepared_by: str
    date: str
    rows: list[FactRow]
    groups: list[tuple[str, list[FactRow]]]  # the statement by issue: (heading, rows); one unnamed group by date


def build_facts(project: Project, kind: FactsKind, options: BriefOptions) -> FactsDocument:
    """The chronology (every fact, by date; ``options.categories`` narrows it to issues) or the statement (only the
    undisputed facts, by date, or grouped by issue with ``order`` category)."""
    statuses = {FactStatus.undisputed} if kind is FactsKind.statement else None
    facts = chosen(project, issues=options.categories, statuses=statuses)
    rows = [fact_row(project, f, options) for f in facts]
    groups: list[tuple[str, list[FactRow]]] = [("", rows)]
    if kind is FactsKind.statement and options.order is Order.category:
        groups = []
        for c in project.codebook:
            under = [r for r in rows if r.fact.issue_ids and r.fact.issue_ids[0] == c.id]
            if under:
                groups.append((c.name, under))
        rest = [r for r in rows if not r.fact.issue_ids]
        if rest:
            groups.append(("Other facts", rest))
    title = options.title
    if title == BriefOptions.title:  # the brief's default: name the document for what it is
        title = "Chronology" if kind is FactsKind.chronology else "Statement of Undisputed Material Facts"
    case = project.case
    return FactsDocument(
        kind, title, case.name, case.court, case.number, options.prepared_by, long_date(options.date or date.today()),
        rows, groups,
    )  # fmt: skip


def fact_row(project: Project, f: Fact, options: BriefOptions | None = None) -> FactRow:
    """A fact as every view and output shows it (the chronology's row, the Facts panel's): cites in the options'
    style (default: Ex. 3 at 2), issues and people as text, what no longer supports it."""
    options = options or BriefOptions()
    held = support(project, f)
    exhibits = {e.id: e for e in project.exhibits}
    sources = []
    for a in held.annotations:
        exhibit = exhibits.get(a.exhibit_id)
        if exhibit is None:
            where = project.cite_of(a)
        else:
            lines = exhibit.lines_of(a.rects)
            where = cite(exhibit, a.page, a.end_page, options.cite_style, options.physical_pages, lines)
        sources.append(Support(a, a.text, where, is_rtl(a.text)))
    return FactRow(
        f, date_words(f.date), list(dict.fromkeys(s.cite for s in sources)), sources,
        project.category_names(f.issue_ids) if f.issue_ids else "", ", ".join(f.people), held.problems,
    )  # fmt: skip
