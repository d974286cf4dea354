"""Site navigation, the search box and Sphinx's own page settings under the tufte theme
(issue 14, items 1-3): what a reader finds on each page, in the HTML."""

from __future__ import annotations

import os
import re
import time

import pytest

from harness import MYST_CONF

NESTED = {
    "index.md": """
        # Home

        Welcome.

        ```{toctree}
        :hidden:
        guide/index
        reference/index
        about
        ```
    """,
    "guide/index.md": "# Guide\n\n```{toctree}\n:hidden:\ninstall\nusage\n```\n",
    "guide/install.md": """
        # Install

        Intro.

        ## On Linux

        Use apt.

        ## On macOS

        Use brew.

        ### Details

        More.
    """,
    "guide/usage.md": "# Usage\n\nUse it.\n",
    "reference/index.md": "# Reference\n\n```{toctree}\napi\n```\n",
    "reference/api.md": "# API\n\nFunctions.\n",
    "about.md": "# About\n\nAbout us.\n",
}

BLOG = {
    "conf.py": MYST_CONF + 'author = "Jane Doe"\nhtml_baseurl = "https://janedoe.net/"\n',
    "index.md": """
        # Jane Doe

        ## Posts

        Some.

        ## Projects

        Others.

        ```{toctree}
        :hidden:
        :glob:
        about
        posts/*
        ```
    """,
    "about.md": "# About\n\nMe.\n",
    "posts/one.md": "---\ndate: 2024-01-02\n---\n# First post\n\nHello.\n",
    "posts/two.md": "---\ndate: 2024-02-03\n---\n# Second post\n\nAgain.\n\n## A part\n\nx\n\n## Another\n\ny\n",
}


def links(element):
    return [(a.get_text(" ", strip=True), a["href"], a.get("aria-current")) for a in element.find_all("a")]


@pytest.fixture(scope="module")
def nested(shared_build):
    built = shared_build(NESTED)
    assert built.warning_lines() == [], built.warnings
    return built


def test_header_lists_the_top_level_sections_with_the_current_one_marked(nested):
    sections = nested.soup("guide/install.html").select_one("header nav.site-sections")
    assert links(sections) == [
        ("Guide", "index.html", "true"),
        ("Reference", "../reference/index.html", None),
        ("About", "../about.html", None),
    ]
    home = nested.soup("index.html").select_one("header nav.site-sections")
    assert [current for _, _, current in links(home)] == [None, None, None]
    about = nested.soup("about.html").select_one("header nav.site-sections")
    assert links(about)[2] == ("About", "#", "page")


def test_the_current_sections_pages_and_previous_next_end_the_page(nested):
    end = nested.soup("guide/install.html").select_one("article footer.page-end")
    section = end.select_one("nav.section-nav")
    assert links(section) == [("Guide", "index.html", None), ("Install", "#", "page"), ("Usage", "usage.html", None)]
    prev, next_ = end.select("nav.page-nav a")
    assert (prev["rel"], prev["href"], prev.get_text(" ", strip=True)) == (["prev"], "index.html", "Previous Guide")
    assert (next_["rel"], next_["href"], next_.get_text(" ", strip=True)) == (["next"], "usage.html", "Next Usage")


def test_the_way_up_is_above_the_title(nested):
    crumbs = nested.soup("reference/api.html").select_one("article nav.breadcrumbs")
    assert [(text, href) for text, href, _ in links(crumbs)] == [("Test Site", "../index.html"), ("Reference", "index.html")]
    assert nested.soup("index.html").select_one("nav.breadcrumbs") is None


def test_phone_menu_is_a_details_button_with_the_tree_opened_to_the_page(nested):
    menu = nested.soup("guide/install.html").select_one("header details.site-menu")
    assert menu.find("summary").get_text(strip=True) == "Menu"
    assert links(menu.find("nav")) == [
        ("Guide", "index.html", "true"),
        ("Install", "#", "page"),
        ("Usage", "usage.html", None),
        ("Reference", "../reference/index.html", None),
        ("About", "../about.html", None),
    ]
    # Only the path to the page is opened: Reference's pages stay folded.
    assert "api.html" not in str(menu)


