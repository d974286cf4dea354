"""Regenerate the bundled ET Book faces from the originals.

SOURCE_DIR holds the three ET Book woff2 faces (roman, italic, bold). Writes, into the
theme's static/fonts folder, each full face (for sites that need every glyph) and the
characters a Latin-script site needs (the default: about half the bytes), in two files
a face: ``-basic`` (ASCII, the punctuation of English prose, and what every page of the
theme shows: the pilcrow of heading links, the copyright sign) and ``-latin`` (the rest:
accented letters, Latin-1's symbols). The browser fetches the second only for a page
whose text has one of its characters (the @font-face ``unicode-range``,
``sphinx_tufte/theme/options.py``): about 10 KB a face less for most English pages.
Needs fontTools and brotli; the results are committed, so users never run this.

    /usr/bin/python3 tools/subset_fonts.py SOURCE_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

FONTS = Path(__file__).resolve().parents[1] / "sphinx_tufte/themes/tufte/static/fonts"
FACES = {
    "roman": "etbookot-roman-webfont.woff2",
    "italic": "etbookot-italic-webfont.woff2",
    "bold": "etbookot-bold-webfont.woff2",
}
# Basic Latin and Latin-1 (Western European languages), the two Latin Extended-A
# ligatures and Polish/Czech letters are left to the full faces; general punctuation
# (dashes, curly quotes, ellipsis) and the few symbols prose uses.
LATIN = (
    "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+2000-206F,U+2074,U+20AC,"
    "U+2122,U+2190-2193,U+2212,U+2215,U+FEFF,U+FFFD"
)
# The two files of the Latin subset: the ranges do not overlap and together are LATIN
# (checked below). theme/options.py's FONT_FACES writes them as each face's unicode-range.
BASIC = "U+0000-00A0,U+00A9,U+00AD,U+00B6,U+2000-2027,U+FEFF,U+FFFD"
LATIN_REST = (
    "U+00A1-00A8,U+00AA-00AC,U+00AE-00B5,U+00B7-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,"
    "U+02DC,U+2028-206F,U+2074,U+20AC,U+2122,U+2190-2193,U+2212,U+2215"
)
SUBSETS = {"basic": BASIC, "latin": LATIN_REST}


def main(source: Path) -> None:
    basic, rest = (set(subset.parse_unicodes(ranges)) for ranges in SUBSETS.values())
    assert not basic & rest and basic | rest == set(subset.parse_unicodes(LATIN))
    for face, filename in FACES.items():
        original = source / filename
        (FONTS / f"et-book-{face}.woff2").write_bytes(original.read_bytes())
        for name, ranges in SUBSETS.items():
            write_subset(original, FONTS / f"et-book-{face}-{name}.woff2", ranges)


def write_subset(original: Path, out: Path, ranges: str) -> None:
    options = subset.Options()
    options.flavor = "woff2"
    # Kerning, ligatures and old-style figures are what make ET Book look like the
    # books; the rest of its features are dropped.
    options.layout_features = ["kern", "liga", "onum", "lnum", "smcp", "c2sc"]
    options.hinting = False  # browsers on screens ignore TrueType hints today
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(original), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(ranges))
    subsetter.subset(font)
    subset.save_font(font, str(out), options)
    print(f"{out.name}: {original.stat().st_size} -> {out.stat().st_size} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
