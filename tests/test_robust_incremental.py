"""Incremental builds equal clean builds: a property test on a small blog.

Hypothesis draws a sequence of edits an author makes (add, delete, rename, re-date,
retitle, re-tag a post, drop one of its tags, edit a footnote, add a margin figure,
mark or unmark a draft, put a ``{postlist}`` into a post or take it out), the blog is
rebuilt incrementally after each, and every page, the feed and the sitemap must equal
a clean build of the final sources, after removing build-specific noise
(``site_compare``).

Sphinx never deletes the output of a removed document (with any theme), so the pages
of removed posts, and the images those pages show (Sphinx's copy and the extension's
responsive sizes, which the page left behind still links), may stay behind in the
incremental build of a sequence that removes a post; nothing else may: a page
the extension generates (a tag page, the archive) that a clean build has not must be
gone. Every file of the clean build must exist in the incremental build with the same
content, so no page links to a stale one.
"""

from __future__ import annotations

import itertools
import os
import shutil
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_compare import BLOG_CONF, IN_CI, PNG, build_site, differences, examples, site_files


INDEX = """\
# Edit Blog

```{postlist}
```

## Tagged a

```{postlist}
:tags: a
:limit: 2
```

```{toctree}
:hidden:
:glob:

posts/*
about
```
"""

ABOUT = """\
# About

A plain page with a note.[^n]

[^n]: The note of the plain page.
"""

TAGS = ["a", "b", "c", "Data Viz"]


@dataclass(frozen=True)
class Post:
    title: str
    day: date
    tags: tuple[str, ...]
    note: str = "A first footnote."
    figure: str = ""  # a margin figure's caption, when the post has one
    draft: bool = False
    # A listing of the other posts inside this one: its page and its feed entry must
    # follow their changes.
    postlist: bool = False

    def source(self) -> str:
        tags = ", ".join(f'"{t}"' for t in self.tags)
        return (
            f"---\ndate: {self.day.isoformat()}\ntags: [{tags}]\nblurb: About {self.title.lower()}.\n"
            + ("draft: true\n" if self.draft else "")
            + "---\n\n"
            f"# {self.title}\n\nThe body of {self.title}, with a note.[^x] And more text.\n"
            + (f"\n```{{margin-figure}} ../dot.png\n:alt: A dot\n\n{self.figure}\n```\n" if self.figure else "")
            + ("\n## Other posts\n\n```{postlist}\n:limit: 3\n```\n" if self.postlist else "")
            + f"\n[^x]: {self.note}\n"
        )


@dataclass
class Blog:
    posts: dict[str, Post] = field(default_factory=dict)
    names: itertools.count = field(default_factory=lambda: itertools.count(100))

    def write(self, src: Path) -> None:
        folder = src / "posts"
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.md"):
            if old.stem not in self.posts:
                old.unlink()
        for name, post in self.posts.items():
            path = folder / f"{name}.md"
            text = post.source()
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                # Sphinx re-reads a source dated after its last read, which it notes in
                # microseconds. The kernel dates a write by a coarser clock, possibly
                # before that read: the exact time now is after it. Not later than now:
                # a source dated ahead stays "changed" (read and written again, hiding
                # a page the extension forgot) until that time has passed.
                stamp = time.time_ns()
                os.utime(path, ns=(stamp, stamp))


def initial_blog() -> Blog:
    blog = Blog()
    blog.posts = {
        "first": Post("First Post", date(2023, 3, 1), ("a",)),
        "second": Post("Second Post", date(2024, 6, 15), ("a", "b")),
        "third": Post("Third Post", date(2025, 1, 20), ("c",)),
    }
    return blog


days = st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 12, 31))
tag_sets = st.lists(st.sampled_from(TAGS), min_size=0, max_size=3, unique=True).map(tuple)
notes = st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=30).map(lambda s: s.strip() or "note")
titles = st.text(alphabet="abcdefgh XYZ", min_size=1, max_size=20).map(lambda s: " ".join(s.split()) or "Untitled")

