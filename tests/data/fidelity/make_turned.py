"""Makes turned.pdf: pages whose text runs other than left to right on the unrotated page, as printers, scanners
and spreadsheets make them (run from this folder: ``python make_turned.py``; needs pymupdf).

1. The English sample exhibit's page 1 drawn on its side on a portrait page with /Rotate 90, so that it reads upright
   on screen: how spreadsheets print a landscape table.
2. The Russian sample exhibit's page 1 the same way with /Rotate 270.
3. The Arabic sample exhibit's page 1 drawn upside down with /Rotate 180.
4. An upright page with body text, a label printed up its left margin and one down its right margin.
"""

from pathlib import Path

import pymupdf

HERE = Path(__file__).parent
EXHIBITS = HERE.parent / "exhibits"


def main() -> None:
    out = pymupdf.open()
    for name, turn in (("exhibit-en.pdf", 90), ("exhibit-ru.pdf", 270), ("exhibit-ar.pdf", 180)):
        src = pymupdf.open(EXHIBITS / name)
        w, h = src[0].rect.width, src[0].rect.height
        page = out.new_page(width=w if turn == 180 else h, height=h if turn == 180 else w)
        # Drawn turned against the page's /Rotate, so the reader sees it upright.
        page.show_pdf_page(page.rect, src, 0, rotate=-turn)
        page.set_rotation(turn)
    page = out.new_page(width=595, height=842)
    body = (
        "The witness stated that the dataset was assembled in March 2023. Counsel objected to the question. "
        "The court overruled the objection and the witness answered that the files came from a public archive."
    )
    page.insert_textbox(pymupdf.Rect(90, 90, 505, 300), body, fontsize=11, fontname="tiro")
    page.insert_text((40, 700), "CONFIDENTIAL - SUBJECT TO PROTECTIVE ORDER", fontsize=9, rotate=90, fontname="helv")
    page.insert_text((560, 150), "Produced by Defendants 2024-03-01", fontsize=9, rotate=270, fontname="helv")
    out.save(HERE / "turned.pdf", garbage=4, deflate=True)


if __name__ == "__main__":
    main()
