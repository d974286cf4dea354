"""The theme's page, as a reST or MyST project that sets ``html_theme`` sees it (with the
extension, or alone as a look)."""

from __future__ import annotations

import re

import pytest
from sphinx.cmd.build import build_main

from conftest import write_project
from test_theme_extension import declared_theme_entry_point  # noqa: F401  (autouse fixture)
from sphinx_tufte.theme.minify import minify

RST_ONLY_THEME = {
    # The theme alone (tests/test_theme_extension.py checks the warning it gives).
    "conf.py": 'project = "Plain"\nhtml_theme = "tufte"\nsuppress_warnings = ["tufte.extension"]\n',
    "index.rst": """
        Plain project
        =============

        A paragraph with a `link <https://example.com/>`_ and ``code``.

        Section
        -------

        .. code-block:: python

           print("hello")

        .. toctree::

           other
        """,
    "other.rst": "Other\n=====\n\nMore text.\n",
}


def local_urls(soup):
    for tag, attr in (("link", "href"), ("script", "src"), ("img", "src")):
        for element in soup.find_all(tag):
            if element.get(attr):
                yield element.get("rel", [""])[0] if tag == "link" else tag, element[attr]


def test_rest_project_with_only_the_theme_builds_without_warning(build):
    built = build(RST_ONLY_THEME)
    assert built.warning_lines() == []
    soup = built.soup("index.html")
    stylesheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert any(href.startswith("_static/tufte.css") for href in stylesheets)
    assert (built.outdir / "_static/tufte.css").is_file()
    assert (built.outdir / "_static/fonts/et-book-roman-latin.woff2").is_file()
    assert (built.outdir / "_static/fonts/LICENSE-ET-Book.txt").is_file()
    # The page loads nothing from another host: every stylesheet, script, font and
    # image is relative to the site.
    for kind, url in local_urls(soup):
        if kind in {"stylesheet", "preload", "script", "img", "icon"}:
            assert not re.match(r"^(https?:)?//", url), (kind, url)
    fonts = re.findall(r'url\("([^"]+)"\)', soup.find("style").text)
    assert fonts and all(url.startswith("_static/fonts/") for url in fonts)


def test_page_structure(build):
    built = build(
        {
            "index.md": """
                ---
                subtitle: Notes <em>on</em> things
                ---
                # Home

                Intro.

                ## First section

                Text.

                ```{toctree}
                about
                posts/first
                ```
                """,
            "about.md": "# About\n\nMe.\n",
            "posts/first.md": "# First\n\nText.\n",
        },
        confoverrides={"html_theme_options": {"nav_links": [["Home", "index"], ["About", "about"], ["Feed", "/feed.xml"], ["Atom", "feed.xml"]], "footer_text": "Written by me"}},
    )
    assert built.warning_lines() == []
    soup = built.soup("about.html")
    header = soup.select_one("header.site-header")
    assert header.select_one("a.site-title").text == "Test Site"
    nav = header.select("nav.site-nav a")
    assert [(a.text, a["href"]) for a in nav] == [("Home", "index.html"), ("About", "#"), ("Feed", "/feed.xml"), ("Atom", "feed.xml")]
    assert nav[1]["aria-current"] == "page"
    assert soup.select_one("main#main article.tufte-article h1").text.startswith("About")
    assert soup.select_one("footer.site-footer").text.count("Written by me") == 1
    assert soup.title.text == "About \N{EM DASH} Test Site"
    # No whole-site navigation tree in every page.
    assert not soup.select(".sphinxsidebar, .toctree-l1")
    # A site file is linked from the root, whatever folder the page is in.
    nested = built.soup("posts/first.html")
    assert [a["href"] for a in nested.select("nav.site-nav a")] == ["../index.html", "../about.html", "/feed.xml", "../feed.xml"]
    home = built.soup("index.html")
    assert home.title.text == "Home"
    subtitle = home.select_one("h1 + p.subtitle")
    assert subtitle.text == "Notes <em>on</em> things"  # front matter is text, not markup
    # Sections per H2, each its own <section>.
    assert home.select_one("section > section > h2").text.startswith("First section")


def test_dark_mode_assets(build):
    built = build({"index.md": "# Code\n\n```python\nx = 1\n```\n"})
    soup = built.soup()
    hrefs = [link["href"].split("?")[0] for link in soup.find_all("link", rel="stylesheet")]
    # Both schemes' highlighting in Sphinx's one pygments.css.
    assert "_static/pygments.css" in hrefs and not any("pygments" in href and "dark" in href for href in hrefs)
    # The toggle's script is deferred and the remembered choice is applied in the head,
    # before the body is painted.
    assert soup.find("script", src=re.compile(r"tufte\.js"))["defer"]
    inline = [s.text for s in soup.head.find_all("script") if not s.get("src")]
    assert any("localStorage" in text and "dataset.theme" in text for text in inline)
    dark = built.text("_static/pygments.css")
    assert ".highlight .k,.highlight .kc," in dark and "{color:light-dark(#7A1C1C,#F0A8A0)}" in dark
    assert ':root[data-theme="dark"] .highlight{' in dark
    assert minify("@media (prefers-color-scheme: dark) {") in dark  # minified (issue 13)
    # A button, hidden until the script shows it: no dead control with JS off.
    button = soup.select_one("button.color-scheme-toggle")
    assert button.has_attr("hidden") and button["aria-pressed"] == "false"


