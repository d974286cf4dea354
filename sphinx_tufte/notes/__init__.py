"""Sidenotes and margin notes.

How a note travels through a build:

- Reading (:mod:`.nodes`): the ``sidenote``/``marginnote`` roles and directives make
  :class:`sidenote` and :class:`marginnote` nodes holding the note's body. A
  ``sidenote`` directive placed right after a paragraph is moved to that paragraph's
  end, so its number follows the last word, as a footnote reference would. Footnotes
  stay footnotes in the doctree.
- Resolving (:mod:`.footnotes`, a post-transform per kind of builder): for HTML with
  sidenotes on, every referenced footnote becomes a note at its first reference (a
  ``{-}`` footnote a margin note), later references link to it, and every sidenote gets
  its number, in page order, restarting on each page. LaTeX keeps footnotes (and turns
  sidenotes into them); text, man, texinfo and the builders without a visitor (xml,
  ...) get ordinary footnotes through :func:`restore_footnotes`.
- Writing: :mod:`.html` (notes as phrasing content inside their paragraph) and
  :mod:`.writers` (LaTeX ``\\marginpar``, text, man, texinfo).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_tufte.notes import footnotes, html, nodes, tufte_css, writers
from sphinx_tufte.notes.footnotes import AGAIN_CLASS, HAS_NOTES, PLACED, footnotes_to_notes, restore_footnotes
from sphinx_tufte.notes.html import JS_FILE
from sphinx_tufte.notes.nodes import MARGIN_MARKER, NOTE_TYPES, is_note, marginnote, sidenote

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = [
    "AGAIN_CLASS",
    "HAS_NOTES",
    "JS_FILE",
    "MARGIN_MARKER",
    "NOTE_TYPES",
    "PLACED",
    "footnotes_to_notes",
    "is_note",
    "marginnote",
    "restore_footnotes",
    "setup",
    "sidenote",
]


def setup(app: Sphinx) -> None:
    for node_class, other_writers in ((sidenote, writers.SIDENOTE), (marginnote, writers.MARGINNOTE)):
        app.add_node(
            node_class, override=True, html=(html.visit_note_html, html.depart_note_html), **other_writers
        )
    nodes.setup(app)
    footnotes.setup(app)
    html.setup(app)
    tufte_css.setup(app)
