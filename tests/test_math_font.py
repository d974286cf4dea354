"""The bundled math face's weight: real WOFF2 files, one rule per file, and a page of
ordinary math fetching only the small base file (the design's 150 KB a post)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT, build_once

from sphinx_tufte.math import convert

STATIC = ROOT / "sphinx_tufte" / "themes" / "tufte" / "static"
FONTS = sorted((STATIC / "fonts").glob("tufte-pagella-math-*.woff2"))


def _math_faces() -> dict[str, str]:
    """File name -> unicode-range, from the marked block of tufte.css."""
    css = (STATIC / "tufte.css").read_text(encoding="utf-8")
    block = css.split("/* tufte-math-face: begin", 1)[1].split("/* tufte-math-face: end */", 1)[0]
    faces = {}
    for rule in block.split("@font-face")[1:]:
        source = rule.split('url("fonts/', 1)[1].split('"', 1)[0]
        faces[source] = rule.split("unicode-range:", 1)[1].split(";", 1)[0].strip()
    return faces


def test_the_math_files_are_woff2():
    # A font saved under a .woff2 name is not compressed by the name: the subsets were
    # plain OpenType (51 KB for the base, 32 KB as WOFF2).
    assert FONTS
    assert {path.name: path.read_bytes()[:4] for path in FONTS} == {path.name: b"wOF2" for path in FONTS}


def test_every_math_file_has_one_rule():
    faces = _math_faces()
    assert sorted(faces) == [path.name for path in FONTS]
    assert all(faces.values())


def _covered(ranges: str, char: str) -> bool:
    for part in ranges.split(","):
        low, _, high = part.strip().removeprefix("U+").partition("-")
        if int(low, 16) <= ord(char) <= int(high or low, 16):
            return True
    return False


ACCENTS = [r"\bar", r"\hat", r"\tilde", r"\vec", r"\dot", r"\ddot", r"\check", r"\acute", r"\grave", r"\breve", r"\mathring", r"\widehat", r"\widetilde"]


@pytest.mark.parametrize("command", ACCENTS)
def test_every_accent_is_drawn_from_the_math_face(command):
    # A character outside every math file falls to the page's face: \bar's overline
    # (U+203E) fetched ET Book's extended Latin file, 14 KB, for one stroke.
    root = ET.fromstring(convert(command + "{x}", display=False))
    accents = [mover[1].text for mover in root.iter("{http://www.w3.org/1998/Math/MathML}mover")]
    assert len(accents) == 1 and accents[0]
    faces = _math_faces()
    assert any(_covered(ranges, accents[0]) for ranges in faces.values()), (command, hex(ord(accents[0])))


ORDINARY = r"""
# Ordinary math

The sides satisfy $a^2 + b^2 = c^2$, the mean of $x_i$ is $\bar{x}$, and

$$
f(x) = 3x^2 - 2x + 1, \quad y \leq f(x) \neq 0.
$$
"""

GREEK_AND_SUMS = r"""
# Greek and sums

$$
\hat{\mu} = \frac{1}{n} \sum_{i=1}^{n} x_i, \qquad \sigma \approx \sqrt{\alpha}
$$

Inline, the same sum is smaller: $\sum_{i=1}^{n} x_i$.
"""


@pytest.fixture(scope="module")
def weight_site(tmp_path_factory):
    return build_once(tmp_path_factory, "mathweight", {"index.md": ORDINARY + "\n```{toctree}\ngreek\n```\n", "greek.md": GREEK_AND_SUMS})


def _math_fonts_loaded(page) -> dict[str, int]:
    entries = page.evaluate(
        "performance.getEntriesByType('resource').map(e => [e.name, e.encodedBodySize || e.transferSize])"
    )
    return {name.rsplit("/", 1)[1]: size for name, size in entries if "tufte-pagella-math-" in name}


@pytest.mark.browser
def test_ordinary_math_fetches_only_the_small_base_file(weight_site, open_page):
    page = open_page(weight_site, "index.html").page
    loaded = _math_fonts_loaded(page)
    assert set(loaded) == {"tufte-pagella-math-base.woff2"}, loaded
    # Nor does an accent reach for the page's face: ASCII words need only its basic files.
    fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name.split('/').pop())")
    assert [name for name in fetched if name.startswith("et-book") and not name.endswith("-basic.woff2")] == [], fetched
    on_disk = (STATIC / "fonts" / "tufte-pagella-math-base.woff2").stat().st_size
    # Was 50 KiB: plain OpenType under a .woff2 name, with fewer of the stretchy glyphs.
    assert on_disk <= 34 * 1024, on_disk
    # The letters are the math face's, not a fallback's.
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": "article math mi"})["nodeId"]
    used = {f["familyName"] for f in session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
    assert any("Pagella" in name for name in used), used


@pytest.mark.browser
def test_greek_fetches_its_own_file_and_big_operators_stay_in_the_base(weight_site, open_page):
    page = open_page(weight_site, "greek.html").page
    loaded = _math_fonts_loaded(page)
    assert set(loaded) == {
        "tufte-pagella-math-base.woff2",
        "tufte-pagella-math-greek-lowercase.woff2",
    }, loaded
    sizes = {name: (STATIC / "fonts" / name).stat().st_size for name in loaded}
    assert sum(sizes.values()) <= 44 * 1024, sizes
    # The display sum takes its larger size variant: Chromium looks for it only in the
    # face that holds the space (the base), so a sum kept in another file stays small.
    heights = page.locator("article math").evaluate_all(
        "els => els.map(m => [m.getAttribute('display'),"
        " [...m.querySelectorAll('mo')].filter(o => o.textContent === '\u2211')[0].getBoundingClientRect().height])"
    )
    display = [h for mode, h in heights if mode == "block"]
    inline = [h for mode, h in heights if mode != "block"]
    assert display and inline and display[0] > 1.2 * inline[0], heights


SCRIPTS = r"""
# Two scripts

A loss $\mathcal{L}$ and a Lagrangian $\mathscr{L}$, in a display too:

$$
\mathscr{F} = \mathcal{F} \cup \mathscr{B}
$$
"""


def _fonts_of(page, selector: str) -> list[set[str]]:
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = session.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
    return [{f["familyName"] for f in session.send("CSS.getPlatformFontsForNode", {"nodeId": n})["fonts"]} for n in nodes]


@pytest.mark.browser
def test_mathscr_is_roundhand_and_mathcal_stays_the_math_face_s_script(tmp_path_factory, open_page):
    """\\mathscr and \\mathcal share their code points; only \\mathscr's letters are drawn
    from the roundhand face, which only such a page fetches."""
    site = build_once(tmp_path_factory, "mathscripts", {"index.md": SCRIPTS + "\n```{toctree}\nplain\n```\n", "plain.md": ORDINARY})
    page = open_page(site, "index.html").page
    roundhand = _fonts_of(page, "article math mi.mathscr")
    chancery = _fonts_of(page, "article math mi.mathcal")
    assert len(roundhand) == 3 and len(chancery) == 2
    assert all(fonts == {"Tufte Roundhand"} for fonts in roundhand), roundhand
    assert all(any("Pagella" in name for name in fonts) and "Tufte Roundhand" not in fonts for fonts in chancery), chancery
    # The MathML keeps Unicode's script capitals (what a screen reader and a copy get).
    assert page.locator("article math mi.mathscr").first.text_content() == "\u2112"
    fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name.split('/').pop())")
    assert "tufte-roundhand.woff2" in fetched
    plain = open_page(site, "plain.html").page
    assert "tufte-roundhand.woff2" not in plain.evaluate("performance.getEntriesByType('resource').map(e => e.name.split('/').pop())")
