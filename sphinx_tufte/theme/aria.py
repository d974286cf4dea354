"""Markup Sphinx and docutils write that ARIA rejects, written valid under the theme.

- A toctree's ``:caption:`` is ``<p class="caption" role="heading">``, and ARIA requires
  a level with that role (the Nu checker rejects the page; a screen reader guesses the
  level). ``sphinx-quickstart`` gives every new project's home page such a caption, so
  the theme writes the level: one below the section holding the toctree, as a heading
  written there would have.
- Citations are ``<div role="doc-biblioentry">`` in a ``<div role="list">``: DPUB-ARIA
  deprecated that role (axe: aria-deprecated-role, aria-allowed-role), and a list's
  children must be list items (aria-required-children). Under the theme each citation
  is a ``listitem`` of that list.

Under any other theme Sphinx's and docutils' markup is left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from sphinx_tufte.theme.scrolling import themed

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


def _is_toctree_caption(node: nodes.title) -> bool:
    return isinstance(node.parent, addnodes.compact_paragraph) and bool(node.parent.get("toctree"))


def visit_title(self: HTML5Translator, node: nodes.title) -> None:
    if not (_is_toctree_caption(node) and themed(self)):
        return type(self).visit_title(self, node)
    level = min(self.section_level + 1, 6)
    self.body.append(self.starttag(node, "p", "", CLASS="caption", ROLE="heading", **{"aria-level": str(level)}))
    # As Sphinx's visit_title goes on for a toctree caption.
    self.body.append('<span class="caption-text">')
    self.context.append("</span></p>\n")
    self.add_secnumber(node)
    self.add_fignumber(node.parent)
    return None


def depart_title(self: HTML5Translator, node: nodes.title) -> None:
    type(self).depart_title(self, node)


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    if not themed(self):
        return type(self).visit_citation(self, node)
    # docutils' visit_citation (a run of citations shares one list), with the role.
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))
    return None


def depart_citation(self: HTML5Translator, node: nodes.citation) -> None:
    type(self).depart_citation(self, node)


def add_valid_roles(app: Sphinx) -> None:
    app.add_node(nodes.title, override=True, html=(visit_title, depart_title))
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
