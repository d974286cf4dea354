r"""Make the face of ``\mathscr``: KaTeX's Script capitals at the Unicode script letters.

    /usr/bin/python3 tools/roundhand_font.py [KaTeX_Script-Regular.woff2]

LaTeX has two script alphabets, ``\mathcal`` (chancery, the math face's own script
letters) and ``\mathscr`` (roundhand, as rsfs draws it), and papers use both for
different things (a loss ``\mathcal{L}`` beside a Lagrangian ``\mathscr{L}``). Unicode
gives both the same code points (U+1D49C and the letterlike holes such as U+2112), and
Temml writes both so, telling them apart only by class. Pagella Math has one script
alphabet and no stylistic set for the other, so without a second face the two print
alike, a silent wrong rendering.

KaTeX's Script face (SIL Open Font License 1.1, from the katex package on npm, which
the benchmarks install) is such a roundhand, with the capitals only, as rsfs has. Its
glyphs keep their outlines; its character map is moved from A-Z to the script capitals,
so the MathML stays as Temml writes it (a screen reader and a copy still get U+2112),
and ``math .mathscr`` in tufte.css names the face. The licence's Reserved Font Name is
``KaTeX_Script``: a modified font may not carry it, so this one is "Tufte Roundhand".
The result is committed (sphinx_tufte/themes/tufte/static/fonts/tufte-roundhand.woff2,
licence beside it); users never run this. Needs fontTools and brotli (Debian:
python3-fonttools python3-brotli).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "sphinx_tufte/themes/tufte/static/fonts"
SOURCE = ROOT / ".cache/tools/node_modules/katex/dist/fonts/KaTeX_Script-Regular.woff2"
TARGET = FONTS / "tufte-roundhand.woff2"
FAMILY = "Tufte Roundhand"
# Script capitals Unicode encoded before the Mathematical Alphanumeric block: those
# letters are holes in it, at their letterlike code points.
LETTERLIKE = {"B": 0x212C, "E": 0x2130, "F": 0x2131, "H": 0x210B, "I": 0x2110, "L": 0x2112, "M": 0x2133, "R": 0x211B}


def script_capital(letter: str) -> int:
    return LETTERLIKE.get(letter, 0x1D49C + ord(letter) - ord("A"))


def unicode_range() -> str:
    points = sorted(script_capital(chr(code)) for code in range(ord("A"), ord("Z") + 1))
    return ", ".join(f"U+{point:X}" for point in points)


def main(source: Path) -> None:
    font = TTFont(source)
    ascii_map = {chr(code): glyph for code, glyph in font.getBestCmap().items() if "A" <= chr(code) <= "Z"}
    if len(ascii_map) != 26:
        raise SystemExit(f"{source} does not have the 26 capitals")
    # The letters at their script code points only: under this face's name, nothing
    # but a \mathscr letter is ever drawn from it. Format 4 maps 16 bits (the
    # letterlike ones); a format 12 table, which the original lacks, carries them all.
    mapping = {script_capital(letter): glyph for letter, glyph in ascii_map.items()}
    cmap = font["cmap"]
    cmap.tables = [table for table in cmap.tables if table.isUnicode() and table.format == 4]
    for table in cmap.tables:
        table.cmap = {point: glyph for point, glyph in mapping.items() if point <= 0xFFFF}
    full = CmapSubtable.newSubtable(12)
    full.platformID, full.platEncID, full.language, full.cmap = 3, 10, 0, dict(mapping)
    cmap.tables.append(full)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in {1, 3, 4, 6, 16, 17, 21, 22}:
            names.removeNames(nameID=record.nameID)
    names.setName(FAMILY, 1, 3, 1, 0x409)
    names.setName("Regular", 2, 3, 1, 0x409)
    names.setName(f"{FAMILY} Regular (from KaTeX_Script)", 3, 3, 1, 0x409)
    names.setName(FAMILY, 4, 3, 1, 0x409)
    names.setName(FAMILY.replace(" ", "") + "-Regular", 6, 3, 1, 0x409)
    font.flavor = "woff2"
    font.save(TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size} bytes)")
    print(
        f'@font-face {{ font-family: "{FAMILY}"; src: url("fonts/{TARGET.name}") format("woff2"); '
        f"font-display: swap; unicode-range: {unicode_range()}; }}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
