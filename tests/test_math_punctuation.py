"""A full stop after inline math stays on the formula's line (sphinx_tufte/math/punctuation.py)."""

from __future__ import annotations

import pytest
from conftest import build_once

# Sentences ending on a formula, many to a paragraph, so that at a phone's width some
# formula ends a line whatever the exact font metrics.
SENTENCES = " ".join(
    f"Step {i} bounds the sum by $\\sum_{{j<{i}}} x_j$. Then the mean is $\\bar x_{i}$, and its tail $y_{i}$;"
    for i in range(1, 30)
)
PAGE = f"""
# Punctuation

{SENTENCES} done.

Nothing follows $z$ here, and $w$ is followed by a word.

(As in $a + b$)! A quote: “$c$”. Several marks: $d$?!

Markup after a formula, $e$ *emphasis*, stays as it is.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_once(tmp_path_factory, "mathpunct", {"index.md": PAGE})


def _groups(soup):
    return [
        (span.find("math").get("alttext"), span.get_text()[len(span.find("math").get_text()) :])
        for span in soup.select("span.tufte-math-nowrap")
    ]


def test_punctuation_after_inline_math_is_grouped_with_it(site):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    groups = dict(_groups(soup))
    assert groups[r"\sum_{j<1} x_j"] == "."
    assert groups[r"\bar x_1"] == ","
    assert groups["y_1"] == ";"
    assert groups["a + b"] == ")!"
    assert groups["c"] == "\u201d."
    assert groups["d"] == "?!"
    # A space, a word or markup after the formula: nothing to hold together.
    for alone in ("z", "w", "e"):
        assert alone not in groups
    # Every formula is still there once, and the text reads as written.
    assert len(soup.select("article math")) == 3 * 29 + 6
    text = " ".join(soup.select_one("article").get_text().split())
    assert "(As in a+b)! A quote: “c”. Several marks: d?!" in text


def test_latex_output_has_no_trace_of_the_grouping(tmp_path_factory):
    from conftest import MYST_CONF

    out = build_once(
        tmp_path_factory, "mathpunctlatex",
        {"conf.py": MYST_CONF + 'latex_documents = [("index", "p.tex", "P", "A", "howto")]\n', "index.md": PAGE},
        buildername="latex",
    )
    tex = (out / "p.tex").read_text(encoding="utf-8")
    assert r"\(\bar x_1\)," in tex and "nowrap" not in tex


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 400, 430])
def test_no_line_starts_with_the_punctuation_after_a_formula(site, open_page, width):
    page = open_page(site, "index.html", width=width).page
    # For each group: the top of the formula's box and of the group's last character.
    tops = page.locator("span.tufte-math-nowrap").evaluate_all(
        """spans => spans.map(span => {
            const range = document.createRange();
            const text = span.lastChild;
            range.setStart(text, text.length - 1);
            range.setEnd(text, text.length);
            return [span.querySelector('math').getBoundingClientRect().top, range.getBoundingClientRect().top];
        })"""
    )
    assert len(tops) >= 80
    # Both on one line: the mark sits within the formula's line box, never a line below.
    apart = [(math, mark) for math, mark in tops if mark - math > 12]
    assert not apart, apart
