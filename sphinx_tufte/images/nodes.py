"""The node a responsive image becomes, and how builders other than HTML write it."""

from __future__ import annotations

from typing import Any

from docutils import nodes


class responsive_image(nodes.image):
    """An image with variants, made by :class:`~sphinx_tufte.images.transform.ResponsiveImages`.

    Attributes besides the image's own: ``variants`` (per format, ``webp`` and the
    original's extension, a list of (file name, width)), ``intrinsic`` ((width, height)
    to write on the ``<img>``), ``original_width``, ``original_format`` (the original's
    extension), ``sizes`` (the ``sizes`` attribute), ``place`` and ``lazy``.

    A subclass of ``image``, so Sphinx still copies the original into ``_images``.
    """


def visit_as_image(self: Any, node: nodes.Element) -> None:
    self.visit_image(node)


def depart_as_image(self: Any, node: nodes.Element) -> None:
    self.depart_image(node)
