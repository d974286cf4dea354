"""Choosing each image's variants: where it sits on the page (the margin, the text
column or the full width), which widths to write, and the ``sizes`` the browser picks
from. The numbers come from the layout (:mod:`sphinx_tufte._layout`), the one place
the stylesheet also reads; the encoding is :mod:`sphinx_tufte.images.encode`'s.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from sphinx_tufte import _layout, _settings
from sphinx_tufte.images import encode
from sphinx_tufte.images.nodes import responsive_image

logger = logging.getLogger(__name__)

BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})
EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".webp"})


def plan(source: encode.Source, place: str, shown: int | None = None) -> list[int]:
    """Widths to write: the place's candidates (or, for an image shown at a fixed
    width, that width and twice it, for dense screens) narrower than the image, and the
    image's own width when it is narrower than the widest candidate (never upscaled).
    A larger original is not encoded again at its own width: no screen the layout
    plans for asks for more than the widest candidate, and the original itself stays
    the last resort of the ``<img>``'s own ``srcset``."""
    wanted = (shown, 2 * shown) if shown else _layout.widths(place)
    smaller = [w for w in wanted if w < source.width]
    return smaller if source.width > max(wanted) else [*smaller, source.width]


def fixed_width(node: nodes.image) -> int | None:
    """The width in CSS pixels an image's ``:width:`` gives, when it gives one."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(px)?\s*", str(node.get("width", "")))
    return round(float(match.group(1))) if match and float(match.group(1)) >= 1 else None


def place(node: nodes.image, *, footnotes_in_margin: bool = False) -> str:
    """"margin", "full" or "text": where the image shows. ``footnotes_in_margin``: when
    a page is read, footnotes are not notes yet; with sidenotes on they will be."""
    from sphinx_tufte.notes import NOTE_TYPES

    margin_types: tuple[type[nodes.Element], ...] = (*NOTE_TYPES, nodes.sidebar)
    if footnotes_in_margin:
        margin_types = (*margin_types, nodes.footnote)
    parent = node.parent
    while parent is not None:
        classes = parent.get("classes", []) if isinstance(parent, nodes.Element) else []
        if isinstance(parent, margin_types) or "margin-figure" in classes:
            return "margin"
        if "fullwidth" in classes:
            return "full"
        parent = parent.parent
    return "full" if "fullwidth" in node.get("classes", []) else "text"


def candidate(node: nodes.image) -> str | None:
    """The source path (relative to the source folder) of a local raster image."""
    # A height, a scale or a width in other units than pixels sizes the image in ways
    # variants cannot follow: such images are left as they are.
    if "height" in node or "scale" in node or ("width" in node and fixed_width(node) is None):
        return None
    candidates = node.get("candidates", {})
    uri = candidates.get("*") or node.get("uri", "")
    if not uri or "?" in candidates or "://" in uri or uri.startswith("data:"):
        return None
    if posixpath.splitext(uri)[1].lower() not in EXTENSIONS:
        return None
    return uri


def _location(node: nodes.Node) -> nodes.Node:
    current: nodes.Node | None = node
    while current is not None and not current.line:
        current = current.parent
    return current or node


def _say_pillow_is_missing(node: nodes.Node) -> None:
    # Once (Sphinx's own once filter: the message never varies), at the first image
    # that needed it: a site without raster images never hears of Pillow.
    logger.warning(
        "responsive images need Pillow (pip install pillow), which is missing; images are "
        "copied as they are (tufte_responsive_images = False silences this)",
        location=_location(node),
        type="tufte",
        subtype="pillow_missing",
        once=True,
    )


def _responsive(
    node: nodes.image, files: encode.Variants, source: encode.Source, where: str, shown: int | None, lazy: bool
) -> responsive_image:
    new = responsive_image(node.rawsource, **node.attributes)
    new.source, new.line = node.source, node.line
    new["variants"] = files
    new["intrinsic"] = (source.width, source.height)
    new["original_width"] = source.width
    new["original_format"] = source.extension
    new["sizes"] = f"{shown}px" if shown else _layout.sizes(where)
    if shown:
        # Shown at that width: the attributes say so (the stylesheet's height: auto
        # keeps the ratio), and no style is needed.
        new["intrinsic"] = (shown, max(1, round(source.height * shown / source.width)))
    new["place"] = where
    new["lazy"] = lazy
    return new


def encoder_for(settings: _settings.Settings, doctreedir: str | Path) -> encode.Encoder:
    """The build's encoder (ImportError without Pillow)."""
    return encode.Encoder(Path(settings.images_outdir), doctreedir, settings.image_quality, settings.image_cache)


# Builders whose post-transforms see one document's doctree at a time (singlehtml's see
# the whole site joined into one).
_ONE_DOCUMENT_A_PAGE = frozenset({"html", "dirhtml"})


def may_hold_local_images(env: Any) -> bool:
    """Whether the page being resolved can hold a local image: Sphinx notes every local
    image a document shows (its candidates, found or not) as one of the document's
    dependencies when it reads it, so a page without dependencies (most pages) has none,
    and the image post-transforms need not walk it."""
    if _settings.get(env).builder_name not in _ONE_DOCUMENT_A_PAGE:
        return True
    return bool(env.dependencies.get(env.docname))


def wanted(settings: _settings.Settings) -> bool:
    """Whether this build writes responsive images at all."""
    return settings.responsive_images and settings.builder_name in BUILDERS and bool(settings.images_outdir)


class ResponsiveImages(SphinxPostTransform):
    """Replaces each local raster image of an HTML page with a responsive one."""

    # After the notes module turns footnotes into notes (200), so an image in a note is
    # known to sit in the margin.
    default_priority = 250
    formats = ("html",)

    def is_supported(self) -> bool:
        return super().is_supported() and wanted(_settings.get(self.env))

    def run(self, **kwargs: Any) -> None:
        if not may_hold_local_images(self.env):
            return
        settings = _settings.get(self.env)
        srcdir = Path(self.env.srcdir)
        encoder: encode.Encoder | None = None
        first = True
        for node in list(self.document.findall(nodes.image)):
            lazy = not first  # the first image of a page is on its first screen
            first = False
            if isinstance(node, responsive_image):
                continue
            uri = candidate(node)
            if uri is None:
                continue
            path = srcdir / uri
            if not path.is_file():
                continue  # Sphinx has already said it cannot read it
            if encoder is None:
                try:
                    encoder = encoder_for(settings, self.env.doctreedir)
                except ImportError:
                    _say_pillow_is_missing(node)
                    return
            try:
                source = encoder.describe(path)
                if source.format not in encode.FORMATS:
                    continue
                where = place(node)
                shown = fixed_width(node)
                files = encoder.variants(path, source, plan(source, where, shown))
            except (encode.UnreadableImage, OSError, ValueError) as error:
                # (ValueError: Pillow's encoders refuse some inputs with one.)
                logger.warning(
                    "image %s %s: no responsive variants, copied as it is"
                    if isinstance(error, encode.TooLarge)
                    else "image %s could not be read for responsive variants (%s); copied as it is",
                    uri,
                    error,
                    location=_location(node),
                    type="tufte",
                    subtype="image",
                )
                continue
            node.replace_self(_responsive(node, files, source, where, shown, lazy))
