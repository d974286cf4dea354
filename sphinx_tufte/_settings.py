"""The per-build settings: every ``tufte_*`` value checked once, into one typed object.

:func:`compute` runs at ``builder-inited`` (before any document is read, and before
parallel workers fork), reads each value through :mod:`sphinx_tufte._config`, warns once
about a value that is of the right type but unusable, and makes the choices that depend
on the builder. Transforms, translators and event handlers read the result with
:func:`get`; none of them reads ``config.tufte_*`` directly or keeps a copy of its own.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sphinx_tufte import _config, _site

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

BIBTEX_EXTENSION = "sphinxcontrib.bibtex"
# The attribute of the build environment that holds this build's settings. Only this
# module sets it; it is recomputed at every builder-inited, so a pickled copy from an
# earlier build is never read.
_ATTRIBUTE = "tufte_settings"


@dataclass(frozen=True)
class Settings:
    builder_name: str = ""
    builder_format: str = ""
    # Whether pages are written with the tufte theme or a theme that inherits it.
    uses_theme: bool = False
    sidenotes: bool = False
    margin_citations: bool = False
    responsive_images: bool = True
    image_quality: int = 80
    # Where the builder writes a page's images (its outdir and imagedir), for the
    # responsive variants written beside them; "" for builders that write none.
    images_outdir: str = ""
    # The folder responsive images' encoded variants are kept in between builds.
    image_cache: str = ""
    timezone: dt.tzinfo = dt.UTC
    timezone_name: str = "UTC"
    # What drafts get: "hide" (built, unlisted), "skip" (not built) or "show" (listed,
    # marked); show_drafts is drafts == "show".
    drafts: str = "hide"
    show_drafts: bool = False
    feed_length: int = 20
    feed_title: str = ""
    feed_rss: bool = True
    author: str = ""
    # The site's author for feeds, JSON-LD and citations: tufte_author, else Sphinx's
    # author when the user set one.
    site_author: str = ""
    sitemap: bool = True
    cite_posts: bool = True
    # Whether every image without alt text is a tufte.alt_text warning.
    check_alt_text: bool = False
    pygments_dark_style: str = ""
    site_title: str = ""
    base_url: str = ""
    # What the pages of this build show alike (the site navigation's titles and links...),
    # worked out by the first page that needs it and read by the others: filled only while
    # pages are written, when the environment is final; a new build starts empty. Keyed
    # by the module that fills it.
    page_memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def _uses_theme(app: Sphinx) -> bool:
    # Imported here: the theme's modules read these settings (code.py), and the theme
    # knows which themes are it or inherit it.
    from sphinx_tufte.theme import builder_uses_theme

    return builder_uses_theme(app.builder)


def _timezone(app: Sphinx) -> tuple[dt.tzinfo, str]:
    name = _config.value(app, "tufte_timezone")
    try:
        return ZoneInfo(name), name
    except (ZoneInfoNotFoundError, ValueError):
        # post.timezone: the subtype posts have always warned with (suppress_warnings).
        _config.warn(
            app, "tufte_timezone", "tufte_timezone %r is not a known IANA time zone; using UTC", name, subtype="post.timezone"
        )
        return dt.UTC, "UTC"


def _image_quality(app: Sphinx) -> int:
    quality = _config.value(app, "tufte_image_quality")
    if not 1 <= quality <= 100:
        _config.warn(app, "tufte_image_quality", "tufte_image_quality must be a whole number from 1 to 100, not %r; using 80", quality)
        return 80
    return quality


def _images_outdir(app: Sphinx) -> str:
    imagedir = getattr(app.builder, "imagedir", "")
    return str(Path(app.builder.outdir, imagedir)) if imagedir else ""


# The image cache's folder for a whole machine or a CI job, when conf.py does not name one.
IMAGE_CACHE_VARIABLE = "SPHINX_TUFTE_IMAGE_CACHE"


def _image_cache(app: Sphinx) -> str:
    """tufte_image_cache (relative to conf.py's folder), else $SPHINX_TUFTE_IMAGE_CACHE,
    else sphinx-tufte/images in the user's cache folder; "" keeps it beside the doctrees,
    deleted with the build. Only a folder the user names may lie in the source tree
    (sphinx-autobuild rebuilds on every file written there)."""
    beside_doctrees = str(Path(app.doctreedir, "tufte-cache", "image-files"))
    configured = _config.value(app, "tufte_image_cache")
    if configured == "":
        return beside_doctrees
    if configured is not None:
        return str(Path(app.confdir, os.path.expanduser(configured)).resolve())
    chosen = os.environ.get(IMAGE_CACHE_VARIABLE, "")
    if chosen:
        return str(Path(os.path.expanduser(chosen)).resolve())
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        # The XDG rule: a relative XDG_CACHE_HOME is ignored.
        folder = Path(base if os.path.isabs(base) else Path.home() / ".cache", "sphinx-tufte", "images")
    except RuntimeError:  # no home folder to be found
        return beside_doctrees
    if folder.resolve().is_relative_to(Path(app.srcdir).resolve()):
        return beside_doctrees
    return str(folder)


def _feed_length(app: Sphinx) -> int:
    length = _config.value(app, "tufte_feed_length")
    if length < 0:
        _config.warn(
            app,
            "tufte_feed_length",
            "tufte_feed_length must be a whole number >= 0 (0 means every post), not %r; using 20",
            length,
            subtype="feed",
        )
        return 20
    return length


def _margin_citations(app: Sphinx) -> bool:
    wanted = _config.value(app, "tufte_margin_citations")
    if wanted and BIBTEX_EXTENSION not in app.extensions:
        _config.warn(
            app,
            "tufte_margin_citations",
            "tufte_margin_citations needs the %s extension (add it to extensions); no citations in the margin",
            BIBTEX_EXTENSION,
        )
        return False
    return wanted and app.builder.format == "html"


def _drafts(app: Sphinx) -> str:
    from sphinx_tufte.posts.drafts import drafts_mode

    return drafts_mode(app, warn=True)


def _base_url(app: Sphinx) -> str:
    refused = _site.refused_base_url(app.config)
    if refused:
        _config.warn(
            app,
            "html_baseurl",
            "html_baseurl must be an absolute http(s) URL such as 'https://your.site/', not %r; "
            "no canonical links, og:url, feeds or sitemap",
            refused,
            subtype="baseurl",
        )
    placeholder = _site.placeholder_base_url(app.config)
    if placeholder:
        _config.warn(
            app,
            "html_baseurl",
            "html_baseurl %r is a placeholder or local address: published, the canonical links, og:url, "
            "feeds and sitemap would point there. Set it to the address the site is published at, "
            "such as 'https://your-name.github.io/'",
            placeholder,
            subtype="baseurl_placeholder",
        )
    return _site.base_url(app.config)


def compute(app: Sphinx) -> Settings:
    config = app.config
    author = _config.value(app, "tufte_author")
    uses_theme = _uses_theme(app)
    sidenotes = _config.value(app, "tufte_sidenotes")
    if sidenotes is None:
        sidenotes = app.builder.format == "html" and uses_theme
    timezone, timezone_name = _timezone(app)
    drafts = _drafts(app)
    return Settings(
        builder_name=app.builder.name,
        builder_format=app.builder.format,
        uses_theme=uses_theme,
        sidenotes=sidenotes,
        margin_citations=_margin_citations(app),
        responsive_images=_config.value(app, "tufte_responsive_images"),
        image_quality=_image_quality(app),
        images_outdir=_images_outdir(app),
        image_cache=_image_cache(app),
        timezone=timezone,
        timezone_name=timezone_name,
        drafts=drafts,
        show_drafts=drafts == "show",
        feed_length=_feed_length(app),
        feed_title=_config.value(app, "tufte_feed_title") or _site.site_title(config),
        feed_rss=_config.value(app, "tufte_feed_rss"),
        author=author,
        site_author=_site.site_author(config, author),
        sitemap=_config.value(app, "tufte_sitemap"),
        cite_posts=_config.value(app, "tufte_cite_posts"),
        check_alt_text=_config.value(app, "tufte_check_alt_text"),
        pygments_dark_style=_config.value(app, "tufte_pygments_dark_style"),
        site_title=_site.site_title(config),
        base_url=_base_url(app),
    )


def get(env: BuildEnvironment) -> Settings:
    """This build's settings (defaults before builder-inited has run)."""
    settings = env.__dict__.get(_ATTRIBUTE)
    return settings if isinstance(settings, Settings) else Settings()


T = TypeVar("T")


def memoised(env: BuildEnvironment, key: str, make: Callable[[], T]) -> T:
    """What every page of this build reads alike (:attr:`Settings.page_memo`): made by
    the first page that asks, read by the others."""
    memo = get(env).page_memo
    if key not in memo:
        memo[key] = make()
    return memo[key]  # type: ignore[no-any-return]


def _on_builder_inited(app: Sphinx) -> None:
    setattr(app.env, _ATTRIBUTE, compute(app))


def setup(app: Sphinx) -> None:
    # Before every other builder-inited handler, which may read the settings.
    app.connect("builder-inited", _on_builder_inited, priority=100)
