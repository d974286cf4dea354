"""Generated pages (one per tag, an index of tags, an archive by year) and the data a
post page's header and footer show (date, updated date, tags, previous/next post).

The pages are written through ``html-collect-pages`` with templates named
``tufte/*.html``. They live in the tufte theme's folder; under any other theme the
extension makes them reachable under the same names, so the pages exist there too.
Their lists of posts are the ``postlist`` directive's markup: ``tufte/postlist.html``
calls ``tufte_postlist(posts)``, which writes :func:`~.postlist.listing_nodes` with the
builder's translator.
"""

from __future__ import annotations

import hashlib
import html
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from jinja2 import FileSystemLoader, PrefixLoader
from markupsafe import Markup
from sphinx.util import logging

from sphinx_tufte import _settings
from sphinx_tufte._cache import Cache
from sphinx_tufte.locale import _, year_text
from sphinx_tufte.posts.collector import all_posts, post_index, published_posts, title_markup
from sphinx_tufte.posts.feeds.site import (
    ATOM_FILE,
    RSS_FILE,
    TAGS_DIR,
    base_url,
    feed_posts,
    has_tag_feed,
    tag_feed_file,
    writes_feeds,
)
from sphinx_tufte.posts.metadata import Post, human_date, tag_slug
from sphinx_tufte.posts.postlist import listing_html
from sphinx_tufte.theme import THEME_DIR, uses_theme

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

logger = logging.getLogger(__name__)

TAG_INDEX = "tags/index"
ARCHIVE = "archive"
# The fingerprint of the pages last written, in the extension's one cache.
CACHE_NAMESPACE = "generated-pages"
PAGE_BUILDERS = frozenset({"html", "dirhtml"})


def tag_page(tag: str) -> str:
    return f"{TAGS_DIR}/{tag_slug(tag)}"


def entry(post: Post, language: str | None) -> dict[str, Any]:
    """What templates need of a post; they escape every string. (The page's
    fingerprint is made of these too, so a changed title rewrites the page.)"""
    return {
        "docname": post.docname,
        "title": post.title,
        "blurb": post.blurb,
        "date_iso": post.date_iso,
        "date_text": human_date(post.date, language),
        "year": post.date.year,
    }


def tags_of(posts: list[Post]) -> list[tuple[str, str, list[Post]]]:
    """(display name, slug, posts newest first) per tag, by name. Tags that differ
    only in case or punctuation share a page, named as first seen on the newest post."""
    by_slug: dict[str, tuple[str, list[Post]]] = {}
    for post in posts:
        for tag in post.tags:
            _, members = by_slug.setdefault(tag_slug(tag), (tag, []))
            members.append(post)
    return sorted(
        ((name, slug, members) for slug, (name, members) in by_slug.items()),
        key=lambda item: (item[0].lower(), item[1]),
    )


def _escaped(text: str) -> str:
    # Sphinx's layouts print ``title`` with ``|striptags|e``, as it is HTML for
    # documents: passing it escaped keeps a title such as "<script>" as text.
    return html.escape(text, quote=False)


