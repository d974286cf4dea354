"""Tab stops on the blocks that scroll sideways under the theme.

Code blocks and tables scroll inside their own box when they are too wide (tufte.css);
a region that scrolls must be reachable by keyboard (WCAG 2.1.1), so each gets
``tabindex="0"``, written by the translator as it writes the tag. Highlighted code is
written by Pygments (see :mod:`sphinx_tufte.code`); these visitors cover tables and
literal blocks that are not highlighted (``parsed-literal``). Under any other theme
they write exactly what Sphinx writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

TAB_STOP = {"tabindex": "0"}


def themed(translator: HTML5Translator) -> bool:
    """Whether ``translator`` writes a tufte page (these visitors and aria.py's are
    registered for every theme, and write Sphinx's own markup under the others)."""
    from sphinx_tufte.theme import builder_uses_theme  # the package imports this module

    return builder_uses_theme(translator.builder)


def visit_table(self: HTML5Translator, node: nodes.table) -> None:
    if not themed(self):
        return type(self).visit_table(self, node)
    # Sphinx's HTML5Translator.visit_table, with the tab stop.
    self._table_row_indices.append(0)
    classes = [cls.strip(" \t\n") for cls in self.settings.table_style.split(",")]
    classes.insert(0, "docutils")
    classes.append(f"align-{node.get('align', 'default')}")
    attributes: dict[str, Any] = dict(TAB_STOP)
    if "width" in node:
        attributes["style"] = f"width: {node['width']}"
    self.body.append(self.starttag(node, "table", CLASS=" ".join(classes), **attributes))
    return None


def depart_table(self: HTML5Translator, node: nodes.table) -> None:
    type(self).depart_table(self, node)


def visit_literal_block(self: HTML5Translator, node: nodes.literal_block) -> None:
    # Highlighted blocks (rawsource is the text) are Sphinx's, through the formatter.
    if node.rawsource == node.astext() or not themed(self):
        return type(self).visit_literal_block(self, node)
    # docutils' visit_literal_block for a parsed literal, with the tab stop.
    self.body.append(self.starttag(node, "pre", "", CLASS="literal-block", **TAB_STOP))
    if "code" in node["classes"]:
        self.body.append("<code>")
    return None


def depart_literal_block(self: HTML5Translator, node: nodes.literal_block) -> None:
    type(self).depart_literal_block(self, node)


def add_scroll_stops(app: Sphinx) -> None:
    # One registration per HTML builder name; epub and the others fall back to format.
    app.add_node(nodes.table, override=True, html=(visit_table, depart_table))
    app.add_node(nodes.literal_block, override=True, html=(visit_literal_block, depart_literal_block))
