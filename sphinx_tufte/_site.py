"""Facts about the site that several capabilities need: its title and its base URL.

Each rule lives here once; the theme, the feeds, the head metadata and the citation
block all ask these functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from sphinx.config import Config


def _user_set(config: Config, name: str) -> bool:
    """Whether conf.py or the command line (``-D``) gave ``name`` a value."""
    return name in getattr(config, "_raw_config", {}) or name in config.overrides


def site_title(config: Config) -> str:
    """``html_title`` when the user set one, else the project: a personal site is not
    "Jane Doe 1.0 documentation", Sphinx's default title."""
    title = config.html_title if _user_set(config, "html_title") else config.project
    return title if isinstance(title, str) else str(config.project or "")


def site_author(config: Config, tufte_author: str) -> str:
    """``tufte_author``, else Sphinx's ``author`` when the user set one (Sphinx's
    default, "Author name not set", is not a name), else ""."""
    if tufte_author:
        return tufte_author
    author = config.author if _user_set(config, "author") else ""
    return author if isinstance(author, str) else ""


def _raw_base_url(config: Config) -> str:
    base = config.html_baseurl
    return base.strip() if isinstance(base, str) else ""


def refused_base_url(config: Config) -> str:
    """``html_baseurl`` when it is set but unusable, else "".

    A base URL ends up in the canonical link, ``og:url``, the feeds' ids and links and
    the sitemap: a relative one (``/blog/``, ``blog.example.org``) makes all of those
    wrong, and a ``javascript:`` one makes them run script. Only an absolute http(s)
    URL with a host is a base."""
    base = _raw_base_url(config)
    if not base:
        return ""
    try:
        parts = urlsplit(base)
    except ValueError:
        return base
    usable = parts.scheme.lower() in {"http", "https"} and bool(parts.netloc) and not any(
        char.isspace() or not char.isprintable() for char in base
    )
    return "" if usable else base


def base_url(config: Config) -> str:
    """``html_baseurl`` ending in a slash, or "" when it is unset or refused
    (:func:`refused_base_url`)."""
    base = _raw_base_url(config)
    if not base or refused_base_url(config):
        return ""
    return base if base.endswith("/") else base + "/"
