"""Sidenotes and margin notes in HTML: from MyST and reST footnotes, from the roles and
directives; numbers, ids, warnings, other themes, restoring footnotes. (Browser checks:
test_notes_browser.py; builders: test_builders.py; -j 2 and incremental builds:
test_robust_parallel.py.)"""

from __future__ import annotations

import re
import struct
import zlib
from collections import Counter

import pytest
from docutils import nodes

from sphinx_tufte import notes


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 40, 20, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x20\x20\x20" * 40 for _ in range(20))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


# One MyST page with every form of note, figure and typography the package adds.
EVERY_FORM_MD = """
---
subtitle: A page full of notes
---
# Notes everywhere

{newthought}`In the beginning` there was text[^why] and a margin remark[^aside]. The
same note again[^why]. Math $e^{i\\pi}$ in a note[^math].

An explicit {sidenote}`inline note with *emphasis* and a [link](https://example.org)`
and {marginnote}`an inline margin note`.

A paragraph the directive hangs on.

```{sidenote}
A block note with a list:

- first item
- second item
```

```{marginnote}
A block margin note.
```

```{margin-figure} dot.png
:alt: A grey box

A margin figure's caption.
```

```{figure} dot.png
:alt: A grey box in the column

A main-column figure whose caption sits in the margin.
```

:::{fullwidth}
A full-width paragraph.
:::

```{epigraph}
Words of wisdom.

-- Someone Wise
```

[^why]: The reason, with `code`, a [link](https://example.org) and *emphasis*.

    A second paragraph of the same note.

    ```python
    print("code in a note")
    ```

[^aside]: {-} A margin note made from a footnote.

[^math]: Display math, and an image ![A tiny grey box](dot.png):

    $$
    a^2 + b^2 = c^2
    $$

    - a list item
    - another
"""

# The note texts every builder must keep.
EVERY_FORM_TEXTS = [
    "The reason, with",
    "A second paragraph of the same note.",
    "code in a note",
    "A margin note made from a footnote.",
    "Display math",
    "a list item",
    "inline note with",
    "an inline margin note",
    "A block note with a list",
    "second item",
    "A block margin note.",
    "A margin figure",
    "A main-column figure whose caption sits in the margin.",
    "A full-width paragraph.",
    "Words of wisdom.",
]

EVERY_FORM_RST = """
Notes in reST
=============

:newthought:`Auto-numbered` [#why]_, numbered [1]_, symbol [*]_, anonymous [#]_ and
a margin note [#aside]_. Again [#why]_. Inline :sidenote:`a *role* note` and
:marginnote:`a margin role`.

A paragraph the directive hangs on.

.. sidenote::

   A block note.

   - with a list

.. marginnote::

   A block margin note.

.. margin-figure:: dot.png
   :alt: A grey box

   Margin figure caption.

.. fullwidth::

   Full-width text.

.. epigraph::

   Words of wisdom.

   -- Someone Wise

.. [#why] The labelled auto-numbered note, with ``code`` and a `link <https://example.org>`_.

   Its second paragraph.

.. [1] The manually numbered note.
.. [*] The symbol note.
.. [#] The anonymous auto-numbered note.
.. [#aside] {-} A margin note from a reST footnote.
"""

RST_CONF = """
project = "Test Site"
html_theme = "tufte"
extensions = ["sphinx_tufte"]
"""


# Warnings that say an optional dependency of another capability is missing from the
# environment (Pillow, for responsive images): not about the notes, tested elsewhere.
OPTIONAL_DEPENDENCY_WARNINGS = ("[tufte.pillow_missing]",)


def page_warnings(built) -> list[str]:
    """Warnings about the pages, leaving out configuration ones (located in conf.py)
    and missing optional dependencies, which belong to other tests."""
    return [
        line
        for line in built.warning_lines()
        if "conf.py" not in line and not line.rstrip().endswith(OPTIONAL_DEPENDENCY_WARNINGS)
    ]


def every_form_project() -> dict[str, str | bytes]:
    return {"index.md": EVERY_FORM_MD, "dot.png": tiny_png()}


def article(soup):
    return soup.select_one("article") or soup.select_one("div.body") or soup.body


def sidenote_numbers(soup) -> list[str]:
    return [button.get_text() for button in article(soup).select("button.sidenote-number")]


# ---- MyST footnotes -----------------------------------------------------------------


