"""The ``postlist`` directive and its resolution into a plain list of posts.

Markup (HTML)::

    <ul class="postlist">
      <li class="postlist-item">
        <a class="reference internal postlist-title" href="...">Title</a>
        <time class="postlist-date" datetime="2025-02-18">February 18, 2025</time>
        <span class="postlist-blurb">One line.</span>
      </li>
    </ul>

A draft, listed only in a preview (``tufte_drafts = "show"``), has
``<span class="postlist-draft">Draft</span>`` before its date.

The directive only records its options; the list is built at ``doctree-resolved``
from the environment's posts, which is why the collector marks listing pages for
rewriting whenever posts change. :func:`listing_nodes` is the one place this markup is
made: the tag and archive pages write the same nodes through the builder's own
translator (:func:`listing_html`), so every list of posts on the site is one markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.utils import new_document
from markupsafe import Markup
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import date_format_mappings

from sphinx_tufte.locale import _
from sphinx_tufte.navigation.titles import is_plain, link_title
from sphinx_tufte.posts.collector import published_posts
from sphinx_tufte.posts.metadata import MAX_BLURB, Post, human_date, tag_slug
from sphinx_tufte.posts.nodes import post_date, postlist

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

SORTS = ("newest", "oldest", "title")
# A ``%`` field of a date format: ``%Y``, ``%-d``, ``%%``.
_DATE_FIELD = re.compile(r"%-?.?")


class PostListDirective(SphinxDirective):
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "limit": directives.unchanged,
        "tags": directives.unchanged,
        "sort": directives.unchanged,
        "no-date": directives.flag,
        "no-blurb": directives.flag,
        "date-format": directives.unchanged,
        "class": directives.class_option,
    }

    def _warn(self, node: nodes.Node, message: str) -> None:
        logger.warning(message, type="tufte", subtype="postlist", location=node)

    def run(self) -> list[nodes.Node]:
        node = postlist()
        self.set_source_info(node)
        node["classes"] = list(self.options.get("class", []))

        limit = 0
        raw_limit = self.options.get("limit", "").strip()
        if raw_limit:
            if raw_limit.isdigit() and int(raw_limit) > 0:
                limit = int(raw_limit)
            else:
                self._warn(node, f"postlist :limit: must be a positive whole number, not {raw_limit!r}; showing all posts")
        node["limit"] = limit

        tags = [tag.strip() for tag in self.options.get("tags", "").split(",") if tag.strip()]
        node["tags"] = tags

        sort = self.options.get("sort", "newest").strip().lower() or "newest"
        if sort not in SORTS:
            self._warn(node, f"postlist :sort: must be one of {', '.join(SORTS)}, not {sort!r}; using newest")
            sort = "newest"
        node["sort"] = sort

        date_format = self.options.get("date-format", "")
        if date_format and "%" not in date_format:
            self._warn(node, f"postlist :date-format: {date_format!r} has no strftime field such as %Y; using the default")
            date_format = ""
        unknown = [field for field in _DATE_FIELD.findall(date_format) if field not in date_format_mappings]
        if unknown:
            # Sphinx's format_date prints a field it does not know as it is ("%Q").
            self._warn(
                node,
                f"postlist :date-format: {date_format!r} has fields Sphinx's dates do not know "
                f"({', '.join(unknown)}); using the default",
            )
            date_format = ""
        node["date_format"] = date_format
        node["show_date"] = "no-date" not in self.options
        node["show_blurb"] = "no-blurb" not in self.options
        return [node]


def select_posts(posts: list[Post], *, tags: list[str], sort: str, limit: int) -> list[Post]:
    """Filter (any of ``tags``), order and cut a newest-first list of posts."""
    if tags:
        wanted = {tag_slug(tag) for tag in tags}
        posts = [post for post in posts if wanted & {tag_slug(tag) for tag in post.tags}]
    if sort == "oldest":
        posts = list(reversed(posts))
    elif sort == "title":
        posts = sorted(posts, key=lambda post: (post.title.lower(), post.docname))
    return posts[:limit] if limit else posts


def short_blurb(blurb: str) -> str:
    """What a listing prints of a blurb: one line of at most :data:`MAX_BLURB`
    characters, cut at a word when there is one near the end, with an ellipsis."""
    if len(blurb) <= MAX_BLURB:
        return blurb
    head = blurb[: MAX_BLURB - 1]
    space = head.rfind(" ")
    if space > MAX_BLURB * 3 // 4:
        head = head[:space]
    return head.rstrip() + "\N{HORIZONTAL ELLIPSIS}"


def _title(env: BuildEnvironment | None, post: Post) -> list[nodes.Node]:
    """The post's title as its page sets it: math, emphasis and code kept (the plain
    text would print "\\alpha"), as the navigation shows titles. Sphinx's copy of the
    title has no links or images; raw HTML is left out too (navigation/titles.py)."""
    source = env.titles.get(post.docname) if env is not None else None
    if source is None or is_plain(source) or source.astext() != post.title:
        return [nodes.Text(post.title)]
    return list(link_title(source).children)


def listing_nodes(
    posts: list[Post],
    refuri: Callable[[str], str | None],
    *,
    env: BuildEnvironment | None = None,
    language: str | None,
    show_date: bool = True,
    show_blurb: bool = True,
    date_format: str = "",
    classes: list[str] | None = None,
) -> nodes.Element:
    """The list as docutils nodes; ``refuri(docname)`` gives each post's link, or None
    when the builder has no page to link to (a post in no toctree, in LaTeX): its title
    is then plain text."""
    if not posts:
        return nodes.paragraph("", _("No posts yet."), classes=["postlist", "postlist-empty", *(classes or [])])
    items = _list(classes)
    style = EntryStyle(language=language, show_date=show_date, show_blurb=show_blurb, date_format=date_format)
    for post in posts:
        items += listing_entry(post, refuri, style, env=env)
    return items


def _list(classes: list[str] | None) -> nodes.bullet_list:
    return nodes.bullet_list(classes=["postlist", *(classes or [])])


@dataclass(frozen=True)
class EntryStyle:
    """What each entry of one list shows (the directive's options)."""

    language: str | None
    show_date: bool = True
    show_blurb: bool = True
    date_format: str = ""


def listing_entry(
    post: Post, refuri: Callable[[str], str | None], style: EntryStyle, *, env: BuildEnvironment | None = None
) -> nodes.list_item:
    """One post's item of the list (:func:`listing_nodes`)."""
    para = nodes.paragraph(classes=["postlist-entry"])
    uri = refuri(post.docname)
    if uri is None:
        para += nodes.inline("", "", *_title(env, post), classes=["postlist-title"])
    else:
        para += nodes.reference("", "", *_title(env, post), internal=True, refuri=uri, classes=["postlist-title"])
    if post.draft:
        # Only a preview lists drafts (tufte_drafts = "show"): say which they are.
        para += nodes.Text(" ")
        para += nodes.inline("", _("Draft"), classes=["postlist-draft"])
    if style.show_date:
        para += nodes.Text(" ")
        text = human_date(post.date, style.language, style.date_format)
        para += post_date("", text, datetime=post.date_iso, classes=["postlist-date"])
    if style.show_blurb and post.blurb:
        para += nodes.Text(" ")
        para += nodes.inline("", short_blurb(post.blurb), classes=["postlist-blurb"])
    return nodes.list_item("", para, classes=["postlist-item"])


def listing_html(app: Sphinx, pagename: str, posts: list[Post]) -> Markup:
    """The list of ``posts`` as HTML for a page that is not a document (a tag page,
    the archive): :func:`listing_nodes`' markup, linked from ``pagename``.

    Written entry by entry with one translator of the builder's: built whole, the
    list of a blog of 4,000 posts was a tree of some 250,000 objects that outlived the
    garbage collector's young generations, so each such page cost a full collection of
    the whole heap (4 of the build's 21). An entry's nodes now die young. The bytes are
    those of the directive's list in a page (a test holds the two equal)."""

    def refuri(target: str) -> str:
        return app.builder.get_relative_uri(pagename, target)

    if not posts:
        node = listing_nodes([], refuri, env=app.env, language=app.config.language)
        return Markup(app.builder.render_partial(node)["fragment"])  # type: ignore[attr-defined]
    document = new_document("<postlist>", app.builder.docsettings)  # type: ignore[attr-defined]
    visitor = app.builder.create_translator(document, app.builder)
    items = _list(None)
    style = EntryStyle(language=app.config.language)
    # An empty list is as compact as a list of one-paragraph items: the same <ul>.
    document += items
    visitor.dispatch_visit(items)
    for post in posts:
        entry = listing_entry(post, refuri, style, env=app.env)
        items += entry
        entry.walkabout(visitor)
        items.remove(entry)
    visitor.dispatch_departure(items)
    return Markup("".join(visitor.body))


def resolve_postlists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(postlist))
    if not found:
        return
    env = app.env
    posts = published_posts(env)
    known = {tag_slug(tag) for post in posts for tag in post.tags}

    def refuri(target: str) -> str | None:
        try:
            return app.builder.get_relative_uri(docname, target)
        except NoUri:
            # LaTeX and Texinfo have no page for a post in no toctree (an orphan post,
            # normal on a blog): it is listed without a link.
            return None

    for node in found:
        for tag in node["tags"]:
            if tag_slug(tag) not in known:
                logger.warning(
                    "postlist :tags: %r matches no post", tag, type="tufte", subtype="postlist", location=node
                )
        chosen = select_posts(
            posts,
            tags=node["tags"],
            sort=node["sort"],
            limit=node["limit"],
        )
        node.replace_self(
            listing_nodes(
                chosen,
                refuri,
                env=env,
                language=app.config.language,
                show_date=node["show_date"],
                show_blurb=node["show_blurb"],
                date_format=node["date_format"],
                classes=node["classes"],
            )
        )


def setup(app: Sphinx) -> None:
    app.add_directive("postlist", PostListDirective)
    app.connect("doctree-resolved", resolve_postlists)
