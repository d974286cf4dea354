"""Where the header's ``nav_links`` lead, and the links to the posts' pages that a site
shows by default.

A target is a URL (kept as written), a document, a page Sphinx or the extension
generates (``archive``, ``tags``, ``search``, ``genindex``, ``feed``...), or a file of the
built site (``feed.xml``, ``cv.pdf``). Documents and generated pages are linked with
``pathto``, so they get the builder's suffix (``archive.html``, or ``archive/`` under
dirhtml) and work from any depth and under any sub-path of ``html_baseurl``. A name that
is none of these is a typo: one warning per build (at ``write-started``, when every
document is known), and the link is left out of every page rather than sent to a 404.

Every page shows these links, so when what they lead to changes (the first post gives
the site an archive, the first tag a tag index) every page is written again.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import astuple, dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from sphinx.util import logging

from sphinx_tufte import _settings
from sphinx_tufte._cache import Cache
from sphinx_tufte._config import location as config_location
from sphinx_tufte.theme.options import NavLink

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# A target that is a URL (a scheme, or a path from the root, or a fragment): kept as is.
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^#")
# The builders that write one page per document (not one page, or a book).
PAGE_BUILDERS = frozenset({"html", "dirhtml"})
# The pages a site with posts links by default (label, target): the footer shows each
# one the header's nav_links do not already link.
DEFAULT_POST_LINKS = (("Archive", "archive"), ("Tags", "tags"), ("Feed", "feed"))


@dataclass(frozen=True)
class Target:
    """``kind`` "url" (``value`` as written), "page" (a page name for ``pathto``),
    "file" (a file of the site, linked from its root); "missing": not in this build,
    ``value`` says why ("" when the builder writes no such pages at all)."""

    kind: Literal["url", "page", "file", "missing"]
    value: str
    # "#team" of "about#team": kept on the link.
    fragment: str = ""


def _sphinx_page(app: Sphinx, name: str) -> Target | None:
    """Sphinx's own generated pages, as its ``hasdoc()`` knows them."""
    builder = app.builder
    if name == "search":
        if getattr(builder, "search", False):
            return Target("page", name)
        return Target("missing", "" if builder.name not in PAGE_BUILDERS else "this build writes no search page")
    if name == "genindex":
        if getattr(builder, "use_index", False):
            return Target("page", name)
        return Target("missing", "" if builder.name not in PAGE_BUILDERS else "html_use_index is off, so there is no general index")
    return None


def _extension_page(app: Sphinx, name: str) -> Target | None:
    if "sphinx_tufte" not in app.extensions:
        return None
    # Imported here: the posts' pages import this theme's package.
    from sphinx_tufte.posts.pages import named_target

    found = named_target(app, name)
    if found is None:
        return None
    kind, value = found
    return Target(kind, value)


def resolve(app: Sphinx, target: str) -> Target:
    """What ``target`` names in this build (see :class:`Target`)."""
    if _URL.match(target):
        return Target("url", target)
    path, _, fragment = target.partition("#")
    fragment = f"#{fragment}" if fragment else ""
    name = path.removesuffix(".html").removesuffix("/").strip("/")
    if not name or name in app.env.all_docs:
        return Target("page", name or app.config.root_doc, fragment)
    found = _sphinx_page(app, name) or _extension_page(app, name)
    if found is not None:
        return replace(found, fragment=fragment) if found.kind != "missing" else found
    if posixpath.splitext(posixpath.basename(path))[1] not in {"", ".html"}:
        # A file of the built site (html_extra_path, a feed), linked from the root so
        # that it works from pages in subfolders too.
        return Target("file", path, fragment)
    return Target("missing", "it is not a document, a generated page (archive, tags, search, genindex, feed) or a URL")


def _resolved(app: Sphinx, target: str) -> Target:
    """:func:`resolve` for the pages being written: what a target names does not change
    while they are, so every page after the first reads it from the build's settings."""
    memo: dict[str, Target] = _settings.memoised(app.env, __name__, dict)
    found = memo.get(target)
    if found is None:
        found = memo[target] = resolve(app, target)
    return found


def nav_links(app: Sphinx, pagename: str, context: dict[str, Any], links: tuple[NavLink, ...]) -> list[dict[str, Any]]:
    """The header's links for one page: label, href, whether it is this page."""
    found = (_link(context["pathto"], pagename, link.label, _resolved(app, link.target)) for link in links)
    return [link for link in found if link is not None]


def _link(pathto: Any, pagename: str, label: str, target: Target) -> dict[str, Any] | None:
    if target.kind == "missing":
        return None
    current = target.kind == "page" and target.value == pagename
    if target.kind == "url":
        href = target.value
    else:
        href = pathto(target.value, 1) if target.kind == "file" else pathto(target.value)
        # pathto() gives "#" for the page itself: its fragment alone is the link then.
        href = (href.removesuffix("#") + target.fragment) or "#"
    return {"label": label, "href": href, "current": current and not target.fragment, "target": target}


def post_links(app: Sphinx, pagename: str, context: dict[str, Any], header: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The archive, the tag index and the feed, where the site has them and the header
    does not link them already: what makes them reachable without any setting."""
    if "sphinx_tufte" not in app.extensions:
        return []
    linked = {link["target"] for link in header}
    out = []
    for label, name in DEFAULT_POST_LINKS:
        target = _resolved(app, name)
        if target in linked:
            continue
        link = _link(context["pathto"], pagename, label, target)
        if link is not None:
            out.append(link)
    return out


def warn_unresolved(app: Sphinx, links: tuple[NavLink, ...]) -> None:
    """One warning per target that leads nowhere in this build (at ``write-started``:
    every document is known, and it runs once per build in the main process)."""
    for link in links:
        target = resolve(app, link.target)
        if target.kind == "missing" and target.value:
            logger.warning(
                "html_theme_options: 'nav_links' target %r leads nowhere: %s; the link is left out",
                link.target,
                target.value,
                type="tufte",
                subtype="nav_link",
                location=config_location(app, link.target, "nav_links", "html_theme_options"),
            )


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment, links: tuple[NavLink, ...]) -> list[str]:
    """Every document, when a header or footer link leads somewhere else than in the
    last build (``env-get-updated``); the state is kept in the extension's cache."""
    targets = [link.target for link in links] + [name for _, name in DEFAULT_POST_LINKS]
    # Plain tuples: what the cache keeps must not depend on this module's classes.
    state = tuple(astuple(resolve(app, target)) for target in targets)
    cache = Cache.for_build(app.doctreedir, "site-links")
    key = (app.builder.name, str(app.outdir))
    previous = cache.get(key)
    if previous != state:
        cache.set(key, state)
    if previous is None or previous == state:
        return []
    return sorted(env.found_docs)
