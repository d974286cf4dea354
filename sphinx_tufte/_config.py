"""Every configuration value the extension adds, and the one way to warn about one.

All ``tufte_*`` values are registered here. Sphinx converts ``-D name=value`` overrides
by the default's type (``0``/``1`` for booleans, digits for numbers); its own type check
is switched off for these values (``types=Any``) because it warns without a file, a
line or a type to suppress it by. :func:`value` checks the type instead: a value of the
wrong type is one ``tufte.config`` warning at the line of ``conf.py`` that sets it, and
the default is used, so no capability ever reads a misread value (``"no"`` taken as
true) or crashes on one (a title of ``7``). Values of the right type that are still
wrong (a quality of 500, an unknown time zone) are checked where the settings are
computed, with :func:`warn`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from docutils import nodes
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

NoneType = type(None)


@dataclass(frozen=True)
class ConfigValue:
    name: str
    default: Any
    # What Sphinx redoes when the value changes: "env" re-reads every document,
    # "html" rewrites every page, "" nothing (where a cache lives changes no output).
    rebuild: Literal["env", "html", ""]
    # The types a value may have; checked by value(), not by Sphinx.
    types: frozenset[type]


CONFIG_VALUES: tuple[ConfigValue, ...] = (
    # None: sidenotes under the tufte theme, footnotes under any other.
    ConfigValue("tufte_sidenotes", None, "html", frozenset({bool, NoneType})),
    # Reading a date differently changes every post, so these two re-read everything.
    ConfigValue("tufte_timezone", "UTC", "env", frozenset({str})),
    ConfigValue("tufte_show_drafts", False, "env", frozenset({bool})),
    # "hide", "skip" or "show" (see posts/drafts.py); None follows tufte_show_drafts.
    ConfigValue("tufte_drafts", None, "env", frozenset({str, NoneType})),
    ConfigValue("tufte_feed_length", 20, "html", frozenset({int})),
    ConfigValue("tufte_feed_title", None, "html", frozenset({str, NoneType})),
    ConfigValue("tufte_feed_rss", True, "html", frozenset({bool})),
    ConfigValue("tufte_author", "", "html", frozenset({str})),
    ConfigValue("tufte_sitemap", True, "html", frozenset({bool})),
    ConfigValue("tufte_responsive_images", True, "html", frozenset({bool})),
    ConfigValue("tufte_image_quality", 80, "html", frozenset({int})),
    # None: $SPHINX_TUFTE_IMAGE_CACHE, else the user's cache folder; "": beside the doctrees.
    ConfigValue("tufte_image_cache", None, "", frozenset({str, NoneType})),
    ConfigValue("tufte_margin_citations", False, "html", frozenset({bool})),
    ConfigValue("tufte_cite_posts", True, "html", frozenset({bool})),
    # Off by default: projects that pass -W under other themes keep passing (figures.py).
    ConfigValue("tufte_check_alt_text", False, "env", frozenset({bool})),
    ConfigValue(
        "tufte_pygments_dark_style", "sphinx_tufte.pygments_styles.TufteDarkStyle", "html", frozenset({str})
    ),
)
_BY_NAME = {option.name: option for option in CONFIG_VALUES}


def _has_type(raw: Any, types: frozenset[type]) -> bool:
    # bool is an int to Python, not to a user: tufte_feed_length = True is wrong.
    if isinstance(raw, bool):
        return bool in types
    return isinstance(raw, tuple(types))


_TYPE_NAMES = {bool: "True or False", int: "a whole number", str: "a string", NoneType: "None"}


def value(app: Sphinx, name: str) -> Any:
    """The value of ``name``, or its default (after a located warning) when it has the
    wrong type."""
    option = _BY_NAME[name]
    raw = getattr(app.config, name, option.default)
    if isinstance(raw, str) and bool in option.types and raw in {"0", "1"}:
        # -D on the command line, for a value whose default is not a bool (Sphinx
        # converts those itself).
        return raw == "1"
    if _has_type(raw, option.types):
        return raw
    expected = " or ".join(_TYPE_NAMES[kind] for kind in sorted(option.types, key=lambda kind: kind.__name__))
    warn(app, name, "%s must be %s, not %r; using %r", name, expected, raw, option.default)
    return option.default


def location(app: Sphinx, *names: str) -> nodes.Element:
    """A node placed at the first line of conf.py that names any of ``names``, so a
    warning about configuration reads ``conf.py:LINE: WARNING: ...`` like any other."""
    node = nodes.Element()
    conf_py = Path(app.confdir, "conf.py")
    node.source = str(conf_py)
    node.line = None
    try:
        lines = conf_py.read_text(encoding="utf-8").splitlines()
    except OSError:
        return node
    for name in names:
        pattern = re.compile(rf"""(?<![\w])['"]?{re.escape(name)}['"]?\s*[:=,\]]""")
        found = [number for number, line in enumerate(lines, start=1) if pattern.search(line)]
        # The line that sets it, not a comment above naming it; a commented-out example
        # ("# html_baseurl = ...") is where a value that is not set would go.
        setting = [number for number in found if not lines[number - 1].lstrip().startswith("#")]
        if setting or found:
            node.line = (setting or found)[0]
            return node
    return node


def warn(app: Sphinx, name: str, message: str, *args: Any, subtype: str = "config", **kwargs: Any) -> None:
    """A ``tufte.<subtype>`` warning at the line of conf.py that sets ``name``."""
    logger.warning(message, *args, type="tufte", subtype=subtype, location=location(app, name), **kwargs)


def setup(app: Sphinx) -> None:
    for option in CONFIG_VALUES:
        if option.name not in app.config:
            app.add_config_value(option.name, option.default, option.rebuild, types=Any)