def test_a_page_with_several_sections_lists_its_headings(nested):
    toc = nested.soup("guide/install.html").select_one("article nav.page-toc")
    assert links(toc) == [("On Linux", "#on-linux", None), ("On macOS", "#on-macos", None), ("Details", "#details", None)]
    assert toc.find("ul").find_all("li", recursive=False)[1].find("ul") is not None  # nested
    assert nested.soup("guide/usage.html").select_one("nav.page-toc") is None  # one section: none


def test_search_box_on_every_page_and_main_for_snippets(nested):
    for page, action in (("index.html", "search.html"), ("reference/api.html", "../search.html"), ("genindex.html", "search.html")):
        soup = nested.soup(page)
        form = soup.select_one("header form.site-search")
        assert form is not None, page
        assert (form["action"], form["method"]) == (action, "get")
        assert form.find("input", attrs={"name": "q"})["type"] == "search"
        # Sphinx's search script cuts its snippets out of [role=main].
        assert soup.select('[role="main"]') == soup.select("main")
    search = nested.soup("search.html")
    assert search.select_one("main[role=main]") is not None
    assert search.select_one("header form.site-search") is None  # the page has its own form


def test_blog_keeps_its_quiet_header(shared_build):
    built = shared_build(BLOG)
    assert built.warning_lines() == [], built.warnings
    for page in ("index.html", "about.html", "posts/two.html"):
        soup = built.soup(page)
        for selector in ("nav.site-sections", "details.site-menu", "nav.breadcrumbs", "footer.page-end", ".source-link"):
            assert soup.select_one(selector) is None, (page, selector)
        assert soup.select_one("header form.site-search") is not None
    # A long post still lists its headings; the home page, with several sections too, does not.
    assert built.soup("posts/two.html").select_one("nav.page-toc") is not None
    assert built.soup("index.html").select_one("nav.page-toc") is None


def test_the_pages_headings_follow_its_title_and_stay_out_of_the_feed(shared_build):
    built = shared_build(BLOG)
    title = built.soup("posts/two.html").select_one("article h1")
    toc = title.find_next_sibling()
    assert toc.name == "nav" and "page-toc" in toc["class"]
    assert len(built.soup("posts/two.html").select("nav.page-toc")) == 1
    feed = built.text("feed.xml")
    assert "Again." in feed and "page-toc" not in feed and "On this page" not in feed


@pytest.mark.parametrize(("files", "option", "shown"), [(BLOG, "docs", True), (NESTED, "blog", False)])
def test_navigation_option_forces_either(shared_build, files, option, shown):
    built = shared_build(files, confoverrides={"html_theme_options": {"navigation": option}})
    assert (built.soup("about.html").select_one("nav.site-sections") is not None) is shown


def test_bad_navigation_option_is_one_located_warning(build):
    conf = MYST_CONF + 'html_theme_options = {\n    "navigation": "sidebar",\n}\n'
    built = build({"conf.py": conf, **NESTED})
    [warning] = built.warning_lines()
    assert "conf.py:6:" in warning and "'navigation' must be one of 'auto', 'docs', 'blog'" in warning
    assert warning.endswith("[tufte.theme_option]")
    assert built.soup("about.html").select_one("nav.site-sections") is not None  # auto


def test_empty_html_title_falls_back_to_the_project(shared_build):
    built = shared_build(NESTED, confoverrides={"html_title": ""})
    soup = built.soup("about.html")
    assert soup.select_one("a.site-title").get_text(strip=True) == "Test Site"
    assert soup.title.get_text() == "About \N{EM DASH} Test Site"


def test_logo_favicon_and_dark_logo(build):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    conf = MYST_CONF + (
        'html_static_path = ["_static"]\nhtml_logo = "_static/logo.png"\nhtml_favicon = "_static/icon.png"\n'
        'html_theme_options = {"logo_dark": "logo-dark.png"}\n'
    )
    built = build({"conf.py": conf, **NESTED, "_static/logo.png": png, "_static/logo-dark.png": png, "_static/icon.png": png})
    assert built.warning_lines() == [], built.warnings
    soup = built.soup("guide/install.html")
    picture = soup.select_one("a.site-title picture")
    assert picture.find("source")["srcset"] == "../_static/logo-dark.png"
    assert picture.find("source")["media"] == "(prefers-color-scheme: dark)"
    assert picture.find("img")["src"] == "../_static/logo.png"
    # The toggle's choice wins over the system's: one image per scheme for the CSS.
    assert soup.select_one("img.site-logo-light")["src"] == "../_static/logo.png"
    assert soup.select_one("img.site-logo-dark")["src"] == "../_static/logo-dark.png"
    assert soup.select_one("a.site-title").get_text(strip=True) == "Test Site"  # the link keeps its name
    assert soup.find("link", rel="icon")["href"] == "../_static/icon.png"
    assert (built.outdir / "_static/logo-dark.png").is_file()


