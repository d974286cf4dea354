"""A note's content is written as phrasing content by a translator of its own
(sphinx_tufte.notes.html): raw HTML passes through it untouched, and the notes keep no
state on the environment, the builder or the translator."""

from __future__ import annotations

import pytest

RST_CONF = """
project = "Test Site"
html_theme = "tufte"
extensions = ["sphinx_tufte"]
"""

RAW_RST = """
Raw
===

Text with a raw note [#raw]_ and more [#code]_.

.. [#raw] Before the list.

   .. raw:: html

      <ul title="x>y" data-note='a "b" c'><li>raw item</li></ul>

.. [#code] Code in a note:

   .. code-block:: python

      a = 1 < 2
"""

RAW_MD = """
# Raw

Text with a raw note[^html].

[^html]: Before the list.

    ```{raw} html
    <ul title="x>y"><li>raw item</li></ul>
    ```
"""


def _note(built, note_id: str):
    soup = built.soup()
    note = soup.select_one(f"#{note_id}")
    assert note is not None and note.name == "span", built.text("index.html")
    return note


@pytest.mark.parametrize("source", ["rst", "md"])
def test_raw_html_in_a_note_keeps_its_attributes(build, source):
    if source == "rst":
        built = build({"conf.py": RST_CONF, "index.rst": RAW_RST})
    else:
        built = build({"index.md": RAW_MD})
    note = _note(built, "sn-1")
    raw = note.select_one("ul")
    assert raw is not None, "raw HTML is passed through as written, not turned into spans"
    assert raw["title"] == "x>y"
    assert raw.get("role") is None and raw.get("class") is None
    assert [li.get_text() for li in raw.select("li")] == ["raw item"]
    if source == "rst":
        assert raw["data-note"] == 'a "b" c'
        # The writer's own blocks around it are still phrasing.
        assert note.select_one("span.tufte-p").get_text() == "Before the list."
        code = _note(built, "sn-2").select_one(".tufte-pre")
        assert code is not None and code.get_text() == "a = 1 < 2\n"


def test_no_state_on_environment_or_builder(build):
    built = build({"index.md": "# T\n\nText[^a] and {sidenote}`b`.\n\n[^a]: A.\n"})
    assert built.soup().select_one("#sn-1") is not None
    leftovers = [name for name in (*vars(built.app.env), *vars(built.app.builder)) if name.startswith("_tufte")]
    assert leftovers == []


OVERRIDE_CONF = '''
project = "Test Site"
html_theme = "tufte"
extensions = ["sphinx_tufte"]

from docutils import nodes


def visit_literal(self, node):
    # Reads the page translator's state from inside a note: where it is in the page.
    self.body.append(
        f'<code class="overridden" data-level="{self.section_level}">{self.encode(node.astext())}</code>'
    )
    raise nodes.SkipNode


def setup(app):
    app.add_node(nodes.literal, override=True, html=(visit_literal, None))
'''

OVERRIDE_RST = """
Top
===

Section
-------

Page ``code`` with a note [#a]_ and after.

.. [#a] Note ``code`` with a note of its own [#b]_.

.. [#b] Inner ``code``.
"""


def test_a_notes_writer_keeps_the_page_translators_handlers_and_place(build):
    """A note's writer reads the page translator's state without copying it: a handler
    another extension set on the page's translator for a node the class writes too
    (here ``literal``) still writes that node inside a note, and inside a note's note,
    and what the handler reads of the page (its section level) is the page's."""
    built = build({"conf.py": OVERRIDE_CONF, "index.rst": OVERRIDE_RST})
    soup = built.soup()
    codes = soup.select("code")
    assert [c.get_text() for c in codes] == ["code", "code", "code"], built.text("index.html")
    assert all("overridden" in c.get("class", []) for c in codes)
    assert {c["data-level"] for c in codes} == {"2"}
    outer, inner = soup.select_one("#sn-1"), soup.select_one("#sn-2")
    assert outer is not None and inner is not None
    assert outer.select_one("code.overridden") is not None and inner.select_one("code.overridden") is not None
    assert "and after." in soup.select_one("#sn-1").find_parent("p").get_text()
