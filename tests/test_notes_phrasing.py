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
