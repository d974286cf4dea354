"""What documentation pages hold, under the theme (issue 14, item 4): the meaning
basic.css gives docutils' and Sphinx's markup (the theme does not link basic.css),
admonitions by kind, figures that keep their images and captions, autodoc signatures,
field lists and the general index on a phone, the footnotes rubric, the alt-text rule
and the dark code style's line height. Structure with BeautifulSoup; what a reader sees
with computed styles and boxes in Chromium."""

from __future__ import annotations

import struct
import zlib

import pytest

from conftest import build_once

CONF = """
import os, sys
sys.path.insert(0, os.path.abspath("."))
project = "Docs"
html_theme = "tufte"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.viewcode", "sphinx_tufte"]
"""

MODULE = '''
"""A module to document."""


def spam(eggs: int, *, bacon: str = "crispy") -> str:
    """Cook.

    :param eggs: How many eggs: averyveryverylongwordwithoutanyspacesatallthatwouldscrollthepagesidewaysonaphone_unless_it_wraps.
    :param bacon: How the bacon is done.
    :returns: The breakfast.
    """
    return bacon * eggs
'''

CONTENT = """
Content
=======

An opening paragraph.

a. first lettered
b. second lettered

A. first upper
B. second upper

i. first roman
ii. second roman

I. first upper roman
II. second upper roman

term : the classifier
   A definition.

| The first line
|     an indented line
| the last line

.. table:: An aligned table
   :align: right

   =====  =====
   one    two
   =====  =====
   1      2
   =====  =====

.. note::

   The note after the aligned table, with ``some code in it`` and more words that
   should run across the column as any paragraph does.

.. tip:: A tip.

.. important:: Important.

.. warning:: A warning.

.. danger:: A danger.

.. seealso:: Another page.

.. versionadded:: 1.0
   Something new.

.. deprecated:: 2.0
   Something old.

.. sidebar:: The sidebar's title

   Words beside the text.

.. rubric:: A rubric

.. topic:: A topic

   The topic's text.

.. hlist::
   :columns: 3

   * alpha
   * beta
   * gamma

.. figure:: box.png
   :figwidth: 300px
   :alt: A box with a width of its own

   The caption of a figure with its own width.

.. figure:: box.png
   :width: 200px
   :alt: A box with an image width

   The caption of a figure whose image has a width.

.. note::

   .. figure:: box.png
      :alt: A boxed box

      The caption inside the note.

.. list-table::

   * - .. figure:: box.png
          :alt: In a cell

          The caption in a cell.
     - Next cell.

.. py:module:: mod

.. autofunction:: mod.spam

.. py:function:: a_function_with_a_name_far_too_long_for_a_phone_screen_to_show_on_one_line()

   Its entry in the general index is as long.

.. py:function:: overloaded(x: int) -> int
                 overloaded(x: str) -> str

   Two signatures.

An image without alt text:

.. image:: box.png

Text with a footnote [#f]_.

.. rubric:: Footnotes

.. [#f] The footnote, in the margin.
"""


def box_png(width: int = 240, height: int = 160) -> bytes:
    """A grey PNG of the given size (images with a size of their own, unlike a pixel)."""
    row = b"\x00" + b"\x99\x99\x99" * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def project() -> dict[str, str | bytes]:
    return {"conf.py": CONF, "index.rst": CONTENT, "mod.py": MODULE, "box.png": box_png()}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_once(tmp_path_factory, "docs-content", project())


def soup_of(site, name: str = "index.html"):
    from bs4 import BeautifulSoup

    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "lxml")


# ---- structure and the build -------------------------------------------------------


def test_builds_without_warnings_and_no_alt_text_warning_by_default(build):
    """A figure and an image without alt text pass (-W builds that pass under
    alabaster pass here); tufte_check_alt_text = True flags both, at their lines."""
    files = project()
    built = build(files)
    assert "WARNING" not in built.warnings, built.warnings
    # sphinx.ext.viewcode writes its module pages (it cut the highlighted code at a
    # bare <pre>, and failed the build on the theme's tab stop).
    assert (built.outdir / "_modules" / "mod.html").exists()
    built = build(files, confoverrides={"tufte_check_alt_text": True})
    lines = [line for line in built.warning_lines() if "[tufte.alt_text]" in line]
    assert len(lines) == 1 and "index.rst:" in lines[0] and "image 'box.png' has no alt text" in lines[0], lines


def test_footnotes_rubric_goes_with_its_footnotes(site):
    soup = soup_of(site)
    article = soup.select_one("article")
    assert "A rubric" in [p.get_text(strip=True) for p in article.select("p.rubric")]
    # Every footnote after it became a note: the heading would head nothing.
    assert "Footnotes" not in [p.get_text(strip=True) for p in article.select("p.rubric")]
    assert article.select_one(".sidenote") is not None
    assert not article.select(".footnote-list")


def test_footnotes_rubric_stays_where_footnotes_stay(build):
    built = build(project(), confoverrides={"tufte_sidenotes": False})
    article = built.soup().select_one("article")
    assert "Footnotes" in [p.get_text(strip=True) for p in article.select("p.rubric")]
    assert article.select_one("aside.footnote-list") is not None


def test_dark_code_style_keeps_the_line_height(site):
    css = (site / "_static" / "pygments.css").read_text(encoding="utf-8")
    dark = css[css.index("sphinx-tufte: Pygments style") :]
    assert "line-height" not in dark


# ---- in the browser --------------------------------------------------------------------


