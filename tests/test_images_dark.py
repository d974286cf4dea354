"""Figures in dark mode: an image drawn on a transparent background (a plot saved with
``transparent=True``, an SVG export) sits on light paper when the page is dark, so its
dark strokes stay readable; photographs and opaque drawings are shown as they are, and
a figure can say how it wants to be shown (``dark-as-is``, ``invert-dark``)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from sphinx_tufte.images import backing

STROKE = (20, 20, 60)


def transparent_plot(size: tuple[int, int] = (900, 500)) -> bytes:
    """Dark lines on alpha 0, as matplotlib's transparent=True writes a line plot."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.line([(40, height - 40), (width - 40, 40)], fill=(*STROKE, 255), width=8)
    draw.line([(40, 40), (40, height - 40), (width - 40, height - 40)], fill=(*STROKE, 255), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def opaque_rgba_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (300, 200), (255, 255, 255, 255)).save(out, "PNG")
    return out.getvalue()


def photograph() -> bytes:
    image = Image.linear_gradient("L").resize((900, 500)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


# A drawing tool's export: shapes straight on the canvas.
SVG_EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
     width="450" height="250" viewBox="0 0 450 250">
  <sodipodi:namedview pagecolor="#ffffff"/>
  <defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>
  <g style="stroke: #14143c; stroke-width: 6; fill: none">
    <path d="M 20 230 L 430 20"/>
    <path d="M 20 20 L 20 230 L 430 230"/>
  </g>
</svg>
"""
# matplotlib's SVG, transparent=True: the figure's frame is there, unfilled.
SVG_MATPLOTLIB_TRANSPARENT = """<svg xmlns="http://www.w3.org/2000/svg" width="460.8pt" height="345.6pt" viewBox="0 0 460.8 345.6">
 <g id="figure_1"><g id="patch_1"><path d="M 0 345.6 L 460.8 345.6 L 460.8 0 L 0 0 z" style="fill: none"/></g>
 <g id="line"><path d="M 10 300 L 400 20" style="fill: none; stroke: #1f1f3c; stroke-width: 3"/></g></g>
</svg>
"""
# ...and without it: a white frame under everything.
SVG_MATPLOTLIB_OPAQUE = SVG_MATPLOTLIB_TRANSPARENT.replace('style="fill: none"/></g>', 'style="fill: #ffffff"/></g>')
SVG_WITH_RECT = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">
<rect width="100%" height="100%" fill="white"/><circle cx="50" cy="25" r="10"/></svg>"""
SVG_WITH_STYLE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" style="background-color: #fff">
<circle cx="50" cy="25" r="10"/></svg>"""


@pytest.mark.parametrize(
    ("text", "transparent"),
    [
        (SVG_EXPORT, True),
        (SVG_MATPLOTLIB_TRANSPARENT, True),
        (SVG_MATPLOTLIB_OPAQUE, False),
        (SVG_WITH_RECT, False),
        (SVG_WITH_STYLE, False),
        ("<svg xmlns='http://www.w3.org/2000/svg'><unclosed></svg>", False),  # not read: as it is
    ],
    ids=["export", "mpl-transparent", "mpl-opaque", "rect", "style", "broken"],
)
def test_svg_background_is_read_from_the_file(tmp_path: Path, text: str, transparent: bool) -> None:
    path = tmp_path / "drawing.svg"
    path.write_text(text, encoding="utf-8")
    assert backing.svg_is_transparent(path) is transparent


PAGE = """
# Figures

```{figure} img/plot.png
:alt: A transparent plot

A plot saved with a transparent background.
```

```{figure} img/export.svg
:alt: An SVG export

A drawing exported as SVG.
```

```{figure} img/photo.jpg
:alt: A photograph

A photograph.
```

```{image} img/opaque.png
:alt: Opaque although it has an alpha channel
```

```{image} img/framed.svg
:alt: An SVG with its own white background
```

```{image} img/plot.png
:alt: Shown as it is
:class: dark-as-is
```

```{figure} img/plot.png
:alt: Inverted instead
:figclass: invert-dark

Inverted in dark mode.
```

```{margin-figure} img/plot.png
:alt: In the margin

A margin figure.
```
"""

FILES: dict[str, str | bytes] = {
    "index.md": PAGE,
    "img/plot.png": transparent_plot(),
    "img/export.svg": SVG_EXPORT,
    "img/photo.jpg": photograph(),
    "img/opaque.png": opaque_rgba_png(),
    "img/framed.svg": SVG_MATPLOTLIB_OPAQUE,
}


def backed(built: Any) -> dict[str, bool]:
    return {img["alt"]: "tufte-backing" in img.get("class", []) for img in built.soup().select("img")}


EXPECTED = {
    "A transparent plot": True,
    "An SVG export": True,
    "A photograph": False,
    "Opaque although it has an alpha channel": False,
    "An SVG with its own white background": False,
    "Shown as it is": False,
    "Inverted instead": False,
    "In the margin": True,
}


@pytest.fixture(scope="module")
def built(shared_build: Callable[..., Any]) -> Any:
    return shared_build(FILES)


def test_transparent_figures_get_a_backing_photographs_do_not(built: Any) -> None:
    assert backed(built) == EXPECTED
    # The class is on the <img> of a responsive picture too.
    plot = built.soup().select_one('img[alt="A transparent plot"]')
    assert plot.find_parent("picture") is not None


def test_without_responsive_images_too(shared_build: Callable[..., Any]) -> None:
    off = shared_build(FILES, confoverrides={"tufte_responsive_images": False})
    assert backed(off) == EXPECTED


INCLUDED_RST = """
Included
========

.. include:: part.rst

A note [#n]_ and a page of text with none.

.. [#n] A footnote showing an image:

   .. image:: img/plot.png
      :alt: In a note
"""


def test_images_from_an_included_file_and_in_notes_are_treated(shared_build: Callable[..., Any]) -> None:
    # The image post-transforms skip a page with no dependencies (Sphinx notes every
    # local image a document shows as one): an image from an included file is the
    # including page's, one in a footnote moves into its note; a page without images is
    # left as it was.
    built = shared_build({
        "conf.py": 'extensions = ["sphinx_tufte"]\nhtml_theme = "tufte"\n',
        "index.rst": INCLUDED_RST + "\n.. toctree::\n\n   plain\n",
        "part.rst": ".. image:: img/plot.png\n   :alt: From an included file\n",
        "plain.rst": "Plain\n=====\n\nNo image here.\n",
        "img/plot.png": transparent_plot(),
    })
    assert backed(built) == {"From an included file": True, "In a note": True}
    for alt in ("From an included file", "In a note"):
        assert built.soup().select_one(f'img[alt="{alt}"]').find_parent("picture") is not None
    assert built.soup("plain.html").select("img") == []


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    def luminance(rgb: tuple[int, ...]) -> float:
        def channel(c: int) -> float:
            c8 = c / 255
            return c8 / 12.92 if c8 <= 0.03928 else ((c8 + 0.055) / 1.055) ** 2.4

        r, g, b_ = (channel(c) for c in rgb[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def pixel_behind(page: Any, alt: str) -> tuple[int, ...]:
    """What shows through a transparent corner of the image, as the reader sees it."""
    element = page.locator(f'img[alt="{alt}"]')
    element.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=element.element_handle())
    shot = Image.open(io.BytesIO(element.screenshot())).convert("RGB")
    return shot.getpixel((shot.width - 6, 6))


@pytest.mark.browser
@pytest.mark.parametrize("how", ["system", "toggle"])
def test_dark_strokes_stay_readable_in_dark_mode(built: Any, open_page: Callable[..., Any], how: str) -> None:
    if how == "system":
        page = open_page(built.outdir, scheme="dark").page
    else:  # the reader chose dark with the toggle, the system is light
        page = open_page(built.outdir, scheme="light").page
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
    page_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert page_background != "rgb(255, 255, 248)", "the page is dark"
    for alt in ("A transparent plot", "An SVG export", "In the margin"):
        behind = pixel_behind(page, alt)
        assert contrast(behind, STROKE) >= 7, (alt, behind)
    # A photograph, and an image that asked to be shown as it is, get nothing behind them.
    for alt in ("A photograph", "Shown as it is"):
        assert page.evaluate(
            "(alt) => getComputedStyle(document.querySelector(`img[alt='${alt}']`)).backgroundColor", alt
        ) == "rgba(0, 0, 0, 0)"
    # Without the backing, the stroke would be unreadable: what the test guards against.
    shown_as_is = pixel_behind(page, "Shown as it is")
    assert contrast(shown_as_is, STROKE) < 2, shown_as_is


@pytest.mark.browser
def test_light_mode_is_unchanged(built: Any, open_page: Callable[..., Any]) -> None:
    page = open_page(built.outdir, scheme="light").page
    assert page.evaluate(
        "getComputedStyle(document.querySelector('img.tufte-backing')).backgroundColor"
    ) == "rgba(0, 0, 0, 0)"
