"""Responsive images: variants on disk, the markup that points at them, the cache
between builds, what is left alone, and what a real browser loads."""

from __future__ import annotations

import io
import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from sphinx_tufte import _layout
from sphinx_tufte.images import encode
from sphinx_tufte.theme.minify import minify

PHOTO_SIZE = (1600, 400)  # wide and short: quick to encode
CHART_SIZE = (800, 400)
# The ``sizes`` of each place: how wide the tufte theme shows an image there (the exact
# strings are tests/test_theme_layout.py's; test_reading_browser checks them in Chromium).
SIZES = {place: _layout.sizes(place) for place in _layout.PLACES}


def photo_jpeg() -> bytes:
    image = Image.linear_gradient("L").resize(PHOTO_SIZE).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def chart_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", CHART_SIZE, (200, 30, 30, 140)).save(out, "PNG")
    return out.getvalue()


def webp_photo() -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize((900, 300)).save(out, "WEBP")
    return out.getvalue()


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'

PAGE_MD = """
# Pictures

```{figure} img/photo.jpg
:alt: A grey gradient

A figure in the text column.
```

Some text with a margin figure beside it.

```{margin-figure} img/chart.png
:alt: A red chart

A chart in the margin.
```

```{figure} img/photo.jpg
:alt: The gradient again, across the page
:figclass: fullwidth

A full-width figure.
```

A note with a picture.[^pic]

[^pic]: ![A chart in a note](img/chart.png)

```{image} img/line.svg
:alt: A line drawing
```

```{image} img/photo.jpg
:alt: Shown at a fixed width
:width: 200px
```

```{image} img/photo.jpg
:alt: Shown at half the column
:width: 50%
```
"""

BROKEN_MD = """
---
orphan: true
---
# Broken

Before.

```{image} img/broken.png
:alt: Not an image at all
```

```{image} img/chart,v2.png
:alt: A file name with a comma
```

```{image} img/photo.webp
:alt: A WebP original
```
"""


def project_files() -> dict[str, str | bytes]:
    return {
        "index.md": PAGE_MD,
        "broken.md": BROKEN_MD,
        "img/photo.jpg": photo_jpeg(),
        "img/chart.png": chart_png(),
        "img/line.svg": SVG,
        "img/broken.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        'img/chart,v2.png': chart_png(),
        "img/photo.webp": webp_photo(),
    }


@pytest.fixture(scope="module")
def module_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Any]:
    """Builds shared by the read-only tests of this module (a build takes a second)."""
    from io import StringIO

    from conftest import MYST_CONF, Built, write_project
    from sphinx.testing.util import SphinxTestApp

    def _build(files: dict[str, str | bytes] | None = None, *, srcdir: Path | None = None,
               buildername: str = "html", fresh: bool = True, **confoverrides: Any) -> Built:
        if srcdir is None:
            srcdir = tmp_path_factory.mktemp("images")
            write_project(srcdir, {"conf.py": MYST_CONF, **(files or {})})
        elif files:
            write_project(srcdir, files)
        app = SphinxTestApp(buildername, srcdir=srcdir, confoverrides=confoverrides, status=StringIO(),
                            warning=StringIO(), freshenv=fresh)
        app.build(force_all=fresh)
        # Cleaned up at once: a live app's node registrations would leak into later builds.
        app.cleanup()
        return Built(app=app, srcdir=srcdir, outdir=Path(app.outdir))

    return _build


@pytest.fixture(scope="module")
def built(module_build: Callable[..., Any]) -> Any:
    return module_build(project_files())


def pictures(built: Any) -> list[Any]:
    return built.soup("index.html").select("picture.tufte-picture")


def candidates(srcset: str) -> list[tuple[str, int]]:
    result = []
    for item in srcset.split(","):
        url, width = item.strip().rsplit(" ", 1)
        assert width.endswith("w")
        result.append((url, int(width[:-1])))
    return result


