"""The ``tufte`` HTML theme: registration, option validation and page context.

Theme options arrive from ``html_theme_options`` as arbitrary Python values; they are
checked once when the builder starts, a wrong one is a warning (``tufte.theme_option``)
and falls back to its default, and the templates only ever see clean values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from sphinx_tufte._config import location as config_location

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

logger = logging.getLogger(__name__)

THEME_NAME = "tufte"
THEME_DIR = Path(__file__).parent / "themes" / THEME_NAME

# (style, file, weight) for each @font-face the page declares, per ``font`` option.
FONT_FACES: dict[str, list[tuple[str, str, int]]] = {
    "et-book": [
        ("normal", "et-book-roman-latin.woff2", 400),
        ("italic", "et-book-italic-latin.woff2", 400),
        ("normal", "et-book-bold-latin.woff2", 700),
    ],
    "et-book-full": [
        ("normal", "et-book-roman.woff2", 400),
        ("italic", "et-book-italic.woff2", 400),
        ("normal", "et-book-bold.woff2", 700),
    ],
    "system": [],
}

# A colour is interpolated into a <style> element, so only plain colour syntax passes:
# nothing that could close the element or start another declaration.
_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(?:rgb|rgba|hsl|hsla|oklch|oklab|lab|lch)\([0-9a-zA-Z.,%/ +-]{1,80}\)")
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^#")


@dataclass(frozen=True)
class NavLink:
    label: str
    target: str


@dataclass(frozen=True)
class ThemeOptions:
    nav_links: tuple[NavLink, ...] = ()
    footer_text: str = ""
    accent_color: str = ""
    dark_toggle: bool = True
    font: str = "et-book"


def _warn(app: Sphinx, option: str, message: str) -> None:
    logger.warning(
        "html_theme_options: %s",
        message,
        type="tufte",
        subtype="theme_option",
        location=config_location(app, option, "html_theme_options"),
    )


def _parse_nav_links(app: Sphinx, value: Any) -> tuple[NavLink, ...]:
    if isinstance(value, dict):
        value = list(value.items())
    if not isinstance(value, (list, tuple)):
        _warn(app, "nav_links", f"'nav_links' must be a list of [label, target] pairs, not {type(value).__name__}; ignored")
        return ()
    links = []
    for item in value:
        if isinstance(item, dict) and {"label", "target"} <= item.keys():
            item = (item["label"], item["target"])
        if (
            isinstance(item, (list, tuple))
            and len(item) == 2
            and all(isinstance(part, str) and part for part in item)
        ):
            links.append(NavLink(label=item[0], target=item[1]))
        else:
            _warn(app, "nav_links", f"'nav_links' entry {item!r} is not a [label, target] pair of strings; skipped")
    return tuple(links)


def parse_options(app: Sphinx, raw: dict[str, Any]) -> ThemeOptions:
    """Check the user's theme options, warning about (and dropping) every bad value."""
    defaults = ThemeOptions()
    nav_links = _parse_nav_links(app, raw.get("nav_links", ()))

    footer_text = raw.get("footer_text", defaults.footer_text)
    if not isinstance(footer_text, str):
        _warn(app, "footer_text", f"'footer_text' must be a string, not {type(footer_text).__name__}; ignored")
        footer_text = defaults.footer_text

    accent_color = raw.get("accent_color", defaults.accent_color)
    if not isinstance(accent_color, str) or (accent_color and not _COLOR.fullmatch(accent_color.strip())):
        _warn(app, "accent_color", f"'accent_color' must be a CSS colour such as '#7a1c1c', not {accent_color!r}; ignored")
        accent_color = defaults.accent_color

    dark_toggle = raw.get("dark_toggle", defaults.dark_toggle)
    if isinstance(dark_toggle, str) and dark_toggle.lower() in {"true", "false"}:
        dark_toggle = dark_toggle.lower() == "true"
    if not isinstance(dark_toggle, bool):
        _warn(app, "dark_toggle", f"'dark_toggle' must be True or False, not {dark_toggle!r}; ignored")
        dark_toggle = defaults.dark_toggle

    font = raw.get("font", defaults.font)
    if font not in FONT_FACES:
        choices = ", ".join(repr(name) for name in FONT_FACES)
        _warn(app, "font", f"'font' must be one of {choices}, not {font!r}; ignored")
        font = defaults.font

    return ThemeOptions(
        nav_links=nav_links,
        footer_text=footer_text,
        accent_color=accent_color.strip(),
        dark_toggle=dark_toggle,
        font=font,
    )


