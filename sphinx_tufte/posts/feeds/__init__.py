"""The Atom feed (``feed.xml``) and an RSS 2.0 feed (``rss.xml``) of the posts.

- :mod:`.site`: which builds write feeds (an HTML builder with ``html_baseurl``: a feed
  with relative links is broken in most readers), which posts a feed holds, URLs;
- :mod:`.entries`: each post's entry, rendered when Sphinx writes the post's page and
  kept in the persistent cache;
- :mod:`.links`: the entry's links made absolute;
- :mod:`.writer`: the feeds assembled from the cache at ``build-finished``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_tufte.posts.feeds import entries, writer
from sphinx_tufte.posts.feeds.links import absolute_links
from sphinx_tufte.posts.feeds.site import (
    ATOM_FILE,
    FEED_BUILDERS,
    RSS_FILE,
    base_url,
    feed_posts,
    feeds_enabled,
    page_url,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = [
    "ATOM_FILE",
    "FEED_BUILDERS",
    "RSS_FILE",
    "absolute_links",
    "base_url",
    "feed_posts",
    "feeds_enabled",
    "page_url",
    "setup",
]


def setup(app: Sphinx) -> None:
    entries.setup(app)
    writer.setup(app)
