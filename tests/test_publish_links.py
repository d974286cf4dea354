"""Issue 15 (publishing), the links a published site needs: header links to generated
pages by name, the archive and the tags reachable by default, Open Graph beside
sphinxext-opengraph, and an Atom feed per tag."""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path

import pytest
from site_compare import assert_same_site

BASE = "https://x.github.io/blog/"

CONF = f"""\
project = "Links"
extensions = ["myst_parser", "sphinx_tufte"]
html_theme = "tufte"
html_baseurl = {BASE!r}
myst_enable_extensions = ["colon_fence"]
tufte_author = "A. Writer"
"""


def post(title: str, date: str, tags: list[str], *, draft: bool = False, body: str = "Text.") -> str:
    lines = ["---", f"date: {date}", f"tags: [{', '.join(tags)}]", f"blurb: About {title}."]
    if draft:
        lines.append("draft: true")
    return "\n".join([*lines, "---", "", f"# {title}", "", body, ""])


SITE = {
    "conf.py": CONF,
    "index.md": """
        # Home

        ```{postlist}
        ```

        ```{toctree}
        :hidden:
        about
        posts/first
        posts/second
        posts/deep/third
        posts/secret
        ```
        """,
    "about.md": "# About\n\nMe.\n",
    "posts/first.md": post("First", "2024-01-01", ["python", "rare"]),
    "posts/second.md": post("Second", "2024-02-01", ["python"]),
    "posts/deep/third.md": post("Third", "2024-03-01", ["Machine Learning"]),
    "posts/secret.md": post("Secret", "2024-04-01", ["python", "hidden-only"], draft=True),
}

NAMED = [
    ["Archive", "archive"],
    ["Tags", "tags"],
    ["Tag index", "tags/index"],
    ["Python", "tags/python"],
    ["Search", "search"],
    ["Feed", "feed"],
    ["RSS", "rss"],
    ["Index", "genindex"],
    ["About", "about"],
]


def nav(soup) -> list[tuple[str, str]]:
    return [(a.text, a["href"]) for a in soup.select("header nav.site-nav a")]


def target_file(outdir: Path, page: str, href: str) -> Path:
    """The file a relative link from ``page`` leads to, as a static host serves it."""
    if href == "#":  # the page itself
        return outdir / page
    path = Path(posixpath.normpath(posixpath.join(posixpath.dirname(page), href)))
    full = outdir / path
    return full / "index.html" if href.endswith("/") else full


# ---- 1. nav_links resolve generated pages by name ------------------------------------


@pytest.mark.parametrize(
    ("buildername", "pages", "expected"),
    [
        (
            "html",
            ["index.html", "posts/first.html", "posts/deep/third.html"],
            ["archive.html", "tags/index.html", "tags/index.html", "tags/python.html", "search.html",
             "feed.xml", "rss.xml", "genindex.html", "about.html"],
        ),
        (
            "dirhtml",
            ["index.html", "posts/first/index.html", "posts/deep/third/index.html"],
            ["archive/", "tags/", "tags/", "tags/python/", "search/", "feed.xml", "rss.xml", "genindex/", "about/"],
        ),
    ],
)
def test_nav_links_name_generated_pages_from_any_depth(shared_build, buildername, pages, expected):
    built = shared_build(SITE, buildername=buildername, confoverrides={"html_theme_options": {"nav_links": NAMED}})
    assert built.warning_lines() == []
    for page in pages:
        links = nav(built.soup(page))
        assert [label for label, _ in links] == [label for label, _ in NAMED], page
        # Relative links (they work under the sub-path of html_baseurl and offline) to
        # files that exist: a static host serves each one.
        depth = page.count("/")
        assert [href for _, href in links] == ["../" * depth + href for href in expected], page
        for _, href in links:
            assert target_file(built.outdir, page, href).is_file(), (page, href)