def generated_pages(
    app: Sphinx, posts: list[Post], *, contents: bool = True
) -> list[tuple[str, dict[str, Any], str]]:
    """(pagename, context, template) of every generated page this site has. With
    ``contents=False`` the contexts are left empty: enough for a list of the pages
    (the sitemap), without naming every post's date again."""
    taken = set(app.env.all_docs)
    language = app.config.language
    pages: list[tuple[str, dict[str, Any], str]] = []

    def add(pagename: str, context: Callable[[], dict[str, Any]], template: str) -> None:
        if pagename in taken:
            logger.warning(
                "the document %r takes the name of a generated post page; that page is not written",
                pagename,
                type="tufte",
                subtype="post.page",
                location=(pagename, 1),
                once=True,
            )
        else:
            pages.append((pagename, context() if contents else {}, template))

    tags = tags_of(posts)
    if tags:
        add(
            TAG_INDEX,
            lambda: {
                "title": _escaped(_("Tags")),
                "tufte_tags": [
                    {"name": name, "pagename": f"{TAGS_DIR}/{slug}", "count": len(members)}
                    for name, slug, members in tags
                ],
            },
            "tufte/tags.html",
        )
    feeds = writes_feeds(app)

    def tag_page(name: str, slug: str, members: list[Post]) -> Callable[[], dict[str, Any]]:
        # A tag whose posts are all drafts (listed in a preview) has no feed.
        feed = tag_feed_file(slug) if feeds and has_tag_feed(app.env, slug) else ""
        return lambda: {
            "title": _escaped(_("Posts tagged \N{LEFT DOUBLE QUOTATION MARK}%(tag)s\N{RIGHT DOUBLE QUOTATION MARK}") % {"tag": name}),
            "tufte_tag": name,
            "tufte_posts": [entry(post, language) for post in members],
            "tufte_tag_index": TAG_INDEX,
            "tufte_tag_feed": {"file": feed, "url": base_url(app) + feed} if feed else None,
        }

    for name, slug, members in tags:
        add(f"{TAGS_DIR}/{slug}", tag_page(name, slug, members), "tufte/tag.html")

    def archive() -> dict[str, Any]:
        years = [
            {"year": year, "year_text": year_text(year, language), "posts": [entry(post, language) for post in group]}
            for year, group in groupby(posts, key=lambda post: post.date.year)
        ]
        return {"title": _escaped(_("Archive")), "tufte_years": years}

    add(ARCHIVE, archive, "tufte/archive.html")
    return pages


def named_target(app: Sphinx, name: str) -> tuple[Literal["page", "file", "missing"], str] | None:
    """What a ``nav_links`` target names among the pages and feeds of this module and
    the feeds': ("page", pagename) or ("file", filename) when this build writes it,
    ("missing", why) when it does not ("" when the builder writes no such pages at
    all), None for a name that is none of them."""
    if name in {"feed", "rss"}:
        if not writes_feeds(app):
            if app.builder.name not in PAGE_BUILDERS:
                return ("missing", "")
            return ("missing", "html_baseurl is not set, so there is no feed")
        if not feed_posts(app.env):
            return ("missing", "the site has no posts, so there is no feed")
        if name == "rss" and not _settings.get(app.env).feed_rss:
            return ("missing", "tufte_feed_rss is off, so there is no RSS feed")
        return ("file", ATOM_FILE if name == "feed" else RSS_FILE)
    if name == ARCHIVE:
        page, why = ARCHIVE, "the site has no posts, so there is no archive"
    elif name in {TAGS_DIR, TAG_INDEX}:
        page, why = TAG_INDEX, "no post has tags, so there is no tag index"
    elif name.startswith(TAGS_DIR + "/"):
        page, why = name, f"no post has the tag of {name!r}"
    else:
        return None
    if app.builder.name not in PAGE_BUILDERS:
        return ("missing", "")
    index = post_index(app.env)
    if page == ARCHIVE:
        exists = bool(index.posts)
    elif page == TAG_INDEX:
        exists = bool(index.tags)
    else:
        exists = page.removeprefix(TAGS_DIR + "/") in index.tags
    return ("page", page) if exists else ("missing", why)