def test_text_column_figure_markup_and_variants(built: Any) -> None:
    picture = pictures(built)[0]
    source, img = picture.select_one("source"), picture.select_one("img")
    assert source["type"] == "image/webp"
    webp = candidates(source["srcset"])
    jpeg = candidates(img["srcset"])
    # WebP at the widths the layout asks for (the 1600 px original is wider than any);
    # the original format's list ends with the original itself.
    assert [w for _, w in webp] == [544, 720, 1088]
    assert [w for _, w in jpeg] == [544, 720, 1088, 1600]
    # The largest JPEG is the original, which Sphinx copies; every other is a variant.
    assert jpeg[-1][0] == img["src"] == "_images/photo.jpg"
    assert all(url.endswith(".webp") for url, _ in webp)
    assert all(url.endswith(".jpg") for url, _ in jpeg)
    assert img["sizes"] == source["sizes"] == SIZES["text"]
    assert (img["width"], img["height"]) == ("1600", "400")
    assert img["alt"] == "A grey gradient"
    assert img["decoding"] == "async"
    # The first image of the page is on the first screen: not lazy.
    assert "loading" not in img.attrs
    for url, width in webp + jpeg:
        with Image.open(built.outdir / url) as variant:
            assert variant.format == ("WEBP" if url.endswith(".webp") else "JPEG")
            assert variant.size == (width, round(400 * width / 1600))


def test_margin_full_width_and_note_images(built: Any) -> None:
    _, margin, full, note, _fixed = pictures(built)
    margin_img = margin.select_one("img")
    assert "margin-figure" in margin.find_parent("figure")["class"]
    # The 800 px original is narrower than the margin's widest 2x width: in WebP too.
    assert [w for _, w in candidates(margin.select_one("source")["srcset"])] == [344, 688, 800]
    assert [w for _, w in candidates(margin_img["srcset"])] == [344, 688, 800]
    assert margin_img["sizes"] == SIZES["margin"]
    assert candidates(margin_img["srcset"])[0][0].endswith("-344.png")
    assert (margin_img["width"], margin_img["height"]) == ("800", "400")
    assert margin_img["loading"] == "lazy"

    assert "fullwidth" in full.find_parent("figure")["class"]
    assert full.select_one("img")["sizes"] == SIZES["full"]
    assert [w for _, w in candidates(full.select_one("source")["srcset"])] == [720, 928, 1600]
    assert full.select_one("img")["loading"] == "lazy"

    # An image in a footnote becomes part of a sidenote: margin sizes.
    assert note.find_parent(class_="sidenote") is not None
    assert note.select_one("img")["sizes"] == SIZES["margin"]


def test_variant_png_keeps_transparency(built: Any) -> None:
    margin = pictures(built)[1]
    url = candidates(margin.select_one("img")["srcset"])[0][0]
    with Image.open(built.outdir / url) as variant:
        assert variant.mode == "RGBA"
        assert variant.getpixel((5, 5))[3] == 140


def test_left_alone_svg_and_relative_width(built: Any) -> None:
    soup = built.soup("index.html")
    svg = soup.select_one('img[src$="line.svg"]')
    assert svg is not None and svg.find_parent("picture") is None and not svg.has_attr("srcset")
    relative = soup.select_one('img[alt="Shown at half the column"]')
    assert relative.find_parent("picture") is None and not relative.has_attr("srcset")
    assert "width: 50%" in relative["style"]
    assert len(pictures(built)) == 5


def test_width_in_pixels_gets_that_width_and_twice_it(built: Any) -> None:
    fixed = pictures(built)[4]
    img = fixed.select_one("img")
    assert img["alt"] == "Shown at a fixed width"
    assert (img["width"], img["height"], img["sizes"]) == ("200", "50", "200px")
    assert not img.has_attr("style")
    assert [w for _, w in candidates(fixed.select_one("source")["srcset"])] == [200, 400]
    assert [w for _, w in candidates(img["srcset"])] == [200, 400, 1600]
    # Sphinx still links a resized image to its original.
    assert fixed.find_parent("a")["href"] == "_images/photo.jpg"


def test_broken_image_warns_with_location_and_is_copied(built: Any) -> None:
    lines = [line for line in built.warning_lines() if "[tufte.image]" in line]
    assert len(lines) == 1, built.warnings
    assert re.search(r"broken\.md:8: WARNING: image img/broken\.png could not be read", lines[0]), lines[0]
    img = built.soup("broken.html").select_one("img")
    assert img["src"] == "_images/broken.png" and img.find_parent("picture") is None
    assert (built.outdir / "_images/broken.png").read_bytes() == (built.srcdir / "img/broken.png").read_bytes()
    others = [line for line in built.warning_lines() if "[tufte.image]" not in line]
    assert others == [], others


