"""How far two people's tagging agrees: Cohen's kappa over lines, overlap, and what one has that the other lacks."""

from __future__ import annotations

import shutil
from pathlib import Path

from exhibit_annotator.core.model import Case
from exhibit_annotator.core.project import edits, intake
from exhibit_annotator.core.project.compare import Agreement, compare
from exhibit_annotator.core.project.store import load_codebook
from exhibit_annotator.core.resources import default_codebook_path

from ..conftest import EXHIBITS


def test_kappa_by_hand() -> None:
    # 100 lines; A tagged 20, B tagged 30, 15 by both: agreement 0.80, chance 0.62, kappa 0.4737.
    g = Agreement("Copying", 100, 20, 30, 15)
    assert round(g.kappa or 0, 4) == 0.4737 and round(g.overlap or 0, 4) == 0.4286
    assert Agreement("Copying", 50, 10, 10, 10).kappa == 1.0
    assert Agreement("Copying", 50, 0, 0, 0).kappa is None


def test_two_readers_of_the_same_exhibit(tmp_path: Path) -> None:
    shutil.copy(EXHIBITS / "exhibit-en.pdf", tmp_path / "exhibit-en.pdf")
    path = tmp_path / "a.json"
    a = edits.new_project(Case(name="Kadrey"), load_codebook(default_codebook_path()))
    intake.add_exhibit(a, path, tmp_path / "exhibit-en.pdf")
    b = a.model_copy(deep=True)
    ex_a, ex_b = a.exhibits[0], b.exhibits[0]
    edits.tag_quote(a, path, ex_a, "internal company messages that the court unsealed", ["copying"], author="Ann")
    edits.tag_quote(b, path, ex_b, "internal company messages that the court unsealed", ["copying"], author="Bo")
    edits.tag_quote(a, path, ex_a, "64,000 graphics processors", ["willfulness"], author="Ann")
    edits.tag_quote(b, path, ex_b, "LibGen data set", ["willfulness"], author="Bo")
    result = compare(a, path, b)
    rows = {g.category: g for g in result.agreement}
    assert result.shared_exhibits == ["Ex. 1"]
    assert rows["Copying"].both == 1 and rows["Copying"].kappa == 1.0
    assert rows["Willfulness"].both == 0 and (rows["Willfulness"].kappa or 0) < 0.1
    assert [x.text for x in result.only_in_a] == ["64,000 graphics processors"]
    assert [x.text for x in result.only_in_b] == ["LibGen data set"]
