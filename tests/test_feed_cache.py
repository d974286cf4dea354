"""Feed entries are rendered when Sphinx writes a post, cached under the settings that
shape them, and assembled at the end: an incremental build gives the feed a clean build
gives, a build without changes renders and writes nothing, and ``-j 2`` gives the feed
a serial build gives."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from xml.etree import ElementTree

import lxml.html
import pytest
from site_compare import normalise
from test_posts import NEWEST_FIRST, blog_files

from sphinx_tufte.posts.feeds import entries

BASE = "https://blog.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"


def entry_contents(outdir: Path) -> dict[str, str]:
    """Each entry's content (HTML), by the entry's link."""
    root = ElementTree.fromstring((outdir / "feed.xml").read_bytes())
    return {
        entry.find(f"{ATOM}link").get("href"): entry.find(f"{ATOM}content").text or ""
        for entry in root.iter(f"{ATOM}entry")
    }


def image_urls(content: str) -> list[str]:
    """Every image URL of an entry: src, and each srcset candidate."""
    urls = []
    for element in lxml.html.fragment_fromstring(content, create_parent="div").iter("img", "source"):
        if element.get("src"):
            urls.append(element.get("src"))
        for candidate in (element.get("srcset") or "").split(","):
            if candidate.strip():
                urls.append(candidate.split()[0])
    return urls


def photo() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (1600, 900))
    image.putdata([((x * 7) % 256, (y * 3) % 256, (x + y) % 256) for y in range(900) for x in range(1600)])
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def photo_blog() -> dict[str, str | bytes]:
    files = blog_files()
    files["posts/photo.md"] = "---\ndate: 2025-07-01\n---\n# With a photo\n\nText.\n\n![A photo](photo.png)\n"
    files["posts/photo.png"] = photo()
    return files


@pytest.fixture
def renders(monkeypatch):
    """The docnames whose entries are rendered, in order (a serial build renders in
    this process)."""
    seen: list[str] = []
    original = entries.render_entry

    def counting(app, docname, doctree):
        seen.append(docname)
        return original(app, docname, doctree)

    monkeypatch.setattr(entries, "render_entry", counting)
    return seen


def stamps(outdir: Path) -> dict[str, int]:
    return {name: (outdir / name).stat().st_mtime_ns for name in ("feed.xml", "rss.xml")}


def test_incremental_build_after_a_quality_change_equals_a_clean_build(build):
    files = photo_blog()
    first = build(files)
    before = image_urls(entry_contents(first.outdir)[BASE + "posts/photo.html"])
    again = build(srcdir=first.srcdir, fresh=False, confoverrides={"tufte_image_quality": 50})
    clean = build(files, confoverrides={"tufte_image_quality": 50})
    incremental = image_urls(entry_contents(again.outdir)[BASE + "posts/photo.html"])
    expected = image_urls(entry_contents(clean.outdir)[BASE + "posts/photo.html"])
    assert len(expected) > 2 and all(url.startswith(BASE + "_images/") for url in expected), expected
    # The quality is part of the encoded files' names: the q80 files are not the q50 ones.
    assert expected != before
    assert incremental == expected
    # And the entries point at files the site has.
    for url in incremental:
        assert (again.outdir / url.removeprefix(BASE)).is_file(), url
    assert normalise("feed.xml", (again.outdir / "feed.xml").read_bytes()) == normalise(
        "feed.xml", (clean.outdir / "feed.xml").read_bytes()
    )


def test_every_feed_entry_is_rendered_once_when_its_post_is_written(build, renders):
    build(blog_files())
    assert sorted(renders) == sorted(f"posts/{name}" for name in NEWEST_FIRST)


def test_a_rebuild_without_changes_renders_nothing_and_leaves_the_feeds_alone(build, renders):
    first = build(blog_files())
    written = stamps(first.outdir)
    renders.clear()
    again = build(srcdir=first.srcdir, fresh=False)
    assert renders == []
    assert stamps(again.outdir) == written


def test_editing_a_page_that_is_no_post_renders_no_entry(build, renders):
    first = build(blog_files())
    written = stamps(first.outdir)
    renders.clear()
    lists = first.srcdir / "lists.md"
    lists.write_text(lists.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    again = build(srcdir=first.srcdir, fresh=False)
    assert renders == []
    assert stamps(again.outdir) == written


def test_editing_a_post_renders_that_entry_only(build, renders):
    first = build(blog_files())
    renders.clear()
    post = first.srcdir / "posts" / "p05.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA sentence added later.\n", encoding="utf-8")
    again = build(srcdir=first.srcdir, fresh=False)
    # Its neighbours' pages are not rewritten for a body edit, and are not rendered.
    assert renders == ["posts/p05"]
    assert "A sentence added later." in entry_contents(again.outdir)[BASE + "posts/p05.html"]


def test_entries_missing_from_the_cache_are_rendered_again_and_only_they(build, renders):
    first = build(blog_files())
    feed = (first.outdir / "feed.xml").read_bytes()
    shutil.rmtree(Path(first.app.doctreedir) / "tufte-cache" / "feed-entries")
    renders.clear()
    again = build(srcdir=first.srcdir, fresh=False)
    assert sorted(renders) == sorted(f"posts/{name}" for name in NEWEST_FIRST)
    assert normalise("feed.xml", (again.outdir / "feed.xml").read_bytes()) == normalise("feed.xml", feed)
    renders.clear()
    build(srcdir=first.srcdir, fresh=False)
    assert renders == []


def test_a_post_edited_outside_the_feed_is_current_when_it_returns(build, renders):
    """An entry cached while a post was in the feed must not come back stale after the
    post changed while it was out of it."""
    files = blog_files()
    newer = "---\ndate: 2026-01-0{n}\n---\n# Newer {n}\n\nNewer post {n}.\n"
    short = {"tufte_feed_length": 3}
    first = build(files, confoverrides=short)
    assert BASE + "posts/p10.html" in entry_contents(first.outdir)
    # Three newer posts push p10 out of the feed, and p10 is edited meanwhile.
    more = {f"posts/new{n}.md": newer.format(n=n) for n in (1, 2, 3)}
    p10 = first.srcdir / "posts" / "p10.md"
    more["posts/p10.md"] = p10.read_text(encoding="utf-8") + "\nEdited while out of the feed.\n"
    build(more, srcdir=first.srcdir, fresh=False, confoverrides=short)
    # They go again: p10 is back, with its edit.
    for n in (1, 2, 3):
        (first.srcdir / "posts" / f"new{n}.md").unlink()
    renders.clear()
    back = build(srcdir=first.srcdir, fresh=False, confoverrides=short)
    assert "Edited while out of the feed." in entry_contents(back.outdir)[BASE + "posts/p10.html"]
    clean = build({**files, "posts/p10.md": more["posts/p10.md"]}, confoverrides=short)
    assert normalise("feed.xml", (back.outdir / "feed.xml").read_bytes()) == normalise(
        "feed.xml", (clean.outdir / "feed.xml").read_bytes()
    )


def test_whether_a_post_is_in_the_feed_agrees_with_the_feed_at_every_length(build):
    """``in_feed`` (asked for each page written) and ``feed_posts`` (the feed) agree,
    ties in date included."""
    import dataclasses

    from sphinx_tufte import _settings
    from sphinx_tufte.posts.collector import all_posts
    from sphinx_tufte.posts.feeds.site import feed_posts, in_feed

    files = blog_files()
    for title in ("Same day B", "Same day A", "same day c"):
        files[f"posts/tie-{title[-1].lower()}.md"] = f"---\ndate: 2024-03-03\n---\n# {title}\n\nTied.\n"
    env = build(files).app.env
    settings = _settings.get(env)
    docnames = sorted(all_posts(env))
    for length in range(len(docnames) + 1):
        setattr(env, _settings._ATTRIBUTE, dataclasses.replace(settings, feed_length=length))
        chosen = {post.docname for post in feed_posts(env)}
        assert {docname for docname in docnames if in_feed(env, docname)} == chosen, length
