"""Notes copied from a Tufte CSS page (raw ``label.margin-toggle`` + ``input.margin-toggle``
+ ``span.sidenote`` or ``span.marginnote``) render as this theme's notes: numbered in
sequence with the page's other notes, with its own toggle, no checkbox; in MyST (inline
HTML) and in reST (a ``raw:: html`` block), and under builders other than HTML."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

SIDENOTE = (
    '<label for="sn-copied" class="margin-toggle sidenote-number"></label>'
    '<input type="checkbox" id="sn-copied" class="margin-toggle"/>'
    '<span class="sidenote">A copied note with *emphasis* and a [link](https://example.org).</span>'
)
MARGINNOTE = (
    '<label for="mn-copied" class="margin-toggle">&#8853;</label>'
    '<input type="checkbox" id="mn-copied" class="margin-toggle"/>'
    '<span class="marginnote">A copied margin note.</span>'
)

MYST_PAGE = f"""
# Copied

First a footnote.[^own]

Then a note copied from Tufte CSS{SIDENOTE} in the middle of a sentence.

A margin note copied too{MARGINNOTE} and the text goes on.

Last a role{{sidenote}}`The page's own role.` at the end.

[^own]: The page's own footnote.
"""

RST_PAGE = """
Copied
======

Before the block.\\ [#own]_

.. raw:: html

   <p>A paragraph copied whole<label for="sn-1" class="margin-toggle sidenote-number"></label><input type="checkbox" id="sn-1" class="margin-toggle"/><span class="sidenote">With <em>its</em> note, <a href="https://example.org/x">linked</a>.</span> and more text.</p>
   <p>A second paragraph<label for="mn-1" class="margin-toggle">&#8853;</label><input type="checkbox" id="mn-1" class="margin-toggle"/><span class="marginnote">Its margin note.</span>.</p>
   <div class="kept">Other HTML stays as it was.</div>

.. raw:: html

   <p>A raw block without notes is left alone.</p>

.. [#own] The page's own footnote.
"""

RST_CONF = """
project = "Copied"
html_theme = "tufte"
extensions = ["sphinx_tufte"]
"""


def notes_in_order(soup: Any) -> list[tuple[str, str]]:
    return [
        (" ".join(note["class"]), note.get("aria-label", ""))
        for note in soup.select("article span.sidenote, article span.marginnote, main span.sidenote, main span.marginnote")
    ]


def assert_no_tufte_css_machinery(soup: Any) -> None:
    assert soup.select("input[type=checkbox], input.margin-toggle") == [], "no checkbox from the copied markup"
    assert soup.select("label.margin-toggle") == []
    assert soup.select("#sn-copied, #mn-copied") == []


@pytest.fixture(scope="module")
def myst(shared_build: Callable[..., Any]) -> Any:
    return shared_build({"index.md": MYST_PAGE})


def test_myst_inline_html_becomes_numbered_notes(myst: Any) -> None:
    soup = myst.soup()
    assert myst.warning_lines() == [], myst.warnings
    assert notes_in_order(soup) == [
        ("sidenote", "Note 1"),
        ("sidenote", "Note 2"),
        ("marginnote", "Margin note"),
        ("sidenote", "Note 3"),
    ]
    copied = soup.select("span.sidenote")[1]
    assert copied.get_text().endswith("A copied note with emphasis and a link.")
    assert copied.select_one("em").get_text() == "emphasis"
    assert copied.select_one("a")["href"] == "https://example.org"
    # This theme's own toggle: a button that controls the note.
    button = copied.find_previous_sibling("button")
    assert button is not None and button["aria-controls"] == copied["id"] and button.get_text() == "2"
    margin = soup.select_one("span.marginnote")
    assert margin.get_text(" ", strip=True) == "A copied margin note."
    assert soup.find(string=lambda text: "\u2295" in text and text.parent.name != "button") is None
    assert_no_tufte_css_machinery(soup)


def test_rest_raw_block_becomes_paragraphs_with_notes(shared_build: Callable[..., Any]) -> None:
    built = shared_build({"conf.py": RST_CONF, "index.rst": RST_PAGE})
    assert built.warning_lines() == [], built.warnings
    soup = built.soup()
    assert notes_in_order(soup) == [("sidenote", "Note 1"), ("sidenote", "Note 2"), ("marginnote", "Margin note")]
    copied = soup.select("span.sidenote")[1]
    paragraph = copied.find_parent("p")
    assert " ".join(paragraph.get_text(" ").split()).startswith("A paragraph copied whole 2")
    assert paragraph.get_text().rstrip().endswith("and more text.")
    assert copied.select_one("em").get_text() == "its"
    assert copied.select_one("a")["href"] == "https://example.org/x"
    assert soup.select_one("div.kept").get_text().strip() == "Other HTML stays as it was."
    assert any(p.get_text() == "A raw block without notes is left alone." for p in soup.select("p"))
    assert_no_tufte_css_machinery(soup)


@pytest.mark.parametrize("buildername", ["latex", "text"])
def test_other_builders_get_notes_too(shared_build: Callable[..., Any], buildername: str) -> None:
    built = shared_build({"index.md": MYST_PAGE}, buildername=buildername)
    assert built.statuscode == 0
    out = next(p for p in built.outdir.iterdir() if p.suffix in (".tex", ".txt"))
    text = out.read_text(encoding="utf-8")
    assert "A copied note with" in text and "margin-toggle" not in text
    if buildername == "latex":
        assert "\\footnote" in text and "\\marginpar" in text


def test_an_unclosed_note_span_is_a_located_warning(build: Callable[..., Any]) -> None:
    page = "# Broken\n\nText<span class=\"sidenote\">A note never closed.\n"
    built = build({"index.md": page})
    lines = [line for line in built.warning_lines() if "[tufte.tufte_css]" in line]
    assert len(lines) == 1, built.warnings
    assert "index.md:3:" in lines[0] and "not closed" in lines[0]
    assert "A note never closed." in built.soup().select_one("span.sidenote").get_text()


@pytest.mark.browser
def test_in_a_browser_the_copied_note_is_a_note(myst: Any, open_page: Callable[..., Any]) -> None:
    wide = open_page(myst.outdir, width=1400).page
    assert wide.locator("input[type=checkbox]").count() == 0
    note = wide.locator("span.sidenote").nth(1)
    text = note.locator("xpath=ancestor::p[1]")
    # Beside its paragraph, in the margin.
    assert note.bounding_box()["x"] > text.bounding_box()["x"] + 0.6 * text.bounding_box()["width"]
    phone = open_page(myst.outdir, width=375).page
    button = phone.locator("button.sidenote-number").nth(1)
    button.focus()
    assert phone.evaluate("document.activeElement.textContent") == "2"
    before = button.get_attribute("aria-expanded")
    phone.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") != before
