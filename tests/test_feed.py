"""The Atom and RSS feeds, read back with feedparser (a real, lenient-but-strict parser)."""

from __future__ import annotations

import re

import feedparser
import pytest
from test_posts import ESCAPE_TITLE, NEWEST_FIRST, blog_files

BASE = "https://blog.example.org/"


@pytest.fixture
def blog(shared_build):
    return shared_build(blog_files())


def parse(built, name="feed.xml"):
    feed = feedparser.parse(built.text(name))
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_atom_feed_has_every_post_newest_first_with_absolute_links(blog):
    feed = parse(blog)
    assert feed.version == "atom10"
    assert feed.feed.title == "Test Blog"
    assert [link.href for link in feed.feed.links] == [BASE, BASE + "feed.xml"]
    links = [entry.link for entry in feed.entries]
    assert links == [f"{BASE}posts/{name}.html" for name in NEWEST_FIRST]
    assert not any("draft" in link or "bad-date" in link for link in links)
    first = feed.entries[0]
    assert first.title == "Summer notes"
    assert first.id == BASE + "posts/p12.html"
    assert first.published == "2025-06-30T12:00:00+09:00"
    assert first.summary == "The newest post."
    assert [tag.term for tag in first.tags] == ["tooling", "writing"]
    assert first.author == "Ada Example"
    guest = next(entry for entry in feed.entries if entry.link.endswith("p08.html"))
    assert guest.author == "Guest Writer"
    updated = next(entry for entry in feed.entries if entry.link.endswith("p03.html"))
    assert updated.updated == "2023-04-01T00:00:00+00:00"
    # Every href and src in the content is absolute, but for links within the entry.
    for entry in feed.entries:
        content = entry.content[0].value
        for url in re.findall(r'(?:href|src)="([^"]*)"', content):
            assert url.startswith(("https://", "#")), (entry.link, url)


def test_entries_carry_full_content_with_notes_as_footnotes(blog):
    page = blog.soup("posts/p01.html")
    entry = next(e for e in parse(blog).entries if e.link.endswith("p01.html"))
    content = entry.content[0].value
    assert "The first post, with a footnote." in content
    assert 'href="https://blog.example.org/posts/p02.html"' in content
    assert 'src="https://blog.example.org/_images/dot.svg"' in content
    # On the page the footnote is a sidenote; in the feed it is a footnote again, with
    # its text at the end and its in-entry links left relative.
    assert page.select(".sidenote")
    assert "sidenote" not in content and "margin" not in content.split("A note that sits")[0]
    assert 'class="footnote-reference' in content and 'href="#fn-1"' in content
    assert content.index("A note that sits in the margin") > content.index("image-free paragraph")
    # The entry's title is not repeated as a heading in its content.
    assert "<h1" not in content


def test_rss_feed_is_readable_too(blog):
    feed = parse(blog, "rss.xml")
    assert feed.version.startswith("rss")
    assert [entry.link for entry in feed.entries] == [f"{BASE}posts/{name}.html" for name in NEWEST_FIRST]
    assert feed.feed.link == BASE
    assert 'href="https://blog.example.org/rss.xml" rel="self"' in blog.text("rss.xml")


def test_titles_and_blurbs_stay_text_in_the_feed(blog):
    feed = parse(blog)
    entry = next(e for e in feed.entries if e.link.endswith("escape.html"))
    assert entry.title == ESCAPE_TITLE
    assert entry.summary == "Blurb with <b>bold</b> & \u201cquotes\u201d and ]]> end"
    assert "<script>x</script>" in [tag.term for tag in entry.tags]
    raw = blog.text("feed.xml")
    assert "<script>" not in raw and "<b>bold" not in raw


def test_feed_length_is_configurable(build):
    built = build(blog_files(), confoverrides={"tufte_feed_length": 3})
    assert len(parse(built).entries) == 3
    everything = build(blog_files(), confoverrides={"tufte_feed_length": 0})
    assert len(parse(everything).entries) == len(NEWEST_FIRST)


def test_feeds_go_to_the_output_directory_only(blog):
    assert (blog.outdir / "feed.xml").is_file()
    written_in_source = [p for p in blog.srcdir.rglob("*.xml") if blog.outdir not in p.parents]
    assert written_in_source == []


def test_every_page_head_links_to_the_feed(blog):
    for page in ("index.html", "lists.html", "posts/p01.html", "tags/python.html", "archive.html", "genindex.html"):
        link = blog.soup(page).select_one('head link[rel=alternate][type="application/atom+xml"]')
        assert link is not None, page
        assert link["href"] == BASE + "feed.xml"


def test_without_baseurl_one_warning_and_no_feed(build):
    files = blog_files()
    files["conf.py"] = files["conf.py"].replace('html_baseurl = "https://blog.example.org/"', "")
    built = build(files)
    feed_warnings = [w for w in built.warning_lines() if "[tufte.feed]" in w]
    assert len(feed_warnings) == 1, feed_warnings
    assert "html_baseurl" in feed_warnings[0] and "conf.py" in feed_warnings[0]
    assert not (built.outdir / "feed.xml").exists()
    assert not built.soup("index.html").select('link[rel=alternate][type="application/atom+xml"]')


def test_no_posts_no_feed_and_no_warning(build):
    built = build({"index.md": "# Home\n\nNo posts here.\n"})
    assert not (built.outdir / "feed.xml").exists()
    assert not [w for w in built.warning_lines() if "[tufte.feed]" in w or "[tufte.post" in w]


def test_dirhtml_links_point_at_directories(build):
    built = build(blog_files(), buildername="dirhtml")
    feed = parse(built)
    assert feed.entries[0].link == BASE + "posts/p12/"
    assert (built.outdir / "tags/python/index.html").is_file()
    assert built.soup("posts/p03/index.html").select_one("a[rel=prev]")["href"] == "../p02/"


def test_responsive_image_sources_are_absolute_in_the_feed(build):
    """A feed reader resolves srcset against the feed, not the page: every candidate of
    every width variant must carry the site's address."""
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (1600, 900), (200, 120, 40)).save(png, "PNG")
    built = build(
        {
            "posts/pic.md": "---\ndate: 2024-05-01\n---\n# With a picture\n\n![A square](wide.png)\n",
            "posts/wide.png": png.getvalue(),
            "index.md": "# Home\n\n```{toctree}\n:glob:\nposts/*\n```\n",
        },
        confoverrides={"html_baseurl": BASE, "suppress_warnings": ["tufte.baseurl_placeholder"]},
    )
    # feedparser's sanitiser drops srcset, so the entry is read with an XML parser.
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    [entry] = ET.fromstring(built.text("feed.xml")).iter(f"{atom}entry")
    content = entry.find(f"{atom}content").text
    srcsets = re.findall(r'srcset="([^"]+)"', content)
    assert srcsets, content
    urls = [candidate.split()[0] for srcset in srcsets for candidate in srcset.split(",")]
    assert len(urls) > 2
    assert all(url.startswith(BASE + "_images/") for url in urls), urls
