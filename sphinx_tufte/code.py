"""Code highlighting in both colour schemes.

Sphinx writes ``pygments.css`` for the light style. Its own dark support links a second
file behind a ``prefers-color-scheme`` media query, which the reader's toggle cannot
reach, so under this theme the dark style is written here instead, scoped to the same
two conditions as the page's dark colours (see ``tufte.css``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pygments.formatters import HtmlFormatter
from sphinx.highlighting import PygmentsBridge

from sphinx_tufte.theme import uses_theme

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DARK_CSS = "tufte-pygments-dark.css"
CODE_CSS = "tufte-code.css"
CHOSEN_DARK = ':root[data-theme="dark"]'
SYSTEM_DARK = ':root:not([data-theme="light"])'


def scoped_rules(css: str, scope: str) -> str:
    """Prefix every selector of a flat Pygments stylesheet with ``scope``."""
    out = []
    for line in css.splitlines():
        selectors, brace, rest = line.partition("{")
        if not brace or not selectors.strip():
            continue
        scoped = ", ".join(f"{scope} {sel.strip()}" for sel in selectors.split(","))
        out.append(f"{scoped} {{{rest}")
    return "\n".join(out)


def dark_stylesheet(style_name: str) -> str:
    style = PygmentsBridge("html", style_name).get_style(style_name)
    defs = HtmlFormatter(style=style).get_style_defs(".highlight")
    return (
        f"/* sphinx-tufte: Pygments style {style_name!r} for dark pages. */\n"
        f"{scoped_rules(defs, CHOSEN_DARK)}\n"
        f"@media (prefers-color-scheme: dark) {{\n{scoped_rules(defs, SYSTEM_DARK)}\n}}\n"
    )


def on_builder_inited(app: Sphinx) -> None:
    if not uses_theme(app):
        return
    static = app.builder.outdir / "_static"
    static.mkdir(parents=True, exist_ok=True)
    css = dark_stylesheet(app.config.tufte_pygments_dark_style)
    target = static / DARK_CSS
    # Written before any page so Sphinx's cache-busting checksum sees the final file;
    # rewritten only when it changes, so an unchanged build touches nothing.
    if not target.exists() or target.read_text(encoding="utf-8") != css:
        target.write_text(css, encoding="utf-8")
    app.add_css_file(DARK_CSS, priority=210)
    app.add_css_file(CODE_CSS, priority=500)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", on_builder_inited)
