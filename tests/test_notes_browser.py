"""Notes in a real browser: beside their reference in the margin at 1400 px, never
overlapping each other or a full-width element; behind a keyboard-operable button at
375 px; visible without JavaScript; printed; axe-clean in light and dark."""

from __future__ import annotations

import pytest
from conftest import describe_violations

from test_notes import EVERY_FORM_MD, every_form_project

LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
    "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat."
)


def crowded_page() -> str:
    """Notes close together (some must be pushed down), long ones, a full-width block
    in the middle, margin notes and explicit notes mixed in."""
    parts = ["# Crowded\n"]
    footnotes = []
    for n in range(1, 13):
        long = " ".join(["A long note that needs several lines in the margin."] * (n % 3 + 1))
        if n % 4 == 0:
            parts.append(f"{LOREM} Margin here[^m{n}] and on.\n")
            footnotes.append(f"[^m{n}]: {{-}} Margin note {n}. {long}")
        elif n % 5 == 0:
            parts.append(f"{LOREM} Explicit {{sidenote}}`Explicit note {n}. {long}` end.\n")
        else:
            parts.append(f"{LOREM[:120]}[^n{n}] {LOREM[120:]}[^n{n}b]\n")
            footnotes.append(f"[^n{n}]: Note {n}. {long}")
            footnotes.append(f"[^n{n}b]: Short {n}.")
        if n == 6:
            parts.append(":::{fullwidth}\n" + LOREM + " " + LOREM + "\n:::\n")
    return "\n".join(parts) + "\n" + "\n\n".join(footnotes) + "\n"


@pytest.fixture
def site(shared_build):
    files = {**every_form_project(), "crowded.md": crowded_page()}
    files["index.md"] = EVERY_FORM_MD + "\n```{toctree}\n:hidden:\ncrowded\n```\n"
    return shared_build(files)


GEOMETRY = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right}; };
  const column = document.querySelector("article p");
  const notes = [...document.querySelectorAll("article .sidenote, article .marginnote, article figure.margin-figure")];
  return {
    column: box(column),
    line: parseFloat(getComputedStyle(column).lineHeight),
    notes: notes.map((n) => {
      // Where the note is anchored: an empty inline marker put just before it (a
      // margin note's toggle is hidden on wide screens, so it cannot say).
      const inText = n.tagName === "SPAN";
      let ref = null;
      if (inText) {
        const marker = document.createElement("span");
        n.before(marker);
        ref = box(marker);
        marker.remove();
      }
      return {id: n.id, text: n.textContent.slice(0, 40), box: box(n), ref, visible: n.getClientRects().length > 0};
    }),
    wide: [...document.querySelectorAll("article .fullwidth")].map(box),
  };
}"""


def overlaps(a, b) -> bool:
    return a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1 and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1


def check_margin_layout(geometry) -> None:
    column, line = geometry["column"], geometry["line"]
    notes = geometry["notes"]
    assert len(notes) >= 8
    previous_bottom = None
    for note in notes:
        box = note["box"]
        assert note["visible"], note
        assert box["left"] >= column["right"] - 1, f"{note['text']!r} is not right of the text column"
        if note["ref"] is not None:
            anchor = note["ref"]["top"]
            near = abs(box["top"] - anchor) <= line
            pushed = previous_bottom is not None and previous_bottom > anchor - line and box["top"] >= previous_bottom - 1 and box["top"] <= previous_bottom + 2 * line
            assert near or pushed, f"{note['text']!r}: top {box['top']:.0f}, reference {anchor:.0f}, previous note ends {previous_bottom}"
        previous_bottom = box["bottom"] if previous_bottom is None else max(previous_bottom, box["bottom"])
    for i, a in enumerate(notes):
        for b in notes[i + 1:]:
            assert not overlaps(a["box"], b["box"]), f"{a['text']!r} overlaps {b['text']!r}"
        for wide in geometry["wide"]:
            assert not overlaps(a["box"], wide), f"{a['text']!r} overlaps a full-width block"


@pytest.mark.parametrize("page", ["index.html", "crowded.html"])
@pytest.mark.parametrize("javascript", [True, False])
def test_wide_screen_notes_sit_in_the_margin_beside_their_reference(site, open_page, page, javascript):
    opened = open_page(site.outdir, page, width=1400, javascript=javascript)
    check_margin_layout(opened.page.evaluate(GEOMETRY))
    assert opened.console_errors == [] and opened.foreign_requests == []


def test_print_keeps_notes_beside_the_text(site, open_page):
    opened = open_page(site.outdir, "crowded.html", width=1400)
    opened.page.emulate_media(media="print")
    check_margin_layout(opened.page.evaluate(GEOMETRY))


def test_narrow_screen_keyboard_opens_a_note(site, open_page):
    opened = open_page(site.outdir, "index.html", width=375, height=800)
    page = opened.page
    first = page.locator("button.sidenote-number").first
    note = page.locator("#sn-1")
    assert first.get_attribute("aria-expanded") == "false"
    assert not note.is_visible()

    # Keyboard only: Tab until the first note's number has the focus.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-controls')") == "sn-1":
            break
    else:
        pytest.fail("Tab never reached the first note's number")
    page.keyboard.press("Enter")
    assert first.get_attribute("aria-expanded") == "true"
    assert note.is_visible()
    box, button_box = note.bounding_box(), first.bounding_box()
    assert box["y"] >= button_box["y"], "the note opens below its number"
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 + 1
    page.keyboard.press("Space")
    assert first.get_attribute("aria-expanded") == "false"
    assert not note.is_visible()

    # A margin note opens the same way, from its ⊕.
    toggle = page.locator("button.marginnote-toggle").first
    margin = page.locator("#" + toggle.get_attribute("aria-controls"))
    assert toggle.is_visible() and not margin.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and margin.is_visible()
    assert opened.console_errors == []


def test_narrow_screen_without_javascript_shows_every_note(site, open_page):
    opened = open_page(site.outdir, "index.html", width=375, javascript=False)
    page = opened.page
    for note in page.locator("article .sidenote, article .marginnote").all():
        assert note.is_visible()
        box = note.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375 + 1
    # No margin-note toggle without the script to make it work.
    assert not page.locator("button.marginnote-toggle").first.is_visible()


def test_resizing_from_narrow_to_wide_shows_notes_again(site, open_page):
    opened = open_page(site.outdir, "index.html", width=375)
    page = opened.page
    assert not page.locator("#sn-1").is_visible()
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_function("document.querySelector('button.sidenote-number').getAttribute('aria-expanded') === 'true'")
    assert page.locator("#sn-1").is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1400, 375])
def test_axe_clean_on_pages_full_of_notes(site, open_page, axe, scheme, width):
    for name in ["index.html", "crowded.html"]:
        opened = open_page(site.outdir, name, width=width, scheme=scheme)
        if width == 375:
            # Open every note so that their content is checked too.
            opened.page.evaluate("document.querySelectorAll('button[aria-controls]').forEach((b) => b.click())")
        violations = axe(opened.page)
        assert violations == [], describe_violations(violations)


def test_nu_checker_clean_on_crowded_page(site, vnu):
    assert vnu([site.outdir / "crowded.html"]) == []
