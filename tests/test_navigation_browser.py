"""The navigation in a real browser: every page reaches every other by visible links
(hidden toctrees included), the phone menu works by keyboard, search finds a word and
shows it in a snippet, axe finds nothing."""

from __future__ import annotations

from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import build_once, describe_violations
from test_navigation import NESTED

# The tree of test_navigation, one level deeper, every toctree hidden.
SECTIONS = {
    **NESTED,
    "guide/index.md": "# Guide\n\n```{toctree}\n:hidden:\ninstall\nusage/index\n```\n",
    "guide/install.md": (
        "# Install\n\nIntro.\n\n## On Linux\n\nThe quokka package is in apt.\n\n"
        "## On macOS\n\n" + "Use brew, and read on. " * 60 + "\n\n### Details\n\nMore.\n"
    ),
    "guide/usage/index.md": "# Usage\n\n```{toctree}\n:hidden:\nbasics\nadvanced\n```\n",
    "guide/usage/basics.md": "# Basics\n\nFirst steps.\n",
    "guide/usage/advanced.md": (
        "# Advanced $\\beta$ use\n\nDeep water.\n\n## The `fit` call\n\nx\n\n## Its *loss* $L(\\beta)$\n\ny\n"
    ),
    "reference/index.md": "# Reference\n\n```{toctree}\n:hidden:\napi\ncli\n```\n",
    "reference/cli.md": "# Command line\n\nOptions.\n",
}
del SECTIONS["guide/usage.md"]
PAGES = sorted(name.removesuffix(".md") + ".html" for name in SECTIONS)

