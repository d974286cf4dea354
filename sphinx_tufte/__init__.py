"""sphinx-tufte: a Sphinx theme and extension for Tufte-style sites and blogs.

``setup()`` only registers the capabilities; each lives in its own module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx_tufte import _config, _settings, _text, assets, citations, cite, figures, images, links, math, notes, posts, publishing, theme, typography
from sphinx_tufte import upstream

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"

# Bumped whenever what the extension stores in the environment changes shape, so that
# Sphinx discards pickled environments written by an older version.
ENV_VERSION = 3  # 3: a post keeps its authors one by one (Post.authors)


def setup(app: Sphinx) -> dict[str, Any]:
    _config.setup(app)
    _settings.setup(app)
    assets.setup(app)
    theme.setup(app)
    _text.setup(app)
    typography.setup(app)
    upstream.setup(app)
    notes.setup(app)
    figures.setup(app)
    math.setup(app)
    links.setup(app)
    posts.setup(app)
    images.setup(app)
    citations.setup(app)
    cite.setup(app)
    publishing.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
