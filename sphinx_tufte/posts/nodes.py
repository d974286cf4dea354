"""The doctree nodes of posts: the ``postlist`` placeholder and a ``<time>`` element.

A ``postlist`` stays in the pickled doctree and is replaced by ordinary docutils nodes
when the page is written, so any builder and any theme gets a plain list. Only the
date needs a node of its own, to write ``<time datetime>`` in HTML; every other
builder writes its text as an inline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class postlist(nodes.General, nodes.Element):
    """Where a list of posts goes; its options are the node's attributes."""


class post_date(nodes.inline):
    """A date; ``datetime`` holds its ISO 8601 form."""


def _skip(self: Any, node: nodes.Element) -> None:
    # Reached only if resolution did not run (a builder without doctree-resolved).
    raise nodes.SkipNode


def visit_post_date_html(self: Any, node: post_date) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"]))


def depart_post_date_html(self: Any, node: post_date) -> None:
    self.body.append("</time>")


def _visit_inline(self: Any, node: nodes.Element) -> None:
    self.visit_inline(node)


def _depart_inline(self: Any, node: nodes.Element) -> None:
    self.depart_inline(node)


def setup(app: Sphinx) -> None:
    skip = (_skip, None)
    app.add_node(postlist, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    inline = (_visit_inline, _depart_inline)
    app.add_node(
        post_date,
        html=(visit_post_date_html, depart_post_date_html),
        latex=inline,
        text=inline,
        man=inline,
        texinfo=inline,
    )