def computed(page, selector: str, prop: str) -> str:
    return page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).getPropertyValue({prop!r})")


def box(page, selector: str) -> dict[str, float]:
    return page.evaluate(
        "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height}; }",
        selector,
    )


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_basic_semantics_in_the_browser(site, open_page, scheme):
    page = open_page(site, width=1400, scheme=scheme).page
    styles = {
        "ol.loweralpha": "lower-alpha",
        "ol.upperalpha": "upper-alpha",
        "ol.lowerroman": "lower-roman",
        "ol.upperroman": "upper-roman",
    }
    for selector, style in styles.items():
        assert computed(page, selector, "list-style-type") == style, selector
    # The classifier is set apart from its term.
    assert page.evaluate("getComputedStyle(document.querySelector('span.classifier'), '::before').content") != "none"
    # A nested line block is indented.
    outer = box(page, "div.line-block > div.line")
    inner = box(page, "div.line-block div.line-block > div.line")
    assert inner["left"] > outer["left"] + 10
    # Versions are set apart: a rule at their left.
    assert computed(page, "div.versionadded", "border-left-style") == "solid"
    assert computed(page, "p.rubric", "font-style") == "italic"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_admonition_kinds_differ(site, open_page, scheme):
    page = open_page(site, width=1400, scheme=scheme).page
    colours = {
        kind: computed(page, f"div.admonition.{kind}", "border-left-color")
        for kind in ["note", "tip", "important", "warning", "danger"]
    }
    assert len(set(colours.values())) == 5, colours
    assert computed(page, "div.admonition.note", "border-left-color") == computed(
        page, "div.admonition.seealso", "border-left-color"
    )
    # Each title names its kind in words, so colour is not the only sign.
    titles = page.evaluate("[...document.querySelectorAll('.admonition-title')].map(t => t.textContent)")
    assert {"Note", "Tip", "Important", "Warning", "Danger", "See also"} <= set(titles)


@pytest.mark.browser
def test_aligned_table_does_not_float_and_the_next_note_keeps_the_column(site, open_page):
    page = open_page(site, width=1400).page
    assert computed(page, "table.align-right", "float") == "none"
    table = box(page, "table.align-right")
    note = box(page, "div.admonition.note")
    text = box(page, "article > section > p")
    assert note["top"] >= table["bottom"] - 1
    assert abs(note["width"] - text["width"]) < 2, (note, text)
    # Still aligned: the table's right edge is the column's.
    assert abs(table["right"] - text["right"]) < 2


@pytest.mark.browser
@pytest.mark.parametrize("width", [1400, 375])
def test_figures_keep_their_images_and_captions(site, open_page, width):
    page = open_page(site, width=width).page
    figures = page.evaluate(
        """() => [...document.querySelectorAll('article figure')].map(f => {
          const r = f.getBoundingClientRect(), img = f.querySelector('img').getBoundingClientRect();
          const cap = f.querySelector('figcaption').getBoundingClientRect();
          const holder = f.parentElement.closest('.admonition, td');
          const h = holder ? holder.getBoundingClientRect() : null;
          return {alt: f.querySelector('img').alt, img: [img.width, img.height, img.bottom],
                  cap: [cap.left, cap.right, cap.top, cap.bottom], fig: [r.left, r.right],
                  holder: h ? [h.left, h.right, h.top, h.bottom] : null,
                  page: document.documentElement.clientWidth};
        })"""
    )
    assert len(figures) == 4
    for figure in figures:
        assert figure["img"][0] > 50 and figure["img"][1] > 30, figure
        left, right, top, _bottom = figure["cap"]
        assert 0 <= left and right <= figure["page"], figure
        if figure["holder"] is not None or figure["alt"].startswith("A box with a width"):
            # Below its image, inside its figure (and its box).
            assert top >= figure["img"][2] - 1, figure
            assert figure["fig"][0] - 1 <= left and right <= figure["fig"][1] + 1, figure
        if figure["holder"] is not None:
            h_left, h_right, h_top, h_bottom = figure["holder"]
            assert h_left <= left and right <= h_right and figure["cap"][3] <= h_bottom + 1, figure


@pytest.mark.browser
def test_autodoc_signature(site, open_page):
    page = open_page(site, width=1400).page
    assert computed(page, "dt.sig", "font-style") == "normal"
    assert int(computed(page, "dt.sig .sig-name", "font-weight")) >= 700
    assert computed(page, "dt.sig em.sig-param", "font-style") == "normal"
    # [source] at the right end of the signature.
    sig = box(page, "dt.sig")
    source = box(page, "dt.sig .viewcode-link")
    assert sig["right"] - source["right"] < 20 and source["left"] > sig["left"] + sig["width"] / 2
    # Overloads: one signature a line.
    tops = page.evaluate("[...document.querySelectorAll('dl.py.function')].at(-1).querySelectorAll('dt.sig').length")
    assert tops == 2
    first, second = page.evaluate(
        "[...[...document.querySelectorAll('dl.py.function')].at(-1).querySelectorAll('dt.sig')]"
        ".map(d => d.getBoundingClientRect().top)"
    )
    assert second > first + 10


@pytest.mark.browser
@pytest.mark.parametrize("name", ["index.html", "genindex.html", "py-modindex.html"])
def test_no_sideways_scroll_on_a_phone(site, open_page, name):
    if not (site / name).exists():
        pytest.skip(f"{name} not written")
    page = open_page(site, name, width=375).page
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    if name == "index.html":
        field = box(page, "dl.field-list > dd")
        assert field["right"] <= 375
