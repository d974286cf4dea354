"""Writing ``feed.xml`` (Atom), ``rss.xml`` (RSS 2.0) and one Atom feed per tag
(``tags/<slug>.xml``) with feedgen at ``build-finished``, from the entries the cache
holds.

Feeds go into the output directory, never the source tree (``sphinx-autobuild``
watches it and would rebuild forever), and are written only when their bytes change:
a rebuild without changes leaves them, and every entry, alone. A feed that an earlier
build wrote and this one does not (the tag left its last post, the last post was
deleted or made a draft, ``tufte_feed_rss`` was turned off) is removed, as a tag's page
is, so that an incremental build leaves what a clean one does.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from sphinx_tufte import _cache, _config, _settings
from sphinx_tufte._site import refused_base_url
from sphinx_tufte._text import xml_safe
from sphinx_tufte.locale import _
from sphinx_tufte.posts.feeds.entries import cached_entry, entry_cache
from sphinx_tufte.posts.feeds.site import (
    ATOM_FILE,
    FEED_BUILDERS,
    RSS_FILE,
    TAGS_DIR,
    feed_posts,
    page_url,
    posts_of_feeds,
    tag_feed_file,
    tag_feeds,
)
from sphinx_tufte.posts.metadata import tag_slug

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_tufte.posts.metadata import Post

logger = logging.getLogger(__name__)

# The feeds last written, in the extension's one cache.
WRITTEN_NAMESPACE = "written-feeds"


def _line(text: str) -> str:
    """One line of text for the feed: what XML forbids removed, then the spaces around
    it (a dropped control character leaves two)."""
    return " ".join(xml_safe(text).split())


def tag_feed_title(site_title: str, tag: str) -> str:
    return _("%(site)s: posts tagged \N{LEFT DOUBLE QUOTATION MARK}%(tag)s\N{RIGHT DOUBLE QUOTATION MARK}") % {"site": site_title, "tag": tag}


def feed_generator(
    app: Sphinx, posts: list[Post], contents: dict[str, str], *, of_tag: tuple[str, str] | None = None
) -> Any:
    """The feed of ``posts``, each entry's content from ``contents`` (by docname): the
    site's, or with ``of_tag`` (name, slug) that tag's, whose page is its home.

    Every string goes in through :func:`~sphinx_tufte._text.xml_safe`: one control
    character pasted from a terminal would make lxml refuse the whole feed."""
    from feedgen.feed import FeedGenerator

    config = app.config
    settings = _settings.get(app.env)
    base = settings.base_url
    title = xml_safe(settings.feed_title)
    site_title = title or xml_safe(config.project or "") or "Posts"
    feed = FeedGenerator()
    if of_tag is None:
        feed.id(base)
        feed.title(site_title)
        feed.subtitle(_("Posts on %(site)s") % {"site": title or base})
        feed.link(href=base, rel="alternate")
        feed.link(href=base + ATOM_FILE, rel="self")
    else:
        name, slug = _line(of_tag[0]), of_tag[1]
        home = page_url(app, f"{TAGS_DIR}/{slug}")
        feed.id(home)
        feed.title(tag_feed_title(site_title, name))
        feed.subtitle(_("Posts tagged %(tag)s on %(site)s") % {"tag": name, "site": title or base})
        feed.link(href=home, rel="alternate")
        feed.link(href=base + tag_feed_file(slug), rel="self")
    feed.language(config.language or "en")
    feed.generator("sphinx-tufte")
    author = xml_safe(_settings.get(app.env).site_author)
    # Atom wants an author for the feed or every entry; the site's name will do.
    feed.author({"name": author or title or xml_safe(config.project or "") or "Unknown"})
    feed.updated(max((post.updated or post.date) for post in posts))
    for post in posts:
        url = page_url(app, post.docname)
        post_title, blurb = _line(post.title), _line(post.blurb)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(post_title)
        entry.link(href=url, rel="alternate")
        entry.published(post.date)
        entry.updated(post.updated or post.date)
        if blurb:
            entry.summary(blurb)  # Atom: a text construct, type="text"
        # RSS has no text type: readers take <description> as HTML, so plain text is
        # escaped for HTML here, and feedgen escapes that for XML.
        entry.description(html.escape(blurb or post_title, quote=False))
        entry.content(xml_safe(contents[post.docname]), type="html")
        for tag in map(_line, post.tags):
            entry.category(term=tag, label=tag)
        for name in [_line(name) for name in post.authors] or ([author] if author else []):
            entry.author({"name": name})
    return feed


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.write_bytes(data)


def _warn_base_url_unset(app: Sphinx) -> None:
    """The warning for a value conf.py does not set: at conf.py's last line, where the
    value would be added (a location without a line prints as ``conf.py::``)."""
    location = _config.location(app, "html_baseurl")
    if location.line is None:
        try:
            location.line = max(1, len(Path(app.confdir, "conf.py").read_text(encoding="utf-8").splitlines()))
        except (OSError, UnicodeDecodeError):
            location.line = 1
    logger.warning(
        "html_baseurl is not set, so no feed.xml is written: feed readers need absolute links. "
        "Add html_baseurl = 'https://your.site/' to conf.py",
        type="tufte",
        subtype="feed",
        location=location,
        once=True,
    )


def _entries(app: Sphinx, posts: list[Post]) -> dict[str, str] | None:
    """Each post's cached entry by docname, or None when one is missing."""
    cache = entry_cache(app)
    contents: dict[str, str] = {}
    missing: list[str] = []
    for post in posts:
        html = cached_entry(cache, post.docname)
        if html is None:
            missing.append(post.docname)
        else:
            contents[post.docname] = html
    if missing:
        # Only a build of named files gets here: it writes those pages and no other,
        # so the posts that env-get-updated asked for were not written.
        logger.info(
            "the feeds are not updated: the entries of %s are not rendered yet (a build of named "
            "files writes only those); the next build without file names writes them",
            ", ".join(sorted(missing)),
        )
        return None
    return contents


