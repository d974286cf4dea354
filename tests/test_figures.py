"""Margin figures, captions in the margin, full width, alt-text warnings, invert-dark."""

from __future__ import annotations

import re

import pytest

from test_notes import RST_CONF, page_warnings, tiny_png

FIGURES_MD = """
# Figures

Opening paragraph of the page, long enough to wrap over a couple of lines in the text
column so that the margin figure has something to sit beside.

```{margin-figure} dot.png
:alt: A grey box
:name: fig-margin

The margin figure's caption, with *emphasis*.
```

```{margin-figure}
:caption: A table in the margin

| a | b |
|---|---|
| 1 | 2 |
```

```{figure} dot.png
:alt: A grey box in the column
:width: 400px

A main-column figure whose caption sits in the margin.
```

```{figure} dot.png
:alt: A wide grey box
:class: fullwidth

A full-width figure.
```

:::{fullwidth}
A full-width paragraph that runs across the text column and the margin.
:::

```{code-block} python
:class: fullwidth

print("a very long line of code " * 12)
```

```{table} A wide table
:class: fullwidth

| a | b | c |
|---|---|---|
| 1 | 2 | 3 |
```

```{image} dot.png
:alt: A line drawing
:class: invert-dark
```

| {sub}`c1` | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12 | c13 | c14 | c15 | c16 | c17 | c18 | c19 | c20 |
|----|----|----|----|----|----|----|----|----|-----|-----|-----|-----|-----|-----|-----|-----|-----|-----|-----|
| wide-cell-content | wide-cell-content | wide-cell-content | wide-cell-content | wide-cell-content | wide-cell-content | wide-cell-content | wide-cell-content | wide-cell-content | wide-cell-content | x | x | x | x | x | x | x | x | x | x |
"""


@pytest.fixture
def figures(shared_build):
    return shared_build({"index.md": FIGURES_MD, "dot.png": tiny_png()})


def test_margin_figure_markup(figures):
    assert page_warnings(figures) == []
    soup = figures.soup()
    margin = soup.select("figure.margin-figure")
    assert len(margin) == 2
    image_figure, content_figure = margin
    assert image_figure.select_one("img")["alt"] == "A grey box"
    assert image_figure["id"] == "fig-margin"
    assert image_figure.select_one("figcaption").get_text(" ", strip=True).startswith("The margin figure’s caption, with emphasis")
    assert content_figure.select_one("table") is not None
    assert content_figure.select_one("figcaption").get_text(strip=True).startswith("A table in the margin")


def test_fullwidth_forms(figures):
    soup = figures.soup()
    assert "A full-width paragraph" in soup.select_one("div.fullwidth").get_text()
    assert "fullwidth" in soup.find("img", alt="A wide grey box").find_parent("figure")["class"]
    assert soup.select_one("div.fullwidth.highlight-python, div.fullwidth div.highlight") is not None
    assert soup.select_one("table.fullwidth") is not None
    assert "invert-dark" in soup.find("img", alt="A line drawing")["class"]


def test_figure_without_alt_text_warns_with_location(build):
    """When asked (tufte_check_alt_text, off by default: test_docs_content)."""
    md = "# T\n\nText.\n\n```{figure} dot.png\nNo alt here.\n```\n\n```{margin-figure} dot.png\n:alt: fine\n\nOK.\n```\n\n```{margin-figure} dot.png\nAlso none.\n```\n"
    built = build({"index.md": md, "dot.png": tiny_png()}, confoverrides={"tufte_check_alt_text": True})
    lines = [line for line in built.warning_lines() if "tufte.alt_text" in line]
    assert len(lines) == 2, built.warnings
    assert re.match(r".*index\.md:5: WARNING: figure image 'dot\.png' has no alt text", lines[0]), lines
    assert re.match(r".*index\.md:1[45]: WARNING", lines[1]), lines
    rst = "T\n=\n\n.. figure:: dot.png\n\n   Caption.\n\n.. figure:: dot.png\n   :alt:\n\n   Decorative: an empty alt is a choice.\n"
    built = build({"conf.py": RST_CONF, "index.rst": rst, "dot.png": tiny_png()}, confoverrides={"tufte_check_alt_text": True})
    lines = [line for line in built.warning_lines() if "tufte.alt_text" in line]
    assert len(lines) == 1 and re.match(r".*index\.rst:4: WARNING", lines[0]), built.warnings


