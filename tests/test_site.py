"""The site's title and author: one rule each, the same in the page, the feed, the
JSON-LD and the citation block."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import feedparser

CONF = """\
project = "Site"
author = "Ada Lovelace"
extensions = ["myst_parser", "sphinx_tufte"]
html_theme = "tufte"
html_baseurl = "https://example.org/"
"""
POST = "---\ndate: 2024-01-02\n---\n# A post\n\nText.\n"


def _json_ld(built: Any, page: str) -> dict[str, Any]:
    script = built.soup(page).find("script", type="application/ld+json")
    return json.loads(script.string)


def test_sphinx_author_is_the_site_author_everywhere(build: Callable[..., Any]) -> None:
    built = build({"conf.py": CONF, "index.md": "# Home\n", "post.md": POST})
    feed = feedparser.parse(built.text("feed.xml"))
    assert feed.feed.author == "Ada Lovelace"
    assert _json_ld(built, "post.html")["author"]["name"] == "Ada Lovelace"
    assert built.soup("post.html").find("meta", attrs={"name": "citation_author"})["content"] == "Ada Lovelace"


def test_tufte_author_wins_and_an_unset_author_is_no_name(build: Callable[..., Any]) -> None:
    built = build({"conf.py": CONF + 'tufte_author = "Grace Hopper"\n', "index.md": "# Home\n", "post.md": POST})
    assert feedparser.parse(built.text("feed.xml")).feed.author == "Grace Hopper"
    assert _json_ld(built, "post.html")["author"]["name"] == "Grace Hopper"
    unset = build({"conf.py": CONF.replace('author = "Ada Lovelace"\n', ""), "index.md": "# Home\n", "post.md": POST})
    assert "Author name not set" not in unset.text("post.html")
    assert "Author name not set" not in unset.text("feed.xml")


def test_html_title_from_the_command_line_is_the_site_title(build: Callable[..., Any]) -> None:
    built = build({"conf.py": CONF, "index.md": "# Home\n", "post.md": POST}, confoverrides={"html_title": "Chosen"})
    assert built.soup("post.html").title.string == "A post \N{EM DASH} Chosen"
    assert feedparser.parse(built.text("feed.xml")).feed.title == "Chosen"


def test_several_authors_are_several_people(build: Callable[..., Any]) -> None:
    post = "---\ndate: 2024-01-02\nauthor: [Ada Lovelace, Charles Babbage]\n---\n# A post\n\nText.\n"
    built = build({"conf.py": CONF, "index.md": "# Home\n", "post.md": post})
    people = _json_ld(built, "post.html")["author"]
    assert people == [{"@type": "Person", "name": "Ada Lovelace"}, {"@type": "Person", "name": "Charles Babbage"}]
    entry = feedparser.parse(built.text("feed.xml")).entries[0]
    assert [author["name"] for author in entry.authors] == ["Ada Lovelace", "Charles Babbage"]


def test_a_lone_surrogate_in_a_front_matter_list_is_replaced_with_a_warning(build: Callable[..., Any]) -> None:
    post = '---\ndate: 2024-01-02\ntags: ["x \\uD800"]\nauthor: ["Ada \\uDC00"]\n---\n# A post\n\nText.\n'
    built = build({"conf.py": CONF, "index.md": "# Home\n", "post.md": post})
    warnings = [line for line in built.warning_lines() if "[tufte.text]" in line]
    assert any("post.md:3:" in line and "'tags'" in line for line in warnings), built.warnings
    assert any("post.md:4:" in line and "'author'" in line for line in warnings), built.warnings
    pages = [path.read_text(encoding="utf-8") for path in (built.outdir / "tags").glob("*.html")]
    assert pages and not any("&#55296;" in page or "&#56320;" in page for page in pages)
    assert "x \ufffd" in "".join(pages)
    cited = built.soup("post.html").find("meta", attrs={"name": "citation_author"})["content"]
    assert cited == "Ada \ufffd"


def test_every_page_links_the_feed_only_while_there_is_one(build: Callable[..., Any]) -> None:
    # Deleting the last post removes the feed, so an unchanged page's head must lose its
    # <link rel="alternate">; publishing the first post must add it: as a clean build.
    def alternate(built: Any) -> list[Any]:
        return built.soup("about.html").find_all("link", rel="alternate")

    files = {"conf.py": CONF, "index.md": "# Home\n", "about.md": "# About\n\nMe.\n", "post.md": POST}
    first = build(files)
    assert alternate(first)
    (first.srcdir / "post.md").unlink()
    emptied = build(srcdir=first.srcdir, fresh=False)
    assert alternate(emptied) == []
    (first.srcdir / "post.md").write_text(POST, encoding="utf-8")
    again = build(srcdir=first.srcdir, fresh=False)
    assert alternate(again)
