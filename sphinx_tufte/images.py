"""Responsive images: each raster image written at a few widths, in WebP beside its own
format, with ``srcset``/``sizes``, its intrinsic ``width``/``height`` and lazy loading.

How it works:

- A post-transform (HTML pages only) looks at every local JPEG, PNG or WebP image in a
  page, decides where it sits (the margin, the text column or the full width), and
  replaces its node with a :class:`responsive_image` (a subclass of ``image``, so Sphinx
  still copies the original into ``_images`` as usual). Variants that do not exist yet
  are encoded there and then: the transform runs in the main process, also in parallel
  builds, so the cache below needs no locking.
- The variants go into the output's ``_images`` folder under names that carry a digest
  of the source bytes and of the settings: an unchanged image finds its variants on
  disk and nothing is encoded. The digest of each source is remembered in the doctree
  folder (``tufte-images.json``) against its size and mtime, so an unchanged source is
  not even read. Nothing is written into the source tree.
- The HTML visitor writes ``<picture>`` with a WebP ``<source>`` and an ``<img>`` whose
  ``src`` is the original. Every image after the first on a page loads lazily.
- An image given a width in pixels (``:width: 220px``) gets that width and twice it,
  and shows at that width. SVG, GIF, remote images, images with a ``:height:``, a
  ``:scale:`` or a width in other units, and builders other than html, dirhtml and
  singlehtml are left alone.
- An image Pillow cannot read is a located warning (``tufte.image``); the original is
  copied as Sphinx would, and the build goes on.

Pillow is a runtime dependency; if it is missing anyway, one warning at the first image
that needed it says so, and the images are written as Sphinx writes them.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import urllib.parse
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

CSS_FILE = "tufte-extras.css"
CACHE_FILE = "tufte-images.json"
# Bumped when the encoder's output changes for the same settings: new file names.
ENCODER_VERSION = 1
BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

# Candidate widths in image pixels, by place. Measured in the tufte theme: the text
# column is half the viewport from 760px up (700 CSS px at 1400), the margin 15%
# (210px), full width 68% (945px); below 760px everything is one column of about 90vw.
# The larger candidates serve screens with 2 or 3 device pixels per CSS pixel.
WIDTHS = {
    "margin": (240, 480),
    "text": (480, 720, 1080, 1440),
    "full": (720, 1080, 1620, 2160),
}
# How wide the image shows, for the browser to pick a candidate before layout.
SIZES = {
    "margin": "(min-width: 1400px) 210px, (min-width: 760px) 15vw, 90vw",
    "text": "(min-width: 1400px) 700px, (min-width: 760px) 50vw, 90vw",
    "full": "(min-width: 1400px) 945px, (min-width: 760px) 68vw, 90vw",
}
STATS = {"encoded": 0}  # variants written by this process, for tests and logs


class responsive_image(nodes.image):
    """An image with variants. ``variants``: list of (url-less file name, width) per
    format (``webp`` and the original's), ``intrinsic``: (width, height), ``place``,
    ``lazy``."""


@dataclass
class SourceInfo:
    size: int
    mtime_ns: int
    digest: str
    width: int
    height: int
    format: str


@dataclass
class ImageCache:
    """Per-build state: where variants go and what is known about each source."""

    outdir: Path
    imagedir: str
    cache_path: Path
    quality: int
    sources: dict[str, SourceInfo] = field(default_factory=dict)
    dirty: bool = False
    pillow: bool = True  # False: Pillow is missing, said once at the first image
    pillow_warned: bool = False

    @classmethod
    def load(cls, outdir: Path, imagedir: str, cache_path: Path, quality: int) -> ImageCache:
        cache = cls(outdir=outdir, imagedir=imagedir, cache_path=cache_path, quality=quality)
        try:
            data = json.loads(cache_path.read_text(encoding="utf-8"))
            if data.get("version") == ENCODER_VERSION:
                cache.sources = {path: SourceInfo(**info) for path, info in data["sources"].items()}
        except (OSError, ValueError, TypeError, KeyError):
            pass  # no cache yet, or an unreadable one: rebuilt as images are seen
        return cache

    def save(self) -> None:
        if not self.dirty:
            return
        data = {
            "version": ENCODER_VERSION,
            "sources": {path: info.__dict__ for path, info in sorted(self.sources.items())},
        }
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        self.cache_path.write_text(json.dumps(data, indent=1), encoding="utf-8")
        self.dirty = False

    def settings_key(self) -> str:
        return f"v{ENCODER_VERSION}-q{self.quality}"


_STATE: weakref.WeakKeyDictionary[BuildEnvironment, ImageCache] = weakref.WeakKeyDictionary()


class UnreadableImage(Exception):
    pass


def _pillow() -> Any:
    from PIL import Image, ImageOps

    return Image, ImageOps


def describe(cache: ImageCache, path: Path) -> SourceInfo:
    """What the cache knows about a source, refreshed when its size or mtime changed."""
    stat = path.stat()
    key = str(path)
    known = cache.sources.get(key)
    if known is not None and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns:
        return known
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:12]
    if known is not None and known.digest == digest:
        info = SourceInfo(stat.st_size, stat.st_mtime_ns, digest, known.width, known.height, known.format)
    else:
        Image, ImageOps = _pillow()
        try:
            with Image.open(path) as image:
                image_format = image.format or ""
                image = ImageOps.exif_transpose(image)
                width, height = image.size
        except Exception as error:  # Pillow raises many kinds for a bad file
            raise UnreadableImage(str(error)) from error
        info = SourceInfo(stat.st_size, stat.st_mtime_ns, digest, width, height, image_format)
    cache.sources[key] = info
    cache.dirty = True
    return info


def variant_name(path: Path, info: SourceInfo, cache: ImageCache, width: int, ext: str) -> str:
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in path.stem)[:40]
    return f"{stem}-{info.digest}-{cache.settings_key()}-{width}.{ext}"


def plan(info: SourceInfo, place: str, shown: int | None = None) -> list[int]:
    """Widths to write: the place's candidates (or, for an image shown at a fixed
    width, that width and twice it, for dense screens) narrower than the image, and the
    image's own width (never upscaled)."""
    wanted = (shown, 2 * shown) if shown else WIDTHS[place]
    widths = [w for w in wanted if w < info.width]
    return [*widths, info.width]


