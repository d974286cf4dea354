"""Posts: metadata from front matter, listings, the feed, tag and archive pages, and
the metadata that search engines and social sites read.

A document is a post when its front matter has a valid ``date``. Everything here reads
the posts the collector keeps in the build environment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_tufte.posts import (
    collector,
    drafts,
    feeds,
    meta,
    nodes,
    pages,
    postlist,
    sitemap,
    titles,
    yaml_dates,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    yaml_dates.setup(app)
    titles.setup(app)
    nodes.setup(app)
    collector.setup(app)
    drafts.setup(app)
    postlist.setup(app)
    pages.setup(app)
    feeds.setup(app)
    meta.setup(app)
    sitemap.setup(app)
