"""What a page links and how its styles are written (issue 11, 7), and the tab stops on
blocks that scroll, written by the translator (issue 11, 3)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from sphinx_tufte import _layout
from test_theme_extension import declared_theme_entry_point  # noqa: F401  (autouse fixture)

THEME_CSS = ROOT / "sphinx_tufte/themes/tufte/static/tufte.css"
DIRECTIVES_CSS = ROOT / "sphinx_tufte/static/tufte-directives.css"
NOTES_JS = ROOT / "sphinx_tufte/static/tufte-notes.js"

# Everything a page can hold that once brought a stylesheet of its own.
RICH_PAGE = {
    "index.md": """
        # Home

        Text with a note[^n] and a {newthought}`new thought`, and $x^2$ inline.

        [^n]: A note.

        $$
        e = mc^2
        $$

        | a | b |
        |---|---|
        | 1 | 2 |

        ```python
        x = 1
        ```

        ```{epigraph}
        Words.
        ```
        """,
}


def stylesheets(built, page="index.html"):
    return [link["href"].split("?")[0] for link in built.soup(page).find_all("link", rel="stylesheet")]


def test_theme_page_links_three_stylesheets(build):
    built = build(RICH_PAGE)
    # The directives' rules are served in tufte.css; the page's table and admonition
    # need the documentation stylesheet (sphinx_tufte/theme/stylesheets.py).
    assert stylesheets(built) == ["_static/pygments.css", "_static/tufte.css", "_static/tufte-docs.css"]
    assert stylesheets(built, "search.html") == stylesheets(built)


def test_other_theme_gets_the_directives_stylesheet_once(build):
    conf = 'project = "T"\nextensions = ["myst_parser", "sphinx_tufte"]\nmyst_enable_extensions = ["dollarmath"]\nhtml_theme = "alabaster"\n'
    built = build(RICH_PAGE | {"conf.py": conf}, confoverrides={"html_theme": "alabaster"})
    links = stylesheets(built)
    assert links.count("_static/tufte-directives.css") == 1
    assert not [href for href in links if "tufte" in href and href != "_static/tufte-directives.css"]
    assert "tufte-pygments-dark" not in built.text("index.html")


def test_dark_palette_is_written_once():
    css = THEME_CSS.read_text(encoding="utf-8")
    for colour in ("#151513", "#e6e4d9", "#aeaca2", "#4a4943", "#21211e", "#f0a8a0"):
        assert css.lower().count(colour) == 1, colour
    assert "prefers-color-scheme" not in css  # color-scheme and light-dark() do it


def test_layout_numbers_have_one_source():
    """The CSS's media queries say the layout block's breakpoints; the script reads it."""
    breakpoints = {_layout.pixels("breakpoint"), _layout.pixels("small-breakpoint")}
    for path in (THEME_CSS, DIRECTIVES_CSS):
        css = path.read_text(encoding="utf-8")
        for line in css.splitlines():
            if not line.startswith("@media") or "width" not in line:
                continue
            for part in line.split("(")[1:]:
                feature, _, rest = part.partition(":")
                if feature.strip() in {"min-width", "max-width"}:
                    px = float(rest.split("px")[0])
                    wanted = px if feature.strip() == "min-width" else round(px + 0.02, 2)
                    assert wanted in breakpoints, (path.name, line)
    script = NOTES_JS.read_text(encoding="utf-8")
    assert "--tufte-breakpoint" in script and "759" not in script and "760" not in script
    assert "1400px" not in THEME_CSS.read_text(encoding="utf-8")


def test_scrolling_blocks_get_a_tab_stop_from_the_translator(build):
    built = build(
        {
            "conf.py": 'project = "T"\nextensions = ["sphinx_tufte"]\nhtml_theme = "tufte"\n',
            "index.rst": """
                T
                =

                .. code-block:: python

                   x = 1

                .. parsed-literal::

                   some *parsed* text

                ===  ===
                a    b
                ===  ===

                .. raw:: html

                   <p title="a <pre or <table inside">raw</p>
                """,
        }
    )
    assert built.warning_lines() == []
    soup = built.soup()
    assert soup.select_one("div.highlight > pre")["tabindex"] == "0"
    assert soup.select_one("pre.literal-block")["tabindex"] == "0"
    assert soup.select_one("table.docutils")["tabindex"] == "0"
    # Raw HTML is the author's: an attribute that mentions a tag stays as written.
    assert soup.find("p", title=True)["title"] == "a <pre or <table inside"


@pytest.mark.parametrize("theme", ["alabaster"])
def test_other_themes_get_no_tab_stops(build, theme):
    conf = f'project = "T"\nextensions = ["sphinx_tufte"]\nhtml_theme = "{theme}"\n'
    built = build({"conf.py": conf, "index.rst": "T\n=\n\n.. code-block:: python\n\n   x = 1\n\n===  ===\na    b\n===  ===\n"}, confoverrides={"html_theme": theme})
    assert "tabindex" not in built.text("index.html")