edits = st.one_of(
    st.tuples(st.just("add"), days, tag_sets),
    st.tuples(st.just("delete"), st.integers(0, 20)),
    st.tuples(st.just("rename"), st.integers(0, 20)),
    st.tuples(st.just("redate"), st.integers(0, 20), days),
    st.tuples(st.just("retag"), st.integers(0, 20), tag_sets),
    st.tuples(st.just("untag"), st.integers(0, 20)),
    st.tuples(st.just("retitle"), st.integers(0, 20), titles),
    st.tuples(st.just("footnote"), st.integers(0, 20), notes),
    st.tuples(st.just("figure"), st.integers(0, 20), notes),
    st.tuples(st.just("draft"), st.integers(0, 20)),
    st.tuples(st.just("postlist"), st.integers(0, 20)),
)


def apply(blog: Blog, edit: tuple) -> None:
    kind, *args = edit
    if kind == "add" or not blog.posts:
        day, tags = (args if kind == "add" else (date(2022, 2, 2), ("b",)))
        name = f"post-{next(blog.names)}"
        blog.posts[name] = Post(f"Post {name[5:]}", day, tags)
        return
    names = sorted(blog.posts)
    target = names[args[0] % len(names)]
    post = blog.posts[target]
    if kind == "delete":
        del blog.posts[target]
    elif kind == "rename":
        del blog.posts[target]
        blog.posts[f"renamed-{next(blog.names)}"] = post
    elif kind == "redate":
        blog.posts[target] = replace(post, day=args[1])
    elif kind == "retag":
        blog.posts[target] = replace(post, tags=args[1])
    elif kind == "untag":
        # Drop the post's first tag: when no other post has it, its page must go.
        blog.posts[target] = replace(post, tags=post.tags[1:])
    elif kind == "retitle":
        blog.posts[target] = replace(post, title=args[1])
    elif kind == "footnote":
        blog.posts[target] = replace(post, note=args[1])
    elif kind == "figure":
        blog.posts[target] = replace(post, figure=args[1])
    elif kind == "draft":
        blog.posts[target] = replace(post, draft=not post.draft)
    elif kind == "postlist":
        blog.posts[target] = replace(post, postlist=not post.postlist)