def _fingerprint(app: Sphinx, pages: list[tuple[str, dict[str, Any], str]]) -> str:
    """What the generated pages are made of: their data, the configuration and tags
    (as Sphinx hashes them for its own pages), the templates and this package."""
    from sphinx_tufte import __version__

    builder = app.builder
    info = getattr(builder, "build_info", None)
    try:
        template_mtime = builder.templates.newest_template_mtime()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        template_mtime = None
    markup = [(post.docname, title_markup(app.env, post.docname)) for post in published_posts(app.env)]
    data = repr((
        __version__,
        builder.name,
        markup,
        getattr(info, "config_hash", None),
        getattr(info, "tags_hash", None),
        template_mtime,
        [(name, template, sorted(context.items())) for name, context, template in pages],
    ))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _remove_stale_pages(app: Sphinx, pages: list[tuple[str, dict[str, Any], str]]) -> None:
    """Remove the pages an earlier build generated that this one does not (a tag
    dropped from its last post, the archive of a site without posts), so that an
    incremental build leaves what a clean one does."""
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]  # PAGE_BUILDERS only
    cache = Cache.for_build(app.doctreedir, CACHE_NAMESPACE)
    outdir = Path(app.outdir).resolve()
    key = ("pages", app.builder.name, str(outdir))
    current = sorted(name for name, _, _ in pages)
    for name in sorted(set(cache.get(key, ())) - set(current)):
        if name in app.env.all_docs:
            continue  # a document has the name now, and is written there
        path = Path(builder.get_outfilename(name)).resolve()
        if outdir not in path.parents:
            continue
        path.unlink(missing_ok=True)
        # dirhtml writes tags/<slug>/index.html: the folders left empty go too.
        for folder in path.parents:
            if folder == outdir or any(folder.iterdir()):
                break
            folder.rmdir()
    cache.set(key, current)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    # singlehtml and epub put everything in one page or one book: no pages to link.
    if app.builder.name not in PAGE_BUILDERS:
        return
    posts = published_posts(app.env)
    pages = generated_pages(app, posts) if posts else []
    _remove_stale_pages(app, pages)
    if not pages:
        return
    # Like a document, a generated page is written again only when something it is
    # made of changed (or it is missing): a rebuild without changes rewrites nothing.
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]  # PAGE_BUILDERS only
    cache = Cache.for_build(app.doctreedir, CACHE_NAMESPACE)
    fingerprint = _fingerprint(app, pages)
    unchanged = cache.get("fingerprint") == fingerprint
    if unchanged and all(Path(builder.get_outfilename(name)).is_file() for name, _, _ in pages):
        return
    yield from pages
    cache.set("fingerprint", fingerprint)


def post_context(app: Sphinx, pagename: str) -> dict[str, Any] | None:
    post = all_posts(app.env).get(pagename)
    if post is None:
        return None
    links = post_index(app.env).neighbours  # one per build, not one per page
    # A hidden draft links to no tag page (the tag's page may not exist without it),
    # and no page links to tag pages where none are written.
    tag_links = pagename in links and app.builder.name in PAGE_BUILDERS
    older, newer = links.get(pagename, (None, None))
    language = app.config.language
    return {
        "date_iso": post.date_iso,
        "date_text": human_date(post.date, language),
        "updated_iso": post.updated_iso,
        "updated_text": human_date(post.updated, language) if post.updated else "",
        "draft": post.draft,
        "tags": [{"name": tag, "pagename": tag_page(tag)} for tag in post.tags] if tag_links else [],
        "older": {"docname": older.docname, "title": older.title} if older else None,
        "newer": {"docname": newer.docname, "title": newer.title} if newer else None,
    }


def postlist_markup(app: Sphinx, pagename: str, entries: list[dict[str, Any]]) -> Markup:
    """``tufte_postlist(posts)`` in a template: the entries' posts as the directive's list."""
    posts = all_posts(app.env)
    return listing_html(app, pagename, [posts[item["docname"]] for item in entries if item["docname"] in posts])


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    context["tufte_post"] = post_context(app, pagename) if doctree is not None else None
    if hasattr(app.builder, "render_partial"):
        # A plain function (not a partial): the JSON and pickle builders drop functions
        # from the context they serialise.
        def tufte_postlist(entries: list[dict[str, Any]]) -> Markup:
            return postlist_markup(app, pagename, entries)

        context["tufte_postlist"] = tufte_postlist


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
