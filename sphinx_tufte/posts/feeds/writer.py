"""Writing ``feed.xml`` (Atom) and ``rss.xml`` (RSS 2.0) with feedgen at
``build-finished``, from the entries the cache holds.

Feeds go into the output directory, never the source tree (``sphinx-autobuild``
watches it and would rebuild forever), and are written only when their bytes change:
a rebuild without changes leaves them, and every entry, alone.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from sphinx_tufte import _config, _settings
from sphinx_tufte._site import refused_base_url
from sphinx_tufte._text import xml_safe
from sphinx_tufte.posts.feeds.entries import cached_entry, entry_cache
from sphinx_tufte.posts.feeds.site import ATOM_FILE, FEED_BUILDERS, RSS_FILE, feed_posts, page_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_tufte.posts.metadata import Post

logger = logging.getLogger(__name__)


def _line(text: str) -> str:
    """One line of text for the feed: what XML forbids removed, then the spaces around
    it (a dropped control character leaves two)."""
    return " ".join(xml_safe(text).split())


def feed_generator(app: Sphinx, posts: list[Post], contents: dict[str, str]) -> Any:
    """The feed of ``posts``, each entry's content from ``contents`` (by docname).

    Every string goes in through :func:`~sphinx_tufte._text.xml_safe`: one control
    character pasted from a terminal would make lxml refuse the whole feed."""
    from feedgen.feed import FeedGenerator

    config = app.config
    settings = _settings.get(app.env)
    base = settings.base_url
    title = xml_safe(settings.feed_title)
    feed = FeedGenerator()
    feed.id(base)
    feed.title(title or xml_safe(config.project or "") or "Posts")
    feed.subtitle(f"Posts on {title or base}")
    feed.link(href=base, rel="alternate")
    feed.link(href=base + ATOM_FILE, rel="self")
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


def write_feeds(app: Sphinx, exception: BaseException | None) -> None:
    settings = _settings.get(app.env)
    if exception is not None or settings.builder_name not in FEED_BUILDERS:
        return
    posts = feed_posts(app.env)
    if not posts:
        return
    if not settings.base_url:
        if not refused_base_url(app.config):  # a refused one was warned about already
            _warn_base_url_unset(app)
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
