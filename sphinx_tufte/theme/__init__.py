"""The ``tufte`` HTML theme: the look, and nothing else.

Sphinx loads a theme from the ``sphinx.html_themes`` entry point only after it has
compared this build's configuration with the last one, so :func:`setup` registers the
theme and its page handlers and no config value: a value registered that late reads as
"changed" on every build and never reaches pages incrementally. Sidenotes, posts, feeds
and the other capabilities belong to the extension (``extensions = ["sphinx_tufte"]``),
whose own setup registers this theme too; without it the theme warns once
(``tufte.extension``) and the pages are the Tufte look over plain Sphinx output.

Options come merged by Sphinx (``theme.toml``'s defaults, a child theme's, then
``html_theme_options``) and are checked by :mod:`.options` once per build.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from sphinx_tufte import _layout, _settings, _site, assets, code, locale, navigation
from sphinx_tufte._config import location as config_location
from sphinx_tufte.theme import nav_links
from sphinx_tufte.theme import options as theme_options
from sphinx_tufte.theme.aria import add_valid_roles
from sphinx_tufte.theme.scrolling import add_scroll_stops

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

THEME_NAME = "tufte"
THEME_DIR = Path(__file__).parent.parent / "themes" / THEME_NAME
STYLESHEET = THEME_DIR / "static" / "tufte.css"
EXTENSION = "sphinx_tufte"


@cache
def _is_tufte(theme_dirs: tuple[str, ...]) -> bool:
    return any(Path(d).resolve() == THEME_DIR.resolve() for d in theme_dirs)


def builder_uses_theme(builder: Builder) -> bool:
    """Whether ``builder`` writes pages with the tufte theme (or a theme inheriting it)."""
    theme = getattr(builder, "theme", None)
    if theme is None:
        return False
    return _is_tufte(tuple(str(d) for d in theme.get_theme_dirs()))


def uses_theme(app: Sphinx) -> bool:
    """Whether this build writes pages with the tufte theme (or a theme inheriting it)."""
    # Every page's handlers ask; with the extension the settings hold the answer from
    # builder-inited (asking the theme for its folders again costs 0.2 ms a call).
    if EXTENSION in app.extensions:
        settings = _settings.get(app.env)
        if settings.builder_name:
            return settings.uses_theme
    return builder_uses_theme(app.builder)


@cache
def palette() -> frozenset[str]:
    """The colours tufte.css gives a light and a dark value (``--tufte-bg``, ...)."""
    names = _layout.parse_block(STYLESHEET.read_text(encoding="utf-8"), "palette")
    return frozenset(name.removesuffix("-light") for name in names if name.endswith("-light"))


def merged_options(builder: Any) -> dict[str, Any]:
    """The options as Sphinx gives them to the templates, without asking Sphinx to
    merge them again (it warns about an unknown option each time it merges)."""
    defaults = builder.theme.get_options({})
    user = getattr(builder, "theme_options", None) or {}
    return defaults | {name: value for name, value in user.items() if name in defaults}


def _warn(app: Sphinx, option: str, message: str) -> None:
    logger.warning(
        "html_theme_options: %s",
        message,
        type="tufte",
        subtype="theme_option",
        location=config_location(app, option, "html_theme_options"),
    )


def _warn_without_extension(app: Sphinx) -> None:
    logger.warning(
        "the tufte theme is used without the sphinx_tufte extension, so pages have the "
        "Tufte look only: footnotes stay footnotes (no sidenotes or margin notes) and there "
        "are no posts, feeds, sitemap or margin figures. Add it to conf.py: "
        'extensions = ["sphinx_tufte"] (or suppress_warnings = ["tufte.extension"] to keep '
        "the look alone)",
        type="tufte",
        subtype="extension",
        location=config_location(app, "html_theme"),
    )


def on_builder_inited(app: Sphinx) -> None:
    if not uses_theme(app):
        return
    for option, message in theme_options.clean(merged_options(app.builder), palette()).problems:
        _warn(app, option, message)
    if EXTENSION not in app.extensions:
        _warn_without_extension(app)
        # tufte.css reads the layout's numbers from the directives stylesheet, which the
        # extension would otherwise copy.
        assets.copy_static_files(app)
    code.use_tufte_highlighter(app)
    app.add_js_file("tufte.js", loading_method="defer")


def on_write_started(app: Sphinx, builder: Builder) -> None:
    if uses_theme(app):
        options = theme_options.clean(merged_options(builder), palette())
        nav_links.warn_unresolved(app, options.nav_links)


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    if not uses_theme(app):
        return []
    options = theme_options.clean(merged_options(app.builder), palette())
    return nav_links.pages_to_rewrite(app, env, options.nav_links)


def _build_context(app: Sphinx, context: dict[str, Any]) -> tuple[theme_options.ThemeOptions, dict[str, Any]]:
    """The clean options and what the templates read of them, alike on every page of a
    build (Sphinx gives each page the same ``theme_*`` values): worked out by the first
    page (:data:`~sphinx_tufte._settings.Settings.page_memo`)."""
    return _settings.memoised(app.env, __name__, lambda: _clean_context(app, context))


def _clean_context(app: Sphinx, context: dict[str, Any]) -> tuple[theme_options.ThemeOptions, dict[str, Any]]:
    # The same checks as at builder-inited, without the warnings: the templates see
    # clean values under the names Sphinx gives the options.
    merged = {name.removeprefix("theme_"): value for name, value in context.items() if name.startswith("theme_")}
    options = theme_options.clean(merged, palette())
    shared = {
        **locale.template_gettext(),
        "theme_nav_links": options.nav_links,
        "theme_footer_text": options.footer_text,
        "theme_accent_color": options.accent_color,
        "theme_dark_toggle": options.dark_toggle,
        "theme_font": options.font,
        "theme_light_css_variables": dict(options.light_css_variables),
        "theme_dark_css_variables": dict(options.dark_css_variables),
        "tufte_font_faces": theme_options.FONT_FACES[options.font],
        "tufte_palette_rule": theme_options.palette_rule(options, palette()),
        "tufte_site_title": _site.site_title(app.config),
    }
    return options, shared


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not uses_theme(app):
        return
    options, shared = _build_context(app, context)
    context.update(shared)
    site_title = shared["tufte_site_title"]
    context["tufte_nav_links"] = nav_links.nav_links(app, pagename, context, options.nav_links)
    context["tufte_post_links"] = nav_links.post_links(app, pagename, context, context["tufte_nav_links"])
    # The home page's title is the site's; every other page says which site it is on.
    context["tufte_title_suffix"] = "" if pagename == app.config.root_doc else f" \N{EM DASH} {site_title}"
    # docutils >= 0.22 writes its own viewport meta tag; the layout already has one.
    context["metatags"] = context.get("metatags", "").replace(_DOCUTILS_VIEWPORT, "")


_DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the theme (the entry point's target, and called by the extension)."""
    from sphinx_tufte import __version__  # the package imports this module first
    app.add_html_theme(THEME_NAME, str(THEME_DIR))
    locale.setup(app)
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", on_html_page_context)
    app.connect("write-started", on_write_started)
    app.connect("env-get-updated", on_env_get_updated)
    add_scroll_stops(app)
    add_valid_roles(app)
    navigation.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
