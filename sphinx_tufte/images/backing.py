"""Figures with a transparent background, readable in dark mode: such an image gets the
class ``tufte-backing`` when its page is written, and the stylesheet sets it on light
paper when the page is dark (plotting libraries' ``transparent=True`` and drawing
tools' SVG exports draw dark strokes on nothing, which a dark page makes unreadable).

What counts as transparent, found from the file itself:

- A PNG, WebP or GIF with an alpha channel (or a transparent palette entry) that some
  pixel actually uses: a PNG saved as RGBA but opaque everywhere is left alone.
- An SVG whose root has no background style and whose first painted shape is not a
  rectangle (or a path of straight lines) covering the whole picture with a fill: the
  way drawing tools and matplotlib write an opaque background.

Photographs (JPEG) never are. ``:class: dark-as-is`` on the image (or ``:figclass:`` on
its figure) shows it as it is, ``invert-dark`` inverts it instead; ``tufte-backing``
written by hand forces the backing. The answer is kept in the build's cache per file
size and modification time, so a file is looked at once.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import warnings
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_tufte._cache import Cache
from sphinx_tufte.images.transform import may_hold_local_images

BACKING = "tufte-backing"
# Classes that choose another treatment: shown as they are, or inverted.
OPT_OUT = frozenset({"dark-as-is", "invert-dark", BACKING})
RASTERS = frozenset({".png", ".webp", ".gif"})
NAMESPACE = "image-transparency"
# Format of the cached answers; bumped when the rules above change.
RULES_VERSION = 1
# Elements that paint nothing themselves (looked past for the first painted shape).
_UNPAINTED = frozenset({"defs", "metadata", "title", "desc", "style", "script", "namedview", "clipPath", "mask",
                        "linearGradient", "radialGradient", "pattern", "symbol", "marker", "filter"})
_GROUPS = frozenset({"g", "svg", "a", "switch"})
_SHAPES = frozenset({"rect", "path", "polygon", "circle", "ellipse", "line", "polyline", "text", "image", "use"})
# How much of a drawing is looked through before taking it as transparent: a background
# comes first, and a huge drawing is not read whole.
_LOOK_AT = 400
_READ = 256 * 1024


def raster_is_transparent(path: Path) -> bool:
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            if not (image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info):
                return False
            limit = Image.MAX_IMAGE_PIXELS
            if limit and image.width * image.height > limit:
                return False  # not decoded: responsive images say why
            lowest, _ = image.convert("RGBA").getchannel("A").getextrema()
    return bool(int(lowest) < 255)  # type: ignore[arg-type]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _style(element: ElementTree.Element) -> dict[str, str]:
    """Presentation attributes, overridden by the ``style`` attribute's declarations."""
    values = {key: value.strip() for key, value in element.attrib.items()}
    for declaration in element.get("style", "").split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            values[name.strip().lower()] = value.strip()
    return values


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    match = re.fullmatch(r"\s*(-?[\d.]+(?:e-?\d+)?)\s*(px|pt)?\s*", text)
    return float(match.group(1)) if match else None


def _viewport(root: ElementTree.Element) -> tuple[float, float, float, float] | None:
    box = root.get("viewBox")
    if box:
        parts = [_number(part) for part in box.replace(",", " ").split()]
        if len(parts) == 4 and all(part is not None for part in parts):
            x, y, width, height = (float(part) for part in parts)  # type: ignore[arg-type]
            return x, y, width, height
    wide, high = _number(root.get("width")), _number(root.get("height"))
    return (0.0, 0.0, wide, high) if wide and high else None


