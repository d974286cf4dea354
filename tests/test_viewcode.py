"""sphinx.ext.viewcode's module pages under the theme (issue 13): the highlighted source
scrolls sideways like any code block, so it is a tab stop too."""

from __future__ import annotations

import pytest

from conftest import describe_violations

MODULE = '''"""A module with a line too long for a phone."""


def long_function_name(first_argument, second_argument, third_argument, fourth_argument, fifth_argument):
    """Add them."""
    return first_argument + second_argument + third_argument + fourth_argument + fifth_argument


class Thing:
    """A thing."""

    def method(self):
        """Nothing."""
        return None
'''

CONF = """
import os, sys
sys.path.insert(0, os.path.abspath("."))
project = "API"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.viewcode", "sphinx_tufte"]
html_theme = "tufte"
"""

FILES = {
    "conf.py": CONF,
    "longmod.py": MODULE,
    "index.rst": "API\n===\n\n.. automodule:: longmod\n   :members:\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import build_once

    return build_once(tmp_path_factory, "viewcode", FILES)


def test_module_page_code_is_a_tab_stop(site):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / "_modules/longmod.html").read_text(encoding="utf-8"), "html.parser")
    blocks = soup.select("div.highlight > pre")
    assert len(blocks) == 1
    assert blocks[0].get("tabindex") == "0"
    # viewcode's own links back to the documentation are still inside it.
    assert [a.get_text() for a in blocks[0].select("a.viewcode-back")] == ["[docs]"] * 3
    # Code blocks of the documentation pages keep theirs as well.
    index = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.select_one("span.viewcode-link") is not None


@pytest.mark.parametrize("width", [1400, 375])
def test_module_page_scrolls_within_reach_of_the_keyboard(site, open_page, axe, width):
    opened = open_page(site, "_modules/longmod.html", width=width)
    scrolls = opened.page.evaluate(
        "() => { const pre = document.querySelector('div.highlight > pre');"
        " return pre.scrollWidth > pre.clientWidth; }"
    )
    assert scrolls  # the long line makes the block a scrolling region
    violations = [v for v in axe(opened.page) if v["id"] == "scrollable-region-focusable"]
    assert violations == [], describe_violations(violations)
    opened.page.keyboard.press("Tab")
    focused = ""
    for _ in range(30):
        focused = opened.page.evaluate("document.activeElement.tagName + '.' + (document.activeElement.parentElement.className || '')")
        if focused.startswith("PRE"):
            break
        opened.page.keyboard.press("Tab")
    assert focused == "PRE.highlight"