def test_a_nav_link_to_a_generated_page_marks_it_current(shared_build):
    built = shared_build(SITE, confoverrides={"html_theme_options": {"nav_links": NAMED}})
    current = [a.text for a in built.soup("archive.html").select("header nav.site-nav a[aria-current=page]")]
    assert current == ["Archive"]
    tags = [a.text for a in built.soup("tags/index.html").select("header nav.site-nav a[aria-current=page]")]
    assert tags == ["Tags", "Tag index"]


def test_a_nav_link_keeps_its_fragment(shared_build):
    options = {"nav_links": [["Team", "about#team"], ["2024", "archive#year-2024"], ["Top", "#top"]]}
    built = shared_build(SITE, confoverrides={"html_theme_options": options})
    assert built.warning_lines() == []
    assert nav(built.soup("posts/first.html")) == [("Team", "../about.html#team"), ("2024", "../archive.html#year-2024"), ("Top", "#top")]
    about = built.soup("about.html")
    assert nav(about) == [("Team", "#team"), ("2024", "archive.html#year-2024"), ("Top", "#top")]
    # A section of a page is not the page: no aria-current.
    assert about.select("header nav.site-nav a[aria-current]") == []


def test_an_unknown_nav_link_target_is_one_located_warning(build):
    conf = CONF + (
        "html_theme_options = {\n"
        "    'nav_links': [\n"
        "        ['Home', 'index'],\n"
        "        ['Archive', 'archvie'],\n"
        "        ['Feed', 'feed.xml'],\n"
        "    ],\n"
        "}\n"
    )
    built = build(SITE | {"conf.py": conf})
    [warning] = built.warning_lines()  # once per build, not once per page
    assert "conf.py:10: WARNING: html_theme_options: 'nav_links' target 'archvie'" in warning
    assert "is not a document" in warning
    assert warning.endswith("[tufte.nav_link]")
    # The link is dropped; the others stay.
    assert nav(built.soup("posts/first.html")) == [("Home", "../index.html"), ("Feed", "../feed.xml")]


def test_a_generated_page_the_site_does_not_have_is_a_warning(build):
    conf = CONF + "html_theme_options = {'nav_links': [['Archive', 'archive'], ['Tags', 'tags'], ['Feed', 'feed']]}\n"
    built = build({"conf.py": conf, "index.md": "# Home\n\nNo posts yet.\n"})
    warnings = built.warning_lines()
    assert len(warnings) == 3, warnings
    assert all("conf.py:7: WARNING: html_theme_options: 'nav_links' target" in w for w in warnings)
    assert all(w.endswith("[tufte.nav_link]") for w in warnings)
    assert "no posts" in warnings[0]
    assert nav(built.soup()) == []


def test_nav_links_under_builders_without_generated_pages_are_dropped_quietly(build):
    built = build(SITE, buildername="singlehtml", confoverrides={"html_theme_options": {"nav_links": NAMED}})
    assert built.warning_lines() == []


# ---- 2. the archive and the tags are reachable by default ----------------------------


def test_a_site_with_posts_links_the_archive_and_tags_without_any_setting(shared_build):
    built = shared_build(SITE)
    for page in ["index.html", "about.html", "posts/deep/third.html", "archive.html", "tags/python.html"]:
        links = {a.text: a["href"] for a in built.soup(page).select("footer nav.tufte-site-pages a")}
        assert set(links) == {"Archive", "Tags", "Feed"}, page
        for href in links.values():
            assert target_file(built.outdir, page, href).is_file(), (page, href)


def test_default_links_leave_out_what_the_header_links_already(shared_build):
    options = {"nav_links": [["Home", "index"], ["Archive", "archive.html"], ["Atom", "feed.xml"]]}
    built = shared_build(SITE, confoverrides={"html_theme_options": options})
    links = [a.text for a in built.soup().select("footer nav.tufte-site-pages a")]
    assert links == ["Tags"]