VISIBLE_LINKS = """() => [...document.querySelectorAll("a[href]")]
    .filter((a) => a.checkVisibility({visibilityProperty: true}) && a.getClientRects().length)
    .map((a) => a.href)"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_once(tmp_path_factory, "navigation-site", SECTIONS)


def _visible_targets(page, base):
    targets = set()
    for href in page.evaluate(VISIBLE_LINKS):
        parts = urlsplit(href)
        if href.startswith(base) and parts.path.endswith(".html"):
            targets.add(parts.path.removeprefix(urlsplit(base).path))
    return targets


@pytest.mark.parametrize("width", [1400, 375])
def test_every_page_reaches_every_other_by_visible_links(site, open_page, width):
    opened = open_page(site, "index.html", width=width, javascript=False)
    page, base = opened.page, opened.base
    graph = {}
    for name in PAGES:
        page.goto(base + name)
        if width < 760:
            # On phones the site navigation is behind the menu button.
            page.click("details.site-menu > summary")
        graph[name] = _visible_targets(page, base)
    for start in PAGES:
        seen, queue = {start}, deque([start])
        while queue:
            for target in graph.get(queue.popleft(), ()):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        assert set(PAGES) <= seen, (start, sorted(set(PAGES) - seen))


def test_phone_menu_opens_by_keyboard_without_javascript(site, open_page, axe):
    opened = open_page(site, "guide/usage/basics.html", width=375, javascript=False)
    page = opened.page
    menu_link = page.locator("details.site-menu a", has_text="Reference")
    assert not menu_link.is_visible()
    summary = page.locator("details.site-menu > summary")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('details.site-menu > summary')"):
            break
    else:
        pytest.fail("the menu button is not reachable by Tab")
    page.keyboard.press("Enter")
    assert summary.evaluate("s => s.parentElement.open")
    assert menu_link.is_visible()
    current = page.locator("details.site-menu a[aria-current=page]")
    assert current.inner_text() == "Basics" and current.is_visible()
    box = page.evaluate("document.documentElement.scrollWidth")
    assert box <= 375


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1400, 375])
def test_deep_and_long_pages_are_accessible(site, open_page, axe, width, scheme):
    for name in ("guide/usage/advanced.html", "guide/install.html", "search.html"):
        opened = open_page(site, name, width=width, scheme=scheme)
        if width < 760:
            opened.page.click("details.site-menu > summary")
        violations = axe(opened.page)
        assert violations == [], (name, describe_violations(violations))
        assert opened.console_errors == [] and opened.foreign_requests == []
        assert opened.page.evaluate("document.documentElement.scrollWidth") <= width


def test_page_toc_sits_in_the_margin_on_wide_screens(site, open_page):
    page = open_page(site, "guide/install.html", width=1400).page
    toc = page.locator("nav.page-toc").bounding_box()
    text = page.locator("article section > p").first.bounding_box()
    assert toc["x"] > text["x"] + text["width"]
    title = page.locator("h1").bounding_box()
    assert toc["y"] >= title["y"] + title["height"] - 1  # beside the text, under the title


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_toc_comes_after_the_title_on_phones(site, open_page, scheme):
    """As Furo and the Book theme put "On this page": the page starts with its title,
    then the list of its sections, then the text."""
    page = open_page(site, "guide/install.html", width=375, scheme=scheme).page
    toc = page.locator("nav.page-toc").bounding_box()
    title = page.locator("h1").bounding_box()
    first_section = page.locator("article section section h2").first.bounding_box()
    assert title["y"] + title["height"] <= toc["y"] + 1
    assert toc["y"] + toc["height"] <= first_section["y"]
    assert toc["width"] <= 375
    # Once, in reading order: a screen reader meets the title first too.
    order = page.evaluate(
        """() => {
            const toc = document.querySelector("nav.page-toc"), h1 = document.querySelector("h1");
            return [document.querySelectorAll("nav.page-toc").length,
                    !!(h1.compareDocumentPosition(toc) & Node.DOCUMENT_POSITION_FOLLOWING)];
        }"""
    )
    assert order == [1, True]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_header_puts_the_menu_beside_the_search_box_and_drops_it_over_the_page(site, open_page, scheme):
    """Two header rows at most on a phone: the menu button shares the search box's
    row, and the open menu lies over the page instead of pushing it down."""
    page = open_page(site, "guide/install.html", width=375, scheme=scheme).page
    summary = page.locator("details.site-menu > summary").bounding_box()
    search = page.locator("header .site-search input").bounding_box()
    assert abs(summary["y"] + summary["height"] / 2 - (search["y"] + search["height"] / 2)) < 4
    assert summary["x"] + summary["width"] < search["x"]
    title = page.locator("h1").bounding_box()
    page.click("details.site-menu > summary")
    menu = page.locator("details.site-menu > nav").bounding_box()
    assert page.locator("h1").bounding_box()["y"] == title["y"]
    assert menu["y"] >= summary["y"] + summary["height"] and menu["x"] >= 0 and menu["x"] + menu["width"] <= 375
    # Opaque: the page under it does not show through.
    background = page.evaluate("getComputedStyle(document.querySelector('details.site-menu > nav')).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_page_toc_names_only_top_sections_on_phones(site, open_page):
    wide = open_page(site, "guide/install.html", width=1400).page
    nested = wide.locator("nav.page-toc ul ul a")
    assert nested.count() > 0 and nested.first.is_visible()
    phone = open_page(site, "guide/install.html", width=375).page
    assert not phone.locator("nav.page-toc ul ul a").first.is_visible()
    assert phone.locator("nav.page-toc > ul > li > a").first.is_visible()


# Sphinx's own scripts (search, highlighting, keys) differ between versions.
@pytest.mark.every_sphinx
def test_search_box_finds_a_word_and_shows_a_snippet(site, open_page):
    opened = open_page(site, "reference/api.html", width=1400)
    page = opened.page
    page.fill("header form.site-search input[name=q]", "quokka")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=quokka*")
    result = page.locator("#search-results ul.search li").first
    result.wait_for(timeout=20000)
    assert "Install" in result.inner_text()
    snippet = result.locator("p.context")
    text = snippet.inner_text()
    assert "quokka" in text.lower()
    # Cut from the page's text, not from its navigation (the headings' list, the way up).
    assert "On this page" not in text and "Test Site" not in text and text.lstrip(".").startswith("Install")
    assert opened.console_errors == []
    # The result's link highlights the term on the page it opens.
    result.locator("a").first.click()
    page.wait_for_load_state("load")
    highlighted = page.locator("span.highlighted", has_text="quokka")
    highlighted.first.wait_for(timeout=10000)
    assert highlighted.first.is_visible()


# Sphinx's own scripts (search, highlighting, keys) differ between versions.
@pytest.mark.every_sphinx
def test_arrow_keys_follow_previous_and_next_when_asked(tmp_path_factory, open_page):
    site = build_once(
        tmp_path_factory, "navigation-keys", SECTIONS, confoverrides={"html_theme_options": {"navigation_with_keys": True}}
    )
    page = open_page(site, "guide/install.html", width=1400).page
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**/guide/usage/index.html")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**/guide/install.html")
    assert urljoin(page.url, "x").endswith("/guide/x")


def test_math_in_a_navigation_link_is_underlined_with_it(site, open_page):
    page = open_page(site, "guide/usage/advanced.html", width=1400).page
    decorations = page.evaluate(
        """() => ["nav.page-toc a math mi", "nav.section-nav a[aria-current=page] math mi"].map(
            (selector) => getComputedStyle(document.querySelector(selector)).textDecorationLine)"""
    )
    # The current page's entry is not a link to follow: neither its words nor its math.
    assert decorations == ["underline", "none"]
