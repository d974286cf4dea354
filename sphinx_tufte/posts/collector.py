"""Post data in the build environment, and what to rewrite when it changes.

``env.tufte_posts`` maps docname to :class:`Post`; ``env.tufte_listing_docs`` holds the
documents with a ``postlist``. Both are purged per document and merged from parallel
readers. After reading, the posts as readers see them (title, date, tags, blurb, draft,
neighbours) are compared with the previous build's: when anything differs, every page
that lists posts and every post whose previous/next links moved is written again. When
nothing differs, nothing extra is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector

from sphinx_tufte import _settings
from sphinx_tufte.navigation.titles import is_plain
from sphinx_tufte.posts.metadata import OTHER_KNOWN_FIELDS, Post, parse_post, tag_slug
from sphinx_tufte.posts.nodes import postlist
from sphinx_tufte.posts.quotes import educate

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def all_posts(env: BuildEnvironment) -> dict[str, Post]:
    if not hasattr(env, "tufte_posts"):
        env.tufte_posts = {}  # type: ignore[attr-defined]
    return env.tufte_posts  # type: ignore[attr-defined]


# Where the sorted posts are kept between changes (see post_index).
_INDEX = "tufte_posts_index"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def listing_docs(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "tufte_listing_docs"):
        env.tufte_listing_docs = set()  # type: ignore[attr-defined]
    return env.tufte_listing_docs  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PostIndex:
    """The listed posts newest first, and each one's place and neighbours: worked out
    once per change of the posts, not once per page that asks."""

    posts: list[Post]
    neighbours: dict[str, tuple[Post | None, Post | None]]
    position: dict[str, int]
    # Tag slug -> docname -> place among that tag's posts (newest first): the tag pages
    # and the per-tag feeds ask it for every page written.
    tags: dict[str, dict[str, int]]


def sort_key(post: Post) -> tuple[int, str, str]:
    """The listing order: newest first, ties broken by title, then docname, so that the
    order never depends on reading order. (Sorting by it is stable and total.)"""
    # Whole microseconds since 1970: exact for any date, unlike a float timestamp.
    return (-((post.date - _EPOCH) // _MICROSECOND), post.title.lower(), post.docname)


def _sort_posts(posts: list[Post]) -> list[Post]:
    return sorted(posts, key=sort_key)


def post_index(env: BuildEnvironment, *, drafts: bool | None = None) -> PostIndex:
    """The :class:`PostIndex` of the posts listings show (drafts when
    ``tufte_show_drafts`` says so, unless ``drafts`` decides). Kept with the posts and
    dropped whenever the collector changes them, so every page of a build shares one."""
    if drafts is None:
        drafts = _settings.get(env).show_drafts
    indexes: dict[bool, PostIndex] = getattr(env, _INDEX, None) or {}
    if drafts not in indexes:
        posts = _sort_posts([post for post in all_posts(env).values() if drafts or not post.draft])
        indexes[drafts] = PostIndex(
            posts=posts,
            neighbours=neighbours(posts),
            position={post.docname: number for number, post in enumerate(posts)},
            tags=_tag_positions(posts),
        )
        setattr(env, _INDEX, indexes)
    return indexes[drafts]


def _tag_positions(posts: list[Post]) -> dict[str, dict[str, int]]:
    tags: dict[str, dict[str, int]] = {}
    for post in posts:
        # Tags that differ only in case or punctuation are one tag (one slug, one page).
        for slug in dict.fromkeys(map(tag_slug, post.tags)):
            members = tags.setdefault(slug, {})
            members[post.docname] = len(members)
    return tags


def _posts_changed(env: BuildEnvironment) -> None:
    setattr(env, _INDEX, {})


def published_posts(env: BuildEnvironment, *, drafts: bool | None = None) -> list[Post]:
    """Posts that listings show, newest first (see :func:`sort_key`). Drafts are listed
    when ``tufte_show_drafts`` says so, unless ``drafts`` decides. The list is shared by
    every caller of the build: read it, copy it to change it."""
    return post_index(env, drafts=drafts).posts


def neighbours(posts: list[Post]) -> dict[str, tuple[Post | None, Post | None]]:
    """docname -> (older post, newer post) along the newest-first list."""
    result = {}
    for index, post in enumerate(posts):
        older = posts[index + 1] if index + 1 < len(posts) else None
        newer = posts[index - 1] if index > 0 else None
        result[post.docname] = (older, newer)
    return result


def _current_docname(env: BuildEnvironment) -> str:
    current = getattr(env, "current_document", None)
    if current is not None and getattr(current, "docname", None):
        return current.docname
    return env.docname  # Sphinx < 8.2


class PostCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        all_posts(env).pop(docname, None)
        listing_docs(env).discard(docname)
        _posts_changed(env)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: AbstractSet[str], other: BuildEnvironment
    ) -> None:
        theirs = getattr(other, "tufte_posts", {})
        their_listings: set[str] = getattr(other, "tufte_listing_docs", set())
        for docname in docnames:
            if docname in theirs:
                all_posts(env)[docname] = theirs[docname]
            if docname in their_listings:
                listing_docs(env).add(docname)
        _posts_changed(env)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        docname = _current_docname(env)
        metadata = env.metadata.get(docname, {})
        # A page whose fields are all other tools' (MyST's wordcount is on every page) is
        # no post and has nothing parse_post would warn about: most pages of a site need
        # neither their title's text nor their file's path here.
        post = None
        if any(name.lower() not in OTHER_KNOWN_FIELDS for name in metadata):
            title_node = env.titles.get(docname)
            post = parse_post(
                docname,
                metadata,
                title_node.astext() if title_node is not None else "",
                source=str(env.doc2path(docname)),
                zone=_settings.get(env).timezone,
            )
        if post is not None:
            # Shown as prose beside the (curled) title: the body's smart quotes.
            post = replace(post, blurb=educate(env, post.blurb), subtitle=educate(env, post.subtitle))
            _mark_metadata(env, docname, post)
            all_posts(env)[docname] = post
            _posts_changed(env)
        if any(True for _ in doctree.findall(postlist)):
            listing_docs(env).add(docname)

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        index = post_index(env)
        state = _reader_view(env, index)
        previous = getattr(env, "tufte_posts_seen", None)
        env.tufte_posts_seen = state  # type: ignore[attr-defined]
        if previous is None or previous == state:
            return []
        if previous.get("has_feed") != state["has_feed"]:
            # Every page's head links the feed while there is one (posts/meta.py): the
            # first post published, or the last one gone, changes every page.
            return sorted(env.found_docs)
        to_write = set(listing_docs(env))
        old_links = previous["links"]
        for docname, links in state["links"].items():
            if old_links.get(docname) != links:
                to_write.add(docname)
        return sorted(to_write & env.found_docs)


def _mark_metadata(env: BuildEnvironment, docname: str, post: Post) -> None:
    """A post's marks in Sphinx's own metadata, set as it is read (so purged, merged
    and re-read with it): every post is an orphan, since listings, the archive and its
    neighbours link it wherever it lives and no toctree has to; a draft that listings
    hide is left out of Sphinx's search index (``nosearch``). See posts/drafts.py."""
    metadata = env.metadata[docname]
    metadata.setdefault("orphan", True)
    if post.draft and not _settings.get(env).show_drafts:
        metadata["nosearch"] = True


def title_markup(env: BuildEnvironment, docname: str) -> str:
    """The markup of a post's title, or "" for plain text: listings show it
    (posts/postlist.py), and an edit of it alone (*x* to **x**) keeps the title's text,
    so what decides which listings to write again compares this too."""
    title = env.titles.get(docname)
    return "" if title is None or is_plain(title) else str(title)


def _reader_view(env: BuildEnvironment, index: PostIndex) -> dict[str, Any]:
    """What pages show of the posts: compared between builds to find stale pages."""
    def brief(post: Post | None) -> tuple[str, str] | None:
        return (post.docname, post.title) if post else None

    return {
        "has_feed": bool(post_index(env, drafts=False).posts),
        "posts": [
            (p.docname, p.title, title_markup(env, p.docname), p.date_iso, p.updated_iso, p.tags, p.blurb, p.draft, p.subtitle, p.image, p.author)
            for p in index.posts
        ],
        "links": {
            docname: (brief(older), brief(newer)) for docname, (older, newer) in index.neighbours.items()
        },
    }


def setup(app: Sphinx) -> None:
    app.add_env_collector(PostCollector)
