"""Site navigation, a page's own contents and the search box, for the tufte theme.

Documentation gets the top-level sections in the header, the way up above the title,
the page's headings after its title (in the margin on wide screens; :mod:`.page_toc`),
and the current section's pages with previous and next at the end; on phones the site navigation folds behind a ``<details>`` button. A
personal site keeps its quiet header. ``navigation`` (a theme option) picks one; by
default the shape of the root toctree does (:func:`.tree.choose_mode`).

Nothing is rendered with Sphinx's ``toctree()``: see :mod:`.tree` for why the cost of a
page stays with its depth. Sphinx's own settings that a page shows (``html_logo``,
``html_last_updated_fmt``, ``html_show_sourcelink``...) are honoured in the templates;
``html_sidebars`` has no place in this layout and says so once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging

from sphinx_tufte import _cache, _settings
from sphinx_tufte._config import location as config_location
from sphinx_tufte.navigation import options as nav_options
from sphinx_tufte.navigation import page_toc, titles, tree

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def _uses_theme(app: Sphinx) -> bool:
    from sphinx_tufte.theme import uses_theme

    return uses_theme(app)


def _user_set(app: Sphinx, name: str) -> bool:
    return name in getattr(app.config, "_raw_config", {}) or name in app.config.overrides


def on_builder_inited(app: Sphinx) -> None:
    if not _uses_theme(app):
        return
    from sphinx_tufte.theme import merged_options

    for option, message in nav_options.clean(merged_options(app.builder)).problems:
        logger.warning(
            "html_theme_options: %s", message, type="tufte", subtype="theme_option",
            location=config_location(app, option, "html_theme_options"),
        )
    if _user_set(app, "html_sidebars") and app.config.html_sidebars:
        logger.warning(
            "html_sidebars is ignored: the tufte theme has no sidebars (its navigation is in "
            "the header, the margin and at the end of each page; see the navigation theme "
            "option)",
            type="tufte", subtype="sidebars", location=config_location(app, "html_sidebars"),
        )


class _Links:
    """Links from one page to others. A relative link depends only on the folder of
    the page it is on (unless it leads to that page itself), so pages in one folder
    share them: ``hrefs`` is the build's, keyed by folder and target."""

    def __init__(self, app: Sphinx, pagename: str, context: dict[str, Any], hrefs: dict[tuple[str, str], str]) -> None:
        self.pathto = context["pathto"]
        self.pagename = pagename
        self.base = app.builder.get_target_uri(pagename)
        self.folder = self.base.partition("#")[0].rpartition("/")[0]
        self.hrefs = hrefs

    def href(self, docname: str) -> str:
        if docname == self.pagename:
            return str(self.pathto(docname))
        key = (self.folder, docname)
        found = self.hrefs.get(key)
        if found is None:
            found = str(self.pathto(docname))
            # A link to this very page ("#", or the page's own URI on builders that do
            # not allow "#") belongs to this page only.
            if found not in ("#", self.base):
                self.hrefs[key] = found
        return found


def _entries(links: _Links, entries: tuple[tree.Entry, ...]) -> list[dict[str, Any]]:
    return [
        {
            # Markup: titles are HTML already (navigation/titles.py), and the
            # templates' |e leaves Markup as it is.
            "title": Markup(e.title),
            "href": links.href(e.docname) if e.docname else "",
            "current": e.current,
            "children": _entries(links, e.children),
        }
        for e in entries
    ]


def _shared(app: Sphinx) -> tuple[tree.Shared, dict[tuple[str, str], str]]:
    """This build's titles, levels and links, shared by its pages (``_settings``)."""
    return _settings.memoised(app.env, __name__, lambda: (tree.Shared(), {}))


def _edit_url(app: Sphinx, pagename: str, options: nav_options.NavigationOptions) -> str:
    if not options.repository_url or pagename not in app.env.all_docs:
        return ""
    return nav_options.edit_url(options, app.env.doc2path(pagename, False).as_posix())


