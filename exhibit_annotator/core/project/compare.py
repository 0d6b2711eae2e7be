"""Comparing two people's tagging of the same exhibits: what one has that the other lacks, and how far they agree.

Agreement is measured per category over the text lines of the exhibits both projects share (matched by file
hash): a line counts as tagged by a person when one of their annotations of that category covers it (its
highlight rectangles overlap the line), which treats text and area annotations alike. For each category: lines
tagged by each, by both, their overlap (Jaccard: both / either) and Cohen's kappa, which discounts the agreement
expected by chance (1 = perfect, 0 = chance, below 0 = worse than chance).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Annotation, Fact, Project
from ..pdf.confinement import readable_file
from ..pdf.exhibits import open_pdf
from ..pdf.glyphs import Box
from ..pdf.ocr import document_text


@dataclass(frozen=True)
class Agreement:
    category: str  # name
    lines: int  # lines compared (all lines of the shared exhibits)
    tagged_a: int
    tagged_b: int
    both: int

    @property
    def overlap(self) -> float | None:
        either = self.tagged_a + self.tagged_b - self.both
        return self.both / either if either else None

    @property
    def kappa(self) -> float | None:
        n = self.lines
        if not n or not (self.tagged_a or self.tagged_b):
            return None  # neither used the category here: nothing to agree on
        agree = (n - self.tagged_a - self.tagged_b + 2 * self.both) / n
        pa, pb = self.tagged_a / n, self.tagged_b / n
        chance = pa * pb + (1 - pa) * (1 - pb)
        return 1.0 if chance == 1 else (agree - chance) / (1 - chance)


@dataclass
class Comparison:
    shared_exhibits: list[str] = field(default_factory=list)  # labels in A
    only_in_a: list[Annotation] = field(default_factory=list)  # no annotation of B on the same lines, same category
    only_in_b: list[Annotation] = field(default_factory=list)
    agreement: list[Agreement] = field(default_factory=list)
    # Facts by id (a colleague's come by merge, keeping theirs): one side's only, and those the two state otherwise.
    facts_only_in_a: list[Fact] = field(default_factory=list)
    facts_only_in_b: list[Fact] = field(default_factory=list)
    facts_differ: list[tuple[Fact, Fact]] = field(default_factory=list)


def _overlaps(rect: Box, line: Box) -> bool:
    x0, y0, x1, y1 = rect
    lx0, ly0, lx1, ly1 = line
    vertical = min(y1, ly1) - max(y0, ly0)
    return x0 < lx1 and lx0 < x1 and vertical > 0.5 * (ly1 - ly0)


def _covered(a: Annotation, lines: dict[int, list[Box]]) -> set[tuple[int, int]]:
    """(page, line) pairs the annotation's highlight covers."""
    out = set()
    for r in a.rects:
        rect = (r.rect[0], r.rect[1], r.rect[2], r.rect[3])
        out |= {(r.page, i) for i, line in enumerate(lines.get(r.page, [])) if _overlaps(rect, line)}
    return out


def compare(a: Project, a_path: Path, b: Project, password: dict[str, str] | None = None) -> Comparison:
    """``b``'s exhibits are matched to ``a``'s by file hash; ``a``'s files are read for their lines."""
    result = Comparison()
    b_by_hash = {e.sha256: e for e in b.exhibits}
    names_a = {c.id: c.name for c in a.codebook}
    names_b = {c.id: c.name for c in b.codebook}
    categories = list(dict.fromkeys([*names_a.values(), *names_b.values()]))
    total = 0
    tagged: dict[tuple[str, str], set[tuple[str, int, int]]] = {}  # (side, category name) → lines
    for exhibit in a.exhibits:
        other = b_by_hash.get(exhibit.sha256)
        if other is None:
            continue
        result.shared_exhibits.append(exhibit.label)
        with open_pdf(readable_file(a_path, exhibit), (password or {}).get(exhibit.id)) as doc:
            text = document_text(doc, a_path, exhibit)
            lines = {p: [line.bbox for line in text.page(p).lines] for p in range(text.page_count)}
        total += sum(len(v) for v in lines.values())
        sides = (("a", a.annotations_of(exhibit.id), names_a), ("b", b.annotations_of(other.id), names_b))
        covered: dict[str, list[tuple[Annotation, set[str], set[tuple[int, int]]]]] = {}
        for side, marks, names in sides:
            covered[side] = []
            for ann in marks:
                cats = {names.get(c, c) for c in ann.category_ids}
                cover = _covered(ann, lines)
                covered[side].append((ann, cats, cover))
                for cat in cats:
                    tagged.setdefault((side, cat), set()).update((exhibit.id, p, i) for p, i in cover)
        for side, other_side, missing in (("a", "b", result.only_in_a), ("b", "a", result.only_in_b)):
            for ann, cats, cover in covered[side]:
                if not any(cats & c2 and (cover & v2 or (not cover and not v2 and ann.page == a2.page))
                           for a2, c2, v2 in covered[other_side]):  # fmt: skip
                    missing.append(ann)
    for cat in categories:
        lines_a, lines_b = tagged.get(("a", cat), set()), tagged.get(("b", cat), set())
        if lines_a or lines_b:
            result.agreement.append(Agreement(cat, total, len(lines_a), len(lines_b), len(lines_a & lines_b)))
    facts_a, facts_b = {f.id: f for f in a.facts}, {f.id: f for f in b.facts}
    result.facts_only_in_a = [f for f in a.facts if f.id not in facts_b]
    result.facts_only_in_b = [f for f in b.facts if f.id not in facts_a]
    result.facts_differ = [
        (f, facts_b[f.id]) for f in a.facts if f.id in facts_b and f.digest() != facts_b[f.id].digest()
    ]
    return result
