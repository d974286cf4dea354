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


# ---- the cases, measured in the page ---------------------------------------

CASES = r"""
# Cases

Primes $m'$ and $f''(x)$, then $\max(m, m')$ and $\beta\log\pi$, and a word
$\text{loss} = \tanh(x)$.

$$
\hat{\theta} = \operatorname*{arg\,max}_{x} f(x)
$$ (argmax)

$$
a &= b \\[10pt] c &= d \\ e &= f
$$ (gap)

$$
a &= b \\ c &= d \\ e &= f
$$ (nogap)

$$
a &= b \\[-3pt] c &= d \\ e &= f
$$ (neggap)

$$
\{ \frac{a}{b} \} \quad \left\{ \frac{a}{b} \right\}
$$ (braces)

$$
\begin{gathered} x = 1 \\ a + b + c + d = e + f \end{gathered}
$$ (gathered)

$$
p(y \mid x) = \frac{a}{b} \\ q = 1
$$ (rows)
"""

PLAIN = "# Plain\n\nNo equations on this page.\n"


@pytest.fixture(scope="module")
def cases_site(tmp_path_factory):
    return build_once(
        tmp_path_factory, "mathcases", {"index.md": CASES + "\n```{toctree}\nplain\n```\n", "plain.md": PLAIN}
    )


def _boxes(page, selector):
    return page.locator(selector).evaluate_all("els => els.map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })")


@pytest.mark.browser
def test_primes_are_raised_prime_signs(cases_site, open_page):
    page = open_page(cases_site, "index.html").page
    # f'' is two primes in a row; every one is U+2032 in an operator.
    primes = page.locator("article p math msup > mo, article p math msup > mrow > mo")
    assert primes.count() == 4
    assert set(primes.evaluate_all("els => els.map(e => e.textContent)")) == {"\u2032"}
    # Raised like a superscript: the prime's middle is above the letter's middle.
    for base, prime in page.locator("article p math msup").evaluate_all(
        "els => els.map(e => [e.children[0].getBoundingClientRect(), e.children[1].getBoundingClientRect()])"
        ".map(([a, b]) => [[a.y, a.height], [b.y, b.height]])"
    ):
        assert prime[0] + prime[1] / 2 < base[0] + base[1] / 2


@pytest.mark.browser
def test_arg_max_has_its_limit_under_it_in_upright_letters(cases_site, open_page):
    page = open_page(cases_site, "index.html").page
    under = page.locator("#equation-argmax munder")
    name, limit = under.evaluate("e => [...e.children].map(c => { const r = c.getBoundingClientRect(); return [r.x, r.y, r.width, r.height, c.textContent]; })")
    assert name[4] == "arg\u2009max" or name[4].replace("\u2009", " ") == "arg max"
    # Below the name and centred under it.
    assert limit[1] >= name[1] + name[3] - 2
    assert abs((limit[0] + limit[2] / 2) - (name[0] + name[2] / 2)) < 2
    # A multi-letter <mi> is upright in MathML Core; no literal asterisk anywhere.
    assert "*" not in page.locator("#equation-argmax math").text_content()


@pytest.mark.browser
def test_row_gap_adds_space_below_its_row(cases_site, open_page):
    page = open_page(cases_site, "index.html").page
    gap = _boxes(page, "#equation-gap mtr")
    plain = _boxes(page, "#equation-nogap mtr")
    assert "[10pt]" not in page.locator("#equation-gap").text_content()
    em = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#equation-gap math')).fontSize)")
    first_step = gap[1][1] - gap[0][1]
    plain_step = plain[1][1] - plain[0][1]
    # 10pt is 1em of a 10pt font: the first step grows by about one em, the next not.
    assert 0.8 * em <= first_step - plain_step <= 1.2 * em
    assert abs((gap[2][1] - gap[1][1]) - (plain[2][1] - plain[1][1])) < 1
    # \\[-3pt] pulls the second row up by about 0.3 em, the third stays.
    pulled = _boxes(page, "#equation-neggap mtr")
    assert 0.2 * em <= plain_step - (pulled[1][1] - pulled[0][1]) <= 0.4 * em
    assert abs((pulled[2][1] - pulled[1][1]) - (plain[2][1] - plain[1][1])) < 1


@pytest.mark.browser
def test_braces_stretch_in_pairs(cases_site, open_page):
    page = open_page(cases_site, "index.html").page
    braces = page.locator("#equation-braces mo").evaluate_all(
        "els => els.filter(e => '{}'.includes(e.textContent)).map(e => e.getBoundingClientRect().height)"
    )
    assert len(braces) == 4, braces
    plain_open, plain_close, left, right = braces
    assert abs(plain_open - plain_close) < 1
    assert abs(left - right) < 1
    # \left\{ .. \right\} grows to the fraction; the bare pair keeps its size.
    assert left > plain_open * 1.3


@pytest.mark.browser
def test_rows_without_alignment_are_centred(cases_site, open_page):
    page = open_page(cases_site, "index.html").page
    for label in ("gathered", "rows"):
        cells = page.locator(f"#equation-{label} mtd").evaluate_all(
            "els => els.map(e => { const b = [...e.children].map(c => c.getBoundingClientRect());"
            " const left = Math.min(...b.map(x => x.left)), right = Math.max(...b.map(x => x.right));"
            " return (left + right) / 2; })"
        )
        assert len(cells) == 2, label
        assert abs(cells[0] - cells[1]) < 2, (label, cells)


@pytest.mark.browser
def test_words_in_a_formula_share_the_operator_names_face(cases_site, open_page):
    """\\text{loss} and \\tanh come out in one face, the page's, and the math face loads."""
    page = open_page(cases_site, "index.html").page
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]

    def fonts(selector: str) -> set[str]:
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        return {f["familyName"] for f in session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}

    text = fonts("article p math mtext")
    assert any(name.replace(" ", "").startswith("ETBook") for name in text), text
    # The letters of tanh: the same face as the words beside them.
    tanh = page.locator("article p math mi", has_text="tanh")
    assert tanh.count() == 1
    tanh.evaluate("e => e.setAttribute('data-probe', '1')")
    assert fonts("[data-probe]") == text
    # Italic x and the parenthesis come from the bundled math face.
    page.locator("#equation-argmax mi").first.evaluate("e => e.setAttribute('data-letter', '1')")
    assert any("Pagella" in name for name in fonts("[data-letter]")), fonts("[data-letter]")
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any("tufte-pagella-math-base.woff2" in url for url in loaded)


@pytest.mark.browser
def test_pages_without_math_fetch_no_math_font(cases_site, open_page):
    page = open_page(cases_site, "plain.html").page
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [url for url in loaded if "pagella" in url]