def _page_options(app: Sphinx, context: dict[str, Any]) -> nav_options.NavigationOptions:
    """The navigation's options, the same for every page of a build (Sphinx gives each
    page the same ``theme_*`` values): cleaned by the first page."""
    def clean() -> nav_options.NavigationOptions:
        return nav_options.clean({name.removeprefix("theme_"): value for name, value in context.items() if name.startswith("theme_")})

    return _settings.memoised(app.env, f"{__name__}.options", clean)


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not _uses_theme(app):
        return
    env = app.env
    options = _page_options(app, context)
    root = app.config.root_doc
    mode = tree.page_mode(env, root, options.navigation)
    context["tufte_navigation"] = mode

    # A plain function (the JSON and pickle builders drop functions from what they
    # serialise): a page's title as HTML for links the posts' templates make.
    def tufte_title_html(docname: str, fallback: str = "") -> Markup:
        node = env.titles.get(docname)
        if node is None:
            return Markup.escape(fallback)
        return Markup(titles.html_of(env, docname, titles.PAGE, node))

    context["tufte_title_html"] = tufte_title_html
    context["tufte_edit_url"] = _edit_url(app, pagename, options)
    logo_dark = options.logo_dark
    if logo_dark and "://" not in logo_dark:
        logo_dark = context["pathto"]("_static/" + logo_dark, 1)
    context["tufte_logo_dark_url"] = logo_dark if context.get("logo_url") else ""
    # A personal site shows "Show source" only when conf.py asks for it by name;
    # documentation follows Sphinx's default (on), as alabaster does.
    context["tufte_source_link"] = bool(
        context.get("show_source") and context.get("has_source") and context.get("sourcename")
        and (mode == tree.DOCS or _user_set(app, "html_show_sourcelink"))
    )
    if mode != tree.DOCS:
        context.update(tufte_sections=[], tufte_section=None, tufte_up=None)
        return
    relations = getattr(app.builder, "relations", None) or {}
    path = tree.path_to(relations, pagename, root)
    shared, hrefs = _shared(app)
    links = _Links(app, pagename, context, hrefs)
    site = _entries(links, tree.site_tree(env, root, path, tree.hidden_drafts(env), shared))
    context["tufte_sections"] = site
    context["tufte_section"] = next((entry for entry in site if entry["current"]), None)
    parent = path[-2] if len(path) >= 2 else (root if pagename != root else None)
    context["tufte_up"] = {"title": Markup(shared.title(env, parent)), "href": links.href(parent)} if parent else None


class NavigationCollector(EnvironmentCollector):
    """Keeps each page's titles with their markup rendered (:mod:`.titles`), and
    writes pages again when what they show of other pages changed: Sphinx itself
    rewrites only a changed page and the pages whose toctree lists it.

    Every page's head links its previous and next page by title (Sphinx's ``<link
    rel>``, from the toctree order), so a page added, removed, renamed or retitled
    changes its neighbours: those are written again, in either navigation. In docs
    navigation every page shows the whole shape of the site, so any change to that
    shape writes every page."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        titles.forget(env, docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Any, other: BuildEnvironment) -> None:
        titles.merge(env, docnames, other)

    def process_doc(self, app: Sphinx, doctree: Any) -> None:
        # Sphinx's own collectors (registered before this one) have stored the page's
        # title and table of contents by now.
        docname = app.env.docname
        if not titles.has_markup(app.env, docname, tree.TOC_DEPTH):
            titles.forget(app.env, docname)
        elif _uses_theme(app) and hasattr(app.builder, "render_partial"):
            titles.store(app.env, docname, titles.render_page(app, docname, tree.TOC_DEPTH))

    def get_outdated_docs(
        self, app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
    ) -> list[str]:
        # A page last read by a builder that renders no HTML (``make latexpdf`` shares
        # ``make html``'s doctrees) has no rendered titles: read it again to render them.
        if not _uses_theme(app) or not hasattr(app.builder, "render_partial"):
            return []
        stored = titles.rendered(env)
        return [
            name for name in env.all_docs
            if name not in stored and name not in changed and titles.has_markup(env, name, tree.TOC_DEPTH)
        ]

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        if not _uses_theme(app):
            return []
        from sphinx_tufte.theme import merged_options

        cache = _cache.Cache.for_build(app.doctreedir, "navigation", salt=(app.builder.name,))
        mode = tree.choose_mode(env, app.config.root_doc, nav_options.clean(merged_options(app.builder)).navigation, tree.posts_of(env))
        state = (mode, tree.shape(env, tree.hidden_drafts(env)) if mode == tree.DOCS else ())
        links = tree.neighbour_links(env)
        previous = cache.get("seen")
        if previous != (state, links):
            cache.set("seen", (state, links))
        if previous is None:
            return []  # a first build writes every page anyway
        previous_state, previous_links = previous
        if previous_state != state:
            return sorted(env.found_docs)
        moved = {name for name, seen in links.items() if previous_links.get(name) != seen}
        return sorted(moved & env.found_docs)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", on_html_page_context)
    app.add_env_collector(NavigationCollector)
    page_toc.setup(app)