def test_every_page_gains_the_tags_link_with_the_first_tag(build, tmp_path):
    """Every page links the tag index once there is one: the first tag (or a header
    link that starts to resolve) writes every page again, as a clean build has them."""
    files = {
        "conf.py": CONF + "html_theme_options = {'nav_links': [['Home', 'index'], ['Python', 'tags/python']]}\n",
        "index.md": "# Home\n\n```{toctree}\n:hidden:\nabout\nposts/first\n```\n",
        "about.md": "# About\n\nMe.\n",
        "posts/first.md": post("First", "2024-01-01", []).replace("tags: []\n", ""),
    }
    first = build(files)
    assert [a.text for a in first.soup("about.html").select("footer nav.tufte-site-pages a")] == ["Archive", "Feed"]
    assert len(first.warning_lines()) == 1  # tags/python leads nowhere yet
    incremental = build({"posts/first.md": post("First", "2024-01-01", ["python"])}, srcdir=first.srcdir, fresh=False)
    assert incremental.warning_lines() == []
    about = incremental.soup("about.html")
    assert [a.text for a in about.select("footer nav.tufte-site-pages a")] == ["Archive", "Tags", "Feed"]
    assert nav(about) == [("Home", "index.html"), ("Python", "tags/python.html")]
    clean_src = tmp_path / "clean"
    shutil.copytree(first.srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    assert_same_site(build(srcdir=clean_src).outdir, incremental.outdir)


def test_a_site_without_posts_has_no_default_links(shared_build):
    built = shared_build({"conf.py": CONF, "index.md": "# Home\n\nText.\n"})
    assert built.soup().select("footer nav.tufte-site-pages") == []


def follow(page, name: str, path: str) -> None:
    """Click the visible link named ``name`` and land on ``path``."""
    link = page.get_by_role("link", name=name, exact=True)
    link.scroll_into_view_if_needed()
    assert link.is_visible(), name
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("/" + path), (name, page.url)


@pytest.mark.browser
def test_a_reader_walks_from_home_to_the_archive_and_tags(shared_build, open_page):
    built = shared_build(SITE)
    for width in (1400, 375):
        page = open_page(built.outdir, "index.html", width=width).page
        follow(page, "Archive", "archive.html")
        assert page.locator("h1").first.inner_text() == "Archive"
        follow(page, "Tags", "tags/index.html")
        assert page.locator("h1").first.inner_text() == "Tags"
        follow(page, "python", "tags/python.html")


# ---- 3. Open Graph steps aside for sphinxext-opengraph ------------------------------


def test_open_graph_steps_aside_for_sphinxext_opengraph(shared_build):
    pytest.importorskip("sphinxext.opengraph")
    conf = CONF.replace('"sphinx_tufte"]', '"sphinx_tufte", "sphinxext.opengraph"]') + f"ogp_site_url = {BASE!r}\n"
    built = shared_build(SITE | {"conf.py": conf})
    assert built.warning_lines() == []
    for page in ["index.html", "about.html", "posts/first.html", "archive.html"]:
        head = built.soup(page).head
        properties = [meta["property"] for meta in head.find_all("meta", property=True)]
        assert len(properties) == len(set(properties)), (page, properties)
        assert "og:title" in properties  # its own, or ours on a generated page
        names = [meta["name"] for meta in head.find_all("meta", attrs={"name": True})]
        assert len(names) == len(set(names)), (page, names)
    head = built.soup("posts/first.html").head
    # The post's own description (its blurb) and its structured data stay.
    assert head.find("meta", attrs={"name": "description"})["content"] == "About First."
    assert len(head.find_all("script", type="application/ld+json")) == 1


def test_open_graph_is_written_without_sphinxext_opengraph(shared_build):
    head = shared_build(SITE).soup("posts/first.html").head
    assert head.find("meta", property="og:title")["content"] == "First"
    assert head.find("meta", property="og:url")["content"] == BASE + "posts/first.html"


# ---- 4. an Atom feed per tag ---------------------------------------------------------


def parse_feed(path: Path):
    feedparser = pytest.importorskip("feedparser")
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def test_each_tag_has_an_atom_feed_linked_from_its_page(shared_build):
    built = shared_build(SITE | {"conf.py": CONF + "tufte_feed_length = 1\n"})
    assert built.warning_lines() == []
    feed = parse_feed(built.outdir / "tags/python.xml")
    # Drafts never; the feed's length counts per tag (the site feed holds only Third).
    assert [entry.title for entry in feed.entries] == ["Second"]
    [entry] = feed.entries
    assert entry.link == BASE + "posts/second.html"
    assert "Text." in entry.content[0].value
    assert feed.feed.title.endswith("\N{LEFT DOUBLE QUOTATION MARK}python\N{RIGHT DOUBLE QUOTATION MARK}")
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": BASE + "tags/python.xml", "alternate": BASE + "tags/python.html"}
    assert [e.title for e in parse_feed(built.outdir / "tags/machine-learning.xml").entries] == ["Third"]
    assert not (built.outdir / "tags/hidden-only.xml").exists()

    soup = built.soup("tags/python.html")
    alternate = soup.head.find_all("link", rel="alternate", type="application/atom+xml")
    assert [link["href"] for link in alternate] == [BASE + "feed.xml", BASE + "tags/python.xml"]
    visible = soup.select_one("article a.tufte-tag-feed")
    assert visible["href"] == "python.xml" and visible.text.strip()
    # Other pages link only the site's feed.
    other = built.soup("posts/first.html").head.find_all("link", rel="alternate", type="application/atom+xml")
    assert [link["href"] for link in other] == [BASE + "feed.xml"]


def test_a_tag_of_drafts_only_has_a_page_in_preview_but_no_feed(shared_build):
    built = shared_build(SITE, confoverrides={"tufte_show_drafts": True})
    assert (built.outdir / "tags/hidden-only.html").is_file()
    assert not (built.outdir / "tags/hidden-only.xml").exists()
    soup = built.soup("tags/hidden-only.html")
    assert soup.select("a.tufte-tag-feed") == []
    assert [link["href"] for link in soup.head.find_all("link", rel="alternate", type="application/atom+xml")] == [
        BASE + "feed.xml"
    ]
    # A draft is in no tag feed, even when previews list it.
    assert "Secret" not in [e.title for e in parse_feed(built.outdir / "tags/python.xml").entries]


def test_tag_feeds_under_dirhtml(shared_build):
    built = shared_build(SITE, buildername="dirhtml")
    feed = parse_feed(built.outdir / "tags/python.xml")
    assert [entry.link for entry in feed.entries] == [BASE + "posts/second/", BASE + "posts/first/"]
    visible = built.soup("tags/python/index.html").select_one("a.tufte-tag-feed")
    assert visible["href"] == "../python.xml"


def test_no_tag_feeds_without_a_base_url(build):
    built = build(SITE | {"conf.py": CONF.replace(f"html_baseurl = {BASE!r}\n", "")})
    assert not list(built.outdir.glob("tags/*.xml"))
    assert built.soup("tags/python.html").select("a.tufte-tag-feed") == []


def test_dropping_a_tag_from_its_last_post_removes_its_feed(build, tmp_path):
    first = build(SITE)
    assert (first.outdir / "tags/rare.xml").is_file()
    edited = {"posts/first.md": post("First", "2024-01-01", ["python"])}
    incremental = build(edited, srcdir=first.srcdir, fresh=False)
    assert incremental.warning_lines() == []
    assert not (incremental.outdir / "tags/rare.xml").exists()
    clean_src = tmp_path / "clean"
    shutil.copytree(first.srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(srcdir=clean_src)
    assert_same_site(clean.outdir, incremental.outdir)
    # The feed of a tag that stays is up to date too.
    assert [e.title for e in parse_feed(incremental.outdir / "tags/python.xml").entries] == ["Second", "First"]