def _write_tag_feeds(app: Sphinx, contents: dict[str, str]) -> list[str]:
    """Each tag's Atom feed; returns the files written (or left as they were)."""
    outdir = Path(app.outdir)
    files = []
    for slug, posts in tag_feeds(app.env).items():
        # Named as on the tag's page: as first seen on its newest post.
        name = next(tag for tag in posts[0].tags if tag_slug(tag) == slug)
        feed = feed_generator(app, posts, contents, of_tag=(name, slug))
        path = outdir / tag_feed_file(slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_if_changed(path, feed.atom_str(pretty=True))
        files.append(tag_feed_file(slug))
    return files


def _remove_stale_feeds(app: Sphinx, written: list[str]) -> None:
    cache = _cache.Cache.for_build(app.doctreedir, WRITTEN_NAMESPACE)
    outdir = Path(app.outdir).resolve()
    key = ("feeds", app.builder.name, str(outdir))
    for name in sorted(set(cache.get(key, ())) - set(written)):
        path = (outdir / name).resolve()
        if outdir in path.parents:
            path.unlink(missing_ok=True)
    cache.set(key, sorted(written))


def write_feeds(app: Sphinx, exception: BaseException | None) -> None:
    settings = _settings.get(app.env)
    if exception is not None or settings.builder_name not in FEED_BUILDERS:
        return
    posts = feed_posts(app.env)
    written: list[str] = []
    if posts and not settings.base_url:
        if not refused_base_url(app.config):  # a refused one was warned about already
            _warn_base_url_unset(app)
    elif posts:
        contents = _entries(app, posts_of_feeds(app.env))
        if contents is None:
            return
        feed = feed_generator(app, posts, contents)
        outdir = Path(app.outdir)
        _write_if_changed(outdir / ATOM_FILE, feed.atom_str(pretty=True))
        written.append(ATOM_FILE)
        if settings.feed_rss:
            # Each feed's rel="self" names its own file.
            base = settings.base_url
            feed.link([{"href": base + RSS_FILE, "rel": "self"}, {"href": base, "rel": "alternate"}], replace=True)
            _write_if_changed(outdir / RSS_FILE, feed.rss_str(pretty=True))
            written.append(RSS_FILE)
        written += _write_tag_feeds(app, contents)
    _remove_stale_feeds(app, written)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_feeds)