def fixed_width(node: nodes.image) -> int | None:
    """The width in CSS pixels an image's ``:width:`` gives, when it gives one."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(px)?\s*", str(node.get("width", "")))
    return round(float(match.group(1))) if match and float(match.group(1)) >= 1 else None


def encode(path: Path, info: SourceInfo, cache: ImageCache, widths: list[int]) -> dict[str, list[tuple[str, int]]]:
    """The variant files for ``widths`` in WebP and the source's format, encoding only
    those not on disk. Returns, per format, (file name, width) pairs."""
    own_ext = FORMATS[info.format]
    formats = ["webp"] if own_ext == "webp" else ["webp", own_ext]
    target = cache.outdir / cache.imagedir
    result: dict[str, list[tuple[str, int]]] = {ext: [] for ext in formats}
    missing: list[tuple[str, int, Path]] = []
    for ext in formats:
        for width in widths:
            if ext == own_ext and width == info.width:
                continue  # the original itself, which Sphinx copies
            name = variant_name(path, info, cache, width, ext)
            result[ext].append((name, width))
            if not (target / name).is_file():
                missing.append((ext, width, target / name))
    if missing:
        _write_variants(path, info, cache.quality, missing)
    return result


def _write_variants(path: Path, info: SourceInfo, quality: int, missing: list[tuple[str, int, Path]]) -> None:
    Image, ImageOps = _pillow()
    try:
        with Image.open(path) as opened:
            source = ImageOps.exif_transpose(opened)
            source.load()
    except Exception as error:
        raise UnreadableImage(str(error)) from error
    has_alpha = source.mode in ("RGBA", "LA", "PA") or (source.mode == "P" and "transparency" in source.info)
    working = source.convert("RGBA" if has_alpha else "RGB")
    missing[0][2].parent.mkdir(parents=True, exist_ok=True)
    for ext, width, dest in missing:
        height = max(1, round(info.height * width / info.width))
        image = working if width == working.width else working.resize((width, height), Image.LANCZOS)
        temporary = dest.with_name(dest.name + ".part")
        if ext == "webp":
            image.save(temporary, "WEBP", quality=quality, method=4)
        elif ext == "jpg":
            image.convert("RGB").save(temporary, "JPEG", quality=quality, optimize=True, progressive=True)
        else:
            image.save(temporary, "PNG", optimize=True)
        # Written under another name first: an interrupted build leaves no half file
        # that a later build would take for a finished variant.
        temporary.replace(dest)
        STATS["encoded"] += 1


# ---- where an image sits ----------------------------------------------------------


def _place(node: nodes.image) -> str:
    from sphinx_tufte.notes import NOTE_TYPES

    parent = node.parent
    while parent is not None:
        classes = parent.get("classes", []) if isinstance(parent, nodes.Element) else []
        if isinstance(parent, NOTE_TYPES) or "margin-figure" in classes or isinstance(parent, nodes.sidebar):
            return "margin"
        if "fullwidth" in classes:
            return "full"
        parent = parent.parent
    return "full" if "fullwidth" in node.get("classes", []) else "text"


def _candidate(node: nodes.image) -> str | None:
    """The source path (relative to the source folder) of a local raster image."""
    # A height, a scale or a width in other units than pixels sizes the image in ways
    # variants cannot follow: such images are left as they are.
    if "height" in node or "scale" in node or ("width" in node and fixed_width(node) is None):
        return None
    candidates = node.get("candidates", {})
    uri = candidates.get("*") or node.get("uri", "")
    if not uri or "?" in candidates or "://" in uri or uri.startswith("data:"):
        return None
    if posixpath.splitext(uri)[1].lower() not in {".jpg", ".jpeg", ".png", ".webp"}:
        return None
    return uri


def _location(node: nodes.Node) -> nodes.Node:
    current: nodes.Node | None = node
    while current is not None and not current.line:
        current = current.parent
    return current or node


class ResponsiveImages(SphinxPostTransform):
    """Replaces each local raster image of an HTML page with a responsive one."""

    # After the notes module turns footnotes into notes (200), so an image in a note is
    # known to sit in the margin.
    default_priority = 250
    formats = ("html",)

    def is_supported(self) -> bool:
        return super().is_supported() and self.env in _STATE

    def run(self, **kwargs: Any) -> None:
        cache = _STATE[self.env]
        srcdir = Path(self.env.srcdir)
        first = True
        for node in list(self.document.findall(nodes.image)):
            lazy = not first
            first = False
            if isinstance(node, responsive_image):
                continue
            uri = _candidate(node)
            if uri is None:
                continue
            path = srcdir / uri
            if not path.is_file():
                continue  # Sphinx has already said it cannot read it
            if not cache.pillow:
                _say_pillow_is_missing(cache, node)
                return
            try:
                info = describe(cache, path)
                if info.format not in FORMATS:
                    continue
                place = _place(node)
                shown = fixed_width(node)
                files = encode(path, info, cache, plan(info, place, shown))
            except (UnreadableImage, OSError) as error:
                logger.warning(
                    "image %s could not be read for responsive variants (%s); copied as it is",
                    uri,
                    error,
                    location=_location(node),
                    type="tufte",
                    subtype="image",
                )
                continue
            new = responsive_image(node.rawsource, **node.attributes)
            new.source, new.line = node.source, node.line
            new["variants"] = files
            new["intrinsic"] = (info.width, info.height)
            new["original_width"] = info.width
            new["original_format"] = FORMATS[info.format]
            new["sizes"] = f"{shown}px" if shown else SIZES[place]
            if shown:
                # Shown at that width: the attributes say so (the stylesheet's
                # height: auto keeps the ratio), and no style is needed.
                new["intrinsic"] = (shown, max(1, round(info.height * shown / info.width)))
            new["place"] = place
            new["lazy"] = lazy
            node.replace_self(new)


# ---- HTML -----------------------------------------------------------------------------


def visit_responsive_image_html(self: Any, node: responsive_image) -> None:
    builder = self.builder
    olduri = node["uri"]
    src = olduri
    if olduri in builder.images:
        src = posixpath.join(builder.imgpath, urllib.parse.quote(builder.images[olduri]))

    def url(name: str) -> str:
        return posixpath.join(builder.imgpath, urllib.parse.quote(name))

    width, height = node["intrinsic"]
    sizes = node["sizes"]
    own = node["original_format"]
    webp = [f"{url(name)} {w}w" for name, w in node["variants"].get("webp", [])]
    original = [f"{url(name)} {w}w" for name, w in node["variants"].get(own, [])]
    original.append(f"{src} {node['original_width']}w")  # the file Sphinx copies
    atts: dict[str, Any] = {
        "src": src,
        "alt": node.get("alt", olduri),  # Sphinx's own fallback
        "srcset": ", ".join(original),
        "sizes": sizes,
        "width": str(width),
        "height": str(height),
        "decoding": "async",
    }
    if node.get("lazy"):
        atts["loading"] = "lazy"
    if "align" in node:
        atts["classes"] = [f"align-{node['align']}"]
    in_text = isinstance(node.parent, nodes.TextElement) and not (
        isinstance(node.parent, nodes.reference) and not isinstance(node.parent.parent, nodes.TextElement)
    )
    suffix = "" if in_text else "\n"
    picture = '<picture class="tufte-picture">'
    if webp and own != "webp":
        picture += f'<source type="image/webp" srcset="{self.attval(", ".join(webp))}" sizes="{self.attval(sizes)}">'
    self.body.append(picture + self.emptytag(node, "img", "", **atts) + "</picture>" + suffix)


def depart_responsive_image_html(self: Any, node: responsive_image) -> None:
    pass


def _visit_as_image(self: Any, node: nodes.Element) -> None:
    self.visit_image(node)


def _depart_as_image(self: Any, node: nodes.Element) -> None:
    self.depart_image(node)


# ---- configuration and the cache's life ----------------------------------------------


def _say_pillow_is_missing(cache: ImageCache, node: nodes.Node) -> None:
    # Once per build, at the first image that needed it: a site without raster images
    # never hears of Pillow.
    if not cache.pillow_warned:
        cache.pillow_warned = True
        logger.warning(
            "responsive images need Pillow (pip install pillow), which is missing; images are "
            "copied as they are (tufte_responsive_images = False silences this)",
            location=_location(node),
            type="tufte",
            subtype="pillow_missing",
        )


def on_builder_inited(app: Sphinx) -> None:
    if app.builder.name not in BUILDERS or not app.config.tufte_responsive_images:
        return
    try:
        _pillow()
        pillow = True
    except ImportError:
        pillow = False
    quality = app.config.tufte_image_quality
    if not isinstance(quality, int) or isinstance(quality, bool) or not 1 <= quality <= 100:
        from sphinx_tufte._config import location as config_location

        logger.warning(
            "tufte_image_quality must be a whole number from 1 to 100, not %r; using 80",
            quality,
            type="tufte",
            subtype="config",
            location=config_location(app, "tufte_image_quality"),
        )
        quality = 80
    _STATE[app.env] = ImageCache.load(
        outdir=Path(app.builder.outdir),
        imagedir=app.builder.imagedir,
        cache_path=Path(app.doctreedir) / CACHE_FILE,
        quality=quality,
    )
    _STATE[app.env].pillow = pillow
    app.add_css_file(CSS_FILE)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    # Kept, not popped: an application may build again (sphinx.testing does).
    cache = _STATE.get(app.env)
    if cache is not None and exception is None:
        cache.save()


def setup(app: Sphinx) -> None:
    as_image = (_visit_as_image, _depart_as_image)
    app.add_node(
        responsive_image,
        override=True,
        html=(visit_responsive_image_html, depart_responsive_image_html),
        latex=as_image,
        text=as_image,
        man=as_image,
        texinfo=as_image,
    )
    app.add_post_transform(ResponsiveImages)
    app.connect("builder-inited", on_builder_inited)
    app.connect("build-finished", on_build_finished)
