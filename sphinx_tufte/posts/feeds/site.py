"""Which builds write feeds, which posts a feed holds, and the addresses in it.

Besides the site's feed, every tag with a post that is not a draft has one of its own,
``tags/<slug>.xml``: beside the tag's page (``tags/<slug>.html``, or
``tags/<slug>/index.html`` under dirhtml), and never a page's name, since pages end in
``.html``. Each holds the tag's newest ``tufte_feed_length`` posts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_tufte import _settings
from sphinx_tufte.posts.collector import all_posts, post_index, published_posts
from sphinx_tufte.posts.metadata import tag_slug

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_tufte.posts.metadata import Post

ATOM_FILE = "feed.xml"
RSS_FILE = "rss.xml"
FEED_BUILDERS = frozenset({"html", "dirhtml"})
# The folder of the tag pages (posts/pages.py) and of their feeds.
TAGS_DIR = "tags"


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


def tag_feed_file(slug: str) -> str:
    return f"{TAGS_DIR}/{slug}.xml"


def tag_feeds(env: BuildEnvironment) -> dict[str, list[Post]]:
    """Tag slug -> the posts of that tag's feed, newest first: drafts never, at most
    ``tufte_feed_length`` (0: every post). Only tags with a post that is not a draft."""
    index = post_index(env, drafts=False)
    length = _settings.get(env).feed_length
    return {
        slug: [index.posts[index.position[docname]] for docname in list(members)[: length or None]]
        for slug, members in index.tags.items()
    }


def has_tag_feed(env: BuildEnvironment, slug: str) -> bool:
    return slug in post_index(env, drafts=False).tags


def in_feed(env: BuildEnvironment, docname: str) -> bool:
    """Whether ``docname`` is one of :func:`feed_posts` (asked for every post page
    written: a look-up in the collector's index, not a sort)."""
    position = post_index(env, drafts=False).position.get(docname)
    if position is None:
        return False
    length = _settings.get(env).feed_length
    return not length or position < length


def in_some_feed(env: BuildEnvironment, docname: str) -> bool:
    """Whether ``docname`` is in the site's feed or in one of its tags' feeds
    (:func:`tag_feeds`): the posts whose entries are kept."""
    if in_feed(env, docname):
        return True
    index = post_index(env, drafts=False)
    position = index.position.get(docname)
    if position is None:
        return False
    length = _settings.get(env).feed_length
    tags = dict.fromkeys(map(tag_slug, index.posts[position].tags))
    return any(index.tags[slug][docname] < length for slug in tags)


def posts_of_feeds(env: BuildEnvironment) -> list[Post]:
    """Every post some feed holds (the site's or a tag's), each once."""
    posts = {post.docname: post for post in feed_posts(env)}
    for members in tag_feeds(env).values():
        posts.update((post.docname, post) for post in members)
    return list(posts.values())
