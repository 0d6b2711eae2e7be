"""What Tesseract found on a scanned page, as it is kept in the OCR sidecar: words with boxes and confidences.

Its own module because the page text (``text``) reads these words and the OCR runner (``ocr``) writes them; neither
needs the other to do so.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Finite = Annotated[float, Field(allow_inf_nan=False)]
WordRow = tuple[str, Finite, Finite, Finite, Finite, Finite]  # text, x0, y0, x1, y1 (upright points), confidence


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class OcrLine(_Strict):
    block: int
    words: list[WordRow]


class OcrPage(_Strict):
    """The words of one page, line by line in Tesseract's (logical) order.

    Boxes are in the upright image's coordinates, in points: reading order (left to right, top to bottom) is
    decided there, which holds even when the page had to be turned to be read. ``matrix`` takes them to the PDF's
    unrotated page space, where highlights live.
    """

    index: int = Field(ge=0)
    matrix: tuple[Finite, Finite, Finite, Finite, Finite, Finite] = (1, 0, 0, 1, 0, 0)
    turned: Literal[0, 90, 180, 270] = 0  # degrees the page was turned to be read (orientation detection)
    skew: Finite = 0.0  # degrees it was straightened by
    lines: list[OcrLine] = Field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(len(line.words) for line in self.lines)

    @property
    def confidence(self) -> float:
        """Mean word confidence (0-100), 0 when nothing was read."""
        confs = [w[5] for line in self.lines for w in line.words]
        return sum(confs) / len(confs) if confs else 0.0


class OcrFile(_Strict):
    """A sidecar: the OCR of one file (by SHA-256) by one engine."""

    format: Literal["exhibit-annotator-ocr"] = "exhibit-annotator-ocr"
    version: Literal[1] = 1
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    engine: str
    pages: dict[int, OcrPage] = Field(default_factory=dict)
