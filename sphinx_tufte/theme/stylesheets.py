"""Which of the theme's stylesheets a page links.

Under the tufte theme a page links at most three: ``tufte.css`` (the page's rules, then
the directives' rules: :mod:`sphinx_tufte.assets` writes them as one file), then
``pygments.css`` when it highlights code, and ``tufte-docs.css`` when it holds
documentation content (tables, admonitions, signatures, field lists, ...), or else
``tufte-nav.css`` when it has the documentation navigation (``tufte-docs.css`` holds the
navigation's rules too). A post of words and math loads none of the last three: they
were a third of its stylesheets' bytes, unused there; under a documentation site's
navigation it loads the navigation's 2 KiB, not the content's 10.

Both are decided here from the page's doctree, in one walk that stops as soon as both
are needed, and from its navigation. A page written without a doctree (search, the
general index, viewcode's modules, the posts' archive and tag pages) links
``pygments.css`` and ``tufte-docs.css``: what it shows is not known here. A page is
written again whenever its document changes, so an incremental build links a
stylesheet once the content that needs it appears.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PYGMENTS = "_static/pygments.css"
DOCS = "_static/tufte-docs.css"
NAV = "_static/tufte-nav.css"

# What tufte-docs.css styles, as the doctree holds it when the page is written. Raw
# HTML may hold any of it. A footnote still in the doctree stays in the text (sidenotes
# off), as does a citation.
_DOCS_NODES: tuple[type[nodes.Node], ...] = (
    nodes.table,
    nodes.Admonition,
    nodes.topic,
    nodes.sidebar,
    nodes.field_list,
    nodes.option_list,
    nodes.line_block,
    nodes.classifier,
    nodes.rubric,
    nodes.abbreviation,
    nodes.problematic,
    nodes.footnote,
    nodes.citation,
    addnodes.desc,
    addnodes.hlist,
    addnodes.versionmodified,
    addnodes.glossary,
)


def highlighted(node: nodes.Node) -> bool:
    """Whether ``node`` needs ``pygments.css``: Sphinx highlights literal and doctest
    blocks, and inline code given a language (the ``code`` role); raw HTML may hold
    markup highlighted elsewhere (a notebook's)."""
    if isinstance(node, (nodes.literal_block, nodes.doctest_block, nodes.raw)):
        return True
    return isinstance(node, nodes.literal) and "code" in node["classes"]


def documentation(node: nodes.Node) -> bool:
    """Whether ``node`` needs ``tufte-docs.css``."""
    if isinstance(node, nodes.raw):
        return "html" in node.get("format", "").split()
    if isinstance(node, _DOCS_NODES):
        return True
    if isinstance(node, nodes.enumerated_list):
        # Arabic numbers are the browser's default; letters and numerals need a rule.
        return node.get("enumtype", "arabic") != "arabic"
    # A toctree shown on the page (a hidden one leaves its wrapper empty).
    return isinstance(node, nodes.compound) and "toctree-wrapper" in node["classes"] and bool(node.children)


# Node types whose answer lies in the node's attributes, not in its type alone.
_BY_ATTRIBUTES = (nodes.raw, nodes.literal, nodes.enumerated_list, nodes.compound)
# type -> (pygments.css, tufte-docs.css) for every other type met so far: the walk over
# every node of every page asks two questions of a few dozen types, so each type is
# answered once (the 300-page benchmark's walks took 26 ms, now 9 ms).
_BY_TYPE: dict[type, tuple[bool, bool]] = {}


def _answer(node: nodes.Node) -> tuple[bool, bool]:
    kind = type(node)
    known = _BY_TYPE.get(kind)
    if known is not None:
        return known
    answer = highlighted(node), documentation(node)
    if not issubclass(kind, _BY_ATTRIBUTES):
        _BY_TYPE[kind] = answer
    return answer


def needed(doctree: nodes.Node | None) -> tuple[bool, bool]:
    """``(pygments.css, tufte-docs.css)``: whether the page's content needs each."""
    if doctree is None:
        return True, True
    code = docs = False
    for node in doctree.findall():
        node_code, node_docs = _answer(node)
        code = code or node_code
        docs = docs or node_docs
        if code and docs:
            break
    return code, docs


def choose(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Leave out of the page's ``css_files`` what it does not need (html-page-context,
    after the navigation's handler has named the page's navigation)."""
    files = context.get("css_files")
    if not isinstance(files, list):
        return
    code, docs = needed(doctree)
    nav = not docs and context.get("tufte_navigation") == "docs"
    unused = {name for name, keep in ((PYGMENTS, code), (DOCS, docs), (NAV, nav)) if not keep}
    # A new list: Sphinx's own is the builder's, restored after each page.
    context["css_files"] = [css for css in files if getattr(css, "filename", css) not in unused]
