"""Hostile images (issue 12, item 2): a panorama wider or taller than WebP allows, and
files whose header claims more pixels than is safe to decode. Each is one located
``tufte.image`` warning, the original is copied as it is, and nothing is decoded to
find out (the test files are small on disk: 1-bit pixels, or a header and no pixels)."""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from sphinx_tufte.images import encode
from test_builders import MYST_CONF as CONF  # a project every builder can write

BUILDERS = ["html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo"]
RESPONSIVE = {"html", "dirhtml", "singlehtml"}

def one_bit_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("1", (width, height), 1).save(out, "PNG")
    return out.getvalue()


def header_only_png(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels and holds none: decoding it
    would fail (or, with pixels, take gigabytes); its header is all Pillow reads to open it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 300), (30, 90, 200)).save(out, "PNG")
    return out.getvalue()


# Between Pillow's warning (MAX_IMAGE_PIXELS) and its refusal (twice that), and past it.
BOMB = (10_000, 9_000)
HUGE_BOMB = (100_000, 100_000)

PAGE = """\
# Pictures

![A wide panorama](img/panorama.png)

![A tall strip](img/tall.png)

![A bomb](img/bomb.png)

![A bigger bomb](img/huge.png)

![A good picture](img/good.png)
"""

FILES: dict[str, str | bytes] = {
    "conf.py": CONF,
    "index.md": PAGE,
    "img/panorama.png": one_bit_png(17_000, 10),
    "img/tall.png": one_bit_png(10, 16_384),
    "img/bomb.png": header_only_png(*BOMB),
    "img/huge.png": header_only_png(*HUGE_BOMB),
    "img/good.png": small_png(),
}


def test_the_test_files_are_small_on_disk() -> None:
    assert all(len(content) < 4096 for name, content in FILES.items() if name != "img/good.png")


@pytest.mark.parametrize("buildername", BUILDERS)
def test_oversized_images_are_located_warnings_and_copied_as_they_are(
    build: Callable[..., Any], buildername: str
) -> None:
    with warnings.catch_warnings():
        # Pillow's own DecompressionBombWarning must not be how the writer hears of it.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        built = build(FILES, buildername=buildername)
    assert built.statuscode == 0
    image_warnings = [line for line in built.warning_lines() if "[tufte.image]" in line]
    if buildername not in RESPONSIVE:
        assert image_warnings == [], built.warnings
        return
    by_image = {name: [w for w in image_warnings if f"img/{name}.png" in w] for name in ("panorama", "tall", "bomb", "huge")}
    assert all(len(found) == 1 for found in by_image.values()), built.warnings
    assert "index.md:3: WARNING: image img/panorama.png is 17000 x 10 pixels" in by_image["panorama"][0]
    assert "WebP" in by_image["panorama"][0] and "16383" in by_image["panorama"][0]
    assert "index.md:5: WARNING: image img/tall.png is 10 x 16384 pixels" in by_image["tall"][0]
    assert "index.md:7: WARNING: image img/bomb.png is 10000 x 9000 pixels" in by_image["bomb"][0]
    assert "index.md:9: WARNING: image img/huge.png" in by_image["huge"][0]
    for found in by_image.values():
        assert "copied as it is" in found[0]
        assert "decompression bomb" not in found[0].lower()  # not Pillow's raw message
    assert not [line for line in image_warnings if "good.png" in line]
    soup = built.soup()
    images = {img["alt"]: img for img in soup.select("img")}
    for alt in ("A wide panorama", "A tall strip", "A bomb", "A bigger bomb"):
        assert images[alt].find_parent("picture") is None  # no variants
        assert not images[alt].get("srcset")
        assert (built.outdir / images[alt]["src"].removeprefix("../")).is_file() or buildername == "dirhtml"
    assert images["A good picture"].find_parent("picture") is not None
    written = sorted(p.name for p in (built.outdir / "_images").iterdir())
    assert not [name for name in written if name.startswith(("panorama-", "tall-", "bomb-", "huge-"))], written
    assert {"panorama.png", "tall.png", "bomb.png", "huge.png"} <= set(written)


def test_an_image_at_the_limits_still_gets_variants(build: Callable[..., Any]) -> None:
    built = build({"index.md": "# Edge\n\n![Exactly as wide as WebP allows](img/edge.png)\n", "img/edge.png": one_bit_png(16_383, 8)})
    assert "tufte.image" not in built.warnings
    assert built.soup().select_one("picture source[type='image/webp']") is not None


def test_describing_an_oversized_image_reads_its_header_only(tmp_path: Path) -> None:
    encoder = encode.Encoder(tmp_path / "_images", tmp_path / "doctrees", 80, tmp_path / "store")
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(header_only_png(*BOMB))
    source = encoder.describe(bomb)
    assert (source.width, source.height, source.format) == (*BOMB, "PNG")
    assert encode.too_large(source) is not None
    huge = tmp_path / "huge.png"
    huge.write_bytes(header_only_png(*HUGE_BOMB))
    with pytest.raises(encode.TooLarge):
        encoder.describe(huge)


def entity_bomb_svg() -> str:
    """Billion laughs: ten entities, each ten of the one before (10^10 characters)."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE svg [{entities}]>'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&j;</text></svg>'
    )


def test_hostile_svgs_are_not_read_for_their_background(build: Callable[..., Any]) -> None:
    """The dark-mode backing reads an SVG's start: an entity bomb is not expanded, a
    drawing of a million shapes is not read whole, a broken one is shown as it is."""
    import time

    many = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">' + '<circle r="1"/>' * 1_000_000 + "</svg>"
    files = {
        "index.md": "# Drawings\n\n![A bomb](bomb.svg)\n\n![Many shapes](many.svg)\n\n![Broken](broken.svg)\n",
        "bomb.svg": entity_bomb_svg(),
        "many.svg": many,
        "broken.svg": "<svg xmlns='http://www.w3.org/2000/svg'><g></svg>",
    }
    start = time.perf_counter()
    built = build(files)
    assert time.perf_counter() - start < 60
    assert built.statuscode == 0
    classes = {img["alt"]: img.get("class", []) for img in built.soup().select("img")}
    assert "tufte-backing" not in classes["A bomb"]
    assert "tufte-backing" in classes["Many shapes"]  # circles straight on the canvas
    assert "tufte-backing" not in classes["Broken"]
