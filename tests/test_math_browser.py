"""Math in a real browser: numbers in the margin, wide equations scrolling, colours
matching the text in both schemes, no script, axe and the Nu checker clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_once, describe_violations

PAGE = r"""
# Equations $\mathbb{E}[X]$

Bayes' rule $P(A \mid B) = \frac{P(B \mid A) P(A)}{P(B)}$ sits inline with the text, and so
does the expectation $\mathbb{E}_{x \sim p}[f(x)]$.

$$
\mathcal{L}(\theta) = -\frac{1}{N} \sum_{n=1}^{N} \log p_\theta(y_n \mid x_n)
$$ (loss)

The loss {eq}`loss` is minimised, and the bound {eq}`wide` is long.

$$
f(x) = a_0 + a_1 x + a_2 x^2 + a_3 x^3 + a_4 x^4 + a_5 x^5 + a_6 x^6 + a_7 x^7 + a_8 x^8 + a_9 x^9 + a_{10} x^{10} + a_{11} x^{11} + a_{12} x^{12} + a_{13} x^{13} + a_{14} x^{14} + a_{15} x^{15}
$$ (wide)

$$
|x| = \begin{cases} x & \text{if } x \geq 0 \\ -x & \text{otherwise} \end{cases}
$$

A claim with a note.[^n]

[^n]: Its variance is $\sigma^2 = \mathbb{E}[(X - \mu)^2]$.

| quantity | formula |
|---|---|
| mean | $\mu = \frac{1}{n}\sum_i x_i$ |

Broken on purpose: $\frac{a}{$.
"""

SHOTS = Path(__file__).parent / "_screenshots"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    # Built once for every browser test of this module; the page holds a broken
    # equation on purpose, so it warns.
    return build_once(tmp_path_factory, "mathsite", {"index.md": PAGE}, allow_warnings=True)


def _box(page, selector, index=0):
    return page.locator(selector).nth(index).bounding_box()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_equation_numbers_in_the_margin(site, open_page, scheme):
    opened = open_page(site, "index.html", width=1400, scheme=scheme)
    page = opened.page
    assert opened.foreign_requests == []
    paragraph = _box(page, "article section > p")
    blocks = page.locator(".tufte-math:has(.eqno)")
    for i in range(blocks.count()):
        block = blocks.nth(i).bounding_box()
        number = blocks.nth(i).locator(".eqno").bounding_box()
        # At the text column's right edge (issue 13: in the margin it stacked below
        # notes and drifted from its equation), level with the equation's middle.
        column_right = paragraph["x"] + paragraph["width"]
        assert column_right - 80 <= number["x"] and number["x"] + number["width"] <= column_right + 1
        assert block["y"] - 2 <= number["y"] <= block["y"] + block["height"] / 2
        assert abs(number["y"] + number["height"] / 2 - (block["y"] + block["height"] / 2)) <= 3
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"math-1400-{scheme}.png"), full_page=True)


@pytest.mark.browser
def test_numbers_and_notes_never_overlap(build, open_page):
    """A long note beside an equation: the number moves below it, as notes stack."""
    long_note = " ".join(["The note goes on at length about the derivation."] * 8)
    page_text = (
        "# Overlap\n\nA claim.[^a] Then an equation right after.\n\n"
        "$$\na = b\n$$ (ab)\n\n$$\nc = d\n$$ (cd)\n\n"
        f"[^a]: {long_note}\n"
    )
    built = build({"index.md": page_text})
    page = open_page(built.outdir, "index.html", width=1400).page
    note = page.locator(".sidenote").first.bounding_box()
    for selector in ("#equation-ab .eqno", "#equation-cd .eqno"):
        number = page.locator(selector).bounding_box()
        apart = (
            number["y"] >= note["y"] + note["height"] - 1
            or number["y"] + number["height"] <= note["y"] + 1
            or number["x"] >= note["x"] + note["width"]
            or number["x"] + number["width"] <= note["x"]
        )
        assert apart, (selector, number, note)
    first = page.locator("#equation-ab .eqno").bounding_box()
    second = page.locator("#equation-cd .eqno").bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1


@pytest.mark.browser
def test_narrow_screen_keeps_numbers_beside_and_page_unscrolled(site, open_page):
    page = open_page(site, "index.html", width=375).page
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for i in range(page.locator(".tufte-math .eqno").count()):
        box = _box(page, ".tufte-math .eqno", i)
        assert box["x"] + box["width"] <= 375
    page.screenshot(path=str(SHOTS / "math-375-light.png"), full_page=True)


@pytest.mark.browser
def test_wide_equation_scrolls_inside_its_box(site, open_page):
    page = open_page(site, "index.html", width=1400).page
    scroller = page.locator("#equation-wide .tufte-math-scroll")
    widths = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] > widths[1], "the wide equation should overflow its box"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    # The number stays put when the equation scrolls.
    before = _box(page, "#equation-wide .eqno")
    scroller.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    assert _box(page, "#equation-wide .eqno") == before
    # Narrow equations are centred in the column.
    first = _box(page, "#equation-loss math")
    column = _box(page, "article section > p")
    centre = column["x"] + column["width"] / 2
    assert abs(first["x"] + first["width"] / 2 - centre) < 40


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_math_takes_the_text_colour_and_size(site, open_page, scheme):
    page = open_page(site, "index.html", width=1400, scheme=scheme).page
    colours = page.evaluate(
        """() => [getComputedStyle(document.querySelector('article p')).color,
                  getComputedStyle(document.querySelector('article p math')).color,
                  getComputedStyle(document.querySelector('.tufte-math math')).color]"""
    )
    assert colours[0] == colours[1] == colours[2]
    body_size, math_size = page.evaluate(
        """() => [parseFloat(getComputedStyle(document.querySelector('article p')).fontSize),
                  parseFloat(getComputedStyle(document.querySelector('article p math')).fontSize)]"""
    )
    assert 0.85 * body_size <= math_size <= 1.05 * body_size
    # MathML laid out by the browser (a math box with height), not source text.
    height = page.evaluate("document.querySelector('.tufte-math math').getBoundingClientRect().height")
    assert height > 20


@pytest.mark.browser
def test_no_script_needed(site, open_page):
    opened = open_page(site, "index.html", width=1400, javascript=False)
    page = opened.page
    assert page.locator("math").count() >= 8
    assert opened.foreign_requests == []
    scripts = page.evaluate("[...document.scripts].map(s => s.src)")
    assert not [s for s in scripts if "math" in s.lower() or "katex" in s.lower()]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_clean(site, open_page, axe, scheme):
    opened = open_page(site, "index.html", width=1400, scheme=scheme)
    violations = axe(opened.page)
    assert violations == [], describe_violations(violations)


@pytest.mark.vnu
def test_nu_checker_clean(site, vnu):
    assert vnu([site / "index.html"]) == []
