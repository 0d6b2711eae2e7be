"""Make the brief's PDF faces: Noto Serif (SIL Open Font License 1.1, no reserved font name) without its ligature
features, cut to Latin, Greek, Cyrillic and punctuation; and DejaVu Sans, for right-to-left paragraphs, without
its Latin ligatures (its Arabic ones, lam-alef among them, stay: Arabic needs them).

Why: MuPDF writes a PDF's text layer by mapping each shaped glyph back through the font's cmap, so a ligature
glyph comes out as its presentation form ("ﬁ", U+FB01) and a reader copying "affiliate" from the brief gets
"aﬃliate". CSS cannot turn ligatures off in MuPDF's Story (font-variant-ligatures is ignored: measured), so the
faces are made without them. Run once when the source fonts change; the output is kept in resources/fonts.

    pip install fonttools && python packaging/make_fonts.py [/usr/share/fonts/truetype/noto]

The sources are Debian's fonts-noto-core (Noto Serif 2.x) and fonts-dejavu-core (DejaVu Sans 2.37).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

LIGATURES = {"liga", "clig", "dlig", "hlig"}
# Basic Latin to Latin Extended-B, IPA and spacing modifiers, combining marks, Greek and Coptic, Cyrillic and its
# supplement, Latin Extended Additional, general punctuation, super/subscripts, currency, letterlike symbols,
# number forms, arrows, a few math operators, geometric shapes and misc symbols (★ for key passages).
RANGES = [(0x20, 0x2FF), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x52F), (0x1E00, 0x1EFF), (0x2000, 0x206F),
          (0x2070, 0x209F), (0x20A0, 0x20CF), (0x2100, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF),
          (0x25A0, 0x25FF), (0x2600, 0x26FF)]  # fmt: skip
FACES = ["Regular", "Bold", "Italic", "BoldItalic"]


def make(source: Path, target: Path) -> None:
    font = TTFont(source)
    features = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord} if "GSUB" in font else set()
    options = subset.Options()
    options.layout_features = sorted((features - LIGATURES) | {"kern", "mark", "mkmk"})
    options.name_IDs, options.name_languages = ["*"], ["*"]
    options.notdef_outline = True
    options.hinting = False  # the PDF is drawn by the reader's rasteriser; hints only add bytes
    wanted = {cp for lo, hi in RANGES for cp in range(lo, hi + 1)} & set(font.getBestCmap())
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    font.save(target)


def without_latin_ligatures(source: Path, target: Path) -> None:
    """The font with its ligature features taken off every script but Arabic's: a Latin word inside an Arabic quote
    ("office") would otherwise come out of the PDF's text layer as "oﬃce"."""
    font = TTFont(source)
    table = font["GSUB"].table
    records = table.FeatureList.FeatureRecord
    for script in table.ScriptList.ScriptRecord:
        if script.ScriptTag == "arab":
            continue
        systems = [script.Script.DefaultLangSys, *(r.LangSys for r in script.Script.LangSysRecord)]
        for system in (s for s in systems if s is not None):
            system.FeatureIndex = [i for i in system.FeatureIndex if records[i].FeatureTag not in LIGATURES]
            system.FeatureCount = len(system.FeatureIndex)
    font.save(target)


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/noto")
    dejavu = Path(sys.argv[2] if len(sys.argv) > 2 else "/usr/share/fonts/truetype/dejavu")
    out = Path(__file__).resolve().parent.parent / "resources" / "fonts"
    for face in FACES:
        target = out / f"NotoSerif-{face}-NoLigatures.ttf"
        make(folder / f"NotoSerif-{face}.ttf", target)
        print(f"{target.name}: {target.stat().st_size // 1024} KB")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        without_latin_ligatures(dejavu / name, out / name)
        print(f"{name}: {(out / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
