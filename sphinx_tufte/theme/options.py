"""The theme's options, checked.

Sphinx merges them (``theme.toml``'s ``[options]``, then a child theme's, then
``html_theme_options``) and hands the templates ``theme_*`` variables; the defaults live
only in ``theme.toml``. :func:`clean` turns the merged values into values the templates
can use as they are, and lists what it had to drop: the theme warns about those once per
build and, page by page, uses the same clean values without warning again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# The Latin subset's two files a face (tools/subset_fonts.py): the browser fetches the
# second only for a page whose text has one of its characters.
_BASIC = "U+0-A0, U+A9, U+AD, U+B6, U+2000-2027, U+FEFF, U+FFFD"
_LATIN_REST = "U+A1-A8, U+AA-AC, U+AE-B5, U+B7-FF, U+131, U+152-153, U+2BB-2BC, U+2C6, U+2DA, U+2DC, U+2028-206F, U+2074, U+20AC, U+2122, U+2190-2193, U+2212, U+2215"
# (style, file, weight, unicode-range or "") for each @font-face the page declares, per
# ``font`` option; the first is preloaded.
FONT_FACES: dict[str, list[tuple[str, str, int, str]]] = {
    "et-book": [
        (style, f"et-book-{face}-{part}.woff2", weight, ranges)
        for part, ranges in (("basic", _BASIC), ("latin", _LATIN_REST))
        for style, face, weight in (("normal", "roman", 400), ("italic", "italic", 400), ("normal", "bold", 700))
    ],
    "et-book-full": [
        ("normal", "et-book-roman.woff2", 400, ""),
        ("italic", "et-book-italic.woff2", 400, ""),
        ("normal", "et-book-bold.woff2", 700, ""),
    ],
    "system": [],
}

# A value is interpolated into a <style> element, so only plain colour or length syntax
# passes: nothing that could close the element ("<" is never allowed) or start another
# declaration (";", "{", "}").
_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(?:rgb|rgba|hsl|hsla|oklch|oklab|lab|lch)\([0-9a-zA-Z.,%/ +-]{1,80}\)")
_LENGTH = re.compile(r"-?(?:\d+|\d*\.\d+)(?:px|rem|em|ex|ch|vw|vh|vmin|vmax|cqi|%)?")
_VARIABLE = re.compile(r"--tufte-[a-z0-9]+(?:-[a-z0-9]+)*")
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data"})
# The options whose value is a dict of custom properties, light then dark.
CSS_VARIABLE_OPTIONS = ("light_css_variables", "dark_css_variables")


@dataclass(frozen=True)
class NavLink:
    label: str
    target: str


@dataclass(frozen=True)
class ThemeOptions:
    """Clean values; every field is present in ``theme.toml`` with its default."""

    nav_links: tuple[NavLink, ...]
    footer_text: str
    accent_color: str
    dark_toggle: bool
    font: str
    light_css_variables: tuple[tuple[str, str], ...]
    dark_css_variables: tuple[tuple[str, str], ...]
    # (option, message) for every value that was dropped.
    problems: tuple[tuple[str, str], ...] = field(default=(), compare=False)


def is_css_value(value: str) -> bool:
    """A colour (``#7a1c1c``, ``rebeccapurple``, ``rgb(1 2 3 / 50%)``) or a length."""
    value = value.strip()
    return bool(_COLOR.fullmatch(value) or _LENGTH.fullmatch(value))


def script_scheme(target: str) -> bool:
    """Whether a link target is a URL whose scheme runs script or carries a document
    (``javascript:``, ``vbscript:``, ``data:``). Browsers drop ASCII whitespace and
    controls anywhere in a URL's scheme and ignore case, so ``" Java\tScript:"`` is one."""
    scheme, colon, _ = target.partition(":")
    if not colon:
        return False
    scheme = "".join(char for char in scheme if ord(char) > 0x20).lower()
    return scheme in _SCRIPT_SCHEMES


def _nav_links(value: Any, problems: list[tuple[str, str]]) -> tuple[NavLink, ...]:
    if isinstance(value, dict):
        value = list(value.items())
    if not isinstance(value, (list, tuple)):
        problems.append(("nav_links", f"'nav_links' must be a list of [label, target] pairs, not {type(value).__name__}; ignored"))
        return ()
    links = []
    for item in value:
        if isinstance(item, dict) and {"label", "target"} <= item.keys():
            item = (item["label"], item["target"])
        if isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(part, str) and part for part in item):
            if script_scheme(item[1]):
                problems.append(("nav_links", f"'nav_links' target {item[1]!r} runs script when clicked; skipped"))
            else:
                links.append(NavLink(label=item[0], target=item[1]))
        else:
            problems.append(("nav_links", f"'nav_links' entry {item!r} is not a [label, target] pair of strings; skipped"))
    return tuple(links)


