"""Generated pages (one per tag, an index of tags, an archive by year) and the data a
post page's header and footer show (date, updated date, tags, previous/next post).

The pages are written through ``html-collect-pages`` with templates named
``tufte/*.html``. They live in the tufte theme's folder; under any other theme the
extension makes them reachable under the same names, so the pages exist there too.
"""

from __future__ import annotations

import html
from itertools import groupby
from typing import TYPE_CHECKING, Any

from jinja2 import FileSystemLoader, PrefixLoader
from sphinx.util import logging

from sphinx_tufte.posts.collector import all_posts, neighbours, published_posts
from sphinx_tufte.posts.metadata import Post, human_date, tag_slug
from sphinx_tufte.theme import THEME_DIR, uses_theme

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

TAGS_DIR = "tags"
TAG_INDEX = "tags/index"
ARCHIVE = "archive"
PAGE_BUILDERS = frozenset({"html", "dirhtml"})


def tag_page(tag: str) -> str:
    return f"{TAGS_DIR}/{tag_slug(tag)}"


def entry(post: Post) -> dict[str, Any]:
    """What templates need of a post; they escape every string."""
    return {
        "docname": post.docname,
        "title": post.title,
        "blurb": post.blurb,
        "date_iso": post.date_iso,
        "date_text": human_date(post.date),
        "year": post.date.year,
    }


def tags_of(posts: list[Post]) -> list[tuple[str, str, list[Post]]]:
    """(display name, slug, posts newest first) per tag, by name. Tags that differ
    only in case or punctuation share a page, named as first seen on the newest post."""
    by_slug: dict[str, tuple[str, list[Post]]] = {}
    for post in posts:
        for tag in post.tags:
            name, members = by_slug.setdefault(tag_slug(tag), (tag, []))
            members.append(post)
    return sorted(
        ((name, slug, members) for slug, (name, members) in by_slug.items()),
        key=lambda item: (item[0].lower(), item[1]),
    )


def _escaped(text: str) -> str:
    # Sphinx's layouts print ``title`` with ``|striptags|e``, as it is HTML for
    # documents: passing it escaped keeps a title such as "<script>" as text.
    return html.escape(text, quote=False)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    env = app.env
    posts = published_posts(env)
    # singlehtml and epub put everything in one page or one book: no pages to link.
    if not posts or app.builder.name not in PAGE_BUILDERS:
        return
    taken = set(env.all_docs)
    # The sitemap lists these too.
    written: list[str] = []
    app.builder._tufte_generated_pages = written  # type: ignore[attr-defined]

    def free(pagename: str) -> bool:
        if pagename in taken:
            logger.warning(
                "the document %r takes the name of a generated post page; that page is not written",
                pagename,
                type="tufte",
                subtype="post.page",
                location=(pagename, 1),
                once=True,
            )
            return False
        written.append(pagename)
        return True

    tags = tags_of(posts)
    if tags and free(TAG_INDEX):
        yield (
            TAG_INDEX,
            {
                "title": _escaped("Tags"),
                "tufte_tags": [
                    {"name": name, "pagename": f"{TAGS_DIR}/{slug}", "count": len(members)}
                    for name, slug, members in tags
                ],
            },
            "tufte/tags.html",
        )
    for name, slug, members in tags:
        pagename = f"{TAGS_DIR}/{slug}"
        if free(pagename):
            yield (
                pagename,
                {
                    "title": _escaped(f"Posts tagged \N{LEFT DOUBLE QUOTATION MARK}{name}\N{RIGHT DOUBLE QUOTATION MARK}"),
                    "tufte_tag": name,
                    "tufte_posts": [entry(post) for post in members],
                    "tufte_tag_index": TAG_INDEX,
                },
                "tufte/tag.html",
            )
    if free(ARCHIVE):
        years = [
            {"year": year, "posts": [entry(post) for post in group]}
            for year, group in groupby(posts, key=lambda post: post.date.year)
        ]
        yield (ARCHIVE, {"title": _escaped("Archive"), "tufte_years": years}, "tufte/archive.html")


def post_context(app: Sphinx, pagename: str) -> dict[str, Any] | None:
    post = all_posts(app.env).get(pagename)
    if post is None:
        return None
    posts = published_posts(app.env)
    links = neighbours(posts)
    # A hidden draft links to no tag page (the tag's page may not exist without it),
    # and no page links to tag pages where none are written.
    tag_links = pagename in links and app.builder.name in PAGE_BUILDERS
    older, newer = links.get(pagename, (None, None))
    return {
        "date_iso": post.date_iso,
        "date_text": human_date(post.date),
        "updated_iso": post.updated_iso,
        "updated_text": human_date(post.updated) if post.updated else "",
        "draft": post.draft,
        "tags": [{"name": tag, "pagename": tag_page(tag)} for tag in post.tags] if tag_links else [],
        "older": {"docname": older.docname, "title": older.title} if older else None,
        "newer": {"docname": newer.docname, "title": newer.title} if newer else None,
    }


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    context["tufte_post"] = post_context(app, pagename) if doctree is not None else None


def on_builder_inited(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is None or uses_theme(app) or not hasattr(templates, "loaders"):
        return
    # Under another theme only the names "tufte/..." are added, so nothing of that
    # theme's own templates (its layout.html above all) is shadowed.
    templates.loaders.append(PrefixLoader({"tufte": FileSystemLoader(str(THEME_DIR / "tufte"))}))


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-collect-pages", collect_pages)
    app.connect("html-page-context", on_page_context)