def test_last_updated_source_and_edit_links(build):
    conf = MYST_CONF + (
        'html_last_updated_fmt = "%Y"\n'
        'html_theme_options = {"repository_url": "https://github.com/me/proj/", "repository_branch": "dev", '
        '"source_directory": "docs/"}\n'
    )
    built = build({"conf.py": conf, **NESTED})
    meta = built.soup("guide/install.html").select_one("footer.site-footer .page-meta")
    assert re.fullmatch(r"Last updated on \d{4}\.", meta.select_one(".last-updated").get_text(strip=True))
    assert meta.select_one("a.edit-link")["href"] == "https://github.com/me/proj/edit/dev/docs/guide/install.md"
    assert meta.select_one("a.source-link")["href"] == "../_sources/guide/install.md.txt"
    assert (built.outdir / "_sources/guide/install.md.txt").is_file()
    # Generated pages have no source to show or edit.
    assert built.soup("genindex.html").select_one("a.edit-link, a.source-link") is None


@pytest.mark.parametrize("setting", ["html_show_sourcelink", "html_copy_source"])
def test_no_source_link_when_sphinx_says_so(shared_build, setting):
    built = shared_build(NESTED, confoverrides={setting: False})
    assert built.soup("guide/install.html").select_one("a.source-link") is None


def test_gitlab_edit_link_and_bad_repository_url(build):
    from sphinx_tufte.navigation import options

    gitlab = options.clean({"repository_url": "https://gitlab.com/me/p"})
    assert options.edit_url(gitlab, "a b.md") == "https://gitlab.com/me/p/-/edit/main/a%20b.md"
    conf = MYST_CONF + 'html_theme_options = {"repository_url": "javascript:alert(1)"}\n'
    built = build({"conf.py": conf, **NESTED})
    [warning] = built.warning_lines()
    assert "conf.py:5:" in warning and "'repository_url' must be an http(s) URL" in warning
    assert "alert" not in built.text("about.html")


def test_html_sidebars_is_one_clear_warning(build):
    conf = MYST_CONF + 'html_sidebars = {"**": ["localtoc.html"]}\n'
    built = build({"conf.py": conf, **NESTED})
    [warning] = built.warning_lines()
    assert "conf.py:5:" in warning and "html_sidebars is ignored" in warning and warning.endswith("[tufte.sidebars]")


def test_navigation_with_keys_reaches_the_script(shared_build):
    built = shared_build(NESTED, confoverrides={"html_theme_options": {"navigation_with_keys": True}})
    options = built.text("_static/documentation_options.js")
    assert "NAVIGATION_WITH_KEYS: true" in options
    soup = built.soup("guide/install.html")
    assert soup.find("link", rel="next")["href"] == "usage.html"


def test_drafts_hidden_from_navigation(shared_build):
    files = dict(NESTED)
    files["guide/index.md"] = "# Guide\n\n```{toctree}\n:hidden:\ninstall\nusage\nwip\n```\n"
    files["guide/wip.md"] = "---\ndate: 2024-01-01\ndraft: true\n---\n# Work in progress\n\nSecret.\n"
    built = shared_build(files)
    menu = built.soup("guide/install.html").select_one("details.site-menu")
    assert "Work in progress" not in menu.get_text()


# ---- incremental builds -------------------------------------------------------------


def _navigation(soup):
    return [str(soup.select_one(selector)) for selector in ("nav.site-sections", "details.site-menu", "footer.page-end", "nav.breadcrumbs")]


