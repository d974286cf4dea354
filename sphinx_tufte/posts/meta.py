"""What other programs read in a page's head: the feed's ``<link rel="alternate">``,
Open Graph and Twitter card tags, and JSON-LD ``BlogPosting`` for posts.

Everything goes into the ``metatags`` context value, which every theme derived from
Sphinx's basic layout prints in the head, so it works under any theme. With
``sphinxext.opengraph`` loaded, the social tags are its own (the Open Graph ``og:`` and
``article:`` properties, the Twitter card) on every page it writes them for (the
documents): one of each, as the sitemap steps aside for ``sphinx_sitemap``. The feed
links, the description and JSON-LD stay; the description is written first (a lower
priority), so sphinxext-opengraph, which writes one only where the page has none, keeps
the post's blurb. The canonical link is Sphinx's own (``html_baseurl`` gives every page
one). Every value is escaped for its place: attributes with ``html.escape``, JSON-LD so
that ``</script>`` (or any ``<``) inside a title cannot end the script element.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from sphinx_tufte import _settings
from sphinx_tufte._text import xml_safe
from sphinx_tufte.posts.collector import all_posts
from sphinx_tufte.posts.feeds import ATOM_FILE, RSS_FILE, base_url, feeds_enabled
from sphinx_tufte.posts.metadata import author_names

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_tufte.posts.metadata import Post


OPENGRAPH_EXTENSION = "sphinxext.opengraph"


def _attr(value: str) -> str:
    # Control characters and lone surrogates are errors in HTML too.
    return html.escape(xml_safe(value), quote=True)


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` survive literally."""
    text = xml_safe(json.dumps(data, ensure_ascii=False, indent=None, sort_keys=True))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def absolute(app: Sphinx, url: str) -> str:
    """A URL from front matter (``image``) made absolute: full URLs stay, anything else
    is taken from the site's root, as it would be after ``html_extra_path`` copies it."""
    if not url or "://" in url or url.startswith("//"):
        return url
    base = base_url(app)
    return base + url.lstrip("/") if base else ""


def head_tags(app: Sphinx, pagename: str, context: dict[str, Any], *, social: bool = True) -> str:
    """The tags for one page's head; ``social=False`` leaves out Open Graph and the
    Twitter card."""
    settings = _settings.get(app.env)
    posts = all_posts(app.env)
    post = posts.get(pagename)
    title_html = context.get("title") or ""
    # ``title`` is HTML (Sphinx renders the heading); meta tags need its text.
    title = _strip_tags(title_html).strip() or settings.site_title
    if post is not None:
        title = post.title
    description = (post.blurb or post.subtitle) if post is not None else ""
    url = context.get("pageurl") or ""
    lines: list[str] = []

    if feeds_enabled(app):
        feed_title = settings.feed_title
        lines.append(
            f'<link rel="alternate" type="application/atom+xml" title="{_attr(feed_title)}" href="{_attr(base_url(app) + ATOM_FILE)}" />'
        )
        if settings.feed_rss:
            lines.append(
                f'<link rel="alternate" type="application/rss+xml" title="{_attr(feed_title)} (RSS)" href="{_attr(base_url(app) + RSS_FILE)}" />'
            )

    def meta(attr: str, key: str, value: str) -> None:
        if value and (social or not key.startswith(("og:", "article:", "twitter:"))):
            lines.append(f'<meta {attr}="{key}" content="{_attr(value)}" />')

    image = absolute(app, post.image) if post is not None else ""
    meta("property", "og:title", title)
    meta("property", "og:type", "article" if post is not None else "website")
    meta("property", "og:site_name", settings.site_title)
    meta("property", "og:url", url)
    meta("property", "og:description", description)
    meta("property", "og:image", image)
    if post is not None:
        meta("property", "article:published_time", post.date_iso)
        meta("property", "article:modified_time", post.updated_iso)
        for tag in post.tags:
            meta("property", "article:tag", tag)
    # Only the card's kind: X reads the title, description and image from og: when its
    # own tags are absent, so writing them again cost every page bytes and said nothing.
    meta("name", "twitter:card", "summary_large_image" if image else "summary")
    meta("name", "description", description)

    if post is not None:
        lines.append(
            '<script type="application/ld+json">' + json_for_script(blog_posting(app, post, url, image)) + "</script>"
        )
    return "\n".join(lines) + "\n"


def blog_posting(app: Sphinx, post: Post, url: str, image: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "datePublished": post.date_iso,
        "dateModified": post.updated_iso or post.date_iso,
    }
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
    if post.blurb or post.subtitle:
        data["description"] = post.blurb or post.subtitle
    if post.tags:
        data["keywords"] = list(post.tags)
    if image:
        data["image"] = image
    names = post.authors or author_names(_settings.get(app.env).site_author)
    if names:
        people = [{"@type": "Person", "name": name} for name in names]
        data["author"] = people[0] if len(people) == 1 else people
    return data


def _strip_tags(text: str) -> str:
    """Text of an HTML title: tags dropped, entities decoded (as Jinja's striptags)."""
    return str(Markup(text).striptags()) if text else ""


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.format != "html" or app.builder.name in {"epub", "singlehtml"}:
        return
    if context.get("pageurl") and not _settings.get(app.env).base_url:
        # html_baseurl was refused (a relative or javascript: URL, warned once at
        # builder-inited): Sphinx made the canonical link from it all the same.
        context["pageurl"] = None
    # sphinxext-opengraph writes its tags for pages made from a document; the archive
    # and the tag pages keep ours.
    social = OPENGRAPH_EXTENSION not in app.extensions or doctree is None
    context["metatags"] = context.get("metatags", "") + head_tags(app, pagename, context, social=social)


def setup(app: Sphinx) -> None:
    # Before sphinxext-opengraph's handler (the default priority): see the module's doc.
    app.connect("html-page-context", on_page_context, priority=450)
