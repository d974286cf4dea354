r"""The math face: TeX Gyre Pagella Math, subset and renamed, in ten woff2 files.

Why Pagella: Tufte's own LaTeX classes (tufte-latex) set their math in Palatino, the
page's font stack falls back to Palatino after ET Book, and Pagella Math is the free
OpenType math font of that design (GUST Font License, an instance of the LPPL). Its
letters sit beside ET Book's old-style roman at the same weight, where Latin Modern
looks thin and STIX dark.

Ten files, so that a page downloads only what its equations use (the browser fetches
a face only when a character in its ``unicode-range`` appears): ``base`` holds what
nearly every equation needs (digits, punctuation, math italic letters and Greek, the
commonest operators and the delimiters, with the MATH table's size variants);
``greek``, ``operators``, ``arrows``, ``primes`` (with their script forms, ``ssty``, the
one layout feature kept), ``double-struck``, ``bold`` and ``script`` (the letters of
``\mathbb``, ``\mathbf`` and ``\mathcal``) follow; ``symbols`` and ``alphabets`` hold
every other glyph. Upright Latin letters (``\text``, ``\tanh``, ``\mathrm``) are left
out: they come from the page's face, ET Book, as a LaTeX document sets them in its text
font, so that words in a formula match the words around it.

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

_BASE_RANGES = (
    "0020-0040 005B-0060 007B-007E 00A0 00AC 00AF 00B1 00B7 00D7 00F7 0131 0237 02C6 02C7 02D8-02DA 02DC "
    "0300-0308 030A 030C 0338 2016 2026 2061-2064 20D7 210E 2113 2192 2202 2207-2209 220F 2211-2213 2217 "
    "221A 221D 221E 2223 2225 222B 223C 2248 2260 2264 2265 22C5 22EF 2308-230B 27E8 27E9 "
    "03B1-03C9 03D1 03D5 03D6 03F0 03F1 03F5 1D434-1D467 1D6FC-1D71B"
)
# Lowercase Greek is in the base twice, upright and italic: Chromium fetches a face for
# the letter as written (U+03B1) as well as for the italic it draws (U+1D6FC).
# Greek capitals (upright and italic), then the other operators,
# relations and arrows that research writing uses.
_GREEK = "0391-03A9 03B1-03C9 03D1 03D5 03D6 03F0 03F1 03F5 1D6E2-1D6FB"
_OPERATORS = "2200-22FF"
_ARROWS = "2190-21FF 27F0-27FF"
# \mathbb (E, R, N...) and \mathbf / \boldsymbol letters, each in its own file.
_DOUBLE_STRUCK = "1D538-1D56B 1D7D8-1D7E1"
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


def _unicode_range(points: set[int]) -> str:
    spans: list[tuple[int, int]] = []
    for point in sorted(points):
        if spans and point == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], point)
        else:
            spans.append((point, point))
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)


def _subset(points: set[int], features: tuple[str, ...] = ()) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(SOURCE)
    options = subset.Options()
    options.layout_features = list(features)
    options.flavor = "woff2"
    options.name_IDs = ["*"]
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
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID == 3:
            record.string = f"{FAMILY.replace(' ', '')}-subset"
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "") + "-Regular"
        elif record.nameID == 5:
            record.string = f"{record.toUnicode()}; subset and renamed for sphinx-tufte"
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the woff2 files into the theme's fonts folder")
    args = parser.parse_args()

    from fontTools.ttLib import TTFont

    available = set(TTFont(SOURCE).getBestCmap())
    base = _codepoints(_BASE_RANGES) & available
    double_struck = _codepoints(_DOUBLE_STRUCK) & available
    bold = _codepoints(_BOLD) & available
    # Latin letters and digits come from the page's face (below).
    latin = _codepoints("0041-005A 0061-007A 00C0-024F")
    primes = _codepoints(_PRIMES) & available
    greek = (_codepoints(_GREEK) & available) - base
    operators = (_codepoints(_OPERATORS) & available) - base
    arrows = (_codepoints(_ARROWS) & available) - base
    script = _codepoints(_SCRIPT) & available
    rest = available - base - greek - operators - arrows - double_struck - bold - script - primes - latin
    symbols = {p for p in rest if p < 0x10000}
    alphabets = rest - symbols
    parts = {
        "base": base, "greek": greek, "operators": operators, "arrows": arrows, "primes": primes,
        "double-struck": double_struck, "bold": bold, "script": script,
        "symbols": symbols, "alphabets": alphabets,
    }
    css = []
    # The ranges do not overlap, so the order of the rules does not matter.
    for part, points in parts.items():
        data = _subset(points, ("ssty",) if part == "primes" else ())
        print(f"{part}: {len(points)} characters, {len(data)} bytes ({len(data) / 1024:.1f} KiB)")
        if args.write:
            (FONTS / f"tufte-pagella-math-{part}.woff2").write_bytes(data)
        css.append(
            f'@font-face {{ font-family: "{FAMILY}"; src: url("fonts/tufte-pagella-math-{part}.woff2") format("woff2"); '
            f"font-display: swap; unicode-range: {_unicode_range(points)}; }}"
        )
    if args.write:
        print("\n".join(css))


if __name__ == "__main__":
    main()
