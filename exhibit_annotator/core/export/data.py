"""Annotations as data for other tools: CSV (Excel-friendly) and W3C Web Annotation JSON-LD."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from ..brief.brief import BriefOptions, clean, selected_annotations
from ..brief.citations import cite
from ..model import Project

CSV_COLUMNS = [
    "exhibit", "exhibit_title", "page", "end_page", "cite", "categories", "quote", "note", "author", "review",
    "key_passage", "kind", "created", "modified", "id", "file",
]  # fmt: skip


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(…)`` in a note, a quote a hostile PDF
    controls) gets a leading apostrophe, as OWASP recommends for CSV injection; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(project: Project, path: Path, options: BriefOptions | None = None) -> None:
    """One row per annotation; UTF-8 with BOM so Excel reads Cyrillic and Arabic. Pages are 1-based."""
    options = options or BriefOptions()
    names = {c.id: c.name for c in project.codebook}
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(CSV_COLUMNS)
        for a in selected_annotations(project, options):
            e = project.exhibit(a.exhibit_id)
            row = [
                e.label,
                e.title,
                a.page + 1,
                a.last_page + 1,
                cite(e, a.page, a.last_page, options.cite_style, options.physical_pages, e.lines_of(a.rects)),
            ]
            row += ["; ".join(names[c] for c in a.category_ids), clean(a.text), clean(a.note), clean(a.author)]
            row += [a.review.value, "yes" if a.key_passage else "", a.kind, a.created.isoformat()]
            row += [a.modified.isoformat(), str(a.id), e.file_name]
            writer.writerow([spreadsheet_safe(v) for v in row])


def web_annotations(project: Project, options: BriefOptions | None = None) -> dict[str, Any]:
    """An AnnotationCollection (https://www.w3.org/TR/annotation-model/). Exhibits are named by their hash."""
    options = options or BriefOptions()
    names = {c.id: c.name for c in project.codebook}
    items = []
    for a in selected_annotations(project, options):
        e = project.exhibit(a.exhibit_id)
        selectors: list[dict[str, Any]] = [
            {
                "type": "FragmentSelector",
                "conformsTo": "http://tools.ietf.org/rfc/rfc3778",
                "value": f"page={a.page + 1}",
            }
        ]
        if a.quote is not None:
            selectors.append(
                {
                    "type": "TextQuoteSelector",
                    "exact": a.quote.exact,
                    "prefix": a.quote.prefix,
                    "suffix": a.quote.suffix,
                }
            )
        if a.position is not None:
            selectors.append({"type": "TextPositionSelector", "start": a.position.start, "end": a.position.end})
        body: list[dict[str, Any]] = [
            {"type": "TextualBody", "purpose": "tagging", "value": names[c]} for c in a.category_ids if c in names
        ]
        if a.note:
            body.append({"type": "TextualBody", "purpose": "commenting", "value": a.note, "format": "text/plain"})
        items.append(
            {
                "id": f"urn:uuid:{a.id}",
                "type": "Annotation",
                "motivation": "highlighting" if a.kind == "text" else "tagging",
                "creator": {"type": "Person", "name": a.author} if a.author else None,
                "created": a.created.isoformat().replace("+00:00", "Z"),
                "modified": a.modified.isoformat().replace("+00:00", "Z"),
                "body": body,
                "target": {
                    "source": f"urn:sha256:{e.sha256}",
                    "label": e.label,
                    "selector": selectors,
                },
            }
        )
        if items[-1]["creator"] is None:
            del items[-1]["creator"]
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "label": project.case.name,
        "total": len(items),
        "items": items,
    }


def write_web_annotations(project: Project, path: Path, options: BriefOptions | None = None) -> None:
    path.write_text(
        json.dumps(web_annotations(project, options), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
