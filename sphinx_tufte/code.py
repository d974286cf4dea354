"""Code highlighting under the tufte theme: both colour schemes in one stylesheet, and a
tab stop on every code block.

Sphinx writes ``pygments.css`` from its highlighter's formatter. Its own dark support
links a second file behind a ``prefers-color-scheme`` media query, which the reader's
toggle cannot reach; so under this theme the highlighter's formatter is
:class:`TufteHtmlFormatter` (Sphinx's ``PygmentsBridge`` takes its formatter class as an
attribute for this), which writes the dark style into the same file (each token's two
colours in one ``light-dark()``, the rest scoped to the page's two dark conditions, see
``tufte.css``), and writes ``<pre tabindex="0">``:
a block that scrolls sideways must be reachable by keyboard (WCAG 2.1.1).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from pygments.formatters import HtmlFormatter
from sphinx.highlighting import PygmentsBridge

from sphinx_tufte import _config, _settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CHOSEN_DARK = ':root[data-theme="dark"]'
SYSTEM_DARK = ':root:not([data-theme="light"])'
DEFAULT_DARK_STYLE = next(option.default for option in _config.CONFIG_VALUES if option.name == "tufte_pygments_dark_style")


Rule = tuple[str, dict[str, str]]


def _rules(css: str) -> list[Rule]:
    """A flat Pygments stylesheet as (selector, {property: value}) in its order."""
    rules = []
    for line in css.splitlines():
        selector, brace, rest = line.partition("{")
        if not brace or not selector.strip():
            continue
        declarations = {}
        for declaration in rest.partition("}")[0].split(";"):
            name, colon, value = declaration.partition(":")
            if colon:
                declarations[name.strip()] = value.strip()
        rules.append((selector.strip(), declarations))
    return rules


def _text(rules: list[Rule]) -> str:
    return "\n".join(f"{sel} {{ {'; '.join(f'{k}: {v}' for k, v in decls.items())} }}" for sel, decls in rules if decls)


def _grouped(rules: list[Rule]) -> list[Rule]:
    """Token rules with the same declarations as one rule of their selectors, where the
    first of them stood: a third of the file was the same dozen colours spelled again.
    Safe for token rules only: Pygments gives a span one token class, so no element
    matches two of them and their order decides nothing."""
    by_declarations: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for selector, declarations in rules:
        by_declarations.setdefault(tuple(declarations.items()), []).append(selector)
    return [(", ".join(selectors), dict(declarations)) for declarations, selectors in by_declarations.items()]


def scoped_rules(rules: list[Rule], scope: str) -> str:
    """The rules with ``scope`` before each of their selectors."""
    return _text([(", ".join(f"{scope} {part.strip()}" for part in sel.split(",")), decls) for sel, decls in rules])


_COLOUR_PROPERTIES = frozenset({"color", "background-color", "background", "border-color"})


def _is_colour(value: str) -> bool:
    # What Pygments writes for a colour: #rgb / #rrggbb, or transparent.
    return value == "transparent" or (value.startswith("#") and value[1:].isalnum() and len(value) in (4, 7, 9))


def dark_rules(style_name: str, selector: str = ".highlight", light_css: str = "") -> str:
    """The light style's token rules with the dark style's colours beside them
    (``light-dark()``: the page's color-scheme is the reader's system setting or the
    toggle's choice, see ``tufte.css``), then, for what a colour cannot say (a weight,
    a border, a rule the light style lacks) and for the rules other stylesheets also
    set (the block's own background, line numbers: the dark ones must keep winning
    there), the dark style's declarations scoped to the page's two dark conditions.

    Written once instead of the whole dark style twice (a third of the file's bytes).
    ``light_css``: the light style's stylesheet; without it only the scoped rules."""
    style = PygmentsBridge("html", style_name).get_style(style_name)
    dark = dict(_rules(HtmlFormatter(style=style).get_style_defs(selector)))
    # Pygments' bare ``pre { line-height: 125% }``: scoped, it would outrank the page's
    # line height in dark mode only, so code would reflow when the scheme changes.
    dark.pop("pre", None)
    token_prefix = f"{selector} ."
    merged: list[Rule] = []
    for sel, light in _rules(light_css):
        if not sel.startswith(token_prefix):
            continue
        dark_decls = dark.pop(sel, {})
        both: dict[str, str] = {}
        for name, value in light.items():
            other = dark_decls.get(name, value)
            if other == value:
                dark_decls.pop(name, None)
                both[name] = value
            elif name in _COLOUR_PROPERTIES and _is_colour(value) and _is_colour(other):
                dark_decls.pop(name)
                both[name] = f"light-dark({value}, {other})"
            else:
                both[name] = value
        merged.append((sel, both))
        if dark_decls:
            dark[sel] = dark_decls
    scoped = list(dark.items())
    return (
        # "/*!": the one comment minifying keeps, where the dark rules start.
        f"/*! sphinx-tufte: Pygments style {style_name!r} for dark pages. */\n"
        f"{_text(_grouped(merged))}\n"
        f"{scoped_rules(scoped, CHOSEN_DARK)}\n"
        f"@media (prefers-color-scheme: dark) {{\n{scoped_rules(scoped, SYSTEM_DARK)}\n}}\n"
    )


def style_defs(light_css: str, dark_style: str, selector: str = ".highlight") -> str:
    """``pygments.css``, readable: the light style's rules but its tokens', then every
    token rule with both schemes' colours, then the dark style's scoped rules."""
    token_prefix = f"{selector} ."
    kept = "\n".join(line for line in light_css.splitlines() if not line.lstrip().startswith(token_prefix))
    return f"{kept}\n{dark_rules(dark_style, selector, light_css)}"


class TufteHtmlFormatter(HtmlFormatter):  # type: ignore[type-arg]
    """Pygments' HTML formatter with a focusable ``<pre>`` and a dark stylesheet.

    ``dark_style``: the dotted path or name of the Pygments style for dark pages.
    """

    def __init__(self, **options: Any) -> None:
        self.dark_style: str = options.pop("dark_style", DEFAULT_DARK_STYLE)
        self.tab_stop: bool = options.pop("tab_stop", True)
        super().__init__(**options)

    def _create_stylesheet(self) -> None:
        # Sphinx makes a formatter for every code block, and Pygments builds the style's
        # whole token table in each (a third of a short block's highlighting time).
        # The table depends only on the style and the class prefix, and nothing writes
        # to it once made, so every formatter of the same style shares one.
        self.ttype2class, self.class2style = _style_tables(self.style, self.classprefix)

    def get_style_defs(self, arg: Any = None) -> str:
        from sphinx_tufte.theme.minify import minify  # the theme package imports this module

        # The text depends on the formatter's options alone, and a process that builds
        # again (a live preview, a test suite) would make it again: 6 % of a short build.
        key = (type(self), self.style, self.dark_style, repr(sorted(self.options.items())), repr(arg))
        if key not in _STYLE_DEFS:
            light = super().get_style_defs(arg)
            # Minified as the package's stylesheets are: Pygments writes a comment per rule.
            _STYLE_DEFS[key] = minify(style_defs(light, self.dark_style, arg or ".highlight"))
        return _STYLE_DEFS[key]

    def wrap(self, source: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
        # Pygments' own wrapper, with the tab stop in the tag it writes. Sphinx passes
        # neither inline styles nor a file name, so the <pre> carries nothing else.
        yield 0, '<pre tabindex="0"><span></span>' if self.tab_stop else "<pre><span></span>"
        yield from (self._wrap_code(source) if self.wrapcode else source)
        yield 0, "</pre>"


# pygments.css by formatter class, styles, options and selector (TufteHtmlFormatter).
_STYLE_DEFS: dict[tuple[Any, ...], str] = {}


@lru_cache(maxsize=16)
def _style_tables(style: Any, classprefix: str) -> tuple[dict[Any, str], dict[str, Any]]:
    """Pygments' token-to-class and class-to-style tables for ``style``."""
    formatter = HtmlFormatter(style=style, classprefix=classprefix)
    return formatter.ttype2class, formatter.class2style


def use_tufte_highlighter(app: Sphinx) -> None:
    """Give this build's HTML highlighter the tufte formatter (the theme calls this at
    builder-inited, before Sphinx writes ``pygments.css`` or any page)."""
    highlighter = getattr(app.builder, "highlighter", None)
    if not isinstance(highlighter, PygmentsBridge):
        return
    dark_style = _settings.get(app.env).pygments_dark_style or DEFAULT_DARK_STYLE
    highlighter.formatter = partial(TufteHtmlFormatter, dark_style=dark_style)  # type: ignore[assignment]
    # sphinx.ext.viewcode (html-collect-pages, priority 500) cuts each highlighted module
    # at the literal "<pre>" and fails on any other tag. Its handler is a generator, run
    # as Sphinx walks the handlers' results in priority order: these two, run the same
    # way, give it a plain <pre> while it runs.
    app.connect("html-collect-pages", partial(_tab_stops, on=False), priority=499)
    app.connect("html-collect-pages", partial(_tab_stops, on=True), priority=501)
    app.connect("html-page-context", _module_page_tab_stop)
    # pygments.css only where code is highlighted, decided with the documentation
    # stylesheet in one walk of the page, after the navigation's handler.
    from sphinx_tufte.theme import stylesheets  # the theme package imports this module

    app.connect("html-page-context", stylesheets.choose, priority=600)


# What the plain-<pre> formatter writes first, and viewcode keeps as it is: its own
# markup, so the tab stop goes back in at this one known place (the module pages scroll
# sideways as any code block does: axe's scrollable-region-focusable).
_PLAIN_START = '<div class="highlight"><pre>'
_TAB_STOP_START = '<div class="highlight"><pre tabindex="0">'


def _module_page_tab_stop(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if doctree is not None or not pagename.startswith("_modules/"):
        return
    body = context.get("body")
    if isinstance(body, str) and _PLAIN_START in body:
        context["body"] = body.replace(_PLAIN_START, _TAB_STOP_START, 1)


def _tab_stops(app: Sphinx, *, on: bool) -> Iterator[tuple[str, dict[str, Any], str]]:
    highlighter = getattr(app.builder, "highlighter", None)
    formatter = getattr(highlighter, "formatter", None)
    if isinstance(formatter, partial) and formatter.func is TufteHtmlFormatter:
        highlighter.formatter = partial(TufteHtmlFormatter, **{**formatter.keywords, "tab_stop": on})  # type: ignore[union-attr]
    yield from ()