def test_myst_footnotes_become_sidenotes_with_everything_they_held(shared_build):
    built = shared_build(every_form_project())
    soup = built.soup()
    body = article(soup)

    # Numbers in the HTML, in reading order, counting footnotes and explicit notes together.
    assert sidenote_numbers(soup) == ["1", "2", "3", "4"]
    notes_ = body.select("span.sidenote, div.sidenote")
    assert [n.select_one(".sidenote-marker").get_text() for n in notes_] == ["1", "2", "3", "4"]

    first = body.select_one("#sn-1")
    assert first.name == "span" and first["role"] == "note"
    assert first.find_parent("p") is not None, "a footnote's note sits in the referencing paragraph"
    assert first.select_one("code").get_text() == "code"
    assert first.select_one("a[href='https://example.org']").get_text() == "link"
    assert first.select_one("em").get_text() == "emphasis"
    assert "A second paragraph of the same note." in first.get_text()
    assert 'print("code in a note")' in first.select_one(".tufte-pre").get_text()
    # It scrolls sideways when long, so the keyboard reaches it, as a code block.
    assert first.select_one(".tufte-pre")["tabindex"] == "0"
    # The button before it controls it.
    button = first.find_previous_sibling("button")
    assert button["aria-controls"] == "sn-1" and button.get_text() == "1"
    assert button["aria-expanded"] == "true"

    math_note = body.select_one("#sn-2")
    assert "Display math" in math_note.get_text()
    assert [li.get_text(strip=True) for li in math_note.select("[role=listitem]")] == ["a list item", "another"]
    assert math_note.select_one(".math, math") is not None
    assert math_note.select_one("img")["alt"] == "A tiny grey box"

    # No footnote list is left behind, nor MyST's rule above it.
    assert not body.select(".footnote-list, aside.footnote, hr.footnotes")


def test_second_reference_shows_same_number_and_links_to_the_note(shared_build):
    soup = shared_build(every_form_project()).soup()
    again = article(soup).select("a.sidenote-again")
    assert len(again) == 1
    assert again[0].get_text() == "1" and again[0]["href"] == "#sn-1"
    assert len(article(soup).select("button[aria-controls=sn-1]")) == 1


def test_dash_footnote_becomes_unnumbered_margin_note_without_marker(shared_build):
    soup = shared_build(every_form_project()).soup()
    margin = [m for m in article(soup).select(".marginnote") if "from a footnote" in m.get_text()]
    assert len(margin) == 1
    assert margin[0].get_text(strip=True) == "A margin note made from a footnote."
    assert "{-}" not in article(soup).get_text()
    assert margin[0].select(".sidenote-marker") == []
    toggle = margin[0].find_previous_sibling("button")
    assert "marginnote-toggle" in toggle["class"] and toggle["aria-controls"] == margin[0]["id"]


def test_explicit_roles_and_directives(shared_build):
    soup = shared_build(every_form_project()).soup()
    body = article(soup)
    role_note = body.select_one("#sn-3")
    assert role_note.get_text(" ", strip=True).endswith("inline note with emphasis and a link")
    assert role_note.select_one("em").get_text() == "emphasis"
    # The sidenote directive hangs on the end of the paragraph before it.
    block = body.select_one("#sn-4")
    paragraph = block.find_parent("p")
    assert paragraph is not None and paragraph.get_text().startswith("A paragraph the directive hangs on.")
    assert [li.get_text(strip=True) for li in block.select("[role=listitem]")] == ["first item", "second item"]
    # The margin note directive stands between paragraphs: a real block.
    block_margin = [m for m in body.select("div.marginnote") if "A block margin note." in m.get_text()]
    assert len(block_margin) == 1 and block_margin[0]["role"] == "note"
    inline_margin = [m for m in body.select("span.marginnote") if "an inline margin note" in m.get_text()]
    assert len(inline_margin) == 1


def test_block_content_stays_phrasing_inside_paragraphs(shared_build):
    soup = shared_build(every_form_project()).soup()
    for paragraph in article(soup).select("p"):
        blocks = paragraph.find_all(["div", "p", "ul", "ol", "li", "pre", "table", "blockquote", "figure"])
        assert blocks == [], f"block element inside <p>: {[b.name for b in blocks]}"


