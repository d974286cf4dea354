"""Tag pages, the index of tags and the archive by year; a listing page and a tag page
checked by the Nu HTML checker and axe-core in a real browser, light and dark."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import describe_violations
from test_posts import ESCAPE_TITLE, NEWEST_FIRST, blog_files, listed


@pytest.fixture(scope="module")
def blog_out(tmp_path_factory):
    """One build of the blog shared by this module's read-only checks."""
    from sphinx.cmd.build import build_main

    src = tmp_path_factory.mktemp("blog-src")
    for name, text in blog_files().items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    out = src / "_build" / "html"
    assert build_main(["-q", "-b", "html", str(src), str(out)]) == 0
    return out


def soup(out: Path, name: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "lxml")


def test_one_page_per_tag_with_its_posts_newest_first(blog_out):
    python = soup(blog_out, "tags/python.html")
    # "Python" and "python" are one tag; the page lists both spellings' posts.
    assert listed(python) == ["p07", "p06", "p02", "p01"]
    assert python.select_one("h1").get_text() == "Posts tagged \u201cPython\u201d"
    assert python.select_one("title").get_text().startswith("Posts tagged \u201cPython\u201d")
    assert python.select_one("a.postlist-title")["href"] == "../posts/p07.html"
    assert python.select_one(".tufte-generated-nav a")["href"] == "index.html"
    # A draft's tag and a bad post's tag have no page.
    assert not (blog_out / "tags/drafts-only.html").exists()
    assert listed(soup(blog_out, "tags/machine-learning.html")) == ["p10"]


def test_tag_index_lists_every_tag_with_counts(blog_out):
    index = soup(blog_out, "tags/index.html")
    entries = [(a.get_text(), a["href"]) for a in index.select("ul.tufte-tag-list a[rel=tag]")]
    assert ("math", "math.html") in entries and ("machine learning", "machine-learning.html") in entries
    names = [name for name, _ in entries]
    assert names == sorted(names, key=str.lower)
    math = index.select_one('a[href="math.html"]').parent
    assert math.select_one(".tufte-tag-count").get_text() == "(4)"


def test_archive_groups_posts_by_year(blog_out):
    archive = soup(blog_out, "archive.html")
    years = archive.select("section.tufte-archive-year")
    assert [y.select_one("h2").get_text() for y in years] == ["2025", "2024", "2023", "2022"]
    by_year = {y.select_one("h2").get_text(): listed(y) for y in years}
    # p09 is 23:30 on December 31 in New York: 2024 where it was written.
    assert by_year["2024"] == ["p09", "p08", "p07", "p06"]
    assert [name for names in by_year.values() for name in names] == NEWEST_FIRST
    assert ESCAPE_TITLE in archive.get_text()


def test_a_document_named_like_a_generated_page_wins_with_a_warning(build):
    files = blog_files()
    files["archive.md"] = "# My own archive\n"
    files["index.md"] = files["index.md"].replace("lists\n", "lists\narchive\n")
    built = build(files)
    assert built.soup("archive.html").select_one("h1").get_text().startswith("My own archive")
    lines = [w for w in built.warning_lines() if "[tufte.post.page]" in w]
    assert len(lines) == 1 and "'archive'" in lines[0] and "archive.md:1" in lines[0]


@pytest.mark.vnu
def test_listing_and_generated_pages_are_valid_html(blog_out, vnu):
    pages = ["index.html", "lists.html", "tags/python.html", "tags/index.html", "archive.html", "posts/p03.html", "posts/escape.html"]
    assert vnu([blog_out / page for page in pages]) == []


@pytest.mark.browser
@pytest.mark.parametrize("page", ["index.html", "tags/python.html", "posts/p03.html"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_listing_tag_and_post_pages_have_no_axe_violations(blog_out, open_page, axe, page, scheme):
    opened = open_page(blog_out, page, width=1400, scheme=scheme)
    assert opened.foreign_requests == []
    violations = axe(opened.page)
    assert violations == [], describe_violations(violations)


@pytest.mark.browser
def test_listing_reads_as_title_then_date_and_blurb(blog_out, open_page):
    for width in (1400, 375):
        page = open_page(blog_out, "index.html", width=width, javascript=False).page
        title = page.locator("ul.postlist a.postlist-title").first.bounding_box()
        date = page.locator("ul.postlist time.postlist-date").first.bounding_box()
        blurb = page.locator("ul.postlist .postlist-blurb").first.bounding_box()
        column = page.locator("article.tufte-article").bounding_box()
        # The title on its own line, date and blurb on the next, inside the text column.
        assert date["y"] >= title["y"] + title["height"] - 1
        assert abs(blurb["y"] - date["y"]) < 4 and blurb["x"] > date["x"]
        assert title["x"] + 1 >= column["x"] and blurb["x"] + blurb["width"] <= column["x"] + column["width"] + 1
        marker = page.evaluate("getComputedStyle(document.querySelector('ul.postlist > li')).listStyleType")
        assert marker == "none"


@pytest.mark.browser
def test_post_footer_fits_a_phone_and_hides_navigation_in_print(blog_out, open_page):
    opened = open_page(blog_out, "posts/p03.html", width=375, javascript=False)
    page = opened.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    older = page.locator("nav.post-nav a[rel=prev]").bounding_box()
    newer = page.locator("nav.post-nav a[rel=next]").bounding_box()
    assert older["x"] >= 0 and newer["x"] + newer["width"] <= 375
    meta = page.locator("p.post-meta").bounding_box()
    title = page.locator("article h1").bounding_box()
    assert meta["y"] + meta["height"] <= title["y"] + 1  # the date line sits above the title
    page.emulate_media(media="print")
    assert not page.locator("nav.post-nav").is_visible()
    assert page.locator("p.post-tags").is_visible()
