"""The Atom feed (``feed.xml``) and an RSS 2.0 feed (``rss.xml``), written with feedgen.

Feeds are written into the output directory at ``build-finished``, never into the
source tree (``sphinx-autobuild`` watches it and would rebuild forever), and only when
their bytes change, so a rebuild without changes leaves them alone. Entries carry the
post's full content, rendered by the builder's own translator, with sidenotes turned
back into footnotes (a feed reader has no margin) and every link made absolute from
``html_baseurl``. Without ``html_baseurl`` no feed is written: a feed with relative
links is broken in most readers, so one warning says what to set instead.
"""

from __future__ import annotations

import inspect
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from docutils import nodes
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from sphinx_tufte._config import location as config_location
from sphinx_tufte.posts.collector import published_posts
from sphinx_tufte.posts.metadata import Post

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

logger = logging.getLogger(__name__)

ATOM_FILE = "feed.xml"
RSS_FILE = "rss.xml"
FEED_BUILDERS = frozenset({"html", "dirhtml"})


def base_url(app: Sphinx) -> str:
    base = (app.config.html_baseurl or "").strip()
    return base if not base or base.endswith("/") else base + "/"


def feeds_enabled(app: Sphinx) -> bool:
    """Whether this build writes feeds: an HTML builder, a base URL and some posts."""
    return (
        app.builder.name in FEED_BUILDERS
        and bool(base_url(app))
        and bool(published_posts(app.env, drafts=False))
    )


def page_url(app: Sphinx, docname: str) -> str:
    return base_url(app) + app.builder.get_target_uri(docname)


def restore_notes(doctree: nodes.document) -> None:
    """Sidenotes and margin notes back into footnotes, in place (a feed reader has no
    margin), when the notes module is there to do it."""
    try:
        from sphinx_tufte.notes import restore_footnotes
    except ImportError:
        return
    restore_footnotes(doctree)


def _resolved_doctree(app: Sphinx, docname: str) -> nodes.document:
    env, builder = app.env, app.builder
    kwargs: dict[str, Any] = {}
    if "tags" in inspect.signature(env.get_and_resolve_doctree).parameters:
        kwargs["tags"] = builder.tags
    return env.get_and_resolve_doctree(docname, builder, **kwargs)


def render_content(app: Sphinx, post: Post) -> str:
    """The post's body as HTML, with absolute links, for a feed entry."""
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    # A fresh copy, unpickled for us: the notes can be rewritten in place. (Never
    # copy.deepcopy a document: it drags the whole build environment along.)
    doctree = _resolved_doctree(app, post.docname)
    restore_notes(doctree)
    # The entry has its own title; the page's first heading would repeat it.
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is not None:
        title.parent.remove(title)
    saved = {name: getattr(builder, name, None) for name in ("current_docname", "imgpath", "dlpath", "secnumbers", "fignumbers")}
    try:
        target = builder.get_target_uri(post.docname)
        builder.current_docname = post.docname
        builder.imgpath = relative_uri(target, builder.imagedir)
        builder.dlpath = relative_uri(target, "_downloads")
        builder.secnumbers = app.env.toc_secnumbers.get(post.docname, {})
        builder.fignumbers = app.env.toc_fignumbers.get(post.docname, {})
        doctree.settings = builder.docsettings
        visitor = builder.create_translator(doctree, builder)
        doctree.walkabout(visitor)
        fragment = "".join(visitor.fragment)
    finally:
        for name, value in saved.items():
            setattr(builder, name, value)
    return absolute_links(fragment, page_url(app, post.docname))


class ContentCache:
    """Rendered entry content between builds, in the doctree directory.

    An entry is reused while its post's pickled doctree is unchanged (and the base URL
    and builder are the same): that is when Sphinx itself would not rewrite the page.
    Rendering twenty posts costs about as much as writing twenty pages, which a build
    that changed nothing, or only pages that are not posts, should not pay.
    """

    FILE = "tufte-feed-content.pickle"
    VERSION = 1

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.path = Path(app.doctreedir) / self.FILE
        self.entries: dict[str, tuple[Any, str]] = {}
        self.used: dict[str, tuple[Any, str]] = {}
        try:
            with self.path.open("rb") as handle:
                version, entries = pickle.load(handle)
            if version == self.VERSION:
                self.entries = entries
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, TypeError, AttributeError):
            pass

    def key(self, docname: str) -> Any:
        try:
            stamp = Path(self.app.doctreedir, docname + ".doctree").stat().st_mtime_ns
        except OSError:
            return None
        from sphinx_tufte import __version__

        return (stamp, base_url(self.app), self.app.builder.name, __version__)

    def content(self, post: Post) -> str:
        key = self.key(post.docname)
        cached = self.entries.get(post.docname)
        if key is not None and cached is not None and cached[0] == key:
            html = cached[1]
        else:
            html = render_content(self.app, post)
        self.used[post.docname] = (key, html)
        return html

    def save(self) -> None:
        if self.used == self.entries:
            return
        try:
            with self.path.open("wb") as handle:
                pickle.dump((self.VERSION, self.used), handle, pickle.HIGHEST_PROTOCOL)
        except OSError:
            pass