def test_numbers_restart_on_each_page(build):
    page = "# {title}\n\nText[^a] and more[^b].\n\n[^a]: A.\n[^b]: B.\n"
    built = build({"index.md": page.format(title="One") + "\n```{toctree}\ntwo\n```\n", "two.md": page.format(title="Two")})
    assert sidenote_numbers(built.soup("index.html")) == ["1", "2"]
    assert sidenote_numbers(built.soup("two.html")) == ["1", "2"]


def test_footnotes_at_the_end_or_in_place_and_unsorted(build):
    md = "# T\n\nB first[^b], then a[^a].\n\n[^a]: Note A.\n\nMiddle paragraph.\n\n[^b]: Note B.\n"
    for transition, sort in [(True, True), (False, False)]:
        built = build(
            {"index.md": md},
            confoverrides={"myst_footnote_transition": transition, "myst_footnote_sort": sort},
        )
        body = article(built.soup())
        assert body.select_one("#sn-1").get_text(strip=True).endswith("Note B.")
        assert body.select_one("#sn-2").get_text(strip=True).endswith("Note A.")
        assert "Middle paragraph." in body.get_text()
        assert not body.select(".footnote-list, hr")


def test_ids_are_unique_whatever_the_text(build):
    md = """
    # sn-1

    (sn-2)=
    ## mn-1

    Text[^sn-1] and {sidenote}`sn-1` and {marginnote}`mn-1` and[^x].

    [^sn-1]: The note labelled like an id.
    [^x]: {-} mn-1
    """
    soup = build({"index.md": md}).soup()
    ids = [tag["id"] for tag in soup.select("[id]")]
    duplicates = [i for i, count in Counter(ids).items() if count > 1]
    assert duplicates == []
    for button in soup.select("button[aria-controls]"):
        assert soup.find(id=button["aria-controls"]) is not None


def test_note_text_is_escaped(build):
    # reST, because Markdown passes raw HTML through by design.
    rst = 'T\n=\n\nText [#x]_ and :sidenote:`<img src=x onerror=alert(1)>`.\n\n.. [#x] <script>alert(1)</script> & "q"\n'
    built = build({"conf.py": RST_CONF, "index.rst": rst})
    html = built.text("index.html")
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html


# ---- reST footnotes ------------------------------------------------------------------


def test_rest_numbered_auto_symbol_and_anonymous_footnotes(shared_build):
    built = shared_build({"conf.py": RST_CONF, "index.rst": EVERY_FORM_RST, "dot.png": tiny_png()})
    assert page_warnings(built) == []
    body = article(built.soup())
    # [1] is the author's number (issue 14), so the auto-numbered note before it is 2.
    assert sidenote_numbers(built.soup()) == ["2", "1", "3", "4", "5", "6"]
    texts = [n.get_text(" ", strip=True) for n in body.select(".sidenote")]
    assert texts[0].startswith("2 The labelled auto-numbered note, with code and a link")
    assert "Its second paragraph." in texts[0]
    assert texts[1].endswith("The manually numbered note.")
    assert texts[2].endswith("The symbol note.")
    assert texts[3].endswith("The anonymous auto-numbered note.")
    assert texts[4].endswith("a role note")
    assert texts[5].startswith("6 A block note.")
    margins = [m.get_text(" ", strip=True) for m in body.select(".marginnote")]
    assert margins == ["A margin note from a reST footnote.", "a margin role", "A block margin note."]
    assert [a.get_text() for a in body.select("a.sidenote-again")] == ["2"]
    assert not body.select(".footnote-list")


# ---- warnings -------------------------------------------------------------------------


def test_unreferenced_footnote_warns_with_location_and_is_kept(build):
    md = "# T\n\nText[^used].\n\n[^used]: Used.\n\n[^unused]: Never referenced.\n"
    built = build({"index.md": md})
    assert re.search(r"index\.md:7: WARNING: Footnote .* is not referenced", built.warnings), built.warnings
    body = article(built.soup())
    # Not lost: it stays an ordinary footnote.
    assert "Never referenced." in body.select_one(".footnote-list").get_text()
    assert body.select_one("#sn-1").get_text(strip=True).endswith("Used.")


def test_missing_footnote_warns_with_location(build):
    built = build({"index.md": "# T\n\nText[^used] and[^missing].\n\n[^used]: Used.\n"})
    assert re.search(r"index\.md:3: (WARNING|ERROR): .*missing", built.warnings), built.warnings
    assert article(built.soup()).select_one("#sn-1").get_text(strip=True).endswith("Used.")