def _css_variables(
    option: str, value: Any, palette: frozenset[str], problems: list[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        problems.append((option, f"'{option}' must be a dict of CSS custom properties, not {type(value).__name__}; ignored"))
        return ()
    dark = option == "dark_css_variables"
    kept = []
    for name, css in value.items():
        if not (isinstance(name, str) and _VARIABLE.fullmatch(name)):
            problems.append((option, f"'{option}' key {name!r} is not a custom property named like '--tufte-bg'; skipped"))
        elif dark and name not in palette:
            known = ", ".join(sorted(palette))
            problems.append((option, f"'{option}' key {name!r} has one value in both schemes (set it in light_css_variables); the colours with a dark value are {known}; skipped"))
        elif not (isinstance(css, str) and (_COLOR.fullmatch(css.strip()) if name in palette else is_css_value(css))):
            kind = "CSS colour" if name in palette else "CSS colour or length"
            problems.append((option, f"'{option}' value {css!r} for {name} is not a {kind}; skipped"))
        else:
            kept.append((name, css.strip()))
    return tuple(kept)


def clean(raw: dict[str, Any], palette: frozenset[str] = frozenset()) -> ThemeOptions:
    """The merged options (Sphinx's ``theme.get_options()``), each value usable as is.
    ``palette``: the colour names tufte.css sets per scheme (see :func:`palette_rule`).

    A bad value becomes the option's neutral value (no links, no text, the page's own
    colours, the toggle, ET Book): those are ``theme.toml``'s defaults as well.
    """
    problems: list[tuple[str, str]] = []
    nav_links = _nav_links(raw.get("nav_links", ()), problems)

    footer_text = raw.get("footer_text", "")
    if not isinstance(footer_text, str):
        problems.append(("footer_text", f"'footer_text' must be a string, not {type(footer_text).__name__}; ignored"))
        footer_text = ""

    accent_color = raw.get("accent_color", "")
    if not isinstance(accent_color, str) or (accent_color and not _COLOR.fullmatch(accent_color.strip())):
        problems.append(("accent_color", f"'accent_color' must be a CSS colour such as '#7a1c1c', not {accent_color!r}; ignored"))
        accent_color = ""

    dark_toggle = raw.get("dark_toggle", True)
    # A child theme's theme.conf gives every option as a string.
    if isinstance(dark_toggle, str) and dark_toggle.lower() in {"true", "false"}:
        dark_toggle = dark_toggle.lower() == "true"
    if not isinstance(dark_toggle, bool):
        problems.append(("dark_toggle", f"'dark_toggle' must be True or False, not {dark_toggle!r}; ignored"))
        dark_toggle = True

    font = raw.get("font", "et-book")
    if font not in FONT_FACES:
        choices = ", ".join(repr(name) for name in FONT_FACES)
        problems.append(("font", f"'font' must be one of {choices}, not {font!r}; ignored"))
        font = "et-book"

    light, dark = (_css_variables(option, raw.get(option, {}), palette, problems) for option in CSS_VARIABLE_OPTIONS)
    return ThemeOptions(
        nav_links=nav_links,
        footer_text=footer_text,
        accent_color=accent_color.strip(),
        dark_toggle=dark_toggle,
        font=font,
        light_css_variables=light,
        dark_css_variables=dark,
        problems=tuple(problems),
    )


def palette_rule(options: ThemeOptions, palette: frozenset[str]) -> str:
    """The ``:root`` rule that applies the user's colours and lengths, or "".

    ``palette`` holds the names tufte.css defines per scheme: ``--tufte-bg`` is
    ``light-dark(var(--tufte-bg-light), var(--tufte-bg-dark))`` there, so a light value
    for it sets ``--tufte-bg-light`` and a dark one ``--tufte-bg-dark``, each written
    once. Any other name has one value for both schemes, from ``light_css_variables``.
    """
    declarations = []
    if options.accent_color:
        # The older, light-only way to set the accent; light_css_variables wins.
        declarations.append(f"--tufte-accent-light: {options.accent_color};")
    for scheme, variables in (("light", options.light_css_variables), ("dark", options.dark_css_variables)):
        for name, css in variables:
            declarations.append(f"{name}-{scheme}: {css};" if name in palette else f"{name}: {css};")
    return f":root {{ {' '.join(declarations)} }}" if declarations else ""

