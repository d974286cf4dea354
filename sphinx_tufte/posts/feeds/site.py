"""Which builds write feeds, which posts a feed holds, and the addresses in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_tufte import _settings
from sphinx_tufte.posts.collector import all_posts, post_index, published_posts

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_tufte.posts.metadata import Post

ATOM_FILE = "feed.xml"
RSS_FILE = "rss.xml"
FEED_BUILDERS = frozenset({"html", "dirhtml"})


def base_url(app: Sphinx) -> str:
    """``html_baseurl`` ending in a slash, or "" (this build's settings)."""
    return _settings.get(app.env).base_url


def page_url(app: Sphinx, docname: str) -> str:
    return base_url(app) + app.builder.get_target_uri(docname)


def writes_feeds(app: Sphinx) -> bool:
    """Whether this builder writes feeds at all: an HTML builder with a base URL."""
    settings = _settings.get(app.env)
    return settings.builder_name in FEED_BUILDERS and bool(settings.base_url)


def feeds_enabled(app: Sphinx) -> bool:
    """Whether this build writes feeds: an HTML builder, a base URL and some posts."""
    return writes_feeds(app) and any(not post.draft for post in all_posts(app.env).values())


def feed_posts(env: BuildEnvironment) -> list[Post]:
    """The posts a feed holds, newest first: drafts never, ``tufte_feed_length`` at most
    (0: every post)."""
    posts = published_posts(env, drafts=False)
    length = _settings.get(env).feed_length
    return posts[:length] if length else posts


def in_feed(env: BuildEnvironment, docname: str) -> bool:
    """Whether ``docname`` is one of :func:`feed_posts` (asked for every post page
    written: a look-up in the collector's index, not a sort)."""
    position = post_index(env, drafts=False).position.get(docname)
    if position is None:
        return False
    length = _settings.get(env).feed_length
    return not length or position < length