def _covers(element: ElementTree.Element, box: tuple[float, float, float, float] | None) -> bool:
    kind = _local(element.tag)
    if kind == "rect":
        width, height = element.get("width", ""), element.get("height", "")
        if width.strip() == "100%" and height.strip() == "100%":
            return True
        if box is None:
            return False
        x, y = _number(element.get("x", "0")) or 0.0, _number(element.get("y", "0")) or 0.0
        w, h = _number(width), _number(height)
        return w is not None and h is not None and _spans(box, [(x, y), (x + w, y + h)])
    if kind in ("path", "polygon") and box is not None:
        data = element.get("d" if kind == "path" else "points", "")
        # Only straight lines between absolute points: how a background is written.
        if kind == "path" and re.search(r"[^MLZz\d\s.,eE+-]", data):
            return False
        numbers = [float(n) for n in re.findall(r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?", data)]
        points = list(zip(numbers[::2], numbers[1::2], strict=False))
        return bool(points) and _spans(box, points)
    return False


def _spans(box: tuple[float, float, float, float], points: list[tuple[float, float]]) -> bool:
    x, y, width, height = box
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    slack = 0.5  # a pixel's rounding in an export
    return min(xs) <= x + slack and min(ys) <= y + slack and max(xs) >= x + width - slack and max(ys) >= y + height - slack


def _paints(style: dict[str, str]) -> bool:
    fill = style.get("fill", "black").lower()  # SVG's default fill is black
    if fill in ("none", "transparent") or fill.startswith("rgba(") and fill.replace(" ", "").endswith(",0)"):
        return False
    return all(_number(style.get(name, "1")) != 0 for name in ("fill-opacity", "opacity"))


def _background(style: dict[str, str]) -> bool:
    for name in ("background", "background-color"):
        value = style.get(name, "").lower()
        if value and value not in ("none", "transparent", "initial", "inherit", "unset"):
            return True
    return False


def svg_is_transparent(path: Path) -> bool:
    """Whether the SVG draws on nothing (no background of its own). Only the file's
    start is read (the background comes first); one that declares entities is not
    parsed at all (an entity bomb would cost the build its memory), and is shown as it is."""
    with path.open("rb") as stream:
        head = stream.read(_READ)
    if b"<!ENTITY" in head:
        return False
    parser: ElementTree.XMLPullParser[ElementTree.Element] = ElementTree.XMLPullParser(events=("start", "end"))
    try:
        parser.feed(head)
        return _decide(parser.read_events())
    except ElementTree.ParseError:
        return False  # not read: shown as it is
    finally:
        with contextlib.suppress(ElementTree.ParseError):
            parser.close()


def _decide(events: Iterator[Any]) -> bool:
    root: ElementTree.Element | None = None
    box: tuple[float, float, float, float] | None = None
    inherited: list[dict[str, str]] = []
    skipping = 0
    for seen, (event, element) in enumerate(events):
        if root is None:
            root = element
            if _background(_style(root)):
                return False
            box = _viewport(root)
            inherited = [_style(root)]
            continue
        if seen > _LOOK_AT:
            return True
        kind = _local(element.tag)
        if event == "end":
            if kind in _UNPAINTED:
                skipping -= 1
            elif kind in _GROUPS and not skipping and len(inherited) > 1:
                inherited.pop()
            continue
        if skipping or kind in _UNPAINTED:
            skipping += kind in _UNPAINTED
            continue
        style = {**inherited[-1], **_style(element)}
        if kind in _GROUPS:
            inherited.append(style)
            continue
        if kind in _SHAPES:
            if _covers(element, box):
                if _paints(style):
                    return False
                continue  # an unfilled frame (matplotlib's transparent=True)
            return True
    return root is not None


def is_transparent(path: Path, cache: Cache) -> bool:
    stat = path.stat()
    key = ("transparent", str(path), stat.st_size, stat.st_mtime_ns)
    known = cache.get(key)
    if known is None:
        try:
            known = svg_is_transparent(path) if path.suffix.lower() == ".svg" else raster_is_transparent(path)
        except Exception:  # Pillow raises many kinds for a bad file; responsive images warn
            known = False
        cache.set(key, known)
    return bool(known)


def _chosen(node: nodes.Element) -> bool:
    """Whether the image or a figure around it names its dark-mode treatment."""
    current: nodes.Node | None = node
    while isinstance(current, nodes.Element) and not isinstance(current, nodes.section | nodes.document):
        if OPT_OUT.intersection(current.get("classes", [])):
            return True
        if isinstance(current, nodes.figure):
            return False
        current = current.parent
    return False


class DarkModeBacking(SphinxPostTransform):
    """Marks each local image with a transparent background ``tufte-backing``."""

    # Before ResponsiveImages (250), which keeps the image's classes on its <img>.
    default_priority = 240
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not may_hold_local_images(self.env):
            return
        srcdir = Path(self.env.srcdir)
        cache: Cache | None = None
        for node in self.document.findall(nodes.image):
            uri = node.get("candidates", {}).get("*") or node.get("uri", "")
            if not uri or "://" in uri or uri.startswith("data:"):
                continue
            if posixpath.splitext(uri)[1].lower() not in RASTERS | {".svg"} or _chosen(node):
                continue
            path = srcdir / uri
            if not path.is_file():
                continue
            if cache is None:
                cache = Cache.for_build(self.env.doctreedir, NAMESPACE, salt=(RULES_VERSION,))
            if is_transparent(path, cache):
                node["classes"].append(BACKING)