@pytest.mark.parametrize("change", ["retitle", "add"])
def test_incremental_navigation_equals_clean(build, tmp_path, change):
    first = build(NESTED)
    srcdir = first.srcdir
    if change == "retitle":
        edit = {"guide/usage.md": "# Using it\n\nUse it.\n"}
    else:
        edit = {
            "reference/index.md": "# Reference\n\n```{toctree}\napi\nerrors\n```\n",
            "reference/errors.md": "# Errors\n\nOops.\n",
        }
    incremental = build(edit, srcdir=srcdir, fresh=False)
    clean = build({**NESTED, **edit})
    for page in ("about.html", "reference/api.html", "guide/install.html", "index.html"):
        assert _navigation(incremental.soup(page)) == _navigation(clean.soup(page)), page
    assert ("Using it" if change == "retitle" else "Errors") in incremental.text("guide/install.html" if change == "retitle" else "reference/api.html")


def test_editing_a_body_rewrites_only_that_page(build):
    first = build(NESTED)
    about = first.outdir / "about.html"
    before = about.stat().st_mtime_ns
    build({"guide/usage.md": "# Usage\n\nUse it well.\n"}, srcdir=first.srcdir, fresh=False)
    assert about.stat().st_mtime_ns == before


def test_a_long_flat_toctree_lists_the_pages_around_the_current_one(shared_build):
    names = [f"p{i:02d}" for i in range(40)]
    files = {"index.md": "# Home\n\n```{toctree}\n:hidden:\n" + "\n".join(names) + "\n```\n"}
    files |= {f"{name}.md": f"# Page {name}\n\nText.\n" for name in names}
    built = shared_build(files)
    soup = built.soup("p20.html")
    shown = [text for text, _, _ in links(soup.select_one("nav.site-sections"))]
    assert "Page p20" in shown and len(shown) <= 12
    assert "Page p00" not in shown and "Page p39" not in shown
    assert len(soup.select("nav.site-sections li.nav-gap")) == 2
    assert soup.select_one("nav.page-nav a[rel=next]")["href"] == "p21.html"
    # The first page shows the start of the list and one gap after it.
    first = built.soup("p00.html").select("nav.site-sections li")
    assert "nav-gap" not in (first[0].get("class") or []) and "nav-gap" in first[-1]["class"]


# ---- titles with markup ---------------------------------------------------------------

MARKUP = {
    **NESTED,
    "guide/index.md": "# Guide *one*\n\n```{toctree}\n:hidden:\ninstall\nbeta\nusage\n```\n",
    "guide/beta.md": (
        "# What $\\beta$ does\n\nIntro.\n\n## The `code` part\n\nx\n\n"
        "## An *emphasis* & <kbd>more</kbd>\n\ny\n\n## Less < more & \"so\"\n\nz\n"
    ),
}


@pytest.fixture(scope="module")
def markup(shared_build):
    built = shared_build(MARKUP)
    assert built.warning_lines() == [], built.warnings
    return built


def _math_of(link):
    math = link.find("math")
    assert math is not None, link
    return math.find("mi").get_text()


def test_titles_with_markup_are_rendered_as_the_page_renders_them(markup):
    soup = markup.soup("guide/usage.html")
    # The site navigation: the section's emphasis, the page's math as MathML.
    guide = soup.select_one("nav.site-sections a[href='index.html']")
    assert guide.find("em").get_text() == "one" and guide.get_text() == "Guide one"
    for nav in ("details.site-menu", "footer.page-end nav.section-nav", "footer.page-end nav.page-nav"):
        [beta] = soup.select(f"{nav} a[href='beta.html']")
        assert _math_of(beta) == "β", nav
        assert "\\beta" not in beta.get_text(), nav
    assert soup.select_one("footer .section-nav-title a").find("em").get_text() == "one"
    # The way up (Sphinx's own parents) keeps its emphasis too.
    assert soup.select_one("nav.breadcrumbs a[href='index.html']").find("em") is not None


def test_headings_with_markup_in_the_pages_own_list(markup):
    soup = markup.soup("guide/beta.html")
    code, emphasis, less = soup.select("nav.page-toc > ul > li > a")
    assert code.find("code").get_text() == "code" and code.get_text() == "The code part"
    assert emphasis.find("em").get_text() == "emphasis"
    # Raw HTML in a heading is the page's own; in a link it is left out (no stray element).
    assert emphasis.get_text() == "An emphasis & more" and emphasis.find("kbd") is None
    assert less.get_text() == "Less < more & “so”" and less.find_all(True) == []


