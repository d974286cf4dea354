"""Hostile input against the feeds, the sitemap, the head metadata and the site's URLs
(issue 12 items 1, 7, 11, 12 and 13): every build finishes, every XML file is written
and parses strictly, every bad value is a located ``tufte`` warning, and an incremental
feed equals a clean one."""

from __future__ import annotations

import html
import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import lxml.html
import pytest
from site_compare import normalise

from sphinx_tufte._text import xml_safe

BASE = "https://blog.example.org/"
CONF = """
project = "Hostile"
html_theme = "tufte"
extensions = ["myst_parser", "sphinx_tufte"]
html_baseurl = "https://blog.example.org/"
suppress_warnings = ["tufte.baseurl_placeholder"]
"""
INDEX = """
# Home

```{postlist}
```

```{toctree}
:glob:
posts/*
```
"""
BUILDERS = ["html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo"]
# What a terminal pastes: colour codes (ESC), a bell, a form feed; and U+FFFE.
ANSI = "\x1b[31mred\x1b[0m"
JUNK = f"{ANSI} \x07\x0c \ufffe"
XML_FILES = ("feed.xml", "rss.xml", "sitemap.xml")
LOCATED = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): WARNING: .*\[tufte\.(?P<subtype>[a-z_.]+)\]$")


def front(**fields: str) -> str:
    """YAML front matter; values are double-quoted YAML, so ``\\uD800`` is an escape."""
    lines = [f"{name}: {value}" for name, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def terminal_post() -> str:
    # Written as YAML escapes: the file itself stays valid UTF-8, as an editor saves it.
    junk = '"t \\e[31mred\\e[0m \\a\\f \\uFFFE"'
    return (
        front(date="2025-01-01", blurb=junk, subtitle=junk, author=junk, tags=f"[{junk}, plain]")
        + f"# Title {ANSI}\x0c\n\nBody {JUNK}\n\n```console\n$ ls\n{ANSI}\x0c\n```\n"
    )


def surrogate_post() -> str:
    lone = '"lone \\uD800 half"'
    return front(date="2025-01-02", blurb=lone, subtitle=lone, author=lone, tags=f"[{lone}]") + "# Surrogate\n\nText.\n"


def hostile_site() -> dict[str, str]:
    return {
        "conf.py": CONF,
        "index.md": INDEX,
        "posts/terminal.md": terminal_post(),
        "posts/surrogate.md": surrogate_post(),
    }


def located(built, subtype: str) -> list[re.Match[str]]:
    matches = [LOCATED.match(line) for line in built.warning_lines()]
    return [m for m in matches if m is not None and m["subtype"] == subtype]


def words(text: str) -> str:
    return " ".join(text.split())


def strict_feed(built, name: str = "feed.xml"):
    feed = feedparser.parse(built.text(name))
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


# ---- 1: characters XML forbids -------------------------------------------------------


def test_xml_safe_drops_controls_and_replaces_lone_surrogates() -> None:
    assert xml_safe("plain text") == "plain text"
    assert xml_safe("tab\tline\nreturn\r") == "tab\tline\nreturn\r"
    assert xml_safe(f"a{JUNK}b") == "a[31mred[0m  b"
    assert xml_safe("lone \ud800 half") == "lone \ufffd half"
    assert xml_safe("caf\u00e9 \U0001f600") == "caf\u00e9 \U0001f600"


def test_forbidden_characters_leave_every_xml_file_written_and_strict(build) -> None:
    built = build(hostile_site())
    assert built.statuscode == 0
    for name in XML_FILES:
        data = (built.outdir / name).read_bytes()
        ElementTree.fromstring(data)  # strict: raises on any character XML forbids
        assert b"\x1b" not in data and b"\x0c" not in data, name
    feed = strict_feed(built)
    entries = {entry.link: entry for entry in feed.entries}
    terminal = entries[BASE + "posts/terminal.html"]
    assert terminal.title == "Title [31mred[0m"
    assert words(terminal.summary) == "t [31mred[0m"
    assert words(terminal.author) == "t [31mred[0m"
    assert [tag.term for tag in terminal.tags] == ["t [31mred[0m", "plain"]
    content = lxml.html.fragment_fromstring(terminal.content[0].value, create_parent="div").text_content()
    assert "Body [31mred[0m" in content and "$ ls\n[31mred[0m" in content
    surrogate = entries[BASE + "posts/surrogate.html"]
    assert surrogate.summary == "lone \ufffd half"
    assert strict_feed(built, "rss.xml").entries


def test_head_metadata_carries_no_forbidden_character(build) -> None:
    built = build(hostile_site())
    soup = built.soup("posts/terminal.html")
    # The tags this capability writes: Open Graph, Twitter, description, JSON-LD.
    mine = soup.select('head meta[property^="og:"], head meta[property^="article:"], head meta[name^="twitter:"], head meta[name="description"]')
    values = [tag["content"] for tag in mine] + [script.string for script in soup.select('script[type="application/ld+json"]')]
    assert len(values) > 5
    for value in values:
        assert value == xml_safe(value), value
    description = soup.select_one('meta[property="og:description"]')
    assert words(description["content"]) == "t [31mred[0m"


@pytest.mark.parametrize("buildername", BUILDERS)
def test_a_lone_surrogate_in_front_matter_finishes_every_builder(build, buildername: str) -> None:
    built = build(hostile_site(), buildername=buildername)
    assert built.statuscode == 0
    warnings = located(built, "text")
    assert warnings, built.warnings
    assert all(Path(m["file"]).name == "surrogate.md" for m in warnings), built.warnings
    written = [path for path in built.outdir.rglob("*") if path.is_file()]
    assert written, buildername
    for path in written:
        if path.suffix in {".txt", ".tex", ".texi", ".1", ".html", ".xhtml", ".xml"}:
            path.read_text(encoding="utf-8")  # every file is valid UTF-8


# ---- 7: the feed of an incremental build is the clean build's -----------------------


def _feed_site() -> dict[str, str]:
    return {
        "conf.py": CONF,
        "index.md": INDEX,
        "posts/a.md": front(date="2025-01-01", blurb='"First."') + "# Alpha\n\nA.\n",
        "posts/b.md": front(date="2025-01-02", blurb='"Second."') + "# Beta\n\nB links to {doc}`a`.\n",
        "posts/roundup.md": front(date="2025-01-03") + "# Roundup\n\nEvery post:\n\n```{postlist}\n```\n",
    }


EDITS = {
    "retitle": {"posts/a.md": front(date="2025-01-01", blurb='"First."') + "# Alpha, renamed\n\nA.\n"},
    "draft": {"posts/b.md": front(date="2025-01-02", blurb='"Second."', draft="true") + "# Beta\n\nB links to {doc}`a`.\n"},
    "new post": {"posts/c.md": front(date="2025-01-04") + "# Gamma\n\nC.\n"},
    "blurb": {"posts/a.md": front(date="2025-01-01", blurb='"First, changed."') + "# Alpha\n\nA.\n"},
    "redate": {"posts/a.md": front(date="2025-02-01", blurb='"First."') + "# Alpha\n\nA.\n"},
    "tags": {"posts/a.md": front(date="2025-01-01", blurb='"First."', tags="[news]") + "# Alpha\n\nA.\n"},
    "list in a newer post": {"posts/z.md": front(date="2025-03-01") + "# Latest\n\n```{postlist}\n:limit: 2\n```\n"},
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_incremental_feed_equals_clean_after_an_edit(build, edit: str) -> None:
    first = build(_feed_site())
    incremental = build(EDITS[edit], srcdir=first.srcdir, fresh=False)
    clean = build(_feed_site() | EDITS[edit])
    def same(left, right, name: str) -> bool:
        return normalise(name, (left.outdir / name).read_bytes()) == normalise(name, (right.outdir / name).read_bytes())

    for name in XML_FILES:
        assert same(incremental, clean, name), (edit, name)
    roundup = next(e for e in strict_feed(incremental).entries if e.link.endswith("roundup.html"))
    listed = lxml.html.fragment_fromstring(roundup.content[0].value, create_parent="div").text_content()
    if edit == "retitle":
        assert "Alpha, renamed" in listed
    if edit == "draft":
        links = [e.link for e in strict_feed(incremental).entries]
        assert BASE + "posts/b.html" not in links and "Beta" not in listed
    # And a second incremental build changes nothing.
    again = build({}, srcdir=first.srcdir, fresh=False)
    if edit == "draft":
        # The draft is published again: back in the feed and in the roundup's list.
        back = build(_feed_site(), srcdir=first.srcdir, fresh=False)
        assert same(back, build(_feed_site()), "feed.xml")
    for name in XML_FILES:
        assert same(again, incremental, name), (edit, name)


# ---- 11: a value conf.py does not set -----------------------------------------------


def test_unset_baseurl_is_warned_at_a_line_of_conf_py(build) -> None:
    files = _feed_site() | {"conf.py": CONF.replace('html_baseurl = "https://blog.example.org/"\n', "")}
    built = build(files)
    warnings = located(built, "feed")
    assert len(warnings) == 1, built.warnings
    assert Path(warnings[0]["file"]).name == "conf.py" and int(warnings[0]["line"]) >= 1
    assert "conf.py::" not in built.warnings
    assert not (built.outdir / "feed.xml").exists()


# ---- 12: RSS descriptions are text to a reader --------------------------------------


def test_rss_description_reaches_the_reader_as_text(build) -> None:
    blurb = "x<img src=x onerror=alert(1)> & <b>bold</b>"
    files = _feed_site() | {"posts/a.md": front(date="2025-01-01", blurb=f'"{blurb}"') + "# Alpha\n\nA.\n"}
    built = build(files)
    entry = next(e for e in strict_feed(built, "rss.xml").entries if e.link.endswith("a.html"))
    # A reader takes <description> as HTML: what it shows must be the blurb, as text.
    assert entry.summary_detail.type == "text/html"
    shown = lxml.html.fragment_fromstring(entry.summary, create_parent="div")
    assert shown.text_content() == blurb
    assert not list(shown.iter("img", "b"))
    assert entry.summary == html.escape(blurb, quote=False)
    # Atom's summary is a text construct already: the same text.
    atom = next(e for e in strict_feed(built).entries if e.link.endswith("a.html"))
    assert atom.summary == blurb


# ---- 13: script and relative URLs ---------------------------------------------------


@pytest.mark.parametrize(
    "baseurl", ["javascript:alert(1)//", "/blog/", "blog.example.org", "//blog.example.org/", " JavaScript:alert(1)"]
)
def test_an_unusable_baseurl_is_refused_with_a_located_warning(build, baseurl: str) -> None:
    conf = CONF.replace('"https://blog.example.org/"', repr(baseurl))
    built = build(_feed_site() | {"conf.py": conf})
    assert built.statuscode == 0
    warnings = located(built, "baseurl")
    assert len(warnings) == 1, built.warnings
    assert Path(warnings[0]["file"]).name == "conf.py"
    assert int(warnings[0]["line"]) == conf.lstrip("\n").splitlines().index(f"html_baseurl = {baseurl!r}") + 1
    # Refused once: not warned again as "not set" by the feed.
    assert not located(built, "feed"), built.warnings
    for page in ("index.html", "posts/a.html"):
        soup = built.soup(page)
        assert soup.select_one('link[rel="canonical"]') is None, page
        assert soup.select_one('meta[property="og:url"]') is None, page
        assert soup.select_one('link[rel="alternate"]') is None, page
        urls = [tag.get("href") or tag.get("content") or "" for tag in soup.select("link, meta, a")]
        assert not any(url.strip().lower().startswith("javascript:") for url in urls), page
    for name in XML_FILES:
        assert not (built.outdir / name).exists(), name


@pytest.mark.parametrize("target", ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "vbscript:x", "data:text/html,<script>alert(1)</script>"])
def test_nav_links_with_a_script_scheme_are_dropped(build, target: str) -> None:
    conf = CONF + f"html_theme_options = {{'nav_links': [['Home', 'index'], ['Evil', {target!r}], ['Feed', 'https://example.org/']]}}\n"
    built = build(_feed_site() | {"conf.py": conf})
    warnings = located(built, "theme_option")
    assert len(warnings) == 1 and Path(warnings[0]["file"]).name == "conf.py", built.warnings
    soup = built.soup("index.html")
    labels = [a.get_text(strip=True) for a in soup.select("nav a")]
    assert "Evil" not in labels and "Home" in labels
    hrefs = [a.get("href", "") for a in soup.select("a")]
    assert not any("script:" in href.lower().replace("\t", "") or href.startswith("data:") for href in hrefs)