def test_rest_missing_footnote_warns(build):
    built = build({"conf.py": RST_CONF, "index.rst": "T\n=\n\nText [#nope]_.\n"})
    assert re.search(r"index\.rst:\d+: (WARNING|ERROR): .*nope", built.warnings), built.warnings


def test_empty_role_and_directive_warn(build):
    md = "# T\n\nText {sidenote}` ` here.\n\n```{marginnote}\n```\n"
    built = build({"index.md": md})
    lines = [line for line in built.warning_lines() if "[tufte.empty_note]" in line]
    assert len(lines) == 2, built.warnings
    assert all(re.match(r".*index\.md:\d+: WARNING", line) for line in lines)


# ---- configuration and other themes ---------------------------------------------------


def test_tufte_sidenotes_off_keeps_footnotes(build):
    built = build(every_form_project(), confoverrides={"tufte_sidenotes": False})
    body = article(built.soup())
    assert body.select(".footnote-list, aside.footnote")
    assert "The reason, with" in body.select_one("aside.footnote-list, .footnote").get_text()
    # Explicit notes are still notes, numbered from 1.
    assert sidenote_numbers(built.soup()) == ["1", "2"]
    # {-} footnotes are margin notes whatever the setting: the marker is never shown.
    assert "{-}" not in body.get_text()


@pytest.mark.parametrize("theme", ["alabaster", "basic"])
def test_other_themes_keep_footnotes_unless_asked_and_render_notes(build, theme):
    conf = f"extensions = ['myst_parser', 'sphinx_tufte']\nhtml_theme = '{theme}'\nmyst_enable_extensions = ['dollarmath', 'colon_fence']\n"
    files = {**every_form_project(), "conf.py": conf}
    built = build(files)
    soup = built.soup()
    assert soup.select_one("link[href*='tufte-directives.css']") is not None
    assert ".sidenote" in (built.outdir / "_static/tufte-directives.css").read_text()
    # Off by default under another theme: footnotes stay footnotes.
    assert "The reason, with" in soup.select_one(".footnote-list, aside.footnote, .footnote").get_text()
    assert "inline note with" in soup.select_one(".sidenote").get_text()

    on = build(files, confoverrides={"tufte_sidenotes": True}).soup()
    assert "The reason, with" in on.select_one("#sn-1").get_text()
    assert not on.select(".footnote-list")
    for text in EVERY_FORM_TEXTS:
        assert text in on.get_text(" "), text


def test_script_only_on_pages_with_notes(build):
    built = build({"index.md": "# Home\n\nText[^a].\n\n[^a]: A.\n\n```{toctree}\nplain\n```\n", "plain.md": "# Plain\n\nNo notes.\n"})
    assert built.soup("index.html").select_one("script[src*='tufte-notes.js']")["defer"] is not None
    assert built.soup("plain.html").select_one("script[src*='tufte-notes.js']") is None


# ---- restore_footnotes ------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
def test_restore_footnotes_turns_every_note_back_into_numbered_footnotes(shared_build):
    built = shared_build(every_form_project())
    env = built.app.env
    doctree = env.get_and_resolve_doctree("index", built.app.builder)
    assert any(doctree.findall(notes.sidenote)) and any(doctree.findall(notes.marginnote))
    copy = doctree.deepcopy()
    notes.restore_footnotes(copy)

    assert not any(copy.findall(notes.is_note))
    footnotes = list(copy.findall(nodes.footnote))
    labels = [f[0].astext() for f in footnotes]
    # 4 sidenotes and 3 margin notes (from a footnote, the role, the directive); the
    # second reference to the first note adds none.
    assert labels == [str(n) for n in range(1, 8)]
    assert all(f.parent is copy for f in footnotes), "footnotes go at the end of the document"
    refs = list(copy.findall(nodes.footnote_reference))
    assert [r.astext() for r in refs] == ["1", "2", "1", "3", "4", "5", "6", "7"]
    by_id = {i: f for f in footnotes for i in f["ids"]}
    for ref in refs:
        assert ref["refid"] in by_id
        assert ref["ids"][0] in by_id[ref["refid"]]["backrefs"]
    text = " ".join(f.astext() for f in footnotes)
    for expected in ["A second paragraph of the same note.", "A margin note made from a footnote.", "an inline margin note", "A block margin note.", "second item"]:
        assert expected in text
    # The original was left alone.
    assert any(doctree.findall(notes.sidenote))

    # And the result is writable as ordinary HTML, with Sphinx's own writer.
    html = built.app.builder.render_partial(copy)["fragment"]
    assert "A margin note made from a footnote." in html
    assert 'class="footnote-reference' in html and "sidenote" not in html


