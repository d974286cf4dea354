"""The page in a real browser: layout at phone and desktop widths, both colour schemes,
the toggle, JavaScript off, print, accessibility (axe-core) and HTML validity (Nu)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import build_once, describe_violations

pytestmark = pytest.mark.browser

PAGE = {
    "index.md": """
        ---
        subtitle: A page with the things a post has
        ---
        # A long title for a sample page

        The text column holds the prose. It is about two thirds of the page at
        desktop width, and the margin to its right is where notes and small figures go.
        A reader should see a comfortable measure of some twelve words a line, set in a
        book face on a warm background, with nothing pressing against the edges.

        ## Code and tables

        A code block with a line far longer than the column, which must scroll sideways
        inside its box rather than widen the page:

        ```python
        def selective_log_softmax(logits, index):
            return torch.gather(logits.log_softmax(-1), dim=-1, index=index.unsqueeze(-1)).squeeze(-1)  # and a long comment
        ```

        | method | tokens/s | memory (GB) | loss | steps | notes on the run | another column | and another |
        |--------|----------|-------------|------|-------|------------------|----------------|-------------|
        | baseline | 10,204 | 21.3 | 3.28 | 5100 | the first run of the whole series | something | something else |
        | fused | 14,730 | 11.9 | 3.28 | 5100 | a kernel that fuses the softmax | more text | yet more text here |
        | `torch.compile(model, mode="max-autotune-no-cudagraphs")` | 15,002 | 11.8 | 3.28 | 5100 | `CUBLAS_WORKSPACE_CONFIG=:4096:8` | - | - |

        ## Lists and quotes

        - A first item, with [a link](other.md).
        - A second item with `inline code`.

        > A quotation set apart from the text, as books do.

        ```{note}
        An admonition, which a documentation project will have.
        ```

        ```{toctree}
        :hidden:
        other
        ```
        """,
    "other.md": "# Other page\n\nText.\n",
}

CONF = {"html_theme_options": {"nav_links": [["Home", "index"], ["Other", "other"]]}}
SHOTS = Path(os.environ.get("TUFTE_SCREENSHOTS", Path(__file__).parent / "_screenshots"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One build shared by the module's browser tests (they only read it)."""
    return build_once(tmp_path_factory, "page", PAGE, confoverrides=CONF)


def geometry(page):
    return page.evaluate(
        """() => {
          const box = (sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                                 return {left: r.left, right: r.right, width: r.width}; };
          const pre = document.querySelector("pre");
          const table = document.querySelector("table");
          return {
            viewport: window.innerWidth,
            docWidth: document.documentElement.scrollWidth,
            article: box("article.tufte-article"),
            paragraph: box("article section > p:not(.subtitle)"),
            preScrolls: pre !== null && pre.scrollWidth > pre.clientWidth,
            tableScrolls: table !== null && table.scrollWidth > table.clientWidth,
            background: getComputedStyle(document.body).backgroundColor,
            font: document.fonts.check('1em "ET Book"'),
            hyphens: getComputedStyle(document.querySelector("article p")).hyphens,
          };
        }"""
    )


def luminance(rgb: str) -> float:
    r, g, b = (int(part) for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1400, 375])
def test_layout_and_accessibility(site, open_page, axe, width, scheme):
    opened = open_page(site, "index.html", width=width, scheme=scheme)
    page = opened.page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"page-{width}-{scheme}.png"), full_page=True)
    g = geometry(page)

    assert g["docWidth"] <= g["viewport"], "the page scrolls sideways"
    assert g["preScrolls"] and g["tableScrolls"], "wide code and tables scroll inside their boxes"
    assert g["font"], "ET Book was not loaded from _static"
    assert g["hyphens"] == "manual"
    if width == 1400:
        # A text column of roughly 55% beside a wide margin.
        share = g["paragraph"]["width"] / g["article"]["width"]
        assert 0.5 <= share <= 0.7, share
        assert g["article"]["right"] - g["paragraph"]["right"] > 250, "no room left for the margin"
    else:
        assert g["paragraph"]["width"] > 0.8 * (g["viewport"] - 2 * 0.05 * g["viewport"]) - 2
    if scheme == "dark":
        assert luminance(g["background"]) < 0.15
    else:
        assert luminance(g["background"]) > 0.9

    assert opened.foreign_requests == []
    assert opened.console_errors == []
    violations = axe(page)
    assert violations == [], describe_violations(violations)


@pytest.mark.parametrize("width", [320, 2560])
def test_extreme_widths_stay_readable(site, open_page, width):
    page = open_page(site, "index.html", width=width).page
    g = geometry(page)
    assert g["docWidth"] <= g["viewport"]
    if width == 2560:
        # The measure stays a measure: lines do not run across a wide monitor.
        assert g["paragraph"]["width"] < 900


def test_toggle_switches_and_remembers(site, open_page):
    opened = open_page(site, "index.html", width=1400, scheme="light")
    page = opened.page
    toggle = page.locator("button.color-scheme-toggle")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    assert luminance(geometry(page)["background"]) < 0.15
    # Remembered on the next page, applied by the inline head script before the
    # deferred script runs (the attribute is there at DOMContentLoaded).
    page.goto(opened.base + "other.html", wait_until="domcontentloaded")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.locator("button.color-scheme-toggle").click()
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    assert luminance(geometry(page)["background"]) > 0.9


def test_reads_with_javascript_off(site, open_page):
    page = open_page(site, "index.html", width=375, scheme="dark", javascript=False).page
    assert not page.locator("button.color-scheme-toggle").is_visible()
    assert page.locator("article h1").is_visible()
    # With no script the system preference still gives dark colours.
    assert luminance(geometry(page)["background"]) < 0.15


def test_keyboard_reaches_skip_link_and_navigation(site, open_page):
    page = open_page(site, "index.html", width=375).page
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator("a.skip-link").bounding_box()["y"] >= 0
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "site-title"


def test_print_hides_navigation_keeps_text(site, open_page):
    page = open_page(site, "index.html", width=800).page
    page.emulate_media(media="print")
    assert not page.locator("header.site-header").is_visible()
    assert page.locator("article h1").is_visible()
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)"


@pytest.mark.vnu
def test_pages_are_valid_html(site, vnu):
    pages = [site / name for name in ("index.html", "other.html", "genindex.html", "search.html")]
    assert vnu(pages) == []
