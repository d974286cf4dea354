"""Writing ``feed.xml`` (Atom) and ``rss.xml`` (RSS 2.0) with feedgen at
``build-finished``, from the entries the cache holds.

Feeds go into the output directory, never the source tree (``sphinx-autobuild``
watches it and would rebuild forever), and are written only when their bytes change:
a rebuild without changes leaves them, and every entry, alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from sphinx_tufte import _config, _settings
from sphinx_tufte.posts.feeds.entries import cached_entry, entry_cache
from sphinx_tufte.posts.feeds.site import ATOM_FILE, FEED_BUILDERS, RSS_FILE, feed_posts, page_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_tufte.posts.metadata import Post

logger = logging.getLogger(__name__)


def feed_generator(app: Sphinx, posts: list[Post], contents: dict[str, str]) -> Any:
    """The feed of ``posts``, each entry's content from ``contents`` (by docname)."""
    from feedgen.feed import FeedGenerator

    config = app.config
    settings = _settings.get(app.env)
    base = settings.base_url
    title = settings.feed_title
    feed = FeedGenerator()
    feed.id(base)
    feed.title(title or config.project or "Posts")
    feed.subtitle(f"Posts on {title or base}")
    feed.link(href=base, rel="alternate")
    feed.link(href=base + ATOM_FILE, rel="self")
    feed.language(config.language or "en")
    feed.generator("sphinx-tufte")
    author = _settings.get(app.env).site_author
    # Atom wants an author for the feed or every entry; the site's name will do.
    feed.author({"name": author or title or config.project or "Unknown"})
    feed.updated(max((post.updated or post.date) for post in posts))
    for post in posts:
        url = page_url(app, post.docname)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(post.title)
        entry.link(href=url, rel="alternate")
        entry.published(post.date)
        entry.updated(post.updated or post.date)
        if post.blurb:
            entry.summary(post.blurb)
        entry.description(post.blurb or post.title)
        entry.content(contents[post.docname], type="html")
        for tag in post.tags:
            entry.category(term=tag, label=tag)
        if post.author or author:
            entry.author({"name": post.author or author})
    return feed


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.write_bytes(data)


def write_feeds(app: Sphinx, exception: BaseException | None) -> None:
    settings = _settings.get(app.env)
    if exception is not None or settings.builder_name not in FEED_BUILDERS:
        return
    posts = feed_posts(app.env)
    if not posts:
        return
    if not settings.base_url:
        _config.warn(
            app,
            "html_baseurl",
            "html_baseurl is not set, so no feed.xml is written: feed readers need absolute links. "
            "Set html_baseurl = 'https://your.site/' in conf.py",
            subtype="feed",
            once=True,
        )
        return
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
            "feed.xml is not updated: the entries of %s are not rendered yet (a build of named "
            "files writes only those); the next build without file names writes it",
            ", ".join(sorted(missing)),
        )
        return
    feed = feed_generator(app, posts, contents)
    outdir = Path(app.outdir)
    _write_if_changed(outdir / ATOM_FILE, feed.atom_str(pretty=True))
    if settings.feed_rss:
        # Each feed's rel="self" names its own file.
        base = settings.base_url
        feed.link([{"href": base + RSS_FILE, "rel": "self"}, {"href": base, "rel": "alternate"}], replace=True)
        _write_if_changed(outdir / RSS_FILE, feed.rss_str(pretty=True))


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_feeds)