def write_base(src: Path, blog: Blog) -> None:
    src.mkdir(parents=True)
    (src / "conf.py").write_text(BLOG_CONF, encoding="utf-8")
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    (src / "about.md").write_text(ABOUT, encoding="utf-8")
    (src / "dot.png").write_bytes(PNG)
    blog.write(src)


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The initial blog built once for the module, kept as a pristine copy.

    Every test (and every Hypothesis example) starts from a copy of it put back at the
    very path it was built in, so Sphinx takes its environment as its own: the same
    first build each time, made once. Returns the folder holding ``work`` (where the
    builds happen) and ``pristine``."""
    base = tmp_path_factory.mktemp("incremental")
    work = base / "work"
    write_base(work / "src", initial_blog())
    first = build_site(work / "src", work / "inc")
    assert first.statuscode == 0, first.warnings
    shutil.copytree(work, base / "pristine", symlinks=True)
    return base


# What Sphinx leaves behind of a removed document: its page and its copied source.
REMOVED_POSTS = ("posts/", "_sources/posts/")
# And the images a removed post's page shows.
REMOVED_IMAGES = ("_images/",)


def left_behind(clean: Path, incremental: Path) -> list[str]:
    """The files only the incremental build has."""
    return sorted(site_files(incremental).keys() - site_files(clean).keys())


def check_edits(base: Path, sequence: list[tuple]) -> None:
    work = base / "work"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(base / "pristine", work, symlinks=True)  # copy2: the mtimes stay
    blog = initial_blog()
    src = work / "src"
    for edit in sequence:
        apply(blog, edit)
        blog.write(src)
        build_site(src, work / "inc", fresh=False)
    clean_src = work / "clean-src"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build_site(clean_src, work / "clean")
    problems = differences(
        work / "clean" / "html", work / "inc" / "html", allow_extra_in_right=True
    )
    assert not problems, f"after edits {sequence}:\n" + "\n".join(problems[:6])
    removes = any(edit[0] in {"delete", "rename"} for edit in sequence)
    allowed = REMOVED_POSTS + REMOVED_IMAGES if removes else REMOVED_POSTS
    stale = [name for name in left_behind(work / "clean" / "html", work / "inc" / "html") if not name.startswith(allowed)]
    assert not stale, f"after edits {sequence}, only the incremental build has: {stale}"
    # The comparison covered the generated files, not only the documents.
    out = clean.outdir
    assert (out / "sitemap.xml").is_file()
    assert (out / "feed.xml").is_file() == any(not post.draft for post in blog.posts.values())
    if any(post.tags and not post.draft for post in blog.posts.values()):
        assert (out / "tags" / "index.html").is_file()


@settings(
    max_examples=examples(8),
    deadline=None,
    derandomize=IN_CI,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(sequence=st.lists(edits, min_size=1, max_size=4))
def test_incremental_build_equals_clean_build(first_build: Path, sequence: list[tuple]) -> None:
    check_edits(first_build, sequence)


def test_each_kind_of_edit_once(first_build: Path) -> None:
    """Every kind of edit, deterministically, whatever Hypothesis happens to draw."""
    check_edits(first_build, [
        ("add", date(2026, 5, 5), ("b", "Data Viz")),
        ("redate", 0, date(2020, 1, 1)),
        ("retag", 1, ("c",)),
        ("footnote", 2, "an edited note"),
        ("figure", 1, "a margin figure"),
        ("draft", 2),
        ("rename", 0),
        ("delete", 1),
    ])


def test_retitles_untags_drafts_and_postlists_in_posts(first_build: Path) -> None:
    """The edits issue 12 names, deterministically: a retitled post's name in every
    listing and feed; a tag dropped from its last post (``tags/c.html`` must go); a
    post marked draft and, a build later, published again; a post that holds a
    ``{postlist}`` whose page and feed entry follow the other posts' changes."""
    check_edits(first_build, [
        ("postlist", 0),  # first (2023) lists the others
        ("retitle", 1, "Second Renamed"),
        ("untag", 2),  # third was the only post tagged c
        ("draft", 1),
        ("redate", 2, date(2026, 2, 2)),
        ("draft", 1),
        ("add", date(2026, 6, 1), ("a",)),
        ("retitle", 0, "First Renamed"),
    ])


def test_neighbours_links_follow_a_deletion(first_build: Path) -> None:
    """Deleting a post changes which page comes next for its neighbour: no page may
    keep a ``rel="next"`` link to the deleted one."""
    check_edits(first_build, [("add", date(2026, 5, 5), ("b",)), ("rename", 0), ("delete", 1)])


def test_feed_images_after_a_build_that_only_deletes_a_post(first_build: Path) -> None:
    """The last build reads no post (one is deleted), yet rewrites the feed: a margin
    figure in a post it did not write must still point at the copied image."""
    check_edits(first_build, [
        ("add", date(2026, 5, 5), ("b",)),
        ("figure", 1, "a margin figure"),
        ("draft", 2),
        ("rename", 0),
        ("delete", 1),
    ])


def test_deleting_every_post_removes_the_feeds(first_build: Path) -> None:
    """A clean build of a blog without posts has no feed.xml or rss.xml: nor may the
    incremental build that deleted them keep the last ones."""
    check_edits(first_build, [("delete", 0), ("delete", 0), ("delete", 0)])


def test_drafting_every_post_removes_the_feeds(first_build: Path) -> None:
    check_edits(first_build, [("draft", 0), ("draft", 1), ("draft", 2)])


def test_a_deleted_post_s_figure_may_stay_but_every_clean_file_matches(first_build: Path) -> None:
    """What Hypothesis found: the images of a deleted post stay in ``_images`` (as its
    page does); the pages that remain must still equal a clean build's."""
    check_edits(first_build, [("figure", 0, "p"), ("delete", 0)])
