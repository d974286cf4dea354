"""A page's list of its own sections ("On this page"), placed right after its title.

On phones the list sits in the text column, and a page should start with what it is
(its title) before where it goes, as Furo and the Book theme show "On this page" under
the title; on wide screens the same list floats into the margin beside the first
lines. The title is in the page's body, so the list cannot be put after it from the
layout template: a node marks the place in the doctree being written, and its visitor
renders ``tufte/navigation/page-toc.html`` there (a theme can still override it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinx_tufte import locale
from sphinx_tufte.navigation import options as nav_options
from sphinx_tufte.navigation import tree

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

TEMPLATE = "tufte/navigation/page-toc.html"


class page_toc(nodes.General, nodes.Element):  # noqa: N801 (docutils' node naming)
    """Where the page's list of sections goes (``headings``: its :class:`.tree.Heading`
    tuple); holds no text, so search does not index it."""


def headings(toc: tuple[tree.Heading, ...]) -> list[dict[str, Any]]:
    from markupsafe import Markup

    # Markup: titles are HTML already (titles.py); the template's |e leaves it as it is.
    return [{"title": Markup(h.title), "href": h.anchor, "children": headings(h.children)} for h in toc]


def wanted(app: Sphinx, docname: str) -> bool:
    """Documentation pages list their sections; a personal site's home and about pages
    stay quiet, and its long posts list their parts."""
    from sphinx_tufte.theme import merged_options

    env = app.env
    if docname not in env.all_docs:
        return False
    if docname in tree.posts_of(env):
        return True
    option = nav_options.clean(merged_options(app.builder)).navigation
    return tree.page_mode(env, app.config.root_doc, option) == tree.DOCS


def _place(doctree: nodes.document) -> tuple[nodes.Element, int]:
    """Just after the title of the page's first section, else at the top."""
    section = next((child for child in doctree.children if isinstance(child, nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        return section, 1
    return doctree, 0


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    from sphinx_tufte.navigation import _uses_theme

    # singlehtml resolves one doctree for the whole site; its pages are not pages.
    if app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    # The cheapest question first: most pages of a personal site have no sections.
    toc = tree.page_headings(app.env, docname)
    if not toc or not wanted(app, docname) or not _uses_theme(app):
        return
    parent, index = _place(doctree)
    parent.insert(index, page_toc(headings=toc))


def visit_page_toc(self: HTML5Translator, node: page_toc) -> None:
    context = {"tufte_page_toc": headings(node["headings"]), **locale.template_gettext()}
    self.body.append(self.builder.templates.render(TEMPLATE, context))  # type: ignore[attr-defined]
    # The page is written once from this doctree; what reads it after the page (the
    # post's feed entry, at html-page-context) gets the body without the page's own
    # navigation. A walk iterates over a copy of the children, so this is safe here.
    node.parent.remove(node)
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    # Other formats never get the node (see on_doctree_resolved); skipped if they did.
    app.add_node(page_toc, html=(visit_page_toc, None), latex=(_skip, None), text=(_skip, None), man=(_skip, None), texinfo=(_skip, None))
    # Late: after the extension's own resolutions (post lists, notes) have run.
    app.connect("doctree-resolved", on_doctree_resolved, priority=800)