def uses_theme(app: Sphinx) -> bool:
    """Whether this build writes pages with the tufte theme (or a theme inheriting it)."""
    theme = getattr(app.builder, "theme", None)
    if theme is None:
        return False
    return any(Path(d).resolve() == THEME_DIR.resolve() for d in theme.get_theme_dirs())


def on_builder_inited(app: Sphinx) -> None:
    if not uses_theme(app):
        return
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    options = parse_options(app, dict(app.config.html_theme_options))
    builder._tufte_options = options  # type: ignore[attr-defined]
    app.add_js_file("tufte.js", loading_method="defer")


def _nav_links(app: Sphinx, pagename: str, context: dict[str, Any]) -> list[dict[str, Any]]:
    options: ThemeOptions = app.builder._tufte_options  # type: ignore[attr-defined]
    pathto = context["pathto"]
    links = []
    for link in options.nav_links:
        target = link.target
        if _URL_SCHEME.match(target):
            href, current = target, False
        else:
            docname = target.removesuffix(".html").removesuffix("/").strip("/") or app.config.root_doc
            if docname not in app.env.all_docs:
                # Not a document: a file of the built site ("feed.xml"), linked relative
                # to the site's root so that it works from pages in subfolders too.
                href, current = pathto(target, 1), False
            else:
                href, current = pathto(docname), docname == pagename
        links.append({"label": link.label, "href": href, "current": current})
    return links


def _site_title(app: Sphinx) -> str:
    """``html_title`` when the user set one, else the project: a personal site is not
    "Jane Doe 1.0 documentation", Sphinx's default."""
    raw = getattr(app.config, "_raw_config", {})
    return app.config.html_title if "html_title" in raw else app.config.project


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    options: ThemeOptions | None = getattr(app.builder, "_tufte_options", None)
    if options is None:
        return
    context["tufte_nav_links"] = _nav_links(app, pagename, context)
    context["tufte_footer_text"] = options.footer_text
    context["tufte_accent_color"] = options.accent_color
    context["tufte_dark_toggle"] = options.dark_toggle
    context["tufte_font_faces"] = FONT_FACES[options.font]
    context["tufte_site_title"] = _site_title(app)
    # The home page's title is the site's; every other page says which site it is on.
    context["tufte_title_suffix"] = "" if pagename == app.config.root_doc else f" \N{EM DASH} {_site_title(app)}"
    # docutils >= 0.22 writes its own viewport meta tag; the layout already has one.
    context["metatags"] = context.get("metatags", "").replace(_DOCUTILS_VIEWPORT, "")
    if "body" in context:
        context["body"] = _SCROLLER.sub(r'<\1 tabindex="0"', context["body"])
    if pagename != "search":
        context["script_files"] = _without_search_scripts(context.get("script_files", ()))


# Code blocks and tables scroll sideways when too wide; a region that scrolls must be
# reachable by keyboard (WCAG 2.1.1), so each gets a tab stop.
_SCROLLER = re.compile(r"<(pre|table)(?=[\s>])(?![^>]*\btabindex=)")
_DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
_SEARCH_ONLY_SCRIPTS = {"doctools.js", "sphinx_highlight.js"}
_OUR_SCRIPTS = {"tufte.js", "tufte-notes.js"}


def _script_name(js: Any) -> str:
    return Path(str(getattr(js, "filename", js))).name


def _without_search_scripts(scripts: Any) -> list[Any]:
    """Sphinx's search helpers serve only the search page: other pages keep no script
    but the theme's own small deferred ones. ``documentation_options.js`` stays when a
    third-party script is on the page, since such scripts (sphinx-copybutton, say)
    read their settings from the ``DOCUMENTATION_OPTIONS`` it defines."""
    kept = [js for js in scripts if _script_name(js) not in _SEARCH_ONLY_SCRIPTS]
    names = {_script_name(js) for js in kept}
    if names <= _OUR_SCRIPTS | {"documentation_options.js"}:
        kept = [js for js in kept if _script_name(js) != "documentation_options.js"]
    return kept


def setup(app: Sphinx) -> None:
    app.add_html_theme(THEME_NAME, str(THEME_DIR))
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", on_html_page_context)