def test_empty_margin_figure_and_fullwidth_warn(build):
    built = build({"index.md": "# T\n\n```{margin-figure}\n```\n\n:::{fullwidth}\n:::\n"})
    subtypes = re.findall(r"index\.md:\d+: WARNING: .*\[tufte\.(\w+)\]", built.warnings)
    assert sorted(subtypes) == ["empty_container", "empty_figure"], built.warnings


GEOMETRY = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width}; };
  const column = box(document.querySelector("article p"));
  const main = document.querySelector("figure:not(.margin-figure):not(.fullwidth)");
  return {
    column,
    mainImage: box(main.querySelector("img")),
    mainCaption: box(main.querySelector("figcaption")),
    margin: [...document.querySelectorAll("figure.margin-figure")].map(box),
    fullwidth: [...document.querySelectorAll(".fullwidth")].map(box),
    pageWidth: document.documentElement.scrollWidth,
    wideTable: (() => { const t = [...document.querySelectorAll("table")].pop(); return {scroll: t.scrollWidth, client: t.clientWidth, right: t.getBoundingClientRect().right}; })(),
  };
}"""


def test_wide_screen_figure_layout(figures, open_page):
    opened = open_page(figures.outdir, "index.html", width=1400)
    g = opened.page.evaluate(GEOMETRY)
    column = g["column"]
    for box in g["margin"]:
        assert box["left"] >= column["right"] - 1
    # The main figure's caption is in the margin, level with the image's top.
    assert g["mainCaption"]["left"] >= column["right"] - 1
    assert g["mainImage"]["right"] <= column["right"] + 1
    assert abs(g["mainCaption"]["top"] - g["mainImage"]["top"]) < 4
    # Full width: as wide as column and margin, each one.
    widest = max(box["right"] for box in g["margin"])
    for box in g["fullwidth"]:
        assert box["left"] == pytest.approx(column["left"], abs=1)
        assert box["right"] >= widest - 2 and box["right"] > column["right"] + 100
    # Nothing widens the page; the wide table scrolls inside its own box.
    assert g["pageWidth"] <= 1400
    assert g["wideTable"]["scroll"] > g["wideTable"]["client"]
    assert opened.console_errors == []


def test_narrow_screen_caption_below_image(figures, open_page):
    opened = open_page(figures.outdir, "index.html", width=375)
    g = opened.page.evaluate(GEOMETRY)
    assert g["mainCaption"]["top"] >= g["mainImage"]["bottom"] - 1
    assert g["pageWidth"] <= 375
    for box in g["margin"]:
        assert box["right"] <= 375


@pytest.mark.parametrize(("scheme", "inverted"), [("light", False), ("dark", True)])
def test_invert_dark(figures, open_page, scheme, inverted):
    opened = open_page(figures.outdir, "index.html", width=1400, scheme=scheme)
    line_drawing = opened.page.evaluate("getComputedStyle(document.querySelector('img.invert-dark')).filter")
    other = opened.page.evaluate("getComputedStyle(document.querySelector('figure img')).filter")
    assert ("invert" in line_drawing) is inverted
    assert other == "none"
    # The reader's own choice with the toggle counts too.
    opened.page.evaluate(f"document.documentElement.dataset.theme = '{'light' if inverted else 'dark'}'")
    line_drawing = opened.page.evaluate("getComputedStyle(document.querySelector('img.invert-dark')).filter")
    assert ("invert" in line_drawing) is not inverted


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_figures_axe_and_nu_clean(figures, open_page, axe, vnu, scheme):
    from conftest import describe_violations

    opened = open_page(figures.outdir, "index.html", width=1400, scheme=scheme)
    violations = axe(opened.page)
    assert violations == [], describe_violations(violations)
    if scheme == "light":
        assert vnu([figures.outdir / "index.html"]) == []