def test_head_titles_stay_plain_text(markup):
    assert markup.soup("guide/beta.html").title.get_text() == "What β does \N{EM DASH} Test Site"
    assert markup.soup("guide/usage.html").find("link", rel="prev")["title"] == "What β does"


def test_retitled_markup_reaches_the_other_pages_incrementally(build):
    first = build(MARKUP)
    path = first.srcdir / "guide/index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("*one*", "**one**"), encoding="utf-8")
    now = time.time_ns()
    os.utime(path, ns=(now, now))
    again = build(srcdir=first.srcdir, fresh=False)
    link = again.soup("about.html").select_one("nav.site-sections a[href='guide/index.html']")
    assert link.find("strong") is not None and link.find("em") is None


def test_titles_with_markup_after_a_parallel_read(shared_build):
    built = shared_build(MARKUP, parallel=2)
    assert built.warning_lines() == [], built.warnings
    beta = built.soup("about.html").select_one("details.site-menu a[href='guide/index.html']")
    assert beta.find("em").get_text() == "one"
    assert built.soup("guide/beta.html").select_one("nav.page-toc code") is not None


def test_titles_keep_their_markup_after_another_builder_read_the_page(build):
    """``make html``, then ``make latexpdf`` (the same doctrees) after an edit, then
    ``make html``: the page LaTeX read again is read again for HTML, where its
    title's markup is rendered."""
    first = build(MARKUP)
    path = first.srcdir / "guide/index.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    now = time.time_ns()
    os.utime(path, ns=(now, now))
    build(srcdir=first.srcdir, fresh=False, buildername="latex")
    again = build(srcdir=first.srcdir, fresh=False)
    link = again.soup("about.html").select_one("nav.site-sections a[href='guide/index.html']")
    assert link.find("em") is not None, link


def test_titles_with_markup_are_valid_html(markup, vnu):
    pages = [markup.outdir / name for name in ("guide/beta.html", "guide/usage.html", "guide/index.html")]
    assert vnu(pages) == []


def test_older_and_newer_posts_keep_their_titles_markup(shared_build):
    files = {**BLOG, "posts/two.md": "---\ndate: 2024-02-03\n---\n# Second post on $\\alpha$\n\nAgain.\n"}
    built = shared_build(files)
    newer = built.soup("posts/one.html").select_one("nav.post-nav a.post-nav-newer")
    assert newer.find("math").find("mi").get_text() == "α" and "\\alpha" not in newer.get_text()
    older = built.soup("posts/two.html").select_one("nav.post-nav a.post-nav-older")
    assert older.get_text(" ", strip=True) == "Older First post"


def test_a_post_under_the_documentation_navigation_names_its_neighbours_once(shared_build):
    """A post's own footer leads to its older and newer posts; when those are also its
    previous and next page, the page's end does not repeat the two links. Where they
    differ (a page between the posts in the toctree), both stay."""
    posts = {f"posts/p{i}.md": f"---\ndate: 2025-01-0{i + 1}\n---\n# Post {i}\n\nWords.\n" for i in range(5)}
    toc = "\n".join([*(f"posts/p{i}" for i in range(3)), "about", "posts/p3", "posts/p4"])
    files = {
        "conf.py": MYST_CONF + 'author = "Jane Doe"\nhtml_baseurl = "https://docs.janedoe.net/"\nhtml_theme_options = {"navigation": "docs"}\n',
        "index.md": "# Home\n\n```{toctree}\n:hidden:\n\n" + toc + "\n```\n",
        "about.md": "# About\n\nWords.\n",
        **posts,
    }
    built = shared_build(files)
    assert built.warning_lines() == []
    same = built.soup("posts/p1.html")
    assert [a["href"] for a in same.select("nav.post-nav a")] == ["p0.html", "p2.html"]
    assert same.select("nav.page-nav") == [] and same.select("footer.page-end") == []
    # p2's next page is "about", its newer post p3: both ways are shown.
    differs = built.soup("posts/p2.html")
    assert [a["href"] for a in differs.select("nav.post-nav a")] == ["p1.html", "p3.html"]
    assert [a["href"] for a in differs.select("nav.page-nav a")] == ["p1.html", "../about.html"]
    # A page that is not a post keeps its previous and next.
    assert [a["href"] for a in built.soup("about.html").select("nav.page-nav a")] == ["posts/p2.html", "posts/p3.html"]
