"""Responsive images: each raster image written at a few widths, in WebP beside its own
format, with ``srcset``/``sizes``, its intrinsic ``width``/``height`` and lazy loading.

Where each part lives:

- :mod:`.transform`: a post-transform (HTML pages only) looks at every local JPEG, PNG
  or WebP image of a page, decides where it sits (the margin, the text column or the
  full width) and so which widths to write, and replaces its node with a
  :class:`~.nodes.responsive_image` (a subclass of ``image``, so Sphinx still copies
  the original into ``_images`` as usual).
- :mod:`.collector`: the images each document shows, noted when it is read, so that
  every image of the site is encoded before the first page is written, several at a
  time (:func:`.encode.encode_ahead`).
- :mod:`.encode`: writes the variants into the output's ``_images`` folder, under names
  that carry a digest of the source's bytes and the settings. Their bytes are kept in
  the :mod:`.store`, outside the output and the source tree (``~/.cache/sphinx-tufte``
  by default), so a build after deleting ``_build`` copies instead of encoding; the
  build's cache remembers what each source is and which variants the output holds.
  Nothing is written into the source tree.
- :mod:`.backing`: an image with a transparent background (alpha actually used, or an
  SVG without a background) gets the class ``tufte-backing``: light paper behind it
  on a dark page.
- :mod:`.html`: ``<picture>`` with a WebP ``<source>`` and an ``<img>`` whose ``src``
  is the original. Every image after the first on a page loads lazily.

An image given a width in pixels (``:width: 220px``) gets that width and twice it, and
shows at that width. SVG, GIF, remote images, images with a ``:height:``, a ``:scale:``
or a width in other units, and builders other than html, dirhtml and singlehtml are
left alone. An image Pillow cannot read is a located warning (``tufte.image``); the
original is copied as Sphinx would, and the build goes on.

Pillow is a runtime dependency; if it is missing anyway, one warning at the first image
that needed it says so, and the images are written as Sphinx writes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_tufte.images import backing, collector
from sphinx_tufte.images.html import depart_responsive_image, visit_responsive_image
from sphinx_tufte.images.nodes import depart_as_image, responsive_image, visit_as_image
from sphinx_tufte.images.transform import ResponsiveImages

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    as_image = (visit_as_image, depart_as_image)
    app.add_node(
        responsive_image,
        override=True,
        html=(visit_responsive_image, depart_responsive_image),
        latex=as_image,
        text=as_image,
        man=as_image,
        texinfo=as_image,
    )
    app.add_post_transform(ResponsiveImages)
    app.add_post_transform(backing.DarkModeBacking)
    collector.setup(app)