def test_a_comma_in_a_file_name_makes_valid_srcset_urls(built: Any) -> None:
    img = built.soup("broken.html").select_one('picture img')
    assert img["alt"] == "A file name with a comma"
    urls = [url for url, _ in candidates(img["srcset"])]
    assert urls[-1] == img["src"] == "_images/chart%2Cv2.png"
    for url in urls:
        assert " " not in url and "," not in url
        assert (built.outdir / urllib.parse.unquote(url)).is_file()


def test_webp_original_has_one_srcset_ending_with_itself(built: Any) -> None:
    picture = built.soup("broken.html").select("picture")[1]
    assert picture.select("source") == []
    img = picture.select_one("img")
    assert [w for _, w in candidates(img["srcset"])] == [544, 720, 900]
    assert candidates(img["srcset"])[-1][0] == img["src"] == "_images/photo.webp"
    assert (img["width"], img["height"]) == ("900", "300")


def test_nothing_written_into_the_source_tree(built: Any) -> None:
    # (sphinx.testing puts the output folder in the project's _build.)
    written = sorted(
        str(p.relative_to(built.srcdir)) for p in built.srcdir.rglob("*") if p.is_file() and "_build" not in p.parts
    )
    assert written == sorted(["conf.py", *project_files()]), written
    # What the next build reuses is in the one cache, beside the doctrees.
    assert any((built.app.doctreedir / "tufte-cache" / "images").rglob("*.pickle"))


def test_second_build_encodes_nothing_and_settings_are_part_of_the_key(module_build: Callable[..., Any]) -> None:
    first = module_build(project_files())
    variants = {p.name: p.stat().st_mtime_ns for p in (first.outdir / "_images").iterdir()}
    first_html = first.text("index.html")
    # A clean rebuild (fresh environment, every page written) in the same output folder:
    # no variant written again (each keeps its mtime), none added.
    again = module_build(srcdir=first.srcdir, fresh=True)
    assert {p.name: p.stat().st_mtime_ns for p in (again.outdir / "_images").iterdir()} == variants
    assert again.text("index.html") == first_html

    # A changed source gets new variants (its digest is in their names), under the
    # same file name and size.
    photo = Image.linear_gradient("L").rotate(90).resize(PHOTO_SIZE).convert("RGB")
    photo.save(first.srcdir / "img/photo.jpg", "JPEG", quality=90)
    changed = module_build(srcdir=first.srcdir, fresh=False)
    # The text-column figure's 4 WebP and 4 JPEG, the full-width figure's 1600 px WebP
    # (its other widths are the text figure's), and the 200 and 400 pixel ones of the
    # fixed-width image; the chart is untouched.
    after = {p.name: p.stat().st_mtime_ns for p in (changed.outdir / "_images").iterdir()}
    new = sorted(after.keys() - variants.keys())
    assert len(new) == 13, new
    assert all(name.startswith("photo-") for name in new), new
    assert {name: after[name] for name in variants if name.startswith("chart-")} == {
        name: mtime for name, mtime in variants.items() if name.startswith("chart-")
    }
    assert changed.text("index.html") != first_html

    # Another quality setting: new files, and the page points at them.
    requality = module_build(srcdir=first.srcdir, fresh=True, tufte_image_quality=60)
    assert "-q60-" in requality.text("index.html") and "-q80-" not in requality.text("index.html")


def test_turned_off(module_build: Callable[..., Any]) -> None:
    off = module_build(project_files(), tufte_responsive_images=False)
    soup = off.soup("index.html")
    assert soup.select("picture") == [] and soup.select("img[srcset]") == []
    assert sorted(p.name for p in (off.outdir / "_images").iterdir()) == sorted(
        ["broken.png", "chart.png", "line.svg", "photo.jpg", "chart,v2.png", "photo.webp"]
    )
    assert not any("[tufte.image]" in line for line in off.warning_lines())