def test_pages_keep_sphinx_scripts_so_search_terms_are_highlighted(build):
    """Issue 11, 5: the theme no longer filters script_files (it had removed
    sphinx_highlight.js, so a search result never highlighted its terms)."""
    built = build({"index.md": "# Home\n\nText.\n"})
    home_scripts = [s["src"].split("?")[0] for s in built.soup().find_all("script", src=True)]
    assert home_scripts == [
        "_static/documentation_options.js",
        "_static/doctools.js",
        "_static/sphinx_highlight.js",
        "_static/tufte.js",
    ]
    search_scripts = " ".join(s["src"] for s in built.soup("search.html").find_all("script", src=True))
    assert "searchtools.js" in search_scripts and "doctools.js" in search_scripts


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"nav_links": "about"}, "'nav_links' must be a list of [label, target] pairs, not str"),
        ({"nav_links": [["About"]]}, "'nav_links' entry ['About'] is not a [label, target] pair"),
        ({"footer_text": 3}, "'footer_text' must be a string, not int"),
        ({"accent_color": "red; } body { display: none"}, "'accent_color' must be a CSS colour"),
        ({"dark_toggle": "maybe"}, "'dark_toggle' must be True or False, not 'maybe'"),
        ({"font": "comic-sans"}, "'font' must be one of 'et-book', 'et-book-full', 'system', not 'comic-sans'"),
    ],
)
def test_bad_theme_option_is_a_located_warning(build, options, message):
    key = next(iter(options))
    conf = f'project = "T"\nhtml_theme = "tufte"\nhtml_theme_options = {{\n    {key!r}: {options[key]!r},\n}}\nextensions = ["sphinx_tufte"]\n'
    built = build({"conf.py": conf, "index.rst": "T\n=\n\nText.\n"})
    [warning] = built.warning_lines()
    assert f"conf.py:4: WARNING: html_theme_options: {message}" in warning
    assert warning.endswith("[tufte.theme_option]")
    # The build finished and the page uses the option's default.
    soup = built.soup()
    assert soup.select_one("article.tufte-article")
    assert "body { display: none" not in built.text("index.html")


def test_bad_theme_option_fails_under_W(tmp_path, capsys):
    write_project(tmp_path, {"conf.py": 'project = "T"\nextensions = ["sphinx_tufte"]\nhtml_theme = "tufte"\nhtml_theme_options = {"font": 1}\n', "index.rst": "T\n=\n\nText.\n"})
    assert build_main(["-W", "-q", "-b", "html", str(tmp_path), str(tmp_path / "_build")]) != 0
    assert "'font' must be one of" in capsys.readouterr().err
    # Suppressed by type/subtype, the same build passes.
    assert build_main(["-W", "-q", "-D", "suppress_warnings=tufte.theme_option", "-b", "html", str(tmp_path), str(tmp_path / "_build2")]) == 0


def test_options_are_applied_and_escaped(build):
    built = build(
        {"index.md": "# Home\n\nText.\n"},
        confoverrides={
            "html_theme_options": {
                "footer_text": "<script>alert(1)</script> & co",
                "nav_links": [["<b>Me</b>", "https://example.com/?a=1&b=2"]],
                "accent_color": "#a00000",
                "dark_toggle": False,
                "font": "system",
            }
        },
    )
    assert built.warning_lines() == []
    html = built.text("index.html")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "&lt;b&gt;Me&lt;/b&gt;" in html
    assert 'href="https://example.com/?a=1&amp;b=2"' in html
    # The light accent (dark pages keep theirs, as before).
    assert "--tufte-accent-light: #a00000;" in html
    soup = built.soup()
    assert soup.select_one("button.color-scheme-toggle") is None
    assert "@font-face" not in html  # system fonts: no web font at all


def test_full_font_option(build):
    built = build({"index.md": "# Home\n"}, confoverrides={"html_theme_options": {"font": "et-book-full"}})
    assert 'url("_static/fonts/et-book-roman.woff2")' in built.text("index.html")


def test_extension_and_theme_together_are_harmless(build):
    conf = 'project = "T"\nextensions = ["sphinx_tufte", "myst_parser"]\nhtml_theme = "tufte"\n'
    built = build({"conf.py": conf, "index.md": "# T\n\nText.\n"})
    assert built.warning_lines() == []
    assert "sphinx_tufte" in built.app.extensions


def test_theme_alone_is_a_look_without_the_extension(build):
    """Issue 11, 1: the entry point registers the theme only (it loaded the whole
    extension before, after Sphinx had compared configurations)."""
    built = build(RST_ONLY_THEME)
    assert "sphinx_tufte" not in built.app.extensions


def test_extension_under_another_theme_leaves_it_alone(build):
    conf = 'project = "T"\nextensions = ["sphinx_tufte"]\nhtml_theme = "alabaster"\n'
    # sphinx.testing swaps alabaster for basic unless the override names it.
    built = build({"conf.py": conf, "index.rst": "T\n=\n\nText.\n"}, confoverrides={"html_theme": "alabaster"})
    assert built.warning_lines() == []
    html = built.text("index.html")
    assert "tufte.css" not in html and "tufte-pygments-dark.css" not in html
    assert "alabaster.css" in html


def test_unchanged_rebuild_rewrites_nothing(build):
    """The extension's static files reach the output without touching the user's
    configuration, so a second build finds nothing changed and writes no page."""
    conf = 'project = "T"\nextensions = ["myst_parser", "sphinx_tufte"]\nhtml_theme = "tufte"\n'
    first = build({"conf.py": conf, "index.md": "# T\n\nText[^n].\n\n[^n]: A note.\n"})
    assert (first.outdir / "_static/tufte-directives.css").is_file()
    written = (first.outdir / "index.html").stat().st_mtime_ns
    again = build(srcdir=first.srcdir, fresh=False)
    status = again.app._status.getvalue()
    assert "configuration has changed" not in status
    assert "no targets are out of date" in status
    assert (again.outdir / "index.html").stat().st_mtime_ns == written
