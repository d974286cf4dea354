"""Posts: front matter, the postlist directive, post pages, drafts and located warnings.

Most tests build the test blog in tests/roots/posts-blog (a dozen posts with mixed
date forms, a draft, posts with bad front matter, and a reST post whose title and
blurb are full of markup characters).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent / "roots" / "posts-blog"

# Newest first, as the default listing must show them (drafts and the post whose
# date cannot be read left out). p03's date has no zone: 18:00 UTC, after p02's
# 09:30+01:00 on the same day.
NEWEST_FIRST = [
    "p12", "p11", "p10", "p09", "p08", "p07", "p06", "p05", "p04", "p03", "p02", "p01",
    "bad-fields", "escape",
]
ESCAPE_TITLE = 'A <script>alert(\u201ct\u201d)</script> & \u201ctitle\u201d ]]> test'


def blog_files(root: Path = ROOT) -> dict[str, str]:
    return {str(path.relative_to(root)): path.read_text(encoding="utf-8") for path in sorted(root.rglob("*")) if path.is_file()}


def listed(soup, selector: str = "ul.postlist") -> list[str]:
    """Docnames (post names) of a listing, in order."""
    listing = soup.select_one(selector)
    return [Path(a["href"]).stem for a in listing.select("li.postlist-item a.postlist-title")]


@pytest.fixture
def blog(shared_build):
    return shared_build(blog_files())


def test_default_listing_is_newest_first_without_drafts_or_unreadable_dates(blog):
    soup = blog.soup("index.html")
    assert listed(soup) == NEWEST_FIRST
    first = soup.select_one("ul.postlist > li.postlist-item")
    entry = first.select_one("p.postlist-entry")
    assert entry.select_one("a.postlist-title").get_text() == "Summer notes"
    assert entry.select_one("a.postlist-title")["href"] == "posts/p12.html"
    time = entry.select_one("time.postlist-date")
    assert time["datetime"] == "2025-06-30T12:00:00+09:00"
    assert time.get_text() == "June 30, 2025"
    assert entry.select_one("span.postlist-blurb").get_text() == "The newest post."
    # A bare day keeps a bare-day datetime attribute.
    p06 = soup.select_one('a[href="posts/p06.html"]').parent
    assert p06.select_one("time")["datetime"] == "2024-02-29"
    # A post without a blurb has no empty blurb element.
    assert soup.select_one('a[href="posts/p11.html"]').parent.select_one(".postlist-blurb") is None
    text = soup.select_one("ul.postlist").get_text()
    assert "unfinished draft" not in text and "bad date" not in text


def test_listing_options_filter_sort_limit_and_hide(blog):
    soup = blog.soup("lists.html")
    # Any of the tags, matched without regard to case; newest first; three at most.
    assert listed(soup, "ul.postlist.filtered") == ["p11", "p07", "p06"]
    assert listed(soup, "ul.postlist.oldest") == list(reversed(NEWEST_FIRST))
    assert not soup.select("ul.postlist.oldest .postlist-blurb")
    assert soup.select("ul.postlist.oldest time")
    by_title = soup.select("ul.postlist.by-title a.postlist-title")
    titles = [a.get_text() for a in by_title]
    assert titles == sorted(titles, key=str.lower)
    assert not soup.select("ul.postlist.by-title time")
    formatted = soup.select("ul.postlist.formatted time")
    assert [t.get_text() for t in formatted] == ["2025/06/30", "2025/03/01"]


def test_bad_input_is_a_warning_at_its_file_and_line_and_the_page_is_built(blog):
    warnings = blog.warning_lines()
    src = str(blog.srcdir)

    def warned(path: str, line: int, *words: str) -> bool:
        return any(
            w.startswith(f"{src}/{path}:{line}: WARNING:") and all(word in w for word in words) and "[tufte.post" in w
            for w in warnings
        )

    assert warned("posts/bad-date.md", 2, "'2024-13-45'", "ISO 8601"), warnings
    assert warned("posts/bad-fields.md", 4, "'tags'", "dict"), warnings
    assert warned("posts/bad-fields.md", 5, "'draft'", "'maybe'"), warnings
    assert warned("posts/bad-fields.md", 6, "'tilte'", "'title'"), warnings
    assert (blog.outdir / "posts/bad-date.html").is_file()
    assert (blog.outdir / "posts/bad-fields.html").is_file()
    # Nothing else from this capability warns about the good posts.
    assert not [w for w in warnings if "[tufte.post" in w and re.search(r"/posts/p\d\d\.md:", w)]


def test_bad_postlist_options_warn_at_the_directive(build):
    built = build({
        "index.md": """
            # Home

            ```{postlist}
            :sort: random
            :limit: many
            :tags: nosuchtag
            ```
            """,
        "post.md": "---\ndate: 2024-01-01\n---\n# A post\n",
    })
    lines = [w for w in built.warning_lines() if "[tufte.postlist]" in w]
    index = f"{built.srcdir}/index.md"
    assert any(w.startswith(f"{index}:3:") and "'random'" in w for w in lines), lines
    assert any(w.startswith(f"{index}:3:") and "'many'" in w for w in lines), lines
    assert any(w.startswith(f"{index}:3:") and "'nosuchtag'" in w for w in lines), lines
    assert built.soup("index.html").select_one("p.postlist-empty").get_text() == "No posts yet."


def test_warnings_fail_the_build_under_W(tmp_path):
    from sphinx.cmd.build import build_main

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_parser", "sphinx_tufte"]\nhtml_theme = "tufte"\n')
    (src / "index.md").write_text("---\ndate: 2024-02-30\n---\n# Bad day\n")
    assert build_main(["-W", "-q", "-b", "html", str(src), str(tmp_path / "out")]) != 0
    assert build_main(["-q", "-b", "html", str(src), str(tmp_path / "out2")]) == 0


def test_zone_of_dates_without_one_is_the_configured_zone(build):
    from sphinx_tufte.posts.collector import all_posts

    files = blog_files()
    built = build(files, confoverrides={"tufte_timezone": "America/New_York"})
    posts = all_posts(built.app.env)
    assert posts["posts/p01"].date == dt.datetime(2023, 1, 15, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert posts["posts/p03"].date.utcoffset() == dt.timedelta(hours=-5)
    # A datetime with its own offset keeps it.
    assert posts["posts/p02"].date.utcoffset() == dt.timedelta(hours=1)
    assert built.soup("posts/p01.html").select_one("p.post-meta time")["datetime"] == "2023-01-15"


def test_unknown_timezone_is_a_warning_and_utc(build):
    built = build({"index.md": "---\ndate: 2024-01-01\n---\n# Post\n"}, confoverrides={"tufte_timezone": "Mars/Olympus"})
    assert any("Mars/Olympus" in w and "[tufte.post.timezone]" in w for w in built.warning_lines())
    from sphinx_tufte.posts.collector import all_posts

    assert all_posts(built.app.env)["index"].date.utcoffset() == dt.timedelta(0)


def test_show_drafts_lists_them(build):
    built = build(blog_files(), confoverrides={"tufte_show_drafts": True})
    assert listed(built.soup("index.html"))[0] == "draft"
    assert built.soup("posts/draft.html").select_one("p.post-meta .post-draft")
    assert (built.outdir / "tags/drafts-only.html").is_file()


def test_post_page_shows_dates_tags_and_neighbours(blog):
    soup = blog.soup("posts/p03.html")
    meta = soup.select_one("article > p.post-meta")
    times = meta.select("time")
    # A bare day for 'updated' stays a day (issue 12: no invented midnight).
    assert [t["datetime"] for t in times] == ["2023-03-02T18:00:00+00:00", "2023-04-01"]
    assert times[0].get_text() == "March 2, 2023" and "updated" in meta.get_text()
    footer = soup.select_one("article > footer.post-footer")
    tags = footer.select("p.post-tags a[rel=tag]")
    assert [(a.get_text(), a["href"]) for a in tags] == [("math", "../tags/math.html")]
    assert (blog.outdir / "tags/math.html").is_file()
    older = footer.select_one("nav.post-nav a[rel=prev]")
    newer = footer.select_one("nav.post-nav a[rel=next]")
    assert older["href"] == "p02.html" and "Floating point surprises" in older.get_text()
    assert newer["href"] == "p04.html" and "On writing well" in newer.get_text()
    # The newest post has no newer one; the oldest no older one.
    assert not blog.soup("posts/p12.html").select("nav.post-nav a[rel=next]")
    assert not blog.soup("posts/escape.html").select("nav.post-nav a[rel=prev]")
    # A page that is not a post has neither.
    assert not blog.soup("index.html").select("p.post-meta, footer.post-footer")
    # A hidden draft is not anyone's neighbour and links to no tag page.
    assert "draft" not in blog.text("posts/p12.html")
    assert not blog.soup("posts/draft.html").select("p.post-tags")


def test_titles_and_blurbs_stay_text_in_listings_and_pages(blog):
    for page in ("index.html", "archive.html", "tags/a-and-b.html"):
        soup = blog.soup(page)
        assert not soup.select("ul.postlist script, ul.postlist b"), page
        titles = [a.get_text() for a in soup.select("a.postlist-title")]
        assert ESCAPE_TITLE in titles, (page, titles)
        html = blog.text(page)
        assert "<script>alert" not in html and "<b>bold</b>" not in html, page
    blurb = blog.soup("index.html").select_one('a[href="posts/escape.html"]').parent.select_one(".postlist-blurb")
    assert blurb.get_text() == "Blurb with <b>bold</b> & \u201cquotes\u201d and ]]> end"
    # The post's own footer (its tags) and its neighbour's link to it.
    footer = blog.soup("posts/escape.html").select_one("footer.post-footer")
    assert [a.get_text() for a in footer.select("a[rel=tag]")] == ["<script>x</script>", "a&b"]
    assert "<script>x" not in blog.text("posts/escape.html")
    older = blog.soup("posts/bad-fields.html").select_one("nav.post-nav a[rel=prev]")
    assert older.get_text().endswith(ESCAPE_TITLE)
    assert not blog.soup("posts/bad-fields.html").select("nav.post-nav script")
    tag_index = blog.soup("tags/index.html")
    assert "<script>x</script>" in [a.get_text() for a in tag_index.select("ul.tufte-tag-list a")]
    assert "<script>x" not in blog.text("tags/index.html")


def test_postlist_under_another_theme(build):
    """(The other builders: test_builders.py.)"""
    built = build(blog_files(), confoverrides={"html_theme": "basic"})
    assert listed(built.soup("index.html")) == NEWEST_FIRST
    assert built.soup("tags/python.html").select("ul.postlist li")
    assert "tufte-directives.css" in built.text("index.html")


def test_rest_project(build):
    built = build({
        "conf.py": 'extensions = ["sphinx_tufte"]\nhtml_theme = "tufte"\n',
        "index.rst": "Home\n====\n\n.. postlist::\n   :limit: 1\n   :no-blurb:\n\n.. toctree::\n   :glob:\n\n   posts/*\n",
        "posts/a.rst": ":date: 2024-03-01\n:tags: x, y\n:blurb: First.\n\nFirst\n=====\n\nText.\n",
        "posts/b.rst": ":date: 2024-04-01T08:00:00+02:00\n:blurb: Second.\n\nSecond\n======\n\nText.\n",
        "posts/c.rst": ":date: 2024-02-30\n\nBroken\n======\n",
    })
    soup = built.soup("index.html")
    assert listed(soup) == ["b"]
    assert not soup.select(".postlist-blurb")
    assert built.soup("posts/a.html").select_one("p.post-meta time")["datetime"] == "2024-03-01"
    assert any(w.startswith(f"{built.srcdir}/posts/c.rst:1: WARNING: post date '2024-02-30'") for w in built.warning_lines())


@pytest.mark.parametrize(
    "front",
    ["authors: [Ada Lovelace, Charles Babbage]", 'authors: ["Ada Lovelace", "Charles Babbage"]', "author: Ada Lovelace, Charles Babbage"],
)
def test_authors_list_reads_as_names(build, front):
    """docutils splits ``authors`` at commas and curls the quotes of MyST's JSON text;
    the post's author must still be the plain names, in the page's JSON-LD too."""
    built = build({"index.md": f"---\ndate: 2024-05-01\n{front}\n---\n# P\n\nText.\n"})
    assert built.app.env.tufte_posts["index"].author == "Ada Lovelace, Charles Babbage"
    assert "\u201c" not in built.text("index.html")
