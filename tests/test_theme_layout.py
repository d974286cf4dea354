"""The layout's numbers: one block of CSS custom properties, read by everything else."""

from __future__ import annotations

import pytest

from sphinx_tufte import _layout

# The values images.py carried as literals before the layout had one source.
TODAY_WIDTHS = {
    "margin": (240, 480),
    "text": (480, 720, 1080, 1440),
    "full": (720, 1080, 1620, 2160),
}
TODAY_SIZES = {
    "margin": "(min-width: 1400px) 210px, (min-width: 760px) 15vw, 90vw",
    "text": "(min-width: 1400px) 700px, (min-width: 760px) 50vw, 90vw",
    "full": "(min-width: 1400px) 945px, (min-width: 760px) 68vw, 90vw",
}


@pytest.mark.parametrize("place", ["margin", "text", "full"])
def test_sizes_and_widths_read_from_the_stylesheet_are_todays(place):
    assert _layout.sizes(place) == TODAY_SIZES[place]
    assert _layout.widths(place) == TODAY_WIDTHS[place]


def test_unknown_place_is_an_error():
    with pytest.raises(ValueError):
        _layout.sizes("sidebar")


def test_parser_reads_only_the_marked_block_and_ignores_comments():
    css = """
    :root { --tufte-breakpoint: 1px; }
    /* tufte-layout: begin
     * a comment: with; punctuation */
    :root {
      --tufte-breakpoint: 760px; /* trailing: comment; */
      --tufte-image-widths-text: 480 720;
    }
    /* tufte-layout: end */
    :root { --tufte-page-width: 9px; }
    """
    assert _layout.parse_block(css) == {"--tufte-breakpoint": "760px", "--tufte-image-widths-text": "480 720"}


def test_pixels():
    assert _layout.pixels("breakpoint") == 760
    assert _layout.pixels("page-width") == 1400
