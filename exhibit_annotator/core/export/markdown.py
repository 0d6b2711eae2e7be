"""The brief as Markdown, for pasting into other tools. User text is escaped: it never becomes markup."""

from __future__ import annotations

import re
from pathlib import Path

from ..brief.brief import Brief, long_date

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~=])")


def escape(text: str) -> str:
    """Backslash-escape Markdown punctuation so ``**``, ``<script>``, ``[x](y)`` or a ``===`` underline stay
    literal text. For text on one line: ``inline`` and ``block`` take care of line breaks."""
    return _SPECIAL.sub(r"\\\1", text)


def inline(text: str) -> str:
    """Text that must stay on its line (a heading, a cite, a table cell): line breaks become spaces, or a
    category name with a newline would split its heading."""
    return escape(" ".join(text.split()))


def block(text: str, prefix: str = "") -> list[str]:
    """Text of several lines as it was written: each line escaped, without the indentation that would make it a
    code block, kept apart by hard line breaks (``prefix``: "> " inside a quote)."""
    lines = [escape(line.strip()) for line in text.split("\n")]
    return [f"{prefix}{line}  " if i < len(lines) - 1 else f"{prefix}{line}" for i, line in enumerate(lines)]


_cell = inline


def brief_markdown(brief: Brief) -> str:
    out = [f"# {inline(brief.title)}", ""]
    caption = [brief.case_name, brief.court, f"Case No. {brief.case_number}" if brief.case_number else ""]
    out += [f"**{inline(line)}**  " if i == 0 else f"{inline(line)}  " for i, line in enumerate(caption) if line]
    out.append(
        escape(long_date(brief.date)) + (f"  \nPrepared by {inline(brief.prepared_by)}" if brief.prepared_by else "")
    )
    out += ["", "## Index of Exhibits", "", "| Exhibit | Title | Pages | Bates range | File |", "|---|---|---|---|---|"]
    for r in brief.exhibits:
        file = r.file_name + (f" ({r.problem})" if r.problem else "")
        cells = [r.exhibit.label, r.exhibit.title, str(r.exhibit.page_count), r.bates, file]
        out.append("| " + " | ".join(map(_cell, cells)) + " |")
    for s in brief.sections:
        out += ["", f"{'#' * min(s.level + 1, 6)} {inline(s.heading)}", ""]
        if s.description:
            out += [f"*{inline(s.description)}*", ""]
        for e in s.entries:
            if e.quote:
                out += block(e.quote, "> ")
            elif e.annotation.kind == "area":
                out.append(f"> \\[Area of page {e.annotation.page + 1}\\]")
            cite = "*Id.*" + (f" {inline(e.cite[3:])}" if e.cite[3:].strip() else "") if e.id_cite else inline(e.cite)
            if e.caveat:
                cite += f" ({inline(e.caveat)})"
            if brief.options.order.value == "exhibit" and e.categories:
                cite += f" — {inline(', '.join(e.categories))}"
            if e.key:
                cite += " **★ Key passage**"
            out += ["", f"— {cite}"]
            if e.note:
                first, *rest = block(e.note)
                out += ["", f"*Note:* {first}", *rest]
            if e.review:
                out += ["", f"*Review:* {inline(e.review)}"]
            if e.author:
                out += ["", f"*Tagged by:* {inline(e.author)}"]
            out.append("")
    out += ["", "## Summary", "", "| Category | " + " | ".join(map(_cell, brief.summary_exhibits)) + " | Total |"]
    out.append("|---|" + "---|" * (len(brief.summary_exhibits) + 1))
    for name, counts in zip(brief.summary_categories, brief.summary_counts, strict=True):
        out.append(f"| {_cell(name)} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
    return "\n".join(out) + "\n"


def write_markdown(brief: Brief, path: Path) -> None:
    path.write_text(brief_markdown(brief), encoding="utf-8", newline="\n")
