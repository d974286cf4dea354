"""Hostile posts (issue 12): what a careless or malicious writer puts in front matter,
tags and listings. Every build finishes, under every builder; every bad input is one
warning with file, line, type ``tufte`` and a subtype; tag pages keep distinct tags
apart and go away with their last post; a site's cost per page stays flat with its
number of posts."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings, strategies as st
from yaml.constructor import ConstructorError, SafeConstructor

from sphinx_tufte.posts import collector, yaml_dates
from sphinx_tufte.posts import metadata
from sphinx_tufte.posts.metadata import parse_datetime, parse_post, tag_slug
from sphinx_tufte.posts import postlist

BUILDERS = ("html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo")

CONF = """
project = "Hostile"
version = "1"
copyright = "2024, Tester"
author = "Tester"
html_theme = "tufte"
html_baseurl = "https://example.org/"
extensions = ["myst_parser", "sphinx_tufte"]
tufte_timezone = "America/New_York"
suppress_warnings = ["tufte.baseurl_placeholder"]
latex_documents = [("index", "hostile.tex", "Hostile", "Tester", "howto")]
man_pages = [("index", "hostile", "Hostile", ["Tester"], 1)]
texinfo_documents = [("index", "hostile", "Hostile", "Tester", "hostile", "Hostile.", "Misc")]
"""

LONG_TAG = "very-long-tag-" * 22  # 308 characters
BLURB = "x" * 5000  # one word: Sphinx's text wrapper is quadratic on it

HOSTILE = {
    "conf.py": CONF,
    "index.md": """
        # Blog

        ```{toctree}
        posts/listed
        posts/odd
        posts/history
        posts/unclosed
        posts/nohead
        posts/twice
        ```

        ```{postlist}
        ```

        ```{postlist}
        :date-format: %d %Q
        ```
        """,
    "posts/listed.md": """
        ---
        date: 2024-01-02
        tags: [Python 入門, index]
        ---
        # Listed post
        """,
    # Orphan posts are normal on a blog: in no toctree, still listed.
    "posts/orphan.md": f"""
        ---
        orphan: true
        date: 2024-01-03
        tags: [Python 上級, {LONG_TAG}]
        blurb: {BLURB}
        ---
        # Orphan post
        """,
    "posts/odd.md": """
        ---
        date: 2024-03-01
        updated: 2024-02-01
        tags: [a]
        tags: [b]
        ---
        # Odd post
        """,
    "posts/history.md": """
        ---
        date: 1880-01-01T12:00
        updated: 1880-01-02
        ---
        # Historic post
        """,
    "posts/unclosed.md": """
        ---
        date: 2024-04-01
        # Unclosed post

        Text.
        """,
    # reST's docinfo: the last field wins, as in YAML.
    "posts/twice.rst": """
        :date: 2024-06-01
        :tags: b
        :date: 2024-06-02

        Twice dated
        ===========
        """,
    "posts/nohead.md": """
        ---
        date: 2024-05-01
        subtitle: A subtitle with nowhere to go
        ---
        Only text, no heading.
        """,
}

# (file:line, subtype) of every warning the project must give, and only these.
EXPECTED = {
    ("index.md:15", "tufte.postlist"),
    ("posts/orphan.md:5", "tufte.post.blurb"),
    ("posts/odd.md:3", "tufte.post.date"),
    ("posts/odd.md:5", "tufte.post.duplicate_field"),
    ("posts/unclosed.md:1", "tufte.post.front_matter"),
    ("posts/nohead.md:3", "tufte.subtitle"),
    ("posts/twice.rst:3", "tufte.post.duplicate_field"),
}

# The post without a heading has no title for the toctree. (The unclosed front
# matter's "---" is not left to docutils, which would call it a transition that may not
# begin a document: one warning, ours, says what is wrong.)
SPHINX_OWN = ("[toc.no_title]",)

WARNING = re.compile(r"(?P<where>[\w./-]+:\d+): WARNING: .*\[(?P<type>tufte[\w.]*)\]$")


def _relative(built, warnings: str) -> set[tuple[str, str]]:
    """(path relative to the source folder:line, type) of every tufte warning."""
    prefix = str(built.srcdir) + "/"
    found = set()
    for line in warnings.replace(prefix, "").splitlines():
        match = WARNING.search(line)
        if match:
            found.add((match["where"], match["type"]))
    return found


@pytest.mark.parametrize("buildername", BUILDERS)
def test_hostile_posts_finish_with_located_warnings_in_every_builder(shared_build, buildername):
    built = shared_build(HOSTILE, buildername=buildername)
    assert built.statuscode == 0
    assert _relative(built, built.warnings) == EXPECTED, built.warnings
    # Sphinx's and docutils' own say what they always say about these pages.
    foreign = [line for line in built.warning_lines() if "[tufte" not in line and not line.endswith(SPHINX_OWN)]
    assert not foreign, built.warnings
    text = "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in built.outdir.rglob("*")
        if path.is_file() and path.suffix in {".html", ".xhtml", ".tex", ".txt", ".1", ".texi"}
        and "_sources" not in path.parts
    )
    assert "Orphan post" in text and "Listed post" in text
    assert "%Q" not in text
    if buildername in {"html", "dirhtml", "singlehtml", "epub"}:
        # The meta description is the whole blurb (not a listing): read the listings.
        from bs4 import BeautifulSoup

        text = "\n".join(
            blurb.get_text()
            for path in built.outdir.rglob("*.*html")
            for blurb in BeautifulSoup(path.read_text(encoding="utf-8"), "xml" if path.suffix == ".xhtml" else "lxml").select(
                ".postlist-blurb"
            )
        )
    # The listing prints a capped blurb, never the whole word (the text builder wraps it).
    flat = "".join(text.split())
    assert BLURB not in flat
    assert "x" * (postlist.MAX_BLURB - 1) + "\N{HORIZONTAL ELLIPSIS}" in flat


def test_tag_pages_keep_unicode_and_long_tags_apart_and_never_take_the_index(shared_build):
    built = shared_build(HOSTILE, buildername="html")
    tags = built.soup("tags/index.html")
    pages = {a.get_text(): unquote(a["href"]) for a in tags.select("ul.tufte-tag-list a[rel=tag]")}
    assert set(pages) == {"Python 入門", "Python 上級", "index", LONG_TAG, "b"}  # duplicate tags: the last
    assert len(set(pages.values())) == len(pages)
    assert pages["Python 入門"] == "python-入門.html"
    assert pages["index"] != "index.html"
    for name, href in pages.items():
        page = built.soup(f"tags/{href}")
        assert page.select_one("h1").get_text() == f"Posts tagged \u201c{name}\u201d"
        assert len(href.encode("utf-8")) <= metadata.MAX_SLUG_BYTES + len(".html")
    assert tags.select_one("h1").get_text() == "Tags"  # not overwritten by the tag "index"


def test_dirhtml_writes_long_and_unicode_tag_pages(shared_build):
    built = shared_build(HOSTILE, buildername="dirhtml")
    assert (built.outdir / "tags" / tag_slug(LONG_TAG) / "index.html").is_file()
    assert (built.outdir / "tags" / "python-上級" / "index.html").is_file()


def test_dates_stay_valid_rfc3339_and_a_bare_updated_day_stays_a_day(shared_build):
    built = shared_build(HOSTILE, buildername="html")
    meta = built.soup("posts/history.html").select_one(".post-meta")
    stamps = [time["datetime"] for time in meta.select("time")]
    # New York's local mean time was -04:56:02: an offset RFC 3339 has no room for.
    assert stamps == ["1880-01-01T12:00:00-04:56", "1880-01-02"]
    feed = built.text("feed.xml")
    assert "-04:56:02" not in feed and "1880-01-01T12:00:00-04:56" in feed


def test_an_unclosed_front_matter_is_still_named_at_line_one(shared_build):
    built = shared_build(HOSTILE, buildername="html")
    assert "no closing '---'" in built.warnings
    # The fields are shown as the text they became, without a rule above them.
    body = built.soup("posts/unclosed.html").select_one("[role=main], main, .body")
    assert "date: 2024-04-01" in body.get_text()
    assert body.select_one("hr") is None


def test_a_field_given_twice_in_rest_docinfo_is_named_at_its_second_line(shared_build):
    built = shared_build(HOSTILE, buildername="html")
    assert "posts/twice.rst:3: WARNING: front-matter field 'date' is given again (first at line 1)" in built.warnings
    # The last one is used, as the warning says (Sphinx's docinfo keeps the last).
    assert 'datetime="2024-06-02"' in built.text("posts/twice.html")


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_dropping_a_tag_from_its_last_post_removes_its_page(build, buildername):
    first = build({"index.md": "# Home\n\n```{toctree}\npost\n```\n"}, buildername=buildername)

    def rebuild(post: str):
        (first.srcdir / "post.md").write_text(post, encoding="utf-8")
        return build(srcdir=first.srcdir, buildername=buildername, fresh=False)

    def page(name: str) -> str:
        return f"{name}.html" if buildername == "html" else f"{name}/index.html"

    out = rebuild("---\ndate: 2024-01-02\ntags: [keep, gone]\n---\n# Post\n").outdir
    assert (out / page("tags/gone")).is_file()
    rebuild("---\ndate: 2024-01-02\ntags: [keep]\n---\n# Post\n")
    assert not (out / page("tags/gone")).exists() and not (out / "tags/gone").exists()
    assert (out / page("tags/keep")).is_file() and (out / page("archive")).is_file()
    # The last post gone: no generated page is left at all, as in a clean build.
    rebuild("# Not a post any more\n")
    assert not (out / "tags").exists() and not (out / page("archive")).exists()


def test_slugs_keep_letters_stay_distinct_and_short():
    assert tag_slug("Python 入門") != tag_slug("Python 上級")
    assert tag_slug("数学") == "数学"
    assert tag_slug("Café Society") == "cafe-society"  # as before: URLs do not move
    assert tag_slug("Machine Learning") == "machine-learning"
    assert tag_slug("index") != "index" and tag_slug("Index") == tag_slug("index")
    shared = "長" * 40
    long_tags = [shared + "一", shared + "二", "a" * 300, "a" * 299 + "b"]
    slugs = [tag_slug(tag) for tag in long_tags]
    assert len(set(slugs)) == len(slugs)
    assert all(len(slug.encode("utf-8")) <= metadata.MAX_SLUG_BYTES for slug in slugs)
    # Case and punctuation still make one tag.
    assert tag_slug("Python!") == tag_slug("python")


def test_a_local_mean_time_offset_is_rounded_to_whole_minutes():
    value, _ = parse_datetime("1880-01-01T12:00", ZoneInfo("America/New_York"))
    assert value.isoformat() == "1880-01-01T12:00:00-04:56"
    value, _ = parse_datetime("1880-01-01T12:00:00-04:56:32", dt.UTC)
    assert value.isoformat() == "1880-01-01T12:00:00-04:57"


def test_several_authors_stay_several():
    post = parse_post("p", {"date": "2024-01-02", "author": '["Ada", "Bob"]'}, "T", source=None)
    assert post is not None
    assert post.authors == ("Ada", "Bob")
    assert "[" not in post.author and "\u201c" not in post.author


def test_sorted_posts_and_neighbours_are_computed_once_per_build(build, monkeypatch):
    calls = []
    original = collector._sort_posts

    def counting(posts):
        calls.append(len(posts))
        return original(posts)

    monkeypatch.setattr(collector, "_sort_posts", counting)
    files = {"index.md": "# Home\n\n```{toctree}\n:glob:\nposts/*\n```\n\n```{postlist}\n:limit: 3\n```\n"}
    for number in range(60):
        files[f"posts/p{number:02}.md"] = f"---\ndate: 2024-01-{number % 28 + 1:02}\ntags: [t{number % 3}]\n---\n# Post {number}\n"
    built = build(files)
    assert built.statuscode == 0
    assert built.soup("posts/p01.html").select_one("a.post-nav-older")
    # Once for the listings with drafts hidden (and once for the feed, which never lists
    # drafts, if it asks): not once per page.
    assert len(calls) <= 3, calls


# The front-matter checks ask PyYAML only when the text could hold a repeated key or an
# impossible date (composing costs about 2 ms a post). The quick answers may say "maybe"
# too often, never "no" wrongly: checked against YAML itself on drawn blocks.
_keys = st.sampled_from(["date", "tags", "Date", "updated", "'date'", "date ", "-x", "a#b", "? date"])
_values = st.one_of(
    st.sampled_from(["2024-02-30", "2024-2-3", "2024-01-01 25:00:00", "2024-01-01T10:00:00 +24:00",
                     "2024-01-01t10:61:00Z", "0000-01-01", "2024-01-01", "[a, b]", "|\n  2024-13-01",
                     "'2024-02-30'", "x 2024-02-31", "2024-12-31T23:59:59.5 -05:30"]),
    st.from_regex(r"\A\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d\d:\d\d( ?([-+]\d{1,2}(:\d\d)?|Z))?)?\Z"),
)
_lines = st.tuples(st.sampled_from(["", "  "]), _keys, _values).map(lambda t: f"{t[0]}{t[1]}: {t[2]}")


@settings(max_examples=300, deadline=None)
@given(st.lists(_lines, min_size=1, max_size=5).map(lambda lines: "\n".join(lines) + "\n"))
def test_quick_front_matter_answers_never_miss_what_yaml_finds(block):
    root, loader = yaml_dates._compose(block)
    if not yaml_dates._keys_may_repeat(block) and isinstance(root, yaml.MappingNode):
        keys = [key.value for key, _ in root.value]
        assert len(keys) == len(set(keys)), block
    if not yaml_dates._dates_may_be_impossible(block):
        spans = _slow_impossible(root, loader)
        assert not spans, block


def _slow_impossible(root, loader):
    found, pending = [], [root] if root is not None else []
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            pending.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif node.tag == yaml_dates.TIMESTAMP_TAG and node.style is None:
            try:
                SafeConstructor.construct_yaml_timestamp(loader, node)
            except (ValueError, OverflowError, ConstructorError):
                found.append(node.value)
    return found
