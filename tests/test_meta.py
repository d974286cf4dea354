"""Open Graph, Twitter card and JSON-LD metadata, the canonical link, and sitemap.xml."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest
from test_posts import ESCAPE_TITLE, blog_files

BASE = "https://blog.example.org/"


@pytest.fixture
def blog(shared_build):
    return shared_build(blog_files())


def metas(soup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in soup.select("head meta[property], head meta[name]"):
        found.setdefault(tag.get("property") or tag["name"], []).append(tag["content"])
    return found


def json_ld(soup) -> list[dict]:
    return [json.loads(tag.string) for tag in soup.select('head script[type="application/ld+json"]')]


def test_post_page_metadata(blog):
    soup = blog.soup("posts/p10.html")
    meta = metas(soup)
    assert meta["og:title"] == ["Speedrun worklog"]
    assert meta["og:type"] == ["article"]
    assert meta["og:url"] == [BASE + "posts/p10.html"]
    assert meta["og:site_name"] == ["Test Blog"]
    assert meta["og:description"] == ["How fast can a small model train?"]
    assert meta["og:image"] == [BASE + "_static/card.png"]
    assert meta["twitter:card"] == ["summary_large_image"]
    # X reads the rest from og:, so it is written once.
    assert not {"twitter:title", "twitter:description", "twitter:image"} & meta.keys()
    assert meta["article:published_time"] == ["2025-02-18"]
    assert meta["article:tag"] == ["machine learning"]
    assert soup.select_one('head link[rel=canonical]')["href"] == BASE + "posts/p10.html"
    (data,) = json_ld(soup)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Speedrun worklog"
    assert data["datePublished"] == "2025-02-18"
    assert data["url"] == BASE + "posts/p10.html"
    assert data["author"] == {"@type": "Person", "name": "Ada Example"}
    assert data["image"] == BASE + "_static/card.png"
    # With both a subtitle and a blurb, the blurb is the description.
    assert metas(blog.soup("posts/p12.html"))["og:description"] == ["The newest post."]


def test_page_that_is_not_a_post(blog):
    soup = blog.soup("lists.html")
    meta = metas(soup)
    assert meta["og:type"] == ["website"]
    assert meta["og:title"] == ["Listings"]
    assert meta["twitter:card"] == ["summary"]
    assert "og:image" not in meta
    assert json_ld(soup) == []


def test_metadata_is_escaped(blog):
    soup = blog.soup("posts/escape.html")
    meta = metas(soup)
    assert meta["og:title"] == [ESCAPE_TITLE]
    assert meta["og:description"] == ["Blurb with <b>bold</b> & \u201cquotes\u201d and ]]> end"]
    assert "<script>x</script>" in meta["article:tag"]
    (data,) = json_ld(soup)
    assert data["headline"] == ESCAPE_TITLE
    assert data["keywords"] == ["<script>x</script>", "a&b"]
    raw = blog.text("posts/escape.html")
    head = raw[: raw.index("</head>")]
    script = head[head.index('<script type="application/ld+json">') :]
    script = script[: script.index("</script>")]
    assert "<" not in script[1:] and "&" not in script
    # No script element came from the title: the same inline scripts as a plain post.
    inline = "head script:not([src])"
    assert len(soup.select(inline)) == len(blog.soup("posts/p04.html").select(inline))


def test_sitemap_lists_pages_with_absolute_urls(blog):
    root = ElementTree.fromstring((blog.outdir / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in root.findall("s:url", ns)}
    assert urls[BASE + "index.html"] is None
    assert urls[BASE + "posts/p03.html"] == "2023-04-01T00:00:00+00:00"
    assert urls[BASE + "posts/p06.html"] == "2024-02-29"
    assert BASE + "tags/python.html" in urls and BASE + "archive.html" in urls
    assert BASE + "posts/draft.html" not in urls
    assert all(url.startswith(BASE) for url in urls)


def test_no_sitemap_without_baseurl(build):
    files = blog_files()
    files["conf.py"] = files["conf.py"].replace('html_baseurl = "https://blog.example.org/"', "")
    built = build(files)
    assert not (built.outdir / "sitemap.xml").exists()
    assert "og:url" not in metas(built.soup("posts/p10.html"))
    assert "og:image" not in metas(built.soup("posts/p10.html"))
