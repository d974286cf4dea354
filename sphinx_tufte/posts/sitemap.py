"""``sitemap.xml``: every page of the site with an absolute URL from ``html_baseurl``,
and for posts the date they last changed. Drafts (also those a preview lists), the
search page and the general index are left out. Written at the end of the build, only when it changes;
skipped when ``sphinx_sitemap`` is loaded (it writes the same file) or
``tufte_sitemap = False``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from sphinx_tufte import _settings
from sphinx_tufte._text import xml_safe
from sphinx_tufte.posts.collector import all_posts, published_posts
from sphinx_tufte.posts.feeds.site import FEED_BUILDERS
from sphinx_tufte.posts.pages import generated_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SITEMAP_FILE = "sitemap.xml"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(app: Sphinx) -> bytes:
    env, builder = app.env, app.builder
    base = _settings.get(env).base_url
    posts = all_posts(env)
    # Never drafts, even in a preview that lists them: a search engine is not a reviewer.
    published = published_posts(env, drafts=False)
    listed = {post.docname for post in published}
    hidden = {docname for docname in posts if docname not in listed}
    # The tag pages and the archive, as the pages capability makes them (none without posts).
    generated = {name for name, _, _ in generated_pages(app, published, contents=False)} if published else set()
    pagenames = sorted((set(env.all_docs) - hidden) | generated)
    root = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for pagename in pagenames:
        url = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(url, "loc").text = xml_safe(base + builder.get_target_uri(pagename))
        post = posts.get(pagename)
        if post is not None:
            changed = post.updated or post.date
            ElementTree.SubElement(url, "lastmod").text = changed.isoformat() if post.updated or post.has_time else changed.date().isoformat()
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    settings = _settings.get(app.env)
    if (
        exception is not None
        or settings.builder_name not in FEED_BUILDERS
        or not settings.sitemap
        or not settings.base_url
        or "sphinx_sitemap" in app.extensions
    ):
        return
    path = Path(app.outdir, SITEMAP_FILE)
    data = sitemap_xml(app)
    if not (path.is_file() and path.read_bytes() == data):
        path.write_bytes(data)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_sitemap)
