"""The HTML of a responsive image: ``<picture>`` with a WebP ``<source>`` and an
``<img>`` whose ``src`` is the original Sphinx copies."""

from __future__ import annotations

import posixpath
import urllib.parse
from typing import Any

from docutils import nodes

from sphinx_tufte.images.nodes import responsive_image


def _in_text(node: nodes.Element) -> bool:
    """Whether the image sits inside running text (no line break after it), as
    Sphinx's own visitor decides."""
    parent = node.parent
    return isinstance(parent, nodes.TextElement) and not (
        isinstance(parent, nodes.reference) and not isinstance(parent.parent, nodes.TextElement)
    )


def visit_responsive_image(self: Any, node: responsive_image) -> None:
    builder = self.builder
    olduri = node["uri"]
    src = olduri
    if olduri in builder.images:
        src = posixpath.join(builder.imgpath, urllib.parse.quote(builder.images[olduri]))

    def url(name: str) -> str:
        # Quoted: a comma or a space in a file name would split a srcset candidate.
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
    picture = '<picture class="tufte-picture">'
    if webp and own != "webp":
        picture += f'<source type="image/webp" srcset="{self.attval(", ".join(webp))}" sizes="{self.attval(sizes)}">'
    suffix = "" if _in_text(node) else "\n"
    self.body.append(picture + self.emptytag(node, "img", "", **atts) + "</picture>" + suffix)


def depart_responsive_image(self: Any, node: responsive_image) -> None:
    pass
