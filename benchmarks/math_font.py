r"""The math face: TeX Gyre Pagella Math, subset and renamed, in eleven WOFF2 files.

Why Pagella: Tufte's own LaTeX classes (tufte-latex) set their math in Palatino, the
page's font stack falls back to Palatino after ET Book, and Pagella Math is the free
OpenType math font of that design (GUST Font License, an instance of the LPPL). Its
letters sit beside ET Book's old-style roman at the same weight, where Latin Modern
looks thin and STIX dark.

Eleven files, so that a page downloads only what its equations use (the browser
fetches a face only when a character in its ``unicode-range`` appears): ``base`` holds
what nearly every equation needs (digits, punctuation, math italic letters, the
commonest operators, and every delimiter, big operator and arrow that stretches, with
the MATH table's size variants: see below); ``greek-lowercase``, ``greek``, ``operators``, ``arrows``, ``primes`` (with their script forms, ``ssty``, the
one layout feature kept), ``double-struck``, ``bold`` and ``script`` (the letters of
``\mathbb``, ``\mathbf`` and ``\mathcal``) follow; ``symbols`` and ``alphabets`` hold
every other glyph. Upright Latin letters (``\text``, ``\tanh``, ``\mathrm``) are left
out: they come from the page's face, ET Book, as a LaTeX document sets them in its text
font, so that words in a formula match the words around it.

Only outlines with their hints, metrics, the MATH table and the name records the
licence needs are kept: no kerning, no long names; charstrings are desubroutinized,
which Brotli compresses better. (The files were once plain OpenType under a .woff2 name, as
the subsetter's ``flavor`` option is its command line's only: twice the bytes.)

The LPPL asks that a modified font not pass for the original: the subsets are renamed
"Tufte Pagella Math" in their name tables and files.

    /usr/bin/python3 benchmarks/math_font.py        # report sizes only
    /usr/bin/python3 benchmarks/math_font.py --write # rewrite the fonts and print the CSS

Needs fontTools and brotli (Debian: python3-fonttools python3-brotli) and the font
(Debian: fonts-texgyre-math).
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

SOURCE = Path("/usr/share/texmf/fonts/opentype/public/tex-gyre-math/texgyrepagella-math.otf")
FONTS = Path(__file__).resolve().parent.parent / "sphinx_tufte" / "themes" / "tufte" / "static" / "fonts"
FAMILY = "Tufte Pagella Math"

# What nearly every formula uses, in the face Chromium treats as the math's "primary
# font" (the one holding U+0020): the space characters, digits and ASCII punctuation,
# math italic letters, the commonest operators, relations and accents. Chromium takes
# the MATH table's constants from that face, and also every glyph it stretches or
# enlarges: a delimiter, big operator, radical, arrow or brace whose base glyph sat in
# another file would keep its text size (\left\{ beside a fraction, a display \sum).
# So the stretchy characters research writing uses live here with their size variants
# and assemblies; rarer ones (white brackets, harpoons and arrows beyond these) keep
# their natural size, as under any math font that lacks them.
_BASE_RANGES = (
    "0020-0040 005B-0060 007B-007E 00A0 00A8 00AC 00AF 00B1 00B7 00D7 00F7 0131 0237 02C6 02C7 "
    "02D8-02DA 02DC 0300-0308 030A 030C 0338 2000-200F 2016 2026 202F 205F-2064 20D7 210E 210F 2113 "
    "2190-2195 21A6 21A9 21AA 21BC 21BD 21C0 21C1 21CC 21D0-21D5 2202 2207-2209 220F-2213 2217 221A "
    "221D 221E 2223 2225 222B-222E 223C 2248 2260 2261 2264 2265 22C0-22C3 22C5 22EF 2308-230B "
    "23B4 23B5 23DC-23E1 27E8 27E9 2A00-2A02 2A04 2A06 FEFF 1D434-1D467"
)
# Lowercase Greek in both forms: Chromium fetches a face for the letter as written
# (U+03B1) as well as for the italic it draws (U+1D6FC), so they share one file.
_GREEK_LOWER = "03B1-03C9 03D1 03D5 03D6 03F0 03F1 03F5 1D6FC-1D71B"
# Greek capitals (upright and italic), then the other operators,
# relations and arrows that research writing uses.
_GREEK = "0391-03A9 1D6E2-1D6FB"
_OPERATORS = "2200-22FF 27C2 2A00-2AFF"
_ARROWS = "2190-21FF 27F0-27FF"
# \mathbb (E, R, N..., with the capitals encoded earlier: C, N, P, Q, R, Z) and \mathbf / \boldsymbol letters, each in its own file.
_DOUBLE_STRUCK = "1D538-1D56B 1D7D8-1D7E1 2102 2115 2119 211A 211D 2124"
_BOLD = "1D400-1D433 1D6A8-1D6E1 1D71C-1D755 1D7CE-1D7D7"
# Primes, with their script-size forms ('ssty'): in a superscript, where Temml puts them,
# the plain U+2032 (drawn raised, for text) would sit too high and too small.
_PRIMES = "2032-2037 2057"
# \mathcal and \mathscr: the script block and the script capitals encoded earlier.
_SCRIPT = "1D49C-1D4CF 210A-210C 2110 2112 211B 212C 212F-2131 2133 2134"


def _codepoints(ranges: str) -> set[int]:
    points: set[int] = set()
    for item in ranges.split():
        start, _, end = item.partition("-")
        points.update(range(int(start, 16), int(end or start, 16) + 1))
    return points


def _unicode_range(points: set[int], missing: set[int]) -> str:
    """The CSS ranges of ``points``; a gap of code points the font lacks is bridged, as
    no file could draw them anyway (fetching one for them costs nothing drawn wrong),
    which keeps the stylesheet every page loads short."""
    spans: list[tuple[int, int]] = []
    for point in sorted(points):
        if spans and all(p in missing for p in range(spans[-1][1] + 1, point)):
            spans[-1] = (spans[-1][0], point)
        else:
            spans.append((point, point))
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)


def _subset(points: set[int], features: tuple[str, ...] = ()) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(SOURCE, recalcTimestamp=False)  # the same files from the same font
    options = subset.Options()
    options.layout_features = list(features)
    # A browser draws MathML from outlines, metrics and the MATH table; kerning (GPOS
    # holds none) and the longer name records are bytes only. The CFF hints stay: they
    # are 10 % of a file, but Chromium on Linux (FreeType) snaps glyphs with them, and
    # without them inline formulas grow or shrink by a pixel (the layout reads ink).
    options.hinting = True
    options.desubroutinize = True  # Brotli compresses the plain charstrings better
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.drop_tables += ["FFTM"]  # FontForge's timestamps
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    if features and "GSUB" in font:
        # The font files its features under the 'math' script only; a browser shapes a
        # prime as Common (or Latin) text and would never find them.
        import copy

        from fontTools.ttLib.tables import otTables

        scripts = font["GSUB"].table.ScriptList
        math_script = next(r.Script for r in scripts.ScriptRecord if r.ScriptTag == "math")
        for tag in ("DFLT", "latn"):
            if all(r.ScriptTag != tag for r in scripts.ScriptRecord):
                record = otTables.ScriptRecord()
                record.ScriptTag = tag
                record.Script = copy.deepcopy(math_script)
                scripts.ScriptRecord.append(record)
        scripts.ScriptRecord.sort(key=lambda r: r.ScriptTag)
        scripts.ScriptCount = len(scripts.ScriptRecord)
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 4):
            record.string = FAMILY
        elif record.nameID == 3:
            record.string = f"{FAMILY.replace(' ', '')}-subset"
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "") + "-Regular"
        elif record.nameID == 5:
            record.string = f"{record.toUnicode()}; subset and renamed for sphinx-tufte"
    # The subsetter's flavor option is its command line's; the font object sets its own.
    font.flavor = "woff2"
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the woff2 files into the theme's fonts folder")
    args = parser.parse_args()

    from fontTools.ttLib import TTFont

    available = set(TTFont(SOURCE).getBestCmap())
    # Latin letters come from the page's face (below); not x and ÷, nor the dotless i
    # and j that accents sit on.
    latin = _codepoints("0041-005A 0061-007A 00C0-00D6 00D8-00F6 00F8-0130 0132-0236 0238-024F")
    parts: dict[str, set[int]] = {}
    taken: set[int] = set(latin)
    for part, ranges in (
        ("base", _BASE_RANGES), ("greek-lowercase", _GREEK_LOWER), ("greek", _GREEK), ("primes", _PRIMES), ("operators", _OPERATORS),
        ("arrows", _ARROWS), ("double-struck", _DOUBLE_STRUCK), ("bold", _BOLD), ("script", _SCRIPT),
    ):
        parts[part] = (_codepoints(ranges) & available) - taken
        taken |= parts[part]
    rest = available - taken
    parts["symbols"] = {p for p in rest if p < 0x10000}
    parts["alphabets"] = rest - parts["symbols"]
    # Bridging may only cover what no file holds: Latin letters stay out of every range.
    # U+203E is missing too but Temml writes it for \bar and \overline: bridged, it
    # would fetch the symbols file for nothing on most pages with math.
    missing = set(range(0x110000)) - available - {0x203E}
    css = []
    # The ranges do not overlap, so the order of the rules does not matter.
    for part, points in parts.items():
        data = _subset(points, ("ssty",) if part == "primes" else ())
        print(f"{part}: {len(points)} characters, {len(data)} bytes ({len(data) / 1024:.1f} KiB)")
        if args.write:
            (FONTS / f"tufte-pagella-math-{part}.woff2").write_bytes(data)
        css.append(
            f'@font-face {{ font-family: "{FAMILY}"; src: url("fonts/tufte-pagella-math-{part}.woff2") format("woff2"); '
            f"font-display: swap; unicode-range: {_unicode_range(points, missing)}; }}"
        )
    if args.write:
        print("\n".join(css))


if __name__ == "__main__":
    main()
