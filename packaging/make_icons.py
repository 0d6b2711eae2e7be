"""Renders the app icon (resources/icons/exhibit-annotator.svg) into the PNG sizes desktops ask for, a Windows
.ico and a macOS .icns, all beside it, and the dark-theme twins of the toolbar icons (resources/icons/actions).
Run after editing an SVG: `python packaging/make_icons.py`.

PyMuPDF renders the SVG, so no image tool is needed; .ico and .icns are written as containers of PNG frames
(both formats accept PNG data since Windows Vista and Mac OS X 10.5)."""

from __future__ import annotations

import struct
from pathlib import Path

import pymupdf

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "exhibit-annotator.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def render(size: int) -> bytes:
    page = pymupdf.open(SVG)[0]
    zoom = size / page.rect.width
    return bytes(page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=True).tobytes("png"))


def ico(frames: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(frames))
    offset = 6 + 16 * len(frames)
    entries, data = b"", b""
    for size, png in frames.items():
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


def icns(frames: dict[int, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(frames[size])) + frames[size] for size, kind in ICNS_TYPES.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


ACTIONS = ICONS / "actions"
LIGHT_INK, DARK_INK = "#333333", "#dddddd"


def dark_variants() -> int:
    """The toolbar icons are drawn in one ink for light themes; their ``-dark`` twins use a light ink."""
    made = 0
    for svg in sorted(ACTIONS.glob("*.svg")):
        if not svg.stem.endswith("-dark"):
            svg.with_name(f"{svg.stem}-dark.svg").write_text(svg.read_text().replace(LIGHT_INK, DARK_INK))
            made += 1
    return made


def main() -> None:
    frames = {size: render(size) for size in PNG_SIZES}
    for size, png in frames.items():
        (ICONS / f"exhibit-annotator-{size}.png").write_bytes(png)
    (ICONS / "exhibit-annotator.ico").write_bytes(ico({s: frames[s] for s in ICO_SIZES}))
    (ICONS / "exhibit-annotator.icns").write_bytes(icns(frames))
    print(f"wrote {len(frames)} PNGs, .ico and .icns into {ICONS}, and {dark_variants()} dark toolbar icons")


if __name__ == "__main__":
    main()
