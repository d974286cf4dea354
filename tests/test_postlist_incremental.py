"""Listings, post pages, tag pages, the archive and the feeds after incremental builds
and parallel reads are byte for byte what a clean serial build writes."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from harness import Built, sphinx_build, write_project
from test_posts import blog_files, listed

COMPARED_SUFFIXES = (".html", ".xml")


def outputs(outdir: Path) -> dict[str, bytes]:
    """Every page and feed of a build (search index and copied sources left out).

    The ``?v=`` checksums of the package's own stylesheets are dropped: they change
    when those files do (other work in the same tree, between two builds of a test),
    which says nothing about posts."""
    return {
        str(path.relative_to(outdir)): re.sub(rb"\?v=[0-9a-f]{8}", b"", path.read_bytes())
        for path in sorted(outdir.rglob("*"))
        if path.suffix in COMPARED_SUFFIXES and "_sources" not in path.parts and "_static" not in path.parts
    }


def assert_same_as_clean(build, incremental, srcdir: Path) -> None:
    """Build a copy of ``srcdir`` from scratch and compare every page it writes."""
    fresh_src = srcdir.parent / (srcdir.name + "-clean")
    shutil.copytree(srcdir, fresh_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(srcdir=fresh_src)
    expected = outputs(clean.outdir)
    got = outputs(incremental.outdir)
    # A removed document's old page stays behind in Sphinx's incremental builds; only
    # what a clean build writes is compared.
    different = [name for name in expected if got.get(name) != expected[name]]
    assert not different, f"differs from a clean build: {different}"


@pytest.fixture(scope="module")
def blog_built_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Path]:
    """The blog built once for the module, and a copy of its sources and output."""
    srcdir = tmp_path_factory.mktemp("blog") / "project"
    write_project(srcdir, blog_files())
    built = sphinx_build(srcdir)
    kept = srcdir.with_name("kept")
    shutil.copytree(srcdir, kept)
    return built, kept


@pytest.fixture
def first(blog_built_once: tuple[Built, Path]) -> Built:
    """The blog as its clean build left it, for a test to edit and build on.

    Restored at the place it was built: Sphinx's saved environment names its source
    folder and would not be reused anywhere else. Copies keep their times, so the next
    build finds nothing outdated until the test edits a file. That this holds is
    checked by test_rebuild_without_changes_rewrites_no_page_or_feed, which finds every
    page and feed left alone.
    """
    built, kept = blog_built_once
    for leftover in (built.srcdir, built.srcdir.with_name(built.srcdir.name + "-clean")):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(kept, built.srcdir)
    return built


def set_front_matter(path: Path, field: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    end = lines.index("---", 1)
    lines = [line for index, line in enumerate(lines) if not (0 < index < end and line.startswith(f"{field}:"))]
    lines.insert(1, f"{field}: {value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def add(src: Path) -> None:
    (src / "posts/p13.md").write_text(
        "---\ndate: 2025-07-15\ntags: [brand new]\nblurb: Added later.\n---\n# A new post\n\nText.\n", encoding="utf-8"
    )


def delete(src: Path) -> None:
    (src / "posts/p05.md").unlink()


def rename(src: Path) -> None:
    (src / "posts/p05.md").rename(src / "posts/p05-renamed.md")


def redate(src: Path) -> None:
    set_front_matter(src / "posts/p01.md", "date", "2025-12-01")


def retag(src: Path) -> None:
    set_front_matter(src / "posts/p12.md", "tags", "[python, fresh tag]")


def retitle(src: Path) -> None:
    path = src / "posts/p06.md"
    path.write_text(path.read_text(encoding="utf-8").replace("# Leap days", "# Leap seconds"), encoding="utf-8")


def remarkup(src: Path) -> None:
    # The same words: only the markup changes, which listings show.
    path = src / "posts/p06.md"
    path.write_text(path.read_text(encoding="utf-8").replace("# Leap days", "# Leap *days*"), encoding="utf-8")


def reblurb(src: Path) -> None:
    set_front_matter(src / "posts/p08.md", "blurb", "A changed blurb.")


def make_draft(src: Path) -> None:
    set_front_matter(src / "posts/p11.md", "draft", "true")


def publish_draft(src: Path) -> None:
    set_front_matter(src / "posts/draft.md", "draft", "false")


EDITS: dict[str, Callable[[Path], None]] = {
    "add": add,
    "delete": delete,
    "rename": rename,
    "re-date": redate,
    "re-tag": retag,
    "re-title": retitle,
    "re-markup": remarkup,
    "re-blurb": reblurb,
    "make-draft": make_draft,
    "publish-draft": publish_draft,
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_incremental_edit_matches_clean_build(build, first, edit):
    before = first.text("lists.html")
    EDITS[edit](first.srcdir)
    again = build(srcdir=first.srcdir, fresh=False)
    # The listings did change: the comparison below would also pass if nothing had.
    assert again.text("lists.html") != before
    assert_same_as_clean(build, again, first.srcdir)


def test_retitle_shows_new_title_everywhere(build, first):
    retitle(first.srcdir)
    again = build(srcdir=first.srcdir, fresh=False)
    assert "Leap seconds" in again.soup("index.html").select_one("ul.postlist").get_text()
    # p06's neighbours link to it by title.
    assert "Leap seconds" in again.soup("posts/p07.html").select_one("nav.post-nav").get_text()
    assert "Leap seconds" in again.text("feed.xml")
    assert "Leap seconds" in again.soup("tags/math.html").get_text()


def test_titles_keep_their_markup_in_every_listing(build):
    """A title with math and emphasis is set in listings, tag pages and the archive as
    on its page, not as its source ("\\beta")."""
    files = blog_files()
    files["posts/p06.md"] = files["posts/p06.md"].replace("# Leap days", "# Leap $\\beta$ and *days*")
    built = build(files)
    for page in ("index.html", "lists.html", "archive.html", "tags/math.html"):
        link = next(a for a in built.soup(page).select("a.postlist-title") if "days" in a.get_text())
        assert link.select_one("math mi").get_text() == "\N{GREEK SMALL LETTER BETA}", page
        assert link.select_one("em").get_text() == "days", page
        assert "\\beta" not in link.get_text(), page
    # The feed's titles are text, as feed readers show them.
    assert "<title>Leap \\beta and days</title>" in built.text("feed.xml")


def mtimes(outdir: Path) -> dict[str, int]:
    return {name: (outdir / name).stat().st_mtime_ns for name in outputs(outdir)}


def test_rebuild_without_changes_rewrites_no_page_or_feed(build, first):
    before = mtimes(first.outdir)
    again = build(srcdir=first.srcdir, fresh=False)
    after = mtimes(again.outdir)
    # Sphinx writes its own genindex and search pages on every build; every page of
    # this capability (documents, tag pages, archive, feeds, sitemap) is left alone.
    rewritten = [name for name in before if before[name] != after[name] and not name.startswith(("genindex", "search"))]
    assert not rewritten


def test_config_change_rewrites_generated_pages(build, first):
    conf = first.srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'html_theme_options = {"footer_text": "New footer"}\n', encoding="utf-8")
    again = build(srcdir=first.srcdir, fresh=False)
    for page in ("tags/python.html", "tags/index.html", "archive.html", "index.html"):
        assert "New footer" in again.text(page), page


def test_deleted_generated_page_is_written_again(build, first):
    (first.outdir / "tags/math.html").unlink()
    again = build(srcdir=first.srcdir, fresh=False)
    assert listed(again.soup("tags/math.html"))


def test_body_edit_rewrites_the_post_and_feed_but_no_listing(build, first):
    before = mtimes(first.outdir)
    path = first.srcdir / "posts/p12.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    again = build(srcdir=first.srcdir, fresh=False)
    after = mtimes(again.outdir)
    assert after["posts/p12.html"] != before["posts/p12.html"]
    # index.html holds the toctree of the posts, which Sphinx itself rewrites whenever a
    # document in it changes; lists.html only lists posts.
    assert after["lists.html"] == before["lists.html"]
    assert after["posts/p11.html"] == before["posts/p11.html"]
    assert "A new closing paragraph." in again.text("feed.xml")
