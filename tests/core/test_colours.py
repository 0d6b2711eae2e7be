"""Category colours a reader can tell apart, with normal sight and with deuteranopia."""

from __future__ import annotations

from exhibit_annotator.core.colours import MIN_DISTANCE, closest_pair, distance
from exhibit_annotator.core.model import Case, Codebook
from exhibit_annotator.core.project import categories, edits
from exhibit_annotator.core.project.store import load_codebook
from exhibit_annotator.core.resources import starting_codebooks


def test_every_starting_codebook_keeps_its_categories_apart() -> None:
    for path in starting_codebooks():
        colours = [c.colour for c in load_codebook(path).categories]
        apart, a, b = closest_pair(colours)
        assert apart >= MIN_DISTANCE, (path.name, a, b, apart)


def test_the_two_oranges_that_looked_alike_are_gone() -> None:
    assert distance("#e67e22", "#d35400") < MIN_DISTANCE  # the old Copying and Competitive motive
    colours = {c.name: c.colour for c in load_codebook(starting_codebooks()[0]).categories}
    assert distance(colours["Copying"], colours["Competitive motive"]) >= MIN_DISTANCE


def test_a_new_category_takes_a_colour_far_from_the_others() -> None:
    project = edits.new_project(Case(name="X"), load_codebook(starting_codebooks()[0]))
    before = [c.colour for c in project.codebook]
    added = categories.add_category(project, "Unjust enrichment")
    assert min(distance(added.colour, c) for c in before) >= MIN_DISTANCE / 2
    blank = edits.new_project(Case(name="Y"), load_codebook(next(p for p in starting_codebooks() if p.stem == "blank")))
    assert blank.codebook == []
    for n in range(8):  # a codebook built from nothing: each new category apart from those before it
        blank.codebook.append(categories.add_category(blank, f"Issue {n}"))
    apart, a, b = closest_pair([c.colour for c in blank.codebook])
    assert apart >= MIN_DISTANCE, (a, b, apart)


def test_the_caption_calls_the_parties_what_the_case_calls_them(tmp_path: object) -> None:
    from pathlib import Path

    from exhibit_annotator.core.brief.brief import BriefOptions, build_brief, caption_lines
    from exhibit_annotator.core.model import Roles

    project = edits.new_project(Case(name="Knowles v. Mirzayance", roles=Roles.petitioner), Codebook())
    brief = build_brief(project, Path(str(tmp_path)) / "case.json", BriefOptions())
    assert [text for text, role in caption_lines(brief) if role == "role"] == ["Petitioner,", "Respondent."]
    project.case = Case(name="Doe et al. v. Acme", roles=Roles.appellant)
    brief = build_brief(project, Path(str(tmp_path)) / "case.json", BriefOptions())
    assert [text for text, role in caption_lines(brief) if role == "role"] == ["Appellants,", "Appellee."]