@pytest.mark.browser
@pytest.mark.parametrize(("width", "expected"), [(375, "-544.webp"), (1400, "-544.webp")])
def test_browser_loads_the_right_variant(built: Any, open_page: Callable[..., Any], width: int, expected: str) -> None:
    opened = open_page(built.outdir, "index.html", width=width)
    page = opened.page
    first = page.locator("picture.tufte-picture img").first
    first.wait_for()
    page.wait_for_function("(img => img.complete && img.currentSrc)(document.querySelector('picture.tufte-picture img'))")
    current = first.evaluate("img => img.currentSrc")
    assert current.endswith(expected), current
    box = first.bounding_box()
    # Explicit dimensions keep the aspect ratio once the image is scaled down.
    assert box is not None and abs(box["height"] / box["width"] - 400 / 1600) < 0.01
    # Lazy images further down load once scrolled to, and pick a margin-sized file.
    # Each shown image is brought into view in turn and waited for until it has a
    # source: one jump to the page's end can leave those in the middle outside the
    # lazy-loading margin, and Chromium reports a lazy image whose fetch has not started
    # yet as complete, so `complete` alone would move on before it loads.
    images = page.locator("picture.tufte-picture img")
    for index in range(images.count()):
        image = images.nth(index)
        if not image.evaluate("img => img.getClientRects().length"):
            # A note's picture at a phone's width is hidden until the reader opens the
            # note, and Chromium may or may not fetch a hidden lazy image: open it.
            note = image.evaluate("img => img.closest('[role=note]')?.id")
            assert note, f"picture {index} is hidden outside a note"
            page.click(f"button[aria-controls={note!r}]")
            assert image.evaluate("img => img.getClientRects().length"), f"note {note} did not open"
        image.evaluate("img => img.scrollIntoView({block: 'center'})")
        page.wait_for_function(
            "i => { const img = document.querySelectorAll('picture.tufte-picture img')[i];"
            " return img.complete && img.currentSrc; }",
            arg=index,
        )
    page.wait_for_function("[...document.querySelectorAll('picture.tufte-picture img')].every(i => i.complete && i.currentSrc)")
    sources = page.evaluate("[...document.querySelectorAll('picture.tufte-picture img')].map(i => i.currentSrc)")
    assert all(src.endswith(".webp") for src in sources), sources
    assert opened.foreign_requests == [] and opened.console_errors == []


@pytest.mark.vnu
def test_valid_html(built: Any, vnu: Callable[..., Any]) -> None:
    assert vnu([built.outdir / "index.html", built.outdir / "broken.html"]) == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations(built: Any, open_page: Callable[..., Any], axe: Callable[..., Any], scheme: str) -> None:
    from conftest import describe_violations

    violations = axe(open_page(built.outdir, "index.html", width=1400, scheme=scheme).page)
    assert violations == [], describe_violations(violations)


def test_without_pillow_one_located_warning_and_plain_images(build: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> Any:
        raise ImportError("No module named 'PIL'")

    monkeypatch.setattr(encode, "_pillow", missing)
    built = build({**project_files(), "other.md": "---\norphan: true\n---\n# Other\n\n![A chart](img/chart.png)\n",
                   "plain.md": "---\norphan: true\n---\n# Plain\n\nNo pictures.\n"})
    lines = [line for line in built.warning_lines() if "tufte.pillow_missing" in line]
    assert len(lines) == 1, built.warnings
    assert re.search(r"(index|broken|other)\.md:\d+: WARNING: responsive images need Pillow", lines[0]), lines[0]
    for page in ("index.html", "other.html"):
        soup = built.soup(page)
        assert soup.select("picture") == [] and soup.select("img[srcset]") == []
    assert (built.outdir / "_images/chart.png").is_file()


def test_under_another_theme(module_build: Callable[..., Any]) -> None:
    conf = 'project = "x"\nextensions = ["myst_parser", "sphinx_tufte"]\nhtml_theme = "alabaster"\n'
    other = module_build({**project_files(), "conf.py": conf})
    soup = other.soup("index.html")
    assert len(soup.select("picture.tufte-picture")) == 5
    assert soup.select_one('link[href^="_static/tufte-directives.css"]') is not None
    css = (other.outdir / "_static/tufte-directives.css").read_text()
    assert minify("picture.tufte-picture img { max-width: 100%; height: auto; }") in css  # minified (issue 13)
