"""The site's title and author: one rule each, the same in the page, the feed, the
JSON-LD and the citation block."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import feedparser
import pytest

from sphinx_tufte._site import placeholder_base_url

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



PLACEHOLDER_CONF = """\
project = "Site"
author = "Ada Lovelace"
extensions = ["myst_parser", "sphinx_tufte"]
html_theme = "tufte"
html_baseurl = {base!r}
"""
HOME = "# Home\n\n```{toctree}\npost\n```\n"
PLACEHOLDERS = [
    "https://example.com/",
    "https://blog.example.org/notes/",
    "http://WWW.EXAMPLE.NET./",
    "http://localhost:8000/",
    "http://preview.localhost/",
    "http://127.0.0.1:8000/",
    "http://[::1]:8000/",
    "http://0.0.0.0:8000/",
    "http://192.168.1.20/",
    "http://10.0.0.5/",
    "https://mysite.local/",
    "https://me.test/",
    "https://me.invalid/",
    "https://site.example/",
]
REAL = [
    "https://ada.github.io/",
    "https://example.company.com/",
    "https://myexample.com/",
    "https://notes.testing.org/blog/",
    "https://local.news/",
    "http://93.184.215.14/",
]


@pytest.mark.parametrize("base", PLACEHOLDERS)
def test_placeholder_and_local_addresses_are_recognised(base: str) -> None:
    assert placeholder_base_url(SimpleNamespace(html_baseurl=base)) == base


@pytest.mark.parametrize("base", [*REAL, "", "/blog/", "javascript:alert(1)"])
def test_real_or_refused_addresses_are_not_placeholders(base: str) -> None:
    assert placeholder_base_url(SimpleNamespace(html_baseurl=base)) == ""


@pytest.mark.parametrize("base", ["https://blog.example.org/", "http://localhost:8000/"])
def test_a_placeholder_or_local_base_url_is_one_located_warning(build: Callable[..., Any], base: str) -> None:
    built = build({"conf.py": PLACEHOLDER_CONF.format(base=base), "index.md": HOME, "post.md": POST})
    assert built.statuscode == 0
    warnings = built.warning_lines()
    assert len(warnings) == 1, built.warnings
    assert "conf.py:5: WARNING: html_baseurl" in warnings[0], warnings
    assert warnings[0].endswith("[tufte.baseurl_placeholder]"), warnings
    assert repr(base) in warnings[0] and "published at" in warnings[0]
    # Still used (the documented choice): a preview on this machine keeps its feed and
    # canonical links, and a -W build, the one that publishes, stops at the warning.
    assert built.soup("post.html").find("link", rel="canonical")["href"] == base + "post.html"
    assert feedparser.parse(built.text("feed.xml")).entries[0].link == base + "post.html"


def test_a_real_base_url_is_not_a_placeholder(build: Callable[..., Any]) -> None:
    base = "https://notes.testing.org/blog/"
    built = build({"conf.py": PLACEHOLDER_CONF.format(base=base), "index.md": HOME, "post.md": POST})
    assert built.warning_lines() == [], built.warnings
    assert built.soup("post.html").find("link", rel="canonical")["href"] == base + "post.html"
