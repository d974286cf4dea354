"""What writing each page costs (issue 11, problem 10; issue 14, speed): the work that is
the same on every page is done once per build, not once per page.

Timings belong to benchmarks/; these tests count the work itself: how often a build
asks for what every page shows alike (a page's title in the navigation, where a header
link leads, whether the builder uses the theme, the theme's stylesheet), and check that
what pages show is still each page's own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from harness import MYST_CONF
from sphinx_tufte import assets, navigation
from sphinx_tufte import theme as theme_package
from sphinx_tufte.navigation import tree
from sphinx_tufte.theme import nav_links

SECTION_PAGES = 8

# Two sections of pages in their own folders, one of them nested a level deeper: the
# links of a page depend on its folder.
DOCS: dict[str, str] = {
    "conf.py": MYST_CONF + "html_theme_options = {'navigation': 'docs', 'nav_links': [{'label': 'About', 'target': 'about'}]}\n",
    "index.md": "# Home\n\n```{toctree}\n:hidden:\nguide/index\ndeep/part/index\nabout\n```\n",
    "guide/index.md": "# Guide\n\n```{toctree}\n:hidden:\n"
    + "".join(f"p{i}\n" for i in range(SECTION_PAGES))
    + "```\n",
    "deep/part/index.md": "# Deep *part*\n\n```{toctree}\n:hidden:\n"
    + "".join(f"q{i}\n" for i in range(SECTION_PAGES))
    + "```\n",
    "about.md": "# About\n\nUs.\n",
    **{f"guide/p{i}.md": f"# Guide page {i}\n\nText.\n" for i in range(SECTION_PAGES)},
    **{f"deep/part/q{i}.md": f"# Deep page {i}\n\nText.\n" for i in range(SECTION_PAGES)},
}
DOCUMENTS = 3 + 2 * SECTION_PAGES + 1


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> Counter[str]:
    """Count the calls of ``module.name`` (by its first text argument, if any)."""
    calls: Counter[str] = Counter()
    original: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[next((arg for arg in args if isinstance(arg, str)), "")] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def in_page_handler(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """A flag, true while the navigation's html-page-context handler runs: the other
    callers (the comparisons between builds) ask once per build anyway."""
    writing = [False]
    original = navigation.on_html_page_context

    def handler(*args: Any) -> None:
        writing[0] = True
        try:
            original(*args)
        finally:
            writing[0] = False

    monkeypatch.setattr(navigation, "on_html_page_context", handler)
    return writing


def test_each_title_in_the_navigation_is_worked_out_once_a_build(build, monkeypatch: pytest.MonkeyPatch) -> None:
    titles: Counter[str] = Counter()
    writing = in_page_handler(monkeypatch)
    original_title = tree.title

    def title(env: Any, docname: str) -> str:
        if writing[0]:
            titles[docname] += 1
        return original_title(env, docname)

    monkeypatch.setattr(tree, "title", title)
    built = build(DOCS)
    assert "WARNING" not in built.warnings, built.warnings
    # Every page shows the top-level sections and its own section's pages: worked out
    # page by page, the home page's title alone was asked for by every page.
    assert titles, "the pages' navigation asks tree.title() for the titles it shows"
    assert max(titles.values()) == 1, titles.most_common(3)


def test_links_are_each_pages_own_in_every_folder(build) -> None:
    built = build(DOCS)
    guide = built.soup("guide/p3.html")
    sections = [(a["href"], a.get("aria-current")) for a in guide.select("nav.site-sections a")]
    assert sections == [("index.html", "true"), ("../deep/part/index.html", None), ("../about.html", None)]
    section = [(a["href"], a.get("aria-current")) for a in guide.select("nav.section-nav ul a")]
    assert section[3] == ("#", "page")
    assert section[2] == ("p2.html", None)

    deep = built.soup("deep/part/q0.html")
    sections = [(a["href"], a.get("aria-current")) for a in deep.select("nav.site-sections a")]
    assert sections == [("../../guide/index.html", None), ("index.html", "true"), ("../../about.html", None)]
    assert [a["href"] for a in deep.select("nav.breadcrumbs a")] == ["../../index.html", "index.html"]
    # The section's title keeps its markup in every page's header.
    assert str(deep.select("nav.site-sections a")[1].em) == "<em>part</em>"

    home = built.soup("index.html")
    assert [a["href"] for a in home.select("nav.site-sections a")] == ["guide/index.html", "deep/part/index.html", "about.html"]
    about = built.soup("about.html")
    assert [(a["href"], a.get("aria-current")) for a in about.select("nav.site-nav a")] == [("#", "page")]
    assert [a["href"] for a in guide.select("nav.site-nav a")] == ["../about.html"]


def test_header_links_are_resolved_once_a_build(build, monkeypatch: pytest.MonkeyPatch) -> None:
    resolved = counting(monkeypatch, nav_links, "resolve")
    build(DOCS)
    # write-started's check and env-get-updated's comparison resolve every target
    # once each; the pages read what the first of them found.
    assert resolved["about"] <= 3, resolved


def test_the_builder_is_asked_about_its_theme_once_a_build(build, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = counting(monkeypatch, theme_package, "builder_uses_theme")
    build(DOCS)
    assert sum(asked.values()) <= 3, asked


def test_the_theme_stylesheet_is_checked_once_a_build(build, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = counting(monkeypatch, assets, "minify_theme_stylesheet")
    built = build(DOCS)
    # Before the first page and when the build ends: not once more for each page.
    assert sum(checked.values()) == 2, checked
    css = built.outdir / "_static" / "tufte.css"
    assert "/*" not in css.read_text(encoding="utf-8").replace("/*!", "")


def test_theme_alone_still_finds_its_pages(build) -> None:
    # Without the extension there are no settings to read the answer from.
    files = dict(DOCS)
    files["conf.py"] = 'html_theme = "tufte"\nextensions = ["myst_parser"]\nsuppress_warnings = ["tufte.extension"]\n'
    files["conf.py"] += "html_theme_options = {'navigation': 'docs'}\n"
    built = build(files)
    page = built.soup("guide/p1.html")
    assert [a["href"] for a in page.select("nav.site-sections a")] == ["index.html", "../deep/part/index.html", "../about.html"]


def test_a_long_level_checks_each_page_once_a_build(build, monkeypatch: pytest.MonkeyPatch) -> None:
    # A flat toctree longer than the window each page shows: every page looks at the
    # pages around its own, and whether each can be listed is asked once.
    pages = 4 * tree.LEVEL_LIMIT + 10
    files = {
        "conf.py": MYST_CONF + "html_theme_options = {'navigation': 'docs'}\n",
        "index.md": "# Home\n\n```{toctree}\n:hidden:\n" + "".join(f"p{i:03}\n" for i in range(pages)) + "```\n",
        **{f"p{i:03}.md": f"# Page {i}\n\nText.\n" for i in range(pages)},
    }
    asked: Counter[str] = Counter()
    writing = in_page_handler(monkeypatch)
    original = tree.hidden_drafts

    def hidden_drafts(env: Any) -> Callable[[str], bool]:
        hidden = original(env)

        def counted(docname: str) -> bool:
            if writing[0]:
                asked[docname] += 1
            return hidden(docname)

        return counted

    monkeypatch.setattr(tree, "hidden_drafts", hidden_drafts)
    built = build(files)
    assert asked and max(asked.values()) == 1, asked.most_common(3)
    middle = built.soup("p030.html")
    shown = [a.get_text() for a in middle.select("nav.site-sections a")]
    assert len(shown) == tree.LEVEL_LIMIT and "Page 30" in shown
    assert len(middle.select("nav.site-sections li.nav-gap")) == 2


def test_the_navigation_is_chosen_once_a_build(build, monkeypatch: pytest.MonkeyPatch) -> None:
    # A blog's root toctree lists every post, and choosing the navigation skips them one
    # by one: asked by every page, a blog of N posts cost N * N steps.
    posts = {
        f"posts/p{i}.md": f"---\ndate: 2024-01-{i + 1:02d}\n---\n# Post {i}\n\n## One\n\nText.\n\n## Two\n\nMore.\n"
        for i in range(12)
    }
    index = "# Blog\n\n```{toctree}\n:hidden:\n:glob:\nabout\nposts/*\n```\n"
    chosen = counting(monkeypatch, tree, "choose_mode")
    conf = MYST_CONF + "html_baseurl = 'https://ada.github.io/'\ntufte_author = 'Ada'\n"
    built = build({"conf.py": conf, "index.md": index, "about.md": "# About\n\nMe.\n", **posts})
    assert "WARNING" not in built.warnings, built.warnings
    # The pages still get the blog's quiet header, and the posts their own contents.
    assert built.soup("posts/p3.html").select("nav.page-toc")
    assert not built.soup("about.html").select("nav.site-sections")
    # Once for the pages, once when the build compares its shape with the last one's.
    assert sum(chosen.values()) <= 2, chosen
