"""Feed entries: each post's content as HTML, rendered when Sphinx writes the post's
page, and kept in the persistent cache until the page is written again.

The entry is rendered in ``html-page-context``, where the builder has just written this
very page: its resolved doctree is at hand and the builder's per-page state (image
names, secnumbers, the page's own URL) is the page's, so a translator created for a
copy of that doctree writes exactly what the page shows, without a second run of the
post-transforms and without touching the builder. The copy then has its notes turned
back into footnotes (a feed reader has no margin), its first heading removed (the
entry has a title of its own) and every link made absolute.

The posts of the site's feed and of every tag's feed have entries. A page Sphinx does
not write is unchanged, and so is its cached entry. The cache is salted with everything
that changes an entry besides the page's sources (base URL, builder, image settings,
math renderer, every ``html``-rebuild configuration value and the tags), so an entry
made under other settings is never read. A post of a feed whose entry is missing (a
deleted cache, a post that moved into a feed) is written again at ``env-get-updated``,
through the same path; nothing else is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from sphinx_tufte import _cache, _settings
from sphinx_tufte.notes import restore_footnotes
from sphinx_tufte.posts.collector import all_posts
from sphinx_tufte.posts.feeds.links import absolute_links
from sphinx_tufte.posts.feeds.site import in_some_feed, page_url, posts_of_feeds, writes_feeds

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

NAMESPACE = "feed-entries"


def entry_cache(app: Sphinx) -> _cache.Cache:
    """The cache of rendered entries for this build's settings."""
    builder = app.builder
    settings = _settings.get(app.env)
    # Sphinx's own record of the values it rewrites every page for (every html_* value,
    # and the tufte_* ones registered with rebuild="html"), and of the tags.
    info = getattr(builder, "build_info", None)
    salt = (
        settings.builder_name,
        settings.base_url,
        settings.image_quality,
        settings.responsive_images,
        settings.sidenotes,
        getattr(builder, "math_renderer_name", None),
        getattr(info, "config_hash", ""),
        getattr(info, "tags_hash", ""),
    )
    return _cache.Cache.for_build(app.doctreedir, NAMESPACE, salt=salt)


def render_entry(app: Sphinx, docname: str, doctree: nodes.document) -> str:
    """The post's body as feed-entry HTML, from the doctree its page was written from.

    Called only while the builder writes ``docname`` (``html-page-context``), when
    the builder's per-page state is this page's."""
    logger.debug("[tufte] rendering the feed entry of %s", docname)
    # Node by node, sharing the document's settings: the page's own doctree stays as
    # it was. (copy.deepcopy would drag the whole build environment along.)
    copy = doctree.deepcopy()
    restore_footnotes(copy)  # a feed reader has no margin
    title = next(iter(copy.findall(nodes.title)), None)
    if title is not None:
        title.parent.remove(title)
    visitor = app.builder.create_translator(copy, app.builder)
    copy.walkabout(visitor)
    return absolute_links("".join(visitor.fragment), page_url(app, docname))


def cached_entry(cache: _cache.Cache, docname: str) -> str | None:
    html = cache.get(docname)
    return html if isinstance(html, str) else None


def _on_page_written(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    if doctree is None or pagename not in all_posts(app.env) or not writes_feeds(app):
        return
    # Made once while pages are written: every post's page asks.
    cache = _settings.memoised(app.env, __name__, lambda: entry_cache(app))
    if in_some_feed(app.env, pagename):
        cache.set(pagename, render_entry(app, pagename, doctree))
    else:
        # The page changed while the post is out of the feed: an entry kept from when
        # it was in would be out of date if it came back, so it goes.
        cache.discard(pagename)


def _posts_without_entries(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Posts of a feed (the site's or a tag's) whose entry is not in the cache: written
    again, which renders their entries (and only theirs)."""
    if not writes_feeds(app):
        return []
    cache = entry_cache(app)
    return [post.docname for post in posts_of_feeds(env) if cached_entry(cache, post.docname) is None]


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _on_page_written)
    app.connect("env-get-updated", _posts_without_entries)
