"""Cite-checking a brief after a lawyer edited it: in Word and PDF, in English, Russian and Arabic."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import docx
import pymupdf
import pytest

from exhibit_annotator.cli import main
from exhibit_annotator.core.brief.brief import BriefOptions
from exhibit_annotator.core.brief.citecheck import Verdict, check_brief
from exhibit_annotator.core.export import Format, export
from exhibit_annotator.core.model import Case
from exhibit_annotator.core.project.edits import new_project, tag_quote
from exhibit_annotator.core.project.intake import add_exhibit
from exhibit_annotator.core.project.store import load_codebook, load_project, save_project
from exhibit_annotator.core.resources import default_codebook_path, resources_dir

from ..conftest import BAD_INPUTS

EN = "the target for the next model should be GPT-4"
RU = "Мистраль для нас — это пустяки"
AR = "كان المديرون التنفيذيون والباحثون الذين يقودون جهود Meta"


@pytest.fixture
def project_path(exhibits_copy: Path) -> Path:
    path = exhibits_copy / "case.json"
    project = new_project(Case(name="Kadrey v. Meta"), load_codebook(default_codebook_path()))
    for name, quote in (("exhibit-en.pdf", EN), ("exhibit-ru.pdf", RU), ("exhibit-ar.pdf", AR)):
        exhibit = add_exhibit(project, path, exhibits_copy / name)
        tag_quote(project, path, exhibit, quote, ["willfulness"])
    save_project(project, path)
    return path


def _verdicts(brief: Path, path: Path) -> list[tuple[str, Verdict]]:
    return [(k.citation.quote, k.verdict) for k in check_brief(brief, load_project(path), path)]


def _edit(brief: Path, old: str, new: str) -> None:
    """Change text in a Word brief as a lawyer typing in Word would (the paragraph's runs rewritten)."""
    document = docx.Document(str(brief))
    hits = [p for p in document.paragraphs if old in p.text]
    assert hits, old
    for paragraph in hits:
        text = paragraph.text.replace(old, new)
        for run in paragraph.runs[1:]:
            run.text = ""
        paragraph.runs[0].text = text
    document.save(str(brief))


def test_an_exported_brief_holds_in_word_and_pdf(project_path: Path, tmp_path: Path) -> None:
    project = load_project(project_path)
    for fmt in (Format.docx, Format.pdf):
        out = tmp_path / f"brief.{fmt.value}"
        export(project, project_path, fmt, out, BriefOptions())
        assert [v for _, v in _verdicts(out, project_path)] == [Verdict.exact] * 3


def test_a_changed_word_and_a_changed_page_are_found(project_path: Path, tmp_path: Path) -> None:
    brief = tmp_path / "brief.docx"
    export(load_project(project_path), project_path, Format.docx, brief, BriefOptions())
    _edit(brief, "next model should", "next model must")
    _edit(brief, "это пустяки", "это мелочи")
    _edit(brief, "Ex. 3 at 1", "Ex. 3 at 2")
    checks = check_brief(brief, load_project(project_path), project_path)
    en, ru, ar = checks
    assert en.verdict is Verdict.differs and en.differences == [("must", "should")]
    assert ru.verdict is Verdict.differs and ru.differences == [("мелочи", "пустяки")]
    assert ar.verdict is Verdict.wrong_page and ar.right_cite == "Ex. 3 at 1"


def test_a_brief_typed_by_hand_in_word_and_as_pdf(project_path: Path, tmp_path: Path) -> None:
    paragraphs = [
        f"As the vice president put it, the “{EN}” (Ex. 1 at 1).",
        f"Позднее было сказано: «{RU}» (Ex. 2 at 1), и это важно.",
        f"وكتبت الصحيفة “{AR}” (Ex. 3 at 1).",
        "He wrote that “the target . . . should be GPT-4” (Ex. 1 at 1), and “[T]he target for the next model” "
        "(Ex. 1 at 1).",
        f"Nobody wrote “{EN}” in Ex. 9 at 1.",
        "The executives were “obsessed with beating GPT-4” (Ex. 1 at 1).",
    ]
    expected = [Verdict.exact] * 5 + [Verdict.unknown_exhibit, Verdict.not_found]
    typed = tmp_path / "typed.docx"
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(typed))
    assert [v for _, v in _verdicts(typed, project_path)] == expected
    # The same brief as a PDF (printed from Word, say).
    pdf = tmp_path / "typed.pdf"
    # Arabic set right to left in a font that has it, as Word would (DejaVu Sans, which the app ships).
    fonts = pymupdf.Archive(str(resources_dir() / "fonts"))
    css = "p {font-size: 11pt} .rtl {font-family: rtl} @font-face {font-family: rtl; src: url(DejaVuSans.ttf)}"
    body = "".join(
        f'<p dir="rtl" class="rtl">{html.escape(p)}</p>' if "ال" in p else f"<p>{html.escape(p)}</p>"
        for p in paragraphs
    )
    story = pymupdf.Story(html=body, user_css=css, archive=fonts)
    writer = pymupdf.DocumentWriter(str(pdf))
    more = True
    while more:
        device = writer.begin_page(pymupdf.paper_rect("letter"))
        more, _ = story.place(pymupdf.paper_rect("letter") + (72, 72, -72, -72))
        story.draw(device)
        writer.end_page()
    writer.close()
    assert [v for _, v in _verdicts(pdf, project_path)] == expected


def test_the_command_line_exits_0_1_or_2(
    project_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = tmp_path / "brief.docx"
    assert main(["export", str(project_path), "-o", str(brief)]) == 0
    assert main(["cite-check", str(brief), "--project", str(project_path)]) == 0
    assert "3 of 3 quotation(s) hold" in capsys.readouterr().out
    _edit(brief, "Ex. 1 at 1", "Ex. 1 at 5")  # it is on pages 1-4 (restated), not 5
    assert main(["cite-check", str(brief), "--project", str(project_path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert not report["ok"] and report["checks"][0]["verdict"] == "wrong page"
    assert report["checks"][0]["right_cite"] == "Ex. 1 at 1"
    shutil.copy(BAD_INPUTS / "not-a-pdf.pdf", tmp_path / "brief.pdf")
    assert main(["cite-check", str(tmp_path / "brief.pdf"), "--project", str(project_path)]) == 2
    assert "brief.pdf: is not a PDF file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("opening", "closing"), [("“", "”"), ("”", "“"), ("«", "»"), ('"', '"'), ("« ", " »"), ("„", "“")]
)
@pytest.mark.slow
def test_a_block_quotation_in_marks_with_its_cite_below_holds(
    project_path: Path, tmp_path: Path, opening: str, closing: str
) -> None:
    # As English, Swedish, Russian and Arabic, plain, French and German typography set a block quotation.
    typed = tmp_path / "block.docx"
    document = docx.Document()
    document.add_paragraph("The record is plain:")
    for quote, cite in ((EN, "Ex. 1 at 1"), (RU, "Ex. 2 at 1"), (AR, "Ex. 3 at 1")):
        document.add_paragraph(f"{opening}{quote}{closing}")
        document.add_paragraph(cite + ".")
    document.save(str(typed))
    assert _verdicts(typed, project_path) == [(EN, Verdict.exact), (RU, Verdict.exact), (AR, Verdict.exact)]