def test_restore_footnotes_on_a_doctree_as_read(shared_build):
    """Before the writing stage, footnotes are still footnotes (with their {-} markers)
    and only the explicit notes are notes: the result is the same kind of document."""
    built = shared_build(every_form_project())
    copy = built.app.env.get_doctree("index").deepcopy()
    notes.restore_footnotes(copy)
    assert not any(copy.findall(notes.is_note))
    footnotes = list(copy.findall(nodes.footnote))
    assert [f[0].astext() for f in footnotes] == [str(n) for n in range(1, 8)]
    assert "{-}" not in copy.astext()
    refs = [r.astext() for r in copy.findall(nodes.footnote_reference)]
    assert refs == ["1", "2", "1", "3", "4", "5", "6", "7"]
    texts = [f.astext() for f in footnotes]
    assert texts[1].startswith("2") and "A margin note made from a footnote." in texts[1]
    assert "inline note with" in texts[3]


# ---- HTML validity -----------------------------------------------------------------------


def test_nu_checker_clean_on_every_form(shared_build, vnu):
    built = shared_build(every_form_project())
    rest = shared_build({"conf.py": RST_CONF, "index.rst": EVERY_FORM_RST, "dot.png": tiny_png()})
    errors = vnu([built.outdir / "index.html", rest.outdir / "index.html"])
    assert errors == []


ODD_PLACES_MD = """
# A title with a note[^title]

| column | other |
|--------|-------|
| a cell with a note[^cell] | b |

- a list item with a note[^item]
  - nested[^nested]

```{note}
An admonition with a note[^adm] and {sidenote}`a role note`.
```

Term
: A definition with a note[^def].

A note whose text refers to another.[^outer]

[^title]: Note on the title.
[^cell]: Note in a cell.
[^item]: Note in a list.
[^nested]: Note in a nested list.
[^adm]: Note in an admonition.
[^def]: Note in a definition.
[^outer]: The outer note, pointing to the title's note[^title] and to an inner one[^inner].
[^inner]: The inner note, referenced only from inside another note.
"""


def test_notes_in_odd_places_are_complete(shared_build):
    built = shared_build({"index.md": ODD_PLACES_MD})
    assert page_warnings(built) == []
    soup = built.soup()
    text = article(soup).get_text(" ")
    for phrase in ["Note on the title.", "Note in a cell.", "Note in a list.", "Note in a nested list.",
                   "Note in an admonition.", "a role note", "Note in a definition.", "The outer note",
                   "The inner note, referenced only from inside another note."]:
        assert phrase in text, phrase
    # HTML allows no note inside a heading: the heading links to the note after it.
    link = soup.select_one("h1 a.sidenote-number")
    assert link.get_text() == "1" and link["href"] == "#sn-1"
    after = soup.select_one("h1").find_next_sibling("div")
    assert after["id"] == "sn-1" and after.get_text(strip=True) == "1Note on the title."
    assert "Note on the title" not in soup.title.get_text()
    # Inside another note, a reference to an existing note is a link to it.
    outer = next(n for n in article(soup).select(".sidenote") if "The outer note" in n.get_text())
    assert outer.select_one("a.sidenote-again")["href"] == "#sn-1"
    # A footnote referenced only from inside a note becomes a note inside it, numbered
    # next, so that no footnote label (docutils numbers those too) repeats a note number.
    inner = outer.select_one(".sidenote")
    assert inner.select_one(".sidenote-marker").get_text() == "9"
    assert inner.get_text(strip=True).endswith("The inner note, referenced only from inside another note.")
    assert not article(soup).select(".footnote-list")


def test_notes_in_odd_places_are_valid_html(shared_build, vnu):
    """Apart from the test above: without the checker, that one still runs."""
    built = shared_build({"index.md": ODD_PLACES_MD})
    assert vnu([built.outdir / "index.html"]) == []


