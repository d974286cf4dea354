"""Hostile strings stay text everywhere: pages, listings, tag pages, archive, feeds,
sitemap, meta tags and JSON-LD.

One site carries a hostile string in every user-written field: the post's title,
subtitle, blurb, tags and author, and the config values a page shows (project,
html_title, the feed's title, the footer text, a navigation label). The tests read
every output file back with real parsers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from site_compare import BLOG_CONF, build_site, site_files

RLO = "\u202e"  # right-to-left override
HOSTILE = f"<script>alert(\"x\")</script> & \"q\" 'a' ]]> {RLO}evil"
# A MyST heading: backslashes so that Markdown keeps the brackets as text rather than
# treating them as the author's own raw HTML.
TITLE_MD = HOSTILE.replace("<", "\\<").replace(">", "\\>")
TITLE = HOSTILE
MARKER = "<script>alert("


def yaml_string(text: str) -> str:
    return json.dumps(text)  # JSON strings are YAML double-quoted strings


SUBTITLE = "Sub " + HOSTILE
BLURB = "Blurb " + HOSTILE + "\nsecond line"
TAG = "tag " + HOSTILE.replace("\\", "")
AUTHOR = "Author " + HOSTILE

POST = f"""---
date: 2024-05-01
subtitle: {yaml_string(SUBTITLE)}
blurb: {yaml_string(BLURB)}
tags: [{yaml_string(TAG)}, plain]
author: {yaml_string(AUTHOR)}
---
# {TITLE_MD}

Body text with a note.[^n]

[^n]: A note.
"""

INDEX = """# Home

```{postlist}
```

```{toctree}
:hidden:

post
```
"""

# Sphinx's smart quotes would curl the title's quotes; off, the text is compared as written.
CONF = BLOG_CONF + f"""
smartquotes = False
project = {HOSTILE!r}
html_title = {("Site " + HOSTILE)!r}
tufte_feed_title = {("Feed " + HOSTILE)!r}
tufte_author = {("Conf author " + HOSTILE)!r}
html_theme_options = {{
    "footer_text": {("Footer " + HOSTILE)!r},
    "nav_links": [[{("Nav " + HOSTILE)!r}, "post"]],
}}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    (src / "post.md").write_text(POST, encoding="utf-8")
    built = build_site(src, root / "out")
    assert built.statuscode == 0, built.warnings
    return built.outdir


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "lxml")


def test_no_output_file_carries_the_raw_markup(site: Path) -> None:
    """Escaped, the string reads ``&lt;script&gt;`` (HTML, XML) or ``\\u003cscript``
    (JSON in a script element); the raw form anywhere means it reached the output as
    markup. Copied sources and Sphinx's search index (a JS string) are not markup."""
    checked = 0
    for name, path in site_files(site).items():
        if name.startswith("_sources/") or name.endswith((".js", ".txt", ".css", ".woff2", ".png")):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert MARKER not in text, f"{name} carries {MARKER!r} unescaped"
        checked += 1
    assert checked >= 6


def test_post_page_shows_every_string_as_text(site: Path) -> None:
    soup = page(site, "post.html")
    assert TITLE in soup.find("h1").get_text()
    assert soup.title.get_text().startswith(TITLE)
    assert SUBTITLE in soup.find(class_="subtitle").get_text()
    text = soup.get_text()
    assert f"Nav {HOSTILE}" in text and f"Footer {HOSTILE}" in text
    # No script element came from user text: each is the theme's own or JSON-LD.
    for script in soup.find_all("script"):
        assert "alert" not in (script.get("src") or "")
        if script.get("type") != "application/ld+json":
            assert "alert" not in script.get_text()


def test_meta_tags_and_json_ld(site: Path) -> None:
    soup = page(site, "post.html")
    assert soup.find("meta", property="og:title")["content"] == TITLE
    descriptions = [m["content"] for m in soup.find_all("meta") if m.get("name") == "description" or m.get("property") == "og:description"]
    assert descriptions and all(d.startswith("Blurb <script>") for d in descriptions), descriptions
    blocks = soup.find_all("script", type="application/ld+json")
    assert blocks, "no JSON-LD"
    data = json.loads(blocks[0].string)
    assert data["headline"] == TITLE
    assert MARKER not in str(blocks[0])  # escaped inside the element, so it cannot close it


def test_listing_and_tag_pages(site: Path) -> None:
    listing = page(site, "index.html")
    assert listing.select_one(".postlist-title").get_text() == TITLE
    assert listing.select_one(".postlist-blurb").get_text().startswith("Blurb " + HOSTILE)
    tag_pages = [p for p in (site / "tags").glob("*.html") if p.name != "index.html"]
    assert len(tag_pages) == 2
    hostile_tag = [p for p in tag_pages if TAG in page(site, f"tags/{p.name}").get_text()]
    assert len(hostile_tag) == 1
    assert "<" not in hostile_tag[0].name and '"' not in hostile_tag[0].name
    assert TAG in page(site, "tags/index.html").get_text()
    assert TITLE in page(site, "archive.html").get_text()


@pytest.mark.parametrize("name", ["feed.xml", "rss.xml", "sitemap.xml"])
def test_xml_files_parse_strictly(site: Path, name: str) -> None:
    if name == "rss.xml" and not (site / name).exists():
        pytest.fail("rss.xml was not written (tufte_feed_rss defaults to True)")
    etree.fromstring((site / name).read_bytes(), etree.XMLParser(resolve_entities=False, recover=False))


def test_feed_keeps_every_string_as_text(site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = etree.fromstring((site / "feed.xml").read_bytes())
    assert feed.findtext(f"{atom}title") == "Feed " + HOSTILE
    entry = feed.find(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == TITLE
    assert {c.get("term") for c in entry.findall(f"{atom}category")} >= {TAG}
    content = entry.findtext(f"{atom}content") or ""
    # The content is HTML carried as text: the body's own markup, no hostile element.
    assert "Body text" in content and MARKER not in content
    import feedparser

    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 1
