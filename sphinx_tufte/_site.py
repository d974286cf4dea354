"""Facts about the site that several capabilities need: its title and its base URL.

Each rule lives here once; the theme, the feeds, the head metadata and the citation
block all ask these functions.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from sphinx.config import Config


def _user_set(config: Config, name: str) -> bool:
    """Whether conf.py or the command line (``-D``) gave ``name`` a value."""
    return name in getattr(config, "_raw_config", {}) or name in config.overrides


def site_title(config: Config) -> str:
    """``html_title`` when the user set one (and it is not empty), else the project: a personal site is not
    "Jane Doe 1.0 documentation", Sphinx's default title."""
    title = config.html_title if _user_set(config, "html_title") else config.project
    # An empty html_title would leave the site-title link without a name.
    if not isinstance(title, str) or not title.strip():
        return str(config.project or "")
    return title


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


def is_usable_url(base: str) -> bool:
    """Whether ``base`` can be a base URL: an absolute http(s) URL with a host, and no
    space or control character in it."""
    try:
        parts = urlsplit(base)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc) and not any(
        char.isspace() or not char.isprintable() for char in base
    )


def refused_base_url(config: Config) -> str:
    """``html_baseurl`` when it is set but unusable, else "".

    A base URL ends up in the canonical link, ``og:url``, the feeds' ids and links and
    the sitemap: a relative one (``/blog/``, ``blog.example.org``) makes all of those
    wrong, and a ``javascript:`` one makes them run script. Only an absolute http(s)
    URL with a host is a base (:func:`is_usable_url`)."""
    base = _raw_base_url(config)
    return "" if not base or is_usable_url(base) else base


# Names that are never anyone's published site: the documentation domains of RFC 2606
# (example.com, .org, .net and the top-level names .example, .test, .invalid), loopback
# names (RFC 6761 .localhost) and mDNS's .local, a machine on the local network.
_PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net")
_PLACEHOLDER_TOP_LEVEL = ("example", "test", "invalid", "localhost", "local")


def _is_placeholder_host(host: str) -> bool:
    host = host.rstrip(".").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        # Loopback, 0.0.0.0, a LAN or link-local address: only this machine or its
        # network can reach it, so no reader of the published site can.
        return not address.is_global
    if any(host == domain or host.endswith("." + domain) for domain in _PLACEHOLDER_DOMAINS):
        return True
    return host.rpartition(".")[2] in _PLACEHOLDER_TOP_LEVEL


def is_placeholder_url(base: str) -> bool:
    """Whether the usable URL ``base`` is on a placeholder or local address."""
    try:
        host = urlsplit(base).hostname or ""
    except ValueError:
        return False
    return _is_placeholder_host(host)


def placeholder_base_url(config: Config) -> str:
    """``html_baseurl`` when it is a usable URL on a placeholder or local address
    (``https://example.com/``, ``http://localhost:8000/``), else "".

    Such a base is still used (a preview on this machine keeps its feed and canonical
    links), but it is warned about: published, its canonical links would hand the
    pages to someone else's domain or to nobody's."""
    base = _raw_base_url(config)
    return base if base and is_usable_url(base) and is_placeholder_url(base) else ""


def base_url(config: Config) -> str:
    """``html_baseurl`` ending in a slash, or "" when it is unset or refused
    (:func:`refused_base_url`)."""
    base = _raw_base_url(config)
    if not base or refused_base_url(config):
        return ""
    return base if base.endswith("/") else base + "/"