def test_bad_config_value_warns_at_conf_py(build):
    conf = "extensions = ['myst_parser', 'sphinx_tufte']\nhtml_theme = 'tufte'\ntufte_sidenotes = 'sometimes'\n"
    built = build({"conf.py": conf, "index.md": "# T\n\nText[^a].\n\n[^a]: A.\n"})
    # One warning, at the line that sets it (the configuration's own, since the values
    # are checked in one place), naming the values allowed.
    assert re.search(
        r"conf\.py:3: WARNING: tufte_sidenotes must be (True, False or None|None or True or False)", built.warnings
    ), built.warnings
    assert built.warnings.count("tufte_sidenotes must be") == 1, built.warnings


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
def test_restore_footnotes_with_notes_in_odd_places(shared_build):
    built = shared_build({"index.md": ODD_PLACES_MD})
    copy = built.app.env.get_and_resolve_doctree("index", built.app.builder).deepcopy()
    notes.restore_footnotes(copy)
    assert not any(copy.findall(notes.is_note))
    footnotes = list(copy.findall(nodes.footnote))
    assert [f[0].astext() for f in footnotes] == [str(n) for n in range(1, 10)]
    refs = [r.astext() for r in copy.findall(nodes.footnote_reference)]
    # The title's note once, in the title; "1" again from inside the outer note.
    assert refs.count("1") == 2 and sorted(set(refs), key=int) == [str(n) for n in range(1, 10)]
    title = next(copy.findall(nodes.title))
    assert [r.astext() for r in title.findall(nodes.footnote_reference)] == ["1"]
    assert footnotes[0].astext().endswith("Note on the title.")
    assert any(f.astext().endswith("The inner note, referenced only from inside another note.") for f in footnotes)


def test_rest_text_after_a_role_parses_as_before(build):
    rst = "T\n=\n\nA :sidenote:`first *one*` then [#x]_ and :marginnote:`second` and *emphasis* [#x]_.\n\n.. [#x] The footnote.\n"
    built = build({"conf.py": RST_CONF, "index.rst": rst})
    assert page_warnings(built) == []
    paragraph = article(built.soup()).select_one("p")
    assert [b.get_text() for b in paragraph.select("button.sidenote-number")] == ["1", "2"]
    assert paragraph.select_one("#sn-2").get_text(strip=True).endswith("The footnote.")
    assert paragraph.find("em", string="emphasis") is not None
    assert [a["href"] for a in paragraph.select("a.sidenote-again")] == ["#sn-2"]


def test_changing_tufte_sidenotes_rewrites_pages(build):
    # With the extension listed: loaded only through the theme, its config values are
    # registered after Sphinx has hashed the configuration for the HTML build info.
    conf = "extensions = ['myst_parser', 'sphinx_tufte']\nhtml_theme = 'tufte'\n"
    first = build({"conf.py": conf, "index.md": "# T\n\nText[^a].\n\n[^a]: The note.\n"})
    assert article(first.soup()).select_one("#sn-1") is not None
    second = build({"conf.py": conf + "tufte_sidenotes = False\n"}, srcdir=first.srcdir, fresh=False)
    body = article(second.soup())
    assert body.select_one("#sn-1") is None
    assert "The note." in body.select_one(".footnote-list").get_text()


def test_note_on_a_heading_stays_out_of_tables_of_contents(build):
    """Found by the fuzz test: headings are also written on their own (the page's
    <title>, tables of contents), where a note was never numbered."""
    conf = "extensions = ['myst_parser', 'sphinx_tufte']\nhtml_theme = 'alabaster'\ntufte_sidenotes = True\n"
    md = "# Home\n\n:::{note}\n[^a] [^a] text\n:::\n\n## A heading {sidenote}`the heading note` and {sidenote}`another`\n\nText.\n\n```{toctree}\n```\n"
    built = build({"conf.py": conf, "index.md": md})
    soup = built.soup()
    body = soup.select_one("div.body")
    # Both notes follow the heading, in reading order.
    assert [n.get_text(" ", strip=True) for n in body.select("div.sidenote")] == ["1 the heading note", "2 another"]
    sidebar = soup.select_one("div.sphinxsidebar")
    assert sidebar is not None and "the heading note" not in sidebar.get_text()
    assert "A heading" in sidebar.get_text()
    assert "the heading note" not in soup.title.get_text()
