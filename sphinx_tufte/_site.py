"""Facts about the site that several capabilities need: its title and its base URL.

Each rule lives here once; the theme, the feeds, the head metadata and the citation
block all ask these functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.config import Config


def site_title(config: Config) -> str:
    """``html_title`` when the user set one, else the project: a personal site is not
    "Jane Doe 1.0 documentation", Sphinx's default title."""
    raw = getattr(config, "_raw_config", {})
    title = config.html_title if "html_title" in raw else config.project
    return title if isinstance(title, str) else str(config.project or "")


def base_url(config: Config) -> str:
    """``html_baseurl`` ending in a slash, or "" when it is unset."""
    base = config.html_baseurl
    base = base.strip() if isinstance(base, str) else ""
    return base if not base or base.endswith("/") else base + "/"
