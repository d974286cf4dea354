"""The layout's numbers: one block of CSS custom properties, read by everything else."""

from __future__ import annotations

import pytest

from sphinx_tufte import _layout

# Each place's widest showing at 1x and at 2x, and one step between (issue 13: only the
# widths the layout needs).
TODAY_WIDTHS = {
    "margin": (344, 688, 1088),
    "text": (544, 720, 1088),
    "full": (720, 928, 1856),
}
# Each place's width as the stylesheet computes it (issue 13: the sizes said 210 px for
# a margin the page showed 357 px wide), with the page's width in viewport units.
PAGE = "min(100vw, 1400px)"
GAP = f"clamp(1.5rem, {PAGE} * 0.04, 2.5rem)"
FULL = f"min({PAGE} * 0.92, 58rem)"
TEXT = f"min(34rem, {FULL} - {GAP} - 9.5rem)"
COLUMN = f"min(34rem, {PAGE} - 2 * calc({PAGE} * 0.05))"
SIZES = {
    "margin": f"(min-width: 760px) calc({FULL} - {TEXT} - {GAP}), {COLUMN}",
    "text": f"(min-width: 760px) {TEXT}, {COLUMN}",
    "full": f"(min-width: 760px) {FULL}, {COLUMN}",
}


@pytest.mark.parametrize("place", ["margin", "text", "full"])
def test_sizes_and_widths_are_read_from_the_stylesheet(place):
    assert _layout.sizes(place) == SIZES[place]
    assert _layout.widths(place) == TODAY_WIDTHS[place]
    # A media condition knows the viewport, not the page's container.
    assert "cqi" not in _layout.sizes(place) and "var(" not in _layout.sizes(place)


@pytest.mark.parametrize(
    ("viewport", "margin", "text", "full"),
    [
        (375, 337.5, 337.5, 337.5),  # one column: every place is the column
        (759, 544, 544, 544),  # the column at its measure
        (760, 152, 516.8, 699.2),  # the margin at its least, the text gives way
        (1000, 336, 544, 920),
        (1400, 344, 544, 928),
        (2560, 344, 544, 928),  # the page stops growing
    ],
)
def test_shown_works_the_arithmetic_out(viewport, margin, text, full):
    for place, expected in (("margin", margin), ("text", text), ("full", full)):
        assert _layout.shown(place, viewport) == pytest.approx(expected), place


def test_widest():
    # What the encoder needs at 1x (twice that at 2x): the margin is widest on a
    # one-column screen, where a margin figure takes the column.
    assert {place: _layout.widest(place) for place in _layout.PLACES} == {"margin": 544, "text": 544, "full": 928}



@pytest.mark.parametrize("place", ["margin", "text", "full"])
def test_the_encoded_widths_cover_the_widest_showing_at_1x_and_2x(place):
    widths = _layout.widths(place)
    # Every showing up to the widest, at 1x and 2x, has a file at least as wide, and
    # nothing is wider than a 2x screen needs: each extra width costs every build.
    assert max(widths) == 2 * _layout.widest(place)
    assert min(widths) <= _layout.shown(place, 1400) <= widths[1]


def test_resolve_substitutes_every_property():
    assert _layout.resolve("calc(var(--tufte-measure) + 1px)", "100vw") == "calc(34rem + 1px)"
    assert _layout.resolve("var(--tufte-page)", "100vw") == "100vw"
    with pytest.raises(ValueError):
        _layout.resolve("var(--other)", "100vw")


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