def absolute_links(fragment: str, url: str) -> str:
    """Every link and image in an HTML fragment made absolute against ``url``, except
    links within the entry itself (``#fn-1``), which a reader resolves in the entry."""
    import lxml.html  # a dependency of feedgen

    if not fragment.strip():
        return ""

    def absolute(link: str) -> str:
        return link if link.startswith("#") else urljoin(url, link)

    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    root.rewrite_links(absolute, resolve_base_href=False)
    # lxml leaves srcset alone: each candidate is "URL [descriptor]", comma-separated.
    for element in root.iter("img", "source"):
        srcset = element.get("srcset")
        if srcset:
            candidates = (part.strip().split(None, 1) for part in srcset.split(",") if part.strip())
            element.set("srcset", ", ".join(" ".join([absolute(c[0]), *c[1:]]) for c in candidates))
    return (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def _generator(app: Sphinx, posts: list[Post]) -> Any:
    from feedgen.feed import FeedGenerator

    config = app.config
    base = base_url(app)
    raw = getattr(config, "_raw_config", {})
    title = config.tufte_feed_title or (config.html_title if "html_title" in raw else config.project)
    feed = FeedGenerator()
    feed.id(base)
    feed.title(title or config.project or "Posts")
    feed.subtitle(f"Posts on {title or base}")
    feed.link(href=base, rel="alternate")
    feed.link(href=base + ATOM_FILE, rel="self")
    feed.language(config.language or "en")
    feed.generator("sphinx-tufte")
    author = config.tufte_author or (config.author if "author" in raw else "")
    # Atom wants an author for the feed or every entry; the site's name will do.
    feed.author({"name": author or title or config.project or "Unknown"})
    feed.updated(max((post.updated or post.date) for post in posts))
    cache = ContentCache(app)
    for post in posts:
        url = page_url(app, post.docname)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(post.title)
        entry.link(href=url, rel="alternate")
        entry.published(post.date)
        entry.updated(post.updated or post.date)
        if post.blurb:
            entry.summary(post.blurb)
        entry.description(post.blurb or post.title)
        entry.content(cache.content(post), type="html")
        for tag in post.tags:
            entry.category(term=tag, label=tag)
        if post.author or author:
            entry.author({"name": post.author or author})
    cache.save()
    return feed


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.write_bytes(data)


def write_feeds(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name not in FEED_BUILDERS:
        return
    posts = published_posts(app.env, drafts=False)
    if not posts:
        return
    if not base_url(app):
        logger.warning(
            "html_baseurl is not set, so no feed.xml is written: feed readers need absolute links. "
            "Set html_baseurl = 'https://your.site/' in conf.py",
            type="tufte",
            subtype="feed",
            location=config_location(app, "html_baseurl"),
            once=True,
        )
        return
    length = app.config.tufte_feed_length
    if not isinstance(length, int) or length < 0:
        logger.warning(
            "tufte_feed_length must be a whole number >= 0 (0 means every post), not %r; using 20",
            length,
            type="tufte",
            subtype="feed",
            location=config_location(app, "tufte_feed_length"),
        )
        length = 20
    chosen = posts[:length] if length else posts
    feed = _generator(app, chosen)
    outdir = Path(app.outdir)
    _write_if_changed(outdir / ATOM_FILE, feed.atom_str(pretty=True))
    if app.config.tufte_feed_rss:
        # Each feed's rel="self" names its own file.
        base = base_url(app)
        feed.link([{"href": base + RSS_FILE, "rel": "self"}, {"href": base, "rel": "alternate"}], replace=True)
        _write_if_changed(outdir / RSS_FILE, feed.rss_str(pretty=True))


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_feeds)
